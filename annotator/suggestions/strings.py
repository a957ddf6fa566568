"""The string matcher: proposes again, wherever they occur, the strings the teacher annotated.

INCEpTION's string-matching recommender, for Arabic. ``train(docs)`` counts, for each distinct
span text (its key: `annotator.text.term_key`, i.e. normalized, whitespace collapsed), how often
the teacher gave it each label. ``suggest(doc)`` finds the known strings in the document with
`annotator.text.TermMatcher` (whole tokens, longest match first, not overlapping, through the
proclitics و ف ب ل ك: a learned «أذربيجان» is proposed in «وأذربيجان» and «لأذربيجان» without
the clitic, never inside «الأذربيجانية»; see `annotator.text.terms`) and proposes each label the
string got, scored as INCEpTION does:

    score(string, label) = times the string was annotated with the label
                           / times the string was annotated at all (with any label).

The denominator counts annotations only, not the string's unannotated occurrences. A string
annotated with several labels is proposed with each of them (ACTOR 0.75 and CLAIM 0.25).

A gazetteer (`read_gazetteer`: UTF-8 TSV ``text<TAB>label``) adds strings the teacher never
annotated: each is proposed with `GAZETTEER_SCORE` (0.9) for each of its labels. Once the
teacher has annotated a string, the learned counts alone decide its labels and scores.

Labels the project does not define (not in ``setting.labels``) are skipped, in training and in
the gazetteer. A proposal the annotator already holds (same span and label in ``doc.spans``) is
not made, nor one overlapping an annotation of the same label. Attributes come from
`annotator.rules.initial_attributes`, as for a span made with the hotkey (a CASUALTY's count,
qualifier and outcome read from the text; the schema's defaults).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import Any, NamedTuple

from annotator.errors import InputError, UsageError
from annotator.model import DocRecord
from annotator.rules import initial_attributes
from annotator.suggestions.base import NO_ATTRIBUTES, Proposal, Setting
from annotator.text import TermMatcher, term_key

__all__ = ["GAZETTEER_SCORE", "GazetteerEntry", "LabelScore", "StringMatcher", "read_gazetteer"]

GAZETTEER_SCORE = 0.9
"""The score of a gazetteer string's labels, while the teacher has not annotated the string."""

# a Proposal of a tuple of all its fields, without the generated __new__'s call
_new_proposal = partial(tuple.__new__, Proposal)


class GazetteerEntry(NamedTuple):
    """One line of a gazetteer: a string and the label it proposes."""

    text: str
    label: str


class LabelScore(NamedTuple):
    """A label a known string proposes, with its score."""

    label: str
    score: float


def read_gazetteer(path: str | os.PathLike[str]) -> list[GazetteerEntry]:
    """The entries of a gazetteer file: UTF-8 (a BOM is dropped), one ``text<TAB>label`` a line.

    Blank lines and lines starting with ``#`` are skipped; text and label are stripped of
    surrounding spaces. A line without exactly one tab, or with an empty text or label, and
    bytes that are not UTF-8, raise `InputError` naming the file and line.
    """
    from annotator.formats._common import iter_lines

    entries = []
    name = os.fspath(path)
    for number, line in iter_lines(path, name):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise InputError(
                name, number, f"expected text<TAB>label (one tab), found {len(fields) - 1} tabs"
            )
        text, label = fields[0].strip(), fields[1].strip()
        if not text:
            raise InputError(name, number, "empty text before the tab")
        if not label:
            raise InputError(name, number, "empty label after the tab")
        entries.append(GazetteerEntry(text, label))
    return entries


class StringMatcher:
    """The ``strings`` recommender; see the module docstring.

    Options: ``gazetteer`` ((text, label) pairs: `GazetteerEntry`s from `read_gazetteer`, or
    a project's gazetteers), ``clitics`` (default True:
    match through proclitics; False: whole tokens only).
    """

    name = "strings"

    def __init__(
        self,
        setting: Setting,
        *,
        gazetteer: Sequence[tuple[str, str]] = (),
        clitics: bool = True,
        **options: Any,
    ) -> None:
        if options:
            unknown = ", ".join(sorted(options))
            raise UsageError(f"the strings recommender has no option {unknown}")
        self.setting = setting
        self.clitics = clitics
        # a label's starting attributes when they do not depend on the span's text (no count)
        self._fixed: dict[str, dict[str, Any]] = {
            name: initial_attributes(label, "", 0, 0)
            for name, label in setting.labels.items()
            if not label.has_count
        }
        listed: defaultdict[str, list[str]] = defaultdict(list)
        for text, label in gazetteer:
            key = term_key(text)
            if key and label in setting.labels and label not in listed[key]:
                listed[key].append(label)
        self._gazetteer = {
            key: tuple(LabelScore(label, GAZETTEER_SCORE) for label in labels)
            for key, labels in listed.items()
        }
        self._learned: dict[str, tuple[LabelScore, ...]] = {}
        self._known: dict[str, tuple[LabelScore, ...]] = {}
        self._matcher = TermMatcher(clitics=clitics)
        self._build()

    def train(self, docs: Sequence[DocRecord]) -> None:
        """Learn the label counts of every span text of ``docs`` (replacing what was learned)."""
        labels = self.setting.labels
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for doc in docs:
            for span in doc.spans:
                if span.label in labels:
                    key = term_key(doc.text[span.start : span.end])
                    if key:
                        counts[key][span.label] += 1
        self._learned = {key: _scores(counter) for key, counter in counts.items()}
        self._build()

    def _build(self) -> None:
        self._known = {**self._gazetteer, **self._learned}
        self._matcher = TermMatcher(self._known, clitics=self.clitics)

    def scores(self, text: str) -> tuple[LabelScore, ...]:
        """The labels the string ``text`` proposes, best first (none when it is unknown)."""
        return self._known.get(term_key(text), ())

    def __len__(self) -> int:
        """How many distinct strings it knows (learned and from the gazetteer)."""
        return len(self._known)

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        """Proposals for every known string in ``doc.text``; see the module docstring."""
        if not self._known:
            return []
        matches = self._matcher.find(doc.text)
        if not matches:
            return []
        held: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for span in doc.spans:
            held[span.label].append((span.start, span.end))
        definitions = self.setting.labels
        fixed: dict[str, Mapping[str, Any]] = {  # shared by the proposals: read-only
            name: MappingProxyType(attributes) if attributes else NO_ATTRIBUTES
            for name, attributes in self._fixed.items()
        }
        proposals = []
        known = self._known
        text = doc.text
        for start, end, term, clitic in matches:
            key = term if clitic else None  # «لحكومة» is «الحكومة»
            for label, score in known[term]:
                if label in held and _overlaps(held[label], start, end):
                    continue
                attributes = fixed.get(label)
                if attributes is None:
                    attributes = (
                        initial_attributes(definitions[label], text, start, end) or NO_ATTRIBUTES
                    )
                proposals.append(_new_proposal((start, end, label, score, attributes, None, key)))
        return proposals


def _scores(counter: Counter[str]) -> tuple[LabelScore, ...]:
    """Each label's share of the string's annotations, best first (then by name)."""
    total = sum(counter.values())
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(LabelScore(label, count / total) for label, count in ranked)


def _overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps (or is) one of ``spans``."""
    return any(other_start < end and start < other_end for other_start, other_end in spans)
