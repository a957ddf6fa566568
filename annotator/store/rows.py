"""Rules for stored rows that the project and the chunked importer (bulk.py) share."""

from __future__ import annotations

import json
from datetime import UTC, datetime

to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False)


def now() -> str:
    """The time stamp of a stored row: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def checked_span(text: str, start: int, end: int, snapshot: str | None = None) -> str:
    """The piece of `text` a span covers; ValueError for offsets that are not integers inside
    the text or for a `snapshot` that is not the covered text."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ValueError(f"span offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside the text (length {len(text)})")
    piece = text[start:end]
    if snapshot is not None and snapshot != piece:
        raise ValueError(f"span {start}-{end} text {snapshot!r} does not match {piece!r}")
    return piece
