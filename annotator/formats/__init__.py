"""Corpus formats: pure codecs between files and :class:`annotator.model.DocRecord`.

Every reader is ``read(source, *, ..., skip_bad=False, report=None) -> Iterator[DocRecord]``
(streaming; bad input raises :class:`annotator.model.InputError` before the document holding
it is yielded) and every writer ``write(docs, out, *, ..., report=None) -> ImportReport``
(streaming; a path is written atomically). ``FORMATS`` says which format can do what.
The codec modules are imported on first use. Storing a codec's documents in a project is
:func:`annotator.importing.import_annotated`'s job (formats never import it).
"""

from __future__ import annotations

import codecs
import importlib
import os
from dataclasses import dataclass
from types import ModuleType

from annotator.errors import NotFoundError

from ._common import ImportReport, Notice

__all__ = ["FORMATS", "FormatInfo", "ImportReport", "Notice", "get_format", "sniff"]


@dataclass(frozen=True, kw_only=True)
class FormatInfo:
    """What one format is and can do: code elsewhere asks these, never a format's name."""

    name: str
    module_name: str
    description: str
    can_read: bool
    can_write: bool
    suffix: str  # the suffix of a written file, or "/" for a folder
    read_suffixes: tuple[str, ...] = ()  # a folder given to import stands for these files
    companion_suffixes: tuple[str, ...] = ()  # read beside each of them, same stem (brat .txt)
    carries_relations: bool = False
    carries_attributes: bool = False
    carries_meta: bool = False  # document metadata
    nested: bool = True  # overlapping spans survive a round trip
    tokens: bool = False  # tokenised, spans as tags in a scheme (IOB2, IOB1, BIOES)
    json_lines: bool = False  # one JSON object per line (a file of JSON Lines)
    lossless: bool = False  # holds everything the store holds: rendered from stored rows
    counts_losses: bool = False  # the writer counts the relations/attributes it cannot carry
    parallel_read: bool = False  # large inputs are parsed in worker processes
    # how a large export is rendered in worker processes: "chunks" (documents sent to them; for
    # formats whose rendering costs more than sending), "shares" (each reads its own share of
    # the documents from the project file; for cheap renderings), or None (in this process)
    parallel_render: str | None = None
    writer_options: tuple[str, ...] = ()  # the export options its writer takes
    reader_options: tuple[str, ...] = ()  # the import options (of the CLI) its reader takes
    # the reader's flag that reads a model's output for an import as suggestions, with each
    # span's score (`importing_suggestions`, `import --as-suggestions`); never a CLI option
    suggestions_option: str | None = None
    schema_ordered: tuple[str, ...] = ()  # ... that default to the schema's label order
    side_file: str | None = None  # a file the writer adds beside its output (`side_text`)
    signature: bytes | None = None  # how its files begin, when that tells it apart (`sniff`)
    # the writer's layout is fixed for a whole file: exporters first run `file_layout(docs,
    # **options)` over the documents (spans only) for the options it returns, write
    # `head_text(**options)` once, then render chunks with `head=False`
    file_layout: bool = False
    # the writer writes an output in one call (a JSON array): never rendered in chunks or shares
    whole_file: bool = False

    @property
    def folder(self) -> bool:
        """Whether the output is a folder of files rather than one file."""
        return self.suffix == "/"

    @property
    def module(self) -> ModuleType:
        """The codec module (``read``/``write`` functions)."""
        return importlib.import_module(f"{__name__}.{self.module_name}")


_JSON_SUFFIXES = (".jsonl", ".json")

