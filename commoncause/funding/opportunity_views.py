"""Opportunities' pages: the list, drafting and changing one, and its page with the fair-access check,
publishing, closing and withdrawing. Thin: parse, call `opportunities`, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.curation import DecisionError
from commoncause.accounts.roles import PUBLIC
from commoncause.core.pagination import pagination_links
from commoncause.funding import opportunities as services
from commoncause.funding.access import (
    bids_for,
    may_create_opportunities,
    may_keep_opportunity,
    may_see_opportunity,
    opportunities_for,
)
from commoncause.funding.fair_access import fair_access_check
from commoncause.funding.models import Opportunity, OpportunityKind, OpportunityStatus
from commoncause.funding.opportunity_forms import OpportunityForm, PublishForm, opportunity_initial
from commoncause.funding.opportunity_matching import matches_with_income, opportunity_matches
from commoncause.matching.forms import areas_typed
from commoncause.matching.selectors import organisations_of

PER_PAGE = 50
SHOWN_MATCHES = 10


@access(PUBLIC)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    found = opportunities_for(request.user)
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    if kind in OpportunityKind.values:
        found = found.filter(kind=kind)
    if status in OpportunityStatus.values:
        found = found.filter(status=status)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "opportunities": page.object_list,
        "page": page,
        "pagination": pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages),
        "kinds": OpportunityKind.choices,
        "statuses": [choice for choice in OpportunityStatus.choices if choice[0] != OpportunityStatus.DRAFT],
        "kind": kind,
        "status": status,
        "may_create": may_create_opportunities(request.user),
    }
    return render(request, "funding/opportunities/list.html", context)


def opportunity_or_404(request: HttpRequest, opportunity_id: uuid.UUID, *, keep: bool = False) -> Opportunity:
    opportunity = get_object_or_404(Opportunity.objects.select_related("council"), pk=opportunity_id)
    if not may_see_opportunity(request.user, opportunity):
        raise Http404("No such opportunity.")
    if keep and not may_keep_opportunity(request.user, opportunity):
        raise PermissionDenied("Only the council's officers keep its opportunities.")
    return opportunity


def _form_page(
    request: AuthenticatedHttpRequest, form: OpportunityForm, opportunity: Opportunity | None, **extra: Any
) -> HttpResponse:
    context = {"form": form, "opportunity": opportunity, **extra}
    return render(request, "funding/opportunities/form.html", context, status=400 if form.errors else 200)


def _saved(request: AuthenticatedHttpRequest, form: OpportunityForm, save: Any) -> Opportunity | None:
    """Save the form through `save`, or put the service's refusal on the form by its field."""
    if not form.is_valid():
        return None
    try:
        return save(dict(form.cleaned_data), form.lot_values)  # type: ignore[no-any-return]
    except DecisionError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from problem
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        return None


@access(SIGNED_IN, object_level=True)
def opportunity_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    councils = services.councils_for(request.user)
    if not councils:
        raise PermissionDenied("Council officers post their council's opportunities.")
    chosen = request.POST.get("council", "")
    council = next((found for found in councils if str(found.pk) == chosen), councils[0])
    form = OpportunityForm(request.POST or None)
    if request.method == "POST":
        opportunity = _saved(
            request,
            form,
            lambda values, lots: services.opportunity_create(
                user=request.user, council=council, values=values, lots=lots
            ),
        )
        if opportunity is not None:
            messages.success(
                request, f"{opportunity.title}: saved as a draft. Its fair-access check is below."
            )
            return redirect("funding:opportunity_detail", opportunity_id=opportunity.pk)
    return _form_page(request, form, None, councils=councils, council=council)


