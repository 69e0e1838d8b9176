"""Register pages: home, search (and its CSV) and the organisation page. Thin: parse, call a selector,
render."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.charts import csp_nonce
from commoncause.core.pagination import pagination_links
from commoncause.register import selectors
from commoncause.register.charts import finances_chart_svg, finances_summary
from commoncause.register.downloads import csv_file_name, csv_response, organisations_csv, site_address
from commoncause.register.extensions import ORGANISATION_PAGE
from commoncause.register.freshness import freshness_flag
from commoncause.register.models import Organisation
from commoncause.register.organisation_page import organisation_page
from commoncause.register.page_cache import public_page
from commoncause.register.search.types import SearchParameterError, SearchQuery, SearchResults
from commoncause.register.search_page import (
    error_message,
    error_target,
    facet_groups,
    near_fields,
    sort_labels,
    ward_groups,
)
from commoncause.register.summary import register_summary


def organisation_or_404(org_id: str) -> Organisation:
    """The organisation an org-id or UUID names, or a 404 page."""
    organisation = selectors.organisation_by_identifier(org_id)
    if organisation is None:
        raise Http404("No organisation has that identifier.")
    return organisation


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "register/home.html", {"summary": register_summary()})


@access(PUBLIC)
@public_page
def organisation_search_page(request: HttpRequest) -> HttpResponse:
    """Search with facets; an htmx request gets only the results region to swap in."""
    try:
        query = selectors.search_query_from_params(dict(request.GET.lists()))
    except SearchParameterError as error:
        context: dict[str, object] = {
            "q": request.GET.get("q", "")[:200],
            "error": {"message": error_message(error), "target": error_target(error)},
            "sorts": sort_labels(near=bool(request.GET.get("near", "").strip())),
            **near_fields(request.GET, None),
        }
        response = render(request, "register/search.html", context, status=400)
        if request.headers.get("HX-Request"):  # the whole page, with the error beside its field
            response["HX-Redirect"] = request.get_full_path()
        return response
    results = selectors.organisation_search(query)
    if _straight_to_it(request, query, results):
        hit = results.items[0]
        return redirect("register:organisation_detail", org_id=hit.org_ids[0] if hit.org_ids else hit.id)
    context = {
        "query": query,
        "q": query.q,
        "results": results,
        "facets": facet_groups(results),
        "sorts": sort_labels(near=query.near is not None),
        "wards": ward_groups(query, results, request),
        **near_fields(request.GET, query),
        "pagination": pagination_links(request.GET, page=results.page, pages=results.pages),
    }
    template = (
        "register/_search_results.html" if request.headers.get("HX-Request") else "register/search.html"
    )
    return render(request, template, context)


@access(PUBLIC)
def organisation_search_csv(request: HttpRequest) -> HttpResponseBase:
    """Every result of a search (the same parameters as the search page) as a CSV file."""
    try:
        query = selectors.search_query_from_params(dict(request.GET.lists()))
    except SearchParameterError as error:
        return HttpResponse(error_message(error), status=400, content_type="text/plain; charset=utf-8")
    return csv_response(organisations_csv(query, site_address(request)), csv_file_name(query))


def _straight_to_it(request: HttpRequest, query: SearchQuery, results: SearchResults) -> bool:
    """Whether the search was for one organisation's number, which is then shown rather than listed."""
    first_page = query.page == 1 and not query.filters
    return first_page and results.found_by_identifier == 1 and not request.headers.get("HX-Request")


@access(PUBLIC)
@public_page
def organisation_detail(request: HttpRequest, org_id: str) -> HttpResponse:
    organisation = organisation_or_404(org_id)
    page = organisation_page(organisation)
    chart = finances_chart_svg(
        page.finances, title=f"Income and spending of {organisation.name}", nonce=csp_nonce(request)
    )
    context = {
        "page": page,
        "org": organisation,
        "org_key": org_id,
        "chart": chart,
        "finances_text": finances_summary(page.finances),
        "freshness": freshness_flag(
            max((s.last_confirmed for s in page.sources if s.last_confirmed), default=None)
        ),
        "sections": ORGANISATION_PAGE.render(request, organisation, {"org": organisation, "org_key": org_id}),
    }
    return render(request, "register/organisation_detail.html", context)
