"""The curators' page of possible duplicates: confirm or reject a pair, split a link, reopen a rejection."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.core.pagination import pagination_links
from commoncause.linkage import queue
from commoncause.linkage.merge import LinkError
from commoncause.linkage.models import LinkCandidate, LinkStatus

PAIRS_PER_PAGE = 20
# The tabs of the page: what each shows.
VIEWS = {
    "waiting": ("Waiting", (LinkStatus.PENDING,)),
    "automatic": ("Linked automatically", (LinkStatus.AUTO,)),
    "decided": ("Decided", (LinkStatus.CONFIRMED, LinkStatus.REJECTED, LinkStatus.SPLIT)),
}


def _queue(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    shown = request.GET.get("show", "waiting")
    shown = shown if shown in VIEWS else "waiting"
    one = request.GET.get("pair", "")
    # One pair (from its organisation's page), or a tab's pairs.
    chosen: dict[str, object] = {"pk": int(one)} if one.isdigit() else {"status__in": VIEWS[shown][1]}
    pairs = (
        LinkCandidate.objects.filter(**chosen)
        .select_related("source", "target", "decided_by")
        .prefetch_related("source__identifiers", "target__identifiers")
        .order_by("-points", "pk" if shown == "waiting" else "-decided_at")
    )
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "pairs": page.object_list,
        "shown": shown,
        "tabs": [(key, label) for key, (label, _) in VIEWS.items()],
        "waiting_count": queue.pairs_waiting(),
        "pagination": pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages),
    }


@access(CURATOR, ADMIN)
def link_queue_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "linkage/link_queue.html", _queue(request))


def _decide(*, candidate: LinkCandidate, curator: User, approve: bool, reason: str) -> None:
    if approve:
        queue.confirm(candidate=candidate, curator=curator, reason=reason)
    else:
        queue.reject(candidate=candidate, curator=curator, reason=reason)


@access(CURATOR, ADMIN)
@require_POST
def link_decide(request: AuthenticatedHttpRequest, candidate_id: int) -> HttpResponse:
    candidate = get_object_or_404(LinkCandidate.objects.select_related("source", "target"), pk=candidate_id)
    names = f"{candidate.source.name} and {candidate.target.name}"
    return curator_decision(
        request,
        candidate,
        decide=partial(_decide, candidate=candidate),
        template="linkage/link_queue.html",
        queue=lambda: _queue(request),
        done=lambda approve: f"{names}: " + ("linked as one body." if approve else "kept apart."),
        queue_url="linkage:link_queue",
    )


@access(CURATOR, ADMIN)
@require_POST
def link_change(request: AuthenticatedHttpRequest, candidate_id: int, change: str) -> HttpResponse:
    """Split a linked pair, or reopen a rejected one."""
    candidate = get_object_or_404(LinkCandidate.objects.select_related("source", "target"), pk=candidate_id)
    names = f"{candidate.source.name} and {candidate.target.name}"
    try:
        if change == "split":
            queue.split(candidate=candidate, curator=request.user)
            messages.success(request, f"{names} are separate records again.")
        else:
            queue.reopen(candidate=candidate, curator=request.user)
            messages.success(request, f"{names} wait for a decision again.")
    except LinkError as problem:
        messages.error(request, str(problem))
    shown = request.POST.get("show", "")
    return redirect(reverse("linkage:link_queue") + (f"?show={shown}" if shown in VIEWS else ""))
