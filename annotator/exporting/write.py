"""The write stage: each output rendered into a temporary file (or folder) staged beside its
target (`annotator.files.Staging`); the pipeline commits them all at the end. A folder, or a
file that FormatInfo says is written whole (``whole_file``: a JSON array), is written by one
call of the format's writer; other files are rendered in chunks (`render`).

A large export in a format whose FormatInfo says ``parallel_render="shares"`` (native JSONL:
rendering is cheaper than sending the documents to another process) is written in two shares:
this process renders the first half of the documents while a worker process reads the second
half from the project file itself (read-only) into a scratch file, appended when both are
done.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, BinaryIO

from annotator.files import Staging, append_file
from annotator.formats import FormatInfo, ImportReport, get_format
from annotator.model import DocRecord
from annotator.store.readmodel import SPAN_ATTRIBUTES, ReadSource, project_connection
from annotator.workers import one_worker

from .options import ExportedFile
from .read import Payload, Progress, Selection, payloads
from .render import CHUNK, Renderer, doc_record, rechunked, render_chunk
from .select import Output

if TYPE_CHECKING:
    from annotator.store import Project

__all__ = ["SHARE_MIN_DOCUMENTS", "render_share", "write_output"]

SHARE_MIN_DOCUMENTS = 4_000  # below this, starting a process costs more than it saves


def write_output(
    project: Project,
    output: Output,
    selection: Selection,
    info: FormatInfo,
    staging: Staging,
    renderer: Renderer,
    options: dict,
    exported: ExportedFile,
    counts: Counter[str],
    progress: Progress,
    workers: int | None,
) -> None:
    """Stage `output` in `info`'s format; count into `exported` (the writer's figures) and
    `counts` (what the selection left out). `workers`: the user's choice (0: none)."""
    report = exported.report

    def batches(ids: list[int] | None) -> Iterator[list[Payload]]:
        read = payloads(project, ids, selection, counts, progress.check)
        return _not_carried(read, info, report)

    if info.folder or info.whole_file:

        def docs() -> Iterator[DocRecord]:
            for batch in batches(output.ids):
                for payload in batch:
                    yield doc_record(payload)
                exported.documents += len(batch)
                progress.advance(len(batch))

        staged = staging.directory if info.folder else staging.file
        info.module.write(docs(), staged(output.target), report=report, **options)
        return
    ids = output.ids
    head = ""
    if info.file_layout:  # the same columns in every chunk: fixed from the spans first
        options = _with_file_layout(project, ids, selection, info, options, progress, workers)
        head = info.module.head_text(**options)
        options = {**options, "head": False}
    shared = _shared_ids(project, ids, workers) if info.parallel_render == "shares" else None
    with open(staging.file(output.target), "wb") as stream, one_worker(bool(shared)) as pool:
        stream.write(head.encode("utf-8"))
        if pool is None or not shared:
            _render_into(stream, batches(ids), renderer, info, options, exported, progress)
        else:
            half = len(shared) // 2
            part = staging.scratch(output.target)
            future = pool.submit(
                render_share, str(project.path), shared[half:], selection, info.name, options, part
            )
            _render_into(
                stream, batches(shared[:half]), renderer, info, options, exported, progress
            )
            progress.check()
            try:
                documents, part_report, part_counts = future.result()
            except BrokenProcessPool:  # the worker could not start: render the share here
                rest = batches(shared[half:])
                _render_into(stream, rest, renderer, info, options, exported, progress)
            else:
                with open(part, "rb") as rest_file:
                    append_file(rest_file, stream)
                _merge_report(report, part_report)
                counts.update(part_counts)
                exported.documents += documents
                progress.advance(documents)
    if info.side_file is not None:
        side = staging.file(output.target.with_name(info.side_file), replace=True)
        side.write_text(info.module.side_text(**options), encoding="utf-8")


