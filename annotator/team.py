"""Team workflow on desktops: split a project into per-annotator copies and merge them back.

`assign_documents` writes one project file per annotator holding their share of the documents:
a shared set (``overlap`` of all documents) that every annotator gets, so agreement can be
measured, and the rest dealt round-robin after a seeded shuffle. Each copy keeps the label
schema, relation types and the documents (same text, so same sha256), plus the annotator's own
existing annotations, relations, document labels and statuses on those documents (with their
uuids), the notes they wrote on those documents and on their annotations there, the
suggestions they turned down (`rejections`) and the project's gazetteers, and nothing of
anyone else. Suggestions do not travel: they are machine output, computed again in each copy.

`merge_projects` brings copies back, matching documents by text sha256. The unit of merging is
one annotator on one document, (X, D):

* PROJECT holds nothing for (X, D): OTHER's annotations, relations and document labels are
  imported (a document attribute only OTHER defines is defined too).
* Everything PROJECT holds for (X, D) is in OTHER unchanged (matched by uuid, else by label and
  boundaries; same label, boundaries and attributes): OTHER's extra items are imported (none
  when identical), so a copy that continued PROJECT's work merges cleanly and merging twice adds
  nothing.
* Otherwise (an edit or deletion on either side) it is a conflict: reported, and nothing of
  (X, D) is written, not even the status.

Editing time (`store/doc_time.py`) travels with the annotator's documents; merge keeps, per
annotator and document, the larger of PROJECT's and OTHER's seconds (a copy only adds to
what it was given, so merging it twice changes nothing), also for a conflict's (X, D).
Rejections are merged as a set, every annotator's (they are not per document). Notes are
merged by uuid, anyone's: a new one is added (on the document, or on its annotation as merged:
by uuid, else by annotator, label and boundaries; one whose annotation was not merged, a
conflict's, is left out and counted), one PROJECT has is taken when OTHER's was changed later,
so merging twice adds nothing. A note of the copy's annotator that PROJECT has and the copy
had (on the document or their own span) but no longer has is deleted when the copy's history
shows it deleted it and PROJECT's was not changed since; otherwise it is kept and counted.
Statuses only move forward (new < in progress < done): PROJECT takes OTHER's status when it is
further along, so a 'done' is never lost. Importing a first annotation moves 'new' to
'in progress', as everywhere in the store.

The core imports no Qt; user errors raise `TeamError` (a `UsageError`), the store's
`ProjectError` (a file that cannot be used) or, for a copy whose work the rules refuse, a
TeamError naming the file, document and annotator.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from random import Random
from types import MappingProxyType
from typing import NamedTuple

from annotator import __version__
from annotator.errors import NotFoundError, SchemaError, UsageError
from annotator.model import DocRecord
from annotator.rules import NEW, furthest_along
from annotator.store import team as store
from annotator.store.doc_time import DocTime
from annotator.store.notes import Note
from annotator.store.project import (
    Project,
    now,
    release_for_replacement,
)
from annotator.store.readmodel import annotation_exists, document_keys, relation_exists
from annotator.store.records import Annotation, Relation
from annotator.store.team import open_readonly

ASSIGNMENT_FILE = "assignment.json"
PROJECT_SUFFIX = ".sqlite"
_BAD_NAME_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED_NAMES = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
}


class TeamError(UsageError):
    """A team operation cannot be done as asked; the message says why. Nothing was written."""


# ==================================================================== assign


@dataclass(frozen=True)
class Assignment:
    """Who gets which document (by text sha256). Lists keep the project's document order."""

    annotators: tuple[str, ...]
    overlap: float
    seed: int
    shared: tuple[str, ...]
    documents: dict[str, tuple[str, ...]]

    def to_json(self, names: dict[str, str] | None = None, source: str | None = None) -> dict:
        """The structure written to `assignment.json`; `names` maps sha256 to document name."""
        data: dict = {
            "source": source,
            "created_at": now(),
            "app_version": __version__,
            "seed": self.seed,
            "overlap": self.overlap,
            "shared_count": len(self.shared),
            "annotators": list(self.annotators),
            "shared": list(self.shared),
            "assignments": {name: list(shas) for name, shas in self.documents.items()},
        }
        if names is not None:
            data["document_names"] = names
        return data


