"""Statements sent to the API that no page could store or show are refused at the edge, naming the
field, and nothing is queued: lone surrogates, NULs, over-long text, and bodies that are not objects."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.core.text import text_problem
from commoncause.members.models import ProfileEdit
from commoncause.members.statements import ProfileEditError, profile_edit_propose
from commoncause.members.tests.conftest import ORG
from commoncause.members.tests.test_profile_edits import _bearer
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db
URL = f"/api/v1/organisations/{ORG}/statement"


def _post(client: Client, member: User, raw: str) -> Any:
    return client.post(URL, raw, content_type="application/json", **_bearer(member))


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"offers": "Tea \\ud800 and cake"}', "offers"),
        ('{"description": "Lunch\\u0000club"}', "description"),
        (json.dumps({"website": "x" * 5001}), "website"),
    ],
)
def test_text_no_page_could_store_or_show_is_refused_naming_the_field(
    client: Client, organisation: Organisation, member: User, raw: str, field: str
) -> None:
    response = _post(client, member, raw)
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    assert not ProfileEdit.objects.exists()


@pytest.mark.parametrize("raw", ["null", '"x"', "123", "[]", "true"])
def test_a_body_that_is_not_an_object_is_refused_not_taken_for_an_empty_statement(
    client: Client, organisation: Organisation, member: User, raw: str
) -> None:
    response = _post(client, member, raw)
    assert response.status_code == 422
    assert "JSON object" in json.dumps(response.json())
    assert not ProfileEdit.objects.exists()


def test_the_service_behind_the_form_refuses_the_same_text(organisation: Organisation, member: User) -> None:
    with pytest.raises(ProfileEditError) as problem:
        profile_edit_propose(user=member, organisation=organisation, values={"offers": "Tea \ud800"})
    assert problem.value.field == "offers"
    assert not ProfileEdit.objects.exists()


def test_what_the_edge_refuses() -> None:
    assert text_problem("Tea and cake, £3 – café") is None
    assert text_problem("a\x00b") == "must not contain a NUL character (\\u0000)"
    assert "lone surrogate (\\udc00)" in (text_problem("a\udc00") or "")


def test_a_body_over_the_upload_limit_is_refused_with_413_in_json(
    client: Client, organisation: Organisation, member: User
) -> None:
    raw = json.dumps({"description": "x" * (3 * 1024 * 1024)})  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    response = _post(client, member, raw)
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "2.5 MB" in response.json()["detail"]
    assert not ProfileEdit.objects.exists()
