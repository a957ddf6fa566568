"""Flattening of many documents' annotations into numpy arrays shared by the measures.

Documents are laid end to end on one global continuum: document ``d`` occupies
``[doc_offset[d], doc_offset[d] + text_length)``, in the order given. Spans are clipped to their
document; spans empty after clipping (or with a label outside ``labels``) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter

import numpy as np

from annotator.agreement.data import DocAnnotations, check_annotators
from annotator.model import RelationRecord, SpanRecord

_get_id = attrgetter("id")


class Corpus:
    """All spans of the compared annotators over a list of documents, as flat arrays.

    Span arrays (one entry per kept span): ``doc``, ``ann`` (annotator index), ``label``
    (label index), ``start``/``end`` (document offsets), ``gstart``/``gend`` (global offsets),
    ``records`` (the :class:`SpanRecord` objects). ``group_slice(label, ann)`` gives the
    positions, sorted by ``gstart``, of one annotator's spans of one label.
    """

    def __init__(
        self,
        docs: Iterable[DocAnnotations],
        annotators: Sequence[str],
        labels: Sequence[str] | None = None,
    ) -> None:
        self.annotators = check_annotators(annotators)
        self.docs: list[DocAnnotations] = list(docs)
        self.doc_ids = [d.doc_id for d in self.docs]
        n_docs = len(self.docs)
        lengths = np.fromiter((max(int(d.text_length), 0) for d in self.docs), np.int64, n_docs)
        self.text_length = lengths
        self.doc_offset = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        self.total_length = int(self.doc_offset[-1])

        fixed = labels is not None
        records: list[SpanRecord] = []
        starts: list[int] = []
        ends: list[int] = []
        label_names: list[str] = []
        seg_doc: list[int] = []
        seg_ann: list[int] = []
        seg_len: list[int] = []
        self._first_record: dict[tuple[int, int], int] = {}
        for d, doc in enumerate(self.docs):
            for a, name in enumerate(self.annotators):
                spans = doc.spans.get(name)
                if not spans:
                    continue
                self._first_record[(d, a)] = len(records)
                records.extend(spans)
                starts.extend([s.start for s in spans])
                ends.extend([s.end for s in spans])
                label_names.extend([s.label for s in spans])
                seg_doc.append(d)
                seg_ann.append(a)
                seg_len.append(len(spans))
        n_rec = len(records)
        doc_all = np.repeat(np.array(seg_doc, dtype=np.int64), seg_len)
        ann_all = np.repeat(np.array(seg_ann, dtype=np.int64), seg_len)
        start_all = np.array(starts, dtype=np.int64).reshape(n_rec)
        end_all = np.array(ends, dtype=np.int64).reshape(n_rec)
        if fixed:
            self.labels = list(labels or [])
        else:
            self.labels = sorted(set(label_names))
        label_index = defaultdict(lambda: -1, {x: i for i, x in enumerate(self.labels)})
        lab_all = np.fromiter(map(label_index.__getitem__, label_names), np.int64, n_rec)
        doc_len = lengths[doc_all] if n_rec else start_all
        start_all = np.clip(start_all, 0, doc_len)
        end_all = np.clip(end_all, 0, doc_len)
        keep = (end_all > start_all) & (lab_all >= 0)
        self.record_position = np.full(n_rec, -1, dtype=np.int64)
        self.record_position[keep] = np.arange(int(keep.sum()))
        self.doc = doc_all[keep]
        self.ann = ann_all[keep]
        self.label = lab_all[keep]
        self.start = start_all[keep]
        self.end = end_all[keep]
        self.gstart = self.start + self.doc_offset[self.doc]
        self.gend = self.end + self.doc_offset[self.doc]
        keep_idx = np.flatnonzero(keep)
        self.records = (
            list(map(records.__getitem__, keep_idx.tolist())) if len(keep_idx) != n_rec else records
        )
        n_labels, n_ann = len(self.labels), len(self.annotators)
        group = self.label * n_ann + self.ann
        self.order = np.lexsort((self.gend, self.gstart, group))
        self._bounds = np.searchsorted(group[self.order], np.arange(n_labels * n_ann + 1))
        self.n_spans = len(self.doc)
        self._tokens: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def n_docs(self) -> int:
        return len(self.docs)

    def group_slice(self, label: int, ann: int) -> np.ndarray:
        """Span positions of annotator ``ann`` with label ``label``, sorted by start."""
        g = label * len(self.annotators) + ann
        return self.order[self._bounds[g] : self._bounds[g + 1]]

    def tokens(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Global ``(token_starts, token_ends, token_doc_offset)``; tokens clipped to their
        document, empty ones dropped, each document's tokens sorted by start."""
        if self._tokens is None:
            counts = np.fromiter((len(d.tokens) for d in self.docs), np.int64, self.n_docs)
            packed = [getattr(d.tokens, "flat", None) for d in self.docs]
            flats = [p for p in packed if p is not None and p.itemsize == 8]
            if self.docs and len(flats) == len(packed):
                # tokens stored as flat int64 arrays (agreement.build.TokenSpans): no copy
                flat = np.concatenate(
                    [np.frombuffer(p, np.int64) for p in flats] or [np.empty(0, np.int64)]
                ).reshape(-1, 2)
            else:
                flat = np.fromiter(
                    chain.from_iterable(chain.from_iterable(d.tokens for d in self.docs)),
                    dtype=np.int64,
                    count=int(counts.sum()) * 2,
                ).reshape(-1, 2)
            tok_doc = np.repeat(np.arange(self.n_docs), counts)
            doc_len = self.text_length[tok_doc]
            ts = np.clip(flat[:, 0], 0, doc_len)
            te = np.clip(flat[:, 1], 0, doc_len)
            keep = te > ts
            ts, te, tok_doc = ts[keep], te[keep], tok_doc[keep]
            gs = ts + self.doc_offset[tok_doc]
            ge = te + self.doc_offset[tok_doc]
            if len(gs) > 1 and (np.diff(gs) < 0).any():
                order = np.lexsort((ge, gs))
                gs, ge, tok_doc = gs[order], ge[order], tok_doc[order]
            offsets = np.searchsorted(tok_doc, np.arange(self.n_docs + 1))
            self._tokens = (gs, ge, offsets)
        return self._tokens

    def source_relations(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """``(head, tail)`` span positions of every relation with this label (both ends kept
        spans of the same annotator; relations naming unknown span ids are ignored)."""
        heads: list[int] = []
        tails: list[int] = []
        for d, doc in enumerate(self.docs):
            if not doc.relations:
                continue
            for a, name in enumerate(self.annotators):
                relations: list[RelationRecord] | None = doc.relations.get(name)
                if not relations:
                    continue
                wanted = [r for r in relations if r.label == label]
                if not wanted:
                    continue
                first = self._first_record.get((d, a))
                if first is None:
                    continue
                spans = doc.spans[name]
                ids = dict(zip(map(_get_id, spans), range(first, first + len(spans)), strict=True))
                for rel in wanted:
                    h, t = ids.get(rel.head), ids.get(rel.tail)
                    if h is None or t is None:
                        continue
                    ph, pt = self.record_position[h], self.record_position[t]
                    if ph >= 0 and pt >= 0:
                        heads.append(int(ph))
                        tails.append(int(pt))
        return np.array(heads, dtype=np.int64), np.array(tails, dtype=np.int64)
