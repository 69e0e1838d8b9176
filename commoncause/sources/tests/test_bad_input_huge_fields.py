"""Bad input: a field far longer than any real one is refused, naming file, row and field, without
reading it into memory (a small zip can hold a field of hundreds of megabytes)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from commoncause.sources.reading import MAX_ROW_CHARS
from commoncause.sources.tests.ccew_extract import TEXT_EXTRACT, copy_extract, read_member, write_member
from commoncause.sources.tests.importing import assert_import_fails

pytestmark = pytest.mark.django_db

HUGE = 48 << 20  # characters in the one huge field: 48 MiB, a few hundred kilobytes zipped
BOUND = 12 << 20  # bytes the import may allocate at its peak, whatever the field's length
COMPANIES = "BasicCompanyData-2020-06-01-sample.csv"


def _csv_with_huge_field(
    sample: Path, column: str, encoding: str = "utf-8", *, value: str = "x" * HUGE
) -> bytes:
    """The sample's header and first row, with one field made huge."""
    with sample.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    first[[name.strip() for name in header].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows([header, first])
    return out.getvalue().encode("utf-8")


def _zipped(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return path


def _peak_while(action: Callable[[], object]) -> int:
    """The most memory (bytes, as Python allocates it) in use at once during the action, over the start."""
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - start


def _refused_within_bound(kind: str, path: Path, *, file: str, row: int, field: str) -> str:
    messages: list[str] = []
    peak = _peak_while(
        lambda: messages.append(assert_import_fails(kind, path, file=file, row=row, field=field))
    )
    assert peak < BOUND, f"the import took {peak / 2**20:.0f} MiB to refuse a {HUGE >> 20} MiB field"
    return messages[0]


def test_companies_zip_with_a_huge_field_is_refused_in_bounded_memory(demo_data_dir, tmp_path):
    data = _csv_with_huge_field(demo_data_dir / COMPANIES, "CompanyName")
    path = _zipped(tmp_path / "BasicCompanyData-2020-06-01.zip", COMPANIES, data)
    assert path.stat().st_size < 1 << 20

    message = _refused_within_bound(
        "companies", path, file=f"{path.name}/{COMPANIES}", row=2, field="CompanyName"
    )

    assert f"the row is longer than {MAX_ROW_CHARS:,} characters" in message


@pytest.mark.parametrize(
    ("kind", "sample", "column", "encoding"),
    [
        ("companies", "BasicCompanyData-2020-06-01-sample.csv", "RegAddress.PostTown", "utf-8"),
        ("ccni", "ccni-charitydetails-sample.csv", "Charity name", "cp1252"),
        ("csv", "ukcat_sample_ccew_2000.csv", "activities", "utf-8"),
    ],
)
def test_csv_with_a_huge_field_is_refused_in_bounded_memory(
    kind, sample, column, encoding, demo_data_dir, tmp_path
):
    path = tmp_path / sample
    path.write_bytes(_csv_with_huge_field(demo_data_dir / sample, column, encoding))

    _refused_within_bound(kind, path, file=sample, row=2, field=column)


def test_oscr_zip_with_a_huge_field_is_refused_in_bounded_memory(test_data_dir, tmp_path):
    sample = "CharityExport-25-Nov-2026.csv"
    data = _csv_with_huge_field(test_data_dir / "oscr" / sample, "Objectives")
    path = _zipped(tmp_path / "CharityExport-25-Nov-2026.zip", sample, data)

    _refused_within_bound("oscr", path, file=f"{path.name}/{sample}", row=2, field="Objectives")


def test_field_with_an_open_quote_running_over_many_lines_is_refused(demo_data_dir, tmp_path):
    sample = "ukcat_sample_ccew_2000.csv"
    lines = ("x" * 99 + "\n") * (HUGE // 100)  # each line short, the field (in quotes) huge
    data = _csv_with_huge_field(demo_data_dir / sample, "objects", value=lines)
    path = tmp_path / sample
    path.write_bytes(data)

    _refused_within_bound("csv", path, file=sample, row=2, field="objects")


def test_360giving_spreadsheet_with_a_huge_field_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "grants.csv"
    path.write_bytes(b"Identifier,Title,Description\r\n360G-x-1,A grant," + b"x" * HUGE + b"\r\n")

    _refused_within_bound("360giving", path, file="grants.csv", row=2, field="Description")


def test_ccew_table_with_a_huge_field_is_refused_in_bounded_memory(tmp_path):
    extract = copy_extract(tmp_path)
    lines = read_member(extract, "charity").split("\r\n")
    fields = lines[1].split("\t")
    fields[4] = "x" * HUGE  # charity_name
    lines[1] = "\t".join(fields)
    write_member(extract, "charity", "\r\n".join(lines))

    _refused_within_bound("ccew", extract, file="publicextract.charity.zip", row=2, field="charity_name")


def test_360giving_package_with_a_huge_value_is_refused(test_data_dir, tmp_path):
    package = json.loads((test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json").read_bytes())
    package["grants"][2]["description"] = "x" * HUGE
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    message = assert_import_fails("360giving", path, file="grants.json", row=3, field="description")

    assert "longer than" in message


_READ_GRANTS = """
import sys
from pathlib import Path
import django
django.setup()
from commoncause.funding.threesixty.files import GrantFile
from commoncause.sources.base import ImportProblem
Path("/proc/self/clear_refs").write_text("5")  # the peak so far (setting up) is forgotten
try:
    for _ in GrantFile(Path(sys.argv[1])).grants():
        pass
except ImportProblem:
    pass
status = Path("/proc/self/status").read_text()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def _peak_rss_reading_grants(path: Path) -> int:
    """The peak resident memory (bytes) of a process that reads the package's grants (the parser's
    own buffers are outside what tracemalloc sees)."""
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", _READ_GRANTS, str(path)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1]) * 1024


def test_360giving_package_with_a_huge_value_is_read_in_bounded_memory(test_data_dir, tmp_path):
    sample = test_data_dir / "grants" / "alwf-360giving-grants-2021-02.json"
    package = json.loads(sample.read_bytes())
    package["grants"][2]["description"] = "x" * HUGE
    path = tmp_path / "grants.json"
    path.write_text(json.dumps(package), encoding="utf-8")

    growth = _peak_rss_reading_grants(path) - _peak_rss_reading_grants(sample)

    assert growth < BOUND, f"reading took {growth / 2**20:.0f} MiB more for a {HUGE >> 20} MiB value"


def test_ccew_json_table_with_a_huge_field_is_refused_in_bounded_memory(tmp_path):
    from commoncause.sources.tests.ccew_extract import json_extract

    extract = json_extract(TEXT_EXTRACT, tmp_path)
    table = extract / "publicextract.charity.zip"
    with zipfile.ZipFile(table) as archive:
        lines = archive.read("publicextract.charity.json").decode("utf-8").split("\r\n")
    record = json.loads(lines[1].lstrip(","))
    record["charity_name"] = "x" * HUGE
    lines[1] = "," + json.dumps(record)
    _zipped(table, "publicextract.charity.json", "\r\n".join(lines).encode("utf-8"))

    _refused_within_bound("ccew", extract, file="publicextract.charity.zip", row=2, field="charity_name")
