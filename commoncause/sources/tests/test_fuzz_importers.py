"""Every importer, fed damaged copies of its real sample files, either imports or refuses the file with a
message naming it, and a refused file leaves the register exactly as it was.

The damage is what files suffer on their way to us: flipped bytes, a cut-off end, lines lost or given twice,
columns swapped, a stray quote, NUL or line break, a field far too long, another encoding. Hypothesis picks
it, from a fixed seed (the same cases on every run), a few cases per importer (`FUZZ_EXAMPLES` in the
environment asks for more).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from commoncause.funding.models import Grant
from commoncause.sources.reading import MAX_ROW_CHARS
from commoncause.sources.tests.ccew_extract import TEXT_EXTRACT, json_extract, register_fingerprint
from commoncause.sources.tests.importing import import_source

pytestmark = pytest.mark.django_db

DEMO = Path(settings.DATA_DIR) / "demo"
TESTS = Path(settings.BASE_DIR) / "tests" / "data"
ROWS = 30  # of each sample: enough for every kind of line, few enough to import quickly
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))  # more to hunt: FUZZ_EXAMPLES=500 pytest …

Mutation = tuple[str, int, int]


def _first_lines(path: Path, count: int = ROWS) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[: count + 1])


def _grants_package() -> bytes:
    package = json.loads((TESTS / "grants" / "alwf-360giving-grants-2021-02.json").read_bytes())
    return json.dumps({"grants": package["grants"][:ROWS]}, indent=1).encode("utf-8")


def _grants_sheet() -> bytes:
    """The funder's own spreadsheet of the same grants, as CSV."""
    workbook = load_workbook(TESTS / "grants" / "alwf-360giving-grants-2021-02.xlsx", read_only=True)
    out = io.StringIO()
    writer = csv.writer(out)
    for _, row in zip(range(ROWS + 1), workbook.worksheets[0].iter_rows(values_only=True), strict=False):
        writer.writerow(
            [value.date().isoformat() if isinstance(value, dt.datetime) else value for value in row]
        )
    workbook.close()
    return out.getvalue().encode("utf-8")


# kind -> (the command's kind, the file's name, its bytes)
SAMPLES: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    "companies": (
        "companies",
        "BasicCompanyData-2020-06-01-sample.csv",
        lambda: _first_lines(DEMO / "BasicCompanyData-2020-06-01-sample.csv"),
    ),
    "ccni": (
        "ccni",
        "ccni-charitydetails-sample.csv",
        lambda: _first_lines(DEMO / "ccni-charitydetails-sample.csv"),
    ),
    "oscr": (
        "oscr",
        "CharityExport-25-Nov-2026.csv",
        lambda: (TESTS / "oscr" / "CharityExport-25-Nov-2026.csv").read_bytes(),
    ),
    "csv": ("csv", "ukcat_sample_ccew_2000.csv", lambda: _first_lines(DEMO / "ukcat_sample_ccew_2000.csv")),
    "360giving-json": ("360giving", "grants.json", _grants_package),
    "360giving-csv": ("360giving", "grants.csv", _grants_sheet),
}
SNIPPETS = (b'"', b"\x00", b"\r", b"\n", b",", b"\t", b"\xff", b'""', b"x" * (MAX_ROW_CHARS + 10))
ENCODINGS = ("utf-16", "utf-32", "cp1252", "latin-1", "utf-8-sig", "ascii")
OPERATIONS = ("flip", "truncate", "delete_line", "duplicate_line", "swap_columns", "insert", "encode")

mutations = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 2**31), st.integers(0, 2**31)),
    min_size=1,
    max_size=3,
)


def mutate(data: bytes, changes: list[Mutation], separator: bytes = b",") -> bytes:
    """The data with each change made in turn (positions taken modulo the data's length)."""
    for operation, a, b in changes:
        data = _CHANGES[operation](data, a, b, separator)
    return data


def _flip(data: bytes, a: int, b: int, _: bytes) -> bytes:
    if not data:
        return data
    at = a % len(data)
    return data[:at] + bytes([b % 256]) + data[at + 1 :]


def _truncate(data: bytes, a: int, _b: int, _: bytes) -> bytes:
    return data[: a % (len(data) + 1)]


