"""Pages for adding a community group on no register, and for curators checking new groups."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.members import groups
from commoncause.members.forms import GroupForm
from commoncause.members.models import PROFILE_FIELDS, GroupProposal
from commoncause.members.statements import ProfileEditError, readable


@access(SIGNED_IN)
def group_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            groups.group_propose(
                user=request.user,
                name=data["name"],
                postcode=data["postcode"],
                values={field: data.get(field, "") for field in PROFILE_FIELDS},
            )
        except ProfileEditError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(
                request, "Thank you. A curator will check the group before it joins the register."
            )
            return redirect("accounts:account")
    return render(request, "members/group_new.html", {"form": form}, status=400 if form.errors else 200)


@access(CURATOR, ADMIN)
def group_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "members/group_queue.html", _queue())


def _queue() -> dict[str, object]:
    waiting = [(proposal, readable(proposal.values)) for proposal in groups.groups_waiting()]
    return {"waiting": waiting, "labels": PROFILE_FIELDS}


@access(CURATOR, ADMIN)
@require_POST
def group_decide(request: AuthenticatedHttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_object_or_404(GroupProposal, pk=proposal_id)
    return curator_decision(
        request,
        proposal,
        decide=partial(groups.group_decide, proposal=proposal, base_url=request.build_absolute_uri("/")),
        template="members/group_queue.html",
        queue=_queue,
        done=lambda approve: f"{proposal.name}: " + ("added to the register." if approve else "not added."),
        queue_url="members:group_queue",
    )
