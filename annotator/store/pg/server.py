"""The team server's schema and the lead's reads and writes (issue 18; docs/team.md).

Everything lives in the PostgreSQL schema ``annotator`` of one database per team project:

- ``meta(key, value)``: ``project_uuid``, ``protocol`` (`PROTOCOL`), ``blind`` ('1' or '0').
- ``members(name, login, role, added_at)``: a member name (the local annotator name) per login
  role; role 'annotator' or 'lead'.
- ``label_schema`` (one row), ``documents`` (by text sha256), ``assignments(sha256, member)``,
  ``units(sha256, member, status, seconds, digest, ...)``: every row written to these gets
  ``version`` (the next value of ``change_seq``) and ``xid`` (the writing transaction,
  ``pg_current_xact_id()``) from the trigger ``annotator.stamp``, on insert and on update, so
  whoever writes cannot forget them; read them back with RETURNING. ``rejections`` gets ``xid``.
- A unit's content rows: ``annotations``, ``relations``, ``doc_labels``, ``notes`` (each with
  ``sha256, member``, referencing the unit, deleted with it) and ``curation`` (the gold unit's).
- ``history`` (append-only) and ``conflicts`` (the local side of every conflict).

Access is PostgreSQL's: two group roles per database, `group_roles` (``<db>_member``,
``<db>_lead``: role names are cluster-wide), granted to each member's login role; table
privileges by group; row-level security (ENABLE and FORCE, so the tables' owner goes through
the policies too; ``meta`` and ``members`` are not forced: the owner who runs ``team init``
writes them before it is a member) by member:

- ``annotator.me()``: the member name of ``current_user`` (NULL for a non-member);
  ``annotator.is_lead()``; ``annotator.blind()`` (policies use them as sub-selects, once
  per query, and the documents assigned to me as a set: `_CAN_READ`, `_CAN_WRITE`). Every
  function of the schema (these and the triggers') runs with ``search_path = pg_catalog,
  pg_temp`` and qualified names, so nothing a member creates and puts on their own
  search_path changes what they answer; the policies are created under that search_path
  too (their expressions are bound then).
- A lead reads everything and writes meta, members, the label schema, documents, assignments,
  curation, and the units (with content) of ``gold`` and of their own name.
- An annotator reads members, meta and the label schema, the documents and assignments assigned
  to them, and units (with content) of their own on those documents, and also the others' when
  meta ``blind`` is '0'; writes units only where member = me() on a document assigned to them;
  inserts history, conflicts and rejections as themselves and reads their own.

Only this package speaks SQL to the server; the rows it returns are NamedTuples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import psycopg
from psycopg import sql

from annotator.rules import ANNOTATOR_ROLE, DONE, GOLD, IN_PROGRESS, LEAD, NEW, STATUSES
from annotator.store.pg.connect import ServerError

SCHEMA = "annotator"
PROTOCOL = 1
ROLES = (ANNOTATOR_ROLE, LEAD)
MIN_SERVER_VERSION = 130000  # xid8, pg_current_xact_id

VERSIONED = ("label_schema", "documents", "assignments", "units")
UNIT_CONTENT = ("annotations", "relations", "doc_labels", "notes")
FORCED = (*VERSIONED, *UNIT_CONTENT, "curation", "rejections", "history", "conflicts")

_STATUSES = ", ".join(f"'{s}'" for s in STATUSES)

# {member} and {lead}: the group roles (identifiers)
_DDL = f"""
CREATE SCHEMA annotator;
CREATE SEQUENCE annotator.change_seq;

CREATE TABLE annotator.meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE annotator.members (
    name text PRIMARY KEY CHECK (name <> '' AND name <> '{GOLD}'),
    login name NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('{ANNOTATOR_ROLE}', '{LEAD}')),
    added_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION annotator.me() RETURNS text LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT m.name FROM annotator.members m
          WHERE m.login OPERATOR(pg_catalog.=) current_user $$;
CREATE FUNCTION annotator.is_lead() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM annotator.members m
                         WHERE m.login OPERATOR(pg_catalog.=) current_user
                         AND m.role OPERATOR(pg_catalog.=) '{LEAD}') $$;
CREATE FUNCTION annotator.blind() RETURNS boolean LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT COALESCE((SELECT m.value FROM annotator.meta m
                                     WHERE m.key OPERATOR(pg_catalog.=) 'blind'), '1')
                 OPERATOR(pg_catalog.<>) '0' $$;

