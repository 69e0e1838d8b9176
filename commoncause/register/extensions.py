"""How the apps above the register add to it without the register importing them.

The register is the floor the other apps stand on, so it may not import them; yet an organisation's
page shows the grants it received (funding), its own statement (members) and who to call
(relationships). Each of those apps registers what it adds here, from its `AppConfig.ready()`:

- a **page section**: a part of the organisation page, rendered from the app's own template with the
  app's own rule for who sees it;
- a **record field**: a field of the organisation's public record in the API (`grants_received`);
- a **facet source**: the rows behind a search facet the register's search counts (an organisation's
  funders);
- a **place source**: where organisations are (their points, for searching near a postcode), where a
  postcode is, what an area code stands for today (an old ward's code stands for the current wards it
  overlaps) and a council's current wards (the places app).

The register reads these lists; it never names the apps that fill them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commoncause.core.sections import Sections
from commoncause.register.models import Organisation
from commoncause.register.search.types import NearPoint

# The parts other apps add to the organisation page: what the organisation does, shown under "What it
# does" only when the register's sources publish no description of its activities (never over theirs);
# after what it does (its classifications); or after where the facts came from (its sources).
ORGANISATION_PAGE = Sections("organisation page", slots=("what_it_does", "after_activities", "after_sources"))
page_section_add = ORGANISATION_PAGE.add


@dataclass(frozen=True)
class RecordField:
    """A field of the organisation's public API record: its name, its schema and how to read it."""

    name: str
    schema: type
    resolve: Callable[[Organisation], Any]


@dataclass(frozen=True)
class FacetSource:
    """The rows behind a search facet, read with plain SQL when search documents are built.

    `sql` selects (organisation id as text, value, label) and carries `{where}`, which picks
    organisations by `organisation_column`.
    """

    facet: str
    sql: str
    organisation_column: str


_FIELDS: dict[str, RecordField] = {}
_FACETS: dict[str, FacetSource] = {}


def record_field_add(field: RecordField) -> None:
    """Add (or replace, by name) a field of the organisation's API record."""
    _FIELDS[field.name] = field


def record_fields() -> list[RecordField]:
    """The added fields of the organisation's API record, in the order they were added."""
    return list(_FIELDS.values())


def facet_source_add(source: FacetSource) -> None:
    """Fill (or refill) a search facet from another app's rows."""
    _FACETS[source.facet] = source


def facet_sources() -> list[FacetSource]:
    """Every facet filled from another app's rows, in a stable order."""
    return [_FACETS[facet] for facet in sorted(_FACETS)]


@dataclass(frozen=True)
class AreaMeaning:
    """What an area code given to search stands for: its name, and the current areas it maps to (an old
    ward's code maps to the current wards it overlaps; a current area's code maps to none but itself)."""

    label: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceSource:
    """Where organisations are, from the app that places them by postcode.

    `points_sql` selects (organisation id, latitude, longitude) for every placed organisation, the id
    in the type of the register's organisation key; `postcode_point` gives the point of a whole or
    partial postcode written as `identifiers.postcode_prefix` writes it ('SW1A 2AA', 'SW1A 2',
    'SW1A '), None when no known postcode starts so; `area_meaning` says what an area code stands for,
    None when it is no area known; `wards_within` lists a council's current wards as (code, name).
    """

    points_sql: str
    postcode_point: Callable[[str], NearPoint | None]
    area_meaning: Callable[[str], AreaMeaning | None]
    wards_within: Callable[[str], list[tuple[str, str]]]


_PLACES: list[PlaceSource] = []


def place_source_set(source: PlaceSource) -> None:
    """Say where organisations are (one source; setting it again replaces it)."""
    _PLACES[:] = [source]


def place_source() -> PlaceSource | None:
    """Where organisations are, when an app says so."""
    return _PLACES[0] if _PLACES else None
