"""Edit > Find annotations… (the query dock): results in context, opening one, relabelling and
deleting all of them as one undo step, only the annotator's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_gui_support import find_span, make_project, make_window

from annotator.rules import DONE, SOURCE

FIRST = "قال المتحدث باسم الحكومة إن الحكومة سترد. وأكدت الوزارة ذلك."
SECOND = "نفت الحكومة الخبر، وقالت إنها لم تقصف المدينة."


@pytest.fixture
def window(qtbot, tmp_path: Path, request):
    """A blind window (an annotator's); parametrized indirectly with False: the lead's, every
    annotator's work shown."""
    project = make_project(tmp_path / "q.sqlite", [("first", FIRST), ("second", SECOND)])
    one, two = project.document_ids()
    ids = {}
    ids["speaker"] = project.add_annotation(
        one, "tester", "ACTOR", *find_span(FIRST, "المتحدث باسم الحكومة")
    ).uuid
    ids["claim"] = project.add_annotation(
        one, "tester", "CLAIM", *find_span(FIRST, "الحكومة سترد")
    ).uuid
    project.add_relation(one, "tester", SOURCE, ids["claim"], ids["speaker"])
    ids["mine"] = project.add_annotation(one, "tester", "ACTOR", *find_span(FIRST, "الوزارة")).uuid
    ids["there"] = project.add_annotation(
        two, "tester", "ACTOR", *find_span(SECOND, "الحكومة")
    ).uuid
    ids["mona"] = project.add_annotation(two, "mona", "ACTOR", *find_span(SECOND, "المدينة")).uuid
    win = make_window(qtbot, project, "tester", blind=getattr(request, "param", True))
    win.open_document(one)
    win.ids = ids
    win.documents_ = (one, two)
    yield win
    win.close()
    project.close()


def run_query(window, text: str):
    window.find_annotations_action.trigger()
    panel = window.query_panel
    panel.query_field.setText(text)
    panel.run()
    return panel


LEAD = pytest.mark.parametrize("window", [False], indirect=True, ids=["lead"])


@LEAD
def test_ctrl_shift_f_shows_the_dock_with_results_right_to_left(window, qtbot) -> None:
    assert QKeySequence("Ctrl+Shift+F") in window.find_annotations_action.shortcuts()
    assert not window.docks["query"].isVisible()
    window.find_annotations_action.trigger()
    qtbot.wait(10)
    assert window.docks["query"].isVisible()
    panel = window.query_panel
    assert panel.query_field.hasFocus()
    panel = run_query(window, "label=ACTOR")
    assert panel.model.rowCount() == 4
    texts = [panel.model.row(i).text for i in range(4)]
    assert texts == ["المتحدث باسم الحكومة", "الوزارة", "الحكومة", "المدينة"]
    assert panel.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # the context column shows before [span] after
    first = panel.model.index(0, 0).data()
    assert first.startswith("…قال [المتحدث باسم الحكومة] إن")
    assert "3 listed are yours" in panel.status_label.text()
    image = panel.table.grab().toImage()  # the delegate paints without error
    assert not image.isNull()


def test_a_bad_query_is_named_in_the_panel(window) -> None:
    panel = run_query(window, "label=ACTOR outcom=injured")
    assert panel.model.rowCount() == 0
    assert "'outcom=injured'" in panel.status_label.text()
    assert not panel.relabel_button.isEnabled()


def test_activating_a_result_opens_its_document_at_the_span(window, qtbot) -> None:
    one, two = window.documents_
    panel = run_query(window, "text~الحكومة label=ACTOR")
    row = next(i for i in range(panel.model.rowCount()) if panel.model.row(i).document_id == two)
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.session.document_id == two
    assert window.view.selected_annotation == window.ids["there"]
    # another annotator's span is not listed in a blind window, even when asked for
    panel = run_query(window, "annotator=mona")
    assert panel.model.rowCount() == 0


@LEAD
def test_relabel_all_is_one_undo_step_on_own_annotations_only(window, monkeypatch) -> None:
    project = window.project
    ids = window.ids
    panel = run_query(window, "label=ACTOR")
    asked = []
    monkeypatch.setattr(panel, "confirm", lambda title, text: asked.append(text) or True)
    steps = window.undo_stack.count()
    assert panel.relabel_all("CLAIM") == 3
    assert "1 other annotators' results stay" in asked[0]
    assert window.undo_stack.count() == steps + 1
    assert {project.annotation(ids[k]).label for k in ("speaker", "mine", "there")} == {"CLAIM"}
    assert project.annotation(ids["mona"]).label == "ACTOR"
    assert project.relations(window.documents_[0]) == []  # a CLAIM is no source
    window.query_panel.refresh()
    assert [panel.model.row(i).annotator for i in range(panel.model.rowCount())] == ["mona"]
    assert window.editor.undo()
    assert {project.annotation(ids[k]).label for k in ("speaker", "mine", "there")} == {"ACTOR"}
    (relation,) = project.relations(window.documents_[0])
    assert (relation.head, relation.tail) == (ids["claim"], ids["speaker"])
    assert window.session.annotations[ids["speaker"]].label == "ACTOR"  # the view follows
    assert window.editor.redo()
    assert project.annotation(ids["there"]).label == "CLAIM"


def test_delete_all_is_one_undo_step_and_reopens_done_documents(window, qtbot) -> None:
    project = window.project
    ids = window.ids
    one, two = window.documents_
    project.set_status(two, "tester", DONE)
    panel = run_query(window, "text~الحكومة")
    panel.confirm = lambda title, text: True
    assert panel.delete_all() == 3  # speaker, claim and the one in «second»
    gone = [ids["speaker"], ids["claim"], ids["there"]]
    assert all(
        uuid not in {a.uuid for a in project.annotations(d)} for d in (one, two) for uuid in gone
    )
    assert project.status(two, "tester") != DONE  # edited: in progress again
    assert window.editor.undo()
    assert {a.uuid for a in project.annotations(one)} >= {ids["speaker"], ids["claim"]}
    assert len(project.relations(one)) == 1
    assert project.status(two, "tester") == DONE
    qtbot.wait(10)  # the results are read again after the undo
    assert panel.model.rowCount() == 3


@LEAD
def test_nothing_of_others_changes(window) -> None:
    panel = run_query(window, "annotator=mona")
    told = []
    panel.inform = told.append
    panel.confirm = lambda title, text: pytest.fail("nothing to ask")
    assert panel.delete_all() == 0 and panel.relabel_all("CLAIM") == 0
    assert "other annotators'" in told[0]
    assert window.project.annotation(window.ids["mona"]).label == "ACTOR"
    assert window.editor.owned([window.ids["mona"]]) == []


def test_the_consistency_dock_lists_findings_that_open_their_place(window, qtbot) -> None:
    one, two = window.documents_
    panel = window.consistency_panel
    with qtbot.waitSignal(panel.checked, timeout=20000):
        window.consistency_action.trigger()  # checks in the background
    assert window.docks["consistency"].isVisible()
    assert panel.who.currentText() == "tester"
    findings = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    # «الحكومة» is tester's ACTOR in «second», not labelled inside the CLAIM «الحكومة سترد» of
    # «first» (the one in the ACTOR «المتحدث باسم الحكومة» is covered)
    (unlabelled,) = [item for item in findings if "«الحكومة»" in item.text(0)]
    assert "not at 1 other place(s)" in unlabelled.text(0)
    place = unlabelled.child(0)
    assert "(not labelled)" in place.text(1)
    panel.tree.itemActivated.emit(place, 0)
    assert window.session.document_id == one
    assert window.view.selected_range() == find_span(FIRST, "الحكومة", 1)
    assert "tester: «الحكومة»" in unlabelled.text(0)


def test_results_are_read_again_after_a_change_when_shown(window, qtbot) -> None:
    panel = run_query(window, "label=ACTOR annotator=tester")
    assert panel.model.rowCount() == 3
    window.docks["query"].hide()
    assert window.editor.delete_all([window.ids["mine"]]) == 1
    qtbot.wait(10)
    assert panel.model.rowCount() == 3  # hidden: not read on every edit
    window.show_query_panel()
    qtbot.wait(10)
    assert panel.model.rowCount() == 2
    window.editor.undo()  # shown: read at once
    qtbot.wait(10)
    assert panel.model.rowCount() == 3


def test_undoing_delete_all_brings_back_the_notes_on_the_spans(window, qtbot) -> None:
    """Delete all keeps the notes on the spans it deletes (anyone's) for its undo."""
    project = window.project
    claim = window.ids["claim"]
    one, _ = window.documents_
    mine = project.add_note(one, "tester", "the city or the government?", annotation_uuid=claim)
    lead = project.add_note(one, "lead", "the government", annotation_uuid=claim, needs_review=True)
    assert window.editor.delete_all([claim]) == 1
    assert project.notes_on([claim]) == []
    assert window.editor.undo()
    assert project.notes_on([claim]) == [mine, lead]
    assert window.editor.redo()
    assert project.notes_on([claim]) == []


def test_blind_only_the_annotators_own_annotations_are_searched(window, qtbot) -> None:
    assert window.session.blind
    panel = run_query(window, "label=ACTOR")
    assert [panel.model.row(i).annotator for i in range(panel.model.rowCount())] == ["tester"] * 3
    assert "blind" in panel.status_label.text()
    for query in ("annotator=mona", "annotator!=tester", "annotator=mona,tester text~المدينة"):
        panel = run_query(window, query)
        assert (panel.model.rowCount(), panel.found.total) == (0, 0), query
    assert panel._all_results() == []
    # the lead's view (blind mode off): everyone's, read again at once
    window.others_action.trigger()
    assert not window.session.blind
    qtbot.wait(10)
    assert [panel.model.row(i).annotator for i in range(panel.model.rowCount())] == ["mona"]
    assert "blind" not in panel.status_label.text()
    window.others_action.trigger()  # blind again: read again, mona's gone
    qtbot.wait(10)
    assert panel.model.rowCount() == 0


def test_blind_the_consistency_dock_checks_only_the_annotators_work(window, qtbot) -> None:
    panel = window.consistency_panel
    offered = [panel.who.itemText(i) for i in range(panel.who.count())]
    assert offered == ["tester"]
    assert panel.chosen() == ["tester"]
    with qtbot.waitSignal(panel.checked, timeout=20000):
        panel.run()
    assert panel.report is not None and panel.report.annotators == ["tester"]
    assert all(f.annotator == "tester" for f in panel.report.findings)
    # the lead's view offers every annotator and Everyone
    window.session.set_blind(False)
    offered = [panel.who.itemText(i) for i in range(panel.who.count())]
    assert offered[0] == "tester" and "mona" in offered and offered[-1] == "Everyone"
    panel.who.setCurrentIndex(panel.who.count() - 1)
    assert panel.chosen() is None
    with qtbot.waitSignal(panel.checked, timeout=20000):
        panel.run()
    assert panel.report.annotators != ["tester"]
    # blind again: another's (or everyone's) findings are not left shown
    window.session.set_blind(True)
    assert [panel.who.itemText(i) for i in range(panel.who.count())] == ["tester"]
    assert panel.report is None and panel.tree.topLevelItemCount() == 0
