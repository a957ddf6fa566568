"""Notes through the formats: native JSONL (a span's `note`, a document's `notes`) and brat
(`#` AnnotatorNotes lines) exported from a project, imported into another and exported again
unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import InputError
from annotator.exporting import ExportOptions, export
from annotator.importing import import_annotated
from annotator.model import DocRecord
from annotator.store import Project

TEXT = "😀 قال المتحدث باسم الدفاع إن 3 أشخاص قتلوا في الغارة."


def span_of(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "source.sqlite") as made:
        (doc,) = made.add_documents([DocRecord(TEXT, "one")]).added
        speaker = made.add_annotation(doc, "lina", "ACTOR", *span_of("المتحدث"))
        made.add_annotation(doc, "lina", "ACTOR", *span_of("الدفاع"))
        made.add_note(doc, "lina", "المتحدث أم الوزارة؟", annotation_uuid=speaker.uuid)
        made.add_note(doc, "mona", "نعم", annotation_uuid=speaker.uuid, needs_review=True)
        made.add_note(doc, "lina", "مكرر؟", needs_review=True)
        made.add_note(doc, "omar", "not lina's")  # another annotator's note on the document
        yield made


def exported(project: Project, fmt: str, out: Path) -> Path:
    export(project, out, ExportOptions(format=fmt, annotator="lina", include_unfinished=True))
    return out


def notes_of(project: Project) -> list[tuple]:
    rows = []
    for note in project.notes():
        on = note.annotation_uuid and project.annotation(note.annotation_uuid).text
        rows.append((on, note.author, note.text, note.needs_review, note.updated_at))
    return rows


def test_native_jsonl_structure_and_round_trip(project, tmp_path):
    first = exported(project, "jsonl", tmp_path / "first.jsonl")
    line = json.loads(first.read_text(encoding="utf-8"))
    speaker, ministry = line["spans"]
    notes = {n.text: n for n in project.notes()}
    at = notes["نعم"].updated_at
    assert speaker["note"] == [
        {
            "text": "المتحدث أم الوزارة؟",
            "author": "lina",
            "at": notes["المتحدث أم الوزارة؟"].updated_at,
            "needs_review": False,
        },
        {"text": "نعم", "author": "mona", "at": at, "needs_review": True},
    ]
    assert "note" not in ministry
    assert line["notes"] == [
        {"text": "مكرر؟", "author": "lina", "at": notes["مكرر؟"].updated_at, "needs_review": True}
    ]  # the output's annotator's notes on the document, not omar's
    with Project.create(tmp_path / "copy.sqlite") as copy:
        import_annotated(copy, [first], "jsonl", annotator="lina")
        assert notes_of(copy) == [row for row in notes_of(project) if row[1] != "omar"]
        assert not any(a.attributes for a in copy.annotations(1))  # carried, then taken out
        assert "@notes" not in copy.document(1).meta
        again = exported(copy, "jsonl", tmp_path / "again.jsonl")
    assert json.loads(again.read_text(encoding="utf-8"))["spans"][0]["note"] == speaker["note"]
    assert json.loads(again.read_text(encoding="utf-8"))["notes"] == line["notes"]


def test_a_single_note_is_an_object_and_the_parallel_reader_carries_notes(project, tmp_path):
    for note in project.notes(author="mona"):
        project.delete_note(note.uuid)
    first = exported(project, "jsonl", tmp_path / "first.jsonl")
    line = json.loads(first.read_text(encoding="utf-8"))
    assert line["spans"][0]["note"]["text"] == "المتحدث أم الوزارة؟"
    with Project.create(tmp_path / "copy.sqlite") as copy:
        import_annotated(copy, [first], "jsonl", annotator="lina", workers=1)
        assert [(n.author, n.text) for n in copy.notes()] == [
            ("lina", "المتحدث أم الوزارة؟"),
            ("lina", "مكرر؟"),
        ]


def test_a_bad_note_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 1, "label": "ACTOR", "note": {"text": 3}}
    lines = [{"text": "ab"}, {"text": "cd", "spans": [span]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(InputError) as caught:
            import_annotated(project, [path], "jsonl", annotator="lina")
        assert (caught.value.line, project.count_documents()) == (2, 0)
        assert "span 1: a note must be" in caught.value.message


BRAT_ANN = (
    "T1\tACTOR 2 5\tقال\n"
    "T2\tACTOR 6 13\tالمتحدث\n"
    "#1\tAnnotatorNotes T1\tليس فاعلا\n"
    "#2\tAnnotatorNotes T2\tالمتحدث باسم من؟\n"
)


def test_brat_annotator_notes_are_kept_exactly(tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    (folder / "one.ann").write_text(BRAT_ANN, encoding="utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [folder], "brat", annotator="lina")
        assert [
            (n.author, n.text, project.annotation(n.annotation_uuid).text) for n in project.notes()
        ] == [
            ("lina", "ليس فاعلا", "قال"),
            ("lina", "المتحدث باسم من؟", "المتحدث"),
        ]
        out = exported(project, "brat", tmp_path / "out")
    written = (out / "one.ann").read_text(encoding="utf-8")
    assert sorted(written.splitlines()) == sorted(BRAT_ANN.splitlines())


def test_an_import_as_suggestions_stores_no_notes(project, tmp_path):
    from annotator.importing_suggestions import import_suggestions

    first = exported(project, "jsonl", tmp_path / "first.jsonl")
    with Project.create(tmp_path / "copy.sqlite") as copy:
        import_suggestions(copy, [first], "jsonl", annotator="lina")
        assert [s.text for s in copy.suggestions(1, "lina")] == ["المتحدث", "الدفاع"]
        assert copy.notes() == []
        assert not any(s.attributes for s in copy.suggestions(1, "lina"))
        assert "@notes" not in copy.document(1).meta
