"""DocAnnotations for the agreement measures, streamed from the store (reads the store).

:func:`build_docs` reads texts, spans and relations for ``BATCH`` documents per query; a worker
process tokenizes the next batches meanwhile (:data:`WORKER_MIN_BATCHES`). Tokens are held
packed (:class:`TokenSpans`).
"""

from __future__ import annotations

import gc
import json
import os
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from itertools import chain
from typing import Any

from annotator.agreement.data import DocAnnotations
from annotator.agreement.selection import annotator_ids, select_documents
from annotator.errors import NotFoundError
from annotator.model import RelationRecord, SpanRecord, Tokenization
from annotator.store.project import Project
from annotator.store.readmodel import (
    agreement_rows,
    document_texts,
    document_tokens,
    project_connection,
)
from annotator.workers import one_worker

BATCH = 500
WORKER_MIN_BATCHES = 4  # below this, starting a process costs more than it saves


class TokenSpans(Sequence[tuple[int, int]]):
    """A document's token ``(start, end)`` pairs stored flat in an ``array('q')``.

    Behaves as the list of tuples :func:`annotator.text.token_spans` returns (length, indexing,
    iteration, equality with a list) in 16 bytes per token instead of ~120 for a tuple of two
    ints in a list: a 10,000-document corpus holds five million tokens.
    """

    __slots__ = ("_flat",)

    def __init__(self, flat: array) -> None:
        self._flat = flat

    @classmethod
    def pack(cls, spans: Sequence[tuple[int, int]]) -> TokenSpans:
        return cls(array("q", chain.from_iterable(spans)))

    @property
    def flat(self) -> array:
        """The offsets as one ``array('q')``: start0, end0, start1, end1, ... (do not modify)."""
        return self._flat

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if not -n <= index < n:
            raise IndexError("token index out of range")
        index %= n
        return (self._flat[2 * index], self._flat[2 * index + 1])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        flat = iter(self._flat)
        return zip(flat, flat, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenSpans):
            return self._flat == other._flat
        if isinstance(other, Sequence):
            return len(other) == len(self) and all(
                tuple(a) == b for a, b in zip(other, self, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TokenSpans({list(self)!r})"


def build_docs(
    project: Project,
    annotators: Sequence[str],
    include_unfinished: bool = False,
    *,
    labels: Sequence[str] | None = None,
    document_ids: Sequence[int] | None = None,
    batch: int = BATCH,
) -> Iterator[DocAnnotations]:
    """Stream one DocAnnotations per selected document, in id order.

    ``doc_id`` is the store's document id as a string; tokens come from
    :func:`annotator.text.token_spans`. ``labels`` keeps only spans with those labels (all
    relations are kept; the measures ignore those whose spans are absent). ``document_ids``
    replaces the selection of :func:`~annotator.agreement.selection.select_documents`. Span
    attribute dicts are parsed once per distinct JSON string and copied (shallow) per span.
    """
    if document_ids is None:
        document_ids = select_documents(project, annotators, include_unfinished).document_ids
    ids_of_annotators = annotator_ids(project, annotators)
    name_of = dict(zip(ids_of_annotators, annotators, strict=True))
    parsed_attributes: dict[str, dict[str, Any]] = {"{}": {}, "": {}}
    batches = [list(document_ids[i : i + batch]) for i in range(0, len(document_ids), batch)]
    # a process that tokenizes the next batches while this one builds spans (both cores)
    wanted = len(batches) >= WORKER_MIN_BATCHES and (os.cpu_count() or 1) >= 2
    with one_worker(wanted) as worker:
        pending: deque[Future | None] = deque()

        def ask(position: int) -> None:
            if position < len(batches):
                pending.append(
                    worker.submit(_tokenize_documents, str(project.path), batches[position])
                    if worker is not None
                    else None
                )

        ask(0)
        ask(1)
        for position, ids in enumerate(batches):
            with gc_paused():
                built = _build_batch(project, ids, name_of, labels, parsed_attributes)
                future = pending.popleft()
                ask(position + 2)
                tokens = (
                    future.result() if future is not None else _tokenize_documents(project, ids)
                )
                for doc in built:
                    length, packed = tokens[int(doc.doc_id)]
                    doc.text_length = length
                    doc.tokens = TokenSpans(_unpack(packed))
            yield from built


def token_offsets(text: str, own: Tokenization | None = None) -> array:
    """The token offsets the token measures use, flat (start0, end0, start1, ...): the
    document's own tokens when it has them (a document imported from a tokenized corpus keeps
    them: results are only comparable on a corpus's own tokenization), else
    :func:`annotator.text.token_spans` of its text."""
    if own is not None:
        flat = array("q", bytes(16 * len(own)))
        flat[0::2] = array("q", own.starts)
        flat[1::2] = array("q", own.ends)
        return flat
    from annotator.text import token_spans

    return array("q", chain.from_iterable(token_spans(text)))


def _tokenize_documents(source: Project | str, ids: list[int]) -> dict[int, tuple[int, bytes]]:
    """Each document's length and packed token offsets; `source` is the project, or its path
    in the worker (`store.readmodel.project_connection`)."""
    with project_connection(source) as conn:
        own = document_tokens(conn, ids)  # imported corpora are measured on their own tokens
        return {
            doc_id: (len(text), token_offsets(text, own.get(doc_id)).tobytes())
            for doc_id, text in document_texts(conn, ids)
        }


def _unpack(packed: bytes) -> array:
    flat = array("q")
    flat.frombytes(packed)
    return flat


def _build_batch(
    project: Project,
    ids: list[int],
    name_of: dict[int, str],
    labels: Sequence[str] | None,
    parsed_attributes: dict[str, dict[str, Any]],
) -> list[DocAnnotations]:
    """The documents `ids` with the spans and relations of the annotators in `name_of` (names
    by annotator id); length and tokens are filled in by build_docs."""
    known, span_rows, relation_rows = agreement_rows(project, ids, list(name_of), labels)
    spans: dict[int, dict[str, list[SpanRecord]]] = {doc_id: {} for doc_id in ids}
    current: list[SpanRecord] = []
    key = None
    name = ""
    label_names: dict[str, str] = {}
    for span in span_rows:
        label = label_names.setdefault(span.label, span.label)  # one str object per label
        if (span.document_id, span.annotator_id) != key:
            key = (span.document_id, span.annotator_id)
            name = name_of[span.annotator_id]
            current = spans[span.document_id].setdefault(name, [])
        parsed = parsed_attributes.get(span.attributes)
        if parsed is None:
            parsed = _parse_attributes(span.attributes, parsed_attributes)
        current.append(
            SpanRecord(span.start, span.end, label, span.uuid, name, dict(parsed) if parsed else {})
        )
    relations: dict[int, dict[str, list[RelationRecord]]] = {doc_id: {} for doc_id in ids}
    for relation in relation_rows:
        name = name_of[relation.annotator_id]
        relations[relation.document_id].setdefault(name, []).append(
            RelationRecord(relation.head, relation.tail, relation.label, relation.uuid, name)
        )
    built = []
    for doc_id in ids:
        if doc_id not in known:
            raise NotFoundError(f"no document {doc_id} in {project.path}")
        built.append(DocAnnotations(str(doc_id), 0, (), spans[doc_id], relations[doc_id]))
    return built


@contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector while building many small objects (none cyclic):
    its repeated passes over the growing heap would otherwise cost more than the building."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_attributes(text: str | None, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Parse a span's JSON attributes, remembering up to 100,000 distinct strings."""
    parsed = json.loads(text) if text else {}
    if not isinstance(parsed, dict):
        parsed = {}
    if text is not None and len(cache) < 100_000:
        cache[text] = parsed
    return parsed
