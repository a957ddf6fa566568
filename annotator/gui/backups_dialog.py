"""File > Backups…: the snapshots kept of the open project; take one, or restore one.

A restore asks first, then copies the snapshot into the project (`annotator.store.backups`,
which saves the present state as a "before restore" snapshot first) and emits `restored`, on
which the window shows the project anew and clears its undo history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Project, ProjectError, backups

COLUMNS = (
    "#",
    QT_TRANSLATE_NOOP("columns", "Taken"),
    QT_TRANSLATE_NOOP("columns", "Reason"),
    QT_TRANSLATE_NOOP("columns", "Size"),
    QT_TRANSLATE_NOOP("columns", "Documents"),
    QT_TRANSLATE_NOOP("columns", "Annotations"),
)


class BackupsDialog(QDialog):
    """The snapshots of `project`, newest first."""

    restored = Signal(object)  # backups.RestoreResult

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Backups — {name}").format(name=project.path.name))
        self.snapshots: list[backups.Snapshot] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The app takes a snapshot of the project when it opens it "
                "and every 30 minutes while you edit; the newest "
                "{MAX_SNAPSHOTS} are kept. Restoring one first saves the "
                "present state as a “before restore” snapshot, so it can be "
                "undone.<br><small>Folder: {value1}</small>"
            ).format(
                MAX_SNAPSHOTS=backups.MAX_SNAPSHOTS, value1=backups.backup_folder(project.path)
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("columns", c) for c in COLUMNS]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.take_button = QPushButton(self.tr("&Take a snapshot now"), self)
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.take_button.clicked.connect(self.take_now)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        """List the snapshots again (newest first, selected)."""
        self.snapshots = backups.list_snapshots(self.project.path, counts=True)
        self.table.setRowCount(len(self.snapshots))
        for row, snapshot in enumerate(self.snapshots):
            problem = snapshot.problem
            cells = (
                str(snapshot.number),
                snapshot.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                snapshot.reason,
                backups.format_size(snapshot.size),
                problem or f"{snapshot.documents:,}",
                "" if problem else f"{snapshot.annotations:,}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 3, 4, 5) and not (problem and column == 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if self.snapshots:
            self.table.selectRow(0)
        else:
            self.status.setText(self.tr("No snapshots yet."))
        self._selection_changed()

    def selected(self) -> backups.Snapshot | None:
        rows = self.table.selectionModel().selectedRows()
        return self.snapshots[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def take_now(self) -> None:
        """Take a snapshot of the project as it is now."""
        try:
            with _busy():
                snapshot = backups.take_snapshot(self.project, backups.MANUAL)
        except ProjectError as err:
            QMessageBox.warning(self, self.tr("Snapshot not taken"), str(err))
            return
        self.refresh()
        self.status.setText(self.tr("Snapshot taken: {name}").format(name=snapshot.name))

    def restore_selected(self) -> None:
        """Ask, then bring the project back to the selected snapshot."""
        snapshot = self.selected()
        if snapshot is None:
            return
        when = snapshot.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        answer = QMessageBox.question(
            self,
            self.tr("Restore a snapshot"),
            self.tr(
                "Bring the project back to snapshot {number} ({when}, "
                "{reason})?\n\nEverything written since then is replaced by "
                "the snapshot's content, and the undo history is cleared. "
                "The present state is saved first as a “before restore” "
                "snapshot: restore that one to undo this."
            ).format(number=snapshot.number, when=when, reason=snapshot.reason),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with _busy():
                result = backups.restore_snapshot(self.project, snapshot)
        except ProjectError as err:
            QMessageBox.warning(self, self.tr("Not restored"), str(err))
            return
        self.restored.emit(result)
        self.refresh()
        safety = (
            self.tr(" The state before it is snapshot {name}.").format(name=result.safety.name)
            if result.safety
            else ""
        )
        self.status.setText(
            self.tr(
                "Restored snapshot of {when}: {documents:,} document(s), "
                "{annotations:,} annotation(s).{safety}"
            ).format(
                when=when, documents=result.documents, annotations=result.annotations, safety=safety
            )
        )


@contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while a snapshot is copied."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
