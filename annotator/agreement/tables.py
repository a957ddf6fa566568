"""The agreement report as tables: what :mod:`.render_text` and :mod:`.render_html` lay out.

A :class:`Table` or :class:`Matrix` holds the report's values; an undefined value is an
:class:`Undefined` cell carrying the reason (``n/a`` with a footnote when rendered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from annotator.agreement.report import annotator_pairs

# ---------------------------------------------------------------- why a value is undefined


def _pair_entry(pairs: list[dict], a: str, b: str) -> dict | None:
    return next((p for p in pairs if set(p["annotators"]) == {a, b}), None)


def _spans_of_pair(report: dict, a: str, b: str, label: str | None) -> int:
    """Spans both annotators marked (of ``label``, or of every label)."""
    entry = _pair_entry(report["span_f1"]["exact"]["pairs"], a, b)
    if entry is None:
        return 0
    counts = entry["micro"] if label is None else entry["per_label"][label]
    return counts["n_a"] + counts["n_b"]


def _label_spans(report: dict, label: str | None) -> int:
    counts = report["counts"]
    if label is None:
        return sum(counts["spans"].values())
    return sum(counts["spans_per_label"].get(label, {}).values())


def _why(
    kind: str,
    n_spans: int,
    n_tokens: int,
    pair: tuple[str, str] | None = None,
    label: str | None = None,
) -> str:
    """The reason a ``kind`` value ('f1', 'token', 'alpha_u') is undefined; ``n_spans`` counts
    the spans of ``label`` (or of all labels) by the ``pair`` (or by everyone)."""
    what = f"{label} span" if label else "span"
    if n_spans == 0:
        if pair is None:
            return f"no {what}s"
        first, second = pair
        return f"neither {first} nor {second} marked a {what}"
    if kind == "token":
        if n_tokens == 0:
            return "no tokens"
        raters = " and ".join(pair) if pair else "everyone"
        return f"{raters} gave every token the same value (chance agreement 1)"
    if kind == "alpha_u":
        return "no expected disagreement"
    return f"no {what}s"


# ---------------------------------------------------------------- formatting helpers


def number(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class Notes:
    """Footnotes for undefined values: ``n/a [k]`` in a cell, ``[k] reason`` under the table."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def key(self, reason: str) -> int:
        if reason not in self.reasons:
            self.reasons.append(reason)
        return self.reasons.index(reason) + 1

    def cell(self, value: Any, reason: str | None = None) -> str:
        if value is not None:
            return number(value)
        return f"n/a [{self.key(reason)}]" if reason else "n/a"


@dataclass
class Matrix:
    title: str
    values: list[list[Any]]
    reasons: list[list[str | None]]


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]  # cells: a value, or Undefined
    scored: list[bool]  # columns holding agreement scores (coloured in HTML)
    note: str = ""


class Undefined(NamedTuple):
    """A cell whose value is undefined, and why (shown as ``n/a`` with a footnote)."""

    reason: str | None


def score(value: Any, reason: str) -> Any:
    """`value`, or an Undefined cell with `reason` when it is None."""
    return Undefined(reason) if value is None else value


# ---------------------------------------------------------------- report -> tables


