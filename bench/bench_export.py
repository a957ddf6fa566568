"""Export/import benchmark: N synthetic annotated articles through the real import and export.

    .venv/bin/python bench/bench_export.py [N] [--seed S] [--workers W] [--keep DIR]
        [--import-only]

Builds N articles of about 400 words (bench/corpus.py) with 20 spans each on token boundaries
(6 CLAIMs with an ACTOR nested in each and a `source` relation between them, 8 more ACTOR and
CASUALTY spans with attributes), written as native JSONL (not timed). Then times:

* bare tokenization of the same texts in this process (`annotator.text.token_spans`);
* the import of that pre-annotated JSONL (`import_annotated`, the code path of
  `annotator import --format jsonl --done`: marked done, as export takes by default) into a
  new project;
* a CoNLL export and a native JSONL export of the annotator's annotations (`export`, the code
  path of `annotator export`);

(`--import-only`: only the import, reusing the JSONL of an earlier `--keep DIR` run of the same
N and seed when there is one, with the bare tokenization timed on the first 10,000 articles for
the ratio), and prints each throughput, its ratio to bare tokenization of the
same texts, the peak memory (RSS of this process plus its worker processes, sampled every 20 ms,
and getrusage's peaks), the CPU time used, and the machine's load. Targets for N = 100,000:
CoNLL >= 500,000 tokens/s, JSONL export >= 10,000 documents/s, JSONL import >= 5,000
documents/s, peak < 300 MB.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.exporting import ExportOptions, export  # noqa: E402
from annotator.formats import jsonl  # noqa: E402
from annotator.importing import import_annotated  # noqa: E402
from annotator.model import DocRecord, RelationRecord, SpanRecord  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.text import token_spans  # noqa: E402

IMPORT_ONLY_SAMPLE = 10_000
KINDS = ["person", "organization", "state", "armed group", "other"]


def annotated(n: int, seed: int) -> Iterator[DocRecord]:
    """The articles with 20 spans each (some nested) and 6 relations."""
    rng = random.Random(seed)
    for index, text in enumerate(articles(n, seed)):
        tokens = token_spans(text)
        spans: list[SpanRecord] = []
        relations: list[RelationRecord] = []
        used: set[tuple[int, int, str]] = set()
        segment = len(tokens) // 6
        for k in range(6):  # a CLAIM in each sixth of the text, an ACTOR inside it
            first = k * segment + rng.randrange(max(1, segment - 16))
            last = first + rng.randrange(5, 15)
            actor = first + rng.randrange(0, 3)
            claim = SpanRecord(tokens[first][0], tokens[last][1], "CLAIM", id=f"c{k}")
            inner = SpanRecord(
                tokens[actor][0],
                tokens[actor + rng.randrange(0, 2)][1],
                "ACTOR",
                id=f"a{k}",
                attributes={"kind": rng.choice(KINDS)},
            )
            spans += [claim, inner]
            used |= {(s.start, s.end, s.label) for s in (claim, inner)}
            relations.append(RelationRecord(f"c{k}", f"a{k}", "source", id=f"r{k}"))
        while len(spans) < 20:
            first = rng.randrange(len(tokens) - 3)
            last = first + rng.randrange(0, 3)
            label = rng.choice(["ACTOR", "CASUALTY"])
            key = (tokens[first][0], tokens[last][1], label)
            if key in used:
                continue
            used.add(key)
            attributes = (
                {"kind": rng.choice(KINDS)}
                if label == "ACTOR"
                else {"count": rng.randrange(1, 500), "outcome": "killed"}
            )
            spans.append(SpanRecord(*key, id=f"s{len(spans)}", attributes=attributes))
        yield DocRecord(
            text=text, name=f"article_{index:06d}.txt", spans=spans, relations=relations
        )


class MemorySampler:
    """Peak RSS of this process plus its children, read from /proc every `interval` s."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(self.interval)


