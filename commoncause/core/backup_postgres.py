"""PostgreSQL's side of backups and restores (`core.backups`): its client programs (pg_dump, pg_restore,
psql) found and run with the connection Django uses, the password in the environment only."""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 # runs PostgreSQL's own client programs, with fixed arguments
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

from commoncause.core.backup_errors import BackupError, BackupProblem

CHUNK = 1 << 20

# Run before pg_restore's script, in its transaction. Tables made by migrations newer than the backup
# are not in the backup: they go too, so that `migrate` makes them afresh.
_BEGIN_AND_DROP_EVERY_TABLE = b"""
BEGIN;
DO $$
DECLARE found record;
BEGIN
  FOR found IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY (current_schemas(false))
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', found.schemaname, found.tablename);
  END LOOP;
END $$;
"""


def pg_lock_holder() -> int | None:
    """The server process of another session holding an advisory (import) lock on this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def pg_restore(payload: Path) -> None:
    """pg_restore's script of the archive, run by psql in one transaction that first drops every table.
    The transaction commits only at the script's last line (--single-transaction): psql stops at any
    error (ON_ERROR_STOP), and a script cut short never commits, so a failure leaves the database as
    it was. (psql warns that the script's own BEGIN finds a transaction already begun.)"""
    environment = pg_environment()
    unpack = [pg_program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    run = [pg_program("psql"), "-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", "-f", "-"]
    with tempfile.TemporaryFile() as errors:
        # Fixed arguments; the password is in the environment.
        script = subprocess.Popen(  # noqa: S603  # nosec B603
            [*unpack, "--file=-", str(payload)], stdout=subprocess.PIPE, stderr=errors, env=environment
        )
        load = subprocess.Popen(  # noqa: S603  # nosec B603
            run,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=environment,
        )
        if script.stdout is None or load.stdin is None:
            raise BackupError("Restore failed, the database is as it was: psql could not be started")
        try:
            load.stdin.write(_BEGIN_AND_DROP_EVERY_TABLE)
            shutil.copyfileobj(script.stdout, load.stdin, CHUNK)
            load.stdin.close()
        except BrokenPipeError:  # psql stopped at an error; its message says which
            pass
        finally:
            script.stdout.close()
        if script.wait() != 0 or load.wait() != 0:
            errors.seek(0)
            said = errors.read().decode(errors="replace").strip()[-2000:]
            raise BackupError(f"Restore failed, the database is as it was: {said}")


def pg_program(name: str) -> str:
    """PostgreSQL's client program `name`: from PG_BIN, Debian's /usr/lib/postgresql/<version>/bin
    (the newest first: pg_dump must be at least the server's version), or the PATH."""
    folders = [settings.PG_BIN]
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    folders += [str(folder) for folder in sorted(debian, key=_version_number, reverse=True)]
    for folder in folders:
        if folder and os.access(Path(folder) / name, os.X_OK):
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (Debian's postgresql-client), "
            "or set PG_BIN to the folder that holds them."
        )
    return found


def _version_number(folder: Path) -> int:
    """15 for /usr/lib/postgresql/15/bin."""
    name = folder.parent.name
    return int(name) if name.isdigit() else 0


def pg_environment() -> dict[str, str]:
    """This environment with the connection Django uses, as libpq's variables: the password never
    appears on a command line."""
    database = connection.settings_dict
    environment = {**os.environ, "PGAPPNAME": "commoncause-backup"}
    for key, variable in [
        ("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE"),
        ("PASSWORD", "PGPASSWORD"),
    ]:  # fmt: skip
        if database.get(key):
            environment[variable] = str(database[key])
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if database.get("OPTIONS", {}).get(option):
            environment[f"PG{option.upper()}"] = str(database["OPTIONS"][option])
    return environment


def pg_run(name: str, *arguments: str, problem_in: Path | None = None) -> None:
    # Fixed arguments; the password is in the environment.
    done = subprocess.run(  # noqa: S603  # nosec B603
        [pg_program(name), *arguments], env=pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = done.stderr.strip()[-2000:]
        if problem_in is not None:
            raise BackupProblem(problem_in, f"its PostgreSQL archive cannot be read ({said})")
        raise BackupError(f"{name} failed: {said}")
