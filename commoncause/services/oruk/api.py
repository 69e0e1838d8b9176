"""`/oruk/`: the services directory as an Open Referral UK 3.0 API (public, read-only, CORS open).

The contract is the standard's (its OpenAPI description, served at `/oruk/openapi.json`), not the
register's API, so these are plain views answering its JSON. Each view parses its parameters, asks
`selectors` which services (or other objects) answer, and `documents` how to write them. A bad
parameter is a 400 naming it, an unknown id a 404, both in JSON; the register API's rate limits apply.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Callable, Sequence
from functools import cache, wraps
from typing import Any, NamedTuple

import orjson
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from commoncause.accounts.access import access
from commoncause.accounts.api_access import api_throttles
from commoncause.accounts.roles import PUBLIC
from commoncause.register.models import Organisation
from commoncause.services import selectors
from commoncause.services.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from commoncause.services.oruk import documents
from commoncause.services.oruk.schemas import folder

VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
PER_PAGE, MOST_PER_PAGE = 50, 500
MINIMAL_PER_PAGE = 10_000  # `minimal` lists ids and names: the standard asks for them all in one call
View = Callable[..., HttpResponseBase]


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class NotFound(LookupError):
    pass


def _answer(body: object, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(body), status=status, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _throttled() -> Callable[[HttpRequest], HttpResponse | None]:
    def check(request: HttpRequest) -> HttpResponse | None:
        """The JSON API's rate limits (per address, or per person signed in) apply here too."""
        for throttle in api_throttles():
            if not throttle.allow_request(request):
                response = _answer({"detail": "Too many requests."}, status=429)
                if wait := throttle.wait():
                    response["Retry-After"] = str(math.ceil(wait))
                return response
        return None

    return check


