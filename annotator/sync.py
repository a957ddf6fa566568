"""Team sync: push local changes to the team's PostgreSQL server and pull what changed there
(issue 18, docs/team.md). Qt-free; the CLI (`annotator sync`) and the GUI (Team > Sync now,
from a background thread) call `sync_project`.

A unit is one member's work on one document (`store.units.UnitContent`). For each unit
either side changed since the last sync, with b the version it was last synced at (None:
never), s the server's version (None: none there) and d whether it changed here:

- not d: s == b, nothing to do; else pull (the local unit becomes the server's).
- d and s == b: push, expecting b (the server compares under a row lock).
- d and s != b (both changed, or a push whose expectation failed): equal digests: adopt s.
  Else if every server item is in the local unit unchanged, push expecting s; if every local
  item is in the server's, pull. Otherwise a conflict: the local unit is kept, not pushed,
  its content kept on the server (`conflicts`), the report lists it, it stays pending until
  `resolve` (keep mine: push over the server, whose content is kept in `conflicts` first;
  keep the server's: a local snapshot first, then pull).

An item is an annotation, relation or note (by uuid), a document label (by name), a curation
decision (by proposal), the status (unless new); editing seconds only grow (the larger is
kept). Only the member's own units (and gold, for a lead) are pushed; others' units are only
pulled (a local change to them is kept in `conflicts`, then replaced by the server's).

Safe to kill at any moment: the local commit of a push follows the server's, so a kill in
between leaves b behind s with equal digests, which the next sync adopts; uuids are keys on
both sides (nothing doubled) and the outbox row stays until the local commit (nothing lost).
The pull cursor advances only after a complete sync.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.errors import NotFoundError, UsageError
from annotator.model import DocRecord
from annotator.rules import GOLD, NEW
from annotator.store import sync_local
from annotator.store.project import Project
from annotator.store.sync_local import OutboxEntry, SyncSettings, UnitKey
from annotator.store.units import UnitContent, content_json

Progress = Callable[[str, int, int], None]
"""Called with (what, done, total) as a sync goes on (what: 'documents', 'units')."""

Cancel = Callable[[], bool]
"""Asked between units; True stops the sync (what was done stays done)."""

Keep = Literal["mine", "server"]

LEAD = "lead"


# ------------------------------------------------------------------ digests


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unit_digest(content: UnitContent) -> str:
    """The digest of a unit's content: sha256 of its canonical JSON (the one rule)."""
    return _digest(content_json(content))


def schema_digest(spec: dict[str, Any]) -> str:
    """The digest of a label schema (`Project.label_schema()`)."""
    return _digest(spec)


# ------------------------------------------------------------------ the report


@dataclass(frozen=True)
class SyncConflict:
    """A unit both sides changed in ways neither contains: kept here, not pushed."""

    document: str  # the document's name
    sha256: str
    member: str
    why: str


