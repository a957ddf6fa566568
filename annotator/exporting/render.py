"""The render stage: documents to the bytes of a format, by the format's own codec, in
chunks; large exports of formats whose FormatInfo says ``parallel_render="chunks"`` (CoNLL,
Hugging Face, spaCy: tokenizing is their cost) in worker processes, order kept, a bounded
number of chunks in flight.

A lossless format (native JSONL) is rendered from the rows as stored
(`formats.jsonl.stored_line`), the others from DocRecords (`doc_record`) by their `write`.
"""

from __future__ import annotations

import io
import itertools
import json
import os
from collections.abc import Iterator
from contextlib import closing
from typing import Any

from annotator.formats import FormatInfo, ImportReport, get_format
from annotator.model import DocRecord, NoteRecord, RelationRecord, SpanRecord
from annotator.workers import in_order, spawn_pool

from .read import Payload

__all__ = ["CHUNK", "Renderer", "doc_record", "rechunked", "render_chunk", "workers_for"]

CHUNK = 100  # documents per rendering task
_CHUNKS_IN_FLIGHT = 3  # per worker
# Below this many documents to write, rendering stays in this process.
PARALLEL_MIN_DOCUMENTS = 2000


def workers_for(info: FormatInfo, requested: int | None, total: int) -> int:
    """How many processes render `total` documents in `info`'s format (`requested`: the
    user's choice; None: automatic)."""
    if info.parallel_render != "chunks":
        return 0
    if requested is not None:
        return max(0, requested)
    if total < PARALLEL_MIN_DOCUMENTS:
        return 0
    return min(2, os.cpu_count() or 1)


def doc_record(payload: Payload, *, light: bool = False) -> DocRecord:
    """A payload as a DocRecord (`light`: without metadata and attributes)."""
    doc_id, name, text, meta, spans, relations, tokens, doc_labels, notes = payload
    on: dict[str | None, list[NoteRecord]] = {}
    for note in () if light else notes:
        on.setdefault(note.on, []).append(note.record())
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
                annotator,
                {} if light or attrs == "{}" else json.loads(attrs),
                text[start:end],
                suggested_by=None if light or by is None else json.loads(by),
                notes=on.get(uuid, []),
            )
            for uuid, start, end, label, annotator, attrs, by in spans
        ],
        relations=[
            RelationRecord(head, tail, label, uuid, annotator)
            for uuid, head, tail, label, annotator in relations
        ],
        tokens=tokens,
        doc_labels=doc_labels,
        notes=on.get(None, []),
    )


def render_chunk(fmt: str, chunk: list[Payload], options: dict) -> tuple[bytes, ImportReport]:
    """The UTF-8 text of a run of documents in the file format `fmt`, and the writer's
    report. Formats that carry neither metadata nor attributes, nor count what they leave out,
    get documents without them (cheaper)."""
    info = get_format(fmt)
    report = ImportReport()
    if info.lossless:
        stored_line = info.module.stored_line
        translit = options.get("translit")
        for payload in chunk:
            report.count("documents")
            report.count("spans", len(payload.spans))
            report.count("relations", len(payload.relations))
        return b"".join([stored_line(*payload, translit=translit) for payload in chunk]), report
    light = not (info.carries_meta or info.carries_attributes or info.counts_losses)
    buffer = io.StringIO()
    docs = [doc_record(payload, light=light) for payload in chunk]
    info.module.write(docs, buffer, report=report, **options)
    return buffer.getvalue().encode("utf-8"), report


def _render_counted(
    fmt: str, chunk: list[Payload], options: dict
) -> tuple[int, bytes, ImportReport]:
    return len(chunk), *render_chunk(fmt, chunk, options)


class Renderer:
    """Renders chunks in order, here or in `workers` processes with a bounded queue."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Any = None

    def __enter__(self) -> Renderer:
        if self.workers > 0:
            self.pool = spawn_pool(self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def rendered(
        self, fmt: str, batches: Iterator[list[Payload]], options: dict
    ) -> Iterator[tuple[int, bytes, ImportReport]]:
        """(documents, UTF-8 text, report) per chunk of `CHUNK` documents, in order; a chunk
        the worker processes cannot render (e.g. a spawned interpreter cannot import the main
        module) is rendered here."""
        tasks = ((fmt, chunk, options) for chunk in rechunked(batches, CHUNK))
        if self.pool is None:
            yield from itertools.starmap(_render_counted, tasks)
            return
        limit = self.workers * _CHUNKS_IN_FLIGHT
        with closing(in_order(tasks, _render_counted, _render_counted, self.pool, limit)) as done:
            yield from done


def rechunked(batches: Iterator[list[Payload]], size: int) -> Iterator[list[Payload]]:
    chunk: list[Payload] = []
    for batch in batches:
        for payload in batch:
            chunk.append(payload)
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk
