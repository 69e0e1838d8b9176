"""Register API: search organisations, read one organisation's public record."""

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import P, PathEx, Query, QueryEx, Router
from ninja.errors import ValidationError

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import ErrorOut, InvalidOut
from commoncause.core.pagination import PageNumber, PageSize
from commoncause.register.downloads import (
    csv_file_name,
    csv_response,
    organisations_csv,
    site_address,
    wants_csv,
)
from commoncause.register.schemas import OrganisationListOut, organisation_out
from commoncause.register.search.near import MAX_NEAR_LENGTH, MIN_RADIUS_KM
from commoncause.register.search.types import (
    DEFAULT_RADIUS_KM,
    MAX_QUERY_LENGTH,
    MAX_RADIUS_KM,
    SearchParameterError,
    SearchQuery,
)
from commoncause.register.selectors import (
    organisation_by_identifier,
    organisation_search,
    search_query_from_params,
)

router = Router()
# Parameters whose value is well formed but names nothing known (a postcode, an area) answer 422, as a
# value out of range does.
UNPROCESSABLE = ("near", "radius", "area", "ward")

# The `{key}` of every operation on one organisation; the example is a real charity in the demo register.
OrganisationKey = PathEx[
    str, P(description="An org-id in any case, or the organisation's UUID.", example="GB-NIC-100002")
]


@router.get(
    "",
    response={200: OrganisationListOut, 400: ErrorOut, 422: InvalidOut},
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
    near: QueryEx[str, P(max_length=MAX_NEAR_LENGTH, examples=["WC2A 2AE", "WC2A 2", "WC2A"])] = "",
    radius: QueryEx[float, P(ge=MIN_RADIUS_KM, le=MAX_RADIUS_KM)] = DEFAULT_RADIUS_KM,
    ward: QueryEx[str, P(max_length=12)] = "",
    sort: Literal["relevance", "name", "income", "distance"] = "relevance",
    page: PageNumber = 1,
    page_size: PageSize = 20,
    format: Literal["json", "csv"] = "json",  # noqa: A002 (the parameter's published name)
) -> object:
    """Free text over names and activities; a number or org-id in any usual form (`GB-CHC-1140543`,
    `1140543`, `NIC100002`, `SC012345`, a company number with or without its leading zeros) gives the
    organisations holding it first. Repeat a facet to allow several values (OR), combine
    facets to narrow (AND). Sort by `relevance`, `name`, `income` or `distance` (with `near`). Facet
    counts show what each value would give with the other filters applied.

    `area` takes a council's or ward's GSS code (or an area's name); an old ward's code, from before
    its wards were redrawn, finds the organisations in the current wards it overlaps. An area neither
    known nor mappable answers 422. `ward` narrows to one current ward (AND with `area`).

    `near` is a whole or partial postcode (`SW1A 2AA`, `SW1A 2`, `SW1A`; any case or spacing): only
    organisations placed within `radius` kilometres of it are found (default 2, from 0.1 to 50), nearest
    first unless `sort` says otherwise, each with its `distance_km` (null without `near`). A partial
    postcode stands for the centre of the postcodes starting with it. A postcode that is malformed or
    unknown answers 422 naming `near`.

    With `format=csv`, or `Accept: text/csv`, every result (not a page) comes as a CSV file, streamed."""
    query = _query(request)
    if format == "csv" or wants_csv(request):
        return csv_response(organisations_csv(query, site_address(request)), csv_file_name(query))
    results = organisation_search(query)
    return {
        "near": None
        if results.near is None
        else {
            "postcode": results.near.postcode,
            "latitude": round(results.near.latitude, 6),
            "longitude": round(results.near.longitude, 6),
            "postcodes": results.near.postcodes,
            "radius_km": results.radius_km,
        },
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "page_size": results.page_size,
        "corrected_q": results.corrected_q,
        "items": results.items,
        "facets": results.facets,
    }


def _query(request: HttpRequest) -> SearchQuery:
    """The search the request asks for; a place or area that names nothing known is a 422."""
    try:
        return search_query_from_params(dict(request.GET.lists()))
    except SearchParameterError as error:
        if error.parameter not in UNPROCESSABLE:
            raise
        problem = {"loc": ["query", error.parameter], "msg": error.message, "type": "value_error"}
        raise ValidationError([problem]) from error


@router.get(
    "/{key}", response=organisation_out(), summary="One organisation's public record", auth=api_access(PUBLIC)
)
def organisations_detail(request: HttpRequest, key: OrganisationKey) -> object:
    """`key` is an org-id such as GB-NIC-100002 (any case) or the organisation's UUID."""
    organisation = organisation_by_identifier(key)
    if organisation is None:
        raise Http404(f"No organisation has the identifier {key[:80]}.")
    return organisation
