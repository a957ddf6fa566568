"""One long job (an export, an import) run off the GUI thread for a dialog: the job object
lives in its own `QThread`; the dialog connects the job's signals, then `start`s it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QThread


class Job(Protocol):
    """A QObject with a `run` slot (done in the thread) and a thread-safe `cancel`."""

    def run(self) -> None: ...

    def cancel(self) -> None: ...

    def moveToThread(self, thread: QThread) -> None: ...  # noqa: N802 (Qt's name)

    def deleteLater(self) -> None: ...  # noqa: N802 (Qt's name)


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
