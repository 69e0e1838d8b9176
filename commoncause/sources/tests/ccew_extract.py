"""Helpers for the CCEW importer tests: copies of the test extract to change, the same extract in the
regulator's JSON layout, and a fingerprint of the register to show a failed run changed nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from commoncause.register.models import (
    AreaOfOperation,
    Classification,
    FinancialYear,
    ImportRun,
    Organisation,
    OrganisationalTrustee,
    OrganisationEvent,
    OrganisationLink,
    OrgIdentifier,
    OtherName,
    SourceRecord,
)
from commoncause.sources.ccew.files import table_files
from commoncause.sources.ccew.reader import read_table
from commoncause.sources.ccew.tables import TABLES

TEXT_EXTRACT = Path(settings.BASE_DIR) / "tests" / "data" / "ccew_txt"
JSON_SAMPLES = Path(settings.BASE_DIR) / "tests" / "data" / "ccew_json"
MODELS = (
    Organisation,
    OrgIdentifier,
    OtherName,
    Classification,
    AreaOfOperation,
    FinancialYear,
    OrganisationLink,
    OrganisationEvent,
    OrganisationalTrustee,
    SourceRecord,
    ImportRun,
)


def import_ccew(path: Path) -> ImportRun:
    """Run `manage.py import_source ccew <path>` as a user would; return the run it recorded."""
    call_command("import_source", "ccew", str(path), "--no-progress", stdout=StringIO())
    run = ImportRun.objects.order_by("-pk").first()
    assert run is not None
    return run


def copy_extract(folder: Path) -> Path:
    """A copy of the text-layout test extract (13 zips) to change."""
    target = folder / "extract"
    shutil.copytree(TEXT_EXTRACT, target)
    return target


def read_member(folder: Path, table: str) -> str:
    """The text of one table of an extract folder (BOM and line ends kept)."""
    with zipfile.ZipFile(folder / f"publicextract.{table}.zip") as archive:
        return archive.read(f"publicextract.{table}.txt").decode("utf-8")


def write_member(folder: Path, table: str, data: bytes | str) -> None:
    """Replace one table of an extract folder with these bytes (text is written as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with zipfile.ZipFile(folder / f"publicextract.{table}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"publicextract.{table}.txt", raw)


def lines_without(lines: list[str], *, column: int, organisation_number: str) -> list[str]:
    """A table's lines without those of one organisation (its number in `column`)."""
    return [
        line
        for line in lines
        if len(line.split("\t")) <= column or line.split("\t")[column] != organisation_number
    ]


def change_lines(folder: Path, table: str, change: Callable[[list[str]], list[str]]) -> None:
    """Rewrite one table's physical lines (split at CRLF) with a function."""
    lines = read_member(folder, table).split("\r\n")
    write_member(folder, table, "\r\n".join(change(lines)))


def json_extract(source: Path, folder: Path) -> Path:
    """The same extract in the regulator's JSON layout: BOM, one object per line, leading commas,
    ISO dates with a time, numbers as numbers, missing values left out."""
    target = folder / "json"
    target.mkdir()
    for table, table_file in table_files(source).items():
        spec = TABLES[table]
        lines = [_json_object(spec, fields) for _, fields in read_table(table_file, spec)]
        body = "\ufeff[" + "\r\n,".join(lines) + "\r\n]" if lines else "\ufeff[]"
        with zipfile.ZipFile(target / f"publicextract.{table}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"publicextract.{table}.json", body.encode("utf-8"))
    return target


def _json_object(spec: object, fields: list[str]) -> str:
    item: dict[str, object] = {}
    for (name, kind), value in zip(spec.columns, fields, strict=True):  # type: ignore[attr-defined]
        if value == "":
            continue
        if kind == "d":
            item[name] = f"{value[:10]}T{value[11:19] or '00:00:00'}"
        elif kind in "im":
            item[name] = int(value)
        elif kind == "b":
            item[name] = value == "True"
        else:
            item[name] = value
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def register_fingerprint() -> dict[str, object]:
    """Row counts of every register table, and a hash of the contents of the main ones."""
    fingerprint: dict[str, object] = {model.__name__: model.objects.count() for model in MODELS}
    contents = [
        Organisation.objects.order_by("id").values_list(
            "id", "name", "status", "latest_income", "updated_at"
        ),
        SourceRecord.objects.order_by("source_key").values_list("source_key", "record_hash", "last_seen_run"),
        FinancialYear.objects.order_by("organisation", "period_end").values_list(
            "organisation", "period_end", "income"
        ),
        OrgIdentifier.objects.order_by("org_id").values_list("org_id", "organisation"),
    ]
    digest = hashlib.sha256(repr([list(query) for query in contents]).encode()).hexdigest()
    fingerprint["contents"] = digest
    return fingerprint


def register_contents() -> dict[str, list]:
    """Every value the import wrote, in a stable order, leaving out times, runs and row numbers."""
    leave_out = {"created_at", "updated_at", "first_seen_run", "last_seen_run", "disappeared_at"}
    contents = {}
    for model in MODELS[:-1]:
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.name not in leave_out and not (f.primary_key and model is not Organisation)
        ]
        contents[model.__name__] = sorted(model.objects.values_list(*names), key=repr)
    return contents
