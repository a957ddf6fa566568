"""`annotator labels`: list, dump, load, rename, delete, and bad input."""

from __future__ import annotations

import json

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text="قال الجيش إن 11 قتلوا", name="a")])
        project.add_annotation(1, "ali", "ACTOR", 4, 9)
    return path


def test_lists_default_schema(project_path, capsys):
    assert main(["labels", str(project_path)]) == 0
    out = capsys.readouterr().out
    assert "ACTOR" in out and "CASUALTY" in out
    assert "relation source: CLAIM -> ACTOR" in out


def test_json_round_trip_through_load(project_path, tmp_path, capsys):
    assert main(["labels", str(project_path), "--json"]) == 0
    spec = json.loads(capsys.readouterr().out)
    spec["labels"].append({"name": "LOCATION", "colour": "#00aa00", "hotkey": "4"})
    spec["relations"].append({"name": "located_in", "head": "ACTOR", "tail": "LOCATION"})
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    assert main(["labels", str(project_path), "--load", str(schema_file)]) == 0
    with Project.open(project_path) as project:
        assert project.label("LOCATION").hotkey == "4"
        assert any(
            r.name == "located_in" and r.tail_label == "LOCATION" for r in project.relation_types()
        )


def test_rename_moves_annotations(project_path):
    assert main(["labels", str(project_path), "--rename", "ACTOR", "AGENT"]) == 0
    with Project.open(project_path) as project:
        assert [a.label for a in project.annotations(1)] == ["AGENT"]
        assert project.label("ACTOR") is None


def test_delete_used_label_is_refused(project_path, capsys):
    assert main(["labels", str(project_path), "--delete", "ACTOR"]) == 2
    assert "used by 1 annotation" in capsys.readouterr().err
    assert main(["labels", str(project_path), "--delete", "CLAIM"]) == 0
    with Project.open(project_path) as project:
        assert project.label("CLAIM") is None


def test_delete_relation_type(project_path, capsys):
    assert main(["labels", str(project_path), "--delete-relation", "nothing"]) == 2
    assert "no relation type named 'nothing'" in capsys.readouterr().err
    assert main(["labels", str(project_path), "--delete-relation", "source"]) == 0
    with Project.open(project_path) as project:
        assert project.relation_types() == []


def test_bad_schema_file_names_line(project_path, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [\n  {"name": "X",}\n]}', encoding="utf-8")
    assert main(["labels", str(project_path), "--load", str(bad)]) == 2
    assert f"{bad}:2: not valid JSON" in capsys.readouterr().err
    nameless = tmp_path / "nameless.json"
    nameless.write_text('{"labels": [{"colour": "#fff"}]}', encoding="utf-8")
    assert main(["labels", str(project_path), "--load", str(nameless)]) == 2
    assert "labels[0] needs a 'name'" in capsys.readouterr().err


def test_hotkey_clash_writes_nothing(project_path, tmp_path, capsys):
    clash = tmp_path / "clash.json"
    clash.write_text(
        json.dumps({"labels": [{"name": "NEW1", "hotkey": "7"}, {"name": "NEW2", "hotkey": "1"}]}),
        encoding="utf-8",
    )
    assert main(["labels", str(project_path), "--load", str(clash)]) == 2
    assert "already used by ACTOR" in capsys.readouterr().err
    with Project.open(project_path) as project:
        assert project.label("NEW1") is None
