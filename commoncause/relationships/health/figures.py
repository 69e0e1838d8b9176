"""The results page's figures: for each, a summary in words, a chart and the table behind it (the same
table the page shows and its CSV holds). Built from results after suppression, so no figure, chart or
download can show a group of fewer than five."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from commoncause.register.downloads import csv_cell
from commoncause.relationships.health import charts
from commoncause.relationships.health.library import ABOUT_LABELS, ABOUT_SHORT, COUNCIL, PARTNERSHIP, SECTOR
from commoncause.relationships.health.results import (
    SMALLEST_GROUP,
    RoundResults,
    StatementResult,
    ThemeResult,
    View,
)
from commoncause.relationships.health.selectors import TrendPoint

VIEW_HEADINGS = {
    COUNCIL: ("The council's own view", "The sector's view of the council"),
    SECTOR: ("The council's view of the sector", "The sector's own view"),
    PARTNERSHIP: ("The council's view", "The sector's view"),
}
GAP_HEADING = "Perception gap (council minus sector)"
FEWER = f"fewer than {SMALLEST_GROUP}"
SIGNED = re.compile(r"\+\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Table:
    name: str  # its CSV's name
    caption: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    long_first: bool = False  # the first column holds long text (a statement's words)

    @property
    def columns_numeric(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    summary: str
    chart: str  # inline SVG, or '' when there is nothing to draw
    table: Table


def _answers(view: View) -> str:
    return FEWER if view.respondents is None else f"{view.respondents:,}"


def _means(views: Sequence[View]) -> list[float | None]:
    return [view.mean for view in views]


def _theme_summary(about: str, themes: Sequence[ThemeResult]) -> str:
    own, other = VIEW_HEADINGS[about]
    plural = "s" if len(themes) != 1 else ""
    text = f"{ABOUT_LABELS[about]}: {len(themes)} theme{plural}, each side's mean rating from 1 to 5."
    compared = [theme for theme in themes if theme.gap is not None]
    if compared:
        widest = max(compared, key=lambda theme: abs(theme.gap or 0))
        text += (
            f" The views differ most on {widest.theme}: {own.lower()} {widest.council.text}, "
            f"{other.lower()} {widest.sector.text} (a gap of {widest.gap_text})."
        )
    hidden = [theme for theme in themes if theme.council.suppressed or theme.sector.suppressed]
    if hidden:
        verb = "has" if len(hidden) == 1 else "have"
        text += f" {len(hidden)} of them {verb} a side with {FEWER} answers, which is not shown."
    return text


def _theme_label(theme: ThemeResult) -> str:
    """A theme's label on a chart, saying which side's bar is missing and why."""
    label = theme.theme.capitalize()
    if theme.council.suppressed and theme.sector.suppressed:
        return f"{label} ({FEWER} answers on each side)"
    if theme.council.suppressed or theme.sector.suppressed:
        side = "council" if theme.council.suppressed else "sector"
        return f"{label} ({FEWER} {side} answers)"
    return label


def theme_figure(results: RoundResults, about: str, nonce: str) -> Figure | None:
    """How each side sees the themes of the statements about one side (or the partnership)."""
    themes = [theme for theme in results.themes if theme.about == about]
    if not themes:
        return None
    own, other = VIEW_HEADINGS[about]
    title = f"{ABOUT_LABELS[about]}: each side's view by theme"
    summary = _theme_summary(about, themes)
    chart = charts.bars_svg(
        [_theme_label(theme) for theme in themes],
        [(own, _means([t.council for t in themes])), (other, _means([t.sector for t in themes]))],
        title=title, summary=summary, nonce=nonce,
    )  # fmt: skip
    rows = tuple(
        (theme.theme.capitalize(), str(theme.statements), theme.council.text, _answers(theme.council),
         theme.sector.text, _answers(theme.sector), theme.gap_text)
        for theme in themes
    )  # fmt: skip
    table = Table(
        f"themes-{about}",
        title,
        ("Theme", "Statements", own, "Answers", other, "Answers", GAP_HEADING),
        (False, True, True, True, True, True, True),
        rows,
    )
    return Figure(table.name, title, summary, chart, table)


def _statement_label(result: StatementResult) -> str:
    return f"{result.statement.code}: {result.statement.text}"


def _gaps_summary(results: RoundResults) -> str:
    compared = [result for result in results.statements if result.gap is not None]
    text = (
        f"The perception gap is the council's mean rating minus the sector's. It shows for "
        f"{len(compared)} of the {len(results.statements)} statements; the others have a side with "
        f"{FEWER} answers."
    )
    if compared:
        widest = max(compared, key=lambda result: abs(result.gap or 0))
        higher = "the council" if (widest.gap or 0) > 0 else "the sector"
        text += (
            f" The widest is on {widest.statement.code} ({widest.gap_text}): {higher} rates it higher "
            f"(council {widest.council.text}, sector {widest.sector.text})."
        )
    return text


def gaps_figure(results: RoundResults, nonce: str) -> Figure:
    """The perception gap of each statement, and the table of every statement's two views."""
    title = "The perception gap by statement"
    summary = _gaps_summary(results)
    compared = [result for result in results.statements if result.gap is not None]
    chart = charts.bars_svg(
        [result.statement.code for result in compared],
        charts.gap_series([result.gap for result in compared]),
        title=title, summary=summary, nonce=nonce, gap=True,
    )  # fmt: skip
    rows = tuple(
        (_statement_label(r), ABOUT_SHORT[r.statement.about],
         r.statement.theme.capitalize(), r.council.text, _answers(r.council), r.sector.text,
         _answers(r.sector), r.gap_text)
        for r in results.statements
    )  # fmt: skip
    table = Table(
        "statements",
        "Each statement: the council's and the sector's mean rating, and the gap between them",
        ("Statement", "About", "Theme", "Council's view", "Answers", "Sector's view", "Answers", GAP_HEADING),
        (False, False, False, True, True, True, True, True),
        rows,
        long_first=True,
    )
    return Figure(table.name, title, summary, chart, table)


