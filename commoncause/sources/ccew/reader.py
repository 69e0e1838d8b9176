"""Stream one table of a CCEW extract as records: (line number, text fields in the regulator's column order).

Both published layouts give the same records. The text layout (UTF-8 with BOM, TAB-separated, CRLF,
header row, no quoting) has text fields holding line breaks and tabs: a physical line that does not
start with the extract date continues the record before it, and tabs beyond the header's count belong
to a free-text column. The JSON layout (one array, one object per line, leading commas) is read line by
line, or with an incremental parser when a file is laid out otherwise; it is never loaded whole. JSON
values are written as the text layout writes them (`True`, `300`), so one set of converters serves both.
"""

from __future__ import annotations

import codecs
import itertools
import re
import zipfile
import zlib
from collections.abc import Iterator

from commoncause.sources.base import ImportProblem
from commoncause.sources.ccew.files import TableFile, open_table
from commoncause.sources.ccew.jsonstream import json_objects
from commoncause.sources.ccew.tables import TableSpec
from commoncause.sources.reading import MAX_ROW_CHARS, RowTooLong

Record = tuple[int, list[str]]
CHUNK_BYTES = 1 << 20
# A record starts with the extract date and an organisation number: "2023-09-07 00:00:00.0000000\t1234\t".
_RECORD_START = re.compile(r"\d{4}-\d\d-\d\d[ T][\d:.]+\t\d+\t")


def read_table(table_file: TableFile, spec: TableSpec) -> Iterator[Record]:
    """Every record of one table; bad bytes, a broken zip or a malformed line raise `ImportProblem`."""
    row = 0
    try:
        with open_table(table_file) as stream:
            chunks = _decoded_chunks(stream)
            first = next(chunks, "")
            if not first.strip():
                raise ImportProblem("the file is empty", file=table_file.name, row=1)
            chunks = itertools.chain([first], chunks)
            layout = "json" if table_file.suffix == ".json" or first.lstrip()[:1] in "[{" else "text"
            records = _json_records if layout == "json" else _text_records
            for row, fields in records(chunks, spec, table_file.name):
                yield row, fields
    except UnicodeDecodeError:
        raise _encoding_problem(table_file, spec) from None
    except _NulFound:
        raise _encoding_problem(table_file, spec, nul=True) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ImportProblem(
            f"the zip file is corrupt or truncated ({error})", file=table_file.name, row=row + 1
        ) from None


class _NulFound(Exception):
    """The text holds a NUL character, which no text column can store (PostgreSQL refuses it)."""


