"""Token-level agreement on binary label layers.

For every label L, each token gets the value 1 from an annotator when it shares at least one
character with a span of label L by that annotator, else 0 (one binary layer per label, so nested
or overlapping spans of different labels are all kept). Every token of every document is a unit
coded by every annotator (no missing values). Per label: Cohen's kappa and Krippendorff's alpha
(nominal) for every pair, Fleiss' kappa and Krippendorff's alpha for all annotators together.
**Overall** figures pool the binary layers of the labels *used*: each (label, token) is one unit,
i.e. the 2x2 tables and the rating counts of those labels are summed before the coefficient is
computed. For a pair's kappa/alpha a label is used when either annotator of the pair gave it to
at least one token; for Fleiss' kappa and alpha over all annotators, when any compared
annotator did. A layer that is all 0 for everyone compared (a schema label nobody used, or for
a pair a label only others used) is left out of the pool, so such labels do not change the
overall figures (with one used label they equal that label's figures: Krippendorff's 2011
binary example gives 0.095 whatever else the schema holds), and a pair's figures do not depend
on who else is compared. ``overall.labels`` lists the labels pooled over all annotators.
"""

from __future__ import annotations

import numpy as np

from annotator.agreement.coding import (
    Coefficient,
    FleissResult,
    alpha_from_counts,
    alpha_from_table,
    cohen_kappa,
    fleiss_kappa,
)
from annotator.agreement.corpus import Corpus
from annotator.agreement.data import mean_sd


