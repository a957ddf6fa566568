"""Export a project's annotations as training corpora, streaming, in any writable format.

Which annotations (`ExportOptions`, exactly one of):

* ``annotator="amal"``: one annotator's spans, relations and attributes.
* ``all_annotators=True``: one output per annotator (``voters``, default every annotator of
  role 'annotator'), the annotator's name inserted before the suffix: ``out.conll`` ->
  ``out.amal.conll`` (brat: ``out.amal/``). CoNLL gets one file per annotator, not one tag
  column set per annotator, so every format reads the same way.
* ``gold=True``: the adjudicated gold standard, stored as the annotator named ``gold``.
* ``majority=K``: merged by vote among the ``voters``: a span (same label and boundaries) is
  kept when at least K voters have it; a relation when at least K voters have the same
  relation (label, head span, tail span, spans compared by label and boundaries) between
  kept spans. Attributes of a kept span: a value all its voters agree on is kept; otherwise
  the most common value among them (a voter without the attribute votes for "none"; a tie
  goes to the value of the voter first in name order; "none" winning leaves the attribute
  out; counted as ``attributes_by_majority``). Kept spans and relations carry the id of the
  first voter's (in name order) annotation and no annotator.

Filters: ``labels`` keeps spans of those labels (relations need both ends kept);
``status="done"`` keeps documents done by the selected annotator -- for ``all_annotators`` and
``majority``, done by *every* voter (so per-annotator files hold the same documents).
Documents without any selected span are exported too (negative examples).

Split (``split=(80, 10, 10)``, ``seed``): document-level. The selected documents are ordered by
the sha256 of their text, shuffled with ``random.Random(seed)``, and cut in that order into
train, dev and test (two numbers: train and test). Sizes by the largest remainder: each part
gets ``floor(n * p / 100)`` documents, and the documents left over go one each to the parts with
the largest fractional remainders (ties: train, then dev, then test). The same texts, filter and
seed always give the same split, whatever the document ids. Outputs: the part name inserted
before the suffix (``out.train.conll``, ``out.amal.dev.conll``; brat: ``out.train/``).
Within an output documents keep their project order.

Streaming: documents are read from the store in batches (one query per batch for documents,
annotations and relations) and never all held. CoNLL, Hugging Face and native JSONL chunks are
rendered in worker processes (order kept, a bounded number in flight) while this process reads
and writes. Every output is written under a temporary name and renamed when *all* are done:
an error or a cancel leaves no output and no partial file.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from annotator.formats import FORMATS, FormatInfo, ImportReport, get_format
from annotator.formats._common import default_mode
from annotator.model import DocRecord, RelationRecord, SpanRecord
from annotator.store.readmodel import (
    ExportDoc,
    annotator_rows,
    document_keys,
    export_batches,
    project_connection,
    raw_batches,
)
from annotator.workers import in_order, one_worker, spawn_pool

if TYPE_CHECKING:
    from annotator.store import Project

__all__ = [
    "ExportCancelled",
    "ExportOptions",
    "ExportResult",
    "ExportedFile",
    "GOLD_ANNOTATOR",
    "export",
    "output_path",
    "split_documents",
    "split_sizes",
    "writable_formats",
]

GOLD_ANNOTATOR = "gold"
PART_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}
STATUSES = ("new", "in progress", "done")
CHUNKED_FORMATS = ("conll", "hf", "jsonl")  # rendered from payloads in chunks
PARALLEL_FORMATS = ("conll", "hf")  # ... in worker processes (tokenizing is the cost)
# Below this many documents to write, rendering stays in this process.
PARALLEL_MIN_DOCUMENTS = 2000
_CHUNK = 100  # documents per rendering task
_CHUNKS_IN_FLIGHT = 3  # per worker

_DROP_REASONS = {
    "spans_other_labels": "spans of labels not selected",
    "relations_other_labels": "relations with an end of a label not selected",
    "spans_below_majority": "distinct spans with too few votes",
    "relations_below_majority": "distinct relations with too few votes",
    "attributes_by_majority": "attribute values decided by majority (voters disagreed)",
    "relations_not_carried": "relations (the format has none)",
    "attributes_not_carried": "spans with attributes (the format has none)",
    "relations_dropped": "relations the format could not carry",
    "attributes_dropped": "spans whose attributes the format could not carry",
    "attr_dropped": "attribute values with no brat form",
    "attribute_false_omitted": "false/empty attribute values (brat has no false flag)",
    "spans_dropped_overlap": "spans overlapping a kept span (single column / priority)",
    "spans_dropped_no_column": "spans with no tag column left (--layers)",
    "spans_nested_same_label": "spans inside a span of the same label (per-label HF fields)",
    "spans_duplicate": "duplicate spans written once",
    "spans_blank": "spans of whitespace only / without a token",
    "spans_unknown_label": "spans of labels not in the tag set",
}
_NOTES = {
    "tokens_split": "tokens split at a span boundary",
    "sentences_merged": "sentence breaks removed inside a span",
    "spans_trimmed": "spans trimmed of surrounding whitespace",
}


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written."""


