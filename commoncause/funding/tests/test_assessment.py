"""Scoring bids against the published criteria and moderating the scores: the weighted totals worked
by hand, who may score, what assessors see of each other, when a moderator must give reasons, and the
ranking by moderated total in the opportunity and in each lot."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commoncause.accounts.models import AuditEntry
from commoncause.funding import assessment as scoring
from commoncause.funding.assessment_selectors import (
    bids_for_assessment,
    competition_ranks,
    moderation_table,
    scores_open,
)
from commoncause.funding.models import Assessment, Bid, BidStatus, Moderation
from commoncause.funding.tests import assessment_samples as samples
from commoncause.funding.tests.assessment_samples import Scene, comments, scores

pytestmark = pytest.mark.django_db


def _criteria(*weights: int) -> list[scoring.Criterion]:
    return [scoring.Criterion(f"C{n}", Decimal(weight)) for n, weight in enumerate(weights)]


@pytest.fixture
def scene(db: None) -> Scene:
    return samples.scene()


def test_the_weighted_total_adds_each_score_over_five_times_its_weight() -> None:
    # 4/5 × 40 + 3/5 × 30 + 5/5 × 30 = 32 + 18 + 30
    assert scoring.weighted_total(_criteria(40, 30, 30), {"C0": 4, "C1": 3, "C2": 5}) == Decimal("80.00")
    # 3/5 × 35 + 4/5 × 35 + 2/5 × 30 = 21 + 28 + 12
    assert scoring.weighted_total(_criteria(35, 35, 30), {"C0": 3, "C1": 4, "C2": 2}) == Decimal("61.00")
    # 1/5 × 33 + 2/5 × 33 + 3/5 × 34 = 6.6 + 13.2 + 20.4
    assert scoring.weighted_total(_criteria(33, 33, 34), {"C0": 1, "C1": 2, "C2": 3}) == Decimal("40.20")
    assert scoring.weighted_total(_criteria(50, 50), {"C0": 5, "C1": 5}) == Decimal("100.00")
    assert scoring.weighted_total(_criteria(50, 50), {"C0": 0, "C1": 0}) == Decimal("0.00")


def test_equal_totals_share_a_rank_and_the_next_is_skipped() -> None:
    totals = {"a": Decimal(80), "b": Decimal(75), "c": Decimal(75), "d": Decimal(60), "e": None}
    assert competition_ranks(totals) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_a_reason_is_needed_for_a_spread_of_two_or_an_agreed_score_over_a_point_from_the_mean() -> None:
    assert scoring.reason_needed(agreed=3, scores=[2, 4])  # 2 apart
    assert not scoring.reason_needed(agreed=4, scores=[3, 4])  # mean 3.5, half a point off
    assert scoring.reason_needed(agreed=5, scores=[3, 4])  # 1.5 points off the mean
    assert not scoring.reason_needed(agreed=4, scores=[3, 3])  # exactly 1 point off: not more than 1
    assert scoring.reason_needed(agreed=5, scores=[3, 3])
    assert not scoring.reason_needed(agreed=2, scores=[2])


def test_the_published_criteria_are_read_in_order_with_their_weights(scene: Scene) -> None:
    criteria = scoring.criteria_of(scene.opportunity)
    assert [(item.name, item.weight) for item in criteria] == [
        ("Quality of service", Decimal(40)), ("Value for money", Decimal(30)), ("Local reach", Decimal(30)),
    ]  # fmt: skip


def test_an_officer_scores_a_bid_and_it_is_audited_with_its_total(scene: Scene) -> None:
    saved = scoring.assessment_save(
        user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=comments()
    )
    assert saved.scores == {"Quality of service": 4, "Value for money": 3, "Local reach": 5}
    entry = AuditEntry.objects.get(target_type="funding.assessment", target_id=str(saved.pk))
    assert entry.action == "create"
    assert entry.after["total"] == "80.00"
    scoring.assessment_save(user=scene.assessor, bid=scene.bid, scores=scores(4, 4, 5), comments=comments())
    changed = AuditEntry.objects.filter(target_id=str(saved.pk), action="update").get()
    assert changed.before["total"] == "80.00"
    assert changed.after["total"] == "86.00"
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("who", ["bidder", "other_member", "elsewhere", "curator"])
def test_only_the_opportunitys_keepers_score(scene: Scene, who: str) -> None:
    with pytest.raises(scoring.AssessmentError) as refused:
        scoring.assessment_save(
            user=getattr(scene, who), bid=scene.bid, scores=scores(4, 3, 5), comments=comments()
        )
    assert refused.value.not_allowed
    assert not Assessment.objects.exists()


def test_an_administrator_scores_any_councils_bids(scene: Scene) -> None:
    scoring.assessment_save(user=scene.admin, bid=scene.bid, scores=scores(1, 1, 1), comments=comments())
    assert Assessment.objects.get().assessor == scene.admin


def test_a_score_out_of_range_or_a_missing_comment_names_its_field_and_nothing_is_saved(scene: Scene) -> None:
    with pytest.raises(scoring.AssessmentError) as refused:
        scoring.assessment_save(
            user=scene.assessor, bid=scene.bid, scores=scores(4, 6, 5), comments=comments()
        )
    assert refused.value.field == "score_1"
    assert "Score Value for money from 0 to 5." in str(refused.value)
    said = {**comments(), "Local reach": "  "}
    with pytest.raises(scoring.AssessmentError) as refused:
        scoring.assessment_save(user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=said)
    assert refused.value.field == "comment_2"
    assert not Assessment.objects.exists()
    assert not AuditEntry.objects.filter(target_type="funding.assessment").exists()


def test_assessors_do_not_see_each_others_scores_until_they_have_saved_their_own(scene: Scene) -> None:
    scoring.assessment_save(user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=comments())
    assert scores_open(scene.assessor, scene.bid)
    assert not scores_open(scene.second, scene.bid)
    scoring.assessment_save(user=scene.second, bid=scene.bid, scores=scores(2, 3, 4), comments=comments())
    assert scores_open(scene.second, scene.bid)


def _both_scored(scene: Scene) -> None:
    scoring.assessment_save(user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=comments())
    scoring.assessment_save(user=scene.second, bid=scene.bid, scores=scores(2, 3, 4), comments=comments())


def test_a_bid_is_moderated_only_once_someone_has_scored_it(scene: Scene) -> None:
    with pytest.raises(scoring.AssessmentError, match="No one has scored this bid yet"):
        scoring.moderation_save(user=scene.assessor, bid=scene.bid, scores=scores(3, 3, 4), reasons={})


def test_moderation_compares_the_assessors_and_flags_a_spread_of_two(scene: Scene) -> None:
    _both_scored(scene)
    assessments, rows = moderation_table(scene.bid, scoring.criteria_of(scene.opportunity))
    assert [a.assessor for a in assessments] == [scene.assessor, scene.second]
    assert [(row.scores, row.spread, row.flagged, row.mean) for row in rows] == [
        ([4, 2], 2, True, Decimal("3.0")),
        ([3, 3], 0, False, Decimal("3.0")),
        ([5, 4], 1, False, Decimal("4.5")),
    ]


def test_the_moderator_must_give_reasons_where_the_scores_were_apart_or_moved_from_the_mean(
    scene: Scene,
) -> None:
    _both_scored(scene)
    with pytest.raises(scoring.AssessmentError) as refused:
        scoring.moderation_save(user=scene.assessor, bid=scene.bid, scores=scores(3, 3, 4), reasons={})
    assert refused.value.field == "reason_0"
    assert "the assessors' scores were 2 apart" in str(refused.value)
    # Value for money: both said 3; agreeing 5 is 2 points from the mean.
    with pytest.raises(scoring.AssessmentError) as refused:
        scoring.moderation_save(
            user=scene.assessor, bid=scene.bid, scores=scores(3, 5, 4),
            reasons={"Quality of service": "Agreed after discussing the staffing plan."},
        )  # fmt: skip
    assert refused.value.field == "reason_1"
    assert "more than 1 point from the assessors' mean" in str(refused.value)
    assert not Moderation.objects.exists()


def test_the_moderated_total_is_kept_with_its_reasons_and_audited(scene: Scene) -> None:
    _both_scored(scene)
    reasons = {"Quality of service": "Agreed after discussing\nthe staffing plan.", "Local reach": ""}
    moderation = scoring.moderation_save(
        user=scene.second, bid=scene.bid, scores=scores(3, 3, 4), reasons=reasons
    )
    # 3/5 × 40 + 3/5 × 30 + 4/5 × 30 = 24 + 18 + 24
    assert moderation.total == Decimal("66.00")
    assert moderation.moderated_by == scene.second
    assert moderation.reasons == "Quality of service: Agreed after discussing the staffing plan."
    criteria = scoring.criteria_of(scene.opportunity)
    assert scoring.moderation_reasons_by_criterion(moderation, criteria) == {
        "Quality of service": "Agreed after discussing the staffing plan."
    }
    entry = AuditEntry.objects.get(target_type="funding.moderation", target_id=str(moderation.pk))
    assert entry.after["total"] == "66.00"
    assert scores_open(scene.curator, scene.bid)  # moderated: the scores are closed and open to read


def test_once_moderated_a_bids_scores_are_closed(scene: Scene) -> None:
    _both_scored(scene)
    scoring.moderation_save(
        user=scene.assessor, bid=scene.bid, scores=scores(3, 3, 4), reasons={"Quality of service": "Agreed."}
    )
    with pytest.raises(scoring.AssessmentError, match="has been moderated"):
        scoring.assessment_save(user=scene.admin, bid=scene.bid, scores=scores(1, 1, 1), comments=comments())


def test_a_decided_bid_can_no_longer_be_scored_or_moderated(scene: Scene) -> None:
    _both_scored(scene)
    scene.bid.status = BidStatus.UNSUCCESSFUL
    scene.bid.save()
    with pytest.raises(scoring.AssessmentError, match="has been decided"):
        scoring.assessment_save(
            user=scene.assessor, bid=scene.bid, scores=scores(1, 1, 1), comments=comments()
        )
    with pytest.raises(scoring.AssessmentError, match="has been decided"):
        scoring.moderation_save(
            user=scene.assessor, bid=scene.bid, scores=scores(3, 3, 4), reasons={"Quality of service": "x"}
        )


def _moderate(scene: Scene, bid: Bid, agreed: tuple[int, int, int]) -> None:
    scoring.assessment_save(user=scene.assessor, bid=bid, scores=scores(*agreed), comments=comments())
    scoring.moderation_save(user=scene.assessor, bid=bid, scores=scores(*agreed), reasons={})


def test_bids_are_ranked_by_moderated_total_in_the_opportunity_and_in_each_lot(scene: Scene) -> None:
    one, two = (
        samples.lot_make(scene.opportunity, 1, "60000"),
        samples.lot_make(scene.opportunity, 2, "60000"),
    )
    scene.bid.lot = scene.rival.lot = one
    scene.bid.save()
    scene.rival.save()
    third = samples.bid_make(scene.opportunity, samples.OTHER, price="50000", lot=two)
    draft = samples.bid_make(scene.opportunity, samples.OTHER, price="1", lot=one, status=BidStatus.DRAFT)
    _moderate(scene, scene.bid, (4, 3, 5))  # 80
    _moderate(scene, scene.rival, (5, 5, 4))  # 94
    _moderate(scene, third, (2, 2, 2))  # 40
    rows = bids_for_assessment(scene.opportunity, scene.assessor)
    assert [(row.bid, row.total, row.rank, row.lot_rank) for row in rows] == [
        (scene.rival, Decimal("94.00"), 1, 1),
        (scene.bid, Decimal("80.00"), 2, 2),
        (third, Decimal("40.00"), 3, 1),
    ]
    assert draft not in [row.bid for row in rows]
    assert all(row.assessments == 1 and row.scored_by_me for row in rows)


def test_the_list_flags_a_price_below_the_full_cost(scene: Scene) -> None:
    rows = {row.bid: row for row in bids_for_assessment(scene.opportunity, scene.assessor)}
    below = rows[scene.bid].full_cost
    assert below is not None
    assert below.subsidised
    assert below.subsidy == Decimal("10000.00")
    assert below.subsidy_percent == Decimal("10.0")
    covers = rows[scene.rival].full_cost
    assert covers is not None
    assert not covers.subsidised
    assert rows[scene.bid].rank is None  # not moderated yet
