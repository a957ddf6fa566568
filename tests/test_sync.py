"""Team sync against a real PostgreSQL (tests/pgcluster.py): round trips between a lead and
annotators, blind annotation, one person on two machines (conflicts and their resolution),
edits during a sync, kill -9 during a sync, an unreachable server, gold and schema changes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.model import DocRecord
from annotator.rules import DONE, GOLD, LabelDef
from annotator.store import sync_local
from annotator.store.pg.connect import ServerError
from annotator.store.project import Project
from annotator.store.units import UnitAnnotation, UnitContent, UnitDocLabel, UnitNote
from annotator.sync import (
    REASON_VALUES,
    ConflictItem,
    ItemKind,
    Reason,
    SyncConflict,
    SyncReason,
    SyncReport,
    describe,
    merge,
    resolve,
    sync_project,
    unit_digest,
)

TEXTS = [
    "قال الوزير إن الحكومة ستفعل ذلك غدا",
    "أعلنت الوزارة مقتل ١٢ شخصا في القصف 😀 على المدينة",
    "نفى المتحدث باسم الجيش الرواية",
]


class Team:
    """A lead's project on the server, annotators joined as members."""

    def __init__(self, database, folder: Path) -> None:
        from annotator import team_server

        self.database = database
        self.folder = folder
        self.lead = folder / "lead.sqlite"
        with Project.create(self.lead) as project:
            project.add_documents(
                [DocRecord(text=text, name=f"doc{n}") for n, text in enumerate(TEXTS, 1)]
            )
        team_server.init(self.lead, database.url, lead="lead")

    def member(self, name: str, role: str = "annotator") -> None:
        from annotator import team_server

        password = f"pw-{name}-{self.database.name}"
        team_server.add_member(
            self.lead, name, role=role, login=self.login(name), new_password=password
        )
        self.database.remember(self.login(name), password)

    def login(self, name: str) -> str:
        return f"{self.database.name}_{name}"

    def assign_all(self, *names: str) -> None:
        from annotator import team_server

        team_server.assign(self.lead, list(names), overlap=1.0, seed=1)

    def join(self, name: str, file: str | None = None) -> Path:
        from annotator import team_server

        out = self.folder / (file or f"{name}.sqlite")
        team_server.join(self.database.url_for(self.login(name)), out)
        return out


@pytest.fixture
def team(pg_database, tmp_path) -> Team:
    return Team(pg_database, tmp_path)


def _doc(project: Project, n: int) -> int:
    found = project.document_id_by_sha(_sha(n))
    assert found is not None
    return found


def _at(n: int, word: str) -> tuple[int, int]:
    start = TEXTS[n - 1].index(word)
    return start, start + len(word)


def _sha(n: int) -> str:
    from annotator.store.project import sha256_text

    return sha256_text(TEXTS[n - 1])


def _spans(path: Path, annotator: str) -> set[tuple[str, str, int, int]]:
    with Project.open(path) as project:
        return {
            (_key(project, a.document_id), a.label, a.start, a.end)
            for doc_id in project.document_ids()
            for a in project.annotations(doc_id, annotator)
        }


def _key(project: Project, document_id: int) -> str:
    return project.document(document_id).sha256[:8]


def _server_count(team: Team, table: str, member: str | None = None) -> int:
    with team.database.superuser() as conn:
        query = f"SELECT count(*) FROM annotator.{table}"
        row = conn.execute(
            query + (" WHERE member = %s" if member else ""), (member,) if member else ()
        ).fetchone()
        return int(row[0])


def test_round_trip_lead_annotator_lead(team, qtbot):
    from annotator.gui.session import NewSpan, Session

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        assert project.document_ids() and len(project.document_ids()) == 3
        session = Session(project, "ali")
        doc = _doc(project, 2)
        session.open_document(doc)
        session.add_annotations([NewSpan(doc, "CASUALTY", *_at(2, "١٢"))])
        session.set_status(doc, DONE)
        project.add_note(doc, "ali", "check the figure")
        assert sync_local.pending_count(project) == 1
    report = sync_project(ali)
    assert report.pushed == 1 and report.conflicts == [] and report.pending == 0
    lead_report = sync_project(team.lead)
    assert lead_report.pulled == 1
    with Project.open(team.lead) as project:
        doc = _doc(project, 2)
        (span,) = project.annotations(doc, "ali")
        assert (span.label, span.text) == ("CASUALTY", "١٢")
        assert project.status(doc, "ali") == DONE
        assert [n.text for n in project.notes(doc, author="ali")] == ["check the figure"]
        assert sync_local.pending_count(project) == 0
    # nothing changed since: a second sync moves nothing
    again = sync_project(ali)
    assert (again.pushed, again.pulled) == (0, 0)


def test_two_annotators_are_blind_to_each_other(team):
    team.member("ali")
    team.member("mona")
    team.assign_all("ali", "mona")
    ali, mona = team.join("ali"), team.join("mona")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    with Project.open(mona) as project:
        project.add_annotation(_doc(project, 1), "mona", "ACTOR", 11, 21)
    sync_project(ali)
    sync_project(mona)
    sync_project(ali)
    assert _spans(mona, "ali") == set() and _spans(ali, "mona") == set()
    with Project.open(mona) as project:
        assert project.annotators(role=None) == ["mona"]
    sync_project(team.lead)
    assert len(_spans(team.lead, "ali")) == 1 and len(_spans(team.lead, "mona")) == 1


def test_one_person_on_two_machines(team):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    # disjoint edits on different documents both arrive
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    with Project.open(office) as project:
        project.add_annotation(_doc(project, 3), "ali", "ACTOR", 13, 18)
    assert sync_project(home).pushed == 1
    assert sync_project(office).pushed == 1
    assert sync_project(home).pulled == 1
    assert _spans(home, "ali") == _spans(office, "ali") and len(_spans(home, "ali")) == 2
    # the same span changed on both: the second to sync gets a conflict, nothing is lost
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
    assert sync_project(home).pushed == 1
    report = sync_project(office)
    assert [(c.document, c.member) for c in report.conflicts] == [("doc2", "ali")]
    assert report.pending == 1 and report.pushed == 0
    assert _server_count(team, "conflicts", "ali") == 1
    assert ("".join(sorted(x[1] for x in _spans(office, "ali") if x[0] == _sha(2)[:8]))) == (
        "CASUALTY"
    )
    assert len(sync_project(office).conflicts) == 1  # still, and kept only once on the server
    assert _server_count(team, "conflicts", "ali") == 1
    # --keep mine sends the office's over the server's (kept in conflicts first)
    done = resolve(office, "doc2", "mine")
    assert done.units == ["ali"]
    assert _server_count(team, "conflicts", "ali") == 2
    sync_project(home)
    assert _spans(home, "ali") == _spans(office, "ali")
    labels = {x[1] for x in _spans(home, "ali") if x[0] == _sha(2)[:8]}
    assert labels == {"CASUALTY"}


def test_resolving_with_the_servers_version_takes_a_snapshot_first(team):
    from annotator.store import backups

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
    sync_project(home)
    assert len(sync_project(office).conflicts) == 1
    done = resolve(office, _sha(2), "server")
    assert done.snapshot is not None
    (shot,) = [s for s in backups.list_snapshots(office) if s.reason == backups.BEFORE_RESOLVE]
    with Project.open(shot.path) as old:
        assert {a.label for a in old.annotations(_doc(old, 2), "ali")} == {"CASUALTY"}
    assert _spans(office, "ali") == _spans(home, "ali")
    report = sync_project(office)
    assert report.conflicts == [] and report.pending == 0


