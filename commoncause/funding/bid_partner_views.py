"""Pages of a bid's consortium: its partners (invite, change, remove), a partner's answer, and the
consortium builder of an opportunity. Thin: parse, call `bid_partners` / `consortium_builder`, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.funding import bid_partners as service
from commoncause.funding.bid_forms import ConsortiaForm, InviteForm, PartForm
from commoncause.funding.bid_selectors import (
    is_open,
    lead_choices,
    lots_of,
    opportunity_found,
    opportunity_link,
    partners_of,
)
from commoncause.funding.bid_views import bid_or_404, editable_or_refused, refusal_shown
from commoncause.funding.bids import BidError
from commoncause.funding.consortium_builder import builder_answer, requirement_wards
from commoncause.funding.models import Bid, BidPartner

ACTIONS = ("invite", "change", "remove")


def _part_initial(partner: BidPartner) -> dict[str, Any]:
    return {"role": partner.role, "work_share": partner.work_share, "money_share": partner.money_share,
            "wards": list(partner.wards)}  # fmt: skip


def _part(form: PartForm) -> service.Part:
    data = form.cleaned_data
    return service.Part(
        data.get("role") or "", data["work_share"], data["money_share"], data.get("wards") or []
    )


def _invite(
    request: AuthenticatedHttpRequest, bid: Bid, wards: dict[str, str]
) -> tuple[InviteForm, HttpResponse | None]:
    invite = InviteForm(request.POST, wards=wards, prefix="invite")
    if invite.is_valid():
        data = invite.cleaned_data
        try:
            service.bid_partner_invite(
                user=request.user, bid=bid, organisation=data["organisation"], role=data.get("role") or "",
                work_share=data["work_share"], money_share=data["money_share"],
                wards=data.get("wards") or [],
            )  # fmt: skip
        except BidError as problem:
            refusal_shown(problem, invite)
        else:
            messages.success(request, f"{data['organisation'].name} is invited.")
            return invite, redirect("funding:bid_partners", bid_id=bid.pk)
    return invite, None


def _post(
    request: AuthenticatedHttpRequest, bid: Bid, wards: dict[str, str]
) -> tuple[Any, HttpResponse | None]:
    """Carry out the posted action; returns the form to show again (or None) and a redirect once done."""
    action = request.POST.get("action", "")
    if action == "invite":
        return _invite(request, bid, wards)
    key = request.POST.get("partner", "")
    if not key.isdigit():
        raise Http404("No such partner.")
    partner = get_object_or_404(BidPartner.objects.select_related("organisation"), pk=int(key), bid=bid)
    if action == "remove":
        try:
            service.bid_partner_remove(user=request.user, bid=bid, partner=partner)
        except BidError as problem:
            if problem.not_allowed:
                raise PermissionDenied(str(problem)) from None
            messages.error(request, str(problem))
        else:
            messages.success(request, f"{partner.organisation.name} is no longer in the bid.")
        return None, redirect("funding:bid_partners", bid_id=bid.pk)
    form = PartForm(request.POST, wards=wards, prefix=f"p{partner.pk}")
    if form.is_valid():
        try:
            service.bid_partner_change(user=request.user, bid=bid, partner=partner, part=_part(form))
        except BidError as problem:
            refusal_shown(problem, form)
        else:
            messages.success(request, f"{partner.organisation.name}'s part is saved.")
            return None, redirect("funding:bid_partners", bid_id=bid.pk)
    return (partner.pk, form), None


@access(SIGNED_IN, object_level=True)
def bid_partners(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = editable_or_refused(request, bid_id)
    wards = requirement_wards(bid.opportunity, bid.lot)
    invite = InviteForm(wards=wards, prefix="invite")
    shown_again: tuple[int, PartForm] | None = None
    if request.method == "POST":
        if request.POST.get("action") not in ACTIONS:
            messages.error(request, "Choose what to do.")
            return redirect("funding:bid_partners", bid_id=bid.pk)
        form, done = _post(request, bid, wards)
        if done is not None:
            return done
        if isinstance(form, InviteForm):
            invite = form
        else:
            shown_again = form
    partners = partners_of(bid)
    rows = []
    for partner in partners:
        if shown_again is not None and shown_again[0] == partner.pk:
            rows.append((partner, shown_again[1]))
        else:
            rows.append(
                (partner, PartForm(initial=_part_initial(partner), wards=wards, prefix=f"p{partner.pk}"))
            )
    failed = invite if invite.errors else shown_again[1] if shown_again is not None else None
    context = {"bid": bid, "rows": rows, "invite": invite, "wards": wards, "failed": failed}
    return render(request, "funding/bids/partners.html", context, status=400 if failed else 200)


@require_POST
@access(SIGNED_IN, object_level=True)
def bid_partner_answer(request: AuthenticatedHttpRequest, bid_id: UUID, partner_id: int) -> HttpResponse:
    bid = bid_or_404(request, bid_id)
    partner = get_object_or_404(
        BidPartner.objects.select_related("organisation", "bid"), pk=partner_id, bid=bid
    )
    answer = request.POST.get("answer", "")
    if answer not in ("accept", "decline"):
        messages.error(request, "Choose whether to accept or decline.")
        return redirect("funding:bid_detail", bid_id=bid.pk)
    try:
        service.bid_partner_answer(user=request.user, bid=bid, partner=partner, accept=answer == "accept")
    except BidError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{partner.organisation.name} has {partner.get_status_display().lower()}.")
    return redirect("funding:bid_detail", bid_id=bid.pk)


def _builder_form(request: HttpRequest, opportunity: Any) -> ConsortiaForm:
    asked = {key: request.GET[key] for key in ("lot", "safe_share") if key in request.GET}
    return ConsortiaForm({"safe_share": 50, **asked}, lots=lots_of(opportunity))


@require_GET
@access(SIGNED_IN, object_level=True)
def consortia(request: AuthenticatedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = opportunity_found(opportunity_id, request.user)
    if opportunity is None or not is_open(opportunity):
        raise Http404("No such open opportunity.")
    form = _builder_form(request, opportunity)
    answer, lot = None, None
    if form.is_valid():
        number = form.cleaned_data.get("lot")
        lot = lots_of(opportunity).filter(number=number).first() if number is not None else None
        answer = builder_answer(opportunity, lot, safe_share=form.cleaned_data["safe_share"] / 100)
    context = {
        "opportunity": opportunity, "opportunity_link": opportunity_link(opportunity), "form": form,
        "answer": answer, "lot": lot, "leads": lead_choices(request.user),
    }  # fmt: skip
    return render(request, "funding/bids/consortia.html", context, status=200 if answer else 400)
