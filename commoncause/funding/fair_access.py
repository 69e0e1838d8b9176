"""The fair-access check an opportunity meets before it is published.

- **Lot size against who could deliver.** For each lot (or the whole opportunity when it has none) the
  matching engine finds the local organisations able to deliver it; each lot's value a year is held
  against their yearly incomes. An organisation can hold a lot safely when it is at most `SAFE_SHARE`
  of its income (the consortium builder's default too). Small groups (under £100,000 a year: NCVO's
  micro and small bands) are shut out of a lot none of them could hold alone; when they could hold it
  only together, they can take part only in a consortium. Either way a lotting is suggested: the fewest
  lots of equal value that the largest small group matched could hold alone.
- **Plain English**: the specification and the rest of what goes out, through the checker.
- **A grant route left**: a contract that replaces a grant programme is flagged when the council has no
  grant round open or planned, as the Compact asks that grants are not lost behind contracts.
- **Term**: three years or more is the expectation; a shorter term shows its reason.

Warnings do not stop publishing; publishing with any needs a reason, kept with the check.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from commoncause.funding.models import (
    EXPECTED_MONTHS,
    Lot,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
)
from commoncause.funding.opportunity_matching import matches_with_income, opportunity_matches, yearly_value
from commoncause.matching.matcher import area_fits
from commoncause.places.models import Area, AreaType
from commoncause.plainenglish.glossaries import glossary_for
from commoncause.plainenglish.review import review_context
from commoncause.register.income_bands import income_band_for, income_bands

SAFE_SHARE = Decimal("0.5")  # the most of its yearly income one lot should be to an organisation
SMALL_BANDS = ("micro", "small")  # small groups: under £100,000 a year
CANDIDATES = 40  # matches weighed for each lot
MAX_LOTS = 12  # the most lots a suggestion splits into
PENNY = Decimal("0.01")
LEFT_OUT = ("consortium", "shut_out")  # the verdicts that warn, and suggest a lotting


@dataclass(frozen=True)
class BandCount:
    band: str
    label: str
    matched: int  # organisations of this band among the matches
    able: int  # of those, how many could hold the lot alone


@dataclass(frozen=True)
class Suggestion:
    lots: int
    value_each: Decimal  # for the whole term
    yearly_each: Decimal
    small_able: int  # small groups matched that could hold one such lot alone
    groups: tuple[tuple[str, ...], ...] = ()  # ward names, one group per suggested lot (when wards allow)


@dataclass(frozen=True)
class LotCheck:
    label: str
    value: Decimal
    yearly: Decimal
    matched: int
    unknown_income: int  # matches publishing no accounts: their capacity cannot be told
    bands: tuple[BandCount, ...]
    able_alone: int
    small_able: int
    verdict: str  # "open", "consortium", "shut_out" or "no_small_groups"
    message: str
    suggestion: Suggestion | None = None


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass
class FairAccess:
    lots: list[LotCheck] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    review: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.warnings


def _pounds(value: Decimal) -> str:
    return f"£{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def _able(income: int | None, yearly: Decimal) -> bool:
    return income is not None and SAFE_SHARE * Decimal(income) >= yearly


def suggest_lots(
    value: Decimal, months: int, small_incomes: Sequence[int], ward_names: Sequence[str] = ()
) -> Suggestion | None:
    """The fewest lots of equal value the largest small group could hold alone, or None when no small
    group's income is known or it would take more than `MAX_LOTS` lots."""
    if not small_incomes or max(small_incomes) <= 0:
        return None
    yearly = yearly_value(value, months)
    capacity = SAFE_SHARE * Decimal(max(small_incomes))
    count = max(2, math.ceil(yearly / capacity))
    if count > MAX_LOTS:
        return None
    each = (value / count).quantize(PENNY, rounding=ROUND_HALF_UP)
    yearly_each = (yearly / count).quantize(PENNY, rounding=ROUND_HALF_UP)
    able = sum(1 for income in small_incomes if _able(income, yearly_each))
    groups: tuple[tuple[str, ...], ...] = ()
    if len(ward_names) >= count:  # wards split as evenly as they go, in the order given
        size, extra = divmod(len(ward_names), count)
        starts = [index * size + min(index, extra) for index in range(count + 1)]
        groups = tuple(tuple(ward_names[starts[i] : starts[i + 1]]) for i in range(count))
    return Suggestion(count, each, yearly_each, able, groups)


