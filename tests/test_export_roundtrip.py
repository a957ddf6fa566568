"""Round trips through the store: annotate, export each format, import under another name."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_formats_strategies import texts

from annotator.exporting import ExportOptions, export
from annotator.importing import import_annotated
from annotator.model import DocRecord
from annotator.store import Project, RelationType

# Emoji (astral, and a ZWJ sequence) before the spans; clitic و glued to a country name.
TEXT = "👨\u200d👩\u200d👧 😀 قال وزير خارجية إيران إن 3 جنود قتلوا.\nوأذربيجان ترد على أرمينيا ."
EXTENSION = {"jsonl": "jsonl", "doccano": "jsonl", "spacy": "jsonl", "conll": "conll"}


def where(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


@pytest.fixture
def annotated(tmp_path: Path) -> Project:
    """A project whose annotator amal has nested, sub-token and attributed spans, relations;
    both documents (one without spans) marked done by amal."""
    project = Project.create(tmp_path / "source.sqlite")
    [doc_id] = project.add_documents([DocRecord(text=TEXT, name="خبر 1.txt")]).added
    [empty_id] = project.add_documents([DocRecord(text="نص بلا شروح.", name="empty")]).added
    add = project.add_annotation
    claim = add(doc_id, "amal", "CLAIM", *where(TEXT, "وزير خارجية إيران إن 3 جنود قتلوا"))
    minister = add(
        doc_id, "amal", "ACTOR", *where(TEXT, "وزير خارجية إيران"), attributes={"kind": "person"}
    )
    iran = add(doc_id, "amal", "ACTOR", *where(TEXT, "إيران"), attributes={"kind": "state"})
    add(
        doc_id,
        "amal",
        "CASUALTY",
        *where(TEXT, "3 جنود"),
        attributes={"count": 3, "qualifier": "exact", "outcome": "killed"},
    )
    azerbaijan_start = TEXT.index("أذربيجان")  # sub-token: after the clitic و
    azerbaijan = add(
        doc_id,
        "amal",
        "ACTOR",
        azerbaijan_start,
        azerbaijan_start + 8,
        attributes={"kind": "state"},
    )
    reply = add(doc_id, "amal", "CLAIM", *where(TEXT, "وأذربيجان ترد على أرمينيا"))
    project.add_relation(doc_id, "amal", "source", claim.uuid, minister.uuid)
    project.add_relation(doc_id, "amal", "source", reply.uuid, azerbaijan.uuid)
    assert iran.text == "إيران"
    for done in (doc_id, empty_id):
        project.set_status(done, "amal", "done")
    yield project
    project.close()


def stored(project: Project, annotator: str) -> tuple[set, set, dict]:
    """Spans (label, start, end, text), relations and attributes, keyed by position."""
    spans, relations, attributes = set(), set(), {}
    for doc_id in project.document_ids():
        text = project.document_text(doc_id)
        by_uuid = {}
        for ann in project.annotations(doc_id, annotator):
            key = (text, ann.label, ann.start, ann.end)
            by_uuid[ann.uuid] = key
            spans.add((ann.label, ann.start, ann.end, ann.text))
            attributes[key] = ann.attributes
        for rel in project.relations(doc_id, annotator):
            relations.add((rel.label, by_uuid[rel.head][1:], by_uuid[rel.tail][1:]))
    return spans, relations, attributes


def _but_note(attributes: dict) -> dict:
    """The attributes brat gives back: one named note with a text is a note instead."""
    if isinstance(attributes.get("note"), str):
        return {name: value for name, value in attributes.items() if name != "note"}
    return attributes


def span_notes(project: Project, annotator: str) -> dict:
    """The texts of the notes on `annotator`'s spans, keyed by position as `stored` keys."""
    found: dict = {}
    for doc_id in project.document_ids():
        text = project.document_text(doc_id)
        for ann in project.annotations(doc_id, annotator):
            notes = [note.text for note in project.notes(annotation_uuid=ann.uuid)]
            if notes:
                found[(text, ann.label, ann.start, ann.end)] = notes
    return found


def round_trip(project: Project, fmt: str, folder: Path, **options) -> Project:
    out = folder / ("out" if fmt == "brat" else f"out.{EXTENSION[fmt]}")
    export(project, out, ExportOptions(format=fmt, annotator="amal", **options))
    fresh = Project.create(folder / f"fresh-{fmt}.sqlite")
    import_annotated(fresh, [out], fmt, annotator="omar")
    return fresh


