"""Register API: search organisations, read one organisation's public record."""

from django.http import Http404, HttpRequest
from ninja import Query, Router

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.register.schemas import OrganisationListOut, organisation_out
from commoncause.register.selectors import (
    organisation_by_identifier,
    organisation_search,
    search_query_from_params,
)

router = Router()


@router.get("", response=OrganisationListOut, summary="Search organisations", auth=api_access(PUBLIC))
def organisations_list(
    request: HttpRequest,
    q: str = "",
    legal_form: Query[list[str]] = None,
    status: Query[list[str]] = None,
    income_band: Query[list[str]] = None,
    what: Query[list[str]] = None,
    who: Query[list[str]] = None,
    how: Query[list[str]] = None,
    area: Query[list[str]] = None,
    funder: Query[list[str]] = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
) -> dict:
    """Free text over names and activities; repeat a facet to allow several values (OR), combine
    facets to narrow (AND). Sort by `relevance`, `name` or `income`. Facet counts show what each
    value would give with the other filters applied."""
    results = organisation_search(search_query_from_params(dict(request.GET.lists())))
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
def organisations_detail(request: HttpRequest, key: str) -> object:
    """`key` is an org-id such as GB-NIC-100002 (any case) or the organisation's UUID."""
    organisation = organisation_by_identifier(key)
    if organisation is None:
        raise Http404(f"No organisation has the identifier {key[:80]}.")
    return organisation
