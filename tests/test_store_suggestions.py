"""The store's suggestions (`store/suggestions.py`): what is stored and shown, accepting,
rejecting and their undo, bulk acceptance and its undo, gazetteers, migration, failed writes."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from failing_disk import FailingCommits

from annotator.errors import NotFoundError, SchemaError
from annotator.model import DocRecord
from annotator.rules import LabelDef
from annotator.store import NewSuggestion, Project, WriteError

DATA = Path(__file__).parent / "data"
ME, OTHER = "lina", "omar"
TEXT = "قالت وزارة الدفاع الأذربيجانية إن 11 شرطيا قتلوا في انفجار لغم."
# the same ministry, with a damma and a tatweel
TEXT2 = "وأكدت وزارةُ الدفـاع أن الهجوم فشل."
ACTOR = "وزارة الدفاع الأذربيجانية"
MINISTRY = "وزارة الدفاع"
MINISTRY2 = "وزارةُ الدفـاع"
CLAIM = "11 شرطيا قتلوا في انفجار لغم"
DEAD = "11 شرطيا"


def span_of(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


@pytest.fixture
def docs(project) -> tuple[int, int]:
    added = project.add_documents(
        [DocRecord(text=TEXT, name="one"), DocRecord(text=TEXT2, name="two")]
    ).added
    return added[0], added[1]


def item(doc: int, label: str, phrase: str, *, text: str = TEXT, score: float = 0.8, **more):
    start, end = span_of(phrase, text)
    return NewSuggestion(doc, more.pop("recommender", "strings"), label, start, end, score, **more)


def state(project: Project) -> dict[str, list[tuple]]:
    """Everything suggestions may touch, row by row (rowids left out)."""
    queries = {
        "annotations": 'SELECT uuid, document_id, annotator_id, label, start, "end", text, '
        "attributes, suggested_by FROM annotations ORDER BY uuid",
        "relations": "SELECT uuid, document_id, annotator_id, label, head, tail FROM relations "
        "ORDER BY uuid",
        "suggestions": "SELECT uuid, document_id, annotator_id, recommender, label, start, "
        '"end", text, score, attributes, source_start, source_end, created_at FROM suggestions '
        "ORDER BY uuid",
        "rejections": "SELECT * FROM rejections ORDER BY 1, 2, 3",
        "gazetteer": "SELECT * FROM gazetteer ORDER BY 1, 2, 3",
        "annotators": "SELECT name FROM annotators ORDER BY name",
    }
    return {name: project.conn.execute(sql).fetchall() for name, sql in queries.items()}


def history_actions(project: Project) -> list[str]:
    return [entry.action for entry in reversed(project.history(1000))]


def shown(project: Project, doc: int, annotator: str = ME) -> list[tuple[str, str, float]]:
    return [(s.label, s.text, s.score) for s in project.suggestions(doc, annotator)]


# ---------------------------------------------------------------- storing and showing


def test_replace_stores_what_is_proposed_and_shows_it_in_order(project, docs):
    one, _ = docs
    stored = project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CASUALTY", DEAD, score=0.6, attributes={"count": 11}),
            item(one, "ACTOR", ACTOR),
        ],
    )
    assert stored == 2
    got = project.suggestions(one, ME)
    assert [(s.label, s.text, s.score, s.recommender) for s in got] == [
        ("ACTOR", ACTOR, 0.8, "strings"),
        ("CASUALTY", DEAD, 0.6, "strings"),
    ]
    assert got[1].attributes == {"count": 11} and got[0].attributes == {}
    assert project.suggestion(got[0].uuid) == got[0]
    assert project.suggestions(one, OTHER) == []  # per annotator
    assert [s.label for s in project.suggestions(one, ME, min_score=0.7)] == ["ACTOR"]
    assert project.suggestions(one, ME, recommenders={"model"}) == []
    # replacing again replaces, per recommender when asked
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", MINISTRY, recommender="model")])
    assert shown(project, one) == [("ACTOR", MINISTRY, 0.8)]
    project.replace_suggestions(
        ME, [one], [item(one, "CLAIM", CLAIM, recommender="claims")], recommenders={"claims"}
    )
    assert shown(project, one) == [("ACTOR", MINISTRY, 0.8), ("CLAIM", CLAIM, 0.8)]
    assert project.clear_suggestions(ME, [one]) == 2
    assert project.suggestions(one, ME) == []


def test_a_span_the_annotator_holds_with_that_label_is_not_suggested(project, docs):
    one, _ = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.add_annotation(one, ME, "ACTOR", *span_of(ACTOR))
    assert project.suggestions(one, ME) == []  # stored before, hidden now
    project.add_annotation(one, OTHER, "ACTOR", *span_of(MINISTRY))  # someone else's
    stored = project.replace_suggestions(
        ME,
        [one],
        [item(one, "ACTOR", ACTOR), item(one, "CLAIM", ACTOR), item(one, "ACTOR", MINISTRY)],
    )
    assert stored == 2
    assert shown(project, one) == [("CLAIM", ACTOR, 0.8), ("ACTOR", MINISTRY, 0.8)]


def test_a_rejected_label_and_text_is_not_suggested_anywhere_in_any_spelling(project, docs):
    one, two = docs
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.replace_suggestions(OTHER, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", MINISTRY)])
    (turned_down,) = project.suggestions(one, ME)
    rejected = project.reject_suggestions([turned_down.uuid])
    assert rejected.keys == [("ACTOR", "وزاره الدفاع")]
    assert project.suggestions(one, ME) == []
    # the variant with a damma and a tatweel, in another document: hidden, and not stored again
    assert project.suggestions(two, ME) == []
    stored = project.replace_suggestions(
        ME,
        [two],
        [item(two, "ACTOR", MINISTRY2, text=TEXT2), item(two, "CLAIM", MINISTRY2, text=TEXT2)],
    )
    assert stored == 1 and shown(project, two) == [("CLAIM", MINISTRY2, 0.8)]
    assert shown(project, two, OTHER) == [("ACTOR", MINISTRY2, 0.8)]  # their own rejections
    assert [(r.label, r.key) for r in project.rejections(ME)] == [("ACTOR", "وزاره الدفاع")]
    assert project.forget_rejections(ME, "CLAIM") == 0
    assert project.forget_rejections(ME) == 1
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    assert shown(project, two) == [("ACTOR", MINISTRY2, 0.8)]


def test_of_duplicate_suggestions_the_best_scored_is_kept(project, docs):
    one, _ = docs
    stored = project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "ACTOR", ACTOR, score=0.4),
            item(one, "ACTOR", ACTOR, score=0.9, recommender="model"),
            item(one, "ACTOR", ACTOR, score=0.7, recommender="casualty"),
        ],
    )
    assert stored == 1
    (kept,) = project.suggestions(one, ME)
    assert (kept.score, kept.recommender) == (0.9, "model")


def test_stored_ids_count_up_in_the_order_places_are_first_seen(project, docs):
    """A better scored duplicate takes its place's id and position; the ids of one store are
    consecutive (as a bulk import's), in the order the places first came."""
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "ACTOR", ACTOR, score=0.4),
            item(one, "ACTOR", MINISTRY, score=0.5),
            item(one, "ACTOR", ACTOR, score=0.9, recommender="model"),
        ],
    )
    rows = project.conn.execute(
        "SELECT uuid, text, score FROM suggestions WHERE document_id = ? ORDER BY id", (one,)
    ).fetchall()
    assert [(text, score) for _, text, score in rows] == [(ACTOR, 0.9), (MINISTRY, 0.5)]
    first, second = (uuid for uuid, _, _ in rows)
    assert first[:-12] == second[:-12]
    assert int(second[-12:], 16) == int(first[-12:], 16) + 1


