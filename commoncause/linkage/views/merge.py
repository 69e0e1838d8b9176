"""Pages for curators to link two records of one body, and to undo a link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.linkage import merge
from commoncause.linkage.models import OrganisationMerge
from commoncause.register import selectors
from commoncause.register.views import organisation_or_404


class LinkForm(forms.Form):
    target = forms.CharField(
        label="The organisation this record is part of",
        max_length=80,
        help_text="Its org-id, such as GB-CHC-1024664 or GB-NIC-100002.",
    )
    reason = forms.CharField(
        label="How you know they are the same body",
        required=False,
        widget=forms.Textarea,
        help_text="For example, the group registered as a charity in May.",
    )


@access(CURATOR, ADMIN)
def organisation_link(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    source = organisation_or_404(org_id)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = selectors.organisation_by_identifier(form.cleaned_data["target"])
        if target is None:
            form.add_error("target", "No organisation has that identifier.")
        else:
            try:
                merge.organisation_link(
                    curator=request.user, source=source, target=target, reason=form.cleaned_data["reason"]
                )
            except merge.LinkError as problem:
                form.add_error(problem.field, str(problem))
            else:
                messages.success(request, f"{source.name} is now part of {target.name}.")
                return redirect("register:organisation_detail", org_id=str(target.pk))
    context = {"org": source, "org_key": org_id, "form": form}
    return render(request, "linkage/organisation_link.html", context, status=400 if form.errors else 200)


@access(CURATOR, ADMIN)
@require_POST
def organisation_unlink(request: AuthenticatedHttpRequest, merge_id: int) -> HttpResponse:
    link = get_object_or_404(OrganisationMerge.objects.select_related("source", "target"), pk=merge_id)
    try:
        merge.organisation_unlink(curator=request.user, merge=link)
    except merge.LinkError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{link.source.name} is a record of its own again.")
    return redirect("register:organisation_detail", org_id=str(link.source.pk))
