"""WebAnno TSV 3.3 (`annotator.formats.webanno`): INCEpTION's test-suite files, UTF-16
offsets, escaping, tokens kept, round trips, bad input, and import/export end to end."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats import ImportReport, conll, get_format, webanno
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord, Tokenization
from annotator.store import Project

SUITE = Path(__file__).parent / "data" / "webanno"
SUITE_FILES = sorted(SUITE.glob("*.tsv"))


def read_text(text: str, report: ImportReport | None = None, **options) -> DocRecord:
    [doc] = webanno.read(io.StringIO(text), path="doc.tsv", report=report, **options)
    return doc


def spans_of(doc: DocRecord) -> list[tuple[int, int, str]]:
    return [(span.start, span.end, span.label) for span in doc.spans]


def snapshot(doc: DocRecord) -> tuple:
    """What a round trip must keep: text, tokens, spans with attributes, relations."""
    by_id = {span.id: (span.start, span.end, span.label) for span in doc.spans}
    return (
        doc.text,
        doc.tokens,
        sorted((s.start, s.end, s.label, sorted(s.attributes.items())) for s in doc.spans),
        sorted((by_id[r.head], by_id[r.tail], r.label) for r in doc.relations),
    )


def token_lists(tokens: Tokenization | None) -> tuple | None:
    """Tokens and sentences (not the tag scheme, which WebAnno TSV has no place for)."""
    return None if tokens is None else (tokens.starts, tokens.ends, tokens.sentence_starts)


def round_trip(doc: DocRecord, report: ImportReport | None = None) -> DocRecord:
    return read_text(webanno.document_text(doc, report))


def suite(name: str) -> Path:
    return SUITE / f"{name}.tsv"


# ---------------------------------------------------------------- INCEpTION's files


def test_multi_token_stacked_spans():
    [doc] = webanno.read(suite("testMultiTokenStackedSpanWithFeatureValue"))
    assert doc.text == "This is a test ."
    assert spans_of(doc) == [(0, 16, "PERSON"), (0, 16, "LOCATION")]
    assert doc.name == "testMultiTokenStackedSpanWithFeatureValue"
    assert doc.tokens == Tokenization([0, 5, 8, 10, 15], [4, 7, 9, 14, 16], [0])


def test_sub_tokens_and_multi_unit_spans_take_first_begin_and_last_end():
    report = ImportReport()
    [doc] = webanno.read(suite("testSubMultiTokenSpanWithFeatureValue"), report=report)
    assert doc.text == "aaaaaa bbbbbb cccccc"
    assert sorted(spans_of(doc)) == [
        (0, 6, "1"),
        (0, 10, "7"),
        (0, 13, "2"),
        (3, 10, "8"),
        (3, 13, "6"),
        (3, 17, "9"),
        (7, 11, "4"),
        (9, 11, "3"),
        (9, 13, "5"),
    ]
    # the sub-tokens are not tokens
    assert doc.tokens == Tokenization([0, 7, 14], [6, 13, 20], [0])
    # zero-width spans (11, 10, 12) have no place in a project: skipped and reported
    assert report.counts["spans_zero_width"] == 3
    assert [notice.line for notice in report.skipped] == [11, 14, 15]


def test_relation_with_disambiguation_ids_between_stacked_spans():
    [doc] = webanno.read(suite("testSingleStackedNonTokenRelationWithoutFeatureValue"))
    # the spans have no feature value: the label is the layer's name
    assert spans_of(doc) == [(0, 4, "Span"), (0, 4, "Span"), (15, 16, "Span"), (15, 16, "Span")]
    [relation] = doc.relations
    # 1-1[1_3] on token 1-5: from the span with id 1 (the first on 1-1) to the one with id 3
    assert (relation.head, relation.tail, relation.label) == ("s1", "s3", "Relation")


def test_relation_between_multi_token_spans():
    [doc] = webanno.read(suite("testSingleNonMultiTokenRelationWithoutFeatureValue"))
    assert spans_of(doc) == [(0, 7, "Span"), (8, 14, "Span")]
    [relation] = doc.relations
    assert (relation.head, relation.tail) == ("s1", "s2")


def test_escaped_feature_value():
    [doc] = webanno.read(suite("testTokenBoundedSpanWithSpecialSymbolsValue"))
    assert {span.label for span in doc.spans} == {"#*'\"`´\t:;{}|[ ]()\\§$%?=&_\n"}
    assert len(doc.spans) == 5


def test_span_across_sentences_and_text_rebuilt_as_inception_does():
    [doc] = webanno.read(suite("testCrossSentenceSpanWithoutFeatureValue"))
    # sentences joined by the line break INCEpTION puts after each (none after the last)
    assert doc.text == "He loves her .\nShe loves him not ."
    assert spans_of(doc) == [(0, 34, "Span")]
    assert doc.tokens is not None and doc.tokens.sentence_starts == [0, 4]


def test_sentence_ids_and_a_file_without_layers():
    [doc] = webanno.read(suite("testSentenceId"))
    assert doc.text == "He loves her .\nShe loves him not ."
    assert doc.spans == [] and len(doc.tokens or []) == 9


def test_chain_layers_and_slot_features_are_skipped_and_reported():
    report = ImportReport()
    [doc] = webanno.read(suite("testSimpleChain"), report=report)
    assert doc.spans == [] and report.counts["layers_skipped"] == 1
    assert "chain layer webanno.custom.SimpleLink skipped" in report.skipped[0].message
    report = ImportReport()
    [doc] = webanno.read(suite("testSimpleSlotFeatureWithoutValues"), report=report)
    # the slot host is still a span (its slot columns say where it is)
    assert spans_of(doc) == [(0, 4, "SimpleLinkHost"), (5, 7, "SimpleSpan"), (8, 9, "SimpleSpan")]
    assert report.counts["features_skipped"] == 1


@pytest.mark.parametrize("path", SUITE_FILES, ids=lambda path: path.stem)
def test_suite_round_trip_read_write_read(path):
    [doc] = webanno.read(path)
    assert snapshot(round_trip(doc)) == snapshot(doc)


@pytest.mark.parametrize(
    "name",
    [
        "testMultiTokenStackedSpanWithFeatureValue",
        "testSubTokenRelation",
        "testTokenBoundedSpanWithSpecialSymbolsValue",
        "testStackedSubMultiTokenSpanWithFeatureValue",
    ],
)
def test_writer_writes_what_inception_writes(name):
    """Byte for byte INCEpTION's own file, our feature being called ``label`` (the zero-width
    spans of testStackedSubMultiTokenSpan, which a project cannot hold, left out)."""
    path = suite(name)
    [doc] = webanno.read(path)
    expected = path.read_text(encoding="utf-8").replace("Span|value", "Span|label")
    if name.startswith("testStackedSub"):
        expected = expected.replace("1-2.2\t7-7\t\t11a[15]|11b[16]\t\n", "")
        expected = expected.replace(
            "1-2.3\t9-13\tbbbb\t5a[17]|5b[18]", "1-2.2\t9-13\tbbbb\t5a[15]|5b[16]"
        )
        expected = expected.replace(
            "1-2.4\t9-10\tb\t3a[19]|3b[20]", "1-2.3\t9-10\tb\t3a[17]|3b[18]"
        )
        expected = expected.replace("1-2.5\t10-10\t\t10a[21]|10b[22]\t\n", "")
        expected = expected.replace("1-2.6\t13-13\t\t12a[23]|12b[24]\t\n", "")
    assert webanno.document_text(doc) == expected


def test_a_folder_is_every_tsv_file_in_it_named_by_path(tmp_path):
    (tmp_path / "sub").mkdir()
    text = suite("testSubTokenRelation").read_text(encoding="utf-8")
    (tmp_path / "sub" / "b.tsv").write_text(text, encoding="utf-8")
    (tmp_path / "a.tsv").write_text(text, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a tsv", encoding="utf-8")
    assert [doc.name for doc in webanno.read(tmp_path)] == ["a", "sub/b"]


# ---------------------------------------------------------------- UTF-16 and escaping

EMOJI = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=webanno.custom.Span|label\n\n\n"
    "#Text=I like it 😊 .\n"
    "1-1\t0-1\tI\t_\t\n"
    "1-2\t2-6\tlike\t_\t\n"
    "1-3\t7-9\tit\t_\t\n"
    "1-4\t10-12\t😊\tEMO\t\n"
    "1-5\t13-14\t.\tDOT\t\n"
)


def test_utf16_offsets_after_an_emoji_become_code_points_and_back():
    doc = read_text(EMOJI)
    assert doc.text == "I like it 😊 ."
    assert [(s.start, s.end, s.label, s.text) for s in doc.spans] == [
        (10, 11, "EMO", "😊"),
        (12, 13, "DOT", "."),
    ]
    assert doc.tokens == Tokenization([0, 2, 7, 10, 12], [1, 6, 9, 11, 13], [0])
    assert webanno.document_text(doc) == EMOJI


def test_an_offset_inside_a_surrogate_pair_is_an_error():
    with pytest.raises(InputError, match="inside a character") as caught:
        read_text(EMOJI.replace("1-4\t10-12", "1-4\t10-11"))
    assert (caught.value.path, caught.value.line) == ("doc.tsv", 9)


@pytest.mark.parametrize(
    "value",
    ["a|b", "x[1]", "_", "*", "a->b", "a;b", "back\\slash", "tab\there", "line\nbreak", "\\[", ""],
)
def test_value_escaping_round_trips(value):
    assert webanno.unescape_value(webanno.escape_value(value)) == value
    doc = DocRecord(text="قال وزير", spans=[SpanRecord(4, 8, value or "X", "s1")])
    assert spans_of(round_trip(doc)) == [(4, 8, value or "X")]


def test_value_escaping_matches_inception():
    assert webanno.escape_value("a|b_c*d->e;f[1]\\") == "a\\|b\\_c\\*d\\->e\\;f\\[1\\]\\\\"


def test_sentence_text_with_tabs_backslashes_and_control_characters():
    text = "قال\tوزير \\ الدفاع\x01 «نعم»\r\nثم غادر"
    doc = DocRecord(text=text, spans=[SpanRecord(4, 8, "ACTOR", "s1")])
    written = webanno.document_text(doc)
    assert "#Text=قال\\tوزير \\\\ الدفاع\\\x01 «نعم»\\r" in written.splitlines()
    back = read_text(written)
    assert back.text == text and spans_of(back) == [(4, 8, "ACTOR")]


# ---------------------------------------------------------------- our documents

ARTICLE = (
    "قال وزير الدفاع الأذربيجاني إن العمليات «لمكافحة الإرهاب» بدأت في كاراباخ.\n\n"
    "وأكدت وزارة الخارجية 😊 مقتل ٣٠٠٠ شخص."
)


def article() -> DocRecord:
    def span(piece: str, label: str, span_id: str, after: int = 0, **attributes) -> SpanRecord:
        start = ARTICLE.index(piece, after)
        return SpanRecord(start, start + len(piece), label, span_id, None, attributes)

    spans = [
        span("وزير الدفاع الأذربيجاني", "ACTOR", "a1", kind="state"),
        span("وزير الدفاع", "ACTOR", "a2"),  # nested, same label: stacked
        span("قال وزير الدفاع الأذربيجاني إن العمليات", "CLAIM", "c1"),
        span("زارة الخارجية", "ACTOR", "a3"),  # starts inside «ووزارة»: a sub-token
        span("مقتل ٣٠٠٠ شخص", "CASUALTY", "k1", count=3000, civilian=True, roles=["a", "b"]),
        span("كاراباخ.\n\nوأكدت", "CLAIM", "c2"),  # across sentences
    ]
    relations = [RelationRecord("c1", "a1", "source", "r1"), RelationRecord("c2", "a3", "source")]
    return DocRecord(text=ARTICLE, name="article.txt", id="7", spans=spans, relations=relations)


def test_arabic_article_round_trip_keeps_text_spans_attributes_relations():
    doc = article()
    report = ImportReport()
    back = round_trip(doc, report)
    # the list attribute cannot be written (counted); everything else comes back exactly
    assert report.counts["attributes_dropped"] == 1
    del doc.spans[4].attributes["roles"]
    assert snapshot(back)[2:] == snapshot(doc)[2:]
    assert back.text == ARTICLE
    assert report.counts["subtokens"] == 1  # «زارة» in «وزارة»
    assert back.tokens == webanno.default_tokens(ARTICLE)
    assert snapshot(round_trip(back)) == snapshot(back)


def test_the_documents_own_tokens_are_written_not_ours():
    text = "قال وزير الدفاع"
    tokens = Tokenization([0, 4, 6, 9], [3, 6, 8, 15], [0, 2])  # «وزير» cut in two
    doc = DocRecord(text=text, spans=[SpanRecord(9, 15, "ORG", "s1")], tokens=tokens)
    back = round_trip(doc)
    assert back.tokens == tokens and back.text == text
    assert spans_of(back) == [(9, 15, "ORG")]


def test_text_between_sentences_is_kept_exactly():
    text = "أولا.  \n\t ثانيا.\n\n  ثالثا.\n"
    back = round_trip(DocRecord(text=text))
    assert back.text == text
    assert back.tokens == webanno.default_tokens(text)


def test_seed_articles_round_trip_exactly(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt"))[:5]:
        text = path.read_text(encoding="utf-8")
        doc = DocRecord(text=text, spans=[SpanRecord(0, len(text.split()[0]), "X", "s1")])
        back = round_trip(doc)
        assert snapshot(back) == snapshot(DocRecord(text, tokens=webanno.default_tokens(text),
                                                    spans=doc.spans))  # fmt: skip


def test_wojood_nested_conll_through_webanno_keeps_tokens_sentences_spans(reference_dir):
    path = reference_dir / "arabic/wojood_sample/test.txt"
    [doc] = conll.read(path)
    assert doc.tokens is not None
    back = round_trip(doc)
    assert token_lists(back.tokens) == token_lists(doc.tokens)
    assert sorted(spans_of(back)) == sorted(spans_of(doc))


def test_anercorp_through_webanno_keeps_its_925_sentences_and_25008_tokens(reference_dir):
    path = reference_dir / "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
    [doc] = conll.read(path)
    back = round_trip(doc)
    assert back.tokens is not None
    assert (len(back.tokens.sentence_starts), len(back.tokens)) == (925, 25008)
    assert token_lists(back.tokens) == token_lists(doc.tokens)
    assert sorted(spans_of(back)) == sorted(spans_of(doc))


# ---------------------------------------------------------------- bad input

HEADER = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n\n\n"


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("#Text=ab\n1-1\t0-2\tab\n", 6, "expected 4 tab-separated fields"),
        ("#Text=ab\n1-1\t0-2\tba\tX\t\n", 6, "the sentence text"),
        ("#Text=ab\n1-1\t0-3\tab\tX\t\n", 6, "ends after its sentence"),
        ("#Text=ab cd\n1-1\t0-2\tab\t_\t\n1-2\t1-5\tb cd\t_\t\n", 7, "overlaps the token"),
        ("#Text=ab\n1-x\t0-2\tab\tX\t\n", 6, "not a token id"),
        ("#Text=ab\n1-1\t0-2\tab\tX[1]|Y[1]\t\n", 6, "[1] used twice"),
        ("#Text=ab\n1-1\t0-2\tab\tX\t\n1-1.1\t0-3\ta\tX\t\n", 7, "not inside its token"),
        ("1-1\t0-2\tab\tX\t\n", 5, "without a #Text= line"),
        ("#Text=ab\n\n", 6, "without token lines"),
    ],
)
def test_bad_lines_name_file_and_line(body, line, words):
    with pytest.raises(InputError) as caught:
        read_text(HEADER + body)
    assert (caught.value.path, caught.value.line) == ("doc.tsv", line)
    assert words in caught.value.message


def test_bad_header_and_unknown_references():
    with pytest.raises(InputError, match="not a WebAnno TSV file") as caught:
        read_text("#FORMAT=Something 1.0\n")
    assert caught.value.line == 1
    with pytest.raises(InputError, match="3.1 is not supported"):
        read_text("#FORMAT=WebAnno TSV 3.1\n")
    relation = (
        "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|label\n"
        "#T_RL=webanno.custom.Relation|label|BT_webanno.custom.Span\n\n\n"
        "#Text=ab cd\n1-1\t0-2\tab\tX\t_\t_\t\n1-2\t3-5\tcd\tY\tsource\t1-7\t\n"
    )
    with pytest.raises(InputError, match="1-7 is not a token id") as caught:
        read_text(relation)
    assert caught.value.line == 8


def test_skip_bad_leaves_the_bad_document_out_and_reports_it(tmp_path):
    (tmp_path / "a.tsv").write_text(HEADER + "#Text=ab\n1-1\t0-9\tab\tX\t\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text(EMOJI, encoding="utf-8")
    with pytest.raises(InputError):
        list(webanno.read(tmp_path))
    report = ImportReport()
    assert [doc.name for doc in webanno.read(tmp_path, skip_bad=True, report=report)] == ["b"]
    assert report.counts["bad_docs"] == 1 and report.skipped[0].line == 6


def test_named_entity_layer_reads_its_value_and_other_layers_are_reported():
    text = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n"
        "#Text=Ms. Haag\n1-1\t0-3\tMs.\t*[1]\tPER[1]\t\n1-2\t4-8\tHaag\tQ1[1]\tPER[1]\t\n"
    )
    report = ImportReport()
    doc = read_text(text, report)
    assert [(s.start, s.end, s.label, s.attributes) for s in doc.spans] == [
        (0, 8, "PER", {"identifier": "Q1"})
    ]
    assert (
        report.info["labels_from"] == "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity.value"
    )


# ---------------------------------------------------------------- import and export


def test_format_is_declared_as_a_folder_of_tsv_files_both_ways():
    info = get_format("webanno")
    assert (info.can_read, info.can_write, info.folder) == (True, True, True)
    assert info.read_suffixes == (".tsv",) and info.carries_relations and info.carries_attributes


def test_import_and_export_end_to_end(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "قال وزير الدفاع"
    tokens = Tokenization([0, 4, 6, 9], [3, 6, 8, 15], [0, 2])
    doc = DocRecord(
        text=text,
        name="one",
        spans=[SpanRecord(4, 8, "ACTOR", "a"), SpanRecord(0, 15, "CLAIM", "c")],
        relations=[RelationRecord("c", "a", "source")],
        tokens=tokens,
    )
    (corpus / "one.tsv").write_text(webanno.document_text(doc), encoding="utf-8")
    (corpus / "two.tsv").write_text(EMOJI, encoding="utf-8")
    project = tmp_path / "p.sqlite"
    assert main(["new", str(project)]) == 0
    argv = ["import", str(project), str(corpus), "--format", "webanno", "--annotator", "amal"]
    assert main([*argv, "--done"]) == 0
    out = tmp_path / "out"
    assert main(["export", str(project), "--format", "webanno", "--out", str(out),
                 "--annotator", "amal"]) == 0  # fmt: skip
    capsys.readouterr()
    exported = {d.name: d for d in webanno.read(out)}
    assert sorted(exported) == ["one", "two"]
    assert snapshot(exported["one"]) == snapshot(next(webanno.read(corpus / "one.tsv")))
    assert snapshot(exported["two"]) == snapshot(read_text(EMOJI))
    with Project.open(project) as opened:
        assert len(opened.document_ids()) == 2


def test_import_error_names_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "#Text=ab\n1-1\t0-2\tab\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    assert main(["new", str(project)]) == 0
    argv = ["import", str(project), str(bad), "--format", "webanno", "--annotator", "amal"]
    assert main(argv) == 2
    assert f"{bad}:6: " in capsys.readouterr().err


def test_dependency_relations_over_pos_as_in_the_spec():
    """The spec's example: POS spans, Dependency relations from governor to dependent."""
    text = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n"
        "#T_RL=de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency|"
        "DependencyType|flavor|BT_de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS\n\n\n"
        "#Text=Ms. Haag plays Elianti .\n"
        "1-1\t0-3\tMs.\tNNP\tSUBJ\tbasic\t1-3\t\n"
        "1-2\t4-8\tHaag\tNNP\tSBJ\t*\t1-3\t\n"
        "1-3\t9-14\tplays\tVBD\tP|ROOT\t*|*\t1-5|1-3\t\n"
        "1-4\t15-22\tElianti\tNNP\tOBJ\t*\t1-3\t\n"
        "1-5\t23-24\t.\t.\t_\t_\t_\t\n"
    )
    report = ImportReport()
    doc = read_text(text, report)
    words = {span.id: doc.text[span.start : span.end] for span in doc.spans}
    assert [s.label for s in doc.spans] == ["NNP", "NNP", "VBD", "NNP", "."]
    assert [(words[r.head], words[r.tail], r.label) for r in doc.relations] == [
        ("plays", "Ms.", "SUBJ"),
        ("plays", "Haag", "SBJ"),
        (".", "plays", "P"),
        ("plays", "plays", "ROOT"),
        ("plays", "Elianti", "OBJ"),
    ]
    assert report.counts["features_skipped"] == 1  # flavor


def test_crlf_lines_and_another_encoding(tmp_path):
    path = tmp_path / "ar.tsv"
    body = HEADER + "#Text=قال وزير\n1-1\t0-3\tقال\t_\t\n1-2\t4-8\tوزير\tACTOR\t\n"
    path.write_bytes(body.replace("\n", "\r\n").encode("cp1256"))
    [doc] = webanno.read(path, encoding="cp1256")
    assert doc.text == "قال وزير" and spans_of(doc) == [(4, 8, "ACTOR")]


def test_writer_reports_what_it_moves_or_cannot_write():
    report = ImportReport()
    doc = DocRecord(text="قال  وزير", spans=[SpanRecord(3, 9, "ACTOR", "a")])  # starts in a gap
    assert spans_of(round_trip(doc, report)) == [(5, 9, "ACTOR")]
    assert report.counts["spans_moved_to_tokens"] == 1
    report = ImportReport()
    assert webanno.document_text(DocRecord(text="   "), report).startswith("#FORMAT=")
    assert report.counts["documents_empty"] == 1
