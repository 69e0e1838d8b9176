"""Reading services: which are public, and the filters people find them by (the Open Referral UK API's,
and the public "find a service" page's).

Each filter is a plain function from a queryset of services to a narrower one, so callers combine them
in any order; filters that need a distance (`services_near`) return ids with distances instead, nearest
first. The semantics of each filter are the standard's (the parameters of `/services` in its OpenAPI
description), written out on each function.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from commoncause.places.models import Postcode
from commoncause.register.identifiers import postcode_prefix
from commoncause.register.models import Organisation, OrganisationStatus
from commoncause.services.models import (
    DAYS,
    Attribute,
    AttributeLink,
    FeedOrganisation,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

EARTH_RADIUS_M = 6_371_008.8  # the mean radius, as the register's search near a postcode uses
METRES_PER_DEGREE = EARTH_RADIUS_M * math.pi / 180
# Without `proximity`, a postcode keeps the services that say they serve it (their service areas) and,
# of those that name no area we know, those with a place within this distance: the register's own
# default for a search near a postcode.
DEFAULT_RADIUS_M = 2000
MAX_PROXIMITY_M = 100_000
MOST_WORDS = 10
DAY_NAMES = {code: name.upper() for code, name in DAYS}  # MO: MONDAY, for a day given by its name
# The areas a whole nation's or the UK's services name, by the first letter of a ward's GSS code.
NATIONS = {"E": "E92000001", "W": "W92000004", "S": "S92000003", "N": "N92000002"}
ENGLAND_AND_WALES, GREAT_BRITAIN, UNITED_KINGDOM = "K04000001", "K03000001", "K02000001"
REMOVED = (OrganisationStatus.REMOVED, OrganisationStatus.DISSOLVED)


class SelectorError(ValueError):
    """A filter's value names nothing we know (an unknown postcode): `parameter` says which."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class PostcodePlace(NamedTuple):
    """Where a postcode is: its point, and the GSS codes of the areas it lies in (ward, council, nation)."""

    postcode: str
    latitude: float
    longitude: float
    areas: frozenset[str]


# -- which services are public ---------------------------------------------------------------------------


def services_public() -> QuerySet[Service]:
    """Services the public may see: those with no organisation, and those of an organisation the register
    lists (not one a curator linked into another record) that is not removed or dissolved, by name."""
    # A correlated EXISTS: each service's organisation is looked up by its key. `organisation IN
    # (listed organisations)` had the database gather every listed organisation of a national register
    # (hundreds of thousands) on every search, which took most of a second.
    listed = Organisation.objects.listed().exclude(status__in=REMOVED).filter(pk=OuterRef("organisation_id"))
    return Service.objects.filter(Q(organisation__isnull=True) | Exists(listed)).order_by("name", "id")


def service_at_locations_of(services: QuerySet[Service]) -> QuerySet[ServiceAtLocation]:
    """The places the given services are offered at, by service name then location name."""
    return ServiceAtLocation.objects.filter(service__in=services).order_by(
        "service__name", "location__name", "id"
    )


def organisations_with_services(services: QuerySet[Service]) -> QuerySet[Organisation]:
    """The organisations that run any of the given services, by name: the directory's organisations."""
    return Organisation.objects.filter(pk__in=services.values("organisation_id")).order_by("name", "id")


# -- filters -----------------------------------------------------------------------------------------------


