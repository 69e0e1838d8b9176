"""An import killed outright (SIGKILL) at random points: the database is always as it was before the
run or as a whole run leaves it, no worker process or temporary folder outlives it, and running the
import again gives the same register as a run that was never interrupted.

The import is a CCEW extract in the regulator's own layout (generated with a fixed seed, big enough to
take a few seconds), read and written with forked workers, into an empty register (a first import,
through SQLite's rollback journal) and into one that already holds the CCNI register (the path that
checks and links existing records). It runs as its own process on its own database, on SQLite and on
PostgreSQL, as `manage.py import_source` runs in production.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg
import pytest
from django.db import connection

from bench.generate_ccew import generate
from commoncause.core.scratch import PREFIX
from commoncause.core.tests.processes import alive, manage, manage_env

REPO = Path(__file__).resolve().parents[2]
CCNI = REPO / "data" / "demo" / "ccni-charitydetails-sample.csv"
SEED = int(os.environ.get("FAULT_SEED", "20261205"))
KILLS = 4  # per run of the test: kill points drawn at random (seeded) across a whole import
SCALE = 0.02  # of the national register: about 9,000 charities, 130,000 rows

# What a run leaves that does not depend on random ids or clocks: each table's row count, and the
# organisations' own fields.
_SNAPSHOT = """
import hashlib, json
from django.apps import apps
from django.db import models
from commoncause.register.models import Organisation
counts = {
    model._meta.label: model.objects.count()
    for model in apps.get_models()
    if model._meta.app_label in {"register", "linkage", "funding", "members", "relationships", "accounts"}
}
stable = [
    field.attname for field in Organisation._meta.concrete_fields
    if not isinstance(field, (models.UUIDField, models.DateTimeField, models.AutoField, models.ForeignKey))
]
rows = sorted(map(repr, Organisation.objects.values_list(*stable)))
counts["organisations"] = hashlib.sha256("\\n".join(rows).encode()).hexdigest()
print("SNAPSHOT", json.dumps(counts, sort_keys=True))
"""


@dataclass
class Database:
    """A database the import process runs against, made from a template for each run."""

    url: str
    check: Callable[[], None]  # the engine's own integrity check


class Databases:
    """Fresh copies of template databases: files on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: list[str] = []
        self.vendor = connection.vendor

    def _admin(self) -> psycopg.Connection:

        s = connection.settings_dict
        return psycopg.connect(
            host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"] or None,
            dbname="postgres", autocommit=True,
        )  # fmt: skip

    def _pg_url(self, name: str) -> str:
        s = connection.settings_dict
        password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"

    def new(self, name: str, template: str | None = None) -> Database:
        if self.vendor == "sqlite":
            path = self.folder / f"{name}.sqlite3"
            if template:
                shutil.copyfile(self.folder / f"{template}.sqlite3", path)
            return Database(url=f"sqlite:///{path}", check=lambda: _sqlite_intact(path))
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.made.append(name)
        return Database(url=self._pg_url(name), check=lambda: None)  # PostgreSQL recovers by its WAL

    def drop_all(self) -> None:
        if self.vendor != "postgresql":
            return
        with self._admin() as admin:
            for name in reversed(self.made):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_intact(path: Path) -> None:
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()


# Read and write with forked workers, as a national import does.
WORKERS = {"CCEW_PARALLEL_BYTES": str(1 << 20)}


def _env(database: Database) -> dict[str, str]:
    return manage_env(database.url, **WORKERS)


def _manage(database: Database, *args: str) -> str:
    return manage(database.url, *args, **WORKERS)


def _snapshot(database: Database) -> dict[str, object]:
    database.check()
    output = _manage(database, "shell", "-c", _SNAPSHOT)
    return json.loads(output.split("SNAPSHOT", 1)[1])


def _import(database: Database, extract: Path) -> None:
    _manage(database, "import_source", "ccew", str(extract), "--no-progress")


def _left_behind(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{PREFIX}*-{pid}-*"))


@dataclass
class Killed:
    pid: int
    workers: list[int]


def _workers(pid: int) -> list[int]:
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _kill_after(database: Database, extract: Path, seconds: float, *, among_workers: bool) -> Killed:
    """Start the import and SIGKILL it `seconds` after it starts or, `among_workers`, after it has
    forked its workers."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_source", "ccew", str(extract), "--no-progress"],
        cwd=REPO,
        env=_env(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if among_workers:
        deadline = time.monotonic() + 60
        while not _workers(process.pid):
            assert process.poll() is None, "the import ended before it forked a worker"
            assert time.monotonic() < deadline, "the import never forked a worker"
            time.sleep(0.02)
    time.sleep(seconds)
    workers = _workers(process.pid)
    if among_workers:
        assert workers, "the workers ended before the kill"
    process.send_signal(signal.SIGKILL)
    process.wait()
    return Killed(pid=process.pid, workers=workers)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(seed=2025, scale=SCALE, work=tmp_path_factory.mktemp("extract"))


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Databases]:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip(f"no way to copy a {connection.vendor} database here")
    made = Databases(tmp_path)
    try:
        yield made
    finally:
        made.drop_all()


def test_an_import_killed_at_random_points_leaves_the_database_whole_and_nothing_behind(
    databases: Databases, extract: Path
) -> None:
    empty = databases.new("cc_faults_empty")
    _manage(empty, "migrate", "--no-input", "-v", "0")
    with_ccni = databases.new("cc_faults_ccni", template="cc_faults_empty")
    _manage(with_ccni, "import_source", "ccni", str(CCNI), "--no-progress")
    bases = {"cc_faults_empty": empty, "cc_faults_ccni": with_ccni}

    before, after, seconds = {}, {}, {}
    for name in bases:
        clean = databases.new(f"{name}_clean", template=name)
        before[name] = _snapshot(clean)
        started = time.monotonic()
        _import(clean, extract)
        seconds[name] = time.monotonic() - started
        after[name] = _snapshot(clean)
        assert after[name] != before[name]

    rng = random.Random(SEED)
    for attempt in range(KILLS):
        name = list(bases)[attempt % len(bases)]
        among_workers = attempt % 4 < 2  # half while workers run, half anywhere in the run
        at = rng.uniform(0, 0.3) if among_workers else rng.uniform(0.5, seconds[name])
        when = f"{at:.2f} s after {'forking workers' if among_workers else 'it started'}"
        where = f"(seed {SEED}, kill {attempt + 1}: {name}, {when}; a whole run takes {seconds[name]:.2f} s)"
        database = databases.new(f"{name}_killed_{attempt}", template=name)

        killed = _kill_after(database, extract, at, among_workers=among_workers)

        deadline = time.monotonic() + 10
        while any(map(alive, killed.workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in killed.workers if alive(pid)] == [], f"workers outlived the import {where}"
        state = _snapshot(database)
        assert state in (before[name], after[name]), f"the database is half-written {where}"

        _import(database, extract)

        expected = dict(after[name])
        if state == after[name]:  # killed after it committed: the re-run is one more run, changing nothing
            for runs in ("register.ImportRun", "accounts.AuditEntry"):
                expected[runs] = int(expected[runs]) + 1  # type: ignore[call-overload]
        assert _snapshot(database) == expected, f"the re-run differs from a clean run {where}"
        assert _left_behind(killed.pid) == [], f"temporary folders outlived the import {where}"
