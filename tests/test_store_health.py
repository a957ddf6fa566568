"""`store.health.check_file` on sound, damaged and foreign files: it never raises, names the
damaged tables and indexes, and counts the rows that can still be read."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from damaged_files import (
    build_project,
    overwrite_page,
    pages,
    rows_by_leaf,
    truncate,
)

from annotator.store import Project, schema
from annotator.store.health import check_file, check_project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("health") / "sound.sqlite")


@pytest.fixture
def copy(built, tmp_path) -> Path:
    """A copy of the built project to damage (made with SQLite's backup API)."""
    target = tmp_path / "corpus.sqlite"
    with closing(sqlite3.connect(built.path)) as source, closing(sqlite3.connect(target)) as out:
        source.backup(out)
    with closing(sqlite3.connect(target)) as conn:  # as a project is on disk: WAL mode
        conn.execute("PRAGMA journal_mode = WAL")
    return target


def table_read(report, table):
    return next(found for found in report.tables if found.table == table)


def test_a_sound_project_is_ok_and_left_as_it_was(built):
    before = built.path.stat().st_mtime_ns
    report = check_file(built.path)
    assert report.ok and report.problems == [] and not report.damaged
    assert report.checked == {"documents": 200, "annotations": 800, "relations": 200}
    assert report.version == schema.SCHEMA_VERSION and report.tables == []
    assert built.path.stat().st_mtime_ns == before
    assert not Path(f"{built.path}-wal").exists() and not Path(f"{built.path}-shm").exists()


def test_a_zeroed_table_page_names_its_table_and_counts_the_readable_rows(built, copy):
    page, keys = rows_by_leaf(copy, "annotations")[1]
    overwrite_page(copy, page)
    report = check_file(copy)
    assert not report.ok and report.damaged
    assert f"integrity: Page {page}: btreeInitPage() returns error code 11 (table annotations)" in [
        str(p) for p in report.problems
    ]
    found = table_read(report, "annotations")
    assert found.rows == 800 - len(keys) and found.listed == 800
    assert [(r.first, r.last) for r in found.unreadable] == [(keys[0], keys[-1])]
    assert f"table annotations: {800 - len(keys)} of 800 rows readable" in str(
        next(p for p in report.problems if p.kind == "table")
    )
    for table in ("documents", "relations", "annotators", "history"):
        assert not table_read(report, table).damaged, table
    assert table_read(report, "documents").rows == 200


def test_garbage_over_a_documents_page_loses_only_its_documents(built, copy):
    page, keys = rows_by_leaf(copy, "documents")[2]
    overwrite_page(copy, page, garbage=True)
    report = check_file(copy)
    assert any("(table documents)" in str(p) for p in report.problems if p.kind == "integrity")
    found = table_read(report, "documents")
    assert found.rows == 200 - len(keys) and found.listed == 200
    assert table_read(report, "annotations").rows == 800


def test_a_damaged_index_leaves_every_row_readable(built, copy):
    (page,) = pages(copy, "annotations_doc", "leaf")[:1]
    overwrite_page(copy, page)
    report = check_file(copy)
    assert not report.ok
    assert any(
        str(p).endswith("(index annotations_doc)") for p in report.problems if p.kind == "integrity"
    )
    assert all(not found.damaged for found in report.tables)
    assert table_read(report, "annotations").rows == 800


def test_a_zeroed_root_page_makes_a_whole_table_unreadable(built, copy):
    (root,) = pages(copy, "annotations", "internal")[:1]
    overwrite_page(copy, root)
    report = check_file(copy)
    found = table_read(report, "annotations")
    assert found.rows == 0 and found.damaged and found.listed == 800
    assert table_read(report, "documents").rows == 200


def test_a_truncated_file_is_read_up_to_its_end(built, copy):
    document_leaves = rows_by_leaf(copy, "documents")
    (root,) = pages(copy, "documents", "internal")
    cut = document_leaves[len(document_leaves) // 2][0]
    assert root < cut and all(page < cut for page in pages(copy, "documents", "overflow"))
    truncate(copy, cut)  # pages 1 to `cut` are left
    report = check_file(copy)
    assert report.damaged
    assert any("invalid page number" in str(p) for p in report.problems)
    expected = sum(len(keys) for page, keys in document_leaves if page <= cut)
    assert 0 < expected < 200
    assert table_read(report, "documents").rows == expected


def test_garbage_inside_a_page_loses_at_most_that_page(built, copy):
    leaves = rows_by_leaf(copy, "annotations")
    page, keys = leaves[1]
    overwrite_page(copy, page, garbage=True, at=3000, size=200)
    report = check_file(copy)
    assert report.damaged
    found = table_read(report, "annotations")
    assert 800 - len(keys) <= found.rows < 800


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a project file (not an SQLite database: empty file)"),
        (b"hello, not a database" * 100, "not a project file (not an SQLite database"),
        (b"SQLite format 3\x00" + bytes(200), "not a project file (not an SQLite database"),
    ],
)
def test_a_file_that_is_not_a_database(tmp_path, content, message):
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    report = check_file(path)
    assert [p.kind for p in report.problems] == ["file"]
    assert report.problems[0].message.startswith(message)
    assert path.read_bytes() == content


