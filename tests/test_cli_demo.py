"""The demo project: built once from the seeds, atomically, with sample annotations."""

from __future__ import annotations

import json
import os

import pytest

import annotator.demo as demo
from annotator.cli import main
from annotator.resources import demo_project_path
from annotator.store import Project


def test_demo_is_built_in_the_user_data_folder_once(capsys):
    path = demo_project_path()
    assert not path.exists()
    assert main(["demo", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert path.exists() and figures["project"] == str(path)
    assert figures["documents"] == 5
    assert set(figures["annotations_by_label"]) == {"ACTOR", "CLAIM", "CASUALTY"}
    assert figures["relations_by_label"] == {"source": 4}
    stamp = path.stat().st_mtime_ns
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert f"project:     {path}" in out and "demo: ACTOR" in out
    assert path.stat().st_mtime_ns == stamp  # not rebuilt
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.sqlite"]


def test_demo_annotations_sit_on_the_phrases_they_name():
    path = demo.ensure_demo_project()
    with Project.open(path) as project:
        names = dict(project.conn.execute("SELECT name, id FROM documents"))
        placed = 0
        for name, (spans, relations) in demo.SAMPLES.items():
            doc = names[name]
            text = project.document_text(doc)
            stored = {(a.label, a.text): a for a in project.annotations(doc, "demo")}
            for span in spans:
                ann = stored[(span.label, span.phrase)]
                assert text[ann.start : ann.end] == span.phrase
                assert ann.attributes == span.attributes
                placed += 1
            links = {
                (project.annotation(r.head).text, project.annotation(r.tail).text)
                for r in project.relations(doc, "demo")
            }
            by_key = {span.key: span.phrase for span in spans}
            assert links == {(by_key[claim], by_key[actor]) for claim, actor in relations}
        assert placed == project.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
        police = next(
            a
            for a in project.annotations(names["000_d16953ad185bce75.txt"])
            if a.label == "CASUALTY"
        )
        assert police.text.startswith("مقتل 11 من رجال الشرطة")
        assert police.attributes["count"] == 11 and police.attributes["outcome"] == "killed"
        titles = [doc.title for doc in project.iter_documents()]
        assert "Lebanon" not in " ".join(titles)  # built with --clean semantics
        assert "[ad_1]" not in project.document_text(names["003_e285bc6e3422a1ef.txt"])


def test_an_interrupted_build_leaves_no_demo(monkeypatch):
    path = demo_project_path()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C mid-build

    with monkeypatch.context() as patched:
        patched.setattr(demo, "_annotate", crash)
        with pytest.raises(KeyboardInterrupt):
            demo.ensure_demo_project()
    assert not path.exists()
    assert list(path.parent.iterdir()) == []  # no temporary file either
    assert demo.ensure_demo_project() == path
    with Project.open(path) as project:
        assert project.count_documents() == 5


def test_leftovers_of_a_killed_build_are_removed_and_a_broken_demo_replaced():
    path = demo_project_path()
    path.parent.mkdir(parents=True)
    dead_pid = 2**22 + 12345  # above Linux's pid_max default: no such process
    leftover = path.with_name(f".{path.name}.{dead_pid}.tmp")
    leftover.write_bytes(b"half a database")
    path.write_bytes(b"not a database at all")
    assert demo.ensure_demo_project() == path
    assert not leftover.exists()
    with Project.open(path) as project:
        assert project.count_documents() == 5
    broken = [p.name for p in path.parent.iterdir() if ".broken-" in p.name]
    assert len(broken) == 1  # the unreadable file is kept aside, not deleted
    assert os.path.getsize(path.parent / broken[0]) == len(b"not a database at all")
