"""Every user action as an undoable command (QUndoCommand) over the session's store calls.

`Editor` is what the views call: it performs the action once (one committed transaction) and
pushes a command whose first `redo` is therefore a no-op; later redo/undo call the store again.
Undo and redo bring the command's document back on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.errors import AnnotatorError
from annotator.gui.session import Deleted, NewSpan, Session
from annotator.rules import (
    DONE,
    SOURCE,
    initial_attributes,
    new_id,
    relabelled_attributes,
    resized_attributes,
    span_problem,
)
from annotator.store import (
    Accepted,
    Annotation,
    Note,
    Rejected,
    Relation,
    Suggestion,
    WriteError,
)

T = TypeVar("T")


class UndoStep(QUndoCommand):
    """The one undo idiom of the app: a command whose action was already carried out (one
    committed transaction) when it was pushed, so its first redo does nothing.

    A later undo or redo that the store refuses (`WriteError`: disk full, the file locked by
    another program...) changes nothing; the error is kept in `error`, and `step_stack` puts
    the stack back where it was and reports it.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.error: WriteError | None = None
        self._skip: str | None = "redo"  # the action was carried out before the push

    def redo(self) -> None:
        if self._skip == "redo":
            self._skip = None
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        if self._skip == "undo":
            self._skip = None
            return
        self._guarded(self.whole_revert)

    def whole_revert(self) -> None:
        """What undo does: `revert`, and whatever else must go with it."""
        self.revert()

    def skip_next(self, step: str) -> None:
        """The next "undo" or "redo" only moves the stack's index: the opposite step failed
        and changed nothing, so the stack must go back to where it was without a write."""
        self._skip = step

    def _guarded(self, step: Callable[[], None]) -> None:
        self.error = None
        try:
            step()
        except AnnotatorError as err:  # the store (WriteError) or the rules refused the step
            self.error = err

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


def step_stack(
    stack: QUndoStack,
    *,
    back: bool,
    ask_retry: Callable[[str], bool],
    report: Callable[[AnnotatorError], None],
) -> bool:
    """Undo (`back`) or redo one step of `stack`, whose commands are `UndoStep`s. When the
    store (`WriteError`) or the rules (e.g. a relation type that relations now use) refuse it,
    the stack is put back where it was, `ask_retry(message)` is asked whether to try again if
    the project was busy, and otherwise `report(error)` is called; returns whether the step
    was done."""
    index = stack.index()
    if (back and not stack.canUndo()) or (not back and not stack.canRedo()):
        return False
    command = stack.command(index - 1 if back else index)
    while True:
        stack.undo() if back else stack.redo()
        error = getattr(command, "error", None)
        if error is None:
            return True
        # the index moved although nothing changed: move it back without a write
        command.skip_next("redo" if back else "undo")
        stack.redo() if back else stack.undo()
        if not (getattr(error, "busy", False) and ask_retry(str(error))):
            report(error)
            return False


