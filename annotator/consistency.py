"""Consistency checks of an annotator's work (brat's idea, with our normalization; no Qt, no
SQL): `annotator check --consistency` and the app's Consistency dock.

For each annotator separately, over the documents they have worked on (a status other than
new, or an annotation there):

* **labels**: the same string (`annotator.text.term_key`: the search normalization, spaces
  collapsed) labelled differently, e.g. «الحكومة» as ACTOR in one place and CLAIM in another;
* **unlabelled**: a string the annotator labelled somewhere, present elsewhere without a span of
  that label over it. Occurrences are whole tokens, also right after a proclitic, as "Annotate
  all" finds them (`annotator.text.TermMatcher`, built once from every labelled string and run
  once over each document's text); an occurrence counts as labelled when one of the annotator's
  spans with one of the string's labels overlaps it (a span taking in the clitic, or a longer
  name, covers it). Inside a match of a string of several words that a label never had, that
  label's strings are looked for again, so that an ACTOR's string inside a CLAIM's is found;
  within a label the longest string wins, as in Annotate all.

Each finding's `scope` says whether it shows inside one document ("document": two labels, or
a labelled and an unlabelled occurrence, in the same document) or only across the project.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.text.terms import TermMatcher, term_key

if TYPE_CHECKING:
    from annotator.store import Project
    from annotator.store.annotation_search import LabelledSpan

LABELS, UNLABELLED = "labels", "unlabelled"
DOCUMENT, PROJECT = "document", "project"
KINDS = (LABELS, UNLABELLED)


class Place(NamedTuple):
    """Where a string is: a span (`label`, `uuid`) or an unlabelled occurrence (None)."""

    document_id: int
    start: int
    end: int
    label: str | None = None
    uuid: str | None = None


class Inconsistency(NamedTuple):
    """One finding: `key` (the normalized string) as `text` (its most frequent writing),
    `labels` (how many spans of the string had each label), and `places`: every span of the
    string (kind "labels") or its unlabelled occurrences (kind "unlabelled")."""

    kind: str
    annotator: str
    key: str
    text: str
    labels: dict[str, int]
    scope: str
    places: list[Place]

    def describe(self) -> str:
        labelled = ", ".join(f"{label} {count}×" for label, count in self.labels.items())
        where = "within a document" if self.scope == DOCUMENT else "across documents"
        if self.kind == LABELS:
            return f"«{self.text}» labelled differently ({labelled}), {where}"
        return (
            f"«{self.text}» labelled {labelled} but not at {len(self.places)} other place(s), "
            f"{where}"
        )


class ConsistencyReport(NamedTuple):
    """The findings of `check_consistency` and what was checked."""

    annotators: list[str]
    documents: int
    spans: int
    findings: list[Inconsistency]
    names: dict[int, str]  # document id -> name, for the documents of the findings

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": self.annotators,
            "documents_checked": self.documents,
            "spans_checked": self.spans,
            "findings": [
                {
                    "kind": f.kind,
                    "annotator": f.annotator,
                    "text": f.text,
                    "key": f.key,
                    "labels": f.labels,
                    "scope": f.scope,
                    "places": [
                        {**place._asdict(), "document": self.names.get(place.document_id)}
                        for place in f.places
                    ],
                }
                for f in self.findings
            ],
        }


def find_inconsistencies(
    spans: Sequence[LabelledSpan],
    texts: Iterable[tuple[int, str]],
    worked: dict[str, set[int]],
) -> list[Inconsistency]:
    """The findings over `spans` (every annotator's), the `texts` (document id, text) of the
    documents worked on, and who worked on which (`worked`); see the module docstring."""
    by_string: dict[tuple[str, str], list[LabelledSpan]] = defaultdict(list)
    keys: dict[str, str] = {}  # text -> term_key: the same strings recur
    for span in spans:
        key = keys.get(span.text)
        if key is None:
            key = keys[span.text] = term_key(span.text)
        if key:
            by_string[span.annotator, key].append(span)
    findings: list[Inconsistency] = []
    labels_of: dict[tuple[str, str], frozenset[str]] = {}
    who_labelled: dict[str, list[str]] = defaultdict(list)
    for (annotator, key), group in by_string.items():
        labels_of[annotator, key] = frozenset(s.label for s in group)
        who_labelled[key].append(annotator)
        if len(labels_of[annotator, key]) > 1:
            per_document: dict[int, set[str]] = defaultdict(set)
            for s in group:
                per_document[s.document_id].add(s.label)
            scope = DOCUMENT if any(len(v) > 1 for v in per_document.values()) else PROJECT
            findings.append(
                _finding(LABELS, annotator, key, group, scope, [_place(s) for s in group])
            )
    # the annotator's spans per document, to tell a labelled occurrence from another
    held: dict[tuple[str, int], _Held] = defaultdict(_Held)
    for span in spans:
        held[span.annotator, span.document_id].add(span)
    # One matcher of every string, once over each text; inside a match of a string that a
    # label never had, that label's matcher looks again (an ACTOR's string inside a CLAIM).
    label_keys: dict[str, set[str]] = defaultdict(set)
    for (_, key), labels in labels_of.items():
        for label in labels:
            label_keys[label].add(key)
    everything = TermMatcher(key for _, key in by_string)
    by_label = {label: TermMatcher(keys) for label, keys in sorted(label_keys.items())}
    missing: dict[tuple[str, str], dict[Place, None]] = defaultdict(dict)

    def seen(document_id: int, start: int, end: int, key: str) -> None:
        for annotator in who_labelled.get(key, ()):
            if document_id not in worked.get(annotator, ()):
                continue
            labels = labels_of[annotator, key]
            if not held[annotator, document_id].covers(start, end, labels):
                missing[annotator, key][Place(document_id, start, end)] = None

    for document_id, text in texts:
        for match in everything.find(text):
            seen(document_id, match.start, match.end, match.term)
            if " " not in match.term:
                continue  # one word: another label's string is not looked for inside
            inside = text[match.start : match.end]
            for label, matcher in by_label.items():
                if match.term in label_keys[label]:
                    continue
                for inner in matcher.find(inside):
                    if (inner.start, inner.end) != (0, len(inside)):
                        start = match.start + inner.start
                        seen(document_id, start, match.start + inner.end, inner.term)
    for (annotator, key), found in missing.items():
        places = sorted(found)
        group = by_string[annotator, key]
        labelled_in = {s.document_id for s in group}
        scope = DOCUMENT if any(p.document_id in labelled_in for p in places) else PROJECT
        findings.append(_finding(UNLABELLED, annotator, key, group, scope, places))
    findings.sort(key=lambda f: (KINDS.index(f.kind), f.annotator, -len(f.places), f.key))
    return findings


class _Held:
    """An annotator's spans in one document: does one of some labels overlap a range?"""

    def __init__(self) -> None:
        self.exact: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.spans: list[tuple[int, int, str]] = []  # start, end, label
        self.longest = 0
        self.ordered = True

    def add(self, span: LabelledSpan) -> None:
        self.exact[span.start, span.end].add(span.label)
        if self.spans and span.start < self.spans[-1][0]:
            self.ordered = False
        self.spans.append((span.start, span.end, span.label))
        if span.end - span.start > self.longest:
            self.longest = span.end - span.start

    def covers(self, start: int, end: int, labels: frozenset[str]) -> bool:
        if not labels.isdisjoint(self.exact.get((start, end), ())):
            return True
        if not self.ordered:
            self.spans.sort()
            self.ordered = True
        spans = self.spans
        index = bisect_left(spans, (end,))  # the spans starting before `end`
        while index > 0:
            index -= 1
            other_start, other_end, label = spans[index]
            if other_start + self.longest <= start:
                return False  # none further back reaches `start`
            if other_end > start and label in labels:
                return True
        return False


def _place(span: LabelledSpan) -> Place:
    return Place(span.document_id, span.start, span.end, span.label, span.uuid)


def _finding(
    kind: str,
    annotator: str,
    key: str,
    group: list[LabelledSpan],
    scope: str,
    places: list[Place],
) -> Inconsistency:
    labels = dict(Counter(s.label for s in group).most_common())
    text = Counter(s.text for s in group).most_common(1)[0][0]
    return Inconsistency(kind, annotator, key, text, labels, scope, places)


def check_consistency(
    project: Project, annotators: Sequence[str] | None = None
) -> ConsistencyReport:
    """The consistency findings of `annotators` (None: every annotator, gold included) in
    `project` (reads only)."""
    spans = project.labelled_spans(annotators)
    worked = project.worked_documents(annotators)
    names: dict[int, str] = {}
    documents = sorted(set().union(*worked.values())) if worked else []

    def texts() -> Iterable[tuple[int, str]]:
        for document in project.iter_documents(documents):
            names[document.id] = document.name
            yield document.id, document.text

    findings = find_inconsistencies(spans, texts(), worked)
    shown = {place.document_id for f in findings for place in f.places}
    return ConsistencyReport(
        sorted(worked) if annotators is None else list(annotators),
        len(documents),
        len(spans),
        findings,
        {doc: name for doc, name in names.items() if doc in shown},
    )
