"""The review's candidate list: each proposal or gold span of the selected cluster with its whole
text and attributes, wrapped (never cut) to the list's width, right to left.

An item's text is three lines or more (`candidate_text`): who and which label; the span's text
(isolated right to left); its attributes (``count=25 · qualifier=at least``) on a line of their
own, then a claim's source. `WrappingDelegate` makes each row as tall as its wrapped text.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from annotator.gui.barred_text import attribute_text
from annotator.store import Annotation

RLI, PDI = "\u2067", "\u2069"


def attributes_line(attributes: dict) -> str:
    """A span's attributes as one line (``count=25 · qualifier=at least``); empty values left
    out."""
    return " · ".join(
        f"{name}={attribute_text(value)}"
        for name, value in attributes.items()
        if value not in (None, "")
    )


def candidate_text(ann: Annotation, extra: Iterable[str] = ()) -> str:
    """The whole text of a candidate's row: annotator · label, the span's text, its attributes
    and the `extra` lines (a source, notes), one per line."""
    lines = [f"{ann.annotator} · {ann.label}", f"{RLI}{ann.text}{PDI}"]
    attributes = attributes_line(ann.attributes)
    if attributes:
        lines.append(attributes)
    lines += [line for line in extra if line]
    return "\n".join(lines)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the view's width (the text is never elided)."""

    def sizeHint(  # noqa: N802 (Qt name)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.parent()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 300
        style = opt.widget.style() if opt.widget is not None else None
        frame = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) if style else 2
        margin = 2 * (frame + 1)
        icon = opt.decorationSize.width() + 2 * margin if not opt.icon.isNull() else 0
        text_width = max(60, width - icon - 2 * margin - 4)
        bounds = opt.fontMetrics.boundingRect(
            QRect(0, 0, text_width, 100_000),
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
            opt.text.replace("\n", "\u2028"),
        )
        lines = opt.text.count("\n") + 1
        height = max(bounds.height(), lines * opt.fontMetrics.lineSpacing())
        return QSize(width, height + 2 * margin + 4)


def make_wrapping(view: QListWidget) -> None:
    """Set `view` up to wrap its items' text (right to left, rows of their own height)."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setUniformItemSizes(False)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    view.setSpacing(1)
    view.setItemDelegate(WrappingDelegate(view))
