"""Helpers for stored rows that the project, the importer and the chunk preparer (bulk.py) share.
The rules a row must follow are `annotator.rules`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False)


def now() -> str:
    """The time stored with a row: UTC, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


IN_LIST_SIZE = 500  # ids per `IN (...)` list: SQLite limits a statement's parameters


def id_batches(ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    """`ids` in parts of at most `IN_LIST_SIZE`, each with its placeholders ``?, ?, ...`` for
    an SQL ``IN (...)`` list."""
    for start in range(0, len(ids), IN_LIST_SIZE):
        part = list(ids[start : start + IN_LIST_SIZE])
        yield part, ", ".join("?" * len(part))
