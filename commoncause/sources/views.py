"""The import history: every run of every importer, for register curators and administrators."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.core.pagination import pagination_links
from commoncause.register.models import ImportRun

RUNS_PER_PAGE = 50


@access(CURATOR, ADMIN)
def import_run_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(ImportRun.objects.order_by("-started_at", "-id"), RUNS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    pagination = pagination_links(request.GET, page=page.number, pages=paginator.num_pages)
    context = {"runs": page.object_list, "page": page, "pagination": pagination}
    return render(request, "sources/import_run_list.html", context)