@access(SIGNED_IN, object_level=True)
def opportunity_edit(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_or_404(request, opportunity_id, keep=True)
    if opportunity.status != OpportunityStatus.DRAFT:
        messages.error(request, "A published opportunity cannot be changed: bidders rely on what it says.")
        return redirect("funding:opportunity_detail", opportunity_id=opportunity.pk)
    form = OpportunityForm(request.POST or None, initial=opportunity_initial(opportunity))
    if request.method == "POST":
        saved = _saved(
            request,
            form,
            lambda values, lots: services.opportunity_change(
                user=request.user, opportunity=opportunity, values=values, lots=lots
            ),
        )
        if saved is not None:
            messages.success(request, f"{saved.title}: saved.")
            return redirect("funding:opportunity_detail", opportunity_id=saved.pk)
    return _form_page(request, form, opportunity)


@access(PUBLIC)
def opportunity_detail(request: HttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_or_404(request, opportunity_id)
    keeper = may_keep_opportunity(request.user, opportunity)
    context: dict[str, Any] = {
        "opportunity": opportunity,
        "lots": list(opportunity.lots.all()),
        "area_names": areas_typed(opportunity.areas),
        "services": [services.service_labels().get(code, code) for code in opportunity.services],
        "keeper": keeper,
        "is_open": opportunity.status == OpportunityStatus.OPEN,
        "organisations": list(organisations_of(request.user)),
        "my_bids": [bid for bid in bids_for(request.user) if bid.opportunity_id == opportunity.pk],
        "publish_form": PublishForm(),
    }
    if keeper:
        if opportunity.status == OpportunityStatus.DRAFT:
            context["check"] = fair_access_check(opportunity, request.user)
        context["matches"] = matches_with_income(opportunity_matches(opportunity, limit=SHOWN_MATCHES))
    return render(request, "funding/opportunities/detail.html", context)


def _refused(request: HttpRequest, problem: DecisionError) -> None:
    if problem.not_allowed:
        raise PermissionDenied(str(problem)) from problem
    messages.error(request, str(problem))


@require_POST
@access(SIGNED_IN, object_level=True)
def opportunity_publish(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_or_404(request, opportunity_id, keep=True)
    form = PublishForm(request.POST)
    reason = str(form.cleaned_data["over_warnings"]) if form.is_valid() else ""
    try:
        published = services.opportunity_publish(
            user=request.user, opportunity=opportunity, over_warnings=reason
        )
    except DecisionError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from problem
        form.add_error(problem.field if problem.field in form.fields else None, str(problem))
        context = {
            "opportunity": opportunity,
            "lots": list(opportunity.lots.all()),
            "area_names": areas_typed(opportunity.areas),
            "services": [services.service_labels().get(code, code) for code in opportunity.services],
            "keeper": True,
            "check": fair_access_check(opportunity, request.user),
            "publish_form": form,
            "publish_problem": str(problem),
        }
        return render(request, "funding/opportunities/detail.html", context, status=400)
    messages.success(
        request,
        f"{opportunity.title}: published. {published.told} members of {published.organisations} "
        "organisations matched to it were emailed.",
    )
    return redirect("funding:opportunity_detail", opportunity_id=opportunity.pk)


@require_POST
@access(SIGNED_IN, object_level=True)
def opportunity_close(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_or_404(request, opportunity_id, keep=True)
    try:
        services.opportunity_close(user=request.user, opportunity=opportunity)
        messages.success(request, f"{opportunity.title}: closed to bids, ready to assess.")
    except DecisionError as problem:
        _refused(request, problem)
    return redirect("funding:opportunity_detail", opportunity_id=opportunity.pk)


@require_POST
@access(SIGNED_IN, object_level=True)
def opportunity_withdraw(request: AuthenticatedHttpRequest, opportunity_id: uuid.UUID) -> HttpResponse:
    opportunity = opportunity_or_404(request, opportunity_id, keep=True)
    try:
        services.opportunity_withdraw(
            user=request.user, opportunity=opportunity, reason=request.POST.get("reason", "")[:5000]
        )
        messages.success(request, f"{opportunity.title}: withdrawn.")
    except DecisionError as problem:
        _refused(request, problem)
    return redirect("funding:opportunity_detail", opportunity_id=opportunity.pk)
