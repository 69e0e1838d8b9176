"""Pages for assessing bids: an opportunity's bids ranked for its keepers, scoring a bid, and moderating
its scores. Thin: parse, check who is asking (`access`), call `assessment`, render.

Who: the opportunity's keepers (officers of its council, administrators). A bid its asker may not see
is not there (404); signed-in people who may see it but not assess it (its bidders) are refused (403).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation import DecisionError
from commoncause.funding import assessment as scoring
from commoncause.funding.access import may_assess, may_keep_opportunity, may_see_bid, may_see_opportunity
from commoncause.funding.assessment_forms import AssessmentForm, ModerationForm
from commoncause.funding.assessment_selectors import (
    DECIDED,
    assessment_of,
    assessor_label,
    bids_for_assessment,
    moderation_of,
    moderation_table,
    scores_open,
)
from commoncause.funding.models import Bid, BidStatus, Opportunity

NOT_KEEPER = "Only the opportunity's council officers assess its bids."


def optional_url(name: str, **kwargs: object) -> str:
    """The address of a page other parts of the site provide, or '' while there is none."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def form_refusal(form: Any, problem: DecisionError) -> None:
    """Put a service's refusal on the field it names (or above the form); 403 when not allowed."""
    if problem.not_allowed:
        raise PermissionDenied(str(problem))
    form.add_error(problem.field if problem.field in form.fields else None, str(problem))


