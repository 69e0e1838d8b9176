"""Pages of a bid's documents and its full cost. Thin: parse, call `documents` / `bid_full_cost`, render.

A document is only ever a download: `Content-Disposition: attachment`, its content type as found when
it was uploaded, `nosniff`, a sandboxing content security policy that lets nothing run, and no caching.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from commoncause.accounts.access import SIGNED_IN, AuthenticatedHttpRequest, access
from commoncause.funding import documents as service
from commoncause.funding.access import may_edit_bid
from commoncause.funding.bid_forms import DocumentForm, FullCostForm
from commoncause.funding.bid_full_cost import bid_full_cost_save, bid_price_check
from commoncause.funding.bid_views import bid_or_404, detail_page, editable_or_refused, refusal_shown
from commoncause.funding.bids import BidError
from commoncause.funding.models import Bid, BidDocument

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


@require_POST
@access(SIGNED_IN, object_level=True)
def bid_document_upload(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = editable_or_refused(request, bid_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = service.document_add(
                user=request.user, bid=bid, uploaded_file=form.cleaned_data["file"]
            )
        except BidError as problem:
            refusal_shown(problem, form)
        else:
            messages.success(request, f"{document.name} is attached.")
            return redirect("funding:bid_detail", bid_id=bid.pk)
    return detail_page(request, bid, status=400, document_form=form)


@require_POST
@access(SIGNED_IN, object_level=True)
def bid_document_remove(request: AuthenticatedHttpRequest, bid_id: UUID, document_id: int) -> HttpResponse:
    bid = editable_or_refused(request, bid_id)
    document = get_object_or_404(BidDocument, pk=document_id, bid=bid)
    try:
        service.document_remove(user=request.user, bid=bid, document=document)
    except BidError as problem:
        raise PermissionDenied(str(problem)) from None
    messages.success(request, f"{document.name} is removed.")
    return redirect("funding:bid_detail", bid_id=bid.pk)


@require_GET
@access(SIGNED_IN, object_level=True)
def bid_document(request: AuthenticatedHttpRequest, bid_id: UUID, document_id: int) -> FileResponse:
    bid = bid_or_404(request, bid_id)
    document = get_object_or_404(BidDocument, pk=document_id, bid=bid)
    try:
        handle = service.document_path(document).open("rb")
    except (OSError, ValueError):
        raise Http404("The document's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=service.download_name(document),
        content_type=document.content_type,
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    response["Content-Disposition"] = attachment_header(service.download_name(document))
    return response


PLAIN_NAME = re.compile(r"[\w .()-]+", re.ASCII)


def attachment_header(name: str) -> str:
    """`attachment` with the file's name: as it is when it is plain letters, digits and punctuation,
    otherwise only percent-encoded (RFC 6266's `filename*`), so no markup or quote is ever sent raw."""
    if PLAIN_NAME.fullmatch(name):
        return f'attachment; filename="{name}"'
    return f"attachment; filename*=utf-8''{quote(name, safe='')}"


def _initial(bid: Bid) -> dict[str, Any]:
    inputs = bid.full_cost.get("inputs") or {}
    initial: dict[str, Any] = {"direct_costs": inputs.get("direct_costs")}
    for category, amount in (inputs.get("overheads") or {}).items():
        initial[f"overhead_{category}"] = amount
    for driver, measure in (inputs.get("measures") or {}).items():
        initial[f"measure_{driver}_organisation"] = measure.get("organisation")
        initial[f"measure_{driver}_project"] = measure.get("project")
    return initial


@access(SIGNED_IN, object_level=True)
def bid_full_cost(request: AuthenticatedHttpRequest, bid_id: UUID) -> HttpResponse:
    bid = bid_or_404(request, bid_id)
    editor = may_edit_bid(request.user, bid)
    if request.method == "POST" and not editor:
        raise PermissionDenied(
            "Only the lead organisation's members work out a bid's full cost, while it is a draft."
        )
    form = FullCostForm(request.POST or None, initial=_initial(bid))
    if request.method == "POST" and form.is_valid():
        try:
            bid_full_cost_save(
                user=request.user, bid=bid, direct_costs=form.cleaned_data["direct_costs"],
                overheads=form.overheads(), measures=form.measures(),
            )  # fmt: skip
        except BidError as problem:
            refusal_shown(problem, form)
        else:
            messages.success(request, "The full cost is worked out.")
            return redirect("funding:bid_full_cost", bid_id=bid.pk)
    context = {"bid": bid, "form": form, "editor": editor, "breakdown": bid.full_cost or None,
               "price_check": bid_price_check(bid)}  # fmt: skip
    return render(request, "funding/bids/full_cost.html", context, status=400 if form.errors else 200)
