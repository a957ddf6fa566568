"""Editing time per document and annotator (store/doc_time.py): added in one statement, carried
by assign, merged idempotently (the larger figure), saved by recover, exported in JSONL
document metadata (`meta.time_seconds`)."""

from __future__ import annotations

import json
import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import NotFoundError, UsageError
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import DocTime, Project
from annotator.team import assign_documents, line_text, merge_projects, merge_report

TEXTS = [f"قال الجيش إن {n} أشخاص قتلوا في الغارة رقم {n}." for n in range(4)]


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "main.sqlite"
    with Project.create(path) as project:
        project.add_documents(DocRecord(text=t, name=f"d{n}") for n, t in enumerate(TEXTS))
    return path


def test_time_adds_up_per_document_and_annotator(project_path):
    with Project.open(project_path) as project:
        assert project.add_doc_time(1, "ali", 12.5) == 12.5
        assert project.add_doc_time(1, "ali", 30) == 42.5
        assert project.add_doc_time(1, "mona", 5) == 5
        assert project.add_doc_time(2, "ali", 0) == 0
        rows = project.doc_times()
        assert [(r.document_id, r.annotator, r.seconds) for r in rows] == [
            (1, "ali", 42.5),
            (1, "mona", 5.0),
            (2, "ali", 0.0),
        ]
        assert project.time_on_documents("ali", [1, 2, 3]) == {1: 42.5}
        assert [r.annotator for r in project.doc_times([1], "mona")] == ["mona"]
        assert project.status(1, "ali") == "new"  # time is not an edit
        with pytest.raises(UsageError):
            project.add_doc_time(1, "ali", -1)
        with pytest.raises(UsageError):
            project.add_doc_time(1, "ali", math.nan)
        with pytest.raises(NotFoundError):
            project.add_doc_time(99, "ali", 3)
        assert project.doc_times([1], "ali")[0].seconds == 42.5


def test_keep_doc_time_takes_the_larger_figure(project_path):
    with Project.open(project_path) as project:
        project.add_doc_time(1, "ali", 50)
        assert not project.keep_doc_time(DocTime(1, "ali", 40, "2026-01-01T00:00:00.000+00:00"))
        assert project.keep_doc_time(DocTime(9, "ali", 70, "2026-01-02T00:00:00.000+00:00"), 1)
        assert not project.keep_doc_time(DocTime(1, "ali", 70, "2026-01-02T00:00:00.000+00:00"))
        (row,) = project.doc_times([1])
        assert (row.seconds, row.updated_at) == (70, "2026-01-02T00:00:00.000+00:00")


def test_assign_carries_own_time_and_merge_is_idempotent(project_path, tmp_path, capsys):
    with Project.open(project_path) as project:
        project.add_doc_time(1, "mona", 100)
        project.add_doc_time(1, "sara", 7)
        result = assign_documents(project, tmp_path / "team", ["mona", "sara"], 1.0, seed=1)
    copies = {name: tmp_path / "team" / f"{name}.sqlite" for name in ("mona", "sara")}
    with Project.open(copies["mona"]) as copy:
        first = copy.document_id_by_sha(project_sha(project_path, 1))
        assert [(r.annotator, r.seconds) for r in copy.doc_times([first])] == [("mona", 100)]
        copy.add_doc_time(first, "mona", 20)  # worked on in the copy
        second = copy.document_id_by_sha(project_sha(project_path, 2))
        copy.add_doc_time(second, "mona", 30)
    assert result.rows
    for _ in range(2):  # twice: nothing more the second time
        with Project.open(project_path) as project:
            reports = merge_projects(project, [copies["mona"], copies["sara"]])
            times = {(r.document_id, r.annotator): r.seconds for r in project.doc_times()}
        assert times == {(1, "mona"): 120, (2, "mona"): 30, (1, "sara"): 7}
    assert [report.times_updated for report in reports] == [0, 0]
    with Project.open(project_path) as project:
        project.add_doc_time(1, "mona", 1000)  # more in the project than in the copy: kept
        merge_projects(project, [copies["mona"]])
        assert project.doc_times([1], "mona")[0].seconds == 1120


def test_merge_reports_the_times_it_took(project_path, tmp_path):
    with Project.open(project_path) as project:
        assign_documents(project, tmp_path / "team", ["mona"], 1.0, seed=1)
    with Project.open(tmp_path / "team" / "mona.sqlite") as copy:
        copy.add_doc_time(1, "mona", 45)
    with Project.open(project_path) as project:
        reports = merge_projects(project, [tmp_path / "team" / "mona.sqlite"])
        assert reports[0].times_updated == 1
        assert project.doc_times([1], "mona")[0].seconds == 45
        assert "mona" in project.annotators(role=None)
    assert any(
        "editing times updated: 1" in line for line in map(line_text, merge_report(reports).lines)
    )


