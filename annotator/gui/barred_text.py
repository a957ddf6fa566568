"""Read-only right-to-left text with bars under its spans: the base of the article view and
the review's lane view.

`BarredTextView` holds what both share: the document (plain text, never HTML, laid out right to
left with room under every line for the bars, blank paragraphs shrunk), the one place where code
points (everything outside) meet Qt's UTF-16 positions (`OffsetMap`), the laid-out lines and
where a span's characters are on them, hit testing (the character under a point), the text
selection as a span (trimmed, snapped to whole tokens), tooltips and the paint order: behind the
text, the text, above it, then the `after_paint` callback. Subclasses say how much room the bars
take (`bars_space`), what a line's block format is, and paint the bars.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPaintEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.model import Tokenization
from annotator.rules import format_count
from annotator.text.offsets import OffsetMap

TOKEN_WINDOW = 300  # characters tokenized around a position to snap to tokens


@dataclass(frozen=True)
class Segment:
    """One visual piece of a span on one line, in document coordinates."""

    left: float
    right: float
    top: float  # top of the line
    bottom: float  # bottom of the line's text (bars go below)


@dataclass(frozen=True)
class TextLine:
    """A laid-out line of text, in document coordinates; `cp_start`/`cp_end` in code points."""

    key: tuple[int, int]  # block number, line number
    top: float
    bottom: float
    left: float
    right: float
    cp_start: int
    cp_end: int
    line: Any  # QTextLine
    block_position: int
    origin_x: float


def display_text(text: str) -> str:
    """The text as inserted into Qt, one UTF-16 position per UTF-16 unit of `text`.

    Qt turns CR LF into one block break and U+FDD0/U+FDD1 into frame marks; replacing them by
    same-length stand-ins keeps positions aligned with the stored text.
    """
    if "\r\n" in text:
        text = text.replace("\r\n", " \n")
    if "\ufdd0" in text or "\ufdd1" in text:
        text = text.replace("\ufdd0", "\ufffd").replace("\ufdd1", "\ufffd")
    return text


class BarredTextView(QTextEdit):
    """Read-only, right-to-left, selectable text with room for bars under every line."""

    DOCUMENT_MARGIN = 16
    VISUAL_CURSOR = False  # arrows move the cursor on screen (left is left) rather than logically

    def __init__(
        self,
        object_name: str,
        *,
        font_family: str = "",
        font_size: int = 16,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.font_family = font_family
        self.font_size = font_size
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setObjectName(object_name)
        self.text = ""
        self.own_tokens: Tokenization | None = None
        # a word's morphemes ((start, end) in the word): a labelled selection snaps to them
        # instead of whole tokens (the article view's morpheme snapping mode); None: tokens
        self.morpheme_pieces: Callable[[str], Sequence[Sequence[int]]] | None = None
        self._map = OffsetMap("")
        self._width = -1
        self.after_paint: Callable[[], None] | None = None  # called once after the next paint
        self._drag_anchor: int | None = None  # UTF-16 position where a mouse drag started

    # ---------------------------------------------------------------- what subclasses say

    def bars_space(self) -> int:
        """Room under every line of text for its bars (pixels)."""
        raise NotImplementedError

    def _block_format(self, *, blank: bool = False) -> QTextBlockFormat:
        """The format of a line of text (room for the bars under it), or of a blank one."""
        raise NotImplementedError

    def _is_blank(self, block: QTextBlock) -> bool:
        """Whether a paragraph is laid out as a blank line."""
        return block.length() == 1

    def _layout_changed(self) -> None:
        """The text was laid out anew (text, width, font or spacing): forget cached geometry."""

    def paint_behind(self, clip: QRect) -> None:
        """Paint under the text (viewport coordinates)."""

    def paint_above(self, clip: QRect) -> None:
        """Paint over the text (viewport coordinates)."""

    def tooltip_at(self, point: QPoint) -> str:
        """Rich text of the tooltip at a viewport point; empty for none."""
        return ""

    def _shows(self, top: QRect, start: int, end: int) -> bool:
        """Whether [start, end), whose first character is at `top`, is visible enough."""
        return self.viewport().rect().contains(top)

    # ---------------------------------------------------------------- the document

    def _font(self) -> QFont:
        font = QFont(self.font_family) if self.font_family else QFont()
        font.setPointSizeF(self.font_size)
        return font

    def install_text(self, text: str, tokens: Tokenization | None = None) -> None:
        """Show `text` (code points), laid out anew; `tokens`: the document's own (from a
        tokenized corpus), which selections snap to instead of the tokenizer's."""
        self.text = text
        self.own_tokens = tokens
        self._map = OffsetMap(text)
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self._font())
        option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        if self.VISUAL_CURSOR:
            document.setDefaultCursorMoveStyle(Qt.CursorMoveStyle.VisualMoveStyle)
        document.setDocumentMargin(self.DOCUMENT_MARGIN)
        cursor = QTextCursor(document)
        cursor.setBlockFormat(self._block_format())
        cursor.insertText(display_text(text))
        self._format_blank_blocks(document)
        old = self.document()
        mine = old is not None and old.parent() is self  # else Qt deletes its own default one
        self.setDocument(document)
        if mine:
            old.deleteLater()
        self._layout_changed()

    def _format_blank_blocks(self, document: QTextDocument) -> None:
        blank = self._block_format(blank=True)
        cursor = QTextCursor(document)
        block = document.firstBlock()
        while block.isValid():
            if self._is_blank(block):
                cursor.setPosition(block.position())
                cursor.setBlockFormat(blank)
            block = block.next()

    def _relayout(self) -> None:
        """Apply new line spacing or font to every block (a full layout, so rarely)."""
        document = self.document()
        document.setDefaultFont(self._font())
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setBlockFormat(self._block_format())
        self._format_blank_blocks(document)
        self._layout_changed()
        self.viewport().update()

    def _rtl_block_format(self) -> QTextBlockFormat:
        block = QTextBlockFormat()
        block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        block.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        return block

    # ---------------------------------------------------------------- positions

    def _offset(self) -> tuple[float, float]:
        """Document-to-viewport translation (as QTextEdit computes it, RTL included)."""
        bar = self.horizontalScrollBar()
        x = bar.maximum() - bar.value() if self.isRightToLeft() else bar.value()
        return -x, -self.verticalScrollBar().value()

    def to_utf16(self, cp: int) -> int:
        return self._map.to_utf16(cp)

    def to_cp(self, u16: int) -> int:
        return self._map.to_cp(u16)

    def cursor_rect(self, cp: int) -> QRect:
        """Viewport rectangle of the text cursor at code point position `cp`."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(cp))
        return self.cursorRect(cursor)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that [start, end) (code points) is visible."""
        top = self.cursor_rect(start)
        if self._shows(top, start, end):
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - self.viewport().height() // 3)

    def _line_at(self, point: QPoint) -> tuple[QTextBlock, QTextLine, float, float] | None:
        """(block, the QTextLine, x and y in layout coordinates) under a viewport point."""
        dx, dy = self._offset()
        doc_point = QPointF(point.x() - dx, point.y() - dy)
        pos = self.document().documentLayout().hitTest(doc_point, Qt.HitTestAccuracy.FuzzyHit)
        if pos < 0:
            return None
        block = self.document().findBlock(pos)
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        origin = layout.position()
        y = doc_point.y() - origin.y()
        line = layout.lineAt(0)
        for number in range(1, layout.lineCount()):
            candidate = layout.lineAt(number)
            if candidate.y() > y:
                break
            line = candidate
        return block, line, doc_point.x() - origin.x(), y

    def position_at(self, point: QPoint) -> int | None:
        """UTF-16 cursor position nearest to a viewport point.

        Qt's hit test (`cursorForPosition`, `QTextLine.xToCursor`) is off by up to a character
        on wrapped right-to-left lines, so its guess is corrected with `cursorToX`, which is
        what the caret, the selection and the bars are drawn with.
        """
        found = self._line_at(point)
        if found is None:
            return None
        block, line, x, _y = found
        return block.position() + _nearest_boundary(line, x)

    def char_at(self, point: QPoint) -> int | None:
        """Code point index of the character under `point` (viewport coordinates; the bars
        under a line count as its), or None."""
        found = self._line_at(point)
        if found is None:
            return None
        block, line, x, y = found
        if not -2 <= y - line.y() <= line.height() + self.bars_space():
            return None
        local = _nearest_boundary(line, x)
        for candidate in (local, local - 1, local + 1):
            if not line.textStart() <= candidate < line.textStart() + line.textLength():
                continue
            x0 = line.cursorToX(candidate)[0]
            x1 = line.cursorToX(candidate + 1)[0]
            if min(x0, x1) - 0.5 <= x <= max(x0, x1) + 0.5:
                return self._map.to_cp(block.position() + candidate)
        return None

    # ---------------------------------------------------------------- lines and extents

    def visible_range(self, rect: QRect) -> tuple[int, int] | None:
        """Code point range of the blocks that may be painted in `rect` (viewport)."""
        dx, dy = self._offset()
        layout = self.document().documentLayout()
        top = layout.hitTest(QPointF(0, rect.top() - dy - 60), Qt.HitTestAccuracy.FuzzyHit)
        bottom = layout.hitTest(QPointF(0, rect.bottom() - dy + 20), Qt.HitTestAccuracy.FuzzyHit)
        document = self.document()
        first = document.findBlock(max(top, 0))
        last = document.findBlock(max(bottom, 0))
        if not first.isValid():
            return None
        end = last.position() + last.length() if last.isValid() else document.characterCount()
        return (
            self._map.to_cp(first.position()),
            self._map.to_cp(min(end, self._map.utf16_length)) + 1,
        )

    def lines_in(self, rect: QRect) -> list[TextLine]:
        """The laid-out lines of text whose text or bars meet `rect` (viewport coordinates)."""
        dx, dy = self._offset()
        document = self.document()
        layout = document.documentLayout()
        extra = self.bars_space()
        first = layout.hitTest(
            QPointF(0, rect.top() - dy - extra - 40), Qt.HitTestAccuracy.FuzzyHit
        )
        block = document.findBlock(max(first, 0))
        found: list[TextLine] = []
        while block.isValid():
            text_layout = block.layout()
            if text_layout is None or text_layout.lineCount() == 0:
                block = block.next()
                continue
            origin = text_layout.position()
            if origin.y() + dy > rect.bottom():
                break
            for number in range(text_layout.lineCount()):
                line = text_layout.lineAt(number)
                top = origin.y() + line.y()
                bottom = top + line.height()
                if bottom + extra + dy < rect.top() or top + dy > rect.bottom():
                    continue
                if not block.text().strip():
                    continue
                u16_start = block.position() + line.textStart()
                u16_end = u16_start + line.textLength()
                found.append(
                    TextLine(
                        (block.blockNumber(), number),
                        top,
                        bottom,
                        origin.x() + line.x(),
                        origin.x() + line.x() + line.width(),
                        self._map.to_cp(min(u16_start, self._map.utf16_length)),
                        self._map.to_cp(min(u16_end, self._map.utf16_length)),
                        line,
                        block.position(),
                        origin.x(),
                    )
                )
            block = block.next()
        return found

    def extents(self, line: TextLine, start: int, end: int) -> list[tuple[float, float]]:
        """Horizontal extents (document x) of code points [start, end) on `line`."""
        lo = max(start, line.cp_start)
        hi = min(end, line.cp_end)
        if lo >= hi:
            return []
        a = self._map.to_utf16(lo) - line.block_position
        b = self._map.to_utf16(hi) - line.block_position
        return [
            (line.origin_x + left, line.origin_x + right)
            for left, right in _glyph_extents(line.line, a, b)
        ]

    def segments(self, start: int, end: int) -> list[Segment] | None:
        """Visual pieces of [start, end) (code points); None while its blocks are not laid out."""
        document = self.document()
        a, b = self._map.to_utf16(start), self._map.to_utf16(end)
        block = document.findBlock(a)
        found: list[Segment] = []
        while block.isValid() and block.position() < b:
            layout = block.layout()
            if layout is None or layout.lineCount() == 0:
                if block.length() > 1:
                    return None
                block = block.next()
                continue
            origin = layout.position()
            base = block.position()
            local_start = max(a - base, 0)
            local_end = min(b - base, block.length() - 1)
            if local_start < local_end:
                first = layout.lineForTextPosition(local_start).lineNumber()
                last = layout.lineForTextPosition(local_end - 1).lineNumber()
                for number in range(first, last + 1):
                    line = layout.lineAt(number)
                    lo = max(local_start, line.textStart())
                    hi = min(local_end, line.textStart() + line.textLength())
                    if lo >= hi:
                        continue
                    top = origin.y() + line.y()
                    bottom = top + line.height()
                    for left, right in _glyph_extents(line, lo, hi):
                        found.append(Segment(origin.x() + left, origin.x() + right, top, bottom))
            block = block.next()
        return found

    # ---------------------------------------------------------------- the text selection

    def selected_range(self) -> tuple[int, int] | None:
        """The text selection in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.to_cp(cursor.selectionStart()), self._map.to_cp(cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select text [start, end) (code points), as a drag would."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def annotation_range(self, exact: bool) -> tuple[int, int] | None:
        """The text selection as a span: whitespace trimmed, snapped outward to whole tokens
        unless `exact` (to whole morphemes inside the tokens it touches when `morpheme_pieces`
        is set: `annotator.text.morphemes`); None when nothing is selected."""
        from annotator.text import trim_whitespace
        from annotator.text.morphemes import snap_to_morphemes

        selected = self.selected_range()
        if selected is None:
            return None
        text = self.text
        start, end = trim_whitespace(text, *selected)
        if start >= end:
            return None
        if not exact:
            lo, hi = _word_window(text, start, end)
            tokens = token_bounds(text, lo, hi, self.own_tokens)
            pieces_of = self.morpheme_pieces
            pieces: list[tuple[int, int]] = []
            if pieces_of is not None:
                pieces = [
                    (first + piece[0], first + piece[1])
                    for first, last in tokens
                    if first < end and last > start
                    for piece in pieces_of(text[first:last])
                ]
            snapped = snap_to_morphemes(tokens, pieces, start, end)
            if snapped is None:
                return None
            start, end = trim_whitespace(text, *snapped)
        return (start, end) if start < end else None

    def begin_drag(self, point: QPoint) -> None:
        """A mouse drag selecting text starts at `point` (`_drag_to` follows it)."""
        self._drag_anchor = self.position_at(point)
        self._drag_to(point)

    def _drag_to(self, point: QPoint) -> None:
        """Select from the press position to `point`, with exact hit testing."""
        position = self.position_at(point)
        if self._drag_anchor is None or position is None:
            return
        cursor = self.textCursor()
        if cursor.anchor() == self._drag_anchor and cursor.position() == position:
            return
        cursor.setPosition(self._drag_anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    # ---------------------------------------------------------------- painting and events

    def _painter(self, clip: QRect) -> tuple[QPainter, QRectF]:
        """A painter on the viewport in document coordinates, and the clip in those."""
        painter = QPainter(self.viewport())
        dx, dy = self._offset()
        painter.translate(dx, dy)
        return painter, QRectF(clip).translated(-dx, -dy).adjusted(-2, -2, 2, 2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        clip = event.rect()
        self.paint_behind(clip)
        super().paintEvent(event)
        self.paint_above(clip)
        if self.after_paint is not None:
            callback, self.after_paint = self.after_paint, None
            callback()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.ToolTip:
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._width:
            self._width = width
            self._layout_changed()


def _nearest_boundary(line: QTextLine, x: float) -> int:
    """The cursor position of `line` whose x (as drawn) is nearest to `x`."""
    guess = line.xToCursor(x, QTextLine.CursorPosition.CursorBetweenCharacters)
    first, last = line.textStart(), line.textStart() + line.textLength()
    candidates = range(max(first, guess - 3), min(last, guess + 3) + 1)
    return min(candidates, key=lambda pos: abs(line.cursorToX(pos)[0] - x), default=guess)


def _glyph_extents(line: QTextLine, lo: int, hi: int) -> list[tuple[float, float]]:
    """Horizontal extents (left, right) of characters [lo, hi) (UTF-16, in the block) of a
    QTextLine, in layout coordinates, merged."""
    runs = line.glyphRuns(lo, hi - lo)
    extents = sorted(
        (rect.left(), rect.right())
        for rect in (run.boundingRect() for run in runs)
        if rect.width() > 0
    )
    if not extents:
        x0, x1 = line.cursorToX(lo)[0], line.cursorToX(hi)[0]
        return [(min(x0, x1), max(x0, x1))] if x0 != x1 else []
    merged = [list(extents[0])]
    for left, right in extents[1:]:
        if left <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    return [(left, right) for left, right in merged]


def _word_window(text: str, start: int, end: int) -> tuple[int, int]:
    """A stretch of `text` around [start, end) cut at whitespace (tokens never cross it)."""
    lo = max(0, start - TOKEN_WINDOW)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = min(len(text), end + TOKEN_WINDOW)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def token_bounds(
    text: str, lo: int, hi: int, own: Tokenization | None = None
) -> list[tuple[int, int]]:
    """The `(start, end)` of the tokens within `text[lo:hi]`: the document's `own` tokens
    when it has them (a tokenized corpus keeps its tokenization), else the tokenizer's."""
    if own is not None:
        first = bisect_right(own.ends, lo)
        last = bisect_left(own.starts, hi)
        return list(zip(own.starts[first:last], own.ends[first:last], strict=True))
    from annotator.text import tokenize

    return [(t.start + lo, t.end + lo) for t in tokenize(text[lo:hi])]


