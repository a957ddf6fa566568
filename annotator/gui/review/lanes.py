"""The lane view: an article's text once, right to left, with one lane of bars per annotator
and a gold lane under every line (code points outside; UTF-16 only inside, through `OffsetMap`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.gui.article_view import display_text, prepare_text_view
from annotator.gui.highlights import SpanItem, SpanLayers
from annotator.gui.offsets import OffsetMap
from annotator.gui.review.style import GOLD_STRIP, KIND_COLOURS, LANE_STRIPS, REJECTED_COLOUR

MAX_ROWS_PER_LANE = 3
LANE_GAP = 3
CAP_WIDTH = 9


@dataclass(eq=False)
class LaneSpan:
    """A bar of the lane view. Offsets are code points."""

    uuid: str
    lane: int
    start: int
    end: int
    label: str
    kind: str | None = None  # cluster kind; None for gold spans
    cluster: int | None = None
    rejected: bool = False
    resolved: bool = False
    row: int = 0


@dataclass(frozen=True)
class _Line:
    key: tuple[int, int]  # block number, line number
    top: float
    bottom: float
    left: float
    right: float
    cp_start: int
    cp_end: int
    line: Any
    block_position: int
    origin_x: float


# ==================================================================== the lane view


class LaneView(QTextEdit):
    """The text once (read-only, RTL) with one row of bars per lane under every line."""

    spanClicked = Signal(str)
    positionClicked = Signal(int)

    def __init__(self, *, font_family: str = "", font_size: int = 16, parent=None) -> None:
        super().__init__(parent)
        self.font_family = font_family
        self.font_size = font_size
        prepare_text_view(self, "reviewLaneView")
        self._map = OffsetMap("")
        self._lanes: list[str] = []
        self._layers: list[SpanLayers] = []
        self._spans: dict[str, LaneSpan] = {}
        self._rows: list[int] = []
        self._colours: dict[str, str] = {}
        self._clusters: list[tuple[int, int, str, bool]] = []
        self._selected: str | None = None
        self._selected_cluster: int | None = None
        self._hits: dict[tuple[str, int, int], QRectF] = {}
        self._press: QPoint | None = None
        self._width = -1
        self.key_handler: Callable[[QKeyEvent, bool], bool] | None = None
        self.tooltip_for: Callable[[str], str] = lambda _uuid: ""
        self.after_paint: Callable[[], None] | None = None
        self.gutter = _Gutter(self)
        self.verticalScrollBar().valueChanged.connect(self.gutter.update)
        self._install("")

    # ---------------------------------------------------------------- geometry

    @property
    def bar_height(self) -> int:
        return max(5, round(self.font_size / 2.8))

    @property
    def bar_step(self) -> int:
        return self.bar_height + 2

    def lane_top(self, lane: int) -> int:
        """Offset of lane `lane` below a line's bottom."""
        return 3 + sum(rows * self.bar_step + LANE_GAP for rows in self._rows[:lane])

    def lane_height(self, lane: int) -> int:
        return self._rows[lane] * self.bar_step + LANE_GAP

    def extra_space(self) -> int:
        return self.lane_top(len(self._rows)) + 4

    def _offset(self) -> tuple[float, float]:
        return -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()

    # ---------------------------------------------------------------- content

    def _font(self) -> QFont:
        font = QFont(self.font_family) if self.font_family else QFont()
        font.setPointSizeF(self.font_size)
        return font

    def _block_format(self, blank: bool = False) -> QTextBlockFormat:
        """Lines with room for the lanes under them; blank paragraphs get none."""
        block = QTextBlockFormat()
        block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        block.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        block.setLineHeight(
            0 if blank else self.extra_space(),
            QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value,
        )
        block.setBottomMargin(0 if blank else self.font_size * 0.4)
        return block

    def _format_blocks(self, document: QTextDocument) -> None:
        full, blank = self._block_format(), self._block_format(blank=True)
        block = document.begin()
        while block.isValid():
            QTextCursor(block).setBlockFormat(blank if not block.text().strip() else full)
            block = block.next()

    def _install(self, text: str) -> None:
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(self._font())
        option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
        document.setDocumentMargin(14)
        QTextCursor(document).insertText(display_text(text))
        self._format_blocks(document)
        old, self._owned_document = getattr(self, "_owned_document", None), document
        self.setDocument(document)
        if old is not None:
            old.deleteLater()
        self._hits.clear()

    def set_text(self, text: str) -> None:
        """Show another text (no spans until `set_spans`)."""
        self._map = OffsetMap(text)
        self._spans, self._clusters = {}, []
        self._layers = [SpanLayers() for _ in self._rows]
        self._selected = self._selected_cluster = None
        self._install(text)
        self.verticalScrollBar().setValue(0)

    def set_spans(
        self,
        lanes: list[str],
        spans: list[LaneSpan],
        clusters: list[tuple[int, int, str, bool]],
        colours: dict[str, str],
    ) -> None:
        """Lanes (names, top to bottom), their bars, the clusters (start, end, kind, resolved)
        to tint, and label colours."""
        self._lanes = list(lanes)
        self._colours = dict(colours)
        self._clusters = list(clusters)
        self._spans = {span.uuid: span for span in spans}
        self._layers = []
        rows = []
        for lane in range(len(lanes)):
            layers = SpanLayers()
            items = [SpanItem(s.uuid, s.start, s.end, s.label) for s in spans if s.lane == lane]
            layers.reset(items)
            for item in items:
                self._spans[item.uuid].row = min(item.row, MAX_ROWS_PER_LANE - 1)
            self._layers.append(layers)
            rows.append(max(1, min(MAX_ROWS_PER_LANE, layers.row_count)))
        if self._selected not in self._spans:
            self._selected = None
        if rows != self._rows:
            self._rows = rows
            self._relayout()
        self._hits.clear()
        self.viewport().update()
        self.gutter.update()

    def _relayout(self) -> None:
        self._format_blocks(self.document())
        self._hits.clear()
        self._place_gutter()

    def set_selection(self, cluster: int | None, uuid: str | None) -> None:
        self._selected_cluster, self._selected = cluster, uuid if uuid in self._spans else None
        self.viewport().update()

    @property
    def lanes(self) -> list[str]:
        return list(self._lanes)

    def span(self, uuid: str) -> LaneSpan | None:
        return self._spans.get(uuid)

    # ---------------------------------------------------------------- positions

    def cursor_rect(self, cp: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(cp))
        return self.cursorRect(cursor)

    def reveal(self, start: int, end: int) -> None:
        """Scroll so that [start, end) and the lanes under it are visible."""
        top = self.cursor_rect(start)
        bottom = self.cursor_rect(end)
        lanes = self.extra_space()
        viewport = self.viewport().rect()
        if top.top() >= 0 and bottom.bottom() + lanes <= viewport.height():
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top.top() - viewport.height() // 3)

    def bar_rects(self, uuid: str) -> list[QRect]:
        """Viewport rectangles where `uuid`'s bar was last painted (tests, tooltips)."""
        dx, dy = self._offset()
        return [
            rect.translated(dx, dy).toAlignedRect()
            for key, rect in self._hits.items()
            if key[0] == uuid
        ]

    def char_at(self, point: QPoint) -> int | None:
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        block = cursor.block()
        layout = block.layout()
        if layout is None or layout.lineCount() == 0:
            return None
        local = pos - block.position()
        line = layout.lineForTextPosition(min(local, max(0, block.length() - 2)))
        if not line.isValid():
            return None
        dx, _dy = self._offset()
        x = point.x() - dx - layout.position().x()
        for candidate in (local, local - 1):
            if not line.textStart() <= candidate < line.textStart() + line.textLength():
                continue
            x0, x1 = line.cursorToX(candidate)[0], line.cursorToX(candidate + 1)[0]
            if min(x0, x1) - 0.5 <= x <= max(x0, x1) + 0.5:
                return self._map.to_cp(block.position() + candidate)
        return None

    def _hit(self, point: QPoint) -> str | None:
        dx, dy = self._offset()
        doc = QPointF(point.x() - dx, point.y() - dy)
        for (uuid, _b, _l), rect in self._hits.items():
            if rect.adjusted(-1, -2, 1, 2).contains(doc):
                return uuid
        return None

    # ---------------------------------------------------------------- lines

    def _lines(self, rect: QRect) -> list[_Line]:
        """The laid-out lines whose text or lanes meet `rect` (viewport coordinates)."""
        dx, dy = self._offset()
        document = self.document()
        layout = document.documentLayout()
        extra = self.extra_space()
        first = layout.hitTest(
            QPointF(0, rect.top() - dy - extra - 40), Qt.HitTestAccuracy.FuzzyHit
        )
        block = document.findBlock(max(first, 0))
        found: list[_Line] = []
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
                    _Line(
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

    def _extents(self, line: _Line, start: int, end: int) -> list[tuple[float, float]]:
        """Horizontal extents (document x) of code points [start, end) on `line`."""
        lo = max(start, line.cp_start)
        hi = min(end, line.cp_end)
        if lo >= hi:
            return []
        a = self._map.to_utf16(lo) - line.block_position
        b = self._map.to_utf16(hi) - line.block_position
        runs = line.line.glyphRuns(a, b - a)
        extents = sorted(
            (rect.left(), rect.right())
            for rect in (run.boundingRect() for run in runs)
            if rect.width() > 0
        )
        if not extents:
            x0, x1 = line.line.cursorToX(a)[0], line.line.cursorToX(b)[0]
            extents = [(min(x0, x1), max(x0, x1))] if x0 != x1 else []
        merged: list[list[float]] = []
        for left, right in extents:
            if merged and left <= merged[-1][1] + 1.0:
                merged[-1][1] = max(merged[-1][1], right)
            else:
                merged.append([left, right])
        return [(line.origin_x + left, line.origin_x + right) for left, right in merged]

    # ---------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        self._paint_tints(event.rect())
        super().paintEvent(event)
        self._paint_lanes(event.rect())
        if self.after_paint is not None:
            callback, self.after_paint = self.after_paint, None
            callback()

    def _paint_tints(self, clip: QRect) -> None:
        """Text backgrounds of unresolved clusters, behind the text."""
        if not self._clusters:
            return
        painter = QPainter(self.viewport())
        dx, dy = self._offset()
        painter.translate(dx, dy)
        for line in self._lines(clip):
            for index, (start, end, kind, resolved) in enumerate(self._clusters):
                if end <= line.cp_start or start >= line.cp_end:
                    continue
                selected = index == self._selected_cluster
                if resolved and not selected:
                    continue
                colour = QColor(KIND_COLOURS.get(kind, "#888888"))
                colour.setAlphaF(0.30 if selected else 0.16)
                for left, right in self._extents(line, start, end):
                    painter.fillRect(
                        QRectF(left, line.top + 2, right - left, line.bottom - line.top), colour
                    )
        painter.end()

    def _paint_lanes(self, clip: QRect) -> None:
        if not self._rows:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dx, dy = self._offset()
        painter.translate(dx, dy)
        document_width = self.document().size().width()
        height = self.bar_height
        gold_lane = len(self._lanes) - 1
        selected_rects: list[QRectF] = []
        for line in self._lines(clip):
            for lane in range(len(self._rows)):
                y0 = line.bottom + self.lane_top(lane)
                strip = QRectF(6, y0 - 1, document_width - 12, self.lane_height(lane) - 1)
                colour = GOLD_STRIP if lane == gold_lane else LANE_STRIPS[lane % 2]
                painter.fillRect(strip, QColor(colour))
                for item in self._layers[lane].overlapping(line.cp_start, line.cp_end):
                    span = self._spans[item.uuid]
                    y = y0 + span.row * self.bar_step
                    for left, right in self._extents(line, span.start, span.end):
                        bar = QRectF(left + 1, y, max(right - left - 2, 3), height)
                        self._hits[(span.uuid, *line.key)] = bar
                        self._paint_bar(painter, span, bar, line, left, right)
                        if span.uuid == self._selected:
                            selected_rects.append(bar)
        if selected_rects:
            painter.setPen(QPen(QColor("#111111"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for bar in selected_rects:
                painter.drawRoundedRect(bar.adjusted(-2, -2, 2, 2), 2, 2)
        self._paint_selected_text(painter, clip)
        painter.end()

    def _paint_bar(
        self,
        painter: QPainter,
        span: LaneSpan,
        bar: QRectF,
        line: _Line,
        left: float,
        right: float,
    ) -> None:
        label_colour = QColor(self._colours.get(span.label, "#888888"))
        if span.kind is None:
            painter.fillRect(bar, label_colour)
            return
        if span.rejected:
            colour = QColor(REJECTED_COLOUR)
        else:
            colour = QColor(KIND_COLOURS.get(span.kind, "#888888"))
            if span.resolved:
                colour.setAlphaF(0.45)
        painter.fillRect(bar, colour)
        first_line = line.cp_start <= span.start < line.cp_end
        if first_line:  # the label cap at the span's start (its right end in RTL text)
            x_start = (
                line.origin_x
                + line.line.cursorToX(self._map.to_utf16(span.start) - line.block_position)[0]
            )
            cap_right = bar.right() if abs(x_start - right) <= abs(x_start - left) else None
            width = min(CAP_WIDTH, bar.width())
            cap = (
                QRectF(cap_right - width, bar.top(), width, bar.height())
                if cap_right is not None
                else QRectF(bar.left(), bar.top(), width, bar.height())
            )
            if span.resolved or span.rejected:
                label_colour.setAlphaF(0.55)
            painter.fillRect(cap, label_colour)
            edge = cap.left() if cap_right is not None else cap.right()
            painter.fillRect(QRectF(edge - 0.5, bar.top(), 1.2, bar.height()), QColor("white"))
        if span.rejected:
            painter.setPen(QPen(QColor("#444444"), 1.2))
            mid = bar.center().y()
            painter.drawLine(QPointF(bar.left(), mid), QPointF(bar.right(), mid))
            painter.setPen(Qt.PenStyle.NoPen)

    def _paint_selected_text(self, painter: QPainter, clip: QRect) -> None:
        span = self._spans.get(self._selected) if self._selected else None
        if span is None:
            return
        colour = QColor(self._colours.get(span.label, "#333333")).darker(150)
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for line in self._lines(clip):
            for left, right in self._extents(line, span.start, span.end):
                painter.drawRoundedRect(
                    QRectF(left - 2, line.top + 1, right - left + 4, line.bottom - line.top + 2),
                    3,
                    3,
                )

    # ---------------------------------------------------------------- input

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            handler = self.key_handler
            if handler is not None and handler(event, event.type() == QEvent.Type.KeyPress):
                event.accept()
                return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        point = event.position().toPoint()
        if (point - press).manhattanLength() > 4:
            return
        uuid = self._hit(point)
        if uuid is not None:
            self.spanClicked.emit(uuid)
            return
        position = self.char_at(point)
        if position is not None:
            self.positionClicked.emit(position)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.ToolTip:
            uuid = self._hit(event.pos())
            tip = self.tooltip_for(uuid) if uuid else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if self.viewport().width() != self._width:
            self._width = self.viewport().width()
            self._hits.clear()
        self._place_gutter()

    def _place_gutter(self) -> None:
        width = self.gutter.preferred_width()
        self.setViewportMargins(0, 0, width, 0)  # not mirrored: the right, where lines begin
        viewport = self.viewport().geometry()
        frame = self.contentsRect()
        if frame.right() - viewport.right() < width:  # mirrored after all
            self.gutter.setGeometry(
                viewport.left() - width, viewport.top(), width, viewport.height()
            )
        else:
            self.gutter.setGeometry(viewport.right() + 1, viewport.top(), width, viewport.height())
        self.gutter.update()


class _Gutter(QWidget):
    """Lane names beside every line (on the side where right-to-left lines begin)."""

    def __init__(self, view: LaneView) -> None:
        super().__init__(view)
        self.view = view
        font = QFont(self.font())
        font.setPixelSize(9)
        self.setFont(font)

    def preferred_width(self) -> int:
        names = self.view.lanes or ["gold"]
        metrics = self.fontMetrics()
        return 14 + max(metrics.horizontalAdvance(name) for name in names)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        view = self.view
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#fafafa"))
        if not view.lanes:
            painter.end()
            return
        _dx, dy = view._offset()
        rect = QRect(0, 0, view.viewport().width(), view.viewport().height())
        shift = view.viewport().geometry().top() - self.geometry().top()
        for line in view._lines(rect):
            for lane, name in enumerate(view.lanes):
                if lane >= len(view._rows):
                    break
                top = line.bottom + view.lane_top(lane) + dy + shift
                box = QRectF(4, top - 2, self.width() - 8, max(view.bar_step + 2, 10))
                gold = lane == len(view.lanes) - 1
                painter.setPen(QColor("#8a6d00" if gold else "#555b66"))
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
                )
        painter.end()