CREATE TABLE annotator.label_schema (
    id int PRIMARY KEY CHECK (id = 1),
    data jsonb NOT NULL,
    digest text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT annotator.me()
);
CREATE TABLE annotator.documents (
    sha256 text PRIMARY KEY,
    name text NOT NULL,
    title text,
    source text,
    text text NOT NULL,
    meta jsonb NOT NULL DEFAULT '{{}}',
    version bigint NOT NULL DEFAULT 0,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    added_at timestamptz NOT NULL DEFAULT now(),
    position bigserial NOT NULL  -- the lead's project order (team assign deals in it)
);
CREATE TABLE annotator.assignments (
    sha256 text NOT NULL REFERENCES annotator.documents ON DELETE CASCADE,
    member text NOT NULL REFERENCES annotator.members ON UPDATE CASCADE ON DELETE CASCADE,
    version bigint NOT NULL DEFAULT 0,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (sha256, member)
);
CREATE INDEX assignments_member ON annotator.assignments (member);

CREATE TABLE annotator.units (
    sha256 text NOT NULL REFERENCES annotator.documents ON DELETE CASCADE,
    member text NOT NULL,
    status text NOT NULL DEFAULT '{NEW}' CHECK (status IN ({_STATUSES})),
    seconds real NOT NULL DEFAULT 0 CHECK (seconds >= 0),
    digest text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    machine text,
    PRIMARY KEY (sha256, member)
);
CREATE INDEX units_member ON annotator.units (member);
CREATE INDEX units_xid ON annotator.units (xid);
CREATE INDEX documents_xid ON annotator.documents (xid);
CREATE INDEX assignments_xid ON annotator.assignments (xid);

CREATE TABLE annotator.annotations (
    uuid text PRIMARY KEY,
    sha256 text NOT NULL,
    member text NOT NULL,
    label text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    text text NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{{}}',
    suggested_by jsonb,
    proposed_by text,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    CHECK (0 <= start AND start < "end"),
    FOREIGN KEY (sha256, member) REFERENCES annotator.units ON DELETE CASCADE
);
CREATE INDEX annotations_unit ON annotator.annotations (sha256, member);
CREATE TABLE annotator.relations (
    uuid text PRIMARY KEY,
    sha256 text NOT NULL,
    member text NOT NULL,
    label text NOT NULL,
    head text NOT NULL,
    tail text NOT NULL,
    created_at text NOT NULL,
    FOREIGN KEY (sha256, member) REFERENCES annotator.units ON DELETE CASCADE
);
CREATE INDEX relations_unit ON annotator.relations (sha256, member);
CREATE TABLE annotator.doc_labels (
    sha256 text NOT NULL,
    member text NOT NULL,
    name text NOT NULL,
    value jsonb NOT NULL,
    updated_at text NOT NULL,
    PRIMARY KEY (sha256, member, name),
    FOREIGN KEY (sha256, member) REFERENCES annotator.units ON DELETE CASCADE
);
CREATE TABLE annotator.notes (
    uuid text PRIMARY KEY,
    sha256 text NOT NULL,
    member text NOT NULL,
    annotation_uuid text,
    text text NOT NULL,
    needs_review boolean NOT NULL DEFAULT false,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    FOREIGN KEY (sha256, member) REFERENCES annotator.units ON DELETE CASCADE
);
CREATE INDEX notes_unit ON annotator.notes (sha256, member);
CREATE TABLE annotator.curation (
    annotation_uuid text PRIMARY KEY,
    sha256 text NOT NULL REFERENCES annotator.documents ON DELETE CASCADE,
    decision text NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    gold_uuid text,
    label text NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    at text NOT NULL,
    CHECK ((decision = 'accepted') = (gold_uuid IS NOT NULL))
);
CREATE INDEX curation_doc ON annotator.curation (sha256);
CREATE TABLE annotator.rejections (
    member text NOT NULL,
    label text NOT NULL,
    key text NOT NULL,
    at text NOT NULL,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (member, label, key)
);
CREATE TABLE annotator.history (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    member text NOT NULL DEFAULT annotator.me(),
    machine text,
    action text NOT NULL,
    sha256 text,
    detail jsonb NOT NULL DEFAULT '{{}}'
);
CREATE TABLE annotator.conflicts (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    member text NOT NULL,
    machine text,
    sha256 text NOT NULL,
    server_version bigint,
    local jsonb NOT NULL,
    resolved_at timestamptz,
    resolution text
);
CREATE INDEX conflicts_open ON annotator.conflicts (member, sha256) WHERE resolved_at IS NULL;

