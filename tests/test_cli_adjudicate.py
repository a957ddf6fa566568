"""`annotator adjudicate`: the review window's first-opening merge, for a batch of documents."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project

TEXT = "😀 قال المتحدث باسم الجيش إن 12 شخصا قتلوا في القصف. وأكدت وزارة الصحة مقتل ثلاثة مدنيين."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents(
            [DocRecord(text=TEXT, name="one"), DocRecord(text="نص آخر", name="b")]
        )
        for who in ("amal", "badr", "carim"):
            project.add_annotation(1, who, "ACTOR", *at("المتحدث باسم الجيش"))
        for who in ("amal", "badr"):
            project.add_annotation(1, who, "ACTOR", *at("وزارة الصحة"))
        project.add_annotation(1, "carim", "CASUALTY", *at("ثلاثة مدنيين"))
        for who in ("amal", "badr", "carim"):
            project.set_status(1, who, "done")
        project.add_annotation(2, "amal", "ACTOR", 0, 2)  # not done by everyone: left out
    return path


def gold(path) -> list[tuple[str, int, int, tuple[str, ...]]]:
    with Project.open(path) as project:
        return sorted(
            (a.label, a.start, a.end, a.proposed_by) for a in project.annotations(1, "gold")
        )


def test_merges_what_all_agree_on(project_path, capsys):
    assert main(["adjudicate", str(project_path)]) == 0
    out = capsys.readouterr().out
    assert gold(project_path) == [("ACTOR", *at("المتحدث باسم الجيش"), ("amal", "badr", "carim"))]
    assert "1 document(s); 1 span(s) merged into gold" in out
    with Project.open(project_path) as project:
        assert project.annotations(2, "gold") == []
        assert project.status(1, "gold") == "in progress"


def test_min_agree_and_json(project_path, capsys):
    assert main(["adjudicate", str(project_path), "--min-agree", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    (row,) = result["documents"]
    assert (row["name"], row["merged"], row["gold_spans"]) == ("one", 2, 2)
    assert row["unresolved"] >= 1  # carim's CASUALTY is left for review
    assert [g[:3] for g in gold(project_path)] == sorted(
        [("ACTOR", *at("المتحدث باسم الجيش")), ("ACTOR", *at("وزارة الصحة"))]
    )


def test_second_run_changes_nothing(project_path, capsys):
    assert main(["adjudicate", str(project_path), "--min-agree", "2"]) == 0
    first = gold(project_path)
    capsys.readouterr()
    assert main(["adjudicate", str(project_path)]) == 0  # already under curation: kept
    assert gold(project_path) == first
    assert "0 span(s) merged" in capsys.readouterr().out


def test_bad_arguments(project_path, capsys):
    assert main(["adjudicate", str(project_path), "--min-agree", "4"]) == 2
    assert "--min-agree must be between 1 and 3" in capsys.readouterr().err
    assert main(["adjudicate", str(project_path), "--annotators", "amal,zed"]) == 2
    assert "zed" in capsys.readouterr().err
    assert gold(project_path) == []


def test_mark_done_marks_only_documents_with_nothing_left_to_review(project_path, capsys):
    argv = ["adjudicate", str(project_path), "--min-agree", "2", "--mark-done", "--json"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    (row,) = result["documents"]
    assert (row["unresolved"], row["marked_done"], row["status"]) == (1, False, "in progress")
    assert result["marked_done"] == 0

    from annotator import adjudication

    with Project.open(project_path) as project:  # the curator rejects carim's CASUALTY
        (casualty,) = [a for a in project.annotations(1, "carim") if a.label == "CASUALTY"]
        adjudication.reject(project, 1, casualty.uuid)
    assert main(["adjudicate", str(project_path), "--mark-done"]) == 0
    out = capsys.readouterr().out
    assert "1 document(s) with nothing left to review marked done in the gold standard" in out
    with Project.open(project_path) as project:
        assert project.status(1, "gold") == "done"
        assert project.status(2, "gold") == "new"  # not selected: not marked
        assert project.annotators(role="gold") == ["gold"]

    assert main(["adjudicate", str(project_path), "--mark-done"]) == 0
    assert "0 document(s) with nothing left to review marked" in capsys.readouterr().out
