"""Native JSONL: one document per line, everything the model holds, code-point offsets.

``{"id", "name", "text", "meta", "spans": [{"id", "start", "end", "label", "text",
"annotator", "attributes", "suggested_by"?}], "relations": [{"id", "head", "tail", "label",
"annotator"}], "doc_labels"?: {attribute: value}}``; a span's ``suggested_by`` (an accepted
suggestion's recommender and score) only when it has one; ``doc_labels`` (the document labels
of the annotator whose spans these are) only when there are some. Notes: a span's ``note``
(``{"text", "author", "at", "needs_review"}``, a list of them when several people wrote one)
and the document's ``notes`` (a list), only when there are some (`model.NoteRecord`).
Exported with a transliteration (``translit``, `annotator.camel.translit`): the document's
``translit_scheme`` (``bw``, ``safebw`` or ``hsb``) and ``text_translit``, its text in Latin
letters, as long as ``text`` (one character per character: every span's offsets hold in it),
and each span's ``text_translit``; reading ignores them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import msgspec

from annotator.camel.translit import check_scheme, transliterate, transliterate_pieces
from annotator.errors import SchemaError
from annotator.model import (
    DocRecord,
    InputError,
    NoteRecord,
    PlacedNote,
    RelationRecord,
    SpanRecord,
    Tokenization,
    notes_from_json,
    notes_to_json,
)
from annotator.rules import note_problem, span_problem, tokenization_problem

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Sink,
    Source,
    lone_surrogate,
    open_output,
    read_json_lines,
    suggestion_score,
    surrogate_message,
)
from ._json import EMPTY_OBJECT, Raw, json_line, raw_json, stored_json

DOC_KEYS = frozenset(
    {"id", "name", "text", "meta", "spans", "relations", "tokens", "doc_labels", "notes"}
    | {"translit_scheme", "text_translit"}  # derived from the text: read, and ignored
)
SPAN_KEYS = frozenset(
    {"id", "start", "end", "label", "text", "annotator", "attributes", "suggested_by", "note"}
    | {"text_translit"}
)
RELATION_KEYS = frozenset({"id", "head", "tail", "label", "annotator"})
_TOKEN_KEYS = frozenset({"offsets", "sentences", "scheme"})


class SpanLine(msgspec.Struct, gc=False, omit_defaults=True):
    """A span as a native JSONL line holds it (`attributes`, `suggested_by`: JSON,
    `_json.raw_json`); `suggested_by` only when it has one."""

    id: str | None
    start: int
    end: int
    label: str
    text: str
    annotator: str | None
    attributes: msgspec.Raw
    suggested_by: msgspec.Raw | None = None
    note: Any = None  # a note object, or a list of them
    text_translit: str | None = None  # exported with a transliteration


class RelationLine(msgspec.Struct, gc=False):
    """A relation as a native JSONL line holds it."""

    id: str | None
    head: str
    tail: str
    label: str
    annotator: str | None


class TokensLine(msgspec.Struct, gc=False):
    """A document's own tokens as a native JSONL line holds them: ``offsets`` ``[start, end]``
    per token, ``sentences`` the token index where each sentence begins."""

    offsets: list[tuple[int, int]]
    sentences: list[int]
    scheme: str | None = None


class DocLine(msgspec.Struct, gc=False, omit_defaults=True):
    """A document as a native JSONL line holds it (`meta`: JSON, `_json.raw_json`); `tokens`
    only when it has its own, `doc_labels` only when it has some."""

    id: str | None
    name: str
    text: str
    meta: msgspec.Raw
    spans: list[SpanLine]
    relations: list[RelationLine]
    tokens: TokensLine | None = None
    doc_labels: dict[str, Any] | None = None
    notes: list[dict[str, Any]] | None = None
    translit_scheme: str | None = None  # exported with a transliteration
    text_translit: str | None = None


def span_note(notes: list[dict[str, Any]]) -> Any:
    """A span's ``note``: its one note, a list when there are several, None for none."""
    if not notes:
        return None
    return notes[0] if len(notes) == 1 else notes


