"""Personal API tokens: shown once, stored hashed, scoped, revocable; the API knows who calls."""

import hashlib
from typing import TypedDict

import pytest
from django.test import RequestFactory
from ninja.errors import HttpError

from commoncause.accounts.access import SIGNED_IN
from commoncause.accounts.api_access import api_access
from commoncause.accounts.models import ApiToken, AuditEntry
from commoncause.accounts.services import api_token_create
from commoncause.accounts.tests.cast import person, staff

pytestmark = pytest.mark.django_db


class BearerHeader(TypedDict):
    HTTP_AUTHORIZATION: str


def bearer(secret: str) -> BearerHeader:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_made_on_the_account_page_is_shown_once_and_stored_hashed(client, member):
    client.force_login(member)
    response = client.post("/accounts/tokens/", {"name": "Grants spreadsheet", "scope": "read"})

    html = response.content.decode()
    token = ApiToken.objects.get(user=member)
    secret = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert secret.startswith(f"cc_{token.prefix}_")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values_list())
    assert secret not in client.get("/accounts/").content.decode()
    assert AuditEntry.objects.filter(target_type="accounts.apitoken", action="create").count() == 1


def test_a_token_without_a_name_is_refused_and_the_form_says_why(client, member):
    client.force_login(member)
    response = client.post("/accounts/tokens/", {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert '<a href="#id_name">' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_api_knows_the_caller_by_token(client):
    officer = staff("officer@council.example", "officer")
    _token, secret = api_token_create(user=officer, name="reports")

    response = client.get("/api/v1/me", **bearer(secret))

    assert response.status_code == 200
    assert response.json() == {"email": "officer@council.example", "roles": ["officer"]}
    assert ApiToken.objects.get(user=officer).last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer cc_nothing_here", "Bearer nonsense", "Basic abc", "Bearer "])
def test_a_bad_token_is_refused_with_401_and_never_treated_as_anonymous(client, header):
    response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_revoked_token_stops_working(client, member):
    token, secret = api_token_create(user=member, name="old script")
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    client.force_login(member)

    client.post(f"/accounts/tokens/{token.pk}/revoke/")

    client.logout()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401
    assert AuditEntry.objects.filter(target_id=str(token.pk), action="update").exists()


def test_nobody_else_can_revoke_a_token(client, member):
    token, secret = api_token_create(user=member, name="script")
    client.force_login(person("other@charity.example"))
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_a_read_token_may_not_write_and_a_write_token_may():
    user = person("member@charity.example")
    _read, read_secret = api_token_create(user=user, name="read", scope="read")
    _write, write_secret = api_token_create(user=user, name="write", scope="write")
    check = api_access(SIGNED_IN)
    factory = RequestFactory()

    with pytest.raises(HttpError) as refused:
        check(factory.post("/api/v1/anything", **bearer(read_secret)))
    assert refused.value.status_code == 403
    assert check(factory.post("/api/v1/anything", **bearer(write_secret))) == user
    assert check(factory.get("/api/v1/anything", **bearer(read_secret))) == user


def test_a_token_whose_random_part_holds_underscores_works(client, member, monkeypatch):
    from commoncause.accounts import services

    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda _n: "a_b_c-d_e")
    _token, secret = api_token_create(user=member, name="script")
    assert secret.endswith("_a_b_c-d_e")
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200


def test_api_calls_beyond_the_rate_limit_are_refused_with_429(client, member, monkeypatch):
    from config.api import api

    assert isinstance(api.throttle, list)
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 3)
    _token, secret = api_token_create(user=member, name="script")
    answers = [client.get("/api/v1/me", **bearer(secret)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    anonymous = [client.get("/api/v1/organisations").status_code for _ in range(4)]
    assert anonymous == [200, 200, 200, 429]


def test_a_made_up_forwarded_for_header_does_not_dodge_the_anonymous_rate_limit(
    client, monkeypatch, settings
):
    """With no proxy trusted (the default), the caller is the connection's address whatever header it
    sends: a new made-up X-Forwarded-For on every call is still the same caller, on the API and on
    /reconcile alike."""
    from config.api import api

    assert isinstance(api.throttle, list)
    for throttle in api.throttle:
        monkeypatch.setattr(throttle, "num_requests", 3)
    answers = [
        client.get("/api/v1/organisations", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    settings.API_RATE_ANONYMOUS = "3/min"  # /reconcile reads its limits when called
    query = {"queries": '{"q": {"query": "x"}}'}
    reconcile = [
        client.get("/reconcile", query, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(2)
    ]
    assert reconcile == [429, 429]