CREATE FUNCTION annotator.stamp() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.version := pg_catalog.nextval('annotator.change_seq'::pg_catalog.regclass);
    NEW.xid := pg_catalog.pg_current_xact_id();
    IF TG_TABLE_NAME OPERATOR(pg_catalog.=) ANY (ARRAY['units', 'label_schema']::name[]) THEN
        NEW.updated_at := pg_catalog.now();
    END IF;
    RETURN NEW;
END $$;
CREATE FUNCTION annotator.stamp_xid() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.xid := pg_catalog.pg_current_xact_id();
    RETURN NEW;
END $$;
"""

_TRIGGERS = "".join(
    f"CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON annotator.{table} "
    "FOR EACH ROW EXECUTE FUNCTION annotator.stamp();\n"
    for table in VERSIONED
) + (
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON annotator.rejections "
    "FOR EACH ROW EXECUTE FUNCTION annotator.stamp_xid();\n"
)

# Policy expressions: me(), is_lead() and blind() as sub-selects (one evaluation per query, an
# InitPlan) and "assigned to me" as a set (hashed once), not functions called for every row.
_ME = "(SELECT annotator.me())"
_LEAD = "(SELECT annotator.is_lead())"
_MINE = f"(SELECT a.sha256 FROM annotator.assignments a WHERE a.member = {_ME})"
_CAN_READ = f"{_LEAD} OR (sha256 IN {_MINE} AND (member = {_ME} OR NOT (SELECT annotator.blind())))"
_CAN_WRITE = f"({_LEAD} AND member IN ('{GOLD}', {_ME})) OR (member = {_ME} AND sha256 IN {_MINE})"

_POLICIES = (
    f"""
ALTER TABLE annotator.meta ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON annotator.meta FOR SELECT USING ({_ME} IS NOT NULL);
CREATE POLICY lead_writes ON annotator.meta FOR ALL
    USING ({_LEAD}) WITH CHECK ({_LEAD});

ALTER TABLE annotator.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON annotator.members FOR SELECT USING (true);
CREATE POLICY lead_inserts ON annotator.members FOR INSERT WITH CHECK ({_LEAD});
CREATE POLICY lead_updates ON annotator.members FOR UPDATE
    USING ({_LEAD}) WITH CHECK ({_LEAD});
CREATE POLICY lead_deletes ON annotator.members FOR DELETE USING ({_LEAD});

CREATE POLICY team_reads ON annotator.label_schema FOR SELECT USING ({_ME} IS NOT NULL);
CREATE POLICY lead_writes ON annotator.label_schema FOR ALL
    USING ({_LEAD}) WITH CHECK ({_LEAD});

CREATE POLICY assigned_reads ON annotator.documents FOR SELECT
    USING ({_LEAD} OR sha256 IN {_MINE});
CREATE POLICY lead_writes ON annotator.documents FOR ALL
    USING ({_LEAD}) WITH CHECK ({_LEAD});

CREATE POLICY own_reads ON annotator.assignments FOR SELECT
    USING ({_LEAD} OR member = {_ME});
CREATE POLICY lead_writes ON annotator.assignments FOR ALL
    USING ({_LEAD}) WITH CHECK ({_LEAD});

CREATE POLICY lead_all ON annotator.curation FOR ALL
    USING ({_LEAD}) WITH CHECK ({_LEAD});

CREATE POLICY own_reads ON annotator.rejections FOR SELECT
    USING ({_LEAD} OR member = {_ME});
CREATE POLICY own_inserts ON annotator.rejections FOR INSERT
    WITH CHECK (member = {_ME} OR {_LEAD});
CREATE POLICY own_updates ON annotator.rejections FOR UPDATE
    USING (member = {_ME} OR {_LEAD})
    WITH CHECK (member = {_ME} OR {_LEAD});

CREATE POLICY own_reads ON annotator.history FOR SELECT
    USING ({_LEAD} OR member = {_ME});
CREATE POLICY own_inserts ON annotator.history FOR INSERT
    WITH CHECK (member = {_ME} OR {_LEAD});

CREATE POLICY own_reads ON annotator.conflicts FOR SELECT
    USING ({_LEAD} OR member = {_ME});
CREATE POLICY own_inserts ON annotator.conflicts FOR INSERT
    WITH CHECK (member = {_ME} OR {_LEAD});
CREATE POLICY own_updates ON annotator.conflicts FOR UPDATE
    USING (member = {_ME} OR {_LEAD})
    WITH CHECK (member = {_ME} OR {_LEAD});
"""
    + "".join(
        f"""
