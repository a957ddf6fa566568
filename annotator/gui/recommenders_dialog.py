"""The Recommenders dialog: how good each recommender is, and which ones the window shows.

`RecommendersDialog(project, annotator, parent)` runs the evaluation of `annotator recommenders
--from NAME --evaluate` (`annotator.suggestions.evaluate.evaluate`, the same code) in a
background thread on its own read-only connection, so the window never waits: each
recommender's precision, recall, F1 and support per label and overall, and its learning curve
(F1 after training on the first 10%, 25%, ... of the training part). A spin box chooses an F1
below which recommenders are hidden: the choice and the recommenders it hides are saved per
project in the app's settings (`Settings.recommender_min_f1` / `Settings.hidden_recommenders`),
which the window's suggestion display reads; `hiddenChanged` tells it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.gui.recommender_texts import problem_text
from annotator.gui.settings import Settings
from annotator.store import Project, SQLiteError
from annotator.suggestions import RECOMMENDERS, default_names, unavailable
from annotator.suggestions.evaluate import (
    CURVE_STEPS,
    Evaluation,
    EvaluationCancelled,
    Score,
    evaluate,
)


class EvaluationJob(CancellableJob):
    """Runs one evaluation on its own read-only project connection; lives in a worker thread."""

    progressed = Signal(int, int)
    finished = Signal(object)  # Evaluation
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project_path: Path, teacher: str, names: Sequence[str]) -> None:
        super().__init__()
        self.project_path = project_path
        self.teacher = teacher
        self.names = names

    @Slot()
    def run(self) -> None:
        from annotator.store.team import open_readonly

        try:
            with open_readonly(self.project_path) as project:
                result = evaluate(
                    project,
                    self.teacher,
                    self.names,
                    progress=self.progressed.emit,
                    cancelled=self._cancel.is_set,
                )
        except EvaluationCancelled:
            self.cancelled.emit()
        except (AnnotatorError, OSError, SQLiteError) as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"{type(err).__name__}: {err}")
        else:
            self.finished.emit(result)


class RecommendersDialog(QDialog):
    """Evaluate the recommenders against an annotator's done documents; hide the weak ones."""

    evaluationFinished = Signal(object)  # Evaluation
    evaluationFailed = Signal(str)
    evaluationCancelled = Signal()
    hiddenChanged = Signal(object)  # frozenset[str]: the recommenders now hidden

    def __init__(
        self,
        project: Project,
        annotator: str | None = None,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        # the recommenders evaluated (default: the available ones)
        self.names = tuple(default_names() if names is None else names)
        self.settings = settings if settings is not None else Settings()
        self.evaluation: Evaluation | None = None
        self._background = BackgroundJob(self)
        self.setWindowTitle(self.tr("Recommenders"))

        self.teacher_combo = QComboBox()
        self.teacher_combo.addItems(project.annotators())
        if annotator and self.teacher_combo.findText(annotator) >= 0:
            self.teacher_combo.setCurrentText(annotator)
        self.evaluate_button = QPushButton(self.tr("&Evaluate"))
        self.evaluate_button.clicked.connect(self.start_evaluation)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel(
            self.tr(
                "Trains each recommender on the first 80% of the annotator's done documents "
                "and scores its proposals on the rest (exact spans)."
            )
        )
        self.status_label.setWordWrap(True)

        self.scores_table = QTableWidget(0, 6)
        self.scores_table.setHorizontalHeaderLabels(
            [
                self.tr("Recommender"),
                self.tr("Label"),
                self.tr("Precision"),
                self.tr("Recall"),
                self.tr("F1"),
                self.tr("Support"),
            ]
        )
        self.curve_table = QTableWidget(0, len(CURVE_STEPS))
        self.curve_table.setHorizontalHeaderLabels(
            [self.tr("F1 trained on %1").replace("%1", f"{step:.0%}") for step in CURVE_STEPS]
        )
        for table in (self.scores_table, self.curve_table):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(table is self.curve_table)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.min_f1_spin = QDoubleSpinBox()
        self.min_f1_spin.setRange(0.0, 1.0)
        self.min_f1_spin.setSingleStep(0.05)
        self.min_f1_spin.setDecimals(2)
        self.min_f1_spin.setValue(self.settings.recommender_min_f1(project.path))
        self.min_f1_spin.setToolTip(
            self.tr("Suggestions of recommenders whose F1 is below this are not shown (0: all)")
        )
        self.min_f1_spin.valueChanged.connect(self._min_f1_changed)
        self.hidden_label = QLabel()
        self.hidden_label.setWordWrap(True)
        # which recommenders can run here; an optional one that cannot says what to install
        self.availability_label = QLabel(self._availability())
        self.availability_label.setWordWrap(True)
        self.availability_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )

        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self._cancel_or_close)

        form = QFormLayout()
        teacher_row = QHBoxLayout()
        teacher_row.addWidget(self.teacher_combo, 1)
        teacher_row.addWidget(self.evaluate_button)
        form.addRow(self.tr("Against the done documents of:"), teacher_row)
        form.addRow(self.tr("Hide recommenders with F1 below:"), self.min_f1_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.availability_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(QLabel(self.tr("Precision, recall and F1 per label")))
        layout.addWidget(self.scores_table, 2)
        layout.addWidget(QLabel(self.tr("Learning curve")))
        layout.addWidget(self.curve_table, 1)
        layout.addWidget(self.hidden_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.evaluate_button.setEnabled(self.teacher_combo.count() > 0)
        self._show_hidden(self.hidden())
        self.resize(720, 560)

    def _availability(self) -> str:
        """Which recommenders run (`suggestions.unavailable`), and for each one that cannot,
        why and how to install what it needs (`recommender_texts.problem_text`)."""
        ready: list[str] = []
        lines: list[str] = []
        for name in RECOMMENDERS:
            try:
                problem = unavailable(name)
                reason = None if problem is None else problem_text(problem)
            except ImportError as err:
                reason = str(err)
            if reason is None:
                ready.append(name)
            else:
                lines.append(
                    self.tr("%1 is not available: %2").replace("%1", name).replace("%2", reason)
                )
        return "\n".join([self.tr("Available: %1").replace("%1", ", ".join(ready)), *lines])

    # ---------------------------------------------------------------- hiding

    def hidden(self) -> frozenset[str]:
        """The recommenders the window does not show (saved in the settings)."""
        return self.settings.hidden_recommenders(self.project.path)

    def _min_f1_changed(self, value: float) -> None:
        self.settings.set_recommender_min_f1(self.project.path, value)
        if self.evaluation is not None:
            self._apply_min_f1()

    def _apply_min_f1(self) -> None:
        """Hide the recommenders the last evaluation scored below the chosen F1."""
        assert self.evaluation is not None
        threshold = self.min_f1_spin.value()
        hidden = frozenset(
            scores.name for scores in self.evaluation.recommenders if scores.f1 < threshold
        )
        changed = hidden != self.hidden()
        self.settings.set_hidden_recommenders(self.project.path, hidden)
        self._show_hidden(hidden)
        self._mark_hidden_rows(hidden)
        if changed:
            self.hiddenChanged.emit(hidden)

    def _show_hidden(self, hidden: frozenset[str]) -> None:
        if hidden:
            self.hidden_label.setText(
                self.tr("Hidden in the article view: %1").replace("%1", ", ".join(sorted(hidden)))
            )
        else:
            self.hidden_label.setText(self.tr("Every recommender's suggestions are shown."))

    def _mark_hidden_rows(self, hidden: frozenset[str]) -> None:
        dim = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        plain = QBrush(self.palette().color(QPalette.ColorRole.Text))
        for row in range(self.scores_table.rowCount()):
            name_item = self.scores_table.item(row, 0)
            name = name_item.data(Qt.ItemDataRole.UserRole) if name_item else None
            for column in range(self.scores_table.columnCount()):
                item = self.scores_table.item(row, column)
                if item is not None:
                    item.setForeground(dim if name in hidden else plain)

    # ---------------------------------------------------------------- results

    def show_evaluation(self, evaluation: Evaluation) -> None:
        """Fill the tables with `evaluation` and hide what falls below the chosen F1."""
        self.evaluation = evaluation
        self.status_label.setText(
            self.tr("%1's done documents: the first %2 train, the other %3 test.")
            .replace("%1", evaluation.teacher)
            .replace("%2", str(evaluation.training_documents))
            .replace("%3", str(evaluation.evaluation_documents))
        )
        rows: list[tuple[str, str, Score]] = []
        overall = self.tr("overall")
        for scores in evaluation.recommenders:
            rows += [(scores.name, label, score) for label, score in scores.labels.items()]
            rows.append((scores.name, overall, scores.overall))
        table = self.scores_table
        table.setRowCount(len(rows))
        for row, (name, label, score) in enumerate(rows):
            cells = [
                name,
                label,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                str(score.support),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if label == overall:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, name)
                table.setItem(row, column, item)
        curve = self.curve_table
        points = evaluation.recommenders[0].curve if evaluation.recommenders else []
        curve.setColumnCount(len(points))
        curve.setHorizontalHeaderLabels(
            [
                f"{point.fraction:.0%}\n"
                + (
                    self.tr("1 document")
                    if point.documents == 1
                    else self.tr("%1 documents").replace("%1", str(point.documents))
                )
                for point in points
            ]
        )
        curve.setRowCount(len(evaluation.recommenders))
        curve.setVerticalHeaderLabels([scores.name for scores in evaluation.recommenders])
        for row, scores in enumerate(evaluation.recommenders):
            for column, point in enumerate(scores.curve):
                item = QTableWidgetItem(f"{point.score.f1:.3f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                curve.setItem(row, column, item)
        self._apply_min_f1()

    # ---------------------------------------------------------------- running

    def is_running(self) -> bool:
        return self._background.running

    def start_evaluation(self) -> bool:
        """Evaluate against the chosen annotator in the background; False if already running."""
        teacher = self.teacher_combo.currentText()
        if self.is_running() or not teacher:
            return False
        job = EvaluationJob(self.project.path, teacher, self.names)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self.progress_bar.setRange(0, 0)  # busy until the first run is done
        self.status_label.setText(self.tr("Training and evaluating…"))
        self.evaluate_button.setEnabled(False)
        self.teacher_combo.setEnabled(False)
        self.close_button.setText(self.tr("Cancel"))
        self._background.start(job)
        return True

    def cancel_evaluation(self) -> None:
        if self._background.running:
            self._background.cancel()
            self.status_label.setText(self.tr("Cancelling…"))

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Recommenders"), message)

    def _cancel_or_close(self) -> None:
        if self.is_running():
            self.cancel_evaluation()
        else:
            self.reject()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    @Slot(object)
    def _on_finished(self, evaluation: Evaluation) -> None:
        self._stop_thread()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.show_evaluation(evaluation)
        self.evaluationFinished.emit(evaluation)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Evaluation failed: %1").replace("%1", message))
        self.show_error(message)
        self.evaluationFailed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._stop_thread()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Evaluation cancelled."))
        self.evaluationCancelled.emit()

    def _stop_thread(self) -> None:
        self._background.stop()
        self.evaluate_button.setEnabled(True)
        self.teacher_combo.setEnabled(True)
        self.close_button.setText(self.tr("Close"))

    def reject(self) -> None:
        """Close (Esc, the window's close button, Close). A run under way is cancelled and let
        go of, never waited for: a training may take a minute to notice; its thread cleans up
        after itself when it ends (`BackgroundJob.let_go`)."""
        job = self._background.job
        if isinstance(job, EvaluationJob):
            for signal in (job.progressed, job.finished, job.failed, job.cancelled):
                signal.disconnect()  # this dialog no longer hears of it
            self._background.let_go()
            self._stop_thread()
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self.status_label.setText(self.tr("Evaluation cancelled."))
            self.evaluationCancelled.emit()
        super().reject()
