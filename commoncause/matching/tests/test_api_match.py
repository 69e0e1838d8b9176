"""`POST /api/v1/match` over the register sample's real charities, placed in Westminster's wards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from commoncause.accounts.models import TokenScope
from commoncause.accounts.services import api_token_create
from commoncause.matching.matcher import forget
from commoncause.places.models import Area, OrganisationPlace
from commoncause.places.tests.conftest import westminster, westminster_loaded
from commoncause.register.models import OrgIdentifier

pytestmark = pytest.mark.django_db
__all__ = ["westminster", "westminster_loaded"]  # fixtures: the register sample placed in Westminster
URL = "/api/v1/match"


@pytest.fixture(autouse=True)
def _prepared_afresh() -> Iterator[None]:
    """Each test's register is prepared from its own database (a corpus kept from another test's rolled
    back transaction must not answer)."""
    forget()
    yield
    forget()


def _post(client: Client, body: Any, **headers: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def test_a_need_in_everyday_words_finds_the_charities_that_do_it(client: Client, westminster: Area) -> None:
    response = _post(client, {"text": "Somewhere to take in neglected donkeys and ponies", "limit": 5})
    assert response.status_code == 200
    answer = response.json()
    assert answer["count"] == len(answer["items"]) == 5
    best = answer["items"][0]
    assert set(best) >= {"id", "name", "org_ids", "score", "reasons"}
    assert "GB-CHC-1159363" in best["org_ids"]  # The Mills Equus Trust: horses, ponies, donkeys
    assert 0 < best["score"] <= 1
    assert any("donkeys" in reason for reason in best["reasons"])
    assert [item["score"] for item in answer["items"]] == sorted(
        (item["score"] for item in answer["items"]), reverse=True
    )


def test_the_areas_asked_for_come_first_and_say_so(client: Client, westminster: Area) -> None:
    here = set(
        OrganisationPlace.objects.filter(local_authority=westminster.code).values_list(
            "organisation_id", flat=True
        )
    )
    body = {"text": "Advice on benefits and debts", "areas": [westminster.code], "limit": 10}
    items = _post(client, body).json()["items"]
    local = [item for item in items if item["id"] in {str(pk) for pk in here}]
    assert local, "Westminster's advice charities are among the first ten"
    assert all(any(reason.startswith("Works in") for reason in item["reasons"]) for item in local)
    assert items[0]["signals"]["area"] is not None


def test_who_it_is_for_is_read_from_words_or_theme_codes(client: Client, westminster: Area) -> None:
    for who in (["older people"], ["older"]):
        item = _post(client, {"text": "A lunch club", "who": who, "limit": 1}).json()["items"][0]
        assert item["signals"]["who"] is not None
        assert any(reason.startswith("Helps Older people") for reason in item["reasons"]), item["reasons"]


def test_a_budget_far_above_an_income_is_a_risk(client: Client, westminster: Area) -> None:
    items = _post(
        client, {"text": "Youth football coaching for teenagers", "budget": 2_000_000, "limit": 10}
    ).json()["items"]
    assert any(
        item["risks"] and item["risks"][0].startswith("Risk: the budget of £2,000,000") for item in items
    )


def test_it_needs_no_token_and_a_read_token_will_do(client: Client, westminster: Area, officer: Any) -> None:
    token, secret = api_token_create(user=officer, name="reading", scope=TokenScope.READ)
    assert token.scope == TokenScope.READ
    response = _post(client, {"text": "food bank"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert _post(client, {"text": "food bank"}, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "food", "limit": 51}, "limit"),
        ({"text": "food", "budget": -5}, "budget"),
        ({"text": "food", "budget": False}, "budget"),
        ({"text": "food", "budget": "5000"}, "budget"),
        ({"text": "food", "limit": True}, "limit"),
        ({"text": "food", "areas": ["E09000033; DROP TABLE"]}, "areas"),
        ({"areas": ["E09000033"]}, "text"),
    ],
)
def test_a_bad_request_names_the_field_in_json(client: Client, body: dict[str, Any], field: str) -> None:
    response = _post(client, body)
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])


def test_a_body_that_is_not_json_is_refused_in_json(client: Client) -> None:
    response = client.post(URL, "text=food", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_anonymous_callers_are_rate_limited(
    client: Client, westminster: Area, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config.api import api

    assert isinstance(api.throttle, list)
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 2)
    statuses = [_post(client, {"text": "food bank"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_org_ids_are_the_registers(client: Client, westminster: Area) -> None:
    item = _post(client, {"text": "choir", "limit": 1}).json()["items"][0]
    held = set(OrgIdentifier.objects.filter(organisation_id=item["id"]).values_list("org_id", flat=True))
    assert set(item["org_ids"]) == held
