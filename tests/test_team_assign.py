"""`annotator assign`: per-annotator copies with a shared overlap set (annotator.team)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.model import DocRecord
from annotator.store import Project, sha256_text
from annotator.team import (
    TeamError,
    assign_documents,
    check_annotator_names,
    plan_assignment,
    shared_count,
)


def article(i: int) -> str:
    return f"😀 قال المتحدث باسم الدفاع المدني إن {i} أشخاص قتلوا في الغارة رقم {i}."


def make_project(path: Path, n: int = 20) -> Project:
    project = Project.create(path)
    project.add_documents(
        DocRecord(
            text=article(i),
            name=f"doc-{i:02d}",
            meta={"title": f"خبر رقم {i}", "site": "example.org"},
            source=f"feed/{i}.txt",
        )
        for i in range(n)
    )
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with make_project(tmp_path / "main.sqlite") as opened:
        yield opened


def doc_shas(path: Path) -> list[str]:
    with Project.open(path) as copy:
        return [doc.sha256 for doc in copy.iter_documents()]


# ---------------------------------------------------------------- the plan


@pytest.mark.parametrize(
    ("n", "overlap", "expected"),
    [
        (20, 0.2, 4),
        (10, 0.25, 3),
        (10, 0.35, 4),
        (7, 0.5, 4),
        (3, 0.1, 1),
        (10, 0.0, 0),
        (10, 1.0, 10),
        (0, 0.5, 0),
    ],
)
def test_shared_count_rounds_half_up_with_at_least_one(n, overlap, expected):
    assert shared_count(n, overlap) == expected


@pytest.mark.parametrize("overlap", [-0.1, 1.5, float("nan")])
def test_shared_count_rejects_fractions_outside_0_1(overlap):
    with pytest.raises(TeamError, match="between 0 and 1"):
        shared_count(10, overlap)


def test_plan_shares_overlap_and_round_robin():
    shas = [sha256_text(article(i)) for i in range(20)]
    plan = plan_assignment(shas, ["a", "b", "c"], 0.2, seed=5)
    assert len(plan.shared) == 4
    own = {who: [s for s in plan.documents[who] if s not in plan.shared] for who in "abc"}
    for who in "abc":
        assert set(plan.shared) <= set(plan.documents[who])
    sizes = sorted(len(docs) for docs in own.values())
    assert sizes == [5, 5, 6]
    everyone = [sha for docs in own.values() for sha in docs]
    assert len(everyone) == len(set(everyone)) == 16
    assert set(everyone) | set(plan.shared) == set(shas)
    for docs in plan.documents.values():  # project order kept
        assert list(docs) == [s for s in shas if s in docs]


def test_plan_is_reproducible_with_its_seed_and_differs_with_another():
    shas = [sha256_text(article(i)) for i in range(30)]
    first = plan_assignment(shas, ["a", "b"], 0.2, seed=11)
    again = plan_assignment(shas, ["a", "b"], 0.2, seed=11)
    other = plan_assignment(shas, ["a", "b"], 0.2, seed=12)
    assert first == again
    assert (first.shared, first.documents) != (other.shared, other.documents)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["a/b"], "file name"),
        ([".hidden"], "file name"),
        (["Ann", "ann"], "same file name"),
        (["nul"], "reserved"),
        ([], "at least one"),
        (["a", " "], "at least one"),
    ],
)
def test_unusable_annotator_names_are_refused(names, message):
    with pytest.raises(TeamError, match=message):
        check_annotator_names(names)


# ---------------------------------------------------------------- the copies


def test_assign_writes_valid_copies_with_schema_documents_and_manifest(project, tmp_path):
    out = tmp_path / "team"
    result = assign_documents(project, out, ["alice", "bob", "carol"], 0.2, seed=3)
    assert sorted(p.name for p in out.iterdir()) == [
        "alice.sqlite",
        "assignment.json",
        "bob.sqlite",
        "carol.sqlite",
    ]
    originals = {doc.sha256: doc for doc in project.iter_documents()}
    manifest = json.loads((out / "assignment.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 3
    assert manifest["overlap"] == 0.2
    assert manifest["shared"] == list(result.assignment.shared)
    assigned: set[str] = set()
    for who in ("alice", "bob", "carol"):
        with Project.open(out / f"{who}.sqlite") as copy:
            assert copy.label_schema() == project.label_schema()
            assert copy.meta()["assigned_to"] == who
            assert copy.annotators() == [who]
            docs = list(copy.iter_documents())
            assert [d.sha256 for d in docs] == manifest["assignments"][who]
            for doc in docs:
                original = originals[doc.sha256]
                assert sha256_text(doc.text) == doc.sha256
                assert (doc.name, doc.title, doc.meta, doc.text, doc.source) == (
                    original.name,
                    original.title,
                    original.meta,
                    original.text,
                    original.source,
                )
            assert copy.search("المتحدث", limit=None)  # search index built
            assigned |= {d.sha256 for d in docs}
    assert assigned == set(originals)
    assert {manifest["document_names"][sha] for sha in originals} == {
        d.name for d in originals.values()
    }
    assert result.rows() == [("alice", 4 + 6, 4, 0), ("bob", 4 + 5, 4, 0), ("carol", 4 + 5, 4, 0)]


def test_same_seed_same_copies_and_unseeded_run_records_a_reusable_seed(project, tmp_path):
    assign_documents(project, tmp_path / "one", ["a", "b"], 0.3, seed=42)
    assign_documents(project, tmp_path / "two", ["a", "b"], 0.3, seed=42)
    for who in ("a", "b"):
        assert doc_shas(tmp_path / "one" / f"{who}.sqlite") == doc_shas(
            tmp_path / "two" / f"{who}.sqlite"
        )
    drawn = assign_documents(project, tmp_path / "three", ["a", "b"], 0.3)
    seed = json.loads((tmp_path / "three" / "assignment.json").read_text())["seed"]
    assert seed == drawn.assignment.seed
    replay = assign_documents(project, tmp_path / "four", ["a", "b"], 0.3, seed=seed)
    assert replay.assignment.documents == drawn.assignment.documents


def test_own_annotations_are_copied_and_others_are_not(project, tmp_path):
    doc_id = project.document_ids()[0]
    text = project.document_text(doc_id)
    start = text.index("المتحدث")
    actor = project.add_annotation(
        doc_id, "alice", "ACTOR", start, start + len("المتحدث"), attributes={"kind": "person"}
    )
    claim = project.add_annotation(doc_id, "alice", "CLAIM", start, len(text) - 1)
    link = project.add_relation(doc_id, "alice", "source", claim.uuid, actor.uuid)
    project.set_status(doc_id, "alice", "done")
    project.add_annotation(doc_id, "bob", "ACTOR", start, start + 7)

    result = assign_documents(project, tmp_path / "team", ["alice", "bob"], 1.0, seed=1)
    assert result.own_annotations == {"alice": 2, "bob": 1}
    with Project.open(tmp_path / "team" / "alice.sqlite") as copy:
        copy_id = copy.document_id_by_sha(project.document(doc_id).sha256)
        got = copy.annotations(copy_id)
        assert {(a.uuid, a.annotator, a.label, a.start, a.end, a.text) for a in got} == {
            (a.uuid, "alice", a.label, a.start, a.end, a.text) for a in (actor, claim)
        }
        assert copy.annotation(actor.uuid).text == "المتحدث"
        assert copy.annotation(actor.uuid).attributes == {"kind": "person"}
        assert copy.annotation(actor.uuid).created_at == actor.created_at
        assert [(r.uuid, r.head, r.tail) for r in copy.relations(copy_id)] == [
            (link.uuid, claim.uuid, actor.uuid)
        ]
        assert copy.status(copy_id, "alice") == "done"
        assert copy.annotators() == ["alice"]


def test_existing_files_are_refused_unless_forced(project, tmp_path):
    out = tmp_path / "team"
    out.mkdir()
    (out / "bob.sqlite").write_bytes(b"keep me")
    with pytest.raises(TeamError, match="bob.sqlite.*--force"):
        assign_documents(project, out, ["alice", "bob"], 0.2, seed=1)
    assert sorted(p.name for p in out.iterdir()) == ["bob.sqlite"]
    assert (out / "bob.sqlite").read_bytes() == b"keep me"

    assign_documents(project, out, ["alice", "bob"], 0.2, seed=1, force=True)
    with Project.open(out / "bob.sqlite") as copy:
        assert copy.count_documents() > 0
    assert sorted(p.name for p in out.iterdir()) == [
        "alice.sqlite",
        "assignment.json",
        "bob.sqlite",
    ]


def test_assign_refuses_to_replace_the_project_itself(tmp_path):
    with make_project(tmp_path / "alice.sqlite", n=3) as project:
        with pytest.raises(TeamError, match="project being assigned"):
            assign_documents(project, tmp_path, ["alice"], 0.0, seed=1, force=True)
        assert project.count_documents() == 3


def test_assign_refuses_an_empty_project(tmp_path):
    with Project.create(tmp_path / "empty.sqlite") as project:
        with pytest.raises(TeamError, match="no documents"):
            assign_documents(project, tmp_path / "team", ["a"], 0.5, seed=1)
    assert not (tmp_path / "team").exists()


# ---------------------------------------------------------------- CLI


def test_cli_assign_prints_the_table_and_refuses_to_overwrite(project, tmp_path, capsys):
    out = tmp_path / "team"
    args = [
        "assign",
        str(project.path),
        "--annotators",
        "alice,bob",
        "--overlap",
        "0.25",
        "--out",
        str(out),
        "--seed",
        "9",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["annotator", "documents", "shared", "own", "annotations"]
    assert lines[1].split() == ["alice", "13", "5", "0"]
    assert lines[2].split() == ["bob", "12", "5", "0"]
    assert "seed 9" in lines[3]

    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_cli_assign_rejects_bad_overlap(project, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(
            [
                "assign",
                str(project.path),
                "--annotators",
                "a",
                "--overlap",
                "2",
                "--out",
                str(tmp_path / "x"),
            ]
        )
    assert "between 0 and 1" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_copies_keep_a_corpus_own_tokens(tmp_path):
    """An annotator's copy of an imported tokenized corpus is measured and exported on the
    corpus's tokens, not re-tokenized."""
    from annotator.importing import import_annotated
    from annotator.model import Tokenization

    source = tmp_path / "corpus.conll"
    source.write_text(
        "\n\n".join(f"# doc_id = d{i}\nشمال-غرب B-LOC\n{i} O" for i in range(4)), encoding="utf-8"
    )
    project = Project.create(tmp_path / "main.sqlite")
    try:
        import_annotated(project, [source], "conll", annotator="amal")
        own = project.own_tokens(project.document_ids())
        assign_documents(project, tmp_path / "team", ["alice", "bob"], 1.0, seed=1)
    finally:
        project.close()
    assert len(own) == 4
    with Project.open(tmp_path / "team" / "alice.sqlite") as copy:
        ids = copy.document_ids()
        kept = copy.own_tokens(ids)
        assert len(kept) == 4
        by_text = {copy.document_text(i): kept[i] for i in ids}
        assert all(t == Tokenization([0, 9], [8, 10], [0], "IOB2") for t in by_text.values())