def tokens_line(tokens: Tokenization | None) -> TokensLine | None:
    """How a native JSONL line writes a document's own tokens (None: it has none)."""
    if tokens is None:
        return None
    offsets = list(zip(tokens.starts, tokens.ends, strict=True))
    return TokensLine(offsets, tokens.sentence_starts, tokens.scheme)


def doc_line(doc: DocRecord, translit: str | None = None) -> bytes:
    """The native JSONL line of ``doc`` (UTF-8, with its line feed); span texts are taken
    from the document text. `translit`: a transliteration scheme to add (see above)."""
    text = doc.text
    return _with_translit(
        DocLine(
            doc.id,
            doc.name,
            text,
            raw_json(doc.meta),
            [
                SpanLine(
                    span.id,
                    span.start,
                    span.end,
                    span.label,
                    text[span.start : span.end],
                    span.annotator,
                    raw_json(span.attributes),
                    None if span.suggested_by is None else raw_json(span.suggested_by),
                    span_note(notes_to_json(span.notes)),
                )
                for span in doc.spans
            ],
            [
                RelationLine(
                    relation.id, relation.head, relation.tail, relation.label, relation.annotator
                )
                for relation in doc.relations
            ],
            tokens_line(doc.tokens),
            doc.doc_labels or None,
            notes_to_json(doc.notes) or None,
        ),
        translit,
    )


def _with_translit(line: DocLine, translit: str | None) -> bytes:
    """`line` encoded, with the transliteration `translit` of its text and spans (None:
    without)."""
    if translit is not None:
        latin = transliterate(line.text, translit)
        line.translit_scheme = translit
        line.text_translit = latin
        spans = line.spans
        starts = [span.start for span in spans]
        ends = [span.end for span in spans]
        pieces = transliterate_pieces(line.text, starts, ends, translit, latin=latin)
        for span, piece in zip(spans, pieces, strict=True):
            span.text_translit = piece
    return json_line(line)


StoredSpan = tuple[str, int, int, str, str | None, str, str | None]
"""A span as the store keeps it: ``(id, start, end, label, annotator, attributes JSON,
suggested_by JSON or None)``."""
StoredRelation = tuple[str | None, str, str, str, str | None]
"""A relation as the store keeps it: ``(id, head, tail, label, annotator)``."""


class StoredNote(NamedTuple):
    """A note as the store keeps it: on span `on` (None: on the document), by `author`, its
    text, its "needs review" flag (0/1) and when it was last written."""

    on: str | None
    author: str
    text: str
    needs_review: int
    at: str

    def record(self) -> NoteRecord:
        return NoteRecord(self.text, self.author, self.at, bool(self.needs_review))


def stored_note(note: StoredNote) -> dict[str, Any]:
    """A stored note as native JSONL writes it (`model.NoteRecord.to_json`)."""
    return note.record().to_json()