def test_a_database_that_is_not_a_project(tmp_path):
    path = tmp_path / "x.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t (x)")
    report = check_file(path)
    assert [str(p) for p in report.problems] == ["an SQLite database, but not an annotator project"]


def test_a_file_whose_schema_page_is_damaged(built, copy):
    overwrite_page(copy, 1, at=100)
    report = check_file(copy)
    assert [p.kind for p in report.problems] == ["file"]
    assert "corrupt or unreadable" in str(report.problems[0])


def test_a_file_from_a_newer_version(copy):
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    report = check_file(copy)
    assert [p.kind for p in report.problems] == ["file"]
    assert "written by a newer version" in str(report.problems[0])


def test_an_older_project_is_checked_against_its_own_schema_unchanged(tmp_path):
    path = tmp_path / "old.sqlite"
    with closing(sqlite3.connect(path)) as conn, conn:
        schema._run(conn, schema._V1)
        schema.MIGRATIONS[2](conn, True)
        conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?)",
            [("app", "annotator"), ("schema_version", "2"), ("app_version", "0.1")],
        )
    report = check_file(path)
    assert report.ok, report.problems
    assert report.version == 2
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            "2",
        )


def test_a_relation_whose_ends_no_longer_fit_its_type(built, copy):
    relation, (head, _) = next(iter(built.relations.items()))
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE annotations SET label = 'ACTOR' WHERE uuid = ?", (head,))
    doc = built.annotations[head][0]
    expected = (
        f"relation {relation} in document {doc}: source must start at a CLAIM span, not ACTOR"
    )
    report = check_file(copy)
    assert [str(p) for p in report.problems] == [expected]
    with Project.open(copy) as project:
        assert [str(p) for p in check_project(project).problems] == [expected]


def test_a_relation_from_a_span_to_itself(built, copy):
    """The one relation rule (`rules.relation_problem`) is what check applies: a relation
    needs two different spans."""
    relation, (head, _) = next(iter(built.relations.items()))
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE annotations SET label = 'ACTOR' WHERE uuid = ?", (head,))
        conn.execute("UPDATE relation_types SET head_label = NULL WHERE name = 'source'")
        conn.execute("UPDATE relations SET tail = head WHERE uuid = ?", (relation,))
    doc = built.annotations[head][0]
    report = check_file(copy)
    assert [str(p) for p in report.problems] == [
        f"relation {relation} in document {doc}: a relation needs two different spans"
    ]


def test_a_relation_whose_type_is_not_in_the_schema(built, copy):
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("DELETE FROM relation_types WHERE name = 'source'")
    report = check_file(copy)
    assert len(report.problems) == 200
    assert all("its type source is not in the schema" in str(p) for p in report.problems)


def test_a_damaged_search_index(copy):
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute(
            "UPDATE doc_index_data SET block = zeroblob(length(block)) "
            "WHERE id = (SELECT max(id) FROM doc_index_data)"
        )
    report = check_file(copy)
    assert [str(p) for p in report.problems] == ["search index: database disk image is malformed"]


def test_checking_takes_no_write_lock(copy):
    """Another program in the middle of writing is neither waited for nor kept waiting: the
    search index's own check (an INSERT) runs on a copy in memory."""
    writer = sqlite3.connect(copy, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO history(at, action) VALUES ('now', 'writing')")
        report = check_file(copy)
        assert report.ok, report.problems
        writer.execute("COMMIT")
    finally:
        writer.close()
    with Project.open(copy) as project:
        assert project.history(1)[0][2] == "writing"


def test_a_document_whose_text_is_not_text(copy):
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE documents SET text = X'00ff10' WHERE id = 7")
    report = check_file(copy)
    assert "document 7 (article-006.txt): its text is not text (bytes)" in map(str, report.problems)
