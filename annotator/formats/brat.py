"""brat standoff: a ``.txt`` file and a ``.ann`` file per document, plus ``annotation.conf``.

Offsets are code points into the ``.txt`` read without newline translation (brat reads and
slices Python strings). Supported: ``T`` (text-bound), ``R`` (binary relation), ``A``/``M``
(attributes) and ``#`` AnnotatorNotes on ``T`` (the span's notes, `SpanRecord.notes`; a
span's notes are written back as such lines, as is an attribute named ``note``, whose values
older versions read notes into). Reported and skipped: ``E`` (events: their
trigger ``T`` lines stay as spans), ``N`` (normalisations), ``*`` (equivalences), attributes
and notes on events or relations. A discontinuous span (``5 7;9 10``) is refused (an
annotation here covers one stretch of text), or with ``split_discontinuous`` split into one span
per fragment and reported. See docs/formats.md.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.files import Staging
from annotator.model import (
    BatchError,
    DocRecord,
    InputError,
    NoteRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.rules import note_problem, span_problem

from ._common import DEFAULT_ENCODING, ImportReport, iter_lines, read_text, unique_stem

NOTE_KEY = "note"
"""A span attribute written as AnnotatorNotes (``#`` lines) too (where older versions read
them into); they are read as the span's notes."""

_INT_RE = re.compile(r"-?\d+")
_OFFSETS_RE = re.compile(r"\d+ \d+(?:;\d+ \d+)*")
_SPACE_RE = re.compile(r"\s+")


# =========================================================================== reading


def read(
    source: str | os.PathLike[str],
    *,
    split_discontinuous: bool = False,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read a brat directory (every ``*.ann`` with its ``.txt``, sorted) or one document.

    ``source`` may be a directory, a ``.ann`` or a ``.txt`` path. A document's name is its
    file stem (relative to the directory). Both files are decoded as ``encoding``. Bad lines
    raise :class:`InputError` naming the ``.ann`` file and line, or with ``skip_bad`` are
    skipped and reported. A discontinuous span is such a bad line unless
    ``split_discontinuous``, which makes each of its fragments a span (reported). Without
    ``skip_bad``, once a document is bad no other is yielded, but every document is read and
    the first problem of each bad one raised together (a :class:`BatchError` when several).
    """
    report = report if report is not None else ImportReport()
    root = Path(source)
    if root.is_dir():
        ann_paths = sorted(root.rglob("*.ann"))
        base = root
    else:
        ann_paths = [root.with_suffix(".ann")]
        base = root.parent
    problems: list[InputError] = []
    for ann_path in ann_paths:
        try:
            doc = read_document(
                ann_path,
                base=base,
                split_discontinuous=split_discontinuous,
                encoding=encoding,
                skip_bad=skip_bad,
                report=report,
            )
        except InputError as error:
            if not skip_bad:
                problems.append(error)  # and on, to find the other bad documents' problems
            else:  # lines are skipped one by one: this is a whole file
                message = error.message + "; document skipped"
                report.skip(error.path, error.line, message, "bad_docs")
            continue
        if not problems:
            yield doc
    if problems:
        raise problems[0] if len(problems) == 1 else BatchError(problems)


def read_document(
    ann_path: str | os.PathLike[str],
    txt_path: str | os.PathLike[str] | None = None,
    *,
    base: str | os.PathLike[str] | None = None,
    split_discontinuous: bool = False,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> DocRecord:
    """One brat document: ``ann_path`` with its text (default: the ``.txt`` beside it).

    The document's name is the ``.ann`` path relative to ``base`` (default: its folder),
    without the suffix. Options as for `read`.
    """
    report = report if report is not None else ImportReport()
    ann = Path(ann_path)
    text_file = Path(txt_path) if txt_path is not None else ann.with_suffix(".txt")
    reading = _Options(split_discontinuous, encoding, skip_bad)
    doc = _read_document(
        ann, text_file, Path(base) if base is not None else ann.parent, reading, report
    )
    report.count("documents")
    report.count("spans", len(doc.spans))
    report.count("relations", len(doc.relations))
    return doc


@dataclass(frozen=True)
class _Options:
    """How to read: the reader's options."""

    split_discontinuous: bool
    encoding: str
    skip_bad: bool


@dataclass
class _Parsed:
    """The supported lines of one ``.ann`` file, resolved after reading it whole."""

    spans: dict[str, list[SpanRecord]] = field(default_factory=dict)  # T id -> fragments
    span_lines: dict[str, int] = field(default_factory=dict)
    relations: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str, Any]] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)
    events: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)  # discontinuous spans skipped (skip_bad)


