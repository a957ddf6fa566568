"""Review and adjudication into the gold standard (annotator.adjudication, no Qt)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator import adjudication as adj
from annotator.agreement import AGREE, LABEL_CONFLICT, PARTIAL_OVERLAP, SUBSET
from annotator.errors import SchemaError
from annotator.model import DocRecord
from annotator.rules import GOLD
from annotator.store import Project, schema

DATA = Path(__file__).parent / "data"
NAMES = ["amal", "badr", "carim"]
# An emoji first: offsets are code points, not UTF-16 units.
TEXT = (
    "😀 قال المتحدث باسم الجيش إن 12 شخصا قتلوا في القصف على مدينة حلب. "
    "وأكدت وزارة الصحة مقتل ثلاثة مدنيين. وقالت الأمم المتحدة إنها تتابع الوضع."
)


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


ARMY = at(TEXT, "المتحدث باسم الجيش")
CLAIM = at(TEXT, "12 شخصا قتلوا في القصف على مدينة حلب")
TWELVE = at(TEXT, "12 شخصا")
MINISTRY = at(TEXT, "وزارة الصحة")
THREE_SHORT = at(TEXT, "ثلاثة مدنيين")
THREE_LONG = at(TEXT, "مقتل ثلاثة مدنيين")
THREE_WORD = at(TEXT, "ثلاثة")
UN = at(TEXT, "الأمم المتحدة")


def add(project: Project, doc: int, who: str, label: str, span: tuple[int, int], **attributes):
    return project.add_annotation(doc, who, label, *span, attributes=attributes or None)


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def build_doc(project: Project) -> int:
    """Three annotators: agreement on the army, the claim (with its source) and the casualty
    boundaries (counts differ); the ministry by two; three casualty variants; a label clash."""
    (doc_id,) = project.add_documents([DocRecord(text=TEXT, name="one")]).added
    for who in NAMES:
        actor = add(project, doc_id, who, "ACTOR", ARMY, kind="armed group")
        claim = add(project, doc_id, who, "CLAIM", CLAIM)
        project.add_relation(doc_id, who, "source", claim.uuid, actor.uuid)
    add(project, doc_id, "amal", "CASUALTY", TWELVE, count=12)
    add(project, doc_id, "badr", "CASUALTY", TWELVE, count=12)
    add(project, doc_id, "carim", "CASUALTY", TWELVE, count=[10, 12])
    add(project, doc_id, "amal", "ACTOR", MINISTRY, kind="state")
    add(project, doc_id, "badr", "ACTOR", MINISTRY, kind="state")
    add(project, doc_id, "amal", "CASUALTY", THREE_SHORT, count=3)
    add(project, doc_id, "badr", "CASUALTY", THREE_LONG, count=3, outcome="killed")
    add(project, doc_id, "carim", "CASUALTY", THREE_WORD, count=3)
    add(project, doc_id, "amal", "ACTOR", UN)
    add(project, doc_id, "badr", "CLAIM", UN)
    return doc_id


@pytest.fixture
def doc(project: Project) -> int:
    return build_doc(project)


def gold(project: Project, doc: int) -> dict[tuple[str, int, int], object]:
    return {(a.label, a.start, a.end): a for a in project.annotations(doc, GOLD)}


def proposal(project: Project, doc: int, who: str, label: str, span: tuple[int, int]):
    return next(
        a for a in project.annotations(doc, who) if (a.label, a.start, a.end) == (label, *span)
    )


def cluster_with(state: adj.ReviewState, label: str, span: tuple[int, int]):
    return next(
        c
        for c in state.clusters
        if any((p.label, p.start, p.end) == (label, *span) for p in c.proposals)
    )


# ---------------------------------------------------------------- first opening


def test_first_opening_merges_only_what_all_agree_on(project: Project, doc: int) -> None:
    assert adj.curation_status(project, doc) == "new"
    state = adj.open_for_review(project, doc, NAMES)

    merged = gold(project, doc)
    assert set(merged) == {("ACTOR", *ARMY), ("CLAIM", *CLAIM), ("CASUALTY", *TWELVE)}
    assert sorted(state.auto_merged) == sorted(a.uuid for a in merged.values())
    for ann in merged.values():
        assert ann.proposed_by == tuple(NAMES)
        assert ann.text == TEXT[ann.start : ann.end]
    assert merged[("ACTOR", *ARMY)].attributes == {"kind": "armed group"}
    assert "count" not in merged[("CASUALTY", *TWELVE)].attributes  # 12, 12, [10, 12]
    (relation,) = project.relations(doc, GOLD)
    assert (relation.label, relation.head, relation.tail) == (
        "source",
        merged[("CLAIM", *CLAIM)].uuid,
        merged[("ACTOR", *ARMY)].uuid,
    )
    assert adj.curation_status(project, doc) == "in progress"
    assert state.status == "in progress"
    # every agreeing proposal is linked to its gold span
    accepted = {d.annotation_uuid: d.gold_uuid for d in state.decisions.values()}
    for who in NAMES:
        army = proposal(project, doc, who, "ACTOR", ARMY)
        assert accepted[army.uuid] == merged[("ACTOR", *ARMY)].uuid
    assert len(accepted) == 9


def test_min_agree_two_of_three_also_merges_the_ministry(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES, min_agree=2)
    merged = gold(project, doc)
    assert ("ACTOR", *MINISTRY) in merged
    assert merged[("ACTOR", *MINISTRY)].proposed_by == ("amal", "badr")
    assert merged[("ACTOR", *MINISTRY)].attributes == {"kind": "state"}
    assert ("CASUALTY", *THREE_SHORT) not in merged
    assert len(merged) == 4


def test_second_opening_changes_nothing(project: Project, doc: int) -> None:
    first = adj.open_for_review(project, doc, NAMES)
    before = adj.gold_layer(project, doc)
    second = adj.open_for_review(project, doc, NAMES, min_agree=2)
    assert second.auto_merged == []
    assert adj.gold_layer(project, doc) == before
    assert set(second.gold) == set(first.gold)


def test_opening_with_nothing_agreed_starts_curation_once(project: Project, doc: int) -> None:
    state = adj.open_for_review(project, doc, ["amal", "carim"], min_agree=2)
    assert {(a.label, a.start, a.end) for a in state.gold.values()} == {
        ("ACTOR", *ARMY),
        ("CLAIM", *CLAIM),
        ("CASUALTY", *TWELVE),
    }
    for ann in state.gold.values():
        adj.delete_gold(project, ann.uuid)
    again = adj.open_for_review(project, doc, ["amal", "carim"], min_agree=2)
    assert again.gold == {} and again.auto_merged == []


def test_clusters_have_kinds_and_resolution(project: Project, doc: int) -> None:
    state = adj.open_for_review(project, doc, NAMES)
    army = cluster_with(state, "ACTOR", ARMY)
    assert (army.kind, army.resolution) == (AGREE, adj.ACCEPTED)
    assert cluster_with(state, "CASUALTY", TWELVE).attribute_conflict
    assert not army.attribute_conflict
    ministry = cluster_with(state, "ACTOR", MINISTRY)
    assert (ministry.kind, ministry.resolution) == (SUBSET, None)
    three = cluster_with(state, "CASUALTY", THREE_SHORT)
    assert (three.kind, three.resolution) == (PARTIAL_OVERLAP, None)
    assert len(three.proposals) == 3
    clash = cluster_with(state, "ACTOR", UN)
    assert (clash.kind, clash.resolution) == (LABEL_CONFLICT, None)
    assert [c.index for c in state.unresolved] == [ministry.index, three.index, clash.index]
    for item in state.clusters:
        for ann in item.proposals:
            assert state.cluster_of(ann.uuid) is item


# ---------------------------------------------------------------- accept


def test_accept_copies_span_attributes_and_proposers(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    long = proposal(project, doc, "badr", "CASUALTY", THREE_LONG)
    made = adj.accept(project, doc, long.uuid)
    ann = project.annotation(made)
    assert (ann.annotator, ann.label, ann.start, ann.end) == ("gold", "CASUALTY", *THREE_LONG)
    assert ann.attributes == {"count": 3, "outcome": "killed"}
    assert ann.proposed_by == ("badr",)
    state = adj.review_state(project, doc, NAMES)
    three = cluster_with(state, "CASUALTY", THREE_LONG)
    assert three.resolution == adj.ACCEPTED and three.gold == [made]

    ministry = proposal(project, doc, "badr", "ACTOR", MINISTRY)
    made = adj.accept(project, doc, ministry.uuid)
    assert project.annotation(made).proposed_by == ("badr", "amal")
    state = adj.review_state(project, doc, NAMES)
    linked = {d.annotation_uuid for d in state.decisions.values() if d.gold_uuid == made}
    assert linked == {ministry.uuid, proposal(project, doc, "amal", "ACTOR", MINISTRY).uuid}


def test_accepting_a_span_gold_already_holds_is_a_no_op(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    before = adj.gold_layer(project, doc)
    army = proposal(project, doc, "carim", "ACTOR", ARMY)
    assert adj.accept(project, doc, army.uuid) == gold(project, doc)[("ACTOR", *ARMY)].uuid
    assert adj.gold_layer(project, doc) == before


def test_accept_refuses_gold_spans_and_other_documents(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    gold_span = next(iter(gold(project, doc).values()))
    with pytest.raises(SchemaError, match="gold span"):
        adj.accept(project, doc, gold_span.uuid)
    (other,) = project.add_documents([DocRecord(text="نص آخر تماما", name="two")]).added
    with pytest.raises(SchemaError, match="not in document"):
        adj.accept(project, other, proposal(project, doc, "amal", "ACTOR", UN).uuid)


@pytest.mark.parametrize("claim_first", [True, False])
def test_relation_follows_when_both_ends_are_accepted(project: Project, claim_first: bool) -> None:
    (doc,) = project.add_documents([DocRecord(text=TEXT, name="rel")]).added
    actor = add(project, doc, "amal", "ACTOR", MINISTRY, kind="state")
    claim = add(project, doc, "amal", "CLAIM", THREE_LONG)
    project.add_relation(doc, "amal", "source", claim.uuid, actor.uuid)
    add(project, doc, "badr", "ACTOR", UN)
    adj.open_for_review(project, doc, ["amal", "badr"])
    assert project.annotations(doc, GOLD) == []

    first, second = (claim, actor) if claim_first else (actor, claim)
    adj.accept(project, doc, first.uuid)
    assert project.relations(doc, GOLD) == []  # the other end is not copied along
    adj.accept(project, doc, second.uuid)
    spans = gold(project, doc)
    assert set(spans) == {("ACTOR", *MINISTRY), ("CLAIM", *THREE_LONG)}
    (relation,) = project.relations(doc, GOLD)
    assert relation.head == spans[("CLAIM", *THREE_LONG)].uuid
    assert relation.tail == spans[("ACTOR", *MINISTRY)].uuid


def test_relation_to_an_edited_gold_actor_follows_its_link(project: Project) -> None:
    (doc,) = project.add_documents([DocRecord(text=TEXT, name="rel")]).added
    actor = add(project, doc, "amal", "ACTOR", ARMY)
    claim = add(project, doc, "amal", "CLAIM", CLAIM)
    project.add_relation(doc, "amal", "source", claim.uuid, actor.uuid)
    adj.open_for_review(project, doc, ["amal"])
    gold_actor = adj.accept(project, doc, actor.uuid)
    adj.edit_gold(project, gold_actor, start=ARMY[0] + len("المتحدث "))
    gold_claim = adj.accept(project, doc, claim.uuid)
    (relation,) = project.relations(doc, GOLD)
    assert (relation.head, relation.tail) == (gold_claim, gold_actor)


# ---------------------------------------------------------------- reject, edit, status


def test_reject_resolves_a_cluster_and_persists(project: Project, doc: int, tmp_path) -> None:
    adj.open_for_review(project, doc, NAMES)
    amal = proposal(project, doc, "amal", "ACTOR", MINISTRY)
    badr = proposal(project, doc, "badr", "ACTOR", MINISTRY)
    adj.reject(project, doc, amal.uuid)
    state = adj.review_state(project, doc, NAMES)
    ministry = cluster_with(state, "ACTOR", MINISTRY)
    assert ministry.rejected == [amal.uuid] and ministry.resolution is None
    adj.reject(project, doc, badr.uuid)
    project.close()

    with Project.open(tmp_path / "p.sqlite") as reopened:
        state = adj.open_for_review(reopened, doc, NAMES)
        ministry = cluster_with(state, "ACTOR", MINISTRY)
        assert ministry.resolution == adj.REJECTED
        assert sorted(ministry.rejected) == sorted([amal.uuid, badr.uuid])
        assert not any(a.label == "ACTOR" and a.start == MINISTRY[0] for a in state.gold.values())
        adj.unreject(reopened, doc, badr.uuid)
        state = adj.review_state(reopened, doc, NAMES)
        assert cluster_with(state, "ACTOR", MINISTRY).rejected == [amal.uuid]
        assert not cluster_with(state, "ACTOR", MINISTRY).resolved


def test_reject_is_refused_for_a_span_gold_holds(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    with pytest.raises(SchemaError, match="gold standard"):
        adj.reject(project, doc, proposal(project, doc, "amal", "ACTOR", ARMY).uuid)


def test_a_rejection_lapses_when_the_annotator_changes_the_span(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    un = proposal(project, doc, "amal", "ACTOR", UN)
    adj.reject(project, doc, un.uuid)
    assert adj.review_state(project, doc, NAMES).is_rejected(un.uuid)
    project.update_annotation(un.uuid, start=UN[0] + len("الأمم "))
    assert not adj.review_state(project, doc, NAMES).is_rejected(un.uuid)


def test_accept_replaces_a_rejection(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    un = proposal(project, doc, "badr", "CLAIM", UN)
    adj.reject(project, doc, un.uuid)
    made = adj.accept(project, doc, un.uuid)
    state = adj.review_state(project, doc, NAMES)
    clash = cluster_with(state, "CLAIM", UN)
    assert clash.rejected == [] and clash.gold == [made]
    assert clash.resolution == adj.ACCEPTED


def test_edited_gold_span_keeps_its_cluster_resolved(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    short = proposal(project, doc, "amal", "CASUALTY", THREE_SHORT)
    made = adj.accept(project, doc, short.uuid)
    edited = adj.edit_gold(project, made, start=THREE_LONG[0], attributes={"count": 4})
    assert (edited.start, edited.end, edited.attributes) == (*THREE_LONG, {"count": 4})
    assert edited.text == TEXT[THREE_LONG[0] : THREE_LONG[1]]
    state = adj.review_state(project, doc, NAMES)
    # gold now equals badr's boundaries: identical to a proposal of the cluster again
    assert cluster_with(state, "CASUALTY", THREE_SHORT).resolution == adj.ACCEPTED
    adj.edit_gold(project, made, end=THREE_LONG[1] - 1)
    state = adj.review_state(project, doc, NAMES)
    assert cluster_with(state, "CASUALTY", THREE_SHORT).resolution == adj.EDITED
    with pytest.raises(SchemaError, match="not a gold span"):
        adj.edit_gold(project, short.uuid, label="ACTOR")


def test_take_attributes_settles_an_attribute_conflict(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    carim = proposal(project, doc, "carim", "CASUALTY", TWELVE)
    target = adj.take_attributes(project, doc, carim.uuid)
    assert project.annotation(target).attributes == {"count": [10, 12]}
    assert not adj.take_attributes(project, doc, proposal(project, doc, "amal", "ACTOR", UN).uuid)


def test_curation_status(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    adj.set_curation_status(project, doc, "done")
    assert adj.curation_status(project, doc) == "done"
    assert project.status(doc, "gold") == "done"
    assert project.annotators(role="gold") == ["gold"]
    assert "gold" not in adj.review_annotators(project, doc)
    assert adj.review_annotators(project, doc) == NAMES


def test_next_disagreement_walks_unresolved_clusters(project: Project, doc: int) -> None:
    state = adj.open_for_review(project, doc, NAMES)
    todo = [c.index for c in state.unresolved]
    assert adj.next_disagreement(state, None) == todo[0]
    assert adj.next_disagreement(state, todo[0]) == todo[1]
    assert adj.next_disagreement(state, todo[-1]) == todo[0]  # wraps
    assert adj.next_disagreement(state, todo[-1], wrap=False) is None
    assert adj.next_disagreement(state, todo[0], forward=False) == todo[-1]
    assert adj.next_disagreement(state, None, forward=False) == todo[-1]
    for item in state.unresolved:
        for ann in item.proposals:
            if not item.resolved:
                adj.reject(project, doc, ann.uuid)
    state = adj.review_state(project, doc, NAMES)
    assert adj.next_disagreement(state, None) is None


def test_restoring_a_gold_layer_undoes_and_redoes(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    before = adj.gold_layer(project, doc)
    un = proposal(project, doc, "amal", "ACTOR", UN)
    adj.reject(project, doc, proposal(project, doc, "badr", "CLAIM", UN).uuid)
    made = adj.accept(project, doc, un.uuid)
    adj.edit_gold(project, made, label="CASUALTY")
    after = adj.gold_layer(project, doc)
    adj.restore_gold_layer(project, before)
    assert adj.gold_layer(project, doc) == before
    adj.restore_gold_layer(project, after)
    restored = adj.gold_layer(project, doc)
    assert [a.uuid for a in restored.annotations] == [a.uuid for a in after.annotations]
    assert restored.decisions == after.decisions
    assert project.annotation(made).label == "CASUALTY"

    empty = adj.GoldLayer(doc, (), (), (), "new")
    adj.restore_gold_layer(project, empty)
    assert project.annotations(doc, GOLD) == [] and adj.decisions(project, doc) == {}
    assert adj.curation_status(project, doc) == "new"
    assert adj.open_for_review(project, doc, NAMES).auto_merged  # a first opening again


# ---------------------------------------------------------------- schema v2


def _schema_rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return list(
            conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"  # not ANALYZE's statistics
            )
        )
    finally:
        conn.close()


def test_a_read_only_copy_of_a_v1_file_is_migrated_without_its_search_index(tmp_path):
    from annotator.team import open_readonly

    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "project_v1.sqlite", path)
    before = path.read_bytes()
    for searchable, found in ((False, []), (True, [1])):
        project = open_readonly(path, searchable=searchable)
        try:
            assert project.meta()["schema_version"] == "7"
            assert len(project.annotations(project.document_ids()[0])) == 4  # what merge reads
            indexed = project.conn.execute("SELECT count(*) FROM doc_index_docsize").fetchone()
            assert (indexed[0] > 0) == searchable
            assert project.search("القصف").document_ids == found
        finally:
            project.conn.close()
    assert path.read_bytes() == before  # the file itself is never changed


def test_v1_project_file_migrates_to_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "project_v1.sqlite", path)
    conn = sqlite3.connect(path)
    assert dict(conn.execute("SELECT key, value FROM meta"))["schema_version"] == "1"
    assert "curation" not in {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()

    with Project.open(path) as project:
        assert project.meta()["schema_version"] == str(schema.SCHEMA_VERSION) == "7"
        # v3 rebuilt the search index for its `ascii` tokenizer from the texts
        assert project.search("القصف").document_ids == [1]
        assert project.search("وزاره").document_ids == [2]  # normalized, inside a word
        assert project.search("12").document_ids == [1]
        first = project.document_ids()[0]
        assert len(project.annotations(first)) == 4
        assert project.status(first, "amal") == "done"
        state = adj.open_for_review(project, first)
        assert state.annotators == ["amal", "badr"]
        (merged,) = state.gold.values()  # the army spokesman, kind agreed
        assert merged.proposed_by == ("amal", "badr")
        assert merged.attributes == {"kind": "armed group"}
        lone = next(a for a in state.proposals.values() if a.label == "CASUALTY")
        adj.reject(project, first, lone.uuid)
    with Project.open(path) as project:
        assert adj.review_state(project, first).is_rejected(lone.uuid)

    with Project.create(tmp_path / "fresh.sqlite"):
        pass
    assert _schema_rows(path) == _schema_rows(tmp_path / "fresh.sqlite")


def test_deleting_a_proposal_drops_its_decision(project: Project, doc: int) -> None:
    adj.open_for_review(project, doc, NAMES)
    un = proposal(project, doc, "amal", "ACTOR", UN)
    adj.reject(project, doc, un.uuid)
    project.delete_annotation(un.uuid)
    assert un.uuid not in adj.decisions(project, doc)


def test_quick_refresh_matches_a_full_reload(project: Project, doc: int) -> None:
    state = adj.open_for_review(project, doc, NAMES)
    adj.accept(project, doc, proposal(project, doc, "badr", "CASUALTY", THREE_LONG).uuid)
    adj.reject(project, doc, proposal(project, doc, "amal", "ACTOR", UN).uuid)
    quick = adj.review_state(project, doc, NAMES, previous=state)
    full = adj.review_state(project, doc, NAMES)
    assert [(c.resolution, c.gold, c.rejected) for c in quick.clusters] == [
        (c.resolution, c.gold, c.rejected) for c in full.clusters
    ]
    assert quick.gold == full.gold and quick.decisions == full.decisions
    assert [c.resolution for c in state.clusters] != [c.resolution for c in quick.clusters]
