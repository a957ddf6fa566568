"""Rows of the project store as immutable records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.model import RelationRecord, SpanRecord


class DocumentRow(NamedTuple):
    """A line of a long document list: the status is the asked annotator's."""

    id: int
    name: str
    title: str | None
    status: str


class HistoryEntry(NamedTuple):
    """One line of the project's history, newest first (`Project.history`)."""

    at: str
    annotator: str | None
    action: str
    document_id: int | None
    detail: dict[str, Any]


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
