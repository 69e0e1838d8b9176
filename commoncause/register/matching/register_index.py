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
    wanted = None if organisation_ids is None else {row[0] for row in rows}
    other_names: defaultdict[UUID, list[str]] = defaultdict(list)
    org_ids: dict[UUID, str] = {}
    names = OtherName.objects.values_list("organisation_id", "name")
    primary = OrgIdentifier.objects.filter(is_primary=True).values_list("organisation_id", "org_id")
    for query, keep in ((names, other_names), (primary, org_ids)):
        if wanted is not None:
            query = query.filter(organisation_id__in=list(wanted))
        for owner, value in query.iterator(chunk_size=BATCH):
            if isinstance(keep, defaultdict):
                keep[owner].append(value)
            else:
                keep[owner] = value
    return [
        make_entry(
            key=pk,
            org_id=org_ids.get(pk, ""),
            name=name,
            other_names=other_names.get(pk, ()),
            postcode=postcode,
            website=website,
            email=email,
            kind=legal_form,
            status=status,
        )
        for pk, name, postcode, website, email, legal_form, status in rows
    ]


def register_index() -> MatchIndex:
    return MatchIndex(organisation_entries())
