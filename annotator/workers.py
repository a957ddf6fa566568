"""Worker processes of the app: spawned, and ending with the process that started them.

A pool's workers wait for work on a pipe whose writing end they hold themselves, so when the
parent dies without closing the pool (a kill -9, a crash) they would wait forever. Every pool
of the app is made by `spawn_pool`, whose workers first run `follow_parent`.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # concurrent.futures is imported when a pool is made, not at start-up
    from concurrent.futures import ProcessPoolExecutor

Result = TypeVar("Result")


def follow_parent() -> None:
    """In a worker process: exit as soon as the parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _start(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    follow_parent()
    if initializer is not None:
        initializer(*initargs)


def spawn_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes that end with this one; each first runs
    `initializer(*initargs)`."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(initializer, initargs),
    )


@contextmanager
def one_worker(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of one worker process for the duration, or None when not `wanted` or when no
    process can be started."""
    if not wanted:
        yield None
        return
    try:
        pool = spawn_pool(1)
    except (OSError, ValueError):
        yield None
        return
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(
    tasks: Iterable[tuple],
    work: Callable[..., Result],
    here: Callable[..., Result],
    pool: ProcessPoolExecutor,
    ahead: int,
) -> Iterator[Result]:
    """`work(*task)` for each task, run in `pool` with at most `ahead` tasks waiting, results
    in task order. Once the pool cannot run tasks (it broke: e.g. a spawned interpreter cannot
    import __main__), it is shut down and the tasks it did not finish run here as
    `here(*task)`. Tasks still waiting when the results are no longer wanted are cancelled;
    the caller shuts the pool down."""
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[tuple, Any]] = deque()
    working: ProcessPoolExecutor | None = pool

    def result(task: tuple, future: Any) -> Result:
        nonlocal working
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                if working is not None:
                    working.shutdown(wait=False, cancel_futures=True)
                    working = None
        return here(*task)

    try:
        for task in tasks:
            future = None
            if working is not None:
                try:
                    future = working.submit(work, *task)
                except (BrokenProcessPool, RuntimeError):
                    working.shutdown(wait=False, cancel_futures=True)
                    working = None
            pending.append((task, future))
            while len(pending) > ahead:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()
