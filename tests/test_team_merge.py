"""`annotator merge`: bringing annotators' copies back into the project (annotator.team)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import LabelDef, Project, ProjectError
from annotator.team import TeamError, assign_documents, merge_projects

ACTOR = "المتحدث"


def article(i: int) -> str:
    return f"😀 قال {ACTOR} باسم الدفاع المدني إن {i} أشخاص قتلوا في الغارة رقم {i}."


def make_project(path: Path, texts: list[str]) -> Project:
    project = Project.create(path)
    project.add_documents(
        DocRecord(text=text, name=f"doc-{i:02d}", meta={"title": f"خبر {i}"})
        for i, text in enumerate(texts)
    )
    return project


def annotate(project: Project, doc_id: int, annotator: str, *, done: bool) -> None:
    """An ACTOR after the emoji, a CLAIM covering the sentence, the source link and a count."""
    text = project.document_text(doc_id)
    start = text.index(ACTOR)
    actor = project.add_annotation(
        doc_id, annotator, "ACTOR", start, start + len(ACTOR), attributes={"kind": "organization"}
    )
    claim = project.add_annotation(doc_id, annotator, "CLAIM", start, len(text) - 1)
    project.add_relation(doc_id, annotator, "source", claim.uuid, actor.uuid)
    count = text.index(" أشخاص") - 1
    while text[count - 1].isdigit():
        count -= 1
    project.add_annotation(
        doc_id,
        annotator,
        "CASUALTY",
        count,
        text.index(" قتلوا") + 6,
        attributes={"count": int(text[count : text.index(" أشخاص")])},
    )
    if done:
        project.set_status(doc_id, annotator, "done")


def work(project: Project, annotator: str) -> dict[str, tuple]:
    """Everything `annotator` has in `project`, keyed by document sha256."""
    result = {}
    for doc in project.iter_documents():
        anns = project.annotations(doc.id, annotator)
        rels = project.relations(doc.id, annotator)
        status = project.status(doc.id, annotator)
        if anns or rels or status != "new":
            result[doc.sha256] = (
                sorted((a.uuid, a.label, a.start, a.end, a.text, repr(a.attributes)) for a in anns),
                sorted((r.uuid, r.label, r.head, r.tail) for r in rels),
                status,
            )
    return result


def totals(project: Project) -> tuple[int, ...]:
    tables = ("documents", "annotations", "relations", "doc_status", "labels", "annotators")
    return tuple(project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def fingerprint(path: Path) -> tuple[str, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


@pytest.fixture
def team(tmp_path: Path):
    """A 12-document project split between alice and bob (3 shared), then annotated in copies:
    alice finishes all hers, bob annotates all his and finishes every other one."""
    project = make_project(tmp_path / "main.sqlite", [article(i) for i in range(12)])
    assign_documents(project, tmp_path / "team", ["alice", "bob"], 0.25, seed=7)
    copies = {who: tmp_path / "team" / f"{who}.sqlite" for who in ("alice", "bob")}
    for who, path in copies.items():
        with Project.open(path) as copy:
            for n, doc_id in enumerate(copy.document_ids()):
                annotate(copy, doc_id, who, done=who == "alice" or n % 2 == 0)
    yield project, copies
    project.close()


def merged_work(copies: dict[str, Path]) -> dict[str, dict]:
    expected = {}
    for who, path in copies.items():
        with Project.open(path) as copy:
            expected[who] = work(copy, who)
    return expected


# ---------------------------------------------------------------- round trip


def test_round_trip_brings_back_every_annotation_relation_and_status(team):
    project, copies = team
    expected = merged_work(copies)
    reports = merge_projects(project, list(copies.values()))
    for who, report in zip(copies, reports, strict=True):
        assert report.source == copies[who]
        assert report.annotations_added == 3 * len(expected[who])
        assert report.relations_added == len(expected[who])
        assert report.statuses_updated == len(expected[who])
        assert report.missing_documents == [] and report.conflicts == []
        assert report.annotators_added == [who]
        assert work(project, who) == expected[who]
    assert sorted(project.annotators()) == ["alice", "bob"]
    statuses = {s for w in expected.values() for (_, _, s) in w.values()}
    assert statuses == {"done", "in progress"}
    doc_id = project.document_ids()[0]
    text = project.document_text(doc_id)
    who = next(w for w in ("alice", "bob") if project.annotations(doc_id, w))
    actor = next(a for a in project.annotations(doc_id, who) if a.label == "ACTOR")
    assert (actor.text, text[actor.start : actor.end]) == (ACTOR, ACTOR)
    casualty = next(a for a in project.annotations(doc_id, who) if a.label == "CASUALTY")
    assert casualty.attributes == {"count": 0} and casualty.text.startswith("0")


def test_merging_twice_adds_nothing(team):
    project, copies = team
    merge_projects(project, list(copies.values()))
    before = totals(project)
    reports = merge_projects(project, list(copies.values()))
    assert totals(project) == before
    for report in reports:
        assert (report.annotations_added, report.relations_added, report.statuses_updated) == (
            0,
            0,
            0,
        )
        assert report.conflicts == [] and report.labels_added == []


def test_same_spans_under_other_uuids_are_matched_not_duplicated(tmp_path):
    texts = [article(i) for i in range(3)]
    with (
        make_project(tmp_path / "main.sqlite", texts) as project,
        make_project(tmp_path / "other.sqlite", texts) as other,
    ):
        for p in (project, other):
            annotate(p, p.document_ids()[1], "alice", done=True)
        before = totals(project)
        (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
        assert report.conflicts == []
        assert (report.annotations_added, report.relations_added) == (0, 0)
        assert totals(project) == before


def test_other_files_are_not_modified(team):
    project, copies = team
    before = {who: fingerprint(path) for who, path in copies.items()}
    merge_projects(project, list(copies.values()))
    assert {who: fingerprint(path) for who, path in copies.items()} == before


def test_dry_run_reports_and_writes_nothing(team):
    project, copies = team
    before = totals(project)
    dry = merge_projects(project, list(copies.values()), dry_run=True)
    assert totals(project) == before
    real = merge_projects(project, list(copies.values()))
    assert [(r.annotations_added, r.relations_added, r.statuses_updated) for r in dry] == [
        (r.annotations_added, r.relations_added, r.statuses_updated) for r in real
    ]
    assert totals(project) != before


# ---------------------------------------------------------------- missing documents


def test_documents_missing_from_the_project_are_reported_not_added(tmp_path):
    with (
        make_project(tmp_path / "main.sqlite", [article(i) for i in range(3)]) as project,
        make_project(
            tmp_path / "other.sqlite", [article(1), "نص لا يوجد في المشروع", article(2)]
        ) as other,
    ):
        for doc_id in other.document_ids():
            text = other.document_text(doc_id)
            other.add_annotation(doc_id, "bob", "CLAIM", 0, len(text))
        (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
        assert report.missing_documents == ["doc-01"]
        assert report.annotations_added == 2
        assert project.count_documents() == 3
        for doc in project.iter_documents():
            assert len(project.annotations(doc.id, "bob")) == (doc.text != article(0))


# ---------------------------------------------------------------- conflicts


@pytest.fixture
def alice_started(tmp_path: Path):
    """Alice annotated document 0 in the project before the split; her copy has that work."""
    project = make_project(tmp_path / "main.sqlite", [article(i) for i in range(4)])
    annotate(project, project.document_ids()[0], "alice", done=False)
    assign_documents(project, tmp_path / "team", ["alice"], 1.0, seed=1)
    yield project, tmp_path / "team" / "alice.sqlite"
    project.close()


def test_continued_work_on_a_copy_merges_without_conflict(alice_started):
    project, copy_path = alice_started
    doc_id = project.document_ids()[0]
    with Project.open(copy_path) as copy:
        copy_id = copy.document_id_by_sha(project.document(doc_id).sha256)
        copy.add_annotation(copy_id, "alice", "ACTOR", 2, 5, attributes={"kind": "other"})
        copy.set_status(copy_id, "alice", "done")
    (report,) = merge_projects(project, [copy_path])
    assert report.conflicts == []
    assert (report.annotations_added, report.statuses_updated) == (1, 1)
    assert len(project.annotations(doc_id, "alice")) == 4
    assert project.status(doc_id, "alice") == "done"


@pytest.mark.parametrize("change", ["relabel", "attributes", "delete", "delete relation"])
def test_a_different_set_is_a_conflict_and_nothing_is_overwritten(alice_started, change):
    project, copy_path = alice_started
    doc_id, other_doc = project.document_ids()[:2]
    before = work(project, "alice")
    with Project.open(copy_path) as copy:
        doc_id, other_doc = (
            copy.document_id_by_sha(project.document(d).sha256) for d in (doc_id, other_doc)
        )
        actor = next(a for a in copy.annotations(doc_id, "alice") if a.label == "ACTOR")
        if change == "relabel":  # as the workbench does: unfit relations go with it
            for relation in copy.relations_broken_by(actor.uuid, "CLAIM"):
                copy.delete_relation(relation.uuid)
            copy.update_annotation(actor.uuid, label="CLAIM")
        elif change == "attributes":
            copy.update_annotation(actor.uuid, attributes={"kind": "state"})
        elif change == "delete":
            copy.delete_annotation(actor.uuid)
        else:
            copy.delete_relation(copy.relations(doc_id, "alice")[0].uuid)
        copy.add_annotation(doc_id, "alice", "ACTOR", 2, 5)
        copy.set_status(doc_id, "alice", "done")
        annotate(copy, other_doc, "alice", done=True)
    (report,) = merge_projects(project, [copy_path])
    assert [(c.annotator, c.document) for c in report.conflicts] == [("alice", "doc-00")]
    after = work(project, "alice")
    assert after[project.document(doc_id).sha256] == before[project.document(doc_id).sha256]
    assert project.status(doc_id, "alice") == "in progress"
    assert project.status(other_doc, "alice") == "done"  # the rest of the file still merged
    assert report.annotations_added == 3


def test_cli_merge_reports_conflicts_and_missing_documents(alice_started, tmp_path, capsys):
    project, copy_path = alice_started
    doc_id = project.document_ids()[0]
    with Project.open(copy_path) as copy:
        copy.delete_annotation(copy.annotations(doc_id, "alice")[0].uuid)
    with make_project(tmp_path / "stray.sqlite", ["مقال آخر"]) as stray:
        stray.set_status(stray.document_ids()[0], "carol", "done")
    assert main(["merge", str(project.path), str(copy_path), str(tmp_path / "stray.sqlite")]) == 0
    out = capsys.readouterr().out
    header, alice_row, stray_row = out.splitlines()[:3]
    assert header.split()[:3] == ["file", "annotations", "relations"]
    assert alice_row.split()[1:] == ["0", "0", "0", "0", "1"]
    assert stray_row.split()[1:] == ["0", "0", "0", "1", "0"]
    assert "conflict: alice on doc-00" in out
    assert "missing from project: doc-00" in out


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        (None, "done", "done"),
        ("in progress", "done", "done"),
        ("done", "in progress", "done"),
        ("done", "new", "done"),
        (None, "in progress", "in progress"),
        ("new", "done", "done"),
    ],
)
def test_status_only_moves_forward(tmp_path, ours, theirs, expected):
    texts = [article(0)]
    with (
        make_project(tmp_path / "main.sqlite", texts) as project,
        make_project(tmp_path / "other.sqlite", texts) as other,
    ):
        if ours is not None:
            project.set_status(1, "alice", ours)
        other.set_status(1, "alice", theirs)
        other.set_status(1, "bob", "done")  # a unit that makes the file worth merging
        (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
        assert project.status(1, "alice") == expected
        assert report.statuses_updated == 1 + (expected != (ours or "new"))


# ---------------------------------------------------------------- schema


def test_unknown_labels_and_relation_types_are_added(tmp_path):
    texts = [article(0)]
    with (
        make_project(tmp_path / "main.sqlite", texts) as project,
        make_project(tmp_path / "other.sqlite", texts) as other,
    ):
        other.set_label(LabelDef("WEAPON", "#000000", "9"))
        text = other.document_text(1)
        weapon = other.add_annotation(1, "bob", "WEAPON", 2, 5)
        actor = other.add_annotation(
            1, "bob", "ACTOR", text.index(ACTOR), text.index(ACTOR) + len(ACTOR)
        )
        other.add_relation(1, "bob", "uses", actor.uuid, weapon.uuid)
        (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
        assert report.labels_added == ["WEAPON"]
        assert project.label("WEAPON") is not None
        assert [r.label for r in project.relations(1, "bob")] == ["uses"]


# ---------------------------------------------------------------- failures


def test_merge_refuses_the_project_itself(team):
    project, _ = team
    with pytest.raises(TeamError, match="into itself"):
        merge_projects(project, [project.path])


@pytest.mark.parametrize("kind", ["text", "sqlite", "missing", "newer"])
def test_a_bad_other_file_is_a_clear_error_and_nothing_is_written(team, tmp_path, kind):
    project, copies = team
    bad = tmp_path / "bad.sqlite"
    expected = "bad.sqlite"
    if kind == "text":
        bad.write_text("not a database", encoding="utf-8")
    elif kind == "sqlite":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t(x)")
        conn.close()
    elif kind == "newer":
        with make_project(bad, [article(0)]) as newer:
            newer.conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        expected = "bad.sqlite: written by a newer version.*Upgrade annotator to merge it"
    before = totals(project)
    with pytest.raises(ProjectError, match=expected):
        merge_projects(project, [copies["alice"], bad])
    assert totals(project) == before


def test_a_failure_while_merging_rolls_back_every_file(team, tmp_path):
    project, copies = team
    texts = [article(i) for i in range(12)]
    with make_project(tmp_path / "odd.sqlite", texts) as odd:
        # the copy's ACTOR allows a kind the project's schema does not know
        actor = odd.label("ACTOR")
        actor.attributes = [{"name": "kind", "type": "choice", "values": ["alien"]}]
        odd.set_label(actor)
        text = odd.document_text(5)
        odd.add_annotation(
            5,
            "zed",
            "ACTOR",
            text.index(ACTOR),
            text.index(ACTOR) + 3,
            attributes={"kind": "alien"},
        )
    before = totals(project)
    with pytest.raises(TeamError, match="odd.sqlite.*doc-04.*zed.*alien"):
        merge_projects(project, [copies["alice"], copies["bob"], tmp_path / "odd.sqlite"])
    assert totals(project) == before
    assert project.annotators() == []


def test_cli_merge_bad_file_exits_2_with_message(team, tmp_path, capsys):
    project, _ = team
    bad = tmp_path / "notes.sqlite"
    bad.write_text("hello", encoding="utf-8")
    assert main(["merge", str(project.path), str(bad)]) == 2
    assert "notes.sqlite: not a project file" in capsys.readouterr().err


def test_duplicate_spans_in_other_are_merged_once(tmp_path):
    texts = [article(0)]
    with (
        make_project(tmp_path / "main.sqlite", texts) as project,
        make_project(tmp_path / "other.sqlite", texts) as other,
    ):
        text = other.document_text(1)
        start = text.index(ACTOR)
        actor = other.add_annotation(1, "bob", "ACTOR", start, start + len(ACTOR))
        twin = other.add_annotation(1, "bob", "ACTOR", start, start + len(ACTOR))
        claim = other.add_annotation(1, "bob", "CLAIM", start, len(text) - 1)
        other.add_relation(1, "bob", "source", claim.uuid, twin.uuid)
        for expected in (2, 0):
            (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
            assert (report.annotations_added, report.conflicts) == (expected, [])
        assert [a.uuid for a in project.annotations(1, "bob")] == [claim.uuid, actor.uuid]
        assert [(r.head, r.tail) for r in project.relations(1, "bob")] == [(claim.uuid, actor.uuid)]


def test_a_uuid_already_used_in_the_project_gets_a_new_one(tmp_path):
    texts = [article(0), article(1)]
    with (
        make_project(tmp_path / "main.sqlite", texts) as project,
        make_project(tmp_path / "other.sqlite", texts) as other,
    ):
        project.add_annotation(2, "bob", "CLAIM", 0, 4, uuid="same-uuid")
        text = other.document_text(1)
        start = text.index(ACTOR)
        actor = other.add_annotation(
            1, "alice", "ACTOR", start, start + len(ACTOR), uuid="same-uuid"
        )
        claim = other.add_annotation(1, "alice", "CLAIM", start, len(text) - 1)
        other.add_relation(1, "alice", "source", claim.uuid, actor.uuid)
        for expected in (2, 0):
            (report,) = merge_projects(project, [tmp_path / "other.sqlite"])
            assert (report.annotations_added, report.conflicts) == (expected, [])
        assert project.annotation("same-uuid").annotator == "bob"
        merged_actor = next(a for a in project.annotations(1, "alice") if a.label == "ACTOR")
        assert merged_actor.uuid != "same-uuid" and merged_actor.text == ACTOR
        assert [(r.head, r.tail) for r in project.relations(1, "alice")] == [
            (claim.uuid, merged_actor.uuid)
        ]
