"""The blocking index over the organisations in the register (those not linked into another)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any  # raw SQL parameters and rows: whatever the database driver takes and gives
from uuid import UUID

from django.db import connection

from commoncause.linkage.canonical import canonical_org_id
from commoncause.linkage.index import Entry, MatchIndex, make_entry
from commoncause.register.models import Organisation, OrgIdentifier, OtherName

BATCH = 5_000


def _uuid(raw: object) -> UUID:
    return raw if isinstance(raw, UUID) else UUID(hex=str(raw))


def _rows(sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
    """Raw rows: a national register is read without building a model (or a UUID) per row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def organisation_entries() -> list[Entry]:
    """Each organisation in the register (not linked into another) as the matcher sees it: names,
    postcode, web domain and canonical org-id."""
    query = (
        Organisation.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("pk", "name", "postcode", "website", "email", "legal_form", "status")
    )
    sql, params = query.query.sql_with_params()
    rows = list(_rows(sql, list(params)))
    # Owners are compared in the database's own form (a hex string on SQLite, a UUID on PostgreSQL).
    other_names: defaultdict[object, list[str]] = defaultdict(list)
    identifiers: defaultdict[object, list[str]] = defaultdict(list)
    primary: dict[object, str] = {}
    names = OtherName.objects.order_by().values_list("organisation_id", "name")
    held = OrgIdentifier.objects.order_by().values_list("organisation_id", "org_id", "is_primary")
    for owner, name in _rows(*names.query.sql_with_params()):
        other_names[owner].append(name)
    for owner, org_id, is_primary in _rows(*held.query.sql_with_params()):
        identifiers[owner].append(org_id)
        if is_primary:
            primary[owner] = org_id
    return [
        make_entry(
            key=_uuid(raw),
            org_id=primary.get(raw) or next(iter(identifiers.get(raw, [])), "") or str(_uuid(raw)),
            name=name,
            other_names=other_names.get(raw, ()),
            postcode=postcode,
            website=website,
            email=email,
            kind=legal_form,
            status=status,
            org_ids=identifiers.get(raw, []),
        )
        for raw, name, postcode, website, email, legal_form, status in rows
    ]


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
    return MatchIndex(organisation_entries())
