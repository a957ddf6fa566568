"""Tokenizer and normalizer throughput on the synthetic corpus.

    .venv/bin/python bench/bench_tokenize.py [N_ARTICLES] [ROUNDS]

Tokenizes N (default 10,000) synthetic articles with camel-tools' simple_word_tokenize and with
annotator.text.tokenize in the same process, checks the tokens are camel-tools' with the pieces of
numbers joined (`annotator.text.tokens.camel_tokens_joined`), and prints
tokens/s of each and the time ratio ours/theirs (target <= 1.2). Rounds alternate the two and
the best round of each counts. Then times normalize() on the same articles.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import articles  # noqa: E402

from annotator.text import normalize, tokenize  # noqa: E402
from annotator.text.normalize import normalize_table  # noqa: E402
from annotator.text.tokens import camel_tokens_joined, warm_up  # noqa: E402


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    texts = list(articles(n))
    chars = sum(map(len, texts))

    started = time.perf_counter()
    from camel_tools.tokenizers.word import simple_word_tokenize

    camel_import = time.perf_counter() - started
    started = time.perf_counter()
    warm_up()
    tables = time.perf_counter() - started

    # Results are dropped as they come (an editor keeps one document's tokens, not 10,000).
    theirs_best = ours_best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            simple_word_tokenize(text)
        theirs_best = min(theirs_best, time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            tokenize(text)
        ours_best = min(ours_best, time.perf_counter() - started)

    tokens = 0
    identical = aligned = True
    for text in texts:
        reference = camel_tokens_joined(text, simple_word_tokenize)
        mine = tokenize(text)
        tokens += len(reference)
        identical = identical and [t.text for t in mine] == reference
        aligned = aligned and all(text[t.start : t.end] == t.text for t in mine)

    print(f"corpus: {n} articles, {tokens:,} tokens, {chars:,} code points")
    print(f"camel_tools.tokenizers.word import: {camel_import:.3f} s; our tables: {tables:.3f} s")
    print(f"simple_word_tokenize: {tokens / theirs_best:,.0f} tokens/s ({theirs_best:.3f} s)")
    print(f"annotator tokenize:   {tokens / ours_best:,.0f} tokens/s ({ours_best:.3f} s)")
    print(f"ratio ours/theirs (time): {ours_best / theirs_best:.3f}  (target <= 1.2)")
    print(f"tokens identical (numbers joined): {identical}; offsets aligned: {aligned}")

    table = normalize_table()
    fast = plain = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            normalize(text)
        fast = min(fast, time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            text.translate(table)
        plain = min(plain, time.perf_counter() - started)
    assert all(normalize(text) == text.translate(table) for text in texts)
    per_100k = fast / n * 100_000
    print(
        f"normalize: {chars / fast / 1e6:,.1f} M code points/s ({fast:.3f} s), "
        f"str.translate alone {chars / plain / 1e6:,.1f} M/s; "
        f"100,000 such articles: ~{per_100k:.1f} s"
    )
    return 0 if identical and aligned else 1


if __name__ == "__main__":
    sys.exit(main())