def test_contained_changes_are_no_conflict(team):
    """One machine only added to what the other pushed: pushed (or pulled) without a word."""
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(home)
    sync_project(office)
    with Project.open(office) as project:  # the office adds to it
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 11, 21)
    with Project.open(home) as project:  # home only spends time on it (its base is old)
        project.add_doc_time(_doc(project, 1), "ali", 0)
    sync_project(office)
    report = sync_project(home)
    assert report.conflicts == [] and report.pending == 0
    assert len(_spans(home, "ali")) == 2


def test_an_edit_made_while_a_sync_runs_stays_pending(team, monkeypatch):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    from annotator.store.pg import remote

    real_push = remote.push_unit

    def edit_during_push(conn, sha256, member, content, digest, **kwargs):
        result = real_push(conn, sha256, member, content, digest, **kwargs)
        with Project.open(ali) as other:  # another program (the GUI) writes meanwhile
            other.add_annotation(_doc(other, 1), "ali", "CLAIM", 11, 21)
        return result

    monkeypatch.setattr(remote, "push_unit", edit_during_push)
    report = sync_project(ali)
    monkeypatch.setattr(remote, "push_unit", real_push)
    assert report.pushed == 1 and report.pending == 1
    report = sync_project(ali)
    assert report.pushed == 1 and report.pending == 0
    assert _server_count(team, "annotations", "ali") == 2


def test_an_unreachable_server_fails_clearly_and_changes_nothing(team, tmp_path):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
        url = sync_local.settings(project).url
        port = team.database.cluster.port
        sync_local.set_meta(project, {sync_local.URL_KEY: url.replace(f":{port}/", ":1/")})
        before = project.conn.execute("SELECT * FROM meta ORDER BY key").fetchall()
        outbox = sync_local.outbox(project)
    with pytest.raises(ServerError) as caught:
        sync_project(ali)
    assert caught.value.kind == "unreachable"
    assert "cannot reach the server" in str(caught.value)
    with Project.open(ali) as project:
        assert project.conn.execute("SELECT * FROM meta ORDER BY key").fetchall() == before
        assert sync_local.outbox(project) == outbox
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "sync", str(ali)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "cannot reach the server" in done.stderr


def test_gold_pushed_by_the_lead_arrives_at_the_leads_second_machine(team):
    second = team.folder / "lead2.sqlite"
    from annotator import team_server

    team_server.join(team.database.url, second)
    with Project.open(team.lead) as project:
        project.add_annotation(_doc(project, 1), GOLD, "ACTOR", 4, 10)
    assert sync_project(team.lead).pushed == 1
    assert sync_project(second).pulled == 1
    assert _spans(second, GOLD) == _spans(team.lead, GOLD) != set()