@dataclass
class SyncReport:
    """What a sync did."""

    pushed: int = 0  # units written to the server
    pulled: int = 0  # units replaced here by the server's
    pulled_units: list[UnitKey] = field(default_factory=list)  # which (the GUI reloads them)
    adopted: int = 0  # units equal on both sides, recorded as synced
    restored_on_server: int = 0  # of the pushed: units the server had lost (older or none)
    documents_added: int = 0  # documents added here
    documents_pushed: int = 0  # documents added on the server (a lead's)
    schema: Literal["pushed", "pulled"] | None = None
    conflicts: list[SyncConflict] = field(default_factory=list)
    pending: int = 0  # units still waiting to be pushed after the sync
    cursor: str | None = None
    seconds: float = 0.0
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report as `annotator sync` prints it."""
        out = [
            f"pushed {self.pushed} unit(s), pulled {self.pulled}"
            + (f", {self.adopted} already equal" if self.adopted else ""),
        ]
        if self.restored_on_server:
            out.append(f"units the server had lost, sent again: {self.restored_on_server}")
        if self.documents_added:
            out.append(f"documents added here: {self.documents_added}")
        if self.documents_pushed:
            out.append(f"documents added on the server: {self.documents_pushed}")
        if self.schema:
            out.append(f"label schema {self.schema}")
        for conflict in self.conflicts:
            out.append(f"conflict: {conflict.document} ({conflict.member}): {conflict.why}")
        out += self.notes
        if self.cancelled:
            out.append("cancelled: the rest waits for the next sync")
        out.append(f"pending: {self.pending} unit(s); took {self.seconds:.1f} s")
        return out


# ------------------------------------------------------------------ the rule


def _items(content: UnitContent) -> dict[tuple[str, str], Any]:
    items: dict[tuple[str, str], Any] = {}
    for a in content.annotations:
        items["annotation", a.uuid] = a
    for r in content.relations:
        items["relation", r.uuid] = r
    for n in content.notes:
        items["note", n.uuid] = n
    for d in content.doc_labels:
        items["doc_label", d.name] = d
    for c in content.curation:
        items["decision", c.annotation_uuid] = c
    if content.status != NEW:
        items["status", ""] = content.status
    return items


def contains(outer: UnitContent, inner: UnitContent) -> bool:
    """Whether every item of `inner` is in `outer` unchanged (and `outer` has at least its
    editing seconds)."""
    have = _items(outer)
    return outer.seconds >= inner.seconds and all(
        have.get(key) == item for key, item in _items(inner).items()
    )


# ------------------------------------------------------------------ test hook


_HOOK = "ANNOTATOR_SYNC_KILL_AT"


def _hook(point: str) -> None:
    """For the kill -9 tests: `ANNOTATOR_SYNC_KILL_AT=point[:n]` kills this process
    (SIGKILL) the n-th time (default 1st) it passes `point`."""
    wanted = os.environ.get(_HOOK)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name != point:
        return
    left = int(count or 1) - 1
    os.environ[_HOOK] = f"{name}:{left}"
    if left <= 0:
        os.kill(os.getpid(), signal.SIGKILL)


# ------------------------------------------------------------------ sync


class _Sync:
    def __init__(
        self,
        project: Project,
        settings: SyncSettings,
        conn: Any,
        report: SyncReport,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> None:
        self.project = project
        self.settings = settings
        self.conn = conn
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.lead = settings.role == LEAD
        self.pushable: set[str] = set()  # documents whose units this login may push
        self.full = False  # compare every unit (the server went back, or asked for)
        self.since = settings.cursor  # what the pulls read from (None: everything)
        self.unsendable = 0

    def writable(self, member: str) -> bool:
        return member == self.settings.member or (self.lead and member == GOLD)

    # -------------------------------------------------------------- schema

    def schema(self) -> None:
        from annotator.store.pg import remote

        server = remote.read_schema(self.conn)
        local_version = self.settings.schema_version
        dirty = self.settings.schema_dirty if self.lead else 0
        if server is not None and server.version != local_version:
            spec = self.project.label_schema()
            if schema_digest(spec) == server.digest:
                sync_local.schema_synced(self.project, server.version, dirty)
            elif dirty:
                remote.record_schema_conflict(
                    self.conn,
                    machine=self.settings.machine,
                    data=spec,
                    server_version=server.version,
                )
                self.report.conflicts.append(
                    SyncConflict(
                        "(label schema)",
                        "",
                        self.settings.member,
                        "the label schema was changed here and on the server; yours was not "
                        "sent (kept in the server's history); settle it with --resolve-schema "
                        "--keep mine|server",
                    )
                )
                return
            else:
                kept = sync_local.replace_label_schema(
                    self.project,
                    server.data,
                    server.version,
                    dirty_seen=self.settings.schema_dirty,
                )
                if kept is None:  # changed here meanwhile: the next sync sees it
                    return
                self.report.schema = "pulled"
                if kept:
                    self.report.notes.append(
                        "labels kept though the server's schema lacks them (annotations use "
                        "them): " + ", ".join(kept)
                    )
            return
        if dirty:
            spec = self.project.label_schema()
            pushed = remote.push_schema(
                self.conn,
                spec,
                schema_digest(spec),
                expected=local_version,
                machine=self.settings.machine,
            )
            if pushed.ok and pushed.version is not None:
                sync_local.schema_synced(self.project, pushed.version, dirty)
                self.report.schema = "pushed"

    # -------------------------------------------------------------- documents

    def documents(self) -> None:
        from annotator.store.pg import remote

        wanted = remote.documents_since(self.conn, self.since)
        new = [doc for doc in wanted if self.project.document_id_by_sha(doc.sha256) is None]
        if new:
            with self.project.transaction():  # the flag read and cleared under the write lock
                flag = sync_local.settings(self.project)
                added = self.project.add_documents(
                    DocRecord(text=doc.text, name=doc.name, meta=doc.meta, source=doc.source)
                    for doc in new
                )
                if flag is not None and not flag.documents_dirty:  # only these: not new here
                    sync_local.set_meta(self.project, {sync_local.DOCUMENTS_DIRTY_KEY: None})
            self.report.documents_added = len(added.added)
        if self.lead and self.settings.documents_dirty:
            self.push_documents()

    def rejections(self) -> None:
        """Suggestions turned down travel as a set per member: the member's own are added on
        the server, everyone's readable ones here."""
        from annotator.store import team as store_team
        from annotator.store.pg import remote
        from annotator.store.suggestions import Rejection

        seen = self.settings.rejections_dirty
        if seen:
            own = [
                remote.ServerRejection(self.settings.member, r.label, r.key, r.at)
                for r in self.project.rejections(self.settings.member)
            ]
            remote.put_rejections(self.conn, own)
            sync_local.clear_flag(self.project, sync_local.REJECTIONS_DIRTY_KEY, seen)
        pulled: dict[str, list[Rejection]] = {}
        for row in remote.rejections_since(self.conn, self.since):
            pulled.setdefault(row.member, []).append(Rejection(row.label, row.key, row.at))
        if pulled:
            with self.project.transaction():  # the flag read and cleared under the write lock
                flag = sync_local.settings(self.project)
                for member, rows in pulled.items():
                    store_team.add_rejections(self.project, member, rows)
                if flag is not None and not flag.rejections_dirty:  # only these: not new here
                    sync_local.set_meta(self.project, {sync_local.REJECTIONS_DIRTY_KEY: None})

    def push_documents(self) -> None:
        from annotator.store.pg import server

        on_server = set(server.document_shas(self.conn))
        here = sync_local.document_shas(self.project)
        missing = [
            server.ServerDocument(doc.sha256, doc.name, doc.title, doc.source, doc.text, doc.meta)
            for doc in self.project.iter_documents(
                [doc_id for sha, doc_id in here.items() if sha not in on_server]
            )
        ]
        with self.conn.transaction():
            self.report.documents_pushed = server.put_documents(self.conn, missing)
        sync_local.clear_flag(
            self.project, sync_local.DOCUMENTS_DIRTY_KEY, self.settings.documents_dirty
        )

    # -------------------------------------------------------------- units

    def units(self) -> None:
        from annotator.store.pg import remote

        changed = {(h.sha256, h.member): h for h in remote.changed_units(self.conn, self.since)}
        waiting = {(e.sha256, e.annotator): e for e in sync_local.outbox(self.project)}
        synced: set[tuple[str, str]] = set()
        if self.full:  # also the units the server may have lost (restored from a dump)
            synced = {
                (u.sha256, u.annotator)
                for u in sync_local.synced_units(self.project)
                if self.writable(u.annotator)
            }
        heads = dict(changed)
        heads.update(remote.unit_heads(self.conn, (waiting.keys() | synced) - changed.keys()))
        bases = sync_local.bases(self.project)
        self.pushable = remote.writable_documents(
            self.conn, {sha for sha, _ in waiting.keys() | synced}
        )
        # annotators' units before gold's (gold's decisions point at their spans)
        keys = sorted(changed.keys() | waiting.keys() | synced, key=lambda k: (k[1] == GOLD, k))
        for done, key in enumerate(keys):
            if self.cancel is not None and self.cancel():
                self.report.cancelled = True
                return
            if self.progress is not None:
                self.progress("units", done, len(keys))
            sha256, member = key
            document_id = self.project.document_id_by_sha(sha256)
            if document_id is None:
                continue  # a document not here (not assigned any more): nothing to merge into
            base = bases.get(UnitKey(document_id, member))
            self.unit(
                document_id,
                sha256,
                member,
                base.version if base else None,
                heads.get(key),
                waiting.get(key),
            )
        if self.progress is not None:
            self.progress("units", len(keys), len(keys))
        if self.unsendable:
            self.report.notes.append(
                f"{self.unsendable} unit(s) of documents the server does not hold for you "
                "(added here, or not assigned to you) stay here, not sent"
            )

    def unit(
        self,
        document_id: int,
        sha256: str,
        member: str,
        base: int | None,
        head: Any,
        entry: OutboxEntry | None,
    ) -> None:
        from annotator.store.pg import remote

        server_version = head.version if head is not None else None
        if entry is None:
            if server_version == base:
                return
            if base is not None and (server_version is None or server_version < base):
                self.behind(document_id, sha256, member, server_version)
                return
            if server_version is not None:
                self.pull(document_id, sha256, member, None)
            return
        if self.writable(member) and sha256 not in self.pushable:
            self.unsendable += 1  # a document of its own here, not on the server (or not yours)
            return
        local = sync_local.read_unit(self.project, document_id, member)
        digest = unit_digest(local)
        if not self.writable(member):
            if server_version is not None and server_version != base:
                remote.record_conflict(
                    self.conn,
                    member=self.settings.member,
                    machine=self.settings.machine,
                    sha256=sha256,
                    server_version=server_version,
                    content=local,
                    resolution=f"not sent: {member}'s work is written by {member} only",
                )
                self.pull(document_id, sha256, member, entry.seq)
                self.report.notes.append(
                    f"{self._name(document_id)}: your changes to {member}'s work were replaced "
                    "by theirs (kept on the server in conflicts)"
                )
            return
        if self.settings.restored and head is not None and head.digest != digest:
            # a restored snapshot: its unit goes over the server's, which conflicts keeps
            remote.record_conflict(
                self.conn,
                member=member,
                machine=self.settings.machine,
                sha256=sha256,
                server_version=server_version,
                content=remote.read_unit(self.conn, sha256, member),
                resolution="replaced by a restored snapshot",
            )
            if self.push(document_id, sha256, member, local, digest, server_version, entry):
                return
        if server_version == base:
            if self.push(document_id, sha256, member, local, digest, base, entry):
                return
            head = remote.unit_heads(self.conn, [(sha256, member)]).get((sha256, member))
            server_version = head.version if head is not None else None
        # both changed
        if head is not None and head.digest == digest:
            sync_local.mark_synced(
                self.project, document_id, member, entry.seq, head.version, digest
            )
            self.report.adopted += 1
            return
        server = remote.read_unit(self.conn, sha256, member)
        if contains(local, server):
            if self.push(document_id, sha256, member, local, digest, server_version, entry):
                return
        elif contains(server, local) and head is not None:
            self.pull(document_id, sha256, member, entry.seq)
            return
        remote.record_conflict(
            self.conn,
            member=member,
            machine=self.settings.machine,
            sha256=sha256,
            server_version=server_version,
            content=local,
        )
        self.report.conflicts.append(
            SyncConflict(
                self._name(document_id),
                sha256,
                member,
                "changed here and on the server (another machine); yours is kept here and "
                "on the server in conflicts, not sent; settle it with --resolve DOC --keep "
                "mine|server",
            )
        )

    def behind(
        self, document_id: int, sha256: str, member: str, server_version: int | None
    ) -> None:
        """The server holds an older version of a unit than this machine synced (or none):
        it was restored from a backup. Send it what it lost."""
        if not self.writable(member) or sha256 not in self.pushable:
            return
        local = sync_local.read_unit(self.project, document_id, member)
        if self.push(document_id, sha256, member, local, unit_digest(local), server_version, None):
            self.report.restored_on_server += 1

    def push(
        self,
        document_id: int,
        sha256: str,
        member: str,
        local: UnitContent,
        digest: str,
        expected: int | None,
        entry: OutboxEntry | None,
    ) -> bool:
        from annotator.store.pg import remote

        pushed = remote.push_unit(
            self.conn,
            sha256,
            member,
            local,
            digest,
            expected=expected,
            machine=self.settings.machine,
        )
        if not pushed.ok or pushed.version is None:
            return False
        _hook("after_server_commit")
        sync_local.mark_synced(
            self.project, document_id, member, entry.seq if entry else None, pushed.version, digest
        )
        _hook("after_local_commit")
        self.report.pushed += 1
        return True

    def pull(self, document_id: int, sha256: str, member: str, seq: int | None) -> bool:
        """Replace the local unit by the server's, unless it changed here since its outbox
        `seq` was read (then it waits for the next sync); whether it was replaced."""
        from annotator.store.pg import remote

        head, content = remote.pull_unit(self.conn, sha256, member)
        if head is None:
            return False
        replaced = sync_local.replace_unit(
            self.project, document_id, member, content, head.version, head.digest, seq=seq
        )
        if replaced is None:
            return False
        self.report.pulled += 1
        self.report.pulled_units.append(UnitKey(document_id, member))
        return True

    def _name(self, document_id: int) -> str:
        return self.project.document(document_id).name


