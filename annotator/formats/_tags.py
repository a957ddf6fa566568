"""Token alignment and IOB1/IOB2/BIOES tagging, shared by the CoNLL and HF codecs.

Writers go from character spans to per-token tags in one linear sweep per document: the
text is tokenized once and the tokens grouped by ``split_sentences``; every span boundary that
falls inside a token splits that token, so each span covers whole tokens and is reproduced
exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from annotator.errors import NotFoundError
from annotator.model import DocRecord, SpanRecord
from annotator.rules import TAG_SCHEMES

from ._common import ImportReport

SCHEMES = TAG_SCHEMES

TAG_RE = re.compile(r"O|([BIESLU])-([^\s-]\S*)")
"""A valid tag: ``O`` or a prefix B/I/E/S/L/U, a hyphen and a label not starting with a
hyphen. BILOU's ``L-`` (last) and ``U-`` (unit) are BIOES's ``E-`` and ``S-``."""

BILOU_PREFIX = {"L": "E", "U": "S"}
"""BILOU's prefixes as the BIOES ones they stand for (`ColumnDecoder` reads both)."""


def normalise_scheme(scheme: str) -> str:
    """``"iob2"``, ``"BIO"``, ``"IOBES"``, ``"BILUO"`` ... to one of :data:`SCHEMES`.

    ``"auto"`` asks a writer for each document's own scheme (`Tokenization.scheme`, the one
    its corpus used); a writer that has one scheme per file (HF) reads it as IOB2 here.
    """
    key = scheme.upper().replace("-", "")
    aliases = {"IOB2": "IOB2", "BIO": "IOB2", "IOB": "IOB2", "IOB1": "IOB1", "AUTO": "IOB2"}
    aliases |= {"BIOES": "BIOES", "IOBES": "BIOES", "BILOU": "BILOU", "BILUO": "BILOU"}
    if key not in aliases:
        raise NotFoundError(f"unknown tag scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    return aliases[key]


# --------------------------------------------------------------------------- writing


@dataclass(slots=True)
class Placed:
    """A span on ``first`` .. ``last - 1``: characters before alignment, tokens after."""

    first: int
    last: int
    label: str
    span: SpanRecord


@dataclass
class AlignedDoc:
    """A document cut into tokens and sentences, with its spans placed on whole tokens."""

    doc: DocRecord
    starts: list[int]
    ends: list[int]
    sentence_starts: list[int]  # token indices where a sentence begins, first is 0
    placed: list[Placed | None]  # token ranges, parallel to the input (None: no token)
    words: list[str] | None = None  # with `segment`: the word each token is a piece of


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without leading and trailing whitespace (may become empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def doc_where(doc: DocRecord) -> str:
    """How to name ``doc`` in a report."""
    return doc.source or doc.name or (str(doc.id) if doc.id is not None else "document")


def trimmed_spans(doc: DocRecord, report: ImportReport) -> list[Placed]:
    """The document's spans as character ranges without surrounding whitespace.

    Trimming is counted as ``spans_trimmed``; spans of whitespace only are dropped
    (``spans_blank``).
    """
    text = doc.text
    items: list[Placed] = []
    for span in doc.spans:
        start, end = span.start, span.end
        if start < end and not (text[start : start + 1].isspace() or text[end - 1 : end].isspace()):
            items.append(Placed(start, end, span.label, span))  # nothing to trim: most spans
            continue
        start, end = trim(text, start, end)
        if start >= end:
            report.skip(doc_where(doc), doc.line, _describe(doc, span, "is blank"), "spans_blank")
            continue
        if start != span.start or end != span.end:
            report.count("spans_trimmed")
        items.append(Placed(start, end, span.label, span))
    return items


def _default_splitters() -> tuple[Callable, Callable]:
    """``split_sentences`` and ``token_spans`` (``tokenize`` offsets without Token objects)."""
    from annotator.text import split_sentences, token_spans

    return split_sentences, token_spans


def align(
    doc: DocRecord,
    items: Sequence[Placed],
    report: ImportReport,
    *,
    split_sentences: Callable | None = None,
    tokenize: Callable | None = None,
    segment: str | None = None,
) -> AlignedDoc:
    """Tokenize ``doc`` (or take its own tokens and sentences, ``doc.tokens``) and map the
    (trimmed, character) ``items`` onto whole tokens.

    ``segment`` (``"d3tok"`` or ``"atbtok"``): each token (a word) is first cut into its
    clitic pieces by the configured morphology database (`annotator.camel.morphology`; the
    pieces cover the word exactly, so the text is unchanged), counted ``tokens_segmented``;
    ``words`` then holds, for each token, the word it is a piece of.
    A token that an item boundary falls inside is split there (``tokens_split``), a piece
    too: both parts keep their word. A sentence break that would fall inside an item is
    removed (``sentences_merged``).
    """
    if doc.tokens is not None:  # the document's own: kept
        starts, ends = list(doc.tokens.starts), list(doc.tokens.ends)
        sentence_starts = list(doc.tokens.sentence_starts)
    else:
        starts, ends, sentence_starts = own_tokens(doc.text, split_sentences, tokenize)
    word_starts = word_ends = None
    if segment is not None:
        word_starts, word_ends = starts, ends
        starts, ends, sentence_starts = _segmented(doc.text, starts, ends, sentence_starts, segment)
        report.count("tokens_segmented", len(starts) - len(word_starts))

    cuts = sorted({offset for item in items for offset in (item.first, item.last)})
    if cuts:
        starts, ends, sentence_starts = _split_tokens(starts, ends, sentence_starts, cuts, report)

    placed: list[Placed | None] = []
    n_tokens = len(starts)
    covered = [0] * (n_tokens + 1)  # difference array marking tokens inside multi-token items
    for item in items:
        first = bisect_left(starts, item.first)
        last = bisect_right(ends, item.last)
        if first >= last:  # the tokenizer left these characters out of every token
            message = _describe(doc, item.span, "has no token")
            report.skip(doc_where(doc), doc.line, message, "spans_blank")
            placed.append(None)
            continue
        placed.append(Placed(first, last, item.label, item.span))
        if last - first > 1:
            covered[first + 1] += 1
            covered[last] -= 1
    if placed and len(sentence_starts) > 1:
        inside = list(accumulate(covered))
        kept = [index for index in sentence_starts if inside[index] <= 0]
        if len(kept) != len(sentence_starts):
            report.count("sentences_merged", len(sentence_starts) - len(kept))
        sentence_starts = kept
    words = None
    if word_starts is not None and word_ends is not None:
        text = doc.text
        words = []
        for start in starts:
            word = bisect_right(word_starts, start) - 1
            words.append(text[word_starts[word] : word_ends[word]])
    return AlignedDoc(doc, starts, ends, sentence_starts, placed, words)


def pieces_of_words(tokens: list[str], words: list[str]) -> list[bool]:
    """For each token, whether it continues the word the token before it began, so that a
    reader rebuilds the text without a space there: ``words`` (a file written with
    ``segment``: CoNLL's ``word`` column, HF's ``words`` field) holds each token's word, and
    a token continues a word when it is that word's next characters. All False when
    ``words`` does not hold one word per token."""
    glued = [False] * len(tokens)
    if len(words) != len(tokens):
        return glued
    left = ""  # what the current word still holds after the tokens so far
    current: str | None = None
    for index, (token, word) in enumerate(zip(tokens, words, strict=True)):
        if left and word == current and left.startswith(token):
            glued[index] = True
            left = left[len(token) :]
            continue
        current = word
        left = word[len(token) :] if word.startswith(token) else ""
    return glued


def word_tokens(bounds: Sequence[tuple[int, int]], glued: Sequence[bool]) -> list[tuple[int, int]]:
    """A sentence's own tokens as a reader of a file written with ``segment`` keeps them:
    the ``bounds`` of its tokens, each run of pieces of one word (``glued``, from
    `pieces_of_words`, and touching) made one token, the word. The pieces are a view an
    export makes (`align`'s ``segment`` cuts the words again), so a corpus read back, exported
    with ``segment`` and read back again keeps its words and its text."""
    merged: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(bounds):
        if merged and glued[index] and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _segmented(
    text: str, starts: list[int], ends: list[int], sentence_starts: list[int], scheme: str
) -> tuple[list[int], list[int], list[int]]:
    """The tokens cut into clitic pieces (`align`'s ``segment``); sentences start at the
    first piece of the word they started at."""
    from annotator.camel.morphology import require

    split = require().split_words(text, starts, ends, scheme)
    sentences = [split.first_piece[index] for index in sentence_starts]
    return split.starts, split.ends, sentences


def own_tokens(
    text: str, split_sentences: Callable | None = None, tokenize: Callable | None = None
) -> tuple[list[int], list[int], list[int]]:
    """Token starts, ends and sentence starts (token indices) of `text` by our tokenizer and
    sentence splitter (or the ones given)."""
    if split_sentences is None or tokenize is None:
        default_split, default_tok = _default_splitters()
        split_sentences = split_sentences or default_split
        tokenize = tokenize or default_tok
    starts, ends = _token_offsets(tokenize(text))
    n_tokens = len(starts)
    sentence_starts: list[int] = []
    for sent_start, _ in split_sentences(text):
        index = bisect_left(starts, sent_start)  # a start inside a token joins it to the last
        if index < n_tokens and (not sentence_starts or index > sentence_starts[-1]):
            sentence_starts.append(index)
    if n_tokens and (not sentence_starts or sentence_starts[0] != 0):
        sentence_starts.insert(0, 0)
    return starts, ends, sentence_starts


def _token_offsets(tokens: Sequence) -> tuple[list[int], list[int]]:
    """Start and end lists of ``(start, end)`` pairs or objects with ``.start``/``.end``."""
    if tokens and not isinstance(tokens[0], tuple):
        return [token.start for token in tokens], [token.end for token in tokens]
    return [token[0] for token in tokens], [token[1] for token in tokens]


def _split_tokens(
    starts: list[int],
    ends: list[int],
    sentence_starts: list[int],
    cuts: list[int],
    report: ImportReport,
) -> tuple[list[int], list[int], list[int]]:
    """Split tokens at the cut points strictly inside them (work only where a cut falls)."""
    inside: dict[int, list[int]] = {}
    for cut in cuts:
        index = bisect_right(starts, cut) - 1
        if index >= 0 and starts[index] < cut < ends[index]:
            inside.setdefault(index, []).append(cut)
    if not inside:
        return starts, ends, sentence_starts
    new_starts: list[int] = []
    new_ends: list[int] = []
    previous = 0
    split_tokens = sorted(inside)
    added_before: list[int] = []  # pieces added by the split tokens up to each one
    added = 0
    for index in split_tokens:
        new_starts.extend(starts[previous:index])
        new_ends.extend(ends[previous:index])
        pieces = [starts[index], *inside[index], ends[index]]
        new_starts.extend(pieces[:-1])
        new_ends.extend(pieces[1:])
        previous = index + 1
        added += len(pieces) - 2
        added_before.append(added)
    new_starts.extend(starts[previous:])
    new_ends.extend(ends[previous:])
    report.count("tokens_split", added)
    new_sentence_starts = []
    for index in sentence_starts:
        position = bisect_left(split_tokens, index)  # split tokens strictly before this one
        new_sentence_starts.append(index + (added_before[position - 1] if position else 0))
    return new_starts, new_ends, new_sentence_starts


def _describe(doc: DocRecord, span: SpanRecord, problem: str) -> str:
    name = doc.name or doc.id or "document"
    return f"{name}: span {span.start}-{span.end} {span.label} {problem}; dropped"


def stack_layers(
    placed: Sequence[Placed], report: ImportReport, where: str, line: int | None
) -> list[list[Placed]]:
    """Partition spans into non-overlapping layers, outermost first (each span in the first
    layer it fits: a span inside another goes one layer deeper).

    Exact duplicates (same tokens, same label) are dropped and counted.
    """
    layers: list[list[Placed]] = []
    layer_ends: list[int] = []
    seen: set[tuple[int, int, str]] = set()
    for item in sorted(placed, key=lambda p: (p.first, -p.last)):
        key = (item.first, item.last, item.label)
        if key in seen:
            report.skip(where, line, f"duplicate span {item.label} dropped", "spans_duplicate")
            continue
        seen.add(key)
        for index, layer_end in enumerate(layer_ends):
            if layer_end <= item.first:
                layers[index].append(item)
                layer_ends[index] = item.last
                break
        else:
            layers.append([item])
            layer_ends.append(item.last)
    return layers


def by_priority(
    placed: Sequence[Placed],
    priority: Sequence[str],
    report: ImportReport,
    where: str,
    line: int | None,
) -> list[Placed]:
    """One non-overlapping layer: spans in label priority order, then longer first.

    Labels missing from ``priority`` come after it, alphabetically. Spans overlapping a
    kept span are dropped and counted as ``spans_dropped_overlap``.
    """
    rank = {label: index for index, label in enumerate(priority)}
    unknown = sorted({p.label for p in placed if p.label not in rank})
    for label in unknown:
        rank[label] = len(rank)
    order = sorted(placed, key=lambda p: (rank[p.label], p.first - p.last, p.first))
    taken_starts: list[int] = []  # sorted, parallel to kept_sorted
    kept_sorted: list[Placed] = []
    for item in order:
        index = bisect_left(taken_starts, item.first)
        clash = (index < len(kept_sorted) and kept_sorted[index].first < item.last) or (
            index > 0 and kept_sorted[index - 1].last > item.first
        )
        if clash:
            message = f"span {item.span.start}-{item.span.end} {item.label} overlaps a kept span"
            report.skip(where, line, message + "; dropped", "spans_dropped_overlap")
            continue
        taken_starts.insert(index, item.first)
        kept_sorted.insert(index, item)
    return kept_sorted


def document_scheme(doc: DocRecord, scheme: str) -> str:
    """The scheme to write ``doc`` in: ``scheme``, or for ``"auto"`` the one its corpus used
    (``doc.tokens.scheme``), else IOB2."""
    if scheme.lower() != "auto":
        return normalise_scheme(scheme)
    own = doc.tokens.scheme if doc.tokens is not None else None
    return own or "IOB2"


def encode(
    layer: Sequence[Placed], n_tokens: int, scheme: str, sentence_start: Sequence[bool]
) -> list[str]:
    """Tags for one layer of non-overlapping spans, sorted by position."""
    tags = ["O"] * n_tokens
    end, single = ("L-", "U-") if scheme == "BILOU" else ("E-", "S-")
    previous_last = -1
    previous_label = ""
    for item in layer:
        first, last, label = item.first, item.last, item.label
        inside = "I-" + label
        if scheme == "IOB2":
            tags[first] = "B-" + label
            for index in range(first + 1, last):
                tags[index] = inside
        elif scheme == "IOB1":
            adjacent = previous_last == first and previous_label == label
            tags[first] = "B-" + label if adjacent and not sentence_start[first] else inside
            for index in range(first + 1, last):
                tags[index] = inside
        else:
            if last - first == 1:
                tags[first] = single + label
            else:
                tags[first] = "B-" + label
                for index in range(first + 1, last - 1):
                    tags[index] = inside
                tags[last - 1] = end + label
        previous_last, previous_label = last, label
    return tags


# --------------------------------------------------------------------------- reading


class ColumnDecoder:
    """Turns one tag column of a sentence into ``(first, last, label)`` token ranges.

    Lenient in one way only: an ``I-``/``E-`` tag that does not continue an entity of the
    same label starts one (its line is recorded in ``i_starts``). The same code reads IOB1,
    IOB2, BIOES and BILOU (``L``/``U`` prefixes are read as ``E``/``S``); the counters let
    the caller tell which scheme the file used.
    """

    __slots__ = (
        "label",
        "first",
        "previous",
        "entities",
        "i_starts",
        "b_not_adjacent",
        "unended",
        "first_unended",
    )

    def __init__(self) -> None:
        self.label: str | None = None  # label of the open entity
        self.previous: str | None = None  # label of the previous tag (None for O)
        self.first = 0
        self.entities: list[tuple[int, int, str]] = []
        self.i_starts: list[tuple[int, str]] = []  # (line, tag) of I-/E- starting an entity
        self.b_not_adjacent = 0  # B-X not right after an X tag: IOB1 never has them
        self.unended = 0  # entities closed without E-/S- (BIOES wants none)
        self.first_unended: int | None = None

    def feed(self, index: int, prefix: str | None, label: str, line: int) -> None:
        """Tag number ``index`` of the sentence, with ``prefix`` (None for ``O``)."""
        prefix = BILOU_PREFIX.get(prefix, prefix) if prefix is not None else None
        if prefix is None:
            self._close(index, line)
            self.previous = None
            return
        if prefix == "B" or prefix == "S":
            if self.previous != label:
                self.b_not_adjacent += 1
            self._close(index, line)
            self.label, self.first = label, index
        elif self.label != label:
            self._close(index, line)
            self.i_starts.append((line, f"{prefix}-{label}"))
            self.label, self.first = label, index
        if prefix == "E" or prefix == "S":
            self.entities.append((self.first, index + 1, label))
            self.label = None
        self.previous = label

    def finish(self, index: int, line: int) -> list[tuple[int, int, str]]:
        """End the sentence after ``index`` tokens; return and reset its entities."""
        self._close(index, line)
        self.previous = None
        entities, self.entities = self.entities, []
        return entities

    def _close(self, index: int, line: int) -> None:
        if self.label is None:
            return
        self.unended += 1
        if self.first_unended is None:
            self.first_unended = line
        self.entities.append((self.first, index, self.label))
        self.label = None


class SchemeFinder:
    """Which scheme a file's tags follow, decided over the whole file (`ColumnDecoder` reads
    every scheme the same way, so only the report depends on it): E-/S- tags make it BIOES,
    L-/U- tags BILOU (mixing the two is a problem); else IOB1 when entities start with I- and
    no B- appears except right after the same label; else IOB2. ``wanted``: the scheme the
    caller was told (None: find it); an end tag of another family is then a problem."""

    def __init__(self, wanted: str | None) -> None:
        self.wanted = wanted
        self.end_family: str | None = None  # "BIOES" or "BILOU" once an E-/S-/L-/U- is seen
        self.doc_family: str | None = None  # ... in the present document
        self.doc_counts = (0, 0)  # `_counts` of the decoders when the document began

    def start_document(self, decoders: Sequence[ColumnDecoder]) -> None:
        """A new document begins (for `document_scheme`)."""
        self.doc_family = None
        self.doc_counts = _counts(decoders)

    def document_scheme(self, decoders: Sequence[ColumnDecoder]) -> str:
        """The scheme of the document begun last, decided as `finish` decides the file's (on
        its own tags: the one its corpus used, `Tokenization.scheme`)."""
        if self.wanted is not None:
            return self.wanted
        if self.doc_family is not None:
            return self.doc_family
        i_starts, b_not_adjacent = _counts(decoders)
        if i_starts > self.doc_counts[0] and b_not_adjacent == self.doc_counts[1]:
            return "IOB1"
        return "IOB2"

    def problem(self, prefix: str | None, tag: str, learn: bool = True) -> str | None:
        """What is wrong with `tag` (of `prefix`) in this file, or None; `learn`: remember
        its family (False to only test a line)."""
        if prefix not in ("E", "S", "L", "U"):
            return None
        family = "BILOU" if prefix in BILOU_PREFIX else "BIOES"
        if self.wanted is not None and self.wanted != family:
            return f"tag {tag!r} is not {self.wanted}"
        if learn:
            self.doc_family = family
        if self.end_family is None:
            if learn:
                self.end_family = family
        elif family != self.end_family:
            return f"tag {tag!r} mixes BILOU (L-/U-) and BIOES (E-/S-) tags in one file"
        return None

    def finish(self, decoders: Sequence[ColumnDecoder], report: ImportReport, path: str) -> str:
        """The scheme of the file the `decoders` read, put in ``report.info["scheme"]``, with
        its leniencies warned: ``i_without_b`` (unless IOB1), ``bioes_unended``."""
        i_starts = [item for decoder in decoders for item in decoder.i_starts]
        scheme = self.wanted
        if scheme is None:
            if self.end_family is not None:
                scheme = self.end_family
            elif i_starts and sum(decoder.b_not_adjacent for decoder in decoders) == 0:
                scheme = "IOB1"
            else:
                scheme = "IOB2"
        report.info["scheme"] = scheme
        if scheme == "IOB1":
            return scheme
        for line, tag in sorted(i_starts):
            message = f"{tag} does not continue an entity; read as its start"
            report.warn(path, line, message, "i_without_b")
        if scheme in ("BIOES", "BILOU"):
            unended = sum(decoder.unended for decoder in decoders)
            if unended:
                lines = [d.first_unended for d in decoders if d.first_unended is not None]
                ends = "L-/U-" if scheme == "BILOU" else "E-/S-"
                message = f"{unended} entities end without {ends} (first near here)"
                report.warn(path, min(lines), message, "bioes_unended")
        return scheme


def _counts(decoders: Sequence[ColumnDecoder]) -> tuple[int, int]:
    """I-/E- tags that started an entity and B-/S- tags not after the same label, so far."""
    return (
        sum(len(decoder.i_starts) for decoder in decoders),
        sum(decoder.b_not_adjacent for decoder in decoders),
    )
