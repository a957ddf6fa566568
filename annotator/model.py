"""Plain data records shared by the store, the formats and the agreement code (no Qt, no SQL).

Offsets are Python code points, end-exclusive, everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.errors import BatchError, InputError, SchemaError

__all__ = [
    "BatchError",
    "DocRecord",
    "InputError",
    "NoteRecord",
    "PlacedNote",
    "RelationRecord",
    "SpanRecord",
    "Tokenization",
]

# The largest document text (UTF-8 bytes) an import accepts unless told otherwise.
DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class NoteRecord:
    """A note written beside a span or a document: its text, its author (None: whoever the
    import is for), when it was last written (ISO 8601, None: unknown) and whether it is
    flagged "needs review"."""

    text: str
    author: str | None = None
    at: str | None = None
    needs_review: bool = False

    def to_json(self) -> dict[str, Any]:
        """The note as native JSONL writes it."""
        return {
            "text": self.text,
            "author": self.author,
            "at": self.at,
            "needs_review": self.needs_review,
        }


class PlacedNote(NamedTuple):
    """A note as an import carries it beside a document's spans, never inside metadata or
    attributes: on span number `span` of the document's spans as read (None: on the
    document itself)."""

    span: int | None
    note: NoteRecord


def placed_notes(doc: DocRecord) -> list[PlacedNote]:
    """The notes of `doc` (on it, then on its spans in order) as an import carries them."""
    placed = [PlacedNote(None, note) for note in doc.notes]
    for index, span in enumerate(doc.spans):
        placed += [PlacedNote(index, note) for note in span.notes]
    return placed


def notes_to_json(notes: list[NoteRecord]) -> list[dict[str, Any]]:
    return [note.to_json() for note in notes]


def notes_from_json(value: Any) -> list[NoteRecord]:
    """Notes read from JSON: one object or a list of them, each ``{"text", "author"?, "at"?,
    "needs_review"?}``; SchemaError saying what is wrong."""
    items = value if isinstance(value, list) else [value]
    notes = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise SchemaError('a note must be {"text": ..., "author"?, "at"?, "needs_review"?}')
        unknown = item.keys() - {"text", "author", "at", "needs_review"}
        author, at, flag = item.get("author"), item.get("at"), item.get("needs_review", False)
        if unknown or not isinstance(author, str | None) or not isinstance(at, str | None):
            raise SchemaError(f"a note's author and at must be strings: {item!r}")
        if not isinstance(flag, bool):
            raise SchemaError(f"a note's needs_review must be true or false, not {flag!r}")
        notes.append(NoteRecord(item["text"], (author or "").strip() or None, at, flag))
    return notes


@dataclass(slots=True)
class SpanRecord:
    """One labelled span of a document's text. ``score``: a model's confidence in it, in
    (0, 1], as read from a model's output (Label Studio predictions, a ``score`` in native
    JSONL) for an import as suggestions; None for anyone's annotation. ``suggested_by``: an
    annotation made by accepting a suggestion keeps where it came from (``{"recommender",
    "score"}``, as the store's `Annotation.suggested_by`); native JSONL carries it."""

    start: int
    end: int
    label: str
    id: str | None = None
    annotator: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    score: float | None = None
    suggested_by: dict[str, Any] | None = None
    notes: list[NoteRecord] = field(default_factory=list)  # written beside it


@dataclass(slots=True)
class RelationRecord:
    """A directed link between two spans of the same document, by span id."""

    head: str
    tail: str
    label: str
    id: str | None = None
    annotator: str | None = None


@dataclass(slots=True)
class Tokenization:
    """A document's own tokens and sentences, as a tokenized corpus (CoNLL, WebAnno TSV, Hugging
    Face, spaCy with tokens) gave them: token ``i`` is ``text[starts[i]:ends[i]]``; sentences
    begin at the token indices ``sentence_starts`` (the first is 0). Tokens are non-empty,
    sorted and never overlap; `annotator.rules.tokenization_problem` checks one against its text.
    Exports of the document write exactly these tokens and sentences. ``scheme``: the tag
    scheme its corpus used (one of `annotator.rules.TAG_SCHEMES`), which a CoNLL export writes
    by default; None when it had no tags."""

    starts: list[int]
    ends: list[int]
    sentence_starts: list[int]
    scheme: str | None = None

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def from_sentences(
        cls, sentences: list[list[tuple[int, int]]], scheme: str | None = None
    ) -> Tokenization:
        """From sentences given as lists of ``(start, end)`` token offsets (empty ones skipped)."""
        starts: list[int] = []
        ends: list[int] = []
        sentence_starts: list[int] = []
        for sentence in sentences:
            if sentence:
                sentence_starts.append(len(starts))
                for start, end in sentence:
                    starts.append(start)
                    ends.append(end)
        return cls(starts, ends, sentence_starts, scheme)


@dataclass
class DocRecord:
    """A document with its spans and relations, as importers produce and exporters consume;
    ``notes``: those on the document itself (a span's are on the span)."""

    text: str
    name: str = ""
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    line: int | None = None  # where the record starts in its source file, for error messages
    source: str | None = None
    tokens: Tokenization | None = None  # its own tokens and sentences, when a corpus gave them
    # document labels (attribute name -> value) of the annotator whose spans these are
    doc_labels: dict[str, Any] = field(default_factory=dict)
    notes: list[NoteRecord] = field(default_factory=list)  # written on the document itself