def endpoint(view: View) -> View:
    """A public GET of the API: CORS preflight, the rate limit, and 400/404 answered in JSON."""
    throttled = _throttled()

    @csrf_exempt
    @access(PUBLIC)
    @wraps(view)
    def wrapped(request: HttpRequest, /, **kwargs: str) -> HttpResponseBase:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _answer({"detail": "Only GET is allowed."}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if (refused := throttled(request)) is not None:
            return refused
        try:
            return view(request, **kwargs)
        except BadParameter as error:
            return _answer({"detail": str(error), "parameter": error.parameter}, status=400)
        except selectors.SelectorError as error:
            return _answer({"detail": str(error), "parameter": error.parameter}, status=400)
        except NotFound as error:
            return _answer({"detail": str(error)}, status=404)

    return wrapped


# -- parameters ----------------------------------------------------------------------------------------


def _text(request: HttpRequest, name: str) -> str:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter(name, f"{name} is given {len(values)} times; give it once")
    return values[0].strip() if values else ""


def _number(request: HttpRequest, name: str, *, low: float, high: float) -> float | None:
    text = _text(request, name)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not low <= number <= high:  # NaN fails too
        raise BadParameter(name, f"{name} must be a number from {low:g} to {high:g}")
    return number


def _whole(request: HttpRequest, name: str, *, default: int, high: int) -> int:
    text = _text(request, name)
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= high:
        raise BadParameter(name, f"{name} must be a whole number from 1 to {high}")
    return int(text)


def _flag(request: HttpRequest, name: str) -> bool:
    text = _text(request, name).lower()
    if text not in ("", "true", "false", "1", "0"):
        raise BadParameter(name, f"{name} must be true or false")
    return text in ("true", "1")


def _uuid(text: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadParameter(
            name, f"{name} must be a UUID, such as ac148810-d857-441c-9679-408f346de14b"
        ) from None


def _uuid_parameter(request: HttpRequest, name: str) -> uuid.UUID | None:
    text = _text(request, name)
    return _uuid(text, name) if text else None


def _time(request: HttpRequest, name: str) -> dt.time | None:
    text = _text(request, name).upper().removesuffix("Z")
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise BadParameter(name, f"{name} must be a time such as 09:30 or 09:30:00") from None


def _when(request: HttpRequest, name: str) -> dt.datetime | None:
    """A date-time (its zone, or UTC when it gives none) or a date (its start, in UTC)."""
    text = _text(request, name)
    if not text:
        return None
    try:
        when = parse_datetime(text) or dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        when = None
    if when is None:
        raise BadParameter(name, f"{name} must be a date-time such as 2025-01-31T09:00:00Z, or a date")
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _format(request: HttpRequest) -> None:
    if _text(request, "format").lower() not in ("", "json"):
        raise BadParameter("format", "format must be json (ndjson is not offered)")


# -- pages ---------------------------------------------------------------------------------------------


class Page(NamedTuple):
    number: int
    size: int
    total: int
    ids: list[Any]  # the page's keys, in order
    distances: dict[Any, float]


def _page(
    request: HttpRequest, found: QuerySet[Any] | list[tuple[Any, float]], *, most: int = MOST_PER_PAGE
) -> Page:
    """One page of a queryset (by its order) or of a nearest-first list of (key, distance)."""
    size = _whole(request, "per_page", default=most if most > MOST_PER_PAGE else PER_PAGE, high=most)
    number = _whole(request, "page", default=1, high=10**9)
    start = (number - 1) * size
    if isinstance(found, list):
        chosen = found[start : start + size]
        return Page(number, size, len(found), [key for key, _ in chosen], dict(chosen))
    return Page(
        number, size, found.count(), list(found.values_list("pk", flat=True)[start : start + size]), {}
    )


def _wrapped(page: Page, contents: Sequence[dict[str, Any]]) -> HttpResponse:
    """The standard's page wrapper around a page's contents."""
    pages = max(1, math.ceil(page.total / page.size))
    return _answer(
        {
            "total_items": page.total,
            "total_pages": pages,
            "page_number": page.number,
            "size": len(contents),
            "first_page": page.number == 1,
            "last_page": page.number >= pages,
            "empty": not contents,
            "contents": list(contents),
        }
    )


def _in_order(page: Page, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents in the page's order, each with its `distance` in metres when the page was near a point."""
    by_id = {document["id"]: document for document in found}
    ordered = [by_id[str(key)] for key in page.ids if str(key) in by_id]
    for document in ordered:
        if (distance := page.distances.get(uuid.UUID(document["id"]))) is not None:
            document["distance"] = round(distance)
    return ordered


# -- which services ------------------------------------------------------------------------------------


class Selection(NamedTuple):
    services: QuerySet[Service]
    place: selectors.PostcodePlace | None
    proximity: float | None


def _filtered(request: HttpRequest, services: QuerySet[Service]) -> QuerySet[Service]:
    """The services the words, categories, organisation, ages and modification time leave."""
    if text := _text(request, "search"):
        services = selectors.services_search(services, text)
    if term := _uuid_parameter(request, "taxonomy_term_id"):
        services = selectors.services_with_taxonomy_term(services, term)
    if taxonomy := _uuid_parameter(request, "taxonomy_id"):
        services = selectors.services_with_taxonomy(services, taxonomy)
    if organisation := _uuid_parameter(request, "organization_id"):
        services = selectors.services_of_organisation(services, organisation)
    if (youngest := _number(request, "minimum_age", low=0, high=150)) is not None:
        services = selectors.services_minimum_age(services, youngest)
    if (oldest := _number(request, "maximum_age", low=0, high=150)) is not None:
        services = selectors.services_maximum_age(services, oldest)
    if when := _when(request, "modified_after"):
        services = selectors.services_modified_after(services, when)
    return _open(request, services)


def _open(request: HttpRequest, services: QuerySet[Service]) -> QuerySet[Service]:
    """The services open on `day`, from `start_time`, until `end_time` (one schedule holding all)."""
    day_text = _text(request, "day")
    day = selectors.day_code(day_text) if day_text else None
    if day_text and day is None:
        raise BadParameter("day", "day must be MO, TU, WE, TH, FR, SA or SU, or the day's name")
    start, end = _time(request, "start_time"), _time(request, "end_time")
    if day or start or end:
        services = selectors.services_open(services, day=day, start_time=start, end_time=end)
    return services


def _selected(request: HttpRequest) -> Selection:
    """The public services the filters leave, and the postcode (and distance) they are wanted near."""
    services = _filtered(request, selectors.services_public())
    postcode = _text(request, "postcode")
    proximity = _number(request, "proximity", low=1, high=selectors.MAX_PROXIMITY_M)
    if proximity is not None and not postcode:
        raise BadParameter("proximity", "proximity is a distance from a postcode: give the postcode too")
    return Selection(services, selectors.postcode_place(postcode) if postcode else None, proximity)


# -- endpoints -----------------------------------------------------------------------------------------


@cache
def _openapi() -> bytes:
    return (folder() / "oruk-3.0" / "schema" / "openapi.json").read_bytes()


@endpoint
def api_details(request: HttpRequest) -> HttpResponse:
    """`GET /`: which version and profile of the standard this is, and where its description is."""
    return _answer(
        {
            "version": VERSION,
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    """The standard's OpenAPI description, as published, with this server's address in `servers`."""
    description = orjson.loads(_openapi())
    description["servers"] = [{"url": request.build_absolute_uri(reverse("oruk:api_details")).rstrip("/")}]
    return _answer(description)


@endpoint
def services(request: HttpRequest) -> HttpResponse:
    """`GET /services`: a page of services, as list items, fully nested (`full`) or `minimal`."""
    _format(request)
    minimal, full = _flag(request, "minimal"), _flag(request, "full")
    chosen = _selected(request)
    found: QuerySet[Service] | list[tuple[uuid.UUID, float]] = chosen.services
    if chosen.place and chosen.proximity is not None:
        found = selectors.services_near(chosen.services, chosen.place, chosen.proximity)
    elif chosen.place:
        found = selectors.services_covering(chosen.services, chosen.place)
    page = _page(request, found, most=MINIMAL_PER_PAGE if minimal else MOST_PER_PAGE)
    rows = Service.objects.filter(pk__in=page.ids)
    if minimal:
        return _wrapped(page, _in_order(page, [documents.service_minimal(row) for row in rows]))
    return _wrapped(page, _in_order(page, documents.services_documents(rows, full=full)))


@endpoint
def service(request: HttpRequest, service_id: str) -> HttpResponse:
    """`GET /services/{id}`: one public service, fully nested."""
    key = _uuid(service_id, "id")
    found = selectors.services_public().filter(pk=key)
    if not found.exists():
        raise NotFound(f"No service has the id {key}.")
    return _answer(documents.services_documents(found, full=True)[0])


@endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    """`GET /service_at_locations`: the places public services are offered at, with the same filters."""
    _format(request)
    chosen = _selected(request)
    rows = selectors.service_at_locations_of(chosen.services)
    found: QuerySet[ServiceAtLocation] | list[tuple[uuid.UUID, float]] = rows
    if chosen.place and chosen.proximity is not None:
        found = selectors.service_at_locations_near(rows, chosen.place, chosen.proximity)
    elif chosen.place:
        found = selectors.service_at_locations_of(selectors.services_covering(chosen.services, chosen.place))
    page = _page(request, found)
    chosen_rows = ServiceAtLocation.objects.filter(pk__in=page.ids)
    found_documents = documents.service_at_locations_documents(chosen_rows, full=_flag(request, "full"))
    return _wrapped(page, _in_order(page, found_documents))


@endpoint
def service_at_location(request: HttpRequest, service_at_location_id: str) -> HttpResponse:
    """`GET /service_at_locations/{id}`: one, with its location and its service fully nested."""
    key = _uuid(service_at_location_id, "id")
    found = selectors.service_at_locations_of(selectors.services_public()).filter(pk=key)
    if not found.exists():
        raise NotFound(f"No service at a location has the id {key}.")
    return _answer(documents.service_at_locations_documents(found, full=True)[0])


def _named(rows: QuerySet[Any], request: HttpRequest) -> QuerySet[Any]:
    """`search` on organisations, taxonomies and terms: names holding every word given (words only, so
    no control character reaches the database, which PostgreSQL would refuse)."""
    for word in re.findall(r"\w+", _text(request, "search"))[: selectors.MOST_WORDS]:
        rows = rows.filter(name__icontains=word)
    return rows


@endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    """`GET /organizations`: the organisations that run public services; `full` adds their org-ids and
    services, `full_service` nests each service fully."""
    _format(request)
    full, full_service = _flag(request, "full"), _flag(request, "full_service")
    public = selectors.services_public()
    page = _page(request, _named(selectors.organisations_with_services(public), request))
    rows = Organisation.objects.filter(pk__in=page.ids)
    found = documents.organizations_documents(rows, public, full=full, full_service=full_service)
    return _wrapped(page, _in_order(page, found))


@endpoint
def organization(request: HttpRequest, organization_id: str) -> HttpResponse:
    """`GET /organizations/{id}`: one organisation with its org-ids and its public services."""
    key = _uuid(organization_id, "id")
    public = selectors.services_public()
    found = selectors.organisations_with_services(public).filter(pk=key).first()
    if found is None:
        raise NotFound(f"No organisation running a public service has the id {key}.")
    return _answer(documents.organization_full(found, public, full_service=_flag(request, "full_service")))


@endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    """`GET /taxonomies`: the taxonomies services' categories come from."""
    _format(request)
    page = _page(request, _named(Taxonomy.objects.order_by("name", "id"), request))
    found = [documents.taxonomy(row) for row in Taxonomy.objects.filter(pk__in=page.ids)]
    return _wrapped(page, _in_order(page, found))


@endpoint
def taxonomy(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    """`GET /taxonomies/{id}`: one taxonomy with its terms."""
    key = _uuid(taxonomy_id, "id")
    found = Taxonomy.objects.filter(pk=key).first()
    if found is None:
        raise NotFound(f"No taxonomy has the id {key}.")
    terms = TaxonomyTerm.objects.filter(taxonomy=found).select_related("taxonomy").order_by("name", "id")
    return _answer(documents.taxonomy(found, terms=terms))


@endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    """`GET /taxonomy_terms`: terms, of one taxonomy (`taxonomy_id`), under one term (`parent_id`), or
    at the top of their taxonomy only (`top_only`: terms with no parent)."""
    _format(request)
    terms = _named(TaxonomyTerm.objects.order_by("name", "id"), request)
    if taxonomy_key := _uuid_parameter(request, "taxonomy_id"):
        terms = terms.filter(taxonomy_id=taxonomy_key)
    if parent := _uuid_parameter(request, "parent_id"):
        terms = terms.filter(parent_id=parent)
    if _flag(request, "top_only"):
        terms = terms.filter(Q(parent__isnull=True))
    page = _page(request, terms)
    rows = TaxonomyTerm.objects.filter(pk__in=page.ids).select_related("taxonomy")
    return _wrapped(page, _in_order(page, [documents.taxonomy_term(row) for row in rows]))


@endpoint
def taxonomy_term(request: HttpRequest, taxonomy_term_id: str) -> HttpResponse:
    """`GET /taxonomy_terms/{id}`: one term."""
    key = _uuid(taxonomy_term_id, "id")
    found = TaxonomyTerm.objects.select_related("taxonomy").filter(pk=key).first()
    if found is None:
        raise NotFound(f"No taxonomy term has the id {key}.")
    return _answer(documents.taxonomy_term(found))
