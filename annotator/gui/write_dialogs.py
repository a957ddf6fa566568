"""The dialogs of a write the store refused, shared by every window that writes."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_not_saved(parent: QWidget, text: str) -> None:
    """Nothing of the action was saved (disk full, I/O error...): say so, so it is not missed."""
    QMessageBox.warning(parent, parent.tr("Not saved"), text)


def ask_retry(parent: QWidget, text: str) -> bool:
    """Another program held the project locked past the busy timeout: try again?"""
    answer = QMessageBox.warning(
        parent,
        parent.tr("Project busy"),
        text + "\n\n" + parent.tr("Try again?"),
        QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Retry,
    )
    return answer == QMessageBox.StandardButton.Retry
