"""`annotator check` and `annotator recover` on real damaged files: every row outside the
damaged pages is saved, with its ids, uuids and offsets, into a new project that checks ok."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from damaged_files import (
    build_project,
    cells_hit,
    overwrite_page,
    pages,
    renumber_cell,
    rows_by_leaf,
    truncate,
    uuids_of,
)

from annotator.cli import main
from annotator.store import Project


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_project(tmp_path_factory.mktemp("recover") / "sound.sqlite")


@pytest.fixture
def copy(built, tmp_path) -> Path:
    """A copy of the built project to damage (made with SQLite's backup API), in WAL mode."""
    target = tmp_path / "corpus.sqlite"
    with closing(sqlite3.connect(built.path)) as source, closing(sqlite3.connect(target)) as out:
        source.backup(out)
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    return target


def recover_json(capsys, damaged: Path, out: Path) -> tuple[int, dict]:
    code, stdout, err = run(capsys, "recover", damaged, "--out", out, "--json")
    assert err == ""
    return code, json.loads(stdout)


def stored(path: Path) -> tuple[dict[int, str], dict[str, tuple], dict[str, tuple[str, str]]]:
    """Documents (id: name), annotations (uuid: doc, annotator, label, start, end) and
    relations (uuid: head, tail) of project `path`, read through the store."""
    with Project.open(path) as project:
        documents = {doc.id: doc.name for doc in project.iter_documents()}
        annotations, relations = {}, {}
        for doc_id in documents:
            for ann in project.annotations(doc_id):
                assert ann.text == project.document_text(doc_id)[ann.start : ann.end]
                annotations[ann.uuid] = (doc_id, ann.annotator, ann.label, ann.start, ann.end)
            for rel in project.relations(doc_id):
                relations[rel.uuid] = (rel.head, rel.tail)
    return documents, annotations, relations


def assert_checks_ok(capsys, path: Path) -> None:
    code, out, _ = run(capsys, "check", path)
    assert code == 0 and f"{path}: ok (" in out, out


def test_a_damaged_annotations_page_costs_exactly_its_rows(built, copy, tmp_path, capsys):
    page, keys = rows_by_leaf(copy, "annotations")[1]
    on_page = uuids_of(copy, "annotations", keys)
    overwrite_page(copy, page)

    code, out, _ = run(capsys, "check", copy)
    assert code == 1
    assert f"{copy}: table annotations: {800 - len(keys)} of 800 rows readable" in out
    assert f"annotator recover {copy} --out NEW.sqlite" in out
    code, out, _ = run(capsys, "check", copy, "--json")
    health = json.loads(out)
    assert code == 1 and not health["ok"]
    (annotations,) = [t for t in health["tables"] if t["table"] == "annotations"]
    assert annotations["rows_readable"] == 800 - len(keys)
    assert annotations["unreadable_rowids"] == [f"{keys[0]}-{keys[-1]}"]

    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    assert code == 1 and not report["complete"]
    documents, annotations, relations = stored(new)
    assert documents == built.documents
    assert set(annotations) == set(built.annotations) - on_page
    assert annotations == {uuid: built.annotations[uuid] for uuid in annotations}
    assert set(report["lost_annotations"]) == on_page
    kept = {uuid: ends for uuid, ends in built.relations.items() if not set(ends) & on_page}
    assert relations == kept and len(kept) < len(built.relations)
    assert report["lost"]["annotations"] == len(on_page)
    assert report["lost"]["relations"] == len(built.relations) - len(kept)
    assert report["check"]["ok"]
    assert_checks_ok(capsys, new)
    with Project.open(new) as project:
        assert project.status(3, "lina") == "in progress"
        assert project.status(1, "lina") == "done"
        assert project.search("الدفاع").document_count > 0


def test_a_damaged_documents_page_loses_its_documents_and_their_annotations(
    built, copy, tmp_path, capsys
):
    page, keys = rows_by_leaf(copy, "documents")[2]
    overwrite_page(copy, page, garbage=True)
    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    assert code == 1
    documents, annotations, _ = stored(new)
    assert set(documents) == set(built.documents) - set(keys)
    assert report["lost_documents"] == [str(key) for key in keys]
    assert set(annotations) == {u for u, a in built.annotations.items() if a[0] not in keys}
    assert report["lost"]["documents"] == len(keys)
    assert report["lost"]["annotations"] == 4 * len(keys)
    assert_checks_ok(capsys, new)


def test_a_damaged_overflow_page_still_names_its_document(built, copy, tmp_path, capsys):
    overwrite_page(copy, pages(copy, "documents", "overflow")[0], garbage=True)
    new = tmp_path / "saved.sqlite"
    code, out, _ = run(capsys, "recover", copy, "--out", new)
    big = built.big_document
    assert code == 1
    assert f"lost documents: {big} ({built.documents[big]})" in out
    documents, annotations, _ = stored(new)
    assert set(documents) == set(built.documents) - {big}
    assert len(annotations) == 800 - 4
    assert_checks_ok(capsys, new)


def test_a_damaged_index_loses_nothing(built, copy, tmp_path, capsys):
    overwrite_page(copy, pages(copy, "sqlite_autoindex_annotations_1", "leaf")[0])
    code, out, _ = run(capsys, "check", copy)
    assert code == 1 and "(index sqlite_autoindex_annotations_1)" in out
    new = tmp_path / "saved.sqlite"
    code, out, _ = run(capsys, "recover", copy, "--out", new)
    assert code == 0, out
    assert "lost: none" in out
    assert stored(new) == (built.documents, built.annotations, built.relations)
    assert_checks_ok(capsys, new)


@pytest.mark.parametrize("leaf, start, size", [(2, 3000, 120), (1, 10000, 400), (0, 20000, 50)])
def test_garbage_over_some_cells_costs_only_their_rows(
    built, copy, tmp_path, capsys, leaf, start, size
):
    """A damaged cell also hides the cells after it on its page from a search by rowid; they
    are saved all the same."""
    page, _ = rows_by_leaf(copy, "annotations")[leaf]
    hit = uuids_of(copy, "annotations", cells_hit(copy, page, start, start + size))
    overwrite_page(copy, page, garbage=True, at=start, size=size)
    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    _, annotations, _ = stored(new)
    assert set(built.annotations) - hit <= set(annotations) < set(built.annotations)
    assert annotations == {uuid: built.annotations[uuid] for uuid in annotations}
    assert code == 1 and set(report["lost_annotations"]) == set(built.annotations) - set(
        annotations
    )
    assert_checks_ok(capsys, new)


def test_a_cell_whose_rowid_is_damaged_costs_only_its_row(built, copy, tmp_path, capsys):
    """A damaged rowid that still reads as a row, out of order: neither it nor what follows is
    taken for the rest of the table."""
    page, keys = rows_by_leaf(copy, "annotations")[1]
    victim = keys[len(keys) // 2]
    (lost,) = uuids_of(copy, "annotations", [victim])
    renumber_cell(copy, page, victim, 16000)
    code, out, _ = run(capsys, "check", copy)
    assert code == 1 and "Rowid 16000 out of order (table annotations)" in out
    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    _, annotations, _ = stored(new)
    assert set(annotations) == set(built.annotations) - {lost}
    assert code == 1 and report["lost_annotations"] == [lost]
    assert_checks_ok(capsys, new)


def history_ids(path: Path) -> list[int]:
    with closing(sqlite3.connect(path)) as conn:
        return [key for (key,) in conn.execute("SELECT id FROM history ORDER BY id")]


def test_a_damaged_page_of_a_table_without_index(built, copy, tmp_path, capsys):
    """History has no index to list its rows: the rows on each side of the damaged page are
    read by rowid up to the page's edges."""
    everything = history_ids(copy)
    page, keys = rows_by_leaf(copy, "history")[2]
    overwrite_page(copy, page)
    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    assert code == 1
    assert history_ids(new)[:-1] == [key for key in everything if key not in keys]
    assert report["lost"]["history entries"] == len(keys)
    assert_checks_ok(capsys, new)


def test_a_truncated_file(built, copy, tmp_path, capsys):
    leaves = rows_by_leaf(copy, "documents")
    cut = leaves[len(leaves) // 2][0]
    truncate(copy, cut)
    new = tmp_path / "saved.sqlite"
    code, out, _ = run(capsys, "recover", copy, "--out", new)
    assert code == 1
    documents, annotations, _ = stored(new)
    assert set(documents) == {key for page, keys in leaves if page <= cut for key in keys}
    assert annotations == {uuid: built.annotations[uuid] for uuid in annotations}
    assert_checks_ok(capsys, new)


def test_rows_that_are_wrong_without_damage_are_left_out_and_named(built, copy, tmp_path, capsys):
    (relation, (head, tail)), *_ = built.relations.items()
    snapshot = next(u for u in built.annotations if u not in (head, tail))
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE annotations SET label = 'ACTOR' WHERE uuid = ?", (head,))
        conn.execute("UPDATE annotations SET text = 'not the text' WHERE uuid = ?", (snapshot,))
    new = tmp_path / "saved.sqlite"
    code, out, _ = run(capsys, "recover", copy, "--out", new)
    assert code == 1
    doc = built.annotations[head][0]
    assert (
        f"relation {relation} in document {doc}: source must start at a CLAIM span, not ACTOR; "
        "left out" in out
    )
    assert f"annotation {snapshot}: span " in out and "its snapshot is 'not the text'" in out
    _, annotations, relations = stored(new)
    assert set(annotations) == set(built.annotations) - {snapshot}
    assert set(relations) == set(built.relations) - {relation}
    assert_checks_ok(capsys, new)


def test_a_sound_project_is_recovered_whole(built, copy, tmp_path, capsys):
    first, second, third = list(built.annotations)[:3]
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.executemany(
            "INSERT INTO curation(annotation_uuid, document_id, decision, gold_uuid, label, "
            'start, "end", at) VALUES (?, 1, ?, ?, ?, 0, 5, ?)',
            [
                (first, "accepted", third, "CLAIM", "2026-01-01T00:00:00"),
                (second, "rejected", None, "ACTOR", "2026-01-02T00:00:00"),
            ],
        )
        conn.execute("INSERT INTO meta(key, value) VALUES ('assigned_to', 'lina')")
    new = tmp_path / "saved.sqlite"
    code, report = recover_json(capsys, copy, new)
    assert code == 0 and report["complete"] and not any(report["lost"].values())
    assert report["saved"]["documents"] == 200 and report["saved"]["annotations"] == 800
    assert report["saved"]["curation decisions"] == 2
    assert stored(new) == (built.documents, built.annotations, built.relations)
    tables = ("curation", "doc_status", "annotators", "labels", "relation_types")
    with closing(sqlite3.connect(new)) as saved, closing(sqlite3.connect(copy)) as original:
        for table in tables:
            query = f"SELECT * FROM {table} ORDER BY 1, 2"
            assert saved.execute(query).fetchall() == original.execute(query).fetchall()
        query = "SELECT id, name, title, source, text, sha256, meta, imported_at FROM documents"
        assert saved.execute(query).fetchall() == original.execute(query).fetchall()
        query = "SELECT value FROM meta WHERE key IN ('assigned_to', 'created_at') ORDER BY key"
        assert saved.execute(query).fetchall() == original.execute(query).fetchall()


def test_recover_refuses_to_overwrite_and_needs_a_project(built, copy, tmp_path, capsys):
    existing = tmp_path / "existing.sqlite"
    existing.write_bytes(b"keep me")
    code, _, err = run(capsys, "recover", copy, "--out", existing)
    assert code == 2 and "already exists" in err
    assert existing.read_bytes() == b"keep me"
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("not a database, " * 100, encoding="utf-8")
    code, _, err = run(capsys, "recover", foreign, "--out", tmp_path / "new.sqlite")
    assert code == 2 and "not a project file" in err
    assert not (tmp_path / "new.sqlite").exists()
    code, _, err = run(capsys, "recover", tmp_path / "missing.sqlite", "--out", tmp_path / "n")
    assert code == 2 and "no such project file" in err


@pytest.mark.parametrize("command", ["check", "recover"])
def test_help_has_examples(command, capsys):
    with pytest.raises(SystemExit) as caught:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    assert f"annotator {command}" in out and "examples:" in out


def test_token_counts_of_an_older_file_are_counted_again(tmp_path):
    """A version 1-3 file's kept token counts came from the tokenizer that split 3.99: the
    recovered project counts them again (as the v4 migration does)."""
    import shutil

    from annotator.store.recover import recover
    from annotator.store.stats import stats

    old = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "project_v1.sqlite", old)
    with closing(sqlite3.connect(old)) as conn, conn:  # a closed test file
        conn.execute("UPDATE documents SET n_tokens = 999")
    recover(old, tmp_path / "new.sqlite")
    with Project.open(tmp_path / "new.sqlite") as project:
        counted = stats(project)["tokens"]
        texts = [project.document_text(i) for i in project.document_ids()]
    from annotator.text import token_spans

    assert counted == sum(len(token_spans(text)) for text in texts) != 2 * 999
