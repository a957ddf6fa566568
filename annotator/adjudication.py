"""Review and adjudication of several annotators' work into a gold standard (no Qt).

The gold standard is the annotator named ``gold`` (role ``'gold'``); its spans remember who
proposed them in ``Annotation.proposed_by``, and its per-document status (new / in progress /
done) is the curation status. Every function here that writes is one transaction.

Decisions on the annotators' spans ("proposals") are kept in the ``curation`` table (schema v2):
``accepted`` links a proposal to the gold span made from it, ``rejected`` records that the curator
turned it down. A rejection stores the proposal's label and boundaries and no longer applies once
the annotator changes the span.

A cluster (:func:`annotator.agreement.disagreements`) is *resolved* when gold holds a span
decision for it - a gold span identical (label and boundaries) to one of its proposals or made
from one of them and edited since - or when every one of its proposals is rejected.

Relations: accepting a span copies the proposer's relations that touch it (as head or tail)
whose other end already has a gold counterpart (the gold span accepted from it, or a gold span
identical to it). The other end is never copied along: the curator decides every span, and the
relation follows when its second span is accepted, in either order. A gold head gets at most one
relation of a kind this way (one source per claim, as in the workbench); the first carried wins.

Document labels (the values of document attributes): gold holds its own, as for spans. The
first opening of a document for review (as for spans) puts into gold, for each attribute gold
has no value of yet, the value at least `min_agree` annotators gave (default: all of them, at
least two; a tie is no agreement, `rules.vote_doc_label`); an attribute some annotators gave a
value of and gold has none is left for review (`DocLabelReview`), and the curator picks gold's
value (`set_gold_doc_label`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.agreement import DocAnnotations, auto_merge, auto_merge_relations, disagreements
from annotator.agreement.feedback import GoldDifference, compare_with_gold
from annotator.agreement.review import Cluster
from annotator.errors import SchemaError, UsageError
from annotator.rules import (
    DONE,
    GOLD,
    GOLD_ROLE,
    IN_PROGRESS,
    NEW,
    relation_problem,
    vote_doc_label,
)
from annotator.store import Annotation, Project, Relation, curation
from annotator.store.curation import Decision, decisions
from annotator.store.project import now
from annotator.store.readmodel import annotation_exists

ACCEPTED = "accepted"
REJECTED = "rejected"
EDITED = "edited"


@dataclass
class ReviewCluster:
    """A disagreement cluster of one document with its resolution state.

    ``resolution`` is ``"accepted"`` (gold holds a span identical to one of the proposals),
    ``"edited"`` (gold holds a span made from one of them, changed since), ``"rejected"`` (every
    proposal rejected) or ``None`` (unresolved).
    """

    index: int
    cluster: Cluster
    proposals: list[Annotation]
    gold: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    resolution: str | None = None
    attribute_conflict: bool = False

    @property
    def resolved(self) -> bool:
        return self.resolution is not None

    @property
    def start(self) -> int:
        return self.cluster.start

    @property
    def end(self) -> int:
        return self.cluster.end

    @property
    def kind(self) -> str:
        return self.cluster.kind


@dataclass
class ReviewState:
    """One document under review: proposals, clusters, gold layer, decisions and status."""

    document_id: int
    text: str
    annotators: list[str]
    clusters: list[ReviewCluster]
    proposals: dict[str, Annotation]
    relations: list[Relation]
    gold: dict[str, Annotation]
    gold_relations: list[Relation]
    decisions: dict[str, Decision]
    status: str
    auto_merged: list[str] = field(default_factory=list)
    cluster_index: dict[str, int] = field(default_factory=dict)
    doc_labels: list[DocLabelReview] = field(default_factory=list)
    # put into gold on the first opening
    auto_merged_labels: dict[str, Any] = field(default_factory=dict)

    def cluster_of(self, uuid: str) -> ReviewCluster | None:
        """The cluster holding proposal `uuid`, or the first one gold span `uuid` resolves."""
        index = self.cluster_index.get(uuid)
        if index is not None:
            return self.clusters[index]
        return next((c for c in self.clusters if uuid in c.gold), None)

    def is_rejected(self, uuid: str) -> bool:
        cluster = self.cluster_of(uuid)
        return cluster is not None and uuid in cluster.rejected

    @property
    def unresolved(self) -> list[ReviewCluster]:
        return [c for c in self.clusters if not c.resolved]

    @property
    def unresolved_doc_labels(self) -> list[DocLabelReview]:
        return [review for review in self.doc_labels if not review.resolved]


@dataclass(frozen=True)
class DocLabelReview:
    """One document attribute of a document under review: the values the annotators gave (by
    annotator, those who gave one) and gold's. Resolved when gold has a value, or nobody
    gave one."""

    name: str
    definition: dict[str, Any]
    values: dict[str, Any]
    gold: Any = None

    @property
    def resolved(self) -> bool:
        return self.gold is not None or not self.values

    def agreed(self, min_agree: int) -> Any:
        """The value at least `min_agree` annotators gave, when exactly one has the most
        votes (`rules.vote_doc_label`: a tie is no agreement); else None."""
        return vote_doc_label(self.values.values(), min_agree).value


@dataclass(frozen=True)
class GoldLayer:
    """Everything the review changes in one document: gold spans, gold relations, decisions
    and curation status. Undo restores one of these (:func:`restore_gold_layer`)."""

    document_id: int
    annotations: tuple[Annotation, ...]
    relations: tuple[Relation, ...]
    decisions: tuple[Decision, ...]
    status: str
    doc_labels: str = "{}"  # gold's document labels, as JSON with sorted keys


# ---------------------------------------------------------------- reading


def ensure_gold(project: Project) -> int:
    """The id of the gold annotator, created with role 'gold' if needed."""
    return project.annotator_id(GOLD, role=GOLD_ROLE)


def gold_names(project: Project) -> set[str]:
    """Names of annotators with role 'gold' (and ``gold`` itself)."""
    return set(project.annotators(role=GOLD_ROLE)) | {GOLD}


def review_annotators(project: Project, document_id: int) -> list[str]:
    """Annotators (role 'annotator') with spans in the document or who marked it done."""
    return curation.annotators_with_work(project, document_id, leaving_out=GOLD)


def curation_status(project: Project, document_id: int) -> str:
    return project.status(document_id, GOLD)


def set_curation_status(project: Project, document_id: int, status: str) -> None:
    ensure_gold(project)
    project.set_status(document_id, GOLD, status)


@dataclass(frozen=True)
class LeftToReview:
    """What is left to review in a document: unresolved clusters and document labels."""

    clusters: int
    doc_labels: int

    @property
    def total(self) -> int:
        return self.clusters + self.doc_labels

    def __bool__(self) -> bool:
        return self.total > 0


def left_to_review(state: ReviewState) -> LeftToReview:
    """Count what is left to review in the document of `state` (`ReviewState.unresolved` and
    `unresolved_doc_labels`): the one count 'curation done' and `mark_done_if_resolved` use."""
    return LeftToReview(len(state.unresolved), len(state.unresolved_doc_labels))


def mark_done_if_resolved(project: Project, state: ReviewState) -> bool:
    """Mark the document of `state` done in the gold standard when nothing is left to review
    in it (`left_to_review`); True when this changed its status (False when something is left
    or it was done already)."""
    if left_to_review(state) or state.status == DONE:
        return False
    set_curation_status(project, state.document_id, DONE)
    return True


def doc_annotations(
    project: Project,
    document_id: int,
    annotators: Sequence[str],
    text: str | None = None,
    *,
    annotations: Iterable[Annotation] | None = None,
    relations: Iterable[Relation] | None = None,
) -> DocAnnotations:
    """The annotators' spans (ids = uuids) and relations of one document, for the measures
    (read from the store unless given)."""
    names = list(annotators)
    text = project.document_text(document_id) if text is None else text
    if annotations is None:
        annotations = project.annotations(document_id, names) if names else []
    if relations is None:
        relations = project.relations(document_id, names) if names else []
    spans: dict[str, list] = {name: [] for name in names}
    for ann in annotations:
        spans[ann.annotator].append(ann.to_span())
    links: dict[str, list] = {name: [] for name in names}
    for rel in relations:
        links[rel.annotator].append(rel.to_record())
    return DocAnnotations(str(document_id), len(text), spans=spans, relations=links)


def review_state(
    project: Project,
    document_id: int,
    annotators: Sequence[str] | None = None,
    *,
    auto_merged: Iterable[str] = (),
    previous: ReviewState | None = None,
) -> ReviewState:
    """The document's review state as stored (changes nothing).

    With `previous` (a state of the same document and annotators), its proposals, relations and
    clusters are reused and only the gold layer, decisions and status are read again: the quick
    refresh after a curation action, which never changes the annotators' spans.
    """
    if previous is not None and previous.document_id == document_id:
        names, text = previous.annotators, previous.text
        proposals, relations = previous.proposals, previous.relations
        clusters = [c.cluster for c in previous.clusters]
    else:
        names = (
            list(annotators) if annotators is not None else review_annotators(project, document_id)
        )
        if set(names) & gold_names(project):
            raise UsageError("the gold standard cannot be reviewed as one of the annotators")
        text = project.document_text(document_id)
        loaded = project.annotations(document_id, names) if names else []
        proposals = {a.uuid: a for a in loaded}
        relations = project.relations(document_id, names) if names else []
        doc = doc_annotations(
            project, document_id, names, text, annotations=loaded, relations=relations
        )
        clusters = disagreements(doc, names) if names else []
    gold = {a.uuid: a for a in project.annotations(document_id, GOLD)}
    gold_relations = project.relations(document_id, GOLD)
    found = decisions(project, document_id)
    gold_keys = {(g.label, g.start, g.end): g.uuid for g in gold.values()}
    reviewed: list[ReviewCluster] = []
    index: dict[str, int] = {}
    for number, cluster in enumerate(clusters):
        members = [proposals[s.id] for name in names for s in cluster.spans.get(name, [])]
        item = ReviewCluster(number, cluster, members)
        for ann in members:
            index[ann.uuid] = number
            decision = found.get(ann.uuid)
            held = gold_keys.get((ann.label, ann.start, ann.end))
            if held is None and decision and decision.decision == ACCEPTED:
                held = decision.gold_uuid if decision.gold_uuid in gold else None
            if held is not None:
                if held not in item.gold:
                    item.gold.append(held)
                differing = {
                    k: v for k, v in ann.attributes.items() if gold[held].attributes.get(k) != v
                }
                item.attribute_conflict |= bool(differing)
            elif decision and _is_valid_rejection(decision, ann):
                item.rejected.append(ann.uuid)
        if item.gold:
            keys = {(a.label, a.start, a.end) for a in members}
            identical = any((gold[g].label, gold[g].start, gold[g].end) in keys for g in item.gold)
            item.resolution = ACCEPTED if identical else EDITED
        elif members and len(item.rejected) == len(members):
            item.resolution = REJECTED
        reviewed.append(item)
    return ReviewState(
        document_id=document_id,
        text=text,
        annotators=names,
        clusters=reviewed,
        proposals=proposals,
        relations=relations,
        gold=gold,
        gold_relations=gold_relations,
        decisions=found,
        status=curation_status(project, document_id),
        auto_merged=list(auto_merged),
        cluster_index=index,
        doc_labels=doc_label_reviews(project, document_id, names),
    )


def _is_valid_rejection(decision: Decision, ann: Annotation) -> bool:
    return decision.decision == REJECTED and (decision.label, decision.start, decision.end) == (
        ann.label,
        ann.start,
        ann.end,
    )


def next_disagreement(
    state: ReviewState, position: int | None, forward: bool = True, *, wrap: bool = True
) -> int | None:
    """Index of the next (or previous) unresolved cluster after cluster index `position`
    (None: from the beginning, or the end when going back); wraps around unless `wrap` is
    False. None when every cluster is resolved."""
    count = len(state.clusters)
    if not count:
        return None
    if position is None:
        position = -1 if forward else count
    step = 1 if forward else -1
    order = [position + step * k for k in range(1, count + 1)]
    for index in order:
        if not 0 <= index < count:
            if not wrap:
                return None
            index %= count
        if not state.clusters[index].resolved:
            return index
    return None


def cluster_at(state: ReviewState, position: int) -> ReviewCluster | None:
    """The innermost (shortest) cluster holding the character at code point `position`."""
    holding = [c for c in state.clusters if c.start <= position < c.end]
    return min(holding, key=lambda c: (c.end - c.start, c.index)) if holding else None


# ---------------------------------------------------------------- opening and auto-merge


def open_for_review(
    project: Project,
    document_id: int,
    annotators: Sequence[str] | None = None,
    min_agree: int | None = None,
) -> ReviewState:
    """Open a document for review; on its first opening merge the agreed spans into gold.

    First opening: gold status 'new' and no gold span. Spans that at least `min_agree`
    annotators (default: all of them, and at least two) marked with identical label and
    boundaries become gold spans, with the attributes on which their proposers agree, the
    relations between them that as many annotators drew, ``proposed_by`` set, and their
    proposals linked as accepted; the agreed document labels gold has no value of
    (`merge_doc_labels`); the gold status becomes 'in progress'. One transaction. Later
    openings merge nothing: what the curator removed from gold stays removed.
    """
    names = list(annotators) if annotators is not None else review_annotators(project, document_id)
    project.document_text(document_id)
    merged: list[str] = []
    labels: dict[str, Any] = {}
    if curation_status(project, document_id) == NEW and not project.annotations(document_id, GOLD):
        with project.transaction():
            ensure_gold(project)
            if curation_status(project, document_id) == NEW and not project.annotations(
                document_id, GOLD
            ):
                merged = _auto_merge(project, document_id, names, min_agree)
                labels = merge_doc_labels(project, document_id, names, min_agree)
                project.set_status(document_id, GOLD, IN_PROGRESS)
    state = review_state(project, document_id, names, auto_merged=merged)
    state.auto_merged_labels = labels
    return state


def _auto_merge(
    project: Project, document_id: int, names: list[str], min_agree: int | None
) -> list[str]:
    if min_agree is None:
        if len(names) < 2:
            return []
        min_agree = len(names)
    if not names:
        return []
    doc = doc_annotations(project, document_id, names)
    merged = auto_merge(doc, names, min_agree)
    relations = auto_merge_relations(doc, names, merged, min_agree)
    by_key: dict[tuple[str, int, int], list[Annotation]] = {}
    for ann in project.annotations(document_id, names):
        by_key.setdefault((ann.label, ann.start, ann.end), []).append(ann)
    gold_ids: dict[str, str] = {}
    for span in merged:
        gold = project.add_annotation(
            document_id,
            GOLD,
            span.label,
            span.start,
            span.end,
            attributes=span.attributes,
            proposed_by=span.annotators,
        )
        gold_ids[span.id] = gold.uuid
        for ann in by_key.get((span.label, span.start, span.end), []):
            _write_decision(project, ann, ACCEPTED, gold.uuid)
    for rel in relations:
        project.add_relation(document_id, GOLD, rel.label, gold_ids[rel.head], gold_ids[rel.tail])
    return list(gold_ids.values())


# ---------------------------------------------------------------- document labels


def doc_label_reviews(
    project: Project, document_id: int, names: Sequence[str]
) -> list[DocLabelReview]:
    """Each document attribute of the project with the values `names` and gold gave."""
    given = project.doc_labels_by_document([*names, GOLD], [document_id]).get(document_id, {})
    gold = given.get(GOLD, {})
    reviews = []
    for definition in project.doc_attributes():
        name = definition["name"]
        values = {n: given[n][name] for n in names if name in given.get(n, {})}
        reviews.append(DocLabelReview(name, definition, values, gold.get(name)))
    return reviews


def merge_doc_labels(
    project: Project, document_id: int, names: Sequence[str], min_agree: int | None = None
) -> dict[str, Any]:
    """Put into gold each document label gold has no value of that at least `min_agree` of
    `names` gave the same (default: all of them, at least two); what it put (one
    transaction)."""
    if min_agree is None:
        if len(names) < 2:
            return {}
        min_agree = len(names)
    chosen = {
        review.name: value
        for review in doc_label_reviews(project, document_id, names)
        if review.gold is None and (value := review.agreed(min_agree)) is not None
    }
    if chosen:
        with project.transaction():
            ensure_gold(project)
            project.set_doc_labels(document_id, GOLD, chosen)
    return chosen


def set_gold_doc_label(project: Project, document_id: int, name: str, value: Any) -> Any:
    """Give gold's document label `name` the value `value` (None removes it): the curator's
    pick; returns the value it had (one transaction)."""
    with project.transaction():
        ensure_gold(project)
        return project.set_doc_label(document_id, GOLD, name, value)


# ---------------------------------------------------------------- decisions


def _proposal(project: Project, document_id: int, annotation_uuid: str) -> Annotation:
    ann = project.annotation(annotation_uuid)
    if ann.document_id != document_id:
        raise SchemaError(f"annotation {annotation_uuid} is not in document {document_id}")
    if ann.annotator in gold_names(project):
        raise SchemaError(f"annotation {annotation_uuid} is a gold span, not a proposal")
    return ann


def _write_decision(
    project: Project, ann: Annotation, decision: str, gold_uuid: str | None = None
) -> None:
    curation.write_decision(
        project,
        Decision(
            ann.uuid, ann.document_id, decision, gold_uuid, ann.label, ann.start, ann.end, now()
        ),
    )


def _gold_counterpart(project: Project, ann: Annotation, gold: dict[str, Annotation]) -> str | None:
    """The gold span accepted from `ann`, else a gold span identical to it."""
    accepted = curation.decided_gold_uuid(project, ann.uuid, ACCEPTED)
    if accepted in gold:
        return accepted
    return next(
        (
            g.uuid
            for g in gold.values()
            if (g.label, g.start, g.end) == (ann.label, ann.start, ann.end)
        ),
        None,
    )


def accept(project: Project, document_id: int, annotation_uuid: str) -> str:
    """Copy a proposal into gold with its attributes; returns the gold span's uuid.

    ``proposed_by`` lists every annotator with an identical span (label and boundaries), and
    each such span is recorded as accepted (replacing a rejection). The proposers' relations
    come along as described in the module docstring. When gold already holds an identical span
    nothing changes and its uuid is returned.
    """
    with project.transaction():
        proposal = _proposal(project, document_id, annotation_uuid)
        ensure_gold(project)
        key = (proposal.label, proposal.start, proposal.end)
        gold = {a.uuid: a for a in project.annotations(document_id, GOLD)}
        same = next((g for g in gold.values() if (g.label, g.start, g.end) == key), None)
        if same is not None:
            return same.uuid
        golds = gold_names(project)
        twins = [
            twin
            for twin in map(
                project.annotation, curation.same_span_uuids(project, document_id, *key)
            )
            if twin.annotator not in golds
        ]
        twins.sort(key=lambda a: a.uuid != proposal.uuid)
        proposers = list(dict.fromkeys(a.annotator for a in twins))
        made = project.add_annotation(
            document_id,
            GOLD,
            proposal.label,
            proposal.start,
            proposal.end,
            attributes=proposal.attributes,
            proposed_by=proposers,
        )
        gold[made.uuid] = made
        for twin in twins:
            _write_decision(project, twin, ACCEPTED, made.uuid)
        _carry_relations(project, document_id, twins, made, gold)
        if curation_status(project, document_id) == NEW:
            project.set_status(document_id, GOLD, IN_PROGRESS)
    return made.uuid


def _carry_relations(
    project: Project,
    document_id: int,
    sources: list[Annotation],
    made: Annotation,
    gold: dict[str, Annotation],
) -> None:
    kinds = {r.name: r for r in project.relation_types()}
    gold_relations = project.relations(document_id, GOLD)
    existing = {(r.label, r.head, r.tail) for r in gold_relations}
    headed = {(r.head, r.label) for r in gold_relations}
    for source in sources:
        for rel in project.relations(document_id, source.annotator):
            if source.uuid not in (rel.head, rel.tail):
                continue
            other_uuid = rel.tail if rel.head == source.uuid else rel.head
            try:
                other = project.annotation(other_uuid)
            except LookupError:  # NotFoundError
                continue
            counterpart = _gold_counterpart(project, other, gold)
            if counterpart is None or counterpart == made.uuid:
                continue
            head, tail = (
                (made.uuid, counterpart)
                if rel.head == source.uuid
                else (
                    counterpart,
                    made.uuid,
                )
            )
            ends = gold[head].label, gold[tail].label
            if relation_problem(kinds.get(rel.label), head, tail, *ends):
                continue  # a relation add_relation would refuse is not carried
            if (rel.label, head, tail) in existing or (head, rel.label) in headed:
                continue
            project.add_relation(document_id, GOLD, rel.label, head, tail)
            existing.add((rel.label, head, tail))
            headed.add((head, rel.label))


def reject(project: Project, document_id: int, annotation_uuid: str) -> None:
    """Record that a proposal is rejected. Refused (ValueError) while gold holds it."""
    with project.transaction():
        proposal = _proposal(project, document_id, annotation_uuid)
        gold = {a.uuid: a for a in project.annotations(document_id, GOLD)}
        if _gold_counterpart(project, proposal, gold) is not None:
            raise SchemaError(
                "this span is in the gold standard; delete the gold span instead of rejecting it"
            )
        _write_decision(project, proposal, REJECTED)
        if curation_status(project, document_id) == NEW:
            ensure_gold(project)
            project.set_status(document_id, GOLD, IN_PROGRESS)


def unreject(project: Project, document_id: int, annotation_uuid: str) -> None:
    """Withdraw a rejection (nothing happens when the proposal is not rejected)."""
    with project.transaction():
        _proposal(project, document_id, annotation_uuid)
        curation.delete_decision(project, annotation_uuid, REJECTED)


def take_attributes(project: Project, document_id: int, annotation_uuid: str) -> str | None:
    """Give the proposal's gold counterpart the proposal's attributes; its uuid, or None when
    gold does not hold the proposal."""
    with project.transaction():
        proposal = _proposal(project, document_id, annotation_uuid)
        gold = {a.uuid: a for a in project.annotations(document_id, GOLD)}
        target = _gold_counterpart(project, proposal, gold)
        if target is not None and gold[target].attributes != proposal.attributes:
            project.update_annotation(target, attributes=dict(proposal.attributes))
    return target


def _gold_span(project: Project, gold_uuid: str) -> Annotation:
    ann = project.annotation(gold_uuid)
    if ann.annotator not in gold_names(project):
        raise SchemaError(f"annotation {gold_uuid} is not a gold span")
    return ann


def edit_gold(
    project: Project,
    gold_uuid: str,
    *,
    label: str | None = None,
    start: int | None = None,
    end: int | None = None,
    attributes: dict[str, Any] | None = None,
) -> Annotation:
    """Change a gold span's label, boundaries or attributes (an ordinary store update)."""
    _gold_span(project, gold_uuid)
    return project.update_annotation(
        gold_uuid, label=label, start=start, end=end, attributes=attributes
    )