def _read_document(
    ann_path: Path, txt_path: Path, base: Path, reading: _Options, report: ImportReport
) -> DocRecord:
    name = str(ann_path)
    skip_bad = reading.skip_bad
    text = read_text(txt_path, reading.encoding)
    parsed = _Parsed()
    for number, line in iter_lines(ann_path, encoding=reading.encoding):
        if not line.strip():
            continue
        try:
            _parse_line(line, number, name, text, parsed, reading, report)
        except InputError as error:
            if not skip_bad:
                raise
            report.skip(name, number, error.message + "; line skipped", "bad_lines")

    def unsupported_target(number: int, target: str, what: str) -> bool:
        if target in parsed.spans:
            return False
        if target in parsed.refused:
            message = f"{what} on the discontinuous span {target} (skipped) skipped"
            report.skip(name, number, message, "on_skipped_span")
            return True
        if target in parsed.events or target[:1] in ("E", "R"):
            message = f"{what} on {target} (not a text-bound annotation) is not supported"
            report.skip(name, number, message + "; skipped", "unsupported")
            return True
        error = InputError(name, number, f"{what} refers to unknown annotation {target!r}")
        if not skip_bad:
            raise error
        report.skip(name, number, error.message + "; skipped", "bad_lines")
        return True

    for number, attr_name, target, _, value in parsed.attributes:
        if unsupported_target(number, target, f"attribute {attr_name}"):
            continue
        for span in parsed.spans[target]:
            _add_attribute(span.attributes, attr_name, value)
    for number, target, note in parsed.notes:
        if unsupported_target(number, target, "note"):
            continue
        for span in parsed.spans[target]:
            span.notes.append(NoteRecord(note))
    relations = []
    for number, rel_id, label, head, tail in parsed.relations:
        if unsupported_target(number, head, f"relation {rel_id}") or unsupported_target(
            number, tail, f"relation {rel_id}"
        ):
            continue
        relations.append(RelationRecord(head=head, tail=tail, label=label, id=rel_id))
    spans = [span for fragments in parsed.spans.values() for span in fragments]
    stem = ann_path.relative_to(base).with_suffix("").as_posix()
    return DocRecord(text=text, name=stem, spans=spans, relations=relations, line=None, source=name)


def _parse_line(
    line: str,
    number: int,
    name: str,
    text: str,
    parsed: _Parsed,
    reading: _Options,
    report: ImportReport,
) -> None:
    def fail(message: str) -> InputError:
        return InputError(name, number, message)

    ann_id, _, rest = line.partition("\t")
    kind = ann_id[:1]
    if kind == "T":
        _parse_text_bound(ann_id, rest, number, name, text, parsed, reading, report, fail)
    elif kind == "R":
        fields = rest.split("\t", 1)[0].split()
        if len(fields) != 3 or any(":" not in arg for arg in fields[1:]):
            raise fail(f"relation {ann_id}: expected 'Type Arg1:ID Arg2:ID', found {rest!r}")
        head = fields[1].split(":", 1)[1]
        tail = fields[2].split(":", 1)[1]
        parsed.relations.append((number, ann_id, fields[0], head, tail))
    elif kind in ("A", "M"):
        fields = rest.split("\t", 1)[0].split(None, 2)  # a value with spaces (DKPro) is kept
        if len(fields) not in (2, 3):
            raise fail(f"attribute {ann_id}: expected 'Name ID [Value]', found {rest!r}")
        value: Any = True
        if len(fields) == 3:
            value = int(fields[2]) if _INT_RE.fullmatch(fields[2]) else fields[2]
        parsed.attributes.append((number, fields[0], fields[1], ann_id, value))
    elif kind == "#":
        header, _, note = rest.partition("\t")
        fields = header.split()
        if len(fields) != 2:
            raise fail(f"note {ann_id}: expected 'AnnotatorNotes ID<TAB>text', found {rest!r}")
        if fields[0] != "AnnotatorNotes":
            report.skip(name, number, f"note type {fields[0]} ignored", "unsupported")
            return
        if note_problem(note, False):  # brat has no flag: an empty note says nothing
            report.warn(name, number, f"empty note {ann_id} skipped", "empty_notes")
            return
        parsed.notes.append((number, fields[1], note))
    elif kind == "E":
        parsed.events.add(ann_id)
        report.skip(name, number, f"event {ann_id} is not supported; skipped", "events_skipped")
    elif kind == "N":
        report.skip(name, number, f"normalisation {ann_id} ignored", "unsupported")
    elif kind == "*":
        report.skip(name, number, "equivalence relation (*) ignored", "unsupported")
    else:
        raise fail(f"unknown annotation line {line[:40]!r}")


