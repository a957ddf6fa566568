"""Review mode: every annotator's spans of one document at once, adjudicated into the gold standard.

The text is shown once, right to left; under each line every annotator has a lane of bars, and
the gold standard a lane of its own (bottom, on a light yellow strip). Proposal bars are coloured
by the kind of their disagreement cluster (legend above the text) with a small cap in the label's
colour at the span's start; gold bars are in the label's colour. Unresolved clusters tint their
text; resolved clusters' bars are faded; rejected proposals are grey and struck through.

The decisions are those of `annotator.adjudication` (code points there; UTF-16 only inside
`LaneView`, through `OffsetMap`). Every change of the gold layer (auto-merge at first opening,
accept, reject, attributes, edit, delete, status) is one step of the undo stack: the command keeps
snapshots of the document's gold layer before and after, and undo/redo restore them.

Keys (also in Help > Keys of the window, `REVIEW_KEYS`): see the table below.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from annotator import adjudication as adj
from annotator.agreement import AGREE, LABEL_CONFLICT, PARTIAL_OVERLAP, SUBSET
from annotator.gui.article_view import display_text, prepare_text_view
from annotator.gui.commands import UndoStep, step_stack
from annotator.gui.highlights import SpanItem, SpanLayers
from annotator.gui.offsets import OffsetMap
from annotator.gui.write_dialogs import ask_retry, show_not_saved
from annotator.store import Annotation, Project, WriteError

KIND_COLOURS = {
    AGREE: "#2a9d5c",
    PARTIAL_OVERLAP: "#e89a00",
    LABEL_CONFLICT: "#d7263d",
    SUBSET: "#6c4fd8",
}
KIND_NAMES = {
    AGREE: "all agree",
    PARTIAL_OVERLAP: "partial overlap",
    LABEL_CONFLICT: "conflicting labels",
    SUBSET: "found by some annotators only",
}
REJECTED_COLOUR = "#9aa0a6"
GOLD_STRIP = "#fff3c4"
LANE_STRIPS = ("#f3f4f7", "#e9ebf0")
MAX_ROWS_PER_LANE = 3
LANE_GAP = 3
CAP_WIDTH = 9
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

REVIEW_KEYS: list[tuple[str, str]] = [
    ("N  or  Alt+↓", "Next unresolved disagreement"),
    ("P  or  Alt+↑", "Previous unresolved disagreement"),
    ("← / →", "Next / previous cluster, resolved or not (right to left: ← goes forward)"),
    ("Tab / Shift+Tab, ↓ / ↑", "Next / previous proposal (lane) of the cluster; click a bar too"),
    ("A  or  Enter", "Accept the selected proposal into gold, then go to the next disagreement"),
    ("Shift+A  or  Shift+Enter", "Accept and stay, with the new gold span selected"),
    ("X", "Reject the selected proposal (again: withdraw the rejection)"),
    ("T", "Give the gold span this proposal's attributes"),
    ("E", "Edit the selected gold span (label, boundaries)"),
    ("1, 2, 3 … (label hotkeys)", "Relabel the selected gold span"),
    ("Ctrl+→ / Ctrl+←", "Move the gold span's start (its right edge) one token right / left"),
    ("Ctrl+Shift+← / Ctrl+Shift+→", "Move the gold span's end (its left edge) one token"),
    ("add Alt to the two above", "Move the edge by one character"),
    ("Delete", "Delete the selected gold span"),
    ("D", "Mark the document's curation done (again: back to in progress)"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo (auto-merge, accept, reject, edit, delete, status)"),
    ("Ctrl+Enter", "Mark done and open the next document whose curation is not done"),
    ("Alt+Page Down / Alt+Page Up", "Next / previous document"),
    ("Esc", "Deselect"),
]


def review_keys_html() -> str:
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{html.escape(k)}</b></td>"
        f"<td>{html.escape(v)}</td></tr>"
        for k, v in REVIEW_KEYS
    )
    return f"<h3>Review keys</h3><table cellspacing=4>{rows}</table>"


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


# ==================================================================== undo


class GoldLayerCommand(UndoStep):
    """One change of a document's gold layer; it was carried out when pushed."""

    def __init__(
        self, widget: ReviewWidget, before: adj.GoldLayer, after: adj.GoldLayer, text: str
    ) -> None:
        super().__init__(text)
        self.widget, self.before, self.after = widget, before, after

    def apply(self) -> None:
        self.widget.restore_layer(self.after)

    def revert(self) -> None:
        self.widget.restore_layer(self.before)


