"""File > Import…: the choices of `annotator import`, run in a background thread.

`ImportDialog(project, annotator, parent)` takes files or folders, the format (plain text, or
any format whose `FormatInfo.can_read`; guessed from the inputs' suffixes by `guess_format`,
and the user may change it), whose annotations an annotated corpus holds (the current
annotator by default) and the options of the command line: clean, strip invisible marks, the
largest document, stop at the first problem or skip bad documents, and for an annotated
corpus its encoding and the reader's own options (`FormatInfo.reader_options`, each offered by
a widget of `READER_OPTIONS` while that format is chosen), or "As their suggestions" with a
recommender name (`--as-suggestions`, `--recommender`: a model's output becomes the
annotator's suggestions). It runs the same code as the command line
(`importing_plain.import_documents`, `importing.import_annotated`,
`importing_suggestions.import_suggestions`: the store's one importer) on its own connection to
the project file in a `QThread`, with progress.

An import is not an undo step: it is one store transaction that may add thousands of
documents, and the store has no way to take documents out again. So before it writes, the job
takes a "before import" snapshot (`store.backups`), which File > Backups… restores (a restore
is itself undoable). Cancel stops the import inside its transaction, which is rolled back: the
project is left as it was. The report lists what was added, the duplicates, what the reader
tolerated (warnings, skipped items with file and line, its counts, the tag scheme it
detected), the invisible marks found (kept or removed), what cleaning removed and the files of
a folder it ignored. An error names file and line; nothing of the import is written then.

With cleaning on, for plain text, the "What cleaning removes" tab previews it before anything
is imported: for the chosen files (the first `PREVIEW_DOCUMENTS` documents), each line
cleaning would remove, with its line number and the name of the rule that removes it
(`preview_cleaning`: `plaintext.cleaning_previews`, by the rules of `formats.cleaning`; the
blank-looking lines its `LAYOUT_RULES` remove are counted, not listed).

File > Import annotated data… opens the same dialog with `annotated=True`: the annotated
formats only (plain text is not offered).

The file choosers and the error box are overridable methods (`choose_files`, `choose_folder`,
`show_error`) for tests and embedders.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError, BatchError, InputError, UsageError
from annotator.formats import FORMATS, FormatInfo, Notice, sniff
from annotator.formats._common import DEFAULT_ENCODING
from annotator.formats.cleaning import ARCLEAN, LAYOUT_RULES, RULES
from annotator.formats.plaintext import (
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    BadInput,
    DocumentPreview,
    cleaning_previews,
    marks_summary,
)
from annotator.gui.background import BackgroundJob, CancellableJob
from annotator.gui.i18n import format_description
from annotator.gui.shown_paths import shown_notice, shown_path
from annotator.importing import AnnotatedImportReport, import_annotated
from annotator.importing_plain import DocumentImportReport, import_documents
from annotator.importing_suggestions import (
    DEFAULT_RECOMMENDER,
    SuggestionImportReport,
    import_suggestions,
)
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES
from annotator.rules import GOLD
from annotator.store import Project, SQLiteError, backups

MB = 1024 * 1024
PLAIN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES
ENCODINGS = (DEFAULT_ENCODING, "windows-1256", "utf-16")  # offered; any codec may be typed
# The widget of each reader option (`FormatInfo.reader_options`): its label and its kind,
# "flag" (a check box: True when checked), "text" (a line edit: given when not empty) or
# "names" (a line edit of comma-separated names: a list).
READER_OPTIONS: dict[str, tuple[str, str]] = {
    "text_key": (QT_TRANSLATE_NOOP("ImportDialog", "Key of the text (default text)"), "text"),
    "label_key": (
        QT_TRANSLATE_NOOP("ImportDialog", "Key of the [start, end, label] lists (default label)"),
        "text",
    ),
    "tag_names": (
        QT_TRANSLATE_NOOP(
            "ImportDialog", "Tag of each tag id, in id order (default: labels.json beside it)"
        ),
        "names",
    ),
    "completed_by": (
        QT_TRANSLATE_NOOP("ImportDialog", "Only the annotations of this user (id or email)"),
        "text",
    ),
    "fix_utf16": (
        QT_TRANSLATE_NOOP(
            "ImportDialog", "Move spans whose offsets count UTF-16 code units (each reported)"
        ),
        "flag",
    ),
    "split_discontinuous": (
        QT_TRANSLATE_NOOP("ImportDialog", "Import each fragment of a discontinuous span as a span"),
        "flag",
    ),
}
# Reader counts that are the import's own figures, not something the reader tolerated.
_FIGURES = ("documents", "spans", "relations", "sentences", "tokens")
_MAX_LISTED = 1000  # items listed under one heading of the report
_SCAN_LIMIT = 5000  # files looked at in a folder to guess its format
_SNIFF_LIMIT = 20  # files whose first bytes are read for a format's signature
_PROGRESS_SECONDS = 0.1  # the job reports progress at most this often
PREVIEW_DOCUMENTS = 200  # documents the cleaning preview reads


# ---------------------------------------------------------------------------- choices


def readable_formats() -> list[FormatInfo]:
    """The formats an import can read, in `FORMATS` order."""
    return [info for info in FORMATS.values() if info.can_read]


def guess_format(paths: Iterable[str | Path]) -> str | None:
    """The format the inputs look like (None: plain text): a file that begins with a format's
    signature (`formats.sniff`: WebAnno TSV's first line) is that format's; otherwise each file
    (a folder: the files in it) votes for the formats that read its suffix
    (`FormatInfo.read_suffixes`, and the `companion_suffixes` read beside them), a suffix
    that fewer formats read weighing more; plain text wins a tie, then `FORMATS` order."""
    suffixes: Counter[str] = Counter()
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for count, file in enumerate(found):
                if count >= _SCAN_LIMIT:
                    break
                suffixes[file.suffix.lower()] += 1
                files.append(file)
        else:
            suffixes[path.suffix.lower()] += 1
            files.append(path)
    for file in files[:_SNIFF_LIMIT]:
        if (named := sniff(file)) is not None:
            return named
    readers: dict[str | None, tuple[str, ...]] = {None: PLAIN_SUFFIXES}
    readers.update(
        (info.name, info.read_suffixes + info.companion_suffixes) for info in readable_formats()
    )
    scores: dict[str | None, float] = dict.fromkeys(readers, 0.0)
    for suffix, count in suffixes.items():
        claimants = [name for name, read in readers.items() if suffix in read]
        for name in claimants:
            scores[name] += count / len(claimants)
    best = max(scores.values())
    if best == 0:
        return None
    return next(name for name, score in scores.items() if score == best)


@dataclass(frozen=True)
class ImportRequest:
    """One import, as the command line takes it: `format` None imports plain text (which
    detects its encoding and takes no annotator, encoding or reader options)."""

    paths: tuple[Path, ...]
    format: str | None = None
    annotator: str = ""
    done: bool = False
    clean: bool = False
    strip_marks: bool = False
    arclean: bool = False  # camel-tools' arclean character map after the other cleaning
    skip_bad: bool = False
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    encoding: str = DEFAULT_ENCODING
    options: dict[str, Any] = field(default_factory=dict)  # the reader's (annotated data)
    as_suggestions: bool = False  # the spans become the annotator's suggestions
    recommender: str = DEFAULT_RECOMMENDER  # ... of spans whose file names no model


@dataclass
class ImportOutcome:
    """What an import did: its report, and the snapshot taken before it (None: none could
    be taken, `backup_problem` says why)."""

    request: ImportRequest
    report: DocumentImportReport | AnnotatedImportReport | SuggestionImportReport
    snapshot: backups.Snapshot | None = None
    backup_problem: str = ""

    @property
    def document_ids(self) -> list[int]:
        return list(self.report.document_ids)

    @property
    def labels_added(self) -> list[str]:
        report = self.report
        if isinstance(report, AnnotatedImportReport | SuggestionImportReport):
            return list(report.labels_added)
        return []


class ImportCancelled(Exception):
    """Raised inside the import's transaction when the user cancels: it is rolled back."""


def run_import(
    project: Project,
    request: ImportRequest,
    *,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
) -> DocumentImportReport | AnnotatedImportReport | SuggestionImportReport:
    """Run `request` on `project` exactly as `annotator import` does. `progress(n)`: n more
    documents (plain text: inputs) done; raising from it rolls the whole import back."""
    if not request.paths:
        raise UsageError(
            QCoreApplication.translate("import_dialog", "choose the files or folders to import")
        )
    if request.format is None:
        return import_documents(
            project,
            request.paths,
            clean=request.clean,
            strip_marks=request.strip_marks,
            arclean=request.arclean,
            skip_bad=request.skip_bad,
            max_bytes=request.max_bytes,
            progress=progress,
            on_total=on_total,
        )
    if on_total is not None:
        on_total(None)
    common: dict[str, Any] = dict(
        annotator=request.annotator,
        skip_bad=request.skip_bad,
        clean=request.clean,
        strip_marks=request.strip_marks,
        arclean=request.arclean,
        max_bytes=request.max_bytes,
        progress=progress,
        encoding=request.encoding,
        **request.options,
    )
    if request.as_suggestions:
        return import_suggestions(
            project, request.paths, request.format, recommender=request.recommender, **common
        )
    return import_annotated(project, request.paths, request.format, done=request.done, **common)


# ---------------------------------------------------------------------------- cleaning preview


@dataclass(frozen=True)
class CleaningPreview:
    """What cleaning would remove from the documents of the chosen inputs (the first
    `limit`; `truncated` when there are more), and the inputs that cannot be read."""

    documents: list[DocumentPreview]
    truncated: bool
    unreadable: list[BadInput]

    def totals(self) -> Counter[str]:
        return Counter(removed.rule for doc in self.documents for removed in doc.removed)


_NOT_ASCII = re.compile("[^\x00-\x7f«»→×]+")


def _ltr(changes: str) -> str:
    """An arclean preview line («U+060C «،» → «,» ×3, ...») shown left to right, each
    character between guillemets isolated (FSI...PDI) so that its Arabic does not reorder the
    arrows and counts around it."""
    return "\u2066" + _NOT_ASCII.sub(lambda m: f"\u2068{m.group()}\u2069", changes) + "\u2069"


def preview_cleaning(
    paths: Iterable[str | Path],
    *,
    limit: int = PREVIEW_DOCUMENTS,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    arclean: bool = False,
    strip_marks: bool = False,
    lines: bool = True,
) -> CleaningPreview:
    """`plaintext.cleaning_previews` of the plain-text inputs `paths` (read as `annotator
    import` reads them, nothing imported), for the first `limit` documents; `arclean`: with
    the lines the arclean map changes and what it changes (marks first gone with
    `strip_marks`)."""
    documents: list[DocumentPreview] = []
    unreadable: list[BadInput] = []
    for item in cleaning_previews(
        paths, max_bytes=max_bytes, arclean=arclean, strip_marks=strip_marks, lines=lines
    ):
        if isinstance(item, BadInput):
            unreadable.append(item)
        elif len(documents) == limit:
            return CleaningPreview(documents, True, unreadable)
        else:
            documents.append(item)
    return CleaningPreview(documents, False, unreadable)


# ---------------------------------------------------------------------------- the job


class ImportJob(CancellableJob):
    """Takes the "before import" snapshot, then runs one import on its own project
    connection; lives in a worker thread."""

    stage = Signal(str)  # "backup", "import"
    progressed = Signal(int, int)  # done, total (-1: unknown)
    finished = Signal(object)  # ImportOutcome
    failed = Signal(object)  # the exception (AnnotatorError, OSError, ...)
    cancelled = Signal()

    def __init__(self, project_path: Path, request: ImportRequest) -> None:
        super().__init__()
        self.project_path = project_path
        self.request = request
        self._done = 0
        self._total = -1
        self._shown_at = 0.0

    def _check(self) -> None:
        if self._cancel.is_set():
            raise ImportCancelled

    def _progress(self, count: int) -> None:
        self._check()
        self._done += count
        now = time.monotonic()
        if now - self._shown_at >= _PROGRESS_SECONDS:
            self._shown_at = now
            self.progressed.emit(self._done, self._total)

    def _set_total(self, total: int | None) -> None:
        self._total = -1 if total is None else total
        self.progressed.emit(self._done, self._total)

    @Slot()
    def run(self) -> None:
        try:
            self.stage.emit("backup")
            snapshot, problem = None, ""
            try:
                snapshot = backups.take_snapshot(self.project_path, backups.BEFORE_IMPORT)
            except (AnnotatorError, OSError, SQLiteError) as err:
                problem = str(err)
            self._check()
            self.stage.emit("import")
            with Project.open(self.project_path) as project:
                report = run_import(
                    project, self.request, progress=self._progress, on_total=self._set_total
                )
        except ImportCancelled:
            self.cancelled.emit()
        except (AnnotatorError, OSError, SQLiteError) as err:
            self.failed.emit(err)
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(RuntimeError(f"{type(err).__name__}: {err}"))
        else:
            self.progressed.emit(self._done, self._total)
            self.finished.emit(ImportOutcome(self.request, report, snapshot, problem))


# ---------------------------------------------------------------------------- the dialog


class ImportDialog(QDialog):
    """Choose what to import and how; run it with progress and Cancel; show the report."""

    importFinished = Signal(object)  # ImportOutcome
    importFailed = Signal(object)  # the exception
    importCancelled = Signal()

    def __init__(
        self,
        project: Project,
        annotator: str,
        parent: QWidget | None = None,
        *,
        annotated: bool = False,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.annotated_only = annotated
        self.setWindowTitle(self.tr("Import annotated data") if annotated else self.tr("Import"))
        self._background = BackgroundJob(self)
        self.outcome: ImportOutcome | None = None
        self.error: BaseException | None = None

        self.paths_list = QListWidget()
        self.paths_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.paths_list.setMinimumHeight(60)
        self.paths_list.setMaximumHeight(90)
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.add_files_button.clicked.connect(self._add_files)
        self.add_folder_button.clicked.connect(self._add_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        path_buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            path_buttons.addWidget(button)
        path_buttons.addStretch(1)
        paths_row = QHBoxLayout()
        paths_row.addWidget(self.paths_list, 1)
        paths_row.addLayout(path_buttons)

        self.format_combo = QComboBox()
        if not annotated:
            self.format_combo.addItem(
                self.tr("Plain text: .txt files, folders, JSONL of texts (encoding detected)"), ""
            )
        for info in readable_formats():
            shown = format_description(info.name, info.description)
            self.format_combo.addItem(f"{info.name} – {shown}", info.name)

        self.annotated_box = QGroupBox(self.tr("Annotated corpus"))
        self.annotator_combo = QComboBox()
        self.annotator_combo.setEditable(True)
        names = [annotator, *project.annotators()]
        if GOLD in project.annotators(role=None):
            names.append(GOLD)
        self.annotator_combo.addItems(list(dict.fromkeys(n for n in names if n)))
        self.annotator_combo.setCurrentText(annotator)
        self.done_check = QCheckBox(self.tr("Mark the imported documents done for them"))
        self.suggestions_check = QCheckBox(
            self.tr(
                "As their suggestions, not annotations (a model's output: Label Studio "
                "predictions, JSONL with scores)"
            )
        )
        self.recommender_edit = QLineEdit()
        self.recommender_edit.setPlaceholderText(DEFAULT_RECOMMENDER)
        self.recommender_edit.setToolTip(
            self.tr("The recommender of spans whose file names no model (Label Studio's do)")
        )
        self.encoding_combo = QComboBox()
        self.encoding_combo.setEditable(True)  # any Python codec name
        self.encoding_combo.addItems(ENCODINGS)
        self.annotated_form = QFormLayout(self.annotated_box)
        self.annotated_form.addRow(self.tr("Annotations of"), self.annotator_combo)
        self.annotated_form.addRow(self.done_check)
        self.annotated_form.addRow(self.suggestions_check)
        self.annotated_form.addRow(self.tr("Recommender"), self.recommender_edit)
        self.annotated_form.addRow(self.tr("Encoding"), self.encoding_combo)
        self.option_widgets: dict[str, QCheckBox | QLineEdit] = {}
        for name, (label, kind) in READER_OPTIONS.items():
            if kind == "flag":
                box = QCheckBox(self.tr(label))
                self.option_widgets[name] = box
                self.annotated_form.addRow(box)
            else:
                edit = QLineEdit()
                if kind == "names":
                    edit.setPlaceholderText(self.tr("comma-separated, e.g. O,B-PER,I-PER"))
                self.option_widgets[name] = edit
                self.annotated_form.addRow(self.tr(label), edit)

        self.clean_check = QCheckBox(
            self.tr("Clean scraper residue (ads, comment forms, view counters, related headlines…)")
        )
        self.strip_marks_check = QCheckBox(
            self.tr("Remove invisible marks (LRM, RLM, ALM, BOM…; spans keep their characters)")
        )
        self.arclean_check = QCheckBox(
            self.tr(
                "Map characters by camel-tools' arclean (tashkeel and tatweel removed, Arabic "
                "punctuation and digits to ASCII, other scripts removed…)"
            )
        )
        self.max_size_spin = QDoubleSpinBox()
        self.max_size_spin.setRange(0.1, 10_000)
        self.max_size_spin.setDecimals(1)
        self.max_size_spin.setSuffix(self.tr(" MB"))
        self.max_size_spin.setValue(DEFAULT_MAX_DOCUMENT_BYTES / MB)
        self.stop_radio = QRadioButton(self.tr("Stop at the first problem: import nothing"))
        self.skip_radio = QRadioButton(self.tr("Skip bad documents and list them"))
        self.problem_group = QButtonGroup(self)
        self.problem_group.addButton(self.stop_radio)
        self.problem_group.addButton(self.skip_radio)
        self.stop_radio.setChecked(True)

        form = QFormLayout()
        form.addRow(self.tr("Files and folders"), paths_row)
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow(self.annotated_box)
        form.addRow(self.clean_check)
        form.addRow(self.strip_marks_check)
        form.addRow(self.arclean_check)
        form.addRow(self.tr("Largest document"), self.max_size_spin)
        problems = QHBoxLayout()
        problems.addWidget(self.stop_radio)
        problems.addWidget(self.skip_radio)
        problems.addStretch(1)
        form.addRow(self.tr("On a problem"), problems)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.report_tree = QTreeWidget()
        self.report_tree.setHeaderHidden(True)
        self.report_tree.setMinimumHeight(170)
        self.preview_tree = QTreeWidget()
        self.preview_tree.setColumnCount(3)
        self.preview_tree.setHeaderLabels([self.tr("Line"), self.tr("Rule"), self.tr("Removed")])
        self.preview_tree.setMinimumHeight(170)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        preview_page = QWidget()
        preview_column = QVBoxLayout(preview_page)
        preview_column.setContentsMargins(0, 4, 0, 0)
        preview_column.addWidget(self.preview_label)
        preview_column.addWidget(self.preview_tree, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.report_tree, self.tr("Report"))
        self.tabs.addTab(preview_page, self.tr("What cleaning removes"))
        header = self.report_tree.header()  # long lines scroll sideways
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.undo_label = QLabel()
        self.undo_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self._cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.undo_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self._inputs: list[QWidget] = [
            self.paths_list,
            self.add_files_button,
            self.add_folder_button,
            self.remove_button,
            self.format_combo,
            self.annotated_box,
            self.clean_check,
            self.strip_marks_check,
            self.arclean_check,
            self.max_size_spin,
            self.stop_radio,
            self.skip_radio,
            self.import_button,
        ]
        self._format_chosen = False  # by the user: no more guessing
        self.format_combo.activated.connect(self._format_activated)
        self.format_combo.currentIndexChanged.connect(self._update_enabled)
        self.suggestions_check.toggled.connect(self._update_enabled)
        self.format_combo.currentIndexChanged.connect(self.update_preview)
        self.clean_check.toggled.connect(self.update_preview)
        self.clean_check.toggled.connect(self._show_preview_tab)
        self.arclean_check.toggled.connect(self.update_preview)
        self.arclean_check.toggled.connect(self._show_preview_tab)
        self.strip_marks_check.toggled.connect(self.update_preview)
        self._update_enabled()
        self.update_preview()
        self.resize(800, 760)

    # ---------------------------------------------------------------- choices

    def paths(self) -> list[Path]:
        items = (self.paths_list.item(row) for row in range(self.paths_list.count()))
        return [Path(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        """Add inputs (each once) and choose the format they look like (`guess_format`)
        unless the user chose one."""
        known = {str(path) for path in self.paths()}
        for path in paths:
            if str(path) not in known:
                item = QListWidgetItem(shown_path(path))
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                self.paths_list.addItem(item)
                known.add(str(path))
        if not self._format_chosen:
            self.set_format(guess_format(self.paths()))
        self.update_preview()

    def set_format(self, name: str | None) -> None:
        """Choose format `name` (None: plain text; not offered for annotated data only, where
        the choice stays as it is)."""
        index = self.format_combo.findData(name or "")
        if index >= 0:
            self.format_combo.setCurrentIndex(index)

    def selected_format(self) -> FormatInfo | None:
        name = str(self.format_combo.currentData() or "")
        return FORMATS[name] if name else None

    def request(self) -> ImportRequest:
        """The import the widgets describe; UsageError when it is incomplete."""
        paths = tuple(self.paths())
        if not paths:
            raise UsageError(self.tr("choose the files or folders to import"))
        info = self.selected_format()
        common: dict[str, Any] = {
            "paths": paths,
            "clean": self.clean_check.isChecked(),
            "strip_marks": self.strip_marks_check.isChecked(),
            "arclean": self.arclean_check.isChecked(),
            "skip_bad": self.skip_radio.isChecked(),
            "max_bytes": int(self.max_size_spin.value() * MB),
        }
        if info is None:
            return ImportRequest(**common)
        annotator = self.annotator_combo.currentText().strip()
        if not annotator:
            raise UsageError(self.tr("say whose annotations they are (an annotator name)"))
        encoding = self.encoding_combo.currentText().strip()
        if not encoding:
            raise UsageError(self.tr("name the encoding of the files (e.g. utf-8)"))
        as_suggestions = self.suggestions_check.isChecked()
        return ImportRequest(
            **common,
            format=info.name,
            annotator=annotator,
            done=self.done_check.isChecked() and not as_suggestions,
            encoding=encoding,
            options=self.reader_options(info),
            as_suggestions=as_suggestions,
            recommender=self.recommender_edit.text().strip() or DEFAULT_RECOMMENDER,
        )

    def reader_options(self, info: FormatInfo) -> dict[str, Any]:
        """The options the widgets give the format's reader (its `reader_options`), as the
        command line passes them: a flag when checked, a text when not empty."""
        options: dict[str, Any] = {}
        for name in info.reader_options:
            widget = self.option_widgets.get(name)  # READER_OPTIONS has them all (a test)
            if widget is None:
                continue
            if isinstance(widget, QCheckBox):
                if widget.isChecked():
                    options[name] = True
                continue
            text = widget.text().strip()
            if not text:
                continue
            if READER_OPTIONS[name][1] == "names":
                names = [part.strip() for part in text.split(",")]
                if not all(names):
                    raise UsageError(self.tr("an empty name in {0}").format(text))
                options[name] = names
            else:
                options[name] = text
        return options

    # ---------------------------------------------------------------- overridable dialogs

    def choose_files(self) -> list[str]:
        """Ask for files to import; [] if the user gave up."""
        folder = str(self.project.path.parent)
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"), folder)
        return paths

    def choose_folder(self) -> str | None:
        """Ask for a folder to import; None if the user gave up."""
        folder = str(self.project.path.parent)
        return QFileDialog.getExistingDirectory(self, self.tr("Import a folder"), folder) or None

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Import"), message)

    # ---------------------------------------------------------------- running

    def is_running(self) -> bool:
        return self._background.running

    def start_import(self) -> bool:
        """Start importing with the current choices; False (error shown) if they are bad."""
        if self.is_running():
            return False
        try:
            request = self.request()
        except AnnotatorError as err:
            self.show_error(str(err))
            return False
        self.outcome = None
        self.error = None
        self.report_tree.clear()
        self.undo_label.clear()
        self.progress_bar.setRange(0, 0)  # busy until the total is known
        job = ImportJob(self.project.path, request)
        job.stage.connect(self._on_stage)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._set_inputs_enabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self._background.start(job)
        return True

    def cancel_import(self) -> None:
        if self._background.running:
            self._background.cancel()
            self.status_label.setText(self.tr("Cancelling…"))

    def _cancel_or_close(self) -> None:
        if self.is_running():
            self.cancel_import()
        else:
            self.reject()

    @Slot(str)
    def _on_stage(self, stage: str) -> None:
        if stage == "backup":
            self.status_label.setText(self.tr("Taking a snapshot of the project first…"))
        else:
            self.status_label.setText(self.tr("Importing…"))

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if total >= 0:
            self.progress_bar.setRange(0, max(total, 1))
            self.progress_bar.setValue(min(done, max(total, 1)))
            text = self.tr("Importing… {0:,} of {1:,} inputs").format(done, total)
        else:
            text = self.tr("Importing… {0:,} documents").format(done)
        self.status_label.setText(text)

    @Slot(object)
    def _on_finished(self, outcome: ImportOutcome) -> None:
        self._stop_thread()
        self.outcome = outcome
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.status_label.setText(self.tr("Import finished."))
        self.show_report(outcome)
        self.cancel_button.setText(self.tr("Close"))
        self.importFinished.emit(outcome)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._stop_thread()
        self.error = error
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Import failed: nothing was imported."))
        self.show_failure(error)
        self.show_error(str(error))
        self.importFailed.emit(error)

    @Slot()
    def _on_cancelled(self) -> None:
        self._stop_thread()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(
            self.tr("Import cancelled: nothing was imported; the project is as it was.")
        )
        self.importCancelled.emit()

    def _stop_thread(self) -> None:
        self._background.stop()
        self._set_inputs_enabled(True)

    def reject(self) -> None:
        if self.is_running():  # closing the window cancels, and waits for the roll-back
            self.cancel_import()
            self._background.wait()
        super().reject()

    # ---------------------------------------------------------------- the report

    def report_lines(self) -> list[str]:
        """The report as shown, one line per item, children indented (for tests, copying)."""
        lines: list[str] = []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            lines.append("  " * depth + item.text(0))
            for index in range(item.childCount()):
                walk(item.child(index), depth + 1)

        for index in range(self.report_tree.topLevelItemCount()):
            walk(self.report_tree.topLevelItem(index), 0)
        return lines

    def show_report(self, outcome: ImportOutcome) -> None:
        """What the import did, as a list with a heading per kind of item, and why it cannot
        be undone."""
        self.report_tree.clear()
        report = outcome.report
        if isinstance(report, SuggestionImportReport):
            self._suggestions_report(report)
            report = report.documents  # what reading and cleaning found
            self._reader_report(report)
        elif isinstance(report, AnnotatedImportReport):
            self._annotated_report(report)
        else:
            self._plain_report(report)
        self._marks(report.marks, report.marks_totals, report.marks_stripped)
        if isinstance(report, AnnotatedImportReport):
            self._notices(self.tr("Warnings"), report.reader.warnings)
            self._notices(self.tr("Skipped"), report.reader.skipped)
            self._notices(self.tr("Documents left out"), report.rejected)
            self._paths(self.tr("Files of the folders ignored (not the format's)"), report.ignored)
        else:
            bad = [Notice(error.path, error.line, error.message) for error in report.bad]
            self._notices(self.tr("Bad inputs skipped"), bad)
        if outcome.snapshot is not None:
            taken = outcome.snapshot.taken_at.astimezone().strftime("%H:%M:%S")
            undo = self.tr(
                "Not undoable with Edit > Undo. A snapshot of the project taken just before it "
                "({0}, “before import”) can be restored with File > Backups…"
            ).format(taken)
        else:
            undo = self.tr(
                "Not undoable with Edit > Undo, and no snapshot could be taken before it: {0}"
            ).format(outcome.backup_problem)
        self.undo_label.setText(undo)
        self.report_tree.expandAll()

    def _annotated_report(self, report: AnnotatedImportReport) -> None:
        self._item(
            None,
            self.tr("Imported {0:,} document(s) for {1} from {2:,} {3} input(s)").format(
                report.documents, report.annotator, len(report.files), report.format
            ),
        )
        self._item(
            None,
            self.tr(
                "Documents: {0:,} new, {1:,} already in the project (annotations added)"
            ).format(report.documents_added, report.documents_matched),
        )
        self._item(
            None,
            self.tr("Spans: {0:,} added, {1:,} already there; relations: {2:,} added").format(
                report.spans_added, report.spans_duplicate, report.relations_added
            ),
        )
        if report.marked_done:
            self._item(
                None,
                self.tr("Marked done for {0}: {1:,} document(s)").format(
                    report.annotator, report.marked_done
                ),
            )
        self._reader_report(report)

    def _suggestions_report(self, report: SuggestionImportReport) -> None:
        docs = report.documents
        self._item(
            None,
            self.tr("Imported suggestions for {0} from {1:,} {2} input(s)").format(
                report.annotator, len(docs.files), docs.format
            ),
        )
        self._item(
            None,
            self.tr(
                "Documents: {0:,} already in the project, {1:,} added (without annotations)"
            ).format(report.documents_matched, report.documents_added),
        )
        stored = self._item(
            None,
            self.tr(
                "Suggestions stored: {0:,}; dropped (already annotated, rejected, twice): {1:,}"
            ).format(sum(report.stored.values()), report.dropped),
        )
        for label, count in sorted(report.stored.items()):
            self._item(stored, f"{label}: {count:,}")
        models = self._item(None, self.tr("Recommenders"))
        for name, count in report.recommenders.items():
            self._item(models, self.tr("{0}: {1:,} read").format(name, count))
        if report.sources_linked:
            self._item(
                None, self.tr("Claims with a source span: {0:,}").format(report.sources_linked)
            )
        if report.relations_left_out:
            self._item(
                None,
                self.tr("Relations left out (only a claim's source is kept): {0:,}").format(
                    report.relations_left_out
                ),
            )

    def _reader_report(self, report: AnnotatedImportReport) -> None:
        """Labels added, and what the reader found and counted, and cleaning."""
        if report.labels_added:
            self._item(
                None,
                self.tr("Labels added to the schema: {0}").format(", ".join(report.labels_added)),
            )
        for key, value in sorted(report.reader.info.items()):
            title = self.tr("Tag scheme detected") if key == "scheme" else key.replace("_", " ")
            self._item(None, f"{title}: {value}")
        counts = {
            key: value for key, value in sorted(report.reader.counts.items()) if key not in _FIGURES
        }
        if counts:
            heading = self._item(None, self.tr("What the reader counted"))
            for key, value in counts.items():
                self._item(heading, f"{key.replace('_', ' ')}: {value:,}")
        if report.cleaned:
            self._removed(report.removed_totals, report.removed)

    def _plain_report(self, report: DocumentImportReport) -> None:
        self._item(None, self.tr("Imported {0:,} document(s)").format(report.added))
        if report.duplicates:
            heading = self._item(
                None,
                self.tr("Already in the project, skipped: {0:,}").format(len(report.duplicates)),
            )
            for duplicate in report.duplicates[:_MAX_LISTED]:
                self._item(
                    heading,
                    self.tr("{0} ({1}): same text as document {2} ({3})").format(
                        shown_path(duplicate.source),
                        duplicate.name,
                        duplicate.existing_id,
                        duplicate.existing_name,
                    ),
                )
            self._more(heading, len(report.duplicates))
        if report.removed:
            self._removed(report.removed_totals, report.removed)

    def _removed(self, totals: dict[str, int], per_input: dict[str, dict[str, int]]) -> None:
        removed = ", ".join(f"{kind.replace('_', ' ')} {count:,}" for kind, count in totals.items())
        heading = self._item(
            None, self.tr("Cleaning removed: {0}").format(removed or self.tr("nothing"))
        )
        for index, (source, counts) in enumerate(per_input.items()):
            if index >= _MAX_LISTED:
                self._more(heading, len(per_input))
                break
            parts = ", ".join(
                f"{kind.replace('_', ' ')} {count:,}" for kind, count in counts.items()
            )
            self._item(heading, f"{shown_path(source)}: {parts}")

    def _marks(
        self, per_input: dict[str, dict[str, int]], totals: dict[str, int], stripped: bool
    ) -> None:
        """The invisible marks the texts held (`plaintext.marks_summary`), kept or removed."""
        if not per_input:
            return
        done = (
            self.tr("removed")
            if stripped
            else self.tr("kept (“Remove invisible marks” removes them)")
        )
        heading = self._item(None, f"{marks_summary(totals)}: {done}")
        for index, (source, counts) in enumerate(per_input.items()):
            if index >= _MAX_LISTED:
                self._more(heading, len(per_input))
                break
            self._item(heading, f"{shown_path(source)}: {marks_summary(counts)}")

    def _notices(self, title: str, notices: list[Notice]) -> None:
        if not notices:
            return
        heading = self._item(None, f"{title}: {len(notices):,}")
        for notice in notices[:_MAX_LISTED]:
            self._item(heading, shown_notice(notice.path, notice.line, notice.message))
        self._more(heading, len(notices))

    def _paths(self, title: str, paths: list[str]) -> None:
        if not paths:
            return
        heading = self._item(None, f"{title}: {len(paths):,}")
        for path in paths[:_MAX_LISTED]:
            self._item(heading, shown_path(path))
        self._more(heading, len(paths))

    def _more(self, heading: QTreeWidgetItem, count: int) -> None:
        if count > _MAX_LISTED:
            self._item(heading, self.tr("… and {0:,} more").format(count - _MAX_LISTED))

    def _item(self, parent: QTreeWidgetItem | None, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setToolTip(0, text)
        if parent is None:
            self.report_tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def show_failure(self, error: BaseException) -> None:
        """An error in the report list: what is wrong, each bad input with file and line."""
        self.report_tree.clear()
        heading = self._item(None, self.tr("Nothing was imported: the project is as it was."))
        if isinstance(error, BatchError):
            errors = error.errors
        elif isinstance(error, InputError):
            errors = [error]
        else:
            errors = []
        for bad in errors[:_MAX_LISTED]:
            self._item(heading, shown_notice(bad.path, bad.line, bad.message))
        if errors:
            self._more(heading, len(errors))
        else:
            self._item(heading, str(error))
        self.report_tree.expandAll()

    # ---------------------------------------------------------------- enabling

    def _format_activated(self, _index: int) -> None:
        self._format_chosen = True

    def _add_files(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_paths(paths)

    def _add_folder(self) -> None:
        path = self.choose_folder()
        if path:
            self.add_paths([path])

    def _remove_selected(self) -> None:
        for item in self.paths_list.selectedItems():
            self.paths_list.takeItem(self.paths_list.row(item))
        self.update_preview()

    # ---------------------------------------------------------------- cleaning preview

    def update_preview(self, *_: object) -> None:
        """Fill "What cleaning removes" for the chosen plain-text inputs (with cleaning on)."""
        self.preview_tree.clear()
        plain = self.selected_format() is None and not self.annotated_only
        arclean = self.arclean_check.isChecked()
        active = plain and (self.clean_check.isChecked() or arclean)
        self.tabs.setTabEnabled(1, active)
        if not active:
            self.preview_label.setText(
                self.tr("Turn cleaning on to see what it removes from plain-text articles.")
            )
            return
        paths = self.paths()
        if not paths:
            self.preview_label.setText(
                self.tr("Add files or folders to see what cleaning removes.")
            )
            return
        preview = preview_cleaning(
            paths,
            max_bytes=int(self.max_size_spin.value() * MB),
            arclean=arclean,
            strip_marks=self.strip_marks_check.isChecked(),
            lines=self.clean_check.isChecked(),
        )
        self.show_preview(preview)

    def show_preview(self, preview: CleaningPreview) -> None:
        totals = preview.totals()
        touched = [doc for doc in preview.documents if doc.removed]
        counted = ", ".join(f"{rule.replace('_', ' ')} {n:,}" for rule, n in sorted(totals.items()))
        read = self.tr("the first {0:,} documents").format(len(preview.documents))
        self.preview_label.setText(
            self.tr("Cleaning would remove {0:,} line(s) from {1:,} of {2}: {3}").format(
                sum(totals.values()),
                len(touched),
                read
                if preview.truncated
                else self.tr("{0:,} documents").format(len(preview.documents)),
                counted or self.tr("nothing"),
            )
        )
        for doc in touched[:_MAX_LISTED]:
            where = shown_path(
                doc.name if doc.line is None else f"{Path(doc.source).name}:{doc.line}"
            )
            heading = QTreeWidgetItem(
                [self.tr("{0} — {1:,} line(s)").format(where, len(doc.removed))]
            )
            heading.setToolTip(0, doc.source)
            self.preview_tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            layout = Counter(r.rule for r in doc.removed if r.rule in LAYOUT_RULES)
            for removed in doc.removed:
                if removed.rule in LAYOUT_RULES:
                    continue
                shown = _ltr(removed.text) if removed.rule == ARCLEAN else removed.text
                item = QTreeWidgetItem([str(removed.line), removed.rule, shown])
                item.setToolTip(1, RULES.get(removed.rule, removed.rule))
                item.setToolTip(2, shown)
                heading.addChild(item)
            for rule, count in sorted(layout.items()):
                text = self.tr("{0:,} line(s) with nothing to read").format(count)
                item = QTreeWidgetItem(["", rule, text])
                item.setToolTip(1, RULES.get(rule, rule))
                heading.addChild(item)
        if len(touched) > _MAX_LISTED:
            self.preview_tree.addTopLevelItem(
                QTreeWidgetItem([self.tr("… and {0:,} more").format(len(touched) - _MAX_LISTED)])
            )
        if preview.unreadable:
            heading = QTreeWidgetItem(
                [self.tr("Cannot be read: {0:,}").format(len(preview.unreadable))]
            )
            self.preview_tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            for bad in preview.unreadable[:_MAX_LISTED]:
                child = QTreeWidgetItem([shown_notice(bad.path, bad.line, bad.message)])
                heading.addChild(child)
                child.setFirstColumnSpanned(True)
        self.preview_tree.expandAll()
        for column in range(2):
            self.preview_tree.resizeColumnToContents(column)

    def preview_lines(self) -> list[str]:
        """The preview as shown, one line per item, its columns joined (for tests)."""
        lines: list[str] = []
        for index in range(self.preview_tree.topLevelItemCount()):
            top = self.preview_tree.topLevelItem(index)
            lines.append(top.text(0))
            for row in range(top.childCount()):
                child = top.child(row)
                lines.append("  " + " | ".join(child.text(c) for c in range(3)).strip(" |"))
        return lines

    def _show_preview_tab(self, checked: bool) -> None:
        if checked and self.tabs.isTabEnabled(1):
            self.tabs.setCurrentIndex(1)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(enabled)
        if enabled:
            self._update_enabled()

    def _update_enabled(self, *_: object) -> None:
        """The annotated corpus's choices for an annotated format, with the rows of the
        options its reader takes."""
        info = self.selected_format()
        self.annotated_box.setEnabled(info is not None)
        suggestions = self.suggestions_check.isChecked()
        self.done_check.setEnabled(not suggestions)
        self.annotated_form.setRowVisible(self.recommender_edit, suggestions)
        takes = () if info is None else info.reader_options
        for name, widget in self.option_widgets.items():
            self.annotated_form.setRowVisible(widget, name in takes)
