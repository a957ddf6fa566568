"""Import of plain documents: text files, folders of them, and JSONL (one document per line).

Encodings are detected without asking: UTF-8 (with or without BOM), UTF-16 with BOM (LE or BE)
and Windows-1256, the usual legacy Arabic encoding, accepted only when the decoded text looks
like Arabic (see `cp1256_problem`). Line breaks become LF. Anything else (binary data, NUL bytes,
control characters, undecodable bytes) is rejected naming the file and line. Invisible marks
(`INVISIBLE_MARKS`: LRM, RLM, ALM, a BOM inside the text, ...) are counted and kept, or removed
with `strip_marks`, by the same mapping as the cleaning of scraper residue (`clean_text_mapped`).
Cleaning and the title guess live in `annotator.formats.cleaning` (re-exported here).

A pure codec: `read_tasks` cuts the reading of the inputs in tasks and `read_task` does one,
here or in a worker process; `read_documents` streams the documents as DocRecords.
Storing them is `annotator.importing_plain.import_documents`'s job.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from annotator.formats._common import lone_surrogate, surrogate_message
from annotator.formats.cleaning import (
    ARABIC_LETTER,
    ARABIC_WORD,
    CLEAN_KINDS,
    INVISIBLE_MARKS,
    RULES,
    TITLE_MAX_CHARS,
    CleanMap,
    Removed,
    clean_text,
    clean_text_mapped,
    cleaning_preview,
    count_marks,
    guess_title,
    marks_summary,
    trim_marks,
)
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, DocRecord, InputError

__all__ = [
    "BadInput",
    "FilesTask",
    "JsonlTask",
    "ReadDocument",
    "ReadOptions",
    "ReadTask",
    "CleanMap",
    "CLEAN_KINDS",
    "INVISIBLE_MARKS",
    "RULES",
    "TITLE_MAX_CHARS",
    "Removed",
    "clean_text",
    "clean_text_mapped",
    "cleaning_preview",
    "cleaning_previews",
    "DocumentPreview",
    "count_marks",
    "marks_summary",
    "trim_marks",
    "collect_sources",
    "cp1256_problem",
    "decode_bytes",
    "guess_title",
    "read_documents",
    "read_task",
    "read_tasks",
]

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)

# Files per reading task, JSONL lines per reading task.
_FILES_PER_TASK = 64
_LINES_PER_TASK = 256

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls except tab, LF, VT, FF, CR; DEL; C1 controls. Text never holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C0_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")

# ------------------------------------------------------------------ decoding

_HARAKA = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_STRAY_HARAKA = re.compile(rf"(?<![\u0621-\u063a\u0640-\u0652\u0671-\u06d3])[{_HARAKA}]")
_MIXED_WORD = re.compile(
    r"[A-Za-z\u00c0-\u024f][\u0621-\u063a\u0641-\u064a]|[\u0621-\u063a\u0641-\u064a][A-Za-z\u00c0-\u024f]"
)
# Non-ASCII characters that Arabic text in Windows-1256 plausibly holds besides Arabic letters.
_CP1256_EXPECTED = frozenset("\u00a0«»“”‘’‚„–—…•·°×÷€‰‹›\u200c\u200d\u200e\u200f")


def cp1256_problem(text: str) -> str | None:
    """Why `text`, decoded as Windows-1256, is not plausibly Arabic; None when it is.

    Windows-1256 maps every byte, so any file decodes; text from another encoding (Latin-1,
    Windows-1251, GBK, ...) or binary data comes out as a mix of Arabic letters, accented Latin
    letters and stray diacritics. Real Arabic has Arabic letters in whole words, almost nothing
    outside the Arabic block, diacritics only after letters, and alef and lam among its most
    frequent letters, and the article «ال» in many words.
    """
    arabic = len(ARABIC_LETTER.findall(text))
    if arabic == 0:
        return "no Arabic letters"
    non_ascii = [c for c in text if c > "\x7f"]
    unexpected = sum(
        1 for c in non_ascii if not ("\u0600" <= c <= "\u06ff" or c in _CP1256_EXPECTED)
    )
    if unexpected > max(2, 0.02 * len(non_ascii)):
        return f"{unexpected} of {len(non_ascii)} non-ASCII characters are not Arabic"
    mixed = len(_MIXED_WORD.findall(text))
    words = len(ARABIC_WORD.findall(text))
    if mixed > max(1, 0.02 * words):
        return f"{mixed} words mix Arabic and Latin letters"
    stray = len(_STRAY_HARAKA.findall(text))
    if stray > max(1, 0.01 * arabic):
        return f"{stray} diacritics do not follow a letter"
    if words >= 50 and text.count("ال") < 0.08 * words:
        return "hardly any definite article (ال), unlike Arabic"
    if arabic >= 300 and sum(text.count(c) for c in "اأإآل") < 0.18 * arabic:
        return "letter frequencies unlike Arabic (too few alef and lam)"
    return None


def _line_of(data: bytes | str, position: int) -> int:
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, position) + 1


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a document's bytes (see the module docstring); LF line breaks, no BOM.

    Raises InputError naming `path` and the line of the first offending byte or character.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError as err:
                line = body[: err.start].decode(encoding, errors="replace").count("\n") + 1
                raise InputError(
                    path,
                    line,
                    f"invalid {encoding.upper()} (file starts with its BOM): "
                    f"{err.reason} at byte {err.start + len(bom)}",
                ) from None
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(
                path,
                _line_of(data, nul),
                "binary file: holds NUL bytes (UTF-16 text needs a byte order mark)",
            )
        try:
            text = data.decode("utf-8")
            if len(data.translate(None, _C0_BYTES)) == len(data) and not _C1_UTF8.search(data):
                return _lf(text)  # no control character (faster checked on the bytes)
        except UnicodeDecodeError as err:
            text = data.decode("cp1256", errors="replace")
            problem = cp1256_problem(text)
            if problem is not None:
                raise InputError(
                    path,
                    _line_of(data, err.start),
                    f"not UTF-8 text (byte 0x{data[err.start]:02X} at offset {err.start}), and "
                    f"not Arabic as Windows-1256 ({problem})",
                ) from None
    control = _CONTROL.search(text)
    if control is not None:
        raise InputError(
            path,
            _line_of(text, control.start()),
            f"binary file: control character U+{ord(control.group()):04X}",
        )
    return _lf(text)


def _lf(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# ------------------------------------------------------------------ sources


@dataclass(frozen=True, slots=True)
class Source:
    """One input file: its path as given, the document name, and whether it is JSONL."""

    path: str
    name: str
    jsonl: bool


def collect_sources(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[Source], list[InputError]]:
    """Expand folders (recursively: *.txt and *.jsonl) and explicit files (any name).

    Returns the sources in a stable order and the paths that do not exist.
    """
    sources: list[Source] = []
    missing: list[InputError] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                relative = Path(os.path.relpath(folder, path)).as_posix()
                prefix = "" if relative == "." else relative + "/"
                for file_name in files:
                    lower = file_name.lower()
                    if file_name.startswith(".") or not lower.endswith(
                        TEXT_SUFFIXES + JSONL_SUFFIXES
                    ):
                        continue
                    full = os.path.join(folder, file_name)
                    found.append(Source(full, prefix + file_name, lower.endswith(JSONL_SUFFIXES)))
            found.sort(key=lambda s: s.name)
            root = os.path.realpath(path)
            for source in found:
                key = os.path.join(root, source.name)
                if key not in seen:
                    seen.add(key)
                    sources.append(source)
        elif path.is_file():
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                sources.append(Source(str(path), path.name, path.suffix.lower() in JSONL_SUFFIXES))
        else:
            missing.append(InputError(str(path), None, "no such file or folder"))
    return sources, missing


# ------------------------------------------------------------------ reading (worker side)


class ReadDocument(NamedTuple):
    """A document read from an input, with what cleaning removed from it (counts by kind) and
    the invisible marks its input text held (`count_marks`)."""

    record: DocRecord
    removed: dict[str, int]
    marks: dict[str, int]


class BadInput(NamedTuple):
    """An input (file, or line of a JSONL file) that cannot be imported, and why (an
    InputError does not survive pickling to and from worker processes)."""

    path: str
    line: int | None
    message: str


Read = ReadDocument | BadInput


class ReadOptions(NamedTuple):
    """How documents are read (`read_tasks`): `clean`: remove scraper residue (`clean_text`);
    `max_bytes`: the size limit of a document (UTF-8 bytes); `strip_marks`: remove invisible
    marks (`INVISIBLE_MARKS`); `arclean`: map the characters through camel-tools' arclean map
    (`cleaning.arclean`)."""

    clean: bool = False
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
    strip_marks: bool = False
    arclean: bool = False


class FilesTask(NamedTuple):
    """A reading task (`read_tasks`): the text files `sources`, one document each."""

    sources: list[Source]
    options: ReadOptions


class JsonlTask(NamedTuple):
    """A reading task (`read_tasks`): `lines` of the JSONL file `source`, the first its line
    `first`, one document each (an empty line none)."""

    source: Source
    first: int
    lines: list[bytes | str]
    options: ReadOptions


ReadTask = FilesTask | JsonlTask | BadInput
"""A unit of reading work made by `read_tasks`, for `read_task` (picklable, for worker
processes); a BadInput is an input found bad while cutting the tasks."""


def _finish(
    text: str, name: str, path: str, line: int | None, meta: dict[str, Any], options: ReadOptions
) -> Read:
    removed: Counter[str] = Counter()
    marks = count_marks(text)
    if options.clean or options.arclean or (options.strip_marks and marks):
        text, removed = clean_text(
            text, lines=options.clean, marks=options.strip_marks, arclean=options.arclean
        )
    if not text.strip():
        what = "empty document after cleaning" if removed else "empty document"
        return BadInput(path, line, what)
    size = len(text.encode("utf-8"))
    if size > options.max_bytes:
        limit = options.max_bytes
        return BadInput(path, line, f"{size:,} bytes exceeds the limit of {limit:,} bytes")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        title = guess_title(text)
        if title:
            meta["title"] = title
    record = DocRecord(text=text, name=name, meta=meta, line=line, source=path)
    return ReadDocument(record, dict(removed), marks)


def _read_text_file(source: Source, options: ReadOptions) -> Read:
    try:
        size = os.path.getsize(source.path)
        if size > options.max_bytes:
            return BadInput(
                source.path,
                None,
                f"{size:,} bytes exceeds the limit of {options.max_bytes:,} bytes",
            )
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return BadInput(source.path, None, f"cannot read: {err.strerror}")
    try:
        text = decode_bytes(data, source.path)
    except InputError as err:
        return BadInput(err.path, err.line, err.message)
    return _finish(text, source.name, source.path, None, {}, options)


def _read_jsonl_line(
    raw: bytes | str, source: Source, number: int, options: ReadOptions
) -> Read | None:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            return BadInput(
                source.path,
                number,
                f"not UTF-8 (byte 0x{raw[err.start]:02X}); JSONL must be UTF-8",
            )
    if not raw.strip():
        return None
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as err:
        return BadInput(source.path, number, f"invalid JSON: {err.msg} (column {err.colno})")
    if not isinstance(item, dict):
        return BadInput(source.path, number, f"expected an object, got {type(item).__name__}")
    if "\\u" in raw:  # only an escape can make a lone surrogate
        where = lone_surrogate(item)
        if where is not None:
            return BadInput(source.path, number, surrogate_message(where))
    text = item.get("text")
    if not isinstance(text, str):
        return BadInput(source.path, number, 'no "text" string')
    meta = item.get("meta", {})
    if not isinstance(meta, dict):
        return BadInput(source.path, number, '"meta" must be an object')
    doc_id = item.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, str | int)):
        return BadInput(source.path, number, '"id" must be a string or an integer')
    control = _CONTROL.search(text)
    if control is not None:
        return BadInput(
            source.path,
            number,
            f"control character U+{ord(control.group()):04X} in the text",
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    name = str(doc_id) if doc_id is not None else f"{source.name}:{number}"
    return _finish(text, name, source.path, number, dict(meta), options)


def read_task(task: ReadTask) -> list[Read]:
    """Read one task of `read_tasks`: its documents and bad inputs, in input order."""
    if isinstance(task, BadInput):
        return [task]
    if isinstance(task, FilesTask):
        return [_read_text_file(source, task.options) for source in task.sources]
    reads = []
    for number, raw in enumerate(task.lines, task.first):
        read = _read_jsonl_line(raw, task.source, number, task.options)
        if read is not None:
            reads.append(read)
    return reads


def _jsonl_tasks(source: Source, options: ReadOptions) -> Iterator[ReadTask]:
    try:
        handle = open(source.path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        yield BadInput(source.path, None, f"cannot read: {err.strerror}")
        return
    with handle:
        head = handle.read(4)
        handle.seek(0)
        lines: Iterator[bytes | str]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            import io

            encoding = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
            handle.seek(2)
            lines = io.TextIOWrapper(handle, encoding=encoding, newline="\n")
        else:
            if head.startswith(b"\xef\xbb\xbf"):
                handle.seek(3)
            lines = iter(handle)
        chunk: list[bytes | str] = []
        first = 1
        try:
            for raw in lines:
                if len(raw) > options.max_bytes * 2 + 1024:
                    yield BadInput(
                        source.path,
                        first + len(chunk),
                        f"line of {len(raw):,} bytes exceeds the document limit",
                    )
                    raw = ""
                chunk.append(raw)
                if len(chunk) == _LINES_PER_TASK:
                    yield JsonlTask(source, first, chunk, options)
                    first += len(chunk)
                    chunk = []
        except UnicodeDecodeError as err:
            yield BadInput(source.path, first + len(chunk), f"invalid UTF-16: {err.reason}")
        if chunk:
            yield JsonlTask(source, first, chunk, options)


def read_tasks(sources: Sequence[Source], options: ReadOptions) -> Iterator[ReadTask]:
    """The reading of `sources` cut in tasks (a few files, or lines of a JSONL file) that
    `read_task` does, in order, here or in a worker process, each read with `options`."""
    files: list[Source] = []
    for source in sources:
        if source.jsonl:
            if files:
                yield FilesTask(files, options)
                files = []
            yield from _jsonl_tasks(source, options)
        else:
            files.append(source)
            if len(files) == _FILES_PER_TASK:
                yield FilesTask(files, options)
                files = []
    if files:
        yield FilesTask(files, options)


def read_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    clean: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    strip_marks: bool = False,
    arclean: bool = False,
) -> Iterator[DocRecord]:
    """Stream the documents of `paths` as DocRecords (in this process); InputError on bad input."""
    sources, missing = collect_sources(paths)
    if missing:
        raise missing[0]
    options = ReadOptions(clean, max_bytes, strip_marks, arclean)
    for task in read_tasks(sources, options):
        for read in read_task(task):
            if isinstance(read, BadInput):
                raise InputError(*read)
            record = read.record
            yield DocRecord(
                text=record.text, name=record.name, meta=record.meta, source=record.source
            )


class DocumentPreview(NamedTuple):
    """What cleaning would remove from one document of the inputs (`cleaning_previews`): its
    name, its file, its line in a JSONL file (None for a text file), and the removed lines
    (`cleaning.Removed`: rule, line number in the document's text, the line)."""

    name: str
    source: str
    line: int | None
    removed: list[Removed]


def cleaning_previews(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    arclean: bool = False,
    strip_marks: bool = False,
    lines: bool = True,
) -> Iterator[DocumentPreview | BadInput]:
    """What `clean=True` would remove from each document of `paths`, read as the import reads
    them (`collect_sources`, decoding, JSONL lines), in input order, importing nothing: a
    DocumentPreview per document, a BadInput per input that cannot be read (a missing path
    first). `arclean` (and `strip_marks`, which goes first): also the lines the arclean map
    changes and what it changes in each; `lines=False`: without the line rules (`--arclean`
    without `--clean`). For `annotator clean` and the import dialog's preview."""
    sources, missing = collect_sources(paths)
    for error in missing:
        yield BadInput(error.path, error.line, error.message)
    for task in read_tasks(sources, ReadOptions(max_bytes=max_bytes)):
        for read in read_task(task):
            if isinstance(read, BadInput):
                yield read
                continue
            record = read.record
            yield DocumentPreview(
                record.name,
                record.source or record.name,
                record.line,
                cleaning_preview(record.text, arclean=arclean, marks=strip_marks, lines=lines),
            )
