"""The article view: the workbench's read-only right-to-left text with its spans painted on it.

A `BarredTextView` (the text, code points <-> UTF-16, hit testing, the selection as a span are
there, shared with the review's lanes); this module paints the workbench's spans. Highlights are
painted over the laid-out text: every span has an underline bar in its own row
(see `highlights.SpanLayers`), innermost spans also a translucent background, the selected span an
outline, and each CLAIM -> ACTOR relation an arrow. Changes repaint only the affected region.

Suggestions (`Session.suggestions`: what recommenders propose, not annotations until accepted)
are drawn apart: a dashed outline in the label's colour, no fill, no bar; the current one (which
Enter accepts and Backspace rejects) with a thicker outline. It is the one at the text cursor,
else the next after it; accepting or rejecting it makes the next one current.

Mouse: drag or double-click to select text; click a span to select it (clicking text where spans
nest picks the innermost one, clicking again at the same place the next enclosing one; clicking a
bar picks that bar's span); click a suggestion for its menu (accept, reject, accept all of its
label). Keys: see `annotator.gui.keys`.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Callable, Iterable
from math import ceil, cos, radians, sin

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QTextBlockFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from annotator.gui.barred_text import (
    BarredTextView,
    Segment,
    _word_window,
    attribute_text,
    step_edge,
    token_bounds,
)
from annotator.gui.commands import Editor
from annotator.gui.direction import text_direction
from annotator.gui.highlights import SpanItem, SpanLayers
from annotator.gui.keys import (
    CURSOR_ACTIONS,
    EDGE_ACTIONS,
    WORKBENCH,
    Keymap,
    key_code,
    label_hotkeys,
    shortcut_hint,
)
from annotator.gui.notes import NoteDialog, notes_html
from annotator.gui.session import Session
from annotator.gui.source_picker import SourcePicker, candidates
from annotator.gui.text_moves import next_stop
from annotator.gui.theme import LabelColours, background_of, find_highlight, label_colours
from annotator.gui.word_info import WordInfo, analyses_html
from annotator.store import Annotation, Relation, Suggestion

BAR_GAP = 2  # between bar rows
MIN_BAR_ROWS = 3
MAX_BAR_ROWS = 8
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class ArticleView(BarredTextView):
    """Shows the session's current document and turns mouse and keys into editor actions."""

    VISUAL_CURSOR = True

    annotationSelected = Signal(object)  # uuid or None
    fontSizeChanged = Signal(int)
    message = Signal(str)
    morphemeModeChanged = Signal(bool)  # View > Snap selections to morphemes turned on or off
    relationModeChanged = Signal(bool)

    def __init__(
        self,
        session: Session,
        editor: Editor,
        *,
        font_family: str = "",
        font_size: int = 17,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("articleView", font_family=font_family, font_size=font_size, parent=parent)
        self.session = session
        self.editor = editor
        self._layers = SpanLayers()
        self._segments: dict[str, list[Segment] | None] = {}
        self._pieces: list[tuple[SpanItem, list[Segment]]] = []  # painted by this paint event
        self._selected: str | None = None
        self._relation_mode = False
        self._exact_selection = False
        self._press_pos: QPoint | None = None
        self._drag_anchor: int | None = None  # UTF-16 position where a mouse drag started
        self._click_cycle: tuple[int, int] = (-1, 0)
        self._bar_rows = MIN_BAR_ROWS
        self.show_label_names = False  # View > Label names at spans
        self.words = WordInfo(self)  # the word under the mouse: transliteration, morphology
        self.words.loaded.connect(self._database_opened)
        self._colour_cache: dict[tuple[str, int], LabelColours] = {}
        self._find_ranges: list[tuple[int, int]] = []
        self._find_current: int | None = None
        self._hotkeys: dict[int, str] = {}
        self.key_actions = self._key_actions()
        self._keymap = Keymap(WORKBENCH, self.key_actions)
        self._relations_by_span: dict[str, list[Relation]] = {}
        self._suggested = SpanLayers()  # the shown suggestions (rows: insets where they overlap)
        self._suggestion_order: list[SpanItem] = []  # by start, longest first
        self._suggestion_segments: dict[str, list[Segment] | None] = {}
        self._current_suggestion: str | None = None
        self._steering = False  # the caret is being moved to the current suggestion
        self.suggestion_menu: QMenu | None = None  # the last click's menu
        self.setAccessibleName(self.tr("Article text"))
        self.setAccessibleDescription(
            self.tr(
                "The article, right to left: arrows move by token, Shift+arrows select, label "
                "keys annotate, Tab goes from span to span"
            )
        )
        self.source_picker = SourcePicker(self)  # R: the ACTOR spans to choose a source from
        self.source_picker.picked.connect(self._source_picked)
        self.source_picker.cancelled.connect(self._source_cancelled)
        self.source_picker.highlighted.connect(self._source_highlighted)

        session.documentChanged.connect(self._on_document)
        session.annotationAdded.connect(self._on_added)
        session.annotationRemoved.connect(self._on_removed)
        session.annotationChanged.connect(self._on_changed)
        session.relationsChanged.connect(self._on_relations)
        session.labelsChanged.connect(self._on_labels)
        session.visibilityChanged.connect(self._reload_layers)
        session.suggestionsChanged.connect(self._on_suggestions)
        self.cursorPositionChanged.connect(self._caret_moved)
        self._on_labels()
        self.install_text("")

    # ---------------------------------------------------------------- geometry

    @property
    def bar_height(self) -> int:
        return max(3, round(self.font_size / 5))

    @property
    def bar_top(self) -> int:
        return 2

    @property
    def tag_height(self) -> int:
        """Height of a label name tag (View > Label names at spans)."""
        return ceil(QFontMetricsF(self._tag_font()).height()) + 1

    @property
    def row_pitch(self) -> int:
        """Height of one bar row: a bar, or with label names a name tag, and the gap."""
        high = max(self.bar_height, self.tag_height) if self.show_label_names else self.bar_height
        return high + BAR_GAP

    def bars_space(self) -> int:
        return self.bar_top + self._bar_rows * self.row_pitch

    def _tag_font(self) -> QFont:
        font = QFont(self._font())
        font.setPointSizeF(max(7.0, self.font_size * 0.45))
        font.setBold(True)
        return font

    def set_show_label_names(self, on: bool) -> None:
        """Write each span's label at its start, on its bar (readable without colour)."""
        if on != self.show_label_names:
            self.show_label_names = on
            self._relayout()

    def _block_format(self, *, blank: bool = False) -> QTextBlockFormat:
        """Lines with room for the bar rows; blank lines between paragraphs take a third of
        a line, not a full one."""
        block = self._rtl_block_format()
        if blank:
            block.setLineHeight(
                self.font_size * 0.6, QTextBlockFormat.LineHeightTypes.FixedHeight.value
            )
        else:
            block.setLineHeight(
                self.bars_space(), QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value
            )
        return block

    def _layout_changed(self) -> None:
        self._segments.clear()
        self._suggestion_segments.clear()

    # ---------------------------------------------------------------- document

    def _on_document(self, _document: object) -> None:
        self._selected = None
        self._set_relation_mode(False)
        self._find_ranges, self._find_current = [], None
        self._build_layers()
        self._on_relations()
        self._current_suggestion = None
        self._steering = True  # a new text puts the caret at its start: not a move
        try:
            self.install_text(self.session.text, self.session.tokens)
        finally:
            self._steering = False
        self._on_suggestions()
        self.verticalScrollBar().setValue(0)
        self.annotationSelected.emit(None)

    def _build_layers(self) -> None:
        self._layers.reset(self._item(a) for a in self.session.annotations.values())
        self._bar_rows = max(MIN_BAR_ROWS, min(MAX_BAR_ROWS, self._layers.row_count))

    def _reload_layers(self) -> None:
        rows = self._bar_rows
        self._build_layers()
        self._on_relations()
        if self._selected not in self._layers:
            self._select(None)
        self._segments.clear()
        if rows != self._bar_rows:
            self._relayout()
        self._on_suggestions()
        self.viewport().update()

    def _item(self, ann: Annotation) -> SpanItem:
        return SpanItem(
            ann.uuid, ann.start, ann.end, ann.label, own=ann.annotator == self.session.annotator
        )

    def _on_labels(self) -> None:
        self._hotkeys = label_hotkeys(self.session.labels.values())
        self.viewport().update()

    # ---------------------------------------------------------------- incremental updates

    def _on_added(self, ann: Annotation) -> None:
        if ann.document_id != self.session.document_id:
            return
        item = self._item(ann)
        changed = self._layers.add(item)
        rows = self._layers.row_count  # an enclosing span's bar may have moved out
        if rows > self._bar_rows and self._bar_rows < MAX_BAR_ROWS:
            self._bar_rows = min(MAX_BAR_ROWS, rows)
            self._relayout()
        else:
            self._update_spans(changed)

    def _on_removed(self, ann: Annotation) -> None:
        old = self._segments.pop(ann.uuid, None)
        _item, changed = self._layers.remove(ann.uuid)
        self._update_segments(old)
        self._update_spans(changed)
        if self._selected == ann.uuid:
            self._select(None)

    def _on_changed(self, before: Annotation, after: Annotation) -> None:
        old = self._segments.pop(before.uuid, None)
        self._layers.remove(before.uuid)
        self._update_segments(old)
        self._on_added(after)
        if self._selected == after.uuid:
            self.annotationSelected.emit(after.uuid)

    def _update_spans(self, uuids: set[str]) -> None:
        for uuid in uuids:
            self._update_segments(self._segments_of(uuid))

    def _update_segments(self, segments: list[Segment] | None) -> None:
        if not segments:
            return
        dx, dy = self._offset()
        below = self.bars_space() + 2
        side = 3 + (80 if self.show_label_names else 0)  # a tag may be wider than its span
        rect = QRectF()
        for seg in segments:
            rect = rect.united(
                QRectF(
                    seg.left - side,
                    seg.top - 3,
                    seg.right - seg.left + 2 * side,
                    seg.bottom - seg.top + below + 6,
                )
            )
        self.viewport().update(rect.translated(dx, dy).toAlignedRect())

    # ---------------------------------------------------------------- positions

    def _bar_at(self, point: QPoint) -> SpanItem | None:
        """The span whose bar is under `point`, if any."""
        dx, dy = self._offset()
        x, y = point.x() - dx, point.y() - dy
        height = self.bar_height
        for item in self._visible_items(QRect(point, point).adjusted(-2, -40, 2, 40)):
            for seg in self._segments_of(item.uuid) or ():
                top = self._bar_y(seg, item)
                if seg.left <= x <= seg.right and top - 1 <= y <= top + height + 1:
                    return item
        return None

    def _bar_y(self, seg: Segment, item: SpanItem) -> float:
        row = min(item.row, self._bar_rows - 1)
        middle = (self.row_pitch - BAR_GAP - self.bar_height) / 2  # a bar through its tag
        return seg.bottom + self.bar_top + row * self.row_pitch + middle

    def label_colours(self, name: str) -> LabelColours:
        """What label `name` is drawn with on this view's background (`annotator.gui.theme`)."""
        colour = _colour(self.session.labels, name)
        background = background_of(self.viewport())
        key = (f"{name}\0{colour}", background.rgb())
        found = self._colour_cache.get(key)
        if found is None:
            found = self._colour_cache[key] = label_colours(colour, background)
        return found

    def _tip_colour(self, name: str) -> str:
        """Label `name`'s colour for text in a tooltip (readable on its background)."""
        tip = self.palette().color(QPalette.ColorRole.ToolTipBase)
        return label_colours(_colour(self.session.labels, name), tip).text.name()

    def tag_rect(self, item: SpanItem, segments: list[Segment]) -> QRectF | None:
        """Where `item`'s name tag goes (document coordinates): on its bar at its start, the
        right end of its first line for right-to-left text, the left end for left-to-right."""
        if not segments or not self.show_label_names:
            return None
        first_line = [seg for seg in segments if seg.top == segments[0].top]
        text = self.text[item.start : item.end]
        width = QFontMetricsF(self._tag_font()).horizontalAdvance(item.label) + 6
        height = self.tag_height
        top = self._bar_y(first_line[0], item) - (height - self.bar_height) / 2
        if text_direction(text) == Qt.LayoutDirection.RightToLeft:
            right = max(seg.right for seg in first_line)
            return QRectF(right - width, top, width, height)
        return QRectF(min(seg.left for seg in first_line), top, width, height)

    # ---------------------------------------------------------------- span geometry

    def _segments_of(self, uuid: str) -> list[Segment] | None:
        if uuid in self._segments:
            return self._segments[uuid]
        item = self._layers.get(uuid)
        if item is None:
            return None
        segments = self.segments(item.start, item.end)
        if segments is not None:
            self._segments[uuid] = segments
        return segments

    def _visible_items(self, rect: QRect) -> list[SpanItem]:
        """Spans that may be painted in `rect` (viewport coordinates)."""
        if not len(self._layers):
            return []
        visible = self.visible_range(rect)
        return self._layers.overlapping(*visible) if visible else []

    # ---------------------------------------------------------------- painting

    def paint_behind(self, clip: QRect) -> None:
        """Find hits and the backgrounds of innermost spans, under the text."""
        pieces = []
        for item in self._visible_items(clip):
            segments = self._segments_of(item.uuid)
            if segments:
                pieces.append((item, segments))
        self._pieces = pieces
        if pieces or self._find_ranges:
            painter, doc_clip = self._painter(clip)
            self._paint_find(painter, doc_clip, clip)
            self._paint_backgrounds(painter, doc_clip, pieces)
            painter.end()

    def paint_above(self, clip: QRect) -> None:
        """Bars, relation arrows, the selected span's outline and the suggestions' dashed
        outlines, over the text."""
        pieces, self._pieces = self._pieces, []
        if pieces or self._selected is not None or len(self._suggested):
            painter, doc_clip = self._painter(clip)
            self._paint_bars(painter, doc_clip, pieces)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._paint_relations(painter, doc_clip, [item for item, _ in pieces])
            self._paint_selection(painter)
            self._paint_suggestions(painter, doc_clip, clip)
            painter.end()

    def _paint_backgrounds(self, painter: QPainter, doc_clip: QRectF, pieces: list) -> None:
        for item, segments in pieces:
            if not item.leaf:
                continue
            colour = QColor(self.label_colours(item.label).fill)
            if not item.own:
                colour.setAlphaF(colour.alphaF() / 2)
            for seg in segments:
                rect = QRectF(seg.left, seg.top + 2, seg.right - seg.left, seg.bottom - seg.top)
                if rect.intersects(doc_clip):
                    painter.fillRect(rect, colour)

    def _paint_bars(self, painter: QPainter, doc_clip: QRectF, pieces: list) -> None:
        height = self.bar_height
        for item, segments in pieces:
            colour = self.label_colours(item.label).bar
            selected = item.uuid == self._selected
            for seg in segments:
                y = self._bar_y(seg, item)
                bar = QRectF(seg.left + 1, y, max(seg.right - seg.left - 2, 2), height)
                if not bar.intersects(doc_clip):
                    continue
                if item.own:
                    painter.fillRect(bar, colour.darker(130) if selected else colour)
                else:
                    pen = QPen(colour, height, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
                    painter.setPen(pen)
                    mid = y + height / 2
                    painter.drawLine(QPointF(bar.left(), mid), QPointF(bar.right(), mid))
                    painter.setPen(Qt.PenStyle.NoPen)
        if self.show_label_names:
            self._paint_tags(painter, doc_clip, pieces)

    def _paint_tags(self, painter: QPainter, doc_clip: QRectF, pieces: list) -> None:
        """Each span's label name in a small tag on its bar, at its start (outer spans, on
        outer rows, after inner ones so that theirs stay whole)."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self._tag_font())
        for item, segments in sorted(pieces, key=lambda piece: piece[0].row):
            rect = self.tag_rect(item, segments)
            if rect is None or not rect.intersects(doc_clip):
                continue
            colours = self.label_colours(item.label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.tag)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(colours.tag_text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, item.label)
        painter.restore()

    def _paint_find(self, painter: QPainter, doc_clip: QRectF, clip: QRect) -> None:
        visible = self.visible_range(clip) if self._find_ranges else None
        if visible is None:
            return
        first = max(0, bisect_left(self._find_ranges, (visible[0], 0)) - 1)
        for index in range(first, len(self._find_ranges)):
            start, end = self._find_ranges[index]
            if start >= visible[1]:
                break
            colour = find_highlight(index == self._find_current, background_of(self.viewport()))
            for seg in self.segments(start, end) or ():
                rect = QRectF(seg.left, seg.top, seg.right - seg.left, seg.bottom - seg.top)
                if rect.intersects(doc_clip):
                    painter.fillRect(rect, colour)

    def _paint_selection(self, painter: QPainter) -> None:
        if self._selected is None:
            return
        item = self._layers.get(self._selected)
        segments = self._segments_of(self._selected) if item else None
        if not segments:
            return
        colour = self.label_colours(item.label).outline
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for seg in segments:
            bottom = self._bar_y(seg, item) + self.bar_height + 1
            painter.drawRoundedRect(
                QRectF(seg.left - 2, seg.top + 1, seg.right - seg.left + 4, bottom - seg.top - 1),
                4,
                4,
            )

    def _relation_path(self, relation: Relation) -> tuple[QPainterPath, QPointF, QPointF] | None:
        """The arrow of a relation in document coordinates: from the head span's start (its
        right end, in RTL text) to the middle of the tail span, arching over the text."""
        head_segments = self._segments_of(relation.head)
        tail_segments = self._segments_of(relation.tail)
        if not head_segments or not tail_segments:
            return None
        start_seg, end_seg = head_segments[0], tail_segments[0]
        start = QPointF(start_seg.right - 3, start_seg.top + 6)
        end = QPointF((end_seg.left + end_seg.right) / 2, end_seg.top + 6)
        lift = min(60.0, 18 + abs(end.x() - start.x()) / 6 + abs(end.y() - start.y()) / 8)
        top = min(start.y(), end.y()) - lift
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
        return path, start, end

    def _relations_touching(self, uuids: Iterable[str]) -> list[Relation]:
        found: dict[str, Relation] = {}
        for uuid in uuids:
            for relation in self._relations_by_span.get(uuid, ()):
                found[relation.uuid] = relation
        return list(found.values())

    def _update_relations(self, uuids: Iterable[str]) -> None:
        """Repaint the arrows of the relations that touch these spans."""
        dx, dy = self._offset()
        for relation in self._relations_touching(uuids):
            drawn = self._relation_path(relation)
            if drawn is not None:
                rect = drawn[0].boundingRect().adjusted(-12, -24, 60, 12)
                self.viewport().update(rect.translated(dx, dy).toAlignedRect())

    def _on_relations(self) -> None:
        self._relations_by_span = {}
        for relation in self.session.relations:
            self._relations_by_span.setdefault(relation.head, []).append(relation)
            self._relations_by_span.setdefault(relation.tail, []).append(relation)
        self.viewport().update()

    def _paint_relations(self, painter: QPainter, doc_clip: QRectF, items: list[SpanItem]) -> None:
        if not self._relations_by_span:
            return
        for relation in self._relations_touching(item.uuid for item in items):
            head, tail = self._layers.get(relation.head), self._layers.get(relation.tail)
            if head is None or tail is None:
                continue
            drawn = self._relation_path(relation)
            if drawn is None:
                continue
            path, start, end = drawn
            if not path.boundingRect().adjusted(-12, -24, 60, 12).intersects(doc_clip):
                continue
            active = self._selected in (head.uuid, tail.uuid)
            colour = QColor(self.label_colours(tail.label).outline)
            colour.setAlphaF(1.0 if active else 0.45)
            painter.setPen(QPen(colour, 2.2 if active else 1.3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(start, 3, 3)
            painter.drawPolygon(_arrow_head(path, end, 9 if active else 7))
            if active:
                self._paint_relation_label(painter, path, relation.label, colour)

    def _paint_relation_label(
        self, painter: QPainter, path: QPainterPath, text: str, colour: QColor
    ) -> None:
        """The relation's name in a small rounded box on the top of its arrow."""
        font = QFont(painter.font())
        font.setPointSizeF(max(8.0, self.font_size * 0.55))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        apex = path.pointAtPercent(0.5)
        box = QRectF(metrics.boundingRect(text)).adjusted(-5, -2, 5, 2)
        box.moveCenter(apex)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(background_of(self.viewport()))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # ---------------------------------------------------------------- suggestions

    def _on_suggestions(self) -> None:
        """The session's shown suggestions changed: lay them out again; a current one that
        went (accepted, rejected) gives way to the next after it."""
        old = self._suggested.get(self._current_suggestion) if self._current_suggestion else None
        self._suggested.reset(
            SpanItem(s.uuid, s.start, s.end, s.label) for s in self.session.suggestions.values()
        )
        self._suggestion_order = sorted(
            self._suggested.items(), key=lambda i: (i.start, -i.end, i.uuid)
        )
        self._suggestion_segments.clear()
        if old is None or old.uuid not in self._suggested:
            after = None
            if old is not None:
                after = next(
                    (
                        i.uuid
                        for i in self._suggestion_order
                        if (i.start, -i.end) >= (old.start, -old.end)
                    ),
                    None,
                )
            self._current_suggestion = after or self._suggestion_near_caret()
        self.viewport().update()

    @property
    def current_suggestion(self) -> str | None:
        """The suggestion Enter accepts and Backspace rejects (drawn with a thicker outline)."""
        return self._current_suggestion

    def set_current_suggestion(self, uuid: str | None, *, reveal: bool = True) -> None:
        """Make a shown suggestion current; the text cursor goes to its start."""
        if uuid is not None and uuid not in self._suggested:
            return
        self._set_current(uuid)
        item = self._suggested.get(uuid) if uuid else None
        if item is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_utf16(item.start))
        self._steering = True
        try:
            self.setTextCursor(cursor)
        finally:
            self._steering = False
        if reveal:
            self.reveal(item.start, item.end)

    def _set_current(self, uuid: str | None) -> None:
        if uuid == self._current_suggestion:
            return
        previous, self._current_suggestion = self._current_suggestion, uuid
        for changed in (previous, uuid):
            item = self._suggested.get(changed) if changed is not None else None
            if item is None:
                continue
            dx, dy = self._offset()
            for seg in self._suggestion_segments_of(item.uuid) or ():
                rect = _outline(seg, item.row, current=True).adjusted(-3, -3, 3, 3)
                self.viewport().update(rect.translated(dx, dy).toAlignedRect())

    def _caret_moved(self) -> None:
        if not self._steering:
            self._set_current(self._suggestion_near_caret())

    def _suggestion_near_caret(self) -> str | None:
        """The innermost suggestion at the text cursor, else the first one after it."""
        if not self._suggestion_order:
            return None
        cursor = self.textCursor()
        position = self.to_cp(
            cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        )
        here = self._suggested.at(position)
        if here:
            return here[0].uuid
        return next((i.uuid for i in self._suggestion_order if i.start >= position), None)

    def _suggestion_segments_of(self, uuid: str) -> list[Segment] | None:
        if uuid in self._suggestion_segments:
            return self._suggestion_segments[uuid]
        item = self._suggested.get(uuid)
        if item is None:
            return None
        segments = self.segments(item.start, item.end)
        if segments is not None:
            self._suggestion_segments[uuid] = segments
        return segments

    def _paint_suggestions(self, painter: QPainter, doc_clip: QRectF, clip: QRect) -> None:
        """Dashed outlines in the label's colour, no fill; the current one thicker. Where
        suggestions overlap, each further row is drawn a little wider."""
        if not len(self._suggested):
            return
        visible = self.visible_range(clip)
        if visible is None:
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for item in self._suggested.overlapping(*visible):
            current = item.uuid == self._current_suggestion
            colour = QColor(self.label_colours(item.label).bar)
            pen = QPen(colour, 2.6 if current else 1.4, Qt.PenStyle.DashLine)
            pen.setDashPattern([3.0, 2.0] if current else [4.0, 3.0])
            painter.setPen(pen)
            for seg in self._suggestion_segments_of(item.uuid) or ():
                rect = _outline(seg, item.row, current=current)
                if rect.intersects(doc_clip):
                    painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(Qt.PenStyle.NoPen)

    def _suggestion_clicked(self, point: QPoint) -> SpanItem | None:
        """The suggestion a click at `point` means: the innermost one under it, unless a span's
        bar is there or a shorter span holds the character (then the click is the span's)."""
        if not len(self._suggested) or self._bar_at(point) is not None:
            return None
        position = self.char_at(point)
        if position is None:
            return None
        here = self._suggested.at(position)
        if not here:
            return None
        spans = self._layers.at(position)
        if spans and spans[0].length < here[0].length:
            return None
        return here[0]

    def accept_suggestion(self, uuid: str | None = None) -> None:
        """Accept a suggestion (by default the current one) as the annotator's annotation; the
        next suggestion becomes current."""
        uuid = uuid or self._current_suggestion
        if uuid is None:
            self.message.emit(self.tr("No suggestion here (Alt+Down goes to the next one)"))
            return
        self._set_current(uuid)  # the next after it becomes current
        if self.editor.accept([uuid]) is not None:
            self._follow_current()

    def reject_suggestion(self, uuid: str | None = None) -> None:
        """Reject a suggestion (by default the current one); the next becomes current."""
        uuid = uuid or self._current_suggestion
        if uuid is None:
            self.message.emit(self.tr("No suggestion here (Alt+Down goes to the next one)"))
            return
        self._set_current(uuid)
        if self.editor.reject([uuid]) is not None:
            self._follow_current()

    def accept_suggestion_label(self, uuid: str | None = None) -> None:
        """Accept every shown suggestion of the label of `uuid` (by default the current one)
        in the document, as one undo step."""
        uuid = uuid or self._current_suggestion
        suggestion = self.session.suggestions.get(uuid) if uuid else None
        if suggestion is None:
            self.message.emit(self.tr("No suggestion here (Alt+Down goes to the next one)"))
            return
        self._set_current(uuid)
        accepted = self.editor.accept_label(suggestion.label)
        if accepted is not None:
            self.message.emit(
                self.tr("Accepted {count} {label} suggestions").format(
                    count=len(accepted.suggestions), label=suggestion.label
                )
            )
            self._follow_current()

    def _backspace(self) -> None:
        """Backspace: delete the selected span, else reject the current suggestion."""
        if self._selected is not None:
            self.delete_selected()
        else:
            self.reject_suggestion()

    def _follow_current(self) -> None:
        """Bring the text cursor and the view to the current suggestion (after an action)."""
        if self._current_suggestion is not None:
            self.set_current_suggestion(self._current_suggestion)

    def step_suggestion(self, step: int) -> None:
        """Make the next (1) or previous (-1) suggestion current, in text order."""
        order = [i.uuid for i in self._suggestion_order]
        if not order:
            self.message.emit(self.tr("No suggestions in this document"))
            return
        if self._current_suggestion in order:
            index = order.index(self._current_suggestion) + step
        else:
            index = 0 if step > 0 else len(order) - 1
        if not 0 <= index < len(order):
            self.message.emit(self.tr("No more suggestions in this direction"))
            return
        self.select_annotation(None, reveal=False)
        self.set_current_suggestion(order[index])

    def add_suggestion_actions(self, menu: QMenu, uuid: str) -> None:
        """The actions on one suggestion: accept it, reject it, accept all of its label."""
        suggestion = self.session.suggestions.get(uuid)
        if suggestion is None:
            return
        same = sum(1 for s in self.session.suggestions.values() if s.label == suggestion.label)
        accept = menu.addAction(
            self.tr("Accept {label} ({recommender}, {score})").format(
                label=suggestion.label,
                recommender=suggestion.recommender,
                score=f"{suggestion.score:.2f}",
            )
            + _hint("accept_suggestion")
        )
        accept.triggered.connect(lambda _=False: self.accept_suggestion(uuid))
        reject = menu.addAction(self.tr("Reject") + _hint("reject_suggestion"))
        reject.triggered.connect(lambda _=False: self.reject_suggestion(uuid))
        every = menu.addAction(
            self.tr("Accept all {count} {label} suggestions").format(
                count=same, label=suggestion.label
            )
            + _hint("accept_suggestion_label")
        )
        every.triggered.connect(lambda _=False: self.accept_suggestion_label(uuid))

    def _popup_suggestion_menu(self, uuid: str, where: QPoint) -> None:
        if self.suggestion_menu is not None:
            self.suggestion_menu.deleteLater()
        menu = QMenu(self)
        menu.setObjectName("suggestionMenu")
        self.add_suggestion_actions(menu, uuid)
        self.suggestion_menu = menu
        menu.popup(where)

    def describe_suggestion(self, suggestion: Suggestion) -> str:
        """Rich-text description of a suggestion for tooltips: label, recommender, score."""
        colour = self._tip_colour(suggestion.label)
        lines = [
            f"<b style='color:{colour}'>{html.escape(suggestion.label)}</b> · "
            + html.escape(
                self.tr("suggested by {recommender}, score {score}").format(
                    recommender=suggestion.recommender, score=f"{suggestion.score:.2f}"
                )
            ),
            f"<span dir='rtl'>{html.escape(_shorten(suggestion.text))}</span>",
        ]
        for key, value in suggestion.attributes.items():
            if value not in (None, ""):
                lines.append(f"{html.escape(str(key))}: {html.escape(attribute_text(value))}")
        if suggestion.source is not None:
            source = self.session.text[suggestion.source[0] : suggestion.source[1]]
            lines.append(
                html.escape(self.tr("source:"))
                + f" <span dir='rtl'>{html.escape(_shorten(source))}</span>"
            )
        lines.append(
            "<i>" + html.escape(self.tr("Enter accepts, Backspace rejects, click: menu")) + "</i>"
        )
        return "<br>".join(lines)

    # ---------------------------------------------------------------- selection of spans

    @property
    def selected_annotation(self) -> str | None:
        return self._selected

    def select_annotation(self, uuid: str | None, *, reveal: bool = True) -> None:
        """Select a displayed span (outlined; keys act on it), or none."""
        if uuid is not None and uuid not in self._layers:
            uuid = None
        if uuid is not None:
            cursor = self.textCursor()
            if cursor.hasSelection():
                cursor.clearSelection()
                self.setTextCursor(cursor)
        self._select(uuid)
        if uuid is not None and reveal:
            self.reveal(*self._range_of(uuid))

    def _select(self, uuid: str | None) -> None:
        if uuid == self._selected:
            return
        previous, self._selected = self._selected, uuid
        changed = [u for u in (previous, uuid) if u is not None]
        for span in changed:
            self._update_segments(self._segments_of(span))
        self._update_relations(changed)  # the selection's arrows are emphasised
        self.annotationSelected.emit(uuid)

    def _range_of(self, uuid: str) -> tuple[int, int]:
        item = self._layers.get(uuid)
        return (item.start, item.end) if item else (0, 0)

    def select_range(self, start: int, end: int) -> None:
        """Select text [start, end) (code points), as a drag would."""
        super().select_range(start, end)
        self._exact_selection = False
        self._select(None)

    @property
    def snap_morphemes(self) -> bool:
        """View > Snap selections to morphemes: whether a labelled selection snaps to whole
        clitics and stems of the morphology's D3 tokenization instead of whole tokens."""
        return self.morpheme_pieces is not None

    def set_snap_morphemes(self, on: bool) -> bool:
        """Turn the morpheme snapping mode on or off; it stays off without a morphology
        database (the reason is in the `message`). Whether it is on."""
        state = self.words.state()
        if on and not state.available:
            self.message.emit(state.reason)
            on = False
        changed = on != self.snap_morphemes
        self.morpheme_pieces = self.words.pieces if on else None  # see annotation_range
        if changed:
            self.morphemeModeChanged.emit(on)
        if on:
            self.words.start()  # open the database now, not at the first selection
        return on

    def _database_opened(self) -> None:
        """The morphology database finished opening: a word's tooltip shown meanwhile gets
        the analyses; a database that failed to open says why and the morpheme mode stops."""
        if not self.words.ready():
            state = self.words.state()
            if self.snap_morphemes:
                self.set_snap_morphemes(False)
            self.message.emit(state.reason)
            return
        if QToolTip.isVisible() and self.viewport().underMouse():
            where = QCursor.pos()
            tip = self.tooltip_at(self.viewport().mapFromGlobal(where))
            if tip:
                QToolTip.showText(where, tip, self.viewport())

    def word_at(self, position: int) -> tuple[int, int] | None:
        """The token containing code point `position`, if any."""
        text = self.text
        if not 0 <= position < len(text) or text[position].isspace():
            return None
        window = _word_window(text, position, position + 1)
        for start, end in token_bounds(text, *window, self.own_tokens):
            if start <= position < end:
                return start, end
        return None

    def word_tooltip(self, position: int) -> str:
        """Rich text about the word at `position`: its transliteration in the scheme of View >
        Transliteration and its analyses when a morphology database is available; empty when
        there is nothing to say (no word, or no Arabic letter and no analysis)."""
        from annotator.camel.translit import transliterate
        from annotator.gui.settings import Settings

        found = self.word_at(position)
        if found is None:
            return ""
        word = self.text[found[0] : found[1]]
        scheme = Settings().transliteration()
        translit = transliterate(word, scheme) if scheme else None
        available = self.words.state().available
        analyses = self.words.analyses(word) if available else None
        if translit == word:
            translit = None  # nothing to transliterate (Latin, digits, punctuation)
        if not translit and not analyses:
            return ""
        return analyses_html(
            word, translit, analyses, scheme, loading=available and analyses is None
        )

    def set_find_highlights(
        self, ranges: list[tuple[int, int]], current: int | None = None
    ) -> None:
        """Mark search hits (code point ranges) in the text; `current` is an index in ranges."""
        order = sorted(range(len(ranges)), key=lambda i: ranges[i])
        self._find_ranges = [tuple(ranges[i]) for i in order]
        valid = current is not None and 0 <= current < len(ranges)
        self._find_current = order.index(current) if valid else None
        if valid:
            self.reveal(*ranges[current])
        self.viewport().update()

    def set_current_find(self, start: int, end: int) -> None:
        """Emphasise the hit [start, end) among the find highlights and scroll to it."""
        try:
            self._find_current = self._find_ranges.index((start, end))
        except ValueError:
            self._find_current = None
        self.reveal(start, end)
        self.viewport().update()

    # ---------------------------------------------------------------- actions

    def apply_label(self, label: str, *, exact: bool = False) -> None:
        """Label the text selection (a new span) or relabel the selected span."""
        exact = exact or self._exact_selection
        unsnapped = self.snap_morphemes and not exact and not self.words.ready()
        span = self.annotation_range(exact)
        if span is not None:
            if unsnapped:  # the database is still opening: the selection took whole words
                self.message.emit(
                    self.tr(
                        "The morphology database is still opening: this span takes whole words; "
                        "snapping to morphemes starts once the database is loaded"
                    )
                )
            added = self.editor.annotate(label, *span)
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self._exact_selection = False
            if added is not None:
                self.select_annotation(added.uuid, reveal=False)
        elif self._selected is not None:
            self.editor.relabel(self._selected, label)
        else:
            self.message.emit("Select some text first (drag, or Shift+arrows)")

    def delete_selected(self) -> None:
        if self._selected is not None:
            self.editor.delete([self._selected])

    def edit_note(self, *, document: bool = False) -> None:
        """Write or edit the annotator's note on the selected span, else (or with `document`)
        on the document."""
        if self.session.document is not None:
            NoteDialog(self.editor, None if document else self._selected, self).exec()

    def toggle_review(self, *, document: bool = False) -> None:
        """Flag the annotator's note on the selected span, else (or with `document`) on the
        document, as needing review, or unflag it."""
        if self.session.document is not None:
            self.editor.toggle_review(None if document else self._selected)

    def start_relation(self) -> None:
        """After this, clicking a span makes it the source of the selected claim."""
        uuid = self._selected
        ann = self.session.annotations.get(uuid) if uuid else None
        heads = {r.head_label for r in self.session.project.relation_types()}
        if ann is None or ann.label not in heads or not self.session.is_own(uuid):
            self.message.emit("Select one of your CLAIM spans first, then press R")
            return
        self._set_relation_mode(True)
        found = candidates(ann, list(self.session.annotations.values()), self._source_labels())
        if found:
            self.source_picker.show_candidates(found)
            self.message.emit(
                self.tr(
                    "Choose the source of this claim: ↑ ↓ and Enter, or click an ACTOR (Esc "
                    "cancels)"
                )
            )
        else:
            self.message.emit(
                self.tr("No ACTOR span in this document yet: click one, or Esc to cancel")
            )

    def _source_picked(self, uuid: str) -> None:
        """The source picker's choice: the claim's source (one undo step)."""
        self._set_relation_mode(False)
        self.setFocus()
        target = self.session.annotations.get(uuid)
        if target is not None and self._selected is not None:
            if self.editor.set_source(self._selected, uuid) is not None:
                self.message.emit(self.tr("Source set: {text}").format(text=_shorten(target.text)))

    def _source_cancelled(self) -> None:
        self._set_relation_mode(False)
        self.setFocus()
        self.message.emit("")

    def _source_highlighted(self, uuid: str) -> None:
        """Show the candidate under the picker's cursor in the text."""
        item = self._layers.get(uuid)
        if item is not None:
            self.reveal(item.start, item.end)

    def _set_relation_mode(self, on: bool) -> None:
        if not on and self.source_picker.isVisible():
            self.source_picker.hide()
        if on != self._relation_mode:
            self._relation_mode = on
            self.viewport().setCursor(
                Qt.CursorShape.CrossCursor if on else Qt.CursorShape.IBeamCursor
            )
            self.relationModeChanged.emit(on)

    @property
    def relation_mode(self) -> bool:
        return self._relation_mode

    def move_edge(self, edge: str, direction: int, by_char: bool) -> None:
        """Move the selected span's `edge` ("start" or "end") by one token or character;
        `direction` -1 moves it towards the text's beginning, +1 towards its end."""
        uuid = self._selected
        if uuid is None or not self.session.is_own(uuid):
            return
        ann = self.session.annotations[uuid]
        text = self.session.text
        position = ann.start if edge == "start" else ann.end
        new = step_edge(text, position, direction, by_char, edge, self.own_tokens)
        if new is None:
            return
        start, end = (new, ann.end) if edge == "start" else (ann.start, new)
        if start < end:
            self.editor.resize(uuid, start, end)

    def set_font_size(self, size: int) -> None:
        size = max(9, min(48, int(size)))
        if size == self.font_size:
            return
        self.font_size = size
        self._relayout()
        self.fontSizeChanged.emit(size)

    def zoom_in(self) -> None:
        self.set_font_size(self.font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self.font_size - 1)

    # ---------------------------------------------------------------- input

    def _key_actions(self) -> dict[str, Callable[[], None]]:
        """The view's own keys (the keymap's WORKBENCH actions but the window's)."""
        actions: dict[str, Callable[[], None]] = {
            "next_span": lambda: self._select_neighbour(1),
            "previous_span": lambda: self._select_neighbour(-1),
            "delete_span": self.delete_selected,
            "edit_note": self.edit_note,
            "set_source": self.start_relation,
            "deselect": self._escape,
            "accept_suggestion": self.accept_suggestion,
            "reject_suggestion": self._backspace,
            "accept_suggestion_label": self.accept_suggestion_label,
            "next_suggestion": lambda: self.step_suggestion(1),
            "previous_suggestion": lambda: self.step_suggestion(-1),
        }
        for name, (direction, unit, extend) in CURSOR_ACTIONS.items():
            actions[name] = lambda d=direction, u=unit, x=extend: self.move_cursor(d, u, extend=x)
        for name, (edge, direction, by_char) in EDGE_ACTIONS.items():
            actions[name] = lambda e=edge, d=direction, c=by_char: self.move_edge(e, d, c)
        return actions

    def _key_action(self, event: QKeyEvent) -> Callable[[], None] | None:
        """What a key press does here: a label hotkey (Alt: exact characters), else the
        keymap's action; None for keys left to Qt and the window."""
        mods = event.modifiers()
        label = self._hotkeys.get(key_code(event))
        if label is not None and not mods & CTRL:
            exact = bool(mods & ALT)
            return lambda: self.apply_label(label, exact=exact)
        name = self._keymap.action_for(event)
        if name is None:
            return None
        if name in EDGE_ACTIONS and (self._selected is None or self.textCursor().hasSelection()):
            # no span to resize: Ctrl(+Shift)(+Alt)+arrows move (or extend) the text cursor
            _edge, direction, by_char = EDGE_ACTIONS[name]
            unit, extend = "clitic" if by_char else "word", _edge == "end"
            return lambda: self.move_cursor(direction, unit, extend=extend)
        return self.key_actions[name]

    def move_cursor(self, direction: int, unit: str, *, extend: bool = False) -> None:
        """Move the text cursor one `unit` (`text_moves`: token, word, char, clitic) towards
        the text's end (`direction` 1) or beginning (-1); `extend`: the selection's moving end.
        A selected span is deselected; a selection made so is labelled as it is (exact)."""
        cursor = self.textCursor()
        position = self.to_cp(cursor.position())
        new = next_stop(self.text, position, direction, unit, extend=extend, own=self.own_tokens)
        mode = QTextCursor.MoveMode.KeepAnchor if extend else QTextCursor.MoveMode.MoveAnchor
        cursor.setPosition(self.to_utf16(new), mode)
        self._select(None)
        self.setTextCursor(cursor)
        self._exact_selection = cursor.hasSelection()
        self.ensureCursorVisible()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            action = self._key_action(event)
            if action is not None:
                if event.type() == QEvent.Type.KeyPress:
                    action()
                event.accept()
                return True
        return super().event(event)

    def _escape(self) -> None:
        """Cancel choosing a source, else deselect the span and the text."""
        if self._relation_mode:
            self._set_relation_mode(False)
            self.message.emit("")
        else:
            self.select_annotation(None)
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        super().keyPressEvent(event)
        if event.modifiers() & SHIFT and self.textCursor().hasSelection():
            self._exact_selection = False
            self._select(None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        if self._relation_mode and event.button() == Qt.MouseButton.LeftButton:
            target = self._span_at(
                event.position().toPoint(), cycle=False, prefer=self._source_labels()
            )
            self._set_relation_mode(False)
            if target is not None and self._selected is not None:
                if self.editor.set_source(self._selected, target.uuid) is not None:
                    self.message.emit(
                        self.tr("Source set: {value0}").format(
                            value0=self.session.text[target.start : target.end]
                        )
                    )
            else:
                self.message.emit("No span there: source not set")
            return
        if event.button() == Qt.MouseButton.LeftButton and event.modifiers() & SHIFT:
            # Shift+click extends the selection (Alt held: labelled exactly)
            self._extend_to(event.position().toPoint(), exact=bool(event.modifiers() & ALT))
            return
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers() & SHIFT:
            self._drag_anchor = self.position_at(self._press_pos)
            self._drag_to(self._press_pos)

    def _extend_to(self, point: QPoint, *, exact: bool = False) -> None:
        """Shift+click: the selection (from the text cursor) reaches the place clicked, with
        exact hit testing; it snaps to whole tokens when labelled, like a drag."""
        position = self.position_at(point)
        if position is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._exact_selection = exact
        self._select(None)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseMoveEvent(event)
        if self._drag_anchor is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to(event.position().toPoint())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        self._drag_anchor = None  # Qt selects the word (and extends by words while dragging)
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseReleaseEvent(event)
        if self._drag_anchor is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_to(event.position().toPoint())
        self._drag_anchor = None
        press, self._press_pos = self._press_pos, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        point = event.position().toPoint()
        if self.textCursor().hasSelection():
            self._exact_selection = bool(event.modifiers() & ALT)
            self._select(None)
            return
        if (point - press).manhattanLength() <= 4:
            suggestion = self._suggestion_clicked(point)
            if suggestion is not None:
                self.select_annotation(None, reveal=False)
                self.set_current_suggestion(suggestion.uuid, reveal=False)
                self._popup_suggestion_menu(suggestion.uuid, event.globalPosition().toPoint())
                return
            target = self._span_at(point, cycle=True)
            self.select_annotation(target.uuid if target else None, reveal=False)

    def _source_labels(self) -> set[str]:
        """Labels a source of the selected span may have (ACTOR for a CLAIM)."""
        ann = self.session.annotations.get(self._selected) if self._selected else None
        if ann is None:
            return set()
        return {
            r.tail_label
            for r in self.session.project.relation_types()
            if r.head_label == ann.label and r.tail_label
        }

    def _span_at(
        self, point: QPoint, *, cycle: bool, prefer: set[str] | None = None
    ) -> SpanItem | None:
        """The span clicked at `point`: the bar under it, else the innermost span there (the
        next enclosing one when clicking again); with `prefer`, the innermost of those labels."""
        bar = self._bar_at(point)
        if bar is not None:
            return bar
        position = self.char_at(point)
        if position is None:
            return None
        stack = self._layers.at(position)
        if prefer:
            stack = [i for i in stack if i.label in prefer] or stack
        if not stack:
            return None
        last_position, index = self._click_cycle
        if cycle and position == last_position and self._selected in {i.uuid for i in stack}:
            index = ([i.uuid for i in stack].index(self._selected) + 1) % len(stack)
        else:
            index = 0
        self._click_cycle = (position, index)
        return stack[index]

    def _select_neighbour(self, step: int) -> None:
        items = sorted(self._layers.items(), key=lambda i: (i.start, -i.end, i.uuid))
        if not items:
            return
        uuids = [i.uuid for i in items]
        if self._selected in uuids:
            index = (uuids.index(self._selected) + step) % len(uuids)
        else:
            index = 0 if step > 0 else len(uuids) - 1
        self.select_annotation(uuids[index])
        cursor = QTextCursor(self.document())  # the text cursor goes to the span's start
        cursor.setPosition(self.to_utf16(items[index].start))
        self.setTextCursor(cursor)

    def tooltip_at(self, point: QPoint) -> str:
        bar = self._bar_at(point)
        items = [bar] if bar else []
        position = self.char_at(point)
        parts = []
        if position is not None:
            items += [i for i in self._layers.at(position) if i is not bar]
            for item in self._suggested.at(position):
                suggestion = self.session.suggestions.get(item.uuid)
                if suggestion is not None:
                    parts.append(self.describe_suggestion(suggestion))
        for item in items:
            ann = self.session.annotations.get(item.uuid)
            if ann is None:
                continue
            parts.append(self.describe(ann))
        if position is not None:
            word = self.word_tooltip(position)
            if word:
                parts.append(word)
        return "<hr>".join(parts)

    def describe(self, ann: Annotation) -> str:
        """Rich-text description of a span for tooltips (its text escaped)."""
        colour = self._tip_colour(ann.label)
        lines = [
            f"<b style='color:{colour}'>{html.escape(ann.label)}</b> · "
            f"{html.escape(ann.annotator)}",
            f"<span dir='rtl'>{html.escape(_shorten(ann.text))}</span>",
        ]
        for key, value in ann.attributes.items():
            if value not in (None, ""):
                lines.append(f"{html.escape(str(key))}: {html.escape(attribute_text(value))}")
        source = self.session.source_of(ann.uuid)
        if source is not None and source.tail in self.session.annotations:
            actor = self.session.annotations[source.tail]
            lines.append(
                self.tr("source: <span dir='rtl'>{value0}</span>").format(
                    value0=html.escape(_shorten(actor.text))
                )
            )
        notes = self.session.notes_on(ann.uuid)
        if notes:
            lines.append(notes_html(notes))
        return "<br>".join(lines)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt name)
        menu = QMenu(self)
        has_text = self.textCursor().hasSelection()
        suggestion = self._suggestion_clicked(self.viewport().mapFromGlobal(event.globalPos()))
        if suggestion is not None:
            self.set_current_suggestion(suggestion.uuid, reveal=False)
            self.add_suggestion_actions(menu, suggestion.uuid)
            menu.addSeparator()
        for label in self.session.labels.values():
            hint = f"\t{label.hotkey}" if label.hotkey else ""
            verb = self.tr("Annotate as") if has_text else self.tr("Relabel as")
            action = menu.addAction(f"{verb} {label.name}{hint}")
            action.setEnabled(has_text or self._selected is not None)
            action.triggered.connect(lambda _=False, name=label.name: self.apply_label(name))
        menu.addSeparator()
        delete = menu.addAction(self.tr("Delete span\tDel"))
        delete.setEnabled(self._selected is not None)
        delete.triggered.connect(self.delete_selected)
        source = menu.addAction(self.tr("Set source…\tR"))
        source.setEnabled(self._selected is not None)
        source.triggered.connect(self.start_relation)
        on = "span" if self._selected is not None else "document"
        note = menu.addAction(self.tr("Note on {on}…").format(on=on) + _hint("edit_note"))
        note.setEnabled(self.session.document is not None)
        note.triggered.connect(lambda: self.edit_note())
        own = self.session.own_note(self._selected)
        review = menu.addAction(self.tr("Needs review ({on})").format(on=on))
        review.setCheckable(True)
        review.setChecked(bool(own and own.needs_review))
        review.setEnabled(self.session.document is not None)
        review.triggered.connect(lambda: self.toggle_review())
        menu.addSeparator()
        copy = menu.addAction(self.tr("Copy\tCtrl+C"))
        copy.setEnabled(has_text)
        copy.triggered.connect(self.copy)
        menu.exec(event.globalPos())


def _arrow_head(path: QPainterPath, tip: QPointF, size: float) -> QPolygonF:
    angle = path.angleAtPercent(0.98)
    back = radians(angle + 180)
    left = QPointF(tip.x() + size * cos(back - 0.4), tip.y() - size * sin(back - 0.4))
    right = QPointF(tip.x() + size * cos(back + 0.4), tip.y() - size * sin(back + 0.4))
    return QPolygonF([tip, left, right])


def _outline(seg: Segment, row: int, *, current: bool) -> QRectF:
    """Where a suggestion's dashed outline goes around one of its segments: a little wider for
    each further overlapping suggestion (`row`), and for the current one."""
    grow = 1.5 + 2.5 * row + (0.6 if current else 0.0)
    return QRectF(
        seg.left - grow,
        seg.top + 2 - grow,
        seg.right - seg.left + 2 * grow,
        seg.bottom - seg.top + 2 * grow - 1,
    )


def _hint(action: str) -> str:
    """A menu entry's key, after a tab."""
    hint = shortcut_hint(WORKBENCH, action)
    return f"\t{hint}" if hint else ""


def _colour(labels: dict, name: str) -> str:
    label = labels.get(name)
    return label.colour if label is not None else "#888888"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
