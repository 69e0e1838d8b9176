"""A council's coverage as tables: the same rows for its pages, its CSV downloads and the API.

Each table is a header and rows of plain values; the map's measures are here too, as the figure each
ward is coloured by.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from commoncause.places.coverage import Coverage, Finding, WardCoverage
from commoncause.places.selectors import OrganisationRow, organisation_rows
from commoncause.places.themes import Theme
from commoncause.places.ward_map import Measure, count_bands, decile_bands
from commoncause.register.downloads import csv_cell, csv_writer

MEASURES = {  # what the map can show, as the choice is worded
    "deprivation": "Deprivation",
    "organisations": "Organisations based there",
    "per_1000": "Organisations per 1,000 residents",
    "services": "Services there or serving it",
    "theme": "One theme",
}
TITLES = {  # and as the map's title says it
    "deprivation": "Deprivation: residents' average IMD 2019 decile (1 is the most deprived tenth)",
    "organisations": "Organisations based in the ward",
    "per_1000": "Organisations based in the ward per 1,000 residents",
    "services": "Services with a place in the ward or serving it",
}


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]


def _number(value: float | None, places: int = 1) -> str:
    return "" if value is None else f"{value:.{places}f}"


def matrix_table(coverage: Coverage) -> Table:
    """One row per ward: its people and deprivation, then per theme the organisations based there, those
    serving there, and the services with a place there or serving it."""
    header = [
        "ward_code", "ward", "population", "imd_decile", "most_deprived_fifth_share",
        "organisations_based", "organisations_serving", "services",
    ]  # fmt: skip
    for theme in coverage.themes:
        header += [f"{theme.code}_based", f"{theme.code}_serving", f"{theme.code}_services"]
    rows = []
    for row in coverage.wards:
        ward = row.ward
        values: list[object] = [
            ward.code, ward.name, ward.population, _number(ward.decile),
            _number(ward.most_deprived_fifth, 3), row.based, row.serving, row.services,
        ]  # fmt: skip
        for theme in coverage.themes:
            cell = row.cells[theme.code]
            values += [len(cell.based), len(cell.serving), len(cell.services)]
        rows.append(tuple(values))
    return Table(tuple(header), rows)


def findings_table(findings: Sequence[Finding]) -> Table:
    header = (
        "ward_code", "ward", "imd_decile", "theme", "theme_label", "organisations_based",
        "organisations_serving", "organisations_elsewhere_in_council", "reason",
    )  # fmt: skip
    rows = [
        (
            found.ward.code,
            found.ward.name,
            _number(found.ward.decile),
            found.theme.code,
            found.theme.label,
            found.based,
            found.serving,
            found.elsewhere,
            found.reason,
        )  # fmt: skip
        for found in findings
    ]
    return Table(header, rows)


def table_csv(table: Table) -> Iterator[str]:
    writer = csv_writer()
    yield writer.writerow(table.header)
    for row in table.rows:
        yield writer.writerow([csv_cell(value) for value in row])


def _whole(value: float) -> str:
    return f"{value:,.0f}"


def _rate(value: float) -> str:
    return f"{value:.2f}"


def _decile(value: float) -> str:
    return f"decile {value:.1f}"


def measure_for(coverage: Coverage, measure: str, theme_code: str = "") -> Measure:
    """The figure each ward is coloured by (see MEASURES); `theme_code` for the theme measure."""
    wards = coverage.wards
    if measure == "deprivation":
        values: dict[str, float | None] = {row.ward.code: row.ward.decile for row in wards}
        return Measure(TITLES[measure], values, _decile, decile_bands())
    if measure == "per_1000":
        values = {row.ward.code: row.per_thousand for row in wards}
        return Measure(TITLES[measure], values, _rate, count_bands(list(values.values()), _rate))
    if measure == "theme":
        theme = coverage.theme(theme_code)
        if theme is None:
            raise ValueError(f"No theme has the code {theme_code!r}.")
        values = {row.ward.code: float(row.cells[theme.code].either) for row in wards}
        title = f"Organisations based in or serving the ward: {theme.label.lower()}"
        return Measure(title, values, _whole, count_bands(list(values.values()), _whole))
    if measure == "services":
        values = {row.ward.code: float(row.services) for row in wards}
        return Measure(TITLES[measure], values, _whole, count_bands(list(values.values()), _whole))
    values = {row.ward.code: float(row.based) for row in wards}
    return Measure(TITLES["organisations"], values, _whole, count_bands(list(values.values()), _whole))


def ward_figure(row: WardCoverage, measure: Measure) -> str:
    value = measure.values.get(row.ward.code)
    return measure.formatted(value) if value is not None else "No figure"


def finding_for(findings: Sequence[Finding], ward_code: str, theme_code: str) -> Finding | None:
    return next((f for f in findings if f.ward.code == ward_code and f.theme.code == theme_code), None)


@dataclass(frozen=True)
class OrganisationList:
    """Organisations in one relation to a ward and theme: based there, serving it, or elsewhere."""

    relation: str
    heading: str
    rows: list[OrganisationRow]


def ward_theme_lists(row: WardCoverage, theme: Theme, gap: Finding | None) -> list[OrganisationList]:
    """Who is based in the ward and who serves it for the theme; for a gap, who works on it elsewhere."""
    cell = row.cells[theme.code]
    serving_only = [pk for pk in cell.serving if pk not in set(cell.based)]
    lists = [
        OrganisationList("based", f"Based in {row.ward.name}", organisation_rows(list(cell.based))),
        OrganisationList(
            "serving", f"Based elsewhere, serving {row.ward.name}", organisation_rows(serving_only)
        ),
    ]
    if gap is not None:
        lists.append(
            OrganisationList(
                "elsewhere",
                f"In the council's other wards, who could reach {row.ward.name}",
                organisation_rows(list(gap.organisation_ids)),
            )
        )
    return lists


def ward_theme_table(lists: Sequence[OrganisationList], site: str) -> Table:
    header = ("relation", "name", "org_id", "based_in_ward_code", "latest_income", "page")
    return Table(
        header,
        [
            (
                found.relation,
                row.name,
                row.org_id,
                row.ward,
                row.latest_income,
                f"{site}/organisations/{row.org_id or row.id}/",
            )  # fmt: skip
            for found in lists
            for row in found.rows
        ],
    )


def gaps_by_ward(gaps: Sequence[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """The gaps grouped by ward, in their order: each ward's first gap (for its facts) and all of them."""
    groups: dict[str, list[Finding]] = {}
    for gap in gaps:
        groups.setdefault(gap.ward.code, []).append(gap)
    return [(found[0], found) for found in groups.values()]