def opportunity_kept_or_404(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> Opportunity:
    opportunity = get_object_or_404(Opportunity.objects.select_related("council"), pk=opportunity_id)
    if not may_see_opportunity(request.user, opportunity):
        raise Http404("No such opportunity.")
    if not may_keep_opportunity(request.user, opportunity):
        raise PermissionDenied(NOT_KEEPER)
    return opportunity


def bid_assessed_or_404(request: AuthenticatedHttpRequest, bid_id: uuid.UUID) -> Bid:
    """A bid this keeper assesses: 404 when they may not see it, 403 when they may see but not assess."""
    bid = get_object_or_404(Bid.objects.select_related("opportunity__council", "lead", "lot"), pk=bid_id)
    if not may_see_bid(request.user, bid):
        raise Http404("No such bid.")
    if not may_assess(request.user, bid):
        raise PermissionDenied(NOT_KEEPER)
    return bid


def bid_links(bid: Bid) -> dict[str, str]:
    """The bid's pages, for its keepers."""
    return {
        "bid": optional_url("funding:bid_detail", bid_id=bid.pk),
        "opportunity": optional_url("funding:opportunity_detail", opportunity_id=bid.opportunity_id),
        "assessment": reverse("funding:assessment", kwargs={"opportunity_id": bid.opportunity_id}),
    }


@access(SIGNED_IN, object_level=True)
def assessment(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_kept_or_404(request, opportunity_id)
    rows = bids_for_assessment(opportunity, request.user)
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "has_lots": any(row.bid.lot_id for row in rows),
        "criteria": scoring.criteria_of(opportunity),
        "opportunity_url": optional_url("funding:opportunity_detail", opportunity_id=opportunity.pk),
        "waiting": sum(row.bid.status == BidStatus.SUBMITTED for row in rows),
    }
    return render(request, "funding/assessment/opportunity_bids.html", context)


def _scoring_closed(bid: Bid) -> str:
    if bid.status in DECIDED:
        return "This bid has been decided: its scores can no longer change."
    if moderation_of(bid) is not None:
        return "This bid has been moderated: its scores are closed."
    return ""


@access(SIGNED_IN, object_level=True)
def bid_assess(request: AuthenticatedHttpRequest, bid_id: uuid.UUID) -> HttpResponse:
    bid = bid_assessed_or_404(request, bid_id)
    criteria = scoring.criteria_of(bid.opportunity)
    mine = assessment_of(request.user, bid)
    initial: dict[str, Any] = {}
    if mine is not None:
        for index, item in enumerate(criteria):
            initial[scoring.score_field(index)] = str(mine.scores.get(item.name, ""))
            initial[scoring.comment_field(index)] = mine.comments.get(item.name, "")
    closed = _scoring_closed(bid)
    form = AssessmentForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            saved = scoring.assessment_save(
                user=request.user, bid=bid, scores=form.scores(), comments=form.texts()
            )
        except DecisionError as problem:
            form_refusal(form, problem)
        else:
            total = scoring.weighted_total(criteria, saved.scores)
            messages.success(request, f"Your scores for {bid.lead.name} are saved: {total} out of 100.")
            return redirect("funding:bid_assess", bid_id=bid.pk)
    others = []
    if scores_open(request.user, bid):
        others = [
            (assessor_label(a, n), scoring.weighted_total(criteria, a.scores),
             [(item.name, a.scores.get(item.name), a.comments.get(item.name, "")) for item in criteria])
            for n, a in enumerate(bid.assessments.select_related("assessor").order_by("created_at", "pk"), 1)
            if a.assessor_id != request.user.pk
        ]  # fmt: skip
    context = {
        "bid": bid, "form": form, "criteria": criteria, "mine": mine, "closed": closed, "others": others,
        "my_total": scoring.weighted_total(criteria, mine.scores) if mine else None,
        "links": bid_links(bid),
    }  # fmt: skip
    return render(request, "funding/assessment/bid_assess.html", context, status=400 if form.errors else 200)


def _moderation_initial(bid: Bid, criteria: list[scoring.Criterion]) -> dict[str, Any]:
    moderation = moderation_of(bid)
    if moderation is None:
        return {}
    reasons = scoring.moderation_reasons_by_criterion(moderation, criteria)
    initial: dict[str, Any] = {}
    for index, item in enumerate(criteria):
        initial[scoring.score_field(index)] = str(moderation.scores.get(item.name, ""))
        initial[scoring.reason_field(index)] = reasons.get(item.name, "")
    return initial


@access(SIGNED_IN, object_level=True)
def bid_moderate(request: AuthenticatedHttpRequest, bid_id: uuid.UUID) -> HttpResponse:
    bid = bid_assessed_or_404(request, bid_id)
    criteria = scoring.criteria_of(bid.opportunity)
    form = ModerationForm(request.POST or None, initial=_moderation_initial(bid, criteria), criteria=criteria)
    closed = "This bid has been decided: its scores can no longer change." if bid.status in DECIDED else ""
    if request.method == "POST" and not closed and form.is_valid():
        try:
            moderation = scoring.moderation_save(
                user=request.user, bid=bid, scores=form.scores(), reasons=form.texts()
            )
        except DecisionError as problem:
            form_refusal(form, problem)
        else:
            messages.success(request, f"Moderated: {bid.lead.name} scores {moderation.total} out of 100.")
            return redirect("funding:assessment", opportunity_id=bid.opportunity_id)
    # Someone who has not scored the bid opens the scores only as its moderator, knowingly.
    shown = scores_open(request.user, bid) or request.method == "POST" or request.GET.get("scores") == "open"
    assessments, rows = moderation_table(bid, criteria)
    totals = [scoring.weighted_total(criteria, a.scores) for a in assessments] if shown else []
    labels = [assessor_label(a, n) for n, a in enumerate(assessments, 1)] if shown else []
    lines = [
        (row, score, reason, list(zip(labels, row.comments, strict=False)))
        for row, (_, _, score, reason) in zip(rows, form.rows(), strict=True)
    ]
    context = {
        "bid": bid, "form": form, "closed": closed, "shown": shown, "lines": lines, "totals": totals,
        "assessors": labels, "assessed": bool(assessments), "moderation": moderation_of(bid),
        "links": bid_links(bid),
    }  # fmt: skip
    return render(
        request, "funding/assessment/bid_moderate.html", context, status=400 if form.errors else 200
    )
