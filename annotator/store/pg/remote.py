"""What sync (`annotator.sync`) reads and writes on the team server: units, their content,
the pull cursor, documents and assignments since it, the label schema with a version check,
conflicts and history (schema: `annotator.store.pg.server`).

A unit (document sha256, member) is pushed whole in one transaction: its `units` row is locked
(`SELECT ... FOR UPDATE`) and its version compared with the one the pusher expects; only then
are its content rows replaced (the `stamp` trigger gives the row a new version and the writing
transaction's xid). Row-level security decides what a connection may read and write.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import psycopg
from psycopg.types.json import Jsonb

from annotator.rules import GOLD
from annotator.store.pg.server import _LEAD, _MINE, UNIT_CONTENT, ServerDocument
from annotator.store.units import (
    UnitAnnotation,
    UnitContent,
    UnitDecision,
    UnitDocLabel,
    UnitNote,
    UnitRelation,
    content_json,
    round_seconds,
)


class UnitHead(NamedTuple):
    """A unit's row on the server: its version, content digest and status."""

    sha256: str
    member: str
    version: int
    digest: str
    status: str
    machine: str | None


class Pushed(NamedTuple):
    """What a push did: `ok` (the content is the server's now, at `version`), or refused
    because the server's version was not the expected one (`version`: the server's, None
    when it has no such unit)."""

    ok: bool
    version: int | None


class SchemaRow(NamedTuple):
    data: dict[str, Any]
    digest: str
    version: int


def snapshot_cursor(conn: psycopg.Connection) -> str:
    """The pull cursor to keep after this pull: the oldest transaction still running at the
    start of it (rows of transactions that commit later have an xid at least this)."""
    row = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
    assert row is not None
    return str(row[0])


_HEAD = "SELECT sha256, member, version, digest, status, machine FROM annotator.units"


def changed_units(conn: psycopg.Connection, cursor: str | None) -> list[UnitHead]:
    """The units (readable by the connection) written since `cursor` (None: all)."""
    if cursor is None:
        rows = conn.execute(_HEAD + " ORDER BY sha256, member")
    else:
        rows = conn.execute(_HEAD + " WHERE xid >= %s::xid8 ORDER BY sha256, member", (cursor,))
    return [UnitHead(*row) for row in rows]


def units_on(conn: psycopg.Connection, sha256s: Sequence[str]) -> list[UnitHead]:
    """Every unit (readable by the connection) on the documents `sha256s`, whenever written:
    units that became readable without being written (a document newly assigned)."""
    if not sha256s:
        return []
    rows = conn.execute(_HEAD + " WHERE sha256 = ANY(%s) ORDER BY sha256, member", (list(sha256s),))
    return [UnitHead(*row) for row in rows]


def unit_heads(
    conn: psycopg.Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], UnitHead]:
    """The server rows of the units `keys` (sha256, member) that exist."""
    keys = list(keys)
    found: dict[tuple[str, str], UnitHead] = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        rows = conn.execute(
            _HEAD + " WHERE (sha256, member) IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
            ([k[0] for k in part], [k[1] for k in part]),
        )
        for row in rows:
            head = UnitHead(*row)
            found[(head.sha256, head.member)] = head
    return found


