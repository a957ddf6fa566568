"""Helpers for stored rows that the project, the importer and the chunk preparer (bulk.py) share.
The rules a row must follow are `annotator.rules`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False)


def now() -> str:
    """The time stored with a row: UTC, ISO 8601 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