def matrices(report: dict, label: str | None = None) -> list[Matrix]:
    """Pairwise matrices of all labels (``label`` None) or of one label."""
    names = report["annotators"]
    n_tokens = report["token"]["n_tokens"]
    token = report["token"]["overall"] if label is None else report["token"]["per_label"][label]
    alpha_u = report["alpha_u"]["overall" if label is None else "per_label"]
    alpha_u = alpha_u if label is None else alpha_u[label]
    span_key = "micro_f1" if label is None else None

    def span_matrix(mode: str) -> list[list[Any]]:
        if span_key:
            return report["span_f1"][mode]["matrix"][span_key]
        matrix: list[list[Any]] = [[None] * len(names) for _ in names]
        for pair in report["span_f1"][mode]["pairs"]:
            i, j = (names.index(x) for x in pair["annotators"])
            matrix[i][j] = matrix[j][i] = pair["per_label"][label]["f1"]
        return matrix

    def reasons(kind: str) -> list[list[str | None]]:
        out: list[list[str | None]] = [[None] * len(names) for _ in names]
        for i, j in annotator_pairs(len(names)):
            n = _spans_of_pair(report, names[i], names[j], label)
            out[i][j] = out[j][i] = _why(kind, n, n_tokens, (names[i], names[j]), label)
        return out

    prefix = f"{label}: " if label is not None else ""
    micro = " (micro)" if label is None else ""
    token_f1 = report["token"]["f1"]
    token_f1 = token_f1["overall"] if label is None else token_f1["per_label"][label]
    return [
        Matrix(f"{prefix}Exact span F1{micro}", span_matrix("exact"), reasons("f1")),
        Matrix(f"{prefix}Overlap span F1{micro}", span_matrix("overlap"), reasons("f1")),
        Matrix(f"{prefix}Cohen's kappa (tokens)", token["cohen_kappa"], reasons("token")),
        Matrix(f"{prefix}Krippendorff's alpha (tokens)", token["alpha_pairwise"], reasons("token")),
        Matrix(f"{prefix}alpha_U (unitizing)", alpha_u["pairwise"], reasons("alpha_u")),
        Matrix(f"{prefix}Token F1 (bratiaa)", token_f1["matrix"], reasons("f1")),
    ]


SD_HEADER = "± SD"
SD_NOTE = "± SD: population standard deviation over annotator pairs"


def spread(mean: Any, sd: Any) -> Any:
    """The SD cell beside a pairwise mean: the SD, or ``n/a`` (no footnote) when the mean is
    undefined."""
    return Undefined(None) if mean is None or sd is None else sd


def overall_table(report: dict) -> Table:
    o, sd = report["overall"], report["overall_sd"]
    n_spans = _label_spans(report, None)
    n_tokens = report["token"]["n_tokens"]
    f1 = _why("f1", n_spans, n_tokens)
    tok = _why("token", n_spans, n_tokens)

    def pairwise(key: str, reason: str) -> list[Any]:
        return [score(o[key], reason), spread(o[key], sd[key])]

    rows = [
        ["exact span F1 (micro, mean of pairs)", *pairwise("exact_f1", f1)],
        ["overlap span F1 (micro, mean of pairs)", *pairwise("overlap_f1", f1)],
        ["exact span F1 (macro over labels)", *pairwise("exact_macro_f1", f1)],
        ["overlap span F1 (macro over labels)", *pairwise("overlap_macro_f1", f1)],
        ["Cohen's kappa (tokens, mean of pairs)", *pairwise("cohen_kappa", tok)],
        ["Fleiss' kappa (tokens)", score(o["fleiss_kappa"], tok), ""],
        ["Krippendorff's alpha (tokens)", score(o["token_alpha"], tok), ""],
        ["alpha_U (unitizing)", score(o["alpha_u"], _why("alpha_u", n_spans, n_tokens)), ""],
        ["token F1 (bratiaa, mean of pairs)", *pairwise("token_f1", f1)],
    ]
    gamma = report.get("gamma")
    if gamma is not None:
        rows.append(["gamma (Mathet et al. 2015)", score(gamma["gamma"], gamma_reason(gamma)), ""])
    used = report["token"]["overall"].get("labels")
    pooled = (
        f"token kappa/alpha pool the binary layers of the labels used ({', '.join(used)}; "
        "a pair's: those either of the two used)"
    )
    return Table(
        "Overall",
        ["measure", "value", SD_HEADER],
        rows,
        [False, True, False],
        note=f"labels pooled; {pooled if used else 'no label used'}; {SD_NOTE}",
    )


def gamma_reason(gamma: dict) -> str:
    """Why gamma is undefined."""
    return gamma.get("undefined_because") or "no units"


