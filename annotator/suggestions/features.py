"""Token features for the sequence model (`annotator.suggestions.crf`), from the text core.

Each token gets its normalized form (`annotator.text.normalize`), its stem without proclitics
(`strip_proclitics`), prefixes and suffixes, a shape (script, digits with Arabic-Indic ones
marked, length), its place in the sentence, the same of its neighbours two either side, and
its hits in a `Lexicon`: strings known to carry a label (a gazetteer's and those the teacher
annotated) found by the term matcher, the labels of the known strings each word occurs in, and
whether the word was unseen in training. Features are strings ``name=value``, as python-crfsuite
takes them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from annotator.text import normalize, token_spans
from annotator.text.terms import MIN_CLITIC_STEM, PROCLITICS, TermMatcher

__all__ = ["Lexicon", "TokenInfo", "sentence_features", "strip_proclitics", "token_info"]

_ARTICLE = "ال"
_MIN_STEM = 2  # letters left after the article

_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"\d")
_ARABIC_INDIC_RE = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_WORD_RE = re.compile(r"\w")
_CLITICS_LONGEST_FIRST = sorted(PROCLITICS, key=len, reverse=True)


def strip_proclitics(word: str) -> str:
    """``word`` (normalized) without its proclitics (`annotator.text.terms.PROCLITICS`, the
    longest that leaves `MIN_CLITIC_STEM` letters) and then without the article (ال, or the
    ل left of it after ل: لل), if two letters stay: «والصحيه» -> «صحيه», «للمشاريع» ->
    «مشاريع», «بالانديه» -> «انديه». A feature, not a segmentation: «وزير» gives «زير»."""
    stem = word
    for clitic in _CLITICS_LONGEST_FIRST:
        if stem.startswith(clitic) and len(stem) - len(clitic) >= MIN_CLITIC_STEM:
            stem = stem[len(clitic) :]
            if clitic.endswith("ل") and stem.startswith("ل") and len(stem) - 1 >= _MIN_STEM:
                return stem[1:]  # ل + ال written لل
            break
    if stem.startswith(_ARTICLE) and len(stem) - 2 >= _MIN_STEM:
        stem = stem[2:]
    return stem


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What the features of one token are made of."""

    norm: str  # normalized form
    stem: str  # normalized, proclitics off
    shape: str  # script and digit shape
    features: tuple[str, ...]  # the token's own features, without context


@lru_cache(maxsize=100_000)
def token_info(word: str) -> TokenInfo:
    """The normalized form, stem, shape and own features of the token ``word``."""
    norm = normalize(word)
    stem = strip_proclitics(norm)
    shape = _shape(word, norm)
    length = len(norm)
    own = [
        "w=" + norm,
        "st=" + stem,
        "sh=" + shape,
        "len=" + (str(length) if length < 8 else "8+"),
        "p1=" + norm[:1],
        "p2=" + norm[:2],
        "p3=" + norm[:3],
        "s1=" + norm[-1:],
        "s2=" + norm[-2:],
        "s3=" + norm[-3:],
        "sp2=" + stem[:2],
        "ss2=" + stem[-2:],
    ]
    if stem != norm:
        own.append("clitic=" + norm[: len(norm) - len(stem)])
    if _ARABIC_INDIC_RE.search(word):
        own.append("indic")
    return TokenInfo(norm, stem, shape, tuple(own))


def _shape(word: str, norm: str) -> str:
    """``ar``, ``lat``, ``mix``, a digit pattern (``00.0``; Arabic-Indic digits are ASCII after
    normalization) or ``punct``."""
    if _DIGIT_RE.search(norm):
        return _DIGIT_RE.sub("0", norm) if len(norm) <= 6 else "0+"
    arabic = _ARABIC_LETTER_RE.search(norm) is not None
    latin = _LATIN_RE.search(norm) is not None
    if arabic and latin:
        return "mix"
    if arabic:
        return "ar"
    if latin:
        return "Lat" if word[:1].isupper() else "lat"
    return "word" if _WORD_RE.search(norm) else "punct"


