"""A database too busy to take a write is a reason to try again, not a fault.

While an import writes (in one transaction, so that a failed run leaves nothing behind), SQLite lets no
other process write: a web request that writes waits for `busy_timeout`, then fails with "database is
locked". On PostgreSQL a request that needs a row an import holds waits for `lock_timeout`. Either way
the request is answered 503 with `Retry-After`, in JSON for the API and the reconciliation service
and as a page elsewhere, saying that nothing was saved. Reads are never held up: SQLite serves them
from the write-ahead log while the import writes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API and the reconciliation service, a page elsewhere."""
    message = "The register is busy with an update. Nothing was saved: try again in a minute."
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    elif request.path == "/reconcile" or request.path.startswith("/reconcile/"):
        response = JsonResponse({"status": "error", "message": message}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = render(request, "core/busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """Answers a view's busy-database error with `busy_response` (other errors pass on)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None
