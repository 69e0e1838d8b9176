"""Reads go to a PostgreSQL read replica; writes, transactions, commands, and a person's reads just after
they write go to the primary; a replica that is down is passed over.

On PostgreSQL the tests start a real streaming replica of the test server (replica_server.py) and
simulate replication lag by pausing its replay. The settings tests run on both databases."""

from __future__ import annotations

import copy
import runpy
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from pytest_django.fixtures import Settings

from commoncause.accounts.services import api_token_create, api_token_revoke
from commoncause.accounts.tests.cast import person
from commoncause.core import replicas
from commoncause.core.replicas import WROTE_COOKIE
from commoncause.core.tests.replica_server import StreamingReplica, streaming_replica
from commoncause.register.models import Organisation
from commoncause.register.page_cache import HIT_HEADER
from commoncause.register.services import search_index_refresh
from commoncause.register.tests.factories import OrganisationFactory
from commoncause.register.tests.search_samples import clear_register

REPO = Path(__file__).resolve().parents[3]
ALIAS = "streamed_replica"  # not replica1: that one may be configured already, as a mirror of default
LIST = "/replica-test/organisations"
NAME = "Replica Test Written Organisation"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a streaming replica needs PostgreSQL: the PostgreSQL run (make test-postgres) runs it",
)
# A replica sees only what the primary has committed: these tests commit, and may use both aliases.
replica_database = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, ALIAS])


# Pages for the tests (ROOT_URLCONF=__name__): each says which database it read from, whether that
# server is a standby, and the test organisations it saw there.
def _standby(alias: str) -> bool | None:
    if connections[alias].vendor != "postgresql":
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return bool(cursor.fetchone()[0])


def _seen() -> dict[str, object]:
    organisations = Organisation.objects.filter(name__startswith="Replica Test").order_by("name")
    return {
        "read_from": organisations.db,
        "standby": _standby(organisations.db),
        "names": list(organisations.values_list("name", flat=True)),
    }


def organisations_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        Organisation.objects.create(name=request.POST["name"])
        return JsonResponse(_seen(), status=201)
    return JsonResponse(_seen())


def write_on_get_view(request: HttpRequest) -> HttpResponse:
    Organisation.objects.create(name=NAME)
    return JsonResponse(_seen())


def transaction_view(request: HttpRequest) -> HttpResponse:
    before = _seen()
    with transaction.atomic():
        inside = _seen()
    after = _seen()
    with transaction.atomic():  # a locking read is a write to come: what follows reads the primary
        locked = Organisation.objects.select_for_update().filter(name=NAME)
        names = list(locked.values_list("name", flat=True))
    return JsonResponse(
        {"before": before, "inside": inside, "after": after, "locked": names, "then": _seen()}
    )


def streamed_view(request: HttpRequest) -> StreamingHttpResponse:
    def rows() -> Iterator[str]:
        yield "start\n"  # the first read happens as the response is sent, after the view returned
        seen = _seen()
        yield f"{seen['read_from']} {seen['standby']}\n"

    return StreamingHttpResponse(rows())


urlpatterns = [
    path("replica-test/organisations", organisations_view),
    path("replica-test/write-on-get", write_on_get_view),
    path("replica-test/transaction", transaction_view),
    path("replica-test/streamed", streamed_view),
    path("", include("config.urls")),
]


@pytest.fixture(scope="module")
def replica(django_db_setup: None) -> Iterator[StreamingReplica]:
    """A streaming replica of the test database (taken once it exists), as a database alias."""
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL")
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    with streaming_replica(primary) as server:
        replica_settings = copy.deepcopy(primary)
        replica_settings.update(HOST="127.0.0.1", PORT=str(server.port))
        replica_settings["TEST"] = {**replica_settings["TEST"], "MIRROR": DEFAULT_DB_ALIAS}
        connections.settings[ALIAS] = replica_settings
        try:
            yield server
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


@pytest.fixture
def replica_reads(replica: StreamingReplica, settings: Settings) -> Iterator[StreamingReplica]:
    """The service configured with the replica, serving the pages above."""
    settings.DATABASE_REPLICAS = [ALIAS]
    settings.ROOT_URLCONF = __name__
    replicas._down_until.clear()
    replica.wait_for_replay()  # the last test's clean-up is applied: the replica starts in step
    yield replica
    replicas._down_until.clear()


