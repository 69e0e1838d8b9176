"""The area picker's suggestions (htmx): the areas a person may mean as they type, and one picked."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.members.areas import AreaChoice, area_resolve, areas_suggest
from commoncause.members.forms import AREAS_ADD


def _split_typed(text: str) -> tuple[str, str]:
    """(what was typed before the area being typed now, the area being typed now): areas are separated
    by semicolons."""
    before, _, now = text.rpartition(";")
    return (f"{before.strip()}; " if before.strip() else ""), now.strip()


@access(SIGNED_IN)
def area_suggest(request: AuthenticatedHttpRequest) -> HttpResponse:
    keep, typed = _split_typed(request.GET.get(AREAS_ADD, "")[:200])
    context = {"areas": areas_suggest(typed), "keep": keep.strip(), "typed": typed}
    return render(request, "members/_area_suggestions.html", context)


@access(SIGNED_IN)
def area_chosen(request: AuthenticatedHttpRequest) -> HttpResponse:
    area = area_resolve(request.GET.get("code", "")[:20])
    if not isinstance(area, AreaChoice):  # no box to add: the picker adds nothing
        return HttpResponseBadRequest("No area has this code.", content_type="text/plain")
    keep = request.GET.get("keep", "")[:5000].strip().rstrip(";").strip()
    return render(request, "members/_area_chosen.html", {"area": area, "keep": keep})
