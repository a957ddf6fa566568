"""Per-document disagreement listing and gold pre-merge (pure Python, no numpy).

Clusters (:func:`disagreements`): the spans of all compared annotators are first grouped per
label into connected groups of overlapping spans (sharing at least one character). Two such groups
of *different* labels are then joined into one cluster when no annotator is in both and their
extents overlap with a Jaccard ratio (shared / combined characters) of at least
``label_conflict_jaccard`` (default 0.5): the annotators marked the same stretch with different
labels. A CLAIM containing an ACTOR marked by the same annotators stays two clusters (nesting is
not a conflict). Each cluster gets one ``kind``:

* ``"label_conflict"`` - the cluster holds more than one label;
* ``"subset"`` - one label, but not every annotator has a span in it (``annotators`` says who
  found it; one name = found by one annotator only);
* ``"agree"`` - every annotator has exactly one span, all with the same boundaries and label;
* ``"partial_overlap"`` - every annotator has a span of the same label, boundaries differ (or an
  annotator has several spans in the cluster).

``exact`` is true when all spans of the cluster have identical boundaries and label.

Gold pre-merge (:func:`auto_merge`): spans with identical ``(start, end, label)`` proposed by at
least ``min_agree`` annotators become one :class:`MergedSpanRecord` (a ``SpanRecord`` subclass)
listing its proposers in ``annotators``. An attribute is kept when every proposer gave it with the
same value; otherwise it goes to ``attribute_conflicts[key] = {annotator: value}`` (annotators
that did not set it are absent from that dict). Merged spans get local ids ``"m1"``, ``"m2"``...
in position order, which :func:`auto_merge_relations` uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.agreement.data import DocAnnotations, check_annotators
from annotator.model import RelationRecord, SpanRecord

AGREE = "agree"
PARTIAL_OVERLAP = "partial_overlap"
LABEL_CONFLICT = "label_conflict"
SUBSET = "subset"
KINDS = (AGREE, PARTIAL_OVERLAP, LABEL_CONFLICT, SUBSET)


@dataclass
class Cluster:
    """A group of overlapping spans across annotators, with its disagreement kind."""

    start: int
    end: int
    kind: str
    labels: list[str]
    spans: dict[str, list[SpanRecord]]
    annotators: list[str]
    missing: list[str]
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (spans as ``{start, end, label, id}``)."""
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "labels": list(self.labels),
            "annotators": list(self.annotators),
            "missing": list(self.missing),
            "exact": self.exact,
            "spans": {
                name: [
                    {"start": s.start, "end": s.end, "label": s.label, "id": s.id} for s in spans
                ]
                for name, spans in self.spans.items()
            },
        }


def _clip(span: SpanRecord, length: int) -> tuple[int, int]:
    return max(span.start, 0), min(span.end, length)


class _Piece(NamedTuple):
    """A span clipped to the text, with its label and annotator."""

    start: int
    end: int
    label: str
    annotator: str
    span: SpanRecord


def disagreements(
    doc: DocAnnotations,
    annotators: Sequence[str],
    *,
    label_conflict_jaccard: float = 0.5,
) -> list[Cluster]:
    """Clusters of overlapping spans of ``doc`` with their kind, sorted by position."""
    names = check_annotators(annotators)
    items: list[_Piece] = []
    for name in names:
        for span in doc.spans_of(name):
            start, end = _clip(span, doc.text_length)
            if end > start:
                items.append(_Piece(start, end, span.label, name, span))
    # 1. per label: connected groups of overlapping spans
    items.sort(key=lambda x: (x.label, x.start, x.end))
    groups: list[list[_Piece]] = []
    reach = -1
    for item in items:
        if groups and item.label == groups[-1][0].label and item.start < reach:
            groups[-1].append(item)
            reach = max(reach, item.end)
        else:
            groups.append([item])
            reach = item.end
    extents = [(min(x.start for x in g), max(x.end for x in g)) for g in groups]
    owners = [{x.annotator for x in g} for g in groups]
    # 2. join groups of different labels marking the same stretch by different annotators
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_start = sorted(range(len(groups)), key=lambda i: extents[i])
    for pos, i in enumerate(by_start):
        si, ei = extents[i]
        for j in by_start[pos + 1 :]:
            sj, ej = extents[j]
            if sj >= ei:
                break
            if groups[i][0].label == groups[j][0].label or owners[i] & owners[j]:
                continue
            shared = min(ei, ej) - max(si, sj)
            if shared / (max(ei, ej) - min(si, sj)) >= label_conflict_jaccard:
                parent[find(j)] = find(i)
    merged: dict[int, list[_Piece]] = {}
    for i, g in enumerate(groups):
        merged.setdefault(find(i), []).extend(g)
    clusters = [_classify(members, names) for members in merged.values()]
    clusters.sort(key=lambda c: (c.start, c.end, c.labels))
    return clusters


