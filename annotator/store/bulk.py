"""Annotated documents prepared in bulk as ready table rows, for `Project.import_records`.

`prepare_chunk` is pure and picklable, so importers run it in worker processes: it hashes and
normalizes each document for the search index, validates its spans (bounds, text snapshot,
attributes against the label schema) and relations (ends, relation type constraints) as
`import_records` defines, gives them fresh UUIDs and returns the rows of a `PreparedChunk`.
The writing process then only assigns document ids and runs one `executemany` per table.
A worker process also `pack`s its chunk: the rows go into an in-memory SQLite database whose
image (one bytes object, written to a spool file when the worker has one) is sent instead of
the row tuples, and the writer copies them with one ``INSERT ... SELECT`` per table, without
unpickling or binding a row in Python.

What a check can only decide against the store (a span or relation the annotator already has
in a document that is already there is skipped, not checked) is not decided here: problems are
listed per document and the writer raises the first one that applies.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

from annotator.errors import InputError, SchemaError, UsageError
from annotator.model import DocRecord, NoteRecord, PlacedNote, Tokenization, placed_notes
from annotator.rules import (
    LabelDef,
    RelationType,
    checked_span,
    doc_label_value,
    id_prefix,
    relation_problem,
    tokenization_problem,
    validate_attributes,
)
from annotator.store.doc_time import TIME_KEY
from annotator.store.rows import to_json
from annotator.store.search import IndexBodies
from annotator.store.tokens import pack_tokens

# Each chunk takes its UUIDs from its own range of 2**TASK_BITS counter values.
TASK_BITS = 24
_COUNTER_LIMIT = 1 << 48
_MEMO_LIMIT = 50_000


class DocInput(NamedTuple):
    """A document handed to `prepare_chunk`. spans: (start, end, label, id, text or None,
    attributes, suggested_by or None: an accepted suggestion's provenance); relations: (head,
    tail, label, id, annotator); the shapes of `jsonl.parse_fields`, whose spans hold their
    annotator instead of their text (`prepare_chunk(checked=True)` does not read it).
    tokens: its own `Tokenization` or None; doc_labels: its document labels (attribute name
    -> value); notes: those on it and on its spans (by index in `spans`), carried beside them
    (never in `meta` or attributes)."""

    text: str
    name: str
    meta: dict[str, Any]
    source: str | None
    line: int | None
    spans: list[tuple]
    relations: list[tuple]
    tokens: Tokenization | None
    doc_labels: dict[str, Any]
    notes: Sequence[PlacedNote]


class NoteRow(NamedTuple):
    """A note of a prepared chunk: on document `pos` of the chunk, on its span `span` (the
    uuid the span was given; None: on the document)."""

    pos: int
    span: str | None
    note: NoteRecord


@dataclass(frozen=True)
class ImportContext:
    """What preparing needs from the project, read once inside the import's transaction."""

    labels: dict[str, LabelDef]
    relation_types: dict[str, tuple[str | None, str | None]]  # name -> (head, tail label)
    max_bytes: int
    uuid_prefix: str
    uuid_base: int
    doc_attributes: dict[str, dict[str, Any]] = field(default_factory=dict)  # by name

    def uuid_start(self, task: int) -> int:
        """The first UUID counter value of chunk number `task`."""
        start = self.uuid_base + (task << TASK_BITS)
        if start + (1 << TASK_BITS) > _COUNTER_LIMIT:
            raise UsageError("too many chunks in one import: import the files in several runs")
        return start


def new_context(
    labels: Iterable[LabelDef],
    relation_types: Iterable[Any],
    max_bytes: int,
    doc_attributes: Iterable[dict[str, Any]] = (),
) -> ImportContext:
    """A context with a fresh id prefix (`annotator.rules.id_prefix`).

    Chunks count up from a random point of the last 48 bits, each in its own range: the UUIDs
    of an import are unique and consecutive, so they go to the end of the `uuid` indexes.
    """
    prefix, base = id_prefix()
    return ImportContext(
        labels={label.name: label for label in labels},
        relation_types={kind.name: (kind.head_label, kind.tail_label) for kind in relation_types},
        max_bytes=max_bytes,
        uuid_prefix=prefix,
        uuid_base=base,
        doc_attributes={definition["name"]: definition for definition in doc_attributes},
    )


