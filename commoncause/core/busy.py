"""A database too busy to take a write, or not there for a moment, is a reason to try again, not a fault.

While an import writes (in one transaction, so that a failed run leaves nothing behind), SQLite lets no
other process write: a web request that writes waits for `busy_timeout`, then fails with "database is
locked". On PostgreSQL a request that needs a row an import holds waits for `lock_timeout`. Either way
the request is answered 503 with `Retry-After`, in JSON for the API and the reconciliation service
and as a page elsewhere, saying that nothing was saved. Reads are never held up: SQLite serves them
from the write-ahead log while the import writes.

The same goes for a database that is restarting or cannot be reached (`is_unavailable`: its server
ended the connection, refuses new ones while it starts or stops, or cannot be reached), and for a disk
with no room left (`is_disk_full`): the request is answered 503 with `Retry-After`, saying plainly what
happened and that nothing was saved (the request's transaction is rolled back). The broken connection
is closed, and the next request opens a new one (with `CONN_HEALTH_CHECKS`, a kept connection is
checked before it is used), so the service recovers by itself when the database is back.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
_SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
_POSTGRES_LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout expired


def is_busy(error: BaseException) -> bool:
    """Whether `error` says the database was too busy with another writer to do this now."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == _POSTGRES_LOCK_NOT_AVAILABLE:
        return True
    return any(text in str(error) for text in _SQLITE_BUSY)


# admin_shutdown, crash_shutdown, cannot_connect_now; and the connection_exception class (08…)
_POSTGRES_UNAVAILABLE = ("57P01", "57P02", "57P03")
_UNAVAILABLE_WORDS = (
    "connection refused", "server closed the connection", "terminating connection", "connection is closed",
    "connection already closed", "the database system is starting up", "the database system is shutting down",
    "could not connect", "connection to server", "unable to open database file",
    "not currently accepting connections",
    "conflict with recovery",  # a read replica replaying the primary cancelled the query
)  # fmt: skip
_POSTGRES_DISK_FULL = "53100"
_DISK_FULL_WORDS = ("database or disk is full", "no space left on device")
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT)


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` says the database was not there: restarting, shutting down or out of reach."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    state = str(getattr(error.__cause__, "sqlstate", None) or "")
    if state in _POSTGRES_UNAVAILABLE or state.startswith("08"):
        return True
    text = str(error).lower()
    return any(words in text for words in _UNAVAILABLE_WORDS)


def is_disk_full(error: BaseException) -> bool:
    """Whether `error` says a disk had no room left: the database's, or the server's own files'."""
    if isinstance(error, OSError) and error.errno in _NO_ROOM:
        return True
    if not isinstance(error, OperationalError):
        return False
    if getattr(error.__cause__, "sqlstate", None) == _POSTGRES_DISK_FULL:
        return True
    text = str(error).lower()
    return any(words in text for words in _DISK_FULL_WORDS)


def should_retry(error: BaseException) -> bool:
    """Whether the request may be tried again later, as it is: nothing about it was wrong."""
    return is_busy(error) or is_unavailable(error) or is_disk_full(error)


def unless_busy(write: Callable[[], object], wait_ms: int = 50) -> bool:
    """Do `write`, worth doing but not worth waiting for (noting when a token was last used): wait at
    most `wait_ms` for the database, and if it is still busy, skip the write. Returns whether it wrote."""
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        with transaction.atomic():
            if not sqlite:
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {int(wait_ms)}")
            write()
    except OperationalError as error:
        if not is_busy(error):
            raise
        return False
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(settings.SQLITE_BUSY_TIMEOUT_MS)}")
    return True


BUSY = "The register is busy with an update. Nothing was saved: try again in a minute."
UNAVAILABLE = (
    "The service cannot reach its database just now (it may be restarting). Nothing was saved: try again "
    "in a few seconds."
)
DISK_FULL = (
    "The service has run out of room to store things. Nothing was saved: try again later; its "
    "administrators have been told."
)
RETRY_SOON_SECONDS = 5


def _answer(request: HttpRequest, message: str, template: str, retry_after: int) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    elif request.path == "/reconcile" or request.path.startswith("/reconcile/"):
        response = JsonResponse({"status": "error", "message": message}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = render(request, template, {"message": message}, status=503)
    response["Retry-After"] = str(retry_after)
    return response


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API and the reconciliation service, a page elsewhere."""
    return _answer(request, BUSY, "core/busy.html", RETRY_AFTER_SECONDS)


def retry_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After for any error `should_retry` accepts, saying which it was. A database
    connection that broke is closed, so the next request opens a new one."""
    if is_busy(error):
        return busy_response(request)
    if is_unavailable(error):
        connection.close_if_unusable_or_obsolete()
        return _answer(request, UNAVAILABLE, "core/retry_later.html", RETRY_SOON_SECONDS)
    logger.error("No room left on a disk: %s", error)
    return _answer(request, DISK_FULL, "core/retry_later.html", RETRY_AFTER_SECONDS)


class BusyDatabaseMiddleware:
    """Answers a view's busy or unreachable database, or a full disk, with `retry_response` (other errors
    pass on)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return retry_response(request, exception) if should_retry(exception) else None
