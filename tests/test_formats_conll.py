"""CoNLL codec: round trips, seqeval validity, reference corpora, bad input."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, IOBES, Entities
from test_formats_strategies import docs, non_space_index

from annotator.errors import UsageError
from annotator.formats import ImportReport, conll
from annotator.model import DocRecord, InputError, SpanRecord

EXAMPLES = int(os.environ.get("FORMATS_EXAMPLES", "120"))  # raise it for a deeper search
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def written(docs_in, **options) -> tuple[str, ImportReport]:
    buffer = io.StringIO()
    report = conll.write(docs_in, buffer, **options)
    return buffer.getvalue(), report


def read_back(text: str, **options) -> list[DocRecord]:
    return list(conll.read(text.split("\n"), path="mem.conll", **options))


def expected_spans(doc: DocRecord) -> set[tuple[int, int, str]]:
    """The spans CoNLL can carry: trimmed of whitespace, blank ones gone, duplicates merged."""
    out = set()
    for span in doc.spans:
        start, end = span.start, span.end
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if start < end:
            out.add((start, end, span.label))
    return out


def in_non_space_units(text: str, spans) -> set[tuple[int, int, str]]:
    index = non_space_index(text)
    return {(index[start], index[end], label) for start, end, label in spans}


def non_space(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------- round trips


@SETTINGS
@given(docs(), st.sampled_from(["IOB2", "IOB1", "BIOES"]), st.sampled_from(["comment", "docstart"]))
def test_round_trip_keeps_every_span_and_all_non_space_text(doc, scheme, header):
    text, _ = written([doc], scheme=scheme, header=header)
    [back] = read_back(text)
    assert non_space(back.text) == non_space(doc.text)
    got = {(s.start, s.end, s.label) for s in back.spans}
    assert len(got) == len(back.spans)  # nothing read twice
    # positions counted in non-space characters are exact, whatever the spacing became
    assert in_non_space_units(back.text, got) == in_non_space_units(doc.text, expected_spans(doc))
    for span in back.spans:
        assert span.text == back.text[span.start : span.end]


@SETTINGS
@given(docs(), st.sampled_from(["IOB2", "BIOES"]))
def test_offsets_column_reproduces_offsets_exactly(doc, scheme):
    text, _ = written([doc], scheme=scheme, offsets=True)
    [back] = read_back(text)
    assert {(s.start, s.end, s.label) for s in back.spans} == expected_spans(doc)
    assert len(back.text) <= len(doc.text)
    for original, rebuilt in zip(doc.text, back.text, strict=False):
        assert rebuilt == original or (rebuilt.isspace() and original.isspace())
    for span in back.spans:
        assert non_space(span.text) == non_space(doc.text[span.start : span.end])


@SETTINGS
@given(st.lists(docs(), min_size=1, max_size=4), st.booleans())
def test_several_documents_keep_their_ids_names_and_order(doc_list, offsets):
    text, report = written(doc_list, offsets=offsets)
    back = read_back(text)
    assert len(back) == len(doc_list) == report.counts["documents"]
    for index, (original, copy) in enumerate(zip(doc_list, back, strict=True)):
        assert copy.id == (original.id if original.id is not None else str(index + 1))
        assert copy.name == (" ".join(original.name.split()) or copy.id)
        assert non_space(copy.text) == non_space(original.text)


@SETTINGS
@given(docs(), st.permutations(["ACTOR", "CLAIM", "CASUALTY"]))
def test_single_column_keeps_non_overlapping_spans_by_priority(doc, priority):
    text, report = written([doc], single_column=True, priority=priority)
    [back] = read_back(text)
    units = in_non_space_units(back.text, {(s.start, s.end, s.label) for s in back.spans})
    positions = [i for i, char in enumerate(doc.text) if not char.isspace()]
    # back to character offsets in the original text (spans start and end on non-space)
    kept = sorted((positions[a], positions[b - 1] + 1, label) for a, b, label in units)
    wanted = expected_spans(doc)
    assert set(kept) <= wanted
    for (_, end_a, _), (start_b, _, _) in zip(kept, kept[1:], strict=False):
        assert end_a <= start_b  # one column: no overlap
    rank = {label: i for i, label in enumerate(priority)}
    for start, end, label in wanted - set(kept):  # each loser overlaps a kept span that ranks
        assert any(  # at least as high (same label: at least as long)
            s < end and start < e and (rank[lab], s - e) <= (rank[label], start - end)
            for s, e, lab in kept
        )
    assert report.counts["spans_dropped_overlap"] == len(wanted) - len(kept) + _duplicates(doc)


def _duplicates(doc: DocRecord) -> int:
    return len([s for s in doc.spans if _trimmed(doc, s)]) - len(expected_spans(doc))


def _trimmed(doc: DocRecord, span: SpanRecord) -> bool:
    return bool(doc.text[span.start : span.end].strip())


def test_span_inside_a_token_splits_the_token_exactly():
    text = "قالت وزارة الدفاع وأذربيجان، ثم غادرت."
    start = text.index("أذربيجان")
    doc = DocRecord(text=text, spans=[SpanRecord(start, start + len("أذربيجان"), "ACTOR")])
    out, report = written([doc])
    assert "و\tO\nأذربيجان\tB-ACTOR\n" in out
    assert report.counts["tokens_split"] == 1
    [back] = read_back(out)
    assert [s.text for s in back.spans] == ["أذربيجان"]


def test_emoji_before_a_span_and_nested_labels_in_columns():
    text = "👨\u200d👩\u200d👧 قال وزير خارجية إيران إن ٣ قتلوا"
    actor = (text.index("وزير"), text.index(" إن"))
    inner = (text.index("إيران"), text.index(" إن"))
    claim = (text.index("قال"), len(text))
    doc = DocRecord(
        text=text,
        spans=[
            SpanRecord(*actor, "ACTOR"),
            SpanRecord(*inner, "ACTOR"),
            SpanRecord(*claim, "CLAIM"),
        ],
    )
    by_level, _ = written([doc], offsets=True)  # the default: a column per nesting level
    assert by_level.startswith("# columns = token offsets ner ner2 ner3\n")
    by_label, _ = written([doc], offsets=True, columns="labels")
    assert by_label.startswith("# columns = token offsets ACTOR ACTOR CLAIM\n")
    for out in (by_level, by_label):
        [back] = read_back(out)
        assert sorted((s.start, s.end, s.label, s.text) for s in back.spans) == sorted(
            [
                (*actor, "ACTOR", "وزير خارجية إيران"),
                (*inner, "ACTOR", "إيران"),
                (*claim, "CLAIM", text[claim[0] :]),
            ]
        )


def test_fixed_layers_drop_what_does_not_fit_and_count_it():
    text = "وزير خارجية إيران"
    doc = DocRecord(
        text=text,
        spans=[SpanRecord(0, len(text), "ACTOR"), SpanRecord(12, len(text), "ACTOR")],
    )
    out, report = written([doc], layers=["ACTOR", "CLAIM"])
    assert "# columns = token ACTOR CLAIM" in out
    assert report.counts["spans_dropped_no_column"] == 1
    [back] = read_back(out)
    assert [(s.start, s.end) for s in back.spans] == [(0, len(text))]


def test_span_across_sentences_keeps_them_together():
    text = "قال الوزير. ثم غادر."
    doc = DocRecord(text=text, spans=[SpanRecord(4, 15, "CLAIM")])
    out, report = written([doc])
    assert report.counts["sentences_merged"] == 1
    assert out.count("\n\n") == 1  # one sentence
    plain, _ = written([DocRecord(text=text)])
    assert plain.count("\n\n") == 2


def _seed_doc(path: Path) -> DocRecord:
    """A real article with spans inside clitic words, on numbers and on whole paragraphs."""
    text = path.read_text(encoding="utf-8")
    spans = []
    for word in ("أذربيجان", "أرمينيا"):
        spans += [SpanRecord(m.start(), m.end(), "ACTOR") for m in re.finditer(word, text)]
    spans += [SpanRecord(m.start(), m.end(), "CASUALTY") for m in re.finditer(r"\d+", text)]
    spans += [SpanRecord(m.start(), m.end(), "CLAIM") for m in re.finditer(r"[^\n]+", text)]
    return DocRecord(text=text, name=path.name, spans=spans)


def test_seed_articles_round_trip_exactly(seeds_dir):
    seeds = [_seed_doc(path) for path in sorted(seeds_dir.glob("*.txt"))]
    assert seeds
    out, report = written(seeds, scheme="BIOES", offsets=True)
    assert report.counts["tokens_split"] >= 30  # every «لأذربيجان», «وأرمينيا» ... is split
    back = read_back(out)
    assert [d.name for d in back] == [d.name for d in seeds]
    for original, copy in zip(seeds, back, strict=True):
        assert {(s.start, s.end, s.label) for s in copy.spans} == expected_spans(original)
        assert non_space(copy.text) == non_space(original.text)


# ---------------------------------------------------------------------------- seqeval


def _sentences(conll_text: str) -> list[list[list[str]]]:
    """Rows of fields per sentence, by hand (no code from the codec)."""
    sentences, current = [], []
    for line in conll_text.split("\n"):
        if re.match(r"# (doc_id|doc_name|columns) = ", line) and not current:
            continue
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        current.append(line.split("\t"))
    return sentences


@SETTINGS
@given(docs(), st.sampled_from(["IOB2", "BIOES"]), st.booleans())
def test_written_tags_pass_seqeval_strict_and_give_the_spans(doc, scheme, single):
    options = (
        {"single_column": True}
        if single
        else {
            "layers": [
                "ACTOR",
                "ACTOR",
                "ACTOR",
                "CLAIM",
                "CLAIM",
                "CLAIM",
                "CASUALTY",
                "CASUALTY",
                "CASUALTY",
            ]
        }
    )
    text, report = written([doc], scheme=scheme, **options)
    sentences = _sentences(text)
    n_columns = len(sentences[0][0]) if sentences else 0
    total = 0
    for column in range(1, n_columns):
        seqs = [[row[column] for row in sentence] for sentence in sentences]
        strict = Entities(seqs, IOB2 if scheme == "IOB2" else IOBES, suffix=False).entities
        strict_set = {(e.sent_id, e.start, e.end, e.tag) for sent in strict for e in sent}
        lenient = {
            (sent_id, start, end + 1, tag)
            for sent_id, seq in enumerate(seqs)
            for tag, start, end in get_entities(seq)
        }
        assert strict_set == lenient  # no invalid sequence: strict mode drops nothing
        total += len(strict_set)
    assert total == report.counts["spans"]
    if not single:
        assert total == len(expected_spans(doc)) - report.counts["spans_dropped_no_column"]


# ---------------------------------------------------------------------------- reference data


def test_anercorp_test_split(reference_dir):
    path = reference_dir / "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
    report = ImportReport()
    [doc] = list(conll.read(path, report=report))
    # published by CAMeL Lab: 25,008 tokens, 925 sentences (SOURCE.md)
    assert report.counts["tokens"] == 25008
    assert report.counts["sentences"] == 925
    assert len(doc.text.split()) == 25008
    assert doc.text.count("\n") == 924
    assert report.info["scheme"] == "IOB2"
    # 74 I- tags without a B- (46 O->I-PERS, 2 B-LOC->I-PERS, 1 I-ORG->I-PERS, 9 I-ORG,
    # 8 I-MISC, 8 I-LOC per SOURCE.md), each reported with its line
    warnings = [w for w in report.warnings if w.kind == "i_without_b"]
    assert len(warnings) == 74 == report.counts["i_without_b"]
    by_tag = Counter(w.message.split()[0] for w in warnings)
    assert by_tag == {"I-PERS": 49, "I-ORG": 9, "I-MISC": 8, "I-LOC": 8}
    assert all(w.line and w.path == str(path) for w in warnings)
    assert warnings[0].line == 348  # «أنان I-PERS» right after a sentence break (hand-checked)
    first = sorted((s.start, s.end, s.label, s.text) for s in doc.spans)[:4]
    assert first == [
        (0, 8, "LOC", "الصالحية"),
        (9, 15, "LOC", "المفرق"),
        (18, 30, "PERS", "غيث الطراونة"),
        (49, 63, "PERS", "عبدالله الثاني"),
    ]


@pytest.mark.parametrize(
    ("split", "sentences", "tokens"),
    [("train", 1114, 18887), ("val", 158, 2743), ("test", 357, 5344)],
)
def test_wojood_sample_sizes(reference_dir, split, sentences, tokens):
    report = ImportReport()
    list(conll.read(reference_dir / f"arabic/wojood_sample/{split}.txt", report=report))
    assert (report.counts["sentences"], report.counts["tokens"]) == (sentences, tokens)


def test_wojood_nested_columns(reference_dir):
    [doc] = list(conll.read(reference_dir / "arabic/wojood_sample/test.txt"))
    sentence_start = doc.text.index("اعلان مظنون عليه")
    sentence = doc.text[sentence_start : doc.text.index("\n", sentence_start)]
    inside = sorted(
        (s.start - sentence_start, s.label, s.text)
        for s in doc.spans
        if sentence_start <= s.start and s.end <= sentence_start + len(sentence)
    )
    # hand-checked from lines 250-266: ORG > ORG > GPE, and ORG > GPE, then an EVENT
    expected = [
        ("محكمة حكومة فلسطين", "ORG"),
        ("حكومة فلسطين", "ORG"),
        ("فلسطين", "GPE"),
        ("بلدية مدينة البيرة", "ORG"),
        ("مدينة البيرة", "GPE"),
        ("الانتداب البريطاني على فلسطين", "EVENT"),
    ]
    assert sorted((text, label) for _, label, text in inside) == sorted(expected)
    jarida = [s for s in doc.spans if s.text == "جريدة فلسطين"]
    assert jarida and all(s.label == "ORG" for s in jarida)


def _dkpro_entities(out_file: Path) -> set[tuple[int, int, str]]:
    """NamedEntity begin/end/value triples from a DKPro CAS dump."""
    found = set()
    blocks = out_file.read_text(encoding="utf-8").split("\n[")
    for block in blocks:
        if "\nNamedEntity\n" not in block:
            continue
        begin = int(re.search(r"begin: (\d+)", block).group(1))
        end = int(re.search(r"end: (\d+)", block).group(1))
        value = re.search(r'value: "([^"]*)"', block).group(1)
        found.add((begin, end, value))
    return found


def test_germeval_matches_dkpro_reading(reference_dir):
    folder = reference_dir / "formats/dkpro-core/conll/2002"
    report = ImportReport()
    [doc] = list(conll.read(folder / "germeval2014_test.conll", report=report))
    # DKPro's CoNLL-2002 reader keeps the first NE column only: compare that column
    expected = _dkpro_entities(folder / "germeval2014_test.conll.out")
    assert len(expected) == 5
    [outer] = list(conll.read(folder / "germeval2014_test.conll", token_column=1, tag_columns=[2]))
    assert {(s.start, s.end, s.label) for s in outer.spans} == expected
    # the second column adds the inner «Troia» (line 21: B-OTH, B-LOC)
    assert {(s.start, s.end, s.label) for s in doc.spans} == expected | {(150, 155, "LOC")}
    assert report.counts["comment_lines"] == 1
    assert doc.text.startswith("Aufgrund seiner Initiative")
    nested = {(s.text, s.label) for s in doc.spans if s.start == 150}
    assert nested == {("Troia - Traum und Wirklichkeit", "OTH"), ("Troia", "LOC")}


def test_conll2002(reference_dir):
    [doc] = list(conll.read(reference_dir / "formats/dkpro-core/conll/2002/ner2002_test.conll"))
    assert [(s.text, s.label) for s in doc.spans] == [
        ("Wolff", "PER"),
        ("Argentina", "LOC"),
        ("Del Bosque", "PER"),
        ("Real Madrid", "ORG"),
    ]


def test_conll2003_iob1_with_pos_and_chunk_columns(reference_dir):
    report = ImportReport()
    path = reference_dir / "formats/dkpro-core/conll/2003/en-orig.conll"
    [doc] = list(conll.read(path, report=report))
    assert doc.text == "U.N. official Ekeus heads for Baghdad ."
    assert [(s.text, s.label) for s in doc.spans] == [
        ("U.N.", "ORG"),
        ("Ekeus", "PER"),
        ("Baghdad", "LOC"),
    ]
    assert report.info["scheme"] == "IOB1"
    assert not report.warnings


def test_doccano_conll_files(reference_dir):
    folder = reference_dir / "formats/doccano/import-tests/sequence_labeling"
    [doc] = list(conll.read(folder / "example.conll"))
    assert doc.text == "JAPAN GET\nNadim Ladki"
    assert [(s.text, s.label) for s in doc.spans] == [("JAPAN", "LOC"), ("Nadim Ladki", "PER")]
    report = ImportReport()
    [doc] = list(conll.read(folder / "labeling.trailing.conll", report=report))
    assert report.counts["sentences"] == 1 and report.counts["tokens"] == 12
    with pytest.raises(InputError) as caught:
        list(conll.read(folder / "labeling.invalid.conll"))
    assert caught.value.line == 1 and "SOCCERO" in caught.value.message
    report = ImportReport()
    [doc] = list(conll.read(folder / "labeling.invalid.conll", skip_bad=True, report=report))
    assert [(s.text, s.label) for s in doc.spans] == [
        ("Nadim Ladki", "PER"),
        ("AL-AIN", "LOC"),
        ("United Arab Emirates", "LOC"),
    ]
    assert [n.line for n in report.skipped] == [1]


def test_docstart_splits_documents():
    lines = ["-DOCSTART- O", "", "Ali B-PER", "", "-DOCSTART- O", "", "Omar B-PER", "x O"]
    back = read_back("\n".join(lines))
    assert [(d.text, [s.text for s in d.spans]) for d in back] == [
        ("Ali", ["Ali"]),
        ("Omar x", ["Omar"]),
    ]
    assert [d.line for d in back] == [1, 5]


def test_hash_token_is_not_taken_for_a_comment():
    back = read_back("# O\nوسم B-ACTOR\n\n# a comment\nx O")
    assert back[0].text == "# وسم\nx"
    assert [s.text for s in back[0].spans] == ["وسم"]


def test_doc_per_sentence():
    back = read_back("a B-X\nb O\n\nc O\n", doc_per_sentence=True)
    assert [d.text for d in back] == ["a b", "c"]
    doc = DocRecord(text="قال أحمد. ثم غادر.", id="O", spans=[SpanRecord(4, 8, "ACTOR")])
    out, _ = written([doc], offsets=True)
    back = read_back(out, doc_per_sentence=True)
    assert [(d.text, [s.text for s in d.spans]) for d in back] == [
        ("قال أحمد.", ["أحمد"]),
        ("ثم غادر.", []),  # offsets count from the sentence's first token
    ]
    [whole] = read_back(out)
    assert whole.id == "O"  # a header line is never taken for a token line


def test_explicit_columns():
    lines = ["w1 NN B-NP B-PER", "w2 NN I-NP I-PER", "w3 NN I-NP O"]
    [doc] = read_back("\n".join(lines), token_column=0, tag_columns=[2])
    assert [(s.text, s.label) for s in doc.spans] == [("w1 w2 w3", "NP")]


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("a O\nb I--ORG\n", 2, "unknown tag 'I--ORG'"),
        ("a O\n\nb OO\n", 3, "unknown tag 'OO'"),
        ("a O\nb\n", 2, "expected at least 2 columns"),
        ("1\ta\tO\tO\n2\tb\tO\n", 2, "expected 4 columns, found 3"),
        ("# columns = token ACTOR CLAIM\na\tO\tO\nb\tO\n", 3, "expected 3 columns, found 2"),
        ("# columns = token offsets ner\na\t0-1\tO\nbb\t2-3\tO\n", 3, "do not fit token"),
        ("# columns = token offsets ner\na\t5-6\tO\nb\t2-3\tO\n", 3, "precede"),
        ("a B-X\nb E-X\n", 2, "is not IOB2"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    scheme = "IOB2" if "E-X" in content else "auto"
    with pytest.raises(InputError) as caught:
        list(conll.read(path, scheme=scheme))
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert words in caught.value.message


def test_unreadable_encoding_names_the_line(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes(b"Ali B-PER\n\n" + "Müller B-PER\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        list(conll.read(path))
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert "UTF-8" in caught.value.message


def test_error_comes_before_the_bad_document_is_yielded(tmp_path):
    path = tmp_path / "two.conll"
    path.write_text("# doc_id = 1\nAli B-PER\n\n# doc_id = 2\nOmar B-PER\nx B-\n", "utf-8")
    reader = conll.read(path)
    first = next(reader)
    assert first.id == "1"
    with pytest.raises(InputError) as caught:
        next(reader)
    assert caught.value.line == 6


def test_skip_bad_drops_the_sentence_and_reports_it(tmp_path):
    path = tmp_path / "skip.conll"
    path.write_text("Ali B-PER\nx OO\ny O\n\nOmar B-PER\n", "utf-8")
    report = ImportReport()
    [doc] = list(conll.read(path, skip_bad=True, report=report))
    assert doc.text == "Omar"
    assert [(n.line, n.kind) for n in report.skipped] == [(2, "bad_lines")]
    assert report.counts["sentences_skipped"] == 1


@pytest.mark.parametrize(
    ("options", "head"),
    [
        ({"levels": 2}, "# columns = token ner ner2\n"),
        ({"columns": "labels", "layers": ["ACTOR", "CLAIM"]}, "# columns = token ACTOR CLAIM\n"),
        ({"layers": ["CLAIM"], "offsets": True}, "# columns = token offsets CLAIM\n"),
        ({"columns": "single", "translit": "bw"}, "# columns = token translit ner\n"),
        ({"single_column": True, "levels": 3}, "# columns = token ner\n"),
        ({"header": "docstart", "levels": 2}, ""),
    ],
)
def test_the_first_line_written_is_head_text(options, head):
    """`write`'s first line is what `head_text` gives for the same options (an exporter writes
    `head_text` and then chunks with ``head=False``)."""
    out, _ = written([DocRecord(text="قال وزير")], **options)
    assert conll.head_text(**options) == head
    assert out.startswith(head) and not out[len(head) :].startswith("# columns")
    rest, _ = written([DocRecord(text="قال وزير")], head=False, **options)
    assert head + rest == out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"translit": "bw"}, "--translit needs the '# columns' header that names its column "),
        ({"segment": "d3tok"}, "--segment needs the '# columns' header that names its 'word' "),
        ({"translit": "bw", "segment": "d3tok"}, "--translit needs"),
        ({"translit": "nope"}, "unknown transliteration 'nope'"),
    ],
)
def test_write_and_head_text_refuse_named_columns_without_the_columns_header(options, message):
    for refused in (
        lambda: conll.head_text(header="docstart", **options),
        lambda: written([DocRecord(text="قال")], header="docstart", **options),
    ):
        with pytest.raises(UsageError, match=re.escape(message)):
            refused()