def _delete_line(data: bytes, a: int, _b: int, _: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    return b"".join(lines[: a % len(lines)] + lines[a % len(lines) + 1 :]) if lines else data


def _duplicate_line(data: bytes, a: int, b: int, _: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    if lines:
        lines.insert(b % (len(lines) + 1), lines[a % len(lines)])
    return b"".join(lines)


def _swap_columns(data: bytes, a: int, b: int, separator: bytes) -> bytes:
    """Two columns swapped in every line (header included), splitting naively, as a careless edit would."""
    out = []
    for line in data.splitlines(keepends=True):
        body = line.rstrip(b"\r\n")
        fields = body.split(separator)
        i, j = a % len(fields), b % len(fields)
        fields[i], fields[j] = fields[j], fields[i]
        out.append(separator.join(fields) + line[len(body) :])
    return b"".join(out)


def _insert(data: bytes, a: int, b: int, _: bytes) -> bytes:
    at = a % (len(data) + 1)
    return data[:at] + SNIPPETS[b % len(SNIPPETS)] + data[at:]


def _encode(data: bytes, _a: int, b: int, _: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    return text.encode(ENCODINGS[b % len(ENCODINGS)], errors="replace")


_CHANGES: dict[str, Callable[[bytes, int, int, bytes], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "delete_line": _delete_line,
    "duplicate_line": _duplicate_line,
    "swap_columns": _swap_columns,
    "insert": _insert,
    "encode": _encode,
}


def register_state() -> dict[str, object]:
    """Row counts and a digest of the register's contents, grants included."""
    state = register_fingerprint()
    grants = Grant.objects.order_by("grant_id").values_list("grant_id", "amount_awarded", "recipient_org_id")
    state["Grant"] = hashlib.sha256(repr(list(grants)).encode()).hexdigest()
    return state


def import_or_refuse(kind: str, path: Path, file: str) -> None:
    """The import succeeds, or fails naming the file, with the register as it was before it."""
    before = register_state()
    try:
        import_source(kind, path)
    except CommandError as error:
        message = str(error)
        assert message.startswith("Import failed, nothing was changed."), message
        assert file in message, message
        assert register_state() == before, message


fuzzing = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@fuzzing
@given(changes=mutations)
def test_a_damaged_file_is_imported_or_refused_by_name(sample, changes, tmp_path):
    kind, name, seed = SAMPLES[sample]
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / name
    path.write_bytes(mutate(seed(), changes))

    import_or_refuse(kind, path, name)


@pytest.mark.parametrize("sample", ["companies", "oscr"])
@fuzzing
@given(changes=mutations)
def test_a_damaged_file_in_its_zip_is_imported_or_refused_by_name(sample, changes, tmp_path):
    kind, name, seed = SAMPLES[sample]
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / name.replace("-sample.csv", ".csv").replace(".csv", ".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, mutate(seed(), changes))

    import_or_refuse(kind, path, path.name)


@pytest.fixture(scope="module")
def json_layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test extract in the regulator's JSON layout."""
    return json_extract(TEXT_EXTRACT, tmp_path_factory.mktemp("ccew"))


TABLE_ZIPS = sorted(p.name for p in TEXT_EXTRACT.glob("*.zip"))


def _damaged_extract(source: Path, table: str, changes: list[Mutation], folder: Path) -> Path:
    """A copy of the extract at `source` with one table's file damaged."""
    for table_zip in source.glob("*.zip"):
        (folder / table_zip.name).write_bytes(table_zip.read_bytes())
    with zipfile.ZipFile(source / table) as archive:
        member = archive.namelist()[0]
        data = archive.read(member)
    separator = b"\t" if member.endswith(".txt") else b","
    with zipfile.ZipFile(folder / table, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, mutate(data, changes, separator=separator))
    return folder


@fuzzing
@given(table=st.sampled_from(TABLE_ZIPS), changes=mutations)
def test_a_damaged_ccew_table_is_imported_or_refused_by_name(table, changes, tmp_path):
    folder = _damaged_extract(TEXT_EXTRACT, table, changes, Path(tempfile.mkdtemp(dir=tmp_path)))

    import_or_refuse("ccew", folder, table)


@fuzzing
@given(table=st.sampled_from(TABLE_ZIPS), changes=mutations)
def test_a_damaged_ccew_json_table_is_imported_or_refused_by_name(table, changes, json_layout, tmp_path):
    folder = _damaged_extract(json_layout, table, changes, Path(tempfile.mkdtemp(dir=tmp_path)))

    import_or_refuse("ccew", folder, table)


def _list_workbook(folder: Path) -> Path:
    """The organisation list's first rows as the XLSX workbook a council might send."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    with (DEMO / "ukcat_sample_ccew_2000.csv").open(encoding="utf-8", newline="") as handle:
        for _, row in zip(range(ROWS + 1), csv.reader(handle), strict=False):
            sheet.append(row)
    path = folder / "groups.xlsx"
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {
        "csv": _list_workbook(tmp_path_factory.mktemp("list")),
        "360giving": TESTS / "grants" / "alwf-360giving-grants-2021-02.xlsx",
    }


@pytest.mark.parametrize("kind", ["csv", "360giving"])
@fuzzing
@given(part=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"]), changes=mutations)
def test_a_damaged_workbook_is_imported_or_refused_by_name(kind, part, changes, workbooks, tmp_path):
    source = workbooks[kind]
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / source.name
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as damaged:
        if part not in original.namelist():  # openpyxl writes its strings in the sheet itself
            part = "xl/worksheets/sheet1.xml"
        for info in original.infolist():
            data = original.read(info)
            damaged.writestr(
                info.filename, mutate(data, changes, separator=b"<") if info.filename == part else data
            )

    import_or_refuse(kind, path, source.name)
