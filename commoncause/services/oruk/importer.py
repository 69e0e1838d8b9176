"""`import_source oruk <path>`: an Open Referral UK 3.0 feed into the services app.

Two forms: a JSON feed (a file, or a folder of the API's documents: `reading`) and a tabular data
package (a folder of the standard's CSVs, with or without its `datapackage.json`: `tabular`). Both end
as one fully nested document per service, every one checked against the standard's schema before
anything is written: one it refuses stops the import (the run is one transaction, so nothing is
written). The feed's organisations are found in the register or made (`linking`), then the services
are written in batches (`writing`), each new or changed one with a version naming the feed and run.
A new feed into a large register is read by a forked worker while the register's matching index is
built here (`_read_and_index`); the run's note counts both in its reading time.

A service of the same feed that an earlier import brought and this one does not is kept, marked as
missing from its feed since this run (never deleted), and counted in the notes; one that comes back
has the mark cleared.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from django.db import connection
from django.utils import timezone

from commoncause.core.parallel import Started, can_fork_workers
from commoncause.linkage.index import MatchIndex
from commoncause.linkage.register_index import register_index
from commoncause.register.models import Organisation
from commoncause.register.services import search_index_refresh
from commoncause.services.models import (
    Attribute,
    FeedOrganisation,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSource,
    ServiceVersion,
    Taxonomy,
)
from commoncause.services.oruk.linking import Linking, linking_note, linking_save, organisations_link
from commoncause.services.oruk.reading import Doc, Feed, feed_read, merged, service_documents
from commoncause.services.oruk.rows import ServiceRows, location_postcode, term_add
from commoncause.services.oruk.tabular import is_package, package_read
from commoncause.services.oruk.writing import ServiceToSave, Writer, services_save, terms_save
from commoncause.sources.base import ImportContext, ImportProblem
from commoncause.sources.ccew.indexes import refresh_planner_statistics
from commoncause.sources.clock import StepClock

BATCH = 2_000  # services written together
# After this many services written, PostgreSQL's planner is told of the new rows at once: until
# autovacuum gets to them it may plan a search near a postcode as if the tables were empty.
STATISTICS_AFTER = 1_000
WRITTEN = (Service, Location, ServiceAtLocation, ServiceArea, Attribute, Schedule, ServiceVersion)
INDEX_AHEAD_ORGANISATIONS = 20_000  # a register this large: its matching index built while reading
SQLITE_CACHE_KIB = 131_072  # SQLite's page cache while importing (128 MiB)


def feed_name(path: Path) -> str:
    """The feed a path is: a folder's name, a file's stem (a descriptor's folder's name)."""
    if path.is_file():
        return path.parent.name if path.name == "datapackage.json" else path.stem
    return path.name


def import_oruk(path: Path, ctx: ImportContext) -> None:
    """Import one Open Referral UK feed (see the module's note) inside the run's transaction."""
    with _bulk_session():
        _import(path, ctx)


@contextmanager
def _bulk_session() -> Iterator[None]:
    """No garbage collection passes while the feed is held (its documents and rows, millions of
    objects, hold no cycles, and each full pass walks every one of them), and on SQLite a bigger page
    cache, as the register's importers use: rows keyed by random UUIDs land all over each table's
    index, and the default cache (2 MB) sends most of those pages back to the file system."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _sqlite_cache():
            yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _import(path: Path, ctx: ImportContext) -> None:
    clock = StepClock()
    feed, documents, index = _read_and_index(path)
    if not documents:
        raise ImportProblem("the feed holds no services", file=path.name)
    ctx.counts.rows_read = feed.documents_read
    clock.lap("read and check")
    linking = organisations_link(
        _organisations(feed), _postcodes(feed, documents), feed=feed.name, index=index
    )
    linking_save(linking, feed=feed.name, run=ctx.run)
    clock.lap("link organisations")
    _taxonomies_save(feed)
    writer = _services_write(documents, feed, linking, ctx)
    missing = _missing_mark(feed.name, set(documents), ctx)
    if writer.created + writer.updated >= STATISTICS_AFTER:
        refresh_planner_statistics(list(WRITTEN))
    clock.lap("write")
    search_index_refresh(organisation_ids=sorted(linking.touched))
    clock.lap("refresh the search index")
    ctx.counts.created, ctx.counts.updated, ctx.counts.unchanged = (
        writer.created,
        writer.updated,
        writer.unchanged,
    )
    ctx.notes.extend(_notes(feed, linking, writer, missing))
    ctx.notes.append(clock.note())


@dataclass
class _Read:
    """A feed read and checked, or the problem that refused it (an `ImportProblem` cannot be pickled
    back from a worker: it takes its place by keyword)."""

    feed: Feed
    documents: dict[str, Doc]
    problem: tuple[str, str, int | None, str | None] | None = None


def _read(path: Path) -> _Read:
    """Read and check every object of the feed (no database: a forked worker can do it)."""
    feed = Feed(name=feed_name(path))
    try:
        if is_package(path):
            package_read(path, feed)
        else:
            feed_read(path, feed)
    except ImportProblem as problem:
        return _Read(feed, {}, (problem.message, problem.file, problem.row, problem.field))
    return _Read(feed, service_documents(feed))


def _read_and_index(path: Path) -> tuple[Feed, dict[str, Doc], MatchIndex | None]:
    """The feed read and checked; and, when its organisations will likely be matched against a large
    register, the register's matching index, built here while a forked worker reads the feed (each
    takes seconds; the feed then crosses back pickled, in a fraction of that)."""
    index: MatchIndex | None = None
    if not _index_wanted(feed_name(path)):
        read = _read(path)
    else:
        reading = Started(_read, [path], workers=2)
        try:
            index = register_index()
            read = next(reading.results())
        finally:
            reading.stop()
    if read.problem is not None:
        message, file, row, field = read.problem
        raise ImportProblem(message, file=file, row=row, field=field)
    return read.feed, read.documents, index


def _index_wanted(feed: str) -> bool:
    """Whether to build the register's matching index while the feed is read: on a machine with a
    second core, for a feed not imported before (whose organisations are linked as before, mostly
    without the matcher) into a register large enough for the index to take seconds to build."""
    return (
        can_fork_workers()
        and not FeedOrganisation.objects.filter(feed=feed[:300]).exists()
        and Organisation.objects.count() >= INDEX_AHEAD_ORGANISATIONS
    )


def _notes(feed: Feed, linking: Linking, writer: Writer, missing: int) -> list[str]:
    notes = [*feed.notes]
    if feed.skipped:
        notes.append(f"Not Open Referral objects, skipped: {', '.join(feed.skipped)}.")
    notes.append(f"{len(feed.services):,} services read from feed {feed.name}.")
    notes.append(linking_note(linking))
    notes.append(writer.placer.note())
    if missing:
        notes.append(
            f"{missing:,} services of feed {feed.name} were not in this file: kept, marked as missing."
        )
    if shortened := writer.shortened.note():
        notes.append(shortened)
    notes += [f"Warning: {warning}" for warning in feed.warnings]
    return notes


def _organisations(feed: Feed) -> dict[UUID, Doc]:
    found: dict[UUID, Doc] = {}
    for organisation_id, documents in feed.organisations.items():
        try:
            found[UUID(organisation_id)] = merged(documents)
        except ValueError:
            feed.warnings.append(f"organisation {organisation_id!r} has no UUID for an id: not linked.")
    return found


def _postcodes(feed: Feed, documents: dict[str, Doc]) -> dict[UUID, str]:
    """Each organisation's postcode for matching: its first service's first located postcode."""
    found: dict[UUID, str] = {}
    for document in documents.values():
        organisation = document.get("organization")
        owner = organisation.get("id") if isinstance(organisation, dict) else document.get("organization_id")
        if owner is None:
            continue
        for item in document.get("service_at_locations") or []:
            location = item.get("location") if isinstance(item, dict) else None
            if isinstance(location, dict) and (postcode := location_postcode(location)):
                found.setdefault(UUID(str(owner)), postcode)
                break
    return found


def _taxonomies_save(feed: Feed) -> None:
    """The feed's taxonomies and terms, before the services naming them."""
    now = timezone.now()
    for taxonomy_id, documents in feed.taxonomies.items():
        document = merged(documents)
        Taxonomy.objects.update_or_create(
            id=UUID(taxonomy_id),
            defaults={
                key: str(document.get(key) or "")[: 500 if key == "uri" else 300]
                for key in ("name", "description", "uri", "version")
            },
        )
    rows = ServiceRows()
    for term_id, documents in feed.terms.items():
        term_add(rows, merged(documents), UUID(term_id))
    terms_save(list(rows.terms.values()), now=now)


def _services_write(documents: dict[str, Doc], feed: Feed, linking: Linking, ctx: ImportContext) -> Writer:
    reviewed = _reviewed_at(ctx)
    note = f"Open Referral feed {feed.name}, import run {ctx.run.pk}"
    writer = Writer()
    batch: list[ServiceToSave] = []
    shown = ctx.progress(
        documents.values(), description=f"Writing {feed.name}", total=len(documents), unit="service"
    )
    for document in shown:
        organisation = document.get("organization")
        owner = organisation.get("id") if isinstance(organisation, dict) else document.get("organization_id")
        linked = linking.linked.get(UUID(str(owner))) if owner else None
        batch.append(
            ServiceToSave(
                document=document,
                organisation_id=linked.organisation_id if linked else None,
                organisation_name=linked.name if linked else "",
                source=ServiceSource.FEED,
                feed=feed.name,
                reviewed_at=reviewed,
                note=note,
            )
        )
        if len(batch) == BATCH:
            services_save(batch, writer)
            batch = []
    if batch:
        services_save(batch, writer)
    return writer


def _reviewed_at(ctx: ImportContext) -> dt.datetime:
    """The run's extract date (at midnight), else now."""
    if ctx.run.extract_date is None:
        return timezone.now()
    return dt.datetime.combine(ctx.run.extract_date, dt.time(), tzinfo=dt.UTC)


def _missing_mark(feed: str, present: set[str], ctx: ImportContext) -> int:
    """Mark the feed's services this import did not bring (kept, never deleted); how many there are."""
    earlier = Service.objects.filter(feed=feed[:300], source=ServiceSource.FEED)
    gone = [pk for pk in earlier.values_list("pk", flat=True) if str(pk) not in present]
    for start in range(0, len(gone), 500):
        Service.objects.filter(pk__in=gone[start : start + 500], missing_from_feed_since__isnull=True).update(
            missing_from_feed_since=ctx.run.started_at
        )
    ctx.counts.removed = len(gone)
    return len(gone)
