"""The select stage: whose annotations, which documents, which outputs.

Checks the options against the project (annotators, labels, status), filters the documents by
status, splits them into train/dev/test and names the outputs.

Which documents (`ExportOptions.wanted_status`): by default those marked done -- by the chosen
annotator, by the gold, for `all_annotators` by each annotator in their own output, for a
majority by *every* voter (a vote among voters who have not all finished would count a missing
annotation as a vote against) -- and the others are counted as left out (`LeftOut`). An explicit
`status` selects the same way; `include_unfinished` takes every document. When the filter
leaves no document at all the export is refused (`NothingToExport`): no empty file.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.camel.translit import check_scheme
from annotator.errors import NotFoundError, UsageError
from annotator.formats import FORMATS, FormatInfo, get_format
from annotator.rules import DONE, GOLD
from annotator.store.readmodel import annotator_rows, document_keys

from .options import ExportOptions, LeftOut, NothingToExport

if TYPE_CHECKING:
    from annotator.store import Project

__all__ = [
    "Output",
    "Plan",
    "left_out",
    "output_path",
    "parse_split",
    "plan",
    "split_documents",
    "split_sizes",
]

PART_NAMES = {2: ("train", "test"), 3: ("train", "dev", "test")}


@dataclass
class Output:
    """One output to write: where, whose annotations, which split part, which documents."""

    target: Path
    annotator: str | None  # whose annotations (None: a majority vote)
    annotator_id: int | None
    part: str | None
    ids: list[int] | None  # None: every document


@dataclass
class Plan:
    """What an export writes: the selection, its voters, label filter, outputs, and the
    writer's options."""

    selection: str  # described for the summary
    voters: list[tuple[str, int]]  # (name, id) of the annotators involved, in name order
    labels: frozenset[str] | None  # None: every label
    outputs: list[Output]
    writer_options: dict[str, Any]
    left_out: list[LeftOut]

    def refuse_nothing(self) -> None:
        """NothingToExport when the status filter leaves no document in any output."""
        if self.left_out and all(output.ids == [] for output in self.outputs):
            raise NothingToExport(self.left_out)


def plan(
    project: Project, out: str | os.PathLike[str], options: ExportOptions, info: FormatInfo
) -> Plan:
    """The outputs of `options` for `project`; UsageError or NotFoundError for bad options."""
    mode = options.mode()
    names = {row.name: (row.id, row.role) for row in annotator_rows(project)}
    selection, voters = _selection(options, mode, names)
    labels = _checked_labels(project, options.labels)
    chosen, left_out = _documents(project, options, mode, voters)
    split: list[tuple[str, list[int]]] = []
    if options.split:
        percents = parse_split(options.split)
        # cut once, over every selected document: a document is in the same part of every
        # annotator's output
        union = _union([ids for _, ids in chosen])
        cut = split_documents(_sha_pairs(project, union), percents, options.seed)
        split = list(zip(PART_NAMES[len(percents)], cut, strict=True))
    outputs = []
    for (name, aid), ids in chosen:
        parts: list[tuple[str | None, list[int] | None]] = [(None, ids)]
        if split:
            parts = [(part, _within(part_ids, ids)) for part, part_ids in split]
        outputs += [
            Output(
                output_path(out, info.name, name if mode == "all" else None, part),
                name,
                aid,
                part,
                part_ids,
            )
            for part, part_ids in parts
        ]
    schema_order = [label.name for label in project.labels()]
    return Plan(
        selection,
        voters,
        labels,
        outputs,
        writer_options(info, options, schema_order),
        left_out,
    )


Owned = tuple[tuple[str | None, int | None], list[int] | None]
"""Whose output ((name, id); (None, None): a majority's) and its documents (None: all)."""


def left_out(project: Project, options: ExportOptions) -> list[LeftOut]:
    """The documents `options` would leave out for their status, before exporting (the
    export dialog shows them); UsageError or NotFoundError for bad options."""
    mode = options.mode()
    names = {row.name: (row.id, row.role) for row in annotator_rows(project)}
    _, voters = _selection(options, mode, names)
    return _documents(project, options, mode, voters)[1]


