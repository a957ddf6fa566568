"""Coding coefficients: hand-worked and degenerate cases, and the two alpha code paths."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.agreement.coding import (
    METRICS,
    alpha_from_table,
    alpha_from_units,
    bennett_s,
    cohen_kappa,
    contingency_table,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    ratings_to_counts,
    scott_pi,
    weighted_kappa,
)
from annotator.agreement.data import parse_count


def test_perfect_agreement_is_one():
    table = [[5, 0], [0, 7]]
    for fn in (cohen_kappa, scott_pi, bennett_s, gwet_ac1):
        assert fn(table).value == pytest.approx(1.0)
    data = [[1, 2, 3, 2], [1, 2, 3, 2], [1, 2, 3, 2]]
    for metric in METRICS:
        assert krippendorff_alpha(data, metric).value == pytest.approx(1.0)
    counts, cats = ratings_to_counts(list(zip(*data, strict=True)))
    assert fleiss_kappa(counts, cats).value == pytest.approx(1.0)


def test_hand_worked_kappa():
    # 10 units: both "y" 2, only rater 1 "y" 2, only rater 2 "y" 2, both "n" 4
    table, cats = contingency_table(list("yyyynnnnnn"), list("yynnyynnnn"))
    assert cats == ["n", "y"]
    assert table.tolist() == [[4, 2], [2, 2]]
    assert cohen_kappa(table).value == pytest.approx((0.6 - 0.52) / 0.48)


def test_single_category_is_undefined():
    table = [[0, 0], [0, 9]]
    for fn in (cohen_kappa, scott_pi):
        assert fn(table).value is None
    assert gwet_ac1(table).value == 1.0  # AC1's chance agreement is 0 here: defined, by design
    assert weighted_kappa(table).value is None
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]).value is None
    counts, cats = ratings_to_counts([[1, 1], [1, 1]])
    result = fleiss_kappa(counts, cats)
    assert result.value is None and result.per_category == {1: None}


def test_no_data_is_undefined():
    assert cohen_kappa([[0, 0], [0, 0]]).value is None
    assert krippendorff_alpha([]).value is None
    assert krippendorff_alpha([[1, None], [None, 2]]).value is None  # nothing pairable
    assert krippendorff_alpha([[1, 2, 3]]).value is None  # one coder
    assert alpha_from_units([], []).value is None
    assert fleiss_kappa([[1, 0]]).value is None  # one rater per item


def test_disagreement_below_zero():
    assert krippendorff_alpha([[1, 2, 1, 2], [2, 1, 2, 1]]).value < 0
    assert cohen_kappa([[0, 5], [5, 0]]).value == pytest.approx(-1.0)


def test_fleiss_needs_equal_rater_counts():
    with pytest.raises(ValueError):
        fleiss_kappa([[2, 1], [1, 1]])


def test_bad_tables_raise():
    with pytest.raises(ValueError):
        cohen_kappa([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError):
        cohen_kappa([[1, -1], [0, 1]])
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1, 2]], "cubic")


def test_table_alpha_equals_reliability_alpha():
    rng = random.Random(3)
    a = [rng.choice("xyz") for _ in range(40)]
    b = [x if rng.random() < 0.7 else rng.choice("xyz") for x in a]
    table, cats = contingency_table(a, b)
    assert alpha_from_table(table, cats).value == pytest.approx(krippendorff_alpha([a, b]).value)


values = st.one_of(st.none(), st.integers(min_value=0, max_value=6))


@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(values, min_size=n, max_size=n), min_size=2, max_size=5)
    )
)
def test_sparse_alpha_equals_dense_alpha(data):
    units, vals = [], []
    for row in data:
        for u, v in enumerate(row):
            if v is not None:
                units.append(u)
                vals.append(v)
    for metric in (*METRICS, lambda x, y: abs(x - y) ** 0.5):
        dense = krippendorff_alpha(data, metric)
        sparse = alpha_from_units(units, vals, metric)
        if dense.value is None:
            assert sparse.value is None
        else:
            assert sparse.value == pytest.approx(dense.value, abs=1e-9)
            assert dense.value <= 1.0 + 1e-12


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        (12, (12.0, 12.0)),
        (0, (0.0, 0.0)),
        ("7", (7.0, 7.0)),
        ([3, 5], (3.0, 5.0)),
        ((5, 3), None),  # a reversed range is no count (annotator.rules.Count)
        ({"low": 10, "high": 20}, (10.0, 20.0)),
        ({"min": 1, "max": 2}, (1.0, 2.0)),
        ({"low": 10}, None),
        (True, None),
        (None, None),
        ("many", None),
        ([1, 2, 3], None),
        (float("nan"), None),
    ],
)
def test_parse_count(raw, parsed):
    assert parse_count(raw) == parsed
