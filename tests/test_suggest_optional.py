"""Optional recommenders (the default set's, annotator.suggestions.run): one that cannot start
is left out, one failing on a document loses only its own proposals there; both are reported.
Named explicitly, a recommender's error stops the run."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from test_suggest_run import TEXTS, Learner  # the runner's test texts and string recommender

from annotator.errors import AnnotatorError, UsageError
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import Project
from annotator.suggestions import Proposal
from annotator.suggestions import run as run_module
from annotator.suggestions.run import Skipped, suggest, trained


class Flaky:
    """Fails on the documents whose text holds «وفد»; `cannot_start`: its training fails."""

    name = "camel_ner"

    def __init__(self, cannot_start: bool = False) -> None:
        self.cannot_start = cannot_start

    def train(self, docs: Sequence[DocRecord]) -> None:
        if self.cannot_start:
            raise UsageError("the model does not load")

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        if "وفد" in doc.text:
            raise AnnotatorError("the worker stopped")
        return [Proposal(0, 3, "ACTOR", 0.5)]


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "p.sqlite")
    project.add_documents([DocRecord(text=text) for text in TEXTS])
    at = TEXTS[0].index("أذربيجان")
    project.add_annotation(1, "lead", "ACTOR", at, at + len("أذربيجان"))
    project.set_status(1, "lead", DONE)
    yield project
    project.close()


def _recommenders(monkeypatch, cannot_start: bool = False) -> None:
    made = {"strings": Learner, "camel_ner": lambda: Flaky(cannot_start)}
    monkeypatch.setattr(run_module, "default_names", lambda: ("strings", "camel_ner"))
    monkeypatch.setattr(run_module, "make", lambda name, setting, **options: made[name]())


def _stored(project: Project) -> dict[int, set[str]]:
    return {d: {s.recommender for s in project.suggestions(d, "amal")} for d in (1, 2, 3)}


def test_a_default_recommender_that_cannot_start_is_left_out_and_said(project, monkeypatch):
    _recommenders(monkeypatch, cannot_start=True)
    made = trained(project, "lead")
    assert [r.name for r in made.recommenders] == ["strings"]
    assert made.left_out == (Skipped("camel_ner", "the model does not load"),)
    summary = suggest(project, "amal", teacher="lead")
    assert summary.skipped == (Skipped("camel_ner", "the model does not load"),)
    assert str(summary.skipped[0]) == "camel_ner left out: the model does not load"
    assert _stored(project) == {1: {"strings"}, 2: {"strings"}, 3: {"strings"}}


def test_named_it_is_required_and_its_error_stops_the_run(project, monkeypatch):
    _recommenders(monkeypatch, cannot_start=True)
    with pytest.raises(UsageError, match="does not load"):
        trained(project, "lead", ["strings", "camel_ner"])
    _recommenders(monkeypatch)
    with pytest.raises(AnnotatorError, match="the worker stopped"):
        suggest(project, "amal", teacher="lead", names=["strings", "camel_ner"])


def test_a_default_recommender_failing_on_a_document_loses_only_its_proposals_there(
    project, monkeypatch
):
    _recommenders(monkeypatch)
    summary = suggest(project, "amal", teacher="lead")
    assert summary.skipped == (Skipped("camel_ner", "the worker stopped", 1),)
    assert str(summary.skipped[0]) == "camel_ner failed on 1 document: the worker stopped"
    assert _stored(project) == {
        1: {"strings", "camel_ner"},
        2: {"strings"},  # camel_ner failed here; the string matcher's proposal is stored
        3: {"strings", "camel_ner"},
    }


def test_a_document_failure_that_says_why_typed_keeps_the_problem(project, monkeypatch):
    # CAMeL NER found unusable while suggesting (its worker restarted on a model folder gone
    # bad): the failure keeps the typed problem, so that the app can word it in its language
    from annotator.camel.ner_worker import NerProblem, NerUnavailable

    broken = NerProblem("model-broken", path="/m", command="camel_data -i ner-arabert")

    class Unusable(Flaky):
        def suggest(self, doc, earlier=()):
            raise NerUnavailable(broken)

    made = {"strings": Learner, "camel_ner": Unusable}
    monkeypatch.setattr(run_module, "default_names", lambda: ("strings", "camel_ner"))
    monkeypatch.setattr(run_module, "make", lambda name, setting, **options: made[name]())
    summary = suggest(project, "amal", teacher="lead")
    [skipped] = summary.skipped
    assert (skipped.recommender, skipped.documents, skipped.problem) == ("camel_ner", 3, broken)


def _camel_ner_without_its_model(monkeypatch, folder) -> None:
    """The real CAMeL NER recommender in the default set, on a model folder that is not there
    (its packages count as installed: the folder is the reason)."""
    from annotator.suggestions import camel_ner

    monkeypatch.setattr(camel_ner, "missing_requirement", lambda: None)
    made = {
        "strings": lambda setting: Learner(),
        "camel_ner": lambda setting: camel_ner.CamelNer(
            setting, model=folder, labels={"PERS": "ACTOR"}
        ),
    }
    monkeypatch.setattr(run_module, "default_names", lambda: ("strings", "camel_ner"))
    monkeypatch.setattr(run_module, "make", lambda name, setting, **options: made[name](setting))


def test_a_left_out_camel_ner_keeps_why_as_a_typed_problem(project, tmp_path, monkeypatch):
    from annotator.camel.ner_worker import INSTALL_COMMAND, NerProblem, problem_text

    gone = tmp_path / "gone"
    _camel_ner_without_its_model(monkeypatch, gone)
    why = NerProblem("model-broken", path=str(gone), command=INSTALL_COMMAND)
    expected = Skipped("camel_ner", problem_text(why), problem=why)
    made = trained(project, "lead")
    assert [r.name for r in made.recommenders] == ["strings"]
    assert made.left_out == (expected,)
    assert suggest(project, "amal", teacher="lead").skipped == (expected,)
    # a recommender failing on documents has no typed problem: its reason is an error's detail
    _recommenders(monkeypatch)
    assert suggest(project, "amal", teacher="lead").skipped[0].problem is None


def test_named_camel_ner_raises_its_typed_problem_with_the_english_message(
    project, tmp_path, monkeypatch
):
    import pickle

    from annotator.camel.ner_worker import NerUnavailable, problem_text

    _camel_ner_without_its_model(monkeypatch, tmp_path / "gone")
    with pytest.raises(NerUnavailable) as raised:
        trained(project, "lead", ["strings", "camel_ner"])
    assert isinstance(raised.value, UsageError)
    assert raised.value.problem.kind == "model-broken"
    assert str(raised.value) == problem_text(raised.value.problem)
    again = pickle.loads(pickle.dumps(raised.value))  # it crosses process boundaries whole
    assert type(again) is NerUnavailable and again.problem == raised.value.problem
    assert str(again) == str(raised.value)


def test_the_command_line_says_a_left_out_camel_ner_in_english_as_before(
    project, tmp_path, monkeypatch, capsys
):
    import json

    from annotator.cli import main

    gone = tmp_path / "gone"
    _camel_ner_without_its_model(monkeypatch, gone)
    said = (
        f"camel_ner left out: {gone}: not a CAMeL NER model folder (no config.json): install "
        "the model with `camel_data -i ner-arabert` (or choose a model folder in Settings > "
        "Arabic tools)"
    )
    assert main(["suggest", str(project.path), "--for", "amal"]) == 0
    assert f"warning: {said}\n" in capsys.readouterr().err
    assert main(["suggest", str(project.path), "--for", "amal", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == [said]