class AssignRow(NamedTuple):
    """One annotator's line of the assignment summary."""

    annotator: str
    documents: int
    shared: int
    own_annotations: int  # copied into the annotator's copy


@dataclass
class AssignResult:
    """What `assign_documents` wrote: the plan, each copy's path and own annotations copied."""

    assignment: Assignment
    paths: dict[str, Path]
    own_annotations: dict[str, int]
    manifest: Path
    own_notes: dict[str, int] = field(default_factory=dict)  # notes copied, by annotator

    def rows(self) -> list[AssignRow]:
        """A summary line for each annotator."""
        shared = len(self.assignment.shared)
        documents, own = self.assignment.documents, self.own_annotations
        return [
            AssignRow(name, len(documents[name]), shared, own[name])
            for name in self.assignment.annotators
        ]


def shared_count(n_documents: int, overlap: float) -> int:
    """Documents every annotator gets: overlap * n rounded half up, at least 1 if overlap > 0.

    The fraction is taken exactly from its decimal form (0.35 means 35/100), so the count never
    depends on binary floating-point error.
    """
    if not 0 <= overlap <= 1:
        raise TeamError(f"overlap must be between 0 and 1, not {overlap}")
    if n_documents == 0:
        return 0
    count = math.floor(Fraction(repr(float(overlap))) * n_documents + Fraction(1, 2))
    return max(count, 1) if overlap > 0 else count


def check_annotator_names(names: Sequence[str]) -> tuple[str, ...]:
    """Clean names usable as file names on every desktop system; raises TeamError otherwise."""
    cleaned = tuple(name.strip() for name in names)
    if not cleaned or not all(cleaned):
        raise TeamError("give at least one annotator, with a non-empty name each")
    seen: dict[str, str] = {}
    for name in cleaned:
        if _BAD_NAME_CHARS.search(name) or name.startswith(".") or name.endswith((".", " ")):
            raise TeamError(
                f"annotator name {name!r} cannot be a file name "
                '(no < > : " / \\ | ? *, no leading or trailing dot)'
            )
        if name.lower() in _RESERVED_NAMES:
            raise TeamError(f"annotator name {name!r} is reserved on Windows")
        if name.lower() in seen:
            raise TeamError(
                f"annotator names {seen[name.lower()]!r} and {name!r} are the same file name"
            )
        seen[name.lower()] = name
    return cleaned


def plan_assignment(
    shas: Sequence[str], annotators: Sequence[str], overlap: float, seed: int
) -> Assignment:
    """Deal documents (sha256s in project order) to annotators; the same seed gives the same plan.

    After shuffling with `random.Random(seed)`, the first `shared_count` documents go to every
    annotator and the rest round-robin in the order the annotators are given, so shares differ
    by at most one document.
    """
    names = check_annotator_names(annotators)
    if len(set(shas)) != len(shas):
        raise TeamError("documents must be distinct")
    n_shared = shared_count(len(shas), overlap)
    order = list(shas)
    Random(seed).shuffle(order)
    shared = set(order[:n_shared])
    owner = {sha: names[i % len(names)] for i, sha in enumerate(order[n_shared:])}
    documents = {
        name: tuple(sha for sha in shas if sha in shared or owner.get(sha) == name)
        for name in names
    }
    return Assignment(
        annotators=names,
        overlap=float(overlap),
        seed=seed,
        shared=tuple(sha for sha in shas if sha in shared),
        documents=documents,
    )


