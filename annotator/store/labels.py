"""The label schema: the default (annotator/resources/labels.json) and attribute validation."""

from __future__ import annotations

import json
from typing import Any

from annotator.resources import resource
from annotator.store.records import LabelDef


def default_schema() -> dict:
    """The default label schema (ACTOR, CLAIM, CASUALTY and the CLAIM -> ACTOR `source`)."""
    return json.loads(resource("labels.json").read_text(encoding="utf-8"))


def validate_count(value: Any) -> int | list[int] | None:
    """A casualty count is a non-negative integer, a [low, high] range, or None (unknown)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"count must be an integer or a [low, high] range, not {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"count must not be negative: {value}")
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, list | tuple) and len(value) == 2:
        low, high = (validate_count(v) for v in value)
        if not isinstance(low, int) or not isinstance(high, int) or low > high:
            raise ValueError(f"count range must be [low, high] with low <= high, not {value!r}")
        return [low, high]
    raise ValueError(f"count must be an integer or a [low, high] range, not {value!r}")


def validate_attributes(label: LabelDef, attributes: dict[str, Any]) -> dict[str, Any]:
    """Check attribute values against the label's definitions; unknown names pass through."""
    if not isinstance(attributes, dict):
        raise ValueError(f"attributes must be an object, not {type(attributes).__name__}")
    clean: dict[str, Any] = {}
    for name, value in attributes.items():
        definition = label.attribute(name) or {}
        kind = definition.get("type")
        if kind == "choice" and value is not None and value not in definition.get("values", []):
            raise ValueError(
                f"{label.name}.{name} must be one of {definition.get('values')}, not {value!r}"
            )
        if kind == "count":
            value = validate_count(value)
        if (
            kind == "integer"
            and value is not None
            and not (isinstance(value, int) and not isinstance(value, bool))
        ):
            raise ValueError(f"{label.name}.{name} must be an integer, not {value!r}")
        clean[name] = value
    return clean
