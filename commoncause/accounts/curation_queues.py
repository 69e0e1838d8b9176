"""The curators' queues, wherever they live, with how many items wait in each.

Each app that keeps a queue (memberships, new groups, changes to statements, contacts, possible
duplicates) adds it from its `AppConfig.ready()`; the curators' page and the menu read them here, so a
curator sees at a glance what waits, without this app importing theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Queue:
    """A queue: the page it is on (a URL name), what it is called, and how many items wait in it; or,
    with no `waiting`, another page curators work from (the import history, the audit log)."""

    url_name: str
    label: str
    waiting: Callable[[], int] | None = None
    order: int = 100


@dataclass(frozen=True)
class Waiting:
    queue: Queue
    count: int | None  # None for a page that is no queue


_QUEUES: dict[str, Queue] = {}


def curation_queue_add(queue: Queue) -> None:
    """Add (or replace, by its page) a queue for curators."""
    _QUEUES[queue.url_name] = queue


def curation_queues() -> list[Queue]:
    return sorted(_QUEUES.values(), key=lambda queue: (queue.order, queue.label))


def waiting_in_queues() -> list[Waiting]:
    """Each queue with how many items wait in it now, in the queues' order."""
    return [Waiting(queue, queue.waiting() if queue.waiting else None) for queue in curation_queues()]


def total_waiting() -> int:
    """How many items wait in all the queues together."""
    return sum(queue.waiting() for queue in curation_queues() if queue.waiting)
