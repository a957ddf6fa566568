"""`annotator status`: list and set documents' statuses per annotator and for the gold standard,
and the headless flow `adjudicate --mark-done` then `export --gold`."""

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
    """Three documents; amal finished 1 and 2 and began 3, badr finished 1 and began 2."""
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents(
            [
                DocRecord(text=TEXT, name="one"),
                DocRecord(text="نص ثان", name="two"),
                DocRecord(text="نص ثالث", name="three"),
            ]
        )
        for who in ("amal", "badr"):
            project.add_annotation(1, who, "ACTOR", *at("المتحدث باسم الجيش"))
            project.set_status(1, who, "done")
        project.set_status(2, "amal", "done")
        project.set_status(2, "badr", "in progress")
        project.set_status(3, "amal", "in progress")
    return path


def statuses(path, who: str) -> list[str]:
    with Project.open(path) as project:
        return [project.status(doc_id, who) for doc_id in (1, 2, 3)]


def status_history(path) -> list[tuple[str | None, int | None, dict]]:
    with Project.open(path) as project:
        return [
            (entry.annotator, entry.document_id, entry.detail)
            for entry in reversed(project.history(1000))
            if entry.action == "set status"
        ]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ---------------------------------------------------------------- listing


def test_lists_every_annotator_and_the_gold(project_path, capsys):
    code, out, _ = run(capsys, "status", str(project_path))
    assert code == 0
    lines = [line.split() for line in out.splitlines()]
    assert lines[0] == ["id", "name", "amal", "badr", "gold"]
    assert lines[1] == ["1", "one", "done", "done", "new"]
    assert lines[2] == ["2", "two", "done", "in", "progress", "new"]
    assert lines[3] == ["3", "three", "in", "progress", "new", "new"]
    assert "amal: new 0, in progress 1, done 2 (3 document(s))" in out
    assert "gold: new 3, in progress 0, done 0 (3 document(s))" in out


def test_json_and_one_column(project_path, capsys):
    code, out, _ = run(capsys, "status", str(project_path), "--json")
    assert code == 0
    listing = json.loads(out)
    assert listing["columns"] == ["amal", "badr", "gold"]
    assert listing["documents"][1] == {
        "id": 2,
        "name": "two",
        "status": {"amal": "done", "badr": "in progress", "gold": "new"},
    }
    assert listing["counts"]["badr"] == {"new": 1, "in progress": 1, "done": 1}

    code, out, _ = run(capsys, "status", str(project_path), "--annotator", "badr", "--json")
    listing = json.loads(out)
    assert listing["columns"] == ["badr"]
    assert [d["status"] for d in listing["documents"]] == [
        {"badr": "done"},
        {"badr": "in progress"},
        {"badr": "new"},
    ]

    code, out, _ = run(
        capsys, "status", str(project_path), "--gold", "--documents", "3,1", "--json"
    )
    listing = json.loads(out)
    assert listing["columns"] == ["gold"]
    assert [(d["id"], d["name"]) for d in listing["documents"]] == [(3, "three"), (1, "one")]
    assert listing["counts"] == {"gold": {"new": 2, "in progress": 0, "done": 0}}


def test_listing_writes_nothing(project_path, capsys):
    before = status_history(project_path)
    assert run(capsys, "status", str(project_path), "--gold")[0] == 0
    with Project.open(project_path) as project:
        assert project.annotators(role=None) == ["amal", "badr"]  # no gold made by a look
    assert status_history(project_path) == before


# ---------------------------------------------------------------- setting


def test_sets_an_annotators_statuses_in_the_history_as_the_app_does(project_path, capsys):
    before = status_history(project_path)
    code, out, _ = run(
        capsys, "status", str(project_path), "--set", "done", "--annotator", "badr",
        "--documents", "1-3",
    )  # fmt: skip
    assert code == 0
    assert "badr: 2 document(s) set to done (1 already were)" in out
    assert statuses(project_path, "badr") == ["done", "done", "done"]
    assert statuses(project_path, "amal") == ["done", "done", "in progress"]
    assert status_history(project_path) == [
        *before,
        ("badr", 2, {"status": "done"}),
        ("badr", 3, {"status": "done"}),
    ]

    code, out, _ = run(
        capsys, "status", str(project_path), "--set", "in-progress", "--annotator", "badr",
        "--documents", "1", "--json",
    )  # fmt: skip
    assert json.loads(out) == {
        "annotator": "badr",
        "status": "in progress",
        "changed": [1],
        "unchanged": 0,
    }
    assert statuses(project_path, "badr") == ["in progress", "done", "done"]