CREATE POLICY unit_reads ON annotator.{table} FOR SELECT USING ({_CAN_READ});
CREATE POLICY unit_inserts ON annotator.{table} FOR INSERT WITH CHECK ({_CAN_WRITE});
CREATE POLICY unit_updates ON annotator.{table} FOR UPDATE
    USING ({_CAN_WRITE}) WITH CHECK ({_CAN_WRITE});
CREATE POLICY unit_deletes ON annotator.{table} FOR DELETE USING ({_CAN_WRITE});
"""
        for table in ("units", *UNIT_CONTENT)
    )
    + "".join(f"ALTER TABLE annotator.{table} ENABLE ROW LEVEL SECURITY;\n" for table in FORCED)
)
_FORCE = "".join(f"ALTER TABLE annotator.{table} FORCE ROW LEVEL SECURITY;\n" for table in FORCED)

_MEMBER_WRITES = ("units", *UNIT_CONTENT)
_GRANTS = f"""
REVOKE ALL ON SCHEMA annotator FROM PUBLIC;
GRANT USAGE ON SCHEMA annotator TO {{member}}, {{lead}};
GRANT SELECT ON ALL TABLES IN SCHEMA annotator TO {{member}}, {{lead}};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA annotator TO {{member}}, {{lead}};
GRANT INSERT, UPDATE, DELETE ON {", ".join(f"annotator.{t}" for t in _MEMBER_WRITES)}
    TO {{member}}, {{lead}};
GRANT INSERT, UPDATE ON annotator.rejections TO {{member}}, {{lead}};
GRANT INSERT ON annotator.history, annotator.conflicts TO {{member}}, {{lead}};
GRANT UPDATE (resolved_at, resolution) ON annotator.conflicts TO {{member}}, {{lead}};
GRANT INSERT, UPDATE, DELETE ON annotator.meta, annotator.members, annotator.label_schema,
    annotator.documents, annotator.assignments, annotator.curation TO {{lead}};
