"""Back up the whole database to one file, and restore one.

A backup file starts with a line naming its format (`COMMONCAUSE-BACKUP 1`) and a line of JSON saying
what it holds: the database kind, the latest applied migration of each app, when it was made, the
app's version, and the size and SHA-256 of the copy of the database that follows. The copy is SQLite's
own file, taken with SQLite's online backup API (consistent while the service runs), or a PostgreSQL
`pg_dump --format=custom` archive.

Restoring checks the whole file before it changes anything, holds the import lock throughout, replaces
the database in one transaction (so a failure leaves it as it was), applies the migrations newer than
the backup, then sends `database_restored` so apps rebuild what they derive from the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.template.defaultfilters import filesizeformat

from commoncause.core.backup_errors import BackupError, BackupProblem, RestoreRefused
from commoncause.core.backup_postgres import pg_lock_holder, pg_restore, pg_run
from commoncause.core.locks import _sqlite_file, import_lock, no_server_running
from commoncause.core.scratch import process_running, scratch_folder

FORMAT_LINE = b"COMMONCAUSE-BACKUP 1\n"
KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_HEADER_MAX_BYTES = 1 << 20
_CHUNK = 1 << 20

# Sent once a restore and its migrations are done, with `header` (the backup's `BackupHeader`) and
# `path`, inside the import lock: an app that keeps something derived from its tables (the search index)
# rebuilds it.
database_restored = Signal()


@dataclass(frozen=True)
class BackupHeader:
    """What a backup file says of itself."""

    database: str  # "sqlite" or "postgresql"
    created_at: str  # UTC, ISO 8601
    app_version: str | None
    migrations: dict[str, str]  # app label: the latest applied migration
    payload_bytes: int
    payload_sha256: str

    def describe(self) -> str:
        version = f" (Common Cause {self.app_version})" if self.app_version else ""
        return f"the {KINDS[self.database]} backup made at {self.created_at}{version}"


_HEADER_FIELDS = [field.name for field in fields(BackupHeader)]


def database_kind() -> str:
    """The kind of database this service uses: "sqlite" or "postgresql"."""
    if connection.vendor not in KINDS:
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not {connection.vendor}.")
    return connection.vendor


def database_describe() -> str:
    """The database a restore would replace, for people: where it is, its size and its tables."""
    tables = len(connection.introspection.table_names())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = int(cursor.fetchone()[0])
        where = connection.settings_dict
        place = f"{where['NAME']} on {where.get('HOST') or 'localhost'}:{where.get('PORT') or 5432}"
        return f"the PostgreSQL database {place} ({size_text(size)}, {tables} tables)"
    file = _sqlite_file()
    if file is None:
        return f"the SQLite database held in memory ({tables} tables)"
    return f"the SQLite database {file} ({size_text(file.stat().st_size)}, {tables} tables)"


def backup_make(*, path: Path | None = None) -> Path:
    """Write a backup of the whole database to `path` (a file, or a folder to name one in; by default
    var/backups) and return where. The file appears whole, or not at all."""
    kind = database_kind()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    target = _backup_path(path, kind, now)
    if target.exists():
        raise BackupError(f"{target} is already there: name another file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    migrations = _applied_migrations()
    with scratch_folder("backup") as work:
        payload = Path(work) / "database"
        if kind == "sqlite":
            _sqlite_copy(payload)
        else:
            pg_run("pg_dump", "--format=custom", "--no-password", f"--file={payload}")
        header = BackupHeader(
            database=kind,
            created_at=now.isoformat().replace("+00:00", "Z"),
            app_version=_app_version(),
            migrations=migrations,
            payload_bytes=payload.stat().st_size,
            payload_sha256=_payload_copy(payload, 0, None),
        )
        _write_whole(target, header, payload)
    return target


def backup_check(path: Path) -> BackupHeader:
    """The file's header, once the whole file is checked (as `restore` checks it before it starts)."""
    header, offset = backup_read(path)
    _payload_verify(path, header, offset, None)
    return header


