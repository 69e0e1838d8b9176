"""The shared base of every importer: errors that name file, row and field; one transaction per run;
run records; progress.

An importer is a function `(path, ctx) -> None` registered in `commoncause.sources.registry`. It reads
its file as a stream, writes through the register's services, and counts what it did on `ctx.counts`.
Any `ImportProblem` (or other error) rolls the whole run back, so the database is exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TypeVar

from django.db import connection, transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.locks import import_lock
from commoncause.register.models import ImportRun, Organisation
from commoncause.sources.journal import rollback_journal_while

T = TypeVar("T")
REPORT_SECONDS = 1.0


class ImportProblem(Exception):
    """Bad input: says which file, row and field, and what is wrong with it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file)
        self.row = row
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Counts:
    """What a run did to the register."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    rows_read: int = 0


@dataclass
class ImportContext:
    """What an importer gets: the run being recorded, its counts, and a progress reporter."""

    run: ImportRun
    counts: Counts = field(default_factory=Counts)
    show_progress: bool = False
    stderr: IO[str] = sys.stderr
    notes: list[str] = field(default_factory=list)
    # Told (what is being read, items so far) about every REPORT_SECONDS and at the end of each pass:
    # the task worker's imports show it on the request's page.
    report: Callable[[str, int], None] | None = None

    @property
    def today(self) -> dt.date:
        return self.run.extract_date or timezone.localdate()

    def progress(
        self, items: Iterable[T], *, description: str, total: int | None = None, unit: str = "row"
    ) -> Iterator[T]:
        """Wrap an iterable in a terminal progress bar when the command runs in a terminal, and count it
        for `report` when there is one."""
        if self.report is not None:
            items = _reported(items, description, self.report)
        if not self.show_progress:
            yield from items
            return
        from tqdm import tqdm

        yield from tqdm(
            items,
            desc=description,
            total=total,
            unit=unit,
            unit_scale=True,
            file=self.stderr,
            leave=False,
            mininterval=0.5,
        )


def _reported(items: Iterable[T], description: str, report: Callable[[str, int], None]) -> Iterator[T]:
    count, last = 0, time.monotonic()
    for item in items:
        yield item
        count += 1
        if time.monotonic() - last >= REPORT_SECONDS:
            report(description, count)
            last = time.monotonic()
    report(description, count)


Importer = Callable[[Path, ImportContext], None]


def import_source_run(
    *,
    kind: str,
    path: Path,
    importer: Importer,
    show_progress: bool = False,
    stderr: IO[str] = sys.stderr,
    extract_date: dt.date | None = None,
    wait: bool = False,
    report: Callable[[str, int], None] | None = None,
) -> ImportRun:
    """Run one importer over one file or folder in a single transaction and record the run.

    Holds the import lock for `kind` throughout (`core.locks`): if another import holds it, raises
    `ImportBusy` at once, or with `wait`, waits for it. A first import (into an empty register) writes
    through SQLite's rollback journal when no web server is using the database: see `journal`."""
    if not path.exists():
        raise ImportProblem("no such file or folder", file=path)
    with import_lock(kind, wait=wait):
        return _run(kind, path, importer, show_progress, stderr, extract_date, report)


def _run(
    kind: str,
    path: Path,
    importer: Importer,
    show_progress: bool,
    stderr: IO[str],
    extract_date: dt.date | None,
    report: Callable[[str, int], None] | None,
) -> ImportRun:
    first_import = not Organisation.objects.exists()
    with rollback_journal_while(first_import), transaction.atomic():
        if connection.vendor == "postgresql":  # wait for rows a web request holds, however long
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = 0")
        run = ImportRun.objects.create(
            kind=kind, file_name=path.name, started_at=timezone.now(), extract_date=extract_date
        )
        ctx = ImportContext(run=run, show_progress=show_progress, stderr=stderr, report=report)
        importer(path, ctx)
        counts = ctx.counts
        run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
        run.removed, run.rejected, run.rows_read = counts.removed, counts.rejected, counts.rows_read
        run.notes = "\n".join(ctx.notes)
        run.finished_at = timezone.now()
        run.save()
        # One entry per run: the run's own record (and each organisation's source records) say what
        # changed; a register-wide import is not logged row by row.
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            target=run,
            target_label=f"Import of {kind} from {path.name}",
            after={
                "created": run.created, "updated": run.updated, "removed": run.removed,
                "rejected": run.rejected, "rows_read": run.rows_read,
            },
        )  # fmt: skip
    return run