"""


# ---------------------------------------------------------------- rows


class Member(NamedTuple):
    """A team member: their name (the local annotator name), login role and team role."""

    name: str
    login: str
    role: str


class ServerDocument(NamedTuple):
    """A document as the server holds it (identified by its text's sha256)."""

    sha256: str
    name: str
    title: str | None
    source: str | None
    text: str
    meta: dict


class ProgressRow(NamedTuple):
    """One member's progress on the server: documents assigned and their units' statuses."""

    member: str
    role: str
    assigned: int
    new: int
    in_progress: int
    done: int
    annotations: int
    last_sync: str | None  # ISO time of the member's last pushed unit
    conflicts: int = 0  # conflicts of theirs not resolved yet (the lead's dashboard)


class UnitSummary(NamedTuple):
    """A unit on the server, in short."""

    sha256: str
    status: str
    annotations: int


class ServerState(NamedTuple):
    """What a database holds: no team schema, or a team project's meta."""

    project_uuid: str | None  # None: no schema `annotator` here
    protocol: int | None
    blind: bool


# ---------------------------------------------------------------- roles and schema


def group_roles(dbname: str) -> tuple[str, str]:
    """The group roles (member, lead) of the team database `dbname`."""
    return f"{dbname}_member", f"{dbname}_lead"


def _groups(conn: psycopg.Connection) -> tuple[sql.Identifier, sql.Identifier]:
    member, lead = group_roles(conn.info.dbname)
    return sql.Identifier(member), sql.Identifier(lead)


def current_login(conn: psycopg.Connection) -> str:
    """The role the connection acts as."""
    row = conn.execute("SELECT current_user").fetchone()
    assert row is not None
    return str(row[0])


def state(conn: psycopg.Connection) -> ServerState:
    """Whether the database holds a team project, and which (meta readable by its members and
    the schema's owner)."""
    row = conn.execute(
        "SELECT has_schema_privilege(oid, 'USAGE') FROM pg_namespace WHERE nspname = 'annotator'"
    ).fetchone()
    if not row:
        return ServerState(None, None, True)
    if not row[0]:
        raise ServerError(
            f"database {conn.info.dbname!r} holds a team project, and login "
            f"{current_login(conn)!r} is not a member of it (the lead adds members with "
            "'annotator team add-member')",
            kind="refused",
        )
    row = conn.execute("SELECT to_regclass('annotator.meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return ServerState(None, None, True)
    meta: dict[str, str] = {
        str(k): str(v) for k, v in conn.execute("SELECT key, value FROM annotator.meta")
    }
    protocol = meta.get("protocol")
    return ServerState(
        meta.get("project_uuid"), int(protocol) if protocol else None, meta.get("blind") != "0"
    )


def require_team(conn: psycopg.Connection) -> ServerState:
    """`state`, refusing a database without a team project, or of a newer protocol."""
    found = state(conn)
    if found.project_uuid is None:
        raise ServerError(
            f"database {conn.info.dbname!r} holds no team project (or you are not one of its "
            "members); the lead creates it with 'annotator team init'",
            kind="not_team",
        )
    if found.protocol is not None and found.protocol > PROTOCOL:
        raise ServerError(
            f"the team database speaks protocol {found.protocol}, this annotator "
            f"{PROTOCOL}: update annotator",
            kind="not_team",
        )
    return found


def login_exists(conn: psycopg.Connection, role: str) -> bool:
    """Whether the cluster has a role of that name."""
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is not None


def create_schema(
    conn: psycopg.Connection,
    *,
    project_uuid: str,
    lead_name: str,
    blind: bool = True,
    force: bool = True,
) -> None:
    """Create the schema `annotator`, the group roles (unless they exist), the policies and
    grants, and register the connecting role as the lead `lead_name`, in the connection's
    transaction (the caller commits). Needs PostgreSQL >= 13, CREATE on the database and,
    for roles that do not exist yet, CREATEROLE. `force=False` leaves row-level security
    unforced for the tables' owner (this connection) until `force_row_security`, in the same
    transaction: `team init` uploads every annotator's units in between."""
    if conn.info.server_version < MIN_SERVER_VERSION:
        raise ServerError(
            f"the server runs PostgreSQL {conn.info.server_version // 10000}; a team needs 13 "
            "or newer",
            kind="other",
        )
    login = current_login(conn)
    member, lead = _groups(conn)
    # what the DDL and the policies name resolves in pg_catalog and `annotator` only (the
    # policies' expressions are bound when created), whatever this login's search_path says
    conn.execute("SET LOCAL search_path = pg_catalog, pg_temp")
    for role in group_roles(conn.info.dbname):
        if not login_exists(conn, role):
            _create_role(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    conn.execute(_DDL)
    conn.execute(_TRIGGERS)
    conn.execute(_POLICIES)
    conn.execute(sql.SQL(_GRANTS).format(member=member, lead=lead))
    _grant(conn, lead, login)
    conn.execute(
        "INSERT INTO annotator.members (name, login, role) VALUES (%s, %s, %s)",
        (lead_name, login, LEAD),
    )
    conn.execute(
        "INSERT INTO annotator.meta (key, value) VALUES "
        "('project_uuid', %s), ('protocol', %s), ('blind', %s)",
        (project_uuid, str(PROTOCOL), "1" if blind else "0"),
    )
    conn.execute(
        "INSERT INTO annotator.history (member, action, detail) VALUES (%s, 'init', %s)",
        (lead_name, json.dumps({"project_uuid": project_uuid})),
    )
    if force:
        force_row_security(conn)


def lock_public_schema(conn: psycopg.Connection) -> bool:
    """REVOKE CREATE ON SCHEMA public FROM PUBLIC when the connecting login may (it owns schema
    public: the database's owner on PostgreSQL 15+, a superuser); whether nobody but its owner
    can create objects in schema public afterwards (already so on PostgreSQL 15+; on 13/14 the
    default lets every login create there, which `team init` closes when it can). The team's
    own functions pin their search_path and do not depend on this (docs/team.md)."""
    row = conn.execute(
        "SELECT has_schema_privilege('public', n.oid, 'CREATE'), "
        "pg_has_role(current_user, n.nspowner, 'USAGE') "
        "FROM pg_namespace n WHERE n.nspname = 'public'"
    ).fetchone()
    if row is None:  # no schema public in this database
        return True
    open_to_all, owner = bool(row[0]), bool(row[1])
    if open_to_all and owner:
        try:
            with conn.transaction():
                conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        except psycopg.errors.InsufficientPrivilege:
            return False
        return True
    return not open_to_all


def force_row_security(conn: psycopg.Connection) -> None:
    """Subject the tables' owner to the policies too (FORCE ROW LEVEL SECURITY)."""
    conn.execute(_FORCE)


def _create_role(conn: psycopg.Connection, statement: sql.Composed) -> None:
    try:
        with conn.transaction():
            conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            f"{current_login(conn)} may not create roles: the lead's login needs CREATEROLE "
            "(ALTER ROLE ... CREATEROLE, by the server's administrator); docs/team.md",
            kind="refused",
        ) from None


def _grant(conn: psycopg.Connection, group: sql.Identifier, login: str) -> None:
    try:
        with conn.transaction():
            conn.execute(sql.SQL("GRANT {} TO {}").format(group, sql.Identifier(login)))
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            f"{current_login(conn)} may not grant {group.as_string(conn)}: the lead's login "
            "needs CREATEROLE (or the server's administrator grants it); docs/team.md",
            kind="refused",
        ) from None


def _revoke(conn: psycopg.Connection, group: sql.Identifier, login: str) -> None:
    try:
        with conn.transaction():
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(group, sql.Identifier(login)))
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            f"{current_login(conn)} may not revoke {group.as_string(conn)}: the lead's login "
            "needs CREATEROLE (or the server's administrator revokes it); docs/team.md",
            kind="refused",
        ) from None


