"""How much a second process adds on this machine: the same CPU-bound work alone, then twice
at once.

    .venv/bin/python bench/bench_cores.py [ROUNDS]

Two workloads, each run ROUNDS times (default 3) alone and as two concurrent processes:

* `loop`: a pure-Python integer loop (little memory traffic);
* `import`: the import workers' own work on 3,000 synthetic annotated articles (the documents
  of bench/bench_export.py): parsing native JSONL, index bodies, checks, packing the rows
  (`annotator.importing._prepare_jsonl_task`).

Prints each run's CPU seconds per process and the throughput of two processes relative to one
(2.0 would be two independent cores). The import benchmarks' targets assume two cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

ARTICLES = 3_000


def loop_work(_: object = None) -> tuple[float, float]:
    """CPU and wall seconds of a pure-Python loop."""
    cpu, wall = time.process_time(), time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return time.process_time() - cpu, time.perf_counter() - wall


def import_lines() -> bytes:
    from bench_export import annotated

    from annotator.formats import jsonl

    return b"".join(jsonl.doc_line(doc) for doc in annotated(ARTICLES, 0))


def import_work(block: bytes) -> tuple[float, float]:
    """CPU and wall seconds of the import workers' work on `block` (set-up not counted)."""
    import tempfile

    from annotator import importing
    from annotator.store.bulk import new_context

    importing._start_chunk_worker(new_context([], [], 10**8))
    reading = importing._Reading("jsonl", skip_bad=False, clean=False, options={})
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as source:
        source.write(block)
        source.flush()
        lines = block.splitlines(keepends=True)
        pieces, offset = [], 0  # byte ranges of 300 lines, as the import's workers get them
        for first in range(0, len(lines), 300):
            size = sum(map(len, lines[first : first + 300]))
            pieces.append((offset, size))
            offset += size
        cpu, wall = time.process_time(), time.perf_counter()
        for task, (offset, size) in enumerate(pieces):
            importing._prepare_jsonl_task(source.name, offset, size, task, reading, None)
        return time.process_time() - cpu, time.perf_counter() - wall


def timed(work, argument, processes: int) -> list[tuple[float, float]]:
    """(CPU, wall) seconds of each of `processes` concurrent runs of `work`."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        pool.map(abs, range(processes))  # the interpreters are up before the runs start
        return pool.map(work, [argument] * processes, chunksize=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", type=int, nargs="?", default=3)
    args = parser.parse_args()
    print(f"cpus: {multiprocessing.cpu_count()}")
    block = import_lines()
    for name, work, argument in (("loop", loop_work, None), ("import", import_work, block)):
        gains = []
        for round_ in range(args.rounds):
            ((cpu_alone, alone),) = timed(work, argument, 1)
            together = timed(work, argument, 2)
            gain = 2 * alone / max(wall for _, wall in together)
            gains.append(gain)
            print(
                f"{name} round {round_ + 1}: alone {alone:.2f} s wall ({cpu_alone:.2f} s CPU); "
                f"two at once {', '.join(f'{wall:.2f}' for _, wall in together)} s wall "
                f"({', '.join(f'{cpu:.2f}' for cpu, _ in together)} s CPU): two processes do "
                f"{gain:.2f}x the work of one"
            )
        print(f"{name}: median {statistics.median(gains):.2f}x (2.00 = two independent cores)")


if __name__ == "__main__":
    main()
