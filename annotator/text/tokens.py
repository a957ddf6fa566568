"""Word tokens with exact code-point offsets: camel-tools' ``simple_word_tokenize``, numbers whole.

``tokenize(text)`` returns the tokens ``simple_word_tokenize(text)`` returns, in order, except
that the pieces of a number are joined (below), each with its ``start``/``end`` code-point
offsets (end-exclusive) so that ``text[t.start:t.end] == t.text``. Tokens are sorted, never
overlap, and only whitespace (``str.isspace``, what ``str.split()`` splits on) lies between or
around them.

The rules (those of camel-tools 1.6, reproduced exactly, then numbers):

* text is split on whitespace (``str.split()``);
* inside each whitespace-delimited word, every punctuation or symbol character (Unicode general
  category P* or S*, e.g. ``، ؛ ؟ « » “ ” . ,``) is its own token, and so is every emoji,
  including multi-code-point sequences (ZWJ families, flags, keycaps, skin tones, tag sequences)
  listed by the ``emoji`` package;
* everything else (letters, marks, digits, and *also* format controls such as U+200F RLM,
  U+200C ZWNJ, U+200D ZWJ outside emoji, U+2066..U+2069 isolates, U+FEFF, unassigned code
  points) is glued into the run of non-symbol characters it belongs to. A run made only of such
  invisible characters (for instance an RLM standing between a space and a comma) is a token of
  its own. No character is ever dropped;
* numbers: a separator in ``NUMBER_SEPARATORS`` (``.`` ``,`` ``٫`` U+066B ``٬`` U+066C) standing
  directly between two digits of ``DIGITS`` (ASCII, Arabic-Indic U+0660..U+0669, Eastern
  Arabic-Indic U+06F0..U+06F9), where camel-tools makes it a token of its own between two runs of
  non-symbol characters, is glued to them instead: ``3.99``, ``58,883``, ``٣٫٥``, ``١٬٢٠٠``,
  ``1.2.3`` and ``و٣٬٠٠٠`` are one token each (a letter glued to a digit stays glued, as
  camel-tools does). ``.5``, ``5.``, ``3.,5``, ``3/5`` stay split, and so does ``2،3``: between
  digits the Arabic comma ``،`` is a list separator (``المواد 3،4،5``), not part of a number. A
  digit that is part of an emoji (keycap ``5️⃣``) joins nothing.

``join_number_pieces`` is that last rule applied to camel-tools' output (the tests and the
benchmark compare ``tokenize`` with it).

Implementation: one compiled ``re`` pattern (``finditer``) whose character classes are built once,
lazily, from the ``regex`` module's Unicode properties (the ones camel-tools' pattern uses), the
``unicodedata`` categories and ``emoji.EMOJI_DATA`` (the ones camel-tools' membership test uses).
Words holding a character outside the BMP, or an emoji-capable character followed by U+FE0F/
U+200D, are handled by a port of camel-tools' per-word loop (emoji sequences need it). Nothing
from camel-tools is imported.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

__all__ = [
    "DIGITS",
    "NUMBER_SEPARATORS",
    "Token",
    "tokenize",
    "token_spans",
    "token_range",
    "snap",
    "trim_whitespace",
    "warm_up",
    "camel_tokens_joined",
]

DIGITS = frozenset(
    "0123456789" + "".join(map(chr, [*range(0x0660, 0x066A), *range(0x06F0, 0x06FA)]))
)
"""Digits a number is made of: ASCII, Arabic-Indic and Eastern Arabic-Indic."""
NUMBER_SEPARATORS = frozenset(".,\u066b\u066c")
"""Characters that join two digits into one number token: ``. , ٫ ٬`` (not ``،``)."""

SnapMode = Literal["strict", "contract", "expand"]


class Token(NamedTuple):
    """A token: code-point offsets into the text (end-exclusive) and its text."""

    start: int
    end: int
    text: str


# camel_tools.tokenizers.word._SYMBOLS_RE (camel-tools 1.6.0, MIT licence, NYU Abu Dhabi): emoji
# sequences after UTS #51, keycaps, then single symbols and punctuation.
_CAMEL_SYMBOLS_PATTERN = (
    r"(?:(?:\p{RI}\p{RI}|\p{Emoji}(?:\p{EMod}|\uFE0F\u20E3?|[\U000E0020-\U000E007E]+\U000E007F)?"
    r"(?:\u200D(?:\p{RI}\p{RI}|\p{Emoji}(?:\p{EMod}|\uFE0F\u20E3?|[\U000E0020-\U000E007E]+"
    r"\U000E007F)?))*)|(?:[0-9*#]\u20e3)|\p{S}|\p{P})"
)


class _Tables(NamedTuple):
    token_re: re.Pattern[str]  # one token, for BMP text without emoji sequences
    hard_re: re.Pattern[str]  # a character that needs camel-tools' per-word loop
    hard_word_re: re.Pattern[str]  # a whitespace-delimited word holding such a character
    plain_re: re.Pattern[str]  # a run of characters at which camel-tools' pattern cannot match
    symbols_re: object  # regex.Pattern: camel-tools' _SYMBOLS_RE
    # camel-tools' _SYMBOLS_ALL, except astral P*/S* characters (tested with unicodedata)
    symbols: frozenset[str]


_TABLES: _Tables | None = None
_LOCK = threading.Lock()
_WHITESPACE_RE = re.compile(r"\s")


def _char_class(code_points: Sequence[int]) -> str:
    """The body of a ``re`` character class matching exactly ``code_points`` (sorted)."""
    parts: list[str] = []
    i = 0
    n = len(code_points)
    while i < n:
        j = i
        while j + 1 < n and code_points[j + 1] == code_points[j] + 1:
            j += 1
        first, last = re.escape(chr(code_points[i])), re.escape(chr(code_points[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


def _build_tables() -> _Tables:
    import regex
    from emoji import EMOJI_DATA

    bmp = "".join(map(chr, range(0x10000)))
    # BMP characters at which camel-tools' symbol pattern can match at all.
    candidates = [
        cp
        for m in regex.finditer(r"[\p{Emoji}\p{RI}\p{P}\p{S}]+", bmp)
        for cp in range(m.start(), m.end())
    ]
    # Those whose single-character match is kept as a token.
    single = [
        cp for cp in candidates if unicodedata.category(chr(cp))[0] in "PS" or chr(cp) in EMOJI_DATA
    ]
    # BMP characters that can start a multi-character emoji match when followed by FE0F or ZWJ.
    emoji_bmp = [cp for m in regex.finditer(r"\p{Emoji}+", bmp) for cp in range(*m.span())]
    symbols = _char_class(single)
    digits = _char_class(sorted(map(ord, DIGITS)))
    separators = _char_class(sorted(map(ord, NUMBER_SEPARATORS)))
    word = f"[^\\s{symbols}]+"
    # A word, then separators between digits with the word going on (the separator is tested
    # first: after most words the next character is no separator, which fails fastest).
    number = f"[{separators}](?<=[{digits}][{separators}])(?=[{digits}]){word}"
    token_re = re.compile(f"[{symbols}]|{word}(?:{number})*")
    hard = f"[\\U00010000-\\U0010FFFF]|[{_char_class(emoji_bmp)}][\\uFE0F\\u200D]"
    hard_re = re.compile(hard)
    hard_word_re = re.compile(f"(?<!\\S)\\S*?(?:{hard})\\S*")
    plain_re = re.compile(f"[^\\s{_char_class(candidates)}\\U00010000-\\U0010FFFF]+")
    return _Tables(
        token_re,
        hard_re,
        hard_word_re,
        plain_re,
        regex.compile(_CAMEL_SYMBOLS_PATTERN),
        frozenset(EMOJI_DATA).union(map(chr, single)),
    )


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = _build_tables()
    return _TABLES


def warm_up() -> None:
    """Build the tokenizer tables now (~0.1 s, imports regex and emoji), not on first use."""
    _tables()


def _word_spans_slow(text: str, start: int, end: int, tables: _Tables) -> list[tuple[int, int]]:
    """camel-tools' per-word loop on ``text[start:end]`` (one whitespace-free word), a
    separator between two digits of non-symbol pieces kept inside the piece."""
    spans: list[tuple[int, int]] = []
    match_symbol = tables.symbols_re.match  # type: ignore[attr-defined]
    match_plain = tables.plain_re.match
    symbols = tables.symbols
    category = unicodedata.category

    def symbol_at(i: int) -> int | None:
        """The end of camel-tools' symbol token starting at ``i``; None if there is none."""
        m = match_symbol(text, i, end)
        if m is not None:
            found = m.group()
            if found in symbols or (
                len(found) == 1 and found > "\uffff" and category(found)[0] in "PS"
            ):
                return m.end()
        return None

    i = piece_start = start
    while i < end:
        if text[i] <= "\uffff":
            plain = match_plain(text, i, end)
            if plain is not None:
                i = plain.end()
                continue
        symbol_end = symbol_at(i)
        if symbol_end is not None:
            if i != piece_start:
                spans.append((piece_start, i))
            spans.append((i, symbol_end))
            i = piece_start = symbol_end
            continue
        i += 1
    if piece_start < end:
        spans.append((piece_start, end))
    return _numbers_joined(text, spans, _is_word)


