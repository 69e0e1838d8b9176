"""A one-stage pipeline: a forked worker process does the next task while this process uses the last.

For work that is pure computation (no database, no shared state) beside work that must stay here, such
as writing to a database connection that cannot cross a fork.

A worker never outlives the process that forked it: if that process is killed outright (`kill -9`),
the kernel ends its workers too (`PR_SET_PDEATHSIG` on Linux; elsewhere each worker watches for its
parent to go and ends itself).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Make this (forked) process end when `parent` does. Call it first thing in the child."""
    if not _kernel_kills_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before we could ask
        os._exit(1)


def _kernel_kills_with_parent() -> bool:
    """Ask Linux to send SIGKILL to this process when the thread that forked it ends."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        prctl = ctypes.CDLL(name, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return False
    return int(prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_start(parent: int, setup: Callable[..., None] | None, state: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    if setup:
        setup(*state)


def _pool(workers: int, setup: Callable[..., None] | None = None, state: tuple = ()) -> ProcessPoolExecutor:
    """Forked worker processes that end with this one (see the module's note)."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_start,
        initargs=(os.getpid(), setup, state),
    )


def can_fork_workers() -> bool:
    """Whether this machine has a second core and processes can be forked."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def ahead_in_worker(
    function: Callable[[T], R],
    tasks: Iterable[T],
    *,
    setup: Callable[..., None] | None = None,
    state: tuple = (),
    parallel: bool,
) -> Iterator[R]:
    """function(task) for every task, in order; with `parallel`, one forked worker keeps a task ahead.

    `setup(*state)` runs first where the work is done (in the worker, it inherits `state` unpickled).
    Tasks and results cross to and from the worker pickled; an error in the worker is raised here.
    """
    if not parallel:
        if setup:
            setup(*state)
        for task in tasks:
            yield function(task)
        return
    pool = _pool(1, setup, state)
    pending: deque[Future] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(function, task))
            if len(pending) > 1:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def each_in_workers(function: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[R]:
    """function(task) for every task, in order, done by `workers` forked processes (or here, for one).

    The function must be pure computation; what it needs beyond its task it can read from module state
    set before the call (a forked worker inherits it without pickling).
    """
    started = Started(function, tasks, workers)
    try:
        yield from started.results()
    finally:
        started.stop()


class Started(Generic[T, R]):
    """Tasks handed to forked workers at once, so the caller can do other work before reading results.

    `results()` gives function(task) for every task, in order (done here, then, for one worker);
    `stop()` ends the workers (call it in a `finally`).
    """

    def __init__(self, function: Callable[[T], R], tasks: Iterable[T], workers: int) -> None:
        self.function, self.tasks = function, list(tasks)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future] = []
        if workers > 1:
            self.pool = _pool(workers)
            self.futures = [self.pool.submit(function, task) for task in self.tasks]

    def results(self) -> Iterator[R]:
        if self.pool is None:
            for task in self.tasks:
                yield self.function(task)
            return
        for future in self.futures:
            yield future.result()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
