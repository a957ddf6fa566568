"""The agreement dashboard: the agreement report's tables as colour heatmaps.

The report (`annotator.agreement.project_report.agreement_report`, i.e. `compute_report` over
the documents every annotator marked done, or every document someone worked on) is computed in a
background thread on its own read-only connection to the project file, so the window stays
responsive; a busy bar shows meanwhile. Tables: a pairwise matrix (choose which: exact / overlap
span F1, token kappa or alpha, unitizing alpha), the per-label table, and the worst documents.
Cells are coloured by value, red (0 or less) through yellow (0.5) to green (1); undefined values
are grey. Clicking a worst document emits `openInReview(doc_id)`; a dashboard without parent
(standalone) also opens it in a `ReviewWindow`. Beside them, the time each annotator spent on
each document (active editing time, `annotator.gui.activity`), with each one's total, read
from the project when the report is (re)computed.

Above them the lead chooses the annotators compared (a box each; e.g. only ali and mona) and the
documents (done by all of them, or by at least N: `min_done`, as `annotator agree --min-done`);
the Left out table says why each document some of them worked on was not compared
(`agreement.selection.left_out_reason`, also when nothing was left to compare).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.activity import format_duration
from annotator.gui.keys import close_on_escape
from annotator.gui.theme import background_of, text_on, tint
from annotator.store import Project
from annotator.store.doc_time import TimeSpent

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
UNDEFINED_COLOUR = "#e5e7eb"
MATRICES: list[tuple[str, tuple[str, ...]]] = [
    (
        QT_TRANSLATE_NOOP("Dashboard", "Exact span F1 (micro)"),
        ("span_f1", "exact", "matrix", "micro_f1"),
    ),
    (
        QT_TRANSLATE_NOOP("Dashboard", "Overlap span F1 (micro)"),
        ("span_f1", "overlap", "matrix", "micro_f1"),
    ),
    (
        QT_TRANSLATE_NOOP("Dashboard", "Cohen's kappa (tokens, all labels)"),
        ("token", "overall", "cohen_kappa"),
    ),
    (
        QT_TRANSLATE_NOOP("Dashboard", "Krippendorff's alpha (tokens, all labels)"),
        ("token", "overall", "alpha_pairwise"),
    ),
    (
        QT_TRANSLATE_NOOP("Dashboard", "alpha_U (unitizing, all labels)"),
        ("alpha_u", "overall", "pairwise"),
    ),
    (
        QT_TRANSLATE_NOOP("Dashboard", "Token F1 (bratiaa, all labels)"),
        ("token", "f1", "overall", "matrix"),
    ),
]
# a pairwise mean is followed by its spread over the pairs ("sd", population SD: not coloured)
PER_LABEL_COLUMNS = [
    ("exact_f1", QT_TRANSLATE_NOOP("Dashboard", "Exact F1")),
    ("sd.exact_f1", "± SD"),
    ("overlap_f1", QT_TRANSLATE_NOOP("Dashboard", "Overlap F1")),
    ("sd.overlap_f1", "± SD"),
    ("cohen_kappa", "Cohen κ"),
    ("sd.cohen_kappa", "± SD"),
    ("fleiss_kappa", "Fleiss κ"),
    ("token_alpha", QT_TRANSLATE_NOOP("Dashboard", "Token α")),
    ("alpha_u", "α_U"),
    ("token_f1", QT_TRANSLATE_NOOP("Dashboard", "Token F1")),
    ("sd.token_f1", "± SD"),
]


def heat_colour(value: float) -> QColor:
    """Red (<= 0) through yellow (0.5) to green (1), light enough to read black text on."""
    v = min(max(float(value), 0.0), 1.0)
    return QColor.fromHslF(v / 3, 0.70, 0.72)


def _dig(report: dict, path: Sequence[str]) -> Any:
    value: Any = report
    for key in path:
        value = value[key]
    return value


class HeatmapModel(QAbstractTableModel):
    """A read-only table whose numeric cells are coloured by value (BackgroundRole).

    `values` holds numbers, None (undefined: grey, shown as "—") or text (not coloured). Only
    columns in `scored` are coloured (all when None). `VALUE_ROLE` gives the raw value.
    """

    def __init__(
        self,
        rows: list[str],
        columns: list[str],
        values: list[list[Any]],
        *,
        scored: set[int] | None = None,
        row_data: list[Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows, self.columns, self.values = rows, columns, values
        self.scored = scored
        self.row_data = row_data or [None] * len(rows)

    def rowCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt name)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:  # noqa: N802 (Qt name)
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def value(self, row: int, column: int) -> Any:
        return self.values[row][column]

    @staticmethod
    def cell_colour(value: float | None) -> QColor:
        """A scored cell's background on the theme's page (grey: undefined)."""
        pale = QColor(UNDEFINED_COLOUR) if value is None else heat_colour(value)
        return tint(pale, background_of())

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.values[index.row()][index.column()]
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        scored = self.scored is None or index.column() in self.scored
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "—"
            if isinstance(value, float):
                return f"{value:.3f}"
            return str(value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.UserRole:
            return self.row_data[index.row()]
        coloured = scored and (value is None or numeric)
        if role == Qt.ItemDataRole.BackgroundRole and coloured:
            return self.cell_colour(value)
        if role == Qt.ItemDataRole.ForegroundRole and coloured:
            return text_on(self.cell_colour(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and (numeric or value is None):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            row, column = self.rows[index.row()], self.columns[index.column()]
            shown = "undefined" if value is None else self.data(index)
            return f"{row} / {column}: {shown}"
        return None

    def headerData(  # noqa: N802 (Qt name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self.columns if orientation == Qt.Orientation.Horizontal else self.rows
        return names[section] if 0 <= section < len(names) else None


def time_table(
    rows: Sequence[TimeSpent],
) -> tuple[list[str], list[str], list[list[Any]], list[int | None]]:
    """The time table: a row per document (its name) and a first "All documents" row, a
    column per annotator and a "Total" column; cells as `format_duration` says them (empty
    where none); the row's document id (None for the totals)."""
    annotators = sorted({row.annotator for row in rows})
    documents: dict[int, str] = {}
    seconds: dict[tuple[int, str], float] = {}
    for row in rows:
        documents[row.document_id] = row.document_name
        seconds[row.document_id, row.annotator] = row.seconds

    def cells(values: list[float]) -> list[Any]:
        return [format_duration(v) if v else "" for v in [*values, sum(values)]]

    totals = [sum(seconds.get((d, a), 0.0) for d in documents) for a in annotators]
    table = [cells(totals)] + [
        cells([seconds.get((d, a), 0.0) for a in annotators]) for d in documents
    ]
    labels = [QCoreApplication.translate("Dashboard", "All documents")] + list(documents.values())
    return (
        labels,
        [*annotators, QCoreApplication.translate("Dashboard", "Total")],
        table,
        [None, *documents],
    )


