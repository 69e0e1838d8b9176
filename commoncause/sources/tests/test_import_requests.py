"""Imports started from the web: a curator uploads a file and the task worker (`manage.py db_worker`,
run here for what is queued, then stopping) imports it. On the real CCNI register sample."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commoncause.accounts.models import AuditEntry
from commoncause.core.locks import import_lock
from commoncause.core.tests.held import held_in_another_thread
from commoncause.core.uploads import private_dir
from commoncause.register.models import ImportRun, Organisation
from commoncause.sources.base import import_source_run
from commoncause.sources.import_requests import (
    _progress_writer,
    import_request_run,
    stopped_imports_close,
    uploaded_path,
)
from commoncause.sources.models import ImportRequest, ImportRequestStatus
from commoncause.sources.registry import importer_for

pytestmark = pytest.mark.django_db

NEW = reverse("sources:import_request_new")
CCNI = "ccni-charitydetails-sample.csv"
CCNI_SAMPLE_ROWS = 364  # the charities in the sample (data/demo/PROVENANCE.md)


@pytest.fixture
def ccni_bytes(demo_data_dir: Path) -> bytes:
    return (demo_data_dir / CCNI).read_bytes()


@pytest.fixture
def signed_in(client, curator):
    client.force_login(curator)
    return client


def _upload(client, content: bytes, *, name: str = CCNI, **fields: str):
    data = {"kind": "ccni", **fields, "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    return client.post(NEW, data)


@pytest.fixture(autouse=True)
def _worker_keeps_the_tests_connection(monkeypatch):
    """The worker closes a connection that is inside a transaction, as a test's is (PostgreSQL): here
    the test's transaction stands for the worker's own connection, so it is kept."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _worker_runs_what_is_queued() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, stdout=io.StringIO())


def _kept_uploads() -> list[Path]:
    return [path for path in private_dir("imports").rglob("*") if path.is_file()]


