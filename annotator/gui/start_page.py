"""The start page: the window shown when no project is open (`annotator` or `annotator gui`
without a project, and File > Close project).

It lists the recent projects (`Settings.recent_projects`; a file no longer there is shown as
missing and stays listed until the user removes it from the list) and offers New project…
(`new_project_dialog`: the same creation as `annotator new`, then an offer to import
articles), Open project…, Open the demo project (`demo.ensure_demo_project`), Import
articles… (which asks first whether into a new or an existing project, then opens the
project's window and its File > Import articles… dialog) and Join a team project…
(`team_server_dialogs.JoinDialog`: `annotator team join`, then the project opens).

The page opens projects through an `Opener` it is given (`main_window.open_project_window`,
bound to the session's settings and choices), so that this module does not import the main
window (which imports this one for File > Close project). The file choosers and the question
are overridable methods (`choose_open_path`, `ask_import_target`) for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.keys import WORKBENCH, shortcuts
from annotator.gui.settings import Settings
from annotator.gui.shown_paths import shown_path

PROJECT_FILTER = QT_TRANSLATE_NOOP(
    "StartWindow", "Annotator projects (*.sqlite *.annotator *.db);;All files (*)"
)
MISSING_TIP = QT_TRANSLATE_NOOP(
    "StartWindow",
    "This file is not there any more: moved, renamed, deleted, or on a drive that is not "
    "connected. “Remove from list” forgets it.",
)
NEW, EXISTING = "new", "existing"


class ProjectWindow(Protocol):
    """What the start page needs of a project's window (`main_window.MainWindow`)."""

    def show(self) -> None: ...

    def import_corpus(self) -> None: ...

    def offer_import(self) -> None: ...


# Opens a project in a window (not yet shown), or says why it cannot and returns None.
Opener = Callable[[QWidget | None, Path], ProjectWindow | None]

_open_windows: list[StartWindow] = []


def show_start_page(settings: Settings, opener: Opener) -> StartWindow:
    """Show a start page (kept alive until it closes) and return it."""
    window = StartWindow(settings, opener)
    window.show()
    return window


