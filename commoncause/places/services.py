"""Writes of the places app: placing organisations in their wards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from commoncause.places.models import OrganisationPlace, Postcode
from commoncause.places.placement import Method, WardFinder, current_wards, place
from commoncause.register.extensions import FacetSource
from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh

BATCH = 2_000

# The council and current ward an organisation is placed in, as values of search's area facet (beside the
# areas it says it works in), so `area=E09000033` or `area=E05013792` finds the organisations there.
PLACE_FACET = FacetSource(
    facet="area",
    sql=(
        "SELECT CAST(p.organisation_id AS text), a.code, a.name FROM places_organisationplace p "
        "JOIN places_area a ON a.code IN (p.local_authority, p.ward) "
        "AND (a.area_type = 'local_authority' OR (a.area_type = 'ward' AND a.vintage = p.ward_vintage)) "
        "WHERE {where}"
    ),
    organisation_column="p.organisation_id",
)
NO_POSTCODE = "no postcode"
UNKNOWN_POSTCODE = "postcode not in the lookup"


def _batches(items: Iterator[tuple[UUID, str]]) -> Iterator[list[tuple[UUID, str]]]:
    while batch := list(islice(items, BATCH)):
        yield batch


@transaction.atomic
def organisations_place(organisation_ids: Iterable[UUID] | None = None) -> Counter[str]:
    """Place each organisation (all, or those named) by its postcode; returns how many were placed
    by each method, and how many could not be (no postcode, or one the lookup does not hold). An
    organisation that can no longer be placed loses the place it had."""
    finder = WardFinder(current_wards())
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
    counts: Counter[str] = Counter()
    touched: list[UUID] = []
    now = timezone.now()
    rows = organisations.order_by("pk").values_list("pk", "postcode").iterator(chunk_size=BATCH)
    for batch in _batches(rows):
        wanted = {postcode for _, postcode in batch if postcode}
        known = {row.postcode: row for row in Postcode.objects.filter(postcode__in=wanted)}
        existing = {
            row.organisation_id: row
            for row in OrganisationPlace.objects.filter(organisation_id__in=[pk for pk, _ in batch])
        }
        new, changed, gone = [], [], []
        for pk, postcode in batch:
            found = known.get(postcode) if postcode else None
            if found is None:
                counts[UNKNOWN_POSTCODE if postcode else NO_POSTCODE] += 1
                if pk in existing:
                    gone.append(pk)
                continue
            placed = place(found, finder)
            counts[placed.method] += 1
            values = {
                "postcode": placed.postcode, "latitude": placed.latitude, "longitude": placed.longitude,
                "local_authority": placed.local_authority, "ward": placed.ward,
                "ward_vintage": placed.ward_vintage, "lsoa": placed.lsoa, "method": placed.method,
            }  # fmt: skip
            row = existing.get(pk)
            if row is None:
                new.append(OrganisationPlace(organisation_id=pk, placed_at=now, **values))
            elif any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.placed_at = now
                changed.append(row)
        OrganisationPlace.objects.bulk_create(new)
        OrganisationPlace.objects.bulk_update(changed, [*_FIELDS, "placed_at"])
        OrganisationPlace.objects.filter(organisation_id__in=gone).delete()
        touched += [row.organisation_id for row in (*new, *changed)] + gone
    if touched:  # search finds organisations by where they are
        search_index_refresh(organisation_ids=touched)
    return counts


_FIELDS = ["postcode", "latitude", "longitude", "local_authority", "ward", "ward_vintage", "lsoa", "method"]


def placement_summary(counts: Counter[str]) -> str:
    """'2,431 placed (2,400 by the postcode lookup, 31 by their point in a ward); 12 …'."""
    placed = counts[Method.LOOKUP] + counts[Method.POLYGON]
    parts = [
        f"{placed:,} placed in a current ward ({counts[Method.LOOKUP]:,} by the postcode lookup, "
        f"{counts[Method.POLYGON]:,} by their point in a ward's boundary)",
        f"{counts[Method.UNPLACED]:,} with a known postcode outside the wards loaded",
        f"{counts[UNKNOWN_POSTCODE]:,} with a postcode the lookup does not hold",
        f"{counts[NO_POSTCODE]:,} with no postcode",
    ]
    return "; ".join(parts) + "."


def demo_organisations_place() -> str:
    """Place the demo's organisations (run by `load_demo_data` once its files are in)."""
    return f"Placed the organisations by postcode: {placement_summary(organisations_place())}"
