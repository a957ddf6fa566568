"""Notes: what an annotator or a lead writes beside an annotation or a document.

A note has an author, a text, a "needs review" flag and its times. `annotation_uuid` None is a
note on the document itself. A note goes with its annotation (the foreign key cascades: the
store's connections have foreign keys on); putting the annotation back with its uuid (undo)
takes `restore_notes` to bring its notes back. Adding or editing a note is not an edit of the
annotations: a document marked done stays done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from annotator.errors import NotFoundError, SchemaError, UsageError
from annotator.model import NoteRecord
from annotator.rules import new_id, note_problem
from annotator.store.annotations import Annotations
from annotator.store.rows import id_batches, now

_COLUMNS = (
    "n.uuid, n.document_id, n.annotation_uuid, w.name, n.text, n.needs_review, n.created_at, "
    "n.updated_at"
)
_FROM = "FROM notes n JOIN annotators w ON w.id = n.annotator_id"
_ORDER = " ORDER BY n.document_id, n.created_at, n.id"


class Note(NamedTuple):
    """A stored note: on annotation `annotation_uuid` of `document_id`, or (None) on the
    document; `author` is the annotator who wrote it."""

    uuid: str
    document_id: int
    annotation_uuid: str | None
    author: str
    text: str
    needs_review: bool
    created_at: str
    updated_at: str


class ImportedNote(NamedTuple):
    """A note an import brings: on `document_id`, on its annotation `annotation_uuid` (None:
    on the document)."""

    document_id: int
    annotation_uuid: str | None
    note: NoteRecord


class FlaggedDocument(NamedTuple):
    """A document with notes flagged "needs review", and how many."""

    document_id: int
    flagged: int


def _note(row: tuple) -> Note:
    uuid, doc, annotation, author, text, flag, created, updated = row
    return Note(uuid, doc, annotation, author, text, bool(flag), created, updated)


class Notes(Annotations):
    """A project's notes (a layer of `Project`, above the annotations)."""

    def add_note(
        self,
        document_id: int,
        author: str,
        text: str,
        *,
        annotation_uuid: str | None = None,
        needs_review: bool = False,
        uuid: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> Note:
        """Write a note by `author` on annotation `annotation_uuid` (of `document_id`) or on
        the document; `uuid` and times are kept when given (undo, merge, import)."""
        if problem := note_problem(text, needs_review):
            raise UsageError(problem)
        self.document(document_id)  # NotFoundError for an unknown document
        if annotation_uuid is not None:
            annotation = self.annotation(annotation_uuid)
            if annotation.document_id != document_id:
                raise SchemaError(f"annotation {annotation_uuid} is not in document {document_id}")
        created = created_at or now()
        note = Note(
            uuid or new_id(),
            document_id,
            annotation_uuid,
            author.strip(),
            text,
            needs_review,
            created,
            updated_at or created,
        )
        with self.transaction():
            self.conn.execute(
                "INSERT INTO notes(uuid, document_id, annotation_uuid, annotator_id, text, "
                "needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    note.uuid,
                    document_id,
                    annotation_uuid,
                    self.annotator_id(author),
                    text,
                    int(needs_review),
                    note.created_at,
                    note.updated_at,
                ),
            )
            self._log("add note", document_id, _detail(note), note.author)
        return note

    def edit_note(
        self, uuid: str, *, text: str | None = None, needs_review: bool | None = None
    ) -> Note:
        """Change a note's text and/or flag; returns it as it is now."""
        current = self.note(uuid)
        changed = current._replace(
            text=current.text if text is None else text,
            needs_review=current.needs_review if needs_review is None else needs_review,
            updated_at=now(),
        )
        if problem := note_problem(changed.text, changed.needs_review):
            raise UsageError(problem)
        with self.transaction():
            self.conn.execute(
                "UPDATE notes SET text = ?, needs_review = ?, updated_at = ? WHERE uuid = ?",
                (changed.text, int(changed.needs_review), changed.updated_at, uuid),
            )
            self._log("edit note", current.document_id, _detail(changed), current.author)
        return changed

    def delete_note(self, uuid: str) -> Note:
        """Remove a note; returns it (for undo: `restore_notes`)."""
        current = self.note(uuid)
        with self.transaction():
            self.conn.execute("DELETE FROM notes WHERE uuid = ?", (uuid,))
            self._log("delete note", current.document_id, {"uuid": uuid}, current.author)
        return current

    def restore_notes(self, notes: Iterable[Note]) -> None:
        """Put notes back as they were (uuid, text, flag, times): after their annotation came
        back (undo of a deletion), or an edit undone. A note still there is overwritten."""
        with self.transaction():
            for note in notes:
                self.conn.execute("DELETE FROM notes WHERE uuid = ?", (note.uuid,))
                self.conn.execute(
                    "INSERT INTO notes(uuid, document_id, annotation_uuid, annotator_id, text, "
                    "needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        note.uuid,
                        note.document_id,
                        note.annotation_uuid,
                        self.annotator_id(note.author),
                        note.text,
                        int(note.needs_review),
                        note.created_at,
                        note.updated_at,
                    ),
                )
                self._log("restore note", note.document_id, _detail(note), note.author)

    def note(self, uuid: str) -> Note:
        row = self.conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE n.uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise NotFoundError(f"no note {uuid}")
        return _note(row)

    def notes(
        self,
        document_id: int | None = None,
        *,
        annotation_uuid: str | None = None,
        author: str | None = None,
        flagged: bool = False,
        documents_only: bool = False,
    ) -> list[Note]:
        """Notes (of one document, or all), oldest first: on one annotation
        (`annotation_uuid`), by one `author`, only those flagged "needs review" (`flagged`),
        only those on documents themselves (`documents_only`)."""
        where: list[str] = []
        params: list = []
        if document_id is not None:
            where.append("n.document_id = ?")
            params.append(document_id)
        if annotation_uuid is not None:
            where.append("n.annotation_uuid = ?")
            params.append(annotation_uuid)
        if author is not None:
            where.append("w.name = ?")
            params.append(author)
        if flagged:
            where.append("n.needs_review = 1")
        if documents_only:
            where.append("n.annotation_uuid IS NULL")
        sql = f"SELECT {_COLUMNS} {_FROM}" + (" WHERE " + " AND ".join(where) if where else "")
        return [_note(row) for row in self.conn.execute(sql + _ORDER, params)]

    def notes_on(self, annotation_uuids: Sequence[str]) -> list[Note]:
        """The notes on these annotations, oldest first (kept before they are deleted)."""
        found: list[Note] = []
        uuids = list(dict.fromkeys(annotation_uuids))
        for start in range(0, len(uuids), 500):
            part = uuids[start : start + 500]
            marks = ", ".join("?" * len(part))
            found += [
                _note(row)
                for row in self.conn.execute(
                    f"SELECT {_COLUMNS} {_FROM} WHERE n.annotation_uuid IN ({marks})" + _ORDER,
                    part,
                )
            ]
        return sorted(found, key=lambda note: (note.document_id, note.created_at))

    def notes_of_documents(self, document_ids: Sequence[int]) -> dict[int, list[Note]]:
        """Every note of the documents `document_ids`, by document, oldest first."""
        found: dict[int, list[Note]] = {}
        for part, marks in id_batches(document_ids):
            for row in self.conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE n.document_id IN ({marks})" + _ORDER, part
            ):
                note = _note(row)
                found.setdefault(note.document_id, []).append(note)
        return found

    def flagged_documents(self, *, blind_for: str | None = None) -> list[FlaggedDocument]:
        """The documents holding notes flagged "needs review" (on them or on their
        annotations, anyone's), with how many, in document order. `blind_for`: only what
        that annotator sees in blind mode: their own notes and the notes on their own
        annotations (nothing of what others flagged on their own work or documents)."""
        where = ""
        params: tuple[int, ...] = ()
        if blind_for is not None:
            where = (
                " AND (n.annotator_id = ? OR n.annotation_uuid IN "
                "(SELECT uuid FROM annotations WHERE annotator_id = ?))"
            )
            try:
                own = self.annotator_id(blind_for, create=False)
            except NotFoundError:  # a new annotator: nothing of theirs yet
                own = -1
            params = (own, own)
        rows = self.conn.execute(
            f"SELECT n.document_id, count(*) FROM notes n WHERE n.needs_review = 1{where} "
            "GROUP BY n.document_id ORDER BY n.document_id",
            params,
        )
        return [FlaggedDocument(doc, count) for doc, count in rows]

    def _import_notes(self, notes: Iterable[ImportedNote], annotator: str | None) -> int:
        """Store the notes an import brought (`store.importer`, inside its transaction): a
        note without an author is `annotator`'s (the import's); one the project holds already
        (same document, span, author and text: the same input imported again) is not added
        twice. How many were added."""
        added = 0
        seen: set[tuple] = set()
        for document_id, annotation_uuid, note in notes:
            author = note.author or annotator or "imported"
            author_id = self.annotator_id(author)
            key = (document_id, annotation_uuid, author_id, note.text)
            if (
                key in seen
                or self.conn.execute(
                    "SELECT 1 FROM notes WHERE document_id = ? AND annotation_uuid IS ? "
                    "AND annotator_id = ? AND text = ?",
                    key,
                ).fetchone()
            ):
                continue
            seen.add(key)
            at = note.at or now()
            self.conn.execute(
                "INSERT INTO notes(uuid, document_id, annotation_uuid, annotator_id, text, "
                "needs_review, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (new_id(), *key[:3], note.text, int(note.needs_review), at, at),
            )
            added += 1
        return added

    def note_exists(self, uuid: str) -> bool:
        """Whether a note with this uuid is in the project."""
        row = self.conn.execute("SELECT 1 FROM notes WHERE uuid = ?", (uuid,)).fetchone()
        return row is not None


def _detail(note: Note) -> dict:
    """A note's history detail."""
    return {
        "uuid": note.uuid,
        "annotation": note.annotation_uuid,
        "needs_review": note.needs_review,
        "characters": len(note.text),
    }
