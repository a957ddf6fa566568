"""Rolling snapshots of a project file in the user data folder, and restoring one (no Qt).

A snapshot is a whole, consistent copy of a project made with SQLite's online backup API in a
single step (`pages=-1`): the copy is one read transaction, so in WAL mode it never stops other
connections or processes from writing, and it holds everything committed before it began. (A
copy made a few pages at a time restarts whenever another connection commits, and may never
finish while someone writes: bench/bench_backups.py measures both.) It is written to a hidden
temporary file, switched to a self-contained rollback-journal database, and only then renamed to
its final name: a snapshot with a final name is always complete.

The snapshots of a project live in `<user data folder>/backups/<file stem>-<hash of the
resolved path>/`, named `YYYYMMDD-HHMMSS-ffffff-<reason>.sqlite` (UTC). After each snapshot the
folder keeps the newest `MAX_SNAPSHOTS`, and no more than `MAX_TOTAL_BYTES` in all (always at
least the newest). Restoring copies a snapshot INTO the project through the backup API (the
project's own connection is the destination; the live file is never replaced), after taking a
"before restore" snapshot of the project, so that a restore can be undone by restoring that.

Files are opened only through SQLite: project files, snapshots and temporary copies alike.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.errors import NotFoundError
from annotator.resources import user_data_dir
from annotator.store import schema, sync_local
from annotator.store.project import (
    Project,
    ProjectError,
    connect_readonly,
    error_kind,
    project_version,
)

MAX_SNAPSHOTS = 10
MAX_TOTAL_BYTES = 2 * 1024**3  # per project
OPEN, TIMER, BEFORE_RESTORE, MANUAL = "open", "timer", "before restore", "manual"
BEFORE_IMPORT = "before import"  # the GUI's File > Import… takes one: an import is not undoable
BEFORE_MERGE = "before merge"  # the GUI's Team > Merge copies… takes one, for the same reason
BEFORE_RESOLVE = "before resolve"  # `annotator sync --resolve DOC --keep server` takes one
REASONS = (OPEN, TIMER, BEFORE_RESTORE, MANUAL, BEFORE_IMPORT, BEFORE_MERGE, BEFORE_RESOLVE)
SUFFIX = ".sqlite"
# A temporary file this old is what a killed backup left behind (a backup running in another
# process is seconds old): pruning removes it.
STALE_TEMPORARY_SECONDS = 3600
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)\.sqlite")
_SIDE_FILES = ("-journal", "-wal", "-shm")


class BackupError(ProjectError):
    """A snapshot that cannot be taken or restored; the message says why and `kind` what is
    wrong (damaged, in_use, exists...). An unknown snapshot is a `NotFoundError`."""


@dataclass(frozen=True)
class Snapshot:
    """One snapshot of a project. `number` is its place in the listing (1 = the newest);
    `documents` and `annotations` are counted when the listing is asked to (None otherwise,
    or when the snapshot cannot be read: `problem` then says why)."""

    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int
    number: int = 0
    documents: int | None = None
    annotations: int | None = None
    problem: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class RestoreResult:
    """What `restore_snapshot` did: the snapshot copied into the project, the snapshot of the
    project's previous state taken first (None for a new project), and the counts restored."""

    restored: Path
    safety: Snapshot | None
    documents: int
    annotations: int


# ------------------------------------------------------------------ where snapshots live


def backup_folder(project_path: str | Path) -> Path:
    """The folder holding the snapshots of the project at `project_path` (which need not
    exist any more): named after the file, made unique by a hash of its resolved path."""
    resolved = Path(project_path).resolve()
    key = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = re.sub(r"[^\w.-]+", "_", resolved.stem)[:60] or "project"
    return user_data_dir() / "backups" / f"{stem}-{key}"


def list_snapshots(project_path: str | Path, *, counts: bool = False) -> list[Snapshot]:
    """The snapshots of the project at `project_path`, newest first, numbered from 1.
    With `counts`, each is opened (read-only) to count its documents and annotations."""
    folder = backup_folder(project_path)
    found: list[Snapshot] = []
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    for path in entries:
        snapshot = _parse(path)
        if snapshot is not None:
            found.append(snapshot)
    found.sort(key=lambda s: (s.taken_at, s.name), reverse=True)
    numbered = [replace(s, number=i) for i, s in enumerate(found, 1)]
    return [_counted(s) for s in numbered] if counts else numbered


def find_snapshot(project_path: str | Path, which: str | Path) -> Snapshot | Path:
    """The snapshot `which` names: its number in the listing (1 = the newest), its file name
    (with or without `.sqlite`), or the path of any snapshot or project file. NotFoundError
    when there is no such snapshot."""
    text = str(which).strip()
    snapshots = list_snapshots(project_path)
    if text.isdigit():
        number = int(text)
        for snapshot in snapshots:
            if snapshot.number == number:
                return snapshot
        listed = f"1 to {len(snapshots)}" if snapshots else "none"
        raise NotFoundError(
            f"{project_path}: no snapshot number {number} (snapshots: {listed}; "
            f"list them with: annotator backups {project_path})"
        )
    for snapshot in snapshots:
        if text in (snapshot.name, snapshot.path.stem):
            return snapshot
    path = Path(text).expanduser()
    if path.is_file():
        return path
    raise NotFoundError(
        f"{text}: no such snapshot of {project_path} (give its number or name from "
        f"`annotator backups {project_path}`, or the path of a snapshot file)"
    )


