"""The awards published as grants, written as 360Giving data: a JSON package (the package schema's shape:
the grants and the package's metadata), or the spreadsheet form (XLSX or CSV) with the standard's
column titles, which flattentool and `import_source 360giving` read.

Nothing invalid is written: every grant is checked against the standard's grant schema and the package
against the package schema first. The column titles are those the importer reads (`sheets.column_fields`,
derived from the schema), written as the schema spells them; the spreadsheet has one row per grant, so
a list the standard allows several of (beneficiary locations) gives its first item there, and all of
them in the JSON package.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from commoncause.accounts.curation import DecisionError
from commoncause.accounts.models import Council
from commoncause.funding.models import Grant
from commoncause.funding.opendata.publisher import (
    LICENCE,
    SERVICE,
    grants_id_prefix,
    now_text,
    publisher_name,
    site_url,
)
from commoncause.funding.threesixty.schema import grant_problems
from commoncause.funding.threesixty.sheets import column_fields
from commoncause.register.downloads import csv_cell

FOLDER = ("reference", "360giving")
VERSION = "1.4"  # the standard's version of the shipped schema (1.4.3), as major.minor
FORMATS = (".json", ".xlsx", ".csv")
SHOWN = 10  # problems named in a refusal
Step = str | int


def grants_published(*, council: Council | None = None, examples: bool = True) -> QuerySet[Grant]:
    """The grants published from awards made through the service, oldest award first."""
    grants = Grant.objects.filter(award__isnull=False)
    if council is not None:
        grants = grants.filter(award__opportunity__council=council)
    if not examples:
        grants = grants.filter(is_example=False)
    return grants.order_by("award_date", "grant_id")


def threesixty_package(
    grants: Iterable[Grant], *, council: Council | None = None, address: str | None = None
) -> dict[str, Any]:
    """The 360Giving package of these grants, with its metadata; refused (DecisionError) when a grant
    or the package breaks the standard's schema, or there is no grant."""
    site = (address or site_url()).rstrip("/")
    listed = [grant.data for grant in grants]
    if not listed:
        raise DecisionError("No award has been published as a grant yet: there is nothing to export.")
    examples = sum(1 for grant in listed if is_example_grant(grant))
    package = {
        "version": VERSION,
        "title": f"Grants awarded by {council.name}" if council else f"Grants awarded through {SERVICE}",
        "description": _description(len(listed), examples),
        "identifier": f"{grants_id_prefix()}-grants" + (f"-{council.slug}" if council else ""),
        "issued": now_text(),
        "modified": now_text(),
        "publisher": _publisher(council, site),
        "accessURL": f"{site}{reverse('funding:grant_list')}",
        "downloadURL": f"{site}{reverse('funding:export_360giving_json')}",
        "license": LICENCE,
        "grants": listed,
    }
    package_check(package)
    return package


def is_example_grant(grant: dict[str, Any]) -> bool:
    """Whether a published grant is marked as an example (by its classification)."""
    return any(item.get("code") == "example" for item in grant.get("classifications") or [])


def _description(count: int, examples: int) -> str:
    text = (
        f"{count} grant{'s' if count != 1 else ''} awarded through {SERVICE}, in the 360Giving Data Standard."
    )
    if examples:
        text += (
            f" {examples} of them {'are examples' if examples != 1 else 'is an example'} made for the "
            "demonstration, on real organisations, and not real councils' decisions: each says so in "
            "its title, its description and a classification (code 'example')."
        )
    return text


def _publisher(council: Council | None, site: str) -> dict[str, str]:
    publisher = {"name": publisher_name(council), "website": site}
    if council is not None and council.org_id:
        publisher["identifier"] = council.org_id
    return publisher


def package_check(package: dict[str, Any]) -> None:
    """Refuse (DecisionError) a package with any grant or package field against the standard."""
    problems = [
        f"grant {grant.get('id')}: {field}: {message}"
        for grant in package["grants"]
        for field, message in grant_problems(grant)
    ] + package_problems(package)
    if problems:
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        raise DecisionError("The export breaks the 360Giving schema: " + "; ".join(problems[:SHOWN]) + more)


