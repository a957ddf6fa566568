"""Mathet, Widlöcher and Métivier's (2015) gamma, as pygamma-agreement computes it.

Reference: Y. Mathet, A. Widlöcher, J.-P. Métivier (2015), "The Unified and Holistic Method
Gamma (γ) for Inter-Annotator Agreement Measure and Alignment", Computational Linguistics 41(3);
implementation followed: pygamma-agreement (github.com/bootphon/pygamma-agreement, MIT)
``dissimilarity.py``, ``continuum.py`` (``get_best_alignment``, ``compute_gamma``) and
``sampler.py``. DKPro Statistics has no gamma.

Units are ``(annotator, start, end, category)`` with ``end > start``; positions are code points
here, any unit works. Definitions (``Δ`` = ``delta_empty``, default 1):

* Dissimilarity of two units (pygamma ``CombinedCategoricalDissimilarity``):
  ``d = alpha * d_pos + beta * d_cat`` with the positional (``PositionalSporadicDissimilarity``)
  ``d_pos = ((|s1 - s2| + |e1 - e2|) / ((e1 - s1) + (e2 - s2)))^2 * Δ`` and the categorical
  ``d_cat = (0 if same category else 1) * Δ`` (or a given category matrix with values in
  [0, 1], times Δ). Defaults alpha = beta = 1 as pygamma's; the Gamma Software uses alpha = 3.
* A unitary alignment takes at most one unit of each of the ``n`` annotators (an annotator
  without a unit there has the empty unit). Its disorder is the sum over the ``C(n, 2)``
  annotator pairs of ``d`` (``Δ`` when either unit is empty), divided by ``C(n, 2)``. Only
  unitary alignments whose summed pair disorder is at most ``n * C(n, 2) * Δ`` are considered
  (the paper's section 5.1.1 criterion, as pygamma).
* The best alignment partitions all units into unitary alignments with the least total
  disorder (a set-partitioning integer program, solved exactly by ``scipy.optimize.milp``
  (HiGHS) with a zero gap; among alignments of equal disorder the one with the fewest unitary
  alignments, where pygamma's solver picks any). Its disorder is that total divided by the
  average number of units per annotator (``units / n``). Units of different groups
  (documents) are never aligned.
* Expected disorder: the mean best-alignment disorder of ``n_samples`` random continua
  (default 30, as pygamma). Samplers: ``"statistical"`` (pygamma's default
  ``StatisticalContinuumSampler``: per annotator a number of units drawn from the normal
  distribution of the units per annotator, units laid one after the other with gaps, lengths
  and categories drawn from the observed gaps (normal), lengths (normal, absolute value) and
  category frequencies) or ``"shuffle"`` (Mathet et al. section 5.2, pygamma's
  ``ShuffleContinuumSampler``: each sampled annotator is a randomly chosen annotator's units
  shifted by a random integer pivot, modulo the continuum, pivots at least half the mean unit
  length apart). The generator is numpy's, seeded by ``seed``: the same input and seed give the
  same value. With ``precision`` (a relative error, e.g. 0.02), more samples are drawn when the
  first ones vary too much: ``ceil((1.96 * cv / precision)^2)`` in all, as pygamma.
* ``gamma = 1 - observed / expected``; 1 when the observed disorder is 0 (pygamma).

Precision: the expected disorder is an estimate; the result gives ``ci95`` = 1.96 times its
relative standard error (``cv / sqrt(samples)``, the samples' coefficient of variation) and the
gamma range that relative error implies (e.g. 30 samples of pygamma's 3by100 test data: ci95
about 0.01, gamma +- 0.002).

Solving: candidate unitary alignments are enumerated from the unit pairs close enough to be
aligned (see :func:`_tuples`; unitary alignments that splitting off one unit would make
strictly cheaper are left out, which changes no best alignment), the linear relaxation is
solved first and the integer program only on the groups of units where it is fractional.
Limits: the number of candidates grows with the number of units lying close together to the
power of the number of annotators; more than ``MAX_TUPLES`` raise :class:`GammaTooLarge`
(reported as undefined). About 18 s (30 samples) for 50 documents of 3 annotators with ~50
spans each; gamma is computed only on request.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from annotator.agreement.corpus import Corpus

MAX_TUPLES = 2_000_000
TIE_BREAK = 1e-6  # per unitary alignment: among alignments of equal disorder, the fewest
SAMPLERS = ("statistical", "shuffle")
DEFAULT_SAMPLES = 30
CONFIDENCE = 1.96


class GammaTooLarge(ValueError):
    """Too many candidate unitary alignments for the exact best alignment."""


@dataclass(frozen=True)
class Units:
    """Units as parallel arrays: annotator index, start, end, category index, group."""

    rater: np.ndarray
    start: np.ndarray
    end: np.ndarray
    category: np.ndarray
    group: np.ndarray

    @classmethod
    def build(
        cls,
        rater: Sequence[int] | np.ndarray,
        start: Sequence[float] | np.ndarray,
        end: Sequence[float] | np.ndarray,
        category: Sequence[int] | np.ndarray,
        group: Sequence[int] | np.ndarray | None = None,
    ) -> Units:
        rater_a = np.asarray(rater, dtype=np.int64)
        start_a = np.asarray(start, dtype=np.float64)
        end_a = np.asarray(end, dtype=np.float64)
        cat_a = np.asarray(category, dtype=np.int64)
        group_a = np.zeros(len(rater_a), np.int64) if group is None else np.asarray(group)
        if len(start_a) and not (end_a > start_a).all():
            raise ValueError("every unit must be longer than 0")
        # pygamma keeps each annotator's units sorted by (start, end, category)
        order = np.lexsort((cat_a, end_a, start_a, rater_a))
        return cls(rater_a[order], start_a[order], end_a[order], cat_a[order], group_a[order])

    def __len__(self) -> int:
        return len(self.rater)


@dataclass(frozen=True)
class Dissimilarity:
    """pygamma's combined categorical dissimilarity ``alpha * d_pos + beta * d_cat``."""

    alpha: float = 1.0
    beta: float = 1.0
    delta_empty: float = 1.0
    categories: np.ndarray | None = None  # optional [k, k] category dissimilarity in [0, 1]

    def pairs(self, units: Units, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``d`` of the unit pairs ``(i[k], j[k])``."""
        s, e = units.start, units.end
        pos = (np.abs(s[i] - s[j]) + np.abs(e[i] - e[j])) / ((e[i] - s[i]) + (e[j] - s[j]))
        ci, cj = units.category[i], units.category[j]
        if self.categories is None:
            cat = (ci != cj).astype(np.float64)
        else:
            cat = np.asarray(self.categories, dtype=np.float64)[ci, cj]
        return self.delta_empty * (self.alpha * pos * pos + self.beta * cat)


@dataclass(frozen=True)
class Alignment:
    """A best alignment: unitary alignments (one unit index per annotator, -1 = empty) with
    their disorders, and the alignment's disorder."""

    tuples: np.ndarray  # [n_alignments, n_raters]
    disorders: np.ndarray  # [n_alignments]
    disorder: float


@dataclass(frozen=True)
class GammaResult:
    """gamma with its observed and expected disorder and how they were obtained."""

    gamma: float | None
    observed_disorder: float | None
    expected_disorder: float | None
    n_samples: int
    sample_disorders: list[float] = field(default_factory=list)
    ci95: float | None = None  # relative 95% half-width of the expected disorder estimate
    gamma_range: tuple[float, float] | None = None
    n_units: int = 0
    n_unitary_alignments: int = 0
    undefined_because: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "gamma": self.gamma,
            "observed_disorder": self.observed_disorder,
            "expected_disorder": self.expected_disorder,
            "n_samples": self.n_samples,
            "ci95": self.ci95,
            "gamma_range": list(self.gamma_range) if self.gamma_range else None,
            "n_units": self.n_units,
            "n_unitary_alignments": self.n_unitary_alignments,
            "undefined_because": self.undefined_because,
        }