def _decoded_chunks(stream: object, errors: str = "strict") -> Iterator[str]:
    """The stream decoded as UTF-8 in large chunks, without its byte-order mark; `_NulFound` at a NUL."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors)
    read = stream.read  # type: ignore[attr-defined]
    first = True
    while True:
        data = read(CHUNK_BYTES)
        text = decoder.decode(data, final=not data)
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        if "\x00" in text:
            raise _NulFound
        if text:
            yield text
        if not data:
            return


def _lines(chunks: Iterator[str]) -> Iterator[list[str]]:
    """Physical lines in batches, split at CRLF (or at LF when the file uses bare LF line ends).

    A line found longer than `MAX_ROW_CHARS` ends the batches, as its last line (cut there)."""
    rest = ""
    separator = ""
    for chunk in chunks:
        text = rest + chunk
        if not separator:
            newline = text.find("\n")
            if newline < 0:
                rest = text
                if len(rest) > MAX_ROW_CHARS:
                    yield [rest[: MAX_ROW_CHARS + 1]]
                    return
                continue
            separator = "\r\n" if newline and text[newline - 1] == "\r" else "\n"
        lines = text.split(separator)
        rest = lines.pop()
        if len(rest) > MAX_ROW_CHARS:
            yield [*lines, rest[: MAX_ROW_CHARS + 1]]
            return
        yield lines
    if rest.strip("\r\n"):
        yield [rest]


def _text_records(chunks: Iterator[str], spec: TableSpec, file: str) -> Iterator[Record]:
    batches = _lines(chunks)
    first = next(batches)
    if len(first[0]) > MAX_ROW_CHARS:
        raise ImportProblem(f"the header is longer than {MAX_ROW_CHARS:,} characters", file=file, row=1)
    layout = _HeaderLayout(first[0].split("\t"), spec, file)
    try:
        yield from _records_after_header(itertools.chain([first[1:]], batches), layout)
    except RowTooLong as too_long:
        raise layout.too_long(*too_long.args) from None


def _records_after_header(batches: Iterator[list[str]], layout: _HeaderLayout) -> Iterator[Record]:
    file = layout.file
    fields_of, count, exact = layout.fields, layout.count, layout.order is None
    record: str | None = None
    start = line_no = 1
    prefix = "\0"
    for batch in batches:
        for line in batch:
            line_no += 1
            if line.startswith(prefix) or _new_record(line):
                if record is not None:
                    fields = record.split("\t")
                    yield start, fields if exact and len(fields) == count else fields_of(record, start)
                elif not line.startswith(prefix):
                    prefix = line[: line.find("\t") + 1]
                record, start = line, line_no
            elif record is not None:
                record = f"{record}\n{line}"
                if len(record) > MAX_ROW_CHARS:
                    raise RowTooLong(record, start)
            elif line.strip():
                raise ImportProblem(
                    "the row does not start with the extract date",
                    file=file,
                    row=line_no,
                    field=layout.header[0],
                )
    if record is not None:
        if len(record) > MAX_ROW_CHARS:  # the last line read, where `_lines` stopped
            raise RowTooLong(record, start)
        yield start, layout.fields(record, start)


def _new_record(line: str) -> bool:
    """A line that starts a record (with an extract date other than the first record's)."""
    return _RECORD_START.match(line) is not None


class _HeaderLayout:
    """Checks a text header against the table's columns and cuts records into fields in column order."""

    def __init__(self, header: list[str], spec: TableSpec, file: str) -> None:
        header = [name.strip() for name in header]
        check_columns(header, spec, file, row=1)
        self.header = header
        self.file = file
        self.count = len(header)
        self.order = None if tuple(header) == spec.names else [header.index(name) for name in spec.names]
        self.free_text = [header.index(name) for name in spec.free_text]

    def fields(self, record: str, row: int) -> list[str]:
        fields = record.split("\t")
        if len(fields) != self.count:
            fields = self._refit(fields, row)
        if self.order is not None:
            fields = [fields[i] for i in self.order]
        return fields

    def too_long(self, record: str, row: int) -> ImportProblem:
        """The problem of a record longer than any real one, naming the column it runs on in."""
        column = record.count("\t")
        return ImportProblem(
            f"the row is longer than {MAX_ROW_CHARS:,} characters, the most a row may hold",
            file=self.file,
            row=row,
            field=self.header[column] if column < self.count else None,
        )

    def _refit(self, fields: list[str], row: int) -> list[str]:
        """Put stray tabs back into the free-text column they came from."""
        if len(fields) < self.count:
            raise ImportProblem(
                f"the row has {len(fields)} fields where the header has {self.count}: it is cut short",
                file=self.file,
                row=row,
                field=self.header[len(fields)],
            )
        while len(fields) > self.count:
            # A tab after an embedded line break ("\r\n\t") belongs to the text before it.
            at = next((i for i in self.free_text if fields[i].endswith("\n")), self.free_text[0])
            fields[at : at + 2] = [f"{fields[at]}\t{fields[at + 1]}"]
        return fields


def check_columns(names: list[str], spec: TableSpec, file: str, *, row: int) -> None:
    """Unknown, doubled or missing columns are a problem naming the column."""
    seen: set[str] = set()
    for name in names:
        if name not in spec.index:
            raise ImportProblem(f"unknown column for the {spec.name} table", file=file, row=row, field=name)
        if name in seen:
            raise ImportProblem("the column appears twice", file=file, row=row, field=name)
        seen.add(name)
    for name in spec.names:
        if name not in seen:
            raise ImportProblem("this column is missing", file=file, row=row, field=name)


def _json_records(chunks: Iterator[str], spec: TableSpec, file: str) -> Iterator[Record]:
    known = set(spec.names)
    columns = spec.columns
    for line_no, item in json_objects(chunks, file):
        if not isinstance(item, dict):
            raise ImportProblem("expected an object for each record", file=file, row=line_no)
        if not known.issuperset(item):
            unknown = next(key for key in item if key not in known)
            raise ImportProblem(
                f"unknown column for the {spec.name} table", file=file, row=line_no, field=unknown
            )
        yield line_no, [_json_text(item.get(name), kind, file, line_no, name) for name, kind in columns]


def _json_text(value: object, kind: str, file: str, row: int, field: str) -> str:
    """A JSON value as the text layout writes it ('2024-09-10T00:00:00' -> '2024-09-10 00:00:00.0000000')."""
    if value is None:
        return ""
    if isinstance(value, str):
        if kind == "d" and len(value) == 19 and value[10] == "T":
            return f"{value[:10]} {value[11:]}.0000000"
        if "\x00" in value:
            raise ImportProblem(
                "holds a NUL character, which no text may hold", file=file, row=row, field=field
            )
        return value.replace("\r\n", "\n") if "\r" in value else value
    if value is True or value is False:
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    raise ImportProblem("expected a single value, not a list or object", file=file, row=row, field=field)


def _encoding_problem(table_file: TableFile, spec: TableSpec, *, nul: bool = False) -> ImportProblem:
    """Find the first line that is not UTF-8, or that holds a NUL, (slowly: only on failure) and name its
    row and field."""
    if nul:
        message, pattern = (
            "the file holds a NUL character, which no text may hold (is it a text file?)",
            "\x00",
        )
    else:
        message, pattern = "the file is not UTF-8 encoded (wrong encoding?)", "[\udc80-\udcff]"
    with open_table(table_file) as stream:
        record_start, record_text = 1, ""
        lines = iter(lambda: stream.readline(MAX_ROW_CHARS), b"")  # read in bounded pieces
        for number, raw in enumerate(lines, start=1):
            text = raw.decode("utf-8", "surrogateescape")
            if number == 1 or _RECORD_START.match(text) or text.lstrip("\ufeff[,").startswith("{"):
                record_start, record_text = number, ""
            record_text = record_text[-MAX_ROW_CHARS:] + text
            bad = re.search(pattern, record_text)
            if bad:
                field = _field_at(record_text, bad.start(), spec) if number > 1 else None
                return ImportProblem(message, file=table_file.name, row=record_start, field=field)
    return ImportProblem(message, file=table_file.name)


def _field_at(record: str, position: int, spec: TableSpec) -> str | None:
    """The column a character of a record belongs to (a JSON key, or the count of tabs before it)."""
    keys = re.findall(r'"([a-z_0-9]+)"\s*:', record[:position])
    if keys:
        return keys[-1] if keys[-1] in spec.index else None
    column = record.count("\t", 0, position)
    return spec.names[column] if column < len(spec.names) else None
