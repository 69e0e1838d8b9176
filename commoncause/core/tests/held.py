"""A lock held by another thread, on its own database connection, as another process would hold it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from django.db import connection


@contextmanager
def held_in_another_thread(
    lock: Callable[[], AbstractContextManager[object]], *, for_seconds: float = 60.0
) -> Iterator[threading.Event]:
    """`lock()` held by another thread until the block ends or `for_seconds` pass; yields an event set
    when it lets go."""
    taken, release, released = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with lock():
                taken.set()
                release.wait(for_seconds)
            released.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10), "the other thread never took the lock"
    try:
        yield released
    finally:
        release.set()
        thread.join(10)
