"""`annotator recommenders`: the listing, --evaluate (text and --json) and the gazetteers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.rules import DONE, IN_PROGRESS
from annotator.store import Project
from annotator.suggestions import RECOMMENDERS, Proposal, Setting
from annotator.suggestions.evaluate import evaluate
from annotator.suggestions.run import suggest

A, B, C = "أذربيجان", "أرمينيا", "روسيا"

# (text, ACTOR spans, status): four done (three train, one tests), one in progress
DOCUMENTS = [
    ("وصل وفد أذربيجان إلى العاصمة.", [A], DONE),
    ("استقبل الرئيس وفد أرمينيا.", [B], DONE),
    ("زار وزير روسيا المنطقة.", [], DONE),
    ("اجتمع وفد أذربيجان ووفد أرمينيا مع وزير روسيا.", [A, C], DONE),
    ("عاد وفد أذربيجان.", [], IN_PROGRESS),
]


class Memorizer:
    """Proposes, as ACTOR, the first occurrence of each text it saw annotated."""

    name = "memo"

    def __init__(self, setting: Setting, **options: Any) -> None:
        self.learned: list[str] = []

    def train(self, docs: Sequence[DocRecord]) -> None:
        self.learned = sorted({d.text[s.start : s.end] for d in docs for s in d.spans})

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        found = []
        for text in self.learned:
            at = doc.text.find(text)
            if at >= 0:
                found.append(Proposal(at, at + len(text), "ACTOR", 0.9))
        return found


class Silent:
    """Proposes nothing."""

    name = "silent"

    def __init__(self, setting: Setting, **options: Any) -> None:
        pass

    def train(self, docs: Sequence[DocRecord]) -> None:
        pass

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        return []


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    for cls in (Memorizer, Silent):
        monkeypatch.setitem(RECOMMENDERS, cls.name, (__name__, cls.__name__))


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text=text) for text, _, _ in DOCUMENTS])
        for doc_id, (text, spans, status) in enumerate(DOCUMENTS, start=1):
            for span_text in spans:
                at = text.index(span_text)
                project.add_annotation(doc_id, "lead", "ACTOR", at, at + len(span_text))
            project.set_status(doc_id, "lead", status)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_prints_a_table_per_recommender_and_its_learning_curve(path, capsys):
    code, out, _ = run(
        capsys,
        "recommenders",
        path,
        "--from",
        "lead",
        "--evaluate",
        "--recommenders",
        "memo,silent",
    )
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert "lead's done documents: the first 3 train, the other 1 test (split 0.8)" in out
    # memo learned أذربيجان and أرمينيا: one right, one wrong; روسيا missed
    start = lines.index(["memo:"])
    assert lines[start + 1] == ["label", "precision", "recall", "F1", "support", "TP", "FP", "FN"]
    assert lines[start + 2] == ["ACTOR", "0.500", "0.500", "0.500", "2", "1", "1", "1"]
    assert lines[start + 3] == ["overall", "0.500", "0.500", "0.500", "2", "1", "1", "1"]
    assert lines[start + 4] == ["learning", "curve:"]
    # 10% and 25% of three documents: the first one (أذربيجان only, right)
    assert lines[start + 6] == ["10%", "1", "1.000", "0.500", "0.667"]
    assert lines[start + 7] == ["25%", "1", "1.000", "0.500", "0.667"]
    assert lines[start + 10] == ["100%", "3", "0.500", "0.500", "0.500"]
    silent = lines.index(["silent:"])
    assert lines[silent + 2] == ["overall", "0.000", "0.000", "0.000", "0", "0", "0", "0"]
    assert ["(it", "proposed", "nothing)"] in lines[silent:]


def test_evaluate_json_is_the_evaluation(path, capsys):
    code, out, _ = run(
        capsys, "recommenders", path, "--from", "lead", "--evaluate", "--recommenders", "memo",
        "--split", "0.5", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    with Project.open(path) as project:
        assert data == evaluate(project, "lead", ["memo"], split=0.5).as_dict()
    assert (data["training_documents"], data["evaluation_documents"]) == (2, 2)
    memo = data["recommenders"][0]
    assert memo["name"] == "memo"
    # document 4: أذربيجان right, أرمينيا wrong, روسيا missed; document 3 holds neither
    actor = memo["labels"]["ACTOR"]
    assert (actor["true_positives"], actor["false_positives"], actor["false_negatives"]) == (
        1,
        1,
        1,
    )
    assert memo["overall"]["recall"] == 0.5
    assert [point["documents"] for point in memo["curve"]] == [1, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--evaluate"], "--evaluate needs --from NAME"),
        (["--from", "lead"], "--from goes with --evaluate"),
        (["--split", "0.5"], "--split goes with --evaluate"),
        (["--from", "lead", "--evaluate", "--recommenders", "memo,nope"], "unknown recommender"),
        (["--gazetteer-name", "x"], "--gazetteer-name goes with --add-gazetteer"),
        (["--evaluate", "--remove-gazetteer", "x"], "not allowed with argument"),
    ],
)
def test_options_at_odds_are_refused(path, capsys, argv, message):
    with pytest.raises(SystemExit) as stopped:
        main(["recommenders", str(path), *argv])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_evaluate_errors_are_reported(path, tmp_path, capsys):
    code, _, err = run(capsys, "recommenders", path, "--from", "lead", "--evaluate", "--split", "1")
    assert code == 2 and "annotator: error: the split" in err
    code, _, err = run(capsys, "recommenders", path, "--from", "nobody", "--evaluate")
    assert code == 2 and "nobody" in err
    with Project.open(path) as project:
        project.set_status(2, "lead", IN_PROGRESS)
        project.set_status(3, "lead", IN_PROGRESS)
        project.set_status(4, "lead", IN_PROGRESS)
    code, _, err = run(capsys, "recommenders", path, "--from", "lead", "--evaluate")
    assert code == 2 and "lead has marked 1 document(s) done" in err and "at least 2" in err
    code, _, err = run(capsys, "recommenders", tmp_path / "none.sqlite")
    assert code == 2 and "no such project file" in err


def test_listing_shows_recommenders_gazetteers_and_pending_suggestions(path, capsys):
    with Project.open(path) as project:
        suggest(project, "amal", teacher="lead", names=["memo"])
        project.set_gazetteer("countries.tsv", [(A, "ACTOR"), (B, "ACTOR"), ("قتلى", "CASUALTY")])
    code, out, _ = run(capsys, "recommenders", path)
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    # what each does: the first paragraph of its module's docstring (here, this file's)
    memo = next(line for line in lines if line[:1] == ["memo"])
    assert memo[1:5] == ["`annotator", "recommenders`:", "the", "listing,"]
    assert ["silent", *memo[1:]] in lines
    names = [line[0] for line in lines[2 : 2 + len(RECOMMENDERS)]]
    assert names == list(RECOMMENDERS)  # in running order
    assert ["countries.tsv", "3", "ACTOR", "2,", "CASUALTY", "1"] in lines
    # amal has done nothing: all five documents; أذربيجان x3, أرمينيا x2, روسيا x2
    assert ["amal", "memo", "7", "ACTOR", "7"] in lines

    code, out, _ = run(capsys, "recommenders", path, "--json")
    data = json.loads(out)
    assert [item["name"] for item in data["recommenders"]] == list(RECOMMENDERS)
    assert data["gazetteers"] == [
        {"name": "countries.tsv", "entries": 3, "labels": {"ACTOR": 2, "CASUALTY": 1}}
    ]
    assert data["suggestions"] == [
        {"annotator": "amal", "recommender": "memo", "total": 7, "labels": {"ACTOR": 7}}
    ]


def test_listing_an_empty_project_says_what_to_do(path, capsys):
    code, out, _ = run(capsys, "recommenders", path)
    assert code == 0
    assert "gazetteers: none (load one with --add-gazetteer FILE)" in out
    assert "pending suggestions: none" in out


def test_add_and_remove_a_gazetteer(path, tmp_path, capsys):
    tsv = tmp_path / "countries.tsv"
    tsv.write_text(f"{A}\tACTOR\n{B}\tACTOR\n", encoding="utf-8")
    code, out, _ = run(capsys, "recommenders", path, "--add-gazetteer", tsv)
    assert code == 0 and "gazetteer countries.tsv: 2 entries loaded" in out
    code, out, _ = run(
        capsys, "recommenders", path, "--add-gazetteer", tsv, "--gazetteer-name", "places"
    )
    with Project.open(path) as project:
        assert sorted((e.name, e.text) for e in project.gazetteer()) == [
            ("countries.tsv", A),
            ("countries.tsv", B),
            ("places", A),
            ("places", B),
        ]
    code, out, _ = run(capsys, "recommenders", path, "--remove-gazetteer", "places", "--json")
    assert code == 0 and json.loads(out) == {"gazetteer": "places", "removed": 2}
    code, _, err = run(capsys, "recommenders", path, "--remove-gazetteer", "places")
    assert code == 2 and "no gazetteer 'places'" in err
    with Project.open(path) as project:
        assert {e.name for e in project.gazetteer()} == {"countries.tsv"}


def test_a_gazetteer_with_labels_outside_the_schema_is_refused_whole(path, tmp_path, capsys):
    tsv = tmp_path / "people.tsv"
    tsv.write_text(f"{A}\tACTOR\nمحمد\tPERSON\nعلي\tPERSON\n", encoding="utf-8")
    code, _, err = run(capsys, "recommenders", path, "--add-gazetteer", tsv)
    assert code == 2 and "'PERSON' (2)" in err and "people.tsv" in err
    with Project.open(path) as project:
        assert project.gazetteer() == []


def test_a_malformed_gazetteer_names_file_and_line(path, tmp_path, capsys):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(f"{A}\tACTOR\n{B} ACTOR\n", encoding="utf-8")
    code, _, err = run(capsys, "recommenders", path, "--add-gazetteer", tsv)
    assert code == 2 and f"{tsv}:2:" in err
    with Project.open(path) as project:
        assert project.gazetteer() == []
