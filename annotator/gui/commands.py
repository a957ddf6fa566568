"""Every user action as an undoable command (QUndoCommand) over the session's store calls.

`Editor` is what the views call: it performs the action once (one committed transaction) and
pushes a command whose first `redo` is therefore a no-op; later redo/undo call the store again.
Undo and redo bring the command's document back on screen.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.gui.autofill import initial_attributes, read_casualty
from annotator.gui.session import SOURCE_RELATION, Session
from annotator.store import Annotation, Relation


class _StoreCommand(QUndoCommand):
    """A command whose action was already carried out when it was pushed."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.apply()

    def undo(self) -> None:
        self.revert()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddAnnotations(_StoreCommand):
    def __init__(self, session: Session, added: list[Annotation], text: str) -> None:
        super().__init__(session, text)
        self.added = added

    def apply(self) -> None:
        self.session.restore(self.added)

    def revert(self) -> None:
        self.session.delete_annotations(a.uuid for a in self.added)


class DeleteAnnotations(_StoreCommand):
    def __init__(
        self, session: Session, removed: list[tuple[Annotation, list[Relation]]], text: str
    ) -> None:
        super().__init__(session, text)
        self.annotations = [ann for ann, _ in removed]
        self.relations = list({r.uuid: r for _, rels in removed for r in rels}.values())

    def apply(self) -> None:
        self.session.delete_annotations(a.uuid for a in self.annotations)

    def revert(self) -> None:
        self.session.restore(self.annotations, self.relations)


class UpdateAnnotation(_StoreCommand):
    def __init__(self, session: Session, before: Annotation, after: Annotation, text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)

    def _set(self, state: Annotation) -> None:
        self.session.update_annotation(
            state.uuid,
            label=state.label,
            start=state.start,
            end=state.end,
            attributes=dict(state.attributes),
        )


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
        super().__init__(session, f"Mark document {after}")
        self.document_id, self.before, self.after = document_id, before, after

    def apply(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_status(self.document_id, self.after)

    def revert(self) -> None:
        self.session.focus(self.document_id)
        self.session.set_status(self.document_id, self.before)


class Editor(QObject):
    """The actions of the workbench; each is saved at once and can be undone."""

    message = Signal(str)  # a refusal or error to show in the status bar

    def __init__(self, session: Session, stack: QUndoStack | None = None) -> None:
        super().__init__()
        self.session = session
        self.stack = stack if stack is not None else QUndoStack(self)

    # ---------------------------------------------------------------- spans

    def annotate(self, label: str, start: int, end: int) -> Annotation | None:
        """Add a span of `label` over [start, end) of the current document (code points)."""
        added = self.annotate_all(label, [(start, end)], text=f"Add {label}")
        return added[0] if added else None

    def annotate_all(
        self, label: str, ranges: Iterable[tuple[int, int]], *, text: str | None = None
    ) -> list[Annotation]:
        """Add spans of `label` over each range not already holding one; one undo step."""
        session = self.session
        definition = session.label(label)
        if session.document is None or definition is None:
            self.message.emit(f"Cannot annotate: no document or unknown label {label!r}")
            return []
        items = []
        for start, end in dict.fromkeys(ranges):
            if session.has_span(label, start, end):
                continue
            attrs = initial_attributes(definition, session.text, start, end)
            items.append((label, start, end, attrs))
        if not items:
            self.message.emit(f"Already annotated as {label}")
            return []
        try:
            added = session.add_annotations(items)
        except ValueError as err:
            self.message.emit(str(err))
            return []
        if text is None:
            text = f"Annotate all: {len(added)} × {label}"
        self.stack.push(AddAnnotations(session, added, text))
        return added

    def delete(self, uuids: Sequence[str]) -> None:
        uuids = [u for u in uuids if self.session.is_own(u)]
        if not uuids:
            return
        removed = self.session.delete_annotations(uuids)
        label = removed[0][0].label if len(removed) == 1 else f"{len(removed)} spans"
        self.stack.push(DeleteAnnotations(self.session, removed, f"Delete {label}"))

    def relabel(self, uuid: str, label: str) -> Annotation | None:
        before = self._own(uuid)
        definition = self.session.label(label)
        if before is None or definition is None or before.label == label:
            return None
        attributes = initial_attributes(definition, self.session.text, before.start, before.end)
        known = {a.get("name") for a in definition.attributes}
        attributes.update({k: v for k, v in before.attributes.items() if k in known})
        return self._update(before, f"Relabel as {label}", label=label, attributes=attributes)

    def resize(self, uuid: str, start: int, end: int) -> Annotation | None:
        before = self._own(uuid)
        if before is None or (start, end) == (before.start, before.end):
            return None
        if not 0 <= start < end <= len(self.session.text):
            return None
        changes: dict[str, Any] = {"start": start, "end": end}
        definition = self.session.label(before.label)
        if definition is not None and any(a.get("type") == "count" for a in definition.attributes):
            text = self.session.text
            old_auto = read_casualty(definition, text, before.start, before.end)
            if all(before.attributes.get(k) == v for k, v in old_auto.items()):
                attributes = dict(before.attributes)
                for key in old_auto:
                    attributes.pop(key, None)
                attributes.update(read_casualty(definition, text, start, end))
                changes["attributes"] = attributes
        return self._update(before, "Resize span", **changes)

    def set_attributes(self, uuid: str, attributes: dict[str, Any]) -> Annotation | None:
        before = self._own(uuid)
        if before is None or before.attributes == attributes:
            return None
        return self._update(before, "Edit attributes", attributes=attributes)

    def _update(self, before: Annotation, text: str, **changes: Any) -> Annotation | None:
        try:
            after = self.session.update_annotation(before.uuid, **changes)
        except ValueError as err:
            self.message.emit(str(err))
            return None
        self.stack.push(UpdateAnnotation(self.session, before, after, text))
        return after

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
        name = kind.name if kind is not None else SOURCE_RELATION
        removed = [r for r in session.relations if r.head == claim and r.label == name]
        if any(r.tail == actor for r in removed):
            return None
        relation = Relation(
            str(uuidlib.uuid4()), head.document_id, session.annotator, name, claim, actor
        )
        try:
            session.replace_relations([r.uuid for r in removed], [relation])
        except ValueError as err:
            self.message.emit(str(err))
            return None
        self.stack.push(ReplaceRelations(session, removed, [relation], f"Set {name}"))
        return relation

    def clear_source(self, claim: str) -> None:
        removed = [
            r
            for r in self.session.relations
            if r.head == claim and r.annotator == self.session.annotator
        ]
        if removed:
            self.session.replace_relations([r.uuid for r in removed], [])
            self.stack.push(ReplaceRelations(self.session, removed, [], "Remove source"))

    # ---------------------------------------------------------------- status

    def set_status(self, document_id: int, status: str) -> None:
        before = self.session.status(document_id)
        if before == status:
            return
        self.session.set_status(document_id, status)
        self.stack.push(SetStatus(self.session, document_id, before, status))