def set_blind(conn: psycopg.Connection, blind: bool) -> bool:
    """Meta 'blind' (lead only): '1' hides the annotators' units from each other; whether it
    changed (a history row then). In the connection's transaction."""
    value = "1" if blind else "0"
    changed = conn.execute(
        "UPDATE annotator.meta SET value = %s WHERE key = 'blind' AND value <> %s",
        (value, value),
    ).rowcount
    if changed:
        conn.execute(
            "INSERT INTO annotator.history (action, detail) VALUES ('blind', %s)",
            (json.dumps({"blind": blind}),),
        )
    return bool(changed)


RESTORE_JUMP = 1_000_000_000  # past any version a machine may have seen after the dump


class Restored(NamedTuple):
    """What `mark_restored` did: the change sequence's move and the new restore epoch."""

    highest: int  # the highest version the database held (its tables or the sequence)
    sequence: int  # the change sequence's value now
    epoch: str  # the new restore epoch (meta 'epoch')
    previous_epoch: str | None


def mark_restored(conn: psycopg.Connection) -> Restored:
    """After a restore from a dump (a lead; setval needs the sequence's owner, the database's
    owner after pg_restore): move annotator.change_seq RESTORE_JUMP past the highest version
    in every versioned table, set a new meta 'epoch' (every project's next sync sees it changed
    and compares in full) and write a history row. In the connection's transaction."""
    tables = sql.SQL(", ").join(
        sql.SQL("(SELECT COALESCE(max(version), 0) FROM annotator.{})").format(
            sql.Identifier(table)
        )
        for table in VERSIONED
    )
    row = conn.execute(
        sql.SQL(
            "SELECT GREATEST((SELECT last_value FROM annotator.change_seq), {}), "
            "(SELECT value FROM annotator.meta WHERE key = 'epoch')"
        ).format(tables)
    ).fetchone()
    assert row is not None
    highest, previous = int(row[0]), row[1]
    try:
        with conn.transaction():
            sequence = conn.execute(
                "SELECT setval('annotator.change_seq', %s)", (highest + RESTORE_JUMP,)
            ).fetchone()
    except psycopg.errors.InsufficientPrivilege:
        raise ServerError(
            f"{current_login(conn)} may not move annotator.change_seq: run this as the "
            "database's owner (who restored it); docs/team.md",
            kind="refused",
        ) from None
    assert sequence is not None
    epoch_row = conn.execute(
        "INSERT INTO annotator.meta (key, value) VALUES ('epoch', gen_random_uuid()::text) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING value"
    ).fetchone()
    assert epoch_row is not None
    restored = Restored(highest, int(sequence[0]), str(epoch_row[0]), previous)
    conn.execute(
        "INSERT INTO annotator.history (action, detail) VALUES ('restored', %s)",
        (json.dumps(restored._asdict()),),
    )
    return restored


# ---------------------------------------------------------------- members


def create_login(conn: psycopg.Connection, login: str, password: str | None) -> bool:
    """Create the login role `login` with `password` (sent as a SCRAM verifier, never in clear)
    unless it exists; True when created. Needs CREATEROLE."""
    if login_exists(conn, login):
        return False
    if not password:
        raise ServerError(f"a new login {login!r} needs a password", kind="other")
    verifier = conn.pgconn.encrypt_password(
        password.encode(), login.encode(), b"scram-sha-256"
    ).decode()
    _create_role(
        conn,
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
            sql.Identifier(login), sql.Literal(verifier)
        ),
    )
    return True


