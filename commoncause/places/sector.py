"""The state of a council's local sector, in figures: its organisations by size, legal form, theme and
age; their income and where it comes from; their staff and volunteers; registrations and removals by
year; and, for each, the imports the figures came from.

The organisations counted are those placed in the council by the postcode of their address (see
placement.py) that the register lists (not linked into another record of the same body) and that are
live: neither removed from their register nor dissolved. Registrations and removals by year count the
removed ones too. Reads only: plain functions returning plain data; words and charts are in
sector_charts.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median
from uuid import UUID

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from commoncause.accounts.models import StaffRole
from commoncause.places.models import Area, AreaType, OrganisationPlace, Postcode
from commoncause.places.selectors import area_by_code
from commoncause.places.themes import organisation_themes, themes
from commoncause.register.income_bands import income_bands
from commoncause.register.models import (
    FinancialYear,
    ImportRun,
    Organisation,
    OrganisationStatus,
    OrgIdentifier,
    SourceRecord,
)

CHUNK = 5_000  # ids per query: well under the databases' parameter limits
GONE = (OrganisationStatus.REMOVED, OrganisationStatus.DISSOLVED)
NOT_PUBLISHED = "Not published"

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "count"  # text, count, money or share (a fraction of 1)


@dataclass(frozen=True)
class Table:
    """The figures behind a chart, as rows of cells under named columns; the page shows it, the CSV
    holds it."""

    name: str  # the CSV's name: size, legal_form …
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class SourceFile:
    """One imported file that figures came from, and when."""

    what: str  # what it gave: "Register records", "Postcodes" …
    kind: str  # the importer's kind: ccew, postcodes, 360giving …
    file_name: str
    extract_date: dt.date | None
    imported_at: dt.datetime | None


@dataclass(frozen=True)
class ReportScope:
    """Whose figures a report gives: a council's organisations, and when they were drawn."""

    council_code: str
    council_name: str
    organisation_ids: tuple[UUID, ...]  # live, placed in the council
    placed_ids: tuple[UUID, ...]  # also the removed and dissolved
    drawn_at: dt.datetime

    @property
    def gone(self) -> int:
        """Organisations placed in the council that have been removed or dissolved."""
        return len(self.placed_ids) - len(self.organisation_ids)


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """How many organisations fall under each label (of `total`)."""

    total: int
    rows: tuple[Tally, ...]
    unknown: int = 0  # of the total, those the sources say nothing about


def council_by_code(code: str) -> Area | None:
    """The council (local authority) with this GSS code, or any other area with it (so the page can say
    what it is instead); None for an unknown code."""
    return area_by_code(code)


def is_council(area: Area) -> bool:
    return area.area_type == AreaType.LOCAL_AUTHORITY


def councils_of_staff(user: User) -> list[Area]:
    """The councils (local authorities) whose areas the person's staff roles cover, by name."""
    codes = {code for codes in StaffRole.objects.filter(user=user).exclude(council=None)
             .values_list("council__area_codes", flat=True) for code in codes or ()}  # fmt: skip
    found = [area for code in sorted(codes) if (area := area_by_code(code)) is not None and is_council(area)]
    return sorted(found, key=lambda area: (area.name, area.code))


def report_scope(council: Area, *, now: dt.datetime | None = None) -> ReportScope:
    """The organisations placed in the council (see the module's note)."""
    placed = OrganisationPlace.objects.filter(
        local_authority=council.code, organisation__merged_into__isnull=True
    ).values_list("organisation_id", "organisation__status", "organisation__date_removed")
    rows = sorted(placed, key=lambda row: str(row[0]))
    live = tuple(pk for pk, status, removed in rows if status not in GONE and removed is None)
    return ReportScope(
        council_code=council.code,
        council_name=council.name,
        organisation_ids=live,
        placed_ids=tuple(pk for pk, _, _ in rows),
        drawn_at=now or timezone.now(),
    )


