"""Import of plain documents: text files, folders of them, and JSONL (one document per line).

Encodings are detected without asking: UTF-8 (with or without BOM), UTF-16 with BOM (LE or BE)
and Windows-1256, the usual legacy Arabic encoding, accepted only when the decoded text looks
like Arabic (see `cp1256_problem`). Line breaks become LF. Anything else (binary data, NUL bytes,
control characters, undecodable bytes) is rejected naming the file and line. Invisible marks
(`INVISIBLE_MARKS`: LRM, RLM, ALM, a BOM inside the text, ...) are counted and kept, or removed
with `strip_marks`, by the same mapping as the cleaning of scraper residue (`clean_text_mapped`).

A pure codec: `read_tasks` cuts the reading of the inputs in tasks and `read_task` does one,
here or in a worker process; `read_documents` streams the documents as DocRecords.
Storing them is `annotator.importing_plain.import_documents`'s job.
"""

from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from annotator.formats._common import lone_surrogate, surrogate_message
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES, DocRecord, InputError, Tokenization

__all__ = [
    "BadInput",
    "ReadDocument",
    "CleanMap",
    "INVISIBLE_MARKS",
    "clean_text",
    "clean_text_mapped",
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
TITLE_MAX_CHARS = 150

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

_ARABIC_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc]")
_HARAKA = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
_STRAY_HARAKA = re.compile(rf"(?<![\u0621-\u063a\u0640-\u0652\u0671-\u06d3])[{_HARAKA}]")
_MIXED_WORD = re.compile(
    r"[A-Za-z\u00c0-\u024f][\u0621-\u063a\u0641-\u064a]|[\u0621-\u063a\u0641-\u064a][A-Za-z\u00c0-\u024f]"
)
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0640]+")
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
    arabic = len(_ARABIC_LETTER.findall(text))
    if arabic == 0:
        return "no Arabic letters"
    non_ascii = [c for c in text if c > "\x7f"]
    unexpected = sum(
        1 for c in non_ascii if not ("\u0600" <= c <= "\u06ff" or c in _CP1256_EXPECTED)
    )
    if unexpected > max(2, 0.02 * len(non_ascii)):
        return f"{unexpected} of {len(non_ascii)} non-ASCII characters are not Arabic"
    mixed = len(_MIXED_WORD.findall(text))
    words = len(_ARABIC_WORD.findall(text))
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


# ------------------------------------------------------------------ cleaning

# Invisible marks: characters that only steer display (bidi marks, embeddings, overrides and
# isolates) or do nothing visible at all (zero-width space, word joiner, a BOM inside a text),
# with their short names. Counted in every import report; removed on request (`strip_marks`).
# Not marks: ZWNJ U+200C and ZWJ U+200D (they change how letters join, in Persian and Urdu
# words, and ZWJ builds emoji sequences), the soft hyphen U+00AD (shown at a line break) and
# the invisible math operators U+2061..U+2064. `annotator.text.normalize.REMOVED` holds all
# of these (search ignores them).
INVISIBLE_MARKS: dict[str, str] = {
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2060": "WJ",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\ufeff": "BOM",
}
_MARKS = "".join(INVISIBLE_MARKS)
_MARK_RE = re.compile(f"[{_MARKS}]")

# Bracketed placeholders left by scrapers and WordPress ad plugins: [ad_1], [ad_2], [ads] ...
_PLACEHOLDER_LINE = re.compile(r"[^\S\n]*\[(?:[A-Za-z]+[_-]?\d+|ads?)\][^\S\n]*")
_INVISIBLE = "\u200c\u200d" + _MARKS
_BLANKISH_LINE = re.compile(rf"[\s{_INVISIBLE}]+")

CLEAN_KINDS = {
    "placeholder": "placeholder lines such as [ad_1]",
    "whitespace_line": "lines of only spaces, NBSP or invisible characters",
    "blank_line": "repeated, leading or trailing blank lines",
    "invisible_mark": "invisible marks inside kept lines (LRM, RLM, ALM, BOM...; strip_marks)",
}


def count_marks(text: str) -> dict[str, int]:
    """How many of each invisible mark `text` holds, by code point (``{"U+200F": 12}``)."""
    if not any(mark in text for mark in INVISIBLE_MARKS):  # faster than _MARK_RE.search
        return {}
    found = Counter(_MARK_RE.findall(text))
    return {f"U+{ord(mark):04X}": found[mark] for mark in sorted(found)}


