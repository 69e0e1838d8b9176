"""`import_source csv <file>`: an organisation list in CSV or XLSX, as councils and infrastructure
bodies keep them.

Common column names are recognised without help (see `orglist_columns.FIELDS`), so the UK-CAT sample
of 2,000 real charities imports as it is: org ids, income, spending, financial year end, activities,
objects, website, company number, and its `UKCAT` and `ICNPTSO` codes as classifications. Anything
else is covered by a mapping file (`--mapping mapping.json`, format in `orglist_columns`).

Identity: a row's org-id column, else its charity number (GB-CHC / GB-SC / GB-NIC), else its
company number (GB-COH), is its primary org-id and the key of its source record. A row with none of
them gets `GB-LOCAL-…` from its name and postcode (`orgids.local_org_id`): stable over re-imports,
and shared by every list that names the group the same way. Rows with a register number also carry
that local id as a match id, so a group first listed without a number links up once it has one.

Facts from a regulator win over a list's: see `writer`. Records that disappear from a list are only
marked as such when a later copy is imported under the same file name.
"""

from __future__ import annotations

from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commoncause.register.models import ClassificationCode, OrganisationStatus
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.orgids import charity_org_id, company_org_id, local_org_id, normalise_org_id
from commoncause.sources.orglist_columns import Columns, columns_resolve, load_mapping
from commoncause.sources.reading import Table, read_csv_file, read_xlsx_file
from commoncause.sources.records import FinancialYearRecord, OrgRecord
from commoncause.sources.values import (
    bool_value,
    date_value,
    int_value,
    list_value,
    money_value,
    postcode_value,
    split_address,
    text,
)
from commoncause.sources.writer import SourceWriter

SOURCE = "csv"
CHARITY_SCHEMES = {"GB-CHC", "GB-SC", "GB-NIC"}
TEXT_FIELDS = {
    "activities": "activities",
    "objects": "charitable_objects",
    "area_of_benefit": "area_of_benefit",
    "legal_form": "legal_form",
    "email": "email",
    "phone": "phone",
    "website": "website",
}


def import_orglist(path: Path, ctx: ImportContext, mapping_path: Path | None = None) -> None:
    """Import one organisation list (CSV in any common encoding, or XLSX) into the register."""
    mapping = load_mapping(mapping_path) if mapping_path else None
    if path.is_dir():
        raise ImportProblem("give one CSV or XLSX file, not a folder", file=path.name)
    table, handle = _open_table(path)
    with closing(handle):
        columns = columns_resolve(
            table.header,
            file=table.file,
            mapping=mapping,
            mapping_name=mapping_path.name if mapping_path else "",
        )
        ctx.notes.extend(table.encoding_notes())
        if columns.ignored:
            ctx.notes.append(f"Columns not imported: {', '.join(columns.ignored)}.")
        classifier = _Classifier(columns)
        writer = SourceWriter(
            ctx, source=SOURCE, file_name=path.name, scope={"file_name": path.name}, match_new_groups=True
        )
        for number, values in ctx.progress(table.rows, description=f"Reading {path.name}"):
            ctx.counts.rows_read += 1
            writer.add(_record(_Row(number, values, columns, table.file), classifier))
        writer.finish()
    ctx.notes.extend(classifier.notes())


def _open_table(path: Path) -> tuple[Table, Any]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportProblem("old .xls workbooks cannot be read: save it as .xlsx or CSV", file=path.name)
    with path.open("rb") as handle:
        is_zip = handle.read(4) == b"PK\x03\x04"
    if suffix in {".xlsx", ".xlsm"} or is_zip:
        return read_xlsx_file(path)
    return read_csv_file(path)


@dataclass
class _Row:
    """One row, read through the column choices, with problems reported where they are."""

    number: int
    values: dict[str, Any]
    columns: Columns
    file: str

    def raw(self, name: str) -> Any:
        column = self.columns.by_field.get(name)
        return self.values.get(column) if column else None

    def text(self, name: str) -> str:
        return text(self.raw(name))

    def where(self, name: str) -> dict[str, Any]:
        return {"file": self.file, "row": self.number, "field": self.columns.by_field.get(name, name)}

    def date(self, name: str) -> Any:
        return date_value(self.raw(name), **self.where(name))

    def money(self, name: str) -> int | None:
        return money_value(self.raw(name), **self.where(name))

    def whole(self, name: str) -> int | None:
        return int_value(self.raw(name), **self.where(name))


