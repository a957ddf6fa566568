"""The project file: one SQLite database holding documents, annotations and their history.

Every public method that writes runs in one transaction (joining the caller's if one is open via
`Project.transaction()`), so one user action is one commit. WAL mode, foreign keys on.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard
from urllib.parse import quote

from annotator import __version__
from annotator.errors import (
    InputError,
    NotFoundError,
    ProjectError,
    ProjectErrorKind,
    SchemaError,
    UsageError,
)
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, DocRecord
from annotator.rules import (
    NEW,
    STATUSES,
    LabelDef,
    RelationType,
    check_status,
    checked_span,
    new_id,
    relation_problem,
    validate_attributes,
)
from annotator.store import schema
from annotator.store.importer import ImportSummary, OnProblem, import_chunks, write_chunk
from annotator.store.labels import default_schema
from annotator.store.records import (
    Annotation,
    Document,
    Relation,
    annotation_from_row,
    document_from_row,
)
from annotator.store.rows import now

if TYPE_CHECKING:
    from annotator.store.bulk import ChunkSource, PreparedChunk
    from annotator.store.importer import ChunkWriter
    from annotator.store.search import IndexBodies

BULK_CACHE_KIB = 64 * 1024  # page cache of a bulk import (`Project.bulk_writes`)
# Database page size of new project files. Articles are a few kilobytes: with 32 KB pages several
# fit in a page instead of each in a chain of overflow pages, and a bulk import costs about a
# fifth less in SQLite and the kernel than with the default 4 KB (measured, bench/RESULTS.md).
# 16 KB is as fast but wastes a quarter of the pages of a text-only project (two articles fill
# a page badly); 32 KB wastes a few per cent.
PAGE_SIZE = 32768
# The write-ahead log is copied back into the file once it holds about this much (SQLite's
# default is 1,000 pages: 4 MB of 4 KB pages), so that no single action waits for a large copy.
WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024
# How long a write waits for another program's write to finish before it gives up.
BUSY_TIMEOUT_MS = 5000
FTS_AUTOMERGE_DEFAULT = 4  # FTS5's, when the index's configuration does not set it
_ANNOTATION_COLUMNS = (
    'a.uuid, a.document_id, w.name, a.label, a.start, a."end", a.text, a.attributes, '
    "a.proposed_by, a.created_at, a.updated_at"
)
_PALETTE = ("#2b7bba", "#e08a1e", "#c8313a", "#3a9a4a", "#8e5bb5", "#8c564b", "#d064a8", "#17becf")


class WriteError(ProjectError):
    """A write that did not happen: disk full, the file locked by another program, an I/O
    error, a read-only file. The transaction was rolled back and the project is usable;
    `busy` tells the caller that trying again later may succeed."""

    def __init__(
        self, message: str, *, busy: bool = False, kind: ProjectErrorKind = "other"
    ) -> None:
        super().__init__(message, kind=kind)
        self.busy = busy

    @staticmethod
    def is_refused_write(err: BaseException) -> TypeGuard[sqlite3.Error]:
        """Whether `err` is SQLite refusing a write for a reason outside the program (busy,
        locked, full, read-only, I/O, damaged file), rather than a mistake in a statement."""
        code = getattr(err, "sqlite_errorcode", None)
        return isinstance(err, sqlite3.Error) and code is not None and code & 0xFF in _REFUSED

    @classmethod
    def of(cls, path: Path, err: sqlite3.Error) -> WriteError:
        """The WriteError for SQLite's `err`, in words a user understands."""
        text = str(err)
        code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
        busy = code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
        reason, advice = {
            sqlite3.SQLITE_BUSY: (
                "another program is writing to the project and did not finish within "
                f"{BUSY_TIMEOUT_MS // 1000} seconds",
                "Try again in a moment.",
            ),
            sqlite3.SQLITE_LOCKED: ("the project is locked by another connection", "Try again."),
            sqlite3.SQLITE_FULL: (
                "the disk is full (or the project reached its size limit)",
                "Free some disk space, then try again.",
            ),
            sqlite3.SQLITE_READONLY: (
                "the project file cannot be written (read-only)",
                "Check the file's permissions, or work on a copy.",
            ),
            sqlite3.SQLITE_IOERR: (
                "the disk reported an error while writing",
                f"Check the disk, then run: annotator check {path}",
            ),
            sqlite3.SQLITE_CORRUPT: (
                "the project file is damaged",
                f"Run: annotator check {path}",
            ),
        }.get(code, (text, ""))
        return cls(
            f"Not saved: {reason}. The last action was not saved; everything saved before it "
            f"is safe. {advice}\n({path}: {text})",
            busy=busy,
            kind=error_kind(err),
        )


_REFUSED = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_NOTADB,
}


