"""Document attributes (table `doc_attribute_defs`) and their values per document and annotator
(table `doc_labels`): the event type, stance, ... of a whole article. The checks are
`annotator.rules` (`doc_attribute_definition`, `doc_label_value`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from annotator.errors import NotFoundError, SchemaError
from annotator.rules import doc_attribute_definition, doc_label_value
from annotator.store.rows import id_batches, now, to_json
from annotator.store.statuses import Statuses


class DocLabel(NamedTuple):
    """One annotator's value of one document attribute on one document."""

    document_id: int
    annotator: str
    name: str
    value: Any
    updated_at: str


class DocLabels(Statuses):
    """A project's document attributes and document labels (a layer of `Project`)."""

    # ------------------------------------------------------------------ definitions

    def doc_attributes(self) -> list[dict[str, Any]]:
        """The document attribute definitions, in their order."""
        return [
            json.loads(definition)
            for (definition,) in self.conn.execute(
                "SELECT definition FROM doc_attribute_defs ORDER BY position, name"
            )
        ]

    def doc_attribute(self, name: str) -> dict[str, Any] | None:
        return next((d for d in self.doc_attributes() if d["name"] == name), None)

    def set_doc_attribute(self, definition: dict[str, Any], *, position: int | None = None) -> None:
        """Add or replace a document attribute (an edit keeps its place; a new one goes at the
        end, or at `position`). Refused (SchemaError) when values annotators gave would no
        longer be valid for it."""
        checked = doc_attribute_definition(definition)
        name = checked["name"]
        for label in self.doc_label_rows(names=[name]):
            try:
                doc_label_value(checked, label.value)
            except SchemaError as err:
                raise SchemaError(
                    f"existing values would no longer fit (document {label.document_id}, "
                    f"{label.annotator}): {err}"
                ) from None
        with self.transaction():
            self._put_doc_attribute(checked, position)
            self._log("set document attribute", None, {"name": name})

    def _put_doc_attribute(self, checked: dict[str, Any], position: int | None) -> None:
        name = checked["name"]
        row = self.conn.execute(
            "SELECT position FROM doc_attribute_defs WHERE name = ?", (name,)
        ).fetchone()
        if row is not None:
            position = row[0]
        elif position is not None:
            self.conn.execute(
                "UPDATE doc_attribute_defs SET position = position + 1 WHERE position >= ?",
                (position,),
            )
        else:
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM doc_attribute_defs"
            ).fetchone()[0]
        self.conn.execute(
            "INSERT OR REPLACE INTO doc_attribute_defs(name, position, definition) "
            "VALUES (?, ?, ?)",
            (name, position, to_json(checked)),
        )

    def delete_doc_attribute(self, name: str) -> None:
        """Remove a document attribute; refused (SchemaError) while a document has a value."""
        if self.doc_attribute(name) is None:
            raise NotFoundError(f"no document attribute named {name!r}")
        used = self.conn.execute(
            "SELECT count(*) FROM doc_labels WHERE name = ?", (name,)
        ).fetchone()[0]
        if used:
            raise SchemaError(f"document attribute {name!r} has {used} value(s)")
        with self.transaction():
            position = self.conn.execute(
                "DELETE FROM doc_attribute_defs WHERE name = ? RETURNING position", (name,)
            ).fetchone()[0]
            self.conn.execute(
                "UPDATE doc_attribute_defs SET position = position - 1 WHERE position > ?",
                (position,),
            )
            self._log("delete document attribute", None, {"name": name})

    def doc_attribute_position(self, name: str) -> int | None:
        row = self.conn.execute(
            "SELECT position FROM doc_attribute_defs WHERE name = ?", (name,)
        ).fetchone()
        return row[0] if row else None

    def label_schema(self) -> dict:
        """The label schema (`Vocabulary.label_schema`) with its `document_attributes`."""
        schema = super().label_schema()
        schema["document_attributes"] = self.doc_attributes()
        return schema

    def _write_label_schema(self, spec: dict) -> None:
        """The label schema of a new project (`Vocabulary._write_label_schema`, caller's
        transaction, not in the history) with its `document_attributes`."""
        super()._write_label_schema(spec)
        for definition in spec.get("document_attributes", []):
            self._put_doc_attribute(doc_attribute_definition(definition), None)

    # ------------------------------------------------------------------ values

    def doc_labels(self, document_id: int, annotator: str) -> dict[str, Any]:
        """`annotator`'s document labels on a document, by attribute name (definition order)."""
        rows = self.conn.execute(
            "SELECT l.name, l.value FROM doc_labels l JOIN annotators w ON w.id = l.annotator_id "
            "LEFT JOIN doc_attribute_defs d ON d.name = l.name "
            "WHERE l.document_id = ? AND w.name = ? ORDER BY d.position, l.name",
            (document_id, annotator),
        )
        return {name: json.loads(value) for name, value in rows}

    def set_doc_label(self, document_id: int, annotator: str, name: str, value: Any) -> Any:
        """Give `annotator`'s label `name` of a document the value `value` (None removes it),
        checked against its definition; returns the value it had (None: none). A first value
        moves the document from new to in progress, as a first span does."""
        definition = self.doc_attribute(name)
        if definition is None:
            raise NotFoundError(f"no document attribute named {name!r}")
        value = doc_label_value(definition, value)
        self.document_text(document_id)
        with self.transaction():
            annotator_id = self.annotator_id(annotator)
            row = self.conn.execute(
                "SELECT value FROM doc_labels WHERE document_id = ? AND annotator_id = ? "
                "AND name = ?",
                (document_id, annotator_id, name),
            ).fetchone()
            before = json.loads(row[0]) if row else None
            if value == before:
                return before
            if value is None:
                self.conn.execute(
                    "DELETE FROM doc_labels WHERE document_id = ? AND annotator_id = ? "
                    "AND name = ?",
                    (document_id, annotator_id, name),
                )
            else:
                self._put_doc_label(document_id, annotator_id, name, value, now())
                self._touch_status(document_id, annotator_id)
            self._log("set document label", document_id, {"name": name, "value": value}, annotator)
        return before

    def _put_doc_label(
        self, document_id: int, annotator_id: int, name: str, value: Any, updated_at: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(document_id, annotator_id, name) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (document_id, annotator_id, name, to_json(value), updated_at),
        )

    def set_doc_labels(
        self, document_id: int, annotator: str, values: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Set several of `annotator`'s labels of a document in one transaction (None removes
        one); returns the values they had (`set_doc_label`)."""
        with self.transaction():
            return {
                name: self.set_doc_label(document_id, annotator, name, value)
                for name, value in values.items()
            }

    def keep_doc_label(self, label: DocLabel) -> None:
        """Store `label` as it is, with its time (a team copy's or a damaged file's row),
        checked against its definition (caller's transaction)."""
        definition = self.doc_attribute(label.name)
        if definition is None:
            raise NotFoundError(f"no document attribute named {label.name!r}")
        value = doc_label_value(definition, label.value)
        if value is not None:
            self._put_doc_label(
                label.document_id,
                self.annotator_id(label.annotator),
                label.name,
                value,
                label.updated_at,
            )

    def doc_label_rows(
        self,
        annotators: Sequence[str] | None = None,
        document_ids: Iterable[int] | None = None,
        *,
        names: Sequence[str] | None = None,
    ) -> list[DocLabel]:
        """Every document label (of `annotators`, on `document_ids`, of attributes `names`,
        each when given), by document, annotator and definition order."""
        query = (
            "SELECT l.document_id, w.name, l.name, l.value, l.updated_at FROM doc_labels l "
            "JOIN annotators w ON w.id = l.annotator_id "
            "LEFT JOIN doc_attribute_defs d ON d.name = l.name WHERE 1"
        )
        params: list[Any] = []
        if annotators is not None:
            query += f" AND w.name IN ({', '.join('?' * len(annotators))})"
            params += annotators
        if names is not None:
            query += f" AND l.name IN ({', '.join('?' * len(names))})"
            params += names
        order = " ORDER BY l.document_id, w.name, d.position, l.name"
        if document_ids is None:
            batches: Iterable[tuple[list[int], str]] = [([], "")]
        else:
            batches = id_batches(sorted(set(document_ids)))
        rows: list[DocLabel] = []
        for ids, marks in batches:
            where = f" AND l.document_id IN ({marks})" if document_ids is not None else ""
            rows += [
                DocLabel(doc, who, name, json.loads(value), at)
                for doc, who, name, value, at in self.conn.execute(
                    query + where + order, [*params, *ids]
                )
            ]
        if document_ids is not None:
            rows.sort(key=lambda row: row.document_id)
        return rows

    def doc_labels_by_document(
        self, annotators: Sequence[str], document_ids: Iterable[int] | None = None
    ) -> dict[int, dict[str, dict[str, Any]]]:
        """{document id: {annotator: {attribute: value}}} of `annotators`."""
        found: dict[int, dict[str, dict[str, Any]]] = {}
        for row in self.doc_label_rows(annotators, document_ids):
            found.setdefault(row.document_id, {}).setdefault(row.annotator, {})[row.name] = (
                row.value
            )
        return found
