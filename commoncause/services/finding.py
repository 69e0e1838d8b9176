"""Find a service near you: what a citizen asks (words, a postcode, who it is for, cost, a day) and the
services that answer, nearest first when a postcode is given.

A citizen's questions are not quite the standard's filters, so they are worded here: "for someone aged
15" keeps services whose ages include 15 (a service that gives no ages is for anyone), where the API's
`minimum_age` compares the service's own lower age. The rest reuses the API's filters (selectors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q, QuerySet

from commoncause.places.themes import themes
from commoncause.services.categories import theme_term_id
from commoncause.services.editing import FREE
from commoncause.services.models import DAYS, CostOption, Service
from commoncause.services.selectors import (
    MAX_PROXIMITY_M,
    PostcodePlace,
    SelectorError,
    postcode_place,
    services_near,
    services_open,
    services_public,
    services_search,
    services_with_taxonomy_term,
)
from commoncause.services.service_pages import ServiceCard, service_cards

PER_PAGE = 20
RADII_KM = (1, 2, 5, 10, 25)
DEFAULT_RADIUS_KM = 5
MAX_AGE = 130


@dataclass(frozen=True)
class FindProblem:
    field: str  # the id of the input to fix
    message: str


@dataclass
class FindQuery:
    words: str = ""
    postcode: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    category: str = ""
    age: int | None = None
    free: bool = False
    day: str = ""
    page: int = 1
    problems: list[FindProblem] = field(default_factory=list)

    @property
    def filters(self) -> int:
        """How many filters are chosen (for "Filter (2 chosen)")."""
        return sum(bool(value) for value in (self.category, self.age is not None, self.free, self.day))


@dataclass
class FindResult:
    query: FindQuery
    total: int
    cards: list[ServiceCard]
    pages: int
    near: PostcodePlace | None = None


def _whole(text: str, *, field_id: str, label: str, low: int, high: int, query: FindQuery) -> int | None:
    if not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        query.problems.append(FindProblem(field_id, f"{label} must be a whole number, such as 15"))
        return None
    if not low <= value <= high:
        query.problems.append(FindProblem(field_id, f"{label} must be between {low} and {high}"))
        return None
    return value


def find_query(params: Mapping[str, str]) -> FindQuery:
    """What was asked, from a page's query string; what cannot be understood is kept as a problem that
    names the field, and left out of the search."""
    query = FindQuery(
        words=params.get("q", "").strip()[:200],
        postcode=params.get("postcode", "").strip()[:20],
        category=params.get("category", "").strip(),
        free=params.get("cost", "") == "free",
        day=params.get("day", "").strip().upper(),
    )
    radius = _whole(
        params.get("radius", ""), field_id="radius", label="Distance", low=1, high=100, query=query
    )
    query.radius_km = radius if radius in RADII_KM else DEFAULT_RADIUS_KM
    query.age = _whole(params.get("age", ""), field_id="age", label="Age", low=0, high=MAX_AGE, query=query)
    query.page = (
        _whole(params.get("page", ""), field_id="page", label="Page", low=1, high=10_000, query=query) or 1
    )
    if query.category and query.category not in {theme.code for theme in themes()}:
        query.problems.append(FindProblem("category", "Choose a category from the list"))
        query.category = ""
    if query.day and query.day not in dict(DAYS):
        query.problems.append(FindProblem("day", "Choose a day from the list"))
        query.day = ""
    return query


def services_for_age(services: QuerySet[Service], age: int) -> QuerySet[Service]:
    """Services open to someone of this age: no lower age or one at most it, and no upper age or one at
    least it."""
    return services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age)).filter(
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)
    )


def services_free(services: QuerySet[Service]) -> QuerySet[Service]:
    """Services that say they are free: in their fees, or with a cost option of nothing."""
    free_options = CostOption.objects.filter(Q(amount=0) | Q(option__iexact=FREE)).values("service_id")
    return services.filter(Q(fees__iexact=FREE) | Q(id__in=free_options))


def services_find(query: FindQuery) -> FindResult:
    services = services_public()
    if query.words:
        services = services_search(services, query.words)
    if query.category:
        services = services_with_taxonomy_term(services, theme_term_id(query.category))
    if query.age is not None:
        services = services_for_age(services, query.age)
    if query.free:
        services = services_free(services)
    if query.day:
        services = services_open(services, day=query.day)
    near: PostcodePlace | None = None
    if query.postcode:
        try:
            near = postcode_place(query.postcode)
        except SelectorError as problem:
            query.problems.append(FindProblem("postcode", str(problem)))
    start = (query.page - 1) * PER_PAGE
    if near is not None:
        metres = min(query.radius_km * 1000, MAX_PROXIMITY_M)
        ranked = services_near(services, near, metres)
        total = len(ranked)
        wanted = ranked[start : start + PER_PAGE]
        cards = service_cards([service_id for service_id, _ in wanted])
        distances: dict[UUID, float] = dict(wanted)
        for card in cards:
            card.distance_km = distances[card.id] / 1000
    else:
        total = services.count()
        cards = service_cards(
            list(services.order_by("name", "id").values_list("pk", flat=True)[start : start + PER_PAGE])
        )
    pages = max(1, math.ceil(total / PER_PAGE))
    return FindResult(query=query, total=total, cards=cards, pages=pages, near=near)