# ==================================================================== the review widget


class ReviewWidget(QWidget):
    """Review of one document at a time: lanes, legend, cluster details and the actions."""

    documentOpened = Signal(int)
    selectionChanged = Signal(object)  # uuid or None
    stateChanged = Signal()
    message = Signal(str)
    failed = Signal(str)  # a write that was not saved

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
        annotators: list[str] | None = None,
        min_agree: int | None = None,
        font_size: int = 16,
    ) -> None:
        super().__init__(parent)
        from annotator.gui.app import register_fonts

        self.project = project
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.annotators = annotators
        self.min_agree = min_agree
        self.state: adj.ReviewState | None = None
        self.cluster: int | None = None
        self.selected: str | None = None
        self._labels = {label.name: label for label in project.labels()}
        self._hotkeys: dict[int, str] = {}
        for label in self._labels.values():
            if label.hotkey:
                sequence = QKeySequence(label.hotkey)
                if sequence.count():
                    self._hotkeys[sequence[0].key().value] = label.name

        self.view = LaneView(font_family=register_fonts(), font_size=font_size, parent=self)
        self.view.key_handler = self.handle_key
        self.view.tooltip_for = self.describe
        self.view.spanClicked.connect(self.select_span)
        self.view.positionClicked.connect(self._position_clicked)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setObjectName("reviewHeader")
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setText(self._legend_html())
        self.legend.setObjectName("reviewLegend")
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.proposal_list = QListWidget(self)
        self.proposal_list.setObjectName("reviewProposals")
        self.proposal_list.itemClicked.connect(lambda item: self.select_span(item.data(256)))
        self.proposal_list.installEventFilter(self)

        self.buttons: dict[str, QPushButton] = {}
        buttons = QWidget(self)
        grid = QVBoxLayout(buttons)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = [
            [
                ("accept", "Accept  [A]", self.accept_selected),
                ("reject", "Reject  [X]", self.toggle_reject_selected),
            ],
            [
                ("attributes", "Take attributes  [T]", self.take_attributes_selected),
                ("edit", "Edit gold…  [E]", self.edit_gold_dialog),
            ],
            [
                ("delete", "Delete gold  [Del]", self.delete_gold_selected),
                ("done", "Curation done  [D]", self.toggle_done),
            ],
            [
                ("previous", "◀ Previous  [P]", lambda: self.step_disagreement(False)),
                ("next", "Next  [N] ▶", lambda: self.step_disagreement(True)),
            ],
        ]
        for row in rows:
            line = QHBoxLayout()
            for name, text, slot in row:
                button = QPushButton(text, buttons)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, s=slot: s())
                line.addWidget(button)
                self.buttons[name] = button
            grid.addLayout(line)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 6, 6)
        side_layout.addWidget(self.details)
        side_layout.addWidget(self.proposal_list, 1)
        side_layout.addWidget(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(side)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.legend)
        layout.addWidget(splitter, 1)
        self._update_panel()

    # ---------------------------------------------------------------- documents

    @property
    def document_id(self) -> int | None:
        return self.state.document_id if self.state else None

    def open_document(self, document_id: int) -> None:
        """Open a document for review; its first opening merges the agreed spans into gold
        (one undo step)."""
        before = adj.gold_layer(self.project, document_id)
        try:
            state = adj.open_for_review(
                self.project, document_id, self.annotators, min_agree=self.min_agree
            )
        except WriteError as err:  # the agreed spans could not be merged: review without them
            self.report_failure(err)
            state = adj.review_state(self.project, document_id, self.annotators)
        if state.auto_merged or before.status != state.status:
            after = adj.gold_layer(self.project, document_id)
            text = (
                f"Auto-merge {len(state.auto_merged)} agreed spans"
                if state.auto_merged
                else "Start curation"
            )
            self.undo_stack.push(GoldLayerCommand(self, before, after, text))
        self._show(state, reset=True)
        first = adj.next_disagreement(state, None)
        if first is not None:
            self.select_cluster(first)
        if state.auto_merged:
            self.message.emit(f"{len(state.auto_merged)} agreed spans merged into gold")
        self.documentOpened.emit(document_id)

    def _show(self, state: adj.ReviewState, *, reset: bool) -> None:
        self.state = state
        if reset:
            self.cluster, self.selected = None, None
            self.view.set_text(state.text)
        elif self.selected is not None and not (
            self.selected in state.proposals or self.selected in state.gold
        ):
            self.selected = None
        if self.cluster is not None and self.cluster >= len(state.clusters):
            self.cluster = None
        self._rebuild_view()
        self._update_panel()
        self.stateChanged.emit()

    def refresh(self) -> None:
        """Reload the state of the document on screen from the store."""
        if self.state is None:
            return
        state = adj.review_state(
            self.project, self.state.document_id, self.state.annotators, previous=self.state
        )
        self._show(state, reset=False)

    def report_failure(self, err: WriteError) -> None:
        """A write the store refused: nothing of it was saved; show the store's state."""
        self.failed.emit(str(err))
        if self.state is not None:
            self.refresh()

    def ask_retry(self, text: str) -> bool:
        """Another program held the project locked: ask whether to try again."""
        return ask_retry(self.window(), text)

    def step(self, back: bool) -> bool:
        """Undo (`back`) or redo a step; the stack stays where it was if the store refuses."""
        return step_stack(
            self.undo_stack, back=back, ask_retry=self.ask_retry, report=self.report_failure
        )

    def restore_layer(self, layer: adj.GoldLayer) -> None:
        """Undo/redo: put a gold layer back and show its document."""
        adj.restore_gold_layer(self.project, layer)
        if self.document_id != layer.document_id:
            state = adj.review_state(self.project, layer.document_id, self.annotators)
            self._show(state, reset=True)
            self.documentOpened.emit(layer.document_id)
        else:
            self.refresh()
        self._sync_selection()

    def _rebuild_view(self) -> None:
        state = self.state
        assert state is not None
        lanes = [*state.annotators, adj.GOLD]
        lane_of = {name: i for i, name in enumerate(state.annotators)}
        spans: list[LaneSpan] = []
        for cluster in state.clusters:
            for ann in cluster.proposals:
                spans.append(
                    LaneSpan(
                        ann.uuid,
                        lane_of[ann.annotator],
                        ann.start,
                        ann.end,
                        ann.label,
                        cluster.kind,
                        cluster.index,
                        ann.uuid in cluster.rejected,
                        cluster.resolved,
                    )
                )
        for ann in state.gold.values():
            cluster = state.cluster_of(ann.uuid)
            spans.append(
                LaneSpan(
                    ann.uuid,
                    len(lanes) - 1,
                    ann.start,
                    ann.end,
                    ann.label,
                    None,
                    cluster.index if cluster else None,
                )
            )
        clusters = [(c.start, c.end, c.kind, c.resolved) for c in state.clusters]
        colours = {name: label.colour for name, label in self._labels.items()}
        self.view.set_spans(lanes, spans, clusters, colours)
        self.view.set_selection(self.cluster, self.selected)

    # ---------------------------------------------------------------- selection

    def select_cluster(self, index: int | None, uuid: str | None = None) -> None:
        state = self.state
        if state is None or index is None or not 0 <= index < len(state.clusters):
            self.cluster, self.selected = None, None
            self._sync_selection()
            return
        cluster = state.clusters[index]
        if uuid is None:
            pending = [a.uuid for a in cluster.proposals if a.uuid not in cluster.rejected]
            uuid = pending[0] if pending else cluster.proposals[0].uuid
        self.cluster, self.selected = index, uuid
        self._sync_selection()
        self.view.reveal(cluster.start, cluster.end)

    def select_span(self, uuid: str | None) -> None:
        """Select a proposal or gold span (and its cluster)."""
        state = self.state
        if state is None or uuid is None:
            self.select_cluster(None)
            return
        if uuid not in state.proposals and uuid not in state.gold:
            return
        cluster = state.cluster_of(uuid)
        self.cluster = cluster.index if cluster else None
        self.selected = uuid
        self._sync_selection()

    def _position_clicked(self, position: int) -> None:
        if self.state is None:
            return
        cluster = adj.cluster_at(self.state, position)
        if cluster is not None:
            self.select_cluster(cluster.index)
        else:
            gold = [g for g in self.state.gold.values() if g.start <= position < g.end]
            self.select_span(min(gold, key=lambda g: g.end - g.start).uuid if gold else None)

    def _sync_selection(self) -> None:
        self.view.set_selection(self.cluster, self.selected)
        self._update_panel()
        self.selectionChanged.emit(self.selected)

    def _members(self) -> list[str]:
        """Proposals (lane order) then gold spans of the selected cluster."""
        if self.state is None or self.cluster is None:
            return []
        cluster = self.state.clusters[self.cluster]
        order = {name: i for i, name in enumerate(self.state.annotators)}
        proposals = sorted(cluster.proposals, key=lambda a: (order[a.annotator], a.start))
        return [a.uuid for a in proposals] + list(cluster.gold)

    def cycle(self, step: int) -> None:
        members = self._members()
        if not members:
            return
        index = members.index(self.selected) if self.selected in members else -1
        self.selected = members[(index + step) % len(members)]
        self._sync_selection()

    def step_cluster(self, step: int) -> None:
        if self.state is None or not self.state.clusters:
            return
        count = len(self.state.clusters)
        index = (0 if step > 0 else count - 1) if self.cluster is None else self.cluster + step
        self.select_cluster(index % count)

    def step_disagreement(self, forward: bool = True) -> None:
        if self.state is None:
            return
        index = adj.next_disagreement(self.state, self.cluster, forward)
        if index is None:
            self.message.emit("No unresolved disagreement left in this document")
            return
        self.select_cluster(index)

    # ---------------------------------------------------------------- actions

    def _perform(self, text: str, action: Callable[[], Any]) -> Any:
        """Run a store action as one undo step; ValueError becomes a message."""
        document = self.document_id
        if document is None:
            return None
        before = adj.gold_layer(self.project, document)
        try:
            result = action()
        except WriteError as err:
            self.report_failure(err)
            return None
        except ValueError as err:
            self.message.emit(str(err))
            return None
        after = adj.gold_layer(self.project, document)
        if after != before:
            self.undo_stack.push(GoldLayerCommand(self, before, after, text))
        self.refresh()
        return result

    def _selected_proposal(self) -> Annotation | None:
        if self.state is None or self.selected is None:
            return None
        return self.state.proposals.get(self.selected)

    def _selected_gold(self) -> Annotation | None:
        if self.state is None or self.selected is None:
            return None
        return self.state.gold.get(self.selected)

    def accept_selected(self, advance: bool = True) -> str | None:
        proposal = self._selected_proposal()
        if proposal is None:
            self.message.emit("Select an annotator's span to accept")
            return None
        document = self.document_id
        made = self._perform(
            f"Accept {proposal.label} of {proposal.annotator}",
            lambda: adj.accept(self.project, document, proposal.uuid),
        )
        if made is None:
            return None
        if advance:
            self._advance()
        else:
            self.select_span(made)
        return made

    def toggle_reject_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None or self.state is None:
            self.message.emit("Select an annotator's span to reject")
            return
        document = self.document_id
        if self.state.is_rejected(proposal.uuid):
            self._perform(
                "Withdraw rejection", lambda: adj.unreject(self.project, document, proposal.uuid)
            )
            self._sync_selection()
            return
        done = self._perform(
            f"Reject {proposal.label} of {proposal.annotator}",
            lambda: adj.reject(self.project, document, proposal.uuid) or True,
        )
        if done:
            cluster = self.state.cluster_of(proposal.uuid)
            if cluster is not None and not cluster.resolved:
                pending = [a.uuid for a in cluster.proposals if a.uuid not in cluster.rejected]
                self.select_cluster(cluster.index, pending[0] if pending else None)
            else:
                self._advance()

    def _advance(self) -> None:
        """After a decision: the next unresolved disagreement, or stay when none is left."""
        assert self.state is not None
        index = adj.next_disagreement(self.state, self.cluster, True)
        if index is None:
            self.message.emit("Every disagreement of this document is resolved")
            self._sync_selection()
        else:
            self.select_cluster(index)

    def take_attributes_selected(self) -> None:
        proposal = self._selected_proposal()
        if proposal is None:
            self.message.emit("Select the proposal whose attributes gold should take")
            return
        document = self.document_id
        target = self._perform(
            "Take attributes",
            lambda: adj.take_attributes(self.project, document, proposal.uuid),
        )
        if target is None:
            self.message.emit("Accept the span first: gold does not hold it")

    def edit_gold(self, **changes: Any) -> Annotation | None:
        gold = self._selected_gold()
        if gold is None:
            self.message.emit("Select a gold span to edit")
            return None
        result = self._perform(
            "Edit gold span", lambda: adj.edit_gold(self.project, gold.uuid, **changes)
        )
        self._sync_selection()
        return result

    def delete_gold_selected(self) -> None:
        gold = self._selected_gold()
        if gold is None:
            self.message.emit("Select a gold span to delete")
            return
        self._perform("Delete gold span", lambda: adj.delete_gold(self.project, gold.uuid))
        self.selected = None
        self._sync_selection()

    def relabel_gold(self, label: str) -> None:
        gold = self._selected_gold()
        if gold is not None and gold.label != label:
            self.edit_gold(label=label)

    def move_gold_edge(self, edge: str, direction: int, by_char: bool) -> None:
        """Move the selected gold span's `edge` ("start"/"end") one token or character;
        `direction` -1 towards the text's beginning, +1 towards its end."""
        gold = self._selected_gold()
        if gold is None or self.state is None:
            return
        position = gold.start if edge == "start" else gold.end
        new = step_boundary(self.state.text, position, direction, by_char, edge)
        if new is None:
            return
        start, end = (new, gold.end) if edge == "start" else (gold.start, new)
        if start < end:
            self.edit_gold(start=start, end=end)

    def toggle_done(self) -> None:
        document = self.document_id
        if document is None:
            return
        current = adj.curation_status(self.project, document)
        target = "in progress" if current == "done" else "done"
        self._perform(
            f"Mark curation {target}",
            lambda: adj.set_curation_status(self.project, document, target),
        )

    def mark_done(self) -> None:
        document = self.document_id
        if document is not None and adj.curation_status(self.project, document) != "done":
            self.toggle_done()

    def edit_gold_dialog(self) -> None:
        gold = self._selected_gold()
        if gold is None or self.state is None:
            self.message.emit("Select a gold span to edit")
            return
        dialog = GoldSpanDialog(self.state.text, gold, list(self._labels), self)
        if dialog.exec():
            label, start, end = dialog.values()
            self.edit_gold(label=label, start=start, end=end)

    # ---------------------------------------------------------------- keys

    def handle_key(self, event: QKeyEvent, press: bool) -> bool:
        """The review keys (REVIEW_KEYS); True when handled (for ShortcutOverride: claimed)."""
        key, mods = event.key(), event.modifiers()
        plain = not mods & (CTRL | ALT)
        action: Callable[[], Any] | None = None
        if (key == Qt.Key.Key_N and plain) or (key == Qt.Key.Key_Down and mods & ALT):
            action = lambda: self.step_disagreement(True)  # noqa: E731
        elif (key == Qt.Key.Key_P and plain) or (key == Qt.Key.Key_Up and mods & ALT):
            action = lambda: self.step_disagreement(False)  # noqa: E731
        elif key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            advance = not mods & SHIFT
            action = lambda: self.accept_selected(advance)  # noqa: E731
        elif key == Qt.Key.Key_X and plain:
            action = self.toggle_reject_selected
        elif key == Qt.Key.Key_T and plain:
            action = self.take_attributes_selected
        elif key == Qt.Key.Key_E and plain:
            action = self.edit_gold_dialog
        elif key == Qt.Key.Key_D and plain:
            action = self.toggle_done
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            action = self.delete_gold_selected
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & CTRL:
            step = -1 if key == Qt.Key.Key_Backtab or mods & SHIFT else 1
            action = lambda: self.cycle(step)  # noqa: E731
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not mods:
            action = lambda: self.cycle(1 if key == Qt.Key.Key_Down else -1)  # noqa: E731
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not mods:
            action = lambda: self.step_cluster(1 if key == Qt.Key.Key_Left else -1)  # noqa: E731
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods & CTRL:
            if self._selected_gold() is None:
                return False
            direction = -1 if key == Qt.Key.Key_Right else 1
            edge = "end" if mods & SHIFT else "start"
            by_char = bool(mods & ALT)
            action = lambda: self.move_gold_edge(edge, direction, by_char)  # noqa: E731
        elif key == Qt.Key.Key_Escape:
            action = lambda: self.select_cluster(None)  # noqa: E731
        elif key in self._hotkeys and plain:
            label = self._hotkeys[key]
            action = lambda: self.relabel_gold(label)  # noqa: E731
        if action is None:
            return False
        if press:
            action()
        return True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if watched is self.proposal_list and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            if self.handle_key(event, event.type() == QEvent.Type.KeyPress):
                event.accept()
                return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- panel

    def _legend_html(self) -> str:
        def swatch(colour: str, text: str) -> str:
            return (
                f"<span style='background:{colour}; color:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;"
                f"</span>&nbsp;{html.escape(text)}&nbsp;&nbsp;&nbsp;"
            )

        kinds = "".join(swatch(KIND_COLOURS[k], KIND_NAMES[k]) for k in KIND_COLOURS)
        labels = "".join(swatch(lab.colour, lab.name) for lab in self._labels.values())
        return (
            f"<span style='font-size:11px'>{kinds}{swatch(REJECTED_COLOUR, 'rejected')}"
            f"&nbsp;|&nbsp; gold and bar caps: {labels}</span>"
        )

    def _update_panel(self) -> None:
        state = self.state
        for button in self.buttons.values():
            button.setEnabled(state is not None)
        if state is None:
            self.header.setText("<i>No document open for review</i>")
            self.details.setText("")
            self.proposal_list.clear()
            return
        document = self.project.document(state.document_id)
        unresolved = len(state.unresolved)
        status_colour = {"new": "#6b7280", "in progress": "#d97706", "done": "#059669"}
        self.header.setText(
            f"<b>{html.escape(document.name)}</b> &nbsp; "
            f"<span style='color:white; background:{status_colour[state.status]}'>"
            f"&nbsp;curation {html.escape(state.status)}&nbsp;</span> &nbsp; "
            f"{unresolved} unresolved of {len(state.clusters)} clusters &nbsp;·&nbsp; "
            f"{len(state.gold)} gold spans &nbsp;·&nbsp; annotators: "
            f"{html.escape(', '.join(state.annotators) or '(none)')}"
        )
        self.buttons["done"].setText(
            "Back to in progress  [D]" if state.status == "done" else "Curation done  [D]"
        )
        self.proposal_list.blockSignals(True)
        self.proposal_list.clear()
        if self.cluster is None:
            self.details.setText(
                "<i>No cluster selected. N: next disagreement.</i>"
                if unresolved
                else "<i>Every cluster is resolved.</i>"
            )
        else:
            cluster = state.clusters[self.cluster]
            resolution = cluster.resolution or "unresolved"
            missing = (
                f"<br>not marked by: {html.escape(', '.join(cluster.cluster.missing))}"
                if cluster.cluster.missing
                else ""
            )
            conflict = (
                "<br><b style='color:#b45309'>attributes differ from gold</b> (T takes them)"
                if cluster.attribute_conflict
                else ""
            )
            self.details.setText(
                f"Cluster {cluster.index + 1} of {len(state.clusters)} — "
                f"<b style='color:{KIND_COLOURS[cluster.kind]}'>{KIND_NAMES[cluster.kind]}</b>"
                f" — {html.escape(resolution)}{missing}{conflict}"
            )
            for uuid in self._members():
                ann = state.proposals.get(uuid) or state.gold.get(uuid)
                if ann is None:
                    continue
                item = QListWidgetItem(self._item_text(ann))
                item.setData(256, uuid)
                is_gold = uuid in state.gold
                colour = (
                    self._labels[ann.label].colour
                    if is_gold and ann.label in self._labels
                    else (
                        REJECTED_COLOUR if uuid in cluster.rejected else KIND_COLOURS[cluster.kind]
                    )
                )
                item.setIcon(_swatch(colour))
                font = item.font()
                font.setBold(is_gold)
                font.setStrikeOut(uuid in cluster.rejected)
                item.setFont(font)
                self.proposal_list.addItem(item)
                if uuid == self.selected:
                    item.setSelected(True)
                    self.proposal_list.setCurrentItem(item)
        self.proposal_list.blockSignals(False)
        has_proposal = self._selected_proposal() is not None
        has_gold = self._selected_gold() is not None
        self.buttons["accept"].setEnabled(has_proposal)
        self.buttons["reject"].setEnabled(has_proposal)
        self.buttons["attributes"].setEnabled(has_proposal)
        self.buttons["edit"].setEnabled(has_gold)
        self.buttons["delete"].setEnabled(has_gold)

    def _item_text(self, ann: Annotation) -> str:
        attributes = ", ".join(
            f"{k}={_value(v)}" for k, v in ann.attributes.items() if v not in (None, "")
        )
        text = ann.text if len(ann.text) <= 60 else ann.text[:59] + "…"
        extra = f"  ({attributes})" if attributes else ""
        source = self._source_text(ann)
        return f"{ann.annotator} · {ann.label} · \u2067{text}\u2069{extra}{source}"

    def _source_text(self, ann: Annotation) -> str:
        state = self.state
        if state is None:
            return ""
        relations = state.gold_relations if ann.uuid in state.gold else state.relations
        pool = {**state.gold, **state.proposals}
        for rel in relations:
            if rel.head == ann.uuid and rel.tail in pool:
                return f"  → {rel.label}: \u2067{pool[rel.tail].text}\u2069"
        return ""

    def describe(self, uuid: str) -> str:
        """Rich-text tooltip of a bar."""
        state = self.state
        if state is None:
            return ""
        ann = state.proposals.get(uuid) or state.gold.get(uuid)
        if ann is None:
            return ""
        cluster = state.cluster_of(uuid)
        lines = [f"<b>{html.escape(ann.label)}</b> · {html.escape(ann.annotator)}"]
        lines.append(f"<span dir='rtl'>{html.escape(ann.text[:80])}</span>")
        for key, value in ann.attributes.items():
            lines.append(f"{html.escape(str(key))}: {html.escape(_value(value))}")
        if ann.proposed_by:
            lines.append("proposed by " + html.escape(", ".join(ann.proposed_by)))
        if cluster is not None and uuid in state.proposals:
            lines.append(
                f"{KIND_NAMES[cluster.kind]} — {cluster.resolution or 'unresolved'}"
                + (" — rejected" if uuid in cluster.rejected else "")
            )
        return "<br>".join(lines)


