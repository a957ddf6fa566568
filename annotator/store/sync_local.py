"""The local (SQLite) side of team sync (`annotator.sync`): triggers, outbox, units, bases.

A unit is one annotator's work on one document: annotations, relations, document labels, the
notes they wrote on it, its status and editing seconds, and for the gold unit the curation
decisions. Once a project is joined to a server (`enable`), triggers on every table holding
a unit's content mark the unit in `sync_outbox` (its `seq` grows at each change), and
triggers on the label schema set the meta key `sync.schema_dirty`: every write path (GUI,
CLI, bulk acceptance, import, merge) is caught in one place. `sync_units` keeps the server
version, digest and content each unit was last synced at (the base of sync's three-way
comparison, written in the same transaction as the version); `sync_sent` the content of a push
until its base is written (a kill in between: the next sync knows what the server holds).
Content travels as `UnitContent`, free of local ids (documents are known by their text's
sha256 across machines). `sent_by` is the rule of which units a project pushes.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final, NamedTuple

from annotator.rules import GOLD, LEAD, NEW
from annotator.store.curation import Decision, write_decision
from annotator.store.labels import GUIDELINES_KEY
from annotator.store.project import Project
from annotator.store.rows import now, to_json
from annotator.store.units import (
    UnitAnnotation,
    UnitContent,
    UnitDecision,
    UnitDocLabel,
    UnitNote,
    UnitRelation,
    dump_content,
    load_content,
    round_seconds,
    unit_digest,
)

URL_KEY: Final = "sync.url"
MEMBER_KEY: Final = "sync.member"
ROLE_KEY: Final = "sync.role"
CURSOR_KEY: Final = "sync.cursor"
MACHINE_KEY: Final = "sync.machine"
SCHEMA_DIRTY_KEY: Final = "sync.schema_dirty"
SCHEMA_VERSION_KEY: Final = "sync.schema_version"
DOCUMENTS_DIRTY_KEY: Final = "sync.documents_dirty"
REJECTIONS_DIRTY_KEY: Final = "sync.rejections_dirty"
RESTORED_KEY: Final = "sync.restored"  # a snapshot was restored: its units win at the next sync
LAST_SYNC_KEY: Final = "sync.last"
PROJECT_KEY: Final = "sync.project_uuid"  # the team project's uuid (server meta; team_server)
BLIND_KEY: Final = "sync.blind"  # the server's blind setting at the last sync ('1'/'0')
HELD_KEY: Final = "sync.held"  # a digest of the units held here, not sent (said once)
EPOCH_KEY: Final = "sync.epoch"  # the server's restore epoch at the last sync (docs/team.md)
SYNC_KEYS: Final = (
    URL_KEY,
    MEMBER_KEY,
    ROLE_KEY,
    CURSOR_KEY,
    MACHINE_KEY,
    SCHEMA_DIRTY_KEY,
    SCHEMA_VERSION_KEY,
    DOCUMENTS_DIRTY_KEY,
    REJECTIONS_DIRTY_KEY,
    RESTORED_KEY,
    LAST_SYNC_KEY,
    PROJECT_KEY,
    BLIND_KEY,
    HELD_KEY,
    EPOCH_KEY,
)

# Tables holding a unit's content, each with its document and annotator columns (SQL
# expressions on the trigger's NEW/OLD row; curation rows belong to the gold unit).
_GOLD_ID = f"(SELECT id FROM annotators WHERE name = '{GOLD}')"
_UNIT_TABLES: Final = {
    "annotations": "annotator_id",
    "relations": "annotator_id",
    "doc_status": "annotator_id",
    "doc_labels": "annotator_id",
    "notes": "annotator_id",
    "doc_time": "annotator_id",
    "curation": None,
}
# every unit with content: (document_id, annotator_id) rows of each table above (curation's: gold)
_UNIT_ROWS: Final = " UNION ".join(
    f"SELECT document_id, {column or _GOLD_ID} AS annotator_id FROM {table}"
    for table, column in _UNIT_TABLES.items()
)
_SCHEMA_TABLES: Final = ("labels", "relation_types", "doc_attribute_defs")


class SyncSettings(NamedTuple):
    """How a project is joined to its server (local meta keys `sync.*`)."""

    url: str  # without any password
    member: str
    role: str  # 'annotator' or 'lead'
    machine: str
    cursor: str | None  # the server snapshot's xmin of the last successful pull
    schema_version: int | None  # the server label schema version last synced
    schema_dirty: int  # changes of the label schema since its last sync (0: none)
    documents_dirty: int  # documents added here since the last sync (0: none)
    rejections_dirty: int  # suggestions turned down here since the last sync (0: none)
    last_sync: str | None
    project_uuid: str | None  # the team project's (None: not recorded)
    restored: bool  # a snapshot was restored since the last sync
    blind: str | None  # the server's blind setting at the last sync ('1'/'0'; None: unknown)
    held: str | None  # the digest of the units held here, not sent, when last said
    epoch: str | None = None  # the server's meta 'epoch' at the last sync (bumped by a restore)


class UnitKey(NamedTuple):
    document_id: int
    annotator: str


class OutboxEntry(NamedTuple):
    """A unit changed here since its last sync; `seq` as read (see `mark_synced`)."""

    document_id: int
    sha256: str
    annotator: str
    seq: int


class UnitBase(NamedTuple):
    """The server version and content digest a unit was last synced at."""

    version: int
    digest: str


def sent_by(found: SyncSettings) -> tuple[str, ...]:
    """The members whose units this project pushes (the one rule): its member's, and for a
    lead also gold's. Others' units are only pulled."""
    return (found.member, GOLD) if found.role == LEAD else (found.member,)


# ------------------------------------------------------------------ enabling


def enable(
    project: Project,
    *,
    url: str,
    member: str,
    role: str,
    all_dirty: bool = False,
) -> SyncSettings:
    """Join `project` to the server at `url` as `member` (`role`: 'annotator' or 'lead'):
    write the meta keys (the URL without its password; a new random machine id, unless one
    is there), create the triggers that keep the outbox. `all_dirty`: put every unit with
    content here in the outbox (a project pushed for the first time, or recovered). Caller's
    transaction or its own."""
    # psycopg (pg.connect's) is imported when a project is joined, not by every program that
    # opens a project (the app's start, the CLI: backups, health and recover import this one)
    from annotator.store.pg.connect import strip_password

    with project.transaction() as conn:
        machine = project.meta().get(MACHINE_KEY) or secrets.token_hex(8)
        for key, value in (
            (URL_KEY, strip_password(url)),
            (MEMBER_KEY, member),
            (ROLE_KEY, role),
            (MACHINE_KEY, machine),
        ):
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        _create_triggers(conn)
        if all_dirty:
            mark_all_dirty(project)
    settings_ = settings(project)
    assert settings_ is not None
    return settings_


def _create_triggers(conn: sqlite3.Connection) -> None:
    for table, annotator in _UNIT_TABLES.items():

        def unit(row: str, table_annotator: str | None = annotator) -> tuple[str, str]:
            who = f"{row}.{table_annotator}" if table_annotator else _GOLD_ID
            return f"{row}.document_id", who

        moved = "OLD.document_id != NEW.document_id" + (
            f" OR OLD.{annotator} != NEW.{annotator}" if annotator else ""
        )
        for event, marks in (
            ("INSERT", _mark(*unit("NEW"))),
            ("UPDATE", _mark(*unit("NEW")) + _mark(*unit("OLD"), when=moved)),
            ("DELETE", _mark(*unit("OLD"))),
        ):
            if annotator is None:  # a decision before any gold span: the gold annotator
                marks = (
                    # not INSERT OR IGNORE: an outer INSERT OR REPLACE would make it a REPLACE
                    "INSERT INTO annotators(name, role, created_at) "
                    f"SELECT '{GOLD}', '{GOLD}', strftime('%Y-%m-%dT%H:%M:%f+00:00') "
                    f"WHERE NOT EXISTS (SELECT 1 FROM annotators WHERE name = '{GOLD}');" + marks
                )
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS sync_{table}_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN {marks} END"
            )
    dirty = _bump(SCHEMA_DIRTY_KEY)
    for table in _SCHEMA_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS sync_{table}_{event.lower()} AFTER {event} "
                f"ON {table} BEGIN {dirty} END"
            )
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS sync_guidelines_{event.lower()} AFTER {event} "
            f"ON meta WHEN {row}.key = '{GUIDELINES_KEY}' BEGIN {dirty} END"
        )
    conn.execute(
        "CREATE TRIGGER IF NOT EXISTS sync_rejections_insert AFTER INSERT ON rejections BEGIN "
        f"{_bump(REJECTIONS_DIRTY_KEY)} END"
    )
    conn.execute(
        "CREATE TRIGGER IF NOT EXISTS sync_documents_insert AFTER INSERT ON documents BEGIN "
        f"{_bump(DOCUMENTS_DIRTY_KEY)} END"
    )


def _bump(key: str) -> str:
    """A flag that counts changes (cleared only when unchanged since read: `clear_flag`)."""
    return (
        f"INSERT INTO meta(key, value) VALUES ('{key}', '1') ON CONFLICT(key) "
        "DO UPDATE SET value = CAST(value AS INTEGER) + 1;"
    )


def _mark(document: str, annotator: str, when: str = "true") -> str:
    return (
        f"INSERT INTO sync_outbox(document_id, annotator_id, seq) SELECT {document}, "
        f"{annotator}, 1 WHERE {annotator} IS NOT NULL AND ({when}) "
        "ON CONFLICT(document_id, annotator_id) DO UPDATE SET seq = seq + 1;"
    )


def expected_triggers() -> list[str]:
    """The names of the triggers `enable` creates."""
    names = [
        f"sync_{table}_{event}"
        for table in (*_UNIT_TABLES, *_SCHEMA_TABLES)
        for event in ("insert", "update", "delete")
    ]
    names += [f"sync_guidelines_{event}" for event in ("insert", "update", "delete")]
    return sorted([*names, "sync_rejections_insert", "sync_documents_insert"])


def missing_triggers(conn: sqlite3.Connection) -> list[str]:
    """The sync triggers a project joined to a server lacks (none when it is not joined):
    without them changes made here would not be sent (`annotator check` reports them; the
    next sync makes them again and compares every unit)."""
    joined = conn.execute("SELECT 1 FROM meta WHERE key = ?", (URL_KEY,)).fetchone()
    if not joined:
        return []
    have = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return [name for name in expected_triggers() if name not in have]


def trigger_names(project: Project) -> list[str]:
    """The sync triggers the project file holds (none until `enable`)."""
    return [
        name
        for (name,) in project.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync\\_%' "
            "ESCAPE '\\' ORDER BY name"
        )
    ]


def after_restore(project: Project, joined: SyncSettings) -> None:
    """After a snapshot was restored into a project joined to a server (`joined`: its
    settings before): it stays joined, every unit it holds is pending, and the next sync
    sends them over the server's (a restore is a choice; the server's side is kept in its
    conflicts), reading everything on the server again."""
    with project.transaction():
        set_meta(
            project,
            {
                PROJECT_KEY: joined.project_uuid,
                CURSOR_KEY: None,
                RESTORED_KEY: "1",
                MACHINE_KEY: joined.machine or None,
            },
        )
        enable(project, url=joined.url, member=joined.member, role=joined.role, all_dirty=True)


def disable(project: Project) -> None:
    """Leave the server: drop the triggers, the `sync.*` keys, the outbox and the bases (a
    copy of a joined project that is to be a project of its own)."""
    with project.transaction() as conn:
        for name in trigger_names(project):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(
            f"DELETE FROM meta WHERE key IN ({', '.join('?' * len(SYNC_KEYS))})", SYNC_KEYS
        )
        conn.execute("DELETE FROM sync_outbox")
        conn.execute("DELETE FROM sync_units")
        conn.execute("DELETE FROM sync_sent")


def settings(project: Project) -> SyncSettings | None:
    """The project's sync settings; None when it is not joined to a server."""
    meta = project.meta()
    if URL_KEY not in meta or MEMBER_KEY not in meta:
        return None
    version = meta.get(SCHEMA_VERSION_KEY)
    return SyncSettings(
        url=meta[URL_KEY],
        member=meta[MEMBER_KEY],
        role=meta.get(ROLE_KEY, "annotator"),
        machine=meta.get(MACHINE_KEY, ""),
        cursor=meta.get(CURSOR_KEY),
        schema_version=int(version) if version else None,
        schema_dirty=int(meta.get(SCHEMA_DIRTY_KEY) or 0),
        documents_dirty=int(meta.get(DOCUMENTS_DIRTY_KEY) or 0),
        rejections_dirty=int(meta.get(REJECTIONS_DIRTY_KEY) or 0),
        last_sync=meta.get(LAST_SYNC_KEY),
        project_uuid=meta.get(PROJECT_KEY),
        restored=meta.get(RESTORED_KEY) == "1",
        blind=meta.get(BLIND_KEY),
        held=meta.get(HELD_KEY),
        epoch=meta.get(EPOCH_KEY),
    )