def _settings(project: Project) -> SyncSettings:
    found = sync_local.settings(project)
    if found is None:
        raise UsageError(
            f"{project.path}: not joined to a team server (the lead runs 'annotator team init', "
            "an annotator 'annotator team join')"
        )
    return found


def _connect(settings: SyncSettings, password: Any) -> Any:
    from annotator.store.pg import connect, server

    conn = connect.connect(settings.url, password=password, autocommit=True)
    try:
        with connect.server_errors(settings.url):
            team = server.require_team(conn)
            me = server.me(conn)
        if settings.project_uuid not in (None, team.project_uuid):
            raise UsageError(
                f"{connect.describe(settings.url)} holds another team project than this one "
                f"({team.project_uuid}, not {settings.project_uuid})"
            )
        if me is None or me.name != settings.member:
            who = me.name if me is not None else "no member"
            raise UsageError(
                f"{connect.describe(settings.url)}: this project is {settings.member}'s, but "
                f"the login connects as {who}"
            )
    except BaseException:
        conn.close()
        raise
    return conn


def sync_project(
    path: str | Path,
    *,
    password: str | Callable[[str], str | None] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    full: bool = False,
) -> SyncReport:
    """Push the project's local changes to its team server and pull what changed there.
    `password`: a password or a prompt (asked only when libpq finds none). `full`: compare
    every unit, not only what changed since the last sync (done by itself when the server
    is behind the last sync, e.g. restored from a backup: what it lost is sent again). Raises
    `pg.connect.ServerError` (a UsageError: unreachable, authentication, refused...) having
    changed nothing locally when the server cannot be reached; what was synced before an
    error stays synced."""
    from annotator.store.pg import connect, remote

    started = time.monotonic()
    report = SyncReport()
    with Project.open(path) as project:
        settings = _settings(project)
        conn = _connect(settings, password)
        try:
            if sync_local.missing_triggers(project.conn):  # changes here may have gone unseen
                sync_local.enable(
                    project,
                    url=settings.url,
                    member=settings.member,
                    role=settings.role,
                    all_dirty=True,
                )
                report.notes.append(
                    "the project's sync triggers were missing: made again, every unit compared"
                )
            with connect.server_errors(settings.url):
                with conn.transaction():
                    cursor = remote.snapshot_cursor(conn)
                work = _Sync(project, settings, conn, report, progress, cancel)
                if full or (settings.cursor and int(cursor) < int(settings.cursor)):
                    work.full, work.since = True, None
                    if not full:
                        report.notes.append(
                            "the server is behind this project's last sync (restored from a "
                            "backup?): every unit compared, what it lost sent again"
                        )
                work.schema()
                work.documents()
                work.rejections()
                work.units()
                if not report.cancelled:
                    sync_local.finish_sync(project, cursor)
                    if settings.restored:
                        sync_local.set_meta(project, {sync_local.RESTORED_KEY: None})
                    report.cursor = cursor
                else:
                    report.cursor = settings.cursor
        finally:
            conn.close()
        report.pending = sync_local.pending_count(project)
    report.seconds = time.monotonic() - started
    return report


