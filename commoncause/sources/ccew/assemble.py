"""Second pass: from all of one charity's compact rows, the register rows that describe it.

A charity whose rows hash the same as at the last import is only confirmed (`lifecycle.is_unchanged`). A
new one gets an identifier derived from its organisation number; a changed one keeps its own and has its
CCEW child rows replaced. A new organisation's primary org-id is chosen by the register's one rule
(`linkage.canonical.primary_flags`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

import orjson

from commoncause.linkage.canonical import primary_flags
from commoncause.register.income_bands import income_band_for
from commoncause.sources.ccew import keep as r
from commoncause.sources.ccew.finances import financial_years, latest_count
from commoncause.sources.ccew.targets import SOURCE, Batch
from commoncause.sources.lifecycle import is_unchanged
from commoncause.sources.orgids import split_org_id

RECORD_VERSION = 2  # raise when what is kept of a record changes, so every charity is written again
_STATUS = {"Registered": "registered", "Removed": "removed"}
UUID_PREFIX = "63636577000080008000"  # "ccew" + version 8 (custom) + variant bits; then 12 hex digits


def derived_uuid(org: int) -> str:
    """The identifier of an organisation first seen in CCEW: its organisation number, in a UUIDv8."""
    return f"{UUID_PREFIX}{org:012x}"


def charity_org_id(regno: int, linked: int | None) -> str:
    """The charity's own org-id: GB-CHC-<number>, or GB-CHC-<number>-<linked number>."""
    return f"GB-CHC-{regno}-{linked}" if linked else f"GB-CHC-{regno}"


def record_hash(rows: list[tuple], main: int | None) -> str:
    """A fingerprint of everything about one charity, whatever order its rows came in."""
    total = sum(row[2] for row in rows) & 0xFFFF_FFFF_FFFF_FFFF
    return hashlib.blake2b(f"{RECORD_VERSION}:{total}:{main}".encode(), digest_size=16).hexdigest()


@dataclass
class Plan:
    """What the second pass needs beyond one charity's rows."""

    main_by_regno: dict[int, int]
    existing: dict[int, tuple[str, str, bool]]  # org number -> (uuid hex, record hash, disappeared)
    adopted: dict[str, str]  # GB-CHC org-id held by an organisation another source made -> its uuid
    owners: dict[str, str] = field(default_factory=dict)  # org-ids in the database -> uuid (per bucket)
    claimed: dict[str, str] = field(default_factory=dict)  # GB-COH org-ids given out in this run

    def uuid_for(self, org: int, org_id: str) -> str:
        known = self.existing.get(org)
        if known:
            return known[0]
        return self.adopted.get(org_id) or derived_uuid(org)


class Pending(NamedTuple):
    """A charity whose register rows are to be written: new, changed, or back after disappearing."""

    org: int
    tables: list[list[tuple]]
    digest: str
    known: tuple[str, str, bool] | None
    main: int | None
    org_id: str
    company_id: str