def backup_read(path: Path) -> tuple[BackupHeader, int]:
    """The file's header and where its copy of the database starts. Refuses a file that is not a whole
    backup of this kind of database, or one from a schema newer than this code knows."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(len(FORMAT_LINE))
            line = handle.readline(_HEADER_MAX_BYTES)
            offset = handle.tell()
        size = path.stat().st_size
    except OSError as error:
        raise BackupProblem(path, f"cannot be read ({error.strerror})") from error
    if first != FORMAT_LINE:
        if first.startswith(FORMAT_LINE.split(b" ")[0] + b" "):
            raise BackupProblem(path, f"a backup in format {first.split()[1].decode(errors='replace')}, "
                                      "which this version of Common Cause cannot read")  # fmt: skip
        raise BackupProblem(path, "not a Common Cause backup: it does not start with COMMONCAUSE-BACKUP 1")
    header = _header_parse(path, line)
    held = size - offset
    if held < header.payload_bytes:
        raise BackupProblem(
            path, f"truncated: it holds {held} of the {header.payload_bytes} bytes of its database copy"
        )
    if held > header.payload_bytes:
        raise BackupProblem(path, f"damaged: {held - header.payload_bytes} bytes more than its database copy")
    _check_fits(path, header)
    return header, offset


def backup_restore(path: Path, *, wait: bool = False) -> tuple[BackupHeader, int]:
    """Replace the whole database with the backup in `path`; returns its header and how many newer
    migrations were then applied. Raises `BackupProblem`, `RestoreRefused` or `locks.ImportBusy` with
    nothing changed, or `BackupError` if the restore itself failed (the database is as it was)."""
    header, offset = backup_read(path)
    with scratch_folder("restore") as work:
        payload = Path(work) / "database"
        with payload.open("wb") as out:
            _payload_verify(path, header, offset, out)
        if header.database == "postgresql":
            pg_run("pg_restore", "--list", str(payload), problem_in=path)
        with import_lock("restore", wait=wait), _nobody_else(wait=wait):
            if header.database == "sqlite":
                _sqlite_restore(path, payload)
            else:
                pg_restore(payload)
            applied = _migrate()
            database_restored.send(sender=BackupHeader, header=header, path=path)
    return header, applied


def _backup_path(path: Path | None, kind: str, now: dt.datetime) -> Path:
    name = f"commoncause-{kind}-{now:%Y%m%dT%H%M%SZ}.backup"
    if path is None:
        return Path(settings.VAR_DIR) / "backups" / name
    return path / name if path.is_dir() else path


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        latest[app] = name
    return latest


def _app_version() -> str | None:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        return None


def _sqlite_copy(payload: Path) -> None:
    """SQLite's online backup, in one step: a consistent copy while others read and write."""
    connection.ensure_connection()
    copy = sqlite3.connect(payload)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _write_whole(target: Path, header: BackupHeader, payload: Path) -> None:
    """Write the file beside its final name, flush it to disk, then rename it into place."""
    for leftover in target.parent.glob(".*.part"):  # from a backup killed part way
        pid = leftover.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not process_running(int(pid)):
            leftover.unlink(missing_ok=True)
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        # Owner only: a backup holds personal data.
        with os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(FORMAT_LINE + json.dumps(asdict(header)).encode() + b"\n")
            with payload.open("rb") as source:
                shutil.copyfileobj(source, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _header_parse(path: Path, line: bytes) -> BackupHeader:
    if not line.endswith(b"\n"):
        raise BackupProblem(path, "its header is cut short")
    try:
        given: dict[str, Any] = json.loads(line)
        # Fields a later version adds are left for it; a change this version cannot read changes the
        # format line instead.
        header = BackupHeader(**{name: given[name] for name in _HEADER_FIELDS})
    except (ValueError, TypeError, KeyError) as error:
        raise BackupProblem(path, f"its header cannot be read ({type(error).__name__}: {error})") from error
    if (
        header.database not in KINDS
        or not isinstance(header.migrations, dict)
        or not isinstance(header.payload_bytes, int)
        or not isinstance(header.payload_sha256, str)
    ):
        raise BackupProblem(path, "its header does not say what it holds")
    return header


def _check_fits(path: Path, header: BackupHeader) -> None:
    kind = database_kind()
    if header.database != kind:
        raise BackupProblem(
            path,
            f"a backup of a {KINDS[header.database]} database, and this service uses {KINDS[kind]}. "
            f"Restore it where the service uses {KINDS[header.database]}.",
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = [f"{app} {name}" for app, name in sorted(header.migrations.items()) if (app, name) not in known]
    if unknown:
        raise BackupProblem(
            path,
            f"made by a newer version of Common Cause: its schema has migrations this version does not "
            f"have ({', '.join(unknown)}). Upgrade first, then restore.",
        )


def _payload_verify(path: Path, header: BackupHeader, offset: int, out: IO[bytes] | None) -> None:
    if _payload_copy(path, offset, out) != header.payload_sha256:
        raise BackupProblem(
            path, "damaged: its database copy does not match the checksum recorded when it was made"
        )


def _payload_copy(path: Path, offset: int, out: IO[bytes] | None) -> str:
    """The SHA-256 of the file from `offset`, copied on the way to `out` if given."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        source.seek(offset)
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            if out is not None:
                out.write(chunk)
    return digest.hexdigest()


@contextmanager
def _nobody_else(*, wait: bool) -> Iterator[None]:
    """Refuse, or with `wait` wait, while another process uses the database in a way a restore would
    break: a web server on SQLite, an import holding its lock on PostgreSQL."""
    if connection.vendor == "postgresql":
        while (holder := pg_lock_holder()) is not None:
            if not wait:
                raise RestoreRefused(
                    f"Another import is running on this database (its server process {holder} holds an "
                    "import lock). Wait for it to end, or restore with --wait."
                )
            time.sleep(1)
        yield
        return
    if _sqlite_file() is None:  # held in memory: no other process can open it
        yield
        return
    with no_server_running() as alone:
        if not alone:
            raise RestoreRefused(
                "A web server is using this SQLite database. Stop it (and any task worker), then restore."
            )
        yield


def _sqlite_restore(path: Path, payload: Path) -> None:
    """Copy the backup over the database with the online backup API, in one write transaction."""
    source = sqlite3.connect(payload)
    try:
        try:
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupProblem(path, f"its database copy cannot be read ({error})") from error
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"Restore failed, the database is as it was: {error}") from error
    finally:
        source.close()


def _migrate() -> int:
    """Apply the migrations newer than the backup; returns how many there were."""
    ContentType.objects.clear_cache()  # its ids are the backup's now
    executor = MigrationExecutor(connection)
    newer = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    call_command("migrate", interactive=False, verbosity=0)
    return newer


def size_text(count: int) -> str:
    """A size for people: "12.3 MB"."""
    return str(filesizeformat(count)).replace("\xa0", " ")
