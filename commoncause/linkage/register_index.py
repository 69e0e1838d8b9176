"""The blocking index over the organisations in the register (those not linked into another)."""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any  # raw SQL parameters and rows: whatever the database driver takes and gives
from uuid import UUID

from django.db import connection
from django.db.models import Model

from commoncause.linkage.canonical import canonical_org_id
from commoncause.linkage.index import Entry, MatchIndex, make_entry
from commoncause.register.models import Organisation, OrgIdentifier, OtherName

BATCH = 5_000


def _uuid(raw: object) -> UUID:
    return raw if isinstance(raw, UUID) else UUID(hex=str(raw))


def _rows(sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """Raw rows: a national register is read without building a model (or a UUID) per row.

    On PostgreSQL through a server-side cursor, so the rows are not all held at once either."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def _by_owner(model: type[Model], columns: str, owners: list[Any]) -> defaultdict[Any, list[tuple[Any, ...]]]:
    """Rows of `model`'s table for these organisations, by organisation, each's in the order written.

    The owners go to the database as read from it (no UUID made and converted back for each); to
    PostgreSQL as one array, which it plans and the driver sends far quicker than thousands of values."""
    if connection.vendor == "postgresql":
        where, params = "organisation_id = ANY(%s)", [owners]
    else:
        where, params = f"organisation_id IN ({', '.join(['%s'] * len(owners))})", owners
    sql = (
        f"SELECT organisation_id, {columns} FROM {model._meta.db_table} "  # noqa: S608  # nosec B608 # table and column names, not input
        f"WHERE {where} ORDER BY organisation_id, id"
    )
    found: defaultdict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for owner, *rest in _rows(sql, params):
        found[owner].append(tuple(rest))
    return found


def _entries() -> Iterator[Entry]:
    """Each organisation in the register (not linked into another) as the matcher sees it: names,
    postcode, web domain and canonical org-id; read a batch of organisations at a time."""
    query = (
        Organisation.objects.listed()
        .order_by()
        .values_list("pk", "name", "postcode", "website", "email", "legal_form", "status")
    )
    rows = _rows(*query.query.sql_with_params())
    while batch := list(itertools.islice(rows, BATCH)):
        # Owners are compared in the database's own form (a hex string on SQLite, a UUID on PostgreSQL).
        owners = [row[0] for row in batch]
        other_names = _by_owner(OtherName, "name", owners)
        held = _by_owner(OrgIdentifier, "org_id, is_primary", owners)
        for row in batch:
            yield _entry(row, other_names.get(row[0], []), held.get(row[0], []))


def _entry(row: tuple[Any, ...], other_names: list[tuple[Any, ...]], held: list[tuple[Any, ...]]) -> Entry:
    raw, name, postcode, website, email, legal_form, status = row
    org_ids, primary = [], ""
    for org_id, is_primary in held:
        org_ids.append(org_id)
        if is_primary:
            primary = org_id
    return make_entry(
        key=_uuid(raw),
        org_id=primary or next(iter(org_ids), "") or str(_uuid(raw)),
        name=name,
        other_names=[other for (other,) in other_names],
        postcode=postcode,
        website=website,
        email=email,
        kind=sys.intern(legal_form),  # a few dozen forms and statuses: each held once
        status=sys.intern(status),
        org_ids=org_ids,
    )


def organisation_entries() -> list[Entry]:
    """Each organisation in the register (not linked into another) as the matcher sees it."""
    return list(_entries())


def organisation_entry(organisation: Organisation, org_ids: list[str]) -> Entry:
    """One organisation in memory (just made, say) as the matcher sees it."""
    return make_entry(
        key=organisation.pk,
        org_id=canonical_org_id(org_ids) or str(organisation.pk),
        name=organisation.name,
        postcode=organisation.postcode,
        website=organisation.website,
        email=organisation.email,
        kind=organisation.legal_form,
        status=organisation.status,
        org_ids=list(org_ids),
    )


def register_index() -> MatchIndex:
    return MatchIndex(_entries())