def set_meta(project: Project, values: dict[str, str | None]) -> None:
    """Write (None: remove) `sync.*` meta keys in one transaction."""
    with project.transaction() as conn:
        for key, value in values.items():
            if key not in SYNC_KEYS:
                raise KeyError(key)
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def finish_sync(project: Project, cursor: str | None) -> None:
    """Record a successful sync: the pull cursor and its time."""
    set_meta(project, {CURSOR_KEY: cursor, LAST_SYNC_KEY: now()})


# ------------------------------------------------------------------ outbox and bases


def mark_dirty(project: Project, document_id: int, annotator: str) -> None:
    """Put one unit in the outbox (a unit kept here in conflict stays pending)."""
    with project.transaction() as conn:
        conn.execute(_mark(str(document_id), str(project.annotator_id(annotator))).rstrip(";"))


def mark_all_dirty(project: Project) -> int:
    """Put every unit with content in the outbox (caller's transaction or its own); how
    many units that is."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_outbox(document_id, annotator_id, seq) "
            "SELECT document_id, annotator_id, 1 FROM ("
            f"{_UNIT_ROWS}) WHERE annotator_id IS NOT NULL "
            "ON CONFLICT(document_id, annotator_id) DO UPDATE SET seq = seq + 1"
        )
        return int(conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])


def outbox(project: Project) -> list[OutboxEntry]:
    """The units changed here since their last sync, by document then annotator."""
    rows = project.conn.execute(
        "SELECT o.document_id, d.sha256, w.name, o.seq FROM sync_outbox o "
        "JOIN documents d ON d.id = o.document_id JOIN annotators w ON w.id = o.annotator_id "
        "ORDER BY o.document_id, w.name"
    )
    return [OutboxEntry(*row) for row in rows]


def pending_count(project: Project) -> int:
    """How many of the units this project sends (the member's own; gold's too, for a lead)
    wait to be pushed: the status bar's "pending changes". (A change here to someone else's
    unit is never sent: it waits in the outbox until their version replaces it.)"""
    found = settings(project)
    if found is None:
        return 0
    names = sent_by(found)
    return int(
        project.conn.execute(
            "SELECT count(*) FROM sync_outbox o JOIN annotators w ON w.id = o.annotator_id "
            f"WHERE w.name IN ({', '.join('?' * len(names))})",
            names,
        ).fetchone()[0]
    )


def outbox_seq(project: Project, document_id: int, annotator: str) -> int | None:
    """The unit's outbox `seq`; None when it has no local change pending."""
    row = project.conn.execute(
        "SELECT o.seq FROM sync_outbox o JOIN annotators w ON w.id = o.annotator_id "
        "WHERE o.document_id = ? AND w.name = ?",
        (document_id, annotator),
    ).fetchone()
    return int(row[0]) if row else None