def gamma_table(report: dict) -> Table | None:
    """The gamma section (only when the report has one)."""
    gamma = report.get("gamma")
    if gamma is None:
        return None
    p = gamma["parameters"]
    why = gamma_reason(gamma)
    span = gamma["gamma_range"]
    rows: list[list[Any]] = [
        ["gamma", score(gamma["gamma"], why)],
        ["observed disorder (best alignment)", score(gamma["observed_disorder"], why)],
        ["expected disorder (mean of samples)", score(gamma["expected_disorder"], why)],
        ["samples", gamma["n_samples"]],
        ["expected disorder: relative 95% half-width", score(gamma["ci95"], why)],
        ["gamma range at that precision", f"{span[0]:.3f} – {span[1]:.3f}" if span else ""],
        ["units / unitary alignments", f"{gamma['n_units']:,} / {gamma['n_unitary_alignments']:,}"],
    ]
    return Table(
        "Gamma (Mathet et al. 2015)",
        ["", "value"],
        rows,
        [False, True],
        note=f"d = {p['alpha']:g} d_pos + {p['beta']:g} d_cat, empty unit {p['delta_empty']:g}; "
        f"{p['sampler']} sampler, seed {p['seed']}"
        + (f", precision {p['precision']:g}" if p["precision"] else "")
        + "; spans align only within their document",
    )


def per_label_table(report: dict) -> Table:
    names = report["annotators"]
    n_tokens = report["token"]["n_tokens"]
    headers = [
        "label",
        *[f"spans {n}" for n in names],
        "exact F1",
        SD_HEADER,
        "overlap F1",
        SD_HEADER,
        "Cohen κ",
        SD_HEADER,
        "Fleiss κ",
        "token α",
        "α_U",
        "token F1",
        SD_HEADER,
    ]

    def cells(values: dict, sd: dict, n: int, label: str | None) -> list[Any]:
        f1 = _why("f1", n, n_tokens, label=label)
        tok = _why("token", n, n_tokens, label=label)
        return [
            score(values["exact_f1"], f1),
            spread(values["exact_f1"], sd["exact_f1"]),
            score(values["overlap_f1"], f1),
            spread(values["overlap_f1"], sd["overlap_f1"]),
            score(values["cohen_kappa"], tok),
            spread(values["cohen_kappa"], sd["cohen_kappa"]),
            score(values["fleiss_kappa"], tok),
            score(values["token_alpha"], tok),
            score(values["alpha_u"], _why("alpha_u", n, n_tokens, label=label)),
            score(values["token_f1"], f1),
            spread(values["token_f1"], sd["token_f1"]),
        ]

    rows = []
    for entry in report["per_label"]:
        n = sum(entry["n_spans"].values())
        rows.append(
            [
                entry["label"],
                *[entry["n_spans"][name] for name in names],
                *cells(entry, entry["sd"], n, entry["label"]),
            ]
        )
    rows.append(
        [
            "(all labels)",
            *[report["counts"]["spans"][name] for name in names],
            *cells(report["overall"], report["overall_sd"], _label_spans(report, None), None),
        ]
    )
    scored = [False] * (1 + len(names)) + [True, False] * 3 + [True] * 3 + [True, False]
    return Table(
        "Per label",
        headers,
        rows,
        scored,
        note="F1 and Cohen's kappa: mean over annotator pairs; Fleiss, alpha, alpha_U: all "
        f"annotators together; {SD_NOTE}",
    )


