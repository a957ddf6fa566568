"""Search normalization of Arabic text, with a map back to original offsets.

Every code point is either kept and mapped to exactly one code point, or removed; nothing is
inserted. ``normalize_table()`` (a ``str.translate`` table, built on first use; also available as
the module attribute ``NORMALIZE_TABLE``) is the whole definition:

* alef variants ``أ إ آ ٱ ٲ ٳ ٵ`` -> ``ا``; alef maksura ``ى`` and Farsi yeh ``ی`` -> ``ي``;
  teh marbuta ``ة`` -> ``ه``; keheh ``ک`` -> ``ك``;
* removed: tashkeel (U+064B..U+065F, U+0670 superscript alef, U+0610..U+061A, Quranic marks
  U+06D6..U+06ED), tatweel U+0640, and invisible format controls (U+00AD soft hyphen,
  U+061C ALM, U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+2066..U+2069, U+FEFF);
* Arabic-Indic and Eastern Arabic-Indic digits -> ASCII digits; ``٫`` -> ``.``, ``٬`` -> ``,``,
  ``٪`` -> ``%``;
* every space separator (category Zs: NBSP, thin space, ...) -> ``" "``; line breaks are kept;
* letters are lower-cased one code point at a time (Latin, Greek, Cyrillic, ...; ``İ`` -> ``i``,
  ``Σ`` -> ``σ``; no ``ß`` -> ``ss``, which would change lengths).

``normalize(text)`` gives exactly ``text.translate(normalize_table())``, faster on news text.

camel-tools (``camel_tools.utils``): its ``dediac_ar``, ``normalize_alef_ar``,
``normalize_alef_maksura_ar`` and ``normalize_teh_marbuta_ar`` are each part of this table,
character for character (tests/test_camel_utils_parity.py checks every code point, hypothesis
texts and the corpora); this normalization does more on purpose: it also removes the other
Arabic marks (U+0610..U+061A, U+0653..U+065F, Quranic marks), tatweel and the invisible format
controls, folds ``ٲ ٳ ٵ`` to alef, Farsi yeh and keheh, the digits, ``٫ ٬ ٪``, the space
separators and letter case. It is kept rather than calling camel-tools: one fused pass, the
shared part faster than theirs (bench/RESULTS.md, issue 14), and ``camel_tools.utils.dediac``
takes about 1 s to import (its charsets scan all of Unicode). Not done here: camel-tools'
``normalize_unicode`` (NFKC), which changes lengths (``ﻻ`` -> ``لا``) and so offsets.

The last few texts of `CACHED_LENGTHS` code points normalized are remembered with their map
(`normalize_with_map`): the recommenders each normalize the same article, and only the first
pays. The offsets list returned is then shared by the calls on that text: read it, never change
it. A remembered text also keeps where its removed characters were (its normalization found
them, cutting it into runs of kept and removed characters): `removed_runs` reads them there, for
`annotator.text.normalized_offsets`, without searching the text again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

__all__ = [
    "normalize_table",
    "REMOVED",
    "normalize",
    "normalize_with_map",
    "original_span",
    "removed_runs",
    "find",
]

_ALEF = "\u0627"
_REMOVED_RANGES = [
    (0x0610, 0x061A),  # Arabic honorific signs and small high letters
    (0x064B, 0x065F),  # tanween, harakat, shadda, sukun, ...
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0640, 0x0640),  # tatweel
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # zero width no-break space (BOM)
]
REMOVED: frozenset[str] = frozenset(
    chr(cp) for first, last in _REMOVED_RANGES for cp in range(first, last + 1)
)
"""Code points ``normalize`` deletes."""

# Removed combining marks: a hit's original span extends over those following its last letter.
_TRAILING_MARKS = frozenset(c for c in REMOVED if unicodedata.category(c) == "Mn")

_COMMON = {
    "\u0623": _ALEF,  # أ
    "\u0625": _ALEF,  # إ
    "\u0622": _ALEF,  # آ
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
}
_LETTERS = {
    **_COMMON,
    "\u0671": _ALEF,  # ٱ alef wasla
    "\u0672": _ALEF,  # ٲ
    "\u0673": _ALEF,  # ٳ
    "\u0675": _ALEF,  # ٵ
    "\u06cc": "\u064a",  # ی Farsi yeh
    "\u06a9": "\u0643",  # ک keheh
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u066a": "%",  # Arabic percent sign
}


def _build_table() -> dict[int, str | None]:
    # Cased letters and space separators all lie in planes 0 and 1 (the tests check it).
    chars = "".join(map(chr, range(0x20000)))
    table: dict[int, str | None] = {}
    for base in range(0, len(chars), 256):
        block = chars[base : base + 256]
        if block.lower() != block:
            for offset, char in enumerate(block):
                lower = char.lower()
                if lower != char:
                    table[base + offset] = lower[0]  # 1:1; only U+0130 lowers to 2 code points
    for space in re.finditer(r"\s", chars):
        if space.group() != " " and unicodedata.category(space.group()) == "Zs":
            table[space.start()] = " "
    for digit in range(10):
        table[0x0660 + digit] = str(digit)
        table[0x06F0 + digit] = str(digit)
    for char, replacement in _LETTERS.items():
        table[ord(char)] = replacement
    for char in REMOVED:
        table[ord(char)] = None
    return table


def _char_class(chars: set[str] | frozenset[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


class _Tables(NamedTuple):
    table: dict[int, str | None]
    exotic_re: re.Pattern[str]  # a character only str.translate handles
    cased: frozenset[str]  # the characters str.lower() changes as the table does
    folded: dict[str, str]  # Arabic-Indic digit or space separator (not " ") -> ASCII
    special_re: re.Pattern[str]  # a character of cased or folded, or an exotic one


_TABLES: _Tables | None = None
_KEPT_RUN_RE = re.compile(f"[^{_char_class(REMOVED)}]+")
# a text cut into its runs of kept and of removed characters, alternately (re.findall)
_RUNS_RE = re.compile(f"[^{_char_class(REMOVED)}]+|[{_char_class(REMOVED)}]+")
_DIGITS = {chr(0x0660 + d): str(d) for d in range(10)} | {
    chr(0x06F0 + d): str(d) for d in range(10)
}


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        table = _build_table()
        bmp = {chr(cp): value for cp, value in table.items() if cp < 0x10000}
        # str.lower() agrees with the table on every cased letter but these two (İ -> i̇, and
        # Σ, which lower() turns into ς at the end of a word).
        cased = {c for c, value in bmp.items() if value and c.lower() == value} - {"İ", "Σ"}
        spaces = {c for c, value in bmp.items() if value == " "}
        exotic = bmp.keys() - REMOVED - _COMMON.keys() - cased - spaces - _DIGITS.keys()
        _TABLES = _Tables(
            table,
            re.compile(f"[{_char_class(exotic)}\\U00010000-\\U0010FFFF]"),
            frozenset(cased),
            {**_DIGITS, **dict.fromkeys(spaces, " ")},
            re.compile(
                f"[{_char_class(cased | spaces | _DIGITS.keys() | exotic)}\\U00010000-\\U0010FFFF]"
            ),
        )
    return _TABLES


def normalize_table() -> dict[int, str | None]:
    """The ``str.translate`` table defining the normalization (built once, on first use)."""
    return _tables().table


def __getattr__(name: str) -> object:
    if name == "NORMALIZE_TABLE":
        return _tables().table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


CACHED_LENGTHS = range(512, 200_001)
"""Lengths of the texts whose normalization (and map) is remembered: short ones cost little
and are many (words, terms); very long ones would keep large maps alive."""
_CACHE_SIZE = 4  # texts remembered; the cache starts again empty when it is full


class _Normalized:
    """A remembered text's normalization, its runs of kept and removed characters (`_RUNS_RE`:
    where the removed ones were, for `removed_runs`), and its map once asked for."""

    __slots__ = ("normalized", "runs", "offsets")

    def __init__(self, normalized: str, runs: list[str]) -> None:
        self.normalized = normalized
        self.runs = runs
        self.offsets: list[int] | None = None


_CACHE: dict[str, _Normalized] = {}


def _remembered(text: str) -> _Normalized:
    """The cache entry of ``text`` (a length in `CACHED_LENGTHS`), made when missing."""
    entry = _CACHE.get(text)
    if entry is None:
        runs = _RUNS_RE.findall(text)
        entry = _Normalized(_normalize(text, runs), runs)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[text] = entry
    return entry


def normalize(text: str) -> str:
    """``text`` normalized for search (see the module docstring); same as translate().

    Mostly C-level passes (re.findall, str.replace, str.lower): about 50-100 M code points/s
    on Arabic news, several times ``str.translate``, which it falls back to for rare characters.
    One pass finds which letters to lower, digits and spaces to fold the text holds; each of
    those is then one C-level pass (str.lower, a str.replace per character held).
    A text of a length in `CACHED_LENGTHS` normalized lately is not normalized again.
    """
    if len(text) in CACHED_LENGTHS:
        return _remembered(text).normalized
    return _normalize(text)


def _normalize(text: str, runs: list[str] | None = None) -> str:
    """``normalize(text)``; ``runs``: the text's `_RUNS_RE` runs, when the caller has them."""
    tables = _TABLES or _tables()
    if runs is None:  # without REMOVED: faster than a re.sub
        text = "".join(_KEPT_RUN_RE.findall(text))
    else:
        text = "".join(runs[_removed_first(runs) :: 2])
    for old, new in _COMMON.items():
        text = text.replace(old, new)
    special = set(tables.special_re.findall(text))  # which of them the text holds: one pass
    if not special:
        return text
    if tables.exotic_re.search("".join(special)) is not None:
        # what was done so far is the table's too, and leaves what the table does not change
        return text.translate(tables.table)
    if not special.isdisjoint(tables.cased):
        text = text.lower()
    for char in special.difference(tables.cased):  # digits and space separators
        text = text.replace(char, tables.folded[char])
    return text


