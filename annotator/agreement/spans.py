"""Span-level agreement: one-to-one matching of two annotators' spans and pairwise F1.

Matching (same label required): candidate pairs are spans that share at least one character.
They are matched one-to-one **greedily by largest overlap** (in code points); ties go to the pair
with the smaller boundary distance ``|start_a - start_b| + |end_a - end_b|``, then to the earlier
position. Identical spans are therefore always matched to each other. A pair is an *exact* match
when start, end and label are identical; exact F1 counts exact pairs only, overlap F1 all pairs.

With annotator A as reference: precision = matched / |B|, recall = matched / |A|;
F1 = 2 * matched / (|A| + |B|) is symmetric. Micro figures pool the counts of all labels; macro
F1 is the mean of the per-label F1 over labels that either annotator used. F1, precision and
recall are ``None`` when their denominator is 0 (e.g. neither annotator marked that label).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import Corpus


@dataclass
class PairMatching:
    """Matched span positions (into the :class:`Corpus` arrays) of annotators ``a`` and ``b``.

    ``partner[i]`` is the position matched to span ``i`` (for spans of ``a`` or ``b``), or -1.
    """

    a: int
    b: int
    pos_a: np.ndarray
    pos_b: np.ndarray
    exact: np.ndarray
    partner: np.ndarray


def greedy_match(
    start_a: np.ndarray, end_a: np.ndarray, start_b: np.ndarray, end_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Match two span sets one-to-one greedily by largest overlap (see module doc).

    Returns index arrays ``(ia, ib)`` into the inputs. Spans of one set may nest or overlap.
    """
    n_a, n_b = len(start_a), len(start_b)
    empty = np.zeros(0, dtype=np.int64)
    if n_a == 0 or n_b == 0:
        return empty, empty
    order_b = np.argsort(start_b, kind="stable")
    sb_sorted = start_b[order_b]
    longest_b = int((end_b - start_b).max())
    lo = np.searchsorted(sb_sorted, start_a - longest_b, side="right")
    hi = np.searchsorted(sb_sorted, end_a, side="left")
    count = np.maximum(hi - lo, 0)
    total = int(count.sum())
    if total == 0:
        return empty, empty
    ea = np.repeat(np.arange(n_a), count)
    eb = order_b[
        np.repeat(lo, count) + (np.arange(total) - np.repeat(np.cumsum(count) - count, count))
    ]
    overlap = np.minimum(end_a[ea], end_b[eb]) - np.maximum(start_a[ea], start_b[eb])
    keep = overlap > 0
    ea, eb, overlap = ea[keep], eb[keep], overlap[keep]
    if len(ea) == 0:
        return empty, empty
    distance = np.abs(start_a[ea] - start_b[eb]) + np.abs(end_a[ea] - end_b[eb])
    priority = np.lexsort((start_b[eb], start_a[ea], distance, -overlap))
    ea, eb = ea[priority], eb[priority]
    matched_a = np.full(n_a, -1, dtype=np.int64)
    matched_b = np.full(n_b, -1, dtype=np.int64)
    # An edge that is the best remaining edge of both its ends is taken by the global greedy
    # order too; taking all such edges per round gives the same matching, vectorised.
    while len(ea):
        first_a = np.zeros(len(ea), dtype=bool)
        first_a[np.unique(ea, return_index=True)[1]] = True
        first_b = np.zeros(len(eb), dtype=bool)
        first_b[np.unique(eb, return_index=True)[1]] = True
        take = first_a & first_b
        matched_a[ea[take]] = eb[take]
        matched_b[eb[take]] = ea[take]
        free = (matched_a[ea] < 0) & (matched_b[eb] < 0)
        ea, eb = ea[free], eb[free]
    ia = np.flatnonzero(matched_a >= 0)
    return ia, matched_a[ia]