@pytest.mark.parametrize(
    ("start", "end", "score", "source", "message"),
    [
        (-1, 4, 0.5, None, "outside"),
        (4, 4, 0.5, None, "outside"),
        (0, len(TEXT) + 1, 0.5, None, "outside"),
        (1.0, 4, 0.5, None, "integers"),
        (0, 4, 0.0, None, "score"),
        (0, 4, 1.5, None, "score"),
        (0, 4, float("nan"), None, "score"),
        (0, 4, 0.5, (3, len(TEXT) + 5), "outside"),
    ],
)
def test_bad_offsets_or_scores_are_refused_and_nothing_is_written(
    project, docs, start, end, score, source, message
):
    one, _ = docs
    project.replace_suggestions(OTHER, [one], [item(one, "ACTOR", ACTOR)])
    before = state(project)
    bad = NewSuggestion(one, "strings", "ACTOR", start, end, score, source=source)
    with pytest.raises(SchemaError, match=message):
        project.replace_suggestions(ME, [one], [item(one, "CLAIM", CLAIM), bad])
    with pytest.raises(SchemaError, match=message):
        project.replace_suggestions(OTHER, [one], [bad])
    assert state(project) == before  # not even the annotator ME


def test_a_suggestion_for_a_document_not_replaced_is_refused(project, docs):
    one, two = docs
    with pytest.raises(SchemaError, match="not being replaced"):
        project.replace_suggestions(ME, [one], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    assert project.suggestion_counts() == []


# ---------------------------------------------------------------- accepting


def test_accepting_makes_the_annotators_annotation_with_its_provenance(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "ACTOR", ACTOR, score=0.75, attributes={"kind": "state"}),
            item(one, "CASUALTY", DEAD, attributes={"count": "11", "outcome": "killed"}),
        ],
    )
    actor, casualty = project.suggestions(one, ME)
    accepted = project.accept_suggestions([actor.uuid])
    (ann,) = accepted.annotations
    assert (ann.label, ann.text, ann.annotator, ann.attributes) == (
        "ACTOR",
        ACTOR,
        ME,
        {"kind": "state"},
    )
    assert ann.suggested_by == {"recommender": "strings", "score": 0.75}
    assert project.annotation(ann.uuid) == ann  # stored as returned
    assert accepted.suggestions == [actor] and accepted.relations == []
    assert history_actions(project)[-1] == "add annotation"  # the one path
    assert [s.uuid for s in project.suggestions(one, ME)] == [casualty.uuid]
    # attributes are validated: a count in its stored form, a bad choice refused
    with pytest.raises(SchemaError, match="outcome"):
        project.accept_suggestions([casualty.uuid], attributes={casualty.uuid: {"outcome": "x"}})
    assert [s.uuid for s in project.suggestions(one, ME)] == [casualty.uuid]
    (made,) = project.accept_suggestions([casualty.uuid]).annotations
    assert made.attributes == {"count": 11, "outcome": "killed"}
    with pytest.raises(NotFoundError):
        project.accept_suggestions([casualty.uuid])  # gone


