"""The `annotator agree` report: agreement measures on a project's documents, as text or HTML.

Document selection (one set for every pair and for all annotators together):

* default: the documents that **every** compared annotator marked ``done``;
* ``include_unfinished``: the documents where **at least one** compared annotator has a span (of
  any label) or a status other than ``new``. An annotator with nothing on such a document counts
  as having marked nothing there (an empty annotation, as in :mod:`annotator.agreement.data`).

Documents nobody compared has touched are never used. :func:`select_documents` also counts the
documents left out, so the report can say how many were not used and why.

:func:`build_docs` streams :class:`~annotator.agreement.DocAnnotations` from the store, reading
texts, spans and relations for ``BATCH`` documents per query. :func:`agreement_report` runs
:func:`~annotator.agreement.compute_report` and adds a ``selection`` section (parameters and
document counts) and the document names of the worst documents. :func:`render_text` and
:func:`render_html` present it; :func:`write_html` writes one self-contained HTML file atomically.
No Qt.
"""

from __future__ import annotations

import gc
import html
import json
import os
import tempfile
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from annotator.agreement.data import DocAnnotations
from annotator.model import RelationRecord, SpanRecord
from annotator.store.project import Project
from annotator.store.readmodel import (
    agreement_documents,
    agreement_rows,
    annotator_rows,
    document_names,
    document_texts,
    labels_in_use,
    project_connection,
)
from annotator.workers import one_worker

BATCH = 500
DEFAULT_WORST = 10


class AgreeError(ValueError):
    """The agreement report cannot be made with these parameters; the message says why."""


@dataclass
class Selection:
    """Which documents a report uses, and how many others were left out.

    ``done_by_all``: used documents every compared annotator marked done. ``left_out``: documents
    some compared annotator worked on (a span or a status) that were not used.
    """

    annotators: list[str]
    include_unfinished: bool
    document_ids: list[int]
    done_by_all: int
    left_out: int
    documents_in_project: int

    @property
    def rule(self) -> str:
        if self.include_unfinished:
            return (
                "documents where at least one compared annotator has a span or a status; "
                "an annotator with nothing there counts as marking nothing"
            )
        return "documents every compared annotator marked done"

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "include_unfinished": self.include_unfinished,
            "rule": self.rule,
            "documents_in_project": self.documents_in_project,
            "documents_used": len(self.document_ids),
            "documents_done_by_all": self.done_by_all,
            "documents_unfinished_used": len(self.document_ids) - self.done_by_all,
            "documents_left_out": self.left_out,
        }


# ---------------------------------------------------------------- selection


def resolve_annotators(project: Project, names: Sequence[str] | None) -> list[str]:
    """The compared annotators: ``names`` (any role), or every annotator with role 'annotator'.

    Raises AgreeError for unknown or repeated names and for fewer than two annotators.
    """
    if names is None:
        chosen = project.annotators(role="annotator")
        if not chosen:
            everyone = project.annotators(role=None)
            extra = f" (only gold: {', '.join(everyone)}; name them with --annotators)"
            raise AgreeError("the project has no annotators" + (extra if everyone else ""))
    else:
        chosen = list(names)
        repeated = sorted({name for name in chosen if chosen.count(name) > 1})
        if repeated:
            raise AgreeError(f"annotator named more than once: {', '.join(repeated)}")
        known = project.annotators(role=None)
        unknown = [name for name in chosen if name not in known]
        if unknown:
            raise AgreeError(
                f"unknown annotator(s): {', '.join(unknown)}; the project has: "
                f"{', '.join(known) or 'none'}"
            )
    if len(chosen) < 2:
        raise AgreeError(
            f"agreement needs at least 2 annotators, got {len(chosen)}: {', '.join(chosen)}"
        )
    return chosen


