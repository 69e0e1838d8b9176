"""The search results contract shared by both backends, the pages and the API."""

import datetime as dt
import uuid
from dataclasses import dataclass, field

FACETS: tuple[str, ...] = (
    "legal_form", "status", "income_band", "what", "who", "how", "area", "funder",
)  # fmt: skip
SORTS: tuple[str, ...] = ("relevance", "name", "income", "distance")
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
# How far from a postcode (`near`) to look, in kilometres: the default, and the widest allowed.
DEFAULT_RADIUS_KM = 2.0
MAX_RADIUS_KM = 50.0


class SearchParameterError(ValueError):
    """A search parameter that cannot be understood; names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


@dataclass(frozen=True)
class NearPoint:
    """The point a whole or partial postcode stands for: a whole postcode's own point, or the centre of
    the known postcodes starting with a partial one (`postcodes` says how many)."""

    postcode: str  # as understood: 'SW1A 2AA', 'SW1A 2', 'SW1A'
    latitude: float
    longitude: float
    postcodes: int = 1


@dataclass(frozen=True)
class SearchQuery:
    """What the user asked for: free text, facet filters (facet -> allowed values), sort and page;
    optionally a point (`near`) and how far from it to look, and one current ward to narrow to."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    near: NearPoint | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    ward: str = ""  # narrows (AND) to the organisations in this ward, whatever the area filter allows


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class OrganisationHit:
    id: uuid.UUID
    name: str
    org_ids: tuple[str, ...]
    legal_form: str
    status: str
    latest_income: int | None
    postcode: str
    activities: str
    income_band: str = ""
    last_confirmed: dt.date | None = None  # the last time any source confirmed the record
    freshness: str = ""  # the flag to show when it is stale ('' when fresh)
    latest_financial_year_end: dt.date | None = None  # the end of the year the latest income is for
    distance_km: float | None = None  # from the point searched near, when there is one


@dataclass(frozen=True)
class SearchResults:
    count: int
    items: tuple[OrganisationHit, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    page: int
    page_size: int
    # The query as searched when some of its words were corrected ("cancer lifeline" for "cancr lifline").
    corrected_q: str = ""
    # How many of the results hold an identifier the query is written as (they come first).
    found_by_identifier: int = 0
    # Every result's search document, in order, when all were asked for (see `every_document`).
    documents: tuple[int, ...] = ()
    near: NearPoint | None = None  # the point searched near, and how far from it
    radius_km: float | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))
