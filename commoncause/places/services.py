"""Writes of the places app: placing organisations in their wards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from commoncause.places import ni
from commoncause.places.models import OrganisationPlace, Postcode
from commoncause.places.placement import Method, Placed, WardFinder, current_wards, place, place_in_council
from commoncause.register.extensions import FacetSource
from commoncause.register.models import AreaOfOperation, Organisation, OrgIdentifier
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
NI_NO_COUNCIL = "northern ireland, no council found"


def _batches(items: Iterator[tuple[UUID, str, str]]) -> Iterator[list[tuple[UUID, str, str]]]:
    while batch := list(islice(items, BATCH)):
        yield batch


@transaction.atomic
def organisations_place(organisation_ids: Iterable[UUID] | None = None) -> Counter[str]:
    """Place each organisation (all, or those named) by its postcode, or, in Northern Ireland, in its
    council (placement.py); returns how many were placed by each method, and how many could not be (no
    postcode, one the lookup does not hold, or in Northern Ireland no council found). An organisation
    that can no longer be placed loses the place it had."""
    finder = WardFinder(current_wards())
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=list(organisation_ids))
    counts: Counter[str] = Counter()
    touched: list[UUID] = []
    now = timezone.now()
    rows = organisations.order_by("pk").values_list("pk", "postcode", "address").iterator(chunk_size=BATCH)
    for batch in _batches(rows):
        wanted = {postcode for _, postcode, _ in batch if postcode}
        known = {row.postcode: row for row in Postcode.objects.filter(postcode__in=wanted)}
        existing = {
            row.organisation_id: row
            for row in OrganisationPlace.objects.filter(organisation_id__in=[pk for pk, _, _ in batch])
        }
        in_ni = _northern_ireland([(pk, postcode) for pk, postcode, _ in batch if postcode not in known])
        new, changed, gone = [], [], []
        for pk, postcode, address in batch:
            found = known.get(postcode) if postcode else None
            placed = place(found, finder) if found else _council_place(postcode, address, in_ni.get(pk))
            if placed is None:
                counts[_not_placed(postcode, pk in in_ni)] += 1
                if pk in existing:
                    gone.append(pk)
                continue
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


def _northern_ireland(candidates: list[tuple[UUID, str]]) -> dict[UUID, list[str]]:
    """Of organisations the postcode lookup does not place, those in Northern Ireland, each with the
    GSS codes of the areas it says it serves."""
    if not candidates:
        return {}
    numbered = OrgIdentifier.objects.filter(
        organisation_id__in=[pk for pk, _ in candidates], org_id__startswith=ni.NI_ORG_ID
    )
    on_register = set(numbered.values_list("organisation_id", flat=True))
    found: dict[UUID, list[str]] = {
        pk: [] for pk, postcode in candidates if ni.is_in_northern_ireland(postcode, pk in on_register)
    }
    declared = AreaOfOperation.objects.filter(organisation_id__in=list(found)).exclude(gss_code="")
    for pk, code in declared.values_list("organisation_id", "gss_code"):
        found[pk].append(code)
    return found


def _council_place(postcode: str, address: str, declared: list[str] | None) -> Placed | None:
    """A Northern Ireland organisation's council, from its address, else from the areas it declares."""
    if declared is None:
        return None
    if found := ni.council_from_address(address):
        return place_in_council(found, postcode, Method.TOWN)
    if found := ni.council_from_areas(declared):
        return place_in_council(found, postcode, Method.DECLARED)
    return None


def _not_placed(postcode: str, in_ni: bool) -> str:
    if in_ni:
        return NI_NO_COUNCIL
    return UNKNOWN_POSTCODE if postcode else NO_POSTCODE


_FIELDS = ["postcode", "latitude", "longitude", "local_authority", "ward", "ward_vintage", "lsoa", "method"]


def placement_summary(counts: Counter[str]) -> str:
    """'2,431 placed (2,400 by the postcode lookup, 31 by their point in a ward); 12 …'."""
    placed = counts[Method.LOOKUP] + counts[Method.POLYGON]
    parts = [
        f"{placed:,} placed in a current ward ({counts[Method.LOOKUP]:,} by the postcode lookup, "
        f"{counts[Method.POLYGON]:,} by their point in a ward's boundary)",
        f"{counts[Method.UNPLACED]:,} with a known postcode outside the wards loaded",
        f"{counts[Method.TOWN] + counts[Method.DECLARED]:,} in Northern Ireland placed in their council "
        f"only ({counts[Method.TOWN]:,} from the town in their address, {counts[Method.DECLARED]:,} from "
        f"the one council they say they serve)",
        f"{counts[NI_NO_COUNCIL]:,} in Northern Ireland with no council found",
        f"{counts[UNKNOWN_POSTCODE]:,} with a postcode the lookup does not hold",
        f"{counts[NO_POSTCODE]:,} with no postcode",
    ]
    return "; ".join(parts) + "."


def demo_organisations_place() -> str:
    """Place the demo's organisations (run by `load_demo_data` once its files are in)."""
    return f"Placed the organisations by postcode: {placement_summary(organisations_place())}"