def marks_summary(counts: dict[str, int]) -> str:
    """``count_marks`` for people: "14 invisible marks (U+200F RLM ×12, U+200E LRM ×2)"."""
    total = sum(counts.values())
    if not total:
        return "no invisible marks"
    names = {f"U+{ord(mark):04X}": name for mark, name in INVISIBLE_MARKS.items()}
    each = ", ".join(
        f"{code} {names.get(code, '')} ×{count:,}".replace("  ", " ")
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    return f"{total:,} invisible mark{'s' if total != 1 else ''} ({each})"


def trim_marks(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`start`-`end` without the invisible marks at its edges; None when it holds only marks."""
    while start < end and text[start] in INVISIBLE_MARKS:
        start += 1
    while end > start and text[end - 1] in INVISIBLE_MARKS:
        end -= 1
    return (start, end) if start < end else None


def clean_text(text: str, *, lines: bool = True, marks: bool = False) -> tuple[str, Counter[str]]:
    """Remove scraper residue (whole lines only) and say how many lines of each kind went.

    Placeholder lines ([ad_1]) and lines of only whitespace/NBSP are removed, runs of blank lines
    collapse to one, leading and trailing blank lines go. Every other line is kept byte for byte.
    `marks`: also remove the invisible marks (`INVISIBLE_MARKS`) inside kept lines, counted as
    "invisible_mark"; `lines=False`: only that.
    """
    cleaned, removed, _ = clean_text_mapped(text, lines=lines, marks=marks)
    return cleaned, removed


class CleanMap:
    """Where the code points of a text kept by `clean_text_mapped` went: runs of code points
    kept together, as (original start, original end, cleaned start)."""

    __slots__ = ("_ends", "_new_starts", "_starts")

    def __init__(self, runs: list[tuple[int, int, int]]) -> None:
        self._starts = [run[0] for run in runs]
        self._ends = [run[1] for run in runs]
        self._new_starts = [run[2] for run in runs]

    def offset(self, position: int) -> int | None:
        """The cleaned offset of the code point at original `position`; None if removed."""
        index = bisect_right(self._starts, position) - 1
        if index < 0 or position >= self._ends[index]:
            return None
        return self._new_starts[index] + position - self._starts[index]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The cleaned offsets of the span `start`-`end` (end-exclusive, start < end): its
        first and last code points must be kept (text inside it may have been removed);
        None when either was removed."""
        first, last = self.offset(start), self.offset(end - 1)
        if first is None or last is None:
            return None
        return first, last + 1

    def inner(self, start: int, end: int) -> tuple[int, int] | None:
        """The cleaned offsets of what is kept of `start`-`end`: from its first kept code
        point to its last; None when none is kept (a token of removed characters only)."""
        index = max(bisect_right(self._starts, start) - 1, 0)
        first = last = None
        while index < len(self._starts) and self._starts[index] < end:
            lo, hi = max(start, self._starts[index]), min(end, self._ends[index])
            if lo < hi:
                shift = self._new_starts[index] - self._starts[index]
                if first is None:
                    first = lo + shift
                last = hi + shift
            index += 1
        return None if first is None or last is None else (first, last)

    def tokens(self, tokens: Tokenization) -> Tokenization:
        """A document's own tokens moved with its text: each token keeps what is kept of it,
        a token nothing of which is kept goes, and so does a sentence left without tokens."""
        sentences = []
        bounds = [*tokens.sentence_starts, len(tokens.starts)]
        for first, last in zip(bounds, bounds[1:], strict=False):
            moved = [self.inner(tokens.starts[i], tokens.ends[i]) for i in range(first, last)]
            sentences.append([token for token in moved if token is not None])
        return Tokenization.from_sentences(sentences, tokens.scheme)


def clean_text_mapped(
    text: str, *, lines: bool = True, marks: bool = False
) -> tuple[str, Counter[str], CleanMap]:
    """`clean_text`, with the map of where each kept code point went (for span offsets)."""
    removed: Counter[str] = Counter()
    if not text:
        return text, removed, CleanMap([])
    if not lines:
        whole = [(0, len(text), 0)]
        return _without_marks(text, whole, removed) if marks else (text, removed, CleanMap(whole))
    ending = "\n" if text.endswith("\n") else ""
    kept: list[str] = []
    # per kept line: the original offset of its first code point; its line break follows it
    starts: list[int] = []
    at = 0
    for line in (text[:-1] if ending else text).split("\n"):
        if line == "":
            if not kept or kept[-1] == "":
                removed["blank_line"] += 1
            else:
                kept.append(line)
                starts.append(at)
        elif _PLACEHOLDER_LINE.fullmatch(line):
            removed["placeholder"] += 1
        elif _BLANKISH_LINE.fullmatch(line):
            removed["whitespace_line"] += 1
            if kept and kept[-1] != "":
                kept.append("")  # it separated paragraphs: an empty line still does
                starts.append(at + len(line))  # its content goes, its line break stays
        else:
            kept.append(line)
            starts.append(at)
        at += len(line) + 1
    while kept and kept[-1] == "":
        kept.pop()
        starts.pop()
        removed["blank_line"] += 1
    if not kept:
        return "", +removed, CleanMap([])
    runs: list[tuple[int, int, int]] = []
    new = 0
    last = len(kept) - 1
    for index, (line, start) in enumerate(zip(kept, starts, strict=True)):
        size = len(line) + (1 if index < last or ending else 0)  # with its line break
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], start + size, runs[-1][2])
        elif size:
            runs.append((start, start + size, new))
        new += size
    if marks:
        return _without_marks(text, runs, removed)
    return "\n".join(kept) + ending, +removed, CleanMap(runs)