def _documents(
    project: Project, options: ExportOptions, mode: str, voters: list[tuple[str, int]]
) -> tuple[list[Owned], list[LeftOut]]:
    """Each output's owner and documents by status, and the documents left out, and why."""
    status = options.wanted_status()
    owners: list[tuple[list[str], tuple[str | None, int | None]]]
    if mode == "all":  # each annotator's own documents
        owners = [([name], (name, aid)) for name, aid in voters]
    elif mode == "majority":  # documents every voter finished
        owners = [([name for name, _ in voters], (None, None))]
    else:
        owners = [([voters[0][0]], voters[0])]
    if status is None:
        return [(owner, None) for _, owner in owners], []
    total = project.count_documents()
    chosen: list[Owned] = []
    dropped: list[LeftOut] = []
    for who, owner in owners:
        ids, behind = _status_filtered(project, who, status, total)
        if len(ids) < total:
            reason = _left_out(total - len(ids), who, behind, status, options.status is None)
            dropped.append(reason)
        chosen.append((owner, None if len(ids) == total else ids))
    return chosen, dropped


def writer_options(
    info: FormatInfo, options: ExportOptions, schema_order: list[str]
) -> dict[str, Any]:
    """The keyword arguments of `info`'s writer: the options it declares, label lists as
    lists (None when not given, or the schema's label order where it declares so).
    UsageError for a transliteration the format has no place for, or an unknown one."""
    if options.translit is not None:
        check_scheme(options.translit)
        if "translit" not in info.writer_options:
            raise UsageError(
                f"--translit: the {info.name} format has no place for a transliteration "
                f"(formats that have: {_formats_with('translit')})"
            )
    if options.segment is not None:
        _check_segment(info, options.segment)
    chosen: dict[str, Any] = {}
    for name in info.writer_options:
        value = getattr(options, name)
        if name in info.schema_ordered:
            value = list(value or schema_order)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            value = list(value) if value else None
        chosen[name] = value
    return chosen


def _check_segment(info: FormatInfo, scheme: str) -> None:
    """UsageError for ``--segment`` in a format without it, an unknown scheme, no morphology
    database (saying how to install one) or one without the scheme (`morphology.require`,
    whose `check_scheme` is the check `Morphology.pieces` makes); InputError for a damaged
    database."""
    from annotator.camel.morphology import require

    if "segment" not in info.writer_options:
        raise UsageError(
            f"--segment: the {info.name} format cannot split words into clitic pieces "
            f"(formats that can: {_formats_with('segment')})"
        )
    require(scheme=scheme)


def _formats_with(option: str) -> str:
    """The names of the formats whose writers take `option`, for an error message."""
    return ", ".join(name for name, info in FORMATS.items() if option in info.writer_options)


def _selection(
    options: ExportOptions, mode: str, names: dict[str, tuple[int, str]]
) -> tuple[str, list[tuple[str, int]]]:
    """A description and the (name, id) of the annotators involved, in name order."""

    def known(name: str) -> tuple[str, int]:
        if name not in names:
            listed = ", ".join(sorted(names)) or "none yet"
            raise NotFoundError(
                f"no annotator named {name!r} in this project (annotators: {listed})"
            )
        return name, names[name][0]

    if mode == "annotator":
        return f"annotator {options.annotator}", [known(str(options.annotator))]
    if mode == "gold":
        if GOLD not in names:
            raise UsageError("this project has no gold standard yet (adjudicate first)")
        return "the gold standard", [known(GOLD)]
    if options.voters:
        voters = sorted({known(name) for name in options.voters})
    else:
        voters = [(n, aid) for n, (aid, role) in names.items() if role == "annotator"]
    if not voters:
        raise UsageError("this project has no annotators to export")
    listed = ", ".join(name for name, _ in voters)
    if mode == "all":
        return f"each annotator ({listed})", voters
    k = int(options.majority or 0)
    if not 1 <= k <= len(voters):
        raise UsageError(f"--majority must be between 1 and {len(voters)} (the voters: {listed})")
    return f"majority of {k} out of {len(voters)} ({listed})", voters


def _checked_labels(project: Project, labels: Sequence[str] | None) -> frozenset[str] | None:
    if not labels:
        return None
    known = {label.name for label in project.labels()}
    unknown = [label for label in labels if label not in known]
    if unknown:
        raise NotFoundError(
            f"unknown label(s) {', '.join(unknown)}; the project has {', '.join(sorted(known))}"
        )
    return frozenset(labels)


def _status_filtered(
    project: Project, names: list[str], status: str, total: int
) -> tuple[list[int], dict[str, int]]:
    """Ids of documents with `status` for every one of `names`, and how many of the `total`
    documents each name has of another status."""
    ids: set[int] | None = None
    behind = {}
    for name in names:
        found = set(project.document_ids(annotator=name, status=status))
        behind[name] = total - len(found)
        ids = found if ids is None else ids & found
    return sorted(ids or ()), behind


