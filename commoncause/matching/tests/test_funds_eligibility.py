"""A capacity-building fund finds eligible small organisations; an ineligible one is shown excluded,
with the rule it fails."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.matching.models import Approach, Need, NeedKind, NeedStatus, PosterKind
from commoncause.matching.queries import need_query
from commoncause.matching.tests.conftest import LUNCH, TRUST, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(officer: User, register: dict[str, Organisation]) -> Need:
    return lunch_need(
        officer,
        kind=NeedKind.FUND,
        poster_kind=PosterKind.FUNDER,
        funder_name="The Marylebone Trust",
        title="Small groups' capacity fund",
        description="Grants to help small groups that run lunch clubs for older people grow stronger.",
        pays_for="Training, mentoring and better systems.",
        income_below=100_000,
        budget_max=5_000,
    )


def test_a_funds_rules_are_the_engines_hard_rules(fund: Need) -> None:
    rules = need_query(fund).rules
    assert rules.income_below == 100_000
    assert rules.unknown_income_allowed  # a small group with no published accounts may apply
    assert "Training, mentoring" in need_query(fund).text


def test_a_fund_lists_eligible_small_organisations_only(
    client: Client, officer: User, fund: Need, register: dict[str, Organisation]
) -> None:
    client.force_login(officer)
    html = client.get(f"/needs/{fund.pk}/").content.decode()
    matches = html[html.index('id="matches"') : html.index('id="approaches"')]
    assert "Eligible organisations" in matches
    assert register[LUNCH].name in matches
    assert register[TRUST].name not in matches  # its income is over the limit
    assert "The Marylebone Trust" in html


def test_an_ineligible_organisation_is_shown_excluded_with_the_reason(
    client: Client, officer: User, fund: Need, register: dict[str, Organisation]
) -> None:
    client.force_login(officer)
    html = client.get(f"/needs/{fund.pk}/", {"why": str(register[TRUST].pk)}).content.decode()
    answer = html[html.index('id="why-not-answer"') :]
    assert "Excluded" in answer
    assert "Its yearly income (£4,516,445) is not under £100,000" in answer


def test_a_fund_for_charitable_companies_only_excludes_other_forms(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    fund = lunch_need(officer, kind=NeedKind.FUND, legal_forms=["Charitable company"], status=NeedStatus.OPEN)
    client.force_login(officer)
    html = client.get(f"/needs/{fund.pk}/", {"why": str(register[LUNCH].pk)}).content.decode()
    assert "Its legal form (Charitable incorporated organisation) is not one of: Charitable company" in html


def test_a_funder_posts_a_fund_through_the_form(client: Client, curator: User) -> None:
    client.force_login(curator)
    response = client.post(
        "/needs/new/",
        {
            "kind": "fund", "poster_kind": "funder", "funder_name": "", "title": "Capacity fund",
            "description": "For small groups.", "status": "open", "income_below": "100000",
            "legal_forms": "Charitable company, CIO",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "Enter the funder&#x27;s name." in response.content.decode()
    client.post(
        "/needs/new/",
        {
            "kind": "fund", "poster_kind": "funder", "funder_name": "The Marylebone Trust",
            "title": "Capacity fund", "description": "For small groups.", "status": "open",
            "income_below": "100000", "legal_forms": "Charitable company, CIO",
        },
    )  # fmt: skip
    fund = Need.objects.get()
    assert fund.poster_name == "The Marylebone Trust"
    assert fund.legal_forms == ["Charitable company", "CIO"]
    assert fund.income_below == 100_000


def test_an_organisation_a_funds_rules_exclude_cannot_be_shortlisted(
    client: Client, officer: User, fund: Need, register: dict[str, Organisation]
) -> None:
    client.force_login(officer)
    html = client.get(f"/needs/{fund.pk}/", {"why": str(register[TRUST].pk)}).content.decode()
    assert (
        f'name="organisation" value="{register[TRUST].pk}"' not in html[html.index('id="why-not-answer"') :]
    )
    response = client.post(
        f"/needs/{fund.pk}/shortlist/", {"organisation": str(register[TRUST].pk)}, follow=True
    )
    assert not Approach.objects.filter(need=fund, organisation=register[TRUST]).exists()
    assert (
        "cannot be shortlisted: Its yearly income (£4,516,445) is not under £100,000"
        in response.content.decode()
    )