def _trend_summary(points: Sequence[TrendPoint]) -> str:
    if len(points) < 2:
        return "Trends show once the council has closed two rounds. The table gives this round's figures."
    first, last = points[0], points[-1]
    return (
        f"Over the council's {len(points)} closed rounds, from {first.health_round.name} to "
        f"{last.health_round.name}, the council's mean rating of all the statements went from "
        f"{first.results.council.text} to {last.results.council.text}, and the sector's from "
        f"{first.results.sector.text} to {last.results.sector.text}."
    )


def trend_figure(points: Sequence[TrendPoint], nonce: str) -> Figure:
    """Each side's mean rating of all the statements, round by round."""
    title = "Each side's mean rating, round by round"
    summary = _trend_summary(points)
    chart = charts.line_svg(
        [point.health_round.name for point in points],
        [("The council's view", _means([p.results.council for p in points])),
         ("The sector's view", _means([p.results.sector for p in points]))],
        title=title, summary=summary, nonce=nonce,
    )  # fmt: skip
    rows = tuple(
        (p.health_round.name, str(len(p.results.statements)), p.results.council.text,
         str(p.results.respondents["council"]), p.results.sector.text, str(p.results.respondents["sector"]),
         p.results.gap_text)
        for p in points
    )  # fmt: skip
    table = Table(
        "trend",
        title,
        ("Round", "Statements", "Council's view", "Council respondents", "Sector's view",
         "Sector respondents", GAP_HEADING),
        (False, True, True, True, True, True, True),
        rows,
    )  # fmt: skip
    return Figure(table.name, title, summary, chart, table)


def trend_themes_table(points: Sequence[TrendPoint]) -> Table:
    """Each theme's two views in each closed round (a long table: one row per round and theme)."""
    labels = list(dict.fromkeys(theme.label for p in points for theme in p.results.themes))
    rows = tuple(
        (theme.label, p.health_round.name, theme.council.text, theme.sector.text, theme.gap_text)
        for label in labels
        for p in points
        for theme in p.results.themes
        if theme.label == label
    )
    return Table(
        "trend-themes",
        "Each theme's views, round by round",
        ("Theme", "Round", "Council's view", "Sector's view", GAP_HEADING),
        (False, False, True, True, True),
        rows,
    )


def results_figures(results: RoundResults, points: Sequence[TrendPoint], nonce: str) -> list[Figure]:
    figures = [theme_figure(results, about, nonce) for about in (COUNCIL, SECTOR, PARTNERSHIP)]
    return [*(f for f in figures if f is not None), gaps_figure(results, nonce), trend_figure(points, nonce)]


def results_tables(results: RoundResults, points: Sequence[TrendPoint]) -> dict[str, Table]:
    """Every table of the results page by its name, for its CSV."""
    tables = {figure.table.name: figure.table for figure in results_figures(results, points, "")}
    found = trend_themes_table(points)
    return {**tables, found.name: found}


def _csv_value(text: str) -> str:
    """A cell for the CSV: a gap's '+' goes ('+0.8' is 0.8 to a spreadsheet, and a cell starting '+' would
    be written as text); anything a spreadsheet would run as a formula gets a leading apostrophe."""
    return csv_cell(text[1:] if SIGNED.fullmatch(text) else text)


def table_csv(table: Table) -> str:
    """The table as CSV, exactly as the page shows it (suppressed groups as 'fewer than 5 answers')."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()