class Problem(NamedTuple):
    """A problem found while preparing a document, in the order found. kind: "fatal" (the
    document cannot be stored), "size" (over the limit: matters for a new document only),
    "span" (key: the span's (label, start, end); uuid: the one it was given), "relation"
    (key: its (label, head uuid, tail uuid))."""

    kind: Literal["fatal", "size", "span", "relation"]
    message: str
    key: tuple | None = None
    uuid: str | None = None


class DocInfo(NamedTuple):
    """What preparing found of one document: `where` and `line` locate it for messages;
    `spans` and `relations` count its valid rows in the chunk; `duplicates`: spans given twice;
    `problems`: None when there is none."""

    where: str
    line: int | None
    spans: int
    relations: int
    duplicates: int
    problems: list[Problem] | None


@dataclass
class PreparedChunk:
    """Rows for a run of documents; `pos` is a document's index in the chunk.

    docs: (pos, name, title, source, UTF-8 text, sha256, length, meta JSON)
    bodies: (pos, UTF-8 search index body: the document's distinct normalized words)
    terms: (term,) not listed by an earlier chunk of the same preparer
    spans: (uuid, pos, label, start, end, text, attributes JSON, suggested_by JSON or None),
        valid ones only
    relations: (uuid, pos, label, head uuid, tail uuid), valid ones only
    tokens: (pos, packed tokens) of the documents that bring their own (`store.tokens`)
    doc_labels: (pos, attribute name, value JSON) of the documents that bring labels, valid
    notes: the notes the documents bring (`NoteRow`; not packed into the image: few)
    info: per document, a `DocInfo`
    labels, relation_labels: in order of first use (of valid relations)
    removed: what cleaning removed from the texts, by kind (for the importer's report)
    marks: the invisible marks the texts held, by code point (for the importer's report)
    shas: per document, its sha256 (also in `docs`)
    image: when packed (`pack`), the serialized SQLite database holding the rows of `docs`,
        `bodies`, `spans` and `relations` (tables of `IMAGE_TABLES`), which are then empty
    spooled: (file, size) holding `image` instead, when packed into a spool file (`unspool`
        reads it back)
    """

    task: int
    shas: list[str] = field(default_factory=list)
    image: bytes | None = None
    spooled: tuple[str, int] | None = None
    docs: list[tuple] = field(default_factory=list)
    bodies: list[tuple] = field(default_factory=list)
    terms: list[tuple] = field(default_factory=list)
    spans: list[tuple] = field(default_factory=list)
    relations: list[tuple] = field(default_factory=list)
    tokens: list[tuple] = field(default_factory=list)
    doc_labels: list[tuple] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    info: list[DocInfo] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    relation_labels: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    marks: dict[str, int] = field(default_factory=dict)


class ChunkSource(Protocol):
    """Something `import_records` takes instead of records: chunks prepared elsewhere."""

    def chunks(self, context: ImportContext) -> Iterator[PreparedChunk]: ...


