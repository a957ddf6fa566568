"""The lane view: an article's text once, right to left, with one lane of bars per annotator
and a gold lane under every line (code points outside; UTF-16 only inside, through `OffsetMap`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlock,
    QTextBlockFormat,
)
from PySide6.QtWidgets import QWidget

from annotator.gui.barred_text import BarredTextView, TextLine
from annotator.gui.highlights import SpanItem, SpanLayers
from annotator.gui.review.style import GOLD_STRIP, KIND_COLOURS, LANE_STRIPS, REJECTED_COLOUR
from annotator.gui.theme import (
    GRAPHICS_CONTRAST,
    TEXT_CONTRAST,
    background_of,
    label_colours,
    readable,
    tint,
)
from annotator.model import Tokenization
from annotator.rules import GOLD

MAX_ROWS_PER_LANE = 3
LANE_GAP = 3
CAP_WIDTH = 9
NAME_CONTRAST = 7.0  # WCAG AAA for the lane names: at 9 pixels antialiasing pales them


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


# ==================================================================== the lane view


class LaneView(BarredTextView):
    """The text once (read-only, RTL) with one row of bars per lane under every line."""

    DOCUMENT_MARGIN = 14

    spanClicked = Signal(str)
    positionClicked = Signal(int)
    rangeDragged = Signal(bool)  # a mouse drag selected text; True: Alt held (exact characters)

    def __init__(
        self, *, font_family: str = "", font_size: int = 16, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "reviewLaneView", font_family=font_family, font_size=font_size, parent=parent
        )
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
        self._shades: dict[tuple[str, int, float], QColor] = {}  # `shade`'s, by background
        self.key_handler: Callable[[QKeyEvent, bool], bool] | None = None
        self.tooltip_for: Callable[[str], str] = lambda _uuid: ""
        self.gutter = _Gutter(self)
        self.verticalScrollBar().valueChanged.connect(self.gutter.update)
        self.install_text("")

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

    def bars_space(self) -> int:
        return self.lane_top(len(self._rows)) + 4

    def _block_format(self, *, blank: bool = False) -> QTextBlockFormat:
        """Lines with room for the lanes under them; blank paragraphs get none."""
        block = self._rtl_block_format()
        block.setLineHeight(
            0 if blank else self.bars_space(),
            QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value,
        )
        block.setBottomMargin(0 if blank else self.font_size * 0.4)
        return block

    def _is_blank(self, block: QTextBlock) -> bool:
        return not block.text().strip()

    def _layout_changed(self) -> None:
        self._hits.clear()

    def _shows(self, top: QRect, start: int, end: int) -> bool:
        """The span and the lanes under its last line are in the viewport."""
        bottom = self.cursor_rect(end)
        height = self.viewport().rect().height()
        return top.top() >= 0 and bottom.bottom() + self.bars_space() <= height

    # ---------------------------------------------------------------- content

    def set_text(self, text: str, tokens: Tokenization | None = None) -> None:
        """Show another text (no spans until `set_spans`); `tokens`: its own (a tokenized
        corpus's), which edges step by."""
        self._spans, self._clusters = {}, []
        self._layers = [SpanLayers() for _ in self._rows]
        self._selected = self._selected_cluster = None
        self.install_text(text, tokens)
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
            self._place_gutter()
        self._hits.clear()
        self.viewport().update()
        self.gutter.update()

    def set_selection(self, cluster: int | None, uuid: str | None) -> None:
        self._selected_cluster, self._selected = cluster, uuid if uuid in self._spans else None
        self.viewport().update()

    @property
    def lanes(self) -> list[str]:
        return list(self._lanes)

    def span(self, uuid: str) -> LaneSpan | None:
        return self._spans.get(uuid)

    # ---------------------------------------------------------------- positions

    def bar_rects(self, uuid: str) -> list[QRect]:
        """Viewport rectangles where `uuid`'s bar was last painted (tests, tooltips)."""
        dx, dy = self._offset()
        return [
            rect.translated(dx, dy).toAlignedRect()
            for key, rect in self._hits.items()
            if key[0] == uuid
        ]

    def _hit(self, point: QPoint) -> str | None:
        dx, dy = self._offset()
        doc = QPointF(point.x() - dx, point.y() - dy)
        for (uuid, _b, _l), rect in self._hits.items():
            if rect.adjusted(-1, -2, 1, 2).contains(doc):
                return uuid
        return None

    # ---------------------------------------------------------------- colours

    def shade(self, colour: str, background: QColor, minimum: float = GRAPHICS_CONTRAST) -> QColor:
        """`colour` as drawn on `background` (`theme.readable`: contrast >= `minimum`)."""
        key = (colour, background.rgb(), minimum)
        found = self._shades.get(key)
        if found is None:
            found = self._shades[key] = readable(QColor(colour), background, minimum)
        return found

    def strip_colour(self, lane: int) -> QColor:
        """The background of lane `lane` (the gold lane yellow) on the theme's page."""
        pale = GOLD_STRIP if lane == len(self._lanes) - 1 else LANE_STRIPS[lane % 2]
        return tint(pale, background_of(self.viewport()))

    # ---------------------------------------------------------------- painting

    def paint_behind(self, clip: QRect) -> None:
        self._paint_tints(clip)

    def paint_above(self, clip: QRect) -> None:
        self._paint_lanes(clip)

    def _paint_tints(self, clip: QRect) -> None:
        """Text backgrounds of unresolved clusters, behind the text."""
        if not self._clusters:
            return
        painter = QPainter(self.viewport())
        dx, dy = self._offset()
        painter.translate(dx, dy)
        page = background_of(self.viewport())
        for line in self.lines_in(clip):
            for index, (start, end, kind, resolved) in enumerate(self._clusters):
                if end <= line.cp_start or start >= line.cp_end:
                    continue
                selected = index == self._selected_cluster
                if resolved and not selected:
                    continue
                colour = QColor(label_colours(KIND_COLOURS.get(kind, "#888888"), page).bar)
                colour.setAlphaF(0.30 if selected else 0.16)
                for left, right in self.extents(line, start, end):
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
        selected_rects: list[QRectF] = []
        for line in self.lines_in(clip):
            for lane in range(len(self._rows)):
                y0 = line.bottom + self.lane_top(lane)
                strip = QRectF(6, y0 - 1, document_width - 12, self.lane_height(lane) - 1)
                strip_colour = self.strip_colour(lane)
                painter.fillRect(strip, strip_colour)
                for item in self._layers[lane].overlapping(line.cp_start, line.cp_end):
                    span = self._spans[item.uuid]
                    y = y0 + span.row * self.bar_step
                    for left, right in self.extents(line, span.start, span.end):
                        bar = QRectF(left + 1, y, max(right - left - 2, 3), height)
                        self._hits[(span.uuid, *line.key)] = bar
                        self._paint_bar(painter, span, bar, line, left, right, strip_colour)
                        if span.uuid == self._selected:
                            selected_rects.append(bar)
        if selected_rects:
            page = background_of(self.viewport())
            painter.setPen(QPen(self.shade("#111111", page, TEXT_CONTRAST), 2))
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
        line: TextLine,
        left: float,
        right: float,
        strip: QColor,
    ) -> None:
        """One bar on its lane's `strip`: gold's in its label's colour, an annotator's in its
        cluster kind's with a cap of its label's at its start (all readable on the strip)."""
        label_colour = QColor(self._colours.get(span.label, "#888888"))
        label_colour = QColor(label_colours(label_colour, strip).bar)
        if span.kind is None:
            painter.fillRect(bar, label_colour)
            return
        if span.rejected:
            colour = QColor(self.shade(REJECTED_COLOUR, strip))
        else:
            colour = QColor(self.shade(KIND_COLOURS.get(span.kind, "#888888"), strip))
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
            painter.fillRect(QRectF(edge - 0.5, bar.top(), 1.2, bar.height()), strip)
        if span.rejected:
            painter.setPen(QPen(self.shade("#444444", colour), 1.2))
            mid = bar.center().y()
            painter.drawLine(QPointF(bar.left(), mid), QPointF(bar.right(), mid))
            painter.setPen(Qt.PenStyle.NoPen)

    def _paint_selected_text(self, painter: QPainter, clip: QRect) -> None:
        span = self._spans.get(self._selected) if self._selected else None
        if span is None:
            return
        colour = label_colours(
            self._colours.get(span.label, "#333333"), background_of(self.viewport())
        ).outline
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for line in self.lines_in(clip):
            for left, right in self.extents(line, span.start, span.end):
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
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_drag(self._press)  # the workbench's drag selection (BarredTextView)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseMoveEvent(event)
        if self._drag_anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if self._drag_anchor is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_to(event.position().toPoint())
        self._drag_anchor = None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        point = event.position().toPoint()
        if (point - press).manhattanLength() > 4:
            if self.textCursor().hasSelection():
                self.rangeDragged.emit(bool(event.modifiers() & Qt.KeyboardModifier.AltModifier))
            return
        self.clear_text_selection()
        uuid = self._hit(point)
        if uuid is not None:
            self.spanClicked.emit(uuid)
            return
        position = self.char_at(point)
        if position is not None:
            self.positionClicked.emit(position)

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def tooltip_at(self, point: QPoint) -> str:
        uuid = self._hit(point)
        return self.tooltip_for(uuid) if uuid else ""

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
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
        names = self.view.lanes or [GOLD]
        metrics = self.fontMetrics()
        shown = [self.tr("gold") if name == GOLD else name for name in names]
        return 14 + max(metrics.horizontalAdvance(name) for name in shown)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        view = self.view
        painter = QPainter(self)
        page = self.palette().color(QPalette.ColorRole.AlternateBase)  # beside the page
        painter.fillRect(event.rect(), page)
        if not view.lanes:
            painter.end()
            return
        _dx, dy = view._offset()
        rect = QRect(0, 0, view.viewport().width(), view.viewport().height())
        shift = view.viewport().geometry().top() - self.geometry().top()
        for line in view.lines_in(rect):
            for lane, name in enumerate(view.lanes):
                if lane >= len(view._rows):
                    break
                top = line.bottom + view.lane_top(lane) + dy + shift
                box = QRectF(4, top - 2, self.width() - 8, max(view.bar_step + 2, 10))
                gold = lane == len(view.lanes) - 1
                painter.setPen(view.shade("#8a6d00" if gold else "#555b66", page, NAME_CONTRAST))
                shown = self.tr("gold") if gold and name == GOLD else name
                painter.drawText(
                    box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown
                )
        painter.end()
