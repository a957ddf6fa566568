"""Review > Compare with gold: how the gold standard differs from an annotator's own spans in one
document (read-only).

The comparison is `annotator.adjudication.gold_feedback` (the agreement's matching: missing,
extra, different label, boundaries or attributes). The window lists the differences, each with
the annotator's span and gold's (texts right to left) and the attributes that differ; "Show
agreements too" adds the spans identical in both. Opened from the main window when gold holds
something for the document (`adjudication.has_gold`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import adjudication as adj
from annotator.agreement.feedback import (
    ATTRIBUTES,
    BOUNDARIES,
    EXTRA,
    LABEL,
    MISSING,
    SAME,
    GoldDifference,
)
from annotator.gui.barred_text import attribute_text
from annotator.gui.i18n import joined
from annotator.gui.keys import close_on_escape
from annotator.gui.theme import background_of, text_on, tint
from annotator.model import SpanRecord
from annotator.store import Project

KIND_COLOURS = {
    MISSING: "#fde2e1",
    EXTRA: "#fff1d6",
    LABEL: "#f3e3ff",
    BOUNDARIES: "#e0ecff",
    ATTRIBUTES: "#e3f6ea",
    SAME: "#ffffff",
}


def kind_name(kind: str) -> str:
    """A difference kind as the window says it."""
    names = {
        MISSING: QCoreApplication.translate("Feedback", "missing: only in gold"),
        EXTRA: QCoreApplication.translate("Feedback", "extra: not in gold"),
        LABEL: QCoreApplication.translate("Feedback", "different label"),
        BOUNDARIES: QCoreApplication.translate("Feedback", "different boundaries"),
        ATTRIBUTES: QCoreApplication.translate("Feedback", "different attributes"),
        SAME: QCoreApplication.translate("Feedback", "same"),
    }
    return names.get(kind, kind)


def _span_text(span: SpanRecord | None) -> str:
    if span is None:
        return "—"
    return f"{span.label}: \u2067{span.text or ''}\u2069"


def _attributes_text(difference: GoldDifference) -> str:
    return joined(
        f"{name}: {attribute_text(own) if own is not None else '—'} → "
        f"{attribute_text(gold) if gold is not None else '—'}"
        for name, (own, gold) in difference.attributes.items()
    )


class FeedbackWindow(QWidget):
    """An annotator's spans against gold's in one document: the differences, read-only."""

    COLUMNS = 4

    def __init__(
        self, project: Project, document_id: int, annotator: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project, self.document_id, self.annotator = project, document_id, annotator
        self.setObjectName("feedbackWindow")
        document = project.document(document_id)
        self.setWindowTitle(
            self.tr("Compare with gold — {annotator} — {document}").format(
                annotator=annotator, document=document.name
            )
        )
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.show_same = QCheckBox(self.tr("Show agreements too"), self)
        self.show_same.toggled.connect(self._fill)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("feedbackTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Difference"), self.tr("Yours"), self.tr("Gold"), self.tr("Attributes")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_same)
        layout.addWidget(self.table, 1)
        self.differences: list[GoldDifference] = []
        self.resize(900, 520)
        self.refresh()

    def refresh(self) -> None:
        """Compare again (the annotator or the curator may have changed something)."""
        self.differences = adj.gold_feedback(self.project, self.document_id, self.annotator)
        counts = {kind: 0 for kind in KIND_COLOURS}
        for difference in self.differences:
            counts[difference.kind] += 1
        shown = ", ".join(
            f"{kind_name(kind)}: {counts[kind]}" for kind in KIND_COLOURS if kind != SAME
        )
        total = len(self.differences) - counts[SAME]
        self.summary.setText(
            self.tr("{total} difference(s) from gold ({shown}); {same} span(s) the same.").format(
                total=total, shown=shown, same=counts[SAME]
            )
        )
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt name)
        """Another theme: the rows' colours anew."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._fill()

    def shown(self) -> list[GoldDifference]:
        """The differences listed (with the identical spans when asked)."""
        return [d for d in self.differences if d.kind != SAME or self.show_same.isChecked()]

    def _fill(self) -> None:
        rows = self.shown()
        self.table.setRowCount(len(rows))
        page = background_of(self)  # the table's too (Base)
        for row, difference in enumerate(rows):
            cells = [
                kind_name(difference.kind),
                _span_text(difference.own),
                _span_text(difference.gold),
                _attributes_text(difference),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                fill = tint(KIND_COLOURS[difference.kind], page)
                item.setBackground(fill)
                item.setForeground(text_on(fill))
                if column in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()


def open_feedback(
    project: Project, document_id: int, annotator: str, parent: QWidget | None = None
) -> FeedbackWindow:
    """A shown FeedbackWindow in a window of its own (closed with `parent`)."""
    window = FeedbackWindow(project, document_id, annotator, parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    close_on_escape(window)  # Esc or Ctrl+W closes it (keys.CloseKeys)
    window.show()
    return window
