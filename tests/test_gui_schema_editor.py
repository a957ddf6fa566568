"""SchemaEditorDialog: label and relation-type edits go to the store at once, errors are shown."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from annotator.errors import SchemaError
from annotator.gui.commands import Editor
from annotator.gui.schema_editor import SchemaEditorDialog
from annotator.gui.session import Session
from annotator.model import DocRecord
from annotator.store import Project, RelationType

TEXT = "😀 قال الجيش إن ثلاثة قتلوا في القصف."


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        opened.add_documents([DocRecord(text=TEXT, name="one")])
        yield opened


class Recorder:
    """Collects what the dialog shows and how often it announces a change."""

    def __init__(self, dialog: SchemaEditorDialog) -> None:
        self.errors: list[str] = []
        self.changes = 0
        dialog.show_error = self.errors.append
        dialog.schemaChanged.connect(self._changed)

    def _changed(self) -> None:
        self.changes += 1


@pytest.fixture
def editor(project) -> Editor:
    return Editor(Session(project, "tester"))


@pytest.fixture
def dialog(qtbot, editor):
    schema_editor = SchemaEditorDialog(editor)
    qtbot.addWidget(schema_editor)
    return schema_editor


@pytest.fixture
def seen(dialog) -> Recorder:
    return Recorder(dialog)


def answer(dialog: SchemaEditorDialog, text: str | None) -> None:
    dialog.ask_text = lambda _title, _prompt, _initial: text


def listed_labels(dialog: SchemaEditorDialog) -> list[str]:
    return [dialog.label_list.item(row).text() for row in range(dialog.label_list.count())]


def test_lists_the_schema(dialog, project):
    names = [label.name for label in project.labels()]
    assert [text.split()[0] for text in listed_labels(dialog)] == names
    assert any("[1]" in text for text in listed_labels(dialog))
    assert dialog.relation_list.count() == len(project.relation_types())


def test_add_label(qtbot, dialog, project, seen):
    answer(dialog, "LOCATION")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.add_label_button.click()
    added = project.label("LOCATION")
    assert added is not None
    others = {label.colour for label in project.labels() if label.name != "LOCATION"}
    assert added.colour not in others
    assert dialog.selected_label_name() == "LOCATION"
    assert any(text.startswith("LOCATION") for text in listed_labels(dialog))
    answer(dialog, "ACTOR")
    assert not dialog.add_label()
    assert "exists already" in seen.errors[-1]
    assert seen.changes == 1


def test_rename_label_annotations_follow(qtbot, dialog, project, seen):
    start = TEXT.index("الجيش")
    ann = project.add_annotation(1, "amal", "ACTOR", start, start + len("الجيش"))
    dialog.select_label("ACTOR")
    answer(dialog, "AGENT")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.rename_button.click()
    assert project.label("ACTOR") is None and project.label("AGENT") is not None
    assert project.annotation(ann.uuid).label == "AGENT"
    assert {r.tail_label for r in project.relation_types() if r.name == "source"} == {"AGENT"}
    assert dialog.selected_label_name() == "AGENT"
    answer(dialog, "CLAIM")
    assert not dialog.rename_label()
    assert seen.errors == ["a label named 'CLAIM' exists already"]


def test_recolour(qtbot, dialog, project):
    dialog.select_label("CLAIM")
    offered: list[str] = []
    dialog.ask_colour = lambda initial: offered.append(initial.name()) or QColor("#123456")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.colour_button.click()
    assert offered == ["#e08a1e"]
    assert project.label("CLAIM").colour == "#123456"
    assert dialog.label_list.currentItem().toolTip() == "#123456"


def test_hotkey_clash_refused(dialog, project, seen):
    dialog.select_label("CLAIM")
    before = project.label("CLAIM").hotkey
    for key in ("1", "r", "ab"):  # ACTOR's key, the source relation's key, not one key
        answer(dialog, key)
        assert not dialog.set_hotkey()
    assert "ACTOR" in seen.errors[0] and "source" in seen.errors[1]
    assert "single key" in seen.errors[2]
    assert project.label("CLAIM").hotkey == before
    assert seen.changes == 0
    answer(dialog, "c")
    assert dialog.set_hotkey()
    assert project.label("CLAIM").hotkey == "C"
    answer(dialog, "")
    assert dialog.set_hotkey()
    assert project.label("CLAIM").hotkey is None
    assert seen.changes == 2


def test_delete_used_label_refused(qtbot, dialog, project, seen):
    start = TEXT.index("ثلاثة")
    project.add_annotation(1, "amal", "CASUALTY", start, start + len("ثلاثة"))
    dialog.select_label("CASUALTY")
    assert not dialog.delete_label()
    with pytest.raises(SchemaError) as refusal:
        project.delete_label("CASUALTY")
    assert seen.errors == [str(refusal.value)]
    assert project.label("CASUALTY") is not None
    answer(dialog, "SPARE")
    dialog.add_label()
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.delete_label_button.click()
    assert project.label("SPARE") is None
    assert not any(text.startswith("SPARE") for text in listed_labels(dialog))


def test_attribute_definitions_saved(qtbot, dialog, project, seen):
    dialog.select_label("CLAIM")
    answer(dialog, "stance")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.add_attribute_button.click()
    assert project.label("CLAIM").attributes == [{"name": "stance", "type": "text"}]
    assert dialog.set_attribute(
        0, kind="choice", values="for, against , neutral", default="neutral"
    )
    assert not dialog.set_attribute(0, default="maybe")  # not one of the values
    assert "maybe" in seen.errors[-1]
    answer(dialog, "sources")
    dialog.add_attribute()
    assert dialog.set_attribute(1, kind="integer", default="2")
    assert not dialog.set_attribute(1, default="two")
    answer(dialog, "killed")
    dialog.add_attribute()
    assert dialog.set_attribute(2, kind="count", default="3-5")
    answer(dialog, "stance")
    assert not dialog.add_attribute()  # the name is taken
    expected = [
        {
            "name": "stance",
            "type": "choice",
            "values": ["for", "against", "neutral"],
            "default": "neutral",
        },
        {"name": "sources", "type": "integer", "default": 2},
        {"name": "killed", "type": "count", "default": [3, 5]},
    ]
    assert project.label("CLAIM").attributes == expected
    with Project.open(project.path) as reopened:
        assert reopened.label("CLAIM").attributes == expected


def test_attribute_cell_edits_apply(qtbot, dialog, project, seen):
    dialog.select_label("CASUALTY")
    names = [a["name"] for a in project.label("CASUALTY").attributes]
    row = names.index("outcome")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.attribute_table.item(row, 0).setText("result")
    assert project.label("CASUALTY").attribute("result") is not None
    assert project.label("CASUALTY").attribute("outcome") is None
    dialog.attribute_table.item(row, 0).setText("count")  # duplicate name: refused
    assert "twice" in seen.errors[-1]
    qtbot.waitUntil(lambda: dialog.attribute_table.item(row, 0).text() == "result", timeout=1000)
    assert project.label("CASUALTY").attribute("result") is not None
    dialog.attribute_table.setCurrentCell(row, 0)
    dialog.remove_attribute_button.click()
    assert [a["name"] for a in project.label("CASUALTY").attributes] == [
        n for n in names if n != "outcome"
    ]


def test_relation_type_added_and_edited(qtbot, dialog, project, seen):
    dialog.edit_relation = lambda current: RelationType("victim_of", "CASUALTY", "ACTOR", "v")
    with qtbot.waitSignal(dialog.schemaChanged, timeout=1000):
        dialog.add_relation_button.click()
    assert RelationType("victim_of", "CASUALTY", "ACTOR", "V") in project.relation_types()
    assert dialog.relation_list.count() == len(project.relation_types())
    assert not dialog.add_relation_type()  # same name again
    dialog.edit_relation = lambda current: RelationType("other", None, None, "1")
    assert not dialog.add_relation_type()  # hotkey of ACTOR
    assert "ACTOR" in seen.errors[-1]

    dialog.relation_list.setCurrentRow([r.name for r in project.relation_types()].index("source"))
    edited: list[RelationType] = []

    def edit(current: RelationType) -> RelationType:
        edited.append(current)
        return RelationType("renamed", "CLAIM", None, "s")

    dialog.edit_relation = edit
    assert dialog.edit_relation_type()
    assert edited == [RelationType("source", "CLAIM", "ACTOR", "R")]
    assert RelationType("source", "CLAIM", None, "S") in project.relation_types()
    assert "renamed" not in {r.name for r in project.relation_types()}


def test_relation_dialog_round_trip(qtbot, project):
    from annotator.gui.schema_editor import RelationTypeDialog

    labels = [label.name for label in project.labels()]
    existing = RelationType("source", "CLAIM", "ACTOR", "R")
    form = RelationTypeDialog(labels, existing)
    qtbot.addWidget(form)
    assert form.relation() == existing
    assert form.name_edit.isReadOnly()
    form.tail_combo.setCurrentIndex(0)
    assert form.relation() == RelationType("source", "CLAIM", None, "R")


def test_schema_edits_are_undo_steps(qtbot, dialog, editor, project, seen):
    start = TEXT.index("الجيش")
    ann = project.add_annotation(1, "amal", "ACTOR", start, start + len("الجيش"))
    dialog.select_label("CLAIM")
    dialog.ask_colour = lambda _initial: QColor("#123456")
    assert dialog.recolour_label()
    dialog.select_label("ACTOR")
    answer(dialog, "AGENT")
    assert dialog.rename_label()
    answer(dialog, "SPARE")
    assert dialog.add_label()
    dialog.select_label("CLAIM")
    answer(dialog, "stance")
    assert dialog.add_attribute()
    assert editor.stack.count() == 4
    schema_after = project.label_schema()

    dialog.undo_button.click()  # the attribute
    assert project.label("CLAIM").attributes == []
    dialog.undo_button.click()  # the new label
    assert project.label("SPARE") is None
    assert not any(text.startswith("SPARE") for text in listed_labels(dialog))
    dialog.undo_button.click()  # the rename: spans and relation types follow back
    assert project.label("AGENT") is None and project.label("ACTOR") is not None
    assert project.annotation(ann.uuid).label == "ACTOR"
    assert {r.tail_label for r in project.relation_types() if r.name == "source"} == {"ACTOR"}
    assert editor.session.label("ACTOR") is not None  # the palette's labels follow too
    dialog.undo_button.click()  # the colour
    assert project.label("CLAIM").colour == "#e08a1e"
    assert not dialog.undo_button.isEnabled()

    for _ in range(4):
        dialog.redo_button.click()
    assert project.label_schema() == schema_after
    assert project.annotation(ann.uuid).label == "AGENT"
    assert seen.errors == []


def test_a_deleted_label_comes_back_with_undo(dialog, editor, project):
    answer(dialog, "SPARE")
    assert dialog.add_label()
    dialog.ask_colour = lambda _initial: QColor("#654321")
    assert dialog.recolour_label()
    assert dialog.delete_label()
    assert project.label("SPARE") is None
    editor.undo()
    assert project.label("SPARE").colour == "#654321"


def test_a_deleted_label_comes_back_in_its_place(dialog, editor, project):
    names = [label.name for label in project.labels()]
    dialog.select_label(names[0])
    assert dialog.delete_label()
    dialog.undo_button.click()
    assert [label.name for label in project.labels()] == names
    assert listed_labels(dialog)[0].startswith(names[0])


def test_relation_types_added_and_deleted_are_undone(qtbot, dialog, editor, project, seen):
    dialog.edit_relation = lambda current: RelationType("victim_of", "CASUALTY", "ACTOR", "v")
    assert dialog.add_relation_type()
    editor.undo()
    assert "victim_of" not in {r.name for r in project.relation_types()}
    editor.redo()
    assert "victim_of" in {r.name for r in project.relation_types()}

    source = next(r for r in project.relation_types() if r.name == "source")
    dialog.relation_list.setCurrentRow([r.name for r in project.relation_types()].index("source"))
    dialog.delete_relation_button.click()
    assert "source" not in {r.name for r in project.relation_types()}
    assert dialog.relation_list.count() == len(project.relation_types())
    dialog.undo_button.click()
    assert source in project.relation_types()
    assert dialog.relation_list.count() == len(project.relation_types())
    assert seen.errors == []


def test_a_refused_schema_write_is_shown_and_changes_nothing(qtbot, project, monkeypatch):
    from failing_disk import FailingCommits
    from test_gui_support import make_window

    shown: list[str] = []
    monkeypatch.setattr(
        "annotator.gui.write_dialogs.QMessageBox.warning",
        lambda _parent, _title, text, *args: shown.append(text),
    )
    window = make_window(qtbot, project, "tester")
    dialog = SchemaEditorDialog(window.editor, window)
    qtbot.addWidget(dialog)
    disk = project.conn = FailingCommits(
        project.conn, code=sqlite3.SQLITE_FULL, message="database or disk is full"
    )
    dialog.select_label("CLAIM")
    dialog.ask_colour = lambda _initial: QColor("#123456")
    steps = window.undo_stack.count()
    disk.failing = True
    assert not dialog.recolour_label()
    assert len(shown) == 1 and "disk is full" in shown[0]
    assert project.label("CLAIM").colour == "#e08a1e"
    assert dialog.label_list.currentItem().toolTip() == "#e08a1e"
    assert window.undo_stack.count() == steps
    disk.failing = False
    assert dialog.recolour_label()
    disk.failing = True
    dialog.undo_button.click()  # refused: the colour and the stack stay
    assert len(shown) == 2
    assert project.label("CLAIM").colour == "#123456"
    assert window.undo_stack.index() == steps + 1
    disk.failing = False
    dialog.undo_button.click()
    assert project.label("CLAIM").colour == "#e08a1e"
    assert window.session.label("CLAIM").colour == "#e08a1e"


def test_an_undo_the_rules_refuse_leaves_the_stack_and_says_why(qtbot, dialog, editor, project):
    """Undoing "add relation type" once a relation uses it is refused by the store's rule:
    the type stays, the stack does not move, and the reason is shown."""
    dialog.edit_relation = lambda current: RelationType("victim_of", "CASUALTY", "ACTOR", "v")
    assert dialog.add_relation_type()
    casualty = project.add_annotation(1, "tester", "CASUALTY", 15, 20)
    actor = project.add_annotation(1, "tester", "ACTOR", 6, 11)
    project.add_relation(1, "tester", "victim_of", casualty.uuid, actor.uuid)
    index = editor.stack.index()
    with qtbot.waitSignal(editor.message, timeout=1000) as said:
        assert not editor.undo()
    assert "used by 1 relation" in said.args[0]
    assert editor.stack.index() == index
    assert "victim_of" in {r.name for r in project.relation_types()}
