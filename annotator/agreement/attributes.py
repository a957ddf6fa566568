"""Agreement on what matched spans say: CASUALTY counts and CLAIM sources.

CASUALTY counts: the ``count`` attribute of spans matched between annotators (overlap matching,
see :mod:`annotator.agreement.spans`) is normalised by :func:`~annotator.agreement.data.parse_count`
to ``(low, high)``; a single number n is ``(n, n)``. *Exact match rate* = share of compared pairs
whose ``(low, high)`` are equal. Krippendorff's alpha (ratio and interval metric) uses the midpoint
``(low + high) / 2``. For a pair of annotators every matched pair with both counts is a unit; for
all annotators together the units are the connected groups of spans linked by the pairwise
matchings (an annotator without a count in a group is a missing value). Pairs where only one
annotator gave a count are reported (``n_one_missing``) but not compared.

CLAIM sources: for claims matched between two annotators, the ``source`` relation targets (tails)
of both are compared; a target pair counts as agreeing when the two target spans are themselves
matched. Micro precision/recall/F1 over all matched claims (annotator A as reference), and the
share of matched claims whose source sets correspond exactly (both empty included).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from annotator.agreement.coding import alpha_from_units
from annotator.agreement.corpus import Corpus
from annotator.agreement.data import mean_sd, parse_count
from annotator.agreement.spans import PairMatching, prf
from annotator.rules import CASUALTY, CLAIM, COUNT_ATTRIBUTE, SOURCE


def _count_arrays(corpus: Corpus, positions: np.ndarray, attribute: str) -> tuple[np.ndarray, ...]:
    """``(low, high, valid)`` of the parsed count of every span position (NaN if absent)."""
    records = corpus.records
    parsed = [
        parse_count(r.attributes.get(attribute)) if r.attributes else None
        for r in map(records.__getitem__, positions.tolist())
    ]
    found = [i for i, v in enumerate(parsed) if v is not None]
    low = np.full(corpus.n_spans, np.nan)
    high = np.full(corpus.n_spans, np.nan)
    if found:
        bounds = np.array([parsed[i] for i in found], dtype=np.float64)
        low[positions[found]] = bounds[:, 0]
        high[positions[found]] = bounds[:, 1]
    return low, high, ~np.isnan(low)


def _alphas(units: np.ndarray, mids: np.ndarray) -> dict[str, float | None]:
    return {
        "alpha_ratio": alpha_from_units(units, mids, "ratio").value,
        "alpha_interval": alpha_from_units(units, mids, "interval").value,
    }


def casualty_agreement(
    corpus: Corpus,
    matchings: list[PairMatching],
    label: str = CASUALTY,
    attribute: str = COUNT_ATTRIBUTE,
) -> dict:
    """Exact match rate and alpha (ratio, interval) of counts, per pair and for all."""
    result: dict = {"label": label, "attribute": attribute, "pairs": [], "all": None}
    if label not in corpus.labels:
        return result
    lab = corpus.labels.index(label)
    positions = np.flatnonzero(corpus.label == lab)
    low, high, valid = _count_arrays(corpus, positions, attribute)
    mid = (low + high) / 2.0
    names = corpus.annotators
    edges_a: list[np.ndarray] = []
    edges_b: list[np.ndarray] = []
    for m in matchings:
        sel = corpus.label[m.pos_a] == lab
        pa, pb = m.pos_a[sel], m.pos_b[sel]
        edges_a.append(pa)
        edges_b.append(pb)
        both = valid[pa] & valid[pb]
        ca, cb = pa[both], pb[both]
        n_exact = int(((low[ca] == low[cb]) & (high[ca] == high[cb])).sum())
        units = np.repeat(np.arange(len(ca)), 2)
        values = np.stack([mid[ca], mid[cb]], axis=1).ravel()
        result["pairs"].append(
            {
                "annotators": [names[m.a], names[m.b]],
                "n_matched": len(pa),
                "n_compared": len(ca),
                "n_one_missing": int((valid[pa] != valid[pb]).sum()),
                "n_exact": n_exact,
                "exact_rate": n_exact / len(ca) if len(ca) else None,
                **_alphas(units, values),
                "n_documents": int(np.unique(corpus.doc[ca]).size),
            }
        )
    result["all"] = _all_annotators(
        corpus, edges_a, edges_b, positions[valid[positions]], low, high
    )
    return result


def _all_annotators(
    corpus: Corpus,
    edges_a: list[np.ndarray],
    edges_b: list[np.ndarray],
    counted: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> dict:
    """Units = groups of spans linked by the pairwise matchings; values = counts in them."""
    if edges_a:
        comp = components(corpus.n_spans, np.concatenate(edges_a), np.concatenate(edges_b))
    else:
        comp = np.arange(corpus.n_spans)
    sizes = np.bincount(comp[counted], minlength=corpus.n_spans)
    compared = sizes >= 2
    counted = counted[compared[comp[counted]]]
    units = comp[counted]
    n_units = int(compared.sum())
    n_exact = 0
    if n_units:
        bounds = []
        for values, fill, reduce in (
            (low, np.inf, np.minimum),
            (low, -np.inf, np.maximum),
            (high, np.inf, np.minimum),
            (high, -np.inf, np.maximum),
        ):
            acc = np.full(corpus.n_spans, fill)
            reduce.at(acc, units, values[counted])
            bounds.append(acc[compared])
        n_exact = int(((bounds[0] == bounds[1]) & (bounds[2] == bounds[3])).sum())
    return {
        "annotators": list(corpus.annotators),
        "n_units": n_units,
        "n_documents": int(np.unique(corpus.doc[counted]).size),
        "n_exact": n_exact,
        "exact_rate": n_exact / n_units if n_units else None,
        **_alphas(units, (low[counted] + high[counted]) / 2.0),
    }


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component id (smallest member) of each of ``n`` nodes, edges ``a[i]-b[i]``."""
    comp = np.arange(n, dtype=np.int64)
    if len(a) == 0:
        return comp
    while True:
        low = np.minimum(comp[a], comp[b])
        before = comp.copy()
        np.minimum.at(comp, a, low)
        np.minimum.at(comp, b, low)
        comp = comp[comp]
        if np.array_equal(comp, before):
            return comp