FORMATS: dict[str, FormatInfo] = {
    info.name: info
    for info in (
        FormatInfo(
            name="jsonl",
            module_name="jsonl",
            description="native JSONL: one document per line with spans, relations, attributes",
            can_read=True,
            can_write=True,
            suffix=".jsonl",
            read_suffixes=_JSON_SUFFIXES,
            carries_relations=True,
            carries_attributes=True,
            carries_meta=True,
            json_lines=True,
            lossless=True,
            parallel_read=True,
            parallel_render="shares",
            writer_options=("translit",),
            suggestions_option="scores",  # each span's optional "score"
        ),
        FormatInfo(
            name="conll",
            module_name="conll",
            description=(
                "CoNLL token-per-line, IOB2/IOB1/BIOES/BILOU, one tag column per nesting level"
            ),
            can_read=True,
            can_write=True,
            suffix=".conll",
            read_suffixes=(
                ".conll",
                ".conllu",
                ".txt",
                ".tsv",
                ".iob",
                ".iob2",
                ".bio",
                ".bioes",
                ".bilou",
            ),
            tokens=True,
            parallel_render="chunks",
            file_layout=True,
            writer_options=(
                "scheme",
                "header",
                "offsets",
                "columns",
                "single_column",
                "priority",
                "layers",
                "translit",
                "segment",
            ),
            schema_ordered=("priority",),
        ),
        FormatInfo(
            name="doccano",
            module_name="doccano",
            description='doccano JSONL: {"text", "label": [[start, end, label]]} or '
            "entities/relations",
            can_read=True,
            can_write=True,
            suffix=".jsonl",
            read_suffixes=_JSON_SUFFIXES,
            carries_relations=True,
            carries_meta=True,
            json_lines=True,
            counts_losses=True,
            writer_options=("relations",),
            reader_options=("text_key", "label_key"),
        ),
        FormatInfo(
            name="spacy",
            module_name="spacy",
            description='spaCy/Prodigy JSONL: {"text", "tokens", "spans": [{"start", "end", '
            '"label", "token_start", "token_end"}]}',
            can_read=True,
            can_write=True,
            suffix=".jsonl",
            read_suffixes=_JSON_SUFFIXES,
            carries_meta=True,
            json_lines=True,
            counts_losses=True,
            parallel_render="chunks",  # tokenizing is its cost, as for CoNLL and HF
        ),
        FormatInfo(
            name="hf",
            module_name="hf",
            description="Hugging Face token classification JSONL + labels.json",
            can_read=True,
            can_write=True,
            suffix=".jsonl",
            read_suffixes=(".jsonl",),  # not .json: a folder's labels.json is no data
            reader_options=("tag_names",),
            tokens=True,
            json_lines=True,
            parallel_render="chunks",
            file_layout=True,
            writer_options=("labels", "scheme", "priority", "nested", "translit", "segment"),
            schema_ordered=("labels",),
            side_file="labels.json",
        ),
        FormatInfo(
            name="brat",
            module_name="brat",
            description="brat standoff: .txt + .ann per document, annotation.conf",
            can_read=True,
            can_write=True,
            suffix="/",
            read_suffixes=(".ann",),  # a folder of them (each with its .txt)
            companion_suffixes=(".txt",),
            reader_options=("split_discontinuous",),
            carries_relations=True,
            carries_attributes=True,
        ),
        FormatInfo(
            name="webanno",
            module_name="webanno",
            description="WebAnno TSV 3.3 (INCEpTION): a .tsv per document with its tokens, "
            "spans with features, relations",
            can_read=True,
            can_write=True,
            suffix="/",
            read_suffixes=(".tsv",),  # a folder of them
            signature=b"#FORMAT=WebAnno TSV",
            carries_relations=True,
            carries_attributes=True,
            counts_losses=True,
        ),
        FormatInfo(
            name="labelstudio",
            module_name="labelstudio",
            description="Label Studio JSON: tasks with annotations[].result[] (Labels over Text, "
            "relations); JSON-MIN read too",
            can_read=True,
            can_write=True,
            suffix=".json",
            read_suffixes=_JSON_SUFFIXES,
            carries_relations=True,
            carries_meta=True,
            counts_losses=True,
            writer_options=("completed_by",),
            # not "predictions": machine suggestions are never imported as anyone's annotations
            reader_options=("completed_by", "fix_utf16", "text_key"),
            suggestions_option="predictions",  # read only by an import as suggestions
            whole_file=True,
        ),
    )
}


def sniff(path: str | os.PathLike[str]) -> str | None:
    """The format whose `FormatInfo.signature` the file at `path` (an input corpus file) begins
    with, a UTF-8 BOM and UTF-16 aside; None when none does or it cannot be read. Suffixes
    several formats read (``.tsv``: CoNLL or WebAnno) are told apart by it."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(256)
    except OSError:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    for info in FORMATS.values():
        if info.signature is not None and head.startswith(info.signature):
            return info.name
    return None


def get_format(name: str) -> FormatInfo:
    """The format called ``name``; NotFoundError listing the known ones otherwise."""
    try:
        return FORMATS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise NotFoundError(f"unknown format {name!r}; known formats: {known}") from None
