"""First pass: read every table once, check it, and spread its compact rows over bucket files by
organisation number, so the second pass can see all of one charity's rows at once in bounded memory.

A bucket holds every `BLOCK`-th run of organisation numbers (numbers 0-4095 go to bucket 0, 4096-8191
to bucket 1, …, round and round), so buckets are about the same size however the numbers cluster, and
each bucket's charities are written in runs of neighbouring numbers. Tables are independent, so a big
extract is read by worker processes, one table each at a time. Individual trustees' names never reach
the bucket files.
"""

from __future__ import annotations

import math
import pickle  # nosec B403 # only our own bucket files, written by this import
from collections.abc import Callable, Iterator
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

BUCKET_BYTES = 16 << 20  # uncompressed extract bytes per bucket: a bucket's rows fit comfortably in memory
BLOCK_BITS = 12  # runs of 4,096 organisation numbers
FLUSH_ROWS = 2000
Row = tuple  # (organisation number, table code, digest, values…): see `keep`


@dataclass
class Charities:
    """What the charity table says about the whole extract."""

    extract_date: str = ""
    count: int = 0
    main_by_regno: dict[int, int] = field(default_factory=dict)


@dataclass
class Extract:
    """What the first pass learnt: the buckets, the extract date, and each linked charity's main one."""

    extract_date: str
    charity_file: str
    buckets: list[list[Path]]  # per bucket, its files (one per table)
    main_by_regno: dict[int, int]
    rows_read: int
    size: int  # bytes of extract, uncompressed


@dataclass(frozen=True)
class TableTask:
    """One table to read into the buckets (in this process or a worker)."""

    table: str
    table_file: TableFile
    folder: Path
    buckets: int
    gss: dict[str, str]
    progress: Callable | None = None  # only when read in this process


def partition_extract(
    files: dict[str, TableFile], folder: Path, ctx: ImportContext, gss: dict[str, str]
) -> Extract:
    """Read all tables into buckets under `folder`."""
    size = sum(table_file.size for table_file in files.values())
    count = max(1, math.ceil(size / BUCKET_BYTES))
    workers = worker_count(size)
    progress = ctx.progress if workers == 1 else None
    tables = sorted(TABLE_ORDER, key=lambda table: (table != "charity", -files[table].size))
    tasks = [TableTask(table, files[table], folder, count, gss, progress) for table in tables]
    done = each_in_workers(read_into_buckets, tasks, workers)
    if workers > 1:
        done = ctx.progress(done, description="Reading tables", total=len(tasks), unit="table")
    rows_read, charities = 0, Charities()
    for rows, found in done:
        rows_read += rows
        charities = found or charities
    buckets = [[_bucket_path(folder, i, table) for table in TABLE_ORDER] for i in range(count)]
    return Extract(
        charities.extract_date, files["charity"].name, buckets, charities.main_by_regno, rows_read, size,
    )  # fmt: skip


def read_into_buckets(task: TableTask) -> tuple[int, Charities | None]:
    """Read one table into its bucket files: how many rows it had, and for the charity table, its facts."""
    reading = _Reading(task.progress, Keepers(task.gss))
    with _Buckets(task.folder, task.buckets, task.table) as buckets:
        if task.table != "charity":
            return reading.spread(task.table_file, task.table, buckets), None
        charities = Charities()
        check = _CharityCheck(task.table_file.name, charities)
        for row_no, row in reading.rows(task.table_file, "charity"):
            check(row, row_no)
            buckets.add(row)
    if not charities.count:
        raise ImportProblem("the charity table has no rows", file=task.table_file.name, row=2)
    charities.extract_date = reading.extract_date
    return charities.count, charities


def _bucket_path(folder: Path, bucket: int, table: str) -> Path:
    return folder / f"bucket-{bucket:04d}-{table}.pickle"


class _CharityCheck:
    """Each organisation number once; each charity number (with its linked number) once."""

    def __init__(self, file: str, charities: Charities) -> None:
        self.file = file
        self.charities = charities
        self.seen: set[int] = set()
        self.linked_seen: set[tuple[int, int]] = set()

    def __call__(self, row: Row, row_no: int) -> None:
        org, regno, linked = row[0], row[3], row[4]
        if org in self.seen:
            raise self._problem("this organisation number appears twice", row_no, "organisation_number")
        mains = self.charities.main_by_regno
        if (regno, linked) in self.linked_seen if linked else regno in mains:
            raise self._problem("this charity number appears twice", row_no, "registered_charity_number")
        if linked:
            self.linked_seen.add((regno, linked))
        else:
            mains[regno] = org
        self.seen.add(org)
        self.charities.count += 1

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
            try:
                yield row_no, keep(fields, digest(fields))
            except (ValueError, KeyError):
                raise _unkept(table, table_file, row_no, fields) from None

    def spread(self, table_file: TableFile, table: str, buckets: _Buckets) -> int:
        """Read a table straight into the buckets (the loop of `rows`, inlined: it runs millions of times)."""
        check, keep = self._tools(table_file, table)
        pending, flush, count, shift = buckets.pending, buckets.flush, buckets.count, BLOCK_BITS
        rows = 0
        for row_no, fields in self._records(table_file, table):
            fields = check(fields, row_no)
            try:
                row = keep(fields, digest(fields))
            except (ValueError, KeyError):
                raise _unkept(table, table_file, row_no, fields) from None
            bucket = (row[0] >> shift) % count
            pending[bucket].append(row)
            if len(pending[bucket]) >= FLUSH_ROWS:
                flush(bucket)
            rows += 1
        return rows

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


def _unkept(table: str, table_file: TableFile, row_no: int, fields: list[str]) -> ImportProblem:
    """Why a checked record could not be kept: a key it needs is missing."""
    spec = TABLES[table]
    for name in ("organisation_number", "registered_charity_number"):
        if not fields[spec.index[name]].strip() and (name == "organisation_number" or table == "charity"):
            return ImportProblem("this number is missing", file=table_file.name, row=row_no, field=name)
    return ImportProblem("the row cannot be read", file=table_file.name, row=row_no)


class _Buckets:
    """One table's bucket files being written: rows are buffered per bucket and pickled in chunks."""

    def __init__(self, folder: Path, count: int, table: str) -> None:
        self.count = count
        self.paths = [_bucket_path(folder, i, table) for i in range(count)]
        self.handles: list[BinaryIO] = []
        self.pending: list[list[Row]] = [[] for _ in self.paths]

    def __enter__(self) -> _Buckets:
        self.handles = [path.open("wb") for path in self.paths]
        return self

    def __exit__(self, *exc: object) -> None:
        for i in range(self.count):
            self.flush(i)
        for handle in self.handles:
            handle.close()

    def add(self, row: Row) -> None:
        bucket = (row[0] >> BLOCK_BITS) % self.count
        self.pending[bucket].append(row)
        if len(self.pending[bucket]) >= FLUSH_ROWS:
            self.flush(bucket)

    def flush(self, i: int) -> None:
        if self.pending[i]:
            pickle.dump(self.pending[i], self.handles[i], protocol=pickle.HIGHEST_PROTOCOL)
            self.pending[i] = []


def load_bucket(paths: list[Path]) -> list[Row]:
    """All rows of one bucket (from each table's file), deleting the files once read."""
    rows: list[Row] = []
    for path in paths:
        with path.open("rb") as handle:
            while True:
                try:
                    rows.extend(pickle.load(handle))  # noqa: S301  # nosec B301 # our own file, written moments ago
                except EOFError:
                    break
        path.unlink()
    return rows
