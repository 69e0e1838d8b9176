"""Reading tabular source files as streams: CSV in any common encoding, and XLSX.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2.
Every problem (undecodable bytes, a truncated row, an empty file, a row too long to be real, a
column named twice) is an `ImportProblem` naming the file, the row and, where there is one, the field.

No CSV row is read past `MAX_ROW_CHARS`: a line is read with that limit, and a row longer (on one
line, or over several inside quotes) is refused, so a file whose one field runs to hundreds of
megabytes (or a quote left open) takes no more memory than a real row could.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from commoncause.sources.base import ImportProblem
from commoncause.sources.encodings import decoding_errors, detect_encoding, locate

KNOWN_ENCODINGS = {"cp1252": "Windows-1252", "utf-16": "UTF-16", "utf-32": "UTF-32"}
# The longest field of any source we read is a few tens of thousands of characters (a charity's
# objects or activities); a row of 1 MiB of text is far beyond any real one.
MAX_ROW_CHARS = 1 << 20
csv.field_size_limit(MAX_ROW_CHARS)
# An XLSX part (a sheet, or its shared strings, which openpyxl holds in memory) unzipped: a council's list
# or a funder's spreadsheet of a few thousand rows is a few megabytes.
MAX_WORKBOOK_PART_BYTES = 256 << 20


@dataclass
class Table:
    """A file's header (names trimmed) and its rows as (row number, {column: value})."""

    file: str
    header: list[str]
    rows: Iterator[tuple[int, dict[str, Any]]]
    encoding: str = ""

    def encoding_notes(self) -> list[str]:
        """What a run should say about how its file was decoded (nothing for plain UTF-8)."""
        encoding = self.encoding.lower().replace("_", "-")
        if encoding in {"", "utf-8", "utf-8-sig"}:
            return []
        if encoding in {"cp1252", "utf-16", "utf-32"}:
            return [f"Read as {KNOWN_ENCODINGS.get(encoding, encoding)} text."]
        return [f"Read as {encoding} text, a guess: check accented letters."]


def open_text(path: Path, *, name: str | None = None) -> IO[str]:
    """Open a text file in its detected encoding, for the csv module."""
    encoding = detect_encoding(path, name=name)
    return path.open(encoding=encoding, newline="")


class RowTooLong(Exception):
    """A CSV row ran past `MAX_ROW_CHARS`."""


class RowHasNul(Exception):
    """A CSV row holds a NUL character, which no text column can store (PostgreSQL refuses it)."""


class BoundedLines:
    """The lines of a text stream for the csv module, never reading a row past `MAX_ROW_CHARS`, and
    stopping at a NUL character.

    Keeps the text of the row being read (what the csv module asked for since `row_start`), to say
    which column a row too long is in."""

    def __init__(self, handle: IO[str]) -> None:
        self._readline = handle.readline
        self._row: list[str] = []
        self._size = 0

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self._readline(MAX_ROW_CHARS + 1 - self._size)
        if not line:
            raise StopIteration
        self._size += len(line)
        self._row.append(line)
        if self._size > MAX_ROW_CHARS:
            raise RowTooLong
        if "\x00" in line:
            self._row[-1] = line[: line.index("\x00")]
            raise RowHasNul
        return line

    def row_start(self) -> None:
        self._row.clear()
        self._size = 0

    def column(self) -> int:
        """The number of the column (from 0) the row read so far ends in (separators in quotes skipped)."""
        column, quoted = 0, False
        for match in re.finditer('[",]', "".join(self._row)):
            if match.group() == '"':
                quoted = not quoted
            elif not quoted:
                column += 1
        return column


def _unreadable(
    error: Exception, lines: BoundedLines, names: list[str], file: str, row: int
) -> ImportProblem:
    """The problem of a row too long, or holding a NUL, naming the column where it is."""
    column = lines.column()
    if isinstance(error, RowHasNul):
        message = "the row holds a NUL character, which no text may hold (is it a text file?)"
    else:
        message = (
            f"the row is longer than {MAX_ROW_CHARS:,} characters, the most a row may hold "
            "(is a quote left open, or is it not a CSV file?)"
        )
    return ImportProblem(
        message, file=file, row=row, field=names[column] if column < len(names) and names[column] else None
    )


def read_csv(handle: IO[str], *, file: str, undecodable: Callable[[], ImportProblem] | None = None) -> Table:
    """A CSV table from an open text stream: header names trimmed, an empty file a problem.

    `undecodable` says where a stream that cannot be decoded goes wrong (it is decoded in blocks, so the
    row being read is not always the one)."""
    lines = BoundedLines(handle)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except UnicodeDecodeError as error:
        raise (undecodable() if undecodable else _cannot_read("the header", error, file, 1)) from None
    except csv.Error as error:
        raise _cannot_read("the header", error, file, 1) from None
    except (RowTooLong, RowHasNul) as error:
        raise _unreadable(error, lines, [], file, 1) from None
    if header is None or not any(name.strip() for name in header):
        raise ImportProblem("the file is empty (no header row)", file=file, row=1)
    names = [name.strip().lstrip("\ufeff").strip() for name in header]
    header_check(names, file=file)
    rows = _require_rows(_csv_rows(reader, lines, names, file, undecodable), file)
    return Table(file=file, header=names, rows=rows, encoding=getattr(handle, "encoding", ""))


def header_check(names: list[str], *, file: str, row: int = 1) -> None:
    """A column named twice is a problem: which of the two to read would be a guess."""
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise ImportProblem(
                "two columns have this name: keep the one to import", file=file, row=row, field=name
            )
        seen.add(name)


