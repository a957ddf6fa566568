"""WebAnno TSV 3.3, the interchange format of INCEpTION and WebAnno: one document per ``.tsv``.

A file declares its layers (``#T_SP=`` span, ``#T_RL=`` relation, ``#T_CH=`` chain layers with
their features), then gives each sentence as ``#Text=`` lines followed by one line per token
(``sentence-token``, ``begin-end``, the token, one column per feature) and sub-token
(``1-3.1``: a part of token 1-3 that an annotation starts or ends inside). Offsets count
UTF-16 code units (Java); they are converted to code points here (`text.offsets.OffsetMap`).

Reading: every span layer becomes spans whose label is its feature ``label`` (else ``value``,
else its first feature; the layer's short name when the value is empty) and whose other
features are attributes; every relation layer between span layers becomes relations (head =
source, tail = target). Chain layers and slot features are skipped and reported. The text is
rebuilt from the sentences as INCEpTION does; the tokens and sentences become
``DocRecord.tokens``.

Writing: one ``.tsv`` per document in a folder, layer ``webanno.custom.Span`` (feature
``label`` and one feature per attribute) and ``webanno.custom.Relation`` (feature ``label``),
the document's own tokens (``doc.tokens``) or ours. See docs/formats.md.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.files import Staging
from annotator.model import DocRecord, InputError, RelationRecord, SpanRecord, Tokenization
from annotator.text.offsets import OffsetMap, utf16_length

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Source,
    iter_lines,
    source_name,
    unique_stem,
)
from ._tags import own_tokens

FORMAT_NAME = "WebAnno TSV"
FORMAT_VERSION = "3.3"
SPAN_LAYER = "webanno.custom.Span"
RELATION_LAYER = "webanno.custom.Relation"
LABEL_FEATURE = "label"
LABEL_FEATURES = ("label", "value")
"""The feature a span or relation layer's label is read from, in order of preference (else
the layer's first feature)."""

_FORMAT_RE = re.compile(r"#FORMAT=(.*) (\d+)\.(\d+)")
_UNIT_RE = re.compile(r"(\d+)-(\d+)(?:\.(\d+))?")
_OFFSETS_RE = re.compile(r"(\d+)-(\d+)")
_REF_RE = re.compile(r"(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?")
_SUFFIX_RE = re.compile(r"\[(\d+)\]$")
_SLOTLESS_RE = re.compile(r"\*(?:\[\d+\])?")  # a slot target column of a span without slots
_INT_RE = re.compile(r"-?(?:0|[1-9]\d*)")
_FEATURE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Reserved characters of feature values, escaped with a backslash (``->`` as one unit).
_VALUE_ESCAPES = {
    "\\": "\\\\",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "_": "\\_",
    "->": "\\->",
    ";": "\\;",
    "\t": "\\t",
    "\n": "\\n",
    "*": "\\*",
}
_VALUE_UNESCAPES = {escaped: raw for raw, escaped in _VALUE_ESCAPES.items()}
_ESCAPE_VALUE_RE = re.compile(r"->|[\\\[\]|_;\t\n*]")
_UNESCAPE_VALUE_RE = re.compile(r"\\(?:->|[\\\[\]|_;tn*])")

# ``#Text=`` lines: control characters are escaped (TAB, LF, FF, CR, BS by name, the others
# other than 0x0b as a backslash before the raw character), and the backslash itself.
_TEXT_ESCAPES = {chr(code): "\\" + chr(code) for code in range(32) if not 7 < code < 14}
_TEXT_ESCAPES |= {"\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\b": "\\b", "\\": "\\\\"}
_TEXT_UNESCAPES = {escaped: raw for raw, escaped in _TEXT_ESCAPES.items()}
_ESCAPE_TEXT_RE = re.compile("[" + re.escape("".join(_TEXT_ESCAPES)) + "]")
_UNESCAPE_TEXT_RE = re.compile(
    "|".join(re.escape(escaped) for escaped in sorted(_TEXT_UNESCAPES, key=len, reverse=True))
)


def escape_value(value: str) -> str:
    """A feature value with the reserved characters ``\\ [ ] | _ -> ; * TAB LF`` escaped."""
    return _ESCAPE_VALUE_RE.sub(lambda m: _VALUE_ESCAPES[m.group()], value)


