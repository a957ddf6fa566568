"""Annotations (spans) and relations: adding, changing, deleting, reading."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotator.errors import NotFoundError, SchemaError
from annotator.rules import (
    RelationType,
    checked_span,
    new_id,
    relation_problem,
    validate_attributes,
)
from annotator.store.records import Annotation, Relation, annotation_from_row
from annotator.store.rows import now
from annotator.store.statuses import Statuses

if TYPE_CHECKING:
    pass

_ANNOTATION_COLUMNS = (
    'a.uuid, a.document_id, w.name, a.label, a.start, a."end", a.text, a.attributes, '
    "a.proposed_by, a.created_at, a.updated_at, a.suggested_by"
)


class Annotations(Statuses):
    """A project's annotations and relations (a layer of `Project`)."""

    def add_annotation(
        self,
        document_id: int,
        annotator: str,
        label: str,
        start: int,
        end: int,
        *,
        attributes: dict[str, Any] | None = None,
        uuid: str | None = None,
        proposed_by: Sequence[str] | None = None,
        text: str | None = None,
        suggested_by: dict[str, Any] | None = None,
        log: bool = True,
    ) -> Annotation:
        """Store a span. `text`, when given, must equal the document's slice (the snapshot).
        `suggested_by`: the provenance of an accepted suggestion. `log` False: the caller
        writes one history entry for a whole batch (a bulk acceptance)."""
        doc_text = self.document_text(document_id)
        snapshot = checked_span(doc_text, start, end, text)
        definition = self.label(label)
        if definition is None:
            raise NotFoundError(f"unknown label {label!r}")
        attributes = validate_attributes(definition, attributes or {})
        stamp = now()
        with self.transaction():
            annotator_id = self.annotator_id(annotator)
            row_uuid = uuid or new_id()
            self.conn.execute(
                'INSERT INTO annotations(uuid, document_id, annotator_id, label, start, "end", '
                "text, attributes, proposed_by, created_at, updated_at, suggested_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row_uuid,
                    document_id,
                    annotator_id,
                    label,
                    start,
                    end,
                    snapshot,
                    json.dumps(attributes, ensure_ascii=False),
                    json.dumps(list(proposed_by), ensure_ascii=False) if proposed_by else None,
                    stamp,
                    stamp,
                    json.dumps(suggested_by, ensure_ascii=False) if suggested_by else None,
                ),
            )
            self._touch_status(document_id, annotator_id)
            if log:
                self._log(
                    "add annotation",
                    document_id,
                    {"uuid": row_uuid, "label": label, "start": start, "end": end},
                    annotator,
                )
        return Annotation(
            row_uuid,
            document_id,
            annotator,
            label,
            start,
            end,
            snapshot,
            attributes,
            tuple(proposed_by or ()),
            stamp,
            stamp,
            suggested_by or None,
        )

    def update_annotation(
        self,
        uuid: str,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Annotation:
        """Change a span's label, boundaries or attributes (replacing the attribute dict)."""
        current = self.annotation(uuid)
        new_label = label if label is not None else current.label
        new_start = start if start is not None else current.start
        new_end = end if end is not None else current.end
        definition = self.label(new_label)
        if definition is None:
            raise NotFoundError(f"unknown label {new_label!r}")
        snapshot = checked_span(self.document_text(current.document_id), new_start, new_end)
        new_attributes = validate_attributes(
            definition, attributes if attributes is not None else current.attributes
        )
        if new_label != current.label:
            broken = self.relations_broken_by(uuid, new_label)
            if broken:
                raise SchemaError(
                    f"as {new_label} the span no longer fits its {broken[0].label} relation; "
                    "remove the relation first"
                )
        stamp = now()
        with self.transaction():
            self.conn.execute(
                'UPDATE annotations SET label = ?, start = ?, "end" = ?, text = ?, '
                "attributes = ?, updated_at = ? WHERE uuid = ?",
                (
                    new_label,
                    new_start,
                    new_end,
                    snapshot,
                    json.dumps(new_attributes, ensure_ascii=False),
                    stamp,
                    uuid,
                ),
            )
            self._log(
                "update annotation",
                current.document_id,
                {"uuid": uuid, "label": new_label, "start": new_start, "end": new_end},
                current.annotator,
            )
        return Annotation(
            uuid,
            current.document_id,
            current.annotator,
            new_label,
            new_start,
            new_end,
            snapshot,
            new_attributes,
            current.proposed_by,
            current.created_at,
            stamp,
            current.suggested_by,
        )

    def delete_annotation(self, uuid: str) -> tuple[Annotation, list[Relation]]:
        """Remove a span and the relations that use it; returns both (for undo)."""
        current = self.annotation(uuid)
        attached = [
            rel
            for rel in self.relations(current.document_id)
            if rel.head == uuid or rel.tail == uuid
        ]
        with self.transaction():
            self.conn.execute("DELETE FROM relations WHERE head = ? OR tail = ?", (uuid, uuid))
            self.conn.execute("DELETE FROM annotations WHERE uuid = ?", (uuid,))
            self._log("delete annotation", current.document_id, {"uuid": uuid}, current.annotator)
        return current, attached

    def restore(
        self, annotations: Iterable[Annotation], relations: Iterable[Relation] = ()
    ) -> None:
        """Put back deleted annotations and relations with their original ids (undo)."""
        with self.transaction():
            for ann in annotations:
                self.add_annotation(
                    ann.document_id,
                    ann.annotator,
                    ann.label,
                    ann.start,
                    ann.end,
                    attributes=ann.attributes,
                    uuid=ann.uuid,
                    proposed_by=ann.proposed_by or None,
                    suggested_by=ann.suggested_by,
                )
            for rel in relations:
                self.add_relation(
                    rel.document_id, rel.annotator, rel.label, rel.head, rel.tail, uuid=rel.uuid
                )

    def relations_broken_by(self, uuid: str, label: str) -> list[Relation]:
        """The relations of annotation `uuid` whose type would no longer fit its ends if the
        annotation were labelled `label` (they must go with such a relabelling)."""
        current = self.annotation(uuid)
        kinds = {kind.name: kind for kind in self.relation_types()}
        labels = {a.uuid: a.label for a in self.annotations(current.document_id)}
        labels[uuid] = label
        broken = []
        for rel in self.relations(current.document_id):
            kind = kinds.get(rel.label)
            if uuid in (rel.head, rel.tail) and kind is not None:
                if kind.fit_problem(labels[rel.head], labels[rel.tail]):
                    broken.append(rel)
        return broken

    def annotation(self, uuid: str) -> Annotation:
        row = self.conn.execute(
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a "
            "JOIN annotators w ON w.id = a.annotator_id WHERE a.uuid = ?",
            (uuid,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no annotation {uuid}")
        return annotation_from_row(row)

    def annotations(
        self, document_id: int, annotator: str | Sequence[str] | None = None
    ) -> list[Annotation]:
        """A document's annotations (of one annotator, several, or all), by start then -end."""
        sql = (
            f"SELECT {_ANNOTATION_COLUMNS} FROM annotations a "
            "JOIN annotators w ON w.id = a.annotator_id WHERE a.document_id = ?"
        )
        params: list = [document_id]
        if annotator is not None:
            names = [annotator] if isinstance(annotator, str) else list(annotator)
            sql += f" AND w.name IN ({', '.join('?' * len(names))})"
            params += names
        sql += ' ORDER BY a.start, a."end" DESC, a.id'
        return [annotation_from_row(row) for row in self.conn.execute(sql, params)]

    def add_relation(
        self,
        document_id: int,
        annotator: str,
        label: str,
        head: str,
        tail: str,
        *,
        uuid: str | None = None,
        log: bool = True,
    ) -> Relation:
        """Link two spans of the same document and annotator (e.g. CLAIM --source--> ACTOR).
        `log` False: the caller writes one history entry for a whole batch."""
        head_ann, tail_ann = self.annotation(head), self.annotation(tail)
        for ann in (head_ann, tail_ann):
            if ann.document_id != document_id:
                raise SchemaError(f"annotation {ann.uuid} is not in document {document_id}")
            if ann.annotator != annotator:
                raise SchemaError(f"annotation {ann.uuid} belongs to {ann.annotator}")
        kind = next((r for r in self.relation_types() if r.name == label), None)
        if problem := relation_problem(kind, head, tail, head_ann.label, tail_ann.label):
            raise SchemaError(problem)
        with self.transaction():
            if kind is None:
                self.set_relation_type(RelationType(label))
            row_uuid = uuid or new_id()
            self.conn.execute(
                "INSERT INTO relations(uuid, document_id, annotator_id, label, head, tail, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_uuid, document_id, self.annotator_id(annotator), label, head, tail, now()),
            )
            if log:
                self._log(
                    "add relation",
                    document_id,
                    {"uuid": row_uuid, "label": label, "head": head, "tail": tail},
                    annotator,
                )
        return Relation(row_uuid, document_id, annotator, label, head, tail)

    def delete_relation(self, uuid: str) -> Relation:
        rel = self.relation(uuid)
        with self.transaction():
            self.conn.execute("DELETE FROM relations WHERE uuid = ?", (uuid,))
            self._log("delete relation", rel.document_id, {"uuid": uuid}, rel.annotator)
        return rel

    def relation(self, uuid: str) -> Relation:
        row = self.conn.execute(
            "SELECT r.uuid, r.document_id, w.name, r.label, r.head, r.tail FROM relations r "
            "JOIN annotators w ON w.id = r.annotator_id WHERE r.uuid = ?",
            (uuid,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no relation {uuid}")
        return Relation(*row)

    def relations(
        self, document_id: int, annotator: str | Sequence[str] | None = None
    ) -> list[Relation]:
        sql = (
            "SELECT r.uuid, r.document_id, w.name, r.label, r.head, r.tail FROM relations r "
            "JOIN annotators w ON w.id = r.annotator_id WHERE r.document_id = ?"
        )
        params: list = [document_id]
        if annotator is not None:
            names = [annotator] if isinstance(annotator, str) else list(annotator)
            sql += f" AND w.name IN ({', '.join('?' * len(names))})"
            params += names
        return [Relation(*row) for row in self.conn.execute(sql + " ORDER BY r.id", params)]
