"""Krippendorff's unitized alpha (alpha_U) on a continuum, as DKPro Statistics defines it.

Definition (Krippendorff 1995, "On the reliability of unitizing continuous data"; Krippendorff
2004, *Content Analysis* 2nd ed. section 12.4; DKPro Statistics
``KrippendorffAlphaUnitizingAgreement``), for a continuum ``[B, B + L)``, ``R`` raters and a
category ``c``: each rater's continuum is cut into the rater's ``c``-units and the gaps between
them (everything that is not a ``c``-unit, whatever other category it has).

* Distance of two segments ``(b1, l1)`` and ``(b2, l2)`` (``measure_distance``): both units and
  overlapping (``-l1 < b1 - b2 < l2``): ``(b1 - b2)^2 + (b1 + l1 - b2 - l2)^2``; a unit lying
  entirely inside the other rater's gap: ``l^2``; otherwise 0.
* Observed disagreement ``D_o,c = 2 / (R (R - 1) L^2) * sum over rater pairs of the distances
  of all pairs of their segments that share a stretch of the continuum``.
* Expected disagreement ``D_e,c = (2 / L) * sum over c-units u of
  [(N_c - 1) (2 l^3 - 3 l^2 + l) / 3 + l^2 * sum over c-gaps g (all raters) with g >= l of
  (g - l + 1)] / (R L (R L - 1) - sum over c-units of l (l - 1))``, with ``l`` the unit's length
  and ``N_c`` the number of ``c``-units of all raters.
* ``alpha_U,c = 1 - D_o,c / D_e,c``; the overall alpha averages first:
  ``1 - mean_c D_o,c / mean_c D_e,c`` over the categories that have at least one unit.

DKPro forbids overlapping units of one rater and one category; here such units are first merged
into their union (nested same-label spans of one annotator count once). Units touching
end-to-start stay separate.

Undefined values: ``value`` is ``None`` when ``D_e == 0`` (no units, or only empty units), when
fewer than two raters or an empty continuum are given. With ``dkpro_compat=True`` the DKPro
conventions are used instead: 0.0 whenever ``D_o == D_e`` (including 0/0) and NaN when there
is no category at all.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


def measure_distance(
    begin1: int, length1: int, category1: Any, begin2: int, length2: int, category2: Any
) -> float:
    """Krippendorff's (2004) distance of two segments; a ``None`` category marks a gap."""
    begin_diff = begin1 - begin2
    length_diff = length1 - length2
    if category1 is not None and category2 is not None and -length1 < begin_diff < length2:
        return float(begin_diff**2 + (begin_diff + length_diff) ** 2)
    if category1 is not None and category2 is None and -length_diff >= begin_diff >= 0:
        return float(length1**2)
    if category1 is None and category2 is not None and -length_diff <= begin_diff <= 0:
        return float(length2**2)
    return 0.0


@dataclass(frozen=True)
class UnitizingCategory:
    """alpha_U of one category with its observed/expected disagreement and unit count."""

    value: float | None
    observed: float | None
    expected: float | None
    n_units: int


