"""The Find annotations dock (Edit > Find annotations…, Ctrl+Shift+F): a query over every
annotation of the project (`annotator.query`, as `annotator find` reads it), its results as a
keyword-in-context list right to left (the text before the span on its right, the span
highlighted in its label's colour, the text after on its left), and "Relabel all…" and
"Delete all" on the results, each one undo step through the window's `Editor`: only the
annotator's own annotations change (others' and gold's are read-only in the workbench). In
blind mode (`Session.blind`) only the annotator's own annotations are searched, whatever the
query says (an annotator condition it cannot widen).

Enter or a double-click on a result emits `annotationActivated(Found)`; the window opens its
document and selects the span. After any undo step (a relabelling, its undo) the results are
read again, at once while the dock is shown, else when it is shown next.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.commands import Editor
from annotator.gui.table_model import RowsModel
from annotator.store.annotation_search import Found, FoundAnnotations

SHOWN = 1000  # results listed at most; "Relabel all" and "Delete all" act on every one
FOUND_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's `Found`
_Index = QModelIndex | QPersistentModelIndex
_LTR = "\u202a{}\u202c"  # a left-to-right embedding


class FoundModel(RowsModel):
    """The results: the span in its context, label, annotator, document."""

    columns = (
        QT_TRANSLATE_NOOP("columns", "Context"),
        QT_TRANSLATE_NOOP("columns", "Label"),
        QT_TRANSLATE_NOOP("columns", "Annotator"),
        QT_TRANSLATE_NOOP("columns", "Document"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Found] = []
        self.colours: dict[str, str] = {}

    def set_rows(self, rows: list[Found], colours: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.colours = colours
        self.endResetModel()

    def row(self, index: int) -> Found:
        return self._rows[index]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == FOUND_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"…{row.before}[{row.text}]{row.after}…"
            # names are left-to-right in the right-to-left table («000_x.txt», not «x.txt_000»)
            return _LTR.format((row.label, row.annotator, row.document)[column - 1])
        if role == Qt.ItemDataRole.ToolTipRole:
            attributes = ", ".join(f"{k}: {v}" for k, v in row.attributes.items() if v)
            return f"{row.document} {row.start}–{row.end}, {row.annotator} ({row.status})" + (
                f"\n{attributes}" if attributes else ""
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(self.colours.get(row.label, "#444444"))
        return None


class KwicDelegate(QStyledItemDelegate):
    """Paints a result's context right to left: before | span | after, the span centred and
    highlighted, each context cut where it is furthest from the span."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row = index.data(FOUND_ROLE)
        if not isinstance(row, Found):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        model = index.model()
        colour = QColor(getattr(model, "colours", {}).get(row.label, "#888888"))
        rect = QRectF(option.rect).adjusted(6, 0, -6, 0)
        bold = QFont(option.font)
        bold.setBold(True)
        plain = QFontMetricsF(option.font)
        strong = QFontMetricsF(bold)
        gap = 4.0
        span = strong.elidedText(row.text, Qt.TextElideMode.ElideMiddle, rect.width() * 0.5)
        span_width = strong.horizontalAdvance(span) + 2 * gap
        middle = rect.center().x()
        span_rect = QRectF(middle - span_width / 2, rect.top(), span_width, rect.height())
        before_rect = QRectF(
            span_rect.right(), rect.top(), rect.right() - span_rect.right(), rect.height()
        )
        after_rect = QRectF(rect.left(), rect.top(), span_rect.left() - rect.left(), rect.height())
        painter.save()
        painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        fill = QColor(colour)
        fill.setAlpha(60)
        painter.fillRect(span_rect.adjusted(0, 3, 0, -3), fill)
        painter.setPen(QColor(colour).darker(140))
        painter.fillRect(
            QRectF(span_rect.left(), span_rect.bottom() - 5, span_rect.width(), 2), colour
        )
        painter.setFont(bold)
        centre = Qt.AlignmentFlag.AlignCenter
        painter.drawText(span_rect, int(centre), span)
        painter.setFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else QColor("#374151"))
        vertical = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
        before = plain.elidedText(
            row.before, Qt.TextElideMode.ElideLeft, max(0.0, before_rect.width() - gap)
        )
        painter.drawText(
            before_rect.adjusted(gap, 0, 0, 0), int(vertical | Qt.AlignmentFlag.AlignLeft), before
        )
        after = plain.elidedText(
            row.after, Qt.TextElideMode.ElideRight, max(0.0, after_rect.width() - gap)
        )
        painter.drawText(
            after_rect.adjusted(0, 0, -gap, 0), int(vertical | Qt.AlignmentFlag.AlignRight), after
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 520), int(QFontMetricsF(option.font).height() * 1.7))


