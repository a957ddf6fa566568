"""The project file is opened only through SQLite, and writes that fail leave it usable.

Closing any descriptor on a database file drops every POSIX lock the process holds on it; the
next process then takes itself for the last connection and deletes the -wal file still in use.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from failing_disk import FailingCommits

from annotator.model import DocRecord
from annotator.store import Project, WriteError
from annotator.store.project import connect_readonly

ROOT = Path(__file__).resolve().parent.parent
TEXT = "قالت وزارة الدفاع إن ثلاثة آلاف مدني قتلوا في كاراباخ أمس. " * 4


@pytest.fixture
def project_path(tmp_path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.create(path) as project:
        project.add_documents([DocRecord(text=TEXT, name="d")])
    return path


# ---------------------------------------------------------------- the reproducer

HOLDER = """
import sys
from pathlib import Path
from annotator.store import Project
from annotator.store.project import connect_readonly

path = Path(sys.argv[1])
project = Project.open(path)
doc = project.document_ids()[0]
print(project.add_annotation(doc, "lina", "ACTOR", 0, 4).uuid, flush=True)
connect_readonly(path).close()
from annotator.team import open_readonly
open_readonly(path).conn.close()
print("ready", flush=True)
sys.stdin.readline()
for i in range(5):
    print(project.add_annotation(doc, "lina", "CLAIM", 5 + i, 10 + i).uuid, flush=True)
