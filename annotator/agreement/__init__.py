"""Inter-annotator agreement (pure Python + numpy; no Qt, no SQL).

Importing this package is cheap: the numpy-based modules load on first use of their names.

The measures below take records and know nothing of the store. The `annotator agree` report of
a project is made by :mod:`.selection` (annotators, labels, documents), :mod:`.build`
(DocAnnotations from the store, tokenized in a worker process) and :mod:`.project_report`, which
read the project through `annotator.store.readmodel`; :mod:`.tables` lays the report out for
:mod:`.render_text` and :mod:`.render_html`.

Input: :class:`DocAnnotations` per document (spans and relations per annotator, the token spans
and the text length), plus an explicit list of annotators; an annotator without spans in a
document annotated nothing there. Offsets are code points, end-exclusive.

Measures (details and formulas in each module's docstring):

* ``span_f1`` (:mod:`.spans`): pairwise exact and overlap F1, one-to-one greedy matching by
  largest overlap, same label required; per label, micro, macro; precision/recall with the first
  annotator of a pair as reference (matrix rows = reference).
* ``token`` (:mod:`.tokens`): one binary layer per label over tokens; Cohen's kappa and alpha per
  pair, Fleiss' kappa and Krippendorff's alpha (nominal) for all; overall = the layers of the
  labels used pooled (a pair's: those either of the two used; all annotators': those anyone
  used; a label nobody used changes nothing). Token F1 as bratiaa defines it
  (``token_f1``: spans split into their tokens, multisets, ``O`` not counted), per pair.
* ``gamma`` (:mod:`.gamma`, only when asked): Mathet et al. (2015) gamma with positional and
  categorical dissimilarity, the best alignment and sampled expected disagreement.
* ``alpha_u`` (:mod:`.unitizing`): Krippendorff's unitized alpha as in DKPro Statistics, per
  label and overall (``1 - mean D_o / mean D_e``), all annotators and pairwise; the documents are
  laid end to end, in the order given, on one continuum.
* ``casualty_counts`` / ``claim_sources`` (:mod:`.attributes`): count agreement of matched
  CASUALTY spans (exact rate, alpha ratio/interval); source-target F1 of matched CLAIMs.
* ``worst_documents``: documents ranked by mean pairwise overlap F1 (lowest first).
* :func:`disagreements` / :func:`auto_merge` (:mod:`.review`): review clusters and gold pre-merge.

Every mean over annotator pairs has its spread beside it: the population standard deviation
(ddof=0, as bratiaa) over the pairs with a defined value (``sd`` in the report names it).

Undefined values are ``None`` everywhere (never NaN in reports, never an exception): F1,
precision, recall with a zero denominator; kappa/pi/S/AC1 with chance agreement 1 (one category
only) or no units; alpha / Fleiss / alpha_U with zero expected disagreement, fewer than two
annotators or no pairable data. Matrices are lists of lists in annotator order with ``None`` on
the diagonal. Every section reports the documents and units it used.

Report layout (:func:`compute_report`)::

    version, sd{kind, definition}, annotators, labels,
    counts: {documents, documents_with_spans, characters, tokens, spans{ann},
             spans_per_label{label: {ann}}}
    overall: {exact_f1, overlap_f1, exact_macro_f1, overlap_macro_f1, cohen_kappa (mean of
              pairs), fleiss_kappa, token_alpha, alpha_u, token_f1 (mean of pairs)}
    overall_sd: {exact_f1, overlap_f1, exact_macro_f1, overlap_macro_f1, cohen_kappa, token_f1}
    per_label: [{label, n_spans{ann}, exact_f1, overlap_f1, cohen_kappa, fleiss_kappa,
                 token_alpha, alpha_u, token_f1, sd{exact_f1, overlap_f1, cohen_kappa,
                 token_f1}}]
    span_f1: {exact|overlap: {pairs: [{annotators, per_label{label: {matched, n_a, n_b,
              precision, recall, f1}}, micro{...}, macro_f1, n_documents,
              n_documents_with_spans}], matrix{micro_f1, macro_f1, precision}, mean_pairwise{
              micro_f1, macro_f1, per_label_f1{label}}, sd_pairwise{same}}}
    token: {per_label{label: {cohen_kappa, alpha_pairwise (matrices), fleiss_kappa, alpha,
            n_units, n_positive[ann]}}, overall{same, pooled, labels (the labels pooled)},
            n_tokens, n_documents, f1{per_label{label: {pairs[{annotators, tp, fp, fn, f1}],
            matrix, mean, sd}}, overall{same}}}
    alpha_u: {per_label{label: {alpha, D_o, D_e, n_units, pairwise}}, overall{...},
              continuum_length, n_documents}
    casualty_counts: {label, attribute, pairs[{annotators, n_matched, n_compared,
              n_one_missing, n_exact, exact_rate, alpha_ratio, alpha_interval, n_documents}],
              all{annotators, n_units, n_documents, n_exact, exact_rate, alpha_ratio,
              alpha_interval}}
    claim_sources: {claim_label, relation_label, pairs[{annotators, n_matched_claims,
              n_claims_with_sources, matched, n_a, n_b, precision, recall, f1,
              exact_set_rate, n_documents}], mean_pairwise_f1, sd_pairwise_f1}
    worst_documents: [{doc_id, overlap_f1, exact_f1, overlap_f1_sd, exact_f1_sd, n_spans{ann},
              unmatched}]
    gamma (only when compute_report gets gamma=GammaOptions(...)): {gamma, observed_disorder,
              expected_disorder, n_samples, ci95, gamma_range, n_units, n_unitary_alignments,
              undefined_because, parameters{alpha, beta, delta_empty, n_samples, precision,
              sampler, seed}, n_documents} (:func:`annotator.agreement.gamma.gamma_report`)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from annotator.agreement.data import DocAnnotations, parse_count
from annotator.agreement.review import (
    AGREE,
    KINDS,
    LABEL_CONFLICT,
    PARTIAL_OVERLAP,
    SUBSET,
    Cluster,
    MergedSpanRecord,
    auto_merge,
    auto_merge_relations,
    disagreements,
)

_LAZY = {
    "compute_report": "annotator.agreement.report",
    "span_agreement": "annotator.agreement.report",
    "unitizing_agreement": "annotator.agreement.report",
    "document_scores": "annotator.agreement.report",
    "worst_documents": "annotator.agreement.report",
    "matchings": "annotator.agreement.report",
    "Corpus": "annotator.agreement.corpus",
    "gamma_of": "annotator.agreement.gamma",
    "GammaOptions": "annotator.agreement.gamma",
    "token_agreement": "annotator.agreement.tokens",
    "token_f1": "annotator.agreement.tokens",
    "casualty_agreement": "annotator.agreement.attributes",
    "claim_source_agreement": "annotator.agreement.attributes",
    "greedy_match": "annotator.agreement.spans",
    "alpha_u": "annotator.agreement.unitizing",
    "measure_distance": "annotator.agreement.unitizing",
    "krippendorff_alpha": "annotator.agreement.coding",
    "alpha_from_counts": "annotator.agreement.coding",
    "alpha_from_table": "annotator.agreement.coding",
    "alpha_from_units": "annotator.agreement.coding",
    "cohen_kappa": "annotator.agreement.coding",
    "cohen_kappa_max": "annotator.agreement.coding",
    "scott_pi": "annotator.agreement.coding",
    "bennett_s": "annotator.agreement.coding",
    "weighted_kappa": "annotator.agreement.coding",
    "gwet_ac1": "annotator.agreement.coding",
    "gwet_ac2": "annotator.agreement.coding",
    "fleiss_kappa": "annotator.agreement.coding",
    "pairable_agreement": "annotator.agreement.coding",
}

__all__ = [
    "AGREE",
    "Cluster",
    "Corpus",
    "DocAnnotations",
    "GammaOptions",
    "KINDS",
    "LABEL_CONFLICT",
    "MergedSpanRecord",
    "PARTIAL_OVERLAP",
    "SUBSET",
    "alpha_from_counts",
    "alpha_from_table",
    "alpha_from_units",
    "alpha_u",
    "auto_merge",
    "auto_merge_relations",
    "bennett_s",
    "casualty_agreement",
    "claim_source_agreement",
    "cohen_kappa",
    "cohen_kappa_max",
    "compute_report",
    "disagreements",
    "document_scores",
    "fleiss_kappa",
    "gamma_of",
    "greedy_match",
    "gwet_ac1",
    "gwet_ac2",
    "krippendorff_alpha",
    "matchings",
    "measure_distance",
    "pairable_agreement",
    "parse_count",
    "scott_pi",
    "span_agreement",
    "token_agreement",
    "token_f1",
    "unitizing_agreement",
    "weighted_kappa",
    "worst_documents",
]

if TYPE_CHECKING:  # pragma: no cover
    from annotator.agreement.attributes import casualty_agreement, claim_source_agreement
    from annotator.agreement.coding import (
        alpha_from_counts,
        alpha_from_table,
        alpha_from_units,
        bennett_s,
        cohen_kappa,
        cohen_kappa_max,
        fleiss_kappa,
        gwet_ac1,
        gwet_ac2,
        krippendorff_alpha,
        pairable_agreement,
        scott_pi,
        weighted_kappa,
    )
    from annotator.agreement.corpus import Corpus
    from annotator.agreement.gamma import GammaOptions, gamma_of
    from annotator.agreement.report import (
        compute_report,
        document_scores,
        matchings,
        span_agreement,
        unitizing_agreement,
        worst_documents,
    )
    from annotator.agreement.spans import greedy_match
    from annotator.agreement.tokens import token_agreement, token_f1
    from annotator.agreement.unitizing import alpha_u, measure_distance


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'annotator.agreement' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
