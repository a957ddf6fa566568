"""Editing time: the seconds each annotator spent on each document (table `doc_time`).

The workbench measures active time only (`annotator.gui.activity`: the window active, a
document open, input within the last minute) and adds what it measured here every half
minute and when the document changes. Adding time is not an edit of the annotations: it is
not on the undo stack and leaves a document's status as it is. Team merge takes the larger
of the project's and the copy's figure for an annotator and document (`keep_doc_time`), so
merging the same copy twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

from annotator.errors import NotFoundError, UsageError
from annotator.store.documents import Documents
from annotator.store.rows import id_batches, now

TIME_KEY: Final = "time_seconds"
"""The key of an export's document metadata holding the editing time of the output's
annotators on it: ``{annotator: seconds}``, when they have any. Export only: an import drops
it from the metadata it stores (`store.bulk.prepare_chunk`), and an export writes its own
figures there, or removes the key (`store.readmodel.export_batches`)."""


def format_duration(seconds: float) -> str:
    """A time spent as people say it: "under a minute", "12 min", "1 h 05 min"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute" if seconds > 0 else "none"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


class DocTime(NamedTuple):
    """The seconds `annotator` spent on document `document_id`, last added at `updated_at`."""

    document_id: int
    annotator: str
    seconds: float
    updated_at: str


class TimeSpent(NamedTuple):
    """A row of the lead's time table: `annotator`'s seconds on document `document_id`."""

    document_id: int
    document_name: str
    annotator: str
    seconds: float


_SELECT = (
    "SELECT t.document_id, w.name, t.seconds, t.updated_at FROM doc_time t "
    "JOIN annotators w ON w.id = t.annotator_id"
)


class DocTimes(Documents):
    """Editing time per document and annotator (a layer of `Project`)."""

    def add_doc_time(self, document_id: int, annotator: str, seconds: float) -> float:
        """Add `seconds` of `annotator`'s time on `document_id` (one statement, one commit);
        returns their total on it now."""
        if not seconds >= 0:  # also refuses NaN
            raise UsageError(f"time spent cannot be negative ({seconds!r} s)")
        self._time_target(document_id)
        with self.transaction():
            (total,) = self.conn.execute(
                "INSERT INTO doc_time(document_id, annotator_id, seconds, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) DO UPDATE SET "
                "seconds = seconds + excluded.seconds, updated_at = excluded.updated_at "
                "RETURNING seconds",
                (document_id, self.annotator_id(annotator), float(seconds), now()),
            ).fetchone()
        return float(total)

    def keep_doc_time(self, time: DocTime, document_id: int | None = None) -> bool:
        """Make `time.annotator`'s figure on `document_id` (default: `time.document_id`) at
        least `time.seconds`, with its `updated_at` (team merge: idempotent); whether it
        grew."""
        target = time.document_id if document_id is None else document_id
        self._time_target(target)
        with self.transaction():
            grew = self.conn.execute(
                "INSERT INTO doc_time(document_id, annotator_id, seconds, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) DO UPDATE SET "
                "seconds = excluded.seconds, updated_at = excluded.updated_at "
                "WHERE excluded.seconds > seconds RETURNING 1",
                (target, self.annotator_id(time.annotator), time.seconds, time.updated_at),
            ).fetchone()
        return grew is not None

    def _time_target(self, document_id: int) -> None:
        if self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone():
            return
        raise NotFoundError(f"no document with id {document_id}")

    def doc_times(
        self, document_ids: Sequence[int] | None = None, annotator: str | None = None
    ) -> list[DocTime]:
        """The time rows of `document_ids` (default all) of `annotator` (default everyone's),
        by document, then annotator."""
        where, params = [], []
        if annotator is not None:
            where.append("w.name = ?")
            params.append(annotator)
        order = " ORDER BY t.document_id, w.name"
        if document_ids is None:
            sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + order
            return [DocTime(*row) for row in self.conn.execute(sql, params)]
        rows: list[DocTime] = []
        for part, marks in id_batches(list(document_ids)):
            sql = _SELECT + " WHERE " + " AND ".join([*where, f"t.document_id IN ({marks})"])
            rows += [DocTime(*row) for row in self.conn.execute(sql + order, [*params, *part])]
        return sorted(rows, key=lambda row: (row.document_id, row.annotator))

    def time_spent(self) -> list[TimeSpent]:
        """Every annotator's time on every document they spent any on, with the documents'
        names, by document, then annotator (the dashboard's table)."""
        rows = self.conn.execute(
            "SELECT t.document_id, d.name, w.name, t.seconds FROM doc_time t "
            "JOIN annotators w ON w.id = t.annotator_id JOIN documents d ON d.id = t.document_id "
            "WHERE t.seconds > 0 ORDER BY t.document_id, w.name"
        )
        return [TimeSpent(*row) for row in rows]

    def time_on_documents(self, annotator: str, document_ids: Iterable[int]) -> dict[int, float]:
        """`annotator`'s seconds on each of `document_ids` that has any."""
        return {
            row.document_id: row.seconds
            for row in self.doc_times(list(document_ids), annotator)
            if row.seconds > 0
        }
