"""doccano JSONL: ``{"text", "label": [[start, end, "LABEL"], ...]}`` per line.

Also the relation-extraction variant ``{"text", "entities": [{"id", "start_offset",
"end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}``.
Offsets are code points (doccano is Python), end-exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord
from annotator.rules import span_problem

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Sink,
    Source,
    open_output,
    read_json_lines,
    source_name,
)
from ._json import json_line, raw_json
from .jsonl import load_json_object

RESERVED = frozenset({"id", "name", "meta", "entities", "relations"})


def read(
    source: Source,
    *,
    path: str | None = None,
    text_key: str = "text",
    label_key: str = "label",
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read doccano JSONL (sequence labelling or relation extraction export).

    A row without ``text_key`` (doccano's own test data has one), malformed JSON or a span
    out of range raises :class:`InputError`, or is skipped and reported with ``skip_bad``.
    Exact duplicate spans are kept once and reported (``spans_duplicate``). A ``label`` list
    of plain strings (text classification) is kept in ``meta["categories"]``. The key
    ``id`` becomes the document id, ``name`` its name; ``meta`` (an object) and any other
    key go into ``DocRecord.meta``. A file none of whose rows holds a label (no
    ``label_key`` or ``entities``, or all empty) is a warning naming it (``no_labels``).
    """
    report = report if report is not None else ImportReport()
    found = _Labels()
    rows = read_json_lines(
        source,
        path,
        report,
        lambda line, name, number: _parse(line, name, number, text_key, label_key, report, found),
        skip_bad=skip_bad,
        relations=True,
        unit="row",
        encoding=encoding,
    )
    rows_read = 0
    for doc in rows:
        rows_read += 1
        yield doc
    if rows_read and not found.labelled:
        report.warn(source_name(source, path), None, found.problem(label_key), "no_labels")


class _Labels:
    """What the rows of a file held where labels go (the label key, ``entities``)."""

    def __init__(self) -> None:
        self.keys = False  # a row had the label key or "entities"
        self.labelled = False  # ... not empty
        self.other_keys: dict[str, None] = {}  # other keys of the rows, in order

    def problem(self, label_key: str) -> str:
        if self.keys:
            return f"every row's {label_key!r} and 'entities' is empty: no annotations imported"
        others = ", ".join(repr(key) for key in list(self.other_keys)[:8]) or "none"
        return (
            f"no row has a {label_key!r} or 'entities' key (other keys: {others}): "
            "no annotations imported; name the label key with --label-key"
        )