def bases(project: Project) -> dict[UnitKey, UnitBase]:
    """The base (server version, digest) of every unit synced here."""
    rows = project.conn.execute(
        "SELECT s.document_id, w.name, s.version, s.digest FROM sync_units s "
        "JOIN annotators w ON w.id = s.annotator_id"
    )
    return {UnitKey(doc, name): UnitBase(version, digest) for doc, name, version, digest in rows}


class SyncedUnit(NamedTuple):
    """A unit synced here before: its document (local id and sha256), annotator and base."""

    document_id: int
    sha256: str
    annotator: str
    version: int


def synced_units(project: Project) -> list[SyncedUnit]:
    """Every unit with a base here (for a full comparison with the server)."""
    rows = project.conn.execute(
        "SELECT s.document_id, d.sha256, w.name, s.version FROM sync_units s "
        "JOIN documents d ON d.id = s.document_id JOIN annotators w ON w.id = s.annotator_id "
        "ORDER BY s.document_id, w.name"
    )
    return [SyncedUnit(*row) for row in rows]


def base(project: Project, document_id: int, annotator: str) -> UnitBase | None:
    row = project.conn.execute(
        "SELECT s.version, s.digest FROM sync_units s JOIN annotators w "
        "ON w.id = s.annotator_id WHERE s.document_id = ? AND w.name = ?",
        (document_id, annotator),
    ).fetchone()
    return UnitBase(*row) if row else None


