"""Which annotators, labels and documents an agreement report compares (reads the store).

Documents (one set for every pair and for all annotators together):

* default: the documents that **every** compared annotator marked ``done``;
* ``include_unfinished``: the documents where **at least one** compared annotator has a span (of
  any label) or a status other than ``new``. An annotator with nothing on such a document counts
  as having marked nothing there (an empty annotation, as in :mod:`annotator.agreement.data`).

* ``min_done`` N: the documents that at least N compared annotators marked ``done`` (e.g. 2: the
  documents done by at least two); the others' work there counts as it is (nothing, when they
  have nothing there).

Documents nobody compared has touched are never used. :func:`select_documents` also lists the
documents left out, each with the reason (:func:`left_out_reason`: e.g. "done by only one
annotator (ali); no annotations by mona"), so the report, `annotator agree` and the dashboard
say which were not used and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.errors import NotFoundError, UsageError
from annotator.rules import DONE
from annotator.store.project import Project
from annotator.store.readmodel import (
    agreement_documents,
    agreement_work,
    annotator_rows,
    labels_in_use,
)


class AgreeError(UsageError):
    """The agreement report cannot be made with these parameters; the message says why.
    Unknown annotators and labels are a `NotFoundError`. ``left_out``: when no document was
    left to compare, the documents left out with their reasons (``{doc_id, name, reason}``)."""

    left_out: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """A document some compared annotator worked on that a report does not use, and why."""

    document_id: int
    reason: str


@dataclass
class Selection:
    """Which documents a report uses, and which others were left out (and why).

    ``done_by_all``: used documents every compared annotator marked done. ``left_out``: documents
    some compared annotator worked on (a span or a status) that were not used;
    ``left_out_documents`` the same with their reasons, in id order.
    """

    annotators: list[str]
    include_unfinished: bool
    document_ids: list[int]
    done_by_all: int
    left_out: int
    documents_in_project: int
    min_done: int | None = None
    left_out_documents: list[LeftOut] = field(default_factory=list)

    @property
    def rule(self) -> str:
        if self.include_unfinished:
            return (
                "documents where at least one compared annotator has a span or a status; "
                "an annotator with nothing there counts as marking nothing"
            )
        if self.min_done is not None and self.min_done < len(self.annotators):
            return (
                f"documents at least {self.min_done} compared annotators marked done; the "
                "others' work there counts as it is"
            )
        return "documents every compared annotator marked done"

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "include_unfinished": self.include_unfinished,
            "min_done": self.min_done,
            "rule": self.rule,
            "documents_in_project": self.documents_in_project,
            "documents_used": len(self.document_ids),
            "documents_done_by_all": self.done_by_all,
            "documents_unfinished_used": len(self.document_ids) - self.done_by_all,
            "documents_left_out": self.left_out,
            "left_out_documents": [
                {"doc_id": item.document_id, "reason": item.reason}
                for item in self.left_out_documents
            ],
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


def left_out_reason(
    annotators: Sequence[str], done_by: Sequence[str], with_spans: Sequence[str], needed: int
) -> str:
    """Why a document is not compared: who marked it done of the `needed`, and which compared
    annotators have no span there (e.g. "done by only one annotator (ali); no annotations by
    mona")."""
    if not done_by:
        reason = "not marked done by any of them"
    elif len(done_by) == 1:
        reason = f"done by only one annotator ({done_by[0]})"
    elif needed < len(annotators):
        reason = f"done by only {len(done_by)} annotators ({', '.join(done_by)}); {needed} needed"
    else:
        missing = [name for name in annotators if name not in done_by]
        reason = f"not marked done by {', '.join(missing)}"
    empty = [name for name in annotators if name not in with_spans]
    if empty:
        reason += f"; no annotations by {', '.join(empty)}"
    return reason


def select_documents(
    project: Project,
    annotators: Sequence[str],
    include_unfinished: bool = False,
    *,
    min_done: int | None = None,
) -> Selection:
    """The documents to compare (see the module docstring), the others left out and why.

    `min_done`: between 1 and the number of annotators (AgreeError otherwise, and with
    `include_unfinished`)."""
    if min_done is not None:
        if include_unfinished:
            raise AgreeError("choose either at least N done (--min-done) or --include-unfinished")
        if not 1 <= min_done <= len(annotators):
            raise AgreeError(f"--min-done must be between 1 and {len(annotators)}, not {min_done}")
    ids = annotator_ids(project, annotators)
    done, touched = agreement_documents(project, ids)
    used = touched if include_unfinished else done
    if min_done is not None:
        used = agreement_documents(project, ids, min_done).done
    used_set = set(used)
    names = dict(zip(ids, annotators, strict=True))
    work: dict[int, list] = {}
    for row in agreement_work(project, ids):
        if row.document_id not in used_set:
            work.setdefault(row.document_id, []).append(row)
    needed = len(annotators) if min_done is None else min_done
    left = [
        LeftOut(
            doc_id,
            left_out_reason(
                annotators,
                [names[r.annotator_id] for r in rows if r.status == DONE],
                [names[r.annotator_id] for r in rows if r.spans],
                needed,
            ),
        )
        for doc_id, rows in sorted(work.items())
    ]
    return Selection(
        annotators=list(annotators),
        include_unfinished=include_unfinished,
        document_ids=used,
        done_by_all=len(done),
        left_out=len(touched) - len(used),
        documents_in_project=project.count_documents(),
        min_done=min_done,
        left_out_documents=left,
    )