def _without_marks(
    text: str, runs: list[tuple[int, int, int]], removed: Counter[str]
) -> tuple[str, Counter[str], CleanMap]:
    """The text made of `runs` of `text` (a `CleanMap`'s), its invisible marks removed too."""
    pieces: list[str] = []
    kept: list[tuple[int, int, int]] = []
    new = 0
    for start, end, _ in runs:
        at = start
        for mark in _MARK_RE.finditer(text, start, end):
            if mark.start() > at:
                kept.append((at, mark.start(), new))
                new += mark.start() - at
                pieces.append(text[at : mark.start()])
            removed["invisible_mark"] += 1
            at = mark.end()
        if end > at:
            kept.append((at, end, new))
            new += end - at
            pieces.append(text[at:end])
    return "".join(pieces), +removed, CleanMap(kept)


_WORD = re.compile(r"[^\W\d_]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def guess_title(text: str) -> str | None:
    """The first meaningful line: at least three words, not starting in a foreign script.

    Skips bylines and one-word labels («وكالات..»), site banners in Latin letters atop an
    Arabic article ("Lebanon News I ..."), placeholders and blank lines. A line starting with an
    Arabic word always qualifies; one starting with a Latin word only in a text that is not
    mainly Arabic. Long lines are cut at a word boundary.
    """
    main_is_arabic: bool | None = None
    fallback = None
    for line in text.split("\n", 60)[:60]:
        line = line.strip()
        if not line or _PLACEHOLDER_LINE.fullmatch(line):
            continue
        fallback = fallback or line
        words = [m.group() for m in islice(_WORD.finditer(line), 3)]
        if len(words) < 3:
            continue
        if _ARABIC_LETTER.match(words[0]):
            return _shorten(line)
        if main_is_arabic is None:
            head = text[:3000]
            main_is_arabic = len(_ARABIC_WORD.findall(head)) > len(_LATIN_WORD.findall(head))
        if not main_is_arabic:
            return _shorten(line)
    return _shorten(fallback) if fallback else None


def _shorten(line: str) -> str:
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line.rfind(" ", 0, TITLE_MAX_CHARS)
    return line[: cut if cut > TITLE_MAX_CHARS // 2 else TITLE_MAX_CHARS].rstrip() + "…"


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
# A unit of reading work made by `read_tasks`, for `read_task` (picklable, opaque to callers)
ReadTask = tuple


def _finish(
    text: str,
    name: str,
    path: str,
    line: int | None,
    meta: dict[str, Any],
    clean: bool,
    max_bytes: int,
    strip_marks: bool,
) -> Read:
    removed: Counter[str] = Counter()
    marks = count_marks(text)
    if clean or (strip_marks and marks):
        text, removed = clean_text(text, lines=clean, marks=strip_marks)
    if not text.strip():
        what = "empty document after cleaning" if removed else "empty document"
        return BadInput(path, line, what)
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return BadInput(path, line, f"{size:,} bytes exceeds the limit of {max_bytes:,} bytes")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        title = guess_title(text)
        if title:
            meta["title"] = title
    record = DocRecord(text=text, name=name, meta=meta, line=line, source=path)
    return ReadDocument(record, dict(removed), marks)


def _read_text_file(source: Source, clean: bool, max_bytes: int, strip_marks: bool) -> Read:
    try:
        size = os.path.getsize(source.path)
        if size > max_bytes:
            return BadInput(
                source.path,
                None,
                f"{size:,} bytes exceeds the limit of {max_bytes:,} bytes",
            )
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        return BadInput(source.path, None, f"cannot read: {err.strerror}")
    try:
        text = decode_bytes(data, source.path)
    except InputError as err:
        return BadInput(err.path, err.line, err.message)
    return _finish(text, source.name, source.path, None, {}, clean, max_bytes, strip_marks)


def _read_jsonl_line(
    raw: bytes | str, source: Source, number: int, clean: bool, max_bytes: int, strip_marks: bool
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
    return _finish(text, name, source.path, number, dict(meta), clean, max_bytes, strip_marks)


def read_task(task: ReadTask) -> list[Read]:
    """Read one task of `read_tasks`: its documents and bad inputs, in input order."""
    if task[0] == "bad":
        return [BadInput(*task[1:])]
    if task[0] == "files":
        _, sources, clean, max_bytes, strip_marks = task
        return [_read_text_file(source, clean, max_bytes, strip_marks) for source in sources]
    _, source, first, lines, clean, max_bytes, strip_marks = task
    reads = []
    for number, raw in enumerate(lines, first):
        read = _read_jsonl_line(raw, source, number, clean, max_bytes, strip_marks)
        if read is not None:
            reads.append(read)
    return reads


def _jsonl_tasks(
    source: Source, clean: bool, max_bytes: int, strip_marks: bool
) -> Iterator[ReadTask]:
    try:
        handle = open(source.path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        yield ("bad", source.path, None, f"cannot read: {err.strerror}")
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
                if len(raw) > max_bytes * 2 + 1024:
                    yield (
                        "bad",
                        source.path,
                        first + len(chunk),
                        f"line of {len(raw):,} bytes exceeds the document limit",
                    )
                    raw = ""
                chunk.append(raw)
                if len(chunk) == _LINES_PER_TASK:
                    yield ("jsonl", source, first, chunk, clean, max_bytes, strip_marks)
                    first += len(chunk)
                    chunk = []
        except UnicodeDecodeError as err:
            yield ("bad", source.path, first + len(chunk), f"invalid UTF-16: {err.reason}")
        if chunk:
            yield ("jsonl", source, first, chunk, clean, max_bytes, strip_marks)


def read_tasks(
    sources: Sequence[Source], clean: bool, max_bytes: int, strip_marks: bool = False
) -> Iterator[ReadTask]:
    """The reading of `sources` cut in tasks (a few files, or lines of a JSONL file) that
    `read_task` does, in order, here or in a worker process. `clean`: remove scraper residue
    (`clean_text`); `strip_marks`: remove invisible marks (`INVISIBLE_MARKS`)."""
    files: list[Source] = []
    for source in sources:
        if source.jsonl:
            if files:
                yield ("files", files, clean, max_bytes, strip_marks)
                files = []
            yield from _jsonl_tasks(source, clean, max_bytes, strip_marks)
        else:
            files.append(source)
            if len(files) == _FILES_PER_TASK:
                yield ("files", files, clean, max_bytes, strip_marks)
                files = []
    if files:
        yield ("files", files, clean, max_bytes, strip_marks)


def read_documents(
    paths: Iterable[str | os.PathLike[str]],
    *,
    clean: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    strip_marks: bool = False,
) -> Iterator[DocRecord]:
    """Stream the documents of `paths` as DocRecords (in this process); InputError on bad input."""
    sources, missing = collect_sources(paths)
    if missing:
        raise missing[0]
    for task in read_tasks(sources, clean, max_bytes, strip_marks):
        for read in read_task(task):
            if isinstance(read, BadInput):
                raise InputError(*read)
            record = read.record
            yield DocRecord(
                text=record.text, name=record.name, meta=record.meta, source=record.source
            )
