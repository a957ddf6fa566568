"""Chance-corrected agreement coefficients for coding data (units x coders -> categories).

Two-rater coefficients take a contingency table ``table[i][j]`` = number of units rater 1
put in category ``i`` and rater 2 in category ``j`` (same category order on both axes).
Multi-rater coefficients take a count matrix ``counts[u][c]`` = number of raters who put unit
``u`` in category ``c``, or reliability data ``data[coder][unit]`` (``None`` or NaN = missing).

Every coefficient returns ``value=None`` when it is undefined (no pairable data, or zero
expected disagreement / expected agreement of 1, i.e. only one category was ever used). It never
raises for degenerate data; it raises ``ValueError`` only for malformed input.

References: Cohen (1960); Scott (1955); Bennett, Alpert & Goldstein (1954); Fleiss (1971);
Krippendorff (2004, 2011) "Computing Krippendorff's Alpha-Reliability"; Artstein & Poesio (2008);
Gwet (2008, 2014) for AC1/AC2.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

Metric = str | Callable[[Any, Any], float]
"""``"nominal"``, ``"ordinal"``, ``"interval"``, ``"ratio"``, or a function ``d(a, b)`` giving
the (squared) disagreement weight of two values (0 for identical values)."""

METRICS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class Coefficient:
    """A coefficient with its observed and expected terms.

    ``basis`` says how ``value`` is formed: ``"agreement"`` -> (A_o - A_e) / (1 - A_e) with
    ``observed``/``expected`` the agreements; ``"disagreement"`` -> 1 - D_o / D_e with
    ``observed``/``expected`` the disagreements. ``n_units`` counts the units used (pairable
    units for alpha), ``n_values`` the values used (pairable values for alpha).
    """

    value: float | None
    observed: float | None
    expected: float | None
    n_units: int
    n_values: int = 0
    basis: str = "agreement"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class FleissResult:
    """Fleiss' kappa with its terms: mean item agreement ``P_bar``, chance agreement ``P_e``,
    and one kappa per category (``None`` where undefined)."""

    value: float | None
    P_bar: float | None
    P_e: float | None
    per_category: dict[Hashable, float | None] = field(default_factory=dict)
    n_units: int = 0
    n_raters: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (category keys as strings)."""
        data = asdict(self)
        data["per_category"] = {str(k): v for k, v in self.per_category.items()}
        return data


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _from_agreement(a_o: float, a_e: float, n: int) -> Coefficient:
    value = (a_o - a_e) / (1.0 - a_e) if a_e < 1.0 - 1e-12 else None
    return Coefficient(value, a_o, a_e, n)


def _from_disagreement(d_o: float, d_e: float, n_units: int, n_values: int = 0) -> Coefficient:
    value = 1.0 - d_o / d_e if d_e > 1e-15 else None
    return Coefficient(value, d_o, d_e, n_units, n_values, "disagreement")


def _table(table: Any) -> np.ndarray:
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ValueError(f"contingency table must be square, got shape {t.shape}")
    if (t < 0).any():
        raise ValueError("contingency table has negative counts")
    return t


def contingency_table(
    ratings_a: Sequence[Hashable], ratings_b: Sequence[Hashable], categories=None
) -> tuple[np.ndarray, list[Hashable]]:
    """Build the contingency table of two raters' category sequences (same units, same order).

    Returns ``(table, categories)``; pairs where either rating is ``None`` are skipped.
    """
    if len(ratings_a) != len(ratings_b):
        raise ValueError("both raters must rate the same units")
    pairs = [
        (a, b) for a, b in zip(ratings_a, ratings_b, strict=True) if a is not None and b is not None
    ]
    if categories is None:
        categories = _sorted_values({v for pair in pairs for v in pair})
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for a, b in pairs:
        table[index[a], index[b]] += 1
    return table, list(categories)


def observed_agreement(table: Any) -> float | None:
    """Proportion of units both raters put in the same category (``None`` for no units)."""
    t = _table(table)
    n = t.sum()
    return float(np.trace(t) / n) if n > 0 else None


