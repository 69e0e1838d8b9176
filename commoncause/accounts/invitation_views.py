"""The pages for invitations: an administrator invites staff; anyone opens the link they were sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.accounts.invitations import invitation_find, staff_invitation_accept, staff_invite
from commoncause.accounts.models import Council, Role, StaffInvitation
from commoncause.accounts.roles import ADMIN, PUBLIC
from commoncause.accounts.services import AccountError


def invitation_page(
    request: HttpRequest,
    token: str,
    *,
    find: Callable[[str], Any],
    accept: Callable[..., Any],
    what: Callable[[Any], str],
    done: str,
) -> HttpResponse:
    """Show an invitation (what it is for, and to whom); on POST, the signed-in person accepts it."""
    try:
        invitation = find(token)
    except AccountError as problem:
        return render(request, "accounts/invitation.html", {"problem": str(problem)}, status=400)
    context = {"invitation": invitation, "what": what(invitation), "here": request.get_full_path()}
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            accept(token=token, user=request.user)
        except AccountError as problem:
            return render(
                request, "accounts/invitation.html", {**context, "problem": str(problem)}, status=400
            )
        messages.success(request, f"Invitation accepted: you can now {context['what']}.")
        return redirect(done)
    return render(request, "accounts/invitation.html", context)


@access(PUBLIC)
def staff_invitation(request: HttpRequest, token: str) -> HttpResponse:
    return invitation_page(
        request,
        token,
        find=lambda t: invitation_find(t, StaffInvitation),
        accept=staff_invitation_accept,
        what=lambda inv: f"work as {inv.get_role_display()}" + (f" for {inv.council}" if inv.council else ""),
        done="accounts:account",
    )


class StaffInviteForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    council = forms.ModelChoiceField(
        label="Council (for officers)", queryset=Council.objects.all(), required=False, empty_label="None"
    )


@access(ADMIN)
def staff_invite_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = staff_invite(
                actor=request.user,
                email=data["email"],
                role=data["role"],
                council=data["council"],
                base_url=request.build_absolute_uri("/"),
            )
        except AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts:staff_invite_new")
    sent = StaffInvitation.objects.select_related("council").order_by("-created_at")[:50]
    context = {"form": form, "sent": sent}
    return render(request, "accounts/staff_invite.html", context, status=400 if form.errors else 200)
