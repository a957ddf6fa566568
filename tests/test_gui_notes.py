"""Notes in the workbench: N (and the menus) write a note through the note dialog, one undo
step each; notes show in the span's tooltip and the annotation table; a deleted span's notes
come back with its undo; a document marked done stays done."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_support import make_project, make_window

from annotator.gui import notes as gui_notes
from annotator.gui.annotation_panel import COLUMNS
from annotator.rules import DONE

TEXT = "قال المتحدث باسم وزارة الدفاع إن القوات صدت هجوما واسعا على الحدود."


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "notes.sqlite", [("one", TEXT), ("two", TEXT + " ثانية")])
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    return make_window(qtbot, project, "lina")


def answer_dialogs(monkeypatch, text: str, needs_review: bool) -> list[gui_notes.NoteDialog]:
    """The note dialog, when opened, is filled in with `text` and the flag, then OK."""
    opened: list[gui_notes.NoteDialog] = []

    def exec_(dialog: gui_notes.NoteDialog) -> int:
        opened.append(dialog)
        dialog.text_edit.setPlainText(text)
        dialog.review_box.setChecked(needs_review)
        dialog.accept()
        return 1

    monkeypatch.setattr(gui_notes.NoteDialog, "exec", exec_)
    return opened


def ministry(window):
    start = TEXT.index("وزارة")
    return window.editor.annotate("ACTOR", start, start + len("وزارة الدفاع"))


def note_cell(window, uuid: str) -> str:
    model = window.annotation_panel.model
    model.flush()
    row = model.row_of(uuid)
    return model.data(model.index(row, COLUMNS.index("Note")))


def test_n_writes_a_note_on_the_selected_span_undoably(qtbot, window, project, monkeypatch):
    span = ministry(window)
    view = window.view
    view.select_annotation(span.uuid)
    view.setFocus()
    answer_dialogs(monkeypatch, "وزارة أم جيش؟", True)
    qtbot.keyClick(view, Qt.Key.Key_N)
    [note] = project.notes(annotation_uuid=span.uuid)
    assert (note.author, note.text, note.needs_review) == ("lina", "وزارة أم جيش؟", True)
    assert "وزارة أم جيش؟" in view.describe(window.session.annotations[span.uuid])
    assert note_cell(window, span.uuid) == "⚑ وزارة أم جيش؟"
    assert [f.document_id for f in project.flagged_documents()] == [span.document_id]
    assert window.editor.undo()
    assert project.notes() == []
    assert note_cell(window, span.uuid) == ""
    assert window.editor.redo()
    assert project.notes() == [note]


def test_editing_and_unflagging_are_steps_too(window, project, monkeypatch):
    span = ministry(window)
    window.view.select_annotation(span.uuid)
    answer_dialogs(monkeypatch, "first", False)
    window.view.edit_note()
    answer_dialogs(monkeypatch, "second", False)
    window.view.edit_note()
    window.view.toggle_review()
    [note] = project.notes()
    assert (note.text, note.needs_review) == ("second", True)
    window.editor.undo()
    assert [(n.text, n.needs_review) for n in project.notes()] == [("second", False)]
    window.editor.undo()
    assert [n.text for n in project.notes()] == ["first"]


def test_a_deleted_spans_notes_come_back_with_its_undo(window, project):
    span = ministry(window)
    window.editor.write_note(span.uuid, "check", True)
    [note] = project.notes()
    window.editor.delete([span.uuid])
    assert project.notes() == []
    assert window.session.notes == []
    window.editor.undo()
    assert project.notes() == [note]
    assert window.session.notes_on(span.uuid) == [note]
    assert note_cell(window, span.uuid) == "⚑ check"


def test_document_notes_from_the_document_menu(window, project, monkeypatch):
    document = window.session.document_id
    project.set_status(document, "lina", DONE)
    window.session.reload()
    answer_dialogs(monkeypatch, "النص مكرر", False)
    window.document_note_action.trigger()
    window.document_review_action.trigger()
    [note] = project.notes(document, documents_only=True)
    assert (note.text, note.needs_review) == ("النص مكرر", True)
    assert project.status(document, "lina") == DONE  # a note is no edit of the annotations
    window.editor.undo()
    window.editor.undo()
    assert project.notes() == []
    assert project.status(document, "lina") == DONE


def test_others_notes_show_in_the_dialog_and_the_tooltip(qtbot, window, project, monkeypatch):
    span = ministry(window)
    project.add_note(span.document_id, "mona", "من المتحدث؟", annotation_uuid=span.uuid)
    window.session.reload()
    opened = answer_dialogs(monkeypatch, "mine", False)
    window.view.select_annotation(span.uuid)
    window.view.edit_note()
    assert "من المتحدث؟" in opened[0].others.text()
    described = window.view.describe(window.session.annotations[span.uuid])
    assert "mona" in described and "mine" in described
    assert note_cell(window, span.uuid) == "✎ من المتحدث؟ (+1)"


def test_the_document_list_filters_documents_with_flagged_notes(window, project):
    one, two = project.document_ids()
    project.add_note(two, "mona", "", needs_review=True)
    project.add_note(one, "mona", "not flagged")
    window.session.set_blind(False)  # a lead going through everyone's flags
    panel = window.documents
    panel.flagged_box.setChecked(True)
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [two]
    assert "1 listed" in panel.progress_label.text()
    span = ministry(window)  # document one is open
    window.editor.write_note(span.uuid, "flagged now", True)
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [one, two]
    panel.flagged_box.setChecked(False)
    assert panel.model.rowCount() == 2


def test_in_blind_mode_the_flag_filter_tells_nothing_of_others_flags(window, project):
    """Blind: only the annotator's own flagged notes and flags on their own spans count."""
    one, two = project.document_ids()
    start = TEXT.index("القوات")
    monas = project.add_annotation(two, "mona", "ACTOR", start, start + len("القوات"))
    project.add_note(two, "mona", "is it?", annotation_uuid=monas.uuid, needs_review=True)
    project.add_note(two, "omar", "", needs_review=True)  # another's flag on the document
    panel = window.documents
    panel.flagged_box.setChecked(True)
    assert panel.model.rowCount() == 0
    span = ministry(window)  # document one is open
    project.add_note(one, "lead", "check", annotation_uuid=span.uuid, needs_review=True)
    panel.notes_changed()
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [one]
    window.session.set_blind(False)  # others shown: every flag
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [one, two]
    window.session.set_blind(True)
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [one]
    project.add_note(two, "lina", "", needs_review=True)  # her own, on the document
    panel.notes_changed()
    assert [panel.model.document_id(r) for r in range(panel.model.rowCount())] == [one, two]


