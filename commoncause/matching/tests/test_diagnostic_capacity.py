"""The capacity self-diagnostic: its areas meet the barriers of the shared domain set; gaps become open
capacity needs; the open funds that pay for that support are listed, with the organisation's
eligibility."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.matching.diagnostic import AREAS, barriers
from commoncause.matching.models import Diagnostic, Need, NeedKind, NeedStatus, PosterKind
from commoncause.matching.tests.conftest import LUNCH, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


def _answers(**gaps: int) -> dict[str, str]:
    values = {f"{area.code}_score": str(gaps.get(area.code, 4)) for area in AREAS}
    return {**values, "bidding_note": "We have never written a tender."}


def test_the_areas_are_those_the_barriers_name() -> None:
    held = barriers()
    assert {barrier for area in AREAS for barrier in area.barriers} == {"O3", "O5", "O6", "O7", "O8"}
    assert "self-marketing" in held["O6"].lower() or "marketing" in held["O6"].lower()
    assert [area.label for area in AREAS] == [
        "skills", "administrative systems", "project management", "leadership", "self-marketing",
        "understanding public bodies", "readiness to bid",
    ]  # fmt: skip


def test_a_member_answers_and_each_gap_becomes_an_open_capacity_need(
    client: Client, lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    org = register[LUNCH]
    form = client.get(f"/organisations/{org.pk}/diagnostic/").content.decode()
    assert "Limited understanding of how local public bodies work" in form  # the barrier, in its words
    response = client.post(f"/organisations/{org.pk}/diagnostic/", _answers(bidding=1, marketing=2))
    diagnostic = Diagnostic.objects.get()
    assert response["Location"] == f"/organisations/{org.pk}/diagnostic/{diagnostic.pk}/"
    assert diagnostic.answers["bidding"] == {"score": 1, "note": "We have never written a tender."}
    needs = Need.objects.filter(diagnostic=diagnostic).order_by("title")
    assert [need.title for need in needs] == ["Support with readiness to bid", "Support with self-marketing"]
    assert all(n.kind == NeedKind.CAPACITY and n.status == NeedStatus.OPEN for n in needs)
    assert all(n.organisation == org for n in needs)
    assert AuditEntry.objects.filter(target_type="matching.diagnostic").exists()


def test_a_missing_score_is_named_and_the_rest_kept(
    client: Client, lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    answers = _answers()
    del answers["skills_score"]
    response = client.post(f"/organisations/{register[LUNCH].pk}/diagnostic/", answers)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_skills_score_0"' in html
    assert "We have never written a tender." in html
    assert not Diagnostic.objects.exists()


def test_the_result_lists_funds_that_pay_for_the_support_with_eligibility(
    client: Client, officer: User, lunch_member: User, register: dict[str, Organisation]
) -> None:
    bid_fund = lunch_need(
        officer, kind=NeedKind.FUND, poster_kind=PosterKind.FUNDER, funder_name="The Marylebone Trust",
        title="Ready to bid", description="Help small groups win contracts.",
        pays_for="Bid writing and tender training", income_below=100_000,
    )  # fmt: skip
    big_only = lunch_need(
        officer, kind=NeedKind.FUND, title="Marketing for larger charities",
        description="Help with marketing.", pays_for="Marketing", income_from=1_000_000,
    )  # fmt: skip
    lunch_need(officer, kind=NeedKind.FUND, title="Roof repairs", description="Buildings.", pays_for="Roofs")
    client.force_login(lunch_member)
    org = register[LUNCH]
    client.post(f"/organisations/{org.pk}/diagnostic/", _answers(bidding=1, marketing=2))
    html = client.get(f"/organisations/{org.pk}/diagnostic/{Diagnostic.objects.get().pk}/").content.decode()
    assert bid_fund.title in html
    assert big_only.title in html
    assert "Roof repairs" not in html  # pays for nothing the organisation lacks
    eligible = html[html.index(bid_fund.title) : html.index(big_only.title)]
    assert "Eligible" in eligible
    assert "Its yearly income (£72,238) is under £1,000,000" in html[html.index(big_only.title) :]


def test_only_the_organisations_members_and_curators_take_it(
    client: Client, officer: User, curator: User, register: dict[str, Organisation]
) -> None:
    path = f"/organisations/{register[LUNCH].pk}/diagnostic/"
    client.force_login(officer)
    assert client.get(path).status_code == 403
    client.force_login(curator)
    assert client.get(path).status_code == 200


def test_the_organisation_page_links_its_members_to_the_diagnostic_and_approaches(
    client: Client, lunch_member: User, register: dict[str, Organisation]
) -> None:
    page = f"/organisations/{register[LUNCH].pk}/"
    assert "capacity self-diagnostic" not in client.get(page).content.decode()
    client.force_login(lunch_member)
    html = client.get(page).content.decode()
    assert "Take the capacity self-diagnostic" in html
    assert "Approaches from councils and funders" in html
