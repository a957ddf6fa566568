"""The source picker: R on a CLAIM lists the document's ACTOR spans, nearest first, to choose
its source with ↑ / ↓ and Enter (Esc cancels).

A small list over the article view's lower corner (it leaves the text above clickable: clicking
an ACTOR still picks it). `candidates` orders the spans (Qt-free); `SourcePicker` shows them
and says which one was chosen; the article view does the rest (the editor's `set_source`).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from annotator.store import Annotation

UUID_ROLE = Qt.ItemDataRole.UserRole
ROWS_SHOWN = 8


class Candidate(NamedTuple):
    """A span that may be the source, and its distance from the claim (0: they overlap)."""

    uuid: str
    start: int
    end: int
    text: str
    distance: int


def candidates(claim: Annotation, spans: list[Annotation], labels: set[str]) -> list[Candidate]:
    """The spans of `labels` (ACTOR for a CLAIM), nearest to `claim` first (in text order
    when equally near)."""
    found = []
    for span in spans:
        if span.uuid == claim.uuid or span.label not in labels:
            continue
        if span.end <= claim.start:
            distance = claim.start - span.end
        elif span.start >= claim.end:
            distance = span.start - claim.end
        else:
            distance = 0
        found.append(Candidate(span.uuid, span.start, span.end, span.text, distance))
    return sorted(found, key=lambda c: (c.distance, c.start, c.uuid))


class SourcePicker(QListWidget):
    """The list of candidates: Enter emits `picked` (uuid), Esc or leaving it `cancelled`."""

    picked = Signal(str)
    cancelled = Signal()
    highlighted = Signal(str)  # the candidate under the list's cursor

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePicker")
        self.setAccessibleName(QCoreApplication.translate("SourcePicker", "Source of the claim"))
        self.setAccessibleDescription(
            QCoreApplication.translate(
                "SourcePicker",
                "The document's ACTOR spans, nearest first: Enter makes the chosen one the "
                "claim's source, Esc cancels",
            )
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setUniformItemSizes(True)
        self.currentItemChanged.connect(self._current_changed)
        self.hide()

    def show_candidates(self, found: list[Candidate]) -> None:
        """Fill the list (the nearest current), put it in the parent's lower corner, focus it."""
        self.clear()
        for candidate in found:
            text = " ".join(candidate.text.split())
            item = QListWidgetItem(text if len(text) <= 60 else text[:59] + "…")
            item.setData(UUID_ROLE, candidate.uuid)
            item.setToolTip(candidate.text)
            self.addItem(item)
        parent = self.parentWidget()
        rows = max(1, min(ROWS_SHOWN, len(found)))
        height = rows * max(self.sizeHintForRow(0), 18) + 2 * self.frameWidth() + 4
        width = min(360, parent.width() - 24) if parent is not None else 360
        self.resize(width, height)
        if parent is not None:
            self.move(12, max(0, parent.height() - height - 12))
        self.setCurrentRow(0)
        self.show()
        self.raise_()
        self.setFocus()

    def current_uuid(self) -> str | None:
        item = self.currentItem()
        return item.data(UUID_ROLE) if item is not None else None

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.highlighted.emit(current.data(UUID_ROLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            uuid = self.current_uuid()
            self.hide()
            if uuid is not None:
                self.picked.emit(uuid)
            else:
                self.cancelled.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.hide()
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt name)
        super().focusOutEvent(event)
        if self.isVisible() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide()  # the choice goes on by clicking the text (the view's relation mode)
