"""Sharing a big import's work with forked worker processes, on machines with more than one core.

Workers never touch the database: they read tables into bucket files, or turn a bucket into register
rows, and hand back plain values. A problem a worker finds comes back as a plain tuple and is raised
again here, so it names file, row and field as if the work had been done in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

from django.conf import settings

from commoncause.core import parallel as pipeline
from commoncause.sources.base import ImportProblem

T = TypeVar("T")
R = TypeVar("R")


def worker_count(extract_bytes: int) -> int:
    """How many processes to read with: one per core (at most two) for an extract of at least
    CCEW_PARALLEL_BYTES (64 MiB unzipped by default), else one."""
    if extract_bytes < settings.CCEW_PARALLEL_BYTES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def each_in_workers(function: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[R]:
    """function(task) for every task, in order, done by `workers` forked processes (or here, for one)."""
    for outcome in pipeline.each_in_workers(partial(_call, function), tasks, workers):
        yield _unwrap(outcome)


def ahead_in_worker(
    function: Callable[[T], R],
    tasks: Iterable[T],
    *,
    setup: Callable[..., None],
    state: tuple,
    parallel: bool,
) -> Iterator[R]:
    """function(task) for every task, in order; with `parallel`, one forked worker keeps a task ahead.

    `setup(*state)` runs first where the work is done (in the worker, it inherits `state` unpickled).
    """
    outcomes = pipeline.ahead_in_worker(
        partial(_call, function), tasks, setup=setup, state=state, parallel=parallel
    )
    for outcome in outcomes:
        yield _unwrap(outcome)


def _call(function: Callable[[T], R], task: T) -> Any:
    try:
        return ("done", function(task))
    except ImportProblem as problem:
        return ("problem", problem.message, problem.file, problem.row, problem.field)


def _unwrap(outcome: tuple) -> Any:
    if outcome[0] == "problem":
        _, message, file, row, field = outcome
        raise ImportProblem(message, file=file, row=row, field=field)
    return outcome[1]