@postgres_only
@replica_database
def test_a_request_that_only_reads_is_answered_by_the_replica(replica_reads: StreamingReplica) -> None:
    body = Client().get(LIST).json()
    assert body == {"read_from": ALIAS, "standby": True, "names": []}


@postgres_only
@replica_database
def test_a_public_page_reads_only_from_the_replica(replica_reads: StreamingReplica) -> None:
    OrganisationFactory(name="Replica Test Lifeline", org_ids=["GB-CHC-1999999"])
    replica_reads.wait_for_replay()
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[ALIAS]) as replica,
    ):
        response = Client().get("/organisations/GB-CHC-1999999/")
    assert response.status_code == 200
    assert "Replica Test Lifeline" in response.content.decode()
    assert any("register_organisation" in query["sql"] for query in replica.captured_queries)
    assert primary.captured_queries == []


@postgres_only
@replica_database
def test_a_person_reads_what_they_wrote_while_the_replica_lags(replica_reads: StreamingReplica) -> None:
    writer, other = Client(), Client()
    with replica_reads.paused():
        written = writer.post(LIST, {"name": NAME})
        assert written.status_code == 201
        assert written.json() == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}
        assert written.cookies[WROTE_COOKIE]["max-age"] == 10
        # The writer's next page reads the primary and shows what they saved; anyone else's reads the
        # replica, which has not applied it yet.
        assert writer.get(LIST).json() == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}
        assert other.get(LIST).json() == {"read_from": ALIAS, "standby": True, "names": []}
    replica_reads.wait_for_replay()
    assert other.get(LIST).json() == {"read_from": ALIAS, "standby": True, "names": [NAME]}
    writer.cookies[WROTE_COOKIE] = f"{time.time() - 11:.3f}"  # wrote longer than REPLICA_PIN_SECONDS ago
    assert writer.get(LIST).json() == {"read_from": ALIAS, "standby": True, "names": [NAME]}


@postgres_only
@replica_database
def test_a_request_that_writes_reads_its_write_whatever_its_method(replica_reads: StreamingReplica) -> None:
    with replica_reads.paused():
        response = Client().get("/replica-test/write-on-get")
        assert response.json() == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}
        assert WROTE_COOKIE in response.cookies


@postgres_only
@replica_database
def test_transactions_and_locking_reads_use_the_primary(replica_reads: StreamingReplica) -> None:
    with replica_reads.paused():
        Organisation.objects.create(name=NAME)  # outside a request: on the primary only, for now
        body = Client().get("/replica-test/transaction").json()
    assert body["before"] == {"read_from": ALIAS, "standby": True, "names": []}
    assert body["inside"] == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}
    assert body["after"] == {"read_from": ALIAS, "standby": True, "names": []}
    assert body["locked"] == [NAME]  # SELECT … FOR UPDATE would fail on a standby, which is read-only
    assert body["then"] == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}


@postgres_only
@replica_database
def test_who_is_asking_is_read_from_the_primary_so_a_new_or_revoked_token_counts_at_once(
    replica_reads: StreamingReplica,
) -> None:
    with replica_reads.paused():
        user = person("new@charity.example")
        token, secret = api_token_create(user=user, name="script")
        bearer = {"Authorization": f"Bearer {secret}"}
        assert Client().get("/api/v1/me", headers=bearer).json()["email"] == "new@charity.example"
        api_token_revoke(user=user, token_id=token.pk)
        assert Client().get("/api/v1/me", headers=bearer).status_code == 401


@postgres_only
@replica_database
def test_commands_and_other_work_outside_requests_read_from_the_primary(
    replica_reads: StreamingReplica,
) -> None:
    with replica_reads.paused():
        Organisation.objects.create(name=NAME)
        assert _seen() == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": [NAME]}


@postgres_only
@replica_database
def test_a_streamed_response_reads_from_the_replica_as_it_is_sent(replica_reads: StreamingReplica) -> None:
    response = Client().get("/replica-test/streamed")
    assert response.getvalue().decode() == f"start\n{ALIAS} True\n"
    assert Organisation.objects.all().db == DEFAULT_DB_ALIAS  # the request is over


