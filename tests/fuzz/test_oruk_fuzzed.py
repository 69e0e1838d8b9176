"""The Open Referral UK API, fuzzed from the validator's description of it (`open_api.json`): every
endpoint, with any value of each parameter it names, as the public. No answer is a 5xx; every answer is
JSON; a 200 is a valid page or record of the standard, a refusal is a 400 or 404 naming the problem.

The standard's own OpenAPI description points its schemas at the internet, so it cannot drive
schemathesis offline; this walk reads the parameters from the shipped copy instead. Examples are few
per endpoint and derandomised, so a run is quick and the same every time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commoncause.accounts.api_access import api_throttles
from commoncause.services.models import TaxonomyTerm
from commoncause.services.oruk.schemas import page_problems, problems
from commoncause.services.tests.factories import EXAMPLE, community_counselling, load_postcodes

OPEN_API = (
    Path(__file__).resolve().parents[2] / "data/openreferral/oruk-validator/Schemas/V3.0-UK/open_api.json"
)
EXAMPLES = 40
# What each list's items and each record are checked against (schemas.SCHEMAS).
LIST_ITEMS = {
    "/services": "service_list_item",
    "/service_at_locations": "service_at_location_list_item",
    "/organizations": "organization_list_item",
    "/taxonomies": "taxonomy",
    "/taxonomy_terms": "taxonomy_term",
}
RECORDS = {
    "/services/{id}": "service",
    "/service_at_locations/{id}": "service_at_location",
    "/organizations/{id}": "organization",
    "/taxonomies/{id}": "taxonomy",
    "/taxonomy_terms/{id}": "taxonomy_term",
}


def _parameters() -> dict[str, list[str]]:
    described = json.loads(OPEN_API.read_text(encoding="utf-8"))
    shared = described.get("components", {}).get("parameters", {})
    found: dict[str, list[str]] = {}
    for path, operations in described["paths"].items():
        names = []
        for parameter in operations.get("get", {}).get("parameters", []):
            if "$ref" in parameter:
                parameter = shared[parameter["$ref"].rsplit("/", 1)[1]]
            if parameter.get("in") == "query":
                names.append(parameter["name"])
        found[path] = names
    return found


PARAMETERS = _parameters()
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["true", "false", "0", "-1", "1e309", "NaN", "MO", "monday", "25:00", "SW1A 2AX", "0.5"]),
    st.uuids().map(str),
)


def _check(path: str, response: Any) -> None:
    assert response.status_code < 500, (path, response.status_code)
    assert response["Content-Type"].startswith("application/json"), path
    body = response.json()
    if response.status_code != 200:
        assert response.status_code in (400, 404), (path, response.status_code, body)
        return
    if path in LIST_ITEMS and "contents" in body:
        assert page_problems(LIST_ITEMS[path], body) == [], path
    elif path in RECORDS:
        assert problems(RECORDS[path], body) == [], path


@pytest.fixture
def _unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limits stay (429 in JSON) but are lifted: the fuzzer calls far faster than anyone."""
    for throttle in api_throttles():
        monkeypatch.setattr(throttle, "num_requests", 10**9)


@pytest.fixture
def directory(db: None, _unthrottled: None) -> dict[str, str]:
    """The id of one record each endpoint for a record knows."""
    load_postcodes()
    service = community_counselling()
    term = TaxonomyTerm.objects.get(pk=EXAMPLE["taxonomy_term"])
    return {
        "/services/{id}": str(service.pk),
        "/service_at_locations/{id}": str(EXAMPLE["service_at_location"]),
        "/organizations/{id}": str(service.organisation_id),
        "/taxonomies/{id}": str(term.taxonomy_id),
        "/taxonomy_terms/{id}": str(term.pk),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(PARAMETERS))
def test_no_parameter_value_breaks_an_endpoint(path: str, directory: dict[str, str]) -> None:
    names = PARAMETERS[path]
    client = Client()
    answered: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        query=st.dictionaries(st.sampled_from(names or ["page"]), VALUES, max_size=4),
        record=st.one_of(st.just(directory.get(path, "")), st.uuids().map(str), st.text(max_size=12)),
    )
    def call(query: dict[str, str], record: str) -> None:
        url = "/oruk" + path.replace("{id}", record.replace("/", "") or "x")
        response = client.get(url, {key: value.replace("\x00", "") for key, value in query.items()})
        _check(path, response)
        answered.append(response.status_code)

    call()
    assert 200 in answered  # the walk reached the endpoint's answers, not only its refusals
