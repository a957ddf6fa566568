"""The list of the current document's annotations: a sortable table; a click jumps to the span."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.gui.direction import DirectionalDelegate
from annotator.gui.notes import note_marker, notes_html
from annotator.gui.session import Session
from annotator.gui.table_model import RowsModel
from annotator.rules import format_count
from annotator.store import Annotation

COLUMNS = (
    QT_TRANSLATE_NOOP("columns", "Label"),
    QT_TRANSLATE_NOOP("columns", "Text"),
    QT_TRANSLATE_NOOP("columns", "Start"),
    QT_TRANSLATE_NOOP("columns", "End"),
    QT_TRANSLATE_NOOP("columns", "Details"),
    QT_TRANSLATE_NOOP("columns", "Note"),
    QT_TRANSLATE_NOOP("columns", "Annotator"),
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
UUID_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


class AnnotationTableModel(RowsModel):
    """Displayed annotations of the current document in text order, updated row by row.

    Edits reach the table a moment later (`DELAY_MS`, coalesced), so that annotating repaints
    the article first; `flush()` applies them at once.
    """

    columns = COLUMNS

    DELAY_MS = 40

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[Annotation] = []
        self._keys: list[tuple[int, int, str]] = []
        self._shown: dict[str, tuple] = {}  # uuid -> display values, computed once
        self._pending: list[tuple[Callable[..., None], tuple]] = []
        self.after_flush: Callable[[], None] | None = None  # called once after the next flush
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.flush)
        session.documentChanged.connect(self.reload)
        session.visibilityChanged.connect(self.reload)
        session.annotationAdded.connect(self._on_added)
        session.annotationRemoved.connect(self._on_removed)
        session.annotationChanged.connect(self._on_changed)
        session.relationsChanged.connect(self._on_relations)
        session.notesChanged.connect(self._on_notes)
        self.reload()

    def _on_added(self, ann: Annotation) -> None:
        self._later(self._added, ann)

    def _on_removed(self, ann: Annotation) -> None:
        self._later(self._removed, ann)

    def _on_changed(self, before: Annotation, after: Annotation) -> None:
        self._later(self._changed, before, after)

    def _on_relations(self) -> None:
        self._later(self._relations_changed)

    def _on_notes(self) -> None:
        self._later(self._notes_changed)

    def _later(self, change: Callable[..., None], *args: object) -> None:
        self._pending.append((change, args))
        if not self._timer.isActive():
            self._timer.start()

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> None:
        """Apply the edits not shown yet."""
        self._timer.stop()
        pending, self._pending = self._pending, []
        for change, args in pending:
            change(*args)
        callback, self.after_flush = self.after_flush, None
        if callback is not None:
            callback()

    @staticmethod
    def _key(ann: Annotation) -> tuple[int, int, str]:
        return (ann.start, -ann.end, ann.uuid)

    def reload(self, *_args: object) -> None:
        self._timer.stop()
        self._pending = []
        self.after_flush = None
        self.beginResetModel()
        self._shown = {}
        self._rows = sorted(self.session.annotations.values(), key=self._key)
        self._keys = [self._key(a) for a in self._rows]
        self.endResetModel()

    def _added(self, ann: Annotation) -> None:
        if ann.document_id != self.session.document_id:
            return
        key = self._key(ann)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, ann)
        self._keys.insert(row, key)
        self.endInsertRows()

    def _removed(self, ann: Annotation) -> None:
        row = self._find(ann.uuid, ann)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row], self._keys[row]
        self.endRemoveRows()

    def _changed(self, before: Annotation, after: Annotation) -> None:
        row = self._find(before.uuid, before)
        self._shown.pop(after.uuid, None)
        if row is not None and self._key(before) == self._key(after):
            self._rows[row] = after
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        self._removed(before)
        self._added(after)

    def _relations_changed(self) -> None:
        self._shown = {}
        if self._rows:
            column = COLUMNS.index("Details")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def _notes_changed(self) -> None:
        self._shown = {}
        if self._rows:
            column = COLUMNS.index("Note")
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def row_of(self, uuid: str) -> int | None:
        """Row of a span (after applying pending edits)."""
        if self._pending:
            self.flush()
        return self._find(uuid, self.session.annotations.get(uuid))

    def _find(self, uuid: str, ann: Annotation | None) -> int | None:
        if ann is not None:
            row = bisect_left(self._keys, self._key(ann))
            if row < len(self._rows) and self._rows[row].uuid == uuid:
                return row
        for row, item in enumerate(self._rows):
            if item.uuid == uuid:
                return row
        return None

    def annotation(self, row: int) -> Annotation:
        return self._rows[row]

    # ---------------------------------------------------------------- Qt model

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ann = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self._shown.get(ann.uuid)
            if shown is None:
                shown = self._shown[ann.uuid] = tuple(self._display(ann, c) for c in COLUMNS)
            return shown[index.column()]
        column = COLUMNS[index.column()]
        if role == SORT_ROLE:
            if column in ("Start", "End"):
                return ann.start if column == "Start" else ann.end
            if column == "Label":
                return f"{ann.label}\0{ann.start:09d}"
            return self._display(ann, column)
        if role == UUID_ROLE:
            return ann.uuid
        if role == Qt.ItemDataRole.DecorationRole and column == "Label":
            label = self.session.label(ann.label)
            return QColor(label.colour if label else "#888888")
        if role == Qt.ItemDataRole.ToolTipRole and column == "Text":
            return ann.text
        if role == Qt.ItemDataRole.ToolTipRole and column == "Note":
            return notes_html(self.session.notes_on(ann.uuid)) or None
        return None

    def _display(self, ann: Annotation, column: str) -> Any:
        if column == "Label":
            return ann.label
        if column == "Text":
            return ann.text if len(ann.text) <= 90 else ann.text[:89] + "…"
        if column == "Start":
            return ann.start
        if column == "End":
            return ann.end
        if column == "Annotator":
            return ann.annotator
        if column == "Note":
            return note_marker(self.session.notes_on(ann.uuid))
        details = []
        for key, value in ann.attributes.items():
            if value not in (None, ""):
                shown = format_count(value) if isinstance(value, list) else value
                details.append(f"{key}={shown}")
        source = self.session.source_of(ann.uuid)
        if source is not None and source.tail in self.session.annotations:
            actor = self.session.annotations[source.tail].text
            details.append(f"source={actor[:30]}")
        return ", ".join(details)


class AnnotationPanel(QWidget):
    """A table of the annotations; selecting a row selects the span in the article."""

    annotationActivated = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationTableModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(DirectionalDelegate(self.view))  # cells in their text's direction
        self.view.setAccessibleName(self.tr("Annotations"))
        self.view.setAccessibleDescription(
            self.tr("The spans of this document in text order; Enter selects one in the article")
        )
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("Start"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COLUMNS.index("Text"), QHeaderView.ResizeMode.Stretch)
        for name, width in (
            ("Label", 96),
            ("Start", 56),
            ("End", 56),
            ("Details", 220),
            ("Note", 160),
        ):
            self.view.setColumnWidth(COLUMNS.index(name), width)
        self.view.setColumnHidden(COLUMNS.index("Annotator"), session.blind)
        session.visibilityChanged.connect(
            lambda: self.view.setColumnHidden(COLUMNS.index("Annotator"), session.blind)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self._wanted: str | None = None

    def _activated(self, index: QModelIndex) -> None:
        uuid = self.proxy.data(index, UUID_ROLE)
        if uuid:
            self.annotationActivated.emit(uuid)

    def select(self, uuid: str | None) -> None:
        """Show `uuid`'s row as selected (without emitting `annotationActivated`), once the
        table has caught up with pending edits."""
        if self.model.pending:
            self._wanted = uuid
            self.model.after_flush = self._select_wanted
            return
        self._show_selected(uuid)

    def _select_wanted(self) -> None:
        self._show_selected(self._wanted)

    def _show_selected(self, uuid: str | None) -> None:
        selection = self.view.selectionModel()
        row = self.model.row_of(uuid) if uuid else None
        if row is None:
            selection.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
