"""Team > Assign to annotators… and Team > Merge copies…: `annotator assign` and `annotator
merge` from the window, run by the same core (`team.assign_documents`, `team.merge_projects`)
on a connection of their own in a background thread (`background.BackgroundJob`), with
progress (one step per copy written or merged), Cancel, and the command's own report
(`team.assign_report`, `team.merge_report`: its table, then its lines).

Cancel stops at the next copy: an assignment moves nothing into the output folder (its copies
are built aside), a merge is rolled back (one transaction). An error is listed with the file it
names; nothing is written then. A merge writes to the open project, and cannot be undone with
Edit > Undo: like an import, it takes a "before merge" snapshot first (File > Backups…
restores it), and `MergeDialog.merged` tells the window to show the store's state again.

The file choosers and the error box are overridable methods (`choose_folder`,
`choose_files`, `show_error`) for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError, UsageError
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.gui.i18n import joined, number
from annotator.gui.shown_paths import shown_path
from annotator.store import Project, SQLiteError, backups
from annotator.team import (
    ReportLine,
    TeamReport,
    assign_documents,
    assign_report,
    check_annotator_names,
    merge_projects,
    merge_report,
    shared_count,
)

HEADERS: dict[str, str] = {  # each column of the reports' tables (`team.REPORT_HEADERS`)
    "annotator": QT_TRANSLATE_NOOP("TeamReport", "annotator"),
    "documents": QT_TRANSLATE_NOOP("TeamReport", "documents"),
    "shared": QT_TRANSLATE_NOOP("TeamReport", "shared"),
    "own annotations": QT_TRANSLATE_NOOP("TeamReport", "own annotations"),
    "file": QT_TRANSLATE_NOOP("TeamReport", "file"),
    "annotations": QT_TRANSLATE_NOOP("TeamReport", "annotations"),
    "relations": QT_TRANSLATE_NOOP("TeamReport", "relations"),
    "statuses": QT_TRANSLATE_NOOP("TeamReport", "statuses"),
    "missing docs": QT_TRANSLATE_NOOP("TeamReport", "missing docs"),
    "conflicts": QT_TRANSLATE_NOOP("TeamReport", "conflicts"),
}

LINES: dict[str, str] = {  # each kind of report line's wording (`team.REPORT_LINES`' values)
    "assigned": QT_TRANSLATE_NOOP(
        "TeamReport", "seed {seed}; wrote {files} project file(s) and {manifest}"
    ),
    "own notes": QT_TRANSLATE_NOOP("TeamReport", "own notes copied: {count}"),
    "missing": QT_TRANSLATE_NOOP("TeamReport", "missing from project: {document}"),
    "conflict": QT_TRANSLATE_NOOP(
        "TeamReport",
        "conflict: {annotator} on {document}: {changed} annotation(s), relation(s) or "
        "document label(s) in the project are missing or different in {copy}",
    ),
    "labels": QT_TRANSLATE_NOOP("TeamReport", "labels added: {labels}"),
    "rejections": QT_TRANSLATE_NOOP("TeamReport", "rejected suggestions added: {count}"),
    "times": QT_TRANSLATE_NOOP("TeamReport", "editing times updated: {count}"),
    "document labels": QT_TRANSLATE_NOOP("TeamReport", "document labels added: {count}"),
    "notes": QT_TRANSLATE_NOOP("TeamReport", "notes added: {added}, updated: {updated}"),
    "notes left out": QT_TRANSLATE_NOOP(
        "TeamReport", "notes left out (their spans were not merged): {count}"
    ),
    "notes deleted": QT_TRANSLATE_NOOP("TeamReport", "notes deleted in the copy: {count}"),
    "notes kept": QT_TRANSLATE_NOOP(
        "TeamReport",
        "notes missing from the copy (no record it deleted them, or changed here since): "
        "kept, {count}",
    ),
    "dry run": QT_TRANSLATE_NOOP("TeamReport", "dry run: nothing was written"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamReport", text)


def header_text(header: str) -> str:
    """A report table's column (`team.REPORT_HEADERS`) in the interface's language."""
    return _tr(HEADERS[header])


def line_text(line: ReportLine) -> str:
    """A report line in the interface's language (`team.line_text` is the CLI's English):
    numbers as the chrome shows them, a list of names joined as the language does, paths kept
    in order in a right-to-left window (`shown_path`), after the file it is about."""
    values = {name: _shown(value) for name, value in line.values.items()}
    text = _tr(LINES[line.kind]).format(**values)
    if not line.source:
        return text
    return QCoreApplication.translate("TeamReport", "{file}: {text}").format(
        file=shown_path(line.source), text=text
    )


def _shown(value: str | int | Path | tuple[str, ...]) -> str:
    if isinstance(value, tuple):
        return joined(value)
    if isinstance(value, Path):
        return shown_path(value)
    return number(value) if isinstance(value, int) else value


class TeamCancelled(Exception):
    """Raised from the progress callback when the user cancels: nothing is written."""


@dataclass(frozen=True)
class TeamOutcome:
    """What a team job did: its report (as the command prints it), and for a merge the
    snapshot taken before it (None: none, `backup_problem` says why) and the labels added."""

    report: TeamReport
    snapshot: backups.Snapshot | None = None
    backup_problem: str = ""
    labels_added: bool = False


class TeamJob(CancellableJob):
    """Runs `work(project, progress)` on its own connection to the project, in a thread."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # TeamOutcome
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(
        self, project_path: Path, total: int, work: Callable[[Project, Callable], TeamOutcome]
    ) -> None:
        super().__init__()
        self.project_path = project_path
        self.total = total
        self.work = work
        self._done = 0

    def _progress(self, count: int) -> None:
        if self._cancel.is_set():
            raise TeamCancelled
        self._done += count
        self.progressed.emit(self._done, self.total)

    @Slot()
    def run(self) -> None:
        try:
            if self._cancel.is_set():
                raise TeamCancelled
            with Project.open(self.project_path) as project:
                outcome = self.work(project, self._progress)
        except TeamCancelled:
            self.cancelled.emit()
        except (AnnotatorError, OSError, SQLiteError) as err:
            self.failed.emit(err)
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(RuntimeError(f"{type(err).__name__}: {err}"))
        else:
            self.finished.emit(outcome)


