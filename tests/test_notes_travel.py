"""Notes travel: `assign` gives each annotator their own notes, `merge` brings notes back
(idempotent, counted), `recover` saves every readable note."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.model import DocRecord
from annotator.store import Project
from annotator.store.recover import recover
from annotator.team import assign_documents, line_text, merge_projects, merge_report

TEXTS = [f"قال المتحدث باسم الدفاع إن {i} أشخاص قتلوا في الغارة." for i in range(4)]
WORD = "المتحدث"


def span_of(text: str) -> tuple[int, int]:
    start = text.index(WORD)
    return start, start + len(WORD)


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "main.sqlite") as made:
        made.add_documents(DocRecord(text, f"doc-{i}") for i, text in enumerate(TEXTS))
        yield made


def notes_of(project: Project) -> list[tuple]:
    """Every note as (document sha, span text or None, author, text, flag, uuid)."""
    rows = []
    for doc in project.iter_documents():
        for note in project.notes(doc.id):
            span = note.annotation_uuid and project.annotation(note.annotation_uuid).text
            rows.append((doc.sha256, span, note.author, note.text, note.needs_review, note.uuid))
    return sorted(rows, key=repr)


def test_assign_gives_each_annotator_their_own_notes(project, tmp_path):
    first = project.document_ids()[0]
    mine = project.add_annotation(first, "alice", "ACTOR", *span_of(TEXTS[0]))
    theirs = project.add_annotation(first, "bob", "ACTOR", *span_of(TEXTS[0]))
    on_span = project.add_note(first, "alice", "doubt", annotation_uuid=mine.uuid)
    on_doc = project.add_note(first, "alice", "duplicate?", needs_review=True)
    project.add_note(first, "bob", "his", annotation_uuid=theirs.uuid)
    project.add_note(first, "lead", "lead's note on alice's span", annotation_uuid=mine.uuid)
    result = assign_documents(project, tmp_path / "team", ["alice", "bob"], 1.0, seed=1)
    assert result.own_notes == {"alice": 2, "bob": 1}
    with Project.open(result.paths["alice"]) as copy:
        [doc] = [d for d in copy.iter_documents() if d.text == TEXTS[0]]
        assert [n._replace(document_id=first) for n in copy.notes(doc.id)] == [on_span, on_doc]


def test_merge_brings_notes_back_once(project, tmp_path):
    result = assign_documents(project, tmp_path / "team", ["alice", "bob"], 1.0, seed=1)
    with Project.open(result.paths["alice"]) as copy:
        doc = copy.document_ids()[1]
        span = copy.add_annotation(doc, "alice", "ACTOR", *span_of(copy.document_text(doc)))
        copy.add_note(doc, "alice", "ممثل الجيش؟", annotation_uuid=span.uuid, needs_review=True)
        copy.add_note(doc, "alice", "on the document")
        expected = notes_of(copy)
    [report] = merge_projects(project, [result.paths["alice"]])
    assert (report.notes_added, report.notes_updated, report.notes_left_out) == (2, 0, 0)
    assert notes_of(project) == expected
    assert "notes added: 2" in "\n".join(map(line_text, merge_report([report]).lines))
    [again] = merge_projects(project, [result.paths["alice"]])
    assert (again.notes_added, again.notes_updated) == (0, 0)
    assert notes_of(project) == expected


def test_a_note_changed_in_the_copy_later_is_taken(project, tmp_path):
    first = project.document_ids()[0]
    note = project.add_note(first, "alice", "before")
    result = assign_documents(project, tmp_path / "team", ["alice"], 1.0, seed=1)
    with Project.open(result.paths["alice"]) as copy:
        copy.edit_note(note.uuid, text="after", needs_review=True)
    [report] = merge_projects(project, [result.paths["alice"]])
    assert report.notes_updated == 1
    merged = project.note(note.uuid)
    assert (merged.text, merged.needs_review, merged.document_id) == ("after", True, first)


def test_notes_on_spans_of_a_conflict_are_left_out(project, tmp_path):
    first = project.document_ids()[0]
    span = project.add_annotation(first, "alice", "ACTOR", *span_of(TEXTS[0]))
    result = assign_documents(project, tmp_path / "team", ["alice"], 1.0, seed=1)
    project.update_annotation(span.uuid, label="CLAIM")  # changed on both sides: a conflict
    with Project.open(result.paths["alice"]) as copy:
        doc = next(d.id for d in copy.iter_documents() if d.text == TEXTS[0])
        start = TEXTS[0].index("الدفاع")
        other = copy.add_annotation(doc, "alice", "ACTOR", start, start + len("الدفاع"))
        copy.add_note(doc, "alice", "new span's", annotation_uuid=other.uuid)
    [report] = merge_projects(project, [result.paths["alice"]])
    assert report.conflicts and report.notes_left_out == 1 and report.notes_added == 0
    assert project.notes() == []


def test_recover_saves_every_readable_note(project, tmp_path):
    first, second = project.document_ids()[:2]
    kept_span = project.add_annotation(first, "alice", "ACTOR", *span_of(TEXTS[0]))
    lost_span = project.add_annotation(second, "alice", "ACTOR", *span_of(TEXTS[1]))
    kept = [
        project.add_note(first, "alice", "on span", annotation_uuid=kept_span.uuid),
        project.add_note(second, "bob", "on doc", needs_review=True),
    ]
    project.add_note(second, "alice", "gone with its span", annotation_uuid=lost_span.uuid)
    project.close()
    with closing(sqlite3.connect(project.path)) as conn, conn:  # a span no longer fitting
        conn.execute("UPDATE annotations SET text = 'x' WHERE uuid = ?", (lost_span.uuid,))
    target = Path(tmp_path / "saved.sqlite")
    report = recover(project.path, target)
    assert (report.saved["notes"], report.lost["notes"]) == (2, 1)
    with Project.open(target) as saved:
        assert saved.notes() == kept


def test_a_note_the_copy_deleted_is_deleted_by_the_merge(project, tmp_path):
    """The copy's history proves the deletion: merged as a deletion (once); a note the copy
    lacks without such proof, or changed here since, is kept and counted."""
    first, second = project.document_ids()[:2]
    span = project.add_annotation(first, "alice", "ACTOR", *span_of(TEXTS[0]))
    gone = project.add_note(first, "alice", "withdrawn", annotation_uuid=span.uuid)
    edited_here = project.add_note(second, "alice", "on the document")
    lead = project.add_note(first, "lead", "the lead's", annotation_uuid=span.uuid)
    result = assign_documents(project, tmp_path / "team", ["alice"], 1.0, seed=1)
    with Project.open(result.paths["alice"]) as copy:
        copy.delete_note(gone.uuid)
        copy.delete_note(edited_here.uuid)
    project.edit_note(edited_here.uuid, text="changed here later")
    [report] = merge_projects(project, [result.paths["alice"]])
    assert (report.notes_deleted, report.notes_missing_kept) == (1, 1)
    assert {n.uuid for n in project.notes()} == {edited_here.uuid, lead.uuid}
    lines = "\n".join(map(line_text, merge_report([report]).lines))
    assert "notes deleted in the copy: 1" in lines and "kept, 1" in lines
    [again] = merge_projects(project, [result.paths["alice"]])
    assert (again.notes_deleted, again.notes_missing_kept) == (0, 1)
