"""The full agreement report over many documents (JSON-serialisable dict).

See the package docstring (:mod:`annotator.agreement`) for the layout and the definitions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from annotator.agreement.attributes import casualty_agreement, claim_source_agreement
from annotator.agreement.corpus import Corpus
from annotator.agreement.data import SD_DEFINITION, SD_KIND, DocAnnotations, mean_sd
from annotator.agreement.gamma import GammaOptions, gamma_report
from annotator.agreement.spans import PairMatching, doc_pair_f1, match_pair, pair_scores
from annotator.agreement.tokens import token_agreement, token_f1
from annotator.agreement.unitizing import UnitizingData
from annotator.rules import CASUALTY, CLAIM, COUNT_ATTRIBUTE, SOURCE

REPORT_VERSION = 2


def annotator_pairs(n: int) -> list[tuple[int, int]]:
    """The pairs of annotator positions (0, 1), (0, 2), ..., (1, 2), ... of `n` annotators."""
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def _matrix(n: int) -> list[list[Any]]:
    return [[None] * n for _ in range(n)]


def _mean(values: Iterable[float | None]) -> float | None:
    return mean_sd(values)[0]


def _sd(values: Iterable[float | None]) -> float | None:
    return mean_sd(values)[1]


def as_corpus(
    docs: Iterable[DocAnnotations] | Corpus,
    annotators: Sequence[str],
    labels: Sequence[str] | None = None,
) -> Corpus:
    """Reuse a :class:`Corpus` or flatten ``docs`` into one."""
    if isinstance(docs, Corpus):
        return docs
    return Corpus(docs, annotators, labels)


def matchings(corpus: Corpus) -> list[PairMatching]:
    """Span matchings of every annotator pair, in pair order (0,1), (0,2), ..., (1,2), ..."""
    return [match_pair(corpus, a, b) for a, b in annotator_pairs(len(corpus.annotators))]


def span_agreement(corpus: Corpus, pair_matchings: list[PairMatching] | None = None) -> dict:
    """Exact and overlap span F1: per pair (per label, micro, macro), matrices, pair means."""
    pair_matchings = matchings(corpus) if pair_matchings is None else pair_matchings
    n = len(corpus.annotators)
    names = corpus.annotators
    scored = [(m, pair_scores(corpus, m)) for m in pair_matchings]
    out: dict[str, Any] = {}
    for mode in ("exact", "overlap"):
        micro, macro, precision = _matrix(n), _matrix(n), _matrix(n)
        pairs = []
        for m, s in scored:
            entry = s[mode]
            micro[m.a][m.b] = micro[m.b][m.a] = entry["micro"]["f1"]
            macro[m.a][m.b] = macro[m.b][m.a] = entry["macro_f1"]
            precision[m.a][m.b] = entry["micro"]["precision"]  # row = reference
            precision[m.b][m.a] = entry["micro"]["recall"]
            pairs.append({"annotators": [names[m.a], names[m.b]], **entry})
        out[mode] = {
            "pairs": pairs,
            "matrix": {"micro_f1": micro, "macro_f1": macro, "precision": precision},
            "mean_pairwise": _pairwise(pairs, corpus.labels, _mean),
            "sd_pairwise": _pairwise(pairs, corpus.labels, _sd),
        }
    return out


def _pairwise(pairs: list[dict], labels: Sequence[str], reduce: Any) -> dict:
    """``reduce`` (mean or SD) of the pairs' micro, macro and per-label F1."""
    return {
        "micro_f1": reduce(p["micro"]["f1"] for p in pairs),
        "macro_f1": reduce(p["macro_f1"] for p in pairs),
        "per_label_f1": {lab: reduce(p["per_label"][lab]["f1"] for p in pairs) for lab in labels},
    }


