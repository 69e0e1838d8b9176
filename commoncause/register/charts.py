"""Finances over the years as an accessible inline SVG bar chart (pygal, with its JavaScript off).

The chart is one image to assistive technology (`role="img"`, named by its title and described by a
text summary); the same figures are always given as a table beside it.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from django.utils.html import escape
from pygal.style import Style

# GOV.UK blue and purple: both have at least 3:1 contrast against white, as WCAG 1.4.11 asks of bars.
INCOME_COLOUR = "#1d70b8"
SPENDING_COLOUR = "#912b88"

CHART_STYLE = Style(
    font_family="arial, sans-serif",
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=(INCOME_COLOUR, SPENDING_COLOUR),
    opacity="1",
    opacity_hover="1",
    transition="0s",
    title_font_size=18,
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=16,
)


@dataclass(frozen=True)
class YearFigures:
    """Income and spending for one financial year."""

    period_end: dt.date
    income: int | None
    spending: int | None


def short_money(value: float | None) -> str:
    """Money for an axis label: £950, £46k, £1.2m, £3bn."""
    if value is None:
        return ""
    amount = abs(value)
    sign = "-" if value < 0 else ""
    if amount >= 1_000_000_000:
        text = f"{amount / 1_000_000_000:.1f}".rstrip("0").rstrip(".") + "bn"
    elif amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}".rstrip("0").rstrip(".") + "m"
    elif amount >= 1_000:
        text = f"{amount / 1_000:.0f}k"
    else:
        text = f"{amount:.0f}"
    return f"{sign}£{text}"


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
    if value is None:
        return "not published"
    return f"-£{-value:,}" if value < 0 else f"£{value:,}"


def finances_chart_svg(years: Sequence[YearFigures], *, title: str, nonce: str = "") -> str:
    """Render the years as an inline SVG bar chart of income and spending; '' when there are none.

    `nonce` is the page's content-security-policy nonce, which lets the chart's own stylesheet apply.
    """
    if not years:
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
    return _allow_styles(_make_accessible(svg, summary=finances_summary(years)), nonce)


def _allow_styles(svg: str, nonce: str) -> str:
    """Let the page's content-security policy allow the chart's styles: its stylesheet carries the
    page's nonce, and its one style attribute becomes the equivalent SVG attribute."""
    svg = svg.replace('style="opacity: 0"', 'opacity="0"')
    return svg.replace("<style ", f'<style nonce="{escape(nonce)}" ', 1) if nonce else svg


def _make_accessible(svg: str, *, summary: str) -> str:
    """Make the SVG one image to assistive technology, named by its title and described by the summary."""
    svg = re.sub(r"<!--.*?-->", "", svg)
    # pygal always writes its configuration as an inline script, even with its JavaScript off.
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.DOTALL)
    match = re.search(r'<svg [^>]*?id="([^"]+)"', svg)
    chart_id = match.group(1) if match else "finances-chart"
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" focusable="false" aria-labelledby="{title_id}" aria-describedby="{desc_id}" ',
        1,
    )
    svg = svg.replace("<title>", f'<title id="{title_id}">', 1)
    return svg.replace("</title>", f'</title><desc id="{desc_id}">{escape(summary)}</desc>', 1)


# More GOV.UK colours with at least 3:1 contrast against white, one per funder (the rest as "Others").
FUNDER_COLOURS = ("#1d70b8", "#912b88", "#00703c", "#d4351c", "#505a5f", "#6f72af")


def grants_summary(rows: Sequence, *, name: str) -> str:
    """What the grants chart shows, in words."""
    if not rows:
        return f"No published grants to {name} are known."
    total = sum(row.total for row in rows)
    funders = sorted({row.funder for row in rows})
    years = sorted({row.year for row in rows})
    span = f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}"
    named = ", ".join(funders[:3]) + (f" and {len(funders) - 3} more" if len(funders) > 3 else "")
    return f"{name} received £{total:,.0f} in published grants {span}, from {named}."


def grants_chart_svg(rows: Sequence, *, title: str, name: str, nonce: str = "") -> str:
    """Grants received by year, stacked by funder (the largest five, the rest as "Others"); '' if none."""
    if not rows:
        return ""
    years = sorted({row.year for row in rows})
    by_funder: dict[str, float] = {}
    for row in rows:
        by_funder[row.funder] = by_funder.get(row.funder, 0) + float(row.total)
    largest = sorted(by_funder, key=lambda funder: (-by_funder[funder], funder))[: len(FUNDER_COLOURS) - 1]
    series: dict[str, dict[int, float]] = {funder: {} for funder in largest}
    for row in rows:
        key = row.funder if row.funder in series else "Others"
        series.setdefault(key, {})
        series[key][row.year] = series[key].get(row.year, 0) + float(row.total)
    style = Style(**{**CHART_STYLE.__dict__, "colors": FUNDER_COLOURS})
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
    return _allow_styles(_make_accessible(svg, summary=grants_summary(rows, name=name)), nonce)
