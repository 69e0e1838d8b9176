"""Which column of an organisation list holds which fact: common names recognised, or a mapping file.

Column names are compared case-, space- and punctuation-insensitively, so "Charity No.",
"charity_number" and "CHARITY NUMBER" are one name.

A mapping file is JSON naming the file's columns and the field each holds::

    {"columns": {"Group": "name", "Charity No.": "charity_number", "Tags": "classification:ukcat"}}

(a plain object of column -> field also works). Fields are the keys of `FIELDS` below, or
`classification:<scheme>` for a column of codes (`ccew`, `ukcat`, `icnptso`) separated by `;`.
A column mapped to "" or null is ignored. Columns the mapping leaves out are still recognised by
their common names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from commoncause.sources.base import ImportProblem

CLASSIFICATION_SCHEMES = ("ccew", "ukcat", "icnptso")

# field -> the column names recognised without a mapping (compared normalised, see `column_key`).
FIELDS: dict[str, tuple[str, ...]] = {
    "org_id": ("org id", "organisation id", "organization id", "org identifier"),
    "charity_number": (
        "charity number", "charity no", "charity num", "reg number", "reg no", "registered charity number",
        "registered charity no", "charity registration number", "charity reg number", "registered number",
    ),
    "company_number": (
        "company number", "company no", "company registration number", "company reg number",
        "companies house number", "crn",
    ),
    "name": (
        "name", "organisation name", "organization name", "org name", "group name", "charity name",
        "name of organisation", "organisation", "organization", "company name",
    ),
    "other_name": (
        "other name", "other names", "also known as", "aka", "working name", "known as", "trading name",
    ),
    "legal_form": ("legal form", "legal status", "organisation type", "organization type", "charity type"),
    "status": ("status", "active", "is active", "registration status", "charity status"),
    "date_registered": ("date registered", "registration date", "date of registration", "registered on"),
    "date_removed": ("date removed", "removal date", "date of removal", "date closed", "dissolution date"),
    "address": ("address", "full address", "street address", "postal address"),
    "postcode": ("postcode", "post code", "postal code"),
    "activities": ("activities", "description", "what we do", "activity", "about"),
    "objects": ("objects", "charitable objects", "objectives", "purposes", "charitable purposes"),
    "area_of_benefit": ("area of benefit",),
    "income": ("income", "total income", "annual income", "latest income", "gross income"),
    "spending": (
        "spending", "expenditure", "total expenditure", "total spending", "latest expenditure",
        "annual expenditure",
    ),
    "financial_year_end": ("financial year end", "fye", "year end", "financial year ending", "fy end"),
    "employees": ("employees", "staff", "employed staff", "number of employees"),
    "volunteers": ("volunteers", "number of volunteers"),
    "website": ("website", "web", "url", "web address", "website url", "homepage"),
    "email": ("email", "email address", "e mail", "contact email"),
    "phone": ("phone", "telephone", "tel", "phone number", "telephone number", "contact phone"),
    "classification:ccew": ("ccew classification", "ccew codes", "classification"),
    "classification:ukcat": ("ukcat", "uk cat", "ukcat codes"),
    "classification:icnptso": ("icnptso", "icnp tso"),
}  # fmt: skip


def column_key(name: str) -> str:
    """'Charity No.' -> 'charityno': letters and digits only, lower case."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


_RECOGNISED: dict[str, str] = {
    column_key(alias): name for name, aliases in FIELDS.items() for alias in aliases
}


@dataclass
class Columns:
    """Our field -> the file's column, and the file's columns nobody uses."""

    by_field: dict[str, str]
    ignored: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.by_field


def load_mapping(path: Path) -> dict[str, str]:
    """Read a mapping file: {"columns": {file column: field}} or {file column: field}."""
    try:
        content = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem(f"cannot read the column mapping: {error}", file=path.name) from None
    columns = content.get("columns", content) if isinstance(content, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(k, str) for k in columns):
        raise ImportProblem('a mapping is a JSON object like {"columns": {"Group": "name"}}', file=path.name)
    mapping = {}
    for column, target in columns.items():
        if target in (None, ""):
            continue
        if not isinstance(target, str) or target not in FIELDS and not _is_classification(target):
            known = ", ".join(sorted(name for name in FIELDS if ":" not in name))
            raise ImportProblem(
                f"'{target}' is not a field we know (fields: {known}, classification:<scheme>)",
                file=path.name,
                field=column,
            )
        mapping[column] = target
    return mapping


def _is_classification(target: str) -> bool:
    scheme = target.partition("classification:")[2]
    return target.startswith("classification:") and bool(re.fullmatch(r"[a-z0-9_]{1,20}", scheme))


def columns_resolve(
    header: list[str], *, file: str, mapping: dict[str, str] | None = None, mapping_name: str = ""
) -> Columns:
    """Decide which column holds which field: the mapping first, then the common names."""
    by_field: dict[str, str] = {}
    used: set[str] = set()
    for wanted, target in (mapping or {}).items():
        column = _find_column(header, wanted)
        if column is None:
            raise ImportProblem(
                f"the mapping {mapping_name} names column '{wanted}', which is not in the file "
                f"(columns: {', '.join(name for name in header if name)})",
                file=file,
                row=1,
                field=wanted,
            )
        by_field.setdefault(target, column)
        used.add(column)
    ignored = []
    for column in header:
        if not column or column in used:
            continue
        known = _RECOGNISED.get(column_key(column))
        if known and known not in by_field:
            by_field[known] = column
        elif known and column_key(by_field[known]) == column_key(column) and by_field[known] not in used:
            raise ImportProblem(
                f"the columns '{by_field[known]}' and '{column}' are both read as {known}: "
                "rename or remove one, or name the one to import in a --mapping file",
                file=file,
                row=1,
                field=column,
            )
        else:
            ignored.append(column)
    if "name" not in by_field:
        raise ImportProblem(
            "no column holds the organisation's name (looked for: Name, Organisation name, Charity name, …); "
            "name it in a --mapping file",
            file=file,
            row=1,
            field="name",
        )
    return Columns(by_field=by_field, ignored=ignored)


def _find_column(header: list[str], wanted: str) -> str | None:
    """The header's column with this name, exactly or compared normalised."""
    if wanted in header:
        return wanted
    key = column_key(wanted)
    return next((column for column in header if column and column_key(column) == key), None)


def mapping_help() -> str:
    """The `--mapping` option's help: the format and every field a column can be mapped onto."""
    fields = ", ".join(name for name in FIELDS if ":" not in name)
    schemes = ", ".join(CLASSIFICATION_SCHEMES)
    return (
        "csv only: a JSON file naming which of the file's columns holds which field, like "
        '{"columns": {"Group": "name", "Charity No.": "charity_number", "Tags": "classification:ukcat"}}. '
        f"Fields: {fields}, and classification:<scheme> ({schemes}; codes separated by ';'). "
        "A column mapped to null is ignored; columns the mapping leaves out are still recognised by "
        "their common names; a column the mapping names must be in the file."
    )