def add_member(conn: psycopg.Connection, name: str, login: str, role: str) -> None:
    """Register `name` (login role `login`) as a member with `role` and grant it the group
    role; a member of that name is updated. In the connection's transaction."""
    if role not in ROLES:
        raise ServerError(f"unknown role {role!r}; expected one of {ROLES}", kind="other")
    member, lead = _groups(conn)
    _grant(conn, lead if role == LEAD else member, login)
    other = conn.execute(
        "SELECT name FROM annotator.members WHERE login = %s AND name <> %s", (login, name)
    ).fetchone()
    if other:
        raise ServerError(f"login {login!r} already belongs to member {other[0]!r}", kind="other")
    conn.execute(
        "INSERT INTO annotator.members (name, login, role) VALUES (%s, %s, %s) "
        "ON CONFLICT (name) DO UPDATE SET login = excluded.login, role = excluded.role",
        (name, login, role),
    )
    conn.execute(
        "INSERT INTO annotator.history (action, detail) VALUES ('add-member', %s)",
        (json.dumps({"name": name, "login": login, "role": role}),),
    )


class Removed(NamedTuple):
    """A member taken off the team: their login, and what of theirs the server holds."""

    login: str
    assignments: int  # removed with the member
    units: int  # kept


def remove_member(conn: psycopg.Connection, name: str) -> Removed:
    """Take member `name` off the team (lead only), in the connection's transaction: their
    login loses the group roles (no more reads or writes, whatever the policies say), their
    member row and assignments go; their units, history and conflicts stay. LookupError when
    there is no such member."""
    row = conn.execute("SELECT login FROM annotator.members WHERE name = %s", (name,)).fetchone()
    if row is None:
        raise LookupError(name)
    login = str(row[0])
    owner = conn.execute(
        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'annotator'"
    ).fetchone()
    if owner is not None and owner[0] == login:
        raise ServerError(
            f"{name} (login {login}) owns the team's tables and cannot be removed from the "
            "team; the database's administrator can hand them to another lead (REASSIGN OWNED)",
            kind="refused",
        )
    member_group, lead_group = _groups(conn)
    for group in (member_group, lead_group):
        _revoke(conn, group, login)
    assigned = conn.execute("DELETE FROM annotator.assignments WHERE member = %s", (name,)).rowcount
    conn.execute("DELETE FROM annotator.members WHERE name = %s", (name,))
    units = count_rows(conn, "units", name)
    conn.execute(
        "INSERT INTO annotator.history (action, detail) VALUES ('remove-member', %s)",
        (json.dumps({"name": name, "login": login, "assignments": assigned, "units": units}),),
    )
    return Removed(login, max(assigned, 0), units)


def drop_login(conn: psycopg.Connection, login: str) -> str | None:
    """DROP ROLE `login` (needs CREATEROLE) unless it still belongs to other roles (another
    team's, say) or owns objects; None when dropped, else why it was kept. In a savepoint of
    the connection's transaction."""
    row = conn.execute(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "WHERE r.rolname = %s",
        (login,),
    ).fetchone()
    if row is not None and int(row[0]):
        return f"login {login!r} still belongs to other roles (another team?)"
    try:
        with conn.transaction():
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(login)))
    except psycopg.errors.DependentObjectsStillExist:
        return f"login {login!r} owns objects or holds privileges elsewhere"
    except psycopg.errors.InsufficientPrivilege:
        return f"{current_login(conn)} may not drop login {login!r} (CREATEROLE needed)"
    return None


def members(conn: psycopg.Connection) -> list[Member]:
    """The team's members by name."""
    rows = conn.execute("SELECT name, login, role FROM annotator.members ORDER BY name")
    return [Member(str(name), str(login), str(role)) for name, login, role in rows]


def me(conn: psycopg.Connection) -> Member | None:
    """The member the connection's role is, or None."""
    row = conn.execute(
        "SELECT name, login, role FROM annotator.members WHERE login = current_user"
    ).fetchone()
    return Member(*row) if row else None


# ---------------------------------------------------------------- lead's writes


def put_documents(conn: psycopg.Connection, documents: Iterable[ServerDocument]) -> int:
    """Add the documents the server does not hold yet (by sha256), in the given order (the
    order `team assign` deals in); how many were added. One pipelined batch."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO annotator.documents (sha256, name, title, source, text, meta) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
            [
                (
                    doc.sha256,
                    doc.name,
                    doc.title,
                    doc.source,
                    doc.text,
                    json.dumps(doc.meta, ensure_ascii=False),
                )
                for doc in documents
            ],
        )
        return max(cur.rowcount, 0)


def document_shas(conn: psycopg.Connection) -> list[str]:
    """The sha256 of every document the connection may read."""
    return [r[0] for r in conn.execute("SELECT sha256 FROM annotator.documents ORDER BY position")]


def put_assignments(conn: psycopg.Connection, pairs: Iterable[tuple[str, str]]) -> int:
    """Assign documents (sha256, member); how many assignments are new. Existing ones stay."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO annotator.assignments (sha256, member) VALUES (%s, %s) "
            "ON CONFLICT DO NOTHING",
            list(pairs),
        )
        added = max(cur.rowcount, 0)
    if added:
        conn.execute(
            "INSERT INTO annotator.history (action, detail) VALUES ('assign', %s)",
            (json.dumps({"assignments": added}),),
        )
    return added


