"""The search index's arrays loaded ahead of the first search (a web server's master process)."""

from __future__ import annotations

import time

from django.db import connection

from commoncause.register.search.index import index_state
from commoncause.register.search.memory import snapshot


def search_arrays_load() -> str:
    """Load this database's search arrays into the process; what was loaded, for the log."""
    started = time.monotonic()
    state = index_state()
    with connection.cursor() as cursor:
        loaded = snapshot(cursor, state, connection.alias)
    return f"search arrays of {int(loaded.live.sum()):,} organisations ({time.monotonic() - started:.1f} s)"
