"""The store's one importer: documents with their annotations, written a prepared chunk at a
time with a policy for problems.

`import_chunks` (also `Project.import_records`) takes documents as records, or chunks already
prepared as table rows elsewhere (`bulk.ChunkSource`, e.g. by worker processes), and writes
them in one transaction:

- `on_problem="raise"`: all or nothing; the first problem (in document order) raises an
  `InputError` naming the document's file and line, and nothing is written.
- `on_problem="skip"`: a document with a problem is left out (nothing of it is written) and
  listed in the summary's `skipped`; the others are written.

A document whose text is already present (same sha256) receives the annotations instead of
being duplicated; a span identical (label and boundaries) to one the annotator already has
there is skipped, unchecked, and counted. Unknown labels and relation types are added to the
schema. The size limit applies to new documents only. One history entry per document that
received something, and one for the whole import.

The checks themselves (span bounds and text, attributes, relation types, size) are made once,
while preparing (`bulk.prepare_chunk`); the writer only decides, against the store, which of
the problems found apply.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from annotator.errors import InputError
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, DocRecord
from annotator.rules import DONE, IN_PROGRESS, RelationType
from annotator.store.rows import now
from annotator.store.tokens import store_tokens, stored_data

if TYPE_CHECKING:
    from annotator.store.bulk import ChunkSource, NoteRow, PreparedChunk
    from annotator.store.project import Project

__all__ = ["CHUNK_SCHEMA", "DuplicateDocument", "ImportSummary", "OnProblem", "import_chunks"]

OnProblem = Literal["raise", "skip"]
# The in-memory database a bulk import attaches to copy packed chunks from (`bulk.pack`).
CHUNK_SCHEMA = "import_chunk"


class DuplicateDocument(NamedTuple):
    """A document of a plain import (no annotator) whose text the project already has."""

    name: str
    source: str | None
    existing_id: int


@dataclass
class ImportSummary:
    """What `import_chunks` did; `skipped`: the documents left out (policy "skip");
    `duplicates`: of a plain import, the documents already there (nothing written)."""

    documents_added: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_duplicate: int = 0
    relations_added: int = 0
    notes_added: int = 0  # on the documents and spans, new or matched (`Notes._import_notes`)
    labels_added: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    duplicates: list[DuplicateDocument] = field(default_factory=list)
    # documents already in the project with tokens of their own that an input tokenizes
    # differently: they keep theirs
    other_tokens: list[InputError] = field(default_factory=list)

    def merge(self, other: ImportSummary) -> None:
        """Add `other`'s counts and lists to these."""
        self.documents_added += other.documents_added
        self.documents_matched += other.documents_matched
        self.spans_added += other.spans_added
        self.spans_duplicate += other.spans_duplicate
        self.relations_added += other.relations_added
        self.notes_added += other.notes_added
        self.labels_added += other.labels_added
        self.document_ids += other.document_ids
        self.skipped += other.skipped
        self.duplicates += other.duplicates
        self.other_tokens += other.other_tokens


@dataclass
class ChunkWriter:
    """What the writer keeps across chunks: the annotator, the names in the schema, the
    policy."""

    annotator: str | None
    annotator_id: int | None  # None: plain documents
    done: bool
    labels: set[str]
    relation_types: set[str]
    skip: bool = False  # on_problem="skip"
    packed: bool = False  # packed chunks can be copied from `CHUNK_SCHEMA`


