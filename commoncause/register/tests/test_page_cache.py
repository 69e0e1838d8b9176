"""Public pages kept for people who are not signed in (`register.page_cache`), on the real CCNI sample.

Each test starts with the `pages` cache empty (the root conftest's `_fresh_cache`).
"""

import csv
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commoncause.accounts.services import audit_record
from commoncause.register.page_cache import HIT_HEADER, PLACEHOLDER, kept_form, public_page
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.page_samples import CCNI_FILE, DEMO

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')
ORG_PAGE = "/organisations/GB-NIC-100002/"


def _nonces(response) -> tuple[set[str], str]:
    """The nonces in the page, and the one the content-security-policy header allows."""
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert header is not None
    return set(NONCE.findall(response.content.decode())), header.group(1)


def test_a_second_signed_out_visit_is_answered_from_the_cache_with_a_nonce_of_its_own(client, charity):
    first = client.get(ORG_PAGE)
    second = client.get(ORG_PAGE)
    assert first.status_code == second.status_code == 200
    assert HIT_HEADER not in first
    assert second[HIT_HEADER] == "hit"
    page_nonces, header_nonce = _nonces(second)
    first_nonces, first_header = _nonces(first)
    assert page_nonces == {header_nonce}, "the page's scripts carry the nonce its header allows"
    assert first_nonces == {first_header}
    assert header_nonce != first_header, "each answer has a nonce of its own"
    assert PLACEHOLDER not in second.content
    assert second.content.replace(header_nonce.encode(), b"N") == first.content.replace(
        first_header.encode(), b"N"
    )
    assert int(second["Content-Length"]) == len(second.content)
    assert second["X-Frame-Options"] == "DENY"


def _ccni_renamed(folder: Path, number: str, name: str) -> Path:
    with (DEMO / CCNI_FILE).open(encoding="cp1252", newline="") as source:
        rows = list(csv.DictReader(source))
    for row in rows:
        if row["Reg charity number"] == number:
            row["Charity name"] = name
    path = folder / CCNI_FILE
    with path.open("w", encoding="cp1252", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_an_import_that_renames_the_organisation_shows_at_once(client, charity, tmp_path):
    assert "Cancer Lifeline" in client.get(ORG_PAGE).content.decode()
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit"
    renamed = _ccni_renamed(tmp_path, "100002", "Cancer Lifeline Belfast")
    call_command("import_source", "ccni", str(renamed), "--no-progress", stdout=StringIO())
    after = client.get(ORG_PAGE)
    assert HIT_HEADER not in after
    assert "Cancer Lifeline Belfast" in after.content.decode()
    search = client.get("/search/", {"q": "lifeline"})
    assert "Cancer Lifeline Belfast" in search.content.decode()


def test_any_audited_change_moves_every_kept_page_on(client, charity):
    client.get(ORG_PAGE)
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit"
    audit_record(actor=None, action="update", target=charity, note="a change a curator made")
    assert HIT_HEADER not in client.get(ORG_PAGE)
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit"


def test_a_search_index_refresh_moves_kept_searches_on(client, charity):
    client.get("/search/", {"q": "cancer"})
    assert client.get("/search/", {"q": "cancer"})[HIT_HEADER] == "hit"
    search_index_refresh(organisation_ids=[charity.pk])
    assert HIT_HEADER not in client.get("/search/", {"q": "cancer"})


def test_signed_in_people_are_never_answered_from_the_cache(client, charity, member):
    client.get(ORG_PAGE)
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit"
    client.force_login(member)
    signed_in = client.get(ORG_PAGE)
    assert HIT_HEADER not in signed_in
    assert "Sign out" in signed_in.content.decode()
    client.logout()
    client.cookies.clear()
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit", "what a signed-in person saw was not kept"
    assert "Sign out" not in client.get(ORG_PAGE).content.decode()


def test_a_cookie_other_than_the_csrf_one_or_an_authorization_header_is_answered_afresh(client, charity):
    client.get(ORG_PAGE)
    assert HIT_HEADER not in client.get(ORG_PAGE, HTTP_AUTHORIZATION="Bearer something")
    client.cookies["sessionid"] = "not-a-session"
    assert HIT_HEADER not in client.get(ORG_PAGE)
    del client.cookies["sessionid"]
    client.cookies["csrftoken"] = "a" * 32
    assert client.get(ORG_PAGE)[HIT_HEADER] == "hit"


def test_htmx_parts_and_whole_pages_are_kept_apart(client, charity):
    whole = client.get("/search/", {"q": "cancer"})
    part = client.get("/search/", {"q": "cancer"}, HTTP_HX_REQUEST="true")
    assert HIT_HEADER not in part, "a part is not answered with the whole page kept before it"
    assert b"<html" in whole.content
    assert b"<html" not in part.content
    again = client.get("/search/", {"q": "cancer"}, HTTP_HX_REQUEST="true")
    assert again[HIT_HEADER] == "hit"
    assert b"<html" not in again.content


def test_not_found_pages_and_other_answers_are_not_kept(client, charity):
    for _ in range(2):
        missing = client.get("/organisations/GB-NIC-999999999/")
        assert missing.status_code == 404
        assert HIT_HEADER not in missing
    client.get("/search/", {"q": "GB-NIC-100002"})  # one organisation's number: sent to its page
    redirected = client.get("/search/", {"q": "GB-NIC-100002"})
    assert redirected.status_code == 302
    assert HIT_HEADER not in redirected


def test_pages_not_marked_public_are_not_kept(client, charity):
    client.get(reverse("register:home"))
    assert HIT_HEADER not in client.get(reverse("register:home"))


def test_a_page_holding_a_csrf_token_or_setting_a_cookie_is_never_kept():
    request = RequestFactory().get(ORG_PAGE)
    assert kept_form(request, HttpResponse("<p>page</p>")) is not None
    with_cookie = HttpResponse("<p>page</p>")
    with_cookie.set_cookie("anything", "1")
    assert kept_form(request, with_cookie) is None
    request.META["CSRF_COOKIE_USED"] = True
    assert kept_form(request, HttpResponse("<p>page</p>")) is None


def test_the_mark_reaches_the_view_through_its_other_decorators():
    from commoncause.register import views

    assert getattr(views.organisation_detail, "_public_page", False)
    assert getattr(views.organisation_search_page, "_public_page", False)
    assert not getattr(views.home, "_public_page", False)
    assert getattr(public_page(lambda request: HttpResponse()), "_public_page", False)


def test_requests_to_pages_not_marked_never_read_the_register_version(client, charity):
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/organisations/GB-NIC-100002")
    assert not any("auditentry" in query["sql"].lower() for query in queries.captured_queries)


def test_a_host_not_allowed_is_refused_not_kept(client, charity):
    for _ in range(2):
        response = client.get(ORG_PAGE, HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert HIT_HEADER not in response


@override_settings(PAGE_CACHE_SECONDS=0)
def test_zero_seconds_keeps_nothing(client, charity):
    client.get(ORG_PAGE)
    assert HIT_HEADER not in client.get(ORG_PAGE)
