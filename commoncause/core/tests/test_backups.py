"""`manage.py backup` and `manage.py restore`: a round trip brings back every row as it was backed up, on
SQLite and on PostgreSQL; a file that is damaged, cut short, of the other kind of database or from a
newer schema is refused by name with nothing changed; a restore that fails part way leaves the database
as it was.

The database backed up and restored is the tests' own, so every test runs outside a transaction."""

from __future__ import annotations

import fcntl
import io
import json
import sqlite3
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddIndex
from django.db.migrations.recorder import MigrationRecorder

from commoncause.accounts.models import AuditAction, AuditEntry
from commoncause.accounts.services import audit_record
from commoncause.accounts.tests.cast import person
from commoncause.core.backups import FORMAT_LINE, BackupHeader, backup_read, database_restored
from commoncause.core.locks import import_lock
from commoncause.core.tests.held import held_in_another_thread
from commoncause.core.tests.processes import REPO, manage_env
from commoncause.register.models import Organisation
from commoncause.register.search.types import SearchQuery
from commoncause.register.selectors import organisation_by_identifier, organisation_search
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.search_samples import DEMO, clear_register

pytestmark = pytest.mark.django_db(transaction=True)
CCNI = DEMO / "ccni-charitydetails-sample.csv"
OTHER_KIND = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.fixture(autouse=True)
def _no_table_left_behind(transactional_db: None) -> Iterator[None]:
    """The search documents a test before left (emptying the database leaves the index's own tables) go
    first; the table `change_everything` makes goes before the test database is emptied for the next."""
    clear_register()
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS made_after_the_backup")


@pytest.fixture
def backed_up(tmp_path: Path) -> Path:
    """The register and account of `some_data`, backed up to a file in `tmp_path`."""
    some_data()
    return backup(tmp_path)


def some_data() -> User:
    """The CCNI register sample, an account and an audit entry of it; returns the account."""
    call_command("import_source", "ccni", str(CCNI), no_progress=True)
    account = person("kept@charity.example")
    audit_record(actor=account, action=AuditAction.UPDATE, target=account, note="backed up")
    return account


def backup(folder: Path) -> Path:
    """`manage.py backup <folder>`: the one file it wrote, once its output is checked."""
    output = run("backup", str(folder))
    (written,) = folder.glob("*.backup")
    assert written.name.startswith(f"commoncause-{connection.vendor}-")
    assert output.startswith(f"Backup written to {written} (")
    assert output.rstrip().endswith("B)")
    assert not list(folder.glob(".*.part")), "the file is written whole, then renamed"
    return written


def run(command: str, *args: str, **options: bool) -> str:
    """What `manage.py <command> <args>` prints."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


# SQLite's full-text index keeps its b-tree segments in these tables: how many rows they take depends on
# how the index was written and merged (in one rebuild, or document by document), not on what it holds,
# and a restore rebuilds the index. What it finds is checked by searching.
FTS_SEGMENT_TABLES = ("_fts_data", "_fts_idx")


def row_counts() -> dict[str, int]:
    """How many rows every table of the database holds (the search index's tables included, but for
    the full-text index's segments)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.endswith(FTS_SEGMENT_TABLES):
                continue
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def change_everything() -> None:
    """After the backup: a renamed organisation, one deleted (and gone from search), the account
    deleted, another made, a new audit entry, and a table as a newer migration would make."""
    renamed = organisation_by_identifier("GB-NIC-100002")
    assert renamed is not None
    Organisation.objects.filter(pk=renamed.pk).update(name="Renamed after the backup")
    gone = organisation_by_identifier("GB-NIC-100005")
    assert gone is not None
    gone.delete()
    search_index_refresh()
    User.objects.filter(email="kept@charity.example").delete()
    newcomer = person("new@charity.example")
    audit_record(actor=newcomer, action=AuditAction.CREATE, target=newcomer, note="after the backup")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE made_after_the_backup (id integer PRIMARY KEY, "
            "user_id integer REFERENCES auth_user (id))"
        )
        cursor.execute("INSERT INTO made_after_the_backup VALUES (1, %s)", [newcomer.pk])


def found(name: str) -> list[str]:
    return [hit.name for hit in organisation_search(SearchQuery(q=name)).items]


def test_a_restore_brings_back_every_row_and_value_as_backed_up(tmp_path: Path) -> None:
    account = some_data()
    before = row_counts()
    charity = organisation_by_identifier("GB-NIC-100002")
    deleted = organisation_by_identifier("GB-NIC-100005")
    assert charity is not None
    assert deleted is not None
    assert found(deleted.name)[:1] == [deleted.name]
    written = backup(tmp_path)
    change_everything()
    assert row_counts() != before
    assert found(deleted.name)[:1] != [deleted.name]
    restored: list[BackupHeader] = []
    database_restored.connect(
        lambda sender, header, **_: restored.append(header), weak=False, dispatch_uid="t"
    )
    try:
        output = run("restore", str(written), yes=True)
    finally:
        database_restored.disconnect(dispatch_uid="t")

    assert output.startswith(f"Restored {backup_read(written)[0].describe()} from {written} into the ")
    assert output.rstrip().endswith("Migrations newer than the backup applied: 0.")
    assert row_counts() == before
    assert Organisation.objects.get(pk=charity.pk).name == charity.name
    assert Organisation.objects.filter(pk=deleted.pk).exists()
    assert found(deleted.name)[:1] == [deleted.name]
    kept = User.objects.get(email="kept@charity.example")
    assert (kept.pk, kept.password) == (account.pk, account.password)
    assert not User.objects.filter(email="new@charity.example").exists()
    assert list(AuditEntry.objects.filter(actor=kept).values_list("note", flat=True)) == ["backed up"]
    assert not AuditEntry.objects.filter(note="after the backup").exists()
    assert [header.payload_sha256 for header in restored] == [backup_read(written)[0].payload_sha256]


def test_the_file_says_what_it_holds(backed_up: Path) -> None:
    header, offset = backup_read(backed_up)
    assert backed_up.read_bytes().startswith(FORMAT_LINE)
    assert header.database == connection.vendor
    assert header.app_version == tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert header.created_at.endswith("Z")
    assert header.created_at[:4] in backed_up.name
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("register", header.migrations["register"]) in applied
    assert header.migrations.keys() == {app for app, _ in applied}
    assert header.payload_bytes == backed_up.stat().st_size - offset
    assert oct(backed_up.stat().st_mode & 0o777) == "0o600", "a backup holds personal data"


def test_without_yes_restore_says_what_it_would_replace_and_changes_nothing(backed_up: Path) -> None:
    change_everything()
    changed = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backed_up))

    message = str(refused.value)
    assert message.startswith("Nothing was changed. Restoring ")
    kind = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    assert f"would replace everything in the {kind} database " in message
    assert "tables) with the " in message
    assert "--yes" in message
    assert row_counts() == changed


