"""Corpus formats: pure codecs between files and :class:`annotator.model.DocRecord`.

Every reader is ``read(source, *, ..., skip_bad=False, report=None) -> Iterator[DocRecord]``
(streaming; bad input raises :class:`annotator.model.InputError` before the document holding
it is yielded) and every writer ``write(docs, out, *, ..., report=None) -> ImportReport``
(streaming; a path is written atomically). ``FORMATS`` says which format can do what.
The codec modules are imported on first use. ``import_annotated`` (from
:mod:`annotator.importing`) stores a codec's documents in a project.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._common import ImportReport, Notice

if TYPE_CHECKING:
    from annotator.importing import AnnotatedImportReport
    from annotator.store import Project

__all__ = ["FORMATS", "FormatInfo", "ImportReport", "Notice", "get_format", "import_annotated"]


@dataclass(frozen=True)
class FormatInfo:
    """What one format is and can do."""

    name: str
    module_name: str
    can_read: bool
    can_write: bool
    carries_relations: bool
    carries_attributes: bool
    nested: bool  # overlapping spans survive a round trip
    suffix: str  # file suffix, or "/" for a directory
    description: str

    @property
    def module(self) -> ModuleType:
        """The codec module (``read``/``write`` functions)."""
        return importlib.import_module(f"{__name__}.{self.module_name}")


FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo(
            "jsonl",
            "jsonl",
            True,
            True,
            True,
            True,
            True,
            ".jsonl",
            "native JSONL: one document per line with spans, relations, attributes",
        ),
        FormatInfo(
            "conll",
            "conll",
            True,
            True,
            False,
            False,
            True,
            ".conll",
            "CoNLL token-per-line, IOB2/IOB1/BIOES, one tag column per nesting layer",
        ),
        FormatInfo(
            "doccano",
            "doccano",
            True,
            True,
            True,
            False,
            True,
            ".jsonl",
            'doccano JSONL: {"text", "label": [[start, end, label]]} or entities/relations',
        ),
        FormatInfo(
            "spacy",
            "spacy",
            True,
            True,
            False,
            False,
            True,
            ".jsonl",
            'spaCy-style JSONL: {"text", "spans": [{"start", "end", "label"}]}',
        ),
        FormatInfo(
            "hf",
            "hf",
            False,
            True,
            False,
            False,
            True,
            ".jsonl",
            "Hugging Face token classification JSONL + labels.json (write only)",
        ),
        FormatInfo(
            "brat",
            "brat",
            True,
            True,
            True,
            True,
            True,
            "/",
            "brat standoff: .txt + .ann per document, annotation.conf",
        ),
    )
}


def get_format(name: str) -> FormatInfo:
    """The format called ``name``; ValueError listing the known ones otherwise."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {name!r}; known formats: {known}") from None


def import_annotated(
    project: Project, paths: Iterable[str | os.PathLike[str]], fmt: str, **options: Any
) -> AnnotatedImportReport:
    """Import annotated files into a project: see :func:`annotator.importing.import_annotated`."""
    from annotator.importing import import_annotated as run

    return run(project, paths, fmt, **options)
