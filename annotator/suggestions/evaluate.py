"""How good each recommender is, measured as INCEpTION does: train on part of a teacher's
finished work, propose on the rest, compare.

`evaluate` takes the documents the teacher marked done, in document order: the first `split`
of them to learn from, the others to test on. The recommenders are trained through
`run.trained` (the path `suggest` takes) and run through `run.propose`, in their order, on each
test document with its spans taken away (a recommender never sees the answers; the claim rules
still see the proposals of the recommenders before them, as in real use). Each recommender's
own proposals are then scored against the teacher's spans by exact match of (label, start,
end), as seqeval scores entities: precision, recall, F1 per label and overall. A learning
curve repeats this after training on the first 10%, 25%, ... of the training part only.

A recommender is scored on its own labels (INCEpTION scores each on its own layer): those it
declares in a ``labels`` attribute, if any, and those it proposed anywhere in the evaluation.
The casualty rules are thus not charged with missing every ACTOR. Qt-free, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from annotator.errors import NotFoundError, UsageError
from annotator.model import DocRecord
from annotator.store import Project
from annotator.suggestions.base import Recommender
from annotator.suggestions.run import propose, trained, training_documents

__all__ = [
    "CURVE_STEPS",
    "CurvePoint",
    "Evaluation",
    "EvaluationCancelled",
    "RecommenderScores",
    "Score",
    "evaluate",
    "score_spans",
]

CURVE_STEPS: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 1.0)
DEFAULT_SPLIT = 0.8

# (document index, label, start, end): one span, as the exact match compares them
SpanKey = tuple[int, str, int, int]


class EvaluationCancelled(Exception):
    """The evaluation was stopped (its `cancelled` said so)."""


class Score(NamedTuple):
    """Exact-match counts of one label (or all of a recommender's labels) and what follows."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def support(self) -> int:
        """How many spans the teacher made (of the label)."""
        return self.true_positives + self.false_negatives

    @property
    def proposed(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def precision(self) -> float:
        return self.true_positives / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        total = 2 * self.true_positives + self.false_positives + self.false_negatives
        return 2 * self.true_positives / total if total else 0.0

    @classmethod
    def total(cls, scores: Iterable[Score]) -> Score:
        """The micro-average's counts: `scores` added up."""
        tp = fp = fn = 0
        for score in scores:
            tp += score.true_positives
            fp += score.false_positives
            fn += score.false_negatives
        return cls(tp, fp, fn)

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
        }


class CurvePoint(NamedTuple):
    """One point of a learning curve: trained on the first `fraction` of the training part
    (`documents` documents), scored on the whole evaluation part."""

    fraction: float
    documents: int
    score: Score

    def as_dict(self) -> dict[str, Any]:
        return {"fraction": self.fraction, "documents": self.documents, **self.score.as_dict()}


class RecommenderScores(NamedTuple):
    """One recommender's result: overall (micro-averaged over its labels), per label (sorted
    by name), and its learning curve."""

    name: str
    overall: Score
    labels: dict[str, Score]
    curve: list[CurvePoint]

    @property
    def f1(self) -> float:
        return self.overall.f1

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "overall": self.overall.as_dict(),
            "labels": {label: score.as_dict() for label, score in self.labels.items()},
            "curve": [point.as_dict() for point in self.curve],
        }


class Evaluation(NamedTuple):
    """What `evaluate` found: whose work, how it was split, and each recommender's scores in
    their running order."""

    teacher: str
    split: float
    training_documents: int
    evaluation_documents: int
    recommenders: list[RecommenderScores]

    def recommender(self, name: str) -> RecommenderScores:
        for scores in self.recommenders:
            if scores.name == name:
                return scores
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "teacher": self.teacher,
            "split": self.split,
            "training_documents": self.training_documents,
            "evaluation_documents": self.evaluation_documents,
            "recommenders": [scores.as_dict() for scores in self.recommenders],
        }


def score_spans(
    gold: Iterable[SpanKey], proposed: Iterable[SpanKey], labels: Iterable[str]
) -> dict[str, Score]:
    """Exact-match scores per label of `labels` (sorted): a proposal is right when the gold
    holds a span of the same document, label, start and end. Repeats count once."""
    gold_set, proposed_set = set(gold), set(proposed)
    scores: dict[str, Score] = {}
    for label in sorted(set(labels)):
        wanted = {key for key in gold_set if key[1] == label}
        found = {key for key in proposed_set if key[1] == label}
        right = len(wanted & found)
        scores[label] = Score(right, len(found) - right, len(wanted) - right)
    return scores