def rewritten(path: Path, **fields: object) -> Path:
    """A copy of the backup at `path` with these fields of its header changed."""
    header, offset = backup_read(path)
    copy = path.with_name("rewritten.backup")
    fields = {**asdict(header), **fields}
    copy.write_bytes(FORMAT_LINE + json.dumps(fields).encode() + b"\n" + path.read_bytes()[offset:])
    return copy


def cut(path: Path, keep: int) -> Path:
    copy = path.with_name("cut.backup")
    copy.write_bytes(path.read_bytes()[:keep])
    return copy


def one_byte_changed(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    copy = path.with_name("changed.backup")
    copy.write_bytes(bytes(data))
    return copy


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda path: cut(path, path.stat().st_size // 2), "truncated: it holds "),
        (lambda path: cut(path, len(FORMAT_LINE) + 20), "its header is cut short"),
        (lambda path: cut(path, 0), "not a Common Cause backup"),
        (one_byte_changed, "damaged: its database copy does not match the checksum"),
        (lambda path: CCNI, "not a Common Cause backup"),
        (lambda path: path.with_name("missing.backup"), "cannot be read (No such file or directory)"),
        (lambda path: rewritten(path, database=OTHER_KIND[connection.vendor]), "and this service uses"),
        (
            lambda path: rewritten(path, migrations={"register": "0999_from_the_future"}),
            "made by a newer version of Common Cause: its schema has migrations this version does not have "
            "(register 0999_from_the_future)",
        ),
    ],
    ids=["truncated", "header-cut", "empty", "damaged", "not-a-backup", "missing", "other-kind", "newer"],
)
def test_a_file_that_is_not_a_whole_backup_for_this_database_is_refused_with_nothing_changed(
    backed_up: Path, make, what: str
) -> None:
    bad = make(backed_up)
    change_everything()
    changed = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad), yes=True)

    assert str(refused.value).startswith(f"Restore not started, nothing was changed. {bad}: ")
    assert what in str(refused.value)
    assert row_counts() == changed


def test_migrations_newer_than_the_backup_are_applied_after_a_restore(tmp_path: Path) -> None:
    app, name, previous = _a_last_migration_that_only_adds_indexes()
    call_command("migrate", app, previous, verbosity=0)
    try:
        written = backup(tmp_path)
        assert backup_read(written)[0].migrations[app] == previous
    finally:
        call_command("migrate", app, verbosity=0)
    output = run("restore", str(written), yes=True)

    assert output.rstrip().endswith("Migrations newer than the backup applied: 1.")
    assert (app, name) in MigrationRecorder(connection).applied_migrations()


