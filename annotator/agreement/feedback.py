"""How one annotator's spans differ from the gold standard's (no Qt; numpy on first use).

The matching is the agreement's (:func:`annotator.agreement.spans.greedy_match`): spans of the
same label are matched one-to-one greedily by largest overlap. The spans left over on both sides
are then matched the same way across labels: such a pair is a *label* difference. Each gold span
and each of the annotator's spans ends up in exactly one :class:`GoldDifference`:

* ``missing`` - a gold span the annotator has no span for;
* ``extra`` - the annotator's span gold has nothing for;
* ``label`` - overlapping spans with different labels (boundaries may differ too);
* ``boundaries`` - the same label, different start or end;
* ``attributes`` - the same label and boundaries, some attribute differs;
* ``same`` - identical label, boundaries and attributes.

``attributes`` of a difference lists every attribute whose values differ, as
``{name: (own, gold)}`` (None where one side has no value), for every matched pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.model import SpanRecord

MISSING = "missing"
EXTRA = "extra"
LABEL = "label"
BOUNDARIES = "boundaries"
ATTRIBUTES = "attributes"
SAME = "same"
DIFFERENCE_KINDS = (MISSING, EXTRA, LABEL, BOUNDARIES, ATTRIBUTES)


@dataclass(frozen=True)
class GoldDifference:
    """One gold span and/or one of the annotator's spans, and how they differ."""

    kind: str
    own: SpanRecord | None
    gold: SpanRecord | None
    attributes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return min(s.start for s in (self.own, self.gold) if s is not None)

    @property
    def end(self) -> int:
        return max(s.end for s in (self.own, self.gold) if s is not None)


def _attribute_changes(own: SpanRecord, gold: SpanRecord) -> dict[str, tuple[Any, Any]]:
    names = dict.fromkeys([*own.attributes, *gold.attributes])
    return {
        name: (own.attributes.get(name), gold.attributes.get(name))
        for name in names
        if own.attributes.get(name) != gold.attributes.get(name)
    }


def _match(own: Sequence[SpanRecord], gold: Sequence[SpanRecord]) -> list[tuple[int, int]]:
    """One-to-one pairs (own index, gold index) by largest overlap (label ignored)."""
    if not own or not gold:
        return []
    import numpy as np  # on first use, as the agreement package loads numpy

    from annotator.agreement.spans import greedy_match

    ia, ib = greedy_match(
        np.array([s.start for s in own], dtype=np.int64),
        np.array([s.end for s in own], dtype=np.int64),
        np.array([s.start for s in gold], dtype=np.int64),
        np.array([s.end for s in gold], dtype=np.int64),
    )
    return [(int(a), int(b)) for a, b in zip(ia, ib, strict=True)]


def compare_with_gold(
    own: Sequence[SpanRecord], gold: Sequence[SpanRecord]
) -> list[GoldDifference]:
    """Every span of `own` and `gold` in one difference (see the module docstring), in text
    order."""
    out: list[GoldDifference] = []
    left_own, left_gold = set(range(len(own))), set(range(len(gold)))
    for label in sorted({s.label for s in own} & {s.label for s in gold}):
        mine = [i for i in sorted(left_own) if own[i].label == label]
        theirs = [j for j in sorted(left_gold) if gold[j].label == label]
        for a, b in _match([own[i] for i in mine], [gold[j] for j in theirs]):
            i, j = mine[a], theirs[b]
            left_own.discard(i)
            left_gold.discard(j)
            changes = _attribute_changes(own[i], gold[j])
            same_edges = (own[i].start, own[i].end) == (gold[j].start, gold[j].end)
            kind = BOUNDARIES if not same_edges else ATTRIBUTES if changes else SAME
            out.append(GoldDifference(kind, own[i], gold[j], changes))
    mine, theirs = sorted(left_own), sorted(left_gold)
    for a, b in _match([own[i] for i in mine], [gold[j] for j in theirs]):
        i, j = mine[a], theirs[b]
        left_own.discard(i)
        left_gold.discard(j)
        out.append(GoldDifference(LABEL, own[i], gold[j], _attribute_changes(own[i], gold[j])))
    out += [GoldDifference(EXTRA, own[i], None) for i in left_own]
    out += [GoldDifference(MISSING, None, gold[j]) for j in left_gold]
    out.sort(key=lambda d: (d.start, -d.end, d.kind))
    return out
