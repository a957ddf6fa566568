"""The one path from recommenders to stored suggestions: train, propose, store.

`suggest` trains the chosen recommenders on a teacher's annotations (`trained`), runs them in
their order on each document an annotator has not finished (`propose`, where each sees what the
ones before it proposed), and stores the proposals as that annotator's suggestions
(`prepare_suggestions`, which drops what the annotator already holds or rejected, then
`Project.store_suggestions`: together `Project.replace_suggestions`). On a large corpus two worker
processes read, propose, prepare and store chunks of documents through their own connections (one
chunk, one transaction; SQLite lets one write at a time), and send back only the counts. The CLI
(`annotator suggest`), the app's background service and the evaluation all go through here.

Optional recommenders, one rule (`trained` marks them, `_proposed` applies it): when no names are
given, the default set runs (`default_names()`), and each of its recommenders is optional. One
whose training raises `UsageError` (it cannot run here: CAMeL NER whose model does not load) is
left out of the run; one whose ``suggest`` raises `AnnotatorError` on a document only loses its own
proposals there (the others' are stored). Both are reported as `Skipped` (the summary's
``skipped``: the CLI prints them as warnings, the app's background recommender sends a ``warning``
event). A recommender named explicitly is required: its error stops the run.
"""

from __future__ import annotations

import gc
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from annotator.camel.ner_worker import NerProblem, NerUnavailable
from annotator.errors import AnnotatorError, ProjectError, UsageError
from annotator.model import DocRecord, SpanRecord
from annotator.rules import DONE, IN_PROGRESS, NEW
from annotator.store import Project, WriteError
from annotator.store.records import ProposedSpans
from annotator.store.suggestions import PreparedSuggestions, add_counts
from annotator.suggestions import RECOMMENDERS, Proposal, Recommender, Setting, default_names, make

__all__ = [
    "PartlyStored",
    "Proposed",
    "Skipped",
    "Stored",
    "SuggestSummary",
    "Trained",
    "propose",
    "setting_of",
    "suggest",
    "trained",
    "training_documents",
]

CHUNK = 400  # documents per task (and per write transaction)
# Below this many documents, proposing stays in this process.
PARALLEL_MIN_DOCUMENTS = 2000


class Skipped(NamedTuple):
    """An optional recommender (see the module docstring) that did not run everywhere: left out
    of the run (`documents` 0: it could not start; `reason`: why), or failed on `documents`
    documents (its proposals there are missing; `reason`: the first error). `problem`: why it
    was left out, typed, when its training said so (CAMeL NER's `ner_worker.NerUnavailable`;
    `reason` is then its English): the app words it in its language."""

    recommender: str
    reason: str
    documents: int = 0
    problem: NerProblem | None = None

    @classmethod
    def of(cls, recommender: str, err: AnnotatorError, documents: int = 0) -> Skipped:
        """`recommender` left out (`documents` 0) or failing on `documents` documents for
        `err`, its typed problem kept when it has one (`NerUnavailable`)."""
        problem = err.problem if isinstance(err, NerUnavailable) else None
        return cls(recommender, str(err), documents, problem)

    def __str__(self) -> str:
        if not self.documents:
            return f"{self.recommender} left out: {self.reason}"
        documents = "1 document" if self.documents == 1 else f"{self.documents:,} documents"
        return f"{self.recommender} failed on {documents}: {self.reason}"


class SuggestSummary(NamedTuple):
    """What a `suggest` run did: documents looked at, suggestions stored per recommender and
    label, how many documents the recommenders learned from, how long it took, and the
    optional recommenders left out or failing on some documents (`skipped`)."""

    documents: int
    stored: dict[str, dict[str, int]]
    learned_from: int
    seconds: float
    skipped: tuple[Skipped, ...] = ()

    @property
    def total(self) -> int:
        return sum(sum(by_label.values()) for by_label in self.stored.values())