def tree_rss(pid: int) -> int:
    """RSS in bytes of `pid` and its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(child) for child in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def timed(label: str, action: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """Run `action`: result, wall seconds, CPU seconds (self and children), peak bytes."""
    before = os.times()
    with MemorySampler() as sampler:
        started = time.perf_counter()
        result = action()
        wall = time.perf_counter() - started
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])
    own = sum(after[:2]) - sum(before[:2])
    print(
        f"  ({label}: {wall:.1f} s wall, {cpu:.1f} s CPU of which this process {own:.1f} s, "
        f"peak {sampler.peak / 2**20:.0f} MB)"
    )
    return result, wall, cpu, sampler.peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000, help="articles (100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (auto)")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    parser.add_argument(
        "--import-only", action="store_true", help="time only the import of annotated JSONL"
    )
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    print(f"cpus: {os.cpu_count()}, load average before: {load_before}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"annotated-{args.n}-{args.seed}.jsonl"
    started = time.perf_counter()
    if source.exists() and args.import_only:
        print(f"reusing {source} ({source.stat().st_size / 2**20:.0f} MB JSONL)")
    else:
        report = jsonl.write(annotated(args.n, args.seed), source)
        print(
            f"generated {report.counts['documents']:,} articles, {report.counts['spans']:,} "
            f"spans, {report.counts['relations']:,} relations "
            f"({source.stat().st_size / 2**20:.0f} MB JSONL) in "
            f"{time.perf_counter() - started:.0f} s (not timed)"
        )

    def bare(limit: int | None = None) -> tuple[int, int, float]:
        tokens = docs = 0
        spent = 0.0
        for text in itertools.islice(articles(args.n, args.seed), limit):
            clock = time.perf_counter()
            tokens += len(token_spans(text))
            spent += time.perf_counter() - clock
            docs += 1
        return tokens, docs, spent

    # --import-only: the ratio's tokenization is timed on the first 10,000 articles only
    sample = IMPORT_ONLY_SAMPLE if args.import_only else None
    print(
        "bare tokenization (annotator.text.token_spans, this process"
        + (f", first {sample:,} articles):" if sample else "):")
    )
    (bare_tokens, bare_docs, bare_time), _, _, _ = timed("tokenize", lambda: bare(sample))
    bare_tps = bare_tokens / bare_time
    bare_dps = bare_docs / bare_time
    print(
        f"  {bare_tokens:,} tokens in {bare_time:.1f} s: {bare_tps:,.0f} tokens/s, "
        f"{bare_dps:,.0f} documents/s"
    )

    project_path = folder / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{project_path}{suffix}").unlink(missing_ok=True)
    project = Project.create(project_path)
    print("import of pre-annotated native JSONL (import_annotated):")
    imported, wall, _, import_peak = timed(
        "import",
        lambda: import_annotated(
            project, [source], "jsonl", annotator="bench", done=True, workers=args.workers
        ),
    )
    import_dps = imported.documents / wall
    print(
        f"  {imported.documents:,} documents, {imported.spans_added:,} spans, "
        f"{imported.relations_added:,} relations: {import_dps:,.0f} documents/s "
        f"(target >= 5,000; ratio to bare tokenization {import_dps / bare_dps:.2f})"
    )
    print(f"  ({imported.summary().splitlines()[0]})")

    conll_peak = jsonl_peak = 0
    if not args.import_only:
        print("CoNLL export (export, IOB2, one column per label layer):")
        conll_result, wall, _, conll_peak = timed(
            "conll",
            lambda: export(
                project,
                folder / "out.conll",
                ExportOptions(format="conll", annotator="bench", workers=args.workers),
            ),
        )
        tokens = conll_result.totals()["tokens"]
        conll_tps = tokens / wall
        print(
            f"  {tokens:,} tokens: {conll_tps:,.0f} tokens/s "
            f"(target >= 500,000; ratio to bare tokenization {conll_tps / bare_tps:.2f})"
        )

        print("native JSONL export (export):")
        jsonl_result, wall, _, jsonl_peak = timed(
            "jsonl",
            lambda: export(
                project, folder / "out.jsonl", ExportOptions(format="jsonl", annotator="bench")
            ),
        )
        documents = jsonl_result.totals()["documents"]
        jsonl_dps = documents / wall
        print(
            f"  {documents:,} documents: {jsonl_dps:,.0f} documents/s "
            f"(target >= 10,000; ratio to bare tokenization {jsonl_dps / bare_dps:.2f})"
        )
    project.close()

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = max(import_peak, conll_peak, jsonl_peak) / 2**20
    print(
        f"peak memory: {peak:.0f} MB (this process + workers, sampled; target < 300 MB); "
        f"getrusage peaks: this process {own:.0f} MB, largest child {children:.0f} MB"
    )
    print(
        f"project file: {project_path.stat().st_size / 2**20:.0f} MB; "
        f"load average after: {os.getloadavg()}"
    )
    if args.keep is None:
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
