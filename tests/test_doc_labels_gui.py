"""The Document labels dock: a field per document attribute for the current annotator, each
change one undo step; blind (another annotator's labels are not shown); a done document goes
back to in progress, and its undo marks it done again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox
from test_gui_support import make_project, make_window

from annotator.gui.doc_labels_panel import SPIN_NONE
from annotator.rules import DONE, IN_PROGRESS

TEXT = "قال المتحدث باسم وزارة الدفاع إن القوات صدت هجوما واسعا على الحدود."
EVENT = {"name": "event", "type": "choice", "values": ["attack", "protest"], "description": "?"}


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "labels.sqlite", [("one", TEXT), ("two", TEXT + " ثانية")])
    project.set_doc_attribute(EVENT)
    project.set_doc_attribute({"name": "deaths", "type": "integer"})
    project.set_doc_attribute({"name": "casualties", "type": "count"})
    project.set_doc_attribute({"name": "summary", "type": "text"})
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    window = make_window(qtbot, project, "lina")
    window.docks["doc_labels"].raise_()  # a tab behind Attributes
    return window


def choose(combo: QComboBox, value: str | None) -> None:
    """Pick `value` in the combo box as a user does (the `activated` signal)."""
    index = combo.findData(value) if value is not None else 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def type_into(qtbot, field: QLineEdit, text: str) -> None:
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # editingFinished


def test_each_field_writes_the_annotators_label_as_one_undo_step(qtbot, window, project):
    panel = window.doc_labels_panel
    doc = window.session.document_id
    event, deaths = panel.value_widget("event"), panel.value_widget("deaths")
    casualties, summary = panel.value_widget("casualties"), panel.value_widget("summary")
    assert isinstance(event, QComboBox) and isinstance(deaths, QSpinBox)
    assert isinstance(casualties, QLineEdit) and isinstance(summary, QLineEdit)
    assert event.toolTip() == "?"
    choose(event, "attack")
    deaths.setValue(4)
    deaths.editingFinished.emit()
    type_into(qtbot, casualties, "10-15")
    type_into(qtbot, summary, "غارة على الحدود")
    assert project.doc_labels(doc, "lina") == {
        "event": "attack",
        "deaths": 4,
        "casualties": [10, 15],
        "summary": "غارة على الحدود",
    }
    assert casualties.text() == "10–15"  # shown as a count is written
    steps = window.editor.stack.count()
    assert window.editor.undo()
    assert "summary" not in project.doc_labels(doc, "lina") and summary.text() == ""
    assert window.editor.undo() and window.editor.undo()
    assert project.doc_labels(doc, "lina") == {"event": "attack"}
    assert deaths.value() == SPIN_NONE
    assert window.editor.redo()
    assert project.doc_labels(doc, "lina")["deaths"] == 4 and deaths.value() == 4
    assert window.editor.stack.count() == steps
    choose(event, None)  # the empty choice removes it
    assert "event" not in project.doc_labels(doc, "lina")


def test_a_refused_value_writes_nothing_and_is_said(qtbot, window, project):
    panel = window.doc_labels_panel
    messages: list[str] = []
    window.editor.message.connect(messages.append)
    type_into(qtbot, panel.value_widget("casualties"), "كثير")
    assert project.doc_labels(window.session.document_id, "lina") == {}
    assert messages and "casualties" in messages[-1]
    assert window.editor.stack.count() == 0


def test_labels_are_blind_and_follow_the_document(qtbot, window, project):
    panel = window.doc_labels_panel
    first = window.session.document_id
    project.set_doc_label(first, "omar", "event", "protest")  # another annotator's
    window.session.reload()
    event = panel.value_widget("event")
    assert event.currentData() is None  # not shown to lina
    choose(event, "attack")
    second = next(d for d in project.document_ids() if d != first)
    window.open_document(second)
    assert event.currentData() is None
    window.open_document(first)
    assert event.currentData() == "attack"
    assert project.doc_labels(first, "omar") == {"event": "protest"}
    assert "omar" not in event.toolTip()  # blind
    window.session.set_blind(False)  # as the lead sees others' spans, their labels show
    assert "Others: omar: protest" in event.toolTip()
    assert event.currentData() == "attack"  # the field is still lina's own


def test_a_done_document_is_reopened_and_its_undo_marks_it_done(window, project):
    doc = window.session.document_id
    assert window.editor.set_status(doc, DONE)
    choose(window.doc_labels_panel.value_widget("event"), "protest")
    assert project.status(doc, "lina") == IN_PROGRESS
    assert window.editor.undo()
    assert project.status(doc, "lina") == DONE and project.doc_labels(doc, "lina") == {}
    choose(window.doc_labels_panel.value_widget("event"), None)  # no change: stays done
    assert project.status(doc, "lina") == DONE


def test_new_attributes_show_a_field_at_once(window, project):
    panel = window.doc_labels_panel
    window.session.set_doc_attribute({"name": "stance", "type": "choice", "values": ["pro"]})
    assert panel.value_widget("stance").isEnabled()
    window.session.delete_doc_attribute("stance")
    assert "stance" not in panel.fields


# ------------------------------------------------------------------ the review window


def test_the_review_window_picks_gold_labels_as_undo_steps(qtbot, project):
    from annotator.gui.review import ReviewWindow
    from annotator.rules import GOLD

    doc = project.document_ids()[0]
    for who, event, deaths in (("ali", "attack", 3), ("mona", "attack", 4)):
        project.set_doc_labels(doc, who, {"event": event, "deaths": deaths})
        project.add_annotation(doc, who, "ACTOR", 0, 3)
        project.set_status(doc, who, DONE)
    window = ReviewWindow(project)
    qtbot.addWidget(window)
    window.show()
    window.open_document(doc)
    section = window.review.doc_labels
    assert section.isVisible() and section.rowCount() == 4
    assert project.doc_labels(doc, GOLD) == {"event": "attack"}  # agreed on opening
    assert section.item(1, 1).text() == "3" and section.item(1, 2).text() == "4"
    box = section.gold_box("deaths")
    assert [box.itemText(i) for i in range(box.count())] == ["—", "3", "4"]
    box.setCurrentIndex(2)
    box.activated.emit(2)
    qtbot.waitUntil(lambda: project.doc_labels(doc, GOLD).get("deaths") == 4)
    assert section.gold_box("deaths").currentText() == "4"
    assert not window.review.state.unresolved_doc_labels
    assert window.review.step(back=True)
    assert "deaths" not in project.doc_labels(doc, GOLD)
    assert section.gold_box("deaths").currentText() == "—"
    assert window.review.step(back=False)
    assert project.doc_labels(doc, GOLD)["deaths"] == 4
    assert window.review.step(back=True) and window.review.step(back=True)  # the opening's too
    assert project.doc_labels(doc, GOLD) == {}  # the agreed event went with the auto-merge
    assert window.review.step(back=False)
    assert project.doc_labels(doc, GOLD) == {"event": "attack"}


# ------------------------------------------------------------------ the schema editor


def test_the_schema_editor_adds_edits_and_deletes_document_attributes(qtbot, window, project):
    from annotator.gui.schema_editor import SchemaEditorDialog

    dialog = SchemaEditorDialog(window.editor)
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog.show_error = errors.append
    stance = {"name": "stance", "type": "choice", "values": ["pro", "against"]}
    dialog.ask_doc_attribute = lambda _current: dict(stance)
    assert dialog.add_doc_attribute()
    assert project.doc_attribute("stance") == stance
    assert "stance" in window.doc_labels_panel.fields  # the dock shows it at once
    assert not dialog.add_doc_attribute() and "exists already" in errors[-1]
    dialog.doc_attribute_list.setCurrentRow(dialog.doc_attribute_list.count() - 1)
    choose(window.doc_labels_panel.value_widget("stance"), "against")
    dialog.ask_doc_attribute = lambda _current: {"name": "x", "type": "choice", "values": ["pro"]}
    assert not dialog.edit_doc_attribute()  # "against" would no longer fit
    assert "no longer fit" in errors[-1]
    assert not dialog.delete_doc_attribute() and "has 1 value" in errors[-1]
    window.editor.undo()  # the value
    dialog.doc_attribute_list.setCurrentRow(dialog.doc_attribute_list.count() - 1)
    assert dialog.delete_doc_attribute()
    assert project.doc_attribute("stance") is None
    window.editor.undo()
    assert project.doc_attribute("stance") == stance
    assert [d["name"] for d in project.doc_attributes()][-1] == "stance"  # back in its place
