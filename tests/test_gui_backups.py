"""Backups in the workbench: the snapshot on open and every 30 minutes of editing
(`BackupTimer`), and File > Backups… (`BackupsDialog`), whose restore reloads the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from test_gui_support import find_span, make_project, make_window

from annotator.gui import backups_dialog
from annotator.gui.backup_timer import BackupTimer
from annotator.gui.backups_dialog import BackupsDialog
from annotator.store import Project, backups

TEXT = "قالت الوزارة إن القصف استمر. وقال مسؤول في الوزارة إن الوزاره لن ترد."


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "w.sqlite", [("a", TEXT), ("b", "نص آخر عن الوزارة")])
    yield project
    project.close()


@pytest.fixture
def answer(monkeypatch):
    """Set `answer.reply` to what the confirmation question returns; `answer.asked` and
    `answer.warned` record the questions and warnings shown."""

    class Answer:
        reply = QMessageBox.StandardButton.Yes
        asked: list[str] = []
        warned: list[str] = []

    def question(parent, title, text, *args):
        Answer.asked.append(text)
        return Answer.reply

    def warning(parent, title, text, *args):
        Answer.warned.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(backups_dialog.QMessageBox, "question", question)
    monkeypatch.setattr(backups_dialog.QMessageBox, "warning", warning)
    return Answer


def reasons(path: Path) -> list[str]:
    return [s.reason for s in backups.list_snapshots(path)]


# ------------------------------------------------------------------ the timer


def test_a_snapshot_on_start_then_only_after_writing(qtbot, project):
    timer = BackupTimer(project)
    with qtbot.waitSignal(timer.taken, timeout=30000) as opened:
        timer.start()
    assert opened.args[0].reason == "open" and timer.active
    assert reasons(project.path) == ["open"]
    assert timer.check() is False  # nothing written since
    project.add_annotation(project.document_ids()[0], "ali", "ACTOR", 0, 4)
    with qtbot.waitSignal(timer.taken, timeout=30000) as later:
        assert timer.check() is True
    assert later.args[0].reason == "timer"
    assert timer.check() is False
    assert reasons(project.path) == ["timer", "open"]
    assert backups.list_snapshots(project.path, counts=True)[0].annotations == 1
    timer.stop()
    assert not timer.active


def test_one_snapshot_at_a_time(qtbot, project):
    timer = BackupTimer(project)
    with qtbot.waitSignal(timer.taken, timeout=30000):
        assert timer.snapshot(backups.MANUAL) is True
        assert timer.snapshot(backups.MANUAL) is False  # the first is under way
    timer.stop()
    assert reasons(project.path) == ["manual"]


def test_a_failed_snapshot_is_reported(qtbot, project, tmp_path, monkeypatch):
    timer = BackupTimer(project)
    monkeypatch.setattr(project, "path", tmp_path / "gone.sqlite")
    with qtbot.waitSignal(timer.failed, timeout=30000) as failed:
        timer.snapshot(backups.TIMER)
    assert failed.args[0].startswith("Backup not taken:") and "gone.sqlite" in failed.args[0]
    timer.stop()


def test_the_app_window_takes_a_snapshot_on_open_and_stops_when_closed(qtbot, tmp_path):
    from annotator.gui.main_window import MainWindow

    path = tmp_path / "app.sqlite"
    make_project(path, [("a", TEXT)]).close()
    window = MainWindow(Project.open(path), "tester", owns_project=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_timer.taken, timeout=30000):
        window.show()
    assert reasons(path) == ["open"]
    assert window.backup_timer.active
    window.close()
    assert not window.backup_timer.active


def test_windows_for_screenshots_and_tests_take_none(qtbot, project):
    window = make_window(qtbot, project)  # restore_layout=False, as a screenshot
    assert not window.backup_timer.active and not window.backup_timer.busy()
    assert reasons(project.path) == []


# ------------------------------------------------------------------ the dialog


def test_the_dialog_lists_snapshots_and_takes_one(qtbot, project):
    backups.take_snapshot(project, backups.OPEN)
    dialog = BackupsDialog(project)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (0, 2, 4, 5)] == ["1", "open", "2", "0"]
    dialog.take_button.click()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == "manual"
    assert dialog.selected() is not None and dialog.selected().number == 1
    assert dialog.restore_button.isEnabled()


def test_restore_from_the_window_reloads_it_and_clears_undo(qtbot, project, answer, monkeypatch):
    window = make_window(qtbot, project)
    backups.take_snapshot(project, backups.OPEN)
    start, end = find_span(TEXT, "الوزارة")
    ann = window.editor.annotate("ACTOR", start, end)
    assert ann is not None and ann.uuid in window.session.annotations
    assert window.undo_stack.count() == 1
    shown = []

    def restore_oldest(dialog):
        shown.append(dialog)
        dialog.table.selectRow(dialog.table.rowCount() - 1)
        dialog.restore_selected()
        return 0

    monkeypatch.setattr(BackupsDialog, "exec", restore_oldest)
    window.backups_action.trigger()
    assert len(shown) == 1 and len(answer.asked) == 1
    assert "snapshot 1" in answer.asked[0]
    assert window.session.annotations == {}  # the window shows the restored state
    assert project.annotations(window.session.document_id) == []
    assert window.undo_stack.count() == 0
    assert window.session.document is not None and window.session.document.name == "a"
    assert reasons(project.path) == ["before restore", "open"]
    assert shown[0].table.rowCount() == 2
    assert "before-restore" in shown[0].status.text()
    window.editor.annotate("ACTOR", start, end)  # the window goes on working
    assert len(project.annotations(window.session.document_id)) == 1


def test_cancelled_restore_changes_nothing(qtbot, project, answer):
    backups.take_snapshot(project, backups.OPEN)
    project.add_annotation(project.document_ids()[0], "ali", "ACTOR", 0, 4)
    dialog = BackupsDialog(project)
    qtbot.addWidget(dialog)
    answer.reply = QMessageBox.StandardButton.Cancel
    with qtbot.assertNotEmitted(dialog.restored):
        dialog.restore_selected()
    assert len(answer.asked) == 1
    assert len(project.annotations(project.document_ids()[0])) == 1
    assert reasons(project.path) == ["open"]


def test_a_damaged_snapshot_is_refused_with_a_message(qtbot, project, answer):
    snapshot = backups.take_snapshot(project, backups.OPEN)
    data = bytearray(snapshot.path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size : 3 * page_size] = b"\xa5" * (2 * page_size)
    snapshot.path.write_bytes(bytes(data))
    project.add_annotation(project.document_ids()[0], "ali", "ACTOR", 0, 4)
    dialog = BackupsDialog(project)
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.restored):
        dialog.restore_selected()
    assert len(answer.warned) == 1 and snapshot.name in answer.warned[0]
    assert len(project.annotations(project.document_ids()[0])) == 1
