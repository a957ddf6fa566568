"""Native JSONL codec: exact round trips, validation, streaming errors."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats_strategies import docs

from annotator.formats import ImportReport, jsonl
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord

EXAMPLES = int(os.environ.get("FORMATS_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def as_tuple(doc: DocRecord):
    spans = [
        (s.id, s.start, s.end, s.label, s.annotator, s.attributes, doc.text[s.start : s.end])
        for s in doc.spans
    ]
    relations = [(r.id, r.head, r.tail, r.label, r.annotator) for r in doc.relations]
    notes = [s.notes for s in doc.spans], doc.notes
    return (doc.id, doc.name, doc.text, doc.meta, spans, relations, notes)


@SETTINGS
@given(
    st.lists(docs(attributes=True, relations=True, annotators=True, notes=True), max_size=4),
    st.dictionaries(st.sampled_from(["source", "url", "date"]), st.text(max_size=10)),
)
def test_round_trip_is_exact(doc_list, meta):
    for doc in doc_list:
        doc.meta = dict(meta)
    buffer = io.StringIO()
    report = jsonl.write(doc_list, buffer)
    assert buffer.getvalue().count("\n") == len(doc_list) == report.counts["documents"]
    back = list(jsonl.read(buffer.getvalue().split("\n"), path="mem.jsonl"))
    assert [as_tuple(d) for d in back] == [as_tuple(d) for d in doc_list]
    for span in (s for d in back for s in d.spans):
        assert span.text is not None


def test_line_separators_inside_text_do_not_split_lines(tmp_path):
    text = "سطر\u2028آخر\r\nو\x85ثالث 😀"
    doc = DocRecord(text=text, spans=[SpanRecord(len(text) - 1, len(text), "ACTOR", id="a")])
    path = tmp_path / "docs.jsonl"
    jsonl.write([doc], path)
    [back] = list(jsonl.read(path))
    assert back.text == text
    assert back.spans[0].text == "😀"
    assert (back.line, back.source) == (1, str(path))


def test_path_output_is_atomic(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def broken():
        yield DocRecord(text="a")
        raise RuntimeError("store failed")

    with pytest.raises(RuntimeError):
        jsonl.write(broken(), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def _line(**fields) -> str:
    base = {"id": "1", "name": "n", "text": "قال أحمد", "meta": {}, "spans": [], "relations": []}
    base.update(fields)
    return json.dumps(base, ensure_ascii=False)


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ('{"text": "x", "spans": [}', "malformed JSON"),
        ("[1, 2]", "expected a JSON object"),
        (_line(text=None), "'text' missing"),
        (_line(spans=[{"start": 4, "end": 9, "label": "A"}]), "out of range"),
        (_line(spans=[{"start": 3, "end": 3, "label": "A"}]), "out of range"),
        (_line(spans=[{"start": "0", "end": 3, "label": "A"}]), "integers"),
        (_line(spans=[{"start": 0, "end": 3, "label": ""}]), "'label'"),
        (_line(spans=[{"start": 0, "end": 3, "label": "A", "text": "قول"}]), "does not match"),
        (
            _line(spans=[{"id": "a", "start": 0, "end": 3, "label": "A"}] * 2),
            "duplicate span id",
        ),
        (_line(relations=[{"head": "a", "tail": "b", "label": "r"}]), "not the id of a span"),
        (_line(meta=[1]), "'meta' must be an object"),
        (_line(text="a @ b").replace("@", "\\ud800"), "text holds a lone surrogate"),
        (
            _line(spans=[{"start": 0, "end": 3, "label": "@"}]).replace("@", "\\udc00"),
            "spans[0].label holds a lone surrogate",
        ),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, bad, words):
    path = tmp_path / "bad.jsonl"
    path.write_text(_line() + "\n\n" + bad + "\n" + _line() + "\n", encoding="utf-8")
    reader = jsonl.read(path)
    assert next(reader).text == "قال أحمد"  # the good first line is yielded ...
    with pytest.raises(InputError) as caught:  # ... and the bad one raises before it is
        next(reader)
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert words in caught.value.message


def test_skip_bad_reports_and_goes_on(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(_line() + "\n{oops\n" + _line(id="2") + "\n", encoding="utf-8")
    report = ImportReport()
    back = list(jsonl.read(path, skip_bad=True, report=report))
    assert [d.id for d in back] == ["1", "2"]
    assert [(n.line, n.kind) for n in report.skipped] == [(2, "bad_lines")]
    assert report.counts["documents"] == 2


def test_unreadable_encoding(tmp_path):
    path = tmp_path / "cp1256.jsonl"
    path.write_bytes((_line() + "\n").encode() + (_line() + "\n").encode("cp1256"))
    with pytest.raises(InputError) as caught:
        list(jsonl.read(path))
    assert caught.value.line == 2 and "UTF-8" in caught.value.message


def test_pretty_printed_json_gets_a_hint(tmp_path):
    path = tmp_path / "pretty.jsonl"
    path.write_text(json.dumps({"text": "a"}, indent=2), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(jsonl.read(path))
    assert caught.value.line == 1 and "not JSON Lines" in caught.value.message


def test_unknown_keys_are_reported_not_fatal():
    report = ImportReport()
    [doc] = list(jsonl.read([_line(extra=1)], report=report))
    assert doc.id == "1"
    assert report.counts["unknown_keys"] == 1


def test_relations_and_integer_ids():
    line = json.dumps(
        {
            "id": 5,
            "text": "abc",
            "spans": [
                {"id": 1, "start": 0, "end": 1, "label": "A"},
                {"id": 2, "start": 1, "end": 3, "label": "B"},
            ],
            "relations": [{"head": 1, "tail": 2, "label": "r"}],
        }
    )
    [doc] = list(jsonl.read([line]))
    assert doc.id == "5"
    assert [s.id for s in doc.spans] == ["1", "2"]
    assert doc.relations == [RelationRecord(head="1", tail="2", label="r")]


# ---------------------------------------------------------------- the msgspec fast path

_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 12),
    st.floats(-2, 12, allow_nan=False),
    st.text(max_size=3),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=2),
)


@st.composite
def near_valid_lines(draw) -> str:
    """Native JSONL lines, most of them valid, with values of the wrong type, bounds, texts,
    ids and keys here and there."""

    def maybe(value):
        return draw(_ANY) if draw(st.integers(0, 9)) == 0 else value

    text = draw(st.text(alphabet='قال أحمد😀\n"', max_size=12))
    spans = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(-1, len(text)))
        end = draw(st.integers(start, len(text) + 1))
        span = {"start": maybe(start), "end": maybe(end), "label": maybe("ACTOR")}
        for key, value in (
            ("id", draw(st.sampled_from([f"s{index}", index, "s0", True, None]))),
            ("text", text[max(start, 0) : end] if draw(st.booleans()) else "x"),
            ("annotator", "amal"),
            ("attributes", draw(st.sampled_from([{}, {"kind": "state"}, None, [1]]))),
            ("colour", "red"),
        ):
            if draw(st.integers(0, 3)) == 0:
                span[key] = maybe(value)
        spans.append(span)
    relations = [
        {
            "head": maybe(f"s{draw(st.integers(0, 3))}"),
            "tail": maybe(draw(st.sampled_from(["s1", 1]))),
            "label": maybe("source"),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    doc = {"text": maybe(text), "spans": maybe(spans), "relations": maybe(relations)}
    for key, value in (("id", 7), ("name", "n"), ("meta", {"t": 1.5}), ("extra", 1)):
        if draw(st.booleans()):
            doc[key] = maybe(value)
    return json.dumps(doc, ensure_ascii=draw(st.booleans()))


def _slow_fields(line: str):
    """`parse_fields` without the fast path: its result, or the InputError it raises."""
    report = ImportReport()
    original = jsonl.fast_fields
    jsonl.fast_fields = lambda line: None
    try:
        return jsonl.parse_fields(line, "in.jsonl", 1, report), report
    except InputError as error:
        return error, report
    finally:
        jsonl.fast_fields = original


@SETTINGS
@given(near_valid_lines())
def test_the_fast_path_reads_a_line_as_the_checked_path_does_or_leaves_it(line):
    slow, report = _slow_fields(line)
    for given_line in (line, line.encode("utf-8")):
        fast = jsonl.fast_fields(given_line)
        if fast is not None:
            assert fast == slow
            assert not report.warnings  # an unknown key leaves the line to parse_fields


@SETTINGS
@given(st.lists(docs(attributes=True, relations=True, annotators=True, notes=True), max_size=3))
def test_the_fast_path_reads_every_line_the_writer_writes(doc_list):
    buffer = io.StringIO()
    jsonl.write(doc_list, buffer)
    for line in buffer.getvalue().splitlines():
        fast = jsonl.fast_fields(line.encode("utf-8"))
        assert fast is not None
        assert fast == _slow_fields(line)[0]


def test_span_transliterations_follow_the_piece_rule_when_a_map_changes_lengths(monkeypatch):
    """Spans are transliterated by `transliterate_pieces`' rule: cut from the text's
    transliteration, or (should a map ever change a length, so offsets no longer carry over)
    each span's own text transliterated; the writer and the stored rows alike."""
    from annotator.camel import translit

    monkeypatch.setattr(translit, "_table", lambda scheme: {ord("ا"): "AA", ord("ق"): "q"})
    spans = [SpanRecord(0, 3, "ACTOR", "s1"), SpanRecord(4, 7, "CLAIM", "s2")]
    doc = DocRecord(text="قال شيء", id="7", name="n", spans=spans)
    stored_spans = [
        ("s1", 0, 3, "ACTOR", None, "{}", None),
        ("s2", 4, 7, "CLAIM", None, "{}", None),
    ]
    for line in (
        jsonl.doc_line(doc, "bw"),
        jsonl.stored_line("7", "n", doc.text, "{}", stored_spans, [], translit="bw"),
    ):
        written = json.loads(line)
        assert written["text_translit"] == "qAAل شيء"
        assert [span["text_translit"] for span in written["spans"]] == ["qAAل", "شيء"]
