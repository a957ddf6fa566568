"""The one runner from recommenders to stored suggestions (annotator.suggestions.run), the app's
background recommender process (annotator.suggestions.service) and `annotator suggest`."""

from __future__ import annotations

import gc
import json
import sqlite3
import time
import weakref
from collections.abc import Sequence

import pytest
from fake_recommenders import Memorizer

import annotator.suggestions.run as run_module
from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import Project, WriteError
from annotator.suggestions import Proposal, Setting
from annotator.suggestions.run import (
    PartlyStored,
    propose,
    suggest,
    trained,
    training_documents,
)
from annotator.suggestions.service import SuggestionService

TEXTS = [
    "قال وزير الخارجية إن أذربيجان وقعت الاتفاق.",
    "وصل وفد أذربيجان إلى العاصمة صباح اليوم.",
    "أعلنت الحكومة أن أذربيجان سترسل مساعدات.",
]


class Learner(Memorizer):
    """The test recommender, running where the string matcher does."""

    name = "strings"


class Follower:
    """Proposes a CLAIM after each earlier proposal, with that proposal as its source."""

    name = "claims"

    def __init__(self) -> None:
        self.earlier: list[int] = []

    def train(self, docs: Sequence[DocRecord]) -> None:
        pass

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        self.earlier.append(len(earlier))
        return [
            Proposal(p.end + 1, len(doc.text) - 1, "CLAIM", 0.6, source=(p.start, p.end))
            for p in earlier
            if p.end + 1 < len(doc.text) - 1
        ]


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "p.sqlite")
    project.add_documents([DocRecord(text=text) for text in TEXTS])
    first = project.document_text(1)
    at = first.index("أذربيجان")
    project.add_annotation(1, "lead", "ACTOR", at, at + len("أذربيجان"))
    project.set_status(1, "lead", DONE)
    yield project
    project.close()


def test_learns_from_the_teacher_and_stores_for_the_annotator_only_on_unfinished(project):
    project.set_status(3, "amal", DONE)
    learner = Learner()
    learner.train(training_documents(project, "lead", done_only=False))
    summary = suggest(project, "amal", recommenders=[learner])
    assert summary.documents == 2  # document 3 is done for amal
    assert learner.learned == ["أذربيجان"]
    shown = {d: project.suggestions(d, "amal") for d in (1, 2, 3)}
    assert [(s.text, s.label, s.recommender) for s in shown[1]] == [
        ("أذربيجان", "ACTOR", "strings")
    ]
    assert [s.text for s in shown[2]] == ["أذربيجان"]
    assert shown[3] == []
    assert project.suggestions(1, "lead") == []
    assert project.annotations(2) == []  # suggestions are not annotations


def test_trained_by_name_learns_from_the_teacher(project):
    recommenders, learned_from, _ = trained(project, "lead", ["claims", "strings"])
    assert [r.name for r in recommenders] == ["strings", "claims"]  # the running order
    assert learned_from == 1


def test_each_recommender_sees_the_earlier_proposals(project):
    learner, follower = Learner(), Follower()
    learner.train(training_documents(project, "lead", done_only=True))
    doc = DocRecord(text=TEXTS[1], id="2")
    found = propose([learner, follower], doc)
    assert [name for name, _ in found] == ["strings", "claims"]
    claim = found[1][1]
    assert claim.source == (found[0][1].start, found[0][1].end)
    assert follower.earlier == [1]


def test_a_run_replaces_the_suggestions_of_its_recommenders_only(project):
    learner = Learner()
    learner.train(training_documents(project, "lead", done_only=True))
    suggest(project, "amal", recommenders=[learner, Follower()])
    before = {(s.recommender, s.start) for s in project.suggestions(2, "amal")}
    assert {r for r, _ in before} == {"strings", "claims"}
    learner.learned = []
    suggest(project, "amal", recommenders=[learner])
    after = {(s.recommender, s.start) for s in project.suggestions(2, "amal")}
    assert after == {item for item in before if item[0] == "claims"}