# ---------------------------------------------------------------- best alignment


def _candidate_pairs(
    units: Units, n_raters: int, dissim: Dissimilarity, limit: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit pairs ``(i, j)`` of different annotators (rater of i < rater of j), same group,
    with ``d <= limit``, and their ``d``."""
    out_i, out_j, out_d = [], [], []
    if dissim.alpha > 0:
        reach = math.sqrt(limit / (dissim.alpha * dissim.delta_empty))
    else:
        reach = math.inf
    bounds = np.searchsorted(units.rater, np.arange(n_raters + 1))
    for a in range(n_raters):
        ia = np.arange(bounds[a], bounds[a + 1])
        for b in range(a + 1, n_raters):
            ib = np.arange(bounds[b], bounds[b + 1])
            if not len(ia) or not len(ib):
                continue
            if math.isinf(reach):
                i = np.repeat(ia, len(ib))
                j = np.tile(ib, len(ia))
            else:
                # |s_i - s_j| <= reach * (l_i + l_j) <= reach * (l_i + longest of b)
                starts_b = units.start[ib]  # sorted: units are sorted by rater, then start
                longest = float((units.end[ib] - starts_b).max())
                width = reach * (units.end[ia] - units.start[ia] + longest)
                lo = np.searchsorted(starts_b, units.start[ia] - width, side="left")
                hi = np.searchsorted(starts_b, units.start[ia] + width, side="right")
                count = hi - lo
                total = int(count.sum())
                if total == 0:
                    continue
                if total > MAX_TUPLES:
                    raise GammaTooLarge(f"{total:,} candidate unit pairs")
                i = np.repeat(ia, count)
                j = ib[
                    np.repeat(lo, count)
                    + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
                ]
            same = units.group[i] == units.group[j]
            i, j = i[same], j[same]
            d = dissim.pairs(units, i, j)
            keep = d <= limit
            out_i.append(i[keep])
            out_j.append(j[keep])
            out_d.append(d[keep])
    if not out_i:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_d)


def _tuples(units: Units, n_raters: int, dissim: Dissimilarity) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate unitary alignment ``[k, n_raters]`` (-1 = empty) and its summed pair
    disorder (before the division by ``C(n, 2)``).

    Candidates meet pygamma's criterion (summed pair disorder at most ``n * C(n, 2) * Δ``) and
    are not strictly dominated: a unitary alignment ``T`` of ``k`` units costs more than
    ``T`` without ``u`` plus ``u`` alone exactly when the disorders of ``u`` with the other
    units of ``T`` sum to more than ``(C(n, 2) + k - 1) * Δ``; such a ``T`` is never part of a
    best alignment, so leaving it out changes neither the best disorder nor the best
    alignments. It bounds every pair's disorder by ``(C(n, 2) + n - 1) * Δ``.
    """
    n = len(units)
    c2n = n_raters * (n_raters - 1) // 2
    empty = dissim.delta_empty
    limit = c2n * empty * n_raters
    pair_limit = min(limit, (c2n + n_raters - 1) * empty)
    pi, pj, pd = _candidate_pairs(units, n_raters, dissim, pair_limit)
    neighbours: list[dict[int, dict[int, float]]] = [{} for _ in range(n)]
    for i, j, d in zip(pi.tolist(), pj.tolist(), pd.tolist(), strict=True):
        neighbours[i].setdefault(int(units.rater[j]), {})[j] = d
    raters = units.rater.tolist()
    rows: list[tuple[int, ...]] = []
    sums: list[float] = []
    blank = [-1] * n_raters

    def extend(chosen: list[int], own: list[float], rater: int, present_sum: float) -> None:
        if len(rows) > MAX_TUPLES:
            raise GammaTooLarge(f"more than {MAX_TUPLES:,} candidate unitary alignments")
        if rater == n_raters:
            k = len(chosen)
            total = present_sum + (c2n - k * (k - 1) // 2) * empty
            if total <= limit and (k == 1 or max(own) <= (c2n + k - 1) * empty):
                row = blank.copy()
                for u in chosen:
                    row[raters[u]] = u
                rows.append(tuple(row))
                sums.append(total)
            return
        extend(chosen, own, rater + 1, present_sum)  # this annotator: the empty unit
        first = chosen[0]
        for v, d_first in neighbours[first].get(rater, {}).items():
            distances = [d_first]
            for u in chosen[1:]:
                d = neighbours[u].get(rater, {}).get(v)
                if d is None:
                    break
                distances.append(d)
            else:
                added = sum(distances)
                if present_sum + added <= limit:
                    extend(
                        [*chosen, v],
                        [*(o + d for o, d in zip(own, distances, strict=True)), added],
                        rater + 1,
                        present_sum + added,
                    )

    for u in range(n):
        extend([u], [0.0], raters[u] + 1, 0.0)
    return np.array(rows, dtype=np.int64).reshape(-1, n_raters), np.array(sums)


def best_alignment(units: Units, n_raters: int, dissim: Dissimilarity | None = None) -> Alignment:
    """The alignment of least disorder (exact; see the module docstring)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array, csc_array
    from scipy.sparse.csgraph import connected_components

    dissim = dissim or Dissimilarity()
    if n_raters < 2:
        raise ValueError("gamma needs at least two annotators")
    c2n = n_raters * (n_raters - 1) // 2
    tuples, sums = _tuples(units, n_raters, dissim)
    costs = sums / c2n
    n = len(units)
    if n == 0:
        return Alignment(tuples, costs, 0.0)
    present = tuples >= 0
    cols = np.repeat(np.arange(len(tuples)), present.sum(axis=1))
    rows = tuples[present]
    # ties (equal disorder) go to the alignment with fewer unitary alignments
    objective = costs + TIE_BREAK * dissim.delta_empty

    def solve(units_in: np.ndarray, tuples_in: np.ndarray, integral: bool) -> np.ndarray:
        keep = np.isin(cols, tuples_in)
        row_of = np.full(n, -1)
        row_of[units_in] = np.arange(len(units_in))
        col_of = np.full(len(tuples), -1)
        col_of[tuples_in] = np.arange(len(tuples_in))
        matrix = csc_array(
            (np.ones(int(keep.sum())), (row_of[rows[keep]], col_of[cols[keep]])),
            shape=(len(units_in), len(tuples_in)),
        )
        result = milp(
            objective[tuples_in],
            integrality=np.full(len(tuples_in), int(integral)),
            bounds=Bounds(0, 1),
            constraints=LinearConstraint(matrix, 1, 1),
            options={"mip_rel_gap": 0.0} if integral else {},
        )
        if result.x is None:  # pragma: no cover - singletons always make it feasible
            raise ValueError(f"no best alignment found: {result.message}")
        return np.asarray(result.x)

    # the linear relaxation first: where its optimum is integral it is the integer optimum;
    # the integer program is solved again only on the groups of units (connected through
    # candidate unitary alignments) where it is not
    x = solve(np.arange(n), np.arange(len(tuples)), False)
    fractional = np.abs(x - np.round(x)) > 1e-9
    if fractional.any():
        graph = coo_array((np.ones(len(rows)), (rows, tuples[cols].max(axis=1))), shape=(n, n))
        _, component = connected_components(graph, directed=False)
        redo = np.isin(component, component[tuples[fractional].max(axis=1)])
        units_in = np.flatnonzero(redo)
        tuples_in = np.flatnonzero(redo[tuples.max(axis=1)])
        x[tuples_in] = solve(units_in, tuples_in, True)
    chosen = np.flatnonzero(x > 0.5)
    chosen = chosen[np.lexsort((tuples[chosen].max(axis=1),))]
    return Alignment(tuples[chosen], costs[chosen], float(costs[chosen].sum()) / (n / n_raters))


# ---------------------------------------------------------------- samplers


def _statistical_sampler(
    units: Units, n_raters: int, n_categories: int
) -> Callable[[np.random.Generator], Units]:
    """pygamma's StatisticalContinuumSampler (see the module docstring)."""
    counts = np.bincount(units.rater, minlength=n_raters)
    gaps: list[float] = [0.0]
    for a in range(n_raters):
        sel = units.rater == a
        s, e = units.start[sel], units.end[sel]
        if len(s):
            gaps += (s[1:] - e[:-1]).tolist()
    for a in range(n_raters):
        s = units.start[units.rater == a]
        if len(s) and s[0] > 0:
            gaps.append(float(s[0]))
    lengths = units.end - units.start
    avg_n, std_n = float(counts.mean()), float(counts.std())
    avg_gap, std_gap = float(np.mean(gaps)), float(np.std(gaps))
    avg_len, std_len = float(lengths.mean()), float(lengths.std())
    weights = np.bincount(units.category, minlength=n_categories) / len(units)

    def sample(rng: np.random.Generator) -> Units:
        raters: list[int] = []
        starts: list[float] = []
        ends: list[float] = []
        for a in range(n_raters):
            count = abs(int(rng.normal(avg_n, std_n)))
            if not starts:
                count = max(1, count)
            last = 0.0
            for _ in range(count):
                gap = rng.normal(avg_gap, std_gap)
                length = abs(rng.normal(avg_len, std_len))
                while length == 0:
                    length = abs(rng.normal(avg_len, std_len))
                start = last + gap
                raters.append(a)
                starts.append(start)
                ends.append(start + length)
                last = start + length
        cats = rng.choice(n_categories, size=len(raters), p=weights)
        return Units.build(raters, starts, ends, cats)

    return sample


def _shuffle_sampler(units: Units, n_raters: int) -> Callable[[np.random.Generator], Units]:
    """pygamma's ShuffleContinuumSampler with integer pivots (Mathet et al. 2015, 5.2)."""
    low = min(0.0, float(units.start.min()))
    high = float(units.end.max())
    min_dist = float((units.end - units.start).mean()) / 2
    by_rater = [np.flatnonzero(units.rater == a) for a in range(n_raters)]

    def pick(rng: np.random.Generator, segments: list[tuple[float, float]]) -> float:
        widths = np.array([b - a for a, b in segments])
        if widths.sum() <= 0:
            return 1.0
        a, b = segments[int(rng.choice(len(segments), p=widths / widths.sum()))]
        return float(int(rng.uniform(a, b)))

    def remove(segments: list[tuple[float, float]], pivot: float) -> list[tuple[float, float]]:
        out = []
        for a, b in segments:
            if a >= pivot - min_dist:
                if b > pivot + min_dist:
                    out.append((pivot + min_dist, b))
            else:
                out.append((a, pivot - min_dist))
                if b > pivot + min_dist:
                    out.append((pivot + min_dist, b))
        return out

    def sample(rng: np.random.Generator) -> Units:
        while True:
            raters, starts, ends, cats = [], [], [], []
            segments = [(low, high)]
            for idx in range(n_raters):
                if segments:
                    pivot = pick(rng, segments)
                    segments = remove(segments, pivot)
                else:
                    pivot = float(rng.uniform(low, high))
                chosen = by_rater[int(rng.integers(n_raters))]
                s, e = units.start[chosen] + pivot, units.end[chosen] + pivot
                wrap = s > high
                s = np.where(wrap, s + low - high, s)
                e = np.where(wrap, e + low - high, e)
                raters += [idx] * len(chosen)
                starts += s.tolist()
                ends += e.tolist()
                cats += units.category[chosen].tolist()
            if raters:
                return Units.build(raters, starts, ends, cats)

    return sample


# ---------------------------------------------------------------- gamma


def gamma(
    units: Units,
    n_raters: int,
    n_categories: int,
    dissim: Dissimilarity | None = None,
    *,
    n_samples: int = DEFAULT_SAMPLES,
    precision: float | None = None,
    sampler: str = "statistical",
    seed: int = 0,
) -> GammaResult:
    """gamma of ``units`` (see the module docstring); undefined values are ``None`` with
    ``undefined_because`` set."""
    dissim = dissim or Dissimilarity()
    if sampler not in SAMPLERS:
        raise ValueError(f"unknown sampler {sampler!r}: {', '.join(SAMPLERS)}")
    if n_samples < 1:
        raise ValueError("n_samples must be at least 1")
    if n_raters < 2:
        return GammaResult(None, None, None, 0, undefined_because="fewer than two annotators")
    if len(units) == 0:
        return GammaResult(None, None, None, 0, undefined_because="no units")
    best = best_alignment(units, n_raters, dissim)
    observed = best.disorder
    draw = (
        _statistical_sampler(units, n_raters, n_categories)
        if sampler == "statistical"
        else _shuffle_sampler(units, n_raters)
    )
    rng = np.random.default_rng(seed)
    disorders = [best_alignment(draw(rng), n_raters, dissim).disorder for _ in range(n_samples)]
    if precision is not None:
        cv = float(np.std(disorders) / np.mean(disorders)) if np.mean(disorders) else 0.0
        required = math.ceil((cv * CONFIDENCE / precision) ** 2)
        disorders += [
            best_alignment(draw(rng), n_raters, dissim).disorder
            for _ in range(max(0, required - n_samples))
        ]
    expected = float(np.mean(disorders))
    cv = float(np.std(disorders)) / expected if expected else 0.0
    ci95 = CONFIDENCE * cv / math.sqrt(len(disorders))
    value: float | None = None
    spread: tuple[float, float] | None = None
    why = None
    if observed == 0:
        value, spread = 1.0, (1.0, 1.0)
    elif expected <= 0:
        why = "no expected disorder"
    else:
        value = 1.0 - observed / expected
        spread = (
            1.0 - observed / (expected * (1 - ci95)),
            1.0 - observed / (expected * (1 + ci95)),
        )
    return GammaResult(
        value,
        observed,
        expected,
        len(disorders),
        disorders,
        ci95,
        spread,
        len(units),
        len(best.tuples),
        why,
    )


def gamma_of(
    units: Iterable[tuple[int, float, float, Hashable]],
    n_raters: int,
    *,
    categories: Sequence[Hashable] | None = None,
    category_dissimilarity: np.ndarray | None = None,
    alpha: float = 1.0,
    beta: float = 1.0,
    delta_empty: float = 1.0,
    **options: Any,
) -> GammaResult:
    """gamma of ``(annotator index, start, end, category)`` tuples; ``categories`` fixes the
    order of the rows of ``category_dissimilarity`` (default: sorted categories, as pygamma)."""
    rows = list(units)
    cats = list(categories) if categories is not None else sorted({r[3] for r in rows}, key=str)
    index = {c: i for i, c in enumerate(cats)}
    built = Units.build(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [index[r[3]] for r in rows],
    )
    dissim = Dissimilarity(alpha, beta, delta_empty, category_dissimilarity)
    return gamma(built, n_raters, len(cats), dissim, **options)


# ---------------------------------------------------------------- the agreement report


@dataclass(frozen=True)
class GammaOptions:
    """How `annotator agree --gamma` computes gamma (pygamma's defaults)."""

    alpha: float = 1.0
    beta: float = 1.0
    delta_empty: float = 1.0
    n_samples: int = DEFAULT_SAMPLES
    precision: float | None = None
    sampler: str = "statistical"
    seed: int = 0


def gamma_report(corpus: Corpus, options: GammaOptions | None = None) -> dict[str, Any]:
    """gamma of all compared annotators over every label (categories = labels), the spans of
    each document aligned only with spans of the same document, the documents laid end to end
    for the sampler (as for alpha_U)."""
    options = options or GammaOptions()
    units = Units.build(corpus.ann, corpus.gstart, corpus.gend, corpus.label, corpus.doc)
    dissim = Dissimilarity(options.alpha, options.beta, options.delta_empty)
    try:
        result = gamma(
            units,
            len(corpus.annotators),
            len(corpus.labels),
            dissim,
            n_samples=options.n_samples,
            precision=options.precision,
            sampler=options.sampler,
            seed=options.seed,
        )
        entry = result.as_dict()
    except GammaTooLarge as err:
        entry = GammaResult(None, None, None, 0, undefined_because=f"too large: {err}").as_dict()
    entry["parameters"] = asdict(options)
    entry["n_documents"] = corpus.n_docs
    return entry
