"""gamma (Mathet, Widlöcher, Métivier 2015) against pygamma-agreement's published test values.

Sources (github.com/bootphon/pygamma-agreement, MIT):
* tests/test_gammas.py @2d40fc4, ``test_gamma_alexpaulsuzan`` (tests/data/AlexPaulSuzan.csv,
  alpha 3, beta 1, ShuffleContinuumSampler, precision 0.05): 6 unitary alignments, best
  alignment disorder 0.96 (rel 0.01), gamma in [0.44, 0.47];
* the same file, ``test_gamma_3by100`` (tests/data/3by100.csv, here tests/data/pygamma/, alpha 3,
  beta 1, the default statistical sampler, 30 samples): 127 unitary alignments, gamma in
  [0.79, 0.81];
* tests/test_alignement.py @17a9a3e, ``test_best_alignment`` (delta_empty 0.5, alpha 3, a
  category dissimilarity matrix): best alignment disorder 0.43478875578596043 (rel 0.001).
Their samplers draw from numpy's legacy generator seeded 4772, ours from a seeded
``default_rng``: gamma is compared within the published ranges, the alignments exactly.
"""

from __future__ import annotations

import csv
import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest

from annotator.agreement import DocAnnotations, compute_report
from annotator.agreement.gamma import (
    Dissimilarity,
    GammaOptions,
    Units,
    best_alignment,
    gamma_of,
)
from annotator.model import SpanRecord

DATA = Path(__file__).parent / "data" / "pygamma"

ALEX_PAUL_SUZAN = """Alex,1,2,9
Alex,2,11,17
Alex,5,24,30
Alex,6,32,36
Alex,6,36,44
Alex,7,44,60
Paul,1,2,9
Paul,3,11,17
Paul,5,19,25
Paul,6,32,44
Suzan,1,2,9
Suzan,4,11,17
Suzan,5,21,27
Suzan,6,32,36
Suzan,6,36,40
Suzan,6,40,44"""


def csv_units(lines: list[list[str]]) -> tuple[list[tuple[int, float, float, str]], int]:
    """pygamma's CSV rows ``annotator,category,start,end`` as gamma_of units."""
    names = sorted({row[0] for row in lines})
    units = [(names.index(a), float(s), float(e), c) for a, c, s, e in lines]
    return units, len(names)


def alex_paul_suzan() -> tuple[list[tuple[int, float, float, str]], int]:
    return csv_units([line.split(",") for line in ALEX_PAUL_SUZAN.splitlines()])


def units_of(rows: list[tuple[int, float, float, str]]) -> tuple[Units, list[str]]:
    cats = sorted({r[3] for r in rows})
    built = Units.build(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [cats.index(r[3]) for r in rows],
    )
    return built, cats


# ---------------------------------------------------------------- dissimilarities


def test_positional_and_categorical_dissimilarity():
    # sorted by annotator, start, end: 0 = (a, 0-10, X), 1 = (b, 0-10, Y), 2 = (b, 2-10, X)
    units = Units.build([0, 1, 1], [0, 2, 0], [10, 10, 10], [0, 0, 1])
    assert units.start.tolist() == [0, 0, 2] and units.category.tolist() == [0, 1, 0]
    # d_pos = ((|0 - 2| + |10 - 10|) / (10 + 8))^2 = (1/9)^2; same category
    d = Dissimilarity(alpha=1, beta=1).pairs(units, np.array([0]), np.array([2]))
    assert d[0] == pytest.approx((2 / 18) ** 2)
    # identical positions, other category: beta * 1
    d = Dissimilarity(alpha=3, beta=2).pairs(units, np.array([0]), np.array([1]))
    assert d[0] == pytest.approx(2.0)
    # delta_empty scales both; a category matrix gives d_cat
    matrix = np.array([[0.0, 0.3], [0.3, 0.0]])
    d = Dissimilarity(3, 1, 0.5, matrix).pairs(units, np.array([1]), np.array([2]))
    assert d[0] == pytest.approx(0.5 * (3 * (2 / 18) ** 2 + 0.3))


# ---------------------------------------------------------------- pygamma's test values


def test_alex_paul_suzan_best_alignment():
    rows, n = alex_paul_suzan()
    units, _ = units_of(rows)
    best = best_alignment(units, n, Dissimilarity(alpha=3, beta=1))
    assert len(best.tuples) == 6
    assert best.disorder == pytest.approx(0.96, rel=0.01)
    # every unit exactly once
    used = best.tuples[best.tuples >= 0]
    assert sorted(used.tolist()) == list(range(len(units)))


