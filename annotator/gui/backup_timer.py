"""Rolling snapshots of the workbench's project: one when the window opens it, then one every
30 minutes if the window wrote something since the last (`annotator.store.backups`).

Each snapshot is taken on a worker thread through a connection of its own, so the window never
waits for it; SQLite's single-step backup copies a consistent state while the window goes on
writing. The timer stops when its window closes; a snapshot under way is finished, also when
the app quits.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from annotator.store import Project, backups

INTERVAL_MS = 30 * 60 * 1000


class BackupTimer(QObject):
    """Takes the snapshots of `project` while `parent` (the window) is open, once started."""

    taken = Signal(object)  # backups.Snapshot
    failed = Signal(str)  # a message for the status bar
    _finished = Signal(object, str)  # from the worker thread: Snapshot | None, error text

    def __init__(
        self, project: Project, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.project = project
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._executor: ThreadPoolExecutor | None = None
        self._running: Future | None = None
        self._written: int | None = None  # the project's write count at the last snapshot
        self._finished.connect(self._report)
        if parent is not None:
            parent.installEventFilter(self)

    def start(self) -> None:
        """Take the "open" snapshot now and one every interval after it while writing."""
        self.snapshot(backups.OPEN)
        self._timer.start()

    def stop(self, *, wait: bool = True) -> None:
        """No more snapshots. The one under way is finished, on its thread (also when the app
        quits: Python waits for it); `wait` waits for it here."""
        self._timer.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=wait)
            self._executor = None

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def busy(self) -> bool:
        """Whether a snapshot is being taken."""
        return self._running is not None and not self._running.done()

    def snapshot(self, reason: str) -> bool:
        """Start a snapshot on the worker thread; False if one is already under way."""
        if self.busy():
            return False
        self._written = backups.write_count(self.project)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="annotator-backup")
        path = Path(self.project.path)
        self._running = self._executor.submit(backups.take_snapshot, path, reason)
        self._running.add_done_callback(self._done)
        return True

    def check(self) -> bool:
        """Every interval: start a "timer" snapshot if the project was written since the last
        snapshot began. Whether one was started."""
        written = backups.write_count(self.project)
        if written is None:  # the project was closed
            self.stop(wait=False)
            return False
        return written != self._written and self.snapshot(backups.TIMER)

    def _done(self, future: Future) -> None:
        """On the worker thread: hand the outcome to the GUI thread."""
        error = future.exception()
        try:
            if error is None:
                self._finished.emit(future.result(), "")
            else:
                self._finished.emit(None, self.tr("Backup not taken: {error}").format(error=error))
        except RuntimeError:  # this object was deleted meanwhile
            pass

    def _report(self, snapshot: backups.Snapshot | None, error: str) -> None:
        if snapshot is not None:
            self.taken.emit(snapshot)
        else:
            self.failed.emit(error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Close:
            self.stop(wait=False)
        return False
