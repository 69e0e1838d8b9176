"""Where services count in a council's coverage: an app above places (services) says which services are
in a council, and places counts them beside the organisations (`selectors.council_coverage`).

Places cannot read services itself (services build on places), so the services app sets the source
from its `AppConfig.ready()`; with none set, coverage counts organisations only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ServiceRow:
    id: str
    organisation: str  # the organisation's id as `themes.text_id` writes it; '' for none
    themes: frozenset[str]  # the theme codes of its own categories (may be empty)
    wards: frozenset[str]  # the ward codes of its places
    areas: frozenset[str]  # the GSS codes of its service areas


class ServiceCountSource(Protocol):
    def services_in(self, council_code: str, area_codes: Collection[str]) -> list[ServiceRow]:
        """The public services with a place in the council, or a service area among `area_codes` (the
        council, its wards, and old wards standing for them)."""
        ...

    def stamp(self) -> object:
        """Something that changes whenever services change (for the coverage kept)."""
        ...


class _NoServices:
    def services_in(self, council_code: str, area_codes: Collection[str]) -> list[ServiceRow]:
        return []

    def stamp(self) -> object:
        return None


_source: list[ServiceCountSource] = [_NoServices()]


def service_count_source_set(source: ServiceCountSource) -> None:
    _source[0] = source


def service_count_source() -> ServiceCountSource:
    return _source[0]
