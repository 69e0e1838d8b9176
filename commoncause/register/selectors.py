"""Reads from the register: organisation search, one organisation by any of its identifiers."""

import uuid
from collections.abc import Mapping

from django.db.models import Prefetch

from commoncause.register.models import (
    Classification,
    FinancialYear,
    Organisation,
    OrganisationLink,
    OrgIdentifier,
)
from commoncause.register.search.areas import areas_check, ward_check
from commoncause.register.search.engine import indexed_search
from commoncause.register.search.near import near_point, radius_km
from commoncause.register.search.types import (
    FACETS,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    SORTS,
    SearchParameterError,
    SearchQuery,
    SearchResults,
)


def organisation_search(query: SearchQuery) -> SearchResults:
    """Free text, facet filters with drill-down counts, sort and page over the whole register."""
    return indexed_search(query)


def organisation_by_identifier(key: str) -> Organisation | None:
    """The organisation with this org-id (any case, e.g. "gb-nic-100002") or UUID, ready for its page."""
    key = key.strip()
    try:
        condition: dict[str, object] = {"pk": uuid.UUID(key)}
    except ValueError:
        condition = {"identifiers__org_id": key.upper()}
    return (
        Organisation.objects.filter(**condition)
        .select_related("parent", "merged_into")
        .prefetch_related(
            Prefetch("identifiers", queryset=OrgIdentifier.objects.order_by("-is_primary", "org_id")),
            "other_names",
            Prefetch("classifications", queryset=Classification.objects.order_by("scheme", "code")),
            "areas",
            Prefetch("financial_years", queryset=FinancialYear.objects.order_by("period_end", "source")),
            Prefetch("links_out", queryset=OrganisationLink.objects.select_related("to_organisation")),
            Prefetch("links_in", queryset=OrganisationLink.objects.select_related("from_organisation")),
            "links_out__to_organisation__identifiers",
            "links_in__from_organisation__identifiers",
            "parent__identifiers",
            "linked__identifiers",
            "events",
            "organisational_trustees",
            "source_records",
        )
        .first()
    )


def _one(params: Mapping[str, list[str]], name: str) -> str:
    values = [value for value in params.get(name, []) if value.strip()]
    if len(values) > 1:
        raise SearchParameterError(name, "give this parameter once")
    return values[0].strip() if values else ""


def _positive_int(params: Mapping[str, list[str]], name: str, default: int) -> int:
    text = _one(params, name)
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise SearchParameterError(name, f"'{text[:40]}' is not a whole number of 1 or more")
    return int(text)


def search_query_from_params(params: Mapping[str, list[str]]) -> SearchQuery:
    """Turn request parameters (each a list, as in a QueryDict) into a search; unclear ones raise.

    Near a postcode the results come nearest first unless another order is asked for (with no words to
    match, the best match is the nearest: the search page always sends its sort); without one,
    `sort=distance` is relevance."""
    q = _one(params, "q")
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchParameterError("q", f"use at most {MAX_QUERY_LENGTH} characters")
    near = near_point(_one(params, "near"))
    radius = radius_km(_one(params, "radius"))
    sort = _one(params, "sort") or ("distance" if near else "relevance")
    if near and sort == "relevance" and not q.strip():
        sort = "distance"
    if sort not in SORTS:
        raise SearchParameterError("sort", f"'{sort[:40]}' is not one of {', '.join(SORTS)}")
    filters = {}
    for facet in FACETS:
        values = tuple(dict.fromkeys(v.strip() for v in params.get(facet, []) if v.strip()))
        if values:
            filters[facet] = values
    areas_check(filters.get("area", ()))
    ward = _one(params, "ward")
    if ward:
        ward_check(ward)
    return SearchQuery(
        q=q,
        filters=filters,
        page=_positive_int(params, "page", 1),
        page_size=min(_positive_int(params, "page_size", 20), MAX_PAGE_SIZE),
        near=near,
        radius_km=radius,
        sort=sort if near or sort != "distance" else "relevance",
        ward=ward.upper(),
    )


def organisation_works_in(organisation: Organisation, area_codes: list[str]) -> bool:
    """Whether the organisation says it works in any of these areas (GSS codes of local authorities)."""
    return bool(area_codes) and organisation.areas.filter(gss_code__in=area_codes).exists()