def test_an_accepted_claim_gets_its_source_and_the_actor_suggested_there(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR)),
            item(one, "ACTOR", ACTOR, score=0.6),
        ],
    )
    claim = next(s for s in project.suggestions(one, ME) if s.label == "CLAIM")
    assert claim.source == span_of(ACTOR)
    accepted = project.accept_suggestions([claim.uuid])
    made = {a.label: a for a in accepted.annotations}
    assert set(made) == {"CLAIM", "ACTOR"} and len(accepted.suggestions) == 2
    assert made["ACTOR"].suggested_by == {"recommender": "strings", "score": 0.6}
    (relation,) = accepted.relations
    assert (relation.label, relation.head, relation.tail) == (
        "source",
        made["CLAIM"].uuid,
        made["ACTOR"].uuid,
    )
    assert project.relations(one, ME) == [relation]
    assert project.suggestions(one, ME) == []


def test_an_accepted_claim_links_to_the_actor_already_there(project, docs):
    one, _ = docs
    actor = project.add_annotation(one, ME, "ACTOR", *span_of(ACTOR))
    project.replace_suggestions(
        ME, [one], [item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR))]
    )
    (claim,) = project.suggestions(one, ME)
    accepted = project.accept_suggestions([claim.uuid])
    assert [a.label for a in accepted.annotations] == ["CLAIM"]
    (relation,) = accepted.relations
    assert relation.tail == actor.uuid
    assert len(project.annotations(one, ME)) == 2


def test_accepting_a_span_already_held_adds_no_second_one(project, docs):
    one, _ = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    (suggestion,) = project.suggestions(one, ME)
    held = project.add_annotation(one, ME, "ACTOR", *span_of(ACTOR))
    accepted = project.accept_suggestions([suggestion.uuid])
    assert accepted.annotations == [] and accepted.suggestions == [suggestion]
    assert project.annotations(one, ME) == [held]
    assert project.suggestion_counts() == []


def test_taking_an_acceptance_back_restores_exactly(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR)),
            item(one, "ACTOR", ACTOR, attributes={"kind": "state"}),
            item(one, "CASUALTY", DEAD),
        ],
    )
    project.add_annotation(one, ME, "CASUALTY", *span_of(DEAD))  # hides that suggestion
    before = state(project)
    claim = next(s for s in project.suggestions(one, ME) if s.label == "CLAIM")
    accepted = project.accept_suggestions([claim.uuid])
    assert state(project) != before
    project.take_back(accepted)
    assert state(project) == before
    project.accept_again(accepted)  # redo: the same ids
    assert {a.uuid for a in project.annotations(one, ME)} >= {a.uuid for a in accepted.annotations}
    assert project.relations(one, ME) == accepted.relations


def test_taking_back_a_link_between_spans_held_before_removes_the_link(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME, [one], [item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR))]
    )
    project.add_annotation(one, ME, "ACTOR", *span_of(ACTOR))
    project.add_annotation(one, ME, "CLAIM", *span_of(CLAIM))  # after it was suggested
    before = state(project)
    (claim,) = project.conn.execute("SELECT uuid FROM suggestions").fetchall()
    accepted = project.accept_suggestions([claim[0]])
    assert accepted.annotations == [] and len(accepted.relations) == 1
    project.take_back(accepted)
    assert state(project) == before


def test_a_rejection_and_its_undo_restore_exactly(project, docs):
    one, two = docs
    project.replace_suggestions(
        ME, [one], [item(one, "ACTOR", MINISTRY), item(one, "CLAIM", CLAIM)]
    )
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.replace_suggestions(OTHER, [one], [item(one, "ACTOR", MINISTRY)])
    before = state(project)
    ministry = next(s for s in project.suggestions(one, ME) if s.label == "ACTOR")
    rejected = project.reject_suggestions([ministry.uuid])
    assert rejected.suggestions == [ministry]
    assert shown(project, two) == []  # the same text elsewhere: hidden
    project.restore_suggestions(rejected.suggestions, forget=rejected.keys)
    assert state(project) == before
    assert shown(project, two) == [("ACTOR", MINISTRY2, 0.8)]


def test_undoing_a_rejection_keeps_the_rejection_made_before(project, docs):
    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", MINISTRY)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    (hidden,) = project.suggestions(one, ME)
    first = project.reject_suggestions([project.suggestions(two, ME)[0].uuid])
    assert project.suggestions(one, ME) == []
    second = project.reject_suggestions([hidden.uuid])  # still stored: rejected by its id
    assert first.keys == [("ACTOR", "وزاره الدفاع")] and second.keys == []
    project.restore_suggestions(second.suggestions, forget=second.keys)
    assert project.suggestions(one, ME) == []  # the first rejection still holds
    assert len(project.rejections(ME)) == 1
    project.restore_suggestions(first.suggestions, forget=first.keys)
    assert shown(project, one) == [("ACTOR", MINISTRY, 0.8)]


# ---------------------------------------------------------------- in bulk


def bulk_setup(project: Project, one: int, two: int) -> None:
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR), score=0.9),
            item(one, "ACTOR", ACTOR, score=0.7),
            item(one, "CASUALTY", DEAD, recommender="casualty", attributes={"count": 11}),
            item(one, "ACTOR", "لغم", score=0.2),
        ],
    )
    project.replace_suggestions(
        ME,
        [two],
        [
            item(two, "ACTOR", MINISTRY2, text=TEXT2, attributes={"kind": "militia"}),  # refused
            item(two, "EVENT", "الهجوم", text=TEXT2),  # a label not (or no longer) in the schema
            item(two, "CLAIM", "الهجوم فشل", text=TEXT2, score=0.5),
        ],
    )


