"""compute_report: hand-worked cases, edge cases, and cross-checks against plain computations."""

from __future__ import annotations

import json
import random

import pytest

from annotator.agreement import DocAnnotations, compute_report
from annotator.agreement.coding import fleiss_kappa, krippendorff_alpha, ratings_to_counts
from annotator.agreement.unitizing import alpha_u
from annotator.model import RelationRecord, SpanRecord

TOKENS = [(i * 5, i * 5 + 4) for i in range(10)]  # ten 4-character tokens, text length 50


def doc(doc_id="d", text_length=50, tokens=TOKENS, relations=None, **spans) -> DocAnnotations:
    built = {}
    for name, items in spans.items():
        built[name] = [
            SpanRecord(
                s[0], s[1], s[2], s[3] if len(s) > 3 else None, name, s[4] if len(s) > 4 else {}
            )
            for s in items
        ]
    return DocAnnotations(doc_id, text_length, list(tokens), built, relations or {})


def report(docs, annotators, labels=None) -> dict:
    result = compute_report(docs, annotators, labels)
    json.dumps(result, allow_nan=False)  # always JSON-serialisable, no NaN
    return result


def test_hand_worked_token_kappa_alpha_and_fleiss():
    d = doc(a=[(0, 19, "ACTOR")], b=[(10, 29, "ACTOR")])  # tokens 0-3 vs 2-5
    tok = report([d], ["a", "b"])["token"]["per_label"]["ACTOR"]
    assert tok["cohen_kappa"][0][1] == pytest.approx(1 / 6)
    assert tok["fleiss_kappa"] == pytest.approx(1 / 6)
    assert tok["alpha"] == pytest.approx(40 / 192)  # D_o = 0.4, D_e = 192/380
    assert tok["n_units"] == 10
    assert tok["n_positive"] == [4, 4]


def test_perfect_agreement_is_one_everywhere():
    spans = [(0, 19, "CLAIM", "c"), (0, 4, "ACTOR", "x"), (25, 34, "CASUALTY", "k", {"count": 7})]
    rels = {n: [RelationRecord("c", "x", "source")] for n in "abc"}
    docs = [doc("1", relations=rels, a=spans, b=spans, c=spans)]
    docs.append(
        doc(
            "2",
            a=[(5, 9, "CASUALTY", "k", {"count": 30})],
            b=[(5, 9, "CASUALTY", "k", {"count": 30})],
            c=[(5, 9, "CASUALTY", "k", {"count": 30})],
        )
    )
    r = report(docs, ["a", "b", "c"])
    for value in r["overall"].values():
        assert value == pytest.approx(1.0)
    for row in r["per_label"]:
        assert row["exact_f1"] == row["overlap_f1"] == pytest.approx(1.0)
        assert row["alpha_u"] == pytest.approx(1.0)
    cas = r["casualty_counts"]
    assert all(p["exact_rate"] == 1.0 and p["alpha_ratio"] == 1.0 for p in cas["pairs"])
    assert cas["all"]["n_units"] == 2 and cas["all"]["alpha_interval"] == 1.0
    assert all(p["f1"] == 1.0 and p["exact_set_rate"] == 1.0 for p in r["claim_sources"]["pairs"])


def test_disjoint_annotators():
    d = doc(a=[(0, 9, "ACTOR")], b=[(30, 39, "ACTOR")])
    r = report([d], ["a", "b"])
    assert r["overall"]["exact_f1"] == 0.0 and r["overall"]["overlap_f1"] == 0.0
    assert r["overall"]["cohen_kappa"] < 0
    assert r["overall"]["alpha_u"] < 0
    assert r["worst_documents"][0]["unmatched"] == 2


def test_one_empty_annotator():
    d = doc(a=[(0, 9, "ACTOR"), (20, 24, "ACTOR")], b=[])
    r = report([d], ["a", "b"])
    pair = r["span_f1"]["overlap"]["pairs"][0]["micro"]
    assert pair["precision"] is None and pair["recall"] == 0.0 and pair["f1"] == 0.0
    # b says 0 everywhere: A_o = A_e -> kappa 0
    assert r["token"]["per_label"]["ACTOR"]["cohen_kappa"][0][1] == pytest.approx(0.0)
    assert r["token"]["per_label"]["ACTOR"]["alpha"] < 0


