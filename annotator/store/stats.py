"""Project statistics: documents, tokens, annotations by label and annotator, statuses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.store.project import Project


def documents_without_token_count(project: Project) -> int:
    """How many documents have no token count stored yet (`count_missing_tokens` counts them)."""
    row = project.conn.execute("SELECT count(*) FROM documents WHERE n_tokens IS NULL").fetchone()
    return row[0]


def count_missing_tokens(project: Project, progress: Callable[[int], None] | None = None) -> None:
    """Count the tokens of documents whose token count is not stored yet and store it (one
    commit): a document's own tokens (`store.tokens`) when it has them, else `annotator.text`'s."""
    from annotator.store.tokens import document_tokens
    from annotator.text import token_spans

    missing = [
        doc_id
        for (doc_id,) in project.conn.execute(
            "SELECT id FROM documents WHERE n_tokens IS NULL ORDER BY id"
        )
    ]
    if not missing:
        return
    own = document_tokens(project.conn, missing)
    with project.transaction():
        for doc_id in missing:
            tokens = own.get(doc_id)
            if tokens is not None:
                count = len(tokens)
            else:
                count = len(token_spans(project.document_text(doc_id)))
            project.conn.execute("UPDATE documents SET n_tokens = ? WHERE id = ?", (count, doc_id))
            if progress is not None:
                progress(1)


def stats(project: Project, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    count_missing_tokens(project, progress)
    conn = project.conn
    documents, tokens, characters = conn.execute(
        "SELECT count(*), coalesce(sum(n_tokens), 0), coalesce(sum(length), 0) FROM documents"
    ).fetchone()
    by_label = dict(
        conn.execute("SELECT label, count(*) FROM annotations GROUP BY label ORDER BY label")
    )
    by_annotator: dict[str, dict[str, int]] = {}
    for annotator, label, count in conn.execute(
        "SELECT w.name, a.label, count(*) FROM annotations a JOIN annotators w "
        "ON w.id = a.annotator_id GROUP BY w.name, a.label ORDER BY w.name, a.label"
    ):
        by_annotator.setdefault(annotator, {})[label] = count
    relations = dict(
        conn.execute("SELECT label, count(*) FROM relations GROUP BY label ORDER BY label")
    )
    status = {name: project.status_counts(name) for name in project.annotators(role=None)}
    time: dict[str, float] = {}
    for row in project.time_spent():  # active editing time (store/doc_time.py)
        time[row.annotator] = time.get(row.annotator, 0.0) + row.seconds
    return {
        "documents": documents,
        "tokens": tokens,
        "characters": characters,
        "annotations": sum(by_label.values()),
        "annotations_by_label": by_label,
        "annotations_by_annotator": by_annotator,
        "relations_by_label": relations,
        "status_by_annotator": status,
        "time_seconds_by_annotator": {name: round(seconds, 1) for name, seconds in time.items()},
        "annotators": project.annotators(role=None),
        "labels": [label.name for label in project.labels()],
    }