def test_a_curator_uploads_a_register_and_the_worker_imports_it(
    signed_in, ccni_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(signed_in, ccni_bytes)
    request = ImportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:import_request_detail", args=[request.pk])
    waiting = signed_in.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in waiting
    assert 'hx-trigger="every 3s"' in waiting, "the page asks again until the import has ended"
    assert not Organisation.objects.exists(), "nothing is imported inside the web request"
    assert DBTaskResult.objects.get().status == "READY"
    assert len(_kept_uploads()) == 1

    _worker_runs_what_is_queued()

    request.refresh_from_db()
    assert request.status == ImportRequestStatus.DONE
    assert Organisation.objects.count() == CCNI_SAMPLE_ROWS
    run = ImportRun.objects.get()
    assert (run.kind, run.file_name, run.created) == ("ccni", CCNI, CCNI_SAMPLE_ROWS)
    assert request.import_run == run
    assert request.message.startswith(f"Imported ccni from {CCNI}: {CCNI_SAMPLE_ROWS} created")
    assert _kept_uploads() == [], "the file is deleted once imported"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    part = signed_in.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "Imported" in part
    assert "hx-trigger" not in part, "an ended import is not asked about again"
    assert "<html" not in part
    changes = AuditEntry.objects.filter(target_type="sources.importrequest", target_id=str(request.pk))
    assert sorted(changes.values_list("action", flat=True)) == ["create", "update"]
    listed = signed_in.get(reverse("sources:import_run_list")).content.decode()
    assert f'href="{response["Location"]}"' in listed


def _with_bad_date(content: bytes, row: int) -> bytes:
    rows = list(csv.reader(io.StringIO(content.decode("cp1252"))))
    rows[row - 1][rows[0].index("Date registered")] = "31/02/2014"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


def test_a_malformed_file_fails_naming_its_row_and_field_and_changes_nothing(
    signed_in, ccni_bytes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, _with_bad_date(ccni_bytes, row=40))
    _worker_runs_what_is_queued()
    request = ImportRequest.objects.get()
    assert request.status == ImportRequestStatus.FAILED
    assert request.message.startswith("Import failed, nothing was changed.")
    assert CCNI in request.message
    assert "row 40" in request.message
    assert "Date registered" in request.message
    assert not Organisation.objects.exists()
    assert not ImportRun.objects.exists()
    assert _kept_uploads() == []
    page = signed_in.get(reverse("sources:import_request_detail", args=[request.pk])).content.decode()
    assert "The import failed" in page
    assert "row 40" in page


def test_a_task_given_twice_imports_once(signed_in, ccni_bytes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, ccni_bytes)
    _worker_runs_what_is_queued()
    request = ImportRequest.objects.get()
    assert import_request_run(request.pk) == ImportRequestStatus.DONE
    assert ImportRun.objects.count() == 1


def test_the_form_names_each_field_and_keeps_what_was_chosen(signed_in):
    response = signed_in.post(NEW, {"kind": "360giving"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the file to import." in page
    assert 'value="360giving" checked' in page
    response = signed_in.post(NEW, {"file": SimpleUploadedFile("list.csv", b"a,b\n")})
    assert "Choose what the file holds." in response.content.decode()
    response = signed_in.post(NEW, {"kind": "ccew", "file": SimpleUploadedFile("x.csv", b"a,b\n")})
    assert "Choose what the file holds." in response.content.decode(), "a folder's kind is not offered"
    assert not ImportRequest.objects.exists()


def test_an_empty_file_a_file_too_large_and_an_option_of_another_kind_are_refused(signed_in, ccni_bytes):
    empty = _upload(signed_in, b"")
    assert empty.status_code == 400
    assert "empty" in empty.content.decode()
    with override_settings(IMPORT_UPLOAD_MAX_BYTES=1000):
        large = _upload(signed_in, ccni_bytes)
    assert large.status_code == 400
    assert f"{CCNI} is larger than 1,000 bytes, the most a file may be." in large.content.decode()
    skipping = _upload(signed_in, ccni_bytes, skip_invalid="on")
    assert skipping.status_code == 400
    assert "only the valid grants is for 360Giving files" in skipping.content.decode()
    assert 'id="id_skip_invalid" name="skip_invalid" type="checkbox" value="on" checked' in (
        skipping.content.decode()
    )
    assert not ImportRequest.objects.exists()
    assert _kept_uploads() == [], "nothing of a refused upload is left on the disk"


def test_an_extract_date_is_given_to_the_import(signed_in, ccni_bytes, django_capture_on_commit_callbacks):
    bad = _upload(signed_in, ccni_bytes, extract_date="31/03/2024")
    assert "Write the date as year-month-day" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, ccni_bytes, extract_date="2024-03-31")
    _worker_runs_what_is_queued()
    assert str(ImportRun.objects.get().extract_date) == "2024-03-31"


def test_only_curators_and_administrators_start_or_see_imports(client, member, officer):
    assert client.get(NEW).status_code == 302
    for person in (member, officer):
        client.force_login(person)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, {"kind": "ccni"}).status_code == 403
    assert not ImportRequest.objects.exists()


def test_an_import_nobody_started_is_not_found(signed_in):
    assert signed_in.get(reverse("sources:import_request_detail", args=[999])).status_code == 404


def test_an_import_reports_how_far_it_has_got(demo_data_dir):
    reported: list[tuple[str, int]] = []
    import_source_run(
        kind="ccni",
        path=demo_data_dir / CCNI,
        importer=importer_for("ccni"),
        report=lambda reading, count: reported.append((reading, count)),
    )
    assert reported[-1] == (f"Reading {CCNI}", CCNI_SAMPLE_ROWS)
    assert [count for _, count in reported] == sorted(count for _, count in reported)


def test_a_running_import_shows_how_far_it_has_got(signed_in, ccni_bytes):
    _upload(signed_in, ccni_bytes)
    request = ImportRequest.objects.get()
    page = reverse("sources:import_request_detail", args=[request.pk])
    assert 'data-testid="import-progress"' not in signed_in.get(page).content.decode()
    request.status = ImportRequestStatus.RUNNING
    request.save()
    folder = _kept_uploads()[0].parent
    _progress_writer(folder)(f"Reading {CCNI}", 12_345)
    shown = signed_in.get(page, HTTP_HX_REQUEST="true").content.decode()
    assert f"Reading {CCNI}: 12,345 read so far." in shown
    assert 'hx-trigger="every 3s"' in shown
    (folder / ".progress.json").write_text("{not json", encoding="utf-8")
    assert signed_in.get(page).status_code == 200, "a progress file half written is not an error"


def _left_importing(signed_in, ccni_bytes, *, minutes_ago: int) -> ImportRequest:
    """An uploaded request a worker took up `minutes_ago` and then stopped in (killed mid-import)."""
    _upload(signed_in, ccni_bytes)
    request = ImportRequest.objects.latest("id")
    request.status = ImportRequestStatus.RUNNING
    request.started_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    request.save()
    return request


def test_an_import_a_stopped_worker_left_running_is_closed_when_the_worker_next_runs(
    signed_in, ccni_bytes, django_capture_on_commit_callbacks
):
    stopped = _left_importing(signed_in, ccni_bytes, minutes_ago=5)
    just_started = _left_importing(signed_in, ccni_bytes, minutes_ago=0)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(signed_in, ccni_bytes)
    _worker_runs_what_is_queued()
    stopped.refresh_from_db()
    just_started.refresh_from_db()
    assert stopped.status == ImportRequestStatus.FAILED
    assert stopped.message.startswith("The task worker stopped during this import, and nothing was changed")
    assert not uploaded_path(stopped).parent.exists()
    assert just_started.status == ImportRequestStatus.RUNNING, "it may still be importing"
    assert ImportRequest.objects.latest("id").status == ImportRequestStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_an_import_holding_the_lock_is_not_taken_for_stopped(signed_in, ccni_bytes):
    running = _left_importing(signed_in, ccni_bytes, minutes_ago=5)
    with held_in_another_thread(lambda: import_lock("ccni")):
        assert stopped_imports_close() == 0
    running.refresh_from_db()
    assert running.status == ImportRequestStatus.RUNNING
    assert stopped_imports_close() == 1
