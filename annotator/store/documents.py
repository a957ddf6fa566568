"""Documents of a project: preparing (hash, search index words), adding, reading."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.errors import InputError, NotFoundError
from annotator.model import DocRecord, Tokenization
from annotator.rules import NEW, check_status
from annotator.store.records import Document, DocumentRow, document_from_row
from annotator.store.rows import now
from annotator.store.vocabulary import Vocabulary

if TYPE_CHECKING:
    from annotator.store.search import IndexBodies


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class PreparedDocument:
    """A document ready to insert: hashed and normalized for the search index.

    Made by `prepare_document`, which is pure and picklable so importers can run it in worker
    processes while the main process writes.
    """

    name: str
    text: str
    sha256: str
    normalized: str
    terms: frozenset[str]
    title: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def prepare_document(record: DocRecord, bodies: IndexBodies | None = None) -> PreparedDocument:
    """Hash `record` and make its search-index body and index terms.

    `bodies` is for a batch inserted in order (see `search.IndexBodies`): kept across the
    batch, each document then carries only the terms no earlier document of the batch carried
    (less to pickle and insert), and each distinct word is normalized once. Without it the body
    is made from the whole normalized text.
    """
    from annotator.store.search import index_terms, normalize_for_index

    if bodies is None:
        terms = index_terms(normalize_for_index(record.text))
        normalized = " ".join(terms)
    else:
        found: set[str] = set()
        normalized = bodies.body(record.text, found)
        terms = frozenset(found)
    return PreparedDocument(
        name=record.name,
        text=record.text,
        sha256=sha256_text(record.text),
        normalized=normalized,
        terms=terms,
        title=record.meta.get("title"),
        source=record.source,
        meta=record.meta,
    )


@dataclass
class AddResult:
    """What `add_documents` did: ids of new documents and duplicates skipped (name, existing id)."""

    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)


class Documents(Vocabulary):
    """A project's documents (a layer of `Project`)."""

    def _insert_document(
        self, doc: PreparedDocument, max_bytes: int, doc_id: int | None = None
    ) -> tuple[int, bool]:
        """Insert `doc` with its search-index body and terms (as id `doc_id` when given, for
        `recover`); returns its id and whether it was added (False: same text already here)."""
        existing = self.conn.execute(
            "SELECT id FROM documents WHERE sha256 = ?", (doc.sha256,)
        ).fetchone()
        if existing:
            return existing[0], False
        size = len(doc.text.encode("utf-8"))
        if size > max_bytes:
            raise InputError(doc.name, None, f"{size:,} bytes exceeds the limit of {max_bytes:,}")
        doc_id = self.conn.execute(
            "INSERT INTO documents(id, name, title, source, text, sha256, length, meta, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                doc.name,
                doc.title,
                doc.source,
                doc.text,
                doc.sha256,
                len(doc.text),
                json.dumps(doc.meta, ensure_ascii=False),
                now(),
            ),
        ).lastrowid
        assert doc_id is not None  # an INSERT sets lastrowid
        self.conn.execute(
            "INSERT INTO doc_index(rowid, body) VALUES (?, ?)", (doc_id, doc.normalized)
        )
        if doc.terms:
            self.conn.executemany(
                "INSERT OR IGNORE INTO terms(term) VALUES (?)", ((term,) for term in doc.terms)
            )
            self._terms_cache = None  # the search's copy of the terms is out of date
        return doc_id, True

    def document(self, document_id: int) -> Document:
        row = self.conn.execute(
            "SELECT id, name, title, source, text, sha256, meta, imported_at FROM documents "
            "WHERE id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id}")
        return document_from_row(row)

    def document_text(self, document_id: int) -> str:
        row = self.conn.execute(
            "SELECT text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document {document_id}")
        return row[0]

    def document_id_by_sha(self, sha256: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def document_ids(
        self, *, annotator: str | None = None, status: str | Sequence[str] | None = None
    ) -> list[int]:
        """Document ids in order, optionally only those with `status` for `annotator`."""
        sql, params = self._document_query("d.id", annotator, status)
        return [doc_id for (doc_id,) in self.conn.execute(sql, params)]

    def document_rows(
        self,
        offset: int = 0,
        limit: int = 200,
        *,
        annotator: str | None = None,
        status: str | Sequence[str] | None = None,
    ) -> list[DocumentRow]:
        """A page of documents (id, name, title, status for `annotator`) for long lists."""
        sql, params = self._document_query(
            f"d.id, d.name, d.title, coalesce(s.status, '{NEW}')", annotator, status
        )
        rows = self.conn.execute(f"{sql} LIMIT ? OFFSET ?", (*params, limit, offset))
        return [DocumentRow._make(row) for row in rows]

    def count_documents(
        self, *, annotator: str | None = None, status: str | Sequence[str] | None = None
    ) -> int:
        sql, params = self._document_query("count(*)", annotator, status, ordered=False)
        return self.conn.execute(sql, params).fetchone()[0]

    def _document_query(
        self,
        columns: str,
        annotator: str | None,
        status: str | Sequence[str] | None,
        *,
        ordered: bool = True,
    ) -> tuple[str, list]:
        annotator_id = self._known_annotator(annotator)
        sql = (
            f"SELECT {columns} FROM documents d LEFT JOIN doc_status s "
            "ON s.document_id = d.id AND s.annotator_id = ?"
        )
        params: list = [annotator_id]
        if status is not None:
            wanted = [
                check_status(value) for value in ([status] if isinstance(status, str) else status)
            ]
            marks = ", ".join("?" * len(wanted))
            sql += f" WHERE coalesce(s.status, '{NEW}') IN ({marks})"
            params += wanted
        if ordered:
            sql += " ORDER BY d.id"
        return sql, params

    def _known_annotator(self, annotator: str | None) -> int:
        if annotator is None:
            return -1
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
        return row[0] if row else -1

    def own_tokens(self, ids: Sequence[int]) -> dict[int, Tokenization]:
        """The own tokens (`store.tokens`) of those of the documents `ids` that have them."""
        from annotator.store.tokens import document_tokens

        return document_tokens(self.conn, ids)

    def iter_documents(self, ids: Iterable[int] | None = None) -> Iterator[Document]:
        """Stream documents (all, in id order, or the given ids) without loading them all."""
        columns = "id, name, title, source, text, sha256, meta, imported_at"
        if ids is None:
            last = 0
            while True:
                rows = self.conn.execute(
                    f"SELECT {columns} FROM documents WHERE id > ? ORDER BY id LIMIT 500", (last,)
                ).fetchall()
                if not rows:
                    return
                for row in rows:
                    yield document_from_row(row)
                last = rows[-1][0]
        else:
            for doc_id in ids:
                yield self.document(doc_id)
