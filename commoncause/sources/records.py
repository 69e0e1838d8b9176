"""Plain records that row-per-organisation importers hand to the shared writer.

An importer turns one row of its file into one `OrgRecord`; `commoncause.sources.writer` links it to
the organisation it describes and writes it. Records hold plain values only, so a record's
fingerprint tells an unchanged row from a changed one without reading the register back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FinancialYearRecord:
    """One financial year: totals and whatever breakdown the source gives (pounds)."""

    period_end: dt.date
    period_start: dt.date | None = None
    income: int | None = None
    spending: int | None = None
    breakdown: dict[str, int] = field(default_factory=dict)


@dataclass
class AreaRecord:
    """One area where an organisation says it works."""

    name: str
    area_type: str = ""
    parent_type: str = ""
    parent_name: str = ""
    gss_code: str = ""


@dataclass
class OrgRecord:
    """One source's record of one organisation.

    `org_ids` are the organisation's identifiers, primary first; the writer adds each to the
    organisation. `match_ids` only help find the organisation (an identifier another list pairs it
    with) and are never added. `fields` are `Organisation` fields; `extra` is merged into
    `Organisation.extra` (importers keep their keys under their own source name). `row` and
    `key_field` say where the record came from, for error messages.
    """

    source: str
    source_key: str
    org_ids: list[str]
    fields: dict[str, Any]
    row: int = 0
    key_field: str = ""
    match_ids: list[str] = field(default_factory=list)
    other_names: list[tuple[str, str]] = field(default_factory=list)  # (name, name type)
    classifications: list[tuple[str, str]] = field(default_factory=list)  # (scheme, code)
    areas: list[AreaRecord] = field(default_factory=list)
    financial_years: list[FinancialYearRecord] = field(default_factory=list)
    organisational_trustees: list[tuple[str, bool]] = field(default_factory=list)  # (name, is chair)
    links: list[tuple[str, str]] = field(default_factory=list)  # (other organisation's org-id, kind)
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """SHA-1 of everything the record says (not where in the file it was)."""
        content = (
            self.source,
            self.source_key,
            self.org_ids,
            self.match_ids,
            self.fields,
            self.other_names,
            self.classifications,
            [vars(area) for area in self.areas],
            [vars(year) for year in self.financial_years],
            self.organisational_trustees,
            self.links,
            self.extra,
        )
        text = json.dumps(content, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
