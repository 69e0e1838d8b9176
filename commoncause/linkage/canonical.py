"""One canonical org-id per organisation, however many identifiers it holds.

The order of preference comes from the org-id register (`data/reference/uk-org-id-prefixes.csv`):
the primary charity registers first (GB-CHC, GB-SC, GB-NIC, as Find that Charity shows them), then the
other primary lists (Companies House, the mutuals register, schools registers), then secondary,
third-party and local lists, then prefixes the register does not know, and last the identifiers
made up where no register holds the body (GB-LOCAL-…, and 360G-… from grant files). The canonical
identifier is the one marked `is_primary`; pages and the API show it first. Both import write paths (the
shared writer and the CCEW fast path) choose it with `primary_flags` and `canonical_identifiers_refresh`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.db import transaction

from commoncause.register.identifiers import LOCAL_SCHEME
from commoncause.register.models import OrgIdentifier

CHARITY_REGISTERS = ("GB-CHC", "GB-SC", "GB-NIC")
LIST_TYPES = ("primary", "secondary", "third_party", "local")
MADE_UP = (LOCAL_SCHEME, "360G")
CHUNK = 500


@cache
def _ranks() -> dict[str, tuple[int, int]]:
    path = Path(settings.DATA_DIR) / "reference" / "uk-org-id-prefixes.csv"
    ranks: dict[str, tuple[int, int]] = {prefix: (0, n) for n, prefix in enumerate(CHARITY_REGISTERS)}
    with path.open(encoding="utf-8", newline="") as handle:
        for position, row in enumerate(csv.DictReader(handle)):
            kind = row["listType"].strip().replace("-", "_")
            group = 1 + (LIST_TYPES.index(kind) if kind in LIST_TYPES else len(LIST_TYPES))
            ranks.setdefault(row["code"].strip().upper(), (group, position))
    return ranks


def _prefix(org_id: str) -> str:
    parts = org_id.upper().split("-")
    return parts[0] if parts[0] == "360G" else "-".join(parts[:2])


def org_id_rank(org_id: str) -> tuple[int, int, str]:
    """Sort key: lower is preferred."""
    prefix = _prefix(org_id)
    if prefix in MADE_UP:
        return (99, MADE_UP.index(prefix), org_id)
    group, position = _ranks().get(prefix, (50, 0))
    return (group, position, org_id)


def canonical_org_id(org_ids: Iterable[str]) -> str:
    """The preferred one of an organisation's org-ids ('' for none)."""
    return min(org_ids, key=org_id_rank, default="")


def primary_flags(org_ids: Sequence[str]) -> list[bool]:
    """Whether each org-id of a new organisation is its primary one: the canonical one is, no other.

    Every importer marks a new organisation's identifiers with this as it inserts them; for an
    organisation that already held identifiers, `canonical_identifiers_refresh` applies the same rule."""
    if len(org_ids) == 1:  # most organisations: nothing to rank (a CCEW import asks 430,000 times)
        return [True]
    best = canonical_org_id(org_ids)
    return [org_id == best for org_id in org_ids]


@transaction.atomic
def canonical_identifiers_refresh(organisation_ids: Iterable[UUID]) -> int:
    """Mark each of these organisations' canonical org-id as its primary one; returns how many changed."""
    ids = list(organisation_ids)
    changed = 0
    for start in range(0, len(ids), CHUNK):
        held: dict[UUID, list[tuple[int, str, bool]]] = defaultdict(list)
        rows = OrgIdentifier.objects.filter(organisation_id__in=ids[start : start + CHUNK]).values_list(
            "organisation_id", "pk", "org_id", "is_primary"
        )
        for organisation_id, pk, org_id, is_primary in rows:
            held[organisation_id].append((pk, org_id, is_primary))
        promote, demote = [], []
        for identifiers in held.values():
            best = canonical_org_id(org_id for _, org_id, _ in identifiers)
            for pk, org_id, is_primary in identifiers:
                if org_id == best and not is_primary:
                    promote.append(pk)
                elif org_id != best and is_primary:
                    demote.append(pk)
        OrgIdentifier.objects.filter(pk__in=demote).update(is_primary=False)
        OrgIdentifier.objects.filter(pk__in=promote).update(is_primary=True)
        changed += len(promote)
    return changed
