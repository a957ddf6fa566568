"""User-action latency: `Project.add_annotation` (one committed transaction each) on projects.

    .venv/bin/python bench/bench_actions.py PROJECT [PROJECT ...] [--actions N]

Adds N ACTOR spans (default 200), each to another document spread over the project, and prints
p50/p95/max of each call with the file's page size. What a click in the workbench waits for.
The projects are modified: use copies.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.store import Project  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--actions", type=int, default=200)
    args = parser.parse_args(argv)
    for path in args.projects:
        with Project.open(path) as project:
            page = project.conn.execute("PRAGMA page_size").fetchone()[0]
            ids = project.document_ids()
            chosen = ids[:: max(1, len(ids) // args.actions)][: args.actions]
            times = []
            for doc_id in chosen:
                start = time.perf_counter()
                project.add_annotation(doc_id, "bench-actions", "ACTOR", 0, 3)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{path} ({len(ids):,} documents, {page // 1024} KB pages): add_annotation "
            f"p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {times[-1]:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