def _value(value: object) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{value[0]}–{value[1]}"
    return str(value)


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def step_boundary(text: str, position: int, direction: int, by_char: bool, edge: str) -> int | None:
    """Where a span edge at `position` goes one token (or character) in `direction`."""
    if by_char:
        new = position + direction
        return new if 0 <= new <= len(text) else None
    from annotator.text import tokenize

    lo = max(0, position - 200)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = min(len(text), position + 200)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    tokens = [(t.start + lo, t.end + lo) for t in tokenize(text[lo:hi])]
    bounds = [s for s, _ in tokens] if edge == "start" else [e for _, e in tokens]
    if direction < 0:
        before = [b for b in bounds if b < position]
        return max(before) if before else None
    after = [b for b in bounds if b > position]
    return min(after) if after else None


class GoldSpanDialog(QDialog):
    """Edit a gold span's label and boundaries (code points), with the text previewed."""

    def __init__(self, text: str, gold: Annotation, labels: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit gold span")
        self.text = text
        self.label = QComboBox(self)
        self.label.addItems(labels)
        self.label.setCurrentText(gold.label)
        self.start = QSpinBox(self)
        self.end = QSpinBox(self)
        for box in (self.start, self.end):
            box.setRange(0, len(text))
        self.start.setValue(gold.start)
        self.end.setValue(gold.end)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        form = QFormLayout(self)
        form.addRow("Label", self.label)
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        form.addRow("Text", self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.valueChanged.connect(self._update)
        self.end.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        start, end = self.start.value(), self.end.value()
        valid = start < end
        self.preview.setText(self.text[start:end] if valid else "(empty)")
        self.ok.setEnabled(valid)

    def values(self) -> tuple[str, int, int]:
        return self.label.currentText(), self.start.value(), self.end.value()


# ==================================================================== the window


class ReviewWindow(QMainWindow):
    """Review mode as a window: a document chooser, the review widget, menus and help."""

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        annotators: list[str] | None = None,
        min_agree: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.review = ReviewWidget(
            project, self, undo_stack=self.undo_stack, annotators=annotators, min_agree=min_agree
        )
        self.setCentralWidget(self.review)
        self.documents = QComboBox(self)
        self.documents.setMinimumWidth(360)
        self._fill_documents()
        self.documents.activated.connect(
            lambda index: self.open_document(self.documents.itemData(index))
        )
        toolbar = self.addToolBar("Documents")
        toolbar.setObjectName("reviewToolbar")
        toolbar.addWidget(QLabel(" Document: ", self))
        toolbar.addWidget(self.documents)
        self.review.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.review.failed.connect(lambda text: show_not_saved(self, text))
        self.review.documentOpened.connect(self._document_opened)
        self.review.stateChanged.connect(self._state_changed)
        self._build_menus()
        self.setWindowTitle(f"Review — {project.path.name}")
        self.resize(1400, 900)

    def _fill_documents(self) -> None:
        self.documents.clear()
        for doc_id, name, _title, status in self.project.document_rows(
            0, 1_000_000, annotator=adj.GOLD
        ):
            self.documents.addItem(f"{name}  ({status})", doc_id)

    def _action(self, text: str, slot, shortcuts: list[str] | None = None) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        review = self.review
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(lambda: review.step(back=True))
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(lambda: review.step(back=False))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        # Single keys are handled by the review widget; menus only show them.
        items = [
            ("Next disagreement\tN", lambda: review.step_disagreement(True)),
            ("Previous disagreement\tP", lambda: review.step_disagreement(False)),
            ("Accept\tA", review.accept_selected),
            ("Reject / withdraw rejection\tX", review.toggle_reject_selected),
            ("Take attributes\tT", review.take_attributes_selected),
            ("Edit gold span…\tE", review.edit_gold_dialog),
            ("Delete gold span\tDel", review.delete_gold_selected),
            ("Curation done / in progress\tD", review.toggle_done),
        ]
        menu = self.menuBar().addMenu("&Review")
        for text, slot in items:
            action = QAction(text, self)
            action.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(action)
        menu.addSeparator()
        self.done_next_action = self._action(
            "Mark done and open next\tCtrl+Enter",
            self.mark_done_and_next,
            ["Ctrl+Return", "Ctrl+Enter"],
        )
        self.next_document_action = self._action(
            "Next document", lambda: self.step_document(1), ["Alt+PgDown"]
        )
        self.previous_document_action = self._action(
            "Previous document", lambda: self.step_document(-1), ["Alt+PgUp"]
        )
        menu.addActions(
            [self.done_next_action, self.next_document_action, self.previous_document_action]
        )
        edit = self.menuBar().addMenu("&Edit")
        edit.addActions([self.undo_action, self.redo_action])
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("Review &keys", self.show_keys, ["F1"]))

    def open_document(self, document_id: int) -> None:
        self.review.open_document(document_id)

    def _document_opened(self, document_id: int) -> None:
        index = self.documents.findData(document_id)
        if index >= 0:
            self.documents.setCurrentIndex(index)
        self.review.view.setFocus()

    def _state_changed(self) -> None:
        state = self.review.state
        if state is None:
            return
        index = self.documents.findData(state.document_id)
        if index >= 0:
            name = self.project.document(state.document_id).name
            self.documents.setItemText(index, f"{name}  ({state.status})")

    def step_document(self, step: int) -> None:
        count = self.documents.count()
        if not count:
            return
        current = self.documents.findData(self.review.document_id)
        target = current + step if current >= 0 else 0
        if 0 <= target < count:
            self.open_document(self.documents.itemData(target))
        else:
            self.statusBar().showMessage("No more documents in this direction", 6000)

    def mark_done_and_next(self) -> None:
        current = self.review.document_id
        if current is None:
            return
        self.review.mark_done()
        remaining = self.project.document_ids(annotator=adj.GOLD, status=("new", "in progress"))
        following = [doc for doc in remaining if doc > current] or remaining
        if following:
            self.open_document(following[0])
        else:
            self.statusBar().showMessage("Curation of every document is done", 6000)

    def show_keys(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Review keys")
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser(dialog)
        browser.setHtml(review_keys_html() + _LEGEND_HELP)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(QSize(720, 600))
        dialog.exec()


_LEGEND_HELP = (
    "<h3>Colours</h3><p>Under every line: one lane per annotator, then the gold lane (yellow "
    "strip). An annotator's bar is coloured by its cluster: "
    + ", ".join(
        f"<b style='color:{KIND_COLOURS[k]}'>{html.escape(KIND_NAMES[k])}</b>" for k in KIND_COLOURS
    )
    + "; the small cap at the span's start has the label's colour. Faded: the cluster is "
    "resolved; grey and struck through: rejected. Gold bars have their label's colour. "
    "The text of unresolved clusters is tinted.</p>"
    "<p>Opening a document the first time merges the spans all annotators agree on into gold "
    "(undoable). A cluster is resolved when gold holds a span for it or every proposal in it "
    "is rejected.</p>"
)


def open_review_window(
    project: Project, document_id: int | None = None, parent: QWidget | None = None
) -> ReviewWindow:
    """A shown ReviewWindow (a top-level window even with a parent), on `document_id` if given."""
    window = ReviewWindow(project, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    if document_id is not None:
        window.open_document(document_id)
    return window