def test_a_schema_change_by_the_lead_arrives_at_the_annotators(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(team.lead) as project:
        project.set_label(LabelDef("PLACE", "#224466", description="a place"))
        project.set_guidelines("Mark places too.")
    assert sync_project(team.lead).schema == "pushed"
    report = sync_project(ali)
    assert report.schema == "pulled"
    with Project.open(ali) as project:
        assert project.label("PLACE") is not None and project.guidelines() == "Mark places too."
        project.add_annotation(_doc(project, 1), "ali", "PLACE", 11, 21)
    assert sync_project(ali).schema is None  # an annotator's copy of the schema is not sent


def test_an_annotator_cannot_push_into_someone_elses_unit(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:  # work written here under another name
        project.add_annotation(_doc(project, 1), "mona", "ACTOR", 4, 10)
    report = sync_project(ali)
    assert report.pushed == 0 and report.pending == 0  # never to be sent: not pending
    assert _server_count(team, "annotations", "mona") == 0
    with Project.open(ali) as project:
        assert [e.annotator for e in sync_local.outbox(project)] == ["mona"]  # kept, marked


def test_a_push_expecting_an_old_version_is_refused_and_writes_nothing(team):
    from annotator.store.pg import connect, remote

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
        content = sync_local.read_unit(project, _doc(project, 1), "ali")
    sync_project(ali)
    with Project.open(ali) as project:
        base = sync_local.base(project, _doc(project, 1), "ali")
    assert base is not None
    changed = content._replace(annotations=())
    with connect.connect(team.database.url_for(team.login("ali")), autocommit=True) as conn:
        stale = remote.push_unit(
            conn,
            _sha(1),
            "ali",
            changed,
            unit_digest(changed),
            expected=base.version - 1,
            machine="test",
        )
        assert stale == (False, base.version)
        assert remote.read_unit(conn, _sha(1), "ali") == content
        fresh = remote.push_unit(
            conn,
            _sha(1),
            "ali",
            changed,
            unit_digest(changed),
            expected=base.version,
            machine="test",
        )
        assert fresh.ok and fresh.version is not None and fresh.version > base.version
        assert remote.read_unit(conn, _sha(1), "ali") == changed


# ------------------------------------------------------------------ kill -9


def _sync_process(path: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", "sync", str(path)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _check(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "check", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("point", ["after_server_commit", "after_local_commit"])
def test_kill_9_between_the_server_and_the_local_commit(team, point):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        for n in (1, 2, 3):
            project.add_annotation(_doc(project, n), "ali", "ACTOR", 0, 3)
    process = _sync_process(ali, {"ANNOTATOR_SYNC_KILL_AT": f"{point}:2"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert _server_count(team, "units", "ali") == 2
    report = sync_project(ali)
    assert report.conflicts == [] and report.pending == 0
    # killed after the server's commit: the server holds the second unit, the outbox still
    # has it; the digests are equal, so it is adopted, not pushed again
    adopted = 1 if point == "after_server_commit" else 0
    assert (report.pushed, report.adopted) == (1, adopted)
    assert _server_count(team, "annotations", "ali") == 3
    assert len(_spans(ali, "ali")) == 3
    _check(ali)


def test_kill_9_at_random_moments_loses_and_doubles_nothing(team):
    """Each round adds a span to every document (and deletes one every other round), then a
    sync is killed at a random push, at a random point of it: after at least one push went
    through and before the end. The last sync leaves everything once on both sides."""
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    rng = random.Random(18)
    expected = 0
    for round_ in range(6):
        with Project.open(ali) as project:
            for n in (1, 2, 3):
                doc = _doc(project, n)
                project.add_annotation(doc, "ali", "ACTOR", round_ * 2, round_ * 2 + 1)
                expected += 1
            if round_ % 2:
                first = project.annotations(_doc(project, rng.choice((1, 2, 3))), "ali")[0]
                project.delete_annotation(first.uuid)
                expected -= 1
        point = rng.choice(["before_push", "after_server_commit", "after_local_commit"])
        at = rng.randint(2 if point == "before_push" else 1, 3)
        pushes = _server_count(team, "history", "ali")
        process = _sync_process(ali, {"ANNOTATOR_SYNC_KILL_AT": f"{point}:{at}"})
        process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL  # killed before the end
        assert _server_count(team, "history", "ali") > pushes  # after a push at least
    report = sync_project(ali)
    assert report.conflicts == [] and report.pending == 0
    assert _server_count(team, "annotations", "ali") == expected
    assert len(_spans(ali, "ali")) == expected
    sync_project(team.lead)
    assert len(_spans(team.lead, "ali")) == expected
    _check(ali)


# ------------------------------------------------------------------ the rule


def test_merge_takes_each_items_changed_side_and_finds_conflicts():
    from annotator.rules import IN_PROGRESS, NEW

    span = UnitAnnotation("u1", "ACTOR", 0, 3, "قال", {}, (), None, "t", "t")
    moved = span._replace(end=4)
    other = span._replace(uuid="u2", start=4, end=10)
    note = UnitNote("n1", "u1", "check", False, "t", "t")
    label = UnitDocLabel("event", "attack", "t")
    base = UnitContent(
        status=DONE, seconds=5, annotations=(span,), notes=(note,), doc_labels=(label,)
    )
    # deleted here, a span added there, the status reset and the label removed there
    local = base._replace(annotations=(), notes=(), seconds=9)
    server = base._replace(annotations=(span, other), status=NEW, doc_labels=(), seconds=7)
    merged = merge(base, local, server)
    assert merged.conflicts == ()
    assert merged.content == UnitContent(status=NEW, seconds=9, annotations=(other,))
    # the same change on both sides: no conflict
    same = base._replace(annotations=(moved,))
    assert merge(base, same, same) == (same, (), ())
    # changed differently on both: a conflict, the local item kept
    gone = base._replace(annotations=(), notes=())
    clash = merge(base, base._replace(annotations=(moved,)), gone)
    assert clash.conflicts == (ConflictItem(ItemKind.ANNOTATION, "u1"),)
    assert clash.content.annotations == (moved,)
    # a note added here on a span deleted there: a conflict
    added = note._replace(uuid="n2")
    dangling = merge(base, base._replace(notes=(note, added)), gone)
    assert dangling.conflicts == (ConflictItem(ItemKind.NOTE, "n2", on_deleted_span=True),)
    # the status moved differently on both sides: the furthest along, and said
    both = merge(base._replace(status=NEW), base._replace(status=IN_PROGRESS), base)
    assert both.content.status == DONE and both.conflicts == ()
    settled = SyncReason(Reason.STATUS_SETTLED, here=IN_PROGRESS, there=DONE, kept=DONE)
    assert both.notes == (settled,)
    reset = merge(base._replace(status=IN_PROGRESS), base._replace(status=NEW), base)
    assert reset.content.status == DONE
    assert reset.notes == (settled._replace(here=NEW),)
    # a document label set to the same value on both sides (at different times): the later
    early, late = (
        label._replace(value="raid", updated_at="t1"),
        label._replace(value="raid", updated_at="t2"),
    )
    alike = merge(base, base._replace(doc_labels=(late,)), base._replace(doc_labels=(early,)))
    assert alike.conflicts == () and alike.content.doc_labels == (late,)
    # touched again with its value unchanged here, changed there: the change
    touched = merge(
        base,
        base._replace(doc_labels=(label._replace(updated_at="t3"),)),
        base._replace(doc_labels=(early,)),
    )
    assert touched.conflicts == () and touched.content.doc_labels == (early,)
    differ = merge(
        base,
        base._replace(doc_labels=(early,)),
        base._replace(doc_labels=(label._replace(value="x"),)),
    )
    assert differ.conflicts == (ConflictItem(ItemKind.DOC_LABEL, "event"),)
    # no base (never synced): what each side holds, a difference in the same item conflicts
    assert merge(UnitContent(), UnitContent(annotations=(span,)), UnitContent()).content == (
        UnitContent(annotations=(span,))
    )
    assert unit_digest(base) != unit_digest(base._replace(annotations=(moved,)))
    # the digest does not depend on the order items are held in
    assert unit_digest(UnitContent(annotations=(span, other))) == unit_digest(
        UnitContent(annotations=(other, span))
    )


def test_documents_a_lead_adds_later_reach_the_server_and_the_leads_other_machine(team):
    from annotator import team_server

    second = team.folder / "lead2.sqlite"
    team_server.join(team.database.url, second)
    with Project.open(team.lead) as project:
        project.add_documents([DocRecord(text="وثيقة جديدة عن الانتخابات", name="doc4")])
    report = sync_project(team.lead)
    assert report.documents_pushed == 1
    assert sync_project(team.lead).documents_pushed == 0  # once
    report = sync_project(second)
    assert report.documents_added == 1
    with Project.open(second) as project:
        assert project.count_documents() == 4
        assert sync_local.settings(project).documents_dirty == 0  # pulled, not new here


def test_an_annotators_own_document_stays_here_and_does_not_stop_the_sync(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        (own,) = project.add_documents([DocRecord(text="نص خاص بي", name="mine")]).added
        project.add_annotation(own, "ali", "ACTOR", 0, 2)
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    report = sync_project(ali)
    assert report.pushed == 1 and report.pending == 1 and report.conflicts == []
    assert SyncReason(Reason.NOT_ON_SERVER, number=1) in report.notes


def test_rejected_suggestions_travel_with_their_member(team):
    from annotator.store import team as store_team
    from annotator.store.suggestions import Rejection

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        with project.transaction():
            store_team.add_rejections(project, "ali", [Rejection("ACTOR", "الوزير", "t1")])
    sync_project(home)
    sync_project(office)
    sync_project(team.lead)
    for path in (office, team.lead):
        with Project.open(path) as project:
            assert [(r.label, r.key) for r in project.rejections("ali")] == [("ACTOR", "الوزير")]
    assert _server_count(team, "rejections", "ali") == 1


def test_a_cancelled_sync_keeps_the_rest_pending_and_the_cursor(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        for n in (1, 2, 3):
            project.add_annotation(_doc(project, n), "ali", "ACTOR", 0, 3)
        cursor = sync_local.settings(project).cursor
    seen: list[tuple[str, int, int]] = []
    report = sync_project(
        ali, progress=lambda *step: seen.append(step), cancel=lambda: len(seen) >= 1
    )
    assert report.cancelled and report.pushed == 1 and report.pending == 2
    assert seen[0] == ("units", 0, 3)
    with Project.open(ali) as project:
        assert sync_local.settings(project).cursor == cursor
    report = sync_project(ali)
    assert not report.cancelled and report.pending == 0 and report.pushed == 2


def test_a_pull_never_overwrites_an_edit_made_meanwhile(team, monkeypatch):
    from annotator.store.pg import remote

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(home)
    sync_project(office)
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 11, 21)
    sync_project(home)
    with Project.open(office) as project:  # touched, but holds nothing the server lacks
        extra = project.add_annotation(_doc(project, 1), "ali", "CLAIM", 0, 3)
        project.delete_annotation(extra.uuid)
    real = remote.pull_unit

    def edit_during_pull(conn, sha256, member):
        found = real(conn, sha256, member)
        with Project.open(office) as other:  # the GUI writes meanwhile
            other.add_annotation(_doc(other, 1), "ali", "CLAIM", 22, 28)
        return found

    monkeypatch.setattr(remote, "pull_unit", edit_during_pull)
    report = sync_project(office)
    assert report.pulled == 0 and report.pending == 1
    assert ("CLAIM", 22, 28) in {(x[1], x[2], x[3]) for x in _spans(office, "ali")}


def test_a_schema_changed_by_two_leads_is_a_conflict_until_resolved(team):
    from annotator import team_server
    from annotator.sync import resolve_schema

    second = team.folder / "lead2.sqlite"
    team_server.join(team.database.url, second)
    with Project.open(team.lead) as project:
        project.set_label(LabelDef("PLACE", "#224466"))
    with Project.open(second) as project:
        project.set_label(LabelDef("EVENT", "#664422"))
    assert sync_project(team.lead).schema == "pushed"
    report = sync_project(second)
    assert [c.document for c in report.conflicts] == ["(label schema)"]
    with team.database.superuser() as conn:
        (kept,) = conn.execute(
            "SELECT detail -> 'local' FROM annotator.history WHERE action = 'schema conflict'"
        ).fetchone()
    assert "EVENT" in {label["name"] for label in kept["labels"]}
    assert len(sync_project(second).conflicts) == 1  # until resolved
    resolve_schema(second, "mine")
    assert sync_project(second).conflicts == []
    assert sync_project(team.lead).schema == "pulled"
    with Project.open(team.lead) as project:
        assert project.label("EVENT") is not None and project.label("PLACE") is None


def test_a_sync_makes_missing_triggers_again_and_sends_what_they_missed(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.conn.execute("DROP TRIGGER sync_annotations_insert")
        project.conn.execute("DROP TRIGGER sync_doc_status_insert")
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
        assert sync_local.pending_count(project) == 0  # unseen
    report = sync_project(ali)
    assert report.pushed == 1 and SyncReason(Reason.TRIGGERS_REMADE) in report.notes
    assert _server_count(team, "annotations", "ali") == 1
    _check(ali)


def test_a_restored_snapshot_stays_joined_and_its_units_win_at_the_next_sync(team):
    from annotator.store import backups

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(ali)
    shot = backups.take_snapshot(ali, backups.MANUAL)
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", 11, 21)
    sync_project(ali)
    assert _server_count(team, "annotations", "ali") == 2
    with Project.open(ali) as project:
        backups.restore_snapshot(project, shot)
        settings = sync_local.settings(project)
        assert settings is not None and settings.restored and settings.member == "ali"
    report = sync_project(ali)
    assert report.pushed == 1 and report.conflicts == [] and report.pending == 0
    assert _server_count(team, "annotations", "ali") == 1  # as restored
    assert _server_count(team, "conflicts", "ali") == 1  # the server's side, kept
    with Project.open(ali) as project:
        assert not sync_local.settings(project).restored


def _lose_on_server(team: Team, member: str) -> None:
    """As a server restored from an older backup would: the member's units are gone."""
    with team.database.superuser() as conn:
        conn.execute("DELETE FROM annotator.units WHERE member = %s", (member,))


def _age_on_server(team: Team, member: str) -> None:
    """As a server restored from an older backup would: the member's units at an older
    version, without their latest annotations (the version trigger left out)."""
    with team.database.superuser() as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("UPDATE annotator.units SET version = 1 WHERE member = %s", (member,))
        conn.execute("DELETE FROM annotator.annotations WHERE member = %s", (member,))


@pytest.mark.parametrize("damage", [_lose_on_server, _age_on_server])
def test_a_full_sync_sends_again_what_the_server_lost(team, damage):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(ali)
    damage(team, "ali")
    assert sync_project(ali).pushed == 0  # what changed since the last sync: nothing
    report = sync_project(ali, full=True)
    assert report.pushed == 1 and report.restored_on_server == 1
    assert _server_count(team, "annotations", "ali") == 1
    assert len(_spans(ali, "ali")) == 1  # and nothing was taken away here


def test_a_server_behind_the_last_sync_is_compared_in_full(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(ali)
    _lose_on_server(team, "ali")
    with Project.open(ali) as project:  # as if the last sync saw a server further on
        sync_local.set_meta(project, {sync_local.CURSOR_KEY: str(2**40)})
    report = sync_project(ali)
    assert report.restored_on_server == 1 and SyncReason(Reason.SERVER_BEHIND) in report.notes
    assert _server_count(team, "annotations", "ali") == 1
    with Project.open(ali) as project:
        assert int(sync_local.settings(project).cursor) < 2**40


def test_the_command_prints_the_report_and_exits_1_while_conflicts_remain(team):
    import json

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "annotator", "sync", *args], capture_output=True, text=True
        )

    done = run(str(home), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pushed"] == 1
    done = run(str(office))
    assert done.returncode == 1 and "conflict: doc2 (ali)" in done.stdout
    assert "--resolve DOC --keep mine|server" in done.stdout
    done = run(str(office), "--resolve", "doc2")
    assert done.returncode == 2 and "go together" in done.stderr
    done = run(str(office), "--resolve", "doc2", "--keep", "server")
    assert done.returncode == 0 and "kept server" in done.stdout
    assert run(str(office)).returncode == 0


def test_work_added_after_a_kill_between_the_commits_is_sent_without_a_conflict(team):
    """Killed after the server's commit, then more work on the same document: this machine's
    unit holds all the server's, so it is sent."""
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    process = _sync_process(ali, {"ANNOTATOR_SYNC_KILL_AT": "after_server_commit"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", 11, 21)
    report = sync_project(ali)
    assert report.conflicts == [] and report.pushed == 1 and report.pending == 0
    assert _server_count(team, "annotations", "ali") == 2


def test_resolve_needs_a_conflict_and_leaves_pending_work_alone(team):
    from annotator.errors import NotFoundError

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(ali)
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", 11, 21)  # not sent yet
    with pytest.raises(NotFoundError):
        resolve(ali, "doc1", "server")
    assert len(_spans(ali, "ali")) == 2
    with Project.open(ali) as project:
        assert sync_local.pending_count(project) == 1


def test_every_field_of_a_span_travels_unchanged(team):
    """Attributes, an accepted suggestion's provenance, proposers, Arabic and emoji text and
    timestamps reach the lead as written (the unit's digest is the same on both sides)."""
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        doc = _doc(project, 2)
        project.add_annotation(
            doc,
            "ali",
            "CASUALTY",
            *_at(2, "١٢"),
            attributes={"count": "12", "qualifier": "at least", "outcome": "killed"},
            suggested_by={"recommender": "casualties", "score": 0.75, "rule": ["قتل", 2]},
            proposed_by=["mona", "sara"],
        )
        project.add_annotation(doc, "ali", "ACTOR", *_at(2, "😀"))
        project.add_annotation(doc, "ali", "CLAIM", *_at(2, "القصف"))
        mine = sync_local.read_unit(project, doc, "ali")
    assert sync_project(ali).pushed == 1
    assert sync_project(team.lead).pulled == 1
    with Project.open(team.lead) as project:
        theirs = sync_local.read_unit(project, _doc(project, 2), "ali")
    assert theirs.annotations == mine.annotations and len(mine.annotations) == 3
    assert unit_digest(theirs) == unit_digest(mine)


# ------------------------------------------------------------------ three-way settling


def test_a_deletion_on_one_machine_is_not_undone_by_the_others_additions(team):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        gone = project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(home)
    sync_project(office)
    with Project.open(home) as project:
        project.delete_annotation(gone.uuid)
    assert sync_project(home).pushed == 1
    with Project.open(office) as project:  # offline: still holds the span home deleted
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 11, 21)
    report = sync_project(office)
    assert report.conflicts == [] and report.pushed == 1
    assert sync_project(home).conflicts == []
    for path in (home, office):
        assert {(x[2], x[3]) for x in _spans(path, "ali")} == {(11, 21)}
    assert _server_count(team, "annotations", "ali") == 1


def test_a_status_reset_and_a_removed_document_label_are_changes_too(team):
    from annotator.rules import NEW

    with Project.open(team.lead) as project:
        project.set_doc_attribute({"name": "event", "type": "choice", "values": ["attack"]})
    sync_project(team.lead)
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        project.set_doc_label(_doc(project, 1), "ali", "event", "attack")
        project.set_status(_doc(project, 1), "ali", DONE)
    sync_project(home)
    sync_project(office)
    with Project.open(home) as project:  # taken back here
        project.set_doc_label(_doc(project, 1), "ali", "event", None)
        project.set_status(_doc(project, 1), "ali", NEW)
    sync_project(home)
    with Project.open(office) as project:  # offline, a span added
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    report = sync_project(office)
    assert report.conflicts == [] and report.pushed == 1
    sync_project(home)
    for path in (home, office):
        with Project.open(path) as project:
            assert project.doc_labels(_doc(project, 1), "ali") == {}
            assert project.status(_doc(project, 1), "ali") == NEW
        assert {(x[2], x[3]) for x in _spans(path, "ali")} == {(4, 10)}


def test_the_same_item_changed_differently_on_two_machines_is_a_conflict(team):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
        project.add_annotation(_doc(project, 2), "ali", "ACTOR", 11, 14)
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
    sync_project(home)
    report = sync_project(office)
    assert [(c.document, c.member) for c in report.conflicts] == [("doc2", "ali")]
    assert report.pushed == 0 and report.pending == 1
    with Project.open(office) as project:  # kept here, whole
        assert [a.label for a in project.annotations(_doc(project, 2), "ali")] == ["CASUALTY"]


def _span_on_both(home: Path, office: Path) -> str:
    """A span of ali's on doc2, synced to both machines; its uuid."""
    with Project.open(home) as project:
        span = project.add_annotation(_doc(project, 2), "ali", "ACTOR", 0, 5).uuid
    sync_project(home)
    sync_project(office)
    return span


def test_a_note_on_someone_elses_span_is_kept_whatever_order_units_arrive_in(team):
    """The lead ('lead') notes the span of 'zed' (sorting after the lead): the lead's second
    machine gets the note with the span, and its own later note does not drop it."""
    from annotator import team_server

    team.member("zed")
    team.assign_all("zed")
    zed = team.join("zed")
    second = team.folder / "lead2.sqlite"
    team_server.join(team.database.url, second)
    with Project.open(zed) as project:
        project.add_annotation(_doc(project, 1), "zed", "ACTOR", 4, 10)
    sync_project(zed)
    sync_project(team.lead)
    with Project.open(team.lead) as project:
        (span,) = project.annotations(_doc(project, 1), "zed")
        project.add_note(_doc(project, 1), "lead", "is this right?", annotation_uuid=span.uuid)
    sync_project(team.lead)
    sync_project(second)
    with Project.open(second) as project:
        assert [n.text for n in project.notes(_doc(project, 1))] == ["is this right?"]
        project.add_note(_doc(project, 1), "lead", "a document note")
    assert sync_project(second).pushed == 1
    assert _server_count(team, "notes", "lead") == 2
    sync_project(team.lead)
    with Project.open(team.lead) as project:
        texts = sorted(n.text for n in project.notes(_doc(project, 1)))
    assert texts == ["a document note", "is this right?"]


def test_a_document_assigned_later_brings_the_members_earlier_work(pg_database, tmp_path):
    """ali's work on doc3 was in the lead's project before the team was made; doc3 is
    assigned to her only after she joined: her sync brings the document and her unit."""
    from annotator import team_server

    lead = tmp_path / "lead.sqlite"
    with Project.create(lead) as project:
        project.add_documents([DocRecord(text=t, name=f"doc{n}") for n, t in enumerate(TEXTS, 1)])
        project.add_annotation(_doc(project, 3), "ali", "ACTOR", 0, 3)
    team_server.init(lead, pg_database.url, lead="lead")
    team = Team.__new__(Team)
    team.database, team.folder, team.lead = pg_database, tmp_path, lead
    team.member("ali")
    _assign(pg_database, 1, "ali")
    ali = team.join("ali")
    assert _spans(ali, "ali") == set()
    _assign(pg_database, 3, "ali")
    report = sync_project(ali)
    assert report.documents_added == 1 and report.pulled == 1
    assert {(x[0], x[1]) for x in _spans(ali, "ali")} == {(_sha(3)[:8], "ACTOR")}
    with Project.open(ali) as project:  # she goes on from it, no conflict with herself
        project.add_annotation(_doc(project, 3), "ali", "CLAIM", 4, 10)
    report = sync_project(ali)
    assert report.conflicts == [] and report.pushed == 1
    assert _server_count(team, "annotations", "ali") == 2


def _assign(database, n: int, member: str) -> None:
    from annotator.store.pg import connect, server

    with connect.connect(database.url) as conn:
        server.put_assignments(conn, [(_sha(n), member)])
        conn.commit()


def test_a_recovered_leads_project_syncs_without_conflicts_or_notes(team):
    from annotator.store.recover import recover

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        for n in (1, 2, 3):
            project.add_annotation(_doc(project, n), "ali", "ACTOR", 0, 3)
    sync_project(ali)
    sync_project(team.lead)
    out = team.folder / "recovered.sqlite"
    recover(team.lead, out)
    report = sync_project(out)
    assert report.conflicts == [] and report.pending == 0
    assert not any(n.kind in (Reason.OTHERS_REPLACED, Reason.COPY_REPLACED) for n in report.notes)
    assert _server_count(team, "conflicts") == 0
    with Project.open(out) as project:
        assert sync_local.outbox(project) == []  # settled, not kept for ever


def test_a_deletion_after_a_kill_between_the_commits_stays_deleted(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 0, 3)
        gone = project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    process = _sync_process(ali, {"ANNOTATOR_SYNC_KILL_AT": "after_server_commit"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    with Project.open(ali) as project:
        project.delete_annotation(gone.uuid)
    report = sync_project(ali)
    assert report.conflicts == [] and report.pushed == 1 and report.pulled == 0
    assert {(x[2], x[3]) for x in _spans(ali, "ali")} == {(0, 3)}
    assert _server_count(team, "annotations", "ali") == 1


def test_work_of_a_member_the_server_does_not_know_is_reported_once(team):
    """A mailed copy of omar's (no member) merged into the lead's joined project: held here,
    not sent, and the report says so and what to do, once."""
    with Project.open(team.lead) as project:
        project.add_annotation(_doc(project, 1), "omar", "ACTOR", 4, 10)
    report = sync_project(team.lead)
    assert report.held == 1 and report.pushed == 0
    (note,) = [n for n in report.notes if "omar" in n.names]
    assert note == SyncReason(Reason.MEMBERS_UNKNOWN, number=1, names=("omar",))
    assert "add-member" in describe(note)
    again = sync_project(team.lead)
    assert again.held == 1 and not any("omar" in n.names for n in again.notes)
    assert _server_count(team, "annotations", "omar") == 0


def test_a_kill_after_resolving_keep_mine_leaves_no_open_conflict(team):
    from annotator.store.pg import connect, remote

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
    sync_project(home)
    assert len(sync_project(office).conflicts) == 1
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "sync", str(office), "--resolve", "doc2"]
        + ["--keep", "mine"],
        env={**os.environ, "ANNOTATOR_SYNC_KILL_AT": "after_server_commit"},
        capture_output=True,
    )
    assert done.returncode == -signal.SIGKILL
    with connect.connect(team.database.url_for(team.login("ali")), autocommit=True) as conn:
        assert remote.open_conflicts(conn) == []
    report = sync_project(office)
    assert report.conflicts == [] and report.pending == 0
    sync_project(home)
    assert {x[1] for x in _spans(home, "ali")} == {"CASUALTY"}


def test_blind_annotation_turned_off_brings_the_others_earlier_work(team):
    from annotator.store.pg import connect, server

    team.member("ali")
    team.member("mona")
    team.assign_all("ali", "mona")
    ali, mona = team.join("ali"), team.join("mona")
    with Project.open(mona) as project:
        project.add_annotation(_doc(project, 1), "mona", "ACTOR", 11, 21)
    sync_project(mona)
    sync_project(ali)
    assert _spans(ali, "mona") == set()
    with connect.connect(team.database.url) as conn:
        server.set_blind(conn, False)
        conn.commit()
    report = sync_project(ali)
    assert report.pulled == 1 and {(x[2], x[3]) for x in _spans(ali, "mona")} == {(11, 21)}
    assert sync_project(ali).pulled == 0


def test_a_kill_after_pushing_a_merged_unit_keeps_the_other_machines_work(team):
    """office merges its span with home's and pushes the merge; killed before its own commit,
    its next sync takes home's span in (the base is what office held), not away."""
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    _span_on_both(home, office)
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 2), "ali", "CLAIM", 11, 14)
    sync_project(home)
    with Project.open(office) as project:
        project.add_annotation(_doc(project, 2), "ali", "ACTOR", 15, 19)
    process = _sync_process(office, {"ANNOTATOR_SYNC_KILL_AT": "after_server_commit"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert _server_count(team, "annotations", "ali") == 3
    report = sync_project(office)
    assert report.conflicts == [] and report.pending == 0
    assert _server_count(team, "annotations", "ali") == 3
    assert {(x[2], x[3]) for x in _spans(office, "ali")} == {(0, 5), (11, 14), (15, 19)}


def test_a_note_left_out_here_is_not_taken_off_the_server(team):
    """A note of the lead's on a span the project does not hold is left out here; the lead's
    next push of that unit keeps it on the server."""
    with team.database.superuser() as conn:
        conn.execute(
            "INSERT INTO annotator.units (sha256, member, status, seconds, digest, machine) "
            "VALUES (%s, 'lead', 'new', 0, 'elsewhere', 'other')",
            (_sha(1),),
        )
        conn.execute(
            "INSERT INTO annotator.notes (uuid, sha256, member, annotation_uuid, text, "
            "needs_review, created_at, updated_at) VALUES ('n-ghost', %s, 'lead', 'ghost', "
            "'on a span not here', false, 't', 't')",
            (_sha(1),),
        )
    report = sync_project(team.lead)
    assert any(n.kind is Reason.ITEMS_LEFT_OUT for n in report.notes)
    with Project.open(team.lead) as project:
        project.add_note(_doc(project, 1), "lead", "a document note")
    report = sync_project(team.lead)
    assert report.pushed == 1 and report.conflicts == []
    assert _server_count(team, "notes", "lead") == 2


def test_a_restored_leads_project_takes_the_annotators_later_work_quietly(team):
    from annotator.store import backups

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", 4, 10)
    sync_project(ali)
    sync_project(team.lead)
    shot = backups.take_snapshot(team.lead, backups.MANUAL)
    with Project.open(team.lead) as project:
        backups.restore_snapshot(project, shot)
    report = sync_project(team.lead)
    assert report.conflicts == [] and report.notes == [] and report.held == 0
    with Project.open(team.lead) as project:
        assert sync_local.outbox(project) == []
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", 11, 21)
    sync_project(ali)
    report = sync_project(team.lead)
    assert report.pulled == 1 and report.notes == [] and report.conflicts == []
    assert _server_count(team, "conflicts") == 0


def test_curation_in_a_joined_project_syncs_to_the_leads_second_machine(team):
    from annotator import adjudication, team_server

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        doc = _doc(project, 1)
        project.add_annotation(doc, "ali", "ACTOR", *_at(1, "الوزير"))
        project.add_annotation(doc, "ali", "CLAIM", *_at(1, "الحكومة"))
    sync_project(ali)
    sync_project(team.lead)
    with Project.open(team.lead) as project:
        doc = _doc(project, 1)
        first, second = sorted(project.annotations(doc, "ali"), key=lambda a: a.start)
        adjudication.accept(project, doc, first.uuid)  # the first decision makes gold
        adjudication.accept(project, doc, second.uuid)  # gold exists: must not be replaced
        assert {a.label for a in project.annotations(doc, GOLD)} == {"ACTOR", "CLAIM"}
    assert sync_project(team.lead).conflicts == []
    assert _server_count(team, "curation") == 2
    other = team.folder / "lead2.sqlite"
    team_server.join(team.database.url, other)
    with Project.open(other) as project:
        doc = _doc(project, 1)
        assert {a.label for a in project.annotations(doc, GOLD)} == {"ACTOR", "CLAIM"}
        assert project.conn.execute("SELECT count(*) FROM curation").fetchone()[0] == 2


def test_a_demoted_lead_syncs_as_an_annotator(team):
    from annotator import team_server

    team.member("sara", role="lead")
    team.assign_all("sara")
    sara = team.join("sara")
    with Project.open(sara) as project:
        project.add_annotation(_doc(project, 1), GOLD, "ACTOR", *_at(1, "الوزير"))
        project.add_annotation(_doc(project, 2), "sara", "ACTOR", *_at(2, "الوزارة"))
    team_server.add_member(team.lead, "sara", role="annotator", login=team.login("sara"))
    report = sync_project(sara)  # completes: gold is held here, not pushed
    assert report.pushed == 1 and report.held == 1
    assert SyncReason(Reason.ROLE_CHANGED, role="annotator", was="lead") in report.notes
    with Project.open(sara) as project:
        settings = sync_local.settings(project)
        assert settings is not None and settings.role == "annotator"
    assert _server_count(team, "units", "sara") == 1
    assert _server_count(team, "units", GOLD) == 0


def test_a_promoted_annotator_gets_the_others_work_and_sends_gold(team):
    from annotator import team_server

    team.member("ali")
    team.member("mona")
    team.assign_all("ali", "mona")
    ali, mona = team.join("ali"), team.join("mona")
    with Project.open(mona) as project:
        project.add_annotation(_doc(project, 1), "mona", "ACTOR", *_at(1, "الوزير"))
    sync_project(mona)
    sync_project(ali)
    assert _spans(ali, "mona") == set()  # blind
    team_server.add_member(team.lead, "ali", role="lead", login=team.login("ali"))
    sync_project(ali)
    assert _spans(ali, "mona") == {(_sha(1)[:8], "ACTOR", *_at(1, "الوزير"))}
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), GOLD, "ACTOR", *_at(1, "الوزير"))
    assert sync_project(ali).pushed == 1
    assert _server_count(team, "units", GOLD) == 1


@pytest.mark.parametrize("keep", ["mine", "server"])
def test_resolving_keeps_both_sides_items_that_do_not_conflict(team, keep):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
        project.add_annotation(_doc(project, 2), "ali", "ACTOR", *_at(2, "مقتل"))
    sync_project(home)
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
        project.add_annotation(_doc(project, 2), "ali", "ACTOR", *_at(2, "شخصا"))
    assert len(sync_project(office).conflicts) == 1
    resolve(office, "doc2", keep)
    sync_project(home)
    sync_project(office)
    with Project.open(office) as project:
        (chosen,) = [a for a in project.annotations(_doc(project, 2), "ali") if a.uuid == span]
        assert chosen.label == ("CASUALTY" if keep == "mine" else "CLAIM")
    both = {(_sha(2)[:8], "ACTOR", *_at(2, word)) for word in ("مقتل", "شخصا")}
    for path in (home, office):
        assert both <= _spans(path, "ali")
        assert len(_spans(path, "ali")) == 3
    assert _spans(home, "ali") == _spans(office, "ali")
    with team.database.superuser() as conn:
        (open_,) = conn.execute(
            "SELECT count(*) FROM annotator.conflicts WHERE resolved_at IS NULL"
        ).fetchone()
    assert open_ == 0


def _open_conflicts(team: Team) -> int:
    with team.database.superuser() as conn:
        row = conn.execute(
            "SELECT count(*) FROM annotator.conflicts WHERE resolved_at IS NULL"
        ).fetchone()
        return int(row[0])


def test_an_interrupted_keep_server_leaves_no_conflict_open_behind_the_sync(team, monkeypatch):
    from annotator.store.pg import remote

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    span = _span_on_both(home, office)
    with Project.open(home) as project:
        project.update_annotation(span, label="CLAIM")
    with Project.open(office) as project:
        project.update_annotation(span, label="CASUALTY")
    sync_project(home)
    assert len(sync_project(office).conflicts) == 1

    def gone(*args, **kwargs):
        raise ServerError("network gone")

    with monkeypatch.context() as patched:
        patched.setattr(remote, "resolve_conflicts", gone)
        with pytest.raises(ServerError):
            resolve(office, "doc2", "server")
    report = sync_project(office)
    # an open conflict on the server is one this machine still has (and says so)
    assert bool(report.conflicts) == bool(_open_conflicts(team))
    resolve(office, "doc2", "server")
    assert _open_conflicts(team) == 0
    assert "CLAIM" in {label for _, label, _, _ in _spans(office, "ali")}


def test_a_pulled_deletion_keeps_the_leads_note_on_the_span_and_says_so(team):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        span = project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "الوزير"))
    sync_project(ali)
    sync_project(team.lead)
    with Project.open(team.lead) as project:
        project.add_note(_doc(project, 1), "lead", "see guideline 4.2", annotation_uuid=span.uuid)
    sync_project(team.lead)
    assert _server_count(team, "notes", "lead") == 1
    with Project.open(ali) as project:
        project.delete_annotation(span.uuid)
    sync_project(ali)
    report = sync_project(team.lead)
    assert SyncReason(Reason.NOTES_DETACHED, number=1) in report.notes
    sync_project(team.lead)
    assert _server_count(team, "notes", "lead") == 1
    with Project.open(team.lead) as project:
        (note,) = project.notes(_doc(project, 1), author="lead")
        assert note.annotation_uuid is None
        assert note.text.endswith("see guideline 4.2") and "الوزير" in note.text


@pytest.mark.parametrize("merged", [False, True])
def test_a_deletion_after_a_kill_and_the_other_machines_sync_stays_deleted(team, merged):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    _span_on_both(home, office)
    if merged:  # office's push will be a merge
        with Project.open(home) as project:
            project.add_annotation(_doc(project, 2), "ali", "CLAIM", *_at(2, "مقتل"))
        sync_project(home)
    with Project.open(office) as project:
        sent = project.add_annotation(_doc(project, 2), "ali", "ACTOR", *_at(2, "١٢"))
    process = _sync_process(office, {"ANNOTATOR_SYNC_KILL_AT": "after_server_commit"})
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    with Project.open(home) as project:  # home takes office's push and adds on top
        project.add_annotation(_doc(project, 2), "ali", "ACTOR", *_at(2, "شخصا"))
    sync_project(home)
    with Project.open(office) as project:
        project.delete_annotation(sent.uuid)
    assert sync_project(office).conflicts == []
    sync_project(home)
    for path in (office, home):
        assert (_sha(2)[:8], "ACTOR", *_at(2, "١٢")) not in _spans(path, "ali")
        assert (_sha(2)[:8], "ACTOR", *_at(2, "شخصا")) in _spans(path, "ali")


def _restore_older(
    team: Team, n: int, older, dropped: list[str], *, drop_unit: bool, epoch: bool = False
) -> None:
    """A server restored from a dump taken before the last pushes (docs/team.md's procedure,
    the change sequence moved past every version a machine may have seen; with `epoch`, the
    restore epoch changed too)."""
    with team.database.superuser() as conn:
        if epoch:
            conn.execute(
                "INSERT INTO annotator.meta (key, value) VALUES ('epoch', gen_random_uuid()::text) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            )
        conn.execute("SET session_replication_role = replica")
        if drop_unit:
            conn.execute(
                "DELETE FROM annotator.annotations WHERE sha256 = %s AND member = 'ali'", (_sha(n),)
            )
            conn.execute(
                "DELETE FROM annotator.units WHERE sha256 = %s AND member = 'ali'", (_sha(n),)
            )
        else:
            conn.execute("DELETE FROM annotator.annotations WHERE uuid = ANY(%s)", (dropped,))
            conn.execute(
                "UPDATE annotator.units SET version = %s, digest = %s "
                "WHERE sha256 = %s AND member = 'ali'",
                (older.version, older.digest, _sha(n)),
            )
        conn.execute(
            "SELECT setval('annotator.change_seq', "
            "(SELECT last_value FROM annotator.change_seq) + 1000000)"
        )


@pytest.mark.parametrize("drop_unit", [True, False])
def test_a_full_sync_after_a_restore_keeps_pending_work_and_what_the_server_lost(team, drop_unit):
    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "قال"))
    sync_project(ali)
    with Project.open(ali) as project:
        older = sync_local.base(project, _doc(project, 1), "ali")
        lost = project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "الوزير"))
    sync_project(ali)
    _restore_older(team, 1, older, [lost.uuid], drop_unit=drop_unit)
    with Project.open(ali) as project:  # new work, pending at the sync
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", *_at(1, "الحكومة"))
    report = sync_project(ali, full=True)
    assert report.conflicts == []
    words = {_at(1, word) for word in ("قال", "الوزير", "الحكومة")}
    assert {(start, end) for _, _, start, end in _spans(ali, "ali")} == words
    assert _server_count(team, "annotations", "ali") == 3


@pytest.mark.parametrize("epoch", [False, True])
def test_a_full_sync_after_a_restore_by_the_stale_machine_first_loses_nothing(team, epoch):
    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "قال"))
    sync_project(home)
    sync_project(office)
    with Project.open(home) as project:
        dumped = sync_local.base(project, _doc(project, 1), "ali")  # the nightly dump
        at_home = project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "الوزير"))
    sync_project(home)
    sync_project(office)
    with Project.open(office) as project:
        at_office = project.add_annotation(_doc(project, 1), "ali", "CLAIM", *_at(1, "الحكومة"))
    sync_project(office)  # the server holds all three, home two
    _restore_older(team, 1, dumped, [at_home.uuid, at_office.uuid], drop_unit=False, epoch=epoch)
    # with the restore epoch changed, a plain sync knows (else --full is needed)
    report = sync_project(home, full=not epoch)
    assert (SyncReason(Reason.SERVER_RESTORED) in report.notes) == epoch
    sync_project(office, full=not epoch)
    sync_project(home)
    words = {_at(1, word) for word in ("قال", "الوزير", "الحكومة")}
    for path in (home, office):
        assert {(start, end) for _, _, start, end in _spans(path, "ali")} == words
    assert _server_count(team, "annotations", "ali") == 3


