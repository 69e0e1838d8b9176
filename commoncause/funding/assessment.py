"""Scoring bids against an opportunity's published criteria, and moderating the scores.

Each assessor (a keeper of the opportunity, `access.may_assess`) scores every criterion from 0 to 5
with a comment. A bid's weighted total is out of 100: each criterion's score over 5 times its weight
(the weights add up to 100), so scores of 4, 3 and 5 on criteria weighted 40, 30 and 30 make
32 + 18 + 30 = 80. Assessors do not see each other's scores until they have saved their own
(`assessment_selectors.scores_open`).

Moderation compares the assessors' scores side by side and records the agreed score for each criterion.
A reason is required for a criterion where the assessors' scores were 2 or more apart, or where the
agreed score is more than 1 point from their mean. Once a bid is moderated its scores are closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.funding.access import may_assess
from commoncause.funding.models import Assessment, Bid, BidStatus, Moderation, Opportunity

MAX_SCORE = 5
FLAG_SPREAD = 2  # assessors this far apart on a criterion must be reconciled with a reason
MEAN_DISTANCE = Decimal(1)  # an agreed score further than this from the assessors' mean needs a reason
CENT = Decimal("0.01")
NOT_KEEPER = "Only the opportunity's council officers assess and moderate its bids."


class AssessmentError(DecisionError):
    """Scores or a moderation that cannot be saved; `field` names the one at fault."""


@dataclass(frozen=True)
class Criterion:
    """One published criterion: its name, its weight (percent of the total) and its guidance."""

    name: str
    weight: Decimal
    guidance: str = ""


def criteria_of(opportunity: Opportunity) -> list[Criterion]:
    """The opportunity's published criteria, in order; entries without a name are left out."""
    found = []
    for entry in opportunity.criteria or []:
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            continue
        try:
            weight = Decimal(str(entry.get("weight") or 0))
        except InvalidOperation:
            weight = Decimal(0)
        found.append(Criterion(str(entry["name"]).strip(), weight, str(entry.get("guidance") or "")))
    return found


def score_field(index: int) -> str:
    """The name a criterion's score goes by in forms and in the errors that point at it."""
    return f"score_{index}"


def comment_field(index: int) -> str:
    return f"comment_{index}"


def reason_field(index: int) -> str:
    return f"reason_{index}"


def weighted_total(criteria: Sequence[Criterion], scores: Mapping[str, int]) -> Decimal:
    """The total out of 100: the sum over criteria of score / 5 × weight, to the hundredth."""
    total = sum((Decimal(scores[item.name]) / MAX_SCORE * item.weight for item in criteria), Decimal(0))
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def score_spread(scores: Sequence[int]) -> int:
    """How far apart the assessors are on a criterion (highest less lowest; 0 with one score)."""
    return max(scores) - min(scores) if scores else 0


def score_mean(scores: Sequence[int]) -> Decimal | None:
    return Decimal(sum(scores)) / len(scores) if scores else None


def reason_needed(*, agreed: int, scores: Sequence[int]) -> bool:
    """A moderated score needs a reason when the assessors were 2 or more apart, or when it is more than
    1 point from their mean."""
    mean = score_mean(scores)
    if mean is None:
        return False
    return score_spread(scores) >= FLAG_SPREAD or abs(Decimal(agreed) - mean) > MEAN_DISTANCE


def _score(value: object, criterion: Criterion, index: int) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not 0 <= int(text) <= MAX_SCORE:
        raise AssessmentError(f"Score {criterion.name} from 0 to {MAX_SCORE}.", field=score_field(index))
    return int(text)


def _scores(criteria: Sequence[Criterion], scores: Mapping[str, object]) -> dict[str, int]:
    return {item.name: _score(scores.get(item.name), item, index) for index, item in enumerate(criteria)}


def _open_for_scores(user: User, bid: Bid) -> list[Criterion]:
    """The criteria to score against, once it is checked that the scores may change now."""
    if not may_assess(user, bid):
        raise AssessmentError(NOT_KEEPER, not_allowed=True)
    if bid.status != BidStatus.SUBMITTED:
        raise AssessmentError("This bid has been decided: its scores can no longer change.")
    criteria = criteria_of(bid.opportunity)
    if not criteria:
        raise AssessmentError("The opportunity publishes no criteria to score against.")
    return criteria


def _assessment_facts(assessment: Assessment, total: Decimal) -> dict[str, Any]:
    return {
        "bid": str(assessment.bid_id),
        "scores": dict(assessment.scores),
        "comments": dict(assessment.comments),
        "total": str(total),
    }


