"""The project file: one SQLite database holding documents, annotations and their history.

Every public method that writes runs in one transaction (joining the caller's if one is open via
`Project.transaction()`), so one user action is one commit. WAL mode, foreign keys on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__
from annotator.errors import ProjectError
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, DocRecord
from annotator.store import schema
from annotator.store.annotation_search import AnnotationSearch
from annotator.store.connection import (
    BUSY_TIMEOUT_MS,
    PAGE_SIZE,
    WriteError,
    _configure,
    _connect,
    _existing_file,
    _first_read,
    connect_readonly,
    error_kind,
    project_version,
    release_for_replacement,
)
from annotator.store.doc_labels import DocLabels
from annotator.store.doc_time import DocTimes
from annotator.store.documents import AddResult, PreparedDocument, prepare_document, sha256_text
from annotator.store.importer import ImportSummary, OnProblem, import_chunks
from annotator.store.labels import default_schema
from annotator.store.notes import Notes
from annotator.store.rows import now
from annotator.store.suggestions import SuggestionStore

if TYPE_CHECKING:
    from annotator.store.bulk import ChunkSource


# Names other modules import from here (the layers below define them).
__all__ = [
    "AddResult",
    "BUSY_TIMEOUT_MS",
    "ImportSummary",
    "PAGE_SIZE",
    "PreparedDocument",
    "Project",
    "ProjectError",
    "WriteError",
    "connect_readonly",
    "error_kind",
    "now",
    "prepare_document",
    "project_version",
    "release_for_replacement",
    "sha256_text",
]


class Project(Notes, SuggestionStore, DocLabels, AnnotationSearch, DocTimes):
    """An open project file. Use `Project.open(path)` or `Project.create(path)`."""

    @classmethod
    def create(cls, path: str | Path, *, label_schema: dict | None = None) -> Project:
        """Create a new project file; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists", kind="exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(path, page_size=PAGE_SIZE)
        project = cls(path, conn)
        try:
            with project.transaction():
                schema.create(conn, __version__)
                project._write_label_schema(label_schema or default_schema())
                conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?)", (now(),))
        except BaseException:
            conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Project:
        """Open an existing project (or create it when `create` and it does not exist).

        Raises ProjectError, changing nothing, for a missing file, a file that is not SQLite, a
        SQLite file that is not a project, a corrupt file, or one written by a newer version.
        """
        path = Path(path)
        if create and not path.exists():
            return cls.create(path)
        _existing_file(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _first_read(path, conn)
        except sqlite3.OperationalError as err:
            raise ProjectError(f"{path}: cannot open: {err}", kind=error_kind(err)) from err
        try:
            version = project_version(path, conn)
            _configure(conn)  # only now: a refused file is left as it was
        except BaseException as err:
            conn.close()
            if isinstance(err, sqlite3.OperationalError):
                raise ProjectError(f"{path}: cannot open: {err}", kind=error_kind(err)) from err
            raise
        project = cls(path, conn)
        if version < schema.SCHEMA_VERSION:
            try:
                with project.transaction():
                    schema.migrate(conn, version, __version__)
            except Exception as err:
                conn.close()
                raise ProjectError(
                    f"{path}: cannot upgrade from schema {version} to {schema.SCHEMA_VERSION} "
                    f"(nothing was changed): {err}",
                    kind="not_upgraded",
                ) from err
        return project

    def add_documents(
        self, docs: Iterable[DocRecord], *, max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    ) -> AddResult:
        """Add plain documents in one transaction, through the store's one importer: a text
        already present (same sha256) is listed in `duplicates`, not added again. Raises
        InputError (nothing written) for a document over `max_bytes` of UTF-8."""
        summary = self.import_records(docs, None, max_bytes=max_bytes)
        duplicates = [(found.name, found.existing_id) for found in summary.duplicates]
        return AddResult(list(summary.document_ids), duplicates)

    def import_records(
        self,
        records: Iterable[DocRecord] | ChunkSource,
        annotator: str | None,
        *,
        done: bool = False,
        max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        on_problem: OnProblem = "raise",
    ) -> ImportSummary:
        """Import documents with their spans and relations for `annotator` (None: plain
        documents): the store's one importer (`annotator.store.importer.import_chunks`, which
        says what it does).

        `records` may instead be a `bulk.ChunkSource` (documents prepared as rows elsewhere,
        e.g. in worker processes). `on_problem`: "raise" (all or nothing, the default) or
        "skip" (each bad document is left out and listed in the summary's `skipped`).
        """
        return import_chunks(
            self, records, annotator, done=done, max_bytes=max_bytes, on_problem=on_problem
        )

    def doc_records(
        self,
        annotators: Sequence[str] | None = None,
        *,
        status_annotator: str | None = None,
        status: str | None = None,
        labels: Sequence[str] | None = None,
        document_ids: Iterable[int] | None = None,
    ) -> Iterator[DocRecord]:
        """Stream documents as DocRecords with the given annotators' spans and relations."""
        if document_ids is None and status is not None:
            document_ids = self.document_ids(annotator=status_annotator, status=status)
        wanted = set(labels) if labels else None
        for doc in self.iter_documents(document_ids):
            spans = [
                a.to_span()
                for a in self.annotations(doc.id, annotators)
                if wanted is None or a.label in wanted
            ]
            kept = {s.id for s in spans}
            relations = [
                r.to_record()
                for r in self.relations(doc.id, annotators)
                if r.head in kept and r.tail in kept
            ]
            yield DocRecord(
                text=doc.text,
                name=doc.name,
                id=str(doc.id),
                meta=doc.meta,
                spans=spans,
                relations=relations,
            )

    def search(
        self,
        query: str,
        *,
        whole_word: bool = False,
        limit: int | None = 100,
        context: int = 40,
        exhaustive: bool = True,
    ):
        """Corpus search with normalized, in-word matching; see `annotator.store.search`."""
        from annotator.store.search import search

        return search(
            self, query, whole_word=whole_word, limit=limit, context=context, exhaustive=exhaustive
        )

    def stats(self) -> dict[str, Any]:
        from annotator.store.stats import stats

        return stats(self)
