"""Read queries of export, agreement and team: batches of documents with their annotations,
streamed in id order, as typed rows.

The span and relation rows of export are the tuples SQLite makes, their layouts declared once
below with a named index constant per field (`SPAN_LABEL`, `RELATION_HEAD`, ...): a NamedTuple
per row costs several times the tuple slice and pickles 2.5x slower to the CoNLL render workers,
which the export budget cannot afford (bench/RESULTS.md, issue 11). Read them by unpacking in the
declared order or through the constants. Everything else, the span and relation rows of `agree`
included, is a NamedTuple.

Readers that also run in worker processes take a connection from `project_connection`, given
an open project, or in a worker the path of its file (read through `connect_readonly`, never
writing it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Union

from annotator.model import Tokenization
from annotator.rules import DONE, NEW
from annotator.store.doc_time import TIME_KEY
from annotator.store.rows import to_json
from annotator.store.tokens import document_tokens
from annotator.store.vocabulary import COUNTED_ANNOTATOR

if TYPE_CHECKING:
    from annotator.store.project import Project
    from annotator.store.records import NewSuggestion, ProposedSpans
    from annotator.store.suggestions import PreparedSuggestions

BATCH = 200  # documents per query


@contextmanager
def project_connection(source: Project | str) -> Iterator[sqlite3.Connection]:
    """The connection of `source` when it is a project (work done in this process); else, in a
    worker, a connection that cannot write to the project file at path `source`
    (`store.project.connect_readonly`), closed afterwards."""
    if not isinstance(source, str):
        yield source.conn
        return
    from annotator.store.project import connect_readonly

    conn = connect_readonly(Path(source))
    try:
        yield conn
    finally:
        conn.close()


# ---------------------------------------------------------------- small lookups


class AnnotatorRow(NamedTuple):
    name: str
    id: int
    role: str


class DocumentKey(NamedTuple):
    """A document's identity: id, text hash and name."""

    id: int
    sha256: str
    name: str


def annotator_rows(project: Project) -> list[AnnotatorRow]:
    """Every annotator (any role) in name order; not those who only have suggestions
    (`vocabulary.COUNTED_ANNOTATOR`)."""
    counted = COUNTED_ANNOTATOR.format(a="w")
    rows = project.conn.execute(
        f"SELECT name, id, role FROM annotators w WHERE {counted} ORDER BY name"
    )
    return list(map(partial(tuple.__new__, AnnotatorRow), rows))


def document_keys(project: Project) -> list[DocumentKey]:
    """Id, hash and name of every document, in id order."""
    rows = project.conn.execute("SELECT id, sha256, name FROM documents ORDER BY id")
    return list(map(partial(tuple.__new__, DocumentKey), rows))


def document_names(project: Project, ids: Sequence[int]) -> dict[int, str]:
    """The names of the documents `ids` (those that exist) by id."""
    names: dict[int, str] = {}
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        names.update(
            project.conn.execute(
                f"SELECT id, name FROM documents WHERE id IN ({_marks(chunk)})", chunk
            )
        )
    return names


def labels_in_use(project: Project) -> list[str]:
    """The labels of the annotations in the project (any order)."""
    return [label for (label,) in project.conn.execute("SELECT DISTINCT label FROM annotations")]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


# ---------------------------------------------------------------- batches of documents