@transaction.atomic
def assessment_save(
    *, user: User, bid: Bid, scores: Mapping[str, object], comments: Mapping[str, str]
) -> Assessment:
    """Save (or change) this assessor's scores for the bid, criterion name → 0 to 5, each with a
    comment; refused once the bid is moderated or decided."""
    criteria = _open_for_scores(user, bid)
    if Moderation.objects.filter(bid=bid).exists():
        raise AssessmentError("This bid has been moderated: its scores are closed.")
    clean = _scores(criteria, scores)
    said: dict[str, str] = {}
    for index, item in enumerate(criteria):
        said[item.name] = str(comments.get(item.name) or "").strip()
        if not said[item.name]:
            raise AssessmentError(f"Say why you scored {item.name} as you did.", field=comment_field(index))
    assessment = Assessment.objects.filter(bid=bid, assessor=user).first()
    before = (
        _assessment_facts(assessment, weighted_total(criteria, assessment.scores)) if assessment else None
    )
    if assessment is None:
        assessment = Assessment(bid=bid, assessor=user)
    assessment.scores, assessment.comments = clean, said
    assessment.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE if before else AuditAction.CREATE, target=assessment,
        target_label=f"Scores for {bid}"[:300], before=before,
        after=_assessment_facts(assessment, weighted_total(criteria, clean)),
    )  # fmt: skip
    return assessment


def assessors_scores(bid: Bid, criteria: Sequence[Criterion]) -> dict[str, list[int]]:
    """Each criterion's scores from the bid's assessors, in the order they scored."""
    found: dict[str, list[int]] = {item.name: [] for item in criteria}
    for assessment in bid.assessments.order_by("created_at", "pk"):
        for item in criteria:
            value = assessment.scores.get(item.name)
            if isinstance(value, int) and not isinstance(value, bool):
                found[item.name].append(value)
    return found


def _moderation_reasons(
    criteria: Sequence[Criterion],
    agreed: Mapping[str, int],
    given: Mapping[str, str],
    compared: Mapping[str, list[int]],
) -> str:
    """The reasons as one text, a line per criterion that has one; refused where one is needed and
    missing."""
    lines = []
    for index, item in enumerate(criteria):
        reason = " ".join(str(given.get(item.name) or "").split())
        if not reason and reason_needed(agreed=agreed[item.name], scores=compared[item.name]):
            spread = score_spread(compared[item.name])
            why = (
                f"the assessors' scores were {spread} apart"
                if spread >= FLAG_SPREAD
                else "the agreed score is more than 1 point from the assessors' mean"
            )
            raise AssessmentError(f"Give the reason for the agreed score for {item.name}: {why}.",
                                  field=reason_field(index))  # fmt: skip
        if reason:
            lines.append(f"{item.name}: {reason}")
    return "\n".join(lines)


def moderation_reasons_by_criterion(moderation: Moderation, criteria: Sequence[Criterion]) -> dict[str, str]:
    """The reasons of a saved moderation, criterion name → reason (the inverse of how they are kept)."""
    found: dict[str, str] = {}
    names = sorted((item.name for item in criteria), key=len, reverse=True)  # longest first: no prefix clash
    for line in moderation.reasons.splitlines():
        name = next((name for name in names if line.startswith(f"{name}: ")), None)
        if name is not None:
            found[name] = line[len(name) + 2 :]
    return found


def _moderation_facts(moderation: Moderation) -> dict[str, Any]:
    return {
        "bid": str(moderation.bid_id),
        "scores": dict(moderation.scores),
        "reasons": moderation.reasons,
        "total": str(moderation.total),
    }


@transaction.atomic
def moderation_save(
    *, user: User, bid: Bid, scores: Mapping[str, object], reasons: Mapping[str, str]
) -> Moderation:
    """Record (or change) the agreed score for each criterion of a bid its assessors have scored, and
    the weighted total; reasons by criterion name, required where `reason_needed` says so."""
    criteria = _open_for_scores(user, bid)
    compared = assessors_scores(bid, criteria)
    if not any(compared.values()):
        raise AssessmentError("No one has scored this bid yet: it is moderated once it has been assessed.")
    agreed = _scores(criteria, scores)
    text = _moderation_reasons(criteria, agreed, reasons, compared)
    moderation = Moderation.objects.filter(bid=bid).first()
    before = _moderation_facts(moderation) if moderation else None
    if moderation is None:
        moderation = Moderation(bid=bid)
    moderation.scores, moderation.reasons = agreed, text
    moderation.total = weighted_total(criteria, agreed)
    moderation.moderated_by = user
    moderation.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE if before else AuditAction.CREATE, target=moderation,
        target_label=f"Moderated scores for {bid}"[:300], before=before, after=_moderation_facts(moderation),
    )  # fmt: skip
    return moderation