def _checked_fraction(value: float, what: str, *, upper_open: bool) -> float:
    value = float(value)
    fits = 0 < value < 1 if upper_open else 0 < value <= 1
    if not fits or math.isnan(value):
        bound = "between 0 and 1" if upper_open else "above 0 and at most 1"
        raise UsageError(f"{what} must be {bound}, not {value:g}")
    return value


def _first(fraction: float, count: int) -> int:
    """How many documents are the first `fraction` of `count` (at least one)."""
    return max(1, min(count, math.ceil(round(fraction * count, 9))))


def _proposals(
    recommenders: Sequence[Recommender],
    docs: Sequence[DocRecord],
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, set[SpanKey]]:
    """Each recommender's own proposals on `docs` (shown without their spans), as span keys."""
    found: dict[str, set[SpanKey]] = {recommender.name: set() for recommender in recommenders}
    for index, doc in enumerate(docs):
        if cancelled is not None and cancelled():
            raise EvaluationCancelled
        for name, proposal in propose(recommenders, doc):
            found[name].add((index, proposal.label, proposal.start, proposal.end))
    return found


def evaluate(
    project: Project,
    teacher: str,
    names: Sequence[str] | None = None,
    *,
    split: float = DEFAULT_SPLIT,
    curve_steps: Sequence[float] = CURVE_STEPS,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Evaluation:
    """Score the recommenders `names` against `teacher`'s done documents: trained on the first
    `split` of them (in document order), evaluated on the rest; and a learning curve, trained
    on the first `curve_steps` fractions of the training part. UsageError when the teacher has
    fewer than two done documents or a fraction is out of range; NotFoundError for an unknown
    teacher. `progress(done, total)` after each training and run; `cancelled()`, asked
    before each training and document, stops it (EvaluationCancelled)."""
    split = _checked_fraction(split, "the split (the part to train on)", upper_open=True)
    steps = sorted(
        {_checked_fraction(step, "a learning curve step", upper_open=False) for step in curve_steps}
    )
    if teacher not in project.annotators(role=None):
        raise NotFoundError(f"no annotator {teacher!r} in this project")
    done = training_documents(project, teacher, done_only=True, keep_empty=True)
    if len(done) < 2:
        raise UsageError(
            f"{teacher} has marked {len(done)} document(s) done: evaluating needs at least 2 "
            "(some to train on, some to evaluate on)"
        )
    cut = min(len(done) - 1, max(1, round(split * len(done))))
    training, testing = done[:cut], done[cut:]
    gold: set[SpanKey] = {
        (index, span.label, span.start, span.end)
        for index, doc in enumerate(testing)
        for span in doc.spans
    }
    unseen = [replace(doc, spans=[], relations=[]) for doc in testing]

    counts = sorted({_first(step, len(training)) for step in steps} | {len(training)})
    runs: dict[int, dict[str, set[SpanKey]]] = {}
    declared: dict[str, set[str]] = {}
    order: list[str] = []
    for done_runs, count in enumerate(counts):
        if cancelled is not None and cancelled():
            raise EvaluationCancelled
        # documents without spans teach nothing, as `suggest` learns (training_documents)
        learn_from = [doc for doc in training[:count] if doc.spans]
        recommenders = trained(project, teacher, names, docs=learn_from).recommenders
        order = [recommender.name for recommender in recommenders]
        for recommender in recommenders:
            declared.setdefault(recommender.name, set()).update(_declared_labels(recommender))
        runs[count] = _proposals(recommenders, unseen, cancelled)
        if progress is not None:
            progress(done_runs + 1, len(counts))

    results: list[RecommenderScores] = []
    for name in order:
        labels = declared[name] | {key[1] for run in runs.values() for key in run[name]}

        def overall(count: int, name: str = name, labels: set[str] = labels) -> Score:
            return Score.total(score_spans(gold, runs[count][name], labels).values())

        results.append(
            RecommenderScores(
                name,
                overall(len(training)),
                score_spans(gold, runs[len(training)][name], labels),
                [
                    CurvePoint(
                        step, _first(step, len(training)), overall(_first(step, len(training)))
                    )
                    for step in steps
                ],
            )
        )
    return Evaluation(teacher, split, len(training), len(testing), results)


def _declared_labels(recommender: Recommender) -> set[str]:
    """The labels a recommender says it proposes (an optional ``labels`` attribute)."""
    labels = getattr(recommender, "labels", None)
    if isinstance(labels, Mapping):
        return set(labels)
    if isinstance(labels, Iterable) and not isinstance(labels, str):
        return {str(label) for label in labels}
    return set()
