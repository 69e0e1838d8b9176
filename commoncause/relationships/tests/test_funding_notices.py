"""Notices of ending or reducing funding given on awards reach the engagement log: the log listens from
start-up, records each notice through its own service (its checks and its audit), marks the demo's
examples, and answers with the entry's page; the organisation's members and the council's keepers see
the entry, the public does not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import council, person
from commoncause.core.events import funding_notice_given
from commoncause.register.models import Organisation
from commoncause.relationships.engagement import EngagementError
from commoncause.relationships.funding_notices import RECEIVER_ID, funding_notice_record
from commoncause.relationships.models import Engagement, EngagementKind

pytestmark = pytest.mark.django_db
D = dt.date


def _notice(user: User, organisation: Organisation, **values: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "council": council(), "organisation": organisation, "title": "Notice: youth grant ends",
        "summary": "Notice given for the award: https://commoncause.example/awards/1/",
        "notice_given_on": D(2026, 1, 15), "takes_effect_on": D(2026, 4, 1), "reduction": "ends",
        "reasons": "The programme closes.", "user": user, "is_example": False,
    }  # fmt: skip
    given.update(values)
    return given


def test_the_log_listens_for_notices_from_start_up() -> None:
    assert funding_notice_given.has_listeners()
    assert funding_notice_given.disconnect(dispatch_uid=RECEIVER_ID)  # True: it was connected
    funding_notice_given.connect(funding_notice_record, dispatch_uid=RECEIVER_ID)


def test_a_notice_is_recorded_in_the_councils_log_and_its_page_returned(
    officer: User, charity: Organisation
) -> None:
    [(receiver, path)] = funding_notice_given.send(sender=None, **_notice(officer, charity))
    entry = Engagement.objects.get()
    assert receiver is funding_notice_record
    assert path == f"/engagement/{entry.pk}/"
    assert entry.kind == EngagementKind.FUNDING_NOTICE
    assert entry.council == council()
    assert list(entry.organisations.all()) == [charity]
    assert (entry.title, entry.on, entry.funding_ends_on) == (
        "Notice: youth grant ends",
        D(2026, 1, 15),
        D(2026, 4, 1),
    )
    assert (entry.reduction, entry.reasons) == ("ends", "The programme closes.")
    assert entry.summary.startswith("Notice given for the award")
    assert entry.status == "done"
    assert not entry.is_example
    audit = AuditEntry.objects.get(target_type="relationships.engagement", target_id=str(entry.pk))
    assert audit.actor == officer


def test_the_demos_notices_are_marked_as_examples(officer: User, charity: Organisation) -> None:
    funding_notice_given.send(sender=None, **_notice(officer, charity, is_example=True))
    assert Engagement.objects.get().is_example


def test_the_logs_own_rules_apply(officer: User, charity: Organisation) -> None:
    with pytest.raises(EngagementError) as refused:
        funding_notice_record(None, **_notice(person("someone@example.org"), charity))
    assert refused.value.not_allowed
    with pytest.raises(EngagementError) as refused:
        funding_notice_record(None, **_notice(officer, charity, reasons=""))
    assert refused.value.field == "reasons"
    assert not Engagement.objects.exists()


def test_the_entry_shows_the_shortfall_to_the_organisations_members_and_not_the_public(
    client: Client, officer: User, charity: Organisation, member_of_charity: User
) -> None:
    path = funding_notice_record(None, **_notice(officer, charity))
    client.force_login(member_of_charity)
    page = client.get(path).content.decode()
    assert "2 months and 17 days" in page
    assert "Less than three months" in page
    client.logout()
    assert client.get(path).status_code == 302  # to sign in
    client.force_login(person("stranger@example.org"))
    assert client.get(path).status_code == 404
