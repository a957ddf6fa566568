"""The main window's plugged-in parts: the find bar (Ctrl+F) and the label schema editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_support import find_span, make_project, make_window

TEXT = "قالت الوزارة إن القصف استمر. وقال مسؤول في الوزارة إن الوزاره لن ترد."


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "w.sqlite", [("a", TEXT), ("b", "نص آخر عن الوزارة")])
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    return make_window(qtbot, project, "tester")


def test_ctrl_f_highlights_hits_and_annotate_all_is_undoable(qtbot, window, project):
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar is not None and bar.isVisible()
    bar.query_edit.setText("الوزارة")
    bar.refresh()
    expected = [
        find_span(TEXT, "الوزارة", 0),
        find_span(TEXT, "الوزارة", 1),
        find_span(TEXT, "الوزاره", 0),  # normalized: teh marbuta and heh match
    ]
    assert window.view._find_ranges == sorted(expected)
    bar.find_next()
    assert window.view.selected_range() in expected
    bar.set_label("ACTOR")
    assert bar.annotate_all() is not None
    stored = sorted((a.label, a.start, a.end) for a in project.annotations(1, "tester"))
    assert stored == sorted(("ACTOR", s, e) for s, e in expected)
    assert len(window.session.annotations) == 3
    assert len(window.view._layers) == 3
    window.undo_stack.undo()
    assert project.annotations(1, "tester") == []
    assert window.session.annotations == {}
    assert len(window.view._layers) == 0


def test_find_starts_with_the_selected_text(qtbot, window):
    start, end = find_span(TEXT, "القصف")
    window.view.select_range(start, end)
    window.show_find_bar()
    assert window.find_bar.query() == "القصف"


def test_schema_changes_show_at_once(qtbot, window, project, monkeypatch):
    from annotator.gui import schema_editor

    start, end = find_span(TEXT, "الوزارة")
    window.editor.annotate("ACTOR", start, end)

    def edit(dialog):
        project.rename_label("ACTOR", "SOURCE")
        dialog.schemaChanged.emit()
        return 1

    monkeypatch.setattr(schema_editor.SchemaEditorDialog, "exec", edit)
    window.edit_label_schema()
    assert "SOURCE" in window.palette.buttons and "ACTOR" not in window.palette.buttons
    assert [a.label for a in window.session.annotations.values()] == ["SOURCE"]
    assert {i.label for i in window.view._layers.items()} == {"SOURCE"}
    window.view.select_range(*find_span(TEXT, "القصف"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the renamed label keeps its hotkey
    assert sorted(a.label for a in project.annotations(1, "tester")) == ["SOURCE", "SOURCE"]


def test_review_menu_opens_current_document_in_review(qtbot, window, project):
    from annotator.gui.review import ReviewWindow

    start, end = find_span(TEXT, "الوزارة")
    project.add_annotation(1, "tester", "ACTOR", start, end)
    project.add_annotation(1, "other", "ACTOR", start, end)
    window.review_action.trigger()
    reviews = [w for w in window.findChildren(ReviewWindow)]
    assert len(reviews) == 1
    review = reviews[0]
    qtbot.addWidget(review)
    assert review.review.state.document_id == window.session.document_id
    # both annotators agree: the span was merged into gold on first opening
    assert [(a.start, a.end) for a in project.annotations(1, "gold")] == [(start, end)]
    review.close()


def test_dashboard_menu_opens_the_dashboard(qtbot, window):
    from annotator.gui.dashboard import AgreementDashboard

    window.dashboard_action.trigger()
    dashboards = window.findChildren(AgreementDashboard)
    assert len(dashboards) == 1
    dashboards[0].close()


def test_file_export_opens_the_export_dialog(qtbot, window, monkeypatch):
    from annotator.gui import export_dialog

    shown = []
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: shown.append(self) or 0)
    window.export_action.trigger()
    assert len(shown) == 1 and shown[0].project is window.project


def test_help_adds_the_app_to_the_desktop_menus_without_the_terminal(
    qtbot, window, tmp_path, monkeypatch
):
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    told: list[tuple[str, str]] = []
    window.tell = lambda title, text: told.append((title, text))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.desktop_entry_action in help_menu.actions()
    window.desktop_entry_action.trigger()
    entry = tmp_path / "share" / "applications" / "annotator.desktop"
    assert entry.is_file() and "MimeType=" in entry.read_text(encoding="utf-8")
    [(_, text)] = told
    assert str(tmp_path / "share") in text and "application menu" in text


def test_a_desktop_entry_that_cannot_be_written_is_said_and_nothing_breaks(
    qtbot, window, tmp_path, monkeypatch
):
    import sys

    monkeypatch.setattr(sys, "platform", "linux")
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    told: list[tuple[str, str]] = []
    window.tell = lambda title, text: told.append((title, text))
    window.desktop_entry_action.trigger()
    [(_, text)] = told
    assert "could not be written" in text
