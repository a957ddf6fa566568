"""One long job (an export, an import, an evaluation) run off the GUI thread for a dialog: the
job object lives in its own `QThread`; the dialog connects the job's signals, then `start`s it.

A dialog closed while its job runs may `let_go` of it instead of waiting: the job is asked to
stop, and its thread and job are kept (`ending`) until the thread has finished, then deleted,
whatever becomes of the dialog meanwhile. Nothing waits for them on the GUI thread, except at
the application's quit (the windows are gone by then: a thread still running cannot be left
behind).
"""

from __future__ import annotations

import threading
from typing import Protocol

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Slot


class Job(Protocol):
    """A QObject with a `run` slot (done in the thread) and a thread-safe `cancel`."""

    def run(self) -> None: ...

    def cancel(self) -> None: ...

    def moveToThread(self, thread: QThread) -> None: ...  # noqa: N802 (Qt's name)

    def deleteLater(self) -> None: ...  # noqa: N802 (Qt's name)


class CancellableJob(QObject):
    """The base of a dialog's job: `cancel` (thread-safe) sets `_cancel`, which its `run`
    checks."""

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()


class BackgroundJob:
    """The one job a dialog runs at a time, and its thread."""

    def __init__(self, owner: QObject) -> None:
        self.owner = owner
        self.job: Job | None = None
        self.thread: QThread | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None

    def start(self, job: Job) -> None:
        """Run `job` (its signals already connected) in a new thread."""
        thread = QThread(self.owner)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        self.job, self.thread = job, thread
        thread.start()

    def cancel(self) -> None:
        """Ask the job to stop (it says so by its own signal)."""
        if self.job is not None:
            self.job.cancel()

    def wait(self) -> None:
        """Let the thread end once its job has returned, and wait for it."""
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    def stop(self) -> None:
        """After the job's last signal: end the thread and let both go."""
        self.wait()
        if self.thread is not None:
            self.thread.deleteLater()
        if self.job is not None:
            self.job.deleteLater()
        self.thread = self.job = None

    def let_go(self) -> None:
        """Ask the job to stop and stop caring for it, never waiting: its thread ends when the
        job's run returns (which may take a while), and then both are deleted by `_Ending`.
        The owner may close, or be deleted, meanwhile; disconnect the job's signals first."""
        thread, job = self.thread, self.job
        self.thread = self.job = None
        if thread is None or job is None:
            return
        job.cancel()
        _ending().keep(thread, job)


class _Ending(QObject):
    """The jobs let go of (`BackgroundJob.let_go`), kept until their threads have finished."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[QThread, Job] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait_all)

    def keep(self, thread: QThread, job: Job) -> None:
        thread.setParent(None)  # kept here: its owner may be deleted before it ends
        self.kept[thread] = job
        thread.finished.connect(self._finished)  # queued: emitted in the thread
        thread.quit()  # its event loop ends as soon as the job's run returns

    @Slot()
    def _finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self.kept:
            thread.wait()  # its run is over: returns once the thread's last clean-up is done
            job = self.kept.pop(thread)
            shiboken6.delete(job)
            shiboken6.delete(thread)

    def wait_all(self) -> None:
        """At quit: the threads still running are waited for (no window is left to hold up)."""
        for thread in list(self.kept):
            thread.wait()
        self.kept.clear()


_ENDING: list[_Ending] = []


def _ending() -> _Ending:
    if not _ENDING:
        _ENDING.append(_Ending())
    return _ENDING[0]


def ending() -> int:
    """How many jobs let go of are still ending (their threads not finished)."""
    return len(_ENDING[0].kept) if _ENDING else 0
