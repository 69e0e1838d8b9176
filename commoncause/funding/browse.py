"""Browsing grants: filters (funder, recipient, year, amount), their totals, and every grant as CSV.

One set of filters serves the grants page, its CSV and `GET /api/v1/grants`, so they always agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from commoncause.funding.models import Grant
from commoncause.funding.selectors import TOTAL_CURRENCY, grants_of
from commoncause.register.downloads import csv_cell, csv_writer
from commoncause.register.models import Organisation
from commoncause.register.search.types import SearchParameterError
from commoncause.register.selectors import organisation_by_identifier

CSV_CHUNK = 2_000
CSV_COLUMNS = (
    "id", "title", "amount_awarded", "currency", "award_date", "programme", "funder_org_id", "funder_name",
    "recipient_org_id", "recipient_name", "url",
)  # fmt: skip


@dataclass(frozen=True)
class GrantFilters:
    """What a person narrowed the grants to (organisations found from the org-ids or UUIDs they gave)."""

    funder: Organisation | None = None
    recipient: Organisation | None = None
    year: int | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None

    def query_string(self) -> dict[str, str]:
        """The filters as parameters again (for links to the CSV and to other pages)."""
        found = {
            "funder": _key(self.funder),
            "recipient": _key(self.recipient),
            "year": str(self.year or ""),
            "min_amount": _plain(self.min_amount),
            "max_amount": _plain(self.max_amount),
        }
        return {name: value for name, value in found.items() if value}


def _key(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    primary = next((i.org_id for i in organisation.identifiers.all() if i.is_primary), "")
    return primary or str(organisation.pk)


def _plain(amount: Decimal | None) -> str:
    return "" if amount is None else format(amount.normalize(), "f")


def _one(params: Mapping[str, list[str]], name: str) -> str:
    values = [value.strip() for value in params.get(name, []) if value.strip()]
    if len(values) > 1:
        raise SearchParameterError(name, "give this parameter once")
    return values[0] if values else ""


def _organisation(params: Mapping[str, list[str]], name: str) -> Organisation | None:
    key = _one(params, name)
    if not key:
        return None
    found = organisation_by_identifier(key)
    if found is None:
        raise SearchParameterError(name, f"no organisation has the identifier {key[:80]!r}")
    return found


def _amount(params: Mapping[str, list[str]], name: str) -> Decimal | None:
    text = _one(params, name).replace(",", "").removeprefix("£")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise SearchParameterError(name, f"'{text[:40]}' is not an amount of money") from None
    if not amount.is_finite() or amount < 0:
        raise SearchParameterError(name, f"'{text[:40]}' is not an amount of money")
    return amount


def grant_filters(params: Mapping[str, list[str]]) -> GrantFilters:
    """Filters from request parameters (each a list, as in a QueryDict); an unclear one raises, named."""
    year_text = _one(params, "year")
    if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2200):
        raise SearchParameterError("year", f"'{year_text[:40]}' is not a year")
    filters = GrantFilters(
        funder=_organisation(params, "funder"),
        recipient=_organisation(params, "recipient"),
        year=int(year_text) if year_text else None,
        min_amount=_amount(params, "min_amount"),
        max_amount=_amount(params, "max_amount"),
    )
    if (
        filters.min_amount is not None
        and filters.max_amount is not None
        and filters.min_amount > filters.max_amount
    ):
        raise SearchParameterError("max_amount", "must be at least the smallest amount")
    return filters


def grants_filtered(filters: GrantFilters) -> QuerySet[Grant]:
    """The grants the filters leave, newest award first."""
    grants = grants_of(funder=filters.funder, recipient=filters.recipient)
    if filters.year is not None:
        grants = grants.filter(award_date__year=filters.year)
    if filters.min_amount is not None:
        grants = grants.filter(amount_awarded__gte=filters.min_amount)
    if filters.max_amount is not None:
        grants = grants.filter(amount_awarded__lte=filters.max_amount)
    return grants


@dataclass(frozen=True)
class GrantTotals:
    count: int
    total: Decimal  # in pounds (grants in other currencies are counted, not added)
    funders: int
    recipients: int
    first: object  # the earliest award date, or None
    last: object


def grant_totals(grants: QuerySet[Grant]) -> GrantTotals:
    found = grants.order_by().aggregate(
        count=Count("pk"),
        total=Sum("amount_awarded", filter=Q(currency=TOTAL_CURRENCY)),
        funders=Count("funder", distinct=True),
        recipients=Count("recipient", distinct=True),
        first=Min("award_date"),
        last=Max("award_date"),
    )
    return GrantTotals(
        count=found["count"],
        total=found["total"] or Decimal(0),
        funders=found["funders"],
        recipients=found["recipients"],
        first=found["first"],
        last=found["last"],
    )


def award_years() -> list[int]:
    """The years in which the register's grants were awarded, newest first (for the year filter)."""
    dates = Grant.objects.order_by().dates("award_date", "year", order="DESC")
    return [day.year for day in dates]


def funders() -> list[tuple[str, str]]:
    """(org-id, name) of every funder whose grants the register holds, by name (for the funder filter)."""
    held = (
        Organisation.objects.filter(grants_made__isnull=False)
        .distinct()
        .prefetch_related("identifiers")
        .order_by("name")
    )
    return [(_key(organisation), organisation.name) for organisation in held]


def grants_csv(grants: QuerySet[Grant], site: str) -> Iterator[str]:
    """Every grant of `grants` as CSV, line by line, read a chunk at a time in the list's order."""
    writer = csv_writer()
    yield writer.writerow(CSV_COLUMNS)
    fields = (
        "pk", "grant_id", "title", "amount_awarded", "currency", "award_date", "programme", "funder_org_id",
        "funder_name", "recipient_org_id", "recipient_name",
    )  # fmt: skip
    for row in grants.values_list(*fields).iterator(chunk_size=CSV_CHUNK):
        _pk, grant_id, *rest = row
        values = (grant_id, *rest, f"{site}/grants/{grant_id}/")
        yield writer.writerow([csv_cell(value) for value in values])
