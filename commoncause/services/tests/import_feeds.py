"""Test helpers: Open Referral UK feeds imported as `import_source oruk` does, and copies of the real
mocks and examples changed in one place."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from commoncause.register.models import ImportRun
from commoncause.services.tests.import_rows import EXAMPLES, MOCKS
from commoncause.sources.base import import_source_run
from commoncause.sources.registry import importer_for

CSV_EXAMPLES = EXAMPLES / "csv"
DESCRIPTOR = EXAMPLES.parent / "datapackage.json"


def feed_import(path: Path, *, extract_date: dt.date | None = None) -> ImportRun:
    """Import a feed (a folder or a file) as `import_source oruk` does."""
    return import_source_run(kind="oruk", path=path, importer=importer_for("oruk"), extract_date=extract_date)


def mock(name: str) -> Path:
    """One of the ORUK validator's mock feeds: Default, Warn, Fail or Test."""
    return MOCKS / f"V3.0-UK-{name}"


def mock_copy(name: str, into: Path, change: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """A copy of a mock feed as a folder of its own; `change` edits its service_full.json."""
    folder = into / name
    shutil.copytree(mock(name), folder)
    for file in folder.iterdir():
        file.chmod(0o644)
    if change is not None:
        target = folder / "service_full.json"
        document = json.loads(target.read_text(encoding="utf-8"))
        change(document)
        target.write_text(json.dumps(document), encoding="utf-8")
    return folder


def package_copy(into: Path, *, descriptor: bool) -> Path:
    """The standard's example CSVs as a data package folder, with or without its datapackage.json."""
    folder = into / "example-package"
    folder.mkdir()
    for file in CSV_EXAMPLES.glob("*.csv"):
        shutil.copyfile(file, folder / file.name)
    if descriptor:
        shutil.copyfile(DESCRIPTOR, folder / "datapackage.json")
    return folder


def cell_set(file: Path, row: int, column: str, value: str) -> None:
    """Write `value` into one cell of a CSV (row 2 is the first under the header)."""
    import csv

    with file.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]  # the examples end their lines \r\r\n
    rows[row - 1][rows[0].index(column)] = value  # written back with one line ending each
    with file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