def _with_file_layout(
    project: Project,
    ids: list[int] | None,
    selection: Selection,
    info: FormatInfo,
    options: dict,
    progress: Progress,
    workers: int | None,
) -> dict:
    """`options` with what `info`'s `file_layout` fixes from the spans of the documents `ids`
    as `selection` exports them: a first pass over the documents that renders nothing. For a
    large export a worker process reads the second half of them from the project file itself
    (`layout_share`) while this one reads the first; their `layout_facts` are combined."""

    def here(part: list[int] | None) -> dict:
        return _layout_facts(project, part, selection, info.name, options, progress.check)

    shared = _shared_ids(project, ids, workers)
    facts: list[dict] = []
    with one_worker(bool(shared)) as pool:
        if pool is None or not shared:
            facts.append(here(ids))
        else:
            half = len(shared) // 2
            args = (str(project.path), shared[half:], selection, info.name, options)
            future = pool.submit(layout_share, *args)
            facts.append(here(shared[:half]))
            try:
                facts.append(future.result())
            except BrokenProcessPool:  # the worker could not start: the share is read here
                facts.append(here(shared[half:]))
    return {**options, **info.module.layout_from_facts(facts, **options)}


def _shared_ids(project: Project, ids: list[int] | None, workers: int | None) -> list[int]:
    """The documents (`ids`; None: every one) to split with one worker process, which reads
    its half from the project file itself; empty when no worker may run (`workers` 0, one
    core) or too few documents make a second process pay."""
    if workers == 0 or (os.cpu_count() or 1) < 2:
        return []
    ids = ids if ids is not None else project.document_ids()
    return ids if len(ids) >= SHARE_MIN_DOCUMENTS else []


def _layout_facts(
    source: ReadSource,
    ids: list[int] | None,
    selection: Selection,
    fmt: str,
    options: dict,
    check: Callable[[], None],
) -> dict:
    """The `layout_facts` of the documents `ids` as `selection` exports them (spans only)."""

    def docs() -> Iterator[DocRecord]:
        for batch in payloads(source, ids, selection, Counter(), check, spans_only=True):
            for payload in batch:
                yield doc_record(payload, light=True)

    return get_format(fmt).module.layout_facts(docs, **options)


def layout_share(path: str, ids: list[int], selection: Selection, fmt: str, options: dict) -> dict:
    """In a worker: the `layout_facts` of the documents `ids` of the project file `path`
    (read-only)."""
    with project_connection(path) as conn:
        return _layout_facts(conn, ids, selection, fmt, options, lambda: None)


def _render_into(
    stream: BinaryIO,
    batches: Iterator[list[Payload]],
    renderer: Renderer,
    info: FormatInfo,
    options: dict,
    exported: ExportedFile,
    progress: Progress,
) -> None:
    for size, text, part in renderer.rendered(info.name, batches, options):
        stream.write(text)
        _merge_report(exported.report, part)
        exported.documents += size
        progress.advance(size)
        progress.check()


def render_share(
    path: str, ids: list[int], selection: Selection, fmt: str, options: dict, out: os.PathLike
) -> tuple[int, ImportReport, Counter[str]]:
    """In a worker: render the documents `ids` of the project file `path` (read-only) into the
    file `out`; returns how many, the writer's report and what the selection left out."""
    info = get_format(fmt)
    report = ImportReport()
    counts: Counter[str] = Counter()
    with project_connection(path) as conn, open(out, "wb") as stream:
        read = _not_carried(payloads(conn, ids, selection, counts, lambda: None), info, report)
        for chunk in rechunked(read, CHUNK):
            text, part = render_chunk(fmt, chunk, options)
            stream.write(text)
            _merge_report(report, part)
    return len(ids), report, counts


def _not_carried(
    batches: Iterator[list[Payload]], info: FormatInfo, report: ImportReport
) -> Iterator[list[Payload]]:
    """`batches`, counting the relations and the spans with attributes `info` cannot carry
    (when its writer does not count them itself)."""
    relations = not info.carries_relations and not info.counts_losses
    attributes = not info.carries_attributes and not info.counts_losses
    for batch in batches:
        for payload in batch:
            if relations and payload.relations:
                report.count("relations_not_carried", len(payload.relations))
            if attributes:
                with_attributes = sum(1 for span in payload.spans if span[SPAN_ATTRIBUTES] != "{}")
                if with_attributes:
                    report.count("attributes_not_carried", with_attributes)
        yield batch


def _merge_report(total: ImportReport, part: ImportReport) -> None:
    total.counts.update(part.counts)
    total.warnings.extend(part.warnings)
    total.skipped.extend(part.skipped)
    total.info.update(part.info)
