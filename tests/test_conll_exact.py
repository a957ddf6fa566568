"""Exact corpora in, exact corpora out: a tokenized corpus imported into a project keeps its
tokens, sentences and tag scheme, and a CoNLL export with default options writes them again.

The round trips go through the real project (import_annotated, the store, the export
pipeline), on the shared reference files and on small hand-made files for the schemes the
references lack (BIOES, BILOU).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from annotator.exporting import ExportOptions, export
from annotator.formats import ImportReport, conll
from annotator.importing import import_annotated
from annotator.model import DocRecord, InputError, SpanRecord, Tokenization
from annotator.store import Project
from annotator.store.readmodel import export_batches

TAG = re.compile(r"O|[BIESLU]-\S+")


def token_lines(path: Path) -> list[list[tuple[int, tuple[str, ...]]]]:
    """Sentences of (line number, (token, tag, ...)) of a CoNLL file: comments, -DOCSTART-
    and GermEval's index column left out, CoNLL-2003's POS/chunk columns left out, trailing
    `O` columns of a ragged (Wojood) line dropped."""
    sentences: list[list[tuple[int, tuple[str, ...]]]] = []
    current: list[tuple[int, tuple[str, ...]]] = []
    with open(path, encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            if line.startswith(("#", "-DOCSTART-")):
                continue
            fields = line.split("\t") if "\t" in line else line.split()
            if len(fields) >= 3 and fields[0].isdigit() and not TAG.fullmatch(fields[1]):
                fields = fields[1:]
            if len(fields) >= 3 and not all(TAG.fullmatch(value) for value in fields[1:]):
                fields = [fields[0], fields[-1]]
            while len(fields) > 2 and fields[-1] == "O":
                fields.pop()
            current.append((number, tuple(fields)))
    if current:
        sentences.append(current)
    return sentences


def round_trip(tmp_path: Path, source: Path, **export_options) -> tuple[Path, object, object]:
    """Import `source` as CoNLL into a new project, export it with default options (those
    given added); the export's path, the import report and the export result."""
    project_path = tmp_path / "corpus.sqlite"
    out = tmp_path / "out.conll"
    with Project.create(project_path) as project:
        imported = import_annotated(project, [source], "conll", annotator="amal", done=True)
        options = ExportOptions(format="conll", annotator="amal", **export_options)
        result = export(project, out, options)
    return out, imported, result


def assert_same_lines(source: Path, out: Path, repaired: set[int]) -> None:
    """Same sentences, tokens and tags, except the `repaired` lines of `source` (an I- tag
    starting an entity, reported on import), written with B- instead."""
    before, after = token_lines(source), token_lines(out)
    assert [len(s) for s in before] == [len(s) for s in after]
    differing = set()
    for sentence_in, sentence_out in zip(before, after, strict=True):
        for (number, fields_in), (_, fields_out) in zip(sentence_in, sentence_out, strict=True):
            if fields_in != fields_out:
                differing.add(number)
                expected = tuple(
                    "B-" + tag[2:] if tag.startswith("I-") and number in repaired else tag
                    for tag in fields_in
                )
                assert fields_out == expected, (number, fields_in, fields_out)
    assert differing == repaired


def repaired_lines(imported, source: Path) -> set[int]:
    return {
        notice.line
        for notice in imported.reader.warnings
        if notice.kind == "i_without_b" and notice.path == str(source)
    }


REFERENCE_FILES = [
    # (file, sentences, tokens, scheme)
    ("arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt", 925, 25_008, "IOB2"),
    ("formats/dkpro-core/conll/2002/ner2002_test.conll", 1, 23, "IOB2"),
    ("formats/dkpro-core/conll/2003/en-orig.conll", 1, 7, "IOB1"),
    ("formats/dkpro-core/conll/2002/germeval2014_test.conll", 1, 27, "IOB2"),
    ("arabic/wojood_sample/train.txt", 1_114, 18_887, "IOB2"),
    ("arabic/wojood_sample/val.txt", 158, 2_743, "IOB2"),
    ("arabic/wojood_sample/test.txt", 357, 5_344, "IOB2"),
]


