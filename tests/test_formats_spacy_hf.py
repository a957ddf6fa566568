"""spaCy-style JSONL round trips; Hugging Face token JSONL structure and tag validity."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, IOBES, Entities
from test_formats_strategies import LABELS, docs, non_space_index

from annotator.formats import ImportReport, hf, spacy
from annotator.model import DocRecord, InputError, SpanRecord

EXAMPLES = int(os.environ.get("FORMATS_EXAMPLES", "120"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# ---------------------------------------------------------------------------- spaCy


@SETTINGS
@given(docs())
def test_spacy_round_trip(doc):
    buffer = io.StringIO()
    spacy.write([doc], buffer)
    row = json.loads(buffer.getvalue())
    assert set(row) == {"text", "spans", "tokens", "sents", "meta"}
    on_tokens = {"start", "end", "label", "token_start", "token_end"}
    assert all(set(span) in (on_tokens, {"start", "end", "label"}) for span in row["spans"])
    [back] = list(spacy.read([buffer.getvalue()]))
    assert back.text == doc.text
    assert [(s.start, s.end, s.label) for s in back.spans] == [
        (s.start, s.end, s.label) for s in doc.spans
    ]
    assert (back.id, back.name) == (doc.id, doc.name)
    tokens = [(token["start"], token["end"]) for token in row["tokens"]]
    assert back.tokens is not None or not tokens
    if back.tokens is not None:
        assert list(zip(back.tokens.starts, back.tokens.ends, strict=True)) == tokens
        again = io.StringIO()
        spacy.write([back], again)
        assert again.getvalue() == buffer.getvalue()  # its own tokens: written the same


def test_spacy_counts_what_it_cannot_carry():
    doc = DocRecord(text="ab", spans=[SpanRecord(0, 1, "A", id="x", attributes={"k": 1})])
    report = spacy.write([doc], io.StringIO())
    assert report.counts["attributes_dropped"] == 1


def test_spacy_bad_span(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ab", "spans": [{"start": 1, "end": 5, "label": "A"}]}\n', "utf-8")
    with pytest.raises(InputError) as caught:
        list(spacy.read(path))
    assert (caught.value.line, "out of range" in caught.value.message) == (1, True)


# ---------------------------------------------------------------------------- Hugging Face


def _hf(doc_list, **options):
    buffer = io.StringIO()
    report = hf.write(doc_list, buffer, labels=LABELS, **options)
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return rows, report


def _entities(tag_ids, tags, scheme):
    """Strict seqeval entities of one sentence, after checking the lenient reading agrees."""
    seq = [tags[i] for i in tag_ids]
    strict = Entities([seq], IOB2 if scheme == "IOB2" else IOBES, suffix=False).entities[0]
    found = {(e.start, e.end, e.tag) for e in strict}
    assert found == {(start, end + 1, tag) for tag, start, end in get_entities(seq)}
    return found


def _expected_units(doc):
    index = non_space_index(doc.text)
    out = set()
    for span in doc.spans:
        if doc.text[span.start : span.end].strip():
            out.add((index[span.start], index[span.end], span.label))
    return out


@SETTINGS
@given(docs(), docs())
def test_hf_rows_are_valid_iob_and_carry_every_label(doc_a, doc_b):
    doc_a.id, doc_b.id = "a", "b"
    for scheme in ("IOB2", "BIOES"):
        rows, report = _hf([doc_a, doc_b], scheme=scheme)
        tags = hf.tag_names(LABELS, scheme)
        for original in (doc_a, doc_b):
            mine = [row for row in rows if row["doc_id"] == original.id]
            tokens = [token for row in mine for token in row["tokens"]]
            assert "".join(tokens) == "".join(original.text.split())
            # token boundaries in non-space units, to compare with the spans
            bounds, position = [], 0
            for token in tokens:
                bounds.append((position, position + len(token)))
                position += len(token)
            found: dict[str, set] = {name: set() for name in ["ner_tags"] + LABELS}
            offset = 0
            for row in mine:
                assert set(row) == {"id", "doc_id", "tokens", "ner_tags"} | {
                    f"ner_tags_{label}" for label in LABELS
                }
                for key in found:
                    field = "ner_tags" if key == "ner_tags" else f"ner_tags_{key}"
                    assert len(row[field]) == len(row["tokens"])
                    for start, end, label in _entities(row[field], tags, scheme):
                        unit = (bounds[offset + start][0], bounds[offset + end - 1][1], label)
                        found[key].add(unit)
                offset += len(row["tokens"])
            expected = _expected_units(original)
            assert found["ner_tags"] <= expected
            for label in LABELS:
                of_label = {span for span in expected if span[2] == label}
                assert found[label] <= of_label
                alone = {
                    (s, e, lab)
                    for s, e, lab in of_label
                    if not any(s2 < e and s < e2 and (s2, e2) != (s, e) for s2, e2, _ in of_label)
                }
                assert alone <= found[label]  # a span no same-label span overlaps is kept
        assert report.counts["documents"] == 2


def test_hf_labels_file_beside_output(tmp_path):
    doc = DocRecord(text="قال وزير خارجية إيران", spans=[SpanRecord(4, 21, "ACTOR")])
    out = tmp_path / "train.jsonl"
    hf.write([doc], out, labels=["ACTOR", "CLAIM"])
    spec = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    assert spec["tags"] == ["O", "B-ACTOR", "I-ACTOR", "B-CLAIM", "I-CLAIM"]
    assert spec["id2label"]["1"] == "B-ACTOR" and spec["label2id"]["I-CLAIM"] == 4
    assert spec["fields"] == ["ner_tags", "ner_tags_ACTOR", "ner_tags_CLAIM"]
    [row] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["tokens"] == ["قال", "وزير", "خارجية", "إيران"]
    assert row["ner_tags"] == [0, 1, 2, 2] == row["ner_tags_ACTOR"]
    assert row["ner_tags_CLAIM"] == [0, 0, 0, 0]


def test_hf_priority_and_unknown_labels_are_counted():
    text = "قال وزير خارجية إيران"
    doc = DocRecord(
        text=text,
        spans=[
            SpanRecord(0, len(text), "CLAIM"),
            SpanRecord(4, len(text), "ACTOR"),
            SpanRecord(0, 3, "OTHER"),
        ],
    )
    report = ImportReport()
    buffer = io.StringIO()
    hf.write([doc], buffer, labels=["ACTOR", "CLAIM"], report=report)
    [row] = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert row["ner_tags"] == [0, 1, 2, 2]  # ACTOR first by default (order of labels)
    assert row["ner_tags_CLAIM"] == [3, 4, 4, 4]
    assert report.counts["spans_unknown_label"] == 1
    assert report.counts["spans_dropped_overlap"] == 1
    buffer = io.StringIO()
    hf.write([doc], buffer, labels=["ACTOR", "CLAIM"], priority=["CLAIM"])
    assert json.loads(buffer.getvalue())["ner_tags"] == [3, 4, 4, 4]