def import_chunks(
    project: Project,
    source: Iterable[DocRecord] | ChunkSource,
    annotator: str | None,
    *,
    done: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    on_problem: OnProblem = "raise",
) -> ImportSummary:
    """Import `source` (records, or a `bulk.ChunkSource` given the context to prepare with)
    as `annotator`'s annotations in one transaction, with the policy `on_problem` (see the
    module docstring). `annotator` None: plain documents (no annotations), a document
    already there is listed in the summary's `duplicates`; a document left out, in its
    `skipped`. Outside any transaction the journal, the
    foreign key checks and the index merges are set for a bulk write
    (`Project._bulk_journal`, `_attached_chunks`, `Project._fewer_index_merges`) and restored
    afterwards."""
    from annotator.store import bulk

    if on_problem not in ("raise", "skip"):
        raise ValueError(f"on_problem must be 'raise' or 'skip', not {on_problem!r}")
    summary = ImportSummary()
    with (
        project._bulk_journal(),
        _attached_chunks(project) as attached,
        project.transaction(),
        project._fewer_index_merges(),
    ):
        labels = project.labels()
        relation_types = project.relation_types()
        writer = ChunkWriter(
            annotator=annotator,
            annotator_id=None if annotator is None else project.annotator_id(annotator),
            done=done,
            labels={label.name for label in labels},
            relation_types={kind.name for kind in relation_types},
            skip=on_problem == "skip",
            packed=attached,
        )
        context = bulk.new_context(labels, relation_types, max_bytes, project.doc_attributes())
        if isinstance(source, Iterable):
            chunks = bulk.chunks_of_records(source, context, itertools.count())
        else:
            chunks = source.chunks(context)
        try:
            for chunk in chunks:
                write_chunk(project, chunk, writer, summary)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        if summary.notes_added:
            project._log("import notes", None, {"notes": summary.notes_added}, annotator)
        if annotator is None:
            if summary.documents_added:
                project._log("import documents", None, {"count": summary.documents_added})
        else:
            project._log(
                "import annotations",
                None,
                {"documents": len(summary.document_ids), "spans": summary.spans_added},
                annotator,
            )
    return summary


@contextmanager
def _attached_chunks(project: Project) -> Iterator[bool]:
    """For a bulk import outside any transaction: an in-memory database attached as
    `CHUNK_SCHEMA`, into which a packed chunk (`bulk.pack`) is loaded to be copied from,
    and no foreign key checks (the importer makes every reference itself: to the documents
    and spans it inserts, the spans it matched and the annotator). Yields False, changing
    nothing, inside a transaction; packed chunks are then unpacked."""
    conn = project.conn
    if project._depth or conn.in_transaction:
        yield False
        return
    conn.execute(f"ATTACH ':memory:' AS {CHUNK_SCHEMA}")
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield True
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"DETACH {CHUNK_SCHEMA}")


def write_chunk(
    project: Project, chunk: PreparedChunk, writer: ChunkWriter, summary: ImportSummary
) -> None:
    """Store a prepared chunk: its new documents in runs, a document already in the project
    (same sha256, also an earlier one of the chunk) on its own, a document with a problem
    raising it or (policy "skip") left out."""
    from annotator.store import bulk

    shas = chunk.shas
    if not shas:
        return
    conn = project.conn
    if chunk.terms:
        # also those of documents left out: a term no document holds finds nothing
        conn.executemany("INSERT OR IGNORE INTO terms(term) VALUES (?)", chunk.terms)
        project._terms_cache = None  # the search's copy of the terms is out of date
    found = dict(
        conn.execute(
            f"SELECT sha256, id FROM documents WHERE sha256 IN ({', '.join('?' * len(shas))})",
            shas,
        )
    )
    stamp = now()
    skipping = writer.skip and any(info.problems for info in chunk.info)
    new_run = not found and not skipping and len(set(shas)) == len(shas)
    if chunk.image is not None and not (new_run and writer.packed):
        bulk.unpack(chunk)
    if new_run:
        _write_new_run(
            project, chunk, 0, len(shas), chunk.spans, chunk.relations, writer, summary, stamp
        )
        return
    span_ends = list(itertools.accumulate(info.spans for info in chunk.info))
    relation_ends = list(itertools.accumulate(info.relations for info in chunk.info))

    def rows(ends: list[int], table: list[tuple], lo: int, hi: int) -> list[tuple]:
        return table[(ends[lo - 1] if lo else 0) : ends[hi - 1]]

    def flush(lo: int, hi: int) -> None:
        if lo < hi:
            base = _write_new_run(
                project,
                chunk,
                lo,
                hi,
                rows(span_ends, chunk.spans, lo, hi),
                rows(relation_ends, chunk.relations, lo, hi),
                writer,
                summary,
                stamp,
            )
            found.update((shas[pos], base + pos - lo) for pos in range(lo, hi))

    start = 0  # of the run of new documents not written yet
    pending: set[str] = set()  # their sha256
    for pos, sha in enumerate(shas):
        new = sha not in found and sha not in pending
        if new and not (skipping and chunk.info[pos].problems):
            pending.add(sha)
            continue
        flush(start, pos)
        start = pos + 1
        pending.clear()
        if new:  # with a problem: left out
            info = chunk.info[pos]
            assert info.problems
            summary.skipped.append(InputError(info.where, info.line, info.problems[0].message))
            continue
        if writer.annotator is None:  # a plain document already there
            row = chunk.docs[pos]
            summary.duplicates.append(DuplicateDocument(row[1], row[3], found[sha]))
            continue
        try:
            _write_matched(
                project,
                chunk,
                pos,
                found[sha],
                rows(span_ends, chunk.spans, pos, pos + 1),
                rows(relation_ends, chunk.relations, pos, pos + 1),
                writer,
                summary,
                stamp,
            )
        except InputError as error:  # raised before anything of the document is written
            if not writer.skip:
                raise
            summary.skipped.append(error)
    flush(start, len(shas))


