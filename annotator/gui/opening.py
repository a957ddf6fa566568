"""Opening a project file in the workbench: when it cannot be opened, what is wrong in plain
words and what to do (a dialog, and the same text on stderr); whose teammate copy it is."""

from __future__ import annotations

import html
import os
import shlex
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from annotator.errors import ProjectError, ProjectErrorKind
from annotator.store import DatabaseError, Project, SQLiteError
from annotator.store.project import error_kind


@dataclass(frozen=True)
class OpenProblem:
    """Why `path` could not be opened: `what` is wrong and what to do (`todo`, and `commands`
    as (purpose, command line) pairs), in plain words; `detail` is the technical message (and
    a traceback for an unexpected error)."""

    path: Path
    kind: str
    what: str
    todo: str
    detail: str
    commands: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The problem as one message for stderr."""
        lines = [
            QCoreApplication.translate("opening", "cannot open {path}: {what}").format(
                path=self.path, what=self.what
            ),
            self.todo,
        ]
        lines += [f"{purpose}: {command}" for purpose, command in self.commands]
        return "\n  ".join([*filter(None, lines), f"({self.detail})"])


def diagnose(path: str | Path, err: BaseException) -> OpenProblem:
    """What went wrong when opening project file `path` raised `err`: chosen by the error's
    `ProjectError.kind` (for SQLite's own errors on the first reads, by `store.error_kind`),
    refined by what the file system says about `path`; never by the message's wording."""
    path = Path(path)
    quoted = shlex.quote(str(path))
    message = str(err)
    kind = _kind(err)
    check = (
        QCoreApplication.translate("opening", "See what is damaged"),
        f"annotator check {quoted}",
    )
    backups = (
        QCoreApplication.translate("opening", "List its backups"),
        f"annotator backups {quoted}",
    )
    restore = (
        QCoreApplication.translate("opening", "Bring one back"),
        f"annotator restore {quoted} NUMBER",
    )
    new = (QCoreApplication.translate("opening", "Start a new project"), "annotator new NEW.sqlite")

    def problem(
        kind: str, what: str, todo: str, *commands: tuple[str, str], detail: str = message
    ) -> OpenProblem:
        return OpenProblem(path, kind, what, todo, detail, commands)

    if kind == "missing" or isinstance(err, FileNotFoundError) or not path.exists():
        return problem(
            "missing",
            QCoreApplication.translate("opening", "The file does not exist."),
            QCoreApplication.translate(
                "opening",
                "It may have been moved, renamed or deleted: "
                "open it where it is now (File > Open).",
            ),
            backups,
            restore,
        )
    if path.is_dir():
        return problem(
            "folder",
            QCoreApplication.translate("opening", "This is a folder, not a project file."),
            QCoreApplication.translate("opening", "Choose the project's .sqlite file."),
        )
    if isinstance(err, PermissionError) or not os.access(path, os.R_OK):
        return problem(
            "unreadable",
            QCoreApplication.translate("opening", "You do not have permission to read this file."),
            QCoreApplication.translate(
                "opening",
                "Ask its owner or your administrator for read and write access, "
                "or open a copy of your own.",
            ),
        )
    if _size(path) == 0:
        return problem(
            "empty",
            QCoreApplication.translate(
                "opening", "The file is empty (0 bytes): it holds no project."
            ),
            QCoreApplication.translate("opening", "If it held your annotations, restore a backup."),
            backups,
            restore,
            new,
        )
    if kind == "too_new":
        return problem(
            "newer",
            QCoreApplication.translate(
                "opening", "This project was written by a newer version of annotator."
            ),
            QCoreApplication.translate(
                "opening", "Upgrade annotator to open it. The file was not changed."
            ),
        )
    if kind == "not_database":
        return problem(
            QCoreApplication.translate("opening", "not sqlite"),
            QCoreApplication.translate(
                "opening",
                "This file is not an annotator project: "
                "SQLite does not recognise it as a database.",
            ),
            QCoreApplication.translate(
                "opening",
                "Open the project's .sqlite file instead. If this was a project, its first page is "
                "damaged: check it, or restore a backup.",
            ),
            check,
            backups,
            restore,
            (
                QCoreApplication.translate("opening", "Add articles from this file to a project"),
                f"annotator import PROJECT {quoted}",
            ),
        )
    if kind == "not_project":
        return problem(
            QCoreApplication.translate("opening", "not a project"),
            QCoreApplication.translate(
                "opening", "This is an SQLite database, but not an annotator project."
            ),
            QCoreApplication.translate("opening", "Open the project's .sqlite file instead."),
            new,
        )
    if kind == "in_use":
        return problem(
            "locked",
            QCoreApplication.translate(
                "opening", "Another program is writing to this file and keeps it locked."
            ),
            QCoreApplication.translate(
                "opening",
                "Wait until it is done (an import or a merge can take a while), "
                "then open it again.",
            ),
        )
    if kind == "not_upgraded":
        return problem(
            "upgrade",
            QCoreApplication.translate(
                "opening",
                "This project comes from an older version of annotator and could not be upgraded.",
            ),
            QCoreApplication.translate(
                "opening",
                "Nothing was changed. Make sure the disk has free space and no other program is "
                "using the file, then open it again; the details say what failed.",
            ),
        )
    if kind == "read_only" or (kind == "unreadable" and not _writable(path)):
        return problem(
            "read-only",
            QCoreApplication.translate(
                "opening",
                "The file, or its folder, is read-only: annotator saves every action at once and "
                "needs to write beside it.",
            ),
            QCoreApplication.translate(
                "opening",
                "Make the file and its folder writable, or open a copy in a folder of your own.",
            ),
        )
    if kind == "damaged" or isinstance(err, ProjectError | DatabaseError):
        return problem(
            "damaged",
            QCoreApplication.translate(
                "opening", "The file is damaged: part of it cannot be read."
            ),
            QCoreApplication.translate(
                "opening",
                "Nothing was changed. "
                "Save what is readable into a new project, or restore a backup.",
            ),
            check,
            (
                QCoreApplication.translate("opening", "Save everything readable"),
                f"annotator recover {quoted} --out NEW.sqlite",
            ),
            backups,
            restore,
        )
    if isinstance(err, OSError) or kind == "unreadable":
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        return problem(
            "unreadable",
            QCoreApplication.translate("opening", "The file cannot be read: {reason}.").format(
                reason=reason
            ),
            QCoreApplication.translate(
                "opening", "Check the file and the disk it is on, then open it again."
            ),
        )
    return problem(
        "unexpected",
        QCoreApplication.translate(
            "opening", "An unexpected error stopped opening it ({__name__})."
        ).format(__name__=type(err).__name__),
        QCoreApplication.translate(
            "opening",
            "If annotator check finds no problem, please report this error with the details below.",
        ),
        check,
        detail="".join(traceback.format_exception(err)).strip(),
    )


def _kind(err: BaseException) -> ProjectErrorKind | None:
    """The kind of problem `err` reports about the file: a ProjectError's own, SQLite's by its
    error code (`store.error_kind`), None for anything else."""
    if isinstance(err, ProjectError):
        return err.kind
    if isinstance(err, SQLiteError):
        return error_kind(err)
    return None


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_problem_box(parent: QWidget | None, problem: OpenProblem) -> QMessageBox:
    """The dialog that shows `problem` (not yet shown)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("opening", "Cannot open project"))
    box.setTextFormat(Qt.TextFormat.RichText)  # also for the informative text
    box.setText(
        QCoreApplication.translate(
            "opening", "<b>Cannot open “{value0}”.</b><p>{value1}</p>"
        ).format(value0=_html(problem.path.name), value1=_html(problem.what))
    )
    commands = "".join(
        f"<p style='white-space:pre'>{_html(purpose)}:<br><code>{_html(command)}</code></p>"
        for purpose, command in problem.commands
    )
    box.setInformativeText(f"<p>{_html(problem.todo)}</p>{commands}")
    box.setDetailedText(f"{problem.path}\n{problem.detail}")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def report_open_problem(
    parent: QWidget | None, path: str | Path, err: BaseException, *, dialog: bool = True
) -> OpenProblem:
    """Say why `path` could not be opened: on stderr, and in a dialog when `dialog`."""
    problem = diagnose(path, err)
    print(f"annotator: error: {problem.text()}", file=sys.stderr)
    if dialog:
        open_problem_box(parent, problem).exec()
    return problem


def assigned_to(project: Project) -> str | None:
    """Whom `annotator assign` made this copy of a project for; None for any other project."""
    name = project.meta().get("assigned_to", "").strip()
    return name or None


def owner_question_box(
    parent: QWidget | None, owner: str, current: str
) -> tuple[QMessageBox, QPushButton]:
    """ "This copy was made for OWNER. Annotate as OWNER?" and its "Annotate as OWNER" button
    (not yet shown)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("opening", "Teammate copy"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        QCoreApplication.translate(
            "opening", "This copy was made for {owner}. Annotate as {owner}?"
        ).format(owner=owner)
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "opening",
            "You are annotating as {current}. Every annotation carries "
            "the name it was made under, and merging brings it back "
            "under that name. Choosing {owner} applies to this session "
            "only.",
        ).format(current=current, owner=owner)
    )
    switch = box.addButton(
        QCoreApplication.translate("opening", "Annotate as {owner}").format(owner=owner),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(
        QCoreApplication.translate("opening", "Keep {current}").format(current=current),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(switch)
    return box, switch


def annotator_for_copy(parent: QWidget | None, owner: str | None, current: str) -> str:
    """The name to annotate as in a copy made for `owner`: `current`, or `owner` if the user
    chooses it when asked (only asked when the two differ)."""
    if owner is None or owner == current:
        return current
    box, switch = owner_question_box(parent, owner, current)
    box.exec()
    return owner if box.clickedButton() is switch else current
