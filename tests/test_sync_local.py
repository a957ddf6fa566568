"""The local side of team sync (store/sync_local.py, schema v7), without a server: triggers
fill the outbox from every write path, a push clears only an unchanged outbox row, a pull
replaces a unit exactly, and copies, recovery and checks know the sync tables."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from annotator.model import DocRecord, SpanRecord
from annotator.rules import DONE, GOLD, LabelDef
from annotator.store import sync_local
from annotator.store.curation import Decision, write_decision
from annotator.store.project import Project
from annotator.store.units import UnitAnnotation, UnitContent, UnitNote, UnitRelation
from annotator.sync import unit_digest

TEXT = "قال الوزير إن الحكومة ستفعل 😀 ذلك"
OTHER = "نص آخر عن القصف في المدينة"
URL = "postgresql://ali:secret@db.example.org:5432/team"


def _project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p.sqlite")
    project.add_documents([DocRecord(text=TEXT, name="one"), DocRecord(text=OTHER, name="two")])
    return project


def _outbox(project: Project) -> dict[tuple[int, str], int]:
    return {(e.document_id, e.annotator): e.seq for e in sync_local.outbox(project)}


def test_a_new_project_has_the_sync_tables_and_no_triggers(tmp_path):
    with _project(tmp_path) as project:
        tables = {n for (n,) in project.conn.execute("SELECT name FROM sqlite_master")}
        assert {"sync_units", "sync_outbox"} <= tables
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        assert sync_local.trigger_names(project) == []
        assert sync_local.pending_count(project) == 0
        assert sync_local.settings(project) is None


def test_enable_keeps_the_url_without_its_password_and_a_machine_id(tmp_path):
    with _project(tmp_path) as project:
        settings = sync_local.enable(project, url=URL, member="ali", role="annotator")
        assert settings.url == "postgresql://ali@db.example.org:5432/team"
        assert "secret" not in str(project.meta())
        assert len(settings.machine) == 16 and settings.member == "ali"
        again = sync_local.enable(project, url=URL, member="ali", role="annotator")
        assert again.machine == settings.machine  # one id per local file


def test_every_write_path_marks_its_unit(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="lead")
        span = project.add_annotation(1, "ali", "ACTOR", 0, 3)
        assert _outbox(project) == {(1, "ali"): 2}  # the span, and its status (in progress)
        project.add_note(2, "ali", "a note")
        project.add_doc_time(2, "mona", 4.0)
        project.set_status(2, "sara", DONE)
        assert set(_outbox(project)) == {(1, "ali"), (2, "ali"), (2, "mona"), (2, "sara")}
        before = _outbox(project)[(1, "ali")]
        project.update_annotation(span.uuid, label="CLAIM")
        assert _outbox(project)[(1, "ali")] == before + 1
        project.delete_annotation(span.uuid)
        assert _outbox(project)[(1, "ali")] == before + 2
        # an import marks the units it writes
        project.import_records(
            [DocRecord(text=TEXT, name="one", spans=[SpanRecord(0, 3, "ACTOR")])], "huda"
        )
        assert (1, "huda") in _outbox(project)
        # curation decisions belong to the gold unit
        kept = project.add_annotation(1, "ali", "ACTOR", 4, 10)
        with project.transaction():
            write_decision(project, Decision(kept.uuid, 1, "rejected", None, "ACTOR", 4, 10, "t"))
        assert (1, GOLD) in _outbox(project)


def test_schema_changes_raise_the_dirty_flag(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="lead", role="lead")
        settings = sync_local.settings(project)
        assert settings is not None and settings.schema_dirty == 0
        project.set_label(LabelDef("PLACE", "#123456"))
        project.set_guidelines("Mark every actor.")
        project.set_doc_attribute({"name": "topic", "type": "text"})
        settings = sync_local.settings(project)
        assert settings is not None and settings.schema_dirty == 3
        assert not sync_local.clear_flag(project, sync_local.SCHEMA_DIRTY_KEY, 2)  # changed
        assert sync_local.clear_flag(project, sync_local.SCHEMA_DIRTY_KEY, 3)
        project.add_annotation(1, "ali", "ACTOR", 0, 3)  # not a schema change
        settings = sync_local.settings(project)
        assert settings is not None and settings.schema_dirty == 0


def test_pending_counts_only_what_this_project_sends(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="lina", role="lead")
        project.add_annotation(1, "ali", "ACTOR", 0, 3)  # someone else's unit
        assert sync_local.pending_count(project) == 0 and len(sync_local.outbox(project)) == 1
        project.add_annotation(1, "lina", "ACTOR", 0, 3)
        project.add_annotation(2, GOLD, "ACTOR", 0, 2)
        assert sync_local.pending_count(project) == 2


def test_a_push_clears_the_outbox_row_only_if_nothing_changed_meanwhile(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        (entry,) = sync_local.outbox(project)
        project.add_annotation(1, "ali", "CLAIM", 4, 10)  # an edit while the sync runs
        pushed = sync_local.read_unit(project, 1, "ali")
        assert not sync_local.mark_synced(project, 1, "ali", entry.seq, 7, pushed)
        assert sync_local.pending_count(project) == 1
        assert sync_local.base(project, 1, "ali") == (7, unit_digest(pushed))
        assert sync_local.base_content(project, 1, "ali") == pushed
        (entry,) = sync_local.outbox(project)
        assert sync_local.mark_synced(project, 1, "ali", entry.seq, 8, UnitContent())
        assert sync_local.pending_count(project) == 0
        assert sync_local.base_content(project, 1, "ali") == UnitContent()


def _content() -> UnitContent:
    return UnitContent(
        status=DONE,
        seconds=12.5,
        annotations=(
            UnitAnnotation("u1", "ACTOR", 0, 3, "قال", {}, (), None, "t1", "t1"),
            UnitAnnotation("u2", "ACTOR", 4, 10, "الوزير", {}, (), None, "t2", "t3"),
        ),
        relations=(UnitRelation("r1", "source", "u1", "u2", "t4"),),
        notes=(
            UnitNote("n1", None, "on the document", True, "t5", "t6"),
            UnitNote("n2", "u2", "on a span", False, "t7", "t7"),
        ),
    )


def test_replace_unit_writes_the_content_exactly_and_clears_the_outbox(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="lead", role="lead")
        old = project.add_annotation(1, "ali", "CLAIM", 11, 13)
        project.add_annotation(1, "mona", "ACTOR", 0, 3)
        content = _content()
        project.set_relation_type(project.relation_types()[0])  # the default `source`
        seq = sync_local.outbox_seq(project, 1, "ali")
        assert seq is not None
        stale = sync_local.replace_unit(project, 1, "ali", content, 42, seq=seq - 1)
        assert stale is None  # changed here since: nothing written, still pending
        assert [a.uuid for a in project.annotations(1, "ali")] == [old.uuid]
        replaced = sync_local.replace_unit(project, 1, "ali", content, 42, seq=seq)
        assert replaced == (0, 0, content.sorted(), 0, 0) and replaced.complete
        read = sync_local.read_unit(project, 1, "ali")
        assert read == content.sorted()
        assert unit_digest(read) == unit_digest(content)
        assert old.uuid not in {a.uuid for a in project.annotations(1)}
        assert (1, "ali") not in _outbox(project) and (1, "mona") in _outbox(project)
        assert sync_local.base(project, 1, "ali") == (42, unit_digest(content))
        assert sync_local.base_content(project, 1, "ali") == content.sorted()
        # a second pull of the same content changes nothing, others' notes on a kept span stay
        project.add_note(1, "lead", "lead's note", annotation_uuid="u2")
        sync_local.replace_unit(project, 1, "ali", content, 43)
        assert [n.text for n in project.notes(1, author="lead")] == ["lead's note"]
        # an empty unit removes everything of it
        emptied = sync_local.replace_unit(project, 1, "ali", UnitContent(), 44)
        assert sync_local.read_unit(project, 1, "ali") == UnitContent()
        # its span is gone: the lead's note stays, a document note saying which span it was on
        assert emptied is not None and emptied.detached_notes == 1
        (note,) = project.notes(1, author="lead")
        assert note.annotation_uuid is None and note.text.startswith("[on ali's ")
        assert note.text.endswith("lead's note")


def test_replace_unit_is_one_transaction(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        before = sync_local.read_unit(project, 1, "ali")
        broken = _content()._replace(status="not a status")
        seq = sync_local.outbox_seq(project, 1, "ali")
        with pytest.raises(sqlite3.IntegrityError):
            sync_local.replace_unit(project, 1, "ali", broken, 5, seq=seq)
        assert sync_local.read_unit(project, 1, "ali") == before
        assert (1, "ali") in _outbox(project) and sync_local.base(project, 1, "ali") is None


def test_replace_label_schema_keeps_labels_in_use(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        project.add_annotation(1, "ali", "CASUALTY", 0, 3)
        spec = {"labels": [{"name": "PLACE", "colour": "#112233"}], "guidelines": "Places."}
        assert sync_local.replace_label_schema(project, spec, 9, dirty_seen=1) is None
        assert project.label("PLACE") is None  # the flag was not what was seen: unchanged
        kept = sync_local.replace_label_schema(project, spec, 9, dirty_seen=0)
        assert kept == ["CASUALTY"]
        assert [label.name for label in project.labels()] == ["PLACE", "CASUALTY"]
        assert project.guidelines() == "Places."
        settings = sync_local.settings(project)
        assert settings is not None
        assert settings.schema_version == 9 and settings.schema_dirty == 0


def test_a_joined_project_passes_the_check_and_assign_copies_carry_no_sync_state(tmp_path):
    from annotator.store.health import check_project
    from annotator.team import assign_documents

    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="lead", role="lead", all_dirty=True)
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        assert check_project(project).ok
        result = assign_documents(project, tmp_path / "out", ["ali"], 0.0, seed=1)
    with Project.open(result.paths["ali"]) as copy:
        assert sync_local.settings(copy) is None
        assert sync_local.trigger_names(copy) == []
        assert sync_local.pending_count(copy) == 0


def test_recovering_a_joined_project_keeps_it_joined_with_every_unit_pending(tmp_path):
    from annotator.store.recover import recover

    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        (entry,) = sync_local.outbox(project)
        sync_local.mark_synced(project, 1, "ali", entry.seq, 3, UnitContent())
        sync_local.finish_sync(project, "1000")
        project.set_status(2, "ali", DONE)
        path = project.path
    out = tmp_path / "recovered.sqlite"
    recover(path, out)
    with Project.open(out) as recovered:
        settings = sync_local.settings(recovered)
        assert settings is not None and settings.member == "ali"
        assert settings.cursor is None  # the next sync looks at everything on the server
        assert set(_outbox(recovered)) == {(1, "ali"), (2, "ali")}
        assert sync_local.trigger_names(recovered)
        recovered.add_annotation(2, "ali", "ACTOR", 0, 2)
        assert _outbox(recovered)[(2, "ali")] > 1
    with closing(sqlite3.connect(out)) as conn:
        assert conn.execute("SELECT count(*) FROM sync_units").fetchone()[0] == 0


def test_the_check_names_missing_sync_triggers(tmp_path):
    from annotator.store.health import check_project

    with _project(tmp_path) as project:
        assert check_project(project).ok  # not joined: no triggers needed
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        assert sync_local.trigger_names(project) == sync_local.expected_triggers()
        assert check_project(project).ok
        project.conn.execute("DROP TRIGGER sync_annotations_insert")
        (problem,) = check_project(project).problems
        assert problem.kind == "sync" and "sync_annotations_insert" in problem.message


def test_a_note_on_a_span_not_held_is_left_out_and_the_base_is_what_was_stored(tmp_path):
    """The base recorded by a pull is the unit as stored here: a note on a span this file
    lacks is not in it (so a later push does not take the note off the server)."""
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="lead", role="lead")
        on_missing = UnitNote("n9", "not-here", "on someone's span", False, "t", "t")
        content = UnitContent(notes=(UnitNote("n1", None, "a note", False, "t", "t"), on_missing))
        replaced = sync_local.replace_unit(project, 1, "lead", content, 5)
        assert replaced is not None and not replaced.complete and replaced.skipped_notes == 1
        stored = content._replace(notes=content.notes[:1])
        assert replaced.stored == stored == sync_local.read_unit(project, 1, "lead")
        assert sync_local.base(project, 1, "lead") == (5, unit_digest(stored))
        assert sync_local.base_content(project, 1, "lead") == stored


def test_a_push_in_flight_is_kept_until_the_base_is_written(tmp_path):
    with _project(tmp_path) as project:
        sync_local.enable(project, url=URL, member="ali", role="annotator")
        project.add_annotation(1, "ali", "ACTOR", 0, 3)
        content = sync_local.read_unit(project, 1, "ali")
        assert sync_local.sent(project, 1, "ali") is None
        sync_local.record_sent(project, 1, "ali", "sent-digest", content)
        assert sync_local.sent(project, 1, "ali") == ("sent-digest", content)
        sync_local.mark_synced(project, 1, "ali", None, 4, content)
        assert sync_local.sent(project, 1, "ali") is None
