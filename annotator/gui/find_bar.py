"""Find bar: normalized Arabic search in the current document, and "annotate all hits".

The bar never draws hits itself. It works on code-point spans of the canonical document text
(given by `set_document`) and emits signals the main window forwards to the article view:
`hitsChanged(list)` with every (start, end) hit, `currentHitChanged(start, end)` for the hit to
scroll to and select, and `closed()` when dismissed. "Annotate all" is the window's
`Editor.annotate_targets`: the same attributes as the hotkey, one undo step, and the session
reports the documents it wrote. Its targets are not the search hits (which may lie inside
words) but the query's occurrences as a term (`annotator.text.TermMatcher`): whole tokens,
also right after a proclitic and without it («أذربيجان» in «وأذربيجان», «الحكومة» in
«للحكومة» from the article's lam), never inside a derived word («الأذربيجانية»), whatever
"Whole word" says.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from annotator.errors import NotFoundError
from annotator.gui.commands import Editor
from annotator.gui.direction import follow_text, text_direction
from annotator.gui.i18n import number
from annotator.gui.keys import FIND, WORKBENCH, Keymap, shortcuts
from annotator.store.project import Project
from annotator.store.records import Annotation
from annotator.text import TermMatcher, find

DEBOUNCE_MS = 150
SCOPE_DOCUMENT = "document"
SCOPE_PROJECT = "project"


def colour_icon(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class FindBar(QWidget):
    """Ctrl+F bar: query, whole word, hit counter, next/previous, label and "Annotate all"."""

    hitsChanged = Signal(list)  # list[tuple[int, int]]
    currentHitChanged = Signal(int, int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: Editor | None = None
        self.document_id: int | None = None
        self.text = ""
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self._searched: tuple[str, bool, int | None] | None = None

        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText(self.tr("Find (normalized Arabic)"))
        self.query_edit.setClearButtonEnabled(True)
        follow_text(self.query_edit)  # the query's direction; empty: the document's
        self.query_edit.setAccessibleName(self.tr("Find in the document"))
        self.whole_word_box = QCheckBox(self.tr("Whole word"), self)
        self.counter_label = QLabel(self)
        self.counter_label.setMinimumWidth(80)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("▲")
        self.previous_button.setToolTip(self.tr("Previous hit (Shift+Enter, Shift+F3)"))
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.setToolTip(self.tr("Next hit (Enter, F3)"))
        self.label_combo = QComboBox(self)
        self.label_combo.setToolTip(self.tr("Label for “Annotate all”"))
        self.scope_combo = QComboBox(self)
        self.scope_combo.addItem(self.tr("This document"), SCOPE_DOCUMENT)
        self.scope_combo.addItem(self.tr("Whole project"), SCOPE_PROJECT)
        self.annotate_button = QPushButton(self.tr("Annotate all"), self)
        self.annotate_button.setToolTip(
            self.tr(
                "Label every occurrence of the query as a whole word, also after و ف ب ل ك "
                "(without them), never inside a longer word"
            )
        )
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Close (Esc)"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.query_edit, 1)
        for widget in (
            self.whole_word_box,
            self.counter_label,
            self.previous_button,
            self.next_button,
            self.label_combo,
            self.scope_combo,
            self.annotate_button,
            self.close_button,
        ):
            layout.addWidget(widget)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        # F3 / Shift+F3 work anywhere in the window while the bar is visible.
        self.next_action = QAction(self.tr("Find next"), self)
        self.next_action.setShortcuts([QKeySequence(k) for k in shortcuts(WORKBENCH, "find_next")])
        self.next_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.next_action.triggered.connect(self.find_next)
        self.previous_action = QAction(self.tr("Find previous"), self)
        self.previous_action.setShortcuts(
            [QKeySequence(k) for k in shortcuts(WORKBENCH, "find_previous")]
        )
        self.previous_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.previous_action.triggered.connect(self.find_previous)
        self.addAction(self.next_action)
        self.addAction(self.previous_action)

        self.key_actions = {
            "find_next": self.find_next,
            "find_previous": self.find_previous,
            "close": self.close_bar,
        }
        self._keymap = Keymap(FIND, self.key_actions)
        self.query_edit.textChanged.connect(self._query_edited)
        self.query_edit.installEventFilter(self)
        self.whole_word_box.toggled.connect(self.refresh)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.annotate_button.clicked.connect(self.annotate_all)
        self.close_button.clicked.connect(self.close_bar)
        self.label_combo.currentIndexChanged.connect(self._update_buttons)
        self._update_counter()
        self._update_buttons()

    # ---------------------------------------------------------------- context

    def set_context(self, editor: Editor | None) -> None:
        """The window's editor: its session's project and annotator, and its undo stack."""
        self.editor = editor
        self.refresh_labels()

    @property
    def project(self) -> Project | None:
        return self.editor.session.project if self.editor is not None else None

    @property
    def annotator(self) -> str | None:
        return self.editor.session.annotator if self.editor is not None else None

    def refresh_labels(self) -> None:
        """Reload the label combo from the project (call after the schema changed)."""
        chosen = self.selected_label()
        self.label_combo.blockSignals(True)
        self.label_combo.clear()
        for label in self.project.labels() if self.project is not None else []:
            self.label_combo.addItem(colour_icon(label.colour), label.name, label.name)
        index = self.label_combo.findData(chosen) if chosen else -1
        if index < 0 and self.label_combo.count():
            index = 0
        self.label_combo.setCurrentIndex(index)
        self.label_combo.blockSignals(False)
        self._update_buttons()

    def set_document(self, document_id: int | None, text: str) -> None:
        """The current document and its canonical text (from the store).

        Hits are recomputed at once while the bar is shown, else when it is next activated.
        """
        changed = document_id != self.document_id or text != self.text
        self.document_id = document_id
        self.text = text
        follow_text(self.query_edit, text_direction(text))
        if not changed:
            return
        self.current = -1
        self._searched = None
        if self.isHidden():
            self.hits = []
            self._update_counter()
        else:
            self.refresh()

    # ---------------------------------------------------------------- public state

    def query(self) -> str:
        return self.query_edit.text()

    def whole_word(self) -> bool:
        return self.whole_word_box.isChecked()

    def scope(self) -> str:
        return self.scope_combo.currentData()

    def set_scope(self, scope: str) -> None:
        self.scope_combo.setCurrentIndex(self.scope_combo.findData(scope))

    def selected_label(self) -> str | None:
        return self.label_combo.currentData()

    def set_label(self, name: str) -> None:
        index = self.label_combo.findData(name)
        if index < 0:
            raise NotFoundError(self.tr("no label named {name!r}").format(name=name))
        self.label_combo.setCurrentIndex(index)

    def current_hit(self) -> tuple[int, int] | None:
        return self.hits[self.current] if 0 <= self.current < len(self.hits) else None

    def counter_text(self) -> str:
        return self.counter_label.text()

    # ---------------------------------------------------------------- showing

    def activate(self, query: str | None = None) -> None:
        """Show the bar (Ctrl+F), optionally with a query (e.g. the selected text), focused."""
        self.show()
        if query is not None:
            self.query_edit.setText(query)
        self.refresh()
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def close_bar(self) -> None:
        """Hide the bar, clear the highlighted hits and emit `closed`."""
        self._debounce.stop()
        self.hide()
        self.hitsChanged.emit([])
        self.closed.emit()

    # ---------------------------------------------------------------- searching

    def _query_edited(self, text: str) -> None:
        self._debounce.start()
        self._update_buttons()

    def flush(self) -> None:
        """Run a pending (debounced) search now."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()

    def refresh(self) -> None:
        """Recompute the hits for the query in the current document; announce them if shown."""
        self._debounce.stop()
        key = (self.query(), self.whole_word(), self.document_id)
        anchor = self.hits[self.current][0] if self.current >= 0 and self.hits else 0
        if self.query().strip() and self.document_id is not None:
            self.hits = find(self.text, self.query(), whole_word=self.whole_word())
        else:
            self.hits = []
        self.current = -1
        if self.hits:
            self.current = next((i for i, (start, _) in enumerate(self.hits) if start >= anchor), 0)
        self._searched = key
        self._update_counter()
        self._update_buttons()
        if self.isHidden():
            return
        self.hitsChanged.emit(list(self.hits))
        if self.hits:
            self._emit_current()

    def _ensure_fresh(self) -> bool:
        """Run a pending or outdated search now; True when one ran."""
        if self._debounce.isActive() or self._searched != (
            self.query(),
            self.whole_word(),
            self.document_id,
        ):
            self.refresh()
            return True
        return False

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._ensure_fresh() or not self.hits:
            return  # a fresh search has just shown its first hit
        self.current = (self.current + step) % len(self.hits)
        self._update_counter()
        self._emit_current()

    def _emit_current(self) -> None:
        start, end = self.hits[self.current]
        self.currentHitChanged.emit(start, end)

    def _update_counter(self) -> None:
        if not self.query().strip() or self.document_id is None:
            self.counter_label.setText("")
        elif not self.hits:
            self.counter_label.setText(self.tr("No results"))
        else:
            self.counter_label.setText(
                self.tr("{current} of {total}").format(
                    current=number(self.current + 1), total=number(len(self.hits))
                )
            )

    def _update_buttons(self) -> None:
        has_query = bool(self.query().strip())
        self.previous_button.setEnabled(has_query)
        self.next_button.setEnabled(has_query)
        self.annotate_button.setEnabled(
            has_query and self.editor is not None and self.selected_label() is not None
        )

    # ---------------------------------------------------------------- keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.query_edit and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return self._handle_key(event, event.type() == QEvent.Type.ShortcutOverride)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self._keymap.action_for(event) == "close":
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent, override: bool) -> bool:
        """The search field's keys (the keymap's FIND table); F3 is the window's."""
        action = self._keymap.action_for(event)
        if action is None:
            return False
        if override:  # keep window shortcuts from taking keys the bar handles itself
            event.accept()
            return True
        self.key_actions[action]()
        return True

    # ---------------------------------------------------------------- annotate all

    def annotate_all(self) -> list[Annotation]:
        """Label every occurrence of the query as a term (this document or the whole project;
        see the module docstring) as one undoable step, through the window's editor (the
        attributes the hotkey gives). Returns the spans added."""
        editor = self.editor
        label = self.selected_label()
        query = self.query()
        if editor is None or label is None or not query.strip():
            return []
        found = self.annotate_targets()
        if found is None:
            return []
        if not found:
            self.inform(
                self.tr("“{query}” is not found as a whole word: nothing to annotate.").format(
                    query=query.strip()
                )
            )
            return []
        targets = editor.new_targets(label, found)
        if not targets:
            self.inform(self.tr("Every hit is already annotated as {label}.").format(label=label))
            return []
        if self.scope() == SCOPE_PROJECT and not self.confirm(
            len(targets), len({doc_id for doc_id, _, _ in targets})
        ):
            return []
        return editor.annotate_targets(label, targets)

    def annotate_targets(self) -> list[tuple[int, int, int]] | None:
        """The (document, start, end) spans "Annotate all" labels: the query's occurrences as a
        term in the current document or, in the project scope, in every document (those the
        store's search says may hold one); None without a document or query."""
        editor = self.editor
        matcher = TermMatcher([self.query()])
        if editor is None or not len(matcher):
            return None
        if self.scope() != SCOPE_PROJECT:
            if self.document_id is None:
                return None
            return [(self.document_id, m.start, m.end) for m in matcher.find(self.text)]
        session = editor.session
        project = session.project
        # limit=0: only which documents hold the text, no hits
        candidates = project.search(matcher.required_text(self.query()), limit=0).document_ids
        found = []
        for document in candidates:
            if document == session.document_id:
                text = session.text
            else:
                text = project.document_text(document)
            found.extend((document, m.start, m.end) for m in matcher.find(text))
        return found

    # Overridable for tests and embedding: the dialogs this bar shows.

    def confirm(self, count: int, documents: int) -> bool:
        """Ask before annotating across the project; `count` new spans in `documents` docs."""
        answer = QMessageBox.question(
            self,
            self.tr("Annotate all in project"),
            self.tr(
                "Add {count} {label} span(s) in {documents} document(s) for “{query}”?\n"
                "This is one step you can undo."
            ).format(
                count=count, label=self.selected_label(), documents=documents, query=self.query()
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, message: str) -> None:
        QMessageBox.information(self, self.tr("Annotate all"), message)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Annotate all"), message)
