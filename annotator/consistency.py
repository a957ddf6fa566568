"""Consistency checks of an annotator's work (brat's idea, with our normalization; no Qt, no
SQL): `annotator check --consistency` and the app's Consistency dock.

For each annotator separately, over the documents they have worked on (a status other than
new, or an annotation there):

* **labels**: the same string (`annotator.text.term_key`: the search normalization, spaces
  collapsed) labelled differently, e.g. «الحكومة» as ACTOR in one place and CLAIM in another;
* **unlabelled**: a string the annotator labelled somewhere, present elsewhere without a span of
  that label over it. Occurrences are whole tokens, also right after a proclitic, as "Annotate
  all" finds them (`annotator.text.TermMatcher`, built once per annotator from the strings they
  labelled and run once over each text they worked on); an occurrence counts as labelled when
  one of the annotator's spans with one of the string's labels overlaps it (a span taking in
  the clitic, or a longer name, covers it). Inside a match of a string of several words that a
  label never had (from this annotator), that label's strings are looked for again, so that an
  ACTOR's string inside a CLAIM's is found; within a label the longest string wins, as in
  Annotate all. Other annotators' strings and labels play no part: checking several
  annotators gives the union of checking each alone.

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
    documents worked on, and who worked on which (`worked`); see the module docstring. Each
    annotator's findings depend on their own spans only: checking several annotators at once
    gives the union of checking each alone."""
    keys: dict[str, str] = {}  # text -> term_key: the same strings recur
    own: dict[str, list[LabelledSpan]] = defaultdict(list)
    for span in spans:
        own[span.annotator].append(span)
    checks = [_AnnotatorCheck(annotator, group, keys) for annotator, group in own.items()]
    findings = [finding for check in checks for finding in check.label_findings()]
    # each text is read once; every annotator who worked on it looks at it with their strings
    readers: dict[int, list[_AnnotatorCheck]] = defaultdict(list)
    for check in checks:
        for document_id in worked.get(check.annotator, ()):
            readers[document_id].append(check)
    for document_id, text in texts:
        for check in readers.get(document_id, ()):
            check.scan(document_id, text)
    for check in checks:
        findings += check.unlabelled_findings()
    findings.sort(key=lambda f: (KINDS.index(f.kind), f.annotator, -len(f.places), f.key))
    return findings


class _AnnotatorCheck:
    """One annotator's strings, their matchers and what is found unlabelled."""

    def __init__(self, annotator: str, spans: list[LabelledSpan], keys: dict[str, str]) -> None:
        self.annotator = annotator
        self.by_string: dict[str, list[LabelledSpan]] = defaultdict(list)
        # the annotator's spans per document, to tell a labelled occurrence from another
        self.held: dict[int, _Held] = defaultdict(_Held)
        for span in spans:
            key = keys.get(span.text)
            if key is None:
                key = keys[span.text] = term_key(span.text)
            if key:
                self.by_string[key].append(span)
            self.held[span.document_id].add(span)
        self.labels_of = {
            key: frozenset(s.label for s in group) for key, group in self.by_string.items()
        }
        # One matcher of every string, once over each text; inside a match of a string that
        # a label never had, that label's matcher looks again (an ACTOR's string in a CLAIM).
        self.label_keys: dict[str, set[str]] = defaultdict(set)
        for key, labels in self.labels_of.items():
            for label in labels:
                self.label_keys[label].add(key)
        self.everything = TermMatcher(self.by_string)
        self.by_label = {
            label: TermMatcher(keys) for label, keys in sorted(self.label_keys.items())
        }
        self.missing: dict[str, dict[Place, None]] = defaultdict(dict)

    def label_findings(self) -> list[Inconsistency]:
        """The strings the annotator labelled differently."""
        findings = []
        for key, group in self.by_string.items():
            if len(self.labels_of[key]) > 1:
                per_document: dict[int, set[str]] = defaultdict(set)
                for s in group:
                    per_document[s.document_id].add(s.label)
                scope = DOCUMENT if any(len(v) > 1 for v in per_document.values()) else PROJECT
                places = [_place(s) for s in group]
                findings.append(_finding(LABELS, self.annotator, key, group, scope, places))
        return findings

    def scan(self, document_id: int, text: str) -> None:
        """Look for the annotator's strings in a text they worked on."""
        held = self.held.get(document_id) or _Held()

        def seen(start: int, end: int, key: str) -> None:
            if not held.covers(start, end, self.labels_of[key]):
                self.missing[key][Place(document_id, start, end)] = None

        for match in self.everything.find(text):
            seen(match.start, match.end, match.term)
            if " " not in match.term:
                continue  # one word: another label's string is not looked for inside
            inside = text[match.start : match.end]
            for label, matcher in self.by_label.items():
                if match.term in self.label_keys[label]:
                    continue
                for inner in matcher.find(inside):
                    if (inner.start, inner.end) != (0, len(inside)):
                        seen(match.start + inner.start, match.start + inner.end, inner.term)

    def unlabelled_findings(self) -> list[Inconsistency]:
        """The strings the annotator labelled somewhere and not at other places."""
        findings = []
        for key, found in self.missing.items():
            places = sorted(found)
            group = self.by_string[key]
            labelled_in = {s.document_id for s in group}
            scope = DOCUMENT if any(p.document_id in labelled_in for p in places) else PROJECT
            findings.append(_finding(UNLABELLED, self.annotator, key, group, scope, places))
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
