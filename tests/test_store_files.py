"""Opening project files: bad, foreign, newer and older ones. A refused file is left untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.model import DocRecord
from annotator.store import Project, ProjectError, schema

TEXT = "قالت وزارة الدفاع إنها بدأت عمليات في كاراباخ."


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's hash and the names of the files beside it."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def project_file(tmp_path) -> Path:
    """A closed project holding one annotated document (no -wal file left)."""
    path = tmp_path / "good.sqlite"
    with Project.create(path) as project:
        doc = project.add_documents([DocRecord(text=TEXT, name="d")]).added[0]
        project.add_annotation(doc, "lina", "ACTOR", 5, 17)
    assert not Path(f"{path}-wal").exists()
    return path


def edited_copy(source: Path, target: Path, sql: str) -> Path:
    shutil.copy(source, target)
    conn = sqlite3.connect(target)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return target


def refused(path: Path, match: str) -> None:
    before = fingerprint(path)
    with pytest.raises(ProjectError, match=match) as caught:
        Project.open(path)
    assert str(path) in str(caught.value)
    assert fingerprint(path) == before  # same bytes, no -wal/-shm created or left


def test_a_file_from_a_newer_version_is_refused_untouched(project_file, tmp_path):
    newer = edited_copy(
        project_file,
        tmp_path / "newer.sqlite",
        "UPDATE meta SET value = '99' WHERE key = 'schema_version'",
    )
    refused(newer, "newer version of annotator.*schema 99")


def test_an_sqlite_file_that_is_not_a_project(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (a)")
    conn.commit()
    conn.close()
    refused(other, "not an annotator project")


def test_a_foreign_sqlite_file_with_a_meta_table(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('app', 'something else')")
    conn.commit()
    conn.close()
    refused(other, "not an annotator project")


def test_a_project_without_a_valid_schema_version(project_file, tmp_path):
    broken = edited_copy(
        project_file,
        tmp_path / "v.sqlite",
        "UPDATE meta SET value = 'two' WHERE key = 'schema_version'",
    )
    refused(broken, "no valid schema version")


def test_a_file_that_is_not_sqlite(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    refused(text, "not an SQLite database")


def test_an_empty_file(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    refused(empty, "not an SQLite database")


def test_a_truncated_file(project_file, tmp_path):
    data = project_file.read_bytes()
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(data[: len(data) // 3])
    refused(truncated, "corrupt")


def test_a_corrupt_file(project_file, tmp_path):
    data = bytearray(project_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size : 3 * page_size] = b"\xa5" * (2 * page_size)  # garble pages 2 and 3
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(bytes(data))
    refused(corrupt, "corrupt")


def test_a_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_a_good_project_reopens_with_its_data(project_file):
    with Project.open(project_file) as project:
        [doc] = project.document_ids()
        assert project.document_text(doc) == TEXT
        assert [a.text for a in project.annotations(doc)] == [TEXT[5:17]]


# ---------------------------------------------------------------- migrations


def fake_next_version(monkeypatch, migration):
    """Pretend this version of the code is one schema version newer, with `migration`."""
    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current + 1, migration)
    return current


def test_an_older_file_is_migrated_on_opening(project_file, monkeypatch):
    calls = []

    def add_remarks_table(conn: sqlite3.Connection, search_index: bool) -> None:
        calls.append(1)
        conn.execute("CREATE TABLE remarks (document_id INTEGER, body TEXT)")
        conn.execute("INSERT INTO remarks SELECT id, 'migrated' FROM documents")

    old = fake_next_version(monkeypatch, add_remarks_table)
    with Project.open(project_file) as project:
        assert int(project.meta()["schema_version"]) == old + 1
        assert project.conn.execute("SELECT body FROM remarks").fetchall() == [("migrated",)]
        [doc] = project.document_ids()
        assert project.document_text(doc) == TEXT  # data kept
    with Project.open(project_file):  # already migrated: not again
        pass
    assert calls == [1]


def test_a_failing_migration_changes_nothing(project_file, monkeypatch):
    def broken(conn: sqlite3.Connection, search_index: bool) -> None:
        conn.execute("CREATE TABLE half_done (a)")
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as patched:
        old = fake_next_version(patched, broken)
        with pytest.raises(ProjectError, match="cannot upgrade.*disk on fire"):
            Project.open(project_file)
    with Project.open(project_file) as project:
        assert int(project.meta()["schema_version"]) == old
        tables = {n for (n,) in project.conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables


def interrupted_copy(source: Path, target: Path) -> None:
    """`target`: `source` as a process killed inside a large transaction in rollback-journal
    mode leaves it (half-written pages in the file, their originals in a hot journal)."""
    conn = sqlite3.connect(source, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 10")  # changed pages spill into the file
    conn.execute("BEGIN")
    conn.execute("UPDATE documents SET name = name || '-half'")
    conn.execute("DELETE FROM documents WHERE id > 50")
    shutil.copy(source, target)
    shutil.copy(f"{source}-journal", f"{target}-journal")
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.parametrize("how", ["open", "open_readonly"])
def test_a_file_left_by_a_killed_import_reads_as_it_was_committed(tmp_path, how):
    from annotator.team import open_readonly

    source = tmp_path / "a.sqlite"
    with Project.create(source) as project:
        project.add_documents(
            DocRecord(text=f"خبر رقم {i} " * 60, name=f"d{i}") for i in range(200)
        )
    killed = tmp_path / "b.sqlite"
    interrupted_copy(source, killed)
    project = Project.open(killed) if how == "open" else open_readonly(killed)
    try:
        assert project.count_documents() == 200
        names = [name for (name,) in project.conn.execute("SELECT name FROM documents")]
        assert not any(name.endswith("-half") for name in names)
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        project.conn.close()
    assert not Path(f"{killed}-journal").exists()
