"""The workbench's writes when the store refuses them, and data that must not go wrong:
a failed write is reported, not shown as saved, and leaves the undo stack where it was; a busy
project is retried on request; a relabelling takes unfit relations with it; editing a done
document reopens it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from failing_disk import FailingCommits
from PySide6.QtGui import QUndoStack

from annotator.errors import SchemaError
from annotator.gui.commands import Editor
from annotator.gui.session import Session
from annotator.model import DocRecord
from annotator.store import Project

ME = "lina"
TEXT = "قال المتحدث باسم الجيش إن ثلاثة آلاف مدني قتلوا."


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        opened.add_documents([DocRecord(text=TEXT, name="d")])
        yield opened


@pytest.fixture
def disk(project: Project) -> FailingCommits:
    project.conn = FailingCommits(project.conn)
    return project.conn


@pytest.fixture
def session(project: Project) -> Session:
    opened = Session(project, ME)
    opened.open_document(project.document_ids()[0])
    return opened


@pytest.fixture
def editor(session: Session) -> Editor:
    return Editor(session, QUndoStack())


@pytest.fixture
def failures(editor: Editor) -> list[str]:
    seen: list[str] = []
    editor.failed.connect(seen.append)
    return seen


def stored(project: Project) -> list[tuple[str, int, int]]:
    doc = project.document_ids()[0]
    return [(a.label, a.start, a.end) for a in project.annotations(doc)]


def test_a_failed_write_is_reported_and_not_shown_as_saved(editor, session, disk, failures):
    disk.failing = True
    assert editor.annotate("ACTOR", 0, 3) is None
    assert len(failures) == 1 and "not saved" in failures[0] and "disk" in failures[0]
    assert session.annotations == {}
    assert editor.stack.count() == 0
    assert stored(session.project) == []
    disk.failing = False
    assert editor.annotate("ACTOR", 0, 3) is not None  # the project is still usable
    assert stored(session.project) == [("ACTOR", 0, 3)]


def test_a_failed_undo_leaves_the_stack_and_the_spans_where_they_were(
    editor, session, disk, failures
):
    ann = editor.annotate("ACTOR", 0, 3)
    disk.failing = True
    assert editor.undo() is False
    assert editor.stack.index() == 1 and editor.stack.canUndo()
    assert ann.uuid in session.annotations
    assert stored(session.project) == [("ACTOR", 0, 3)]
    assert len(failures) == 1
    disk.failing = False
    assert editor.undo() is True  # the same step, tried again, works
    assert editor.stack.index() == 0 and stored(session.project) == []
    assert session.annotations == {}


def test_a_failed_redo_leaves_the_stack_where_it_was(editor, session, disk, failures):
    editor.annotate("ACTOR", 0, 3)
    editor.undo()
    disk.failing = True
    assert editor.redo() is False
    assert editor.stack.index() == 0 and editor.stack.canRedo()
    assert stored(session.project) == [] and session.annotations == {}
    assert len(failures) == 1
    disk.failing = False
    assert editor.redo() is True
    assert stored(session.project) == [("ACTOR", 0, 3)]
    assert editor.undo() is True and stored(session.project) == []


def test_a_busy_project_is_retried_when_the_user_asks(editor, session, project, failures):
    project.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    asked: list[str] = []

    def retry(message: str) -> bool:
        asked.append(message)
        other.execute("COMMIT")  # ... and lets go while the dialog is up
        return True

    editor.ask_retry = retry
    ann = editor.annotate("ACTOR", 0, 3)
    assert len(asked) == 1 and "another program" in asked[0]
    assert ann is not None and failures == []
    assert stored(project) == [("ACTOR", 0, 3)]
    other.close()


def test_a_busy_project_that_is_not_retried_saves_nothing_and_says_so(
    editor, session, project, failures
):
    project.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(project.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    asked: list[str] = []
    editor.ask_retry = lambda message: asked.append(message) or False
    assert editor.annotate("ACTOR", 0, 3) is None
    assert len(asked) == 1 and len(failures) == 1
    other.execute("ROLLBACK")
    other.close()
    assert stored(project) == [] and editor.stack.count() == 0


def test_relabelling_a_claim_removes_its_source_in_the_same_step(editor, session, project):
    claim = editor.annotate("CLAIM", 24, len(TEXT) - 1)
    actor = editor.annotate("ACTOR", 4, 22)
    editor.set_source(claim.uuid, actor.uuid)
    doc = session.document_id
    [source] = project.relations(doc)
    editor.relabel(claim.uuid, "ACTOR")
    assert project.annotation(claim.uuid).label == "ACTOR"
    assert project.relations(doc) == [] and session.relations == []
    editor.undo()  # one step: the label and the link come back together
    assert project.annotation(claim.uuid).label == "CLAIM"
    assert project.relations(doc) == [source] and session.source_of(claim.uuid) == source
    editor.redo()
    assert project.relations(doc) == []


def test_the_store_refuses_a_relabelling_that_leaves_a_relation_unfit(project):
    doc = project.document_ids()[0]
    claim = project.add_annotation(doc, ME, "CLAIM", 24, 30)
    actor = project.add_annotation(doc, ME, "ACTOR", 4, 22)
    project.add_relation(doc, ME, "source", claim.uuid, actor.uuid)
    with pytest.raises(SchemaError, match="no longer fits its source"):
        project.update_annotation(claim.uuid, label="ACTOR")
    assert project.annotation(claim.uuid).label == "CLAIM"


def test_editing_a_done_document_reopens_it_and_says_so(editor, session, project):
    messages: list[str] = []
    editor.message.connect(messages.append)
    doc = session.document_id
    editor.annotate("ACTOR", 0, 3)
    editor.set_status(doc, "done")
    editor.annotate("ACTOR", 4, 10)
    assert project.status(doc, ME) == "in progress" and session.current_status == "in progress"
    assert any("marked done" in m for m in messages)
    editor.undo()  # the edit and the reopening are one step
    assert project.status(doc, ME) == "done"
    assert stored(project) == [("ACTOR", 0, 3)]
    editor.redo()
    assert project.status(doc, ME) == "in progress"


def test_the_window_shows_a_failed_write_in_a_dialog(qtbot, project, disk, monkeypatch):
    from annotator.gui import main_window
    from annotator.gui.main_window import MainWindow

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        main_window.QMessageBox,
        "warning",
        lambda _parent, title, text, *args: shown.append((title, text)),
    )
    window = MainWindow(project, ME, restore_layout=False)
    qtbot.addWidget(window)
    window.open_initial_document(project.document_ids()[0])
    disk.failing = True
    window.editor.annotate("ACTOR", 0, 3)
    assert len(shown) == 1 and shown[0][0] == "Not saved" and "disk" in shown[0][1]
    assert window.undo_stack.count() == 0 and not window.undo_action.isEnabled()
    disk.failing = False
    window.editor.annotate("ACTOR", 0, 3)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # the window's Undo goes through the editor
    assert stored(project) == [] and window.redo_action.isEnabled()


def test_a_relation_type_cannot_be_changed_so_that_relations_no_longer_fit(project):
    from annotator.store import RelationType

    doc = project.document_ids()[0]
    claim = project.add_annotation(doc, ME, "CLAIM", 24, 30)
    actor = project.add_annotation(doc, ME, "ACTOR", 4, 22)
    project.add_relation(doc, ME, "source", claim.uuid, actor.uuid)
    with pytest.raises(SchemaError, match="no longer fit.*must start at a CASUALTY"):
        project.set_relation_type(RelationType("source", "CASUALTY", "ACTOR"))
    [kind] = [k for k in project.relation_types() if k.name == "source"]
    assert kind.head_label == "CLAIM"
    project.set_relation_type(RelationType("source", "CLAIM", "ACTOR", "S"))  # fits: allowed


def test_undoing_a_status_change_does_not_mark_another_document_done(project, session, editor):
    a = session.document_id
    b = project.add_documents([DocRecord(text=TEXT + " ثانية", name="e")]).added[0]
    editor.set_status(a, "done")
    editor.annotate("ACTOR", 0, 3)  # reopens a
    session.open_document(b)
    editor.set_status(b, "done")
    editor.undo()
    assert project.status(b, ME) == "new"
    assert project.status(a, ME) == "in progress"
