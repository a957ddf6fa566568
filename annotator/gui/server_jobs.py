"""What the team server's parts of the window share (`sync_panel`, `team_server_dialogs`):
the job running a server's work in a thread (`run_in_background`: the GUI thread never waits
on the network), the password callback asking the user on the GUI thread (`PasswordPrompt`),
the server's refusals in words (`problem_kind`, `server_problem`) and the project's link to
its server (`sync_settings`).
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from annotator.errors import AnnotatorError
from annotator.gui import i18n
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.store import SQLiteError, sync_local

if TYPE_CHECKING:
    from annotator.store import Project

Work = Callable[[Callable[[], bool], Callable[..., None]], Any]
"""A server's work: `work(cancelled, progress)`, run in a job's thread."""


def sync_settings(project: Project) -> sync_local.SyncSettings | None:
    """How the project is joined to its team server (None: it is not)."""
    try:
        return sync_local.settings(project)
    except (AnnotatorError, SQLiteError):
        return None


def joined_member(project: Project) -> str | None:
    """The team member a project joined to a server belongs to (None: not joined)."""
    joined = sync_settings(project)
    return joined.member if joined is not None else None


def server_url(project: Project) -> str | None:
    """The team server a project is joined to (its URL, no password), None if not joined."""
    joined = sync_settings(project)
    return joined.url if joined is not None else None


def pending_changes(project: Project) -> int:
    """How many units changed here wait to be pushed."""
    return sync_local.pending_count(project)


def problem_kind(error: BaseException, *, password_given: bool = False) -> str:
    """What went wrong talking to the server (a `ServerError`'s kind): "offline" (no server
    answers), "password" (it wants one and none was given), "auth" (it refused the login or
    the password given), "permission" (the role may not do this), else "other"."""
    from annotator.store.pg.connect import ServerError  # psycopg: not at the app's start

    if not isinstance(error, ServerError):
        return "other"
    if error.kind == "unreachable":
        return "offline"
    if error.kind == "authentication":
        text = str(error)
        wanted = "no password" in text or "none was found" in text
        return "password" if wanted and not password_given else "auth"
    if error.kind == "refused":
        return "permission"
    return "other"


class PasswordPrompt(QObject):
    """The `password` callback of the server's `connect`, called in a job's thread: asks the
    user on the GUI thread (`ask(description)`, None: cancelled) while the job's thread waits
    for the answer (or for `cancelled()`). `given` holds the last password typed."""

    _asked = Signal(str)

    def __init__(
        self,
        parent: QObject,
        ask: Callable[[str], str | None],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.ask = ask
        self.cancelled = cancelled
        self.given: str | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()
        self._asked.connect(self._ask_user, Qt.ConnectionType.QueuedConnection)

    def __call__(self, description: str) -> str | None:
        self._asked.emit(description)
        while True:
            try:
                return self._answers.get(timeout=0.2)
            except queue.Empty:
                if self.cancelled():
                    return None

    def _ask_user(self, description: str) -> None:
        answer = self.ask(description)
        self.given = answer or None
        self._answers.put(answer or None)


def clock(moment: datetime) -> str:
    """A time of today as the chrome shows it (HH:MM, the interface's digits); another day's
    with its date."""
    local = moment.astimezone()
    text = (
        local.strftime("%H:%M") if local.date() == datetime.now().date() else f"{local:%d/%m %H:%M}"
    )
    return "".join(i18n.number(int(c)) if c.isdigit() else c for c in text)


def server_problem(error: BaseException) -> str:
    """A server's refusal as the dialogs say it: what happened, then the server's words."""
    kind = problem_kind(error)
    head = {
        "offline": QCoreApplication.translate("ServerDialog", "The team server cannot be reached."),
        "password": QCoreApplication.translate(
            "ServerDialog", "The server asks for a password: type it in the Password field."
        ),
        "auth": QCoreApplication.translate(
            "ServerDialog", "The server refused the login or the password."
        ),
        "permission": QCoreApplication.translate(
            "ServerDialog", "The server refused: your role may not do this."
        ),
    }.get(kind, "")
    return f"{head}\n\n{error}" if head else str(error)


def not_joined_text() -> str:
    """Why the team server's menu items are disabled here."""
    return QCoreApplication.translate(
        "SyncController",
        "This project is not joined to a team server. A lead sets one up with Team > Set up "
        "a team server…; an annotator gets a joined project with File > Join a team project…",
    )


def ask_password(parent: QWidget | None, description: str) -> str | None:
    """Ask for the password of the team server `description` (login@host/db); None:
    cancelled. It is never written anywhere."""
    password, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("SyncController", "Team server password"),
        QCoreApplication.translate(
            "SyncController", "The team server {0} asks for your password."
        ).format(description),
        QLineEdit.EchoMode.Password,
    )
    return password if ok and password else None


