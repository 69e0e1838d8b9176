"""An opportunity (or one of its lots) as the matching engine reads it, and the organisations it finds:
the same engine, reasons and rules as a need's matches (commoncause.matching)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from commoncause.funding.models import Lot, Opportunity
from commoncause.matching import matcher
from commoncause.matching.engine.rank import Match, Query
from commoncause.matching.engine.rules import Rules
from commoncause.register.models import Organisation

MONTHS_A_YEAR = Decimal(12)


def opportunity_text(opportunity: Opportunity, lot: Lot | None = None) -> str:
    """What the opportunity seeks, in its own words (and the lot's, for a lot)."""
    parts = [opportunity.title, opportunity.summary, opportunity.specification, opportunity.outcomes]
    if lot is not None:
        parts = [lot.title, lot.description, *parts]
    return "\n".join(part for part in parts if part)


def yearly_value(value: Decimal, months: int) -> Decimal:
    """A value over a term as a value a year (a term under a year counts as a year)."""
    return value * MONTHS_A_YEAR / Decimal(max(months, 12))


def opportunity_query(opportunity: Opportunity, lot: Lot | None = None) -> Query:
    """The engine's query: the opportunity's words, its areas (the lot's, for a lot) as a rule too, who
    it is for, and its value a year as the budget an organisation's size is weighed against."""
    areas = list((lot.areas if lot is not None and lot.areas else None) or opportunity.areas)
    fits, names = matcher.area_fits(areas)
    value = lot.value if lot is not None else opportunity.value
    return Query(
        text=opportunity_text(opportunity, lot),
        areas=fits,
        area_names=names,
        who=tuple(opportunity.who),
        who_labels=matcher.who_labels(),
        budget=float(yearly_value(value, opportunity.duration_months)),
        rules=Rules(
            areas=tuple(areas),
            area_names=tuple(names.get(code, code) for code in areas),
            unknown_income_allowed=True,  # small groups with no published accounts can deliver
        ),
    )


def opportunity_matches(opportunity: Opportunity, *, lot: Lot | None = None, limit: int = 10) -> list[Match]:
    """The organisations best placed to deliver the opportunity (or lot), best first, with reasons."""
    return matcher.matches(opportunity_query(opportunity, lot), limit=limit)


@dataclass(frozen=True)
class Found:
    """A match with the organisation's latest yearly income (None when it publishes no accounts)."""

    match: Match
    organisation: Organisation
    income: int | None


def matches_with_income(matches: list[Match]) -> list[Found]:
    """The matches with their organisations and latest incomes, in the same order (those no longer in
    the register left out)."""
    by_key: dict[Any, Organisation] = {
        organisation.pk: organisation
        for organisation in Organisation.objects.filter(pk__in=[match.key for match in matches])
    }
    return [
        Found(match, by_key[match.key], by_key[match.key].latest_income)
        for match in matches
        if match.key in by_key
    ]
