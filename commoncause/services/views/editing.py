"""Pages for an organisation's services: members add and change them, curators approve each change."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation_views import curator_decision
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.register.models import Organisation
from commoncause.register.views import organisation_or_404
from commoncause.services import editing
from commoncause.services.forms import ServiceForm
from commoncause.services.models import Service, ServiceEdit
from commoncause.services.service_pages import current_document


def _edit_page(
    request: AuthenticatedHttpRequest,
    *,
    organisation: Organisation,
    org_key: str,
    service_id: uuid.UUID,
    current: dict[str, Any],
) -> HttpResponse:
    if not editing.may_edit(request.user, organisation):
        raise PermissionDenied("Only the organisation's members can change its services.")
    form = ServiceForm(request.POST or None, initial=editing.form_initial(current) if current else None)
    if request.method == "POST" and form.is_valid():
        after = editing.document_from_form(
            form.cleaned_data, service_id=service_id, organisation=organisation, current=current
        )
        try:
            editing.service_edit_propose(
                user=request.user,
                organisation=organisation,
                service_id=service_id,
                before=current,
                after=after,
            )
        except editing.ServiceEditError as problem:
            form.add_error(problem.field, str(problem))
        else:
            messages.success(request, "Thank you. A curator will check the service before it appears.")
            return redirect("register:organisation_detail", org_id=org_key)
    context = {
        "org": organisation,
        "org_key": org_key,
        "form": form,
        "is_new": not current,
        "service_id": service_id,
    }
    return render(request, "services/service_edit.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
def service_new(request: AuthenticatedHttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    # A new service's id is fixed once the form is first shown, so sending it twice makes one service.
    posted = request.POST.get("service_id", "")
    try:
        service_id = uuid.UUID(posted) if posted else uuid.uuid4()
    except ValueError:
        service_id = uuid.uuid4()
    if Service.objects.filter(pk=service_id).exists():
        service_id = uuid.uuid4()
    return _edit_page(request, organisation=organisation, org_key=org_id, service_id=service_id, current={})


@access(SIGNED_IN, object_level=True)
def service_edit(request: AuthenticatedHttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
    if service.organisation is None:
        raise PermissionDenied("A service of no organisation is changed by its feed.")
    return _edit_page(
        request,
        organisation=service.organisation,
        org_key=str(service.organisation.pk),
        service_id=service.pk,
        current=current_document(service),
    )


def _queue() -> dict[str, object]:
    return {"waiting": [(edit, editing.changes(edit.before, edit.after)) for edit in editing.edits_waiting()]}


@access(CURATOR, ADMIN)
def service_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "services/service_queue.html", _queue())


@access(CURATOR, ADMIN)
@require_POST
def service_decide(request: AuthenticatedHttpRequest, edit_id: int) -> HttpResponse:
    edit = get_object_or_404(ServiceEdit.objects.select_related("organisation"), pk=edit_id)
    name = str(edit.after.get("name", ""))
    return curator_decision(
        request,
        edit,
        decide=partial(editing.service_edit_decide, edit=edit, base_url=request.build_absolute_uri("/")),
        template="services/service_queue.html",
        queue=_queue,
        done=lambda approve: (
            f"{name} of {edit.organisation.name}: " + ("approved." if approve else "sent back.")
        ),
        queue_url="services:service_queue",
    )