def base_content(project: Project, document_id: int, annotator: str) -> UnitContent | None:
    """The unit's content as it was last synced (the base of sync's three-way comparison);
    None when it was never synced here."""
    row = project.conn.execute(
        "SELECT s.content FROM sync_units s JOIN annotators w ON w.id = s.annotator_id "
        "WHERE s.document_id = ? AND w.name = ?",
        (document_id, annotator),
    ).fetchone()
    return load_content(row[0]) if row else None


class SentUnit(NamedTuple):
    """A push whose local record was not written (see `record_sent`): the digest of what was
    sent, and the local unit it was made from (the base once the server holds it)."""

    digest: str
    content: UnitContent


def record_sent(
    project: Project, document_id: int, annotator: str, digest: str, local: UnitContent
) -> None:
    """Before pushing content of `digest` made from the local unit `local` (itself, or its
    merge with the server's): keep both, so that a sync killed after the server's commit and
    before the local one knows, the next time, that the server holds it and that `local` is
    the base to compare with (`sent`). The base write after the push clears it."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO sync_sent(document_id, annotator_id, digest, content) "
            "VALUES (?, ?, ?, ?)",
            (document_id, project.annotator_id(annotator), digest, dump_content(local)),
        )


def sent(project: Project, document_id: int, annotator: str) -> SentUnit | None:
    """The unit's push in flight (`record_sent`), if one was never recorded as done."""
    row = project.conn.execute(
        "SELECT s.digest, s.content FROM sync_sent s JOIN annotators w "
        "ON w.id = s.annotator_id WHERE s.document_id = ? AND w.name = ?",
        (document_id, annotator),
    ).fetchone()
    return SentUnit(row[0], load_content(row[1])) if row else None