def _record(row: _Row, classifier: _Classifier) -> OrgRecord:
    name = row.text("name")
    if not name:
        raise ImportProblem("the organisation's name is empty", **row.where("name"))
    address, postcode = _address(row)
    org_ids, key_field = _identifiers(row)
    local_id = local_org_id(name, postcode)
    fields = _fields(row, org_ids or [local_id])
    fields.update(name=name, address=address, postcode=postcode)
    year = _financial_year(row)
    return OrgRecord(
        source=SOURCE,
        source_key=(org_ids or [local_id])[0],
        org_ids=org_ids or [local_id],
        match_ids=[local_id] if org_ids else [],
        fields=fields,
        row=row.number,
        key_field=key_field or row.columns.by_field["name"],
        other_names=[(other, "Other name") for other in list_value(row.raw("other_name")) if other != name],
        classifications=classifier.codes(row),
        financial_years=[year] if year else [],
    )


def _identifiers(row: _Row) -> tuple[list[str], str]:
    """The row's org-ids, primary first, and the column the primary came from."""
    found: list[tuple[str, str]] = []
    for name, convert in (("org_id", normalise_org_id), ("charity_number", charity_org_id)):
        value = row.text(name)
        if value:
            try:
                found.append((convert(value), name))
            except ValueError as error:
                raise ImportProblem(str(error), **row.where(name)) from None
    company = company_org_id(row.text("company_number"))
    if company:
        found.append((company, "company_number"))
    org_ids = list(dict.fromkeys(org_id for org_id, _ in found))
    return org_ids, (row.columns.by_field[found[0][1]] if found else "")


def _address(row: _Row) -> tuple[str, str]:
    address = row.text("address")
    postcode = postcode_value(row.raw("postcode"))
    if address and not postcode:
        address, postcode = split_address(address)
    return address, postcode


def _fields(row: _Row, org_ids: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        target: row.text(name) for name, target in TEXT_FIELDS.items() if row.columns.has(name)
    }
    for name in ("date_registered", "date_removed"):
        if row.columns.has(name):
            fields[name] = row.date(name)
    for name, target in (("employees", "employees"), ("volunteers", "volunteers")):
        if row.columns.has(name):
            fields[target] = row.whole(name)
    for name, target in (("income", "latest_income"), ("spending", "latest_spending")):
        if row.columns.has(name):
            fields[target] = row.money(name)
    if row.columns.has("financial_year_end"):
        fields["latest_financial_year_end"] = row.date("financial_year_end")
    if row.columns.has("status"):
        fields.update(_status(row.raw("status"), is_charity=org_ids[0].rsplit("-", 1)[0] in CHARITY_SCHEMES))
    return fields


def _status(value: Any, *, is_charity: bool) -> dict[str, str]:
    """'True'/'Active'/'Registered' -> registered (a charity) or active; 'False'/'Removed' likewise."""
    raw = text(value)
    flag = bool_value(value)
    detail = "" if raw.casefold() in {"true", "false", "yes", "no", "1", "0", ""} else raw
    if flag is None:
        return {"status": OrganisationStatus.UNKNOWN, "status_detail": detail} if raw else {}
    if flag:
        status = OrganisationStatus.REGISTERED if is_charity else OrganisationStatus.ACTIVE
    else:
        status = OrganisationStatus.REMOVED if is_charity else OrganisationStatus.DISSOLVED
    return {"status": status, "status_detail": detail}


def _financial_year(row: _Row) -> FinancialYearRecord | None:
    if not row.columns.has("financial_year_end"):
        return None
    period_end = row.date("financial_year_end")
    if period_end is None:
        return None
    income = row.money("income") if row.columns.has("income") else None
    spending = row.money("spending") if row.columns.has("spending") else None
    return FinancialYearRecord(period_end=period_end, income=income, spending=spending)


class _Classifier:
    """Codes from classification columns, kept when the scheme knows them, counted when not."""

    def __init__(self, columns: Columns) -> None:
        self.schemes = [
            name.partition(":")[2] for name in columns.by_field if name.startswith("classification:")
        ]
        self.known = {
            scheme: set(ClassificationCode.objects.filter(scheme=scheme).values_list("code", flat=True))
            for scheme in self.schemes
        }
        self.unknown: Counter[tuple[str, str]] = Counter()

    def codes(self, row: _Row) -> list[tuple[str, str]]:
        found = []
        for scheme in self.schemes:
            for code in list_value(row.raw(f"classification:{scheme}"), separators=";,|"):
                if code in self.known[scheme] or code.upper() in self.known[scheme]:
                    found.append((scheme, code if code in self.known[scheme] else code.upper()))
                else:
                    self.unknown[(scheme, code)] += 1
        return found

    def notes(self) -> list[str]:
        if not self.unknown:
            return []
        shown = ", ".join(
            f"{scheme} '{code}' ({count})" for (scheme, code), count in self.unknown.most_common(20)
        )
        return [f"Classification codes not in their scheme, not imported: {shown}."]
