"""The direction of a text, in one place, and the widgets' ways of following it.

A text's direction is that of its first strongly directional character (Unicode bidi class L,
or R/AL), as the Unicode bidi algorithm's paragraph rule says; digits (ASCII and Arabic-Indic)
and punctuation are weak or neutral and decide nothing. A text with no strong character takes
a default: the project's (the direction of its documents' text), right to left for this app's
Arabic corpora.

What follows it:

* `DirectionalDelegate`: a table cell is laid out in its text's direction, Arabic aligned to its
  start (the right edge), so «25 شخصا قتلوا» shows 25 at the right end and a long Arabic title
  is elided on the left (its end), whatever the interface's direction; left-to-right text
  (label names, attributes) is aligned to the interface's leading side.
* `follow_text`: a line edit takes the direction of what it holds (or the default when empty),
  so the caret of an empty field in an Arabic project starts at the right.
* `ElidedLabel`: one line of text in its own direction, elided at its end.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
_STRONG = {"L": LTR, "R": RTL, "AL": RTL}


def strong_direction(text: str) -> Qt.LayoutDirection | None:
    """The direction of the first strong character of `text`; None when it has none
    (empty, digits, punctuation)."""
    for char in text:
        found = _STRONG.get(unicodedata.bidirectional(char))
        if found is not None:
            return found
    return None


def text_direction(text: str, default: Qt.LayoutDirection = RTL) -> Qt.LayoutDirection:
    """The direction `text` is laid out in: its first strong character's, else `default`."""
    return strong_direction(text) or default


def is_right_to_left(text: str, default: Qt.LayoutDirection = RTL) -> bool:
    return text_direction(text, default) == RTL


def start_alignment(direction: Qt.LayoutDirection) -> Qt.AlignmentFlag:
    """The absolute horizontal alignment of a text's start: right for right to left."""
    side = Qt.AlignmentFlag.AlignRight if direction == RTL else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute


def follow_text(edit: QLineEdit, default: Qt.LayoutDirection = RTL) -> None:
    """Make `edit` take the direction of its text from now on (`default` while it holds no
    strong character); calling it again changes the default."""
    edit.setProperty("direction_default", int(default.value))

    def update(text: str) -> None:
        value = edit.property("direction_default")
        fallback = Qt.LayoutDirection(int(value)) if value is not None else RTL
        direction = text_direction(text, fallback)
        if edit.layoutDirection() != direction:
            edit.setLayoutDirection(direction)
        edit.setAlignment(start_alignment(direction) | Qt.AlignmentFlag.AlignVCenter)

    if not edit.property("direction_follows"):
        edit.setProperty("direction_follows", True)
        edit.textChanged.connect(update)
    update(edit.text())


class DirectionalDelegate(QStyledItemDelegate):
    """Draws each cell's text in its own direction, aligned to its start and elided at its end
    (so on the left for Arabic); cells whose text has no strong character keep the view's."""

    def initStyleOption(  # noqa: N802 (Qt name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        direction = strong_direction(option.text) if option.text else None
        if direction is None:
            return
        option.direction = direction
        vertical = option.displayAlignment & Qt.AlignmentFlag.AlignVertical_Mask
        if direction == LTR and option.widget is not None:
            # left-to-right values (label names, attributes) keep to the interface's side
            direction = option.widget.layoutDirection()
        option.displayAlignment = start_alignment(direction) | vertical
        option.textElideMode = Qt.TextElideMode.ElideRight  # the end: the left in Arabic


class ElidedLabel(QWidget):
    """One line of plain text in its own direction, aligned to its start and elided at its end
    when too long; the full text in the tooltip when elided."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        self._text = text
        self.setLayoutDirection(text_direction(text))
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    def elided(self) -> str:
        """The text as drawn at the current width."""
        return self.fontMetrics().elidedText(
            self._text, Qt.TextElideMode.ElideRight, max(0, self.contentsRect().width())
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._text) + 4, metrics.height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(0, self.fontMetrics().height() + 2)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        shown = self.elided()
        self.setToolTip(self._text if shown != self._text else "")
        painter = QPainter(self)
        painter.setLayoutDirection(self.layoutDirection())
        painter.setPen(self.palette().color(self.foregroundRole()))
        direction = self.layoutDirection()
        flags = start_alignment(direction) | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(flags) | int(Qt.TextFlag.TextSingleLine), shown)
        painter.end()
