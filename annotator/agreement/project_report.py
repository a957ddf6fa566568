"""The `annotator agree` report of a project: select, build, compute, name the worst documents.

:func:`agreement_report` runs :func:`~annotator.agreement.report.compute_report` on the documents
:mod:`.selection` chooses, built by :mod:`.build`, and adds a ``selection`` section (parameters
and document counts) and the document names of the worst documents. :mod:`.render_text` and
:mod:`.render_html` present it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.agreement.build import build_docs, gc_paused
from annotator.agreement.doc_labels import doc_label_agreement
from annotator.agreement.gamma import GammaOptions
from annotator.agreement.render_text import left_out_lines
from annotator.agreement.report import compute_report
from annotator.agreement.selection import (
    AgreeError,
    Selection,
    resolve_annotators,
    resolve_labels,
    select_documents,
)
from annotator.store.project import Project
from annotator.store.readmodel import document_names

DEFAULT_WORST = 10


def agreement_report(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    *,
    include_unfinished: bool = False,
    worst_n: int = DEFAULT_WORST,
    gamma: GammaOptions | None = None,
    min_done: int | None = None,
) -> dict[str, Any]:
    """compute_report on the selected documents, plus ``selection`` and worst document names.

    ``labels`` defaults to the schema's labels (in schema order) followed by any other label the
    compared annotators used. Raises AgreeError when the report cannot be made (see
    :func:`~.selection.resolve_annotators`, :func:`~.selection.resolve_labels`, and no documents
    to compare; its ``left_out`` then lists the documents left out with their reasons).
    ``min_done``: use the documents at least that many of the annotators marked done
    (:func:`~.selection.select_documents`).
    """
    chosen = resolve_annotators(project, annotators)
    wanted = resolve_labels(project, labels)
    selection = select_documents(project, chosen, include_unfinished, min_done=min_done)
    left_out = left_out_rows(project, selection)
    if not selection.document_ids:
        if include_unfinished:
            raise AgreeError(
                f"no document has a span or a status from {', '.join(chosen)}: nothing to compare"
            )
        hint = (
            f"; {selection.left_out} document(s) have work by some of them: "
            "use --include-unfinished or --min-done to count those"
            if selection.left_out
            else "; use --include-unfinished to count documents not marked done by everyone"
        )
        who = f"at least {min_done} of" if min_done is not None else "every one of"
        why = "".join(f"\n{line}" for line in left_out_lines(left_out))
        error = AgreeError(f"no document is marked done by {who} {', '.join(chosen)}{hint}{why}")
        error.left_out = tuple(left_out)
        raise error
    with gc_paused():
        docs = list(build_docs(project, chosen, labels=wanted, document_ids=selection.document_ids))
        if wanted is None:
            wanted = [label.name for label in project.labels()]
            seen = {s.label for d in docs for spans in d.spans.values() for s in spans}
            wanted += sorted(seen.difference(wanted))
        report = compute_report(docs, chosen, wanted, worst_n=worst_n, gamma=gamma)
    used = list(selection.document_ids)
    report["doc_labels"] = doc_label_agreement(
        project.doc_attributes(), project.doc_labels_by_document(chosen, used), chosen, used
    )
    report["selection"] = {
        "project": str(project.path),
        "labels": list(wanted),
        "worst_n": worst_n,
        **selection.to_json(),
        "left_out_documents": left_out,
    }
    worst_ids = [int(entry["doc_id"]) for entry in report["worst_documents"]]
    names = document_names(project, worst_ids)
    for entry, doc_id in zip(report["worst_documents"], worst_ids, strict=True):
        entry["name"] = names.get(doc_id, "")
    return report


def left_out_rows(project: Project, selection: Selection) -> list[dict[str, Any]]:
    """The documents a selection left out: ``{doc_id, name, reason}``, in id order."""
    items = selection.left_out_documents
    names = document_names(project, [item.document_id for item in items])
    return [
        {"doc_id": item.document_id, "name": names.get(item.document_id, ""), "reason": item.reason}
        for item in items
    ]
