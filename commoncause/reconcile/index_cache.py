"""One blocking index of the register per process, rebuilt when the register has changed.

Every change to the register leaves an entry in the audit log (an import run leaves one), so the
newest entry's number and the count of organisations say whether the index is out of date. A rebuild
takes a few seconds at national scale, so it happens at most once in `RECONCILE_REFRESH_SECONDS`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max

from commoncause.accounts.models import AuditEntry
from commoncause.linkage.index import MatchIndex
from commoncause.linkage.register_index import register_index
from commoncause.register.models import Organisation

_lock = threading.Lock()


@dataclass
class _Cached:
    index: MatchIndex | None = None
    version: tuple[int, int] | None = None  # the register_version() it was built at
    built: float = 0.0  # time.monotonic() when last built or found still current


_state = _Cached()


def register_version() -> tuple[int, int]:
    newest = AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return newest, Organisation.objects.listed().count()


def current_index() -> MatchIndex:
    refresh = settings.RECONCILE_REFRESH_SECONDS
    with _lock:
        index = _state.index
        fresh_enough = time.monotonic() - _state.built < refresh
        if index is not None and fresh_enough:
            return index
        version = register_version()
        if index is None or version != _state.version:
            index = register_index()
            _state.index, _state.version = index, version
        _state.built = time.monotonic()
        return index


def forget() -> None:
    """Drop the index (tests, and after a bulk change that must show at once)."""
    with _lock:
        _state.index, _state.version, _state.built = None, None, 0.0