def _write_new_run(
    project: Project,
    chunk: PreparedChunk,
    lo: int,
    hi: int,
    spans: list[tuple],
    relations: list[tuple],
    writer: ChunkWriter,
    summary: ImportSummary,
    stamp: str,
) -> int:
    """Insert documents `lo` to `hi` (exclusive) of `chunk`, none of them in the project, with
    their rows; returns the id of the first (the others follow). A packed chunk is written
    whole."""
    infos = chunk.info[lo:hi]
    for info in infos:
        if info.problems:
            raise InputError(info.where, info.line, info.problems[0].message)
    conn = project.conn
    base = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
    doc_id = f"(? + {base - lo})"  # document `pos` gets id base + pos - lo
    if chunk.image is not None:
        _ensure_labels(project, chunk, set(chunk.labels), writer, summary)
        _ensure_relation_types(project, set(chunk.relation_labels), writer)
        _copy_packed(project, chunk.image, base, writer, stamp)
        span_count = sum(info.spans for info in infos)
        relation_count = sum(info.relations for info in infos)
    else:
        _ensure_labels(project, chunk, {row[2] for row in spans}, writer, summary)
        _ensure_relation_types(project, {row[2] for row in relations}, writer)
        conn.executemany(
            "INSERT INTO documents(id, name, title, source, text, sha256, length, meta, "
            f"imported_at) VALUES ({doc_id}, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, '{stamp}')",
            chunk.docs[lo:hi],
        )
        conn.executemany(
            f"INSERT INTO doc_index(rowid, body) VALUES ({doc_id}, CAST(? AS TEXT))",
            chunk.bodies[lo:hi],
        )
        store_tokens(
            conn, ((base + pos - lo, data) for pos, data in chunk.tokens if lo <= pos < hi)
        )
        _insert_rows(project, doc_id, spans, relations, writer, stamp)
        _insert_doc_labels(
            project, doc_id, [row for row in chunk.doc_labels if lo <= row[0] < hi], writer, stamp
        )
        span_count, relation_count = len(spans), len(relations)
    status = [(pos,) for pos, info in enumerate(infos, lo) if writer.done or info.spans]
    _set_imported_status(project, doc_id, status, writer, stamp)
    _log_imported(
        project,
        doc_id,
        [(pos, info.spans, info.relations) for pos, info in enumerate(infos, lo)],
        writer,
        stamp,
    )
    _insert_notes(
        project,
        [(base + row.pos - lo, row) for row in chunk.notes if lo <= row.pos < hi],
        {},
        writer,
        summary,
    )
    summary.documents_added += hi - lo
    summary.document_ids += range(base, base + hi - lo)
    summary.spans_added += span_count
    summary.spans_duplicate += sum(info.duplicates for info in infos)
    summary.relations_added += relation_count
    return base


def _copy_packed(
    project: Project, image: bytes, base: int, writer: ChunkWriter, stamp: str
) -> None:
    """Insert the rows of a packed chunk's `image` (`bulk.pack`), its document `pos`
    getting id `base + pos`, with one INSERT ... SELECT per table."""
    conn = project.conn
    conn.deserialize(image, name=CHUNK_SCHEMA)
    doc_id = f"pos + {base}"
    conn.execute(
        "INSERT INTO documents(id, name, title, source, text, sha256, length, meta, "
        f"imported_at) SELECT {doc_id}, name, title, source, text, sha256, length, meta, "
        f"'{stamp}' FROM {CHUNK_SCHEMA}.docs ORDER BY pos"
    )
    conn.execute(
        f"INSERT INTO doc_index(rowid, body) SELECT {doc_id}, body "
        f"FROM {CHUNK_SCHEMA}.bodies ORDER BY pos"
    )
    conn.execute(
        f"INSERT INTO doc_tokens(document_id, data) SELECT {doc_id}, data "
        f"FROM {CHUNK_SCHEMA}.tokens ORDER BY pos"
    )
    if writer.annotator_id is None:  # plain documents
        return
    conn.execute(
        'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", '
        "text, attributes, created_at, updated_at, suggested_by) "
        f'SELECT uuid, {doc_id}, {writer.annotator_id}, label, start, "end", text, attributes, '
        f"'{stamp}', '{stamp}', suggested_by FROM {CHUNK_SCHEMA}.spans ORDER BY rowid"
    )
    conn.execute(
        "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
        f"created_at) SELECT uuid, {doc_id}, {writer.annotator_id}, label, head, tail, '{stamp}' "
        f"FROM {CHUNK_SCHEMA}.relations ORDER BY rowid"
    )
    conn.execute(
        "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
        f"SELECT doc + {base}, {writer.annotator_id}, name, value, '{stamp}' "
        f"FROM {CHUNK_SCHEMA}.doc_labels ORDER BY rowid"
    )


