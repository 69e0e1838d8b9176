"""Second pass: from all of one charity's compact rows, the register rows that describe it.

A charity whose rows hash the same as at the last import is left alone. A new one gets an identifier
derived from its organisation number; a changed one keeps its own and has its CCEW child rows replaced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import NamedTuple

from commoncause.register.income_bands import income_band_for
from commoncause.sources.ccew import rows as r
from commoncause.sources.ccew.finances import financial_years
from commoncause.sources.ccew.tables import words
from commoncause.sources.ccew.targets import Batch

SOURCE = "ccew"
C = r.positions("charity")
EVENT = r.positions("charity_event_history")
_FLAGS = words(
    "charity_insolvent charity_in_administration charity_previously_excepted "
    "charity_is_cdf_or_cif charity_is_cio cio_is_dissolved date_cio_dissolution_notice "
    "charity_gift_aid charity_has_land"
)
_STATUS = {"Registered": "registered", "Removed": "removed"}
UUID_PREFIX = "63636577000080008000"  # "ccew" + version 8 (custom) + variant bits; then 12 hex digits


def derived_uuid(org: int) -> str:
    """The identifier of an organisation first seen in CCEW: its organisation number, in a UUIDv8."""
    return f"{UUID_PREFIX}{org:012x}"


def primary_org_id(regno: int, linked: int | None) -> str:
    return f"GB-CHC-{regno}-{linked}" if linked else f"GB-CHC-{regno}"


def record_hash(rows: list[tuple], main: int | None) -> str:
    """A fingerprint of everything kept about one charity, whatever order its rows came in."""
    lines = sorted("\x1f".join(map(str, row)) for row in rows)
    lines.append(str(main))
    return hashlib.blake2b("\x1e".join(lines).encode(), digest_size=16).hexdigest()


@dataclass
class Plan:
    """What the second pass needs beyond one charity's rows."""

    main_by_regno: dict[int, int]
    existing: dict[int, tuple[str, str, bool]]  # org number -> (uuid hex, record hash, disappeared)
    adopted: dict[str, str]  # GB-CHC org-id held by an organisation another source made -> its uuid
    gss: dict[str, str]
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
        regno, linked = charity[C["registered_charity_number"]], charity[C["linked_charity_number"]]
        main = self.plan.main_by_regno.get(regno) if linked else None
        digest = record_hash(rows, main)
        known = self.plan.existing.get(org)
        if known and known[1] == digest and not known[2]:
            self.batch.unchanged += 1
            return None
        number = company_number(charity[C["charity_company_registration_number"]] or "")
        company_id = f"GB-COH-{number}" if number else ""
        return Pending(org, tables, digest, known, main, primary_org_id(regno, linked), company_id)

    def build(self, pending: Pending) -> None:
        org, tables, digest, known, main, org_id, _ = pending
        charity = tables[r.CHARITY][0]
        uuid = self.plan.uuid_for(org, org_id)
        regno = charity[C["registered_charity_number"]]
        parent = self.plan.uuid_for(main, primary_org_id(regno, 0)) if main is not None else None
        replacing = known is not None or org_id in self.plan.adopted
        self.batch.organisation(uuid, self._organisation(charity, tables, parent), replacing=replacing)
        self.batch.source_record(org, uuid, digest, existing=known is not None)
        self._identifiers(uuid, pending)
        if parent is not None:
            self.batch.add("links", (parent, uuid, "linked_charity", SOURCE))
        self._children(uuid, tables)

    def _organisation(self, charity: tuple, tables: list[list[tuple]], parent: str | None) -> dict:
        status = _STATUS.get(charity[C["charity_registration_status"]], "unknown")
        income = charity[C["latest_income"]]
        objects, benefit, extra = _governing(tables[r.GOVERNING])
        extra.update(_extra(charity, tables))
        return {
            "name": charity[C["charity_name"]],
            "legal_form": _legal_form(charity),
            "status": status,
            "status_detail": charity[C["charity_reporting_status"]],
            "date_registered": charity[C["date_of_registration"]],
            "date_removed": charity[C["date_of_removal"]],
            "removal_reason": _removal_reason(tables[r.EVENT]) if status == "removed" else "",
            "activities": charity[C["charity_activities"]],
            "charitable_objects": objects,
            "area_of_benefit": benefit,
            "latest_income": income,
            "latest_spending": charity[C["latest_expenditure"]],
            "latest_financial_year_end": charity[C["latest_acc_fin_period_end_date"]],
            "income_band": income_band_for(income),
            "employees": _latest(tables[r.PART_B], "charity_annual_return_partb", "count_employees"),
            "volunteers": _latest(tables[r.PART_A], "charity_annual_return_parta", "count_volunteers"),
            "trustee_count": len(tables[r.TRUSTEE]) or None,
            "address": ", ".join(
                filter(None, (charity[C[f"charity_contact_address{i}"]] for i in range(1, 6)))
            ),
            "postcode": charity[C["charity_contact_postcode"]],
            "email": charity[C["charity_contact_email"]],
            "phone": charity[C["charity_contact_phone"]],
            "website": charity[C["charity_contact_web"]],
            "parent_id": parent,
            "extra": json.dumps({SOURCE: extra}, ensure_ascii=False, separators=(",", ":")),
        }

    def _identifiers(self, uuid: str, pending: Pending) -> None:
        org_id, company_id, owners = pending.org_id, pending.company_id, self.plan.owners
        if owners.get(org_id) is None:
            self.batch.add("identifiers", (org_id, "GB-CHC", org_id.removeprefix("GB-CHC-"), uuid, True))
        elif owners[org_id] != uuid:
            self.batch.notes.append(f"{org_id} already belongs to another organisation: not added again")
        if not company_id:
            return
        holder = owners.get(company_id) or self.plan.claimed.get(company_id)
        if holder is None:
            self.plan.claimed[company_id] = uuid
            self.batch.add(
                "identifiers", (company_id, "GB-COH", company_id.removeprefix("GB-COH-"), uuid, False)
            )
        elif holder != uuid:
            self.batch.add("links", (uuid, holder, "company", SOURCE))

    def _children(self, uuid: str, tables: list[list[tuple]]) -> None:
        add = self.batch.add
        for code in sorted({row[2] for row in tables[r.CLASSIFICATION] if row[2] is not None}):
            add("classifications", (uuid, SOURCE, str(code), SOURCE))
        gss = self.plan.gss
        for row in tables[r.AREA]:
            if row[3]:
                add("areas", (uuid, row[2], row[3], row[4], row[5], gss.get(row[3].upper(), ""), SOURCE))
        for year in financial_years(tables[r.HISTORY], tables[r.PART_A], tables[r.PART_B]):
            add("financial_years", (uuid, SOURCE, *year))
        for row in tables[r.EVENT]:
            add("events", _event(uuid, row))
        for row in tables[r.OTHER_NAME]:
            if row[3]:
                add("other_names", (uuid, row[3], row[2], SOURCE))
        for row in tables[r.TRUSTEE]:
            if row[2] == "O" and row[3]:
                add("trustees", (uuid, row[3], bool(row[4]), SOURCE))