def _a_last_migration_that_only_adds_indexes() -> tuple[str, str, str]:
    """(app, migration, the one before it) for the last migration of an app that adds indexes and
    nothing else, which no other migration depends on: cheap to take back and apply again."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app, name in sorted(graph.leaf_nodes()):
        migration = graph.nodes[(app, name)]
        parents = [parent for parent in graph.node_map[(app, name)].parents if parent.key[0] == app]
        if migration.operations and all(isinstance(op, AddIndex) for op in migration.operations) and parents:
            return app, name, parents[0].key[1]
    raise AssertionError("no migration that only adds indexes is last of its app: choose another")


def test_no_restore_while_an_import_runs(backed_up: Path) -> None:
    change_everything()
    changed = row_counts()
    with held_in_another_thread(lambda: import_lock("ccni")), pytest.raises(CommandError) as refused:
        call_command("restore", str(backed_up), yes=True)

    assert str(refused.value).startswith("Restore not started, nothing was changed. Another import")
    assert "--wait" in str(refused.value)
    assert row_counts() == changed


@contextmanager
def write_transaction_held_elsewhere() -> Iterator[None]:
    """Another connection in the middle of a write, holding what it wrote until the block ends."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("UPDATE register_organisation SET name = name WHERE id IS NOT NULL")
                held.set()
                release.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(10), "the other connection never began its write"
    try:
        yield
    finally:
        release.set()
        thread.join(10)


@contextmanager
def extension_in_use_elsewhere() -> Iterator[None]:
    """On PostgreSQL, an index outside the app's schema that uses pg_trgm: a restore drops every table,
    then fails part way when it drops the extension to make it again."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA elsewhere")
        cursor.execute("CREATE TABLE elsewhere.words (word text)")
        cursor.execute("CREATE INDEX ON elsewhere.words USING gin (word public.gin_trgm_ops)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA elsewhere CASCADE")


def test_a_restore_that_fails_part_way_leaves_the_database_as_it_was(backed_up: Path) -> None:
    change_everything()
    changed = row_counts()
    failing = (
        extension_in_use_elsewhere if connection.vendor == "postgresql" else write_transaction_held_elsewhere
    )
    with failing(), pytest.raises(CommandError) as failed:
        call_command("restore", str(backed_up), yes=True)

    assert str(failed.value).startswith("Restore failed, the database is as it was: ")
    assert row_counts() == changed
    charity = organisation_by_identifier("GB-NIC-100002")
    assert charity is not None
    assert charity.name == "Renamed after the backup"


def manage(database: Path, *args: str) -> subprocess.Popen[str]:
    """`manage.py <args>` started in its own process, on the SQLite database file `database`."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=manage_env(f"sqlite:///{database}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ended(process: subprocess.Popen[str]) -> tuple[int, str]:
    """The process's exit status and what it wrote, once it ends."""
    out, err = process.communicate(timeout=120)
    return process.returncode, out + err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a web server holds only a SQLite database")
def test_on_sqlite_a_running_server_is_backed_up_but_not_restored_over(
    backed_up: Path, tmp_path: Path
) -> None:
    database = tmp_path / "served" / "db.sqlite3"
    database.parent.mkdir()
    (tmp_path / "copies").mkdir()
    header, offset = backup_read(backed_up)
    database.write_bytes(backed_up.read_bytes()[offset:])  # the tests' database, as a file
    with sqlite3.connect(database) as opened:
        opened.execute("PRAGMA journal_mode = WAL")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE register_organisation SET name = 'Not yet committed'")
    with open(f"{database}.serving.lock", "a+", encoding="utf-8") as serving:
        fcntl.flock(serving, fcntl.LOCK_SH)  # as a running web server holds it (core.locks.serving)
        making = manage(database, "backup", str(tmp_path / "copies"))
        restoring = manage(database, "restore", str(backed_up), "--yes")
        made, refused = ended(making), ended(restoring)
    writer.execute("ROLLBACK")
    writer.close()

    assert made[0] == 0, made[1]
    (copy,) = (tmp_path / "copies").glob("commoncause-sqlite-*.backup")
    copied = tmp_path / "copied.sqlite3"
    copied.write_bytes(copy.read_bytes()[backup_read(copy)[1] :])
    with sqlite3.connect(copied) as opened:
        names = {name for (name,) in opened.execute("SELECT name FROM register_organisation")}
    assert "Not yet committed" not in names, "a consistent copy, taken while another process writes"
    assert len(names) > 300
    assert refused[0] == 1
    assert (
        "Restore not started, nothing was changed. A web server is using this SQLite database" in refused[1]
    )
    restored = ended(manage(database, "restore", str(copy), "--yes"))
    assert restored[0] == 0, restored[1]
    with sqlite3.connect(database) as opened:
        assert opened.execute("PRAGMA journal_mode").fetchone() == ("wal",)