def casualty_table(report: dict) -> Table | str:
    cas = report["casualty_counts"]
    label, attribute = cas["label"], cas["attribute"]
    if cas["all"] is None:
        return f"not computed: {label} is not among the compared labels"
    none_compared = f"no matched {label} spans with a {attribute} from both sides"
    no_spread = f"the compared {attribute}s do not vary (no expected disagreement)"
    rows = []
    for p in cas["pairs"]:
        alpha_reason = none_compared if not p["n_compared"] else no_spread
        rows.append(
            [
                " / ".join(p["annotators"]),
                p["n_matched"],
                p["n_compared"],
                p["n_one_missing"],
                p["n_exact"],
                score(p["exact_rate"], none_compared),
                score(p["alpha_ratio"], alpha_reason),
                score(p["alpha_interval"], alpha_reason),
                p["n_documents"],
            ]
        )
    a = cas["all"]
    alpha_reason = none_compared if not a["n_units"] else no_spread
    rows.append(
        [
            "(all)",
            "",
            a["n_units"],
            "",
            a["n_exact"],
            score(a["exact_rate"], none_compared),
            score(a["alpha_ratio"], alpha_reason),
            score(a["alpha_interval"], alpha_reason),
            a["n_documents"],
        ]
    )
    return Table(
        f"{label} {attribute} agreement",
        [
            "annotators",
            "matched",
            "compared",
            "one missing",
            "exact",
            "exact rate",
            "α ratio",
            "α interval",
            "documents",
        ],
        rows,
        [False, False, False, False, False, True, True, True, False],
        note=f"spans matched by overlap; (all): groups of matched spans, compared = groups with "
        f"a {attribute} from at least two annotators",
    )


def claim_table(report: dict) -> Table | str:
    cs = report["claim_sources"]
    claim, relation = cs["claim_label"], cs["relation_label"]
    if claim not in report["labels"]:
        return f"not computed: {claim} is not among the compared labels"
    rows = []
    for p in cs["pairs"]:
        a, b = p["annotators"]
        no_claims = f"no matched {claim}s" if not p["n_matched_claims"] else None
        rows.append(
            [
                f"{a} / {b}",
                p["n_matched_claims"],
                p["n_claims_with_sources"],
                p["matched"],
                p["n_a"],
                p["n_b"],
                score(
                    p["precision"], no_claims or f"no {relation} link by {b} on matched {claim}s"
                ),
                score(p["recall"], no_claims or f"no {relation} link by {a} on matched {claim}s"),
                score(p["f1"], no_claims or f"no {relation} links on matched {claim}s"),
                score(p["exact_set_rate"], f"no matched {claim}s"),
                p["n_documents"],
            ]
        )
    mean = cs["mean_pairwise_f1"]
    blank = [""] * 7
    rows.append(
        ["(mean of pairs)", *blank, score(mean, f"no {relation} links on matched {claim}s"), "", ""]
    )
    rows.append(
        ["(SD of pairs, population)", *blank, spread(mean, cs.get("sd_pairwise_f1")), "", ""]
    )
    return Table(
        f"{claim} {relation} agreement",
        [
            "annotators",
            "matched claims",
            "with sources",
            "agreeing links",
            "links A",
            "links B",
            "precision",
            "recall",
            "F1",
            "same sources",
            "documents",
        ],
        rows,
        [False] * 6 + [True] * 4 + [False],
        note=f"{claim}s matched by overlap; a link agrees when both {relation} targets are "
        "matched spans; A (first named) is the reference",
    )


def worst_table(report: dict) -> Table:
    names = report["annotators"]
    rows = [
        [
            rank,
            e["overlap_f1"],
            spread(e["overlap_f1"], e.get("overlap_f1_sd")),
            e["exact_f1"],
            spread(e["exact_f1"], e.get("exact_f1_sd")),
            *[e["n_spans"][n] for n in names],
            e["unmatched"],
            e.get("name") or e["doc_id"],
        ]
        for rank, e in enumerate(report["worst_documents"], 1)
    ]
    return Table(
        "Worst documents",
        [
            "#",
            "overlap F1",
            SD_HEADER,
            "exact F1",
            SD_HEADER,
            *[f"spans {n}" for n in names],
            "unmatched",
            "document",
        ],
        rows,
        [False, True, False, True, False, *[False] * len(names), False, False],
        note="lowest mean pairwise overlap F1 first; documents where nobody marked anything "
        f"are not ranked; {SD_NOTE}",
    )
