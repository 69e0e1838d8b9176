"""The sections of the state-of-the-local-sector report, and where other apps add theirs.

Each section is built for a council's organisations (a `ReportScope`): a title, a summary in words, a
chart, the table behind it (also its CSV) and the imported files its figures come from. Places builds
the register's sections here; an app above places adds its own (funding: grants received, from
360Giving files) with `report_section_add` from its `AppConfig.ready()`, so places never imports it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from commoncause.core.templatetags.govuk_format import format_money
from commoncause.places import sector, sector_charts
from commoncause.places.sector import Cell, Column, ReportScope, SourceFile, Table
from commoncause.register.downloads import csv_cell


@dataclass(frozen=True)
class ReportSection:
    """One section of the report, built: what the page shows and the CSV holds."""

    name: str
    title: str
    summary: str
    chart: str  # inline SVG, or '' when there is nothing to compare
    table: Table
    sources: tuple[SourceFile, ...]
    notes: tuple[str, ...] = ()

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """The table's rows as the page shows them: each cell's text, and whether it is a number."""
        columns = self.table.columns
        return [
            [
                (cell_text(value, column.kind), column.kind != "text")
                for column, value in zip(columns, row, strict=True)
            ]
            for row in self.table.rows
        ]


# Builds a section for the council's organisations; the second argument is the page's CSP nonce.
SectionBuild = Callable[[ReportScope, str], ReportSection]


@dataclass(frozen=True)
class ReportPart:
    """A section the report can hold: its name (also its CSV's), its place (order) and its builder."""

    name: str
    order: int
    build: SectionBuild


_PARTS: dict[str, ReportPart] = {}


def report_section_add(part: ReportPart) -> None:
    """Add (or replace, by name) a section of the report."""
    _PARTS[part.name] = part


def report_parts() -> list[ReportPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.name))


def report_part(name: str) -> ReportPart | None:
    return _PARTS.get(name)


def report_build(scope: ReportScope, *, nonce: str = "") -> list[ReportSection]:
    """Every section of the report, in order."""
    return [part.build(scope, nonce) for part in report_parts()]


def cell_text(value: Cell, kind: str) -> str:
    """A cell as the page shows it: '1,234', '£46,000', '37%'."""
    if value is None or value == "":
        return ""
    if kind == "money":
        return format_money(value if isinstance(value, Decimal | str) else float(value))
    if kind == "share" and isinstance(value, int | float | Decimal):
        return f"{float(value):.0%}"
    if kind == "count" and isinstance(value, int | float | Decimal):
        return f"{value:,.0f}"
    return str(value)


