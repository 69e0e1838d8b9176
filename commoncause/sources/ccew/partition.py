"""First pass: read every table once, check it, and spread its compact rows over bucket files by
organisation number, so the second pass can see all of one charity's rows at once in bounded memory.

Buckets hold ranges of organisation numbers with about the same number of charities each (found from
the charity table, read first). Individual trustees' names never reach the bucket files.
"""

from __future__ import annotations

import math
import pickle
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.ccew.files import TableFile
from commoncause.sources.ccew.keep import Keepers
from commoncause.sources.ccew.parallel import each_in_workers, worker_count
from commoncause.sources.ccew.reader import read_table
from commoncause.sources.ccew.rows import Checker, Dates, check_extract_date, digest
from commoncause.sources.ccew.tables import TABLE_ORDER, TABLES

BUCKET_BYTES = 24 << 20  # uncompressed extract bytes per bucket: a bucket's rows fit comfortably in memory
FLUSH_ROWS = 2000
Row = tuple  # (organisation number, table code, digest, values…): see `keep`


@dataclass
class Extract:
    """What the first pass learnt: the buckets, the extract date, and the charities' numbers."""

    extract_date: str
    charity_file: str
    buckets: list[list[Path]]  # per bucket, its files (one per table)
    organisation_numbers: array
    main_by_regno: dict[int, int] = field(default_factory=dict)
    rows_read: int = 0
    size: int = 0  # bytes of extract, uncompressed


@dataclass(frozen=True)
class TableTask:
    """One table to read into the buckets (in this process or a worker)."""

    table: str
    table_file: TableFile
    folder: Path
    bounds: list[int]
    gss: dict[str, str]


def partition_extract(
    files: dict[str, TableFile], folder: Path, ctx: ImportContext, gss: dict[str, str]
) -> Extract:
    """Read all tables into buckets under `folder`: the charity table first, then the others."""
    reading = _Reading(ctx.progress, Keepers(gss))
    spill = folder / "charity.pickle"
    extract = _read_charities(files["charity"], spill, reading)
    size = extract.size = sum(table_file.size for table_file in files.values())
    bounds = _bounds(extract.organisation_numbers, size)
    with _Buckets(folder, bounds, "charity") as buckets:
        buckets.add_all(_load_chunks(spill))
    spill.unlink()
    tables = sorted(TABLE_ORDER[1:], key=lambda table: files[table].size, reverse=True)
    workers = worker_count(size)
    if workers == 1:
        for table in tables:
            with _Buckets(folder, bounds, table) as buckets:
                extract.rows_read += reading.spread(files[table], table, buckets)
    else:
        tasks = [TableTask(table, files[table], folder, bounds, gss) for table in tables]
        done = each_in_workers(spread_table, tasks, workers)
        extract.rows_read += sum(
            ctx.progress(done, description="Reading tables", total=len(tasks), unit="table")
        )
    extract.buckets = [
        [_bucket_path(folder, i, table) for table in TABLE_ORDER] for i in range(len(bounds) + 1)
    ]
    return extract


def spread_table(task: TableTask) -> int:
    """Read one table into its bucket files (what a worker does); returns how many rows it had."""
    reading = _Reading(None, Keepers(task.gss))
    with _Buckets(task.folder, task.bounds, task.table) as buckets:
        return reading.spread(task.table_file, task.table, buckets)


