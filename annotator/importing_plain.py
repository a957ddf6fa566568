"""Import of plain documents (text files, folders of them, JSONL) into a project.

`import_documents` is the one entry point used by `annotator import`, the GUI, the demo and
the benchmark: files are read, decoded and cleaned by the codec (`formats.plaintext`) and
prepared (`store.prepare_document`: hash, normalized text, index terms) in a worker process
while the main process writes them to the project in one transaction, so a batch is all or
nothing.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from annotator.formats.plaintext import (
    BadInput,
    ReadTask,
    collect_sources,
    read_task,
    read_tasks,
)
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, BatchError, InputError
from annotator.store.project import PreparedDocument, prepare_document
from annotator.store.readmodel import document_names
from annotator.store.search import IndexBodies
from annotator.workers import in_order, spawn_pool

if TYPE_CHECKING:
    from annotator.store.project import Project

__all__ = ["DocumentImportReport", "Duplicate", "default_workers", "import_documents"]

# Reading tasks in flight per worker.
_TASKS_IN_FLIGHT = 4
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

    @property
    def removed_totals(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for counts in self.removed.values():
            totals.update(counts)
        return dict(sorted(totals.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "duplicates": [vars(d) for d in self.duplicates],
            "bad": [{"path": e.path, "line": e.line, "message": e.message} for e in self.bad],
            "removed": self.removed,
            "removed_totals": self.removed_totals,
        }


def default_workers(n_files: int) -> int:
    """Worker processes for a batch: none for small ones, else one per spare core (max 2)."""
    if n_files < _MIN_FILES_FOR_WORKERS:
        return 0
    return max(1, min(2, (os.cpu_count() or 2) - 1))


# ------------------------------------------------------------------ reading (worker side)

# An outcome of reading: ("doc", PreparedDocument fields, source path, removed counts) or
# ("bad", path, line, message). Plain tuples, private to this module: a dataclass costs twice
# as much to unpickle in the main process, the import's bottleneck.
Outcome = tuple

_PREPARED_FIELDS = tuple(f.name for f in fields(PreparedDocument))


def _process(task: ReadTask, seen: IndexBodies) -> list[Outcome]:
    """Read one task and prepare its documents.

    `seen` holds the tokens whose index terms earlier documents of the batch carried, and the
    words it normalized (see `IndexBodies`); outcomes must be written in order.
    """
    if len(seen) > _MAX_SEEN_TOKENS:
        seen.clear()
    outcomes: list[Outcome] = []
    for read in read_task(task):
        if isinstance(read, BadInput):
            outcomes.append(("bad", *read))
        else:
            prepared = prepare_document(read.record, seen)
            values = tuple(getattr(prepared, name) for name in _PREPARED_FIELDS)
            outcomes.append(("doc", values, read.record.source, read.removed))
    return outcomes


_WORKER_SEEN = IndexBodies()


def _start_worker() -> None:
    from annotator.store.search import normalize_for_index

    normalize_for_index("ا")  # builds the normalization tables once
    _WORKER_SEEN.clear()


def _process_in_worker(task: ReadTask) -> list[Outcome]:
    return _process(task, _WORKER_SEEN)


def _outcomes(tasks: Iterator[ReadTask], workers: int) -> Iterator[Outcome]:
    """Process tasks in order, in `workers` processes (0: here), a bounded number in flight.

    If the worker processes cannot run (e.g. the main module cannot be re-imported by a spawned
    interpreter), the remaining tasks are processed here.
    """
    seen = IndexBodies()

    def here(task: ReadTask) -> list[Outcome]:
        return _process(task, seen)

    if workers <= 0:
        for task in tasks:
            yield from here(task)
        return
    ahead = workers * _TASKS_IN_FLIGHT
    with (
        spawn_pool(workers, _start_worker) as pool,
        closing(
            in_order(((task,) for task in tasks), _process_in_worker, here, pool, ahead)
        ) as done,
    ):
        for outcomes in done:
            yield from outcomes


# ------------------------------------------------------------------ importing


def import_documents(
    project: Project,
    paths: Iterable[str | os.PathLike[str]],
    *,
    clean: bool = False,
    skip_bad: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int | None], None] | None = None,
) -> DocumentImportReport:
    """Import plain-text files, folders and JSONL files into `project`, all or nothing.

    Raises BatchError naming every bad input (nothing imported) unless `skip_bad`, in which
    case the good documents are imported and the bad inputs listed in the report. Documents
    whose text is already in the project, or earlier in the batch, are skipped and reported.
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
    report = DocumentImportReport(bad=bad)

    def prepared_documents() -> Iterator[PreparedDocument]:
        for outcome in _outcomes(read_tasks(sources, clean, max_bytes), workers):
            if outcome[0] == "bad":
                report.bad.append(InputError(*outcome[1:]))
            else:
                _, values, path, removed = outcome
                prepared = PreparedDocument(*values)
                existing = project.document_id_by_sha(prepared.sha256)
                if report.bad and not skip_bad:
                    pass  # the batch fails: only look for more bad inputs
                elif existing is not None:
                    report.duplicates.append(Duplicate(prepared.name, path, existing, ""))
                else:
                    if removed:
                        slot = report.removed.setdefault(path, {})
                        for kind, count in removed.items():
                            slot[kind] = slot.get(kind, 0) + count
                    yield prepared
                    continue
            if progress is not None:
                progress(1)

    with project.bulk_writes(), project.transaction():
        result = project.add_documents(prepared_documents(), max_bytes=max_bytes, progress=progress)
        if report.bad and not skip_bad:
            raise BatchError(report.bad)
    report.document_ids = result.added
    report.added = len(result.added)
    names = document_names(project, [duplicate.existing_id for duplicate in report.duplicates])
    for duplicate in report.duplicates:
        duplicate.existing_name = names[duplicate.existing_id]
    return report
