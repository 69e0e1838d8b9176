"""`/oruk/services` and `/oruk/service_at_locations`: each filter, paging, and bad parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from commoncause.places.models import Postcode
from commoncause.services.models import Service, ServiceAtLocation
from commoncause.services.selectors import haversine_m
from commoncause.services.tests.factories import (
    ABBEY,
    EXAMPLE,
    SOHO,
    WHITEHALL,
    Directory,
    directory,
    example_taxonomy,
    load_postcodes,
    westminster_service,
)
from commoncause.services.tests.test_oruk_api import oruk_get


@pytest.fixture(scope="module")
def postcodes_loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:  # noqa: ANN401
    with django_db_blocker.unblock():
        load_postcodes()
    yield
    with django_db_blocker.unblock():
        Postcode.objects.all().delete()


@pytest.fixture
def services(postcodes_loaded: None, db: None) -> Directory:
    return directory()


def names(client: Client, params: dict[str, Any], path: str = "/oruk/services") -> list[str]:
    page = oruk_get(client, path, params)
    if path.endswith("service_at_locations"):
        return [item["service"]["name"] for item in page["contents"]]
    return [item["name"] for item in page["contents"]]


def test_search_finds_every_word_in_any_case(client: Client, services: Directory) -> None:
    assert names(client, {"search": "Counselling"}) == ["Community Counselling"]
    assert names(client, {"search": "older MEALS"}) == ["Lunch club"]
    assert names(client, {"search": "older sport"}) == []


def test_taxonomy_term_taxonomy_and_organisation(client: Client, services: Directory) -> None:
    taxonomy = example_taxonomy()
    term = {"taxonomy_term_id": str(EXAMPLE["taxonomy_term"])}

    assert names(client, term) == ["Community Counselling"]
    assert names(client, {"taxonomy_id": str(taxonomy.id)}) == ["Community Counselling"]
    assert names(client, {"organization_id": str(services.youth.organisation_id)}) == [
        "Lunch club",
        "Youth club",
    ]
    assert names(client, term, "/oruk/service_at_locations") == ["Community Counselling"]


def test_ages_follow_the_standards_wording(client: Client, services: Directory) -> None:
    """minimum_age: a minimum age of at least the value; maximum_age: a maximum at or below it."""
    assert names(client, {"minimum_age": "12"}) == ["Community Counselling", "Lunch club"]
    assert names(client, {"minimum_age": "11.5", "maximum_age": "18"}) == []
    assert names(client, {"maximum_age": "18"}) == ["Youth club"]
    assert names(client, {"maximum_age": "100"}) == ["Community Counselling", "Youth club"]


def test_day_and_times_must_hold_of_one_schedule(client: Client, services: Directory) -> None:
    assert names(client, {"day": "MO"}) == ["Youth club"]
    assert names(client, {"day": "tuesday"}) == ["Lunch club"]
    assert names(client, {"day": "FR"}) == ["Community Counselling"]
    assert names(client, {"start_time": "12:00"}) == ["Lunch club", "Youth club"]
    assert names(client, {"end_time": "14:00"}) == ["Lunch club"]
    assert names(client, {"start_time": "10:00", "end_time": "18:00"}) == [
        "Community Counselling",
        "Lunch club",
    ]
    assert names(client, {"day": "TU", "start_time": "16:00"}) == []


def test_a_schedule_at_one_place_counts_for_its_service(client: Client, services: Directory) -> None:
    sal = ServiceAtLocation.objects.get(service=services.food)
    sal.schedules.create(freq="WEEKLY", byday="SA", opens_at=dt.time(9), closes_at=dt.time(11))

    assert names(client, {"day": "Saturday"}) == ["Food bank"]


def test_modified_after(client: Client, services: Directory) -> None:
    assert "Food bank" not in names(client, {"modified_after": "2024-01-01T00:00:00Z"})
    assert "Food bank" in names(client, {"modified_after": "2019-12-31"})
    assert names(client, {"modified_after": "2023-03-15T10:30:00+00:00", "search": "counselling"}) == [
        "Community Counselling"
    ]


def test_postcode_and_proximity_give_the_nearest_first_with_distances(
    client: Client, services: Directory
) -> None:
    page = oruk_get(client, "/oruk/services", {"postcode": "sw1a2ax", "proximity": "2500"})

    assert [item["name"] for item in page["contents"]] == [
        "Community Counselling",
        "Lunch club",
        "Youth club",
    ]
    distances = [item["distance"] for item in page["contents"]]
    assert distances[0] == 0
    assert distances[1] == round(
        haversine_m(WHITEHALL.latitude, WHITEHALL.longitude, ABBEY.latitude, ABBEY.longitude)
    )
    assert distances[2] == round(
        haversine_m(WHITEHALL.latitude, WHITEHALL.longitude, SOHO.latitude, SOHO.longitude)
    )
    assert 790 < distances[1] < 800
    near = oruk_get(client, "/oruk/service_at_locations", {"postcode": "W1D 3JB", "proximity": "1200"})
    assert [item["service"]["name"] for item in near["contents"]] == ["Youth club", "Community Counselling"]
    assert near["contents"][0]["distance"] == 0


def test_a_postcode_alone_keeps_the_services_that_serve_it(client: Client, services: Directory) -> None:
    """Service areas decide where a service has them (Westminster, West End ward, Camden); a service with
    none we know is kept when one of its places is within 2 km."""
    assert names(client, {"postcode": "W1D 3JB"}) == ["Community Counselling", "Lunch club", "Youth club"]
    assert names(client, {"postcode": "SW1P 3AZ"}) == ["Community Counselling", "Lunch club"]
    assert names(client, {"postcode": "W2 1EG"}) == ["Community Counselling", "Food bank"]
    assert names(client, {"postcode": "NW1 0AG"}) == ["Advice line"]  # Camden


def test_paging_edges(client: Client, services: Directory) -> None:
    for number in range(7):
        westminster_service(f"Zumba {number}", place=None)
    first = oruk_get(client, "/oruk/services", {"per_page": "5"})
    last = oruk_get(client, "/oruk/services", {"per_page": "5", "page": "3"})
    beyond = oruk_get(client, "/oruk/services", {"per_page": "5", "page": "4"})
    one = oruk_get(client, "/oruk/services", {"per_page": "500"})

    assert (first["total_items"], first["total_pages"], first["size"]) == (12, 3, 5)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    assert (last["size"], last["first_page"], last["last_page"]) == (2, False, True)
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    assert one["size"] == 12
    seen = [
        item["id"]
        for p in (1, 2, 3)
        for item in oruk_get(client, "/oruk/services", {"per_page": 5, "page": p})["contents"]
    ]
    assert sorted(seen) == sorted(
        str(pk)
        for pk in Service.objects.exclude(name__contains="charity")
        .exclude(name__contains="Merged")
        .values_list("pk", flat=True)
    )
    empty = oruk_get(client, "/oruk/services", {"search": "nothing-like-this"})
    assert (empty["total_items"], empty["total_pages"], empty["empty"]) == (0, 1, True)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"per_page": "abc"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "501"}, "per_page"),
        ({"page": "-1"}, "page"),
        ({"postcode": "ZZ9 9ZZ"}, "postcode"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"postcode": "SW1A"}, "postcode"),
        ({"proximity": "500"}, "proximity"),
        ({"postcode": "SW1A 2AX", "proximity": "far"}, "proximity"),
        ({"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ({"organization_id": "1234"}, "organization_id"),
        ({"minimum_age": "old"}, "minimum_age"),
        ({"day": "Caturday"}, "day"),
        ({"start_time": "25:00"}, "start_time"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"full": "maybe"}, "full"),
        ({"format": "ndjson"}, "format"),
        ({"page": ["1", "2"]}, "page"),
    ],
)
def test_a_bad_parameter_is_400_in_json_naming_it(
    client: Client, services: Directory, params: dict[str, Any], parameter: str
) -> None:
    for path in ("/oruk/services", "/oruk/service_at_locations"):
        response = client.get(path, params)
        assert response.status_code == 400, (path, params)
        assert response.json()["parameter"] == parameter
        assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_and_malformed_ids(client: Client, db: None) -> None:
    unknown = "ac148810-d857-441c-9679-000000000000"
    for kind in ("services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"):
        missing = client.get(f"/oruk/{kind}/{unknown}")
        malformed = client.get(f"/oruk/{kind}/not-a-uuid/")
        assert missing.status_code == 404
        assert unknown in missing.json()["detail"]
        assert missing["Access-Control-Allow-Origin"] == "*"
        assert malformed.status_code == 400
        assert malformed.json()["parameter"] == "id"
    assert client.get("/oruk/taxonomy_terms", {"top_only": "yes please"}).status_code == 400
    assert client.get("/oruk/organizations", {"page": "x"}).json()["parameter"] == "page"


def test_control_characters_in_any_parameter_are_never_a_fault(client: Client, services: Directory) -> None:
    for path in (
        "/oruk/services",
        "/oruk/service_at_locations",
        "/oruk/organizations",
        "/oruk/taxonomy_terms",
    ):
        for name in ("search", "postcode", "day", "taxonomy_id", "modified_after", "start_time"):
            assert client.get(path, {name: "a\x00b"}).status_code in (200, 400), (path, name)
    assert client.get("/oruk/services/a\x00b").status_code == 400