# ------------------------------------------------------------------ resolve


@dataclass
class Resolved:
    """What `resolve` did on one document."""

    document: str
    units: list[str]  # the members whose units were settled
    keep: str
    snapshot: str | None = None  # the local snapshot taken before keeping the server's


def resolve(
    path: str | Path,
    document: str,
    keep: Keep,
    *,
    password: str | Callable[[str], str | None] | None = None,
) -> Resolved:
    """End the conflicts on `document` (name, sha256 or local id) of the units this project
    writes: `keep` 'mine' pushes the local unit over the server's (whose content is kept in
    `conflicts` first); 'server' takes the server's (a local snapshot is taken first)."""
    from annotator.store import backups
    from annotator.store.pg import connect, remote

    if keep not in ("mine", "server"):
        raise UsageError(f"--keep must be mine or server, not {keep!r}")
    with Project.open(path) as project:
        settings = _settings(project)
        document_id = _find_document(project, document)
        doc = project.document(document_id)
        members = [settings.member] + ([GOLD] if settings.role == LEAD else [])
        conn = _connect(settings, password)
        done = Resolved(doc.name, [], keep)
        try:
            with connect.server_errors(settings.url):
                work = _Sync(project, settings, conn, SyncReport(), None, None)
                snapshot_taken = False
                for member in members:
                    seq = sync_local.outbox_seq(project, document_id, member)
                    open_ = remote.open_conflicts(conn, [doc.sha256])
                    if not any(c.member == member for c in open_):
                        continue  # nothing in conflict (pending work is sent by a sync)
                    head = remote.unit_heads(conn, [(doc.sha256, member)]).get((doc.sha256, member))
                    if keep == "mine":
                        local = sync_local.read_unit(project, document_id, member)
                        if head is not None:
                            remote.record_conflict(
                                conn,
                                member=member,
                                machine=settings.machine,
                                sha256=doc.sha256,
                                server_version=head.version,
                                content=remote.read_unit(conn, doc.sha256, member),
                                resolution="server's side, overwritten by --keep mine",
                            )
                        entry = OutboxEntry(document_id, doc.sha256, member, seq or 0)
                        if not work.push(
                            document_id,
                            doc.sha256,
                            member,
                            local,
                            unit_digest(local),
                            head.version if head is not None else None,
                            entry if seq is not None else None,
                        ):
                            raise UsageError(
                                f"{doc.name}: the server changed again meanwhile; try again"
                            )
                    elif head is not None:
                        if not snapshot_taken:
                            shot = backups.take_snapshot(project, backups.BEFORE_RESOLVE)
                            done.snapshot = str(shot.path)
                            snapshot_taken = True
                        if not work.pull(document_id, doc.sha256, member, seq):
                            raise UsageError(f"{doc.name}: changed here meanwhile; try again")
                    else:  # nothing on the server to keep: the local unit stays pending
                        continue
                    remote.resolve_conflicts(
                        conn,
                        member=member,
                        sha256=doc.sha256,
                        machine=settings.machine,
                        resolution=keep,
                    )
                    done.units.append(member)
        finally:
            conn.close()
    if not done.units:
        raise NotFoundError(f"{document}: no conflict to resolve on this document")
    return done