def stored_line(
    doc_id: int | str,
    name: str,
    text: str,
    meta: str,
    spans: Iterable[StoredSpan],
    relations: Iterable[StoredRelation],
    tokens: Tokenization | None = None,
    doc_labels: dict[str, Any] | None = None,
    notes: Iterable[StoredNote] = (),
    *,
    translit: str | None = None,
) -> bytes:
    """The native JSONL line of a document as the store keeps it (metadata and attributes as
    their stored JSON, spliced in as they are): what `doc_line` writes for its DocRecord."""
    on_spans: dict[str | None, list[dict[str, Any]]] = {}
    for note in notes:
        on_spans.setdefault(note.on, []).append(stored_note(note))
    return _with_translit(
        DocLine(
            str(doc_id),
            name,
            text,
            stored_json(meta),
            [  # stored_json inlined: the hot loop of a JSONL export
                SpanLine(
                    uuid,
                    start,
                    end,
                    label,
                    text[start:end],
                    annotator,
                    EMPTY_OBJECT if attributes == "{}" else Raw(attributes),
                    None if by is None else Raw(by),
                    span_note(on_spans[uuid]) if on_spans and uuid in on_spans else None,
                )
                for uuid, start, end, label, annotator, attributes, by in spans
            ],
            [RelationLine(*relation) for relation in relations],
            tokens_line(tokens),
            doc_labels or None,
            on_spans.get(None),
        ),
        translit,
    )


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    translit: str | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Write one JSON object per line (UTF-8, not ASCII-escaped) to ``out``; `translit`: a
    transliteration scheme to add (`annotator.camel.translit.SCHEMES`)."""
    if translit is not None:
        check_scheme(translit)
    report = report if report is not None else ImportReport()
    with open_output(out) as stream:
        for doc in docs:
            stream.write(doc_line(doc, translit).decode("utf-8"))
            report.count("documents")
            report.count("spans", len(doc.spans))
            report.count("relations", len(doc.relations))
    return report


def read(
    source: Source,
    *,
    path: str | None = None,
    encoding: str = DEFAULT_ENCODING,
    scores: bool = False,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read native JSONL (decoded as ``encoding``); every document is validated before it is
    yielded.

    Blank lines are ignored. A bad line raises :class:`InputError` (file, line, what), or is
    skipped and reported with ``skip_bad=True``. Unknown keys are ignored with a warning.
    scores: also read each span's optional ``"score"`` (a model's confidence, a number in
    (0, 1]; anything else makes the line bad) into `SpanRecord.score`, as an import of a
    model's output as suggestions does; otherwise a span's score is ignored.
    """
    report = report if report is not None else ImportReport()
    parse = _parse_scored_doc if scores else parse_doc
    yield from read_json_lines(
        source,
        path,
        report,
        lambda line, name, number: parse(line, name, number, report),
        skip_bad=skip_bad,
        relations=True,
        encoding=encoding,
    )


