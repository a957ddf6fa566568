"""Attribute values a new span starts with: the label's defaults, and for a span with a count
attribute (CASUALTY) the count, qualifier and outcome read from its text and its context."""

from __future__ import annotations

from typing import Any

from annotator.store import LabelDef

CONTEXT_CHARS = 60


def initial_attributes(label: LabelDef, text: str, start: int, end: int) -> dict[str, Any]:
    """Defaults of `label`'s attributes, overridden by what the span's text says."""
    attributes = {a["name"]: a["default"] for a in label.attributes if "default" in a}
    if any(a.get("type") == "count" for a in label.attributes):
        attributes.update(read_casualty(label, text, start, end))
    return attributes


def read_casualty(label: LabelDef, text: str, start: int, end: int) -> dict[str, Any]:
    """Count (an integer or [low, high]), qualifier and outcome of a casualty span, as far as
    `annotator.text.read_count` can tell; values the label does not allow are left out."""
    from annotator.text import read_count

    context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    reading = read_count(text[start:end], context)
    if reading is None:
        return {}
    found: dict[str, Any] = {}
    count = _count_value(reading.value, reading.low, reading.high)
    for definition in label.attributes:
        name, kind = definition.get("name"), definition.get("type")
        if kind == "count" and count is not None:
            found[name] = count
        elif kind == "choice" and name in ("qualifier", "outcome"):
            value = getattr(reading, name, None)
            if value is not None and value in definition.get("values", []):
                found[name] = value
    return found


def _count_value(value: int | None, low: int | None, high: int | None) -> int | list[int] | None:
    if value is not None:
        return int(value)
    if low is not None and high is not None:
        return int(low) if low == high else [int(low), int(high)]
    return None


def format_count(count: Any) -> str:
    """A count attribute as a person writes it: `12`, `10–15`, or empty."""
    if count is None:
        return ""
    if isinstance(count, list | tuple) and len(count) == 2:
        return f"{count[0]}–{count[1]}"
    return str(count)


def parse_count(text: str) -> int | list[int] | None:
    """`12` -> 12, `10-15` / `10–15` -> [10, 15], empty -> None; ValueError otherwise.

    Arabic-Indic digits are accepted.
    """
    cleaned = text.strip().translate(_DIGITS)
    if not cleaned:
        return None
    for dash in ("–", "—", "-", "..", " to "):
        if dash in cleaned:
            low, _, high = cleaned.partition(dash)
            low_n, high_n = int(low.strip()), int(high.strip())
            if low_n < 0 or high_n < low_n:
                raise ValueError(f"{text!r}: a range needs low ≤ high")
            return low_n if low_n == high_n else [low_n, high_n]
    number = int(cleaned)
    if number < 0:
        raise ValueError(f"{text!r}: a count cannot be negative")
    return number


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