def _parse(
    line: str,
    name: str,
    number: int,
    text_key: str,
    label_key: str,
    report: ImportReport,
    found: _Labels,
) -> DocRecord:
    obj = load_json_object(line, name, number)

    def fail(message: str) -> InputError:
        return InputError(name, number, message)

    text = obj.get(text_key)
    if text is None:
        raise fail(f"row has no {text_key!r}")
    if not isinstance(text, str):
        raise fail(f"{text_key!r} is not a string")

    spans: list[SpanRecord] = []
    relations: list[RelationRecord] = []
    seen: set[tuple[int, int, str]] = set()
    meta: dict[str, Any] = {}

    def add_span(start: Any, end: Any, label: Any, span_id: str | None, where: str) -> None:
        problem = span_problem(text, start, end)
        if problem:
            raise fail(f"{where}: {problem}")
        if not isinstance(label, str) or not label:
            raise fail(f"{where}: label must be a non-empty string")
        key = (start, end, label)
        if key in seen and span_id is None:
            message = f"{where}: duplicate span {start}-{end} {label} dropped"
            report.warn(name, number, message, "spans_duplicate")
            return
        seen.add(key)
        spans.append(
            SpanRecord(start=start, end=end, label=label, id=span_id, text=text[start:end])
        )

    labels = obj.get(label_key)
    if labels is not None:
        if not isinstance(labels, list):
            raise fail(f"{label_key!r} must be a list")
        if labels and all(isinstance(item, str) for item in labels):
            meta["categories"] = labels
        else:
            for index, item in enumerate(labels):
                where = f"{label_key} {index + 1}"
                if not isinstance(item, list) or len(item) != 3:
                    raise fail(f"{where}: expected [start, end, label], found {item!r}")
                add_span(item[0], item[1], item[2], None, where)

    entities = obj.get("entities")
    if entities is not None:
        if not isinstance(entities, list):
            raise fail("'entities' must be a list")
        for index, entity in enumerate(entities):
            where = f"entity {index + 1}"
            if not isinstance(entity, dict):
                raise fail(f"{where}: expected an object")
            entity_id = entity.get("id")
            if entity_id is None:
                raise fail(f"{where}: no 'id'")
            span_id = str(entity_id)
            if any(span.id == span_id for span in spans):
                raise fail(f"{where}: duplicate entity id {entity_id!r}")
            start, end = entity.get("start_offset"), entity.get("end_offset")
            span_key = (start, end, entity.get("label"))
            if span_key in seen:
                report.warn(name, number, f"{where}: duplicates another span", "spans_duplicate")
            add_span(start, end, entity.get("label"), span_id, where)

    raw_relations = obj.get("relations")
    if raw_relations is not None:
        if not isinstance(raw_relations, list):
            raise fail("'relations' must be a list")
        ids = {span.id for span in spans if span.id is not None}
        for index, raw in enumerate(raw_relations):
            where = f"relation {index + 1}"
            if not isinstance(raw, dict):
                raise fail(f"{where}: expected an object")
            head, tail = str(raw.get("from_id")), str(raw.get("to_id"))
            if head not in ids or tail not in ids:
                raise fail(f"{where}: from_id/to_id {head}/{tail} name no entity")
            label = raw.get("type")
            if not isinstance(label, str) or not label:
                raise fail(f"{where}: 'type' must be a non-empty string")
            rel_id = raw.get("id")
            relations.append(
                RelationRecord(
                    head=head, tail=tail, label=label, id=None if rel_id is None else str(rel_id)
                )
            )

    if not found.labelled:
        found.keys = found.keys or labels is not None or entities is not None
        found.labelled = bool(spans or meta.get("categories"))
        for key in obj:
            if key not in (text_key, "id", "name", "meta") and len(found.other_keys) < 20:
                found.other_keys[key] = None
    extra_meta = obj.get("meta")
    if isinstance(extra_meta, dict):
        meta.update(extra_meta)
    elif extra_meta is not None:
        meta["meta"] = extra_meta
    for key, value in obj.items():
        if key not in RESERVED and key not in (text_key, label_key):
            meta[key] = value
    doc_id = obj.get("id")
    doc_name = obj.get("name")
    return DocRecord(
        text=text,
        name=doc_name if isinstance(doc_name, str) else "",
        id=None if doc_id is None else str(doc_id),
        meta=meta,
        spans=spans,
        relations=relations,
        line=number,
        source=name,
    )


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    relations: bool = False,
    report: ImportReport | None = None,
) -> ImportReport:
    """Write doccano JSONL to ``out``.

    Default: ``{"id", "name", "text", "label": [[start, end, label], ...], "meta"}`` (``id``
    and ``name`` only when set, ``meta`` only when not empty). ``relations=True`` writes the
    relation-extraction variant: entities numbered 0.. within each document. doccano has no
    span attributes or annotators: they are left out and counted (``attributes_dropped``).
    """
    report = report if report is not None else ImportReport()
    with open_output(out) as stream:
        for doc in docs:
            row: dict[str, Any] = {}
            if doc.id is not None:
                row["id"] = doc.id
            if doc.name:
                row["name"] = doc.name
            row["text"] = doc.text
            if relations:
                number = {}
                entities = []
                for index, span in enumerate(doc.spans):
                    if span.id is not None:
                        number[span.id] = index
                    entities.append(
                        {
                            "id": index,
                            "start_offset": span.start,
                            "end_offset": span.end,
                            "label": span.label,
                        }
                    )
                row["entities"] = entities
                row["relations"] = []
                for relation in doc.relations:
                    if relation.head not in number or relation.tail not in number:
                        message = f"relation {relation.label} names a span that has no id"
                        report.skip(doc.source or doc.name, doc.line, message, "relations_dropped")
                        continue
                    row["relations"].append(
                        {
                            "id": len(row["relations"]),
                            "from_id": number[relation.head],
                            "to_id": number[relation.tail],
                            "type": relation.label,
                        }
                    )
            else:
                row["label"] = [[span.start, span.end, span.label] for span in doc.spans]
                if doc.relations:
                    report.count("relations_dropped", len(doc.relations))
            if doc.meta:
                row["meta"] = raw_json(doc.meta)
            dropped = sum(1 for span in doc.spans if span.attributes)
            if dropped:
                report.count("attributes_dropped", dropped)
            stream.write(json_line(row).decode("utf-8"))
            report.count("documents")
            report.count("spans", len(doc.spans))
    return report
