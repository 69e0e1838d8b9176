"""The public pages of services: one service, and (find.py) finding one near you."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.services import editing
from commoncause.services.models import Service
from commoncause.services.service_pages import public_services, service_cards


@access(PUBLIC)
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    cards = service_cards(public_services().filter(pk=service_id))
    if not cards:
        raise Http404("No service has that id.")
    card = cards[0]
    service = Service.objects.select_related("organisation").get(pk=service_id)
    can_edit = service.organisation is not None and editing.may_edit(request.user, service.organisation)  # type: ignore[arg-type]
    context = {
        "card": card,
        "can_edit": can_edit,
        "waiting": editing.waiting_for(service.pk) if can_edit else None,
    }
    return render(request, "services/service_detail.html", context)
