"""doccano through `annotator import`: other key names, files without labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats import ImportReport, doccano
from annotator.importing import import_annotated
from annotator.store import Project

COLUMNS = "formats/doccano/import-examples/sequence_labeling/example.jsonl"


@pytest.fixture
def project_path(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "p.sqlite"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    return path


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_cli_text_and_label_keys(project_path, reference_dir, capsys):
    source = reference_dir / COLUMNS
    argv = ["import", str(project_path), str(source), "--format", "doccano", "--annotator", "d"]
    assert main(argv) == 2
    assert f"{source}:1: row has no 'text'" in capsys.readouterr().err
    code = main([*argv, "--text-key", "column_data", "--label-key", "column_label", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["documents_added"], report["spans_added"], report["warnings"]) == (3, 3, [])
    with Project.open(project_path) as project:
        obama = next(
            d for d in project.document_ids() if project.document_text(d) == "President Obama"
        )
        assert [(a.text, a.label) for a in project.annotations(obama, "d")] == [("Obama", "PERSON")]


def test_cli_key_options_belong_to_doccano(project_path, tmp_path, capsys):
    source = tmp_path / "a.conll"
    source.write_text("قال O\n", encoding="utf-8")
    argv = ["import", str(project_path), str(source), "--format", "conll", "--annotator", "d"]
    assert main([*argv, "--label-key", "tags"]) == 2
    assert "--label-key is an option of --format doccano" in capsys.readouterr().err


def test_rows_without_label_keys_are_a_warning_naming_the_file(project_path, reference_dir, capsys):
    source = reference_dir / COLUMNS
    argv = ["import", str(project_path), str(source), "--format", "doccano", "--annotator", "d"]
    assert main([*argv, "--text-key", "column_data"]) == 0
    out = capsys.readouterr().out
    assert (
        f"warning {source}: no row has a 'label' or 'entities' key (other keys: "
        "'column_label'): no annotations imported; name the label key with --label-key"
    ) in out
    assert "no_labels 1" in out


def test_rows_with_empty_labels_are_a_warning(tmp_path):
    path = write_rows(tmp_path / "empty.jsonl", [{"text": "قال", "label": []}] * 2)
    report = ImportReport()
    assert len(list(doccano.read(path, report=report))) == 2
    [warning] = report.warnings
    assert (warning.path, warning.line, warning.kind) == (str(path), None, "no_labels")
    assert warning.message == (
        "every row's 'label' and 'entities' is empty: no annotations imported"
    )


@pytest.mark.parametrize(
    "rows",
    [
        [{"text": "قال", "label": []}, {"text": "أحمد", "label": [[0, 4, "ACTOR"]]}],
        [{"text": "قال", "label": ["sports"]}],  # text classification: categories
        [
            {
                "text": "قال",
                "entities": [{"id": 1, "start_offset": 0, "end_offset": 3, "label": "A"}],
            }
        ],
    ],
)
def test_one_labelled_row_is_enough(tmp_path, rows):
    report = ImportReport()
    list(doccano.read(write_rows(tmp_path / "a.jsonl", rows), report=report))
    assert report.warnings == []


def test_windows_1256_doccano(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"text": "قال أحمد", "label": [[4, 8, "ACTOR"]]}\n'.encode("cp1256"))
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [path], "doccano", annotator="d", encoding="cp1256")
        [doc_id] = project.document_ids()
        assert [a.text for a in project.annotations(doc_id, "d")] == ["أحمد"]
