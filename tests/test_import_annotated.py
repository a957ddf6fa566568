"""import_annotated: reference corpora into a project, sha256 matching, atomicity, skip_bad."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from annotator.errors import NotFoundError, UsageError
from annotator.formats import FORMATS, conll
from annotator.importing import AnnotatedImportReport, import_annotated
from annotator.model import BatchError, InputError
from annotator.store import Project

ANERCORP = "arabic/anercorp_camel_test/ANERCorp_CamelLab_test.txt"
DKPRO_BRAT = "formats/dkpro-core/brat"
DOCCANO = "formats/doccano"


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def spans(project: Project, annotator: str) -> list[tuple[int, str, int, int]]:
    return sorted(
        (doc_id, a.label, a.start, a.end)
        for doc_id in project.document_ids()
        for a in project.annotations(doc_id, annotator)
    )


def relations(project: Project, annotator: str) -> list[tuple]:
    found = []
    for doc_id in project.document_ids():
        where = {a.uuid: (a.label, a.start, a.end) for a in project.annotations(doc_id, annotator)}
        found += [
            (doc_id, r.label, where[r.head], where[r.tail])
            for r in project.relations(doc_id, annotator)
        ]
    return sorted(found)


def write_lines(path: Path, rows: list) -> Path:
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
    return path


# ---------------------------------------------------------------------------- reference corpora


def test_anercorp(project, reference_dir):
    path = reference_dir / ANERCORP
    report = import_annotated(project, [path], "conll", annotator="camel", done=True)
    assert isinstance(report, AnnotatedImportReport)
    [doc_id] = project.document_ids()
    text = project.document_text(doc_id)
    assert len(text.split()) == 25008 and text.count("\n") == 925 - 1
    stored = project.annotations(doc_id, "camel")
    read = list(conll.read(path))[0].spans
    assert report.spans_added == len(stored) == len(read) > 2000
    assert Counter(a.label for a in stored) == Counter(s.label for s in read)
    assert {a.label for a in stored} == {"PERS", "LOC", "ORG", "MISC"}
    assert sorted(report.labels_added) == ["LOC", "MISC", "ORG", "PERS"]
    # the 74 I- tags without a B- are reported, each with file and line
    assert report.reader.counts["i_without_b"] == 74
    leniencies = [w for w in report.reader.warnings if w.kind == "i_without_b"]
    assert len(leniencies) == 74 and all(w.path == str(path) and w.line for w in leniencies)
    assert "i_without_b 74" in report.summary()
    assert report.reader.info["scheme"] == "IOB2"
    assert project.status(doc_id, "camel") == "done" and report.marked_done == 1
    assert report.to_json()["reader_counts"]["i_without_b"] == 74


def test_wojood_nested_spans_are_stored(project, reference_dir):
    path = reference_dir / "arabic/wojood_sample/test.txt"
    report = import_annotated(project, [path], "conll", annotator="sina")
    [doc_id] = project.document_ids()
    stored = project.annotations(doc_id, "sina")
    assert report.spans_added == len(stored) == len(list(conll.read(path))[0].spans)
    text = project.document_text(doc_id)
    court = text.index("محكمة حكومة فلسطين")
    inside = {(a.label, a.text) for a in stored if court <= a.start < court + 18}
    assert {("ORG", "محكمة حكومة فلسطين"), ("ORG", "حكومة فلسطين"), ("GPE", "فلسطين")} <= inside


def test_conll_2002_2003_germeval(project, reference_dir):
    folder = reference_dir / "formats/dkpro-core/conll"
    paths = [
        folder / "2002/ner2002_test.conll",
        folder / "2003/en-orig.conll",
        folder / "2002/germeval2014_test.conll",
    ]
    report = import_annotated(project, paths, "conll", annotator="dkpro")
    assert report.documents_added == 3
    texts = {project.document_text(d): d for d in project.document_ids()}
    english = texts["U.N. official Ekeus heads for Baghdad ."]
    assert [(a.text, a.label) for a in project.annotations(english, "dkpro")] == [
        ("U.N.", "ORG"),
        ("Ekeus", "PER"),
        ("Baghdad", "LOC"),
    ]
    german = next(d for t, d in texts.items() if t.startswith("Aufgrund seiner Initiative"))
    nested = {(a.text, a.label) for a in project.annotations(german, "dkpro") if a.start == 150}
    assert nested == {("Troia - Traum und Wirklichkeit", "OTH"), ("Troia", "LOC")}
    assert report.reader.info["scheme"] == "IOB2, IOB1, IOB2"  # per file, in order
    assert report.reader.counts["comment_lines"] == 1


def test_brat_dkpro_and_tutorial(project, reference_dir):
    folder = reference_dir / DKPRO_BRAT
    report = import_annotated(
        project,
        [folder / "document1.ann", reference_dir / "formats/brat-tutorial-news"],
        "brat",
        annotator="brat",
    )
    assert report.documents_added == 7
    by_name = {project.document(d).name: d for d in project.document_ids()}
    doc1 = by_name["document1"]
    assert [(r[1], r[2][0], r[3][0]) for r in relations(project, "brat") if r[0] == doc1] == [
        ("Origin", "Organization", "Country")
    ]
    assert not any(a.attributes for a in project.annotations(doc1, "brat"))
    notes = [(n.author, n.text) for n in project.notes(doc1)]
    assert notes == [("brat", "This is a named entity.")]  # the importing annotator's
    assert report.reader.counts["events_skipped"] == 1 + (4 + 6 + 10 + 2)  # dkpro + tutorial
    news = by_name["060-relation_annotation"]
    located = [r for r in relations(project, "brat") if r[0] == news]
    assert [r[1] for r in located] == ["Located"]
    # two Family relations between two pairs of mentions of the Wright brothers
    family = [r for r in relations(project, "brat") if r[1] == "Family"]
    assert len(family) == 2 and family[0][2:] != family[1][2:]
    attributes = [
        a.attributes
        for a in project.annotations(by_name["100-attribute_annotation"], "brat")
        if a.attributes
    ]
    assert attributes == [{"Individual": True}]


def test_doccano_examples(project, reference_dir):
    folder = reference_dir / DOCCANO
    import_annotated(
        project,
        [folder / "import-examples/relation_extraction/example.jsonl"],
        "doccano",
        annotator="d",
    )
    assert [(r[1], r[2][0], r[3][0]) for r in relations(project, "d")] == [
        ("foundedAt", "ORG", "DATE"),
        ("foundedBy", "ORG", "PERSON"),
        ("foundedBy", "ORG", "PERSON"),
    ]
    report = import_annotated(
        project,
        [folder / "import-examples/sequence_labeling/example.jsonl"],
        "doccano",
        annotator="d",
        text_key="column_data",
        label_key="column_label",
    )
    assert report.documents_added == 3
    obama = next(d for d in project.document_ids() if project.document_text(d).startswith("Pre"))
    assert [(a.text, a.label) for a in project.annotations(obama, "d")] == [("Obama", "PERSON")]


def test_doccano_row_without_text(project, reference_dir):
    path = reference_dir / DOCCANO / "import-tests/sequence_labeling/example.jsonl"
    with pytest.raises(InputError) as caught:
        import_annotated(project, [path], "doccano", annotator="d")
    assert caught.value.line == 3
    assert project.count_documents() == 0 and project.annotators() == []
    report = import_annotated(project, [path], "doccano", annotator="d", skip_bad=True)
    assert report.documents_added == 2
    assert [(n.line, n.kind) for n in report.reader.skipped] == [(3, "bad_rows")]


# ---------------------------------------------------------------------------- several files


def test_two_annotators_of_the_same_texts_share_the_documents(project, reference_dir, tmp_path):
    lines = (reference_dir / ANERCORP).read_text(encoding="utf-8").split("\n")[:400]
    first = tmp_path / "amal.conll"
    first.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the second annotator tagged the same entities with other label names
    renamed = {"PERS": "ACTOR", "LOC": "PLACE", "ORG": "GROUP", "MISC": "OTHER"}
    second = tmp_path / "omar.conll"
    retagged = []
    for line in lines:
        token, _, tag = line.rpartition(" ")
        if tag not in ("", "O"):
            line = f"{token} {tag[:2]}{renamed[tag[2:]]}"
        retagged.append(line)
    second.write_text("\n".join(retagged) + "\n", encoding="utf-8")
    one = import_annotated(project, [first], "conll", annotator="amal")
    two = import_annotated(project, [second], "conll", annotator="omar")
    assert (one.documents_added, two.documents_added, two.documents_matched) == (1, 0, 1)
    assert project.count_documents() == 1
    assert project.annotators() == ["amal", "omar"]
    amal = sorted((d, s, e, renamed[label]) for d, label, s, e in spans(project, "amal"))
    omar = sorted((d, s, e, label) for d, label, s, e in spans(project, "omar"))
    assert amal == omar and len(omar) > 20


def test_a_bad_file_among_good_ones_imports_nothing(project, tmp_path):
    good = write_lines(tmp_path / "good.jsonl", [{"text": "قال الوزير", "spans": []}] * 1)
    bad = tmp_path / "bad.conll"
    bad.write_text("قال O\nالجيش B-ACTOR\nإن OO\n", encoding="utf-8")
    good_conll = tmp_path / "good.conll"
    good_conll.write_text("قال O\nالجيش B-ACTOR\n", encoding="utf-8")
    labels_before = [label.name for label in project.labels()]
    with pytest.raises(InputError) as caught:
        import_annotated(project, [good_conll, bad], "conll", annotator="amal")
    assert (caught.value.path, caught.value.line) == (str(bad), 3)
    assert project.count_documents() == 0
    assert project.annotators() == []
    assert [label.name for label in project.labels()] == labels_before
    with pytest.raises(BatchError):
        import_annotated(project, [good, tmp_path / "missing.jsonl"], "jsonl", annotator="a")
    assert project.count_documents() == 0


def test_store_refusal_fails_all_or_skips_the_document(project, tmp_path):
    text = "قال الجيش"
    rows = [
        {"text": "وزير", "spans": [{"start": 0, "end": 4, "label": "ACTOR"}]},
        {
            "text": text,
            "spans": [{"start": 4, "end": 9, "label": "ACTOR", "attributes": {"kind": "robot"}}],
        },
    ]
    path = write_lines(tmp_path / "rows.jsonl", rows)
    with pytest.raises(ValueError, match="kind") as caught:
        import_annotated(project, [path], "jsonl", annotator="amal")
    assert f"{path}:2" in str(caught.value)
    assert project.count_documents() == 0
    report = import_annotated(
        project, [path, tmp_path / "missing.jsonl"], "jsonl", annotator="amal", skip_bad=True
    )
    assert report.documents_added == 1 and project.count_documents() == 1
    assert [(n.path, n.line) for n in report.rejected] == [(str(path), 2)]
    assert report.reader.counts["missing_inputs"] == 1
    assert "rejected" in report.summary()


def test_relation_type_constraints_are_checked(project, tmp_path):
    row = {
        "text": "قال الجيش",
        "spans": [
            {"id": "a", "start": 0, "end": 3, "label": "CLAIM"},
            {"id": "b", "start": 4, "end": 9, "label": "ACTOR"},
        ],
        "relations": [{"head": "b", "tail": "a", "label": "source"}],  # ACTOR -> CLAIM
    }
    with pytest.raises(ValueError, match="source must start at a CLAIM span"):
        import_annotated(
            project, [write_lines(tmp_path / "r.jsonl", [row])], "jsonl", annotator="amal"
        )
    assert project.count_documents() == 0


def test_folders_and_unknown_formats(project, tmp_path, reference_dir, monkeypatch):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write_lines(folder / "a.jsonl", [{"text": "أ"}])
    write_lines(folder / "sub" / "b.jsonl", [{"text": "ب"}])
    (folder / "notes.md").write_text("not data", encoding="utf-8")
    report = import_annotated(project, [folder], "jsonl", annotator="amal")
    assert report.files == [str(folder / "a.jsonl"), str(folder / "sub" / "b.jsonl")]
    assert report.documents_added == 2
    write_only = dataclasses.replace(FORMATS["hf"], can_read=False)  # every format reads now
    monkeypatch.setitem(FORMATS, "hf", write_only)
    with pytest.raises(UsageError, match="cannot be imported"):
        import_annotated(project, [folder], "hf", annotator="amal")
    with pytest.raises(NotFoundError, match="unknown format"):
        import_annotated(project, [folder], "xml", annotator="amal")
    with pytest.raises(UsageError, match="annotator"):
        import_annotated(project, [folder], "jsonl", annotator=" ")


# ---------------------------------------------------------------------------- parallel JSONL


def _rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        text = f"😀 قال الوزير {i} إن الجيش قصف المدينة"
        rows.append(
            {
                "id": i,
                "text": text,
                "meta": {"title": f"t{i}"},
                "spans": [
                    {"id": "c", "start": 2, "end": len(text), "label": "CLAIM"},
                    {
                        "id": "a",
                        "start": 6,
                        "end": 12,
                        "label": "ACTOR",
                        "attributes": {"kind": "person"},
                    },
                ],
                "relations": [{"head": "c", "tail": "a", "label": "source"}],
            }
        )
    return rows


def test_worker_processes_give_the_same_project(tmp_path):
    rows = _rows(450)
    rows.insert(10, rows[3])  # a duplicate text: matched, not duplicated
    path = write_lines(tmp_path / "big.jsonl", rows)
    results = []
    for workers in (0, 2):
        with Project.create(tmp_path / f"p{workers}.sqlite") as project:
            report = import_annotated(project, [path], "jsonl", annotator="amal", workers=workers)
            results.append(
                (
                    report.documents_added,
                    report.documents_matched,
                    report.spans_duplicate,
                    dict(report.reader.counts),
                    [
                        (project.document(d).name, project.document_text(d))
                        for d in project.document_ids()
                    ],
                    spans(project, "amal"),
                    relations(project, "amal"),
                    project.search("الوزير", limit=None).document_count,
                    project.document(project.document_ids()[-1]).title,
                )
            )
    assert results[0] == results[1]
    assert results[0][:3] == (450, 1, 2)


def test_worker_processes_fail_at_the_bad_line(tmp_path):
    rows = _rows(300)
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines[250] = '{"text": "x", "spans": [{"start": 0, "end": 5, "label": "A"}]}'
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.sqlite") as project:
        with pytest.raises(InputError) as caught:
            import_annotated(project, [path], "jsonl", annotator="amal", workers=2)
        assert (caught.value.path, caught.value.line) == (str(path), 251)
        assert project.count_documents() == 0
        report = import_annotated(
            project, [path], "jsonl", annotator="amal", workers=2, skip_bad=True
        )
        assert report.documents_added == 299
        assert [(n.line, n.kind) for n in report.reader.skipped] == [(251, "bad_lines")]


def test_annotations_imported_as_gold_are_the_gold_standard(project, tmp_path):
    """`--annotator gold` makes (or fills) the gold standard, with its role: exports, the
    review and agreement then treat it as the gold, not as one more annotator."""
    from annotator.rules import GOLD_ROLE

    source = tmp_path / "gold.conll"
    source.write_text("وزير B-ACTOR\nقال O\n", encoding="utf-8")
    import_annotated(project, [source], "conll", annotator="gold", done=True)
    assert project.annotators(role=GOLD_ROLE) == ["gold"]
    assert "gold" not in project.annotators()


def test_a_file_read_with_the_wrong_windows_1256_is_warned_about(project, tmp_path):
    """Windows-1256 decodes any bytes: a UTF-8 file read as cp1256 imports without an error
    but as nonsense, so the import says so; a real Windows-1256 file passes quietly."""
    rows = "وزارة B-ORG\nالدفاع I-ORG\nقالت O\nإن O\nالقوات O\nالمسلحة O\n"
    utf8 = tmp_path / "utf8.conll"
    utf8.write_bytes(rows.encode("utf-8"))
    real = tmp_path / "real.conll"
    real.write_bytes(rows.replace("قالت", "أعلنت").encode("cp1256"))
    wrong = import_annotated(project, [utf8], "conll", annotator="amal", encoding="cp1256")
    [warning] = [w for w in wrong.reader.warnings if w.kind == "encoding_doubtful"]
    assert (warning.path, warning.line) == (str(utf8), 1)
    assert "is --encoding right?" in warning.message
    right = import_annotated(project, [real], "conll", annotator="omar", encoding="windows-1256")
    assert not [w for w in right.reader.warnings if w.kind == "encoding_doubtful"]
