"""Layout of span layers in the article view: which row each span's bar takes (no Qt).

Every displayed span gets an underline bar in a row under the text; overlapping spans never share
a row, so nested and crossing spans all stay visible. Bars are ordered by nesting: a span that
contains another always has a higher row (further from the text) than it, so outer spans get outer
bars. A span that contains no other displayed span ("leaf") is also painted as a translucent
background. Rows are assigned greedily, shorter spans first; adding a span moves rows only within
the group of spans overlapping it, and only when that is needed to keep the nesting order, so one
edit repaints only the region of the spans it touches.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(eq=False)
class SpanItem:
    """A displayed span. Offsets are code points (end-exclusive)."""

    uuid: str
    start: int
    end: int
    label: str
    own: bool = True  # the current annotator's (editable), else another annotator's
    row: int = 0
    leaf: bool = True

    @property
    def length(self) -> int:
        return self.end - self.start


class _Row:
    """Disjoint intervals of one row, sorted by start."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def is_free(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # intervals starting before `end`
        return i == 0 or self.ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def remove(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] == start:
            if self.ends[i] == end:
                del self.starts[i], self.ends[i]
                return
            i += 1


class SpanLayers:
    """The displayed spans with their rows and leaf flags; fast position and range queries."""

    def __init__(self) -> None:
        self._items: dict[str, SpanItem] = {}
        self._rows: list[_Row] = []
        self._by_start: list[tuple[int, str]] = []
        self._max_length = 0

    # ---------------------------------------------------------------- building

    def reset(self, items: Iterable[SpanItem]) -> None:
        self._items = {item.uuid: item for item in items}
        self._rows = []
        self._by_start = sorted((item.start, item.uuid) for item in self._items.values())
        self._max_length = max((item.length for item in self._items.values()), default=0)
        for item in sorted(self._items.values(), key=lambda i: (i.length, i.start)):
            self._place(item)
        self._compute_leaves()

    def add(self, item: SpanItem) -> set[str]:
        """Add a span; returns the uuids whose look changed (it, enclosing spans and spans
        whose bar moved to keep the nesting order)."""
        self._items[item.uuid] = item
        insort(self._by_start, (item.start, item.uuid))
        self._max_length = max(self._max_length, item.length)
        self._place(item)
        item.leaf = not self._contains_other(item)
        changed = {item.uuid}
        if self._out_of_order(item):
            changed |= self._replace_group(item)
        for other in self.enclosing(item):
            if other.leaf:
                other.leaf = False
                changed.add(other.uuid)
        return changed

    def remove(self, uuid: str) -> tuple[SpanItem | None, set[str]]:
        """Remove a span; returns it and the uuids of spans whose look changed."""
        item = self._items.pop(uuid, None)
        if item is None:
            return None, set()
        i = bisect_left(self._by_start, (item.start, item.uuid))
        if i < len(self._by_start) and self._by_start[i] == (item.start, item.uuid):
            del self._by_start[i]
        self._rows[item.row].remove(item.start, item.end)
        changed = set()
        for other in self.enclosing(item):
            if not other.leaf and not self._contains_other(other):
                other.leaf = True
                changed.add(other.uuid)
        return item, changed

    def _place(self, item: SpanItem) -> None:
        for row_index, row in enumerate(self._rows):
            if row.is_free(item.start, item.end):
                item.row = row_index
                row.add(item.start, item.end)
                return
        row = _Row()
        row.add(item.start, item.end)
        self._rows.append(row)
        item.row = len(self._rows) - 1

    def _out_of_order(self, item: SpanItem) -> bool:
        """Whether `item`'s row breaks the nesting order with a span around or inside it."""
        for other in self.overlapping(item.start, item.end):
            if other is item or (other.start, other.end) == (item.start, item.end):
                continue
            inside = item.start <= other.start and other.end <= item.end
            around = other.start <= item.start and item.end <= other.end
            if (inside and other.row >= item.row) or (around and other.row <= item.row):
                return True
        return False

    def _replace_group(self, item: SpanItem) -> set[str]:
        """Place again, shorter first, the spans linked to `item` by overlaps (no other span
        shares a character with them, so no other row moves); returns those that moved."""
        group = {item.uuid: item}
        todo = [item]
        while todo:
            current = todo.pop()
            for other in self.overlapping(current.start, current.end):
                if other.uuid not in group:
                    group[other.uuid] = other
                    todo.append(other)
        before = {uuid: member.row for uuid, member in group.items()}
        for member in group.values():
            self._rows[member.row].remove(member.start, member.end)
        for member in sorted(group.values(), key=lambda i: (i.length, i.start, i.uuid)):
            self._place(member)
        return {uuid for uuid, member in group.items() if member.row != before[uuid]}

    def _compute_leaves(self) -> None:
        ordered = sorted(self._items.values(), key=lambda i: (i.start, -i.end))
        for index, item in enumerate(ordered):
            item.leaf = True
            for other in ordered[index + 1 :]:
                if other.start >= item.end:
                    break
                if other.end <= item.end and (other.start, other.end) != (item.start, item.end):
                    item.leaf = False
                    break

    def _contains_other(self, item: SpanItem) -> bool:
        return any(
            other is not item
            and item.start <= other.start
            and other.end <= item.end
            and (other.start, other.end) != (item.start, item.end)
            for other in self.overlapping(item.start, item.end)
        )

    # ---------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, uuid: str) -> bool:
        return uuid in self._items

    def get(self, uuid: str) -> SpanItem | None:
        return self._items.get(uuid)

    def items(self) -> list[SpanItem]:
        return list(self._items.values())

    @property
    def row_count(self) -> int:
        """Rows in use (highest row + 1), at least 0."""
        while self._rows and not self._rows[-1].starts:
            self._rows.pop()
        return len(self._rows)

    def overlapping(self, start: int, end: int) -> list[SpanItem]:
        """Spans sharing at least one character with [start, end), in start order."""
        lo = bisect_left(self._by_start, (start - self._max_length, ""))
        hi = bisect_left(self._by_start, (end, ""))
        found = []
        for _, uuid in self._by_start[lo:hi]:
            item = self._items[uuid]
            if item.end > start:
                found.append(item)
        return found

    def at(self, position: int) -> list[SpanItem]:
        """Spans holding the character at `position`, innermost (shortest) first."""
        return sorted(self.overlapping(position, position + 1), key=lambda i: (i.length, i.row))

    def enclosing(self, item: SpanItem) -> list[SpanItem]:
        """Other spans that contain `item` strictly (not the same range)."""
        return [
            other
            for other in self.overlapping(item.start, item.end)
            if other is not item
            and other.start <= item.start
            and item.end <= other.end
            and (other.start, other.end) != (item.start, item.end)
        ]
