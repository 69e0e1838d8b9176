"""Monitoring plans and returns: writes, and the rules behind them.

- A plan is proposed from the award's tier and a risk rating (`monitoring_proposal`) and held against
  the proportionate-monitoring checks (`monitoring_checks`). The opportunity's keepers save it; any
  change from the proposal needs a reason. Saving records the checks' results and (re)makes the
  schedule of returns not yet submitted.
- The recipient's members fill each return (narrative, spend, beneficiaries, indicators), save it as a
  draft and submit it; a submitted return is final. A return may start from one the organisation
  submitted for another award (`monitoring_return_reuse`): narrative, beneficiaries and indicators are
  copied, spend is not.
- A return also gives volunteers and their hours, and people reached by ward where known; the values
  are checked in `return_reach`, with the bounds of any indicator the outcomes framework asks for.
- Returns due soon or overdue are emailed to the recipient's members (`monitoring_reminders.py`).
Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.templatetags.govuk_format import format_money
from commoncause.funding.access import may_keep_opportunity, may_write_returns
from commoncause.funding.models import Award, MonitoringPlan, MonitoringReturn, ReturnStatus, Risk
from commoncause.funding.monitoring_checks import CheckResult, monitoring_plan_check
from commoncause.funding.monitoring_proposal import (
    PlanItem,
    PlanValues,
    ProposedPlan,
    monitoring_plan_propose,
    plan_changed,
)
from commoncause.funding.monitoring_schedule import (
    MOST_PER_YEAR,
    ScheduledReturn,
    returns_schedule,
)
from commoncause.funding.monitoring_selectors import returns_to_reuse
from commoncause.funding.return_reach import (
    ReachError,
    award_wards,
    framework_indicators,
    indicator_bounds_check,
    volunteer_hours_read,
    volunteers_read,
    ward_beneficiaries_read,
)

__all__ = [
    "CheckResult", "MonitoringError", "PlanItem", "PlanValues", "ProposedPlan",
    "monitoring_plan_check", "monitoring_plan_propose", "monitoring_plan_save",
    "monitoring_return_reuse", "monitoring_return_save", "monitoring_return_submit", "today",
]  # fmt: skip

CENTS = Decimal("0.01")
MOST_ITEMS = 20
LIMITS = {"what": 300, "how_often": 200, "evidence": 500, "unit": 50, "name": 200}


def today() -> dt.date:
    return timezone.localdate()


class MonitoringError(DecisionError):
    """A plan or return that cannot be saved; `field` names the one at fault, if one is."""


def _keeper(user: User, award: Award) -> None:
    if not may_keep_opportunity(user, award.opportunity):
        raise MonitoringError(
            "Only the opportunity's council officers set the monitoring plan.", not_allowed=True
        )


def _items(items: Sequence[PlanItem | Mapping[str, Any]]) -> tuple[PlanItem, ...]:
    """The plan's items, blank rows left out; each needs what is asked and how often."""
    found = tuple(item for item in map(PlanItem.of, items) if any(item.as_json().values()))
    if not found:
        raise MonitoringError("Say what is to be reported: at least one item.", field="items")
    if len(found) > MOST_ITEMS:
        raise MonitoringError(f"A plan asks for {MOST_ITEMS} items or fewer.", field="items")
    for number, item in enumerate(found, start=1):
        if not item.what or not item.how_often:
            raise MonitoringError(f"Item {number}: say what is asked and how often.", field="items")
        for name, value in item.as_json().items():
            if len(value) > LIMITS[name]:
                raise MonitoringError(
                    f"Item {number}: {name.replace('_', ' ')} must be {LIMITS[name]} characters or fewer.",
                    field="items",
                )
    return found


def _per_year(value: Decimal | int | str) -> Decimal:
    try:
        per_year = Decimal(str(value))
    except InvalidOperation:
        per_year = Decimal("NaN")
    if not per_year.is_finite() or not CENTS <= per_year <= MOST_PER_YEAR:
        raise MonitoringError(
            "Enter the reports a year as a number from 0.01 to 12, such as 1 for once a year.",
            field="reports_per_year",
        )
    return per_year.quantize(CENTS)