class PartlyStored(WriteError):
    """A `suggest` run that stopped when a chunk of documents failed (another program held
    the project, the disk filled up...): the chunks stored before and while it stopped stay
    stored, the others are unchanged. `summary` is what was stored (`documents`: how many
    documents' suggestions were replaced), `asked` how many documents the run was for,
    `reason` the failure's message. Running again finishes: each document's suggestions are
    replaced whole."""

    def __init__(
        self, annotator: str, summary: SuggestSummary, asked: int, cause: BaseException
    ) -> None:
        reason = str(cause) or type(cause).__name__
        super().__init__(
            f"{self.summary_text(annotator, summary.documents, asked)}\nWhy: {reason}",
            busy=getattr(cause, "busy", False),
            kind=cause.kind if isinstance(cause, ProjectError) else "other",
        )
        self.summary = summary
        self.asked = asked
        self.reason = reason

    @staticmethod
    def summary_text(annotator: str, stored: int, asked: int) -> str:
        """What a stopped run stored, and what to do about it."""
        return (
            f"{annotator}'s suggestions stored for {stored:,} of {asked:,} documents; the rest "
            "were not changed (the run stopped on a failure). Suggest again to finish (each "
            "document's suggestions are replaced whole)."
        )


def setting_of(project: Project) -> Setting:
    return Setting({label.name: label for label in project.labels()})


def _records(project: Project | str, ids: list[int], annotator: str | None) -> Iterator[DocRecord]:
    """The documents `ids` with `annotator`'s spans (offsets and labels) and own tokens."""
    from annotator.store.readmodel import SPAN_END, SPAN_LABEL, SPAN_START, SPAN_UUID, span_batches

    for batch in span_batches(project, ids, annotator):
        for doc in batch:
            yield DocRecord(
                text=doc.text,
                name=doc.name,
                id=str(doc.id),
                spans=[
                    SpanRecord(s[SPAN_START], s[SPAN_END], s[SPAN_LABEL], s[SPAN_UUID], annotator)
                    for spans in doc.spans.values()
                    for s in spans
                ],
                tokens=doc.tokens,
            )


def training_documents(
    project: Project, teacher: str, *, done_only: bool, keep_empty: bool = False
) -> list[DocRecord]:
    """What recommenders learn from: the documents `teacher` marked done (`done_only`), or
    every document they annotated, with their spans; those without spans only if `keep_empty`
    (the evaluation counts wrong proposals there too)."""
    statuses = [DONE] if done_only else [IN_PROGRESS, DONE]
    ids = project.document_ids(annotator=teacher, status=statuses)
    return [doc for doc in _records(project, ids, teacher) if keep_empty or doc.spans]


class Trained(NamedTuple):
    """What `trained` made: the recommenders in their running order, how many documents they
    learned from, and the optional ones left out (they cannot run here)."""

    recommenders: list[Recommender]
    learned_from: int
    left_out: tuple[Skipped, ...] = ()


def _optional(recommender: Recommender) -> bool:
    """Whether `recommender` is optional (`trained` made it for the default set)."""
    return bool(getattr(recommender, "optional", False))


def trained(
    project: Project,
    teacher: str,
    names: Sequence[str] | None = None,
    *,
    docs: Sequence[DocRecord] | None = None,
) -> Trained:
    """The recommenders `names` (None: `default_names()`, the available ones, each optional:
    see the module docstring) built for the project and trained on `teacher`'s annotated
    documents (`docs` when given), in their running order; how many documents they learned
    from; and the optional ones left out. The sequence model learns from done documents only
    (a document in progress misses spans, which would teach it that they are not entities)
    when there are any."""
    setting = setting_of(project)
    gazetteer = [(entry.text, entry.label) for entry in project.gazetteer()]
    wanted = default_names() if names is None else names
    chosen = [name for name in RECOMMENDERS if name in wanted]
    everything = (
        list(docs) if docs is not None else training_documents(project, teacher, done_only=False)
    )
    recommenders: list[Recommender] = []
    left_out: list[Skipped] = []
    for name in chosen:
        recommender = make(name, setting, gazetteer=gazetteer)
        learn_from = everything
        if name == "model" and docs is None:  # the done ones of those already read
            done_ids = {str(i) for i in project.document_ids(annotator=teacher, status=DONE)}
            learn_from = [doc for doc in everything if doc.id in done_ids] or everything
        try:
            recommender.train(learn_from)
        except UsageError as err:
            if names is not None:
                raise
            left_out.append(Skipped.of(name, err))
            continue
        if names is None:
            recommender.optional = True  # type: ignore[attr-defined]
        recommenders.append(recommender)
    return Trained(recommenders, len(everything), tuple(left_out))


