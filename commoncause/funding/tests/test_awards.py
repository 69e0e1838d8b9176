"""Deciding bids: reasons always, feedback to the unsuccessful, an award for the successful (no more
than the lot or the opportunity is worth, a grant round's published as a 360Giving grant), the bidders
emailed, the opportunity decided once every bid is; only the keepers, only once it has closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from pytest_django import DjangoCaptureOnCommitCallbacks

from commoncause.accounts.models import AuditEntry
from commoncause.funding.awards import AwardError, award_amount_now, bid_decide
from commoncause.funding.models import Award, BidStatus, Grant, OpportunityStatus
from commoncause.funding.tests import assessment_samples as samples
from commoncause.funding.tests.assessment_samples import Scene

pytestmark = pytest.mark.django_db
SITE = "https://commoncause.example"


@pytest.fixture
def scene(db: None) -> Scene:
    return samples.scene()


def _refuse(scene: Scene, feedback: str = "Your local reach was strong; the staffing plan was thin.") -> None:
    bid_decide(user=scene.assessor, bid=scene.rival, successful=False, reasons="Ranked second.",
               feedback=feedback)  # fmt: skip


def test_an_unsuccessful_bid_is_told_why_and_its_bidders_are_emailed(
    scene: Scene, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    partner = samples.member_of("partner@supportingcommunities.example", samples.RIVAL)
    with override_settings(SITE_URL=SITE), django_capture_on_commit_callbacks(execute=True):
        _refuse(scene)
    scene.rival.refresh_from_db()
    assert scene.rival.status == BidStatus.UNSUCCESSFUL
    assert scene.rival.decision_reasons == "Ranked second."
    assert scene.rival.feedback == "Your local reach was strong; the staffing plan was thin."
    assert scene.rival.decided_at is not None
    assert not Award.objects.exists()
    [email] = mail.outbox
    assert email.to == [partner.email]
    assert email.subject == "Not successful: your bid for Cancer support in North Belfast"
    assert "Your local reach was strong" in email.body
    assert SITE in email.body
    entry = AuditEntry.objects.get(target_type="funding.bid", target_id=str(scene.rival.pk))
    assert entry.action == "refuse"
    assert entry.before["status"] == "submitted"
    assert entry.after["feedback"] == scene.rival.feedback


def test_reasons_are_required_and_feedback_is_required_for_an_unsuccessful_bid(scene: Scene) -> None:
    with pytest.raises(AwardError) as refused:
        bid_decide(user=scene.assessor, bid=scene.rival, successful=False, reasons=" ", feedback="Thin.")
    assert refused.value.field == "reasons"
    with pytest.raises(AwardError) as refused:
        _refuse(scene, feedback="  ")
    assert refused.value.field == "feedback"
    scene.rival.refresh_from_db()
    assert scene.rival.status == BidStatus.SUBMITTED
    assert not AuditEntry.objects.filter(target_type="funding.bid").exists()


def test_a_successful_bid_becomes_an_award_of_its_price_for_the_opportunitys_term(
    scene: Scene, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        award = bid_decide(
            user=scene.assessor, bid=scene.bid, successful=True, reasons="Ranked first on quality.",
            feedback="A strong bid.",
        )  # fmt: skip
    assert award is not None
    assert award.amount == Decimal("90000.00")
    assert award.organisation == scene.bid.lead
    assert award.opportunity == scene.opportunity
    assert award.award_date == dt.date.today()
    # The opportunity starts on 1 April 2026 and runs 36 months: to 31 March 2029.
    assert (award.starts, award.ends) == (dt.date(2026, 4, 1), dt.date(2029, 3, 31))
    assert award.reasons == "Ranked first on quality."
    assert award.grant is None  # a contract is not a grant
    assert not award.is_example
    assert award_amount_now(award) == award.amount
    assert AuditEntry.objects.get(target_type="funding.bid").action == "approve"
    created = AuditEntry.objects.get(target_type="funding.award", target_id=str(award.pk))
    assert created.after["amount"] == "90000.00"
    assert [message.to for message in mail.outbox] == [[scene.bidder.email]]
    assert mail.outbox[0].subject.startswith("Successful:")
    assert "£90,000" in mail.outbox[0].body


def test_an_award_may_not_be_more_than_the_opportunity_or_its_lot_is_worth(scene: Scene) -> None:
    with pytest.raises(AwardError) as refused:
        bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="",
                   amount=Decimal("120000.01"))  # fmt: skip
    assert refused.value.field == "amount"
    assert "£120,000" in str(refused.value)
    lot = samples.lot_make(scene.opportunity, 1, "50000")
    scene.bid.lot = lot
    scene.bid.save()
    with pytest.raises(AwardError) as refused:
        bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert refused.value.field == "amount"
    assert "more than its lot is worth (£50,000)" in str(refused.value)
    award = bid_decide(
        user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="",
        amount=Decimal("50000"), starts=dt.date(2026, 6, 1), ends=dt.date(2027, 5, 31),
    )  # fmt: skip
    assert award is not None
    assert (award.amount, award.starts, award.ends) == (
        Decimal(50000),
        dt.date(2026, 6, 1),
        dt.date(2027, 5, 31),
    )


def test_an_award_ending_before_it_starts_is_refused(scene: Scene) -> None:
    with pytest.raises(AwardError) as refused:
        bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="",
                   starts=dt.date(2026, 6, 1), ends=dt.date(2026, 5, 31))  # fmt: skip
    assert refused.value.field == "ends"
    assert not Award.objects.exists()


def test_the_opportunity_is_decided_once_every_submitted_bid_is(scene: Scene) -> None:
    samples.bid_make(scene.opportunity, samples.OTHER, price="1", status=BidStatus.DRAFT)  # never submitted
    bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    scene.opportunity.refresh_from_db()
    assert scene.opportunity.status == OpportunityStatus.CLOSED
    _refuse(scene)
    scene.opportunity.refresh_from_db()
    assert scene.opportunity.status == OpportunityStatus.AWARDED
    entry = AuditEntry.objects.get(target_type="funding.opportunity", target_id=str(scene.opportunity.pk))
    assert entry.after == {"status": "awarded"}


@pytest.mark.parametrize("status", ["open", "draft", "awarded"])
def test_bids_are_decided_only_once_the_opportunity_has_closed(scene: Scene, status: str) -> None:
    scene.opportunity.status = status
    scene.opportunity.save()
    with pytest.raises(AwardError) as refused:
        bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert "Bids are decided once the opportunity has closed" in str(refused.value)
    assert not refused.value.not_allowed


def test_a_bid_is_decided_once(scene: Scene) -> None:
    _refuse(scene)
    with pytest.raises(AwardError, match="decided already"):
        bid_decide(user=scene.assessor, bid=scene.rival, successful=True, reasons="Changed.", feedback="")


@pytest.mark.parametrize("who", ["bidder", "other_member", "elsewhere", "curator"])
def test_only_the_opportunitys_keepers_decide(scene: Scene, who: str) -> None:
    with pytest.raises(AwardError) as refused:
        bid_decide(user=getattr(scene, who), bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert refused.value.not_allowed
    assert not Award.objects.exists()


def test_an_example_bids_award_is_an_example(db: None) -> None:
    scene = samples.scene(is_example=True)
    award = bid_decide(user=scene.admin, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert award is not None
    assert award.is_example


def test_a_grant_rounds_award_is_published_as_a_360giving_grant(db: None) -> None:
    scene = samples.scene(kind="grant", route="strategic")
    council = scene.opportunity.council
    council.org_id = "GB-LANI-BFS"  # Belfast City Council
    council.save()
    award = bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert award is not None
    award.refresh_from_db()
    grant = Grant.objects.get()
    assert award.grant == grant
    assert grant.amount_awarded == Decimal("90000.00")
    assert grant.recipient == scene.bid.lead
