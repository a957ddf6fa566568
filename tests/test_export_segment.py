"""`--segment d3tok|atbtok`: CoNLL and Hugging Face exports with each word cut into its clitic
pieces by the morphology database (tests/data/morphology/tiny.db, configured with
`config.save_config` under the test's own ANNOTATOR_HOME), spans exact, the word kept in a
column (CoNLL ``word``) / field (HF ``words``); refused without a database or for other formats.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from annotator.camel import config
from annotator.cli import main
from annotator.errors import UsageError
from annotator.exporting import ExportOptions, export
from annotator.formats import ImportReport, conll, hf
from annotator.model import DocRecord, SpanRecord, Tokenization
from annotator.store import Project

TINY = Path(__file__).parent / "data" / "morphology" / "tiny.db"

TEXT = "قال للحكومة إن وبالمدنيين حكومته.\nوالمدنيين بين."


def where(piece: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(piece, after)
    return start, start + len(piece)


def span(label: str, piece: str, after: int = 0) -> SpanRecord:
    start, end = where(piece, after)
    return SpanRecord(start, end, label, text=TEXT[start:end])


# ACTOR on the stem of a word with three proclitics (a piece boundary), CASUALTY on part of
# a piece (مدني of مدنيين: the piece is cut there too), CLAIM across words and pieces.
SPANS = [
    span("ACTOR", "حكومة"),
    span("ACTOR", "مدنيين"),
    span("CASUALTY", "مدني", TEXT.index("والمدنيين")),
    span("CLAIM", "بالمدنيين حكومته"),
]


@pytest.fixture(autouse=True)
def tiny_database(monkeypatch):
    """The tiny database chosen in Settings (saved under the test's ANNOTATOR_HOME), and no
    database camel_data might have installed on this machine."""
    monkeypatch.setattr(config, "installed_data_dirs", lambda: [])
    config.save_config(config.ToolsConfig(morphology_db=str(TINY)))


def no_database() -> None:
    config.save_config(config.ToolsConfig())


def conll_rows(text: str) -> tuple[list[str], list[list[str]]]:
    lines = text.splitlines()
    names = lines[0].removeprefix("# columns = ").split()
    rows = [line.split("\t") for line in lines[1:] if line and not line.startswith("#")]
    assert all(len(row) == len(names) for row in rows)
    return names, rows


def write_conll(docs: list[DocRecord], **options) -> tuple[str, ImportReport]:
    out = io.StringIO()
    report = conll.write(docs, out, **options)
    return out.getvalue(), report


# ------------------------------------------------------------------------------ CoNLL


def test_conll_tokens_are_clitic_pieces_with_their_word():
    text, report = write_conll([DocRecord(text=TEXT, spans=SPANS)], segment="d3tok", offsets=True)
    names, rows = conll_rows(text)
    assert names == ["token", "offsets", "word", "ner", "ner2"]
    got = [(row[0], row[2], " ".join(tag for tag in row[3:] if tag != "O")) for row in rows]
    assert got == [
        ("قال", "قال", ""),
        ("ل", "للحكومة", ""),
        ("ل", "للحكومة", ""),
        ("حكومة", "للحكومة", "B-ACTOR"),
        ("إن", "إن", ""),
        ("و", "وبالمدنيين", ""),
        ("ب", "وبالمدنيين", "B-CLAIM"),
        ("ال", "وبالمدنيين", "I-CLAIM"),
        ("مدنيين", "وبالمدنيين", "I-CLAIM B-ACTOR"),
        ("حكومت", "حكومته", "I-CLAIM"),
        ("ه", "حكومته", "I-CLAIM"),
        (".", ".", ""),
        ("و", "والمدنيين", ""),
        ("ال", "والمدنيين", ""),
        ("مدني", "والمدنيين", "B-CASUALTY"),
        ("ين", "والمدنيين", ""),
        ("بين", "بين", ""),
        (".", ".", ""),
    ]
    # every token is the text at its offsets
    for row in rows:
        start, end = map(int, row[1].split("-"))
        assert TEXT[start:end] == row[0]
    assert report.counts["tokens_segmented"] == 8  # pieces added: 2 + 3 + 1 + 2
    assert report.counts["tokens_split"] == 1  # مدنيين of والمدنيين cut at the span's end


def test_conll_spans_read_back_exactly_with_offsets():
    docs = [DocRecord(text=TEXT, spans=SPANS, name="news", id="1")]
    text, _ = write_conll(docs, segment="d3tok", offsets=True)
    [back] = conll.read(io.StringIO(text))
    assert back.text == TEXT
    written = {(s.start, s.end, s.label) for s in SPANS}
    assert {(s.start, s.end, s.label) for s in back.spans} == written


def test_conll_without_offsets_reads_back_the_words_whole():
    text, _ = write_conll([DocRecord(text=TEXT, spans=SPANS)], segment="d3tok")
    [back] = conll.read(io.StringIO(text))
    assert back.text == "قال للحكومة إن وبالمدنيين حكومته .\nوالمدنيين بين ."
    assert {(s.label, back.text[s.start : s.end]) for s in back.spans} == {
        (s.label, s.text) for s in SPANS
    }


def own_words(doc: DocRecord) -> list[str]:
    assert doc.tokens is not None
    return [doc.text[s:e] for s, e in zip(doc.tokens.starts, doc.tokens.ends, strict=True)]


@pytest.mark.parametrize("offsets", [False, True])
def test_conll_read_back_keeps_each_word_as_one_own_token(offsets):
    text, _ = write_conll([DocRecord(text=TEXT, spans=SPANS)], segment="d3tok", offsets=offsets)
    [back] = conll.read(io.StringIO(text))
    words = ["قال", "للحكومة", "إن", "وبالمدنيين", "حكومته", ".", "والمدنيين", "بين", "."]
    assert own_words(back) == words
    assert back.tokens is not None and back.tokens.sentence_starts == [0, 6]


@pytest.mark.parametrize("offsets", [False, True])
@pytest.mark.parametrize("scheme", ["d3tok", "atbtok"])
def test_conll_segment_round_trip_is_stable(offsets, scheme):
    """import -> export --segment -> import -> export --segment: the same file, the same
    text, no space inside a word."""
    first, _ = write_conll(
        [DocRecord(text=TEXT, spans=SPANS, id="1", name="d")], segment=scheme, offsets=offsets
    )
    [back] = conll.read(io.StringIO(first))
    second, _ = write_conll([back], segment=scheme, offsets=offsets)
    assert second == first
    [again] = conll.read(io.StringIO(second))
    assert again.text == back.text
    assert "لل حكومة" not in again.text and "و ب" not in again.text
    assert own_words(again) == own_words(back)
    assert {(s.start, s.end, s.label) for s in again.spans} == {
        (s.start, s.end, s.label) for s in back.spans
    }


def test_conll_without_segment_after_a_segmented_import_writes_the_words():
    text, _ = write_conll([DocRecord(text=TEXT)], segment="d3tok")
    [back] = conll.read(io.StringIO(text))
    plain, _ = write_conll([back])
    _, rows = conll_rows(plain)
    assert [row[0] for row in rows][:4] == ["قال", "للحكومة", "إن", "وبالمدنيين"]


def test_conll_atbtok_keeps_the_article():
    text, _ = write_conll([DocRecord(text=TEXT)], segment="atbtok")
    names, rows = conll_rows(text)
    assert names == ["token", "word", "ner"]
    tokens = [row[0] for row in rows]
    assert tokens[:6] == ["قال", "ل", "لحكومة", "إن", "و", "ب"]
    assert "المدنيين" in tokens and "ال" not in tokens


def test_a_documents_own_tokens_are_segmented_and_its_sentences_kept():
    first = TEXT.index("\n")
    words = [(0, 3), (4, 11), (12, 14), (15, 25), (26, 32), (32, 33)]
    words += [(first + 1, first + 10), (first + 11, first + 14), (first + 14, first + 15)]
    tokens = Tokenization([s for s, _ in words], [e for _, e in words], [0, 6])
    doc = DocRecord(text=TEXT, tokens=tokens)
    text, _ = write_conll([doc], segment="d3tok")
    sentences = [block for block in text.split("\n\n") if block.strip()]
    assert len(sentences) == 2
    _, rows = conll_rows(text)
    assert [row[0] for row in rows][:4] == ["قال", "ل", "ل", "حكومة"]
    assert {row[1] for row in rows} == {TEXT[s:e] for s, e in words}


def test_without_segment_nothing_changes():
    plain, report = write_conll([DocRecord(text=TEXT)])
    names, rows = conll_rows(plain)
    assert names == ["token", "ner"]
    assert [row[0] for row in rows][:4] == ["قال", "للحكومة", "إن", "وبالمدنيين"]
    assert report.counts["tokens_segmented"] == 0


def test_conll_refuses_segment_with_docstart_headers():
    with pytest.raises(UsageError, match="--segment"):
        write_conll([DocRecord(text=TEXT)], segment="d3tok", header="docstart")


def test_no_database_is_refused_saying_how_to_install():
    no_database()
    with pytest.raises(UsageError, match="camel_data -i morphology-db-msa-r13"):
        write_conll([DocRecord(text=TEXT)], segment="d3tok")


# ------------------------------------------------------------------------------ HF


def test_hf_rows_have_pieces_and_their_words(tmp_path):
    out = tmp_path / "train.jsonl"
    hf.write(
        [DocRecord(text=TEXT, spans=SPANS, id="7")],
        out,
        labels=["ACTOR", "CLAIM", "CASUALTY"],
        segment="d3tok",
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [len(row["tokens"]) for row in rows] == [12, 6]
    first = rows[0]
    assert first["tokens"][:4] == ["قال", "ل", "ل", "حكومة"]
    assert first["words"][:4] == ["قال", "للحكومة", "للحكومة", "للحكومة"]
    assert len(first["words"]) == len(first["tokens"]) == len(first["ner_tags"])
    spec = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    assert spec["segment"] == "d3tok"
    actor = [spec["id2label"][str(tag)] for tag in first["ner_tags_ACTOR"]]
    assert actor[3] == "B-ACTOR" and actor[8] == "B-ACTOR"  # حكومة, مدنيين
    # the spans read back exactly (the reader joins the pieces of a word without a space)
    [back] = hf.read(out)
    assert back.text.startswith("قال للحكومة إن وبالمدنيين حكومته")
    assert {(s.label, back.text[s.start : s.end]) for s in back.spans} == {
        (s.label, s.text) for s in SPANS
    }


def test_hf_segment_round_trip_is_stable(tmp_path):
    labels = ["ACTOR", "CLAIM", "CASUALTY"]
    first = tmp_path / "one" / "train.jsonl"
    second = tmp_path / "two" / "train.jsonl"
    hf.write([DocRecord(text=TEXT, spans=SPANS, id="7")], first, labels=labels, segment="d3tok")
    [back] = hf.read(first)
    assert own_words(back)[:4] == ["قال", "للحكومة", "إن", "وبالمدنيين"]
    hf.write([back], second, labels=labels, segment="d3tok")
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    [again] = hf.read(second)
    assert again.text == back.text
    assert own_words(again) == own_words(back)


# ------------------------------------------------------------------------------ export / CLI


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "source.sqlite")
    [doc_id] = project.add_documents([DocRecord(text=TEXT, name="news")]).added
    for item in SPANS:
        project.add_annotation(doc_id, "amal", item.label, item.start, item.end)
    project.set_status(doc_id, "amal", "done")
    yield project
    project.close()


def test_export_writes_segmented_conll(project, tmp_path):
    out = tmp_path / "ner.conll"
    result = export(project, out, ExportOptions(format="conll", annotator="amal", segment="d3tok"))
    names, rows = conll_rows(out.read_text(encoding="utf-8"))
    assert "word" in names
    assert [row[0] for row in rows][:4] == ["قال", "ل", "ل", "حكومة"]
    assert result.totals()["tokens_segmented"] == 8
    assert "clitic" in result.summary()


def test_export_in_worker_processes_finds_the_same_database(project, tmp_path):
    here, there = tmp_path / "here.conll", tmp_path / "there.conll"
    options = {"format": "conll", "annotator": "amal", "segment": "d3tok"}
    export(project, here, ExportOptions(**options, workers=0))
    export(project, there, ExportOptions(**options, workers=1))
    assert here.read_bytes() == there.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "spacy"])
def test_other_formats_refuse_segment(project, tmp_path, fmt):
    with pytest.raises(UsageError, match="--segment") as caught:
        export(
            project, tmp_path / "out", ExportOptions(format=fmt, annotator="amal", segment="d3tok")
        )
    assert "conll" in str(caught.value) and "hf" in str(caught.value)
    assert not list(tmp_path.glob("out*"))


def test_cli_segment(project, tmp_path, capsys):
    project.close()
    out = tmp_path / "hf" / "train.jsonl"
    code = main(
        [
            "export",
            str(tmp_path / "source.sqlite"),
            "--format",
            "hf",
            "--out",
            str(out),
            "--annotator",
            "amal",
            "--segment",
            "atbtok",
            "--labels",
            "ACTOR",
        ]
    )
    assert code == 0
    assert "clitic pieces cut from words" in capsys.readouterr().out
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[1]["tokens"] == ["و", "المدنيين", "بين", "."]  # the article kept on its word
    assert rows[1]["words"] == ["والمدنيين", "والمدنيين", "بين", "."]
    spec = json.loads((out.parent / "labels.json").read_text(encoding="utf-8"))
    assert spec["segment"] == "atbtok"


def test_cli_without_a_database_says_how_to_install(project, tmp_path, capsys):
    project.close()
    no_database()
    out = tmp_path / "ner.conll"
    code = main(
        [
            "export",
            str(tmp_path / "source.sqlite"),
            "--format",
            "conll",
            "--out",
            str(out),
            "--annotator",
            "amal",
            "--segment",
            "d3tok",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "camel_data -i morphology-db-msa-r13" in err and "Settings" in err
    assert not out.exists()


def test_cli_offers_the_schemes_of_the_morphology_module(monkeypatch):
    from annotator.camel import morphology
    from annotator.cli import build_parser

    monkeypatch.setattr(morphology, "SCHEMES", ("d3tok", "atbtok", "d1tok"))
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    export_parser = commands.choices["export"]
    [segment] = [a for a in export_parser._actions if "--segment" in a.option_strings]
    assert list(segment.choices) == ["d3tok", "atbtok", "d1tok"]


def _refusal(call) -> str:
    with pytest.raises(UsageError) as caught:
        call()
    return str(caught.value)


def test_export_and_morphology_refuse_a_scheme_with_one_message(project, tmp_path):
    """One check (morphology.check_scheme) for an unknown scheme and for a database without
    the scheme: the export refuses with the message Morphology.pieces gives."""
    from annotator.camel import morphology

    def exporting(scheme: str):
        options = ExportOptions(format="conll", annotator="amal", segment=scheme)
        return lambda: export(project, tmp_path / "x.conll", options)

    tiny = morphology.require()
    unknown = _refusal(lambda: tiny.pieces("بين", "bwtok"))
    assert "bwtok" in unknown and "d3tok" in unknown
    assert _refusal(exporting("bwtok")) == unknown
    without = tmp_path / "no_atbtok.db"
    text = TINY.read_text(encoding="utf-8").replace(
        "TOKENIZATION d3tok atbtok", "TOKENIZATION d3tok"
    )
    without.write_text(text, encoding="utf-8")
    config.save_config(config.ToolsConfig(morphology_db=str(without)))
    lacking = _refusal(lambda: morphology.require().pieces("بين", "atbtok"))
    assert str(without) in lacking and "atbtok" in lacking
    assert _refusal(exporting("atbtok")) == lacking
    assert not (tmp_path / "x.conll").exists()


def test_cli_refuses_an_unknown_scheme(project, tmp_path, capsys):
    project.close()
    with pytest.raises(SystemExit):
        main(
            [
                "export",
                str(tmp_path / "source.sqlite"),
                "--format",
                "conll",
                "--out",
                str(tmp_path / "x.conll"),
                "--annotator",
                "amal",
                "--segment",
                "bwtok",
            ]
        )
    assert "bwtok" in capsys.readouterr().err
