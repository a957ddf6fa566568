"""Reading Hugging Face token classification JSONL: tokens and sentences kept exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.exporting import ExportOptions, export
from annotator.formats import ImportReport, hf
from annotator.importing import import_annotated
from annotator.model import DocRecord, InputError, SpanRecord, Tokenization
from annotator.store import Project

LABELS = ["ACTOR", "CLAIM"]


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def own_tokens_doc() -> DocRecord:
    """A document whose own tokens and sentences our tokenizer and splitter would not make:
    «al-Qaeda» is one token; a sentence runs on after «.» and another starts at «وزير»."""
    text = "قال زعيم al-Qaeda. ثم ردّ وزير خارجية إيران"
    pieces = ["قال", "زعيم", "al-Qaeda", ".", "ثم", "ردّ", "وزير", "خارجية", "إيران"]
    offsets, position = [], 0
    for piece in pieces:
        start = text.index(piece, position)
        offsets.append((start, start + len(piece)))
        position = start + len(piece)
    minister = text.index("وزير")
    spans = [
        SpanRecord(0, text.index("."), "CLAIM"),
        SpanRecord(text.index("زعيم"), text.index("."), "ACTOR"),
        SpanRecord(minister, len(text), "ACTOR"),
    ]
    tokens = Tokenization.from_sentences([offsets[:6], offsets[6:]])
    return DocRecord(text=text, id="d1", spans=spans, tokens=tokens)


def test_round_trip_keeps_tokens_sentences_and_nested_spans(tmp_path):
    doc = own_tokens_doc()
    out = tmp_path / "train.jsonl"
    hf.write([doc, DocRecord(text="نص آخر", id="d2")], out, labels=LABELS)
    report = ImportReport()
    first, second = hf.read(out, report=report)
    assert doc.tokens is not None and first.tokens is not None
    assert first.text == "قال زعيم al-Qaeda . ثم ردّ\nوزير خارجية إيران"  # joined by spaces
    tokens = zip(first.tokens.starts, first.tokens.ends, strict=True)
    assert [first.text[start:end] for start, end in tokens] == [
        doc.text[start:end] for start, end in zip(doc.tokens.starts, doc.tokens.ends, strict=True)
    ]
    assert first.tokens.sentence_starts == [0, 6]
    by_label = sorted((s.label, s.text) for s in first.spans)
    assert by_label == sorted((s.label, doc.text[s.start : s.end]) for s in doc.spans)
    assert (first.id, first.name, second.id, second.text) == ("d1", "d1", "d2", "نص آخر")
    assert report.info["scheme"] == "IOB2"
    assert (report.counts["documents"], report.counts["sentences"]) == (2, 3)
    again = tmp_path / "again.jsonl"
    hf.write([first, second], again, labels=LABELS)
    assert again.read_text("utf-8") == out.read_text("utf-8")  # line-identical


def test_rows_of_a_dataset_with_string_tags_are_one_document_each():
    rows = [
        {"id": "0", "tokens": ["EU", "rejects", "German", "call"],
         "ner_tags": ["B-ORG", "O", "B-MISC", "O"]},
        {"id": "1", "tokens": ["Peter", "Blackburn"], "ner_tags": ["B-PER", "I-PER"]},
    ]  # fmt: skip
    docs = list(hf.read([json.dumps(row) for row in rows]))
    assert [(d.id, d.text) for d in docs] == [
        ("0", "EU rejects German call"),
        ("1", "Peter Blackburn"),
    ]
    assert [(s.text, s.label) for s in docs[0].spans] == [("EU", "ORG"), ("German", "MISC")]
    assert docs[1].tokens == Tokenization([0, 6], [5, 15], [0], "IOB2")


def test_integer_tags_need_their_names(tmp_path):
    row = {"id": "0", "tokens": ["EU", "rejects"], "ner_tags": [3, 0]}
    path = write_rows(tmp_path / "train.jsonl", [{"tokens": ["a"], "ner_tags": ["O"]}, row])
    with pytest.raises(InputError) as caught:
        list(hf.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert "--tag-names" in caught.value.message and "labels.json" in caught.value.message
    names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    [_, doc] = hf.read(path, tag_names=names)
    assert [(s.text, s.label) for s in doc.spans] == [("EU", "ORG")]
    (tmp_path / "labels.json").write_text(json.dumps({"id2label": dict(enumerate(names))}))
    [_, doc] = hf.read(path)
    assert [(s.text, s.label) for s in doc.spans] == [("EU", "ORG")]
    with pytest.raises(InputError, match="tag id 3 is not one of the 2 tag names"):
        list(hf.read(path, tag_names=["O", "B-PER"]))


def test_the_scheme_is_found_for_the_file_and_each_document():
    for tags, scheme in (
        (["B-PER", "L-PER", "U-ORG"], "BILOU"),
        (["B-PER", "E-PER", "S-ORG"], "BIOES"),
        (["I-PER", "I-PER", "I-ORG"], "IOB1"),
        (["B-PER", "I-PER", "B-ORG"], "IOB2"),
    ):
        report = ImportReport()
        rows = [{"tokens": ["a", "b", "c"], "ner_tags": tags}, {"tokens": ["d"], "ner_tags": ["O"]}]
        doc, untagged = hf.read([json.dumps(row) for row in rows], report=report)
        assert [(s.text, s.label) for s in doc.spans] == [("a b", "PER"), ("c", "ORG")]
        assert report.info["scheme"] == scheme
        assert doc.tokens is not None and doc.tokens.scheme == scheme  # a CoNLL export's default
        assert untagged.tokens is not None and untagged.tokens.scheme is None
    mixed = {"tokens": ["a", "b"], "ner_tags": ["U-PER", "S-ORG"]}
    with pytest.raises(InputError, match="mixes BILOU"):
        list(hf.read([json.dumps(mixed)]))


def test_bilou_written_and_read_back(tmp_path):
    doc = own_tokens_doc()
    out = tmp_path / "bilou.jsonl"
    hf.write([doc], out, labels=LABELS, scheme="BILOU")
    spec = json.loads((tmp_path / "labels.json").read_text("utf-8"))
    assert spec["tags"][:5] == ["O", "B-ACTOR", "I-ACTOR", "L-ACTOR", "U-ACTOR"]
    report = ImportReport()
    [back] = hf.read(out, report=report)
    assert report.info["scheme"] == "BILOU"
    assert sorted((s.label, s.text) for s in back.spans) == sorted(
        (s.label, doc.text[s.start : s.end]) for s in doc.spans
    )


def test_doc_id_rows_must_stay_together(tmp_path):
    rows = [
        {"doc_id": "a", "tokens": ["x"], "ner_tags": ["O"]},
        {"doc_id": "b", "tokens": ["y"], "ner_tags": ["O"]},
        {"doc_id": "a", "tokens": ["z"], "ner_tags": ["O"]},
    ]
    path = write_rows(tmp_path / "t.jsonl", rows)
    with pytest.raises(InputError) as caught:
        list(hf.read(path))
    assert (caught.value.line, "doc_id 'a' again" in caught.value.message) == (3, True)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"tokens": ["a", "b"], "ner_tags": ["O"]}, "'ner_tags' has 1 tags for 2 tokens"),
        ({"tokens": ["a"], "ner_tags": ["X-FOO"]}, "ner_tags[0]: unknown tag 'X-FOO'"),
        ({"tokens": ["a"], "ner_tags": [None]}, "expected a tag or a tag id"),
        ({"tokens": ["a", " "], "ner_tags": ["O", "O"]}, "tokens[1] is empty or whitespace"),
        ({"ner_tags": ["O"]}, "'tokens' missing"),
        ({"tokens": ["a"]}, "no 'ner_tags' field"),
        ({"tokens": ["a"], "ner_tags": ["O"], "ner_tags_X": ["B-"]}, "ner_tags_X[0]: unknown tag"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, row, message):
    path = write_rows(tmp_path / "t.jsonl", [{"tokens": ["ok"], "ner_tags": ["O"]}, row])
    with pytest.raises(InputError) as caught:
        list(hf.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 2)
    assert message in caught.value.message
    report = ImportReport()
    docs = list(hf.read(path, skip_bad=True, report=report))
    assert [doc.text for doc in docs] == ["ok"]
    assert report.counts["bad_rows"] == 1 and report.skipped[0].line == 2


def test_explicit_iob_scheme_refuses_end_tags():
    row = {"tokens": ["a"], "ner_tags": ["S-PER"]}
    with pytest.raises(InputError, match="not IOB2"):
        list(hf.read([json.dumps(row)], scheme="IOB2"))


def test_store_round_trip_keeps_tokens(tmp_path):
    """hf file -> import -> export: the same tokens, sentences and tags."""
    source = tmp_path / "in" / "train.jsonl"
    source.parent.mkdir()
    hf.write([own_tokens_doc()], source, labels=LABELS)
    project = Project.create(tmp_path / "p.sqlite")
    try:
        import_annotated(project, [source.parent], "hf", annotator="amal", done=True)
        out = tmp_path / "out" / "train.jsonl"
        export(project, out, ExportOptions(format="hf", annotator="amal", nested=False))
    finally:
        project.close()

    def tagged(path: Path) -> list[tuple[list[str], list[str]]]:
        names = json.loads(path.with_name("labels.json").read_text("utf-8"))["tags"]
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        return [(row["tokens"], [names[tag] for tag in row["ner_tags"]]) for row in rows]

    assert tagged(out) == tagged(source)


@pytest.mark.parametrize("scheme", ["BIOES", "BILOU", "IOB1"])
def test_an_exported_file_keeps_the_scheme_its_corpus_used(tmp_path, scheme):
    """hf file in scheme S -> import -> export with default options: labels.json and every row
    in S again (one scheme per file: the one all its documents' corpora used)."""
    source = tmp_path / "in" / "train.jsonl"
    source.parent.mkdir()
    hf.write([own_tokens_doc()], source, labels=LABELS, scheme=scheme, nested=False)
    out = tmp_path / "out" / "train.jsonl"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source.parent], "hf", annotator="amal", done=True)
        export(project, out, ExportOptions(format="hf", annotator="amal", nested=False))
    spec = json.loads(out.with_name("labels.json").read_text("utf-8"))
    assert spec["scheme"] == scheme

    def rows(path: Path) -> list[tuple[list[str], list[int]]]:
        lines = path.read_text("utf-8").splitlines()
        return [(row["tokens"], row["ner_tags"]) for row in map(json.loads, lines)]

    assert rows(out) == rows(source)


