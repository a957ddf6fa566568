"""The review window's Document labels section: for the document under review, a row per
document attribute with each annotator's value and gold's, gold picked from a combo box (the
values the annotators gave, or none). Each pick is one undo step (`GoldDocLabelCommand`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem, QWidget

from annotator import adjudication as adj
from annotator.gui.commands import UndoStep
from annotator.gui.doc_labels_panel import NO_VALUE, shown
from annotator.gui.theme import background_of, text_on, tint

NONE = NO_VALUE
UNRESOLVED_COLOUR = "#fde68a"  # an attribute left to decide: annotators gave values, gold none


class GoldDocLabelCommand(UndoStep):
    """Gold's value of a document label picked (`before`, `after`: None for no value); it was
    carried out when pushed."""

    def __init__(
        self,
        put: Callable[[int, str, Any], None],
        document_id: int,
        name: str,
        before: Any,
        after: Any,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("doc_labels", "Gold document label {name}").format(name=name)
        )
        self.put, self.document_id, self.name = put, document_id, name
        self.before, self.after = before, after

    def apply(self) -> None:
        self.put(self.document_id, self.name, self.after)

    def revert(self) -> None:
        self.put(self.document_id, self.name, self.before)


class DocLabelsSection(QTableWidget):
    """A row per document attribute: the annotators' values, then gold's (a combo box)."""

    def __init__(self, pick: Callable[[str, Any], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDocLabels")
        self.pick = pick
        self.reviews: list[adj.DocLabelReview] = []
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.hide()

    def show_state(self, state: adj.ReviewState | None) -> None:
        """Show `state`'s document labels (hidden when the project defines none)."""
        self.reviews = state.doc_labels if state is not None else []
        if state is None or not self.reviews:
            self.clear()
            self.setRowCount(0)
            self.hide()
            return
        names = state.annotators
        self.clear()
        self.setColumnCount(len(names) + 2)
        self.setHorizontalHeaderLabels([self.tr("document label"), *names, "gold"])
        self.setRowCount(len(self.reviews))
        for row, review in enumerate(self.reviews):
            title = QTableWidgetItem(review.name)
            title.setToolTip(review.definition.get("description", ""))
            if not review.resolved:
                title.setToolTip(self.tr("left to decide: pick gold's value"))
            self.setItem(row, 0, title)
            for column, name in enumerate(names, 1):
                item = QTableWidgetItem(shown(review.definition, review.values.get(name)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, item)
            self.setCellWidget(row, len(names) + 1, self._gold_box(review))
        self._colour_unresolved()
        self.resizeColumnsToContents()
        self.show()

    def _colour_unresolved(self) -> None:
        """The rows left to decide, tinted for the theme's page."""
        fill = tint(UNRESOLVED_COLOUR, background_of(self))
        for row, review in enumerate(self.reviews):
            title = self.item(row, 0)
            if title is not None and not review.resolved:
                title.setBackground(fill)
                title.setForeground(text_on(fill))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Another theme: the tints anew."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_unresolved()

    def _gold_box(self, review: adj.DocLabelReview) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"goldDocLabel_{review.name}")
        box.addItem(NONE, "")  # the data: the value as JSON, "" for none
        options = list(review.values.values())
        if review.gold is not None:
            options.append(review.gold)
        for value in options:
            key = json.dumps(value, sort_keys=True)
            if box.findData(key) < 0:
                box.addItem(shown(review.definition, value), key)
        gold = "" if review.gold is None else json.dumps(review.gold, sort_keys=True)
        box.setCurrentIndex(max(box.findData(gold), 0))
        box.activated.connect(lambda _i, n=review.name, b=box: self._picked(n, b.currentData()))
        return box

    def _picked(self, name: str, key: str) -> None:
        value = json.loads(key) if key else None
        # after the signal: the pick shows the state anew, which replaces this combo box
        QTimer.singleShot(0, lambda: self.pick(name, value))

    def gold_box(self, name: str) -> QComboBox:
        """The gold combo box of document attribute `name` (for tests)."""
        row = next(i for i, review in enumerate(self.reviews) if review.name == name)
        widget = self.cellWidget(row, self.columnCount() - 1)
        assert isinstance(widget, QComboBox)
        return widget