def test_accept_all_is_one_history_entry_and_counts_what_it_skipped(project, docs):
    one, two = docs
    bulk_setup(project, one, two)
    project.replace_suggestions(OTHER, [one], [item(one, "ACTOR", ACTOR)])
    entries = len(history_actions(project))
    result = project.accept_all(ME, min_score=0.3)
    assert history_actions(project)[entries:] == ["accept suggestions"]
    assert result.accepted == {"CLAIM": 2, "ACTOR": 1, "CASUALTY": 1}
    assert result.skipped == 2
    (detail,) = [e.detail for e in project.history(1) if e.action == "accept suggestions"]
    assert detail["batch"] == result.batch and detail["skipped"] == 2 and detail["accepted"] == 4
    anns = {a.label: a for a in project.annotations(one, ME)}
    assert anns["ACTOR"].suggested_by == {
        "recommender": "strings",
        "score": 0.7,
        "batch": result.batch,
    }
    assert anns["CLAIM"].suggested_by["source"] == list(span_of(ACTOR))
    (relation,) = project.relations(one, ME)
    assert (relation.head, relation.tail) == (anns["CLAIM"].uuid, anns["ACTOR"].uuid)
    # the refused ones: nothing half-made, still suggested
    assert [a.label for a in project.annotations(two, ME)] == ["CLAIM"]
    assert sorted(shown(project, two)) == [("ACTOR", MINISTRY2, 0.8), ("EVENT", "الهجوم", 0.8)]
    # what scored below stays suggested; OTHER's are theirs
    assert shown(project, one) == [("ACTOR", "لغم", 0.2)]
    assert len(project.suggestions(one, OTHER)) == 1
    assert project.annotations(one, OTHER) == []


def test_accept_all_keeps_a_claim_whose_actor_is_refused_unlinked(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR)),
            item(one, "ACTOR", ACTOR, attributes={"kind": "militia"}),
        ],
    )
    result = project.accept_all(ME)
    assert result.accepted == {"CLAIM": 1} and result.skipped == 1
    assert [a.label for a in project.annotations(one, ME)] == ["CLAIM"]
    assert project.relations(one, ME) == []


def test_undo_bulk_accept_gives_back_unchanged_ones_and_keeps_changed_ones(project, docs):
    one, two = docs
    with pytest.raises(NotFoundError, match="no bulk acceptance"):
        project.undo_bulk_accept(ME)
    bulk_setup(project, one, two)
    first = project.accept_all(ME, min_score=0.3, document_ids=[one])
    second = project.accept_all(ME, min_score=0.3, document_ids=[two])
    assert second.accepted == {"CLAIM": 1}
    casualty = next(a for a in project.annotations(one, ME) if a.label == "CASUALTY")
    project.update_annotation(casualty.uuid, attributes={"count": 12})  # the annotator's now
    entries = len(history_actions(project))

    undone = project.undo_bulk_accept(ME)  # the latest batch first
    assert (undone.batch, undone.removed, undone.kept) == (second.batch, 1, 0)
    assert project.annotations(two, ME) == []
    undone = project.undo_bulk_accept(ME)  # then the one before
    assert (undone.batch, undone.removed, undone.kept) == (first.batch, 2, 1)
    assert history_actions(project)[entries:] == ["undo accept suggestions"] * 2
    assert [a.uuid for a in project.annotations(one, ME)] == [casualty.uuid]
    assert project.relations(one, ME) == []
    back = {s.text: s for s in project.suggestions(one, ME)}
    assert set(back) == {CLAIM, ACTOR, "لغم"}
    assert back[CLAIM].source == span_of(ACTOR)  # accepting it again links it again
    assert (back[CLAIM].label, back[CLAIM].recommender, back[CLAIM].score) == (
        "CLAIM",
        "claims",
        0.9,
    )
    assert (back[ACTOR].recommender, back[ACTOR].score) == ("strings", 0.7)
    with pytest.raises(NotFoundError):
        project.undo_bulk_accept(ME)
    again = project.accept_all(ME, min_score=0.3, document_ids=[one])
    assert again.accepted == {"CLAIM": 1, "ACTOR": 1}
    assert len(project.relations(one, ME)) == 1


def test_accept_all_leaves_documents_marked_done_alone(project, docs):
    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.set_status(two, ME, "done")
    result = project.accept_all(ME)
    assert result.accepted == {"ACTOR": 1}
    assert [a.text for a in project.annotations(one, ME)] == [ACTOR]
    assert project.annotations(two, ME) == [] and project.status(two, ME) == "done"
    assert shown(project, two) == [("ACTOR", MINISTRY2, 0.8)]  # still there, not taken
    # named explicitly, a done document is taken
    assert project.accept_all(ME, document_ids=[two]).accepted == {"ACTOR": 1}


