"""Grants API: grants published in the 360Giving standard, by funder and by recipient."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, TypedDict
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import P, QueryEx, Router, Schema

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import ErrorOut
from commoncause.core.pagination import PageNumber, PageSize
from commoncause.funding.browse import grant_filters, grants_csv, grants_filtered
from commoncause.funding.models import Grant
from commoncause.register.downloads import csv_response, site_address, wants_csv
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier

router = Router()


class PartyOut(Schema):
    id: UUID | None  # the organisation in the register
    org_id: str  # its canonical org-id, or the id the funder published
    name: str


class GrantOut(Schema):
    id: str
    title: str
    amount_awarded: Decimal
    currency: str
    award_date: dt.date
    funder: PartyOut
    recipient: PartyOut | None


class GrantListOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[GrantOut]


class _Party(TypedDict):
    """A `PartyOut`, as built here."""

    id: UUID | None
    org_id: str
    name: str


class _Grant(TypedDict):
    """A `GrantOut`, as built here."""

    id: str
    title: str
    amount_awarded: Decimal
    currency: str
    award_date: dt.date
    funder: _Party | None
    recipient: _Party | None


def _party(organisation: Organisation | None, org_id: str, name: str) -> _Party | None:
    if organisation is None and not org_id:
        return None
    if organisation is None:
        return {"id": None, "org_id": org_id, "name": name}
    primary = next((i.org_id for i in organisation.identifiers.all() if i.is_primary), org_id)
    return {"id": organisation.pk, "org_id": primary, "name": organisation.name}


def _grant(grant: Grant) -> _Grant:
    return {
        "id": grant.grant_id,
        "title": grant.title,
        "amount_awarded": grant.amount_awarded,
        "currency": grant.currency,
        "award_date": grant.award_date,
        "funder": _party(grant.funder, grant.funder_org_id, grant.funder_name),
        "recipient": _party(grant.recipient, grant.recipient_org_id, grant.recipient_name),
    }


@router.get(
    "",
    response={200: GrantListOut, 400: ErrorOut, 404: ErrorOut},
    summary="Grants by funder and recipient",
    auth=api_access(PUBLIC),
    operation_id="commoncause_register_api_grants_grants_list",  # as published before the code moved
)
def grants_list(
    request: HttpRequest,
    funder: str = "",
    recipient: str = "",
    # Optional, yet not nullable: the description offers no `null` (an empty value is no number either).
    year: QueryEx[int, P(ge=1900, le=2200)] = None,  # type: ignore[assignment]
    # Read as exact amounts (Decimal) by grant_filters; described here as the numbers they are.
    min_amount: QueryEx[float, P(ge=0, allow_inf_nan=False)] = None,  # type: ignore[assignment]
    max_amount: QueryEx[float, P(ge=0, allow_inf_nan=False)] = None,  # type: ignore[assignment]
    page: PageNumber = 1,
    page_size: PageSize = 20,
    format: Literal["json", "csv"] = "json",  # noqa: A002 (the parameter's published name)
) -> object:
    """`funder` and `recipient` are org-ids (any case) or UUIDs of organisations in the register; `year`
    the year of award; `min_amount` and `max_amount` bound the amount awarded. Newest award first.

    With `format=csv`, or `Accept: text/csv`, every grant the filters leave (not a page) comes as a CSV
    file, streamed: the same file as the grants page's download."""
    # No identifier holds a NUL character, which PostgreSQL cannot compare: such a one matches none.
    params = {
        name: [value.replace("\x00", "\ufffd") for value in values] for name, values in request.GET.lists()
    }
    for name in ("funder", "recipient"):
        key = (params.get(name) or [""])[-1].strip()
        if key and organisation_by_identifier(key) is None:
            raise Http404(f"No organisation has the identifier {key[:80]} ({name}).")
    grants = grants_filtered(grant_filters(params))
    if format == "csv" or wants_csv(request):
        return csv_response(grants_csv(grants, site_address(request)), "grants.csv")
    count = grants.count()
    pages = max(1, -(-count // page_size))
    start = (page - 1) * page_size
    # A page past the last is empty (its offset is never sent: a database refuses one that large).
    chosen = (
        grants.prefetch_related("funder__identifiers", "recipient__identifiers")[start : start + page_size]
        if page <= pages
        else []
    )
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": page_size,
        "items": [_grant(g) for g in chosen],
    }