def _organisations(ids: Sequence[UUID]) -> list[QuerySet[Organisation]]:
    return [Organisation.objects.filter(pk__in=ids[at : at + CHUNK]) for at in range(0, len(ids), CHUNK)]


def _values(ids: Sequence[UUID], *names: str) -> list[tuple[object, ...]]:
    return [row for found in _organisations(ids) for row in found.values_list(*names)]


def _breakdown(labels: Iterable[str | None], *, total: int, order: Sequence[str] = ()) -> Breakdown:
    counts = Counter(label for label in labels if label)
    named = [label for label in order if counts[label]]
    named += sorted((label for label in counts if label not in order), key=lambda x: (-counts[x], x))
    return Breakdown(
        total=total,
        rows=tuple(Tally(label, counts[label]) for label in named),
        unknown=total - sum(counts.values()),
    )


def size_bands(scope: ReportScope) -> Breakdown:
    """Live organisations by the NCVO band of their latest income, smallest first."""
    labels = {band.code: band.label for band in income_bands()}
    found = _values(scope.organisation_ids, "income_band")
    order = [band.label for band in income_bands()]
    return _breakdown((labels.get(str(band)) for (band,) in found), total=len(found), order=order)


# The register an organisation is on, for one whose sources give no legal form.
_REGISTERS = {
    "GB-CHC": "registered charity (England and Wales)",
    "GB-NIC": "registered charity (Northern Ireland)",
    "GB-SC": "registered charity (Scotland)",
    "GB-COH": "company",
}


def legal_forms(scope: ReportScope) -> Breakdown:
    """Live organisations by legal form as their sources give it; one with none is counted by the
    register it is on ("Not published: registered charity (England and Wales)")."""
    found = {row[0]: row[1] for row in _values(scope.organisation_ids, "pk", "legal_form")}
    unpublished = [pk for pk, form in found.items() if not form]
    schemes: dict[object, set[str]] = {}
    for at in range(0, len(unpublished), CHUNK):
        rows = OrgIdentifier.objects.filter(organisation_id__in=unpublished[at : at + CHUNK])
        for pk, scheme in rows.values_list("organisation_id", "scheme"):
            schemes.setdefault(pk, set()).add(scheme)
    labels = []
    for organisation, form in found.items():
        if form:
            labels.append(str(form))
            continue
        on = [_REGISTERS[scheme] for scheme in _REGISTERS if scheme in schemes.get(organisation, ())]
        labels.append(f"{NOT_PUBLISHED}: {on[0]}" if on else NOT_PUBLISHED)
    return _breakdown(labels, total=len(found))


@dataclass(frozen=True)
class ThemeTally:
    code: str
    label: str
    kind: str  # who or what
    count: int


@dataclass(frozen=True)
class Themes:
    total: int
    rows: tuple[ThemeTally, ...]  # every theme with an organisation, in the themes' own order
    without: int  # organisations with no theme


def theme_counts(scope: ReportScope) -> Themes:
    """Live organisations by theme (who they help, what they work on); one can have several."""
    found = organisation_themes(scope.organisation_ids)
    counts = Counter(code for codes in found.values() for code in codes)
    rows = tuple(ThemeTally(t.code, t.label, t.kind, counts[t.code]) for t in themes() if counts[t.code])
    return Themes(
        total=len(scope.organisation_ids), rows=rows, without=len(scope.organisation_ids) - len(found)
    )


AGE_BANDS = ((0, "Under 2 years"), (2, "2 to 4 years"), (5, "5 to 9 years"), (10, "10 to 24 years"),
             (25, "25 years or more"))  # fmt: skip


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def ages(scope: ReportScope) -> Breakdown:
    """Live organisations by the years since they were registered, on the day the figures were drawn."""
    today = timezone.localdate(scope.drawn_at)
    found = _values(scope.organisation_ids, "date_registered")
    labels = []
    for (registered,) in found:
        if isinstance(registered, dt.date):
            years = _years_between(registered, today)
            labels.append(next(label for least, label in reversed(AGE_BANDS) if years >= least))
    return _breakdown(labels, total=len(found), order=[label for _, label in AGE_BANDS])


