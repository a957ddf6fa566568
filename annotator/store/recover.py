"""`annotator recover`: every readable row of a damaged project, saved into a new one (no Qt).

`recover` reads the damaged file past the pages SQLite cannot read (`salvage.TableReader`) and
copies every readable label, relation type, annotator, document, annotation (with the
`suggested_by` of an accepted suggestion), relation, status, curation decision, note, rejected
suggestion, gazetteer entry, history entry and meta entry into a new project made by
`Project.create`, keeping ids, uuids and offsets. Pending suggestions are not saved: they are
machine output, which `annotator suggest` computes again (the report says how many). A row that
no longer holds together is left out and named: an annotation whose document was lost or whose
text snapshot no longer matches the document's text, a relation that lost a span or no longer
fits its type. The report says what was saved and what was lost, kind by kind.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.errors import SchemaError
from annotator.model import DocRecord
from annotator.rules import (
    ANNOTATOR_ROLE,
    IN_PROGRESS,
    ROLES,
    STATUSES,
    RelationType,
    doc_attribute_definition,
    doc_label_value,
    relation_problem,
    span_problem,
    tokenization_problem,
)
from annotator.store import sync_local
from annotator.store.project import Project, ProjectError, now, prepare_document, sha256_text
from annotator.store.rows import to_json
from annotator.store.salvage import (
    Identity,
    TableRead,
    TableReader,
    connect_damaged,
    identify,
    read_keyed,
)
from annotator.store.schema import SCHEMA_VERSION
from annotator.store.tokens import store_tokens, unpack_tokens

_NO_SIZE_LIMIT = 2**62


@dataclass
class Recovery:
    """What `recover` saved into the new project and what it could not, kind by kind."""

    source: Path
    target: Path
    saved: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    lost_documents: list[str] = field(default_factory=list)  # "id (name)", name where known
    lost_annotations: list[str] = field(default_factory=list)  # uuids, where known
    notes: list[str] = field(default_factory=list)  # each row left out or changed, and why
    tables: list[TableRead] = field(default_factory=list)  # tables SQLite could not read whole
    uncounted: list[str] = field(default_factory=list)  # kinds whose losses cannot be counted

    @property
    def complete(self) -> bool:
        """Whether every row of the damaged file was saved."""
        return not any(self.lost.values()) and not self.uncounted

    def to_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "target": str(self.target),
            "complete": self.complete,
            "saved": self.saved,
            "lost": self.lost,
            "lost_documents": self.lost_documents,
            "lost_annotations": self.lost_annotations,
            "losses_not_counted": self.uncounted,
            "notes": self.notes,
            "damaged_tables": [table.to_json() for table in self.tables],
        }


KINDS = (
    "labels",
    "relation types",
    "annotators",
    "documents",
    "document tokens",
    "annotations",
    "relations",
    "statuses",
    "curation decisions",
    "notes",
    "document attributes",
    "document labels",
    "rejected suggestions",
    "gazetteer entries",
    "editing times",
    "history entries",
    "meta entries",
)


def recover(source: Path, target: Path) -> Recovery:
    """Save every readable row of damaged project `source` into new project `target`.

    ProjectError (and nothing written) when `target` exists, or `source` is not a project
    this version can read or not even its list of tables can be read. A failure half way
    removes `target` again.
    """
    source, target = Path(source), Path(target)
    if target.exists():
        raise ProjectError(
            f"{target}: already exists (recover writes a new project)", kind="exists"
        )
    if target.resolve() == source.resolve():
        raise ProjectError(f"{target}: is the damaged file itself", kind="exists")
    conn = connect_damaged(source)
    try:
        identity = identify(source, conn, "recover")
        report = Recovery(
            source, target, saved=dict.fromkeys(KINDS, 0), lost=dict.fromkeys(KINDS, 0)
        )
        if identity.version is None:
            report.notes.append("the meta table cannot be read: taken for a current project")
        salvage = _Salvage(conn, identity, report)
        label_schema = salvage.label_schema()
        project = Project.create(target, label_schema=label_schema)
        try:
            with project.transaction():
                salvage.write(project)
        except BaseException:
            project.conn.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            raise
        project.close()
    finally:
        conn.close()
    return report


def _json(text: Any, kind: type, default: Any) -> tuple[Any, bool]:
    """`text` parsed as JSON of type `kind`, and whether it was; else `default`, False."""
    if text is None:
        return default, True
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return default, False
    return (value, True) if isinstance(value, kind) else (default, False)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Salvage:
    """One recovery: reads the damaged file table by table and writes what it can."""

    def __init__(self, conn: sqlite3.Connection, identity: Identity, report: Recovery) -> None:
        self.conn = conn
        self.objects = identity.objects
        self.version = identity.version
        self.report = report
        self.labels: dict[str, dict[str, Any]] = {}
        self.kinds: dict[str, RelationType] = {}
        self.annotators: dict[int, str] = {}
        self.documents: dict[int, str] = {}  # id: text
        self.annotations: dict[str, tuple[int, int, str]] = {}  # uuid: document, annotator, label
        self.doc_attributes: dict[str, dict[str, Any]] = {}  # name: definition
        self._lost_along: Counter[str] = Counter()  # rows lost with the rows they belong to

    # ---------------------------------------------------------------- reading

    def _rows(self, table: str, columns: Sequence[str], **options: Any) -> TableReader | None:
        """A reader of `table`, or None when the file has no such table."""
        return TableReader(self.conn, table, columns, **options) if self._has(table) else None

    def _has(self, table: str) -> bool:
        return self.objects.get(table) == "table"

    def _has_column(self, table: str, column: str) -> bool:
        """Whether `table` has `column` (by the file's version when SQLite cannot say)."""
        try:
            return column in {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
        except sqlite3.DatabaseError:
            return (self.version or SCHEMA_VERSION) >= 5

    def _finish(self, reader: TableReader | None, kind: str) -> set[int]:
        """Account for the rows of `reader` that could not be read: returns their rowids."""
        if reader is None:
            return set()
        if reader.found.damaged:
            self.report.tables.append(reader.found)
        lost, exact = reader.lost_keys()
        self.report.lost[kind] += len(lost)
        if not exact:
            self.report.uncounted.append(kind)
        return lost

    def _note(self, kind: str, message: str) -> None:
        self.report.lost[kind] += 1
        self.report.notes.append(message)

    def label_schema(self) -> dict[str, Any]:
        """The label schema the damaged file holds (as much of it as can be read)."""
        labels: list[tuple[int, dict[str, Any]]] = []
        columns = ["name", "colour", "hotkey", "position", "attributes"]
        described = self._has("labels") and self._has_column("labels", "description")
        reader = self._rows("labels", (*columns, "description") if described else columns)
        for _, name, colour, hotkey, position, attributes, *description in reader or ():
            if not _text(name) or not name.strip() or name in self.labels:
                self._note("labels", f"a label row cannot be read (name {name!r})")
                continue
            attributes, sound = _json(attributes, list, [])
            if not sound:
                self.report.notes.append(f"label {name}: its attribute definitions cannot be read")
            label = {
                "name": name,
                "colour": colour if _text(colour) else "#888888",
                "hotkey": hotkey if _text(hotkey) and hotkey else None,
                "attributes": attributes,
                "description": description[0] if description and _text(description[0]) else "",
            }
            self.labels[name] = label
            labels.append((position if _whole(position) else len(labels), label))
        self._finish(reader, "labels")
        reader = self._rows("relation_types", ("name", "head_label", "tail_label", "hotkey"))
        for _, name, head, tail, hotkey in reader or ():
            if not _text(name) or not name or name in self.kinds:
                self._note("relation types", f"a relation type row cannot be read ({name!r})")
                continue
            self.kinds[name] = RelationType(
                name,
                head if _text(head) else None,
                tail if _text(tail) else None,
                hotkey if _text(hotkey) else None,
            )
        self._finish(reader, "relation types")
        self.report.saved["labels"] = len(self.labels)
        self.report.saved["relation types"] = len(self.kinds)
        return {
            "labels": [label for _, label in sorted(labels, key=lambda item: item[0])],
            "relations": [
                {"name": k.name, "head": k.head_label, "tail": k.tail_label, "hotkey": k.hotkey}
                for k in self.kinds.values()
            ],
            "document_attributes": self._doc_attributes(),
        }

    def _doc_attributes(self) -> list[dict[str, Any]]:
        """The document attribute definitions that can be read and are sound, in order."""
        kind = "document attributes"
        found: list[tuple[int, dict[str, Any]]] = []
        reader = self._rows("doc_attribute_defs", ("name", "position", "definition"))
        for _, name, position, definition in reader or ():
            value, sound = _json(definition, dict, {})
            try:
                if not sound or not _text(name) or name in self.doc_attributes:
                    raise SchemaError("the row cannot be read")
                checked = doc_attribute_definition({**value, "name": name})
            except SchemaError as err:
                self._note(kind, f"document attribute {name!r}: {err}; left out")
                continue
            self.doc_attributes[name] = checked
            found.append((position if _whole(position) else len(found), checked))
        self._finish(reader, kind)
        self.report.saved[kind] = len(found)
        return [definition for _, definition in sorted(found, key=lambda item: item[0])]

    # ---------------------------------------------------------------- writing

    def write(self, project: Project) -> None:
        """Write everything readable into `project` (inside the caller's transaction)."""
        conn = project.conn
        self._annotators(conn)
        self._documents(project)
        self._tokens(conn)
        self._annotations(project)
        self._relations(project)
        self._statuses(conn)
        self._curation(conn)
        self._notes(conn)
        self._doc_labels(conn)
        self._rejections(conn)
        self._gazetteer(conn)
        self._doc_time(conn)
        self._pending_suggestions()
        self._history(conn)
        self._meta(conn)
        self._sync(project)
        self.report.notes += [f"{count:,} {what}" for what, count in self._lost_along.items()]
        saved = {kind: count for kind, count in self.report.saved.items() if count}
        lost = {kind: count for kind, count in self.report.lost.items() if count}
        project._log(
            "recover", None, {"source": str(self.report.source), "saved": saved, "lost": lost}
        )

    def _sync(self, project: Project) -> None:
        """A project joined to a team server stays joined (its `sync.*` meta keys came with
        `_meta`), but its sync state does not come along: every unit it holds waits to be
        pushed and the next sync reads everything on the server again, settling each unit by
        sync's rule without a base (`sync.merge`'s union: items one side holds kept and
        counted, items held differently a reported conflict: nothing is deleted)."""
        settings = sync_local.settings(project)
        if settings is None:
            return
        sync_local.set_meta(project, {sync_local.CURSOR_KEY: None})
        sync_local.enable(
            project, url=settings.url, member=settings.member, role=settings.role, all_dirty=True
        )
        self.report.notes.append(
            "joined to a team server: every unit is compared with the server's at the next sync"
        )

    def _annotators(self, conn: sqlite3.Connection) -> None:
        reader = self._rows("annotators", ("name", "role", "created_at"))
        names: set[str] = set()
        for key, name, role, created in reader or ():
            if not _text(name) or not name.strip() or name in names:
                self._note("annotators", f"annotator {key}: the row cannot be read")
                continue
            role = role if role in ROLES else ANNOTATOR_ROLE
            conn.execute(
                "INSERT INTO annotators(id, name, role, created_at) VALUES (?, ?, ?, ?)",
                (key, name, role, created if _text(created) else now()),
            )
            self.annotators[key] = name
            names.add(name)
        self._finish(reader, "annotators")
        self.report.saved["annotators"] = len(self.annotators)

    def _annotator(self, conn: sqlite3.Connection, key: Any) -> bool:
        """Whether annotator `key` exists in the new project; one whose row was lost is added
        as `recovered-<id>`, so that their annotations are kept."""
        if key in self.annotators:
            return True
        if not _whole(key):
            return False
        taken = set(self.annotators.values())
        name = next(
            n
            for n in (f"recovered-{key}" + "-" * i for i in range(len(taken) + 1))
            if n not in taken
        )
        conn.execute(
            "INSERT INTO annotators(id, name, role, created_at) "
            f"VALUES (?, ?, '{ANNOTATOR_ROLE}', ?)",
            (key, name, now()),
        )
        self.annotators[key] = name
        self.report.notes.append(f"annotator {key}: the name was lost; saved as {name}")
        return True

    def _documents(self, project: Project) -> None:
        reader = self._rows(
            "documents",
            (
                "name",
                "title",
                "source",
                "text",
                "sha256",
                "length",
                "n_tokens",
                "meta",
                "imported_at",
            ),
            partial=("name",),
        )
        for row in reader or ():
            key, name, title, source, text, sha, length, n_tokens, meta, imported = row
            name = name if _text(name) else f"document {key}"
            if not _text(text) or not text:
                self._lost_document(key, name, "its text cannot be read")
                continue
            if sha != sha256_text(text) or length != len(text):
                self.report.notes.append(
                    f"document {key} ({name}): its text differs from its stored hash; saved "
                    "as it was read"
                )
            meta, sound = _json(meta, dict, {})
            if not sound:
                self.report.notes.append(f"document {key} ({name}): its metadata cannot be read")
            prepared = prepare_document(
                DocRecord(text=text, name=name, meta=meta, source=source if _text(source) else None)
            )
            prepared = replace(prepared, title=title if _text(title) else None)
            doc_id, added = project._insert_document(prepared, _NO_SIZE_LIMIT, doc_id=key)
            if not added:
                self._lost_document(key, name, f"same text as document {doc_id}")
                continue
            project.conn.execute(
                "UPDATE documents SET imported_at = ?, n_tokens = ? WHERE id = ?",
                (
                    imported if _text(imported) else now(),
                    # counted by the tokenizer of the file's version: from before version 4
                    # (numbers kept whole since), counted again when asked
                    n_tokens if _whole(n_tokens) and (self.version or 0) >= 4 else None,
                    key,
                ),
            )
            self.documents[key] = text
        names = {row[0]: row[1] for row in reader.partial_rows} if reader else {}
        for key in sorted(self._finish(reader, "documents")):
            name = names.get(key)
            self.report.lost_documents.append(f"{key} ({name})" if _text(name) else str(key))
        self.report.saved["documents"] = len(self.documents)

    def _tokens(self, conn: sqlite3.Connection) -> None:
        """The documents' own tokens, each checked against its saved text."""
        reader = self._rows("doc_tokens", ("data",))
        saved = []
        for key, data in reader or ():
            text = self.documents.get(key)
            if text is None:
                continue  # lost with its document
            try:
                tokens = unpack_tokens(data) if isinstance(data, bytes) else None
            except ValueError:
                tokens = None
            problem = "cannot be read" if tokens is None else tokenization_problem(text, tokens)
            if problem:
                self._note("document tokens", f"tokens of document {key}: {problem}; left out")
                continue
            saved.append((key, data))
        store_tokens(conn, saved)
        self._finish(reader, "document tokens")
        self.report.saved["document tokens"] = len(saved)

    def _lost_document(self, key: int, name: str, why: str) -> None:
        self._note("documents", f"document {key} ({name}): {why}; left out")
        self.report.lost_documents.append(f"{key} ({name})")

    def _annotations(self, project: Project) -> None:
        conn = project.conn
        columns = ("uuid", "document_id", "annotator_id", "label", "start", "end", "text")
        # an accepted suggestion's provenance: from version 5 on
        provenance = self._has_column("annotations", "suggested_by")
        reader = self._rows(
            "annotations",
            (*columns, "attributes", "proposed_by", "created_at", "updated_at")
            + (("suggested_by",) if provenance else ()),
        )
        rows = []
        for read in reader or ():
            row = read if provenance else (*read, None)
            (
                key,
                uuid,
                doc,
                annotator_id,
                label,
                start,
                end,
                snapshot,
                attributes,
                proposed,
                created,
                updated,
                suggested_by,
            ) = row
            if not (_text(uuid) and _whole(doc) and _text(label) and _whole(start) and _whole(end)):
                self._note("annotations", f"annotation {key}: the row cannot be read; left out")
                continue
            if uuid in self.annotations:
                self._note(
                    "annotations", f"annotation {uuid}: a second row with its uuid; left out"
                )
                continue
            text = self.documents.get(doc)
            if text is None:
                self._lost_annotation(uuid, None)
                continue
            if snapshot is None or span_problem(text, start, end, snapshot):
                self._lost_annotation(
                    uuid,
                    f"span {start}-{end} of document {doc} holds {text[start:end]!r}, its "
                    f"snapshot is {snapshot!r}",
                )
                continue
            if not self._annotator(conn, annotator_id):
                self._lost_annotation(uuid, f"its annotator ({annotator_id!r}) cannot be read")
                continue
            attributes, sound = _json(attributes, dict, {})
            if not sound:
                self.report.notes.append(
                    f"annotation {uuid}: its attributes cannot be read; saved without them"
                )
            proposed, sound = _json(proposed, list, None)
            suggested_by, sound = _json(suggested_by, dict, None)
            if not sound:
                self.report.notes.append(
                    f"annotation {uuid}: the suggestion it came from cannot be read; saved "
                    "without it"
                )
            rows.append(
                (
                    key,
                    uuid,
                    doc,
                    annotator_id,
                    label,
                    start,
                    end,
                    snapshot,
                    json.dumps(attributes, ensure_ascii=False),
                    json.dumps(proposed, ensure_ascii=False) if proposed else None,
                    created if _text(created) else now(),
                    updated if _text(updated) else now(),
                    json.dumps(suggested_by, ensure_ascii=False) if suggested_by else None,
                )
            )
            self.annotations[uuid] = (doc, annotator_id, label)
        for label in project.ensure_labels(label for *_, label in self.annotations.values()):
            self.report.notes.append(f"label {label}: missing from the schema; added")
        conn.executemany(
            'INSERT INTO annotations(id, uuid, document_id, annotator_id, label, start, "end", '
            "text, attributes, proposed_by, created_at, updated_at, suggested_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        uuids = (reader.indexed_values("uuid") if reader and reader.found.damaged else None) or {}
        lost = self._finish(reader, "annotations")
        self.report.lost_annotations += sorted(uuids[key] for key in lost if _text(uuids.get(key)))
        self.report.saved["annotations"] = len(self.annotations)

    def _lost_annotation(self, uuid: str, why: str | None) -> None:
        """Annotation `uuid` is not saved: `why`, or (None) its document was lost."""
        if why is None:
            self.report.lost["annotations"] += 1
            self._lost_along["annotations lost with their document"] += 1
        else:
            self._note("annotations", f"annotation {uuid}: {why}; left out")
        self.report.lost_annotations.append(uuid)

    def _relations(self, project: Project) -> None:
        reader = self._rows(
            "relations",
            ("uuid", "document_id", "annotator_id", "label", "head", "tail", "created_at"),
        )
        saved: set[str] = set()
        for key, uuid, doc, annotator_id, label, head, tail, created in reader or ():
            if not (_text(uuid) and _text(label) and label and uuid not in saved):
                self._note("relations", f"relation {key}: the row cannot be read; left out")
                continue
            head_end, tail_end = self.annotations.get(head), self.annotations.get(tail)
            if head_end is None or tail_end is None:
                self.report.lost["relations"] += 1
                self._lost_along["relations lost with one of their spans"] += 1
                continue
            if any(end[:2] != (doc, annotator_id) for end in (head_end, tail_end)):
                self._note("relations", f"relation {uuid}: its spans are not its own; left out")
                continue
            kind = self.kinds.get(label)
            if kind is None:
                kind = self.kinds[label] = RelationType(label)
                project.set_relation_type(kind)
            unfit = relation_problem(kind, head, tail, head_end[2], tail_end[2])
            if unfit:
                self._note("relations", f"relation {uuid} in document {doc}: {unfit}; left out")
                continue
            project.conn.execute(
                "INSERT INTO relations(id, uuid, document_id, annotator_id, label, head, tail, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    uuid,
                    doc,
                    annotator_id,
                    label,
                    head,
                    tail,
                    created if _text(created) else now(),
                ),
            )
            saved.add(uuid)
        self._finish(reader, "relations")
        self.report.saved["relations"] = len(saved)

    def _statuses(self, conn: sqlite3.Connection) -> None:
        def pairs() -> Iterator[tuple[int, int]]:
            return (
                (doc, annotator_id) for doc in self.documents for annotator_id in self.annotators
            )

        rows: list[tuple] = []
        if self._has("doc_status"):
            rows, found = read_keyed(
                self.conn,
                "doc_status",
                ("document_id", "annotator_id", "status", "updated_at"),
                ("document_id", "annotator_id"),
                pairs,
            )
            if found.damaged:
                self.report.tables.append(found)
                self.report.uncounted.append("statuses")
        saved = 0
        for doc, annotator_id, status, updated in rows:
            if doc not in self.documents or annotator_id not in self.annotators:
                continue  # counted with its document or annotator
            if status not in STATUSES:
                self._note(
                    "statuses",
                    f"document {doc}, annotator {annotator_id}: status {status!r} cannot be read",
                )
                continue
            conn.execute(
                "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (doc, annotator_id, status, updated if _text(updated) else now()),
            )
            saved += 1
        # a document with annotations is at least in progress, as everywhere in the store
        conn.executemany(
            "INSERT OR IGNORE INTO doc_status(document_id, annotator_id, status, updated_at) "
            f"VALUES (?, ?, '{IN_PROGRESS}', ?)",
            {(doc, annotator_id, now()) for doc, annotator_id, _ in self.annotations.values()},
        )
        self.report.saved["statuses"] = saved

    def _curation(self, conn: sqlite3.Connection) -> None:
        if not self._has("curation"):
            return
        columns = (
            "annotation_uuid",
            "document_id",
            "decision",
            "gold_uuid",
            "label",
            "start",
            "end",
            "at",
        )
        rows, found = read_keyed(
            self.conn,
            "curation",
            columns,
            ("annotation_uuid",),
            lambda: ((u,) for u in self.annotations),
        )
        if found.damaged:
            self.report.tables.append(found)
            self.report.uncounted.append("curation decisions")
        saved = 0
        for uuid, doc, decision, gold, label, start, end, at in rows:
            if uuid not in self.annotations:
                continue  # counted with its annotation
            if decision == "accepted" and gold not in self.annotations:
                self._note("curation decisions", f"curation of {uuid}: its gold span was lost")
                continue
            sound = _text(label) and _whole(start) and _whole(end) and _text(at)
            if decision not in ("accepted", "rejected") or doc not in self.documents or not sound:
                self._note("curation decisions", f"curation of {uuid}: the row cannot be read")
                continue
            conn.execute(
                "INSERT INTO curation(annotation_uuid, document_id, decision, gold_uuid, label, "
                'start, "end", at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                (
                    uuid,
                    doc,
                    decision,
                    gold if decision == "accepted" else None,
                    label,
                    start,
                    end,
                    at,
                ),
            )
            saved += 1
        self.report.saved["curation decisions"] = saved

    def _notes(self, conn: sqlite3.Connection) -> None:
        """Notes on saved documents and annotations (a note on a lost annotation goes with
        it), with their uuids, authors, flags and times."""
        kind = "notes"
        columns = ("uuid", "document_id", "annotation_uuid", "annotator_id", "text")
        reader = self._rows(kind, (*columns, "needs_review", "created_at", "updated_at"))
        saved: set[str] = set()
        for key, uuid, doc, annotation, author, text, flag, created, updated in reader or ():
            if not (_text(uuid) and _text(text) and uuid not in saved and flag in (0, 1)):
                self._note(kind, f"note {key}: the row cannot be read; left out")
                continue
            if doc not in self.documents or (
                annotation is not None and annotation not in self.annotations
            ):
                self.report.lost[kind] += 1
                self._lost_along["notes lost with their document or annotation"] += 1
                continue
            if annotation is not None and self.annotations[annotation][0] != doc:
                self._note(kind, f"note {uuid}: its annotation is in another document; left out")
                continue
            if not self._annotator(conn, author):
                self._note(kind, f"note {uuid}: its author cannot be read; left out")
                continue
            created = created if _text(created) else now()
            conn.execute(
                "INSERT INTO notes(id, uuid, document_id, annotation_uuid, annotator_id, text, "
                "needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    uuid,
                    doc,
                    annotation,
                    author,
                    text,
                    flag,
                    created,
                    updated if _text(updated) else created,
                ),
            )
            saved.add(uuid)
        self._finish(reader, kind)
        self.report.saved[kind] = len(saved)

    def _keyed(self, table: str, columns: tuple[str, ...], key: int, kind: str) -> list[tuple]:
        """The rows of WITHOUT ROWID `table` (its key: the first `key` columns) as far as they
        can be read; their losses cannot be counted when it is damaged."""
        if not self._has(table):
            return []
        rows, found = read_keyed(self.conn, table, columns, columns[:key], tuple)
        if found.damaged:
            self.report.tables.append(found)
            self.report.uncounted.append(kind)
        return rows

    def _doc_labels(self, conn: sqlite3.Connection) -> None:
        """Each annotator's document labels on saved documents, valid for their definitions."""
        kind = "document labels"
        saved = 0
        columns = ("document_id", "annotator_id", "name", "value", "updated_at")
        for doc, annotator_id, name, value, updated in self._keyed("doc_labels", columns, 3, kind):
            if doc not in self.documents:
                self.report.lost[kind] += 1
                self._lost_along["document labels lost with their document"] += 1
                continue
            where = f"document {doc}, annotator {annotator_id!r}, {name!r}"
            definition = self.doc_attributes.get(name) if _text(name) else None
            loaded, sound = _json(value, object, None)
            try:
                if definition is None:
                    raise SchemaError("its document attribute was lost")
                if not sound or loaded is None:
                    raise SchemaError("the value cannot be read")
                loaded = doc_label_value(definition, loaded)
            except SchemaError as err:
                self._note(kind, f"document label of {where}: {err}; left out")
                continue
            if not self._annotator(conn, annotator_id):
                self._note(kind, f"document label of {where}: its annotator cannot be read")
                continue
            conn.execute(
                "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (doc, annotator_id, name, to_json(loaded), updated if _text(updated) else now()),
            )
            saved += 1
        self.report.saved[kind] = saved

    def _rejections(self, conn: sqlite3.Connection) -> None:
        """What each annotator turned down (user work: never suggested to them again)."""
        kind = "rejected suggestions"
        saved = 0
        for annotator_id, label, key, at in self._keyed(
            "rejections", ("annotator_id", "label", "key", "at"), 3, kind
        ):
            if not (_text(label) and label and _text(key)):
                self._note(kind, f"a rejection of annotator {annotator_id!r} cannot be read")
                continue
            if not self._annotator(conn, annotator_id):
                self._note(kind, f"rejection of {label} {key!r}: its annotator cannot be read")
                continue
            conn.execute(
                "INSERT INTO rejections(annotator_id, label, key, at) VALUES (?, ?, ?, ?)",
                (annotator_id, label, key, at if _text(at) else now()),
            )
            saved += 1
        self.report.saved[kind] = saved

    def _gazetteer(self, conn: sqlite3.Connection) -> None:
        kind = "gazetteer entries"
        rows = []
        for row in self._keyed("gazetteer", ("name", "text", "label"), 3, kind):
            if all(_text(value) and value for value in row):
                rows.append(row)
            else:
                self._note(kind, f"gazetteer entry {row!r}: cannot be read")
        conn.executemany("INSERT INTO gazetteer(name, text, label) VALUES (?, ?, ?)", rows)
        self.report.saved[kind] = len(rows)

    def _doc_time(self, conn: sqlite3.Connection) -> None:
        """Each annotator's editing time per document (`store/doc_time.py`)."""
        kind = "editing times"
        saved = 0
        for doc, annotator_id, seconds, at in self._keyed(
            "doc_time", ("document_id", "annotator_id", "seconds", "updated_at"), 2, kind
        ):
            if doc not in self.documents:
                self.report.lost[kind] += 1
                self._lost_along["editing times lost with their document"] += 1
                continue
            sound = isinstance(seconds, int | float) and seconds >= 0
            if not sound or not self._annotator(conn, annotator_id):
                self._note(kind, f"editing time of document {doc}: the row cannot be read")
                continue
            conn.execute(
                "INSERT INTO doc_time(document_id, annotator_id, seconds, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (doc, annotator_id, float(seconds), at if _text(at) else now()),
            )
            saved += 1
        self.report.saved[kind] = saved

    def _pending_suggestions(self) -> None:
        """Not saved: machine output, computed again by `annotator suggest`; counted."""
        if not self._has("suggestions"):
            return
        try:
            (pending,) = self.conn.execute("SELECT count(*) FROM suggestions").fetchone()
        except sqlite3.DatabaseError:
            pending = None
        if pending != 0:
            self.report.notes.append(
                f"{'some' if pending is None else f'{pending:,}'} pending suggestion(s) not "
                "saved: they are recomputed by `annotator suggest` (accepted and rejected ones "
                "are saved)"
            )

    def _history(self, conn: sqlite3.Connection) -> None:
        reader = self._rows("history", ("at", "annotator", "action", "document_id", "detail"))
        saved = 0
        for key, at, annotator, action, doc, detail in reader or ():
            if not (_text(at) and _text(action)):
                self._note("history entries", f"history entry {key}: the row cannot be read")
                continue
            conn.execute(
                "INSERT INTO history(id, at, annotator, action, document_id, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    at,
                    annotator if _text(annotator) else None,
                    action,
                    doc if _whole(doc) else None,
                    detail if _text(detail) else "{}",
                ),
            )
            saved += 1
        self._finish(reader, "history entries")
        self.report.saved["history entries"] = saved

    def _meta(self, conn: sqlite3.Connection) -> None:
        """The damaged file's own facts (when it was created, whose copy it is); the app,
        schema and app version are the new file's."""
        reader = self._rows("meta", ("key", "value"))
        saved = 0
        for _, key, value in reader or ():
            if not (_text(key) and _text(value)):
                self._note("meta entries", f"meta entry {key!r}: the row cannot be read")
            elif key not in ("app", "schema_version", "app_version"):
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
                saved += 1
        self._finish(reader, "meta entries")
        self.report.saved["meta entries"] = saved
