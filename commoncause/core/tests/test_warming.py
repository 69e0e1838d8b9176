"""Warming up a web server's master process before its workers are forked (`core.warming`)."""

from unittest import TestCase

import pytest
from django.db import connection, connections

from commoncause.core.events import process_warming
from commoncause.core.warming import warm_up
from commoncause.reconcile import index_cache
from commoncause.register.search import memory
from commoncause.register.tests.search_samples import clear_register

pytestmark = pytest.mark.django_db(transaction=True)


def _live_documents() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM register_search_document WHERE organisation_id IS NOT NULL")
        return int(cursor.fetchone()[0])


@pytest.fixture
def nothing_loaded():
    """Nothing in the process yet; the search documents (which a flush leaves) cleared after."""
    memory._current.clear()
    index_cache.forget()
    yield
    memory._current.clear()
    index_cache.forget()
    clear_register()


def test_the_search_arrays_and_the_reconciliation_index_are_loaded_and_the_connection_closed(
    charity, nothing_loaded, monkeypatch
):
    closed = []
    close_all = connections.close_all

    def noted_close_all() -> None:
        closed.append(bool(memory._current))
        close_all()

    monkeypatch.setattr(connections, "close_all", noted_close_all)
    documents = _live_documents()  # the sample's 364, and any a test before left in the index
    loaded = warm_up()
    if connection.vendor == "postgresql":  # Django keeps an in-memory SQLite database open
        assert connection.connection is None, "a forked worker must not share the master's connection"
    assert closed == [True], "the connections are closed once, after loading"
    assert any(name.startswith(f"search arrays of {documents:,} organisations") for name in loaded), loaded
    assert any(name.startswith("reconciliation index") for name in loaded), loaded
    assert memory._current[connection.alias].live.sum() == documents >= 364
    assert index_cache._state.index is not None


def test_a_receiver_that_fails_leaves_the_others_loading(charity, nothing_loaded):
    def broken(sender, **kwargs):
        raise RuntimeError("the disk is not there")

    process_warming.connect(broken, dispatch_uid="test.broken")
    try:
        with TestCase().assertLogs("commoncause.core.warming", "WARNING") as logged:
            loaded = warm_up()
    finally:
        process_warming.disconnect(dispatch_uid="test.broken")
    assert any(name.startswith("search arrays") for name in loaded)
    assert "the disk is not there" in "\n".join(logged.output)


def test_gunicorn_warms_up_before_forking_its_workers(charity, nothing_loaded):
    from pathlib import Path
    from runpy import run_path

    from django.conf import settings

    conf = run_path(str(Path(settings.BASE_DIR) / "config" / "gunicorn.conf.py"))
    conf["when_ready"](server=None)
    assert memory._current[connection.alias].live.sum() == _live_documents() >= 364
