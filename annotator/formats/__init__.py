"""Corpus formats: pure codecs between files and :class:`annotator.model.DocRecord`.

Every reader is ``read(source, *, ..., skip_bad=False, report=None) -> Iterator[DocRecord]``
(streaming; bad input raises :class:`annotator.model.InputError` before the document holding
it is yielded) and every writer ``write(docs, out, *, ..., report=None) -> ImportReport``
(streaming; a path is written atomically). ``FORMATS`` says which format can do what.
The codec modules are imported on first use. Storing a codec's documents in a project is
:func:`annotator.importing.import_annotated`'s job (formats never import it).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from ._common import ImportReport, Notice

__all__ = ["FORMATS", "FormatInfo", "ImportReport", "Notice", "get_format"]


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
