"""The read stage: the selected documents through the store's read model
(`store.readmodel.export_batches`), each cut down to the annotations an output holds: one
annotator's (labels filtered) or those a majority of voters share.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.formats.jsonl import StoredNote
from annotator.model import Tokenization
from annotator.rules import vote_doc_label
from annotator.store.readmodel import (
    RELATION_HEAD,
    RELATION_TAIL,
    SPAN_ATTRIBUTES,
    SPAN_LABEL,
    SPAN_UUID,
    ExportDoc,
    ExportNote,
    ExportRelation,
    ExportSpan,
    export_batches,
)
from annotator.store.rows import to_json

from .options import ExportCancelled

if TYPE_CHECKING:
    from annotator.store.readmodel import ReadSource

__all__ = ["Payload", "Progress", "Selection", "majority", "payloads", "single"]


class Payload(NamedTuple):
    """A document as the writers get it: metadata as the stored JSON; spans (uuid, start,
    end, label, annotator name, attributes JSON) and relations (uuid, head, tail, label,
    annotator name) as `store.readmodel.ExportSpan`/`ExportRelation` lay them out; the
    document labels of the output's annotator (or those a majority shares); the notes on its
    spans (anyone's) and the output's annotator's on the document, as
    `formats.jsonl.StoredNote` lays them out."""

    id: int
    name: str
    text: str
    meta: str
    spans: list[ExportSpan]
    relations: list[ExportRelation]
    tokens: Tokenization | None  # the document's own tokens and sentences, when it has them
    doc_labels: dict[str, Any]
    notes: Sequence[StoredNote] = ()


class Progress:
    """Documents written over every output, reported to `callback`; `cancelled` polled."""

    def __init__(
        self,
        total: int,
        callback: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = total
        self.done = 0
        self.callback = callback
        self.cancelled = cancelled

    def check(self) -> None:
        """ExportCancelled once `cancelled()` says so."""
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("export cancelled")

    def advance(self, n: int) -> None:
        self.done += n
        if self.callback is not None:
            self.callback(self.done, self.total)


Pick = Callable[[ExportDoc], Payload]


@dataclass(frozen=True)
class Selection:
    """Whose annotations an output holds (picklable, for worker processes): one annotator's,
    or those at least `k` of the `voters` share; of `labels` only (None: all)."""

    voters: tuple[tuple[str, int], ...]  # (name, id); one annotator: just that one
    k: int | None  # None: one annotator's
    labels: frozenset[str] | None

    def pick(self, counts: Counter[str]) -> Pick:
        """The function making a document's payload, counting what it leaves out."""
        if self.k is None:
            return single(self.voters[0][1], self.labels, counts)
        return majority(list(self.voters), self.k, self.labels, counts)


def payloads(
    source: ReadSource,
    ids: list[int] | None,
    selection: Selection,
    counts: Counter[str],
    check: Callable[[], None],
    *,
    spans_only: bool = False,
) -> Iterator[list[Payload]]:
    """Batches of the documents `ids` (None: all) holding `selection`'s annotations; `source`
    as `store.readmodel.export_batches` takes it (`spans_only`: as it says)."""
    pick = selection.pick(counts)
    annotator_ids = [aid for _, aid in selection.voters]
    for batch in export_batches(source, ids, annotator_ids, check, spans_only=spans_only):
        yield [pick(doc) for doc in batch]


def single(aid: int, labels: frozenset[str] | None, counts: Counter[str]) -> Pick:
    """One annotator's spans and relations of a document (labels filtered)."""

    def pick(doc: ExportDoc) -> Payload:
        doc_id, doc_name, text, meta, spans_by, relations_by, tokens, labels_by, all_notes = doc
        spans = spans_by.get(aid, [])
        relations = relations_by.get(aid, [])
        doc_labels = labels_by.get(aid, {})
        if labels is None:
            notes = _notes_of(all_notes, spans, aid)
            return Payload(
                doc_id, doc_name, text, meta, spans, relations, tokens, doc_labels, notes
            )
        kept_spans = [span for span in spans if span[SPAN_LABEL] in labels]
        counts["spans_other_labels"] += len(spans) - len(kept_spans)
        kept = {span[SPAN_UUID] for span in kept_spans}
        kept_relations = [
            r for r in relations if r[RELATION_HEAD] in kept and r[RELATION_TAIL] in kept
        ]
        counts["relations_other_labels"] += len(relations) - len(kept_relations)
        notes = _notes_of(all_notes, kept_spans, aid)
        return Payload(
            doc_id, doc_name, text, meta, kept_spans, kept_relations, tokens, doc_labels, notes
        )

    return pick


def majority(
    voters: list[tuple[str, int]], k: int, labels: frozenset[str] | None, counts: Counter[str]
) -> Pick:
    """Spans and relations at least `k` voters share; attributes by agreement, else majority."""
    order = [aid for _, aid in voters]  # name order

    def pick(doc: ExportDoc) -> Payload:
        doc_id, doc_name, text, meta, spans_by, relations_by, tokens, labels_by, all_notes = doc
        votes: dict[tuple[str, int, int], list[ExportSpan]] = {}
        key_of: dict[str, tuple[str, int, int]] = {}
        for aid in order:
            seen: set[tuple[str, int, int]] = set()
            for row in spans_by.get(aid, ()):
                uuid, start, end, label = row[:4]
                key = (label, start, end)
                key_of[uuid] = key
                if labels is not None and label not in labels:
                    counts["spans_other_labels"] += 1
                    continue
                if key not in seen:
                    seen.add(key)
                    votes.setdefault(key, []).append(row)
        chosen: dict[tuple[str, int, int], str] = {}
        spans: list[ExportSpan] = []
        for key, rows in sorted(votes.items(), key=lambda kv: (kv[0][1], -kv[0][2], kv[0][0])):
            if len(rows) < k:
                counts["spans_below_majority"] += 1
                continue
            attributes = _voted_attributes([row[SPAN_ATTRIBUTES] for row in rows], counts)
            label, start, end = key
            chosen[key] = uuid = rows[0][SPAN_UUID]  # the first voter's
            spans.append((uuid, start, end, label, None, attributes, None))
        relation_votes: dict[tuple, list[str]] = {}
        for aid in order:
            seen_relations: set[tuple] = set()
            for uuid, head, tail, label, _ in relations_by.get(aid, ()):
                rkey = (label, key_of.get(head), key_of.get(tail))
                if rkey not in seen_relations:
                    seen_relations.add(rkey)
                    relation_votes.setdefault(rkey, []).append(uuid)
        relations: list[ExportRelation] = []
        for (label, head, tail), uuids in relation_votes.items():
            if head in chosen and tail in chosen and len(uuids) >= k:
                relations.append((uuids[0], chosen[head], chosen[tail], label, None))
            elif labels is not None and (head not in votes or tail not in votes):
                counts["relations_other_labels"] += 1
            else:
                counts["relations_below_majority"] += 1
        doc_labels = _voted_doc_labels([labels_by.get(aid, {}) for aid in order], k, counts)
        notes = _notes_of(all_notes, spans, None)
        return Payload(doc_id, doc_name, text, meta, spans, relations, tokens, doc_labels, notes)

    return pick


def _notes_of(
    notes: Sequence[ExportNote], spans: list[ExportSpan], author: int | None
) -> list[StoredNote]:
    """The notes an output holds: those on its spans (anyone's) and, when it is one
    annotator's (`author`), theirs on the document."""
    if not notes:
        return []
    kept = {span[SPAN_UUID] for span in spans}
    return [
        StoredNote(on=n.on, author=n.author, text=n.text, needs_review=n.needs_review, at=n.at)
        for n in notes
        if (n.on in kept if n.on is not None else n.author_id == author)
    ]


def _voted_doc_labels(
    ballots: list[dict[str, Any]], k: int, counts: Counter[str]
) -> dict[str, Any]:
    """The document labels at least `k` voters give the same value, one value having the
    most votes (`rules.vote_doc_label`: a tie is no agreement); in voter order."""
    voted: dict[str, Any] = {}
    for name in dict.fromkeys(name for ballot in ballots for name in ballot):
        vote = vote_doc_label((b[name] for b in ballots if name in b), k)
        if vote.value is not None:
            voted[name] = vote.value
        else:
            counts["doc_labels_tied" if vote.tie else "doc_labels_below_majority"] += 1
    return voted


def _voted_attributes(encoded: list[str], counts: Counter[str]) -> str:
    """The attribute JSON of a voted span from its voters' attribute JSON (voter order)."""
    if all(value == encoded[0] for value in encoded):
        return encoded[0]
    values = [json.loads(value) for value in encoded]
    names = list(dict.fromkeys(name for value in values for name in value))
    merged = {}
    for name in names:
        ballots = [  # None: the voter has no value
            json.dumps(value[name], sort_keys=True) if name in value else None for value in values
        ]
        if all(ballot == ballots[0] for ballot in ballots):
            winner = ballots[0]
        else:
            counts["attributes_by_majority"] += 1
            tally = Counter(ballots)
            best = max(tally.values())
            winner = next(ballot for ballot in ballots if tally[ballot] == best)
        if winner is not None:
            merged[name] = json.loads(winner)
    return to_json(merged)  # as the store writes attributes