def load_json_object(line: str, name: str, number: int) -> dict[str, Any]:
    """``line`` parsed as a JSON object, or InputError."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON: {exc.msg} at column {exc.colno}"
        if number == 1 and line.strip() in ("{", "["):
            message += " (pretty-printed JSON is not JSON Lines: one object per line)"
        raise InputError(name, number, message) from exc
    if not isinstance(value, dict):
        raise InputError(name, number, f"expected a JSON object, found {type(value).__name__}")
    if "\\u" in line:  # only an escape can make a lone surrogate
        where = lone_surrogate(value)
        if where is not None:
            raise InputError(name, number, surrogate_message(where))
    return value


def parse_doc(line: str, name: str, number: int, report: ImportReport) -> DocRecord:
    """One native JSONL line to a validated :class:`DocRecord`."""
    return doc_record(parse_fields(line, name, number, report), name, number)


def _parse_scored_doc(line: str, name: str, number: int, report: ImportReport) -> DocRecord:
    """`parse_doc`, with each span's ``score`` (`read`'s ``scores``)."""
    doc = parse_doc(line, name, number, report)
    if doc.spans:
        raw_spans = load_json_object(line, name, number)["spans"]
        for index, (span, raw) in enumerate(zip(doc.spans, raw_spans, strict=True), 1):
            given = raw.get("score")
            if given is None:
                continue
            span.score = suggestion_score(given)
            if span.score is None:
                message = f"span {index}: 'score' {given!r} is not a number in (0, 1]"
                raise InputError(name, number, message)
    return doc


def doc_record(fields: ParsedFields, source: str, number: int) -> DocRecord:
    """The :class:`DocRecord` of line `number` of `source`, read as `fields`."""
    text = fields.text
    on: dict[int | None, list[NoteRecord]] = {}
    for placed in fields.notes:
        on.setdefault(placed.span, []).append(placed.note)
    return DocRecord(
        text=text,
        name=fields.name,
        id=fields.id,
        meta=fields.meta,
        spans=[
            SpanRecord(
                start,
                end,
                label,
                span_id,
                annotator,
                attributes,
                text[start:end],
                suggested_by=by,
                notes=on.get(index, []),
            )
            for index, (start, end, label, span_id, annotator, attributes, by) in enumerate(
                fields.spans
            )
        ],
        notes=on.get(None, []),
        relations=[RelationRecord(*relation) for relation in fields.relations],
        line=number,
        source=source,
        tokens=fields.tokens,
        doc_labels=fields.doc_labels,
    )


ParsedSpan = tuple[int, int, str, str | None, str | None, dict[str, Any], dict[str, Any] | None]
"""``(start, end, label, id, annotator, attributes, suggested_by)``; its text is
``text[start:end]``."""
ParsedRelation = tuple[str, str, str, str | None, str | None]
"""``(head, tail, label, id, annotator)``."""


class ParsedFields(NamedTuple):
    """A native JSONL line read as plain values: the notes beside the spans and the document
    (`model.PlacedNote`), never inside metadata or attributes."""

    text: str
    name: str
    id: str | None
    meta: dict[str, Any]
    spans: list[ParsedSpan]
    relations: list[ParsedRelation]
    tokens: Tokenization | None
    doc_labels: dict[str, Any]
    notes: list[PlacedNote]


class _FastSpan(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    start: int
    end: int
    label: str
    id: str | int | None = None
    text: str | None = None
    annotator: str | None = None
    attributes: dict[str, Any] | None = None
    suggested_by: dict[str, Any] | None = None
    note: Any = None
    text_translit: str | None = None


class _FastRelation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    head: str | int
    tail: str | int
    label: str
    id: str | int | None = None
    annotator: str | None = None


class _FastDoc(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    text: str
    id: str | int | None = None
    name: str | None = None
    meta: dict[str, Any] | None = None
    spans: list[_FastSpan] | None = None
    relations: list[_FastRelation] | None = None
    tokens: TokensLine | None = None
    doc_labels: dict[str, Any] | None = None
    notes: list[Any] | None = None
    translit_scheme: str | None = None
    text_translit: str | None = None


_FAST_DECODER = msgspec.json.Decoder(_FastDoc)


def fast_fields(line: str | bytes) -> ParsedFields | None:
    """`parse_fields` of a line in the common case, decoded and type-checked by msgspec; None
    for anything else (a problem, an unknown key, a value only `parse_fields` accepts), which
    `parse_fields` then reads and reports. Its result equals `parse_fields`'."""
    try:
        doc = _FAST_DECODER.decode(line)
    except (msgspec.MsgspecError, ValueError):
        return None
    text = doc.text
    length = len(text)
    spans: list[ParsedSpan] = []
    span_ids: set[str] = set()
    notes: list[PlacedNote] = []
    for span in doc.spans or ():
        start, end, label, span_id = span.start, span.end, span.label, span.id
        if not 0 <= start < end <= length or not label:
            return None
        if span.text is not None and span.text != text[start:end]:
            return None
        if span_id is not None:
            span_id = str(span_id)
            if span_id in span_ids:
                return None
            span_ids.add(span_id)
        if span.note is not None:  # as `parse_fields` carries them
            try:
                notes += [PlacedNote(len(spans), note) for note in read_notes(span.note)]
            except SchemaError:
                return None
        spans.append(
            (start, end, label, span_id, span.annotator, span.attributes or {}, span.suggested_by)
        )
    relations: list[ParsedRelation] = []
    for relation in doc.relations or ():
        head, tail, label, relation_id = (
            str(relation.head),
            str(relation.tail),
            relation.label,
            relation.id,
        )
        if head not in span_ids or tail not in span_ids or not label:
            return None
        if relation_id is not None:
            relation_id = str(relation_id)
        relations.append((head, tail, label, relation_id, relation.annotator))
    tokens = None
    if doc.tokens is not None:
        tokens = _tokenization(doc.tokens.offsets, doc.tokens.sentences, doc.tokens.scheme)
        if tokenization_problem(text, tokens):
            return None
    doc_id = None if doc.id is None else str(doc.id)
    if doc.notes:
        try:
            notes = [PlacedNote(None, note) for note in read_notes(doc.notes)] + notes
        except SchemaError:
            return None
    return ParsedFields(
        text=text,
        name=doc.name or "",
        id=doc_id,
        meta=doc.meta or {},
        spans=spans,
        relations=relations,
        tokens=tokens,
        doc_labels=doc.doc_labels or {},
        notes=notes,
    )


