"""Errors Django answers itself (a host it does not serve, a body too big, no such address, a fault):
JSON for the API (`/api/`), the Open Referral UK API (`/oruk/`) and the reconciliation service
(`/reconcile`), the service's pages elsewhere.

Django calls these before or around any view, so the request is judged by its path alone: with a host
not in ALLOWED_HOSTS, nothing else about it can be trusted.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from commoncause.core.busy import retry_response, should_retry


def upload_limit() -> str:
    """The most a request body may hold, as people read it ("2.5 MB")."""
    return f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g} MB"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(("/api/", "/oruk/"))


def _is_reconcile(request: HttpRequest) -> bool:
    return request.path == "/reconcile" or request.path.startswith("/reconcile/")


def _json(request: HttpRequest, status: int, detail: str, message: str) -> HttpResponse | None:
    """The API's shape (`{"detail": ...}`) or the reconciliation service's; None for a page."""
    if _is_api(request):
        response = JsonResponse({"detail": detail}, status=status)
        if request.path.startswith("/oruk/"):  # open to other sites' browsers, as its answers are
            response["Access-Control-Allow-Origin"] = "*"
        return response
    if _is_reconcile(request):
        response = JsonResponse({"status": "error", "message": message}, status=status)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    return None


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refused before any view read it: 413 when its body was too big."""
    if isinstance(exception, RequestDataTooBig):
        limit = upload_limit()
        answer = _json(request, 413, f"The request is over {limit}.", f"the request is over {limit}")
    else:
        answer = _json(request, 400, "Bad request.", "bad request")
    return answer or defaults.bad_request(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """No such address."""
    return _json(request, 404, "Not found.", "not found") or defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """A fault: no detail of it is given away. A database too busy to take a write (a save made after
    the view, such as the session's), restarting or out of reach, or a full disk, is no fault: 503 with
    Retry-After, as `core.busy` answers views."""
    error = sys.exc_info()[1] or Exception()
    if should_retry(error):
        return retry_response(request, error)
    answer = _json(
        request, 500, "Sorry, there is a problem with the service.", "there is a problem with the service"
    )
    return answer or defaults.server_error(request)
