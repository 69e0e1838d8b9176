"""How the apps above the register add to it without the register importing them.

The register is the floor the other apps stand on, so it may not import them; yet an organisation's
page shows the grants it received (funding), its own statement (members) and who to call
(relationships). Each of those apps registers what it adds here, from its `AppConfig.ready()`:

- a **page section**: a part of the organisation page, rendered from the app's own template with the
  app's own rule for who sees it;
- a **record field**: a field of the organisation's public record in the API (`grants_received`);
- a **facet source**: the rows behind a search facet the register's search counts (an organisation's
  funders).

The register reads these lists; it never names the apps that fill them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commoncause.core.sections import Sections
from commoncause.register.models import Organisation

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
