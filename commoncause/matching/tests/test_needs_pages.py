"""Posting a need, and its page: ranked matches with reasons, "why not?", and who sees what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import person
from commoncause.matching.matcher import explain
from commoncause.matching.models import Approach, Need, NeedStatus
from commoncause.matching.queries import need_query
from commoncause.matching.tests.conftest import FOOTBALL, LUNCH, TRUST, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "service", "title": "Lunch for older people",
    "description": "A lunch club where older people who live alone can eat and meet.",
    "outcomes": "Fewer older people lonely", "poster_kind": "officer", "status": "open",
    "budget_min": "5000", "budget_max": "20000",
}  # fmt: skip


def test_an_officer_posts_a_need_for_their_council_and_it_is_audited(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    client.force_login(officer)
    response = client.post("/needs/new/", FORM)
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/needs/{need.pk}/"
    assert need.council is not None
    assert need.council.name == "Belfast City Council"
    assert need.created_by == officer
    assert AuditEntry.objects.filter(target_type="matching.need", action="create").count() == 1


def test_the_form_names_the_field_in_error_and_keeps_what_was_typed(client: Client, officer: User) -> None:
    client.force_login(officer)
    response = client.post("/needs/new/", {**FORM, "budget_max": "100", "description": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_description"' in html
    assert "The budget up to must be the same as or more than the budget from." in html
    assert 'value="Lunch for older people"' in html
    assert not Need.objects.exists()


def test_a_need_page_ranks_matches_with_their_reasons(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(officer)
    client.force_login(officer)
    html = client.get(f"/needs/{need.pk}/").content.decode()
    lunch, trust, football = (register[key].name for key in (LUNCH, TRUST, FOOTBALL))
    assert lunch in html
    assert html.index(lunch) < html.index(trust)  # lunches and company for isolated older people first
    assert football not in html or html.index(lunch) < html.index(football)
    assert "Its description has:" in html
    assert "Shortlist" in html


def test_a_query_carries_the_needs_words_budget_and_areas(
    officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(
        officer, budget_min=1000, budget_max=8000, outcomes="Fewer lonely people", areas=["N09000003"]
    )
    query = need_query(need)
    assert "Fewer lonely people" in query.text
    assert query.budget == 8000
    assert query.areas["N09000003"] == 1.0
    assert not query.rules.any  # a service has no eligibility rules


def test_why_not_finds_an_organisation_by_name_and_explains_its_rank(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(officer)
    client.force_login(officer)
    picked = client.get(f"/needs/{need.pk}/", {"why": "football"}).content.decode()
    assert f"?why={register[FOOTBALL].pk}" in picked
    html = client.get(f"/needs/{need.pk}/", {"why": str(register[FOOTBALL].pk)}).content.decode()
    answer = html[html.index('id="why-not-answer"') :]
    assert register[FOOTBALL].name in answer
    found = explain(need_query(need), register[FOOTBALL].pk)
    assert found is not None
    assert found[0].rank > 1  # the friendship centre's lunches come first
    assert f"Ranked {found[0].rank} for this need" in answer
    assert "Its description has:" in answer


def test_a_draft_is_seen_only_by_those_who_keep_it(
    client: Client, officer: User, other_officer: User, register: dict[str, Organisation], lunch_member: User
) -> None:
    need = lunch_need(officer, status=NeedStatus.DRAFT)
    assert client.get(f"/needs/{need.pk}/").status_code == 404
    for outsider in (other_officer, lunch_member, person("someone@else.example")):
        client.force_login(outsider)
        assert client.get(f"/needs/{need.pk}/").status_code == 404
        assert need.title not in client.get("/needs/").content.decode()
    client.force_login(officer)
    assert client.get(f"/needs/{need.pk}/").status_code == 200


def test_an_open_need_shows_the_public_what_it_seeks_but_not_its_matches(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(officer)
    html = client.get(f"/needs/{need.pk}/").content.decode()
    assert "A lunch club where older people" in html
    assert register[LUNCH].name not in html
    assert "Why not another organisation?" not in html
    assert need.title in client.get("/needs/").content.decode()


def test_an_officer_of_another_council_cannot_change_or_shortlist(
    client: Client, officer: User, other_officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(officer)
    client.force_login(other_officer)
    assert client.get(f"/needs/{need.pk}/edit/").status_code == 404
    refused = client.post(f"/needs/{need.pk}/shortlist/", {"organisation": str(register[LUNCH].pk)})
    assert refused.status_code == 404
    assert not need.approaches.exists()


def test_a_member_posts_a_need_for_their_organisation(
    client: Client, lunch_member: User, register: dict[str, Organisation]
) -> None:
    client.force_login(lunch_member)
    response = client.post("/needs/new/", {**FORM, "poster_kind": "organisation", "kind": "volunteers"})
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.organisation == register[LUNCH]
    assert need.council is None
    assert client.get(f"/needs/{need.pk}/edit/").status_code == 200


def test_a_person_of_no_organisation_and_no_role_may_not_post(client: Client) -> None:
    client.force_login(person("nobody@example.org"))
    assert client.get("/needs/new/").status_code == 403


def test_an_officer_of_no_organisation_cannot_post_as_one(client: Client, officer: User) -> None:
    client.force_login(officer)
    response = client.post("/needs/new/", {**FORM, "poster_kind": "organisation"})
    assert response.status_code == 400
    assert "You are not a member of an organisation" in response.content.decode()
    assert not Need.objects.exists()


def test_an_organisation_asked_about_in_why_not_is_shortlisted_from_there(
    client: Client, officer: User, register: dict[str, Organisation]
) -> None:
    need = lunch_need(officer)
    client.force_login(officer)
    html = client.get(f"/needs/{need.pk}/", {"why": str(register[FOOTBALL].pk)}).content.decode()
    answer = html[html.index('id="why-not-answer"') :]
    assert f'name="organisation" value="{register[FOOTBALL].pk}"' in answer
    client.post(f"/needs/{need.pk}/shortlist/", {"organisation": str(register[FOOTBALL].pk)})
    approach = Approach.objects.get(need=need, organisation=register[FOOTBALL])
    found = explain(need_query(need), register[FOOTBALL].pk)
    assert found is not None
    assert approach.score == pytest.approx(found[0].score)  # its rank's score and reasons, kept
    html = client.get(f"/needs/{need.pk}/", {"why": str(register[FOOTBALL].pk)}).content.decode()
    answer = html[html.index('id="why-not-answer"') :]
    assert "Shortlisted" in answer
    assert f'name="organisation" value="{register[FOOTBALL].pk}"' not in answer