def _parse_text_bound(
    ann_id: str,
    rest: str,
    number: int,
    name: str,
    text: str,
    parsed: _Parsed,
    reading: _Options,
    report: ImportReport,
    fail: Any,
) -> None:
    type_offsets, tab, given = rest.partition("\t")
    label, _, offsets = type_offsets.partition(" ")
    offsets = offsets.strip()
    if not label or not _OFFSETS_RE.fullmatch(offsets):
        raise fail(f"text-bound {ann_id}: expected 'Type start end[;start end]', found {rest!r}")
    if ann_id in parsed.spans or ann_id in parsed.refused:
        raise fail(f"duplicate id {ann_id}")
    fragments = []
    for piece in offsets.split(";"):
        start_text, end_text = piece.split()
        start, end = int(start_text), int(end_text)
        if problem := span_problem(text, start, end):
            raise fail(f"{ann_id}: {problem}")
        fragments.append((start, end))
    if tab:
        actual = " ".join(text[start:end] for start, end in fragments)
        if _flat(given) != _flat(actual):
            raise fail(
                f"{ann_id}: text {given!r} does not match the .txt at {offsets} ({actual!r})"
            )
    if len(fragments) > 1 and not reading.split_discontinuous:
        where = ";".join(f"{start}-{end}" for start, end in fragments)
        message = (
            f"discontinuous span {ann_id} ({where}): annotator keeps only continuous spans; "
            "use --split-discontinuous to import each fragment as its own span"
        )
        if not reading.skip_bad:
            raise fail(message)
        report.skip(name, number, message + "; span skipped", "discontinuous_skipped")
        parsed.refused.add(ann_id)
        return
    spans = []
    for index, (start, end) in enumerate(fragments):
        span_id = ann_id if index == 0 else f"{ann_id}-{index + 1}"
        spans.append(
            SpanRecord(start=start, end=end, label=label, id=span_id, text=text[start:end])
        )
    if len(fragments) > 1:
        message = f"discontinuous span {ann_id} ({offsets}) split into {len(fragments)} spans"
        report.warn(name, number, message, "discontinuous_split")
    parsed.spans[ann_id] = spans
    parsed.span_lines[ann_id] = number


