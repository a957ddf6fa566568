"""The review window: a document chooser, the review widget, menus and the keys' help."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator import adjudication as adj
from annotator.gui.review.style import LEGEND_HELP
from annotator.gui.review.widget import ReviewWidget
from annotator.gui.write_dialogs import show_not_saved
from annotator.store import Project

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
        browser.setHtml(review_keys_html() + LEGEND_HELP)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(QSize(720, 600))
        dialog.exec()


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
