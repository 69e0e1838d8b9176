"""The import history, and imports started from the web: for register curators and administrators."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from commoncause.accounts.access import access
from commoncause.accounts.roles import ADMIN, CURATOR
from commoncause.core.pagination import pagination_links
from commoncause.register.models import ImportRun
from commoncause.sources.forms import ImportRequestForm
from commoncause.sources.import_requests import (
    ImportRequestError,
    import_request_make,
    import_request_progress,
    requests_unfinished_first,
)
from commoncause.sources.models import ImportRequest

RUNS_PER_PAGE = 50


@access(CURATOR, ADMIN)
def import_run_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(ImportRun.objects.order_by("-started_at", "-id"), RUNS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    pagination = pagination_links(request.GET, page=page.number, pages=paginator.num_pages)
    context = {
        "runs": page.object_list,
        "page": page,
        "pagination": pagination,
        "requests": requests_unfinished_first() if page.number == 1 else [],
    }
    return render(request, "sources/import_run_list.html", context)


@access(CURATOR, ADMIN)
def import_request_new(request: HttpRequest) -> HttpResponse:
    """Upload a file to import; the task worker imports it."""
    form = ImportRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = import_request_make(
                actor=request.user,  # type: ignore[arg-type]  # signed in: the access rule says so
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                extract_date=form.cleaned_data["extract_date"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except ImportRequestError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            return redirect("sources:import_request_detail", request_id=made.pk)
    status = 400 if form.errors else 200
    return render(request, "sources/import_request_form.html", {"form": form}, status=status)


@access(CURATOR, ADMIN)
def import_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """Where an uploaded file's import stands; htmx asks again every few seconds until it has ended."""
    found = ImportRequest.objects.select_related("requested_by", "import_run").filter(pk=request_id).first()
    if found is None:
        raise Http404("No import was started with that number.")
    part = bool(request.headers.get("HX-Request"))
    template = "sources/_import_request_status.html" if part else "sources/import_request_detail.html"
    context = {"import_request": found, "progress": import_request_progress(found)}
    return render(request, template, context)