# ---------------------------------------------------------------------------- the job


class SyncCancelled(Exception):
    """Raised from the cancel check when the user (or the window closing) stopped the sync."""


class SyncJob(CancellableJob):
    """One `sync.sync_project` (or any `work(cancelled)` of the server) in a thread."""

    progressed = Signal(object)  # the progress callback's arguments (sync: what, done, total)
    finished = Signal(object)  # the work's result (a SyncReport)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, work: Callable[[Callable[[], bool], Callable[..., None]], Any]) -> None:
        super().__init__()
        self.work = work

    def _progress(self, *args: object) -> None:
        self.progressed.emit(args)

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self._cancel.is_set, self._progress)
        except SyncCancelled:
            self.cancelled.emit()
        except (AnnotatorError, OSError, SQLiteError) as err:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.failed.emit(err)
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(RuntimeError(f"{type(err).__name__}: {err}"))
        else:
            self.finished.emit(result)


class Running(QObject):
    """A server's work running in the background (`run_in_background`): relays the job's end
    to the GUI thread (this object lives there), where `finished(result)` or `failed(error)`
    is called once, unless the caller let go of it first."""

    def __init__(
        self,
        owner: QObject,
        finished: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        progress: Callable[[tuple], None] | None = None,
    ) -> None:
        super().__init__(owner)
        self.background = BackgroundJob(self)
        self._finished, self._failed, self._progress = finished, failed, progress
        self.dropped = False

    def start(self, job: SyncJob) -> None:
        queued = Qt.ConnectionType.QueuedConnection  # emitted in the job's thread
        job.finished.connect(self.job_finished, queued)
        job.failed.connect(self.job_failed, queued)
        job.cancelled.connect(self.job_cancelled, queued)
        if self._progress is not None:
            job.progressed.connect(self.job_progressed, queued)
        self.background.start(job)

    def job_progressed(self, args: tuple) -> None:
        if not self.dropped and self._progress is not None:
            self._progress(args)

    def job_finished(self, result: Any) -> None:
        self._end(self._finished, result)

    def job_failed(self, error: BaseException) -> None:
        self._end(self._failed, error)

    def job_cancelled(self) -> None:
        self._end(self._failed, SyncCancelled())

    def _end(self, callback: Callable[[Any], None], value: Any) -> None:
        if self.dropped:
            return
        self.dropped = True
        self.background.stop()
        self.deleteLater()
        callback(value)

    def let_go(self) -> None:
        """Stop caring: the job is asked to stop, nothing is called, nothing waits for it."""
        if self.dropped:
            return
        self.dropped = True
        self.background.let_go()
        self.deleteLater()


def run_in_background(
    owner: QObject,
    work: Work,
    finished: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    progress: Callable[[tuple], None] | None = None,
) -> Running:
    """Run `work(cancelled, progress)` in a thread; `finished(result)` or `failed(error)` on
    the GUI thread afterwards (a cancelled job fails with SyncCancelled); `progress(args)`
    there with the arguments of each call of the work's progress callback."""
    running = Running(owner, finished, failed, progress)
    running.start(SyncJob(work))
    return running
