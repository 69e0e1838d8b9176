"""A round's action plan: read by everyone who reads its results, kept by those who run it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.relationships.health import selectors, services
from commoncause.relationships.health.forms import ActionForm
from commoncause.relationships.health.models import HealthAction, HealthRound
from commoncause.relationships.health.views.common import round_or_404, runs_or_refuse
from commoncause.relationships.health.views.rounds import RUNNERS


@access(SIGNED_IN, object_level=True)
def health_action_list(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    found = round_or_404(round_id)
    may_run = selectors.may_run(request.user, found.council)
    if not (may_run or selectors.may_see_results(request.user, found)):
        raise PermissionDenied("Only the council's officers, curators and the sector's respondents see it.")
    context = {
        "health_round": found,
        "council": found.council,
        "actions": selectors.actions_of(found),
        "may_run": may_run,
    }
    return render(request, "relationships/health/action_list.html", context)


def _action_form(
    request: AuthenticatedHttpRequest, found: HealthRound, action: HealthAction | None
) -> HttpResponse:
    runs_or_refuse(request.user, found.council)
    statements = selectors.round_statements(found)
    if action is not None:
        chosen = [str(pk) for pk in action.statements.values_list("pk", flat=True)]
        initial = {
            "title": action.title, "owner": action.owner, "due": action.due, "status": action.status,
            "notes": action.notes, "statements": chosen,
        }  # fmt: skip
    else:
        initial = {"statements": request.GET.getlist("statement")}
    form = ActionForm(request.POST or None, statements=statements, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_action_save(
                user=request.user, health_round=found, values=form.cleaned_data, action=action
            )
        except services.HealthCheckError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Action saved." if action else "Action added to the plan.")
            return redirect("relationships:health_action_list", round_id=found.pk)
    context = {"health_round": found, "council": found.council, "form": form, "action": action}
    return render(
        request, "relationships/health/action_form.html", context, status=400 if form.errors else 200
    )


@access(*RUNNERS, object_level=True)
def health_action_new(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    return _action_form(request, round_or_404(round_id), None)


@access(*RUNNERS, object_level=True)
def health_action_edit(request: AuthenticatedHttpRequest, round_id: int, action_id: int) -> HttpResponse:
    found = round_or_404(round_id)
    return _action_form(request, found, get_object_or_404(HealthAction, pk=action_id, round=found))
