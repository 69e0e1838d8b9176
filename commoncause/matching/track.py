"""What an organisation has done before, from the apps above matching: funding adds the grants each
organisation received (`track_source_add`, from its `AppConfig.ready()`); matching reads services
itself. With no source added, the track record is services alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Track:
    count: int  # grants received
    text: str  # what they were for: titles and descriptions


TrackSource = Callable[[], dict[UUID, Track]]
_sources: list[TrackSource] = []


def track_source_add(source: TrackSource) -> None:
    if source not in _sources:
        _sources.append(source)


def track_records() -> dict[UUID, Track]:
    """Each organisation's record from every source added, joined."""
    joined: dict[UUID, Track] = {}
    for source in _sources:
        for organisation, track in source().items():
            held = joined.get(organisation)
            joined[organisation] = (
                track if held is None else Track(held.count + track.count, f"{held.text} {track.text}")
            )
    return joined