def writable_formats() -> list[str]:
    return [name for name, info in FORMATS.items() if info.can_write]


@dataclass
class ExportOptions:
    """What to export and how; see the module docstring for the rules."""

    format: str = "jsonl"
    annotator: str | None = None
    all_annotators: bool = False
    majority: int | None = None
    gold: bool = False
    voters: Sequence[str] | None = None  # all_annotators / majority; default: every annotator
    labels: Sequence[str] | None = None
    status: str | None = None
    split: Sequence[int] | None = None
    seed: int = 0
    scheme: str = "IOB2"  # CoNLL and HF
    header: str = "comment"  # CoNLL: "comment" or "docstart"
    offsets: bool = False  # CoNLL: a start-end column
    single_column: bool = False  # CoNLL: one column, overlaps resolved by `priority`
    priority: Sequence[str] | None = None  # CoNLL single column / HF ner_tags; default: schema
    layers: Sequence[str] | None = None  # CoNLL: fixed tag columns, e.g. ACTOR,ACTOR,CLAIM
    relations: bool = False  # doccano: the entities/relations form
    nested: bool = True  # HF: one ner_tags_<LABEL> field per label
    workers: int | None = None  # rendering processes (None: automatic, 0: none)

    def mode(self) -> str:
        """'annotator', 'all', 'majority' or 'gold'; ValueError unless exactly one is chosen."""
        chosen = [
            name
            for name, on in (
                ("annotator", self.annotator is not None),
                ("all", self.all_annotators),
                ("majority", self.majority is not None),
                ("gold", self.gold),
            )
            if on
        ]
        if len(chosen) != 1:
            raise ValueError(
                "choose exactly one of: an annotator, all annotators, a majority vote, the gold"
            )
        return chosen[0]


@dataclass
class ExportedFile:
    """One output: where, whose annotations, which split part, and the writer's report."""

    path: Path
    annotator: str | None
    part: str | None
    documents: int = 0
    report: ImportReport = field(default_factory=ImportReport)


@dataclass
class ExportResult:
    """What `export` wrote and what it left out, and why."""

    format: str
    selection: str
    files: list[ExportedFile] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # selection: filters and votes

    def totals(self) -> Counter[str]:
        """The writers' and the selection's counts added up."""
        total: Counter[str] = Counter(self.counts)
        for item in self.files:
            total.update(item.report.counts)
        return total

    def summary(self) -> str:
        total = self.totals()
        lines = [f"exported {self.selection} as {self.format}:"]
        for item in self.files:
            counts = item.report.counts
            figures = [f"{item.documents:,} documents", f"{counts['spans']:,} spans"]
            if counts["relations"]:
                figures.append(f"{counts['relations']:,} relations")
            if counts["tokens"]:
                figures.append(f"{counts['tokens']:,} tokens")
            lines.append(f"  {item.path}: {', '.join(figures)}")
        dropped = [
            f"  {total[key]:,} {reason} [{key}]"
            for key, reason in _DROP_REASONS.items()
            if total[key]
        ]
        if dropped:
            lines.append("left out:")
            lines += dropped
        notes = [f"  {total[key]:,} {text} [{key}]" for key, text in _NOTES.items() if total[key]]
        if notes:
            lines.append("adjusted:")
            lines += notes
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "selection": self.selection,
            "files": [
                {
                    "path": str(item.path),
                    "annotator": item.annotator,
                    "part": item.part,
                    "documents": item.documents,
                    "counts": dict(item.report.counts),
                }
                for item in self.files
            ],
            "counts": dict(self.totals()),
        }


# ---------------------------------------------------------------- split