def test_alex_paul_suzan_gamma_with_the_shuffle_sampler():
    rows, n = alex_paul_suzan()
    result = gamma_of(
        rows, n, alpha=3, beta=1, sampler="shuffle", precision=0.05, n_samples=200, seed=0
    )
    assert 0.44 <= result.gamma <= 0.47
    assert result.n_unitary_alignments == 6
    assert result.ci95 <= 0.05  # the precision asked for is reached


def test_3by100_alignment_and_gamma_with_the_statistical_sampler():
    with (DATA / "3by100.csv").open(encoding="utf-8") as stream:
        rows, n = csv_units(list(csv.reader(stream)))
    result = gamma_of(rows, n, alpha=3, beta=1, seed=0)
    assert result.n_unitary_alignments == 127
    assert result.n_samples == 30
    assert 0.79 <= result.gamma <= 0.81
    low, high = result.gamma_range  # gamma at the expected disorder's 95% bounds
    assert low < result.gamma < high
    assert high - low < 0.02


def test_best_alignment_with_a_category_matrix():
    annotations = {
        "liza": [(1, 5, "Carol"), (6, 8, "Bob"), (12, 18, "Carol"), (7, 20, "Alice")],
        "pierrot": [
            (2, 6, "Carol"),
            (7, 8, "Bob"),
            (12, 18, "Alice"),
            (8, 10, "Alice"),
            (7, 19, "Jeremy"),
        ],
        "hadrien": [(1, 6, "Carol"), (8, 10, "Alice"), (7, 19, "Jeremy"), (19, 20, "Alice")],
    }
    categories = ["Alice", "Bob", "Carol", "Jeremy"]  # pygamma: alphabetical order
    matrix = np.array(
        [[0, 0.5, 0.3, 0.7], [0.5, 0.0, 0.6, 0.4], [0.3, 0.6, 0.0, 0.7], [0.7, 0.4, 0.7, 0.0]]
    )
    names = sorted(annotations)
    rows = [(names.index(a), s, e, c) for a, units in annotations.items() for s, e, c in units]
    units = Units.build(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [categories.index(r[3]) for r in rows],
    )
    best = best_alignment(units, 3, Dissimilarity(3, 1, 0.5, matrix))
    assert best.disorder == pytest.approx(0.43478875578596043, rel=0.001)


# ---------------------------------------------------------------- the best alignment is exact


def _brute_force(rows: list[tuple[int, float, float, str]], n: int, dissim: Dissimilarity):
    """The least total disorder over every partition into unitary alignments (tiny inputs)."""
    units, _ = units_of(rows)
    c2n = n * (n - 1) // 2
    limit = c2n * dissim.delta_empty * n

    def cost(group: tuple[int, ...]) -> float | None:
        total = 0.0
        for a, b in itertools.combinations(range(n), 2):
            ua = [u for u in group if units.rater[u] == a]
            ub = [u for u in group if units.rater[u] == b]
            if ua and ub:
                total += float(dissim.pairs(units, np.array(ua), np.array(ub))[0])
            else:
                total += dissim.delta_empty
        return total if total <= limit else None

    def best(items: tuple[int, ...]) -> float:
        if not items:
            return 0.0
        first, rest = items[0], items[1:]
        found = float("inf")
        for k in range(len(rest) + 1):
            for others in itertools.combinations(rest, k):
                group = (first, *others)
                if len({int(units.rater[u]) for u in group}) < len(group):
                    continue
                c = cost(group)
                if c is None:
                    continue
                left = tuple(u for u in rest if u not in others)
                found = min(found, c / c2n + best(left))
        return found

    return best(tuple(range(len(units)))) / (len(units) / n), units


@pytest.mark.parametrize("seed", range(12))
def test_best_alignment_equals_brute_force(seed):
    rng = random.Random(seed)
    n = rng.choice([2, 3])
    rows = []
    for rater in range(n):
        for _ in range(rng.randint(0 if rater else 1, 3)):
            start = rng.randint(0, 30)
            rows.append((rater, float(start), float(start + rng.randint(1, 8)), rng.choice("AB")))
    dissim = Dissimilarity(alpha=rng.choice([1.0, 3.0]), beta=1.0)
    expected, units = _brute_force(rows, n, dissim)
    assert best_alignment(units, n, dissim).disorder == pytest.approx(expected, abs=1e-5)


# ---------------------------------------------------------------- conventions


def test_identical_annotations_have_gamma_one_and_the_seed_reproduces():
    rows = [(r, s, s + 5.0, "X") for r in range(3) for s in (0.0, 20.0, 40.0)]
    assert gamma_of(rows, 3).gamma == 1.0
    rows, n = alex_paul_suzan()
    first = gamma_of(rows, n, seed=7, n_samples=5)
    assert gamma_of(rows, n, seed=7, n_samples=5).gamma == first.gamma
    assert first.n_samples == 5 and len(first.sample_disorders) == 5


