"""How well placement agrees with the ONS postcode lookup, for the benchmark (`bench/places.py`).

The lookup's ward is the reference wherever it is a current ward (its codes are of its own release).
Placement with the lookup should agree almost always; placement by the postcode's point alone, against
generalised boundaries, misses near ward edges, so each miss is measured: how far the point lies from
the edge of the ward the lookup gives.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point, shape

from commoncause.places.models import Postcode
from commoncause.places.placement import WardFinder, place

METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


@dataclass(frozen=True)
class Agreement:
    postcodes: int  # with a current ward in the lookup and coordinates
    agree: int
    misses_near_edge: int  # of the misses, those within `edge_metres` of the lookup ward's edge
    farthest_miss_metres: float

    @property
    def rate(self) -> float:
        return self.agree / self.postcodes if self.postcodes else 0.0

    @property
    def misses(self) -> int:
        return self.postcodes - self.agree


def ward_agreement(postcodes: Iterable[Postcode], finder: WardFinder, *, by_polygon_only: bool,
                   edge_metres: float = 200.0) -> Agreement:  # fmt: skip
    """Compare placement with the lookup's current ward for each postcode that has both."""
    counted = agree = near = 0
    farthest = 0.0
    for postcode in postcodes:
        reference = finder.by_code.get(postcode.ward)
        if reference is None or postcode.latitude is None or postcode.longitude is None:
            continue
        counted += 1
        if by_polygon_only:
            found = finder.ward_at(postcode.longitude, postcode.latitude)
            ward = found.code if found else ""
        else:
            ward = place(postcode, finder).ward
        if ward == reference.code:
            agree += 1
            continue
        distance = metres_to_edge(postcode.longitude, postcode.latitude, reference.boundary or {})
        farthest = max(farthest, distance)
        near += distance <= edge_metres
    return Agreement(counted, agree, near, farthest)


def metres_to_edge(longitude: float, latitude: float, boundary: dict) -> float:
    """Distance in metres from a point to a polygon's edge, in a flat projection about the point
    (accurate to well under a metre at ward scale)."""
    origin = np.array([longitude, latitude])
    scale = np.array(
        [METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(latitude)), METRES_PER_DEGREE_LAT]
    )
    polygon = shapely.transform(shape(boundary), lambda points: (points - origin) * scale)
    return float(polygon.boundary.distance(Point(0.0, 0.0)))
