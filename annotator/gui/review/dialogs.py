"""Review mode's dialogs: a gold span's label.

A gold span's boundaries are not typed as numbers: they are selected in the text, as in the
workbench (drag, snapped to tokens, Alt for exact characters; Ctrl(+Alt)+arrows move an edge).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from annotator.store import Annotation


class GoldSpanDialog(QDialog):
    """Change a gold span's label, its text shown; the boundaries are edited in the text."""

    def __init__(self, gold: Annotation, labels: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit gold span"))
        self.label = QComboBox(self)
        self.label.addItems(labels)
        self.label.setCurrentText(gold.label)
        self.preview = QLabel(gold.text, self)
        self.preview.setWordWrap(True)
        self.preview.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.hint = QLabel(
            self.tr(
                "To change where it starts or ends, drag over the text with the span selected "
                "(Alt: exact characters), or move an edge with Ctrl+arrows (Ctrl+Alt: by "
                "character)."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Text"), self.preview)
        form.addRow(self.hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> str:
        """The label chosen."""
        return self.label.currentText()
