"""Code point <-> UTF-16 code unit positions of one text: the one home of that conversion.

Offsets are Python code points everywhere; UTF-16 code units are what Qt's text positions,
Java (INCEpTION's WebAnno TSV) and Label Studio before 1.6 count, so every character outside
the Basic Multilingual Plane (emoji, some symbols) takes two of them. Convert where such
offsets meet ours (a widget, a codec), with one `OffsetMap` per text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units."""
    return len(text) if text.isascii() else len(text) + len(_ASTRAL.findall(text))


class OffsetMap:
    """Positions in `text` as code points and as UTF-16 code units, both ways, in O(log n).

    Texts without astral characters (most news text) map to themselves at no cost.
    """

    __slots__ = ("_astral_cp", "_astral_end16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._astral_cp: list[int] = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        # UTF-16 position just after each astral character's surrogate pair.
        self._astral_end16 = [cp + k + 2 for k, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral_cp)

    @property
    def is_identity(self) -> bool:
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code point position `cp` (0..len(text))."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, u16: int) -> int:
        """Code point position of UTF-16 position `u16`.

        A position inside a surrogate pair (never a Qt cursor position) maps to the character's
        end.
        """
        if not self._astral_cp:
            return u16
        return u16 - bisect_right(self._astral_end16, u16)  # minus astral chars wholly before

    def to_cp_exact(self, u16: int) -> int | None:
        """Code point position of UTF-16 position `u16`; None when it lies outside the text
        (0..utf16_length) or inside a surrogate pair (offsets read from a file)."""
        if not 0 <= u16 <= self.utf16_length:
            return None
        if not self._astral_cp:
            return u16
        before = bisect_right(self._astral_end16, u16)  # astral chars wholly before
        ends = self._astral_end16
        if before < len(ends) and ends[before] == u16 + 1:
            return None  # between the two halves of the next astral character
        return u16 - before

    def range_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def range_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)

    def range_to_cp_exact(self, start: int, end: int) -> tuple[int, int] | None:
        """Code point offsets of UTF-16 offsets `start`-`end`; None when either is not a
        position of the text (`to_cp_exact`) or `end` is before `start`."""
        if end < start:
            return None
        first, last = self.to_cp_exact(start), self.to_cp_exact(end)
        if first is None or last is None:
            return None
        return first, last
