"""Search over annotations and consistency checks on a synthetic project.

    .venv/bin/python bench/bench_query.py [--n 3000] [--terms 40] [--seed 1]

Builds N articles (bench/corpus.py) in a temporary project and annotates them for two
annotators: every occurrence (TermMatcher) of the T most frequent words of 5+ letters as ACTOR,
skipping 10% (left unlabelled) and making 3% CLAIM (labelled differently), and every number
as a CASUALTY with its count. Then times `Project.find_annotations` for a few queries and
`consistency.check_consistency` for one annotator and for both, and prints the figures.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.consistency import check_consistency  # noqa: E402
from annotator.model import DocRecord, SpanRecord  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.text import TermMatcher  # noqa: E402

WORD = re.compile(r"[\u0621-\u064a]{5,}")
NUMBER = re.compile(r"\d+")


def build(path: Path, n: int, terms: int, seed: int) -> int:
    texts = list(articles(n, seed=seed))
    frequent = Counter(w for text in texts[:200] for w in WORD.findall(text))
    matcher = TermMatcher(word for word, _ in frequent.most_common(terms))
    spans = 0
    with Project.create(path) as project:
        project.add_documents(
            DocRecord(text=t, name=f"article_{i:06d}") for i, t in enumerate(texts)
        )
        for who in ("ali", "mona"):
            rng = random.Random(f"{seed}-{who}")
            records = []
            for i, text in enumerate(texts):
                found = []
                for match in matcher.find(text):
                    roll = rng.random()
                    if roll < 0.10:
                        continue
                    label = "CLAIM" if roll < 0.13 else "ACTOR"
                    found.append(SpanRecord(match.start, match.end, label))
                for number in NUMBER.finditer(text):
                    found.append(
                        SpanRecord(
                            number.start(),
                            number.end(),
                            "CASUALTY",
                            attributes={"count": int(number.group()) % 500, "outcome": "killed"},
                        )
                    )
                spans += len(found)
                records.append(DocRecord(text=text, name=f"article_{i:06d}", spans=found))
            project.import_records(records, who)
    return spans


def timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--terms", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        spans, seconds = timed(lambda: build(path, args.n, args.terms, args.seed))
        print(f"built {args.n:,} articles, {spans:,} annotations in {seconds:.1f} s")
        with Project.open(path) as project:
            for query in (
                "label=CASUALTY count>=100 annotator=mona",
                "label=ACTOR text~الحكومة",
                "annotator=ali status=done",
                "label=CLAIM",
            ):
                found, seconds = timed(lambda q=query: project.find_annotations(q, limit=1000))
                print(f"find {query!r}: {found.total:,} found in {seconds * 1000:.0f} ms")
            for who in (["mona"], None):
                report, seconds = timed(lambda w=who: check_consistency(project, w))
                print(
                    f"consistency {who or 'everyone'}: {len(report.findings):,} findings over "
                    f"{report.spans:,} annotations, {report.documents:,} documents in "
                    f"{seconds:.2f} s"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
