"""A monitoring plan proposed from an award's tier and risk: what to report, how often, what evidence.

Pure, apart from reading the award (its amount, dates and opportunity). The tier (`commissioning/tiers.py`)
says what is asked (`default_requirement`), how often (`default_frequency`) and what contact
(`contact`); this module reads those words into plan items:
- the frequency gives the reports a year: "end of grant" is one report at the end; "annual
  (6-monthly if multi-year)" is once a year, or every six months when the award runs over a year;
  "6-monthly (quarterly only if payment is quarterly)" is every six months, quarterly being an
  exception a person confirms; "quarterly" is every three months;
- the requirement gives the items, each with its evidence (`READINGS`, which name the phrases of the
  tier they rest on: a tier whose words differ gets one item holding its requirement as written);
- routine contact ("one conversation a year") is an item of its own, unless the tier says "none".
Risk: low and medium ask for the tier as it stands (low never adds to it); high adds one check-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from commoncause.core.compact import months_after
from commoncause.core.templatetags.govuk_format import format_money
from commoncause.funding.commissioning.tiers import Tier, TierError, tier_for
from commoncause.funding.models import Award, Risk
from commoncause.funding.monitoring_schedule import (
    ONE_DAY,
    ScheduledReturn,
    Term,
    how_often_words,
    long_date,
    returns_schedule,
)

CENTS = Decimal("0.01")
REPORTS = "with each report"  # an item reported as often as the plan's returns
RATES = {
    "end of grant": None,  # one report, at the end
    "annual": Decimal(1), "annually": Decimal(1), "yearly": Decimal(1),
    "6-monthly": Decimal(2), "six-monthly": Decimal(2), "half-yearly": Decimal(2),
    "quarterly": Decimal(4), "monthly": Decimal(12),
}  # fmt: skip
CONDITION = re.compile(r"\((?P<rate>[\w-]+) (?:only )?if (?P<condition>[^)]+)\)")
MULTI_YEAR = "multi-year"


@dataclass(frozen=True)
class PlanItem:
    """One thing a plan asks for; a `unit` makes it a measure reported as a number in each return."""

    what: str
    how_often: str
    evidence: str
    unit: str = ""

    def as_json(self) -> dict[str, str]:
        found = {"what": self.what, "how_often": self.how_often, "evidence": self.evidence}
        return {**found, "unit": self.unit} if self.unit else found

    @classmethod
    def of(cls, value: PlanItem | Mapping[str, Any]) -> PlanItem:
        if isinstance(value, PlanItem):
            return value
        words = {name: " ".join(str(value.get(name) or "").split()) for name in cls.__dataclass_fields__}
        return cls(**words)

    @property
    def key(self) -> str:
        return self.what.casefold()


@dataclass(frozen=True)
class Frequency:
    """A tier's frequency, read: reports a year (None: once, at the end), a rate for multi-year awards,
    and an exception only a person can allow, with its condition."""

    words: str
    per_year: Decimal | None
    multi_year: Decimal | None = None
    exception: Decimal | None = None
    condition: str = ""


def frequency_read(words: str) -> Frequency:
    """Read a tier's frequency, such as "annual (6-monthly if multi-year)"."""
    main = words.split("(")[0].strip().casefold()
    if main not in RATES:
        raise TierError(f"A tier's frequency must start with one of {', '.join(RATES)}, not {words!r}.")
    found = Frequency(words, RATES[main])
    match = CONDITION.search(words.casefold())
    if match is None:
        return found
    rate = RATES.get(match["rate"])
    if rate is None:
        raise TierError(f"The frequency in brackets is not one a plan can use: {words!r}.")
    if match["condition"].strip() == MULTI_YEAR:
        return Frequency(words, found.per_year, multi_year=rate)
    return Frequency(words, found.per_year, exception=rate, condition=match["condition"].strip())


@dataclass(frozen=True)
class Reading:
    """How a tier's requirement reads as plan items: `words` are the phrases of the tier it rests on."""

    words: tuple[str, ...]
    items: tuple[PlanItem, ...]


READINGS = (
    Reading(
        ("one short end-of-grant report", "no receipts except on a small random sample"),
        (
            PlanItem(
                "One short end-of-grant report: what happened, who benefited, what was learned",
                REPORTS,
                "None routinely: receipts only if the grant is picked for a small random sample",
            ),
        ),
    ),
    Reading(
        ("short report against the group's own agreed outcomes", "reuse data", "light finance statement"),
        (
            PlanItem(
                "A short report against the group's own agreed outcomes",
                REPORTS,
                "The group's own records; a report given to another funder may be reused",
            ),
            PlanItem(
                "A light finance statement: what was spent", REPORTS, "A statement of spend; no receipts"
            ),
        ),
    ),
    Reading(
        ("agreed outcome measures", "income and spending against budget", "risk register shared"),
        (
            PlanItem("Agreed outcome measures", REPORTS, "Figures from the provider's own records"),
            PlanItem(
                "Income and spending against budget", REPORTS, "A finance statement against the agreed budget"
            ),
            PlanItem("The risk register, shared", REPORTS, "The provider's own risk register"),
        ),
    ),
    Reading(
        (
            "performance measures",
            "finance reports",
            "shared risk register",
            "independent examination or audit",
        ),
        (
            PlanItem("Performance measures", REPORTS, "Figures from the provider's own records"),
            PlanItem("Finance reports", REPORTS, "Finance reports against the budget"),
            PlanItem("A shared risk register", REPORTS, "The provider's own risk register"),
            PlanItem(
                "Independent examination or audit, as the law requires",
                "once a year",
                "The examiner's or auditor's report the law already requires",
            ),
        ),
    ),
)
CHECK_IN = PlanItem(
    "A check-in on the risks named when the award was made",
    "once, halfway through the award",
    "None: a conversation, noted by the council",
)


