"""Import a model's output as an annotator's suggestions (`annotator import --as-suggestions`).

`import_suggestions(project, paths, fmt, annotator=NAME)` reads the files through the one
import pipeline (`importing.import_annotated`: inputs, the format's codec, cleaning, the
store's one importer) with the spans taken apart (`importing.SpansApart`): each document is
matched to the project's by its text (sha256, after the same cleaning), a document the project
lacks is added as a plain document (a pre-annotation run over new articles adds them, as a
normal import would), and the spans become NAME's suggestions (`Project.replace_suggestions`)
instead of annotations, in ONE transaction with the documents: a problem leaves nothing.

- A format with a `FormatInfo.suggestions_option` reads a model's output: Label Studio's
  ``predictions`` (never its annotations), each span's recommender its ``model_version``, its
  score the result's, else the prediction's; native JSONL with a ``score`` per span. Any other
  span (and one without a score) counts as score 1.0, its recommender `recommender`.
- A score that is not a number in (0, 1] is an InputError naming file and line (the codec's).
- Labels the schema lacks are added to it, as a normal import adds them.
- A CLAIM's ``source`` relation to a span becomes the suggestion's `source` (that span's
  offsets), which accepting it links; other relations are counted and left out.
- Importing the same recommender's output again replaces its suggestions in those documents;
  what the annotator already holds (same label and offsets) or rejected (label and text) is
  dropped and counted.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.errors import UsageError
from annotator.formats import get_format
from annotator.formats._common import DEFAULT_ENCODING
from annotator.importing import AnnotatedImportReport, SpansApart, TakenDoc, import_annotated
from annotator.model import DEFAULT_MAX_DOCUMENT_BYTES
from annotator.rules import SOURCE
from annotator.store.documents import sha256_text
from annotator.store.records import NewSuggestion

if TYPE_CHECKING:
    from annotator.store import Project

__all__ = ["DEFAULT_RECOMMENDER", "SuggestionImportReport", "import_suggestions"]

DEFAULT_RECOMMENDER = "imported"  # of spans whose file names no model
_MAX_LISTED = 20


@dataclass(kw_only=True)
class SuggestionImportReport:
    """What `import_suggestions` did: the documents' import (`documents`: reader, cleaning,
    warnings), the documents matched and added, the suggestions read and stored."""

    documents: AnnotatedImportReport
    annotator: str
    recommenders: dict[str, int] = field(default_factory=dict)  # suggestions read, per model
    documents_matched: int = 0  # already in the project
    documents_added: int = 0  # new to the project, added without annotations
    documents_left_out: int = 0  # read, but not stored (skip_bad)
    read: int = 0  # suggestions read
    stored: dict[str, int] = field(default_factory=dict)  # per label
    sources_linked: int = 0  # claims whose source span came along
    relations_left_out: int = 0
    document_ids: list[int] = field(default_factory=list)  # that got suggestions (replaced)

    @property
    def dropped(self) -> int:
        """Read but not stored: spans the annotator holds, rejected ones, ones given twice."""
        return self.read - sum(self.stored.values())

    @property
    def labels_added(self) -> list[str]:
        return self.documents.labels_added

    def summary(self) -> str:
        """Lines for people: documents, suggestions stored per label, what was dropped, and
        the reader's report."""
        docs = self.documents
        stored = sum(self.stored.values())
        per_label = ", ".join(f"{label} {count:,}" for label, count in sorted(self.stored.items()))
        models = ", ".join(f"{name} ({count:,})" for name, count in self.recommenders.items())
        lines = [
            f"imported suggestions for {self.annotator} from {len(docs.files)} {docs.format} "
            f"input(s): {self.documents_matched + self.documents_added:,} document(s), "
            f"{self.documents_matched:,} already in the project, {self.documents_added:,} "
            "added (without annotations)",
            f"suggestions: {stored:,} stored"
            + (f" ({per_label})" if per_label else "")
            + f", {self.dropped:,} dropped (already annotated, rejected or given twice)",
            f"recommenders: {models or 'none'}",
        ]
        if self.sources_linked:
            lines.append(f"claims with a source span: {self.sources_linked:,}")
        if self.relations_left_out:
            lines.append(
                f"relations left out (only a claim's source is kept): {self.relations_left_out:,}"
            )
        if self.documents_left_out:
            lines.append(f"documents left out: {self.documents_left_out:,} (see rejected)")
        lines += docs.details()
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        documents = self.documents.to_json()
        for key in (
            "annotator",
            "documents_added",
            "documents_matched",
            "spans_added",
            "spans_duplicate",
            "relations_added",
            "marked_done",
            "document_ids",
        ):
            documents.pop(key, None)
        return {
            "annotator": self.annotator,
            "documents_matched": self.documents_matched,
            "documents_added": self.documents_added,
            "documents_left_out": self.documents_left_out,
            "document_ids": self.document_ids,
            "suggestions_read": self.read,
            "suggestions_stored": dict(sorted(self.stored.items())),
            "suggestions_dropped": self.dropped,
            "recommenders": self.recommenders,
            "sources_linked": self.sources_linked,
            "relations_left_out": self.relations_left_out,
            "import": documents,
        }


