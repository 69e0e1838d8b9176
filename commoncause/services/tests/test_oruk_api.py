"""`/oruk/`: every endpoint answers valid Open Referral UK 3.0 JSON, public and CORS open, and never
serves a contact's name or the services of organisations the register no longer lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from commoncause.places.models import Postcode
from commoncause.services.models import ServiceAtLocation
from commoncause.services.oruk.schemas import page_problems, problems
from commoncause.services.tests.factories import (
    ASSURER,
    CONTACT_NAME,
    EXAMPLE,
    Directory,
    directory,
    example_taxonomy,
    load_postcodes,
)

UUID = r"[0-9a-f-]{36}"
# Each path (as a pattern) and what its answers are checked against: (kind, page item kind or None).
CHECKS: list[tuple[str, list[str], str | None]] = [
    (r"/oruk/", ["api_details"], None),
    (r"/oruk/services/?", ["service_page"], "service_list_item"),
    (rf"/oruk/services/{UUID}/?", ["service", "compiled_service"], None),
    (r"/oruk/service_at_locations/?", ["service_at_location_page"], "service_at_location_list_item"),
    (
        rf"/oruk/service_at_locations/{UUID}/?",
        ["service_at_location", "compiled_service_at_location"],
        None,
    ),
    (r"/oruk/organizations/?", [], "organization_list_item"),
    (rf"/oruk/organizations/{UUID}/?", ["organization", "compiled_organization"], None),
    (r"/oruk/taxonomies/?", ["taxonomy_page"], "taxonomy"),
    (rf"/oruk/taxonomies/{UUID}/?", ["taxonomy"], None),
    (r"/oruk/taxonomy_terms/?", ["taxonomy_term_page"], "taxonomy_term"),
    (rf"/oruk/taxonomy_terms/{UUID}/?", ["taxonomy_term"], None),
]


def oruk_get(client: Client, path: str, params: dict[str, Any] | None = None) -> Any:  # noqa: ANN401 (JSON)
    """GET an endpoint, check it answered 200 with CORS open, and validate its JSON against the
    schemas for that endpoint (zero problems); the JSON."""
    response = client.get(path, params or {})
    assert response.status_code == 200, (path, params, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    kinds, item_kind = next((kinds, item) for pattern, kinds, item in CHECKS if re.fullmatch(pattern, path))
    found = [problem for kind in kinds for problem in problems(kind, body)]
    if item_kind:
        found += page_problems(item_kind, body)
    assert found == [], (path, params, [str(problem) for problem in found[:10]])
    assert CONTACT_NAME not in response.content.decode()
    assert ASSURER not in response.content.decode()
    return body


@pytest.fixture(scope="module")
def postcodes_loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:  # noqa: ANN401
    """Westminster's postcodes, loaded once for the module (each test's own rows still roll back)."""
    with django_db_blocker.unblock():
        load_postcodes()
    yield
    with django_db_blocker.unblock():
        Postcode.objects.all().delete()


@pytest.fixture
def services(postcodes_loaded: None, db: None) -> Directory:
    return directory()


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["contents"]]


def test_the_root_says_which_standard_and_where_its_description_is(client: Client, db: None) -> None:
    details = oruk_get(client, "/oruk/")

    assert details["version"] == "3.0"
    assert details["profile"].startswith("https://github.com/OpenReferralUK/uk-profile")
    assert details["openapi_url"] == "http://testserver/oruk/openapi.json"
    described = client.get("/oruk/openapi.json").json()
    assert described["servers"] == [{"url": "http://testserver/oruk"}]
    assert "/services/{id}" in described["paths"]


def test_every_endpoint_answers_valid_json_with_and_without_a_trailing_slash(
    client: Client, services: Directory
) -> None:
    sal = ServiceAtLocation.objects.get(service=services.counselling)
    term = str(EXAMPLE["taxonomy_term"])
    taxonomy = str(example_taxonomy().id)
    paths = [
        "/oruk/services", f"/oruk/services/{services.counselling.id}", "/oruk/service_at_locations",
        f"/oruk/service_at_locations/{sal.id}", "/oruk/organizations",
        f"/oruk/organizations/{EXAMPLE['organisation']}", "/oruk/taxonomies", f"/oruk/taxonomies/{taxonomy}",
        "/oruk/taxonomy_terms", f"/oruk/taxonomy_terms/{term}",
    ]  # fmt: skip
    for path in paths:
        assert oruk_get(client, path) == oruk_get(client, f"{path}/")


def test_a_page_of_services_lists_the_public_ones_by_name(client: Client, services: Directory) -> None:
    page = oruk_get(client, "/oruk/services")

    assert [item["name"] for item in page["contents"]] == [
        "Advice line", "Community Counselling", "Food bank", "Lunch club", "Youth club",
    ]  # fmt: skip
    assert page | {"contents": []} == {
        "total_items": 5, "total_pages": 1, "page_number": 1, "size": 5, "first_page": True,
        "last_page": True, "empty": False, "contents": [],
    }  # fmt: skip
    assert "schedules" not in page["contents"][1]


def test_full_minimal_and_one_service(client: Client, services: Directory) -> None:
    full = oruk_get(client, "/oruk/services", {"full": "true"})
    one = oruk_get(client, f"/oruk/services/{services.counselling.id}")
    minimal = oruk_get(client, "/oruk/services", {"minimal": "true"})

    assert full["contents"][1] == one
    assert one["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "SW1A 2AX"
    assert one["contacts"] == [
        {"id": str(EXAMPLE["contact"]), "title": "Reception Manager", "phones": one["contacts"][0]["phones"]}
    ]
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}
    assert minimal["total_items"] == 5


def test_services_at_locations_and_organisations(client: Client, services: Directory) -> None:
    sals = oruk_get(client, "/oruk/service_at_locations")
    sal = ServiceAtLocation.objects.get(service=services.youth)
    one = oruk_get(client, f"/oruk/service_at_locations/{sal.id}")
    organisations = oruk_get(client, "/oruk/organizations")
    full = oruk_get(client, "/oruk/organizations", {"full": "true"})
    with_services = oruk_get(client, "/oruk/organizations", {"full_service": "true"})
    trust = oruk_get(client, f"/oruk/organizations/{services.youth.organisation_id}")

    assert sals["total_items"] == 4  # the advice line is at no place
    assert one["service"]["id"] == str(services.youth.id)
    assert one["location"]["addresses"][0]["postal_code"] == "W1D 3JB"
    assert one["service"]["schedules"][0]["byday"] == "MO,WE"
    assert [item["name"] for item in organisations["contents"]] == [
        "Example Organization Inc.", "Paddington Pantry", "Westminster Community Trust",
    ]  # fmt: skip
    assert [service["name"] for service in trust["services"]] == ["Lunch club", "Youth club"]
    assert trust["organization_identifiers"][0]["identifier"] == "1012345"
    assert "schedules" not in full["contents"][2]["services"][0]
    assert with_services["contents"][2]["services"][0]["schedules"][0]["byday"] == "TU"


def test_taxonomies_and_terms(client: Client, services: Directory) -> None:
    taxonomy = example_taxonomy()
    taxonomies = oruk_get(client, "/oruk/taxonomies")
    one = oruk_get(client, f"/oruk/taxonomies/{taxonomy.id}")
    terms = oruk_get(client, "/oruk/taxonomy_terms", {"taxonomy_id": str(taxonomy.id), "top_only": "true"})
    none = oruk_get(client, "/oruk/taxonomy_terms", {"parent_id": str(EXAMPLE["taxonomy_term"])})
    term = oruk_get(client, f"/oruk/taxonomy_terms/{EXAMPLE['taxonomy_term']}")

    assert str(taxonomy.id) in ids(taxonomies)
    assert [item["name"] for item in one["taxonomy_terms"]] == ["Counselling"]
    assert ids(terms) == [str(EXAMPLE["taxonomy_term"])]
    assert none["empty"] is True
    assert term["taxonomy"] == "Local Government Service List"


def test_services_of_a_merged_or_removed_organisation_are_not_served(
    client: Client, services: Directory
) -> None:
    for hidden in (services.merged, services.removed):
        assert client.get(f"/oruk/services/{hidden.id}").status_code == 404
        assert str(hidden.id) not in client.get("/oruk/services", {"per_page": 500}).content.decode()
        assert str(hidden.id) not in client.get("/oruk/service_at_locations").content.decode()
        assert client.get(f"/oruk/organizations/{hidden.organisation_id}").status_code == 404
    assert oruk_get(client, "/oruk/services", {"search": "hidden"})["total_items"] == 0


def test_a_contacts_name_is_in_no_answer(client: Client, services: Directory) -> None:
    """`oruk_get` checks every answer; these are the ones that nest contacts."""
    for path, params in [
        ("/oruk/services", {"full": "true"}),
        (f"/oruk/services/{services.counselling.id}", {}),
        ("/oruk/service_at_locations", {"full": "true"}),
        ("/oruk/organizations", {"full_service": "true"}),
        (f"/oruk/organizations/{EXAMPLE['organisation']}", {"full_service": "true"}),
    ]:
        assert "Reception Manager" in str(oruk_get(client, path, params))


def test_preflight_and_other_methods(client: Client, db: None) -> None:
    preflight = client.options("/oruk/services", HTTP_ORIGIN="https://elsewhere.example")
    refused = client.post("/oruk/services")

    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert refused.status_code == 405
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert client.head("/oruk/services").status_code == 200


def test_the_apis_rate_limit_applies(client: Client, db: None, settings: Any) -> None:  # noqa: ANN401
    settings.API_RATE_ANONYMOUS = "2/min"

    answers = [client.get("/oruk/taxonomies") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Access-Control-Allow-Origin"] == "*"
    assert int(answers[2]["Retry-After"]) > 0