class _StoreCommand(UndoStep):
    """An action of the workbench's session. `reopened` are the documents the action took
    back from done to in progress: its undo marks them done again."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.reopened: list[int] = list(session.reopened)

    def whole_revert(self) -> None:
        with self.session.project.transaction():  # all of it, or none of it
            self.revert()
            for document_id in self.reopened:
                self.session.set_status(document_id, DONE)


class AddAnnotations(_StoreCommand):
    def __init__(self, session: Session, added: list[Annotation], text: str) -> None:
        super().__init__(session, text)
        self.added = added

    def apply(self) -> None:
        self.session.restore(self.added)

    def revert(self) -> None:
        self.session.delete_annotations(a.uuid for a in self.added)


class DeleteAnnotations(_StoreCommand):
    """Spans deleted, with their relations and the notes on them (which undo brings back)."""

    def __init__(self, session: Session, deleted: Deleted, text: str) -> None:
        super().__init__(session, text)
        self.annotations = [ann for ann, _ in deleted.spans]
        self.relations = list({r.uuid: r for _, rels in deleted.spans for r in rels}.values())
        self.notes = list(deleted.notes)  # the deletion read them: no caller can forget them

    def apply(self) -> None:
        self.notes = self.session.delete_annotations(a.uuid for a in self.annotations).notes

    def revert(self) -> None:
        self.session.restore(self.annotations, self.relations, self.notes)


class UpdateAnnotation(_StoreCommand):
    """A change of label, boundaries or attributes; with a relabelling, the relations that no
    longer fit went with it (`broken`), and come back with undo."""

    def __init__(
        self,
        session: Session,
        before: Annotation,
        after: Annotation,
        text: str,
        broken: list[Relation],
    ) -> None:
        super().__init__(session, text)
        self.before, self.after, self.broken = before, after, broken

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before, restore_relations=self.broken)

    def _set(self, state: Annotation, restore_relations: list[Relation] | None = None) -> None:
        self.session.update_annotation(
            state.uuid,
            label=state.label,
            start=state.start,
            end=state.end,
            attributes=dict(state.attributes),
            restore_relations=restore_relations or (),
        )


class UpdateAnnotations(_StoreCommand):
    """Several spans changed at once, in any documents (relabel all); the relations a new
    label no longer fits went with them (`broken`) and come back with undo."""

    def __init__(
        self,
        session: Session,
        changed: list[tuple[Annotation, Annotation, list[Relation]]],
        text: str,
    ) -> None:
        super().__init__(session, text)
        self.before = [before for before, _, _ in changed]
        self.after = [after for _, after, _ in changed]
        self.broken = list({r.uuid: r for _, _, rels in changed for r in rels}.values())

    def apply(self) -> None:
        self.session.update_annotations(self.after)

    def revert(self) -> None:
        self.session.update_annotations(self.before, restore_relations=self.broken)


class ReplaceRelations(_StoreCommand):
    def __init__(
        self, session: Session, removed: list[Relation], added: list[Relation], text: str
    ) -> None:
        super().__init__(session, text)
        self.removed, self.added = removed, added

    def apply(self) -> None:
        self.session.replace_relations([r.uuid for r in self.removed], self.added)

    def revert(self) -> None:
        self.session.replace_relations([r.uuid for r in self.added], self.removed)


class SetStatus(_StoreCommand):
    def __init__(self, session: Session, document_id: int, before: str, after: str) -> None:
        super().__init__(
            session,
            QCoreApplication.translate("commands", "Mark document {after}").format(after=after),
        )
        self.document_id, self.before, self.after = document_id, before, after

    def apply(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_status(self.document_id, self.after)

    def revert(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_status(self.document_id, self.before)


class SetDocLabel(_StoreCommand):
    """A document label of the annotator given a value (None: removed)."""

    def __init__(
        self, session: Session, document_id: int, name: str, before: Any, after: Any
    ) -> None:
        super().__init__(
            session,
            QCoreApplication.translate("commands", "Set document label {name}").format(name=name),
        )
        self.document_id, self.name, self.before, self.after = document_id, name, before, after

    def apply(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_doc_label(self.document_id, self.name, self.after)

    def revert(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_doc_label(self.document_id, self.name, self.before)


class AcceptSuggestions(_StoreCommand):
    """Suggestions made annotations (with a claim's source relation and its ACTOR)."""

    def __init__(self, session: Session, accepted: Accepted, text: str) -> None:
        super().__init__(session, text)
        self.accepted = accepted

    def apply(self) -> None:
        self.session.accept_again(self.accepted)

    def revert(self) -> None:
        self.session.take_back(self.accepted)


class RejectSuggestions(_StoreCommand):
    """Suggestions turned down, their label and text remembered."""

    def __init__(self, session: Session, rejected: Rejected, text: str) -> None:
        super().__init__(session, text)
        self.rejected = rejected

    def apply(self) -> None:
        self.rejected = self.session.reject_again(self.rejected)

    def revert(self) -> None:
        self.session.restore_suggestions(self.rejected)


class ChangeNote(UndoStep):
    """A note written, edited or deleted: `before` and `after` are the note as it was and is
    (None: there was none, there is none)."""

    def __init__(self, session: Session, before: Note | None, after: Note | None, text: str):
        super().__init__(text)
        self.session, self.before, self.after = session, before, after

    def apply(self) -> None:
        self._be(self.after, self.before)

    def revert(self) -> None:
        self._be(self.before, self.after)

    def _be(self, state: Note | None, other: Note | None) -> None:
        if state is not None:
            self.session.put_note(state)
        elif other is not None:
            self.session.delete_note(other.uuid)


class SchemaChange(UndoStep):
    """A change of the label schema: `change` was carried out when pushed; `inverse` undoes
    it (session calls, one committed transaction each)."""

    def __init__(self, text: str, change: Callable[[], None], inverse: Callable[[], None]) -> None:
        super().__init__(text)
        self.change, self.inverse = change, inverse

    def apply(self) -> None:
        self.change()

    def revert(self) -> None:
        self.inverse()


class Editor(QObject):
    """The actions of the workbench; each is saved at once and can be undone.

    A write the store refuses (`WriteError`) changes nothing and pushes nothing: `failed`
    carries the reason for a dialog, and the views show the store's state again. When another
    program held the file locked, `ask_retry(message)` is asked first whether to try again
    (set it to a dialog; by default it says no). Undo and redo go through `undo()`/`redo()`,
    which keep the stack where it was when the store refuses them.
    """

    message = Signal(str)  # a refusal to show in the status bar
    failed = Signal(str)  # a write that was not saved: show it so it cannot be missed

    def __init__(self, session: Session, stack: QUndoStack | None = None) -> None:
        super().__init__()
        self.session = session
        self.stack = stack if stack is not None else QUndoStack(self)
        self.ask_retry: Callable[[str], bool] = lambda _message: False
        session.documentReopened.connect(self._reopened)

    def _reopened(self, document_id: int) -> None:
        self.message.emit(
            "This document was marked done; it is in progress again "
            "(Ctrl+Enter marks it done, undo restores it)"
        )

    def _attempt(
        self, action: Callable[[], T], refused: Callable[[str], None] | None = None
    ) -> T | None:
        """`action`'s result, or None when the store refused it (reported, nothing saved); a
        refusal by the rules goes to `refused` (by default the status bar)."""
        while True:
            try:
                return action()
            except WriteError as err:
                if err.busy and self.ask_retry(str(err)):
                    continue
                self._report(err)
                return None
            except AnnotatorError as err:  # refused by the rules (SchemaError, NotFoundError...)
                (refused or self.message.emit)(str(err))
                return None

    def _report(self, err: AnnotatorError) -> None:
        if not isinstance(err, WriteError):  # the rules refused an undo or redo: nothing changed
            self.message.emit(str(err))
            return
        try:
            self.session.reload()  # show what the store holds, not what was attempted
        except Exception:  # noqa: BLE001 - the failure itself is what the user must see
            pass
        self.failed.emit(str(err))

    # ---------------------------------------------------------------- undo, redo

    def undo(self) -> bool:
        """Undo the last step; False (the stack unchanged, the reason reported) if the store
        refused it."""
        return self._step(back=True)

    def redo(self) -> bool:
        return self._step(back=False)

    def _step(self, *, back: bool) -> bool:
        return step_stack(self.stack, back=back, ask_retry=self.ask_retry, report=self._report)

    # ---------------------------------------------------------------- the label schema

    def change_schema(
        self,
        text: str,
        change: Callable[[], None],
        inverse: Callable[[], None] | None,
        *,
        refused: Callable[[str], None] | None = None,
    ) -> bool:
        """Carry out a label-schema change (a session call) and push it with the call that
        undoes it as one step (`inverse` None: the store cannot undo it, nothing is pushed);
        whether it was saved."""
        if self._attempt(lambda: change() or True, refused) is None:
            return False
        if inverse is not None:
            self.stack.push(SchemaChange(text, change, inverse))
        return True

    # ---------------------------------------------------------------- spans

    def annotate(self, label: str, start: int, end: int) -> Annotation | None:
        """Add a span of `label` over [start, end) of the current document (code points)."""
        added = self.annotate_all(label, [(start, end)], text=f"Add {label}")
        return added[0] if added else None

    def annotate_all(
        self, label: str, ranges: Iterable[tuple[int, int]], *, text: str | None = None
    ) -> list[Annotation]:
        """Add spans of `label` over each range of the current document not already holding
        one; one undo step."""
        document = self.session.document_id
        if document is None:
            self.message.emit(
                self.tr("Cannot annotate: no document or unknown label {label!r}").format(
                    label=label
                )
            )
            return []
        return self.annotate_targets(
            label, [(document, start, end) for start, end in ranges], text=text
        )

    def annotate_targets(
        self,
        label: str,
        targets: Iterable[tuple[int, int, int]],
        *,
        text: str | None = None,
    ) -> list[Annotation]:
        """Add spans of `label` over (document, start, end) targets in any documents (annotate
        all in the project), each with the attributes the hotkey gives the same text (a
        CASUALTY's count, qualifier and outcome, the schema's defaults); targets the annotator
        already holds as such a span are skipped. One transaction, one undo step."""
        session = self.session
        definition = session.label(label)
        if definition is None:
            self.message.emit(
                self.tr("Cannot annotate: no document or unknown label {label!r}").format(
                    label=label
                )
            )
            return []
        texts: dict[int, str] = {}
        spans = []
        for document, start, end in self.new_targets(label, targets):
            if document not in texts:
                texts[document] = (
                    session.text
                    if document == session.document_id
                    else session.project.document_text(document)
                )
            attrs = initial_attributes(definition, texts[document], start, end)
            spans.append(NewSpan(document, label, start, end, attrs))
        if not spans:
            self.message.emit(self.tr("Already annotated as {label}").format(label=label))
            return []
        added = self._attempt(lambda: session.add_annotations(spans))
        if not added:
            return []
        if text is None:
            documents = len({a.document_id for a in added})
            where = "" if documents <= 1 else f" in {documents} documents"
            text = self.tr("Annotate all: {value0} × {label}{where}").format(
                value0=len(added), label=label, where=where
            )
        self.stack.push(AddAnnotations(session, added, text))
        return added

    def new_targets(
        self, label: str, targets: Iterable[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """The (document, start, end) targets the annotator does not hold as a `label` span
        yet, each once, in order."""
        session = self.session
        held: dict[int, set[tuple[int, int]]] = {}
        result = []
        for document, start, end in dict.fromkeys(targets):
            if document not in held:
                spans = (
                    session.own_annotations()
                    if document == session.document_id
                    else session.project.annotations(document, session.annotator)
                )
                held[document] = {(a.start, a.end) for a in spans if a.label == label}
            if (start, end) not in held[document]:
                result.append((document, start, end))
        return result

    def delete(self, uuids: Sequence[str]) -> None:
        uuids = [u for u in uuids if self.session.is_own(u)]
        if not uuids:
            return
        deleted = self._attempt(lambda: self.session.delete_annotations(uuids))
        if deleted is None or not deleted.spans:
            return
        removed = deleted.spans
        label = removed[0][0].label if len(removed) == 1 else f"{len(removed)} spans"
        self.stack.push(DeleteAnnotations(self.session, deleted, f"Delete {label}"))

    def owned(self, uuids: Iterable[str]) -> list[Annotation]:
        """The spans of `uuids` (any documents) that are the annotator's own, as stored: only
        those may be changed (others' work is read-only in the workbench)."""
        project = self.session.project
        spans = [project.annotation(uuid) for uuid in dict.fromkeys(uuids)]
        return [a for a in spans if a.annotator == self.session.annotator]

    def delete_all(self, uuids: Iterable[str]) -> int:
        """Delete the annotator's own spans among `uuids` (any documents; their relations go
        too) as one undo step; how many were deleted (0: none, or the store refused)."""
        own = self.owned(uuids)
        if not own:
            return 0
        deleted = self._attempt(lambda: self.session.delete_annotations(a.uuid for a in own))
        if deleted is None or not deleted.spans:
            return 0
        text = self.tr("Delete all: {value0} spans").format(value0=len(deleted.spans))
        self.stack.push(DeleteAnnotations(self.session, deleted, text))
        return len(deleted.spans)

    def relabel_all(self, uuids: Iterable[str], label: str) -> int:
        """Give the annotator's own spans among `uuids` (any documents) another label, each
        with the attributes a relabelling gives, as one undo step; relations the label no
        longer fits go with them. How many were relabelled (0: none, or refused)."""
        session = self.session
        definition = session.label(label)
        own = [a for a in self.owned(uuids) if a.label != label]
        if definition is None or not own:
            return 0
        texts: dict[int, str] = {}
        states = []
        for ann in own:
            if ann.document_id not in texts:
                texts[ann.document_id] = session.project.document_text(ann.document_id)
            attributes = relabelled_attributes(
                definition, texts[ann.document_id], ann.start, ann.end, ann.attributes
            )
            states.append(replace(ann, label=label, attributes=attributes))
        changed = self._attempt(lambda: session.update_annotations(states))
        if not changed:
            return 0
        text = self.tr("Relabel all as {label}: {value1} spans").format(
            label=label, value1=len(changed)
        )
        self.stack.push(UpdateAnnotations(session, changed, text))
        broken = {r.label for _, _, rels in changed for r in rels}
        if broken:
            kinds = ", ".join(sorted(broken))
            self.message.emit(
                self.tr("As {label} some spans no longer fit their {kinds}: links removed").format(
                    label=label, kinds=kinds
                )
            )
        return len(changed)

    def relabel(self, uuid: str, label: str) -> Annotation | None:
        """Give a span another label. A relation the new label no longer fits (a CLAIM's source
        once the CLAIM is an ACTOR) goes with it in the same step, and comes back with undo."""
        before = self._own(uuid)
        definition = self.session.label(label)
        if before is None or definition is None or before.label == label:
            return None
        attributes = relabelled_attributes(
            definition, self.session.text, before.start, before.end, before.attributes
        )
        command = self._update(
            before,
            self.tr("Relabel as {label}").format(label=label),
            label=label,
            attributes=attributes,
        )
        if command is None:
            return None
        if command.broken:
            kinds = ", ".join(sorted({r.label for r in command.broken}))
            self.message.emit(
                self.tr("As {label} the span no longer fits its {kinds}: link removed").format(
                    label=label, kinds=kinds
                )
            )
        return command.after

    def resize(self, uuid: str, start: int, end: int) -> Annotation | None:
        before = self._own(uuid)
        if before is None or (start, end) == (before.start, before.end):
            return None
        if span_problem(self.session.text, start, end):
            return None
        changes: dict[str, Any] = {"start": start, "end": end}
        definition = self.session.label(before.label)
        if definition is not None:
            span, moved = (before.start, before.end), (start, end)
            attributes = resized_attributes(
                definition, self.session.text, span, moved, before.attributes
            )
            if attributes is not None:
                changes["attributes"] = attributes
        command = self._update(before, self.tr("Resize span"), **changes)
        return command.after if command else None

    def set_attributes(self, uuid: str, attributes: dict[str, Any]) -> Annotation | None:
        before = self._own(uuid)
        if before is None or before.attributes == attributes:
            return None
        command = self._update(before, self.tr("Edit attributes"), attributes=attributes)
        return command.after if command else None

    def _update(self, before: Annotation, text: str, **changes: Any) -> UpdateAnnotation | None:
        done = self._attempt(lambda: self.session.update_annotation(before.uuid, **changes))
        if done is None:
            return None
        after, broken = done
        command = UpdateAnnotation(self.session, before, after, text, broken)
        self.stack.push(command)
        return command

    def _own(self, uuid: str) -> Annotation | None:
        if not self.session.is_own(uuid):
            return None
        return self.session.annotations[uuid]

    # ---------------------------------------------------------------- relations

    def set_source(self, claim: str, actor: str) -> Relation | None:
        """Make `actor` the source of `claim`, replacing the claim's current source."""
        session = self.session
        head, tail = self._own(claim), self._own(actor)
        if head is None or tail is None:
            self.message.emit("A source links two of your own spans")
            return None
        kind = next(
            (
                r
                for r in session.project.relation_types()
                if r.head_label == head.label and r.tail_label == tail.label
            ),
            None,
        )
        name = kind.name if kind is not None else SOURCE
        removed = [r for r in session.relations if r.head == claim and r.label == name]
        if any(r.tail == actor for r in removed):
            return None
        relation = Relation(new_id(), head.document_id, session.annotator, name, claim, actor)
        done = self._attempt(
            lambda: session.replace_relations([r.uuid for r in removed], [relation])
        )
        if done is None:
            return None
        self.stack.push(ReplaceRelations(session, removed, [relation], f"Set {name}"))
        return relation

    def clear_source(self, claim: str) -> None:
        removed = [
            r
            for r in self.session.relations
            if r.head == claim and r.annotator == self.session.annotator
        ]
        if not removed:
            return
        done = self._attempt(lambda: self.session.replace_relations([r.uuid for r in removed], []))
        if done is not None:
            self.stack.push(ReplaceRelations(self.session, removed, [], self.tr("Remove source")))

    # ---------------------------------------------------------------- status

    def set_status(self, document_id: int, status: str) -> bool:
        """Mark a document; False when the store refused it."""
        before = self.session.status(document_id)
        if before == status:
            return True
        if self._attempt(lambda: self.session.set_status(document_id, status) or True) is None:
            return False
        self.stack.push(SetStatus(self.session, document_id, before, status))
        return True

    # ---------------------------------------------------------------- document labels

    def set_doc_label(self, name: str, value: Any) -> bool:
        """Give the annotator's document label `name` of the current document the value
        `value` (None removes it); one undo step. False when there is no document, or the
        rules (a value its definition refuses) or the store refused it."""
        document_id = self.session.document_id
        if document_id is None:
            return False
        before = self.session.doc_labels().get(name)
        if self._attempt(lambda: self.session.set_doc_label(document_id, name, value) or True):
            after = self.session.doc_labels().get(name)  # as stored (a count's form)
            if after != before:
                self.stack.push(SetDocLabel(self.session, document_id, name, before, after))
            return True
        return False

    # ---------------------------------------------------------------- notes

    def write_note(self, annotation_uuid: str | None, text: str, needs_review: bool) -> Note | None:
        """Write the annotator's note on a span of the current document (None: on the
        document): a new one, or theirs changed; an empty text without the flag deletes it.
        One undo step; None when nothing changed or the store refused."""
        before = self.session.own_note(annotation_uuid)
        if before is not None and (before.text, before.needs_review) == (text, needs_review):
            return before
        where = "document" if annotation_uuid is None else "span"
        if before is not None and not text.strip() and not needs_review:
            self.delete_note(before.uuid)
            return None
        if before is None:
            after = self._attempt(
                lambda: self.session.add_note(annotation_uuid, text, needs_review=needs_review)
            )
            name = self.tr("Add note on {where}")
        else:
            after = self._attempt(
                lambda: self.session.edit_note(before.uuid, text=text, needs_review=needs_review)
            )
            name = self.tr("Edit note on {where}")
        if after is not None:
            self.stack.push(ChangeNote(self.session, before, after, name.format(where=where)))
        return after

    def toggle_review(self, annotation_uuid: str | None) -> Note | None:
        """Flag (or unflag) the annotator's note on a span (None: on the document) as
        "needs review", writing an empty note when there is none; one undo step."""
        before = self.session.own_note(annotation_uuid)
        if before is None:
            return self.write_note(annotation_uuid, "", True)
        return self.write_note(annotation_uuid, before.text, not before.needs_review)

    def delete_note(self, uuid: str) -> None:
        """Remove a note of the annotator's; one undo step."""
        note = next((n for n in self.session.notes if n.uuid == uuid), None)
        if note is None or note.author != self.session.annotator:
            self.message.emit(self.tr("Only your own notes can be deleted"))
            return
        if self._attempt(lambda: self.session.delete_note(uuid)) is not None:
            self.stack.push(ChangeNote(self.session, note, None, self.tr("Delete note")))

    # ---------------------------------------------------------------- suggestions

    def accept(self, uuids: Sequence[str]) -> Accepted | None:
        """Accept shown suggestions of the current document as the annotator's annotations
        (with their attributes; a casualty without any gets those its text says, as a new span
        would); one undo step. None when there is nothing to accept or the store refused."""
        session = self.session
        chosen = [session.suggestions[u] for u in dict.fromkeys(uuids) if u in session.suggestions]
        if not chosen:
            return None
        accepted = self._attempt(lambda: session.accept_suggestions([s.uuid for s in chosen]))
        if accepted is None:
            return None
        self.stack.push(AcceptSuggestions(session, accepted, self._suggestions_text(True, chosen)))
        return accepted

    def accept_label(self, label: str) -> Accepted | None:
        """Accept every shown suggestion of `label` in the current document; one undo step."""
        return self.accept([s.uuid for s in self.session.suggestions.values() if s.label == label])

    def reject(self, uuids: Sequence[str]) -> Rejected | None:
        """Turn shown suggestions down: their label for their text is never proposed to the
        annotator again; one undo step."""
        session = self.session
        chosen = [session.suggestions[u] for u in dict.fromkeys(uuids) if u in session.suggestions]
        if not chosen:
            return None
        rejected = self._attempt(lambda: session.reject_suggestions([s.uuid for s in chosen]))
        if rejected is None:
            return None
        text = self._suggestions_text(False, chosen)
        self.stack.push(RejectSuggestions(session, rejected, text))
        return rejected

    def _suggestions_text(self, accept: bool, chosen: Sequence[Suggestion]) -> str:
        """The undo step's name: "Accept ACTOR suggestion", "Reject 3 suggestions"…"""
        labels = {s.label for s in chosen}
        count = len(chosen)
        if accept:
            if count == 1:
                return self.tr("Accept {label} suggestion").format(label=chosen[0].label)
            if len(labels) == 1:
                return self.tr("Accept {count} {label} suggestions").format(
                    count=count, label=chosen[0].label
                )
            return self.tr("Accept {count} suggestions").format(count=count)
        if count == 1:
            return self.tr("Reject {label} suggestion").format(label=chosen[0].label)
        return self.tr("Reject {count} suggestions").format(count=count)
