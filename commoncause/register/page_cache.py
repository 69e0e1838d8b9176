"""Public pages kept ready for people who are not signed in (docs/deployment.md, "Public page cache").

The register's public pages (an organisation's page, the search page) cost a few milliseconds of
queries and templates each. For a request from someone not signed in (no cookie but the CSRF one, no
Authorization header) to a view marked with `public_page`, the page is kept in the `pages` cache and the
next such request for the same address is answered from it, before the session, the sign-in and the
view are reached.

A kept page is keyed by the address (scheme, host, path and query, and whether htmx asked for a part of
it) and by the register's version: the newest entry of the audit log (every change to a record, and
every import run, leaves one) and the search index's state (every refresh moves it on). So a change
shows at once; `PAGE_CACHE_SECONDS` (default 60) bounds how long a page is kept in any case, and 0 keeps
none.

Only a 200 that sets no cookie and holds no CSRF token is kept: a page with a form that posts is never
shared, since its token is the visitor's own. A kept page's content-security-policy nonce is replaced by
a fresh one in each answer, in the page and in the header alike. An answer from the cache carries
`X-Page-Cache: hit`.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve

from commoncause.accounts.models import AuditEntry
from commoncause.register.search.index import reading

PLACEHOLDER = b"@@page-cache-nonce@@"
HIT_HEADER = "X-Page-Cache"
NONCE_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# Set by the answer, never copied from a kept one.
SKIPPED_HEADERS = {"content-length", "set-cookie", HIT_HEADER.lower()}
_MARK = "_public_page"

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponseBase])


def public_page(view: ViewFunction) -> ViewFunction:
    """Mark a view's answers as the same for everyone who is not signed in, so they may be kept."""
    setattr(view, _MARK, True)  # copied onto the decorators' wrappers around it by functools.wraps
    return view


def _marked(request: HttpRequest) -> bool:
    try:
        found = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(found.func, _MARK, False)


def register_version() -> tuple[int, int, int]:
    """The newest audit entry and the search index's (generation, version), read in one round trip
    from where the page itself will read (a replica's version moves on as it replays)."""
    database = reading()
    table = database.ops.quote_name(AuditEntry._meta.db_table)
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {table}), generation, version "  # noqa: S608 # nosec B608
            "FROM register_search_state WHERE id = 1"  # (a model's own table)
        )
        newest, generation, version = cursor.fetchone()
    return int(newest or 0), int(generation), int(version)


def _anonymous(request: HttpRequest) -> bool:
    if request.method != "GET" or "authorization" in request.headers:
        return False
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it must not come from the cache."""
    if settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous(request) or not _marked(request):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    part = "part" if request.headers.get("HX-Request") else "page"
    version = ".".join(map(str, register_version()))
    address = f"{request.scheme}://{host}{request.get_full_path()}|{part}|{version}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def _new_nonce() -> str:
    return base64.b64encode(os.urandom(16)).decode("ascii")  # as django-csp makes them


def kept_form(request: HttpRequest, response: HttpResponseBase) -> dict[str, Any] | None:
    """What is kept of a cookie-free 200 answer: its headers and body, the nonce taken out."""
    if response.status_code != 200 or response.cookies:
        return None
    if request.META.get("CSRF_COOKIE_USED"):  # the page holds this visitor's CSRF token
        return None
    if not isinstance(response, HttpResponse):  # a streamed answer is not kept
        return None
    nonce = getattr(request, "_csp_nonce", None)
    body = response.content
    headers = [(name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS]
    if isinstance(nonce, str):
        body = body.replace(nonce.encode("ascii"), PLACEHOLDER)
        placeholder = PLACEHOLDER.decode("ascii")
        headers = [
            (name, value.replace(nonce, placeholder) if name in NONCE_HEADERS else value)
            for name, value in headers
        ]
    return {"headers": headers, "body": body}


def answer_from(kept: dict[str, Any]) -> HttpResponse:
    """A kept page as a new answer, with a nonce of its own."""
    nonce = _new_nonce()
    body = kept["body"].replace(PLACEHOLDER, nonce.encode("ascii"))
    response = HttpResponse(body)
    placeholder = PLACEHOLDER.decode("ascii")
    for name, value in kept["headers"]:
        response[name] = value.replace(placeholder, nonce) if name in NONCE_HEADERS else value
    response["Content-Length"] = str(len(body))
    response[HIT_HEADER] = "hit"
    return response


class PublicPageCacheMiddleware:
    """Answers a signed-out visitor's request for a kept public page; keeps the pages views mark."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = page_key(request)
        store = caches["pages"]
        if key is not None:
            kept = store.get(key)
            if kept is not None:
                return answer_from(kept)
        response = self.get_response(request)
        if key is not None:
            form = kept_form(request, response)
            if form is not None:
                store.set(key, form, settings.PAGE_CACHE_SECONDS)
        return response