@dataclass(frozen=True)
class BandIncome:
    label: str
    organisations: int
    income: int


@dataclass(frozen=True)
class Income:
    total: int  # live organisations
    published: int  # of them, those whose latest income is published
    income: int  # their latest incomes added up, in pounds
    median: float | None
    bands: tuple[BandIncome, ...]
    years_ending: tuple[dt.date, dt.date] | None  # the earliest and latest financial year-ends added


def income(scope: ReportScope) -> Income:
    """The latest published income of the live organisations, added up and by size band."""
    found = _values(scope.organisation_ids, "latest_income", "income_band", "latest_financial_year_end")
    known = [(int(str(amount)), band, end) for amount, band, end in found if amount is not None]
    bands = []
    for band in income_bands():
        inside = [amount for amount, code, _ in known if code == band.code]
        if inside:
            bands.append(BandIncome(band.label, len(inside), sum(inside)))
    ends = sorted(end for _, _, end in known if isinstance(end, dt.date))
    return Income(
        total=len(found),
        published=len(known),
        income=sum(amount for amount, _, _ in known),
        median=median(amount for amount, _, _ in known) if known else None,
        bands=tuple(bands),
        years_ending=(ends[0], ends[-1]) if ends else None,
    )


# The income categories of the charities SORP, as CCEW, CCNI and OSCR break a year's income down.
INCOME_SOURCES = (
    ("income_donations_and_legacies", "Donations and legacies"),
    ("income_charitable_activities", "Charitable activities"),
    ("income_other_trading_activities", "Other trading activities"),
    ("income_investments", "Investments"),
    ("income_other", "Other"),
)
# CCEW's larger charities also say how much came from government (within the categories above).
GOVERNMENT_SOURCES = (
    ("income_from_government_contracts", "Government contracts (within the above)"),
    ("income_from_government_grants", "Government grants (within the above)"),
)


@dataclass(frozen=True)
class SourceIncome:
    label: str
    organisations: int
    income: int


@dataclass(frozen=True)
class IncomeSources:
    total: int  # live organisations
    published: int  # of them, those whose latest breakdown of income is published
    rows: tuple[SourceIncome, ...]  # the SORP categories, then the government within them


def income_sources(scope: ReportScope) -> IncomeSources:
    """Where the live organisations' income came from, from the latest year each breaks down."""
    latest: dict[UUID, dict[str, object]] = {}
    ids = scope.organisation_ids
    for at in range(0, len(ids), CHUNK):
        years = FinancialYear.objects.filter(organisation_id__in=ids[at : at + CHUNK]).exclude(breakdown={})
        for pk, breakdown in years.order_by("period_end").values_list("organisation_id", "breakdown"):
            if any(key in breakdown for key, _ in INCOME_SOURCES):
                latest[pk] = breakdown
    rows = []
    for key, label in (*INCOME_SOURCES, *GOVERNMENT_SOURCES):
        amounts = [int(str(b[key])) for b in latest.values() if isinstance(b.get(key), int | float | str)]
        rows.append(SourceIncome(label, len(amounts), sum(amounts)))
    return IncomeSources(total=len(ids), published=len(latest), rows=tuple(rows))


@dataclass(frozen=True)
class BandPeople:
    label: str
    organisations: int
    staff_published: int  # organisations that publish how many staff they have
    staff: int
    volunteers_published: int
    volunteers: int


@dataclass(frozen=True)
class People:
    total: int
    bands: tuple[BandPeople, ...]  # by size band, then the organisations with no published income

    @property
    def staff_published(self) -> int:
        return sum(band.staff_published for band in self.bands)

    @property
    def staff(self) -> int:
        return sum(band.staff for band in self.bands)

    @property
    def volunteers_published(self) -> int:
        return sum(band.volunteers_published for band in self.bands)

    @property
    def volunteers(self) -> int:
        return sum(band.volunteers for band in self.bands)