def _set_base(
    conn: sqlite3.Connection,
    document_id: int,
    annotator_id: int,
    version: int,
    content: UnitContent,
) -> None:
    conn.execute(
        "INSERT INTO sync_units(document_id, annotator_id, version, digest, content) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) DO UPDATE SET "
        "version = excluded.version, digest = excluded.digest, content = excluded.content",
        (document_id, annotator_id, version, unit_digest(content), dump_content(content)),
    )
    conn.execute(
        "DELETE FROM sync_sent WHERE document_id = ? AND annotator_id = ?",
        (document_id, annotator_id),
    )


def mark_synced(
    project: Project,
    document_id: int,
    annotator: str,
    seq: int | None,
    version: int,
    content: UnitContent,
) -> bool:
    """After a push of `content` (or adopting the server's equal content): the unit's base
    becomes `content` at `version`, and its outbox row goes only if its seq is still `seq`
    (an edit made meanwhile stays pending). One transaction; whether the row went."""
    with project.transaction() as conn:
        annotator_id = project.annotator_id(annotator)
        _set_base(conn, document_id, annotator_id, version, content)
        if seq is None:
            return True
        cleared = conn.execute(
            "DELETE FROM sync_outbox WHERE document_id = ? AND annotator_id = ? AND seq = ?",
            (document_id, annotator_id, seq),
        ).rowcount
        return bool(cleared)


# ------------------------------------------------------------------ reading and writing units


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Reads from one snapshot of the file: a read transaction, unless one is open."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def read_unit(project: Project, document_id: int, annotator: str) -> UnitContent:
    """The unit of `annotator` on `document_id` as it is here, read from one snapshot (a
    write made meanwhile by another program is wholly in it or wholly out)."""
    with _snapshot(project.conn):
        return _read_unit(project.conn, document_id, annotator)