def plan_values_checked(
    *, award: Award, risk: str, items: Sequence[PlanItem | Mapping[str, Any]],
    reports_per_year: Decimal | int | str, changed_reason: str,
) -> tuple[PlanValues, ProposedPlan]:  # fmt: skip
    """The plan's values, checked, with the proposal they are measured against; or the first problem."""
    if risk not in Risk.values:
        raise MonitoringError("Choose a risk rating: low, medium or high.", field="risk")
    values = PlanValues(risk, _items(items), _per_year(reports_per_year), " ".join(changed_reason.split()))
    proposal = monitoring_plan_propose(award, risk)
    if plan_changed(values, proposal) and not values.changed_reason:
        raise MonitoringError(
            "Say why the plan differs from the one proposed for its tier and risk.", field="changed_reason"
        )
    return values, proposal


def _plan_facts(plan: MonitoringPlan) -> dict[str, Any]:
    return {
        "tier": plan.tier,
        "risk": plan.risk,
        "items": plan.items,
        "reports_per_year": str(plan.reports_per_year),
        "changed_reason": plan.changed_reason,
        "checks": {check["id"]: check["status"] for check in plan.checks},
    }


def _return_facts(found: MonitoringReturn) -> dict[str, Any]:
    return {
        "period": found.period, "due": found.due.isoformat(), "status": found.status,
        "narrative": found.narrative, "spend": None if found.spend is None else str(found.spend),
        "beneficiaries": found.beneficiaries, "indicators": found.indicators,
        "volunteers": found.volunteers,
        "volunteer_hours": None if found.volunteer_hours is None else str(found.volunteer_hours),
        "ward_beneficiaries": found.ward_beneficiaries, "reused_from": found.reused_from_id,
    }  # fmt: skip


def _label(found: MonitoringReturn) -> str:
    return f"Return {found.period}: {found.award}"


def _schedule_remake(award: Award, schedule: Sequence[ScheduledReturn], user: User) -> list[dict[str, str]]:
    """Make the returns of the new schedule not yet submitted: a return already made for a period keeps
    its id and any draft; periods up to the last submitted return are not asked again; returns left
    without a period (drafts first) take the new ones in turn. Any left over are removed, a draft's
    words kept in the audit log."""
    returns = list(award.returns.order_by("due", "pk"))
    submitted = [found for found in returns if found.status == ReturnStatus.SUBMITTED]
    reported_to = max((found.due for found in submitted), default=None)
    open_returns = {found.period: found for found in returns if found.status != ReturnStatus.SUBMITTED}
    wanted = [entry for entry in schedule if reported_to is None or entry.due > reported_to]
    kept = [(entry, open_returns.pop(entry.period, None)) for entry in wanted]
    spare = sorted(open_returns.values(), key=lambda found: (found.status != ReturnStatus.DRAFT, found.due))
    for entry, found in kept:
        found = found or (spare.pop(0) if spare else None)
        if found is None:
            MonitoringReturn.objects.create(award=award, period=entry.period, due=entry.due, created_by=user)
        else:
            found.period, found.due = entry.period, entry.due
            found.save(update_fields=["period", "due", "updated_at"])
    for found in spare:
        audit_record(
            actor=user, action=AuditAction.DELETE, target=found, target_label=_label(found),
            before=_return_facts(found), note="No longer in the monitoring plan's schedule.",
        )  # fmt: skip
        found.delete()
    return [{"period": entry.period, "due": entry.due.isoformat()} for entry in wanted]


@transaction.atomic
def monitoring_plan_save(
    *, user: User, award: Award, risk: str, items: Sequence[PlanItem | Mapping[str, Any]],
    reports_per_year: Decimal | int | str, changed_reason: str = "", today: dt.date | None = None,
) -> MonitoringPlan:  # fmt: skip
    """Save an award's monitoring plan (the opportunity's keepers only), with the checks' results, and
    make its schedule of returns afresh for those not yet submitted."""
    _keeper(user, award)
    values, proposal = plan_values_checked(
        award=award, risk=risk, items=items, reports_per_year=reports_per_year, changed_reason=changed_reason
    )
    checks = monitoring_plan_check(values, award, today=today)
    plan = MonitoringPlan.objects.filter(award=award).first()
    before = _plan_facts(plan) if plan else {}
    plan = plan or MonitoringPlan(award=award, created_by=user)
    plan.tier, plan.risk = proposal.tier.code, values.risk
    plan.items = [item.as_json() for item in values.items]
    plan.reports_per_year = values.reports_per_year
    plan.changed_reason = values.changed_reason if plan_changed(values, proposal) else ""
    plan.checks = [check.as_json() for check in checks]
    plan.save()
    after = _plan_facts(plan)
    after["returns"] = _schedule_remake(award, returns_schedule(proposal.term, values.reports_per_year), user)
    audit_record(
        actor=user, action=AuditAction.UPDATE if before else AuditAction.CREATE, target=plan,
        target_label=f"Monitoring plan: {award}", before=before, after=after,
    )  # fmt: skip
    return plan