class Proposed(NamedTuple):
    """A proposal and the name of the recommender that made it."""

    recommender: str
    proposal: Proposal


def propose(recommenders: Sequence[Recommender], doc: DocRecord) -> list[Proposed]:
    """Every proposal of the recommenders on `doc`, in their order; each recommender is shown
    the proposals of the ones before it. An optional one failing there proposes nothing."""
    return [
        Proposed(found.recommender, proposal)
        for found in _proposed(recommenders, doc, {})
        for proposal in found.proposals
    ]


def _proposed(
    recommenders: Sequence[Recommender], doc: DocRecord, failed: dict[str, Skipped]
) -> list[ProposedSpans]:
    """What `propose` finds, as each recommender's list of proposals on the document (what
    the store takes as it is: no object made per proposal). An optional recommender whose
    ``suggest`` raises `AnnotatorError` proposes nothing there and is counted in `failed`
    (name -> `Skipped`, the first reason kept); a required one's error is raised."""
    document_id = int(doc.id or 0)
    found: list[ProposedSpans] = []
    earlier: list[Proposal] = []
    for recommender in recommenders:
        try:
            proposals = list(recommender.suggest(doc, earlier))
        except AnnotatorError as err:
            if not _optional(recommender):
                raise
            _count_failure(failed, Skipped.of(recommender.name, err, 1))
            continue
        if proposals:
            found.append(ProposedSpans(document_id, recommender.name, proposals))
            earlier.extend(proposals)
    return found


def _count_failure(failed: dict[str, Skipped], failure: Skipped) -> None:
    """Add `failure` (a recommender failing on `failure.documents` documents) to `failed`
    (name -> `Skipped`): the first reason is kept, the documents are added up."""
    first = failed.get(failure.recommender, failure._replace(documents=0))
    failed[failure.recommender] = first._replace(documents=first.documents + failure.documents)


# ---------------------------------------------------------------- worker processes

_WORKER: dict[str, Any] = {}


def _start_worker(path: str, annotator: str, recommenders: bytes, names: list[str]) -> None:
    # the worker's own connection, which writes its chunks (one transaction each)
    _WORKER.update(
        project=Project.open(path),
        annotator=annotator,
        recommenders=pickle.loads(recommenders),
        names=names,
    )
    # what is made so far lives as long as the worker: out of the collector's sight, so that
    # the collection after each chunk (`_worker_chunk`) does not go through the trained
    # recommenders again and again
    gc.freeze()


def _worker_chunk(ids: list[int]) -> Stored:
    # the collector is off while a chunk is made: all it makes (tens of thousands of objects,
    # which set off about 200 collections per 1,000 documents, 0.05 ms of CPU per document) is
    # freed by reference counting as the chunk ends, and a collection afterwards takes any
    # cycle it left (none in the bench's runs): memory stays bounded by one chunk
    gc.disable()
    try:
        return _stored(
            _WORKER["project"],
            ids,
            _WORKER["annotator"],
            _WORKER["recommenders"],
            _WORKER["names"],
        )
    finally:
        gc.enable()
        gc.collect()


class Stored(NamedTuple):
    """What storing the suggestions of a chunk of documents did: how many documents, how many
    suggestions per recommender and label, and the optional recommenders that failed on some
    of them (`Skipped`)."""

    documents: int
    counts: dict[str, dict[str, int]]
    failed: tuple[Skipped, ...] = ()


def _stored(
    project: Project,
    ids: list[int],
    annotator: str,
    recommenders: Sequence[Recommender],
    names: Sequence[str],
) -> Stored:
    """The suggestions of the documents `ids` proposed, checked and stored in one transaction
    (in a worker process, through its own connection: nothing is sent back but the counts)."""
    counts: dict[str, dict[str, int]] = {}
    failed: dict[str, Skipped] = {}
    prepared = _chunk(project, ids, annotator, recommenders, failed)
    project.store_suggestions(prepared, recommenders=names, by_recommender=counts)
    return Stored(len(prepared.documents), counts, tuple(failed.values()))