def services_search(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """`search`: services whose words (and their categories') hold every word given, in any case."""
    for word in re.findall(r"\w+", text.lower())[:MOST_WORDS]:
        services = services.filter(search_text__contains=word)
    return services


def services_with_taxonomy_term(services: QuerySet[Service], term_id: uuid.UUID) -> QuerySet[Service]:
    """`taxonomy_term_id`: services given that term."""
    given = Attribute.objects.filter(link_entity=AttributeLink.SERVICE, taxonomy_term_id=term_id)
    return services.filter(id__in=given.values("link_id"))


def services_with_taxonomy(services: QuerySet[Service], taxonomy_id: uuid.UUID) -> QuerySet[Service]:
    """`taxonomy_id`: services given any term of that taxonomy."""
    given = Attribute.objects.filter(
        link_entity=AttributeLink.SERVICE, taxonomy_term__taxonomy_id=taxonomy_id
    )
    return services.filter(id__in=given.values("link_id"))


def services_of_organisation(services: QuerySet[Service], organisation_id: uuid.UUID) -> QuerySet[Service]:
    """`organization_id`: services the organisation runs, by the register's id for it or by the id a
    feed gave it."""
    linked = FeedOrganisation.objects.filter(id=organisation_id).values("organisation_id")
    return services.filter(Q(organisation_id=organisation_id) | Q(organisation_id__in=linked))


def services_minimum_age(services: QuerySet[Service], age: float) -> QuerySet[Service]:
    """`minimum_age`: "services with a minimum age of at least the specified value"; a service that
    gives no minimum age has none to compare, so it is left out."""
    return services.filter(minimum_age__gte=age)


def services_maximum_age(services: QuerySet[Service], age: float) -> QuerySet[Service]:
    """`maximum_age`: "services with a maximum age equal to or below the specified value"; a service
    that gives no maximum age is left out."""
    return services.filter(maximum_age__lte=age)


def day_code(text: str) -> str | None:
    """An iCalendar day (MO … SU) from its code or its English name, in any case; None if neither."""
    value = text.strip().upper()
    if value in DAY_NAMES:
        return value
    return next((code for code, name in DAY_NAMES.items() if name == value), None)


def services_open(
    services: QuerySet[Service],
    *,
    day: str | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> QuerySet[Service]:
    """`day`, `start_time`, `end_time`: services with one schedule (their own, or at one of their
    places) that is on that day (`byday` holds its code, `1MO` and `-1FR` included), opens at or after
    `start_time`, and closes at or before `end_time`; all three must hold of the same schedule."""
    matching = Schedule.objects.all()
    if day:
        matching = matching.filter(byday__icontains=day)
    if start_time:
        matching = matching.filter(opens_at__gte=start_time)
    if end_time:
        matching = matching.filter(closes_at__lte=end_time)
    own = matching.filter(service__isnull=False).values("service_id")
    at_places = matching.filter(service_at_location__isnull=False).values("service_at_location__service_id")
    return services.filter(Q(id__in=own) | Q(id__in=at_places))


def services_modified_after(services: QuerySet[Service], when: dt.datetime) -> QuerySet[Service]:
    """`modified_after`: services changed on or after `when` (by their publisher's `last_modified`, or
    when we last changed the row where the publisher gave none)."""
    return services.filter(Q(last_modified__gte=when) | Q(last_modified__isnull=True, updated_at__gte=when))


# -- postcodes and distances -----------------------------------------------------------------------------


def postcode_place(text: str) -> PostcodePlace:
    """Where a whole postcode, in any case or spacing, is; SelectorError naming `postcode` if it is not
    a whole postcode we know with a point."""
    prefix = postcode_prefix(text[:20]) if len(text.strip()) <= 20 else None
    if prefix is None or len(prefix.partition(" ")[2]) != 3:
        raise SelectorError("postcode", f"'{text[:40]}' is not a whole postcode, such as SW1A 2AX")
    row = Postcode.objects.filter(postcode=prefix, latitude__isnull=False, longitude__isnull=False).first()
    if row is None or row.latitude is None or row.longitude is None:
        raise SelectorError("postcode", f"{prefix} is not a postcode we know")
    areas = {code for code in (row.ward, row.local_authority) if code}
    nation = NATIONS.get((row.local_authority or row.ward or " ")[0])
    if nation:
        areas |= {nation, UNITED_KINGDOM} | ({GREAT_BRITAIN} if nation != NATIONS["N"] else set())
        areas |= {ENGLAND_AND_WALES} if nation in (NATIONS["E"], NATIONS["W"]) else set()
    return PostcodePlace(prefix, row.latitude, row.longitude, frozenset(areas))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points, in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _box(place: PostcodePlace, metres: float, prefix: str = "") -> dict[str, tuple[float, float]]:
    """The filters of a location's point (under `prefix`) in the box around the circle."""
    dlat = metres / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(place.latitude)), 0.01)
    return {
        f"{prefix}point_lat__range": (place.latitude - dlat, place.latitude + dlat),
        f"{prefix}point_lon__range": (place.longitude - dlon, place.longitude + dlon),
    }


def locations_within(place: PostcodePlace, metres: float) -> dict[uuid.UUID, float]:
    """Every location within `metres` of the place, with its distance: the box around the circle is
    found by the index on the locations' points, and the circle within it by haversine."""
    boxed = Location.objects.filter(**_box(place, metres)).values_list("id", "point_lat", "point_lon")
    found = {}
    for location_id, lat, lon in boxed:
        if lat is None or lon is None:  # a range never matches NULL; this tells the type checker so
            continue
        distance = haversine_m(place.latitude, place.longitude, lat, lon)
        if distance <= metres:
            found[location_id] = distance
    return found


def _nearest(distances: Iterable[tuple[uuid.UUID, float]]) -> list[tuple[uuid.UUID, float]]:
    """The nearest distance of each id, nearest first (ties by id, so pages are stable)."""
    best: dict[uuid.UUID, float] = {}
    for key, distance in distances:
        best[key] = min(distance, best.get(key, distance))
    return sorted(best.items(), key=lambda item: (item[1], str(item[0])))


def services_near(
    services: QuerySet[Service], place: PostcodePlace, metres: float
) -> list[tuple[uuid.UUID, float]]:
    """`postcode` with `proximity`: the services with a place within `metres` of the postcode's point,
    nearest first, each with the distance in metres to its nearest place.

    One query from the places in the box around the circle to their services, the filters applied to
    those services alone: the other way round, every service's words were read for each search."""
    at = "service_at_locations__location__"
    rows = (
        services.order_by()
        .filter(**_box(place, metres, at))
        .values_list("id", f"{at}point_lat", f"{at}point_lon")
    )
    found = []
    for service_id, lat, lon in rows:
        distance = haversine_m(place.latitude, place.longitude, lat, lon)
        if distance <= metres:
            found.append((service_id, distance))
    return _nearest(found)


def service_at_locations_near(
    rows: QuerySet[ServiceAtLocation], place: PostcodePlace, metres: float
) -> list[tuple[uuid.UUID, float]]:
    """`postcode` with `proximity` on services at locations: those within `metres`, nearest first."""
    locations = locations_within(place, metres)
    found = rows.filter(location_id__in=list(locations)).values_list("id", "location_id")
    return _nearest((row_id, locations[location_id]) for row_id, location_id in found)


def services_covering(services: QuerySet[Service], place: PostcodePlace) -> QuerySet[Service]:
    """`postcode` alone: services whose service areas hold the postcode (its ward, council, nation or the
    UK, by GSS code), and, of services that name no area we know, those with a place within
    DEFAULT_RADIUS_M of it. As the standard says, a service area, where there is one, decides."""
    coded = ServiceArea.objects.exclude(gss_code="")
    covering = coded.filter(gss_code__in=place.areas).values("service_id")
    nearby = ServiceAtLocation.objects.filter(location_id__in=list(locations_within(place, DEFAULT_RADIUS_M)))
    return services.filter(
        Q(id__in=covering) | (Q(id__in=nearby.values("service_id")) & ~Q(id__in=coded.values("service_id")))
    )