def people(scope: ReportScope) -> People:
    """The live organisations' published staff and volunteers, by size band."""
    found = _values(scope.organisation_ids, "income_band", "employees", "volunteers")
    labels = [(band.code, band.label) for band in income_bands()] + [("", "Income not published")]
    bands = []
    for code, label in labels:
        inside = [(staff, volunteers) for band, staff, volunteers in found if (band or "") == code]
        if not inside:
            continue
        staff = [int(str(s)) for s, _ in inside if s is not None]
        volunteers = [int(str(v)) for _, v in inside if v is not None]
        bands.append(BandPeople(label, len(inside), len(staff), sum(staff), len(volunteers), sum(volunteers)))
    return People(total=len(found), bands=tuple(bands))


@dataclass(frozen=True)
class YearChanges:
    year: int
    registered: int
    removed: int


@dataclass(frozen=True)
class Changes:
    total: int  # organisations placed in the council, removed ones too
    years: tuple[YearChanges, ...]  # every year from the first to the last, oldest first
    undated: int  # registered on a date the sources do not give


def registrations(scope: ReportScope) -> Changes:
    """Registrations and removals by year of the organisations placed in the council, removed ones too."""
    found = _values(scope.placed_ids, "date_registered", "date_removed")
    registered = Counter(on.year for on, _ in found if isinstance(on, dt.date))
    removed = Counter(off.year for _, off in found if isinstance(off, dt.date))
    years = sorted({*registered, *removed})
    span = range(years[0], years[-1] + 1) if years else range(0)
    return Changes(
        total=len(found),
        years=tuple(YearChanges(year, registered[year], removed[year]) for year in span),
        undated=sum(1 for on, _ in found if not isinstance(on, dt.date)),
    )


@dataclass(frozen=True)
class Sources:
    register: tuple[SourceFile, ...] = field(default=())
    placement: tuple[SourceFile, ...] = field(default=())

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return (*self.register, *self.placement)


def _source_file(run: ImportRun, what: str) -> SourceFile:
    return SourceFile(what, run.kind, run.file_name, run.extract_date, run.finished_at or run.started_at)


def register_sources(ids: Sequence[UUID]) -> tuple[SourceFile, ...]:
    """The imports that last confirmed these organisations' records, newest first."""
    runs: set[int] = set()
    for at in range(0, len(ids), CHUNK):
        records = SourceRecord.objects.filter(organisation_id__in=ids[at : at + CHUNK])
        runs.update(records.exclude(last_seen_run=None).values_list("last_seen_run", flat=True).distinct())
    return tuple(_source_file(run, "Register records") for run in ImportRun.objects.filter(pk__in=runs))


def placement_sources(council_code: str) -> tuple[SourceFile, ...]:
    """The imports that placed the council's organisations: the postcodes, and its boundary and wards."""
    postcodes = OrganisationPlace.objects.filter(local_authority=council_code).values("postcode")
    files = set(Postcode.objects.filter(postcode__in=postcodes).values_list("source_file", flat=True))
    boundaries = Area.objects.filter(code=council_code, area_type=AreaType.LOCAL_AUTHORITY)
    wards = set(boundaries.values_list("source_file", flat=True))
    runs = ImportRun.objects.filter(
        Q(kind="postcodes", file_name__in=files) | Q(kind="wards", file_name__in=wards)
    )
    newest: dict[tuple[str, str], ImportRun] = {}
    for run in runs.order_by("started_at"):
        newest[run.kind, run.file_name] = run
    what = {"postcodes": "Postcodes that place organisations", "wards": "The council's wards"}
    return tuple(_source_file(run, what[run.kind]) for run in newest.values())


def report_sources(scope: ReportScope, *, removed_too: bool = False) -> Sources:
    """Where a section's figures come from: the register's records of the organisations it counts,
    and what placed them in the council."""
    ids = scope.placed_ids if removed_too else scope.organisation_ids
    return Sources(register=register_sources(ids), placement=placement_sources(scope.council_code))