@pytest.mark.parametrize("name, sentences, tokens, scheme", REFERENCE_FILES)
def test_reference_corpora_come_back_line_for_line(
    reference_dir, tmp_path, name, sentences, tokens, scheme
):
    source = reference_dir / name
    out, imported, result = round_trip(tmp_path, source)
    exported = result.files[0].report.counts
    assert (exported["sentences"], exported["tokens"]) == (sentences, tokens)
    assert exported[f"scheme_{scheme}"] == exported["documents"]
    assert exported["tokens_split"] == 0
    repaired = repaired_lines(imported, source)
    assert_same_lines(source, out, repaired)


def test_anercorp_keeps_its_925_sentences_and_repairs_only_the_reported_tags(
    reference_dir, tmp_path
):
    source = reference_dir / "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
    out, imported, _ = round_trip(tmp_path, source)
    repaired = repaired_lines(imported, source)
    assert len(repaired) == 74  # the I- tags without a B- the reference README counts
    assert len(token_lines(out)) == 925
    # one tag column, named once, at the top of the file
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# columns = token ner\n")
    assert text.count("# columns") == 1


def test_wojood_nesting_levels_are_columns_fixed_for_the_file(reference_dir, tmp_path):
    source = reference_dir / "arabic/wojood_sample/test.txt"
    out, _, _ = round_trip(tmp_path, source)
    text = out.read_text(encoding="utf-8")
    header, *lines = [line for line in text.split("\n") if line and not line.startswith("# doc")]
    depth = max(len(line.split()) - 1 for line in source.read_text("utf-8").split("\n") if line)
    assert header == "# columns = token " + " ".join(
        ["ner"] + [f"ner{level}" for level in range(2, depth + 1)]
    )
    assert {len(line.split("\t")) for line in lines} == {1 + depth}


def write_file(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


BIOES_ROWS = [
    "قال O",
    "وزير B-PER",
    "خارجية I-PER",
    "إيران E-PER",
    "إن O",
    "٣ S-NUM",
    "قتلوا O",
    "",
    "غادر O",
    "طهران S-LOC",
]


@pytest.mark.parametrize("scheme", ["BIOES", "BILOU"])
def test_bioes_and_bilou_files_come_back_in_their_scheme(tmp_path, scheme):
    rows = BIOES_ROWS
    if scheme == "BILOU":
        rows = [row.replace(" E-", " L-").replace(" S-", " U-") for row in rows]
    source = write_file(tmp_path / f"idrisi.{scheme.lower()}", rows)
    report = ImportReport()
    list(conll.read(source, report=report))
    assert report.info["scheme"] == scheme  # the detected scheme is printed on import
    out, _, result = round_trip(tmp_path, source)
    assert result.files[0].report.counts[f"scheme_{scheme}"] == 1
    assert_same_lines(source, out, set())
    assert f"tag scheme: {scheme} (1 document)" in result.summary()


def test_bilou_can_be_asked_for_and_mixed_families_are_refused(tmp_path):
    text = "وزير خارجية إيران غادر طهران"
    doc = DocRecord(
        text=text, spans=[SpanRecord(0, 17, "PER"), SpanRecord(text.index("طهران"), 28, "LOC")]
    )
    out = tmp_path / "out.conll"
    conll.write([doc], out, scheme="bilou")
    tags = [line.split("\t")[1] for line in out.read_text("utf-8").split("\n")[2:] if line]
    assert tags == ["B-PER", "I-PER", "L-PER", "O", "U-LOC"]
    mixed = write_file(tmp_path / "mixed.conll", ["a S-X", "b U-X"])
    with pytest.raises(InputError, match="mixes BILOU") as caught:
        list(conll.read(mixed))
    assert (caught.value.path, caught.value.line) == (str(mixed), 2)


def test_an_iob1_document_among_iob2_ones_keeps_its_own_scheme(tmp_path):
    source = write_file(
        tmp_path / "two.conll",
        ["# doc_id = a", "Ekeus I-PER", "heads O", "", "# doc_id = b", "U.N. B-ORG", "said O"],
    )
    out, _, result = round_trip(tmp_path, source)
    counts = result.files[0].report.counts
    assert (counts["scheme_IOB1"], counts["scheme_IOB2"]) == (1, 1)
    assert_same_lines(source, out, set())
    # an explicit scheme still rewrites every document in it
    forced = tmp_path / "forced.conll"
    with Project.open(tmp_path / "corpus.sqlite") as project:
        export(project, forced, ExportOptions(format="conll", annotator="amal", scheme="IOB2"))
    assert "Ekeus\tB-PER" in forced.read_text("utf-8")


def test_own_tokens_are_stored_and_a_span_inside_one_splits_it_reported(tmp_path):
    rows = ["3.99 O", "دولار B-MONEY", "وأذربيجان O", "", "باكو B-LOC"]
    source = write_file(tmp_path / "t.conll", rows)
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "conll", annotator="amal", done=True)
        [doc] = [d for batch in export_batches(project, None, [1], lambda: None) for d in batch]
        assert doc.tokens == Tokenization([0, 5, 11, 21], [4, 10, 20, 25], [0, 3], "IOB2")
        assert doc.text == "3.99 دولار وأذربيجان\nباكو"
        # a span after the clitic «و»: the stored token is split there, and only there
        project.add_annotation(doc.id, "amal", "LOC", 12, 20)
        out = tmp_path / "out.conll"
        result = export(project, out, ExportOptions(format="conll", annotator="amal"))
    lines = [line for line in out.read_text("utf-8").split("\n") if line and line[0] != "#"]
    assert lines == ["3.99\tO", "دولار\tB-MONEY", "و\tO", "أذربيجان\tB-LOC", "باكو\tB-LOC"]
    assert result.files[0].report.counts["tokens_split"] == 1
    assert "1 tokens split at a span boundary [tokens_split]" in result.summary()


