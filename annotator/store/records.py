"""Rows of the project store as immutable records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.model import RelationRecord, SpanRecord
from annotator.rules import suggestion_key

if TYPE_CHECKING:
    from annotator.suggestions.base import Proposal


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
    # an accepted suggestion's provenance: {"recommender": ..., "score": ...[, "batch": ...]}
    suggested_by: dict[str, Any] | None = None

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
    proposed_by, created_at, updated_at, suggested_by)."""
    uuid, doc, annotator, label, start, end, text, attrs, proposed, created, updated, by = row
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
        suggested_by=json.loads(by) if by else None,
    )


def document_from_row(row: tuple) -> Document:
    """Build from (id, name, title, source, text, sha256, meta, imported_at)."""
    doc_id, name, title, source, text, sha256, meta, imported_at = row
    return Document(doc_id, name, title, source, text, sha256, json.loads(meta), imported_at)


class Suggestion(NamedTuple):
    """A stored suggestion (`annotator.suggestions`): not an annotation until accepted.
    ``source``: for a CLAIM, the (start, end) of the ACTOR its source relation would link."""

    uuid: str
    document_id: int
    annotator: str
    recommender: str
    label: str
    start: int
    end: int
    text: str
    score: float
    attributes: dict[str, Any]
    source: tuple[int, int] | None
    created_at: str
    key: str | None = None  # the normalized term matched, when not the span's own text

    @property
    def rejection_key(self) -> RejectionKey:
        """What rejecting it remembers (`rejection_key`)."""
        return rejection_key(self.label, self.key, self.text)

    @property
    def suggested_by(self) -> dict[str, Any]:
        """The provenance an annotation made from it keeps."""
        return {"recommender": self.recommender, "score": round(self.score, 4)}


class NewSuggestion(NamedTuple):
    """A suggestion to store (`Project.replace_suggestions`)."""

    document_id: int
    recommender: str
    label: str
    start: int
    end: int
    score: float
    attributes: dict[str, Any] | None = None
    source: tuple[int, int] | None = None
    key: str | None = None  # the normalized term matched, when not the span's own text


class ProposedSpans(NamedTuple):
    """One recommender's proposals on one document, to store as suggestions as they are
    (`prepare_suggestions`: no `NewSuggestion` made of each): each a
    `annotator.suggestions.Proposal` (start, end, label, score, attributes, source, key)."""

    document_id: int
    recommender: str
    proposals: Sequence[Proposal]


class Accepted(NamedTuple):
    """What accepting suggestions made (`Project.accept_suggestions`), for its undo: the
    annotations and relations added, and the suggestions taken away."""

    annotations: list[Annotation]
    relations: list[Relation]
    suggestions: list[Suggestion]


class RejectionKey(NamedTuple):
    """What a rejection remembers: a label and a normalized text (`rules.suggestion_key`)."""

    label: str
    key: str


def rejection_key(label: str, key: str | None, text: str) -> RejectionKey:
    """What a rejection of a suggestion of `label` over `text` remembers: the term its
    recommender matched (`key`) when it gave one, else the text (`rules.suggestion_key`)."""
    return RejectionKey(label, key or suggestion_key(text))


class Rejected(NamedTuple):
    """What rejecting suggestions did (`Project.reject_suggestions`), for its undo: the
    suggestions taken away (the chosen ones; others of a rejected label and text are hidden
    from then on, not removed) and the rejections newly remembered."""

    suggestions: list[Suggestion]
    keys: list[RejectionKey]