class Preparer:
    """`prepare_chunk` with what is kept across the chunks of one process: the index terms
    already listed and validated attribute sets (imports repeat the same few)."""

    def __init__(self, context: ImportContext, share_terms: bool = True) -> None:
        self.context = context
        self.bodies = IndexBodies(share_terms)
        self._attributes: dict[tuple, str] = {}
        self._plain: dict[str, LabelDef] = {}

    def index_body(self, data: bytes, terms: set[str]) -> bytes:
        """What the search index gets for UTF-8 text `data`, in UTF-8 (see
        `search.IndexBodies`); adds the index terms of words new to this preparer to `terms`."""
        return self.bodies.utf8_body(data, terms)

    def attributes_json(self, label: str, attributes: dict[str, Any]) -> str:
        """`attributes` checked against the label's definitions, as stored JSON."""
        if not attributes:
            return "{}"
        try:
            key = (label, tuple(attributes.items()), tuple(map(type, attributes.values())))
            cached = self._attributes.get(key)
        except TypeError:  # an unhashable value (a list): no memo
            return to_json(validate_attributes(self._label(label), attributes))
        if cached is None:
            cached = to_json(validate_attributes(self._label(label), attributes))
            if len(self._attributes) > _MEMO_LIMIT:
                self._attributes.clear()
            self._attributes[key] = cached
        return cached

    def _label(self, name: str) -> LabelDef:
        """The label's definition; a label new to the project gets a plain one, as
        `Project.ensure_labels` adds it."""
        known = self.context.labels.get(name)
        if known is not None:
            return known
        return self._plain.setdefault(name, LabelDef(name, "", None, []))

    def prepare(
        self,
        task: int,
        docs: Iterable[DocInput],
        checked: bool = False,
        problems: dict[int, str] | None = None,
    ) -> PreparedChunk:
        return prepare_chunk(self, task, docs, checked, problems)