def unitizing_agreement(corpus: Corpus) -> dict:
    """alpha_U per label and overall, for all annotators and every pair, documents laid end to
    end on one continuum of ``sum(text_length)`` characters."""
    n, n_labels = len(corpus.annotators), len(corpus.labels)
    data = UnitizingData(
        corpus.ann, corpus.label, corpus.gstart, corpus.gend, n, n_labels, 0, corpus.total_length
    )
    value, d_o, d_e, per = data.alpha()
    per_label: dict[str, dict] = {}
    for lab in range(n_labels):
        res = per[lab]
        per_label[corpus.labels[lab]] = {
            "alpha": res.value,
            "D_o": res.observed,
            "D_e": res.expected,
            "n_units": res.n_units,
            "pairwise": _matrix(n),
        }
    overall: dict[str, Any] = {
        "alpha": value,
        "D_o": d_o,
        "D_e": d_e,
        "n_units": int(sum(r.n_units for r in per.values())),
        "pairwise": _matrix(n),
    }
    for a, b in annotator_pairs(n):
        p_value, _, _, p_per = data.alpha([a, b])
        overall["pairwise"][a][b] = overall["pairwise"][b][a] = p_value
        for lab in range(n_labels):
            v = p_per[lab].value
            per_label[corpus.labels[lab]]["pairwise"][a][b] = v
            per_label[corpus.labels[lab]]["pairwise"][b][a] = v
    return {
        "per_label": per_label,
        "overall": overall,
        "continuum_length": corpus.total_length,
        "n_documents": corpus.n_docs,
    }


