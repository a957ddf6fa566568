"""Term matching: every occurrence of known terms in a text, as whole tokens, through proclitics.

A `TermMatcher` is built from terms (any text: a name, a multi-word phrase). ``find(text)``
returns every occurrence of a term in ``text``, left to right, longest match first and never
overlapping, with offsets in the original ``text`` (code points, end-exclusive):

* matching is under the search normalization (`annotator.text.normalize`: alef, yeh and teh
  marbuta variants, tashkeel, tatweel, NBSP, Arabic-Indic digits, case), so «اذربيجان» finds
  «أذربيجان» and «أذربيـجانَ»;
* a term matches whole tokens (`annotator.text.token_spans`) of the normalized text: it ends at a
  token's end, its tokens are those of the text, and where the term has whitespace between two
  tokens the text has some (any run: spaces, a line break, NBSP), where it has none the text has
  none («أ.ف.ب» is five tokens without gaps);
* a term may also start right after a proclitic sequence at a token's start (`PROCLITICS`: the
  conjunctions و ف, the prepositions ب ل ك, and وب ول وك فب فل فك): «أذربيجان» is found in
  «وأذربيجان» and «لأذربيجان» as the sub-token span after the clitic, never inside a derived
  word («الأذربيجانية», «أذربيجاني»: the match would not end at a token's end). The article ال
  is part of the word (ANERcorp and ATB conventions) and is never stripped: «الأذربيجان» is no
  match for «أذربيجان». To keep short terms from matching by accident («كما» is no
  «ك» + «ما»), what is left after the clitic must hold at least `MIN_CLITIC_STEM` letters
  («ومصر» and «وقطر» are found);
* ل + ال is written لل: «للحكومة» is «ل» + «الحكومة» with the article's alef dropped. A term
  starting with ال («الحكومة», «الأمم المتحدة») is found there from the article's lam on:
  «لحكومة» in «للحكومة» and «ولحكومة» in «وللحكومة» after «و» (the clitic is «ل», resp. «ول»).

At each token the longest match wins: the one reaching furthest, and of those the one starting
first (the whole token before a clitic-stripped form of it, «و» stripped before «وب»). The next
match is looked for after it.

Speed: the text is normalized once and split on whitespace; each distinct whitespace-delimited
word is tokenized once per matcher (cached) and its tokens looked up in a dict keyed by the
first word of the terms (then their clitic-stripped forms). Only the words that can start a
match are located in the text, and only the terms starting with that word are compared there,
longest first: thousands of terms cost nothing more per token, and a text without a candidate
costs one normalization and one ``str.split``. A word at which only one-token terms may start
keeps its matches in the cache (nothing outside it changes them). Matches are mapped back to the
text through where its removed characters were (`annotator.text.normalized_offsets`), not a map
of every code point. Tokens are those of `annotator.text.token_spans` on the normalized text,
which tokenizes each whitespace-delimited word on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from annotator.text.normalize import normalize, original_span
from annotator.text.normalized_offsets import offsets_of
from annotator.text.tokens import token_spans

__all__ = [
    "MIN_CLITIC_STEM",
    "PROCLITICS",
    "TermMatch",
    "TermMatcher",
    "proclitics_of",
    "term_key",
]

PROCLITICS: tuple[str, ...] = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
"""Proclitic sequences a term may follow at a token's start (normalized letters), shortest
first: conjunctions, prepositions, a conjunction then a preposition."""

MIN_CLITIC_STEM = 3
"""Letters a token must keep after a stripped proclitic for a match there."""

_CLITIC_LETTERS = frozenset("".join(PROCLITICS))
# the clitics ending with the preposition ل, which drops the article's alef after it (لل)
_LAM_CLITICS = frozenset(p for p in PROCLITICS if p.endswith("ل"))
# How many whitespace-delimited words a matcher remembers tokenized (news repeats its words).
WORDS_KEPT = 200_000
_PIECE_RE = re.compile(r"\S+")  # a whitespace-delimited word (as ``str.split`` cuts them)


class TermMatch(NamedTuple):
    """One occurrence: ``[start, end)`` of the original text, the term's key (`term_key`) and
    the proclitic letters stripped before it (normalized; "" when the match starts a token)."""

    start: int
    end: int
    term: str
    clitic: str


def proclitics_of(token: str) -> list[str]:
    """The proclitic sequences (`PROCLITICS`) a normalized ``token`` starts with and may be
    stripped of: those leaving at least `MIN_CLITIC_STEM` letters, shortest first."""
    if not token or token[0] not in _CLITIC_LETTERS:
        return []
    return [
        clitic
        for clitic in PROCLITICS
        if token.startswith(clitic)
        and sum(map(str.isalpha, token[len(clitic) :])) >= MIN_CLITIC_STEM
    ]


def term_key(term: str) -> str:
    """The key of a term: normalized, each run of whitespace one space, no space at the ends.

    Two terms with the same key are the same term; "" means the term has nothing to match.
    """
    return " ".join(normalize(term).split())


# a TermMatch of a (start, end, term, clitic) tuple, without the generated __new__'s call
_new_match = partial(tuple.__new__, TermMatch)


class _Start(NamedTuple):
    """A token of a whitespace-delimited word at which a term may start."""

    token: int  # index among the word's tokens
    offset: int  # where the term would start, from the word's start (after a clitic)
    form: str  # the term's first token as it would read there
    clitic: str


class _Word(NamedTuple):
    """A whitespace-delimited word: its token spans (relative; None when the word is one
    token), where terms may start and, when every term that may start in it is one token
    long, ``alone``: its matches, which nothing outside the word changes (relative token
    start, match start, end, key, clitic; the first start at a token wins, as in `find`)."""

    spans: list[tuple[int, int]] | None
    starts: tuple[_Start, ...]
    alone: tuple[tuple[int, int, int, str, str], ...] | None = None


_ONE_TOKEN = _Word(None, (), ())


class TermMatcher:
    """Finds the occurrences of a set of terms in texts; see the module docstring.

    ``clitics=False`` matches whole tokens only (no proclitic stripping, no ل + ال).
    """

    def __init__(self, terms: Iterable[str] = (), *, clitics: bool = True) -> None:
        self.clitics = clitics
        self._keys: set[str] = set()
        # first token of a key -> the token counts of the keys starting with it, largest first
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._words: dict[str, _Word] = {}  # normalized whitespace-delimited word -> _Word
        self._starting: set[str] = set()  # the words of _words at which a term may start
        for term in terms:
            self.add(term)

    def add(self, term: str) -> str | None:
        """Add a term; its key, or None when it has nothing to match (blank)."""
        key = term_key(term)
        if not key:
            return None
        if key not in self._keys:
            self._keys.add(key)
            spans = token_spans(key)
            first = key[: spans[0][1]]
            lengths = set(self._lengths.get(first, ()))
            lengths.add(len(spans))
            self._lengths[first] = tuple(sorted(lengths, reverse=True))
            self._words.clear()
            self._starting.clear()
        return key

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term_key(term) in self._keys

    def keys(self) -> frozenset[str]:
        """The keys of the terms held."""
        return frozenset(self._keys)

    def required_text(self, term: str) -> str:
        """A normalized string that every text holding a match of ``term`` holds (inside some
        word), for a prefilter such as the store's search: the term's key, or without its
        first letter when the key starts with ال (after ل the article's alef is dropped)."""
        key = term_key(term)
        return key[1:] if self.clitics and key.startswith("ال") else key

    def find(self, text: str) -> list[TermMatch]:
        """Every occurrence of a term in ``text``, in order, longest first, not overlapping."""
        if not self._keys or not text:
            return []
        normalized = normalize(text)
        words, starting = self._words, self._starting
        if len(words) > WORDS_KEPT:
            words.clear()
            starting.clear()
        pieces = normalized.split()
        distinct = set(pieces)
        for piece in distinct.difference(words):  # words not seen before
            word = words[piece] = self._word(piece)
            if word.starts:
                starting.add(piece)
        candidates = distinct & starting
        if not candidates:
            return []
        found: list[tuple[int, int, str, str]] = []  # normalized start, end, key, clitic
        cursor = 0  # where the last match ended
        lengths = self._lengths
        keys = self._keys
        locate = normalized.find
        size = len(normalized)
        position = 0
        for piece in filter(candidates.__contains__, pieces):
            # the first occurrence as a whole word since the last candidate is this one: no
            # word in between is the same (it would be a candidate)
            position = locate(piece, position)
            while position >= 0 and not (
                (position == 0 or normalized[position - 1].isspace())
                and (position + len(piece) == size or normalized[position + len(piece)].isspace())
            ):
                position = locate(piece, position + 1)
            word = words[piece]
            if position + len(piece) <= cursor:
                position += len(piece)
                continue
            if word.alone is not None:  # one-token terms only: the matches are the word's own
                for token_start, first, last, key, clitic in word.alone:
                    if position + token_start >= cursor:
                        found.append((position + first, position + last, key, clitic))
                        cursor = position + last
                position += len(piece)
                continue
            spans = word.spans or [(0, len(piece))]
            token = -1
            best: tuple[int, int, str, str] | None = None  # start, end, key, clitic
            for start in (*word.starts, None):
                if start is None or start.token != token:
                    if best is not None:  # the longest match at the token before
                        found.append(best)
                        cursor = best[1]
                        best = None
                    if start is None:
                        break
                    token = start.token
                if position + spans[token][0] < cursor:
                    continue
                token_end = position + spans[token][1]
                counts = lengths[start.form]
                ends = (
                    self._token_ends(normalized, position, token, counts[0])
                    if counts[0] > 1
                    else [token_end]
                )
                for count in counts:
                    if count == 1:
                        end, key = token_end, start.form
                    elif count > len(ends):  # past the text's end
                        continue
                    else:
                        end = ends[count - 1]
                        key = " ".join((start.form + normalized[token_end:end]).split())
                    if key in keys:
                        if best is None or end > best[1]:
                            best = (position + start.offset, end, key, start.clitic)
                        break
            position += len(piece)
        if not found:
            return []
        if len(normalized) == len(text):
            return list(map(_new_match, found))
        offsets = offsets_of(text, normalized)  # a few matches: no map of every code point
        return [
            _new_match((*original_span(text, offsets, start, end), key, clitic))
            for start, end, key, clitic in found
        ]

    def _word(self, piece: str) -> _Word:
        """The tokens of the whitespace-delimited word ``piece`` and where terms may start."""
        spans = token_spans(piece)
        lengths = self._lengths
        starts: list[_Start] = []
        for index, (start, end) in enumerate(spans):
            token = piece[start:end]
            if token in lengths:
                starts.append(_Start(index, start, token, ""))
            if self.clitics and token[0] in _CLITIC_LETTERS and len(token) > MIN_CLITIC_STEM:
                starts.extend(
                    _Start(index, start + offset, form, clitic)
                    for offset, form, clitic in self._clitic_forms(token)
                )
        if not starts and len(spans) == 1:
            return _ONE_TOKEN
        alone: dict[int, tuple[int, int, int, str, str]] | None = None
        if all(lengths[place.form] == (1,) for place in starts):
            alone = {}  # token -> its first start's match
            for place in starts:
                token_start, token_end = spans[place.token]
                alone.setdefault(
                    place.token, (token_start, place.offset, token_end, place.form, place.clitic)
                )
        return _Word(
            spans if len(spans) > 1 else None,
            tuple(starts),
            None if alone is None else tuple(alone.values()),
        )

    def _clitic_forms(self, token: str) -> list[tuple[int, str, str]]:
        """(offset, first-token form, clitic) for each proclitic ``token`` may start with and
        whose form begins a term: the rest of the token, and for a clitic ending in ل followed
        by ل, the rest with the article's alef put back (لحكومه -> الحكومه)."""
        lengths = self._lengths
        forms = []
        for clitic in proclitics_of(token):
            size = len(clitic)
            rest = token[size:]
            if rest in lengths:
                forms.append((size, rest, clitic))
            if clitic in _LAM_CLITICS and rest[0] == "ل" and "ا" + rest in lengths:
                forms.append((size, "ا" + rest, clitic))
        return forms

    def _token_ends(self, normalized: str, position: int, token: int, count: int) -> list[int]:
        """The ends (in ``normalized``) of the ``count`` tokens from token ``token`` of the
        whitespace-delimited word at ``position`` on; fewer at the text's end."""
        ends: list[int] = []
        words = self._words
        for piece_match in _PIECE_RE.finditer(normalized, position):  # one token or more each
            piece = piece_match.group()
            word = words.get(piece)
            if word is None:  # the cache was cleared on the way
                word = words[piece] = self._word(piece)
            if word.spans is None:
                ends.append(piece_match.end())
            else:
                ends.extend(piece_match.start() + end for _, end in word.spans)
            if len(ends) >= token + count:
                break
        return ends[token : token + count]