def test_a_recovered_project_keeps_and_reports_what_only_one_side_holds(team):
    from annotator.store.recover import recover

    team.member("ali")
    team.assign_all("ali")
    home, office = team.join("ali", "home.sqlite"), team.join("ali", "office.sqlite")
    with Project.open(home) as project:
        gone = project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "الوزير"))
        project.add_annotation(_doc(project, 1), "ali", "CLAIM", *_at(1, "الحكومة"))
    sync_project(home)
    sync_project(office)
    with Project.open(office) as project:
        project.delete_annotation(gone.uuid)
    sync_project(office)
    out = team.folder / "home-recovered.sqlite"
    recover(home, out)
    report = sync_project(out)
    # no base: the span only the recovered file holds cannot be told an addition here from a
    # deletion there: kept, and said (never silently)
    assert report.conflicts == []
    assert any(n.kind is Reason.ONE_SIDED_KEPT for n in report.notes)


def test_a_pulled_deletion_of_an_accepted_proposal_is_said_and_keeps_the_gold_span(team):
    from annotator import adjudication

    team.member("ali")
    team.assign_all("ali")
    ali = team.join("ali")
    with Project.open(ali) as project:
        span = project.add_annotation(_doc(project, 1), "ali", "ACTOR", *_at(1, "الوزير"))
    sync_project(ali)
    sync_project(team.lead)
    with Project.open(team.lead) as project:
        adjudication.accept(project, _doc(project, 1), span.uuid)
    sync_project(team.lead)
    with Project.open(ali) as project:
        project.delete_annotation(span.uuid)
    sync_project(ali)
    report = sync_project(team.lead)
    assert SyncReason(Reason.DECISIONS_DROPPED, number=1) in report.notes
    with Project.open(team.lead) as project:
        assert [a.label for a in project.annotations(_doc(project, 1), GOLD)] == ["ACTOR"]