def test_columns_are_the_same_for_every_chunk_of_a_large_export(tmp_path):
    """Rendered in chunks in worker processes, the file still has one header and the same
    columns everywhere: the nesting of one late document decides them."""
    docs = [
        DocRecord(text=f"وزير خارجية {i}", spans=[SpanRecord(0, 4, "ACTOR")]) for i in range(250)
    ]
    nested = docs[-1]
    nested.spans.append(SpanRecord(0, len(nested.text), "ACTOR"))
    source = tmp_path / "in.jsonl"
    from annotator.formats import jsonl

    jsonl.write(docs, source)
    out = tmp_path / "out.conll"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "jsonl", annotator="amal", done=True)
        options = ExportOptions(format="conll", annotator="amal", workers=2)
        export(project, out, options)
        by_label = tmp_path / "labels.conll"
        export(project, by_label, ExportOptions(format="conll", annotator="amal", columns="labels"))
    text = out.read_text("utf-8")
    assert text.count("# columns") == 1 and text.startswith("# columns = token ner ner2\n")
    widths = {line.count("\t") for line in text.split("\n") if line and line[0] != "#"}
    assert widths == {2}
    assert by_label.read_text("utf-8").startswith("# columns = token ACTOR ACTOR\n")


def test_a_file_header_names_the_columns_of_every_document(tmp_path):
    source = write_file(
        tmp_path / "ours.conll",
        [
            "# columns = token ner ner2",
            "# doc_id = 1",
            "a\tB-X\tO",
            "",
            "# doc_id = 2",
            "b\tO\tB-Y",
        ],
    )
    first, second = conll.read(source)
    assert [(s.label, s.text) for s in first.spans] == [("X", "a")]
    assert [(s.label, s.text) for s in second.spans] == [("Y", "b")]


def test_tokens_survive_jsonl_and_recover(tmp_path):
    source = write_file(tmp_path / "t.conll", ["٣٫٥ O", "مليون B-NUM", "", "قتيل O"])
    jsonl_out = tmp_path / "all.jsonl"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "conll", annotator="amal", done=True)
        export(project, jsonl_out, ExportOptions(format="jsonl", annotator="amal"))
    assert '"tokens": {"offsets": [[0, 3], [4, 9], [10, 14]], "sentences": [0, 2]' in (
        jsonl_out.read_text("utf-8")
    )
    with Project.create(tmp_path / "q.sqlite") as project:
        import_annotated(project, [jsonl_out], "jsonl", annotator="amal", done=True)
        out = tmp_path / "back.conll"
        export(project, out, ExportOptions(format="conll", annotator="amal"))
    assert_same_lines(source, out, set())

    from annotator.store.recover import recover

    recover(tmp_path / "q.sqlite", tmp_path / "saved.sqlite")
    with Project.open(tmp_path / "saved.sqlite") as project:
        [doc] = [d for batch in export_batches(project, None, [1], lambda: None) for d in batch]
    assert doc.tokens == Tokenization([0, 4, 10], [3, 9, 14], [0, 2], "IOB2")