class TeamDialog(QDialog):
    """The common part: the form (`form`), progress, the report (a table and lines), Run and
    Cancel/Close; a subclass builds its form and its job (`make_job`)."""

    finishedRun = Signal(object)  # TeamOutcome
    failedRun = Signal(object)  # the exception
    cancelledRun = Signal()

    run_text = QT_TRANSLATE_NOOP("TeamDialog", "Run")
    failed_text = QT_TRANSLATE_NOOP("TeamDialog", "Nothing was written.")
    cancelled_text = QT_TRANSLATE_NOOP("TeamDialog", "Cancelled: nothing was written.")

    def __init__(self, project: Project, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(title)
        self._background = BackgroundJob(self)
        self.outcome: TeamOutcome | None = None
        self.error: BaseException | None = None
        self.form = QFormLayout()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.report_table = QTableWidget(0, 0)
        self.report_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report_table.verticalHeader().hide()
        self.report_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.report_lines_list = QListWidget()
        self.report_lines_list.setMinimumHeight(80)
        self.run_button = QPushButton(QCoreApplication.translate("TeamDialog", self.run_text))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Close"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.report_table, 1)
        layout.addWidget(self.report_lines_list, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.inputs: list[QWidget] = [self.run_button]
        self.resize(760, 620)

    # ---------------------------------------------------------------- subclass's part

    def make_job(self) -> TeamJob:
        """The job the form describes; UsageError (shown) when it is incomplete."""
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), message)

    # ---------------------------------------------------------------- running

    def is_running(self) -> bool:
        return self._background.running

    def start(self) -> bool:
        """Run with the current choices; False (error shown) if they are bad."""
        if self.is_running():
            return False
        try:
            job = self.make_job()
        except AnnotatorError as err:
            self.show_error(str(err))
            return False
        self.outcome = self.error = None
        self.report_table.clear()
        self.report_table.setRowCount(0)
        self.report_table.setColumnCount(0)
        self.report_lines_list.clear()
        self.progress_bar.setRange(0, max(job.total, 1))
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Working…"))
        queued = Qt.ConnectionType.QueuedConnection  # emitted in the job's thread
        job.progressed.connect(self._on_progress, queued)
        job.finished.connect(self._on_finished, queued)
        job.failed.connect(self._on_failed, queued)
        job.cancelled.connect(self._on_cancelled, queued)
        for widget in self.inputs:
            widget.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self._background.start(job)
        return True

    def cancel(self) -> None:
        if self.is_running():
            self._background.cancel()
            self.status_label.setText(self.tr("Cancelling…"))

    def _cancel_or_close(self) -> None:
        if self.is_running():
            self.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.is_running():  # closing the window cancels, and waits for the roll-back
            self.cancel()
            self._background.wait()
        super().reject()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(min(done, max(total, 1)))
        self.status_label.setText(self.tr("Working… {0} of {1}").format(done, total))

    @Slot(object)
    def _on_finished(self, outcome: TeamOutcome) -> None:
        self._stop()
        self.outcome = outcome
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.status_label.setText(self.done_text(outcome))
        self.show_report(outcome.report)
        self.after_finished(outcome)
        self.finishedRun.emit(outcome)

    def after_finished(self, outcome: TeamOutcome) -> None:
        """What a subclass does once its job has finished (before `finishedRun`)."""

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._stop()
        self.error = error
        self.progress_bar.setValue(0)
        self.status_label.setText(QCoreApplication.translate("TeamDialog", self.failed_text))
        self.report_lines_list.addItem(QCoreApplication.translate("TeamDialog", self.failed_text))
        self.report_lines_list.addItem(str(error))
        self.show_error(str(error))
        self.failedRun.emit(error)

    @Slot()
    def _on_cancelled(self) -> None:
        self._stop()
        self.progress_bar.setValue(0)
        self.status_label.setText(QCoreApplication.translate("TeamDialog", self.cancelled_text))
        self.cancelledRun.emit()

    def _stop(self) -> None:
        self._background.stop()
        for widget in self.inputs:
            widget.setEnabled(True)
        self.cancel_button.setText(self.tr("Close"))

    def done_text(self, outcome: TeamOutcome) -> str:
        return self.tr("Done.")

    # ---------------------------------------------------------------- the report

    def show_report(self, report: TeamReport) -> None:
        """The command's report: its table, then its lines."""
        self.report_table.setColumnCount(len(report.headers))
        self.report_table.setHorizontalHeaderLabels([header_text(h) for h in report.headers])
        self.report_table.setRowCount(len(report.rows))
        for row, values in enumerate(report.rows):
            for column, value in enumerate(values):
                text = shown_path(value) if column == 0 and "/" in str(value) else str(value)
                item = QTableWidgetItem(text if isinstance(value, str) else number(value))
                item.setToolTip(str(value))
                if not isinstance(value, str):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.report_table.setItem(row, column, item)
        for line in map(line_text, report.lines):
            item = QListWidgetItem(line)
            item.setToolTip(line)
            self.report_lines_list.addItem(item)

    def report_text(self) -> list[str]:
        """The report as shown: the table's rows (cells joined by two spaces), then the lines
        (for tests, copying)."""
        table = self.report_table
        headers = [
            table.horizontalHeaderItem(column).text() for column in range(table.columnCount())
        ]
        rows = [
            "  ".join(table.item(row, column).toolTip() for column in range(table.columnCount()))
            for row in range(table.rowCount())
        ]
        lines = [
            self.report_lines_list.item(row).text() for row in range(self.report_lines_list.count())
        ]
        return (["  ".join(headers)] if headers else []) + rows + lines


