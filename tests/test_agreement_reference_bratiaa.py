"""Token-level F1 as bratiaa defines it, and the spread (population SD) beside pairwise means.

Sources: bratiaa (github.com/kldtz/bratiaa, MIT): README "Token-Based Agreement" examples;
tests/bratiaa/test_agree.py ``test_avg_total`` on data/agreement/agree-2 (instance F1 0.787878,
SD 0.0 with one pair); bratiaa/evaluation.py ``exact_match_token_evaluation`` (spans split into
the ``\\S+`` tokens they overlap, compared as multisets) and agree.py ``compute_f1`` /
``_mean_sd`` (``2TP / (2TP + FP + FN)`` per pair; ``np.mean`` and ``np.std``, i.e. population SD).
"""

from __future__ import annotations

import math
import re

import pytest

from annotator.agreement import DocAnnotations, compute_report
from annotator.model import SpanRecord


def whitespace_tokens(text: str) -> list[tuple[int, int]]:
    """bratiaa's command-line tokenizer: ``\\S+``."""
    return [m.span() for m in re.finditer(r"\S+", text)]


def brat_document(doc_id: str, ann: dict[str, str]) -> DocAnnotations:
    """A document from brat ``T`` lines per annotator; the text is spaces with each span's
    covered text at its offsets (all the tokens bratiaa would find inside the spans)."""
    rows = {
        name: [line.split("\t") for line in lines.strip().splitlines()]
        for name, lines in ann.items()
    }
    length = max(int(r[1].split()[2]) for lines in rows.values() for r in lines)
    chars = [" "] * length
    spans: dict[str, list[SpanRecord]] = {}
    for name, lines in rows.items():
        for _tid, head, covered in lines:
            label, start, end = head.split()
            chars[int(start) : int(end)] = covered
            spans.setdefault(name, []).append(SpanRecord(int(start), int(end), label))
    text = "".join(chars)
    return DocAnnotations(doc_id, len(text), whitespace_tokens(text), spans)


# bratiaa data/agreement/agree-2 (@587838a), the two annotators' .ann files
AGREE_2 = {
    "esp.train-doc-29": {
        "ann1": """T1\tPER 4 17\tCaius Apicius
T2\tLOC 18 24\tMadrid
T3\tORG 34 37\tEFE
T4\tPER 361 397\tNobel de Literatura Camilo José Cela
T5\tPER 563 567\tCela
T6\tPER 720 724\tCela
T7\tPER 1074 1078\tCela
T8\tPER 1081 1096\tAntonio Machado
T9\tMISC 2376 2387\tViejo Mundo
T10\tLOC 2498 2504\tEuropa""",
        "ann2": """T1\tPER 4 17\tCaius Apicius
T3\tORG 34 37\tEFE
T4\tPER 361 397\tNobel de Literatura Camilo José Cela
T5\tPER 563 567\tCela
T6\tPER 720 724\tCela
T8\tPER 1081 1096\tAntonio Machado
T9\tMISC 2376 2387\tViejo Mundo
T10\tLOC 2498 2504\tEuropa""",
    },
    "esp.train-doc-46": {
        "ann1": """T1\tLOC 0 8\tFreetown
T2\tORG 18 21\tEFE
T5\tORG 192 195\tFRU
T6\tPER 327 344\tMiguel Gil Moreno
T8\tPER 454 465\tKurt Schork
T10\tORG 650 653\tFRU""",
        "ann2": """T1\tLOC 0 8\tFreetown
T2\tORG 18 21\tEFE
T3\tLOC 42 54\tSierra Leona
T4\tORG 161 190\tFuerzas Revolucionaria Unidas
T6\tPER 327 344\tMiguel Gil Moreno
T7\tORG 408 426\tAsociated Press TV
T8\tPER 454 465\tKurt Schork
T9\tORG 516 523\tReuters
T10\tORG 650 653\tFRU""",
    },
}
LABELS = ["LOC", "MISC", "ORG", "PER"]


@pytest.fixture
def agree_2() -> dict:
    docs = [brat_document(doc_id, ann) for doc_id, ann in AGREE_2.items()]
    return compute_report(docs, ["ann1", "ann2"], LABELS)


def test_instance_f1_of_bratiaa_agree_2(agree_2):
    """bratiaa test_avg_total: mean F1 0.787878 (rel 1e-4), SD 0.0 (one pair)."""
    assert agree_2["overall"]["exact_f1"] == pytest.approx(0.787878, rel=1e-4)
    assert agree_2["overall_sd"]["exact_f1"] == 0.0


