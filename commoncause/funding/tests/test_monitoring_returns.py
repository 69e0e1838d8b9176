"""Monitoring returns: the recipient's members fill them (narrative, spend, people reached, indicators),
save drafts and submit; impossible values are refused by their field; a return given to one funder
starts another; and returns due soon or overdue are reminded by email, at most once a week."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditEntry, VerifiedEmail
from commoncause.accounts.tests.cast import person
from commoncause.funding.models import Award, MonitoringReturn, ReturnStatus
from commoncause.funding.monitoring import (
    monitoring_plan_propose,
    monitoring_plan_save,
    monitoring_return_reuse,
    monitoring_return_save,
    monitoring_return_submit,
)
from commoncause.funding.monitoring_reminders import monitoring_reminders
from commoncause.funding.monitoring_selectors import returns_for, returns_to_reuse
from commoncause.funding.tests.monitoring_samples import (
    OTHER,
    award_made,
    member_of,
    officer_of,
    other_council,
)
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db

D = dt.date
SITE = "https://commoncause.example"


def _planned(award: Award, keeper: User) -> list[MonitoringReturn]:
    proposal = monitoring_plan_propose(award, "medium")
    monitoring_plan_save(
        user=keeper, award=award, risk="medium", items=proposal.items_json,
        reports_per_year=proposal.reports_per_year, today=D(2026, 3, 10),
    )  # fmt: skip
    return list(award.returns.order_by("due"))


@pytest.fixture
def award(charity: Organisation, officer: User) -> Award:
    """£45,000 to Cancer Lifeline from the cast's council, reported every six months."""
    made = award_made(amount=45_000)
    _planned(made, officer)
    return made


@pytest.fixture
def first(award: Award) -> MonitoringReturn:
    return award.returns.order_by("due").first()  # type: ignore[return-value]


def _fill(user: User, found: MonitoringReturn, **values: Any) -> MonitoringReturn:
    given: dict[str, Any] = {
        "narrative": "Ran 12 drop-in sessions in Ardoyne and Ligoniel.", "spend": "7250.50",
        "beneficiaries": "46", "indicators": [{"name": "Sessions run", "value": "12", "unit": "sessions"}],
    }  # fmt: skip
    given.update(values)
    return monitoring_return_save(user=user, monitoring_return=found, **given)


def test_a_member_saves_a_draft_then_submits_it_and_both_are_audited(
    member_of_charity: User, first: MonitoringReturn
) -> None:
    draft = _fill(
        member_of_charity, first, indicators=[{"name": "Sessions run", "value": "12", "unit": "sessions"}, {}]
    )
    assert draft.status == ReturnStatus.DRAFT
    assert (draft.spend, draft.beneficiaries) == (Decimal("7250.50"), 46)
    assert draft.indicators == [{"name": "Sessions run", "value": "12", "unit": "sessions"}]
    submitted = monitoring_return_submit(
        user=member_of_charity, monitoring_return=first, narrative=draft.narrative, spend="7250.50",
        beneficiaries=46, indicators=draft.indicators,
    )  # fmt: skip
    assert submitted.status == ReturnStatus.SUBMITTED
    assert submitted.submitted_by == member_of_charity
    assert submitted.submitted_at is not None
    entries = AuditEntry.objects.filter(target_type="funding.monitoringreturn", target_id=str(first.pk))
    assert [entry.note for entry in entries.order_by("at", "pk")] == ["Saved as a draft.", "Submitted."]
    assert entries.order_by("at", "pk").last().after["status"] == "submitted"  # type: ignore[union-attr]


def test_a_submitted_return_cannot_be_changed_or_restarted(
    member_of_charity: User, first: MonitoringReturn
) -> None:
    _fill(member_of_charity, first, submit=True)
    with pytest.raises(DecisionError, match="submitted, so it cannot be changed"):
        _fill(member_of_charity, first, narrative="Second thoughts")
    first.refresh_from_db()
    assert first.narrative == "Ran 12 drop-in sessions in Ardoyne and Ligoniel."