# ---------------------------------------------------------------------------- assign


class AssignDialog(TeamDialog):
    """Team > Assign to annotators…: `annotator assign` (annotators, overlap, seed, folder)."""

    run_text = QT_TRANSLATE_NOOP("TeamDialog", "Assign")
    failed_text = QT_TRANSLATE_NOOP(
        "TeamDialog", "Assignment failed: nothing was written to the folder."
    )
    cancelled_text = QT_TRANSLATE_NOOP(
        "TeamDialog", "Assignment cancelled: nothing was written to the folder."
    )

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, self.tr("Assign to annotators"), parent)
        self.documents = project.count_documents()
        self.annotator_list = QListWidget()
        self.annotator_list.setMaximumHeight(110)
        for name in project.annotators():
            self.add_annotator(name, checked=False)
        self.new_name_edit = QLineEdit()
        self.new_name_edit.setPlaceholderText(self.tr("a name, or several separated by commas"))
        self.add_name_button = QPushButton(self.tr("Add"))
        self.add_name_button.clicked.connect(self._add_typed_names)
        self.new_name_edit.returnPressed.connect(self._add_typed_names)
        names_row = QHBoxLayout()
        names_row.addWidget(self.new_name_edit, 1)
        names_row.addWidget(self.add_name_button)
        self.overlap_spin = QSpinBox()
        self.overlap_spin.setRange(0, 100)
        self.overlap_spin.setSuffix(" %")
        self.overlap_spin.setValue(0)
        self.overlap_label = QLabel()
        overlap_row = QHBoxLayout()
        overlap_row.addWidget(self.overlap_spin)
        overlap_row.addWidget(self.overlap_label, 1)
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText(self.tr("random (recorded in assignment.json)"))
        self.folder_edit = QLineEdit(str(project.path.with_name(f"{project.path.stem}-copies")))
        self.folder_button = QPushButton(self.tr("Choose…"))
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        self.force_check = QCheckBox(self.tr("Replace copies already in the folder"))
        self.form.addRow(self.tr("Annotators"), self.annotator_list)
        self.form.addRow(self.tr("Add annotators"), names_row)
        self.form.addRow(self.tr("Shared by all"), overlap_row)
        self.form.addRow(self.tr("Seed"), self.seed_edit)
        self.form.addRow(self.tr("Output folder"), folder_row)
        self.form.addRow(self.force_check)
        self.inputs += [
            self.annotator_list,
            self.new_name_edit,
            self.add_name_button,
            self.overlap_spin,
            self.seed_edit,
            self.folder_edit,
            self.folder_button,
            self.force_check,
        ]
        self.overlap_spin.valueChanged.connect(self._update_overlap)
        self._update_overlap()

    def add_annotator(self, name: str, *, checked: bool = True) -> None:
        """List `name` (once), checked or not."""
        for row in range(self.annotator_list.count()):
            item = self.annotator_list.item(row)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked if checked else item.checkState())
                return
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.annotator_list.addItem(item)

    def _add_typed_names(self) -> None:
        for name in self.new_name_edit.text().split(","):
            if name.strip():
                self.add_annotator(name.strip())
        self.new_name_edit.clear()

    def chosen_annotators(self) -> list[str]:
        items = (self.annotator_list.item(row) for row in range(self.annotator_list.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _update_overlap(self, *_: object) -> None:
        shared = shared_count(self.documents, self.overlap_spin.value() / 100)
        self.overlap_label.setText(
            self.tr("{0:,} of the {1:,} documents go to every annotator").format(
                shared, self.documents
            )
        )

    def _choose_folder(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.folder_edit.setText(folder)

    def choose_folder(self) -> str | None:
        """Ask for the output folder; None if the user gave up."""
        start = self.folder_edit.text() or str(self.project.path.parent)
        return (
            QFileDialog.getExistingDirectory(self, self.tr("Folder for the copies"), start) or None
        )

    def make_job(self) -> TeamJob:
        names = check_annotator_names(self.chosen_annotators())  # TeamError: says what is wrong
        folder_text = self.folder_edit.text().strip()
        if not folder_text:
            raise UsageError(self.tr("choose the folder for the copies"))
        seed_text = self.seed_edit.text().strip()
        try:
            seed = int(seed_text) if seed_text else None
        except ValueError:
            message = self.tr("the seed is a whole number, not {0}").format(seed_text)
            raise UsageError(message) from None
        overlap = self.overlap_spin.value() / 100
        force, folder = self.force_check.isChecked(), Path(folder_text)

        def work(project: Project, progress: Callable[[int], None]) -> TeamOutcome:
            result = assign_documents(
                project, folder, names, overlap, seed=seed, force=force, progress=progress
            )
            return TeamOutcome(assign_report(result))

        return TeamJob(self.project.path, len(names), work)

    def done_text(self, outcome: TeamOutcome) -> str:
        return self.tr("Assigned: give each annotator their file from {0}.").format(
            shown_path(self.folder_edit.text())
        )


# ---------------------------------------------------------------------------- merge


class MergeDialog(TeamDialog):
    """Team > Merge copies…: `annotator merge` into the open project (a snapshot first)."""

    merged = Signal(bool)  # labels were added

    run_text = QT_TRANSLATE_NOOP("TeamDialog", "Merge")
    failed_text = QT_TRANSLATE_NOOP(
        "TeamDialog", "Merge failed: nothing was merged; the project is as it was."
    )
    cancelled_text = QT_TRANSLATE_NOOP(
        "TeamDialog", "Merge cancelled: nothing was merged; the project is as it was."
    )

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(project, self.tr("Merge copies"), parent)
        self.files_list = QListWidget()
        self.files_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_list.setMaximumHeight(110)
        self.add_files_button = QPushButton(self.tr("Add copies…"))
        self.add_files_button.clicked.connect(self._add_files)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_files_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_list, 1)
        files_row.addLayout(file_buttons)
        self.dry_run_check = QCheckBox(self.tr("Only report what would be merged (a dry run)"))
        self.form.addRow(self.tr("Copies"), files_row)
        self.form.addRow(self.dry_run_check)
        note = QLabel(
            self.tr(
                "Documents are matched by text; conflicts are reported and left as they are. "
                "A merge is not undone by Edit > Undo: a snapshot of the project is taken "
                "first (File > Backups… restores it)."
            )
        )
        note.setWordWrap(True)
        self.form.addRow(note)
        self.inputs += [
            self.files_list,
            self.add_files_button,
            self.remove_button,
            self.dry_run_check,
        ]

    def paths(self) -> list[Path]:
        items = (self.files_list.item(row) for row in range(self.files_list.count()))
        return [Path(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def add_paths(self, paths: list[str] | list[Path]) -> None:
        known = {str(path) for path in self.paths()}
        for path in paths:
            if str(path) not in known:
                item = QListWidgetItem(shown_path(path))
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                self.files_list.addItem(item)
                known.add(str(path))

    def _add_files(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_paths(paths)

    def _remove_selected(self) -> None:
        for item in self.files_list.selectedItems():
            self.files_list.takeItem(self.files_list.row(item))

    def choose_files(self) -> list[str]:
        """Ask for the copies to merge; [] if the user gave up."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Copies to merge"),
            str(self.project.path.parent),
            self.tr("Annotator projects (*.sqlite *.annotator *.db);;All files (*)"),
        )
        return paths

    def make_job(self) -> TeamJob:
        paths = self.paths()
        if not paths:
            raise UsageError(self.tr("add the copies to merge"))
        dry_run = self.dry_run_check.isChecked()
        project_path = self.project.path

        def work(project: Project, progress: Callable[[int], None]) -> TeamOutcome:
            snapshot, problem = None, ""
            if not dry_run:
                try:
                    snapshot = backups.take_snapshot(project_path, backups.BEFORE_MERGE)
                except (AnnotatorError, OSError, SQLiteError) as err:
                    problem = str(err)
            progress(0)  # cancelled meanwhile?
            reports = merge_projects(project, paths, dry_run=dry_run, progress=progress)
            labels = any(report.labels_added for report in reports)
            return TeamOutcome(merge_report(reports, dry_run=dry_run), snapshot, problem, labels)

        return TeamJob(project_path, len(paths), work)

    def after_finished(self, outcome: TeamOutcome) -> None:
        if not self.dry_run_check.isChecked():
            self.merged.emit(outcome.labels_added)

    def done_text(self, outcome: TeamOutcome) -> str:
        if self.dry_run_check.isChecked():
            return self.tr("Dry run: nothing was written.")
        if outcome.snapshot is not None:
            taken = outcome.snapshot.taken_at.astimezone().strftime("%H:%M:%S")
            return self.tr(
                "Merged. Not undoable with Edit > Undo: the snapshot taken just before it "
                "({0}, “before merge”) can be restored with File > Backups…"
            ).format(taken)
        return self.tr("Merged. No snapshot could be taken before it: {0}").format(
            outcome.backup_problem
        )
