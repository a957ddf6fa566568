"""What `assign` and `merge` (`annotator.team`) read and write beyond the Project's methods:
read-only opening of a teammate's copy, the units to merge, roles, times kept across copies."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from annotator import __version__
from annotator.rules import NEW
from annotator.store import schema
from annotator.store.project import Project, connect_readonly, project_version
from annotator.store.suggestions import Rejection


def open_readonly(path: str | Path, *, searchable: bool = False) -> Project:
    """Open a project for reading only, never changing its file (but for rolling back an
    import that was killed, as any opening does: `store.project.connect_readonly`).

    An older schema is read from an in-memory copy, migrated there; its search index is rebuilt
    only when `searchable` (merge, the dashboard and agreement never search). Read methods of
    the returned Project work; writes fail. Close it with `project.close()`, or use it as a
    context manager (`with open_readonly(path) as project:`). Raises ProjectError for a file
    that is not a project (its `kind` says why).
    """
    path = Path(path)
    conn = connect_readonly(path, isolation_level=None, check_same_thread=False)
    try:
        version = project_version(path, conn, "merge")
        if version < schema.SCHEMA_VERSION:
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.backup(memory)
            conn.close()
            conn = memory
            upgraded = Project(path, conn)
            with upgraded.transaction():
                schema.migrate(conn, version, __version__, search_index=searchable)
            conn.execute("PRAGMA query_only = ON")  # a copy: writing it would save nothing
            return upgraded
    except BaseException:
        conn.close()
        raise
    return Project(path, conn)


def set_assigned_to(project: Project, annotator: str) -> None:
    """Record that the project is `annotator`'s copy (read back from `Project.meta()`)."""
    project.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('assigned_to', ?)", (annotator,)
    )


def annotator_role(project: Project, name: str) -> str | None:
    """The role of annotator `name`, None when there is no such annotator."""
    row = project.conn.execute("SELECT role FROM annotators WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def merge_units(project: Project) -> dict[int, list[str]]:
    """The annotators (name order) with something to merge (annotations, relations, document
    labels or a status other than new) on each document, by document id."""
    rows = project.conn.execute(
        "SELECT DISTINCT u.document_id, w.name FROM ("
        " SELECT document_id, annotator_id FROM annotations"
        " UNION SELECT document_id, annotator_id FROM relations"
        " UNION SELECT document_id, annotator_id FROM doc_labels"
        f" UNION SELECT document_id, annotator_id FROM doc_status WHERE status != '{NEW}'"
        ") u JOIN annotators w ON w.id = u.annotator_id ORDER BY u.document_id, w.name"
    )
    units: dict[int, list[str]] = {}
    for doc_id, name in rows:
        units.setdefault(doc_id, []).append(name)
    return units


def keep_annotation_times(project: Project, uuid: str, created_at: str, updated_at: str) -> None:
    """Give annotation `uuid` the times it has in the copy it came from."""
    project.conn.execute(
        "UPDATE annotations SET created_at = ?, updated_at = ? WHERE uuid = ?",
        (created_at, updated_at, uuid),
    )


def relation_created_at(project: Project, uuid: str) -> str | None:
    """When relation `uuid` was made; None when there is no such relation."""
    row = project.conn.execute(
        "SELECT created_at FROM relations WHERE uuid = ?", (uuid,)
    ).fetchone()
    return row[0] if row else None


def keep_relation_time(project: Project, uuid: str, created_at: str) -> None:
    """Give relation `uuid` the time it was made in the copy it came from."""
    project.conn.execute("UPDATE relations SET created_at = ? WHERE uuid = ?", (created_at, uuid))


def add_rejections(project: Project, annotator: str, rejections: Iterable[Rejection]) -> int:
    """Remember `rejections` (what `annotator` turned down in another copy, with when) for
    `annotator` too; how many were new (caller's transaction)."""
    annotator_id = project.annotator_id(annotator)
    return sum(
        project.conn.execute(
            "INSERT OR IGNORE INTO rejections(annotator_id, label, key, at) VALUES (?, ?, ?, ?)",
            (annotator_id, rejection.label, rejection.key, rejection.at),
        ).rowcount
        for rejection in rejections
    )


def rejecting_annotators(project: Project) -> list[str]:
    """The annotators who turned suggestions down (also those with nothing else), by name."""
    return [
        name
        for (name,) in project.conn.execute(
            "SELECT name FROM annotators WHERE id IN (SELECT annotator_id FROM rejections) "
            "ORDER BY name"
        )
    ]


def deleted_notes(project: Project) -> dict[str, str]:
    """The notes the project's history shows deleted (`Notes.delete_note`): uuid -> when
    last."""
    return dict(
        project.conn.execute(
            "SELECT json_extract(detail, '$.uuid'), max(at) FROM history "
            "WHERE action = 'delete note' GROUP BY 1"
        ).fetchall()
    )


def log_merge(project: Project, detail: dict) -> None:
    """Write a merge in the project's history."""
    project._log("merge", None, detail)
