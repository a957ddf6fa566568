"""alpha_U: the vectorised implementation against a plain segment-by-segment computation."""

from __future__ import annotations

import random

import pytest

from annotator.agreement.unitizing import alpha_u, measure_distance


def _segments(units: list[tuple[int, int]], begin: int, length: int) -> list[tuple[int, int, bool]]:
    """A rater's continuum cut into (begin, length, is_unit) segments."""
    out = []
    pos = begin
    for b, size in sorted(units):
        if b > pos:
            out.append((pos, b - pos, False))
        out.append((b, size, True))
        pos = b + size
    if pos < begin + length:
        out.append((pos, begin + length - pos, False))
    return out


def plain_alpha_u(units, n_raters, begin, length):
    """Krippendorff's D_o, D_e per category by direct summation (positive-length units that do
    not overlap within a rater and category)."""
    categories = sorted({u[3] for u in units})
    result = {}
    for cat in categories:
        per_rater = {
            r: [(b, size) for rr, b, size, c in units if rr == r and c == cat]
            for r in range(n_raters)
        }
        observed = 0.0
        for r1 in range(n_raters):
            for r2 in range(r1 + 1, n_raters):
                for b1, l1, u1 in _segments(per_rater[r1], begin, length):
                    for b2, l2, u2 in _segments(per_rater[r2], begin, length):
                        observed += measure_distance(
                            b1, l1, "x" if u1 else None, b2, l2, "x" if u2 else None
                        )
        d_o = 2 * observed / (n_raters * (n_raters - 1) * length**2)
        lengths = [size for r in range(n_raters) for _, size in per_rater[r]]
        gaps = [
            s
            for r in range(n_raters)
            for _, s, is_unit in _segments(per_rater[r], begin, length)
            if not is_unit
        ]
        n_c = len(lengths)
        total = 0.0
        for size in lengths:
            total += (n_c - 1) * (2 * size**3 - 3 * size**2 + size) / 3
            total += size**2 * sum(g - size + 1 for g in gaps if g >= size)
        rl = n_raters * length
        d_e = (2 / length) * total / (rl * (rl - 1) - sum(size * (size - 1) for size in lengths))
        result[cat] = (d_o, d_e)
    return result


def random_study(rng: random.Random, n_raters: int, n_cats: int, begin: int, length: int):
    units = []
    for r in range(n_raters):
        for c in range(n_cats):
            pos = begin + rng.randrange(0, 5)
            while True:
                size = rng.randint(1, 12)
                if pos + size > begin + length:
                    break
                if rng.random() < 0.6:
                    units.append((r, pos, size, f"c{c}"))
                pos += size + rng.choice((0, 0, 1, 3, 7))
    return units


@pytest.mark.parametrize("seed", range(40))
def test_matches_plain_summation(seed):
    rng = random.Random(seed)
    n_raters = rng.randint(2, 4)
    begin, length = rng.choice((0, 17)), rng.randint(20, 90)
    units = random_study(rng, n_raters, rng.randint(1, 3), begin, length)
    expected = plain_alpha_u(units, n_raters, begin, length)
    result = alpha_u(units, n_raters, begin, length)
    assert set(result.per_category) == set(expected)
    for cat, (d_o, d_e) in expected.items():
        got = result.per_category[cat]
        assert got.observed == pytest.approx(d_o, rel=1e-9, abs=1e-12)
        assert got.expected == pytest.approx(d_e, rel=1e-9, abs=1e-12)
        assert got.value == pytest.approx(1 - d_o / d_e, rel=1e-9, abs=1e-12)
    mean_o = sum(v[0] for v in expected.values()) / len(expected)
    mean_e = sum(v[1] for v in expected.values()) / len(expected)
    assert result.value == pytest.approx(1 - mean_o / mean_e, rel=1e-9, abs=1e-12)


def test_dkpro_krippendorff1995_example():
    """DKPro's Krippendorff1995Test (observed disagreements exact; expected at stretch 0.5)."""
    base = [
        (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
        (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
        (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
        (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
        (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
        (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
        (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
    ]  # fmt: skip

    def study(stretch):
        units = [(r, int(b * stretch), int(size * stretch), c) for b, size, r, c in base]
        return alpha_u(units, 2, 0, int(24 * stretch))

    one = study(1).per_category
    assert one["A"].observed == pytest.approx(0.03125, abs=1e-5)
    assert one["B"].observed == pytest.approx(2.26736, abs=1e-5)
    assert one["C"].observed == pytest.approx(0.02777, abs=1e-5)
    assert one["D"].observed == pytest.approx(0.38715, abs=1e-5)
    half = study(0.5).per_category["C"]
    assert half.observed == pytest.approx(0.02777, abs=1e-5)
    assert half.expected == pytest.approx(0.05494, abs=1e-5)
    assert half.value == pytest.approx(0.494, abs=0.02)
    large = study(1200000 // 24).per_category
    for cat, d_e, value in (("A", 0.06990, 0.553), ("B", 1.17731, -0.926), ("D", 0.41445, 0.066)):
        assert large[cat].expected == pytest.approx(d_e, abs=0.005)
        assert large[cat].value == pytest.approx(value, abs=0.02)


def test_overlapping_units_of_one_rater_are_merged():
    nested = [(0, 10, 20, "X"), (0, 12, 5, "X"), (1, 10, 20, "X")]
    union = [(0, 10, 20, "X"), (1, 10, 20, "X")]
    a, b = alpha_u(nested, 2, 0, 50), alpha_u(union, 2, 0, 50)
    assert a.value == b.value == 1.0
    assert a.per_category["X"].n_units == 2
    chained = [(0, 10, 8, "X"), (0, 15, 10, "X"), (1, 10, 15, "X")]
    assert alpha_u(chained, 2, 0, 50).value == 1.0


def test_perfect_and_disjoint():
    same = [(r, b, 5, "X") for r in range(3) for b in (3, 20, 40)]
    assert alpha_u(same, 3, 0, 60).value == 1.0
    disjoint = [(0, 0, 10, "X"), (1, 30, 10, "X")]
    result = alpha_u(disjoint, 2, 0, 60)
    assert result.value is not None and result.value < 0


def test_undefined_cases_return_none():
    assert alpha_u([(0, 0, 5, "X")], 1, 0, 10).value is None  # one rater
    assert alpha_u([], 2, 0, 0).value is None  # empty continuum
    assert alpha_u([], 2, 0, 10).per_category == {}


def test_explicit_categories_without_units():
    result = alpha_u([(0, 0, 5, "X"), (1, 0, 5, "X")], 2, 0, 10, categories=["X", "Y"])
    assert result.per_category["Y"].n_units == 0
    assert result.per_category["Y"].value is None
    assert result.value == 1.0  # the overall mean uses only categories with units


def test_invalid_units_raise():
    with pytest.raises(ValueError):
        alpha_u([(0, 8, 5, "X")], 2, 0, 10)
    with pytest.raises(ValueError):
        alpha_u([(2, 0, 5, "X")], 2, 0, 10)
    with pytest.raises(ValueError):
        alpha_u([(0, 0, 5, None)], 2, 0, 10)


def test_result_as_dict_is_json_safe():
    import json

    result = alpha_u([], 3, 0, 20, dkpro_compat=True)
    assert json.loads(json.dumps(result.as_dict(), allow_nan=False))["value"] is None