def _cannot_read(what: str, error: Exception, file: str, row: int) -> ImportProblem:
    return ImportProblem(f"cannot read {what}: {error}", file=file, row=row)


def _csv_rows(
    reader: Any,
    lines: BoundedLines,
    names: list[str],
    file: str,
    undecodable: Callable[[], ImportProblem] | None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    row_number = 1
    width = len(names)
    while True:
        row_number += 1
        lines.row_start()
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            raise (
                undecodable() if undecodable else _cannot_read("the row", error, file, row_number)
            ) from None
        except csv.Error as error:
            raise _cannot_read("the row", error, file, row_number) from None
        except (RowTooLong, RowHasNul) as error:
            raise _unreadable(error, lines, names, file, row_number) from None
        if not any(value.strip() for value in values):
            continue
        if len(values) < width and not (len(values) == width - 1 and names[-1] == ""):
            raise ImportProblem(
                f"the row has {len(values)} fields but the header has {width} (is the file cut short?)",
                file=file,
                row=row_number,
                field=names[len(values)] or None,
            )
        if len(values) > width and any(value.strip() for value in values[width:]):
            raise ImportProblem(
                f"the row has {len(values)} fields but the header has {width}", file=file, row=row_number
            )
        yield row_number, {name: value for name, value in zip(names, values, strict=False) if name}


def _require_rows(
    rows: Iterator[tuple[int, dict[str, Any]]], file: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Pass rows through; a file with a header and no rows is a problem."""
    empty = True
    for item in rows:
        empty = False
        yield item
    if empty:
        raise ImportProblem("the file has a header but no rows", file=file, row=2)


def read_csv_file(path: Path, *, name: str | None = None) -> tuple[Table, IO[str]]:
    """Open a CSV file (any common encoding) as a table; the caller closes the returned handle."""
    file = name or path.name
    if path.stat().st_size == 0:
        raise ImportProblem("the file is empty (0 bytes)", file=file, row=1)
    handle = open_text(path, name=file)
    return read_csv(handle, file=file), handle


def read_zipped_csv(path: Path) -> tuple[Table, IO[str]]:
    """The one CSV file inside a zip (as Companies House publishes them), decoded as UTF-8."""
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportProblem(f"not a readable zip file ({error})", file=path.name) from None
    if len(members) != 1:
        raise ImportProblem(f"expected one CSV file in the zip, found {len(members)}", file=path.name)
    file = f"{path.name}/{members[0].filename}"

    def opener() -> IO[bytes]:
        return archive.open(members[0])

    def undecodable() -> ImportProblem:
        offset = decoding_errors(opener)[0]
        line, column = locate(opener, offset) if offset is not None else (None, None)
        return ImportProblem(
            "is not UTF-8 text (a zipped file is read as UTF-8)", file=file, row=line, field=column
        )

    handle = io.TextIOWrapper(opener(), encoding="utf-8-sig", newline="")
    return read_csv(handle, file=file, undecodable=undecodable), handle


def read_xlsx_file(path: Path, *, name: str | None = None) -> tuple[Table, Any]:
    """The first sheet of an XLSX workbook as a table, streamed (openpyxl read-only mode).

    The header is the first row with any value in it. The caller closes the returned workbook.
    """
    from openpyxl import load_workbook

    file = name or path.name
    if path.stat().st_size == 0:
        raise ImportProblem("the file is empty (0 bytes)", file=file, row=1)
    _workbook_size_check(path, file)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        row_number, header = 0, None
        for row_number, values in enumerate(rows, start=1):  # noqa: B007 - the number is used below
            if any(value not in (None, "") for value in values):
                header = values
                break
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise ImportProblem(
            f"not a readable XLSX workbook ({type(error).__name__}: {error})", file=file
        ) from None
    if header is None:
        raise ImportProblem("the workbook's first sheet is empty (no header row)", file=file, row=1)
    names = ["" if value is None else str(value).strip() for value in header]
    try:
        header_check(names, file=file, row=row_number)
    except ImportProblem:
        workbook.close()
        raise
    return Table(
        file=file, header=names, rows=_require_rows(_xlsx_rows(rows, names, row_number, file), file)
    ), workbook


def _workbook_size_check(path: Path, file: str) -> None:
    """A workbook is a zip of XML parts, and openpyxl holds its shared strings in memory: a part that
    unzips to more than `MAX_WORKBOOK_PART_BYTES` (a zip bomb, or no list of organisations) is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            big = next((p for p in archive.infolist() if p.file_size > MAX_WORKBOOK_PART_BYTES), None)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: openpyxl says what is wrong with it
    if big is not None:
        raise ImportProblem(
            f"the workbook's {big.filename} unzips to {big.file_size:,} bytes, more than "
            f"{MAX_WORKBOOK_PART_BYTES:,}: save a list this large as CSV",
            file=file,
        )


def _xlsx_rows(
    rows: Any, names: list[str], header_row: int, file: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    row_number = header_row
    while True:
        row_number += 1
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # a damaged sheet fails part-way through
            raise ImportProblem(
                f"cannot read the row ({type(error).__name__}: {error})", file=file, row=row_number
            ) from None
        if all(value in (None, "") for value in values):
            continue
        yield row_number, {name: value for name, value in zip(names, values, strict=False) if name}


def source_files(path: Path, suffixes: tuple[str, ...] = (".csv", ".zip")) -> list[Path]:
    """The file itself, or the files of a folder with these suffixes, in name order."""
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
    if not files:
        raise ImportProblem(f"the folder holds no {' or '.join(suffixes)} files", file=path.name)
    return files
