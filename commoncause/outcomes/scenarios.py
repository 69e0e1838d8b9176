"""Saved disinvestment scenarios: writes, and working one out against the council's funding as it
stands today.

- A scenario is a council's officers' own: named, with the day the decision would be made, the share of
  an organisation's income whose loss puts it at risk of closing, and either the funding to cut (each
  with the share cut, 100% to end it) or the services to merge or share (a lead, the saving a year, a
  one-off cost, the years weighed). Saving, changing and deleting one are audited.
- `scenario_run` weighs it afresh each time against the council's running awards and grants
  (`funded.council_funded`), so a scenario saved last month shows today's returns; funding chosen that
  has since ended is listed as gone.
- The notice due for each cut: three calendar months from the decision. Funding that ends before then
  saves nothing by being ended early, so it is listed apart and counts in no figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.core.compact import NOTICE_MONTHS, months_after
from commoncause.outcomes.access import may_keep_outcomes
from commoncause.outcomes.figures import rates_of
from commoncause.outcomes.funded import FundedLine, Weighed, council_funded
from commoncause.outcomes.models import ProxyRate as ProxyRateRow
from commoncause.outcomes.models import Scenario, ScenarioKind
from commoncause.outcomes.scenario import Cut, Impact, ScenarioError, scenario, share_option
from commoncause.outcomes.value import OutcomeError, ProxyRate, rate_on, volunteer_value

HUNDRED = Decimal(100)
MOST_YEARS = 10


class ScenarioSaveError(DecisionError):
    """A scenario that cannot be saved; `field` names the value at fault."""


def _percent(
    text: object, field: str, label: str, *, above_zero: bool, below_hundred: bool = False
) -> Decimal:
    raw = str(text or "").replace("%", "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ScenarioSaveError(f"Enter {label} as a percentage, such as 25.", field=field)
    lowest_ok = value > 0 if above_zero else value >= 0
    highest_ok = value < HUNDRED if below_hundred else value <= HUNDRED
    if not (lowest_ok and highest_ok):
        low = "more than 0%" if above_zero else "at least 0%"
        high = "less than 100%" if below_hundred else "at most 100%"
        raise ScenarioSaveError(f"{label[0].upper()}{label[1:]} must be {low} and {high}.", field=field)
    if value != value.quantize(Decimal("0.1")):
        raise ScenarioSaveError(f"Enter {label} to one decimal place at most.", field=field)
    return value / HUNDRED


@dataclass(frozen=True)
class ScenarioValues:
    name: str
    kind: str
    decided_on: dt.date
    closure_share: Decimal
    cuts: list[dict[str, str]]
    lead: str = ""
    saving_share: Decimal | None = None
    one_off_cost: Decimal | None = None
    years: int = 3
    notes: str = ""


def scenario_values_read(values: Mapping[str, Any], weighed: Weighed) -> ScenarioValues:
    """The scenario's values, each checked against the council's funding; the first that fails is named."""
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        raise ScenarioSaveError("Give the scenario a name.", field="name")
    if len(name) > 200:
        raise ScenarioSaveError("The name must be 200 characters or fewer.", field="name")
    kind = str(values.get("kind") or "")
    if kind not in ScenarioKind.values:
        raise ScenarioSaveError("Choose whether to cut funding or to merge or share services.", field="kind")
    decided = values.get("decided_on")
    if not isinstance(decided, dt.date):
        raise ScenarioSaveError("Enter the day the decision would be made.", field="decided_on")
    closure = _percent(values.get("closure_share"), "closure_share", "the share of income", above_zero=True)
    chosen: dict[str, str] = dict(values.get("cuts") or {})
    unknown = [key for key in chosen if key not in weighed.lines]
    if unknown:
        raise ScenarioSaveError("Choose from the council's running awards and grants listed.", field="cuts")
    notes = str(values.get("notes") or "").strip()
    if len(notes) > 5000:
        raise ScenarioSaveError("The notes must be 5,000 characters or fewer.", field="notes")
    if kind == ScenarioKind.CUT:
        if not chosen:
            raise ScenarioSaveError("Enter the share to cut of at least one award or grant.", field="cuts")
        cuts = []
        for key, text in chosen.items():
            line = weighed.lines[key]
            share = _percent(text, "cuts", f"the cut to {line.organisation}'s {line.title}", above_zero=True)
            cuts.append({"key": key, "share": f"{share.normalize():f}"})
        return ScenarioValues(name, kind, decided, closure, cuts, notes=notes)
    return _share_values(
        values, weighed, ScenarioValues(name, kind, decided, closure, [], notes=notes), chosen
    )


def _share_values(
    values: Mapping[str, Any], weighed: Weighed, base: ScenarioValues, chosen: Mapping[str, str]
) -> ScenarioValues:
    if len(chosen) < 2:
        raise ScenarioSaveError("Choose at least two services to merge or share.", field="cuts")
    lead = str(values.get("lead") or "")
    if lead not in {weighed.lines[key].organisation_key for key in chosen}:
        raise ScenarioSaveError("Choose the lead from the organisations whose services merge.", field="lead")
    saving = _percent(
        values.get("saving_share"), "saving_share", "the saving", above_zero=False, below_hundred=True
    )
    try:
        one_off = Decimal(str(values.get("one_off_cost") or "0").replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        one_off = Decimal("NaN")
    if not one_off.is_finite() or one_off < 0 or one_off != one_off.quantize(Decimal("0.01")):
        raise ScenarioSaveError(
            "Enter the one-off cost in pounds, at least £0, such as 25000.", field="one_off_cost"
        )
    years_text = str(values.get("years") or "").strip()
    if not years_text.isdigit() or not 1 <= int(years_text) <= MOST_YEARS:
        raise ScenarioSaveError(f"Weigh the option over 1 to {MOST_YEARS} years.", field="years")
    cuts = [{"key": key, "share": "1"} for key in chosen]
    return ScenarioValues(
        base.name,
        base.kind,
        base.decided_on,
        base.closure_share,
        cuts,
        lead=lead,
        saving_share=saving,
        one_off_cost=one_off,
        years=int(years_text),
        notes=base.notes,
    )


def _facts(found: Scenario) -> dict[str, Any]:
    return {
        "name": found.name,
        "kind": found.kind,
        "decided_on": found.decided_on.isoformat(),
        "closure_share": str(found.closure_share),
        "cuts": found.cuts,
        "lead": found.lead,
        "saving_share": None if found.saving_share is None else str(found.saving_share),
        "one_off_cost": None if found.one_off_cost is None else str(found.one_off_cost),
        "years": found.years,
        "notes": found.notes,
    }


def _keeper(user: User, council: Council) -> None:
    if not may_keep_outcomes(user, council):
        raise ScenarioSaveError("Only the council's officers keep its scenarios.", not_allowed=True)


@transaction.atomic
def scenario_save(
    *,
    user: User,
    council: Council,
    values: Mapping[str, Any],
    weighed: Weighed,
    found: Scenario | None = None,
    is_example: bool = False,
) -> Scenario:
    """Save a new scenario, or change one (its council's officers only)."""
    _keeper(user, council)
    if found is not None and found.council_id != council.pk:
        raise ScenarioSaveError("That scenario is another council's.", not_allowed=True)
    read = scenario_values_read(values, weighed)
    before = _facts(found) if found is not None else None
    if found is None:
        found = Scenario(council=council, created_by=user, is_example=is_example)
    for name, value in read.__dict__.items():
        setattr(found, name, value)
    found.save()
    audit_record(
        actor=user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        target=found,
        target_label=f"Scenario: {found.name}",
        before=before,
        after=_facts(found),
    )
    return found


@transaction.atomic
def scenario_delete(*, user: User, found: Scenario) -> None:
    _keeper(user, found.council)
    audit_record(
        actor=user,
        action=AuditAction.DELETE,
        target=found,
        target_label=f"Scenario: {found.name}",
        before=_facts(found),
    )
    found.delete()


@dataclass(frozen=True)
class CutLine:
    line: FundedLine
    share: Decimal
    saved_a_year: Decimal
    notice: str  # the notice due, in words


@dataclass
class ScenarioResult:
    found: Scenario
    impact: Impact
    cuts: list[CutLine] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # funding chosen that is no longer running
    ending_anyway: list[CutLine] = field(default_factory=list)  # ends before notice could run out
    hours_value: Decimal = Decimal(0)  # the volunteer hours lost (or kept) at the proxy rate
    rate: ProxyRate | None = None
    organisations: dict[str, str] = field(default_factory=dict)
    ward_names: dict[str, str] = field(default_factory=dict)
    lead_name: str = ""
    problem: str = ""  # why it cannot be weighed today, when it cannot


def _notice(line: FundedLine, share: Decimal, effect: dt.date, kind: str) -> str:
    change = (
        "ended"
        if share == 1 and kind == ScenarioKind.CUT
        else "reduced"
        if kind == ScenarioKind.CUT
        else "changed"
    )
    if line.ends is not None and line.ends <= effect:
        return (
            f"It ends on {line.ends:%-d %B %Y}, before {NOTICE_MONTHS} months' notice would run out: "
            "ending it early saves nothing."
        )
    return (
        f"{NOTICE_MONTHS} months' written notice; it can be {change} from {effect:%-d %B %Y} at the earliest."
    )


def scenario_run(found: Scenario, *, today: dt.date, weighed: Weighed | None = None) -> ScenarioResult:
    """What the scenario would lose (or keep), against the council's funding today."""
    weighed = weighed or council_funded(found.council, today)
    result = ScenarioResult(
        found, Impact(), organisations=weighed.organisations, ward_names=weighed.ward_names
    )
    result.gone = [row["key"] for row in found.cuts if row["key"] not in weighed.lines]
    effect = months_after(found.decided_on, NOTICE_MONTHS)
    cuts = []
    for row in found.cuts:
        line = weighed.lines.get(row["key"])
        if line is None:
            continue
        if found.kind == ScenarioKind.CUT and line.ends is not None and line.ends <= effect:
            # it ends before notice could run out: cutting it saves and loses nothing it would not anyway
            share = Decimal(row["share"])
            result.ending_anyway.append(
                CutLine(line, share, Decimal(0), _notice(line, share, effect, found.kind))
            )
            continue
        cuts.append(Cut(row["key"], Decimal(row["share"])))
    try:
        if found.kind == ScenarioKind.SHARE:
            result.impact = share_option(
                weighed.funded,
                [cut.key for cut in cuts],
                weighed.incomes,
                saving_share=found.saving_share or Decimal(0),
                one_off_cost=found.one_off_cost or Decimal(0),
                years=found.years,
                closure_share=found.closure_share,
                decided_on=found.decided_on,
            )
        else:
            result.impact = scenario(
                weighed.funded,
                cuts,
                weighed.providers,
                weighed.incomes,
                closure_share=found.closure_share,
                decided_on=found.decided_on,
            )
    except ScenarioError as problem:
        result.problem = str(problem)
        return result
    for cut in cuts:
        line = weighed.lines[cut.key]
        share = (found.saving_share or Decimal(0)) if found.kind == ScenarioKind.SHARE else cut.share
        result.cuts.append(
            CutLine(line, cut.share, line.amount_a_year * share, _notice(line, cut.share, effect, found.kind))
        )
    rates = rates_of(
        [
            ProxyRate(rate.name, rate.per_hour, rate.source, rate.valid_from)
            for rate in ProxyRateRow.objects.filter(council=found.council)
        ]
    )
    hours = result.impact.volunteer_hours_lost
    if found.kind == ScenarioKind.SHARE:
        hours = sum((line.line.volunteer_hours for line in result.cuts), Decimal(0))
    try:
        result.rate = rate_on(effect, rates)
        result.hours_value = volunteer_value(hours, result.rate).value
    except OutcomeError:
        result.rate = None
    result.lead_name = weighed.organisations.get(found.lead, "")
    return result


def scenarios_of(council: Council) -> Sequence[Scenario]:
    return list(Scenario.objects.filter(council=council).order_by("-updated_at", "id"))
