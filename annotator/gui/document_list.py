"""The document list: a model that loads pages on demand (instant with 100,000 documents),
filters by this annotator's status and by corpus search, and shows the annotator's progress."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.activity import format_duration
from annotator.gui.direction import DirectionalDelegate, follow_text
from annotator.gui.i18n import arabic_digits, number, status_text
from annotator.gui.table_model import RowsModel
from annotator.gui.theme import background_of, readable
from annotator.rules import DONE, IN_PROGRESS, NEW, NOT_DONE
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.gui.session import Session

PAGE_SIZE = 200
COLUMNS = ("#", QT_TRANSLATE_NOOP("columns", "Document"), QT_TRANSLATE_NOOP("columns", "Status"))
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_FILTERS: dict[str, tuple[str, ...] | None] = {
    QT_TRANSLATE_NOOP("status", "All documents"): None,
    QT_TRANSLATE_NOOP("status", "Not done"): NOT_DONE,
    QT_TRANSLATE_NOOP("status", "New"): (NEW,),
    QT_TRANSLATE_NOOP("status", "In progress"): (IN_PROGRESS,),
    QT_TRANSLATE_NOOP("status", "Done"): (DONE,),
}
STATUS_COLOURS = {NEW: "#8a8f98", IN_PROGRESS: "#c77700", DONE: "#2e7d32"}
_Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(RowsModel):
    """(id, name/title, status) rows, loaded PAGE_SIZE at a time through `fetchMore`."""

    columns = COLUMNS

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator
        self.status_filter: tuple[str, ...] | None = None
        self.search_ids: list[int] | None = None  # documents matching the search, or None
        self.flagged_only = False  # only documents holding notes flagged "needs review"
        self.blind = False  # blind mode: the flags the annotator sees only (`set_blind`)
        self._rows: list[list[Any]] = []  # [id, name, title, status]
        self._row_by_id: dict[int, int] = {}
        self._ids: list[int] | None = None  # every id passing the filters, when needed
        self._times: dict[int, float] = {}  # the annotator's seconds on the loaded documents
        self._total = 0
        self.refresh()

    # ---------------------------------------------------------------- filters

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.refresh()

    def set_status_filter(self, statuses: tuple[str, ...] | None) -> None:
        self.status_filter = statuses
        self.refresh()

    def set_search_ids(self, ids: list[int] | None) -> None:
        self.search_ids = sorted(ids) if ids is not None else None
        self.refresh()

    def set_flagged_only(self, on: bool) -> None:
        """List only the documents holding notes flagged "needs review" (anyone's; blind:
        the annotator's own notes and those on their own spans)."""
        self.flagged_only = on
        self.refresh()

    def set_blind(self, blind: bool) -> None:
        """Blind mode: the ⚑ filter tells nothing of what others flagged on their work."""
        if blind != self.blind:
            self.blind = blind
            if self.flagged_only:
                self.refresh()

    def refresh(self) -> None:
        """Reload from the store (keeps the filters)."""
        self.beginResetModel()
        self._rows, self._row_by_id, self._ids = [], {}, None
        self._times = {}
        if self.search_ids is None and not self.flagged_only:
            self._total = self.project.count_documents(
                annotator=self.annotator, status=self.status_filter
            )
        else:
            self._ids = self._filtered_search_ids()
            self._total = len(self._ids)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def _filtered_search_ids(self) -> list[int]:
        """The documents passing the filters: the search's (else all) of the status asked
        for, only those with flagged notes when `flagged_only`."""
        status = self.status_filter
        if self.search_ids is None:
            ids = self.project.document_ids(annotator=self.annotator, status=status)
        elif status is None:
            ids = list(self.search_ids)
        else:
            allowed = set(self.project.document_ids(annotator=self.annotator, status=status))
            ids = [doc_id for doc_id in self.search_ids if doc_id in allowed]
        if self.flagged_only:
            blind_for = self.annotator if self.blind else None
            flagged = {
                found.document_id for found in self.project.flagged_documents(blind_for=blind_for)
            }
            ids = [doc_id for doc_id in ids if doc_id in flagged]
        return ids

    @property
    def total(self) -> int:
        """Documents passing the filters (loaded or not)."""
        return self._total

    # ---------------------------------------------------------------- paging

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        offset = len(self._rows)
        page = self._page(offset, PAGE_SIZE)
        if not page:
            self._total = offset
            return
        self._times.update(self.project.time_on_documents(self.annotator, [r[0] for r in page]))
        self.beginInsertRows(QModelIndex(), offset, offset + len(page) - 1)
        for row in page:
            self._row_by_id[row[0]] = len(self._rows)
            self._rows.append(row)
        self.endInsertRows()

    def _page(self, offset: int, limit: int) -> list[list[Any]]:
        if self._ids is None:
            rows = self.project.document_rows(
                offset, limit, annotator=self.annotator, status=self.status_filter
            )
            return [list(row) for row in rows]
        page = []
        for doc_id in self._ids[offset : offset + limit]:
            doc = self.project.document(doc_id)
            page.append([doc.id, doc.name, doc.title, self.project.status(doc_id, self.annotator)])
        return page

    def row_of(self, document_id: int, *, load: bool = True) -> int | None:
        """Row of a document, loading pages up to it when `load`; None if it is filtered out."""
        row = self._row_by_id.get(document_id)
        if row is not None or not load:
            return row
        if self._ids is None:
            self._ids = self.project.document_ids(
                annotator=self.annotator, status=self.status_filter
            )
        position = bisect_left(self._ids, document_id)
        if position >= len(self._ids) or self._ids[position] != document_id:
            return None
        while len(self._rows) <= position and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return self._row_by_id.get(document_id)

    def document_id(self, row: int) -> int:
        return self._rows[row][0]

    def set_status(self, document_id: int, status: str) -> None:
        """Show a document's new status (the row stays until the next refresh)."""
        row = self._row_by_id.get(document_id)
        if row is not None:
            self._rows[row][3] = status
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def time_spent(self, document_id: int) -> float:
        """The annotator's active seconds on a loaded document (`annotator.gui.activity`)."""
        return self._times.get(document_id, 0.0)

    def set_time(self, document_id: int, seconds: float) -> None:
        """Show the annotator's new total time on a document (written by the activity timer)."""
        self._times[document_id] = seconds
        row = self._row_by_id.get(document_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # ---------------------------------------------------------------- Qt model

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc_id, name, title, status = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            shown_id = number(doc_id) if arabic_digits() else doc_id  # an int sorts as one
            return (shown_id, title or name, status_text(status))[column]
        if role == ID_ROLE:
            return doc_id
        if role == Qt.ItemDataRole.ToolTipRole:
            seconds = self._times.get(doc_id, 0.0)
            spent = (
                self.tr("\nYour time on it: {time}").format(time=format_duration(seconds))
                if seconds
                else ""
            )
            return (f"{name}\n{title}" if title else name) + spent
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            colour = QColor(STATUS_COLOURS.get(status, "#000000"))
            return QBrush(readable(colour, background_of()))  # light and dark themes
        return None


class DocumentListPanel(QWidget):
    """Search box, status filter, progress and the document list."""

    documentActivated = Signal(int)

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.model = DocumentListModel(project, annotator, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the corpus…"))
        self.search.setClearButtonEnabled(True)
        follow_text(self.search)  # an Arabic query right to left (empty: right to left too)
        self.search.setAccessibleName(self.tr("Search the corpus"))
        self.status_box = QComboBox(self)
        for key in STATUS_FILTERS:  # shown translated, the key as the item's data
            self.status_box.addItem(QCoreApplication.translate("status", key), key)
        self.flagged_box = QCheckBox("⚑", self)
        self.flagged_box.setToolTip(
            self.tr(
                "Only documents with notes flagged 'needs review' "
                "(on them or their spans, anyone's)"
            )
        )
        self.progress_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(6)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(DirectionalDelegate(self.view))  # Arabic titles elide on the left
        self.view.setAccessibleName(self.tr("Documents"))
        self.view.setAccessibleDescription(
            self.tr("The project's documents with your status of each; Enter opens one")
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 44)
        self.view.setColumnWidth(2, 82)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_box)
        filters.addWidget(self.flagged_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.status_box.currentTextChanged.connect(self._status_filter_changed)
        self.flagged_box.toggled.connect(self._flagged_filter_changed)
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.update_progress()

    def set_annotator(self, annotator: str) -> None:
        self.model.set_annotator(annotator)
        self.update_progress()

    def apply_search(self) -> None:
        self._search_timer.stop()
        query = self.search.text().strip()
        ids = self.project.search(query, limit=0).document_ids if query else None
        self.model.set_search_ids(ids)
        self.update_progress()

    def _status_filter_changed(self, text: str) -> None:
        self.model.set_status_filter(STATUS_FILTERS.get(self.status_box.currentData()))
        self.update_progress()

    def _flagged_filter_changed(self, on: bool) -> None:
        self.model.set_flagged_only(on)
        self.update_progress()

    def follow(self, session: Session) -> None:
        """Keep the list current with `session`: the notes written, blind mode."""
        self.model.set_blind(session.blind)
        session.notesChanged.connect(self.notes_changed)
        session.visibilityChanged.connect(lambda: self._blind_changed(session.blind))

    def _blind_changed(self, blind: bool) -> None:
        self.model.set_blind(blind)
        self.update_progress()

    def notes_changed(self) -> None:
        """Notes were written: the list of flagged documents may have changed."""
        if self.model.flagged_only:
            self.model.refresh()
            self.update_progress()

    def update_progress(self) -> None:
        counts = self.project.status_counts(self.model.annotator)
        total = sum(counts.values())
        done = counts.get(DONE, 0)
        shown = ""
        model = self.model
        if model.search_ids is not None or model.status_filter is not None or model.flagged_only:
            shown = self.tr("  ·  {count} listed").format(count=number(self.model.total))
        self.progress_label.setText(
            self.tr("{done} of {total} done{shown}").format(
                done=number(done), total=number(total), shown=shown
            )
        )
        self.progress_bar.setMaximum(max(total, 1))
        self.progress_bar.setValue(done)

    def status_changed(self, document_id: int, status: str) -> None:
        self.model.set_status(document_id, status)
        self.update_progress()

    def _activated(self, index: QModelIndex) -> None:
        self.documentActivated.emit(self.model.document_id(index.row()))

    def select(self, document_id: int | None) -> None:
        """Highlight a document's row (without emitting `documentActivated`)."""
        row = self.model.row_of(document_id) if document_id is not None else None
        selection = self.view.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
