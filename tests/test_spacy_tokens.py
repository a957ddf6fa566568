"""spaCy/Prodigy JSONL with tokens: Prodigy's ner_manual rows read, tokens kept exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.formats import ImportReport, spacy
from annotator.model import DocRecord, InputError, SpanRecord, Tokenization

# A Prodigy ner_manual task as db-out writes it: token_end is inclusive. The tokens are not
# ours: «al-Qaeda» is one token (our tokenizer splits the hyphen) and the two sentences by
# our splitter are one here.
TEXT = "Officials of al-Qaeda met. Then Iran replied."
TOKENS = [
    {"text": "Officials", "start": 0, "end": 9, "id": 0, "ws": True},
    {"text": "of", "start": 10, "end": 12, "id": 1, "ws": True},
    {"text": "al-Qaeda", "start": 13, "end": 21, "id": 2, "ws": True},
    {"text": "met.", "start": 22, "end": 26, "id": 3, "ws": True},
    {"text": "Then", "start": 27, "end": 31, "id": 4, "ws": True},
    {"text": "Iran", "start": 32, "end": 36, "id": 5, "ws": True},
    {"text": "replied.", "start": 37, "end": 45, "id": 6, "ws": False},
]
PRODIGY = {
    "text": TEXT,
    "meta": {"source": "wire"},
    "_input_hash": 1,
    "answer": "accept",
    "tokens": TOKENS,
    "spans": [
        {"start": 0, "end": 21, "label": "ACTOR", "token_start": 0, "token_end": 2},
        {
            "start": 13,
            "end": 21,
            "label": "ORG",
            "token_start": 2,
            "token_end": 2,
            "text": "al-Qaeda",
        },
        {"label": "GPE", "token_start": 5, "token_end": 5},  # offsets from the tokens
    ],
}


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def rows_of(docs: list[DocRecord], report: ImportReport | None = None) -> list[dict]:
    buffer = io.StringIO()
    spacy.write(docs, buffer, report=report)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_prodigy_row_keeps_its_tokens_and_spans():
    report = ImportReport()
    [doc] = spacy.read([json.dumps(PRODIGY)], report=report)
    assert doc.tokens == Tokenization(
        [token["start"] for token in TOKENS], [token["end"] for token in TOKENS], [0]
    )
    assert [(s.start, s.end, s.label, s.text) for s in doc.spans] == [
        (0, 21, "ACTOR", "Officials of al-Qaeda"),
        (13, 21, "ORG", "al-Qaeda"),
        (32, 36, "GPE", "Iran"),
    ]
    assert doc.meta == {"source": "wire"}
    assert (report.counts["sentences"], report.counts["tokens"]) == (1, 7)


def test_round_trip_keeps_prodigy_tokens_exactly():
    [doc] = spacy.read([json.dumps(PRODIGY)])
    [row] = rows_of([doc])
    assert row["tokens"] == TOKENS  # text, offsets, id and ws as Prodigy wrote them
    assert row["sents"] == [{"start": 0, "end": 45}]  # one sentence, as given
    spans = [{k: v for k, v in span.items() if k != "text"} for span in PRODIGY["spans"]]
    spans[2] |= {"start": 32, "end": 36}
    assert row["spans"] == spans
    [back] = spacy.read([json.dumps(row)])
    assert back.tokens == doc.tokens
    assert [(s.start, s.end, s.label) for s in back.spans] == [
        (s.start, s.end, s.label) for s in doc.spans
    ]


def test_sentences_from_sents_round_trip():
    row = dict(PRODIGY, sents=[{"start": 0, "end": 26}, {"start": 27, "end": 45}])
    [doc] = spacy.read([json.dumps(row)])
    assert doc.tokens is not None and doc.tokens.sentence_starts == [0, 4]
    [written] = rows_of([doc])
    assert written["sents"] == row["sents"]
    [back] = spacy.read([json.dumps(written)])
    assert back.tokens == doc.tokens


def test_without_tokens_our_tokenizer_and_sentences_are_written():
    text = "قال وزير خارجية إيران. ثم ردت أرمينيا."
    doc = DocRecord(text=text, spans=[SpanRecord(4, 21, "ACTOR")])
    [row] = rows_of([doc])
    assert [token["text"] for token in row["tokens"]] == [
        "قال", "وزير", "خارجية", "إيران", ".", "ثم", "ردت", "أرمينيا", ".",
    ]  # fmt: skip
    assert [token["id"] for token in row["tokens"]] == list(range(9))
    assert [token["ws"] for token in row["tokens"]] == [True] * 3 + [False] + [True] * 3 + [
        False
    ] * 2
    assert row["sents"] == [{"start": 0, "end": 22}, {"start": 23, "end": len(text)}]
    assert row["spans"] == [
        {"start": 4, "end": 21, "label": "ACTOR", "token_start": 1, "token_end": 3}
    ]


def test_a_span_boundary_inside_a_token_splits_it_reported():
    text = "وأذربيجان ترد"
    tokens = Tokenization([0, 10], [9, 13], [0])
    doc = DocRecord(text=text, spans=[SpanRecord(1, 9, "ACTOR")], tokens=tokens)
    report = ImportReport()
    [row] = rows_of([doc], report)
    assert [(t["text"], t["start"], t["end"], t["ws"]) for t in row["tokens"]] == [
        ("و", 0, 1, False),
        ("أذربيجان", 1, 9, True),
        ("ترد", 10, 13, False),
    ]
    assert row["spans"] == [
        {"start": 1, "end": 9, "label": "ACTOR", "token_start": 1, "token_end": 1}
    ]
    assert report.counts["tokens_split"] == 1
    [back] = spacy.read([json.dumps(row, ensure_ascii=False)])
    assert back.tokens == Tokenization([0, 1, 10], [1, 9, 13], [0])


def test_a_span_on_no_token_keeps_its_offsets_without_token_indices():
    doc = DocRecord(text="أ  ب", spans=[SpanRecord(1, 3, "X"), SpanRecord(0, 1, "Y")])
    report = ImportReport()
    [row] = rows_of([doc], report)
    assert row["spans"] == [
        {"start": 1, "end": 3, "label": "X"},
        {"start": 0, "end": 1, "label": "Y", "token_start": 0, "token_end": 0},
    ]
    assert report.counts["spans_without_tokens"] == 1
    assert "spans_blank" not in report.counts and not report.skipped
    [back] = spacy.read([json.dumps(row, ensure_ascii=False)])
    assert [(s.start, s.end, s.label) for s in back.spans] == [(1, 3, "X"), (0, 1, "Y")]


def _bad(tmp_path: Path, change) -> InputError:
    good = {"text": "a b", "tokens": [{"text": "a", "start": 0, "end": 1, "id": 0}]}
    bad = json.loads(json.dumps(PRODIGY))
    change(bad)
    path = write_rows(tmp_path / "prodigy.jsonl", [good, bad])
    with pytest.raises(InputError) as caught:
        list(spacy.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    return caught.value


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # token_end read as exclusive by whoever wrote it
        (lambda row: row["spans"][0].update(token_end=3), "do not match its characters 0-21"),
        (lambda row: row["spans"][0].update(token_end=9), "outside the 7 tokens"),
        (lambda row: row["spans"][0].pop("token_end"), "token_start and token_end together"),
        (lambda row: row["tokens"][2].update(text="al Qaeda"), "does not match the document"),
        (lambda row: row["tokens"][3].update(id=7), "id 7 is not its position 3"),
        (lambda row: row["tokens"][3].update(start=20, text=TEXT[20:26]), "overlaps or precedes"),
        (lambda row: row.update(sents=[{"start": 0}, {"start": 28}]), "not the start of a token"),
        (lambda row: row.pop("tokens"), "need the row's 'tokens'"),
        (lambda row: row["spans"][2].update(token_start="5"), "token_start/token_end must be"),
    ],
)
def test_inconsistent_rows_name_file_and_line(tmp_path, change, message):
    assert message in _bad(tmp_path, change).message


def test_store_round_trip_keeps_prodigy_tokens(tmp_path):
    """Prodigy file -> import -> export: the same tokens, sentences and token indices."""
    from annotator.exporting import ExportOptions, export
    from annotator.importing import import_annotated
    from annotator.store import Project

    row = dict(PRODIGY, sents=[{"start": 0, "end": 26}, {"start": 27, "end": 45}])
    source = write_rows(tmp_path / "prodigy.jsonl", [row])
    project = Project.create(tmp_path / "p.sqlite")
    try:
        import_annotated(project, [source], "spacy", annotator="amal", done=True)
        out = tmp_path / "out.jsonl"
        export(project, out, ExportOptions(format="spacy", annotator="amal"))
    finally:
        project.close()
    [written] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert written["tokens"] == TOKENS
    assert written["sents"] == row["sents"]
    spans = sorted(
        (s["start"], s["end"], s["label"], s["token_start"], s["token_end"])
        for s in written["spans"]
    )
    assert spans == [(0, 21, "ACTOR", 0, 2), (13, 21, "ORG", 2, 2), (32, 36, "GPE", 5, 5)]
