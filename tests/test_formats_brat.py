"""brat standoff: round trips with relations and attributes, reference files, bad input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_formats_strategies import docs

from annotator.formats import ImportReport, brat
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord

EXAMPLES = int(os.environ.get("FORMATS_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def spans_of(doc):
    return sorted((s.start, s.end, s.label) for s in doc.spans)


@SETTINGS
@given(docs(attributes=True, relations=True, notes=True))
def test_round_trip_spans_relations_attributes(doc):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "corpus"
        brat.write([doc], out)
        [back] = list(brat.read(out))
        assert (out / "annotation.conf").is_file()
    assert back.text == doc.text
    assert [(s.start, s.end, s.label, s.attributes) for s in back.spans] == [
        (s.start, s.end, s.label, s.attributes) for s in doc.spans
    ]
    # brat keeps a note's text only (no author, time, flag; no notes on documents): a note
    # that is only a flag is left out
    assert [[n.text for n in s.notes] for s in back.spans] == [
        [n.text for n in s.notes if n.text.strip()] for s in doc.spans
    ]
    # relations by the positions of their ends (ids are renumbered T1.., R1..)
    where = {s.id: (s.start, s.end, s.label) for s in doc.spans}
    back_where = {s.id: (s.start, s.end, s.label) for s in back.spans}
    assert [(back_where[r.head], back_where[r.tail], r.label) for r in back.relations] == [
        (where[r.head], where[r.tail], r.label) for r in doc.relations
    ]


def test_offsets_are_code_points_and_files_exact(tmp_path):
    text = "😀 قال\r\nوزير «الدفاع»\u2028إن"
    start = text.index("وزير")
    doc = DocRecord(
        text=text,
        name="خبر 1.txt",
        spans=[
            SpanRecord(start, start + 4, "ACTOR", id="a", attributes={"kind": "state", "n": 3}),
            SpanRecord(2, len(text), "CLAIM", id="c", attributes={"note": "سطر\nثان"}),
        ],
        relations=[RelationRecord(head="c", tail="a", label="source")],
    )
    brat.write([doc], tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "annotation.conf",
        "خبر_1.ann",
        "خبر_1.txt",
    ]
    assert (tmp_path / "out/خبر_1.txt").read_bytes() == text.encode("utf-8")
    ann = (tmp_path / "out/خبر_1.ann").read_text(encoding="utf-8").split("\n")
    assert ann[0] == "T1\tACTOR 7 11\tوزير"  # the emoji is one code point
    assert "A1\tkind T1 state" in ann and "A2\tn T1 3" in ann
    assert "#1\tAnnotatorNotes T2\tسطر ثان" in ann
    assert "R1\tsource Arg1:T2 Arg2:T1" in ann
    conf = (tmp_path / "out/annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nACTOR\nCLAIM\n" in conf
    assert "source\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    assert "kind\tArg:<ENTITY>, Value:state" in conf
    [back] = list(brat.read(tmp_path / "out"))
    assert back.name == "خبر_1"
    # an attribute named note is written as a note, and read back as one
    assert back.spans[1].attributes == {}
    assert [n.text for n in back.spans[1].notes] == ["سطر ثان"]  # the newline became a space


def test_names_are_unique_and_output_atomic(tmp_path):
    doc = DocRecord(text="a", name="same")
    brat.write([doc, doc, DocRecord(text="b")], tmp_path / "out")
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.txt")) == ["doc3", "same", "same-2"]

    def broken():
        yield doc
        raise RuntimeError("store failed")

    with pytest.raises(RuntimeError):
        brat.write(broken(), tmp_path / "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------------------- reference files


def test_discontinuous_spans_are_split_like_dkpro(reference_dir):
    folder = reference_dir / "formats/dkpro-core/brat"
    report = ImportReport()
    doc = brat.read_document(folder / "document0d.ann", split_discontinuous=True, report=report)
    ref = brat.read_document(folder / "document0d-ref.ann", folder / "document0d.txt")
    assert spans_of(doc) == spans_of(ref)
    assert [s.text for s in doc.spans if s.id.startswith("T2")] == ["is", "n"]
    [warning] = report.warnings
    assert (warning.kind, warning.line) == ("discontinuous_split", 2)
    assert report.counts["events_skipped"] == 4


def test_document0c_fragments_across_a_line_break(reference_dir):
    doc = brat.read_document(
        reference_dir / "formats/dkpro-core/brat/document0c.ann", split_discontinuous=True
    )
    assert [(s.id, s.text) for s in doc.spans] == [
        ("T1", "This"),
        ("T2", "is"),
        ("T2-2", "a"),
        ("T3", "test"),
        ("T4", "."),
    ]


def test_document1_relations_notes_events(reference_dir):
    folder = reference_dir / "formats/dkpro-core/brat"
    report = ImportReport()
    doc = brat.read_document(folder / "document1.ann", report=report)
    ref = brat.read_document(folder / "document1-ref.ann", folder / "document1.txt")
    assert [(s.start, s.end) for s in sorted(doc.spans, key=lambda s: s.start)] == [
        (s.start, s.end) for s in sorted(ref.spans, key=lambda s: s.start)
    ]
    texts = {s.id: s.text for s in doc.spans}
    assert [(texts[r.head], texts[r.tail], r.label) for r in doc.relations] == [
        ("Ericsson", "Sweden", "Origin")
    ]
    ref_texts = {s.id: s.text for s in ref.spans}
    assert [(ref_texts[r.head], ref_texts[r.tail]) for r in ref.relations] == [
        ("Ericsson", "Sweden")
    ]
    assert ref.spans[0].attributes == {  # DKPro's attribute value holds spaces: kept whole
        "de-tudarmstadt-ukp-dkpro-core-api-ner-type-Organization_value": "This is a named entity."
    }
    assert doc.spans[0].attributes == {}
    assert [n.text for n in doc.spans[0].notes] == ["This is a named entity."]
    skipped = sorted((n.line, n.kind) for n in report.skipped)
    assert skipped == [(4, "events_skipped"), (8, "unsupported"), (9, "unsupported")]


def test_event_file_matches_its_reexport(reference_dir):
    folder = reference_dir / "formats/dkpro-core/brat"
    doc = brat.read_document(folder / "event.ann")
    ref = brat.read_document(folder / "event-ref.ann", folder / "event.txt")
    assert spans_of(doc) == spans_of(ref) == [(0, 13, "Quote"), (19, 23, "Speaker")]


def test_brat_tutorial_news(reference_dir):
    report = ImportReport()
    back = {
        d.name: d for d in brat.read(reference_dir / "formats/brat-tutorial-news", report=report)
    }
    # T lines per file, counted by hand in the .ann files
    assert {name: len(d.spans) for name, d in back.items()} == {
        "040-text_span_annotation": 4,
        "060-relation_annotation": 10,
        "080-event-annotation": 21,
        "090-event_structures": 22,
        "100-attribute_annotation": 26,
        "110-note_annotation": 14,
    }
    first = back["040-text_span_annotation"].spans
    assert [(s.text, s.label) for s in first] == [
        ("Google", "Organization"),
        ("Larry Page", "Person"),
        ("Sergey Brin", "Person"),
        ("California", "GPE"),
    ]
    rel = back["060-relation_annotation"]
    texts = {s.id: s.text for s in rel.spans}
    assert [(texts[r.head], texts[r.tail], r.label) for r in rel.relations] == [
        ("Terry Pratchett", "England", "Located")
    ]
    attrs = back["100-attribute_annotation"]
    assert [(s.text, s.attributes) for s in attrs.spans if s.attributes] == [
        ("Somebody", {"Individual": True})
    ]
    notes = back["110-note_annotation"]
    assert [(s.text, s.notes[0].text) for s in notes.spans if s.notes] == [
        ("Discworld", "Should fictional places be annotated?")
    ]
    family = {s.id: s.text for s in notes.spans}
    assert [(family[r.head], family[r.tail]) for r in notes.relations] == [
        ("Orville Wright", "Wilbur Wright"),
        ("Orville Wright", "Wilbur Wright"),
    ]
    # 4 + 3 + 10 + 2 events; 5 attributes on events, 2 notes on an event/relation, one «*»
    assert report.counts["events_skipped"] == 4 + 6 + 10 + 2
    assert report.counts["unsupported"] == 5 + 2 + 1


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("ann", "line", "words"),
    [
        ("T1\tA 0 3\tقال\nT2\tA 2 99\tx\n", 2, "out of range"),
        ("T1\tA 0 3\tقول\nT2\tA 0 3\tقال\n", 1, "does not match"),
        ("T1\tA 0 x\tقال\nT2\tA 0 3\tقال\n", 1, "expected 'Type start end"),
        ("T1\tA 0 3\tقال\nQ1\tjunk\n", 2, "unknown annotation line"),
        ("T1\tA 0 3\tقال\nR1\tr Arg1:T1 Arg2:T7\n", 2, "unknown annotation 'T7'"),
        ("T1\tA 0 3\tقال\nT1\tA 0 3\tقال\n", 2, "duplicate id"),
        ("T1\tA 0 3\tقال\nA1\tkind\n", 2, "expected 'Name ID [Value]'"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, ann, line, words):
    (tmp_path / "d.txt").write_text("قال أحمد", encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(brat.read(tmp_path))
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "d.ann"), line)
    assert words in caught.value.message
    report = ImportReport()
    [doc] = list(brat.read(tmp_path, skip_bad=True, report=report))
    assert [n.line for n in report.skipped] == [line]
    assert doc.spans[0].text == "قال"


def test_missing_or_undecodable_text(tmp_path):
    (tmp_path / "a.ann").write_text("T1\tA 0 1\tx\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(brat.read(tmp_path))
    assert caught.value.path == str(tmp_path / "a.txt")
    (tmp_path / "a.txt").write_bytes("x\nقال".encode("cp1256"))
    with pytest.raises(InputError) as caught:
        list(brat.read(tmp_path))
    assert (caught.value.path, caught.value.line) == (str(tmp_path / "a.txt"), 2)
    report = ImportReport()
    assert list(brat.read(tmp_path, skip_bad=True, report=report)) == []
    assert report.counts["bad_docs"] == 1
