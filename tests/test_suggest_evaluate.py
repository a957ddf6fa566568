"""The recommenders' evaluation (annotator.suggestions.evaluate): trained on the first part of a
teacher's done documents, scored on the rest by exact spans, with a learning curve."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from annotator.errors import NotFoundError, UsageError
from annotator.model import DocRecord
from annotator.rules import DONE, IN_PROGRESS
from annotator.store import Project
from annotator.suggestions import RECOMMENDERS, Proposal, Setting
from annotator.suggestions.evaluate import EvaluationCancelled, Score, evaluate, score_spans

A, B, C, E = "أذربيجان", "أرمينيا", "روسيا", "إيران"
D = "إن الاتفاق نهائي"

# (text, [(span text, label)], status); the first eight done ones train, the next two test
DOCUMENTS: list[tuple[str, list[tuple[str, str]], str]] = [
    ("وصل وفد أذربيجان إلى العاصمة.", [(A, "ACTOR")], DONE),
    ("استقبل الرئيس وفد أرمينيا.", [(B, "ACTOR")], DONE),
    ("زار وزير روسيا المنطقة.", [(C, "ACTOR")], DONE),
    ("لم يحدث شيء يذكر اليوم.", [], DONE),
    ("قال المتحدث إن الاتفاق نهائي.", [(D, "CLAIM")], DONE),
    ("وصل وفد أذربيجان مرة أخرى.", [(A, "ACTOR")], DONE),
    ("عاد وفد أرمينيا.", [(B, "ACTOR")], DONE),
    ("زار وزير روسيا العاصمة.", [(C, "ACTOR")], DONE),
    # evaluation: روسيا is there but not annotated; إيران is never learned
    ("اجتمع وفد أذربيجان ووفد أرمينيا مع وزير روسيا.", [(A, "ACTOR"), (B, "ACTOR")], DONE),
    ("أعلن وفد إيران إن الاتفاق نهائي.", [(E, "ACTOR"), (D, "CLAIM")], DONE),
    # not done: neither trains nor tests (else إيران would be learned, or the split move)
    ("وصل وفد إيران.", [(E, "ACTOR")], IN_PROGRESS),
]


class Memorizer:
    """Proposes every occurrence of each text it saw annotated, with that text's label."""

    name = "memo"
    shown: list[DocRecord] = []  # every document it was asked about (class-wide, for tests)

    def __init__(self, setting: Setting, **options: Any) -> None:
        self.learned: dict[str, str] = {}

    def train(self, docs: Sequence[DocRecord]) -> None:
        self.learned = {d.text[s.start : s.end]: s.label for d in docs for s in d.spans}

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        Memorizer.shown.append(doc)
        found = []
        for text, label in sorted(self.learned.items()):
            at = doc.text.find(text)
            while at >= 0:
                found.append(Proposal(at, at + len(text), label, 0.9))
                at = doc.text.find(text, at + 1)
        return found


class Follower:
    """Proposes a CLAIM over the span of each earlier proposal."""

    name = "follow"

    def __init__(self, setting: Setting, **options: Any) -> None:
        pass

    def train(self, docs: Sequence[DocRecord]) -> None:
        pass

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        return [Proposal(p.start, p.end, "CLAIM", 0.5) for p in earlier]


class Cheater:
    """Proposes the spans the document holds: it would score perfectly if it saw the answers."""

    name = "cheat"

    def __init__(self, setting: Setting, **options: Any) -> None:
        pass

    def train(self, docs: Sequence[DocRecord]) -> None:
        pass

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        return [Proposal(s.start, s.end, s.label, 1.0) for s in doc.spans]


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    for cls in (Memorizer, Follower, Cheater):
        monkeypatch.setitem(RECOMMENDERS, cls.name, (__name__, cls.__name__))
    Memorizer.shown = []


def make_project(path, documents=DOCUMENTS) -> Project:
    project = Project.create(path)
    project.add_documents([DocRecord(text=text) for text, _, _ in documents])
    for doc_id, (text, spans, status) in enumerate(documents, start=1):
        for span_text, label in spans:
            at = text.index(span_text)
            project.add_annotation(doc_id, "lead", label, at, at + len(span_text))
        project.set_status(doc_id, "lead", status)
    return project


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "p.sqlite")
    yield project
    project.close()