class QueryPanel(QWidget):
    """The query field, the keyword-in-context results, Relabel all… and Delete all."""

    annotationActivated = Signal(object)  # Found

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.setObjectName("queryPanel")
        self.found: FoundAnnotations | None = None
        self.query_field = QLineEdit(self)
        self.query_field.setObjectName("annotationQuery")
        self.query_field.setPlaceholderText(self.tr("label=CASUALTY outcome=injured count>=10"))
        self.query_field.setClearButtonEnabled(True)
        self.query_field.setToolTip(
            self.tr(
                "Conditions, all of which must hold: label=, annotator=, status=, doc=, text~ "
                "(normalized), and attributes (outcome=injured, count>=10, count=10..20); quote "
                'values with spaces: text~"وزارة الدفاع". See docs/search.md'
            )
        )
        self.find_button = QPushButton(self.tr("Find"), self)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("queryStatus")
        self.status_label.setWordWrap(True)
        self.model = FoundModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("queryResults")
        self.table.setModel(self.model)
        self.table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.table.setItemDelegateForColumn(0, KwicDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.label_box = QComboBox(self)
        self.label_box.setObjectName("relabelTarget")
        self.relabel_button = QPushButton(self.tr("Relabel all…"), self)
        self.relabel_button.setToolTip(
            self.tr("Give your own results this label: one step you can undo")
        )
        self.delete_button = QPushButton(self.tr("Delete all"), self)
        self.delete_button.setToolTip(self.tr("Delete your own results: one step you can undo"))

        top = QHBoxLayout()
        top.addWidget(self.query_field, 1)
        top.addWidget(self.find_button)
        actions = QHBoxLayout()
        actions.addWidget(self.status_label, 1)
        actions.addWidget(self.label_box)
        actions.addWidget(self.relabel_button)
        actions.addWidget(self.delete_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(actions)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.query_field.returnPressed.connect(self.run)
        self.find_button.clicked.connect(self.run)
        self.table.activated.connect(self._activated)
        self.relabel_button.clicked.connect(lambda: self.relabel_all(self.label_box.currentText()))
        self.delete_button.clicked.connect(lambda: self.delete_all())
        editor.stack.indexChanged.connect(lambda _index: self._changed())
        editor.session.labelsChanged.connect(self.refresh_labels)
        editor.session.annotatorChanged.connect(lambda _name: self._changed())
        editor.session.visibilityChanged.connect(self._changed)  # blind mode toggled
        self._stale = False  # the annotations changed while the panel was hidden
        self.refresh_labels()
        self._update_buttons()

    # ---------------------------------------------------------------- searching

    def activate(self, query: str | None = None) -> None:
        """Focus the query field (with `query` when given, run at once)."""
        if query:
            self.query_field.setText(query)
            self.run()
        self.query_field.setFocus()
        self.query_field.selectAll()

    def run(self) -> None:
        """Read the query and list what it finds; a bad query is named in the status line."""
        text = self.query_field.text().strip()
        if not text:
            self._show(None, "")
            return
        try:
            session = self.editor.session
            found = session.project.find_annotations(text, limit=SHOWN, annotator=self._only())
        except AnnotatorError as err:
            self._show(None, str(err), error=True)
            return
        self._show(found)

    def _only(self) -> str | None:
        """Whose annotations are searched: blind, only the annotator's own; else everyone's."""
        session = self.editor.session
        return session.annotator if session.blind else None

    def refresh(self) -> None:
        """Read the last query's results again (the annotations changed)."""
        self._stale = False
        if self.found is not None:
            self.run()

    def _changed(self) -> None:
        """An undo step was done, undone or redone: the results are read again, at once when
        the panel is shown, else when it is shown next."""
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self._refresh_timer.start()

    def _show(self, found: FoundAnnotations | None, message: str = "", *, error: bool = False):
        self.found = found
        session = self.editor.session
        colours = {name: label.colour for name, label in session.labels.items()}
        self.model.set_rows(found.rows if found else [], colours)
        if found is not None:
            message = self.summary(found)
        self.status_label.setStyleSheet("color: #b91c1c" if error else "")
        self.status_label.setText(message)
        self._update_buttons()

    def summary(self, found: FoundAnnotations) -> str:
        documents = len({row.document_id for row in found.rows})
        own = sum(row.annotator == self.editor.session.annotator for row in found.rows)
        text = f"{found.total:,} annotation(s)"
        if found.complete:
            text += f" in {documents:,} document(s)"
        else:
            text += self.tr(", the first {value0:,} listed").format(value0=len(found.rows))
        if found.total and own < len(found.rows):
            text += self.tr("; {own:,} listed are yours (only yours can be changed)").format(
                own=own
            )
        if self._only() is not None:
            text += self.tr(" (blind: only your own annotations are searched)")
        return text

    def refresh_labels(self) -> None:
        current = self.label_box.currentText()
        self.label_box.clear()
        self.label_box.addItems(list(self.editor.session.labels))
        if current:
            self.label_box.setCurrentText(current)

    def _update_buttons(self) -> None:
        any_found = bool(self.found and self.found.total)
        self.relabel_button.setEnabled(any_found)
        self.delete_button.setEnabled(any_found)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.annotationActivated.emit(self.model.row(index.row()))

    # ---------------------------------------------------------------- changing the results

    def _all_results(self) -> list[Found]:
        """Every annotation the query finds now (not only those listed)."""
        if self.found is None:
            return []
        project = self.editor.session.project
        return project.find_annotations(self.found.query, context=0, annotator=self._only()).rows

    def relabel_all(self, label: str) -> int:
        """Relabel the annotator's own results as `label` after asking; one undo step."""
        rows = self._all_results()
        own = [row for row in rows if row.annotator == self.editor.session.annotator]
        others = len(rows) - len(own)
        changing = [row for row in own if row.label != label]
        if not changing:
            self.inform(self._nothing_to_change(others, f"already {label}"))
            return 0
        if not self.confirm(
            self.tr("Relabel all"),
            self.tr("Relabel {value0:,} of your annotations as {label}?").format(
                value0=len(changing), label=label
            )
            + self._others_note(others)
            + self.tr("\nThis is one step you can undo."),
        ):
            return 0
        return self.editor.relabel_all([row.uuid for row in changing], label)

    def delete_all(self) -> int:
        """Delete the annotator's own results after asking; one undo step."""
        rows = self._all_results()
        own = [row for row in rows if row.annotator == self.editor.session.annotator]
        others = len(rows) - len(own)
        if not own:
            self.inform(self._nothing_to_change(others, ""))
            return 0
        if not self.confirm(
            self.tr("Delete all"),
            self.tr("Delete {value0:,} of your annotations (and their links)?").format(
                value0=len(own)
            )
            + self._others_note(others)
            + self.tr("\nThis is one step you can undo."),
        ):
            return 0
        return self.editor.delete_all([row.uuid for row in own])

    @staticmethod
    def _others_note(others: int) -> str:
        return (
            QCoreApplication.translate(
                "query_panel", "\n{others:,} other annotators' results stay as they are."
            ).format(others=others)
            if others
            else ""
        )

    @staticmethod
    def _nothing_to_change(others: int, why: str) -> str:
        if others:
            return QCoreApplication.translate(
                "query_panel",
                "None of the results is yours ({others:,} are other annotators', read-only).",
            ).format(others=others)
        return (
            QCoreApplication.translate(
                "query_panel", "Nothing to change: every result is {why}."
            ).format(why=why)
            if why
            else QCoreApplication.translate("query_panel", "Nothing found.")
        )

    # Overridable for tests and embedding: the dialogs this panel shows.

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.information(self, self.tr("Find annotations"), text)
