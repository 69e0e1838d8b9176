"""How the search page lays out facets, sort options and errors; plain data for the templates."""

from dataclasses import dataclass

from commoncause.register.search.types import FACETS, FacetValue, SearchParameterError, SearchResults

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
}
# Which form field an error about a parameter points to.
ERROR_TARGETS: dict[str, str] = {"q": "search-q", "sort": "sort"}
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
    names = {"q": "Search words", "sort": "Sort by", "page": "Page number", "page_size": "Results per page"}
    return f"{names.get(error.parameter, error.parameter.capitalize())}: {error.message}"
