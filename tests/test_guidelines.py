"""Guidelines: label and attribute descriptions and the project's guideline text, in the store,
through `annotator labels` (--guidelines, --json, --dump, --load), rename, recover and assign."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.rules import LabelDef
from annotator.store import Project
from annotator.team import assign_documents

GUIDE = "# الإرشادات\n\nMark **actors** by name.\n\n![tree](images/tree.png)\n"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents(
            [DocRecord(text=f"قال الجيش إن {n} قتلوا", name=f"d{n}") for n in range(3)]
        )
        project.add_annotation(1, "ali", "ACTOR", 4, 9)
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_descriptions_and_guidelines_are_stored(project_path):
    with Project.open(project_path) as project:
        assert project.guidelines() == ""
        project.set_label(LabelDef("PLACE", "#123456", "4", description="A named place"))
        project.set_guidelines(GUIDE)
    with Project.open(project_path) as project:
        assert project.label("PLACE").description == "A named place"
        assert project.guidelines() == GUIDE
        schema = project.label_schema()
        assert schema["guidelines"] == GUIDE
        assert {lab["name"]: lab["description"] for lab in schema["labels"]}["PLACE"] == (
            "A named place"
        )
        project.set_guidelines("")
        assert project.guidelines() == ""
        assert "guidelines" not in project.meta()


def test_default_schema_describes_its_labels_and_attributes(project_path):
    with Project.open(project_path) as project:
        casualty = project.label("CASUALTY")
    assert casualty.description
    assert all(attribute.get("description") for attribute in casualty.attributes)


def test_rename_keeps_the_description(project_path):
    with Project.open(project_path) as project:
        label = project.label("ACTOR")
        label.description = "Who speaks"
        project.set_label(label)
        project.rename_label("ACTOR", "AGENT")
        assert project.label("AGENT").description == "Who speaks"


def test_cli_sets_guidelines_and_dump_load_carries_everything(project_path, tmp_path, capsys):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    assert run(capsys, "labels", project_path, "--guidelines", guide)[0] == 0
    with Project.open(project_path) as project:
        assert project.guidelines() == GUIDE
        label = project.label("CLAIM")
        label.description = "What is said"
        label.attributes = [{"name": "stance", "type": "text", "description": "for or against"}]
        project.set_label(label)
    code, out, _ = run(capsys, "labels", project_path)
    assert code == 0 and "What is said" in out and "guidelines: 5 line(s)" in out
    dumped = tmp_path / "schema.json"
    assert run(capsys, "labels", project_path, "--dump", dumped)[0] == 0
    spec = json.loads(dumped.read_text(encoding="utf-8"))
    code, printed, _ = run(capsys, "labels", project_path, "--json")
    assert json.loads(printed) == spec
    assert spec["guidelines"] == GUIDE
    claim = next(lab for lab in spec["labels"] if lab["name"] == "CLAIM")
    assert claim["description"] == "What is said"
    assert claim["attributes"][0]["description"] == "for or against"

    other = tmp_path / "other.sqlite"
    Project.create(other).close()
    assert run(capsys, "labels", other, "--load", dumped)[0] == 0
    with Project.open(other) as project:
        assert project.guidelines() == GUIDE
        assert project.label("CLAIM").description == "What is said"
        assert project.label("CLAIM").attributes == label.attributes
        assert project.label_schema() == spec


def test_old_schema_file_without_the_keys_still_loads(project_path, tmp_path, capsys):
    with Project.open(project_path) as project:
        project.set_guidelines(GUIDE)
        label = project.label("ACTOR")
        label.description = "Who speaks"
        project.set_label(label)
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps({"labels": [{"name": "PLACE", "colour": "#00aa00"}], "relations": []}),
        encoding="utf-8",
    )
    assert run(capsys, "labels", project_path, "--load", old)[0] == 0
    with Project.open(project_path) as project:
        assert project.label("PLACE").description == ""
        assert project.guidelines() == GUIDE  # no 'guidelines' key: left as it was
        assert project.label("ACTOR").description == "Who speaks"


def test_bad_descriptions_and_guidelines_are_refused(project_path, tmp_path, capsys):
    for spec, what in (
        ({"labels": [{"name": "X", "description": 3}]}, "labels[0]: 'description' is not a text"),
        (
            {"labels": [{"name": "X", "attributes": [{"name": "a", "description": ["x"]}]}]},
            "labels[0].attributes[0]: 'description' is not a text",
        ),
        ({"labels": [], "guidelines": {"text": "x"}}, "'guidelines' is not a text"),
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(spec), encoding="utf-8")
        code, _, err = run(capsys, "labels", project_path, "--load", bad)
        assert code == 2 and f"{bad}: {what}" in err
    not_utf8 = tmp_path / "guide.md"
    not_utf8.write_bytes("إرشادات".encode("cp1256"))
    code, _, err = run(capsys, "labels", project_path, "--guidelines", not_utf8)
    assert code == 2 and "not UTF-8" in err
    with Project.open(project_path) as project:
        assert project.label("X") is None and project.guidelines() == ""


def test_dump_refuses_the_project_file(project_path, capsys):
    code, _, err = run(capsys, "labels", project_path, "--dump", project_path)
    assert code == 2 and "is the project file itself" in err
    with Project.open(project_path) as project:
        assert project.label("ACTOR") is not None


def test_recover_saves_descriptions_and_guidelines(project_path, tmp_path, capsys):
    with Project.open(project_path) as project:
        project.set_guidelines(GUIDE)
        project.set_label(LabelDef("PLACE", "#123456", description="A named place"))
    out = tmp_path / "saved.sqlite"
    assert run(capsys, "recover", project_path, "--out", out)[0] == 0
    with Project.open(out) as saved:
        assert saved.guidelines() == GUIDE
        assert saved.label("PLACE").description == "A named place"
        assert saved.label("ACTOR").description  # the default schema's


def test_assign_copies_carry_descriptions_and_guidelines(project_path, tmp_path):
    with Project.open(project_path) as project:
        project.set_guidelines(GUIDE)
        project.set_label(LabelDef("PLACE", "#123456", description="A named place"))
        assign_documents(project, tmp_path / "team", ["mona", "sara"], 0.5, seed=1)
        schema = project.label_schema()
    for name in ("mona", "sara"):
        with Project.open(tmp_path / "team" / f"{name}.sqlite") as copy:
            assert copy.guidelines() == GUIDE
            assert copy.label("PLACE").description == "A named place"
            assert copy.label_schema() == schema
