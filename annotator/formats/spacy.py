"""spaCy/Prodigy JSONL with tokens: ``{"text", "tokens", "spans", "sents", "meta"}`` per line.

The layout of Prodigy's ``ner_manual`` tasks (``tokens``: ``{"text", "start", "end", "id",
"ws"}``; ``spans``: ``{"start", "end", "label", "token_start", "token_end"}`` with
``token_end`` INCLUSIVE) plus spaCy's ``Doc.to_json`` sentences (``sents``: ``{"start",
"end"}`` in characters). Character offsets are code points, end-exclusive (what
``Doc.char_span`` takes). ``meta`` carries the document's ``id`` and ``name`` next to its own
metadata. A file without ``tokens`` (plain character spans) is read as before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from annotator.model import DocRecord, InputError, SpanRecord, Tokenization
from annotator.rules import span_problem, tokenization_problem

from ._common import (
    DEFAULT_ENCODING,
    ImportReport,
    Sink,
    Source,
    open_output,
    read_json_lines,
)
from ._json import json_line, raw_json
from ._tags import AlignedDoc, Placed, align, doc_where
from .jsonl import load_json_object


def write(
    docs: Iterable[DocRecord],
    out: Sink,
    *,
    report: ImportReport | None = None,
    tokenize: Callable | None = None,
    split_sentences: Callable | None = None,
) -> ImportReport:
    """Write one ``{"text", "spans", "tokens", "sents", "meta"}`` object per line.

    Tokens and sentences are the document's own (``doc.tokens``) when it has them, else
    `annotator.text.token_spans` grouped by `annotator.text.split_sentences`; a token that a
    span boundary falls inside is split there (``tokens_split``, `_tags.align`). Every span
    keeps its character offsets and gets ``token_start``/``token_end`` (inclusive); a span
    that covers no token is written without them (``spans_without_tokens``).
    Relations, attributes and annotators are not part of the format: they are counted as
    ``relations_dropped`` / ``attributes_dropped``.
    """
    report = report if report is not None else ImportReport()
    with open_output(out) as stream:
        for doc in docs:
            stream.write(json_line(_row(doc, report, tokenize, split_sentences)).decode("utf-8"))
            report.count("documents")
            report.count("spans", len(doc.spans))
            if doc.relations:
                report.count("relations_dropped", len(doc.relations))
            dropped = sum(1 for span in doc.spans if span.attributes)
            if dropped:
                report.count("attributes_dropped", dropped)
    return report


def _row(
    doc: DocRecord,
    report: ImportReport,
    tokenize: Callable | None,
    split_sentences: Callable | None,
) -> dict[str, Any]:
    items = [Placed(span.start, span.end, span.label, span) for span in doc.spans]
    aligned = _aligned(doc, items, report, tokenize, split_sentences)
    text, starts, ends = doc.text, aligned.starts, aligned.ends
    n_tokens = len(starts)
    tokens = []
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        # spaCy's `whitespace_`: whitespace follows that is not itself the next token
        follows = end < len(text) and text[end].isspace()
        ws = follows and (index + 1 == n_tokens or starts[index + 1] != end)
        tokens.append({"text": text[start:end], "start": start, "end": end, "id": index, "ws": ws})
    spans = []
    for span, placed in zip(doc.spans, aligned.placed, strict=True):
        entry: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
        if placed is not None:
            entry["token_start"] = placed.first
            entry["token_end"] = placed.last - 1
        spans.append(entry)
    bounds = aligned.sentence_starts + [n_tokens]
    sents = [
        {"start": starts[first], "end": ends[last - 1]}
        for first, last in zip(bounds, bounds[1:], strict=False)
    ]
    meta: dict[str, Any] = dict(doc.meta)
    if doc.id is not None:
        meta["id"] = doc.id
    if doc.name:
        meta["name"] = doc.name
    report.count("sentences", len(sents))
    report.count("tokens", n_tokens)
    return {"text": text, "spans": spans, "tokens": tokens, "sents": sents, "meta": raw_json(meta)}


def _aligned(
    doc: DocRecord,
    items: list[Placed],
    report: ImportReport,
    tokenize: Callable | None,
    split_sentences: Callable | None,
) -> AlignedDoc:
    """`_tags.align` with its report passed on, except that a span on no token is kept here
    (written without token indices) rather than dropped."""
    own = ImportReport()
    aligned = align(doc, items, own, split_sentences=split_sentences, tokenize=tokenize)
    report.counts.update({key: n for key, n in own.counts.items() if key != "spans_blank"})
    report.warnings.extend(own.warnings)
    report.skipped.extend(notice for notice in own.skipped if notice.kind != "spans_blank")
    for span, placed in zip(doc.spans, aligned.placed, strict=True):
        if placed is None:
            message = (
                f"span {span.start}-{span.end} {span.label} covers no token: "
                "written without token_start/token_end"
            )
            report.warn(doc_where(doc), doc.line, message, "spans_without_tokens")
    return aligned


def read(
    source: Source,
    *,
    path: str | None = None,
    encoding: str = DEFAULT_ENCODING,
    skip_bad: bool = False,
    report: ImportReport | None = None,
) -> Iterator[DocRecord]:
    """Read spaCy/Prodigy JSONL (decoded as ``encoding``); ``meta.id``/``meta.name`` become
    the document id and name.

    ``tokens`` (when given) become the document's tokens (``DocRecord.tokens``), in one
    sentence unless ``sents`` says where sentences start. A span may carry ``text`` (equal to
    the slice of the document) and ``token_start``/``token_end`` (inclusive: the tokens the
    span's characters overlap); a span given only by token indices gets its character
    offsets from the tokens. Anything inconsistent is an InputError naming file and line.
    """
    report = report if report is not None else ImportReport()
    rows = read_json_lines(
        source, path, report, _parse, skip_bad=skip_bad, relations=False, encoding=encoding
    )
    for doc in rows:
        if doc.tokens is not None:
            report.count("sentences", len(doc.tokens.sentence_starts))
            report.count("tokens", len(doc.tokens))
        yield doc


def _parse(line: str, name: str, number: int) -> DocRecord:
    obj = load_json_object(line, name, number)

    def fail(message: str) -> InputError:
        return InputError(name, number, message)

    text = obj.get("text")
    if not isinstance(text, str):
        raise fail("'text' missing or not a string")
    tokens = _tokens(text, obj.get("tokens"), obj.get("sents"), fail)
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise fail("'spans' must be a list")
    spans = [_span(text, raw, index, tokens, fail) for index, raw in enumerate(raw_spans)]
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise fail("'meta' must be an object")
    meta = dict(meta)
    doc_id = meta.pop("id", None)
    doc_name = meta.pop("name", "")
    return DocRecord(
        text=text,
        name=doc_name if isinstance(doc_name, str) else str(doc_name),
        id=None if doc_id is None else str(doc_id),
        meta=meta,
        spans=spans,
        line=number,
        source=name,
        tokens=tokens,
    )


def _span(
    text: str,
    raw: object,
    index: int,
    tokens: Tokenization | None,
    fail: Callable[[str], InputError],
) -> SpanRecord:
    where = f"span {index + 1}"
    if not isinstance(raw, dict):
        raise fail(f"{where}: expected an object")
    start: Any = raw.get("start")  # an int once span_problem passes it
    end: Any = raw.get("end")
    label = raw.get("label")
    if not isinstance(label, str) or not label:
        raise fail(f"{where}: 'label' missing or not a string")
    token_range = _token_range(raw, tokens, where, fail)
    if token_range is not None and tokens is not None:
        first, last = token_range
        if start is None and end is None:
            start, end = tokens.starts[first], tokens.ends[last]
        elif not span_problem(text, start, end):
            overlapped = (bisect_right(tokens.ends, start), bisect_left(tokens.starts, end) - 1)
            if overlapped != token_range:
                raise fail(
                    f"{where}: token_start {first} and token_end {last} (inclusive) do not "
                    f"match its characters {start}-{end}, which overlap tokens "
                    f"{overlapped[0]}-{overlapped[1]}"
                )
    if problem := span_problem(text, start, end):
        raise fail(f"{where}: {problem}")
    given = raw.get("text")
    if given is not None and given != text[start:end]:
        raise fail(f"{where}: text {given!r} does not match the document at {start}-{end}")
    return SpanRecord(start=start, end=end, label=label, text=text[start:end])


def _token_range(
    raw: dict[str, Any],
    tokens: Tokenization | None,
    where: str,
    fail: Callable[[str], InputError],
) -> tuple[int, int] | None:
    """The span's ``(token_start, token_end)``, checked against the tokens; None if absent."""
    first, last = raw.get("token_start"), raw.get("token_end")
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise fail(f"{where}: give token_start and token_end together")
    if tokens is None:
        raise fail(f"{where}: token_start/token_end need the row's 'tokens'")
    if type(first) is not int or type(last) is not int:
        raise fail(f"{where}: token_start/token_end must be integers, got {first!r}, {last!r}")
    if not 0 <= first <= last < len(tokens):
        raise fail(
            f"{where}: tokens {first}-{last} (token_end inclusive) outside the "
            f"{len(tokens)} tokens of the row"
        )
    return first, last


def _tokens(
    text: str, raw: object, raw_sents: object, fail: Callable[[str], InputError]
) -> Tokenization | None:
    """The row's ``tokens`` (and ``sents``) as a checked Tokenization; None without tokens."""
    if raw is None or raw == []:
        if raw_sents:
            raise fail("'sents' needs 'tokens'")
        return None
    if not isinstance(raw, list):
        raise fail("'tokens' must be a list")
    starts: list[int] = []
    ends: list[int] = []
    for index, token in enumerate(raw):
        where = f"tokens[{index}]"
        if not isinstance(token, dict):
            raise fail(f"{where}: expected an object")
        start, end = token.get("start"), token.get("end")
        if type(start) is not int or type(end) is not int:
            raise fail(f"{where}: 'start'/'end' missing or not integers")
        token_id = token.get("id", index)
        if token_id != index or type(token_id) is not int:
            raise fail(f"{where}: id {token_id!r} is not its position {index} (ids count from 0)")
        given = token.get("text")
        if given is not None and 0 <= start < end <= len(text) and given != text[start:end]:
            raise fail(f"{where}: text {given!r} does not match the document at {start}-{end}")
        starts.append(start)
        ends.append(end)
    tokenization = Tokenization(starts, ends, _sentence_starts(starts, raw_sents, fail))
    if problem := tokenization_problem(text, tokenization):
        raise fail(f"tokens: {problem}")
    return tokenization


def _sentence_starts(
    starts: list[int], raw: object, fail: Callable[[str], InputError]
) -> list[int]:
    """Token indices where the ``sents`` (``{"start", "end"}`` in characters) begin; one
    sentence when there are none."""
    if raw is None or raw == []:
        return [0]
    if not isinstance(raw, list):
        raise fail("'sents' must be a list")
    sentence_starts: list[int] = []
    for index, sent in enumerate(raw):
        start = sent.get("start") if isinstance(sent, dict) else None
        if type(start) is not int:
            raise fail(f"sents[{index}]: expected an object with an integer 'start'")
        position = bisect_left(starts, start)
        if position == len(starts) or starts[position] != start:
            raise fail(f"sents[{index}]: start {start} is not the start of a token")
        if sentence_starts and position <= sentence_starts[-1]:
            raise fail(f"sents[{index}]: starts at or before the sentence before it")
        sentence_starts.append(position)
    if sentence_starts[0] != 0:
        sentence_starts.insert(0, 0)  # tokens before the first sentence: a sentence of their own
    return sentence_starts
