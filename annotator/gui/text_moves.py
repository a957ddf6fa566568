"""Where the article's text cursor goes on a key: one token, word, character or clitic on.

The stops are code point positions. A move (no Shift) lands on the start of a token (or, by
clitic, also right after a proclitic), so that Shift+← then selects that token; an extension
(Shift) forward lands on ends, backward on starts, so that each press adds one whole unit:

* ``token``: the tokens the labels snap to (the document's own, else the tokenizer's);
* ``word``: the same, passing over tokens without a letter or digit (punctuation), so that N
  presses add N words;
* ``char``: one code point;
* ``clitic``: the token boundaries and, inside a token, the end of each proclitic it starts
  with (`annotator.text.terms.proclitics_of`, the rule term matching uses), so a selection can
  start after و ب ل … («وأذربيجان»: after «و»).

`direction` +1 goes towards the text's end (reading order), -1 towards its beginning; the
article is right to left, so ← is +1 and → is -1.
"""

from __future__ import annotations

from annotator.gui.barred_text import _word_window, token_bounds
from annotator.model import Tokenization
from annotator.text.normalize import normalize_with_map, original_span
from annotator.text.terms import proclitics_of

UNITS = ("token", "word", "char", "clitic")


def next_stop(
    text: str,
    position: int,
    direction: int,
    unit: str,
    *,
    extend: bool = False,
    own: Tokenization | None = None,
) -> int:
    """The cursor's next position from `position` (code points); `position` itself when there
    is nowhere to go."""
    if unit == "char":
        return max(0, min(len(text), position + direction))
    lo, hi = _word_window(text, max(0, position - 1), min(len(text), position + 1))
    while True:
        stops = _stops(text, lo, hi, unit, extend, direction, own)
        if direction > 0:
            after = [stop for stop in stops if stop > position]
            if after:
                return min(after)
            if hi >= len(text):
                return position if extend else len(text)
            lo, hi = _word_window(text, hi, min(len(text), hi + 1))
            lo = max(lo, position)
        else:
            before = [stop for stop in stops if stop < position]
            if before:
                return max(before)
            if lo <= 0:
                return position if extend else 0
            lo, hi = _word_window(text, max(0, lo - 1), lo)
            hi = min(hi, position)


def _stops(
    text: str,
    lo: int,
    hi: int,
    unit: str,
    extend: bool,
    direction: int,
    own: Tokenization | None,
) -> list[int]:
    """The stops of `unit` among the tokens of text[lo:hi]."""
    bounds = token_bounds(text, lo, hi, own)
    if unit == "word":
        bounds = [(s, e) for s, e in bounds if any(ch.isalnum() for ch in text[s:e])]
    ends = extend and direction > 0
    stops = [e if ends else s for s, e in bounds]
    if unit == "clitic":
        for start, end in bounds:
            stops.extend(start + offset for offset in clitic_ends(text[start:end]))
    return stops


def clitic_ends(token: str) -> list[int]:
    """Offsets in `token` (code points) right after each proclitic it starts with (tashkeel
    after a clitic letter stays with it)."""
    normalized, offsets = normalize_with_map(token)
    found = []
    for clitic in proclitics_of(normalized):
        _, end = original_span(token, offsets, 0, len(clitic))
        while end < len(token) and not normalize_with_map(token[end])[0]:
            end += 1  # a removed mark (a haraka on the clitic) belongs to the clitic
        found.append(end)
    return found