def _read_unit(conn: sqlite3.Connection, document_id: int, annotator: str) -> UnitContent:
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    if row is None:
        return UnitContent()
    who = row[0]
    key = (document_id, who)
    status_row = conn.execute(
        "SELECT status FROM doc_status WHERE document_id = ? AND annotator_id = ?", key
    ).fetchone()
    time_row = conn.execute(
        "SELECT seconds FROM doc_time WHERE document_id = ? AND annotator_id = ?", key
    ).fetchone()
    annotations = tuple(
        UnitAnnotation(
            uuid,
            label,
            start,
            end,
            text,
            json.loads(attrs) if attrs else {},
            tuple(json.loads(proposed)) if proposed else (),
            json.loads(by) if by else None,
            created,
            updated,
        )
        for uuid, label, start, end, text, attrs, proposed, by, created, updated in conn.execute(
            'SELECT uuid, label, start, "end", text, attributes, proposed_by, suggested_by, '
            "created_at, updated_at FROM annotations WHERE document_id = ? AND annotator_id = ? "
            "ORDER BY uuid",
            key,
        )
    )
    relations = tuple(
        UnitRelation(*r)
        for r in conn.execute(
            "SELECT uuid, label, head, tail, created_at FROM relations "
            "WHERE document_id = ? AND annotator_id = ? ORDER BY uuid",
            key,
        )
    )
    notes = tuple(
        UnitNote(uuid, on, text, bool(flag), created, updated)
        for uuid, on, text, flag, created, updated in conn.execute(
            "SELECT uuid, annotation_uuid, text, needs_review, created_at, updated_at FROM notes "
            "WHERE document_id = ? AND annotator_id = ? ORDER BY uuid",
            key,
        )
    )
    doc_labels = tuple(
        UnitDocLabel(name, json.loads(value), at)
        for name, value, at in conn.execute(
            "SELECT name, value, updated_at FROM doc_labels "
            "WHERE document_id = ? AND annotator_id = ? ORDER BY name",
            key,
        )
    )
    curation: tuple[UnitDecision, ...] = ()
    if annotator == GOLD:
        curation = tuple(
            UnitDecision(*r)
            for r in conn.execute(
                'SELECT annotation_uuid, decision, gold_uuid, label, start, "end", at '
                "FROM curation WHERE document_id = ? ORDER BY annotation_uuid",
                (document_id,),
            )
        )
    return UnitContent(
        status=status_row[0] if status_row else NEW,
        seconds=round_seconds(time_row[0]) if time_row else 0.0,
        annotations=annotations,
        relations=relations,
        notes=notes,
        doc_labels=doc_labels,
        curation=curation,
    )


class Replaced(NamedTuple):
    """What `replace_unit` left out: items pointing at annotations this file does not hold
    (a note or decision on a span of a unit not pulled here), and the unit as stored."""

    skipped_notes: int
    skipped_decisions: int
    stored: UnitContent
    detached_notes: int = 0  # others' notes on spans the pull removed: now document notes
    dropped_decisions: int = 0  # gold's decisions on proposals the pull removed

    @property
    def complete(self) -> bool:
        return not (self.skipped_notes or self.skipped_decisions)


