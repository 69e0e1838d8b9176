"""Locks between the processes that share one database: web servers and imports.

- `import_lock(name)`: one import at a time. On PostgreSQL, one per source kind (a session advisory
  lock, so imports of different sources can run side by side); on SQLite, which has a single writer,
  one for the whole database (a lock on a file beside it). Either is let go by the operating system or
  the database server when its process dies, however it dies.
- `process_lock(...)`: the mechanism under both, for any lock of its own (the refresh's).
- `serving()`: a web server process on a SQLite database holds a shared lock on a file beside the
  database for as long as it runs; `no_server_running()` tells an import whether it may change how
  SQLite journals (see `sources.journal`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError, connection

_held: list[IO[str]] = []  # the server's own lock file, kept open for the life of the process


class ImportBusy(Exception):
    """Another import holds the lock this one needs."""


def _sqlite_file() -> Path | None:
    """The database file, for a file-backed SQLite database; else None."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name).resolve()


def lock_path(suffix: str) -> Path:
    """A lock file beside the SQLite database file; for a database held in memory, which only this
    process can open, one of this process's own in the var folder."""
    database = _sqlite_file()
    if database is not None:
        return database.with_name(f"{database.name}.{suffix}")
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(f"{os.getpid()}:{connection.settings_dict['NAME']}".encode()).hexdigest()[:16]
    return folder / f"{key}.{suffix}"


def _advisory_key(name: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks, the same in every process."""
    digest = hashlib.sha256(f"commoncause:import:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class LockHeld(Exception):
    """Another process holds a `process_lock`: `holder` is what it wrote of itself (SQLite's lock file),
    or None when it is not known (PostgreSQL's advisory locks)."""

    def __init__(self, holder: dict[str, Any] | None) -> None:
        super().__init__("the lock is held by another process")
        self.holder = holder


@contextmanager
def process_lock(*, key: int, file_suffix: str, facts: dict[str, str], wait: bool = False) -> Iterator[None]:
    """Hold a lock between the processes sharing the database within the block: PostgreSQL's session
    advisory lock `key`, or on SQLite an exclusive lock on the file `lock_path(file_suffix)`, in which
    the holder writes its process, when it started and `facts`. Raises `LockHeld` at once if another
    process holds it, unless `wait`. Either is let go when the process ends, however it ends."""
    if connection.vendor == "postgresql":
        with _advisory_lock(key, wait=wait):
            yield
        return
    with _file_lock(lock_path(file_suffix), facts, wait=wait):
        yield


@contextmanager
def import_lock(name: str, *, wait: bool = False) -> Iterator[None]:
    """Hold the import lock for `name` within the block. Raises `ImportBusy` at once if another
    import holds it, unless `wait`, which waits for that import to end."""
    try:
        with process_lock(
            key=_advisory_key(name), file_suffix="import.lock", facts={"kind": name}, wait=wait
        ):
            yield
    except LockHeld as held:
        if held.holder is None:
            raise ImportBusy(
                f"Another import of {name} is running on this database. Wait for it to end, "
                "or run this one with --wait."
            ) from None
        raise ImportBusy(
            f"Another import{_holder(held.holder)} is running on this database, which takes one "
            "import at a time. Wait for it to end, or run this one with --wait."
        ) from None


@contextmanager
def _advisory_lock(key: int, *, wait: bool) -> Iterator[None]:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if not cursor.fetchone()[0]:
                raise LockHeld(None)
    try:
        yield
    finally:
        with suppress(DatabaseError), connection.cursor() as cursor:  # a lost connection let go already
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def _file_lock(path: Path, facts: dict[str, str], *, wait: bool) -> Iterator[None]:
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockHeld(_written(path)) from None
        try:
            handle.seek(0)
            handle.truncate()
            started = dt.datetime.now().isoformat(timespec="seconds")
            handle.write(json.dumps({**facts, "pid": os.getpid(), "started": started}))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _written(path: Path) -> dict[str, Any] | None:
    """What the holder of a lock file wrote of itself, if it can be read."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _holder(holder: dict[str, Any]) -> str:
    """' (of ccew, process 123, started at 2026-12-05T10:00:00)', from what the holder wrote."""
    try:
        return f" (of {holder['kind']}, process {holder['pid']}, started at {holder['started']})"
    except KeyError:
        return ""


def serving() -> None:
    """Say, for the life of this process, that a web server is using the database (SQLite only).

    The shared lock is taken in a background thread, so a server that starts during a first import
    serves at once (its writes wait or are answered 503) and holds the lock once the import ends."""
    if _sqlite_file() is None or _held:
        return
    handle = open(lock_path("serving.lock"), "a+", encoding="utf-8")  # noqa: SIM115 (held for life)
    _held.append(handle)
    threading.Thread(target=fcntl.flock, args=(handle, fcntl.LOCK_SH), daemon=True).start()


@contextmanager
def no_server_running() -> Iterator[bool]:
    """Within the block, whether no web server is using the SQLite database; while it yields True, a
    server that starts waits to say it is serving until the block ends."""
    if _sqlite_file() is None:
        yield False
        return
    with open(lock_path("serving.lock"), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
