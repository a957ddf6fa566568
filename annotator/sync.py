"""Team sync: push local changes to the team's PostgreSQL server and pull what changed there
(issue 18, docs/team.md). Qt-free; the CLI (`annotator sync`) and the GUI (Team > Sync now,
from a background thread) call `sync_project`.

A unit is one member's work on one document (`store.units.UnitContent`). For each unit
either side changed since the last sync, with b the version it was last synced at (None:
never), s the server's version (None: none there) and d whether it changed here:

- not d: s == b, nothing to do; else pull (the local unit becomes the server's).
- d and s == b: push, expecting b (the server compares under a row lock).
- d and s != b (both changed, or a push whose expectation failed): equal digests: adopt s.
  Else a three-way comparison (`merge`, the one rule) against the base, the unit as it was
  last synced (kept here with b): per item (an annotation, relation or note by uuid, a
  document label by name, a curation decision by proposal) an item changed on one side only
  takes that side (a deletion is a change), one changed identically on both is fine, one
  changed differently on both is a conflict; the status likewise (changed differently on
  both: `rules.furthest_along`, said in the report); editing seconds: the larger. The merged
  unit is pushed (expecting s) when it differs from the server's and replaces the local one
  when it differs from it. A conflict: the local unit is kept, not pushed, its content kept
  on the server (`conflicts`), the report lists it, it stays pending until `resolve` (the
  merge with only the conflicting items from the side kept: mine pushes it, the server's
  content kept in `conflicts` and the conflict closed in the same server transaction; keep
  the server's: a local snapshot first).
- No base to trust (none here: a recovered project; a full sync: `--full`, the server seen
  behind, its restore epoch changed): `merge`'s union, what one side only holds is kept and
  counted, never deleted; an item held differently is a conflict.

Only the member's own units (and gold, for a lead: `sync_local.sent_by`) are pushed; others'
units are only pulled (a local change to them is held here; when their writer changes them
too, it is kept in `conflicts`, then replaced by theirs). Units that become readable
without being written (a document newly assigned, blind annotation turned off) are pulled
whatever the cursor.

Safe to kill at any moment: a push's content is kept here before it is sent
(`sync_local.record_sent`) and the base written after the server's commit, so a kill in
between leaves the server holding what was sent (found by its digest in the server's
history even when another machine pushed on top since), which the next sync takes as the base;
uuids are keys on both sides (nothing doubled) and the outbox row stays until the local
commit (nothing lost). The pull cursor advances only after a complete sync.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from annotator.errors import NotFoundError, UsageError
from annotator.model import DocRecord
from annotator.rules import GOLD, LEAD, furthest_along
from annotator.store import sync_local
from annotator.store.project import Project
from annotator.store.sync_local import OutboxEntry, SyncSettings, UnitBase, UnitKey
from annotator.store.units import UnitContent, UnitDocLabel, json_digest
from annotator.store.units import unit_digest as unit_digest

if TYPE_CHECKING:
    from annotator.store.pg.remote import UnitHead

Progress = Callable[[str, int, int], None]
"""Called with (what, done, total) as a sync goes on (what: 'documents', 'units')."""

Cancel = Callable[[], bool]
"""Asked between units; True stops the sync (what was done stays done)."""

Keep = Literal["mine", "server"]


# ------------------------------------------------------------------ digests


def schema_digest(spec: dict[str, Any]) -> str:
    """The digest of a label schema (`Project.label_schema()`)."""
    return json_digest(spec)


# ------------------------------------------------------------------ the reasons


class Reason(StrEnum):
    """The kinds of reason a sync gives in its conflicts and notes, a closed set: each is
    worded in English here (`describe`, the CLI's) and in the interface's language by the GUI
    (`gui.sync_report.reason_text`). The values a kind names are `SyncReason`'s fields
    (`REASON_VALUES`)."""

    # conflicts
    UNIT_CONFLICT = "unit_conflict"  # items changed differently here and on the server
    SCHEMA_CONFLICT = "schema_conflict"  # a lead's label schema changed on both sides
    # notes
    LABELS_KEPT = "labels_kept"  # labels the server's schema lacks, kept (annotations use them)
    STATUS_SETTLED = "status_settled"  # a status set differently on both sides: furthest along
    ONE_SIDED_KEPT = "one_sided_kept"  # no base: items one side only holds kept on both
    NOTES_DETACHED = "notes_detached"  # notes on spans a pull removed: document notes now
    DECISIONS_DROPPED = "decisions_dropped"  # curation decisions on proposals a pull removed
    ITEMS_LEFT_OUT = "items_left_out"  # notes or decisions on spans not held here
    NOT_ON_SERVER = "not_on_server"  # own units of documents the server does not hold for us
    MEMBERS_UNKNOWN = "members_unknown"  # units of members the server lacks, held here
    OTHERS_HELD = "others_held"  # changes here to others' work, held here
    OTHERS_REPLACED = "others_replaced"  # changes here to someone's work replaced by theirs
    COPY_REPLACED = "copy_replaced"  # a never-synced copy of someone's work replaced by theirs
    TRIGGERS_REMADE = "triggers_remade"  # the sync triggers were missing: made again
    ROLE_CHANGED = "role_changed"  # the member's role on the server changed
    SERVER_RESTORED = "server_restored"  # the server's restore epoch changed: compared in full
    SERVER_BEHIND = "server_behind"  # the server behind the last sync: compared in full


class ItemKind(StrEnum):
    """The kinds of item a unit holds (what `merge` compares one by one)."""

    ANNOTATION = "annotation"
    RELATION = "relation"
    NOTE = "note"
    DOC_LABEL = "document label"
    DECISION = "decision"


class ConflictItem(NamedTuple):
    """An item both sides changed differently: its kind and key (a uuid; a document label's
    name; a curation decision's proposal), `on_deleted_span` when it is a relation or note
    left pointing at a span the other side deleted."""

    kind: ItemKind
    key: str
    on_deleted_span: bool = False


class SyncReason(NamedTuple):
    """One reason a sync gives (a conflict's, or a note): its kind and the values its wording
    names; the fields a kind does not name stay empty."""

    kind: Reason
    document: str = ""  # the document's name
    member: str = ""  # whose unit
    number: int = 0
    names: tuple[str, ...] = ()  # labels (LABELS_KEPT) or members
    items: tuple[ConflictItem, ...] = ()  # UNIT_CONFLICT's items
    here: str = ""  # STATUS_SETTLED: the status set here
    there: str = ""  # STATUS_SETTLED: the status set on the server
    kept: str = ""  # STATUS_SETTLED: the status kept
    role: str = ""  # ROLE_CHANGED: the role now
    was: str = ""  # ROLE_CHANGED: the role before


_ENGLISH: dict[Reason, str] = {
    Reason.UNIT_CONFLICT: "changed here and on the server (another machine): {items}; yours is "
    "kept here and on the server in conflicts, not sent; settle it with --resolve DOC "
    "--keep mine|server",
    Reason.SCHEMA_CONFLICT: "the label schema was changed here and on the server; yours was "
    "not sent (kept in the server's history); settle it with --resolve-schema "
    "--keep mine|server",
    Reason.LABELS_KEPT: "labels kept though the server's schema lacks them (annotations use "
    "them): {names}",
    Reason.STATUS_SETTLED: "{document} ({member}): status set to '{here}' here and '{there}' "
    "on the server: '{kept}' kept (the furthest along)",
    Reason.ONE_SIDED_KEPT: "{document} ({member}): {number} item(s) held on one side only kept "
    "on both (no base to tell an addition from a deletion: delete again what should not be "
    "there)",
    Reason.NOTES_DETACHED: "{number} note(s) on spans their annotator removed are document "
    "notes now, saying which span they were on (sent with your next sync)",
    Reason.DECISIONS_DROPPED: "{number} curation decision(s) on proposals their annotator "
    "removed went with them (the gold spans stay)",
    Reason.ITEMS_LEFT_OUT: "{number} note(s) or decision(s) on spans this project does not hold "
    "were left out here (the server keeps them)",
    Reason.NOT_ON_SERVER: "{number} unit(s) of documents the server does not hold for you "
    "(added here, or not assigned to you) stay here, not sent",
    Reason.MEMBERS_UNKNOWN: "{number} unit(s) of {names}, whose work the server lacks (merged "
    "from a mailed copy?), stay here only: a unit is sent by its member alone; a lead adds "
    "them (annotator team add-member) and they merge their copy into their joined project, "
    "or it stays in this project",
    Reason.OTHERS_HELD: "your changes to the work of {names} stay here, not sent (replaced by "
    "theirs when they change it; yours kept on the server then)",
    Reason.OTHERS_REPLACED: "{document}: your changes to {member}'s work were replaced by "
    "theirs (kept on the server in conflicts)",
    Reason.COPY_REPLACED: "{document}: this project's copy of {member}'s work (never synced "
    "here: recovered?) differed from theirs: theirs taken, this one kept on the server in "
    "conflicts",
    Reason.TRIGGERS_REMADE: "the project's sync triggers were missing: made again, every unit "
    "compared",
    Reason.ROLE_CHANGED: "your role on the team server is now {role} (was {was})",
    Reason.SERVER_RESTORED: "the server was restored from a backup since the last sync: every "
    "unit compared, nothing deleted (what only one side holds is kept)",
    Reason.SERVER_BEHIND: "the server is behind this project's last sync (restored from a "
    "backup?): every unit compared, what it lost sent again",
}

SHOWN_ITEMS = 3
"""How many of a conflict's items its wording names (the rest counted)."""


def reason_values(wording: str) -> set[str]:
    """The fields of `SyncReason` a wording (`describe`'s or the GUI's) names."""
    return {name for _, name, _, _ in Formatter().parse(wording) if name}


REASON_VALUES: dict[Reason, frozenset[str]] = {
    kind: frozenset(reason_values(wording)) for kind, wording in _ENGLISH.items()
}
"""The values each kind of reason names (its wordings name these, no other)."""


def shown_items(reason: SyncReason) -> tuple[tuple[ConflictItem, ...], int]:
    """The items a wording of `reason` names (the first `SHOWN_ITEMS`), and how many more it
    counts only (`describe`, and the GUI's `reason_text`)."""
    return reason.items[:SHOWN_ITEMS], max(0, len(reason.items) - SHOWN_ITEMS)


def describe(reason: SyncReason) -> str:
    """A reason in English (the one wording of the CLI, `annotator sync` and its --json)."""
    named, more = shown_items(reason)
    shown = ", ".join(
        f"{item.kind} {item.key}" + (" (on a deleted span)" if item.on_deleted_span else "")
        for item in named
    )
    if more:
        shown += f" and {more} more"
    values = reason._asdict()
    values.update(items=shown, names=", ".join(reason.names))
    return _ENGLISH[reason.kind].format(**values)


# ------------------------------------------------------------------ the report


@dataclass(frozen=True)
class SyncConflict:
    """A unit whose same item both sides changed differently: kept here, not pushed."""

    document: str  # the document's name ("(label schema)": the schema's, sha256 "")
    sha256: str
    member: str
    reason: SyncReason

    @property
    def why(self) -> str:
        """The reason in English (`describe`)."""
        return describe(self.reason)


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
    held: int = 0  # units changed here that this project does not send (see the notes)
    cursor: str | None = None
    seconds: float = 0.0
    cancelled: bool = False
    notes: list[SyncReason] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as `annotator sync --json` prints it: the reasons in English (`why`,
        `notes`), each with its kind (`kind`, `note_kinds`)."""
        out = asdict(self)
        out["conflicts"] = [
            {
                "document": c.document,
                "sha256": c.sha256,
                "member": c.member,
                "why": c.why,
                "kind": c.reason.kind.value,
            }
            for c in self.conflicts
        ]
        out["notes"] = [describe(note) for note in self.notes]
        out["note_kinds"] = [note.kind.value for note in self.notes]
        return out

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
        out += [describe(note) for note in self.notes]
        if self.held:
            out.append(f"held here, not sent: {self.held} unit(s)")
        if self.cancelled:
            out.append("cancelled: the rest waits for the next sync")
        out.append(f"pending: {self.pending} unit(s); took {self.seconds:.1f} s")
        return out


# ------------------------------------------------------------------ the rule


class Merged(NamedTuple):
    """What `merge` made of a unit's two sides: the merged content, the items both sides
    changed differently (none: no conflict), and what the merge settled by rule that the
    report should say (a status set on both sides)."""

    content: UnitContent
    conflicts: tuple[ConflictItem, ...]
    notes: tuple[SyncReason, ...] = ()  # of the unit (the caller names its document, member)


_CONFLICT: Any = object()


def _settle(base: Any, local: Any, server: Any) -> Any:
    """One item's three-way rule (None: absent): the side that changed it, else _CONFLICT.
    A document label is compared by its value (its time stamp says when, not what): set
    alike on both sides, the later one."""
    if isinstance(local, UnitDocLabel) or isinstance(server, UnitDocLabel):
        b, mine, theirs = (_value(item) for item in (base, local, server))
        if mine == theirs:
            return max(local, server, key=lambda d: d.updated_at) if local and server else local
        if theirs == b:
            return local
        if mine == b:
            return server
        return _CONFLICT
    if local == server or server == base:
        return local
    if local == base:
        return server
    return _CONFLICT


def _value(label: UnitDocLabel | None) -> Any:
    return None if label is None else (label.name, label.value)


def _items(content: UnitContent) -> dict[tuple[ItemKind, str], Any]:
    items: dict[tuple[ItemKind, str], Any] = {}
    for a in content.annotations:
        items[ItemKind.ANNOTATION, a.uuid] = a
    for r in content.relations:
        items[ItemKind.RELATION, r.uuid] = r
    for n in content.notes:
        items[ItemKind.NOTE, n.uuid] = n
    for d in content.doc_labels:
        items[ItemKind.DOC_LABEL, d.name] = d
    for c in content.curation:
        items[ItemKind.DECISION, c.annotation_uuid] = c
    return items


def merge(
    base: UnitContent,
    local: UnitContent,
    server: UnitContent,
    *,
    prefer: str | None = None,
    union: bool = False,
) -> Merged:
    """The three-way rule of sync (the one place): each item (annotation, relation, note by
    uuid; document label by name; curation decision by proposal) changed on one side only
    since `base` takes that side (a deletion is a change); changed identically on both is
    fine; changed differently on both is a conflict (the local item is kept in the content,
    or with `prefer` 'mine'/'server', a resolution, that side's). The status likewise, but
    changed differently on both it is the furthest along (as `team.merge` keeps); editing
    seconds: the larger. A relation or note left pointing at a span the other side deleted
    is a conflict too (resolved: 'mine' keeps the span, 'server' drops what points at it).

    `union`: `base` is not to be trusted for what is missing (none: a recovered project; an
    older one: a server restored from a dump): an item one side holds and the other lacks
    cannot be told an addition there from a deletion here, so it is kept, never deleted, and
    counted in the notes; an item both sides hold differently is a conflict."""
    b, mine, theirs = _items(base), _items(local), _items(server)
    kept: dict[tuple[ItemKind, str], Any] = {}
    conflicts: list[ConflictItem] = []
    one_sided = 0
    for key in sorted(b.keys() | mine.keys() | theirs.keys()):
        if union and (key in mine) != (key in theirs):
            kept[key] = mine[key] if key in mine else theirs[key]
            one_sided += 1
            continue
        # a base not trusted says nothing of which side changed an item
        item = _settle(None if union else b.get(key), mine.get(key), theirs.get(key))
        if item is _CONFLICT:
            conflicts.append(ConflictItem(*key))
            item = theirs.get(key) if prefer == "server" else mine.get(key)
        if item is not None:
            kept[key] = item
    spans = {uuid for kind, uuid in kept if kind == ItemKind.ANNOTATION}
    dropped = {
        uuid for kind, uuid in mine.keys() | theirs.keys() if kind == ItemKind.ANNOTATION
    } - spans
    for (kind, uuid), item in list(kept.items()):
        points: tuple[str | None, ...] = ()
        if kind == ItemKind.RELATION:
            points = (item.head, item.tail)
        elif kind == ItemKind.NOTE:
            points = (item.annotation_uuid,)
        if dropped.intersection(points):
            conflicts.append(ConflictItem(kind, uuid, on_deleted_span=True))
            if prefer == "server":
                del kept[kind, uuid]
            elif prefer == "mine":
                for span in dropped.intersection(points):
                    if (ItemKind.ANNOTATION, span) in mine:
                        kept[ItemKind.ANNOTATION, span] = mine[ItemKind.ANNOTATION, span]
                    else:
                        del kept[kind, uuid]
                        break
    notes: list[SyncReason] = []
    status = _settle(base.status, local.status, server.status)
    if status is _CONFLICT:
        status = furthest_along(local.status, server.status)
        notes.append(
            SyncReason(Reason.STATUS_SETTLED, here=local.status, there=server.status, kept=status)
        )

    def of(kind: ItemKind) -> tuple:
        return tuple(item for (k, _), item in sorted(kept.items()) if k == kind)

    content = UnitContent(
        status=status,
        seconds=max(local.seconds, server.seconds),
        annotations=of(ItemKind.ANNOTATION),
        relations=of(ItemKind.RELATION),
        notes=of(ItemKind.NOTE),
        doc_labels=of(ItemKind.DOC_LABEL),
        curation=of(ItemKind.DECISION),
    ).sorted()
    if one_sided:
        notes.append(SyncReason(Reason.ONE_SIDED_KEPT, number=one_sided))
    return Merged(content, tuple(conflicts), tuple(notes))


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
        self.sends = sync_local.sent_by(settings)
        self.pushable: set[str] = set()  # documents whose units this login may push
        self.full = False  # compare every unit (the server went back, or asked for)
        self.since = settings.cursor  # what the pulls read from (None: everything)
        self.units_since = settings.cursor  # the same for units (None: blind changed)
        self.fresh: list[str] = []  # documents added or newly assigned since the cursor
        self.unsendable = 0  # own units of documents the server does not hold for us
        self.held: dict[str, list[UnitKey]] = {}  # why -> others' units changed, not sent
        self.incomplete: list[tuple[int, str, int, UnitContent]] = []  # pulled, items left out
        self.detached_notes = 0  # others' notes on spans pulls removed (now document notes)
        self.dropped_decisions = 0  # gold's decisions on proposals pulls removed

    def writable(self, member: str) -> bool:
        return member in self.sends

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
                        SyncReason(Reason.SCHEMA_CONFLICT),
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
                    self.report.notes.append(SyncReason(Reason.LABELS_KEPT, names=tuple(kept)))
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
        self.fresh = [doc.sha256 for doc in wanted]
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

        changed = {
            (h.sha256, h.member): h for h in remote.changed_units(self.conn, self.units_since)
        }
        if self.units_since is not None:  # readable now, whenever written: pulled too
            changed.update(
                {(h.sha256, h.member): h for h in remote.units_on(self.conn, self.fresh)}
            )
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
            self.unit(
                document_id,
                sha256,
                member,
                bases.get(UnitKey(document_id, member)),
                heads.get(key),
                waiting.get(key),
            )
        if self.progress is not None:
            self.progress("units", len(keys), len(keys))
        self.complete_pulls()
        self.say_held()
        if self.detached_notes:
            self.report.notes.append(SyncReason(Reason.NOTES_DETACHED, number=self.detached_notes))
        if self.dropped_decisions:
            self.report.notes.append(
                SyncReason(Reason.DECISIONS_DROPPED, number=self.dropped_decisions)
            )

    def replaced(self, replaced: sync_local.Replaced | None) -> sync_local.Replaced | None:
        """Count what a pull's `replace_unit` kept or let go of that other units held."""
        if replaced is not None:
            self.detached_notes += replaced.detached_notes
            self.dropped_decisions += replaced.dropped_decisions
        return replaced

    def complete_pulls(self) -> None:
        """Pull again the units stored without items pointing at spans of units pulled after
        them (a lead's note on an annotator's span); what is still left out is said."""
        left = 0
        for document_id, member, version, content in self.incomplete:
            again = sync_local.replace_unit(self.project, document_id, member, content, version)
            if again is not None:
                left += again.skipped_notes + again.skipped_decisions
        if left:
            self.report.notes.append(SyncReason(Reason.ITEMS_LEFT_OUT, number=left))

    def say_held(self) -> None:
        """Units changed here that are not sent: counted at every sync, explained once (until
        they change)."""
        held = sorted((why, key) for why, keys in self.held.items() for key in keys)
        self.report.held = self.unsendable + len(held)
        if not self.unsendable and not held:
            if self.settings.held is not None:
                sync_local.set_meta(self.project, {sync_local.HELD_KEY: None})
            return
        seen = json_digest([self.unsendable, [[why, list(key)] for why, key in held]])
        if seen == self.settings.held:
            return
        sync_local.set_meta(self.project, {sync_local.HELD_KEY: seen})
        if self.unsendable:
            self.report.notes.append(SyncReason(Reason.NOT_ON_SERVER, number=self.unsendable))
        missing = sorted({key.annotator for key in self.held.get("missing", [])})
        if missing:
            self.report.notes.append(
                SyncReason(
                    Reason.MEMBERS_UNKNOWN,
                    number=len(self.held["missing"]),
                    names=tuple(missing),
                )
            )
        changed = sorted({key.annotator for key in self.held.get("changed", [])})
        if changed:
            self.report.notes.append(SyncReason(Reason.OTHERS_HELD, names=tuple(changed)))

    def unit(
        self,
        document_id: int,
        sha256: str,
        member: str,
        base: UnitBase | None,
        head: UnitHead | None,
        entry: OutboxEntry | None,
    ) -> None:
        from annotator.store.pg import remote

        server_version = head.version if head is not None else None
        base_version = base.version if base is not None else None
        if entry is None:
            if server_version == base_version:
                return
            if base_version is not None and (
                server_version is None or server_version < base_version
            ):
                self.behind(document_id, sha256, member, server_version)
                return
            if self.full and self.writable(member) and sha256 in self.pushable:
                # the server's may be older than it says (restored, its versions moved on):
                # nothing this machine holds is taken away by it
                local = sync_local.read_unit(self.project, document_id, member)
                self.settle(document_id, sha256, member, local, None)
                return
            if server_version is not None:
                self.pull(document_id, sha256, member, None)
            return
        if self.writable(member) and sha256 not in self.pushable:
            self.unsendable += 1  # a document of its own here, not on the server (or not yours)
            return
        synced_at = base_version
        in_flight = sync_local.sent(self.project, document_id, member)
        accepted = self.accepted(sha256, member, in_flight, head)
        if in_flight is not None and accepted is not None and accepted > (base_version or 0):
            # killed after the server's commit of a push (whatever was pushed on top of it
            # since): the local unit it was made from is the base now, at the version the
            # server took it (the server's, when it was the local unit as it was)
            sync_local.mark_synced(
                self.project, document_id, member, None, accepted, in_flight.content
            )
            base = UnitBase(accepted, unit_digest(in_flight.content))
            base_version = accepted
        local = sync_local.read_unit(self.project, document_id, member)
        digest = unit_digest(local)
        if head is not None and head.digest == digest:  # equal on both sides
            sync_local.mark_synced(
                self.project, document_id, member, entry.seq, head.version, local
            )
            if server_version != synced_at:
                self.report.adopted += 1
            return
        if not self.writable(member):
            self.others(document_id, sha256, member, base, head, entry, local)
            return
        if self.settings.restored and head is not None:
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
            if self.push(document_id, sha256, member, local, server_version, entry):
                return
        if server_version == base_version and (
            base is None or (head is not None and head.digest == base.digest)
        ):
            # the server holds the base: only this side changed
            if self.push(document_id, sha256, member, local, base_version, entry):
                return
        self.settle(document_id, sha256, member, local, entry.seq)

    def settle(
        self,
        document_id: int,
        sha256: str,
        member: str,
        local: UnitContent,
        seq: int | None,
    ) -> None:
        """Both sides changed the unit: `merge` against the base; push and replace here
        what the merged unit changes, or keep a conflict. Without a base to trust (none
        here, or a full sync: the server may have been restored from an older dump), items
        one side lacks are kept (`merge`'s union)."""
        from annotator.store.pg import remote

        head, server = remote.pull_unit(self.conn, sha256, member)
        server_version = head.version if head is not None else None
        digest = unit_digest(local)
        held = unit_digest(server)  # what the server holds (its recorded digest may be older)
        if head is not None and held == digest:
            sync_local.mark_synced(self.project, document_id, member, seq, head.version, local)
            self.report.adopted += 1
            return
        base = self.base_of(document_id, member, head)
        merged = merge(base or UnitContent(), local, server, union=self.full or base is None)
        if merged.conflicts:
            self.conflict(document_id, sha256, member, server_version, local, merged.conflicts)
            if seq is None:  # kept here: pending until settled
                sync_local.mark_dirty(self.project, document_id, member)
            return
        name = self._name(document_id)
        self.report.notes += [n._replace(document=name, member=member) for n in merged.notes]
        content = merged.content
        version = server_version
        if head is None or unit_digest(content) != held:
            version = self.send(document_id, sha256, member, content, server_version, base=local)
            if version is None:
                return  # the server changed again meanwhile: the next sync settles it
        assert version is not None
        if unit_digest(content) == digest:
            sync_local.mark_synced(self.project, document_id, member, seq, version, local)
        else:
            replaced = self.replaced(
                sync_local.replace_unit(
                    self.project, document_id, member, content, version, seq=seq
                )
            )
            if replaced is not None:  # else changed here meanwhile: the next sync settles it
                self.report.pulled += 1
                self.report.pulled_units.append(UnitKey(document_id, member))
        _hook("after_local_commit")

    def accepted(
        self, sha256: str, member: str, in_flight: sync_local.SentUnit | None, head: UnitHead | None
    ) -> int | None:
        """The version at which the server took the push `in_flight` (None: it did not)."""
        from annotator.store.pg import remote

        if in_flight is None or head is None:
            return None
        if in_flight.digest == head.digest:
            return int(head.version)
        return remote.accepted_push(
            self.conn, sha256, member, self.settings.machine, in_flight.digest
        )

    def base_of(self, document_id: int, member: str, head: UnitHead | None) -> UnitContent | None:
        """The base of the three-way comparison: the local unit a push the server holds was
        made from (a sync killed after the server's commit), else the unit as last synced
        (None: never synced here)."""
        in_flight = sync_local.sent(self.project, document_id, member)
        if in_flight is not None and head is not None and in_flight.digest == head.digest:
            return in_flight.content
        return sync_local.base_content(self.project, document_id, member)

    def conflict(
        self,
        document_id: int,
        sha256: str,
        member: str,
        server_version: int | None,
        local: UnitContent,
        items: tuple[ConflictItem, ...],
    ) -> None:
        from annotator.store.pg import remote

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
                SyncReason(Reason.UNIT_CONFLICT, items=items),
            )
        )

    def others(
        self,
        document_id: int,
        sha256: str,
        member: str,
        base: UnitBase | None,
        head: UnitHead | None,
        entry: OutboxEntry,
        local: UnitContent,
    ) -> None:
        """A unit this project does not send (someone else's), changed here and not equal to
        the server's: settled quietly when the server's holds every change made here (a
        restore, a recover), else held here; a change here that their writer's change
        replaces is kept in `conflicts` first."""
        from annotator.store.pg import remote

        if head is None:
            self.held.setdefault("missing", []).append(UnitKey(document_id, member))
            return
        if base is not None and head.version == base.version:
            if base.digest == unit_digest(local):  # changed and changed back
                sync_local.mark_synced(
                    self.project, document_id, member, entry.seq, base.version, local
                )
            else:
                self.held.setdefault("changed", []).append(UnitKey(document_id, member))
            return
        _, server = remote.pull_unit(self.conn, sha256, member)
        mine = sync_local.base_content(self.project, document_id, member)
        if unit_digest(merge(mine or UnitContent(), local, server).content) != unit_digest(server):
            remote.record_conflict(
                self.conn,
                member=self.settings.member,
                machine=self.settings.machine,
                sha256=sha256,
                server_version=head.version,
                content=local,
                resolution=f"not sent: {member}'s work is written by {member} only",
            )
            self.report.notes.append(
                SyncReason(
                    Reason.OTHERS_REPLACED if mine is not None else Reason.COPY_REPLACED,
                    document=self._name(document_id),
                    member=member,
                )
            )
        self.pull(document_id, sha256, member, entry.seq)

    def behind(
        self, document_id: int, sha256: str, member: str, server_version: int | None
    ) -> None:
        """The server holds an older version of a unit than this machine synced (or none):
        it was restored from a backup. Send it what it lost."""
        if not self.writable(member) or sha256 not in self.pushable:
            return
        local = sync_local.read_unit(self.project, document_id, member)
        if server_version is not None:  # what it holds (another machine's since?) kept too
            pushed = self.report.pushed
            self.settle(document_id, sha256, member, local, None)
            self.report.restored_on_server += self.report.pushed - pushed
            return
        if self.push(document_id, sha256, member, local, server_version, None):
            self.report.restored_on_server += 1

    def send(
        self,
        document_id: int,
        sha256: str,
        member: str,
        content: UnitContent,
        expected: int | None,
        resolution: str | None = None,
        *,
        base: UnitContent | None = None,
    ) -> int | None:
        """Push `content` expecting the server's version `expected`, recorded here first as
        in flight with `base`, the local unit it was made from (default: `content`;
        `sync_local.record_sent`); the new version, None when refused."""
        from annotator.store.pg import remote

        digest = unit_digest(content)
        sync_local.record_sent(
            self.project, document_id, member, digest, content if base is None else base
        )
        _hook("before_push")
        pushed = remote.push_unit(
            self.conn,
            sha256,
            member,
            content,
            digest,
            expected=expected,
            machine=self.settings.machine,
            resolution=resolution,
        )
        if not pushed.ok or pushed.version is None:
            return None
        _hook("after_server_commit")
        self.report.pushed += 1
        return pushed.version

    def push(
        self,
        document_id: int,
        sha256: str,
        member: str,
        local: UnitContent,
        expected: int | None,
        entry: OutboxEntry | None,
        resolution: str | None = None,
    ) -> bool:
        """Send the local unit and record it as synced; whether the server took it."""
        version = self.send(document_id, sha256, member, local, expected, resolution)
        if version is None:
            return False
        sync_local.mark_synced(
            self.project, document_id, member, entry.seq if entry else None, version, local
        )
        _hook("after_local_commit")
        return True

    def pull(self, document_id: int, sha256: str, member: str, seq: int | None) -> bool:
        """Replace the local unit by the server's, unless it changed here since its outbox
        `seq` was read (then it waits for the next sync); whether it was replaced."""
        from annotator.store.pg import remote

        head, content = remote.pull_unit(self.conn, sha256, member)
        if head is None:
            return False
        replaced = self.replaced(
            sync_local.replace_unit(
                self.project, document_id, member, content, head.version, seq=seq
            )
        )
        if replaced is None:
            return False
        if not replaced.complete and seq is None:
            self.incomplete.append((document_id, member, head.version, content))
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
    return _connect_team(settings, password)[0]


def _connect_team(settings: SyncSettings, password: Any) -> tuple[Any, Any, str]:
    """A connection to the project's server as its member, the server's team state and the
    member's role there now (the lead may have changed it since this project last synced)."""
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
    return conn, team, me.role


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
        conn, team, role = _connect_team(settings, password)
        was = settings.role
        settings = settings._replace(role=role)  # the server's say, whatever this file holds
        try:
            if sync_local.missing_triggers(project.conn):  # changes here may have gone unseen
                sync_local.enable(
                    project,
                    url=settings.url,
                    member=settings.member,
                    role=settings.role,
                    all_dirty=True,
                )
                report.notes.append(SyncReason(Reason.TRIGGERS_REMADE))
            with connect.server_errors(settings.url):
                with conn.transaction():
                    cursor = remote.snapshot_cursor(conn)
                work = _Sync(project, settings, conn, report, progress, cancel)
                blind = "1" if team.blind else "0"
                if settings.blind not in (None, blind):  # others' units readable now, or not
                    work.units_since = None
                if role != was:  # others' units readable now (or not), gold sent (or not)
                    work.units_since = None
                    report.notes.append(SyncReason(Reason.ROLE_CHANGED, role=role, was=was))
                epoch = remote.server_epoch(conn)
                if epoch != settings.epoch and settings.last_sync is not None:
                    full = True  # restored from a dump: no base here is to be trusted
                    report.notes.append(SyncReason(Reason.SERVER_RESTORED))
                if full or (settings.cursor and int(cursor) < int(settings.cursor)):
                    work.full, work.since, work.units_since = True, None, None
                    if not full:
                        report.notes.append(SyncReason(Reason.SERVER_BEHIND))
                work.schema()
                work.documents()
                work.rejections()
                work.units()
                if not report.cancelled:
                    sync_local.finish_sync(project, cursor)
                    if settings.blind != blind:
                        sync_local.set_meta(project, {sync_local.BLIND_KEY: blind})
                    if role != was:
                        sync_local.set_meta(project, {sync_local.ROLE_KEY: role})
                    if epoch != settings.epoch:
                        sync_local.set_meta(project, {sync_local.EPOCH_KEY: epoch})
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
    writes: the unit becomes `merge`'s result, both sides' items that do not conflict kept,
    the conflicting ones from the side `keep` names: 'mine' (the server's content is kept in
    `conflicts` first) or 'server' (a local snapshot is taken first). The push that ends
    the conflict closes it in the same server transaction."""
    from annotator.store import backups
    from annotator.store.pg import connect, remote

    if keep not in ("mine", "server"):
        raise UsageError(f"--keep must be mine or server, not {keep!r}")
    with Project.open(path) as project:
        settings = _settings(project)
        document_id = _find_document(project, document)
        doc = project.document(document_id)
        members = list(sync_local.sent_by(settings))
        conn = _connect(settings, password)
        done = Resolved(doc.name, [], keep)
        try:
            with connect.server_errors(settings.url):
                work = _Sync(project, settings, conn, SyncReport(), None, None)
                snapshot_taken = False
                # resolving one member's conflict closes only that member's rows
                in_conflict = {c.member for c in remote.open_conflicts(conn, [doc.sha256])}
                for member in members:
                    seq = sync_local.outbox_seq(project, document_id, member)
                    if member not in in_conflict:
                        continue  # nothing in conflict (pending work is sent by a sync)
                    head, server = remote.pull_unit(conn, doc.sha256, member)
                    local = sync_local.read_unit(project, document_id, member)
                    if head is None:
                        if keep == "server":  # nothing on the server to keep: stays pending
                            continue
                        merged, expected = local, None
                    else:
                        # the merged unit, the conflicting items from the side kept
                        base = work.base_of(document_id, member, head)
                        merged = merge(
                            base or UnitContent(), local, server, prefer=keep, union=base is None
                        ).content
                        expected = head.version
                    if keep == "server" and not snapshot_taken:
                        shot = backups.take_snapshot(project, backups.BEFORE_RESOLVE)
                        done.snapshot = str(shot.path)
                        snapshot_taken = True
                    if head is not None and unit_digest(merged) == head.digest:
                        # the server's is the result: the conflict closed first, then pulled
                        remote.resolve_conflicts(
                            conn,
                            member=member,
                            sha256=doc.sha256,
                            machine=settings.machine,
                            resolution=keep,
                        )
                        version: int | None = head.version
                    else:
                        # the push, the server's side kept and the conflict closed: one
                        # server transaction
                        version = work.send(
                            document_id,
                            doc.sha256,
                            member,
                            merged,
                            expected,
                            resolution=keep,
                            base=local,
                        )
                    if version is None:
                        raise UsageError(
                            f"{doc.name}: the server changed again meanwhile; try again"
                        )
                    if unit_digest(merged) == unit_digest(local):
                        sync_local.mark_synced(project, document_id, member, seq, version, local)
                    elif (
                        sync_local.replace_unit(
                            project, document_id, member, merged, version, seq=seq
                        )
                        is None
                    ):
                        raise UsageError(f"{doc.name}: changed here meanwhile; try again")
                    _hook("after_local_commit")
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
