"""Opportunities: a council's grant rounds and contracts, from draft to published to closed.

A council's officers draft one (what it is and why, its lots, value and term, areas, outcomes,
eligibility, timetable and the criteria bids are scored against), see the fair-access check
(`fair_access`), and publish it: it is then public, and the members of the organisations the matching
engine finds are told by email. Publishing over the check's warnings needs a reason, kept with the
check. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction, Council
from commoncause.accounts.services import audit_record
from commoncause.funding.access import may_keep_opportunity
from commoncause.funding.fair_access import fair_access_check, fair_access_json
from commoncause.funding.models import (
    EXPECTED_MONTHS,
    Lot,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Route,
)
from commoncause.funding.opportunity_matching import matches_with_income, opportunity_matches
from commoncause.matching.selectors import members_of, officer_councils
from commoncause.members.notifications import decision_notify
from commoncause.register.classification import reference_codes

EMAIL = "funding/email/opportunity.txt"
NOTIFIED = 20  # organisations told of a newly published opportunity, best matches first
FIELDS = (
    "kind", "route", "route_reason", "title", "summary", "specification", "outcomes", "eligibility",
    "areas", "who", "services", "value", "duration_months", "short_term_reason", "opens", "closes",
    "decision_by", "starts", "criteria", "replaces_programme",
)  # fmt: skip


@dataclass(frozen=True)
class LotValues:
    title: str
    value: Decimal
    description: str = ""
    areas: tuple[str, ...] = ()
    services: tuple[str, ...] = ()


@cache
def service_labels() -> dict[str, str]:
    """UK-CAT tags by code: the services an opportunity can ask bidders to cover."""
    return {
        code: label
        for scheme, code, _, label in reference_codes(Path(settings.DATA_DIR))
        if scheme == "ukcat"
    }


def _facts(opportunity: Opportunity) -> dict[str, Any]:
    facts = {name: getattr(opportunity, name) for name in FIELDS}
    facts["value"] = str(opportunity.value)
    for name in ("opens", "closes", "decision_by", "starts"):
        facts[name] = facts[name].isoformat() if facts[name] else None
    facts["status"] = opportunity.status
    facts["lots"] = [
        {"number": lot.number, "title": lot.title, "value": str(lot.value), "areas": lot.areas}
        for lot in opportunity.lots.all()
    ]
    return facts


def _keeper(user: User, opportunity: Opportunity) -> None:
    if not may_keep_opportunity(user, opportunity):
        raise DecisionError("Only the council's officers keep its opportunities.", not_allowed=True)


def _require(values: dict[str, Any], name: str, message: str) -> None:
    if not str(values.get(name) or "").strip():
        raise DecisionError(message, field=name)


def criteria_check(criteria: Sequence[dict[str, Any]]) -> None:
    """Each criterion named once with a whole-number weight above 0, the weights adding up to 100."""
    names = set()
    for criterion in criteria:
        name = str(criterion.get("name", "")).strip()
        weight = criterion.get("weight")
        if not name:
            raise DecisionError("Name every criterion.", field="criteria")
        if name.casefold() in names:
            raise DecisionError(f"“{name}” is named twice: name each criterion once.", field="criteria")
        names.add(name.casefold())
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
            raise DecisionError(f"Give “{name}” a whole-number weight above 0.", field="criteria")
    total = sum(int(criterion["weight"]) for criterion in criteria)
    if criteria and total != 100:
        raise DecisionError(
            f"The criteria's weights add up to {total}: they must add up to 100.", field="criteria"
        )


DATE_LABELS = {"opens": "opening", "closes": "closing", "decision_by": "decision", "starts": "start"}


def _dates_in_order(clean: dict[str, Any]) -> None:
    """Opening, closing, decision and start, each on or after the one before (those given)."""
    given: list[tuple[str, dt.date]] = [(name, clean[name]) for name in DATE_LABELS if clean[name]]
    for (before_name, before), (after_name, after) in zip(given, given[1:], strict=False):
        if after < before:
            raise DecisionError(
                f"The {DATE_LABELS[after_name]} date comes before the {DATE_LABELS[before_name]} date.",
                field=after_name,
            )


def _lots_check(value: Decimal, lots: Sequence[LotValues]) -> None:
    total = sum((lot.value for lot in lots), Decimal(0))
    if lots and total != value:
        raise DecisionError(
            f"The lots add up to £{total:,.2f}; the whole value is £{value:,.2f}: they must be the same.",
            field="lots",
        )
    for lot in lots:
        if lot.value <= 0:
            raise DecisionError(f"Give “{lot.title}” a value above £0.", field="lots")


def _clean(values: dict[str, Any], lots: Sequence[LotValues]) -> dict[str, Any]:
    """The values checked as a whole: what it is and why, a value, a term explained when short, dates
    in order, criteria weighted to 100, lots within the value."""
    clean = {name: values.get(name) for name in FIELDS}
    if clean["kind"] not in OpportunityKind.values:
        raise DecisionError("Say whether it is a grant round or a contract.", field="kind")
    if clean["route"] not in Route.values:
        raise DecisionError("Say whether it comes of strategic commissioning or procurement.", field="route")
    _require(clean, "route_reason", "Say why it is a grant or a contract.")
    _require(clean, "title", "Give it a title.")
    _require(clean, "summary", "Give a short summary.")
    _require(clean, "specification", "Describe what is sought.")
    value = clean["value"]
    if not isinstance(value, Decimal) or value <= 0:
        raise DecisionError("Give its whole value in pounds, above £0.", field="value")
    months = clean["duration_months"]
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 240:
        raise DecisionError("Give its term in months, from 1 to 240.", field="duration_months")
    if months < EXPECTED_MONTHS and not str(clean["short_term_reason"] or "").strip():
        raise DecisionError(
            "Three years or more is the expectation: say why the term is shorter.", field="short_term_reason"
        )
    _dates_in_order(clean)
    criteria_check(clean["criteria"] or [])
    unknown = [code for code in clean["services"] or [] if code not in service_labels()]
    if unknown:
        raise DecisionError(f"Not a UK-CAT tag: {', '.join(unknown)}.", field="services")
    _lots_check(value, lots)
    for name in ("route_reason", "title", "summary", "specification", "outcomes", "eligibility"):
        clean[name] = str(clean[name] or "").strip()
    clean["short_term_reason"] = str(clean["short_term_reason"] or "").strip()
    clean["replaces_programme"] = str(clean["replaces_programme"] or "").strip()
    for name in ("areas", "who", "services", "criteria"):
        clean[name] = list(clean[name] or [])
    return clean


def _lots_write(opportunity: Opportunity, lots: Sequence[LotValues]) -> None:
    opportunity.lots.all().delete()
    Lot.objects.bulk_create(
        Lot(
            opportunity=opportunity,
            number=number,
            title=lot.title,
            value=lot.value,
            description=lot.description,
            areas=list(lot.areas),
            services=list(lot.services),
        )  # fmt: skip
        for number, lot in enumerate(lots, start=1)
    )


def councils_for(user: User) -> list[Council]:
    """The councils a person may post opportunities for."""
    return list(officer_councils(user))


@transaction.atomic
def opportunity_create(
    *, user: User, council: Council, values: dict[str, Any], lots: Sequence[LotValues] = ()
) -> Opportunity:
    """A draft opportunity of the council, by one of its officers."""
    if not officer_councils(user).filter(pk=council.pk).exists():
        raise DecisionError("Only the council's officers post its opportunities.", not_allowed=True)
    opportunity = Opportunity.objects.create(council=council, created_by=user, **_clean(values, lots))
    _lots_write(opportunity, lots)
    audit_record(actor=user, action=AuditAction.CREATE, target=opportunity, after=_facts(opportunity))
    return opportunity


@transaction.atomic
def opportunity_change(
    *, user: User, opportunity: Opportunity, values: dict[str, Any], lots: Sequence[LotValues] = ()
) -> Opportunity:
    """Change a draft (a published opportunity is fixed: bidders rely on what it said)."""
    _keeper(user, opportunity)
    if opportunity.status != OpportunityStatus.DRAFT:
        raise DecisionError("A published opportunity cannot be changed: bidders rely on what it says.")
    before = _facts(opportunity)
    for name, value in _clean(values, lots).items():
        setattr(opportunity, name, value)
    opportunity.save()
    _lots_write(opportunity, lots)
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=opportunity, before=before, after=_facts(opportunity)
    )
    return opportunity


@dataclass(frozen=True)
class Published:
    opportunity: Opportunity
    told: int  # members emailed
    organisations: int  # organisations told


@transaction.atomic
def opportunity_publish(
    *, user: User, opportunity: Opportunity, over_warnings: str = "", today: dt.date | None = None
) -> Published:
    """Publish a draft after its fair-access check; over any warning only with a reason. The members
    of the best-matched organisations are emailed."""
    _keeper(user, opportunity)
    today = today or timezone.localdate()
    if opportunity.status != OpportunityStatus.DRAFT:
        raise DecisionError("Only a draft can be published.")
    if not opportunity.criteria:
        raise DecisionError("Publish the criteria bids will be scored against first.", field="criteria")
    if opportunity.closes is None or opportunity.closes <= today:
        raise DecisionError("Give a closing date after today before publishing.", field="closes")
    check = fair_access_check(opportunity, user, today=today)
    reason = over_warnings.strip()
    if check.warnings and not reason:
        raise DecisionError(
            "The fair-access check has warnings: change the opportunity, or say why it goes out as it is.",
            field="over_warnings",
        )
    before = _facts(opportunity)
    opportunity.status = OpportunityStatus.OPEN
    opportunity.published_at = timezone.now()
    opportunity.published_by = user
    opportunity.opens = opportunity.opens or today
    opportunity.fair_access = {
        **fair_access_json(check),
        "published_over_warnings": reason if check.warnings else "",
    }
    opportunity.save()
    audit_record(
        actor=user, action=AuditAction.APPROVE, target=opportunity, before=before, after=_facts(opportunity),
        note=f"published over warnings: {reason}" if check.warnings else "published",
    )  # fmt: skip
    told, organisations = _tell_matches(opportunity)
    return Published(opportunity, told, organisations)


def _tell_matches(opportunity: Opportunity) -> tuple[int, int]:
    """Email the members of the organisations best placed to deliver it."""
    found = matches_with_income(opportunity_matches(opportunity, limit=NOTIFIED))
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('funding:opportunity_detail', args=[opportunity.pk])}"
    subject = (
        f"{opportunity.council.name}: {opportunity.get_kind_display().lower()} open, “{opportunity.title}”"
    )
    told = 0
    for item in found:
        context = {"opportunity": opportunity, "organisation": item.organisation, "link": link}
        told += sum(
            decision_notify(
                person=member, subject=subject, template="funding/email/opportunity.txt", context=context
            )
            for member in members_of(item.organisation)
        )
    return told, len(found)


@transaction.atomic
def opportunity_close(*, user: User, opportunity: Opportunity) -> Opportunity:
    """Close an open opportunity to bids, for assessment."""
    _keeper(user, opportunity)
    if opportunity.status != OpportunityStatus.OPEN:
        raise DecisionError("Only an open opportunity can be closed.")
    before = _facts(opportunity)
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=opportunity, before=before, after=_facts(opportunity)
    )
    return opportunity


@transaction.atomic
def opportunity_withdraw(*, user: User, opportunity: Opportunity, reason: str) -> Opportunity:
    """Withdraw an opportunity not yet decided, saying why (bidders see the reason)."""
    _keeper(user, opportunity)
    if opportunity.status in (OpportunityStatus.AWARDED, OpportunityStatus.WITHDRAWN):
        raise DecisionError("A decided or withdrawn opportunity cannot be withdrawn.")
    if not reason.strip():
        raise DecisionError("Say why it is withdrawn: bidders are told.", field="reason")
    before = _facts(opportunity)
    opportunity.status = OpportunityStatus.WITHDRAWN
    opportunity.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=opportunity, before=before, after=_facts(opportunity),
        note=f"withdrawn: {reason.strip()}",
    )  # fmt: skip
    return opportunity
