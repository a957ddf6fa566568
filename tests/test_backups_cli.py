"""`annotator backups` and `annotator restore` through `annotator.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project, backups

TEXT = "قالت وزارة الدفاع إن ثلاثة آلاف جندي وصلوا إلى المدينة صباح اليوم."


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project_path(tmp_path) -> Path:
    path = tmp_path / "corpus.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text=f"{TEXT} {i}", name=f"d{i}") for i in range(2)])
    return path


def annotate(path: Path, count: int) -> set[str]:
    with Project.open(path) as project:
        doc = project.document_ids()[0]
        return {project.add_annotation(doc, "ali", "ACTOR", 0, 4).uuid for _ in range(count)}


def uuids(path: Path) -> set[str]:
    with Project.open(path) as project:
        return {a.uuid for a in project.annotations(project.document_ids()[0])}


def test_backups_lists_none_then_takes_one_now(project_path, capsys):
    code, out, err = run(capsys, "backups", project_path)
    assert code == 0, err
    assert f"no snapshots of {project_path} yet" in out and "--now" in out
    annotate(project_path, 3)
    code, out, err = run(capsys, "backups", project_path, "--now")
    assert code == 0, err
    [snapshot] = backups.list_snapshots(project_path)
    assert f"took snapshot {snapshot.name}" in out
    row = next(line for line in out.splitlines() if line.lstrip().startswith("1 "))
    assert "manual" in row and row.split()[-2:] == ["2", "3"]  # documents, annotations
    assert f"annotator restore {project_path} NUMBER" in out


def test_backups_json(project_path, capsys):
    backups.take_snapshot(project_path, backups.OPEN)
    annotate(project_path, 1)
    backups.take_snapshot(project_path, backups.TIMER)
    code, out, _ = run(capsys, "backups", project_path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["folder"] == str(backups.backup_folder(project_path))
    listed = [
        (s["number"], s["reason"], s["documents"], s["annotations"]) for s in data["snapshots"]
    ]
    assert listed == [(1, "timer", 2, 1), (2, "open", 2, 0)]
    assert all(Path(s["path"]).is_file() and s["size"] > 0 for s in data["snapshots"])


def test_restore_by_number_then_undo_it(project_path, capsys):
    before = annotate(project_path, 2)
    backups.take_snapshot(project_path)
    after = annotate(project_path, 3)
    code, out, err = run(capsys, "restore", project_path, "1")
    assert code == 0, err
    assert uuids(project_path) == before
    assert f"restored {project_path} from snapshot 1" in out
    assert "2 document(s), 2 annotation(s)" in out
    safety = backups.list_snapshots(project_path)[0]
    assert safety.reason == "before restore"
    assert f"annotator restore {project_path} {safety.path.stem}" in out  # how to undo it
    code, out, err = run(capsys, "restore", project_path, safety.path.stem)
    assert code == 0, err
    assert uuids(project_path) == before | after


def test_restore_a_deleted_project(project_path, capsys):
    kept = annotate(project_path, 2)
    backups.take_snapshot(project_path)
    project_path.unlink()
    code, out, _ = run(capsys, "backups", project_path)
    assert code == 0 and "manual" in out  # still listed
    code, out, err = run(capsys, "restore", project_path, "1")
    assert code == 0, err
    assert out.startswith(f"created {project_path} from snapshot 1")
    assert uuids(project_path) == kept


def test_clear_errors(project_path, tmp_path, capsys):
    backups.take_snapshot(project_path)
    code, _, err = run(capsys, "restore", project_path, "7")
    assert code == 2 and "no snapshot number 7 (snapshots: 1 to 1" in err
    code, _, err = run(capsys, "restore", project_path, tmp_path / "nothing.sqlite")
    assert code == 2 and "no such snapshot" in err
    notes = tmp_path / "notes.sqlite"
    notes.write_text("no database here\n" * 100, encoding="utf-8")
    code, _, err = run(capsys, "restore", project_path, notes)
    assert code == 2 and str(notes) in err and "not restored" in err
    missing = tmp_path / "missing.sqlite"
    code, _, err = run(capsys, "backups", missing)
    assert code == 2 and "no such project file, and no snapshots" in err
    code, _, err = run(capsys, "backups", missing, "--now")
    assert code == 2 and "no such project file" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["backups", "restore"])
def test_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    assert f"annotator {command} corpus.sqlite" in out and "examples:" in out