def test_a_return_needs_a_narrative_to_be_submitted(member_of_charity: User, first: MonitoringReturn) -> None:
    with pytest.raises(DecisionError) as refused:
        _fill(member_of_charity, first, narrative="  ", submit=True)
    assert refused.value.field == "narrative"
    first.refresh_from_db()
    assert first.status == ReturnStatus.DUE


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"spend": "-1"}, "spend", "less than £0"),
        ({"spend": "45000.01"}, "spend", "more than the award of £45,000"),
        ({"spend": "12.345"}, "spend", "two decimal places"),
        ({"spend": "lots"}, "spend", "in pounds"),
        ({"beneficiaries": "-3"}, "beneficiaries", "fewer than 0"),
        ({"beneficiaries": "2.5"}, "beneficiaries", "whole number"),
        (
            {"indicators": [{"name": "", "value": "3", "unit": ""}]},
            "indicators",
            "Indicator 1: give it a name",
        ),
        ({"indicators": [{}, {"name": "Sessions", "value": "many"}]}, "indicators", "Indicator 2 (Sessions)"),
    ],
)
def test_impossible_values_are_refused_by_their_field_and_nothing_is_saved(
    member_of_charity: User, first: MonitoringReturn, values: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DecisionError, match=words.replace("(", r"\(").replace(")", r"\)")) as refused:
        _fill(member_of_charity, first, **values)
    assert refused.value.field == field
    first.refresh_from_db()
    assert (first.status, first.narrative, first.spend) == (ReturnStatus.DUE, "", None)


def test_spend_across_the_submitted_returns_cannot_pass_the_award(
    member_of_charity: User, award: Award
) -> None:
    one, two, *_ = award.returns.order_by("due")
    _fill(member_of_charity, one, spend="40000", submit=True)
    with pytest.raises(DecisionError, match="at most £5,000") as refused:
        _fill(member_of_charity, two, spend="5000.01")
    assert refused.value.field == "spend"
    assert _fill(member_of_charity, two, spend="5000").spend == Decimal(5000)


@pytest.mark.parametrize("who", ["officer", "elsewhere", "admin"])
def test_only_the_recipients_members_write_returns(
    first: MonitoringReturn, officer: User, admin_user: User, who: str
) -> None:
    user = {
        "officer": lambda: officer,
        "admin": lambda: admin_user,
        "elsewhere": lambda: member_of(person("member@other-charity.example"), OTHER),
    }[who]()
    with pytest.raises(DecisionError) as refused:
        _fill(user, first)
    assert refused.value.not_allowed
    first.refresh_from_db()
    assert first.status == ReturnStatus.DUE


@pytest.fixture
def given_elsewhere(charity: Organisation, member_of_charity: User) -> MonitoringReturn:
    """A return Cancer Lifeline submitted to another funder (a second council) for another award."""
    funder = other_council()
    other = award_made(amount=20_000, funder=funder, title="Carers' support, Derry and Strabane")
    returns = _planned(other, officer_of(funder, "officer@derry.example"))
    carers = [{"name": "Carers supported", "value": "30", "unit": "people"}]
    return _fill(
        member_of_charity, returns[0], narrative="Supported 30 carers through weekly groups.", spend="6000",
        beneficiaries=30, indicators=carers, submit=True,
    )  # fmt: skip


def test_a_return_given_to_another_funder_starts_this_one_without_its_spend(
    member_of_charity: User, first: MonitoringReturn, given_elsewhere: MonitoringReturn
) -> None:
    _fill(member_of_charity, first, narrative="Half written", spend="100")
    assert list(returns_to_reuse(first)) == [given_elsewhere]
    reused = monitoring_return_reuse(user=member_of_charity, monitoring_return=first, source=given_elsewhere)
    assert reused.reused_from == given_elsewhere
    assert reused.narrative == "Supported 30 carers through weekly groups."
    assert reused.beneficiaries == 30
    assert reused.indicators == [{"name": "Carers supported", "value": "30", "unit": "people"}]
    assert reused.spend == Decimal(100)  # this award's spend stays; the other award's is not copied
    assert reused.status == ReturnStatus.DRAFT
    entries = AuditEntry.objects.filter(target_type="funding.monitoringreturn", target_id=str(first.pk))
    entry = entries.order_by("at", "pk").last()
    assert entry is not None
    assert entry.note == f"Started from return {given_elsewhere.pk} (April to September 2026)."
    assert entry.after["reused_from"] == given_elsewhere.pk