def test_accept_all_takes_no_source_actor_below_its_minimum_or_of_other_recommenders(project, docs):
    one, _ = docs
    project.replace_suggestions(
        ME,
        [one],
        [
            item(one, "CLAIM", CLAIM, recommender="claims", score=0.9, source=span_of(ACTOR)),
            item(one, "ACTOR", ACTOR, score=0.5),
        ],
    )
    result = project.accept_all(ME, min_score=0.8)
    assert result.accepted == {"CLAIM": 1}
    assert project.relations(one, ME) == []
    assert shown(project, one) == [("ACTOR", ACTOR, 0.5)]
    project.undo_bulk_accept(ME)
    assert project.accept_all(ME, recommenders=["claims"]).accepted == {"CLAIM": 1}
    assert shown(project, one) == [("ACTOR", ACTOR, 0.5)]


def test_undo_bulk_accept_keeps_what_the_annotator_linked_or_finished_since(project, docs):
    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.accept_all(ME)
    (actor,) = project.annotations(one, ME)
    own = project.add_annotation(one, ME, "CLAIM", *span_of(CLAIM))
    link = project.add_relation(one, ME, "source", own.uuid, actor.uuid)
    project.set_status(two, ME, "done")
    undone = project.undo_bulk_accept(ME)
    assert (undone.removed, undone.kept) == (0, 2)
    assert project.relations(one, ME) == [link]
    assert [a.text for a in project.annotations(two, ME)] == [MINISTRY2]


def test_undo_bulk_accept_removes_a_claim_it_linked_to_a_hand_made_actor(project, docs):
    one, _ = docs
    actor = project.add_annotation(one, ME, "ACTOR", *span_of(ACTOR))
    claim = item(one, "CLAIM", CLAIM, recommender="claims", source=span_of(ACTOR))
    project.replace_suggestions(ME, [one], [claim])
    assert project.accept_all(ME).accepted == {"CLAIM": 1}
    assert len(project.relations(one, ME)) == 1
    undone = project.undo_bulk_accept(ME)
    assert (undone.removed, undone.kept) == (1, 0)  # the batch's own link is no reason to keep
    assert [a.uuid for a in project.annotations(one, ME)] == [actor.uuid]
    assert project.relations(one, ME) == []
    assert shown(project, one) == [("CLAIM", CLAIM, 0.8)]


def test_a_named_done_document_is_reopened_and_its_batch_can_be_undone(project, docs):
    one, _ = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.set_status(one, ME, "done")
    result = project.accept_all(ME, document_ids=[one])
    assert result.accepted == {"ACTOR": 1} and result.reopened == (one,)
    assert project.status(one, ME) == "in progress"  # changed, so no longer finished
    undone = project.undo_bulk_accept(ME)
    assert (undone.removed, undone.kept) == (1, 0)
    assert project.annotations(one, ME) == []


def test_undo_bulk_accept_gives_back_the_term_a_suggestion_matched(project, docs):
    one, _ = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", MINISTRY, key="وزاره الدفاع")])
    project.accept_all(ME)
    project.undo_bulk_accept(ME)
    (back,) = project.suggestions(one, ME)
    assert back.key == "وزاره الدفاع"


# ---------------------------------------------------------------- gazetteers


def test_gazetteers_are_set_replaced_and_removed_by_name(project):
    assert project.set_gazetteer("places.tsv", [("أذربيجان", "ACTOR"), ("باكو", "ACTOR")]) == 2
    assert project.set_gazetteer("groups.tsv", [("حماس", "ACTOR"), ("حماس", "ACTOR")]) == 1
    assert [(g.name, g.text) for g in project.gazetteer()] == [
        ("groups.tsv", "حماس"),
        ("places.tsv", "أذربيجان"),
        ("places.tsv", "باكو"),
    ]
    assert project.set_gazetteer("places.tsv", [("يريفان", "ACTOR")]) == 1  # replaced
    assert [g.text for g in project.gazetteer() if g.name == "places.tsv"] == ["يريفان"]
    assert project.remove_gazetteer("places.tsv") == 1
    assert project.remove_gazetteer("places.tsv") == 0
    assert [g.name for g in project.gazetteer()] == ["groups.tsv"]
    assert history_actions(project)[-3:] == ["load gazetteer", "load gazetteer", "remove gazetteer"]


# ---------------------------------------------------------------- older files, failed writes


def v4_file(path: Path) -> Path:
    """A version 4 project file: the v1 test file lifted by the migrations up to 4."""
    from annotator.store import schema

    shutil.copy(DATA / "project_v1.sqlite", path)
    with closing(sqlite3.connect(path)) as conn, conn:
        for version in (2, 3, 4):
            schema.MIGRATIONS[version](conn, True)
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    return path


