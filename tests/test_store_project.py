"""The project store: file layout, transactions, documents, statuses, history."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.errors import InputError, NotFoundError, SchemaError
from annotator.model import DocRecord
from annotator.store import Project, ProjectError

TEXT = "قالت وزارة الدفاع الأذربيجانية إنها بدأت عمليات في كاراباخ."


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        yield opened


def add_doc(project: Project, text: str = TEXT, name: str = "doc") -> int:
    result = project.add_documents([DocRecord(text=text, name=name)])
    return result.added[0]


def test_new_project_has_every_table_and_the_default_labels(project):
    tables = {
        name
        for (name,) in project.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        )
    }
    expected = {
        "meta",
        "labels",
        "relation_types",
        "documents",
        "annotators",
        "annotations",
        "relations",
        "doc_status",
        "history",
        "doc_index",
        "terms",
    }
    assert expected <= tables
    assert [label.name for label in project.labels()] == ["ACTOR", "CLAIM", "CASUALTY"]
    assert [(r.name, r.head_label, r.tail_label) for r in project.relation_types()] == [
        ("source", "CLAIM", "ACTOR")
    ]
    meta = project.meta()
    assert meta["app"] == "annotator"
    assert int(meta["schema_version"]) >= 1


def test_wal_mode_and_foreign_keys_are_on(project):
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # and on reopening
    project.close()
    with Project.open(project.path) as again:
        assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            again.conn.execute(
                "INSERT INTO doc_status(document_id, annotator_id, status, updated_at) "
                "VALUES (999, 999, 'done', 'now')"
            )


def test_new_projects_have_32k_pages_and_older_files_keep_theirs(project, tmp_path):
    import shutil

    from annotator.store.project import PAGE_SIZE

    assert PAGE_SIZE == 32768
    assert project.conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    # the log is copied back at about 4 MB whatever the page size
    assert project.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 128
    older = tmp_path / "v1.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "project_v1.sqlite", older)
    with sqlite3.connect(older) as conn:
        before = conn.execute("PRAGMA page_size").fetchone()[0]
    assert before == 4096
    with Project.open(older) as opened:  # migrated, not rebuilt
        assert opened.conn.execute("PRAGMA page_size").fetchone()[0] == before
        assert opened.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1024  # 4 MB


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "p.sqlite"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_text(encoding="utf-8") == "precious"


def test_open_with_create_makes_a_missing_project(tmp_path):
    path = tmp_path / "sub" / "p.sqlite"
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(path)
    with Project.open(path, create=True) as created:
        assert created.count_documents() == 0
    assert path.exists()


def statements(project: Project) -> list[str]:
    seen: list[str] = []
    project.conn.set_trace_callback(seen.append)
    return seen


def test_one_user_action_is_one_transaction(project):
    doc = add_doc(project)
    trace = statements(project)
    ann = project.add_annotation(doc, "lina", "ACTOR", 5, 30)  # also creates the annotator
    begins = [s for s in trace if s.startswith("BEGIN")]
    commits = [s for s in trace if s == "COMMIT"]
    assert len(begins) == 1 and len(commits) == 1
    trace.clear()
    project.update_annotation(ann.uuid, label="CLAIM")
    project.delete_annotation(ann.uuid)
    assert len([s for s in trace if s.startswith("BEGIN")]) == 2
    assert len([s for s in trace if s == "COMMIT"]) == 2


def test_a_failing_action_leaves_nothing(project):
    doc = add_doc(project)
    first = project.add_annotation(doc, "lina", "ACTOR", 5, 30)
    second = project.add_annotation(doc, "lina", "CLAIM", 31, 40)
    project.delete_annotation(first.uuid)
    project.delete_annotation(second.uuid)
    history_before = len(project.history(1000))
    broken = type(second)(**{**vars(second), "end": len(TEXT) + 5})
    with pytest.raises(SchemaError, match="outside the text"):
        project.restore([first, broken])  # the first one alone would be fine
    assert project.annotations(doc) == []
    assert len(project.history(1000)) == history_before
    # a batch of documents with one too large inserts none
    with pytest.raises(InputError, match="exceeds the limit"):
        project.add_documents(
            [DocRecord(text="نص قصير", name="a"), DocRecord(text="ب" * 100, name="b")],
            max_bytes=50,
        )
    assert project.count_documents() == 1


def test_documents_are_deduplicated_by_text(project):
    result = project.add_documents(
        [
            DocRecord(text=TEXT, name="a"),
            DocRecord(text="نص آخر", name="b"),
            DocRecord(text=TEXT, name="c"),
        ]
    )
    assert len(result.added) == 2
    assert result.duplicates == [("c", result.added[0])]
    again = project.add_documents([DocRecord(text="نص آخر", name="d")])
    assert again.added == [] and again.duplicates == [("d", result.added[1])]
    doc = project.document(result.added[0])
    assert doc.text == TEXT and doc.name == "a"
    assert doc.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert project.document_id_by_sha(doc.sha256) == doc.id


def test_document_text_never_changes(project):
    text = "😀 " + TEXT + "\n\nفقرة ثانية."
    doc = add_doc(project, text)
    sha = project.document(doc).sha256
    ann = project.add_annotation(doc, "lina", "ACTOR", 7, 32)
    project.update_annotation(ann.uuid, start=2, end=6)
    project.set_status(doc, "lina", "done")
    project.rename_label("ACTOR", "AGENT")
    project.import_records([DocRecord(text=text, name="again", spans=[])], "omar")
    project.delete_annotation(ann.uuid)
    project.add_documents([DocRecord(text=text, name="dup")])
    stored = project.document(doc)
    assert stored.text == text
    assert stored.sha256 == sha == hashlib.sha256(stored.text.encode("utf-8")).hexdigest()
    assert project.count_documents() == 1


def test_status_defaults_moves_and_counts(project):
    first = add_doc(project, TEXT, "a")
    second = add_doc(project, "نص آخر عن القتال", "b")
    third = add_doc(project, "نص ثالث", "c")
    assert project.status(first, "lina") == "new"
    project.add_annotation(first, "lina", "ACTOR", 5, 30)
    assert project.status(first, "lina") == "in progress"
    assert project.status(first, "omar") == "new"  # statuses are per annotator
    project.set_status(second, "lina", "done")
    project.add_annotation(second, "lina", "CLAIM", 0, 3)
    assert project.status(second, "lina") == "done"  # annotating a done document keeps it done
    assert project.status_counts("lina") == {"new": 1, "in progress": 1, "done": 1}
    assert project.status_counts("nobody") == {"new": 3, "in progress": 0, "done": 0}
    assert project.document_ids(annotator="lina", status="new") == [third]
    assert project.document_ids(annotator="lina", status=["done", "in progress"]) == [first, second]
    assert project.count_documents(annotator="lina", status="done") == 1
    rows = project.document_rows(annotator="lina")
    assert [(row[0], row[3]) for row in rows] == [
        (first, "in progress"),
        (second, "done"),
        (third, "new"),
    ]
    with pytest.raises(NotFoundError, match="unknown status"):
        project.set_status(first, "lina", "finished")
    with pytest.raises(NotFoundError):
        project.set_status(999, "lina", "done")


def test_history_records_each_action(project):
    doc = add_doc(project)
    ann = project.add_annotation(doc, "lina", "ACTOR", 5, 30)
    project.delete_annotation(ann.uuid)
    actions = [action for _, _, action, _, _ in project.history()]
    assert actions[:3] == ["delete annotation", "add annotation", "import documents"]
    _, who, _, document_id, detail = project.history(1)[0]
    assert (who, document_id, detail["uuid"]) == ("lina", doc, ann.uuid)


def test_iter_documents_streams_in_id_order(project):
    ids = project.add_documents(
        [DocRecord(text=f"نص رقم {i}", name=str(i)) for i in range(1203)]
    ).added
    assert [doc.id for doc in project.iter_documents()] == ids
    assert [doc.name for doc in project.iter_documents([ids[5], ids[2]])] == ["5", "2"]
