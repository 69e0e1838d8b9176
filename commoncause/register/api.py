"""Register API: search organisations, read one organisation's public record."""

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, QueryEx, Router

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import ErrorOut
from commoncause.core.pagination import PageNumber, PageSize
from commoncause.register.downloads import (
    csv_file_name,
    csv_response,
    organisations_csv,
    site_address,
    wants_csv,
)
from commoncause.register.schemas import OrganisationListOut, organisation_out
from commoncause.register.search.types import MAX_QUERY_LENGTH
from commoncause.register.selectors import (
    organisation_by_identifier,
    organisation_search,
    search_query_from_params,
)

router = Router()

# The `{key}` of every operation on one organisation; the example is a real charity in the demo register.
OrganisationKey = PathEx[
    str, P(description="An org-id in any case, or the organisation's UUID.", example="GB-NIC-100002")
]


@router.get(
    "",
    response={200: OrganisationListOut, 400: ErrorOut},
    summary="Search organisations",
    auth=api_access(PUBLIC),
)
def organisations_list(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=MAX_QUERY_LENGTH)] = "",
    # The facets are declared for the OpenAPI document, which lists them as optional arrays, not as
    # nullable: hence None defaults under a list type. Their values are read from request.GET below.
    legal_form: Query[list[str]] = None,  # type: ignore[assignment]
    status: Query[list[str]] = None,  # type: ignore[assignment]
    income_band: Query[list[str]] = None,  # type: ignore[assignment]
    what: Query[list[str]] = None,  # type: ignore[assignment]
    who: Query[list[str]] = None,  # type: ignore[assignment]
    how: Query[list[str]] = None,  # type: ignore[assignment]
    area: Query[list[str]] = None,  # type: ignore[assignment]
    funder: Query[list[str]] = None,  # type: ignore[assignment]
    sort: Literal["relevance", "name", "income"] = "relevance",
    page: PageNumber = 1,
    page_size: PageSize = 20,
    format: Literal["json", "csv"] = "json",  # noqa: A002 (the parameter's published name)
) -> object:
    """Free text over names and activities; a number or org-id in any usual form (`GB-CHC-1140543`,
    `1140543`, `NIC100002`, `SC012345`, a company number with or without its leading zeros) gives the
    organisations holding it first. Repeat a facet to allow several values (OR), combine
    facets to narrow (AND). Sort by `relevance`, `name` or `income`. Facet counts show what each
    value would give with the other filters applied.

    With `format=csv`, or `Accept: text/csv`, every result (not a page) comes as a CSV file, streamed."""
    query = search_query_from_params(dict(request.GET.lists()))
    if format == "csv" or wants_csv(request):
        return csv_response(organisations_csv(query, site_address(request)), csv_file_name(query))
    results = organisation_search(query)
    return {
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "page_size": results.page_size,
        "corrected_q": results.corrected_q,
        "items": results.items,
        "facets": results.facets,
    }


@router.get(
    "/{key}", response=organisation_out(), summary="One organisation's public record", auth=api_access(PUBLIC)
)
def organisations_detail(request: HttpRequest, key: OrganisationKey) -> object:
    """`key` is an org-id such as GB-NIC-100002 (any case) or the organisation's UUID."""
    organisation = organisation_by_identifier(key)
    if organisation is None:
        raise Http404(f"No organisation has the identifier {key[:80]}.")
    return organisation