def project_sha(path: Path, document_id: int) -> str:
    with Project.open(path) as project:
        return project.document(document_id).sha256


def test_recover_saves_editing_time(project_path, tmp_path, capsys):
    with Project.open(project_path) as project:
        project.add_doc_time(2, "ali", 61.5)
    out = tmp_path / "saved.sqlite"
    assert main(["recover", str(project_path), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["saved"]["editing times"] == 1
    with Project.open(out) as saved:
        assert [(r.document_id, r.annotator, r.seconds) for r in saved.doc_times()] == [
            (2, "ali", 61.5)
        ]


def test_jsonl_export_puts_the_time_in_document_metadata(project_path, tmp_path, capsys):
    with Project.open(project_path) as project:
        for doc in (1, 2):
            project.add_annotation(doc, "ali", "ACTOR", 4, 9)
            project.set_status(doc, "ali", DONE)
        project.add_annotation(1, "mona", "ACTOR", 4, 9)
        project.set_status(1, "mona", DONE)
        project.add_doc_time(1, "ali", 75.04)
        project.add_doc_time(1, "mona", 12)
    out = tmp_path / "ali.jsonl"
    assert main(["export", str(project_path), "--format", "jsonl", "--out", str(out),
                 "--annotator", "ali"]) == 0  # fmt: skip
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["meta"].get("time_seconds") for line in lines] == [{"ali": 75.0}, None]
    out = tmp_path / "vote.jsonl"
    assert main(["export", str(project_path), "--format", "jsonl", "--out", str(out),
                 "--majority", "1"]) == 0  # fmt: skip
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first["meta"]["time_seconds"] == {"ali": 75.0, "mona": 12.0}


def test_stats_give_each_annotators_total_time(project_path, capsys):
    with Project.open(project_path) as project:
        project.add_annotation(1, "ali", "ACTOR", 4, 9)
        project.add_doc_time(1, "ali", 600)
        project.add_doc_time(2, "ali", 125.25)
    assert main(["stats", str(project_path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["time_seconds_by_annotator"] == {"ali": 725.2}
    assert main(["stats", str(project_path)]) == 0
    assert "ali: ACTOR 1; documents new 3, in progress 1, done 0; time 12 min" in (
        capsys.readouterr().out
    )


def test_an_import_drops_exported_time_and_an_export_writes_only_its_own(project_path, tmp_path):
    """`meta.time_seconds` is export-only: an import does not keep it (nor turn it into editing
    time), and an export writes the figures of its own annotators, or none."""
    line = {
        "text": "نص مستورد من تصدير سابق",
        "meta": {"source_url": "https://example.org/1", "time_seconds": {"ali": 120}},
        "spans": [{"start": 0, "end": 2, "label": "ACTOR"}],
    }
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["import", str(project_path), str(source), "--format", "jsonl",
                 "--annotator", "bob"]) == 0  # fmt: skip
    with Project.open(project_path) as project:
        imported = len(TEXTS) + 1
        assert project.document(imported).meta == {"source_url": "https://example.org/1"}
        assert project.doc_times() == []
        (old,) = project.add_documents([DocRecord(text="وثيقة قديمة", name="old")]).added
        project.add_annotation(old, "bob", "ACTOR", 0, 5)
    with closing(sqlite3.connect(project_path)) as conn, conn:  # stored before imports dropped it
        conn.execute(
            "UPDATE documents SET meta = ? WHERE id = ?", ('{"time_seconds": {"ali": 9}}', old)
        )
    out = tmp_path / "bob.jsonl"
    assert main(["export", str(project_path), "--format", "jsonl", "--out", str(out),
                 "--annotator", "bob", "--include-unfinished"]) == 0  # fmt: skip
    metas = [json.loads(line)["meta"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert metas[-2:] == [{"source_url": "https://example.org/1"}, {}]
    with Project.open(project_path) as project:
        project.add_doc_time(imported, "bob", 30)
    assert main(["export", str(project_path), "--format", "jsonl", "--out", str(out),
                 "--annotator", "bob", "--include-unfinished"]) == 0  # fmt: skip
    metas = [json.loads(line)["meta"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert metas[-2]["time_seconds"] == {"bob": 30.0} and "time_seconds" not in metas[-1]
