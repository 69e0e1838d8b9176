"""Imports started from the web: a curator uploads a file, the task worker imports it.

`import_request_make` keeps the upload whole under `PRIVATE_FILES_DIR/imports/<random>/<its name>`
(refused by name when it is empty, too large or the disk is full, with nothing left behind), records
the request (audited) and, once that is saved, puts `sources.tasks.import_requested` on the task queue.
`import_request_run`, which the worker calls, imports the file exactly as `manage.py import_source`
would (waiting for another import to end rather than refusing), records how it ended, and deletes the
file: the register keeps what it imported, the import run what it changed. First it closes any request
a stopped worker left importing (`stopped_imports_close`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.locks import ImportBusy, import_lock
from commoncause.core.uploads import UploadRefused, clean_name, private_dir, size_words, write_whole
from commoncause.sources.base import import_source_run
from commoncause.sources.models import WEB_KINDS, ImportRequest, ImportRequestStatus
from commoncause.sources.registry import importer_for, with_options
from commoncause.sources.run_words import EXPECTED, failure_words, summary_words

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=1)
STOPPED = (
    "The task worker stopped during this import, and nothing was changed: an import is one "
    "transaction. Upload the file again."
)
UNEXPECTED = (
    "The import stopped with an error the service did not expect, and nothing was changed. "
    "The error is in the task worker's log."
)


@dataclass
class ImportRequestError(Exception):
    """A request refused: the form field it concerns and why, in words that name the file."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def max_bytes() -> int:
    return int(settings.IMPORT_UPLOAD_MAX_BYTES)


def uploaded_path(request: ImportRequest) -> Path:
    if len(request.stored_as) != 32 or not all(ch in "0123456789abcdef" for ch in request.stored_as):
        raise ValueError("A stored upload's folder is 32 hex digits.")
    return private_dir("imports") / request.stored_as / request.file_name


def _facts(request: ImportRequest) -> dict[str, object]:
    return {
        "kind": request.kind,
        "file_name": request.file_name,
        "size": request.size,
        "sha256": request.sha256,
        "extract_date": request.extract_date.isoformat() if request.extract_date else "",
        "skip_invalid": request.skip_invalid,
        "status": request.status,
    }


def import_request_make(
    *,
    actor: User,
    kind: str,
    uploaded: UploadedFile,
    extract_date: dt.date | None = None,
    skip_invalid: bool = False,
) -> ImportRequest:
    """Keep the upload and queue its import; refused with the field and the reason."""
    if kind not in WEB_KINDS:
        raise ImportRequestError("kind", "Choose what the file holds.")
    if skip_invalid and kind != "360giving":
        raise ImportRequestError("skip_invalid", "Importing only the valid grants is for 360Giving files.")
    name = clean_name(uploaded.name or "", default="upload")
    if uploaded.size is not None and uploaded.size > max_bytes():
        raise ImportRequestError(
            "file", f"{name} is larger than {size_words(max_bytes())}, the most a file may be."
        )
    stored_as = secrets.token_hex(16)
    folder = private_dir("imports") / stored_as
    folder.mkdir(mode=0o700)
    try:
        temporary, size, sha256 = write_whole(uploaded, name, folder, max_bytes())
        final = folder / name
        os.replace(temporary, final)
        final.chmod(0o600)
        with transaction.atomic():
            request = ImportRequest.objects.create(
                kind=kind, file_name=name, stored_as=stored_as, size=size, sha256=sha256,
                extract_date=extract_date, skip_invalid=skip_invalid, requested_by=actor,
            )  # fmt: skip
            audit_record(actor=actor, action=AuditAction.CREATE, target=request, after=_facts(request))
            transaction.on_commit(lambda: _enqueue(request.pk))
    except UploadRefused as refused:
        shutil.rmtree(folder, ignore_errors=True)
        raise ImportRequestError("file", str(refused)) from refused
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return request


def _enqueue(request_id: int) -> None:
    from commoncause.sources.tasks import import_requested

    import_requested.enqueue(request_id)


def _ended(request: ImportRequest, status: str, message: str) -> None:
    before = _facts(request)
    request.status, request.message, request.finished_at = status, message, timezone.now()
    request.save(update_fields=["status", "message", "finished_at", "import_run"])
    audit_record(actor=None, action=AuditAction.UPDATE, target=request, before=before, after=_facts(request))


def stopped_imports_close() -> int:
    """Mark failed the requests a stopped worker (killed, or its machine restarted) left importing:
    started over a minute ago, and no import holds the lock theirs would hold. Returns how many."""
    closed = 0
    stale = ImportRequest.objects.filter(
        status=ImportRequestStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    )
    for request in stale:
        try:
            with import_lock(request.kind):
                pass
        except ImportBusy:  # an import is running: it may be this one
            continue
        _ended(request, ImportRequestStatus.FAILED, STOPPED)
        shutil.rmtree(uploaded_path(request).parent, ignore_errors=True)
        closed += 1
    return closed


def import_request_run(request_id: int) -> str:
    """Import a queued request's file (the task worker's work); how it ended."""
    stopped_imports_close()
    request = ImportRequest.objects.get(pk=request_id)
    if request.status != ImportRequestStatus.QUEUED:  # run already (a task given twice)
        return request.status
    request.status, request.started_at = ImportRequestStatus.RUNNING, timezone.now()
    request.save(update_fields=["status", "started_at"])
    path = uploaded_path(request)
    importer = importer_for(request.kind)
    if request.skip_invalid:
        importer = with_options(importer, skip_invalid=True)
    try:
        run = import_source_run(
            kind=request.kind, path=path, importer=importer, extract_date=request.extract_date, wait=True,
            report=_progress_writer(path.parent),
        )  # fmt: skip
    except EXPECTED as error:
        words = failure_words(error)
        _ended(request, ImportRequestStatus.FAILED, words or UNEXPECTED)
        if words is None:
            raise
    except Exception:
        _ended(request, ImportRequestStatus.FAILED, UNEXPECTED)
        raise
    else:
        request.import_run = run
        _ended(request, ImportRequestStatus.DONE, summary_words(run))
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    return request.status


PROGRESS_FILE = ".progress.json"


def _progress_writer(folder: Path) -> Callable[[str, int], None]:
    """Where the worker leaves how far the import has got, for the request's page: a small file beside
    the upload (the import's own writes are not seen outside its transaction until it ends)."""

    def write(description: str, count: int) -> None:
        temporary = folder / (PROGRESS_FILE + ".part")
        temporary.write_text(json.dumps({"reading": description, "count": count}), encoding="utf-8")
        os.replace(temporary, folder / PROGRESS_FILE)

    return write


def import_request_progress(request: ImportRequest) -> str:
    """How far a running import has got, in words ("" before it has read anything)."""
    if request.status != ImportRequestStatus.RUNNING:
        return ""
    try:
        found = json.loads((uploaded_path(request).parent / PROGRESS_FILE).read_text(encoding="utf-8"))
        return f"{found['reading']}: {int(found['count']):,} read so far"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def requests_unfinished_first(limit: int = 10) -> list[ImportRequest]:
    """The latest requests, those still waiting or running first."""
    waiting = list(
        ImportRequest.objects.filter(status__in=[ImportRequestStatus.QUEUED, ImportRequestStatus.RUNNING])
        .select_related("requested_by")
        .order_by("requested_at", "id")
    )
    ended = ImportRequest.objects.exclude(pk__in=[r.pk for r in waiting]).select_related("requested_by")
    return waiting + list(ended[: max(limit - len(waiting), 0)])
