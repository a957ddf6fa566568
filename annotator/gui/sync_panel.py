"""Team sync in the workbench: Team > Sync now, automatic sync, the status-bar widget, the
password question and the sync report with its conflicts.

`SyncController` (one per main window of a project joined to a team server, meta `sync.url`)
runs `annotator.sync.sync_project` on a connection of its own in a background thread
(`server_jobs.run_in_background`): the GUI thread never waits on the network. It syncs when asked
(Team > Sync now, a click on the status widget), every `Settings.sync_minutes` minutes while the
window is open (0: never) and a moment after the annotator marks a document done. An automatic
sync is silent: nothing changed, nothing is said; an unreachable server shows "offline" in the
status widget (no dialog) and the next tick tries again; a password the server wants is asked
for only when the user asked for the sync (the status widget says so meanwhile). A password
typed is kept in memory for the window's life (so automatic sync goes on), never written.

After a sync that pulled units of documents (`SyncReport.pulled_units`), the window shows the
store's state again (`MainWindow.pulled`): a pull replaces only a unit that was not changed
here since its last sync (the sync rule), so nothing of the annotator's is lost; the undo
history is cleared when a pulled unit is this annotator's own (from their other machine:
undoing across the pull would write stale state), and the status bar says so.

`sync_report.SyncReportDialog` shows a report: pushed, pulled, documents added, the schema,
what is still pending, and the conflicts, each resolvable (keep mine / take the server's:
`sync.resolve`, in the background too). The server's dialogs (set up, add member, assign,
join, the lead's progress dashboard) are in `team_server_dialogs`; what all of them share
(the background job, the password prompt, the server's errors in words) in `server_jobs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QDialog,
    QMenu,
    QMessageBox,
    QStyle,
    QToolButton,
    QWidget,
)

from annotator import sync
from annotator.errors import AnnotatorError
from annotator.gui import i18n
from annotator.gui.keys import WORKBENCH, shortcuts
from annotator.gui.server_jobs import (
    PasswordPrompt,
    Running,
    SyncCancelled,
    ask_password,
    clock,
    not_joined_text,
    pending_changes,
    problem_kind,
    run_in_background,
    server_url,
    sync_settings,
)
from annotator.rules import LEAD
from annotator.store import SQLiteError, sync_local

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.gui.sync_report import SyncReportDialog
    from annotator.store import Project

INTERVALS = (0, 1, 5, 15, 30, 60)  # Team > Automatic sync: minutes (0: off)
DONE_DELAY_MS = 1500  # a document marked done: sync this long after (a run of them: once)
NEVER, SYNCING, SYNCED, OFFLINE, CONFLICTS, PASSWORD, FAILED = (
    "never",
    "syncing",
    "synced",
    "offline",
    "conflicts",
    "password",
    "failed",
)


# ---------------------------------------------------------------------------- the state


@dataclass
class SyncState:
    """What the status widget shows."""

    state: str = NEVER
    last_sync: datetime | None = None
    pending: int = 0
    conflicts: int = 0
    held: int = 0  # units changed here that the last sync did not send (`SyncReport.held`)
    problem: str = ""  # the last error's message (offline, failed)
    progress: tuple[int, int] | None = None  # units done, of how many (while syncing)


def last_sync(project: Project) -> datetime | None:
    """When the project last synced well (any session), None: never."""
    joined = sync_settings(project)
    if joined is None or not joined.last_sync:
        return None
    try:
        return datetime.fromisoformat(joined.last_sync)
    except ValueError:
        return None


class SyncStatusButton(QToolButton):
    """The status-bar widget: last sync, pending changes, offline / conflicts; a click syncs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def show_state(self, state: SyncState, minutes: int) -> None:
        style = self.style()
        pending = (
            self.tr("Pending: {0}").format(i18n.number(state.pending)) if state.pending else ""
        )
        last = (
            self.tr("synced {0}").format(clock(state.last_sync))
            if state.last_sync is not None
            else self.tr("never synced")
        )
        icon = QStyle.StandardPixmap.SP_BrowserReload
        if state.state == SYNCING and state.progress is not None and state.progress[1]:
            done, total = state.progress
            head = self.tr("Syncing… {0} / {1}").format(i18n.number(done), i18n.number(total))
        elif state.state == SYNCING:
            head = self.tr("Syncing…")
        elif state.state == OFFLINE:
            head, icon = self.tr("Offline"), QStyle.StandardPixmap.SP_MessageBoxWarning
        elif state.state == PASSWORD:
            head, icon = self.tr("Password needed"), QStyle.StandardPixmap.SP_MessageBoxWarning
        elif state.state == FAILED:
            head, icon = self.tr("Sync failed"), QStyle.StandardPixmap.SP_MessageBoxCritical
        elif state.conflicts:
            head = self.tr("Conflicts: {0}").format(i18n.number(state.conflicts))
            icon = QStyle.StandardPixmap.SP_MessageBoxWarning
        else:
            head = self.tr("Synced {0}").format(clock(state.last_sync)) if state.last_sync else ""
            head = head or self.tr("Never synced")
            last = ""
        parts = [part for part in (head, last if state.state != SYNCING else "", pending) if part]
        self.setText(" · ".join(parts))
        self.setIcon(style.standardIcon(icon))
        again = (
            self.tr(
                "Synced automatically every {0} minutes and when you mark a document done."
            ).format(i18n.number(minutes))
            if minutes
            else self.tr("Automatic sync is off (Team > Automatic sync).")
        )
        lines = [self.tr("Click to sync now (Team > Sync now)."), again]
        if state.state == OFFLINE:
            lines.insert(
                0,
                self.tr(
                    "The team server cannot be reached: your work is saved in the project "
                    "file and is sent at the next sync."
                ),
            )
        elif state.state == PASSWORD:
            lines.insert(0, self.tr("The server asks for a password: click to type it."))
        elif state.conflicts and state.state != SYNCING:
            lines.insert(
                0, self.tr("Units changed both here and on the server: click to resolve them.")
            )
        if state.held:
            lines.append(
                self.tr(
                    "Held here, not sent: {0} (the work of members the server does not "
                    "know, or your changes to someone else's units; see the sync report)."
                ).format(i18n.number(state.held))
            )
        if state.problem and state.state in (OFFLINE, FAILED):
            lines.append(state.problem)
        self.setToolTip("\n".join(lines))