def test_sets_the_gold_standard_for_every_document(project_path, capsys):
    code, out, _ = run(capsys, "status", str(project_path), "--set", "done", "--gold", "--all")
    assert code == 0
    assert "gold: 3 document(s) set to done" in out
    assert statuses(project_path, "gold") == ["done", "done", "done"]
    assert statuses(project_path, "amal") == ["done", "done", "in progress"]
    with Project.open(project_path) as project:
        assert project.annotators(role="gold") == ["gold"]  # the gold standard, not an annotator
        assert project.annotators(role="annotator") == ["amal", "badr"]

    code, out, _ = run(capsys, "status", str(project_path), "--set", "new", "--gold", "--all")
    assert "gold: 3 document(s) set to new" in out
    assert statuses(project_path, "gold") == ["new", "new", "new"]


# ---------------------------------------------------------------- errors


def test_an_unknown_document_changes_nothing(project_path, capsys):
    before = status_history(project_path)
    code, _, err = run(
        capsys, "status", str(project_path), "--set", "done", "--gold", "--documents", "1,7,2,9"
    )
    assert code == 2
    assert "annotator: error: no document with id 7, 9" in err
    assert statuses(project_path, "gold") == ["new", "new", "new"]
    assert status_history(project_path) == before
    with Project.open(project_path) as project:
        assert "gold" not in project.annotators(role=None)

    code, _, err = run(capsys, "status", str(project_path), "--documents", "4")
    assert (code, "no document with id 4" in err) == (2, True)


def test_an_unknown_annotator_changes_nothing(project_path, capsys):
    before = status_history(project_path)
    code, _, err = run(
        capsys, "status", str(project_path), "--set", "done", "--annotator", "zed", "--all"
    )
    assert code == 2
    assert "annotator: error: no annotator named 'zed'; the project has: amal, badr" in err
    with Project.open(project_path) as project:
        assert project.annotators(role=None) == ["amal", "badr"]
    assert status_history(project_path) == before

    code, _, err = run(capsys, "status", str(project_path), "--annotator", "zed")
    assert (code, "no annotator named 'zed'" in err) == (2, True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--set", "done", "--all"], "--set needs --annotator NAME or --gold"),
        (["--set", "done", "--gold"], "--set needs --documents IDS or --all"),
        (["--set", "finished", "--gold", "--all"], "unknown status 'finished'"),
        (["--set", "any", "--gold", "--all"], "a status to set: done, in-progress or new"),
        (["--set", "done", "--gold", "--documents", "1,x"], "not a document id or range: 'x'"),
        (["--set", "done", "--gold", "--documents", "3-1"], "not a document id or range: '3-1'"),
        (["--gold", "--annotator", "amal"], "not allowed with argument"),
        (["--documents", "1", "--all"], "not allowed with argument"),
    ],
)
def test_usage_errors(project_path, capsys, argv, message):
    before = status_history(project_path)
    with pytest.raises(SystemExit) as exit_:
        main(["status", str(project_path), *argv])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert status_history(project_path) == before


def test_a_missing_project_is_named(tmp_path, capsys):
    missing = tmp_path / "none.sqlite"
    code, _, err = run(capsys, "status", str(missing))
    assert (code, f"{missing}: no such project file" in err) == (2, True)
    code, _, err = run(capsys, "status", str(missing), "--set", "done", "--gold", "--all")
    assert (code, f"{missing}: no such project file" in err) == (2, True)
    assert not missing.exists()


# ---------------------------------------------------------------- the headless flow


def test_adjudicate_mark_done_then_export_gold(project_path, tmp_path, capsys):
    """Document 1 (both agree) is left with nothing to review, so --mark-done marks it and
    `export --gold` takes it; document 2 (only amal done) is not adjudicated."""
    out = tmp_path / "gold.jsonl"
    export = ["export", str(project_path), "--format", "jsonl", "--out", str(out), "--gold"]
    assert run(capsys, "adjudicate", str(project_path))[0] == 0
    code, _, err = run(capsys, *export)  # merged, but still in progress: refused
    assert code == 2
    assert "nothing to export" in err
    assert not out.exists()

    code, summary, _ = run(capsys, "adjudicate", str(project_path), "--mark-done")
    assert code == 0
    assert "1 document(s) with nothing left to review marked done in the gold standard" in summary
    assert statuses(project_path, "gold") == ["done", "new", "new"]
    assert run(capsys, *export)[0] == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["text"] for row in rows] == [TEXT]
    assert [(s["start"], s["end"], s["label"]) for s in rows[0]["spans"]] == [
        (*at("المتحدث باسم الجيش"), "ACTOR")
    ]

    # the status command then brings in what the curator decided by other means
    assert run(capsys, "status", str(project_path), "--set", "done", "--gold", "--all")[0] == 0
    assert run(capsys, *export)[0] == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
