"""The Consistency dock (Edit > Check consistency…): `annotator.consistency`'s findings for the
annotator (or another, or everyone, when the workbench is not blind: in blind mode only the
annotator's own), as `annotator check --consistency` lists them: a string
labelled differently, or labelled in one place and not in another. Each finding opens to its
places; activating one emits `placeActivated(document_id, start, end, uuid)` (uuid "" for an
unlabelled occurrence) and the window opens the document there.

The check reads the project on its own read-only connection in a background thread
(`background.BackgroundJob`): the window never waits for it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.consistency import LABELS, ConsistencyReport, Inconsistency, check_consistency
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.gui.session import Session

EVERYONE = "Everyone"
PLACES_LISTED = 200  # places listed per finding
CONTEXT = 25
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1  # (document_id, start, end, uuid)
_LTR = "\u202a{}\u202c"  # English and names left to right in the right-to-left tree


class ConsistencyJob(CancellableJob):
    """`check_consistency` on a read-only connection of its own, in a thread."""

    finished = Signal(object)  # ConsistencyReport
    failed = Signal(str)

    def __init__(self, path: Path, annotators: list[str] | None) -> None:
        super().__init__()
        self.path, self.annotators = path, annotators

    @Slot()
    def run(self) -> None:
        from annotator.store.team import open_readonly

        try:
            with open_readonly(self.path) as project:
                report = check_consistency(project, self.annotators)
        except Exception as err:  # noqa: BLE001 - shown in the panel
            self.failed.emit(str(err))
            return
        if not self._cancel.is_set():
            self.finished.emit(report)


class ConsistencyPanel(QWidget):
    """Whose work, Check, and the findings with their places."""

    placeActivated = Signal(int, int, int, str)  # document id, start, end, uuid ("": none)
    checked = Signal()  # a check finished (shown)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("consistencyPanel")
        self.report: ConsistencyReport | None = None
        self.job = BackgroundJob(self)
        self.who = QComboBox(self)
        self.who.setObjectName("consistencyAnnotator")
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setToolTip(
            self.tr(
                "Strings labelled differently, or labelled in one place and not in another "
                "(normalized, whole tokens, also after و ف ب ل ك), over the documents worked on"
            )
        )
        self.status_label = QLabel(self)
        self.status_label.setObjectName("consistencyStatus")
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("consistencyFindings")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Finding"), self.tr("Where")])
        self.tree.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the contexts
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Whose work:"), self))
        top.addWidget(self.who, 1)
        top.addWidget(self.check_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(top)
        column.addWidget(self.status_label)
        column.addWidget(self.tree, 1)
        self.check_button.clicked.connect(self.run)
        self.tree.itemActivated.connect(self._activated)
        session.annotatorChanged.connect(lambda _name: self.fill_annotators())
        session.visibilityChanged.connect(self._visibility_changed)  # blind mode toggled
        self.fill_annotators()

    def fill_annotators(self) -> None:
        """The annotator first; others and Everyone only when the workbench is not blind."""
        me = self.session.annotator
        current = self.who.currentText()
        self.who.clear()
        self.who.addItem(me)
        if not self.session.blind:
            names = self.session.project.annotators(role=None)
            self.who.addItems([n for n in names if n != me])
            self.who.addItem(self.tr("Everyone"), EVERYONE)
        if current and self.who.findText(current) >= 0:
            self.who.setCurrentIndex(self.who.findText(current))

    def chosen(self) -> list[str] | None:
        """Whose work is checked (None: everyone's); blind, only the annotator's own."""
        if self.session.blind:
            return [self.session.annotator]
        if self.who.currentData() == EVERYONE:
            return None
        return [self.who.currentText()]

    def _visibility_changed(self) -> None:
        self.fill_annotators()
        if self.report is not None and not self._may_show(self.report):
            self.report = None
            self.tree.clear()
            self.status_label.clear()

    def _may_show(self, report: ConsistencyReport) -> bool:
        """Blind, only findings of the annotator's own work are shown."""
        return not self.session.blind or report.annotators == [self.session.annotator]

    def run(self) -> None:
        """Check in the background; the findings are shown when ready."""
        if self.job.running:
            return
        job = ConsistencyJob(self.session.project.path, self.chosen())
        job.finished.connect(self._finished)
        job.failed.connect(self._failed)
        self.check_button.setEnabled(False)
        self.status_label.setText(self.tr("Checking…"))
        self.job.start(job)

    def _finished(self, report: ConsistencyReport) -> None:
        self.job.stop()
        self.check_button.setEnabled(True)
        if not self._may_show(report):  # blind mode was turned on (or the annotator changed)
            self.status_label.setText(self.tr("Press Check to check your own work."))
            return
        self.show_report(report)
        self.checked.emit()

    def _failed(self, message: str) -> None:
        self.job.stop()
        self.check_button.setEnabled(True)
        self.status_label.setText(self.tr("The check failed: {message}").format(message=message))

    def show_report(self, report: ConsistencyReport) -> None:
        self.report = report
        self.tree.clear()
        texts: dict[int, str] = {}
        for finding in report.findings:
            item = QTreeWidgetItem([_LTR.format(f"{finding.annotator}: {finding.describe()}"), ""])
            item.setToolTip(0, item.text(0))
            for place in finding.places[:PLACES_LISTED]:
                item.addChild(self._place_item(finding, place, report, texts))
            if len(finding.places) > PLACES_LISTED:
                more = len(finding.places) - PLACES_LISTED
                item.addChild(
                    QTreeWidgetItem([self.tr("… and {more:,} more").format(more=more), ""])
                )
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(1)
        found = len(report.findings)
        self.status_label.setText(
            (
                self.tr(
                    "{found:,} inconsistency in {spans:,} annotations "
                    "over {documents:,} document(s)"
                )
                if found == 1
                else self.tr(
                    "{found:,} inconsistencies in {spans:,} annotations "
                    "over {documents:,} document(s)"
                )
            ).format(found=found, spans=report.spans, documents=report.documents)
        )

    def _place_item(self, finding: Inconsistency, place, report, texts) -> QTreeWidgetItem:
        if place.document_id not in texts:
            texts[place.document_id] = self.session.project.document_text(place.document_id)
        text = texts[place.document_id]
        before = text[max(0, place.start - CONTEXT) : place.start].rsplit("\n", 1)[-1]
        after = text[place.end : place.end + CONTEXT].split("\n", 1)[0]
        what = place.label if finding.kind == LABELS else self.tr("not labelled")
        name = report.names.get(place.document_id, str(place.document_id))
        item = QTreeWidgetItem(
            [
                f"…{before}[{text[place.start : place.end]}]{after}…",
                _LTR.format(f"{name} {place.start}–{place.end} ({what})"),
            ]
        )
        item.setData(0, PLACE_ROLE, (place.document_id, place.start, place.end, place.uuid or ""))
        return item

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        place = item.data(0, PLACE_ROLE)
        if place:
            self.placeActivated.emit(*place)

    def let_go(self) -> None:
        """The window closes: a check still running is let go of, never waited for."""
        job = self.job.job
        if isinstance(job, ConsistencyJob):
            job.finished.disconnect(self._finished)
            job.failed.disconnect(self._failed)
        self.job.let_go()
