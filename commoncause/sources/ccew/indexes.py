"""A first import fills empty tables: their secondary indexes (and, on PostgreSQL, their foreign keys)
are set aside for the load and made again at the end, in one go, which is much quicker than keeping
them up to date row by row.

This happens inside the import's transaction, so a failed run leaves everything as it was. Indexes that
back a primary key or a unique constraint stay (they guard the data while it loads). On SQLite, whose
foreign keys cannot be dropped, indexes that lead with a foreign key stay too: SQLite uses them to
check references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model

from commoncause.sources.ccew.writer import quote

_SQLITE = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL"
_POSTGRES = (
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s"
    " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)"
)
_FOREIGN_KEYS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE conrelid = %s::regclass AND contype = 'f'"
)


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index on the table that no constraint needs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES, [table, quote(table)])
        else:
            cursor.execute(_SQLITE, [table])
        return list(cursor.fetchall())


def foreign_keys(table: str) -> list[tuple[str, str]]:
    """(name, definition) of each foreign key of a table (PostgreSQL only; SQLite's cannot be dropped)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(_FOREIGN_KEYS, [quote(table)])
        return list(cursor.fetchall())


def _leading_column(create: str) -> str:
    """The first column an index is on, from its CREATE statement."""
    columns = re.search(r"\(([^()]*)\)\s*$", create)
    return columns.group(1).split(",")[0].strip().strip('"') if columns else ""


def _droppable_indexes(model: type[Model]) -> list[tuple[str, str]]:
    indexes = secondary_indexes(model._meta.db_table)
    if connection.vendor == "postgresql":
        return indexes
    references = {field.column for field in model._meta.concrete_fields if field.is_relation}
    return [(name, create) for name, create in indexes if _leading_column(create) not in references]


@contextmanager
def indexes_set_aside(models: list[type[Model]]) -> Iterator[None]:
    """Set aside the secondary indexes (and PostgreSQL foreign keys) of these models' empty tables;
    make them again when the block ends well."""
    indexes = [index for model in models for index in _droppable_indexes(model)]
    keys = [(model._meta.db_table, *key) for model in models for key in foreign_keys(model._meta.db_table)]
    with connection.cursor() as cursor:
        _run_pending_checks(cursor)
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        _run_pending_checks(cursor)
        for _, create in indexes:
            cursor.execute(create)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _run_pending_checks(cursor: object) -> None:
    """PostgreSQL alters no table with foreign-key checks pending: run them now."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # type: ignore[attr-defined]
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # type: ignore[attr-defined]


def refresh_planner_statistics(models: list[type[Model]]) -> None:
    """On PostgreSQL, ANALYZE these tables after a bulk write: until autovacuum gets to them the planner
    knows nothing of the new rows and may scan a whole table to join twenty (SQLite's planner needs no
    statistics to use its indexes)."""
    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(quote(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