def _removed_first(runs: list[str]) -> int:
    """1 when the first of a text's `_RUNS_RE` runs is one of removed characters, else 0."""
    return 1 if runs and runs[0][0] in REMOVED else 0


def removed_runs(text: str) -> tuple[list[int], list[int]]:
    """Where ``normalize`` removes characters from ``text``: for each run of them, in order,
    its offset in the normalized text (``starts``), and how many code points were removed up
    to the end of it (``removed``, running totals). Read from the text's normalization when it
    is remembered (the removed runs were found then), else found."""
    runs = _remembered(text).runs if len(text) in CACHED_LENGTHS else _RUNS_RE.findall(text)
    lengths = list(map(len, runs))
    if _removed_first(runs):
        lengths.insert(0, 0)  # no kept character before the first removed one
    removed = lengths[1::2]
    return list(accumulate(lengths[: 2 * len(removed) : 2])), list(accumulate(removed))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` and, for each of its code points, its offset in ``text``.

    Use ``original_span`` to turn a span of the normalized text into a span of ``text``. The
    offsets of a text of a length in `CACHED_LENGTHS` are remembered with its normalization
    and shared by later calls on it: never change them.
    """
    if len(text) not in CACHED_LENGTHS:
        normalized = _normalize(text)
        return normalized, _offsets(text, normalized)
    entry = _remembered(text)
    if entry.offsets is None:
        entry.offsets = _offsets(text, entry.normalized)
    return entry.normalized, entry.offsets


def _offsets(text: str, normalized: str) -> list[int]:
    """The offset in ``text`` of each code point of ``normalized``, its normalization."""
    if len(normalized) == len(text):
        return list(range(len(text)))
    offsets: list[int] = []
    for run in _KEPT_RUN_RE.finditer(text):
        offsets.extend(range(run.start(), run.end()))
    return offsets


def original_span(text: str, offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` behind ``[start, end)`` of its normalized form (``start < end``).

    It runs from the first matched code point to the last one, so it covers whatever was removed
    inside; it also covers the combining marks (tashkeel) right after the last matched letter,
    which belong to that letter, but not a following tatweel or format control, nor anything
    removed before the first matched letter.
    """
    original_start = offsets[start]
    original_end = offsets[end - 1] + 1
    length = len(text)
    while original_end < length and text[original_end] in _TRAILING_MARKS:
        original_end += 1
    return original_start, original_end


def _query_pattern(query: str) -> re.Pattern[str] | None:
    pieces = normalize(query).split()
    if not pieces:
        return None
    return re.compile(r"\s+".join(map(re.escape, pieces)))


def find(text: str, query: str, whole_word: bool = False) -> list[tuple[int, int]]:
    """Original-text spans of the non-overlapping matches of ``query`` in ``text``.

    Both are normalized, so «اذربيجان» finds «أذربيجان» and «حصاراً» finds «حصارًا»; any run of
    whitespace in the query matches any run of whitespace in the text. By default a match may
    lie inside a word (so «وأذربيجان» and «الأذربيجانية» are found too); with ``whole_word``
    it must start at a token's start and end at a token's end (``tokenize``), removed
    characters (tatweel, tashkeel, bidi controls) at the token's edges being ignored.
    """
    pattern = _query_pattern(query)
    if pattern is None:
        return []
    normalized, offsets = normalize_with_map(text)
    hits = [original_span(text, offsets, *m.span()) for m in pattern.finditer(normalized)]
    if whole_word and hits:
        from annotator.text.tokens import token_spans

        spans = token_spans(text)
        starts = {start for start, _ in spans}
        ends = {end for _, end in spans}
        hits = [
            (start, end)
            for start, end in hits
            if _at_boundary(text, start, starts, -1) and _at_boundary(text, end, ends, 1)
        ]
    return hits


def _at_boundary(text: str, pos: int, boundaries: set[int], step: int) -> bool:
    """Whether ``pos`` is in ``boundaries``, possibly after skipping removed characters.

    ``step`` -1 looks back (starts), +1 looks forward (ends).
    """
    while True:
        if pos in boundaries:
            return True
        char_pos = pos - 1 if step < 0 else pos
        if not 0 <= char_pos < len(text) or text[char_pos] not in REMOVED:
            return False
        pos += step
