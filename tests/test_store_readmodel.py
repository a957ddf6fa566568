"""`store.readmodel`: the rows of the agreement and export reads, read by field name."""

from __future__ import annotations

import pytest

from annotator.model import DocRecord
from annotator.store import Project
from annotator.store import readmodel as rm

TEXT = "😀 قال المتحدث باسم الدفاع المدني إن خمسة أشخاص قتلوا"


@pytest.fixture
def marked(tmp_path):
    """A document with a CLAIM by 'a', its ACTOR source, and a CASUALTY by 'b'."""
    with Project.create(tmp_path / "p.sqlite") as project:
        (doc_id,) = project.add_documents([DocRecord(text=TEXT, name="مقال")]).added
        claim = project.add_annotation(doc_id, "a", "CLAIM", 2, 18)
        actor = project.add_annotation(doc_id, "a", "ACTOR", 6, 13, attributes={"kind": "person"})
        relation = project.add_relation(doc_id, "a", "source", claim.uuid, actor.uuid)
        casualty = project.add_annotation(doc_id, "b", "CASUALTY", 36, 46, attributes={"count": 5})
        yield project, doc_id, (claim, actor, casualty), relation


def test_agreement_rows_are_named(marked):
    project, doc_id, (claim, actor, casualty), relation = marked
    ids = [project.annotator_id("a"), project.annotator_id("b")]
    rows = rm.agreement_rows(project, [doc_id], ids, None)
    assert rows.known == {doc_id}
    by_uuid = {span.uuid: span for span in rows.spans}
    assert set(by_uuid) == {claim.uuid, actor.uuid, casualty.uuid}
    span = by_uuid[actor.uuid]
    assert (span.document_id, span.annotator_id, span.label) == (doc_id, ids[0], "ACTOR")
    assert (span.start, span.end, span.attributes) == (6, 13, '{"kind": "person"}')
    assert by_uuid[casualty.uuid].annotator_id == ids[1]
    (rel,) = rows.relations
    assert (rel.document_id, rel.annotator_id, rel.uuid, rel.label) == (
        doc_id,
        ids[0],
        relation.uuid,
        "source",
    )
    assert (rel.head, rel.tail) == (claim.uuid, actor.uuid)
    only_actor = rm.agreement_rows(project, [doc_id], ids, ["ACTOR"])
    assert [span.uuid for span in only_actor.spans] == [actor.uuid]


def test_export_row_constants_name_the_fields(marked):
    project, doc_id, (claim, actor, casualty), relation = marked
    a, b = project.annotator_id("a"), project.annotator_id("b")
    (batch,) = rm.export_batches(project, None, [a, b], lambda: None)
    (doc,) = batch
    first, second = doc.spans[a]  # start order: the CLAIM (2) before its ACTOR (6)
    assert first[rm.SPAN_UUID] == claim.uuid
    assert (second[rm.SPAN_START], second[rm.SPAN_END]) == (6, 13)
    assert second[rm.SPAN_LABEL] == "ACTOR"
    assert second[rm.SPAN_ANNOTATOR] == "a"
    assert second[rm.SPAN_ATTRIBUTES] == '{"kind": "person"}'
    (rel,) = doc.relations[a]
    assert rel[rm.RELATION_UUID] == relation.uuid
    assert (rel[rm.RELATION_HEAD], rel[rm.RELATION_TAIL]) == (claim.uuid, actor.uuid)
    assert (rel[rm.RELATION_LABEL], rel[rm.RELATION_ANNOTATOR]) == ("source", "a")
