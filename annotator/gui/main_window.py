"""The main window: article view in the middle, docks around it, menus and shortcuts.

Docks (movable, layout remembered): Documents (left), Labels and Attributes (right; Document
labels a tab behind Attributes), Annotations (bottom). Two components of their own modules are
plugged in here:

* Edit > Find… (Ctrl+F) shows `annotator.gui.find_bar.FindBar` in `find_bar_host`, under the
  article view: its hits are highlighted in the view, the current hit selected (so a label key
  annotates it), and its "Annotate all" goes on this window's undo stack; after it (or its
  undo) the session shows the store's state again (`annotations_changed_elsewhere`).
* Edit > Label schema… runs `annotator.gui.schema_editor.SchemaEditorDialog`; every change is
  shown at once (palette, hotkeys, colours, attribute editor, renamed spans).
* The Suggestions dock (`annotator.gui.suggestions_panel`) and menu: suggestions shown or not,
  their score threshold, and what the background recommenders do. Those run in a worker process
  (`annotator.suggestions.service.SuggestionService`, started by the first `request_suggestions`,
  and on opening a document with `auto_suggest`); the window watches its pipe with a
  QSocketNotifier and never waits on it, and shows new suggestions when they are ready. A
  document the annotator marked done gets none (asked for when it is in progress again).
* The Guidelines dock (`annotator.gui.guidelines_panel`, a tab behind Suggestions): the
  project's guideline text and the label descriptions; Edit guidelines… is one undo step.
* `annotator.gui.activity.ActivityTimer` counts the annotator's active time on the document
  shown (the app's own window only) and writes it every 30 s, on switching document and on
  closing; it is not an undo step.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.activity import ActivityTimer
from annotator.gui.annotation_panel import AnnotationPanel
from annotator.gui.app import register_fonts
from annotator.gui.article_view import ArticleView
from annotator.gui.attribute_editor import AttributeEditor
from annotator.gui.backup_timer import BackupTimer
from annotator.gui.commands import Editor
from annotator.gui.consistency_panel import ConsistencyPanel
from annotator.gui.doc_labels_panel import DocLabelsPanel
from annotator.gui.document_header import DocumentHeader
from annotator.gui.document_list import DocumentListPanel
from annotator.gui.guidelines_panel import GuidelinesPanel
from annotator.gui.i18n import language_menu, status_title
from annotator.gui.keys import (
    WORKBENCH,
    KeysDialog,
    install_close_keys,
    shortcut_hint,
    shortcuts,
)
from annotator.gui.palette import LabelPalette
from annotator.gui.query_panel import QueryPanel
from annotator.gui.session import Session
from annotator.gui.settings import DEFAULT_FONT_SIZE, Settings
from annotator.gui.suggestions_panel import SuggestionsPanel
from annotator.gui.sync_panel import SyncController
from annotator.gui.theme import theme_menu
from annotator.gui.transliteration import transliteration_menu
from annotator.gui.write_dialogs import ask_retry, show_not_saved
from annotator.rules import DONE, IN_PROGRESS, NEW, NOT_DONE
from annotator.store import Document, Project

if TYPE_CHECKING:
    from annotator.gui.import_dialog import ImportOutcome
    from annotator.store.annotation_search import Found
    from annotator.suggestions.service import ServiceEvent, SuggestionService

STATUS_COLOURS = {NEW: "#6b7280", IN_PROGRESS: "#b45309", DONE: "#15803d"}  # header badge
_open_windows: list[QMainWindow] = []


class MainWindow(QMainWindow):
    """One project, one annotator."""

    def __init__(
        self,
        project: Project,
        annotator: str,
        *,
        settings: Settings | None = None,
        blind: bool = True,
        restore_layout: bool = True,
        owns_project: bool = False,
        auto_suggest: bool = False,
    ) -> None:
        super().__init__()
        self.project = project
        self.settings = settings or Settings()
        self.persist = restore_layout  # a screenshot neither reads nor writes the layout
        self.owns_project = owns_project  # close the project file with the window
        self.session = Session(project, annotator, blind=blind)
        self.session.setParent(self)
        self.session.hidden_recommenders = self.settings.hidden_recommenders(project.path)
        self.undo_stack = QUndoStack(self)
        self.editor = Editor(self.session, self.undo_stack)
        self.editor.setParent(self)
        self.find_bar: QWidget | None = None
        # the background recommenders (`request_suggestions`); `auto_suggest`: ask for every
        # document opened
        self.suggestion_service: SuggestionService | None = None
        self._service_notifier: QSocketNotifier | None = None
        self.auto_suggest = auto_suggest
        self._shown_done = False  # the document on screen is marked done (no suggestions)
        self.setObjectName("mainWindow")
        self.setProperty("ownCloseKey", True)  # Ctrl+W closes the project (keys.CloseKeys)
        install_close_keys()  # Ctrl+W closes dialogs and secondary windows
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )

        self.view = ArticleView(
            self.session,
            self.editor,
            font_family=register_fonts(),
            font_size=self.settings.font_size,
        )
        self.header = DocumentHeader(self)  # title elided at its end, the badge always whole
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.view, 1)
        self.find_bar_host = QVBoxLayout()
        column.addLayout(self.find_bar_host)
        self.setCentralWidget(central)

        self.documents = DocumentListPanel(project, annotator, self)
        self.palette = LabelPalette(self.session, self)
        self.attributes = AttributeEditor(self.session, self.editor, self)
        self.attributes.set_transliteration(self.settings.transliteration())
        self.annotation_panel = AnnotationPanel(self.session, self)
        self.suggestions_panel = SuggestionsPanel(self.session, self)
        self.query_panel = QueryPanel(self.editor, self)  # Edit > Find annotations…
        self.consistency_panel = ConsistencyPanel(self.session, self)  # Edit > Check consistency…
        self.guidelines_panel = GuidelinesPanel(self.editor, self)
        self.doc_labels_panel = DocLabelsPanel(self.editor, self)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.docks = {
            "documents": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Documents"),
                self.documents,
                Qt.DockWidgetArea.LeftDockWidgetArea,
            ),
            "labels": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Labels"),
                self.palette,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            "attributes": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Attributes"),
                self.attributes,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            "annotations": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Annotations"),
                self.annotation_panel,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            "suggestions": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Suggestions"),
                self.suggestions_panel,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            "doc_labels": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Document labels"),
                self.doc_labels_panel,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            "guidelines": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Guidelines"),
                self.guidelines_panel,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            "query": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Find annotations"),
                self.query_panel,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
            "consistency": self._dock(
                QT_TRANSLATE_NOOP("MainWindow", "Consistency"),
                self.consistency_panel,
                Qt.DockWidgetArea.BottomDockWidgetArea,
            ),
        }
        # tabs behind the Annotations dock, hidden until Edit > Find annotations… (or Check
        # consistency…) shows them
        self.tabifyDockWidget(self.docks["annotations"], self.docks["query"])
        self.tabifyDockWidget(self.docks["annotations"], self.docks["consistency"])
        self.docks["annotations"].raise_()
        self.docks["query"].hide()
        self.docks["consistency"].hide()
        # a tab behind the Suggestions dock (View > Guidelines, or its tab, shows it)
        self.tabifyDockWidget(self.docks["suggestions"], self.docks["guidelines"])
        self.docks["suggestions"].raise_()
        # a tab behind the Attributes dock (View > Document labels, or its tab, shows it)
        self.tabifyDockWidget(self.docks["attributes"], self.docks["doc_labels"])
        self.docks["attributes"].raise_()
        self.resizeDocks(
            [self.docks["documents"], self.docks["labels"]], [300, 270], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [
                self.docks["labels"],
                self.docks["attributes"],
                self.docks["suggestions"],
                self.docks["annotations"],
            ],
            [210, 300, 170, 210],
            Qt.Orientation.Vertical,
        )

        self.team_sync = SyncController(self)  # Team > Sync now, automatic sync, its status
        self.team_sync.build_actions()
        self._build_actions()
        self._build_menus()
        self.annotator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.team_sync.button)
        self.statusBar().addPermanentWidget(self.annotator_label)
        self._connect()
        self.backup_timer = BackupTimer(project, self)  # rolling snapshots of the project
        self.backup_timer.failed.connect(self.show_message)
        # active editing time per document (gui/activity.py); not an undo step
        self.activity = ActivityTimer(self.session, self)
        self.activity.flushed.connect(self._time_flushed)
        self.activity.failed.connect(self.show_message)
        if owns_project and restore_layout:  # the app's own window: not a screenshot
            self.backup_timer.start()
            self.activity.start()
            self.team_sync.start()
        self._update_annotator_label()
        self._update_header()
        self.setWindowTitle(self.tr("Annotator — {name}").format(name=project.path.name))
        self.resize(1400, 900)
        geometry, state = self.settings.window_state() if restore_layout else (None, None)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        _open_windows.append(self)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self.tr(title), self)  # title: marked by QT_TRANSLATE_NOOP
        dock.setObjectName(f"dock{title}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    # ---------------------------------------------------------------- actions and menus

    def _action(
        self, text: str, slot, shortcuts: list[str] | None = None, *, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_project_action = self._action(
            self.tr("&New project…"), self.new_project, shortcuts(WORKBENCH, "new_project")
        )
        self.open_action = self._action(
            self.tr("&Open project…"), self.choose_project, shortcuts(WORKBENCH, "open_project")
        )
        self.close_project_action = self._action(
            self.tr("&Close project"), self.close_project, shortcuts(WORKBENCH, "close_project")
        )
        self.import_action = self._action(
            self.tr("&Import articles…"), self.import_corpus, shortcuts(WORKBENCH, "import")
        )
        self.import_annotated_action = self._action(
            self.tr("Import a&nnotated data…"), lambda: self.import_corpus(annotated=True)
        )
        self.assign_action = self._action(self.tr("&Assign to annotators…"), self.assign_copies)
        self.merge_action = self._action(self.tr("&Merge copies…"), self.merge_copies)
        self.export_action = self._action(
            self.tr("&Export…"), self.export_corpus, shortcuts(WORKBENCH, "export")
        )
        self.backups_action = self._action(self.tr("&Backups…"), self.show_backups)
        self.quit_action = self._action(self.tr("&Quit"), self.close, shortcuts(WORKBENCH, "quit"))
        # The stack's own actions (named and enabled by Qt), triggering the editor's undo and
        # redo, which keep the stack consistent when the store refuses a step.
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(self.editor.undo)
        self.undo_action.setShortcuts([QKeySequence(k) for k in shortcuts(WORKBENCH, "undo")])
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(self.editor.redo)
        self.redo_action.setShortcuts([QKeySequence(k) for k in shortcuts(WORKBENCH, "redo")])
        self.addActions([self.undo_action, self.redo_action])
        self.find_action = self._action(
            self.tr("&Find…"), self.show_find_bar, shortcuts(WORKBENCH, "find")
        )
        self.find_annotations_action = self._action(
            self.tr("Find &annotations…"),
            self.show_query_panel,
            shortcuts(WORKBENCH, "find_annotations"),
        )
        self.consistency_action = self._action(
            self.tr("Check &consistency…"), self.show_consistency
        )
        self.schema_action = self._action(self.tr("&Label schema…"), self.edit_label_schema)
        self.delete_action = self._action(self.tr("&Delete span"), self.view.delete_selected)
        self.source_action = self._action(self.tr("Set &source of claim"), self._start_relation)
        self.attributes_action = self._action(
            self.tr("Edit &attributes"),
            self.edit_attributes,
            shortcuts(WORKBENCH, "edit_attributes"),
        )
        self.next_pane_action = self._action(
            self.tr("Next pane"), lambda: self.focus_pane(1), shortcuts(WORKBENCH, "next_pane")
        )
        self.previous_pane_action = self._action(
            self.tr("Previous pane"),
            lambda: self.focus_pane(-1),
            shortcuts(WORKBENCH, "previous_pane"),
        )
        self.done_action = self._action(
            self.tr("Mark &done and go to next"),
            self.mark_done_and_next,
            shortcuts(WORKBENCH, "done_and_next"),
        )
        self.reopen_action = self._action(self.tr("Mark in &progress"), self.mark_in_progress)
        self.document_note_action = self._action(
            self.tr("&Note on document…"), lambda: self.view.edit_note(document=True)
        )
        self.document_review_action = self._action(
            self.tr("Document needs re&view"), lambda: self.view.toggle_review(document=True)
        )
        self.next_action = self._action(
            self.tr("&Next document"),
            lambda: self.step_document(1),
            shortcuts(WORKBENCH, "next_document"),
        )
        self.previous_action = self._action(
            self.tr("&Previous document"),
            lambda: self.step_document(-1),
            shortcuts(WORKBENCH, "previous_document"),
        )
        self.zoom_in_action = self._action(
            self.tr("&Larger text"), self.view.zoom_in, shortcuts(WORKBENCH, "zoom_in")
        )
        self.zoom_out_action = self._action(
            self.tr("&Smaller text"), self.view.zoom_out, shortcuts(WORKBENCH, "zoom_out")
        )
        self.zoom_reset_action = self._action(
            self.tr("&Default text size"),
            lambda: self.view.set_font_size(DEFAULT_FONT_SIZE),
            shortcuts(WORKBENCH, "zoom_reset"),
        )
        self.others_action = self._action(
            self.tr("Show &other annotators' work"), self._toggle_others, checkable=True
        )
        self.others_action.setChecked(not self.session.blind)
        self.label_names_action = self._action(
            self.tr("Label &names at spans"), self._set_label_names, checkable=True
        )
        self.label_names_action.setChecked(self.settings.label_names)
        self.view.set_show_label_names(self.settings.label_names)
        self.snap_morphemes_action = self._action(
            self.tr("Snap selections to &morphemes"),
            self._set_snap_morphemes,
            shortcuts(WORKBENCH, "snap_morphemes"),
            checkable=True,
        )
        self.update_snap_morphemes(restore=True)
        self.view.morphemeModeChanged.connect(self.snap_morphemes_action.setChecked)
        self.switch_annotator_action = self._action(
            self.tr("&Switch annotator…"), self.switch_annotator
        )
        self.review_action = self._action(
            self.tr("&Review and adjudicate…"), self.open_review, shortcuts(WORKBENCH, "review")
        )
        self.dashboard_action = self._action(self.tr("&Agreement dashboard…"), self.open_dashboard)
        self.compare_gold_action = self._action(self.tr("&Compare with gold…"), self.open_feedback)
        self.keys_action = self._action(
            self.tr("&Keys"), self.show_keys, shortcuts(WORKBENCH, "keys")
        )
        self.about_action = self._action(self.tr("&About"), self.show_about)
        self.desktop_entry_action = self._action(
            self.tr("Add to the &desktop's menus"), self.install_desktop_entry
        )
        self.desktop_entry_action.setVisible(sys.platform.startswith("linux"))
        self.show_suggestions_action = self._action(
            self.tr("&Show suggestions"), self.session.set_show_suggestions, checkable=True
        )
        self.show_suggestions_action.setChecked(self.session.show_suggestions)
        self.suggest_action = self._action(
            self.tr("S&uggest for this document"), lambda: self.request_suggestions()
        )
        self.retrain_action = self._action(
            self.tr("&Learn again and suggest"), lambda: self.request_suggestions(retrain=True)
        )
        self.recommenders_action = self._action(self.tr("Re&commenders…"), self.show_recommenders)
        self.arabic_tools_action = self._action(self.tr("&Arabic tools…"), self.show_arabic_tools)
        view = self.view
        self.accept_suggestion_action = self._action(
            self.tr("&Accept suggestion\tEnter"), lambda: view.accept_suggestion()
        )
        self.reject_suggestion_action = self._action(
            self.tr("&Reject suggestion\tBackspace"), lambda: view.reject_suggestion()
        )
        self.accept_label_action = self._action(
            self.tr("Accept all of its &label\tShift+Enter"),
            lambda: view.accept_suggestion_label(),
        )
        self.next_suggestion_action = self._action(
            self.tr("&Next suggestion\tAlt+Down"), lambda: view.step_suggestion(1)
        )
        self.previous_suggestion_action = self._action(
            self.tr("&Previous suggestion\tAlt+Up"), lambda: view.step_suggestion(-1)
        )
        self.label_actions: list[QAction] = []
        self._build_label_actions()

    def _build_label_actions(self) -> None:
        for action in self.label_actions:
            self.removeAction(action)
        self.label_actions = []
        for label in self.session.labels.values():
            exact = self._action(
                self.tr("{name} (exact characters)").format(name=label.name),
                lambda _=False, name=label.name: self.view.apply_label(name, exact=True),
                [f"Alt+{label.hotkey}"] if label.hotkey else None,
            )
            plain = self._action(
                label.name,
                lambda _=False, name=label.name: self.view.apply_label(name),
                [label.hotkey] if label.hotkey else None,
            )
            self.label_actions += [plain, exact]
        if hasattr(self, "annotate_menu"):
            self._fill_annotate_menu()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_project_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.close_project_action)
        file_menu.addAction(self.team_sync.join_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_annotated_action)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.find_annotations_action)
        edit_menu.addAction(self.consistency_action)
        edit_menu.addAction(self.schema_action)
        self.annotate_menu = bar.addMenu(self.tr("&Annotate"))
        self._fill_annotate_menu()
        document_menu = bar.addMenu(self.tr("&Document"))
        document_menu.addActions(
            [self.done_action, self.reopen_action, self.next_action, self.previous_action]
        )
        document_menu.addSeparator()
        document_menu.addActions([self.document_note_action, self.document_review_action])
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        view_menu.addSeparator()
        view_menu.addAction(self.others_action)
        view_menu.addMenu(language_menu(self, self.settings))
        view_menu.addAction(self.label_names_action)
        view_menu.addAction(self.snap_morphemes_action)
        view_menu.setToolTipsVisible(True)
        view_menu.aboutToShow.connect(self.update_snap_morphemes)
        view_menu.addMenu(theme_menu(self, self.settings))
        view_menu.addMenu(
            transliteration_menu(self, self.settings, self.attributes.set_transliteration)
        )
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        suggestions_menu = bar.addMenu(self.tr("&Suggestions"))
        suggestions_menu.addAction(self.show_suggestions_action)
        suggestions_menu.addSeparator()
        suggestions_menu.addActions(
            [
                self.accept_suggestion_action,
                self.reject_suggestion_action,
                self.accept_label_action,
                self.next_suggestion_action,
                self.previous_suggestion_action,
            ]
        )
        suggestions_menu.addSeparator()
        suggestions_menu.addActions([self.suggest_action, self.retrain_action])
        suggestions_menu.addAction(self.recommenders_action)
        review_menu = bar.addMenu(self.tr("&Review"))
        review_menu.addActions([self.review_action, self.dashboard_action])
        review_menu.addAction(self.compare_gold_action)
        review_menu.aboutToShow.connect(self.update_compare_gold)
        team_menu = bar.addMenu(self.tr("&Team"))
        team_menu.addActions([self.assign_action, self.merge_action])
        self.team_sync.fill_team_menu(team_menu)
        annotator_menu = bar.addMenu(self.tr("A&nnotator"))
        annotator_menu.addAction(self.switch_annotator_action)
        settings_menu = bar.addMenu(self.tr("Sett&ings"))
        settings_menu.addAction(self.arabic_tools_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([self.keys_action, self.desktop_entry_action, self.about_action])

    def _fill_annotate_menu(self) -> None:
        self.annotate_menu.clear()
        self.annotate_menu.addActions(self.label_actions[0::2])
        self.annotate_menu.addSeparator()
        self.annotate_menu.addActions(
            [self.source_action, self.attributes_action, self.delete_action]
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _connect(self) -> None:
        session = self.session
        session.documentChanged.connect(self._document_changed)
        session.statusChanged.connect(self._status_changed)
        session.labelsChanged.connect(self._build_label_actions)
        self.view.annotationSelected.connect(self._annotation_selected)
        self.view.selectionChanged.connect(self._text_selected)
        self.view.message.connect(self.show_message)
        self.view.fontSizeChanged.connect(self._font_size_changed)
        self.editor.message.connect(self.show_message)
        self.editor.failed.connect(self.show_write_failure)
        self.editor.ask_retry = self.ask_retry
        session.documentsTouched.connect(self.annotations_changed_elsewhere)
        self.documents.follow(session)  # notes written, blind mode
        self.palette.labelClicked.connect(
            lambda name, exact: self.view.apply_label(name, exact=exact)
        )
        self.palette.relationClicked.connect(self._start_relation)
        self.annotation_panel.annotationActivated.connect(self._annotation_activated)
        self.attributes.leave.connect(self.view.setFocus)  # Esc in the attribute editor
        self.query_panel.annotationActivated.connect(self.show_found)
        self.consistency_panel.placeActivated.connect(self.show_place)
        self.documents.documentActivated.connect(self.open_document)
        self.suggestions_panel.show_box.toggled.connect(self.show_suggestions_action.setChecked)
        self.show_suggestions_action.toggled.connect(self.suggestions_panel.show_box.setChecked)
        self.suggestions_panel.suggestRequested.connect(lambda: self.request_suggestions())
        self.suggestions_panel.retrainRequested.connect(
            lambda: self.request_suggestions(retrain=True)
        )

    # ---------------------------------------------------------------- documents

    def open_document(self, document_id: int | None) -> None:
        if document_id is not None and document_id == self.session.document_id:
            return
        self.session.open_document(document_id)

    def open_initial_document(self, document_id: int | None = None) -> None:
        """Open `document_id`, else the last one this project showed, else the first."""
        candidates = [document_id, self.settings.last_document(self.project.path)]
        for candidate in candidates:
            if candidate is None:
                continue
            try:
                self.project.document(candidate)
            except LookupError:  # NotFoundError: no such document (any more)
                continue
            self.open_document(candidate)
            return
        first = self.project.document_rows(0, 1)
        self.open_document(first[0].id if first else None)

    def _document_changed(self, document: Document | None) -> None:
        self._update_header()
        self.documents.select(document.id if document else None)
        if document is not None and self.persist:
            self.settings.set_last_document(self.project.path, document.id)
            self.setWindowTitle(
                self.tr("Annotator — {name} — {document_name}").format(
                    name=self.project.path.name, document_name=document.name
                )
            )
        self._shown_done = self.session.current_status == DONE
        if document is not None and self._suggesting() and not self._shown_done:
            self.request_suggestions()  # not for a document marked done
        self.view.setFocus()

    def step_document(self, step: int) -> None:
        """Open the next (step 1) or previous (-1) document of the list."""
        model = self.documents.model
        current = self.session.document_id
        row = model.row_of(current) if current is not None else None
        target = (row + step) if row is not None else 0
        if target >= model.rowCount() and model.canFetchMore():
            model.fetchMore()
        if 0 <= target < model.rowCount():
            self.open_document(model.document_id(target))
        else:
            self.show_message(self.tr("No more documents in this direction"))

    def mark_done_and_next(self) -> None:
        current = self.session.document_id
        if current is None:
            return
        if not self.editor.set_status(current, DONE):
            return  # not saved: stay on the document (the editor said why)
        remaining = self.project.document_ids(annotator=self.session.annotator, status=NOT_DONE)
        following = [doc for doc in remaining if doc > current] or remaining
        if following:
            self.open_document(following[0])
        else:
            self.show_message(self.tr("All documents are done"))

    def mark_in_progress(self) -> None:
        if self.session.document_id is not None:
            self.editor.set_status(self.session.document_id, IN_PROGRESS)

    def _status_changed(self, document_id: int, status: str) -> None:
        self.documents.status_changed(document_id, status)
        self.team_sync.refresh()  # the pending count
        if status == DONE:
            self.team_sync.document_done()  # automatic sync: in a moment
        if document_id == self.session.document_id:
            self._update_header()
            was_done, self._shown_done = self._shown_done, status == DONE
            if was_done and status != DONE and self._suggesting():
                self.request_suggestions()  # back in progress: its suggestions are asked for

    def _update_header(self) -> None:
        document = self.session.document
        if document is None:
            self.header.show_document(None)
            return
        status = self.session.current_status
        self.header.show_document(
            document.name,
            document.title or "",
            status_title(status),
            STATUS_COLOURS[status],
        )

    # ---------------------------------------------------------------- annotations

    def _annotation_selected(self, uuid: str | None) -> None:
        self.attributes.show_annotation(uuid)
        self.annotation_panel.select(uuid)

    def _text_selected(self) -> None:
        """The article's text selection shown in the attribute editor (with its
        transliteration) while no span is selected."""
        chosen = self.view.selected_range()
        self.attributes.show_selected_text(self.view.text[slice(*chosen)] if chosen else "")

    def _annotation_activated(self, uuid: str) -> None:
        self.view.select_annotation(uuid)
        self.view.setFocus()

    def edit_attributes(self) -> None:
        """Annotate > Edit attributes (F2): the Attributes dock shown, its first field focused
        (Esc there returns to the article)."""
        dock = self.docks["attributes"]
        dock.show()
        dock.raise_()
        if not self.attributes.focus_first_field():
            self.show_message(self.tr("Select a span first (Tab), then F2"))

    def focus_pane(self, step: int) -> None:
        """F6 / Shift+F6: the focus to the next / previous pane (article, document list,
        annotations, attributes), showing its dock."""
        panes = [
            (None, self.view),
            ("documents", self.documents.view),
            ("annotations", self.annotation_panel.view),
            ("attributes", self.attributes),
        ]
        focused = self.focusWidget()
        current = next(
            (
                index
                for index, (_dock, widget) in enumerate(panes)
                if focused is not None and (focused is widget or widget.isAncestorOf(focused))
            ),
            0,
        )
        dock_name, widget = panes[(current + step) % len(panes)]
        if dock_name is not None:
            self.docks[dock_name].show()
            self.docks[dock_name].raise_()
        if widget is self.attributes:
            if not self.attributes.focus_first_field():
                widget.setFocus()
        else:
            widget.setFocus(Qt.FocusReason.TabFocusReason)

    def show_query_panel(self) -> None:
        """Edit > Find annotations… (Ctrl+Shift+F): the query dock, its field focused."""
        dock = self.docks["query"]
        dock.show()
        dock.raise_()
        self.query_panel.activate()

    def show_consistency(self) -> None:
        """Edit > Check consistency…: the Consistency dock; checks the annotator's work."""
        dock = self.docks["consistency"]
        dock.show()
        dock.raise_()
        self.consistency_panel.run()

    def show_found(self, found: Found) -> None:
        """Open a found annotation's document and select it."""
        self.show_place(found.document_id, found.start, found.end, found.uuid)

    def show_place(self, document_id: int, start: int, end: int, uuid: str = "") -> None:
        """Open a document at [start, end): the span `uuid` selected, or that text when the
        span is not shown (another annotator's, in blind mode; none: an unlabelled place)."""
        self.open_document(document_id)
        if uuid and uuid in self.session.annotations:
            self.view.select_annotation(uuid)
        else:
            self.view.select_range(start, end)
            self.view.reveal(start, end)
        self.view.setFocus()

    def _start_relation(self) -> None:
        self.view.setFocus()
        self.view.start_relation()

    def _set_label_names(self, on: bool) -> None:
        """View > Label names at spans (remembered)."""
        self.view.set_show_label_names(on)
        self.settings.label_names = on

    def _set_snap_morphemes(self, on: bool) -> None:
        """View > Snap selections to morphemes (remembered; needs a morphology database)."""
        self.settings.snap_morphemes = self.view.set_snap_morphemes(on)
        self.update_snap_morphemes()

    def update_snap_morphemes(self, *, restore: bool = False) -> None:
        """The morpheme snapping action: enabled only with a morphology database (else its
        tooltip and status tip say why and how to get one); `restore`: turn on the mode
        remembered from last time. The Arabic tools choices are read again first (the View
        menu opens: ``camel_data`` may have installed a database meanwhile)."""
        action = self.snap_morphemes_action
        self.view.words.refresh()
        state = self.view.words.state()
        if restore:
            self.view.set_snap_morphemes(self.settings.snap_morphemes and state.available)
        elif not state.available:
            self.view.set_snap_morphemes(False)
        action.setEnabled(state.available)
        action.setChecked(self.view.snap_morphemes)
        if self.view.snap_morphemes:  # a database chosen anew opens now, not on a selection
            self.view.words.start()
        tip = state.reason or self.tr(
            "A labelled selection takes whole clitics and stems («و+ ب+ ال+ مدنيين») instead "
            "of whole words; Alt still takes the exact characters"
        )
        if state.available:  # the key, as the menu shows it (the reason says what is missing)
            tip = f"{tip} ({shortcut_hint(WORKBENCH, 'snap_morphemes')})"
        action.setToolTip(tip)
        action.setStatusTip(tip)

    def _toggle_others(self, checked: bool) -> None:
        self.session.set_blind(not checked)
        self._update_annotator_label()  # its "(blind)" follows

    def show_write_failure(self, text: str) -> None:
        """A write the store refused: nothing of it was saved, and the user must know."""
        self.show_message(self.tr("Not saved"))
        show_not_saved(self, text)

    def ask_retry(self, text: str) -> bool:
        """Another program held the project locked: try the action again?"""
        return ask_retry(self, text)

    def show_message(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 6000)
        else:
            self.statusBar().clearMessage()

    # ---------------------------------------------------------------- suggestions in the background

    def _suggesting(self) -> bool:
        """Whether documents opened are to get suggestions (the worker runs, or auto)."""
        return self.auto_suggest or self.suggestion_service is not None

    def request_suggestions(self, *, retrain: bool = False) -> None:
        """Ask the background recommenders for suggestions on the current document (`retrain`:
        learn from the annotations again first); starts their worker process the first time.
        Never waits: `suggestion_events` shows them when they are ready. Not for a document
        the annotator marked done (`retrain` only learns again): they are asked for when it
        is in progress again."""
        document = self.session.document_id
        if document is None:
            return
        done = self.session.current_status == DONE
        if done and not retrain:
            self.suggestions_panel.set_status(
                self.tr("No suggestions in a document marked done (mark it in progress)")
            )
            return
        service = self.suggestion_service
        if service is None:
            try:
                service = self.start_suggestion_service()
            except Exception as err:  # noqa: BLE001 - shown; annotating goes on without them
                self.suggestions_panel.set_status(
                    self.tr("The recommenders cannot start: {error}").format(error=err)
                )
                return
        if done:
            service.retrain()
            self.suggestions_panel.set_status(
                self.tr("Learning again (no suggestions in a document marked done)…")
            )
            return
        service.suggest([document], retrain=retrain)
        self.suggestions_panel.set_status(
            self.tr("Learning again…") if retrain else self.tr("Asked for suggestions…")
        )

    def start_suggestion_service(self) -> SuggestionService:
        """The worker process of the recommenders for this project and annotator."""
        from annotator.suggestions.service import SuggestionService

        self.stop_suggestion_service()
        service = SuggestionService(self.project.path, self.session.annotator)
        self.attach_suggestion_service(service)
        return service

    def attach_suggestion_service(self, service: SuggestionService) -> None:
        """Watch `service`'s pipe: its events are read when they arrive, never waited for."""
        self.suggestion_service = service
        notifier = QSocketNotifier(service.connection.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self.suggestion_events)
        self._service_notifier = notifier

    def stop_suggestion_service(self) -> None:
        """End the worker (the window closes, the annotator changes). Its `close` may wait a
        second or two for a worker busy training: a thread of its own does that wait."""
        service, self.suggestion_service = self.suggestion_service, None
        if self._service_notifier is not None:
            self._service_notifier.setEnabled(False)
            self._service_notifier.deleteLater()
            self._service_notifier = None
        if service is not None:
            threading.Thread(target=service.close, name="stop-recommenders", daemon=True).start()

    def suggestion_events(self) -> None:
        """The slot of the worker's pipe: handle what it reported (never blocks)."""
        service = self.suggestion_service
        if service is None:
            return
        for event in service.events():
            self.suggestion_event(event)

    def suggestion_event(self, event: ServiceEvent) -> None:
        """One report of the worker: a status line, or suggestions ready (shown at once when
        they are the current document's)."""
        panel = self.suggestions_panel
        if event.kind in ("ready", "trained", "error"):
            panel.clear_warnings()  # a run ended: its own warnings come after
        if event.kind == "ready":
            if self.session.document_id in event.document_ids:
                self.session.reload_suggestions()
                panel.set_status(
                    self.tr("{count} suggestions ready").format(count=len(self.session.suggestions))
                )
            else:
                panel.set_status(self.tr("Suggestions ready"))
        elif event.kind == "status":
            if event.text == "training":
                panel.set_status(self.tr("Training the recommenders…"))
            else:
                panel.set_status(self.tr("Suggesting…"))
        elif event.kind == "trained":
            panel.set_status(self.tr("Learned from {count} documents").format(count=event.text))
        elif event.kind == "error":
            # a run that stopped may have stored some of the documents' suggestions already
            if self.session.document_id in event.document_ids:
                self.session.reload_suggestions()
            panel.set_status(self.tr("Recommenders failed: {error}").format(error=event.text))
        elif event.kind == "warning" and event.skipped is not None:
            # an optional recommender (CAMeL NER) left out or failing: the panel words it, kept
            # apart (the next status line does not hide it)
            panel.add_warning(event.skipped)
        elif event.kind == "stopped":
            panel.set_status(self.tr("Recommenders stopped"))
            if self._service_notifier is not None:
                self._service_notifier.setEnabled(False)

    # ---------------------------------------------------------------- find bar, schema editor

    def show_find_bar(self) -> None:
        """Edit > Find… (Ctrl+F): the find bar under the article, with the selected text."""
        if self.find_bar is None:
            self.find_bar = self._make_find_bar()
        selected = self.view.selected_range()
        query = None
        if selected is not None and selected[1] - selected[0] <= 200:
            query = self.session.text[selected[0] : selected[1]]
        self.find_bar.activate(query)

    def _make_find_bar(self):
        from annotator.gui.find_bar import FindBar

        bar = FindBar(self)
        bar.set_context(self.editor)
        bar.set_document(self.session.document_id, self.session.text)
        bar.hitsChanged.connect(self.view.set_find_highlights)
        bar.currentHitChanged.connect(self._find_hit)
        bar.closed.connect(self.view.setFocus)
        self.session.documentChanged.connect(
            lambda _doc: bar.set_document(self.session.document_id, self.session.text)
        )
        self.session.annotatorChanged.connect(lambda _name: bar.set_context(self.editor))
        self.session.labelsChanged.connect(bar.refresh_labels)
        self.find_bar_host.addWidget(bar)
        return bar

    def _find_hit(self, start: int, end: int) -> None:
        self.view.set_current_find(start, end)
        self.view.select_range(start, end)

    def annotations_changed_elsewhere(self, document_ids: set[int]) -> None:
        """Another component wrote annotations to the store (annotate all, its undo, the schema
        editor): show the store's state again."""
        if self.session.document_id in document_ids:
            self.session.reload()
        self.documents.model.refresh()
        self.documents.select(self.session.document_id)
        self.documents.update_progress()

    def edit_label_schema(self) -> None:
        """Edit > Label schema…: the schema editor; each edit is saved at once, undoably."""
        from annotator.gui.schema_editor import SchemaEditorDialog

        dialog = SchemaEditorDialog(self.editor, self)
        dialog.schemaChanged.connect(self._schema_changed)
        dialog.exec()
        self._schema_changed()

    def show_backups(self) -> None:
        """File > Backups…: the project's snapshots; take one, or restore one."""
        from annotator.gui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.project, self)
        dialog.restored.connect(lambda _result: self.project_replaced())
        dialog.exec()

    def project_replaced(self) -> None:
        """The whole project changed under the window (a snapshot was restored): the undo
        history no longer applies; show the store's state again."""
        self.undo_stack.clear()
        self.session.reload_labels()
        current = self.session.document_id
        self.session.open_document(None)
        self.documents.model.refresh()
        self.open_initial_document(current)
        self.documents.update_progress()

    def import_corpus(self, *, annotated: bool = False) -> None:
        """File > Import articles…: texts or annotated corpora, with progress and a report; not
        an undo step (a snapshot is taken before it). Shows the project's new state
        afterwards. File > Import annotated data… (`annotated`): the same dialog, offering the
        annotated formats only."""
        from annotator.gui.import_dialog import ImportDialog

        dialog = ImportDialog(
            self.project, self.session.annotator, parent=self, annotated=annotated
        )
        dialog.importFinished.connect(self.imported)
        dialog.exec()

    def imported(self, outcome: ImportOutcome) -> None:
        """An import (another connection) added documents, annotations and perhaps labels:
        show the store's state again; open the first document if none was open."""
        self.project.forget_cached()
        if outcome.labels_added:
            self.session.reload_labels()
        self.annotations_changed_elsewhere(set(outcome.document_ids))
        if self.session.document_id is None:
            self.open_initial_document()

    def offer_import(self) -> None:
        """After File > New project…: offer to import articles into the new, empty project."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("New project"))
        box.setText(
            self.tr("“{0}” is ready and empty. Import articles into it now?").format(
                self.project.path.name
            )
        )
        now = box.addButton(self.tr("Import articles…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        box.exec()
        if box.clickedButton() is now:
            self.import_corpus()

    def assign_copies(self) -> None:
        """Team > Assign to annotators…: a copy of the project for each annotator (`annotator
        assign`), written in the background with the command's report."""
        from annotator.gui.team_dialogs import AssignDialog

        AssignDialog(self.project, parent=self).exec()

    def merge_copies(self) -> None:
        """Team > Merge copies…: the annotators' copies brought back into this project
        (`annotator merge`; a "before merge" snapshot first); the views show the result."""
        from annotator.gui.team_dialogs import MergeDialog

        dialog = MergeDialog(self.project, parent=self)
        dialog.merged.connect(self.merged)
        dialog.exec()

    def merged(self, labels_added: bool = True) -> None:
        """A merge (another connection) added annotations, relations, statuses and perhaps
        labels: show the store's state again."""
        self.project.forget_cached()
        if labels_added:
            self.session.reload_labels()
        current = self.session.document_id
        self.annotations_changed_elsewhere({current} if current is not None else set())

    def pulled(self, document_ids: set[int], *, own: bool, labels: bool = False) -> None:
        """A team sync (another connection) replaced units of `document_ids` (`own`: one of
        this annotator's) or the label schema (`labels`): show the store's state again. The
        undo history is cleared then (undoing across the pull would write stale state)."""
        self.project.forget_cached()
        if labels:
            self.session.reload_labels()
        if own or labels:
            self.undo_stack.clear()
            self.show_message(self.tr("Updated from the team server; the undo history was cleared"))
        self.annotations_changed_elsewhere(document_ids)
        if self.session.document_id is None:
            self.open_initial_document()

    def export_corpus(self) -> None:
        """File > Export…: the export dialog (formats, annotators, split), with progress."""
        from annotator.gui.export_dialog import ExportDialog

        ExportDialog(self.project, parent=self).exec()

    def show_recommenders(self) -> None:
        """Suggestions > Recommenders…: evaluate them (in the background); hide the weak ones."""
        from annotator.gui.recommenders_dialog import RecommendersDialog

        dialog = RecommendersDialog(self.project, self.session.annotator, self, self.settings)
        dialog.hiddenChanged.connect(self.session.set_hidden_recommenders)
        dialog.exec()

    def show_arabic_tools(self) -> None:
        """Settings > Arabic tools…: what of camel-tools is installed, the morphology database
        and NER model to use, CAMeL NER's labels, and how to install the rest."""
        from annotator.gui.arabic_tools_dialog import ArabicToolsDialog

        dialog = ArabicToolsDialog(list(self.session.labels), self)
        dialog.accepted.connect(self.update_snap_morphemes)  # saved: hover and snapping follow
        dialog.exec()

    def open_review(self) -> None:
        """Review > Review and adjudicate…: every annotator's spans on this document, and gold."""
        from annotator.gui.review import open_review_window

        window = open_review_window(self.project, self.session.document_id, self)
        window.review.stateChanged.connect(self.session.reload)

    def open_dashboard(self) -> None:
        """Review > Agreement dashboard…: heatmaps; a worst document opens in review."""
        from annotator.gui.dashboard import open_dashboard

        open_dashboard(self.project, self)

    def update_compare_gold(self) -> None:
        """Review > Compare with gold is there when gold holds something for this document."""
        from annotator.adjudication import has_gold

        document = self.session.document_id
        self.compare_gold_action.setEnabled(
            document is not None and has_gold(self.project, document)
        )

    def open_feedback(self):
        """Review > Compare with gold…: the annotator's spans here against gold's (gui.feedback)."""
        from annotator.gui.feedback import open_feedback

        self.update_compare_gold()
        document = self.session.document_id
        if document is None or not self.compare_gold_action.isEnabled():
            return None
        return open_feedback(self.project, document, self.session.annotator, self)

    def _time_flushed(self, document_id: int, annotator: str, seconds: float) -> None:
        if annotator == self.documents.model.annotator:
            self.documents.model.set_time(document_id, seconds)

    def _schema_changed(self) -> None:
        self.session.reload_labels()
        self.session.reload()  # a renamed label renames its spans

    # ---------------------------------------------------------------- settings, annotator

    def _font_size_changed(self, size: int) -> None:
        self.settings.font_size = size

    def _update_annotator_label(self) -> None:
        mode = self.tr("blind") if self.session.blind else self.tr("all annotators shown")
        name = self.session.annotator
        remembered = self.settings.annotator
        session_only = remembered is not None and remembered != name
        self.annotator_label.setText(
            self.tr("Annotator: {name}").format(name=name)
            + (self.tr(" (this session only)") if session_only else "")
            + f" ({mode})"
        )
        self.annotator_label.setToolTip(
            self.tr(
                "The next start annotates as {remembered}; Annotator > Switch annotator… changes it"
            ).format(remembered=remembered)
            if session_only
            else self.tr("Annotator > Switch annotator… changes who you annotate as")
        )

    def switch_annotator(self) -> None:
        names = self.project.annotators()
        current = self.session.annotator
        name, ok = QInputDialog.getItem(
            self,
            self.tr("Switch annotator"),
            self.tr("Annotate as:"),
            names or [current],
            max(0, names.index(current)) if current in names else 0,
            True,
        )
        if ok and name.strip():
            self.set_annotator(name.strip())

    def set_annotator(self, name: str) -> None:
        """Annotate as `name` from now on, and at the next start (Annotator > Switch)."""
        self.undo_stack.clear()
        self.stop_suggestion_service()  # it suggests for one annotator
        self.session.set_annotator(name)
        self.settings.annotator = name
        self.documents.set_annotator(name)
        self.documents.select(self.session.document_id)
        self._update_annotator_label()
        self._update_header()

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            str(self.project.path.parent),
            self.tr("Annotator projects (*.sqlite *.annotator *.db);;All files (*)"),
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str | Path) -> None:
        """Open another project in a new window and close this one. A file that cannot be
        opened is explained in a dialog and this project stays open; in a teammate copy made
        for someone else the user may annotate as them (for this session)."""
        window = self._open_like_this(path)
        if window is not None:
            window.show()
            self.close()

    def _open_like_this(
        self, path: str | Path, settings: Settings | None = None
    ) -> MainWindow | None:
        """A new window on the project `path` for this window's annotator, blind mode and
        suggestions (None when it cannot be opened: the dialogs have said why)."""
        return open_project_window(
            self,
            path,
            settings=settings or self.settings,
            annotator=self.session.annotator,
            blind=self.session.blind,
            auto_suggest=self.auto_suggest,
        )

    def new_project(self) -> None:
        """File > New project…: create an empty project (as `annotator new` does), open it in
        place of this one and offer to import articles into it."""
        from annotator.gui.new_project_dialog import new_project

        path = new_project(self, self.project.path.parent)
        if path is None:
            return
        window = self._open_like_this(path)
        if window is not None:
            window.show()
            self.close()
            window.offer_import()

    def close_project(self) -> None:
        """File > Close project: this window closes and the start page shows."""
        from annotator.gui.start_page import show_start_page

        settings, blind, auto_suggest = self.settings, self.session.blind, self.auto_suggest
        show_start_page(
            self.settings,
            lambda parent, path: open_project_window(
                parent, path, settings=settings, blind=blind, auto_suggest=auto_suggest
            ),
        )
        self.close()

    def show_keys(self) -> None:
        KeysDialog(self, WORKBENCH).exec()

    def install_desktop_entry(self) -> None:
        """Help > Add to the desktop's menus: `annotator install-desktop-entry` without the
        terminal (the entry starts this program; project files open with it)."""
        from annotator import desktop
        from annotator.errors import UsageError

        title = self.tr("Desktop menus")
        try:
            result = desktop.install()
        except (OSError, UsageError) as error:
            self.tell(title, self.tr("The desktop entry could not be written: {0}").format(error))
            return
        self.tell(
            title,
            self.tr(
                "Annotator is now in your desktop's application menu, and project files open "
                "with it.\n\n{0} files written under {1}."
            ).format(len(result.written), result.prefix),
        )

    def tell(self, title: str, text: str) -> None:
        """Show a message (tests and embedders replace it)."""
        QMessageBox.information(self, title, text)

    def reopen_in_language(self, settings: Settings) -> MainWindow | None:
        """Install the remembered language and digits, then open this window's project in a
        new window (same annotator, document, blind mode, size) and close this one. Returns the
        new window (None, with this one kept, if the project cannot be opened again)."""
        from annotator.gui import i18n

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        previous = i18n.current(), i18n.arabic_digits()
        i18n.install(app, settings.language, arabic_digits=settings.arabic_digits)
        document = self.session.document_id
        new = self._open_like_this(self.project.path, settings)
        if new is None:
            i18n.install(app, previous[0], arabic_digits=previous[1])
            return None
        if document is not None:
            new.open_initial_document(document)
        new.setGeometry(self.geometry())
        new.show()
        self.close()
        return new

    def show_about(self) -> None:
        from annotator import __version__

        QMessageBox.about(
            self,
            self.tr("About Annotator"),
            self.tr(
                "<b>Annotator {__version__}</b><br>Annotate Arabic news "
                "articles: actors, claims and casualty figures.<br>Every "
                "action is saved at once in the project file.<br>Arabic "
                "font: Noto Naskh Arabic (SIL Open Font License 1.1)."
            ).format(__version__=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self.stop_suggestion_service()
        self.consistency_panel.let_go()  # a check still running is not waited for
        self.team_sync.cancel()  # a sync still running is let go (safe to stop at any moment)
        self.activity.stop()  # the time on the document shown is written
        if self.persist:
            self.settings.set_window_state(self.saveGeometry(), self.saveState())
            self.settings.sync()
        super().closeEvent(event)
        if self.owns_project:
            QTimer.singleShot(0, self.project.close)
        QTimer.singleShot(0, self._forget)

    def _forget(self) -> None:
        if self in _open_windows:
            _open_windows.remove(self)


def open_project_window(
    parent: QWidget | None,
    path: str | Path,
    *,
    settings: Settings,
    annotator: str | None = None,
    blind: bool = True,
    auto_suggest: bool = True,
) -> MainWindow | None:
    """Open project `path` in a new window (not yet shown; its first document open) and
    remember it among the recent projects. The annotator is `session_annotator`'s (`annotator`
    given for the session, ANNOTATOR_NAME, the remembered name, else asked; in a teammate
    copy made for someone else, the user may annotate as them). A file that cannot be opened
    is explained in a dialog (a missing one is forgotten from the recent projects): None then,
    and when no name was given. A project joined to a team server is annotated as its
    member."""
    from annotator.gui.opening import assigned_to, report_open_problem
    from annotator.gui.server_jobs import joined_member

    project = window = None
    try:
        project = Project.open(path)
        # a project joined to a team server is annotated as its member (only their work is sent)
        name = joined_member(project) or session_annotator(
            annotator, settings, assigned_to(project), parent=parent
        )
        if name is None:
            project.close()
            return None
        window = MainWindow(
            project,
            name,
            settings=settings,
            blind=blind,
            owns_project=True,
            auto_suggest=auto_suggest,
        )
        window.open_initial_document()
    except Exception as err:  # any failure to read the file is explained, not a traceback
        discard_window(window, project)
        if report_open_problem(parent, path, err).kind == "missing":
            settings.remove_recent_project(path)
        return None
    settings.add_recent_project(path)
    return window


def session_annotator(
    given: str | None,
    settings: Settings,
    owner: str | None,
    *,
    interactive: bool = True,
    parent: QWidget | None = None,
) -> str | None:
    """Who annotates this session: `given`, else ANNOTATOR_NAME, else the remembered name (in
    a copy made for someone else, `owner`, the user may choose them for the session); not
    `interactive` (a screenshot): that, else `owner`, else "demo"; else asked (the answer is
    remembered). None when the user cancelled the question.

    Only the first-run answer is remembered here; the remembered name otherwise changes only
    through Annotator > Switch annotator."""
    from annotator.gui.opening import annotator_for_copy

    name = (given or "").strip() or os.environ.get("ANNOTATOR_NAME", "").strip()
    name = name or settings.annotator
    if not interactive:
        return name or owner or "demo"
    if name:
        return annotator_for_copy(parent, owner, name)
    note = (
        QCoreApplication.translate(
            "main_window", "This copy of the project was made for {owner}."
        ).format(owner=owner)
        if owner
        else ""
    )
    name = ask_annotator(parent, suggestion=owner or "", note=note)
    if name:
        settings.annotator = name
    return name


def discard_window(window: MainWindow | None, project: Project | None) -> None:
    """Close a window (if any) and its project after opening failed, remembering nothing."""
    if window is not None:
        window.persist = window.owns_project = False
        window.close()
        window._forget()
        window.deleteLater()
    if project is not None:
        project.close()


def ask_annotator(
    parent: QWidget | None = None, suggestion: str = "", note: str = ""
) -> str | None:
    """The first-run question: who is annotating? Asked again, saying why, while the answer is
    empty; None if cancelled. `note` is shown above the question."""
    question = QCoreApplication.translate(
        "main_window",
        "Your name or initials. Every annotation you make carries it;\n"
        "by default you see only your own annotations.",
    )
    reminder = ""
    while True:
        name, ok = QInputDialog.getText(
            parent,
            QCoreApplication.translate("main_window", "Who is annotating?"),
            "\n\n".join(part for part in (note, reminder, question) if part),
            text=suggestion,
        )
        if not ok:
            return None
        if name.strip():
            return name.strip()
        reminder = QCoreApplication.translate(
            "main_window", "A name is needed to annotate: please type one (Cancel quits)."
        )