def cohen_kappa(table: Any) -> Coefficient:
    """Cohen's kappa: chance agreement from each rater's own category distribution."""
    t = _table(table)
    n = t.sum()
    if n == 0:
        return Coefficient(None, None, None, 0)
    p = t / n
    return _from_agreement(float(np.trace(p)), float(p.sum(1) @ p.sum(0)), int(n))


def cohen_kappa_max(table: Any) -> Coefficient:
    """Cohen's (1960) maximum kappa given the marginals; ``observed`` is the maximal A_o."""
    t = _table(table)
    n = t.sum()
    if n == 0:
        return Coefficient(None, None, None, 0)
    p = t / n
    a_max = float(np.minimum(p.sum(1), p.sum(0)).sum())
    return _from_agreement(a_max, float(p.sum(1) @ p.sum(0)), int(n))


def scott_pi(table: Any) -> Coefficient:
    """Scott's pi: chance agreement from the pooled category distribution of both raters."""
    t = _table(table)
    n = t.sum()
    if n == 0:
        return Coefficient(None, None, None, 0)
    p = t / n
    pooled = (p.sum(1) + p.sum(0)) / 2.0
    return _from_agreement(float(np.trace(p)), float(pooled @ pooled), int(n))


def bennett_s(table: Any) -> Coefficient:
    """Bennett, Alpert & Goldstein's S: uniform chance agreement 1/q over the table's q
    categories."""
    t = _table(table)
    n = t.sum()
    if n == 0:
        return Coefficient(None, None, None, 0)
    return _from_agreement(float(np.trace(t) / n), 1.0 / t.shape[0], int(n))


def _weight_matrix(weights: Any, q: int, *, agreement: bool) -> np.ndarray:
    """Disagreement (or agreement) weights for q ordered categories."""
    if isinstance(weights, str):
        idx = np.arange(q, dtype=float)
        diff = np.abs(idx[:, None] - idx[None, :]) / max(q - 1, 1)
        if weights == "identity":
            d = (diff > 0).astype(float)
        elif weights == "linear":
            d = diff
        elif weights == "quadratic":
            d = diff**2
        else:
            raise ValueError(f"unknown weights {weights!r}")
        return 1.0 - d if agreement else d
    w = np.asarray(weights, dtype=float)
    if w.shape != (q, q):
        raise ValueError(f"weights must be {q}x{q}, got {w.shape}")
    return w


def weighted_kappa(table: Any, weights: Any = "quadratic") -> Coefficient:
    """Cohen's weighted kappa, 1 - D_o / D_e, with disagreement weights: ``"identity"``
    (= kappa), ``"linear"``, ``"quadratic"`` (by category position) or a q x q matrix."""
    t = _table(table)
    n = t.sum()
    if n == 0:
        return Coefficient(None, None, None, 0, basis="disagreement")
    p = t / n
    w = _weight_matrix(weights, t.shape[0], agreement=False)
    d_o = float((w * p).sum())
    d_e = float((w * np.outer(p.sum(1), p.sum(0))).sum())
    return _from_disagreement(d_o, d_e, int(n))


def gwet_ac2(table: Any, weights: Any = "identity") -> Coefficient:
    """Gwet's AC2 with agreement weights (``"identity"`` gives AC1; ``"quadratic"``,
    ``"linear"`` by category position, or a q x q agreement-weight matrix), two raters."""
    t = _table(table)
    n = t.sum()
    q = t.shape[0]
    if n == 0 or q < 2:
        return Coefficient(None, None, None, int(n))
    p = t / n
    w = _weight_matrix(weights, q, agreement=True)
    pi = (p.sum(1) + p.sum(0)) / 2.0
    a_o = float((w * p).sum())
    a_e = float(w.sum() / (q * (q - 1)) * (pi * (1.0 - pi)).sum())
    return _from_agreement(a_o, a_e, int(n))


def gwet_ac1(table: Any) -> Coefficient:
    """Gwet's AC1 (two raters, nominal)."""
    return gwet_ac2(table, "identity")


