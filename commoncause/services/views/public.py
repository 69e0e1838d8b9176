"""The public pages of services: one service, and (find.py) finding one near you."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.pagination import pagination_links
from commoncause.places.themes import themes
from commoncause.services import editing
from commoncause.services.finding import RADII_KM, find_query, services_find
from commoncause.services.models import DAYS, Service
from commoncause.services.selectors import services_public
from commoncause.services.service_pages import service_cards


@access(PUBLIC)
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    cards = service_cards(services_public().filter(pk=service_id))
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


@access(PUBLIC)
def service_find(request: HttpRequest) -> HttpResponse:
    """Find a service near you: a shareable address (every choice is in the query string), results first
    on a phone, and the filters beside them on a wider screen."""
    query = find_query(request.GET)
    params = request.GET.copy()
    params.pop("print", None)
    result = services_find(query)
    context = {
        "result": result,
        "query": query,
        "categories": [(theme.code, theme.label) for theme in themes()],
        "days": DAYS,
        "radii": RADII_KM,
        "pagination": pagination_links(request.GET, page=query.page, pages=result.pages),
        "print_view": request.GET.get("print") == "1",
        "search_query": params.urlencode(),
    }
    status = 400 if query.problems else 200
    return render(request, "services/find.html", context, status=status)


@access(PUBLIC)
def service_history(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = services_public().filter(pk=service_id).first()
    if service is None:
        raise Http404("No service has that id.")
    return render(
        request, "services/service_history.html", {"service": service, "versions": editing.history(service)}
    )
