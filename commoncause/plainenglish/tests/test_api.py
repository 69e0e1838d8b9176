"""`POST /api/v1/plain-english`: open, rate-limited, the same object as `plain_english --json`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from commoncause.accounts.models import TokenScope
from commoncause.accounts.services import api_token_create
from commoncause.accounts.tests.cast import person
from commoncause.plainenglish.checker import MAX_TEXT_CHARACTERS, check, result_json
from commoncause.plainenglish.tests.planted import CONTROL, EVERY_KIND, planted

pytestmark = pytest.mark.django_db
URL = "/api/v1/plain-english"
TEXT, EXPECTED = planted(EVERY_KIND)


def _post(client: Client, body: Any, **headers: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def test_anyone_gets_the_findings_at_their_offsets_and_the_scores(client: Client) -> None:
    response = _post(client, {"text": TEXT})
    assert response.status_code == 200
    answer = response.json()
    assert answer == result_json(check(TEXT))
    assert [(f["kind"], f["start"], f["end"], f["text"]) for f in answer["findings"]] == EXPECTED
    assert all(TEXT[f["start"] : f["end"]] == f["text"] for f in answer["findings"])
    assert answer["scores"]["flesch_reading_ease"] == round(check(TEXT).scores.flesch_reading_ease or 0, 1)


def test_a_plain_text_has_no_findings(client: Client) -> None:
    assert _post(client, {"text": CONTROL}).json()["findings"] == []


def test_offsets_count_characters_not_bytes(client: Client) -> None:
    text = "Café’s £3 lunch — we utilise it."
    (finding,) = _post(client, {"text": text}).json()["findings"]
    assert text[finding["start"] : finding["end"]] == "utilise"


def test_a_read_token_and_a_signed_in_session_may_call_it_without_csrf(client: Client) -> None:
    user = person("reader@charity.example")
    _token, secret = api_token_create(user=user, name="reader", scope=TokenScope.READ)
    assert _post(client, {"text": TEXT}, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    session = Client(enforce_csrf_checks=True)
    session.force_login(user)
    assert _post(session, {"text": TEXT}).status_code == 200


def test_a_wrong_token_is_refused_rather_than_treated_as_anonymous(client: Client) -> None:
    response = _post(client, {"text": TEXT}, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert response.json() == {"detail": "That token is not valid, or has been revoked."}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": 42},
        {"text": None},
        {"text": ["a list"]},
        {"text": ""},
        {"text": "x" * (MAX_TEXT_CHARACTERS + 1)},
    ],
)
def test_a_missing_wrong_or_too_long_text_is_422_naming_it(client: Client, body: dict[str, Any]) -> None:
    response = _post(client, body)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "text" in json.dumps(response.json()["detail"])


def test_the_longest_text_allowed_is_checked(client: Client) -> None:
    text = ("We utilise the hall. " * (MAX_TEXT_CHARACTERS // 21 + 1))[:MAX_TEXT_CHARACTERS]
    response = _post(client, {"text": text})
    assert response.status_code == 200
    assert len(response.json()["findings"]) >= MAX_TEXT_CHARACTERS // 21


def test_a_body_that_is_not_json_is_400_in_json(client: Client) -> None:
    response = client.post(URL, "text=hello", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_anonymous_callers_are_rate_limited(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from config.api import api

    assert isinstance(api.throttle, list)
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 2)
    statuses = [_post(client, {"text": "We utilise it."}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