def _write_matched(
    project: Project,
    chunk: PreparedChunk,
    pos: int,
    document_id: int,
    spans: list[tuple],
    relations: list[tuple],
    writer: ChunkWriter,
    summary: ImportSummary,
    stamp: str,
) -> None:
    """Add document `pos` of `chunk`'s rows to the project's document `document_id` (same
    text): spans and relations the annotator has there already are skipped, unchecked. A
    problem that applies raises its InputError before anything is written."""
    where, line, _, _, duplicates, problems = chunk.info[pos]  # a DocInfo
    existing = {
        (a.label, a.start, a.end): a.uuid
        for a in project.annotations(document_id, writer.annotator)
    }
    same: dict[str, str] = {}  # uuid of a prepared span -> uuid of the one already there
    new_spans = []
    for row in spans:
        uuid = existing.get((row[2], row[3], row[4]))
        if uuid is None:
            new_spans.append(row)
        else:
            same[row[0]] = uuid
            duplicates += 1
    known: set[tuple[str, str, str]] | None = None
    for problem in problems or ():
        if problem.kind == "span":
            assert problem.key is not None and problem.uuid is not None
            uuid = existing.get(problem.key)
            if uuid is None:
                raise InputError(where, line, problem.message)
            same[problem.uuid] = uuid
            duplicates += 1
        elif problem.kind == "relation":
            if known is None:
                known = _known_relations(project, document_id, writer.annotator)
            assert problem.key is not None
            label, head, tail = problem.key
            if (label, same.get(head, head), same.get(tail, tail)) not in known:
                raise InputError(where, line, problem.message)
        elif problem.kind != "size":  # the size limit is for new documents
            raise InputError(where, line, problem.message)
    new_relations = []
    if relations:
        if known is None:
            known = _known_relations(project, document_id, writer.annotator)
        for uuid, at, label, head, tail in relations:
            key = (label, same.get(head, head), same.get(tail, tail))
            if key not in known:
                known.add(key)
                new_relations.append((uuid, at, *key))
    _ensure_labels(project, chunk, {row[2] for row in new_spans}, writer, summary)
    _ensure_relation_types(project, {row[2] for row in new_relations}, writer)
    doc_id = f"(? + {document_id - pos})"
    given = [data for at, data in chunk.tokens if at == pos]
    if given:  # the document's own tokens, unless it has some already
        kept = stored_data(project.conn, document_id)  # as stored: compared, not unpacked
        if kept is None:
            store_tokens(project.conn, [(document_id, given[0])])
        elif kept != given[0]:
            message = (
                f"document {document_id} is already in the project with tokens of its own, "
                "which it keeps; this input tokenizes the same text differently"
            )
            summary.other_tokens.append(InputError(where, line, message))
    _insert_rows(project, doc_id, new_spans, new_relations, writer, stamp)
    _insert_doc_labels(  # a label the annotator has there already is kept
        project, doc_id, [row for row in chunk.doc_labels if row[0] == pos], writer, stamp
    )
    notes = [(document_id, row) for row in chunk.notes if row.pos == pos]
    _insert_notes(project, notes, same, writer, summary)  # also on the spans already there
    status = [(pos,)] if writer.done or new_spans else []
    _set_imported_status(project, doc_id, status, writer, stamp)
    _log_imported(project, doc_id, [(pos, len(new_spans), len(new_relations))], writer, stamp)
    summary.documents_matched += 1
    summary.document_ids.append(document_id)
    summary.spans_added += len(new_spans)
    summary.spans_duplicate += duplicates
    summary.relations_added += len(new_relations)