_BREAKS_RE = re.compile(r"[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _flat(value: str) -> str:
    """``value`` with tabs and every line break ``str.splitlines`` knows made spaces."""
    return _BREAKS_RE.sub(" ", value)


def _add_attribute(attributes: dict[str, Any], key: str, value: Any) -> None:
    if key not in attributes:
        attributes[key] = value
    elif isinstance(attributes[key], list):
        attributes[key].append(value)
    else:
        attributes[key] = [attributes[key], value]


# =========================================================================== writing


@dataclass
class _Schema:
    entities: set[str] = field(default_factory=set)
    relations: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def write(
    docs: Iterable[DocRecord],
    out: str | os.PathLike[str],
    *,
    conf: bool = True,
    report: ImportReport | None = None,
) -> ImportReport:
    """Write ``<stem>.txt`` and ``<stem>.ann`` per document into the directory ``out``.

    The stem is the document's name (without ``.txt``), else its id, else ``doc<N>``, made
    file-safe and unique. ``conf`` adds ``annotation.conf`` listing the labels, relations and
    attributes written. Files are written to a temporary directory first and moved into
    ``out`` when every document is done; an error leaves ``out`` untouched.
    """
    report = report if report is not None else ImportReport()
    with Staging() as staging:
        folder = staging.directory(Path(out))
        folder.mkdir()
        schema = _Schema()
        used: set[str] = set()
        for index, doc in enumerate(docs):
            stem = unique_stem(doc, index, used, reserved=("annotation",))
            with open(folder / f"{stem}.txt", "w", encoding="utf-8", newline="") as stream:
                stream.write(doc.text)
            with open(folder / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as stream:
                stream.write(_ann_text(doc, schema, report))
            report.count("documents")
        if conf:
            (folder / "annotation.conf").write_text(_conf_text(schema), encoding="utf-8")
        staging.commit()
    return report


def _type_name(label: str, report: ImportReport, what: str) -> str:
    safe = _SPACE_RE.sub("_", label.strip())
    if safe != label:
        report.count(f"{what}_renamed")
    return safe


def _ann_text(doc: DocRecord, schema: _Schema, report: ImportReport) -> str:
    lines: list[str] = []
    where = doc.source or doc.name
    t_ids: dict[str, str] = {}
    n_attr = n_note = 0
    for number, span in enumerate(doc.spans, 1):
        t_id = f"T{number}"
        if span.id is not None:
            t_ids[span.id] = t_id
        label = _type_name(span.label, report, "labels")
        schema.entities.add(label)
        covered = _flat(doc.text[span.start : span.end])
        lines.append(f"{t_id}\t{label} {span.start} {span.end}\t{covered}")
        report.count("spans")
        for span_note in span.notes:
            if not _flat(span_note.text).strip():  # only a flag, which brat cannot hold
                report.count("flag_only_notes_left_out")
                continue
            n_note += 1
            lines.append(f"#{n_note}\tAnnotatorNotes {t_id}\t{_flat(span_note.text)}")
        for key, value in span.attributes.items():
            values = value if isinstance(value, list) else [value]
            if key == NOTE_KEY and all(isinstance(v, str) for v in values):
                for note in values:
                    n_note += 1
                    lines.append(f"#{n_note}\tAnnotatorNotes {t_id}\t{_flat(note)}")
                continue
            name = _type_name(key, report, "attribute_names")
            for item in values:
                if item is True:
                    n_attr += 1
                    lines.append(f"A{n_attr}\t{name} {t_id}")
                    schema.flags.add(name)
                elif item is False or item is None:
                    report.count("attribute_false_omitted")
                elif isinstance(item, str | int | float):
                    text = _SPACE_RE.sub("_", str(item).strip())
                    if text != str(item):
                        report.count("attribute_values_renamed")
                    if not text:
                        report.skip(
                            where, doc.line, f"empty value of {key} dropped", "attr_dropped"
                        )
                        continue
                    n_attr += 1
                    lines.append(f"A{n_attr}\t{name} {t_id} {text}")
                    schema.values[name].add(text)
                else:
                    message = f"attribute {key}={item!r} has no brat form; dropped"
                    report.skip(where, doc.line, message, "attr_dropped")
    for number, relation in enumerate(doc.relations, 1):
        head, tail = t_ids.get(relation.head), t_ids.get(relation.tail)
        if head is None or tail is None:
            message = f"relation {relation.label} names a span id that is not in the document"
            report.skip(where, doc.line, message + "; dropped", "relations_dropped")
            continue
        label = _type_name(relation.label, report, "relation_labels")
        schema.relations.add(label)
        lines.append(f"R{number}\t{label} Arg1:{head} Arg2:{tail}")
        report.count("relations")
    return "".join(line + "\n" for line in lines)


def _conf_text(schema: _Schema) -> str:
    lines = ["# written by annotator", "[entities]"]
    lines += sorted(schema.entities)
    lines += ["", "[relations]"]
    lines += [f"{label}\tArg1:<ENTITY>, Arg2:<ENTITY>" for label in sorted(schema.relations)]
    lines += ["", "[events]", "", "[attributes]"]
    for name in sorted(schema.flags | set(schema.values)):
        values = schema.values.get(name)
        if values:
            lines.append(f"{name}\tArg:<ENTITY>, Value:{'|'.join(sorted(values))}")
        else:
            lines.append(f"{name}\tArg:<ENTITY>")
    return "\n".join(lines) + "\n"
