"""`annotator gui FILE` and File > Open on damaged and foreign files: a dialog naming the file,
what is wrong in plain words and what to do; never a traceback; the open project stays open."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_gui_support import make_project, make_window, seed_texts

from annotator.gui import launch, main_window, opening
from annotator.gui.opening import diagnose
from annotator.gui.settings import Settings
from annotator.store import Project, ProjectError


@pytest.fixture
def shown(monkeypatch) -> list[QMessageBox]:
    """Every message box shown from now on (none is really shown: exec returns at once)."""
    boxes: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


@pytest.fixture
def no_event_loop(monkeypatch):
    """`launch.run` returns instead of running the app's event loop."""
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)


def _page_of(path: Path, table: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        return size, root.fetchone()[0]
    finally:
        conn.close()


def _damage(path: Path, page: int, size: int) -> None:
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = b"\xee" * size
    path.write_bytes(bytes(data))


def bad_file(tmp_path: Path, kind: str) -> Path:
    """A file of `kind` that cannot be opened as a project (test data, so written directly)."""
    path = tmp_path / f"{kind.replace(' ', '_')}.sqlite"
    if kind == "text":
        path.write_text("id,text\n1,not a database\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "other sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE songs(title TEXT)")
        conn.commit()
        conn.close()
    elif kind in ("truncated", "damaged schema", "damaged labels", "newer"):
        make_project(path, seed_texts()[:2]).close()
        if kind == "truncated":
            path.write_bytes(path.read_bytes()[:5000])
        elif kind == "damaged schema":
            size, _ = _page_of(path, "meta")
            _damage(path, 1, size)  # the page holding the schema
            data = bytearray(path.read_bytes())
            data[:16] = b"SQLite format 3\x00"
            path.write_bytes(bytes(data))
        elif kind == "damaged labels":  # opens, fails at the first read of the labels
            _damage(path, *reversed(_page_of(path, "labels")))
        else:
            conn = sqlite3.connect(path)
            conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
            conn.commit()
            conn.close()
    elif kind != "missing":
        raise ValueError(kind)
    return path


# kind of file -> (words the dialog's text must hold, words its advice must hold)
CASES = {
    "text": ("not an annotator project", "annotator import"),
    "empty": ("empty", "annotator backups"),
    "other sqlite": ("not an annotator project", "annotator new"),
    "truncated": ("damaged", "annotator recover"),
    "damaged schema": ("not an annotator project", "annotator check"),  # SQLite cannot tell
    "damaged labels": ("damaged", "annotator recover"),
    "newer": ("newer version", "Upgrade annotator"),
    "missing": ("does not exist", "moved"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_annotator_gui_on_a_bad_file_shows_a_dialog(tmp_path, kind, shown, capsys, no_event_loop):
    path = bad_file(tmp_path, kind)
    assert launch.run(path, annotator="ali") == 2
    (box,) = shown
    what, todo = CASES[kind]
    assert path.name in box.text() and what in box.text()
    assert todo in box.informativeText()
    assert str(path) in box.detailedText()
    assert box.icon() == QMessageBox.Icon.Critical
    if kind in ("truncated", "damaged labels"):
        for command in ("annotator check", "annotator recover", "annotator backups"):
            assert f"{command} {path}" in box.informativeText()
    if kind == "damaged schema":
        for command in ("annotator check", "annotator backups"):
            assert f"{command} {path}" in box.informativeText()
    err = capsys.readouterr().err
    assert "Traceback" not in err and path.name in err and what in err  # and on stderr
    assert Settings().recent_projects() == []
    assert main_window._open_windows == []


def test_a_file_without_read_permission_is_explained(tmp_path, shown, monkeypatch, no_event_loop):
    path = make_project(tmp_path / "locked_away.sqlite", seed_texts()[:1])
    path.close()
    path = tmp_path / "locked_away.sqlite"
    os.chmod(path, 0)
    if os.geteuid() == 0:  # root reads anything: make the file unreadable to this process
        real_access, real_open = os.access, Project.open.__func__

        def access(target, mode, *args, **kwargs):
            return False if Path(target) == path else real_access(target, mode, *args, **kwargs)

        def refuse(cls, target, **kwargs):
            if Path(target) == path:
                raise sqlite3.OperationalError("unable to open database file")
            return real_open(cls, target, **kwargs)

        monkeypatch.setattr(opening.os, "access", access)
        monkeypatch.setattr(Project, "open", classmethod(refuse))
    try:
        assert launch.run(path, annotator="ali") == 2
    finally:
        os.chmod(path, 0o644)
    (box,) = shown
    assert "permission to read" in box.text() and path.name in box.text()
    assert "access" in box.informativeText()


def test_a_screenshot_of_a_bad_file_reports_on_stderr_only(tmp_path, shown, capsys):
    path = bad_file(tmp_path, "text")
    assert launch.run(path, annotator="ali", screenshot=tmp_path / "shot.png") == 2
    assert shown == []
    assert "not an annotator project" in capsys.readouterr().err
    assert not (tmp_path / "shot.png").exists()


def test_cli_without_a_display_still_says_so_on_stderr(tmp_path, monkeypatch, capsys, shown):
    from annotator.cli import main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["gui", str(tmp_path / "gone.sqlite"), "--annotator", "x"]) == 2
    assert "no such project file" in capsys.readouterr().err
    assert shown == []


@pytest.fixture
def current(qtbot, tmp_path):
    """A window on a good project, as File > Open starts from."""
    project = make_project(tmp_path / "good.sqlite", seed_texts()[:2])
    window = make_window(qtbot, project, "ali")
    yield window
    window.close()
    project.close()


@pytest.mark.parametrize("kind", ["text", "empty", "truncated", "damaged labels", "newer"])
def test_file_open_on_a_bad_file_keeps_the_current_project(tmp_path, current, shown, kind):
    path = bad_file(tmp_path, kind)
    before = current.session.document_id
    current.open_project(path)
    (box,) = shown
    assert box.parent() is current and path.name in box.text() and CASES[kind][0] in box.text()
    assert current.isVisible() and main_window._open_windows == [current]
    assert current.project.document_rows(0, 5)  # still open and readable
    assert current.session.document_id == before
    current.editor.annotate("ACTOR", 0, 4)  # and still annotating
    assert len(current.project.annotations(before, "ali")) == 1
    assert str(path.resolve()) not in Settings().recent_projects()


def test_open_recent_of_a_moved_file_explains_and_forgets_it(tmp_path, current, shown):
    moved = tmp_path / "moved.sqlite"
    make_project(moved, seed_texts()[:1]).close()
    current.settings.add_recent_project(moved)
    moved.rename(tmp_path / "elsewhere.sqlite")
    current._fill_recent_menu()
    (action,) = [a for a in current.recent_menu.actions() if a.text() == str(moved.resolve())]
    action.trigger()
    (box,) = shown
    assert "does not exist" in box.text()
    assert str(moved.resolve()) not in Settings().recent_projects()
    assert current.isVisible()


def test_an_unexpected_error_while_opening_is_shown_with_its_details(
    tmp_path, current, shown, monkeypatch
):
    other = tmp_path / "other.sqlite"
    make_project(other, seed_texts()[:1]).close()
    closed = []
    real_close = Project.close

    def close(project):
        closed.append(project.path)
        real_close(project)

    def broken(window, document_id=None):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(Project, "close", close)
    monkeypatch.setattr(main_window.MainWindow, "open_initial_document", broken)
    current.open_project(other)
    (box,) = shown
    assert "unexpected error" in box.text() and "RuntimeError" in box.text()
    assert "something nobody expected" in box.detailedText()
    assert "Traceback" in box.detailedText()
    assert closed == [other]  # the half-opened project was closed again
    assert main_window._open_windows == [current]


def test_file_open_on_a_good_project_still_opens_it(tmp_path, current, shown, qtbot):
    other = tmp_path / "other.sqlite"
    make_project(other, seed_texts()[:1]).close()
    current.open_project(other)
    assert shown == []
    (window,) = [w for w in main_window._open_windows if w is not current]
    qtbot.addWidget(window)
    assert window.project.path == other and window.session.annotator == "ali"
    assert Settings().recent_projects()[0] == str(other.resolve())
    window.close()


def _coded(error: sqlite3.Error, code: int) -> sqlite3.Error:
    error.sqlite_errorcode = code  # as SQLite sets it on the errors it raises
    return error


# words that would mislead a dialog chosen by wording: the kind alone must decide
MISLEADING = "database is locked; written by a newer version; not an annotator project; read-only"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ProjectError(MISLEADING, kind="missing"), "missing"),
        (ProjectError(MISLEADING, kind="too_new"), "newer"),
        (ProjectError(MISLEADING, kind="not_database"), "not sqlite"),
        (ProjectError(MISLEADING, kind="not_project"), "not a project"),
        (ProjectError(MISLEADING, kind="in_use"), "locked"),
        (ProjectError(MISLEADING, kind="not_upgraded"), "upgrade"),
        (ProjectError(MISLEADING, kind="read_only"), "read-only"),
        (ProjectError(MISLEADING, kind="damaged"), "damaged"),
        (ProjectError("cannot open: no words to go by", kind="other"), "damaged"),
        (_coded(sqlite3.OperationalError(MISLEADING), sqlite3.SQLITE_BUSY), "locked"),
        (_coded(sqlite3.OperationalError(MISLEADING), sqlite3.SQLITE_READONLY), "read-only"),
        (_coded(sqlite3.DatabaseError(MISLEADING), sqlite3.SQLITE_CORRUPT), "damaged"),
        (_coded(sqlite3.DatabaseError(MISLEADING), sqlite3.SQLITE_NOTADB), "not sqlite"),
        (OSError(5, "Input/output error"), "unreadable"),
        (RuntimeError(MISLEADING), "unexpected"),
    ],
)
def test_the_dialog_follows_the_kind_of_error_not_its_wording(tmp_path, error, kind):
    path = tmp_path / "p.sqlite"
    make_project(path, seed_texts()[:1]).close()
    problem = diagnose(path, error)
    assert problem.kind == kind
    assert problem.what and problem.todo and str(error) in problem.detail


@pytest.mark.parametrize(
    ("kind", "dialog"),
    [("text", "not sqlite"), ("other sqlite", "not a project"), ("newer", "newer")],
)
def test_opening_raises_the_kind_the_dialog_is_chosen_by(tmp_path, kind, dialog):
    path = bad_file(tmp_path, kind)
    with pytest.raises(ProjectError) as refused:
        Project.open(path)
    assert diagnose(path, refused.value).kind == dialog