def document_scores(corpus: Corpus, pair_matchings: list[PairMatching] | None = None) -> list[dict]:
    """One entry per document: mean pairwise overlap/exact F1 (``None`` when no annotator
    marked anything), span counts per annotator and unmatched spans summed over pairs."""
    pair_matchings = matchings(corpus) if pair_matchings is None else pair_matchings
    n_docs = corpus.n_docs
    per_pair = [doc_pair_f1(corpus, m) for m in pair_matchings]
    counts = [
        np.bincount(corpus.doc[corpus.ann == a], minlength=n_docs)
        for a in range(len(corpus.annotators))
    ]
    overlap, overlap_sd = _nan_mean_sd([p["overlap"] for p in per_pair], n_docs)
    exact, exact_sd = _nan_mean_sd([p["exact"] for p in per_pair], n_docs)
    unmatched = np.zeros(n_docs, dtype=np.int64)
    for p in per_pair:
        unmatched += p["unmatched"]
    rows = []
    for d in range(n_docs):
        rows.append(
            {
                "doc_id": corpus.doc_ids[d],
                "overlap_f1": _number(overlap[d]),
                "exact_f1": _number(exact[d]),
                "overlap_f1_sd": _number(overlap_sd[d]),
                "exact_f1_sd": _number(exact_sd[d]),
                "n_spans": {name: int(counts[a][d]) for a, name in enumerate(corpus.annotators)},
                "unmatched": int(unmatched[d]),
            }
        )
    return rows


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _nan_mean_sd(rows: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Column means and population SDs ignoring NaN; NaN where a column has no number."""
    if not rows:
        return np.full(n, np.nan), np.full(n, np.nan)
    stacked = np.stack(rows)
    known = ~np.isnan(stacked)
    count = known.sum(axis=0)
    values = np.where(known, stacked, 0.0)
    mean = np.divide(values.sum(axis=0), count, out=np.full(n, np.nan), where=count > 0)
    squares = np.where(known, (stacked - mean) ** 2, 0.0).sum(axis=0)
    sd = np.sqrt(np.divide(squares, count, out=np.full(n, np.nan), where=count > 0))
    return mean, sd


def worst_documents(scores: list[dict], n: int = 20) -> list[dict]:
    """The ``n`` documents with the lowest mean pairwise overlap F1 (then exact F1, then most
    unmatched spans); documents where nobody marked anything are left out."""
    rated = [s for s in scores if s["overlap_f1"] is not None]
    rated.sort(key=lambda s: (s["overlap_f1"], s["exact_f1"], -s["unmatched"], s["doc_id"]))
    return rated[:n]


def compute_report(
    docs: Iterable[DocAnnotations],
    annotators: Sequence[str],
    labels: Sequence[str] | None = None,
    *,
    worst_n: int = 20,
    casualty_label: str = CASUALTY,
    count_attribute: str = COUNT_ATTRIBUTE,
    claim_label: str = CLAIM,
    source_relation: str = SOURCE,
    gamma: GammaOptions | None = None,
) -> dict:
    """Every measure over ``docs`` for ``annotators`` (see the package docstring); gamma only
    when ``gamma`` options are given (it samples and solves integer programs: slower)."""
    corpus = as_corpus(docs, annotators, labels)
    pair_matchings = matchings(corpus)
    spans = span_agreement(corpus, pair_matchings)
    tokens = token_agreement(corpus)
    tokens["f1"] = token_f1(corpus)
    unitizing = unitizing_agreement(corpus)
    scores = document_scores(corpus, pair_matchings)
    n = len(corpus.annotators)
    span_counts = {
        lab: {
            name: int(np.count_nonzero((corpus.label == li) & (corpus.ann == a)))
            for a, name in enumerate(corpus.annotators)
        }
        for li, lab in enumerate(corpus.labels)
    }
    pairs = annotator_pairs(n)
    per_label = []
    for lab in corpus.labels:
        tok = tokens["per_label"][lab]
        kappa = [tok["cohen_kappa"][i][j] for i, j in pairs]
        f1 = tokens["f1"]["per_label"][lab]
        per_label.append(
            {
                "label": lab,
                "n_spans": span_counts[lab],
                "exact_f1": spans["exact"]["mean_pairwise"]["per_label_f1"][lab],
                "overlap_f1": spans["overlap"]["mean_pairwise"]["per_label_f1"][lab],
                "cohen_kappa": _mean(kappa),
                "fleiss_kappa": tok["fleiss_kappa"],
                "token_alpha": tok["alpha"],
                "alpha_u": unitizing["per_label"][lab]["alpha"],
                "token_f1": f1["mean"],
                "sd": {
                    "exact_f1": spans["exact"]["sd_pairwise"]["per_label_f1"][lab],
                    "overlap_f1": spans["overlap"]["sd_pairwise"]["per_label_f1"][lab],
                    "cohen_kappa": _sd(kappa),
                    "token_f1": f1["sd"],
                },
            }
        )
    kappa = [tokens["overall"]["cohen_kappa"][i][j] for i, j in pairs]
    overall = {
        "exact_f1": spans["exact"]["mean_pairwise"]["micro_f1"],
        "overlap_f1": spans["overlap"]["mean_pairwise"]["micro_f1"],
        "exact_macro_f1": spans["exact"]["mean_pairwise"]["macro_f1"],
        "overlap_macro_f1": spans["overlap"]["mean_pairwise"]["macro_f1"],
        "cohen_kappa": _mean(kappa),
        "fleiss_kappa": tokens["overall"]["fleiss_kappa"],
        "token_alpha": tokens["overall"]["alpha"],
        "alpha_u": unitizing["overall"]["alpha"],
        "token_f1": tokens["f1"]["overall"]["mean"],
    }
    overall_sd = {
        "exact_f1": spans["exact"]["sd_pairwise"]["micro_f1"],
        "overlap_f1": spans["overlap"]["sd_pairwise"]["micro_f1"],
        "exact_macro_f1": spans["exact"]["sd_pairwise"]["macro_f1"],
        "overlap_macro_f1": spans["overlap"]["sd_pairwise"]["macro_f1"],
        "cohen_kappa": _sd(kappa),
        "token_f1": tokens["f1"]["overall"]["sd"],
    }
    report = {
        "version": REPORT_VERSION,
        "sd": {"kind": SD_KIND, "definition": SD_DEFINITION},
        "annotators": list(corpus.annotators),
        "labels": list(corpus.labels),
        "counts": {
            "documents": corpus.n_docs,
            "documents_with_spans": int(np.unique(corpus.doc).size),
            "characters": corpus.total_length,
            "tokens": tokens["n_tokens"],
            "spans": {
                name: int(np.count_nonzero(corpus.ann == a))
                for a, name in enumerate(corpus.annotators)
            },
            "spans_per_label": span_counts,
        },
        "overall": overall,
        "overall_sd": overall_sd,
        "per_label": per_label,
        "span_f1": spans,
        "token": tokens,
        "alpha_u": unitizing,
        "casualty_counts": casualty_agreement(
            corpus, pair_matchings, casualty_label, count_attribute
        ),
        "claim_sources": claim_source_agreement(
            corpus, pair_matchings, claim_label, source_relation
        ),
        "worst_documents": worst_documents(scores, worst_n),
    }
    if gamma is not None:
        report["gamma"] = gamma_report(corpus, gamma)
    return report


def to_json(report: dict[str, Any]) -> str:
    """The report as JSON text (no NaN; non-ASCII kept as is)."""
    return json.dumps(report, ensure_ascii=False, allow_nan=False, indent=2)
