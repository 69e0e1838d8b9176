"""The capacity self-diagnostic: an organisation's members (and curators) answer it; its result lists
the capacity needs it made and the open funds that pay for that support. Both pages list the
organisation's earlier diagnostics, to the same people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.roles import ADMIN, CURATOR, has_role
from commoncause.matching import diagnostic as capacity
from commoncause.matching.forms import DiagnosticForm
from commoncause.matching.models import Diagnostic
from commoncause.members.membership import is_member
from commoncause.register.models import Organisation
from commoncause.register.views import organisation_or_404


def _keeper_only(request: AuthenticatedHttpRequest, organisation: Organisation) -> None:
    if not (is_member(request.user, organisation) or has_role(request.user, CURATOR, ADMIN)):
        raise PermissionDenied("Only the organisation's members take its diagnostic.")


@access(SIGNED_IN, object_level=True)
def diagnostic_new(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    _keeper_only(request, organisation)
    form = DiagnosticForm(request.POST or None, areas=[(area.code, area.question) for area in capacity.AREAS])
    if request.method == "POST" and form.is_valid():
        made = capacity.diagnostic_record(
            user=request.user, organisation=organisation, answers=form.answers()
        )
        messages.success(request, "Thank you: your answers are kept.")
        return redirect("matching:diagnostic_detail", org_id=org_id, diagnostic_id=made.pk)
    rows = [
        (
            area,
            capacity.barriers().get(area.barriers[0], ""),
            form[f"{area.code}_score"],
            form[f"{area.code}_note"],
        )
        for area in capacity.AREAS
    ]
    context = {
        "org": organisation,
        "org_key": org_id,
        "form": form,
        "rows": rows,
        "taken": capacity.diagnostics_taken(organisation),
    }
    return render(request, "matching/diagnostic_form.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
def diagnostic_detail(request: AuthenticatedHttpRequest, org_id: str, diagnostic_id: int) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    _keeper_only(request, organisation)
    diagnostic = get_object_or_404(Diagnostic, pk=diagnostic_id, organisation=organisation)
    scores = [(area, diagnostic.answers.get(area.code, {})) for area in capacity.AREAS]
    context = {
        "org": organisation,
        "diagnostic": diagnostic,
        "scores": scores,
        "needs": diagnostic.needs.order_by("title"),
        "funds": capacity.funds_for(diagnostic),
        "taken": capacity.diagnostics_taken(organisation, leaving_out=diagnostic.pk),
    }
    return render(request, "matching/diagnostic_detail.html", context)
