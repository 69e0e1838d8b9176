"""Outcomes dashboards: a council's (its officers) and an organisation's (its members, and officers of
the councils funding it), each with charts and their tables, CSV downloads and a print view, every figure
with its source and date. Thin: check who may (outcomes.access), read (`ledger`, `figures`), render."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.models import Council
from commoncause.core.charts import csp_nonce
from commoncause.core.templatetags.govuk_format import format_money, format_number
from commoncause.outcomes.access import councils_kept, may_see_organisation_outcomes
from commoncause.outcomes.charts import bar_chart_svg
from commoncause.outcomes.figures import Dashboard, dashboard, reported_words
from commoncause.outcomes.ledger import council_awards, organisation_awards
from commoncause.outcomes.models import AlternativeCost, Indicator
from commoncause.outcomes.models import ProxyRate as ProxyRateRow
from commoncause.outcomes.value import ProxyRate, pounds
from commoncause.register.downloads import csv_cell
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

TABLES = ("years", "indicators", "wards")


def kept_councils(request: AuthenticatedHttpRequest) -> QuerySet[Council]:
    councils = councils_kept(request.user)
    if not councils.exists():
        raise PermissionDenied("A council's officers see its outcomes.")
    return councils


def chosen_council(request: AuthenticatedHttpRequest) -> Council:
    """The council asked for (`?council=<slug>`) among those the person keeps, else their first."""
    councils = kept_councils(request)
    key = request.GET.get("council") or request.POST.get("council")
    found = councils.filter(slug=key).first() if key else None
    council = found or councils.first()
    if council is None:
        raise PermissionDenied("A council's officers see its outcomes.")
    return council


def council_rates(council: Council) -> list[ProxyRate]:
    return [
        ProxyRate(row.name, row.per_hour, row.source, row.valid_from)
        for row in ProxyRateRow.objects.filter(council=council)
    ]


def council_board(council: Council) -> Dashboard:
    indicators = Indicator.objects.filter(outcome__council=council).select_related("outcome")
    return dashboard(
        council_awards(council),
        list(indicators.order_by("outcome__position", "position", "id")),
        council_rates=council_rates(council),
        costs=AlternativeCost.objects.filter(council=council).select_related("indicator"),
        source=f"{council.name}'s awards' monitoring returns",
        today=timezone.localdate(),
    )


def _charts(board: Dashboard, nonce: str) -> dict[str, str]:
    years = [row.year for row in board.years]
    return {
        "people": bar_chart_svg(
            "People reached by year",
            years,
            [row.beneficiaries for row in board.years],
            unit="people",
            nonce=nonce,
        ),
        "hours": bar_chart_svg(
            "Volunteer hours by year",
            years,
            [float(row.volunteer_hours) for row in board.years],
            unit="hours",
            nonce=nonce,
        ),
        "wards": bar_chart_svg(
            "People reached by ward",
            [name for _, name, _ in board.wards],
            [count for _, _, count in board.wards],
            unit="people",
            nonce=nonce,
            sideways=True,
        ),
    }


def table_rows(board: Dashboard, table: str) -> list[list[str]]:
    """A dashboard table as CSV rows, the header first."""
    if table == "years":
        rows = [
            [
                "financial_year",
                "returns",
                "spend_gbp",
                "people_reached",
                "volunteers_most",
                "volunteer_hours",
                "volunteer_value_gbp",
                "proxy_rates",
            ]
        ]
        rows += [
            [
                row.year,
                str(row.returns),
                f"{row.spend:.2f}",
                str(row.beneficiaries),
                str(row.volunteers),
                format_number(row.volunteer_hours).replace(",", ""),
                f"{pounds(row.volunteer_value):.2f}",
                "; ".join(row.rates),
            ]
            for row in [*board.years, board.totals]
        ]
        return rows
    if table == "indicators":
        rows = [
            [
                "outcome",
                "indicator",
                "unit",
                "direction",
                "baseline",
                "baseline_year",
                "target",
                "target_year",
                "reported",
                "returns",
                "cost_per_outcome_gbp",
                "source",
            ]
        ]
        rows += [
            [
                row.outcome,
                row.name,
                row.unit,
                row.direction,
                "" if row.baseline is None else str(row.baseline),
                str(row.baseline_year or ""),
                "" if row.target is None else str(row.target),
                str(row.target_year or ""),
                "" if row.reported is None else format_number(row.reported).replace(",", ""),
                str(row.returns),
                "" if row.cost_per_outcome is None else f"{pounds(row.cost_per_outcome):.2f}",
                row.source,
            ]
            for row in board.indicators
        ]
        return rows
    return [
        ["ward_code", "ward", "people_reached"],
        *[[code, name, str(count)] for code, name, count in board.wards],
    ]


def csv_response(rows: list[list[str]], filename: str, stamp: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)  # no cell a spreadsheet would run
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Source"] = stamp.encode("ascii", "replace").decode("ascii")[:500]
    return response


def _context(request: HttpRequest, board: Dashboard, **extra: Any) -> dict[str, Any]:
    return {
        "board": board,
        "totals": board.totals,
        "charts": _charts(board, csp_nonce(request)),
        "indicator_rows": [(row, reported_words(row)) for row in board.indicators],
        "printing": request.GET.get("print") == "1",
        "today": timezone.localdate(),
        **extra,
    }


@access(SIGNED_IN, object_level=True)
def council_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    council = chosen_council(request)
    board = council_board(council)
    table = request.GET.get("table", "")
    if request.GET.get("format") == "csv":
        if table not in TABLES:
            raise Http404("No such table.")
        return csv_response(
            table_rows(board, table), f"{council.slug}-outcomes-{table}.csv", board.stamp.words()
        )
    context = _context(request, board, council=council, councils=kept_councils(request))
    return render(request, "outcomes/dashboard.html", context)


def _organisation(request: AuthenticatedHttpRequest, org_id: str) -> Organisation:
    organisation = organisation_by_identifier(org_id)
    if organisation is None or not may_see_organisation_outcomes(request.user, organisation):
        raise Http404("No such organisation's outcomes.")
    return organisation


@access(SIGNED_IN, object_level=True)
def organisation_dashboard(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = _organisation(request, org_id)
    awards = organisation_awards(organisation.pk)
    board = dashboard(
        awards, [], source=f"{organisation.name}'s monitoring returns", today=timezone.localdate()
    )
    table = request.GET.get("table", "")
    if request.GET.get("format") == "csv":
        if table not in ("years", "wards"):
            raise Http404("No such table.")
        return csv_response(table_rows(board, table), f"outcomes-{table}.csv", board.stamp.words())
    context = _context(request, board, organisation=organisation, awards=awards, org_key=org_id)
    context["funding_words"] = format_money(board.funding_a_year)
    return render(request, "outcomes/organisation.html", context)
