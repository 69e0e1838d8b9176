"""Outcomes' charts as accessible inline SVG bar charts, each named by its title, described in words
and always shown with its table beside it."""

from __future__ import annotations

from collections.abc import Sequence

import pygal

from commoncause.core.charts import allow_styles, make_accessible, style_with
from commoncause.core.templatetags.govuk_format import format_number

COLOUR = ("#1d70b8",)


def _summary(title: str, labels: Sequence[str], values: Sequence[float], unit: str) -> str:
    if not values:
        return f"{title}: none reported yet."
    most = max(range(len(values)), key=lambda index: values[index])
    return (
        f"{title}: {len(values)} bars, from {format_number(min(values))} to "
        f"{format_number(max(values))} {unit}; "
        f"the most, {format_number(values[most])}, in {labels[most]}."
    )


def bar_chart_svg(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str,
    nonce: str = "",
    sideways: bool = False,
) -> str:
    """A bar for each label ('' for fewer than two: one bar compares nothing; the table says it)."""
    if len(values) < 2:
        return ""
    kind = pygal.HorizontalBar if sideways else pygal.Bar
    chart = kind(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=max(300, 28 * len(values) + 120) if sideways else 360,
        title=title,
        style=style_with(COLOUR),
        show_legend=False,
        value_formatter=lambda value: format_number(round(value, 1)),
        x_labels=list(labels),
    )
    chart.add(unit, list(values))
    svg = chart.render(is_unicode=True)
    return allow_styles(make_accessible(svg, summary=_summary(title, labels, values, unit)), nonce)
