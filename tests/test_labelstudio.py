"""Label Studio JSON (`annotator.formats.labelstudio`): read, write, round trip, and through
`annotator import`/`annotator export`.

The fixtures in tests/data/labelstudio are hand-built after Label Studio's documented export
(task_format.md, result_format.md): `export.json` (two annotators, a cancelled annotation, a
relation each way, a `choices` result, predictions, an emoji and a flag before spans),
`utf16.json` (the same text as Label Studio before 1.6 stored it: offsets in UTF-16 code
units) and `export-min.json` (the JSON-MIN export of `export.json`'s annotations).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import UsageError
from annotator.formats import FORMATS, ImportReport, labelstudio
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord
from annotator.store import Project

DATA = Path(__file__).parent / "data" / "labelstudio"
EXPORT = DATA / "export.json"
UTF16 = DATA / "utf16.json"
MINIMAL = DATA / "export-min.json"
TEXT = "😀 قال وزير الخارجية إن الحرب انتهت. 🇵🇸 وقتل ثلاثة مدنيين."


def read(path: Path | list[str], **options) -> tuple[list[DocRecord], ImportReport]:
    report = ImportReport()
    docs = list(labelstudio.read(path, report=report, **options))
    return docs, report


def spans(doc: DocRecord) -> list[tuple[int, int, str, str | None]]:
    return [(s.start, s.end, s.label, s.text) for s in doc.spans]


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


# ---------------------------------------------------------------------------- reading


def test_one_users_annotations_at_code_point_offsets():
    docs, report = read(EXPORT, completed_by=1)
    [doc] = docs
    assert doc.text == TEXT and doc.id == "7" and doc.meta == {"source": "wafa"}
    assert doc.source == str(EXPORT) and doc.line == 2
    assert spans(doc) == [
        (*at(TEXT, "وزير الخارجية"), "ACTOR", "وزير الخارجية"),
        (*at(TEXT, "إن الحرب انتهت"), "CLAIM", "إن الحرب انتهت"),
        (*at(TEXT, "ثلاثة مدنيين"), "CASUALTY", "ثلاثة مدنيين"),
    ]
    assert {s.annotator for s in doc.spans} == {"1"}
    assert doc.relations == [RelationRecord("c1", "a1", "source", "c1->a1", "1")]
    # the choices result, the other user's and the cancelled annotation, the predictions and
    # the task without an annotation are left out, each counted
    assert report.counts["results_unsupported"] == 1
    assert "'choices' result" in report.skipped[0].message and "ch1" in report.skipped[0].message
    assert report.counts["annotations_other_users"] == 1
    assert report.counts["annotations_cancelled"] == 1
    assert report.counts["predictions_skipped"] == 2
    assert any(n.kind == "predictions_skipped" for n in report.skipped)
    assert report.counts["tasks_unannotated"] == 1
    assert report.counts["documents"] == 1 and report.counts["relations"] == 1


def test_a_relation_drawn_leftwards_points_the_other_way():
    [doc], _ = read(EXPORT, completed_by="2")
    assert spans(doc) == [
        (*at(TEXT, "وزير"), "ACTOR", "وزير"),
        (*at(TEXT, "إن الحرب انتهت"), "CLAIM", "إن الحرب انتهت"),
    ]
    # drawn from m1 (ACTOR) to m2 (CLAIM) with the arrow on the left: from the CLAIM to the ACTOR
    assert doc.relations == [RelationRecord("m2", "m1", "source", "m1->m2", "2")]


def test_several_users_annotations_are_never_read_as_one():
    with pytest.raises(InputError) as caught:
        read(EXPORT)
    assert caught.value.path == str(EXPORT)
    assert "1 (1), 2 (1)" in caught.value.message and "completed_by" in caught.value.message


def test_a_user_given_by_email_and_one_not_found():
    rows = [
        {
            "id": 1,
            "data": {"text": "abc def"},
            "annotations": [
                {
                    "completed_by": {"id": 4, "email": "amal@example.org"},
                    "result": [_region("r1", 0, 3, "abc", "ACTOR")],
                }
            ],
        }
    ]
    lines = [json.dumps(rows)]
    [doc], _ = read(lines, completed_by="amal@example.org")
    assert doc.spans[0].annotator == "amal@example.org"
    [doc], _ = read(lines, completed_by=4)  # by id too
    assert len(doc.spans) == 1
    docs, report = read(lines, completed_by=5)
    assert docs == [] and report.counts["user_not_found"] == 1


def test_predictions_are_read_only_when_asked_and_only_them():
    docs, report = read(EXPORT, predictions=True)
    assert [d.id for d in docs] == ["7", "8"]
    assert spans(docs[0]) == [
        (*at(TEXT, "وزير الخارجية"), "ACTOR", "وزير الخارجية"),
        (*at(TEXT, "الحرب"), "ACTOR", "الحرب"),
    ]
    assert {s.annotator for s in docs[0].spans} == {"ner-v1"}
    assert docs[1].spans == []
    assert report.counts["annotations_not_read"] == 3


def test_json_min_gives_the_same_spans():
    [full], _ = read(EXPORT, completed_by=1)
    [minimal], report = read(MINIMAL, completed_by=1)
    assert spans(minimal) == spans(full) and minimal.id == "7" and minimal.text == TEXT
    assert minimal.meta == {"source": "wafa", "topic": "politics"}  # JSON-MIN's choices: data
    assert report.counts["annotations_other_users"] == 1
    with pytest.raises(InputError, match="1 \\(1\\), 2 \\(1\\)"):
        read(MINIMAL)


def test_one_task_per_line_and_a_single_task_are_read():
    rows = [
        {"data": {"text": "abc"}, "annotations": [{"result": [_region("x", 0, 3, "abc", "A")]}]},
        {"data": {"text": "de"}, "annotations": [{"result": [_region("y", 0, 2, "de", "B")]}]},
    ]
    docs, _ = read([json.dumps(row) for row in rows])
    assert [(d.text, d.line, spans(d)) for d in docs] == [
        ("abc", 1, [(0, 3, "A", "abc")]),
        ("de", 2, [(0, 2, "B", "de")]),
    ]
    [doc], _ = read(json.dumps(rows[0], indent=2).splitlines())
    assert spans(doc) == [(0, 3, "A", "abc")]


# ---------------------------------------------------------------------------- UTF-16 offsets


def test_utf16_offsets_are_detected_and_never_moved_silently():
    with pytest.raises(InputError) as caught:
        read(UTF16)
    error = caught.value
    assert (error.path, error.line) == (str(UTF16), 2)
    assert "task 21" in error.message and "'a1'" in error.message
    assert "UTF-16" in error.message and "fix_utf16" in error.message


def test_utf16_offsets_skipped_and_reported_with_skip_bad():
    [doc], report = read(UTF16, skip_bad=True)
    assert doc.spans == []
    assert report.counts["offsets_utf16"] == 2
    assert [n.line for n in report.skipped] == [2, 2]
    assert "task 21, result 'k1'" in report.skipped[1].message


def test_utf16_offsets_moved_when_asked_each_reported():
    [doc], report = read(UTF16, fix_utf16=True)
    assert spans(doc) == [
        (*at(TEXT, "وزير الخارجية"), "ACTOR", "وزير الخارجية"),
        (*at(TEXT, "ثلاثة مدنيين"), "CASUALTY", "ثلاثة مدنيين"),
    ]
    assert report.counts["offsets_utf16_fixed"] == 2 and len(report.warnings) == 2


def test_a_text_that_fits_no_reading_is_an_error():
    rows = [
        {
            "id": 3,
            "data": {"text": "abc def"},
            "annotations": [
                {"result": [_region("r9", 0, 3, "xyz", "A"), _region("r10", 4, 7, "def", "B")]}
            ],
        }
    ]
    with pytest.raises(InputError, match="task 3, result 'r9'.*'xyz'.*'abc'"):
        read([json.dumps(rows)])
    [doc], report = read([json.dumps(rows)], fix_utf16=True, skip_bad=True)
    assert spans(doc) == [(4, 7, "B", "def")]
    assert report.counts["offsets_mismatch"] == 1


AMBIGUOUS = "😀 ههههه قال"  # "هههه" fits both readings of 3-7 (one character apart)


def ambiguous_task(*regions: dict) -> list[str]:
    task = {"id": 5, "data": {"text": AMBIGUOUS}, "annotations": [{"result": list(regions)}]}
    return [json.dumps([task])]


def test_a_span_fitting_both_readings_moves_when_another_proves_utf16():
    # UTF-16 offsets (Label Studio before 1.6): "قال" only fits them, "هههه" fits both
    laughter, said = _region("h1", 3, 7, "هههه", "A"), _region("q1", 9, 12, "قال", "B")
    [doc], report = read(ambiguous_task(laughter, said), fix_utf16=True)
    assert spans(doc) == [(2, 6, "A", "هههه"), (*at(AMBIGUOUS, "قال"), "B", "قال")]
    assert report.counts["offsets_utf16_fixed"] == 2
    assert "result 'h1'" in report.warnings[0].message and "2-6" in report.warnings[0].message


def test_a_span_fitting_both_readings_is_an_error_when_another_proves_utf16(tmp_path):
    laughter, said = _region("h1", 3, 7, "هههه", "A"), _region("q1", 9, 12, "قال", "B")
    path = tmp_path / "old.json"
    path.write_text("\n".join(ambiguous_task(laughter, said)), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), 1)
    assert "task 5, result 'h1'" in error.message and "fix_utf16" in error.message
    [doc], report = read(path, skip_bad=True)
    assert doc.spans == [] and report.counts["offsets_utf16"] == 2
    assert "result 'h1'" in report.skipped[0].message


def test_a_span_fitting_both_readings_alone_keeps_its_code_points():
    laughter = _region("h1", 3, 7, "هههه", "A")
    [doc], report = read(ambiguous_task(laughter), fix_utf16=True)
    assert spans(doc) == [(3, 7, "A", "هههه")] and not report.warnings


def test_json_min_span_fitting_both_readings_moves_with_its_record():
    record = {"id": 6, "text": AMBIGUOUS, "annotator": 1, "annotation_id": 9,
              "label": [{"start": 3, "end": 7, "text": "هههه", "labels": ["A"]},
                        {"start": 9, "end": 12, "text": "قال", "labels": ["B"]}]}  # fmt: skip
    [doc], report = read([json.dumps([record])], fix_utf16=True)
    assert [(s.start, s.end) for s in doc.spans] == [(2, 6), at(AMBIGUOUS, "قال")]
    assert report.counts["offsets_utf16_fixed"] == 2


# ---------------------------------------------------------------------------- bad input


def _region(rid: str, start: int, end: int, text: str, label: str) -> dict:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def test_errors_name_file_line_and_task(tmp_path):
    path = tmp_path / "bad.json"
    good = {"id": 1, "data": {"text": "abc"}, "annotations": [{"result": []}]}
    bad = {"id": 9, "data": {"body": "abc"}, "annotations": [{"result": []}]}
    path.write_text("[\n" + json.dumps(good) + ",\n" + json.dumps(bad) + "\n]\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert "task 9" in caught.value.message and "data.text" in caught.value.message
    docs, report = read(path, skip_bad=True)
    assert [d.id for d in docs] == ["1"] and report.counts["bad_tasks"] == 1
    [doc], _ = read(path, skip_bad=True, text_key="body")  # the text under another key
    assert doc.id == "9"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('[\n{"data": {"text": "a"}},\n{"data": \n', 3, "not valid JSON"),
        ('[{"data": {"text": "a"}} {"data": {"text": "b"}}]', 1, "expected ','"),
        ("", None, "empty file"),
        ('"text"', 1, "expected a JSON array"),
        ('[{"data": {"text": "\\ud800"}, "annotations": []}]', 1, "lone surrogate"),
    ],
)
def test_malformed_files(tmp_path, content, line, message):
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_bad_results_are_errors_or_skipped():
    result = [
        _region("a", 0, 9, "abc", "A"),  # out of range
        {"id": "b", "type": "labels", "value": {"start": 0, "end": 3, "labels": []}},
        {"from_id": "a", "to_id": "zz", "type": "relation", "labels": ["source"]},
    ]
    rows = [json.dumps([{"id": 4, "data": {"text": "abc"}, "annotations": [{"result": result}]}])]
    with pytest.raises(InputError, match="task 4, result 'a'.*outside the text"):
        read(rows)
    [doc], report = read(rows, skip_bad=True)
    assert doc.spans == [] and doc.relations == []
    assert report.counts["bad_results"] == 2 and report.counts["relations_dangling"] == 1


def test_unlabelled_and_bidirectional_relations_and_several_labels():
    result = [
        {
            **_region("c", 0, 3, "abc", "CLAIM"),
            "value": {"start": 0, "end": 3, "text": "abc", "labels": ["CLAIM", "ACTOR"]},
        },
        _region("a", 4, 7, "def", "ACTOR"),
        {"from_id": "c", "to_id": "a", "type": "relation", "direction": "bi", "labels": ["x"]},
        {"from_id": "c", "to_id": "a", "type": "relation", "direction": "right"},
    ]
    rows = [json.dumps([{"data": {"text": "abc def"}, "annotations": [{"result": result}]}])]
    [doc], report = read(rows)
    assert [(s.id, s.label) for s in doc.spans] == [
        ("c", "CLAIM"),
        ("c#2", "ACTOR"),
        ("a", "ACTOR"),
    ]
    assert doc.relations == [RelationRecord("c", "a", "x", "c->a")]
    assert report.counts["relations_bidirectional"] == 1
    assert report.counts["relations_unlabeled"] == 1


# ---------------------------------------------------------------------------- writing


def _docs() -> list[DocRecord]:
    claim, actor = at(TEXT, "إن الحرب انتهت"), at(TEXT, "وزير الخارجية")
    return [
        DocRecord(
            text=TEXT,
            name="wafa-1.txt",
            id="17",
            meta={"source": "wafa"},
            spans=[
                SpanRecord(*actor, "ACTOR", id="s1", annotator="ali"),
                SpanRecord(*claim, "CLAIM", id="s2", annotator="ali"),
                SpanRecord(*actor, "ACTOR", id="s1b", annotator="ali"),  # a duplicate
                SpanRecord(
                    *at(TEXT, "ثلاثة"),
                    "CASUALTY",
                    id="s3",
                    annotator="ali",
                    attributes={"count": 3},
                ),
            ],
            relations=[RelationRecord("s2", "s1", "source", annotator="ali")],
        ),
        DocRecord(text="خبر بلا تعليق.", id="doc-b"),
    ]


def written(docs: list[DocRecord], **options) -> tuple[str, ImportReport]:
    out = io.StringIO()
    report = labelstudio.write(docs, out, **options)
    return out.getvalue(), report


def test_written_tasks_are_what_label_studio_imports():
    text, report = written(_docs())
    tasks = json.loads(text)
    assert text.startswith("[\n{") and text.endswith("}\n]\n") and len(text.splitlines()) == 4
    first, second = tasks
    assert first["id"] == 17 and "id" not in second  # Label Studio ids are numbers
    assert first["data"] == {"text": TEXT, "name": "wafa-1.txt"}
    assert first["meta"] == {"source": "wafa"} and first["predictions"] == []
    [annotation] = first["annotations"]
    assert "completed_by" not in annotation  # "ali" is no Label Studio user id or email
    assert annotation["was_cancelled"] is False and annotation["ground_truth"] is False
    regions = [r for r in annotation["result"] if r["type"] == "labels"]
    ids = [r["id"] for r in regions]
    assert ids == ["s1", "s2", "s1b", "s3"] and len(set(ids)) == len(ids)
    for region in regions:
        value = region["value"]
        assert value["text"] == TEXT[value["start"] : value["end"]]
        assert (region["from_name"], region["to_name"]) == ("label", "text")
    [relation] = [r for r in annotation["result"] if r["type"] == "relation"]
    assert relation == {
        "from_id": "s2",
        "to_id": "s1",
        "type": "relation",
        "direction": "right",
        "labels": ["source"],
    }
    assert second["annotations"] == [{"result": [], "was_cancelled": False, "ground_truth": False}]
    assert report.counts["attributes_dropped"] == 1 and report.counts["documents"] == 2


def test_completed_by_is_an_id_or_an_email():
    docs = _docs()
    for span in docs[0].spans:
        span.annotator = "3"
    tasks = json.loads(written(docs)[0])
    assert tasks[0]["annotations"][0]["completed_by"] == 3
    for span in docs[0].spans:
        span.annotator = "amal@example.org"
    tasks = json.loads(written(docs)[0])
    assert tasks[0]["annotations"][0]["completed_by"] == {"email": "amal@example.org"}
    tasks = json.loads(written(docs, completed_by="7")[0])
    assert [t["annotations"][0]["completed_by"] for t in tasks] == [7, 7]
    with pytest.raises(UsageError, match="id or email"):
        written(docs, completed_by="amal")


def test_one_annotation_per_annotator_with_unique_result_ids():
    doc = DocRecord(
        text="abc def",
        spans=[
            SpanRecord(0, 3, "A", id="x", annotator="1"),
            SpanRecord(4, 7, "B", id="x", annotator="2"),  # the same id, another annotator
            SpanRecord(4, 7, "B", id="not an id!", annotator="2"),
        ],
    )
    [task] = json.loads(written([doc])[0])
    assert [a["completed_by"] for a in task["annotations"]] == [1, 2]
    ids = [r["id"] for a in task["annotations"] for r in a["result"]]
    assert ids == ["x", "x_2", "s3"]


def test_an_empty_export_is_an_empty_array():
    assert written([])[0] == "[]\n"


def test_round_trip(tmp_path):
    path = tmp_path / "out.json"
    labelstudio.write(_docs(), path)
    docs, report = read(path)
    assert [(d.text, d.name, d.id, d.meta) for d in docs] == [
        (TEXT, "wafa-1.txt", "17", {"source": "wafa"}),
        ("خبر بلا تعليق.", "", None, {}),
    ]
    original = _docs()[0]
    assert [(s.start, s.end, s.label, s.id) for s in docs[0].spans] == [
        (s.start, s.end, s.label, s.id) for s in original.spans
    ]
    assert [(r.head, r.tail, r.label) for r in docs[0].relations] == [("s2", "s1", "source")]
    assert docs[1].spans == [] and report.counts["tasks_unannotated"] == 0


def test_registered_as_a_whole_file_format():
    info = FORMATS["labelstudio"]
    assert info.can_read and info.can_write and info.whole_file and info.suffix == ".json"
    assert info.carries_relations and not info.carries_attributes


# ---------------------------------------------------------------------------- command line


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_and_export_from_the_command_line(tmp_path, capsys):
    project = tmp_path / "p.sqlite"
    assert run(capsys, "new", project)[0] == 0
    code, out, err = run(
        capsys, "import", project, EXPORT, "--format", "labelstudio", "--annotator", "ali"
    )
    assert code == 2 and "completed-by" in err and not out  # two users: nothing imported
    with Project.open(project) as opened:
        assert opened.count_documents() == 0
    for user, name in (("1", "ali"), ("2", "mona")):
        argv = ["--format", "labelstudio", "--annotator", name, "--completed-by", user, "--done"]
        code, out, _ = run(capsys, "import", project, EXPORT, *argv)
        assert code == 0 and "predictions_skipped 2" in out
        assert "never imported as anyone's annotations" in out and "--predictions" not in out
        assert ("'choices' result" in out) == (name == "ali")
    # machine predictions are never imported as anyone's annotations (rule 6): no such option
    argv = ["import", project, EXPORT, "--format", "labelstudio", "--annotator", "x"]
    with pytest.raises(SystemExit) as refused:
        run(capsys, *argv, "--predictions")
    assert refused.value.code == 2 and "--predictions" in capsys.readouterr().err
    with Project.open(project) as opened:
        [doc_id] = [i for i in opened.document_ids() if opened.document(i).text == TEXT]
        stored = sorted((a.start, a.end, a.label) for a in opened.annotations(doc_id, "ali"))
        assert len(opened.relations(doc_id, "ali")) == 1
        assert opened.annotators() == ["ali", "mona"]
    out_path = tmp_path / "ali.json"
    code, out, _ = run(
        capsys,
        "export",
        project,
        "--format",
        "labelstudio",
        "--out",
        out_path,
        "--annotator",
        "ali",
    )
    assert code == 0, out
    [doc], _ = read(out_path)
    assert sorted((s.start, s.end, s.label) for s in doc.spans) == stored
    assert [r.label for r in doc.relations] == ["source"]
    code, _, err = run(
        capsys,
        "import",
        project,
        EXPORT,
        "--format",
        "conll",
        "--annotator",
        "x",
        "--completed-by",
        "1",
    )
    assert code == 2 and "--completed-by is an option of --format labelstudio" in err


def test_a_large_export_is_one_json_array(tmp_path):
    """More documents than a render chunk holds: still one array (FormatInfo.whole_file)."""
    from annotator.exporting import ExportOptions, export
    from annotator.exporting.render import CHUNK
    from annotator.importing import import_annotated

    docs = [
        DocRecord(text=f"خبر رقم {n} عن وزير.", spans=[SpanRecord(0, 3, "ACTOR", id="a")])
        for n in range(CHUNK + 30)
    ]
    source = tmp_path / "in.json"
    labelstudio.write(docs, source)
    out = tmp_path / "out.json"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "labelstudio", annotator="ali", done=True)
        result = export(project, out, ExportOptions(format="labelstudio", annotator="ali"))
    assert result.files[0].documents == len(docs)
    back, _ = read(out)
    assert sorted(d.text for d in back) == sorted(d.text for d in docs)
    assert all(spans(d) == [(0, 3, "ACTOR", "خبر")] for d in back)


def test_another_encoding(tmp_path):
    path = tmp_path / "utf16.json"
    path.write_text(UTF16.read_text("utf-8"), "utf-16")
    [doc], _ = read(path, encoding="utf-16", fix_utf16=True)
    assert doc.text == TEXT and len(doc.spans) == 2