def test_token_f1_of_bratiaa_agree_2(agree_2):
    """Derived by hand from bratiaa's definition: doc-29 TP 16, FN 2 (Madrid, the third Cela);
    doc-46 TP 8, FP 9, FN 1 (FRU at 192): F1 = 48 / (48 + 9 + 3) = 0.8."""
    pair = agree_2["token"]["f1"]["overall"]["pairs"][0]
    assert (pair["tp"], pair["fp"], pair["fn"]) == (24, 9, 3)
    assert agree_2["overall"]["token_f1"] == pytest.approx(0.8, abs=1e-12)
    assert agree_2["overall_sd"]["token_f1"] == 0.0
    per_label = agree_2["token"]["f1"]["per_label"]
    # LOC: Madrid only ann1, Sierra Leona (2 tokens) only ann2, Freetown and Europa both
    assert per_label["LOC"]["pairs"][0] | {"f1": None} == {
        "annotators": ["ann1", "ann2"],
        "tp": 2,
        "fp": 2,
        "fn": 1,
        "f1": None,
    }
    assert per_label["LOC"]["mean"] == pytest.approx(4 / 7)
    assert per_label["MISC"]["mean"] == 1.0


def _readme_report(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> dict:
    text = "Human Rights Watch"
    spans = {
        "a": [SpanRecord(s, e, "ORG") for s, e in a],
        "b": [SpanRecord(s, e, "ORG") for s, e in b],
    }
    doc = DocAnnotations("d", len(text), whitespace_tokens(text), spans)
    return compute_report([doc], ["a", "b"], ["ORG", "PER"])


def test_readme_sub_token_span_covers_the_whole_token():
    """README: "[ORG Human Rights Watch]" and "[ORG Human Rights Wat]ch" both become
    [ORG Human] [ORG Rights] [ORG Watch]."""
    report = _readme_report([(0, 18)], [(0, 16)])
    assert report["overall"]["token_f1"] == 1.0
    assert report["overall"]["exact_f1"] == 0.0


def test_readme_boundaries_between_adjacent_same_label_spans_are_ignored():
    """README: "[ORG Human] [ORG Rights Watch]" and "[ORG Human Rights] [ORG Watch]" both become
    three ORG tokens: token F1 1 (exact span F1 0)."""
    report = _readme_report([(0, 5), (6, 18)], [(0, 12), (13, 18)])
    assert report["overall"]["token_f1"] == 1.0
    assert report["per_label"][0]["token_f1"] == 1.0
    assert report["overall"]["exact_f1"] == 0.0


def test_outside_tokens_count_for_nothing_and_items_are_a_multiset():
    text = "a b c d"
    tokens = whitespace_tokens(text)
    # a: the same ORG token twice (nested spans) and nothing else; b: that token once
    doc = DocAnnotations(
        "d",
        len(text),
        tokens,
        {"a": [SpanRecord(0, 3, "ORG"), SpanRecord(2, 3, "ORG")], "b": [SpanRecord(2, 3, "ORG")]},
    )
    report = compute_report([doc], ["a", "b"], ["ORG"])
    pair = report["token"]["f1"]["overall"]["pairs"][0]
    # items a: (ORG, "a"), (ORG, "b") twice; b: (ORG, "b"): TP 1, FN 2; "c" and "d" add nothing
    assert (pair["tp"], pair["fp"], pair["fn"]) == (1, 0, 2)
    assert report["overall"]["token_f1"] == pytest.approx(2 / (2 + 0 + 2))


def test_population_sd_over_three_pairs():
    """Pairwise token F1 6/7, 4/7, 1/3 (derived by hand): mean 37/63, population SD
    sqrt(182)/63; span F1 0.5, 0.5, 0: SD sqrt(1/18). The sample SD would differ."""
    tokens = [(i * 4, i * 4 + 3) for i in range(10)]
    doc = DocAnnotations(
        "d",
        40,
        tokens,
        {
            "a": [SpanRecord(0, 7, "ACTOR"), SpanRecord(12, 19, "CLAIM")],
            "b": [SpanRecord(0, 3, "ACTOR"), SpanRecord(12, 19, "CLAIM")],
            "c": [SpanRecord(0, 7, "ACTOR"), SpanRecord(20, 23, "CLAIM")],
        },
    )
    report = compute_report([doc], ["a", "b", "c"], ["ACTOR", "CLAIM", "CASUALTY"])
    assert report["sd"]["kind"] == "population"
    assert report["token"]["f1"]["overall"]["matrix"][0][1:] == [
        pytest.approx(6 / 7),
        pytest.approx(4 / 7),
    ]
    assert report["overall"]["token_f1"] == pytest.approx(37 / 63)
    assert report["overall_sd"]["token_f1"] == pytest.approx(math.sqrt(182) / 63)
    assert report["overall_sd"]["exact_f1"] == pytest.approx(math.sqrt(1 / 18))
    assert report["span_f1"]["exact"]["sd_pairwise"]["micro_f1"] == pytest.approx(math.sqrt(1 / 18))
    claim = next(row for row in report["per_label"] if row["label"] == "CLAIM")
    assert claim["sd"]["exact_f1"] == pytest.approx(math.sqrt(2) / 3)  # F1 1, 0, 0
    casualty = next(row for row in report["per_label"] if row["label"] == "CASUALTY")
    assert casualty["token_f1"] is None and casualty["sd"]["token_f1"] is None
    worst = report["worst_documents"][0]
    assert worst["exact_f1_sd"] == pytest.approx(math.sqrt(1 / 18))
