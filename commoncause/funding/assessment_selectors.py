"""Reads for assessing bids: who may see which scores, the comparison moderators work from, and the
bids of an opportunity ranked by their moderated totals (in the opportunity and in each lot)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.contrib.auth.models import User
from django.db.models import Count

from commoncause.funding.assessment import (
    FLAG_SPREAD,
    Criterion,
    moderation_reasons_by_criterion,
    reason_needed,
    score_mean,
    score_spread,
)
from commoncause.funding.commissioning.full_cost import PriceCheck, price_check
from commoncause.funding.models import Assessment, Bid, BidStatus, Moderation, Opportunity

Key = TypeVar("Key", bound=Hashable)
ASSESSED = (BidStatus.SUBMITTED, BidStatus.SUCCESSFUL, BidStatus.UNSUCCESSFUL)
DECIDED = (BidStatus.SUCCESSFUL, BidStatus.UNSUCCESSFUL)


def assessment_of(user: User, bid: Bid) -> Assessment | None:
    """This assessor's own scores for the bid, if they have saved them."""
    return Assessment.objects.filter(bid=bid, assessor=user).first()


def moderation_of(bid: Bid) -> Moderation | None:
    return Moderation.objects.filter(bid=bid).select_related("moderated_by").first()


def scores_open(user: User, bid: Bid) -> bool:
    """Whether this keeper may see the other assessors' scores: once they have saved their own, or
    once the bid is moderated or decided (its scores are then closed)."""
    if bid.status in DECIDED or Moderation.objects.filter(bid=bid).exists():
        return True
    return Assessment.objects.filter(bid=bid, assessor=user).exists()


def competition_ranks(totals: Mapping[Key, Decimal | None]) -> dict[Key, int]:
    """Ranks by total, highest first, equal totals sharing a rank and the next rank skipped (80, 75, 75,
    60 rank 1, 2, 2, 4); keys without a total are not ranked."""
    scored = sorted((total for total in totals.values() if total is not None), reverse=True)
    return {key: scored.index(total) + 1 for key, total in totals.items() if total is not None}


@dataclass(frozen=True)
class BidRow:
    """A bid as the assessment page lists it."""

    bid: Bid
    assessments: int
    total: Decimal | None  # moderated, out of 100
    rank: int | None  # among the opportunity's bids
    lot_rank: int | None  # among its lot's bids, when the opportunity has lots
    full_cost: PriceCheck | None  # the price against the bid's full cost, when both are known
    scored_by_me: bool


def _full_cost(bid: Bid) -> PriceCheck | None:
    if bid.full_cost_total is None or bid.price is None or bid.full_cost_total <= 0:
        return None
    return price_check(full_cost=bid.full_cost_total, price=bid.price)


def bids_for_assessment(opportunity: Opportunity, user: User) -> list[BidRow]:
    """The opportunity's submitted (and decided) bids, best moderated total first, then the unmoderated
    in the order they came in."""
    bids = list(
        opportunity.bids.filter(status__in=ASSESSED)
        .select_related("lead", "lot", "moderation")
        .annotate(assessed=Count("assessments", distinct=True))
        .order_by("submitted_at", "pk")
    )
    mine = set(Assessment.objects.filter(bid__in=bids, assessor=user).values_list("bid_id", flat=True))
    totals = {bid.pk: _total(bid) for bid in bids}
    ranks = competition_ranks(totals)
    lot_ranks: dict[object, int] = {}
    for lot_id in {bid.lot_id for bid in bids if bid.lot_id is not None}:
        lot_ranks.update(competition_ranks({bid.pk: totals[bid.pk] for bid in bids if bid.lot_id == lot_id}))
    rows = [
        BidRow(bid, bid.assessed, totals[bid.pk], ranks.get(bid.pk), lot_ranks.get(bid.pk), _full_cost(bid),
               bid.pk in mine)
        for bid in bids
    ]  # fmt: skip
    return sorted(rows, key=lambda row: row.rank if row.rank is not None else len(rows) + 1)


def _total(bid: Bid) -> Decimal | None:
    try:
        return bid.moderation.total
    except Moderation.DoesNotExist:
        return None


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of a bid compared across its assessors, with the moderated score if there is one."""

    index: int
    criterion: Criterion
    scores: list[int | None]  # one per assessor, in the order of `assessors`
    comments: list[str]
    spread: int
    flagged: bool  # assessors 2 or more apart
    mean: Decimal | None  # to one decimal place, as shown
    agreed: int | None
    reason: str
    reason_needed: bool  # for the agreed score as saved


def moderation_table(bid: Bid, criteria: Sequence[Criterion]) -> tuple[list[Assessment], list[CriterionRow]]:
    """The bid's assessments (in the order they were saved) and each criterion's scores side by side."""
    assessments = list(bid.assessments.select_related("assessor").order_by("created_at", "pk"))
    moderation = moderation_of(bid)
    reasons = moderation_reasons_by_criterion(moderation, criteria) if moderation else {}
    rows = []
    for index, item in enumerate(criteria):
        scores = [_int(assessment.scores.get(item.name)) for assessment in assessments]
        given = [score for score in scores if score is not None]
        mean = score_mean(given)
        agreed = _int(moderation.scores.get(item.name)) if moderation else None
        rows.append(
            CriterionRow(
                index, item, scores, [str(a.comments.get(item.name) or "") for a in assessments],
                score_spread(given), score_spread(given) >= FLAG_SPREAD,
                mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if mean is not None else None,
                agreed, reasons.get(item.name, ""),
                agreed is not None and reason_needed(agreed=agreed, scores=given),
            )
        )  # fmt: skip
    return assessments, rows


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def assessor_label(assessment: Assessment, number: int) -> str:
    """How the comparison names an assessor to the council's own officers: "Assessor 1 (A Name)"."""
    person = assessment.assessor
    if person is None:
        return f"Assessor {number} (account erased)"
    return f"Assessor {number} ({person.get_full_name() or person.email})"