def table_csv(table: Table) -> str:
    """The table as CSV: a header row, then the figures as numbers (shares as fractions of 1)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        cells = [f"{value:.4f}" if column.kind == "share" and value is not None else value
                 for column, value in zip(table.columns, row, strict=True)]  # fmt: skip
        writer.writerow([csv_cell(value) for value in cells])
    return out.getvalue()


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _breakdown_rows(found: sector.Breakdown, unknown: str) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = [
        (row.label, row.count, _share(row.count, found.total)) for row in found.rows
    ]
    if found.unknown:
        rows.append((unknown, found.unknown, _share(found.unknown, found.total)))
    return tuple(rows)


@lru_cache(maxsize=4)  # the sections of one report share them
def _sources(scope: ReportScope, *, removed_too: bool = False) -> tuple[SourceFile, ...]:
    return sector.report_sources(scope, removed_too=removed_too).files


def _place(scope: ReportScope) -> str:
    return f"Organisations in {scope.council_name}"


def _breakdown_section(
    scope: ReportScope,
    nonce: str,
    *,
    name: str,
    title: str,
    found: sector.Breakdown,
    summary: str,
    column: str,
    unknown: str,
    note: str,
) -> ReportSection:
    """A section counting the organisations by one property, with the shares of the whole."""
    heading = f"{_place(scope)} by {title}"
    columns = (Column(column, "text"), Column("Organisations"), Column("Share", "share"))
    return ReportSection(
        name=name, title=name.replace("_", " ").capitalize(), summary=summary,
        chart=sector_charts.breakdown_chart_svg(found, title=heading, summary=summary, nonce=nonce),
        table=Table(name, heading, columns, _breakdown_rows(found, unknown)),
        sources=_sources(scope), notes=(note,),
    )  # fmt: skip


def size_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.size_bands(scope)
    summary = sector_charts.breakdown_summary(
        found, what="size", unknown="{count:,} publish no income, so have no size."
    )
    return _breakdown_section(
        scope, nonce, name="size", title="size (income band)", found=found, summary=summary,
        column="Size (latest income)", unknown="Income not published",
        note="Size is the NCVO income band of an organisation's latest published income.",
    )  # fmt: skip


def legal_form_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.legal_forms(scope)
    summary = sector_charts.breakdown_summary(found, what="legal form", unknown="")
    return _breakdown_section(
        scope, nonce, name="legal_form", title="legal form", found=found, summary=summary,
        column="Legal form", unknown=sector.NOT_PUBLISHED,
        note="Where a register publishes no legal form, an organisation is counted by the register it is on.",
    )  # fmt: skip


def themes_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.theme_counts(scope)
    summary = sector_charts.themes_summary(found)
    title = f"{_place(scope)} by theme"
    columns = (Column("Theme", "text"), Column("Who it helps or what it works on", "text"),
               Column("Organisations"), Column("Share", "share"))  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (row.label, "Who it helps" if row.kind == "who" else "What it works on", row.count,
         _share(row.count, found.total))
        for row in found.rows
    ]  # fmt: skip
    if found.without:
        rows.append(("No theme", "", found.without, _share(found.without, found.total)))
    return ReportSection(
        name="themes", title="Themes", summary=summary,
        chart=sector_charts.themes_chart_svg(found, title=title, summary=summary, nonce=nonce),
        table=Table("themes", title, columns, tuple(rows)),
        sources=_sources(scope),
        notes=("Themes gather the organisations' Charity Commission classifications and UK Charity Activity "
               "Tags (UK-CAT); an organisation can have several, so the shares add up to more than all.",),
    )  # fmt: skip


def age_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.ages(scope)
    summary = sector_charts.breakdown_summary(
        found, what="age", unknown="{count:,} have no published date of registration."
    )
    return _breakdown_section(
        scope, nonce, name="age", title="years since registration", found=found, summary=summary,
        column="Years since registration", unknown="Date of registration not published",
        note="Age is counted from the date of registration to the day the figures were drawn.",
    )  # fmt: skip


def income_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.income(scope)
    summary = sector_charts.income_summary(found)
    title = f"Latest income of {_place(scope).lower()}, by size"
    columns = (Column("Size (latest income)", "text"), Column("Organisations"), Column("Income", "money"),
               Column("Share of income", "share"))  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (band.label, band.organisations, band.income, _share(band.income, found.income))
        for band in found.bands
    ]
    rows.append(
        ("All publishing their income", found.published, found.income, _share(found.income, found.income))
    )
    return ReportSection(
        name="income", title="Income", summary=summary,
        chart=sector_charts.income_chart_svg(found, title=title, summary=summary, nonce=nonce),
        table=Table("income", title, columns, tuple(rows)),
        sources=_sources(scope),
        notes=("Each organisation's income is that of its latest financial year the register holds.",),
    )  # fmt: skip


def income_sources_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.income_sources(scope)
    summary = sector_charts.income_sources_summary(found)
    title = f"Where the income of {_place(scope).lower()} comes from"
    columns = (Column("Source of income", "text"), Column("Organisations"), Column("Income", "money"))
    rows = tuple((row.label, row.organisations, row.income) for row in found.rows) if found.published else ()
    return ReportSection(
        name="income_sources", title="Sources of income", summary=summary,
        chart=sector_charts.income_sources_chart_svg(found, title=title, summary=summary, nonce=nonce),
        table=Table("income_sources", title, columns, rows),
        sources=_sources(scope),
        notes=("From the latest year each organisation breaks its income down in its annual return.",),
    )  # fmt: skip


def people_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.people(scope)
    summary = sector_charts.people_summary(found)
    title = f"Staff and volunteers of {_place(scope).lower()}, by size"
    columns = (Column("Size (latest income)", "text"), Column("Organisations"),
               Column("Publishing their staff"), Column("Staff"),
               Column("Publishing their volunteers"), Column("Volunteers"))  # fmt: skip
    rows: list[tuple[Cell, ...]] = [
        (band.label, band.organisations, band.staff_published, band.staff, band.volunteers_published,
         band.volunteers)
        for band in found.bands
    ]  # fmt: skip
    rows.append(("All", found.total, found.staff_published, found.staff, found.volunteers_published,
                 found.volunteers))  # fmt: skip
    return ReportSection(
        name="people", title="Staff and volunteers", summary=summary,
        chart=sector_charts.people_chart_svg(found, title=title, summary=summary, nonce=nonce),
        table=Table("people", title, columns, tuple(rows)),
        sources=_sources(scope),
        notes=("Staff are employees as the organisations tell their regulator; no person is named.",),
    )  # fmt: skip


def registrations_section(scope: ReportScope, nonce: str) -> ReportSection:
    found = sector.registrations(scope)
    summary = sector_charts.registrations_summary(found)
    title = f"Registrations and removals of {_place(scope).lower()}, by year"
    columns = (Column("Year", "text"), Column("Registered"), Column("Removed"))
    rows = tuple((str(year.year), year.registered, year.removed) for year in found.years)
    return ReportSection(
        name="registrations", title="Registrations and removals", summary=summary,
        chart=sector_charts.registrations_chart_svg(found, title=title, summary=summary, nonce=nonce),
        table=Table("registrations", title, columns, rows),
        sources=_sources(scope, removed_too=True),
        notes=("These count the organisations since removed or dissolved as well as the live ones.",),
    )  # fmt: skip


for _order, _build in enumerate(
    (size_section, legal_form_section, themes_section, age_section, income_section,
     income_sources_section, people_section, registrations_section),
    start=1,
):  # fmt: skip
    report_section_add(
        ReportPart(name=_build.__name__.removesuffix("_section"), order=_order * 10, build=_build)
    )