def resolve_labels(project: Project, names: Sequence[str] | None) -> list[str] | None:
    """``names`` checked against the schema and the labels in use; ``None`` means all labels."""
    if names is None:
        return None
    known = [label.name for label in project.labels()]
    used = labels_in_use(project)
    known += [label for label in used if label not in known]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise AgreeError(f"unknown label(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return list(dict.fromkeys(names))


def _annotator_ids(project: Project, annotators: Sequence[str]) -> list[int]:
    ids = {row.name: row.id for row in annotator_rows(project)}
    missing = [name for name in annotators if name not in ids]
    if missing:
        raise AgreeError(f"unknown annotator(s): {', '.join(missing)}")
    return [ids[name] for name in annotators]


def select_documents(
    project: Project, annotators: Sequence[str], include_unfinished: bool = False
) -> Selection:
    """The documents to compare (see the module docstring) with the counts of the others."""
    done, touched = agreement_documents(project, _annotator_ids(project, annotators))
    used = touched if include_unfinished else done
    total = project.count_documents()
    return Selection(
        annotators=list(annotators),
        include_unfinished=include_unfinished,
        document_ids=used,
        done_by_all=len(done),
        left_out=len(touched) - len(used),
        documents_in_project=total,
    )


# ---------------------------------------------------------------- building


class TokenSpans(Sequence[tuple[int, int]]):
    """A document's token ``(start, end)`` pairs stored flat in an ``array('q')``.

    Behaves as the list of tuples :func:`annotator.text.token_spans` returns (length, indexing,
    iteration, equality with a list) in 16 bytes per token instead of ~120 for a tuple of two
    ints in a list: a 10,000-document corpus holds five million tokens.
    """

    __slots__ = ("_flat",)

    def __init__(self, flat: array) -> None:
        self._flat = flat

    @classmethod
    def pack(cls, spans: Sequence[tuple[int, int]]) -> TokenSpans:
        return cls(array("q", chain.from_iterable(spans)))

    @property
    def flat(self) -> array:
        """The offsets as one ``array('q')``: start0, end0, start1, end1, ... (do not modify)."""
        return self._flat

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if not -n <= index < n:
            raise IndexError("token index out of range")
        index %= n
        return (self._flat[2 * index], self._flat[2 * index + 1])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        flat = iter(self._flat)
        return zip(flat, flat, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenSpans):
            return self._flat == other._flat
        if isinstance(other, Sequence):
            return len(other) == len(self) and all(
                tuple(a) == b for a, b in zip(other, self, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenSpans({list(self)!r})"


def build_docs(
    project: Project,
    annotators: Sequence[str],
    include_unfinished: bool = False,
    *,
    labels: Sequence[str] | None = None,
    document_ids: Sequence[int] | None = None,
    batch: int = BATCH,
) -> Iterator[DocAnnotations]:
    """Stream one DocAnnotations per selected document, in id order.

    ``doc_id`` is the store's document id as a string; tokens come from
    :func:`annotator.text.token_spans`. ``labels`` keeps only spans with those labels (all
    relations are kept; the measures ignore those whose spans are absent). ``document_ids``
    replaces the selection of :func:`select_documents`. Span attribute dicts are parsed once per
    distinct JSON string and copied (shallow) per span.
    """
    if document_ids is None:
        document_ids = select_documents(project, annotators, include_unfinished).document_ids
    who = _annotator_ids(project, annotators)
    name_of = dict(zip(who, annotators, strict=True))
    parsed_attributes: dict[str, dict[str, Any]] = {"{}": {}, "": {}}
    batches = [list(document_ids[i : i + batch]) for i in range(0, len(document_ids), batch)]
    # a process that tokenizes the next batches while this one builds spans (both cores)
    wanted = len(batches) >= WORKER_MIN_BATCHES and (os.cpu_count() or 1) >= 2
    with one_worker(wanted) as worker:
        pending: deque[Future | None] = deque()

        def ask(position: int) -> None:
            if position < len(batches):
                pending.append(
                    worker.submit(_tokenize_documents, str(project.path), batches[position])
                    if worker is not None
                    else None
                )

        ask(0)
        ask(1)
        for position, ids in enumerate(batches):
            with gc_paused():
                built = _build_batch(project, ids, who, name_of, labels, parsed_attributes)
                future = pending.popleft()
                ask(position + 2)
                tokens = (
                    future.result() if future is not None else _tokenize_documents(project, ids)
                )
                for doc in built:
                    length, packed = tokens[int(doc.doc_id)]
                    doc.text_length = length
                    doc.tokens = TokenSpans(_unpack(packed))
            yield from built


WORKER_MIN_BATCHES = 4  # below this, starting a process costs more than it saves


def _tokenize_documents(source: Project | str, ids: list[int]) -> dict[int, tuple[int, bytes]]:
    """Each document's length and packed token offsets; `source` is the project, or its path
    in the worker (`store.readmodel.project_connection`)."""
    from annotator.text import token_spans

    with project_connection(source) as conn:
        rows = document_texts(conn, ids)
        return {
            doc_id: (len(text), array("q", chain.from_iterable(token_spans(text))).tobytes())
            for doc_id, text in rows
        }


def _unpack(packed: bytes) -> array:
    flat = array("q")
    flat.frombytes(packed)
    return flat


def _build_batch(
    project: Project,
    ids: list[int],
    who: list[int],
    name_of: dict[int, str],
    labels: Sequence[str] | None,
    parsed_attributes: dict[str, dict[str, Any]],
) -> list[DocAnnotations]:
    known, span_rows, relation_rows = agreement_rows(project, ids, who, labels)
    spans: dict[int, dict[str, list[SpanRecord]]] = {doc_id: {} for doc_id in ids}
    current: list[SpanRecord] = []
    key = None
    name = ""
    label_names: dict[str, str] = {}
    for doc_id, ann_id, uuid, label, start, end, attrs in span_rows:
        label = label_names.setdefault(label, label)  # one str object per label
        if (doc_id, ann_id) != key:
            key = (doc_id, ann_id)
            name = name_of[ann_id]
            current = spans[doc_id].setdefault(name, [])
        parsed = parsed_attributes.get(attrs)
        if parsed is None:
            parsed = _parse_attributes(attrs, parsed_attributes)
        current.append(SpanRecord(start, end, label, uuid, name, dict(parsed) if parsed else {}))
    relations: dict[int, dict[str, list[RelationRecord]]] = {doc_id: {} for doc_id in ids}
    for doc_id, ann_id, uuid, label, head, tail in relation_rows:
        name = name_of[ann_id]
        relations[doc_id].setdefault(name, []).append(RelationRecord(head, tail, label, uuid, name))
    built = []
    for doc_id in ids:
        if doc_id not in known:
            raise AgreeError(f"no document {doc_id} in {project.path}")
        # length and tokens are filled in by build_docs
        built.append(DocAnnotations(str(doc_id), 0, (), spans[doc_id], relations[doc_id]))
    return built


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector while building many small objects (none cyclic):
    its repeated passes over the growing heap would otherwise cost more than the building."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_attributes(text: str | None, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Parse a span's JSON attributes, remembering up to 100,000 distinct strings."""
    parsed = json.loads(text) if text else {}
    if not isinstance(parsed, dict):
        parsed = {}
    if text is not None and len(cache) < 100_000:
        cache[text] = parsed
    return parsed


# ---------------------------------------------------------------- the report


def agreement_report(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    *,
    include_unfinished: bool = False,
    worst_n: int = DEFAULT_WORST,
) -> dict[str, Any]:
    """compute_report on the selected documents, plus ``selection`` and worst document names.

    ``labels`` defaults to the schema's labels (in schema order) followed by any other label the
    compared annotators used. Raises AgreeError when the report cannot be made (see
    :func:`resolve_annotators`, :func:`resolve_labels`, and no documents to compare).
    """
    from annotator.agreement import compute_report

    chosen = resolve_annotators(project, annotators)
    wanted = resolve_labels(project, labels)
    selection = select_documents(project, chosen, include_unfinished)
    if not selection.document_ids:
        if include_unfinished:
            raise AgreeError(
                f"no document has a span or a status from {', '.join(chosen)}: nothing to compare"
            )
        hint = (
            f"; {selection.left_out} document(s) have work by some of them: "
            "use --include-unfinished to count those"
            if selection.left_out
            else "; use --include-unfinished to count documents not marked done by everyone"
        )
        raise AgreeError(f"no document is marked done by every one of {', '.join(chosen)}{hint}")
    with gc_paused():
        docs = list(build_docs(project, chosen, labels=wanted, document_ids=selection.document_ids))
        if wanted is None:
            wanted = [label.name for label in project.labels()]
            seen = {s.label for d in docs for spans in d.spans.values() for s in spans}
            wanted += sorted(seen.difference(wanted))
        report = compute_report(docs, chosen, wanted, worst_n=worst_n)
    report["selection"] = {
        "project": str(project.path),
        "labels": list(wanted),
        "worst_n": worst_n,
        **selection.to_json(),
    }
    worst_ids = [int(entry["doc_id"]) for entry in report["worst_documents"]]
    names = document_names(project, worst_ids)
    for entry, doc_id in zip(report["worst_documents"], worst_ids, strict=True):
        entry["name"] = names.get(doc_id, "")
    return report


def to_json(report: dict[str, Any]) -> str:
    """The report as JSON text (no NaN; non-ASCII kept as is)."""
    return json.dumps(report, ensure_ascii=False, allow_nan=False, indent=2)


# ---------------------------------------------------------------- why a value is undefined


def _pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


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
        return f"neither {pair[0]} nor {pair[1]} marked a {what}" if pair else f"no {what}s"
    if kind == "token":
        if n_tokens == 0:
            return "no tokens"
        who = f"{pair[0]} and {pair[1]}" if pair else "everyone"
        return f"{who} gave every token the same value (chance agreement 1)"
    if kind == "alpha_u":
        return "no expected disagreement"
    return f"no {what}s"


# ---------------------------------------------------------------- formatting helpers


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class _Notes:
    """Footnotes for undefined values: ``n/a [k]`` in a cell, ``[k] reason`` under the table."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def key(self, reason: str) -> int:
        if reason not in self.reasons:
            self.reasons.append(reason)
        return self.reasons.index(reason) + 1

    def cell(self, value: Any, reason: str | None = None) -> str:
        if value is not None:
            return _number(value)
        return f"n/a [{self.key(reason)}]" if reason else "n/a"


@dataclass
class _Matrix:
    title: str
    values: list[list[Any]]
    reasons: list[list[str | None]]


@dataclass
class _Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]  # cells: value, or ("na", reason)
    scored: list[bool]  # columns holding agreement scores (coloured in HTML)
    note: str = ""


_NA = "na"


def _na(reason: str | None) -> tuple[str, str | None]:
    return (_NA, reason)


def _cell_value(cell: Any) -> tuple[Any, str | None, bool]:
    """(value, reason, undefined)."""
    if isinstance(cell, tuple) and len(cell) == 2 and cell[0] == _NA:
        return None, cell[1], True
    return cell, None, False


def _score(value: Any, reason: str) -> Any:
    return _na(reason) if value is None else value


# ---------------------------------------------------------------- report -> tables


def _matrices(report: dict, label: str | None = None) -> list[_Matrix]:
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
        for i, j in _pairs(len(names)):
            n = _spans_of_pair(report, names[i], names[j], label)
            out[i][j] = out[j][i] = _why(kind, n, n_tokens, (names[i], names[j]), label)
        return out

    prefix = f"{label}: " if label is not None else ""
    micro = " (micro)" if label is None else ""
    return [
        _Matrix(f"{prefix}Exact span F1{micro}", span_matrix("exact"), reasons("f1")),
        _Matrix(f"{prefix}Overlap span F1{micro}", span_matrix("overlap"), reasons("f1")),
        _Matrix(f"{prefix}Cohen's kappa (tokens)", token["cohen_kappa"], reasons("token")),
        _Matrix(
            f"{prefix}Krippendorff's alpha (tokens)", token["alpha_pairwise"], reasons("token")
        ),
        _Matrix(f"{prefix}alpha_U (unitizing)", alpha_u["pairwise"], reasons("alpha_u")),
    ]


def _overall_table(report: dict) -> _Table:
    o = report["overall"]
    n_spans = _label_spans(report, None)
    n_tokens = report["token"]["n_tokens"]
    f1 = _why("f1", n_spans, n_tokens)
    tok = _why("token", n_spans, n_tokens)
    rows = [
        ["exact span F1 (micro, mean of pairs)", _score(o["exact_f1"], f1)],
        ["overlap span F1 (micro, mean of pairs)", _score(o["overlap_f1"], f1)],
        ["exact span F1 (macro over labels)", _score(o["exact_macro_f1"], f1)],
        ["overlap span F1 (macro over labels)", _score(o["overlap_macro_f1"], f1)],
        ["Cohen's kappa (tokens, mean of pairs)", _score(o["cohen_kappa"], tok)],
        ["Fleiss' kappa (tokens)", _score(o["fleiss_kappa"], tok)],
        ["Krippendorff's alpha (tokens)", _score(o["token_alpha"], tok)],
        ["alpha_U (unitizing)", _score(o["alpha_u"], _why("alpha_u", n_spans, n_tokens))],
    ]
    return _Table(
        "Overall",
        ["measure", "value"],
        rows,
        [False, True],
        note="labels pooled; token measures: one binary layer per label",
    )


def _per_label_table(report: dict) -> _Table:
    names = report["annotators"]
    n_tokens = report["token"]["n_tokens"]
    headers = [
        "label",
        *[f"spans {n}" for n in names],
        "exact F1",
        "overlap F1",
        "Cohen κ",
        "Fleiss κ",
        "token α",
        "α_U",
    ]
    rows = []
    for entry in report["per_label"]:
        n = sum(entry["n_spans"].values())
        label = entry["label"]
        f1 = _why("f1", n, n_tokens, label=label)
        tok = _why("token", n, n_tokens, label=label)
        rows.append(
            [
                entry["label"],
                *[entry["n_spans"][name] for name in names],
                _score(entry["exact_f1"], f1),
                _score(entry["overlap_f1"], f1),
                _score(entry["cohen_kappa"], tok),
                _score(entry["fleiss_kappa"], tok),
                _score(entry["token_alpha"], tok),
                _score(entry["alpha_u"], _why("alpha_u", n, n_tokens, label=label)),
            ]
        )
    o = report["overall"]
    n = _label_spans(report, None)
    f1, tok = _why("f1", n, n_tokens), _why("token", n, n_tokens)
    rows.append(
        [
            "(all labels)",
            *[report["counts"]["spans"][name] for name in names],
            _score(o["exact_f1"], f1),
            _score(o["overlap_f1"], f1),
            _score(o["cohen_kappa"], tok),
            _score(o["fleiss_kappa"], tok),
            _score(o["token_alpha"], tok),
            _score(o["alpha_u"], _why("alpha_u", n, n_tokens)),
        ]
    )
    scored = [False] * (1 + len(names)) + [True] * 6
    return _Table(
        "Per label",
        headers,
        rows,
        scored,
        note="F1 and Cohen's kappa: mean over annotator pairs; Fleiss, alpha, alpha_U: all "
        "annotators together",
    )


def _casualty_table(report: dict) -> _Table | str:
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
                _score(p["exact_rate"], none_compared),
                _score(p["alpha_ratio"], alpha_reason),
                _score(p["alpha_interval"], alpha_reason),
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
            _score(a["exact_rate"], none_compared),
            _score(a["alpha_ratio"], alpha_reason),
            _score(a["alpha_interval"], alpha_reason),
            a["n_documents"],
        ]
    )
    return _Table(
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


def _claim_table(report: dict) -> _Table | str:
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
                _score(
                    p["precision"], no_claims or f"no {relation} link by {b} on matched {claim}s"
                ),
                _score(p["recall"], no_claims or f"no {relation} link by {a} on matched {claim}s"),
                _score(p["f1"], no_claims or f"no {relation} links on matched {claim}s"),
                _score(p["exact_set_rate"], f"no matched {claim}s"),
                p["n_documents"],
            ]
        )
    mean = cs["mean_pairwise_f1"]
    rows.append(
        [
            "(mean of pairs)",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            _score(mean, f"no {relation} links on matched {claim}s"),
            "",
            "",
        ]
    )
    return _Table(
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


def _worst_table(report: dict) -> _Table:
    names = report["annotators"]
    rows = [
        [
            rank,
            e["overlap_f1"],
            e["exact_f1"],
            *[e["n_spans"][n] for n in names],
            e["unmatched"],
            e.get("name") or e["doc_id"],
        ]
        for rank, e in enumerate(report["worst_documents"], 1)
    ]
    return _Table(
        "Worst documents",
        ["#", "overlap F1", "exact F1", *[f"spans {n}" for n in names], "unmatched", "document"],
        rows,
        [False, True, True, *[False] * len(names), False, False],
        note="lowest mean pairwise overlap F1 first; documents where nobody marked anything "
        "are not ranked",
    )


def _header_lines(report: dict) -> list[str]:
    sel = report["selection"]
    counts = report["counts"]
    names = report["annotators"]
    used = sel["documents_used"]
    lines = [
        f"Project: {sel['project']}",
        f"Annotators: {', '.join(names)}",
        f"Labels: {', '.join(report['labels']) or '(none)'}",
        f"Documents: {sel['rule']}:",
    ]
    parts = [f"{used:,} used"]
    if sel["include_unfinished"]:
        parts.append(f"{sel['documents_done_by_all']:,} of them done by all")
        parts.append(f"{sel['documents_unfinished_used']:,} not done by all")
    elif sel["documents_left_out"]:
        parts.append(
            f"{sel['documents_left_out']:,} other document(s) with work by some of them left out "
            "(not done by all; --include-unfinished counts them)"
        )
    parts.append(f"{sel['documents_in_project']:,} in the project")
    lines.append("  " + "; ".join(parts))
    per_ann = ", ".join(f"{n} {counts['spans'][n]:,}" for n in names)
    lines.append(
        f"Units: {sum(counts['spans'].values()):,} spans ({per_ann}); "
        f"{counts['documents_with_spans']:,} documents with spans; {counts['tokens']:,} tokens; "
        f"{counts['characters']:,} characters"
    )
    return lines


# ---------------------------------------------------------------- text


def _text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> list[str]:
    cells = [list(headers), *[list(r) for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        lines.append(
            "  ".join(
                c.rjust(w) if num else c.ljust(w)
                for c, w, num in zip(row, widths, numeric, strict=True)
            ).rstrip()
        )
    return lines


def _render_table_text(table: _Table) -> list[str]:
    notes = _Notes()
    rows = []
    numeric = [True] * len(table.headers)
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            value, reason, undefined = _cell_value(cell)
            cells.append(notes.cell(None, reason) if undefined else _number(value))
            if not (undefined or value == "" or isinstance(value, int | float)):
                numeric[i] = False
        rows.append(cells)
    lines = [table.title, *("  " + line for line in _text_table(table.headers, rows, numeric))]
    if table.note:
        lines.append(f"  ({table.note})")
    lines += [f"  [{k}] {reason}" for k, reason in enumerate(notes.reasons, 1)]
    return lines


def _render_matrix_text(matrix: _Matrix, names: list[str]) -> list[str]:
    notes = _Notes()
    rows = []
    for i, name in enumerate(names):
        row = [name]
        for j in range(len(names)):
            if i == j:
                row.append("-")
            else:
                row.append(notes.cell(matrix.values[i][j], matrix.reasons[i][j]))
        rows.append(row)
    lines = [f"  {matrix.title}"]
    lines += [
        "    " + line for line in _text_table(["", *names], rows, [False] + [True] * len(names))
    ]
    lines += [f"    [{k}] {reason}" for k, reason in enumerate(notes.reasons, 1)]
    return lines


def render_text(report: dict) -> str:
    """The report as readable plain-text tables."""
    names = report["annotators"]
    out = ["Inter-annotator agreement", *_header_lines(report), ""]
    out += _render_table_text(_overall_table(report)) + [""]
    out.append("Pairwise (all labels)")
    for matrix in _matrices(report):
        out += _render_matrix_text(matrix, names)
    out.append("")
    out += _render_table_text(_per_label_table(report)) + [""]
    for section in (_casualty_table(report), _claim_table(report)):
        if isinstance(section, str):
            out += [section, ""]
        else:
            out += _render_table_text(section) + [""]
    if report["worst_documents"]:
        out += _render_table_text(_worst_table(report))
    elif report["selection"]["worst_n"]:
        out.append("Worst documents: none ranked (nobody marked anything)")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,'Segoe UI','Noto Sans','Noto Naskh Arabic',sans-serif;margin:2em;
color:#222;max-width:80em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1em;margin:.8em 0 .3em}
table{border-collapse:collapse;margin:.4em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.na{background:#d9d9d9;color:#555;text-align:center}
td.diag{background:#f7f7f7;color:#999;text-align:center}
table.heat td.score{min-width:4.5em;text-align:center;font-variant-numeric:tabular-nums}
.grid{display:flex;flex-wrap:wrap;gap:1.5em}
.note{color:#555;font-size:.9em;margin:.2em 0}
ol.reasons{color:#555;font-size:.9em;margin:.2em 0}
.legend span{display:inline-block;padding:.1em .6em;margin-right:.2em}
dl.params{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dl.params dt{font-weight:600}dl.params dd{margin:0}
"""


def colour(value: float) -> str:
    """Background for a score: red (<= 0) through yellow (0.5) to green (1)."""
    v = min(max(float(value), 0.0), 1.0)
    return f"hsl({round(120 * v)},70%,72%)"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


class _HtmlNotes(_Notes):
    def html_cell(self, value: Any, reason: str | None, *, score: bool, heat: bool = False) -> str:
        if value is None:
            mark = f"<sup>{self.key(reason)}</sup>" if reason else ""
            title = f' title="{_e(reason)}"' if reason else ""
            return f'<td class="na"{title}>n/a{mark}</td>'
        text = _e(_number(value))
        if score and isinstance(value, int | float):
            cls = "score" if heat else "num"
            return (
                f'<td class="{cls}" style="background:{colour(value)}" '
                f'data-value="{value!r}">{text}</td>'
            )
        if isinstance(value, int | float):
            return f'<td class="num">{text}</td>'
        return f'<td dir="auto">{text}</td>'

    def html_list(self) -> str:
        if not self.reasons:
            return ""
        items = "".join(f"<li>n/a: {_e(r)}</li>" for r in self.reasons)
        return f'<ol class="reasons">{items}</ol>'


def _html_table(table: _Table, level: str = "h2") -> str:
    notes = _HtmlNotes()
    head = "".join(f'<th dir="auto">{_e(h)}</th>' for h in table.headers)
    body = []
    for row in table.rows:
        cells = []
        for cell, score in zip(row, table.scored, strict=True):
            value, reason, undefined = _cell_value(cell)
            cells.append(notes.html_cell(None if undefined else value, reason, score=score))
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = f'<p class="note">{_e(table.note)}</p>' if table.note else ""
    return (
        f"<{level}>{_e(table.title)}</{level}>\n<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{note}{notes.html_list()}"
    )


def _html_matrix(matrix: _Matrix, names: list[str]) -> str:
    notes = _HtmlNotes()
    head = "<th></th>" + "".join(f'<th dir="auto">{_e(n)}</th>' for n in names)
    body = []
    for i, name in enumerate(names):
        cells = [f'<th dir="auto">{_e(name)}</th>']
        for j in range(len(names)):
            if i == j:
                cells.append('<td class="diag">–</td>')
            else:
                cells.append(
                    notes.html_cell(
                        matrix.values[i][j], matrix.reasons[i][j], score=True, heat=True
                    )
                )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<div><h3>{_e(matrix.title)}</h3><table class="heat"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{notes.html_list()}</div>"
    )


def render_html(report: dict) -> str:
    """One self-contained HTML page (inline CSS, no scripts, no external resources)."""
    names = report["annotators"]
    sel = report["selection"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Agreement: {_e(Path(sel['project']).name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Inter-annotator agreement</h1>",
        '<h2>Parameters and counts</h2><dl class="params">',
    ]
    counts = report["counts"]
    params = [
        ("project", sel["project"]),
        ("annotators", ", ".join(names)),
        ("labels", ", ".join(report["labels"]) or "(none)"),
        ("documents rule", sel["rule"]),
        ("documents used", f"{sel['documents_used']:,}"),
        ("done by all", f"{sel['documents_done_by_all']:,}"),
        ("not done by all, used", f"{sel['documents_unfinished_used']:,}"),
        ("left out (work by some, not done by all)", f"{sel['documents_left_out']:,}"),
        ("documents in the project", f"{sel['documents_in_project']:,}"),
        ("documents with spans", f"{counts['documents_with_spans']:,}"),
        ("spans", ", ".join(f"{n}: {counts['spans'][n]:,}" for n in names)),
        ("tokens", f"{counts['tokens']:,}"),
        ("characters", f"{counts['characters']:,}"),
    ]
    for key, value in params:
        parts.append(f'<dt>{_e(key)}</dt><dd dir="auto">{_e(value)}</dd>')
    parts.append("</dl>")
    parts.append(
        '<p class="legend">Colours: '
        + "".join(
            f'<span style="background:{colour(v)}">{v:.2f}</span>' for v in (0, 0.25, 0.5, 0.75, 1)
        )
        + '<span style="background:#d9d9d9">n/a</span> (values below 0 are coloured as 0)</p>'
    )
    parts.append(_html_table(_overall_table(report)))
    parts.append('<h2>Pairwise, all labels</h2><div class="grid">')
    parts += [_html_matrix(m, names) for m in _matrices(report)]
    parts.append("</div>")
    parts.append(_html_table(_per_label_table(report)))
    for label in report["labels"]:
        parts.append(f'<h2 dir="auto">Pairwise, {_e(label)}</h2><div class="grid">')
        parts += [_html_matrix(m, names) for m in _matrices(report, label)]
        parts.append("</div>")
    for section in (_casualty_table(report), _claim_table(report)):
        if isinstance(section, str):
            parts.append(f'<p class="note">{_e(section)}</p>')
        else:
            parts.append(_html_table(section))
    if report["worst_documents"]:
        parts.append(_html_table(_worst_table(report)))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(report: dict, path: str | Path) -> Path:
    """Write :func:`render_html` to ``path`` atomically (temporary file, then rename)."""
    return write_atomic(path, render_html(report))


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file in the same folder and a rename."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
