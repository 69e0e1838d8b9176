"""Pages for deciding bids, an award's public page, and ending or reducing an award. Thin: parse, check
who is asking (`access`), call `awards`, render.

Who: deciding and changing funding are the opportunity's keepers' (officers of its council,
administrators); an award's page is public, and names organisations, never people.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation import DecisionError
from commoncause.accounts.roles import PUBLIC
from commoncause.core.compact import Length, notice_length
from commoncause.funding import awards
from commoncause.funding.access import may_keep_opportunity, may_see_bid, may_see_monitoring
from commoncause.funding.assessment_forms import DecisionForm, FundingChangeForm
from commoncause.funding.assessment_selectors import DECIDED, bids_for_assessment
from commoncause.funding.assessment_views import (
    bid_assessed_or_404,
    bid_links,
    form_refusal,
    optional_url,
)
from commoncause.funding.models import Award, AwardStatus, Bid, OpportunityStatus


def _decide(request: AuthenticatedHttpRequest, bid: Bid, form: DecisionForm) -> Award | None | bool:
    """Decide through the service; False when it refused (the refusal is on the form)."""
    data = form.cleaned_data
    try:
        return awards.bid_decide(
            user=request.user, bid=bid, successful=data["outcome"] == "successful",
            reasons=data.get("reasons") or "", feedback=data.get("feedback") or "", amount=data.get("amount"),
            starts=data.get("starts"), ends=data.get("ends"),
        )  # fmt: skip
    except DecisionError as problem:
        form_refusal(form, problem)
        return False


@access(SIGNED_IN, object_level=True)
def bid_decide(request: AuthenticatedHttpRequest, bid_id: uuid.UUID) -> HttpResponse:
    bid = bid_assessed_or_404(request, bid_id)
    form = DecisionForm(request.POST or None, initial={"amount": bid.price})
    decided = bid.status in DECIDED
    if request.method == "POST" and not decided and form.is_valid():
        award = _decide(request, bid, form)
        if award is not False:
            messages.success(request, f"{bid.lead.name}: {'successful' if award else 'not successful'}.")
            if isinstance(award, Award):
                return redirect("funding:award_detail", award_id=award.pk)
            return redirect("funding:assessment", opportunity_id=bid.opportunity_id)
    row = next(
        (row for row in bids_for_assessment(bid.opportunity, request.user) if row.bid.pk == bid.pk), None
    )
    context = {
        "bid": bid, "form": form, "row": row, "decided": decided, "links": bid_links(bid),
        "closed": bid.opportunity.status == OpportunityStatus.CLOSED,
        "worth": bid.lot.value if bid.lot else bid.opportunity.value,
        "award": Award.objects.filter(bid=bid).first(),
    }  # fmt: skip
    return render(request, "funding/awards/bid_decide.html", context, status=400 if form.errors else 200)


def _changes(award: Award) -> list[tuple[Any, Length]]:
    return [
        (change, notice_length(change.notice_given_on, change.takes_effect_on))
        for change in award.changes.order_by("notice_given_on", "pk")
    ]


@access(PUBLIC)
def award_detail(request: HttpRequest, award_id: uuid.UUID) -> HttpResponse:
    award = get_object_or_404(
        Award.objects.select_related("opportunity__council", "organisation", "bid", "grant"), pk=award_id
    )
    insider = may_see_monitoring(request.user, award)  # the recipient's members and the keepers
    context = {
        "award": award,
        "amount_now": awards.award_amount_now(award),
        "changes": _changes(award),
        "keeper": may_keep_opportunity(request.user, award.opportunity),
        "insider": insider,
        "opportunity_url": optional_url("funding:opportunity_detail", opportunity_id=award.opportunity_id),
        "monitoring_url": optional_url("funding:award_monitoring", award_id=award.pk) if insider else "",
        "bid_url": optional_url("funding:bid_detail", bid_id=award.bid_id)
        if may_see_bid(request.user, award.bid)
        else "",
    }
    return render(request, "funding/awards/award_detail.html", context)


def _change(request: AuthenticatedHttpRequest, award: Award, form: FundingChangeForm) -> bool:
    data = form.cleaned_data
    try:
        change = awards.funding_change_record(
            user=request.user, award=award, kind=data["kind"], new_amount=data.get("new_amount"),
            notice_given_on=data.get("notice_given_on"), takes_effect_on=data.get("takes_effect_on"),
            reasons=data.get("reasons") or "", shorter_because=data.get("shorter_because") or "",
        )  # fmt: skip
    except DecisionError as problem:
        form_refusal(form, problem)
        return False
    notice = notice_length(change.notice_given_on, change.takes_effect_on)
    logged = " It is recorded in the council's engagement log." if change.engagement_url else ""
    messages.success(request, f"Saved, with {notice.words} of written notice.{logged}")
    return True


@access(SIGNED_IN, object_level=True)
def award_change(request: AuthenticatedHttpRequest, award_id: uuid.UUID) -> HttpResponse:
    award = get_object_or_404(
        Award.objects.select_related("opportunity__council", "organisation"), pk=award_id
    )
    if not may_keep_opportunity(request.user, award.opportunity):
        raise PermissionDenied(awards.NOT_KEEPER)  # the award is public: refused, not hidden
    form = FundingChangeForm(request.POST or None)
    ended = award.status == AwardStatus.ENDED
    if request.method == "POST" and not ended and form.is_valid() and _change(request, award, form):
        return redirect("funding:award_detail", award_id=award.pk)
    context = {
        "award": award, "form": form, "ended": ended, "amount_now": awards.award_amount_now(award),
        "changes": _changes(award),
    }  # fmt: skip
    return render(request, "funding/awards/award_change.html", context, status=400 if form.errors else 200)
