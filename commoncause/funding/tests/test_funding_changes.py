"""Ending or reducing an award: reasons always, a reduction below what it is worth now, the written
notice measured in calendar months and days against the Compact's three months (a shorter one says
why), the award's history kept in its changes, and the notice recorded in the engagement log when
the log listens, and the change still recorded when nothing does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from commoncause.accounts.models import AuditEntry
from commoncause.core.compact import notice_length
from commoncause.core.events import funding_notice_given
from commoncause.funding.awards import (
    AwardError,
    award_amount_now,
    bid_decide,
    funding_change_record,
)
from commoncause.funding.models import Award, AwardStatus, FundingChange
from commoncause.funding.tests import assessment_samples as samples
from commoncause.funding.tests.assessment_samples import Scene
from commoncause.relationships.funding_notices import RECEIVER_ID, funding_notice_record
from commoncause.relationships.models import Engagement

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_notice_of_a_change_is_counted_in_calendar_months_and_days() -> None:
    short = notice_length(D(2026, 1, 15), D(2026, 4, 1))  # three months on would be 15 April
    assert (short.words, short.shortfall_days, short.met) == ("2 months and 17 days", 14, False)
    enough = notice_length(D(2026, 11, 30), D(2027, 2, 28))  # February has no 30th: its last day
    assert (enough.words, enough.met) == ("3 months", True)
    assert notice_length(D(2026, 5, 31), D(2026, 8, 30)).shortfall_days == 1


@pytest.fixture
def scene(db: None) -> Scene:
    return samples.scene()


@pytest.fixture
def award(scene: Scene) -> Award:
    made = bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert made is not None
    return made


def _change(scene: Scene, award: Award, **values: Any) -> FundingChange:
    given: dict[str, Any] = {
        "kind": "reduce", "new_amount": Decimal("60000"), "notice_given_on": D(2027, 1, 4),
        "takes_effect_on": D(2027, 4, 4), "reasons": "The council's budget for 2027/28 is cut by a third.",
    }  # fmt: skip
    given.update(values)
    return funding_change_record(user=scene.assessor, award=award, **given)


def test_a_reduction_with_three_months_notice_is_recorded_and_the_amount_awarded_kept(
    scene: Scene, award: Award
) -> None:
    change = _change(scene, award)
    award.refresh_from_db()
    assert award.status == AwardStatus.REDUCED
    assert award.amount == Decimal("90000.00")  # as awarded; the change holds the new amount
    assert award_amount_now(award) == Decimal("60000.00")
    assert change.new_amount == Decimal("60000")
    assert change.reasons == "The council's budget for 2027/28 is cut by a third."
    assert change.created_by == scene.assessor
    created = AuditEntry.objects.get(target_type="funding.fundingchange", target_id=str(change.pk))
    assert created.after["takes_effect_on"] == "2027-04-04"
    updated = AuditEntry.objects.get(target_type="funding.award", action="update")
    assert updated.before == {"status": "active", "amount_now": "90000.00"}
    assert updated.after == {"status": "reduced", "amount_now": "60000.00"}


def test_a_second_reduction_must_go_below_the_first(scene: Scene, award: Award) -> None:
    _change(scene, award)
    with pytest.raises(AwardError) as refused:
        _change(scene, award, new_amount=Decimal("60000"), notice_given_on=D(2027, 6, 1),
                takes_effect_on=D(2027, 9, 1))  # fmt: skip
    assert refused.value.field == "new_amount"
    assert "less than the £60,000 the award is worth now" in str(refused.value)
    _change(
        scene,
        award,
        new_amount=Decimal("45000"),
        notice_given_on=D(2027, 6, 1),
        takes_effect_on=D(2027, 9, 1),
    )
    assert award_amount_now(award) == Decimal("45000.00")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"new_amount": None}, "new_amount"),
        ({"new_amount": Decimal("90000")}, "new_amount"),
        ({"new_amount": Decimal("0")}, "new_amount"),
        ({"kind": "pause"}, "kind"),
        ({"reasons": "  "}, "reasons"),
        ({"notice_given_on": None}, "notice_given_on"),
        ({"takes_effect_on": D(2027, 1, 3)}, "takes_effect_on"),
    ],
)
def test_bad_input_names_its_field_and_nothing_changes(
    scene: Scene, award: Award, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(AwardError) as refused:
        _change(scene, award, **values)
    assert refused.value.field == field
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE
    assert not FundingChange.objects.exists()
    assert not Engagement.objects.exists()


def test_notice_shorter_than_three_months_must_say_why(scene: Scene, award: Award) -> None:
    short = {
        "kind": "end",
        "new_amount": None,
        "notice_given_on": D(2026, 1, 15),
        "takes_effect_on": D(2026, 4, 1),
    }
    with pytest.raises(AwardError) as refused:
        _change(scene, award, **short)
    assert refused.value.field == "shorter_because"
    assert "The notice is 2 months and 17 days, 14 days short of the Compact's three months" in str(
        refused.value
    )
    change = _change(
        scene, award, **short, shorter_because="The government grant that paid for it ends in March."
    )
    assert change.reasons.endswith(
        "Why the notice is shorter than three months: The government grant that paid for it ends in March."
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.ENDED


def test_an_ended_award_cannot_change_again(scene: Scene, award: Award) -> None:
    _change(scene, award, kind="end", new_amount=None)
    with pytest.raises(AwardError, match="has ended"):
        _change(scene, award, notice_given_on=D(2027, 6, 1), takes_effect_on=D(2027, 9, 1))


@pytest.mark.parametrize("who", ["bidder", "other_member", "elsewhere", "curator"])
def test_only_the_opportunitys_keepers_change_its_awards(scene: Scene, award: Award, who: str) -> None:
    with pytest.raises(AwardError) as refused:
        funding_change_record(
            user=getattr(scene, who), award=award, kind="end", new_amount=None, notice_given_on=D(2027, 1, 4),
            takes_effect_on=D(2027, 4, 4), reasons="Budget.",
        )  # fmt: skip
    assert refused.value.not_allowed
    assert not FundingChange.objects.exists()


def test_the_notice_is_recorded_in_the_engagement_log_and_its_entry_kept(scene: Scene, award: Award) -> None:
    change = _change(scene, award)
    entry = Engagement.objects.get()
    assert change.engagement_url == f"/engagement/{entry.pk}/"
    assert entry.kind == "funding_notice"
    assert entry.council == scene.opportunity.council
    assert list(entry.organisations.all()) == [award.organisation]
    assert (entry.on, entry.funding_ends_on) == (D(2027, 1, 4), D(2027, 4, 4))
    assert entry.reduction == "from £90,000 to £60,000"
    assert entry.reasons == change.reasons
    assert entry.title == "Notice: Cancer support in North Belfast reduced"
    assert entry.created_by == scene.assessor
    assert not entry.is_example
    assert AuditEntry.objects.filter(target_type="relationships.engagement", target_id=str(entry.pk)).exists()


def test_an_ending_is_logged_as_ends(scene: Scene, award: Award) -> None:
    _change(scene, award, kind="end", new_amount=Decimal("1"))
    entry = Engagement.objects.get()
    assert entry.reduction == "ends"
    assert FundingChange.objects.get().new_amount is None


def test_without_the_engagement_log_listening_the_change_is_still_recorded(
    scene: Scene, award: Award
) -> None:
    assert funding_notice_given.disconnect(dispatch_uid=RECEIVER_ID)
    try:
        change = _change(scene, award)
    finally:
        funding_notice_given.connect(funding_notice_record, dispatch_uid=RECEIVER_ID)
    assert change.engagement_url == ""
    assert FundingChange.objects.get().engagement_url == ""
    assert not Engagement.objects.exists()
    award.refresh_from_db()
    assert award.status == AwardStatus.REDUCED


def test_a_listener_that_refuses_undoes_the_change(scene: Scene, award: Award) -> None:
    def refuse(sender: object, **kwargs: object) -> str:
        raise AwardError("The log is closed.")

    funding_notice_given.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(AwardError, match="The log is closed."):
            _change(scene, award)
    finally:
        funding_notice_given.disconnect(dispatch_uid="test.refuse")
    assert not FundingChange.objects.exists()
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE


def test_an_example_awards_notice_is_an_example_in_the_log(db: None) -> None:
    scene = samples.scene(is_example=True)
    award = bid_decide(user=scene.assessor, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert award is not None
    _change(scene, award)
    assert Engagement.objects.get().is_example