def read_unit(conn: psycopg.Connection, sha256: str, member: str) -> UnitContent:
    """The unit's content as the server holds it (empty when it has none)."""
    key = (sha256, member)
    head = conn.execute(
        "SELECT status, seconds FROM annotator.units WHERE sha256 = %s AND member = %s", key
    ).fetchone()
    if head is None:
        return UnitContent()
    annotations = tuple(
        UnitAnnotation(
            uuid,
            label,
            start,
            end,
            text,
            attributes or {},
            tuple(json.loads(proposed)) if proposed else (),
            suggested or None,
            created,
            updated,
        )
        for uuid, label, start, end, text, attributes, proposed, suggested, created, updated in (
            conn.execute(
                'SELECT uuid, label, start, "end", text, attributes, proposed_by, suggested_by, '
                "created_at, updated_at FROM annotator.annotations "
                "WHERE sha256 = %s AND member = %s ORDER BY uuid",
                key,
            )
        )
    )
    relations = tuple(
        UnitRelation(*row)
        for row in conn.execute(
            "SELECT uuid, label, head, tail, created_at FROM annotator.relations "
            "WHERE sha256 = %s AND member = %s ORDER BY uuid",
            key,
        )
    )
    notes = tuple(
        UnitNote(*row)
        for row in conn.execute(
            "SELECT uuid, annotation_uuid, text, needs_review, created_at, updated_at "
            "FROM annotator.notes WHERE sha256 = %s AND member = %s ORDER BY uuid",
            key,
        )
    )
    doc_labels = tuple(
        UnitDocLabel(*row)
        for row in conn.execute(
            "SELECT name, value, updated_at FROM annotator.doc_labels "
            "WHERE sha256 = %s AND member = %s ORDER BY name",
            key,
        )
    )
    curation: tuple[UnitDecision, ...] = ()
    if member == GOLD:
        curation = tuple(
            UnitDecision(*row)
            for row in conn.execute(
                'SELECT annotation_uuid, decision, gold_uuid, label, start, "end", at '
                "FROM annotator.curation WHERE sha256 = %s ORDER BY annotation_uuid",
                (sha256,),
            )
        )
    return UnitContent(
        status=head[0],
        seconds=round_seconds(head[1]),
        annotations=annotations,
        relations=relations,
        notes=notes,
        doc_labels=doc_labels,
        curation=curation,
    )


