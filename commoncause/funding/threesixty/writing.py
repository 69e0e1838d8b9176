"""The checked grants of a 360Giving file written in batches, read from the file once more.

Each batch resolves its grants' funders and recipients (writing the organisations new to the register
first), looks up which of its grants the register holds already, and writes the new and the changed
ones; so a file of any size is written holding one batch of grants at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import reset_queries

from commoncause.funding.models import Grant
from commoncause.funding.threesixty.files import GrantFile
from commoncause.funding.threesixty.parties import Parties
from commoncause.funding.threesixty.schema import award_date
from commoncause.sources.base import ImportContext
from commoncause.sources.shortened import Shortened, text_limits
from commoncause.sources.values import prose

CHUNK = 500  # grants looked up per query
BATCH = 5_000  # grants read, resolved and written together
_LIMITS = text_limits(Grant)
ROWS = 1_000  # rows per INSERT or UPDATE statement
UPDATED = (
    "title", "description", "currency", "amount_awarded", "award_date", "programme", "funder", "recipient",
    "funder_org_id", "funder_name", "recipient_org_id", "recipient_name", "data", "source_file",
)  # fmt: skip


def grants_write(
    grant_file: GrantFile, *, skip: set[int], valid: int, parties: Parties, ctx: ImportContext
) -> None:
    """Write every grant of the file but those numbered in `skip` (from 1), `valid` of them in all."""
    grants = (grant for number, grant in enumerate(grant_file.grants(), start=1) if number not in skip)
    shown = ctx.progress(grants, description=f"Writing {grant_file.path.name}", total=valid, unit="grant")
    shortened = Shortened()
    while batch := list(itertools.islice(shown, BATCH)):
        _batch_write(batch, grant_file.path.name, parties, ctx, shortened)
        reset_queries()  # with DEBUG on, Django keeps every statement: a batch's inserts are megabytes
    if note := shortened.note():
        ctx.notes.append(note)


def _batch_write(
    grants: list[dict[str, Any]], file_name: str, parties: Parties, ctx: ImportContext, shortened: Shortened
) -> None:
    values = [
        _fit(_values(grant, file_name, parties), f"{file_name}, grant {grant['id']}", shortened)
        for grant in grants
    ]
    parties.save()
    existing = _existing([grant["id"] for grant in grants])
    new: list[Grant] = []
    changed: list[Grant] = []
    for grant, fields in zip(grants, values, strict=True):
        found = existing.get(grant["id"])
        if found is None:
            new.append(Grant(grant_id=grant["id"], **fields))
            parties.touch(fields["funder_id"], fields["recipient_id"])
        elif any(getattr(found, key) != value for key, value in fields.items()):
            # Both the parties it had and those it has now show it (in search, the funder facet).
            parties.touch(found.funder_id, found.recipient_id, fields["funder_id"], fields["recipient_id"])
            for key, value in fields.items():
                setattr(found, key, value)
            changed.append(found)
        else:
            ctx.counts.unchanged += 1
    Grant.objects.bulk_create(new, batch_size=ROWS)
    Grant.objects.bulk_update(changed, [*UPDATED], batch_size=ROWS)
    ctx.counts.created += len(new)
    ctx.counts.updated += len(changed)


def _existing(ids: Iterable[str]) -> dict[str, Grant]:
    """The grants the register holds already among these, by id."""
    wanted = list(ids)
    return {
        found.grant_id: found
        for start in range(0, len(wanted), CHUNK)  # a query's parameters are limited (SQLite: 32,766)
        for found in Grant.objects.filter(grant_id__in=wanted[start : start + CHUNK])
    }


def _values(grant: dict[str, Any], file_name: str, parties: Parties) -> dict[str, Any]:
    """A grant's fields as the register holds them, its funder and recipient found or made."""
    funder = grant["fundingOrganization"][0]
    recipient = (grant.get("recipientOrganization") or [{}])[0]
    return {
        "title": prose(str(grant.get("title", ""))),
        "description": prose(str(grant.get("description", ""))),
        "currency": grant["currency"],
        "amount_awarded": _amount(grant["amountAwarded"]),
        "award_date": award_date(grant["awardDate"]),
        "programme": str((grant.get("grantProgramme") or [{}])[0].get("title", "")),
        # Compared and written by key: reading a grant's funder would cost a query per grant.
        "funder_id": parties.resolve(funder),
        "recipient_id": parties.resolve(recipient) if recipient.get("id") else None,
        "funder_org_id": str(funder.get("id", "")),
        "funder_name": prose(str(funder.get("name", ""))),
        "recipient_org_id": str(recipient.get("id", "")),
        "recipient_name": prose(str(recipient.get("name", ""))),
        "data": grant,
        "source_file": file_name,
    }


def _fit(values: dict[str, Any], where: str, shortened: Shortened) -> dict[str, Any]:
    """The grant's text values cut to fit their fields, counted (`Shortened`)."""
    for name, value in values.items():
        limit = _LIMITS.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            values[name] = shortened.fit(value, limit, field=name, where=where)
    return values


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:  # the schema has checked it is a number
        return Decimal(0)
