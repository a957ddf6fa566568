"""The review window: a document chooser, the review widget, menus and the keys' help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QWidget

from annotator.gui.i18n import status_text
from annotator.gui.keys import REVIEW, KeysDialog, close_on_escape, shortcut_hint, shortcuts
from annotator.gui.review.style import LEGEND_HELP
from annotator.gui.review.widget import ReviewWidget
from annotator.gui.write_dialogs import show_not_saved
from annotator.rules import GOLD, NOT_DONE
from annotator.store import Project


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
        toolbar = self.addToolBar(self.tr("Documents"))
        toolbar.setObjectName("reviewToolbar")
        toolbar.addWidget(QLabel(self.tr(" Document: "), self))
        toolbar.addWidget(self.documents)
        self.review.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.review.failed.connect(lambda text: show_not_saved(self, text))
        self.review.documentOpened.connect(self._document_opened)
        self.review.stateChanged.connect(self._state_changed)
        self._build_menus()
        self.setWindowTitle(self.tr("Review — {name}").format(name=project.path.name))
        self.setProperty("ownCloseKey", True)  # its Ctrl+W action (the keymap's "close")
        close_on_escape(self)  # Esc with nothing selected closes the window
        self.resize(1400, 900)

    def _fill_documents(self) -> None:
        self.documents.clear()
        for doc_id, name, _title, status in self.project.document_rows(
            0, 1_000_000, annotator=GOLD
        ):
            self.documents.addItem(f"\u2068{name}\u2069  ({status_text(status)})", doc_id)

    def _action(self, text: str, slot, shortcuts: list[str] | None = None) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        review = self.review
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(lambda: review.step(back=True))
        self.undo_action.setShortcuts([QKeySequence(s) for s in shortcuts(REVIEW, "undo")])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(lambda: review.step(back=False))
        self.redo_action.setShortcuts([QKeySequence(s) for s in shortcuts(REVIEW, "redo")])
        self.addActions([self.undo_action, self.redo_action])
        # The review widget's own keys (the keymap's); menus only show them.
        items = [
            (self.tr("Next disagreement"), "next_disagreement"),
            (self.tr("Previous disagreement"), "previous_disagreement"),
            (self.tr("Accept"), "accept"),
            (self.tr("Reject / withdraw rejection"), "reject"),
            (self.tr("Take attributes"), "attributes"),
            (self.tr("Edit gold span…"), "edit_gold"),
            (self.tr("Delete gold span"), "delete_gold"),
            (self.tr("Curation done / in progress"), "toggle_done"),
        ]
        menu = self.menuBar().addMenu(self.tr("&Review"))
        for text, name in items:
            action = QAction(f"{text}\t{shortcut_hint(REVIEW, name)}", self)
            action.triggered.connect(lambda _=False, s=review.key_actions[name]: s())
            menu.addAction(action)
        menu.addSeparator()
        self.done_next_action = self._action(
            self.tr("Mark done and open next"),
            self.mark_done_and_next,
            shortcuts(REVIEW, "done_and_next"),
        )
        self.next_document_action = self._action(
            self.tr("Next document"),
            lambda: self.step_document(1),
            shortcuts(REVIEW, "next_document"),
        )
        self.previous_document_action = self._action(
            self.tr("Previous document"),
            lambda: self.step_document(-1),
            shortcuts(REVIEW, "previous_document"),
        )
        menu.addActions(
            [self.done_next_action, self.next_document_action, self.previous_document_action]
        )
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        edit.addActions([self.undo_action, self.redo_action])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(self.tr("Review &keys"), self.show_keys, shortcuts(REVIEW, "keys"))
        )
        self.close_action = self._action(self.tr("&Close"), self.close, shortcuts(REVIEW, "close"))
        menu.addSeparator()
        menu.addAction(self.close_action)

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
            self.documents.setItemText(index, f"\u2068{name}\u2069  ({status_text(state.status)})")

    def step_document(self, step: int) -> None:
        count = self.documents.count()
        if not count:
            return
        current = self.documents.findData(self.review.document_id)
        target = current + step if current >= 0 else 0
        if 0 <= target < count:
            self.open_document(self.documents.itemData(target))
        else:
            self.statusBar().showMessage(self.tr("No more documents in this direction"), 6000)

    def mark_done_and_next(self) -> None:
        current = self.review.document_id
        if current is None:
            return
        if not self.review.mark_done():
            return
        remaining = self.project.document_ids(annotator=GOLD, status=NOT_DONE)
        following = [doc for doc in remaining if doc > current] or remaining
        if following:
            self.open_document(following[0])
        else:
            self.statusBar().showMessage(self.tr("Curation of every document is done"), 6000)

    def show_keys(self) -> None:
        KeysDialog(self, REVIEW, LEGEND_HELP).exec()


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
