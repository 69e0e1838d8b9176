"""A council's wards as a choropleth map: an SVG drawn on the server from the boundaries, with no map
tiles and nothing loaded from elsewhere.

Longitude and latitude are drawn on a plane (x stretched by the cosine of the council's middle latitude,
which is true enough across one council), each ward's outline simplified to about a pixel. Each ward is
a link to its row in the table beside the map, with its name and figure as its title, so the map works
from the keyboard and with a screen reader, and the table says everything the colours do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from commoncause.places.models import Area

WIDTH = 640
# A light-to-dark blue scale from GOV.UK's palette; each step is clearly darker than the one before.
SCALE = ("#d2e2f1", "#8eb8dc", "#4c8cc9", "#1d70b8", "#003078")
NO_FIGURE = "#ffffff"


@dataclass(frozen=True)
class Band:
    label: str
    colour: str
    low: float
    high: float

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Measure:
    """What the map colours: a figure per ward code, how to write it, and its bands."""

    title: str
    values: dict[str, float | None]
    formatted: Callable[[float], str]
    bands: tuple[Band, ...]


def decile_bands() -> tuple[Band, ...]:
    """Deprivation: the darkest for the most deprived (decile 1)."""
    steps = [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    return tuple(
        Band(f"Deciles {low} to {high}" + (" (most deprived)" if low == 1 else ""), colour, low, high + 0.999)
        for (low, high), colour in zip(steps, reversed(SCALE), strict=True)
    )


def count_bands(values: Sequence[float | None], formatted: Callable[[float], str]) -> tuple[Band, ...]:
    """Counts and rates: none in the lightest band, then equal steps up to the largest."""
    top = max((value for value in values if value is not None), default=0.0)
    if top <= 0:
        return (Band("None", SCALE[0], 0, 0),)
    step = top / (len(SCALE) - 1)
    bands = [Band("None", SCALE[0], 0, 0)]
    for index, colour in enumerate(SCALE[1:]):
        low, high = index * step, (index + 1) * step
        label = f"More than {formatted(low)} up to {formatted(high)}" if index else f"Up to {formatted(high)}"
        bands.append(Band(label, colour, low if index else 1e-9, high))
    return tuple(bands)


def colour_of(value: float | None, bands: Sequence[Band]) -> str:
    if value is None:
        return NO_FIGURE
    for band in bands:
        if band.holds(value):
            return band.colour
    return bands[-1].colour


def _rings(geometry: BaseGeometry) -> list[list[tuple[float, ...]]]:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    rings = []
    for polygon in polygons:
        if isinstance(polygon, Polygon) and not polygon.is_empty:
            rings.append(list(polygon.exterior.coords))
            rings += [list(interior.coords) for interior in polygon.interiors]
    return rings


def ward_map_svg(wards: Sequence[Area], measure: Measure, *, title_id: str = "ward-map-title") -> str:
    """The map as inline SVG ('' when no ward has a boundary)."""
    shapes = [(ward, shape(ward.boundary)) for ward in wards if ward.boundary]
    if not shapes:
        return ""
    min_lon = min(geometry.bounds[0] for _, geometry in shapes)
    min_lat = min(geometry.bounds[1] for _, geometry in shapes)
    max_lon = max(geometry.bounds[2] for _, geometry in shapes)
    max_lat = max(geometry.bounds[3] for _, geometry in shapes)
    stretch = math.cos(math.radians((min_lat + max_lat) / 2))
    span = max((max_lon - min_lon) * stretch, 1e-9)
    scale = WIDTH / span
    height = max(1, round((max_lat - min_lat) * scale))

    def point(lon: float, lat: float) -> str:
        return f"{(lon - min_lon) * stretch * scale:.1f} {(max_lat - lat) * scale:.1f}"

    paths = []
    for ward, geometry in shapes:
        simple = geometry.simplify(1 / scale, preserve_topology=True)
        data = " ".join(
            "M" + " L".join(point(xy[0], xy[1]) for xy in ring[:-1]) + " Z" for ring in _rings(simple)
        )
        value = measure.values.get(ward.code)
        figure = measure.formatted(value) if value is not None else "no figure"
        paths.append(
            f'<a href="#ward-{escape(ward.code)}" aria-label="{escape(ward.name)}: {escape(figure)}">'
            f"<title>{escape(ward.name)}: {escape(figure)}</title>"
            f'<path d="{data}" fill="{colour_of(value, measure.bands)}" fill-rule="evenodd" '
            f'stroke="#0b0c0c" stroke-width="0.75"/></a>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {WIDTH + 4} {height + 4}" '
        f'class="cc-ward-map" role="group" aria-labelledby="{title_id}">'
        f"<title>{escape(measure.title)}</title>{''.join(paths)}</svg>"
    )