def test_cli_import_with_tag_names(tmp_path, capsys):
    path = write_rows(
        tmp_path / "d.jsonl", [{"id": 7, "tokens": ["وزير", "إيران"], "ner_tags": [1, 2]}]
    )
    project = tmp_path / "p.sqlite"
    assert main(["new", str(project)]) == 0
    argv = ["import", str(project), str(path), "--format", "hf", "--annotator", "amal"]
    assert main(argv) == 2
    assert f"{path}:1: " in capsys.readouterr().err
    assert main([*argv, "--tag-names", "O,B-ACTOR,I-ACTOR"]) == 0
    assert "tag scheme: IOB2" in capsys.readouterr().out
    with Project.open(project) as opened:
        [doc_id] = opened.document_ids()
        assert [(a.label, a.text) for a in opened.annotations(doc_id, "amal")] == [
            ("ACTOR", "وزير إيران")
        ]
    assert main(["import", str(project), str(path), "--format", "jsonl", "--annotator", "x",
                 "--tag-names", "O"]) == 2  # fmt: skip
    assert "--tag-names is an option of --format hf" in capsys.readouterr().err


def test_reader_streams():
    buffer = io.StringIO()
    doc = DocRecord(text="قال أحمد", id="1", spans=[SpanRecord(4, 8, "ACTOR")])
    hf.write([doc, DocRecord(text="نص", id="2")], buffer, labels=LABELS)
    first_line = buffer.getvalue().splitlines()[0]

    def lines():
        yield first_line
        yield json.dumps({"doc_id": "2", "tokens": ["نص"], "ner_tags": ["O"]})
        raise AssertionError("read past the second row")

    reader = hf.read(lines(), tag_names=hf.tag_names(LABELS))
    assert next(reader).text == "قال أحمد"


