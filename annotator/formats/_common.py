"""Shared plumbing for the format codecs: the import report, line reading, atomic output."""

from __future__ import annotations

import codecs
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TextIO, cast

from annotator.errors import SchemaError, UsageError
from annotator.files import atomic_file
from annotator.model import DocRecord, InputError
from annotator.rules import check_score

Source = str | os.PathLike[str] | Iterable[str]
"""What a reader accepts: a file path, or an iterable of lines (with or without newlines)."""

Sink = str | os.PathLike[str] | TextIO
"""What a writer accepts: a file path (written atomically) or an open text stream."""


@dataclass
class Notice:
    """One warning or skipped item, located in its source file."""

    path: str
    line: int | None
    message: str
    kind: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What a reader (or writer) tolerated, repaired or left out.

    ``counts`` holds named tallies (e.g. ``"documents"``, ``"spans"``,
    ``"i_without_b"``); ``warnings`` the leniencies with file and line; ``skipped`` the
    items left out (bad rows with ``skip_bad=True``, unsupported annotations, dropped spans).
    A reader's report is complete once its iterator is exhausted.
    """

    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[Notice] = field(default_factory=list)
    skipped: list[Notice] = field(default_factory=list)
    info: dict[str, object] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def warn(self, path: str, line: int | None, message: str, kind: str = "") -> None:
        self.warnings.append(Notice(str(path), line, message, kind))
        if kind:
            self.counts[kind] += 1

    def skip(self, path: str, line: int | None, message: str, kind: str = "") -> None:
        self.skipped.append(Notice(str(path), line, message, kind))
        if kind:
            self.counts[kind] += 1

    def summary(self) -> str:
        """A short human-readable account, one fact per line."""
        lines = [f"{key}: {value}" for key, value in sorted(self.counts.items())]
        lines += [f"{key}: {value}" for key, value in sorted(self.info.items())]
        lines += [f"warning {notice}" for notice in self.warnings]
        lines += [f"skipped {notice}" for notice in self.skipped]
        return "\n".join(lines)


def source_name(source: Source, path: str | None = None) -> str:
    """The name used in error messages for ``source``."""
    if path is not None:
        return str(path)
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return getattr(source, "name", None) or "<lines>"


DEFAULT_ENCODING = "utf-8"
"""What readers decode files as unless told otherwise (a leading BOM is dropped)."""


def check_encoding(encoding: str) -> str:
    """The codec name Python gives `encoding` (``"windows-1256"`` -> ``"cp1256"``), or
    UsageError when Python knows no such encoding."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UsageError(
            f"unknown encoding {encoding!r} (e.g. utf-8, cp1256 for Windows-1256, utf-16)"
        ) from None


