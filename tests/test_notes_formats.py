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
        # notes written in the same millisecond have no order between them: compare as sets
        expected = [row for row in notes_of(project) if row[1] != "omar"]
        assert sorted(notes_of(copy), key=repr) == sorted(expected, key=repr)
        assert len(notes_of(copy)) == len(expected) == 3
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


def write_jsonl(path: Path, *lines: dict) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")
    return path


def test_notes_reach_documents_and_spans_already_in_the_project(tmp_path, capsys):
    """The usual order: articles first, then the annotations (with their notes) onto them."""
    from annotator.cli import main

    path = tmp_path / "p.sqlite"
    assert main(["new", str(path)]) == 0
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["import", str(path), str(tmp_path / "a.txt")]) == 0
    with Project.open(path) as project:
        (doc,) = project.document_ids()
        project.add_annotation(doc, "bob", "ACTOR", *span_of("الدفاع"))  # there before
    speaker = {"start": span_of("المتحدث")[0], "end": span_of("المتحدث")[1], "label": "ACTOR"}
    defence = {"start": span_of("الدفاع")[0], "end": span_of("الدفاع")[1], "label": "ACTOR"}
    speaker["note"] = {"text": "من هو؟", "needs_review": True}
    defence["note"] = [{"text": "already there", "author": "lead"}]
    notes = [{"text": "مكرر؟"}, {"text": "by the lead", "author": "lead"}]
    ann = write_jsonl(
        tmp_path / "ann.jsonl", {"text": TEXT, "spans": [speaker, defence], "notes": notes}
    )
    capsys.readouterr()
    argv = ["import", str(path), str(ann), "--format", "jsonl", "--annotator", "bob", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["documents_matched"], report["spans_duplicate"]) == (1, 1)
    assert report["notes_added"] == 4
    with Project.open(path) as project:
        assert notes_of_texts(project) == {
            ("ACTOR", "المتحدث", "bob", "من هو؟", True),
            ("ACTOR", "الدفاع", "lead", "already there", False),
            (None, None, "bob", "مكرر؟", False),
            (None, None, "lead", "by the lead", False),
        }
        assert "@notes" not in project.document(doc).meta
    assert main(argv) == 0  # the same input again: no note twice
    assert json.loads(capsys.readouterr().out)["notes_added"] == 0
    with Project.open(path) as project:
        assert len(project.notes()) == 4


def notes_of_texts(project: Project) -> set[tuple]:
    found = set()
    for note in project.notes():
        span = note.annotation_uuid and project.annotation(note.annotation_uuid)
        on = (span.label, span.text) if span else (None, None)
        found.add((*on, note.author, note.text, note.needs_review))
    return found


@pytest.mark.parametrize("workers", [0, 1])
def test_an_at_notes_key_in_metadata_or_attributes_is_only_data(tmp_path, workers):
    """Notes travel only in `note`/`notes`: a "@notes" key of the metadata or of a span's
    attributes is kept as data and makes no note."""
    forged = [{"text": "forged", "author": "boss"}]
    span = {"start": 2, "end": 5, "label": "ACTOR", "attributes": {"@notes": forged}}
    line = {"text": TEXT, "meta": {"@notes": forged}, "spans": [span]}
    path = write_jsonl(tmp_path / "in.jsonl", line)
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [path], "jsonl", annotator="lina", workers=workers)
        assert project.notes() == []
        assert project.document(1).meta["@notes"] == forged
        assert project.annotations(1)[0].attributes["@notes"] == forged


def test_a_plain_import_makes_no_notes_of_its_metadata(tmp_path):
    from annotator.importing_plain import import_documents

    path = write_jsonl(tmp_path / "in.jsonl", {"text": TEXT, "meta": {"@notes": [{"text": "x"}]}})
    with Project.create(tmp_path / "p.sqlite") as project:
        import_documents(project, [path], workers=0)
        assert project.notes() == []
        assert project.document(1).meta["@notes"] == [{"text": "x"}]


@pytest.mark.parametrize(
    "line",
    [
        {"text": TEXT, "spans": [{"start": 2, "end": 5, "label": "ACTOR", "note": {"text": " "}}]},
        {"text": TEXT, "notes": [{"text": "ok"}, {"text": "", "needs_review": False}]},
        {"text": TEXT, "notes": [{"text": "ok", "needs_review": "yes"}]},
    ],
)
@pytest.mark.parametrize("workers", [0, 1])
def test_an_empty_or_bad_note_names_file_and_line_before_anything_is_written(
    tmp_path, line, workers
):
    path = write_jsonl(tmp_path / "in.jsonl", {"text": "ab"}, line)
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(InputError) as caught:
            import_annotated(project, [path], "jsonl", annotator="lina", workers=workers)
        assert (caught.value.path, caught.value.line) == (str(path), 2)
        assert "note" in caught.value.message
        assert project.count_documents() == 0 and project.notes() == []


def test_an_empty_flagged_note_is_kept(tmp_path):
    line = {"text": TEXT, "notes": [{"text": "", "needs_review": True}]}
    path = write_jsonl(tmp_path / "in.jsonl", line)
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [path], "jsonl", annotator="lina")
        assert [(n.text, n.needs_review) for n in project.notes()] == [("", True)]


def test_an_empty_brat_note_is_skipped_with_a_warning(tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "one.txt").write_text(TEXT, encoding="utf-8")
    ann = "T1\tACTOR 2 5\tقال\n#1\tAnnotatorNotes T1\t\n#2\tAnnotatorNotes T1\t  \n"
    (folder / "one.ann").write_text(ann, encoding="utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        report = import_annotated(project, [folder], "brat", annotator="lina")
        assert project.notes() == []
        assert report.reader.counts["empty_notes"] == 2
        assert [(w.line, w.kind) for w in report.reader.warnings] == [
            (2, "empty_notes"),
            (3, "empty_notes"),
        ]
