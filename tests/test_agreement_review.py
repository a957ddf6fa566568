"""Disagreement clusters and gold pre-merge."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.agreement import (
    AGREE,
    LABEL_CONFLICT,
    PARTIAL_OVERLAP,
    SUBSET,
    DocAnnotations,
    MergedSpanRecord,
    auto_merge,
    auto_merge_relations,
    disagreements,
)
from annotator.model import RelationRecord, SpanRecord

NAMES = ["a", "b", "c"]


def doc(relations=None, **spans) -> DocAnnotations:
    built = {
        name: [
            SpanRecord(
                s[0], s[1], s[2], s[3] if len(s) > 3 else None, name, s[4] if len(s) > 4 else {}
            )
            for s in items
        ]
        for name, items in spans.items()
    }
    return DocAnnotations("d", 200, [], built, relations or {})


def kinds(clusters):
    return [(c.start, c.end, c.kind) for c in clusters]


def test_cluster_kinds():
    d = doc(
        a=[
            (0, 5, "ACTOR"),
            (10, 20, "ACTOR"),
            (30, 40, "ACTOR"),
            (50, 60, "CLAIM"),
            (70, 75, "ACTOR"),
        ],
        b=[(0, 5, "ACTOR"), (12, 20, "ACTOR"), (30, 40, "CASUALTY"), (50, 60, "CLAIM")],
        c=[(0, 5, "ACTOR"), (10, 20, "ACTOR"), (31, 40, "CASUALTY"), (52, 60, "CLAIM")],
    )
    clusters = disagreements(d, NAMES)
    assert kinds(clusters) == [
        (0, 5, AGREE),
        (10, 20, PARTIAL_OVERLAP),
        (30, 40, LABEL_CONFLICT),
        (50, 60, PARTIAL_OVERLAP),
        (70, 75, SUBSET),
    ]
    conflict = clusters[2]
    assert conflict.labels == ["ACTOR", "CASUALTY"] and conflict.annotators == NAMES
    assert clusters[4].annotators == ["a"] and clusters[4].missing == ["b", "c"]
    assert clusters[0].exact and not clusters[1].exact
    assert [s.start for s in clusters[1].spans["b"]] == [12]


def test_nesting_by_the_same_annotators_is_not_a_label_conflict():
    claim_and_actor = [(0, 50, "CLAIM"), (0, 6, "ACTOR")]
    d = doc(a=claim_and_actor, b=claim_and_actor, c=[(0, 50, "CLAIM")])
    clusters = disagreements(d, NAMES)
    assert kinds(clusters) == [(0, 6, SUBSET), (0, 50, AGREE)]
    assert clusters[0].missing == ["c"]


def test_small_span_inside_other_label_is_two_clusters():
    d = doc(a=[(0, 50, "CLAIM")], b=[(0, 6, "ACTOR")])
    assert kinds(disagreements(d, ["a", "b"])) == [(0, 6, SUBSET), (0, 50, SUBSET)]
    # a lower threshold joins them
    joined = disagreements(d, ["a", "b"], label_conflict_jaccard=0.1)
    assert kinds(joined) == [(0, 50, LABEL_CONFLICT)]


def test_chained_overlaps_form_one_cluster_and_duplicates_are_partial():
    d = doc(a=[(0, 10, "ACTOR"), (8, 20, "ACTOR")], b=[(5, 15, "ACTOR")])
    clusters = disagreements(d, ["a", "b"])
    assert kinds(clusters) == [(0, 20, PARTIAL_OVERLAP)]
    assert len(clusters[0].spans["a"]) == 2
    same_twice = doc(a=[(0, 10, "ACTOR"), (0, 10, "ACTOR")], b=[(0, 10, "ACTOR")])
    assert kinds(disagreements(same_twice, ["a", "b"])) == [(0, 10, PARTIAL_OVERLAP)]


def test_empty_document_and_dict_output():
    assert disagreements(doc(), NAMES) == []
    cluster = disagreements(doc(a=[(3, 9, "ACTOR", "s1")]), ["a", "b"])[0]
    assert cluster.to_dict() == {
        "start": 3,
        "end": 9,
        "kind": SUBSET,
        "labels": ["ACTOR"],
        "annotators": ["a"],
        "missing": ["b"],
        "exact": True,
        "spans": {"a": [{"start": 3, "end": 9, "label": "ACTOR", "id": "s1"}]},
    }


def test_auto_merge_min_agree_and_attributes():
    d = doc(
        a=[
            (0, 5, "CASUALTY", "a1", {"count": 3, "unit": "killed"}),
            (10, 20, "ACTOR", "a2"),
            (30, 40, "CLAIM", "a3"),
        ],
        b=[
            (0, 5, "CASUALTY", "b1", {"count": 4, "unit": "killed"}),
            (10, 20, "ACTOR", "b2"),
            (31, 40, "CLAIM", "b3"),
        ],
        c=[(0, 5, "CASUALTY", "c1", {"count": 3}), (10, 20, "CLAIM", "c2")],
    )
    merged = auto_merge(d, NAMES, min_agree=2)
    assert [(m.start, m.end, m.label, m.annotators) for m in merged] == [
        (0, 5, "CASUALTY", ["a", "b", "c"]),
        (10, 20, "ACTOR", ["a", "b"]),
    ]
    casualty = merged[0]
    assert isinstance(casualty, MergedSpanRecord) and isinstance(casualty, SpanRecord)
    assert casualty.attributes == {}
    assert casualty.attribute_conflicts == {
        "count": {"a": 3, "b": 4, "c": 3},
        "unit": {"a": "killed", "b": "killed"},
    }
    assert [m.id for m in merged] == ["m1", "m2"]
    assert len(auto_merge(d, NAMES, min_agree=3)) == 1
    assert len(auto_merge(d, NAMES, min_agree=1)) == 5


def test_auto_merge_keeps_identical_attributes():
    span = (0, 5, "CASUALTY", None, {"count": [3, 5]})
    merged = auto_merge(doc(a=[span], b=[span]), ["a", "b"])
    assert merged[0].attributes == {"count": [3, 5]} and merged[0].attribute_conflicts == {}


def test_auto_merge_rejects_bad_threshold():
    with pytest.raises(ValueError):
        auto_merge(doc(), NAMES, min_agree=0)
    with pytest.raises(ValueError):
        auto_merge(doc(), NAMES, min_agree=4)


def test_auto_merge_relations():
    spans = [(0, 30, "CLAIM", "c"), (0, 5, "ACTOR", "x")]
    rels = {
        "a": [RelationRecord("c", "x", "source")],
        "b": [RelationRecord("c", "x", "source")],
        "c": [],
    }
    d = doc(relations=rels, a=spans, b=spans, c=spans)
    merged = auto_merge(d, NAMES, min_agree=2)
    relations = auto_merge_relations(d, NAMES, merged, min_agree=2)
    ids = {(m.start, m.end): m.id for m in merged}
    assert [(r.head, r.tail, r.label) for r in relations] == [(ids[(0, 30)], ids[(0, 5)], "source")]
    assert auto_merge_relations(d, NAMES, merged, min_agree=3) == []


def test_importing_the_package_does_not_load_numpy():
    code = "import sys, annotator.agreement; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
