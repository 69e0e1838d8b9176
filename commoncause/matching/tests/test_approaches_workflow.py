"""Shortlist a match, contact it, the organisation answers, the outcome is recorded: each step by the
right person only, each audited, the organisation's members emailed once contacted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.matching.models import Approach, ApproachStatus
from commoncause.matching.tests.conftest import LUNCH, lunch_need
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlisted(client: Client, officer: User, register: dict[str, Organisation]) -> Approach:
    need = lunch_need(officer)
    client.force_login(officer)
    response = client.post(f"/needs/{need.pk}/shortlist/", {"organisation": str(register[LUNCH].pk)})
    assert response.status_code == 302
    return Approach.objects.get(need=need)


def test_shortlisting_keeps_the_score_and_reasons_as_they_were(shortlisted: Approach, officer: User) -> None:
    assert shortlisted.status == ApproachStatus.SHORTLISTED
    assert shortlisted.shortlisted_by == officer
    assert shortlisted.score is not None
    assert shortlisted.score > 0
    assert any(reason["signal"] == "text" for reason in shortlisted.reasons)
    assert AuditEntry.objects.filter(target_type="matching.approach", target_id=str(shortlisted.pk)).exists()


def test_shortlisting_twice_is_refused_with_a_message(
    client: Client, shortlisted: Approach, register: dict[str, Organisation]
) -> None:
    response = client.post(
        f"/needs/{shortlisted.need_id}/shortlist/", {"organisation": str(register[LUNCH].pk)}, follow=True
    )
    assert "already on the shortlist" in response.content.decode()
    assert Approach.objects.count() == 1


def test_contacting_emails_the_members_and_they_see_it(
    client: Client,
    shortlisted: Approach,
    lunch_member: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/approaches/{shortlisted.pk}/contact/")
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.CONTACTED
    assert shortlisted.contacted_at is not None
    (sent,) = mail.outbox
    assert sent.to == [lunch_member.email]
    assert "Lunch for older people" in sent.body
    assert "/approaches/" in sent.body
    client.force_login(lunch_member)
    assert "Lunch for older people" in client.get("/approaches/").content.decode()


def test_a_shortlist_is_not_shown_to_the_organisation_until_contacted(
    client: Client, shortlisted: Approach, lunch_member: User
) -> None:
    client.force_login(lunch_member)
    assert "Lunch for older people" not in client.get("/approaches/").content.decode()


def test_the_member_accepts_and_the_officer_records_the_outcome(
    client: Client, shortlisted: Approach, officer: User, lunch_member: User
) -> None:
    client.post(f"/approaches/{shortlisted.pk}/contact/")
    client.force_login(lunch_member)
    client.post(f"/approaches/{shortlisted.pk}/answer/", {"decision": "accept"})
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.ACCEPTED
    assert shortlisted.answered_by == lunch_member
    client.force_login(officer)
    client.post(f"/approaches/{shortlisted.pk}/outcome/", {"outcome": "Runs the Tuesday lunch from May"})
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.DONE
    assert shortlisted.outcome_by == officer
    page = client.get(f"/needs/{shortlisted.need_id}/").content.decode()
    assert "Runs the Tuesday lunch from May" in page
    steps = AuditEntry.objects.filter(target_type="matching.approach", target_id=str(shortlisted.pk))
    assert steps.count() == 4  # shortlisted, contacted, answered, outcome


def test_declining_needs_a_reason_which_the_officer_sees(
    client: Client, shortlisted: Approach, officer: User, lunch_member: User
) -> None:
    client.post(f"/approaches/{shortlisted.pk}/contact/")
    client.force_login(lunch_member)
    refused = client.post(f"/approaches/{shortlisted.pk}/answer/", {"decision": "decline"}, follow=True)
    assert "Say why the organisation declines" in refused.content.decode()
    client.post(f"/approaches/{shortlisted.pk}/answer/", {"decision": "decline", "reason": "No kitchen"})
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.DECLINED
    client.force_login(officer)
    assert "No kitchen" in client.get(f"/needs/{shortlisted.need_id}/").content.decode()


def test_only_the_organisations_members_may_answer(
    client: Client, shortlisted: Approach, officer: User, other_officer: User, member: User
) -> None:
    client.post(f"/approaches/{shortlisted.pk}/contact/")
    for outsider in (officer, other_officer, member):
        client.force_login(outsider)
        assert client.post(f"/approaches/{shortlisted.pk}/answer/", {"decision": "accept"}).status_code == 404
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.CONTACTED


def test_only_the_needs_keepers_may_contact(
    client: Client, shortlisted: Approach, other_officer: User, lunch_member: User
) -> None:
    for outsider in (other_officer, lunch_member):
        client.force_login(outsider)
        assert client.post(f"/approaches/{shortlisted.pk}/contact/").status_code == 404
    shortlisted.refresh_from_db()
    assert shortlisted.status == ApproachStatus.SHORTLISTED
    assert not mail.outbox


def test_an_outcome_waits_for_the_answer(client: Client, shortlisted: Approach) -> None:
    response = client.post(f"/approaches/{shortlisted.pk}/outcome/", {"outcome": "Done"}, follow=True)
    assert "once the organisation has answered" in response.content.decode()
    shortlisted.refresh_from_db()
    assert shortlisted.outcome == ""