def assign_documents(
    project: Project,
    out_dir: str | Path,
    annotators: Sequence[str],
    overlap: float,
    *,
    seed: int | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> AssignResult:
    """Write `out_dir/<annotator>.sqlite` for each annotator and `out_dir/assignment.json`.

    Without `seed` a random one is drawn and recorded in assignment.json. Existing files are
    refused unless `force`. The copies are built in a temporary folder inside `out_dir` and moved
    into place only when all are complete, so a failure leaves `out_dir` as it was.
    `progress(1)` is called after each copy is built; raising from it stops the assignment
    (nothing is moved into place).
    """
    names = check_annotator_names(annotators)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise TeamError(f"{out_dir}: exists and is not a folder")
    docs = document_keys(project)
    if not docs:
        raise TeamError(f"{project.path}: the project has no documents to assign")
    if seed is None:
        seed = secrets.randbelow(2**31)
    plan = plan_assignment([sha for _, sha, _ in docs], names, overlap, seed)

    targets = {name: out_dir / f"{name}{PROJECT_SUFFIX}" for name in names}
    manifest = out_dir / ASSIGNMENT_FILE
    _check_targets(project, [*targets.values(), manifest], force)

    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".assign-", dir=out_dir))
    try:
        ids = {sha: doc_id for doc_id, sha, _ in docs}
        own: dict[str, int] = {}
        own_notes: dict[str, int] = {}
        for annotator in names:
            own[annotator], own_notes[annotator] = _write_copy(
                project,
                staging / targets[annotator].name,
                annotator,
                [ids[sha] for sha in plan.documents[annotator]],
            )
            if progress is not None:
                progress(1)
        doc_names = {sha: name for _, sha, name in docs}
        (staging / ASSIGNMENT_FILE).write_text(
            json.dumps(
                plan.to_json(doc_names, source=str(project.path)), ensure_ascii=False, indent=2
            )
            + "\n",
            encoding="utf-8",
        )
        for target in [*targets.values(), manifest]:
            _move_into_place(staging / target.name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return AssignResult(plan, targets, own, manifest, own_notes)


def _check_targets(project: Project, targets: list[Path], force: bool) -> None:
    source = project.path.resolve()
    for target in targets:
        if target.resolve() == source:
            raise TeamError(f"{target}: is the project being assigned; choose another folder")
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise TeamError("would overwrite " + ", ".join(existing) + "; use --force to replace them")


def _move_into_place(built: Path, target: Path) -> None:
    """Put the closed project file `built` (SQLite left no -wal beside it) at `target`. A
    project already there is replaced only when no program has it open: its -wal is never
    deleted from under a writer (`release_for_replacement`: ProjectError when one has)."""
    release_for_replacement(target)
    os.replace(built, target)


def _write_copy(
    project: Project, path: Path, annotator: str, document_ids: list[int]
) -> tuple[int, int]:
    """Create one annotator's project file; returns how many own annotations and notes were
    copied."""
    copy = Project.create(path, label_schema=project.label_schema())
    copied = notes = 0
    try:
        with copy.transaction():
            store.set_assigned_to(copy, annotator)
            copy.annotator_id(
                annotator, role=store.annotator_role(project, annotator) or "annotator"
            )
            docs = list(project.iter_documents(document_ids))
            tokens = project.own_tokens([doc.id for doc in docs])  # a corpus's own, kept
            added = copy.add_documents(
                DocRecord(
                    text=doc.text,
                    name=doc.name,
                    meta=doc.meta,
                    source=doc.source,
                    tokens=tokens.get(doc.id),
                )
                for doc in docs
            )
            for doc, new_id in zip(docs, added.added, strict=True):
                copied += _copy_own_work(project, doc.id, copy, new_id, annotator)
                notes += _copy_own_notes(project, doc.id, copy, new_id, annotator)
            # what they turned down is not suggested to them in the copy either; the project's
            # gazetteers go along (its suggestions do not: the copy computes its own)
            store.add_rejections(copy, annotator, project.rejections(annotator))
            gazetteers: dict[str, list[tuple[str, str]]] = {}
            for entry in project.gazetteer():
                gazetteers.setdefault(entry.name, []).append((entry.text, entry.label))
            for name, entries in gazetteers.items():
                copy.set_gazetteer(name, entries)
    finally:
        copy.close()
    return copied, notes


def _copy_own_work(
    project: Project, doc_id: int, copy: Project, new_id: int, annotator: str
) -> int:
    annotations = project.annotations(doc_id, annotator)
    for ann in annotations:
        _add_annotation(copy, new_id, ann, ann.uuid)
    for rel in project.relations(doc_id, annotator):
        _add_relation(copy, project, new_id, rel, rel.head, rel.tail, rel.uuid)
    for label in project.doc_label_rows([annotator], [doc_id]):
        copy.keep_doc_label(label._replace(document_id=new_id))
    for time in project.doc_times([doc_id], annotator):  # their editing time on it
        copy.keep_doc_time(time, new_id)
    status = project.status(doc_id, annotator)
    if status != NEW:
        copy.set_status(new_id, annotator, status)
    return len(annotations)


def _copy_own_notes(
    project: Project, doc_id: int, copy: Project, new_id: int, annotator: str
) -> int:
    """Copy the notes `annotator` wrote on the document and on their own annotations of it
    (which the copy holds with their uuids); how many."""
    own = {ann.uuid for ann in copy.annotations(new_id, annotator)}
    notes = [
        note
        for note in project.notes(doc_id, author=annotator)
        if note.annotation_uuid is None or note.annotation_uuid in own
    ]
    for note in notes:
        _add_note(copy, new_id, note, note.annotation_uuid)
    return len(notes)


def _add_note(project: Project, doc_id: int, note: Note, annotation_uuid: str | None) -> None:
    """Add `note` to document `doc_id` (on `annotation_uuid`) with its uuid and times."""
    project.add_note(
        doc_id,
        note.author,
        note.text,
        annotation_uuid=annotation_uuid,
        needs_review=note.needs_review,
        uuid=note.uuid,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


# ==================================================================== merge


@dataclass(frozen=True)
class Conflict:
    """Annotator `annotator` on `document` differs between PROJECT and OTHER; left as it was:
    `changed` of the annotations, relations and document labels in PROJECT are missing from
    OTHER (`copy`, its file name) or different there."""

    annotator: str
    document: str
    sha256: str
    changed: int
    copy: str


@dataclass
class MergeReport:
    """What merging one OTHER file did (or, in a dry run, would do)."""

    source: Path
    annotations_added: int = 0
    relations_added: int = 0
    statuses_updated: int = 0
    rejections_added: int = 0  # suggestions turned down (suggestions themselves are not merged)
    times_updated: int = 0  # (annotator, document) editing times that grew
    doc_labels_added: int = 0  # document labels (values of document attributes)
    notes_added: int = 0
    notes_updated: int = 0  # changed in OTHER after PROJECT's copy of them
    notes_left_out: int = 0  # on annotations that were not merged (a conflict's)
    notes_deleted: int = 0  # deleted in the copy (its history says so), unchanged here since
    notes_missing_kept: int = 0  # the copy's annotator's, missing from the copy: kept
    missing_documents: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    labels_added: list[str] = field(default_factory=list)
    annotators_added: list[str] = field(default_factory=list)


class _DryRun(Exception):
    pass


def merge_projects(
    project: Project,
    others: Sequence[str | Path],
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[MergeReport]:
    """Merge each OTHER project file into `project`, all in one transaction.

    Every OTHER file is opened read-only and checked before anything is written; a bad file
    raises ProjectError, a failure while merging raises TeamError, and in both cases `project`
    is unchanged. With `dry_run` the reports are computed and everything is rolled back.
    `progress(1)` is called after each OTHER file is merged; raising from it rolls the whole
    merge back.
    """
    paths = [Path(p) for p in others]
    for path in paths:
        if path.exists() and path.resolve() == project.path.resolve():
            raise TeamError(f"{path}: cannot merge a project into itself")
    reports: list[MergeReport] = []
    with _open_all_readonly(paths) as sources:
        try:
            with project.transaction():
                for source in sources:
                    reports.append(_merge_one(project, source))
                    if progress is not None:
                        progress(1)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return reports


@contextmanager
def _open_all_readonly(paths: Sequence[Path]) -> Iterator[list[Project]]:
    opened: list[Project] = []
    try:
        for path in paths:
            opened.append(open_readonly(path))
        yield opened
    finally:
        for source in opened:
            source.close()


def _merge_one(project: Project, other: Project) -> MergeReport:
    report = MergeReport(source=other.path)
    units = store.merge_units(other)
    owner = other.meta().get("assigned_to")  # the copy's annotator (`assign_documents`)
    deleted = store.deleted_notes(other) if owner else {}
    times: dict[int, list[DocTime]] = {}
    for time in other.doc_times():
        times.setdefault(time.document_id, []).append(time)
    for other_id, sha, name in document_keys(other):
        target_id = project.document_id_by_sha(sha)
        if target_id is None:
            report.missing_documents.append(name)
            continue
        for time in times.get(other_id, ()):  # the larger figure: merging twice adds nothing
            if store.annotator_role(project, time.annotator) is None:
                project.annotator_id(
                    time.annotator, role=store.annotator_role(other, time.annotator)
                )
                report.annotators_added.append(time.annotator)
            report.times_updated += project.keep_doc_time(time, target_id)
        for annotator in units.get(other_id, ()):
            try:
                _merge_unit(project, other, other_id, target_id, annotator, report)
            except (SchemaError, NotFoundError) as err:  # the rules refuse what the copy holds
                raise TeamError(
                    f"{other.path}: document {name!r}, annotator {annotator!r}: {err}; "
                    "nothing was merged"
                ) from err
        _merge_notes(project, other, other_id, target_id, report)
        if owner:
            _merge_note_deletions(project, other, other_id, target_id, owner, deleted, report)
    for annotator in store.rejecting_annotators(other):  # what each turned down, anywhere
        rejections = other.rejections(annotator)
        if rejections and store.annotator_role(project, annotator) is None:
            project.annotator_id(annotator, role=store.annotator_role(other, annotator))
            report.annotators_added.append(annotator)
        report.rejections_added += store.add_rejections(project, annotator, rejections)
    store.log_merge(
        project,
        {
            "source": str(other.path),
            "annotations": report.annotations_added,
            "relations": report.relations_added,
            "statuses": report.statuses_updated,
            "rejections": report.rejections_added,
            "editing times": report.times_updated,
            "notes": report.notes_added,
            "notes updated": report.notes_updated,
            "notes deleted": report.notes_deleted,
            "notes missing from the copy, kept": report.notes_missing_kept,
            "doc_labels": report.doc_labels_added,
            "conflicts": len(report.conflicts),
        },
    )
    return report


def _ann_key(ann: Annotation) -> tuple[str, int, int]:
    return (ann.label, ann.start, ann.end)


def _same(ours: Annotation, theirs: Annotation) -> bool:
    return _ann_key(ours) == _ann_key(theirs) and ours.attributes == theirs.attributes


def _merge_unit(
    project: Project,
    other: Project,
    other_id: int,
    target_id: int,
    annotator: str,
    report: MergeReport,
) -> None:
    """Merge annotator `annotator`'s work on one document (see the module docstring)."""
    theirs = other.annotations(other_id, annotator)
    their_relations = other.relations(other_id, annotator)
    ours = project.annotations(target_id, annotator)
    our_relations = project.relations(target_id, annotator)

    # Pair each of our annotations with one of theirs: same uuid first, else same label/span.
    pool = {ann.uuid: ann for ann in theirs}
    to_ours: dict[str, str] = {}  # their uuid -> our uuid
    changed = 0
    for ann in ours:
        match = pool.get(ann.uuid)
        if match is None:
            match = next((t for t in pool.values() if _ann_key(t) == _ann_key(ann)), None)
        if match is None or not _same(ann, match):
            changed += 1
            continue
        del pool[match.uuid]
        to_ours[match.uuid] = ann.uuid
    their_relation_keys = {
        (r.label, to_ours.get(r.head), to_ours.get(r.tail)) for r in their_relations
    }
    their_relation_ids = {r.uuid for r in their_relations}
    changed += sum(
        1
        for r in our_relations
        if r.uuid not in their_relation_ids and (r.label, r.head, r.tail) not in their_relation_keys
    )
    our_labels = project.doc_labels(target_id, annotator)
    their_labels = {label.name: label for label in other.doc_label_rows([annotator], [other_id])}
    changed += sum(  # a document label of ours the copy lacks or gives another value
        1
        for name, value in our_labels.items()
        if name not in their_labels or their_labels[name].value != value
    )
    if changed:
        document = project.document(target_id)
        report.conflicts.append(
            Conflict(
                annotator,
                document.name,
                document.sha256,
                changed,
                other.path.name,
            )
        )
        return

    before = project.status(target_id, annotator)
    their_status = other.status(other_id, annotator)
    additions = [ann for ann in theirs if ann.uuid in pool]
    new_labels = [label for name, label in their_labels.items() if name not in our_labels]
    if additions or new_labels or their_status != NEW:
        if store.annotator_role(project, annotator) is None:
            role = store.annotator_role(other, annotator) or "annotator"
            project.annotator_id(annotator, role=role)
            report.annotators_added.append(annotator)
    report.labels_added += project.ensure_labels(ann.label for ann in additions)

    known_keys = {_ann_key(ann): ann.uuid for ann in ours}
    for ann in additions:
        key = _ann_key(ann)
        if key in known_keys:  # a duplicate span: point its relations at the kept one
            to_ours[ann.uuid] = known_keys[key]
            continue
        new_uuid = ann.uuid if not annotation_exists(project, ann.uuid) else None
        to_ours[ann.uuid] = _add_annotation(project, target_id, ann, new_uuid).uuid
        known_keys[key] = to_ours[ann.uuid]
        report.annotations_added += 1

    known_relations = {(r.label, r.head, r.tail) for r in our_relations}
    for rel in their_relations:
        head, tail = to_ours.get(rel.head), to_ours.get(rel.tail)
        if head is None or tail is None:
            raise SchemaError(f"relation {rel.uuid} refers to a span of another annotator")
        if (rel.label, head, tail) in known_relations:
            continue
        new_uuid = rel.uuid if not relation_exists(project, rel.uuid) else None
        _add_relation(project, other, target_id, rel, head, tail, new_uuid)
        known_relations.add((rel.label, head, tail))
        report.relations_added += 1

    for label in new_labels:
        if project.doc_attribute(label.name) is None:  # defined in the copy only
            definition = other.doc_attribute(label.name)
            if definition is not None:
                project.set_doc_attribute(definition)
                report.labels_added.append(f"document attribute {label.name}")
        project.keep_doc_label(label._replace(document_id=target_id))
        report.doc_labels_added += 1

    current = project.status(target_id, annotator)
    wanted = furthest_along(before, their_status, current)
    if wanted != current:
        project.set_status(target_id, annotator, wanted)
    if wanted != before:
        report.statuses_updated += 1


def _merge_notes(
    project: Project, other: Project, other_id: int, target_id: int, report: MergeReport
) -> None:
    """Merge OTHER's notes on one document (see the module docstring)."""
    for note in other.notes(other_id):
        if project.note_exists(note.uuid):
            ours = project.note(note.uuid)
            if (ours.text, ours.needs_review) != (note.text, note.needs_review) and (
                note.updated_at > ours.updated_at
            ):
                project.restore_notes(
                    [
                        note._replace(
                            document_id=ours.document_id, annotation_uuid=ours.annotation_uuid
                        )
                    ]
                )
                report.notes_updated += 1
            continue
        annotation = note.annotation_uuid
        if annotation is not None:
            annotation = _merged_annotation(project, other, annotation, target_id)
            if annotation is None:
                report.notes_left_out += 1
                continue
        if store.annotator_role(project, note.author) is None:
            project.annotator_id(note.author, role=store.annotator_role(other, note.author))
            report.annotators_added.append(note.author)
        _add_note(project, target_id, note, annotation)
        report.notes_added += 1


def _merge_note_deletions(
    project: Project,
    other: Project,
    other_id: int,
    target_id: int,
    owner: str,
    deleted: dict[str, str],
    report: MergeReport,
) -> None:
    """The notes of `owner` (the copy's annotator) that PROJECT has on the document and
    `assign_documents` gave the copy (on the document, or on their own annotations), but the
    copy no longer has: deleted here when the copy's history shows it deleted them and PROJECT's
    has not changed since (`deleted`: uuid -> when); else kept and counted (its span deleted
    in the copy, a conflict's; or no record of the deletion)."""
    theirs = {note.uuid for note in other.notes(other_id)}
    own_spans: set[str] | None = None
    for note in project.notes(target_id, author=owner):
        if note.uuid in theirs:
            continue
        if note.annotation_uuid is not None:
            if own_spans is None:
                own_spans = {a.uuid for a in project.annotations(target_id, owner)}
            if note.annotation_uuid not in own_spans:
                continue  # on another's span: never in the copy
        when = deleted.get(note.uuid)
        if when is not None and note.updated_at < when:
            project.delete_note(note.uuid)
            report.notes_deleted += 1
        else:
            report.notes_missing_kept += 1


def _merged_annotation(project: Project, other: Project, uuid: str, target_id: int) -> str | None:
    """The uuid in PROJECT's document `target_id` of OTHER's annotation `uuid`: the same
    uuid, else its annotator's span of the same label and boundaries; None when it has none."""
    theirs = other.annotation(uuid)
    if annotation_exists(project, uuid) and project.annotation(uuid).document_id == target_id:
        return uuid
    return next(
        (
            ann.uuid
            for ann in project.annotations(target_id, theirs.annotator)
            if _ann_key(ann) == _ann_key(theirs)
        ),
        None,
    )


# ==================================================================== reports


@dataclass(frozen=True)
class TeamReport:
    """What `assign` or `merge` did, as `annotator assign`/`merge` print it and the GUI's
    Team dialogs show it: a table (`headers`, `rows`), then `lines`. The headers are English
    names (`REPORT_HEADERS`), the lines typed (`ReportLine`): each interface words both in its
    language (`line_text`: the CLI's English)."""

    headers: tuple[str, ...]
    rows: list[tuple[str | int, ...]]
    lines: list[ReportLine]


class ReportLine(NamedTuple):
    """One line under a report's table: its `kind` (a key of `REPORT_LINES`), the file it is
    about (`source`; "" for the whole report) and the `values` its wording names (numbers,
    names, paths, and a tuple of names for a list)."""

    kind: str
    source: str = ""
    values: Mapping[str, str | int | Path | tuple[str, ...]] = MappingProxyType({})


ASSIGN_HEADERS = ("annotator", "documents", "shared", "own annotations")
"""The columns of the assignment's table, in English (the CLI's)."""
MERGE_HEADERS = ("file", "annotations", "relations", "statuses", "missing docs", "conflicts")
"""The columns of the merge's table, in English (the CLI's)."""
REPORT_HEADERS = ASSIGN_HEADERS + MERGE_HEADERS

REPORT_LINES: dict[str, str] = {  # each kind's English wording (the CLI's), naming its values
    "assigned": "seed {seed}; wrote {files} project file(s) and {manifest}",
    "own notes": "own notes copied: {count}",
    "missing": "missing from project: {document}",
    "conflict": "conflict: {annotator} on {document}: {changed} annotation(s), relation(s) or "
    "document label(s) in the project are missing or different in {copy}",
    "labels": "labels added: {labels}",
    "rejections": "rejected suggestions added: {count}",
    "times": "editing times updated: {count}",
    "document labels": "document labels added: {count}",
    "notes": "notes added: {added}, updated: {updated}",
    "notes left out": "notes left out (their spans were not merged): {count}",
    "notes deleted": "notes deleted in the copy: {count}",
    "notes kept": "notes missing from the copy (no record it deleted them, or changed here "
    "since): kept, {count}",
    "dry run": "dry run: nothing was written",
}


def line_text(line: ReportLine) -> str:
    """`line` in English (`annotator assign`/`merge`), after its file when it has one."""
    values = {
        name: ", ".join(value) if isinstance(value, tuple) else value
        for name, value in line.values.items()
    }
    text = REPORT_LINES[line.kind].format(**values)
    return f"{line.source}: {text}" if line.source else text


def assign_report(result: AssignResult) -> TeamReport:
    """The report of an assignment: a row per annotator, then the seed and what was written."""
    notes = sum(result.own_notes.values())
    written: dict[str, str | int | Path] = {
        "seed": str(result.assignment.seed),  # a name for the draw, not a count
        "files": len(result.paths),
        "manifest": result.manifest,
    }
    return TeamReport(
        ASSIGN_HEADERS,
        [tuple(row) for row in result.rows()],
        [ReportLine("assigned", values=written)]
        + ([ReportLine("own notes", values={"count": notes})] if notes else []),
    )


def merge_report(reports: Sequence[MergeReport], *, dry_run: bool = False) -> TeamReport:
    """The report of a merge: a row per file merged, then each missing document, conflict,
    label and rejection added, with its file."""
    lines: list[ReportLine] = []
    for report in reports:
        source = str(report.source)
        lines += [ReportLine("missing", source, {"document": n}) for n in report.missing_documents]
        lines += [
            ReportLine(
                "conflict",
                source,
                {
                    "annotator": conflict.annotator,
                    "document": conflict.document,
                    "changed": conflict.changed,
                    "copy": conflict.copy,
                },
            )
            for conflict in report.conflicts
        ]
        if report.labels_added:
            lines.append(ReportLine("labels", source, {"labels": tuple(report.labels_added)}))
        counted = (
            ("rejections", report.rejections_added),
            ("times", report.times_updated),
            ("document labels", report.doc_labels_added),
        )
        lines += [ReportLine(kind, source, {"count": n}) for kind, n in counted if n]
        if report.notes_added or report.notes_updated:
            notes = {"added": report.notes_added, "updated": report.notes_updated}
            lines.append(ReportLine("notes", source, notes))
        counted = (
            ("notes left out", report.notes_left_out),
            ("notes deleted", report.notes_deleted),
            ("notes kept", report.notes_missing_kept),
        )
        lines += [ReportLine(kind, source, {"count": n}) for kind, n in counted if n]
    if dry_run:
        lines.append(ReportLine("dry run"))
    return TeamReport(
        MERGE_HEADERS,
        [
            (
                str(r.source),
                r.annotations_added,
                r.relations_added,
                r.statuses_updated,
                len(r.missing_documents),
                len(r.conflicts),
            )
            for r in reports
        ],
        lines,
    )


# ==================================================================== shared helpers


def _add_annotation(project: Project, doc_id: int, ann: Annotation, uuid: str | None) -> Annotation:
    """Add `ann` to `doc_id` keeping its attributes, proposers and timestamps."""
    added = project.add_annotation(
        doc_id,
        ann.annotator,
        ann.label,
        ann.start,
        ann.end,
        attributes=ann.attributes,
        uuid=uuid,
        proposed_by=ann.proposed_by or None,
        text=ann.text,
        suggested_by=ann.suggested_by,
    )
    if ann.created_at:
        store.keep_annotation_times(
            project, added.uuid, ann.created_at, ann.updated_at or ann.created_at
        )
    return added


def _add_relation(
    project: Project,
    source: Project,
    doc_id: int,
    rel: Relation,
    head: str,
    tail: str,
    uuid: str | None,
) -> None:
    """Add `rel` between `head` and `tail`, bringing its relation type definition if missing."""
    if not any(kind.name == rel.label for kind in project.relation_types()):
        kind = next((k for k in source.relation_types() if k.name == rel.label), None)
        if kind is not None:
            project.set_relation_type(kind)
    added = project.add_relation(doc_id, rel.annotator, rel.label, head, tail, uuid=uuid)
    created = store.relation_created_at(source, rel.uuid)
    if created:
        store.keep_relation_time(project, added.uuid, created)
