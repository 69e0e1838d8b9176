"""What the awards have reported: a council's (or an organisation's) awards with their submitted returns,
read in a few queries whatever their number, as plain rows for the dashboards and scenarios.

An award's work is in its lot's wards, else its opportunity's (a council's code stands for all its
wards); its themes are the opportunity's "who it is for". Its yearly figures are those of the returns
due in the twelve months up to its latest submitted one: people reached, volunteer hours and, where
given, people reached by ward.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.db.models import Q, QuerySet

from commoncause.accounts.models import Council
from commoncause.core.compact import whole_months_between
from commoncause.funding.consortium_builder import wards_named
from commoncause.funding.models import Award, AwardStatus, Lot, MonitoringReturn, Opportunity, ReturnStatus
from commoncause.funding.opportunity_matching import yearly_value

YEAR = dt.timedelta(days=365)


@dataclass(frozen=True)
class ReturnRow:
    award_id: str
    period: str
    due: dt.date
    submitted_at: dt.datetime | None
    spend: Decimal | None
    beneficiaries: int | None
    volunteers: int | None
    volunteer_hours: Decimal | None
    wards: dict[str, int]
    indicators: dict[str, Decimal]  # by the indicator's name, casefolded


@dataclass
class AwardRow:
    id: str
    title: str  # the opportunity's
    organisation_id: str
    organisation: str
    amount: Decimal
    amount_a_year: Decimal
    status: str
    is_example: bool
    wards: dict[str, str]  # code → name
    themes: frozenset[str]
    ends: dt.date | None = None
    returns: list[ReturnRow] = field(default_factory=list)

    def latest_year(self) -> list[ReturnRow]:
        """The returns due in the twelve months up to the latest one."""
        if not self.returns:
            return []
        last = max(row.due for row in self.returns)
        return [row for row in self.returns if row.due > last - YEAR]

    def beneficiaries_a_year(self) -> int:
        return sum(row.beneficiaries or 0 for row in self.latest_year())

    def volunteer_hours_a_year(self) -> Decimal:
        return sum((row.volunteer_hours or Decimal(0) for row in self.latest_year()), Decimal(0))

    def reached_wards(self) -> frozenset[str]:
        """The wards its returns say it reached people in, over its latest year; else its award's wards."""
        reached = {code for row in self.latest_year() for code, count in row.wards.items() if count}
        return frozenset(reached or self.wards)


def term_months(starts: dt.date | None, ends: dt.date | None) -> int | None:
    """Whole months from the first day to the last, both included (1 April 2026 to 31 March 2029 is
    36); None when either is unknown or the end comes first."""
    if starts is None or ends is None or ends < starts:
        return None
    return max(whole_months_between(starts, ends + dt.timedelta(days=1)), 1)


def _number(text: object) -> Decimal | None:
    try:
        value = Decimal(str(text))
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


def _indicators(rows: Iterable[dict[str, str]]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for row in rows:
        value = _number(row.get("value")) if row.get("value") not in (None, "") else None
        if value is not None:
            found[str(row.get("name", "")).casefold()] = value
    return found


@dataclass(frozen=True)
class _Opportunity:
    title: str
    areas: tuple[str, ...]
    who: frozenset[str]
    months: int


def _opportunities(awards: QuerySet[Award]) -> dict[object, _Opportunity]:
    """The opportunities of these awards, each read once (not once an award)."""
    found = Opportunity.objects.filter(pk__in=awards.values("opportunity_id"))
    return {
        pk: _Opportunity(title, tuple(areas or ()), frozenset(who or ()), months)
        for pk, title, areas, who, months in found.values_list(
            "pk", "title", "areas", "who", "duration_months"
        )
    }


def awards_read(awards: QuerySet[Award]) -> list[AwardRow]:
    """Each award as a row, with its submitted returns, oldest due first: the awards, their
    opportunities, lots and returns read as plain values, a query each, whatever their number."""
    opportunities = _opportunities(awards)
    lots = dict(Lot.objects.filter(bids__award__in=awards).values_list("pk", "areas"))
    named: dict[tuple[str, ...], dict[str, str]] = {}
    rows: dict[str, AwardRow] = {}
    for award in awards.values_list(
        "pk", "opportunity_id", "organisation_id", "organisation__name", "amount", "starts", "ends", "status",
        "is_example", "bid__lot_id",
    ):  # fmt: skip
        pk, opportunity_id, organisation_id, name, amount, starts, ends, status, is_example, lot_id = award
        opportunity = opportunities[opportunity_id]
        areas = tuple(lots.get(lot_id) or ()) or opportunity.areas
        if areas not in named:
            named[areas] = wards_named(areas)
        rows[str(pk)] = AwardRow(
            id=str(pk),
            title=opportunity.title,
            organisation_id=str(organisation_id),
            organisation=name,
            amount=amount,
            amount_a_year=yearly_value(amount, term_months(starts, ends) or opportunity.months),
            status=status,
            is_example=is_example,
            wards=named[areas],
            themes=opportunity.who,
            ends=ends,
        )
    returns = MonitoringReturn.objects.filter(award__in=awards.values("pk"), status=ReturnStatus.SUBMITTED)
    for found in returns.order_by("due", "id").values_list(
        "award_id",
        "period",
        "due",
        "submitted_at",
        "spend",
        "beneficiaries",
        "volunteers",
        "volunteer_hours",
        "ward_beneficiaries",
        "indicators",
    ):
        award_id, period, due, submitted, spend, people, volunteers, hours, wards, indicators = found
        rows[str(award_id)].returns.append(
            ReturnRow(
                award_id=str(award_id),
                period=period,
                due=due,
                submitted_at=submitted,
                spend=spend,
                beneficiaries=people,
                volunteers=volunteers,
                volunteer_hours=hours,
                wards={str(code): int(count) for code, count in (wards or {}).items()},
                indicators=_indicators(indicators or []),
            )
        )
    return list(rows.values())


def _awards() -> QuerySet[Award]:
    return Award.objects.all()


def council_awards(council: Council, *, running_on: dt.date | None = None) -> list[AwardRow]:
    """The council's awards, with their returns: those still running on a day, when one is given (not
    ended, and not past their last day)."""
    found = _awards().filter(opportunity__council=council)
    if running_on is not None:
        found = found.filter(~Q(status=AwardStatus.ENDED)).filter(
            Q(ends__isnull=True) | Q(ends__gte=running_on)
        )
    return awards_read(found.order_by("award_date", "created_at", "id"))


def organisation_awards(organisation_id: UUID | str) -> list[AwardRow]:
    """An organisation's awards from every council, with their returns."""
    found = _awards().filter(organisation_id=organisation_id)
    return awards_read(found.order_by("award_date", "created_at", "id"))


def returns_of(rows: Iterable[AwardRow]) -> list[ReturnRow]:
    return sorted(
        (found for row in rows for found in row.returns), key=lambda found: (found.due, found.award_id)
    )


def by_year(returns: Iterable[ReturnRow]) -> dict[str, list[ReturnRow]]:
    """Returns by the financial year (April to March) they were due in: "2025 to 2026"."""
    found: dict[str, list[ReturnRow]] = defaultdict(list)
    for row in returns:
        start = row.due.year if row.due.month >= 4 else row.due.year - 1
        found[f"{start} to {start + 1}"].append(row)
    return dict(sorted(found.items()))
