"""The store's notes (`store/notes.py`): on annotations and documents, by author, flagged;
they go with their annotation and come back with it; history; statuses untouched."""

from __future__ import annotations

import pytest

from annotator.errors import NotFoundError, SchemaError, UsageError
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import Project

TEXT = "قالت وزارة الدفاع إن 11 شرطيا قتلوا."
TEXT2 = "وأكدت الوزارة أن الهجوم فشل."


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


@pytest.fixture
def docs(project) -> tuple[int, int]:
    added = project.add_documents([DocRecord(TEXT, "one"), DocRecord(TEXT2, "two")]).added
    return added[0], added[1]


def test_notes_on_annotations_and_documents(project, docs):
    one, two = docs
    span = project.add_annotation(one, "lina", "ACTOR", 5, 17)
    on_span = project.add_note(one, "lina", "وزارة أم جيش؟", annotation_uuid=span.uuid)
    on_doc = project.add_note(two, "mona", "", needs_review=True)
    assert project.note(on_span.uuid) == on_span
    assert on_span.author == "lina" and on_span.annotation_uuid == span.uuid
    assert not on_span.needs_review and on_span.created_at == on_span.updated_at
    assert project.notes(one) == [on_span]
    assert project.notes(annotation_uuid=span.uuid) == [on_span]
    assert project.notes(author="mona") == [on_doc]
    assert project.notes(flagged=True) == [on_doc]
    assert project.notes(documents_only=True) == [on_doc]
    assert project.notes_of_documents([one, two]) == {one: [on_span], two: [on_doc]}
    assert [tuple(f) for f in project.flagged_documents()] == [(two, 1)]
    actions = [entry.action for entry in project.history()]
    assert actions[:2] == ["add note", "add note"]


def test_edit_and_delete(project, docs):
    one, _ = docs
    note = project.add_note(one, "lina", "first")
    edited = project.edit_note(note.uuid, needs_review=True)
    assert (edited.text, edited.needs_review) == ("first", True)
    assert project.note(note.uuid) == edited
    assert project.edit_note(note.uuid, text="second").text == "second"
    assert project.delete_note(note.uuid).text == "second"
    with pytest.raises(NotFoundError):
        project.note(note.uuid)


def test_refused_notes_write_nothing(project, docs):
    one, two = docs
    span = project.add_annotation(one, "lina", "ACTOR", 5, 17)
    with pytest.raises(UsageError):
        project.add_note(one, "lina", "  ")
    with pytest.raises(SchemaError):
        project.add_note(two, "lina", "x", annotation_uuid=span.uuid)
    with pytest.raises(NotFoundError):
        project.add_note(99, "lina", "x")
    with pytest.raises(NotFoundError):
        project.add_note(one, "lina", "x", annotation_uuid="nope")
    note = project.add_note(one, "lina", "x")
    with pytest.raises(UsageError):
        project.edit_note(note.uuid, text="")
    assert project.notes() == [note]


def test_notes_go_with_their_annotation_and_come_back(project, docs):
    one, _ = docs
    span = project.add_annotation(one, "lina", "ACTOR", 5, 17)
    note = project.add_note(one, "omar", "check", annotation_uuid=span.uuid, needs_review=True)
    kept = project.notes_on([span.uuid])
    assert kept == [note]
    project.delete_annotation(span.uuid)
    assert project.notes() == []
    project.restore([span])
    project.restore_notes(kept)
    assert project.notes() == [note]


def test_a_note_leaves_a_done_document_done(project, docs):
    one, _ = docs
    project.add_annotation(one, "lina", "ACTOR", 5, 17)
    project.set_status(one, "lina", DONE)
    project.add_note(one, "lina", "all good")
    assert project.status(one, "lina") == DONE


def test_check_names_notes_that_do_not_hold_together(project, docs):
    import sqlite3
    from contextlib import closing

    from annotator.store.health import check_file

    one, two = docs
    span = project.add_annotation(one, "lina", "ACTOR", 5, 17)
    fine = project.add_note(one, "lina", "ok", annotation_uuid=span.uuid)
    moved = project.add_note(one, "lina", "moved", annotation_uuid=span.uuid)
    empty = project.add_note(two, "lina", "", needs_review=True)
    assert check_file(project.path).problems == []
    project.close()
    with closing(sqlite3.connect(project.path)) as conn, conn:  # as a damaged file may hold
        conn.execute("UPDATE notes SET document_id = ? WHERE uuid = ?", (two, moved.uuid))
        conn.execute("UPDATE notes SET needs_review = 0 WHERE uuid = ?", (empty.uuid,))
    report = check_file(project.path)
    assert report.checked["notes"] == 3
    assert [p.message for p in report.problems] == [
        f"note {moved.uuid} in document {two}: its span is in another document",
        f"note {empty.uuid} in document {two}: a note needs a text or the 'needs review' flag",
    ]
    assert fine.uuid not in " ".join(p.message for p in report.problems)