class Assembler:
    """Adds the register rows for one charity at a time to a batch."""

    def __init__(self, plan: Plan, batch: Batch) -> None:
        self.plan = plan
        self.batch = batch

    def decide(self, org: int, rows: list[tuple]) -> Pending | None:
        """The charity's rows sorted by table, unless it is unchanged since the last import."""
        tables: list[list[tuple]] = [[] for _ in range(13)]
        for row in rows:
            tables[row[1]].append(row)
        if not tables[r.CHARITY]:
            self.batch.orphans += len(rows)
            return None
        charity = tables[r.CHARITY][0]
        regno, linked = charity[3], charity[4]
        main = self.plan.main_by_regno.get(regno) if linked else None
        digest = record_hash(rows, main)
        known = self.plan.existing.get(org)
        if known and is_unchanged(known[1], known[2], digest):
            self.batch.confirmed.append(str(org))
            return None
        company_id = f"GB-COH-{charity[19]}" if charity[19] else ""
        return Pending(org, tables, digest, known, main, charity_org_id(regno, linked), company_id)

    def build(self, pending: Pending) -> None:
        org, tables, digest, known, main, org_id, _ = pending
        charity = tables[r.CHARITY][0]
        uuid = self.plan.uuid_for(org, org_id)
        regno = charity[3]
        parent = self.plan.uuid_for(main, charity_org_id(regno, 0)) if main is not None else None
        replacing = known is not None or org_id in self.plan.adopted
        self.batch.organisation(uuid, self._organisation(charity, tables), replacing=replacing)
        self.batch.source_record(org, uuid, digest, existing=known is not None)
        self._identifiers(uuid, pending, new=not replacing)
        if parent is not None:
            self.batch.parents.append((parent, uuid))
        self._children(uuid, tables)

    def _organisation(self, c: tuple, tables: list[list[tuple]]) -> tuple:
        """The organisation's fields, in `ORGANISATION_FIELDS` order (the parent is set at the end)."""
        status = _STATUS.get(c[7], "unknown")
        governing = tables[r.GOVERNING][0] if tables[r.GOVERNING] else None
        extra = orjson.dumps({SOURCE: _extra(c, tables, governing)}).decode()
        return (
            c[5], _legal_form(c), status, c[10], c[8], c[9],
            _removal_reason(tables[r.EVENT]) if status == "removed" else "", c[20],
            governing[4] if governing else "", governing[5] if governing else "",
            c[12], c[13], c[11], income_band_for(c[12]),
            latest_count(tables[r.PART_B]), latest_count(tables[r.PART_A]), len(tables[r.TRUSTEE]) or None,
            c[14], c[15], c[17], c[16], c[18], None, extra,
        )  # fmt: skip

    def _identifiers(self, uuid: str, pending: Pending, *, new: bool) -> None:
        """Give the organisation the charity's org-ids no other organisation holds (a company number
        another holds becomes a link). A new organisation's canonical org-id is its primary one from the
        start; one that held identifiers already is settled at the end of the run by
        `canonical_identifiers_refresh`, as the shared writer settles it."""
        org_id, company_id, owners = pending.org_id, pending.company_id, self.plan.owners
        added = []
        if owners.get(org_id) is None:
            added.append(org_id)
        elif owners[org_id] != uuid:
            self.batch.notes.append(f"{org_id} already belongs to another organisation: not added again")
        if company_id:
            holder = owners.get(company_id) or self.plan.claimed.get(company_id)
            if holder is None:
                self.plan.claimed[company_id] = uuid
                added.append(company_id)
            elif holder != uuid:
                self.batch.add("links", (uuid, holder, "company", SOURCE))
        flags = primary_flags(added) if new else [False] * len(added)
        for identifier, is_primary in zip(added, flags, strict=True):
            self.batch.add("identifiers", (identifier, *split_org_id(identifier), uuid, is_primary))
        if not new and (added or pending.known is None):  # gained an org-id, or another source made it
            self.batch.rechecked.append(uuid)

    def _children(self, uuid: str, tables: list[list[tuple]]) -> None:
        add = self.batch.add
        for code in sorted({row[3] for row in tables[r.CLASSIFICATION]}):
            add("classifications", (uuid, SOURCE, code, SOURCE))
        for row in tables[r.AREA]:
            if row[4]:
                add("areas", (uuid, *row[3:8], SOURCE))
        for year in financial_years(tables[r.HISTORY], tables[r.PART_A], tables[r.PART_B]):
            add("financial_years", (uuid, SOURCE, *year))
        for row in tables[r.EVENT]:
            add("events", (uuid, *row[3:8], SOURCE))
        for row in tables[r.OTHER_NAME]:
            if row[3]:
                add("other_names", (uuid, row[3], row[4], SOURCE))
        for row in tables[r.TRUSTEE]:
            if row[3] == "O" and row[4]:
                add("trustees", (uuid, row[4], row[5], SOURCE))


def _legal_form(charity: tuple) -> str:
    kind = charity[6]
    if charity[21].get("charity_is_cio") and "CIO" not in kind:
        return "CIO"
    return kind


def _removal_reason(events: list[tuple]) -> str:
    """The reason given for the latest removal in the charity's history."""
    removals = [row for row in events if row[3] == "Removed"]
    if not removals:
        return ""
    return max(removals, key=lambda row: (row[4] or "", row[8] or 0))[5][:200]


def _extra(charity: tuple, tables: list[list[tuple]], governing: tuple | None) -> dict:
    """Facts with no column of their own, kept under the source's name in `Organisation.extra`."""
    extra: dict = {"organisation_number": charity[0], "registered_charity_number": charity[3]}
    extra["linked_charity_number"] = charity[4]
    if charity[6]:
        extra["charity_type"] = charity[6]
    if governing and governing[3]:
        extra["governing_document"] = governing[3]
    extra.update(charity[21])
    if tables[r.POLICY]:
        extra["policies"] = sorted({row[3] for row in tables[r.POLICY] if row[3]})
    if tables[r.REGULATOR]:
        regulators = sorted(tables[r.REGULATOR], key=lambda row: row[3] or 0)
        extra["other_regulators"] = [{"name": row[4], "url": row[5]} for row in regulators]
    if tables[r.REPORT]:
        reports = sorted(tables[r.REPORT], key=lambda row: (row[5] or "", row[3]))
        extra["published_reports"] = [{"name": row[3], "url": row[4], "date": row[5]} for row in reports]
    return extra
