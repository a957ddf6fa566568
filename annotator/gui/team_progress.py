"""Team > Team progress…: the lead's live dashboard of the team server (`team_server.progress`,
as `annotator team progress` prints it): per member, the documents assigned to them by status,
their annotations, open conflicts, done as a bar, and when they last sent work. Read in the
background (`server_jobs.run_in_background`); Refresh reads again; Agreement… opens the
agreement dashboard of the lead's project, which holds everyone's work as of its last sync.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import team_server
from annotator.gui import i18n
from annotator.gui.direction import DirectionalDelegate
from annotator.gui.keys import close_on_escape
from annotator.gui.server_jobs import Running, clock, run_in_background, server_problem
from annotator.rules import DONE, IN_PROGRESS, NEW


class TeamProgressWindow(QWidget):
    """Team > Team progress…: per member, the documents assigned to them by status, their
    annotations, open conflicts, done as a bar, and when they last sent work; read live from
    the server (`team_server.progress`, what the login may read: a lead, everyone's); Refresh
    reads again."""

    refreshed = Signal(object)  # the progress read (team_server.progress's rows)
    failed = Signal(str)

    def __init__(
        self,
        url: str,
        password: str | None = None,
        parent: QWidget | None = None,
        *,
        agreement: Callable[[], object] | None = None,
    ):
        super().__init__(parent)
        self.url = url
        self.password = password
        self.progress: list[Any] = []
        self._running: Running | None = None
        self.setWindowTitle(self.tr("Team progress"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.agreement_button = QPushButton(self.tr("Agreement…"))
        self.agreement_button.setToolTip(
            self.tr(
                "The agreement dashboard of this project, which holds everyone's work as of "
                "its last sync (Team > Sync now brings the latest)"
            )
        )
        self.agreement_button.setVisible(agreement is not None)
        if agreement is not None:
            self.agreement_button.clicked.connect(agreement)
        headers = [
            self.tr("Member"),
            self.tr("Role"),
            self.tr("Assigned"),
            i18n.status_title(NEW),
            i18n.status_title(IN_PROGRESS),
            i18n.status_title(DONE),
            self.tr("Annotations"),
            self.tr("Conflicts"),
            self.tr("Last sent"),
            self.tr("Progress"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(DirectionalDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.agreement_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.resize(900, 420)

    def refresh(self) -> bool:
        """Read the progress from the server in the background (False: already reading)."""
        if self._running is not None:
            return False
        url, password = self.url, self.password

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            return team_server.progress(url, password=password)

        self.refresh_button.setEnabled(False)
        self.summary.setText(self.tr("Reading from the server…"))
        self._running = run_in_background(self, work, self._shown, self._failed)
        return True

    def _shown(self, progress: Any) -> None:
        self._running = None
        self.refresh_button.setEnabled(True)
        self.show_progress(progress)
        self.refreshed.emit(progress)

    def _failed(self, error: BaseException) -> None:
        self._running = None
        self.refresh_button.setEnabled(True)
        message = server_problem(error)
        self.summary.setText(message)
        self.failed.emit(message)

    def show_progress(self, progress: list[Any]) -> None:
        """Show `team_server.progress`'s rows (one per member)."""
        self.progress = list(progress)
        self.table.setRowCount(len(self.progress))
        for row, member in enumerate(self.progress):
            role = {"lead": self.tr("lead"), "gold": self.tr("gold")}.get(
                member.role, self.tr("annotator")
            )
            conflicts = int(getattr(member, "conflicts", 0))
            values: list[str | int] = [
                member.member,
                role,
                member.assigned,
                member.new,
                member.in_progress,
                member.done,
                member.annotations,
                conflicts,
                _when(member.last_sync),
            ]
            for column, value in enumerate(values):
                shown = i18n.number(value) if isinstance(value, int) else str(value)
                item = QTableWidgetItem(shown)
                item.setToolTip(shown if column < len(values) - 1 else member.last_sync or "")
                if column == len(values) - 2 and conflicts:  # open conflicts stand out
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
            if not member.assigned:
                self.table.setItem(row, len(values), QTableWidgetItem("—"))
                continue
            bar = QProgressBar()
            bar.setRange(0, max(member.assigned, 1))
            bar.setValue(min(member.done, max(member.assigned, 1)))
            bar.setFormat(
                self.tr("{0} of {1}").format(i18n.number(member.done), i18n.number(member.assigned))
            )
            self.table.setCellWidget(row, len(values), bar)
        assigned = sum(member.assigned for member in self.progress)
        done = sum(member.done for member in self.progress)
        conflicts = sum(int(getattr(member, "conflicts", 0)) for member in self.progress)
        summary = self.tr("Members: {0}. Assigned documents done: {1} of {2}.").format(
            i18n.number(len(self.progress)), i18n.number(done), i18n.number(assigned)
        )
        if conflicts:
            summary += " " + self.tr("Open conflicts: {0}.").format(i18n.number(conflicts))
        self.summary.setText(summary + " " + self.tr("Read at {0}.").format(_now_clock()))

    def rows(self) -> list[list[str]]:
        """The table as shown (for tests)."""
        return [
            [self._cell_text(row, column) for column in range(self.table.columnCount())]
            for row in range(self.table.rowCount())
        ]

    def _cell_text(self, row: int, column: int) -> str:
        bar = self.table.cellWidget(row, column)
        if isinstance(bar, QProgressBar):
            return bar.text()
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if self._running is not None:
            self._running.let_go()
            self._running = None
        super().closeEvent(event)


def _now_clock() -> str:
    return clock(datetime.now().astimezone())


def _when(iso: str | None) -> str:
    """A server's ISO time as the chrome shows it; "never" for None."""
    if not iso:
        return QCoreApplication.translate("TeamProgressWindow", "never")
    try:
        return clock(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def open_team_progress(
    url: str,
    password: str | None,
    parent: QWidget | None,
    agreement: Callable[[], object] | None = None,
) -> TeamProgressWindow:
    """The dashboard in a window of its own (closed with `parent`), reading at once;
    `agreement` opens the agreement dashboard (its button hidden without it)."""
    window = TeamProgressWindow(url, password, parent, agreement=agreement)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    close_on_escape(window)
    window.show()
    window.refresh()
    return window