class Lexicon:
    """Strings known to carry a label, found in a text by `annotator.text.terms.TermMatcher`
    (normalized, whole tokens, through proclitics, longest first), with the labels each was
    given; the labels of the known strings each word (its stem) occurs in; and optionally the
    stems of the training text (``vocabulary``: a word outside it is ``unseen``)."""

    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        self.matcher = TermMatcher()
        self.labels: dict[str, Counter[str]] = {}  # term key -> label counts
        self.words: dict[str, set[str]] = {}  # stem -> labels of the strings it occurs in
        self.vocabulary: set[str] | None = None
        for text, label in entries:
            self.add(text, label)

    def add(self, text: str, label: str) -> None:
        """Learn that ``text`` was given ``label``."""
        key = self.matcher.add(text)
        if key is None:
            return
        self.labels.setdefault(key, Counter())[label] += 1
        for start, end in token_spans(key):
            stem = strip_proclitics(key[start:end])
            if len(stem) > 1 and _WORD_RE.search(stem):
                self.words.setdefault(stem, set()).add(label)

    def hits(self, text: str, starts: Sequence[int], ends: Sequence[int]) -> list[str | None]:
        """Per token of ``text`` (``starts``/``ends``), ``B-LABEL``/``I-LABEL`` of the known
        string found over it (its most frequent label), or None."""
        tags: list[str | None] = [None] * len(starts)
        for match in self.matcher.find(text):
            label = self.labels[match.term].most_common(1)[0][0]
            index = max(bisect_right(starts, match.start) - 1, 0)
            prefix = "B-"
            while index < len(starts) and starts[index] < match.end:
                if ends[index] > match.start:
                    tags[index] = prefix + label
                    prefix = "I-"
                index += 1
        return tags


_WINDOW = (-2, -1, 1, 2)


def sentence_features(
    tokens: Sequence[TokenInfo], hits: Sequence[str | None], lexicon: Lexicon
) -> list[list[str]]:
    """The features of each token of one sentence: its own, its neighbours' (two either side),
    word bigrams, its place in the sentence and its lexicon hits (``hits``: `Lexicon.hits` of
    these tokens; and the lexicon's words), and its neighbours'."""
    n = len(tokens)
    member = [sorted(lexicon.words.get(token.stem, ())) for token in tokens]
    vocabulary = lexicon.vocabulary
    unseen = [
        vocabulary is not None and token.shape == "ar" and token.stem not in vocabulary
        for token in tokens
    ]
    result: list[list[str]] = []
    for i, token in enumerate(tokens):
        features = ["bias", *token.features]
        if i == 0:
            features.append("BOS")
        elif i == n - 1:
            features.append("EOS")
        features.append("pos=" + (str(i) if i < 3 else "3+"))
        for offset in _WINDOW:
            j = i + offset
            if 0 <= j < n:
                other = tokens[j]
                features += (f"{offset}w={other.norm}", f"{offset}st={other.stem}")
                features.append(f"{offset}sh={other.shape}")
                if offset in (-1, 1):
                    features += (f"{offset}s2={other.norm[-2:]}", f"{offset}p2={other.norm[:2]}")
                    if hits[j]:
                        features.append(f"{offset}gz={hits[j]}")
                    features += [f"{offset}in={label}" for label in member[j]]
                    if unseen[j]:
                        features.append(f"{offset}unseen")
            else:
                features.append(f"{offset}pad")
        if i > 0:
            features.append(f"bi-={tokens[i - 1].norm}|{token.norm}")
        if i < n - 1:
            features.append(f"bi+={token.norm}|{tokens[i + 1].norm}")
        if hits[i]:
            features.append(f"gz={hits[i]}")
        features += ["in=" + label for label in member[i]]
        if unseen[i]:
            features.append("unseen")
        result.append(features)
    return result