def test_bad_tokens_in_jsonl_name_file_and_line(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text(
        '{"text": "ab cd", "tokens": {"offsets": [[0, 2], [1, 5]], "sentences": [0]}}\n',
        encoding="utf-8",
    )
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(InputError, match=r"token 2 \(1-5\) overlaps") as caught:
            import_annotated(project, [source], "jsonl", annotator="amal")
        assert (caught.value.path, caught.value.line) == (str(source), 1)
        assert project.count_documents() == 0


def test_stats_count_a_documents_own_tokens(tmp_path):
    from annotator.store.stats import stats

    # our tokenizer makes 5 tokens of these (the hyphen is one), the file says 3
    source = write_file(tmp_path / "t.conll", ["شمال-غرب O", "سوريا B-LOC", "x-y O"])
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "conll", annotator="amal")
        assert stats(project)["tokens"] == 3


def test_whitespace_tokens_of_a_documents_own_never_break_the_file():
    """spaCy/Prodigy keep whitespace tokens ("\\n"); CoNLL has no line for them."""
    text = "قال\n\nوزير\tالدفاع"
    doc = DocRecord(
        text=text,
        spans=[SpanRecord(5, len(text), "ACTOR")],
        tokens=Tokenization([0, 3, 5], [3, 5, len(text)], [0]),
    )
    report = ImportReport()

    out = io.StringIO()
    conll.write([doc], out, report=report)
    lines = out.getvalue().split("\n")
    assert lines[2:] == ["قال\tO", "وزير الدفاع\tB-ACTOR", "", ""]
    assert (report.counts["tokens_blank"], report.counts["tokens_respaced"]) == (1, 1)
    assert report.counts["tokens"] == 2


def test_agreement_measures_an_imported_corpus_on_its_own_tokens(tmp_path):
    """Results on a corpus are only comparable on its own tokenization: our tokenizer makes
    five tokens of these three (the hyphen is one of its own)."""
    from annotator.agreement.project_report import agreement_report

    first = write_file(tmp_path / "a.conll", ["شمال-غرب B-LOC", "سوريا I-LOC", "قال O"])
    second = write_file(tmp_path / "b.conll", ["شمال-غرب O", "سوريا B-LOC", "قال O"])
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [first], "conll", annotator="amal", done=True)
        import_annotated(project, [second], "conll", annotator="omar", done=True)
        token = agreement_report(project)["token"]
    assert token["n_tokens"] == 3
    # one token of three differs: f1 of LOC tokens 2*1/(2*1+0+1)
    assert token["f1"]["overall"]["pairs"][0]["f1"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("option", ["strip_marks", "clean"])
def test_cleaning_keeps_a_documents_scheme(tmp_path, option):
    """Tokens moved by --strip-marks or --clean keep the scheme their corpus used."""
    rows = [
        "[ad_1] O",
        "",
        "وزير B-PER",
        "خارجية\u200f I-PER",
        "إيران E-PER",
        "غادر O",
        "طهران S-LOC",
    ]
    source = write_file(tmp_path / "in.conll", rows)
    out = tmp_path / "out.conll"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "conll", annotator="amal", done=True, **{option: True})
        result = export(project, out, ExportOptions(format="conll", annotator="amal"))
    assert result.files[0].report.counts["scheme_BIOES"] == 1
    tags = [line.split("\t")[-1] for line in out.read_text("utf-8").split("\n")[2:] if line]
    assert tags[-5:] == ["B-PER", "I-PER", "E-PER", "O", "S-LOC"]


