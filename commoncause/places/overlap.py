"""Old wards mapped forward: which current wards each old ward overlaps, and by how much.

Ward codes change when wards are redrawn (Telford and Wrekin's 2023 wards share no code with its 2019
ones), yet people and files still use the old codes. Each old ward gets an `AreaLookup` row (method
`overlap`) for every current ward it overlaps, with the share of the old ward lying in it:

- by area (shapely intersection) when the old ward's boundary is loaded too;
- else by its postcodes: the postcode lookup names the ward of its own release for each postcode
  (`Postcode.ward` and `ward_vintage`), and the share is that of the old ward's live postcodes whose
  points fall in each current ward (the polygons `placement.WardFinder` holds).

A current ward is one of the newest vintage loaded for its council (`placement.current_wards`); any
other ward code is old. The lookups are worked out again, whole, whenever ward boundaries or postcodes
are imported (`import_source wards` and `postcodes` run the wrappers below, as the demo's loading does),
so they stay current with no step of their own. Only the postcodes whose ward is not a current one are
read into shapely, a batch at a time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import shapely
from django.db import transaction
from shapely.geometry import shape

from commoncause.places.importers.boundaries import import_wards
from commoncause.places.importers.postcodes import import_postcodes
from commoncause.places.models import Area, AreaLookup, AreaType, Postcode
from commoncause.places.placement import WardFinder, current_wards
from commoncause.sources.base import ImportContext

OVERLAP = "overlap"
# Shares below this are the slivers left where two vintages' generalised boundaries differ a little,
# or a stray postcode: they are not kept.
MIN_SHARE = 0.01
# What each lookup row was worked out from (its `source_file`).
BY_AREA, BY_POSTCODES = "ward boundaries", "postcode lookup"
# The rows worked out here; an LSOA → ward lookup published with shares is an `overlap` too, and is kept.
WARD_OVERLAPS = (BY_AREA, BY_POSTCODES)
BATCH = 20_000

OldWard = tuple[str, str]  # (code, vintage)


def _by_area(finder: WardFinder, current: set[str]) -> dict[OldWard, dict[str, float]]:
    """Each old ward whose boundary is loaded: the share of its area in each current ward."""
    found: dict[OldWard, dict[str, float]] = {}
    old = Area.objects.filter(area_type=AreaType.WARD, boundary__isnull=False).exclude(code__in=current)
    for ward in old.iterator(chunk_size=500):
        geometry = shapely.make_valid(shape(ward.boundary or {}))
        if geometry.is_empty or not geometry.area:
            continue
        shares = {}
        for index in finder.tree.query(geometry, predicate="intersects"):
            now = finder.wards[int(index)]
            overlap = geometry.intersection(shapely.make_valid(finder.shapes[int(index)])).area
            shares[now.code] = overlap / geometry.area
        found[ward.code, ward.vintage] = shares
    return found


def _by_postcodes(finder: WardFinder, skip: set[str]) -> dict[OldWard, dict[str, float]]:
    """Each old ward the postcode lookup names (those in `skip` aside): the share of its live postcodes
    whose points fall in each current ward."""
    totals: Counter[OldWard] = Counter()
    inside: defaultdict[OldWard, Counter[str]] = defaultdict(Counter)
    rows = (
        Postcode.objects.filter(terminated__isnull=True, latitude__isnull=False, longitude__isnull=False)
        .exclude(ward="")
        .values_list("ward", "ward_vintage", "longitude", "latitude")
        .iterator(chunk_size=BATCH)
    )
    batch: list[tuple[str, str, float, float]] = []
    for ward, vintage, longitude, latitude in rows:
        if ward not in skip and longitude is not None and latitude is not None:
            batch.append((ward, vintage, longitude, latitude))
        if len(batch) == BATCH:
            _count(finder, batch, totals, inside)
            batch = []
    _count(finder, batch, totals, inside)
    return {ward: {code: n / totals[ward] for code, n in inside[ward].items()} for ward in inside}


def _count(
    finder: WardFinder,
    batch: list[tuple[str, str, float, float]],
    totals: Counter[OldWard],
    inside: defaultdict[OldWard, Counter[str]],
) -> None:
    if not batch:
        return
    totals.update((ward, vintage) for ward, vintage, _, _ in batch)
    points = shapely.points([(lon, lat) for _, _, lon, lat in batch])
    where, which = finder.tree.query(points, predicate="intersects")
    first = np.unique(where, return_index=True)[1]  # a point on an edge counts in one ward only
    for point, ward in zip(where[first].tolist(), which[first].tolist(), strict=True):
        code, vintage = batch[point][:2]
        inside[code, vintage][finder.wards[ward].code] += 1


@transaction.atomic
def ward_overlaps_refresh() -> int:
    """Work out every old ward's overlaps with the current wards again (see the module's note); returns
    how many old wards are mapped."""
    wards = current_wards()
    finder = WardFinder(wards)
    current = {ward.code for ward in wards}
    by_area = _by_area(finder, current) if finder.wards else {}
    skip = current | {code for code, _ in by_area}
    by_postcodes = _by_postcodes(finder, skip) if finder.wards else {}
    vintages = {ward.code: ward.vintage for ward in wards}
    rows = [
        AreaLookup(
            from_code=code,
            from_vintage=vintage,
            to_code=to_code,
            to_vintage=vintages[to_code],
            share=round(share, 4),
            method=OVERLAP,
            source_file=source,
        )  # fmt: skip
        for source, found in ((BY_AREA, by_area), (BY_POSTCODES, by_postcodes))
        for (code, vintage), shares in found.items()
        for to_code, share in shares.items()
        if share >= MIN_SHARE
    ]
    AreaLookup.objects.filter(method=OVERLAP, source_file__in=WARD_OVERLAPS).delete()
    AreaLookup.objects.bulk_create(rows)
    return len({(row.from_code, row.from_vintage) for row in rows})


def _noted(ctx: ImportContext) -> None:
    mapped = ward_overlaps_refresh()
    ctx.notes.append(
        f"{mapped:,} old ward{'s' if mapped != 1 else ''} mapped to the current wards they overlap."
    )


def import_wards_and_overlaps(path: Path, ctx: ImportContext) -> None:
    """`import_source wards`: the boundaries, then the old wards' overlaps with the current ones."""
    import_wards(path, ctx)
    _noted(ctx)


def import_postcodes_and_overlaps(path: Path, ctx: ImportContext) -> None:
    """`import_source postcodes`: the lookup, then the old wards' overlaps from its postcodes."""
    import_postcodes(path, ctx)
    _noted(ctx)
