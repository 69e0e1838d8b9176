"""Finances over the years as an accessible inline SVG bar chart (pygal, with its JavaScript off).

The chart is one image to assistive technology (`role="img"`, named by its title and described by a
text summary); the same figures are always given as a table beside it. It needs two years or more: one
year is told by the summary and the table alone.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pygal

from commoncause.core.charts import allow_styles, make_accessible, short_money, style_with
from commoncause.core.templatetags.govuk_format import format_money

# GOV.UK blue and purple: both have at least 3:1 contrast against white, as WCAG 1.4.11 asks of bars.
INCOME_COLOUR = "#1d70b8"
SPENDING_COLOUR = "#912b88"

CHART_STYLE = style_with((INCOME_COLOUR, SPENDING_COLOUR))


@dataclass(frozen=True)
class YearFigures:
    """Income and spending for one financial year."""

    period_end: dt.date
    income: int | None
    spending: int | None


def year_label(period_end: dt.date) -> str:
    """How a financial year is named on the chart: by the month and year it ends, "Mar 2023"."""
    return f"{period_end:%b %Y}"


def finances_summary(years: Sequence[YearFigures]) -> str:
    """One or two sentences that say what the chart shows, for people who cannot see it."""
    if not years:
        return "No financial figures have been published."
    latest = years[-1]
    text = f"In the year ending {latest.period_end.day} {latest.period_end:%B %Y}"
    text += f", income was {_pounds(latest.income)} and spending {_pounds(latest.spending)}."
    first = years[0]
    if len(years) > 1 and first.income is not None and latest.income is not None:
        direction = "rose" if latest.income > first.income else "fell"
        if latest.income == first.income:
            direction = "stayed"
        text += (
            f" Over the {len(years)} years shown, income {direction} from {_pounds(first.income)}"
            f" (year ending {first.period_end.day} {first.period_end:%B %Y})"
            f" to {_pounds(latest.income)}."
        )
    return text


def _pounds(value: int | None) -> str:
    return "not published" if value is None else format_money(value)


def finances_chart_svg(years: Sequence[YearFigures], *, title: str, nonce: str = "") -> str:
    """Render the years as an inline SVG bar chart of income and spending; '' for fewer than two years
    (one year is two figures the summary already gives, and a chart of them shows no change).

    `nonce` is the page's content-security-policy nonce, which lets the chart's own stylesheet apply.
    """
    if len(years) < 2:
        return ""
    chart = pygal.Bar(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=360,
        title=title,
        style=CHART_STYLE,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        value_formatter=short_money,
        print_values=False,
        show_minor_y_labels=True,
        x_labels=[year_label(year.period_end) for year in years],
    )
    chart.add("Income", [year.income for year in years])
    chart.add("Spending", [year.spending for year in years])
    svg = chart.render(is_unicode=True)
    return allow_styles(make_accessible(svg, summary=finances_summary(years)), nonce)
