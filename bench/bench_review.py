"""Time to open a document in review mode: 3 annotators, 300 spans.

Measures the time from `ReviewWindow.open_document(doc_id)` to the end of the first paint of the
lane view (offscreen Qt), for the first opening (which auto-merges the agreed spans into gold, one
transaction) and a second opening. The document is the five seed articles joined (about 28 KB);
the annotators' spans are synthetic: base spans on token boundaries, each one agreed by all,
shifted by some (partial overlap), labelled differently by one (label conflict) or marked by
only some (subset), with CLAIM -> ACTOR sources.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_review.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_review.py --screenshot docs/review.png

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ["amal", "badr", "carim"]
KIND_VALUES = ["person", "organization", "state", "armed group", "other"]


def synthetic_spans(
    text: str, n_base: int, seed: int = 7
) -> dict[str, list[tuple[str, int, int, dict]]]:
    """Spans per annotator on `text`: about `n_base` clusters of mixed agreement."""
    from annotator.text import tokenize

    rng = random.Random(seed)
    words = [t for t in tokenize(text) if any(ch.isalnum() for ch in text[t.start : t.end])]
    stride = max(2, len(words) // n_base)
    result: dict[str, list[tuple[str, int, int, dict]]] = {name: [] for name in NAMES}
    labels = ["ACTOR", "CLAIM", "CASUALTY"]
    for base in range(n_base):
        first = base * stride
        if first + 1 >= len(words):
            break
        length = rng.randint(1, min(stride - 1, 4))
        last = min(first + length - 1, len(words) - 1)
        label = rng.choice(labels)
        start, end = words[first].start, words[last].end
        roll = rng.random()
        for index, name in enumerate(NAMES):
            span_label, span_end = label, end
            if roll < 0.5:
                pass  # all agree
            elif roll < 0.7:
                if index == 1 and last + 1 < len(words) and last + 1 < first + stride:
                    span_end = words[last + 1].end  # one token longer
            elif roll < 0.8:
                if index == 0:
                    span_label = labels[(labels.index(label) + 1) % 3]
            elif index != base % 3:
                continue  # subset: two of three
            attributes: dict = {}
            if span_label == "ACTOR":
                attributes = {"kind": KIND_VALUES[base % len(KIND_VALUES)]}
            elif span_label == "CASUALTY":
                attributes = {"count": base % 17 + (index if roll > 0.9 else 0)}
            result[name].append((span_label, start, span_end, attributes))
    return result


def build_project(path: Path, text: str, n_base: int):
    """A project holding `text` annotated by the three synthetic annotators (with sources)."""
    from annotator.model import DocRecord
    from annotator.store import Project

    project = Project.create(path)
    (doc_id,) = project.add_documents([DocRecord(text=text, name="review-bench")]).added
    with project.transaction():
        for name, spans in synthetic_spans(text, n_base).items():
            last_actor = None
            for label, start, end, attributes in spans:
                ann = project.add_annotation(doc_id, name, label, start, end, attributes=attributes)
                if label == "ACTOR":
                    last_actor = ann
                elif label == "CLAIM" and last_actor is not None:
                    project.add_relation(doc_id, name, "source", ann.uuid, last_actor.uuid)
                    last_actor = None
    return project, doc_id


def time_open(window, doc_id: int, app) -> float:
    """Milliseconds from open_document to the end of the lane view's first paint."""
    painted: list[float] = []
    view = window.review.view
    started = time.perf_counter()
    view.after_paint = lambda: painted.append(time.perf_counter())
    window.open_document(doc_id)
    view.viewport().update()
    while not painted:
        app.processEvents()
        if time.perf_counter() - started > 30:
            raise RuntimeError("no paint within 30 s")
    return 1000 * (painted[0] - started)


def time_accepts(window, app, count: int) -> list[float]:
    """Milliseconds from accepting the selected proposal to the end of the next paint."""
    review, timings = window.review, []
    for _ in range(count):
        if review._selected_proposal() is None:
            break
        painted: list[float] = []
        review.view.after_paint = lambda done=painted: done.append(time.perf_counter())
        started = time.perf_counter()
        review.accept_selected()
        review.view.viewport().update()
        while not painted:
            app.processEvents()
        timings.append(1000 * (painted[0] - started))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, help="also save a screenshot (seed 000)")
    args = parser.parse_args()

    from annotator.gui.app import application
    from annotator.gui.review import ReviewWindow

    app = application()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    long_text = "\n\n".join(p.read_text(encoding="utf-8") for p in seeds)
    print(f"document: {len(long_text):,} code points (5 seed articles joined), annotators: 3")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    for label, per_annotator in (("300 spans in all", 100), ("300 spans per annotator", 300)):
        firsts, seconds, counts, actions = [], [], [], []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                n_base = int(per_annotator * 1.1)
                project, doc_id = build_project(Path(tmp) / f"r{run}.sqlite", long_text, n_base)
                counts.append(len(project.annotations(doc_id)))
                window = ReviewWindow(project)
                window.resize(1400, 900)
                window.show()
                app.processEvents()
                firsts.append(time_open(window, doc_id, app))
                merged = len(window.review.state.auto_merged)
                clusters = len(window.review.state.clusters)
                seconds.append(time_open(window, doc_id, app))
                if per_annotator == 300:
                    actions += time_accepts(window, app, 10)
                window.close()
                window.deleteLater()
                app.processEvents()
                project.close()
        print(
            f"{label}: {statistics.mean(counts):.0f} annotator spans, {clusters} clusters, "
            f"{merged} auto-merged | open to first paint: first opening (with auto-merge) "
            f"median {statistics.median(firsts):.0f} ms (min {min(firsts):.0f}, "
            f"max {max(firsts):.0f}); second opening median {statistics.median(seconds):.0f} ms"
            f" (min {min(seconds):.0f}, max {max(seconds):.0f}); {args.runs} runs"
        )
        if actions:
            print(
                f"{label}: accept (A) of a proposal to the repainted view: median "
                f"{statistics.median(actions):.0f} ms (max {max(actions):.0f}), "
                f"{len(actions)} accepts"
            )
    if args.screenshot is not None:
        screenshot(app, seeds[0].read_text(encoding="utf-8"), args.screenshot)


def screenshot(app, text: str, path: Path) -> None:
    from annotator.gui.review import ReviewWindow

    with tempfile.TemporaryDirectory() as tmp:
        project, doc_id = build_project(Path(tmp) / "shot.sqlite", text, 28)
        window = ReviewWindow(project)
        window.resize(1500, 950)
        window.show()
        app.processEvents()
        window.open_document(doc_id)
        review = window.review
        review.accept_selected()  # one disagreement settled by accepting, one by rejecting
        review.toggle_reject_selected()
        clash = next(c for c in review.state.clusters if c.kind == "label_conflict")
        review.select_cluster(clash.index)
        for _ in range(20):
            app.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
        print(f"screenshot: {path}")
        window.close()
        project.close()


if __name__ == "__main__":
    main()