def split_sizes(n: int, percents: Sequence[int]) -> list[int]:
    """Part sizes for `n` documents: floors of the quotas, leftovers by largest remainder."""
    total = sum(percents)
    if total <= 0:
        raise ValueError("split percentages must add up to more than 0")
    quotas = [n * p for p in percents]  # in units of 1/total
    sizes = [q // total for q in quotas]
    order = sorted(range(len(percents)), key=lambda i: (-(quotas[i] % total), i))
    for index in order[: n - sum(sizes)]:
        sizes[index] += 1
    return sizes


def split_documents(
    docs: Sequence[tuple[str, int]], percents: Sequence[int], seed: int
) -> list[list[int]]:
    """Document ids per part from `(sha256, id)` pairs: sorted by sha256, shuffled, cut."""
    ordered = [doc_id for _, doc_id in sorted(docs)]
    random.Random(seed).shuffle(ordered)
    parts = []
    start = 0
    for size in split_sizes(len(ordered), percents):
        parts.append(sorted(ordered[start : start + size]))
        start += size
    return parts


def parse_split(value: str | Sequence[int]) -> tuple[int, ...]:
    """``"80,10,10"`` -> (80, 10, 10): two or three non-negative integers adding up to 100."""
    if isinstance(value, str):
        try:
            numbers = tuple(int(part) for part in value.split(","))
        except ValueError:
            raise ValueError(f"--split wants numbers like 80,10,10, not {value!r}") from None
    else:
        numbers = tuple(int(part) for part in value)
    if len(numbers) not in PART_NAMES:
        raise ValueError("--split wants 2 (train,test) or 3 (train,dev,test) percentages")
    if any(n < 0 for n in numbers) or sum(numbers) != 100:
        raise ValueError(f"split percentages must be >= 0 and add up to 100, not {numbers}")
    return numbers


# ---------------------------------------------------------------- output names


def output_path(
    out: str | os.PathLike[str], fmt: str, annotator: str | None = None, part: str | None = None
) -> Path:
    """Where one output goes: ``out`` with ``.<annotator>`` and ``.<part>`` before the suffix."""
    out = Path(out)
    tags = [_safe(annotator)] if annotator else []
    tags += [part] if part else []
    if not tags:
        return out
    if get_format(fmt).suffix == "/" or not out.suffix:
        return out.with_name(f"{out.name}.{'.'.join(tags)}")
    return out.with_name(f"{out.stem}.{'.'.join(tags)}{out.suffix}")


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "annotator"


# ---------------------------------------------------------------- export


@dataclass
class _Output:
    target: Path
    annotator: str | None  # whose annotations (None: gold or majority)
    annotator_id: int | None
    part: str | None
    ids: list[int] | None  # None: every document


def export(
    project: Project,
    out: str | os.PathLike[str],
    options: ExportOptions,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the selected annotations of `project` to `out` (and its split/annotator siblings).

    `progress(done, total)` is called as documents are written (total: documents over every
    output); `cancelled()` is polled between batches and, once true, stops the export with
    `ExportCancelled` leaving nothing behind. Bad options raise ValueError.
    """
    info = get_format(options.format)
    if not info.can_write:
        raise ValueError(f"format {info.name!r} cannot be written")
    mode = options.mode()
    names = _annotator_ids(project)
    selection, voters = _selection(project, options, mode, names)
    labels = _checked_labels(project, options.labels)
    if options.status is not None and options.status not in STATUSES:
        raise ValueError(f"unknown status {options.status!r}; expected one of {STATUSES}")
    writer_options = _writer_options(project, info, options)

    ids = _status_filtered(project, [name for name, _ in voters], options.status)
    parts: list[tuple[str | None, list[int] | None]] = [(None, ids)]
    if options.split:
        percents = parse_split(options.split)
        pairs = _sha_pairs(project, ids)
        cut = split_documents(pairs, percents, options.seed)
        parts = list(zip(PART_NAMES[len(percents)], cut, strict=True))
    per_annotator = voters if mode == "all" else [(None, None)]
    outputs = [
        _Output(output_path(out, info.name, who, part), who, aid, part, part_ids)
        for who, aid in per_annotator
        for part, part_ids in parts
    ]
    project.refuse_own_files([output.target for output in outputs], "write")
    if mode in ("annotator", "gold"):
        for item in outputs:
            item.annotator, item.annotator_id = voters[0]
    sizes = [len(o.ids) if o.ids is not None else project.count_documents() for o in outputs]
    total = sum(sizes)

    result = ExportResult(info.name, selection)
    shared = _Progress(total, progress, cancelled)
    voter_ids = {aid: name for name, aid in voters}
    workers = _workers(options.workers, info.name, total)
    with _Staging() as staging, _Renderer(workers) as renderer:
        for item in outputs:
            exported = ExportedFile(item.target, item.annotator, item.part)
            if info.name == "jsonl" and item.annotator_id is not None:
                _write_jsonl_fast(
                    project,
                    item,
                    labels,
                    staging,
                    exported,
                    result.counts,
                    shared,
                    options.workers,
                )
                result.files.append(exported)
                continue
            if item.annotator_id is not None:
                pick = _single(item.annotator_id, labels, result.counts)
                wanted = {item.annotator_id: item.annotator}
            else:
                pick = _majority(voters, options.majority or 1, labels, result.counts)
                wanted = voter_ids
            payloads = _payloads(project, item.ids, wanted, pick, shared)
            _write_output(
                payloads, info, item.target, staging, renderer, writer_options, exported, shared
            )
            result.files.append(exported)
        staging.commit()
    return result


def _annotator_ids(project: Project) -> dict[str, tuple[int, str]]:
    return {row.name: (row.id, row.role) for row in annotator_rows(project)}


def _selection(
    project: Project, options: ExportOptions, mode: str, names: dict[str, tuple[int, str]]
) -> tuple[str, list[tuple[str, int]]]:
    """A description and the (name, id) of the annotators involved, in name order."""

    def known(name: str) -> tuple[str, int]:
        if name not in names:
            listed = ", ".join(sorted(names)) or "none yet"
            raise ValueError(f"no annotator named {name!r} in this project (annotators: {listed})")
        return name, names[name][0]

    if mode == "annotator":
        return f"annotator {options.annotator}", [known(str(options.annotator))]
    if mode == "gold":
        if GOLD_ANNOTATOR not in names:
            raise ValueError("this project has no gold standard yet (adjudicate first)")
        return "the gold standard", [known(GOLD_ANNOTATOR)]
    if options.voters:
        voters = sorted({known(name) for name in options.voters})
    else:
        voters = [(n, aid) for n, (aid, role) in names.items() if role == "annotator"]
    if not voters:
        raise ValueError("this project has no annotators to export")
    listed = ", ".join(name for name, _ in voters)
    if mode == "all":
        return f"each annotator ({listed})", voters
    k = int(options.majority or 0)
    if not 1 <= k <= len(voters):
        raise ValueError(f"--majority must be between 1 and {len(voters)} (the voters: {listed})")
    return f"majority of {k} out of {len(voters)} ({listed})", voters


def _checked_labels(project: Project, labels: Sequence[str] | None) -> frozenset[str] | None:
    if not labels:
        return None
    known = {label.name for label in project.labels()}
    unknown = [label for label in labels if label not in known]
    if unknown:
        raise ValueError(
            f"unknown label(s) {', '.join(unknown)}; the project has {', '.join(sorted(known))}"
        )
    return frozenset(labels)


def _writer_options(project: Project, info: FormatInfo, options: ExportOptions) -> dict:
    schema_order = [label.name for label in project.labels()]
    if info.name == "conll":
        return {
            "scheme": options.scheme,
            "header": options.header,
            "offsets": options.offsets,
            "single_column": options.single_column,
            "priority": list(options.priority or schema_order),
            "layers": list(options.layers) if options.layers else None,
        }
    if info.name == "hf":
        labels = list(options.labels or schema_order)
        return {
            "labels": labels,
            "scheme": options.scheme,
            "priority": list(options.priority) if options.priority else None,
            "nested": options.nested,
        }
    if info.name == "doccano":
        return {"relations": options.relations}
    return {}


def _status_filtered(project: Project, names: list[str], status: str | None) -> list[int] | None:
    """Ids of documents with `status` for every one of `names` (None: no filter)."""
    if status is None:
        return None
    ids: set[int] | None = None
    for name in names:
        found = set(project.document_ids(annotator=name, status=status))
        ids = found if ids is None else ids & found
    return sorted(ids or ())


def _sha_pairs(project: Project, ids: list[int] | None) -> list[tuple[str, int]]:
    rows = document_keys(project)
    if ids is None:
        return [(row.sha256, row.id) for row in rows]
    wanted = set(ids)
    return [(row.sha256, row.id) for row in rows if row.id in wanted]


def _workers(requested: int | None, fmt: str, total: int) -> int:
    if fmt not in PARALLEL_FORMATS:
        return 0
    if requested is not None:
        return max(0, requested)
    if total < PARALLEL_MIN_DOCUMENTS:
        return 0
    return min(2, os.cpu_count() or 1)


# ---------------------------------------------------------------- reading the store

# What the writers get: (id, name, text, meta JSON, spans, relations); a span (id, start, end,
# label, annotator, attributes JSON), a relation (id, head, tail, label, annotator).
Payload = tuple[int, str, str, str, list[tuple], list[tuple]]


class _Progress:
    def __init__(
        self,
        total: int,
        callback: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = total
        self.done = 0
        self.callback = callback
        self.cancelled = cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("export cancelled")

    def advance(self, n: int) -> None:
        self.done += n
        if self.callback is not None:
            self.callback(self.done, self.total)


def _single(
    aid: int, labels: frozenset[str] | None, counts: Counter[str]
) -> Callable[[ExportDoc], Payload]:
    """One annotator's spans and relations of a document (labels filtered)."""

    def pick(doc: ExportDoc) -> Payload:
        doc_id, doc_name, text, meta, spans_by, relations_by = doc
        spans = spans_by.get(aid, [])
        relations = relations_by.get(aid, [])
        if labels is None:
            return doc_id, doc_name, text, meta, spans, relations
        kept_spans = [span for span in spans if span[3] in labels]
        counts["spans_other_labels"] += len(spans) - len(kept_spans)
        kept = {span[0] for span in kept_spans}
        kept_relations = [r for r in relations if r[1] in kept and r[2] in kept]
        counts["relations_other_labels"] += len(relations) - len(kept_relations)
        return doc_id, doc_name, text, meta, kept_spans, kept_relations

    return pick


_MISSING = object()


def _majority(
    voters: list[tuple[str, int]], k: int, labels: frozenset[str] | None, counts: Counter[str]
) -> Callable[[ExportDoc], Payload]:
    """Spans and relations at least `k` voters share; attributes by agreement, else majority."""
    order = [aid for _, aid in voters]  # name order

    def pick(doc: ExportDoc) -> Payload:
        doc_id, doc_name, text, meta, spans_by, relations_by = doc
        votes: dict[tuple[str, int, int], list[tuple]] = {}
        key_of: dict[str, tuple[str, int, int]] = {}
        for aid in order:
            seen: set[tuple[str, int, int]] = set()
            for row in spans_by.get(aid, ()):
                uuid, start, end, label = row[:4]
                key = (label, start, end)
                key_of[uuid] = key
                if labels is not None and label not in labels:
                    counts["spans_other_labels"] += 1
                    continue
                if key not in seen:
                    seen.add(key)
                    votes.setdefault(key, []).append(row)
        chosen: dict[tuple[str, int, int], str] = {}
        spans = []
        for key, rows in sorted(votes.items(), key=lambda kv: (kv[0][1], -kv[0][2], kv[0][0])):
            if len(rows) < k:
                counts["spans_below_majority"] += 1
                continue
            attributes = _voted_attributes([row[5] for row in rows], counts)
            chosen[key] = rows[0][0]
            spans.append((rows[0][0], key[1], key[2], key[0], None, attributes))
        relation_votes: dict[tuple, list[str]] = {}
        for aid in order:
            seen_relations: set[tuple] = set()
            for uuid, head, tail, label, _ in relations_by.get(aid, ()):
                rkey = (label, key_of.get(head), key_of.get(tail))
                if rkey not in seen_relations:
                    seen_relations.add(rkey)
                    relation_votes.setdefault(rkey, []).append(uuid)
        relations = []
        for (label, head, tail), uuids in relation_votes.items():
            if head in chosen and tail in chosen and len(uuids) >= k:
                relations.append((uuids[0], chosen[head], chosen[tail], label, None))
            elif labels is not None and (head not in votes or tail not in votes):
                counts["relations_other_labels"] += 1
            else:
                counts["relations_below_majority"] += 1
        return doc_id, doc_name, text, meta, spans, relations

    return pick


def _voted_attributes(encoded: list[str], counts: Counter[str]) -> str:
    """The attribute JSON of a voted span from its voters' attribute JSON (voter order)."""
    if all(value == encoded[0] for value in encoded):
        return encoded[0]
    values = [json.loads(value) for value in encoded]
    names = list(dict.fromkeys(name for value in values for name in value))
    merged = {}
    for name in names:
        ballots = [
            json.dumps(value[name], sort_keys=True) if name in value else _MISSING
            for value in values
        ]
        if all(ballot == ballots[0] for ballot in ballots):
            winner = ballots[0]
        else:
            counts["attributes_by_majority"] += 1
            tally = Counter(ballots)
            best = max(tally.values())
            winner = next(ballot for ballot in ballots if tally[ballot] == best)
        if winner is not _MISSING:
            merged[name] = json.loads(winner)
    return json.dumps(merged, ensure_ascii=False)


def _payloads(
    project: Project,
    ids: list[int] | None,
    annotators: dict[int, str],
    pick: Callable[[ExportDoc], Payload],
    progress: _Progress,
) -> Iterator[list[Payload]]:
    for batch in export_batches(project, ids, list(annotators), progress.check):
        yield [pick(doc) for doc in batch]


# ---------------------------------------------------------------- rendering and writing


def doc_record(payload: Payload, *, light: bool = False) -> DocRecord:
    """A payload as a DocRecord (`light`: without metadata and attributes, for CoNLL/HF)."""
    doc_id, name, text, meta, spans, relations = payload
    return DocRecord(
        text=text,
        name=name,
        id=str(doc_id),
        meta={} if light or meta == "{}" else json.loads(meta),
        spans=[
            SpanRecord(
                start,
                end,
                label,
                uuid,
                who,
                {} if light or attrs == "{}" else json.loads(attrs),
                text[start:end],
            )
            for uuid, start, end, label, who, attrs in spans
        ],
        relations=[
            RelationRecord(head, tail, label, uuid, who)
            for uuid, head, tail, label, who in relations
        ],
    )


class _Encoded(dict):
    """JSON string literals of the few labels and annotator names, computed once."""

    def __missing__(self, value: str | None) -> str:
        literal = "null" if value is None else encode_basestring(value)
        self[value] = literal
        return literal


_NAMES = _Encoded()


def jsonl_line(payload: Payload) -> str:
    """The native JSONL line `jsonl.write` writes for this document (built directly).

    Metadata and attributes are spliced in as stored: the store writes them with
    ``json.dumps(..., ensure_ascii=False)``, which is what `jsonl.write` would write.
    """
    doc_id, name, text, meta, spans, relations = payload
    names = _NAMES if len(_NAMES) < 10_000 else _Encoded()
    span_parts = [
        f'{{"id": {encode_basestring(uuid)}, "start": {start}, "end": {end}, '
        f'"label": {names[label]}, "text": {encode_basestring(text[start:end])}, '
        f'"annotator": {names[who]}, "attributes": {attrs}}}'
        for uuid, start, end, label, who, attrs in spans
    ]
    relation_parts = [
        f'{{"id": {names[None] if uuid is None else encode_basestring(uuid)}, '
        f'"head": {encode_basestring(head)}, "tail": {encode_basestring(tail)}, '
        f'"label": {names[label]}, "annotator": {names[who]}}}'
        for uuid, head, tail, label, who in relations
    ]
    return (
        f'{{"id": "{doc_id}", "name": {encode_basestring(name)}, '
        f'"text": {encode_basestring(text)}, "meta": {meta}, '
        f'"spans": [{", ".join(span_parts)}], "relations": [{", ".join(relation_parts)}]}}\n'
    )


def render_chunk(fmt: str, chunk: list[Payload], options: dict) -> tuple[bytes, ImportReport]:
    """UTF-8 text of a run of documents in `fmt` (conll, hf or jsonl), the writer's report."""
    report = ImportReport()
    if fmt == "jsonl":
        for payload in chunk:
            report.count("documents")
            report.count("spans", len(payload[4]))
            report.count("relations", len(payload[5]))
        return "".join(map(jsonl_line, chunk)).encode("utf-8"), report
    buffer = io.StringIO()
    docs = [doc_record(payload, light=True) for payload in chunk]
    if fmt == "conll":
        from annotator.formats import conll

        conll.write(docs, buffer, report=report, **options)
    elif fmt == "hf":
        from annotator.formats import hf

        hf.write(docs, buffer, report=report, labels_out=None, **options)
    else:
        raise ValueError(f"no chunked renderer for {fmt!r}")
    return buffer.getvalue().encode("utf-8"), report


class _Renderer:
    """Renders chunks in order, here or in worker processes with a bounded queue."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Any = None

    def __enter__(self) -> _Renderer:
        if self.workers > 0:
            self.pool = spawn_pool(self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def rendered(
        self, fmt: str, chunks: Iterator[list[Payload]], options: dict
    ) -> Iterator[tuple[int, bytes, ImportReport]]:
        """(documents, UTF-8 text, report) per chunk, in order; a chunk the worker processes
        cannot render (e.g. a spawned interpreter cannot import the main module) is rendered
        here."""
        tasks = ((fmt, chunk, options) for chunk in chunks)
        if self.pool is None:
            yield from itertools.starmap(_render_counted, tasks)
            return
        limit = self.workers * _CHUNKS_IN_FLIGHT
        with closing(in_order(tasks, _render_counted, _render_counted, self.pool, limit)) as done:
            yield from done


def _render_counted(
    fmt: str, chunk: list[Payload], options: dict
) -> tuple[int, bytes, ImportReport]:
    return len(chunk), *render_chunk(fmt, chunk, options)


def _rechunked(batches: Iterator[list[Payload]], size: int) -> Iterator[list[Payload]]:
    chunk: list[Payload] = []
    for batch in batches:
        for payload in batch:
            chunk.append(payload)
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _write_output(
    batches: Iterator[list[Payload]],
    info: FormatInfo,
    target: Path,
    staging: _Staging,
    renderer: _Renderer,
    options: dict,
    exported: ExportedFile,
    progress: _Progress,
) -> None:
    report = exported.report
    carried = _NotCarried(info, report)
    batches = carried.counted(batches)
    if info.name in CHUNKED_FORMATS:
        temporary = staging.file(target)
        with open(temporary, "wb") as stream:
            for size, text, part in renderer.rendered(
                info.name, _rechunked(batches, _CHUNK), options
            ):
                stream.write(text)
                _merge_report(report, part)
                exported.documents += size
                progress.advance(size)
                progress.check()
        if info.name == "hf":
            from annotator.formats import hf

            spec = hf.labels_spec(options["labels"], options["scheme"], options["nested"])
            labels_file = staging.file(target.with_name("labels.json"), replace=True)
            labels_file.write_text(
                json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        return

    def docs() -> Iterator[DocRecord]:
        for batch in batches:
            for payload in batch:
                yield doc_record(payload)
            exported.documents += len(batch)
            progress.advance(len(batch))

    if info.suffix == "/":
        temporary = staging.directory(target)
        info.module.write(docs(), temporary, report=report, **options)
    else:
        temporary = staging.file(target)
        info.module.write(docs(), temporary, report=report, **options)


_ESCAPES = {b'"': b'\\"', b"\\": b"\\\\", b"\n": b"\\n", b"\r": b"\\r", b"\t": b"\\t"}
_ESCAPES |= {b"\x08": b"\\b", b"\x0c": b"\\f"}


def _escape(match: re.Match[bytes]) -> bytes:
    char = match.group()
    return _ESCAPES.get(char) or b"\\u%04x" % char[0]


_CONTROL_RE = re.compile(rb"[\x00-\x09\x0b-\x1f]")
# The bytes a JSON string escapes, and the control characters among them but the line feed.
# Whether a value holds one is asked by deleting them (`_holds_any`): several times faster
# than a search with a pattern.
_ESCAPED_BYTES = bytes(range(0x20)) + b'"\\'
_CONTROL_BYTES = bytes(range(0x0A)) + bytes(range(0x0B, 0x20))


def _holds_any(value: bytes, chars: bytes) -> bool:
    return len(value.translate(None, chars)) != len(value)


def json_bytes(value: bytes) -> bytes:
    """The JSON string literal of UTF-8 `value`, as ``json.dumps(..., ensure_ascii=False)``
    writes it (quotes, backslashes and control characters escaped)."""
    if not _holds_any(value, _ESCAPED_BYTES):
        return b'"' + value + b'"'
    return b'"' + _escaped(value) + b'"'


def _escaped(value: bytes) -> bytes:
    """`value` escaped for the inside of a JSON string."""
    # backslashes first, then quotes and line breaks (an article has many): C-speed replaces;
    # the rare other control characters through the pattern
    value = value.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    if _holds_any(value, _CONTROL_BYTES):
        value = _CONTROL_RE.sub(_escape, value)
    return value


def _escaped_all(values: list[bytes]) -> list[bytes]:
    """`values` (UTF-8) escaped for the inside of JSON strings, in one pass over them all:
    b"\\xff" never occurs in UTF-8, nor in what escaping makes."""
    if not values:
        return values
    return _escaped(b"\xff".join(values)).split(b"\xff")


def _needs_escaping(values: list[bytes]) -> bool:
    """Whether any of `values` needs escaping in a JSON string (one search for all)."""
    return _holds_any(b" ".join(values), _ESCAPED_BYTES)


# A span and a relation as `jsonl.write` writes them; the strings' values come escaped
_SPAN_LINE = (
    b'{"id": "%s", "start": %d, "end": %d, "label": %s, "text": "%s", "annotator": %s, '
    b'"attributes": %s}'
)
_RELATION_LINE = b'{"id": "%s", "head": "%s", "tail": "%s", "label": %s, "annotator": %s}'


def _write_jsonl_fast(
    project: Project,
    item: _Output,
    labels: frozenset[str] | None,
    staging: _Staging,
    exported: ExportedFile,
    counts: Counter[str],
    progress: _Progress,
    workers: int | None,
) -> None:
    """One annotator's native JSONL, built from the UTF-8 the store holds (no decoding and
    re-encoding of texts): the bytes `jsonl.write` would write for `Project.doc_records`.

    On a large export the second half of the documents is rendered by a worker process into a
    part file of its own (read-only on the same project), appended when both halves are done.
    """
    ids = item.ids if item.ids is not None else project.document_ids()
    split = (
        len(ids) >= JSONL_SPLIT_MIN_DOCUMENTS
        and (workers is None or workers > 0)
        and (os.cpu_count() or 1) >= 2
    )
    half = len(ids) // 2 if split else len(ids)
    whose = (str(item.annotator), item.annotator_id, labels)  # the annotations to write
    temporary = staging.file(item.target)
    with one_worker(split) as pool:
        future = part = None
        try:
            if pool is not None:
                fd, name = tempfile.mkstemp(
                    prefix=f".{item.target.name}.", suffix=".half2", dir=temporary.parent
                )
                os.close(fd)
                part = Path(name)
                future = pool.submit(
                    _jsonl_fast_file, str(project.path), ids[half:], *whose, str(part)
                )
            totals = [_jsonl_fast_file(project, ids[:half], *whose, str(temporary), progress)]
            if future is not None:
                progress.check()
                try:
                    totals.append(future.result())
                    progress.advance(len(ids) - half)
                except BrokenProcessPool:  # the worker could not start: render it here
                    totals.append(
                        _jsonl_fast_file(project, ids[half:], *whose, str(part), progress)
                    )
                with open(temporary, "r+b") as whole, open(part, "rb") as rest:
                    _append(rest, whole)
        finally:
            if part is not None:
                if future is not None and not future.done():
                    future.cancel()
                part.unlink(missing_ok=True)
    for figures in totals:
        for key, value in figures.items():
            if key in ("documents", "spans", "relations"):
                exported.report.count(key, value)
            elif value:
                counts[key] += value
    exported.documents += len(ids)


JSONL_SPLIT_MIN_DOCUMENTS = 4_000  # below this, starting a process costs more than it saves


def _append(source: BinaryIO, target: BinaryIO) -> None:
    """Append the rest of file `source` to file `target` (not opened for appending, which
    the kernel's copy refuses), inside the kernel where it can."""
    target.seek(0, os.SEEK_END)
    target.flush()
    try:
        while os.copy_file_range(source.fileno(), target.fileno(), 64 << 20):
            pass
    except OSError:  # e.g. not supported between these file systems: copy through here
        shutil.copyfileobj(source, target, 16 << 20)


def _jsonl_fast_file(
    source: Project | str,
    ids: list[int],
    annotator: str,
    annotator_id: int,
    labels: frozenset[str] | None,
    out: str,
    progress: _Progress | None = None,
) -> Counter[str]:
    """Write the native JSONL lines of `ids` to `out`; `source` is the project, or its path
    in a worker (`store.readmodel.project_connection`). Returns documents, spans,
    relations and what the label filter dropped."""
    counts: Counter[str] = Counter()
    who = json_bytes(annotator.encode("utf-8"))
    literal: dict[str, bytes] = {}

    def label_literal(label: str) -> bytes:
        if label not in literal:
            literal[label] = json_bytes(label.encode("utf-8"))
        return literal[label]

    check = (progress or _Progress(len(ids), None, None)).check
    with project_connection(source) as conn, open(out, "wb") as stream:
        for documents, spans, relations in raw_batches(conn, ids, annotator_id, check):
            lines = []
            n_spans = n_relations = 0
            for doc_id, name, text, meta in documents:
                doc_spans = spans[doc_id]
                doc_relations = relations[doc_id]
                if labels is not None:
                    # rows as `store.readmodel.RawSpan` and `RawRelation` lay them out
                    kept = [span for span in doc_spans if span[1] in labels]
                    counts["spans_other_labels"] += len(doc_spans) - len(kept)
                    ends = {span[2] for span in kept}
                    linked = [r for r in doc_relations if r[3] in ends and r[4] in ends]
                    counts["relations_other_labels"] += len(doc_relations) - len(linked)
                    doc_spans, doc_relations = kept, linked
                n_spans += len(doc_spans)
                n_relations += len(doc_relations)
                # uuid and text of each span, then uuid, head and tail of each relation
                values = [v for span in doc_spans for v in (span[2], span[5])]
                values += [v for relation in doc_relations for v in relation[2:]]
                if _needs_escaping(values):
                    values = _escaped_all(values)
                quoted = iter(values)
                span_parts = b", ".join(
                    [
                        _SPAN_LINE
                        % (
                            next(quoted),
                            start,
                            end,
                            label_literal(label),
                            next(quoted),
                            who,
                            attributes,
                        )
                        for _, label, _, start, end, _, attributes in doc_spans
                    ]
                )
                relation_parts = b", ".join(
                    [
                        _RELATION_LINE
                        % (next(quoted), next(quoted), next(quoted), label_literal(label), who)
                        for _, label, _, _, _ in doc_relations
                    ]
                )
                lines.append(
                    b'{"id": "%d", "name": %s, "text": %s, "meta": %s, "spans": [%s], '
                    b'"relations": [%s]}\n'
                    % (
                        doc_id,
                        json_bytes(name),
                        json_bytes(text),
                        meta,
                        span_parts,
                        relation_parts,
                    )
                )
            stream.write(b"".join(lines))
            counts["documents"] += len(documents)
            counts["spans"] += n_spans
            counts["relations"] += n_relations
            if progress is not None:
                progress.advance(len(documents))
    return counts


class _NotCarried:
    """Counts relations and attributes a format without them leaves out."""

    def __init__(self, info: FormatInfo, report: ImportReport) -> None:
        self.relations = not info.carries_relations and info.name in PARALLEL_FORMATS
        self.attributes = not info.carries_attributes and info.name in PARALLEL_FORMATS
        # (doccano and spaCy count what they drop themselves)
        self.report = report

    def counted(self, batches: Iterator[list[Payload]]) -> Iterator[list[Payload]]:
        for batch in batches:
            for payload in batch:
                if self.relations and payload[5]:
                    self.report.count("relations_not_carried", len(payload[5]))
                if self.attributes:
                    with_attributes = sum(1 for span in payload[4] if span[5] != "{}")
                    if with_attributes:
                        self.report.count("attributes_not_carried", with_attributes)
            yield batch


def _merge_report(total: ImportReport, part: ImportReport) -> None:
    total.counts.update(part.counts)
    total.warnings.extend(part.warnings)
    total.skipped.extend(part.skipped)
    total.info.update(part.info)


class _Staging:
    """Temporary outputs beside their targets, renamed into place only by `commit`."""

    def __init__(self) -> None:
        self.items: list[tuple[Path, Path]] = []  # (temporary, target)
        self.committed = False

    def __enter__(self) -> _Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            for temporary, _ in self.items:
                if temporary.is_dir():
                    shutil.rmtree(temporary, ignore_errors=True)
                else:
                    temporary.unlink(missing_ok=True)

    def file(self, target: Path, *, replace: bool = False) -> Path:
        """A temporary file for `target` (`replace`: one already staged for it is reused)."""
        for temporary, staged in self.items:
            if staged == target and replace:
                return temporary
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        os.chmod(name, default_mode(0o666))
        self.items.append((Path(name), target))
        return Path(name)

    def directory(self, target: Path) -> Path:
        """A temporary directory path (not created) for the directory `target`."""
        target.parent.mkdir(parents=True, exist_ok=True)
        holder = Path(
            tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        )
        self.items.append((holder, target))
        return holder / "out"

    def commit(self) -> None:
        for temporary, target in self.items:
            if temporary.is_dir():
                _move_tree(temporary / "out", target)
                shutil.rmtree(temporary, ignore_errors=True)
            else:
                os.replace(temporary, target)
        self.committed = True


def _move_tree(source: Path, target: Path) -> None:
    """Move the directory `source` to `target`, or its files into `target` if it exists."""
    if not source.exists():
        source.mkdir()
    if not target.exists():
        os.replace(source, target)
        return
    if not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a directory")
    for item in source.iterdir():
        destination = target / item.name
        if destination.is_dir() and item.is_dir():
            _move_tree(item, destination)
        else:
            os.replace(item, destination)
