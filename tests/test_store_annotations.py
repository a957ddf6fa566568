"""The project store: spans, relations, the label schema, attributes, annotated imports."""

from __future__ import annotations

import pytest

from annotator.errors import NotFoundError, SchemaError
from annotator.model import DocRecord, RelationRecord, SpanRecord
from annotator.store import LabelDef, Project

TEXT = "قالت وزارة الدفاع الأذربيجانية إن 11 شرطيا قتلوا في انفجار لغم."
ACTOR = "وزارة الدفاع الأذربيجانية"
CLAIM = "11 شرطيا قتلوا في انفجار لغم"


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


@pytest.fixture
def doc(project):
    return project.add_documents([DocRecord(text=TEXT, name="doc")]).added[0]


def span_of(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


# ---------------------------------------------------------------- span validation


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 4, "outside"),
        (4, 4, "outside"),
        (10, 5, "outside"),
        (0, len(TEXT) + 1, "outside"),
        (1.0, 4, "integers"),
        ("1", 4, "integers"),
    ],
)
def test_bad_offsets_are_refused_and_nothing_is_written(project, doc, start, end, message):
    with pytest.raises(SchemaError, match=message):
        project.add_annotation(doc, "lina", "ACTOR", start, end)
    assert project.annotations(doc) == []
    assert project.annotators(role=None) == []


def test_snapshot_must_equal_the_slice(project, doc):
    start, end = span_of(ACTOR)
    ann = project.add_annotation(doc, "lina", "ACTOR", start, end, text=ACTOR)
    assert ann.text == ACTOR == TEXT[ann.start : ann.end]
    with pytest.raises(SchemaError, match="does not match"):
        project.add_annotation(doc, "lina", "ACTOR", start, end, text="وزارة الداخلية")
    with pytest.raises(SchemaError, match="does not match"):
        project.add_annotation(doc, "lina", "ACTOR", start + 1, end + 1, text=ACTOR)
    assert len(project.annotations(doc)) == 1


def test_offsets_are_code_points_with_an_emoji_before_the_span(project):
    text = "🇦🇿😀 " + TEXT  # a flag (two code points) and an emoji outside the BMP
    doc = project.add_documents([DocRecord(text=text, name="emoji")]).added[0]
    start, end = span_of(ACTOR, text)
    assert start == TEXT.index(ACTOR) + 4  # code points, not UTF-16 units (which would be +7)
    ann = project.add_annotation(doc, "lina", "ACTOR", start, end, text=ACTOR)
    stored = project.annotation(ann.uuid)
    assert (stored.start, stored.end, stored.text) == (start, end, ACTOR)
    emoji_span = project.add_annotation(doc, "lina", "CLAIM", 2, 3)
    assert emoji_span.text == "😀"


def test_unknown_label_and_update_validation(project, doc):
    with pytest.raises(NotFoundError, match="unknown label"):
        project.add_annotation(doc, "lina", "PLACE", 0, 4)
    ann = project.add_annotation(doc, "lina", "ACTOR", *span_of(ACTOR))
    with pytest.raises(NotFoundError, match="unknown label"):
        project.update_annotation(ann.uuid, label="PLACE")
    with pytest.raises(SchemaError, match="outside"):
        project.update_annotation(ann.uuid, end=len(TEXT) + 1)
    moved = project.update_annotation(ann.uuid, start=0, end=4)
    assert moved.text == TEXT[0:4] == project.annotation(ann.uuid).text
    with pytest.raises(NotFoundError):
        project.annotation("no-such-uuid")
    with pytest.raises(NotFoundError):
        project.add_annotation(999, "lina", "ACTOR", 0, 4)


# ---------------------------------------------------------------- relations


def claim_and_actor(project, doc, who="lina"):
    actor = project.add_annotation(doc, who, "ACTOR", *span_of(ACTOR))
    claim = project.add_annotation(doc, who, "CLAIM", *span_of(CLAIM))
    return claim, actor


def test_relation_rules(project, doc):
    claim, actor = claim_and_actor(project, doc)
    rel = project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)
    assert project.relations(doc) == [rel]
    with pytest.raises(SchemaError, match="must start at a CLAIM"):
        project.add_relation(doc, "lina", "source", actor.uuid, claim.uuid)
    with pytest.raises(SchemaError, match="two different spans"):
        project.add_relation(doc, "lina", "source", claim.uuid, claim.uuid)
    other_claim, other_actor = claim_and_actor(project, doc, "omar")
    with pytest.raises(SchemaError, match="belongs to omar"):
        project.add_relation(doc, "lina", "source", claim.uuid, other_actor.uuid)
    second = project.add_documents([DocRecord(text="نص آخر تماما", name="b")]).added[0]
    with pytest.raises(SchemaError, match="not in document"):
        project.add_relation(second, "lina", "source", claim.uuid, actor.uuid)
    # an unknown relation label becomes a new, unconstrained relation type
    project.add_relation(doc, "lina", "mentions", actor.uuid, claim.uuid)
    assert "mentions" in [r.name for r in project.relation_types()]
    assert project.relations(doc, "omar") == []
    del other_claim