def replace_unit(
    project: Project,
    document_id: int,
    annotator: str,
    content: UnitContent,
    version: int,
    *,
    seq: int | None = None,
) -> Replaced | None:
    """Make the local unit `content` (the server's, at `version`), record the base and
    clear the unit's outbox row, in one transaction; only if the unit's outbox `seq` is
    still `seq` (None: no local change pending), else nothing is written and None returned
    (an edit made meanwhile is never overwritten). Rows that stay the same are left
    untouched (deleting a span would take others' notes and decisions on it along, by the
    schema's cascades). An item pointing at an annotation this file lacks is left out, and
    the base recorded is the unit as stored (never more than this file holds)."""
    skipped_notes = skipped_decisions = 0
    with project.transaction() as conn:
        if outbox_seq(project, document_id, annotator) != seq:
            return None
        who = project.annotator_id(annotator)
        key = (document_id, who)
        project.ensure_labels(a.label for a in content.annotations)
        # annotations: delete the gone, update the changed, insert the new
        here = {a.uuid: a for a in _read_unit(conn, document_id, annotator).annotations}
        wanted = {a.uuid: a for a in content.annotations}
        kept_relations = {r.uuid for r in content.relations}
        conn.execute(
            "DELETE FROM relations WHERE document_id = ? AND annotator_id = ?"
            + _not_in(kept_relations),
            [*key, *kept_relations],
        )
        gone = [here[uuid] for uuid in sorted(here.keys() - wanted.keys())]
        detached_notes, dropped_decisions = _keep_what_points_at(conn, annotator, who, gone)
        for ann in gone:
            conn.execute("DELETE FROM annotations WHERE uuid = ?", (ann.uuid,))
        for ann in content.annotations:
            if here.get(ann.uuid) == ann:
                continue
            values = (
                ann.label,
                ann.start,
                ann.end,
                ann.text,
                to_json(ann.attributes),
                to_json(list(ann.proposed_by)) if ann.proposed_by else None,
                to_json(ann.suggested_by) if ann.suggested_by else None,
                ann.created_at,
                ann.updated_at,
            )
            if ann.uuid in here:
                conn.execute(
                    'UPDATE annotations SET label = ?, start = ?, "end" = ?, text = ?, '
                    "attributes = ?, proposed_by = ?, suggested_by = ?, created_at = ?, "
                    "updated_at = ? WHERE uuid = ?",
                    (*values, ann.uuid),
                )
            else:
                conn.execute(
                    'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", '
                    "text, attributes, proposed_by, suggested_by, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (ann.uuid, *key, *values),
                )
        for rel in content.relations:
            conn.execute(
                "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET "
                "label = excluded.label, head = excluded.head, tail = excluded.tail, "
                "created_at = excluded.created_at",
                (rel.uuid, *key, rel.label, rel.head, rel.tail, rel.created_at),
            )
        # notes
        kept_notes = {n.uuid for n in content.notes}
        conn.execute(
            "DELETE FROM notes WHERE document_id = ? AND annotator_id = ?" + _not_in(kept_notes),
            [*key, *kept_notes],
        )
        for note in content.notes:
            if note.annotation_uuid is not None and not _exists(conn, note.annotation_uuid):
                skipped_notes += 1
                continue
            conn.execute(
                "INSERT INTO notes(uuid, document_id, annotation_uuid, annotator_id, text, "
                "needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(uuid) DO UPDATE SET annotation_uuid = excluded.annotation_uuid, "
                "text = excluded.text, needs_review = excluded.needs_review, "
                "created_at = excluded.created_at, updated_at = excluded.updated_at",
                (
                    note.uuid,
                    document_id,
                    note.annotation_uuid,
                    who,
                    note.text,
                    int(note.needs_review),
                    note.created_at,
                    note.updated_at,
                ),
            )
        # document labels, status, time
        conn.execute("DELETE FROM doc_labels WHERE document_id = ? AND annotator_id = ?", key)
        conn.executemany(
            "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (*key, label.name, to_json(label.value), label.updated_at)
                for label in content.doc_labels
            ],
        )
        if content.status == NEW:
            conn.execute("DELETE FROM doc_status WHERE document_id = ? AND annotator_id = ?", key)
        else:
            conn.execute(
                "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) DO UPDATE SET "
                "status = excluded.status, updated_at = excluded.updated_at "
                "WHERE status != excluded.status",
                (*key, content.status, now()),
            )
        if content.seconds > 0:
            conn.execute(
                "INSERT INTO doc_time(document_id, annotator_id, seconds, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) DO UPDATE SET "
                "seconds = excluded.seconds, updated_at = excluded.updated_at "
                "WHERE seconds != excluded.seconds",
                (*key, content.seconds, now()),
            )
        else:
            conn.execute("DELETE FROM doc_time WHERE document_id = ? AND annotator_id = ?", key)
        # curation (the gold unit's)
        if annotator == GOLD:
            kept_decisions = {c.annotation_uuid for c in content.curation}
            conn.execute(
                "DELETE FROM curation WHERE document_id = ?"
                + _not_in(kept_decisions, "annotation_uuid"),
                [document_id, *kept_decisions],
            )
            for decision in content.curation:
                targets = [decision.annotation_uuid, decision.gold_uuid]
                if not all(_exists(conn, uuid) for uuid in targets if uuid is not None):
                    skipped_decisions += 1
                    continue
                write_decision(
                    project,
                    Decision(
                        decision.annotation_uuid,
                        document_id,
                        decision.decision,
                        decision.gold_uuid,
                        decision.label,
                        decision.start,
                        decision.end,
                        decision.at,
                    ),
                )
        stored = _read_unit(conn, document_id, annotator)
        _set_base(conn, document_id, who, version, stored)
        conn.execute("DELETE FROM sync_outbox WHERE document_id = ? AND annotator_id = ?", key)
        project._log(
            "sync pull",
            document_id,
            {"annotator": annotator, "version": version, "annotations": len(content.annotations)},
            annotator,
        )
    return Replaced(skipped_notes, skipped_decisions, stored, detached_notes, dropped_decisions)


