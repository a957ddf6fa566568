"""File > New project… (and the start page's New project…): choose a new file, create an empty
project there with the default label schema, exactly as `annotator new` does (`Project.create`,
which refuses an existing file). The windows open it and offer to import articles.

`choose_new_project_path` is module-level so that tests can replace the file chooser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from annotator.errors import AnnotatorError
from annotator.store import Project, SQLiteError

PROJECT_SUFFIX = ".sqlite"
DEFAULT_NAME = "corpus.sqlite"


def choose_new_project_path(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask where the new project goes; None if the user gave up. A name without a suffix gets
    ".sqlite"."""
    path, _ = QFileDialog.getSaveFileName(
        parent,
        parent.tr("New project")
        if parent is not None
        else QCoreApplication.translate("new_project_dialog", "New project"),
        str(folder / DEFAULT_NAME),
        QCoreApplication.translate("new_project_dialog", "Annotator projects (*.sqlite)"),
        options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused anyway
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(PROJECT_SUFFIX)


def create_project(parent: QWidget | None, path: Path) -> bool:
    """Create the empty project `path` as `annotator new` does; False (said in a dialog) when
    it cannot be: the file exists, or the folder is not writable."""
    try:
        Project.create(path).close()
    except (AnnotatorError, OSError, SQLiteError) as err:
        exists = path.exists()
        what = (
            QCoreApplication.translate(
                "new_project_dialog",
                "“{name}” already exists. Choose another name, or open it with Open project…",
            ).format(name=path.name)
            if exists
            else QCoreApplication.translate(
                "new_project_dialog", "“{path}” cannot be created: {err}"
            ).format(path=path, err=err)
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("new_project_dialog", "New project"),
            what,
            parent=parent,
        )
        box.exec()  # (not the static warning: tests answer `exec`)
        return False
    return True


def new_project(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for a new project file and create it: its path, or None (gave up, or it could not
    be created: the user was told why)."""
    path = choose_new_project_path(parent, folder)
    if path is None or not create_project(parent, path):
        return None
    return path
