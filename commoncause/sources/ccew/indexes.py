"""A first import fills empty tables: their secondary indexes are dropped for the load and built again
at the end, in one go, which is much quicker than keeping them up to date row by row.

This happens inside the import's transaction, so a failed run leaves the indexes as they were. Indexes
that back a primary key or a unique constraint stay (they cannot be dropped, and they guard the data).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from commoncause.sources.ccew.writer import quote

_SQLITE = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL"
_POSTGRES = (
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s"
    " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)"
)


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index on the table that no constraint needs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES, [table, quote(table)])
        else:
            cursor.execute(_SQLITE, [table])
        return list(cursor.fetchall())


@contextmanager
def indexes_set_aside(tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes of these (empty) tables; build them again when the block ends well."""
    dropped = [index for table in tables for index in secondary_indexes(table)]
    with connection.cursor() as cursor:
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        if dropped and connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with foreign-key checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _, create in dropped:
            cursor.execute(create)