def pull_unit(
    conn: psycopg.Connection, sha256: str, member: str
) -> tuple[UnitHead | None, UnitContent]:
    """The unit's server row and content, read from one snapshot (they belong together)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        head = unit_heads(conn, [(sha256, member)]).get((sha256, member))
        return head, read_unit(conn, sha256, member)


def push_unit(
    conn: psycopg.Connection,
    sha256: str,
    member: str,
    content: UnitContent,
    digest: str,
    *,
    expected: int | None,
    machine: str,
    action: str = "push",
    resolution: str | None = None,
) -> Pushed:
    """Make the server's unit `content` if its version is still `expected` (None: it has no
    such unit yet), in one transaction with a history row. Pushed(False, server version)
    otherwise, nothing written. `resolution` (--keep mine): in the same transaction the
    server's content it replaces is kept in `conflicts` and the unit's open conflicts are
    marked resolved so."""
    key = (sha256, member)
    with conn.transaction():
        row = conn.execute(
            "SELECT version FROM annotator.units WHERE sha256 = %s AND member = %s FOR UPDATE",
            key,
        ).fetchone()
        current = int(row[0]) if row else None
        if current != expected:
            return Pushed(False, current)
        if resolution is not None and row is not None:
            record_conflict(
                conn,
                member=member,
                machine=machine,
                sha256=sha256,
                server_version=current,
                content=read_unit(conn, sha256, member),
                resolution=f"server's side, overwritten by --keep {resolution}",
            )
        values = (content.status, content.seconds, digest, machine)
        if row is None:
            inserted = conn.execute(
                "INSERT INTO annotator.units (sha256, member, status, seconds, digest, machine) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING version",
                (*key, *values),
            ).fetchone()
            if inserted is None:  # another push made it meanwhile
                raise psycopg.errors.SerializationFailure("unit created meanwhile")
            version = int(inserted[0])
        else:
            updated = conn.execute(
                "UPDATE annotator.units SET status = %s, seconds = %s, digest = %s, machine = %s "
                "WHERE sha256 = %s AND member = %s RETURNING version",
                (*values, *key),
            ).fetchone()
            assert updated is not None
            version = int(updated[0])
        for table in UNIT_CONTENT:
            conn.execute(f"DELETE FROM annotator.{table} WHERE sha256 = %s AND member = %s", key)
        _insert_content(conn, sha256, member, content)
        conn.execute(
            "INSERT INTO annotator.history (member, machine, action, sha256, detail) "
            "VALUES (annotator.me(), %s, %s, %s, %s)",
            (
                machine,
                action,
                sha256,
                Jsonb(
                    {
                        "unit": member,
                        "version": version,
                        "digest": digest,
                        "expected": expected,
                        "annotations": len(content.annotations),
                        "status": content.status,
                    }
                ),
            ),
        )
        if resolution is not None:
            resolve_conflicts(
                conn, member=member, sha256=sha256, machine=machine, resolution=resolution
            )
    return Pushed(True, version)


def server_epoch(conn: psycopg.Connection) -> str | None:
    """The team database's restore epoch (meta key 'epoch'; None: never restored), which the
    restore procedure in docs/team.md changes: a sync that sees it changed trusts no base."""
    row = conn.execute("SELECT value FROM annotator.meta WHERE key = 'epoch'").fetchone()
    return str(row[0]) if row is not None else None


def accepted_push(
    conn: psycopg.Connection, sha256: str, member: str, machine: str, digest: str
) -> int | None:
    """The version at which the server took this login's latest push of `member`'s unit
    with content `digest` from `machine` (its history row), None if it never did: a push
    killed before its local record is known to have landed even after others pushed on top."""
    row = conn.execute(
        "SELECT (detail->>'version')::bigint FROM annotator.history WHERE member = "
        "annotator.me() AND machine = %s AND sha256 = %s AND action = 'push' "
        "AND detail->>'unit' = %s AND detail->>'digest' = %s ORDER BY id DESC LIMIT 1",
        (machine, sha256, member, digest),
    ).fetchone()
    return int(row[0]) if row is not None and row[0] is not None else None


def _insert_content(
    conn: psycopg.Connection, sha256: str, member: str, content: UnitContent
) -> None:
    key = (sha256, member)
    with conn.cursor() as cur:
        if content.annotations:
            # one statement for the unit's spans: the policies' sub-selects (me(), is_lead(),
            # the assigned documents) run once, not once per row as with executemany
            # (bench/RESULTS.md, "Issue 18: team sync": a push of 200 spans 60-70 -> 25-28 ms
            # of server CPU)
            rows = [
                {
                    "uuid": a.uuid,
                    "label": a.label,
                    "start": a.start,
                    "end": a.end,
                    "text": a.text,
                    "attributes": a.attributes,
                    "suggested_by": a.suggested_by or None,
                    "proposed_by": json.dumps(list(a.proposed_by), ensure_ascii=False)
                    if a.proposed_by
                    else None,
                    "created_at": a.created_at,
                    "updated_at": a.updated_at,
                }
                for a in content.annotations
            ]
            cur.execute(
                'INSERT INTO annotator.annotations (uuid, sha256, member, label, start, "end", '
                "text, attributes, suggested_by, proposed_by, created_at, updated_at) "
                'SELECT r.uuid, %s, %s, r.label, r.start, r."end", r.text, r.attributes, '
                "r.suggested_by, r.proposed_by, r.created_at, r.updated_at "
                'FROM jsonb_to_recordset(%s) AS r(uuid text, label text, start int, "end" int, '
                "text text, attributes jsonb, suggested_by jsonb, proposed_by text, "
                "created_at text, updated_at text)",
                (*key, Jsonb(rows)),
            )
        if content.relations:
            cur.executemany(
                "INSERT INTO annotator.relations (uuid, sha256, member, label, head, tail, "
                "created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(r.uuid, *key, r.label, r.head, r.tail, r.created_at) for r in content.relations],
            )
        if content.notes:
            cur.executemany(
                "INSERT INTO annotator.notes (uuid, sha256, member, annotation_uuid, text, "
                "needs_review, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        n.uuid,
                        *key,
                        n.annotation_uuid,
                        n.text,
                        n.needs_review,
                        n.created_at,
                        n.updated_at,
                    )
                    for n in content.notes
                ],
            )
        if content.doc_labels:
            cur.executemany(
                "INSERT INTO annotator.doc_labels (sha256, member, name, value, updated_at) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(*key, d.name, Jsonb(d.value), d.updated_at) for d in content.doc_labels],
            )
        if member == GOLD:
            cur.execute("DELETE FROM annotator.curation WHERE sha256 = %s", (sha256,))
            if content.curation:
                cur.executemany(
                    "INSERT INTO annotator.curation (annotation_uuid, sha256, decision, "
                    'gold_uuid, label, start, "end", at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)',
                    [
                        (
                            c.annotation_uuid,
                            sha256,
                            c.decision,
                            c.gold_uuid,
                            c.label,
                            c.start,
                            c.end,
                            c.at,
                        )
                        for c in content.curation
                    ],
                )


def record_conflict(
    conn: psycopg.Connection,
    *,
    member: str,
    machine: str,
    sha256: str,
    server_version: int | None,
    content: UnitContent,
    resolution: str | None = None,
) -> bool:
    """Keep `content` (a side of a conflict on unit (sha256, member)) in `conflicts`, unless
    the same content is already kept there unresolved; a history row with it. Whether a row
    was written. `resolution` given: written as resolved (the side a resolution overwrote)."""
    local = Jsonb(content_json(content))
    with conn.transaction():
        if resolution is None:
            same = conn.execute(
                "SELECT 1 FROM annotator.conflicts WHERE member = %s AND sha256 = %s "
                "AND resolved_at IS NULL AND local = %s",
                (member, sha256, local),
            ).fetchone()
            if same:
                return False
        conn.execute(
            "INSERT INTO annotator.conflicts (member, machine, sha256, server_version, local, "
            "resolved_at, resolution) VALUES (%s, %s, %s, %s, %s, "
            "CASE WHEN %s::text IS NULL THEN NULL ELSE now() END, %s)",
            (member, machine, sha256, server_version, local, resolution, resolution),
        )
        conn.execute(
            "INSERT INTO annotator.history (member, machine, action, sha256, detail) "
            "VALUES (annotator.me(), %s, 'conflict', %s, %s)",
            (machine, sha256, Jsonb({"unit": member, "server_version": server_version})),
        )
    return True


def resolve_conflicts(
    conn: psycopg.Connection, *, member: str, sha256: str, machine: str, resolution: str
) -> int:
    """Mark the open conflicts of unit (sha256, member) resolved; how many; a history row."""
    with conn.transaction():
        count = conn.execute(
            "UPDATE annotator.conflicts SET resolved_at = now(), resolution = %s "
            "WHERE member = %s AND sha256 = %s AND resolved_at IS NULL",
            (resolution, member, sha256),
        ).rowcount
        conn.execute(
            "INSERT INTO annotator.history (member, machine, action, sha256, detail) "
            "VALUES (annotator.me(), %s, 'resolve', %s, %s)",
            (machine, sha256, Jsonb({"unit": member, "keep": resolution, "conflicts": count})),
        )
    return count


class OpenConflict(NamedTuple):
    id: int
    at: str
    member: str
    machine: str | None
    sha256: str
    server_version: int | None


def open_conflicts(
    conn: psycopg.Connection, sha256s: Sequence[str] | None = None
) -> list[OpenConflict]:
    """The unresolved conflicts the connection may read (of documents `sha256s`, if given)."""
    query = (
        "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), member, "
        "machine, sha256, server_version FROM annotator.conflicts WHERE resolved_at IS NULL"
    )
    params: tuple = ()
    if sha256s is not None:
        query += " AND sha256 = ANY(%s)"
        params = (list(sha256s),)
    return [OpenConflict(*row) for row in conn.execute(query + " ORDER BY id", params)]


# ---------------------------------------------------------------- documents and schema


def documents_since(conn: psycopg.Connection, cursor: str | None) -> list[ServerDocument]:
    """The documents readable by the connection that were added, or assigned to someone,
    since `cursor` (None: all)."""
    query = "SELECT d.sha256, d.name, d.title, d.source, d.text, d.meta FROM annotator.documents d"
    params: tuple = ()
    if cursor is not None:
        query += (
            " WHERE d.xid >= %s::xid8 OR EXISTS (SELECT 1 FROM annotator.assignments a "
            "WHERE a.sha256 = d.sha256 AND a.xid >= %s::xid8)"
        )
        params = (cursor, cursor)
    return [
        ServerDocument(sha, name, title, source, text, meta or {})
        for sha, name, title, source, text, meta in conn.execute(
            query + " ORDER BY d.added_at, d.sha256", params
        )
    ]


def read_schema(conn: psycopg.Connection) -> SchemaRow | None:
    """The server's label schema, None before any was pushed."""
    row = conn.execute("SELECT data, digest, version FROM annotator.label_schema").fetchone()
    return SchemaRow(row[0], row[1], int(row[2])) if row else None


