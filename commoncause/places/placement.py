"""Where an organisation is: its postcode placed in the current ward of its council.

The postcode lookup is asked first: its ward is taken when it is one of today's wards. A lookup row
carries the wards of its own release, though, and wards are redrawn (Telford and Wrekin's 2023 wards
share no code with the 2019 ones its 2021 postcodes name), so when the lookup's ward is not a current
one, the postcode's coordinates are placed in the current ward polygons (shapely). Current wards are,
for each council, those of the newest vintage loaded.

Northern Ireland's postcodes are in no open lookup, so an organisation there that the lookup does not
hold is placed in its council only, with no ward, from the places its address names or the one council
it says it serves (see ni.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from commoncause.places.models import Area, AreaType, Postcode
from commoncause.places.ni import CouncilFound


class Method:
    LOOKUP = "lookup"  # the postcode lookup's ward is a current ward
    POLYGON = "polygon"  # the postcode's point lies in a current ward's boundary
    UNPLACED = "unplaced"  # the postcode is known but lies in no current ward loaded
    TOWN = "town"  # Northern Ireland, council only: from the places its address names
    DECLARED = "declared"  # Northern Ireland, council only: the one council it says it serves
    COUNCIL_ONLY = (TOWN, DECLARED)


@dataclass(frozen=True)
class Placed:
    postcode: str
    latitude: float | None
    longitude: float | None
    local_authority: str
    ward: str
    ward_vintage: str
    lsoa: str
    method: str


def current_wards() -> list[Area]:
    """Each council's wards of the newest vintage loaded, with their boundaries."""
    newest: dict[str, str] = {}
    for parent, vintage in Area.objects.filter(area_type=AreaType.WARD).values_list("parent_code", "vintage"):
        newest[parent] = max(vintage, newest.get(parent, ""))
    return [
        area
        for area in Area.objects.filter(area_type=AreaType.WARD).order_by("code")
        if newest.get(area.parent_code) == area.vintage
    ]


class WardFinder:
    """The current ward that holds a point, through an R-tree of the wards' polygons."""

    def __init__(self, wards: Iterable[Area]) -> None:
        self.wards = [ward for ward in wards if ward.boundary]
        self.by_code = {ward.code: ward for ward in self.wards}
        self.shapes: list[BaseGeometry] = [shape(ward.boundary or {}) for ward in self.wards]
        self.tree = STRtree(self.shapes)

    def ward_at(self, longitude: float, latitude: float) -> Area | None:
        point = Point(longitude, latitude)
        for index in self.tree.query(point, predicate="intersects"):
            return self.wards[int(index)]
        return None


def place(postcode: Postcode, finder: WardFinder) -> Placed:
    """Place one postcode (see the module's note)."""
    ward = finder.by_code.get(postcode.ward)
    method = Method.LOOKUP
    if ward is None and postcode.latitude is not None and postcode.longitude is not None:
        ward = finder.ward_at(postcode.longitude, postcode.latitude)
        method = Method.POLYGON
    if ward is None:
        return Placed(
            postcode.postcode, postcode.latitude, postcode.longitude, postcode.local_authority,
            "", "", postcode.lsoa, Method.UNPLACED,
        )  # fmt: skip
    return Placed(
        postcode=postcode.postcode,
        latitude=postcode.latitude,
        longitude=postcode.longitude,
        local_authority=ward.parent_code or postcode.local_authority,
        ward=ward.code,
        ward_vintage=ward.vintage,
        lsoa=postcode.lsoa,
        method=method,
    )


def place_in_council(found: CouncilFound, postcode: str, method: str) -> Placed:
    """A Northern Ireland organisation placed in its council only: no point, no ward."""
    return Placed(postcode, None, None, found.code, "", "", "", method)
