"""An organisation's earlier capacity diagnostics, listed on its diagnostic pages: when, by whom, the
areas scored as a gap. Seen by those who may take and read its diagnostic (its members, curators and
administrators), and by nobody else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.tests.cast import person
from commoncause.matching.diagnostic import AREAS, diagnostic_record, diagnostics_taken
from commoncause.matching.models import Diagnostic
from commoncause.matching.tests.conftest import FOOTBALL, LUNCH
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


def _scores(**gaps: int) -> dict[str, dict[str, object]]:
    return {area.code: {"score": gaps.get(area.code, 4), "note": ""} for area in AREAS}


@pytest.fixture
def earlier(lunch_member: User, curator: User, register: dict[str, Organisation]) -> list[Diagnostic]:
    """The lunch club's member answered once (bidding and marketing a gap), a curator once for it."""
    lunch_member.first_name, lunch_member.last_name = "Ada", "Quill"
    lunch_member.save()
    club = register[LUNCH]
    return [
        diagnostic_record(user=lunch_member, organisation=club, answers=_scores(bidding=1, marketing=2)),
        diagnostic_record(user=curator, organisation=club, answers=_scores()),
    ]


def test_the_diagnostic_page_lists_the_earlier_ones_with_who_and_their_gaps(
    client: Client, earlier: list[Diagnostic], lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    html = client.get(f"/organisations/{register[LUNCH].pk}/diagnostic/").content.decode()
    listed = html[html.index("Earlier diagnostics") :]
    assert "Ada Quill" in listed
    assert "A curator" in listed  # staff who took it for the organisation are named by role
    assert "curator@cvs.example" not in html
    assert "Self-marketing, readiness to bid" in listed
    assert ">None</td>" in listed  # the curator's answers found no gap
    for diagnostic in earlier:
        assert f"/organisations/{register[LUNCH].pk}/diagnostic/{diagnostic.pk}/" in listed
    assert listed.index("A curator") < listed.index("Ada Quill")  # newest first


def test_a_diagnostics_page_lists_the_others_but_not_itself(
    client: Client, earlier: list[Diagnostic], lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    first, second = earlier
    html = client.get(f"/organisations/{register[LUNCH].pk}/diagnostic/{first.pk}/").content.decode()
    listed = html[html.index("Its other diagnostics") :]
    assert f"/diagnostic/{second.pk}/" in listed
    assert f"/diagnostic/{first.pk}/" not in listed


def test_a_person_who_left_or_was_erased_is_not_named(
    earlier: list[Diagnostic], lunch_member: User, register: dict[str, Organisation]
) -> None:
    lunch_member.memberships.all().delete()
    assert [taken.by for taken in diagnostics_taken(register[LUNCH])] == ["A curator", "A former member"]
    lunch_member.delete()
    assert diagnostics_taken(register[LUNCH])[1].by == "Not known"


def test_nobody_else_sees_an_organisations_diagnostics(
    client: Client,
    earlier: list[Diagnostic],
    officer: User,
    footballer: User,
    admin_user: User,
    register: dict[str, Organisation],
) -> None:
    org = register[LUNCH].pk
    pages = (f"/organisations/{org}/diagnostic/", f"/organisations/{org}/diagnostic/{earlier[0].pk}/")
    for outsider in (officer, footballer, person("someone@else.example")):
        client.force_login(outsider)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 403
            assert "Ada Quill" not in response.content.decode()
    client.logout()
    assert all(client.get(page).status_code == 302 for page in pages)  # sent to sign in
    client.force_login(admin_user)
    assert "Ada Quill" in client.get(pages[0]).content.decode()


def test_another_organisations_diagnostics_are_not_listed(
    client: Client, earlier: list[Diagnostic], footballer: User, register: dict[str, Organisation]
) -> None:
    client.force_login(footballer)
    html = client.get(f"/organisations/{register[FOOTBALL].pk}/diagnostic/").content.decode()
    assert "Earlier diagnostics" not in html
    assert "Ada Quill" not in html
