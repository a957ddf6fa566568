"""Benchmark of the agreement report on synthetic data with controlled disagreement.

Usage: .venv/bin/python bench/bench_agreement.py [--docs 10000] [--annotators 3] [--seed 1]

Each document has ~400 tokens (~2,400 characters) and a gold set of ~50 spans (ACTOR, CLAIM
containing an ACTOR source, CASUALTY with a count). Each annotator copies the gold spans with
noise: drops a span (p=0.06), moves a boundary by one token (p=0.10), changes the label (p=0.03),
adds a spurious span (p=0.05 per gold span), changes a count (p=0.10). Prints the time of each
part of the report and the total.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.agreement.data import DocAnnotations  # noqa: E402
from annotator.model import RelationRecord, SpanRecord  # noqa: E402

LABELS = ("ACTOR", "CLAIM", "CASUALTY")


def make_doc(rng: random.Random, doc_id: str, annotators: list[str]) -> DocAnnotations:
    tokens = []
    pos = 0
    for _ in range(rng.randint(360, 440)):
        length = rng.randint(2, 9)
        tokens.append((pos, pos + length))
        pos += length + 1
    text_length = pos
    n_tok = len(tokens)
    gold: list[tuple[int, int, str, dict]] = []
    links: list[tuple[int, int]] = []
    cursor = 0
    while cursor < n_tok - 40 and len(gold) < 50:
        kind = rng.random()
        if kind < 0.25:  # a claim with its source actor inside
            size = rng.randint(8, 25)
            gold.append((cursor, cursor + size, "CLAIM", {}))
            actor_at = cursor + rng.randint(0, 3)
            gold.append((actor_at, actor_at + rng.randint(1, 3), "ACTOR", {}))
            links.append((len(gold) - 2, len(gold) - 1))
            cursor += size + rng.randint(1, 4)
        elif kind < 0.6:
            size = rng.randint(1, 3)
            gold.append((cursor, cursor + size, "ACTOR", {}))
            cursor += size + rng.randint(1, 6)
        else:
            size = rng.randint(2, 4)
            n = rng.randint(1, 300)
            count = n if rng.random() < 0.8 else [n, n + rng.randint(1, 50)]
            gold.append((cursor, cursor + size, "CASUALTY", {"count": count}))
            cursor += size + rng.randint(1, 6)
    spans: dict[str, list[SpanRecord]] = {}
    relations: dict[str, list[RelationRecord]] = {}
    for name in annotators:
        mine: list[SpanRecord] = []
        kept: dict[int, str] = {}
        for g, (t0, t1, label, attrs) in enumerate(gold):
            if rng.random() < 0.06:
                continue
            if rng.random() < 0.10:
                if rng.random() < 0.5:
                    t0 = max(0, t0 + rng.choice((-1, 1)))
                else:
                    t1 = min(n_tok, max(t0 + 1, t1 + rng.choice((-1, 1))))
            if rng.random() < 0.03:
                label = rng.choice([x for x in LABELS if x != label])
            attrs = dict(attrs)
            if "count" in attrs and rng.random() < 0.10:
                attrs["count"] = rng.randint(1, 300)
            span_id = f"{name}-{g}"
            kept[g] = span_id
            mine.append(SpanRecord(tokens[t0][0], tokens[t1 - 1][1], label, span_id, name, attrs))
            if rng.random() < 0.05:
                s0 = rng.randrange(n_tok - 3)
                s1 = s0 + rng.randint(1, 3)
                mine.append(
                    SpanRecord(
                        tokens[s0][0], tokens[s1 - 1][1], rng.choice(LABELS), f"{name}-x{g}", name
                    )
                )
        spans[name] = mine
        relations[name] = [
            RelationRecord(kept[c], kept[a], "source", annotator=name)
            for c, a in links
            if c in kept and a in kept
        ]
    return DocAnnotations(doc_id, text_length, tokens, spans, relations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args()
    annotators = [f"ann{i + 1}" for i in range(args.annotators)]
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    docs = [make_doc(rng, f"doc{d:05d}", annotators) for d in range(args.docs)]
    generated = time.perf_counter() - t0
    n_spans = sum(len(s) for d in docs for s in d.spans.values())
    n_tokens = sum(len(d.tokens) for d in docs)
    print(
        f"generated {args.docs} docs, {len(annotators)} annotators, {n_spans} spans, "
        f"{n_tokens} tokens in {generated:.1f} s"
    )

    from annotator.agreement import report as rep
    from annotator.agreement.attributes import casualty_agreement, claim_source_agreement
    from annotator.agreement.corpus import Corpus
    from annotator.agreement.tokens import token_agreement

    timings: dict[str, float] = {}

    def timed(name, fn, *a):
        start = time.perf_counter()
        out = fn(*a)
        timings[name] = time.perf_counter() - start
        return out

    corpus = timed("flatten (Corpus)", Corpus, docs, annotators)
    timed("flatten tokens", corpus.tokens)
    ms = timed("span matching (all pairs)", rep.matchings, corpus)
    timed("span F1 tables", rep.span_agreement, corpus, ms)
    timed("token kappa/alpha", token_agreement, corpus)
    timed("alpha_U", rep.unitizing_agreement, corpus)
    timed("casualty counts", casualty_agreement, corpus, ms)
    timed("claim sources", claim_source_agreement, corpus, ms)
    timed("document scores", rep.document_scores, corpus, ms)
    for name, seconds in timings.items():
        print(f"  {name:28s} {seconds:6.2f} s")
    print(f"  {'sum of parts':28s} {sum(timings.values()):6.2f} s")

    start = time.perf_counter()
    report = rep.compute_report(docs, annotators)
    total = time.perf_counter() - start
    text = json.dumps(report, allow_nan=False)
    print(f"compute_report total: {total:.2f} s  (report JSON {len(text) / 1024:.0f} KiB)")
    o = report["overall"]
    print(
        "overall: exact F1 {exact_f1:.3f}  overlap F1 {overlap_f1:.3f}  Fleiss {fleiss_kappa:.3f}"
        "  token alpha {token_alpha:.3f}  alpha_U {alpha_u:.3f}".format(**o)
    )
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