def _legal_form(charity: tuple) -> str:
    kind = charity[C["charity_type"]]
    if charity[C["charity_is_cio"]] and "CIO" not in kind:
        return "CIO"
    return kind


def _removal_reason(events: list[tuple]) -> str:
    removals = [row for row in events if row[EVENT["event_type"]] == "Removed"]
    if not removals:
        return ""
    latest = max(
        removals, key=lambda row: (row[EVENT["date_of_event"]] or "", row[EVENT["charity_event_order"]] or 0)
    )
    return latest[EVENT["reason"]]


def _event(uuid: str, row: tuple) -> tuple:
    regno = row[EVENT["assoc_registered_charity_number"]]
    return (
        uuid,
        row[EVENT["event_type"]],
        row[EVENT["date_of_event"]],
        row[EVENT["reason"]],
        row[EVENT["assoc_charity_name"]],
        f"GB-CHC-{regno}" if regno else "",
        SOURCE,
    )


def _latest(rows: list[tuple], table: str, column: str) -> int | None:
    """A count from the latest financial period that gives it."""
    at, end = r.positions(table)[column], r.positions(table)["fin_period_end_date"]
    dated = [(row[end] or "", row[at]) for row in rows if row[at] is not None]
    return max(dated)[1] if dated else None


def _governing(rows: list[tuple]) -> tuple[str, str, dict]:
    if not rows:
        return "", "", {}
    row = rows[0]
    extra = {"governing_document": row[2]} if row[2] else {}
    return row[3], row[4], extra


def _extra(charity: tuple, tables: list[list[tuple]]) -> dict:
    """Facts with no column of their own, kept under the source's name in `Organisation.extra`."""
    extra: dict = {
        "organisation_number": charity[0],
        "registered_charity_number": charity[C["registered_charity_number"]],
        "linked_charity_number": charity[C["linked_charity_number"]],
    }
    if charity[C["charity_type"]]:
        extra["charity_type"] = charity[C["charity_type"]]
    extra.update({name: charity[C[name]] for name in _FLAGS if charity[C[name]] not in (None, "")})
    if tables[r.POLICY]:
        extra["policies"] = sorted({row[2] for row in tables[r.POLICY] if row[2]})
    if tables[r.REGULATOR]:
        regulators = sorted(tables[r.REGULATOR], key=lambda row: row[2] or 0)
        extra["other_regulators"] = [{"name": row[3], "url": row[4]} for row in regulators]
    if tables[r.REPORT]:
        extra["published_reports"] = [
            {"name": row[2], "url": row[3], "date": row[4]} for row in sorted(tables[r.REPORT], key=str)
        ]
    return extra


def company_number(text: str) -> str:
    """A Companies House number in its 8-character form ('3929396' -> '03929396'); '' for none or junk."""
    value = text.replace(" ", "").upper()
    if not value or not value.strip("0"):
        return ""
    letters, digits = (value[:2], value[2:]) if value[:2].isalpha() else ("", value)
    if not digits.isdigit() or len(letters) + len(digits) > 8:
        return ""
    return letters + digits.zfill(8 - len(letters))
