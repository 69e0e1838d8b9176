"""A closed round's results: each side's view by theme, the perception gap by statement, the weakest
statements, unattributed evidence, trends across the council's rounds, and each table as CSV. Every
figure is suppressed where a group has fewer than five (results.py); no answer is shown by itself."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.core.charts import csp_nonce
from commoncause.relationships.health import selectors
from commoncause.relationships.health.figures import (
    results_figures,
    results_tables,
    table_csv,
    trend_themes_table,
)
from commoncause.relationships.health.models import HealthRound
from commoncause.relationships.health.results import SMALLEST_GROUP
from commoncause.relationships.health.views.common import by_about, round_or_404


def _may_read(request: AuthenticatedHttpRequest, found: HealthRound) -> bool:
    """Whether the results show (the round is closed); a note before, and nothing for anyone else."""
    if not selectors.may_read(request.user, found):
        raise PermissionDenied(
            "Only the council's officers, curators and the sector's respondents see results."
        )
    return selectors.may_see_results(request.user, found)


@access(SIGNED_IN, object_level=True)
def health_results(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    found = round_or_404(round_id)
    context = {
        "health_round": found,
        "council": found.council,
        "may_run": selectors.may_run(request.user, found.council),
        "smallest": SMALLEST_GROUP,
    }
    if not _may_read(request, found):
        context["counts"] = selectors.response_counts(found)
        return render(request, "relationships/health/results_waiting.html", context)
    results = selectors.round_results(found)
    points = selectors.council_trend(found)
    context |= {
        "results": results,
        "figures": results_figures(results, points, csp_nonce(request)),
        "trend_themes": trend_themes_table(points),
        "trend_rounds": len(points),
        "evidence": by_about(
            [r for r in results.statements if any(r.evidence.values())], lambda r: r.statement.about
        ),
        "actions": selectors.actions_of(found),
    }
    return render(request, "relationships/health/results.html", context)


@access(SIGNED_IN, object_level=True)
def health_results_csv(request: AuthenticatedHttpRequest, round_id: int, table: str) -> HttpResponse:
    """One table of a closed round's results as CSV, exactly as the page shows it."""
    found = round_or_404(round_id)
    if not _may_read(request, found):
        raise Http404("Results show once the round closes.")
    tables = results_tables(selectors.round_results(found), selectors.council_trend(found))
    if table not in tables:
        raise Http404("The results have no table of that name.")
    response = HttpResponse(table_csv(tables[table]), content_type="text/csv; charset=utf-8")
    name = f"health-check-{found.council.slug}-{found.pk}-{table}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
