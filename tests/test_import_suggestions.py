"""`annotator import --as-suggestions` (`annotator.importing_suggestions`): Label Studio
predictions and a model's native JSONL output become an annotator's suggestions, never
annotations; documents are matched by text (after the same cleaning) or added; bad scores name
file and line with nothing written; rejected and held spans are not stored; File > Import…
does the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import UsageError
from annotator.gui.import_dialog import ImportDialog
from annotator.importing_plain import import_documents
from annotator.importing_suggestions import import_suggestions
from annotator.model import InputError
from annotator.store import Project

TEXT = "قال وزير الخارجية إن الحرب انتهت، وقتل ثلاثة مدنيين."
OTHER = "أعلن الجيش مقتل خمسة جنود في بغداد."


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def region(rid: str, text: str, piece: str, label: str, **extra: object) -> dict:
    start, end = at(text, piece)
    value = {"start": start, "end": end, "text": piece, "labels": [label]}
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": value,
        **extra,
    }


def ls_export(path: Path, tasks: list[dict]) -> Path:
    """A Label Studio JSON export, one task a line (as Label Studio writes it)."""
    lines = ",\n".join(json.dumps(task, ensure_ascii=False) for task in tasks)
    path.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    return path


def ls_tasks() -> list[dict]:
    """Task 1 (TEXT): a user's annotation and two models' predictions (v1 scored per
    prediction, one result scored on its own; v2 not scored, with a source relation); task 2
    (OTHER): predictions only."""
    return [
        {
            "id": 1,
            "data": {"text": TEXT},
            "annotations": [
                {"completed_by": 1, "result": [region("a1", TEXT, "وزير الخارجية", "ACTOR")]}
            ],
            "predictions": [
                {
                    "model_version": "ner-v1",
                    "score": 0.6,
                    "result": [
                        region("p1", TEXT, "وزير الخارجية", "ACTOR", score=0.95),
                        region("p2", TEXT, "ثلاثة مدنيين", "CASUALTY"),
                    ],
                },
                {
                    "model_version": "claims-v2",
                    "result": [
                        region("q1", TEXT, "إن الحرب انتهت", "CLAIM"),
                        region("q2", TEXT, "وزير الخارجية", "ACTOR"),
                        {
                            "type": "relation",
                            "from_id": "q1",
                            "to_id": "q2",
                            "direction": "right",
                            "labels": ["source"],
                        },
                    ],
                },
            ],
        },
        {
            "id": 2,
            "data": {"text": OTHER},
            "predictions": [
                {"model_version": "ner-v1", "result": [region("r1", OTHER, "الجيش", "ORG")]}
            ],
        },
    ]


def suggested(project: Project, text: str, annotator: str) -> list[tuple]:
    document_id = project.document_id_by_sha(_sha(text))
    assert document_id is not None
    return sorted(
        (s.label, s.text, s.recommender, s.score, s.source)
        for s in project.suggestions(document_id, annotator)
    )


def _sha(text: str) -> str:
    from annotator.store.documents import sha256_text

    return sha256_text(text)


def no_annotations(project: Project) -> bool:
    return all(not project.annotations(d, None) for d in project.document_ids())


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def cli(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------------------- Label Studio


def test_label_studio_predictions_become_suggestions_never_annotations(project, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    import_documents(project, [tmp_path / "in"])
    path = ls_export(tmp_path / "tasks.json", ls_tasks())
    report = import_suggestions(project, [path], "labelstudio", annotator="amal")
    # the result's own score, else the prediction's, else 1.0; recommender: model_version
    actor = at(TEXT, "وزير الخارجية")
    # (ner-v1 proposed the ACTOR too, scored 0.95: of the same span the best score is kept)
    assert suggested(project, TEXT, "amal") == [
        ("ACTOR", "وزير الخارجية", "claims-v2", 1.0, None),
        ("CASUALTY", "ثلاثة مدنيين", "ner-v1", 0.6, None),
        ("CLAIM", "إن الحرب انتهت", "claims-v2", 1.0, actor),
    ]
    # the unknown document was added (without annotations); ORG added to the schema as a
    # normal import adds unknown labels
    assert project.count_documents() == 2
    assert suggested(project, OTHER, "amal") == [("ORG", "الجيش", "ner-v1", 1.0, None)]
    assert "ORG" in [label.name for label in project.labels()]
    assert (report.documents_matched, report.documents_added) == (1, 1)
    assert report.recommenders == {"claims-v2": 2, "ner-v1": 3}
    assert report.stored == {"ACTOR": 1, "CASUALTY": 1, "CLAIM": 1, "ORG": 1}
    assert report.dropped == 1 and report.sources_linked == 1
    assert report.labels_added == ["ORG"]
    # the user's annotation is never read, nor stored as anyone's: no annotations at all
    assert no_annotations(project)
    assert report.documents.reader.counts["annotations_not_read"] == 1
    assert "suggestions: 4 stored (ACTOR 1, CASUALTY 1, CLAIM 1, ORG 1)" in report.summary()


def test_one_model_version_with_completed_by(project, tmp_path):
    path = ls_export(tmp_path / "tasks.json", ls_tasks())
    import_suggestions(project, [path], "labelstudio", annotator="amal", completed_by="ner-v1")
    assert {s[2] for s in suggested(project, TEXT, "amal")} == {"ner-v1"}
    assert suggested(project, TEXT, "amal")[0] == ("ACTOR", "وزير الخارجية", "ner-v1", 0.95, None)


def test_the_normal_import_still_leaves_predictions_out(project, tmp_path, capsys):
    path = ls_export(tmp_path / "tasks.json", ls_tasks())
    argv = ["--format", "labelstudio", "--annotator", "mona", "--completed-by", "1"]
    code, out, _ = cli(capsys, "import", project.path, path, *argv)
    assert code == 0 and "predictions_skipped 3" in out
    with Project.open(project.path) as opened:
        [doc] = opened.document_ids()
        assert [a.label for a in opened.annotations(doc, "mona")] == ["ACTOR"]
        assert opened.suggestion_counts() == []


def test_exports_are_unchanged_by_imported_suggestions(project, tmp_path, capsys):
    path = ls_export(tmp_path / "tasks.json", ls_tasks())
    argv = ["--format", "labelstudio", "--annotator", "mona", "--completed-by", "1"]
    assert cli(capsys, "import", project.path, path, *argv)[0] == 0
    import_documents(project, [model_output(tmp_path / "texts.jsonl", {"text": OTHER})])

    def exported(name: str) -> dict[str, bytes]:
        files = {}
        for fmt, suffix in (("jsonl", "jsonl"), ("labelstudio", "json"), ("conll", "conll")):
            out = tmp_path / f"{name}.{suffix}"
            argv = ["--annotator", "mona", "--include-unfinished", "--out", out]
            assert cli(capsys, "export", project.path, "--format", fmt, *argv)[0] == 0
            files[fmt] = out.read_bytes()
        return files

    before = exported("before")
    code, out, _ = cli(
        capsys, "import", project.path, path, "--format", "labelstudio", "--annotator", "mona",
        "--as-suggestions",
    )  # fmt: skip
    # mona's own ACTOR is not suggested to her again
    assert code == 0 and "3 stored (CASUALTY 1, CLAIM 1, ORG 1), 2 dropped" in out
    with Project.open(project.path) as opened:
        assert sum(c.pending for c in opened.suggestion_counts("mona")) == 3
    assert exported("after") == before


def test_a_bad_label_studio_score_names_file_and_line(project, tmp_path):
    tasks = ls_tasks()
    tasks[1]["predictions"][0]["result"][0]["score"] = 1.5
    path = ls_export(tmp_path / "tasks.json", tasks)
    with pytest.raises(InputError) as caught:
        import_suggestions(project, [path], "labelstudio", annotator="amal")
    error = caught.value
    assert (error.path, error.line) == (str(path), 3)  # task 2 starts on line 3
    assert "task 2" in error.message and "1.5" in error.message and "(0, 1]" in error.message
    assert project.count_documents() == 0 and project.suggestion_counts() == []
    assert project.annotators() == []
    tasks[1]["predictions"][0]["result"][0]["score"] = "high"
    tasks[1]["predictions"][0]["score"] = 0.5
    with pytest.raises(InputError, match="'high' is not a number"):
        import_suggestions(project, [ls_export(path, tasks)], "labelstudio", annotator="amal")


# ---------------------------------------------------------------------------- native JSONL


def model_output(path: Path, *docs: dict) -> Path:
    path.write_text(
        "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs), encoding="utf-8"
    )
    return path


def scored(text: str, piece: str, label: str, span_id: str | None = None, **extra) -> dict:
    start, end = at(text, piece)
    span: dict = {"start": start, "end": end, "label": label, **extra}
    if span_id is not None:
        span["id"] = span_id
    return span


def test_a_models_jsonl_output_from_the_command_line(project, tmp_path, capsys):
    import_documents(project, [model_output(tmp_path / "texts.jsonl", {"text": TEXT})])
    path = model_output(
        tmp_path / "model.jsonl",
        {
            "text": TEXT,
            "spans": [
                scored(TEXT, "وزير الخارجية", "ACTOR", "a", score=0.7),
                scored(TEXT, "إن الحرب انتهت", "CLAIM", "c"),
                scored(TEXT, "ثلاثة مدنيين", "CASUALTY", score=0.25),
            ],
            "relations": [{"head": "c", "tail": "a", "label": "source"}],
        },
        {"text": OTHER, "spans": [scored(OTHER, "بغداد", "PLACE", score=0.5)]},
    )
    argv = ["--format", "jsonl", "--annotator", "amal", "--as-suggestions"]
    code, out, _ = cli(capsys, "import", project.path, path, *argv, "--recommender", "my-ner")
    assert code == 0
    assert "2 document(s), 1 already in the project, 1 added" in out
    assert "4 stored (ACTOR 1, CASUALTY 1, CLAIM 1, PLACE 1)" in out
    assert "recommenders: my-ner (4)" in out and "labels added to the schema: PLACE" in out
    with Project.open(project.path) as opened:
        assert suggested(opened, TEXT, "amal") == [
            ("ACTOR", "وزير الخارجية", "my-ner", 0.7, None),
            ("CASUALTY", "ثلاثة مدنيين", "my-ner", 0.25, None),
            ("CLAIM", "إن الحرب انتهت", "my-ner", 1.0, at(TEXT, "وزير الخارجية")),
        ]
        assert suggested(opened, OTHER, "amal") == [("PLACE", "بغداد", "my-ner", 0.5, None)]
        assert no_annotations(opened)
    # again: the model's suggestions are replaced, not doubled
    code, out, _ = cli(capsys, "import", project.path, path, *argv, "--recommender", "my-ner")
    assert code == 0 and "2 already in the project, 0 added" in out
    with Project.open(project.path) as opened:
        assert sum(c.pending for c in opened.suggestion_counts("amal")) == 4


def test_a_bad_jsonl_score_names_file_and_line_and_writes_nothing(project, tmp_path, capsys):
    path = model_output(
        tmp_path / "model.jsonl",
        {"text": OTHER, "spans": [scored(OTHER, "بغداد", "PLACE", score=0.5)]},
        {"text": TEXT, "spans": [scored(TEXT, "وزير الخارجية", "ACTOR", score=0)]},
    )
    argv = ["--format", "jsonl", "--annotator", "amal", "--as-suggestions"]
    code, out, err = cli(capsys, "import", project.path, path, *argv)
    assert code == 2 and not out
    assert f"{path}:2" in err and "span 1: 'score' 0 is not a number in (0, 1]" in err
    with Project.open(project.path) as opened:
        assert opened.count_documents() == 0 and opened.suggestion_counts() == []
        assert [label.name for label in opened.labels()] == ["ACTOR", "CLAIM", "CASUALTY"]


def test_cleaned_texts_match_and_spans_move_with_them(project, tmp_path):
    messy = "[ad_1]\n" + TEXT + "\n"
    import_documents(project, [model_output(tmp_path / "texts.jsonl", {"text": messy})], clean=True)
    [document_id] = project.document_ids()
    path = model_output(
        tmp_path / "model.jsonl",
        {"text": messy, "spans": [scored(messy, "وزير الخارجية", "ACTOR", score=0.9)]},
    )
    report = import_suggestions(project, [path], "jsonl", annotator="amal", clean=True)
    assert (report.documents_matched, report.documents_added) == (1, 0)
    [s] = project.suggestions(document_id, "amal")
    assert (s.start, s.end, s.text) == (*at(TEXT, "وزير الخارجية"), "وزير الخارجية")


def test_rejected_and_held_spans_are_not_stored(project, tmp_path):
    path = model_output(
        tmp_path / "model.jsonl",
        {
            "text": TEXT,
            "spans": [
                scored(TEXT, "وزير الخارجية", "ACTOR", score=0.9),
                scored(TEXT, "ثلاثة مدنيين", "CASUALTY", score=0.8),
                scored(TEXT, "الحرب", "ACTOR", score=0.4),
            ],
        },
    )
    import_suggestions(project, [path], "jsonl", annotator="amal")
    [document_id] = project.document_ids()
    pending = {s.text: s for s in project.suggestions(document_id, "amal")}
    project.reject_suggestions([pending["الحرب"].uuid])
    project.add_annotation(document_id, "amal", "ACTOR", *at(TEXT, "وزير الخارجية"))
    report = import_suggestions(project, [path], "jsonl", annotator="amal")
    assert report.stored == {"CASUALTY": 1} and report.dropped == 2
    assert "1 stored (CASUALTY 1), 2 dropped" in report.summary()
    assert [s.text for s in project.suggestions(document_id, "amal")] == ["ثلاثة مدنيين"]
    assert project.suggestion_counts("amal")[0].pending == 1  # nothing hidden was stored
    # another annotator is offered all three
    import_suggestions(project, [path], "jsonl", annotator="sara")
    assert len(project.suggestions(document_id, "sara")) == 3


def test_options_that_do_not_go_together(project, tmp_path, capsys):
    path = model_output(tmp_path / "model.jsonl", {"text": TEXT})
    base = ["import", project.path, path, "--format", "jsonl", "--annotator", "amal"]
    code, _, err = cli(capsys, *base, "--as-suggestions", "--done")
    assert code == 2 and "--done" in err
    code, _, err = cli(capsys, *base, "--recommender", "x")
    assert code == 2 and "--as-suggestions" in err
    code, _, err = cli(capsys, "import", project.path, path, "--as-suggestions")
    assert code == 2 and "--format" in err
    with pytest.raises(UsageError):
        import_suggestions(project, [path], "jsonl", annotator="amal", recommender=" ")
    assert project.count_documents() == 0


# ---------------------------------------------------------------------------- File > Import…


def test_the_import_dialog_imports_as_suggestions(qtbot, project, tmp_path):
    path = ls_export(tmp_path / "tasks.json", ls_tasks())
    dialog = ImportDialog(project, "amal")
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    dialog.add_paths([path])
    dialog.set_format("labelstudio")
    assert dialog.annotated_form.isRowVisible(dialog.recommender_edit) is False
    dialog.suggestions_check.setChecked(True)
    assert dialog.annotated_form.isRowVisible(dialog.recommender_edit)
    assert not dialog.done_check.isEnabled()
    dialog.recommender_edit.setText("unused-name")
    finished: list[object] = []
    dialog.importFinished.connect(finished.append)
    assert dialog.start_import()
    qtbot.waitUntil(lambda: bool(finished) or bool(errors), timeout=60000)
    assert errors == [] and len(finished) == 1
    lines = dialog.report_lines()
    assert "Imported suggestions for amal from 1 labelstudio input(s)" in lines
    assert any(line.startswith("Suggestions stored: 4;") for line in lines)
    assert "  ner-v1: 3 read" in lines
    with Project.open(project.path) as opened:
        assert suggested(opened, OTHER, "amal") == [("ORG", "الجيش", "ner-v1", 1.0, None)]
        assert no_annotations(opened)