def resolve_schema(
    path: str | Path,
    keep: Keep,
    *,
    password: str | Callable[[str], str | None] | None = None,
) -> Resolved:
    """End a label schema conflict (a lead's): `keep` 'mine' pushes the local schema over the
    server's (kept in the server's history); 'server' takes the server's (a local snapshot is
    taken first)."""
    from annotator.store import backups
    from annotator.store.pg import connect, remote

    if keep not in ("mine", "server"):
        raise UsageError(f"--keep must be mine or server, not {keep!r}")
    with Project.open(path) as project:
        settings = _settings(project)
        if settings.role != LEAD:
            raise UsageError("only a lead's label schema is sent to the server")
        conn = _connect(settings, password)
        done = Resolved("(label schema)", [settings.member], keep)
        try:
            with connect.server_errors(settings.url):
                server = remote.read_schema(conn)
                if server is None or server.version == settings.schema_version:
                    raise NotFoundError("no label schema conflict to resolve")
                if keep == "mine":
                    spec = project.label_schema()
                    pushed = remote.push_schema(
                        conn,
                        spec,
                        schema_digest(spec),
                        expected=server.version,
                        machine=settings.machine,
                        replaced=server.data,
                    )
                    if not pushed.ok or pushed.version is None:
                        raise UsageError("the server's label schema changed again; try again")
                    sync_local.schema_synced(project, pushed.version, settings.schema_dirty)
                else:
                    shot = backups.take_snapshot(project, backups.BEFORE_RESOLVE)
                    done.snapshot = str(shot.path)
                    sync_local.replace_label_schema(project, server.data, server.version)
        finally:
            conn.close()
    return done


def _find_document(project: Project, document: str) -> int:
    ids = sync_local.documents_matching(project, document)
    if len(ids) == 1:
        return ids[0]
    if ids:
        raise UsageError(f"{document}: several documents have that name; give its id or sha256")
    raise NotFoundError(f"no document {document!r} in {project.path}")