def step_edge(
    text: str,
    position: int,
    direction: int,
    by_char: bool,
    edge: str,
    own: Tokenization | None = None,
) -> int | None:
    """Where a span's `edge` ("start" or "end") at `position` goes one token (or character,
    whitespace skipped) in `direction` (-1 towards the text's beginning, +1 towards its end);
    None when there is nowhere to go. Tokens: the document's `own` when it has them."""
    if by_char:
        new = position + direction
        if edge == "start":
            while 0 < new < len(text) and text[new].isspace():
                new += direction
        else:
            while 0 < new < len(text) and text[new - 1].isspace():
                new += direction
        return new if 0 <= new <= len(text) else None
    lo, hi = _word_window(text, max(0, position - 1), min(len(text), position + 1))
    bounds = token_bounds(text, lo, hi, own)
    edges = [s for s, _ in bounds] if edge == "start" else [e for _, e in bounds]
    if direction < 0:
        before = [b for b in edges if b < position]
        return max(before) if before else None
    after = [b for b in edges if b > position]
    return min(after) if after else None


def attribute_text(value: object) -> str:
    """An attribute value as shown in tooltips and lists (a count range as 10–12)."""
    if isinstance(value, list | tuple):  # a count range, written as the rules write it
        return format_count(value)
    return str(value)