def push_schema(
    conn: psycopg.Connection,
    data: dict[str, Any],
    digest: str,
    *,
    expected: int | None,
    machine: str,
    replaced: dict[str, Any] | None = None,
) -> Pushed:
    """Write the label schema if the server's version is still `expected` (lead only);
    `replaced`: the server's schema it overwrites, kept in the history row."""
    with conn.transaction():
        row = conn.execute(
            "SELECT version FROM annotator.label_schema WHERE id = 1 FOR UPDATE"
        ).fetchone()
        current = int(row[0]) if row else None
        if current != expected:
            return Pushed(False, current)
        written = conn.execute(
            "INSERT INTO annotator.label_schema (id, data, digest) VALUES (1, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET data = excluded.data, digest = excluded.digest, "
            "updated_by = annotator.me() RETURNING version",
            (Jsonb(data), digest),
        ).fetchone()
        assert written is not None
        detail: dict[str, Any] = {"version": int(written[0]), "expected": expected}
        if replaced is not None:
            detail["replaced"] = replaced
        conn.execute(
            "INSERT INTO annotator.history (member, machine, action, detail) "
            "VALUES (annotator.me(), %s, 'schema', %s)",
            (machine, Jsonb(detail)),
        )
    return Pushed(True, int(written[0]))


