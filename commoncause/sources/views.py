"""The import history: every run of every importer, for register staff."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commoncause.core.pagination import pagination_links
from commoncause.sources.models import ImportRun

RUNS_PER_PAGE = 50

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Send people who are not signed in to sign in; refuse signed-in people who are not staff (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("Register staff only.")
        return view(request, *args, **kwargs)

    return wrapped


@staff_required
def import_run_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(ImportRun.objects.order_by("-started_at", "-id"), RUNS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    pagination = pagination_links(request.GET, page=page.number, pages=paginator.num_pages)
    context = {"runs": page.object_list, "page": page, "pagination": pagination}
    return render(request, "sources/import_run_list.html", context)