# ------------------------------------------------------------------ taking snapshots


def take_snapshot(
    source: Project | str | Path,
    reason: str = MANUAL,
    *,
    keep: int = MAX_SNAPSHOTS,
    max_bytes: int = MAX_TOTAL_BYTES,
    prune: bool = True,
) -> Snapshot:
    """Snapshot the project `source` (an open Project, read through its own connection, or a
    project file's path, read through a connection of its own, e.g. on another thread) into
    its backup folder, then prune the folder to `keep` snapshots and `max_bytes`.

    ProjectError when the source is not a readable project; BackupError (a ProjectError)
    when it is in the middle of a write or the copy cannot be written."""
    if reason not in REASONS:
        raise ValueError(f"unknown snapshot reason {reason!r}")
    if isinstance(source, Project):
        if source.conn.in_transaction:
            raise BackupError(
                f"{source.path}: cannot take a snapshot in the middle of a write", kind="in_use"
            )
        path, conn, own = source.path, source.conn, False
    else:
        path = Path(source)
        conn, own = connect_readonly(path, isolation_level=None), True
    try:
        if own:
            project_version(path, conn, "back up")
        snapshot = _write_snapshot(path, conn, reason)
    finally:
        if own:
            conn.close()
    if prune:
        prune_snapshots(path, keep=keep, max_bytes=max_bytes)
    return snapshot


def prune_snapshots(
    project_path: str | Path, *, keep: int = MAX_SNAPSHOTS, max_bytes: int = MAX_TOTAL_BYTES
) -> list[Path]:
    """Delete the snapshots of the project beyond the newest `keep` or `max_bytes` in all (the
    newest is always kept), and temporary files left by killed backups; returns the deleted."""
    removed: list[Path] = []
    total = 0
    for index, snapshot in enumerate(list_snapshots(project_path)):
        total += snapshot.size
        if index == 0 or (index < keep and total <= max_bytes):
            continue
        _remove(snapshot.path)
        removed.append(snapshot.path)
    folder = backup_folder(project_path)
    stale = time.time() - STALE_TEMPORARY_SECONDS
    for path in folder.glob(".*.tmp"):
        try:
            if path.stat().st_mtime < stale:
                _remove(path)
                removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def write_count(project: Project) -> int | None:
    """How many rows the project's connection has written since it was opened (None once it
    is closed): a different figure later means something was written meanwhile."""
    try:
        return project.conn.total_changes
    except sqlite3.ProgrammingError:
        return None


def _write_snapshot(project_path: Path, conn: sqlite3.Connection, reason: str) -> Snapshot:
    folder = backup_folder(project_path)
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = datetime.now(UTC)
    while True:  # a unique name, also for snapshots taken within the same microsecond
        final = folder / f"{taken_at.strftime(_STAMP)}-{reason.replace(' ', '-')}{SUFFIX}"
        if not final.exists():
            break
        taken_at += timedelta(microseconds=1)
    temporary = folder / f".{final.name}.{os.getpid()}.tmp"
    try:
        _copy(conn, temporary)
        os.replace(temporary, final)
    except BaseException as err:
        _remove(temporary)
        if isinstance(err, sqlite3.Error | OSError):
            raise BackupError(
                f"{project_path}: the snapshot could not be written: {err}", kind=error_kind(err)
            ) from err
        raise
    _sync_folder(folder)
    return Snapshot(final, taken_at, reason, _size(final))


def _copy(source: sqlite3.Connection, target: Path, page_size: int | None = None) -> None:
    """Copy the database of `source` into a new file `target` in one backup step, as a
    self-contained rollback-journal database (synced by SQLite), with `page_size` if given."""
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(conn)  # one step (pages=-1): one consistent read, never restarted
        conn.execute("PRAGMA journal_mode = DELETE")  # the copy took the source's WAL mode
        if page_size is not None and page_size != _page_size(conn):
            conn.execute(f"PRAGMA page_size = {int(page_size)}")
            conn.execute("VACUUM")
    finally:
        conn.close()


# ------------------------------------------------------------------ restoring