def test_merge_resolved_takes_the_conflicting_items_from_the_side_kept():
    span = UnitAnnotation("u1", "ACTOR", 0, 3, "قال", {}, (), None, "t", "t")
    other = span._replace(uuid="u2", start=4, end=10)
    note = UnitNote("n1", "u1", "check", False, "t", "t")
    base = UnitContent(annotations=(span,))
    local = base._replace(annotations=(span._replace(label="CLAIM"),), notes=(note,))
    server = base._replace(annotations=(other,))  # u1 deleted there, u2 added
    # u1 changed here, deleted there: a conflict; the note here points at it
    mine = merge(base, local, server, prefer="mine").content
    assert {a.uuid: a.label for a in mine.annotations} == {"u1": "CLAIM", "u2": "ACTOR"}
    assert mine.notes == (note,)
    theirs = merge(base, local, server, prefer="server").content
    assert theirs.annotations == (other,) and theirs.notes == ()  # nothing left dangling
    # without a base to trust: what one side holds is kept, a difference is a conflict
    union = merge(base, UnitContent(annotations=(other,)), UnitContent(), union=True)
    assert union.content.annotations == (other,)
    assert union.notes == (SyncReason(Reason.ONE_SIDED_KEPT, number=1),)
    differ = merge(base, local, base, union=True)
    assert differ.conflicts == (ConflictItem(ItemKind.ANNOTATION, "u1"),)