def test_trains_on_the_first_part_and_scores_exact_spans_on_the_rest(project):
    result = evaluate(project, "lead", ["memo"])
    assert (result.training_documents, result.evaluation_documents) == (8, 2)
    memo = result.recommender("memo")
    # ACTOR: أذربيجان, أرمينيا right, روسيا wrong, إيران missed; CLAIM: the one clause right
    assert memo.labels == {"ACTOR": Score(2, 1, 1), "CLAIM": Score(1, 0, 0)}
    assert memo.overall == Score(3, 1, 1)
    assert (memo.overall.precision, memo.overall.recall, memo.overall.f1) == (0.75, 0.75, 0.75)
    assert memo.labels["ACTOR"].support == 3
    assert memo.labels["ACTOR"].precision == pytest.approx(2 / 3)


def test_the_learning_curve_trains_on_growing_first_parts(project):
    memo = evaluate(project, "lead", ["memo"]).recommender("memo")
    assert [(p.fraction, p.documents) for p in memo.curve] == [
        (0.1, 1),
        (0.25, 2),
        (0.5, 4),
        (0.75, 6),
        (1.0, 8),
    ]
    # {A}; {A, B}; {A, B, C}: روسيا now proposed wrongly; {A, B, C, D}; the same
    assert [p.score for p in memo.curve] == [
        Score(1, 0, 3),
        Score(2, 0, 2),
        Score(2, 1, 2),
        Score(3, 1, 1),
        Score(3, 1, 1),
    ]
    assert [round(p.score.f1, 3) for p in memo.curve] == [0.4, 0.667, 0.571, 0.75, 0.75]
    assert memo.curve[-1].score == memo.overall


def test_the_recommenders_never_see_the_answers(project):
    result = evaluate(project, "lead", ["memo", "cheat"])
    cheat = result.recommender("cheat")
    assert cheat.overall == Score(0, 0, 0)
    assert Memorizer.shown and all(not doc.spans and not doc.relations for doc in Memorizer.shown)
    assert {doc.text for doc in Memorizer.shown} == {DOCUMENTS[8][0], DOCUMENTS[9][0]}


def test_each_recommender_is_scored_on_its_own_proposals_seeing_the_earlier_ones(project):
    alone = evaluate(project, "lead", ["memo"]).recommender("memo")
    result = evaluate(project, "lead", ["follow", "memo"])
    assert [r.name for r in result.recommenders] == ["memo", "follow"]  # the running order
    assert result.recommender("memo") == alone
    follow = result.recommender("follow")
    # its CLAIMs over memo's four proposals: only the clause is one; no ACTOR charged to it
    assert follow.labels == {"CLAIM": Score(1, 3, 0)}
    assert follow.overall == Score(1, 3, 0)


def test_a_done_document_without_spans_counts_wrong_proposals(tmp_path):
    documents = [
        ("وصل وفد أذربيجان.", [(A, "ACTOR")], DONE),
        ("غادر وفد أذربيجان.", [], DONE),
    ]
    with make_project(tmp_path / "p.sqlite", documents) as project:
        memo = evaluate(project, "lead", ["memo"]).recommender("memo")
    assert memo.overall == Score(0, 1, 0)
    assert (memo.overall.precision, memo.overall.recall, memo.overall.f1) == (0.0, 0.0, 0.0)


def test_split_and_curve_steps_are_read_as_fractions(project):
    result = evaluate(project, "lead", ["memo"], split=0.5, curve_steps=(1.0, 0.5))
    assert (result.training_documents, result.evaluation_documents) == (5, 5)
    assert [(p.fraction, p.documents) for p in result.recommender("memo").curve] == [
        (0.5, 3),
        (1.0, 5),
    ]
    for bad in (0, 1, 1.5, -0.2, float("nan")):
        with pytest.raises(UsageError, match="split"):
            evaluate(project, "lead", ["memo"], split=bad)
    with pytest.raises(UsageError, match="learning curve"):
        evaluate(project, "lead", ["memo"], curve_steps=(0.0, 1.0))


def test_fewer_than_two_done_documents_is_refused(tmp_path):
    documents = [("وصل وفد أذربيجان.", [(A, "ACTOR")], DONE), ("غادر.", [], IN_PROGRESS)]
    with make_project(tmp_path / "p.sqlite", documents) as project:
        with pytest.raises(UsageError, match="lead has marked 1 document.* at least 2"):
            evaluate(project, "lead", ["memo"])
        with pytest.raises(NotFoundError):
            evaluate(project, "nobody", ["memo"])