def _is_word(piece: str) -> bool:
    """Whether camel-tools keeps ``piece`` glued to letters on both sides (``x{piece}x`` is
    one token): a word piece, not a symbol."""
    return len(token_spans(f"x{piece}x")) == 1


def _numbers_joined(
    text: str, spans: list[tuple[int, int]], is_word: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """``spans`` (camel-tools' pieces of ``text``, in order) with each separator of
    ``NUMBER_SEPARATORS`` between two digits joined to the pieces on both sides when both are
    word pieces (``is_word``: ``x{piece}x`` is one token). The one joining rule: the per-word
    loop applies it with our tokenizer, `camel_tokens_joined` with camel-tools'."""
    joined: list[tuple[int, int, bool]] = []  # start, end, a joined number
    index = 0
    while index < len(spans):
        start, end = spans[index]
        if (
            joined
            and index + 1 < len(spans)
            and end - start == 1
            and text[start] in NUMBER_SEPARATORS
            and joined[-1][1] == start
            and spans[index + 1][0] == end
            and text[start - 1] in DIGITS
            and text[end] in DIGITS
            and (joined[-1][2] or is_word(text[joined[-1][0] : start]))
            and is_word(text[end : spans[index + 1][1]])
        ):
            joined[-1] = (joined[-1][0], spans[index + 1][1], True)
            index += 2
            continue
        joined.append((start, end, False))
        index += 1
    return [(start, end) for start, end, _ in joined]


def _spans_mixed(text: str, tables: _Tables) -> list[tuple[int, int]]:
    """Spans of a text holding at least one word that needs the per-word loop."""
    finditer = tables.token_re.finditer
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in tables.hard_word_re.finditer(text):
        word_start, word_end = word.span()
        spans.extend([m.span() for m in finditer(text, pos, word_start)])
        spans.extend(_word_spans_slow(text, word_start, word_end, tables))
        pos = word_end
    spans.extend([m.span() for m in finditer(text, pos)])
    return spans


def token_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of ``tokenize(text)``, without building ``Token`` objects."""
    tables = _tables()
    hard = tables.hard_re.search(text)
    if hard is None:
        return [m.span() for m in tables.token_re.finditer(text)]
    return _spans_mixed(text, tables)


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text``, with offsets: those of camel-tools' ``simple_word_tokenize``, the
    pieces of a number joined (see the module docstring)."""
    tables = _tables()
    hard = tables.hard_re.search(text)
    new = tuple.__new__
    if hard is None:
        return [new(Token, (m.start(), m.end(), m.group())) for m in tables.token_re.finditer(text)]
    return [new(Token, (s, e, text[s:e])) for s, e in _spans_mixed(text, tables)]


def camel_tokens_joined(text: str, simple_word_tokenize: Callable[[str], list[str]]) -> list[str]:
    """What ``tokenize(text)`` gives (as strings), made from camel-tools' tokens: the definition
    the tests and the benchmark check ``tokenize`` against (slow; this module never imports
    camel-tools: pass its ``simple_word_tokenize``).

    A token of camel-tools made of one separator of ``NUMBER_SEPARATORS``, with a digit of
    ``DIGITS`` right before and right after it, is joined with the tokens on both sides when
    both are word pieces (camel-tools glues them to letters: ``x5x`` stays one token, a keycap
    ``x5️⃣x`` does not).
    """
    pieces = simple_word_tokenize(text)
    spans: list[tuple[int, int]] = []
    position = 0
    for piece in pieces:  # camel-tools drops nothing: only whitespace lies between its tokens
        start = text.index(piece, position)
        position = start + len(piece)
        spans.append((start, position))

    def word(piece: str) -> bool:
        return simple_word_tokenize(f"x{piece}x") == [f"x{piece}x"]

    return [text[start:end] for start, end in _numbers_joined(text, spans, word)]


def token_range(
    tokens: Sequence[tuple[int, int] | Token],
    start: int,
    end: int,
    mode: SnapMode = "expand",
) -> tuple[int, int] | None:
    """Indices ``(i, j)`` (end-exclusive) of the tokens a character range ``[start, end)`` selects.

    ``tokens`` are sorted, non-overlapping ``(start, end, ...)`` tuples (``Token`` or spans).
    Modes, as spaCy's ``Doc.char_span(alignment_mode=...)``:

    * ``"strict"``: ``start`` must be a token's start and ``end`` a token's end;
    * ``"contract"``: the tokens lying entirely inside the range;
    * ``"expand"``: every token the range overlaps, even partly.

    Returns None when no token qualifies (or ``start >= end``).
    """
    if start >= end:
        return None
    if mode == "expand":
        i = bisect_right(tokens, start, key=_end)  # first token ending after start
        j = bisect_left(tokens, end, key=_start)  # tokens starting before end
    elif mode == "contract":
        i = bisect_left(tokens, start, key=_start)  # first token starting at or after start
        j = bisect_right(tokens, end, key=_end)  # tokens ending at or before end
    elif mode == "strict":
        i = bisect_left(tokens, start, key=_start)
        j = bisect_right(tokens, end, key=_end)
        if i >= len(tokens) or tokens[i][0] != start or j == 0 or tokens[j - 1][1] != end:
            return None
    else:
        raise ValueError(f"unknown snap mode {mode!r}: use 'strict', 'contract' or 'expand'")
    return (i, j) if i < j else None


def snap(
    tokens: Sequence[tuple[int, int] | Token],
    start: int,
    end: int,
    mode: SnapMode = "expand",
) -> tuple[int, int] | None:
    """Character range ``[start, end)`` snapped to token boundaries; see ``token_range``."""
    found = token_range(tokens, start, end, mode)
    if found is None:
        return None
    i, j = found
    return tokens[i][0], tokens[j - 1][1]


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading and trailing whitespace (empty ranges stay at ``start``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _start(token: tuple[int, int] | Token) -> int:
    return token[0]


def _end(token: tuple[int, int] | Token) -> int:
    return token[1]