@pytest.mark.parametrize(
    "corpus",
    ["arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt", "arabic/wojood_sample/val.txt"],
)
def test_reference_corpora_keep_their_tokens_through_hf(reference_dir, tmp_path, corpus):
    """CoNLL corpus -> hf -> read back: the same text, tokens, sentences and spans (Wojood's
    nesting of different labels in the per-label fields); written again line-identical."""
    from annotator.formats import conll

    docs = list(conll.read(reference_dir / corpus))
    labels = sorted({span.label for doc in docs for span in doc.spans})
    out = tmp_path / "corpus.jsonl"
    hf.write(docs, out, labels=labels)
    report = ImportReport()
    back = list(hf.read(out, report=report))
    assert len(back) == len(docs)
    for original, read in zip(docs, back, strict=True):
        assert original.tokens is not None and read.tokens is not None
        assert read.text == original.text  # both join tokens by spaces, sentences by \n
        assert (read.tokens.starts, read.tokens.ends) == (
            original.tokens.starts,
            original.tokens.ends,
        )
        assert read.tokens.sentence_starts == original.tokens.sentence_starts
        same_label_nested = {
            (a.start, a.end, a.label)
            for a in original.spans
            for b in original.spans
            if a.label == b.label and b.start <= a.start and a.end <= b.end and a is not b
        }
        expected = {(s.start, s.end, s.label) for s in original.spans} - same_label_nested
        assert {(s.start, s.end, s.label) for s in read.spans} == expected
    sentences = sum(len(doc.tokens.sentence_starts) for doc in docs if doc.tokens)
    tokens = sum(len(doc.tokens) for doc in docs if doc.tokens)
    assert (report.counts["sentences"], report.counts["tokens"]) == (sentences, tokens)
    if "anercorp" in corpus:
        assert (sentences, tokens) == (925, 25_008)
    again = tmp_path / "again.jsonl"
    hf.write(back, again, labels=labels)
    assert again.read_text("utf-8") == out.read_text("utf-8")


