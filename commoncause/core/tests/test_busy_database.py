"""While an import holds the database's write lock, pages and searches are read as usual, and a write
(signing in, sending a statement) is answered 503 with Retry-After and nothing saved — never a 500.

On SQLite the service runs as it is deployed: a server process on a database file in write-ahead-log
mode, with the import's open write transaction held by another connection. On PostgreSQL, where an
import holds only the rows it writes, another connection holds the tables the writes need."""

# ruff: noqa: S310 (the requests go to the server this file starts on 127.0.0.1, by http)
from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from commoncause.accounts.tests.cast import PASSWORD
from commoncause.core.busy import RETRY_AFTER_SECONDS
from commoncause.core.tests.processes import manage as run_manage
from commoncause.core.tests.processes import manage_env
from commoncause.members.models import ProfileEdit
from commoncause.members.tests.conftest import ORG, organisation  # noqa: F401 (a fixture)
from commoncause.members.tests.test_profile_edits import BearerHeader, _bearer

REPO = Path(__file__).resolve().parents[3]
CCNI = REPO / "data" / "demo" / "ccni-charitydetails-sample.csv"
STATEMENT = f"/api/v1/organisations/{ORG}/statement"
SIGN_IN = "/accounts/sign-in/"
EMAIL = "member@charity.example"

_SET_UP = f"""
from django.contrib.auth.models import User
from commoncause.accounts.services import api_token_create
from commoncause.members.models import Membership
from commoncause.register.selectors import organisation_by_identifier
user = User.objects.create_user(username="{EMAIL}", email="{EMAIL}", password="{PASSWORD}")
Membership.objects.create(user=user, organisation=organisation_by_identifier("{ORG}"), status="approved")
print("secret:", api_token_create(user=user, name="script", scope="write")[1])
"""


@dataclass
class Served:
    url: str
    database: Path
    secret: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The service on a SQLite file holding the CCNI sample, with a member who holds a write token."""
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL case runs in this process (below)")
    database = tmp_path_factory.mktemp("busy") / "register.sqlite3"
    url = f"sqlite:///{database}"

    def manage(*args: str) -> str:
        return run_manage(url, *args)

    manage("migrate", "--no-input", "-v", "0")
    manage("import_source", "ccni", str(CCNI), "--no-progress")
    secret = re.findall(r"secret: (\S+)", manage("shell", "-c", _SET_UP))[0]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=manage_env(url, CACHE="files"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/", timeout=5).close()
                break
            except OSError:
                assert server.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.2)
        yield Served(url=url, database=database, secret=secret)
    finally:
        server.kill()
        server.wait()


@contextmanager
def import_writing(database: Path) -> Iterator[None]:
    """Another connection holding SQLite's write lock, as an import's open transaction does."""
    writer = sqlite3.connect(database, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE register_organisation SET name = name")
        yield
        writer.execute("ROLLBACK")
    finally:
        writer.close()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float
    url: str  # after any redirect


def _call(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> Answer:
    started = time.monotonic()
    try:
        with opener.open(request, timeout=60) as response:
            status, headers, body = response.status, dict(response.headers), response.read().decode()
            url = response.geturl()
    except urllib.error.HTTPError as error:
        status, headers, body, url = error.code, dict(error.headers), error.read().decode(), error.url
    return Answer(status, headers, body, time.monotonic() - started, url)


def _send_statement(served: Served, offers: str) -> Answer:
    request = urllib.request.Request(
        served.url + STATEMENT,
        data=json.dumps({"offers": offers}).encode(),
        headers={"Authorization": f"Bearer {served.secret}", "Content-Type": "application/json"},
        method="POST",
    )
    return _call(urllib.request.build_opener(), request)


def _sign_in(served: Served) -> Answer:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = _call(opener, urllib.request.Request(served.url + SIGN_IN)).body
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[0]
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": EMAIL, "password": PASSWORD})
    request = urllib.request.Request(
        served.url + SIGN_IN, data=data.encode(), headers={"Referer": served.url + SIGN_IN}, method="POST"
    )
    return _call(opener, request)


def _queued(database: Path) -> int:
    reader = sqlite3.connect(database)
    try:
        return int(reader.execute("SELECT count(*) FROM members_profileedit").fetchone()[0])
    finally:
        reader.close()


def test_on_sqlite_reads_go_on_while_an_import_writes(served: Served) -> None:
    with import_writing(served.database):
        search = _call(
            urllib.request.build_opener(), urllib.request.Request(f"{served.url}/search/?q=cancer")
        )
        api = _call(
            urllib.request.build_opener(), urllib.request.Request(f"{served.url}/api/v1/organisations")
        )
        bearer = {"Authorization": f"Bearer {served.secret}"}
        signed_in = _call(
            urllib.request.build_opener(), urllib.request.Request(f"{served.url}/api/v1/me", headers=bearer)
        )

    assert search.status == 200
    assert "Cancer Lifeline" in search.body
    assert api.status == 200
    assert search.seconds < 4  # not held up behind the write lock (which waits 5 s)
    # A token's first use is noted when the database can take it; a read never waits for the note.
    assert signed_in.status == 200
    assert json.loads(signed_in.body)["email"] == EMAIL
    assert signed_in.seconds < 4


def test_on_sqlite_a_write_while_an_import_writes_is_answered_503_and_saves_nothing(served: Served) -> None:
    with import_writing(served.database):
        statement = _send_statement(served, "Tea and cake on Tuesdays")
        signed_in = _sign_in(served)

    assert statement.status == 503
    assert statement.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Nothing was saved" in json.loads(statement.body)["detail"]
    assert signed_in.status == 503
    assert signed_in.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "The register is busy with an update" in signed_in.body
    assert _queued(served.database) == 0

    after = _send_statement(served, "Tea and cake on Tuesdays")
    assert after.status == 202
    assert _queued(served.database) == 1
    signed_in_after = _sign_in(served)
    assert signed_in_after.status == 200
    assert signed_in_after.url == served.url + "/"  # signed in, and sent on to the home page


@contextmanager
def tables_held(*tables: str) -> Iterator[None]:
    """Another PostgreSQL connection holding `tables` against writes (reads go on) until the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # names from this file only
                taken.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join(10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's case runs a server (above)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("organisation")
def test_on_postgresql_a_write_that_waits_too_long_is_answered_503_and_saves_nothing(
    client: Client, member: User
) -> None:
    bearer = _bearer(member)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    try:
        _answered_503_and_saved_nothing(client, bearer)
    finally:
        # The database is emptied after this test with TRUNCATE, which must wait for every lock (the
        # holding thread's last ones, autovacuum's): not on this test's short timeout.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = DEFAULT")


def _answered_503_and_saved_nothing(client: Client, bearer: BearerHeader) -> None:
    with tables_held("members_profileedit", "auth_user", "accounts_apitoken"):
        assert client.get("/search/?q=cancer").status_code == 200
        assert client.get("/api/v1/me", **bearer).status_code == 200  # the token's use goes unnoted
        statement = client.post(STATEMENT, {"offers": "Tea"}, content_type="application/json", **bearer)
        signed_in = client.post(SIGN_IN, {"username": EMAIL, "password": PASSWORD})

    assert statement.status_code == 503
    assert statement["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Nothing was saved" in statement.json()["detail"]
    assert signed_in.status_code == 503
    assert "The register is busy with an update" in signed_in.content.decode()
    assert not ProfileEdit.objects.exists()
    assert (
        client.post(STATEMENT, {"offers": "Tea"}, content_type="application/json", **bearer).status_code
        == 202
    )
