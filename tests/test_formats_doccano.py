"""doccano JSONL: reference files from doccano's own tests, round trips, bad rows."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from test_formats_strategies import docs

from annotator.formats import ImportReport, doccano
from annotator.model import InputError

EXAMPLES = int(os.environ.get("FORMATS_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def span_set(doc):
    return sorted((s.start, s.end, s.label) for s in doc.spans)


@SETTINGS
@given(docs())
def test_round_trip_labels(doc):
    buffer = io.StringIO()
    doccano.write([doc], buffer)
    [back] = list(doccano.read(buffer.getvalue().split("\n")))
    assert back.text == doc.text
    assert span_set(back) == sorted({(s.start, s.end, s.label) for s in doc.spans})
    assert back.id == doc.id and back.name == doc.name


@SETTINGS
@given(docs(relations=True))
def test_round_trip_relations_variant(doc):
    buffer = io.StringIO()
    doccano.write([doc], buffer, relations=True)
    row = json.loads(buffer.getvalue())
    assert set(row) >= {"text", "entities", "relations"}
    [back] = list(doccano.read([buffer.getvalue()]))
    assert [(s.start, s.end, s.label) for s in back.spans] == [
        (s.start, s.end, s.label) for s in doc.spans
    ]
    by_id = {s.id: (s.start, s.end, s.label) for s in doc.spans}
    back_by_id = {s.id: (s.start, s.end, s.label) for s in back.spans}
    assert [(back_by_id[r.head], back_by_id[r.tail], r.label) for r in back.relations] == [
        (by_id[r.head], by_id[r.tail], r.label) for r in doc.relations
    ]


def test_import_tests_sequence_labeling(reference_dir):
    path = reference_dir / "formats/doccano/import-tests/sequence_labeling/example.jsonl"
    with pytest.raises(InputError) as caught:
        list(doccano.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert "no 'text'" in caught.value.message
    report = ImportReport()
    back = list(doccano.read(path, skip_bad=True, report=report))
    assert [(d.text, span_set(d), d.meta) for d in back] == [
        ("exampleA", [(0, 1, "LOC")], {"wikiPageID": 1}),
        ("exampleB", [], {"wikiPageID": 2}),
    ]
    assert [(n.line, n.kind) for n in report.skipped] == [(3, "bad_rows")]


def test_duplicate_spans_are_kept_once_and_reported(reference_dir):
    path = (
        reference_dir / "formats/doccano/import-tests/sequence_labeling/example_overlapping.jsonl"
    )
    report = ImportReport()
    [doc] = list(doccano.read(path, report=report))
    assert span_set(doc) == [(0, 1, "LOC")]
    assert report.counts["spans_duplicate"] == 1
    assert report.warnings[0].line == 1


def test_export_example(reference_dir):
    path = reference_dir / "formats/doccano/export-examples/sequence_labeling/example.jsonl"
    back = list(doccano.read(path))
    assert [[(d.text[s.start : s.end], s.label) for s in d.spans] for d in back] == [
        [("EU", "ORG"), ("German", "MISC")],
        [("Peter Blackburn", "PERSON")],
        [("Obama", "PERSON")],
    ]


def test_custom_column_names(reference_dir):
    path = reference_dir / "formats/doccano/import-examples/sequence_labeling/example.jsonl"
    back = list(doccano.read(path, text_key="column_data", label_key="column_label"))
    assert [d.text for d in back][:2] == [
        "EU rejects German call to boycott British lamb.",
        "Peter Blackburn",
    ]
    assert [(s.start, s.end, s.label) for s in back[0].spans] == [(0, 2, "ORG")]


@pytest.mark.parametrize("folder", ["import-tests", "import-examples"])
def test_relation_extraction(reference_dir, folder):
    path = reference_dir / f"formats/doccano/{folder}/relation_extraction/example.jsonl"
    [doc] = list(doccano.read(path))
    spans = {s.id: doc.text[s.start : s.end] for s in doc.spans}
    assert spans == {
        "0": "Google",
        "1": "September 4, 1998",
        "2": "Larry Page",
        "3": "Sergey Brin",
    }
    assert [(spans[r.head], spans[r.tail], r.label) for r in doc.relations] == [
        ("Google", "September 4, 1998", "foundedAt"),
        ("Google", "Larry Page", "foundedBy"),
        ("Google", "Sergey Brin", "foundedBy"),
    ]


def test_multi_line_json_is_rejected_at_line_one(reference_dir):
    path = reference_dir / "formats/doccano/export-examples/relation_extraction/example.jsonl"
    with pytest.raises(InputError) as caught:
        list(doccano.read(path))
    assert caught.value.line == 1
    assert "not JSON Lines" in caught.value.message


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"text": "abc", "label": [[0, 4, "X"]]}, "out of range"),
        ({"text": "abc", "label": [[0, 2]]}, "expected [start, end, label]"),
        ({"text": "abc", "label": [[0, 2, ""]]}, "label"),
        ({"text": 3, "label": []}, "not a string"),
        (
            {
                "text": "abc",
                "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}],
                "relations": [{"from_id": 1, "to_id": 9, "type": "r"}],
            },
            "name no entity",
        ),
    ],
)
def test_bad_rows(tmp_path, row, words):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "label": []}\n' + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(doccano.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert words in caught.value.message


def test_categories_and_extra_keys_go_to_meta():
    row = {"id": 4, "text": "خبر", "label": ["politics"], "source": "x"}
    [doc] = list(doccano.read([json.dumps(row)]))
    assert doc.id == "4"
    assert doc.meta == {"categories": ["politics"], "source": "x"}
    assert doc.spans == []
