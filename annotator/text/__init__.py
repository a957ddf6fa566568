"""Arabic text core: tokens with code-point offsets, search normalization, sentences, counts.

No Qt, and cheap to import: camel-tools is never imported, and the tokenizer and normalizer
tables are built on first use.
"""

from annotator.text.normalize import find, normalize, normalize_with_map
from annotator.text.numbers import CountPhrase, CountReading, OutcomeCue, find_counts, read_count
from annotator.text.sentences import split_sentences
from annotator.text.terms import TermMatch, TermMatcher, term_key
from annotator.text.tokens import Token, snap, token_spans, tokenize, trim_whitespace

__all__ = [
    "Token",
    "tokenize",
    "token_spans",
    "snap",
    "trim_whitespace",
    "normalize",
    "normalize_with_map",
    "find",
    "split_sentences",
    "read_count",
    "CountReading",
    "find_counts",
    "CountPhrase",
    "OutcomeCue",
    "TermMatcher",
    "TermMatch",
    "term_key",
]
