"""Document statuses per annotator, and the project's history."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from annotator.rules import IN_PROGRESS, NEW, STATUSES, check_status
from annotator.store.documents import Documents
from annotator.store.records import HistoryEntry
from annotator.store.rows import now

if TYPE_CHECKING:
    pass


class Statuses(Documents):
    """A project's document statuses and history (a layer of `Project`)."""

    def status(self, document_id: int, annotator: str) -> str:
        row = self.conn.execute(
            "SELECT s.status FROM doc_status s JOIN annotators w ON w.id = s.annotator_id "
            "WHERE s.document_id = ? AND w.name = ?",
            (document_id, annotator),
        ).fetchone()
        return row[0] if row else NEW

    def set_status(self, document_id: int, annotator: str, status: str) -> None:
        check_status(status)
        self.document_text(document_id)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(document_id, annotator_id) "
                "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                (document_id, self.annotator_id(annotator), status, now()),
            )
            self._log("set status", document_id, {"status": status}, annotator)

    def _touch_status(self, document_id: int, annotator_id: int) -> None:
        """A first annotation moves a document from new to in progress."""
        self.conn.execute(
            "INSERT OR IGNORE INTO doc_status(document_id, annotator_id, status, updated_at) "
            f"VALUES (?, ?, '{IN_PROGRESS}', ?)",
            (document_id, annotator_id, now()),
        )

    def status_counts(self, annotator: str) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        total = self.count_documents()
        rows = self.conn.execute(
            "SELECT s.status, count(*) FROM doc_status s JOIN annotators w "
            "ON w.id = s.annotator_id WHERE w.name = ? GROUP BY s.status",
            (annotator,),
        )
        for status, count in rows:
            counts[status] = count
        counts[NEW] += total - sum(counts.values())
        return counts

    def history(self, limit: int = 100) -> list[HistoryEntry]:
        rows = self.conn.execute(
            "SELECT at, annotator, action, document_id, detail FROM history "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            HistoryEntry(at, annotator, action, doc, json.loads(detail))
            for at, annotator, action, doc, detail in rows
        ]