def assignments(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Member -> the sha256 of the documents assigned to them (those the connection reads)."""
    found: dict[str, list[str]] = {}
    for sha256, member in conn.execute(
        "SELECT a.sha256, a.member FROM annotator.assignments a "
        "JOIN annotator.documents d USING (sha256) ORDER BY a.member, d.position"
    ):
        found.setdefault(member, []).append(sha256)
    return found


# ---------------------------------------------------------------- progress


def progress(conn: psycopg.Connection) -> list[ProgressRow]:
    """Per member (and gold, when it has units): assigned documents and their units' statuses
    (a document without a unit counts as new), annotations, last push; what the connection's
    role may read."""
    query = f"""
    WITH who AS (
        SELECT name, role FROM annotator.members
        UNION ALL SELECT '{GOLD}', 'gold'
            WHERE EXISTS (SELECT 1 FROM annotator.units WHERE member = '{GOLD}')
    ), work AS (
        SELECT member, sha256 FROM annotator.assignments
        UNION SELECT member, sha256 FROM annotator.units
    )
    SELECT w.name, w.role,
        count(a.sha256) FILTER (WHERE asg.sha256 IS NOT NULL) AS assigned,
        count(a.sha256) FILTER (WHERE coalesce(u.status, '{NEW}') = '{NEW}') AS new,
        count(a.sha256) FILTER (WHERE u.status = '{IN_PROGRESS}') AS in_progress,
        count(a.sha256) FILTER (WHERE u.status = '{DONE}') AS done,
        coalesce(sum((SELECT count(*) FROM annotator.annotations n
                      WHERE n.sha256 = a.sha256 AND n.member = a.member)), 0) AS annotations,
        max(u.updated_at) AS last_sync,
        (SELECT count(*) FROM annotator.conflicts c
         WHERE c.member = w.name AND c.resolved_at IS NULL) AS conflicts
    FROM who w
    LEFT JOIN work a ON a.member = w.name
    LEFT JOIN annotator.assignments asg ON asg.member = a.member AND asg.sha256 = a.sha256
    LEFT JOIN annotator.units u ON u.member = a.member AND u.sha256 = a.sha256
    GROUP BY w.name, w.role
    ORDER BY w.role = 'gold', w.name
    """
    rows = []
    for r in conn.execute(query):
        rows.append(
            ProgressRow(
                r[0],
                r[1],
                int(r[2]),
                int(r[3]),
                int(r[4]),
                int(r[5]),
                int(r[6]),
                r[7].isoformat(timespec="seconds") if r[7] else None,
                int(r[8]),
            )
        )
    return rows


def units_of(conn: psycopg.Connection, member: str) -> list[UnitSummary]:
    """`member`'s units the connection may read, by sha256."""
    return [
        UnitSummary(str(r[0]), str(r[1]), int(r[2]))
        for r in conn.execute(
            "SELECT u.sha256, u.status, (SELECT count(*) FROM annotator.annotations a "
            "WHERE a.sha256 = u.sha256 AND a.member = u.member) FROM annotator.units u "
            "WHERE u.member = %s ORDER BY u.sha256",
            (member,),
        )
    ]


def count_rows(conn: psycopg.Connection, table: str, member: str | None = None) -> int:
    """Rows of `table` (a table of the schema) the connection may read, of `member` if given."""
    if table not in (*FORCED, "meta", "members"):
        raise ValueError(table)
    query = sql.SQL("SELECT count(*) FROM annotator.{}").format(sql.Identifier(table))
    if member is not None:
        query = sql.SQL("{} WHERE member = %s").format(query)
    row = conn.execute(query, (member,) if member is not None else ()).fetchone()
    assert row is not None
    return int(row[0])


__all__: Sequence[str] = (
    "Member",
    "ProgressRow",
    "ServerDocument",
    "ServerState",
    "UnitSummary",
    "add_member",
    "assignments",
    "count_rows",
    "create_login",
    "create_schema",
    "force_row_security",
    "lock_public_schema",
    "document_shas",
    "drop_login",
    "remove_member",
    "Removed",
    "group_roles",
    "login_exists",
    "me",
    "members",
    "progress",
    "put_assignments",
    "put_documents",
    "require_team",
    "state",
    "units_of",
)