@dataclass(frozen=True)
class UnitizingResult:
    """Overall alpha_U (``value``, mean D_o and mean D_e over categories) and per category."""

    value: float | None
    observed: float | None
    expected: float | None
    per_category: dict[Hashable, UnitizingCategory] = field(default_factory=dict)
    n_raters: int = 0
    continuum_begin: int = 0
    continuum_length: int = 0
    n_units: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (category keys as strings; NaN from dkpro_compat becomes None)."""
        data = asdict(self)
        data["per_category"] = {str(k): asdict(v) for k, v in self.per_category.items()}
        for entry in [data, *data["per_category"].values()]:
            for key in ("value", "observed", "expected"):
                if entry[key] is not None and entry[key] != entry[key]:
                    entry[key] = None
        return data


class UnitizingData:
    """Units of a study as sorted, per-(category, rater) arrays, ready for alpha_U.

    ``begins``/``ends`` are absolute positions; ``raters`` are 0-based indices below
    ``n_raters`` and ``categories`` 0-based indices below ``n_categories``.
    """

    def __init__(
        self,
        raters: np.ndarray,
        categories: np.ndarray,
        begins: np.ndarray,
        ends: np.ndarray,
        n_raters: int,
        n_categories: int,
        begin: int,
        length: int,
    ) -> None:
        self.n_raters = n_raters
        self.n_categories = n_categories
        self.begin = int(begin)
        self.length = int(length)
        raters = np.asarray(raters, dtype=np.int64)
        categories = np.asarray(categories, dtype=np.int64)
        begins = np.asarray(begins, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        group = categories * n_raters + raters
        order = np.lexsort((ends, begins, group))
        group, begins, ends = group[order], begins[order], ends[order]
        # merge overlapping units of one rater and category into their union
        span = int(ends.max() - begins.min()) + 2 if len(ends) else 1
        shifted = ends - (begins.min() if len(ends) else 0) + group * span
        running = ends + (np.maximum.accumulate(shifted) - shifted) if len(ends) else ends
        new_run = np.ones(len(begins), dtype=bool)
        if len(begins) > 1:
            new_run[1:] = (group[1:] != group[:-1]) | (begins[1:] >= running[:-1])
        starts_idx = np.flatnonzero(new_run)
        stops_idx = np.append(starts_idx[1:], len(begins)) - 1
        self._group = group[starts_idx]
        self._begins = begins[starts_idx]
        self._ends = running[stops_idx] if len(begins) else ends
        bounds = np.searchsorted(self._group, np.arange(n_categories * n_raters + 1))
        self._bounds = bounds
        self._observed_cache: dict[tuple[int, int, int], float] = {}

    def units(self, category: int, rater: int) -> tuple[np.ndarray, np.ndarray]:
        """Sorted, non-overlapping ``(begins, ends)`` of one rater's units of one category."""
        g = category * self.n_raters + rater
        lo, hi = self._bounds[g], self._bounds[g + 1]
        return self._begins[lo:hi], self._ends[lo:hi]

    def gaps(self, category: int, rater: int) -> np.ndarray:
        """Lengths of the rater's gaps for the category (stretches between its units)."""
        b, e = self.units(category, rater)
        prev_end = np.concatenate([[self.begin], e])
        next_begin = np.concatenate([b, [self.begin + self.length]])
        gaps = next_begin - prev_end
        return gaps[gaps > 0]

    def n_units(self, category: int, raters: Sequence[int]) -> int:
        """Number of (merged) units of the category by these raters."""
        return int(sum(len(self.units(category, r)[0]) for r in raters))

    def observed_sum(self, category: int, rater1: int, rater2: int) -> float:
        """Sum of segment distances between two raters for one category (cached)."""
        key = (category, rater1, rater2)
        if key not in self._observed_cache:
            self._observed_cache[key] = self._observed_sum(category, rater1, rater2)
        return self._observed_cache[key]

    def _observed_sum(self, category: int, rater1: int, rater2: int) -> float:
        b1, e1 = self.units(category, rater1)
        b2, e2 = self.units(category, rater2)
        # rater1's units against rater2's: overlapping unit pairs, and units inside a gap
        count1 = _overlap_counts(b1, e1, b2, e2)
        lo = np.searchsorted(e2, b1, side="right")
        total = _squared_lengths(b1, e1, count1 == 0)
        n_pairs = int(count1.sum())
        if n_pairs:
            i = np.repeat(np.arange(len(b1)), count1)
            j = np.repeat(lo, count1) + (
                np.arange(n_pairs) - np.repeat(np.cumsum(count1) - count1, count1)
            )
            db = (b1[i] - b2[j]).astype(np.float64)
            de = (e1[i] - e2[j]).astype(np.float64)
            total += float((db * db + de * de).sum())
        # rater2's units lying inside one of rater1's gaps
        count2 = _overlap_counts(b2, e2, b1, e1)
        return total + _squared_lengths(b2, e2, count2 == 0)

    def category_terms(
        self, category: int, raters: Sequence[int]
    ) -> tuple[float | None, float | None, int]:
        """``(D_o, D_e, n_units)`` of one category for a subset of raters (``None`` where the
        term is undefined: fewer than two raters, empty continuum, zero denominator)."""
        r_count = len(raters)
        length = self.length
        n_units = self.n_units(category, raters)
        if r_count < 2 or length <= 0:
            return None, None, n_units
        observed = 0.0
        for x in range(r_count):
            for y in range(x + 1, r_count):
                observed += self.observed_sum(category, raters[x], raters[y])
        d_o = 2.0 * observed / (r_count * (r_count - 1) * float(length) ** 2)
        lengths = np.concatenate([np.subtract(*self.units(category, r)[::-1]) for r in raters])
        lengths = lengths.astype(np.float64)
        gaps = np.sort(np.concatenate([self.gaps(category, r) for r in raters])).astype(np.float64)
        n_c = len(lengths)
        suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
        first = np.searchsorted(gaps, lengths, side="left")
        k = len(gaps) - first
        fitting = suffix[first] - k * (lengths - 1.0)
        terms = (n_c - 1.0) * (
            2.0 * lengths**3 - 3.0 * lengths**2 + lengths
        ) / 3.0 + lengths**2 * fitting
        numerator = terms.sum() * 2.0 / length
        rl = float(r_count) * length
        denominator = rl * (rl - 1.0) - float((lengths * (lengths - 1.0)).sum())
        d_e = float(numerator / denominator) if denominator > 0 else None
        return d_o, d_e, n_units

    def alpha(
        self,
        raters: Sequence[int] | None = None,
        categories: Sequence[int] | None = None,
        *,
        dkpro_compat: bool = False,
    ) -> tuple[float | None, float | None, float | None, dict[int, UnitizingCategory]]:
        """Overall ``(alpha, mean D_o, mean D_e, per-category results)`` for a rater subset."""
        raters = list(range(self.n_raters)) if raters is None else list(raters)
        cats = list(range(self.n_categories)) if categories is None else list(categories)
        per: dict[int, UnitizingCategory] = {}
        used_o: list[float] = []
        used_e: list[float] = []
        for c in cats:
            d_o, d_e, n = self.category_terms(c, raters)
            per[c] = UnitizingCategory(_combine(d_o, d_e, dkpro_compat), d_o, d_e, n)
            if n > 0 and d_o is not None and d_e is not None:
                used_o.append(d_o)
                used_e.append(d_e)
        if not used_o:
            overall = float("nan") if dkpro_compat else None
            return overall, None, None, per
        mean_o, mean_e = float(np.mean(used_o)), float(np.mean(used_e))
        return _combine(mean_o, mean_e, dkpro_compat), mean_o, mean_e, per


