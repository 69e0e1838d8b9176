"""One import at a time: a second import while one runs is refused plainly, with nothing written, or
waits for it with --wait. The lock is held by a thread with its own database connection, as another
process would hold it."""

import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from commoncause.core.locks import ImportBusy, import_lock
from commoncause.core.tests.held import held_in_another_thread
from commoncause.register.models import ImportRun, Organisation
from commoncause.register.tests.search_samples import DEMO

pytestmark = pytest.mark.django_db(transaction=True)
CCNI = DEMO / "ccni-charitydetails-sample.csv"


def held_elsewhere(name: str, *, for_seconds: float = 60.0) -> AbstractContextManager[threading.Event]:
    """The import lock for `name`, held by another thread (another connection) until the block ends
    or `for_seconds` pass; yields an event set when it lets go."""
    return held_in_another_thread(lambda: import_lock(name), for_seconds=for_seconds)


def test_a_second_import_while_one_runs_is_refused_plainly_and_writes_nothing() -> None:
    with held_elsewhere("ccni"), pytest.raises(CommandError) as refused:
        call_command("import_source", "ccni", str(CCNI), no_progress=True)

    message = str(refused.value)
    assert message.startswith("Import not started, nothing was changed.")
    assert "Another import" in message
    assert "--wait" in message
    assert "Traceback" not in message
    assert not Organisation.objects.exists()
    assert not ImportRun.objects.exists()


def test_with_wait_the_second_import_runs_once_the_first_ends() -> None:
    started = time.monotonic()
    with held_elsewhere("ccni", for_seconds=1.0) as released:
        call_command("import_source", "ccni", str(CCNI), no_progress=True, wait=True)
        assert released.is_set()

    assert time.monotonic() - started >= 1.0
    assert Organisation.objects.count() == 364
    assert ImportRun.objects.count() == 1


def test_the_lock_is_let_go_when_an_import_ends_or_fails(tmp_path: Path) -> None:
    missing_column = tmp_path / "ccni.csv"
    missing_column.write_text("Charity name\nNo number here\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_source", "ccni", str(missing_column), no_progress=True)

    call_command("import_source", "ccni", str(CCNI), no_progress=True)
    with import_lock("ccni"):  # free again: taken at once, not refused
        pass


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: one import at a time")
def test_on_postgresql_imports_of_different_sources_run_side_by_side() -> None:
    with held_elsewhere("ccew"):
        call_command("import_source", "ccni", str(CCNI), no_progress=True)
    assert Organisation.objects.count() == 364


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL takes one import per source")
def test_on_sqlite_any_second_import_is_refused_naming_the_one_running() -> None:
    with held_elsewhere("ccew"), pytest.raises(ImportBusy) as refused, import_lock("ccni"):
        pass
    assert "of ccew, process" in str(refused.value)
