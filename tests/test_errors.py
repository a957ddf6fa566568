"""One error hierarchy (`annotator.errors`), reported in one place (`annotator.cli.main`): the
user's problems become ``annotator: error: ...`` with exit status 2, a bug keeps its traceback;
the project file's problems carry a `ProjectError.kind` for those who act on them."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import annotator.commands.project as project_commands
from annotator.cli import main
from annotator.errors import (
    AnnotatorError,
    BatchError,
    InputError,
    NotFoundError,
    ProjectError,
    SchemaError,
    UsageError,
)
from annotator.model import DocRecord
from annotator.store import Project, WriteError
from annotator.store.backups import BackupError
from annotator.store.team import open_readonly
from annotator.team import TeamError

DATA = Path(__file__).parent / "data"


@pytest.fixture
def project_path(tmp_path) -> Path:
    path = tmp_path / "corpus.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text="قالت وزارة الدفاع إن ثلاثة قتلوا.", name="a")])
    return path


def stats_raising(monkeypatch, error: BaseException) -> None:
    """`annotator stats` raises `error` once the project is open (as a command's core would)."""

    def fail(project):
        raise error

    monkeypatch.setattr(project_commands, "_project_stats", fail)


# ---------------------------------------------------------------- the CLI's one mapping


@pytest.mark.parametrize(
    "error",
    [
        InputError("articles/a.txt", 3, "not UTF-8, UTF-16 or Windows-1256 text"),
        BatchError([InputError("a.txt", None, "empty"), InputError("b.jsonl", 2, "no text")]),
        SchemaError("CASUALTY.count must not be negative: -1"),
        NotFoundError("no document 42"),
        UsageError("--max-size must be positive, not 0"),
        ProjectError("corpus.sqlite: written by a newer version", kind="too_new"),
        WriteError("Not saved: the disk is full", kind="other"),
        TeamError("give at least one annotator"),
        BackupError("snap.sqlite: damaged; not restored", kind="damaged"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_each_kind_of_user_error_is_reported_with_exit_status_2(
    project_path, monkeypatch, capsys, error
):
    assert isinstance(error, AnnotatorError)
    stats_raising(monkeypatch, error)
    assert main(["stats", str(project_path)]) == 2
    out, err = capsys.readouterr()
    assert err == f"annotator: error: {error}\n"
    assert "Traceback" not in err and out == ""


def test_a_not_found_error_reads_as_its_message_not_as_a_key(project_path, monkeypatch, capsys):
    stats_raising(monkeypatch, NotFoundError("no document 42"))
    assert main(["stats", str(project_path)]) == 2
    assert capsys.readouterr().err == "annotator: error: no document 42\n"  # no KeyError quotes


@pytest.mark.parametrize(
    "bug",
    [ValueError("a bug's value"), KeyError("a bug's key"), TypeError("a bug's type")],
    ids=lambda error: type(error).__name__,
)
def test_a_bug_inside_a_command_keeps_its_traceback(project_path, monkeypatch, capsys, bug):
    stats_raising(monkeypatch, bug)
    with pytest.raises(type(bug)) as raised:
        main(["stats", str(project_path)])
    assert raised.value is bug
    assert "annotator: error" not in capsys.readouterr().err


def test_a_bug_exits_with_status_1_and_a_traceback(tmp_path):
    """The same as a user sees it: a ValueError from deep inside a command, as a process."""
    path = tmp_path / "corpus.sqlite"
    Project.create(path).close()
    script = (
        "import sys, annotator.commands.project as c\n"
        "def bug(project): raise ValueError('not a user error')\n"
        "c._project_stats = bug\n"
        "from annotator.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "stats", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "ValueError: not a user error" in done.stderr
    assert "annotator: error" not in done.stderr


def test_the_file_systems_refusal_names_the_file(project_path, monkeypatch, capsys):
    stats_raising(monkeypatch, PermissionError(13, "Permission denied", "/out/report.json"))
    assert main(["stats", str(project_path)]) == 2
    assert capsys.readouterr().err == "annotator: error: /out/report.json: Permission denied\n"


def test_sqlite_refusing_the_file_is_the_users_a_wrong_statement_is_a_bug(
    project_path, monkeypatch, capsys
):
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = sqlite3.SQLITE_BUSY
    stats_raising(monkeypatch, locked)
    assert main(["stats", str(project_path)]) == 2
    assert capsys.readouterr().err == f"annotator: error: {project_path}: database is locked\n"
    with Project.open(project_path) as project:
        try:
            project.conn.execute("SELECT no_such_column FROM documents")
        except sqlite3.OperationalError as err:
            mistake = err
    stats_raising(monkeypatch, mistake)
    with pytest.raises(sqlite3.OperationalError, match="no such column"):
        main(["stats", str(project_path)])


def test_argparse_errors_stay_exit_status_2(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["stats"])
    assert exited.value.code == 2
    assert "error: the following arguments are required: project" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["labels", "{p}", "--rename", "PLACE", "SITE"], "no label named 'PLACE'"),
        (["labels", "{p}", "--rename", "ACTOR", "CLAIM"], "a label named 'CLAIM' exists already"),
        (["import", "{p}", "x.txt", "--max-size", "0"], "--max-size must be positive, not 0"),
        (["search", "{p}", "x", "--limit", "-1"], "--limit must be 0 (all) or positive"),
        (["stats", "{p}.missing"], "no such project file (create it with: annotator new"),
        (["check", "{p}.missing"], "no such project file"),
        (["agree", "{p}"], "the project has no annotators"),
        (
            ["export", "{p}", "--format", "jsonl", "--out", "{p}.jsonl", "--annotator", "zed"],
            "no annotator named 'zed'",
        ),
    ],
)
def test_commands_report_the_cores_errors(project_path, capsys, argv, message):
    argv = [arg.replace("{p}", str(project_path)) for arg in argv]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("annotator: error: ") and message in err
    assert "Traceback" not in err


def test_a_bad_labels_file_is_an_input_error_naming_file_and_line(project_path, tmp_path, capsys):
    spec = tmp_path / "schema.json"
    spec.write_text('{"labels": [\n  {"name": "PLACE",}\n]}\n', encoding="utf-8")
    assert main(["labels", str(project_path), "--load", str(spec)]) == 2
    assert capsys.readouterr().err.startswith(f"annotator: error: {spec}:2: not valid JSON")


# ---------------------------------------------------------------- the store's raise sites


def test_the_store_raises_the_hierarchys_classes(project_path):
    with Project.open(project_path) as project:
        with pytest.raises(NotFoundError, match="no document 99"):
            project.document(99)
        with pytest.raises(NotFoundError, match="unknown label 'PLACE'"):
            project.add_annotation(1, "amal", "PLACE", 0, 4)
        with pytest.raises(SchemaError, match="outside the text"):
            project.add_annotation(1, "amal", "ACTOR", 0, 999)
        with pytest.raises(NotFoundError, match="no annotator named 'zed'"):
            project.annotator_id("zed", create=False)
        with pytest.raises(UsageError, match="an annotator needs a name"):
            project.annotator_id(" ")
        with pytest.raises(InputError, match="exceeds the limit"):
            project.add_documents([DocRecord(text="نص " * 100, name="big")], max_bytes=10)


# ---------------------------------------------------------------- ProjectError kinds


def _newer(path: Path) -> None:
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def _other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs(title TEXT)")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    with Project.create(path) as project:
        project.add_documents([DocRecord(text=f"نص رقم {i} " * 400, name=str(i)) for i in range(9)])
    path.write_bytes(path.read_bytes()[:40000])


MAKERS = {
    "missing": lambda path: None,
    "folder": lambda path: path.mkdir(),
    "empty": lambda path: path.write_bytes(b""),
    "text": lambda path: path.write_text("id,text\n1,not a database\n" * 50, encoding="utf-8"),
    "other sqlite": _other_sqlite,
    "newer": _newer,
    "truncated": _truncated,
}
KINDS = {
    "missing": "missing",
    "folder": "unreadable",
    "empty": "not_database",
    "text": "not_database",
    "other sqlite": "not_project",
    "newer": "too_new",
    "truncated": "damaged",
}


@pytest.mark.parametrize("made", list(MAKERS))
def test_each_opening_failure_has_its_kind(tmp_path, made):
    path = tmp_path / "p.sqlite"
    MAKERS[made](path)
    for opener in (Project.open, open_readonly):
        with pytest.raises(ProjectError) as refused:
            opener(path)
        assert refused.value.kind == KINDS[made], (opener, str(refused.value))


def test_creating_over_a_file_is_kind_exists(project_path):
    with pytest.raises(ProjectError, match="already exists") as refused:
        Project.create(project_path)
    assert refused.value.kind == "exists"


def test_a_failed_upgrade_is_kind_not_upgraded(tmp_path, monkeypatch):
    from annotator.store import schema

    older = tmp_path / "older.sqlite"
    shutil.copy(DATA / "project_v1.sqlite", older)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "migrate", broken)
    with pytest.raises(ProjectError, match="cannot upgrade") as refused:
        Project.open(older)
    assert refused.value.kind == "not_upgraded"


def test_the_kind_survives_pickling_to_a_worker_and_back():
    import pickle

    for error in (ProjectError("x", kind="in_use"), BackupError("y", kind="damaged")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and again.kind == error.kind and str(again) == str(error)
    busy = pickle.loads(pickle.dumps(WriteError("locked", busy=True, kind="in_use")))
    assert busy.busy and busy.kind == "in_use" and str(busy) == "locked"


# ---------------------------------------------------------------- read-only projects


def test_a_read_only_copy_of_an_older_project_refuses_writes_and_closes(tmp_path):
    older = tmp_path / "older.sqlite"
    shutil.copy(DATA / "project_v1.sqlite", older)
    before = older.read_bytes()
    with open_readonly(older) as project:
        assert project.count_documents() > 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            project.conn.execute("DELETE FROM documents")
    with pytest.raises(sqlite3.ProgrammingError):
        project.conn.execute("SELECT 1")  # closed
    assert older.read_bytes() == before
