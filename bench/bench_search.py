"""Search benchmark: latency of `Project.search` on a large project.

    .venv/bin/python bench/bench_search.py [--project PATH | --n N] [--extra-terms T]

Without --project, first imports N synthetic articles (bench/bench_import.py, default 100,000).
Runs ~200 queries: whole words of the seed articles, parts of words, two- and three-word
phrases and a few words found nowhere, and prints p50/p95/max latency of two calls:
"first page" (`exhaustive=False`: the first 100 hits, what the find bar and `annotator search`
show at once; target p95 < 50 ms) and "all documents" (`exhaustive=True`: also the complete list
of documents holding the query, which phrase queries must confirm by reading each candidate).

The synthetic corpus is built from the seeds' sentences, so its vocabulary is small (a few
thousand distinct words). --extra-terms T then adds T synthetic distinct words to the `terms`
table (what the in-word expansion scans; a real corpus of 100,000 articles has several hundred
thousand) and measures again. The project is modified: use a copy.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from annotator.store import Project  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def queries(n: int = 200, seed: int = 1) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the seed articles."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    words = sorted({w for t in texts for w in ARABIC_WORD.findall(t)})
    lines = [line.split() for t in texts for line in t.split("\n") if len(line.split()) > 4]
    result: list[tuple[str, str]] = []
    for _ in range(n * 2 // 5):
        result.append(("word", rng.choice(words)))
    for _ in range(n // 4):
        word = rng.choice([w for w in words if len(w) >= 5])
        size = rng.randint(3, len(word) - 1)
        start = rng.randint(0, len(word) - size)
        result.append(("part of word", word[start : start + size]))
    while len(result) < n - 10:
        line = rng.choice(lines)
        size = rng.choice((2, 3))
        start = rng.randint(0, len(line) - size)
        result.append(("phrase", " ".join(line[start : start + size])))
    for _ in range(10):
        result.append(("no hit", "".join(rng.choice(LETTERS) for _ in range(9))))
    return result


def measure(
    project: Project, items: list[tuple[str, str]], *, exhaustive: bool
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for kind, query in items:
        started = time.perf_counter()
        project.search(query, limit=100, exhaustive=exhaustive)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return timings


def report(title: str, timings: dict[str, list[float]]) -> None:
    every = sorted(t for values in timings.values() for t in values)
    print(f"{title}: {len(every)} queries")
    rows = [("all", every)] + [(kind, sorted(values)) for kind, values in timings.items()]
    for kind, values in rows:
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(
            f"  {kind:13s} n={len(values):3d}  p50 {statistics.median(values):7.1f} ms"
            f"  p95 {p95:7.1f} ms  max {values[-1]:7.1f} ms"
        )


def add_synthetic_terms(project: Project, count: int, seed: int = 2) -> int:
    """Insert `count` random distinct Arabic-letter words into the terms table."""
    rng = random.Random(seed)
    with project.transaction():
        before = project.conn.execute("SELECT count(*) FROM terms").fetchone()[0]
        added = 0
        while added < count:
            batch = {
                "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 10)))
                for _ in range(count - added)
            }
            project.conn.executemany(
                "INSERT OR IGNORE INTO terms(term) VALUES (?)", ((t,) for t in batch)
            )
            added = project.conn.execute("SELECT count(*) FROM terms").fetchone()[0] - before
    return before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="an existing project (modified!)")
    parser.add_argument("--n", type=int, default=100_000, help="articles to import first")
    parser.add_argument("--extra-terms", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        path = args.project
        if path is None:
            from bench_import import run

            path = Path(tmp) / "bench.sqlite"
            result = run(args.n, path, None, False)
            print(f"imported {result['added']:,} articles at {result['docs_per_s']:,.0f}/s")
        items = queries()
        with Project.open(path) as project:
            documents = project.count_documents()
            terms = project.conn.execute("SELECT count(*) FROM terms").fetchone()[0]
            print(f"project: {documents:,} documents, {terms:,} distinct terms")
            for exhaustive, what in ((False, "first page"), (True, "all documents")):
                report(f"{what}, first run", measure(project, items, exhaustive=exhaustive))
                report(f"{what}, second run", measure(project, items, exhaustive=exhaustive))
            if args.extra_terms:
                add_synthetic_terms(project, args.extra_terms)
                terms = project.conn.execute("SELECT count(*) FROM terms").fetchone()[0]
                print(f"with {args.extra_terms:,} synthetic terms added: {terms:,} terms")
                for exhaustive, what in ((False, "first page"), (True, "all documents")):
                    timings = measure(project, items, exhaustive=exhaustive)
                    report(f"{what}, realistic vocabulary", timings)


if __name__ == "__main__":
    main()