def test_only_submitted_returns_of_the_same_organisation_for_another_award_can_be_reused(
    member_of_charity: User, award: Award, given_elsewhere: MonitoringReturn
) -> None:
    one, two, *_ = award.returns.order_by("due")
    _fill(member_of_charity, one, submit=True)  # the same award's: not another funder's
    someone = member_of(person("member@other-charity.example"), OTHER)
    theirs = _planned(
        award_made(amount=9_000, org_id=OTHER, funder=other_council(), title="Access audits"),
        officer_of(other_council(), "o@derry.example"),
    )[0]
    _fill(someone, theirs, submit=True)  # another organisation's
    draft = _planned(
        award_made(amount=12_000, funder=other_council(), title="Drafts"),
        officer_of(other_council(), "p@derry.example"),
    )[0]
    _fill(member_of_charity, draft)  # not submitted
    assert list(returns_to_reuse(two)) == [given_elsewhere]
    for source in (one, theirs, draft):
        with pytest.raises(DecisionError) as refused:
            monitoring_return_reuse(user=member_of_charity, monitoring_return=two, source=source)
        assert refused.value.field == "source"
    with pytest.raises(DecisionError) as refused:
        monitoring_return_reuse(user=someone, monitoring_return=two, source=given_elsewhere)
    assert refused.value.not_allowed


def test_a_person_sees_their_organisations_returns_to_do_and_done(
    member_of_charity: User, award: Award, given_elsewhere: MonitoringReturn
) -> None:
    mine = returns_for(member_of_charity)
    assert mine.done == [given_elsewhere]
    assert len(mine.to_do) == 6 + 5  # this award's six, and the other award's five still to do
    assert mine.to_do[0].due <= mine.to_do[-1].due
    stranger = returns_for(person("someone@example.org"))
    assert (stranger.to_do, stranger.done) == ([], [])


# Reminders --------------------------------------------------------------------------------------------


def _verified(user: User) -> User:
    VerifiedEmail.objects.create(user=user, email=user.email)
    return user


@override_settings(SITE_URL=SITE)
def test_members_are_reminded_of_a_return_due_within_two_weeks_at_most_once_a_week(
    member_of_charity: User, award: Award, first: MonitoringReturn,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:  # fmt: skip
    _verified(member_of_charity)
    member_of(person("unconfirmed@charity.example"), "GB-NIC-100002")  # no confirmed address: not emailed
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitoring_reminders", "--today", "2026-10-20", stdout=out)  # due 31 October: 11 days
    assert [message.subject for message in mail.outbox] == [
        "Due soon: your return for Cancer support in the community"
    ]
    assert mail.outbox[0].to == ["member@charity.example"]
    assert f"{SITE}/awards/{award.pk}/returns/{first.pk}/" in mail.outbox[0].body
    assert "is due on 31 October 2026" in mail.outbox[0].body
    assert out.getvalue().splitlines() == [
        "Cancer Lifeline: April to September 2026 for Cancer support in the community, due 31 October 2026: "
        "emailed 1 member.",
        "Reminded about 1 return: 1 email sent.",
    ]
    first.refresh_from_db()
    assert first.reminded_at is not None
    assert timezone.localdate(first.reminded_at) == D(2026, 10, 20)
    assert monitoring_reminders(today=D(2026, 10, 26), base_url=SITE) == []  # not again within the week
    with django_capture_on_commit_callbacks(execute=True):
        again = monitoring_reminders(today=D(2026, 11, 3), base_url=SITE)
    assert [(reminder.monitoring_return, reminder.overdue) for reminder in again] == [(first, True)]
    assert mail.outbox[-1].subject == "Overdue: your return for Cancer support in the community"


def test_submitted_returns_and_those_due_later_are_not_reminded(
    member_of_charity: User, award: Award, first: MonitoringReturn
) -> None:
    _verified(member_of_charity)
    assert monitoring_reminders(today=D(2026, 10, 16), base_url=SITE) == []  # 15 days ahead: not yet
    _fill(member_of_charity, first, submit=True)
    assert monitoring_reminders(today=D(2026, 10, 20), base_url=SITE) == []


def test_a_return_nobody_could_be_emailed_about_is_tried_again_the_next_day(
    member_of_charity: User, first: MonitoringReturn
) -> None:
    (reminder,) = monitoring_reminders(today=D(2026, 10, 20), base_url=SITE)
    assert reminder.emailed == 0
    first.refresh_from_db()
    assert first.reminded_at is None
    assert len(monitoring_reminders(today=D(2026, 10, 21), base_url=SITE)) == 1