def _chunk(
    source: Project,
    ids: list[int],
    annotator: str,
    recommenders: Sequence[Recommender],
    failed: dict[str, Skipped],
) -> PreparedSuggestions:
    """The suggestions of the documents `ids`, checked and laid out for storing (`_stored`
    stores them, here or in a worker process); optional recommenders failing on some are
    counted in `failed` (`_proposed`)."""
    from annotator.store.readmodel import prepared_suggestions

    proposed: list[ProposedSpans] = []
    texts: dict[int, str] = {}
    for doc in _records(source, ids, annotator):
        texts[int(doc.id or 0)] = doc.text
        proposed.extend(_proposed(recommenders, doc, failed))
    return prepared_suggestions(source, annotator, ids, texts=texts, proposed=proposed)


def _chunks(ids: list[int]) -> Iterator[tuple[list[int]]]:
    for at in range(0, len(ids), CHUNK):
        yield (ids[at : at + CHUNK],)


def suggest(
    project: Project,
    annotator: str,
    *,
    teacher: str | None = None,
    names: Sequence[str] | None = None,
    document_ids: Iterable[int] | None = None,
    recommenders: Sequence[Recommender] | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SuggestSummary:
    """Compute and store `annotator`'s suggestions on `document_ids` (default: every document
    they have not marked done), from recommenders `names` trained on `teacher`'s annotations
    (default: the annotator's own), or the already trained `recommenders`. Each document's
    suggestions from these recommenders are replaced. `workers`: processes that propose
    (None: two on a large corpus); `progress(done, total)` after each chunk."""
    started = time.perf_counter()
    learned_from = 0
    skipped: dict[str, Skipped] = {}  # optional recommenders left out or failing (by name)
    if recommenders is None:
        recommenders, learned_from, left_out = trained(project, teacher or annotator, names)
        skipped.update((s.recommender, s) for s in left_out)
    if document_ids is None:
        ids = project.document_ids(annotator=annotator, status=[NEW, IN_PROGRESS])
    else:
        ids = list(dict.fromkeys(document_ids))
    names_run = [r.name for r in recommenders]
    stored: dict[str, dict[str, int]] = {name: {} for name in names_run}
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(ids) >= PARALLEL_MIN_DOCUMENTS else 0
    done = 0

    def tally(chunk: Stored) -> None:
        nonlocal done
        add_counts(stored, chunk.counts)
        done += chunk.documents
        for failure in chunk.failed:
            _count_failure(skipped, failure)
        if progress is not None:
            progress(done, len(ids))

    def here(part: list[int]) -> Stored:
        return _stored(project, part, annotator, recommenders, names_run)

    # the workers write through their own connections, one chunk's transaction at a time (SQLite
    # takes one writer at once); not while this process holds a transaction open: they would
    # wait for it
    # (inside the caller's transaction the chunks are stored in it: a failure is the caller's)
    inside = project.conn.in_transaction
    try:
        if workers > 0 and len(ids) > CHUNK and not inside:
            from annotator.workers import in_order, spawn_pool

            blob = pickle.dumps(list(recommenders))
            pool = spawn_pool(
                workers, _start_worker, (str(project.path), annotator, blob, names_run)
            )
            try:
                # on a chunk's failure: no more are started, those running are waited for and
                # counted (they committed), then the failure comes up here
                for chunk in in_order(
                    _chunks(ids), _worker_chunk, here, pool, ahead=2 * workers, settle=tally
                ):
                    tally(chunk)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            for (part,) in _chunks(ids):
                tally(here(part))
    except Exception as err:
        if inside:
            raise
        partial = SuggestSummary(
            done, stored, learned_from, time.perf_counter() - started, tuple(skipped.values())
        )
        if isinstance(err, (AnnotatorError, OSError)):
            raise PartlyStored(annotator, partial, len(ids), err) from err
        err.add_note(PartlyStored.summary_text(annotator, done, len(ids)))  # a bug: traceback
        raise
    return SuggestSummary(
        len(ids), stored, learned_from, time.perf_counter() - started, tuple(skipped.values())
    )