def test_deleting_a_span_removes_its_relations_and_restore_undoes_it(project, doc):
    claim, actor = claim_and_actor(project, doc)
    rel = project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)
    removed, relations = project.delete_annotation(actor.uuid)
    assert removed == actor  # as it was, timestamps included
    assert relations == [rel]
    assert project.relations(doc) == []
    assert [a.uuid for a in project.annotations(doc)] == [claim.uuid]
    project.restore([removed], relations)
    assert {a.uuid for a in project.annotations(doc)} == {claim.uuid, actor.uuid}
    assert project.relations(doc) == [rel]  # same ids: undo, not a copy
    assert project.annotation(actor.uuid).attributes == actor.attributes


def test_foreign_keys_cascade_relations_with_their_spans(project, doc):
    claim, actor = claim_and_actor(project, doc)
    project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)
    project.conn.execute("DELETE FROM annotations WHERE uuid = ?", (claim.uuid,))
    assert project.conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 0


def test_delete_relation(project, doc):
    claim, actor = claim_and_actor(project, doc)
    rel = project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)
    assert project.delete_relation(rel.uuid) == rel
    assert project.relations(doc) == []
    assert len(project.annotations(doc)) == 2
    with pytest.raises(NotFoundError):
        project.relation(rel.uuid)


# ---------------------------------------------------------------- label schema


def test_label_schema_add_edit_rename_delete(project, doc):
    project.set_label(LabelDef("PLACE", "#123456", "4"))
    assert project.label("PLACE").colour == "#123456"
    assert [label.name for label in project.labels()][-1] == "PLACE"
    project.set_label(LabelDef("PLACE", "#654321", "5"))  # edit keeps the position
    assert [label.name for label in project.labels()][-1] == "PLACE"
    assert project.label("PLACE").hotkey == "5"
    with pytest.raises(SchemaError, match="already used by ACTOR"):
        project.set_label(LabelDef("WEAPON", "#000000", "1"))
    with pytest.raises(SchemaError, match="needs a name"):
        project.set_label(LabelDef("  "))

    claim, actor = claim_and_actor(project, doc)
    project.rename_label("ACTOR", "AGENT")
    assert project.annotation(actor.uuid).label == "AGENT"
    assert project.label("ACTOR") is None
    kinds = {r.name: r for r in project.relation_types()}
    assert kinds["source"].tail_label == "AGENT"
    project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)  # rule follows rename
    with pytest.raises(SchemaError, match="exists already"):
        project.rename_label("AGENT", "CLAIM")
    with pytest.raises(NotFoundError, match="no label named"):
        project.rename_label("ACTOR", "X")

    with pytest.raises(SchemaError, match="used by 1 annotation"):
        project.delete_label("AGENT")
    project.delete_label("PLACE")
    assert project.label("PLACE") is None
    assert project.label_schema()["labels"][0]["name"] == "AGENT"


def test_a_label_put_back_at_its_position(project):
    names = [label.name for label in project.labels()]
    claim = project.label("CLAIM")
    project.delete_label("CLAIM")
    project.set_label(claim, position=claim.position)
    assert [label.name for label in project.labels()] == names
    project.set_label(LabelDef("PLACE"), position=0)  # a new one where asked, the rest after
    assert [label.name for label in project.labels()] == ["PLACE", *names]
    project.set_label(LabelDef("PLACE", "#010203"), position=5)  # an edit keeps its place
    assert [label.name for label in project.labels()] == ["PLACE", *names]


def test_delete_relation_type_refused_while_used(project, doc):
    claim, actor = claim_and_actor(project, doc)
    relation = project.add_relation(doc, "lina", "source", claim.uuid, actor.uuid)
    with pytest.raises(SchemaError, match="used by 1 relation"):
        project.delete_relation_type("source")
    with pytest.raises(NotFoundError, match="no relation type named"):
        project.delete_relation_type("nothing")
    project.delete_relation(relation.uuid)
    project.delete_relation_type("source")
    assert "source" not in {r.name for r in project.relation_types()}


# ---------------------------------------------------------------- attributes