def test_a_version_4_file_is_migrated_and_takes_suggestions(tmp_path):
    path = v4_file(tmp_path / "v4.sqlite")
    with closing(sqlite3.connect(path)) as conn:
        assert "suggestions" not in {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    with Project.open(path) as project:
        assert project.meta()["schema_version"] == "7"
        from annotator.store.health import check_project

        assert check_project(project).ok
        doc = project.document_ids()[0]
        before = project.annotations(doc)
        assert len(before) == 4 and all(a.suggested_by is None for a in before)
        text = project.document_text(doc)
        free = next(
            (start, start + 3)
            for start in range(len(text) - 3)
            if text[start : start + 3].strip() == text[start : start + 3]
            and all(not (a.start < start + 3 and start < a.end) for a in before)
        )
        project.replace_suggestions(
            "amal", [doc], [NewSuggestion(doc, "strings", "ACTOR", *free, 1)]
        )
        (suggestion,) = project.suggestions(doc, "amal")
        (ann,) = project.accept_suggestions([suggestion.uuid]).annotations
    with Project.open(path) as project:
        assert project.annotation(ann.uuid).suggested_by == {"recommender": "strings", "score": 1.0}


@pytest.mark.parametrize(
    "action",
    ["replace", "accept", "reject", "accept_all", "undo_bulk", "gazetteer", "take_back"],
)
def test_a_failed_write_leaves_everything_as_it_was(project, docs, action):
    one, two = docs
    bulk_setup(project, one, two)
    if action == "undo_bulk":
        project.accept_all(ME)
    accepted = None
    if action == "take_back":
        claim = next(s for s in project.suggestions(one, ME) if s.label == "CLAIM")
        accepted = project.accept_suggestions([claim.uuid])
    before = state(project)
    entries = len(history_actions(project))
    real = project.conn
    project.conn = FailingCommits(real, failing=True)
    uuids = [s.uuid for s in project.suggestions(one, ME)]
    run = {
        "replace": lambda: project.replace_suggestions(ME, [one], [item(one, "ACTOR", MINISTRY)]),
        "accept": lambda: project.accept_suggestions(uuids),
        "reject": lambda: project.reject_suggestions(uuids),
        "accept_all": lambda: project.accept_all(ME),
        "undo_bulk": lambda: project.undo_bulk_accept(ME),
        "gazetteer": lambda: project.set_gazetteer("g.tsv", [("باكو", "ACTOR")]),
        "take_back": lambda: project.take_back(accepted),
    }[action]
    with pytest.raises(WriteError):
        run()
    assert not real.in_transaction
    project.conn = real
    assert state(project) == before
    assert len(history_actions(project)) == entries
    run()  # and it works once the disk does


def test_a_label_renamed_or_deleted_carries_its_suggestions_along(project, docs):
    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR), item(one, "CLAIM", CLAIM)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.reject_suggestions([project.suggestions(two, ME)[0].uuid])
    project.set_gazetteer("g.tsv", [("باكو", "ACTOR"), ("فشل", "CLAIM"), ("باكو", "AGENT")])
    # a label AGENT defined once, and deleted: its rejections and gazetteer entries stay
    project.set_label(LabelDef("AGENT", "#123456"))
    project.replace_suggestions(ME, [one], [item(one, "AGENT", MINISTRY)])
    project.reject_suggestions([project.suggestions(one, ME)[0].uuid])
    project.delete_label("AGENT")
    assert len(project.rejections(ME)) == 2 and len(project.gazetteer()) == 3
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR), item(one, "CLAIM", CLAIM)])
    project.rename_label("ACTOR", "AGENT")
    assert [s.label for s in project.suggestions(one, ME)] == ["AGENT", "CLAIM"]
    assert [(r.label, r.key) for r in project.rejections(ME)] == [("AGENT", "وزاره الدفاع")]
    assert sorted((g.label, g.text) for g in project.gazetteer()) == [
        ("AGENT", "باكو"),
        ("CLAIM", "فشل"),
    ]
    stored = project.replace_suggestions(ME, [two], [item(two, "AGENT", MINISTRY2, text=TEXT2)])
    assert stored == 0  # still rejected under its new name
    project.set_label(LabelDef("EVENT", "#123456"))
    project.replace_suggestions(ME, [two], [item(two, "EVENT", "الهجوم", text=TEXT2)])
    project.delete_label("EVENT")
    assert project.suggestions(two, ME) == []  # pending suggestions go with their label


# ---------------------------------------------------------------- team copies


def test_a_copy_carries_rejections_provenance_and_gazetteers_and_merge_brings_them_back(
    project, docs, tmp_path
):
    from annotator.team import assign_documents, merge_projects

    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR, score=0.75)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    (accepted,) = project.accept_suggestions([project.suggestions(one, ME)[0].uuid]).annotations
    project.reject_suggestions([project.suggestions(two, ME)[0].uuid])
    project.replace_suggestions(ME, [one], [item(one, "CLAIM", CLAIM)])  # does not travel
    project.set_gazetteer("g.tsv", [("باكو", "ACTOR")])
    assign_documents(project, tmp_path / "team", [ME, OTHER], 1.0, seed=1)
    with Project.open(tmp_path / "team" / f"{ME}.sqlite") as copy:
        (doc,) = [d for d in copy.document_ids() if copy.document_text(d) == TEXT]
        (ann,) = copy.annotations(doc, ME)
        assert ann.uuid == accepted.uuid
        assert ann.suggested_by == {"recommender": "strings", "score": 0.75}
        assert [(r.label, r.key) for r in copy.rejections(ME)] == [("ACTOR", "وزاره الدفاع")]
        assert copy.gazetteer() == project.gazetteer()
        assert copy.suggestion_counts() == []
        # work in the copy: a suggestion accepted, another rejected
        copy.replace_suggestions(ME, [doc], [item(doc, "CASUALTY", DEAD, score=0.5)])
        copy.replace_suggestions(ME, [doc], [item(doc, "ACTOR", "لغم")], recommenders={"x"})
        casualty, mine = sorted(copy.suggestions(doc, ME), key=lambda s: s.label, reverse=True)
        (made,) = copy.accept_suggestions([casualty.uuid]).annotations
        copy.reject_suggestions([mine.uuid])
    with Project.open(tmp_path / "team" / f"{OTHER}.sqlite") as copy:
        assert copy.rejections(OTHER) == [] and copy.rejections(ME) == []
    (report,) = merge_projects(project, [tmp_path / "team" / f"{ME}.sqlite"])
    assert (report.annotations_added, report.rejections_added) == (1, 1)
    assert project.annotation(made.uuid).suggested_by == {"recommender": "strings", "score": 0.5}
    assert sorted(r.key for r in project.rejections(ME)) == ["لغم", "وزاره الدفاع"]
    (again,) = merge_projects(project, [tmp_path / "team" / f"{ME}.sqlite"])
    assert (again.annotations_added, again.rejections_added) == (0, 0)


