"""Administrators' pages for councils: list, add, change."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commoncause.accounts.access import AuthenticatedHttpRequest, access
from commoncause.accounts.councils import area_codes_parse, council_save
from commoncause.accounts.models import Council
from commoncause.accounts.roles import ADMIN
from commoncause.accounts.services import AccountError


class CouncilForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="For example, Belfast City Council.")
    area_codes = forms.CharField(
        label="Local authority areas it covers",
        required=False,
        widget=forms.Textarea,
        help_text="GSS codes, one per line or separated by commas, such as N09000003.",
    )
    org_id = forms.CharField(
        label="Its org-id as a funder",
        required=False,
        max_length=100,
        help_text="For example, GB-LAE-WSM: the funder of the grants it awards, in the 360Giving export.",
    )


@access(ADMIN)
def council_list(request: AuthenticatedHttpRequest, council_id: int | None = None) -> HttpResponse:
    council = get_object_or_404(Council, pk=council_id) if council_id else None
    initial = (
        {"name": council.name, "area_codes": "\n".join(council.area_codes), "org_id": council.org_id}
        if council
        else {}
    )
    form = CouncilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = council_save(
                actor=request.user,
                council=council,
                name=form.cleaned_data["name"],
                area_codes=area_codes_parse(form.cleaned_data["area_codes"]),
                org_id=form.cleaned_data["org_id"],
            )
        except AccountError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("accounts:council_list")
    context = {"form": form, "council": council, "councils": Council.objects.all()}
    return render(request, "accounts/councils.html", context, status=400 if form.errors else 200)
