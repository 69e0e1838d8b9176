"""Faults of the running service answered as reasons to try again: a database connection the server
ended (as a restart ends them) gives 503 with Retry-After, and the next request works with no one doing
anything; a disk with no room left (the kernel's own "no space left on device", from /dev/full) refuses
an upload plainly, leaving no file and no row behind."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess  # noqa: S404 (starts the project's own server)
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import psycopg.sql
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError, connection

from commoncause.core.busy import is_busy, is_disk_full, is_unavailable, should_retry
from commoncause.funding import bids
from commoncause.funding.documents import document_add
from commoncause.funding.models import BidDocument
from commoncause.funding.tests.bid_samples import bid_cast

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
postgres_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
    reason="a server that ends connections: the PostgreSQL run of the suite has one",
)


def test_errors_are_told_apart() -> None:
    assert is_unavailable(OperationalError("server closed the connection unexpectedly"))
    assert is_unavailable(InterfaceError("connection already closed"))
    assert is_unavailable(OperationalError("FATAL:  the database system is starting up"))
    assert is_unavailable(OperationalError("canceling statement due to conflict with recovery"))
    assert not is_unavailable(OperationalError("database is locked"))
    assert is_busy(OperationalError("database is locked"))
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OperationalError("database or disk is full"))
    assert not is_disk_full(OSError(errno.ENOENT, "No such file or directory"))
    assert not should_retry(OperationalError("no such table: nothing"))
    assert not should_retry(ValueError("server closed the connection unexpectedly"))


@pytest.mark.django_db
def test_an_upload_to_a_full_disk_is_refused_plainly_and_leaves_nothing(
    tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"  # type: ignore[attr-defined]
    cast = bid_cast()
    bid = bids.bid_start(user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3))
    folder = tmp_path / "private" / "bids"
    real = tempfile.mkstemp

    def on_a_full_disk(**where: object) -> tuple[int, str]:
        """The temporary file made where it would be, but written to /dev/full: every write fails as a
        full disk fails."""
        handle, path = real(**where)  # type: ignore[call-overload]
        os.close(handle)
        return os.open("/dev/full", os.O_WRONLY), path

    monkeypatch.setattr(tempfile, "mkstemp", on_a_full_disk)
    with pytest.raises(bids.BidError, match="There is no room left to store budget.pdf: nothing was saved"):
        document_add(
            user=cast.lead_member, bid=bid, uploaded_file=SimpleUploadedFile("budget.pdf", PDF * 2000)
        )
    assert not BidDocument.objects.exists()
    assert list(folder.iterdir()) == []  # the part-written file is gone


@pytest.fixture
def served(transactional_db: None) -> Iterator[str]:
    """gunicorn, one worker keeping its database connection (as in production), on the test database."""
    database = dict(connection.settings_dict)
    address = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    environment = {
        **os.environ, "DATABASE_URL": address, "DEBUG": "0", "SECRET_KEY": "test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1", "WEB_ACCESS_LOG": "", "WEB_LOG_LEVEL": "warning", "CACHE": "memory",
    }  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 (the project's own server)
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        cwd=settings.BASE_DIR, env=environment, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{url}/static/core/favicon.svg")
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _server_backends() -> list[int]:
    """The database server processes of other clients' connections (the web server's)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (the test's own server)
            return answer.status, answer.headers.get("Retry-After", ""), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After", ""), error.read().decode()


def _connections_allowed(allowed: bool) -> None:
    """Let the test database take new connections, or not (from the server's maintenance database)."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        dbname="postgres",
        autocommit=True,
    ) as maintenance:
        maintenance.execute(
            psycopg.sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                psycopg.sql.Identifier(database["NAME"]), psycopg.sql.SQL("true" if allowed else "false")
            )
        )


def _restart_as_seen_by(backends: list[int]) -> None:
    """End the web server's connections as a restarting database does."""
    assert backends, "the web server holds no database connection"
    with connection.cursor() as cursor:
        for backend in backends:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])


@postgres_only
@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/api/v1/areas?type=ward", "cannot reach its database just now"),  # the API: JSON
        ("/grants/", "Sorry, try again shortly"),  # a page
    ],
)
def test_a_database_that_goes_away_gives_503_then_the_service_recovers_by_itself(
    served: str, path: str, said: str
) -> None:
    assert _get(served + path)[0] == 200
    # Connections ended between requests, as a restart ends them: the next request checks its kept
    # connection first, opens a new one and is answered as usual.
    _restart_as_seen_by(_server_backends())
    assert _get(served + path)[0] == 200

    # The database away while a request needs it (ended, and taking no new connections for now).
    _connections_allowed(False)
    try:
        _restart_as_seen_by(_server_backends())
        status, retry_after, body = _get(served + path)
    finally:
        _connections_allowed(True)
    assert (status, retry_after) == (503, "5")
    assert said in body
    # Back again: answered, with no one doing anything.
    assert _get(served + path)[0] == 200
