"""The report of a team sync (`sync_panel.SyncController` shows it after Team > Sync now):
what was sent and received, documents added, the label schema, what is still pending, what is
held here and not sent (`SyncReport.held`), the core's notes (under a heading), and the
conflicts, each resolvable: keep mine (push over the server's, whose version the server keeps
in its conflicts table) or take the server's (a snapshot of the project first), by
`sync.resolve` in the background. The reasons the core gives (`sync.SyncReason`) are worded
here in the interface's language (`reason_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator import sync
from annotator.gui import i18n
from annotator.gui.direction import DirectionalDelegate
from annotator.gui.server_jobs import Running, run_in_background
from annotator.rules import ANNOTATOR_ROLE, LEAD
from annotator.sync import ItemKind, Reason, SyncReason

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.sync import Keep


# ---------------------------------------------------------------- the sync's reasons

REASONS: dict[Reason, str] = {  # each kind's wording, naming the values `describe`'s names
    Reason.UNIT_CONFLICT: QT_TRANSLATE_NOOP(
        "SyncReason",
        "Changed here and on the server (on another machine): {items}. Your version is kept "
        "here and on the server, and not sent: choose Keep mine or Take the server's.",
    ),
    Reason.SCHEMA_CONFLICT: QT_TRANSLATE_NOOP(
        "SyncReason",
        "The label schema was changed here and on the server. Yours was not sent (the server "
        "keeps it in its history): choose Keep mine or Take the server's.",
    ),
    Reason.LABELS_KEPT: QT_TRANSLATE_NOOP(
        "SyncReason",
        "Labels kept though the server's label schema lacks them (annotations use them): {names}.",
    ),
    Reason.STATUS_SETTLED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{document} ({member}): the status was set to “{here}” here and “{there}” on the "
        "server; “{kept}” was kept (the furthest along).",
    ),
    Reason.ONE_SIDED_KEPT: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{document} ({member}): {number} items held on one side only were kept on both (with "
        "no earlier sync to compare with, an addition cannot be told from a deletion: delete "
        "again what should not be there).",
    ),
    Reason.NOTES_DETACHED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{number} notes on spans their annotator removed are document notes now, saying which "
        "span they were on (sent with your next sync).",
    ),
    Reason.DECISIONS_DROPPED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{number} curation decisions on proposals their annotator removed went with them (the "
        "gold spans stay).",
    ),
    Reason.ITEMS_LEFT_OUT: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{number} notes or decisions on spans this project does not hold were left out here "
        "(the server keeps them).",
    ),
    Reason.NOT_ON_SERVER: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{number} units of documents the server does not hold for you (added here, or not "
        "assigned to you) stay here, not sent.",
    ),
    Reason.MEMBERS_UNKNOWN: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{number} units of {names}, whose work the server lacks (merged from a mailed copy?), "
        "stay here only: a unit is sent by its member alone. A lead adds them (Team > Add "
        "member…) and they merge their copy into their joined project; or it stays in this "
        "project.",
    ),
    Reason.OTHERS_HELD: QT_TRANSLATE_NOOP(
        "SyncReason",
        "Your changes to the work of {names} stay here, not sent (replaced by theirs when they "
        "change it; yours are kept on the server then).",
    ),
    Reason.OTHERS_REPLACED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{document}: your changes to the work of {member} were replaced by theirs (yours are "
        "kept on the server, with its conflicts).",
    ),
    Reason.COPY_REPLACED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "{document}: this project's copy of the work of {member} (never synced here: "
        "recovered?) differed from theirs: theirs was taken, this one is kept on the server, "
        "with its conflicts.",
    ),
    Reason.TRIGGERS_REMADE: QT_TRANSLATE_NOOP(
        "SyncReason",
        "The project's sync triggers were missing: they were made again and every unit was "
        "compared.",
    ),
    Reason.ROLE_CHANGED: QT_TRANSLATE_NOOP(
        "SyncReason", "Your role on the team server is now {role} (it was {was})."
    ),
    Reason.SERVER_RESTORED: QT_TRANSLATE_NOOP(
        "SyncReason",
        "The server was restored from a backup since the last sync: every unit was compared "
        "and nothing deleted (what only one side holds is kept).",
    ),
    Reason.SERVER_BEHIND: QT_TRANSLATE_NOOP(
        "SyncReason",
        "The server is behind this project's last sync (restored from a backup?): every unit "
        "was compared, and what it lost was sent again.",
    ),
}

ITEMS: dict[ItemKind, str] = {  # a conflicting item, by its key
    ItemKind.ANNOTATION: QT_TRANSLATE_NOOP("SyncReason", "span {key}"),
    ItemKind.RELATION: QT_TRANSLATE_NOOP("SyncReason", "relation {key}"),
    ItemKind.NOTE: QT_TRANSLATE_NOOP("SyncReason", "note {key}"),
    ItemKind.DOC_LABEL: QT_TRANSLATE_NOOP("SyncReason", "document label {key}"),
    ItemKind.DECISION: QT_TRANSLATE_NOOP("SyncReason", "curation decision on {key}"),
}

ROLES = {
    LEAD: QT_TRANSLATE_NOOP("SyncReason", "lead"),
    ANNOTATOR_ROLE: QT_TRANSLATE_NOOP("SyncReason", "annotator"),
}


def _tr(text: str) -> str:
    """A wording of the tables above (marked for translation there), translated."""
    return QCoreApplication.translate("SyncReason", text)


def reason_text(reason: SyncReason) -> str:
    """A reason a sync gives (a conflict's, or a note) in the interface's language: the GUI's
    one wording of each kind (`sync.describe` is the CLI's, in English), naming the same
    values, counts in the chrome's digits and statuses and roles translated."""
    named, more = sync.shown_items(reason)
    items = []
    for item in named:
        text = _tr(ITEMS[item.kind]).format(key=item.key)
        if item.on_deleted_span:
            text = QCoreApplication.translate("SyncReason", "{item} (on a deleted span)").format(
                item=text
            )
        items.append(text)
    separator = QCoreApplication.translate("SyncReason", ", ")  # between names
    shown = separator.join(items)
    if more:
        shown = QCoreApplication.translate("SyncReason", "{items} and {number} more").format(
            items=shown, number=i18n.number(more)
        )
    values = reason._asdict()
    values.update(
        number=i18n.number(reason.number),
        names=separator.join(reason.names),
        items=shown,
        here=i18n.status_text(reason.here) if reason.here else "",
        there=i18n.status_text(reason.there) if reason.there else "",
        kept=i18n.status_text(reason.kept) if reason.kept else "",
        role=_tr(ROLES[reason.role]) if reason.role in ROLES else reason.role,
        was=_tr(ROLES[reason.was]) if reason.was in ROLES else reason.was,
    )
    return _tr(REASONS[reason.kind]).format(**values)


class SyncReportDialog(QDialog):
    """What a sync did, and its conflicts, each resolvable: keep mine or take the server's."""

    resolved = Signal(object, str)  # sync.Resolved, the document's sha256 ("": the schema)

    def __init__(
        self,
        project: Project,
        report: Any,
        parent: QWidget | None = None,
        *,
        password: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.project_path: Path = project.path
        self.password = password
        self._resolving: Running | None = None
        self.setWindowTitle(self.tr("Sync report"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts_label = QLabel()
        self.conflicts_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Member"), self.tr("Why")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(DirectionalDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.keep_mine_button = QPushButton(self.tr("Keep mine"))
        self.keep_mine_button.setToolTip(
            self.tr(
                "Push this machine's version over the server's (the server's is kept in its "
                "conflicts table)"
            )
        )
        self.keep_mine_button.clicked.connect(lambda: self.resolve_selected("mine"))
        self.take_server_button = QPushButton(self.tr("Take the server's"))
        self.take_server_button.setToolTip(
            self.tr(
                "Replace this machine's version by the server's (a snapshot of the project "
                "is taken first: File > Backups… restores it)"
            )
        )
        self.take_server_button.clicked.connect(lambda: self.resolve_selected("server"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.keep_mine_button)
        resolve_row.addWidget(self.take_server_button)
        resolve_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(resolve_row)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.show_report(report)
        self.resize(720, 420)

    def show_report(self, report: Any) -> None:
        self.summary.setText("\n".join(self.report_lines(report)))
        conflicts = list(report.conflicts)
        self.table.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            schema = not conflict.sha256  # the label schema's (a lead's)
            document = self.tr("Label schema") if schema else conflict.document
            values = (document, conflict.member, reason_text(conflict.reason))
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value))
                item.setData(Qt.ItemDataRole.UserRole, conflict.sha256)
                self.table.setItem(row, column, item)
        self.conflicts_label.setText(
            self.tr(
                "Conflicts: {0}. These units were changed both here and on the server. Your "
                "version is kept here and not sent; choose which version stays."
            ).format(i18n.number(len(conflicts)))
            if conflicts
            else self.tr("No conflicts.")
        )
        self.table.setVisible(bool(conflicts))
        if conflicts:  # not selectRow(0): right to left, before the table is laid out, it
            # selects nothing (Qt picks the row's column at the viewport's right edge)
            rows = QItemSelectionModel.SelectionFlag.ClearAndSelect
            rows |= QItemSelectionModel.SelectionFlag.Rows
            self.table.setCurrentItem(self.table.item(0, 0), rows)
        self._update_buttons()

    def report_lines(self, report: Any) -> list[str]:
        """A `sync.SyncReport` in words (the core's notes last, under a heading)."""
        lines = [
            self.tr("Sent: {0} units. Received: {1} units. Documents added: {2}.").format(
                i18n.number(report.pushed),
                i18n.number(report.pulled),
                i18n.number(report.documents_added),
            )
        ]
        if report.documents_pushed:
            lines.append(
                self.tr("Documents sent to the server: {0}.").format(
                    i18n.number(report.documents_pushed)
                )
            )
        if report.schema == "pushed":
            lines.append(self.tr("The label schema was sent to the server."))
        elif report.schema == "pulled":
            lines.append(self.tr("The label schema was updated from the server."))
        if report.cancelled:
            lines.append(self.tr("Cancelled: the rest waits for the next sync."))
        lines.append(
            self.tr("Still waiting to be sent: {0}.").format(i18n.number(report.pending))
            if report.pending
            else self.tr("Everything is sent.")
        )
        if report.held:
            lines.append(
                self.tr(
                    "Held here, not sent: {0} (the work of members the server does not "
                    "know, or your changes to someone else's units)."
                ).format(i18n.number(report.held))
            )
        if report.notes:
            lines.append(self.tr("Notes from the sync:"))
            lines += [self.tr("• {0}").format(reason_text(note)) for note in report.notes]
        return lines

    def conflict_rows(self) -> list[list[str]]:
        """The conflicts as listed (for tests)."""
        return [
            [self.table.item(row, column).text() for column in range(self.table.columnCount())]
            for row in range(self.table.rowCount())
        ]

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectedItems()) and self._resolving is None
        self.keep_mine_button.setEnabled(chosen)
        self.take_server_button.setEnabled(chosen)

    def resolve_selected(self, keep: Keep) -> bool:
        """Resolve the selected conflict in the background (False: none selected, or busy)."""
        items = self.table.selectedItems()
        if not items or self._resolving is not None:
            return False
        row = items[0].row()
        sha256 = str(items[0].data(Qt.ItemDataRole.UserRole))
        document = self.table.item(row, 0).text()
        path, password = self.project_path, self.password

        def work(cancelled: Callable[[], bool], progress: Callable[..., None]) -> Any:
            if not sha256:  # the label schema's conflict
                return sync.resolve_schema(path, keep, password=password)
            return sync.resolve(path, sha256, keep, password=password)

        self.status_label.setText(self.tr("Resolving “{0}”…").format(document))
        self._resolving = run_in_background(
            self,
            work,
            lambda result: self._done(result, sha256),
            lambda error: self._failed(document, error),
        )
        self._update_buttons()
        return True

    def _done(self, resolved: Any, sha256: str) -> None:
        self._resolving = None
        for row in reversed(range(self.table.rowCount())):  # every unit of that document
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == sha256:
                self.table.removeRow(row)
        self.status_label.setText(
            self.tr("“{0}”: your version was kept and sent.").format(resolved.document)
            if resolved.keep == "mine"
            else self.tr(
                "“{0}”: the server's version replaced yours (a snapshot of the project was "
                "taken first: File > Backups…)."
            ).format(resolved.document)
        )
        left = self.table.rowCount()
        self.conflicts_label.setText(
            self.tr("Conflicts left: {0}.").format(i18n.number(left))
            if left
            else self.tr("No conflicts.")
        )
        self.table.setVisible(bool(left))
        self._update_buttons()
        self.resolved.emit(resolved, sha256)

    def _failed(self, document: str, error: BaseException) -> None:
        self._resolving = None
        message = self.tr("“{0}” was not resolved: {1}").format(document, error)
        self.status_label.setText(message)
        self._update_buttons()

    def reject(self) -> None:
        if self._resolving is not None:
            self._resolving.let_go()
            self._resolving = None
        super().reject()
