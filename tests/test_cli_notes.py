"""`annotator notes`: the notes listed, filtered by document, author and flag, as text and
JSON; unknown documents and authors are errors."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project

TEXT = "قال المتحدث باسم الدفاع إن 3 أشخاص قتلوا."


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        one, two = project.add_documents(
            [DocRecord(TEXT, "one"), DocRecord(TEXT + " ب", "two")]
        ).added
        start = TEXT.index("المتحدث")
        span = project.add_annotation(one, "lina", "ACTOR", start, start + 7)
        project.add_note(one, "lina", "من هو؟", annotation_uuid=span.uuid, needs_review=True)
        project.add_note(two, "mona", "مكرر")
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_every_note(path, capsys):
    code, out, _ = run(capsys, "notes", path)
    assert code == 0
    lines = out.splitlines()
    assert "ACTOR «المتحدث»" in lines[1] and "lina" in lines[1] and "needs review" in lines[1]
    assert "من هو؟" in lines[1]
    assert "2 two" in lines[2] and "document" in lines[2] and "mona" in lines[2]
    assert lines[-1] == "2 note(s)"


def test_flagged_as_json(path, capsys):
    code, out, _ = run(capsys, "notes", path, "--flagged", "--json")
    data = json.loads(out)
    assert code == 0
    assert [(n["author"], n["text"], n["span"]["label"]) for n in data["notes"]] == [
        ("lina", "من هو؟", "ACTOR")
    ]
    assert data["flagged_documents"] == [{"id": 1, "name": "one", "flagged": 1}]


def test_by_document_and_author(path, capsys):
    _, out, _ = run(capsys, "notes", path, "--document", 2, "--json")
    assert [n["text"] for n in json.loads(out)["notes"]] == ["مكرر"]
    _, out, _ = run(capsys, "notes", path, "--author", "lina", "--json")
    assert [n["text"] for n in json.loads(out)["notes"]] == ["من هو؟"]


@pytest.mark.parametrize("option", [("--document", 9), ("--author", "nobody")])
def test_unknown_document_or_author(path, capsys, option):
    code, _, err = run(capsys, "notes", path, *option)
    assert code == 2 and err.startswith("annotator: error: ")