def test_single_category_is_undefined_not_an_error():
    # nobody marked CLAIM: every token is 0 for everyone -> chance agreement 1 -> None
    d = doc(a=[(0, 4, "ACTOR")], b=[(0, 4, "ACTOR")])
    r = report([d], ["a", "b"], labels=["ACTOR", "CLAIM"])
    claim = r["token"]["per_label"]["CLAIM"]
    assert claim["cohen_kappa"][0][1] is None
    assert claim["fleiss_kappa"] is None and claim["alpha"] is None
    assert r["alpha_u"]["per_label"]["CLAIM"]["alpha"] is None
    assert r["span_f1"]["exact"]["pairs"][0]["per_label"]["CLAIM"]["f1"] is None
    # everybody marks every token: again a single category
    full = doc(a=[(0, 50, "ACTOR")], b=[(0, 50, "ACTOR")])
    r = report([full], ["a", "b"])
    assert r["token"]["per_label"]["ACTOR"]["fleiss_kappa"] is None
    assert r["token"]["per_label"]["ACTOR"]["cohen_kappa"][0][1] is None


def test_one_annotator_only():
    r = report([doc(a=[(0, 4, "ACTOR")])], ["a"])
    assert r["span_f1"]["exact"]["pairs"] == []
    assert all(v is None for v in r["overall"].values())
    assert r["worst_documents"] == []
    assert r["counts"]["spans"] == {"a": 1}


def test_no_documents_and_empty_documents():
    r = report([], ["a", "b"])
    assert r["counts"]["documents"] == 0
    assert all(v is None for v in r["overall"].values())
    empty = DocAnnotations("e", 0, [], {})
    r = report([empty, doc("x", a=[], b=[])], ["a", "b"], labels=["ACTOR"])
    assert r["counts"]["documents"] == 2
    assert r["overall"]["overlap_f1"] is None
    assert r["worst_documents"] == []


def test_nested_labels_keep_separate_layers():
    spans = [(0, 39, "CLAIM"), (0, 9, "ACTOR")]
    r = report([doc(a=spans, b=[(0, 39, "CLAIM"), (0, 4, "ACTOR")])], ["a", "b"])
    assert r["token"]["per_label"]["CLAIM"]["cohen_kappa"][0][1] == 1.0
    assert r["token"]["per_label"]["ACTOR"]["n_positive"] == [2, 1]
    assert r["span_f1"]["overlap"]["pairs"][0]["micro"]["f1"] == 1.0
    assert r["span_f1"]["exact"]["pairs"][0]["micro"]["f1"] == 0.5


def test_casualty_counts_hand_worked():
    c = "CASUALTY"
    a = [(0, 4, c, "1", {"count": 10}), (10, 14, c, "2", {"count": "5"}),
         (20, 24, c, "3", {"count": 3}), (30, 34, c, "4", {"count": 8})]  # fmt: skip
    b = [(0, 4, c, "1", {"count": 10}), (10, 14, c, "2", {"count": {"low": 5, "high": 7}}),
         (21, 24, c, "3", {"count": [4, 4]}), (30, 34, c, "4", {})]  # fmt: skip
    pair = report([doc(a=a, b=b)], ["a", "b"])["casualty_counts"]["pairs"][0]
    assert pair["n_matched"] == 4 and pair["n_compared"] == 3 and pair["n_one_missing"] == 1
    assert pair["n_exact"] == 1 and pair["exact_rate"] == pytest.approx(1 / 3)
    data = [[10, 5, 3], [10, 6, 4]]  # range 5-7 compared by its midpoint
    assert pair["alpha_ratio"] == pytest.approx(krippendorff_alpha(data, "ratio").value)
    assert pair["alpha_interval"] == pytest.approx(krippendorff_alpha(data, "interval").value)


def test_casualty_counts_all_annotators_use_linked_groups():
    a = [(0, 4, "CASUALTY", "1", {"count": 10}), (20, 24, "CASUALTY", "2", {"count": 2})]
    b = [(0, 4, "CASUALTY", "1", {"count": 10}), (20, 24, "CASUALTY", "2", {"count": 3})]
    c = [(1, 4, "CASUALTY", "1", {"count": 12})]
    cas = report([doc(a=a, b=b, c=c)], ["a", "b", "c"])["casualty_counts"]["all"]
    assert cas["n_units"] == 2 and cas["n_exact"] == 0
    expected = krippendorff_alpha([[10, 2], [10, 3], [12, None]], "ratio").value
    assert cas["alpha_ratio"] == pytest.approx(expected)


def test_claim_sources_hand_worked():
    a = [(0, 49, "CLAIM", "c"), (0, 4, "ACTOR", "x1"), (10, 14, "ACTOR", "x2")]
    b = [(0, 44, "CLAIM", "k"), (0, 4, "ACTOR", "y1"), (30, 34, "ACTOR", "y2")]
    rels = {
        "a": [RelationRecord("c", "x1", "source"), RelationRecord("c", "x2", "source")],
        "b": [RelationRecord("k", "y1", "source"), RelationRecord("k", "y2", "source")],
    }
    pair = report([doc(a=a, b=b, relations=rels)], ["a", "b"])["claim_sources"]["pairs"][0]
    assert (pair["matched"], pair["n_a"], pair["n_b"]) == (1, 2, 2)
    assert pair["f1"] == 0.5 and pair["exact_set_rate"] == 0.0
    assert pair["n_matched_claims"] == 1


