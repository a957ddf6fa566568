"""Benchmark of `annotator agree` on a project file: store -> DocAnnotations -> report.

Usage: .venv/bin/python bench/bench_agree_store.py [--docs 10000] [--annotators 3] [--seed 1]
       [--keep PATH]

Builds a project of synthetic articles (bench/corpus.py, ~400 words from the seed articles) with
``--annotators`` annotators and ~50 spans each per document (ACTOR, CLAIM with a ``source`` link
to an ACTOR, CASUALTY with a count), token-aligned, with noise between annotators (dropped spans,
moved boundaries, changed labels and counts, extra spans); every document is marked done by
everyone. The rows are written with executemany in one transaction (the full-text search index
is left empty: the report does not use it). Then times select_documents, build_docs,
compute_report and the renderings, and prints the figures and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.store import Project, sha256_text  # noqa: E402
from annotator.store.project import now  # noqa: E402
from annotator.text import token_spans  # noqa: E402

LABELS = ("ACTOR", "CLAIM", "CASUALTY")


def gold_spans(rng: random.Random, n_tok: int) -> tuple[list[tuple], list[tuple[int, int]]]:
    """~50 token-range spans ``(t0, t1, label, attrs)`` and (claim, actor) source links."""
    gold: list[tuple] = []
    links: list[tuple[int, int]] = []
    cursor = 0
    while cursor < n_tok - 30 and len(gold) < 50:
        kind = rng.random()
        if kind < 0.25:
            size = rng.randint(6, 20)
            gold.append((cursor, cursor + size, "CLAIM", {}))
            actor_at = cursor + rng.randint(0, 3)
            gold.append((actor_at, actor_at + rng.randint(1, 3), "ACTOR", {"kind": "person"}))
            links.append((len(gold) - 2, len(gold) - 1))
            cursor += size + rng.randint(1, 3)
        elif kind < 0.6:
            size = rng.randint(1, 3)
            gold.append((cursor, cursor + size, "ACTOR", {}))
            cursor += size + rng.randint(1, 4)
        else:
            size = rng.randint(2, 4)
            n = rng.randint(1, 300)
            count = n if rng.random() < 0.8 else [n, n + rng.randint(1, 50)]
            gold.append((cursor, cursor + size, "CASUALTY", {"count": count}))
            cursor += size + rng.randint(1, 4)
    return gold, links


def build_project(path: Path, n_docs: int, n_ann: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    project = Project.create(path)
    conn = project.conn
    names = [f"ann{i + 1}" for i in range(n_ann)]
    stamp = now()
    counts = {"documents": 0, "spans": 0, "relations": 0}
    with project.transaction():
        who = {name: project.annotator_id(name) for name in names}
        doc_rows = []
        texts = list(articles(n_docs, seed=seed))
        for i, text in enumerate(texts):
            doc_rows.append(
                (i + 1, f"article_{i:06d}", text, sha256_text(text), len(text), "{}", stamp)
            )
        conn.executemany(
            "INSERT INTO documents(id, name, text, sha256, length, meta, imported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        ann_rows = []
        rel_rows = []
        status_rows = []
        for doc_id, text in enumerate(texts, 1):
            tokens = token_spans(text)
            gold, links = gold_spans(rng, len(tokens))
            for name in names:
                kept: dict[int, str] = {}
                for g, (t0, t1, label, attrs) in enumerate(gold):
                    if rng.random() < 0.06:
                        continue
                    if rng.random() < 0.10:
                        if rng.random() < 0.5:
                            t0 = min(max(0, t0 + rng.choice((-1, 1))), t1 - 1)
                        else:
                            t1 = min(len(tokens), max(t0 + 1, t1 + rng.choice((-1, 1))))
                    if rng.random() < 0.03:
                        label = rng.choice([x for x in LABELS if x != label])
                    attrs = dict(attrs) if label != "CASUALTY" or "count" in attrs else {}
                    if "count" in attrs and rng.random() < 0.10:
                        attrs["count"] = rng.randint(1, 300)
                    span_uuid = str(uuid.UUID(int=rng.getrandbits(128)))
                    kept[g] = span_uuid
                    start, end = tokens[t0][0], tokens[t1 - 1][1]
                    ann_rows.append(
                        (
                            span_uuid,
                            doc_id,
                            who[name],
                            label,
                            start,
                            end,
                            text[start:end],
                            json.dumps(attrs),
                            stamp,
                            stamp,
                        )
                    )
                    if rng.random() < 0.05:
                        s0 = rng.randrange(len(tokens) - 3)
                        s1 = s0 + rng.randint(1, 3)
                        start, end = tokens[s0][0], tokens[s1 - 1][1]
                        ann_rows.append(
                            (
                                str(uuid.UUID(int=rng.getrandbits(128))),
                                doc_id,
                                who[name],
                                rng.choice(LABELS),
                                start,
                                end,
                                text[start:end],
                                "{}",
                                stamp,
                                stamp,
                            )
                        )
                for c, a in links:
                    if c in kept and a in kept:
                        rel_rows.append(
                            (
                                str(uuid.UUID(int=rng.getrandbits(128))),
                                doc_id,
                                who[name],
                                "source",
                                kept[c],
                                kept[a],
                                stamp,
                            )
                        )
                status_rows.append((doc_id, who[name], "done", stamp))
        conn.executemany(
            'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", text, '
            "attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ann_rows,
        )
        conn.executemany(
            "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rel_rows,
        )
        conn.executemany(
            "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?)",
            status_rows,
        )
        counts = {"documents": len(doc_rows), "spans": len(ann_rows), "relations": len(rel_rows)}
    project.close()
    return counts


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


class Timer:
    """Wall-clock and process CPU seconds of named steps."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.rows.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    def print(self) -> None:
        print(f"  {'step':34s} {'wall s':>7s} {'cpu s':>7s}")
        for name, wall, cpu in self.rows:
            print(f"  {name:34s} {wall:7.2f} {cpu:7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, help="build the project here (or reuse it) and keep it"
    )
    args = parser.parse_args()

    from annotator.agreement import compute_report
    from annotator.agreement.build import build_docs, gc_paused
    from annotator.agreement.project_report import agreement_report
    from annotator.agreement.render_html import render_html
    from annotator.agreement.render_text import render_text
    from annotator.agreement.selection import resolve_annotators, select_documents
    from annotator.team import open_readonly

    print(f"before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        if not path.exists():
            start = time.perf_counter()
            counts = build_project(path, args.docs, args.annotators, args.seed)
            print(
                f"built {path.name}: {counts['documents']:,} documents, {counts['spans']:,} "
                f"spans, {counts['relations']:,} relations in {time.perf_counter() - start:.1f} s "
                f"({path.stat().st_size / 2**20:.0f} MiB)"
            )
        timer = Timer()
        project = open_readonly(path)
        annotators = resolve_annotators(project, None)
        labels = [label.name for label in project.labels()]
        with gc_paused():  # as agreement_report does
            with timer("select_documents"):
                selection = select_documents(project, annotators)
            with timer("build_docs"):
                docs = list(build_docs(project, annotators, document_ids=selection.document_ids))
            with timer("compute_report"):
                compute_report(docs, annotators, labels)
        n_spans = sum(len(s) for d in docs for s in d.spans.values())
        n_tokens = sum(len(d.tokens) for d in docs)
        del docs
        with timer("build_docs, streamed (gc on)"):
            for _ in build_docs(project, annotators, document_ids=selection.document_ids):
                pass
        with timer("agreement_report (= CLI, end to end)"):
            report = agreement_report(project, annotators)
        with timer("render_text"):
            render_text(report)
        with timer("render_html"):
            html_text = render_html(report)
        project.conn.close()
    print(
        f"{len(selection.document_ids):,} documents, {len(annotators)} annotators, "
        f"{n_spans:,} spans, {n_tokens:,} tokens"
    )
    timer.print()
    o = report["overall"]
    print(
        "overall: exact F1 {exact_f1:.3f}  overlap F1 {overlap_f1:.3f}  Fleiss {fleiss_kappa:.3f}"
        "  token alpha {token_alpha:.3f}  alpha_U {alpha_u:.3f}".format(**o)
    )
    print(f"HTML {len(html_text) / 1024:.0f} KiB")
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
