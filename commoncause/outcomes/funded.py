"""A council's funded work as a scenario weighs it: its running awards and the grants it published, each
a year's worth, with the wards and themes it serves, the people it reaches and the volunteer hours it
brings; who else coverage knows in each ward and theme; and each organisation's latest income.

- An award: its value a year over its term; people and volunteer hours from its returns' latest year;
  wards from those returns where they give them, else its lot's or opportunity's; themes from the
  opportunity.
- A grant the council published (360Giving, its org-id as funder) not made through an award here: its
  amount a year over its planned dates (a year when it gives none), while it runs or in the twelve
  months after it was made; its wards from its beneficiary locations, else where its recipient works;
  its themes its recipient's. A grant reports no people or volunteer hours here.
Read in a few queries whatever the number of awards (`scenario_2000_seconds` in `make bench`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from commoncause.accounts.models import Council
from commoncause.funding.models import Award, Grant
from commoncause.funding.opportunity_matching import yearly_value
from commoncause.outcomes.ledger import AwardRow, council_awards, term_months
from commoncause.outcomes.scenario import Funded
from commoncause.places.coverage import Coverage
from commoncause.places.selectors import council_coverage, council_of
from commoncause.register.models import Organisation

YEAR = dt.timedelta(days=365)


def org_key(text: object) -> str:
    """An organisation's id as one form whatever the database wrote (32 hex digits)."""
    return UUID(str(text)).hex


@dataclass(frozen=True)
class FundedLine:
    """A piece of funded work as the page lists it."""

    key: str  # "award:<uuid>" or "grant:<pk>"
    kind: str  # "award" or "grant"
    title: str
    organisation: str
    organisation_key: str
    amount_a_year: Decimal
    beneficiaries: int
    volunteer_hours: Decimal
    reported: bool  # whether returns give its people and hours
    ends: dt.date | None
    is_example: bool


@dataclass
class Weighed:
    """Everything a scenario needs, for one council."""

    funded: list[Funded]
    lines: dict[str, FundedLine]
    providers: dict[tuple[str, str], frozenset[str]]
    incomes: dict[str, Decimal | None]
    organisations: dict[str, str]  # key → name
    ward_names: dict[str, str]


def _coverage(council: Council) -> list[Coverage]:
    return [council_coverage(area) for code in council.area_codes if (area := council_of(code)) is not None]


def _providers(coverages: Iterable[Coverage]) -> tuple[dict[tuple[str, str], frozenset[str]], dict[str, str]]:
    providers: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    keys: dict[str, str] = {}  # each organisation's id read once, though it stands in many cells
    for coverage in coverages:
        for row in coverage.wards:
            names[row.ward.code] = row.ward.name
            for theme, cell in row.cells.items():
                for found in (*cell.based, *cell.serving):
                    if found not in keys:
                        keys[found] = org_key(found)
                    providers[row.ward.code, theme].add(keys[found])
    return {cell: frozenset(who) for cell, who in providers.items()}, names


def _where_they_work(
    providers: Mapping[tuple[str, str], frozenset[str]],
) -> dict[str, tuple[set[str], set[str]]]:
    found: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for (ward, theme), who in providers.items():
        for key in who:
            found[key][0].add(ward)
            found[key][1].add(theme)
    return found


def _award_funded(row: AwardRow) -> tuple[Funded, FundedLine]:
    key = f"award:{row.id}"
    people, hours = row.beneficiaries_a_year(), row.volunteer_hours_a_year()
    organisation = org_key(row.organisation_id)
    funded = Funded(
        key,
        organisation,
        row.amount_a_year,
        beneficiaries=people,
        volunteer_hours=hours,
        wards=row.reached_wards(),
        themes=row.themes,
    )
    line = FundedLine(
        key=key,
        kind="award",
        title=row.title,
        organisation=row.organisation,
        organisation_key=organisation,
        amount_a_year=row.amount_a_year,
        beneficiaries=people,
        volunteer_hours=hours,
        reported=bool(row.returns),
        ends=row.ends,
        is_example=row.is_example,
    )
    return funded, line


def _planned(grant: Grant) -> tuple[dt.date | None, dt.date | None]:
    planned = grant.data.get("plannedDates") or [{}]
    first = planned[0] if isinstance(planned, list) and planned and isinstance(planned[0], dict) else {}
    found: list[dt.date | None] = []
    for name in ("startDate", "endDate"):
        try:
            found.append(dt.date.fromisoformat(str(first.get(name, ""))[:10]))
        except ValueError:
            found.append(None)
    return found[0], found[1]


def _grant_wards(grant: Grant, codes: set[str]) -> set[str]:
    locations = grant.data.get("beneficiaryLocation") or []
    return {str(place.get("geoCode", "")) for place in locations if isinstance(place, dict)} & codes


def council_grants(council: Council, today: dt.date) -> list[Grant]:
    """The council's published grants not made through an award here, running or made in the last year."""
    if not council.org_id:
        return []
    through_awards = Award.objects.filter(grant__isnull=False).values("grant_id")
    found = Grant.objects.filter(funder_org_id=council.org_id, recipient__isnull=False).exclude(
        pk__in=through_awards
    )
    chosen = []
    for grant in found.select_related("recipient"):
        start, end = _planned(grant)
        if (end is not None and end >= today) or (end is None and grant.award_date > today - YEAR):
            chosen.append(grant)
    return chosen


def _grant_funded(
    grant: Grant, codes: set[str], works: Mapping[str, tuple[set[str], set[str]]]
) -> tuple[Funded, FundedLine]:
    start, end = _planned(grant)
    months = term_months(start, end) or 12
    organisation = org_key(grant.recipient_id)
    where, themes = works.get(organisation, (set(), set()))
    key = f"grant:{grant.pk}"
    amount = yearly_value(grant.amount_awarded, months)
    funded = Funded(
        key,
        organisation,
        amount,
        beneficiaries=0,
        volunteer_hours=Decimal(0),
        wards=frozenset(_grant_wards(grant, codes) or where),
        themes=frozenset(themes),
    )
    line = FundedLine(
        key=key,
        kind="grant",
        title=grant.title,
        organisation=grant.recipient_name or str(grant.recipient),
        organisation_key=organisation,
        amount_a_year=amount,
        beneficiaries=0,
        volunteer_hours=Decimal(0),
        reported=False,
        ends=end,
        is_example=grant.is_example,
    )
    return funded, line


def council_funded(council: Council, today: dt.date) -> Weighed:
    """The council's running awards and grants, with coverage's providers and their recipients' incomes."""
    providers, ward_names = _providers(_coverage(council))
    works = _where_they_work(providers)
    funded, lines = [], {}
    for row in council_awards(council, running_on=today):
        item, line = _award_funded(row)
        funded.append(item)
        lines[item.key] = line
    for grant in council_grants(council, today):
        item, line = _grant_funded(grant, set(ward_names), works)
        funded.append(item)
        lines[item.key] = line
    keys = {item.organisation for item in funded}
    incomes: dict[str, Decimal | None] = {}
    names: dict[str, str] = {}
    for pk, name, income in Organisation.objects.filter(pk__in=[UUID(key) for key in keys]).values_list(
        "pk", "name", "latest_income"
    ):
        incomes[org_key(pk)] = None if income is None else Decimal(income)
        names[org_key(pk)] = name
    return Weighed(funded, lines, providers, incomes, names, ward_names)
