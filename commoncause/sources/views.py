"""Import history pages (placeholder until the templates land)."""

from django.http import HttpRequest, HttpResponse


def import_run_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Imports")