def _keep_what_points_at(
    conn: sqlite3.Connection, annotator: str, who: int, gone: Sequence[UnitAnnotation]
) -> tuple[int, int]:
    """Before a pull deletes `gone` (spans of `annotator`'s unit, whose id is `who`): other
    units' notes on them would go too (the schema's cascade), and the next sync of their
    unit would take them off the server: they become document notes saying which span they
    were on (a change of their unit, sent by its writer). Gold's decisions on them go with
    the proposals (the gold spans stay); how many of each, for the report."""
    detached = dropped = 0
    for ann in gone:
        marker = f"[on {annotator}'s {ann.label} {ann.text!r} ({ann.start}-{ann.end}), removed] "
        detached += conn.execute(
            "UPDATE notes SET annotation_uuid = NULL, text = ? || text, updated_at = ? "
            "WHERE annotation_uuid = ? AND annotator_id != ?",
            (marker, now(), ann.uuid, who),
        ).rowcount
        if annotator != GOLD:
            row = conn.execute(
                "SELECT count(*) FROM curation WHERE annotation_uuid = ?", (ann.uuid,)
            ).fetchone()
            dropped += int(row[0])
    return detached, dropped


def _not_in(keep: Iterable[str], column: str = "uuid") -> str:
    keep = list(keep)
    return f" AND {column} NOT IN ({', '.join('?' * len(keep))})" if keep else ""


def _exists(conn: sqlite3.Connection, uuid: str) -> bool:
    return conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (uuid,)).fetchone() is not None


def document_shas(project: Project) -> dict[str, int]:
    """Every document's text sha256 -> its local id, in the project's order."""
    return dict(project.conn.execute("SELECT sha256, id FROM documents ORDER BY id"))


def documents_matching(project: Project, key: str) -> list[int]:
    """The ids of the documents `key` names: a local id, a text's sha256 or a name."""
    rows = project.conn.execute(
        "SELECT id FROM documents WHERE sha256 = ? OR name = ? OR CAST(id AS TEXT) = ? ORDER BY id",
        (key, key, key),
    )
    return [doc_id for (doc_id,) in rows]


def local_units(project: Project, annotators: Sequence[str] | None = None) -> list[UnitKey]:
    """Every unit with content here (of `annotators`, or everyone's)."""
    rows = project.conn.execute(
        f"SELECT DISTINCT u.document_id, w.name FROM ({_UNIT_ROWS}) u "
        "JOIN annotators w ON w.id = u.annotator_id ORDER BY u.document_id, w.name"
    )
    wanted = set(annotators) if annotators is not None else None
    return [UnitKey(doc, name) for doc, name in rows if wanted is None or name in wanted]


# ------------------------------------------------------------------ label schema


def replace_label_schema(
    project: Project, spec: dict[str, Any], version: int, *, dirty_seen: int | None = None
) -> list[str] | None:
    """Make the local label schema the server's `spec` (at `version`) and clear the schema's
    dirty flag, in one transaction; when `dirty_seen` is given, only if the flag still counts
    that (else None: the schema was changed here meanwhile). A label that local annotations
    use but `spec` lacks is kept (plain, at the end); returns those names."""
    with project.transaction() as conn:
        if dirty_seen is not None:
            flag = settings(project)
            if flag is not None and flag.schema_dirty != dirty_seen:
                return None
        conn.execute("DELETE FROM labels")
        conn.execute("DELETE FROM relation_types")
        conn.execute("DELETE FROM doc_attribute_defs")
        conn.execute("DELETE FROM meta WHERE key = ?", (GUIDELINES_KEY,))
        project.forget_cached()
        project._write_label_schema(spec)
        used = [
            name
            for (name,) in conn.execute("SELECT DISTINCT label FROM annotations ORDER BY label")
        ]
        kept = project.ensure_labels(used)
        project.forget_cached()
        conn.execute("DELETE FROM meta WHERE key = ?", (SCHEMA_DIRTY_KEY,))
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            (SCHEMA_VERSION_KEY, str(version)),
        )
        project._log("sync schema", None, {"version": version, "kept": kept})
    return kept


def schema_synced(project: Project, version: int, dirty_seen: int) -> None:
    """After pushing the schema: record its server `version` and clear the dirty flag unless
    it changed since it was read as `dirty_seen` (an edit made meanwhile stays pending)."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            (SCHEMA_VERSION_KEY, str(version)),
        )
        clear_flag(project, SCHEMA_DIRTY_KEY, dirty_seen)


def clear_flag(project: Project, key: str, seen: int) -> bool:
    """Remove flag `key` (`sync.schema_dirty`, `sync.documents_dirty`) if it still counts
    `seen`; whether it went."""
    with project.transaction() as conn:
        return bool(
            conn.execute(
                "DELETE FROM meta WHERE key = ? AND CAST(value AS INTEGER) = ?", (key, seen)
            ).rowcount
        )