# ---------------------------------------------------------------- gold


def test_gold_made_from_annotations_has_no_provenance_and_restoring_gold_keeps_its_own(
    project, docs
):
    from annotator import adjudication as adj
    from annotator.rules import GOLD

    one, _ = docs
    for who in (ME, OTHER):
        project.replace_suggestions(who, [one], [item(one, "ACTOR", ACTOR)])
        project.accept_suggestions([project.suggestions(one, who)[0].uuid])
    adj.open_for_review(project, one, min_agree=2)
    (gold,) = project.annotations(one, GOLD)
    assert gold.proposed_by == (ME, OTHER) and gold.suggested_by is None  # the curator's
    # a suggestion the curator accepted as gold keeps its provenance through a restore
    project.replace_suggestions(GOLD, [one], [item(one, "CASUALTY", DEAD, score=0.5)])
    (mine,) = project.accept_suggestions([project.suggestions(one, GOLD)[0].uuid]).annotations
    layer = adj.gold_layer(project, one)
    project.delete_annotation(mine.uuid)
    adj.restore_gold_layer(project, layer)
    assert project.annotation(mine.uuid).suggested_by == {"recommender": "strings", "score": 0.5}


# ---------------------------------------------------------------- check and recover


def test_check_names_suggestions_that_no_longer_fit_and_unreadable_provenance(project, docs):
    from annotator.store.health import check_project

    one, _ = docs
    project.replace_suggestions(
        ME, [one], [item(one, "ACTOR", ACTOR), item(one, "CLAIM", CLAIM, source=span_of(ACTOR))]
    )
    project.accept_suggestions([project.suggestions(one, ME)[0].uuid])
    report = check_project(project)
    assert report.ok and report.checked["suggestions"] == 1
    with project.transaction():
        project.conn.execute("UPDATE suggestions SET text = 'x', source_end = 999")
        project.conn.execute("UPDATE annotations SET suggested_by = '[1'")
    found = [(p.kind, p.message.split(": ", 1)[1]) for p in check_project(project).problems]
    assert found == [
        (
            "suggestion",
            f"span {span_of(CLAIM)[0]}-{span_of(CLAIM)[1]} holds {CLAIM!r}, its snapshot is 'x'",
        ),
        ("suggestion", f"its source {span_of(ACTOR)[0]}-999 is outside the text"),
        ("annotation", "the suggestion it came from (suggested_by) cannot be read"),
    ]


def test_recover_saves_rejections_gazetteers_and_provenance_not_pending_suggestions(
    project, docs, tmp_path
):
    from annotator.store.health import check_file
    from annotator.store.recover import recover

    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR), item(one, "CLAIM", CLAIM)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    (accepted,) = project.accept_suggestions([project.suggestions(one, ME)[0].uuid]).annotations
    project.reject_suggestions([project.suggestions(two, ME)[0].uuid])
    project.set_gazetteer("g.tsv", [("باكو", "ACTOR"), ("فشل", "CLAIM")])
    saved_state = state(project)
    project.close()
    report = recover(project.path, tmp_path / "saved.sqlite")
    assert report.complete
    assert (report.saved["rejected suggestions"], report.saved["gazetteer entries"]) == (1, 2)
    assert "1 pending suggestion(s) not saved" in " ".join(report.notes)
    assert check_file(tmp_path / "saved.sqlite").ok
    with Project.open(tmp_path / "saved.sqlite") as saved:
        assert saved.annotation(accepted.uuid).suggested_by == accepted.suggested_by
        assert state(saved) == {**saved_state, "suggestions": []}


# ---------------------------------------------------------------- native JSONL


@pytest.mark.parametrize("workers", [0, 2])
def test_an_accepted_suggestions_provenance_goes_through_jsonl_and_back(
    project, docs, tmp_path, workers
):
    import json

    from annotator.exporting import ExportOptions, export
    from annotator.importing import import_annotated

    one, two = docs
    project.add_annotation(one, ME, "CLAIM", *span_of(CLAIM))
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR, score=0.75)])
    (accepted,) = project.accept_suggestions([project.suggestions(one, ME)[0].uuid]).annotations
    options = ExportOptions(annotator=ME, include_unfinished=True, workers=workers)
    out = tmp_path / "out.jsonl"
    export(project, out, options)
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    spans = {s["label"]: s for s in lines[0]["spans"]}
    assert spans["ACTOR"]["suggested_by"] == {"recommender": "strings", "score": 0.75}
    assert "suggested_by" not in spans["CLAIM"]  # only when set
    # imported again, by the fast reader and by the one that reads anything
    slow = tmp_path / "slow.jsonl"
    slow.write_text(
        "".join(json.dumps({**line, "extra": 1}, ensure_ascii=False) + "\n" for line in lines),
        encoding="utf-8",
    )
    for source in (out, slow):
        with Project.create(tmp_path / f"{source.stem}.sqlite") as again:
            import_annotated(again, [source], "jsonl", annotator=ME, workers=workers)
            doc = next(d for d in again.document_ids() if again.document_text(d) == TEXT)
            by = {a.label: a.suggested_by for a in again.annotations(doc, ME)}
            assert by == {"ACTOR": accepted.suggested_by, "CLAIM": None}
            export(again, tmp_path / "again.jsonl", options)
            assert (tmp_path / "again.jsonl").read_text("utf-8").replace("\n", "").count(
                '"suggested_by"'
            ) == 1


