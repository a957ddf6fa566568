"""Suggestions, rejections and gazetteers: what recommenders propose, kept apart from annotations.

A suggestion belongs to one annotator and one document. It is never exported, counted in
agreement or merged into gold: those read the `annotations` table only. Accepting one makes it
the annotator's annotation, through the one `add_annotation`, with ``suggested_by`` (recommender
and score) kept; rejecting one remembers its label and text (`rules.suggestion_key`) so that it
is never proposed to that annotator again. The rule of what is shown lives here, in `_visible`:
a suggestion is hidden when its annotator already holds that span with that label, or rejected
that label for that text; storing applies the same rule.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from annotator.errors import NotFoundError, SchemaError
from annotator.rules import (
    DONE,
    IN_PROGRESS,
    NEW,
    SOURCE,
    check_score,
    checked_span,
    id_prefix,
    initial_attributes,
    new_id,
    span_problem,
    suggestion_held,
)
from annotator.store.annotations import Annotations
from annotator.store.records import (
    Accepted,
    Annotation,
    NewSuggestion,
    ProposedSpans,
    Rejected,
    RejectionKey,
    Relation,
    Suggestion,
    rejection_key,
)
from annotator.store.rows import id_batches, now, to_json

if TYPE_CHECKING:
    from annotator.suggestions.base import Proposal

_COLUMNS = (
    's.uuid, s.document_id, w.name, s.recommender, s.label, s.start, s."end", s.text, s.score, '
    "s.attributes, s.source_start, s.source_end, s.created_at, s.key"
)
_FROM = "FROM suggestions s JOIN annotators w ON w.id = s.annotator_id"
# what storing and restoring a suggestion writes, in the order `_row` gives, for one annotator
# (its id: an integer, written into the statement, so that a prepared row does not hold it)
_INSERT = (
    'INTO suggestions(uuid, document_id, annotator_id, recommender, label, start, "end", '
    "text, score, attributes, source_start, source_end, created_at, key) "
    "VALUES (?, ?, {annotator_id:d}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _suggestion(row: tuple) -> Suggestion:
    uuid, doc, annotator, recommender, label, start, end, text, score, attrs, s0, s1, at, key = row
    return Suggestion(
        uuid,
        doc,
        annotator,
        recommender,
        label,
        start,
        end,
        text,
        score,
        json.loads(attrs) if attrs and attrs != "{}" else {},
        None if s0 is None else (s0, s1),
        at,
        key,
    )


def _row(
    uuid: str,
    document_id: int,
    recommender: str,
    label: str,
    start: int,
    end: int,
    text: str,
    score: float,
    attributes: Mapping[str, Any] | None,
    source: tuple[int, int] | None,
    created_at: str,
    key: str | None,
) -> tuple:
    """The values `_INSERT` writes for a suggestion."""
    source_start, source_end = source if source is not None else (None, None)
    return (
        uuid,
        document_id,
        recommender,
        label,
        start,
        end,
        text,
        score,
        (
            to_json(attributes if type(attributes) is dict else dict(attributes))
            if attributes
            else "{}"
        ),
        source_start,
        source_end,
        created_at,
        key,
    )


# where `_row` puts a suggestion's id, score, and recommender and label
_UUID = 0
_SCORE = 7
_RECOMMENDER_LABEL = itemgetter(2, 3)


def _stored_row(s: Suggestion) -> tuple:
    """The values `_INSERT` writes for a suggestion put back (`restore_suggestions`)."""
    return _row(
        s.uuid,
        s.document_id,
        s.recommender,
        s.label,
        s.start,
        s.end,
        s.text,
        s.score,
        s.attributes,
        s.source,
        s.created_at,
        s.key,
    )


class PreparedSuggestions(NamedTuple):
    """One annotator's new suggestions in some documents, checked and laid out for storing
    (`prepare_suggestions`, which a worker process runs on a read-only connection), so that
    the writing process only stores them (`SuggestionStore.store_suggestions`). ``rows``: the
    values `_INSERT` writes, in the store's own order (only the store reads them);
    ``counts``: how many there are per recommender and label."""

    annotator: str
    documents: tuple[int, ...]
    rows: list[tuple]
    counts: dict[str, dict[str, int]]


def _known_annotator_id(conn: sqlite3.Connection, annotator: str) -> int:
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    return row[0] if row else -1


def _held(conn: sqlite3.Connection, annotator_id: int, document_ids: Collection[int]) -> set[tuple]:
    """(document, label, start, end) of the annotator's annotations in those documents (by
    the index always: see `_delete_suggestions`)."""
    held: set[tuple] = set()
    for part, marks in id_batches(list(document_ids)):
        held.update(
            conn.execute(
                'SELECT document_id, label, start, "end" FROM annotations '
                "INDEXED BY annotations_doc "
                f"WHERE annotator_id = ? AND document_id IN ({marks})",
                (annotator_id, *part),
            )
        )
    return held


def _rejected_keys(conn: sqlite3.Connection, annotator_id: int) -> set[tuple[str, str]]:
    return set(
        conn.execute("SELECT label, key FROM rejections WHERE annotator_id = ?", (annotator_id,))
    )


def prepare_suggestions(
    conn: sqlite3.Connection,
    annotator: str,
    document_ids: Collection[int],
    items: Iterable[NewSuggestion] = (),
    texts: Mapping[int, str] | None = None,
    *,
    proposed: Iterable[ProposedSpans] = (),
) -> PreparedSuggestions:
    """`annotator`'s new suggestions `items` (and the recommenders' `proposed` spans as they
    are) in `document_ids` checked and laid out for `SuggestionStore.store_suggestions`, read
    through `conn` (read-only will do: in a worker process, `readmodel.prepared_suggestions`)
    with the annotator's annotations and rejections as they are then: items `_visible` would
    hide are dropped, and of several items with the same label and offsets the best scored one
    is kept. `texts`: the documents' texts when the caller has them. An item outside its text,
    with a score outside (0, 1] or of a document not listed is a SchemaError."""
    documents = set(document_ids)
    known_id = _known_annotator_id(conn, annotator.strip())
    texts = dict(texts or {})
    for part, marks in id_batches([d for d in documents if d not in texts]):
        texts.update(conn.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", part))
    held = set() if known_id < 0 else _held(conn, known_id, documents)
    rejected = set() if known_id < 0 else _rejected_keys(conn, known_id)
    # only a label with rejections needs its key (a normalization: several microseconds)
    rejected_labels = {label for label, _ in rejected}
    # (document, label, start, end) -> its row; ids counted up from `counter` in the order
    # the places are first seen (consecutive ids, as a bulk import's: store.bulk)
    best: dict[tuple, tuple] = {}
    stamp = now()
    prefix, counter = id_prefix()
    for document_id, recommender, proposals in chain(_one_each(items), proposed):
        if document_id not in documents:
            raise SchemaError(f"suggestion for document {document_id} not being replaced")
        text = texts.get(document_id)
        if text is None:
            raise NotFoundError(f"no document {document_id}")
        for start, end, label, score, attributes, source, key in proposals:
            if problem := span_problem(text, start, end):
                raise SchemaError(problem)
            value = check_score(score)
            if source is not None:
                checked_span(text, *source)
            place = (document_id, label, start, end)
            if held and suggestion_held(*place, held):
                continue
            snapshot = text[start:end]
            if label in rejected_labels and rejection_key(label, key, snapshot) in rejected:
                continue
            kept = best.get(place)
            if kept is None:
                uuid = f"{prefix}{counter + len(best):012x}"
            elif value > kept[_SCORE]:
                uuid = kept[_UUID]
            else:
                continue
            best[place] = _row(
                uuid,
                document_id,
                recommender,
                label,
                start,
                end,
                snapshot,
                value,
                attributes,
                source,
                stamp,
                key,
            )
    rows = list(best.values())
    counts: dict[str, dict[str, int]] = {}
    for (recommender, label), count in Counter(map(_RECOMMENDER_LABEL, rows)).items():
        counts.setdefault(recommender, {})[label] = count
    return PreparedSuggestions(annotator, tuple(documents), rows, counts)


def add_counts(total: dict[str, dict[str, int]], counts: Mapping[str, Mapping[str, int]]) -> None:
    """Add `counts` (suggestions per recommender and label) to `total`, in place."""
    for recommender, by_label in counts.items():
        into = total.setdefault(recommender, {})
        for label, count in by_label.items():
            into[label] = into.get(label, 0) + count


def _one_each(items: Iterable[NewSuggestion]) -> Iterator[ProposedSpans]:
    """Each item as the proposal of its recommender on its document (`prepare_suggestions`)."""
    for item in items:
        document_id, recommender, label, start, end, score, attributes, source, key = item
        proposal = (start, end, label, score, attributes, source, key)
        yield ProposedSpans(document_id, recommender, [cast("Proposal", proposal)])


class SuggestionCount(NamedTuple):
    """How many suggestions an annotator has pending from one recommender of one label."""

    annotator: str
    recommender: str
    label: str
    pending: int


class Rejection(NamedTuple):
    label: str
    key: str
    at: str


class GazetteerRow(NamedTuple):
    """One line of a gazetteer file loaded into the project (`name`: the file's name)."""

    name: str
    text: str
    label: str


class BulkAccepted(NamedTuple):
    """A bulk acceptance (`accept_all`): its batch id, the annotations made per label, and
    the suggestions that could not be accepted (their label or attributes no longer fit)."""

    batch: str
    accepted: dict[str, int]
    skipped: int
    reopened: tuple[int, ...] = ()  # documents marked done, named, and changed: in progress


class BulkUndone(NamedTuple):
    """The undoing of a bulk acceptance (`undo_bulk_accept`): its batch, how many annotations
    it removed (each back to a suggestion), and how many it kept because the annotator changed
    them since (`kept_with_notes` of them because someone wrote a note on them)."""

    batch: str
    removed: int
    kept: int
    kept_with_notes: int = 0


class SuggestionStore(Annotations):
    """A project's suggestions, rejections and gazetteers (a layer of `Project`)."""

    # ---------------------------------------------------------------- reading

    def suggestions(
        self,
        document_id: int,
        annotator: str,
        *,
        min_score: float = 0.0,
        recommenders: Collection[str] | None = None,
    ) -> list[Suggestion]:
        """The suggestions shown to `annotator` in a document (`_visible`), by start then
        -end; those scoring below `min_score`, or from other `recommenders`, left out."""
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return []
        rows = [
            _suggestion(row)
            for row in self.conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE s.document_id = ? AND s.annotator_id = ? "
                'AND s.score >= ? ORDER BY s.start, s."end" DESC, s.score DESC, s.id',
                (document_id, annotator_id, min_score),
            )
        ]
        if recommenders is not None:
            rows = [s for s in rows if s.recommender in recommenders]
        return self._visible(annotator_id, document_id, rows)

    def suggestion(self, uuid: str) -> Suggestion:
        row = self.conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE s.uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise NotFoundError(f"no suggestion {uuid}")
        return _suggestion(row)

    def suggestion_counts(self, annotator: str | None = None) -> list[SuggestionCount]:
        """Stored suggestions per annotator, recommender and label (hidden ones included)."""
        sql = (
            f"SELECT w.name, s.recommender, s.label, count(*) {_FROM} "
            "{where} GROUP BY w.name, s.recommender, s.label ORDER BY 1, 2, 3"
        )
        if annotator is None:
            rows = self.conn.execute(sql.format(where=""))
        else:
            rows = self.conn.execute(sql.format(where="WHERE w.name = ?"), (annotator,))
        return [SuggestionCount(*row) for row in rows]

    def annotation_count(self, annotator: str) -> int:
        """How many annotations `annotator` holds (what tells a recommender to learn again)."""
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return 0
        row = self.conn.execute(
            "SELECT count(*) FROM annotations WHERE annotator_id = ?", (annotator_id,)
        ).fetchone()
        return int(row[0])

    def rejections(self, annotator: str) -> list[Rejection]:
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return []
        return [
            Rejection(*row)
            for row in self.conn.execute(
                "SELECT label, key, at FROM rejections WHERE annotator_id = ? ORDER BY at, label",
                (annotator_id,),
            )
        ]

    def _visible(
        self, annotator_id: int, document_id: int, rows: list[Suggestion]
    ) -> list[Suggestion]:
        """The one rule of what is shown: not a span the annotator holds with that label, not
        a label and text they rejected."""
        if not rows:
            return rows
        held = _held(self.conn, annotator_id, [document_id])
        rejected = _rejected_keys(self.conn, annotator_id)
        return [
            s
            for s in rows
            if not suggestion_held(s.document_id, s.label, s.start, s.end, held)
            and (not rejected or s.rejection_key not in rejected)
        ]

    # ---------------------------------------------------------------- storing

    def replace_suggestions(
        self,
        annotator: str,
        document_ids: Collection[int],
        items: Iterable[NewSuggestion],
        *,
        recommenders: Collection[str] | None = None,
        texts: Mapping[int, str] | None = None,
        by_recommender: dict[str, dict[str, int]] | None = None,
    ) -> int:
        """Replace `annotator`'s suggestions in `document_ids` (those of `recommenders`, or
        all) by `items`, in one transaction; returns how many were stored. Items `_visible`
        would hide are dropped, and of several items with the same label and offsets the best
        scored one is kept. `texts`: the documents' texts when the caller has them. An item
        outside its text, with a score outside (0, 1] or of a document not listed is a
        SchemaError (nothing written). `by_recommender`, when given, gets how many were stored
        of each recommender and label added to it. The same as `store_suggestions` of
        `prepare_suggestions`."""
        prepared = prepare_suggestions(self.conn, annotator, document_ids, items, texts)
        return self.store_suggestions(
            prepared, recommenders=recommenders, by_recommender=by_recommender
        )

    def store_suggestions(
        self,
        prepared: PreparedSuggestions,
        *,
        recommenders: Collection[str] | None = None,
        by_recommender: dict[str, dict[str, int]] | None = None,
    ) -> int:
        """Replace the annotator's suggestions in the documents of `prepared` (those of
        `recommenders`, or all) by the suggestions it holds (`prepare_suggestions`), in one
        transaction; how many. `by_recommender`: as for `replace_suggestions`."""
        annotator = prepared.annotator
        if not prepared.rows and self._known_annotator(annotator.strip()) < 0:
            return 0  # nothing to replace: no annotator registered for nothing
        with self.transaction():
            annotator_id = self.annotator_id(annotator)
            self._delete_suggestions(annotator_id, set(prepared.documents), recommenders)
            self.conn.executemany(
                "INSERT " + _INSERT.format(annotator_id=annotator_id), prepared.rows
            )
        if by_recommender is not None:
            add_counts(by_recommender, prepared.counts)
        return len(prepared.rows)

    def clear_suggestions(
        self,
        annotator: str,
        document_ids: Collection[int] | None = None,
        *,
        recommenders: Collection[str] | None = None,
    ) -> int:
        """Remove `annotator`'s suggestions (in `document_ids`, or everywhere; of
        `recommenders`, or all); how many."""
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return 0
        with self.transaction():
            if document_ids is None:
                document_ids = [
                    row[0]
                    for row in self.conn.execute(
                        "SELECT DISTINCT document_id FROM suggestions WHERE annotator_id = ?",
                        (annotator_id,),
                    )
                ]
            return self._delete_suggestions(annotator_id, set(document_ids), recommenders)

    def _delete_suggestions(
        self, annotator_id: int, documents: set[int], recommenders: Collection[str] | None
    ) -> int:
        removed = 0
        which = ""
        extra: list[str] = []
        if recommenders is not None:
            which = f" AND recommender IN ({', '.join('?' * len(recommenders))})"
            extra = list(recommenders)
        # by the index always: the statistics of a smaller table (an earlier, shorter run)
        # would have SQLite scan the whole table for each part instead (43 ms for 176,000 rows)
        for part, marks in id_batches(sorted(documents)):
            removed += self.conn.execute(
                "DELETE FROM suggestions INDEXED BY suggestions_doc WHERE annotator_id = ? "
                f"AND document_id IN ({marks}){which}",
                (annotator_id, *part, *extra),
            ).rowcount
        return removed

    def restore_suggestions(
        self, suggestions: Iterable[Suggestion], *, forget: Iterable[RejectionKey] = ()
    ) -> None:
        """Put suggestions back with their ids, and forget the rejections `forget` (label,
        key) of their annotator: the undo of an acceptance or a rejection. One transaction."""
        suggestions = list(suggestions)
        with self.transaction():
            for s in suggestions:
                self.conn.execute(
                    "INSERT OR IGNORE "
                    + _INSERT.format(annotator_id=self.annotator_id(s.annotator)),
                    _stored_row(s),
                )
            forgotten = set(forget)
            for s in suggestions:  # a rejection is forgotten for the one who made it
                key = s.rejection_key
                if key in forgotten:
                    self.conn.execute(
                        "DELETE FROM rejections WHERE annotator_id = ? AND label = ? AND key = ?",
                        (self.annotator_id(s.annotator), *key),
                    )

    # ---------------------------------------------------------------- accepting, rejecting

    def accept_suggestions(
        self,
        uuids: Sequence[str],
        *,
        attributes: Mapping[str, dict[str, Any]] | None = None,
    ) -> Accepted:
        """Make suggestions their annotator's annotations, in one transaction: each through
        `add_annotation` with ``suggested_by`` kept (`attributes[uuid]` replaces a
        suggestion's own), the suggestion removed. A span the annotator already holds with that
        label is not added twice. A suggested CLAIM with a source gets its source relation to
        the annotator's ACTOR span there, accepting the ACTOR suggestion there too when there
        is no such span yet; a relation the schema does not allow is left out."""
        chosen = [self.suggestion(uuid) for uuid in dict.fromkeys(uuids)]
        with self.transaction():
            accepted, _ = self._accept_each(chosen, attributes=attributes)
        return accepted

    def _accept_each(
        self,
        chosen: Iterable[Suggestion],
        *,
        attributes: Mapping[str, dict[str, Any]] | None = None,
        batch: str | None = None,
        min_score: float = 0.0,
        recommenders: Collection[str] | None = None,
        skip_refused: bool = False,
    ) -> tuple[Accepted, int]:
        """Accept `chosen` (caller's transaction), claims after the spans their sources may
        be, each with its source linked (`_link_source`). A suggestion the schema refuses
        raises, or with `skip_refused` leaves nothing of itself and is counted."""
        accepted: list[Annotation] = []
        relations: list[Relation] = []
        taken: list[Suggestion] = []
        skipped = 0
        for s in sorted(chosen, key=lambda s: s.source is not None):
            if any(t.uuid == s.uuid for t in taken):
                continue  # accepted already as the source of a claim
            made_now: list[Annotation] = []
            taken_now: list[Suggestion] = [s]
            relation = None
            try:
                with self.transaction():  # a savepoint: a refused one leaves nothing
                    ann, made = self._accept_one(s, (attributes or {}).get(s.uuid), batch=batch)
                    if made:
                        made_now.append(ann)
                    if s.source is not None:
                        relation = self._link_source(
                            ann,
                            s.source,
                            made_now,
                            taken_now,
                            batch,
                            min_score=min_score,
                            recommenders=recommenders,
                        )
            except (SchemaError, NotFoundError):
                if not skip_refused:
                    raise
                skipped += 1
                continue
            accepted += made_now
            taken += taken_now
            if relation is not None:
                relations.append(relation)
        return Accepted(accepted, relations, taken), skipped

    def _accept_one(
        self,
        s: Suggestion,
        attributes: dict[str, Any] | None,
        *,
        batch: str | None = None,
    ) -> tuple[Annotation, bool]:
        """Accept one suggestion (caller's transaction): its annotation, and whether it is new."""
        row = self.conn.execute(
            "SELECT a.uuid FROM annotations a JOIN annotators w ON w.id = a.annotator_id "
            "WHERE a.document_id = ? AND w.name = ? AND a.label = ? AND a.start = ? "
            'AND a."end" = ? ORDER BY a.id LIMIT 1',
            (s.document_id, s.annotator, s.label, s.start, s.end),
        ).fetchone()
        same = None if row is None else self.annotation(row[0])
        if same is not None:
            self.conn.execute("DELETE FROM suggestions WHERE uuid = ?", (s.uuid,))
            return same, False
        if attributes is None:
            attributes = s.attributes
        definition = self.label(s.label)
        if not attributes and definition is not None and definition.has_count:
            # a recommender that gave none: what a new span of the label starts with
            text = self.document_text(s.document_id)
            attributes = initial_attributes(definition, text, s.start, s.end)
        provenance = s.suggested_by
        if batch is not None:
            provenance["batch"] = batch
            if s.source is not None:
                provenance["source"] = list(s.source)
            if s.key is not None:
                provenance["key"] = s.key
        ann = self.add_annotation(
            s.document_id,
            s.annotator,
            s.label,
            s.start,
            s.end,
            attributes=attributes,
            suggested_by=provenance,
            log=batch is None,
        )
        self.conn.execute("DELETE FROM suggestions WHERE uuid = ?", (s.uuid,))
        return ann, True

    def _link_source(
        self,
        claim: Annotation,
        source: tuple[int, int],
        accepted: list[Annotation],
        taken: list[Suggestion],
        batch: str | None = None,
        *,
        min_score: float = 0.0,
        recommenders: Collection[str] | None = None,
    ) -> Relation | None:
        """The source relation of an accepted suggested claim (caller's transaction). An
        ACTOR suggestion at the source comes along only when it scores at least `min_score`
        (and is of `recommenders`): a bulk acceptance takes nothing below its minimum."""
        mine = self.annotations(claim.document_id, claim.annotator)
        if any(
            r.head == claim.uuid
            for r in self.relations(claim.document_id, claim.annotator)
            if r.label == SOURCE
        ):
            return None
        kinds = {kind.name: kind for kind in self.relation_types()}
        kind = kinds.get(SOURCE)

        def fits(label: str) -> bool:
            return kind is None or not kind.fit_problem(claim.label, label)

        actor = next(
            (
                a
                for a in mine
                if (a.start, a.end) == source and a.uuid != claim.uuid and fits(a.label)
            ),
            None,
        )
        if actor is None:
            pending = self.suggestions(
                claim.document_id,
                claim.annotator,
                min_score=min_score,
                recommenders=recommenders,
            )
            offer = next((p for p in pending if (p.start, p.end) == source and fits(p.label)), None)
            if offer is None:
                return None
            try:
                with self.transaction():  # an actor the schema refuses: the claim unlinked
                    actor, made = self._accept_one(offer, None, batch=batch)
            except (SchemaError, NotFoundError):
                return None
            taken.append(offer)
            if made:
                accepted.append(actor)
        try:
            with self.transaction():
                return self.add_relation(
                    claim.document_id,
                    claim.annotator,
                    SOURCE,
                    claim.uuid,
                    actor.uuid,
                    log=batch is None,
                )
        except SchemaError:
            return None

    def take_back(self, accepted: Accepted) -> None:
        """Undo `accept_suggestions`: its annotations (and their relations) removed, its
        suggestions back; one transaction."""
        with self.transaction():
            made = {ann.uuid for ann in accepted.annotations}
            for relation in accepted.relations:  # also a link between spans held before
                if relation.head not in made and relation.tail not in made:
                    self.delete_relation(relation.uuid)
            for ann in accepted.annotations:
                self.delete_annotation(ann.uuid)
            self.restore_suggestions(accepted.suggestions)

    def accept_again(self, accepted: Accepted) -> None:
        """Redo `accept_suggestions` after `take_back`: the same annotations and relations,
        with their ids, and its suggestions taken away again; one transaction."""
        with self.transaction():
            self.restore(accepted.annotations, accepted.relations)
            self.conn.executemany(
                "DELETE FROM suggestions WHERE uuid = ?", ((s.uuid,) for s in accepted.suggestions)
            )

    def reject_suggestions(self, uuids: Sequence[str]) -> Rejected:
        """Turn suggestions down, in one transaction: each is removed and its label and text
        (the term it matched, when a recommender says so: «لحكومة» in «للحكومة» is «الحكومة»)
        remembered for its annotator, so that neither it nor any suggestion of that label and
        text is shown to them again (`_visible`)."""
        chosen = [self.suggestion(uuid) for uuid in dict.fromkeys(uuids)]
        keys: list[RejectionKey] = []
        stamp = now()
        with self.transaction():
            for s in chosen:
                key = s.rejection_key
                self.conn.execute("DELETE FROM suggestions WHERE uuid = ?", (s.uuid,))
                added = self.conn.execute(
                    "INSERT OR IGNORE INTO rejections(annotator_id, label, key, at) "
                    "VALUES (?, ?, ?, ?)",
                    (self.annotator_id(s.annotator), *key, stamp),
                ).rowcount
                if added:
                    keys.append(key)
        return Rejected(chosen, keys)

    def forget_rejections(self, annotator: str, label: str | None = None) -> int:
        """Let `annotator` be offered again what they rejected (of `label`, or all)."""
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return 0
        with self.transaction():
            sql = "DELETE FROM rejections WHERE annotator_id = ?"
            params: tuple = (annotator_id,)
            if label is not None:
                sql, params = sql + " AND label = ?", (annotator_id, label)
            removed = self.conn.execute(sql, params).rowcount
            self._log("forget rejections", None, {"label": label, "removed": removed}, annotator)
        return removed

    # ---------------------------------------------------------------- in bulk

    def accept_all(
        self,
        annotator: str,
        *,
        min_score: float = 0.0,
        document_ids: Collection[int] | None = None,
        recommenders: Collection[str] | None = None,
    ) -> BulkAccepted:
        """Accept every suggestion shown to `annotator` scoring at least `min_score` (in
        `document_ids`, or every document they have not marked done: a finished document is
        never changed unnoticed), from `recommenders` (or any), in one transaction with one
        history entry: pre-annotation. A document named in `document_ids` that was marked
        done and gets annotations goes back to in progress (`reopened`), as an edit in the app
        takes it. Each annotation's ``suggested_by`` holds the batch id, which
        `undo_bulk_accept` takes back. Suggestions whose label or attributes the schema no
        longer allows are skipped and counted. An annotator the project does not know has
        none: nothing is written."""
        batch = new_id()
        counts: dict[str, int] = {}
        skipped = 0
        annotator_id = self._known_annotator(annotator.strip())
        if annotator_id < 0:
            return BulkAccepted(batch, counts, skipped)
        reopened: list[int] = []
        with self.transaction():  # what it reads too: a document marked done meanwhile is seen
            if document_ids is None:
                document_ids = [
                    row[0]
                    for row in self.conn.execute(
                        "SELECT DISTINCT s.document_id FROM suggestions s LEFT JOIN doc_status d "
                        "ON d.document_id = s.document_id AND d.annotator_id = s.annotator_id "
                        f"WHERE s.annotator_id = ? AND coalesce(d.status, '{NEW}') != '{DONE}' "
                        "ORDER BY s.document_id",
                        (annotator_id,),
                    )
                ]
            for document_id in document_ids:
                shown = self.suggestions(
                    document_id, annotator, min_score=min_score, recommenders=recommenders
                )
                done, refused = self._accept_each(
                    shown,
                    batch=batch,
                    min_score=min_score,
                    recommenders=recommenders,
                    skip_refused=True,
                )
                skipped += refused
                for ann in done.annotations:
                    counts[ann.label] = counts.get(ann.label, 0) + 1
                if done.annotations and self.status(document_id, annotator) == DONE:
                    self.set_status(document_id, annotator, IN_PROGRESS)
                    reopened.append(document_id)
            self._log(
                "accept suggestions",
                None,
                {
                    "batch": batch,
                    "accepted": sum(counts.values()),
                    "by_label": counts,
                    "min_score": min_score,
                    "skipped": skipped,
                    "reopened": reopened,
                    # the relations up to here are older than any the annotator makes after
                    "last_relation": self.conn.execute(
                        "SELECT coalesce(max(id), 0) FROM relations"
                    ).fetchone()[0],
                },
                annotator,
            )
        return BulkAccepted(batch, counts, skipped, tuple(reopened))

    def undo_bulk_accept(self, annotator: str) -> BulkUndone:
        """Take back `annotator`'s latest bulk acceptance not taken back yet: each of its
        annotations the annotator has not changed since becomes a suggestion again (the
        relations between them go); kept are those changed, those the annotator has since
        linked to a span of their own, those someone wrote a note on, and those in documents
        they have marked done since.
        One transaction, one history entry. NotFoundError when there is none."""
        with self.transaction():  # reads too: an edit made meanwhile elsewhere is seen
            undone = {
                json.loads(detail).get("batch")
                for (detail,) in self.conn.execute(
                    "SELECT detail FROM history WHERE action = 'undo accept suggestions' "
                    "AND annotator = ?",
                    (annotator,),
                )
            }
            entry, batch, last_relation = next(
                (
                    (entry, b, found.get("last_relation"))
                    for entry, detail in self.conn.execute(
                        "SELECT id, detail FROM history WHERE action = 'accept suggestions' "
                        "AND annotator = ? ORDER BY id DESC",
                        (annotator,),
                    )
                    if (b := (found := json.loads(detail)).get("batch")) not in undone
                ),
                (None, None, None),
            )
            if batch is None or entry is None:
                raise NotFoundError(f"{annotator} has no bulk acceptance of suggestions to undo")
            return self._undo_batch(annotator, entry, batch, last_relation)

    def _undo_batch(
        self, annotator: str, entry: int, batch: str, last_relation: int | None
    ) -> BulkUndone:
        """`undo_bulk_accept` of one batch (caller's transaction)."""
        annotator_id = self.annotator_id(annotator)
        # changed since: a later update in the history (also one in the same millisecond)
        updated = {
            uuid
            for (uuid,) in self.conn.execute(
                "SELECT json_extract(detail, '$.uuid') FROM history WHERE id > ? "
                "AND action = 'update annotation'",
                (entry,),
            )
        }
        rows = self.conn.execute(
            "SELECT a.uuid, a.updated_at = a.created_at, "
            f"coalesce(d.status, '{NEW}') = '{DONE}' FROM annotations a LEFT JOIN doc_status d "
            "ON d.document_id = a.document_id AND d.annotator_id = a.annotator_id "
            "WHERE a.annotator_id = ? AND a.suggested_by IS NOT NULL "
            "AND json_extract(a.suggested_by, '$.batch') = ?",
            (annotator_id, batch),
        ).fetchall()
        in_batch = {uuid for uuid, _, _ in rows}
        # linked since (a relation made after the batch) to a span of the annotator's own:
        # their work leans on it. The batch's own links are older (a batch before
        # `last_relation` was recorded: by time)
        if last_relation is not None:
            since_sql, since = "id > ?", last_relation
        else:
            (at,) = self.conn.execute("SELECT at FROM history WHERE id = ?", (entry,)).fetchone()
            since_sql, since = "created_at > ?", at
        linked = {
            end
            for head, tail in self.conn.execute(
                f"SELECT head, tail FROM relations WHERE annotator_id = ? AND {since_sql}",
                (annotator_id, since),
            )
            if (head in in_batch) != (tail in in_batch)
            for end in (head, tail)
        }
        # a note on it (anyone's): someone worked on it
        noted = {
            uuid
            for (uuid,) in self.conn.execute(
                "SELECT DISTINCT n.annotation_uuid FROM notes n JOIN annotations a "
                "ON a.uuid = n.annotation_uuid WHERE a.annotator_id = ? "
                "AND a.suggested_by IS NOT NULL AND json_extract(a.suggested_by, '$.batch') = ?",
                (annotator_id, batch),
            )
        }
        removed = kept = 0
        with self.transaction():
            for uuid, unchanged, done in rows:
                if not unchanged or uuid in updated or uuid in linked or done or uuid in noted:
                    kept += 1
                    continue
                ann = self.annotation(uuid)
                self.conn.execute("DELETE FROM relations WHERE head = ? OR tail = ?", (uuid, uuid))
                self.conn.execute("DELETE FROM annotations WHERE uuid = ?", (uuid,))
                by = ann.suggested_by or {}
                self.restore_suggestions(
                    [
                        Suggestion(
                            new_id(),
                            ann.document_id,
                            annotator,
                            str(by.get("recommender", "unknown")),
                            ann.label,
                            ann.start,
                            ann.end,
                            ann.text,
                            float(by.get("score", 1.0)),
                            ann.attributes,
                            tuple(by["source"]) if by.get("source") else None,
                            now(),
                            by.get("key"),
                        )
                    ]
                )
                removed += 1
            self._log(
                "undo accept suggestions",
                None,
                {"batch": batch, "removed": removed, "kept": kept, "kept_with_notes": len(noted)},
                annotator,
            )
        return BulkUndone(batch, removed, kept, len(noted))

    # ---------------------------------------------------------------- gazetteers

    def set_gazetteer(self, name: str, entries: Iterable[tuple[str, str]]) -> int:
        """Load (or load again) the gazetteer `name`: its (text, label) entries replace the
        ones loaded under that name; how many it holds."""
        entries = list(dict.fromkeys((text, label) for text, label in entries))
        with self.transaction():
            self.conn.execute("DELETE FROM gazetteer WHERE name = ?", (name,))
            self.conn.executemany(
                "INSERT INTO gazetteer(name, text, label) VALUES (?, ?, ?)",
                ((name, text, label) for text, label in entries),
            )
            self._log("load gazetteer", None, {"name": name, "entries": len(entries)})
        return len(entries)

    def remove_gazetteer(self, name: str) -> int:
        with self.transaction():
            removed = self.conn.execute("DELETE FROM gazetteer WHERE name = ?", (name,)).rowcount
            if removed:
                self._log("remove gazetteer", None, {"name": name, "entries": removed})
        return removed

    def gazetteer(self) -> list[GazetteerRow]:
        return [
            GazetteerRow(*row)
            for row in self.conn.execute(
                "SELECT name, text, label FROM gazetteer ORDER BY name, label, text"
            )
        ]