def import_suggestions(
    project: Project,
    paths: Iterable[str | os.PathLike[str]],
    fmt: str,
    *,
    annotator: str,
    recommender: str = DEFAULT_RECOMMENDER,
    skip_bad: bool = False,
    clean: bool = False,
    strip_marks: bool = False,
    max_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    progress: Callable[[int], None] | None = None,
    encoding: str = DEFAULT_ENCODING,
    arclean: bool = False,
    **reader_options: Any,
) -> SuggestionImportReport:
    """Import the spans of files in format `fmt` as `annotator`'s suggestions (see the module
    docstring), in one transaction; the options are `importing.import_annotated`'s.

    recommender: the recommender a span is stored under when its file names no model (Label
    Studio's ``model_version``).
    """
    recommender = recommender.strip()
    if not recommender:
        raise UsageError("imported suggestions need a recommender name")
    info = get_format(fmt)
    options = dict(reader_options)
    if info.suggestions_option is not None:
        options[info.suggestions_option] = True
    apart = SpansApart()
    with project.transaction():
        documents = import_annotated(
            project,
            paths,
            fmt,
            annotator=annotator,
            skip_bad=skip_bad,
            clean=clean,
            strip_marks=strip_marks,
            arclean=arclean,
            max_bytes=max_bytes,
            workers=0,
            progress=progress,
            encoding=encoding,
            spans_apart=apart,
            **options,
        )
        report = SuggestionImportReport(documents=documents, annotator=annotator.strip())
        _store(project, apart.taken, report, recommender, info.suggestions_option is not None)
    return report


def _store(
    project: Project,
    taken: list[TakenDoc],
    report: SuggestionImportReport,
    recommender: str,
    named: bool,
) -> None:
    """Store the spans `taken` as suggestions of the documents they were read with (caller's
    transaction); `named`: the codec names each span's model in `SpanRecord.annotator`."""
    added = set(report.documents.document_ids)
    ids: dict[str, int | None] = {}  # sha256 -> document id
    documents: dict[int, str] = {}
    items: list[NewSuggestion] = []
    recommenders: Counter[str] = Counter()
    for doc in taken:
        sha = sha256_text(doc.text)
        if sha not in ids:
            ids[sha] = project.document_id_by_sha(sha)
        document_id = ids[sha]
        if document_id is None:  # left out by the store (skip_bad)
            report.documents_left_out += 1
            continue
        documents[document_id] = doc.text
        sources = _sources(doc, report)
        for span in doc.spans:
            name = (span.annotator if named else None) or recommender
            recommenders[name] += 1
            items.append(
                NewSuggestion(
                    document_id,
                    name,
                    span.label,
                    span.start,
                    span.end,
                    1.0 if span.score is None else span.score,
                    dict(span.attributes) or None,
                    sources.get(span.id) if span.id is not None else None,
                )
            )
    report.document_ids = list(documents)
    report.documents_added = len(documents.keys() & added)
    report.documents_matched = len(documents) - report.documents_added
    report.read = len(items)
    report.recommenders = dict(sorted(recommenders.items()))
    known = {label.name for label in project.labels()}
    unknown = list(dict.fromkeys(item.label for item in items if item.label not in known))
    if unknown:
        report.documents.labels_added += project.ensure_labels(unknown)
    if not documents:
        return
    stored: dict[str, dict[str, int]] = {}
    project.replace_suggestions(
        report.annotator,
        list(documents),
        items,
        recommenders=set(recommenders) or {recommender},
        texts=documents,
        by_recommender=stored,
    )
    for by_label in stored.values():
        for label, count in by_label.items():
            report.stored[label] = report.stored.get(label, 0) + count


def _sources(doc: TakenDoc, report: SuggestionImportReport) -> dict[str, tuple[int, int]]:
    """The offsets of the span each span's ``source`` relation points to, by span id; other
    relations are counted in `report.relations_left_out`."""
    spans = {span.id: span for span in doc.spans if span.id is not None}
    sources: dict[str, tuple[int, int]] = {}
    for relation in doc.relations:
        tail = spans.get(relation.tail)
        if relation.label != SOURCE or tail is None or relation.head in sources:
            report.relations_left_out += 1
            continue
        sources[relation.head] = (tail.start, tail.end)
        report.sources_linked += 1
    return sources