def test_a_bad_suggested_by_in_jsonl_names_file_and_line(project, tmp_path):
    from annotator.errors import InputError
    from annotator.importing import import_annotated

    line = {"text": TEXT, "spans": [{"start": 0, "end": 4, "label": "CLAIM", "suggested_by": 3}]}
    source = tmp_path / "bad.jsonl"
    source.write_text(json_line(line), encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl.*1.*'suggested_by' must be an object"):
        import_annotated(project, [source], "jsonl", annotator=ME)
    assert project.document_ids() == []


def json_line(obj: dict) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False) + "\n"


def test_someone_with_only_suggestions_is_not_counted_among_the_annotators(project, docs):
    from annotator.store.readmodel import annotator_rows

    one, two = docs
    project.annotator_id("nour")  # registered, with nothing at all: counted, as before
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.replace_suggestions(OTHER, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.reject_suggestions([project.suggestions(two, OTHER)[0].uuid])
    assert project.annotators() == ["nour"]
    assert [row.name for row in annotator_rows(project)] == ["nour"]
    project.accept_suggestions([project.suggestions(one, ME)[0].uuid])  # now ME has work
    project.set_status(two, OTHER, "in progress")  # and OTHER a status
    assert project.annotators() == [ME, "nour", OTHER]
    assert [row.name for row in annotator_rows(project)] == [ME, "nour", OTHER]


def test_nothing_to_store_or_accept_registers_no_annotator(project, docs):
    one, _ = docs
    before, entries = state(project), len(history_actions(project))
    assert project.replace_suggestions("nour", [one], []) == 0
    assert project.accept_all("nour").accepted == {}
    assert state(project) == before and len(history_actions(project)) == entries


def test_undo_bulk_accept_keeps_a_span_someone_wrote_a_note_on(project, docs):
    """A note on an accepted span is work on it: the span stays, with its notes, and is
    counted as kept (with notes)."""
    one, two = docs
    project.replace_suggestions(ME, [one], [item(one, "ACTOR", ACTOR)])
    project.replace_suggestions(ME, [two], [item(two, "ACTOR", MINISTRY2, text=TEXT2)])
    project.accept_all(ME)
    (actor,) = project.annotations(one, ME)
    note = project.add_note(one, "lead", "the ministry?", annotation_uuid=actor.uuid)
    undone = project.undo_bulk_accept(ME)
    assert (undone.removed, undone.kept, undone.kept_with_notes) == (1, 1, 1)
    assert project.annotations(one, ME) == [actor]
    assert project.notes_on([actor.uuid]) == [note]
    assert project.annotations(two, ME) == []


def test_proposed_spans_are_checked_and_laid_out_as_the_same_items(project, docs):
    # a recommender's proposals go through the one check path as they are (no NewSuggestion
    # made of each): the same rows as the items, bad ones refused the same way
    from types import MappingProxyType

    from annotator.store.records import ProposedSpans
    from annotator.store.suggestions import prepare_suggestions
    from annotator.suggestions import Proposal

    one, two = docs
    count = MappingProxyType({"count": "11"})
    proposals = [
        Proposal(*span_of(ACTOR), "ACTOR", 0.5),
        Proposal(*span_of(ACTOR), "ACTOR", 0.9, key="k"),  # the same place, better: kept
        Proposal(*span_of(DEAD), "CASUALTY", 0.7, count),
        Proposal(*span_of(CLAIM), "CLAIM", 0.6, source=span_of(ACTOR)),
    ]
    items = [
        NewSuggestion(
            one,
            "claims",
            p.label,
            p.start,
            p.end,
            p.score,
            dict(p.attributes) or None,
            p.source,
            p.key,
        )
        for p in proposals
    ]
    by_items = prepare_suggestions(project.conn, ME, [one, two], items)
    grouped = prepare_suggestions(
        project.conn, ME, [one, two], proposed=[ProposedSpans(one, "claims", proposals)]
    )

    def laid_out(rows: list[tuple]) -> list[tuple]:  # but the id and the time made
        return [row[1:11] + row[12:] for row in rows]

    assert laid_out(grouped.rows) == laid_out(by_items.rows)
    assert len(grouped.rows) == 3 and grouped.counts == by_items.counts
    assert '"count": "11"' in grouped.rows[1][8]
    outside = Proposal(0, len(TEXT2) + 1, "ACTOR", 0.5)
    with pytest.raises(SchemaError, match="outside"):
        prepare_suggestions(project.conn, ME, [two], proposed=[ProposedSpans(two, "x", [outside])])
    with pytest.raises(SchemaError, match="score"):
        prepare_suggestions(
            project.conn,
            ME,
            [one],
            proposed=[ProposedSpans(one, "x", [proposals[0]._replace(score=0)])],
        )
    with pytest.raises(SchemaError, match="not being replaced"):
        prepare_suggestions(project.conn, ME, [one], proposed=[ProposedSpans(two, "x", [outside])])
