"""Funding pages: the grants the register holds, filtered, with totals and as CSV; one grant as its
funder published it. Thin: parse, call the selectors, render."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from commoncause.accounts.access import access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.pagination import pagination_links
from commoncause.funding.browse import (
    award_years,
    funders,
    grant_filters,
    grant_totals,
    grants_csv,
    grants_filtered,
)
from commoncause.funding.selectors import grant_by_id
from commoncause.register.downloads import csv_response, site_address
from commoncause.register.search.types import SearchParameterError

PAGE_SIZE = 50


@access(PUBLIC)
def grant_list(request: HttpRequest) -> HttpResponse:
    """Every grant the register holds, narrowed by funder, recipient, year and amount, with totals."""
    context: dict[str, object] = {"years": award_years(), "funders": funders(), "typed": request.GET}
    try:
        filters = grant_filters(dict(request.GET.lists()))
    except SearchParameterError as error:
        context["error"] = {
            "field": error.parameter,
            "message": f"{error.parameter.replace('_', ' ')}: {error.message}",
        }
        return render(request, "funding/grant_list.html", context, status=400)
    grants = grants_filtered(filters)
    totals = grant_totals(grants)
    pages = max(1, -(-totals.count // PAGE_SIZE))
    page_text = request.GET.get("page", "1")
    page = min(int(page_text), pages) if page_text.isdigit() and int(page_text) >= 1 else 1
    context.update(
        filters=filters,
        totals=totals,
        grants=grants[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        pagination=pagination_links(request.GET, page=page, pages=pages),
        csv_query=urlencode(filters.query_string()),
    )
    return render(request, "funding/grant_list.html", context)


@access(PUBLIC)
def grant_list_csv(request: HttpRequest) -> HttpResponseBase:
    """Every grant the filters leave, as a CSV file (the same parameters as the grants page)."""
    try:
        filters = grant_filters(dict(request.GET.lists()))
    except SearchParameterError as error:
        return HttpResponse(
            f"{error.parameter}: {error.message}", status=400, content_type="text/plain; charset=utf-8"
        )
    return csv_response(grants_csv(grants_filtered(filters), site_address(request)), "grants.csv")


@access(PUBLIC)
def grant_detail(request: HttpRequest, grant_id: str) -> HttpResponse:
    grant = grant_by_id(grant_id)
    if grant is None:
        raise Http404("No grant has that identifier.")
    return render(request, "funding/grant_detail.html", {"grant": grant})
