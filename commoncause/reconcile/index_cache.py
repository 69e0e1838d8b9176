"""One blocking index of the register per process, rebuilt when the register has changed.

Every change to the register leaves an entry in the audit log (an import run leaves one), so the
newest entry's number and the count of organisations say whether the index is out of date. A rebuild
takes a few seconds at national scale, so it happens at most once in `RECONCILE_REFRESH_SECONDS`.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Max

from commoncause.accounts.models import AuditEntry
from commoncause.linkage.index import MatchIndex
from commoncause.linkage.register_index import register_index
from commoncause.register.models import Organisation

_lock = threading.Lock()
_state: dict[str, object] = {"index": None, "version": None, "built": 0.0}


def register_version() -> tuple[int, int]:
    newest = AuditEntry.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return newest, Organisation.objects.filter(merged_into__isnull=True).count()


def current_index() -> MatchIndex:
    refresh = settings.RECONCILE_REFRESH_SECONDS
    with _lock:
        index = _state["index"]
        fresh_enough = time.monotonic() - float(_state["built"]) < refresh  # type: ignore[arg-type]
        if index is not None and fresh_enough:
            return index  # type: ignore[return-value]
        version = register_version()
        if index is None or version != _state["version"]:
            _state["index"], _state["version"] = register_index(), version
        _state["built"] = time.monotonic()
        return _state["index"]  # type: ignore[return-value]


def forget() -> None:
    """Drop the index (tests, and after a bulk change that must show at once)."""
    with _lock:
        _state.update(index=None, version=None, built=0.0)
