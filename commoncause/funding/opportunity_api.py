"""Opportunities API: the grant rounds and contracts councils have published, as their pages show them
(a draft is its council's officers' alone, so never here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from commoncause.accounts.api_access import api_access
from commoncause.accounts.roles import PUBLIC
from commoncause.core.api_errors import ErrorOut
from commoncause.core.pagination import PageNumber, PageSize
from commoncause.funding.models import Opportunity, OpportunityStatus
from commoncause.register.downloads import csv_cell, csv_response, csv_writer, site_address, wants_csv

router = Router()
CSV_COLUMNS = (
    "id", "title", "kind", "route", "council", "status", "value", "duration_months", "opens", "closes",
    "lots", "example", "url",
)  # fmt: skip
CSV_CHUNK = 2_000


class LotOut(Schema):
    number: int
    title: str
    value: Decimal
    areas: list[str]  # GSS codes of wards


class CriterionOut(Schema):
    name: str
    weight: int  # percent; a published opportunity's add up to 100


class OpportunityOut(Schema):
    id: UUID
    title: str
    kind: Literal["grant", "contract"]
    route: Literal["strategic", "procurement"]
    route_reason: str
    council: str
    status: Literal["open", "closed", "awarded", "withdrawn"]
    summary: str
    value: Decimal  # pounds, for the whole term
    duration_months: int
    areas: list[str]
    opens: dt.date | None
    closes: dt.date | None
    lots: list[LotOut]
    criteria: list[CriterionOut]
    is_example: bool  # the demonstration's, on real organisations: no council offered it
    url: str


class OpportunityListOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[OpportunityOut]


def published(kind: str = "", status: str = "", council: str = "") -> QuerySet[Opportunity]:
    """The published opportunities, newest first, filtered by kind, stage and council (its slug)."""
    found = (
        Opportunity.objects.exclude(status=OpportunityStatus.DRAFT)
        .select_related("council")
        .prefetch_related("lots")
        .order_by("-published_at", "-created_at", "-id")
    )
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    if council:
        found = found.filter(council__slug=council)
    return found


def _out(opportunity: Opportunity, site: str) -> dict[str, object]:
    return {
        "id": opportunity.pk, "title": opportunity.title, "kind": opportunity.kind,
        "route": opportunity.route, "route_reason": opportunity.route_reason,
        "council": opportunity.council.name,
        "status": opportunity.status, "summary": opportunity.summary, "value": opportunity.value,
        "duration_months": opportunity.duration_months, "areas": list(opportunity.areas),
        "opens": opportunity.opens, "closes": opportunity.closes,
        "lots": [
            {"number": lot.number, "title": lot.title, "value": lot.value, "areas": list(lot.areas)}
            for lot in opportunity.lots.all()
        ],
        "criteria": [
            {"name": str(item.get("name", "")), "weight": int(item.get("weight", 0))}
            for item in opportunity.criteria
        ],
        "is_example": opportunity.is_example,
        "url": f"{site}/opportunities/{opportunity.pk}/",
    }  # fmt: skip


def _csv(found: QuerySet[Opportunity], site: str) -> Iterator[str]:
    writer = csv_writer()
    yield writer.writerow(CSV_COLUMNS)
    for opportunity in found.iterator(chunk_size=CSV_CHUNK):
        values = (
            opportunity.pk, opportunity.title, opportunity.kind, opportunity.route, opportunity.council.name,
            opportunity.status, opportunity.value, opportunity.duration_months, opportunity.opens or "",
            opportunity.closes or "", len(opportunity.lots.all()), "yes" if opportunity.is_example else "",
            f"{site}/opportunities/{opportunity.pk}/",
        )  # fmt: skip
        yield writer.writerow([csv_cell(value) for value in values])


@router.get(
    "",
    response={200: OpportunityListOut},
    summary="Published grant rounds and contracts",
    auth=api_access(PUBLIC),
)
def opportunities_list(
    request: HttpRequest,
    kind: Literal["", "grant", "contract"] = "",
    status: Literal["", "open", "closed", "awarded", "withdrawn"] = "",
    council: str = "",
    page: PageNumber = 1,
    page_size: PageSize = 20,
    format: Literal["json", "csv"] = "json",  # noqa: A002 (the parameter's published name)
) -> object:
    """`kind` a grant round or a contract, `status` its stage, `council` the council's short name (as in
    its pages' addresses). Newest first. With `format=csv`, or `Accept: text/csv`, every opportunity the
    filters leave comes as a CSV file."""
    # no council's short name holds a NUL character, which PostgreSQL cannot compare: it matches none
    found = published(kind, status, council.replace("\x00", "\ufffd").strip()[:80])
    site = site_address(request)
    if format == "csv" or wants_csv(request):
        return csv_response(_csv(found, site), "opportunities.csv")
    count = found.count()
    pages = max(1, -(-count // page_size))
    start = (page - 1) * page_size
    chosen = found[start : start + page_size] if page <= pages else []
    items = [_out(opportunity, site) for opportunity in chosen]
    return {"count": count, "page": page, "pages": pages, "page_size": page_size, "items": items}


@router.get(
    "/{opportunity_id}",
    response={200: OpportunityOut, 404: ErrorOut},
    summary="One published grant round or contract",
    auth=api_access(PUBLIC),
)
def opportunity_get(request: HttpRequest, opportunity_id: UUID) -> object:
    found = published().filter(pk=opportunity_id).first()
    if found is None:
        raise Http404("No published opportunity has this id.")
    return _out(found, site_address(request))
