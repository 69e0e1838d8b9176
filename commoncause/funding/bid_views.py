"""Pages of bids: starting one, the list, a bid's page, its draft, submitting and withdrawing. Thin:
parse, call the services (`bids`, `bid_partners`), render. Who may use each: docs/bids.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.core.pagination import pagination_links
from commoncause.funding import bids as service
from commoncause.funding.access import may_edit_bid
from commoncause.funding.bid_forms import AnswersForm, BidStartForm, DocumentForm, proposed_partners
from commoncause.funding.bid_partners import bid_start_consortium
from commoncause.funding.bid_questions import questions_for, tier_of
from commoncause.funding.bid_selectors import (
    bid_found,
    bid_page,
    bids_listed,
    lead_choices,
    lots_of,
    may_see,
    opportunity_found,
    opportunity_link,
    problem_links,
)
from commoncause.funding.models import Bid, Lot, Opportunity

PER_PAGE = 50


def bid_or_404(request: HttpRequest, bid_id: UUID) -> Bid:
    """The bid, if this person may see it; otherwise as if there were none."""
    bid = bid_found(bid_id)
    if bid is None or not may_see(request.user, bid):
        raise Http404("No such bid.")
    return bid


def editable_or_refused(request: AuthenticatedHttpRequest, bid_id: UUID) -> Bid:
    """The bid, if this person may change it (403 when they only see it)."""
    bid = bid_or_404(request, bid_id)
    if not may_edit_bid(request.user, bid):
        raise PermissionDenied(
            "Only the lead organisation's members change a bid, and only while it is a draft."
        )
    return bid


def refusal_shown(problem: service.BidError, form: forms.Form) -> None:
    """Put a service's refusal on the form: on the field it names (each, for several), or the form."""
    if problem.not_allowed:
        raise PermissionDenied(str(problem)) from None
    found = (
        problem.problems if isinstance(problem, service.BidProblems) else {problem.field or "": str(problem)}
    )
    for field, message in found.items():
        form.add_error(field if field in form.fields else None, message)


def detail_page(
    request: HttpRequest,
    bid: Bid,
    *,
    status: int = 200,
    problems: Mapping[str, str] | None = None,
    document_form: DocumentForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = bid_page(request.user, bid)
    context["problems"] = problem_links(bid, problems or {})
    context["document_form"] = document_form or DocumentForm()
    return render(request, "funding/bids/detail.html", context, status=status)


def _tiers(opportunity: Opportunity) -> list[dict[str, Any]]:
    """For each lot (or the whole opportunity), the tier of its award and how many questions it asks."""
    lots: list[Lot | None] = [*lots_of(opportunity)] or [None]
    rows = []
    for lot in lots:
        tier = tier_of(opportunity, lot)
        rows.append({"lot": lot, "tier": tier, "questions": len(questions_for(tier))})
    return rows


def _proposed(request: HttpRequest) -> list[dict[str, str]]:
    """The builder's proposed partners as posted, to carry them through a page shown again."""
    return [
        {
            "key": key,
            "share": request.POST.get(f"share_{key}", ""),
            "wards": request.POST.get(f"wards_{key}", ""),
        }
        for key in dict.fromkeys(request.POST.getlist("partner"))
    ]


def _start(request: AuthenticatedHttpRequest, opportunity: Opportunity, form: BidStartForm) -> Bid | None:
    data = form.cleaned_data
    try:
        partners = proposed_partners(request.POST)
        if partners:
            return bid_start_consortium(
                user=request.user, opportunity=opportunity, lot=data.get("lot"), lead=data["lead"],
                partners=partners,
            )  # fmt: skip
        return service.bid_start(
            user=request.user, opportunity=opportunity, lead=data["lead"], lot=data.get("lot")
        )
    except forms.ValidationError as problem:
        form.add_error(None, problem)
    except service.BidError as problem:
        refusal_shown(problem, form)
    return None


@access(SIGNED_IN, object_level=True)
def bid_new(request: AuthenticatedHttpRequest, opportunity_id: UUID) -> HttpResponse:
    opportunity = opportunity_found(opportunity_id, request.user)
    if opportunity is None:
        raise Http404("No such opportunity.")
    leads = lead_choices(request.user)
    if not leads.exists():
        raise PermissionDenied("Bids are made by organisations: join your organisation first.")
    closed = service.opportunity_closed_reason(opportunity)
    form = BidStartForm(request.POST or None, leads=leads, lots=lots_of(opportunity))
    if request.method == "POST" and not closed and form.is_valid():
        bid = _start(request, opportunity, form)
        if bid is not None:
            messages.success(request, "Your draft bid is started. Answer the questions, then submit it.")
            return redirect("funding:bid_edit", bid_id=bid.pk)
    context = {
        "opportunity": opportunity, "opportunity_link": opportunity_link(opportunity), "form": form,
        "closed": closed, "tiers": _tiers(opportunity), "proposed": _proposed(request),
    }  # fmt: skip
    return render(request, "funding/bids/new.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN)
def bid_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(bids_listed(request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "bids": page.object_list,
        "page": page,
        "pagination": pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages),
    }
    return render(request, "funding/bids/list.html", context)


@access(SIGNED_IN, object_level=True)
def bid_detail(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    return detail_page(request, bid_or_404(request, bid_id))


@access(SIGNED_IN, object_level=True)
def bid_edit(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = editable_or_refused(request, bid_id)
    questions = service.bid_questions(bid)
    initial: dict[str, Any] = {**bid.answers, "price": bid.price}
    form = AnswersForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            service.bid_save_draft(
                user=request.user, bid=bid, answers=form.answers(), price=form.cleaned_data.get("price")
            )
        except service.BidError as problem:
            refusal_shown(problem, form)
        else:
            messages.success(request, "Your draft is saved.")
            return redirect("funding:bid_detail", bid_id=bid.pk)
    context = {"bid": bid, "form": form, "tier": tier_of(bid.opportunity, bid.lot), "questions": questions}
    return render(request, "funding/bids/edit.html", context, status=400 if form.errors else 200)


@require_POST
@access(SIGNED_IN, object_level=True)
def bid_submit(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = editable_or_refused(request, bid_id)
    try:
        service.bid_submit(user=request.user, bid=bid)
    except service.BidProblems as problem:
        return detail_page(request, bid, status=400, problems=problem.problems)
    except service.BidError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        return detail_page(request, bid, status=400, problems={"bid": str(problem)})
    messages.success(request, "Your bid is submitted.")
    return redirect("funding:bid_detail", bid_id=bid.pk)


@require_POST
@access(SIGNED_IN, object_level=True)
def bid_withdraw(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = bid_or_404(request, bid_id)
    try:
        service.bid_withdraw(user=request.user, bid=bid)
    except service.BidError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        messages.error(request, str(problem))
    else:
        messages.success(request, "The bid is withdrawn.")
    return redirect("funding:bid_detail", bid_id=bid.pk)