# ------------------------------------------------------------------ the reasons, in English


def every_value(kind: Reason) -> SyncReason:
    """A reason of `kind` with every value set, each recognisable in a wording."""
    items = tuple(
        ConflictItem(item_kind, f"key{i}", on_deleted_span=i == 1)
        for i, item_kind in enumerate(ItemKind)
    )
    return SyncReason(
        kind,
        document="doc7",
        member="zaid",
        number=41,
        names=("omar", "huda"),
        items=items,
        here="status-h",
        there="status-t",
        kept="status-k",
        role="role-r",
        was="role-w",
    )


_SHOWN = {  # each value of `every_value` as `describe` shows it
    "document": "doc7",
    "member": "zaid",
    "number": "41",
    "names": "omar, huda",
    "items": "annotation key0, relation key1 (on a deleted span), note key2 and 2 more",
    "here": "'status-h'",
    "there": "'status-t'",
    "kept": "'status-k'",
    "role": "role-r",
    "was": "role-w",
}


def test_every_kind_of_reason_has_an_english_wording_naming_its_values():
    assert set(_SHOWN) == set(SyncReason._fields) - {"kind"}
    for kind in Reason:
        named = REASON_VALUES[kind]
        assert named <= set(_SHOWN), kind
        text = describe(every_value(kind))
        assert "{" not in text and "}" not in text, kind
        for value, shown in _SHOWN.items():
            assert (shown in text) == (value in named), (kind, value, text)


