"""`annotator find`: the query language from the command line, as keyword-in-context or JSON."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project

TEXT = "😀 قال المتحدث باسم الجيش إن 12 شخصا أصيبوا في القصف. وأكدت وزارة الصحة مقتل ثلاثة مدنيين."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text=TEXT, name="one"), DocRecord(text="نص", name="two")])
        project.add_annotation(1, "mona", "ACTOR", *at("المتحدث باسم الجيش"))
        project.add_annotation(
            1, "mona", "CASUALTY", *at("12 شخصا"), attributes={"count": 12, "outcome": "injured"}
        )
        project.add_annotation(
            1, "ali", "CASUALTY", *at("ثلاثة مدنيين"), attributes={"count": 3, "outcome": "killed"}
        )
        project.set_status(1, "mona", "done")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_keyword_in_context_lines(capsys, project_path) -> None:
    code, out, _ = run(
        capsys, "find", str(project_path), "label=CASUALTY outcome=injured count>=10"
    )
    assert code == 0
    lines = out.splitlines()
    start, end = at("12 شخصا")
    assert lines[0] == (
        f"one:{start}-{end}\tmona\tCASUALTY count=12 outcome=injured\t"
        f"…{TEXT[max(0, start - 40) : start]}[12 شخصا]{TEXT[end : end + 40]}…"
    )
    assert lines[1] == "1 annotation(s) in 1 document(s)"


def test_json_and_limit(capsys, project_path) -> None:
    code, out, _ = run(capsys, "find", str(project_path), "status=done", "--json", "--limit", "1")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 2 and not data["complete"]
    (row,) = data["annotations"]
    assert (row["annotator"], row["label"], row["text"]) == ("mona", "ACTOR", "المتحدث باسم الجيش")
    assert (row["start"], row["end"]) == at("المتحدث باسم الجيش")
    assert row["document"] == "one" and row["status"] == "done" and row["uuid"]
    code, out, _ = run(capsys, "find", str(project_path), "annotator=ali", "--limit", "0")
    assert out.splitlines()[-1] == "1 annotation(s) in 1 document(s)"


def test_text_is_normalized(capsys, project_path) -> None:
    code, out, _ = run(capsys, "find", str(project_path), 'text="ثلاثه  مدنيين"', "--json")
    assert [row["annotator"] for row in json.loads(out)["annotations"]] == ["ali"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("outcom=injured", "query: 'outcom=injured': unknown key 'outcom'"),
        ("label CASUALTY", "query: 'label' is not a condition"),
        ("count>=many", "query: 'count>=many'"),
        ("annotator=sara", "query: 'annotator=sara': no annotator 'sara'"),
    ],
)
def test_a_bad_query_is_one_line_naming_the_condition(capsys, project_path, query, message):
    code, out, err = run(capsys, "find", str(project_path), query)
    assert code == 2 and out == ""
    assert err.startswith(f"annotator: error: {message}") and len(err.splitlines()) == 1


def test_find_writes_nothing(capsys, project_path) -> None:
    before = project_path.read_bytes()
    run(capsys, "find", str(project_path), "label=ACTOR")
    assert project_path.read_bytes() == before


def test_help_documents_the_language(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["find", "--help"])
    out = capsys.readouterr().out
    for piece in ("count>=10", "text~", "status=done", "doc=", "count=10..20"):
        assert piece in out