def test_what_was_rejected_or_is_held_is_not_stored_again(project):
    learner = Learner()
    learner.train(training_documents(project, "lead", done_only=True))
    suggest(project, "amal", recommenders=[learner])
    (offer,) = project.suggestions(2, "amal")
    project.reject_suggestions([offer.uuid])
    text = project.document_text(3)
    at = text.index("أذربيجان")
    project.add_annotation(3, "amal", "ACTOR", at, at + len("أذربيجان"))
    suggest(project, "amal", recommenders=[learner])
    # rejected for that text: not in document 2, nor in 1 (same text); held in document 3
    assert [project.suggestions(d, "amal") for d in (1, 2, 3)] == [[], [], []]
    assert [s.pending for s in project.suggestion_counts("amal")] == []


def test_worker_processes_store_what_this_process_would(tmp_path):
    texts = [f"وقال المتحدث باسم الجيش {i} إن القوات تقدمت في المدينة رقم {i}." for i in range(900)]
    results = []
    for workers in (0, 2):
        with Project.create(tmp_path / f"p{workers}.sqlite") as project:
            project.add_documents([DocRecord(text=text) for text in texts])
            summary = suggest(project, "amal", names=["claims"], workers=workers)
            assert summary.documents == 900
            results.append(
                [
                    (s.document_id, s.label, s.start, s.end, s.score, s.source)
                    for d in range(1, 901)
                    for s in project.suggestions(d, "amal")
                ]
            )
    assert results[0], "the claim rules propose on these sentences"
    assert results[0] == results[1]


def test_worker_processes_leave_out_what_the_annotator_holds_or_rejected(tmp_path):
    # the workers check and lay out the rows (prepare_suggestions on a read-only connection):
    # they read the annotator's annotations and rejections themselves
    texts = [f"وصل وفد أذربيجان إلى العاصمة {i} ثم التقى وفد أرمينيا." for i in range(900)]
    learner = Learner()
    learner.learned = ["أذربيجان", "أرمينيا"]
    with Project.create(tmp_path / "p.sqlite") as project:
        project.add_documents([DocRecord(text=text) for text in texts])
        first = suggest(project, "amal", recommenders=[learner], workers=0)
        assert first.stored == {"strings": {"ACTOR": 1800}}
        (armenia,) = [s for s in project.suggestions(1, "amal") if s.text == "أرمينيا"]
        project.reject_suggestions([armenia.uuid])  # in every document
        at = texts[1].index("أذربيجان")
        project.add_annotation(2, "amal", "ACTOR", at, at + len("أذربيجان"))
        again = suggest(project, "amal", recommenders=[learner], workers=2)
        assert again.stored == {"strings": {"ACTOR": 899}}
        assert [s.pending for s in project.suggestion_counts("amal")] == [899]


def _wait_for(service: SuggestionService, kind: str, timeout: float = 60.0) -> list:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = service.wait(0.5)
        seen += events
        if any(e.kind in (kind, "error", "stopped") for e in events):
            return seen
    raise AssertionError(f"no {kind} event in {timeout} s: {seen}")


def test_the_background_service_trains_suggests_and_stops(project):
    service = SuggestionService(project.path, "amal", teacher="lead", recommenders=["strings"])
    try:
        service.suggest([2, 3])
        events = _wait_for(service, "ready")
        kinds = [e.kind for e in events]
        assert "error" not in kinds, events
        assert kinds.index("trained") < kinds.index("ready")
        ready = next(e for e in events if e.kind == "ready")
        assert ready.document_ids == (2, 3)
        assert [s.text for s in project.suggestions(2, "amal")] == ["أذربيجان"]
        # a request after the teacher's new annotations: it learns again
        text = project.document_text(2)
        at = text.index("العاصمة")
        project.add_annotation(2, "lead", "ACTOR", at, at + len("العاصمة"))
        service.retrain()
        service.suggest([2])
        events = _wait_for(service, "ready")
        assert [e.kind for e in events].count("trained") == 1
        assert {s.text for s in project.suggestions(2, "amal")} == {"أذربيجان", "العاصمة"}
    finally:
        service.close()
    assert not service.process.is_alive()
    assert service.events() == []  # closed: nothing more, no error