def test_the_reasons_read_in_english_as_the_cli_printed_them():
    items = (ConflictItem(ItemKind.ANNOTATION, "u1"), ConflictItem(ItemKind.NOTE, "n2", True))
    assert describe(SyncReason(Reason.UNIT_CONFLICT, items=items)) == (
        "changed here and on the server (another machine): annotation u1, note n2 (on a "
        "deleted span); yours is kept here and on the server in conflicts, not sent; settle it "
        "with --resolve DOC --keep mine|server"
    )
    settled = SyncReason(
        Reason.STATUS_SETTLED, "doc1", "ali", here="new", there="in progress", kept="in progress"
    )
    assert describe(settled) == (
        "doc1 (ali): status set to 'new' here and 'in progress' on the server: 'in progress' "
        "kept (the furthest along)"
    )
    assert describe(SyncReason(Reason.LABELS_KEPT, names=("EVENT", "PLACE"))) == (
        "labels kept though the server's schema lacks them (annotations use them): EVENT, PLACE"
    )


def test_the_json_report_keeps_its_fields_and_adds_the_kinds():
    import json
    from dataclasses import fields

    why = SyncReason(Reason.UNIT_CONFLICT, items=(ConflictItem(ItemKind.ANNOTATION, "u1"),))
    role = SyncReason(Reason.ROLE_CHANGED, role="annotator", was="lead")
    report = SyncReport(conflicts=[SyncConflict("doc1", "ab" * 32, "ali", why)], notes=[role])
    out = json.loads(json.dumps(report.to_json()))
    assert set(out) == {f.name for f in fields(SyncReport)} | {"note_kinds"}
    assert out["conflicts"] == [
        {
            "document": "doc1",
            "sha256": "ab" * 32,
            "member": "ali",
            "why": describe(why),
            "kind": "unit_conflict",
        }
    ]
    assert out["notes"] == ["your role on the team server is now annotator (was lead)"]
    assert out["note_kinds"] == ["role_changed"]
    lines = report.lines()
    assert f"conflict: doc1 (ali): {describe(why)}" in lines
    assert "your role on the team server is now annotator (was lead)" in lines