def lot_check(
    label: str,
    value: Decimal,
    months: int,
    incomes: Sequence[int | None],
    ward_names: Sequence[str] = (),
) -> LotCheck:
    """One lot held against the yearly incomes of the organisations matched to deliver it."""
    yearly = yearly_value(value, months)
    bands = []
    for band in income_bands():
        inside = [income for income in incomes if income is not None and income_band_for(income) == band.code]
        bands.append(BandCount(band.code, band.label, len(inside), sum(_able(i, yearly) for i in inside)))
    small = [i for i in incomes if i is not None and income_band_for(i) in SMALL_BANDS]
    small_able = sum(_able(income, yearly) for income in small)
    able_alone = sum(_able(income, yearly) for income in incomes)
    together = SAFE_SHARE * Decimal(sum(small))
    smallest_able = _pounds(yearly / SAFE_SHARE)
    if not small:
        verdict = "no_small_groups"
        message = (
            f"None of the {len(incomes)} organisations matched is a small group publishing its accounts, "
            "so the lot's size is not what keeps small groups out."
        )
    elif small_able:
        verdict = "open"
        message = (
            f"{small_able} of the small groups matched (under £100,000 a year) could hold it alone: "
            f"{_pounds(yearly)} a year is at most half their income."
        )
    elif small and together >= yearly:
        verdict = "consortium"
        message = (
            f"No small group matched could hold {_pounds(yearly)} a year alone (it needs a yearly income "
            f"of {smallest_able} or more); the {len(small)} matched could together, in a consortium."
        )
    else:
        verdict = "shut_out"
        message = (
            f"Small groups are shut out: holding {_pounds(yearly)} a year safely needs a yearly income of "
            f"{smallest_able} or more, and none of the {len(small)} small groups matched could, alone "
            "or together."
        )
    suggestion = suggest_lots(value, months, small, ward_names) if verdict in LEFT_OUT else None
    return LotCheck(
        label=label,
        value=value,
        yearly=yearly.quantize(PENNY, rounding=ROUND_HALF_UP),
        matched=len(incomes),
        unknown_income=sum(1 for income in incomes if income is None),
        bands=tuple(bands),
        able_alone=able_alone,
        small_able=small_able,
        verdict=verdict,
        message=message,
        suggestion=suggestion,
    )


def ward_names(codes: Sequence[str]) -> list[str]:
    """The names of the wards these codes name, or hold (a council's code holds its wards), in order."""
    fits, names = area_fits(codes)
    wards = set(
        Area.objects.filter(code__in=list(fits), area_type=AreaType.WARD).values_list("code", flat=True)
    )
    return [names.get(code, code) for code, fit in fits.items() if fit >= 1.0 and code in wards]


def _lot_of(opportunity: Opportunity, lot: Lot | None) -> LotCheck:
    found = matches_with_income(opportunity_matches(opportunity, lot=lot, limit=CANDIDATES))
    areas = lot.areas if lot is not None and lot.areas else opportunity.areas
    return lot_check(
        str(lot) if lot is not None else "The whole opportunity",
        lot.value if lot is not None else opportunity.value,
        opportunity.duration_months,
        [item.income for item in found],
        ward_names(areas),
    )


def grant_route_left(opportunity: Opportunity, today: dt.date) -> bool:
    """Whether the council has a grant round open or planned besides this opportunity."""
    rounds = Opportunity.objects.filter(
        council_id=opportunity.council_id,
        kind=OpportunityKind.GRANT,
        status__in=[OpportunityStatus.DRAFT, OpportunityStatus.OPEN],
    ).exclude(pk=opportunity.pk)
    return any(found.closes is None or found.closes >= today for found in rounds)


def opportunity_review(opportunity: Opportunity, user: object) -> dict[str, object]:
    """The words that go out, through the plain-English checker with the council's glossary."""
    fields = {
        "Summary": opportunity.summary,
        "Specification": opportunity.specification,
        "Outcomes sought": opportunity.outcomes,
        "Who can apply": opportunity.eligibility,
    }
    for lot in opportunity.lots.all():
        fields[f"Lot {lot.number}"] = lot.description
    return review_context(fields, glossary_for(user))


def fair_access_check(opportunity: Opportunity, user: object, *, today: dt.date | None = None) -> FairAccess:
    """The whole check of an opportunity, as its keepers see it before publishing."""
    today = today or dt.date.today()
    result = FairAccess()
    lots = list(opportunity.lots.all())
    result.lots = [_lot_of(opportunity, lot) for lot in lots] if lots else [_lot_of(opportunity, None)]
    for checked in result.lots:
        if checked.matched == 0:
            result.warnings.append(
                Warning("no_matches", f"{checked.label}: no local organisation in the register matched it.")
            )
        elif checked.verdict in LEFT_OUT:
            code = "shut_out" if checked.verdict == "shut_out" else "consortium_only"
            result.warnings.append(Warning(code, f"{checked.label}: {checked.message}"))
    result.review = opportunity_review(opportunity, user)
    if result.review["review_count"]:
        result.warnings.append(
            Warning(
                "plain_english",
                f"The plain-English checker found {result.review['review_count']} things to look at in "
                "what goes out.",
            )
        )
    if (
        opportunity.kind == OpportunityKind.CONTRACT
        and opportunity.replaces_programme
        and not grant_route_left(opportunity, today)
    ):
        result.warnings.append(
            Warning(
                "no_grant_route",
                f"This contract replaces the grant programme “{opportunity.replaces_programme}” and the "
                "council has no grant round open or planned: no grant route is left for groups a contract "
                "does not suit.",
            )
        )
    if opportunity.duration_months < EXPECTED_MONTHS:
        result.notes.append(
            f"The term is {opportunity.duration_months} months, under the three years expected: "
            f"{(opportunity.short_term_reason or 'no reason given').rstrip('.')}."
        )
    return result


def fair_access_json(result: FairAccess) -> dict[str, Any]:
    """The check as it is kept with a published opportunity (amounts as strings)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    return {
        "lots": [plain(asdict(lot)) for lot in result.lots],
        "warnings": [asdict(warning) for warning in result.warnings],
        "notes": list(result.notes),
        "plain_english_findings": int(result.review.get("review_count", 0) or 0),
    }
