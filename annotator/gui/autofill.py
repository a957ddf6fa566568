"""Attribute values a new span starts with: the label's defaults, and for a span with a count
attribute (CASUALTY) the count, qualifier and outcome read from its text and its context."""

from __future__ import annotations

import re
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
    """`12` -> 12, `10-15` / `10–15` -> [10, 15], empty -> None; ValueError ("… is not a
    number") otherwise.

    Arabic-Indic digits and thousands separators (`3,000`, `٣٬٠٠٠`) are accepted, and so is
    text without digits made only of number words as `annotator.text.read_count` reads them
    (`خمسة وعشرون` -> 25, `ثلاثة آلاف` -> 3000, `عشرات` -> [20, 99]).
    """
    cleaned = _THOUSANDS.sub("", text.strip().translate(_DIGITS))
    if not cleaned:
        return None
    if not any(char.isdigit() for char in cleaned):
        return _count_in_words(text)
    if cleaned.startswith("-") and cleaned[1:].strip().isdigit():
        raise ValueError(f"{text.strip()!r}: a count cannot be negative")
    for dash in ("–", "—", "-", "..", " to "):
        if dash in cleaned:
            low, _, high = cleaned.partition(dash)
            low_n, high_n = _whole_number(low, text), _whole_number(high, text)
            if high_n < low_n:
                raise ValueError(f"{text.strip()!r}: a range needs low ≤ high")
            return low_n if low_n == high_n else [low_n, high_n]
    return _whole_number(cleaned, text)


def _whole_number(digits: str, text: str) -> int:
    digits = digits.strip()
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"{text.strip()!r} is not a number")
    return int(digits)


def _count_in_words(text: str) -> int | list[int]:
    """The count that number words state, when every word is one (`read_count` alone also
    reads a count from a phrase such as «مقتل خمسة», which a count field must refuse)."""
    from annotator.text import read_count

    words = text.split()
    reading = read_count(text)
    if reading is None or any(read_count(word) is None for word in words):
        raise ValueError(f"{text.strip()!r} is not a number")
    count = _count_value(reading.value, reading.low, reading.high)
    if count is None:
        raise ValueError(f"{text.strip()!r} is not a number")
    return count


_THOUSANDS = re.compile(r"(?<=\d)[,٬،](?=\d{3}(?!\d))")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
