"""The project file's connection: opening helpers, transactions (savepoints; a refused write
raises `WriteError`), the bulk-write settings of imports, and the history log."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeGuard
from urllib.parse import quote

from annotator.errors import InputError, ProjectError, ProjectErrorKind
from annotator.rules import LabelDef
from annotator.store import schema
from annotator.store.rows import now

if TYPE_CHECKING:
    pass

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


class ProjectConnection:
    """The connection to a project file and its transactions (the base of `Project`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0
        self._annotator_ids: dict[str, int] = {}
        self._labels_cache: list[LabelDef] | None = None
        self._terms_cache: Any = None  # annotator.store.search.TermCache

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

    def __enter__(self) -> Self:
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

    def _log(
        self, action: str, document_id: int | None, detail: dict, annotator: str | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO history(at, annotator, action, document_id, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (now(), annotator, action, document_id, json.dumps(detail, ensure_ascii=False)),
        )

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