def _run(*argv: str, capsys) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_suggest_accept_and_undo(project, capsys):
    path = str(project.path)
    project.close()
    code, out, _ = _run(
        "suggest", path, "--for", "amal", "--from", "lead", "--recommenders", "strings",
        "--json", capsys=capsys,
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["suggestions"] == {"strings": {"ACTOR": 3}}
    assert result["learned_from"] == {"annotator": "lead", "documents": 1}
    code, out, _ = _run(
        "suggest", path, "--for", "amal", "--from", "lead", "--recommenders", "strings",
        "--accept", "--min-score", "0.5", "--json", capsys=capsys,
    )  # fmt: skip
    accepted = json.loads(out)["accepted"]
    assert accepted["total"] == 3 and accepted["by_label"] == {"ACTOR": 3}
    with Project.open(path) as reopened:
        made = [a for d in (1, 2, 3) for a in reopened.annotations(d, "amal")]
        assert len(made) == 3
        assert {a.suggested_by["recommender"] for a in made} == {"strings"}
        assert {a.suggested_by["batch"] for a in made} == {accepted["batch"]}
        entries = [h for h in reopened.history(10) if h.action == "accept suggestions"]
        assert len(entries) == 1 and entries[0].detail["accepted"] == 3
    code, out, _ = _run("suggest", path, "--for", "amal", "--undo-accept", capsys=capsys)
    assert code == 0 and "3 annotations are suggestions again" in out
    with Project.open(path) as reopened:
        assert [reopened.annotations(d, "amal") for d in (1, 2, 3)] == [[], [], []]
        assert sum(len(reopened.suggestions(d, "amal")) for d in (1, 2, 3)) == 3
    code, _, err = _run("suggest", path, "--for", "amal", "--undo-accept", capsys=capsys)
    assert code == 2 and "no bulk acceptance" in err
    code, out, _ = _run("suggest", path, "--for", "amal", "--clear", capsys=capsys)
    assert code == 0 and "3 pending suggestions removed" in out


def test_cli_suggest_refuses_what_it_cannot_do(project, capsys):
    path = str(project.path)
    project.close()
    with pytest.raises(SystemExit):
        main(["suggest", path, "--for", "amal", "--recommenders", "strings,oracle"])
    assert "unknown recommender 'oracle'" in capsys.readouterr().err
    code, _, err = _run("suggest", path, "--for", "amal", "--min-score", "0.5", capsys=capsys)
    assert code == 2 and "--min-score goes with --accept" in err
    with pytest.raises(SystemExit):
        main(["suggest", path, "--for", "amal", "--accept", "--min-score", "1.5"])
    assert "between 0 and 1" in capsys.readouterr().err


def test_setting_lists_the_project_labels(project):
    from annotator.suggestions.run import setting_of

    setting = setting_of(project)
    assert isinstance(setting, Setting)
    assert {"ACTOR", "CLAIM", "CASUALTY"} <= set(setting.labels)


def test_cli_accept_and_clear_keep_to_the_chosen_recommenders(project, capsys):
    from annotator.store import NewSuggestion

    text = project.document_text(2)
    at = text.index("وفد")
    imported = NewSuggestion(2, "my-ner", "CASUALTY", at, at + 3, 0.3)
    project.replace_suggestions("amal", [2], [imported], recommenders=["my-ner"])
    path = str(project.path)
    project.close()
    code, out, _ = _run(
        "suggest", path, "--for", "amal", "--from", "lead", "--recommenders", "strings",
        "--accept", "--json", capsys=capsys,
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["accepted"]["by_label"] == {"ACTOR": 3}  # not my-ner's CASUALTY
    _run("suggest", path, "--for", "amal", "--undo-accept", capsys=capsys)
    code, out, _ = _run(
        "suggest", path, "--for", "amal", "--clear", "--recommenders", "strings", capsys=capsys
    )
    assert code == 0 and "3 pending suggestions removed" in out
    with Project.open(path) as reopened:
        assert [(s.recommender, s.label) for s in reopened.suggestions(2, "amal")] == [
            ("my-ner", "CASUALTY")
        ]


def test_cli_suggest_refuses_an_unknown_teacher(project, capsys):
    path = str(project.path)
    project.close()
    code, _, err = _run("suggest", path, "--for", "amal", "--from", "laed", capsys=capsys)
    assert code == 2 and "laed" in err


def test_rejecting_one_form_of_a_term_rejects_the_other(tmp_path):
    """«للحكومة» holds «الحكومة» after ل, its alef gone: the string matcher proposes «لحكومة»;
    rejecting either form is rejecting the term."""
    with Project.create(tmp_path / "p.sqlite") as project:
        text = "قالت الحكومة إن الاجتماع تأجل. وقال مصدر للحكومة إن الموعد لم يحدد."
        project.add_documents([DocRecord(text=text)])
        at = text.index("الحكومة")
        project.add_annotation(1, "lead", "ACTOR", at, at + len("الحكومة"))
        recommenders = trained(project, "lead", ["strings"]).recommenders
        suggest(project, "amal", recommenders=recommenders)
        forms = {s.text: s for s in project.suggestions(1, "amal")}
        assert set(forms) == {"الحكومة", "لحكومة"}
        project.reject_suggestions([forms["لحكومة"].uuid])
        assert project.suggestions(1, "amal") == []  # «الحكومة» is that term too
        suggest(project, "amal", recommenders=recommenders)
        assert project.suggestions(1, "amal") == []
        project.forget_rejections("amal")
        suggest(project, "amal", recommenders=recommenders)
        project.reject_suggestions(
            [s.uuid for s in project.suggestions(1, "amal") if s.text == "الحكومة"]
        )
        suggest(project, "amal", recommenders=recommenders)
        assert project.suggestions(1, "amal") == []


def test_a_run_inside_the_callers_transaction_stores_in_it(tmp_path):
    # the worker processes write through their own connections: inside a transaction held
    # open here they would wait for it, so this process proposes and writes itself
    texts = [f"وقال المتحدث باسم الجيش {i} إن القوات تقدمت في المدينة رقم {i}." for i in range(900)]
    with Project.create(tmp_path / "p.sqlite") as project:
        project.add_documents([DocRecord(text=text) for text in texts])
        with project.transaction():
            summary = suggest(project, "amal", names=["claims"], workers=2)
            assert summary.documents == 900 and summary.total > 0
        assert sum(c.pending for c in project.suggestion_counts("amal")) == summary.total


# ---------------------------------------------------------------- a run that stops on a failure


class FailsOn(Learner):
    """Proposes what it learned, and fails on document `fail_at` as a full disk would (in a
    worker process too: it travels pickled)."""

    def __init__(self, learned: list[str], fail_at: int) -> None:
        super().__init__()
        self.learned = learned
        self.fail_at = fail_at

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        if doc.id == str(self.fail_at):
            raise WriteError("Not saved: the disk is full.")
        return super().suggest(doc, earlier)


def _suggested(project: Project, count: int) -> dict[int, list[str]]:
    return {d: [s.text for s in project.suggestions(d, "amal")] for d in range(1, count + 1)}


def test_a_parallel_run_that_fails_on_a_chunk_says_what_it_stored(tmp_path, monkeypatch):
    monkeypatch.setattr(run_module, "CHUNK", 50)
    texts = [f"وصل وفد أذربيجان إلى العاصمة {i}." for i in range(300)]
    with Project.create(tmp_path / "p.sqlite") as project:
        project.add_documents([DocRecord(text=text) for text in texts])
        before = Learner()
        before.learned = ["وفد"]
        suggest(project, "amal", recommenders=[before], workers=0)
        with pytest.raises(PartlyStored) as caught:
            # the third chunk (documents 101-150) fails; chunks running meanwhile finish
            suggest(project, "amal", recommenders=[FailsOn(["أذربيجان"], 120)], workers=2)
        err = caught.value
        shown = _suggested(project, 300)
        replaced = sorted(d for d, found in shown.items() if found == ["أذربيجان"])
        # what the error says was stored is what is stored, chunks finished while stopping too
        assert err.summary.documents == len(replaced)
        assert err.summary.total == len(replaced)
        assert err.summary.stored == {"strings": {"ACTOR": len(replaced)}}
        assert err.asked == 300
        assert set(range(1, 101)) <= set(replaced)  # the chunks before the failure
        assert not set(range(101, 151)) & set(replaced)  # the failed chunk
        assert len(replaced) % 50 == 0  # whole chunks
        # the rest were not changed: they keep the earlier run's suggestions
        assert all(shown[d] == ["وفد"] for d in shown if d not in replaced)
        assert isinstance(err, AnnotatorError)
        message = str(err)
        assert f"suggestions stored for {len(replaced)} of 300 documents" in message
        assert "the rest were not changed" in message
        assert "Not saved: the disk is full." in message
        # running again finishes
        again = suggest(project, "amal", recommenders=[FailsOn(["أذربيجان"], 0)], workers=2)
        assert again.documents == 300
        assert all(found == ["أذربيجان"] for found in _suggested(project, 300).values())


def test_a_run_behind_another_writer_says_what_it_stored(project, monkeypatch):
    # one chunk per document; another program takes the write lock once the first is stored
    # (as /tmp/review13/locker.py did), and this connection waits 50 ms for it, not 5 s
    monkeypatch.setattr(run_module, "CHUNK", 1)
    project.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(project.path, isolation_level=None)
    learner = Learner()
    learner.learned = ["أذربيجان"]

    def progress(done: int, total: int) -> None:
        if not other.in_transaction:
            other.execute("BEGIN IMMEDIATE")

    try:
        with pytest.raises(PartlyStored) as caught:
            suggest(project, "amal", recommenders=[learner], workers=0, progress=progress)
    finally:
        other.close()
    err = caught.value
    assert (err.summary.documents, err.asked, err.summary.total) == (1, 3, 1)
    assert err.busy  # trying again later may succeed
    assert "stored for 1 of 3 documents" in str(err)
    assert "another program is writing" in str(err)
    assert [len(found) for found in _suggested(project, 3).values()] == [1, 0, 0]


def test_cli_suggest_reports_a_run_that_stopped(project, capsys, monkeypatch):
    path = str(project.path)
    project.close()
    monkeypatch.setattr(run_module, "CHUNK", 1)
    monkeypatch.setattr(
        run_module, "trained", lambda *args, **kw: ([FailsOn(["أذربيجان"], 2)], 1, ())
    )
    code, out, err = _run(
        "suggest", path, "--for", "amal", "--from", "lead", "--workers", "0", capsys=capsys
    )
    assert code == 2
    assert "amal's suggestions stored for 1 of 3 documents; the rest were not changed" in err
    code, out, err = _run(
        "suggest",
        path,
        "--for",
        "amal",
        "--from",
        "lead",
        "--workers",
        "0",
        "--json",
        capsys=capsys,
    )
    assert code == 2
    result = json.loads(out)
    assert result["complete"] is False
    assert (result["documents"], result["documents_asked"], result["total"]) == (1, 3, 1)
    assert result["suggestions"] == {"strings": {"ACTOR": 1}}
    assert "Not saved: the disk is full." in result["error"]
    assert "stored for 1 of 3 documents" in err


class MakesCycles(Learner):
    """Proposes what it learned, leaving behind a reference cycle per document (`made`: weak
    references to them)."""

    def __init__(self, learned: list[str]) -> None:
        super().__init__()
        self.learned = learned
        self.made: list[weakref.ref] = []

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        cycle = Cycle()
        cycle.me = cycle
        self.made.append(weakref.ref(cycle))
        return super().suggest(doc, earlier)


class Cycle:
    me: object = None


def test_a_worker_chunk_stores_and_leaves_the_collector_on_with_no_cycle_kept(
    tmp_path, monkeypatch
):
    # a worker process runs each chunk with the collector off (its objects are freed by
    # reference counting); afterwards the collector is on again and what cycles the chunk
    # left are gone, also when the chunk fails
    texts = [f"وصل وفد أذربيجان إلى العاصمة {i}." for i in range(6)]
    with Project.create(tmp_path / "p.sqlite") as project:
        project.add_documents([DocRecord(text=text) for text in texts])
        maker = MakesCycles(["أذربيجان"])
        worker = {"project": project, "annotator": "amal", "names": ["strings"]}
        monkeypatch.setattr(run_module, "_WORKER", {**worker, "recommenders": [maker]})
        assert gc.isenabled()
        stored = run_module._worker_chunk([1, 2, 3])
        assert stored.documents == 3
        assert stored.counts == {"strings": {"ACTOR": 3}}
        assert _suggested(project, 6) == {1: ["أذربيجان"], 2: ["أذربيجان"], 3: ["أذربيجان"]} | {
            d: [] for d in (4, 5, 6)
        }
        assert gc.isenabled()
        assert len(maker.made) == 3
        assert all(ref() is None for ref in maker.made)
        failing = FailsOn(["أذربيجان"], 5)
        monkeypatch.setattr(run_module, "_WORKER", {**worker, "recommenders": [failing]})
        with pytest.raises(WriteError):
            run_module._worker_chunk([4, 5, 6])
        assert gc.isenabled()
        assert _suggested(project, 6)[4] == []  # the failed chunk stored nothing
