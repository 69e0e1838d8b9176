"""Search index maintenance: rebuild it whole or refresh a few organisations' documents.

Every refresh moves a version number on in `register_search_state` (and a full rebuild moves the
generation too), so each process knows when its in-memory facet arrays are out of date.
"""

import random
from collections.abc import Iterable, Iterator
from types import ModuleType
from uuid import UUID

from django.db import connection, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from commoncause.core.parallel import can_fork_workers
from commoncause.register.models import Organisation
from commoncause.register.search.documents import Document, all_documents, documents

# Above this many organisations a refresh rebuilds the whole index, which is quicker per row; a full
# rebuild of more than this many has a second process build the documents while this one writes them.
REBUILD_ABOVE = 20_000
PARALLEL_ABOVE = 20_000
DOCUMENT_COLUMNS = (
    "doc_id, organisation_id, version, name_hash, sort_name, name_length, legal_form, status, income, "
    "income_band, facet_tokens"
)


def backend() -> ModuleType:
    """The module that speaks this database's full-text dialect."""
    if connection.vendor == "postgresql":
        from commoncause.register.search import postgres

        return postgres
    from commoncause.register.search import sqlite

    return sqlite


def reading() -> BaseDatabaseWrapper:
    """The connection searches and public pages read the register through: the request's read replica
    when there is one to read (`config/routers.py`), else the primary."""
    return connections[router.db_for_read(Organisation)]


def index_state(database: BaseDatabaseWrapper | None = None) -> tuple[int, int]:
    """(generation, version) of the index as this connection (by default, `reading()`) sees it."""
    with (database or reading()).cursor() as cursor:
        cursor.execute("SELECT generation, version FROM register_search_state WHERE id = 1")
        generation, version = cursor.fetchone()
    return int(generation), int(version)


def _bump(cursor, *, full: bool) -> int:
    # Random steps: a refresh rolled back and another made in its place never share a number, so a
    # process never mistakes one index for the other.
    step = random.randint(1, 1 << 30)  # nosec B311 # a version step, not a secret
    cursor.execute(
        "UPDATE register_search_state SET version = version + %s, generation = generation + %s WHERE id = 1",
        [step, step if full else 0],
    )
    cursor.execute("SELECT version FROM register_search_state WHERE id = 1")
    return int(cursor.fetchone()[0])


def document_row(doc_id: int, doc: Document, version: int) -> tuple:
    return (
        doc_id,
        doc.organisation_id,
        version,
        doc.name_hash,
        doc.sort_name,
        doc.name_length,
        doc.legal_form,
        doc.status,
        doc.income,
        doc.income_band,
        doc.facet_tokens,
    )


def numbered(chunks: Iterable[list[Document]], start: int = 1) -> Iterator[list[tuple[int, Document]]]:
    """Give each document of a full rebuild the next document number."""
    next_id = start
    for chunk in chunks:
        yield [(next_id + offset, doc) for offset, doc in enumerate(chunk)]
        next_id += len(chunk)


def next_document_number(cursor) -> int:
    """The first document number no document holds yet."""
    cursor.execute("SELECT coalesce(max(doc_id), 0) FROM register_search_document")
    return int(cursor.fetchone()[0]) + 1


def renumbered(
    chunks: Iterable[list[Document]], existing: dict[str, int], next_id: int
) -> Iterator[list[tuple[int, Document]]]:
    """Give each refreshed document the number it already has, or the next free one.

    Numbers found are popped from `existing`, so what is left there afterwards are documents of
    organisations no longer in the register.
    """
    for chunk in chunks:
        numbered = []
        for doc in chunk:
            doc_id = existing.pop(doc.organisation_id, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            numbered.append((doc_id, doc))
        yield numbered


def _organisation_count(cursor) -> int:
    cursor.execute("SELECT count(*) FROM register_organisation")
    return int(cursor.fetchone()[0])


def index_refresh(*, organisation_ids: Iterable[UUID] | None = None) -> None:
    """Refresh the search index rows of these organisations (all when None)."""
    ids = None
    if organisation_ids is not None:
        ids = list(dict.fromkeys(i if isinstance(i, UUID) else UUID(str(i)) for i in organisation_ids))
    if ids is not None and not ids:
        return
    full = ids is None or len(ids) > REBUILD_ABOVE
    db = backend()
    with transaction.atomic(), connection.cursor() as cursor:
        version = _bump(cursor, full=full)
        if full:
            parallel = can_fork_workers() and _organisation_count(cursor) > PARALLEL_ABOVE
            db.write_all(cursor, numbered(all_documents(parallel=parallel)), version)
        else:
            db.write_some(cursor, documents(ids), ids, version)
