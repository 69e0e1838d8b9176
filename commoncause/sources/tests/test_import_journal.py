"""A first import into an empty SQLite register writes through the rollback journal and leaves the
database in write-ahead-log mode afterwards; with another connection open, or a web server using the
database, it stays in write-ahead-log mode (so pages go on being read) and imports all the same."""

import fcntl
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from commoncause.core.tests.processes import manage as run_manage
from commoncause.core.tests.processes import manage_env

REPO = Path(__file__).resolve().parents[3]
CCNI = REPO / "data" / "demo" / "ccni-charitydetails-sample.csv"


def manage(database: Path, *args: str) -> str:
    return run_manage(f"sqlite:///{database}", *args)


def journal_mode(database: Path) -> str:
    db = sqlite3.connect(database)
    try:
        return db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        db.close()


pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the journal mode is SQLite's; PostgreSQL has no such switch"
)


@pytest.fixture
def empty_register(tmp_path: Path) -> Path:
    database = tmp_path / "register.sqlite3"
    manage(database, "migrate", "--no-input", "-v", "0")
    assert journal_mode(database) == "wal"
    return database


def test_first_import_uses_the_rollback_journal_and_returns_to_wal(empty_register: Path) -> None:
    output = manage(empty_register, "shell", "-c", _SHOW_MODE_DURING_IMPORT.format(path=CCNI.as_posix()))

    assert "mode during import: delete" in output
    assert "364 created" in output
    assert journal_mode(empty_register) == "wal"
    assert not Path(f"{empty_register}-journal").exists()


def test_later_imports_keep_the_write_ahead_log(empty_register: Path) -> None:
    manage(empty_register, "import_source", "ccni", str(CCNI), "--no-progress")

    output = manage(empty_register, "shell", "-c", _SHOW_MODE_DURING_IMPORT.format(path=CCNI.as_posix()))

    assert "mode during import: wal" in output
    assert "364 unchanged" in output


def test_first_import_with_another_connection_open_stays_in_wal(empty_register: Path) -> None:
    reader = sqlite3.connect(empty_register)
    reader.execute("SELECT count(*) FROM register_organisation").fetchone()
    try:
        output = manage(empty_register, "shell", "-c", _SHOW_MODE_DURING_IMPORT.format(path=CCNI.as_posix()))
        assert "mode during import: wal" in output
        assert "364 created" in output
        assert reader.execute("SELECT count(*) FROM register_organisation").fetchone()[0] == 364
    finally:
        reader.close()
    assert journal_mode(empty_register) == "wal"


def _server_holds(lock: Path) -> bool:
    """Whether some process holds the serving lock (an exclusive attempt is refused)."""
    if not lock.exists():
        return False
    with open(lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_first_import_never_switches_the_journal_under_a_running_web_server(empty_register: Path) -> None:
    env = manage_env(f"sqlite:///{empty_register}")
    # The WSGI application, as runserver and gunicorn load it, with no connection left open.
    server = subprocess.Popen(
        [sys.executable, "-c", "import time, config.wsgi; time.sleep(120)"], cwd=REPO, env=env
    )
    try:
        lock = Path(f"{empty_register}.serving.lock")
        deadline = time.monotonic() + 30
        while not _server_holds(lock):
            assert time.monotonic() < deadline, "the server never said it was serving"
            assert server.poll() is None, "the server stopped"
            time.sleep(0.1)

        output = manage(empty_register, "shell", "-c", _SHOW_MODE_DURING_IMPORT.format(path=CCNI.as_posix()))

        assert "mode during import: wal" in output
        assert "364 created" in output
    finally:
        server.kill()
        server.wait()
    assert journal_mode(empty_register) == "wal"


# Runs an import whose importer reports the journal mode its connection is in, then the real one.
_SHOW_MODE_DURING_IMPORT = """
from pathlib import Path
from django.db import connection
from commoncause.sources.base import import_source_run
from commoncause.sources.registry import importer_for

def importer(path, ctx):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print("mode during import:", cursor.fetchone()[0])
    importer_for("ccni")(path, ctx)

run = import_source_run(kind="ccni", path=Path("{path}"), importer=importer)
print(run.created, "created", run.unchanged, "unchanged")
"""
