"""What an export is asked for (`ExportOptions`) and what it did (`ExportResult`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import UsageError
from annotator.formats import FORMATS, ImportReport
from annotator.rules import DONE, check_status

__all__ = [
    "CLI_HINT",
    "ExportCancelled",
    "ExportOptions",
    "ExportResult",
    "ExportedFile",
    "LeftOut",
    "NothingToExport",
    "writable_formats",
]

CLI_HINT = "use --include-unfinished to export them"
"""How the command line tells a user to include the documents not marked done."""

_DROP_REASONS = {
    "spans_other_labels": "spans of labels not selected",
    "relations_other_labels": "relations with an end of a label not selected",
    "spans_below_majority": "distinct spans with too few votes",
    "relations_below_majority": "distinct relations with too few votes",
    "attributes_by_majority": "attribute values decided by majority (voters disagreed)",
    "doc_labels_below_majority": "document labels with too few votes for one value",
    "doc_labels_tied": "document labels whose voters tied between values (no value written)",
    "relations_not_carried": "relations (the format has none)",
    "attributes_not_carried": "spans with attributes (the format has none)",
    "relations_dropped": "relations the format could not carry",
    "attributes_dropped": "spans whose attributes the format could not carry",
    "attr_dropped": "attribute values with no brat form",
    "attribute_false_omitted": "false/empty attribute values (brat has no false flag)",
    "spans_dropped_overlap": "spans overlapping a kept span (single column / priority)",
    "spans_dropped_no_column": "spans with no tag column left (--layers)",
    "spans_nested_same_label": "spans inside a span of the same label (per-label HF fields)",
    "spans_duplicate": "duplicate spans written once",
    "spans_blank": "spans of whitespace only / without a token",
    "spans_unknown_label": "spans of labels not in the tag set",
}
_NOTES = {
    "tokens_segmented": "clitic pieces cut from words (--segment)",
    "tokens_split": "tokens split at a span boundary",
    "tokens_blank": "whitespace tokens (a document's own) with no line in CoNLL",
    "tokens_respaced": "tokens holding a tab or line break, written with a space",
    "sentences_merged": "sentence breaks removed inside a span",
    "spans_trimmed": "spans trimmed of surrounding whitespace",
}


class ExportCancelled(Exception):
    """The export was cancelled; nothing was written."""


@dataclass(frozen=True)
class LeftOut:
    """Documents left out of an export for their status: how many, why (``"not marked done
    by amal"``), and whether by the default filter (done only), which `include_unfinished`
    lifts, rather than by an explicit `status`."""

    documents: int
    annotator: str | None  # whose status; None: the voters of a majority, together
    reason: str
    by_default: bool

    def sentence(self, hint: str | None = None) -> str:
        """``"12 documents not marked done by amal left out; use ... to export them"``."""
        noun = "document" if self.documents == 1 else "documents"
        text = f"{self.documents:,} {noun} {self.reason} left out"
        return f"{text}; {hint}" if hint and self.by_default else text


class NothingToExport(UsageError):
    """The status filter leaves no document, or the project holds none: refused, nothing
    written. `left_out` says why (empty: the project holds no documents); the message carries
    the command line's hint (`sentence` gives others)."""

    def __init__(self, left_out: list[LeftOut]) -> None:
        self.left_out = left_out
        super().__init__(self.sentence(CLI_HINT))

    def sentence(self, hint: str | None) -> str:
        if not self.left_out:  # no document to leave out: the project holds none
            return "nothing to export: the project holds no documents (import some first)"
        reasons = "; ".join(item.sentence() for item in self.left_out)
        wanted = any(item.by_default for item in self.left_out)
        text = f"nothing to export: {reasons}"
        return f"{text}; {hint}" if hint and wanted else text


def writable_formats() -> list[str]:
    return [name for name, info in FORMATS.items() if info.can_write]


@dataclass
class ExportOptions:
    """What to export and how; see `annotator.exporting` for the rules."""

    format: str = "jsonl"
    annotator: str | None = None
    all_annotators: bool = False
    majority: int | None = None
    gold: bool = False
    voters: Sequence[str] | None = None  # all_annotators / majority; default: every annotator
    labels: Sequence[str] | None = None
    status: str | None = None  # only documents with this status (default: done)
    include_unfinished: bool = False  # every document, whatever its status
    split: Sequence[int] | None = None
    seed: int = 0
    # The writers' options (a format takes those its FormatInfo.writer_options names)
    scheme: str = "auto"  # CoNLL (auto: each document's own, else IOB2) and HF (auto: IOB2)
    header: str = "comment"  # CoNLL: "comment" or "docstart"
    offsets: bool = False  # CoNLL: a start-end column
    columns: str = "levels"  # CoNLL: one per nesting level, "labels": per label, or "single"
    single_column: bool = False  # CoNLL: one column, overlaps resolved by `priority`
    priority: Sequence[str] | None = None  # CoNLL single column / HF ner_tags; default: schema
    layers: Sequence[str] | None = None  # CoNLL: fixed tag columns, e.g. ACTOR,ACTOR,CLAIM
    relations: bool = False  # doccano: the entities/relations form
    completed_by: str | None = None  # labelstudio: the user (id or email) of the annotations
    nested: bool = True  # HF: one ner_tags_<LABEL> field per label
    translit: str | None = None  # CoNLL, JSONL, HF: Latin transliteration (bw, safebw, hsb)
    segment: str | None = None  # CoNLL, HF: words cut into clitic pieces (d3tok, atbtok)
    workers: int | None = None  # rendering processes (None: automatic, 0: none)

    def mode(self) -> str:
        """'annotator', 'all', 'majority' or 'gold'; UsageError unless exactly one is chosen."""
        chosen = [
            name
            for name, on in (
                ("annotator", self.annotator is not None),
                ("all", self.all_annotators),
                ("majority", self.majority is not None),
                ("gold", self.gold),
            )
            if on
        ]
        if len(chosen) != 1:
            raise UsageError(
                "choose exactly one of: an annotator, all annotators, a majority vote, the gold"
            )
        return chosen[0]

    def wanted_status(self) -> str | None:
        """The status a document must have (None: any); UsageError for both a status and
        `include_unfinished`."""
        if self.include_unfinished:
            if self.status is not None:
                raise UsageError("choose a status or include the unfinished documents, not both")
            return None
        return DONE if self.status is None else check_status(self.status)


@dataclass
class ExportedFile:
    """One output: where, whose annotations, which split part, and the writer's report."""

    path: Path
    annotator: str | None
    part: str | None
    documents: int = 0
    report: ImportReport = field(default_factory=ImportReport)


@dataclass
class ExportResult:
    """What `export` wrote and what it left out, and why."""

    format: str
    selection: str
    files: list[ExportedFile] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # selection: filters and votes
    left_out: list[LeftOut] = field(default_factory=list)  # documents, for their status

    def totals(self) -> Counter[str]:
        """The writers' and the selection's counts added up."""
        total: Counter[str] = Counter(self.counts)
        for item in self.files:
            total.update(item.report.counts)
        return total

    def summary(self, hint: str | None = CLI_HINT) -> str:
        """What was written and left out; `hint`: how to include the documents not done."""
        total = self.totals()
        lines = [f"exported {self.selection} as {self.format}:"]
        for item in self.files:
            counts = item.report.counts
            figures = [f"{item.documents:,} documents", f"{counts['spans']:,} spans"]
            if counts["relations"]:
                figures.append(f"{counts['relations']:,} relations")
            if counts["tokens"]:
                figures.append(f"{counts['tokens']:,} tokens")
            lines.append(f"  {item.path}: {', '.join(figures)}")
        schemes = sorted((key[7:], n) for key, n in total.items() if key.startswith("scheme_"))
        if schemes:
            written = ", ".join(f"{name} ({n:,} document{'s' * (n != 1)})" for name, n in schemes)
            lines.append(f"  tag scheme: {written}")
        lines += [item.sentence(hint) for item in self.left_out]
        dropped = [
            f"  {total[key]:,} {reason} [{key}]"
            for key, reason in _DROP_REASONS.items()
            if total[key]
        ]
        if dropped:
            lines.append("left out:")
            lines += dropped
        notes = [f"  {total[key]:,} {text} [{key}]" for key, text in _NOTES.items() if total[key]]
        if notes:
            lines.append("adjusted:")
            lines += notes
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "selection": self.selection,
            "files": [
                {
                    "path": str(item.path),
                    "annotator": item.annotator,
                    "part": item.part,
                    "documents": item.documents,
                    "counts": dict(item.report.counts),
                }
                for item in self.files
            ],
            "counts": dict(self.totals()),
            "documents_left_out": sum(item.documents for item in self.left_out),
            "left_out": [
                {
                    "annotator": item.annotator,
                    "documents": item.documents,
                    "reason": item.reason,
                    "by_default": item.by_default,
                }
                for item in self.left_out
            ],
        }
