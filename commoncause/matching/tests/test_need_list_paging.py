"""The list of needs comes in pages, with GOV.UK's pagination: each need once, newest first, and the
page links keep what else was asked."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.tests.cast import council
from commoncause.matching.models import Need, NeedStatus
from commoncause.matching.views.needs import NEEDS_PER_PAGE

pytestmark = pytest.mark.django_db
TITLE = re.compile(r"Lunch club number (\d+)<")


@pytest.fixture
def needs(officer: User) -> list[Need]:
    """One more open need than a page holds, and a draft only its keepers see listed."""
    made = Need.objects.bulk_create(
        Need(council=council(), created_by=officer, title=f"Lunch club number {n}", description="Lunch",
             status=NeedStatus.OPEN)
        for n in range(NEEDS_PER_PAGE + 1)
    )  # fmt: skip
    Need.objects.create(council=council(), created_by=officer, title="A draft to keep", description="x")
    return made


def _titles(html: str) -> list[int]:
    return [int(number) for number in TITLE.findall(html)]


def test_the_list_shows_a_page_of_needs_and_links_to_the_next(client: Client, needs: list[Need]) -> None:
    first = client.get("/needs/").content.decode()
    assert len(_titles(first)) == NEEDS_PER_PAGE
    assert 'class="govuk-pagination"' in first
    assert 'href="?page=2" rel="next"' in first
    assert f"{NEEDS_PER_PAGE + 1} needs: page 1 of 2" in first
    second = client.get("/needs/", {"page": "2"}).content.decode()
    assert len(_titles(second)) == 1
    assert "<title>Needs and funds (page 2 of 2)" in second
    assert 'href="?page=1" rel="prev"' in second
    assert sorted(_titles(first) + _titles(second)) == list(range(NEEDS_PER_PAGE + 1))  # each once


def test_the_page_links_keep_what_else_was_asked(client: Client, needs: list[Need]) -> None:
    html = client.get("/needs/", {"kind": "service", "page": "1"}).content.decode()
    assert 'href="?kind=service&amp;page=2" rel="next"' in html


def test_a_page_past_the_end_shows_the_last(client: Client, needs: list[Need]) -> None:
    assert len(_titles(client.get("/needs/", {"page": "99"}).content.decode())) == 1
    assert len(_titles(client.get("/needs/", {"page": "x"}).content.decode())) == NEEDS_PER_PAGE


def test_the_pages_count_only_what_the_person_may_see(
    client: Client, needs: list[Need], officer: User
) -> None:
    assert "A draft to keep" not in client.get("/needs/", {"page": "2"}).content.decode()
    client.force_login(officer)  # its keeper: the draft is listed too, and is the newest
    assert "A draft to keep" in client.get("/needs/").content.decode()
    assert f"{NEEDS_PER_PAGE + 2} needs: page 1 of 2" in client.get("/needs/").content.decode()


def test_one_page_of_needs_has_no_pagination(client: Client, officer: User) -> None:
    Need.objects.create(council=council(), title="Lunch club number 1", description="x", status="open")
    html = client.get("/needs/").content.decode()
    assert "Lunch club number 1" in html
    assert "govuk-pagination" not in html
    assert "1 need</caption>" in html
