"""Input records of the agreement measures (pure Python, no numpy).

A :class:`DocAnnotations` holds one document's annotations by several annotators. The store
builds them only for documents every compared annotator marked done; an annotator listed in the
compared set but absent from ``spans`` / ``relations`` is taken to have annotated nothing in that
document (an empty annotation, not a missing one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

from annotator.model import RelationRecord, SpanRecord

CASUALTY = "CASUALTY"
CLAIM = "CLAIM"
ACTOR = "ACTOR"
SOURCE = "source"
COUNT_ATTRIBUTE = "count"


@dataclass
class DocAnnotations:
    """One document's spans and relations per annotator.

    ``tokens`` are the document's token spans (code points, end-exclusive, sorted, not
    overlapping); they are only used by the token-level measures. ``text_length`` is the length
    of the text in code points: the continuum of the unitizing alpha. Spans are clipped to
    ``[0, text_length)``; spans that are empty after clipping are ignored by every measure.
    """

    doc_id: str
    text_length: int
    tokens: Sequence[tuple[int, int]] = field(default_factory=list)
    spans: dict[str, list[SpanRecord]] = field(default_factory=dict)
    relations: dict[str, list[RelationRecord]] = field(default_factory=dict)

    def spans_of(self, annotator: str) -> list[SpanRecord]:
        """The annotator's spans (an empty list when the annotator marked nothing)."""
        return self.spans.get(annotator) or []

    def relations_of(self, annotator: str) -> list[RelationRecord]:
        """The annotator's relations (an empty list when there are none)."""
        return self.relations.get(annotator) or []


def check_annotators(annotators: Sequence[str]) -> list[str]:
    """Return ``annotators`` as a list; raise ``ValueError`` on duplicates."""
    names = list(annotators)
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate annotator names in {names!r}")
    return names


def parse_count(value: Any) -> tuple[float, float] | None:
    """Normalise a CASUALTY ``count`` attribute to ``(low, high)``; ``None`` if not a count.

    Accepted: a number (``12`` -> ``(12, 12)``), a numeric string, a two-element list/tuple
    ``[low, high]``, or a dict with ``low``/``high`` (also ``min``/``max``, ``from``/``to``).
    A range with only one bound known, booleans and anything else are not counts.
    """
    if type(value) is int:
        return (float(value), float(value))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Real):
        number = float(value)
        return (number, number) if number == number else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return (number, number) if number == number else None
    low: Any
    high: Any
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            return None
        low, high = value
    elif isinstance(value, dict):
        for low_key, high_key in (("low", "high"), ("min", "max"), ("from", "to")):
            if low_key in value or high_key in value:
                low, high = value.get(low_key), value.get(high_key)
                break
        else:
            return None
    else:
        return None
    low_pair, high_pair = parse_count(low), parse_count(high)
    if low_pair is None or high_pair is None:
        return None
    lo, hi = low_pair[0], high_pair[0]
    return (lo, hi) if lo <= hi else (hi, lo)
