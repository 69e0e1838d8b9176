"""An approach's steps: shortlist a match, contact the organisation, its answer, the outcome.

Each step checks who may take it and that the approach is at the step before, records who took it
and when, and is audited in the same transaction. A person with no part in the approach is answered
"not found" (`ApproachError(not_allowed=True)`), never told it exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.matching.engine.rank import Match
from commoncause.matching.models import Approach, ApproachStatus, Need
from commoncause.matching.selectors import may_keep_need, members_of
from commoncause.members.membership import is_member
from commoncause.members.notifications import decision_notify
from commoncause.register.models import Organisation


class ApproachError(DecisionError):
    """A step that cannot be taken, in words for the person who tried."""


def _facts(approach: Approach) -> dict[str, Any]:
    return {
        "need": approach.need.title,
        "organisation": approach.organisation.name,
        "status": approach.status,
        "answer_reason": approach.answer_reason,
        "outcome": approach.outcome,
    }


def _keeper(user: User, need: Need) -> None:
    if not may_keep_need(user, need):
        raise ApproachError("No such need.", not_allowed=True)


def reasons_snapshot(match: Match | None) -> tuple[float | None, list[dict[str, Any]]]:
    """The match's score and reasons as they were when it was shortlisted."""
    if match is None:
        return None, []
    reasons = [
        {"signal": r.signal, "text": r.text, "value": r.value, "risk": r.risk, "stale": r.stale}
        for r in match.reasons
    ]
    return match.score, reasons


@transaction.atomic
def approach_shortlist(
    *,
    user: User,
    need: Need,
    organisation: Organisation,
    match: Match | None,
    failed: Sequence[str] = (),
) -> Approach:
    """Shortlist an organisation for a need (from its matches, or from "why not?"), keeping its score
    and reasons as they are now. One the need's rules exclude (`failed`) is refused, with them."""
    _keeper(user, need)
    if failed:
        raise ApproachError(f"{organisation.name} cannot be shortlisted: {'; '.join(failed)}.")
    if Approach.objects.filter(need=need, organisation=organisation).exists():
        raise ApproachError(f"{organisation.name} is already on the shortlist.")
    score, reasons = reasons_snapshot(match)
    approach = Approach.objects.create(
        need=need, organisation=organisation, score=score, reasons=reasons, shortlisted_by=user
    )
    audit_record(actor=user, action=AuditAction.CREATE, target=approach, after=_facts(approach))
    return approach


def _step(approach: Approach, *, was: str) -> dict[str, Any]:
    if approach.status != was:
        label = ApproachStatus(approach.status).label.lower()
        raise ApproachError(f"This approach is {label}: that step is not open now.")
    return _facts(approach)


@transaction.atomic
def approach_contact(*, user: User, approach: Approach, base_url: str = "") -> int:
    """Tell the organisation's members of the need (by email, to confirmed addresses). Returns how
    many will be emailed."""
    _keeper(user, approach.need)
    before = _step(approach, was=ApproachStatus.SHORTLISTED)
    approach.status, approach.contacted_by, approach.contacted_at = (
        ApproachStatus.CONTACTED, user, timezone.now(),
    )  # fmt: skip
    approach.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=approach, before=before, after=_facts(approach)
    )
    link = f"{base_url.rstrip('/')}{reverse('matching:approach_list')}"
    context = {"approach": approach, "need": approach.need, "link": link}
    subject = f"{approach.need.poster_name} would like to talk to {approach.organisation.name}"
    return sum(
        decision_notify(
            person=member, subject=subject, template="matching/email/approach.txt", context=context
        )
        for member in members_of(approach.organisation)
    )


@transaction.atomic
def approach_answer(*, user: User, approach: Approach, accept: bool | None, reason: str = "") -> Approach:
    """The organisation's member accepts or declines (a reason to decline); None: not said which."""
    if not is_member(user, approach.organisation):
        raise ApproachError("No such approach.", not_allowed=True)
    before = _step(approach, was=ApproachStatus.CONTACTED)
    if accept is None:
        raise ApproachError("Choose whether to accept or decline.")
    reason = reason.strip()
    if not accept and not reason:
        raise ApproachError("Say why the organisation declines, so the council can learn from it.")
    approach.status = ApproachStatus.ACCEPTED if accept else ApproachStatus.DECLINED
    approach.answered_as = approach.status
    approach.answered_by, approach.answered_at, approach.answer_reason = user, timezone.now(), reason
    approach.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=approach, before=before, after=_facts(approach)
    )
    return approach


@transaction.atomic
def approach_outcome(*, user: User, approach: Approach, outcome: str) -> Approach:
    """Record what came of an answered approach."""
    _keeper(user, approach.need)
    if approach.status not in (ApproachStatus.ACCEPTED, ApproachStatus.DECLINED):
        raise ApproachError("An outcome is recorded once the organisation has answered.")
    if not outcome.strip():
        raise ApproachError("Say what came of it.")
    before = _facts(approach)
    approach.status, approach.outcome = ApproachStatus.DONE, outcome.strip()
    approach.outcome_by, approach.outcome_at = user, timezone.now()
    approach.save()
    audit_record(
        actor=user, action=AuditAction.UPDATE, target=approach, before=before, after=_facts(approach)
    )
    return approach
