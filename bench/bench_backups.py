"""Snapshots of a project while another process writes to it as fast as it can.

    .venv/bin/python bench/bench_backups.py PROJECT [--rounds N] [--step-pages P] [--limit S]

Works on a copy of PROJECT (made with the backup API in a temporary folder). A writer process
adds annotations in a loop (one committed `add_annotation` each, as a click in the workbench)
while this process copies the project, N times each way:

* `backups.take_snapshot` (SQLite's backup API in one step, `pages=-1`),
* the backup API P pages at a time (SQLite restarts it whenever the writer commits), given up
  after S seconds,
* `VACUUM INTO`.

Prints the time of each way, whether the copies hold every annotation acknowledged before
they began, and the writer's `add_annotation` latency during each way's copies and outside.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.store import backups  # noqa: E402

WRITER = """
import sys, time
from annotator.store import Project

with Project.open(sys.argv[1]) as project:
    ids = project.document_ids()
    i = 0
    while True:
        start = time.monotonic()
        ann = project.add_annotation(ids[i % len(ids)], "bench-backups", "ACTOR", 0, 3)
        print(ann.uuid, start, time.monotonic(), flush=True)
        i += 1
"""


class Writer:
    """The writer process and what it acknowledged: (uuid, start, end) per call."""

    def __init__(self, path: Path) -> None:
        root = Path(__file__).resolve().parent.parent
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=root
        )
        self.calls: list[tuple[str, float, float]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            uuid, start, end = line.split()
            with self.lock:
                self.calls.append((uuid, float(start), float(end)))

    def acknowledged(self) -> set[str]:
        with self.lock:
            return {uuid for uuid, _, _ in self.calls}

    def wait_for(self, count: int) -> None:
        while len(self.calls) < count:
            if self.process.poll() is not None:
                raise SystemExit("the writer stopped")
            time.sleep(0.01)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def held(path: Path, uuids: set[str]) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = {u for (u,) in conn.execute("SELECT uuid FROM annotations")}
    finally:
        conn.close()
    return uuids <= found


def step_backup(source: Path, target: Path, pages: int, limit: float) -> tuple[bool, int]:
    """The backup API `pages` at a time; (finished within `limit` s, steps taken)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    steps = 0
    deadline = time.monotonic() + limit

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal steps
        steps += 1
        if time.monotonic() > deadline:
            raise TimeoutError

    try:
        src.backup(dst, pages=pages, progress=progress, sleep=0)
        return True, steps
    except TimeoutError:
        return False, steps
    finally:
        src.close()
        dst.close()


ONE_STEP = "backups.take_snapshot (backup API, one step)"
STEPS = "backup API, P pages a step"
VACUUM = "VACUUM INTO"
WAYS = (ONE_STEP, STEPS, VACUUM)


def copy_once(
    way: str, work: Path, target: Path, pages: int, limit: float
) -> tuple[Path | None, int]:
    """Copy `work` one `way`: the copy's path (None if it did not finish) and the steps."""
    if way == ONE_STEP:
        return backups.take_snapshot(work).path, 0
    if way == STEPS:
        finished, steps = step_backup(work, target, pages, limit)
        return (target if finished else None), steps
    conn = sqlite3.connect(work)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()
    return target, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--step-pages", type=int, default=64)
    parser.add_argument("--limit", type=float, default=30.0, help="seconds")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANNOTATOR_HOME"] = str(Path(tmp) / "home")  # the snapshots go there
        work = Path(tmp) / "work.sqlite"
        source = sqlite3.connect(f"file:{args.project.resolve()}?mode=ro", uri=True)
        copy = sqlite3.connect(work)
        source.backup(copy)
        source.close()
        copy.close()
        size = work.stat().st_size
        print(f"{args.project}: {size / 1e6:.1f} MB; load {os.getloadavg()[0]:.2f}")
        writer = Writer(work)
        busy: dict[str, list[tuple[float, float]]] = {way: [] for way in WAYS}  # copies' times
        try:
            writer.wait_for(50)
            for way in WAYS:
                times, complete, steps = [], True, 0
                for round_ in range(args.rounds):
                    target = Path(tmp) / f"copy-{round_}.sqlite"
                    target.unlink(missing_ok=True)
                    before = writer.acknowledged()
                    start = time.monotonic()
                    made, taken = copy_once(way, work, target, args.step_pages, args.limit)
                    end = time.monotonic()
                    busy[way].append((start, end))
                    times.append(end - start)
                    steps += taken
                    complete &= made is not None and held(made, before)
                    writer.wait_for(len(writer.calls) + 20)
                name = way.replace("P pages", f"{args.step_pages} pages")
                extra = f", {steps:,} steps in all" if steps else ""
                outcome = (
                    "every copy finished and held all acknowledged"
                    if complete
                    else f"NOT every copy finished within {args.limit:g} s and held all"
                )
                print(
                    f"{name}: median {statistics.median(times) * 1000:.0f} ms, max "
                    f"{max(times) * 1000:.0f} ms over {args.rounds}{extra}; {outcome}"
                )
        finally:
            writer.stop()
        latency: dict[str, list[float]] = {way: [] for way in (*WAYS, "no copy")}
        for _, start, end in writer.calls:
            way = next(
                (w for w, spans in busy.items() if any(start < b and end > a for a, b in spans)),
                "no copy",
            )
            latency[way].append((end - start) * 1000)
        for way, values in latency.items():
            if values:
                values.sort()
                print(
                    f"writer add_annotation during {way.replace('P pages', 'paged')}: "
                    f"{len(values):,} calls, p50 {statistics.median(values):.2f} ms, "
                    f"max {values[-1]:.2f} ms"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
