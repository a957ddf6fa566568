"""Import annotated corpora into a project: CoNLL, brat, doccano, spaCy-style and native JSONL.

`import_annotated(project, paths, fmt, annotator=...)` reads every path with the format's codec
(`annotator.formats`) and stores the documents with their spans, relations and attributes as
`annotator`'s annotations (`Project.import_records`), all in ONE transaction: a bad file among
good ones imports nothing. A document whose text is already in the project (same sha256)
receives the annotations instead of being duplicated, so several annotators' files of the same
texts can be imported one after another. The codecs' leniencies (e.g. CoNLL `I-` tags without
`B-`) are collected in the report.

Documents are prepared as table rows (`annotator.store.bulk`: hashing, search index words,
span, attribute and relation checks, UUIDs) and written a chunk at a time; native JSONL of some
size is parsed and prepared in worker processes while this process writes. The result is the
same as reading it here. With `skip_bad` documents are stored one at a time, so that a refused
one alone is left out.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from annotator.formats import FORMATS, ImportReport, Notice, get_format
from annotator.model import BatchError, DocRecord, InputError
from annotator.store import ImportSummary
from annotator.workers import in_order, spawn_pool, spool_folder

if TYPE_CHECKING:
    from annotator.store import PreparedDocument, Project
    from annotator.store.bulk import ImportContext, PreparedChunk

__all__ = ["AnnotatedImportReport", "import_annotated", "readable_formats"]

# A folder given for a line-based format stands for the files in it with these suffixes.
FOLDER_SUFFIXES = {
    "conll": (".conll", ".conllu", ".txt", ".tsv", ".iob", ".iob2", ".bio", ".bioes"),
    "jsonl": (".jsonl", ".json"),
    "doccano": (".jsonl", ".json"),
    "spacy": (".jsonl", ".json"),
}
# Native JSONL inputs at least this large are parsed in worker processes (when allowed).
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
_BYTES_PER_TASK = 2 * 1024 * 1024  # of the file read by a worker at once (whole lines)
_SCAN_BYTES = 64 * 1024  # read at once while looking for the end of a line
_TASKS_IN_FLIGHT = 2  # per worker
_WORKER_GC_THRESHOLD = 50_000


def readable_formats() -> list[str]:
    """Names of the formats `import_annotated` accepts."""
    return [name for name, info in FORMATS.items() if info.can_read]


@dataclass(kw_only=True)
class AnnotatedImportReport(ImportSummary):
    """What `import_annotated` did (the store's `ImportSummary`), and what the readers
    tolerated or left out."""

    format: str
    annotator: str
    files: list[str] = field(default_factory=list)
    marked_done: int = 0
    reader: ImportReport = field(default_factory=ImportReport)
    rejected: list[Notice] = field(default_factory=list)  # documents the store refused (skip_bad)

    @property
    def documents(self) -> int:
        return self.documents_added + self.documents_matched

    def summary(self) -> str:
        """Several lines for people: what was imported, then leniencies and skipped items."""
        lines = [
            f"imported {self.documents:,} document(s) for {self.annotator} from "
            f"{len(self.files)} {self.format} input(s): {self.documents_added:,} new, "
            f"{self.documents_matched:,} already in the project (annotations added to them)",
            f"spans: {self.spans_added:,} added, {self.spans_duplicate:,} already there; "
            f"relations: {self.relations_added:,} added",
        ]
        if self.marked_done:
            lines.append(f"marked done for {self.annotator}: {self.marked_done:,} document(s)")
        if self.labels_added:
            lines.append(f"labels added to the schema: {', '.join(self.labels_added)}")
        leniencies = {
            key: value
            for key, value in sorted(self.reader.counts.items())
            if key not in ("documents", "spans", "relations", "sentences", "tokens")
        }
        if leniencies:
            lines.append("reader: " + ", ".join(f"{k} {v:,}" for k, v in leniencies.items()))
        if "scheme" in self.reader.info:
            lines.append(f"tag scheme: {self.reader.info['scheme']}")
        lines += _listed("warning", self.reader.warnings)
        lines += _listed("skipped", self.reader.skipped)
        lines += _listed("rejected", self.rejected)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        def notices(items: list[Notice]) -> list[dict[str, Any]]:
            return [
                {"path": n.path, "line": n.line, "message": n.message, "kind": n.kind}
                for n in items
            ]

        return {
            "format": self.format,
            "annotator": self.annotator,
            "files": self.files,
            "documents_added": self.documents_added,
            "documents_matched": self.documents_matched,
            "spans_added": self.spans_added,
            "spans_duplicate": self.spans_duplicate,
            "relations_added": self.relations_added,
            "labels_added": self.labels_added,
            "marked_done": self.marked_done,
            "document_ids": self.document_ids,
            "reader_counts": dict(self.reader.counts),
            "reader_info": dict(self.reader.info),
            "warnings": notices(self.reader.warnings),
            "skipped": notices(self.reader.skipped),
            "rejected": notices(self.rejected),
        }


_MAX_LISTED = 20


def _listed(kind: str, notices: list[Notice]) -> list[str]:
    lines = [f"  {kind} {notice}" for notice in notices[:_MAX_LISTED]]
    if len(notices) > _MAX_LISTED:
        lines.append(f"  ... and {len(notices) - _MAX_LISTED:,} more {kind} item(s)")
    return lines


def import_annotated(
    project: Project,
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    *,
    annotator: str,
    done: bool = False,
    skip_bad: bool = False,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    **reader_options: Any,
) -> AnnotatedImportReport:
    """Import annotated files in format `fmt` as `annotator`'s annotations, all or nothing.

    paths: files, or folders (brat: a folder of ``.ann``/``.txt``; line formats: the files
        in it with the format's suffixes, see `FOLDER_SUFFIXES`, recursively, sorted).
    done: mark every imported document done for `annotator`.
    skip_bad: leave out bad rows/sentences/documents (the codecs' ``skip_bad``), missing
        inputs, and documents the store refuses (e.g. an attribute value the label schema does
        not allow); each is listed in the report. Without it the first problem raises
        `InputError` (a missing input: `BatchError` listing every one) and nothing is written.
    workers: processes parsing native JSONL (None: automatic, 0: none).
    progress: called with 1 per document stored.
    reader_options: passed to the format's ``read`` (e.g. ``scheme="IOB1"`` for CoNLL).
    """
    info = get_format(fmt)
    if not info.can_read:
        known = ", ".join(readable_formats())
        raise ValueError(f"format {info.name!r} cannot be imported; importable: {known}")
    annotator = annotator.strip()
    if not annotator:
        raise ValueError("imported annotations need an annotator name")
    result = AnnotatedImportReport(format=info.name, annotator=annotator)
    sources, missing = _collect(paths, info.name)
    project.refuse_own_files(sources, "read")
    if missing and not skip_bad:
        raise BatchError(missing)
    for error in missing:
        result.reader.skip(error.path, error.line, error.message, "missing_inputs")
    result.files = [str(source) for source in sources]

    def rejected(record: DocRecord, error: ValueError) -> None:
        where = record.source or record.name
        result.rejected.append(Notice(where, record.line, f"{error}; document not imported"))

    if skip_bad:
        records = _records(sources, info.name, workers, result.reader, reader_options)
        if progress is not None:
            records = _counted(records, progress)
        summary = project.import_records(records, annotator, done=done, on_error=rejected)
    else:
        chunks = _Chunks(sources, info.name, workers, result.reader, reader_options, progress)
        summary = project.import_records(chunks, annotator, done=done)
    result.merge(summary)
    result.marked_done = len(set(summary.document_ids)) if done else 0
    return result


def _counted(records: Iterator[Any], progress: Callable[[int], None]) -> Iterator[Any]:
    for record in records:
        yield record
        progress(1)


def _collect(
    paths: Iterable[str | os.PathLike[str]], fmt: str
) -> tuple[list[Path], list[InputError]]:
    """The inputs to read, in order, and the paths that do not exist or hold nothing."""
    sources: list[Path] = []
    missing: list[InputError] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            missing.append(InputError(str(path), None, "no such file or directory"))
        elif path.is_dir() and fmt != "brat":
            suffixes = FOLDER_SUFFIXES.get(fmt, ())
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                wanted = ", ".join(suffixes)
                missing.append(InputError(str(path), None, f"folder holds no {wanted} files"))
            sources.extend(found)
        else:
            sources.append(path)
    return sources, missing


def _records(
    sources: list[Path],
    fmt: str,
    workers: int | None,
    report: ImportReport,
    options: dict[str, Any],
) -> Iterator[DocRecord | tuple[DocRecord, PreparedDocument]]:
    """Every document of every source, in order, bad rows left out and reported (the readers'
    `skip_bad`); each source's report merged into `report`."""
    module = get_format(fmt).module
    for source in sources:
        part = ImportReport()
        if fmt == "jsonl" and not options and _jsonl_workers(source, workers):
            yield from _parallel_jsonl(source, _jsonl_workers(source, workers), part)
        else:
            yield from module.read(source, skip_bad=True, report=part, **options)
        _merge(report, part)


def _merge(total: ImportReport, part: ImportReport) -> None:
    total.counts.update(part.counts)
    total.warnings.extend(part.warnings)
    total.skipped.extend(part.skipped)
    for key, value in part.info.items():
        if key in total.info and total.info[key] != value:
            total.info[key] = f"{total.info[key]}, {value}"
        else:
            total.info[key] = value


# ---------------------------------------------------------------- prepared chunks


class _Chunks:
    """The documents of `sources` prepared as rows (a `bulk.ChunkSource`): large native JSONL
    in worker processes, the rest in this process. Each source's report is merged into
    `report`; `progress` is called with 1 per document stored."""

    def __init__(
        self,
        sources: list[Path],
        fmt: str,
        workers: int | None,
        report: ImportReport,
        options: dict[str, Any],
        progress: Callable[[int], None] | None,
    ) -> None:
        self.sources = sources
        self.fmt = fmt
        self.workers = workers
        self.report = report
        self.options = options
        self.progress = progress

    def chunks(self, context: ImportContext) -> Iterator[PreparedChunk]:
        from annotator.store import bulk

        tasks = itertools.count()
        module = get_format(self.fmt).module
        for source in self.sources:
            part = ImportReport()
            workers = _jsonl_workers(source, self.workers) if self.fmt == "jsonl" else 0
            if workers and not self.options:
                prepared = _parallel_chunks(source, workers, context, tasks, part)
            else:
                records = module.read(source, report=part, **self.options)
                prepared = bulk.chunks_of_records(records, context, tasks)
            for chunk in prepared:
                yield chunk
                if self.progress is not None:
                    for _ in chunk.shas:
                        self.progress(1)
            _merge(self.report, part)


def _parallel_chunks(
    source: Path, workers: int, context: ImportContext, tasks: Iterator[int], report: ImportReport
) -> Iterator[PreparedChunk]:
    """Chunks of native JSONL `source` parsed and prepared in `workers` processes, in order.

    Each worker reads its piece of the file itself (`_byte_ranges`) and hands its chunk back
    in a spool file (`bulk.pack`); neither goes through a pipe. A task's spool file is used
    again by a later task: `in_order` submits task `t` only after the result of task
    `t - ahead - 1` was taken, and it is read (`unspool`) as it is taken.
    """
    from annotator.store.bulk import Preparer, unspool

    name = str(source)
    local: Preparer | None = None  # when the pool cannot be used

    def here(name: str, offset: int, size: int, task: int, spool: str | None) -> tuple:
        nonlocal local
        if local is None:
            local = Preparer(context)
        return _prepare_jsonl(local, name, offset, size, task)

    ahead = workers * _TASKS_IN_FLIGHT
    with spool_folder() as folder:
        spools = [
            os.path.join(folder, f"chunk-{slot}.sqlite") if folder else None
            for slot in range(ahead + 2)
        ]
        pieces = (
            (name, offset, size, next(tasks), spools[index % len(spools)])
            for index, (offset, size) in enumerate(_byte_ranges(source))
        )
        with (
            spawn_pool(workers, _start_chunk_worker, (context,)) as pool,
            closing(in_order(pieces, _prepare_jsonl_task, here, pool, ahead)) as results,
        ):
            lines_before = 0
            for chunk, part, error, lines in results:
                _renumber(part, lines_before)
                _merge(report, part)
                if chunk.shas:
                    chunk.info = [
                        (where, line + lines_before, *counts) for where, line, *counts in chunk.info
                    ]
                    yield unspool(chunk)
                if error is not None:
                    path, line, message = error
                    raise InputError(path, line + lines_before, message)
                lines_before += lines


_WORKER_PREPARER: Any = None  # bulk.Preparer of this worker process


def _start_chunk_worker(context: ImportContext) -> None:
    global _WORKER_PREPARER
    from annotator.store.bulk import Preparer
    from annotator.store.search import normalize_for_index

    normalize_for_index("ا")  # builds the normalization tables once
    _WORKER_PREPARER = Preparer(context)
    # A task makes ~100,000 containers and keeps none of them (no cycles): the default
    # threshold would walk them in a cyclic collection every 700 allocations.
    gc.freeze()
    gc.set_threshold(_WORKER_GC_THRESHOLD, 50, 50)


def _prepare_jsonl_task(
    name: str, offset: int, size: int, task: int, spool: str | None
) -> tuple[PreparedChunk, ImportReport, tuple[str, int, str] | None, int]:
    from annotator.store.bulk import pack

    chunk, report, error, lines = _prepare_jsonl(_WORKER_PREPARER, name, offset, size, task)
    return pack(chunk, spool), report, error, lines


def _prepare_jsonl(
    preparer: Any, name: str, offset: int, size: int, task: int
) -> tuple[PreparedChunk, ImportReport, tuple[str, int, str] | None, int]:
    """Parse the lines of file `name` that start in the byte range (`_block_lines`) exactly as
    `jsonl.read` would, and prepare them as chunk `task`; also returns how many lines they are.
    Line numbers count from the range's first line, as 1 (see `_renumber`).

    A bad line ends the run: the documents before it are prepared, and its InputError comes
    back as (path, line, message).
    """
    from annotator.formats import jsonl

    report = ImportReport()
    docs: list[tuple] = []
    error = None
    lines = _block_lines(name, offset, size)
    for number, raw in enumerate(lines, 1):
        fields = jsonl.fast_fields(raw)
        if fields is None:
            try:
                line = _decoded(raw, name, number, first=offset == 0 and number == 1)
                if not line or line.isspace():
                    continue
                fields = jsonl.parse_fields(line, name, number, report)
            except InputError as exc:
                error = (exc.path, number, exc.message)
                break
        text, doc_name, _, meta, spans, relations = fields
        docs.append((text, doc_name, meta, name, number, spans, relations))
    if docs:
        report.count("documents", len(docs))
        report.count("spans", sum(len(doc[5]) for doc in docs))
        report.count("relations", sum(len(doc[6]) for doc in docs))
    return preparer.prepare(task, docs, checked=True), report, error, len(lines)


def _renumber(report: ImportReport, lines_before: int) -> None:
    """Line numbers of a report made for a byte range (counting from its first line) made
    line numbers of the file, `lines_before` lines preceding the range."""
    if lines_before:
        for notice in itertools.chain(report.warnings, report.skipped):
            if notice.line is not None:
                notice.line += lines_before


# ---------------------------------------------------------------- native JSONL in workers


def _jsonl_workers(source: Path, workers: int | None) -> int:
    if workers is not None:
        return max(0, workers)
    try:
        large = source.is_file() and source.stat().st_size >= PARALLEL_MIN_BYTES
    except OSError:
        return 0
    return min(2, os.cpu_count() or 1) if large else 0


def _byte_ranges(source: Path) -> list[tuple[int, int]]:
    """(offset, size) pieces of `_BYTES_PER_TASK` bytes covering `source`; `_block_lines`
    reads the lines starting in each, so that every line belongs to one piece."""
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise InputError(str(source), None, f"cannot open: {exc.strerror or exc}") from exc
    return [
        (offset, min(_BYTES_PER_TASK, size - offset)) for offset in range(0, size, _BYTES_PER_TASK)
    ]


def _block_lines(path: str, offset: int, size: int) -> list[bytes]:
    """The lines of file `path` that start at a byte in ``offset .. offset + size - 1``,
    whole and without their b"\\n", as iterating over the file gives them (the file's last
    line may have none)."""
    try:
        handle = open(path, "rb", buffering=0)  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(path, None, f"cannot open: {exc.strerror or exc}") from exc
    with handle:
        begin = _line_start(handle, offset - 1) if offset else 0
        end = offset + size
        if begin >= end:
            return []  # the range lies inside a line that started before it
        handle.seek(begin)
        data = handle.read(end - begin)
        if len(data) == end - begin and not data.endswith(b"\n"):  # a line runs on
            stop = _line_start(handle, end)
            handle.seek(end)
            data += handle.read(stop - end)
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    return lines


def _line_start(handle: BinaryIO, position: int) -> int:
    """The offset just after the first b"\\n" at or after `position` of the unbuffered file
    `handle` (the file's end if there is none)."""
    handle.seek(position)
    while True:
        data = handle.read(_SCAN_BYTES)
        found = data.find(b"\n")
        if found >= 0:
            return position + found + 1
        if len(data) < _SCAN_BYTES:
            return position + len(data)
        position += len(data)


def _parallel_jsonl(
    source: Path, workers: int, report: ImportReport
) -> Iterator[tuple[DocRecord, PreparedDocument]]:
    """`jsonl.read(source, skip_bad=True)` with parsing and `prepare_document` done in worker
    processes. Each document carries all its index terms: one the store refuses is rolled
    back with them."""
    name = str(source)
    pieces = ((name, offset, size) for offset, size in _byte_ranges(source))
    ahead = workers * _TASKS_IN_FLIGHT
    with (
        spawn_pool(workers, _start_worker) as pool,
        closing(in_order(pieces, _parse_jsonl_task, _parse_jsonl_task, pool, ahead)) as results,
    ):
        lines_before = 0
        for docs, part, lines in results:
            _renumber(part, lines_before)
            _merge(report, part)
            for doc in docs:
                yield _rebuilt(doc, name, lines_before)
            lines_before += lines


def _start_worker() -> None:
    from annotator.store.search import normalize_for_index

    normalize_for_index("ا")  # builds the normalization tables once


def _parse_jsonl_task(name: str, offset: int, size: int) -> tuple[list[tuple], ImportReport, int]:
    """Parse and prepare the lines starting in a byte range of file `name` (`_block_lines`)
    exactly as `jsonl.read(skip_bad=True)` would (in a worker): a bad line is skipped and
    reported. Also returns how many lines they are. Line numbers count from the range's first
    line, as 1 (see `_renumber`)."""
    from annotator.formats import jsonl
    from annotator.store import prepare_document

    report = ImportReport()
    docs: list[tuple] = []
    lines = _block_lines(name, offset, size)
    for number, raw in enumerate(lines, 1):
        try:
            line = _decoded(raw, name, number, first=offset == 0 and number == 1)
            if not line.strip():
                continue
            fields = jsonl.parse_fields(line, name, number, report)
        except InputError as error:
            report.skip(name, number, error.message + "; line skipped", "bad_lines")
            continue
        doc = jsonl.doc_record(fields, name, number)
        report.count("documents")
        report.count("spans", len(doc.spans))
        report.count("relations", len(doc.relations))
        prepared = prepare_document(doc)
        docs.append((number, fields, prepared.sha256, prepared.normalized, tuple(prepared.terms)))
    return docs, report, len(lines)


def _decoded(raw: bytes, name: str, number: int, first: bool) -> str:
    """One line as `annotator.formats._common.iter_lines` reads it from a file (`first`: the
    file's first line, where a BOM is dropped)."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 (byte {exc.start + 1} of the line)"
        raise InputError(name, number, message) from exc
    if first and line.startswith("\ufeff"):
        line = line[1:]
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


def _rebuilt(doc: tuple, source: str, lines_before: int) -> tuple[DocRecord, PreparedDocument]:
    from annotator.formats import jsonl
    from annotator.store import PreparedDocument

    number, fields, sha256, normalized, terms = doc
    record = jsonl.doc_record(fields, source, number + lines_before)
    prepared = PreparedDocument(
        name=record.name,
        text=record.text,
        sha256=sha256,
        normalized=normalized,
        terms=frozenset(terms),
        title=record.meta.get("title"),
        source=source,
        meta=record.meta,
    )
    return record, prepared
