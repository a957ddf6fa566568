"""Export dialog: the choices of `annotator export`, run in a background thread.

`ExportDialog(project, parent)` offers the format, which annotations (one annotator, each
annotator, a majority vote, the gold standard), the tag scheme, labels, whether to include the
documents not marked done (off by default, as on the command line; the dialog says how many
documents the choice leaves out before and after exporting), a train/dev/test split and the
CoNLL options, and an output path. Export runs the same code as the
command line (`annotator.exporting.export`) on its own connection to the project file in a
`QThread`, with a progress bar; Cancel stops it and leaves no output (outputs are written under
temporary names and renamed only at the end). The file chooser and message boxes go through
overridable methods (`choose_output`, `show_error`, `show_result`) for tests and embedders.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.camel.translit import SCHEMES as TRANSLIT_SCHEMES
from annotator.errors import AnnotatorError, UsageError
from annotator.exporting import ExportCancelled, ExportOptions, NothingToExport, export
from annotator.exporting.options import LeftOut
from annotator.exporting.select import left_out
from annotator.formats import FORMATS
from annotator.formats.conll import COLUMNS as CONLL_COLUMNS
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.gui.i18n import format_description, joined, number
from annotator.gui.transliteration import scheme_name
from annotator.rules import GOLD, TAG_SCHEMES
from annotator.store import Project, SQLiteError

SCHEMES = ("auto", *TAG_SCHEMES)  # as `annotator export --scheme`
COLUMN_NAMES = {  # the choices of `annotator export --columns` (conll.COLUMNS), shown
    "levels": QT_TRANSLATE_NOOP(
        "export_dialog", "One per nesting level (one column when nothing overlaps)"
    ),
    "labels": QT_TRANSLATE_NOOP("export_dialog", "One per label"),
    "single": QT_TRANSLATE_NOOP("export_dialog", "One column; overlaps by priority:"),
}
COLUMNS = tuple((COLUMN_NAMES[value], value) for value in CONLL_COLUMNS)
INCLUDE_TEXT = QT_TRANSLATE_NOOP("export_dialog", "Include documents not marked done")
GUI_HINT = f"tick “{INCLUDE_TEXT}” to export them"
"""How the dialog tells a user to include the documents not marked done."""


class ExportJob(CancellableJob):
    """Runs one export on its own project connection; lives in a worker thread."""

    progressed = Signal(int, int)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project_path: Path, out: Path, options: ExportOptions) -> None:
        super().__init__()
        self.project_path = project_path
        self.out = out
        self.options = options

    @Slot()
    def run(self) -> None:
        try:
            with Project.open(self.project_path) as project:
                result = export(
                    project,
                    self.out,
                    self.options,
                    progress=self.progressed.emit,
                    cancelled=self._cancel.is_set,
                )
        except ExportCancelled:
            self.cancelled.emit()
        except NothingToExport as err:
            self.failed.emit(err.sentence(GUI_HINT))
        except (AnnotatorError, OSError, SQLiteError) as err:
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"{type(err).__name__}: {err}")
        else:
            self.finished.emit(result)


class ExportDialog(QDialog):
    """Choose what to export and where; run it with progress and Cancel."""

    exportFinished = Signal(object)  # ExportResult
    exportFailed = Signal(str)
    exportCancelled = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Export annotations"))
        self._background = BackgroundJob(self)
        self.result = None
        annotators = project.annotators()
        has_gold = GOLD in project.annotators(role=None)
        labels = [label.name for label in project.labels()]

        self.format_combo = QComboBox()
        for name, info in FORMATS.items():
            if info.can_write:
                shown = format_description(name, info.description)
                self.format_combo.addItem(f"{name} - {shown}", name)

        which = QGroupBox(self.tr("Which annotations"))
        self.annotator_radio = QRadioButton(self.tr("One annotator"))
        self.annotator_combo = QComboBox()
        self.annotator_combo.addItems(annotators)
        self.all_radio = QRadioButton(self.tr("Each annotator (one output each)"))
        self.majority_radio = QRadioButton(self.tr("Majority vote: at least"))
        self.majority_spin = QSpinBox()
        self.majority_spin.setRange(1, max(1, len(annotators)))
        self.majority_spin.setValue(max(1, len(annotators) // 2 + 1))
        self.gold_radio = QRadioButton(self.tr("Gold standard (adjudicated)"))
        self.gold_radio.setEnabled(has_gold)
        self.which_group = QButtonGroup(self)
        for button in (self.annotator_radio, self.all_radio, self.majority_radio, self.gold_radio):
            self.which_group.addButton(button)
        (self.gold_radio if has_gold and not annotators else self.annotator_radio).setChecked(True)
        which_layout = QVBoxLayout(which)
        which_layout.addLayout(_row(self.annotator_radio, self.annotator_combo))
        which_layout.addWidget(self.all_radio)
        which_layout.addLayout(
            _row(
                self.majority_radio,
                self.majority_spin,
                QLabel(self.tr("of {value0}").format(value0=len(annotators))),
            )
        )
        which_layout.addWidget(self.gold_radio)

        self.scheme_combo = QComboBox()
        for scheme in SCHEMES:
            shown = self.tr("Each document's own (else IOB2)") if scheme == "auto" else scheme
            self.scheme_combo.addItem(shown, scheme)
        self.scheme_combo.setToolTip(
            self.tr(
                "Documents imported from a tagged corpus (CoNLL, Hugging Face) keep the scheme "
                "their corpus used; the others are written in IOB2."
            )
        )
        self.translit_combo = QComboBox()  # as `annotator export --translit`
        self.translit_combo.addItem(self.tr("None"), None)
        for scheme in TRANSLIT_SCHEMES:
            self.translit_combo.addItem(scheme_name(scheme), scheme)
        self.translit_combo.setToolTip(
            self.tr(
                "Each token also in Latin letters: a CoNLL column, JSONL fields (the text and "
                "each span), a Hugging Face field (tokens_translit)"
            )
        )
        self.segment_combo = QComboBox()  # as `annotator export --segment`
        self.segment_combo.addItem(self.tr("No (whole words)"), None)
        self.segment_combo.addItem(self.tr("Every clitic apart (D3: و · ب · ال · مدنيين)"), "d3tok")
        self.segment_combo.addItem(
            self.tr("Article kept on its word (ATB: و · ب · المدنيين)"), "atbtok"
        )
        self._has_morphology = _has_morphology()
        if self._has_morphology:
            self.segment_combo.setToolTip(
                self.tr(
                    "Each word cut into its clitic pieces by the morphology database; spans "
                    "stay exact and each piece's word is kept (a CoNLL column, a Hugging Face "
                    "field)"
                )
            )
        else:
            self.segment_combo.setToolTip(
                self.tr(
                    "Needs a morphology database: install one with 'camel_data -i "
                    "morphology-db-msa-r13', or choose a file in Settings > Arabic tools"
                )
            )
        self.labels_list = QListWidget()
        for name in labels:
            item = QListWidgetItem(name)
            item.setCheckState(_checked(True))
            self.labels_list.addItem(item)
        self.labels_list.setMaximumHeight(90)
        self.include_check = QCheckBox(QCoreApplication.translate("export_dialog", INCLUDE_TEXT))
        self.include_check.setToolTip(
            self.tr(
                "Off: only documents marked done (by the annotator; by every voter of a majority "
                "vote). Documents not finished, exported with their missing annotations as O, "
                "teach a model false negatives."
            )
        )
        self.documents_label = QLabel()  # how many documents the choice leaves out
        self.documents_label.setWordWrap(True)

        self.split_check = QCheckBox(self.tr("Split by document into train / dev / test"))
        self.train_spin, self.dev_spin, self.test_spin = (_percent(v) for v in (80, 10, 10))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        split_row = _row(
            self.split_check,
            self.train_spin,
            self.dev_spin,
            self.test_spin,
            QLabel(self.tr("seed")),
            self.seed_spin,
        )

        self.conll_box = QGroupBox(self.tr("CoNLL"))
        self.header_combo = QComboBox()
        self.header_combo.addItem(self.tr("# doc_id comments"), "comment")
        self.header_combo.addItem(self.tr("-DOCSTART- lines"), "docstart")
        self.offsets_check = QCheckBox(self.tr("Offsets column"))
        self.columns_combo = QComboBox()
        for shown, value in COLUMNS:
            shown = QCoreApplication.translate("export_dialog", shown)
            self.columns_combo.addItem(shown, value)
        self.columns_combo.setToolTip(self.tr("The tag columns, the same for the whole file"))
        self.priority_edit = QLineEdit(",".join(labels))
        conll_layout = QVBoxLayout(self.conll_box)
        conll_layout.addLayout(
            _row(QLabel(self.tr("Header")), self.header_combo, self.offsets_check)
        )
        conll_layout.addLayout(
            _row(QLabel(self.tr("Tag columns")), self.columns_combo, self.priority_edit)
        )

        self.out_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(which)
        form.addRow(self.tr("Tag scheme"), self.scheme_combo)
        form.addRow(self.tr("Transliteration"), self.translit_combo)
        form.addRow(self.tr("Clitic pieces"), self.segment_combo)
        self._form = form
        form.addRow(self.tr("Labels"), self.labels_list)
        form.addRow(self.tr("Documents"), self.include_check)
        form.addRow("", self.documents_label)
        form.addRow(split_row)
        form.addRow(self.conll_box)
        form.addRow(self.tr("Output"), _row(self.out_edit, self.browse_button))

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.summary_view = QPlainTextEdit()
        self.summary_view.setReadOnly(True)
        self.summary_view.setMaximumHeight(120)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.summary_view)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self._has_gold = has_gold
        self._inputs: list[QWidget] = [
            self.format_combo,
            which,
            self.scheme_combo,
            self.translit_combo,
            self.segment_combo,
            self.labels_list,
            self.include_check,
            self.split_check,
            self.train_spin,
            self.dev_spin,
            self.test_spin,
            self.seed_spin,
            self.conll_box,
            self.out_edit,
            self.browse_button,
            self.export_button,
        ]
        self.format_combo.currentIndexChanged.connect(self._update_enabled)
        self.split_check.toggled.connect(self._update_enabled)
        self.columns_combo.currentIndexChanged.connect(self._update_enabled)
        self.translit_combo.currentIndexChanged.connect(self._update_enabled)
        self.which_group.buttonToggled.connect(self._update_enabled)
        self.which_group.buttonToggled.connect(
            lambda _button, on: self._update_documents() if on else None
        )
        self.annotator_combo.currentIndexChanged.connect(self._update_documents)
        self.include_check.toggled.connect(self._update_documents)
        self._update_enabled()
        self._update_documents()

    # ---------------------------------------------------------------- choices

    def set_format(self, name: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(name))

    def selected_format(self) -> str:
        return str(self.format_combo.currentData())

    def selected_labels(self) -> list[str]:
        items = [self.labels_list.item(row) for row in range(self.labels_list.count())]
        return [item.text() for item in items if item.checkState() == _checked(True)]

    def set_labels(self, names: list[str]) -> None:
        for row in range(self.labels_list.count()):
            item = self.labels_list.item(row)
            item.setCheckState(_checked(item.text() in names))

    def options(self) -> ExportOptions:
        """The export options the widgets describe; UsageError when they are incomplete."""
        fmt = self.selected_format()
        labels = self.selected_labels()
        if not labels:
            raise UsageError(self.tr("choose at least one label"))
        all_labels = self.labels_list.count() == len(labels)
        options = self.chosen_documents()
        options.format = fmt
        options.labels = None if all_labels else labels
        options.scheme = str(self.scheme_combo.currentData())
        options.header = str(self.header_combo.currentData())
        options.offsets = self.offsets_check.isChecked()
        if "translit" in FORMATS[fmt].writer_options:
            options.translit = self.translit_combo.currentData()
        if "segment" in FORMATS[fmt].writer_options and self._has_morphology:
            options.segment = self.segment_combo.currentData()
        options.columns = str(self.columns_combo.currentData())
        options.seed = self.seed_spin.value()
        if options.columns == "single":
            options.priority = [
                p.strip() for p in self.priority_edit.text().split(",") if p.strip()
            ]
        if self.split_check.isChecked():
            options.split = (self.train_spin.value(), self.dev_spin.value(), self.test_spin.value())
            if sum(options.split) != 100:
                raise UsageError(
                    self.tr("the split must add up to 100%, not {value0}%").format(
                        value0=sum(options.split)
                    )
                )
        return options

    def chosen_documents(self) -> ExportOptions:
        """Options holding only whose annotations and which documents the widgets choose."""
        options = ExportOptions(include_unfinished=self.include_check.isChecked())
        if self.annotator_radio.isChecked():
            if not self.annotator_combo.currentText():
                raise UsageError(self.tr("the project has no annotator to export"))
            options.annotator = self.annotator_combo.currentText()
        elif self.all_radio.isChecked():
            options.all_annotators = True
        elif self.majority_radio.isChecked():
            options.majority = self.majority_spin.value()
        else:
            options.gold = True
        return options

    def output_path(self) -> Path:
        text = self.out_edit.text().strip()
        if not text:
            raise UsageError(self.tr("choose where to write the export"))
        return Path(text)

    # ---------------------------------------------------------------- overridable dialogs

    def choose_output(self) -> str | None:
        """Ask for the output path (a folder for brat); None if the user gave up."""
        fmt = FORMATS[self.selected_format()]
        if fmt.folder:
            path = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"))
        else:
            suffix = fmt.suffix.lstrip(".")
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export to"),
                self.tr("export{suffix}").format(suffix=fmt.suffix),
                self.tr("{name} (*.{suffix});;All (*)").format(name=fmt.name, suffix=suffix),
            )
        return path or None

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Export"), message)

    def show_result(self, summary: str) -> None:
        self.summary_view.setPlainText(summary)

    # ---------------------------------------------------------------- running

    def is_running(self) -> bool:
        return self._background.running

    def start_export(self) -> bool:
        """Start exporting with the current choices; False (error shown) if they are bad."""
        if self.is_running():
            return False
        try:
            options = self.options()
            out = self.output_path()
        except AnnotatorError as err:
            self.show_error(str(err))
            return False
        self.result = None
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.summary_view.setPlainText(self.tr("exporting…"))
        job = ExportJob(self.project.path, out, options)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._set_inputs_enabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self._background.start(job)
        return True

    def cancel_export(self) -> None:
        if self._background.running:
            self._background.cancel()
            self.summary_view.setPlainText(self.tr("cancelling…"))

    def _cancel_or_close(self) -> None:
        if self.is_running():
            self.cancel_export()
        else:
            self.reject()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done if total else 1)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._stop_thread()
        self.result = result
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.show_result(result.summary(GUI_HINT))  # type: ignore[attr-defined]
        self.cancel_button.setText(QCoreApplication.translate("export_dialog", "Close"))
        self.exportFinished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.summary_view.setPlainText(
            QCoreApplication.translate("export_dialog", "export failed: {message}").format(
                message=message
            )
        )
        self.show_error(message)
        self.exportFailed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._stop_thread()
        self.progress_bar.setValue(0)
        self.summary_view.setPlainText(
            QCoreApplication.translate("export_dialog", "export cancelled; nothing was written")
        )
        self.exportCancelled.emit()

    def _stop_thread(self) -> None:
        self._background.stop()
        self._set_inputs_enabled(True)

    def reject(self) -> None:
        if self.is_running():  # closing the window cancels, and waits for the clean-up
            self.cancel_export()
            self._background.wait()
        super().reject()

    def _browse(self) -> None:
        path = self.choose_output()
        if path:
            self.out_edit.setText(path)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(enabled)
        if enabled:
            self._update_enabled()

    def _update_documents(self, *_: object) -> None:
        """Say how many documents the current choice leaves out, and why."""
        try:
            options = self.chosen_documents()
            dropped = left_out(self.project, options)
        except AnnotatorError:
            self.documents_label.setText("")
            return
        if options.include_unfinished:
            text = self.tr("Every document, finished or not.")
        elif dropped:
            text = joined(self._left_out_text(item) for item in dropped) + "."
        else:
            text = self.tr("Every document is marked done.")
        self.documents_label.setText(text)

    def _left_out_text(self, item: LeftOut) -> str:
        """`item`'s sentence, translated in the common case (one annotator's unfinished
        documents); the core's English otherwise."""
        if item.annotator is not None and item.reason == f"not marked done by {item.annotator}":
            if item.documents == 1:
                text = self.tr("1 document not marked done by {annotator} left out")
            else:
                text = self.tr("{count} documents not marked done by {annotator} left out")
            return text.format(count=number(item.documents), annotator=item.annotator)
        return item.sentence()

    def _update_enabled(self, *_: object) -> None:
        takes = FORMATS[self.selected_format()].writer_options
        self.scheme_combo.setEnabled("scheme" in takes)
        self._form.setRowVisible(self.translit_combo, "translit" in takes)
        self._form.setRowVisible(self.segment_combo, "segment" in takes)
        self.segment_combo.setEnabled(self._has_morphology)
        self.conll_box.setEnabled("header" in takes)
        # -DOCSTART- files name no columns: a transliteration column needs the '# columns' header
        # (the export refuses the pair), so the pair cannot be chosen
        transliterated = "translit" in takes and self.translit_combo.currentData() is not None
        docstart = self.header_combo.findData("docstart")
        item = self.header_combo.model().item(docstart)  # type: ignore[attr-defined]
        item.setEnabled(not transliterated)
        if transliterated and self.header_combo.currentIndex() == docstart:
            self.header_combo.setCurrentIndex(self.header_combo.findData("comment"))
        single = self.columns_combo.currentData() == "single"
        self.priority_edit.setEnabled("columns" in takes and single)
        for spin in (self.train_spin, self.dev_spin, self.test_spin, self.seed_spin):
            spin.setEnabled(self.split_check.isChecked())
        self.annotator_combo.setEnabled(self.annotator_radio.isChecked())
        self.majority_spin.setEnabled(self.majority_radio.isChecked())
        self.gold_radio.setEnabled(self._has_gold)


def _has_morphology() -> bool:
    """Whether a morphology database is set or installed (`--segment` needs one); a damaged
    Arabic tools file counts as none (the Arabic tools dialog says what is wrong)."""
    from annotator.camel.config import load_config
    from annotator.camel.inventory import morphology_choice
    from annotator.errors import AnnotatorError

    try:
        chosen = load_config()
    except AnnotatorError:
        return False
    return morphology_choice(chosen).problem is None  # the inventory's rule, as the app's


def _row(*widgets: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    return layout


def _percent(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setSuffix("%")
    spin.setValue(value)
    return spin


def _checked(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
