"""Input records of the agreement measures (pure Python, no numpy).

A :class:`DocAnnotations` holds one document's annotations by several annotators. The store
builds them only for documents every compared annotator marked done; an annotator listed in the
compared set but absent from ``spans`` / ``relations`` is taken to have annotated nothing in that
document (an empty annotation, not a missing one).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import SchemaError
from annotator.model import RelationRecord, SpanRecord
from annotator.rules import Count


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


SD_KIND = "population"
SD_DEFINITION = (
    "SD: population standard deviation (ddof=0, as bratiaa's np.std) of the per-pair values "
    "over the annotator pairs with a defined value; 0 with one pair"
)


def mean_sd(values: Iterable[float | None]) -> tuple[float | None, float | None]:
    """Mean and population standard deviation (ddof=0) of the values that are not ``None``;
    ``(None, None)`` when there are none. The spread reported beside every pairwise mean."""
    kept = [float(v) for v in values if v is not None]
    if not kept:
        return None, None
    return statistics.fmean(kept), statistics.pstdev(kept)


def parse_count(value: Any) -> tuple[float, float] | None:
    """A CASUALTY ``count`` attribute as ``(low, high)`` (``12`` -> ``(12.0, 12.0)``); ``None``
    for no count and for a value `annotator.rules.Count.parse` refuses."""
    try:
        count = Count.parse(value)
    except SchemaError:
        return None
    if count is None:
        return None
    low, high = count
    return (float(low), float(high))
