"""Rows of the project store as immutable records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotator.model import RelationRecord, SpanRecord


@dataclass(frozen=True)
class Document:
    id: int
    name: str
    title: str | None
    source: str | None
    text: str
    sha256: str
    meta: dict[str, Any]
    imported_at: str


@dataclass(frozen=True)
class Annotation:
    uuid: str
    document_id: int
    annotator: str
    label: str
    start: int
    end: int
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)
    proposed_by: tuple[str, ...] = ()
    created_at: str = ""
    updated_at: str = ""

    def to_span(self) -> SpanRecord:
        return SpanRecord(
            start=self.start,
            end=self.end,
            label=self.label,
            id=self.uuid,
            annotator=self.annotator,
            attributes=dict(self.attributes),
            text=self.text,
        )


@dataclass(frozen=True)
class Relation:
    uuid: str
    document_id: int
    annotator: str
    label: str
    head: str
    tail: str

    def to_record(self) -> RelationRecord:
        return RelationRecord(
            head=self.head, tail=self.tail, label=self.label, id=self.uuid, annotator=self.annotator
        )


@dataclass
class LabelDef:
    """A span label: colour as #rrggbb, optional one-key hotkey, attribute definitions.

    An attribute definition is a dict: name, type ("choice", "count", "text", "integer"),
    values (for choice) and an optional default.
    """

    name: str
    colour: str = "#888888"
    hotkey: str | None = None
    attributes: list[dict[str, Any]] = field(default_factory=list)
    position: int = 0

    def attribute(self, name: str) -> dict[str, Any] | None:
        return next((a for a in self.attributes if a.get("name") == name), None)


@dataclass
class RelationType:
    name: str
    head_label: str | None = None
    tail_label: str | None = None
    hotkey: str | None = None

    def fit_problem(self, head_label: str, tail_label: str) -> str | None:
        """Why a relation of this type cannot link a `head_label` span to a `tail_label` span,
        or None when it can: the one rule for the ends of a relation."""
        if self.head_label and head_label != self.head_label:
            return f"{self.name} must start at a {self.head_label} span, not {head_label}"
        if self.tail_label and tail_label != self.tail_label:
            return f"{self.name} must point to a {self.tail_label} span, not {tail_label}"
        return None


def annotation_from_row(row: tuple) -> Annotation:
    """Build from (uuid, document_id, annotator, label, start, end, text, attributes,
    proposed_by, created_at, updated_at)."""
    uuid, doc, annotator, label, start, end, text, attrs, proposed, created, updated = row
    return Annotation(
        uuid=uuid,
        document_id=doc,
        annotator=annotator,
        label=label,
        start=start,
        end=end,
        text=text,
        attributes=json.loads(attrs) if attrs else {},
        proposed_by=tuple(json.loads(proposed)) if proposed else (),
        created_at=created,
        updated_at=updated,
    )


def document_from_row(row: tuple) -> Document:
    """Build from (id, name, title, source, text, sha256, meta, imported_at)."""
    doc_id, name, title, source, text, sha256, meta, imported_at = row
    return Document(doc_id, name, title, source, text, sha256, json.loads(meta), imported_at)