def unescape_value(value: str) -> str:
    """The inverse of `escape_value` (a backslash before anything else stays)."""
    return _UNESCAPE_VALUE_RE.sub(lambda m: _VALUE_UNESCAPES[m.group()], value)


def escape_text(text: str) -> str:
    """One line of sentence text as a ``#Text=`` line holds it."""
    return _ESCAPE_TEXT_RE.sub(lambda m: _TEXT_ESCAPES[m.group()], text)


def unescape_text(text: str) -> str:
    """The inverse of `escape_text`."""
    return _UNESCAPE_TEXT_RE.sub(lambda m: _TEXT_UNESCAPES[m.group()], text)


# =========================================================================== reading


@dataclass
class _Column:
    """One feature column: ``kind`` is "feature", "placeholder" (a layer without features),
    "ref" (a relation's source), "slot_role", "slot_target" or "chain". Slot columns only
    say where their span is (their values are skipped), as placeholders do."""

    layer: str
    kind: str
    feature: str = ""


@dataclass
class _Layer:
    """A layer declared in the header."""

    name: str
    kind: str  # "span", "relation", "chain"
    line: int
    columns: list[int] = field(default_factory=list)
    label_feature: str | None = None
    attach: str | None = None  # a relation layer's base (span) layer

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass
class _Annotation:
    """A span or relation as read, offsets in UTF-16 code units until converted."""

    layer: str
    begin: int
    end: int
    line: int
    values: dict[str, str | None] = field(default_factory=dict)
    ref: tuple[str, int, int] | None = None  # relations: source unit, source id, target id
    unit: str = ""  # relations: the unit (target) it is written on


@dataclass
class _Unit:
    """A token or sub-token line."""

    begin: int
    end: int
    line: int
    text: str


