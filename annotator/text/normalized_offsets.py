"""Offsets in a text of the positions of its normalized form, from the removed runs only.

`TextOffsets(text, normalized)` reads like the map of `normalize_with_map` (offset in
``normalized`` -> offset in ``text``; also the end, ``len(normalized)``), for `original_span`.
The search normalization (`annotator.text.normalize`) only removes characters (`REMOVED`:
tashkeel, tatweel, format controls) and replaces the others one for one, so the map is told by
where the removed runs were: it is built from them (a few per article, found when the text
was normalized: `annotator.text.normalize.removed_runs`), not code point by code point, and
each look-up is a bisection. Worth it where a few spans are mapped back (the
string matcher's matches, the count phrases). `offsets_of` gives the last text's again: the
recommenders read one article after another, each mapping its own spans back.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import overload

from annotator.text.normalize import removed_runs

__all__ = ["TextOffsets", "offsets_of"]


class TextOffsets(Sequence[int]):
    """The offset in ``text`` of each offset of ``normalized``, its normalization (of its
    character, or the end), as `original_span` reads them."""

    __slots__ = ("text", "length", "starts", "removed")

    def __init__(self, text: str, normalized: str) -> None:
        self.text = text
        self.length = len(normalized)
        self.starts: list[int] = []  # where each removed run was, in normalized offsets
        # code points removed before an offset past k runs' starts (none before the first)
        self.removed: list[int] = [0]
        if len(text) != len(normalized):
            self.starts, removed = removed_runs(text)
            self.removed += removed

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, offset: int) -> int: ...
    @overload
    def __getitem__(self, offset: slice) -> Sequence[int]: ...
    def __getitem__(self, offset: int | slice) -> int | Sequence[int]:
        if isinstance(offset, slice):
            return [self[k] for k in range(*offset.indices(self.length + 1))]
        return offset + self.removed[bisect_right(self.starts, offset)]


_last: TextOffsets | None = None


def offsets_of(text: str, normalized: str) -> TextOffsets:
    """``TextOffsets(text, normalized)``, the one made last when it was for the same text (it
    is read-only: never change it)."""
    global _last
    last = _last
    if last is None or not (last.text is text or last.text == text):
        last = _last = TextOffsets(text, normalized)
    return last