def test_claims_without_sources_agree_on_the_empty_set():
    a = [(0, 49, "CLAIM", "c")]
    pair = report([doc(a=a, b=a)], ["a", "b"])["claim_sources"]["pairs"][0]
    assert pair["f1"] is None and pair["exact_set_rate"] == 1.0


def test_worst_documents_ranked_by_overlap_f1():
    good = doc("good", a=[(0, 4, "ACTOR")], b=[(0, 4, "ACTOR")])
    bad = doc("bad", a=[(0, 4, "ACTOR")], b=[(20, 24, "ACTOR")])
    half = doc("half", a=[(0, 4, "ACTOR"), (10, 14, "ACTOR")], b=[(0, 4, "ACTOR")])
    nothing = doc("nothing", a=[], b=[])
    worst = report([good, bad, half, nothing], ["a", "b"])["worst_documents"]
    assert [w["doc_id"] for w in worst] == ["bad", "half", "good"]
    assert worst[1]["overlap_f1"] == pytest.approx(2 / 3)


# --- cross-checks on random data --------------------------------------------------------------

LABELS = ("ACTOR", "CLAIM", "CASUALTY")


def random_docs(seed: int, n_docs: int = 6, names=("a", "b", "c")) -> list[DocAnnotations]:
    rng = random.Random(seed)
    docs = []
    for d in range(n_docs):
        n_tok = rng.randint(0, 30)
        tokens = [(i * 4, i * 4 + rng.randint(1, 3)) for i in range(n_tok)]
        length = n_tok * 4 + rng.randint(0, 3)
        spans = {}
        for name in names:
            items = []
            for _ in range(rng.randint(0, 6)):
                if length < 2:
                    break
                s = rng.randrange(0, length - 1)
                items.append(SpanRecord(s, min(length, s + rng.randint(1, 15)), rng.choice(LABELS)))
            if items or rng.random() < 0.5:
                spans[name] = items
        docs.append(DocAnnotations(f"d{d}", length, tokens, spans))
    return docs


def _token_values(d: DocAnnotations, name: str, label: str) -> list[int]:
    spans = [s for s in d.spans.get(name, []) if s.label == label]
    return [int(any(min(te, s.end) > max(ts, s.start) for s in spans)) for ts, te in d.tokens]


@pytest.mark.parametrize("seed", range(8))
def test_token_measures_match_plain_coding_data(seed):
    docs = random_docs(seed)
    names = ["a", "b", "c"]
    r = report(docs, names, labels=list(LABELS))
    pooled = {n: [] for n in names}
    for label in LABELS:
        rows = {n: [v for d in docs for v in _token_values(d, n, label)] for n in names}
        if any(any(rows[n]) for n in names):  # only the layers of labels used are pooled
            for n in names:
                pooled[n] += rows[n]
        got = r["token"]["per_label"][label]
        assert got["alpha"] == _approx(krippendorff_alpha([rows[n] for n in names]).value)
        counts, cats = ratings_to_counts(list(zip(*[rows[n] for n in names], strict=True)))
        assert got["fleiss_kappa"] == _approx(
            fleiss_kappa(counts, cats).value if len(cats) > 1 else None
        )
    assert r["token"]["overall"]["alpha"] == _approx(
        krippendorff_alpha([pooled[n] for n in names]).value if pooled["a"] else None
    )


def _approx(value):
    return None if value is None else pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_alpha_u_is_dkpro_alpha_u_on_the_concatenated_documents(seed):
    docs = random_docs(seed)
    names = ["a", "b", "c"]
    r = report(docs, names, labels=list(LABELS))
    units, offset = [], 0
    for d in docs:
        for i, n in enumerate(names):
            for s in d.spans.get(n, []):
                units.append((i, offset + s.start, s.end - s.start, s.label))
        offset += d.text_length
    expected = alpha_u(units, 3, 0, offset, categories=list(LABELS))
    assert r["alpha_u"]["overall"]["alpha"] == _approx(expected.value)
    for label in LABELS:
        assert r["alpha_u"]["per_label"][label]["alpha"] == _approx(
            expected.per_category[label].value
        )
    pair_units = [(0 if u[0] == 0 else 1, *u[1:]) for u in units if u[0] in (0, 2)]
    pair = alpha_u(pair_units, 2, 0, offset)
    assert r["alpha_u"]["overall"]["pairwise"][0][2] == _approx(pair.value)
