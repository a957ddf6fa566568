"""Worker processes of the app: spawned, and ending with the process that started them.

A pool's workers wait for work on a pipe whose writing end they hold themselves, so when the
parent dies without closing the pool (a kill -9, a crash) they would wait forever. Every pool
of the app is made by `spawn_pool`, whose workers first run `follow_parent` and
`keep_freed_memory`.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
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


# glibc's mallopt parameters
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
# A worker keeps up to this much freed memory instead of returning it to the system.
KEPT_FREE_BYTES = 64 * 1024 * 1024


def keep_freed_memory(limit: int = KEPT_FREE_BYTES) -> bool:
    """Make glibc's malloc keep freed memory (up to `limit` at the top of the heap) and serve
    blocks up to `limit` from the heap instead of fresh mappings. A worker allocates and frees
    many megabytes per task: by default large blocks are mapped and unmapped each time and
    every new page is zeroed by the kernel (a tenth of an import worker's time). Returns False
    where the C library is not glibc; nothing changes then."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, TypeError):  # not glibc; Windows has no CDLL(None)
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, limit)) and bool(mallopt(_M_TRIM_THRESHOLD, limit))


def _start(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    follow_parent()
    keep_freed_memory()
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
    *,
    settle: Callable[[Result], None] | None = None,
) -> Generator[Result, None, None]:
    """`work(*task)` for each task, run in `pool` with at most `ahead` tasks waiting, results
    in task order. Once the pool cannot run tasks (it broke: e.g. a spawned interpreter cannot
    import __main__), it is shut down and the tasks it did not finish run here as
    `here(*task)`. Tasks still waiting when the results are no longer wanted are cancelled;
    the caller shuts the pool down. With `settle`, a task's failure first cancels the tasks
    not started, waits for those running and hands `settle` the result of each that finished
    (tasks that write: what they did is known), then the failure is raised."""
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[tuple[tuple, Any]] = deque()
    working: ProcessPoolExecutor | None = pool

    def outcome(task: tuple, future: Any) -> Result:
        nonlocal working
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                if working is not None:
                    working.shutdown(wait=False, cancel_futures=True)
                    working = None
        return here(*task)

    def result(task: tuple, future: Any) -> Result:
        try:
            return outcome(task, future)
        except Exception:
            if settle is not None:
                _settle([f for _, f in pending if f is not None], settle)
                pending.clear()
            raise

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


def _settle(futures: list[Any], settle: Callable[[Any], None]) -> None:
    """Cancel the `futures` not started, wait for the others; `settle(result)` for each that
    finished (those that failed, or whose pool broke, did nothing to settle)."""
    for future in futures:
        future.cancel()
    for future in futures:
        if future.cancelled():
            continue
        try:
            done = future.result()
        except Exception:  # noqa: BLE001 (the first failure is the one raised)
            continue
        settle(done)


SPOOL_PREFIX = "annotator-spool-"
# A spool goes to shared memory only when it has this much room (a container's /dev/shm may be
# small); else to the temporary folder.
SPOOL_MIN_FREE = 256 * 1024 * 1024


def _spool_parent() -> str:
    shm = "/dev/shm"
    try:
        if os.access(shm, os.W_OK | os.X_OK):
            stats = os.statvfs(shm)
            if stats.f_bavail * stats.f_frsize >= SPOOL_MIN_FREE:
                return shm
    except OSError:
        pass
    return tempfile.gettempdir()


def _remove_abandoned_spools(parent: str) -> None:
    """Remove the spool folders of processes that no longer run (killed during their work).
    POSIX only: elsewhere `os.kill(pid, 0)` does not just ask whether a process exists."""
    if os.name != "posix":
        return
    for folder in Path(parent).glob(f"{SPOOL_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(SPOOL_PREFIX) :].split("-", 1)[0])
            os.kill(pid, 0)
        except ValueError:
            continue
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # the process exists (another user's)
            continue


@contextmanager
def spool_folder() -> Iterator[str | None]:
    """A new private folder through which worker processes hand files to this process: in
    shared memory (/dev/shm) when there is room, else in the temporary folder; removed with
    what is left in it afterwards. Folders of processes that were killed are removed first.
    None when no folder can be made (the files then go through pipes)."""
    parent = _spool_parent()
    _remove_abandoned_spools(parent)
    try:
        folder = tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-", dir=parent)
    except OSError:
        yield None
        return
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