def add_gold(project: Project, document_id: int, label: str, start: int, end: int) -> str:
    """A gold span of text no proposal covers as the curator wants it (selected in the
    review's text); its uuid. Gold already holding the same span changes nothing."""
    with project.transaction():
        ensure_gold(project)
        same = next(
            (
                g
                for g in project.annotations(document_id, GOLD)
                if (g.label, g.start, g.end) == (label, start, end)
            ),
            None,
        )
        if same is not None:
            return same.uuid
        made = project.add_annotation(document_id, GOLD, label, start, end)
        if curation_status(project, document_id) == NEW:
            project.set_status(document_id, GOLD, IN_PROGRESS)
    return made.uuid


def delete_gold(project: Project, gold_uuid: str) -> None:
    """Remove a gold span, its relations and the acceptances linked to it."""
    _gold_span(project, gold_uuid)
    project.delete_annotation(gold_uuid)


# ---------------------------------------------------------------- undo support


def gold_layer(project: Project, document_id: int) -> GoldLayer:
    """A snapshot of the document's gold spans, gold relations, decisions, status and
    document labels."""
    return GoldLayer(
        document_id,
        tuple(project.annotations(document_id, GOLD)),
        tuple(project.relations(document_id, GOLD)),
        tuple(sorted(decisions(project, document_id).values(), key=lambda d: d.annotation_uuid)),
        curation_status(project, document_id),
        json.dumps(project.doc_labels(document_id, GOLD), sort_keys=True),
    )