def check_snapshot(path: Path, conn: sqlite3.Connection) -> int:
    """The schema version of snapshot `path`, open as `conn`; BackupError unless SQLite's
    integrity check passes and it is a project this version can read."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    except sqlite3.DatabaseError as err:
        raise BackupError(
            f"{path}: damaged or not a project file ({err}); not restored",
            kind=error_kind(err, "damaged"),
        ) from err
    if problems != ["ok"]:
        raise BackupError(
            f"{path}: damaged (integrity check: {'; '.join(problems)}); not restored",
            kind="damaged",
        )
    try:
        return project_version(path, conn, "restore")
    except ProjectError as err:
        raise BackupError(f"{err}; not restored", kind=err.kind) from err


def restore_snapshot(
    project: Project, snapshot: Snapshot | str | Path, *, safety: bool = True
) -> RestoreResult:
    """Make `project` hold exactly what `snapshot` holds, through SQLite's backup API into the
    project's own connection (other connections see the change as they would any commit).

    The snapshot is checked first (integrity, a project this version reads); with `safety`, a
    "before restore" snapshot of the project is taken next, which undoes the restore. An older
    schema, or other database pages, are converted on a temporary copy. Nothing is changed
    when an error is raised."""
    path = snapshot.path if isinstance(snapshot, Snapshot) else Path(snapshot)
    if path.resolve() == Path(project.path).resolve():
        raise BackupError(f"{path}: is the project itself; not restored")
    if project.conn.in_transaction:
        raise BackupError(f"{project.path}: cannot restore in the middle of a write", kind="in_use")
    joined = sync_local.settings(project)  # a team project stays joined (store/sync_local)
    source = _connect_snapshot(path)
    try:
        version = check_snapshot(path, source)
        before = take_snapshot(project, BEFORE_RESTORE, prune=False) if safety else None
        target_pages = _page_size(project.conn)
        try:
            if version == schema.SCHEMA_VERSION and _page_size(source) == target_pages:
                _backup_into(source, project)
            else:
                _restore_converted(source, project, target_pages)
        finally:
            project.forget_cached()  # labels, annotator ids, search terms: all replaced
    finally:
        source.close()
    if joined is not None:
        sync_local.after_restore(project, joined)
    if safety:
        prune_snapshots(project.path)
    documents, annotations = _counts(project.conn)
    return RestoreResult(path, before, documents, annotations)


def restore_as_new(project_path: str | Path, snapshot: Snapshot | str | Path) -> RestoreResult:
    """Create the project file `project_path` (which must not exist) holding what `snapshot`
    holds: for a project that was deleted or is damaged beyond use."""
    project_path = Path(project_path)
    if project_path.exists():
        raise BackupError(f"{project_path}: already exists; restore into it instead", kind="exists")
    project = Project.create(project_path)
    try:
        result = restore_snapshot(project, snapshot, safety=False)
    except BaseException:
        project.close()
        for suffix in ("", *_SIDE_FILES):
            Path(f"{project_path}{suffix}").unlink(missing_ok=True)
        raise
    project.close()
    return result


def _backup_into(source: sqlite3.Connection, project: Project) -> None:
    try:
        source.backup(project.conn)  # one step; the destination's write lock is held as long
    except sqlite3.Error as err:
        raise BackupError(
            f"{project.path}: the snapshot could not be restored: {err}", kind=error_kind(err)
        ) from err


def _restore_converted(source: sqlite3.Connection, project: Project, page_size: int) -> None:
    """Restore through a temporary copy with the project's page size, upgraded to this
    version's schema by opening it as a project."""
    folder = backup_folder(project.path)
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / f".restore-{datetime.now(UTC).strftime(_STAMP)}.{os.getpid()}.tmp"
    try:
        _copy(source, staged, page_size)
        with Project.open(staged) as copy:
            _backup_into(copy.conn, project)
    finally:
        _remove(staged)


# ------------------------------------------------------------------ helpers


def _connect_snapshot(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to snapshot (or any database file) `path`."""
    try:
        return connect_readonly(path, isolation_level=None)
    except ProjectError as err:
        raise BackupError(f"{err}; not restored", kind=err.kind) from err


def _parse(path: Path) -> Snapshot | None:
    match = _NAME.fullmatch(path.name)
    if match is None:
        return None
    reason = match["reason"].replace("-", " ")
    try:
        taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        size = _size(path)
    except (ValueError, FileNotFoundError):  # not ours, or pruned meanwhile
        return None
    return Snapshot(path, taken_at, reason, size)


def _counted(snapshot: Snapshot) -> Snapshot:
    try:
        conn = _connect_snapshot(snapshot.path)
    except BackupError as err:
        return replace(snapshot, problem=str(err))
    try:
        documents, annotations = _counts(conn)
    except sqlite3.DatabaseError as err:
        return replace(snapshot, problem=f"unreadable: {err}")
    finally:
        conn.close()
    return replace(snapshot, documents=documents, annotations=annotations)


def _counts(conn: sqlite3.Connection) -> tuple[int, int]:
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    annotations = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    return documents, annotations


def format_size(size: float) -> str:
    """`size` bytes for people: 512 bytes, 3.4 KB, 38.2 MB, 1.5 GB."""
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} GB"


def _page_size(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA page_size").fetchone()[0]


def _size(path: Path) -> int:
    return path.stat().st_size


def _remove(path: Path) -> None:
    """Delete a snapshot or temporary copy (no connection of ours is open on it)."""
    for suffix in ("", *_SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
