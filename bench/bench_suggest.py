"""Suggestion benchmark: the string matcher and the rules on synthetic 400-word articles.

    .venv/bin/python bench/bench_suggest.py [N] [--seed S] [--workers W] [--keep DIR]
        [--latency-only] [--stages K]

Builds N articles (bench/corpus.py, about 400 words each, sentences of the seed articles) in a
new project; a teacher ("lead") annotates the first 300 as a linguist would: every occurrence
of 24 actor names of the seeds as ACTOR, marked done (not timed). Then prints:

* latency: for 500 of the articles, the suggestions of the string matcher, the casualty rules
  and the claim rules for one article: proposing only (`run.propose`), and the whole request
  the app's background recommender makes for the article on screen (`run.suggest` for one
  document: read it, propose, store); p50 / p95 / max. Target p95 < 30 ms.
* throughput: `run.suggest` over all N articles for another annotator ("amal") with those
  three recommenders (trained on the teacher), with W worker processes (default: automatic,
  two on 2,000 articles or more), in articles/s, with the CPU time and the machine's load.
  Target >= 2,000 articles/s on both cores for N = 100,000. The CPU time is split between
  the worker processes (reading, proposing, checking, laying out and writing the rows, each
  through its own connection) and this process (handing out the chunks; writing them itself
  in the code before), in ms per article: CPU time does not depend on what else the machine runs, as
  wall-clock time does.
* stages (first, with --stages K): the CPU of each step of the run, done one after the other
  in this process on K articles, in ms per article: reading, the shared normalization, each
  recommender, building the items, checking and laying out the rows, sending them between
  processes (pickling, unpickling: the code before, where a third process wrote them) and
  writing them.

With --keep DIR the project is kept there and reused by a later run of the same N and seed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.model import DocRecord  # noqa: E402
from annotator.rules import DONE  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.suggestions.run import propose, suggest, trained  # noqa: E402

RULES = ["strings", "casualty", "claims"]
TEACHER, ANNOTATOR = "lead", "amal"
TAUGHT = 300
ACTORS = [
    "وزارة الدفاع الأذربيجانية",
    "الجيش الأذربيجاني",
    "أذربيجان",
    "أرمينيا",
    "باكو",
    "يريفان",
    "روسيا",
    "موسكو",
    "كاراباخ",
    "ناجورنو كاراباخ",
    "الأمم المتحدة",
    "الاتحاد الأوروبي",
    "الولايات المتحدة",
    "تركيا",
    "إيران",
    "إسرائيل",
    "حماس",
    "غزة",
    "الكرملين",
    "إلهام علييف",
    "نيكول باشينيان",
    "فلاديمير بوتين",
    "وزارة الخارجية",
    "الصليب الأحمر",
]


def build(path: Path, n: int, seed: int) -> None:
    started = time.perf_counter()
    with Project.create(path) as project:
        batch: list[DocRecord] = []
        for index, text in enumerate(articles(n, seed)):
            batch.append(DocRecord(text=text, name=f"article_{index:06d}.txt"))
            if len(batch) == 5000:
                project.add_documents(batch)
                batch = []
        if batch:
            project.add_documents(batch)
        taught = 0
        with project.transaction():
            for doc_id in range(1, TAUGHT + 1):
                text = project.document_text(doc_id)
                taken: list[tuple[int, int]] = []
                for name in sorted(ACTORS, key=len, reverse=True):
                    at = text.find(name)
                    while at >= 0:
                        end = at + len(name)
                        if all(end <= s or at >= e for s, e in taken):
                            project.add_annotation(doc_id, TEACHER, "ACTOR", at, end)
                            taken.append((at, end))
                            taught += 1
                        at = text.find(name, end)
                project.set_status(doc_id, TEACHER, DONE)
    print(
        f"built {n:,} articles, {taught:,} teacher annotations on {TAUGHT} of them "
        f"({time.perf_counter() - started:.1f} s, not timed below)"
    )


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return (
        f"p50 {statistics.median(values) * 1000:.2f} ms, **p95 {p95 * 1000:.2f} ms**, "
        f"max {values[-1] * 1000:.2f} ms"
    )


def stages(project: Project, recommenders: list, ids: list[int]) -> None:
    """CPU ms per article of each step of `suggest`, run one after the other in this process."""
    import pickle

    from annotator.suggestions import run
    from annotator.text import normalize

    try:
        from annotator.store.readmodel import prepared_suggestions
    except ImportError:  # the code before rows were prepared in the workers
        prepared_suggestions = None
    grouped = hasattr(run, "_proposed")  # each recommender's proposals stored as they are
    clock = time.process_time
    spent: dict[str, float] = {}

    def add(stage: str, since: float) -> float:
        now = clock()
        spent[stage] = spent.get(stage, 0.0) + now - since
        return now

    project.clear_suggestions(ANNOTATOR)
    names = [r.name for r in recommenders]
    for at in range(0, len(ids), run.CHUNK):
        part = ids[at : at + run.CHUNK]
        t = clock()
        docs = list(run._records(project, part, ANNOTATOR))
        t = add("read", t)
        items = []
        for doc in docs:
            normalize(doc.text)  # the recommenders' shared normalization (remembered)
            t = add("normalize", t)
            earlier: list = []
            for recommender in recommenders:
                earlier.extend(recommender.suggest(doc, earlier))
                t = add(recommender.name, t)
            if grouped:  # proposes again: not counted
                items.extend(run._proposed(recommenders, doc, {}))
            else:
                items.extend(run._new_suggestions(recommenders, doc))
            t = clock()
        texts = {int(doc.id or 0): doc.text for doc in docs}
        # building the items alone: what _proposed (_new_suggestions) does beyond proposing
        found = [(doc, run.propose(recommenders, doc)) for doc in docs]
        t = clock()
        for doc, proposed in found:
            if grouped:
                by_name: dict[str, list] = {}
                for name, p in proposed:
                    by_name.setdefault(name, []).append(p)
                t = clock()
                [run.ProposedSpans(int(doc.id or 0), n, ps) for n, ps in by_name.items()]
                t = add("items", t)
                continue
            [
                run.NewSuggestion(
                    int(doc.id or 0),
                    name,
                    p.label,
                    p.start,
                    p.end,
                    p.score,
                    dict(p.attributes) or None,
                    p.source,
                    p.key,
                )
                for name, p in proposed
            ]
        if not grouped:
            t = add("items", t)
        if prepared_suggestions is not None:
            if grouped:
                prepared = prepared_suggestions(
                    project, ANNOTATOR, part, texts=texts, proposed=items
                )
            else:
                prepared = prepared_suggestions(project, ANNOTATOR, part, items, texts)
            t = add("check, rows", t)
            if not hasattr(run, "Stored"):  # the rows sent to a writing process
                blob = pickle.dumps(prepared)
                t = add("pickle", t)
                prepared = pickle.loads(blob)
                t = add("unpickle", t)
            project.store_suggestions(prepared, recommenders=names)
            add("write", t)
        else:
            blob = pickle.dumps((part, items, texts))
            t = add("pickle", t)
            part, items, texts = pickle.loads(blob)
            t = add("unpickle", t)
            project.replace_suggestions(ANNOTATOR, part, items, recommenders=names, texts=texts)
            add("check, rows, write", t)
    total = sum(spent.values())
    print(
        f"stages, {len(ids):,} articles in this process, CPU ms per article: "
        + ", ".join(f"{stage} {seconds * 1000 / len(ids):.3f}" for stage, seconds in spent.items())
        + f"; total {total * 1000 / len(ids):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--stages", type=int, default=0, metavar="K")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"suggest-{args.n}-{args.seed}.sqlite"
    if not path.exists():
        build(path, args.n, args.seed)
    print(f"load before: {os.getloadavg()[0]:.2f}, cores: {os.cpu_count()}")
    with Project.open(path) as project:
        started = time.perf_counter()
        recommenders, learned_from, _ = trained(project, TEACHER, RULES)
        print(
            f"trained {', '.join(RULES)} on {learned_from} documents in "
            f"{time.perf_counter() - started:.2f} s"
        )
        sample = list(range(TAUGHT + 1, min(args.n, TAUGHT + 500) + 1))
        proposing, requests, found = [], [], 0
        for doc_id in sample:
            doc = DocRecord(text=project.document_text(doc_id), id=str(doc_id))
            t0 = time.perf_counter()
            found += len(propose(recommenders, doc))
            proposing.append(time.perf_counter() - t0)
        for doc_id in sample:
            t0 = time.perf_counter()
            suggest(project, ANNOTATOR, recommenders=recommenders, document_ids=[doc_id])
            requests.append(time.perf_counter() - t0)
        print(f"latency, {len(sample)} articles, {found / len(sample):.1f} proposals each:")
        print(f"  propose only: {percentiles(proposing)}")
        print(f"  one document's request (read, propose, store): {percentiles(requests)}")
        if args.stages:
            stages(project, recommenders, list(range(1, min(args.n, args.stages) + 1)))
        if args.latency_only:
            return
        project.clear_suggestions(ANNOTATOR)
        cpu0 = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        t0 = time.perf_counter()
        summary = suggest(project, ANNOTATOR, recommenders=recommenders, workers=args.workers)
        seconds = time.perf_counter() - t0
        cpu1 = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        writer, workers = (
            (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            for before, after in zip(cpu0, cpu1, strict=True)
        )
        cpu = writer + workers
        per_label: dict[str, int] = {}
        for by_label in summary.stored.values():
            for label, count in by_label.items():
                per_label[label] = per_label.get(label, 0) + count
        print(
            f"throughput: {summary.documents:,} articles in {seconds:.1f} s = "
            f"**{summary.documents / seconds:,.0f} articles/s** "
            f"(workers {args.workers if args.workers is not None else 'auto'}, "
            f"CPU {cpu:.1f} s = {cpu * 1000 / summary.documents:.3f} ms per article: workers "
            f"{workers * 1000 / summary.documents:.3f}, this process "
            f"{writer * 1000 / summary.documents:.3f}; load after {os.getloadavg()[0]:.2f}); "
            f"{summary.total:,} suggestions stored: {per_label}"
        )


if __name__ == "__main__":
    main()