class StartWindow(QMainWindow):
    """Recent projects, New project…, Open project…, the demo, Import articles…"""

    def __init__(self, settings: Settings, opener: Opener) -> None:
        super().__init__()
        self.settings = settings
        self.opener = opener
        self.setObjectName("startWindow")
        self.setWindowTitle(self.tr("Annotator"))

        self.new_action = self._action(
            self.tr("&New project…"), self.new_project, shortcuts(WORKBENCH, "new_project")
        )
        self.open_action = self._action(
            self.tr("&Open project…"), self.choose_project, shortcuts(WORKBENCH, "open_project")
        )
        self.demo_action = self._action(self.tr("Open the &demo project"), self.open_demo)
        self.join_action = self._action(self.tr("&Join a team project…"), self.join_team)
        self.import_action = self._action(
            self.tr("&Import articles…"), self.import_articles, shortcuts(WORKBENCH, "import")
        )
        self.quit_action = self._action(self.tr("&Quit"), self.close, shortcuts(WORKBENCH, "quit"))
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self.demo_action)
        file_menu.addAction(self.join_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        title = QLabel(self.tr("Annotator"))
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 2.2)
        title_font.setBold(True)
        title.setFont(title_font)
        subtitle = QLabel(
            self.tr(
                "Annotate Arabic news articles: actors, claims and casualty figures. "
                "Every action is saved at once in the project file."
            )
        )
        subtitle.setWordWrap(True)
        self.new_button = self._button(self.tr("New project…"), self.new_project)
        self.open_button = self._button(self.tr("Open project…"), self.choose_project)
        self.demo_button = self._button(self.tr("Open the demo project"), self.open_demo)
        self.import_button = self._button(self.tr("Import articles…"), self.import_articles)
        self.join_button = self._button(self.tr("Join a team project…"), self.join_team)
        self.join_button.setToolTip(
            self.tr("Get your project from your team's server (its URL comes from your lead)")
        )
        hint = QLabel(
            self.tr(
                "The demo project holds a few news articles with sample annotations: a safe "
                "place to try everything."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b7280")
        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(subtitle)
        left.addSpacing(18)
        for button in (
            self.new_button,
            self.open_button,
            self.demo_button,
            self.import_button,
            self.join_button,
        ):
            left.addWidget(button)
        left.addSpacing(10)
        left.addWidget(hint)
        left.addStretch(1)

        recent_title = QLabel(self.tr("Recent projects"))
        heading_font = QFont(recent_title.font())
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.2)
        recent_title.setFont(heading_font)
        recent_title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentProjects")
        self.recent_list.setSpacing(3)
        self.recent_list.itemActivated.connect(self._recent_activated)
        self.recent_list.currentRowChanged.connect(self._update_buttons)
        self.empty_label = QLabel(
            self.tr("No recent projects yet: create one, open one, or try the demo project.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #6b7280")
        self.open_recent_button = QPushButton(self.tr("Open"))
        self.open_recent_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(self.tr("Remove from list"))
        self.remove_button.setToolTip(self.tr("Forget this entry; the file itself is not touched"))
        self.remove_button.clicked.connect(self.remove_selected)
        remove_key = QAction(self)
        remove_key.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.triggered.connect(self.remove_selected)
        self.recent_list.addAction(remove_key)
        recent_buttons = QHBoxLayout()
        recent_buttons.addStretch(1)
        recent_buttons.addWidget(self.remove_button)
        recent_buttons.addWidget(self.open_recent_button)
        right = QVBoxLayout()
        right.setSpacing(8)  # not the page's 36 between the columns
        right.addWidget(recent_title)
        right.addWidget(self.recent_list, 1)
        right.addWidget(self.empty_label, 1, Qt.AlignmentFlag.AlignTop)
        right.addLayout(recent_buttons)

        page = QWidget(self)
        page.setObjectName("startPage")
        row = QHBoxLayout(page)
        row.setContentsMargins(36, 30, 36, 24)
        row.setSpacing(36)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(330)
        row.addWidget(left_box)
        row.addLayout(right, 1)
        self.setCentralWidget(page)
        self.refresh_recent()
        self.resize(1000, 640)
        _open_windows.append(self)

    def _action(self, text: str, slot, keys: list[str] | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(38)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setStyleSheet("text-align: left; padding-left: 14px")
        button.clicked.connect(slot)
        return button

    # ---------------------------------------------------------------- recent projects

    def refresh_recent(self) -> None:
        """List the recent projects again, the missing ones greyed and marked missing."""
        self.recent_list.clear()
        for raw in self.settings.recent_projects():
            path = Path(raw)
            missing = not path.exists()
            name = path.name + (self.tr("  (missing)") if missing else "")
            item = QListWidgetItem(f"{shown_path(name)}\n{shown_path(path.parent)}")
            item.setData(Qt.ItemDataRole.UserRole, raw)
            item.setToolTip(self.tr(MISSING_TIP) if missing else raw)
            if missing:
                item.setForeground(QBrush(QColor("#9ca3af")))
            self.recent_list.addItem(item)
        has_any = self.recent_list.count() > 0
        self.recent_list.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        if has_any:
            self.recent_list.setCurrentRow(0)
        self._update_buttons()

    def recent_entries(self) -> list[tuple[str, bool]]:
        """The listed projects as (path, missing), in order (for tests)."""
        entries = []
        for row in range(self.recent_list.count()):
            item = self.recent_list.item(row)
            raw = str(item.data(Qt.ItemDataRole.UserRole))
            entries.append((raw, not Path(raw).exists()))
        return entries

    def _selected_path(self) -> str | None:
        item = self.recent_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _update_buttons(self, *_: object) -> None:
        selected = self._selected_path() is not None
        self.open_recent_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.open_project(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_selected(self) -> None:
        path = self._selected_path()
        if path is not None:
            self.open_project(path)

    def remove_selected(self) -> None:
        """Forget the selected entry (the file is not touched)."""
        path = self._selected_path()
        if path is None:
            return
        row = self.recent_list.currentRow()
        self.settings.remove_recent_project(path)
        self.refresh_recent()
        if self.recent_list.count():
            self.recent_list.setCurrentRow(min(row, self.recent_list.count() - 1))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    # ---------------------------------------------------------------- opening

    def open_project(self, path: str | Path) -> ProjectWindow | None:
        """Open `path` in its window in place of the start page; None (said why, the page
        stays) when it cannot be opened. A missing file stays listed as missing."""
        path = Path(path)
        if not path.exists():
            from annotator.gui.opening import report_open_problem

            report_open_problem(
                self, path, FileNotFoundError(2, self.tr("No such file"), str(path))
            )
            self.refresh_recent()
            return None
        window = self.opener(self, path)
        if window is None:
            self.refresh_recent()
            return None
        window.show()
        self.close()
        return window

    def choose_project(self) -> ProjectWindow | None:
        """Open project…: a project file chosen by the user."""
        path = self.choose_open_path()
        return self.open_project(path) if path else None

    def open_demo(self) -> ProjectWindow | None:
        """Open the demo project (built first if it does not exist)."""
        from annotator.demo import ensure_demo_project

        return self.open_project(ensure_demo_project())

    def new_project(self) -> ProjectWindow | None:
        """New project…: create one (as `annotator new` does), open it, offer to import."""
        from annotator.gui.new_project_dialog import new_project

        path = new_project(self, self.default_folder())
        if path is None:
            return None
        window = self.open_project(path)
        if window is not None:
            window.offer_import()
        return window

    def import_articles(self) -> ProjectWindow | None:
        """Import articles…: into a new or an existing project (asked first), whose window
        then opens with its import dialog."""
        target = self.ask_import_target()
        if target == NEW:
            from annotator.gui.new_project_dialog import new_project

            path = new_project(self, self.default_folder())
        elif target == EXISTING:
            path = self.choose_open_path()
        else:
            return None
        if not path:
            return None
        window = self.open_project(path)
        if window is not None:
            window.import_corpus()
        return window

    def join_team(self) -> QDialog:
        """Join a team project…: a local project from the team server (`annotator team
        join`), opened once made."""
        from annotator.gui.team_server_dialogs import JoinDialog

        dialog = JoinDialog(self.default_folder(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.joined.connect(lambda path: (dialog.accept(), self.open_project(path)))
        dialog.show()
        self.join_dialog = dialog
        return dialog

    # ---------------------------------------------------------------- overridable dialogs

    def default_folder(self) -> Path:
        """Where the file choosers start: the newest recent project's folder, else home."""
        for raw in self.settings.recent_projects():
            folder = Path(raw).parent
            if folder.is_dir():
                return folder
        return Path.home()

    def choose_open_path(self) -> Path | None:
        """Ask for a project file to open; None if the user gave up."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open project"), str(self.default_folder()), self.tr(PROJECT_FILTER)
        )
        return Path(path) if path else None

    def ask_import_target(self) -> str | None:
        """Import into a NEW project or an EXISTING one? None: cancelled."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Import articles"))
        box.setText(self.tr("Import the articles into which project?"))
        box.setInformativeText(
            self.tr(
                "Articles are imported into a project file. Create a new one, or choose one "
                "you already have."
            )
        )
        new = box.addButton(self.tr("New project…"), QMessageBox.ButtonRole.AcceptRole)
        existing = box.addButton(self.tr("Existing project…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(new)
        box.exec()
        clicked = box.clickedButton()
        return NEW if clicked is new else EXISTING if clicked is existing else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        super().closeEvent(event)
        if self in _open_windows:
            _open_windows.remove(self)