def tier_items(tier: Tier) -> tuple[PlanItem, ...]:
    """What a tier asks for, as plan items (with `REPORTS` for "as often as the returns")."""
    requirement = tier.requirement.casefold()
    for reading in READINGS:
        if all(words in requirement for words in reading.words):
            return reading.items
    return (PlanItem(tier.requirement[:1].upper() + tier.requirement[1:], REPORTS, "As the tier says"),)


def contact_item(tier: Tier) -> PlanItem | None:
    """The tier's routine contact as an item ("one conversation a year"), or None when it asks none."""
    contact = tier.contact.strip()
    if not contact or contact.casefold().startswith("none"):
        return None
    words = contact.casefold()
    how_often = (
        "every three months" if "quarterly" in words
        else "once a year" if "annual" in words or "a year" in words
        else "as agreed"
    )  # fmt: skip
    return PlanItem(
        contact[:1].upper() + contact[1:], how_often, "None: a conversation, noted by the council"
    )


def award_term(award: Award) -> Term:
    """The award's start and end; without them, from its award date for the opportunity's term."""
    starts = award.starts or award.award_date
    if award.ends is not None and award.ends >= starts:
        source = "its start and end dates" if award.starts else "from the award date to its end date"
        return Term(starts, award.ends, source)
    months = award.opportunity.duration_months or 12
    return Term(
        starts,
        months_after(starts, months) - ONE_DAY,
        f"from the {'start' if award.starts else 'award'} date, for the opportunity's {months} months",
    )


def reports_per_year_for(frequency: Frequency, term: Term) -> Decimal:
    """The tier's reports a year for this award: a multi-year rate when it runs over a year; one report
    at the end as a share of a year (0.33 over three years)."""
    if frequency.multi_year is not None and term.multi_year:
        return frequency.multi_year
    if frequency.per_year is None:
        return (Decimal(12) / max(term.months, 12)).quantize(CENTS, rounding=ROUND_HALF_UP)
    return frequency.per_year


@dataclass(frozen=True)
class PlanValues:
    """A plan as a keeper sets it (or as proposed)."""

    risk: str
    items: tuple[PlanItem, ...]
    reports_per_year: Decimal
    changed_reason: str = ""


@dataclass(frozen=True)
class ProposedPlan:
    """The plan proposed for an award at a risk: its tier, items, reports a year and returns, and why."""

    tier: Tier
    risk: str
    term: Term
    frequency: Frequency
    items: tuple[PlanItem, ...]
    reports_per_year: Decimal
    schedule: tuple[ScheduledReturn, ...]
    reasons: tuple[str, ...] = field(default=())

    @property
    def values(self) -> PlanValues:
        return PlanValues(self.risk, self.items, self.reports_per_year)

    @property
    def items_json(self) -> list[dict[str, str]]:
        return [item.as_json() for item in self.items]


def _reasons(award: Award, tier: Tier, term: Term, risk: str, reports: str) -> tuple[str, ...]:
    added = {
        Risk.HIGH: "Risk rated high: one check-in on the risks is added to what the tier asks.",
        Risk.MEDIUM: "Risk rated medium: the tier as it stands.",
        Risk.LOW: "Risk rated low: the tier as it stands, nothing added.",
    }
    return (
        f"An award of {format_money(award.amount)} is in tier {tier.code} ({tier.band}): "
        f"{tier.requirement}; {tier.frequency}; contact: {tier.contact}.",
        f"The award runs {term.months} months, {long_date(term.starts)} to {long_date(term.ends)} "
        f"({term.source}): reports {reports}.",
        added[Risk(risk)],
    )


def monitoring_plan_propose(award: Award, risk: str) -> ProposedPlan:
    """The plan the award's tier and risk call for. Raises ValueError for a risk not low, medium or high."""
    if risk not in Risk.values:
        raise ValueError(f"risk must be one of {', '.join(Risk.values)}, not {risk!r}")
    tier = tier_for(award.amount)
    term = award_term(award)
    frequency = frequency_read(tier.frequency)
    per_year = reports_per_year_for(frequency, term)
    reports = how_often_words(per_year, term)
    items = [
        PlanItem(item.what, reports if item.how_often == REPORTS else item.how_often, item.evidence)
        for item in tier_items(tier)
    ]
    contact = contact_item(tier)
    items += [contact] if contact else []
    items += [CHECK_IN] if risk == Risk.HIGH else []
    return ProposedPlan(
        tier=tier, risk=risk, term=term, frequency=frequency, items=tuple(items),
        reports_per_year=per_year, schedule=returns_schedule(term, per_year),
        reasons=_reasons(award, tier, term, risk, reports),
    )  # fmt: skip


def plan_changed(values: PlanValues, proposal: ProposedPlan) -> bool:
    """Whether a plan differs from the proposal (its items, in order, or its reports a year)."""
    return tuple(values.items) != proposal.items or values.reports_per_year != proposal.reports_per_year


def plan_indicators(items: Iterable[PlanItem | Mapping[str, Any]]) -> list[dict[str, str]]:
    """The plan's measures (the items with a unit), as a return lists them: [{name, unit}]."""
    found = (PlanItem.of(item) for item in items)
    return [{"name": item.what, "unit": item.unit} for item in found if item.unit]