# ---------------------------------------------------------------- the report (no Qt)


def compute_dashboard_report(
    project: Project,
    annotators: Sequence[str] | None = None,
    *,
    include_unfinished: bool = False,
    worst_n: int = 20,
    min_done: int | None = None,
) -> dict:
    """The agreement report with the worst documents' names and the documents left out with
    their reasons (``selection.left_out_documents``); `AgreeError` when there is nothing to
    compare (fewer than two annotators, no document selected: its ``left_out`` says why)."""
    from annotator.agreement.project_report import agreement_report

    return agreement_report(
        project,
        annotators,
        include_unfinished=include_unfinished,
        worst_n=worst_n,
        min_done=min_done,
    )


_RUNNING: set[QThread] = set()


class _ReportThread(QThread):
    """Computes the report on a read-only connection of its own."""

    computed = Signal(object)
    failed = Signal(str)
    leftOut = Signal(object)  # the documents left out, when no report could be made

    def __init__(
        self, path: str, annotators, include_unfinished: bool, parent=None, min_done=None
    ) -> None:
        super().__init__(parent)
        self.path, self.annotators, self.include_unfinished = path, annotators, include_unfinished
        self.min_done = min_done

    def run(self) -> None:
        from annotator.team import open_readonly

        try:
            with open_readonly(self.path) as project:
                report = compute_dashboard_report(
                    project,
                    self.annotators,
                    include_unfinished=self.include_unfinished,
                    min_done=self.min_done,
                )
        except AnnotatorError as err:
            self.leftOut.emit(list(getattr(err, "left_out", ())))
            self.failed.emit(str(err))
        except Exception as err:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(f"{type(err).__name__}: {err}")
        else:
            self.computed.emit(report)