def test_deterministic(project):
    first = evaluate(project, "lead", ["memo", "follow"])
    assert evaluate(project, "lead", ["memo", "follow"]) == first
    assert first.as_dict()["recommenders"][0]["overall"]["f1"] == 0.75


def test_progress_is_told_and_cancelling_stops(project):
    told: list[tuple[int, int]] = []
    evaluate(project, "lead", ["memo"], progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]  # 1, 2, 4, 6, 8 documents
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(len(Memorizer.shown))
        return len(asked) > 2

    Memorizer.shown = []
    with pytest.raises(EvaluationCancelled):
        evaluate(project, "lead", ["memo"], cancelled=cancelled)
    assert len(Memorizer.shown) == 1  # before training, before document 1, then stopped


def _spans(tags: list[list[str]]) -> list[tuple[int, str, int, int]]:
    """IOB2 tag sequences as (sentence, label, first token, end token) spans."""
    spans = []
    for index, sentence in enumerate(tags):
        start = label = None
        for at, tag in enumerate([*sentence, "O"]):
            if start is not None and not tag.startswith("I-"):
                spans.append((index, label, start, at))
                start = None
            if tag.startswith("B-"):
                start, label = at, tag[2:]
        assert start is None
    return spans


def test_exact_span_scores_agree_with_seqeval():
    seqeval = pytest.importorskip("seqeval.metrics")
    gold = [
        ["B-ACTOR", "I-ACTOR", "O", "B-CLAIM", "I-CLAIM", "I-CLAIM", "O"],
        ["O", "B-ACTOR", "O", "B-CASUALTY", "I-CASUALTY", "O", "B-ACTOR"],
        ["B-CASUALTY", "O", "O", "O"],
    ]
    proposed = [
        ["B-ACTOR", "I-ACTOR", "O", "B-CLAIM", "I-CLAIM", "O", "O"],  # claim too short
        ["O", "B-ACTOR", "O", "B-CASUALTY", "I-CASUALTY", "O", "O"],  # last actor missed
        ["B-ACTOR", "O", "B-ACTOR", "O"],  # wrong label, and one not there
    ]
    gold_spans, proposed_spans = _spans(gold), _spans(proposed)
    labels = {span[1] for span in gold_spans + proposed_spans}
    ours = score_spans(gold_spans, proposed_spans, labels)
    report = seqeval.classification_report(gold, proposed, output_dict=True, zero_division=0)
    for label, score in ours.items():
        theirs = report[label]
        assert (score.precision, score.recall, score.f1) == pytest.approx(
            (theirs["precision"], theirs["recall"], theirs["f1-score"])
        )
        assert score.support == theirs["support"]
    total = Score.total(ours.values())
    assert (total.precision, total.recall, total.f1) == pytest.approx(
        (
            seqeval.precision_score(gold, proposed),
            seqeval.recall_score(gold, proposed),
            seqeval.f1_score(gold, proposed),
        )
    )
    assert total == Score(3, 3, 3)


def test_the_real_string_matcher_is_evaluated_through_proclitics(tmp_path):
    pytest.importorskip("annotator.suggestions.strings")
    documents = [
        ("وصل وفد أذربيجان إلى العاصمة.", [(A, "ACTOR")], DONE),
        ("استقبل الرئيس وفد أرمينيا.", [(B, "ACTOR")], DONE),
        # tested: «لأذربيجان» holds أذربيجان after the clitic; روسيا was never annotated
        ("التقى وفد لأذربيجان ووفد أرمينيا في روسيا.", [(A, "ACTOR"), (B, "ACTOR"), (C, "ACTOR")],
         DONE),
    ]  # fmt: skip
    with make_project(tmp_path / "p.sqlite", documents) as project:
        strings = evaluate(project, "lead", ["strings"]).recommender("strings")
    assert strings.labels["ACTOR"] == Score(2, 0, 1)
    assert strings.overall == Score(2, 0, 1)
    # trained on the first document only, it knows أذربيجان alone
    assert [(p.documents, p.score) for p in strings.curve] == [
        (1, Score(1, 0, 2)),
        (1, Score(1, 0, 2)),
        (1, Score(1, 0, 2)),
        (2, Score(2, 0, 1)),
        (2, Score(2, 0, 1)),
    ]
