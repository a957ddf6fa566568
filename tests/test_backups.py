"""Rolling snapshots of a project (`annotator.store.backups`): taking, listing, pruning,
restoring, and refusing snapshots that are damaged or not projects."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import time
from pathlib import Path

import pytest

from annotator.errors import NotFoundError
from annotator.model import DocRecord
from annotator.store import Project, ProjectError, backups
from annotator.store.backups import BackupError
from annotator.store.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
TEXT = "قالت وزارة الدفاع إن ثلاثة آلاف جندي وصلوا إلى المدينة صباح اليوم."


def make_project(path: Path, documents: int = 3) -> Project:
    project = Project.create(path)
    project.add_documents([DocRecord(text=f"{TEXT} {i}", name=f"doc{i}") for i in range(documents)])
    return project


def annotate(project: Project, count: int = 1) -> list[str]:
    doc = project.document_ids()[0]
    return [project.add_annotation(doc, "ali", "ACTOR", 0, 4).uuid for _ in range(count)]


def uuids_in(path: Path) -> set[str]:
    """The annotation uuids of a database file, read without changing it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {uuid for (uuid,) in conn.execute("SELECT uuid FROM annotations")}
    finally:
        conn.close()


@pytest.fixture
def project(tmp_path):
    with make_project(tmp_path / "corpus.sqlite") as project:
        yield project


# ------------------------------------------------------------------ taking and listing


