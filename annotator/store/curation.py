"""Curation in the store: decisions on proposals (the ``curation`` table) and the queries
adjudication needs. The rules of adjudication live in `annotator.adjudication`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.rules import ANNOTATOR_ROLE, DONE

if TYPE_CHECKING:
    from annotator.store.project import Project


@dataclass(frozen=True)
class Decision:
    """A curation decision on one proposal (a row of the ``curation`` table)."""

    annotation_uuid: str
    document_id: int
    decision: str
    gold_uuid: str | None
    label: str
    start: int
    end: int
    at: str = ""


def decisions(project: Project, document_id: int) -> dict[str, Decision]:
    """The document's curation decisions by proposal uuid."""
    rows = project.conn.execute(
        'SELECT annotation_uuid, document_id, decision, gold_uuid, label, start, "end", at '
        "FROM curation WHERE document_id = ?",
        (document_id,),
    )
    found = (Decision(*row) for row in rows)
    return {decision.annotation_uuid: decision for decision in found}


def write_decision(project: Project, decision: Decision) -> None:
    """Record `decision`, replacing any earlier one on the same proposal.

    An upsert, not INSERT OR REPLACE: in SQLite an outer statement's conflict policy
    overrides the one of every statement in the triggers it fires, so a REPLACE here would
    turn the sync trigger's "make the gold annotator if missing" into a delete of it."""
    project.conn.execute(
        "INSERT INTO curation(annotation_uuid, document_id, decision, gold_uuid, "
        'label, start, "end", at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) '
        "ON CONFLICT(annotation_uuid) DO UPDATE SET document_id = excluded.document_id, "
        "decision = excluded.decision, gold_uuid = excluded.gold_uuid, label = excluded.label, "
        'start = excluded.start, "end" = excluded."end", at = excluded.at',
        (
            decision.annotation_uuid,
            decision.document_id,
            decision.decision,
            decision.gold_uuid,
            decision.label,
            decision.start,
            decision.end,
            decision.at,
        ),
    )


def delete_decision(project: Project, annotation_uuid: str, decision: str | None = None) -> None:
    """Forget the decision on a proposal (only when it is `decision`, unless None)."""
    if decision is None:
        project.conn.execute("DELETE FROM curation WHERE annotation_uuid = ?", (annotation_uuid,))
    else:
        project.conn.execute(
            "DELETE FROM curation WHERE annotation_uuid = ? AND decision = ?",
            (annotation_uuid, decision),
        )


def decided_gold_uuid(project: Project, annotation_uuid: str, decision: str) -> str | None:
    """The gold span recorded with the proposal's decision `decision`, if any."""
    row = project.conn.execute(
        "SELECT gold_uuid FROM curation WHERE annotation_uuid = ? AND decision = ?",
        (annotation_uuid, decision),
    ).fetchone()
    return row[0] if row else None


def annotators_with_work(project: Project, document_id: int, leaving_out: str) -> list[str]:
    """Annotators (role 'annotator', but `leaving_out`) with spans in the document or who
    marked it done, in name order."""
    rows = project.conn.execute(
        f"SELECT w.name FROM annotators w WHERE w.role = '{ANNOTATOR_ROLE}' AND w.name != ? AND ("
        " EXISTS (SELECT 1 FROM annotations a WHERE a.document_id = ? AND a.annotator_id = w.id)"
        " OR EXISTS (SELECT 1 FROM doc_status s WHERE s.document_id = ?"
        f"  AND s.annotator_id = w.id AND s.status = '{DONE}')) ORDER BY w.name",
        (leaving_out, document_id, document_id),
    )
    return [name for (name,) in rows]


def same_span_uuids(
    project: Project, document_id: int, label: str, start: int, end: int
) -> list[str]:
    """The uuids of every annotation (any annotator) with this label and boundaries, in the
    order they were made."""
    rows = project.conn.execute(
        "SELECT uuid FROM annotations WHERE document_id = ? AND label = ? AND start = ? "
        'AND "end" = ? ORDER BY id',
        (document_id, label, start, end),
    )
    return [uuid for (uuid,) in rows]
