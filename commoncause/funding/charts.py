"""Grants received over the years, by funder, as an accessible inline SVG stacked bar chart."""

from collections.abc import Sequence

import pygal

from commoncause.core.charts import allow_styles, make_accessible, short_money, style_with
from commoncause.core.templatetags.govuk_format import format_money
from commoncause.funding.selectors import FunderYear

# More GOV.UK colours with at least 3:1 contrast against white, one per funder (the rest as "Others").
FUNDER_COLOURS = ("#1d70b8", "#912b88", "#00703c", "#d4351c", "#505a5f", "#6f72af")


def grants_summary(rows: Sequence[FunderYear], *, name: str) -> str:
    """What the grants chart shows, in words."""
    if not rows:
        return f"No published grants to {name} are known."
    total = sum(row.total for row in rows)
    funders = sorted({row.funder for row in rows})
    years = sorted({row.year for row in rows})
    span = f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}"
    named = ", ".join(funders[:3]) + (f" and {len(funders) - 3} more" if len(funders) > 3 else "")
    return f"{name} received {format_money(total)} in published grants {span}, from {named}."


def grants_chart_svg(rows: Sequence[FunderYear], *, title: str, name: str, nonce: str = "") -> str:
    """Grants received by year, stacked by funder (the largest five, the rest as "Others").

    '' for fewer than two years: one bar compares nothing, and the summary and the table say it all.
    """
    years = sorted({row.year for row in rows})
    if len(years) < 2:
        return ""
    by_funder: dict[str, float] = {}
    for row in rows:
        by_funder[row.funder] = by_funder.get(row.funder, 0) + float(row.total)
    largest = sorted(by_funder, key=lambda funder: (-by_funder[funder], funder))[: len(FUNDER_COLOURS) - 1]
    series: dict[str, dict[int, float]] = {funder: {} for funder in largest}
    for row in rows:
        key = row.funder if row.funder in series else "Others"
        series.setdefault(key, {})
        series[key][row.year] = series[key].get(row.year, 0) + float(row.total)
    style = style_with(FUNDER_COLOURS)
    chart = pygal.StackedBar(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=360,
        title=title,
        style=style,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        value_formatter=short_money,
        x_labels=[str(year) for year in years],
    )
    for funder, totals in series.items():
        chart.add(funder, [totals.get(year) for year in years])
    svg = chart.render(is_unicode=True)
    return allow_styles(make_accessible(svg, summary=grants_summary(rows, name=name)), nonce)
