"""annotator.workers: tasks in order across worker processes, and what happens when the pool
breaks."""

from __future__ import annotations

import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from annotator.workers import in_order, spawn_pool


class FlakyPool:
    """A pool whose futures fail as a broken pool's do from task number `breaks` on, and whose
    `submit` refuses once it was shut down."""

    def __init__(self, breaks: int) -> None:
        self.breaks = breaks
        self.submitted = 0
        self.shut = False

    def submit(self, work, *task):
        if self.shut:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future = Future()
        if self.submitted >= self.breaks:
            future.set_exception(BrokenProcessPool("a worker died"))
        else:
            future.set_result(("pool", work(*task)))
        self.submitted += 1
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.shut = True


def square(n: int) -> int:
    return n * n


def test_results_come_in_task_order_from_real_worker_processes():
    with spawn_pool(2) as pool:
        results = list(in_order(((n,) for n in range(30)), square, square, pool, ahead=3))
    assert results == [n * n for n in range(30)]


def test_a_broken_pool_leaves_the_remaining_tasks_to_this_process():
    pool = FlakyPool(breaks=4)
    here = []

    def local(n: int) -> tuple[str, int]:
        here.append(n)
        return ("here", n * n)

    results = list(in_order(((n,) for n in range(10)), square, local, pool, ahead=2))
    assert [value for _, value in results] == [n * n for n in range(10)]
    assert [where for where, _ in results] == ["pool"] * 4 + ["here"] * 6
    assert here == list(range(4, 10))
    assert pool.shut


def test_tasks_still_waiting_are_cancelled_when_results_are_no_longer_wanted():
    submitted: list[Future] = []

    class Slow(FlakyPool):
        def submit(self, work, *task):
            future: Future = Future()
            if not submitted:
                future.set_result(work(*task))
            submitted.append(future)
            return future

    results = in_order(((n,) for n in range(10)), square, square, Slow(99), ahead=3)
    assert next(results) == 0
    results.close()
    assert len(submitted) == 4  # the first, then three ahead
    assert all(future.cancelled() for future in submitted[1:])


MB = 1024 * 1024


def fresh_pages_for_growing_blocks(rounds: int = 20) -> int:
    """Page faults taken while blocks of 1, 2, ... `rounds` MB are each allocated, written and
    freed (a worker's tasks make blocks of varying sizes)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for size in range(1, rounds + 1):
        block = bytearray(size * MB)
        block[::4096] = b"x" * len(block[::4096])
        del block
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def pages_before_and_after_keeping_memory() -> tuple[int, int, bool]:
    from annotator.workers import keep_freed_memory

    before = fresh_pages_for_growing_blocks()
    kept = keep_freed_memory()
    return before, fresh_pages_for_growing_blocks(), kept


# Blocks of 1 to 20 MB: 210 MB in all, 20 MB at most (5,120 pages of 4 KB).
ALL_PAGES = 210 * MB // 4096
LARGEST_BLOCK_PAGES = 20 * MB // 4096


def glibc_only() -> None:
    import platform

    import pytest

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc tuning is for glibc")


def test_without_kept_memory_large_blocks_take_fresh_pages_each_time():
    import multiprocessing

    glibc_only()
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # a plain process
        before, after, kept = pool.apply(pages_before_and_after_keeping_memory)
    assert kept
    assert before > ALL_PAGES * 3 // 4
    assert after < LARGEST_BLOCK_PAGES * 5 // 4  # the heap grows once to the largest block


def test_a_pool_worker_keeps_freed_memory_from_the_start():
    glibc_only()
    with spawn_pool(1) as pool:
        before, after, _ = pool.submit(pages_before_and_after_keeping_memory).result()
    assert before < LARGEST_BLOCK_PAGES * 5 // 4
    assert after < LARGEST_BLOCK_PAGES // 4  # all of it reused


def test_a_spool_folder_is_private_and_removed_with_its_files_afterwards():
    import stat

    from annotator.workers import SPOOL_PREFIX, spool_folder

    with spool_folder() as folder:
        path = Path(folder)
        assert path.is_dir() and path.name.startswith(f"{SPOOL_PREFIX}{os.getpid()}-")
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
        (path / "chunk-0.sqlite").write_bytes(b"x" * 10)
    assert not path.exists()


def test_spool_folders_of_processes_that_are_gone_are_removed_and_others_kept(tmp_path):
    import subprocess
    import sys

    from annotator import workers

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = tmp_path / f"{workers.SPOOL_PREFIX}{gone.stdout.strip()}-abc"
    alive = tmp_path / f"{workers.SPOOL_PREFIX}{os.getpid()}-def"
    other = tmp_path / f"{workers.SPOOL_PREFIX}notapid-ghi"
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "chunk-0.sqlite").write_bytes(b"x")
    workers._remove_abandoned_spools(str(tmp_path))
    assert (dead.exists(), alive.exists(), other.exists()) == (False, True, True)


def test_spools_go_to_the_temporary_folder_when_shared_memory_has_little_room(monkeypatch):
    import tempfile

    from annotator import workers

    monkeypatch.setattr(workers, "SPOOL_MIN_FREE", 1 << 62)
    assert workers._spool_parent() == tempfile.gettempdir()


def test_without_a_place_for_a_spool_folder_there_is_none(monkeypatch, tmp_path):
    from annotator import workers

    monkeypatch.setattr(workers, "_spool_parent", lambda: str(tmp_path / "missing"))
    with workers.spool_folder() as folder:
        assert folder is None


def test_with_settle_a_failure_waits_for_the_tasks_started_and_settles_them():
    # task 1 fails; 2 and 3 had started (and finish), 4 had not: it is cancelled
    futures: list[Future] = []

    class Started(FlakyPool):
        def submit(self, work, *task):
            future: Future = Future()
            (n,) = task
            if n == 1:
                future.set_exception(ValueError("task 1 failed"))
            elif n < 4:
                future.set_running_or_notify_cancel()
                future.set_result(work(*task))
            futures.append(future)
            return future

    settled: list[int] = []
    results = in_order(
        ((n,) for n in range(10)), square, square, Started(99), ahead=3, settle=settled.append
    )
    assert next(results) == 0
    try:
        next(results)
    except ValueError as err:
        assert str(err) == "task 1 failed"
    else:
        raise AssertionError("the failure was not raised")
    assert settled == [4, 9]  # tasks 2 and 3
    assert len(futures) == 5 and futures[4].cancelled()
