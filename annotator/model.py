"""Plain data records shared by the store, the formats and the agreement code (no Qt, no SQL).

Offsets are Python code points, end-exclusive, everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The largest document text (UTF-8 bytes) an import accepts unless told otherwise.
DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class SpanRecord:
    """One labelled span of a document's text."""

    start: int
    end: int
    label: str
    id: str | None = None
    annotator: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    text: str | None = None


@dataclass(slots=True)
class RelationRecord:
    """A directed link between two spans of the same document, by span id."""

    head: str
    tail: str
    label: str
    id: str | None = None
    annotator: str | None = None


@dataclass
class DocRecord:
    """A document with its spans and relations, as importers produce and exporters consume."""

    text: str
    name: str = ""
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    line: int | None = None  # where the record starts in its source file, for error messages
    source: str | None = None


class InputError(ValueError):
    """Bad input: names the file, the line (1-based, or None) and what is wrong."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        return (InputError, (self.path, self.line, self.message))


class BatchError(ValueError):
    """Several bad inputs at once; nothing was written."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} bad input(s), nothing imported:\n{lines}")

    def __reduce__(self):
        return (BatchError, (self.errors,))