def _known_relations(
    project: Project, document_id: int, annotator: str | None
) -> set[tuple[str, str, str]]:
    return {(r.label, r.head, r.tail) for r in project.relations(document_id, annotator)}


def _ensure_labels(
    project: Project,
    chunk: PreparedChunk,
    used: set[str],
    writer: ChunkWriter,
    summary: ImportSummary,
) -> None:
    """Add the labels in `used` that the schema lacks, in the chunk's order of first use."""
    if used <= writer.labels:
        return
    unknown = [label for label in chunk.labels if label in used and label not in writer.labels]
    summary.labels_added += project.ensure_labels(unknown)
    writer.labels.update(unknown)


def _ensure_relation_types(project: Project, names: set[str], writer: ChunkWriter) -> None:
    for name in sorted(names - writer.relation_types):
        project.set_relation_type(RelationType(name))
        writer.relation_types.add(name)


def _insert_rows(
    project: Project,
    doc_id: str,
    spans: list[tuple],
    relations: list[tuple],
    writer: ChunkWriter,
    stamp: str,
) -> None:
    """Insert prepared span and relation rows; `doc_id` is the SQL of the document id from
    the rows' position."""
    if spans:
        project.conn.executemany(
            'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", '
            "text, attributes, created_at, updated_at, suggested_by) "
            f"VALUES (?, {doc_id}, {writer.annotator_id}, ?, ?, ?, ?, ?, '{stamp}', '{stamp}', ?)",
            spans,
        )
    if relations:
        project.conn.executemany(
            "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
            f"created_at) VALUES (?, {doc_id}, {writer.annotator_id}, ?, ?, ?, '{stamp}')",
            relations,
        )


def _insert_doc_labels(
    project: Project, doc_id: str, rows: list[tuple], writer: ChunkWriter, stamp: str
) -> None:
    """Insert prepared document label rows (pos, name, value JSON) of the annotator (none for
    plain documents); one they have already is kept. `doc_id` as for `_insert_rows`."""
    if rows and writer.annotator_id is not None:
        project.conn.executemany(
            "INSERT OR IGNORE INTO doc_labels(document_id, annotator_id, name, value, "
            f"updated_at) VALUES ({doc_id}, {writer.annotator_id}, ?, ?, '{stamp}')",
            rows,
        )


def _insert_notes(
    project: Project,
    rows: list[tuple[int, NoteRow]],
    same: dict[str, str],
    writer: ChunkWriter,
    summary: ImportSummary,
) -> None:
    """Store the notes of prepared documents, (document id, `bulk.NoteRow`): a note on a span
    the annotator had already goes on that one (`same`: prepared uuid -> the one there).
    Plain documents (no annotator) keep only the notes on them."""
    from annotator.store.notes import ImportedNote

    notes = [
        ImportedNote(
            document_id, None if row.span is None else same.get(row.span, row.span), row.note
        )
        for document_id, row in rows
        if row.span is None or writer.annotator_id is not None
    ]
    if notes:
        summary.notes_added += project._import_notes(notes, writer.annotator)


def _set_imported_status(
    project: Project, doc_id: str, positions: list[tuple[int]], writer: ChunkWriter, stamp: str
) -> None:
    """'done' for every document when importing as done, else a first annotation moves a
    document from new to in progress."""
    if not positions:
        return
    if writer.done:
        sql = (
            "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
            f"VALUES ({doc_id}, {writer.annotator_id}, '{DONE}', '{stamp}') "
            "ON CONFLICT(document_id, annotator_id) "
            "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at"
        )
    else:
        sql = (
            "INSERT OR IGNORE INTO doc_status(document_id, annotator_id, status, updated_at) "
            f"VALUES ({doc_id}, {writer.annotator_id}, '{IN_PROGRESS}', '{stamp}')"
        )
    project.conn.executemany(sql, positions)


def _log_imported(
    project: Project,
    doc_id: str,
    counts: list[tuple[int, int, int]],
    writer: ChunkWriter,
    stamp: str,
) -> None:
    """One history entry per document that received something: (pos, spans, relations)."""
    status = ', "status": "done"' if writer.done else ""
    rows = [
        (writer.annotator, pos, f'{{"spans": {spans}, "relations": {relations}{status}}}')
        for pos, spans, relations in counts
        if spans or relations or writer.done
    ]
    if rows:
        project.conn.executemany(
            "INSERT INTO history(at, annotator, action, document_id, detail) "
            f"VALUES ('{stamp}', ?, 'import annotations', {doc_id}, ?)",
            rows,
        )