class _Document:
    """The state of reading one file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.layers: dict[str, _Layer] = {}
        self.columns: list[_Column] = []
        self.pieces: list[str] = []
        self.length = 0  # UTF-16 length of the pieces
        self.pending_break = False  # the line break INCEpTION puts after each sentence
        self.sentence: list[str] | None = None  # text lines of the sentence being read
        self.sentence_end = 0
        self.sentences: list[list[str]] = []  # token unit ids per sentence
        self.units: dict[str, _Unit] = {}
        self.token: str | None = None  # the last token's unit id
        self.stacks: dict[tuple[str, str], list[_Annotation]] = {}  # (unit, layer) -> spans
        self.relation_stacks: dict[tuple[str, str], list[_Annotation]] = {}
        self.by_id: dict[int, _Annotation] = {}
        self.spans: list[_Annotation] = []
        self.relations: list[_Annotation] = []

    def fail(self, line: int | None, message: str) -> InputError:
        return InputError(self.name, line, message)


def read(
    source: Source,
    *,
    path: str | None = None,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read WebAnno TSV 3.x documents: a folder (every ``*.tsv`` in it, recursively, sorted;
    each named by its path relative to the folder without ``.tsv``), one file, or an
    iterable of lines (one document).

    Bad input raises `InputError` naming the file and line; with ``skip_bad`` the document is
    left out and reported (``bad_docs``). The report counts documents, sentences, tokens,
    spans and relations, and lists the layers and features it skipped.
    """
    report = report if report is not None else ImportReport()
    if isinstance(source, str | os.PathLike) and Path(source).is_dir():
        root = Path(source)
        files = sorted(
            p
            for p in root.rglob("*")
            if p.suffix.lower() == ".tsv"
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        inputs: list[tuple[Source, str, str]] = [
            (p, str(p), p.relative_to(root).with_suffix("").as_posix()) for p in files
        ]
    elif isinstance(source, str | os.PathLike):
        inputs = [(source, str(source), Path(source).stem)]
    else:
        name = source_name(source, path)
        inputs = [(source, name, Path(name).stem)]
    for lines, where, doc_name in inputs:
        try:
            doc = _read_document(iter_lines(lines, where, encoding), where, doc_name, report)
        except InputError as error:
            if not skip_bad:
                raise
            report.skip(error.path, error.line, f"{error.message}; document skipped", "bad_docs")
            continue
        report.count("documents")
        report.count("sentences", len(doc.tokens.sentence_starts) if doc.tokens else 0)
        report.count("tokens", len(doc.tokens) if doc.tokens else 0)
        report.count("spans", len(doc.spans))
        report.count("relations", len(doc.relations))
        yield doc


def _read_document(
    lines: Iterator[tuple[int, str]], name: str, doc_name: str, report: ImportReport
) -> DocRecord:
    state = _Document(name)
    header_done = False
    format_seen = False
    notices: list[tuple[int | None, str, str]] = []
    for number, line in lines:
        if not format_seen:
            if not line.strip():
                continue
            _read_format(state, number, line)
            format_seen = True
            continue
        if not header_done:
            if line.startswith(("#T_SP=", "#T_RL=", "#T_CH=")):
                _read_layer(state, number, line)
                continue
            header_done = True
            _finish_header(state, notices)
        _read_body_line(state, number, line)
    if not format_seen:
        raise state.fail(None, "empty file: no #FORMAT=WebAnno TSV 3.3 line")
    if not header_done:
        _finish_header(state, notices)
    for at, message, kind in notices:
        report.skip(name, at, message, kind)
    return _finish(state, doc_name, report)


def _read_format(state: _Document, number: int, line: str) -> None:
    match = _FORMAT_RE.fullmatch(line)
    if match is None or match.group(1) != FORMAT_NAME:
        raise state.fail(number, "not a WebAnno TSV file: expected '#FORMAT=WebAnno TSV 3.3'")
    major, minor = int(match.group(2)), int(match.group(3))
    if major != 3 or minor < 2:
        raise state.fail(number, f"WebAnno TSV {major}.{minor} is not supported (only 3.2 and 3.3)")


def _read_layer(state: _Document, number: int, line: str) -> None:
    kind = {"#T_SP=": "span", "#T_RL=": "relation", "#T_CH=": "chain"}[line[:6]]
    fields = [item for item in line[6:].split("|") if item]
    if not fields:
        raise state.fail(number, "layer declaration without a layer name")
    layer = _Layer(fields[0], kind, number)
    if layer.name in state.layers:
        raise state.fail(number, f"layer {layer.name} declared twice")
    state.layers[layer.name] = layer
    declared = fields[1:]
    for index, decl in enumerate(declared):
        if kind == "chain":
            column = _Column(layer.name, "chain", decl)
        elif kind == "relation" and decl.startswith("BT_"):
            column = _Column(layer.name, "ref", decl[3:])
            layer.attach = decl[3:]
        elif kind == "span" and decl.startswith("ROLE_"):
            column = _Column(layer.name, "slot_role", decl)
        elif kind == "span" and index > 0 and declared[index - 1].startswith("ROLE_"):
            column = _Column(layer.name, "slot_target", decl)
        elif _FEATURE_NAME_RE.fullmatch(decl):
            column = _Column(layer.name, "feature", decl)
        else:
            raise state.fail(number, f"layer {layer.name}: {decl!r} is not a feature name")
        layer.columns.append(len(state.columns))
        state.columns.append(column)
    if not declared:
        layer.columns.append(len(state.columns))
        state.columns.append(_Column(layer.name, "placeholder"))
    if kind == "relation" and layer.attach is None:
        raise state.fail(number, f"relation layer {layer.name} has no BT_ (base type) column")
    features = [
        state.columns[i].feature for i in layer.columns if state.columns[i].kind == "feature"
    ]
    layer.label_feature = next((f for f in LABEL_FEATURES if f in features), None) or (
        features[0] if features else None
    )


def _finish_header(state: _Document, notices: list[tuple[int | None, str, str]]) -> None:
    """Note what is skipped: chain layers, slot features, relation layers whose base is not a
    span layer of the file, relation features other than the label."""
    for layer in state.layers.values():
        if layer.kind == "chain":
            notices.append((layer.line, f"chain layer {layer.name} skipped", "layers_skipped"))
        elif layer.kind == "relation" and (
            layer.attach not in state.layers or state.layers[layer.attach].kind != "span"
        ):
            message = (
                f"relation layer {layer.name} skipped: its base {layer.attach} is not a span "
                "layer of the file"
            )
            notices.append((layer.line, message, "layers_skipped"))
        slots = [i for i in layer.columns if state.columns[i].kind == "slot_role"]
        if slots:
            message = f"slot features of layer {layer.name} skipped (the spans are kept)"
            notices.append((layer.line, message, "features_skipped"))
        if layer.kind == "relation":
            extra = [
                state.columns[i].feature
                for i in layer.columns
                if state.columns[i].kind == "feature"
                and state.columns[i].feature != layer.label_feature
            ]
            if extra:
                message = (
                    f"features {', '.join(extra)} of relation layer {layer.name} skipped "
                    "(relations carry a label only)"
                )
                notices.append((layer.line, message, "features_skipped"))


def _read_body_line(state: _Document, number: int, line: str) -> None:
    if not line:
        if state.sentence:
            raise state.fail(number, "#Text= lines without token lines")
        state.sentence = None
        state.token = None
        return
    if line.startswith("#"):
        if state.sentence is None:  # a new sentence (the blank line before may be missing)
            state.sentence = []
            state.token = None
        if line.startswith("#Text="):
            state.sentence.append(unescape_text(line[6:]))
        return  # #Sentence.id= and other header lines are not kept
    fields = line.split("\t")
    width = len(state.columns) + 3
    if len(fields) < width:
        raise state.fail(
            number,
            f"expected {width} tab-separated fields (id, offsets, token and "
            f"{len(state.columns)} columns), found {len(fields)}",
        )
    unit_id, offsets = fields[0], _OFFSETS_RE.fullmatch(fields[1])
    unit_match = _UNIT_RE.fullmatch(unit_id)
    if unit_match is None:
        raise state.fail(number, f"{unit_id!r} is not a token id like 1-2 or 1-2.1")
    if offsets is None:
        raise state.fail(number, f"{fields[1]!r} is not begin-end offsets")
    begin, end = int(offsets.group(1)), int(offsets.group(2))
    if unit_id in state.units:
        raise state.fail(number, f"token id {unit_id} appears twice")
    if unit_match.group(3) is None:
        _start_token(state, number, unit_id, begin, end)
    else:
        token_id = f"{unit_match.group(1)}-{unit_match.group(2)}"
        if state.token != token_id or state.sentence is not None:
            raise state.fail(number, f"sub-token {unit_id} does not follow token {token_id}")
        token = state.units[token_id]
        if not token.begin <= begin <= end <= token.end:
            raise state.fail(
                number,
                f"sub-token {unit_id} ({begin}-{end}) is not inside its token "
                f"({token.begin}-{token.end})",
            )
    state.units[unit_id] = _Unit(begin, end, number, fields[2])
    for index, column in enumerate(state.columns):
        raw = fields[index + 3]
        if raw != "_" and column.kind != "chain":
            _read_column(state, number, unit_id, column, raw)


def _start_token(state: _Document, number: int, unit_id: str, begin: int, end: int) -> None:
    if state.sentence is not None:  # the first token of a sentence: place the sentence's text
        if not state.sentence:
            raise state.fail(number, "a sentence without #Text= lines")
        if state.pending_break and begin == state.length - 1:
            state.pending_break = False
            state.length -= 1
        elif begin < state.length:
            raise state.fail(
                number,
                f"token {unit_id} starts at {begin}, inside the text before it "
                f"(which ends at {state.length - int(state.pending_break)})",
            )
        if state.pending_break:
            state.pieces.append("\n")
            state.pending_break = False
        state.pieces.append(" " * (begin - state.length))
        text = "\n".join(state.sentence)
        state.pieces.append(text)
        state.length = begin + utf16_length(text)
        state.sentence_end = state.length
        state.length += 1
        state.pending_break = True
        state.sentences.append([])
        state.sentence = None
        previous_end = begin
    elif state.token is None:
        raise state.fail(number, "a token line without a #Text= line before it")
    else:
        previous_end = state.units[state.token].end
    if not previous_end <= begin < end <= state.sentence_end:
        if begin >= end:
            problem = "is empty"
        elif begin < previous_end:
            problem = "overlaps the token before"
        else:
            problem = f"ends after its sentence (at {state.sentence_end})"
        raise state.fail(number, f"token {unit_id} ({begin}-{end}) {problem}")
    state.sentences[-1].append(unit_id)
    state.token = unit_id


def _split_stack(raw: str) -> list[str]:
    """``A[1]|B[2]`` -> ``["A[1]", "B[2]"]``: split at ``|`` not escaped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            current.append(char)
            current.append(next(chars, ""))
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _escaped_at(value: str, index: int) -> bool:
    """Whether ``value[index]`` is escaped (an odd number of backslashes before it)."""
    count = 0
    while index - count - 1 >= 0 and value[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _read_column(state: _Document, number: int, unit_id: str, column: _Column, raw: str) -> None:
    layer = state.layers[column.layer]
    unit = (unit_id, layer.name)
    for index, item in enumerate(_split_stack(raw)):
        if layer.kind == "relation":
            stack = state.relation_stacks.setdefault(unit, [])
            if index < len(stack):
                relation = stack[index]
            else:
                relation = _Annotation(layer.name, -1, -1, number, unit=unit_id)
                stack.append(relation)
                state.relations.append(relation)
            if column.kind == "ref":
                match = _REF_RE.fullmatch(item)
                if match is None:
                    raise state.fail(
                        number, f"{item!r} is not a relation source like 1-2 or 1-2[3_0]"
                    )
                source_id, target_id = match.group(2), match.group(3)
                relation.ref = (
                    match.group(1),
                    int(source_id) if source_id else 0,
                    int(target_id) if target_id else 0,
                )
            elif column.kind == "feature":
                relation.values[column.feature] = None if item == "*" else unescape_value(item)
            continue
        if column.kind == "slot_target" and not _SLOTLESS_RE.fullmatch(item):
            continue  # slot targets: unit ids with their own disambiguation ids
        value, disambiguation = item, 0
        suffix = _SUFFIX_RE.search(item)
        if suffix is not None and not _escaped_at(item, suffix.start()):
            value, disambiguation = item[: suffix.start()], int(suffix.group(1))
        stack = state.stacks.setdefault(unit, [])
        current = state.units[unit_id]
        if index < len(stack):
            span = stack[index]
        elif disambiguation and disambiguation in state.by_id:
            span = state.by_id[disambiguation]  # a span continued from an earlier unit
            if span in stack:
                raise state.fail(number, f"disambiguation id [{disambiguation}] used twice")
            if span.layer != layer.name:
                raise state.fail(
                    number,
                    f"[{disambiguation}] names a {span.layer} annotation, not a {layer.name} one",
                )
            stack.append(span)
            span.end = current.end
        else:
            span = _Annotation(layer.name, current.begin, current.end, number)
            stack.append(span)
            state.spans.append(span)
        if disambiguation:
            known = state.by_id.setdefault(disambiguation, span)
            if known is not span:
                raise state.fail(number, f"disambiguation id [{disambiguation}] used twice")
        if column.kind == "feature":
            span.values[column.feature] = None if value == "*" else unescape_value(value)


def _finish(state: _Document, doc_name: str, report: ImportReport) -> DocRecord:
    if not state.sentences:
        raise state.fail(None, "no sentences (no #Text= lines with tokens)")
    text = "".join(state.pieces)
    offset = OffsetMap(text).to_cp_exact

    def converted(begin: int, end: int, line: int, what: str) -> tuple[int, int]:
        start, stop = offset(begin), offset(end)
        if start is None or stop is None:
            raise state.fail(
                line,
                f"{what} offsets {begin}-{end} fall inside a character (UTF-16 surrogate pair)",
            )
        return start, stop

    sentences: list[list[tuple[int, int]]] = []
    for unit_ids in state.sentences:
        sentences.append([])
        for unit_id in unit_ids:
            unit = state.units[unit_id]
            sentences[-1].append(converted(unit.begin, unit.end, unit.line, "token"))
    for unit_id, unit in state.units.items():
        start, stop = converted(unit.begin, unit.end, unit.line, "token")
        piece = text[start:stop]
        if unit.text != piece and unit.text != re.sub(r"[\t\n\r]", " ", piece):
            raise state.fail(
                unit.line,
                f"token {unit_id} is {unit.text!r} but the sentence text at "
                f"{unit.begin}-{unit.end} (UTF-16 code units) is {piece!r}",
            )

    spans: list[SpanRecord] = []
    ids: dict[int, str] = {}
    for annotation in state.spans:
        start, stop = converted(annotation.begin, annotation.end, annotation.line, "span")
        if start >= stop:
            message = f"a zero-width {annotation.layer} annotation at {start} is skipped"
            report.skip(state.name, annotation.line, message, "spans_zero_width")
            continue
        layer = state.layers[annotation.layer]
        label = annotation.values.get(layer.label_feature) if layer.label_feature else None
        if not label:
            label = layer.short_name
            report.count("labels_from_layer")
        attributes = {
            feature: _typed(value)
            for feature, value in annotation.values.items()
            if feature != layer.label_feature and value is not None
        }
        span_id = f"s{len(spans) + 1}"
        ids[id(annotation)] = span_id
        spans.append(SpanRecord(start, stop, label, span_id, None, attributes, text[start:stop]))

    relations: list[RelationRecord] = []
    for relation in state.relations:
        layer = state.layers[relation.layer]
        base = state.layers.get(layer.attach or "")
        if base is None or base.kind != "span":
            continue
        if relation.ref is None:
            raise state.fail(relation.line, f"a {layer.name} relation without its source column")
        source_unit, source_id, target_id = relation.ref
        if source_unit not in state.units:
            raise state.fail(relation.line, f"relation source {source_unit} is not a token id")
        source = _resolve(state, base.name, source_unit, source_id, relation.line)
        target = _resolve(state, base.name, relation.unit, target_id, relation.line)
        head, tail = ids.get(id(source)), ids.get(id(target))
        if head is None or tail is None:
            message = f"a {layer.name} relation to a skipped (zero-width) annotation is skipped"
            report.skip(state.name, relation.line, message, "relations_skipped")
            continue
        label = relation.values.get(layer.label_feature) if layer.label_feature else None
        relations.append(
            RelationRecord(head, tail, label or layer.short_name, f"r{len(relations) + 1}")
        )

    listed = str(report.info.get("labels_from", ""))
    for layer in state.layers.values():
        origin = f"{layer.name}.{layer.label_feature or '(layer name)'}"
        if layer.kind == "span" and origin not in listed.split(", "):
            listed = f"{listed}, {origin}" if listed else origin
    if listed:
        report.info["labels_from"] = listed
    return DocRecord(
        text=text,
        name=doc_name,
        spans=spans,
        relations=relations,
        line=1,
        source=state.name,
        tokens=Tokenization.from_sentences(sentences),
    )


def _resolve(
    state: _Document, layer: str, unit_id: str, disambiguation: int, line: int
) -> _Annotation:
    """The annotation of `layer` a relation end names: by its disambiguation id, else the
    first one on the unit."""
    if disambiguation > 0:
        found = state.by_id.get(disambiguation)
        if found is None or found.layer != layer:
            raise state.fail(line, f"no {layer} annotation with disambiguation id {disambiguation}")
        return found
    stack = state.stacks.get((unit_id, layer))
    if not stack:
        raise state.fail(line, f"a relation names {unit_id}, which has no {layer} annotation")
    return stack[0]


def _typed(value: str) -> Any:
    """An attribute value: ``true``/``false`` as booleans, integers as int, else the string."""
    if value in ("true", "false"):
        return value == "true"
    if _INT_RE.fullmatch(value):
        return int(value)
    return value


# =========================================================================== writing


def write(
    docs: Iterable[DocRecord],
    out: str | os.PathLike[str],
    *,
    report: ImportReport | None = None,
) -> ImportReport:
    """Write ``<stem>.tsv`` per document into the folder ``out`` (staged; an error leaves
    ``out`` as it was). The stem is the document's name (without ``.txt``), else its id, else
    ``doc<N>``, made file-safe and unique."""
    report = report if report is not None else ImportReport()
    with Staging() as staging:
        folder = staging.directory(Path(out))
        folder.mkdir()
        used: set[str] = set()
        for index, doc in enumerate(docs):
            stem = unique_stem(doc, index, used)
            with open(folder / f"{stem}.tsv", "w", encoding="utf-8", newline="\n") as stream:
                stream.write(document_text(doc, report))
            report.count("documents")
        staging.commit()
    return report


def default_tokens(text: str) -> Tokenization:
    """Our tokens and sentences for `text`, as the CoNLL writer makes them (`_tags`)."""
    return Tokenization(*own_tokens(text))


@dataclass
class _Token:
    """A token of the output with its sub-tokens, in the order they were made."""

    sentence: int
    position: int
    start: int
    end: int
    subtokens: list[tuple[int, int]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.sentence}-{self.position}"

    def unit(self, start: int, end: int) -> str:
        """The id of the sub-token ``start``-``end`` (made if new), or of the token itself."""
        if (start, end) == (self.start, self.end):
            return self.id
        if (start, end) not in self.subtokens:
            self.subtokens.append((start, end))
        return f"{self.id}.{self.subtokens.index((start, end)) + 1}"


def document_text(doc: DocRecord, report: ImportReport | None = None) -> str:
    """One document as a WebAnno TSV 3.3 file."""
    report = report if report is not None else ImportReport()
    text = doc.text
    tokenization = doc.tokens if doc.tokens is not None else default_tokens(text)
    starts, ends = tokenization.starts, tokenization.ends
    where = doc.source or doc.name or (str(doc.id) if doc.id is not None else "document")
    bounds = list(tokenization.sentence_starts) + [len(starts)]
    tokens: list[_Token] = []
    for number, (first, last) in enumerate(zip(bounds, bounds[1:], strict=False), 1):
        for position, index in enumerate(range(first, last), 1):
            tokens.append(_Token(number, position, starts[index], ends[index]))
    if not starts:
        report.warn(where, doc.line, "no tokens: the file has no sentences", "documents_empty")
    elif text[: starts[0]].strip(" "):
        report.warn(
            where,
            doc.line,
            "text before the first token is written as spaces (WebAnno TSV has no place for it)",
            "leading_text_replaced",
        )

    # Spans on units, in INCEpTION's order (start, longer first); stacked and multi-token
    # spans get disambiguation ids as INCEpTION gives them.
    units: dict[str, dict[str, list[int]]] = {}  # unit id -> layer -> span indices
    defining: dict[int, str] = {}  # span index -> the unit that names it
    numbers: dict[int, int] = {}  # span index -> disambiguation id
    order = sorted(range(len(doc.spans)), key=lambda i: (doc.spans[i].start, -doc.spans[i].end))
    for index in order:
        placed = _place(doc.spans[index], text, starts, ends, tokens, report, where, doc.line)
        if placed is None:
            continue
        ordered_units, single = placed
        defining[index] = ordered_units[0]
        for unit in ordered_units:
            stack = units.setdefault(unit, {}).setdefault(SPAN_LAYER, [])
            if index in stack:
                continue
            stack.append(index)
            if len(stack) > 1:
                for other in stack:
                    numbers.setdefault(other, len(numbers) + 1)
        if not single:
            numbers.setdefault(index, len(numbers) + 1)

    span_index = {span.id: index for index, span in enumerate(doc.spans) if span.id is not None}
    relations: list[tuple[RelationRecord, int, int]] = []
    for relation in doc.relations:
        head, tail = span_index.get(relation.head), span_index.get(relation.tail)
        if head is None or tail is None or head not in defining or tail not in defining:
            report.skip(
                where,
                doc.line,
                f"relation {relation.id or ''} has an end that is not written; skipped",
                "relations_dropped",
            )
            continue
        relations.append((relation, head, tail))
    relations.sort(key=lambda item: (doc.spans[item[2]].start, -doc.spans[item[2]].end))
    relation_units: dict[str, list[int]] = {}
    for position, (_, _, tail) in enumerate(relations):
        relation_units.setdefault(defining[tail], []).append(position)

    features = _attribute_features(doc, defining, report, where)
    lines = [f"#FORMAT={FORMAT_NAME} {FORMAT_VERSION}"]
    if defining:
        lines.append("#T_SP=" + "|".join([SPAN_LAYER, LABEL_FEATURE, *features]))
    if relations:
        lines.append(f"#T_RL={RELATION_LAYER}|{LABEL_FEATURE}|BT_{SPAN_LAYER}")
    lines.append("")
    utf16 = OffsetMap(text).to_utf16

    def span_values(unit: str) -> list[str]:
        stack = units.get(unit, {}).get(SPAN_LAYER)
        if not stack:
            return ["_"] * (1 + len(features))
        values = []
        for feature in (None, *features):
            items = []
            for index in stack:
                span = doc.spans[index]
                value = span.label if feature is None else span.attributes.get(feature)
                item = escape_value(_value_text(value)) if _writable(value) else "*"
                if index in numbers:
                    item += f"[{numbers[index]}]"
                items.append(item)
            values.append("|".join(items))
        return values

    def relation_values(unit: str) -> list[str]:
        stack = relation_units.get(unit)
        if not stack:
            return ["_", "_"]
        labels, refs = [], []
        for position in stack:
            relation, head, tail = relations[position]
            labels.append(escape_value(relation.label))
            ref = defining[head]
            if head in numbers or tail in numbers:
                ref += f"[{numbers.get(head, 0)}_{numbers.get(tail, 0)}]"
            refs.append(ref)
        return ["|".join(labels), "|".join(refs)]

    def unit_line(unit: str, start: int, end: int) -> str:
        fields = [unit, f"{utf16(start)}-{utf16(end)}", re.sub(r"[\t\n\r]", " ", text[start:end])]
        if defining:
            fields += span_values(unit)
        if relations:
            fields += relation_values(unit)
        return "\t".join(fields) + "\t"

    position = 0
    for first, last in zip(bounds, bounds[1:], strict=False):
        sentence_end = _sentence_end(text, starts, ends, first, last)
        lines.append("")
        lines += [
            "#Text=" + escape_text(part) for part in text[starts[first] : sentence_end].split("\n")
        ]
        for token in tokens[position : position + last - first]:
            lines.append(unit_line(token.id, token.start, token.end))
            for sub, (start, end) in enumerate(token.subtokens, 1):
                lines.append(unit_line(f"{token.id}.{sub}", start, end))
        position += last - first
    report.count("sentences", len(bounds) - 1)
    report.count("tokens", len(tokens))
    report.count("subtokens", sum(len(token.subtokens) for token in tokens))
    report.count("spans", len(defining))
    report.count("relations", len(relations))
    return "\n".join(lines) + "\n"


def _sentence_end(text: str, starts: list[int], ends: list[int], first: int, last: int) -> int:
    """Where the text of the sentence of tokens ``first`` .. ``last - 1`` ends: at its last
    token when reading rebuilds what follows (nothing, or a line break and spaces before the
    next sentence), else where the next sentence (or the text) begins, so the text between
    sentences is kept exactly."""
    natural = ends[last - 1]
    following = starts[last] if last < len(starts) else len(text)
    gap = text[natural:following]
    if not gap or (last < len(starts) and gap[0] == "\n" and not gap[1:].strip(" ")):
        return natural
    return following


def _place(
    span: SpanRecord,
    text: str,
    starts: list[int],
    ends: list[int],
    tokens: list[_Token],
    report: ImportReport,
    where: str,
    line: int | None,
) -> tuple[list[str], bool] | None:
    """The units ``span`` is written on (the one that names it first) and whether it lies in
    one token; None when it covers no token (reported). A span starting or ending between
    tokens is moved to the token boundaries there (reported), as INCEpTION does."""
    start, end = span.start, span.end
    first = bisect_right(starts, start) - 1
    if first < 0 or ends[first] <= start:
        first += 1  # the span starts between tokens: at the next one
    last = bisect_left(ends, end)
    if last >= len(starts) or starts[last] >= end:
        last -= 1  # the span ends between tokens: at the one before
    if first >= len(starts) or last < 0 or first > last:
        report.skip(
            where,
            line,
            f"span {span.id or ''} {start}-{end} ({span.label}) covers no token; skipped",
            "spans_dropped",
        )
        return None
    if start < starts[first] or end > ends[last]:
        report.count("spans_moved_to_tokens")
        start, end = max(start, starts[first]), min(end, ends[last])
    begin_token, end_token = tokens[first], tokens[last]
    single = first == last
    units: list[str] = []
    if start == begin_token.start and end == end_token.end:
        units += [begin_token.id, end_token.id]
    else:
        if begin_token.start < start:
            units.append(begin_token.unit(start, min(begin_token.end, end)))
        elif begin_token.end <= end:
            units.append(begin_token.id)
        if end_token.end > end:
            units.append(end_token.unit(max(end_token.start, start), end))
        elif not single:
            units.append(end_token.id)
    units += [token.id for token in tokens[first + 1 : last]]
    unique = list(dict.fromkeys(units))
    return unique, single


def _writable(value: Any) -> bool:
    """Whether an attribute value is written as a feature value (a string, int or bool)."""
    return isinstance(value, str | int)


def _value_text(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _attribute_features(
    doc: DocRecord, written: dict[int, str], report: ImportReport, where: str
) -> list[str]:
    """The attribute names written as features (sorted): those whose values are strings,
    integers or booleans and whose names are feature names other than ``label``. The other
    values are dropped and counted (``attributes_dropped``)."""
    names: set[str] = set()
    for index in written:
        span = doc.spans[index]
        for name, value in list(span.attributes.items()):
            if value is None:
                continue
            if _writable(value) and _FEATURE_NAME_RE.fullmatch(name) and name != LABEL_FEATURE:
                names.add(name)
                continue
            report.skip(
                where,
                doc.line,
                f"attribute {name}={value!r} of span {span.id or ''} is not "
                "written (WebAnno TSV features hold strings, integers and booleans)",
                "attributes_dropped",
            )
    return sorted(names)
