"""Reading from PostgreSQL read replicas, and who reads from the primary instead.

`DATABASE_REPLICA_URLS` names standbys that stream the primary's changes (aliases `replica1`,
`replica2`, …). `config.routers` sends every write to the primary (`default`) and, in a web request
that only reads, every read to one replica chosen for that request. The primary answers instead:

- outside web requests (management commands, imports, the task worker), which read what they wrote;
- a request that writes (POST, PUT, PATCH, DELETE, or any write through the ORM), and the same
  browser's requests for `REPLICA_PIN_SECONDS` after it (a cookie holds when it wrote), so a person
  sees what they have just saved while a replica is still behind;
- inside a transaction (`transaction.atomic`, which `select_for_update` needs), so a transaction reads
  its own writes and locks what it reads;
- when no replica can be reached: a replica that refuses a connection is left alone for
  `DOWN_SECONDS`, and the request reads from the primary.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

WROTE_COOKIE = "commoncause_wrote"  # when this browser last wrote (seconds since the epoch)
DOWN_SECONDS = 30  # a replica that refused a connection is not tried again for this long
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class _RequestReads:
    """Where the current web request reads: the primary, or one replica (chosen at its first read)."""

    primary: bool
    replica: str | None = None
    wrote: bool = False


# None outside web requests: then everything reads from the primary.
_reads: ContextVar[_RequestReads | None] = ContextVar("commoncause_request_reads", default=None)
_down_until: dict[str, float] = {}  # replica alias -> time.monotonic() until which it is not tried


def read_alias() -> str:
    """The database alias a read goes to now (see the module's docstring for when it is the primary)."""
    reads = _reads.get()
    if reads is None or reads.primary or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if reads.replica is None:
        reads.replica = _reachable_replica()
    return reads.replica


def note_write() -> None:
    """A write in this request: the rest of it, and the person's next requests, read from the primary."""
    reads = _reads.get()
    if reads is not None:
        reads.primary = True
        reads.wrote = True


def replica_down(alias: str) -> bool:
    """Whether the replica refused a connection lately and is left alone for now."""
    return _down_until.get(alias, 0.0) > time.monotonic()


def _reachable_replica() -> str:
    """A replica that takes a connection, chosen at random; the primary when none does."""
    now = time.monotonic()
    candidates = [alias for alias in settings.DATABASE_REPLICAS if _down_until.get(alias, 0.0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        if _connects(alias):
            return alias
        _down_until[alias] = now + DOWN_SECONDS
        logger.warning(
            "Read replica %s cannot be reached: reading from the primary for %ss", alias, DOWN_SECONDS
        )
    return DEFAULT_DB_ALIAS


def _connects(alias: str) -> bool:
    """Whether the replica's connection works: a kept connection is checked once a request (as
    CONN_HEALTH_CHECKS would), so one dropped by a replica that went away is opened again or given up."""
    connection = connections[alias]
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()
        connection.ensure_connection()
    except OperationalError:
        return False
    return True


def _wrote_lately(request: HttpRequest) -> bool:
    try:
        wrote_at = float(request.COOKIES.get(WROTE_COOKIE, ""))
    except ValueError:
        return False
    # Either side of now: web servers' clocks differ a little, and a made-up time to come sends only
    # its own sender's reads to the primary.
    return abs(time.time() - wrote_at) < settings.REPLICA_PIN_SECONDS


def _forget_request_reads(**kwargs: Any) -> None:
    """At the end of a request (after a streamed response's last chunk), reads go to the primary again."""
    _reads.set(None)


request_finished.connect(_forget_request_reads, dispatch_uid="commoncause.core.replicas")


class ReplicaReadsMiddleware:
    """Chooses where a request reads (a replica, or the primary for a person who has just written) and
    gives a request that writes the cookie that sends the same browser's next requests to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        replicas = bool(settings.DATABASE_REPLICAS)
        writes = request.method not in SAFE_METHODS
        reads = _RequestReads(primary=not replicas or writes or _wrote_lately(request), wrote=writes)
        _reads.set(reads)
        response = self.get_response(request)
        if replicas and reads.wrote:
            response.set_cookie(
                WROTE_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if not response.streaming:  # a streamed response reads as it is sent, until request_finished
            _reads.set(None)
        return response
