"""Reads about grants: lists by funder or recipient, and what an organisation has received."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from commoncause.funding.models import Grant
from commoncause.matching.track import Track
from commoncause.register.models import Organisation

TOTAL_CURRENCY = "GBP"  # totals add up grants in pounds; grants in other currencies are counted only


def grants_of(
    *, funder: Organisation | None = None, recipient: Organisation | None = None
) -> QuerySet[Grant]:
    """Grants, newest award first, made by `funder` and/or received by `recipient`."""
    grants = Grant.objects.select_related("funder", "recipient")
    if funder is not None:
        grants = grants.filter(funder=funder)
    if recipient is not None:
        grants = grants.filter(recipient=recipient)
    return grants.order_by("-award_date", "grant_id")


def grant_by_id(grant_id: str) -> Grant | None:
    """The grant its publisher gave this identifier (360G-…), with its funder and recipient."""
    return Grant.objects.select_related("funder", "recipient").filter(grant_id=grant_id).first()


def grants_received_summary(organisation: Organisation) -> dict[str, int | Decimal]:
    """How many grants the organisation received, and their total in pounds."""
    found = Grant.objects.filter(recipient=organisation).aggregate(
        count=Count("pk"), total=Sum("amount_awarded", filter=Q(currency=TOTAL_CURRENCY))
    )
    return {"count": found["count"], "total": found["total"] or Decimal(0)}


@dataclass(frozen=True)
class FunderYear:
    funder: str
    year: int
    total: Decimal
    count: int


def received_by_funder_and_year(organisation: Organisation) -> list[FunderYear]:
    """Grants received in pounds, added up by funder and by the year of the award, oldest year first."""
    rows = (
        Grant.objects.filter(recipient=organisation, currency=TOTAL_CURRENCY)
        .values("funder_name", "award_date__year")
        .annotate(total=Sum("amount_awarded"), count=Count("pk"))
        .order_by("award_date__year", "funder_name")
    )
    return [FunderYear(r["funder_name"], r["award_date__year"], r["total"], r["count"]) for r in rows]


def grants_made_summary(organisation: Organisation) -> dict[str, int | Decimal]:
    """How many grants the organisation made, and their total in pounds."""
    found = Grant.objects.filter(funder=organisation).aggregate(
        count=Count("pk"), total=Sum("amount_awarded", filter=Q(currency=TOTAL_CURRENCY))
    )
    return {"count": found["count"], "total": found["total"] or Decimal(0)}


def grants_track_records() -> dict[UUID, Track]:
    """Each recipient's grants, counted, with what they were for (titles and descriptions), for
    matching's track record (the demo's examples are no record of anything)."""
    counts: dict[UUID, int] = {}
    texts: dict[UUID, list[str]] = {}
    rows = (
        Grant.objects.exclude(recipient=None)
        .filter(is_example=False)
        .values_list("recipient_id", "title", "description")
    )
    for recipient, title, description in rows.iterator(chunk_size=5_000):
        counts[recipient] = counts.get(recipient, 0) + 1
        texts.setdefault(recipient, []).append(f"{title} {description}")
    return {recipient: Track(count, " ".join(texts[recipient])) for recipient, count in counts.items()}