def test_undefined_gamma_says_why():
    assert gamma_of([(0, 0.0, 5.0, "X")], 1).undefined_because == "fewer than two annotators"
    result = gamma_of([], 2)
    assert result.gamma is None and result.undefined_because == "no units"


def _doc(doc_id: str, a: list[SpanRecord], b: list[SpanRecord]) -> DocAnnotations:
    return DocAnnotations(doc_id, 20, [], {"a": a, "b": b})


def test_report_gamma_aligns_spans_only_within_their_document():
    # a's span ends document 1 where b's span starts document 2: on the end-to-end continuum
    # they touch, but spans of different documents are never aligned
    docs = [
        _doc("1", [SpanRecord(15, 20, "ACTOR")], []),
        _doc("2", [], [SpanRecord(0, 5, "ACTOR")]),
    ]
    report = compute_report(docs, ["a", "b"], ["ACTOR"], gamma=GammaOptions(n_samples=3))
    gamma = report["gamma"]
    assert gamma["n_unitary_alignments"] == 2
    assert gamma["observed_disorder"] == pytest.approx(1.0 * 2 / 1)  # two lone units, 1 each
    assert gamma["parameters"]["sampler"] == "statistical"
    assert "gamma" not in compute_report(docs, ["a", "b"], ["ACTOR"])


def test_agree_cli_reports_gamma(tmp_path, capsys):
    from annotator.cli import main
    from annotator.model import DocRecord
    from annotator.store import Project

    path = tmp_path / "p.sqlite"
    project = Project.create(path)
    text = "قال المتحدث باسم الدفاع المدني إن خمسة أشخاص قتلوا في الغارة"
    (doc,) = project.add_documents([DocRecord(text=text, name="d")]).added
    for who, phrase in (("a", "المتحدث"), ("b", "المتحدث باسم"), ("a", "الغارة")):
        start = text.index(phrase)
        project.add_annotation(doc, who, "ACTOR", start, start + len(phrase))
    for who in "ab":
        project.set_status(doc, who, "done")
    project.close()

    assert main(["agree", str(path), "--json", "--gamma", "--gamma-samples", "4"]) == 0
    report = json.loads(capsys.readouterr().out)
    gamma = report["gamma"]
    assert gamma["n_samples"] == 4 and gamma["parameters"]["seed"] == 0
    # a's two spans, b's one: the two ACTORs on المتحدث pair up, الغارة stays alone
    assert gamma["n_unitary_alignments"] == 2
    assert main(["agree", str(path), "--gamma", "--gamma-samples", "4"]) == 0
    out = capsys.readouterr().out
    assert "Gamma (Mathet et al. 2015)" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("gamma (Mathet"))
    assert line.split()[-1] == f"{gamma['gamma']:.3f}"
    assert main(["agree", str(path), "--json"]) == 0
    assert "gamma" not in json.loads(capsys.readouterr().out)


FRACTIONAL = [  # continua whose linear relaxation is fractional: the integer program decides
    [(0, 9.0, 10.0, "B"), (1, 9.0, 17.0, "A"), (2, 5.0, 8.0, "B")],
    [
        (0, 16.0, 22.0, "B"),
        (0, 18.0, 23.0, "B"),
        (1, 7.0, 15.0, "A"),
        (1, 14.0, 16.0, "B"),
        (1, 6.0, 9.0, "B"),
        (2, 18.0, 26.0, "A"),
    ],
]


@pytest.mark.parametrize("rows", FRACTIONAL)
def test_best_alignment_is_integral_where_the_relaxation_is_not(rows):
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array

    from annotator.agreement.gamma import _tuples

    dissim = Dissimilarity()
    units, _ = units_of(rows)
    tuples, sums = _tuples(units, 3, dissim)
    present = tuples >= 0
    cols = np.repeat(np.arange(len(tuples)), present.sum(axis=1))
    matrix = csc_array((np.ones(len(cols)), (tuples[present], cols)))
    relaxed = milp(sums / 3, bounds=Bounds(0, 1), constraints=LinearConstraint(matrix, 1, 1)).x
    assert (np.abs(relaxed - np.round(relaxed)) > 1e-9).any()
    best = best_alignment(units, 3, dissim)
    assert sorted(best.tuples[best.tuples >= 0].tolist()) == list(range(len(units)))
    expected, _ = _brute_force(rows, 3, dissim)
    assert best.disorder == pytest.approx(expected, abs=1e-5)