def _tokenization(
    offsets: list[tuple[int, int]], sentences: list[int], scheme: str | None
) -> Tokenization:
    starts, ends = [pair[0] for pair in offsets], [pair[1] for pair in offsets]
    return Tokenization(starts, ends, sentences, scheme)


def _parse_tokens(raw: Any, text: str, fail: Any) -> Tokenization | None:
    """The `tokens` of a line read by the standard library, checked against `text`."""
    if raw is None:
        return None
    shape = (
        '\'tokens\' must be {"offsets": [[start, end], ...], "sentences": [0, ...], "scheme"?: '
        '"IOB2"}'
    )
    if not isinstance(raw, dict) or not {"offsets", "sentences"} <= set(raw) <= _TOKEN_KEYS:
        raise fail(shape)
    scheme = raw.get("scheme")
    offsets, sentences = raw["offsets"], raw["sentences"]
    pairs = isinstance(offsets, list) and all(
        isinstance(pair, list) and len(pair) == 2 for pair in offsets
    )
    if not pairs or not isinstance(sentences, list) or not isinstance(scheme, str | None):
        raise fail(shape)
    tokens = _tokenization(offsets, sentences, scheme)
    if problem := tokenization_problem(text, tokens):
        raise fail(f"'tokens': {problem}")
    return tokens


