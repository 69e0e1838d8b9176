"""A one-stage pipeline: a forked worker process does the next task while this process uses the last.

For work that is pure computation (no database, no shared state) beside work that must stay here, such
as writing to a database connection that cannot cross a fork.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=setup, initargs=state)
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
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
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
