"""The claim rules (`annotator.suggestions.claims.ClaimRules`) on the seed articles: speed.

    .venv/bin/python bench/bench_claims.py [--rounds R]

Prints, for the seed articles (seeds/*.txt), the CPU time of one ``suggest`` per article and
per 400 words (the best of R rounds, so that other processes on the machine count less), beside
the text core's passes over the same texts that it cannot do without: ``normalize`` of the whole
article and ``split_sentences`` of the lines holding a reporting verb; and how many CLAIM and
ACTOR proposals it makes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.model import DocRecord  # noqa: E402
from annotator.rules import ACTOR, CLAIM, LabelDef  # noqa: E402
from annotator.suggestions import Setting  # noqa: E402
from annotator.suggestions.claims import ClaimRules, _verb_lines  # noqa: E402
from annotator.text import normalize, split_sentences  # noqa: E402

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def best_of(rounds: int, work: Callable[[], object], repeat: int = 10) -> float:
    """The least CPU seconds one call of `work` took, over `rounds` rounds of `repeat` calls."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(repeat):
            work()
        best = min(best, (time.process_time() - start) / repeat)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    docs = [DocRecord(text) for text in texts]
    words = sum(len(text.split()) for text in texts)
    rules = ClaimRules(Setting({name: LabelDef(name) for name in (ACTOR, CLAIM)}))
    verb_lines = [text[line.start : line.end] for text in texts for line in _verb_lines(text)]
    proposals = [p for doc in docs for p in rules.suggest(doc)]
    print(
        f"{len(texts)} seed articles, {words} words; {sum(p.label == CLAIM for p in proposals)} "
        f"CLAIM and {sum(p.label == ACTOR for p in proposals)} ACTOR proposals; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    timings = {
        "ClaimRules.suggest": lambda: [rules.suggest(doc) for doc in docs],
        "  of which normalize (whole text)": lambda: [normalize(text) for text in texts],
        "  of which split_sentences (verb lines)": lambda: [split_sentences(x) for x in verb_lines],
    }
    for name, work in timings.items():
        seconds = best_of(args.rounds, work)
        print(
            f"{name:42} {seconds / len(texts) * 1e3:6.3f} ms/article "
            f"{seconds / words * 400 * 1e3:6.3f} ms/400 words"
            + (f"  {len(texts) / seconds:7.0f} articles/s" if name[0] != " " else "")
        )


if __name__ == "__main__":
    main()
