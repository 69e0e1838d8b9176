"""Pages for joining an organisation and for curators deciding on requests. Thin: parse, call, render."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.invitation_views import invitation_page
from commoncause.accounts.invitations import invitation_find
from commoncause.accounts.roles import ADMIN, CURATOR, PUBLIC, is_curator
from commoncause.accounts.services import AccountError
from commoncause.members import invitations, membership
from commoncause.members.models import MemberInvitation, Membership, MembershipStatus
from commoncause.register.views import organisation_or_404


@access(SIGNED_IN)
@require_POST
def organisation_join(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
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
def membership_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "members/membership_queue.html", {"waiting": membership.memberships_waiting()})


@access(CURATOR, ADMIN)
@require_POST
def membership_decide(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    found = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=membership_id)
    return curator_decision(
        request,
        found,
        decide=partial(
            membership.membership_decide, membership=found, base_url=request.build_absolute_uri("/")
        ),
        template="members/membership_queue.html",
        queue=lambda: {"waiting": membership.memberships_waiting()},
        done=lambda approve: (
            f"{found.user.email} in {found.organisation.name}: " + ("approved." if approve else "refused.")
        ),
        queue_url="members:membership_queue",
    )


class InviteForm(forms.Form):
    email = forms.CharField(
        label="Your colleague's email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )


@access(SIGNED_IN, object_level=True)
def member_invite(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    if not (membership.is_member(request.user, organisation) or is_curator(request.user)):
        raise PermissionDenied("Only the organisation's members can invite colleagues.")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitations.member_invite(
                user=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            )
        except AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, f"Invitation sent to {sent.email}.")
            return redirect("register:organisation_detail", org_id=org_id)
    context = {"org": organisation, "org_key": org_id, "form": form}
    return render(request, "members/member_invite.html", context, status=400 if form.errors else 200)


@access(PUBLIC)
def member_invitation(request: HttpRequest, token: str) -> HttpResponse:
    return invitation_page(
        request,
        token,
        find=lambda t: invitation_find(t, MemberInvitation),
        accept=invitations.member_invitation_accept,
        what=lambda inv: f"keep {inv.organisation.name}'s page as one of its members",
        done="accounts:account",
    )
