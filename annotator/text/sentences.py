"""Sentence splitting for Arabic (and mixed) news text, in code-point offsets.

Rules, in order:

1. Every line break (``\\n``, ``\\r``, U+2028, U+2029, ... as ``str.splitlines``) ends a sentence.
2. A sentence ends after a terminator ``. ! ? ؟ ۔ …`` (a run such as ``?!`` or ``...`` counts as
   one), together with the closing quotes and brackets ``» ” " ) ]`` right after it.
3. Not a sentence end:
   * a ``.`` between two digits (``3.5``; ``٣٫٥`` uses U+066B, never a terminator);
   * a ``.`` after a one-letter word, i.e. an initial or abbreviation such as «د.», «م.», «A.»;
   * a ``.``/``…`` followed directly by anything but whitespace, a closer, another terminator or
     an Arabic letter (``example.com``, ``J.R.R``, ``.5``); a terminator glued to an Arabic
     letter (``النهاية.وقال``) still ends the sentence;
   * any terminator inside a quotation ``«...»``, ``“...”`` or ``"..."`` that continues after it
     (``«قال. ثم غادر»``). A terminator that is the last thing before the closing quote ends the
     sentence after that quote. Quotes are paired within a line; an unpaired quote mark is
     ignored, so a stray ``«`` does not glue the rest of the paragraph together.

Speed: lines by ``str.splitlines``; terminators and quote marks by ``str.find``, one character
at a time (`_positions`): a regex character class is matched code point by code point in Arabic
text, about twice as slow.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

__all__ = ["split_sentences"]

_TERMINATORS = ".!?\u061f\u06d4\u2026"  # . ! ? ؟ ۔ …
_CLOSERS = '\u00bb\u201d")]'  # » ” " ) ]
_OPENERS = {"\u00ab": "\u00bb", "\u201c": "\u201d"}  # « -> », “ -> ”
_QUOTE_MARKS = '\u00ab\u00bb\u201c\u201d"'  # « » “ ” "
_WORD_CHAR_CATEGORIES = ("L", "M", "N")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``: whitespace-trimmed, sorted, covering every
    non-whitespace character exactly once."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.splitlines(keepends=True):  # (a line break is whitespace: left out)
        _split_line(text, line_start, line_start + len(line), spans)
        line_start += len(line)
    return spans


def _positions(text: str, chars: str, start: int, end: int) -> list[int]:
    """Where the `chars` are in ``text[start:end]``, sorted (``str.find`` per character: a
    regex character class is matched code point by code point, about twice as slow)."""
    found: list[int] = []
    for char in chars:
        at = text.find(char, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1, end)
    found.sort()
    return found


def _runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The runs of terminators in ``text[start:end]``, as ``(start, end)``."""
    runs: list[tuple[int, int]] = []
    for at in _positions(text, _TERMINATORS, start, end):
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs


def _split_line(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    quotes = _quotations(text, start, end)
    quote_starts = [open_pos for open_pos, _ in quotes]
    openers = set(quote_starts)
    sentence_start = start
    for pos, run_end in _runs(text, start, end):
        if pos < sentence_start:
            continue
        q = bisect_right(quote_starts, pos) - 1 if quotes else -1
        if q >= 0 and pos < quotes[q][1]:  # inside a quotation
            close_pos = quotes[q][1]
            if text[run_end:close_pos].strip(_TERMINATORS + _CLOSERS + " \t"):
                continue  # the quotation goes on after the terminator
            boundary = _after_closers(text, close_pos + 1, end, openers)
        else:
            if not _ends_sentence(text, pos, run_end, end):
                continue
            boundary = _after_closers(text, run_end, end, openers)
        _add(text, sentence_start, boundary, spans)
        sentence_start = boundary
    _add(text, sentence_start, end, spans)


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost paired quotations of the line ``text[start:end]``, as ``(open_pos,
    close_pos)``, sorted."""
    closers: list[str] = []  # the open quotations, innermost last: the closer expected
    opened: list[int] = []  # and where each opens
    pairs: list[tuple[int, int]] = []
    for pos in _positions(text, _QUOTE_MARKS, start, end):
        char = text[pos]
        if char in _OPENERS:
            closers.append(_OPENERS[char])
            opened.append(pos)
        elif char == '"' and '"' not in closers:
            closers.append('"')
            opened.append(pos)
        elif char in closers:  # closes the innermost quotation it can, and those inside it
            depth = len(closers) - 1 - closers[::-1].index(char)
            pairs.append((opened[depth], pos))
            del closers[depth:], opened[depth:]
    pairs.sort()
    outermost: list[tuple[int, int]] = []
    for open_pos, close_pos in pairs:
        if outermost and open_pos < outermost[-1][1]:
            continue  # nested inside the previous pair
        outermost.append((open_pos, close_pos))
    return outermost


def _ends_sentence(text: str, pos: int, run_end: int, line_end: int) -> bool:
    """Whether the terminator run ``text[pos:run_end]`` (outside quotations) ends a sentence."""
    if text[pos:run_end].strip(".\u2026"):
        return True  # ! ? ؟ ۔ end a sentence whatever follows
    following = text[run_end] if run_end < line_end else " "
    if following.isspace() or following in _CLOSERS:
        if run_end - pos == 1 and text[pos] == "." and _after_initial(text, pos):
            return False
        return True
    return _is_arabic_letter(following)


def _after_initial(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` follows a one-letter word (diacritics allowed): «د.», «A.»."""
    i = pos - 1
    if i > 0 and text[i].isalpha() and text[i - 1].isalpha():
        return False  # the end of a longer word (the usual case, told without unicodedata)
    while i >= 0 and unicodedata.category(text[i])[0] == "M":
        i -= 1
    if i < 0 or not text[i].isalpha():
        return False
    before = text[i - 1] if i > 0 else " "
    return unicodedata.category(before)[0] not in _WORD_CHAR_CATEGORIES


def _is_arabic_letter(char: str) -> bool:
    return char.isalpha() and "\u0600" <= char <= "\u06ff"


def _after_closers(text: str, pos: int, line_end: int, openers: set[int]) -> int:
    """``pos`` moved past closing quotes, brackets and terminators that hug the sentence end."""
    while pos < line_end and (text[pos] in _TERMINATORS or text[pos] in _CLOSERS):
        if pos in openers:
            break
        pos += 1
    return pos


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
