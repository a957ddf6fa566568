"""Active editing time: how long the annotator worked on the document shown, idle excluded.

`ActivityTimer` counts time while all of these hold: the workbench window is the active
window, a document is open, and the annotator gave input (a key press, a mouse press or move,
the wheel) anywhere in that window within the last `IDLE_SECONDS`. Time after the last input
counts up to `IDLE_SECONDS` after it, then stops until the next input; leaving the window
(deactivation) stops it at once. Dialogs are other windows: time in them is not counted.

The time is the document's that was shown: switching documents, switching annotator, closing
the window and a timer every `FLUSH_SECONDS` add what was counted to the store
(`Project.add_doc_time`, one statement), so a crash loses at most that much. Adding time is
not an edit: it is not on the undo stack, and a document marked done stays done. A write the
store refuses is kept and added with the next one.

The clock is injected (`clock`, seconds, monotonic), so tests drive it without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from annotator.errors import AnnotatorError, NotFoundError
from annotator.gui.session import Session
from annotator.store.doc_time import format_duration

__all__ = ["FLUSH_SECONDS", "IDLE_SECONDS", "ActivityTimer", "format_duration"]

IDLE_SECONDS = 60.0
"""Input within this many seconds keeps the timer counting."""
FLUSH_SECONDS = 30.0
"""How often what was counted is written to the project (at most this much is lost in a crash)."""

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class ActivityTimer(QObject):
    """Counts the active time of `session`'s annotator on its document, in `window`."""

    flushed = Signal(int, str, float)  # document id, annotator, their total seconds on it
    failed = Signal(str)  # a write the store refused (kept for the next flush)

    def __init__(
        self,
        session: Session,
        window: QWidget,
        *,
        clock: Callable[[], float] = time.monotonic,
        idle_seconds: float = IDLE_SECONDS,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        self.clock = clock
        self.idle_seconds = idle_seconds
        self.document_id: int | None = session.document_id
        self.annotator = session.annotator
        self.pending = 0.0  # counted, not yet written
        self._active = window.isActiveWindow()
        self._since = clock()  # counted up to here
        self._last_input: float | None = None
        self._running = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(int(flush_seconds * 1000))
        self._flush_timer.timeout.connect(self.tick)

    # ---------------------------------------------------------------- life

    def start(self) -> None:
        """Watch the window's input and the session's document; write every FLUSH_SECONDS."""
        if self._running:
            return
        self._running = True
        self.document_id, self.annotator = self.session.document_id, self.session.annotator
        self._active = self.window.isActiveWindow()
        self._since, self._last_input = self.clock(), None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.session.documentChanged.connect(self._document_changed)
        self.session.annotatorChanged.connect(self._annotator_changed)
        self._flush_timer.start()

    def stop(self) -> None:
        """Count up to now and write it (closing the window)."""
        if not self._running:
            return
        self._running = False
        self._flush_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.session.documentChanged.disconnect(self._document_changed)
        self.session.annotatorChanged.disconnect(self._annotator_changed)
        self.flush()

    # ---------------------------------------------------------------- what happens

    def input(self) -> None:
        """The annotator gave input in the window (keys, mouse, wheel)."""
        now = self.clock()
        self._count(now)
        self._last_input = now

    def set_active(self, active: bool) -> None:
        """The window became the active window, or stopped being it."""
        now = self.clock()
        if active and not self._active:
            self._since = now
        elif not active and self._active:
            self._count(now)
        self._active = active

    def tick(self) -> None:
        """Every FLUSH_SECONDS: count up to now and write it."""
        self.flush()

    def flush(self) -> None:
        """Count up to now and add it to the store for the document shown until now."""
        self._count(self.clock())
        if self.document_id is None or self.pending <= 0:
            self.pending = 0.0
            return
        seconds, self.pending = self.pending, 0.0
        try:
            total = self.session.project.add_doc_time(self.document_id, self.annotator, seconds)
        except NotFoundError:  # the document is gone (a restored snapshot): nothing to keep
            return
        except AnnotatorError as err:  # refused (busy, disk full): added with the next flush
            self.pending += seconds
            self.failed.emit(str(err))
            return
        self.flushed.emit(self.document_id, self.annotator, total)

    def _count(self, now: float) -> None:
        """Add the active time from `_since` to `now` to `pending`."""
        if self._active and self.document_id is not None and self._last_input is not None:
            end = min(now, self._last_input + self.idle_seconds)
            if end > self._since:
                self.pending += end - self._since
        self._since = max(self._since, now)

    def _document_changed(self, _document: object) -> None:
        self.flush()  # the time so far is the previous document's
        self.document_id = self.session.document_id

    def _annotator_changed(self, name: str) -> None:
        self.flush()  # the time so far is the previous annotator's
        self.annotator = name

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind in _INPUT:
            if isinstance(watched, QWidget) and watched.window() is self.window:
                self.input()
        elif watched is self.window and kind == QEvent.Type.ActivationChange:
            self.set_active(self.window.isActiveWindow())
        return False
