"""Agreement on document labels (document attributes: an article's event type, stance, ...).

Per attribute, over the compared documents: each pair of annotators' Cohen's kappa over the
documents both gave a value (values as categories), and Krippendorff's alpha over every
document at least two gave a value (missing values allowed): nominal for a choice or a text,
interval for a number (an integer, or a count: a range counts as its midpoint). With two
annotators the attribute's kappa is the pair's; with more, the mean over the pairs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.agreement.coding import (
    cohen_kappa,
    contingency_table,
    krippendorff_alpha,
    observed_agreement,
)
from annotator.agreement.tables import Table, score
from annotator.rules import doc_label_number

NUMBER_TYPES = ("integer", "count")
"""Document attribute types whose values are numbers (interval alpha)."""

# {document id: {annotator: {attribute: value}}}
DocLabelValues = Mapping[int, Mapping[str, Mapping[str, Any]]]


def metric_of(definition: Mapping[str, Any]) -> str:
    """Krippendorff's metric for an attribute: interval for numbers, else nominal."""
    return "interval" if definition.get("type") in NUMBER_TYPES else "nominal"


def _category(value: Any) -> Any:
    """A value as a category (hashable and sortable with its kind: a range as its JSON)."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def attribute_agreement(
    definition: Mapping[str, Any],
    values: DocLabelValues,
    annotators: Sequence[str],
    document_ids: Sequence[int],
) -> dict[str, Any]:
    """The agreement section of one document attribute (see the module docstring)."""
    name = definition["name"]
    metric = metric_of(definition)
    given = {
        annotator: [values.get(doc, {}).get(annotator, {}).get(name) for doc in document_ids]
        for annotator in annotators
    }
    pairs: list[dict[str, Any]] = []
    for i, first in enumerate(annotators):
        for second in annotators[i + 1 :]:
            a = [None if v is None else _category(v) for v in given[first]]
            b = [None if v is None else _category(v) for v in given[second]]
            table, _ = contingency_table(a, b)
            kappa = cohen_kappa(table)
            pairs.append(
                {
                    "annotators": [first, second],
                    "n_documents": kappa.n_units,
                    "agreement": observed_agreement(table) if kappa.n_units else None,
                    "cohen_kappa": kappa.value,
                }
            )
    data: list[list[Any]]
    if metric == "interval":
        data = [[doc_label_number(v) for v in given[a]] for a in annotators]
    else:
        data = [[None if v is None else _category(v) for v in given[a]] for a in annotators]
    alpha = krippendorff_alpha(data, "interval" if metric == "interval" else "nominal")
    counts = [sum(v is not None for v in column) for column in zip(*given.values(), strict=True)]
    return {
        "name": name,
        "type": definition.get("type"),
        "metric": metric,
        "n_documents": sum(1 for n in counts if n),
        "n_pairable": sum(1 for n in counts if n >= 2),
        "n_all": sum(1 for n in counts if n == len(annotators)),
        "cohen_kappa": _mean([p["cohen_kappa"] for p in pairs]),
        "alpha": alpha.value,
        "pairs": pairs,
    }


def doc_label_agreement(
    definitions: Sequence[Mapping[str, Any]],
    values: DocLabelValues,
    annotators: Sequence[str],
    document_ids: Sequence[int],
) -> dict[str, Any]:
    """The report's ``doc_labels`` section: one entry per document attribute defined."""
    return {
        "attributes": [
            attribute_agreement(definition, values, annotators, document_ids)
            for definition in definitions
        ]
    }


def doc_label_table(report: dict) -> Table | str | None:
    """The document label agreement as a table (None: the project defines no attribute)."""
    section = report.get("doc_labels")
    if not section or not section["attributes"]:
        return None
    none = "fewer than two annotators gave a value to any document"
    no_spread = "the values given do not vary (no expected disagreement)"
    rows = []
    for entry in section["attributes"]:
        reason = none if not entry["n_pairable"] else no_spread
        rows.append(
            [
                entry["name"],
                entry["metric"],
                entry["n_documents"],
                entry["n_pairable"],
                entry["n_all"],
                score(entry["cohen_kappa"], reason),
                score(entry["alpha"], reason),
            ]
        )
    return Table(
        "Document labels",
        ["attribute", "α metric", "documents", "by two or more", "by all", "κ", "α"],
        rows,
        [False, False, False, False, False, True, True],
        note="κ: Cohen's kappa over the documents both gave a value (mean over pairs); "
        "α: Krippendorff's alpha over the documents two or more gave a value",
    )
