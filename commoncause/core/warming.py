"""What a web server's workers need in memory, loaded once before they are forked.

gunicorn loads the application in its master process and forks the workers from it
(`config/gunicorn.conf.py`, `preload_app`). `warm_up` asks every app for what it keeps per process (the
`process_warming` event of `core.events`), so each worker starts with it rather than spending its first
requests building it, and then closes the master's database connections, which a forked worker must
never share.
"""

from __future__ import annotations

import logging
import time

from django.db import connections

from commoncause.core.events import process_warming

log = logging.getLogger(__name__)


def warm_up() -> list[str]:
    """Load what the apps keep per process; the names of what was loaded, each with its seconds."""
    started = time.monotonic()
    loaded: list[str] = []
    try:
        for receiver, result in process_warming.send_robust(sender=None):
            if isinstance(result, Exception):  # a worker builds it on its first request instead
                log.warning("warming up %s failed: %s", getattr(receiver, "__name__", receiver), result)
            elif result:
                loaded.append(str(result))
    finally:
        connections.close_all()
    log.info("warmed up in %.1f s: %s", time.monotonic() - started, ", ".join(loaded) or "nothing")
    return loaded
