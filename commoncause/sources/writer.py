"""The shared batch writer for row-per-organisation sources (CCNI, organisation lists, Companies House).

Given `OrgRecord`s it finds the organisation each describes (record linkage: by this source's earlier
record, else by any org-id, so one organisation per body across sources), creates or updates it,
replaces the source's child rows, and keeps each source record's provenance (file, extract date,
last confirmed, first and last run seen, fingerprint). A record whose fingerprint has not changed is
only re-confirmed. Records of the source that a run did not see are marked disappeared (counted as
removed), never deleted. These rules (`lifecycle`), the parsing of values (`values`) and the choice of
primary identifier (`linkage.canonical`) are the ones the CCEW fast path follows too.

Facts from a regulator win: a source only overwrites an organisation's fields when no source of a
higher rank (`SOURCE_RANK`) describes it; otherwise it fills fields that are empty, and its name is
kept as another name. An empty value never overwrites a known one. Work is done in batches of a few
queries each, never one query per row.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from commoncause.linkage.canonical import canonical_identifiers_refresh, primary_flags
from commoncause.linkage.queue import linkage_note, match_new_organisations
from commoncause.register.income_bands import income_band_for
from commoncause.register.models import Organisation, OrgIdentifier, OtherName, SourceRecord
from commoncause.register.services import search_index_refresh
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.bulk import insert_objects
from commoncause.sources.lifecycle import (
    WRITTEN_FIELDS,
    Sighting,
    is_unchanged,
    records_confirm,
    records_mark_disappeared,
)
from commoncause.sources.orgids import LOCAL_SCHEME, normalise_name, split_org_id
from commoncause.sources.records import OrgRecord
from commoncause.sources.shortened import Shortened, text_limits
from commoncause.sources.writer_children import children_replace

# Whose facts win when several sources describe one organisation: the charity regulators, then the
# company registrar, then everything else (council and infrastructure-body lists).
SOURCE_RANK: dict[str, int] = {"ccew": 3, "oscr": 3, "ccni": 3, "companies": 2}
SOURCE_LABEL: dict[str, str] = {
    "ccew": "Charity Commission for England and Wales",
    "oscr": "Scottish Charity Regulator",
    "ccni": "Charity Commission for Northern Ireland",
    "companies": "Companies House",
    "csv": "an organisation list",
}
BATCH_SIZE = 500
_LIMITS = text_limits(Organisation)
_OTHER_NAME = text_limits(OtherName)["name"]


def source_rank(source: str) -> int:
    return SOURCE_RANK.get(source, 1)


@dataclass
class _Batch:
    """What one flush knows about the register: looked up once, then kept current as records land."""

    owner: dict[str, uuid.UUID]  # org-id -> organisation holding it
    held: dict[uuid.UUID, set[str]]  # organisation -> org-ids it holds
    organisations: dict[uuid.UUID, Organisation]
    rank: dict[uuid.UUID, int]
    new_organisations: list[Organisation] = field(default_factory=list)
    new_identifiers: list[OrgIdentifier] = field(default_factory=list)
    changed_organisations: dict[uuid.UUID, Organisation] = field(default_factory=dict)
    written: list[tuple[OrgRecord, uuid.UUID]] = field(default_factory=list)


class SourceWriter:
    """Write the records of one import run of one source.

    `scope` narrows which of the source's earlier records this run can mark as disappeared (for a
    list that is one file of many, e.g. `{"file_name": "groups.csv"}`); by default all of them.
    """

    def __init__(
        self,
        ctx: ImportContext,
        *,
        source: str,
        file_name: str,
        scope: dict[str, Any] | None = None,
        batch_size: int = BATCH_SIZE,
        match_new_groups: bool = False,
    ) -> None:
        self.ctx, self.source, self.file_name = ctx, source, file_name
        # Organisations new to the register known only by a local id (GB-LOCAL-…), to match with it.
        self.match_new_groups = match_new_groups
        self.new_groups: list[uuid.UUID] = []
        self.scope = scope or {}
        self.batch_size = batch_size
        self.touched: set[uuid.UUID] = set()
        self.linked = 0
        self.conflicts: list[str] = []
        self._pending: list[OrgRecord] = []
        self._seen: dict[str, tuple[str, int]] = {}  # source key -> (file, row) it was first read from
        self.shortened = Shortened()

    def add(self, record: OrgRecord) -> None:
        """Queue one record; a second record with the same key in one run is a problem."""
        first = self._seen.get(record.source_key)
        if first is not None:
            first_file, first_row = first
            where = f"row {first_row}" + (f" of {first_file}" if first_file != self.file_name else "")
            raise ImportProblem(
                f"duplicate id {record.source_key} (also in {where})",
                file=self.file_name,
                row=record.row,
                field=record.key_field or None,
            )
        self._seen[record.source_key] = (self.file_name, record.row)
        self._fit(record)
        self._pending.append(record)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def _fit(self, record: OrgRecord) -> None:
        """Cut values longer than their field to fit it, counting them (`Shortened`)."""
        where = f"{self.file_name} row {record.row}"
        for name, value in record.fields.items():
            limit = _LIMITS.get(name)
            if limit and isinstance(value, str) and len(value) > limit:
                record.fields[name] = self.shortened.fit(value, limit, field=name, where=where)
        record.other_names = [
            (self.shortened.fit(other, _OTHER_NAME, field="other name", where=where), kind)
            for other, kind in record.other_names
        ]

    def finish(self) -> None:
        """Write what is queued, mark what disappeared, note what happened, refresh the search index."""
        self.flush()
        self.ctx.counts.removed += records_mark_disappeared(
            source=self.source, run_id=self.ctx.run.pk, scope=self.scope
        )
        if self.linked:
            self.ctx.notes.append(f"{self.linked} records linked to organisations already in the register.")
        if note := self.shortened.note():
            self.ctx.notes.append(note)
        if self.conflicts:
            shown = "; ".join(self.conflicts[:20])
            more = f" (and {len(self.conflicts) - 20} more)" if len(self.conflicts) > 20 else ""
            self.ctx.notes.append(f"Identifiers held by another organisation, not added: {shown}{more}")
        canonical_identifiers_refresh(self.touched)
        if self.new_groups:
            counts, changed = match_new_organisations(
                self.new_groups, found_by=f"{self.file_name} ({self.source})"
            )
            self.touched.update(changed)
            self.ctx.notes.append(linkage_note(counts))
        search_index_refresh(organisation_ids=sorted(self.touched))

    def flush(self) -> None:
        records, self._pending = self._pending, []
        if not records:
            return
        existing = {
            item.source_key: item
            for item in SourceRecord.objects.filter(
                source=self.source, source_key__in=[r.source_key for r in records]
            )
        }
        unchanged: list[str] = []
        changed: list[tuple[OrgRecord, str]] = []
        for record in records:
            fingerprint = record.fingerprint()
            previous = existing.get(record.source_key)
            gone = previous is not None and previous.disappeared_at is not None
            if previous and is_unchanged(previous.record_hash, gone, fingerprint):
                unchanged.append(previous.source_key)
            else:
                changed.append((record, fingerprint))
        sighting = Sighting.of(self.ctx, self.file_name)
        self.ctx.counts.unchanged += records_confirm(source=self.source, keys=unchanged, sighting=sighting)
        if changed:
            self._write(changed, existing, sighting)

    # --- new and changed records -------------------------------------------------------------------

    def _write(
        self, changed: list[tuple[OrgRecord, str]], existing: dict[str, SourceRecord], sighting: Sighting
    ) -> None:
        batch = self._look_up([r for r, _ in changed], existing)
        for record, _ in changed:
            previous = existing.get(record.source_key)
            organisation_id = previous.organisation_id if previous else self._find(record, batch)
            if organisation_id is None:
                organisation_id = self._create(record, batch)
            else:
                self._update(record, batch.organisations[organisation_id], batch)
                if previous is None:
                    self.linked += 1
            self._add_identifiers(record, organisation_id, batch)
            batch.written.append((record, organisation_id))
        insert_objects(Organisation, batch.new_organisations)
        self._save_changed(batch)
        insert_objects(OrgIdentifier, batch.new_identifiers)
        children_replace(source=self.source, written=batch.written, existing=set(batch.changed_organisations))
        self._save_source_records(changed, existing, batch, sighting)
        self.touched.update(organisation_id for _, organisation_id in batch.written)

    def _look_up(self, records: list[OrgRecord], existing: dict[str, SourceRecord]) -> _Batch:
        ids = {oid for r in records for oid in (*r.org_ids, *r.match_ids)}
        owner = dict(OrgIdentifier.objects.filter(org_id__in=ids).values_list("org_id", "organisation_id"))
        candidates = set(owner.values()) | {item.organisation_id for item in existing.values()}
        held: dict[uuid.UUID, set[str]] = defaultdict(set)
        for organisation_id, org_id in OrgIdentifier.objects.filter(
            organisation_id__in=candidates
        ).values_list("organisation_id", "org_id"):
            held[organisation_id].add(org_id)
        rank: dict[uuid.UUID, int] = defaultdict(int)
        for organisation_id, source in SourceRecord.objects.filter(
            organisation_id__in=candidates
        ).values_list("organisation_id", "source"):
            rank[organisation_id] = max(rank[organisation_id], source_rank(source))
        organisations = Organisation.objects.in_bulk(candidates)
        return _Batch(owner=owner, held=held, organisations=organisations, rank=rank)

    def _find(self, record: OrgRecord, batch: _Batch) -> uuid.UUID | None:
        """The organisation one of the record's ids belongs to, unless it is plainly another body."""
        for org_id in (*record.org_ids, *record.match_ids):
            candidate = batch.owner.get(org_id)
            if candidate is not None and not _is_other_body(record, batch.held[candidate]):
                return candidate
        return None

    def _create(self, record: OrgRecord, batch: _Batch) -> uuid.UUID:
        organisation = Organisation(id=uuid.uuid4(), **record.fields, extra=dict(record.extra))
        organisation.income_band = income_band_for(organisation.latest_income)
        batch.new_organisations.append(organisation)
        batch.organisations[organisation.id] = organisation
        batch.rank[organisation.id] = source_rank(self.source)
        if self.match_new_groups and all(org_id.startswith(f"{LOCAL_SCHEME}-") for org_id in record.org_ids):
            self.new_groups.append(organisation.id)
        return organisation.id

    def _update(self, record: OrgRecord, organisation: Organisation, batch: _Batch) -> None:
        authoritative = source_rank(self.source) >= batch.rank[organisation.id]
        batch.rank[organisation.id] = max(batch.rank[organisation.id], source_rank(self.source))
        for name, value in record.fields.items():
            current = getattr(organisation, name)
            if value not in (None, "") and (authoritative or current in (None, "")):
                setattr(organisation, name, value)
        name = record.fields.get("name", "")
        if not authoritative and name and normalise_name(name) != normalise_name(organisation.name):
            record.other_names.append((name, f"Name in {SOURCE_LABEL.get(self.source, self.source)}"))
        organisation.extra = {**organisation.extra, **record.extra}
        organisation.income_band = income_band_for(organisation.latest_income)
        if not organisation._state.adding:
            batch.changed_organisations[organisation.id] = organisation

    def _add_identifiers(self, record: OrgRecord, organisation_id: uuid.UUID, batch: _Batch) -> None:
        """Give the organisation the record's org-ids no other organisation holds.

        A new organisation's canonical org-id is its primary one from the start; one that held
        identifiers already is settled by `canonical_identifiers_refresh` when the run finishes."""
        added = []
        for org_id in dict.fromkeys(record.org_ids):
            holder = batch.owner.get(org_id)
            if holder is None:
                added.append(org_id)
            elif holder != organisation_id:
                self.conflicts.append(f"{org_id} (row {record.row})")
        first = batch.organisations[organisation_id]._state.adding and not batch.held[organisation_id]
        flags = primary_flags(added) if first else [False] * len(added)
        for org_id, is_primary in zip(added, flags, strict=True):
            scheme, value = split_org_id(org_id)
            batch.new_identifiers.append(
                OrgIdentifier(
                    org_id=org_id,
                    scheme=scheme,
                    value=value,
                    organisation_id=organisation_id,
                    is_primary=is_primary,
                )
            )
            batch.owner[org_id] = organisation_id
            batch.held[organisation_id].add(org_id)

    def _save_changed(self, batch: _Batch) -> None:
        organisations = list(batch.changed_organisations.values())
        if not organisations:
            return
        now = timezone.now()
        for organisation in organisations:
            organisation.updated_at = now
        names = {name for record, _ in batch.written for name in record.fields}
        Organisation.objects.bulk_update(
            organisations, sorted(names | {"extra", "income_band", "updated_at"}), batch_size=200
        )

    def _save_source_records(
        self,
        changed: list[tuple[OrgRecord, str]],
        existing: dict[str, SourceRecord],
        batch: _Batch,
        sighting: Sighting,
    ) -> None:
        organisation_of = {record.source_key: organisation_id for record, organisation_id in batch.written}
        created: list[SourceRecord] = []
        updated: list[SourceRecord] = []
        for record, fingerprint in changed:
            item = existing.get(record.source_key) or SourceRecord(
                source=self.source, source_key=record.source_key[:80], first_seen_run=self.ctx.run
            )
            item.organisation_id = organisation_of[record.source_key]
            for name, value in sighting.fields(fingerprint).items():
                setattr(item, name, value)
            (updated if item.pk else created).append(item)
        insert_objects(SourceRecord, created)
        SourceRecord.objects.bulk_update(updated, ["organisation", *WRITTEN_FIELDS], batch_size=200)
        self.ctx.counts.created += len(created)
        self.ctx.counts.updated += len(updated)


def _is_other_body(record: OrgRecord, held: set[str]) -> bool:
    """True when the organisation holds a different id in a scheme the record has an id in.

    Two charities that give the same company number stay two organisations.
    """
    record_ids = set(record.org_ids)
    record_schemes = {split_org_id(org_id)[0] for org_id in record_ids} - {LOCAL_SCHEME}
    return any(org_id not in record_ids and split_org_id(org_id)[0] in record_schemes for org_id in held)