def _overlap_counts(bx: np.ndarray, ex: np.ndarray, by: np.ndarray, ey: np.ndarray) -> np.ndarray:
    """For each unit x, how many units y share a stretch with it (DKPro's overlap test
    ``bx < ey and ex > by``; the y units are sorted and do not overlap)."""
    lo = np.searchsorted(ey, bx, side="right")
    hi = np.searchsorted(by, ex, side="left")
    return np.maximum(hi - lo, 0)


def _squared_lengths(b: np.ndarray, e: np.ndarray, mask: np.ndarray) -> float:
    lengths = (e - b)[mask].astype(np.float64)
    return float((lengths * lengths).sum())


def _combine(d_o: float | None, d_e: float | None, dkpro_compat: bool) -> float | None:
    if d_o is None or d_e is None:
        return float("nan") if dkpro_compat else None
    if dkpro_compat:
        if d_o == d_e:
            return 0.0
        return 1.0 - d_o / d_e if d_e != 0 else float("nan")
    return 1.0 - d_o / d_e if d_e > 0 else None


def alpha_u(
    units: Iterable[tuple[int, int, int, Hashable]],
    n_raters: int,
    begin: int,
    length: int,
    *,
    categories: Sequence[Hashable] | None = None,
    dkpro_compat: bool = False,
) -> UnitizingResult:
    """Krippendorff's alpha_U of a unitizing study.

    ``units`` are ``(rater, begin, length, category)`` tuples (rater 0-based below
    ``n_raters``; the category must not be ``None``: gaps are implicit). The continuum is
    ``[begin, begin + length)``. ``categories`` fixes the categories reported (default: those
    used by some unit). Raises ``ValueError`` for units outside the continuum or bad raters.
    """
    unit_list = list(units)
    cats: list[Any] = list(categories) if categories is not None else []
    if categories is None:
        seen: dict[Hashable, None] = {}
        for unit in unit_list:
            seen.setdefault(unit[3], None)
        cats = list(seen)
        try:
            cats = sorted(cats)
        except TypeError:
            pass
    index = {c: i for i, c in enumerate(cats)}
    rows = []
    for rater, start, size, category in unit_list:
        if category is None:
            raise ValueError("unit categories must not be None (gaps are implicit)")
        if not 0 <= rater < n_raters:
            raise ValueError(f"rater index {rater} outside 0..{n_raters - 1}")
        if size < 0 or start < begin or start + size > begin + length:
            raise ValueError(
                f"unit ({start}, {size}) outside the continuum [{begin}, {begin + length})"
            )
        if category in index:
            rows.append((rater, index[category], start, start + size))
    arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
    data = UnitizingData(
        arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3], n_raters, len(cats), begin, length
    )
    value, d_o, d_e, per = data.alpha(dkpro_compat=dkpro_compat)
    return UnitizingResult(
        value,
        d_o,
        d_e,
        {cats[c]: res for c, res in per.items()},
        n_raters,
        int(begin),
        int(length),
        int(sum(r.n_units for r in per.values())),
    )
