"""Searching near a postcode: the postcode's point, the organisations' points, and distances.

Where organisations are comes from the app that places them (`extensions.place_source`): a point for
each placed organisation, read once per index state into arrays beside the search's other arrays
(placing organisations refreshes their search documents, which moves the index state on). Distances
are great-circle distances (haversine) worked out with numpy over the documents within the radius's
band of latitude, so a search near a postcode costs a few milliseconds over 200,000 organisations.
"""

from __future__ import annotations

import numpy as np

from commoncause.register.extensions import place_source
from commoncause.register.identifiers import postcode_prefix
from commoncause.register.search.memory import Snapshot
from commoncause.register.search.types import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    NearPoint,
    SearchParameterError,
)

EARTH_RADIUS_KM = 6371.0088  # the mean radius
MIN_RADIUS_KM = 0.1
MAX_NEAR_LENGTH = 20


def near_point(text: str) -> NearPoint | None:
    """The point of a whole or partial postcode as typed ('sw1a2aa', 'SW1A 2', 'SW1A'); None when
    nothing is typed. A postcode that is malformed or that no known postcode starts with raises."""
    text = text.strip()
    if not text:
        return None
    prefix = postcode_prefix(text[:MAX_NEAR_LENGTH]) if len(text) <= MAX_NEAR_LENGTH else None
    if prefix is None:
        raise SearchParameterError("near", f"'{text[:40]}' is not a postcode, such as SW1A 2AA or SW1A")
    source = place_source()
    point = source.postcode_point(prefix) if source is not None else None
    if point is None:
        raise SearchParameterError("near", f"no postcode we know starts with {prefix.strip()}")
    return point


def radius_km(text: str) -> float:
    """The radius asked for, in kilometres (the default when none is); one out of range raises."""
    text = text.strip().lower().removesuffix("km").strip()
    if not text:
        return DEFAULT_RADIUS_KM
    try:
        radius = float(text)
    except ValueError:
        radius = float("nan")
    if not MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM:  # NaN fails too
        raise SearchParameterError(
            "radius", f"give a distance from {MIN_RADIUS_KM:g} to {MAX_RADIUS_KM:g} kilometres"
        )
    return radius


def _points(cursor, snap: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """Each document's latitude and longitude in radians (NaN where the organisation is not placed)."""
    if snap.points is None:
        latitude = np.full(snap.size, np.nan)
        longitude = np.full(snap.size, np.nan)
        source = place_source()
        if source is not None:
            cursor.execute(
                "SELECT d.doc_id, p.latitude, p.longitude FROM register_search_document d "  # noqa: S608  # nosec B608 # the places app's own SQL, no input
                f"JOIN ({source.points_sql}) p ON p.organisation_id = d.organisation_id"
            )
            rows = np.array(cursor.fetchall(), dtype=np.float64).reshape(-1, 3)
            ids = rows[:, 0].astype(np.int64)
            keep = ids < snap.size
            latitude[ids[keep]] = np.radians(rows[keep, 1])
            longitude[ids[keep]] = np.radians(rows[keep, 2])
        snap.points = (latitude, longitude)
    return snap.points


def distances_km(cursor, snap: Snapshot, point: NearPoint, radius: float) -> np.ndarray:
    """Each document's distance from the point in kilometres; infinite beyond the radius or unplaced."""
    latitude, longitude = _points(cursor, snap)
    centre_lat, centre_lon = np.radians(point.latitude), np.radians(point.longitude)
    distance = np.full(snap.size, np.inf)
    with np.errstate(invalid="ignore"):  # unplaced documents (NaN) are never in the band
        band = np.flatnonzero(np.abs(latitude - centre_lat) <= radius / EARTH_RADIUS_KM)
    lat, lon = latitude[band], longitude[band]
    a = (
        np.sin((lat - centre_lat) / 2) ** 2
        + np.cos(lat) * np.cos(centre_lat) * np.sin((lon - centre_lon) / 2) ** 2
    )
    found = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    inside = found <= radius
    distance[band[inside]] = found[inside]
    return distance


def nearest_first(snap: Snapshot, ids: np.ndarray, distance: np.ndarray, stop: int) -> np.ndarray:
    """The first `stop` of these documents, nearest first (then larger organisations, then by name)."""
    if stop < ids.size:  # those no farther than the stop-th, ties included, so pages never overlap
        farthest = np.partition(distance[ids], stop - 1)[stop - 1]
        ids = ids[distance[ids] <= farthest]
    return ids[np.lexsort((snap.prior_rank[ids], distance[ids]))][:stop]