def _bounds(numbers: array, size: int) -> list[int]:
    """Organisation numbers that split the charities into buckets of about `BUCKET_BYTES` of extract."""
    count = max(1, min(len(numbers), math.ceil(size / BUCKET_BYTES)))
    ordered = sorted(numbers)
    return [ordered[(i * len(ordered)) // count] for i in range(1, count)]


def _bucket_path(folder: Path, bucket: int, table: str) -> Path:
    return folder / f"bucket-{bucket:04d}-{table}.pickle"


def _read_charities(charity: TableFile, spill: Path, reading: _Reading) -> Extract:
    """Check the charity table (numbers unique, org-ids unique) and keep its rows in a spill file."""
    extract = Extract("", charity.name, [], array("q"))
    check = _CharityCheck(charity.name, extract)
    chunk: list[Row] = []
    with spill.open("wb") as handle:
        for row_no, row in reading.rows(charity, "charity"):
            check(row, row_no)
            chunk.append(row)
            if len(chunk) >= FLUSH_ROWS:
                pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)
    extract.extract_date = reading.extract_date
    if not extract.organisation_numbers:
        raise ImportProblem("the charity table has no rows", file=charity.name, row=2)
    extract.rows_read = len(extract.organisation_numbers)
    return extract


class _CharityCheck:
    """Each organisation number once; each charity number (with its linked number) once."""

    def __init__(self, file: str, extract: Extract) -> None:
        self.file = file
        self.extract = extract
        self.seen: set[int] = set()
        self.linked_seen: set[tuple[int, int]] = set()

    def __call__(self, row: Row, row_no: int) -> None:
        org, regno, linked = row[0], row[3], row[4]
        if org in self.seen:
            raise self._problem("this organisation number appears twice", row_no, "organisation_number")
        if regno is None:
            raise self._problem("the charity number is missing", row_no, "registered_charity_number")
        mains = self.extract.main_by_regno
        if (regno, linked) in self.linked_seen if linked else regno in mains:
            raise self._problem("this charity number appears twice", row_no, "registered_charity_number")
        if linked:
            self.linked_seen.add((regno, linked))
        else:
            mains[regno] = org
        self.seen.add(org)
        self.extract.organisation_numbers.append(org)

    def _problem(self, message: str, row_no: int, field: str) -> ImportProblem:
        return ImportProblem(message, file=self.file, row=row_no, field=field)


class _Reading:
    """Reads tables record by record: checked, fingerprinted and kept as compact rows."""

    def __init__(self, progress: Callable | None, keepers: Keepers) -> None:
        self.progress, self.keepers = progress, keepers
        self.dates = Dates()
        self.extract_date = ""

    def rows(self, table_file: TableFile, table: str) -> Iterator[tuple[int, Row]]:
        """(row number, compact row) for each record of a table."""
        check, keep = self._tools(table_file, table)
        for row_no, fields in self._records(table_file, table):
            fields = check(fields, row_no)
            yield row_no, keep(fields, digest(fields))

    def spread(self, table_file: TableFile, table: str, buckets: _Buckets) -> int:
        """Read a table straight into the buckets (the loop of `rows`, inlined: it runs millions of times)."""
        check, keep = self._tools(table_file, table)
        bounds, pending, flush = buckets.bounds, buckets.pending, buckets.flush
        count = 0
        for row_no, fields in self._records(table_file, table):
            fields = check(fields, row_no)
            row = keep(fields, digest(fields))
            bucket = pending[bisect_right(bounds, row[0])]
            bucket.append(row)
            if len(bucket) >= FLUSH_ROWS:
                flush(bisect_right(bounds, row[0]))
            count += 1
        return count

    def _tools(self, table_file: TableFile, table: str) -> tuple[Checker, Callable[[list[str], int], Row]]:
        return Checker(TABLES[table], table_file.name, self.dates), self.keepers.by_table[table]

    def _records(self, table_file: TableFile, table: str) -> Iterator[tuple[int, list[str]]]:
        """The table's records, with every extract date checked."""
        records = read_table(table_file, TABLES[table])
        if self.progress is not None:
            records = self.progress(records, description=f"Reading {table}")
        expected = None
        for row_no, fields in records:
            if fields[0] != expected:
                day = check_extract_date(fields[0], file=table_file.name, row=row_no)
                self.extract_date = self.extract_date or day
                expected = fields[0]
            yield row_no, fields


class _Buckets:
    """Bucket files being written: rows are buffered per bucket and pickled in chunks."""

    def __init__(self, folder: Path, bounds: list[int], table: str) -> None:
        self.bounds = bounds
        self.paths = [_bucket_path(folder, i, table) for i in range(len(bounds) + 1)]
        self.handles: list[BinaryIO] = []
        self.pending: list[list[Row]] = [[] for _ in self.paths]

    def __enter__(self) -> _Buckets:
        self.handles = [path.open("wb") for path in self.paths]
        return self

    def __exit__(self, *exc: object) -> None:
        for i in range(len(self.paths)):
            self.flush(i)
        for handle in self.handles:
            handle.close()

    def add_all(self, rows: Iterable[Row]) -> None:
        bounds, pending = self.bounds, self.pending
        for row in rows:
            i = bisect_right(bounds, row[0])
            pending[i].append(row)
            if len(pending[i]) >= FLUSH_ROWS:
                self.flush(i)

    def flush(self, i: int) -> None:
        if self.pending[i]:
            pickle.dump(self.pending[i], self.handles[i], protocol=pickle.HIGHEST_PROTOCOL)
            self.pending[i] = []


def _load_chunks(path: Path) -> Iterator[Row]:
    for chunk in _chunks(path):
        yield from chunk


def load_bucket(paths: list[Path]) -> list[Row]:
    """All rows of one bucket (from each table's file), deleting the files once read."""
    rows: list[Row] = []
    for path in paths:
        for chunk in _chunks(path):
            rows.extend(chunk)
        path.unlink()
    return rows


def _chunks(path: Path) -> Iterator[list[Row]]:
    with path.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)  # noqa: S301 - our own file, written moments ago
            except EOFError:
                return
