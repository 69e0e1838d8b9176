"""Bulk writes of a batch of register rows: plain SQL, many rows per statement, no ORM per row.

SQLite gets `executemany` in chunks; PostgreSQL gets `COPY`. Both run inside the import's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import connection

from commoncause.sources.bulk import concrete_field
from commoncause.sources.ccew.targets import CHILD_TARGETS, SOURCE, TARGETS, Batch
from commoncause.sources.lifecycle import WRITTEN_FIELDS

CHUNK_ROWS = 10_000
ID_CHUNK = 500


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table_and_columns(target: str) -> tuple[str, list[str]]:
    model, names = TARGETS[target]
    return model._meta.db_table, [concrete_field(model, name).column for name in names]


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Writer:
    """Writes batches with statements prepared once per run."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.inserts = {target: self._insert_sql(target) for target in TARGETS}
        self.update_organisation = self._update_organisation_sql()
        self.update_source = source_update_sql()

    def write(self, batch: Batch) -> None:
        with connection.cursor() as cursor:
            if batch.replaced:
                self._delete_children(cursor, batch.replaced)
            self.insert(cursor, "organisations", batch.rows["organisations"])
            for rows in chunks(batch.organisation_updates, CHUNK_ROWS):
                cursor.executemany(self.update_organisation, rows)
            for target in ("identifiers", "links", *CHILD_TARGETS, "source_records"):
                self.insert(cursor, target, batch.rows[target])
            if batch.source_updates:
                cursor.executemany(self.update_source, batch.source_updates)

    def link_parents(self, pairs: list[tuple[str, str]]) -> None:
        """Point linked charities at their main charity, once every organisation is in the register."""
        table = quote(table_and_columns("organisations")[0])
        with connection.cursor() as cursor:
            for part in chunks(pairs, CHUNK_ROWS):
                cursor.executemany(f"UPDATE {table} SET parent_id = %s WHERE id = %s", part)  # noqa: S608  # nosec B608 # a table name from the model
            self.insert(cursor, "links", [(main, linked, "linked_charity", SOURCE) for main, linked in pairs])

    def insert(self, cursor: object, target: str, rows: list[tuple]) -> None:
        if not rows:
            return
        if self.postgres:
            with cursor.cursor.copy(self.inserts[target]) as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            return
        # The driver's own cursor, with its own placeholders: no wrapper work per row.
        sql = self.inserts[target].replace("%s", "?")
        raw = cursor.cursor  # type: ignore[attr-defined]
        for part in chunks(rows, CHUNK_ROWS):
            raw.executemany(sql, part)

    def _insert_sql(self, target: str) -> str:
        table, columns = table_and_columns(target)
        names = ", ".join(quote(column) for column in columns)
        if self.postgres:
            return f"COPY {quote(table)} ({names}) FROM STDIN"
        marks = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608 # quoted model names and placeholders

    def _update_organisation_sql(self) -> str:
        table, columns = table_and_columns("organisations")
        assignments = [f"{quote(column)} = %s" for column in columns[2:-1]]
        extra = quote("extra")
        if self.postgres:
            assignments.append(f"{extra} = COALESCE({extra}, '{{}}'::jsonb) || %s::jsonb")
        else:
            assignments.append(
                f"{extra} = json_set(COALESCE({extra}, '{{}}'), '$.{SOURCE}', json_extract(%s, '$.{SOURCE}'))"
            )
        return f"UPDATE {quote(table)} SET {', '.join(assignments)} WHERE id = %s"  # noqa: S608  # nosec B608 # quoted model names and placeholders

    def _delete_children(self, cursor: object, ids: list[str]) -> None:
        """Remove the CCEW child rows of organisations about to get fresh ones."""
        for part in chunks(ids, ID_CHUNK):
            marks = ", ".join(["%s"] * len(part))
            for target in CHILD_TARGETS:
                table, columns = table_and_columns(target)
                sql = f"DELETE FROM {quote(table)} WHERE source = %s AND {columns[0]} IN ({marks})"  # noqa: S608  # nosec B608 # quoted model names and placeholders
                cursor.execute(sql, [SOURCE, *part])  # type: ignore[attr-defined]
            links = quote(table_and_columns("links")[0])
            sql = (
                f"DELETE FROM {links} WHERE source = %s AND ((kind = 'company' AND from_organisation_id IN"  # noqa: S608  # nosec B608 # table names and placeholders
                f" ({marks})) OR (kind = 'linked_charity' AND to_organisation_id IN ({marks})))"
            )
            cursor.execute(sql, [SOURCE, *part, *part])  # type: ignore[attr-defined]


def source_update_sql() -> str:
    """Rewrite a changed charity's source record: its organisation, then `lifecycle.WRITTEN_FIELDS`."""
    table, columns = table_and_columns("source_records")
    written = columns[-len(WRITTEN_FIELDS) :]
    assignments = ", ".join(f"{quote(column)} = %s" for column in [columns[0], *written])
    return f"UPDATE {quote(table)} SET {assignments} WHERE source = %s AND source_key = %s"  # noqa: S608  # nosec B608 # quoted model names and placeholders