@pytest.mark.parametrize("workers", [0, 2])
def test_documents_of_several_schemes_are_all_written_in_the_one_labels_json_names(
    tmp_path, workers
):
    """More documents than one render chunk, their corpora in two schemes: every chunk is
    written in the file's one scheme (IOB2 here), every tag id is one labels.json defines."""
    first = tmp_path / "bioes.conll"
    second = tmp_path / "iob2.conll"
    first.write_text(
        "\n\n".join(f"# doc_id = a{i}\nوزير B-ACTOR\nإيران E-ACTOR\n{i} O" for i in range(150)),
        encoding="utf-8",
    )
    second.write_text(
        "\n\n".join(f"# doc_id = b{i}\nقال O\nوزير B-ACTOR\n{i} O" for i in range(150)),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "train.jsonl"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [first, second], "conll", annotator="amal", done=True)
        options = ExportOptions(format="hf", annotator="amal", nested=False, workers=workers)
        export(project, out, options)
    spec = json.loads(out.with_name("labels.json").read_text("utf-8"))
    assert spec["scheme"] == "IOB2"
    names = spec["tags"]
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 300
    tags = [names[tag] for row in rows for tag in row["ner_tags"]]  # an IndexError fails
    assert set(tags) == {"O", "B-ACTOR", "I-ACTOR"}
