"""Import annotated corpora into a project: CoNLL, brat, doccano, spaCy-style and native JSONL.

`import_annotated(project, paths, fmt, annotator=...)` is one pipeline of stages, the same for
every format and either policy:

1. select: the inputs (`_collect`: files, folders of the format's files; the other files of
   a folder are listed as ignored);
2. read: the format's pure codec (`annotator.formats`) yields records, its leniencies (e.g.
   CoNLL `I-` tags without `B-`) collected in the report; large native JSONL is read in worker
   processes, each parsing a byte range of the file;
3. prepare: invisible marks counted, optionally cleaned (`clean`, `strip_marks`:
   `formats.plaintext.clean_text_mapped`, the spans moved with the text), then made table
   rows (`annotator.store.bulk`: hashing, search index words, the span, attribute, relation
   and size checks, UUIDs), a chunk at a time;
4. stage: a worker process packs its chunk into a spool file (`bulk.pack`);
5. commit: the store's one importer (`Project.import_records`) writes the chunks in ONE
   transaction with the policy: "raise" (all or nothing: a problem raises an InputError
   naming file and line; when reading one input fails, the others are still read and every
   bad input's first problem is listed in one BatchError) or, with `skip_bad`, "skip" (each
   bad row, document or input is left out and listed in the report).

Every input is decoded as one `encoding` (default UTF-8, a BOM dropped); an input that holds no
document (an empty file, a folder without the format's files) is a problem; labels that look
like slips (`rules.label_oddity`: a stray backtick, a control character, outer spaces) are
warned about, once per file.

A document whose text is already in the project (same sha256) receives the annotations instead
of being duplicated, so several annotators' files of the same texts can be imported one after
another.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import inspect
import itertools
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from annotator.errors import SchemaError, UsageError
from annotator.formats import FORMATS, FormatInfo, ImportReport, Notice, get_format
from annotator.formats._common import DEFAULT_ENCODING, check_encoding
from annotator.formats.cleaning import SpanLost
from annotator.formats.plaintext import (
    clean_text_mapped,
    count_marks,
    cp1256_problem,
    marks_summary,
)
from annotator.model import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    BatchError,
    DocRecord,
    InputError,
    RelationRecord,
    SpanRecord,
)
from annotator.rules import checked_span, label_oddity
from annotator.store.importer import ImportSummary
from annotator.workers import in_order, spawn_pool, spool_folder

if TYPE_CHECKING:
    from annotator.store import Project, bulk
    from annotator.store.bulk import DocInput, ImportContext, PreparedChunk

__all__ = [
    "AnnotatedImportReport",
    "SpansApart",
    "TakenDoc",
    "import_annotated",
    "readable_formats",
]

# Native JSONL inputs at least this large are parsed in worker processes (when allowed).
PARALLEL_MIN_BYTES = 4 * 1024 * 1024
_BYTES_PER_TASK = 2 * 1024 * 1024  # of the file read by a worker at once (whole lines)
_SCAN_BYTES = 64 * 1024  # read at once while looking for the end of a line
_TASKS_IN_FLIGHT = 2  # per worker
_WORKER_GC_THRESHOLD = 50_000


def removed_totals(removed: dict[str, dict[str, int]]) -> dict[str, int]:
    """What cleaning removed, by kind, summed over the inputs of `removed` (per input)."""
    totals: Counter[str] = Counter()
    for counts in removed.values():
        totals.update(counts)
    return dict(sorted(totals.items()))


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
    rejected: list[Notice] = field(default_factory=list)  # documents left out (skip_bad)
    cleaned: bool = False  # imported with `clean`
    ignored: list[str] = field(default_factory=list)  # files of folders that are not inputs
    removed: dict[str, dict[str, int]] = field(default_factory=dict)  # by cleaning, per input
    # invisible marks the texts held (`plaintext.count_marks`), per input
    marks: dict[str, dict[str, int]] = field(default_factory=dict)
    marks_stripped: bool = False  # imported with `strip_marks`: the marks were removed

    @property
    def removed_totals(self) -> dict[str, int]:
        """What cleaning removed, by kind, over all inputs."""
        return removed_totals(self.removed)

    @property
    def marks_totals(self) -> dict[str, int]:
        """The invisible marks the texts held, by code point, over all inputs."""
        return removed_totals(self.marks)

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
        if self.notes_added:
            lines.append(f"notes: {self.notes_added:,} added")
        return "\n".join(lines + self.details())

    def details(self) -> list[str]:
        """The summary's lines after what was imported: statuses, labels added, cleaning,
        leniencies, warnings and skipped items."""
        lines = []
        if self.marked_done:
            lines.append(f"marked done for {self.annotator}: {self.marked_done:,} document(s)")
        if self.labels_added:
            lines.append(f"labels added to the schema: {', '.join(self.labels_added)}")
        if self.cleaned:
            removed = ", ".join(f"{k} {v:,}" for k, v in self.removed_totals.items())
            lines.append(f"cleaning removed: {removed or 'nothing'}")
        if self.marks:
            done = "removed" if self.marks_stripped else "kept (--strip-marks removes them)"
            lines.append(f"{marks_summary(self.marks_totals)}: {done}")
        leniencies = {
            key: value
            for key, value in sorted(self.reader.counts.items())
            if key not in ("documents", "spans", "relations", "sentences", "tokens")
        }
        if leniencies:
            lines.append("reader: " + ", ".join(f"{k} {v:,}" for k, v in leniencies.items()))
        if "scheme" in self.reader.info:
            lines.append(f"tag scheme: {self.reader.info['scheme']}")
        if self.ignored:
            suffixes = ", ".join(get_format(self.format).read_suffixes)
            lines.append(f"ignored {len(self.ignored):,} file(s) of the folder(s), not {suffixes}:")
            lines += [f"  ignored {path}" for path in self.ignored[:_MAX_LISTED]]
            if len(self.ignored) > _MAX_LISTED:
                lines.append(f"  ... and {len(self.ignored) - _MAX_LISTED:,} more ignored")
        lines += _listed("warning", self.reader.warnings)
        lines += _listed("skipped", self.reader.skipped)
        lines += _listed("rejected", self.rejected)
        return lines

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
            "ignored": self.ignored,
            "documents_added": self.documents_added,
            "documents_matched": self.documents_matched,
            "spans_added": self.spans_added,
            "spans_duplicate": self.spans_duplicate,
            "relations_added": self.relations_added,
            "notes_added": self.notes_added,
            "labels_added": self.labels_added,
            "marked_done": self.marked_done,
            "document_ids": self.document_ids,
            "reader_counts": dict(self.reader.counts),
            "reader_info": dict(self.reader.info),
            "warnings": notices(self.reader.warnings),
            "skipped": notices(self.reader.skipped),
            "rejected": notices(self.rejected),
            "removed": self.removed,
            "removed_totals": self.removed_totals,
            "invisible_marks": self.marks,
            "invisible_marks_totals": self.marks_totals,
            "marks_stripped": self.marks_stripped,
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
    clean: bool = False,
    strip_marks: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    encoding: str = DEFAULT_ENCODING,
    spans_apart: SpansApart | None = None,
    arclean: bool = False,
    **reader_options: Any,
) -> AnnotatedImportReport:
    """Import annotated files in format `fmt` as `annotator`'s annotations, all or nothing.

    paths: files, or folders (brat: a folder of ``.ann``/``.txt``; line formats: the files
        in it with the format's `FormatInfo.read_suffixes`, recursively, sorted); the other
        files of a folder (not hidden ones) are listed in the report's `ignored`.
    done: mark every imported document done for `annotator`.
    skip_bad: the policy "skip": leave out bad rows/sentences/documents (the codecs'
        ``skip_bad``), missing or empty inputs, the rest of a file that cannot be read on, and
        documents the store refuses (e.g. an attribute value the label schema does not allow,
        a document over `max_bytes`); each is listed in the report. Without it (policy
        "raise") nothing is written and a problem raises: a missing or empty input, or reading
        problems in several inputs, a `BatchError` listing the first problem of every bad
        input; one bad input, its `InputError`; a document the store refuses, its
        `InputError`.
    clean: remove scraper residue from each text as plain import does
        (`formats.plaintext.clean_text`), moving the spans with their text; a span one of
        whose ends lies in removed text is a problem of its document.
    strip_marks: remove the invisible marks (`formats.plaintext.INVISIBLE_MARKS`: LRM, RLM,
        ALM, a BOM inside the text...) from each text, by the same map as `clean`; a span or
        a token of the document's own keeps its other characters (marks at its edges go), a
        span of only marks is a problem of its document, a token of only marks goes. Marks
        are counted in the report's `marks` either way.
    arclean: then map each text's characters by camel-tools' arclean map
        (`formats.cleaning.arclean`), by the same map as `clean`: a span covering a ligature
        covers what it became, a span one of whose ends is a character the map removes (a
        tashkeel mark, an emoji) is a problem of its document.
    max_bytes: the largest new document accepted, in bytes of UTF-8 (after cleaning).
    workers: processes parsing native JSONL (None: automatic, 0: none).
    progress: called with 1 per document stored.
    encoding: of every input (a Python codec name, e.g. ``"cp1256"`` for Windows-1256;
        default UTF-8 with a leading BOM dropped); bytes it cannot decode are an InputError
        naming file and line.
    reader_options: passed to the format's ``read`` (e.g. ``scheme="IOB1"`` for CoNLL).
    spans_apart: import the documents without their spans and relations, as plain documents
        (a document already in the project is listed in the report's `duplicates`; no
        annotator is registered, nothing marked done), keeping them, cleaned, in
        `spans_apart.taken` (`annotator.importing_suggestions` stores them as suggestions).
    """
    info = get_format(fmt)
    if not info.can_read:
        known = ", ".join(readable_formats())
        raise UsageError(f"format {info.name!r} cannot be imported; importable: {known}")
    takes = inspect.signature(info.module.read).parameters
    for option in reader_options:
        if option not in takes:
            raise UsageError(f"format {info.name!r} takes no option {option!r}")
    codec = check_encoding(encoding)
    if "encoding" not in takes and codec != "utf-8":
        raise UsageError(f"format {info.name!r} reads UTF-8 only (no --encoding)")
    annotator = annotator.strip()
    if not annotator:
        raise UsageError("imported annotations need an annotator name")
    if spans_apart is not None and done:
        raise UsageError("documents imported without their spans are not marked done")
    result = AnnotatedImportReport(
        format=info.name,
        annotator=annotator,
        cleaned=clean or arclean,
        marks_stripped=strip_marks,
    )
    sources, missing, result.ignored = _collect(paths, info)
    project.refuse_own_files(sources, "read")
    reading = _Reading(
        info.name,
        skip_bad,
        clean,
        reader_options,
        codec if "encoding" in takes else None,
        strip_marks,
        arclean,
    )
    if missing and not skip_bad:
        raise BatchError(missing + _first_problems(sources, reading))
    for error in missing:
        result.reader.skip(error.path, error.line, error.message, "missing_inputs")
    result.files = [str(source) for source in sources]
    chunks = _Chunks(sources, reading, workers, result, progress, spans_apart)
    try:
        summary = project.import_records(
            chunks,
            annotator if spans_apart is None else None,
            done=done,
            max_bytes=max_bytes,
            on_problem="skip" if skip_bad else "raise",
        )
    except _NothingRead:  # every input skipped: rolled back, not even the annotator is added
        return result
    result.merge(summary)
    for error in summary.other_tokens:
        result.reader.warn(error.path, error.line, error.message, "tokens_kept")
    result.rejected = [
        Notice(error.path, error.line, f"{error.message}; document not imported")
        for error in summary.skipped
    ]
    result.marked_done = len(set(summary.document_ids)) if done else 0
    return result


def _collect(
    paths: Iterable[str | os.PathLike[str]], info: FormatInfo
) -> tuple[list[Path], list[InputError], list[str]]:
    """The inputs to read, in order; the paths that do not exist or hold nothing; and the
    files of folders that are not inputs (`_folder_files`)."""
    sources: list[Path] = []
    missing: list[InputError] = []
    ignored: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            missing.append(InputError(str(path), None, "no such file or directory"))
        elif path.is_dir():
            found, others = _folder_files(path, info)
            ignored += [str(other) for other in others]
            if not found:
                wanted = ", ".join(info.read_suffixes)
                missing.append(InputError(str(path), None, f"folder holds no {wanted} files"))
            elif info.folder:
                sources.append(path)  # the codec reads the folder
            else:
                sources.extend(found)
        else:
            sources.append(path)
    return sources, missing, ignored


def _folder_files(folder: Path, info: FormatInfo) -> tuple[list[Path], list[Path]]:
    """The files of `folder` (recursively, sorted, hidden ones left out) with the format's
    `read_suffixes`, and the others, except those each of them brings along
    (`companion_suffixes`: brat's ``.txt`` beside each ``.ann``)."""
    files = sorted(
        p
        for p in folder.rglob("*")
        if not any(part.startswith(".") for part in p.relative_to(folder).parts) and p.is_file()
    )
    found = [p for p in files if p.suffix.lower() in info.read_suffixes]
    along = {p.with_suffix(suffix) for p in found for suffix in info.companion_suffixes}
    return found, [
        p for p in files if p.suffix.lower() not in info.read_suffixes and p not in along
    ]


def _first_problems(sources: list[Path], reading: _Reading) -> list[InputError]:
    """The first problem reading finds in each of `sources` (read only: nothing is prepared),
    for the list of a batch that already failed."""
    module = get_format(reading.fmt).module
    problems = []
    for source in sources:
        try:
            records = module.read(source, report=ImportReport(), **reading.read_options)
            if not sum(1 for _ in records):
                raise _empty(source)
        except InputError as error:
            problems.append(error)
        except BatchError as error:
            problems += error.errors
    return problems


def _empty(source: Path) -> InputError:
    return InputError(str(source), None, "holds no documents (an empty input)")


def _merge(total: ImportReport, part: ImportReport) -> None:
    total.counts.update(part.counts)
    total.warnings.extend(part.warnings)
    total.skipped.extend(part.skipped)
    for key, value in part.info.items():
        if key in total.info and total.info[key] != value:
            total.info[key] = f"{total.info[key]}, {value}"
        else:
            total.info[key] = value


def _add_removed(total: dict[str, dict[str, int]], source: str, removed: Counter[str]) -> None:
    if removed:
        slot = total.setdefault(source, {})
        for kind, count in removed.items():
            slot[kind] = slot.get(kind, 0) + count


# ---------------------------------------------------------------- the stages


@dataclass(frozen=True)
class _Reading:
    """How to read and prepare: the format, the policy, cleaning, the reader's options
    (picklable: worker processes get it)."""

    fmt: str
    skip_bad: bool
    clean: bool
    options: dict[str, Any]
    encoding: str | None = None  # the inputs' (a Python codec name); None: the codec's own
    strip_marks: bool = False  # remove invisible marks from the texts
    arclean: bool = False  # map the texts' characters by camel-tools' arclean map

    @property
    def read_options(self) -> dict[str, Any]:
        """The keyword arguments of the codec's ``read`` besides ``skip_bad`` and ``report``."""
        if self.encoding is None:
            return self.options
        return {**self.options, "encoding": self.encoding}


def _cleaning_options(reading: _Reading) -> str:
    """The cleaning options of an import, as typed: "--clean or --arclean"."""
    chosen = [
        option
        for option, on in (
            ("--clean", reading.clean),
            ("--strip-marks", reading.strip_marks),
            ("--arclean", reading.arclean),
        )
        if on
    ]
    return " or ".join(chosen) or "cleaning"


def _cleaned(
    docs: list[DocInput],
    checked: bool,
    removed: Counter[str],
    marks: Counter[str],
    reading: _Reading,
) -> tuple[list[DocInput], dict[int, str]]:
    """The documents with their texts cleaned (`clean_text_mapped`: `reading.clean`,
    `reading.strip_marks`) and their spans and tokens moved with the text, what was removed
    added to `removed` and the invisible marks they held to `marks`; and the problem of each
    document that cannot be cleaned (by position), which is then left as it was. `checked`:
    the spans are known to be valid (`jsonl.parse_fields`); else each is checked
    (`checked_span`) first."""
    out: list[DocInput] = []
    problems: dict[int, str] = {}
    strip = reading.strip_marks
    for pos, doc in enumerate(docs):
        text, spans, tokens = doc.text, doc.spans, doc.tokens
        found = count_marks(text)
        marks.update(found)
        if not (reading.clean or reading.arclean or (strip and found)):
            out.append(doc)
            continue
        cleaned, counts, offsets = clean_text_mapped(
            text, lines=reading.clean, marks=strip, arclean=reading.arclean
        )
        if not counts:
            out.append(doc)
            continue
        problem = None if cleaned.strip() else "empty document after cleaning"
        moved: list[tuple] = []
        for start, end, label, span_id, snapshot, attributes, suggested_by in spans:
            if problem is not None:
                break
            try:
                if not checked:
                    checked_span(text, start, end, snapshot)
            except SchemaError as err:
                problem = f"span {span_id or ''} {err}"
                break
            try:  # what the character steps remove at its ends is left out of it
                new = offsets.span(start, end)
            except SpanLost as lost:
                problem = (
                    f"span {span_id or ''} {start}-{end}: {lost} (import without "
                    f"{_cleaning_options(reading)}, or fix the span)"
                )
                break
            moved.append((*new, label, span_id, None, attributes, suggested_by))
        if problem is not None:
            problems[pos] = problem
            out.append(doc)
            continue
        removed.update(counts)
        moved_tokens = None if tokens is None else offsets.tokens(tokens)
        out.append(doc._replace(text=cleaned, spans=moved, tokens=moved_tokens))
    return out, problems


def _screened(
    docs: list[DocInput],
    *,
    reading: _Reading,
    report: ImportReport,
    odd: dict[str, bool],
    warned: set[str],
    removed: Counter[str],
    marks: Counter[str],
) -> tuple[list[DocInput], dict[int, str]]:
    """The screen between reading and preparing: odd labels warned about (`_odd_labels`), a
    Windows-1256 input that does not read as Arabic (`_doubtful_cp1256`), then invisible marks
    counted into `marks` and, with `reading.clean` or `reading.strip_marks`, the texts cleaned
    (`_cleaned`)."""
    _odd_labels(docs, report, odd)
    if reading.encoding == "cp1256" and "encoding_doubtful" not in warned:
        _doubtful_cp1256(docs, report, warned)
    return _cleaned(docs, False, removed, marks, reading)


def _doubtful_cp1256(docs: list[DocInput], report: ImportReport, warned: set[str]) -> None:
    """Windows-1256 decodes any bytes, so a file in another encoding read with
    ``--encoding cp1256`` comes out as nonsense without an error: a warning (kind
    "encoding_doubtful", once per input) names the first document that does not read as
    Arabic (`plaintext.cp1256_problem`, the plain import's check); `warned` gets its kind."""
    for doc in docs:
        if problem := cp1256_problem(doc.text):
            message = f"decoded as Windows-1256 the text does not read as Arabic ({problem}): "
            where = doc.source or ""
            report.warn(where, doc.line, message + "is --encoding right?", "encoding_doubtful")
            warned.add("encoding_doubtful")
            return


def _odd_labels(docs: list[DocInput], report: ImportReport, odd: dict[str, bool]) -> None:
    """A warning (kind "odd_labels") naming file and line of the first document of `docs`
    holding each label or relation type that `rules.label_oddity` finds odd; `odd` remembers
    the names already judged (one warning per name and input)."""
    for doc in docs:
        source, line = doc.source, doc.line
        for what, rows in (("label", doc.spans), ("relation type", doc.relations)):
            for row in rows:
                name = row[2]
                if name in odd:
                    continue
                problem = label_oddity(name) if isinstance(name, str) else None
                odd[name] = problem is not None
                if problem is not None:
                    report.warn(source or "", line, f"{what} {name!r} {problem}", "odd_labels")


class TakenDoc(NamedTuple):
    """A document's spans and relations as `SpansApart` keeps them: its input and line, its
    text and spans as stored (cleaned, the spans moved with the text), its relations (between
    span ids)."""

    source: str | None
    line: int | None
    text: str
    spans: list[SpanRecord]
    relations: list[RelationRecord]


class SpansApart:
    """Takes the spans and relations out of the documents an import reads, after cleaning
    (`import_annotated`'s `spans_apart`): the documents are stored without them, and `taken`
    holds them, in reading order, for each document that cleaning did not refuse (a refused
    one is an import problem of its own). The records read and the documents screened come in
    the same order (`bulk.chunks_of_records`): a screened document is the oldest record not
    screened yet, its spans in the record's order."""

    def __init__(self) -> None:
        self.taken: list[TakenDoc] = []
        self._read: deque[DocRecord] = deque()

    def wrap(
        self, records: Iterable[DocRecord], screen: bulk.Screen
    ) -> tuple[Iterator[DocRecord], bulk.Screen]:
        """The records and the screen of one input, taking the spans apart."""

        def kept(records: Iterable[DocRecord]) -> Iterator[DocRecord]:
            for record in records:
                self._read.append(record)
                yield record

        def screened(docs: list[DocInput]) -> tuple[list[DocInput], dict[int, str]]:
            docs, problems = screen(docs)
            return [self._take(doc, pos in problems) for pos, doc in enumerate(docs)], problems

        return kept(records), screened

    def _take(self, doc: DocInput, refused: bool) -> DocInput:
        record = self._read.popleft()
        text = doc.text
        if not refused:
            moved = [
                dataclasses.replace(span, start=row[0], end=row[1], text=text[row[0] : row[1]])
                for span, row in zip(record.spans, doc.spans, strict=True)
            ]
            self.taken.append(TakenDoc(doc.source, doc.line, text, moved, list(record.relations)))
        # suggestions: no labels, no notes (a model's output)
        return doc._replace(spans=[], relations=[], doc_labels={}, notes=[])


class _NothingRead(Exception):
    """No input held a document (policy "skip": each was listed): the import is rolled back,
    registering nothing (annotator, labels)."""


class _Chunks:
    """The documents of `sources` read and prepared as rows (a `bulk.ChunkSource`): large
    native JSONL in worker processes, the rest in this process, the same way. Each source's
    reader report and what cleaning removed go to `result`; `progress` is called with 1 per
    document stored."""

    def __init__(
        self,
        sources: list[Path],
        reading: _Reading,
        workers: int | None,
        result: AnnotatedImportReport,
        progress: Callable[[int], None] | None,
        apart: SpansApart | None = None,
    ) -> None:
        self.sources = sources
        self.apart = apart
        self.reading = reading
        self.workers = workers
        self.result = result
        self.progress = progress
        self.documents = 0  # of the input being read
        self.read = 0  # documents read from every input

    def chunks(self, context: ImportContext) -> Iterator[PreparedChunk]:
        tasks = itertools.count()
        reading = self.reading
        for index, source in enumerate(self.sources):
            part = ImportReport()
            removed: Counter[str] = Counter()
            marks: Counter[str] = Counter()
            self.documents = 0
            problems: list[InputError] = []
            try:
                yield from self._source_chunks(source, context, tasks, part, removed, marks)
            except InputError as error:
                problems = [error]
            except BatchError as error:  # a folder's codec lists its bad files (brat)
                problems = list(error.errors)
            empty = not problems and not self.documents and not part.skipped
            if empty:
                problems = [_empty(source)]
            if problems and not reading.skip_bad:
                problems += _first_problems(self.sources[index + 1 :], reading)
                raise problems[0] if len(problems) == 1 else BatchError(problems)
            for problem in problems:
                rest = "the rest of the input skipped" if self.documents else "skipped"
                kind = "empty_inputs" if empty else "bad_inputs"
                part.skip(problem.path, problem.line, f"{problem.message}; {rest}", kind)
            _merge(self.result.reader, part)
            _add_removed(self.result.removed, str(source), removed)
            _add_removed(self.result.marks, str(source), marks)
            self.read += self.documents
        if not self.read:
            raise _NothingRead

    def _source_chunks(
        self,
        source: Path,
        context: ImportContext,
        tasks: Iterator[int],
        part: ImportReport,
        removed: Counter[str],
        marks: Counter[str],
    ) -> Iterator[PreparedChunk]:
        """The chunks of one input, its reader's report going to `part`; counts its documents
        in `self.documents`."""
        from annotator.store import bulk

        reading = self.reading
        parallel = get_format(reading.fmt).parallel_read and reading.encoding in (None, "utf-8")
        workers = _jsonl_workers(source, self.workers) if parallel and not self.apart else 0
        if workers and not reading.options:
            prepared = _parallel_chunks(source, workers, context, reading, tasks, part)
        else:
            module = get_format(reading.fmt).module
            records = module.read(
                source, skip_bad=reading.skip_bad, report=part, **reading.read_options
            )
            screen: bulk.Screen = functools.partial(
                _screened,
                reading=reading,
                report=part,
                odd={},
                warned=set(),
                removed=removed,
                marks=marks,
            )
            if self.apart is not None:
                records, screen = self.apart.wrap(records, screen)
            prepared = bulk.chunks_of_records(records, context, tasks, screen=screen)
        with closing(prepared):
            for chunk in prepared:
                if chunk.removed:
                    removed.update(chunk.removed)
                if chunk.marks:
                    marks.update(chunk.marks)
                self.documents += len(chunk.shas)
                yield chunk
                if self.progress is not None:
                    for _ in chunk.shas:
                        self.progress(1)


def staged(
    pieces: Iterable[tuple],
    work: Callable[..., Any],
    here: Callable[..., Any],
    workers: int,
    context: ImportContext,
) -> Iterator[Any]:
    """`work(*piece, spool)` for each piece, in `workers` processes that each prepare with a
    `bulk.Preparer` for `context` (`worker_preparer`), results in order; `here(*piece, None)`
    in this process for the pieces the pool cannot run.

    A worker hands its chunk back in a spool file (`bulk.pack`), not through a pipe. A spool
    file is used again by a later piece: `in_order` submits piece `t` only after the result of
    piece `t - ahead - 1` was taken, whose chunk the caller reads (`bulk.unspool`) as it takes
    it.
    """
    ahead = workers * _TASKS_IN_FLIGHT
    with spool_folder() as folder:
        spools = [
            os.path.join(folder, f"chunk-{slot}.sqlite") if folder else None
            for slot in range(ahead + 2)
        ]
        tasks = ((*piece, spools[index % len(spools)]) for index, piece in enumerate(pieces))
        with (
            spawn_pool(workers, _start_chunk_worker, (context,)) as pool,
            closing(in_order(tasks, work, here, pool, ahead)) as results,
        ):
            yield from results


def _parallel_chunks(
    source: Path,
    workers: int,
    context: ImportContext,
    reading: _Reading,
    tasks: Iterator[int],
    report: ImportReport,
) -> Iterator[PreparedChunk]:
    """Chunks of native JSONL `source` parsed and prepared in `workers` processes, in order
    (`staged`); each worker reads its piece of the file itself (`_byte_ranges`)."""
    from annotator.store.bulk import Preparer, unspool

    name = str(source)
    local: Preparer | None = None  # when the pool cannot be used

    def here(
        name: str, offset: int, size: int, task: int, reading: _Reading, spool: str | None
    ) -> tuple:
        nonlocal local
        if local is None:
            local = Preparer(context)
        return _prepare_jsonl(local, name, offset, size, task, reading)

    pieces = ((name, offset, size, next(tasks), reading) for offset, size in _byte_ranges(source))
    lines_before = 0
    odd: set[str] = set()  # the odd labels warned about: once per input, not once per piece
    for chunk, part, error, lines in staged(pieces, _prepare_jsonl_task, here, workers, context):
        _renumber(part, lines_before)
        for notice in [n for n in part.warnings if n.kind == "odd_labels"]:
            if notice.message in odd:
                part.warnings.remove(notice)
                part.counts["odd_labels"] -= 1
            odd.add(notice.message)
        _merge(report, part)
        if chunk.shas:
            chunk.info = [info._replace(line=info.line + lines_before) for info in chunk.info]
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


def worker_preparer() -> Any:
    """The `bulk.Preparer` of this worker process (started by `staged`)."""
    return _WORKER_PREPARER


def _prepare_jsonl_task(
    name: str, offset: int, size: int, task: int, reading: _Reading, spool: str | None
) -> tuple[PreparedChunk, ImportReport, tuple[str, int, str] | None, int]:
    from annotator.store.bulk import pack

    chunk, report, error, lines = _prepare_jsonl(
        _WORKER_PREPARER, name, offset, size, task, reading
    )
    return pack(chunk, spool), report, error, lines


def _prepare_jsonl(
    preparer: Any, name: str, offset: int, size: int, task: int, reading: _Reading
) -> tuple[PreparedChunk, ImportReport, tuple[str, int, str] | None, int]:
    """Parse the lines of file `name` that start in the byte range (`_block_lines`) exactly as
    `jsonl.read(skip_bad=reading.skip_bad)` would, clean them (`reading.clean`) and prepare
    them as chunk `task`; also returns how many lines they are. Line numbers count from the
    range's first line, as 1 (see `_renumber`).

    A bad line is skipped and reported (`reading.skip_bad`), or ends the run: the documents
    before it are prepared, and its InputError comes back as (path, line, message).
    """
    from annotator.formats import jsonl
    from annotator.store.bulk import DocInput

    report = ImportReport()
    docs: list[DocInput] = []
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
                if reading.skip_bad:
                    report.skip(name, number, f"{exc.message}; line skipped", "bad_lines")
                    continue
                error = (exc.path, number, exc.message)
                break
        docs.append(
            DocInput(
                text=fields.text,
                name=fields.name,
                meta=fields.meta,
                source=name,
                line=number,
                spans=fields.spans,
                relations=fields.relations,
                tokens=fields.tokens,
                doc_labels=fields.doc_labels,
                notes=fields.notes,
            )
        )
    if docs:
        report.count("documents", len(docs))
        report.count("spans", sum(len(doc.spans) for doc in docs))
        report.count("relations", sum(len(doc.relations) for doc in docs))
    _odd_labels(docs, report, {})
    removed: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    docs, problems = _cleaned(docs, True, removed, marks, reading)
    chunk = preparer.prepare(task, docs, checked=True, problems=problems)
    chunk.removed = dict(removed)
    chunk.marks = dict(marks)
    return chunk, report, error, len(lines)


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
