"""The state of the local sector in words and charts: a summary of each set of figures, for everyone,
and an accessible inline SVG chart of it (pygal, its JavaScript off; see core/charts.py).

A chart needs at least two bars to compare; with fewer it is '' and the summary and table say it all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pygal

from commoncause.core.charts import allow_styles, make_accessible, short_money, style_with
from commoncause.core.templatetags.govuk_format import format_money
from commoncause.places.sector import (
    Breakdown,
    Changes,
    Income,
    IncomeSources,
    People,
    Tally,
    Themes,
    ThemeTally,
)

# GOV.UK blue and purple: at least 3:1 contrast against white, as WCAG 1.4.11 asks of bars.
COLOURS = ("#1d70b8", "#912b88")


def _count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _organisations(count: int) -> str:
    return f"{count:,} organisation{'' if count == 1 else 's'}"


def bar_chart_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    summary: str,
    nonce: str = "",
    horizontal: bool = False,
    money: bool = False,
) -> str:
    """Bars for each label (one set per series); '' with fewer than two labels."""
    if len(labels) < 2:
        return ""
    kind: Callable[..., pygal.graph.graph.Graph] = pygal.HorizontalBar if horizontal else pygal.Bar
    many = len(labels) > 20  # years: label every fifth
    chart = kind(
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=720,
        height=max(360, 34 * len(labels) + 120) if horizontal else 360,
        title=title,
        style=style_with(COLOURS),
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        value_formatter=short_money if money else _count,
        x_labels=list(labels)[::-1] if horizontal else list(labels),  # pygal draws the first at the bottom
        x_labels_major_every=5 if many else None,
        show_minor_x_labels=not many,
        truncate_label=-1,
        margin_left=10,
    )
    for name, values in series:
        chart.add(name, list(values)[::-1] if horizontal else list(values))
    svg = chart.render(is_unicode=True)
    return allow_styles(make_accessible(svg, summary=summary), nonce)


def breakdown_summary(breakdown: Breakdown, *, what: str, unknown: str) -> str:
    """'Of the 62 organisations, the largest group by size is Medium (…): 23 (37%).'"""
    if not breakdown.total:
        return "No live organisation is placed in the council."
    if not breakdown.rows:
        return f"The sources publish the {what} of none of the {_organisations(breakdown.total)}."
    top = max(breakdown.rows, key=lambda row: row.count)
    text = (
        f"Of the {_organisations(breakdown.total)}, the largest group by {what} is {top.label}: "
        f"{top.count:,} ({_share(top.count, breakdown.total)})."
    )
    if breakdown.unknown:
        text += f" {unknown.format(count=breakdown.unknown)}"
    return text


def breakdown_chart_svg(breakdown: Breakdown, *, title: str, summary: str, nonce: str = "") -> str:
    return _counts_chart_svg(breakdown.rows, title=title, summary=summary, nonce=nonce)


def _counts_chart_svg(rows: Sequence[Tally | ThemeTally], *, title: str, summary: str, nonce: str) -> str:
    """Organisations by label, as horizontal bars."""
    labels = [row.label for row in rows]
    values = [row.count for row in rows]
    return bar_chart_svg(
        labels, [("Organisations", values)], title=title, summary=summary, nonce=nonce, horizontal=True
    )


def themes_summary(found: Themes) -> str:
    if not found.total:
        return "No live organisation is placed in the council."
    if not found.rows:
        return f"None of the {_organisations(found.total)} has a classification that falls under a theme."
    ranked = sorted(found.rows, key=lambda row: (-row.count, row.label))
    named = "; ".join(f"{row.label.lower()} ({row.count:,})" for row in ranked[:3])
    text = f"The themes most of the {_organisations(found.total)} work on are {named}."
    if found.without:
        text += f" {found.without:,} have no classification that falls under a theme."
    return text + " An organisation can have several themes."


def themes_chart_svg(found: Themes, *, title: str, summary: str, nonce: str = "") -> str:
    return _counts_chart_svg(found.rows, title=title, summary=summary, nonce=nonce)


def income_summary(found: Income) -> str:
    if not found.published:
        return f"The sources publish the income of none of the {_organisations(found.total)}."
    text = (
        f"{found.published:,} of the {_organisations(found.total)} publish their income: "
        f"{format_money(found.income)} a year between them, in their latest financial years"
    )
    if found.years_ending:
        first, last = found.years_ending
        text += f" (ending between {first:%B %Y} and {last:%B %Y})"
    text += f". The middle (median) income is {format_money(found.median)}."
    if found.bands:
        top = max(found.bands, key=lambda band: band.income)
        text += f" {top.label.split(' (')[0]} organisations ({top.organisations:,}) have "
        text += f"{_share(top.income, found.income)} of the income."
    return text


def income_chart_svg(found: Income, *, title: str, summary: str, nonce: str = "") -> str:
    labels = [band.label for band in found.bands]
    values = [band.income for band in found.bands]
    return bar_chart_svg(
        labels, [("Income", values)], title=title, summary=summary, nonce=nonce, horizontal=True, money=True
    )


def income_sources_summary(found: IncomeSources) -> str:
    if not found.published:
        return (
            f"The sources break down the income of none of the {_organisations(found.total)}. "
            "(Charities with an income over £500,000 tell the Charity Commission where their income came "
            "from.)"
        )
    main = [row for row in found.rows if "within" not in row.label]
    whole = sum(row.income for row in main)
    top = max(main, key=lambda row: row.income)
    return (
        f"{found.published:,} of the {_organisations(found.total)} break down their latest income "
        f"({format_money(whole)} between them): the most, {_share(top.income, whole)}, came from "
        f"{top.label.lower()}."
    )


def income_sources_chart_svg(found: IncomeSources, *, title: str, summary: str, nonce: str = "") -> str:
    main = [row for row in found.rows if "within" not in row.label]
    if not found.published:
        return ""
    return bar_chart_svg(
        [row.label for row in main], [("Income", [row.income for row in main])],
        title=title, summary=summary, nonce=nonce, horizontal=True, money=True,
    )  # fmt: skip


def people_summary(found: People) -> str:
    if not found.staff_published and not found.volunteers_published:
        return f"The sources publish the staff or volunteers of none of the {_organisations(found.total)}."
    return (
        f"{found.staff_published:,} of the {_organisations(found.total)} publish how many staff they "
        f"employ ({found.staff:,} between them) and {found.volunteers_published:,} how many volunteers "
        f"they have ({found.volunteers:,})."
    )


def people_chart_svg(found: People, *, title: str, summary: str, nonce: str = "") -> str:
    if not found.staff_published and not found.volunteers_published:
        return ""
    labels = [band.label for band in found.bands]
    staff = [band.staff for band in found.bands]
    volunteers = [band.volunteers for band in found.bands]
    return bar_chart_svg(
        labels, [("Staff", staff), ("Volunteers", volunteers)],
        title=title, summary=summary, nonce=nonce, horizontal=True,
    )  # fmt: skip


def registrations_summary(found: Changes) -> str:
    if not found.years:
        return "The sources give no registration or removal dates for the council's organisations."
    registered = sum(year.registered for year in found.years)
    removed = sum(year.removed for year in found.years)
    busiest = max(found.years, key=lambda year: (year.registered, year.year))
    last = found.years[-1]
    return (
        f"Of the {_organisations(found.total)} placed in the council (removed ones too), {registered:,} "
        f"were registered between {found.years[0].year} and {last.year}, the most ({busiest.registered:,}) "
        f"in {busiest.year}; {removed:,} have been removed. In {last.year}, {last.registered:,} were "
        f"registered and {last.removed:,} removed."
    )


def registrations_chart_svg(found: Changes, *, title: str, summary: str, nonce: str = "") -> str:
    labels = [str(year.year) for year in found.years]
    return bar_chart_svg(
        labels,
        [
            ("Registered", [year.registered for year in found.years]),
            ("Removed", [year.removed for year in found.years]),
        ],
        title=title,
        summary=summary,
        nonce=nonce,
    )