@dataclass(frozen=True)
class ReturnValues:
    narrative: str
    spend: Decimal | None
    beneficiaries: int | None
    indicators: list[dict[str, str]]
    volunteers: int | None = None
    volunteer_hours: Decimal | None = None
    ward_beneficiaries: dict[str, int] | None = None


def _spend(value: Decimal | int | str | None, found: MonitoringReturn) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        spend = Decimal(str(value))
    except InvalidOperation:
        spend = Decimal("NaN")
    if not spend.is_finite():
        raise MonitoringError("Enter the spend in pounds, such as 1250.50.", field="spend")
    if spend < 0:
        raise MonitoringError("Spend cannot be less than £0.", field="spend")
    if spend != spend.quantize(CENTS):
        raise MonitoringError("Enter the spend in pounds and pence, to two decimal places.", field="spend")
    award = found.award
    if spend > award.amount:
        raise MonitoringError(
            f"Spend cannot be more than the award of {format_money(award.amount, pence=True)}.", field="spend"
        )
    submitted = award.returns.filter(status=ReturnStatus.SUBMITTED).exclude(pk=found.pk)
    others = submitted.aggregate(total=Sum("spend"))["total"] or Decimal(0)
    if others + spend > award.amount:
        raise MonitoringError(
            f"The award's submitted returns report {format_money(others, pence=True)} spent, so this period "
            f"can be at most {format_money(award.amount - others, pence=True)}: the award was "
            f"{format_money(award.amount, pence=True)}.",
            field="spend",
        )
    return spend.quantize(CENTS)


def _beneficiaries(value: int | str | None) -> int | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        raise MonitoringError("Enter the people reached as a whole number.", field="beneficiaries")
    if int(text) < 0:
        raise MonitoringError("The people reached cannot be fewer than 0.", field="beneficiaries")
    return int(text)


def _number(text: str) -> str:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return ""
    return f"{value.normalize():f}" if value.is_finite() else ""