@pytest.mark.parametrize(
    ("count", "stored"),
    [(11, 11), ("12", 12), ([3, 5], [3, 5]), ((0, 0), 0), ("10-15", [10, 15]), (None, None)],
)
def test_casualty_count_is_an_integer_or_a_range(project, doc, count, stored):
    ann = project.add_annotation(
        doc,
        "lina",
        "CASUALTY",
        *span_of("11 شرطيا قتلوا"),
        attributes={"count": count, "outcome": "killed"},
    )
    assert project.annotation(ann.uuid).attributes == {"count": stored, "outcome": "killed"}


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"count": -1}, "negative"),
        ({"count": [5, 3]}, "low ≤ high"),
        ({"count": [1, 2, 3]}, "range"),
        ({"count": True}, "integer"),
        ({"count": "many"}, "not a number"),
        ({"count": 2.5}, "integer"),
        ({"outcome": "dead"}, "must be one of"),
        ({"qualifier": "roughly"}, "must be one of"),
    ],
)
def test_bad_attributes_are_refused(project, doc, attributes, message):
    with pytest.raises(SchemaError, match=message):
        project.add_annotation(
            doc, "lina", "CASUALTY", *span_of("11 شرطيا قتلوا"), attributes=attributes
        )
    assert project.annotations(doc) == []


def test_attribute_update_is_validated_too(project, doc):
    ann = project.add_annotation(
        doc, "lina", "ACTOR", *span_of(ACTOR), attributes={"kind": "state"}
    )
    with pytest.raises(SchemaError, match="must be one of"):
        project.update_annotation(ann.uuid, attributes={"kind": "planet"})
    assert project.annotation(ann.uuid).attributes == {"kind": "state"}
    updated = project.update_annotation(ann.uuid, attributes={"kind": "organization", "note": "x"})
    assert updated.attributes == {"kind": "organization", "note": "x"}  # unknown names pass


# ---------------------------------------------------------------- annotated import


def record(text: str = TEXT, spans=(), relations=(), name="r", line=None) -> DocRecord:
    return DocRecord(
        text=text,
        name=name,
        spans=list(spans),
        relations=list(relations),
        source="in.jsonl",
        line=line,
    )


def test_import_records_matches_documents_by_text_and_skips_known_spans(project, doc):
    actor = SpanRecord(*span_of(ACTOR), "ACTOR", id="T1")
    claim = SpanRecord(*span_of(CLAIM), "CLAIM", id="T2")
    relation = RelationRecord("T2", "T1", "source")
    summary = project.import_records([record(spans=[actor, claim], relations=[relation])], "omar")
    assert (summary.documents_added, summary.documents_matched) == (0, 1)
    assert summary.document_ids == [doc]
    assert (summary.spans_added, summary.spans_duplicate, summary.relations_added) == (2, 0, 1)
    again = project.import_records(
        [
            record(spans=[actor, claim], relations=[relation]),
            record(text="نص جديد تماما", spans=[SpanRecord(0, 2, "ACTOR")]),
        ],
        "omar",
        done=True,
    )
    assert (again.spans_added, again.spans_duplicate, again.relations_added) == (1, 2, 0)
    assert (again.documents_added, again.documents_matched) == (1, 1)
    assert project.count_documents() == 2
    assert len(project.annotations(doc, "omar")) == 2
    assert project.status(doc, "omar") == "done"
    [rel] = project.relations(doc, "omar")
    heads = {a.uuid: a.label for a in project.annotations(doc, "omar")}
    assert (heads[rel.head], heads[rel.tail]) == ("CLAIM", "ACTOR")


def test_import_records_adds_unknown_labels(project):
    summary = project.import_records(
        [record(spans=[SpanRecord(0, 4, "PLACE"), SpanRecord(5, 10, "WEAPON")])], "omar"
    )
    assert summary.labels_added == ["PLACE", "WEAPON"]
    assert [label.name for label in project.labels()][-2:] == ["PLACE", "WEAPON"]


def test_import_records_is_all_or_nothing(project, doc):
    good = record(text="وثيقة جيدة", spans=[SpanRecord(0, 5, "NEWLABEL")])
    bad = record(spans=[SpanRecord(0, len(TEXT) + 3, "ACTOR", id="T9")], line=7)
    with pytest.raises(ValueError, match=r"in\.jsonl:7: .*outside") as caught:
        project.import_records([good, bad], "omar")
    assert "T9" in str(caught.value)
    assert project.count_documents() == 1
    assert project.label("NEWLABEL") is None
    assert project.annotators(role=None) == []
    assert project.annotations(doc) == []
    wrong_snapshot = record(spans=[SpanRecord(0, 4, "ACTOR", text="خطأ!")])
    with pytest.raises(ValueError, match="does not match"):
        project.import_records([wrong_snapshot], "omar")
    dangling = record(
        spans=[SpanRecord(0, 4, "CLAIM", id="a")], relations=[RelationRecord("a", "zz", "source")]
    )
    with pytest.raises(ValueError, match="unknown span 'zz'"):
        project.import_records([dangling], "omar")
    assert project.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