def claim_source_agreement(
    corpus: Corpus,
    matchings: list[PairMatching],
    claim_label: str = CLAIM,
    relation_label: str = SOURCE,
) -> dict:
    """Per annotator pair: micro P/R/F1 of source targets of matched claims, exact-set rate."""
    result: dict = {"claim_label": claim_label, "relation_label": relation_label, "pairs": []}
    if claim_label not in corpus.labels:
        return result
    lab = corpus.labels.index(claim_label)
    heads, tails = corpus.source_relations(relation_label)
    if len(heads):
        key = np.unique(heads * corpus.n_spans + tails)
        heads, tails = key // corpus.n_spans, key % corpus.n_spans
    names = corpus.annotators
    f1s: list[float] = []
    for m in matchings:
        sel = corpus.label[m.pos_a] == lab
        claims_a = m.pos_a[sel]
        partner = m.partner
        rel_a = corpus.ann[heads] == m.a
        rel_b = corpus.ann[heads] == m.b
        ha, ta = heads[rel_a], tails[rel_a]
        hb, tb = heads[rel_b], tails[rel_b]
        # relations whose claim is matched (claim of the right label)
        use_a = (partner[ha] >= 0) & (corpus.label[ha] == lab)
        use_b = (partner[hb] >= 0) & (corpus.label[hb] == lab)
        ha, ta, hb, tb = ha[use_a], ta[use_a], hb[use_b], tb[use_b]
        b_keys = hb * corpus.n_spans + tb
        mapped_t = partner[ta]
        agree = (mapped_t >= 0) & np.isin(partner[ha] * corpus.n_spans + mapped_t, b_keys)
        n_agree = int(agree.sum())
        claim_index = np.full(corpus.n_spans, -1, dtype=np.int64)
        claim_index[claims_a] = np.arange(len(claims_a))
        n_claims = len(claims_a)
        per_a = np.bincount(claim_index[ha], minlength=n_claims)
        per_b = np.bincount(claim_index[partner[hb]], minlength=n_claims)
        per_m = np.bincount(claim_index[ha[agree]], minlength=n_claims)
        same = (per_a == per_b) & (per_a == per_m)
        entry: dict[str, Any] = {
            "annotators": [names[m.a], names[m.b]],
            "n_matched_claims": int(n_claims),
            "n_claims_with_sources": int(((per_a + per_b) > 0).sum()),
            **prf(n_agree, len(ha), len(hb)),
            "exact_set_rate": float(same.mean()) if n_claims else None,
            "n_documents": int(np.unique(corpus.doc[claims_a]).size),
        }
        if entry["f1"] is not None:
            f1s.append(entry["f1"])
        result["pairs"].append(entry)
    result["mean_pairwise_f1"], result["sd_pairwise_f1"] = mean_sd(f1s)
    return result