def iter_lines(
    source: Source, path: str | None = None, encoding: str = DEFAULT_ENCODING
) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` (1-based, line ending removed) from a file or lines.

    Files are decoded as `encoding` (default UTF-8; a leading BOM is dropped) and split on
    ``\\n`` only, so U+2028 or a lone ``\\r`` inside a line never splits it; a trailing
    ``\\r`` is removed. Undecodable bytes raise :class:`InputError` naming the line.
    """
    name = source_name(source, path)
    codec = check_encoding(encoding)
    if isinstance(source, str | os.PathLike):
        try:
            handle: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(name, None, f"cannot open: {exc.strerror or exc}") from exc
        with handle:
            if codec == "utf-8":
                yield from _utf8_lines(handle, name)
            else:
                yield from _decoded_lines(handle, name, codec)
        return
    for number, line in enumerate(source, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(name, number, f"not valid {codec}") from exc
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield number, _strip_eol(line)


def _utf8_lines(handle: IO[bytes], name: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(handle, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                name, number, f"not valid UTF-8 (byte {exc.start + 1} of the line)"
            ) from exc
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        yield number, _strip_eol(line)


def _decoded_lines(handle: IO[bytes], name: str, codec: str) -> Iterator[tuple[int, str]]:
    """The lines of `handle` decoded incrementally as `codec` (any encoding, UTF-16 too: a
    byte b"\\n" need not end a character), split on the decoded ``\\n``."""
    decoder = codecs.getincrementaldecoder(codec)()
    pending = ""
    number = 1
    started = final = False
    while not final:
        raw = handle.read(_DECODE_BLOCK)
        final = not raw
        try:
            pending += decoder.decode(raw, final=final)
        except UnicodeDecodeError as exc:
            before = exc.object[: exc.start].decode(codec, errors="replace")
            raise InputError(name, number + before.count("\n"), f"not valid {codec}") from exc
        if not started and pending:
            started = True
            pending = pending.removeprefix("\ufeff")
        *lines, pending = pending.split("\n")
        for line in lines:
            yield number, _strip_eol(line)
            number += 1
    if pending:
        yield number, _strip_eol(pending)


_DECODE_BLOCK = 1 << 16


def decode_text(data: bytes, name: str, encoding: str = DEFAULT_ENCODING) -> str:
    """A whole file's bytes decoded as `encoding` without newline translation, a leading BOM
    dropped; InputError naming file and line when they cannot be."""
    codec = check_encoding(encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        label = "UTF-8" if codec == "utf-8" else codec
        raise InputError(name, line, f"not valid {label}") from exc
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str | os.PathLike[str], encoding: str = DEFAULT_ENCODING) -> str:
    """The text of file `path` (`decode_text`); InputError naming it when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read: {exc.strerror or exc}") from exc
    return decode_text(data, str(path), encoding)


def _strip_eol(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
    if line.endswith("\r"):
        line = line[:-1]
    return line


def unique_stem(doc: DocRecord, index: int, used: set[str], reserved: tuple[str, ...] = ()) -> str:
    """A file name stem for document number `index` (0-based) of a folder output: its name
    without ``.txt`` (else its id, else ``doc<N>``), characters outside ``[\\w.-]`` replaced
    by ``_``, made unique among `used` (case-insensitively, ``name-2``, ...) and the
    `reserved` stems; added to `used`."""
    raw = doc.name or (doc.id if doc.id is not None else "") or f"doc{index + 1}"
    if raw.endswith(".txt"):
        raw = raw[:-4]
    stem = re.sub(r"[^\w.-]+", "_", raw).strip("._") or f"doc{index + 1}"
    candidate, number = stem, 1
    while candidate.lower() in used or candidate in reserved:
        number += 1
        candidate = f"{stem}-{number}"
    used.add(candidate.lower())
    return candidate


@contextmanager
def open_output(out: Sink) -> Iterator[TextIO]:
    """A text stream for ``out``: a path is written atomically (`annotator.files.atomic_file`);
    a stream is used as given (the caller owns it). Newlines are written as ``\\n``."""
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    with atomic_file(out) as stream:
        yield cast(TextIO, stream)


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: object, where: str = "") -> str | None:
    """Where a string of parsed JSON `value` holds a lone surrogate (a `\\ud800`-`\\udfff`
    escape without its pair, which is not Unicode and cannot be stored), e.g. "spans[0].label";
    else None."""
    if isinstance(value, str):
        return (where or "a string") if _SURROGATE.search(value) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate(item, f"{where}[{index}]")
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                return f"a key of {where or 'the object'}"
            found = lone_surrogate(item, f"{where}.{key}" if where else key)
            if found is not None:
                return found
    return None


def suggestion_score(value: object) -> float | None:
    """A model's score for a span read from a file, as a suggestion keeps it
    (`annotator.rules.check_score`); None when it is not a number in (0, 1]."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        return check_score(value)
    except SchemaError:
        return None


def surrogate_message(where: str) -> str:
    return f"{where} holds a lone surrogate escape (\\ud800-\\udfff), which is not valid Unicode"


def read_json_lines(
    source: Source,
    path: str | None,
    report: ImportReport,
    parse: Callable[[str, str, int], DocRecord],
    *,
    skip_bad: bool,
    relations: bool,
    unit: str = "line",
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[DocRecord]:
    """The line loop of the JSONL readers: lines decoded as `encoding` (`iter_lines`), blank
    ones ignored, each other parsed by `parse(line, name, number)`; a bad one raises its
    InputError, or with `skip_bad` is skipped and reported ("<unit> skipped", kind
    "bad_<unit>s"). Counts documents, spans and (when the format carries them) relations."""
    name = source_name(source, path)
    for number, line in iter_lines(source, path, encoding):
        if not line.strip():
            continue
        try:
            doc = parse(line, name, number)
        except InputError as error:
            if not skip_bad:
                raise
            report.skip(name, number, f"{error.message}; {unit} skipped", f"bad_{unit}s")
            continue
        report.count("documents")
        report.count("spans", len(doc.spans))
        if relations:
            report.count("relations", len(doc.relations))
        yield doc
