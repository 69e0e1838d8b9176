"""Register pages (placeholder views until the templates land)."""

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Common Cause")


def organisation_search_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Search")


def organisation_detail(request: HttpRequest, org_id: str) -> HttpResponse:
    return HttpResponse(org_id)