@cache
def package_validator() -> Draft202012Validator:
    """The 360Giving package schema, with its reference to the grant schema resolved to the shipped copy."""
    folder = Path(settings.DATA_DIR).joinpath(*FOLDER)
    grant = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    package = json.loads((folder / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [(grant["$id"], resource), (package["properties"]["grants"]["items"]["$ref"], resource)]
    )
    return Draft202012Validator(package, registry=registry, format_checker=FormatChecker())


def package_problems(package: Any) -> list[str]:
    """'field: message' for each way a package breaks the package schema; [] for a valid one."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(package)'}: {error.message[:200]}"
        for error in package_validator().iter_errors(package)
    ]


@cache
def sheet_columns() -> list[tuple[str, tuple[Step, ...]]]:
    """Each column title the importer reads, as the schema spells it, with the field it fills, in the
    schema's order."""
    schema = json.loads(
        Path(settings.DATA_DIR).joinpath(*FOLDER, "360-giving-schema.json").read_text(encoding="utf-8")
    )
    columns = []
    for key, (path, _kind) in column_fields().items():
        title = _title_along(schema, path)
        if title.casefold() == key:
            columns.append((title, path))
    return columns


def _title_along(schema: dict[str, Any], path: tuple[Step, ...]) -> str:
    """The titles of the fields along a path, joined by ':' ("Recipient Org:Identifier")."""

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node and node["$ref"].startswith("#/"):
            target: Any = schema
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    titles, node = [], schema
    for step in path:
        if isinstance(step, int):
            node = resolve(node["items"])
            continue
        node = resolve(node["properties"][step])
        titles.append(str(node.get("title", step)))
    return ":".join(titles)


def _value_at(grant: dict[str, Any], path: tuple[Step, ...]) -> Any:
    value: Any = grant
    for step in path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and len(value) > step else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            return None
    return value


def sheet_rows(grants: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The spreadsheet form of these grants: the titles of the columns any grant fills, and a row each."""
    columns = [
        (title, path)
        for title, path in sheet_columns()
        if any(_value_at(grant, path) is not None for grant in grants)
    ]
    rows = [[_value_at(grant, path) for _title, path in columns] for grant in grants]
    return [title for title, _path in columns], rows


def xlsx_bytes(package: dict[str, Any]) -> bytes:
    """The package's grants as a 360Giving spreadsheet (one sheet, a row per grant)."""
    titles, rows = sheet_rows(package["grants"])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("grants")
    sheet.append(titles)
    for row in rows:
        sheet.append([_text_cell(sheet, value) if isinstance(value, str) else value for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet: Any, value: str) -> Any:
    """A text cell that stays text whatever it starts with: a title such as "=HYPERLINK(…)" is never
    stored as a formula a spreadsheet would run."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def csv_text(package: dict[str, Any]) -> str:
    """The grants as 360Giving CSV; text a spreadsheet would run as a formula gets a leading apostrophe
    (as the service's other CSV downloads do)."""
    titles, rows = sheet_rows(package["grants"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(titles)
    writer.writerows([csv_cell(value) if isinstance(value, str) else value for value in row] for row in rows)
    return out.getvalue()


def threesixty_write(out: Path, *, council: Council | None = None, examples: bool = True) -> int:
    """Write the published grants to `out` as its name's ending says (.json, .xlsx or .csv); how many."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise DecisionError(f"Give a file ending in {', '.join(FORMATS)}, not {out.name}.", field="out")
    package = threesixty_package(grants_published(council=council, examples=examples), council=council)
    if suffix == ".json":
        out.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    elif suffix == ".xlsx":
        out.write_bytes(xlsx_bytes(package))
    else:
        out.write_text(csv_text(package), encoding="utf-8")
    return len(package["grants"])
