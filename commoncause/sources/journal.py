"""SQLite's rollback journal for a first import into an empty register.

The register runs SQLite in write-ahead-log mode, so pages can be read while an import writes. For a
load into an empty database that costs every page written twice: once into the log while the import
runs and once more into the database file when the log is checkpointed after the commit (about a
third of a national import's time). With nothing yet to read, a first import switches the database to
the rollback journal, which writes each new page once, and back to the log when it is done.

The rollback journal locks readers out while the import writes, so an import never switches while a
web server is using the database (each server says so by holding a lock beside it: `core.locks`), nor
when another connection has the database open (SQLite would refuse). Then the import stays in
write-ahead-log mode, where pages go on being read while it writes, and is only slower.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection

from commoncause.core.locks import no_server_running


def _journal_mode(mode: str | None = None) -> str:
    """The journal mode, after setting it to `mode` if given (SQLite answers with the mode it is in)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode" + (f" = {mode}" if mode else ""))
        return str(cursor.fetchone()[0]).lower()


@contextmanager
def rollback_journal_while(enabled: bool) -> Iterator[bool]:
    """Within the block, use the rollback journal if `enabled` and this is a file-backed SQLite database
    outside any transaction that no web server uses and nobody else has open. Yields whether it
    switched."""
    if not enabled or connection.vendor != "sqlite" or connection.in_atomic_block:
        yield False
        return
    with no_server_running() as alone:
        try:
            switched = alone and _journal_mode() == "wal" and _journal_mode("delete") == "delete"
        except OperationalError:  # another connection holds the database: stay as it is
            switched = False
        try:
            yield switched
        finally:
            if switched:
                _journal_mode("wal")
