"""An approach's steps as pages: shortlist, contact, the organisation's answer, the outcome; and the
approaches made to a member's organisations."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.matching import approaches as steps
from commoncause.matching import matcher
from commoncause.matching.models import Approach
from commoncause.matching.queries import need_query
from commoncause.matching.selectors import approaches_for_member
from commoncause.matching.views.needs import DECISIONS, need_or_404, organisation_from_post


@access(SIGNED_IN, object_level=True)
@require_POST
def need_shortlist(request: AuthenticatedHttpRequest, need_id: uuid.UUID) -> HttpResponse:
    need = need_or_404(request, need_id, keep=True)
    organisation = organisation_from_post(request)
    if organisation is None:
        messages.error(request, "Pick an organisation to shortlist.")
        return redirect("matching:need_detail", need_id=need.pk)
    explained = matcher.explain(need_query(need), organisation.pk)
    try:
        steps.approach_shortlist(
            user=request.user,
            need=need,
            organisation=organisation,
            match=explained[0] if explained else None,
            failed=explained[1] if explained else (),
        )
    except steps.ApproachError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{organisation.name} is on the shortlist.")
    return redirect("matching:need_detail", need_id=need.pk)


def _step(
    request: AuthenticatedHttpRequest, approach_id: int, take: Callable[[Approach], str], back: str
) -> HttpResponse:
    """Take one step of an approach; a person with no part in it is told there is no such approach."""
    approach = get_object_or_404(Approach.objects.select_related("need", "organisation"), pk=approach_id)
    try:
        done = take(approach)
    except steps.ApproachError as problem:
        if problem.not_allowed:
            raise Http404("No such approach.") from None
        messages.error(request, str(problem))
    else:
        messages.success(request, done)
    if back == "need":
        return redirect("matching:need_detail", need_id=approach.need_id)
    return redirect("matching:approach_list")


@access(SIGNED_IN, object_level=True)
@require_POST
def approach_contact(request: AuthenticatedHttpRequest, approach_id: int) -> HttpResponse:
    def take(approach: Approach) -> str:
        steps.approach_contact(user=request.user, approach=approach, base_url=request.build_absolute_uri("/"))
        return f"{approach.organisation.name} has been contacted: its members will answer here."

    return _step(request, approach_id, take, "need")


@access(SIGNED_IN, object_level=True)
@require_POST
def approach_answer(request: AuthenticatedHttpRequest, approach_id: int) -> HttpResponse:
    def take(approach: Approach) -> str:
        accept = DECISIONS.get(request.POST.get("decision", ""))
        steps.approach_answer(
            user=request.user, approach=approach, accept=accept, reason=request.POST.get("reason", "")
        )
        return f"{approach.need.title}: {'accepted' if accept else 'declined'}."

    return _step(request, approach_id, take, "list")


@access(SIGNED_IN, object_level=True)
@require_POST
def approach_outcome(request: AuthenticatedHttpRequest, approach_id: int) -> HttpResponse:
    def take(approach: Approach) -> str:
        steps.approach_outcome(user=request.user, approach=approach, outcome=request.POST.get("outcome", ""))
        return f"The outcome with {approach.organisation.name} is recorded."

    return _step(request, approach_id, take, "need")


@access(SIGNED_IN)
def approach_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The approaches made to the person's organisations, to accept or decline."""
    return render(request, "matching/approach_list.html", {"approaches": approaches_for_member(request.user)})