# ---------------------------------------------------------------------------- the controller


class SyncController(QObject):
    """Syncing a window's project: Sync now, the timer, the status widget, the report."""

    stateChanged = Signal()
    synced = Signal(object)  # the SyncReport of a sync that ended well
    syncFailed = Signal(str, str)  # kind, message

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.project = window.project
        self.settings = window.settings
        self.password: str | None = None  # typed in this session; never written anywhere
        self.state = SyncState()
        self.report: Any = None  # the last SyncReport
        self._running: Running | None = None
        self._interactive = False
        self._again: bool | None = None  # another sync asked for meanwhile (interactive?)
        self._prompt: PasswordPrompt | None = None
        self._password_used = False
        self.report_dialog: SyncReportDialog | None = None
        self.button = SyncStatusButton()
        self.button.clicked.connect(lambda: self.sync_now())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.auto_sync)
        self.done_timer = QTimer(self)
        self.done_timer.setSingleShot(True)
        self.done_timer.setInterval(DONE_DELAY_MS)
        self.done_timer.timeout.connect(self.auto_sync)
        self.state.last_sync = last_sync(self.project)  # of an earlier session
        if self.state.last_sync is not None:
            self.state.state = SYNCED
        self.refresh()

    # ---------------------------------------------------------------- actions and menus

    def build_actions(self) -> None:
        """The Team menu's server actions and File > Join a team project… (the window's
        actions, so their keys are the window's)."""
        window = self.window
        self.sync_action = window._action(
            self.tr("&Sync now"), self.sync_now, shortcuts(WORKBENCH, "sync_now")
        )
        self.progress_action = window._action(self.tr("Team &progress…"), self.open_progress)
        self.init_action = window._action(self.tr("Set &up a team server…"), self.set_up_server)
        self.add_member_action = window._action(self.tr("Add m&ember…"), self.add_member)
        self.remove_member_action = window._action(self.tr("Remove membe&r…"), self.remove_member)
        self.blind_action = window._action(self.tr("&Blind annotation…"), self.set_blind)
        self.server_assign_action = window._action(
            self.tr("Assign on the ser&ver…"), self.assign_on_server
        )
        self.join_action = window._action(self.tr("&Join a team project…"), self.join)
        self.interval_menu = QMenu(self.tr("A&utomatic sync"), window)
        group = QActionGroup(self.interval_menu)
        for minutes in INTERVALS:
            text = (
                self.tr("Off")
                if minutes == 0
                else self.tr("Every {0} minutes").format(i18n.number(minutes))
            )
            action = self.interval_menu.addAction(text)
            action.setCheckable(True)
            action.setData(minutes)
            action.setChecked(minutes == self.settings.sync_minutes)
            group.addAction(action)
        group.triggered.connect(lambda action: self.set_interval(int(action.data())))

    def fill_team_menu(self, menu: QMenu) -> None:
        """The server's part of the Team menu (after Assign and Merge)."""
        menu.setToolTipsVisible(True)  # a disabled item's tooltip says why
        menu.addSeparator()
        menu.addAction(self.sync_action)
        menu.addMenu(self.interval_menu)
        menu.addSeparator()
        menu.addActions(
            [
                self.progress_action,
                self.add_member_action,
                self.remove_member_action,
                self.server_assign_action,
                self.blind_action,
            ]
        )
        menu.addSeparator()
        menu.addAction(self.init_action)
        menu.aboutToShow.connect(self.update_actions)
        self.update_actions()

    def update_actions(self) -> None:
        """Enable what the project's link to a server allows; a tooltip says why not. The role
        is the one the last sync read from the server (`SyncSettings.role`)."""
        joined = sync_settings(self.project)
        lead = joined is not None and joined.role == LEAD
        why_not_joined = not_joined_text()
        why_not_lead = (
            why_not_joined
            if joined is None
            else self.tr("Only a lead of the team server can do this.")
        )
        self.sync_action.setEnabled(joined is not None)
        self.sync_action.setToolTip("" if joined is not None else why_not_joined)
        for action in (
            self.progress_action,
            self.add_member_action,
            self.server_assign_action,
            self.remove_member_action,
            self.blind_action,
        ):
            action.setEnabled(lead)
            action.setToolTip("" if lead else why_not_lead)
        self.init_action.setEnabled(joined is None)
        self.init_action.setToolTip(
            ""
            if joined is None
            else self.tr("This project is already joined to the team server {0}.").format(
                joined.url
            )
        )
        self.interval_menu.setEnabled(joined is not None)
        # only the member's own work is sent: a joined project is annotated as its member
        switch = self.window.switch_annotator_action
        switch.setEnabled(joined is None)
        switch.setToolTip(
            ""
            if joined is None
            else self.tr(
                "This project is joined to a team server as {0}: only {0}'s work is sent, so "
                "it is annotated as {0}."
            ).format(joined.member)
        )

    # ---------------------------------------------------------------- the server's dialogs

    def set_up_server(self) -> QDialog:
        from annotator.gui.team_server_dialogs import InitServerDialog

        dialog = InitServerDialog(self.project, self.window.session.annotator, self.window)
        dialog.finishedRun.connect(self._set_up)
        return self._show(dialog)

    def _set_up(self, result: Any) -> None:
        """The project is the team's now: the status shows its first sync; the window
        annotates as the lead member (only the member's work is sent), as when a joined
        project is opened."""
        joined = sync_settings(self.project)
        if joined is not None and joined.member != self.window.session.annotator:
            self.window.set_annotator(joined.member)
        self.state.state = SYNCED
        self.state.last_sync = last_sync(self.project)
        self.refresh()
        self.update_actions()

    def add_member(self) -> QDialog:
        from annotator.gui.team_server_dialogs import AddMemberDialog

        return self._show(AddMemberDialog(self.url or "", self.window))

    def remove_member(self) -> QDialog:
        from annotator.gui.team_server_dialogs import RemoveMemberDialog

        dialog = RemoveMemberDialog(self.url or "", self.window)
        dialog.password_edit.setText(self.password or "")
        QTimer.singleShot(0, dialog.load_members)
        return self._show(dialog)

    def set_blind(self) -> QDialog:
        from annotator.gui.team_server_dialogs import BlindDialog

        dialog = BlindDialog(self.url or "", self.window)
        dialog.password_edit.setText(self.password or "")
        return self._show(dialog)

    def assign_on_server(self) -> QDialog:
        from annotator.gui.team_server_dialogs import ServerAssignDialog

        dialog = ServerAssignDialog(self.url or "", self.project.count_documents(), self.window)
        dialog.password_edit.setText(self.password or "")
        QTimer.singleShot(0, dialog.load_members)
        return self._show(dialog)

    def open_progress(self) -> QWidget:
        from annotator.gui.team_progress import open_team_progress

        return open_team_progress(
            self.url or "", self.password, self.window, agreement=self.window.open_dashboard
        )

    def join(self) -> QDialog:
        from annotator.gui.team_server_dialogs import JoinDialog

        dialog = JoinDialog(self.project.path.parent, self.window)
        dialog.joined.connect(lambda path: self._open_joined(dialog, path))
        return self._show(dialog)

    def _open_joined(self, dialog: QDialog, path: Path) -> None:
        dialog.accept()
        QTimer.singleShot(0, lambda: self.window.open_project(path))

    def _show(self, dialog: QDialog) -> QDialog:
        """Show a server dialog (not modal: the window stays usable); it is deleted on close."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialog = dialog
        return dialog

    # ---------------------------------------------------------------- state

    @property
    def url(self) -> str | None:
        return server_url(self.project)

    def joined(self) -> bool:
        return self.url is not None

    @property
    def running(self) -> bool:
        return self._running is not None

    def refresh(self) -> None:
        """Show the state again (the pending count read afresh)."""
        joined = self.joined()
        self.button.setVisible(joined)
        if joined:
            try:
                self.state.pending = pending_changes(self.project)
            except (AnnotatorError, SQLiteError):
                pass  # the last count stays
        self.button.show_state(self.state, self.settings.sync_minutes)
        self.stateChanged.emit()

    def start(self) -> None:
        """The app's own window: sync every `Settings.sync_minutes` minutes, and once now."""
        self.set_interval(self.settings.sync_minutes)
        if self.joined() and self.settings.sync_minutes:
            QTimer.singleShot(0, self.auto_sync)

    def set_interval(self, minutes: int) -> None:
        """Sync every `minutes` minutes from now on (0: only when asked)."""
        self.settings.sync_minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        self.refresh()

    def document_done(self) -> None:
        """The annotator marked a document done: sync in a moment (automatic sync on)."""
        if self.settings.sync_minutes and self.joined():
            self.done_timer.start()

    # ---------------------------------------------------------------- syncing

    def auto_sync(self) -> bool:
        """A sync nobody waits for: silent unless something came in or went wrong."""
        return self.sync(interactive=False)

    def sync_now(self) -> bool:
        """Team > Sync now: a sync whose outcome is shown (the report when something happened
        or a conflict is open, the password asked for when the server wants one)."""
        return self.sync(interactive=True)

    def sync(self, *, interactive: bool) -> bool:
        """Start a sync in the background (False: not joined, or one is running: it runs again
        afterwards)."""
        if not self.joined():
            if interactive:
                self.window.tell(self.tr("Sync"), not_joined_text())
            return False
        if self.running:
            self._again = bool(self._again) or interactive
            return False
        self._interactive = interactive
        self.state.state = SYNCING
        self.refresh()
        path = self.project.path
        password: PasswordPrompt | str | None = self.password
        self._prompt = None
        if password is None and interactive:  # asked only when the user asked for the sync
            self._prompt = password = PasswordPrompt(self, self._ask_typed)

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            if isinstance(password, PasswordPrompt):
                password.cancelled = cancelled
            return sync.sync_project(path, password=password, progress=progress, cancel=cancelled)

        self._password_used = self.password is not None
        self.state.progress = None
        self._running = run_in_background(
            self, work, self._finished, self._failed, self._progressed
        )
        return True

    def _progressed(self, args: tuple) -> None:
        """The sync's progress (what, done, total): "Syncing… done / total" in the status."""
        if len(args) == 3 and isinstance(args[1], int) and isinstance(args[2], int):
            self.state.progress = (args[1], args[2])
            self.button.show_state(self.state, self.settings.sync_minutes)

    def _ask_typed(self, description: str) -> str | None:
        answer = self.ask_password(description)
        if answer:
            self.password = answer  # kept for this window's automatic syncs, never written
            self._password_used = True
        return answer

    def cancel(self) -> None:
        """Ask a running sync to stop (it is safe at any moment) and stop caring for it."""
        running, self._running = self._running, None
        if running is not None:
            running.let_go()

    def _ended(self) -> None:
        self._running = None
        if self._prompt is not None:
            self._prompt.deleteLater()
            self._prompt = None

    def _finished(self, report: Any) -> None:
        self._ended()
        self.report = report
        self.state.state = CONFLICTS if report.conflicts else SYNCED
        self.state.last_sync = datetime.now().astimezone()
        self.state.conflicts = len(report.conflicts)
        self.state.held = report.held
        self.state.problem = ""
        self.apply(report)
        self.refresh()
        self.update_actions()  # the role as this sync read it (a member promoted or demoted)
        self.synced.emit(report)
        happened = report.pushed or report.pulled or report.documents_added or report.schema
        if self._interactive and (happened or report.conflicts or report.notes):
            self.show_report(report)
        elif self._interactive and report.held:
            self.window.show_message(
                self.tr("Synced: nothing to send or receive; held here, not sent: {0}").format(
                    i18n.number(report.held)
                )
            )
        elif self._interactive:
            self.window.show_message(self.tr("Synced: nothing to send or receive"))
        elif report.conflicts:
            self.window.show_message(
                self.tr("Sync: conflicts to resolve: {0} (click the sync status)").format(
                    i18n.number(len(report.conflicts))
                )
            )
        self._next()

    def apply(self, report: Any) -> None:
        """Show what the sync brought: the window reloads the documents whose units were
        replaced (the undo history cleared when one was this annotator's), the label schema,
        the documents added."""
        pulled = list(report.pulled_units)
        if not (pulled or report.documents_added or report.schema == "pulled"):
            return
        me = self.window.session.annotator
        self.window.pulled(
            {unit.document_id for unit in pulled},
            own=any(unit.annotator == me for unit in pulled),
            labels=report.schema == "pulled",
        )

    def _failed(self, error: BaseException) -> None:
        self._ended()
        interactive = self._interactive
        if isinstance(error, SyncCancelled):
            self.state.state = SYNCED if self.state.last_sync else NEVER
            self.refresh()
            self._next()
            return
        kind = problem_kind(error, password_given=self._password_used)
        self.state.problem = str(error)
        self.state.state = {"offline": OFFLINE, "password": PASSWORD, "auth": PASSWORD}.get(
            kind, FAILED
        )
        if kind == "auth":
            self.password = None  # refused: asked for again at the next Sync now
        self.refresh()
        self.syncFailed.emit(kind, str(error))
        if kind == "offline":
            self.window.show_message(
                self.tr("Offline: the team server cannot be reached; your work is kept here")
            )
        elif kind == "password":
            self.window.show_message(
                self.tr("Sync: the team server asks for a password (click the sync status)")
            )
        elif interactive:
            self.show_error(self.tr("Sync failed"), str(error))
        self._next()

    def _next(self) -> None:
        again, self._again = self._again, None
        if again is not None:
            self.sync(interactive=again)

    # ---------------------------------------------------------------- shown to the user

    def ask_password(self, description: str) -> str | None:
        """The team server's password, asked of the user (None: not given). Never stored."""
        return ask_password(self.window, description)

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    def show_report(self, report: Any) -> SyncReportDialog:
        """The report of a sync, its conflicts resolvable (one dialog at a time)."""
        from annotator.gui.sync_report import SyncReportDialog

        if self.report_dialog is not None:
            self.report_dialog.close()
        dialog = SyncReportDialog(self.project, report, self.window, password=self.password)
        dialog.resolved.connect(self._resolved)
        dialog.finished.connect(lambda _code: self._report_closed(dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.report_dialog = dialog
        return dialog

    def _report_closed(self, dialog: SyncReportDialog) -> None:
        if self.report_dialog is dialog:
            self.report_dialog = None

    def _resolved(self, resolved: Any, sha256: str) -> None:
        """A conflict resolved in the report (`sync.Resolved`): one fewer; keeping the
        server's replaced units here, which the window shows."""
        dialog = self.report_dialog
        left = dialog.table.rowCount() if dialog is not None else self.state.conflicts - 1
        self.state.conflicts = max(0, left)
        if not self.state.conflicts and self.state.state == CONFLICTS:
            self.state.state = SYNCED
        if resolved.keep == "server" and not sha256:  # the server's label schema
            self.window.pulled(set(), own=True, labels=True)
        elif resolved.keep == "server":
            documents = set(sync_local.documents_matching(self.project, sha256))
            me = self.window.session.annotator
            self.window.pulled(documents, own=me in resolved.units)
        self.refresh()
