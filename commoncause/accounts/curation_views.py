"""The curators' page (what waits in each queue), and the one way a curator's decision is taken from a
queue page: parse, call the service, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.accounts.curation import DecisionError
from commoncause.accounts.curation_queues import waiting_in_queues
from commoncause.accounts.roles import ADMIN, CURATOR


def curator_decision(
    request: AuthenticatedHttpRequest,
    found: models.Model,
    *,
    decide: Callable[..., Any],
    template: str,
    queue: Callable[[], dict[str, Any]],
    done: Callable[[bool], str],
    queue_url: str,
) -> HttpResponse:
    """Approve (``decision=approve``) or refuse `found` through `decide(curator=, approve=, reason=)`.

    A refused decision shows the queue again with the problem beside the item and the reason as typed.
    """
    approve = request.POST.get("decision") == "approve"
    reason = request.POST.get("reason", "")
    try:
        decide(curator=request.user, approve=approve, reason=reason)
    except DecisionError as problem:
        context = {**queue(), "problem": str(problem), "problem_id": found.pk, "typed_reason": reason}
        return render(request, template, context, status=403 if problem.not_allowed else 400)
    messages.success(request, done(approve))
    return redirect(queue_url)


@access(CURATOR, ADMIN)
def curation_home(request: HttpRequest) -> HttpResponse:
    """What waits for a curator, queue by queue, and the other pages curators work from."""
    found = waiting_in_queues()
    return render(
        request,
        "accounts/curation/home.html",
        {
            "queues": [item for item in found if item.count is not None],
            "pages": [item.queue for item in found if item.count is None],
            "total": sum(item.count or 0 for item in found),
        },
    )