def match_pair(corpus: Corpus, a: int, b: int) -> PairMatching:
    """Match annotator ``a``'s spans with ``b``'s, label by label, in every document."""
    pos_a_parts: list[np.ndarray] = []
    pos_b_parts: list[np.ndarray] = []
    for lab in range(len(corpus.labels)):
        ga = corpus.group_slice(lab, a)
        gb = corpus.group_slice(lab, b)
        ia, ib = greedy_match(
            corpus.gstart[ga], corpus.gend[ga], corpus.gstart[gb], corpus.gend[gb]
        )
        pos_a_parts.append(ga[ia])
        pos_b_parts.append(gb[ib])
    pos_a = np.concatenate(pos_a_parts) if pos_a_parts else np.zeros(0, dtype=np.int64)
    pos_b = np.concatenate(pos_b_parts) if pos_b_parts else np.zeros(0, dtype=np.int64)
    exact = (corpus.gstart[pos_a] == corpus.gstart[pos_b]) & (
        corpus.gend[pos_a] == corpus.gend[pos_b]
    )
    partner = np.full(corpus.n_spans, -1, dtype=np.int64)
    partner[pos_a] = pos_b
    partner[pos_b] = pos_a
    return PairMatching(a, b, pos_a, pos_b, exact, partner)


def _ratio(num: float, den: float) -> float | None:
    return float(num) / float(den) if den > 0 else None


def prf(matched: int, n_ref: int, n_other: int) -> dict[str, float | int | None]:
    """Counts with precision (of the other against the reference), recall and F1."""
    return {
        "matched": int(matched),
        "n_a": int(n_ref),
        "n_b": int(n_other),
        "precision": _ratio(matched, n_other),
        "recall": _ratio(matched, n_ref),
        "f1": _ratio(2 * matched, n_ref + n_other),
    }


def pair_scores(corpus: Corpus, m: PairMatching) -> dict[str, dict]:
    """Per-label, micro and macro scores of one annotator pair, for exact and overlap mode."""
    n_labels = len(corpus.labels)
    n_a = np.bincount(corpus.label[corpus.ann == m.a], minlength=n_labels)
    n_b = np.bincount(corpus.label[corpus.ann == m.b], minlength=n_labels)
    docs_used = int(np.unique(corpus.doc[(corpus.ann == m.a) | (corpus.ann == m.b)]).size)
    out: dict[str, dict] = {}
    for mode, mask in (("exact", m.exact), ("overlap", np.ones(len(m.pos_a), dtype=bool))):
        matched = np.bincount(corpus.label[m.pos_a[mask]], minlength=n_labels)
        per_label = {corpus.labels[i]: prf(matched[i], n_a[i], n_b[i]) for i in range(n_labels)}
        f1s = [v["f1"] for v in per_label.values() if v["f1"] is not None]
        out[mode] = {
            "per_label": per_label,
            "micro": prf(matched.sum(), n_a.sum(), n_b.sum()),
            "macro_f1": float(np.mean(f1s)) if f1s else None,
            "n_documents": corpus.n_docs,
            "n_documents_with_spans": docs_used,
        }
    return out


def doc_pair_f1(corpus: Corpus, m: PairMatching) -> dict[str, np.ndarray]:
    """Per-document micro F1 (NaN where neither annotator has a span) for exact and overlap."""
    n = corpus.n_docs
    n_a = np.bincount(corpus.doc[corpus.ann == m.a], minlength=n)
    n_b = np.bincount(corpus.doc[corpus.ann == m.b], minlength=n)
    denominator = (n_a + n_b).astype(np.float64)
    out = {}
    for mode, mask in (("exact", m.exact), ("overlap", slice(None))):
        matched = np.bincount(corpus.doc[m.pos_a[mask]], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[mode] = np.where(denominator > 0, 2.0 * matched / denominator, np.nan)
    out["unmatched"] = (n_a + n_b - 2 * np.bincount(corpus.doc[m.pos_a], minlength=n)).astype(
        np.int64
    )
    return out
