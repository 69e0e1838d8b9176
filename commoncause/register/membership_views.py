"""Pages for joining an organisation and for curators deciding on requests. Thin: parse, call, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, access
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.register import membership
from commoncause.register.curation_views import curator_decision
from commoncause.register.models import Membership, MembershipStatus
from commoncause.register.views import organisation_or_404


@access(SIGNED_IN)
@require_POST
def organisation_join(request: HttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    try:
        made = membership.membership_request(
            user=request.user, organisation=organisation, message=request.POST.get("message", "")
        )
    except membership.MembershipError as problem:
        messages.error(request, str(problem))
    else:
        if made.status == MembershipStatus.APPROVED:
            messages.success(request, f"You are now a member of {organisation.name}.")
        else:
            messages.success(
                request, "Thank you. A curator will look at your request, usually within 2 working days."
            )
    return redirect("register:organisation_detail", org_id=org_id)


@access(CURATOR, ADMIN)
def membership_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "register/membership_queue.html", {"waiting": membership.memberships_waiting()})


@access(CURATOR, ADMIN)
@require_POST
def membership_decide(request: HttpRequest, membership_id: int) -> HttpResponse:
    found = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_id)
    return curator_decision(
        request,
        found,
        decide=partial(membership.membership_decide, membership=found),
        template="register/membership_queue.html",
        queue=lambda: {"waiting": membership.memberships_waiting()},
        done=lambda approve: (
            f"{found.user.email} in {found.organisation.name}: " + ("approved." if approve else "refused.")
        ),
        queue_url="register:membership_queue",
    )
