"""spaCy/Prodigy-style JSONL: ``{"text", "spans": [{"start", "end", "label"}], "meta"}``.

Character offsets are code points, end-exclusive (what ``Doc.char_span`` takes).
``meta`` carries the document's ``id`` and ``name`` next to its own metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.model import DocRecord, InputError, SpanRecord
from annotator.rules import span_problem

from ._common import (
    ImportReport,
    Sink,
    Source,
    open_output,
    read_json_lines,
)
from ._json import json_line, raw_json
from .jsonl import load_json_object


def write(
    docs: Iterable[DocRecord], out: Sink, *, report: ImportReport | None = None
) -> ImportReport:
    """Write one ``{"text", "spans", "meta"}`` object per line.

    Relations, attributes and annotators are not part of the format: they are counted as
    ``relations_dropped`` / ``attributes_dropped``.
    """
    report = report if report is not None else ImportReport()
    with open_output(out) as stream:
        for doc in docs:
            meta: dict[str, Any] = dict(doc.meta)
            if doc.id is not None:
                meta["id"] = doc.id
            if doc.name:
                meta["name"] = doc.name
            row = {
                "text": doc.text,
                "spans": [
                    {"start": span.start, "end": span.end, "label": span.label}
                    for span in doc.spans
                ],
                "meta": raw_json(meta),
            }
            stream.write(json_line(row).decode("utf-8"))
            report.count("documents")
            report.count("spans", len(doc.spans))
            if doc.relations:
                report.count("relations_dropped", len(doc.relations))
            dropped = sum(1 for span in doc.spans if span.attributes)
            if dropped:
                report.count("attributes_dropped", dropped)
    return report


def read(
    source: Source,
    *,
    path: str | None = None,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read spaCy-style JSONL; ``meta.id``/``meta.name`` become the document id and name.

    A span may carry ``text``, which must equal the slice of the document.
    """
    report = report if report is not None else ImportReport()
    yield from read_json_lines(source, path, report, _parse, skip_bad=skip_bad, relations=False)


def _parse(line: str, name: str, number: int) -> DocRecord:
    obj = load_json_object(line, name, number)

    def fail(message: str) -> InputError:
        return InputError(name, number, message)

    text = obj.get("text")
    if not isinstance(text, str):
        raise fail("'text' missing or not a string")
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise fail("'spans' must be a list")
    spans = []
    for index, raw in enumerate(raw_spans):
        where = f"span {index + 1}"
        if not isinstance(raw, dict):
            raise fail(f"{where}: expected an object")
        start: Any = raw.get("start")  # an int once span_problem passes it
        end: Any = raw.get("end")
        label = raw.get("label")
        if problem := span_problem(text, start, end):
            raise fail(f"{where}: {problem}")
        if not isinstance(label, str) or not label:
            raise fail(f"{where}: 'label' missing or not a string")
        given = raw.get("text")
        if given is not None and given != text[start:end]:
            raise fail(f"{where}: text {given!r} does not match the document at {start}-{end}")
        spans.append(SpanRecord(start=start, end=end, label=label, text=text[start:end]))
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise fail("'meta' must be an object")
    meta = dict(meta)
    doc_id = meta.pop("id", None)
    doc_name = meta.pop("name", "")
    return DocRecord(
        text=text,
        name=doc_name if isinstance(doc_name, str) else str(doc_name),
        id=None if doc_id is None else str(doc_id),
        meta=meta,
        spans=spans,
        line=number,
        source=name,
    )