def restore_gold_layer(project: Project, layer: GoldLayer) -> None:
    """Bring the document's gold layer back to `layer`, changing only what differs (uuids are
    kept, so later snapshots stay valid). One transaction."""
    doc = layer.document_id
    with project.transaction():
        ensure_gold(project)
        current = {a.uuid: a for a in project.annotations(doc, GOLD)}
        wanted = {a.uuid: a for a in layer.annotations}
        for uuid, ann in current.items():
            target = wanted.get(uuid)
            if target is None or target.proposed_by != ann.proposed_by:
                project.delete_annotation(uuid)
        current = {a.uuid: a for a in project.annotations(doc, GOLD)}
        for uuid, target in wanted.items():
            ann = current.get(uuid)
            if ann is None:
                project.add_annotation(
                    doc,
                    GOLD,
                    target.label,
                    target.start,
                    target.end,
                    attributes=target.attributes,
                    uuid=uuid,
                    proposed_by=target.proposed_by or None,
                    suggested_by=target.suggested_by,  # a suggestion the curator accepted
                )
            elif (ann.label, ann.start, ann.end, ann.attributes) != (
                target.label,
                target.start,
                target.end,
                target.attributes,
            ):
                project.update_annotation(
                    uuid,
                    label=target.label,
                    start=target.start,
                    end=target.end,
                    attributes=dict(target.attributes),
                )
        relations = {r.uuid: r for r in project.relations(doc, GOLD)}
        wanted_relations = {r.uuid: r for r in layer.relations}
        for uuid in relations.keys() - wanted_relations.keys():
            project.delete_relation(uuid)
        for uuid, rel in wanted_relations.items():
            if uuid not in relations:
                project.add_relation(doc, GOLD, rel.label, rel.head, rel.tail, uuid=uuid)
        found = decisions(project, doc)
        wanted_decisions = {d.annotation_uuid: d for d in layer.decisions}
        for uuid in found.keys() - wanted_decisions.keys():
            curation.delete_decision(project, uuid)
        for uuid, decision in wanted_decisions.items():
            if found.get(uuid) != decision and annotation_exists(project, uuid):
                curation.write_decision(
                    project, replace(decision, annotation_uuid=uuid, document_id=doc)
                )
        labels, wanted_labels = project.doc_labels(doc, GOLD), json.loads(layer.doc_labels)
        changed = {
            name: wanted_labels.get(name)
            for name in labels.keys() | wanted_labels.keys()
            if labels.get(name) != wanted_labels.get(name)
        }
        if changed:
            project.set_doc_labels(doc, GOLD, changed)
        if curation_status(project, doc) != layer.status:
            project.set_status(doc, GOLD, layer.status)


# ---------------------------------------------------------------- feedback to annotators


def gold_feedback(project: Project, document_id: int, annotator: str) -> list[GoldDifference]:
    """How `annotator`'s spans in a document differ from gold's
    (:func:`annotator.agreement.feedback.compare_with_gold`); empty when gold has no span
    and the annotator none either. Changes nothing."""
    if annotator in gold_names(project):
        raise UsageError("the gold standard cannot be compared with itself")
    own = [a.to_span() for a in project.annotations(document_id, annotator)]
    gold = [a.to_span() for a in project.annotations(document_id, GOLD)]
    return compare_with_gold(own, gold)


def has_gold(project: Project, document_id: int) -> bool:
    """Whether gold holds anything for the document: a span, or a curation status past new."""
    return curation_status(project, document_id) != NEW or bool(
        project.annotations(document_id, GOLD)
    )
