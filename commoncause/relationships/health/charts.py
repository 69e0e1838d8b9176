"""The health check's charts: inline SVG drawn by pygal with its JavaScript off (see core/charts.py).

Every chart is drawn from the same results as its table, after suppression: a suppressed group has no
value (None), so it has no bar or point, and its mean is never written into the SVG.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygal

from commoncause.core.charts import allow_styles, make_accessible, style_with

# GOV.UK blue (the council) and purple (the sector): at least 3:1 against white, as WCAG 1.4.11 asks.
COLOURS = ("#1d70b8", "#912b88")
Series = Sequence[tuple[str, Sequence[float | None]]]


def _one_decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def _finish(chart: pygal.graph.graph.Graph, summary: str, nonce: str) -> str:
    svg = chart.render(is_unicode=True)
    return allow_styles(make_accessible(svg, summary=summary), nonce)


def _anything(series: Series) -> bool:
    return any(value is not None for _, values in series for value in values)


def bars_svg(
    labels: Sequence[str], series: Series, *, title: str, summary: str, nonce: str = "", gap: bool = False
) -> str:
    """Horizontal bars, one per label and series, on a scale of 0 to 5; for gaps (`gap_series`), one
    signed bar per label. '' when there is no value to draw."""
    if not labels or not _anything(series):
        return ""
    kind = pygal.HorizontalStackedBar if gap else pygal.HorizontalBar
    chart = kind(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=max(300, (22 * (1 if gap else len(series)) + 14) * len(labels) + 160),
        title=title,
        style=style_with(COLOURS),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        value_formatter=_signed if gap else _one_decimal,
        x_labels=list(labels)[::-1],  # pygal draws the first at the bottom
        truncate_label=-1,
        range=None if gap else (0, 5),
        margin_left=10,
    )
    for name, values in series:
        chart.add(name, list(values)[::-1])
    return _finish(chart, summary, nonce)


def gap_series(gaps: Sequence[float | None]) -> list[tuple[str, list[float | None]]]:
    """Gaps as two series, stacked into one bar per statement: blue where the council rates the
    statement higher, purple where the sector does (the sign on the axis says the same)."""
    return [
        ("The council rates it higher", [gap if gap is not None and gap > 0 else None for gap in gaps]),
        ("The sector rates it higher", [gap if gap is not None and gap < 0 else None for gap in gaps]),
    ]


def line_svg(labels: Sequence[str], series: Series, *, title: str, summary: str, nonce: str = "") -> str:
    """A line for each series across the labels (rounds), on a scale of 1 to 5; '' with fewer than two
    labels (a trend needs two rounds) or nothing to draw."""
    if len(labels) < 2 or not _anything(series):
        return ""
    chart = pygal.Line(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=360,
        title=title,
        style=style_with(COLOURS),
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        truncate_legend=-1,
        value_formatter=_one_decimal,
        x_labels=list(labels),
        truncate_label=-1,
        range=(1, 5),
        allow_interruptions=True,
        dots_size=5,
        margin_left=10,
    )
    for name, values in series:
        chart.add(name, list(values))
    return _finish(chart, summary, nonce)
