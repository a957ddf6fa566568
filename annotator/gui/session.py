"""The open project, the annotator and the document on screen; every store call of the GUI.

Views never write to the store themselves: undo commands (`annotator.gui.commands`) call the
methods here, each of which is one committed store transaction, and the session tells the views
what changed through fine-grained signals so they can repaint only what is affected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from annotator.errors import NotFoundError, ProjectError, UsageError
from annotator.model import Tokenization
from annotator.rules import (
    DONE,
    IN_PROGRESS,
    NEW,
    SOURCE,
    LabelDef,
    RelationType,
    doc_label_value,
    suggestion_held,
)
from annotator.store import (
    Accepted,
    Annotation,
    Document,
    Note,
    Project,
    Rejected,
    Relation,
    Suggestion,
)

MIN_SCORE = 0.5  # suggestions scoring below it are hidden, unless the annotator lowers it


class Deleted(NamedTuple):
    """What `Session.delete_annotations` took away: each span with the relations that went
    with it, and the notes that were on the spans (anyone's), for an undo to put back."""

    spans: list[tuple[Annotation, list[Relation]]]
    notes: list[Note]


class NewSpan(NamedTuple):
    """A span to add: where, which label, and its attributes."""

    document_id: int
    label: str
    start: int
    end: int
    attributes: dict[str, Any] | None = None


def own_tokens(project: Project, document_id: int) -> Tokenization | None:
    """A tokenized corpus's own tokens of the document, which selections snap to; None when it
    has none, or when its stored tokens are damaged (`annotator check` lists them: the
    tokenizer's tokens serve meanwhile)."""
    try:
        return project.own_tokens([document_id]).get(document_id)
    except ProjectError:
        return None


class Session(QObject):
    """State of the workbench. Blind by default: only the annotator's own work is shown."""

    documentChanged = Signal(object)  # Document | None
    annotationAdded = Signal(object)  # Annotation
    annotationRemoved = Signal(object)  # Annotation
    annotationChanged = Signal(object, object)  # before, after
    relationsChanged = Signal()
    statusChanged = Signal(int, str)  # document id, new status
    labelsChanged = Signal()
    guidelinesChanged = Signal()  # the project's guideline text was changed
    annotatorChanged = Signal(str)
    visibilityChanged = Signal()  # blind mode toggled: everything is shown anew
    documentsTouched = Signal(object)  # set of ids of other documents written (annotate all)
    documentReopened = Signal(int)  # a document marked done was edited: in progress again
    suggestionsChanged = Signal()  # the shown suggestions of the current document changed
    notesChanged = Signal()  # the notes of the current document changed
    docLabelsChanged = Signal()  # the annotator's document labels of the current document
    docAttributesChanged = Signal()  # the document attribute definitions changed

    def __init__(self, project: Project, annotator: str, *, blind: bool = True) -> None:
        super().__init__()
        self.project = project
        self.annotator = annotator.strip()
        self.blind = blind
        self.document: Document | None = None
        self.text = ""
        self.tokens: Tokenization | None = None
        self.annotations: dict[str, Annotation] = {}
        self.relations: list[Relation] = []
        self._sources: dict[str, Relation] = {}  # claim uuid -> its source relation
        self.labels: dict[str, LabelDef] = {}
        self.current_status = NEW
        self.reopened: list[int] = []  # documents the last write took back from done
        # the current document's suggestions shown to the annotator (`suggestions` below)
        self.suggestions: dict[str, Suggestion] = {}
        self.min_score = MIN_SCORE
        self.show_suggestions = True
        self.hidden_recommenders: frozenset[str] = frozenset()  # their suggestions not shown
        self.notes: list[Note] = []  # the current document's notes shown (`_load_notes`)
        self.reload_labels()

    # ---------------------------------------------------------------- reading

    def reload_labels(self) -> None:
        self.labels = {label.name: label for label in self.project.labels()}
        self.labelsChanged.emit()

    def label(self, name: str) -> LabelDef | None:
        return self.labels.get(name)

    @property
    def document_id(self) -> int | None:
        return self.document.id if self.document else None

    def is_own(self, uuid: str) -> bool:
        ann = self.annotations.get(uuid)
        return ann is not None and ann.annotator == self.annotator

    def own_annotations(self) -> list[Annotation]:
        return [a for a in self.annotations.values() if a.annotator == self.annotator]

    def status(self, document_id: int | None = None) -> str:
        doc = document_id if document_id is not None else self.document_id
        return NEW if doc is None else self.project.status(doc, self.annotator)

    def source_of(self, claim: str) -> Relation | None:
        return self._sources.get(claim)

    def _set_relations(self, relations: list[Relation]) -> None:
        self.relations = relations
        self._sources = {r.head: r for r in relations if r.label == SOURCE}

    def open_document(self, document_id: int | None) -> None:
        """Show another document (or none); loads its text, annotations and relations."""
        if document_id is None:
            self.document, self.text, self.tokens = None, "", None
            self.annotations = {}
            self._set_relations([])
            self.suggestions = {}
            self.notes = []
        else:
            document = self.project.document(document_id)
            tokens = own_tokens(self.project, document_id)  # before any state changes
            self.document, self.text, self.tokens = document, document.text, tokens
            self.current_status = self.project.status(document_id, self.annotator)
            self._load_annotations()
        self.documentChanged.emit(self.document)

    def focus(self, document_id: int) -> None:
        """Make `document_id` the shown document if it is not already (used by undo/redo)."""
        if self.document_id != document_id:
            self.open_document(document_id)

    def _load_annotations(self) -> None:
        assert self.document is not None
        only = self.annotator if self.blind else None  # blind: only this annotator's work
        self.annotations = {a.uuid: a for a in self.project.annotations(self.document.id, only)}
        self._set_relations(self.project.relations(self.document.id, only))
        self.suggestions = self._shown_suggestions()
        self._load_notes()

    def reload(self) -> None:
        """Show the store's state of the current document again (after writes by others)."""
        if self.document is not None:
            self.current_status = self.status()
            self._load_annotations()
            self.visibilityChanged.emit()
            self.statusChanged.emit(self.document.id, self.current_status)

    def set_blind(self, blind: bool) -> None:
        if blind == self.blind:
            return
        self.blind = blind
        if self.document is not None:
            self._load_annotations()
        self.visibilityChanged.emit()

    def set_annotator(self, name: str) -> None:
        name = name.strip()
        if not name:
            raise UsageError(self.tr("an annotator needs a name"))
        self.project.annotator_id(name)
        self.annotator = name
        if self.document is not None:
            self.current_status = self.status()
            self._load_annotations()
        self.annotatorChanged.emit(name)
        self.visibilityChanged.emit()

    # ---------------------------------------------------------------- writing (one commit each)

    @contextmanager
    def _writing(self, document_ids: Iterable[int]) -> Iterator[None]:
        """One committed transaction over `document_ids`. A document the annotator had marked
        done goes back to in progress in the same transaction (`reopened` lists them after),
        so that a finished document is never changed unnoticed."""
        documents = set(document_ids)
        self.reopened = []
        with self.project.transaction():
            yield
            reopened = [d for d in sorted(documents) if self.status(d) == DONE]
            for document_id in reopened:
                self.project.set_status(document_id, self.annotator, IN_PROGRESS)
        self.reopened = reopened
        for document_id in reopened:
            if document_id == self.document_id:
                self.current_status = IN_PROGRESS
                self._refresh_suggestions()  # in progress again: its suggestions are shown
            self.statusChanged.emit(document_id, IN_PROGRESS)
            self.documentReopened.emit(document_id)

    @contextmanager
    def _writing_suggestions(self) -> Iterator[None]:
        """One committed transaction that changes suggestions and rejections only: no
        annotation changes, so a document marked done stays done (`reopened` is empty)."""
        self.reopened = []
        with self.project.transaction():
            yield

    def add_annotations(self, spans: Sequence[NewSpan]) -> list[Annotation]:
        """Several spans, in any documents, in one transaction (annotate all)."""
        with self._writing(span.document_id for span in spans):
            added = [
                self.project.add_annotation(
                    span.document_id,
                    self.annotator,
                    span.label,
                    span.start,
                    span.end,
                    attributes=span.attributes,
                )
                for span in spans
            ]
        self._shown(added, [])
        return added

    def restore(
        self,
        annotations: list[Annotation],
        relations: Iterable[Relation] = (),
        notes: Iterable[Note] = (),
    ) -> None:
        """Put deleted spans, relations and the notes on the spans back with their ids (undo
        of a delete)."""
        relations, notes = list(relations), list(notes)
        self._focus_one([a.document_id for a in annotations] + [r.document_id for r in relations])
        with self._writing(a.document_id for a in annotations):
            self.project.restore(annotations, relations)
            self.project.restore_notes(notes)
        self._shown([self.project.annotation(a.uuid) for a in annotations], relations)
        if notes:
            self._reload_notes()

    def delete_annotations(self, uuids: Iterable[str]) -> Deleted:
        """Delete spans (their relations and the notes on them go too); what was deleted,
        notes included, is returned for the undo (`restore`)."""
        uuids = list(uuids)
        if not uuids:
            return Deleted([], [])
        documents = [self.project.annotation(uuid).document_id for uuid in uuids]
        self._focus_one(documents)
        with self._writing(documents):
            notes = self.project.notes_on(uuids)  # read in the deletion's transaction
            removed = [self.project.delete_annotation(uuid) for uuid in uuids]
        linked = any(rels for ann, rels in removed if ann.document_id == self.document_id)
        self._gone([ann for ann, _ in removed], relations=linked)
        if any(note.annotation_uuid in uuids for note in self.notes):
            self._reload_notes()  # they went with their spans
        return Deleted(removed, notes)

    def update_annotation(
        self, uuid: str, *, restore_relations: Iterable[Relation] = (), **changes: Any
    ) -> tuple[Annotation, list[Relation]]:
        """Change label, start, end and/or attributes of a span. A new label that no longer fits
        a relation of the span removes that relation in the same transaction; returns the span
        and the relations removed. `restore_relations` are put back after (undo)."""
        before = self.project.annotation(uuid)
        self.focus(before.document_id)
        restore_relations = list(restore_relations)
        label = changes.get("label")
        with self._writing([before.document_id]):
            broken = self.project.relations_broken_by(uuid, label) if label else []
            for rel in broken:
                self.project.delete_relation(rel.uuid)
            after = self.project.update_annotation(uuid, **changes)
            self.project.restore([], restore_relations)
        self.annotations[uuid] = after
        self.annotationChanged.emit(before, after)
        if broken or restore_relations:
            self._reload_relations()
        self._refresh_suggestions()
        return after, broken

    def update_annotations(
        self, states: Sequence[Annotation], *, restore_relations: Iterable[Relation] = ()
    ) -> list[tuple[Annotation, Annotation, list[Relation]]]:
        """Set several spans, in any documents, to `states` (label, boundaries, attributes) in
        one transaction (relabel all). The relations a new label no longer fits go in the same
        transaction; `restore_relations` are put back after (undo). Returns (before, after,
        relations removed) for each span."""
        befores = [self.project.annotation(state.uuid) for state in states]
        documents = [before.document_id for before in befores]
        restore_relations = list(restore_relations)
        self._focus_one(documents)
        changed = []
        with self._writing(documents):
            for before, state in zip(befores, states, strict=True):
                broken = []
                if state.label != before.label:
                    broken = self.project.relations_broken_by(state.uuid, state.label)
                for rel in broken:
                    self.project.delete_relation(rel.uuid)
                after = self.project.update_annotation(
                    state.uuid,
                    label=state.label,
                    start=state.start,
                    end=state.end,
                    attributes=dict(state.attributes),
                )
                changed.append((before, after, broken))
            self.project.restore([], restore_relations)
        elsewhere = set()
        relations = bool(restore_relations)
        for before, after, broken in changed:
            if after.document_id != self.document_id:
                elsewhere.add(after.document_id)
                continue
            relations = relations or bool(broken)
            if after.uuid in self.annotations:
                self.annotations[after.uuid] = after
                self.annotationChanged.emit(before, after)
        if relations:
            self._reload_relations()
        if elsewhere:
            self.documentsTouched.emit(elsewhere)
        self._refresh_suggestions()
        return changed

    def replace_relations(self, remove: Iterable[str], add: Iterable[Relation]) -> list[Relation]:
        """Delete relations by uuid and add others (with their uuids), in one transaction."""
        remove, add = list(remove), list(add)
        document = (add[0].document_id if add else None) or (
            self.project.relation(remove[0]).document_id if remove else None
        )
        if document is not None:
            self.focus(document)
        with self._writing([] if document is None else [document]):
            removed = [self.project.delete_relation(uuid) for uuid in remove]
            for rel in add:
                self.project.add_relation(
                    rel.document_id, rel.annotator, rel.label, rel.head, rel.tail, uuid=rel.uuid
                )
        self._reload_relations()
        return removed

    def set_status(self, document_id: int, status: str) -> None:
        self.reopened = []  # a status change reopens nothing (its undo must not mark others)
        self.project.set_status(document_id, self.annotator, status)
        if document_id == self.document_id:
            self.current_status = status
            self._refresh_suggestions()  # none shown in a document marked done
        self.statusChanged.emit(document_id, status)

    # ---------------------------------------------------------------- suggestions

    def _shown_suggestions(self) -> dict[str, Suggestion]:
        """The current document's suggestions the annotator is shown (the store's rule), at
        or above `min_score`, not from `hidden_recommenders`; none while switched off, and
        none in a document the annotator marked done (back in progress, they are shown)."""
        if self.document is None or not self.show_suggestions or self.current_status == DONE:
            return {}
        found = self.project.suggestions(self.document.id, self.annotator, min_score=self.min_score)
        hidden = self.hidden_recommenders
        return {s.uuid: s for s in found if s.recommender not in hidden}

    def reload_suggestions(self) -> None:
        """Read the current document's suggestions again (new ones are ready, say)."""
        self.suggestions = self._shown_suggestions()
        self.suggestionsChanged.emit()

    def _refresh_suggestions(self) -> None:
        """After a write: a suggestion whose span the annotator now holds is hidden, one they
        no longer hold shown again (signalled only when the shown ones changed)."""
        if self.document is None:
            return
        fresh = self._shown_suggestions()
        if fresh.keys() != self.suggestions.keys():
            self.suggestions = fresh
            self.suggestionsChanged.emit()

    def set_min_score(self, score: float) -> None:
        """Hide suggestions scoring below `score` (0 shows all)."""
        score = min(1.0, max(0.0, float(score)))
        if score != self.min_score:
            self.min_score = score
            self.reload_suggestions()

    def set_hidden_recommenders(self, names: Iterable[str]) -> None:
        """Show no suggestions of these recommenders (those evaluated below a chosen F1)."""
        hidden = frozenset(names)
        if hidden != self.hidden_recommenders:
            self.hidden_recommenders = hidden
            self.reload_suggestions()

    def set_show_suggestions(self, show: bool) -> None:
        if show != self.show_suggestions:
            self.show_suggestions = show
            self.reload_suggestions()

    def _suggestion(self, uuid: str) -> Suggestion:
        found = self.suggestions.get(uuid)
        return found if found is not None else self.project.suggestion(uuid)

    def accept_suggestions(
        self, uuids: Sequence[str], *, attributes: dict[str, dict[str, Any]] | None = None
    ) -> Accepted:
        """Make suggestions the annotator's annotations (a claim's source comes along), in one
        transaction; `attributes[uuid]` replaces a suggestion's own."""
        documents = [self._suggestion(uuid).document_id for uuid in uuids]
        self._focus_one(documents)
        with self._writing(documents):
            accepted = self.project.accept_suggestions(uuids, attributes=attributes)
        self._shown(accepted.annotations, accepted.relations)
        self._refresh_suggestions()  # those accepted onto spans already held went too
        return accepted

    def accept_again(self, accepted: Accepted) -> None:
        """Redo an acceptance taken back: the same annotations and relations, with their ids."""
        documents = [s.document_id for s in accepted.suggestions]
        self._focus_one(documents)
        with self._writing(documents):
            self.project.accept_again(accepted)
        annotations = [self.project.annotation(a.uuid) for a in accepted.annotations]
        self._shown(annotations, accepted.relations)
        self._refresh_suggestions()

    def take_back(self, accepted: Accepted) -> None:
        """Undo an acceptance: its annotations (and their relations) go, its suggestions come
        back."""
        documents = [s.document_id for s in accepted.suggestions]
        self._focus_one(documents)
        with self._writing(documents):
            self.project.take_back(accepted)
        self._gone(accepted.annotations, relations=bool(accepted.relations))

    def reject_suggestions(self, uuids: Sequence[str]) -> Rejected:
        """Turn suggestions down (remembered: that label for that text is not proposed to the
        annotator again), in one transaction. No annotation changes: a document marked done
        stays done."""
        documents = [self._suggestion(uuid).document_id for uuid in uuids]
        self._focus_one(documents)
        with self._writing_suggestions():
            rejected = self.project.reject_suggestions(uuids)
        self._refresh_suggestions()
        return rejected

    def reject_again(self, rejected: Rejected) -> Rejected:
        """Redo a rejection taken back, in one transaction. The background recommenders may
        have replaced the document's suggestions since (new ids): a suggestion gone is found
        by its label and offsets; one no longer proposed at all is put back and rejected, so
        that the rejection is remembered all the same, as is one replaced by another that a
        rejection would remember otherwise (`_stored_as`): the keys remembered are the first
        rejection's."""
        documents = [s.document_id for s in rejected.suggestions]
        self._focus_one(documents)
        with self._writing_suggestions():
            uuids, gone = [], []
            for s in rejected.suggestions:
                now = self._stored_as(s)
                uuids.append(s.uuid if now is None else now.uuid)
                if now is None:
                    gone.append(s)
            self.project.restore_suggestions(gone)
            again = self.project.reject_suggestions(uuids)
        self._refresh_suggestions()
        return again

    def _stored_as(self, suggestion: Suggestion) -> Suggestion | None:
        """`suggestion` as stored now: by its id, else the one of its annotator with its label
        and offsets in its document and its `rejection_key` (the string matcher's at «للحكومة»
        is keyed by the term «الحكومة», the model's there by its text); None when there is none."""
        try:
            return self.project.suggestion(suggestion.uuid)
        except NotFoundError:
            pass
        same = (suggestion.label, suggestion.start, suggestion.end, suggestion.rejection_key)
        pending = self.project.suggestions(suggestion.document_id, suggestion.annotator)
        return next(
            (s for s in pending if (s.label, s.start, s.end, s.rejection_key) == same), None
        )

    def restore_suggestions(self, rejected: Rejected) -> None:
        """Undo a rejection: the suggestions back, the rejections it remembered forgotten. A
        document marked done stays done."""
        documents = [s.document_id for s in rejected.suggestions]
        self._focus_one(documents)
        with self._writing_suggestions():
            self.project.restore_suggestions(rejected.suggestions, forget=rejected.keys)
        self._refresh_suggestions()

    # ---------------------------------------------------------------- notes

    def _load_notes(self) -> None:
        """The current document's notes shown: those on the spans shown (anyone's) and on the
        document (blind: only the annotator's own)."""
        if self.document is None:
            self.notes = []
            return
        self.notes = [
            note
            for note in self.project.notes(self.document.id)
            if (note.annotation_uuid is None and (not self.blind or note.author == self.annotator))
            or note.annotation_uuid in self.annotations
        ]

    def _reload_notes(self) -> None:
        self._load_notes()
        self.notesChanged.emit()

    def notes_on(self, annotation_uuid: str | None) -> list[Note]:
        """The shown notes on a span of the current document (None: on the document)."""
        return [note for note in self.notes if note.annotation_uuid == annotation_uuid]

    def own_note(self, annotation_uuid: str | None) -> Note | None:
        """The annotator's own note on a span of the current document (None: on it)."""
        return next((n for n in self.notes_on(annotation_uuid) if n.author == self.annotator), None)

    def add_note(
        self, annotation_uuid: str | None, text: str, *, needs_review: bool = False
    ) -> Note:
        """Write the annotator's note on a span of the current document, or (None) on the
        document (one commit; a document marked done stays done)."""
        if self.document is None:
            raise UsageError(self.tr("no document is open"))
        note = self.project.add_note(
            self.document.id,
            self.annotator,
            text,
            annotation_uuid=annotation_uuid,
            needs_review=needs_review,
        )
        self._reload_notes()
        return note

    def edit_note(
        self, uuid: str, *, text: str | None = None, needs_review: bool | None = None
    ) -> Note:
        """Change a note's text or flag (one commit)."""
        note = self.project.edit_note(uuid, text=text, needs_review=needs_review)
        self.focus(note.document_id)
        self._reload_notes()
        return note

    def delete_note(self, uuid: str) -> Note:
        """Remove a note (one commit)."""
        note = self.project.delete_note(uuid)
        self.focus(note.document_id)
        self._reload_notes()
        return note

    def put_note(self, note: Note) -> None:
        """Make a note exactly `note` again (undo, redo: its id, text, flag and times)."""
        self.focus(note.document_id)
        self.project.restore_notes([note])
        self._reload_notes()

    # ---------------------------------------------------------------- document labels

    def doc_attributes(self) -> list[dict[str, Any]]:
        """The project's document attribute definitions, in order."""
        return self.project.doc_attributes()

    def doc_labels(self) -> dict[str, Any]:
        """The annotator's own document labels of the current document (blind or not: each
        annotator labels a document for themselves, as the gold annotator does for gold)."""
        if self.document is None:
            return {}
        return self.project.doc_labels(self.document.id, self.annotator)

    def set_doc_label(self, document_id: int, name: str, value: Any) -> Any:
        """Give the annotator's label `name` of a document the value `value` (None removes
        it; one commit; a document marked done goes back to in progress, as for a span);
        returns the value it had. The same value again writes nothing (nor reopens)."""
        definition = self.project.doc_attribute(name)
        if definition is None:
            raise NotFoundError(self.tr("no document attribute named {name!r}").format(name=name))
        current = self.project.doc_labels(document_id, self.annotator).get(name)
        if doc_label_value(definition, value) == current:
            self.reopened = []
            return current
        with self._writing([document_id]):
            before = self.project.set_doc_label(document_id, self.annotator, name, value)
        if document_id == self.document_id:
            self.docLabelsChanged.emit()
        return before

    def set_doc_attribute(self, definition: dict[str, Any], *, position: int | None = None) -> None:
        """Add or replace a document attribute (one commit)."""
        self.project.set_doc_attribute(definition, position=position)
        self.docAttributesChanged.emit()

    def delete_doc_attribute(self, name: str) -> None:
        """Remove a document attribute no document has a value of (one commit)."""
        self.project.delete_doc_attribute(name)
        self.docAttributesChanged.emit()

    # ---------------------------------------------------------------- the label schema

    def set_label(self, label: LabelDef, *, position: int | None = None) -> None:
        """Add or replace a label definition (one commit); a new one at `position` if given."""
        self.project.set_label(label, position=position)
        self.reload_labels()

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label everywhere (one commit); the spans on screen follow."""
        self.project.rename_label(old, new)
        self.reload_labels()
        self.reload()

    def delete_label(self, name: str) -> None:
        """Remove an unused label definition (one commit)."""
        self.project.delete_label(name)
        self.reload_labels()

    def set_relation_type(self, relation: RelationType) -> None:
        """Add or replace a relation type (one commit)."""
        self.project.set_relation_type(relation)
        self.reload_labels()

    def delete_relation_type(self, name: str) -> None:
        """Remove an unused relation type (one commit)."""
        self.project.delete_relation_type(name)
        self.reload_labels()

    def guidelines(self) -> str:
        """The project's guideline text (Markdown)."""
        return self.project.guidelines()

    def set_guidelines(self, text: str) -> None:
        """Replace the project's guideline text (one commit)."""
        self.project.set_guidelines(text)
        self.guidelinesChanged.emit()

    def _focus_one(self, document_ids: list[int]) -> None:
        """Bring the document of an undone or redone step on screen, when it has one."""
        if len(set(document_ids)) == 1:
            self.focus(document_ids[0])

    def _shown(self, annotations: list[Annotation], relations: list[Relation]) -> None:
        """Show spans just stored: those of the current document here, the other documents
        are reported through `documentsTouched`."""
        here = [a for a in annotations if a.document_id == self.document_id]
        elsewhere = {a.document_id for a in annotations if a.document_id != self.document_id}
        for ann in here:
            self.annotations[ann.uuid] = ann
            self.annotationAdded.emit(ann)
        if here and self.document is not None and self.current_status == NEW:
            self.current_status = self.status()
            self.statusChanged.emit(self.document.id, self.current_status)
        if any(r.document_id == self.document_id for r in relations):
            self._reload_relations()
        if elsewhere:
            self.documentsTouched.emit(elsewhere)
        self._hide_held(here)

    def _hide_held(self, added: list[Annotation]) -> None:
        """Hide the shown suggestions that spans just added now hold (`rules.suggestion_held`,
        the store's rule too), without asking the store: adding a span stays as fast with a
        document full of suggestions."""
        held = {
            (a.document_id, a.label, a.start, a.end) for a in added if a.annotator == self.annotator
        }
        if not held or not self.suggestions:
            return
        kept = {
            uuid: s
            for uuid, s in self.suggestions.items()
            if not suggestion_held(s.document_id, s.label, s.start, s.end, held)
        }
        if len(kept) != len(self.suggestions):
            self.suggestions = kept
            self.suggestionsChanged.emit()

    def _gone(self, annotations: list[Annotation], *, relations: bool) -> None:
        """Take spans just removed from the store off the views: those of the current document
        here (`relations`: relations went with them), the others through `documentsTouched`."""
        elsewhere = set()
        for ann in annotations:
            if ann.document_id != self.document_id:
                elsewhere.add(ann.document_id)
                continue
            self.annotations.pop(ann.uuid, None)
            self.annotationRemoved.emit(ann)
        if relations:
            self._reload_relations()
        if elsewhere:
            self.documentsTouched.emit(elsewhere)
        self._refresh_suggestions()

    def _reload_relations(self) -> None:
        if self.document is None:
            return
        only = self.annotator if self.blind else None
        self._set_relations(self.project.relations(self.document.id, only))
        self.relationsChanged.emit()