def _classify(members: list[_Piece], names: list[str]) -> Cluster:
    spans: dict[str, list[SpanRecord]] = {}
    for piece in sorted(members, key=lambda x: (x.start, x.end, x.label)):
        spans.setdefault(piece.annotator, []).append(piece.span)
    present = [n for n in names if n in spans]
    missing = [n for n in names if n not in spans]
    labels = sorted({x.label for x in members})
    exact = len({(x.start, x.end, x.label) for x in members}) == 1
    if len(labels) > 1:
        kind = LABEL_CONFLICT
    elif missing:
        kind = SUBSET
    elif exact and all(len(v) == 1 for v in spans.values()):
        kind = AGREE
    else:
        kind = PARTIAL_OVERLAP
    return Cluster(
        start=min(x.start for x in members),
        end=max(x.end for x in members),
        kind=kind,
        labels=labels,
        spans={n: spans[n] for n in present},
        annotators=present,
        missing=missing,
        exact=exact,
    )


@dataclass
class MergedSpanRecord(SpanRecord):
    """A gold-candidate span: who proposed it and which attributes disagreed."""

    annotators: list[str] = field(default_factory=list)
    attribute_conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _proposals(
    doc: DocAnnotations, names: list[str]
) -> dict[tuple[int, int, str], dict[str, SpanRecord]]:
    found: dict[tuple[int, int, str], dict[str, SpanRecord]] = {}
    for name in names:
        for span in doc.spans_of(name):
            start, end = _clip(span, doc.text_length)
            if end > start:
                found.setdefault((start, end, span.label), {}).setdefault(name, span)
    return found


def auto_merge(
    doc: DocAnnotations, annotators: Sequence[str], min_agree: int = 2
) -> list[MergedSpanRecord]:
    """Spans (exact boundaries and label) proposed by at least ``min_agree`` annotators.

    Raises ``ValueError`` unless ``1 <= min_agree <= len(annotators)``.
    """
    names = check_annotators(annotators)
    if not 1 <= min_agree <= len(names):
        raise ValueError(f"min_agree must be between 1 and {len(names)}, got {min_agree}")
    merged: list[MergedSpanRecord] = []
    for (start, end, label), by_name in sorted(_proposals(doc, names).items()):
        if len(by_name) < min_agree:
            continue
        proposers = [n for n in names if n in by_name]
        attributes, conflicts = _merge_attributes({n: by_name[n] for n in proposers})
        text = next((s.text for s in by_name.values() if s.text is not None), None)
        merged.append(
            MergedSpanRecord(
                start=start,
                end=end,
                label=label,
                id=f"m{len(merged) + 1}",
                attributes=attributes,
                text=text,
                annotators=proposers,
                attribute_conflicts=conflicts,
            )
        )
    return merged


def _merge_attributes(
    spans: dict[str, SpanRecord],
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    keys: dict[str, None] = {}
    for span in spans.values():
        for key in span.attributes or {}:
            keys.setdefault(key, None)
    kept: dict[str, Any] = {}
    conflicts: dict[str, dict[str, Any]] = {}
    for key in keys:
        given = {n: s.attributes[key] for n, s in spans.items() if key in (s.attributes or {})}
        values = list(given.values())
        if len(given) == len(spans) and all(v == values[0] for v in values[1:]):
            kept[key] = values[0]
        else:
            conflicts[key] = given
    return kept, conflicts


def auto_merge_relations(
    doc: DocAnnotations,
    annotators: Sequence[str],
    merged: Sequence[MergedSpanRecord],
    min_agree: int = 2,
) -> list[RelationRecord]:
    """Relations between merged spans proposed by at least ``min_agree`` annotators (an
    annotator proposes a relation when its own head and tail spans are the merged spans'
    boundaries and labels). Heads and tails refer to the merged spans' ids."""
    names = check_annotators(annotators)
    by_key = {(m.start, m.end, m.label): m for m in merged}
    votes: dict[tuple[str, str, str], set[str]] = {}
    for name in names:
        ids = {}
        for span in doc.spans_of(name):
            key = (*_clip(span, doc.text_length), span.label)
            if key in by_key and span.id is not None:
                ids[span.id] = by_key[key].id
        for rel in doc.relations_of(name):
            head, tail = ids.get(rel.head), ids.get(rel.tail)
            if head is not None and tail is not None:
                votes.setdefault((head, tail, rel.label), set()).add(name)
    order = {m.id: i for i, m in enumerate(merged)}

    def position(key: tuple[str, str, str]) -> tuple[int, int, str]:
        head, tail, label = key
        return order[head], order[tail], label

    result = [
        RelationRecord(head=h, tail=t, label=lab, id=f"mr{k + 1}")
        for k, (h, t, lab) in enumerate(
            sorted(
                (key for key, voters in votes.items() if len(voters) >= min_agree),
                key=position,
            )
        )
    ]
    return result