print("done", flush=True)
sys.stdin.readline()
"""


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_a_reader_in_the_writing_process_and_another_process_lose_nothing(project_path):
    """A process holding a Project opens the file read-only and closes it; another process
    runs `annotator stats`; the first adds five annotations and is killed: all six stay."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    acknowledged = []
    try:
        while (line := holder.stdout.readline().strip()) != "ready":
            assert line, "the holder died"
            acknowledged.append(line)
        stats = subprocess.run(
            [sys.executable, "-m", "annotator", "stats", str(project_path)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert stats.returncode == 0, stats.stderr
        holder.stdin.write("go\n")
        holder.stdin.flush()
        while (line := holder.stdout.readline().strip()) != "done":
            assert line, "the holder died"
            acknowledged.append(line)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert len(acknowledged) == 6
    with Project.open(project_path) as project:
        stored = {u for (u,) in project.conn.execute("SELECT uuid FROM annotations")}
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(acknowledged) <= stored


# ---------------------------------------------------------------- no open() on project files

AUDIT = r"""
import io, json, os, sys
from pathlib import Path

folder = Path(sys.argv[1]).resolve()
project = folder / "p.sqlite"
seen = []

def is_project_file(name):
    try:
        name = os.fsdecode(name) if not isinstance(name, int) else None
    except TypeError:
        return False
    if name is None:
        return False
    resolved = Path(name).resolve()
    return resolved.parent == folder and resolved.name.split(".sqlite")[-1] in (
        "", "-wal", "-shm", "-journal")

def hook(event, args):
    if event == "open" and is_project_file(args[0]):
        seen.append(f"{CURRENT}: {args[0]}")

sys.addaudithook(hook)
CURRENT = "self-test"
with open(project, "rb"):  # the hook must see this, or the test proves nothing
    pass
assert seen, "the audit hook did not see open()"
seen.clear()

from annotator.cli import main
from annotator.store import Project
from annotator.store.project import connect_readonly
from annotator.team import open_readonly

out = Path(sys.argv[2])
seeds = Path(sys.argv[3])
# nobody marked a document done for "ls": refused (NothingToExport, exit 2), nothing written
REFUSED = ["export", str(project), "--format", "jsonl", "--out", str(out / "none.jsonl"),
           "--annotator", "ls"]
# exit status 1 when it finds inconsistencies, 0 when none
CONSISTENCY = ["check", str(project), "--consistency"]
# not joined to a team server: refused (exit 2) once the project was read (tests/test_sync.py
# syncs with a server)
NOT_JOINED = ["sync", str(project)]
steps = [
    ["import", str(project), str(seeds), "--clean"],
    ["stats", str(project), "--json"],
    ["search", str(project), "اذربيجان"],
    ["check", str(project)],
    ["labels", str(project), "--json"],
    ["find", str(project), "label=ACTOR text~اذربيجان", "--json"],
    ["labels", str(project), "--guidelines", str(out / "guide.md")],
    ["labels", str(project), "--dump", str(out / "schema.json")],
    ["import", str(project), str(out / "more.jsonl"), "--format", "jsonl", "--annotator", "sara"],
    ["import", str(project), str(out / "more.jsonl"), "--format", "jsonl", "--annotator", "lina"],
    ["import", str(project), str(out / "more.jsonl"), "--format", "jsonl", "--annotator", "lina",
     "--as-suggestions", "--recommender", "model-x"],
    ["assign", str(project), "--annotators", "ali,mona", "--overlap", "0.5", "--out",
     str(out / "shares"), "--seed", "1"],
    ["agree", str(project), "--json", "--include-unfinished"],
    ["adjudicate", str(project), "--min-agree", "1", "--mark-done"],
    ["status", str(project), "--json"],
    ["notes", str(project), "--flagged", "--json"],
    ["labels", str(project), "--add-doc-attribute", "event", "--values", "attack,protest"],
    ["doc-labels", str(project), "--annotator", "lina", "--documents", "1", "--set",
     "event=attack"],
    ["doc-labels", str(project), "--json"],
    ["status", str(project), "--set", "done", "--gold", "--all"],
    # the peers' formats both ways: lina's work exported, then imported for someone else
    ["export", str(project), "--format", "webanno", "--out", str(out / "lina.webanno"),
     "--annotator", "lina", "--include-unfinished"],
    ["export", str(project), "--format", "labelstudio", "--out", str(out / "lina.ls.json"),
     "--annotator", "lina", "--include-unfinished"],
    ["export", str(project), "--format", "hf", "--out", str(out / "lina.hf.jsonl"),
     "--annotator", "lina", "--include-unfinished"],
    ["import", str(project), str(out / "lina.webanno"), "--format", "webanno", "--annotator",
     "wa"],
    ["import", str(project), str(out / "lina.ls.json"), "--format", "labelstudio",
     "--annotator", "ls"],
    ["import", str(project), str(out / "lina.hf.jsonl"), "--format", "hf", "--annotator",
     "hfi"],
    # the default selection: documents marked done only, and the refusal when there are none
    REFUSED,
    CONSISTENCY,
    ["status", str(project), "--set", "done", "--annotator", "lina", "--documents", "1-2"],
    ["recommenders", str(project), "--from", "lina", "--evaluate", "--recommenders", "claims"],
    ["recommenders", str(project), "--json"],
    ["recommenders", str(project), "--add-gazetteer", str(out / "g.tsv")],
    ["recommenders", str(project), "--remove-gazetteer", "g.tsv"],
    ["suggest", str(project), "--for", "sara", "--from", "lina", "--recommenders",
     "strings,casualty,claims"],
    ["suggest", str(project), "--for", "sara", "--from", "lina", "--recommenders", "strings",
     "--accept", "--min-score", "0.5"],
    ["suggest", str(project), "--for", "sara", "--undo-accept"],
    ["suggest", str(project), "--for", "sara", "--clear"],
    ["export", str(project), "--format", "conll", "--out", str(out / "done.conll"),
     "--annotator", "lina"],
    ["export", str(project), "--format", "webanno", "--out", str(out / "gold.webanno"),
     "--gold"],
    ["recover", str(project), "--out", str(out / "recovered.sqlite")],
    ["backups", str(project), "--now"],
    ["restore", str(project), "1"],
    NOT_JOINED,
]
for fmt in ("jsonl", "conll", "doccano", "spacy", "hf", "brat", "webanno", "labelstudio"):
    steps.append(["export", str(project), "--format", fmt, "--out", str(out / f"x.{fmt}"),
                  "--all-annotators", "--include-unfinished"])
held = Project.open(project)  # the app's connection stays open throughout
for argv in steps:
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else ""
    CURRENT = f"{argv[0]} {fmt}".strip()
    code = main(argv)
    refused = argv is REFUSED or argv is NOT_JOINED
    expected = (2,) if refused else (0, 1) if argv is CONSISTENCY else (0,)
    assert code in expected, (argv, code)
assert not (out / "none.jsonl").exists()
CURRENT = "merge"
shares = sorted((out / "shares").glob("*.sqlite"))
for share in shares:
    share.rename(folder / ("share-" + share.name))
for share in sorted(folder.glob("share-*.sqlite")):
    assert main(["merge", str(project), str(share)]) == 0
for CURRENT, call in [
    ("Project.open", lambda: Project.open(project).close()),
    ("connect_readonly", lambda: connect_readonly(project).close()),
    ("open_readonly", lambda: open_readonly(project).conn.close()),
]:
    call()
CURRENT = "dashboard"
from annotator.gui.dashboard import _ReportThread
_ReportThread(str(project), None, True).run()  # its read path, run in this thread
held.close()
print(json.dumps(seen))
"""


def test_the_package_opens_project_files_only_through_sqlite(tmp_path, seeds_dir):
    """Every command that opens a project, run in one process that keeps the project open,
    with an audit hook that records every open() / os.open() of the project or its
    -wal/-shm/-journal (SQLite's own opening raises no such event)."""
    folder = tmp_path / "projects"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    with Project.create(folder / "p.sqlite"):
        pass
    (out / "g.tsv").write_text("أذربيجان\tACTOR\n", encoding="utf-8")
    (out / "guide.md").write_text("# Guidelines\n\nMark actors.\n", encoding="utf-8")
    (out / "more.jsonl").write_text(
        json.dumps({"text": TEXT, "spans": [{"start": 0, "end": 4, "label": "ACTOR"}]}) + "\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-c", AUDIT, str(folder), str(out), str(seeds_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    opened = run.stdout.strip().splitlines()[-1]
    assert opened == "[]", f"opened without SQLite: {opened}"


# ---------------------------------------------------------------- transactions


def count(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]


def test_a_nested_block_that_fails_undoes_only_its_own_writes(project_path):
    with Project.open(project_path) as project:
        doc = project.document_ids()[0]
        with project.transaction():
            project.add_annotation(doc, "lina", "ACTOR", 0, 4)
            with pytest.raises(RuntimeError), project.transaction():
                project.add_annotation(doc, "lina", "ACTOR", 5, 9)
                raise RuntimeError("inner")
            project.add_annotation(doc, "lina", "ACTOR", 10, 14)
        assert [(a.start, a.end) for a in project.annotations(doc)] == [(0, 4), (10, 14)]


def test_an_outer_failure_undoes_the_nested_blocks_too(project_path):
    with Project.open(project_path) as project:
        doc = project.document_ids()[0]
        with pytest.raises(RuntimeError), project.transaction():
            with project.transaction():
                project.add_annotation(doc, "lina", "ACTOR", 0, 4)
            raise RuntimeError("outer")
        assert count(project) == 0
        assert not project.conn.in_transaction


def test_disk_full_rolls_back_and_leaves_the_project_usable(project_path):
    with Project.open(project_path) as project:
        doc = project.document_ids()[0]
        project.add_annotation(doc, "lina", "ACTOR", 0, 4)
        pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
        project.conn.execute(f"PRAGMA max_page_count = {pages}")
        big = DocRecord(text="نص " * 200_000, name="big")
        with pytest.raises(WriteError, match="disk is full") as caught:
            project.add_documents([big])
        assert not caught.value.busy
        assert not project.conn.in_transaction
        assert len(project.document_ids()) == 1
        project.add_annotation(doc, "lina", "CLAIM", 5, 9)  # still usable
        project.conn.execute("PRAGMA max_page_count = 1073741823")
        project.add_documents([big])
    with Project.open(project_path) as project:
        assert count(project) == 2 and len(project.document_ids()) == 2


def test_a_write_lock_held_by_another_program_is_a_busy_write_error(project_path, monkeypatch):
    monkeypatch.setattr("annotator.store.project.BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(project_path, isolation_level=None)
    with Project.open(project_path) as project:
        project.conn.execute("PRAGMA busy_timeout = 200")
        doc = project.document_ids()[0]
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(WriteError, match="another program is writing") as caught:
                project.add_annotation(doc, "lina", "ACTOR", 0, 4)
            assert caught.value.busy
            assert not project.conn.in_transaction
        finally:
            other.execute("ROLLBACK")
        project.add_annotation(doc, "lina", "ACTOR", 0, 4)  # the retry succeeds
        assert count(project) == 1
    other.close()


def test_a_failed_commit_rolls_back_and_the_project_stays_usable(project_path):
    with Project.open(project_path) as project:
        doc = project.document_ids()[0]
        real = project.conn
        project.conn = FailingCommits(real, code=sqlite3.SQLITE_IOERR | (3 << 8), failing=True)
        with pytest.raises(WriteError, match="disk reported an error"):
            project.add_annotation(doc, "lina", "ACTOR", 0, 4)
        assert not real.in_transaction
        project.conn = real
        assert count(project) == 0
        project.add_annotation(doc, "lina", "ACTOR", 5, 9)
    with Project.open(project_path) as project:
        assert [a.start for a in project.annotations(doc)] == [5]


def test_a_statement_error_that_is_a_bug_is_not_disguised(project_path):
    with Project.open(project_path) as project:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            with project.transaction():
                project.conn.execute("SELECT * FROM no_such_table")


# ---------------------------------------------------------------- read-only connections


def test_a_read_only_connection_reads_what_a_live_writer_committed(project_path):
    with Project.open(project_path) as project:
        doc = project.document_ids()[0]
        project.add_annotation(doc, "lina", "ACTOR", 0, 4)
        reader = connect_readonly(project_path)
        assert reader.execute("SELECT count(*) FROM annotations").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
            reader.execute("DELETE FROM annotations")
        reader.close()
        project.add_annotation(doc, "lina", "ACTOR", 5, 9)  # the writer's WAL is intact
        assert Path(f"{project_path}-wal").exists()
    assert not Path(f"{project_path}-wal").exists()  # SQLite removed it at the last close


def test_a_read_only_folder_is_read_in_read_only_mode(project_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = project_path.parent
    folder.chmod(0o555)
    try:
        reader = connect_readonly(project_path)
        assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        reader.close()
    finally:
        folder.chmod(0o755)


def test_opening_waits_while_a_bulk_import_holds_a_rollback_journal(project_path):
    """A file switched to a rollback journal (as a bulk import does) and locked for a moment:
    Project.open waits for the switch back to WAL instead of failing at once."""
    import threading

    other = sqlite3.connect(project_path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN IMMEDIATE")  # an import's write under way, for a while
    other.execute("INSERT INTO meta(key, value) VALUES ('importing', '1')")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()


def test_the_project_cannot_be_its_own_import_or_export(project_path, tmp_path, capsys):
    """Reading the project as an input would open it outside SQLite; writing an export over
    it would destroy it. Both are refused, naming the file, and the project is unchanged."""
    from annotator.cli import main

    before = Project.open(project_path)
    before.add_annotation(before.document_ids()[0], "a", "ACTOR", 0, 4)
    count_before = len(before.document_ids())
    for argv in (
        ["import", str(project_path), str(project_path)],
        [
            "import",
            str(project_path),
            f"{project_path}-wal",
            "--format",
            "jsonl",
            "--annotator",
            "a",
        ],
        [
            "export",
            str(project_path),
            "--format",
            "jsonl",
            "--out",
            str(project_path),
            "--annotator",
            "a",
        ],
    ):
        assert main(argv) != 0
        assert "is the project file itself" in capsys.readouterr().err
    assert len(before.document_ids()) == count_before
    assert before.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before.close()
