"""Span matching and span-level F1."""

from __future__ import annotations

import random

import numpy as np
import pytest

from annotator.agreement.corpus import Corpus
from annotator.agreement.data import DocAnnotations
from annotator.agreement.report import matchings, span_agreement
from annotator.agreement.spans import greedy_match
from annotator.model import SpanRecord


def plain_greedy(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Global greedy: all overlapping pairs sorted by the documented priority, taken in order."""
    edges = []
    for i, (sa, ea) in enumerate(a):
        for j, (sb, eb) in enumerate(b):
            overlap = min(ea, eb) - max(sa, sb)
            if overlap > 0:
                edges.append((-overlap, abs(sa - sb) + abs(ea - eb), sa, sb, i, j))
    edges.sort()
    used_a, used_b, out = set(), set(), set()
    for *_, i, j in edges:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.add((i, j))
    return out


def _random_spans(rng: random.Random, n: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(n):
        s = rng.randrange(0, 200)
        spans.append((s, s + rng.randint(1, 30)))
    return spans


@pytest.mark.parametrize("seed", range(30))
def test_vectorised_greedy_equals_plain_greedy(seed):
    rng = random.Random(seed)
    a, b = _random_spans(rng, rng.randint(0, 25)), _random_spans(rng, rng.randint(0, 25))
    arr = lambda spans, k: np.array([s[k] for s in spans], dtype=np.int64)  # noqa: E731
    ia, ib = greedy_match(arr(a, 0), arr(a, 1), arr(b, 0), arr(b, 1))
    assert set(zip(ia.tolist(), ib.tolist(), strict=True)) == plain_greedy(a, b)


def test_greedy_prefers_largest_overlap_then_closest_boundaries():
    starts = np.array
    # a0 = [0,10) overlaps b0 = [5,20) by 5 and b1 = [0,8) by 8 -> b1
    ia, ib = greedy_match(starts([0]), starts([10]), starts([5, 0]), starts([20, 8]))
    assert ia.tolist() == [0] and ib.tolist() == [1]
    # equal overlap 10: b0 = [0,10) (identical) beats b1 = [0,12)
    ia, ib = greedy_match(starts([0]), starts([10]), starts([0, 0]), starts([12, 10]))
    assert ib.tolist() == [1]


def _doc(doc_id, text_length, **spans):
    return DocAnnotations(
        doc_id,
        text_length,
        [],
        {name: [SpanRecord(s, e, lab) for s, e, lab in items] for name, items in spans.items()},
    )


def _scores(docs, annotators, labels=None):
    corpus = Corpus(docs, annotators, labels)
    return span_agreement(corpus, matchings(corpus))


def test_hand_worked_f1():
    doc = _doc(
        "d",
        100,
        a=[(0, 5, "ACTOR"), (10, 20, "ACTOR"), (30, 40, "CLAIM"), (50, 55, "CASUALTY")],
        b=[(0, 5, "ACTOR"), (12, 20, "ACTOR"), (30, 40, "CASUALTY"), (60, 65, "ACTOR")],
    )
    result = _scores([doc], ["a", "b"])
    exact = result["exact"]["pairs"][0]
    overlap = result["overlap"]["pairs"][0]
    # exact: only [0,5) ACTOR; |A| = 4, |B| = 4
    assert exact["micro"] == {
        "matched": 1,
        "n_a": 4,
        "n_b": 4,
        "precision": 0.25,
        "recall": 0.25,
        "f1": 0.25,
    }
    # overlap: both ACTOR pairs; CLAIM vs CASUALTY differ in label
    assert overlap["micro"]["matched"] == 2
    assert overlap["per_label"]["ACTOR"] == {
        "matched": 2,
        "n_a": 2,
        "n_b": 3,
        "precision": 2 / 3,
        "recall": 1.0,
        "f1": 0.8,
    }
    assert overlap["per_label"]["CLAIM"]["f1"] == 0.0
    assert overlap["per_label"]["CLAIM"]["precision"] is None  # b has no CLAIM
    assert overlap["per_label"]["CASUALTY"]["f1"] == 0.0
    assert overlap["macro_f1"] == pytest.approx((0.8 + 0 + 0) / 3)
    assert result["overlap"]["matrix"]["precision"][0][1] == pytest.approx(2 / 4)  # b vs ref a
    assert result["overlap"]["matrix"]["precision"][1][0] == pytest.approx(2 / 4)


def test_label_used_by_nobody_is_left_out_of_macro():
    doc = _doc("d", 20, a=[(0, 5, "ACTOR")], b=[(0, 5, "ACTOR")])
    result = _scores([doc], ["a", "b"], labels=["ACTOR", "CLAIM"])
    pair = result["exact"]["pairs"][0]
    assert pair["per_label"]["CLAIM"]["f1"] is None
    assert pair["macro_f1"] == 1.0


def test_nested_spans_match_within_their_label():
    doc = _doc(
        "d",
        60,
        a=[(0, 50, "CLAIM"), (0, 6, "ACTOR"), (0, 50, "CLAIM")],
        b=[(0, 50, "CLAIM"), (0, 6, "ACTOR"), (2, 6, "ACTOR")],
    )
    pair = _scores([doc], ["a", "b"])["overlap"]["pairs"][0]
    assert pair["per_label"]["CLAIM"]["matched"] == 1  # duplicate CLAIM of a stays unmatched
    assert pair["per_label"]["ACTOR"]["matched"] == 1
    assert pair["micro"]["f1"] == pytest.approx(2 * 2 / 6)


def test_spans_do_not_match_across_documents():
    d1 = _doc("1", 10, a=[(5, 10, "ACTOR")])
    d2 = _doc("2", 10, b=[(0, 5, "ACTOR")])
    assert _scores([d1, d2], ["a", "b"])["overlap"]["pairs"][0]["micro"]["matched"] == 0


def test_spans_are_clipped_and_empty_ones_ignored():
    doc = _doc("d", 10, a=[(5, 30, "ACTOR"), (4, 4, "ACTOR")], b=[(5, 10, "ACTOR")])
    pair = _scores([doc], ["a", "b"])["exact"]["pairs"][0]
    assert pair["micro"]["n_a"] == 1 and pair["micro"]["matched"] == 1


def test_annotator_absent_from_document_annotated_nothing():
    doc = _doc("d", 10, a=[(0, 5, "ACTOR")])
    pair = _scores([doc], ["a", "b"])["overlap"]["pairs"][0]
    assert pair["micro"] == {
        "matched": 0,
        "n_a": 1,
        "n_b": 0,
        "precision": None,
        "recall": 0.0,
        "f1": 0.0,
    }


def test_duplicate_annotator_names_rejected():
    with pytest.raises(ValueError):
        Corpus([], ["a", "a"])


def test_labels_argument_restricts_every_measure_to_those_labels():
    doc = _doc("d", 20, a=[(0, 5, "ACTOR"), (0, 10, "CLAIM")], b=[(0, 5, "ACTOR")])
    result = _scores([doc], ["a", "b"], labels=["ACTOR"])
    pair = result["exact"]["pairs"][0]
    assert list(pair["per_label"]) == ["ACTOR"]
    assert pair["micro"]["n_a"] == 1 and pair["micro"]["f1"] == 1.0
