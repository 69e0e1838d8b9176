"""The blocking index over the organisations in the register (those not linked into another)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from commoncause.register.matching.index import Entry, MatchIndex, make_entry
from commoncause.register.models import Organisation, OrgIdentifier, OtherName

BATCH = 5_000


def organisation_entries(organisation_ids: Iterable[UUID] | None = None) -> list[Entry]:
    """Each organisation as the matcher sees it: names, postcode, web domain and canonical org-id."""
    organisations = Organisation.objects.filter(merged_into__isnull=True)
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
    rows = list(
        organisations.values_list("pk", "name", "postcode", "website", "email", "legal_form", "status")
    )
    wanted = None if organisation_ids is None else [row[0] for row in rows]
    other_names: defaultdict[UUID, list[str]] = defaultdict(list)
    identifiers: defaultdict[UUID, list[str]] = defaultdict(list)
    primary: dict[UUID, str] = {}
    names = OtherName.objects.values_list("organisation_id", "name")
    held = OrgIdentifier.objects.values_list("organisation_id", "org_id", "is_primary")
    if wanted is not None:
        names, held = names.filter(organisation_id__in=wanted), held.filter(organisation_id__in=wanted)
    for owner, name in names.iterator(chunk_size=BATCH):
        other_names[owner].append(name)
    for owner, org_id, is_primary in held.iterator(chunk_size=BATCH):
        identifiers[owner].append(org_id)
        if is_primary:
            primary[owner] = org_id
    return [
        make_entry(
            key=pk,
            org_id=primary.get(pk) or next(iter(identifiers.get(pk, [])), "") or str(pk),
            name=name,
            other_names=other_names.get(pk, ()),
            postcode=postcode,
            website=website,
            email=email,
            kind=legal_form,
            status=status,
            org_ids=identifiers.get(pk, []),
        )
        for pk, name, postcode, website, email, legal_form, status in rows
    ]


def register_index() -> MatchIndex:
    return MatchIndex(organisation_entries())