def record_schema_conflict(
    conn: psycopg.Connection, *, machine: str, data: dict[str, Any], server_version: int
) -> bool:
    """Keep a label schema that could not be pushed (changed on the server too) in the
    history, unless the same one is kept there already; whether a row was written."""
    with conn.transaction():
        same = conn.execute(
            "SELECT 1 FROM annotator.history WHERE action = 'schema conflict' "
            "AND member = annotator.me() AND detail -> 'local' = %s",
            (Jsonb(data),),
        ).fetchone()
        if same:
            return False
        conn.execute(
            "INSERT INTO annotator.history (member, machine, action, detail) "
            "VALUES (annotator.me(), %s, 'schema conflict', %s)",
            (machine, Jsonb({"server_version": server_version, "local": data})),
        )
    return True


# ---------------------------------------------------------------- what may be pushed


def writable_documents(conn: psycopg.Connection, sha256s: Iterable[str]) -> set[str]:
    """Those of `sha256s` the connection may push units of: on the server and, for an
    annotator, assigned to them."""
    # the policies' own expressions (server.py's _CAN_WRITE for the member's own units)
    rows = conn.execute(
        "SELECT sha256 FROM annotator.documents WHERE sha256 = ANY(%s) "
        f"AND ({_LEAD} OR sha256 IN {_MINE})",
        (list(sha256s),),
    )
    return {sha for (sha,) in rows}


# ---------------------------------------------------------------- rejections


class ServerRejection(NamedTuple):
    """A suggestion `member` turned down (a label and a normalized key), and when."""

    member: str
    label: str
    key: str
    at: str


def put_rejections(conn: psycopg.Connection, rows: Iterable[ServerRejection]) -> int:
    """Add rejections the server does not hold yet (a set per member); how many were new."""
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO annotator.rejections (member, label, key, at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            list(rows),
        )
        return max(cur.rowcount, 0)


def rejections_since(conn: psycopg.Connection, cursor: str | None) -> list[ServerRejection]:
    """The rejections readable by the connection added since `cursor` (None: all)."""
    query = "SELECT member, label, key, at FROM annotator.rejections"
    params: tuple = ()
    if cursor is not None:
        query += " WHERE xid >= %s::xid8"
        params = (cursor,)
    return [ServerRejection(*row) for row in conn.execute(query + " ORDER BY at", params)]
