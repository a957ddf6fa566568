"""Hugging Face token classification JSONL: one sentence per line.

Written: ``{"id", "doc_id", "tokens": [...], "tokens_translit"?: [...], "ner_tags": [...],
"ner_tags_<LABEL>": [...], "doc_labels"?: {attribute: value}}`` with integer tags
(``doc_labels``, the document's labels, on each of its rows when it has some;
``tokens_translit``, each token in a Latin transliteration, when asked for: ``translit``), plus
a ``labels.json`` file naming the tag ids (``id2label``/``label2id``) and the transliteration.
``ner_tags`` is one layer where overlaps are resolved by label priority; with ``nested``
(the default) each label also gets its own field, so nested spans of different labels survive.

Read: rows ``{"id"?, "doc_id"?, "tokens", "ner_tags", "ner_tags_<LABEL>"?}`` with tags as
strings or integers (named by ``labels.json`` beside the file, or ``tag_names``); consecutive
rows with the same ``doc_id`` are the sentences of one document, else each row is one. The
document keeps its tokens and sentences (``DocRecord.tokens``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.camel.translit import check_scheme, transliterate_pieces
from annotator.model import DocRecord, InputError, SpanRecord, Tokenization

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Sink,
    Source,
    iter_lines,
    open_output,
    source_name,
)
from ._json import json_line
from ._tags import (
    TAG_RE,
    ColumnDecoder,
    Placed,
    SchemeFinder,
    align,
    by_priority,
    doc_where,
    encode,
    normalise_scheme,
    pieces_of_words,
    trimmed_spans,
    word_tokens,
)
from .jsonl import load_json_object

LABELS_FILE = "labels.json"
FIELD_PREFIX = "ner_tags_"


def tag_names(labels: Sequence[str], scheme: str = "IOB2") -> list[str]:
    """The tag list, index = tag id: ``O``, then per label ``B-``, ``I-`` (BIOES: and ``E-``,
    ``S-``; BILOU: and ``L-``, ``U-``)."""
    scheme = normalise_scheme(scheme)
    prefixes = {"BIOES": "BIES", "BILOU": "BILU"}.get(scheme, "BI")
    return ["O"] + [f"{prefix}-{label}" for label in labels for prefix in prefixes]


def field_name(label: str) -> str:
    """The per-label field: ``ner_tags_<LABEL>``."""
    return f"{FIELD_PREFIX}{label}"


def labels_spec(
    labels: Sequence[str],
    scheme: str = "IOB2",
    nested: bool = True,
    translit: str | None = None,
    segment: str | None = None,
) -> dict:
    """The content of ``labels.json`` (``translit``: the scheme of ``tokens_translit``, only
    when the rows have it; ``segment``: the clitic scheme of rows with ``words``)."""
    scheme = normalise_scheme(scheme)
    tags = tag_names(labels, scheme)
    fields = ["ner_tags"] + ([field_name(label) for label in labels] if nested else [])
    extra = {} if translit is None else {"translit": translit}
    if segment is not None:
        extra["segment"] = segment
    return {
        "scheme": scheme,
        "labels": list(labels),
        "tags": tags,
        "id2label": {str(index): tag for index, tag in enumerate(tags)},
        "label2id": {tag: index for index, tag in enumerate(tags)},
        "fields": fields,
        **extra,
    }


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    labels: Sequence[str],
    labels_out: str | os.PathLike[str] | None = None,
    scheme: str = "auto",
    priority: Sequence[str] | None = None,
    nested: bool = True,
    translit: str | None = None,
    segment: str | None = None,
    head: bool = True,
    report: ImportReport | None = None,
    tokenize: Callable | None = None,
    split_sentences: Callable | None = None,
) -> ImportReport:
    """Write one JSON object per sentence to ``out`` and the tag list to ``labels_out``.

    labels: the entity labels (fixes the tag ids and the per-label fields; spans with other
        labels are dropped and counted as ``spans_unknown_label``).
    labels_out: where ``labels.json`` goes; default: ``labels.json`` beside ``out`` when
        ``out`` is a path, nowhere when it is a stream (see :func:`labels_spec`).
    priority: label order for ``ner_tags`` (default: ``labels``); overlapping lower-priority
        spans are left out of that field (``spans_dropped_overlap``). A same-label span
        inside another is left out of its ``ner_tags_<LABEL>`` field too.
    scheme: one for the file (``labels.json`` names its tags); ``"auto"`` (default): the one
        every document's corpus used when they all used the same (`file_layout`), else IOB2.
    translit: add ``tokens_translit``, each token in this Latin transliteration (``bw``,
        ``safebw`` or ``hsb``: `annotator.camel.translit.SCHEMES`); reading ignores it.
    segment: ``"d3tok"`` or ``"atbtok"``: each word is cut into its clitic pieces by the
        configured morphology database (`_tags.align`): the tokens are the pieces (the text's
        own characters; a span boundary inside a piece cuts it too) and ``words`` holds each
        one's word (reading joins a word's pieces without a space, so the text comes back).
    head: unused (a file has no first line of its own; exporters pass it to every writer
        whose layout is fixed for the file).
    """
    if scheme.lower() == "auto":
        docs = list(docs)
        scheme = file_layout(lambda: docs).get("scheme", scheme)
    scheme = normalise_scheme(scheme)
    if translit is not None:
        check_scheme(translit)
    labels = list(labels)
    order = list(priority) if priority is not None else labels
    spec = labels_spec(labels, scheme, nested, translit, segment)
    tag_id = spec["label2id"]
    report = report if report is not None else ImportReport()
    if labels_out is None and isinstance(out, str | os.PathLike):
        labels_out = Path(out).with_name(LABELS_FILE)
    with open_output(out) as stream:
        for index, doc in enumerate(docs):
            for row in _rows(
                doc,
                index,
                labels,
                order,
                nested,
                scheme,
                tag_id,
                report,
                tokenize,
                split_sentences,
                translit,
                segment,
            ):
                stream.write(json_line(row).decode("utf-8"))
    if labels_out is not None:
        with open_output(labels_out) as stream:
            stream.write(side_text(labels, scheme, nested, translit, segment))
    return report


def file_layout(docs: Callable[[], Iterable[DocRecord]], **options: Any) -> dict[str, Any]:
    """The scheme of the file for ``scheme="auto"``: ``{"scheme": S}``, S the one every document
    of ``docs()`` that has its own tokens keeps (its corpus's) when they agree, else IOB2 —
    always a scheme, so that every chunk of an export is written in the one `labels.json`
    names. `layout_facts` of parts of the documents, combined by `layout_from_facts`, give the
    same."""
    return layout_from_facts([layout_facts(docs, **options)], **options)


def layout_facts(
    docs: Callable[[], Iterable[DocRecord]], *, scheme: str = "auto", **_: Any
) -> dict[str, Any]:
    """What `file_layout` needs of some documents: ``{"schemes": [...]}``, those their
    corpora used (``{}`` for a scheme given)."""
    if scheme.lower() != "auto":
        return {}
    found = {doc.tokens.scheme for doc in docs() if doc.tokens is not None and doc.tokens.scheme}
    return {"schemes": sorted(found)}


def layout_from_facts(
    facts: Sequence[dict[str, Any]], *, scheme: str = "auto", **_: Any
) -> dict[str, Any]:
    """`file_layout`'s answer from the `layout_facts` of all the documents' parts."""
    if scheme.lower() != "auto":
        return {}
    found = {name for part in facts for name in part.get("schemes", ())}
    return {"scheme": found.pop() if len(found) == 1 else "IOB2"}


def head_text(**_: Any) -> str:
    """A file's first line: none (one JSON object per sentence)."""
    return ""


def side_text(
    labels: Sequence[str],
    scheme: str = "IOB2",
    nested: bool = True,
    translit: str | None = None,
    segment: str | None = None,
    **_: Any,
) -> str:
    """The content of ``labels.json`` (the format's side file) for these writer options."""
    spec = labels_spec(labels, scheme, nested, translit, segment)
    return json.dumps(spec, ensure_ascii=False, indent=2) + "\n"


def _rows(
    doc: DocRecord,
    index: int,
    labels: list[str],
    order: list[str],
    nested: bool,
    scheme: str,
    tag_id: dict[str, int],
    report: ImportReport,
    tokenize: Callable | None,
    split_sentences: Callable | None,
    translit: str | None = None,
    segment: str | None = None,
) -> list[dict[str, Any]]:
    where = doc_where(doc)
    items = []
    for item in trimmed_spans(doc, report):
        if f"B-{item.label}" in tag_id:
            items.append(item)
        else:
            message = f"span {item.span.start}-{item.span.end}: label {item.label!r} not in labels"
            report.skip(where, doc.line, message, "spans_unknown_label")
    fields: list[tuple[str, list[Placed]]] = [
        ("ner_tags", by_priority(items, order, report, where, doc.line))
    ]
    if nested:
        quiet = ImportReport()  # per-label fields only lose same-label nesting: just count it
        for label in labels:
            same = [item for item in items if item.label == label]
            fields.append((field_name(label), by_priority(same, [], quiet, where, None)))
        if quiet.counts:
            report.count("spans_nested_same_label", quiet.counts["spans_dropped_overlap"])
    kept = list({id(item): item for _, layer in fields for item in layer}.values())
    aligned = align(
        doc, kept, report, split_sentences=split_sentences, tokenize=tokenize, segment=segment
    )
    token_range = {id(item): placed for item, placed in zip(kept, aligned.placed, strict=True)}
    n_tokens = len(aligned.starts)
    sentence_start = [False] * n_tokens
    for position in aligned.sentence_starts:
        sentence_start[position] = True
    columns = []
    for _, layer in fields:
        on_tokens = [token_range[id(item)] for item in layer]
        placed = [item for item in on_tokens if item is not None]
        columns.append([tag_id[tag] for tag in encode(placed, n_tokens, scheme, sentence_start)])
    text = doc.text
    tokens = [text[start:end] for start, end in zip(aligned.starts, aligned.ends, strict=True)]
    latin = None
    if translit is not None:
        latin = transliterate_pieces(text, aligned.starts, aligned.ends, translit)
    doc_id = doc.id if doc.id is not None else str(index + 1)
    bounds = aligned.sentence_starts + [n_tokens]
    rows = []
    for number, (first, last) in enumerate(zip(bounds, bounds[1:], strict=False)):
        row: dict[str, Any] = {"id": f"{doc_id}-{number + 1}", "doc_id": doc_id}
        row["tokens"] = tokens[first:last]
        if latin is not None:
            row["tokens_translit"] = latin[first:last]
        if aligned.words is not None:
            row["words"] = aligned.words[first:last]
        for (name, _), column in zip(fields, columns, strict=True):
            row[name] = column[first:last]
        if doc.doc_labels:
            row["doc_labels"] = doc.doc_labels
        rows.append(row)
    report.count("documents")
    report.count("sentences", len(rows))
    report.count("tokens", n_tokens)
    report.count("spans", len(fields[0][1]))
    return rows


# --------------------------------------------------------------------------- reading


def read(
    source: Source,
    *,
    path: str | None = None,
    tag_names: Sequence[str] | None = None,
    scheme: str = "auto",
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read Hugging Face token classification rows from a path or an iterable of lines.

    tag_names: the tag of each integer tag id (index = id), e.g. a dataset's
        ``features["ner_tags"].feature.names``; default: ``labels.json`` beside the file
        (``id2label`` or ``tags``, as :func:`write` makes it). Integer tags without either are
        an InputError; string tags need neither.
    scheme: ``"auto"`` (decided over the whole file, as for CoNLL) or one of the schemes;
        ``report.info["scheme"]`` holds the one found.
    encoding: of the file (default UTF-8, a leading BOM dropped; ``labels.json`` is UTF-8).
    The tag fields are ``ner_tags`` and every ``ner_tags_<LABEL>`` (the writer's nested
    fields): each is decoded on its own and a span found in several is kept once. Text:
    tokens joined by single spaces (the pieces of one word of a ``words`` field without),
    sentences by ``\\n``; the document keeps those tokens
    and sentences. A bad row raises InputError naming file and line (``skip_bad``: the row
    is left out and reported, ``bad_rows``).
    """
    name = source_name(source, path)
    report = report if report is not None else ImportReport()
    wanted = None if scheme.lower() == "auto" else normalise_scheme(scheme)
    names = _Names(name, source if path is None else path, tag_names)
    reader = _Reader(name, names, wanted, skip_bad, report)
    yield from reader.run(iter_lines(source, path, encoding))


class _Names:
    """Integer tag ids to tags: from ``tag_names`` or, once needed, ``labels.json``."""

    def __init__(self, name: str, source: Source, given: Sequence[str] | None) -> None:
        self.name = name
        self.tags: list[str] | None = list(given) if given is not None else None
        self.side: Path | None = None
        if self.tags is None and isinstance(source, str | os.PathLike):
            self.side = Path(source).with_name(LABELS_FILE)

    def tag(self, value: int, where: str, number: int) -> str:
        tags = self.tags if self.tags is not None else self._load(number)
        if not 0 <= value < len(tags):
            message = f"{where}: tag id {value} is not one of the {len(tags)} tag names"
            raise InputError(self.name, number, message)
        return tags[value]

    def _load(self, number: int) -> list[str]:
        if self.side is None or not self.side.is_file():
            beside = f" ({self.side} not found)" if self.side is not None else ""
            message = (
                f"integer tags need their names: give the tag names (--tag-names) or put "
                f"{LABELS_FILE} beside the file{beside}"
            )
            raise InputError(self.name, number, message)
        side = str(self.side)
        try:
            spec = json.loads(self.side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(side, None, f"cannot read the tag names: {exc}") from exc
        self.tags = _side_tags(spec, side)
        return self.tags


def _side_tags(spec: object, side: str) -> list[str]:
    """The tag list of a ``labels.json``: its ``id2label`` (``{"0": "O", ...}``) or ``tags``."""
    if isinstance(spec, dict) and isinstance(spec.get("id2label"), dict):
        id2label = spec["id2label"]
        try:
            ids = sorted(int(key) for key in id2label)
        except ValueError:
            raise InputError(side, None, "id2label keys must be integers") from None
        if ids != list(range(len(ids))):
            raise InputError(side, None, "id2label must name the ids 0, 1, 2, ... each once")
        tags = [id2label[key] for key in sorted(id2label, key=int)]
    elif isinstance(spec, dict) and isinstance(spec.get("tags"), list):
        tags = spec["tags"]
    else:
        raise InputError(side, None, "expected an object with 'id2label' or 'tags'")
    if not all(isinstance(tag, str) for tag in tags):
        raise InputError(side, None, "tag names must be strings")
    return tags


Tags = list[tuple[str | None, str]]
"""One tag field of a row: ``(prefix, label)`` per token (prefix None for ``O``)."""


@dataclass
class _Doc:
    doc_id: str | None
    grouped: bool
    line: int
    parts: list[str] = field(default_factory=list)
    length: int = 0
    sentences: list[list[tuple[int, int]]] = field(default_factory=list)
    spans: dict[tuple[int, int, str], None] = field(default_factory=dict)  # ordered set
    doc_labels: dict[str, Any] = field(default_factory=dict)


class _Reader:
    def __init__(
        self,
        name: str,
        names: _Names,
        scheme: str | None,
        skip_bad: bool,
        report: ImportReport,
    ) -> None:
        self.name = name
        self.stem = Path(name).name
        self.names = names
        self.skip_bad = skip_bad
        self.report = report
        self.decoders: dict[str, ColumnDecoder] = {}
        self.schemes = SchemeFinder(scheme)
        self.doc: _Doc | None = None
        self.finished: set[str] = set()  # doc_ids of documents already yielded
        self.n_docs = 0

    def run(self, lines: Iterable[tuple[int, str]]) -> Iterator[DocRecord]:
        for number, line in lines:
            if not line.strip():
                continue
            try:
                row = load_json_object(line, self.name, number)
                doc_id, grouped = self._document_of(row, number)
            except InputError as error:
                self._bad_row(error)
                continue
            doc = self.doc
            if doc is None or not (grouped and doc.grouped and doc_id == doc.doc_id):
                yield from self._end_doc()
                doc = self.doc = _Doc(doc_id, grouped, number)
                self.schemes.start_document(list(self.decoders.values()))
            try:
                tokens, fields = self._sentence(row, number)
            except InputError as error:
                self._bad_row(error)
                continue
            words = row.get("words")  # written with ``segment``: each token's word
            glued = None
            if isinstance(words, list) and all(isinstance(word, str) for word in words):
                glued = pieces_of_words(tokens, words)
            self._add_sentence(doc, tokens, fields, number, glued)
            if isinstance(row.get("doc_labels"), dict):
                doc.doc_labels.update(row["doc_labels"])
        yield from self._end_doc()
        self.schemes.finish(list(self.decoders.values()), self.report, self.name)

    def _bad_row(self, error: InputError) -> None:
        """Raise `error`, or with `skip_bad` leave its row out, reported."""
        if not self.skip_bad:
            raise error
        self.report.skip(self.name, error.line, f"{error.message}; row skipped", "bad_rows")

    def _document_of(self, row: dict[str, Any], number: int) -> tuple[str | None, bool]:
        """The row's document id, and whether it is grouped by ``doc_id`` (consecutive rows of
        the same ``doc_id`` are one document) rather than a document of its own (id ``id``)."""
        grouped = row.get("doc_id") is not None
        raw_id = row["doc_id"] if grouped else row.get("id")
        doc_id = None if raw_id is None else str(raw_id)
        current = self.doc
        if grouped and doc_id in self.finished and not (current and current.doc_id == doc_id):
            message = f"doc_id {doc_id!r} again after other documents (keep its rows together)"
            raise InputError(self.name, number, message)
        return doc_id, grouped

    def _sentence(self, row: dict[str, Any], number: int) -> tuple[list[str], dict[str, Tags]]:
        """The row's tokens and tag fields, all checked before anything of it is kept."""

        def fail(message: str) -> InputError:
            return InputError(self.name, number, message)

        tokens = row.get("tokens")
        if not isinstance(tokens, list) or not all(isinstance(token, str) for token in tokens):
            raise fail("'tokens' missing or not a list of strings")
        for index, token in enumerate(tokens):
            if not token.strip():
                raise fail(f"tokens[{index}] is empty or whitespace")
        keys = [key for key in row if key == "ner_tags" or key.startswith(FIELD_PREFIX)]
        if not keys:
            raise fail("no 'ner_tags' field")
        fields = {key: self._tags(row[key], key, len(tokens), fail, number) for key in keys}
        return tokens, fields

    def _tags(
        self,
        values: object,
        key: str,
        n_tokens: int,
        fail: Callable[[str], InputError],
        number: int,
    ) -> Tags:
        if not isinstance(values, list):
            raise fail(f"'{key}' must be a list")
        if len(values) != n_tokens:
            raise fail(f"'{key}' has {len(values)} tags for {n_tokens} tokens")
        tags = []
        for index, value in enumerate(values):
            where = f"{key}[{index}]"
            if type(value) is int:
                tag = self.names.tag(value, where, number)
            elif isinstance(value, str):
                tag = value
            else:
                raise fail(f"{where}: expected a tag or a tag id, found {value!r}")
            match = TAG_RE.fullmatch(tag)
            if match is None:
                raise fail(f"{where}: unknown tag {tag!r}")
            prefix = match.group(1)
            if problem := self.schemes.problem(prefix, tag):
                raise fail(f"{where}: {problem}")
            tags.append((prefix, match.group(2) or ""))
        return tags

    def _add_sentence(
        self,
        doc: _Doc,
        tokens: list[str],
        fields: dict[str, Tags],
        number: int,
        glued: list[bool] | None = None,
    ) -> None:
        if not tokens:
            self.report.count("sentences_empty")
            return
        if doc.parts:
            doc.parts.append("\n")
            doc.length += 1
        bounds = []
        for index, token in enumerate(tokens):
            if index and not (glued and glued[index]):
                doc.parts.append(" ")
                doc.length += 1
            bounds.append((doc.length, doc.length + len(token)))
            doc.parts.append(token)
            doc.length += len(token)
        doc.sentences.append(word_tokens(bounds, glued) if glued else bounds)
        for key, tags in fields.items():
            decoder = self.decoders.setdefault(key, ColumnDecoder())
            for position, (prefix, label) in enumerate(tags):
                decoder.feed(position, prefix, label, number)
            for first, last, label in decoder.finish(len(tokens), number):
                doc.spans[(bounds[first][0], bounds[last - 1][1], label)] = None
        self.report.count("sentences")
        self.report.count("tokens", len(tokens))

    def _end_doc(self) -> Iterator[DocRecord]:
        doc, self.doc = self.doc, None
        if doc is None:
            return
        if doc.grouped and doc.doc_id is not None:
            self.finished.add(doc.doc_id)
        if not doc.sentences:
            return
        self.n_docs += 1
        text = "".join(doc.parts)
        scheme = self.schemes.document_scheme(list(self.decoders.values())) if doc.spans else None
        spans = [
            SpanRecord(start=start, end=end, label=label, text=text[start:end])
            for start, end, label in doc.spans
        ]
        self.report.count("documents")
        self.report.count("spans", len(spans))
        yield DocRecord(
            text=text,
            name=doc.doc_id or f"{self.stem}#{self.n_docs}",
            id=doc.doc_id,
            spans=spans,
            line=doc.line,
            source=self.name,
            tokens=Tokenization.from_sentences(doc.sentences, scheme),
            doc_labels=doc.doc_labels,
        )