def fleiss_kappa(
    counts: Any, categories: Sequence[Hashable] | None = None, weights=None
) -> FleissResult:
    """Fleiss' kappa from ``counts[item][category]`` (every item rated by the same number of
    raters). ``weights`` optionally gives each row's multiplicity (identical items)."""
    c = np.asarray(counts, dtype=float)
    if c.ndim != 2:
        raise ValueError("counts must be a 2-D items x categories matrix")
    w = np.ones(c.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    keep = w > 0
    c, w = c[keep], w[keep]
    cats = list(categories) if categories is not None else list(range(c.shape[1]))
    if c.shape[0] == 0:
        return FleissResult(None, None, None, {k: None for k in cats}, 0, 0)
    m_items = c.sum(1)
    m = float(m_items[0])
    if not np.all(m_items == m):
        raise ValueError("Fleiss' kappa needs the same number of ratings for every item")
    n_items = float(w.sum())
    if m < 2:
        return FleissResult(None, None, None, {k: None for k in cats}, int(n_items), int(m))
    p_j = (w @ c) / (n_items * m)
    p_i = ((c**2).sum(1) - m) / (m * (m - 1))
    p_bar = float(w @ p_i / n_items)
    p_e = float((p_j**2).sum())
    kappa = (p_bar - p_e) / (1.0 - p_e) if p_e < 1.0 - 1e-12 else None
    disagree = w @ (c * (m - c))
    per_category: dict[Hashable, float | None] = {}
    for j, cat in enumerate(cats):
        denominator = n_items * m * (m - 1) * p_j[j] * (1.0 - p_j[j])
        per_category[cat] = _finite(1.0 - disagree[j] / denominator) if denominator > 0 else None
    return FleissResult(kappa, p_bar, p_e, per_category, int(n_items), int(m))


def ratings_to_counts(items: Sequence[Sequence[Hashable]]) -> tuple[np.ndarray, list[Hashable]]:
    """Turn per-item rating lists (``None`` = missing) into ``(counts, categories)``."""
    cats = _sorted_values({r for item in items for r in item if not _is_missing(r)})
    index = {c: i for i, c in enumerate(cats)}
    counts = np.zeros((len(items), len(cats)))
    for u, item in enumerate(items):
        for r in item:
            if not _is_missing(r):
                counts[u, index[r]] += 1
    return counts, cats


# --- Krippendorff's alpha -----------------------------------------------------------------


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _sorted_values(values) -> list:
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=lambda v: (type(v).__name__, repr(v)))


