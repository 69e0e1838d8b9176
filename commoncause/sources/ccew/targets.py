"""The register tables the importer writes, their columns, and a batch of rows waiting to be written.

Source records are written with what `lifecycle` says a new or changed record is written with, and a
changed charity replaces the rows `lifecycle.REPLACED_WITH_RECORD` names, as every importer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    Organisation,
    OrganisationalTrustee,
    OrganisationEvent,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)
from commoncause.sources.ccew.tables import words
from commoncause.sources.lifecycle import REPLACED_WITH_RECORD, WRITTEN_FIELDS, Sighting

SOURCE = "ccew"

ORGANISATION_FIELDS = words(
    "name legal_form status status_detail date_registered date_removed removal_reason "
    "activities charitable_objects area_of_benefit latest_income latest_spending "
    "latest_financial_year_end income_band employees volunteers trustee_count address "
    "postcode email phone website parent extra"
)

# Target name -> (model, fields in the order rows give them).
TARGETS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "organisations": (Organisation, ("id", "created_at", "updated_at", *ORGANISATION_FIELDS)),
    "identifiers": (OrgIdentifier, ("org_id", "scheme", "value", "organisation", "is_primary")),
    "links": (OrganisationLink, ("from_organisation", "to_organisation", "kind", "source")),
    "classifications": (Classification, ("organisation", "scheme", "code", "source")),
    "areas": (
        AreaOfOperation,
        ("organisation", "area_type", "name", "parent_type", "parent_name", "gss_code", "source"),
    ),
    "financial_years": (
        FinancialYear,
        ("organisation", "source", "period_start", "period_end", "income", "spending", "breakdown"),
    ),
    "events": (
        OrganisationEvent,
        ("organisation", "event_type", "date", "reason", "associated_name", "associated_org_id", "source"),
    ),
    "other_names": (OtherName, ("organisation", "name", "name_type", "source")),
    "trustees": (OrganisationalTrustee, ("organisation", "name", "is_chair", "source")),
    "source_records": (
        SourceRecord,
        ("organisation", "source", "source_key", "first_seen_run", *WRITTEN_FIELDS),
    ),
}
CHILD_TARGETS = tuple(name for name, (model, _) in TARGETS.items() if model in REPLACED_WITH_RECORD)


@dataclass(frozen=True)
class RunInfo:
    """What every row of a run shares: the time (database-ready) and what it records on each source record."""

    now: object
    sighting: Sighting


@dataclass
class Batch:
    """Register rows for one bucket of charities, waiting to be written."""

    run: RunInfo
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {name: [] for name in TARGETS})
    organisation_updates: list[tuple] = field(default_factory=list)
    source_updates: list[tuple] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    parents: list[tuple[str, str]] = field(default_factory=list)  # (main charity, linked charity)
    touched: list[str] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)  # source keys of unchanged charities
    rechecked: list[str] = field(default_factory=list)  # organisations whose primary org-id may change
    notes: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    orphans: int = 0

    def add(self, target: str, row: tuple) -> None:
        self.rows[target].append(row)

    def organisation(self, uuid: str, ordered: tuple, *, replacing: bool) -> None:
        """A new organisation, or new facts for one in the register (`ORGANISATION_FIELDS` order)."""
        self.touched.append(uuid)
        if replacing:
            self.replaced.append(uuid)
            self.organisation_updates.append((self.run.now, *ordered, uuid))
            self.updated += 1
        else:
            self.rows["organisations"].append((uuid, self.run.now, self.run.now, *ordered))
            self.created += 1

    def source_record(self, org: int, uuid: str, digest: str, *, existing: bool) -> None:
        """The charity's source record, new or rewritten (`Sighting.written`)."""
        sighting = self.run.sighting
        if existing:
            self.source_updates.append((uuid, *sighting.written(digest), SOURCE, str(org)))
        else:
            self.add("source_records", (uuid, SOURCE, str(org), sighting.run_id, *sighting.written(digest)))
