"""Import a CCEW register extract into the register, in two passes.

The first pass reads every table once, checks every value, and spreads compact rows over bucket
files by organisation number (`partition`). The second takes one bucket at a time, gathers each
charity's rows, skips charities unchanged since the last import (by record hash), and writes the rest
in bulk (`assemble`, `writer`). Charities missing from the extract are marked, never deleted.

What a run records of each charity, when a charity counts as unchanged or disappeared, and which of its
org-ids is primary follow the rules every importer follows (`sources.lifecycle`, `linkage.canonical`);
this package differs from the shared writer only in how it batches its reads and writes.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.utils import timezone

from commoncause.core.scratch import scratch_folder
from commoncause.linkage.canonical import canonical_identifiers_refresh
from commoncause.register.services import search_index_refresh
from commoncause.sources.base import ImportContext
from commoncause.sources.ccew import state
from commoncause.sources.ccew.assemble import Assembler, Plan
from commoncause.sources.ccew.files import table_files
from commoncause.sources.ccew.indexes import indexes_set_aside, refresh_planner_statistics
from commoncause.sources.ccew.parallel import ahead_in_worker, worker_count
from commoncause.sources.ccew.partition import Extract, load_bucket, partition_extract
from commoncause.sources.ccew.targets import SOURCE, TARGETS, Batch, RunInfo
from commoncause.sources.ccew.writer import Writer
from commoncause.sources.clock import StepClock
from commoncause.sources.lifecycle import Sighting, records_confirm, records_mark_disappeared

SQLITE_CACHE_KIB = 65_536


def import_extract(path: Path, ctx: ImportContext) -> None:
    """Import the extract at `path` (a folder of the 13 zips, one zip, or the unzipped files)."""
    files = table_files(path)
    clock = StepClock()
    with scratch_folder("ccew") as folder, _bulk_session():
        extract = partition_extract(files, Path(folder), ctx, state.gss_codes())
        clock.lap("read and check")
        ctx.run.extract_date = dt.date.fromisoformat(extract.extract_date)
        ctx.counts.rows_read = extract.rows_read
        run = RunInfo(
            now=connection.ops.adapt_datetimefield_value(timezone.now()),
            sighting=Sighting.of(ctx, extract.charity_file),
        )
        first_import = state.register_is_empty()
        plan = Plan(
            main_by_regno=extract.main_by_regno,
            existing={} if first_import else state.existing_records(),
            adopted={} if first_import else state.adoptable_org_ids(),
        )
        models = [model for model, _ in TARGETS.values()] if first_import else []
        with indexes_set_aside(models):
            touched, rechecked = _write_buckets(extract, plan, run, ctx, check_owners=not first_import)
        refresh_planner_statistics([model for model, _ in TARGETS.values()])
        clock.lap("write")
    if not first_import:
        _finish(run, ctx, rechecked)
    changed = None if first_import else [uuid.UUID(hex=key) for key in touched]
    del extract, plan, touched  # the memory is the search index's now
    search_index_refresh(organisation_ids=changed)
    clock.lap("refresh the search index")
    ctx.notes.append(clock.note())


def _finish(run: RunInfo, ctx: ImportContext, rechecked: list[str]) -> None:
    """Mark the charities gone from the extract; settle the primary org-id of organisations that were
    in the register already and gained an org-id or were made by another source. (After a first import
    there is nothing to do: an empty register had no charity to lose, and each new organisation's
    primary org-id was chosen as it was added.)"""
    ctx.counts.removed = records_mark_disappeared(source=SOURCE, run_id=run.sighting.run_id)
    canonical_identifiers_refresh(uuid.UUID(hex=key) for key in rechecked)


def _write_buckets(
    extract: Extract, plan: Plan, run: RunInfo, ctx: ImportContext, *, check_owners: bool
) -> tuple[list[str], list[str]]:
    """Second pass: assemble and write one bucket at a time; confirm the unchanged charities. Returns the
    organisations written, and those whose primary org-id is to be settled (`_finish`).

    On a first import of a big extract a worker assembles the next bucket while this one is written
    (later imports look org-ids up in the database while assembling, so they do both here).
    """
    writer = Writer()
    touched: list[str] = []
    rechecked: list[str] = []
    parents: list[tuple[str, str]] = []
    counts = ctx.counts
    parallel = not check_owners and worker_count(extract.size) > 1
    batches = ahead_in_worker(
        _assembled,
        extract.buckets,
        setup=_set_up_assembly,
        state=(plan, run, check_owners),
        parallel=parallel,
    )
    for batch in ctx.progress(
        batches, description="Writing charities", total=len(extract.buckets), unit="bucket"
    ):
        writer.write(batch)
        counts.unchanged += records_confirm(source=SOURCE, keys=batch.confirmed, sighting=run.sighting)
        parents.extend(batch.parents)
        rechecked.extend(batch.rechecked)
        counts.created += batch.created
        counts.updated += batch.updated
        counts.rejected += batch.orphans
        if check_owners:  # a later import refreshes the search index for what it changed only
            touched.extend(batch.touched)
        ctx.notes.extend(batch.notes)
    writer.link_parents(parents)
    if counts.rejected:
        ctx.notes.append(f"{counts.rejected} rows of other tables name no charity in the charity table")
    return touched, rechecked


_ASSEMBLY: dict = {}  # what `_assembled` works with, set where it runs (here or in the worker)


def _set_up_assembly(plan: Plan, run: RunInfo, check_owners: bool) -> None:
    _ASSEMBLY.update(plan=plan, run=run, check_owners=check_owners)


def _assembled(paths: list[Path]) -> Batch:
    rows = load_bucket(paths)
    return assemble_bucket(rows, _ASSEMBLY["plan"], _ASSEMBLY["run"], check_owners=_ASSEMBLY["check_owners"])


def assemble_bucket(rows: list[tuple], plan: Plan, run: RunInfo, *, check_owners: bool) -> Batch:
    """The register rows for every charity in one bucket."""
    by_org: dict[int, list[tuple]] = {}
    for row in rows:
        found = by_org.get(row[0])
        if found is None:
            by_org[row[0]] = [row]
        else:
            found.append(row)
    batch = Batch(run)
    assembler = Assembler(plan, batch)
    pending = [item for org in sorted(by_org) if (item := assembler.decide(org, by_org[org])) is not None]
    if check_owners:
        wanted = [org_id for item in pending for org_id in (item.org_id, item.company_id) if org_id]
        plan.owners = state.org_id_owners(wanted)
    for item in pending:
        assembler.build(item)
    return batch


@contextmanager
def _bulk_session() -> Iterator[None]:
    """No garbage collection passes over millions of rows (they hold no cycles); on SQLite, a larger
    page cache while the import runs (the indexes being filled stay in memory)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        if connection.vendor == "sqlite":
            with _sqlite_cache():
                yield
        else:
            yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """A bigger page cache, and no CHECK constraints (they only re-check that JSON we made is JSON)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