def indicators_read(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The indicators given, blank rows left out: each needs a name, and a value (if any) that is a number."""
    found = []
    for number, row in enumerate(rows, start=1):
        name, value, unit = (" ".join(str(row.get(key) or "").split()) for key in ("name", "value", "unit"))
        if not (name or value or unit):
            continue
        if not name:
            raise MonitoringError(f"Indicator {number}: give it a name.", field="indicators")
        if value and not _number(value):
            raise MonitoringError(
                f"Indicator {number} ({name}): enter its value as a number.", field="indicators"
            )
        if len(name) > LIMITS["name"] or len(unit) > LIMITS["unit"]:
            raise MonitoringError(f"Indicator {number}: the name or unit is too long.", field="indicators")
        found.append({"name": name, "value": _number(value) if value else "", "unit": unit})
    return found


def _values_read(
    found: MonitoringReturn, *, narrative: str, spend: Decimal | int | str | None,
    beneficiaries: int | str | None, indicators: Sequence[Mapping[str, Any]], volunteers: int | str | None,
    volunteer_hours: Decimal | str | None, ward_beneficiaries: Mapping[str, object],
) -> ReturnValues:  # fmt: skip
    people = _beneficiaries(beneficiaries)
    rows = indicators_read(indicators)
    try:
        indicator_bounds_check(rows, framework_indicators(found.award))
        given = volunteers_read(volunteers)
        return ReturnValues(
            narrative=narrative.strip(), spend=_spend(spend, found), beneficiaries=people, indicators=rows,
            volunteers=given, volunteer_hours=volunteer_hours_read(
                volunteer_hours, given, MonitoringPlan.objects.filter(award=found.award).first()
            ),
            ward_beneficiaries=ward_beneficiaries_read(
                ward_beneficiaries, award_wards(found.award) if ward_beneficiaries else {}, people
            ),
        )  # fmt: skip
    except ReachError as problem:
        raise MonitoringError(str(problem), field=problem.field) from None


def _writer(user: User, found: MonitoringReturn) -> None:
    if not may_write_returns(user, found.award):
        raise MonitoringError(
            "Only the recipient organisation's members fill in its returns.", not_allowed=True
        )
    if found.status == ReturnStatus.SUBMITTED:
        raise MonitoringError("This return has been submitted, so it cannot be changed.")


@transaction.atomic
def monitoring_return_save(
    *, user: User, monitoring_return: MonitoringReturn, narrative: str = "",
    spend: Decimal | int | str | None = None, beneficiaries: int | str | None = None,
    indicators: Sequence[Mapping[str, Any]] = (), submit: bool = False, volunteers: int | str | None = None,
    volunteer_hours: Decimal | str | None = None, ward_beneficiaries: Mapping[str, object] | None = None,
) -> MonitoringReturn:  # fmt: skip
    """Save a return as a draft, or submit it (the recipient's members only; a submitted return is final).
    Each value is checked (`return_reach`); the first impossible one is refused, naming its field."""
    found = MonitoringReturn.objects.select_for_update().select_related("award").get(pk=monitoring_return.pk)
    _writer(user, found)
    values = _values_read(
        found, narrative=narrative, spend=spend, beneficiaries=beneficiaries, indicators=indicators,
        volunteers=volunteers, volunteer_hours=volunteer_hours, ward_beneficiaries=ward_beneficiaries or {},
    )  # fmt: skip
    if submit and not values.narrative:
        raise MonitoringError("Say what happened before you submit the return.", field="narrative")
    before = _return_facts(found)
    found.narrative, found.spend = values.narrative, values.spend
    found.beneficiaries, found.indicators = values.beneficiaries, values.indicators
    found.volunteers, found.volunteer_hours = values.volunteers, values.volunteer_hours
    found.ward_beneficiaries = values.ward_beneficiaries or {}
    found.status = ReturnStatus.SUBMITTED if submit else ReturnStatus.DRAFT
    if submit:
        found.submitted_at, found.submitted_by = timezone.now(), user
    found.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=found, target_label=_label(found),
        before=before, after=_return_facts(found), note="Submitted." if submit else "Saved as a draft.",
    )  # fmt: skip
    return found


def monitoring_return_submit(
    *, user: User, monitoring_return: MonitoringReturn, narrative: str,
    spend: Decimal | int | str | None = None, beneficiaries: int | str | None = None,
    indicators: Sequence[Mapping[str, Any]] = (), volunteers: int | str | None = None,
    volunteer_hours: Decimal | str | None = None, ward_beneficiaries: Mapping[str, object] | None = None,
) -> MonitoringReturn:  # fmt: skip
    """Submit a return: it needs a narrative, and cannot be changed afterwards."""
    return monitoring_return_save(
        user=user, monitoring_return=monitoring_return, narrative=narrative, spend=spend,
        beneficiaries=beneficiaries, indicators=indicators, submit=True, volunteers=volunteers,
        volunteer_hours=volunteer_hours, ward_beneficiaries=ward_beneficiaries,
    )  # fmt: skip


@transaction.atomic
def monitoring_return_reuse(
    *, user: User, monitoring_return: MonitoringReturn, source: MonitoringReturn
) -> MonitoringReturn:
    """Start a return from one the organisation submitted for another award: its narrative,
    beneficiaries and indicators are copied (its spend is not, being another award's money)."""
    found = MonitoringReturn.objects.select_for_update().select_related("award").get(pk=monitoring_return.pk)
    _writer(user, found)
    if not returns_to_reuse(found).filter(pk=source.pk).exists():
        raise MonitoringError(
            "Choose a return your organisation submitted for another award.", field="source"
        )
    before = _return_facts(found)
    found.narrative, found.beneficiaries = source.narrative, source.beneficiaries
    found.indicators = [dict(row) for row in source.indicators]
    found.volunteers, found.volunteer_hours = source.volunteers, source.volunteer_hours
    found.reused_from, found.status = source, ReturnStatus.DRAFT
    found.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=found, target_label=_label(found),
        before=before, after=_return_facts(found), note=f"Started from return {source.pk} ({source.period}).",
    )  # fmt: skip
    return found
