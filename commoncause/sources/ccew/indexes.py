"""A first import fills empty tables: their secondary indexes are dropped for the load and built again
at the end, in one go, which is much quicker than keeping them up to date row by row.

This happens inside the import's transaction, so a failed run leaves the indexes as they were. Indexes
that back a primary key or a unique constraint stay (they cannot be dropped, and they guard the data),
and so do indexes that lead with a foreign key (the database uses them to check references).
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


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of each index on the table that no constraint needs."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES, [table, quote(table)])
        else:
            cursor.execute(_SQLITE, [table])
        return list(cursor.fetchall())


def _leading_column(create: str) -> str:
    """The first column an index is on, from its CREATE statement."""
    columns = re.search(r"\(([^()]*)\)\s*$", create)
    return columns.group(1).split(",")[0].strip().strip('"') if columns else ""


@contextmanager
def indexes_set_aside(models: list[type[Model]]) -> Iterator[None]:
    """Drop the secondary indexes of these models' (empty) tables, but for foreign-key ones; build them
    again when the block ends well."""
    dropped = []
    for model in models:
        references = {field.column for field in model._meta.concrete_fields if field.is_relation}
        for name, create in secondary_indexes(model._meta.db_table):
            if _leading_column(create) not in references:
                dropped.append((name, create))
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
