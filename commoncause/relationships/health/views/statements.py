"""A council's statements: the shipped sets and its own, retiring any from its future rounds, and adding
its own."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.relationships.health import selectors, services
from commoncause.relationships.health.forms import OwnStatementForm
from commoncause.relationships.health.library import SOURCE_LABELS
from commoncause.relationships.health.views.common import council_or_404, runs_or_refuse
from commoncause.relationships.health.views.rounds import RUNNERS


@access(*RUNNERS, object_level=True)
def health_statement_list(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    """Every statement the council's rounds may ask, by set; a POST retires one or offers it again."""
    council = council_or_404(council_slug)
    runs_or_refuse(request.user, council)
    if request.method == "POST":
        key, retire = request.POST.get("statement", ""), request.POST.get("retire") == "yes"
        try:
            services.health_statement_retire(user=request.user, council=council, key=key, retire=retire)
        except services.HealthCheckError as problem:
            messages.error(request, str(problem))
        else:
            code = key.partition(":")[2]
            messages.success(request, f"{code} retired." if retire else f"{code} offered again.")
        return redirect("relationships:health_statement_list", council_slug=council.slug)
    groups: dict[str, list[selectors.CouncilStatement]] = {}
    for found in selectors.council_statements(council):
        groups.setdefault(found.statement.source, []).append(found)
    context = {
        "council": council,
        "groups": [(source, SOURCE_LABELS[source], items) for source, items in groups.items()],
    }
    return render(request, "relationships/health/statement_list.html", context)


@access(*RUNNERS, object_level=True)
def health_statement_new(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    council = council_or_404(council_slug)
    runs_or_refuse(request.user, council)
    form = OwnStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.health_statement_add(user=request.user, council=council, **form.cleaned_data)
        except services.HealthCheckError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, f"Statement {made.code} added. New rounds may ask it.")
            return redirect("relationships:health_statement_list", council_slug=council.slug)
    context = {"council": council, "form": form}
    return render(
        request, "relationships/health/statement_form.html", context, status=400 if form.errors else 200
    )
