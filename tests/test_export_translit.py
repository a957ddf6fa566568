"""`--translit`: a Latin transliteration in CoNLL (a column), JSONL (fields) and Hugging Face
(a field) exports, read back by our own readers; refused where a format has no place for it."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.camel.translit import transliterate
from annotator.cli import main
from annotator.errors import UsageError
from annotator.exporting import ExportOptions, export
from annotator.formats import ImportReport, conll, hf
from annotator.importing import import_annotated
from annotator.model import DocRecord, SpanRecord, Tokenization
from annotator.store import Project

# Hamza forms (< > & } | '), ش ($) and ذ (*): the characters Buckwalter and Safe Buckwalter differ
# on; Latin, digits and punctuation kept; a clitic و before a name.
TEXT = "قال وزير خارجية إيران إن 3 جنود قتلوا في Gaza.\nوأذربيجان ترد على أرمينيا بشأن المسؤولين."


def where(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@pytest.fixture
def project(tmp_path: Path):
    project = Project.create(tmp_path / "source.sqlite")
    [doc_id] = project.add_documents([DocRecord(text=TEXT, name="news")]).added
    project.add_annotation(doc_id, "amal", "CLAIM", *where("وزير خارجية إيران إن 3 جنود قتلوا"))
    project.add_annotation(doc_id, "amal", "ACTOR", *where("وزير خارجية إيران"))
    project.add_annotation(doc_id, "amal", "ACTOR", *where("إيران"))
    project.add_annotation(doc_id, "amal", "CASUALTY", *where("3 جنود"))
    start = TEXT.index("أذربيجان")
    project.add_annotation(doc_id, "amal", "ACTOR", start, start + len("أذربيجان"))
    project.set_status(doc_id, "amal", "done")
    yield project
    project.close()


def read_back(module, path: Path) -> list[DocRecord]:
    """The documents `module` reads from `path`, without the file name they carry."""
    return [replace(doc, source=None) for doc in module.read(path)]


def spans_of(path: Path, fmt: str, tmp_path: Path, name: str) -> set[tuple[str, int, int, str]]:
    """The spans a fresh project holds after importing `path`."""
    with Project.create(tmp_path / f"{name}.sqlite") as back:
        import_annotated(back, [path], fmt, annotator="back")
        [doc_id] = back.document_ids()
        return {(a.label, a.start, a.end, a.text) for a in back.annotations(doc_id, "back")}


# ------------------------------------------------------------------------------ CoNLL


@pytest.mark.parametrize("offsets", [False, True])
def test_conll_column_holds_each_tokens_transliteration_and_reads_back(project, tmp_path, offsets):
    plain, latin = tmp_path / "plain.conll", tmp_path / "latin.conll"
    export(project, plain, ExportOptions(format="conll", annotator="amal", offsets=offsets))
    export(
        project,
        latin,
        ExportOptions(format="conll", annotator="amal", offsets=offsets, translit="bw"),
    )
    lines = latin.read_text(encoding="utf-8").splitlines()
    names = lines[0].removeprefix("# columns = ").split()
    assert names == ["token", *(["offsets"] if offsets else []), "translit", "ner", "ner2", "ner3"]
    column = names.index("translit")
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert rows and all(len(row) == len(names) for row in rows)
    assert all(row[column] == transliterate(row[0], "bw") for row in rows)
    by_token = {row[0]: row[column] for row in rows}
    assert by_token["إيران"] == "<yrAn"
    assert by_token["Gaza"] == "Gaza"
    assert by_token["المسؤولين"] == "Alms&wlyn"
    # without the column the file is the same
    assert ["\t".join(r[:column] + r[column + 1 :]) for r in rows] == [
        line for line in plain.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]  # fmt: skip
    # our reader skips the column: the same documents and spans as from the file without it
    assert read_back(conll, latin) == read_back(conll, plain)
    back = spans_of(latin, "conll", tmp_path, "back")
    assert back == spans_of(plain, "conll", tmp_path, "plain")
    assert ("ACTOR", *where("إيران"), "إيران") in back


def test_conll_translit_in_safe_buckwalter_and_hsb(project, tmp_path):
    for scheme, iran in (("safebw", "IyrAn"), ("hsb", "Ăyr\u0101n")):
        out = tmp_path / f"{scheme}.conll"
        export(project, out, ExportOptions(format="conll", annotator="amal", translit=scheme))
        rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
        assert ["إيران", transliterate("إيران", scheme)] in [row[:2] for row in rows]
        if scheme == "safebw":
            assert ["إيران", iran] in [row[:2] for row in rows]


def test_conll_translit_of_a_token_holding_a_tab_is_respaced_like_the_token():
    text = "قال\n\nوزير\tالدفاع"
    doc = DocRecord(
        text=text,
        spans=[SpanRecord(5, len(text), "ACTOR")],
        tokens=Tokenization([0, 3, 5], [3, 5, len(text)], [0]),
    )
    out = io.StringIO()
    conll.write([doc], out, translit="bw")
    lines = out.getvalue().split("\n")
    assert lines[0] == "# columns = token translit ner"
    assert lines[2:] == ["قال\tqAl\tO", "وزير الدفاع\twzyr AldfAE\tB-ACTOR", "", ""]


def test_conll_translit_needs_the_columns_header(project, tmp_path):
    out = tmp_path / "d.conll"
    options = ExportOptions(format="conll", annotator="amal", header="docstart", translit="bw")
    with pytest.raises(UsageError, match="--header comment"):
        export(project, out, options)
    assert not list(tmp_path.glob("*.conll*"))


# ------------------------------------------------------------------------------ JSONL


def test_jsonl_fields_carry_the_text_and_each_span_transliterated(project, tmp_path):
    plain, latin = tmp_path / "plain.jsonl", tmp_path / "latin.jsonl"
    export(project, plain, ExportOptions(format="jsonl", annotator="amal"))
    export(project, latin, ExportOptions(format="jsonl", annotator="amal", translit="hsb"))
    [line] = latin.read_text(encoding="utf-8").splitlines()
    doc = json.loads(line)
    assert doc["translit_scheme"] == "hsb"
    assert doc["text_translit"] == transliterate(TEXT, "hsb")
    assert len(doc["text_translit"]) == len(doc["text"])  # every span's offsets hold in it
    assert "Gaza" in doc["text_translit"]
    assert len(doc["spans"]) == 5
    for span in doc["spans"]:
        assert span["text_translit"] == doc["text_translit"][span["start"] : span["end"]]
        assert span["text_translit"] == transliterate(span["text"], "hsb")
    # the rest is the export without a transliteration
    [plain_line] = plain.read_text(encoding="utf-8").splitlines()
    for span in doc["spans"]:
        del span["text_translit"]
    del doc["translit_scheme"], doc["text_translit"]
    assert doc == json.loads(plain_line)


def test_jsonl_with_translit_reads_back_without_warnings(project, tmp_path):
    from annotator.formats import jsonl

    latin = tmp_path / "latin.jsonl"
    export(project, latin, ExportOptions(format="jsonl", annotator="amal", translit="bw"))
    report = ImportReport()
    [doc] = jsonl.read(latin, report=report)
    assert not report.warnings
    line = latin.read_text(encoding="utf-8")
    assert jsonl.fast_fields(line) is not None  # the fast path reads it too
    assert doc.text == TEXT and len(doc.spans) == 5
    assert ("ACTOR", *where("إيران"), "إيران") in spans_of(latin, "jsonl", tmp_path, "back")


def test_jsonl_writer_and_stored_rows_write_the_same_fields():
    from annotator.formats import jsonl

    doc = DocRecord(text="قال شيء", id="7", name="n", spans=[SpanRecord(0, 3, "ACTOR", "s1")])
    written = json.loads(jsonl.doc_line(doc, "safebw"))
    stored = json.loads(
        jsonl.stored_line(
            "7", "n", "قال شيء", "{}", [("s1", 0, 3, "ACTOR", None, "{}", None)], [],
            translit="safebw",
        )
    )  # fmt: skip
    assert written["text_translit"] == stored["text_translit"] == "qAl cyC"
    assert written["spans"][0]["text_translit"] == stored["spans"][0]["text_translit"] == "qAl"


# ------------------------------------------------------------------------------ Hugging Face


def test_hf_rows_get_tokens_translit_and_labels_json_names_the_scheme(project, tmp_path):
    plain, latin = tmp_path / "plain" / "train.jsonl", tmp_path / "latin" / "train.jsonl"
    export(project, plain, ExportOptions(format="hf", annotator="amal"))
    export(project, latin, ExportOptions(format="hf", annotator="amal", translit="bw"))
    rows = [json.loads(line) for line in latin.read_text(encoding="utf-8").splitlines()]
    plain_rows = [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2
    for row, plain_row in zip(rows, plain_rows, strict=True):
        assert row["tokens_translit"] == [transliterate(t, "bw") for t in row["tokens"]]
        assert list(row).index("tokens_translit") == list(row).index("tokens") + 1
        del row["tokens_translit"]
        assert row == plain_row
    assert "<yrAn" in [t for row in rows for t in transliterate(" ".join(row["tokens"])).split()]
    spec = json.loads((latin.parent / "labels.json").read_text(encoding="utf-8"))
    assert spec["translit"] == "bw"
    assert "translit" not in json.loads((plain.parent / "labels.json").read_text("utf-8"))
    assert read_back(hf, latin) == read_back(hf, plain)


# ------------------------------------------------------------------------------ refusals, CLI


@pytest.mark.parametrize("fmt", ["brat", "doccano", "spacy", "webanno", "labelstudio"])
def test_formats_without_a_place_for_it_refuse_it(project, tmp_path, fmt):
    out = tmp_path / "out" / "x.json"
    options = ExportOptions(format=fmt, annotator="amal", translit="bw")
    with pytest.raises(UsageError, match=rf"the {fmt} format has no place.*jsonl, conll, hf"):
        export(project, out, options)
    assert not (tmp_path / "out").exists()


def test_an_unknown_scheme_is_refused_before_writing(project, tmp_path):
    with pytest.raises(UsageError, match="unknown transliteration 'latin'"):
        export(project, tmp_path / "x.conll", ExportOptions(annotator="amal", translit="latin"))
    assert not (tmp_path / "x.conll").exists()


def test_cli_translit_option(project, tmp_path, capsys):
    path = str(project.path)
    project.close()
    out = tmp_path / "ner.conll"
    args = ["export", path, "--format", "conll", "--out", str(out), "--annotator", "amal"]
    assert main([*args, "--translit", "safebw"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# columns = token translit ner")
    assert "المسؤولين\tAlmsWwlyn\t" in text
    assert main([*args, "--format", "brat", "--translit", "bw"]) == 2
    assert "the brat format has no place for a transliteration" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--translit", "arabizi"])
    assert "invalid choice: 'arabizi'" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["conll", "hf"])
def test_worker_processes_write_the_same_transliteration(project, tmp_path, fmt):
    """A large export renders its chunks in worker processes, which get the option too."""
    here, there = tmp_path / "here" / f"x.{fmt}", tmp_path / "there" / f"x.{fmt}"
    options = {"format": fmt, "annotator": "amal", "translit": "safebw"}
    export(project, here, ExportOptions(**options, workers=0))
    export(project, there, ExportOptions(**options, workers=1))
    assert "IyrAn" in here.read_text(encoding="utf-8")
    assert there.read_bytes() == here.read_bytes()


def test_conll_translit_with_segment_transliterates_each_piece(monkeypatch):
    """With --segment the tokens are clitic pieces (the tiny test morphology database): each
    piece gets its own transliteration beside the word column, and both are read back."""
    from annotator.camel import config

    tiny = Path(__file__).parent / "data" / "morphology" / "tiny.db"
    monkeypatch.setattr(config, "installed_data_dirs", lambda: [])
    config.save_config(config.ToolsConfig(morphology_db=str(tiny)))
    text = "قال للحكومة إن وبالمدنيين حكومته."
    start = text.index("مدنيين")
    doc = DocRecord(text=text, spans=[SpanRecord(start, start + 6, "ACTOR")])
    both, plain = io.StringIO(), io.StringIO()
    conll.write([doc], both, segment="d3tok", translit="bw")
    conll.write([doc], plain, segment="d3tok")
    lines = both.getvalue().splitlines()
    assert lines[0] == "# columns = token translit word ner"
    rows = [line.split("\t") for line in lines[1:] if line and not line.startswith("#")]
    assert ["ب", "b", "وبالمدنيين", "O"] in rows
    assert ["مدنيين", "mdnyyn", "وبالمدنيين", "B-ACTOR"] in rows
    assert all(row[1] == transliterate(row[0], "bw") for row in rows)
    assert list(conll.read(both.getvalue().splitlines())) == list(
        conll.read(plain.getvalue().splitlines())
    )
