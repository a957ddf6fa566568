"""brat into a project and back: discontinuous spans refused (or split on request), notes kept,
encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.exporting import ExportOptions, export
from annotator.formats import ImportReport, brat
from annotator.importing import import_annotated
from annotator.model import BatchError, InputError
from annotator.store import Project

DKPRO_BRAT = "formats/dkpro-core/brat"
TUTORIAL = "formats/brat-tutorial-news"
REFUSED = (
    "discontinuous span T1 (0-3;9-13): annotator keeps only continuous spans; use "
    "--split-discontinuous to import each fragment as its own span"
)


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def brat_doc(folder: Path, ann: str, text: str = "قال أحمد إنهم جاؤوا") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "d.txt").write_text(text, encoding="utf-8")
    (folder / "d.ann").write_text(ann, encoding="utf-8")
    return folder


def spans(project: Project, annotator: str) -> list[tuple[str, int, int, str]]:
    return sorted(
        (project.document(doc_id).name, a.start, a.end, a.label)
        for doc_id in project.document_ids()
        for a in project.annotations(doc_id, annotator)
    )


# ---------------------------------------------------------------------------- discontinuous


DISCONTINUOUS = (
    "T1\tACTOR 0 3;9 13\tقال إنهم\n"
    "T2\tACTOR 4 8\tأحمد\n"
    "A1\tnegated T1\n"
    "#1\tAnnotatorNotes T1\tfragments\n"
    "R1\tsource Arg1:T2 Arg2:T1\n"
)


def test_discontinuous_span_is_refused_naming_file_line_and_id(tmp_path):
    folder = brat_doc(tmp_path / "c", "T0\tACTOR 4 8\tأحمد\n" + DISCONTINUOUS)
    with pytest.raises(InputError) as caught:
        list(brat.read(folder))
    assert (caught.value.path, caught.value.line) == (str(folder / "d.ann"), 2)
    assert caught.value.message == REFUSED


def test_skip_bad_skips_only_the_discontinuous_span_and_what_hangs_on_it(tmp_path):
    folder = brat_doc(tmp_path / "c", DISCONTINUOUS)
    report = ImportReport()
    [doc] = brat.read(folder, skip_bad=True, report=report)
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(4, 8, "ACTOR")]
    assert doc.relations == []
    assert [(n.line, n.kind) for n in report.skipped] == [
        (1, "discontinuous_skipped"),
        (3, "on_skipped_span"),
        (4, "on_skipped_span"),
        (5, "on_skipped_span"),
    ]
    assert report.skipped[0].message == REFUSED + "; span skipped"
    assert "T1" in report.skipped[3].message


def test_split_discontinuous_keeps_todays_split(tmp_path):
    folder = brat_doc(tmp_path / "c", DISCONTINUOUS)
    report = ImportReport()
    [doc] = brat.read(folder, split_discontinuous=True, report=report)
    assert [[n.text for n in s.notes] for s in doc.spans] == [["fragments"], ["fragments"], []]
    assert [(s.id, s.text, s.attributes) for s in doc.spans] == [
        ("T1", "قال", {"negated": True}),
        ("T1-2", "إنهم", {"negated": True}),
        ("T2", "أحمد", {}),
    ]
    assert [(r.head, r.tail) for r in doc.relations] == [("T2", "T1")]
    assert [(n.line, n.kind) for n in report.warnings] == [(1, "discontinuous_split")]


def test_dkpro_discontinuous_files_through_the_import(project, reference_dir):
    folder = reference_dir / DKPRO_BRAT
    files = [folder / "document0c.ann", folder / "document0d.ann"]
    with pytest.raises(BatchError) as caught:
        import_annotated(project, files, "brat", annotator="a")
    assert [(e.path, e.line) for e in caught.value.errors] == [(str(f), 2) for f in files]
    assert all("discontinuous span T2" in e.message for e in caught.value.errors)
    assert project.count_documents() == 0 and project.annotators() == []

    report = import_annotated(project, files, "brat", annotator="a", split_discontinuous=True)
    assert report.documents_added == 2
    assert report.reader.counts["discontinuous_split"] == 2
    # document0d.ann: "T2 Token 5 7;9 10" became "is" and "n", as DKPro's re-export has them
    ref = brat.read_document(folder / "document0d-ref.ann", folder / "document0d.txt")
    stored = [(s, e, label) for name, s, e, label in spans(project, "a") if name == "document0d"]
    assert stored == sorted((s.start, s.end, s.label) for s in ref.spans)


def test_dkpro_folder_with_skip_bad_skips_the_two_spans(project, reference_dir):
    folder = reference_dir / DKPRO_BRAT
    report = import_annotated(project, [folder], "brat", annotator="a", skip_bad=True)
    discontinuous = [n for n in report.reader.skipped if n.kind == "discontinuous_skipped"]
    assert [(Path(n.path).name, n.line) for n in discontinuous] == [
        ("document0c.ann", 2),
        ("document0d.ann", 2),
    ]
    stored = {(name, s, e) for name, s, e, _ in spans(project, "a")}
    assert ("document0d", 5, 7) not in stored and ("document0d", 9, 10) not in stored
    assert ("document0d", 0, 4) in stored  # the span before it is kept


def test_cli_split_discontinuous(tmp_path, reference_dir, capsys):
    path = tmp_path / "p.sqlite"
    assert main(["new", str(path)]) == 0
    ann = reference_dir / DKPRO_BRAT / "document0d.ann"
    argv = ["import", str(path), str(ann), "--format", "brat", "--annotator", "a"]
    capsys.readouterr()
    assert main(argv) == 2
    assert f"{ann}:2: discontinuous span T2 (5-7;9-10)" in capsys.readouterr().err
    assert main([*argv, "--split-discontinuous"]) == 0
    assert "discontinuous_split 1" in capsys.readouterr().out
    assert main([*argv[:3], "--split-discontinuous"]) == 2  # without --format brat
    assert "--split-discontinuous is an option of --format brat" in capsys.readouterr().err


# ---------------------------------------------------------------------------- notes


def test_tutorial_notes_survive_a_project_round_trip(project, reference_dir, tmp_path):
    folder = reference_dir / TUTORIAL
    import_annotated(project, [folder], "brat", annotator="a", done=True)
    out = tmp_path / "out"
    export(project, out, ExportOptions(format="brat", annotator="a"))
    back = {doc.name: doc for doc in brat.read(out)}
    original = {doc.name: doc for doc in brat.read(folder)}
    notes = [
        (s.start, s.end, s.label, [n.text for n in s.notes])
        for s in back["110-note_annotation"].spans
        if s.notes
    ]
    assert notes == [
        (s.start, s.end, s.label, [n.text for n in s.notes])
        for s in original["110-note_annotation"].spans
        if s.notes
    ]
    assert notes == [(412, 421, "GPE", ["Should fictional places be annotated?"])]
    assert not any(s.attributes for s in back["110-note_annotation"].spans)  # a note, not one
    ann = (out / "110-note_annotation.ann").read_text(encoding="utf-8")
    assert "#1\tAnnotatorNotes T1\tShould fictional places be annotated?\n" in ann
    assert {name: len(doc.spans) for name, doc in back.items()} == {
        name: len(doc.spans) for name, doc in original.items()
    }


# ---------------------------------------------------------------------------- encodings


def test_windows_1256_brat(project, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    text = "قال أحمد"
    (folder / "d.txt").write_bytes(text.encode("cp1256"))
    (folder / "d.ann").write_bytes("T1\tACTOR 4 8\tأحمد\n".encode("cp1256"))
    with pytest.raises(InputError) as caught:
        import_annotated(project, [folder], "brat", annotator="a")
    assert (caught.value.path, caught.value.line) == (str(folder / "d.txt"), 1)
    assert "not valid UTF-8" in caught.value.message
    import_annotated(project, [folder], "brat", annotator="a", encoding="windows-1256")
    [doc_id] = project.document_ids()
    assert project.document_text(doc_id) == text
    assert [(a.text, a.label) for a in project.annotations(doc_id, "a")] == [("أحمد", "ACTOR")]
