"""Where a service's locations are and which areas it serves, as the places app knows them.

A location's point is its own latitude and longitude when they lie in the UK (a feed's placeholder
such as 100, 101 does not), else its postcode's centroid from the postcode lookup. Its ward and
council come from its postcode as organisations' do (`places.placement.place`: the lookup's ward
when it is a current one, else the postcode's point in the current wards), or, with no postcode
known, from its own point in the current wards. A service area gets the GSS code of an area places
knows when its name, uri or description holds one, or when its name is exactly a current council's
or ward's (and no other's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from commoncause.places.models import Area, AreaType, Postcode
from commoncause.places.placement import WardFinder, current_wards, place
from commoncause.places.selectors import areas_current
from commoncause.services.models import Location, ServiceArea

# The UK, with its islands and a margin: a point outside is not where a UK service is.
UK_LATITUDE = (49.5, 61.0)
UK_LONGITUDE = (-8.7, 2.0)
CHUNK = 500  # postcodes or codes looked up per query
GSS_CODE = re.compile(r"\b[ENSWK]\d{8}\b")
PLACED = "placed in a council"
UNUSABLE = "unusable coordinates"
NOT_PLACED = "not placed"


def in_uk(latitude: float | None, longitude: float | None) -> bool:
    if latitude is None or longitude is None:
        return False
    return UK_LATITUDE[0] <= latitude <= UK_LATITUDE[1] and UK_LONGITUDE[0] <= longitude <= UK_LONGITUDE[1]


class LocationPlacer:
    """Places locations a batch at a time; the wards' boundaries are read once, and only when needed."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._finder: WardFinder | None = None
        # Each postcode's ward and council, worked out once: a council's feed names the same few
        # thousand postcodes for tens of thousands of locations.
        self._placed: dict[str, tuple[str, str]] = {}

    def _ward_finder(self) -> WardFinder:
        if self._finder is None:
            self._finder = WardFinder(current_wards())
        return self._finder

    def place(self, locations: Iterable[Location]) -> None:
        """Set each location's point, postcode's ward and council (see the module's note)."""
        wanted = list(locations)
        postcodes = _postcodes({location.postcode for location in wanted if location.postcode})
        for location in wanted:
            own = in_uk(location.latitude, location.longitude)
            if not own and (location.latitude is not None or location.longitude is not None):
                self.counts[UNUSABLE] += 1
            found = postcodes.get(location.postcode)
            location.point_lat, location.point_lon = (
                (location.latitude, location.longitude) if own else (_centroid(found))
            )
            location.ward_code, location.council_code = "", ""
            if found is not None:
                location.ward_code, location.council_code = self._postcode_placed(found)
            elif own and location.latitude is not None and location.longitude is not None:
                ward = self._ward_finder().ward_at(location.longitude, location.latitude)
                if ward is not None:
                    location.ward_code, location.council_code = ward.code, ward.parent_code
            self.counts[PLACED if location.council_code else NOT_PLACED] += 1

    def _postcode_placed(self, found: Postcode) -> tuple[str, str]:
        """A postcode's ward and council (`places.placement.place`)."""
        if found.postcode not in self._placed:
            placed = place(found, self._ward_finder())
            self._placed[found.postcode] = (placed.ward, placed.local_authority)
        return self._placed[found.postcode]

    def note(self) -> str:
        """'3 locations placed in a council, 1 not; 1 gave coordinates outside the UK (…)'."""
        placed, unplaced = self.counts[PLACED], self.counts[NOT_PLACED]
        return (
            f"{placed:,} of {placed + unplaced:,} locations were placed in a council (by postcode or point); "
            f"{self.counts[UNUSABLE]:,} gave coordinates outside the UK or only one of the two, not used "
            "(their postcode's point was used when the lookup has it)."
        )


def _centroid(found: Postcode | None) -> tuple[float | None, float | None]:
    return (found.latitude, found.longitude) if found is not None else (None, None)


def _postcodes(wanted: set[str]) -> dict[str, Postcode]:
    ordered = sorted(wanted)
    return {
        row.postcode: row
        for start in range(0, len(ordered), CHUNK)
        for row in Postcode.objects.filter(postcode__in=ordered[start : start + CHUNK])
    }


class AreaNamer:
    """The GSS code a service area names; the current councils' and wards' names are read once."""

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def _by_name(self) -> dict[str, str]:
        if self._names is None:
            found: dict[str, str] = {}
            shared: set[str] = set()
            for kind in (AreaType.LOCAL_AUTHORITY, AreaType.WARD):
                for area in areas_current(area_type=kind):
                    key = area.name.casefold().strip()
                    if key in found and found[key] != area.code:
                        shared.add(key)
                    found[key] = area.code
            self._names = {name: code for name, code in found.items() if name not in shared}
        return self._names

    def name(self, areas: Iterable[ServiceArea]) -> None:
        """Set `gss_code` on each service area that names an area places knows."""
        wanted = list(areas)
        codes = {
            area.pk: [
                code for text in (area.name, area.uri, area.service_area) for code in GSS_CODE.findall(text)
            ]
            for area in wanted
        }
        known = _known_codes({code for found in codes.values() for code in found})
        for area in wanted:
            area.gss_code = next((code for code in codes[area.pk] if code in known), "")
            if not area.gss_code and area.name:
                area.gss_code = self._by_name().get(area.name.casefold().strip(), "")


def _known_codes(wanted: set[str]) -> set[str]:
    ordered = sorted(wanted)
    return {
        code
        for start in range(0, len(ordered), CHUNK)
        for code in Area.objects.filter(code__in=ordered[start : start + CHUNK]).values_list(
            "code", flat=True
        )
    }