def _document_batches(
    conn: sqlite3.Connection, ids: list[int] | None, columns: str, check: Callable[[], None]
) -> Iterator[tuple[list[tuple], str, list[int]]]:
    """Batches of document rows (`columns`, id first) in id order, with the WHERE clause on
    `document_id` (and its parameters) that selects the same documents in other tables.
    `check()` is called before each batch (it may raise to stop)."""
    last = 0
    start = 0
    while True:
        check()
        if ids is None:
            rows = conn.execute(
                f"SELECT {columns} FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield rows, "document_id BETWEEN ? AND ?", [rows[0][0], last]
        else:
            chunk = ids[start : start + BATCH]
            start += BATCH
            if not chunk:
                return
            marks = _marks(chunk)
            rows = conn.execute(
                f"SELECT {columns} FROM documents WHERE id IN ({marks}) ORDER BY id", chunk
            ).fetchall()
            yield rows, f"document_id IN ({marks})", list(chunk)


# ---------------------------------------------------------------- export


# A span as export hands it to the writers: uuid, start, end, label, annotator name,
# attributes (the stored JSON), suggested_by (the stored JSON of an accepted suggestion's
# provenance, or None)
ExportSpan = tuple[str, int, int, str, "str | None", str, "str | None"]
SPAN_UUID: Final = 0
SPAN_START: Final = 1
SPAN_END: Final = 2
SPAN_LABEL: Final = 3
SPAN_ANNOTATOR: Final = 4
SPAN_ATTRIBUTES: Final = 5
SPAN_SUGGESTED_BY: Final = 6
# A relation: uuid, head uuid, tail uuid, label, annotator name
ExportRelation = tuple[str, str, str, str, "str | None"]
RELATION_UUID: Final = 0
RELATION_HEAD: Final = 1
RELATION_TAIL: Final = 2
RELATION_LABEL: Final = 3
RELATION_ANNOTATOR: Final = 4


class ExportNote(NamedTuple):
    """A note: the uuid of the span it is `on` (None: on the document), its author's id and
    name, its text, needs_review (0/1) and when it was last written."""

    on: str | None
    author_id: int
    author: str
    text: str
    needs_review: int
    at: str


class ExportDoc(NamedTuple):
    """A document with the spans and relations of the chosen annotators, by annotator id;
    spans in (start, longest first, id) order, relations in id order."""

    id: int
    name: str
    text: str
    meta: str
    spans: dict[int, list[ExportSpan]]
    relations: dict[int, list[ExportRelation]]
    tokens: Tokenization | None  # its own tokens and sentences, when it has them
    doc_labels: dict[int, dict[str, Any]]  # by annotator id: attribute name -> value
    notes: Sequence[ExportNote] = ()  # every note of the document, oldest first


def _with_time(meta: str, seconds: dict[str, float] | None) -> str:
    """Stored metadata JSON with `TIME_KEY` set to `seconds` (None: without the key, whatever
    the stored metadata held there)."""
    if seconds is None and f'"{TIME_KEY}"' not in meta:
        return meta
    fields = json.loads(meta)
    if seconds is None:
        fields.pop(TIME_KEY, None)
    else:
        fields[TIME_KEY] = seconds
    return to_json(fields)


ReadSource = Union["Project", sqlite3.Connection]
"""What the readers that also run in workers read: a project, or a `project_connection`."""


def export_batches(
    source: ReadSource,
    ids: list[int] | None,
    annotator_ids: Sequence[int],
    check: Callable[[], None],
    *,
    spans_only: bool = False,
) -> Iterator[list[ExportDoc]]:
    """Documents (all, or `ids`) with the given annotators' spans and relations, a batch per
    three queries; `source`: a project, or in a worker a connection from `project_connection`.
    `spans_only`: without relations, metadata, annotator names, attributes (``"{}"``) and
    suggested_by (what a first pass over the spans and tokens needs: `FormatInfo.file_layout`)."""
    conn = source if isinstance(source, sqlite3.Connection) else source.conn
    chosen = ", ".join(str(int(aid)) for aid in annotator_ids)
    columns = "id, name, text, '{}'" if spans_only else "id, name, text, meta"
    span_extra = (
        "NULL, '{}', NULL FROM annotations a"
        if spans_only
        else "w.name, a.attributes, a.suggested_by FROM annotations a "
        "JOIN annotators w ON w.id = a.annotator_id"
    )
    for rows, where, params in _document_batches(conn, ids, columns, check):
        spans: dict[int, dict[int, list[ExportSpan]]] = {doc_id: {} for doc_id, *_ in rows}
        for row in conn.execute(
            f'SELECT a.document_id, a.annotator_id, a.uuid, a.start, a."end", a.label, '
            f"{span_extra} WHERE a.{where} AND a.annotator_id IN ({chosen}) "
            f'ORDER BY a.document_id, a.start, a."end" DESC, a.id',
            params,
        ):
            # document id, annotator id, then the ExportSpan
            by_annotator = spans[row[0]]
            if row[1] in by_annotator:
                by_annotator[row[1]].append(row[2:])
            else:
                by_annotator[row[1]] = [row[2:]]
        relations: dict[int, dict[int, list[ExportRelation]]] = {doc_id: {} for doc_id, *_ in rows}
        relation_rows = (
            ()
            if spans_only
            else conn.execute(
                f"SELECT r.document_id, r.annotator_id, r.uuid, r.head, r.tail, r.label, w.name "
                f"FROM relations r JOIN annotators w ON w.id = r.annotator_id "
                f"WHERE r.{where} AND r.annotator_id IN ({chosen}) ORDER BY r.id",
                params,
            )
        )
        for row in relation_rows:
            relations[row[0]].setdefault(row[1], []).append(row[2:])
        tokens = document_tokens(conn, [row[0] for row in rows])
        doc_labels: dict[int, dict[int, dict[str, Any]]] = {doc_id: {} for doc_id, *_ in rows}
        label_rows = (
            ()
            if spans_only
            else conn.execute(
                f"SELECT l.document_id, l.annotator_id, l.name, l.value FROM doc_labels l "
                f"LEFT JOIN doc_attribute_defs d ON d.name = l.name "
                f"WHERE l.{where} AND l.annotator_id IN ({chosen}) "
                f"ORDER BY l.document_id, d.position, l.name",
                params,
            )
        )
        for doc_id, annotator_id, label_name, value in label_rows:
            doc_labels[doc_id].setdefault(annotator_id, {})[label_name] = json.loads(value)
        notes: dict[int, list[ExportNote]] = {}
        if not spans_only:
            for row in conn.execute(
                f"SELECT n.document_id, n.annotation_uuid, n.annotator_id, w.name, n.text, "
                f"n.needs_review, n.updated_at FROM notes n "
                f"JOIN annotators w ON w.id = n.annotator_id "
                f"WHERE n.{where} ORDER BY n.document_id, n.created_at, n.id",
                params,
            ):
                notes.setdefault(row[0], []).append(ExportNote(*row[1:]))
        times: dict[int, dict[str, float]] = {}
        if not spans_only:
            for doc_id, annotator_name, seconds in conn.execute(
                f"SELECT t.document_id, w.name, t.seconds FROM doc_time t "
                f"JOIN annotators w ON w.id = t.annotator_id "
                f"WHERE t.{where} AND t.annotator_id IN ({chosen}) AND t.seconds > 0 "
                f"ORDER BY t.document_id, w.name",
                params,
            ):
                times.setdefault(doc_id, {})[annotator_name] = round(seconds, 1)
        yield [
            ExportDoc(
                doc_id,
                name,
                text,
                _with_time(meta, times.get(doc_id)),
                spans[doc_id],
                relations[doc_id],
                tokens.get(doc_id),
                doc_labels[doc_id],
                notes.get(doc_id, ()),
            )
            for doc_id, name, text, meta in rows
        ]


# ---------------------------------------------------------------- agreement


class Selection(NamedTuple):
    """Documents every one of some annotators marked done, and those any of them touched
    (a status other than new, or an annotation), in id order."""

    done: list[int]
    touched: list[int]


def agreement_documents(
    project: Project, annotator_ids: Sequence[int], min_done: int | None = None
) -> Selection:
    """The documents all of `annotator_ids` (or at least `min_done` of them) marked done and
    those any of them touched."""
    marks = _marks(annotator_ids)
    conn = project.conn
    done = [
        doc_id
        for (doc_id,) in conn.execute(
            f"SELECT document_id FROM doc_status WHERE status = '{DONE}' AND annotator_id IN "
            f"({marks}) GROUP BY document_id HAVING count(*) >= ? ORDER BY document_id",
            (*annotator_ids, len(annotator_ids) if min_done is None else min_done),
        )
    ]
    touched = [
        doc_id
        for (doc_id,) in conn.execute(
            f"SELECT document_id FROM doc_status WHERE status != '{NEW}' AND annotator_id IN "
            f"({marks}) UNION SELECT document_id FROM annotations WHERE annotator_id IN "
            f"({marks}) ORDER BY 1",
            (*annotator_ids, *annotator_ids),
        )
    ]
    return Selection(done, touched)


class DocWork(NamedTuple):
    """One annotator's work on one document: its status and how many spans it has there."""

    document_id: int
    annotator_id: int
    status: str
    spans: int


def agreement_work(project: Project, annotator_ids: Sequence[int]) -> list[DocWork]:
    """Every (document, annotator) of `annotator_ids` with a status other than new or a span."""
    marks = _marks(annotator_ids)
    conn = project.conn
    spans = {
        (doc_id, ann_id): count
        for doc_id, ann_id, count in conn.execute(
            f"SELECT document_id, annotator_id, count(*) FROM annotations WHERE annotator_id IN "
            f"({marks}) GROUP BY document_id, annotator_id",
            tuple(annotator_ids),
        )
    }
    status = {
        (doc_id, ann_id): value
        for doc_id, ann_id, value in conn.execute(
            f"SELECT document_id, annotator_id, status FROM doc_status WHERE status != '{NEW}' "
            f"AND annotator_id IN ({marks})",
            tuple(annotator_ids),
        )
    }
    return [
        DocWork(doc_id, ann_id, status.get((doc_id, ann_id), NEW), spans.get((doc_id, ann_id), 0))
        for doc_id, ann_id in sorted(spans.keys() | status.keys())
    ]


class DocumentText(NamedTuple):
    id: int
    text: str


_new_text = partial(tuple.__new__, DocumentText)


def document_texts(conn: sqlite3.Connection, ids: Sequence[int]) -> Iterator[DocumentText]:
    """The texts of the documents `ids` that exist (any order; `conn` from
    `project_connection`)."""
    rows = conn.execute(f"SELECT id, text FROM documents WHERE id IN ({_marks(ids)})", ids)
    return map(_new_text, rows)


class AgreementSpan(NamedTuple):
    document_id: int
    annotator_id: int
    uuid: str
    label: str
    start: int
    end: int
    attributes: str  # JSON


class AgreementRelation(NamedTuple):
    document_id: int
    annotator_id: int
    uuid: str
    label: str
    head: str  # uuid
    tail: str


_new_agreement_span = partial(tuple.__new__, AgreementSpan)
_new_agreement_relation = partial(tuple.__new__, AgreementRelation)


class AgreementRows(NamedTuple):
    """The documents of a batch that exist, and the chosen annotators' spans and relations in
    (document, annotator, id) order."""

    known: set[int]
    spans: list[AgreementSpan]
    relations: list[AgreementRelation]


def agreement_rows(
    project: Project,
    ids: Sequence[int],
    annotator_ids: Sequence[int],
    labels: Sequence[str] | None,
) -> AgreementRows:
    """Spans (of `labels` only, unless None) and relations of `annotator_ids` in `ids`."""
    conn = project.conn
    id_marks = _marks(ids)
    label_sql = f" AND label IN ({_marks(labels)})" if labels is not None else ""
    known = {
        doc_id
        for (doc_id,) in conn.execute(f"SELECT id FROM documents WHERE id IN ({id_marks})", ids)
    }
    # index order (document, annotator, row id): no sort needed
    spans = conn.execute(
        f'SELECT document_id, annotator_id, uuid, label, start, "end", attributes '
        f"FROM annotations WHERE document_id IN ({id_marks}) AND annotator_id IN "
        f"({_marks(annotator_ids)}){label_sql} ORDER BY document_id, annotator_id, id",
        (*ids, *annotator_ids, *(labels or ())),
    )
    typed_spans = list(map(_new_agreement_span, spans))
    relations = conn.execute(
        f"SELECT document_id, annotator_id, uuid, label, head, tail FROM relations "
        f"WHERE document_id IN ({id_marks}) AND annotator_id IN "
        f"({_marks(annotator_ids)}) ORDER BY document_id, annotator_id, id",
        (*ids, *annotator_ids),
    )
    return AgreementRows(known, typed_spans, list(map(_new_agreement_relation, relations)))


def annotation_exists(project: Project, uuid: str) -> bool:
    """Whether an annotation with this uuid is in the project."""
    row = project.conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (uuid,)).fetchone()
    return row is not None


