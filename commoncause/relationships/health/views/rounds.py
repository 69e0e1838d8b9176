"""The health checks a person may run or answer, a council's rounds, and setting up, opening and closing
a round."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.roles import ADMIN, CURATOR, OFFICER
from commoncause.relationships.health import selectors, services
from commoncause.relationships.health.forms import RoundForm, StatementsForm
from commoncause.relationships.health.library import (
    ABOUT_LABELS,
    SOURCE_LABELS,
    LibraryStatement,
    statement_key,
)
from commoncause.relationships.health.models import RoundStatement, RoundStatus
from commoncause.relationships.health.views.common import (
    by_about,
    council_or_404,
    round_or_404,
    runs_or_refuse,
)

RUNNERS = (OFFICER, CURATOR, ADMIN)


@access(SIGNED_IN)
def health_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The councils whose health checks the person runs, and the rounds they may answer or read."""
    context = {
        "councils": selectors.councils_run_by(request.user),
        "rounds": selectors.rounds_for_respondent(request.user),
    }
    return render(request, "relationships/health/index.html", context)


@access(*RUNNERS, object_level=True)
def health_council(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    council = council_or_404(council_slug)
    runs_or_refuse(request.user, council)
    context = {"council": council, "rounds": selectors.rounds_of(council)}
    return render(request, "relationships/health/council.html", context)


@access(*RUNNERS, object_level=True)
def health_round_new(request: AuthenticatedHttpRequest, council_slug: str) -> HttpResponse:
    council = council_or_404(council_slug)
    runs_or_refuse(request.user, council)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.health_round_create(user=request.user, council=council, **form.cleaned_data)
        except services.HealthCheckError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Round set up. Check its statements, then open it for answers.")
            return redirect("relationships:health_round", round_id=made.pk)
    context = {"council": council, "form": form, "health_round": None}
    return render(
        request, "relationships/health/round_form.html", context, status=400 if form.errors else 200
    )


@access(*RUNNERS, object_level=True)
def health_round(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """A round as those who run it see it: its period and status, its statements, how many answered."""
    found = round_or_404(round_id)
    runs_or_refuse(request.user, found.council)
    statements = selectors.round_statements(found)
    context = {
        "health_round": found,
        "council": found.council,
        "groups": by_about(statements, lambda statement: statement.about),
        "counts": selectors.response_counts(found),
        "may_answer": selectors.may_answer(request.user, found),
        "answer_url": request.build_absolute_uri(reverse("relationships:health_answer", args=[found.pk])),
    }
    return render(request, "relationships/health/round_detail.html", context)


@access(*RUNNERS, object_level=True)
def health_round_edit(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    found = round_or_404(round_id)
    runs_or_refuse(request.user, found.council)
    initial = {"name": found.name, "opens": found.opens, "closes": found.closes}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_round_update(user=request.user, health_round=found, **form.cleaned_data)
        except services.HealthCheckError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Round changed.")
            return redirect("relationships:health_round", round_id=found.pk)
    context = {"council": found.council, "form": form, "health_round": found}
    return render(
        request, "relationships/health/round_form.html", context, status=400 if form.errors else 200
    )


def _statement_groups(
    keys: list[str], offered: dict[str, LibraryStatement], kept: dict[str, RoundStatement]
) -> list[tuple[str, list[tuple[int, str, LibraryStatement | RoundStatement, str]]]]:
    """The statements to choose from, by set, in the library's order: (index, key, statement, whom it is
    about) for each; the index numbers the checkboxes across the sets."""
    groups: dict[str, list[tuple[int, str, LibraryStatement | RoundStatement, str]]] = {}
    for index, key in enumerate(keys):
        statement: LibraryStatement | RoundStatement = offered.get(key) or kept[key]
        groups.setdefault(statement.source, []).append((index, key, statement, ABOUT_LABELS[statement.about]))
    return [(SOURCE_LABELS[source], items) for source, items in groups.items()]


@access(*RUNNERS, object_level=True)
def health_round_statements(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """Choose the statements a round asks: only while it is being set up."""
    found = round_or_404(round_id)
    runs_or_refuse(request.user, found.council)
    if found.status != RoundStatus.DRAFT:
        messages.error(request, "The statements are fixed once the round has opened for answers.")
        return redirect("relationships:health_round", round_id=found.pk)
    offered = selectors.statements_offered(found.council)
    kept = {statement_key(s.source, s.code): s for s in found.statements.all()}
    keys = list(offered) + [key for key in kept if key not in offered]
    form = StatementsForm(request.POST or None, keys=keys, initial={"statements": list(kept)})
    if request.method == "POST" and form.is_valid():
        try:
            services.health_round_statements_set(
                user=request.user, health_round=found, keys=form.cleaned_data["statements"]
            )
        except services.HealthCheckError as problem:
            form.add_error("statements", str(problem))
        else:
            messages.success(request, "Statements chosen.")
            return redirect("relationships:health_round", round_id=found.pk)
    chosen = set(form["statements"].value() or [])
    context = {
        "health_round": found,
        "council": found.council,
        "form": form,
        "groups": _statement_groups(keys, offered, kept),
        "chosen": chosen,
    }
    return render(
        request, "relationships/health/round_statements.html", context, status=400 if form.errors else 200
    )


@access(*RUNNERS, object_level=True)
@require_POST
def health_round_status(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """Open a round for answers, or close it (its results then show)."""
    found = round_or_404(round_id)
    runs_or_refuse(request.user, found.council)
    to = request.POST.get("to", "")
    try:
        if to == RoundStatus.OPEN:
            services.health_round_open(user=request.user, health_round=found)
            messages.success(request, "The round is open for answers. Its statements are now fixed.")
        elif to == RoundStatus.CLOSED:
            services.health_round_close(user=request.user, health_round=found)
            messages.success(request, "The round is closed. Its results show now.")
            return redirect("relationships:health_results", round_id=found.pk)
        else:
            messages.error(request, "Choose to open or to close the round.")
    except services.HealthCheckError as problem:
        messages.error(request, str(problem))
    return redirect("relationships:health_round", round_id=found.pk)
