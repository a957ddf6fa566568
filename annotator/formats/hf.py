"""Hugging Face token classification JSONL (write only): one sentence per line.

``{"id", "doc_id", "tokens": [...], "ner_tags": [...], "ner_tags_<LABEL>": [...]}`` with
integer tags, plus a ``labels.json`` file naming the tag ids (``id2label``/``label2id``).
``ner_tags`` is one layer where overlaps are resolved by label priority; with ``nested``
(the default) each label also gets its own field, so nested spans of different labels survive.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.model import DocRecord

from ._common import ImportReport, Sink, open_output
from ._json import json_line
from ._tags import Placed, align, by_priority, doc_where, encode, normalise_scheme, trimmed_spans


def tag_names(labels: Sequence[str], scheme: str = "IOB2") -> list[str]:
    """The tag list, index = tag id: ``O``, then per label ``B-``, ``I-`` (and ``E-``, ``S-``)."""
    scheme = normalise_scheme(scheme)
    prefixes = "BIES" if scheme == "BIOES" else "BI"
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in prefixes]


def field_name(label: str) -> str:
    """The per-label field: ``ner_tags_<LABEL>``."""
    return f"ner_tags_{label}"


def labels_spec(labels: Sequence[str], scheme: str = "IOB2", nested: bool = True) -> dict:
    """The content of ``labels.json``."""
    scheme = normalise_scheme(scheme)
    tags = tag_names(labels, scheme)
    fields = ["ner_tags"] + ([field_name(label) for label in labels] if nested else [])
    return {
        "scheme": scheme,
        "labels": list(labels),
        "tags": tags,
        "id2label": {str(index): tag for index, tag in enumerate(tags)},
        "label2id": {tag: index for index, tag in enumerate(tags)},
        "fields": fields,
    }


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    labels: Sequence[str],
    labels_out: str | os.PathLike[str] | None = None,
    scheme: str = "IOB2",
    priority: Sequence[str] | None = None,
    nested: bool = True,
    report: ImportReport | None = None,
    tokenize: Callable | None = None,
    split_sentences: Callable | None = None,
) -> ImportReport:
    """Write one JSON object per sentence to ``out`` and the tag list to ``labels_out``.

    labels: the entity labels (fixes the tag ids and the per-label fields; spans with other
        labels are dropped and counted as ``spans_unknown_label``).
    labels_out: where ``labels.json`` goes; default: ``labels.json`` beside ``out`` when
        ``out`` is a path, nowhere when it is a stream (see :func:`labels_spec`).
    priority: label order for ``ner_tags`` (default: ``labels``); overlapping lower-priority
        spans are left out of that field (``spans_dropped_overlap``). A same-label span
        inside another is left out of its ``ner_tags_<LABEL>`` field too.
    """
    scheme = normalise_scheme(scheme)
    labels = list(labels)
    order = list(priority) if priority is not None else labels
    spec = labels_spec(labels, scheme, nested)
    tag_id = spec["label2id"]
    report = report if report is not None else ImportReport()
    if labels_out is None and isinstance(out, str | os.PathLike):
        labels_out = Path(out).with_name("labels.json")
    with open_output(out) as stream:
        for index, doc in enumerate(docs):
            for row in _rows(
                doc, index, labels, order, nested, scheme, tag_id, report, tokenize, split_sentences
            ):
                stream.write(json_line(row).decode("utf-8"))
    if labels_out is not None:
        with open_output(labels_out) as stream:
            stream.write(side_text(labels, scheme, nested))
    return report


def side_text(labels: Sequence[str], scheme: str = "IOB2", nested: bool = True, **_: Any) -> str:
    """The content of ``labels.json`` (the format's side file) for these writer options."""
    return json.dumps(labels_spec(labels, scheme, nested), ensure_ascii=False, indent=2) + "\n"


def _rows(
    doc: DocRecord,
    index: int,
    labels: list[str],
    order: list[str],
    nested: bool,
    scheme: str,
    tag_id: dict[str, int],
    report: ImportReport,
    tokenize: Callable | None,
    split_sentences: Callable | None,
) -> list[dict[str, Any]]:
    where = doc_where(doc)
    items = []
    for item in trimmed_spans(doc, report):
        if f"B-{item.label}" in tag_id:
            items.append(item)
        else:
            message = f"span {item.span.start}-{item.span.end}: label {item.label!r} not in labels"
            report.skip(where, doc.line, message, "spans_unknown_label")
    fields: list[tuple[str, list[Placed]]] = [
        ("ner_tags", by_priority(items, order, report, where, doc.line))
    ]
    if nested:
        quiet = ImportReport()  # per-label fields only lose same-label nesting: just count it
        for label in labels:
            same = [item for item in items if item.label == label]
            fields.append((field_name(label), by_priority(same, [], quiet, where, None)))
        if quiet.counts:
            report.count("spans_nested_same_label", quiet.counts["spans_dropped_overlap"])
    kept = list({id(item): item for _, layer in fields for item in layer}.values())
    aligned = align(doc, kept, report, split_sentences=split_sentences, tokenize=tokenize)
    token_range = {id(item): placed for item, placed in zip(kept, aligned.placed, strict=True)}
    n_tokens = len(aligned.starts)
    sentence_start = [False] * n_tokens
    for position in aligned.sentence_starts:
        sentence_start[position] = True
    columns = []
    for _, layer in fields:
        on_tokens = [token_range[id(item)] for item in layer]
        placed = [item for item in on_tokens if item is not None]
        columns.append([tag_id[tag] for tag in encode(placed, n_tokens, scheme, sentence_start)])
    text = doc.text
    tokens = [text[start:end] for start, end in zip(aligned.starts, aligned.ends, strict=True)]
    doc_id = doc.id if doc.id is not None else str(index + 1)
    bounds = aligned.sentence_starts + [n_tokens]
    rows = []
    for number, (first, last) in enumerate(zip(bounds, bounds[1:], strict=False)):
        row: dict[str, Any] = {"id": f"{doc_id}-{number + 1}", "doc_id": doc_id}
        row["tokens"] = tokens[first:last]
        for (name, _), column in zip(fields, columns, strict=True):
            row[name] = column[first:last]
        rows.append(row)
    report.count("documents")
    report.count("sentences", len(rows))
    report.count("tokens", n_tokens)
    report.count("spans", len(fields[0][1]))
    return rows