def relation_exists(project: Project, uuid: str) -> bool:
    """Whether a relation with this uuid is in the project."""
    row = project.conn.execute("SELECT 1 FROM relations WHERE uuid = ?", (uuid,)).fetchone()
    return row is not None


# ---------------------------------------------------------------- suggestions


def span_batches(
    source: Project | str, ids: list[int], annotator: str | None
) -> Iterator[list[ExportDoc]]:
    """The documents `ids` with `annotator`'s spans (offsets and labels only) and own tokens,
    in batches, for recommenders to learn from or propose on; `source`: a project, or in a
    worker process the project file's path (a read-only connection)."""
    with project_connection(source) as conn:
        row = None
        if annotator is not None:
            row = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
        annotator_ids = [-1] if row is None else [int(row[0])]
        yield from export_batches(conn, ids, annotator_ids, lambda: None, spans_only=True)


def prepared_suggestions(
    source: Project | str,
    annotator: str,
    document_ids: Collection[int],
    items: Iterable[NewSuggestion] = (),
    texts: Mapping[int, str] | None = None,
    *,
    proposed: Iterable[ProposedSpans] = (),
) -> PreparedSuggestions:
    """`store.suggestions.prepare_suggestions` of recommenders' proposals, read through
    `source`: a project, or in a worker process the project file's path (a read-only
    connection), so that the writing process only stores them."""
    from annotator.store.suggestions import prepare_suggestions

    with project_connection(source) as conn:
        return prepare_suggestions(conn, annotator, document_ids, items, texts, proposed=proposed)