def error_kind(err: BaseException, default: ProjectErrorKind = "other") -> ProjectErrorKind:
    """What SQLite's error `err` (by its error code, not its wording) says is wrong with the
    project file: the `ProjectError.kind` of a failure to open or read it; `default` for an
    error that says nothing about the file (a mistake in a statement, a constraint)."""
    if not isinstance(err, sqlite3.Error):
        return default
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    kinds: dict[int, ProjectErrorKind] = {
        sqlite3.SQLITE_BUSY: "in_use",
        sqlite3.SQLITE_LOCKED: "in_use",
        sqlite3.SQLITE_READONLY: "read_only",
        sqlite3.SQLITE_CORRUPT: "damaged",
        sqlite3.SQLITE_NOTADB: "not_database",
        sqlite3.SQLITE_IOERR: "unreadable",
        sqlite3.SQLITE_PERM: "unreadable",
        sqlite3.SQLITE_AUTH: "unreadable",
        sqlite3.SQLITE_CANTOPEN: "unreadable",
    }
    return kinds.get(code, default)


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


class Project:
    """An open project file. Use `Project.open(path)` or `Project.create(path)`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0
        self._annotator_ids: dict[str, int] = {}
        self._labels_cache: list[LabelDef] | None = None
        self._terms_cache: Any = None  # annotator.store.search.TermCache

    # ---------------------------------------------------------------- opening

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

    def refuse_own_files(self, paths: Iterable[str | os.PathLike[str]], use: str) -> None:
        """InputError when one of `paths` is this project's file or its -wal/-shm/-journal:
        reading it as an import's input would open it outside SQLite (and drop this process's
        locks on it), writing an export over it would destroy it. `use`: "read" or "write"."""
        own = {
            Path(f"{self.path}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")
        }
        for path in paths:
            if Path(path).resolve() in own:
                raise InputError(
                    str(path), None, f"is the project file itself (or beside it); cannot {use} it"
                )

    def close(self) -> None:
        """Close the file (also one opened read-only: `store.team.open_readonly`); a writable
        project first lets SQLite update its query statistics (`PRAGMA optimize`)."""
        try:
            if not self.conn.execute("PRAGMA query_only").fetchone()[0]:
                self.conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work, committed when the outermost block ends.

        Nested blocks are savepoints (as sqlite-utils' `Database.atomic()`): an exception
        leaving a nested block undoes that block's writes only, and the enclosing block may go
        on. A write that SQLite refuses (disk full, the file locked by another program for
        longer than the busy timeout, an I/O error, a read-only file), and a COMMIT that
        fails, roll the whole transaction back and raise `WriteError`, which says why in plain
        words: nothing of the unit of work is saved and the project stays usable.
        """
        conn = self.conn
        depth = self._depth
        savepoint = f"nested_{depth}"
        try:
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
        except sqlite3.Error as err:
            raise WriteError.of(self.path, err) from err
        self._depth += 1
        try:
            yield conn
        except BaseException as err:
            self._depth = depth
            self.forget_cached()
            if depth == 0:
                self._roll_back()
            elif conn.in_transaction:
                try:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                except sqlite3.OperationalError:  # SQLite ended the whole transaction itself
                    pass
            if WriteError.is_refused_write(err):
                raise WriteError.of(self.path, err) from err
            raise
        self._depth = depth
        if depth:
            if not conn.in_transaction:  # an inner error ended it, and was caught
                raise WriteError(f"{self.path}: the changes were lost when a write failed")
            conn.execute(f"RELEASE {savepoint}")
            return
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as err:
            self.forget_cached()
            self._roll_back()
            raise WriteError.of(self.path, err) from err

    def _roll_back(self) -> None:
        """End the open transaction, if SQLite has not ended it already, without its changes."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.OperationalError:  # e.g. already rolled back by SQLite
                pass

    def forget_cached(self) -> None:
        """Drop what this object remembers of the file (labels, annotator ids, search terms):
        after a rolled-back transaction, or when the file was replaced under it (a restore)."""
        self._annotator_ids.clear()
        self._labels_cache = None
        self._terms_cache = None

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    # ---------------------------------------------------------------- label schema

    def labels(self) -> list[LabelDef]:
        if self._labels_cache is None:
            rows = self.conn.execute(
                "SELECT name, colour, hotkey, attributes, position FROM labels ORDER BY position"
            )
            self._labels_cache = [
                LabelDef(name, colour, hotkey, json.loads(attrs), position)
                for name, colour, hotkey, attrs, position in rows
            ]
        return [LabelDef(**vars(label)) for label in self._labels_cache]

    def label(self, name: str) -> LabelDef | None:
        return next((label for label in self.labels() if label.name == name), None)

    def relation_types(self) -> list[RelationType]:
        rows = self.conn.execute(
            "SELECT name, head_label, tail_label, hotkey FROM relation_types ORDER BY name"
        )
        return [RelationType(*row) for row in rows]

    def set_label(self, label: LabelDef) -> None:
        """Add or replace a label definition."""
        if not label.name.strip():
            raise SchemaError("a label needs a name")
        if label.hotkey:
            clash = self.conn.execute(
                "SELECT name FROM labels WHERE hotkey = ? AND name != ?", (label.hotkey, label.name)
            ).fetchone()
            if clash:
                raise SchemaError(f"hotkey {label.hotkey!r} is already used by {clash[0]}")
        with self.transaction():
            position = self.conn.execute(
                "SELECT position FROM labels WHERE name = ?", (label.name,)
            ).fetchone()
            if position is None:
                position = self.conn.execute(
                    "SELECT coalesce(max(position) + 1, 0) FROM labels"
                ).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO labels(name, colour, hotkey, position, attributes) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    label.name,
                    label.colour,
                    label.hotkey or None,
                    position[0],
                    json.dumps(label.attributes, ensure_ascii=False),
                ),
            )
            self._log("set label", None, {"label": label.name})
        self._labels_cache = None

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label everywhere: its definition, annotations and relation types."""
        if not new.strip():
            raise SchemaError("a label needs a name")
        if self.label(old) is None:
            raise NotFoundError(f"no label named {old!r}")
        if self.label(new) is not None:
            raise SchemaError(f"a label named {new!r} exists already")
        with self.transaction():
            self.conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, old))
            self.conn.execute("UPDATE annotations SET label = ? WHERE label = ?", (new, old))
            self.conn.execute(
                "UPDATE relation_types SET head_label = ? WHERE head_label = ?", (new, old)
            )
            self.conn.execute(
                "UPDATE relation_types SET tail_label = ? WHERE tail_label = ?", (new, old)
            )
            self._log("rename label", None, {"old": old, "new": new})
        self._labels_cache = None

    def delete_label(self, name: str) -> None:
        """Remove a label definition; refused while annotations use it."""
        used = self.conn.execute(
            "SELECT count(*) FROM annotations WHERE label = ?", (name,)
        ).fetchone()[0]
        if used:
            raise SchemaError(f"label {name!r} is used by {used} annotation(s)")
        with self.transaction():
            self.conn.execute("DELETE FROM labels WHERE name = ?", (name,))
            self._log("delete label", None, {"label": name})
        self._labels_cache = None

    def set_relation_type(self, relation: RelationType) -> None:
        """Add or replace a relation type; refused (SchemaError) when relations of that name
        would no longer fit its ends."""
        unfit = [
            problem
            for head_label, tail_label in self.conn.execute(
                "SELECT DISTINCT h.label, t.label FROM relations r "
                "JOIN annotations h ON h.uuid = r.head JOIN annotations t ON t.uuid = r.tail "
                "WHERE r.label = ?",
                (relation.name,),
            )
            if (problem := relation.fit_problem(head_label, tail_label))
        ]
        if unfit:
            raise SchemaError(f"existing relations would no longer fit: {unfit[0]}")
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO relation_types(name, head_label, tail_label, hotkey) "
                "VALUES (?, ?, ?, ?)",
                (relation.name, relation.head_label, relation.tail_label, relation.hotkey),
            )

    def ensure_labels(self, names: Iterable[str]) -> list[str]:
        """Add a plain definition for each label not in the schema yet; returns those added."""
        existing = {label.name for label in self.labels()}
        added = [name for name in dict.fromkeys(names) if name not in existing]
        if added:
            with self.transaction():
                base = len(existing)
                for offset, name in enumerate(added):
                    self.conn.execute(
                        "INSERT INTO labels(name, colour, hotkey, position, attributes) "
                        "VALUES (?, ?, NULL, ?, '[]')",
                        (name, _PALETTE[(base + offset) % len(_PALETTE)], base + offset),
                    )
            self._labels_cache = None
        return added

    def label_schema(self) -> dict:
        """The label schema as the JSON structure of `annotator/resources/labels.json`."""
        return {
            "labels": [
                {
                    "name": lab.name,
                    "colour": lab.colour,
                    "hotkey": lab.hotkey,
                    "attributes": lab.attributes,
                }
                for lab in self.labels()
            ],
            "relations": [
                {"name": r.name, "head": r.head_label, "tail": r.tail_label, "hotkey": r.hotkey}
                for r in self.relation_types()
            ],
        }

    def _write_label_schema(self, spec: dict) -> None:
        for position, item in enumerate(spec.get("labels", [])):
            self.conn.execute(
                "INSERT INTO labels(name, colour, hotkey, position, attributes) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    item["name"],
                    item.get("colour", _PALETTE[position % len(_PALETTE)]),
                    item.get("hotkey"),
                    position,
                    json.dumps(item.get("attributes", []), ensure_ascii=False),
                ),
            )
        for item in spec.get("relations", []):
            self.conn.execute(
                "INSERT INTO relation_types(name, head_label, tail_label, hotkey) "
                "VALUES (?, ?, ?, ?)",
                (item["name"], item.get("head"), item.get("tail"), item.get("hotkey")),
            )
        self._labels_cache = None

    # ---------------------------------------------------------------- annotators

    def annotator_id(self, name: str, *, create: bool = True, role: str = "annotator") -> int:
        name = name.strip()
        if not name:
            raise UsageError("an annotator needs a name")
        cached = self._annotator_ids.get(name)
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
        if row is None:
            if not create:
                raise NotFoundError(f"no annotator named {name!r}")
            with self.transaction():
                row = self.conn.execute(
                    "INSERT INTO annotators(name, role, created_at) VALUES (?, ?, ?) RETURNING id",
                    (name, role, now()),
                ).fetchone()
        self._annotator_ids[name] = row[0]
        return row[0]

    def annotators(self, *, role: str | None = "annotator") -> list[str]:
        if role is None:
            rows = self.conn.execute("SELECT name FROM annotators ORDER BY name")
        else:
            rows = self.conn.execute(
                "SELECT name FROM annotators WHERE role = ? ORDER BY name", (role,)
            )
        return [name for (name,) in rows]

    # ---------------------------------------------------------------- documents

    def add_documents(
        self,
        docs: Iterable[DocRecord | PreparedDocument],
        *,
        max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        progress: Any = None,
    ) -> AddResult:
        """Insert documents in one transaction; a text already present (same sha256) is skipped.

        Raises ValueError (nothing written) for a document over `max_bytes` of UTF-8.
        """
        result = AddResult()
        with self.transaction(), self._fewer_index_merges():
            for item in docs:
                prepared = item if isinstance(item, PreparedDocument) else prepare_document(item)
                doc_id, added = self._insert_document(prepared, max_bytes)
                if added:
                    result.added.append(doc_id)
                else:
                    result.duplicates.append((prepared.name, doc_id))
                if progress is not None:
                    progress(1)
            if result.added:
                self._log("import documents", None, {"count": len(result.added)})
        return result

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
    ) -> list[tuple[int, str, str | None, str]]:
        """A page of (id, name, title, status for `annotator`) for long lists."""
        sql, params = self._document_query(
            "d.id, d.name, d.title, coalesce(s.status, 'new')", annotator, status
        )
        return list(self.conn.execute(f"{sql} LIMIT ? OFFSET ?", (*params, limit, offset)))

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
        who = self._known_annotator(annotator)
        sql = (
            f"SELECT {columns} FROM documents d LEFT JOIN doc_status s "
            "ON s.document_id = d.id AND s.annotator_id = ?"
        )
        params: list = [who]
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            for value in wanted:
                if value not in STATUSES:
                    raise NotFoundError(f"unknown status {value!r}")
            marks = ", ".join("?" * len(wanted))
            sql += f" WHERE coalesce(s.status, 'new') IN ({marks})"
            params += wanted
        if ordered:
            sql += " ORDER BY d.id"
        return sql, params

    def _known_annotator(self, annotator: str | None) -> int:
        if annotator is None:
            return -1
        row = self.conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
        return row[0] if row else -1

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

    # ---------------------------------------------------------------- annotations

    def add_annotation(
        self,
        document_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        *,
        attributes: dict[str, Any] | None = None,
        uuid: str | None = None,
        proposed_by: Sequence[str] | None = None,
        text: str | None = None,
    ) -> Annotation:
        """Store a span. `text`, when given, must equal the document's slice (the snapshot)."""
        doc_text = self.document_text(document_id)
        snapshot = checked_span(doc_text, start, end, text)
        definition = self.label(label)
        if definition is None:
            raise NotFoundError(f"unknown label {label!r}")
        attributes = validate_attributes(definition, attributes or {})
        stamp = now()
        with self.transaction():
            who = self.annotator_id(annotator)
            row_uuid = uuid or new_id()
            self.conn.execute(
                'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", '
                "text, attributes, proposed_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row_uuid,
                    document_id,
                    who,
                    label,
                    start,
                    end,
                    snapshot,
                    json.dumps(attributes, ensure_ascii=False),
                    json.dumps(list(proposed_by), ensure_ascii=False) if proposed_by else None,
                    stamp,
                    stamp,
                ),
            )
            self._touch_status(document_id, who)
            self._log(
                "add annotation",
                document_id,
                {"uuid": row_uuid, "label": label, "start": start, "end": end},
                annotator,
            )
        return Annotation(
            row_uuid,
            document_id,
            annotator,
            label,
            start,
            end,
            snapshot,
            attributes,
            tuple(proposed_by or ()),
            stamp,
            stamp,
        )

    def update_annotation(
        self,
        uuid: str,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Annotation:
        """Change a span's label, boundaries or attributes (replacing the attribute dict)."""
        current = self.annotation(uuid)
        new_label = label if label is not None else current.label
        new_start = start if start is not None else current.start
        new_end = end if end is not None else current.end
        definition = self.label(new_label)
        if definition is None:
            raise NotFoundError(f"unknown label {new_label!r}")
        snapshot = checked_span(self.document_text(current.document_id), new_start, new_end)
        new_attributes = validate_attributes(
            definition, attributes if attributes is not None else current.attributes
        )
        if new_label != current.label:
            broken = self.relations_broken_by(uuid, new_label)
            if broken:
                raise SchemaError(
                    f"as {new_label} the span no longer fits its {broken[0].label} relation; "
                    "remove the relation first"
                )
        stamp = now()
        with self.transaction():
            self.conn.execute(
                'UPDATE annotations SET label = ?, start = ?, "end" = ?, text = ?, '
                "attributes = ?, updated_at = ? WHERE uuid = ?",
                (
                    new_label,
                    new_start,
                    new_end,
                    snapshot,
                    json.dumps(new_attributes, ensure_ascii=False),
                    stamp,
                    uuid,
                ),
            )
            self._log(
                "update annotation",
                current.document_id,
                {"uuid": uuid, "label": new_label, "start": new_start, "end": new_end},
                current.annotator,
            )
        return Annotation(
            uuid,
            current.document_id,
            current.annotator,
            new_label,
            new_start,
            new_end,
            snapshot,
            new_attributes,
            current.proposed_by,
            current.created_at,
            stamp,
        )

    def delete_annotation(self, uuid: str) -> tuple[Annotation, list[Relation]]:
        """Remove a span and the relations that use it; returns both (for undo)."""
        current = self.annotation(uuid)
        attached = [
            rel
            for rel in self.relations(current.document_id)
            if rel.head == uuid or rel.tail == uuid
        ]
        with self.transaction():
            self.conn.execute("DELETE FROM relations WHERE head = ? OR tail = ?", (uuid, uuid))
            self.conn.execute("DELETE FROM annotations WHERE uuid = ?", (uuid,))
            self._log("delete annotation", current.document_id, {"uuid": uuid}, current.annotator)
        return current, attached

    def restore(
        self, annotations: Iterable[Annotation], relations: Iterable[Relation] = ()
    ) -> None:
        """Put back deleted annotations and relations with their original ids (undo)."""
        with self.transaction():
            for ann in annotations:
                self.add_annotation(
                    ann.document_id,
                    ann.annotator,
                    ann.label,
                    ann.start,
                    ann.end,
                    attributes=ann.attributes,
                    uuid=ann.uuid,
                    proposed_by=ann.proposed_by or None,
                )
            for rel in relations:
                self.add_relation(
                    rel.document_id, rel.annotator, rel.label, rel.head, rel.tail, uuid=rel.uuid
                )

    def relations_broken_by(self, uuid: str, label: str) -> list[Relation]:
        """The relations of annotation `uuid` whose type would no longer fit its ends if the
        annotation were labelled `label` (they must go with such a relabelling)."""
        current = self.annotation(uuid)
        kinds = {kind.name: kind for kind in self.relation_types()}
        labels = {a.uuid: a.label for a in self.annotations(current.document_id)}
        labels[uuid] = label
        broken = []
        for rel in self.relations(current.document_id):
            kind = kinds.get(rel.label)
            if uuid in (rel.head, rel.tail) and kind is not None:
                if kind.fit_problem(labels[rel.head], labels[rel.tail]):
                    broken.append(rel)
        return broken

    def annotation(self, uuid: str) -> Annotation:
        row = self.conn.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a "
            "JOIN annotators w ON w.id = a.annotator_id WHERE a.uuid = ?",
            (uuid,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no annotation {uuid}")
        return annotation_from_row(row)

    def annotations(
        self, document_id: int, annotator: str | Sequence[str] | None = None
    ) -> list[Annotation]:
        """A document's annotations (of one annotator, several, or all), by start then -end."""
        sql = (
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a "
            "JOIN annotators w ON w.id = a.annotator_id WHERE a.document_id = ?"
        )
        params: list = [document_id]
        if annotator is not None:
            names = [annotator] if isinstance(annotator, str) else list(annotator)
            sql += f" AND w.name IN ({', '.join('?' * len(names))})"
            params += names
        sql += ' ORDER BY a.start, a."end" DESC, a.id'
        return [annotation_from_row(row) for row in self.conn.execute(sql, params)]

    # ---------------------------------------------------------------- relations

    def add_relation(
        self,
        document_id: int,
        annotator: str,
        label: str,
        head: str,
        tail: str,
        *,
        uuid: str | None = None,
    ) -> Relation:
        """Link two spans of the same document and annotator (e.g. CLAIM --source--> ACTOR)."""
        head_ann, tail_ann = self.annotation(head), self.annotation(tail)
        for ann in (head_ann, tail_ann):
            if ann.document_id != document_id:
                raise SchemaError(f"annotation {ann.uuid} is not in document {document_id}")
            if ann.annotator != annotator:
                raise SchemaError(f"annotation {ann.uuid} belongs to {ann.annotator}")
        kind = next((r for r in self.relation_types() if r.name == label), None)
        if problem := relation_problem(kind, head, tail, head_ann.label, tail_ann.label):
            raise SchemaError(problem)
        with self.transaction():
            if kind is None:
                self.set_relation_type(RelationType(label))
            row_uuid = uuid or new_id()
            self.conn.execute(
                "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_uuid, document_id, self.annotator_id(annotator), label, head, tail, now()),
            )
            self._log(
                "add relation",
                document_id,
                {"uuid": row_uuid, "label": label, "head": head, "tail": tail},
                annotator,
            )
        return Relation(row_uuid, document_id, annotator, label, head, tail)

    def delete_relation(self, uuid: str) -> Relation:
        rel = self.relation(uuid)
        with self.transaction():
            self.conn.execute("DELETE FROM relations WHERE uuid = ?", (uuid,))
            self._log("delete relation", rel.document_id, {"uuid": uuid}, rel.annotator)
        return rel

    def relation(self, uuid: str) -> Relation:
        row = self.conn.execute(
            "SELECT r.uuid, r.document_id, w.name, r.label, r.head, r.tail FROM relations r "
            "JOIN annotators w ON w.id = r.annotator_id WHERE r.uuid = ?",
            (uuid,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no relation {uuid}")
        return Relation(*row)

    def relations(
        self, document_id: int, annotator: str | Sequence[str] | None = None
    ) -> list[Relation]:
        sql = (
            "SELECT r.uuid, r.document_id, w.name, r.label, r.head, r.tail FROM relations r "
            "JOIN annotators w ON w.id = r.annotator_id WHERE r.document_id = ?"
        )
        params: list = [document_id]
        if annotator is not None:
            names = [annotator] if isinstance(annotator, str) else list(annotator)
            sql += f" AND w.name IN ({', '.join('?' * len(names))})"
            params += names
        return [Relation(*row) for row in self.conn.execute(sql + " ORDER BY r.id", params)]

    # ---------------------------------------------------------------- status

    def status(self, document_id: int, annotator: str) -> str:
        row = self.conn.execute(
            "SELECT s.status FROM doc_status s JOIN annotators w ON w.id = s.annotator_id "
            "WHERE s.document_id = ? AND w.name = ?",
            (document_id, annotator),
        ).fetchone()
        return row[0] if row else NEW

    def set_status(self, document_id: int, annotator: str, status: str) -> None:
        check_status(status)
        self.document_text(document_id)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) "
                "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                (document_id, self.annotator_id(annotator), status, now()),
            )
            self._log("set status", document_id, {"status": status}, annotator)

    def _touch_status(self, document_id: int, annotator_id: int) -> None:
        """A first annotation moves a document from new to in progress."""
        self.conn.execute(
            "INSERT OR IGNORE INTO doc_status(document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, 'in progress', ?)",
            (document_id, annotator_id, now()),
        )

    def status_counts(self, annotator: str) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        total = self.count_documents()
        rows = self.conn.execute(
            "SELECT s.status, count(*) FROM doc_status s JOIN annotators w "
            "ON w.id = s.annotator_id WHERE w.name = ? GROUP BY s.status",
            (annotator,),
        )
        for status, count in rows:
            counts[status] = count
        counts[NEW] += total - sum(counts.values())
        return counts

    # ---------------------------------------------------------------- annotated import

    def import_records(
        self,
        records: Iterable[DocRecord] | ChunkSource,
        annotator: str | None,
        *,
        done: bool = False,
        max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
        on_problem: OnProblem | None = None,
        on_error: Callable[[str, InputError], None] | None = None,
    ) -> ImportSummary:
        """Import documents with their spans and relations for `annotator` (None: plain
        documents): the store's one importer (`annotator.store.importer.import_chunks`, which
        says what it does).

        `records` may instead be a `bulk.ChunkSource` (documents prepared as rows elsewhere,
        e.g. in worker processes). `on_problem`: "raise" (all or nothing, the default) or
        "skip" (the default when `on_error` is given: each bad document is left out and
        `on_error(where, error)` called).
        """
        policy: OnProblem = on_problem or ("skip" if on_error is not None else "raise")
        return import_chunks(
            self,
            records,
            annotator,
            done=done,
            max_bytes=max_bytes,
            on_problem=policy,
            on_error=on_error,
        )

    def _write_chunk(
        self, chunk: PreparedChunk, writer: ChunkWriter, summary: ImportSummary
    ) -> None:
        """Write one prepared chunk of `import_records` (`importer.write_chunk`)."""
        write_chunk(self, chunk, writer, summary)

    @contextmanager
    def _bulk_journal(self) -> Iterator[None]:
        """A rollback journal instead of WAL for a bulk import, when this connection is the
        only one on the file (and not in a transaction); WAL again afterwards, also on error.

        In WAL mode a large transaction is written twice: to the WAL, then by the checkpoint
        at commit into the file. A rollback journal keeps only the original content of changed
        pages (pages added to the file need none), so new data is written once. A crash
        leaves a hot journal that the next connection plays back: nothing of the import stays.
        The switch needs an exclusive lock: if another connection has the file open it fails at
        once and the import runs in WAL mode as usual.
        """
        conn = self.conn
        if self._depth or conn.in_transaction:
            yield
            return
        synchronous = int(conn.execute("PRAGMA synchronous").fetchone()[0])
        timeout = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:  # another connection has the file open
            mode = "wal"
        finally:
            conn.execute(f"PRAGMA busy_timeout = {timeout}")
        if mode.lower() != "delete":
            yield
            return
        conn.execute("PRAGMA synchronous = FULL")  # durable commit in rollback-journal mode
        try:
            yield
        finally:
            _restore_wal(conn)
            conn.execute(f"PRAGMA synchronous = {synchronous}")

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """For a bulk import outside any transaction: synchronous=NORMAL (WAL: a crash still
        loses nothing committed before, nor leaves a half import) and a 64 MB page cache; both
        restored afterwards."""
        conn = self.conn
        if self._depth or conn.in_transaction:
            yield
            return
        synchronous = int(conn.execute("PRAGMA synchronous").fetchone()[0])
        cache_size = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            conn.execute(f"PRAGMA cache_size = {cache_size}")

    @contextmanager
    def _fewer_index_merges(self) -> Iterator[None]:
        """Let the search index keep more segments per level while many documents are added
        (FTS5 'automerge' 16 instead of 4: about half the insert cost), and restore the
        setting before the transaction ends. The next insertions merge the extra segments."""
        conn = self.conn
        row = conn.execute("SELECT v FROM doc_index_config WHERE k = 'automerge'").fetchone()
        before = int(row[0]) if row else FTS_AUTOMERGE_DEFAULT
        conn.execute("INSERT INTO doc_index(doc_index, rank) VALUES ('automerge', ?)", (16,))
        try:
            yield
        finally:
            if conn.in_transaction:  # else rolled back, the setting with it
                conn.execute(
                    "INSERT INTO doc_index(doc_index, rank) VALUES ('automerge', ?)", (before,)
                )

    # ---------------------------------------------------------------- export helpers

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

    # ---------------------------------------------------------------- search and stats

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

    # ---------------------------------------------------------------- history

    def _log(
        self, action: str, document_id: int | None, detail: dict, annotator: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO history(at, annotator, action, document_id, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, action, document_id, json.dumps(detail, ensure_ascii=False)),
        )

    def history(self, limit: int = 100) -> list[tuple[str, str | None, str, int | None, dict]]:
        rows = self.conn.execute(
            "SELECT at, annotator, action, document_id, detail FROM history "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [(at, who, action, doc, json.loads(detail)) for at, who, action, doc, detail in rows]


def _restore_wal(conn: sqlite3.Connection) -> None:
    """Back to WAL mode after `Project._bulk_journal` (`_into_wal`: waits up to the busy
    timeout for a connection that opened the file meanwhile); if it never lets go the file
    stays in rollback-journal mode, which is sound, and the next `Project.open` switches it
    back."""
    try:
        _into_wal(conn)
    except sqlite3.OperationalError:
        pass


def _connect(path: Path, page_size: int | None = None) -> sqlite3.Connection:
    """A new connection as the store uses it; `page_size` for a new file (it is fixed once
    the file exists in WAL mode)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    if page_size is not None:
        conn.execute(f"PRAGMA page_size = {int(page_size)}")
    _configure(conn)
    return conn


def _into_wal(conn: sqlite3.Connection) -> None:
    """WAL mode. A file that a bulk import switched to a rollback journal needs a moment of
    exclusive access to switch back, and SQLite does not wait for it by itself: wait up to the
    busy timeout, then let "database is locked" through."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _configure(conn: sqlite3.Connection) -> None:
    """WAL mode, durable commits, foreign keys and the busy timeout, on a store connection."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _into_wal(conn)
    pages = WAL_CHECKPOINT_BYTES // conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {max(1, pages)}")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _not_a_database(path: Path, err: sqlite3.DatabaseError) -> ProjectError:
    return ProjectError(
        f"{path}: not a project file (not an SQLite database: {err})", kind="not_database"
    )


def _first_read(path: Path, conn: sqlite3.Connection) -> None:
    """Read the schema once, so that SQLite itself says whether `path` is a database it can
    read (it plays back a hot journal or recovers a write-ahead log as it does so).
    ProjectError, the connection closed, for a file that is not a database or is damaged;
    sqlite3.OperationalError (the file cannot be opened, is locked...) is left to the caller."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as err:
        conn.close()
        if error_kind(err) == "not_database":
            raise _not_a_database(path, err) from err
        raise ProjectError(
            f"{path}: corrupt or unreadable project file ({err})",
            kind=error_kind(err, "damaged"),
        ) from err


def _existing_file(path: Path) -> None:
    """ProjectError unless `path` is a non-empty file (asked of the file system with stat,
    which opens no descriptor: closing one would drop this process's SQLite locks)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such project file", kind="missing") from None
    except OSError as err:
        raise ProjectError(f"{path}: cannot read: {err.strerror}", kind="unreadable") from err
    if not path.is_file():
        raise ProjectError(f"{path}: not a project file (not a file)", kind="unreadable")
    if size == 0:
        raise ProjectError(
            f"{path}: not a project file (not an SQLite database: empty file)", kind="not_database"
        )


def project_version(path: Path, conn: sqlite3.Connection, purpose: str = "open") -> int:
    """The schema version of project file `path`, open as `conn`. ProjectError when it is not
    a project, or one written by a newer version (which this one cannot `purpose`)."""
    not_project = f"{path}: an SQLite database, but not an annotator project"
    try:
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "meta" not in tables:
            raise ProjectError(not_project, kind="not_project")
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.DatabaseError as err:
        if error_kind(err) == "not_database":
            raise _not_a_database(path, err) from err
        raise ProjectError(
            f"{path}: corrupt or unreadable project file ({err})",
            kind=error_kind(err, "damaged"),
        ) from err
    if meta.get("app") != schema.APP_ID:
        raise ProjectError(not_project, kind="not_project")
    try:
        version = int(meta["schema_version"])
    except (KeyError, ValueError) as err:
        raise ProjectError(
            f"{path}: project file has no valid schema version", kind="damaged"
        ) from err
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: written by a newer version of annotator (schema {version}, "
            f"app {meta.get('app_version', '?')}); this version reads schema "
            f"{schema.SCHEMA_VERSION} or older. Upgrade annotator to {purpose} it.",
            kind="too_new",
        )
    return version


def connect_readonly(path: Path, **options: Any) -> sqlite3.Connection:
    """A connection to project file `path` that cannot write (`PRAGMA query_only`).

    Everything goes through SQLite: the file is never opened any other way, since closing any
    other descriptor on it would drop this process's locks on it, and another process would
    then take itself for the last one and delete the write-ahead log still in use. It is an
    ordinary connection, as the app's own, never an immutable one (which takes no locks and
    reads pages others are changing): it plays back the rollback journal of a killed bulk
    import, recovers a write-ahead log, and, if it is the last connection when it closes,
    removes the -wal/-shm files as SQLite does. Where the file or its folder cannot be written
    (no -wal/-shm can be made) it is opened in SQLite's read-only mode instead. `options` go
    to `sqlite3.connect`. ProjectError when the file is missing or not a database.
    """
    path = Path(path)
    _existing_file(path)
    try:
        conn = sqlite3.connect(path, **options)
        conn.execute("PRAGMA query_only = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _first_read(path, conn)
        return conn
    except ProjectError:
        raise
    except sqlite3.OperationalError as err:  # read-only file or folder
        readonly_error = err
    try:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, **options)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as err:
        raise ProjectError(
            f"{path}: cannot read ({readonly_error}; {err})", kind=error_kind(err, "unreadable")
        ) from err
    _first_read(path, conn)
    return conn


def release_for_replacement(path: Path) -> None:
    """Before project file `path` is replaced by another file: make sure no program has it open,
    and let SQLite fold its write-ahead log back and remove its -wal/-shm files (leaving the
    file in rollback-journal mode). ProjectError when a program has it open. A missing file, or
    one that is not a database, is left as it is (nobody can be writing it as a project)."""
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(path, timeout=0)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.OperationalError as err:
        if error_kind(err) == "in_use":
            raise ProjectError(
                f"{path}: is open in another program; close it there before replacing it",
                kind="in_use",
            ) from err
        raise ProjectError(f"{path}: cannot be replaced: {err}", kind=error_kind(err)) from err
    except sqlite3.DatabaseError:  # not a database: nobody has it open as one
        pass
    finally:
        conn.close()