def delta_matrix(
    values: Sequence[Any], metric: Metric, marginals: np.ndarray | None = None
) -> np.ndarray:
    """Squared-distance matrix delta^2[c, k] of Krippendorff's metrics over ``values`` (in
    order; ordinal needs the coincidence ``marginals`` n_c and ranks values by that order)."""
    v_count = len(values)
    if callable(metric):
        return np.array([[float(metric(a, b)) for b in values] for a in values]).reshape(
            v_count, v_count
        )
    if metric == "nominal":
        return 1.0 - np.eye(v_count)
    if metric == "ordinal":
        if marginals is None:
            raise ValueError("ordinal metric needs the value marginals")
        n = np.asarray(marginals, dtype=float)
        cum = np.concatenate([[0.0], np.cumsum(n)])
        lo = np.minimum.outer(np.arange(v_count), np.arange(v_count))
        hi = np.maximum.outer(np.arange(v_count), np.arange(v_count))
        between = cum[hi + 1] - cum[lo]
        return (between - (n[:, None] + n[None, :]) / 2.0) ** 2
    x = np.asarray(values, dtype=float)
    diff = x[:, None] - x[None, :]
    if metric == "interval":
        return diff**2
    if metric == "ratio":
        total = x[:, None] + x[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(total != 0, (diff / np.where(total != 0, total, 1.0)) ** 2, 0.0)
        return out
    raise ValueError(f"unknown metric {metric!r}; use one of {METRICS} or a function")


def _alpha_from_coincidence(
    o: np.ndarray, values: Sequence[Any], metric: Metric, n_units: int
) -> Coefficient:
    n_c = o.sum(1)
    n = float(n_c.sum())
    if n_units == 0 or n < 2:
        return Coefficient(None, None, None, n_units, int(round(n)), "disagreement")
    delta = delta_matrix(values, metric, n_c)
    d_o = float((o * delta).sum() / n)
    d_e = float((np.outer(n_c, n_c) * delta).sum() / (n * (n - 1.0)))
    return _from_disagreement(d_o, d_e, n_units, int(round(n)))


def coincidence_matrix(counts: Any, weights: Any = None) -> tuple[np.ndarray, int]:
    """Krippendorff's coincidence matrix from ``counts[unit][value]`` (unit multiplicities in
    ``weights``). Units with fewer than two values are not pairable and are left out.
    Returns ``(o, number of pairable units)``."""
    c = np.asarray(counts, dtype=float)
    if c.ndim != 2:
        raise ValueError("counts must be a 2-D units x values matrix")
    w = np.ones(c.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    m = c.sum(1)
    keep = (m >= 2) & (w > 0)
    c, m, w = c[keep], m[keep], w[keep]
    scaled = c * (w / (m - 1.0))[:, None]
    o = c.T @ scaled - np.diag(scaled.sum(0))
    return o, int(round(w.sum()))


def alpha_from_counts(
    counts: Any,
    values: Sequence[Any] | None = None,
    metric: Metric = "nominal",
    weights: Any = None,
) -> Coefficient:
    """Krippendorff's alpha from ``counts[unit][value]`` (how many coders gave each value).

    ``values`` names the columns (needed by interval/ratio/custom metrics; for ordinal their
    order is the scale order). ``weights`` gives unit multiplicities.
    """
    o, n_units = coincidence_matrix(counts, weights)
    if values is None:
        values = list(range(o.shape[0]))
    if len(values) != o.shape[0]:
        raise ValueError("values must name every column of counts")
    return _alpha_from_coincidence(o, values, metric, n_units)


def reliability_counts(data: Sequence[Sequence[Any]]) -> tuple[np.ndarray, list[Any]]:
    """Turn reliability data ``data[coder][unit]`` (``None``/NaN = missing) into
    ``(counts[unit][value], sorted values)``."""
    rows = [list(r) for r in data]
    if not rows:
        return np.zeros((0, 0)), []
    n_units = len(rows[0])
    if any(len(r) != n_units for r in rows):
        raise ValueError("every coder row must have one entry per unit (None = missing)")
    items = [[r[u] for r in rows] for u in range(n_units)]
    counts, values = ratings_to_counts(items)
    return counts, values


def krippendorff_alpha(data: Sequence[Sequence[Any]], metric: Metric = "nominal") -> Coefficient:
    """Krippendorff's alpha for reliability data ``data[coder][unit]`` with missing values
    (``None`` or NaN). Units with fewer than two values are dropped (not pairable)."""
    counts, values = reliability_counts(data)
    if counts.size == 0:
        return Coefficient(None, None, None, 0, 0, "disagreement")
    return alpha_from_counts(counts, values, metric)


def pairable_agreement(data: Sequence[Sequence[Any]]) -> float | None:
    """Krippendorff's observed agreement over pairable values: the share of the coincidences
    that lie on the diagonal (= 1 - nominal D_o)."""
    counts, _values = reliability_counts(data)
    if counts.size == 0:
        return None
    o, n_units = coincidence_matrix(counts)
    total = o.sum()
    return float(np.trace(o) / total) if n_units and total > 0 else None


def alpha_from_units(unit_ids: Any, values: Any, metric: Metric = "nominal") -> Coefficient:
    """Krippendorff's alpha from parallel arrays ``unit_ids``/``values`` (one entry per value
    given; coder identity is not needed). Scales to many units with few distinct values."""
    units = np.asarray(unit_ids)
    if len(values) != len(units):
        raise ValueError("unit_ids and values must have the same length")
    if len(units) == 0:
        return Coefficient(None, None, None, 0, 0, "disagreement")
    numeric = isinstance(values, np.ndarray) and values.dtype.kind in "iuf"
    if numeric:
        distinct_arr, v_idx = np.unique(values, return_inverse=True)
        distinct: list[Any] = distinct_arr.tolist()
    else:
        vals = list(values)
        distinct = _sorted_values(set(vals))
        index = {v: i for i, v in enumerate(distinct)}
        v_idx = np.fromiter((index[v] for v in vals), dtype=np.int64, count=len(vals))
    _, u_idx = np.unique(units, return_inverse=True)
    m = np.bincount(u_idx)
    pairable = m[u_idx] >= 2
    u_idx, v_idx = u_idx[pairable], v_idx[pairable]
    n_units = int((m >= 2).sum())
    n = len(v_idx)
    if n_units == 0:
        return Coefficient(None, None, None, 0, 0, "disagreement")
    # every ordered pair of values within a unit, weighted 1 / (m_u - 1); no dense V x V matrix
    order = np.argsort(u_idx, kind="stable")
    u_idx, v_idx = u_idx[order], v_idx[order]
    starts = np.searchsorted(u_idx, u_idx, side="left")
    counts_u = m[u_idx]
    src = np.repeat(np.arange(n), counts_u)
    rank = np.arange(len(src)) - np.repeat(np.cumsum(counts_u) - counts_u, counts_u)
    dst = starts[src] + rank
    not_self = dst != src
    src, dst = src[not_self], dst[not_self]
    n_c = np.bincount(v_idx, minlength=len(distinct)).astype(np.float64)
    delta = _PairDelta(distinct, metric, n_c)
    d_o = float((delta(v_idx[src], v_idx[dst]) / (counts_u[src] - 1.0)).sum() / n)
    d_e = 0.0
    all_idx = np.arange(len(distinct))
    block = max(1, 4_000_000 // max(len(distinct), 1))
    for i0 in range(0, len(distinct), block):
        rows = all_idx[i0 : i0 + block]
        d = delta(rows[:, None], all_idx[None, :])
        d_e += float((n_c[rows][:, None] * n_c[None, :] * d).sum())
    return _from_disagreement(d_o, d_e / (n * (n - 1.0)), n_units, n)


class _PairDelta:
    """Krippendorff's squared distance for index arrays into ``distinct`` values."""

    def __init__(self, distinct: list[Any], metric: Metric, n_c: np.ndarray) -> None:
        self.distinct = distinct
        self.metric = metric
        if callable(metric) or metric == "nominal":
            return
        if metric == "ordinal":
            self.cum = np.concatenate([[0.0], np.cumsum(n_c)])
            self.n_c = n_c
        elif metric in ("interval", "ratio"):
            self.x = np.asarray(distinct, dtype=np.float64)
        else:
            raise ValueError(f"unknown metric {metric!r}; use one of {METRICS} or a function")

    def __call__(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        metric = self.metric
        if callable(metric):
            i, j = np.broadcast_arrays(i, j)
            flat = [
                float(metric(self.distinct[a], self.distinct[b]))
                for a, b in zip(i.ravel(), j.ravel(), strict=True)
            ]
            return np.array(flat, dtype=np.float64).reshape(i.shape)
        if metric == "nominal":
            return (i != j).astype(np.float64)
        if metric == "ordinal":
            lo, hi = np.minimum(i, j), np.maximum(i, j)
            return (self.cum[hi + 1] - self.cum[lo] - (self.n_c[i] + self.n_c[j]) / 2.0) ** 2
        diff = self.x[i] - self.x[j]
        if metric == "interval":
            return diff**2
        total = self.x[i] + self.x[j]
        safe = np.where(total != 0, total, 1.0)
        return np.where(total != 0, (diff / safe) ** 2, 0.0)


def alpha_from_table(
    table: Any, values: Sequence[Any] | None = None, metric: Metric = "nominal"
) -> Coefficient:
    """Krippendorff's alpha for two coders given as a contingency table (every unit coded by
    both): the coincidence matrix is ``table + table.T``."""
    t = _table(table)
    if values is None:
        values = list(range(t.shape[0]))
    if len(values) != t.shape[0]:
        raise ValueError("values must name every row of the table")
    return _alpha_from_coincidence(t + t.T, values, metric, int(t.sum()))
