"""The header over the article: the document's name, its title and the annotator's status badge.

The title is shown in its own direction and, when too long, elided at its end (the left for an
Arabic title), never cut at its start; the badge keeps its size whatever the title's length.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from annotator.gui.direction import ElidedLabel


class DocumentHeader(QWidget):
    """Name, title (elided at its end) and status badge (always whole) of the shown document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentHeader")
        self.name_label = QLabel(self)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name_label.font()
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.title_label = ElidedLabel("", self)
        self.title_label.setObjectName("documentTitle")
        self.badge = QLabel(self)
        self.badge.setObjectName("statusBadge")
        self.badge.setTextFormat(Qt.TextFormat.PlainText)
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.badge.setContentsMargins(6, 1, 6, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        layout.addWidget(self.name_label)
        layout.addWidget(self.title_label, 1)
        layout.addWidget(self.badge)
        self.setAccessibleName(QCoreApplication.translate("DocumentHeader", "Document"))
        self.show_document(None)

    def show_document(
        self, name: str | None, title: str = "", status: str = "", colour: str = "#6b7280"
    ) -> None:
        """Show a document (None: no document open) and the annotator's status of it."""
        if name is None:
            self.name_label.setText(QCoreApplication.translate("DocumentHeader", "No document"))
            self.title_label.setText("")
            self.badge.hide()
            self.setAccessibleDescription(
                QCoreApplication.translate("DocumentHeader", "No document is open")
            )
            return
        self.name_label.setText(name)
        self.title_label.setText(title)
        self.badge.setText(status)
        self.badge.setStyleSheet(
            f"QLabel {{ color: white; background: {colour}; border-radius: 3px; }}"
        )
        self.badge.adjustSize()
        self.badge.setFixedSize(self.badge.sizeHint())
        self.badge.setAccessibleName(
            QCoreApplication.translate("DocumentHeader", "Status: {status}").format(status=status)
        )
        self.badge.show()
        self.setAccessibleDescription(" · ".join(part for part in (name, title, status) if part))
