"""Document labels: definitions, values per annotator, the CLI, exports and imports (JSONL, HF,
CoNLL), team copies and merge, recover and check."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import NotFoundError, SchemaError
from annotator.importing import import_annotated
from annotator.model import DocRecord
from annotator.rules import DONE, doc_attribute_definition, doc_label_value
from annotator.store import Project
from annotator.store.health import check_project
from annotator.store.recover import recover
from annotator.team import assign_documents, merge_projects

EVENT = {"name": "event", "type": "choice", "values": ["attack", "protest", "other"]}
DEATHS = {"name": "deaths", "type": "integer"}
CASUALTIES = {"name": "casualties", "type": "count"}
SUMMARY = {"name": "summary", "type": "text", "description": "one line"}
TEXTS = ["قتل خمسة في غارة على المدينة", "تظاهر آلاف في الساحة", "😀 قال الوزير إن الوضع هادئ"]


def make(path: Path) -> Project:
    project = Project.create(path)
    for definition in (EVENT, DEATHS, CASUALTIES, SUMMARY):
        project.set_doc_attribute(definition)
    project.add_documents([DocRecord(text=t, name=f"d{i}") for i, t in enumerate(TEXTS)])
    return project


@pytest.fixture
def project(tmp_path):
    with make(tmp_path / "p.sqlite") as project:
        yield project


# ------------------------------------------------------------------ rules and store


def test_definitions_are_checked_in_rules():
    assert doc_attribute_definition(dict(EVENT)) == EVENT
    assert doc_attribute_definition({"name": "n", "type": "integer", "default": 3})["default"] == 3
    for bad in (
        {"name": "", "type": "text"},
        {"name": "e", "type": "choice"},  # no values
        {"name": "e", "type": "choice", "values": ["a", "a"]},
        {"name": "e", "type": "colour"},
        {"name": "e", "type": "integer", "default": "many"},
        ["not", "a", "dict"],
    ):
        with pytest.raises(SchemaError):
            doc_attribute_definition(bad)
    assert doc_label_value(CASUALTIES, "10-15") == [10, 15]
    assert doc_label_value(SUMMARY, "  ") is None
    with pytest.raises(SchemaError, match="must be a text"):
        doc_label_value(SUMMARY, 3)
    with pytest.raises(SchemaError, match="must be an integer"):
        doc_label_value(DEATHS, "3")


def test_values_are_per_annotator_checked_and_ordered(project):
    assert project.doc_attributes() == [EVENT, DEATHS, CASUALTIES, SUMMARY]
    assert project.set_doc_label(1, "mona", "deaths", 5) is None
    assert project.set_doc_label(1, "mona", "event", "attack") is None
    assert project.set_doc_label(1, "mona", "event", "protest") == "attack"  # the old value
    project.set_doc_label(1, "ali", "event", "other")
    assert project.doc_labels(1, "mona") == {"event": "protest", "deaths": 5}  # schema order
    assert project.doc_labels(1, "ali") == {"event": "other"}  # each sees only their own
    assert project.status(1, "mona") == "in progress"  # a first value starts the document
    with pytest.raises(SchemaError, match="must be one of"):
        project.set_doc_label(1, "mona", "event", "war")
    with pytest.raises(NotFoundError):
        project.set_doc_label(1, "mona", "stance", "pro")
    assert project.set_doc_label(1, "mona", "deaths", None) == 5  # None removes it
    assert project.doc_labels(1, "mona") == {"event": "protest"}
    assert project.history(1)[0].action == "set document label"
    assert project.history(1)[0].detail == {"name": "deaths", "value": None}


def test_a_definition_that_values_would_no_longer_fit_is_refused(project):
    project.set_doc_label(2, "mona", "event", "protest")
    with pytest.raises(SchemaError, match="no longer fit"):
        project.set_doc_attribute({"name": "event", "type": "choice", "values": ["attack"]})
    project.set_doc_attribute({**EVENT, "values": ["attack", "protest", "other", "riot"]})
    assert [d["name"] for d in project.doc_attributes()][0] == "event"  # keeps its place
    with pytest.raises(SchemaError, match="has 1 value"):
        project.delete_doc_attribute("event")
    project.delete_doc_attribute("summary")
    assert [d["name"] for d in project.doc_attributes()] == ["event", "deaths", "casualties"]


# ------------------------------------------------------------------ CLI


def test_cli_adds_dumps_loads_and_deletes_document_attributes(tmp_path, capsys):
    path = tmp_path / "c.sqlite"
    Project.create(path).close()
    argv = ["labels", str(path), "--add-doc-attribute", "stance", "--values", "pro,against"]
    assert main([*argv, "--description", "the article's stance"]) == 0
    assert "document stance (pro|against)" in capsys.readouterr().out
    assert main(["labels", str(path), "--add-doc-attribute", "n", "--type", "choice"]) == 2
    assert "a choice needs values" in capsys.readouterr().err
    assert main(["labels", str(path), "--json"]) == 0
    spec = json.loads(capsys.readouterr().out)
    assert spec["document_attributes"] == [
        {
            "name": "stance",
            "type": "choice",
            "values": ["pro", "against"],
            "description": "the article's stance",
        }
    ]
    spec["document_attributes"].append({"name": "deaths", "type": "integer"})
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(spec), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    Project.create(other).close()
    assert main(["labels", str(other), "--load", str(schema)]) == 0
    with Project.open(other) as project:
        assert [d["name"] for d in project.doc_attributes()] == ["stance", "deaths"]
    spec["document_attributes"].append({"name": "bad", "type": "choice", "values": []})
    schema.write_text(json.dumps(spec), encoding="utf-8")
    assert main(["labels", str(other), "--load", str(schema)]) == 2
    assert "document_attributes[2]" in capsys.readouterr().err
    assert main(["labels", str(other), "--delete-doc-attribute", "deaths"]) == 0
    with Project.open(other) as project:
        assert [d["name"] for d in project.doc_attributes()] == ["stance"]


# ------------------------------------------------------------------ exports and imports


def labelled(project: Project) -> None:
    project.set_doc_labels(1, "mona", {"event": "attack", "deaths": 5, "casualties": [5, 7]})
    project.set_doc_labels(2, "mona", {"event": "protest", "summary": "a = b\nc"})
    project.set_doc_label(3, "mona", "summary", "3")  # a text that reads as a number
    project.set_doc_label(1, "ali", "event", "other")
    project.add_annotation(1, "mona", "CASUALTY", 4, 8)
    for doc_id in (1, 2, 3):
        project.set_status(doc_id, "mona", DONE)


def exported(path: Path, out: Path, fmt: str, *who: str) -> None:
    assert main(["export", str(path), "--format", fmt, "--out", str(out), *who]) == 0


def stored_labels(path: Path, annotator: str) -> dict[str, dict]:
    with Project.open(path) as project:
        return {
            project.document(doc_id).text: labels
            for doc_id, by in project.doc_labels_by_document([annotator]).items()
            for labels in [by[annotator]]
        }


@pytest.mark.parametrize("fmt", ["jsonl", "hf", "conll"])
def test_export_and_import_round_trip(project, tmp_path, fmt, capsys):
    labelled(project)
    project.close()
    out = tmp_path / f"out.{fmt}"
    exported(project.path, out, fmt, "--annotator", "mona")
    text = out.read_text(encoding="utf-8")
    if fmt == "conll":
        assert "# doc_label: event = attack\n" in text
        assert "# doc_label: casualties = [5, 7]\n" in text
        assert '# doc_label: summary = "3"\n' in text  # quoted: it would read as a number
    else:
        first = json.loads(text.splitlines()[0])
        assert first["doc_labels"] == {"event": "attack", "deaths": 5, "casualties": [5, 7]}
    target = tmp_path / "back.sqlite"
    with make(target):
        pass
    capsys.readouterr()
    assert main(["import", str(target), str(out), "--format", fmt, "--annotator", "sara"]) == 0
    assert stored_labels(target, "sara") == stored_labels(project.path, "mona")


def test_gold_and_majority_exports_choose_their_labels(project, tmp_path):
    labelled(project)
    project.set_doc_label(1, "ali", "deaths", 5)
    project.set_status(1, "ali", DONE)
    project.set_doc_label(1, "gold", "event", "attack")
    project.set_status(1, "gold", DONE)
    project.close()
    gold = tmp_path / "gold.jsonl"
    exported(project.path, gold, "jsonl", "--gold")
    assert json.loads(gold.read_text(encoding="utf-8"))["doc_labels"] == {"event": "attack"}
    voted = tmp_path / "voted.jsonl"
    exported(project.path, voted, "jsonl", "--majority", "2", "--voters", "ali,mona")
    line = json.loads(voted.read_text(encoding="utf-8").splitlines()[0])
    assert line["doc_labels"] == {"deaths": 5}  # the event differs; the death toll is shared


def test_a_tie_is_no_agreement_in_the_majority_export_and_in_adjudication(
    project, tmp_path, capsys
):
    from annotator import adjudication
    from annotator.rules import GOLD

    project.set_doc_labels(1, "ali", {"event": "attack", "deaths": 5})
    project.set_doc_labels(1, "mona", {"event": "protest", "deaths": 5})
    for who in ("ali", "mona"):
        project.set_status(1, who, DONE)
    path = project.path
    project.close()
    voted = tmp_path / "voted.jsonl"
    exported(path, voted, "jsonl", "--majority", "1", "--voters", "ali,mona")
    line = json.loads(voted.read_text(encoding="utf-8").splitlines()[0])
    assert line["doc_labels"] == {"deaths": 5}  # attack 1, protest 1: no value for the event
    assert "1 document labels whose voters tied between values" in capsys.readouterr().out
    with Project.open(path) as opened:
        state = adjudication.open_for_review(opened, 1, ["ali", "mona"], min_agree=1)
        assert state.auto_merged_labels == {"deaths": 5}
        assert opened.doc_labels(1, GOLD) == {"deaths": 5}
        assert [r.name for r in state.unresolved_doc_labels] == ["event"]


def test_vote_doc_label_is_the_one_rule():
    from annotator.rules import DocLabelVote, vote_doc_label

    assert vote_doc_label(["pro", "pro", "con"], 2) == DocLabelVote("pro", False)
    assert vote_doc_label(["pro", "con"], 1) == DocLabelVote(None, True)  # a tie
    assert vote_doc_label(["pro", "con"], 2) == DocLabelVote(None, False)  # too few votes
    assert vote_doc_label(["pro", "pro", "con", "con", "x"], 1).tie
    assert vote_doc_label([[5, 7], [5, 7]], 2).value == [5, 7]
    assert vote_doc_label([], 1) == DocLabelVote(None, False)


def test_import_refuses_a_value_its_definition_does_not_allow(project, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "نص", "doc_labels": {"event": "war"}}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="must be one of"):
        import_annotated(project, [bad], "jsonl", annotator="sara")
    bad.write_text(json.dumps({"text": "نص", "doc_labels": {"mood": "x"}}) + "\n")
    with pytest.raises(Exception, match="no document attribute named 'mood'"):
        import_annotated(project, [bad], "jsonl", annotator="sara")
    assert project.count_documents() == len(TEXTS)  # nothing written


def test_parallel_jsonl_import_keeps_document_labels(project, tmp_path, monkeypatch):
    from annotator import importing

    monkeypatch.setattr(importing, "PARALLEL_MIN_BYTES", 1)
    path = tmp_path / "many.jsonl"
    lines = [
        {"text": f"وثيقة رقم {i}", "doc_labels": {"event": "attack", "deaths": i}}
        for i in range(300)
    ]
    path.write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    import_annotated(project, [path], "jsonl", annotator="sara", workers=2)
    found = {
        project.document(doc_id).text: labels["sara"]
        for doc_id, labels in project.doc_labels_by_document(["sara"]).items()
    }
    assert found == {line["text"]: line["doc_labels"] for line in lines}


def test_an_import_keeps_labels_the_annotator_has_already(project, tmp_path):
    project.set_doc_label(1, "sara", "event", "protest")
    path = tmp_path / "again.jsonl"
    line = {"text": TEXTS[0], "doc_labels": {"event": "attack", "deaths": 2}}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    import_annotated(project, [path], "jsonl", annotator="sara")
    assert project.doc_labels(1, "sara") == {"event": "protest", "deaths": 2}


# ------------------------------------------------------------------ team, recover, check


def test_assign_and_merge_carry_each_annotators_labels(project, tmp_path):
    labelled(project)
    result = assign_documents(project, tmp_path / "team", ["mona", "ali"], 1.0, seed=1)
    with Project.open(result.paths["mona"]) as copy:
        assert copy.doc_attributes() == project.doc_attributes()
        assert copy.doc_labels(1, "mona") == project.doc_labels(1, "mona")
        assert copy.doc_labels(1, "ali") == {}  # nothing of the others
        copy.set_doc_label(3, "mona", "event", "other")  # work done in the copy
    with Project.open(result.paths["ali"]) as copy:
        assert copy.doc_labels(1, "ali") == {"event": "other"}
    reports = merge_projects(project, [result.paths["mona"], result.paths["ali"]])
    assert [r.doc_labels_added for r in reports] == [1, 0]
    assert project.doc_labels(3, "mona") == {"summary": "3", "event": "other"}
    assert merge_projects(project, [result.paths["mona"]])[0].doc_labels_added == 0


def test_a_changed_label_is_a_merge_conflict(project, tmp_path):
    labelled(project)
    result = assign_documents(project, tmp_path / "team", ["mona"], 1.0, seed=1)
    project.set_doc_label(1, "mona", "event", "protest")  # changed in the project since
    with Project.open(result.paths["mona"]) as copy:
        copy.set_doc_label(1, "mona", "summary", "new")
    (report,) = merge_projects(project, [result.paths["mona"]])
    [conflict] = report.conflicts
    assert (conflict.changed, conflict.copy) == (1, "mona.sqlite")  # the label changed here
    assert "summary" not in project.doc_labels(1, "mona")


def test_recover_saves_labels_and_check_verifies_them(project, tmp_path):
    labelled(project)
    assert check_project(project).ok
    path = project.path
    project.close()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
            "SELECT 2, id, 'deaths', '\"many\"', 'then' FROM annotators WHERE name = 'ali'"
        )
        conn.execute(
            "INSERT INTO doc_labels(document_id, annotator_id, name, value, updated_at) "
            "SELECT 3, id, 'mood', '\"calm\"', 'then' FROM annotators WHERE name = 'ali'"
        )
    with Project.open(path) as opened:
        problems = [p.message for p in check_project(opened).problems]
    assert any("document label 'deaths': " in p and "must be an integer" in p for p in problems)
    assert any("document label 'mood': no such document attribute" in p for p in problems)
    saved = tmp_path / "saved.sqlite"
    report = recover(path, saved)
    assert report.saved["document labels"] == 7 and report.lost["document labels"] == 2
    assert report.saved["document attributes"] == 4
    with Project.open(saved) as again:
        assert again.doc_attributes() == [EVENT, DEATHS, CASUALTIES, SUMMARY]
        assert again.doc_labels(1, "mona") == {"event": "attack", "deaths": 5, "casualties": [5, 7]}
        assert again.doc_labels(2, "ali") == {}
        assert check_project(again).ok


# ------------------------------------------------------------------ adjudication


def test_adjudicate_puts_agreed_labels_into_gold_and_leaves_the_others(project, capsys):
    from annotator import adjudication
    from annotator.rules import GOLD

    for who, event, deaths in (("ali", "attack", 5), ("mona", "attack", 6), ("sara", "attack", 5)):
        project.set_doc_labels(1, who, {"event": event, "deaths": deaths})
        project.add_annotation(1, who, "CASUALTY", 4, 8)
        project.set_status(1, who, DONE)
    path = project.path
    project.close()
    assert main(["adjudicate", str(path), "--mark-done"]) == 0
    out = capsys.readouterr().out
    assert "document labels: 1 agreed value(s) put into gold; 1 left for review" in out
    assert '  d0: event = "attack"' in out
    with Project.open(path) as opened:
        assert opened.doc_labels(1, GOLD) == {"event": "attack"}  # deaths: 5, 6, 5
        assert opened.status(1, GOLD) != DONE  # the death toll is left to decide
        state = adjudication.open_for_review(opened, 1)
        assert [r.name for r in state.unresolved_doc_labels] == ["deaths"]
        (deaths,) = state.unresolved_doc_labels
        assert deaths.values == {"ali": 5, "mona": 6, "sara": 5}
        assert adjudication.set_gold_doc_label(opened, 1, "deaths", 5) is None
        state = adjudication.review_state(opened, 1)
        assert not state.unresolved_doc_labels and adjudication.mark_done_if_resolved(opened, state)
    assert main(["adjudicate", str(path), "--min-agree", "2", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["documents"]
    assert row["doc_labels_merged"] == {} and row["doc_labels_to_review"] == []


def test_reopening_a_document_keeps_what_the_curator_removed_from_gold(project):
    """Agreed labels go into gold at the first opening only (as agreed spans do): a value the
    curator removed is not put back by the next opening."""
    from annotator import adjudication
    from annotator.rules import GOLD

    for who in ("ali", "mona"):
        project.set_doc_labels(1, who, {"event": "attack", "deaths": 5})
    first = adjudication.open_for_review(project, 1, ["ali", "mona"])
    assert first.auto_merged_labels == {"event": "attack", "deaths": 5}
    assert project.doc_labels(1, GOLD) == {"event": "attack", "deaths": 5}
    assert adjudication.set_gold_doc_label(project, 1, "event", None) == "attack"
    again = adjudication.open_for_review(project, 1, ["ali", "mona"])
    assert again.auto_merged_labels == {}
    assert project.doc_labels(1, GOLD) == {"deaths": 5}
    assert [r.name for r in again.unresolved_doc_labels] == ["event"]  # the curator's to pick


def test_agreed_needs_enough_votes_and_one_winner():
    from annotator.adjudication import DocLabelReview

    review = DocLabelReview("e", EVENT, {"a": "attack", "b": "attack", "c": "protest"})
    assert review.agreed(2) == "attack" and review.agreed(3) is None
    assert DocLabelReview("e", EVENT, {"a": "attack", "b": "protest"}).agreed(1) is None  # a tie
    assert DocLabelReview("c", CASUALTIES, {"a": [5, 7], "b": [5, 7]}).agreed(2) == [5, 7]
    assert not review.resolved and DocLabelReview("e", EVENT, {}).resolved


def test_cli_doc_labels_lists_and_sets_in_one_transaction(project, capsys):
    project.set_doc_label(1, "mona", "event", "attack")
    path = project.path
    project.close()
    base = ["doc-labels", str(path)]
    assert (
        main([*base, "--gold", "--documents", "1-2", "--set", "deaths=4", "--set", "event=other"])
        == 0
    )
    assert main([*base, "--annotator", "mona", "--documents", "1", "--unset", "event"]) == 0
    assert main([*base, "--gold", "--documents", "3", "--set", "casualties=10-15"]) == 0
    capsys.readouterr()
    assert main([*base, "--gold", "--documents", "1,3", "--set", "event=war"]) == 2
    assert "document attribute event: 'war' is not one of" in capsys.readouterr().err
    assert main([*base, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["document_id"], r["annotator"], r["attribute"], r["value"]) for r in rows] == [
        (1, "gold", "event", "other"),
        (1, "gold", "deaths", 4),
        (2, "gold", "event", "other"),
        (2, "gold", "deaths", 4),
        (3, "gold", "casualties", [10, 15]),
    ]
    with pytest.raises(SystemExit):  # no --documents: a usage error
        main([*base, "--annotator", "mona", "--set", "event=attack"])