@pytest.mark.parametrize(
    ("fmt", "options", "carries"),
    [
        ("jsonl", {}, {"relations", "attributes"}),
        ("brat", {}, {"relations", "attributes"}),
        ("doccano", {"relations": True}, {"relations"}),
        ("doccano", {}, set()),
        ("spacy", {}, set()),
        ("conll", {"offsets": True}, set()),
    ],
)
def test_store_round_trip(annotated, tmp_path, fmt, options, carries):
    fresh = round_trip(annotated, fmt, tmp_path, **options)
    spans, relations, attributes = stored(annotated, "amal")
    back_spans, back_relations, back_attributes = stored(fresh, "omar")
    assert back_spans == spans  # nested, sub-token, after the emoji: exact code points
    assert fresh.count_documents() == 2  # the document without spans travels too
    assert back_relations == (relations if "relations" in carries else set())
    if "attributes" in carries:
        assert back_attributes == attributes
    else:
        assert all(value == {} for value in back_attributes.values())
    assert fresh.annotators() == ["omar"]


def test_conll_without_offsets_keeps_span_texts(annotated, tmp_path):
    fresh = round_trip(annotated, "conll", tmp_path)
    spans, _, _ = stored(annotated, "amal")
    back, _, _ = stored(fresh, "omar")
    # tokens are re-joined by single spaces (the split clitic reads back as «و أذربيجان»):
    # each span's text is the same up to whitespace
    squeeze = {(label, "".join(text.split())) for label, _, _, text in spans}
    assert {(label, "".join(text.split())) for label, _, _, text in back} == squeeze
    assert len(back) == len(spans)
    [doc_id] = [d for d in fresh.document_ids() if fresh.annotations(d)]
    assert "و أذربيجان" in fresh.document_text(doc_id)


def test_reimporting_the_same_export_adds_to_the_same_documents(annotated, tmp_path):
    out = tmp_path / "out.jsonl"
    export(annotated, out, ExportOptions(format="jsonl", annotator="amal"))
    report = import_annotated(annotated, [out], "jsonl", annotator="omar")
    assert (report.documents_added, report.documents_matched) == (0, 2)
    assert annotated.count_documents() == 2
    assert stored(annotated, "omar") == stored(annotated, "amal")


# ---------------------------------------------------------------------------- hypothesis

LABELS = ["ACTOR", "CLAIM", "CASUALTY"]


@st.composite
def annotated_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]], list, list]:
    """A text, unique spans that start and end on non-space characters, attributes and
    relations (label `link`, no type constraint)."""
    text = draw(texts())
    solid = [i for i, char in enumerate(text) if not char.isspace()]
    spans: dict[tuple[int, int, str], dict] = {}
    if solid:
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.sampled_from(solid))
            end = draw(st.sampled_from([i + 1 for i in solid if i >= start]))
            label = draw(st.sampled_from(LABELS))
            attributes = draw(
                st.dictionaries(
                    st.sampled_from(["note", "flag", "n", "tag"]),
                    st.one_of(st.just(True), st.integers(0, 99), st.sampled_from(["x1", "جيش"])),
                    max_size=2,
                )
            )
            spans[(start, end, label)] = attributes
    keys = list(spans)
    relations = []
    if len(keys) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            head, tail = draw(st.lists(st.sampled_from(keys), min_size=2, max_size=2, unique=True))
            relations.append((head, tail))
    return text, keys, [spans[key] for key in keys], relations


def squeezed(spans: set) -> set:
    return {(label, start, end, " ".join(text.split())) for label, start, end, text in spans}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_texts())
def test_random_annotations_survive_every_format(case):
    text, keys, attributes, relations = case
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        project = Project.create(folder / "p.sqlite")
        project.set_relation_type(RelationType("link"))  # attribute names are not in the schema
        project.annotator_id("amal")
        [doc_id] = project.add_documents([DocRecord(text=text or " ", name="d")]).added
        uuid = {}
        for (start, end, label), attrs in zip(keys, attributes, strict=True):
            uuid[(start, end, label)] = project.add_annotation(
                doc_id, "amal", label, start, end, attributes=attrs
            ).uuid
        for head, tail in dict.fromkeys(relations):
            project.add_relation(doc_id, "amal", "link", uuid[head], uuid[tail])
        project.set_status(doc_id, "amal", "done")
        spans, rels, attrs_by_key = stored(project, "amal")
        for fmt, options in [
            ("jsonl", {}),
            ("brat", {}),
            ("doccano", {"relations": True}),
            ("conll", {"offsets": True}),
        ]:
            fresh = round_trip(project, fmt, folder, **options)
            back_spans, back_rels, back_attrs = stored(fresh, "omar")
            if fmt == "conll":  # offsets exact; whitespace inside a span may change kind
                assert squeezed(back_spans) == squeezed(spans)
            else:
                assert back_spans == spans, fmt
            if fmt != "conll":
                assert back_rels == rels, fmt
            if fmt == "jsonl":
                assert back_attrs == attrs_by_key, fmt
            if fmt == "brat":  # an attribute named note is written as a note, read as one
                assert back_attrs == {k: _but_note(a) for k, a in attrs_by_key.items()}, fmt
                assert span_notes(fresh, "omar") == {
                    k: [a["note"]] for k, a in attrs_by_key.items() if _but_note(a) != a
                }
            fresh.close()
        project.close()