def token_layers(corpus: Corpus) -> np.ndarray:
    """Boolean array ``[label, annotator, token]``: token inside a span of that label."""
    gs, ge, _ = corpus.tokens()
    n_tok = len(gs)
    n_labels, n_ann = len(corpus.labels), len(corpus.annotators)
    layers = np.zeros((n_labels, n_ann, n_tok), dtype=bool)
    if n_tok == 0 or corpus.n_spans == 0:
        return layers
    first = np.searchsorted(ge, corpus.gstart, side="right")
    stop = np.searchsorted(gs, corpus.gend, side="left")
    has = stop > first
    group = corpus.label * n_ann + corpus.ann
    for g in np.unique(group[has]):
        sel = has & (group == g)
        diff = np.bincount(first[sel], minlength=n_tok + 1) - np.bincount(
            stop[sel], minlength=n_tok + 1
        )
        layers[g // n_ann, g % n_ann] = np.cumsum(diff[:n_tok]) > 0
    return layers


def _table(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    n11 = int(np.count_nonzero(x & y))
    nx, ny = int(np.count_nonzero(x)), int(np.count_nonzero(y))
    return np.array([[len(x) - nx - ny + n11, ny - n11], [nx - n11, n11]], dtype=np.float64)


def _rating_counts(layer: np.ndarray) -> np.ndarray:
    """How many tokens got the value 1 from exactly k annotators, k = 0..R."""
    r = layer.shape[0]
    return np.bincount(layer.sum(axis=0, dtype=np.int64), minlength=r + 1).astype(np.float64)


def _all_raters(freq: np.ndarray, r: int) -> tuple[FleissResult, Coefficient]:
    k = np.arange(r + 1, dtype=np.float64)
    counts = np.stack([r - k, k], axis=1)
    return fleiss_kappa(counts, [0, 1], weights=freq), alpha_from_counts(
        counts, [0, 1], "nominal", weights=freq
    )


def _matrix(n: int) -> list[list]:
    return [[None] * n for _ in range(n)]


def token_agreement(corpus: Corpus) -> dict:
    """Cohen/alpha matrices, Fleiss' kappa and alpha per label and pooled (``"overall"``)."""
    layers = token_layers(corpus)
    n_labels, n_ann, n_tok = layers.shape
    _, _, tok_offset = corpus.tokens()
    docs_used = int(np.count_nonzero(np.diff(tok_offset)))
    pair_tables: dict[tuple[int, int], np.ndarray] = {}
    pooled_freq = np.zeros(n_ann + 1)
    given = np.asarray(layers.any(axis=2))  # [label, annotator]: gave it to some token
    used = [lab for lab in range(n_labels) if given[lab].any()]
    result: dict = {"per_label": {}, "n_tokens": int(n_tok), "n_documents": docs_used}
    for lab in range(n_labels):
        kappa_m, alpha_m = _matrix(n_ann), _matrix(n_ann)
        for i in range(n_ann):
            for j in range(i + 1, n_ann):
                t = _table(layers[lab, i], layers[lab, j])
                if given[lab, i] or given[lab, j]:  # used by the pair
                    pair_tables[(i, j)] = pair_tables.get((i, j), 0) + t
                kappa_m[i][j] = kappa_m[j][i] = cohen_kappa(t).value
                alpha_m[i][j] = alpha_m[j][i] = alpha_from_table(t).value
        freq = _rating_counts(layers[lab])
        if lab in used:
            pooled_freq += freq
        fleiss, alpha = _all_raters(freq, n_ann)
        result["per_label"][corpus.labels[lab]] = {
            "cohen_kappa": kappa_m,
            "alpha_pairwise": alpha_m,
            "fleiss_kappa": fleiss.value,
            "alpha": alpha.value,
            "n_units": int(n_tok),
            "n_positive": _positives(layers[lab]),
        }
    kappa_m, alpha_m = _matrix(n_ann), _matrix(n_ann)
    for (i, j), t in pair_tables.items():
        kappa_m[i][j] = kappa_m[j][i] = cohen_kappa(t).value
        alpha_m[i][j] = alpha_m[j][i] = alpha_from_table(t).value
    pooled = _all_raters(pooled_freq, n_ann) if used else None
    result["overall"] = {
        "labels": [corpus.labels[lab] for lab in used],
        "cohen_kappa": kappa_m,
        "alpha_pairwise": alpha_m,
        "fleiss_kappa": pooled[0].value if pooled else None,
        "alpha": pooled[1].value if pooled else None,
        "n_units": int(n_tok * len(used)),
    }
    return result


def _positives(layer: np.ndarray) -> list[int]:
    return [int(np.count_nonzero(row)) for row in layer]


# ---------------------------------------------------------------- token F1 (bratiaa)


def _token_counts(corpus: Corpus, label: int, ann: int) -> np.ndarray:
    """How many spans of ``label`` by ``ann`` share a character with each token."""
    gs, ge, _ = corpus.tokens()
    n_tok = len(gs)
    sel = corpus.group_slice(label, ann)
    if n_tok == 0 or len(sel) == 0:
        return np.zeros(n_tok, dtype=np.int64)
    first = np.searchsorted(ge, corpus.gstart[sel], side="right")
    stop = np.searchsorted(gs, corpus.gend[sel], side="left")
    has = stop > first
    diff = np.bincount(first[has], minlength=n_tok + 1) - np.bincount(
        stop[has], minlength=n_tok + 1
    )
    return np.cumsum(diff[:n_tok])


def _f1(tp: int, fp: int, fn: int) -> float | None:
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else None


def token_f1(corpus: Corpus) -> dict:
    """Token-level F1 as bratiaa (github.com/kldtz/bratiaa) defines it, per label and overall.

    Every span is split into the tokens it shares a character with, giving one (label, token)
    item per span and token (two spans of one label over a token give two items: a multiset).
    For a pair of annotators (the first named is bratiaa's "expected" side) the items of both
    are compared as multisets: TP = common items, FP = items only the second has, FN = items
    only the first has, summed over documents (and, for ``overall``, over labels);
    ``F1 = 2 TP / (2 TP + FP + FN)`` (symmetric). Tokens outside every span (``O``) are not
    items: agreeing on ``O`` counts for nothing. Mean and population SD over the pairs with a
    defined F1 (bratiaa: ``np.mean``/``np.std``, which give NaN when a pair is undefined).
    Tokens are the documents' tokens (bratiaa's command line splits at whitespace, ``\\S+``;
    give those as the tokens to reproduce its figures exactly).
    """
    names = corpus.annotators
    n_ann, n_labels = len(names), len(corpus.labels)
    pairs = [(i, j) for i in range(n_ann) for j in range(i + 1, n_ann)]
    totals = {pair: np.zeros(3, dtype=np.int64) for pair in pairs}
    result: dict = {"per_label": {}, "overall": None}
    for lab in range(n_labels):
        counts = [_token_counts(corpus, lab, a) for a in range(n_ann)]
        rows = []
        for i, j in pairs:
            common = int(np.minimum(counts[i], counts[j]).sum())
            tp_fp_fn = np.array(
                [common, int(counts[j].sum()) - common, int(counts[i].sum()) - common]
            )
            totals[(i, j)] += tp_fp_fn
            rows.append(_pair_row(names, i, j, tp_fp_fn))
        result["per_label"][corpus.labels[lab]] = _summary(rows, n_ann, names)
    rows = [_pair_row(names, i, j, totals[(i, j)]) for i, j in pairs]
    result["overall"] = _summary(rows, n_ann, names)
    return result


def _pair_row(names: list[str], i: int, j: int, tp_fp_fn: np.ndarray) -> dict:
    tp, fp, fn = (int(x) for x in tp_fp_fn)
    return {"annotators": [names[i], names[j]], "tp": tp, "fp": fp, "fn": fn, "f1": _f1(tp, fp, fn)}


def _summary(rows: list[dict], n_ann: int, names: list[str]) -> dict:
    matrix = _matrix(n_ann)
    for row in rows:
        i, j = (names.index(x) for x in row["annotators"])
        matrix[i][j] = matrix[j][i] = row["f1"]
    mean, sd = mean_sd(row["f1"] for row in rows)
    return {"pairs": rows, "matrix": matrix, "mean": mean, "sd": sd}
