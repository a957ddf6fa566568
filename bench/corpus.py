"""Deterministic synthetic corpus built from the seed articles' sentences.

    python bench/corpus.py N OUTDIR [--seed S] [--words W]

writes N plain-text articles of about W (default 400) words to OUTDIR/article_000000.txt, ...
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.text.sentences import split_sentences

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_BOILERPLATE_RE = re.compile(r"\[ad_\d+\]|\s*")


def sentences(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """The distinct sentences of the seed articles (at least 3 words, no ``[ad_1]`` lines)."""
    seen: set[str] = set()
    result: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start, end in split_sentences(text):
            sentence = " ".join(text[start:end].split())  # one line, single spaces
            if _BOILERPLATE_RE.fullmatch(sentence) or len(sentence.split()) < 3:
                continue
            if sentence not in seen:
                seen.add(sentence)
                result.append(sentence)
    if not result:
        raise FileNotFoundError(f"no seed sentences found in {seeds_dir}")
    return result


def articles(n: int, seed: int = 0, words: int = 400) -> Iterator[str]:
    """``n`` articles of about ``words`` words: a title line, then paragraphs of sentences."""
    pool = sentences()
    rng = random.Random(seed)
    for _ in range(n):
        title = rng.choice(pool)
        paragraphs: list[str] = []
        paragraph: list[str] = []
        count = 0
        while count < words:
            sentence = rng.choice(pool)
            paragraph.append(sentence)
            count += len(sentence.split())
            if rng.random() < 0.35:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        yield title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of Arabic articles.")
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path, help="directory to write the .txt files to")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--words", type=int, default=400, help="approximate words per article")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for i, article in enumerate(articles(args.n, args.seed, args.words)):
        (args.outdir / f"article_{i:06d}.txt").write_text(article, encoding="utf-8")
    print(f"wrote {args.n} articles to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
