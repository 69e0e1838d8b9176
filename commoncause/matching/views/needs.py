"""Needs' pages: the list, posting and changing a need, and a need's page with its ranked matches,
"why not?" and its approaches."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.pagination import pagination_links
from commoncause.matching import needs as need_services
from commoncause.matching.exchange import offers_for_need
from commoncause.matching.forms import NeedForm, areas_typed
from commoncause.matching.models import Need, NeedStatus
from commoncause.matching.need_pages import need_matches, need_review, why_not
from commoncause.matching.selectors import (
    approaches_of_need,
    may_keep_need,
    may_post_needs,
    may_see_need,
    need_poster,
    needs_for,
    organisations_of,
)
from commoncause.register.models import Organisation

DECISIONS = {"accept": True, "decline": False}  # a form's decision; anything else says neither
NEEDS_PER_PAGE = 50


@access(PUBLIC)
def need_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(needs_for(request.user), NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "needs": page.object_list,
        "page": page,
        "pagination": pagination_links(request.GET, page=page.number, pages=page.paginator.num_pages),
        "may_post": may_post_needs(request.user),
    }
    return render(request, "matching/need_list.html", context)


@access(SIGNED_IN, object_level=True)
def need_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_post_needs(request.user):
        raise PermissionDenied("Council officers, curators and organisations' members post needs.")
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            poster = need_poster(
                request.user, poster_kind=values["poster_kind"], chosen=request.POST.get("organisation", "")
            )
        except ValueError as problem:
            form.add_error("poster_kind", str(problem))
        else:
            need = need_services.need_post(user=request.user, values=values, **poster)
            messages.success(request, f"{need.title}: posted.")
            return redirect("matching:need_detail", need_id=need.pk)
    context = {"form": form, "organisations": organisations_of(request.user), "need": None}
    return render(request, "matching/need_form.html", context, status=400 if form.errors else 200)


def need_or_404(request: HttpRequest, need_id: uuid.UUID, *, keep: bool = False) -> Need:
    need = get_object_or_404(Need.objects.select_related("council", "organisation"), pk=need_id)
    allowed = may_keep_need(request.user, need) if keep else may_see_need(request.user, need)
    if not allowed:
        raise Http404("No such need.")
    return need


@access(SIGNED_IN, object_level=True)
def need_edit(request: AuthenticatedHttpRequest, need_id: uuid.UUID) -> HttpResponse:
    need = need_or_404(request, need_id, keep=True)
    initial = {name: getattr(need, name) for name in need_services.FIELDS}
    initial["areas"] = areas_typed(need.areas)
    initial["legal_forms"] = ", ".join(need.legal_forms)
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        need_services.need_change(user=request.user, need=need, values=form.cleaned_data)
        messages.success(request, f"{need.title}: changed.")
        return redirect("matching:need_detail", need_id=need.pk)
    context = {"form": form, "need": need, "organisations": []}
    return render(request, "matching/need_form.html", context, status=400 if form.errors else 200)


@access(PUBLIC, object_level=True)
def need_detail(request: HttpRequest, need_id: uuid.UUID) -> HttpResponse:
    """Anyone sees an open need; only its keepers see its matches, "why not?" and approaches."""
    need = need_or_404(request, need_id)
    context: dict[str, Any] = {"need": need, "keeper": may_keep_need(request.user, need)}
    if context["keeper"]:
        asked = request.GET.get("why", "")
        context["matches"] = need_matches(need)
        context["approaches"] = approaches_of_need(need)
        context["why_not"] = why_not(need, asked) if asked.strip() else None
        context["fits"] = offers_for_need(need)
        context.update(need_review(need, request.user))
    context["area_names"] = areas_typed(need.areas)
    context["open"] = need.status == NeedStatus.OPEN
    return render(request, "matching/need_detail.html", context)


def organisation_from_post(request: HttpRequest) -> Organisation | None:
    try:
        return Organisation.objects.filter(pk=uuid.UUID(request.POST.get("organisation", ""))).first()
    except ValueError:
        return None