@pytest.mark.parametrize("damage", [b"", b"\x01\x00\x00\x00", b"\x05" * 12])
def test_damaged_stored_tokens_are_found_refused_and_left_out_by_recover(tmp_path, damage):
    import sqlite3
    from contextlib import closing

    from annotator.errors import ProjectError
    from annotator.store.health import check_file
    from annotator.store.recover import recover

    source = write_file(tmp_path / "t.conll", ["وزير B-ACTOR", "قال O"])
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        import_annotated(project, [source], "conll", annotator="amal", done=True)
    with closing(sqlite3.connect(path)) as conn, conn:  # a closed test file
        conn.execute("UPDATE doc_tokens SET data = ?", (damage,))
    report = check_file(path)
    assert any("document 1: its stored tokens" in p.message for p in report.problems)
    with Project.open(path) as project:
        with pytest.raises(ProjectError, match="stored tokens of document 1 are damaged"):
            export(project, tmp_path / "o.conll", ExportOptions(format="conll", annotator="amal"))
    saved = recover(path, tmp_path / "saved.sqlite")
    assert saved.lost["document tokens"] == 1 and saved.saved["documents"] == 1
    with Project.open(tmp_path / "saved.sqlite") as project:
        export(project, tmp_path / "o.conll", ExportOptions(format="conll", annotator="amal"))
    assert "وزير\tB-ACTOR" in (tmp_path / "o.conll").read_text("utf-8")


def test_a_document_already_there_keeps_its_tokens_and_the_import_says_so(tmp_path):
    first = write_file(tmp_path / "a.conll", ["شمال-غرب B-LOC", "سوريا O"])
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [first], "conll", annotator="amal")
        # the same text, tokenized otherwise (WebAnno/our tokenizer would split the hyphen)
        second = tmp_path / "b.jsonl"
        second.write_text(
            '{"text": "شمال-غرب سوريا", "spans": [{"start": 0, "end": 4, "label": "LOC"}], '
            '"tokens": {"offsets": [[0, 4], [4, 5], [5, 8], [9, 14]], "sentences": [0]}}\n',
            encoding="utf-8",
        )
        report = import_annotated(project, [second], "jsonl", annotator="omar")
        [doc] = [d for batch in export_batches(project, None, [1], lambda: None) for d in batch]
    assert doc.tokens is not None and len(doc.tokens) == 2
    [warning] = [w for w in report.reader.warnings if w.kind == "tokens_kept"]
    assert warning.path == str(second) and warning.line == 1
    assert "keeps" in report.summary()


def test_an_empty_span_given_to_the_codec_is_reported_not_written():
    doc = DocRecord(text="abc def", spans=[SpanRecord(2, 2, "X"), SpanRecord(4, 7, "Y")])
    report = ImportReport()
    out = io.StringIO()
    conll.write([doc], out, report=report)
    assert report.counts["spans_blank"] == 1 and report.counts["spans"] == 1
    assert "B-X" not in out.getvalue() and "def\tB-Y" in out.getvalue()


@pytest.mark.parametrize("columns", ["levels", "labels"])
def test_a_large_exports_first_pass_shared_with_a_worker_finds_the_same_columns(
    tmp_path, monkeypatch, one_worker_requests, columns
):
    """The first pass of a large export reads half the documents in a worker process: the
    nesting only the last document has still decides the columns."""
    from annotator.exporting import write as write_stage
    from annotator.formats import jsonl

    monkeypatch.setattr(write_stage, "SHARE_MIN_DOCUMENTS", 10)
    requests = one_worker_requests(write_stage)
    docs = [
        DocRecord(text=f"وزير خارجية {i}", spans=[SpanRecord(0, 4, "ACTOR")]) for i in range(40)
    ]
    docs[-1].spans.append(SpanRecord(0, len(docs[-1].text), "ACTOR"))
    source = tmp_path / "in.jsonl"
    jsonl.write(docs, source)
    out = tmp_path / "out.conll"
    with Project.create(tmp_path / "p.sqlite") as project:
        import_annotated(project, [source], "jsonl", annotator="amal", done=True)
        options = ExportOptions(format="conll", annotator="amal", columns=columns, workers=1)
        export(project, out, options)
    assert requests[0] is True  # the first pass was shared with a worker process
    header = out.read_text("utf-8").split("\n")[0]
    assert header == (
        "# columns = token ner ner2" if columns == "levels" else "# columns = token ACTOR ACTOR"
    )