def prepare_chunk(
    preparer: Preparer,
    task: int,
    docs: Iterable[DocInput],
    checked: bool = False,
    problems: dict[int, str] | None = None,
) -> PreparedChunk:
    """Rows for `docs` (see `PreparedChunk`), UUIDs from chunk number `task`'s range.

    checked: the spans' offsets are known to be valid and their texts right (e.g.
    `jsonl.parse_fields` checked them); the fifth item of a span is then not read.
    problems: problems found before (e.g. by cleaning), by position in `docs`: each is its
    document's first, a "fatal" one.
    """

    context = preparer.context
    relation_types = context.relation_types
    max_bytes = context.max_bytes
    prefix = context.uuid_prefix
    counter = context.uuid_start(task)
    limit = counter + (1 << TASK_BITS)
    attributes_json = preparer.attributes_json
    chunk = PreparedChunk(task)
    span_rows = chunk.spans
    relation_rows = chunk.relations
    labels: dict[str, str] = {}
    relation_labels: dict[str, str] = {}
    terms: set[str] = set()
    for pos, doc in enumerate(docs):
        text, name, meta, source, line = doc.text, doc.name, doc.meta, doc.source, doc.line
        spans, relations, tokens = doc.spans, doc.relations, doc.tokens
        found: list[Problem] = []
        if problems and pos in problems:
            found.append(Problem("fatal", problems[pos]))
        for label_name, value in doc.doc_labels.items():
            definition = context.doc_attributes.get(label_name)
            try:
                if definition is None:
                    raise SchemaError(
                        f"no document attribute named {label_name!r} (define it first: "
                        "annotator labels --add-doc-attribute, or --load)"
                    )
                value = doc_label_value(definition, value)
            except SchemaError as err:
                found.append(Problem("fatal", f"its document label: {err}"))
                continue
            if value is not None:
                chunk.doc_labels.append((pos, label_name, to_json(value)))
        if tokens is not None:
            if problem := tokenization_problem(text, tokens):
                found.append(Problem("fatal", f"its tokens: {problem}"))
            else:
                chunk.tokens.append((pos, pack_tokens(tokens)))
        data = text.encode("utf-8")
        if len(data) > max_bytes:
            found.append(
                Problem(
                    "size",
                    f"{name + ': ' if name else ''}{len(data):,} bytes exceeds the limit of "
                    f"{max_bytes:,}",
                )
            )
        sha = hashlib.sha256(data).hexdigest()
        chunk.shas.append(sha)
        if TIME_KEY in meta:  # an earlier export's editing time: export only, not stored
            meta = {key: value for key, value in meta.items() if key != TIME_KEY}
        chunk.docs.append(
            (pos, name, meta.get("title"), source, data, sha, len(text), to_json(meta))
        )
        chunk.bodies.append((pos, preparer.index_body(data, terms)))

        if counter + len(spans) + len(relations) > limit:
            raise InputError(source or name, line, "too many spans and relations in one document")
        first_span = len(span_rows)
        uuid_of: dict[tuple, str] = {}  # (label, start, end) -> uuid
        span_uuids: list[str] = []  # by index in `spans`
        local_ids: dict[str, tuple[str, str]] = {}  # span id -> (uuid, label)
        duplicates = 0
        for start, end, label, span_id, snapshot, attributes, suggested_by in spans:
            label = labels.setdefault(label, label)
            key = (label, start, end)
            uuid = uuid_of.get(key)
            if uuid is None:
                uuid = f"{prefix}{counter:012x}"
                counter += 1
                uuid_of[key] = uuid
                try:
                    piece = text[start:end] if checked else checked_span(text, start, end, snapshot)
                    stored = attributes_json(label, attributes) if attributes else "{}"
                except SchemaError as err:
                    found.append(Problem("span", f"span {span_id or ''} {err}", key, uuid))
                else:
                    provenance = to_json(suggested_by) if suggested_by else None
                    span_rows.append((uuid, pos, label, start, end, piece, stored, provenance))
            else:
                duplicates += 1
            span_uuids.append(uuid)
            if span_id is not None:
                local_ids[span_id] = (uuid, label)
        for placed in doc.notes:
            index, note = placed
            if index is not None and not 0 <= index < len(span_uuids):
                found.append(Problem("fatal", f"a note on span {index + 1}, which it lacks"))
                continue
            on = None if index is None else span_uuids[index]
            chunk.notes.append(NoteRow(pos, on, note))

        first_relation = len(relation_rows)
        known: set[tuple[str, str, str]] = set()
        for head_id, tail_id, label, relation_id, _ in relations:
            head_end, tail_end = local_ids.get(head_id), local_ids.get(tail_id)
            if head_end is None or tail_end is None:
                missing = head_id if head_end is None else tail_id
                found.append(
                    Problem(
                        "fatal", f"relation {relation_id or ''} refers to unknown span {missing!r}"
                    )
                )
                break
            head, head_is = head_end
            tail, tail_is = tail_end
            if (label, head, tail) in known:
                continue
            kind = RelationType(label, *relation_types.get(label, (None, None)))
            if problem := relation_problem(kind, head, tail, head_is, tail_is):
                problem = f"relation {relation_id or ''}: {problem}"
                found.append(Problem("relation", problem, (label, head, tail)))
                continue
            label = relation_labels.setdefault(label, label)
            relation_rows.append((f"{prefix}{counter:012x}", pos, label, head, tail))
            counter += 1
            known.add((label, head, tail))
        chunk.info.append(
            DocInfo(
                source or name,
                line,
                len(span_rows) - first_span,
                len(relation_rows) - first_relation,
                duplicates,
                found or None,
            )
        )
    chunk.terms = [(term,) for term in terms]
    chunk.labels = list(labels)
    chunk.relation_labels = list(relation_labels)
    return chunk


# The tables of a packed chunk's image: the columns of `PreparedChunk`'s row lists, in order.
IMAGE_TABLES = {
    "docs": ("pos", "name", "title", "source", "text", "sha256", "length", "meta"),
    "bodies": ("pos", "body"),
    "spans": ("uuid", "pos", "label", "start", "end", "text", "attributes", "suggested_by"),
    "relations": ("uuid", "pos", "label", "head", "tail"),
    "tokens": ("pos", "data"),
    "doc_labels": ("doc", "name", "value"),  # several rows per document: no "pos" key
}
# Stored as TEXT: the chunk holds them as UTF-8 bytes.
_TEXT_COLUMNS = {"text", "body"}
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows


