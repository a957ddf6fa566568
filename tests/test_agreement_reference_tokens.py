"""Token-level agreement of a project report on published worked examples.

Each example is laid out as one document of one-character tokens; a token whose published value
is 1 lies inside a span of the used label. The schema holds other labels that nobody used: the
overall token kappa/alpha must equal the published value all the same.
"""

from __future__ import annotations

import json

import pytest

from annotator.agreement import DocAnnotations, compute_report
from annotator.model import SpanRecord

SCHEMA = ["ACTOR", "CLAIM", "CASUALTY", "PLACE"]  # only ACTOR is used below


def binary_document(values: dict[str, list[int]], label: str = "ACTOR") -> DocAnnotations:
    """Token ``i`` is ``text[2i]``; annotator ``a`` gives it ``label`` when values[a][i] == 1."""
    n = len(next(iter(values.values())))
    tokens = [(2 * i, 2 * i + 1) for i in range(n)]
    spans = {
        name: [SpanRecord(2 * i, 2 * i + 1, label) for i, v in enumerate(row) if v]
        for name, row in values.items()
    }
    return DocAnnotations("d", 2 * n, tokens, spans)


# Krippendorff, K. (2011) Computing Krippendorff's Alpha-Reliability, section A "Binary data,
# two observers, no missing data" (https://repository.upenn.edu/asc_papers/43): alpha = 0.095.
KRIPPENDORFF_2011_A = {
    "A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
}


@pytest.mark.parametrize("schema", [["ACTOR"], SCHEMA, [*SCHEMA, "X", "Y", "Z"]])
def test_binary_alpha_is_the_published_value_whatever_the_schema(schema):
    report = compute_report([binary_document(KRIPPENDORFF_2011_A)], ["A", "B"], schema)
    assert report["overall"]["token_alpha"] == pytest.approx(0.095, abs=0.0005)
    assert report["token"]["overall"]["alpha_pairwise"][0][1] == pytest.approx(0.095, abs=0.0005)
    assert report["token"]["overall"]["labels"] == ["ACTOR"]
    assert report["token"]["overall"]["n_units"] == 10
    # the pooled figures are the used label's own
    actor = report["token"]["per_label"]["ACTOR"]
    assert report["overall"]["token_alpha"] == pytest.approx(actor["alpha"], abs=1e-12)
    assert report["overall"]["cohen_kappa"] == pytest.approx(actor["cohen_kappa"][0][1], abs=1e-12)
    assert report["overall"]["fleiss_kappa"] == pytest.approx(actor["fleiss_kappa"], abs=1e-12)


def test_unused_label_layers_are_undefined_not_pooled():
    report = compute_report([binary_document(KRIPPENDORFF_2011_A)], ["A", "B"], SCHEMA)
    for label in SCHEMA[1:]:
        assert report["token"]["per_label"][label]["alpha"] is None
        assert report["token"]["per_label"][label]["n_positive"] == [0, 0]


def _p558_values(reference_dir) -> dict[str, list[int]]:
    """Artstein & Poesio (2008) p. 558: rater 1 / rater 2 tables of STAT (0) and IReq (1)."""
    path = reference_dir / "agreement" / "agreement_examples.json"
    cases = {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["cases"]}
    sub = cases["kappa_pi_S_alpha_artstein_poesio2008"]["subcases"][0]
    assert sub["name"] == "p558 2x2"
    table = sub["contingency"]["table"]
    rows: dict[str, list[int]] = {"r1": [], "r2": []}
    for i in range(2):
        for j in range(2):
            rows["r1"] += [i] * table[i][j]
            rows["r2"] += [j] * table[i][j]
    return rows


def test_kappa_of_artstein_poesio_p558_with_unused_schema_labels(reference_dir):
    """Cohen's kappa 0.348 (A_e 0.54) of the published 2x2 table, IReq coded as a label."""
    report = compute_report([binary_document(_p558_values(reference_dir))], ["r1", "r2"], SCHEMA)
    assert report["overall"]["cohen_kappa"] == pytest.approx(0.348, abs=0.001)
    assert report["token"]["overall"]["cohen_kappa"][0][1] == pytest.approx(0.348, abs=0.001)


def test_a_pairs_overall_kappa_pools_only_the_labels_that_pair_used():
    """Only a third annotator uses CLAIM: the pair (A, B)'s pooled kappa/alpha leave CLAIM's
    layer out (both all 0 there) and equal those of A and B compared alone; the figures over
    all three annotators pool CLAIM, which C used."""
    a_b = binary_document(KRIPPENDORFF_2011_A)
    n = len(KRIPPENDORFF_2011_A["A"])
    third = [SpanRecord(2 * i, 2 * i + 1, "CLAIM") for i in (0, 3, 4)]
    trio = DocAnnotations("d", 2 * n, a_b.tokens, {**a_b.spans, "C": third})
    alone = compute_report([a_b], ["A", "B"], SCHEMA)["token"]["overall"]
    token = compute_report([trio], ["A", "B", "C"], SCHEMA)["token"]["overall"]
    assert token["cohen_kappa"][0][1] == pytest.approx(alone["cohen_kappa"][0][1], abs=1e-12)
    assert token["alpha_pairwise"][0][1] == pytest.approx(alone["alpha_pairwise"][0][1], abs=1e-12)
    assert token["alpha_pairwise"][0][1] == pytest.approx(0.095, abs=0.0005)
    # A and C: ACTOR (A's) and CLAIM (C's) both pooled, 2 x 10 units
    ones_a = {i for i, v in enumerate(KRIPPENDORFF_2011_A["A"]) if v}
    table = [[0, 0], [0, 0]]
    for label_ones_a, label_ones_c in ((ones_a, set()), (set(), {0, 3, 4})):
        for i in range(n):
            table[i in label_ones_a][i in label_ones_c] += 1
    (n00, n01), (n10, n11) = table
    total = n00 + n01 + n10 + n11
    observed = (n00 + n11) / total
    expected = ((n00 + n01) * (n00 + n10) + (n10 + n11) * (n01 + n11)) / total**2
    kappa = (observed - expected) / (1 - expected)
    assert token["cohen_kappa"][0][2] == pytest.approx(kappa, abs=1e-12)
    assert token["labels"] == ["ACTOR", "CLAIM"]
    assert token["n_units"] == 2 * n