# ---------------------------------------------------------------- the dashboard


class AgreementDashboard(QWidget):
    """Heatmaps of the agreement report; a worst document opens in review."""

    openInReview = Signal(int)
    reportReady = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        annotators: Sequence[str] | None = None,
        include_unfinished: bool = False,
        standalone: bool | None = None,
        autostart: bool = True,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.annotators = list(annotators) if annotators is not None else None
        self.standalone = parent is None if standalone is None else standalone
        self.report: dict | None = None
        self._thread: _ReportThread | None = None
        self._review_window = None
        self.setWindowTitle(self.tr("Agreement — {name}").format(name=project.path.name))

        self.unfinished = QCheckBox(self.tr("Include unfinished documents"), self)
        self.unfinished.setChecked(include_unfinished)
        self.unfinished.setToolTip(
            self.tr(
                "Off: only documents every annotator marked done. On: every document an annotator "
                "worked on (an annotator with nothing there marked nothing)."
            )
        )
        self.recompute_button = QPushButton(self.tr("Recompute"), self)
        self.recompute_button.clicked.connect(self.compute)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Annotators:"), self))
        self.annotator_boxes: dict[str, QCheckBox] = {}
        for name in project.annotators(role="annotator"):
            box = QCheckBox(name, self)
            box.setChecked(self.annotators is None or name in self.annotators)
            self.annotator_boxes[name] = box
            controls.addWidget(box)
        self.min_done = QSpinBox(self)
        self.min_done.setObjectName("dashboardMinDone")
        self.min_done.setRange(0, max(1, len(self.annotator_boxes)))
        self.min_done.setSpecialValueText(self.tr("all of them"))
        self.min_done.setPrefix(self.tr("done by at least "))
        self.min_done.setToolTip(
            self.tr(
                "Which documents to compare: those every chosen annotator marked done, or those "
                "at least this many of them did (e.g. 2)."
            )
        )
        controls.addWidget(self.min_done)
        controls.addWidget(self.unfinished)
        controls.addWidget(self.recompute_button)
        controls.addWidget(self.busy)
        controls.addStretch(1)

        self.matrix_choice = QComboBox(self)
        self.matrix_choice.addItems(
            [QCoreApplication.translate("Dashboard", n) for n, _ in MATRICES]
        )
        self.matrix_choice.currentIndexChanged.connect(self._show_matrix)
        self.matrix_view = self._table("dashboardMatrix")
        self.label_view = self._table("dashboardPerLabel")
        self.worst_view = self._table("dashboardWorst")
        self.worst_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.worst_view.clicked.connect(self._worst_clicked)
        self.worst_view.activated.connect(self._worst_clicked)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Pairwise</b>"), self))
        left_layout.addWidget(self.matrix_choice)
        left_layout.addWidget(self.matrix_view, 1)
        left_layout.addWidget(
            QLabel(
                self.tr("<b>Per label</b> (mean over pairs ± population SD; Fleiss, α: all)"), self
            )
        )
        left_layout.addWidget(self.label_view, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(
            QLabel(self.tr("<b>Worst documents</b> (click one to review it)"), self)
        )
        right_layout.addWidget(self.worst_view, 1)
        self.time_view = self._table("dashboardTime")
        self.time_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.time_view.clicked.connect(self._worst_clicked)
        self.time_view.activated.connect(self._worst_clicked)
        right_layout.addWidget(
            QLabel(
                self.tr("<b>Time spent</b> (active editing, idle excluded; click one to review it)")
            )
        )
        right_layout.addWidget(self.time_view, 1)
        self.left_out_view = QTableWidget(0, 2, self)
        self.left_out_view.setObjectName("dashboardLeftOut")
        self.left_out_view.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Why")])
        self.left_out_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.left_out_view.verticalHeader().setVisible(False)
        self.left_out_view.horizontalHeader().setStretchLastSection(True)
        self.left_out_view.cellActivated.connect(self._left_out_clicked)
        self.left_out_view.cellClicked.connect(self._left_out_clicked)
        self.left_out_label = QLabel(self.tr("<b>Left out</b> (documents not compared, and why)"))
        right_layout.addWidget(self.left_out_label)
        right_layout.addWidget(self.left_out_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.resize(1100, 720)
        self.show_time()
        if autostart:
            self.compute()

    def _table(self, name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setAlternatingRowColors(False)
        return view

    # ---------------------------------------------------------------- computing

    @property
    def computing(self) -> bool:
        return self._thread is not None

    def compute(self) -> None:
        """(Re)compute the report in the background."""
        if self._thread is not None:
            return
        self.busy.show()
        self.recompute_button.setEnabled(False)
        self.summary.setText(self.tr("<i>Computing the agreement report…</i>"))
        self.show_time()  # read again, as the report is
        thread = _ReportThread(
            str(self.project.path),
            self.chosen_annotators(),
            self.unfinished.isChecked(),
            min_done=self.min_done.value() or None,
        )
        thread.computed.connect(self._computed)
        thread.failed.connect(self._failed)
        thread.leftOut.connect(self.show_left_out)
        thread.finished.connect(self._thread_done)
        thread.finished.connect(lambda: _RUNNING.discard(thread))
        _RUNNING.add(thread)  # outlives this widget if it is closed while computing
        self._thread = thread
        thread.start()

    def chosen_annotators(self) -> list[str] | None:
        """The annotators ticked (None: the project has none of role annotator, so the report
        chooses)."""
        if not self.annotator_boxes:
            return self.annotators
        return [name for name, box in self.annotator_boxes.items() if box.isChecked()]

    def show_left_out(self, left_out: Sequence[dict]) -> None:
        """The documents left out and why (`selection.left_out_reason`)."""
        self.left_out_view.setRowCount(len(left_out))
        for row, entry in enumerate(left_out):
            name = QTableWidgetItem(str(entry.get("name") or entry["doc_id"]))
            name.setData(Qt.ItemDataRole.UserRole, int(entry["doc_id"]))
            self.left_out_view.setItem(row, 0, name)
            self.left_out_view.setItem(row, 1, QTableWidgetItem(entry["reason"]))
        self.left_out_view.resizeColumnToContents(0)

    def left_out_reasons(self) -> dict[str, str]:
        """Document name -> why it was left out, as listed (tests)."""
        view = self.left_out_view
        return {view.item(r, 0).text(): view.item(r, 1).text() for r in range(view.rowCount())}

    def _left_out_clicked(self, row: int, _column: int) -> None:
        item = self.left_out_view.item(row, 0)
        if item is not None:
            self._worst_clicked(self.left_out_view.model().index(row, 0))

    def _thread_done(self) -> None:
        self._thread = None
        self.busy.hide()
        self.recompute_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.report = None
        self.summary.setText(
            self.tr("<span style='color:#b91c1c'>{value0}</span>").format(
                value0=html.escape(message)
            )
        )
        for view in (self.matrix_view, self.label_view, self.worst_view):
            view.setModel(None)
        self.failed.emit(message)

    def _computed(self, report: dict) -> None:
        self.show_report(report)
        self.reportReady.emit(report)

    def show_report(self, report: dict) -> None:
        """Fill the tables from an agreement report."""
        self.report = report
        self.show_left_out(report["selection"].get("left_out_documents", []))
        counts = report["counts"]
        overall = report["overall"]

        def number(value: Any) -> str:
            return "—" if value is None else f"{value:.3f}"

        self.summary.setText(
            self.tr(
                "{value0} documents, annotators {value1} &nbsp;·&nbsp; "
                "overlap F1 <b>{value2}</b>, exact F1 <b>{value3}</b>, "
                "Fleiss κ {value4}, α_U {value5}"
            ).format(
                value0=counts["documents"],
                value1=html.escape(", ".join(report["annotators"])),
                value2=number(overall["overlap_f1"]),
                value3=number(overall["exact_f1"]),
                value4=number(overall["fleiss_kappa"]),
                value5=number(overall["alpha_u"]),
            )
        )
        self._show_matrix()
        labels = report["per_label"]
        self.label_model = HeatmapModel(
            [row["label"] for row in labels],
            [QCoreApplication.translate("Dashboard", title) for _, title in PER_LABEL_COLUMNS],
            [[_dig(row, key.split(".")) for key, _ in PER_LABEL_COLUMNS] for row in labels],
            scored={i for i, (key, _) in enumerate(PER_LABEL_COLUMNS) if "sd." not in key},
            parent=self,
        )
        self.label_view.setModel(self.label_model)
        worst = report["worst_documents"]
        self.worst_model = HeatmapModel(
            [str(entry["doc_id"]) for entry in worst],
            [
                self.tr("Document"),
                self.tr("Overlap F1"),
                self.tr("Exact F1"),
                self.tr("Unmatched"),
                self.tr("Spans"),
            ],
            [
                [
                    entry.get("name") or entry["doc_id"],
                    entry["overlap_f1"],
                    entry["exact_f1"],
                    entry["unmatched"],
                    " / ".join(str(n) for n in entry["n_spans"].values()),
                ]
                for entry in worst
            ],
            scored={1, 2},
            row_data=[int(entry["doc_id"]) for entry in worst],
            parent=self,
        )
        self.worst_view.setModel(self.worst_model)

    def show_time(self) -> None:
        """Fill the time table from the project (`Project.time_spent`)."""
        rows, columns, values, doc_ids = time_table(self.project.time_spent())
        self.time_model = HeatmapModel(
            rows, columns, values, scored=set(), row_data=doc_ids, parent=self
        )
        self.time_view.setModel(self.time_model)

    def _show_matrix(self) -> None:
        if self.report is None:
            return
        names = self.report["annotators"]
        _title, path = MATRICES[self.matrix_choice.currentIndex()]
        self.matrix_model = HeatmapModel(names, names, _dig(self.report, path), parent=self)
        self.matrix_view.setModel(self.matrix_model)

    # ---------------------------------------------------------------- review

    def _worst_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        doc_id = index.data(Qt.ItemDataRole.UserRole)
        if doc_id is None:
            return
        self.openInReview.emit(int(doc_id))
        if self.standalone:
            self.open_review(int(doc_id))

    def open_review(self, doc_id: int) -> None:
        """Open (or reuse) a ReviewWindow on `doc_id`."""
        from annotator.gui.review import ReviewWindow

        if self._review_window is None:
            self._review_window = ReviewWindow(self.project)
        self._review_window.open_document(doc_id)
        self._review_window.show()
        self._review_window.raise_()


def open_dashboard(project: Project, parent: QWidget | None = None) -> AgreementDashboard:
    """A shown dashboard in a window of its own (closed with `parent`); clicking a worst
    document opens it in a ReviewWindow."""
    dashboard = AgreementDashboard(project, parent, standalone=True)
    dashboard.setWindowFlag(Qt.WindowType.Window, True)
    dashboard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    close_on_escape(dashboard)  # Esc or Ctrl+W closes it (keys.CloseKeys)
    dashboard.show()
    return dashboard