def test_a_snapshot_is_a_complete_project_in_the_user_data_folder(project):
    kept = annotate(project, 3)
    snapshot = backups.take_snapshot(project, backups.MANUAL)
    folder = backups.backup_folder(project.path)
    assert snapshot.path.parent == folder
    assert folder.is_relative_to(Path(os.environ["ANNOTATOR_HOME"]))
    assert folder.name.startswith("corpus-")
    assert snapshot.reason == "manual"
    assert snapshot.size == snapshot.path.stat().st_size > 0
    assert sorted(p.name for p in folder.iterdir()) == [snapshot.name]  # no temporary left
    assert uuids_in(snapshot.path) == set(kept)
    conn = sqlite3.connect(f"file:{snapshot.path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Project.open(snapshot.path) as copy:
        assert len(copy.document_ids()) == 3


def test_a_snapshot_of_a_project_file_by_its_path(project):
    kept = annotate(project, 2)
    snapshot = backups.take_snapshot(project.path, backups.OPEN)
    assert uuids_in(snapshot.path) == set(kept)
    assert snapshot.reason == "open"


def test_the_folder_is_one_per_project_path(tmp_path, project):
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    with make_project(other_dir / "corpus.sqlite") as other:
        assert backups.backup_folder(other.path) != backups.backup_folder(project.path)
    relative = Path(os.path.relpath(project.path))
    assert backups.backup_folder(relative) == backups.backup_folder(project.path)


def test_listing_is_newest_first_numbered_with_counts(project):
    first = backups.take_snapshot(project, backups.OPEN)
    annotate(project, 2)
    second = backups.take_snapshot(project, backups.TIMER)
    listed = backups.list_snapshots(project.path, counts=True)
    assert [s.path for s in listed] == [second.path, first.path]
    assert [s.number for s in listed] == [1, 2]
    assert [s.reason for s in listed] == ["timer", "open"]
    assert [(s.documents, s.annotations) for s in listed] == [(3, 2), (3, 0)]
    assert listed[0].taken_at > listed[1].taken_at
    assert backups.list_snapshots(project.path)[0].annotations is None  # not counted


def test_snapshots_of_a_path_that_has_none(tmp_path):
    assert backups.list_snapshots(tmp_path / "never.sqlite") == []


def test_no_snapshot_of_a_missing_file_or_a_file_that_is_not_a_project(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        backups.take_snapshot(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (a)")
    conn.close()
    with pytest.raises(ProjectError, match="not an annotator project"):
        backups.take_snapshot(other)
    assert backups.list_snapshots(other) == []


def test_no_snapshot_in_the_middle_of_a_write(project):
    with project.transaction():
        annotate(project)
        with pytest.raises(BackupError, match="middle of a write"):
            backups.take_snapshot(project)


# ------------------------------------------------------------------ pruning


def test_the_newest_ten_are_kept(project):
    taken = [backups.take_snapshot(project, backups.TIMER) for _ in range(12)]
    listed = backups.list_snapshots(project.path)
    assert backups.MAX_SNAPSHOTS == 10
    assert [s.path for s in listed] == [s.path for s in reversed(taken[2:])]
    assert not taken[0].path.exists() and not taken[1].path.exists()


def test_the_size_cap_keeps_the_newest_that_fit_and_always_the_newest(project):
    size = backups.take_snapshot(project).size
    kept = backups.take_snapshot(project, max_bytes=2 * size)
    assert len(backups.list_snapshots(project.path)) == 2
    newest = backups.take_snapshot(project, max_bytes=2 * size + size // 2)
    assert [s.path for s in backups.list_snapshots(project.path)] == [newest.path, kept.path]
    alone = backups.take_snapshot(project, max_bytes=1)
    assert [s.path for s in backups.list_snapshots(project.path)] == [alone.path]


def test_pruning_removes_temporaries_left_by_killed_backups_only_when_old(project):
    folder = backups.backup_folder(project.path)
    backups.take_snapshot(project)
    old = folder / ".20200101-000000-000000-timer.sqlite.123.tmp"
    fresh = folder / ".20200101-000000-000001-timer.sqlite.124.tmp"
    for path in (old, fresh):
        conn = sqlite3.connect(path)  # a half-written copy, as a killed backup leaves it
        conn.execute("CREATE TABLE half (a)")
        conn.close()
    hours_ago = time.time() - 2 * backups.STALE_TEMPORARY_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    removed = backups.prune_snapshots(project.path)
    assert removed == [old]
    assert not old.exists() and fresh.exists()
    assert len(backups.list_snapshots(project.path)) == 1  # temporaries are never listed


# ------------------------------------------------------------------ finding


def test_a_snapshot_is_found_by_number_name_or_path(project, tmp_path):
    older = backups.take_snapshot(project)
    newer = backups.take_snapshot(project)
    assert backups.find_snapshot(project.path, "1").path == newer.path
    assert backups.find_snapshot(project.path, "2").path == older.path
    assert backups.find_snapshot(project.path, older.name).path == older.path
    assert backups.find_snapshot(project.path, older.path.stem).path == older.path
    assert backups.find_snapshot(project.path, str(older.path)) == older.path
    with pytest.raises(NotFoundError, match="no snapshot number 3"):
        backups.find_snapshot(project.path, "3")
    with pytest.raises(NotFoundError, match="no such snapshot"):
        backups.find_snapshot(project.path, str(tmp_path / "nothing.sqlite"))


# ------------------------------------------------------------------ restoring


def test_restore_brings_the_snapshot_back_and_can_be_undone(project):
    before = set(annotate(project, 2))
    snapshot = backups.take_snapshot(project)
    later = set(annotate(project, 3))
    project.set_label(dataclasses.replace(project.label("ACTOR"), colour="#000000"))
    assert project.label("ACTOR").colour == "#000000"  # and cached
    result = backups.restore_snapshot(project, snapshot)
    assert {a.uuid for a in project.annotations(project.document_ids()[0])} == before
    assert project.label("ACTOR").colour != "#000000"  # cached labels were forgotten
    assert (result.documents, result.annotations) == (3, 2)
    assert result.restored == snapshot.path
    assert result.safety is not None and result.safety.reason == "before restore"
    assert uuids_in(result.safety.path) == before | later
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    annotate(project)  # the project goes on working
    backups.restore_snapshot(project, result.safety)  # the undo of the restore
    assert {a.uuid for a in project.annotations(project.document_ids()[0])} == before | later


def test_a_restore_is_seen_by_other_connections_and_the_file_after_reopening(project):
    snapshot = backups.take_snapshot(project)
    annotate(project, 2)
    reader = sqlite3.connect(project.path)
    assert reader.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
    backups.restore_snapshot(project, snapshot)
    assert reader.execute("SELECT count(*) FROM annotations").fetchone()[0] == 0
    reader.close()
    path = project.path
    project.close()
    with Project.open(path) as again:
        assert again.annotations(again.document_ids()[0]) == []


def test_an_annotator_created_after_the_snapshot_can_annotate_after_the_restore(project):
    snapshot = backups.take_snapshot(project)  # before "ali" existed
    annotate(project)
    backups.restore_snapshot(project, snapshot)
    assert project.annotators() == []
    [uuid] = annotate(project)
    assert project.annotation(uuid).annotator == "ali"


def test_search_after_a_restore_finds_what_the_snapshot_holds(project):
    snapshot = backups.take_snapshot(project)
    assert project.search("الدفاع").document_count == 3  # the search's caches are filled
    project.add_documents([DocRecord(text="خبر عن الدفاع والمدينة الجديدة", name="new")])
    assert project.search("الجديدة").document_count == 1
    backups.restore_snapshot(project, snapshot)
    assert project.search("الجديدة").document_count == 0
    project.add_documents([DocRecord(text="الجديدة مرة أخرى", name="again")])
    assert project.search("الجديدة").document_count == 1


def test_a_damaged_snapshot_is_refused_and_nothing_changes(project):
    snapshot = backups.take_snapshot(project)
    kept = set(annotate(project, 2))
    data = bytearray(snapshot.path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size : 3 * page_size] = b"\xa5" * (2 * page_size)  # garble pages 2 and 3
    snapshot.path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged|malformed|not restored") as refused:
        backups.restore_snapshot(project, snapshot)
    assert refused.value.kind == "damaged"
    assert {a.uuid for a in project.annotations(project.document_ids()[0])} == kept
    assert len(backups.list_snapshots(project.path)) == 1  # no "before restore" taken


def test_a_file_that_is_not_a_project_is_refused(project, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (a)")
    conn.close()
    with pytest.raises(BackupError, match="not an annotator project") as refused:
        backups.restore_snapshot(project, other)
    assert refused.value.kind == "not_project"
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database at all\n" * 100, encoding="utf-8")
    with pytest.raises(BackupError, match="not restored") as refused:
        backups.restore_snapshot(project, notes)
    assert refused.value.kind == "not_database"
    assert project.document_ids()  # unchanged
    assert backups.list_snapshots(project.path) == []


def test_the_project_itself_is_not_a_snapshot_of_it(project):
    with pytest.raises(BackupError, match="the project itself"):
        backups.restore_snapshot(project, project.path)


def test_a_closed_project_file_restores_and_leaves_no_files_beside_it(project, tmp_path):
    other_path = tmp_path / "other.sqlite"
    with make_project(other_path, documents=5):
        pass
    result = backups.restore_snapshot(project, other_path)
    assert result.documents == 5
    assert sorted(p.name for p in tmp_path.glob("other.sqlite*")) == ["other.sqlite"]


def test_restore_in_the_middle_of_a_write_is_refused(project):
    snapshot = backups.take_snapshot(project)
    with project.transaction():
        annotate(project)
        with pytest.raises(BackupError, match="middle of a write"):
            backups.restore_snapshot(project, snapshot)


def test_a_snapshot_of_an_older_schema_and_other_page_size_is_converted(project, tmp_path):
    older = tmp_path / "older.sqlite"
    source = sqlite3.connect(f"file:{DATA / 'project_v1.sqlite'}?mode=ro", uri=True)
    target = sqlite3.connect(older)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode = DELETE")
    target.execute("PRAGMA page_size = 1024")
    target.execute("VACUUM")
    assert (
        target.execute("PRAGMA page_size").fetchone()[0]
        != (project.conn.execute("PRAGMA page_size").fetchone()[0])
    )
    assert int(dict(target.execute("SELECT key, value FROM meta"))["schema_version"]) < (
        SCHEMA_VERSION
    )
    expected = target.execute("SELECT count(*) FROM annotations").fetchone()[0]
    target.close()
    result = backups.restore_snapshot(project, older)
    assert result.annotations == expected > 0
    assert project.meta()["schema_version"] == str(SCHEMA_VERSION)
    assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    leftovers = [p.name for p in backups.backup_folder(project.path).iterdir()]
    assert leftovers == [result.safety.name]  # the temporary copy is gone


def test_a_deleted_project_is_created_again_from_a_snapshot(project, tmp_path):
    kept = set(annotate(project, 2))
    snapshot = backups.take_snapshot(project)
    path = project.path
    project.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    [found] = backups.list_snapshots(path)  # still listed
    result = backups.restore_as_new(path, found)
    assert result.safety is None and result.annotations == 2
    with Project.open(path) as again:
        assert {a.uuid for a in again.annotations(again.document_ids()[0])} == kept
    with pytest.raises(BackupError, match="already exists") as refused:
        backups.restore_as_new(path, snapshot)
    assert refused.value.kind == "exists"


def test_write_count_changes_with_writes_only(project):
    start = backups.write_count(project)
    project.document_ids()
    assert backups.write_count(project) == start
    annotate(project)
    assert backups.write_count(project) != start
    project.close()
    assert backups.write_count(project) is None
