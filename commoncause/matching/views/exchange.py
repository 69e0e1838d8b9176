"""The resource-exchange board's pages: the board (with offers ranked for what is asked), posting an
offer, an offer's page (ask to book it; its keepers answer requests and may close it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.matching import exchange
from commoncause.matching.forms import BookingForm, OfferForm, areas_typed, clean_areas_text
from commoncause.matching.models import BookingRequest, Offer, OfferKind
from commoncause.matching.selectors import organisations_of
from commoncause.matching.views.needs import DECISIONS


@access(SIGNED_IN)
def exchange_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in OfferKind.values else ""
    words = request.GET.get("q", "")[:500]
    codes = clean_areas_text(request.GET.get("area", "")[:500])
    context = {
        "fits": exchange.offers_for(kind=kind, areas=codes, text=words),
        "kinds": OfferKind.choices,
        "kind": kind,
        "q": words,
        "area": request.GET.get("area", "")[:500],
        "asked": bool(kind or words or codes),
    }
    return render(request, "matching/exchange_board.html", context)


def _organisation_chosen(request: AuthenticatedHttpRequest) -> Any:
    chosen = request.POST.get("organisation", "")
    return next((org for org in organisations_of(request.user) if str(org.pk) == chosen), None)


@access(SIGNED_IN, object_level=True)
def offer_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = list(organisations_of(request.user))
    by_name = exchange.may_offer_by_name(request.user)
    if not organisations and not by_name:
        raise PermissionDenied("Organisations' members, officers and curators post offers.")
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = exchange.offer_post(
                user=request.user, values=form.cleaned_data, organisation=_organisation_chosen(request)
            )
        except exchange.ExchangeError as problem:
            form.add_error("offered_by_name" if by_name else None, str(problem))
        else:
            messages.success(request, f"{offer.title} is on the board.")
            return redirect("matching:offer_detail", offer_id=offer.pk)
    context = {"form": form, "organisations": organisations, "by_name": by_name}
    return render(request, "matching/offer_form.html", context, status=400 if form.errors else 200)


def _bookings_seen(request: AuthenticatedHttpRequest, offer: Offer, keeper: bool) -> Any:
    bookings = offer.bookings.select_related("organisation")
    return bookings if keeper else bookings.filter(organisation__in=organisations_of(request.user))


@access(SIGNED_IN, object_level=True)
def offer_detail(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("organisation"), pk=offer_id)
    keeper = exchange.may_keep_offer(request.user, offer)
    organisations = list(organisations_of(request.user))
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = _organisation_chosen(request)
        if organisation is None:
            raise PermissionDenied("Ask on behalf of one of your organisations.")
        try:
            exchange.booking_request(
                user=request.user, offer=offer, organisation=organisation, values=form.cleaned_data,
                base_url=request.build_absolute_uri("/"),
            )  # fmt: skip
        except exchange.ExchangeError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, f"Your request is sent to {offer.offered_by}.")
            return redirect("matching:offer_detail", offer_id=offer.pk)
    context = {
        "offer": offer,
        "keeper": keeper,
        "form": form,
        "organisations": organisations,
        "bookings": _bookings_seen(request, offer, keeper),
        "area_names": areas_typed(offer.areas),
    }
    return render(request, "matching/offer_detail.html", context, status=400 if form.errors else 200)


@access(SIGNED_IN, object_level=True)
@require_POST
def offer_close(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """Its keepers take the offer off the board; anyone else may see the offer but not close it."""
    offer = get_object_or_404(Offer.objects.select_related("organisation"), pk=offer_id)
    try:
        exchange.offer_close(user=request.user, offer=offer)
    except exchange.ExchangeError as problem:
        if problem.not_allowed:
            raise PermissionDenied(str(problem)) from None
        messages.error(request, str(problem))
    else:
        messages.success(request, f"{offer.title} is closed: it is no longer on the board.")
    return redirect("matching:offer_detail", offer_id=offer.pk)


@access(SIGNED_IN, object_level=True)
@require_POST
def booking_decide(request: AuthenticatedHttpRequest, booking_id: int) -> HttpResponse:
    booking = get_object_or_404(BookingRequest.objects.select_related("offer", "organisation"), pk=booking_id)
    accept = DECISIONS.get(request.POST.get("decision", ""))
    try:
        exchange.booking_decide(
            user=request.user, booking=booking, accept=accept, reason=request.POST.get("reason", ""),
            base_url=request.build_absolute_uri("/"),
        )  # fmt: skip
    except exchange.ExchangeError as problem:
        if problem.not_allowed:
            raise Http404("No such request.") from None
        messages.error(request, str(problem))
    else:
        messages.success(
            request, f"The request of {booking.organisation.name}: {booking.get_status_display().lower()}."
        )
    return redirect("matching:offer_detail", offer_id=booking.offer_id)