def parse_fields(line: str, name: str, number: int, report: ImportReport) -> ParsedFields:
    """One native JSONL line, validated as `parse_doc` does, as plain values (cheaper)."""
    fast = fast_fields(line)
    if fast is not None:
        return fast
    obj = load_json_object(line, name, number)

    def fail(message: str) -> InputError:
        return InputError(name, number, message)

    text = obj.get("text")
    if not isinstance(text, str):
        raise fail("'text' missing or not a string")
    unknown = obj.keys() - DOC_KEYS
    if unknown:
        listed = ", ".join(sorted(unknown))
        report.warn(name, number, f"unknown keys ignored: {listed}", "unknown_keys")
    doc_id = _optional_id(obj.get("id"), "document 'id'", fail)
    doc_name = obj.get("name") or ""
    if not isinstance(doc_name, str):
        raise fail("'name' must be a string")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise fail("'meta' must be an object")

    spans: list[ParsedSpan] = []
    span_ids: set[str] = set()
    notes: list[PlacedNote] = []
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise fail("'spans' must be a list")
    for index, raw in enumerate(raw_spans):
        if not isinstance(raw, dict):
            raise fail(f"span {index + 1}: expected an object")
        start: Any = raw.get("start")  # an int once span_problem passes it
        end: Any = raw.get("end")
        if problem := span_problem(text, start, end):
            raise fail(f"span {index + 1}: {problem}")
        label = raw.get("label")
        if not isinstance(label, str) or not label:
            raise fail(f"span {index + 1}: 'label' missing or not a string")
        given = raw.get("text")
        if given is not None and given != text[start:end]:
            raise fail(
                f"span {index + 1}: text {given!r} does not match the document at {start}-{end} "
                f"({text[start:end]!r})"
            )
        span_id = raw.get("id")
        if span_id is not None:
            if type(span_id) is not str:
                span_id = _id_text(span_id, f"span {index + 1} 'id'", fail)
            if span_id in span_ids:
                raise fail(f"span {index + 1}: duplicate span id {span_id!r}")
            span_ids.add(span_id)
        attributes = raw.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise fail(f"span {index + 1}: 'attributes' must be an object")
        annotator = raw.get("annotator")
        if annotator is not None and not isinstance(annotator, str):
            raise fail(f"span {index + 1}: 'annotator' must be a string")
        suggested_by = raw.get("suggested_by")
        if suggested_by is not None and not isinstance(suggested_by, dict):
            raise fail(f"span {index + 1}: 'suggested_by' must be an object")
        if raw.get("note") is not None:  # carried beside the spans to the store's importer
            notes += [PlacedNote(index, n) for n in _notes(raw["note"], f"span {index + 1}", fail)]
        spans.append((start, end, label, span_id, annotator, attributes, suggested_by))

    relations: list[ParsedRelation] = []
    raw_relations = obj.get("relations") or []
    if not isinstance(raw_relations, list):
        raise fail("'relations' must be a list")
    for index, raw in enumerate(raw_relations):
        if not isinstance(raw, dict):
            raise fail(f"relation {index + 1}: expected an object")
        ends = []
        for key in ("head", "tail"):
            value = raw.get(key)
            if type(value) is not str:
                value = _optional_id(value, f"relation {index + 1} '{key}'", fail)
            if value is None or value not in span_ids:
                raise fail(
                    f"relation {index + 1}: '{key}' {raw.get(key)!r} is not the id of a span"
                )
            ends.append(value)
        label = raw.get("label")
        if not isinstance(label, str) or not label:
            raise fail(f"relation {index + 1}: 'label' missing or not a string")
        annotator = raw.get("annotator")
        if annotator is not None and not isinstance(annotator, str):
            raise fail(f"relation {index + 1}: 'annotator' must be a string")
        relation_id = raw.get("id")
        if relation_id is not None and type(relation_id) is not str:
            relation_id = _optional_id(relation_id, f"relation {index + 1} 'id'", fail)
        relations.append((ends[0], ends[1], label, relation_id, annotator))
    tokens = _parse_tokens(obj.get("tokens"), text, fail)
    doc_labels = obj.get("doc_labels") or {}
    if not isinstance(doc_labels, dict):
        raise fail("'doc_labels' must be an object (attribute name: value)")
    if obj.get("notes"):  # carried beside the spans to the store's importer
        if not isinstance(obj["notes"], list):
            raise fail("'notes' must be a list of notes")
        notes = [PlacedNote(None, note) for note in _notes(obj["notes"], "document", fail)] + notes
    return ParsedFields(
        text=text,
        name=doc_name,
        id=doc_id,
        meta=meta,
        spans=spans,
        relations=relations,
        tokens=tokens,
        doc_labels=doc_labels,
        notes=notes,
    )


def read_notes(value: Any) -> list[NoteRecord]:
    """A ``note`` or ``notes`` value read as notes (`model.notes_from_json`), each one that
    `rules.note_problem` refuses (nothing written, nothing flagged) a SchemaError."""
    notes = notes_from_json(value)
    for note in notes:
        if problem := note_problem(note.text, note.needs_review):
            raise SchemaError(f"{problem}: {note.to_json()!r}")
    return notes


def _notes(value: Any, where: str, fail: Any) -> list[NoteRecord]:
    """Notes read from a line (`read_notes`); InputError naming `where` when one is bad."""
    try:
        return read_notes(value)
    except SchemaError as err:
        raise fail(f"{where}: {err}") from None


def _optional_id(value: object, what: str, fail: Any) -> str | None:
    return None if value is None else _id_text(value, what, fail)


def _id_text(value: object, what: str, fail: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise fail(f"{what} must be a string or an integer")
    return str(value)
