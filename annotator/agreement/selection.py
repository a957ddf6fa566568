"""Which annotators, labels and documents an agreement report compares (reads the store).

Documents (one set for every pair and for all annotators together):

* default: the documents that **every** compared annotator marked ``done``;
* ``include_unfinished``: the documents where **at least one** compared annotator has a span (of
  any label) or a status other than ``new``. An annotator with nothing on such a document counts
  as having marked nothing there (an empty annotation, as in :mod:`annotator.agreement.data`).

Documents nobody compared has touched are never used. :func:`select_documents` also counts the
documents left out, so the report can say how many were not used and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.errors import NotFoundError, UsageError
from annotator.store.project import Project
from annotator.store.readmodel import agreement_documents, annotator_rows, labels_in_use


class AgreeError(UsageError):
    """The agreement report cannot be made with these parameters; the message says why.
    Unknown annotators and labels are a `NotFoundError`."""


@dataclass
class Selection:
    """Which documents a report uses, and how many others were left out.

    ``done_by_all``: used documents every compared annotator marked done. ``left_out``: documents
    some compared annotator worked on (a span or a status) that were not used.
    """

    annotators: list[str]
    include_unfinished: bool
    document_ids: list[int]
    done_by_all: int
    left_out: int
    documents_in_project: int

    @property
    def rule(self) -> str:
        if self.include_unfinished:
            return (
                "documents where at least one compared annotator has a span or a status; "
                "an annotator with nothing there counts as marking nothing"
            )
        return "documents every compared annotator marked done"

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "include_unfinished": self.include_unfinished,
            "rule": self.rule,
            "documents_in_project": self.documents_in_project,
            "documents_used": len(self.document_ids),
            "documents_done_by_all": self.done_by_all,
            "documents_unfinished_used": len(self.document_ids) - self.done_by_all,
            "documents_left_out": self.left_out,
        }


def resolve_annotators(project: Project, names: Sequence[str] | None) -> list[str]:
    """The compared annotators: ``names`` (any role), or every annotator with role 'annotator'.

    Raises NotFoundError for unknown names, AgreeError for repeated names and for fewer than
    two annotators.
    """
    if names is None:
        chosen = project.annotators(role="annotator")
        if not chosen:
            everyone = project.annotators(role=None)
            extra = f" (only gold: {', '.join(everyone)}; name them with --annotators)"
            raise AgreeError("the project has no annotators" + (extra if everyone else ""))
    else:
        chosen = list(names)
        repeated = sorted({name for name in chosen if chosen.count(name) > 1})
        if repeated:
            raise AgreeError(f"annotator named more than once: {', '.join(repeated)}")
        known = project.annotators(role=None)
        unknown = [name for name in chosen if name not in known]
        if unknown:
            raise NotFoundError(
                f"unknown annotator(s): {', '.join(unknown)}; the project has: "
                f"{', '.join(known) or 'none'}"
            )
    if len(chosen) < 2:
        raise AgreeError(
            f"agreement needs at least 2 annotators, got {len(chosen)}: {', '.join(chosen)}"
        )
    return chosen


def resolve_labels(project: Project, names: Sequence[str] | None) -> list[str] | None:
    """``names`` checked against the schema and the labels in use; ``None`` means all labels."""
    if names is None:
        return None
    known = [label.name for label in project.labels()]
    used = labels_in_use(project)
    known += [label for label in used if label not in known]
    unknown = [name for name in names if name not in known]
    if unknown:
        raise NotFoundError(f"unknown label(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return list(dict.fromkeys(names))


def annotator_ids(project: Project, annotator_names: Sequence[str]) -> list[int]:
    """The store ids of the annotators named, in the same order; NotFoundError for an unknown
    one."""
    ids = {row.name: row.id for row in annotator_rows(project)}
    missing = [name for name in annotator_names if name not in ids]
    if missing:
        raise NotFoundError(f"unknown annotator(s): {', '.join(missing)}")
    return [ids[name] for name in annotator_names]


def select_documents(
    project: Project, annotators: Sequence[str], include_unfinished: bool = False
) -> Selection:
    """The documents to compare (see the module docstring) with the counts of the others."""
    done, touched = agreement_documents(project, annotator_ids(project, annotators))
    used = touched if include_unfinished else done
    total = project.count_documents()
    return Selection(
        annotators=list(annotators),
        include_unfinished=include_unfinished,
        document_ids=used,
        done_by_all=len(done),
        left_out=len(touched) - len(used),
        documents_in_project=total,
    )
