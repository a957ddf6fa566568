"""Every published worked example in agreement/agreement_examples.json, within its tolerance.

Each case id has a function computing the same structure as the case's ``expected`` block; the
comparison walks *every* leaf of ``expected`` (a missing computed value fails), and a test fails
if the file holds a case id this module does not handle.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from annotator.agreement.coding import (
    alpha_from_table,
    bennett_s,
    cohen_kappa,
    cohen_kappa_max,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    krippendorff_alpha,
    pairable_agreement,
    ratings_to_counts,
    scott_pi,
    weighted_kappa,
)
from annotator.agreement.unitizing import alpha_u, measure_distance

META_KEYS = {"abs_tol", "rel_tol", "definition", "note"}


def _load(reference_dir) -> dict[str, dict]:
    path = reference_dir / "agreement" / "agreement_examples.json"
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return {case["id"]: case for case in cases}


def _default_tol(value: float) -> float:
    """Half a unit in the last printed digit (for values the file gives without tolerance)."""
    exponent = Decimal(repr(value)).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent) + 1e-12


def _compare(expected: Any, computed: Any, tol: float | None, path: str, seen: list[str]) -> None:
    if isinstance(expected, dict):
        here = expected.get("abs_tol", tol)
        for key, value in expected.items():
            if key in META_KEYS:
                continue
            assert isinstance(computed, dict) and key in computed, f"{path}/{key}: not computed"
            _compare(value, computed[key], here, f"{path}/{key}", seen)
        return
    seen.append(path)
    if expected == "NaN":
        assert computed is not None and math.isnan(computed), f"{path}: {computed} is not NaN"
    elif expected == ">0":
        assert computed is not None and computed > 0, f"{path}: {computed} is not > 0"
    else:
        limit = tol if tol is not None else _default_tol(expected)
        assert computed is not None, f"{path}: computed None, expected {expected}"
        assert abs(computed - expected) <= limit, f"{path}: {computed} != {expected} +- {limit}"


def _units(spec: dict) -> list[tuple[int, int, int, str]]:
    return [(u["rater"], u["begin"], u["length"], u["category"]) for u in spec["units"]]


def _study(spec: dict, **kw):
    continuum = spec["continuum"]
    return alpha_u(_units(spec), spec["raters"], continuum["begin"], continuum["length"], **kw)


def _category_dict(result) -> dict:
    return {
        str(cat): {"D_o": r.observed, "D_e": r.expected, "alpha": r.value}
        for cat, r in result.per_category.items()
    }


# --- one function per case id: returns [(expected, computed, label)] --------------------------


def case_alpha_u_book(case: dict) -> list:
    result = _study(case["input"])
    computed = {"overall_alpha": {"value": result.value}, "per_category": {}}
    for cat, values in _category_dict(result).items():
        computed["per_category"][cat] = {k: {"value": v} for k, v in values.items()}
    return [(case["expected"], computed, "")]


def case_alpha_u_distance(case: dict) -> list:
    checks = []
    for i, row in enumerate(case["input_expected"]):
        distance = measure_distance(*row["a"], *row["b"])
        if "plus" in row:
            distance += measure_distance(*row["plus"]["a"], *row["plus"]["b"])
            checks.append(
                ({"distance_sum": row["distance_sum"]}, {"distance_sum": distance}, f"#{i}")
            )
        else:
            checks.append(({"distance": row["distance"]}, {"distance": distance}, f"#{i}"))
    return [(e, c, label) for e, c, label in checks]


def case_alpha_u_simple(case: dict) -> list:
    result = _study(case["input"])
    computed = {"per_category": {}}
    for cat, values in _category_dict(result).items():
        computed["per_category"][cat] = {k: {"value": v} for k, v in values.items()}
    return [(case["expected"], computed, "")]


def case_alpha_u_degenerate(case: dict) -> list:
    checks = []
    for sub in case["subcases"]:
        result = _study(sub, dkpro_compat=True)
        if "expected_alpha" in sub:
            checks.append(({"alpha": sub["expected_alpha"]}, {"alpha": result.value}, sub["name"]))
        else:
            computed = {"D_o": result.observed, "D_e": result.expected, "alpha": result.value}
            checks.append((sub["expected"], computed, sub["name"]))
    return checks


def case_alpha_c(case: dict) -> list:
    data = case["input"]["reliability_data"]
    computed: dict[str, Any] = {}
    for metric in ("nominal", "ordinal", "interval", "ratio"):
        r = krippendorff_alpha(data, metric)
        computed[metric] = {
            "alpha": {"value": r.value},
            "D_o": {"value": r.observed},
            "D_e": {"value": r.expected},
        }
    computed["percent_agreement_pairable"] = {"value": pairable_agreement(data)}
    return [(case["expected"], computed, "")]


def _two_rater_basics(table) -> dict:
    s, pi, kappa = bennett_s(table), scott_pi(table), cohen_kappa(table)
    return {
        "A_o": kappa.observed,
        "S": {"A_e": s.expected, "value": s.value},
        "pi": {"A_e": pi.expected, "value": pi.value},
        "kappa": {"A_e": kappa.expected, "value": kappa.value},
    }


def case_artstein_poesio(case: dict) -> list:
    checks = []
    for sub in case["subcases"]:
        table = sub["contingency"]["table"]
        categories = sub["contingency"]["rows=rater1"]
        assert categories == sub["contingency"]["cols=rater2"]
        computed = _two_rater_basics(table)
        nominal = alpha_from_table(table, categories)
        computed["alpha_nominal"] = {
            "D_o": nominal.observed,
            "D_e": nominal.expected,
            "value": nominal.value,
        }

        def check_weight(a, b):
            if a == b:
                return 0.0
            return 0.5 if "Chck" in (a, b) else 1.0

        weights = np.array([[check_weight(a, b) for b in categories] for a in categories])
        w_alpha = alpha_from_table(table, categories, check_weight)
        w_kappa = weighted_kappa(table, weights)
        computed["weighted (d=0 same, 0.5 if either is Chck, else 1)"] = {
            "alpha": {"D_o": w_alpha.observed, "D_e": w_alpha.expected, "value": w_alpha.value},
            "kappa_w": {"D_o": w_kappa.observed, "D_e": w_kappa.expected, "value": w_kappa.value},
        }
        nominal_kw = weighted_kappa(table, "identity")
        computed["kappa_w_nominal"] = {
            "D_o": nominal_kw.observed,
            "D_e": nominal_kw.expected,
            "value": nominal_kw.value,
        }
        checks.append((sub["expected"], computed, sub["name"]))
    return checks


def case_cohen(case: dict) -> list:
    checks = []
    for sub in case["subcases"]:
        table = sub["table"]
        kappa, kmax = cohen_kappa(table), cohen_kappa_max(table)
        computed = {
            "p_o": {"value": kappa.observed},
            "p_e": {"value": kappa.expected},
            "kappa": {"value": kappa.value},
            "kappa_max": {"value": kmax.value},
            "max_observed_agreement": {"value": kmax.observed},
            "kappa (computed by me, not asserted by source)": kappa.value,
            "gwet_AC1 (irrCAC)": gwet_ac1(table).value,
            "gwet_AC2_quadratic (irrCAC)": gwet_ac2(table, "quadratic").value,
        }
        checks.append((sub["expected"], computed, sub["name"]))
    return checks


def case_fleiss(case: dict) -> list:
    counts, categories = ratings_to_counts(case["input"]["items"])
    result = fleiss_kappa(counts, categories)
    computed = {
        "P_bar": {"value": result.P_bar},
        "P_e": {"value": result.P_e},
        "kappa": {"value": result.value},
        "per_category_kappa": {str(k): v for k, v in result.per_category.items()},
    }
    return [(case["expected"], computed, "")]


CHECKERS = {
    "alphaU_krippendorff2004_p254": case_alpha_u_book,
    "alphaU_distance_function": case_alpha_u_distance,
    "alphaU_dkpro_simple_two_raters": case_alpha_u_simple,
    "alphaU_degenerate_cases": case_alpha_u_degenerate,
    "alpha_krippendorff2011_reliability_data_C": case_alpha_c,
    "kappa_pi_S_alpha_artstein_poesio2008": case_artstein_poesio,
    "kappa_cohen1960": case_cohen,
    "fleiss1971_kappa": case_fleiss,
}


def test_every_reference_case_has_a_checker(reference_dir):
    assert set(_load(reference_dir)) == set(CHECKERS)


@pytest.mark.parametrize("case_id", sorted(CHECKERS))
def test_reference_case(reference_dir, case_id):
    case = _load(reference_dir)[case_id]
    checks = CHECKERS[case_id](case)
    assert checks
    seen: list[str] = []
    for expected, computed, label in checks:
        _compare(expected, computed, None, f"{case_id}{label}", seen)
    assert seen, "no value compared"


def test_book_example_exact_values_from_independent_reimplementation(reference_dir):
    """The notes of the book case give 6-digit values; match them more tightly."""
    result = _study(_load(reference_dir)["alphaU_krippendorff2004_p254"]["input"])
    assert result.value == pytest.approx(0.858665, abs=1e-6)
    assert result.per_category["c"].observed == pytest.approx(0.0144444, abs=1e-7)
    assert result.per_category["c"].expected == pytest.approx(0.0532218, abs=1e-7)
    assert result.per_category["k"].expected == pytest.approx(0.0489786, abs=1e-7)


def test_degenerate_cases_default_convention(reference_dir):
    """Without dkpro_compat, undefined alpha_U is None (0/0) and D_o == D_e > 0 gives 0."""
    subcases = {s["name"]: s for s in _load(reference_dir)["alphaU_degenerate_cases"]["subcases"]}
    assert _study(subcases["no units at all"]).value is None
    assert _study(subcases["only zero-length units, same category"]).value is None
    assert _study(subcases["single unit, 3 raters"]).value == pytest.approx(0.0, abs=1e-12)
    assert _study(subcases["zero-length unit plus agreeing positive-length units"]).value == 1.0
