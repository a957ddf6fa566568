"""Import of plain documents (text files, folders of them, JSONL) into a project.

`import_documents` is the one entry point used by `annotator import`, the demo and the
benchmark. It is the pipeline of annotated imports (`annotator.importing`) with no
annotations: select (`formats.plaintext.collect_sources`), read (the codec decodes, cleans
and checks the size: `read_task`), prepare (`store.bulk`: hash, search index words) and stage
(a chunk's rows packed into a spool file) in a worker process, commit (the store's one
importer, `Project.import_records` with no annotator) in one transaction, so a batch is all or
nothing. The policy: every bad input raises one `BatchError` naming them all, or with
`skip_bad` the bad inputs are left out and listed.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.formats.plaintext import (
    BadInput,
    ReadOptions,
    ReadTask,
    collect_sources,
    read_task,
    read_tasks,
)
from annotator.importing import removed_totals, staged, worker_preparer
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, BatchError, InputError
from annotator.store.bulk import DocInput
from annotator.store.readmodel import document_names

if TYPE_CHECKING:
    from annotator.formats.plaintext import Source
    from annotator.store.bulk import ImportContext, PreparedChunk, Preparer
    from annotator.store.project import Project

__all__ = ["DocumentImportReport", "Duplicate", "default_workers", "import_documents"]

# Batches smaller than this are read in the calling process (starting a worker costs ~0.3 s).
_MIN_FILES_FOR_WORKERS = 500
# Forget the tokens seen (then re-send their terms) beyond this many, to bound memory.
_MAX_SEEN_TOKENS = 1_000_000


@dataclass
class Duplicate:
    """A document skipped because its text is already in the project (or earlier in the batch)."""

    name: str
    source: str
    existing_id: int
    existing_name: str


@dataclass
class DocumentImportReport:
    """What `import_documents` did."""

    added: int = 0
    document_ids: list[int] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    bad: list[InputError] = field(default_factory=list)  # skipped (skip_bad) bad inputs
    removed: dict[str, dict[str, int]] = field(default_factory=dict)  # per source file
    # invisible marks the inputs held (`plaintext.count_marks`), per source file
    marks: dict[str, dict[str, int]] = field(default_factory=dict)
    marks_stripped: bool = False  # imported with `strip_marks`: the marks were removed

    @property
    def removed_totals(self) -> dict[str, int]:
        """What cleaning removed, by kind, over all inputs."""
        return removed_totals(self.removed)

    @property
    def marks_totals(self) -> dict[str, int]:
        """The invisible marks the inputs held, by code point, over all inputs."""
        return removed_totals(self.marks)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "duplicates": [vars(d) for d in self.duplicates],
            "bad": [{"path": e.path, "line": e.line, "message": e.message} for e in self.bad],
            "removed": self.removed,
            "removed_totals": self.removed_totals,
            "invisible_marks": self.marks,
            "invisible_marks_totals": self.marks_totals,
            "marks_stripped": self.marks_stripped,
        }


def default_workers(n_files: int) -> int:
    """Worker processes for a batch: none for small ones, else one per spare core (max 2)."""
    if n_files < _MIN_FILES_FOR_WORKERS:
        return 0
    return max(1, min(2, (os.cpu_count() or 2) - 1))


# ------------------------------------------------------------------ read and prepare

# What one reading task gives: its documents prepared as a chunk, its bad inputs, what
# cleaning removed from each document and the invisible marks it held (source, counts).
Counts = list[tuple[str, dict[str, int]]]
Prepared = tuple["PreparedChunk", list[BadInput], Counts, Counts]


def _prepare(preparer: Preparer, task: ReadTask, number: int) -> Prepared:
    """Read one task of `read_tasks` (`read_task`) and prepare its documents as chunk
    `number`."""
    if len(preparer.bodies) > _MAX_SEEN_TOKENS:
        preparer.bodies.clear()
    docs: list[DocInput] = []
    bad: list[BadInput] = []
    removed: Counts = []
    marks: Counts = []
    for read in read_task(task):
        if isinstance(read, BadInput):
            bad.append(read)
            continue
        record = read.record
        docs.append(
            DocInput(
                text=record.text,
                name=record.name,
                meta=record.meta,
                source=record.source,
                line=record.line,
                spans=[],
                relations=[],
                tokens=None,
                doc_labels={},
                notes=[],
            )
        )
        if read.removed:
            removed.append((record.source or record.name, read.removed))
        if read.marks:
            marks.append((record.source or record.name, read.marks))
    return preparer.prepare(number, docs), bad, removed, marks


def _prepare_task(task: ReadTask, number: int, spool: str | None) -> Prepared:
    """`_prepare` in a worker process (`importing.staged`), the chunk packed."""
    from annotator.store.bulk import pack

    chunk, bad, removed, marks = _prepare(worker_preparer(), task, number)
    return pack(chunk, spool), bad, removed, marks


class _PlainChunks:
    """The documents of `sources` read and prepared as rows (a `bulk.ChunkSource`), in
    `workers` processes (0: here). Bad inputs, what cleaning removed and the invisible marks
    go to `report`; the policy "raise" (not `skip_bad`) raises one BatchError after reading
    every input."""

    def __init__(
        self,
        sources: list[Source],
        clean: bool,
        strip_marks: bool,
        max_bytes: int,
        workers: int,
        skip_bad: bool,
        report: DocumentImportReport,
        progress: Callable[[int], None] | None,
        arclean: bool = False,
    ) -> None:
        self.sources = sources
        self.arclean = arclean
        self.clean = clean
        self.strip_marks = strip_marks
        self.max_bytes = max_bytes
        self.workers = workers
        self.skip_bad = skip_bad
        self.report = report
        self.progress = progress

    def chunks(self, context: ImportContext) -> Iterator[PreparedChunk]:
        from annotator.store.bulk import Preparer, unspool

        report = self.report
        local: Preparer | None = None

        def here(task: ReadTask, number: int, spool: str | None = None) -> Prepared:
            nonlocal local
            if local is None:
                local = Preparer(context)
            return _prepare(local, task, number)

        options = ReadOptions(self.clean, self.max_bytes, self.strip_marks, self.arclean)
        tasks = read_tasks(self.sources, options)
        pieces = zip(tasks, itertools.count())
        if self.workers > 0:
            results = staged(pieces, _prepare_task, here, self.workers, context)
        else:
            results = (here(task, number) for task, number in pieces)
        for chunk, bad, removed, marks in results:
            report.bad += [InputError(*read) for read in bad]
            failing = report.bad and not self.skip_bad  # only look for more bad inputs
            if not failing:
                for total, found in ((report.removed, removed), (report.marks, marks)):
                    for source, counts in found:
                        slot = total.setdefault(source, {})
                        for kind, count in counts.items():
                            slot[kind] = slot.get(kind, 0) + count
                if chunk.shas:
                    yield unspool(chunk)
            if self.progress is not None:
                self.progress(len(bad) + len(chunk.shas))
        if report.bad and not self.skip_bad:
            raise BatchError(report.bad)


# ------------------------------------------------------------------ importing


def import_documents(
    project: Project,
    paths: Iterable[str | os.PathLike[str]],
    *,
    clean: bool = False,
    strip_marks: bool = False,
    skip_bad: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
    arclean: bool = False,
) -> DocumentImportReport:
    """Import plain-text files, folders and JSONL files into `project`, all or nothing.

    Raises BatchError naming every bad input (nothing imported) unless `skip_bad`, in which
    case the good documents are imported and the bad inputs listed in the report. Documents
    whose text is already in the project, or earlier in the batch, are skipped and reported.
    `clean`: remove scraper residue (`plaintext.clean_text`). The invisible marks the inputs
    hold (LRM, RLM, ALM, a BOM inside a text...: `plaintext.INVISIBLE_MARKS`) are counted in
    the report, and kept unless `strip_marks`. `arclean`: then map the characters through
    camel-tools' arclean map (`cleaning.arclean`; each line it changes counted as "arclean").
    `progress(n)` is called as inputs are done; `on_total` first gets their number (None when
    JSONL files make it unknown). `workers`: processes reading files (None: automatic; 0: none).
    """
    sources, bad = collect_sources(paths)
    project.refuse_own_files([source.path for source in sources], "read")
    if bad and not skip_bad:
        raise BatchError(bad)
    if on_total is not None:
        on_total(None if any(s.jsonl for s in sources) else len(sources))
    if workers is None:
        workers = default_workers(len(sources))
    report = DocumentImportReport(bad=bad, marks_stripped=strip_marks)
    chunks = _PlainChunks(
        sources, clean, strip_marks, max_bytes, workers, skip_bad, report, progress, arclean
    )
    with project.bulk_writes():
        summary = project.import_records(
            chunks, None, max_bytes=max_bytes, on_problem="skip" if skip_bad else "raise"
        )
    report.document_ids = summary.document_ids
    report.added = summary.documents_added
    names = document_names(project, [duplicate.existing_id for duplicate in summary.duplicates])
    report.duplicates = [
        Duplicate(name, source or "", existing, names[existing])
        for name, source, existing in summary.duplicates
    ]
    return report