def _left_out(
    documents: int, names: list[str], behind: dict[str, int], status: str, by_default: bool
) -> LeftOut:
    """Why `documents` are left out for their `status` for `names` (one annotator, or the
    voters of a majority, `behind` saying how many documents each has of another status)."""
    owner = names[0] if len(names) == 1 else None
    voters = ", ".join(names)
    counts = ", ".join(f"{name} {count:,}" for name, count in behind.items() if count)
    if status == DONE:
        if owner is None:
            whose = f"by every voter ({voters}; not done: {counts})"
        else:
            whose = "in the gold standard" if owner == GOLD else f"by {owner}"
        return LeftOut(documents, owner, f"not marked done {whose}", by_default)
    if owner is None:
        whose = f"for some voter ({voters}; of another status: {counts})"
    else:
        whose = "in the gold standard" if owner == GOLD else f"for {owner}"
    option = f"--status {status.replace(' ', '-')}"
    return LeftOut(documents, owner, f"of a status other than {status!r} {whose} ({option})", False)


def _union(selected: list[list[int] | None]) -> list[int] | None:
    """The documents of any of `selected` (None: every document)."""
    if any(ids is None for ids in selected):
        return None
    return sorted({doc_id for ids in selected if ids is not None for doc_id in ids})


def _within(part: list[int], ids: list[int] | None) -> list[int]:
    """The documents of a split `part` among `ids` (None: every document)."""
    if ids is None:
        return part
    wanted = set(ids)
    return [doc_id for doc_id in part if doc_id in wanted]


def _sha_pairs(project: Project, ids: list[int] | None) -> list[tuple[str, int]]:
    rows = document_keys(project)
    if ids is None:
        return [(row.sha256, row.id) for row in rows]
    wanted = set(ids)
    return [(row.sha256, row.id) for row in rows if row.id in wanted]


# ---------------------------------------------------------------- split


def split_sizes(n: int, percents: Sequence[int]) -> list[int]:
    """Part sizes for `n` documents: floors of the quotas, leftovers by largest remainder."""
    total = sum(percents)
    if total <= 0:
        raise UsageError("split percentages must add up to more than 0")
    quotas = [n * p for p in percents]  # in units of 1/total
    sizes = [q // total for q in quotas]
    order = sorted(range(len(percents)), key=lambda i: (-(quotas[i] % total), i))
    for index in order[: n - sum(sizes)]:
        sizes[index] += 1
    return sizes


def split_documents(
    docs: Sequence[tuple[str, int]], percents: Sequence[int], seed: int
) -> list[list[int]]:
    """Document ids per part from `(sha256, id)` pairs: sorted by sha256, shuffled, cut."""
    ordered = [doc_id for _, doc_id in sorted(docs)]
    random.Random(seed).shuffle(ordered)
    parts = []
    start = 0
    for size in split_sizes(len(ordered), percents):
        parts.append(sorted(ordered[start : start + size]))
        start += size
    return parts


def parse_split(value: str | Sequence[int]) -> tuple[int, ...]:
    """``"80,10,10"`` -> (80, 10, 10): two or three non-negative integers adding up to 100."""
    if isinstance(value, str):
        try:
            numbers = tuple(int(part) for part in value.split(","))
        except ValueError:
            raise UsageError(f"--split wants numbers like 80,10,10, not {value!r}") from None
    else:
        numbers = tuple(int(part) for part in value)
    if len(numbers) not in PART_NAMES:
        raise UsageError("--split wants 2 (train,test) or 3 (train,dev,test) percentages")
    if any(n < 0 for n in numbers) or sum(numbers) != 100:
        raise UsageError(f"split percentages must be >= 0 and add up to 100, not {numbers}")
    return numbers


# ---------------------------------------------------------------- output names


def output_path(
    out: str | os.PathLike[str], fmt: str, annotator: str | None = None, part: str | None = None
) -> Path:
    """Where one output goes: ``out`` with ``.<annotator>`` and ``.<part>`` before the suffix."""
    out = Path(out)
    tags = [_safe(annotator)] if annotator else []
    tags += [part] if part else []
    if not tags:
        return out
    if get_format(fmt).folder or not out.suffix:
        return out.with_name(f"{out.name}.{'.'.join(tags)}")
    return out.with_name(f"{out.stem}.{'.'.join(tags)}{out.suffix}")


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "annotator"
