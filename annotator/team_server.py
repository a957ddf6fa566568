"""Teams with a server: the lead's and the annotators' setup steps (issue 18; docs/team.md).

Qt-free orchestration of the team commands; `annotator.store.pg.server` speaks SQL to the
server, `annotator.sync` pushes and pulls.

- `init`: a local project becomes the team's: on the server, in one transaction, the schema
  `annotator`, its group roles and policies, the connecting login as the lead member, the label
  schema, every document and every annotator's units (the upload runs before the tables'
  owner is subject to row-level security, so the lead can put the others' work there once);
  then sync is enabled on the project and a first sync records the server's versions.
- `add_member`: a login role (created with a password unless it exists) and a member row;
  `remove_member`: the login loses the group roles, the member row and assignments go, the
  work stays (the login is dropped too if asked and nothing else needs it).
- `set_blind`: meta ``blind`` on or off.
- `assign`: `annotator.team.plan_assignment` (the one rule of `annotator assign`), written to
  the server's assignments.
- `join`: a new local project for the member the login is, filled by a first sync (the label
  schema, the documents assigned to them, their units).
- `members`, `progress`: read live from the server (the lead's dashboard uses `progress`).

A TARGET is a server URL (``postgresql://login@host/db`` or ``service=NAME``) or a project file
joined to a server. No function here stores a password: a password argument is a password or
a prompt (`store.pg.connect.PasswordPrompt`), asked only when libpq finds none. A password in
a URL is used once, never kept; the command line and the app's forms refuse such a URL
(`refuse_password_in_url`).
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator import rules
from annotator.errors import NotFoundError, ProjectError, UsageError
from annotator.rules import GOLD
from annotator.store import sync_local
from annotator.store.project import Project
from annotator.team import Assignment, check_annotator_names, plan_assignment

if TYPE_CHECKING:
    from annotator.store.pg.server import Member, ProgressRow
    from annotator.store.units import UnitContent
    from annotator.sync import SyncReport

Password = str | Callable[[str], str | None] | None
"""A password, or a prompt asked (with ``login@host/db``) when libpq finds none."""

PROJECT_KEY = sync_local.PROJECT_KEY  # local meta: the team project's uuid (the server's meta)
LEAD = rules.LEAD
ANNOTATOR = rules.ANNOTATOR_ROLE
_PLAIN_LOGIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TeamServerError(UsageError):
    """A team command cannot be done as asked; the message says why."""


# ------------------------------------------------------------------ results


@dataclass
class InitResult:
    """What `init` put on the server, and the first sync."""

    url: str  # without password
    lead: str
    login: str
    documents: int
    units: int
    created: bool  # False: the server already held this project (init resumed)
    sync: SyncReport
    public_schema_open: bool = False  # any login may still create in schema public (docs)


@dataclass
class AddMemberResult:
    name: str
    login: str
    role: str
    login_created: bool  # False: the login role existed (its password was left as it was)


@dataclass
class TeamAssignResult:
    """The plan dealt on the server, and how many (document, member) pairs were new there."""

    assignment: Assignment
    added: int
    documents: int  # documents on the server


@dataclass
class JoinResult:
    path: Path
    member: str
    role: str
    documents: int
    sync: SyncReport


# ------------------------------------------------------------------ targets and connections


def is_url(target: str | Path) -> bool:
    """Whether TARGET names a server (a URL or a key=value connection string), not a file."""
    text = str(target)
    return text.startswith(("postgresql://", "postgres://")) or (
        "=" in text and not Path(text).exists()
    )


def server_url(target: str | Path) -> str:
    """The server URL of TARGET: itself, or the URL the project file is joined to."""
    if is_url(target):
        return str(target)
    path = Path(target)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file", kind="missing")
    with Project.open(path) as project:
        found = sync_local.settings(project)
    if found is None:
        raise TeamServerError(
            f"{path}: not joined to a team server (the lead runs 'annotator team init', "
            "an annotator 'annotator team join')"
        )
    return found.url


def refuse_password_in_url(url: str, *, typed_here: str | None = None) -> None:
    """TeamServerError when `url` holds a password: a command line shows it in the process
    list and the shell's history (a form, on the screen). `typed_here`: where else the user
    may type it (a form's field); the command line's prompt otherwise."""
    from annotator.store.pg import connect

    if connect.password_in(url) is None:
        return
    where = typed_here or "type it when asked"
    raise TeamServerError(
        f"{connect.describe(url)}: the URL holds a password, which the process list and your "
        "shell's history would show; remove it from the URL and put it in ~/.pgpass, a "
        f"service file (service=NAME) or PGPASSWORD, or {where} (docs/team.md)"
    )


class _Link(NamedTuple):
    """A connection to a team database, with what `_connected` read to check it."""

    conn: Any  # psycopg.Connection (psycopg is imported only inside the store)
    team: Any  # store.pg.server.ServerState
    me: Any  # store.pg.server.Member of the login, read only with `lead` (else None)


@contextmanager
def _connected(url: str, password: Password, *, lead: bool = False) -> Iterator[_Link]:
    """A connection to a team database (refused when it holds none), as a lead if `lead`;
    server errors leave as ServerError; the caller commits."""
    from annotator.store.pg import connect, server

    conn = connect.connect(url, password=password)
    try:
        with connect.server_errors(url):
            team = server.require_team(conn)
            me = None
            if lead:
                me = server.me(conn)
                if me is None or me.role != LEAD:
                    raise connect.ServerError(
                        f"{connect.describe(url)}: only a lead of the team can do this "
                        f"(this login is {'a member, ' + me.role if me else 'not a member'})",
                        kind="refused",
                    )
            yield _Link(conn, team, me)
    finally:
        conn.close()


# ------------------------------------------------------------------ init


def init(
    project_path: str | Path,
    url: str,
    *,
    lead: str | None = None,
    blind: bool = True,
    password: Password = None,
) -> InitResult:
    """Make the local project the team's on the (empty) database at `url`, with the
    connecting login as the lead member `lead` (default: the login's name). Refuses a database
    holding another project; on the same project's database it only enables sync again."""
    from annotator.store.pg import connect, server
    from annotator.sync import sync_project

    path = Path(project_path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file", kind="missing")
    clean_url = connect.strip_password(url)
    with Project.open(path) as project:
        joined = sync_local.settings(project)
        if joined is not None and joined.url != clean_url:
            raise TeamServerError(
                f"{path}: already joined to {connect.describe(joined.url)}; a project belongs "
                "to one team server"
            )
        project_uuid = project.meta().get(PROJECT_KEY)
        if project_uuid is None:  # kept first: a rerun after a crash knows its server
            project_uuid = str(uuid.uuid4())
            sync_local.set_meta(project, {PROJECT_KEY: project_uuid})
        conn = connect.connect(url, password=password)
        try:
            with connect.server_errors(clean_url):
                login = server.current_login(conn)
                found = server.state(conn)
                if found.project_uuid not in (None, project_uuid):
                    raise TeamServerError(
                        f"{connect.describe(clean_url)} already holds another team project "
                        f"({found.project_uuid}); use a new database for this one"
                    )
                created = found.project_uuid is None
                if created:
                    name = (lead or login).strip()
                    if not name or name == GOLD:
                        raise TeamServerError(f"the lead's member name cannot be {name!r}")
                    documents, units = _create(
                        conn, project, clean_url, project_uuid, name, blind, enable=joined is None
                    )
                    public_open = not server.lock_public_schema(conn)
                    conn.commit()
                else:
                    me = server.me(conn)
                    conn.commit()
                    if me is None or me.role != LEAD:
                        raise TeamServerError(
                            f"{connect.describe(clean_url)} holds this project already, and "
                            f"{login} is not one of its leads"
                        )
                    name, documents, units, public_open = me.name, 0, 0, False
                    if joined is None:
                        sync_local.enable(
                            project, url=clean_url, member=name, role=LEAD, all_dirty=True
                        )
        finally:
            conn.close()
    report = sync_project(path, password=connect.password_in(url) or password)
    return InitResult(clean_url, name, login, documents, units, created, report, public_open)


def _create(
    conn: Any,
    project: Project,
    url: str,
    project_uuid: str,
    lead: str,
    blind: bool,
    *,
    enable: bool,
) -> tuple[int, int]:
    """Create the team on the server from `project` in one server transaction: the schema, the
    label schema, every document and every unit (before row-level security is forced on the
    tables' owner, so the lead can put the others' units there this once); the project is
    joined first (its triggers then catch an edit made meanwhile, which stays pending) and left
    again if the server refuses. Each unit uploaded is recorded as synced at its version.
    (documents, units)."""
    from annotator.store.pg import remote, server
    from annotator.sync import schema_digest, unit_digest

    if enable:
        sync_local.enable(project, url=url, member=lead, role=LEAD, all_dirty=True)
    uploaded: list[tuple[int, str, int | None, int, UnitContent]] = []
    try:
        server.create_schema(
            conn, project_uuid=project_uuid, lead_name=lead, blind=blind, force=False
        )
        spec = project.label_schema()
        remote.push_schema(conn, spec, schema_digest(spec), expected=None, machine="init")
        shas: dict[int, str] = {}
        documents: list[server.ServerDocument] = []
        for doc in project.iter_documents():
            shas[doc.id] = doc.sha256
            documents.append(
                server.ServerDocument(
                    doc.sha256, doc.name, doc.title, doc.source, doc.text, doc.meta
                )
            )
        server.put_documents(conn, documents)
        for key in sync_local.local_units(project):
            seq = sync_local.outbox_seq(project, key.document_id, key.annotator)
            content = sync_local.read_unit(project, key.document_id, key.annotator)
            digest = unit_digest(content)
            pushed = remote.push_unit(
                conn,
                shas[key.document_id],
                key.annotator,
                content,
                digest,
                expected=None,
                machine="init",
                action="init",
            )
            if pushed.ok and pushed.version is not None:
                uploaded.append((key.document_id, key.annotator, seq, pushed.version, content))
        server.force_row_security(conn)
        conn.commit()
    except BaseException:
        if enable:
            sync_local.disable(project)
            sync_local.set_meta(project, {PROJECT_KEY: project_uuid})
        raise
    for document_id, annotator, seq, version, content in uploaded:
        sync_local.mark_synced(project, document_id, annotator, seq, version, content)
    return len(documents), len(uploaded)


# ------------------------------------------------------------------ members


def default_login(name: str) -> str:
    """The login role a member gets when none is given: the name in lower case, when it is a
    plain ASCII identifier; otherwise TeamServerError (give --login)."""
    if not _PLAIN_LOGIN.fullmatch(name):
        raise TeamServerError(
            f"member {name!r} needs a login (--login LOGIN): a PostgreSQL login is best a plain "
            "ASCII name (letters, digits, _)"
        )
    return name.lower()


def add_member(
    target: str | Path,
    name: str,
    *,
    role: str = ANNOTATOR,
    login: str | None = None,
    new_password: str | Callable[[], str] | None = None,
    password: Password = None,
) -> AddMemberResult:
    """Register `name` as a member with `role`, logging in as `login` (created, with
    `new_password` (or what the callback returns), unless it exists; needs CREATEROLE)."""
    from annotator.store.pg import server

    name = name.strip()
    if role not in (ANNOTATOR, LEAD):
        raise TeamServerError(f"role must be {ANNOTATOR!r} or {LEAD!r}, not {role!r}")
    if not name or name == GOLD:
        raise TeamServerError(f"a member cannot be called {name!r}")
    login = login.strip() if login else default_login(name)
    with _connected(server_url(target), password, lead=True) as (conn, *_):
        created = False
        if not server.login_exists(conn, login):
            given = new_password() if callable(new_password) else new_password
            if not given:
                raise TeamServerError(f"a new login {login!r} needs a password")
            created = server.create_login(conn, login, given)
        server.add_member(conn, name, login, role)
        conn.commit()
    return AddMemberResult(name, login, role, created)


def members(target: str | Path, *, password: Password = None) -> list[Member]:
    """The team's members (name, login, role)."""
    from annotator.store.pg import server

    with _connected(server_url(target), password) as (conn, *_):
        return server.members(conn)


def progress(target: str | Path, *, password: Password = None) -> list[ProgressRow]:
    """Per member: documents assigned and their statuses, annotations, last push (what the
    login may read: a lead, everyone's)."""
    from annotator.store.pg import server

    with _connected(server_url(target), password) as (conn, *_):
        return server.progress(conn)


@dataclass
class RemoveMemberResult:
    name: str
    login: str
    assignments: int  # the member's assignments removed
    units: int  # their units, kept on the server
    login_dropped: bool
    login_kept_because: str | None  # why --drop-login left the login (None: not asked, or done)


def remove_member(
    target: str | Path, name: str, *, drop_login: bool = False, password: Password = None
) -> RemoveMemberResult:
    """Take `name` off the team (a lead): their login loses the team's group role (it can
    no longer read or write anything of the team), their member row and assignments go;
    their work stays on the server and in the lead's project. `drop_login`: also drop the
    login role, unless it belongs to other roles too (another team) or owns objects."""
    from annotator.store.pg import connect, server

    with _connected(server_url(target), password, lead=True) as (conn, _, me):
        if me.name == name:
            raise TeamServerError(
                f"you cannot remove yourself ({name}); another lead can, with "
                "'annotator team remove-member'"
            )
        try:
            removed = server.remove_member(conn, name)
        except LookupError:
            raise NotFoundError(f"{name!r} is not a member of the team") from None
        conn.commit()
        kept_because: str | None = None
        dropped = False
        if drop_login:
            with connect.server_errors():
                kept_because = server.drop_login(conn, removed.login)
                conn.commit()
            dropped = kept_because is None
    return RemoveMemberResult(
        name, removed.login, removed.assignments, removed.units, dropped, kept_because
    )


def set_blind(target: str | Path, blind: bool, *, password: Password = None) -> bool:
    """Turn blind annotation on or off on the server (a lead); whether it changed. With blind
    off, annotators read each other's work on the documents they share at their next sync."""
    from annotator.store.pg import server

    with _connected(server_url(target), password, lead=True) as (conn, *_):
        changed = server.set_blind(conn, blind)
        conn.commit()
    return changed


@dataclass
class RestoredResult:
    """What `restored` did on the server restored from a dump."""

    highest: int  # the highest version the restored database held
    sequence: int  # the change sequence's value now
    epoch: str  # the new restore epoch
    previous_epoch: str | None


def restored(target: str | Path, *, password: Password = None) -> RestoredResult:
    """Tell the team's server it was restored from a dump (a lead; the database's owner): in
    one transaction move its change sequence past every version a machine may have seen and
    set a new restore epoch, so that every project's next sync compares in full (`merge`'s
    union: nothing deleted, what one side only holds kept)."""
    from annotator.store.pg import server

    with _connected(server_url(target), password, lead=True) as (conn, *_):
        done = server.mark_restored(conn)
        conn.commit()
    return RestoredResult(done.highest, done.sequence, done.epoch, done.previous_epoch)


# ------------------------------------------------------------------ assign


def assign(
    target: str | Path,
    annotators: Sequence[str],
    *,
    overlap: float = 0.0,
    seed: int | None = None,
    password: Password = None,
) -> TeamAssignResult:
    """Deal the server's documents to `annotators` (members) as `annotator assign` does
    (`team.plan_assignment`; without `seed`, a random one) and add the assignments on the
    server; assignments already there stay."""
    from annotator.store.pg import server

    names = check_annotator_names(annotators)
    with _connected(server_url(target), password, lead=True) as (conn, *_):
        known = {m.name for m in server.members(conn)}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise NotFoundError(
                f"not members of the team: {', '.join(unknown)} (add them first with "
                "'annotator team add-member')"
            )
        shas = server.document_shas(conn)
        if not shas:
            raise TeamServerError("the team server holds no documents to assign")
        if seed is None:
            seed = secrets.randbelow(2**31)
        plan = plan_assignment(shas, names, overlap, seed)
        added = server.put_assignments(
            conn, [(sha, name) for name in plan.annotators for sha in plan.documents[name]]
        )
        conn.commit()
    return TeamAssignResult(plan, added, len(shas))


# ------------------------------------------------------------------ join


def join(
    url: str,
    out: str | Path,
    *,
    as_name: str | None = None,
    password: Password = None,
) -> JoinResult:
    """Create the local project `out` for the member the login at `url` is: sync enabled,
    then a first sync brings the label schema, their documents and their units. `as_name`:
    refuse unless the login is that member. The project is built under a temporary name
    beside `out` and moved there at the end; a failure removes only what this call made."""
    from annotator.store.pg import connect, server
    from annotator.sync import sync_project

    out = Path(out)
    if out.exists():
        raise ProjectError(f"{out}: already exists", kind="exists")
    clean_url = connect.strip_password(url)
    with _connected(url, password) as (conn, found, _):
        me = server.me(conn)
        conn.commit()
    if me is None:
        raise connect.ServerError(
            f"{connect.describe(clean_url)}: this login is not a member of the team (the lead "
            "adds it with 'annotator team add-member')",
            kind="refused",
        )
    if as_name is not None and as_name.strip() != me.name:
        raise TeamServerError(
            f"{connect.describe(clean_url)} logs in as member {me.name!r}, not {as_name!r}"
        )
    # built under a name of its own beside `out`, moved there at the end without replacing
    # anything: a file that appeared at `out` meanwhile is never touched
    building = out.with_name(f".{out.stem}.joining-{secrets.token_hex(4)}{out.suffix}")
    try:
        with Project.create(building) as project:
            with project.transaction():
                sync_local.set_meta(project, {PROJECT_KEY: found.project_uuid})
                sync_local.enable(project, url=clean_url, member=me.name, role=me.role)
        report = sync_project(building, password=connect.password_in(url) or password)
        with Project.open(building) as project:
            documents = project.count_documents()
        _move_without_replacing(building, out)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{building}{suffix}").unlink(missing_ok=True)
        raise
    return JoinResult(out, me.name, me.role, documents, report)


def _move_without_replacing(built: Path, target: Path) -> None:
    """Put the closed project `built` at `target`, unless something is there (ProjectError):
    a hard link fails on an existing name atomically; where links are not supported, a
    check then a rename."""
    try:
        os.link(built, target)
    except FileExistsError:
        raise ProjectError(f"{target}: already exists", kind="exists") from None
    except OSError:
        if target.exists():
            raise ProjectError(f"{target}: already exists", kind="exists") from None
        os.replace(built, target)
        return
    built.unlink()