def test_notes_show_in_the_review_lanes_and_the_candidate_list(qtbot, tmp_path):
    from test_adjudication import THREE_SHORT, build_doc, proposal

    from annotator.gui.review import ReviewWindow
    from annotator.store import Project

    with Project.create(tmp_path / "review.sqlite") as project:
        doc = build_doc(project)
        noted = proposal(project, doc, "amal", "CASUALTY", THREE_SHORT)
        project.add_note(
            doc, "amal", "ثلاثة أم أكثر؟", annotation_uuid=noted.uuid, needs_review=True
        )
        project.add_note(doc, "badr", "الخبر مكرر", needs_review=True)
        window = ReviewWindow(project)
        qtbot.addWidget(window)
        window.show()
        window.open_document(doc)
        qtbot.keyClick(window.review.view, Qt.Key.Key_N)  # the first disagreement: the casualties
        items = {
            window.review.proposal_list.item(row).data(256): window.review.proposal_list.item(row)
            for row in range(window.review.proposal_list.count())
        }
        assert items[noted.uuid].text().endswith("⚑ ثلاثة أم أكثر؟")
        assert "ثلاثة أم أكثر؟" in items[noted.uuid].toolTip()
        assert "ثلاثة أم أكثر؟" in window.review.view.tooltip_for(noted.uuid)
        header = window.review.header
        assert "✎ 1 note(s) on the document (⚑ 1 need review)" in header.text()
        assert "الخبر مكرر" in header.toolTip()
        others = [uuid for uuid in items if uuid != noted.uuid]
        assert others and all("⚑" not in items[uuid].text() for uuid in others)
        window.close()