@postgres_only
@replica_database
def test_a_replica_that_is_down_is_passed_over(replica_reads: StreamingReplica) -> None:
    client = Client()
    assert client.get(LIST).json()["read_from"] == ALIAS  # keeps a connection to the replica open
    replica_reads.stop()
    try:
        assert client.get(LIST).json() == {"read_from": DEFAULT_DB_ALIAS, "standby": False, "names": []}
        assert replicas.replica_down(ALIAS)
        assert client.get(LIST).json()["read_from"] == DEFAULT_DB_ALIAS  # not tried again for a while
    finally:
        replica_reads.start()
    replicas._down_until.clear()  # as when DOWN_SECONDS have passed
    assert client.get(LIST).json()["read_from"] == ALIAS


@postgres_only
@replica_database
def test_a_search_and_the_page_kept_of_it_are_read_from_the_replica_and_move_on_as_it_replays(
    replica_reads: StreamingReplica,
) -> None:
    OrganisationFactory(name="Replica Test Lifeline", org_ids=["GB-CHC-1999999"])
    search_index_refresh()
    replica_reads.wait_for_replay()
    visitor = Client()
    try:
        with replica_reads.paused():
            OrganisationFactory(name="Replica Test Larder", org_ids=["GB-CHC-1999998"])
            search_index_refresh()
            with (
                CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
                CaptureQueriesContext(connections[ALIAS]) as replica,
            ):
                first = visitor.get("/search/", {"q": "replica test"})
                kept = visitor.get("/search/", {"q": "replica test"})
            assert "Replica Test Lifeline" in first.content.decode()
            assert "Replica Test Larder" not in first.content.decode(), "the replica has not replayed it"
            assert kept[HIT_HEADER] == "hit"
            assert primary.captured_queries == [], "the search and the page cache's version: the replica"
            assert any("register_search_state" in query["sql"] for query in replica.captured_queries)
        replica_reads.wait_for_replay()
        replayed = visitor.get("/search/", {"q": "replica test"})
        assert HIT_HEADER not in replayed
        assert "Replica Test Larder" in replayed.content.decode()
    finally:
        clear_register()


# Settings: both databases.
def _settings(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, object]:
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URLS", "REPLICA_PIN_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(REPO / "config" / "settings.py"))


def test_each_replica_url_becomes_a_replica_alias_that_mirrors_the_primary_in_tests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = _settings(
        monkeypatch,
        DATABASE_URL="postgres://app@db1.internal:5432/commoncause",
        DATABASE_REPLICA_URLS="postgres://app@db2.internal:5432/commoncause, postgres://app@db3.internal/commoncause",
        REPLICA_PIN_SECONDS="20",
    )
    databases = read["DATABASES"]
    assert isinstance(databases, dict)
    assert read["DATABASE_REPLICAS"] == ["replica1", "replica2"]
    assert [databases[alias]["HOST"] for alias in ("default", "replica1", "replica2")] == [
        "db1.internal",
        "db2.internal",
        "db3.internal",
    ]
    assert databases["replica2"]["TEST"] == {"MIRROR": "default"}
    assert read["REPLICA_PIN_SECONDS"] == 20
    assert read["DATABASE_ROUTERS"] == ["config.routers.PrimaryReplicaRouter"]


def test_with_no_replica_there_is_only_the_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    read = _settings(monkeypatch, DATABASE_URL="postgres://app@db1.internal:5432/commoncause")
    databases = read["DATABASES"]
    assert isinstance(databases, dict)
    assert list(databases) == ["default"]
    assert read["DATABASE_REPLICAS"] == []


def test_replicas_of_a_sqlite_database_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URLS"):
        _settings(
            monkeypatch,
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            DATABASE_REPLICA_URLS="postgres://app@db2.internal/commoncause",
        )


@pytest.mark.django_db
def test_with_no_replica_a_write_sets_no_cookie_and_reads_use_the_primary(settings: Settings) -> None:
    settings.ROOT_URLCONF = __name__
    settings.DATABASE_REPLICAS = []
    client = Client()
    response = client.post(LIST, {"name": NAME})
    assert response.status_code == 201
    assert WROTE_COOKIE not in response.cookies
    assert client.get(LIST).json()["read_from"] == DEFAULT_DB_ALIAS
