"""How the search page lays out facets, sort options and errors; plain data for the templates."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpRequest

from commoncause.accounts.selectors import officer_area_codes
from commoncause.register.extensions import place_source
from commoncause.register.search.types import (
    DEFAULT_RADIUS_KM,
    FACETS,
    FacetValue,
    SearchParameterError,
    SearchQuery,
    SearchResults,
)

FACET_LABELS: dict[str, str] = {
    "status": "Status",
    "legal_form": "Legal form",
    "income_band": "Income",
    "what": "What it does",
    "who": "Who it helps",
    "how": "How it works",
    "area": "Area of operation",
    "funder": "Funded by",
}
SORT_LABELS: dict[str, str] = {
    "relevance": "Best match",
    "name": "Name, A to Z",
    "income": "Income, largest first",
    "distance": "Nearest first",  # offered only when searching near a postcode
}
# The distances offered around a postcode, in kilometres (the API takes any from 0.1 to 50).
RADII: tuple[float, ...] = (0.5, 1, 2, 5, 10, 25, 50)
# Which form field an error about a parameter points to.
ERROR_TARGETS: dict[str, str] = {
    "q": "search-q", "sort": "sort", "near": "search-near", "radius": "search-radius",
}  # fmt: skip
SHOWN_VALUES = 8


@dataclass(frozen=True)
class FacetGroup:
    """One facet as a fieldset of checkboxes: the first few values shown, the rest behind "more"."""

    name: str
    label: str
    shown: tuple[FacetValue, ...]
    more: tuple[FacetValue, ...]

    @property
    def selected_count(self) -> int:
        return sum(1 for value in (*self.shown, *self.more) if value.selected)


def facet_groups(results: SearchResults) -> tuple[FacetGroup, ...]:
    """Facets in the order people scan them; selected values always shown; empty facets left out."""
    order = [facet for facet in FACET_LABELS if facet in FACETS]
    groups = []
    for facet in order:
        values = results.facets.get(facet, ())
        if not values:
            continue
        selected = tuple(v for v in values if v.selected)
        unselected = tuple(v for v in values if not v.selected)
        room = max(SHOWN_VALUES - len(selected), 0)
        groups.append(FacetGroup(facet, FACET_LABELS[facet], selected + unselected[:room], unselected[room:]))
    return tuple(groups)


def error_target(error: SearchParameterError) -> str:
    """The id of the field an error summary link should move focus to."""
    return ERROR_TARGETS.get(error.parameter, "search-q")


def error_message(error: SearchParameterError) -> str:
    """A parameter error in words a person can act on."""
    names = {
        "q": "Search words", "sort": "Sort by", "page": "Page number", "page_size": "Results per page",
        "near": "Near a postcode", "radius": "Distance", "area": "Area", "ward": "Ward",
    }  # fmt: skip
    return f"{names.get(error.parameter, error.parameter.capitalize())}: {error.message}"


@dataclass(frozen=True)
class WardGroup:
    """A council's current wards, offered to narrow the results to one of them."""

    council: str
    label: str
    wards: tuple[tuple[str, str], ...]  # (code, name)


def sort_labels(near: bool) -> dict[str, str]:
    """The orders to offer: nearest first only when searching near a postcode."""
    return {sort: label for sort, label in SORT_LABELS.items() if near or sort != "distance"}


def _council_labels(results: SearchResults | None) -> dict[str, str]:
    values = results.facets.get("area", ()) if results else ()
    return {value.value.upper(): value.label for value in values}


def ward_groups(
    query: SearchQuery, results: SearchResults | None, request: HttpRequest
) -> tuple[WardGroup, ...]:
    """The wards of each council chosen in the area filter, or else of the officer's own councils, whose
    wards are loaded."""
    source = place_source()
    if source is None:
        return ()
    councils = [code.upper() for code in query.filters.get("area", ())]
    if not councils and request.user.is_authenticated:
        councils = officer_area_codes(request.user)
    labels = _council_labels(results)
    groups = []
    for council in dict.fromkeys(councils):
        wards = tuple(source.wards_within(council))
        if wards:
            groups.append(WardGroup(council, labels.get(council, council), wards))
    if query.ward and not any(query.ward == code for group in groups for code, _ in group.wards):
        # The ward chosen before its council was unticked: still shown, so it can be cleared.
        groups.append(WardGroup("", "Chosen ward", ((query.ward, labels.get(query.ward, query.ward)),)))
    return tuple(groups)


def near_fields(params: Mapping[str, str], query: SearchQuery | None) -> dict[str, object]:
    """What the place fields show: the postcode and distance as typed, the distances offered."""
    radius = f"{query.radius_km:g}" if query else params.get("radius", "").strip()[:10]
    radius = radius or f"{DEFAULT_RADIUS_KM:g}"
    radii = [f"{value:g}" for value in RADII]
    return {
        "near": params.get("near", "")[:40],
        "radius": radius,
        "radii": radii if radius in radii else [*radii, radius],
        "ward": params.get("ward", "").strip().upper()[:12],
    }
