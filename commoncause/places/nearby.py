"""Where search looks near and what its area codes stand for: the places app's part of search.

- A whole postcode's point is the postcode lookup's; a partial one's ('SW1A 2', the district 'SW1A')
  is the centre (the mean latitude and longitude) of the live postcodes starting with it, or of every
  known one when none is live.
- An area code stands for itself when it is an area loaded here, and an old ward's code also for the
  current wards it overlaps (the `overlap` lookups, see `overlap.py`).

Registered with the register's search as its place source (`register.extensions.place_source_set`).
"""

from __future__ import annotations

from django.db.models import Avg, Count

from commoncause.places.models import Area, AreaLookup, AreaType, Postcode
from commoncause.places.overlap import MIN_SHARE, OVERLAP, WARD_OVERLAPS
from commoncause.places.selectors import areas_current
from commoncause.register.extensions import AreaMeaning, PlaceSource
from commoncause.register.search.types import NearPoint

# Every placed organisation's point, keyed by the organisation as the register's search documents are.
POINTS_SQL = (
    "SELECT organisation_id, latitude, longitude FROM places_organisationplace "
    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
)
WHOLE_POSTCODE_LENGTH = 3  # of the inward part: 'SW1A 2AA'
# Postcodes are capital letters, digits and one space, so every postcode starting with a prefix sorts
# between the prefix and the prefix followed by Zs, in any collation: the index finds them.
LAST = "ZZZ"


def postcode_point(prefix: str) -> NearPoint | None:
    """The point of a postcode written as `identifiers.postcode_prefix` writes it (see the module's note)."""
    outward, _, inward = prefix.partition(" ")
    if len(inward) == WHOLE_POSTCODE_LENGTH:
        row = Postcode.objects.filter(
            postcode=prefix, latitude__isnull=False, longitude__isnull=False
        ).first()
        if row is None or row.latitude is None or row.longitude is None:
            return None
        return NearPoint(prefix, row.latitude, row.longitude)
    starting = Postcode.objects.filter(
        postcode__gte=prefix,
        postcode__lte=prefix + LAST,
        postcode__startswith=prefix,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    for rows in (starting.filter(terminated__isnull=True), starting):
        centre = rows.aggregate(latitude=Avg("latitude"), longitude=Avg("longitude"), postcodes=Count("id"))
        if centre["postcodes"]:
            label = f"{outward} {inward}" if inward else outward
            return NearPoint(label, centre["latitude"], centre["longitude"], centre["postcodes"])
    return None


def area_meaning(value: str) -> AreaMeaning | None:
    """What an area code stands for: its name, and for an old ward the current wards it overlaps."""
    code = value.strip().upper()
    area = Area.objects.filter(code=code).defer("boundary").order_by("-vintage").first()
    overlaps = list(
        AreaLookup.objects.filter(
            from_code=code, method=OVERLAP, source_file__in=WARD_OVERLAPS, share__gte=MIN_SHARE
        ).order_by("-share", "to_code")
    )
    if area is None and not overlaps:
        return None
    vintage = overlaps[0].from_vintage if overlaps else ""
    if area is not None:
        label = f"{area.name} (ward of {vintage})" if overlaps else area.name
    else:
        label = f"{code} (ward of {vintage})"
    return AreaMeaning(label=label, codes=tuple(row.to_code for row in overlaps))


def wards_within(council: str) -> list[tuple[str, str]]:
    """A council's current wards as (code, name), by name."""
    return [(ward.code, ward.name) for ward in areas_current(area_type=AreaType.WARD, within=council.upper())]


PLACES = PlaceSource(
    points_sql=POINTS_SQL,
    postcode_point=postcode_point,
    area_meaning=area_meaning,
    wards_within=wards_within,
)
