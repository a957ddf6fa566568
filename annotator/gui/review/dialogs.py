"""Review mode's dialogs: editing a gold span's label and boundaries."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

from annotator.store import Annotation


class GoldSpanDialog(QDialog):
    """Edit a gold span's label and boundaries (code points), with the text previewed."""

    def __init__(self, text: str, gold: Annotation, labels: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit gold span"))
        self.text = text
        self.label = QComboBox(self)
        self.label.addItems(labels)
        self.label.setCurrentText(gold.label)
        self.start = QSpinBox(self)
        self.end = QSpinBox(self)
        for box in (self.start, self.end):
            box.setRange(0, len(text))
        self.start.setValue(gold.start)
        self.end.setValue(gold.end)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        form = QFormLayout(self)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Start"), self.start)
        form.addRow(self.tr("End"), self.end)
        form.addRow(self.tr("Text"), self.preview)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start.valueChanged.connect(self._update)
        self.end.valueChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        start, end = self.start.value(), self.end.value()
        valid = start < end
        self.preview.setText(self.text[start:end] if valid else "(empty)")
        self.ok.setEnabled(valid)

    def values(self) -> tuple[str, int, int]:
        return self.label.currentText(), self.start.value(), self.end.value()