def pack(chunk: PreparedChunk, spool: str | None = None) -> PreparedChunk:
    """Move the rows of `chunk` into an in-memory SQLite database and keep its image, written
    over the start of file `spool` when one is given (and can be written): then only the
    file's name goes through the pipe to the writing process. Spool files are meant to be used
    again and again: overwriting pages a file has is much cheaper than getting new ones."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("BEGIN")
        for table, columns in IMAGE_TABLES.items():
            definition = ", ".join(
                "pos INTEGER PRIMARY KEY" if column == "pos" and not index else f'"{column}"'
                for index, column in enumerate(columns)
            )
            conn.execute(f"CREATE TABLE {table}({definition})")
            values = ", ".join(
                "CAST(? AS TEXT)" if column in _TEXT_COLUMNS else "?" for column in columns
            )
            conn.executemany(f"INSERT INTO {table} VALUES ({values})", getattr(chunk, table))
            setattr(chunk, table, [])
        conn.execute("COMMIT")
        chunk.image = conn.serialize()
    finally:
        conn.close()
    if spool is not None:
        try:
            fd = os.open(spool, os.O_WRONLY | os.O_CREAT | _O_BINARY, 0o600)  # not truncated
            try:
                written = os.write(fd, chunk.image)
            finally:
                os.close(fd)
        except OSError:  # e.g. no room left: the image goes through the pipe
            return chunk
        if written == len(chunk.image):
            chunk.spooled, chunk.image = (spool, written), None
    return chunk


def unspool(chunk: PreparedChunk) -> PreparedChunk:
    """`chunk` with the image of its spool file (`pack`) read back; the file may then be
    used again."""
    if chunk.spooled is not None:
        (path, size), chunk.spooled = chunk.spooled, None
        fd = os.open(path, os.O_RDONLY | _O_BINARY)
        try:
            chunk.image = os.read(fd, size)
        finally:
            os.close(fd)
        if len(chunk.image) != size:
            raise OSError(f"{path}: {len(chunk.image):,} bytes instead of {size:,}")
    return chunk


def unpack(chunk: PreparedChunk) -> PreparedChunk:
    """The rows of a packed `chunk` back in its lists (texts as str instead of bytes)."""
    if chunk.image is None:
        return chunk
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(chunk.image)
        for table, columns in IMAGE_TABLES.items():
            names = ", ".join(f'"{column}"' for column in columns)
            rows = conn.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
            setattr(chunk, table, rows)
    finally:
        conn.close()
    chunk.image = None
    return chunk


def record_input(record: DocRecord) -> DocInput:
    """A record as `prepare_chunk` takes it; its notes and its spans' beside them
    (`model.placed_notes`)."""
    return DocInput(
        text=record.text,
        name=record.name,
        meta=record.meta,
        source=record.source,
        line=record.line,
        spans=[
            (s.start, s.end, s.label, s.id, s.text, s.attributes, s.suggested_by)
            for s in record.spans
        ],
        relations=[(r.head, r.tail, r.label, r.id, r.annotator) for r in record.relations],
        tokens=record.tokens,
        doc_labels=record.doc_labels,
        notes=placed_notes(record),
    )


Screen = Callable[[list[DocInput]], tuple[list[DocInput], dict[int, str]]]
"""A stage between reading and preparing: the documents as they are to be prepared, and the
problems it found, by position (see `prepare_chunk`)."""


def chunks_of_records(
    records: Iterable[DocRecord],
    context: ImportContext,
    tasks: Iterator[int],
    size: int = 256,
    screen: Screen | None = None,
) -> Iterator[PreparedChunk]:
    """Records prepared in this process, `size` at a time, numbered from `tasks`, each batch
    first passed through `screen` when given.

    When reading the records fails, the records read before are yielded first: a problem in
    one of them is the first problem of the import.
    """
    preparer = Preparer(context)
    batch: list[DocInput] = []

    def prepared() -> PreparedChunk:
        if screen is None:
            return preparer.prepare(next(tasks), batch)
        docs, problems = screen(batch)
        return preparer.prepare(next(tasks), docs, problems=problems)

    try:
        for record in records:
            batch.append(record_input(record))
            if len(batch) == size:
                yield prepared()
                batch = []
    except Exception:
        if batch:
            yield prepared()
        raise
    if batch:
        yield prepared()
