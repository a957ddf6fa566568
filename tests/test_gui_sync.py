"""Team sync in the workbench (issue 18): Team > Sync now in the background, the status widget
(last sync, pending, offline, conflicts), automatic sync, the report's conflicts resolved, the
lead's progress dashboard and Join a team project…, against a real throwaway PostgreSQL
(tests/pgcluster.py, the `pg_database` fixture). No modal dialog for an unreachable server."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_gui_support import make_project, make_window, marked_translation, seed_texts
from test_sync import every_value

from annotator import team_server
from annotator.gui import background
from annotator.gui.main_window import MainWindow, open_project_window
from annotator.gui.settings import Settings
from annotator.gui.start_page import StartWindow
from annotator.gui.sync_panel import OFFLINE, SYNCED, SyncController
from annotator.gui.sync_report import ITEMS, REASONS, SyncReportDialog, reason_text
from annotator.gui.team_progress import TeamProgressWindow
from annotator.model import DocRecord
from annotator.rules import DONE, IN_PROGRESS, LEAD, NEW
from annotator.store import Project, sync_local
from annotator.sync import (
    REASON_VALUES,
    ConflictItem,
    ItemKind,
    Reason,
    SyncConflict,
    SyncReason,
    SyncReport,
    describe,
    reason_values,
    sync_project,
)


@dataclass
class Team:
    """A team server: lead lina's project (init) and annotator ali's (join), every document
    assigned to ali; `join_again` makes ali's project on a second machine."""

    database: object
    lead: Path
    ali: Path
    folder: Path

    def join_again(self, name: str = "ali-b.sqlite") -> Path:
        path = self.folder / name
        team_server.join(self.database.url_for("ali"), path)
        return path


@pytest.fixture
def team(pg_database, tmp_path: Path) -> Team:
    lead = tmp_path / "lead.sqlite"
    with make_project(lead, seed_texts()[:2]):
        pass
    team_server.init(lead, pg_database.url, lead="lina")
    team_server.add_member(pg_database.url, "ali", login="ali", new_password="pw-ali")
    pg_database.remember("ali", "pw-ali")
    team_server.assign(pg_database.url, ["ali"], seed=1)
    ali = tmp_path / "ali.sqlite"
    team_server.join(pg_database.url_for("ali"), ali)
    return Team(pg_database, lead, ali, tmp_path)


@pytest.fixture(autouse=True)
def _no_sync_outlives_its_test(qtbot):
    """A sync let go of (a window closed while it ran, a test that failed) ends before the
    next test starts."""
    yield
    qtbot.waitUntil(lambda: background.ending() == 0, timeout=60000)


@pytest.fixture
def no_modal(monkeypatch):
    """Fail the test on any message box, password question or window.tell."""
    shown: list[str] = []

    def refuse(*args, **_kwargs):
        shown.append(str(args[1:3]))
        return 0

    import PySide6.QtWidgets as widgets

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(widgets.QMessageBox, name, refuse)
    monkeypatch.setattr(widgets.QInputDialog, "getText", refuse)
    monkeypatch.setattr(MainWindow, "tell", lambda self, *args: shown.append(str(args)))
    return shown


def window_on(qtbot, path: Path, annotator: str, **kwargs) -> MainWindow:
    project = Project.open(path)
    window = make_window(qtbot, project, annotator, **kwargs)
    window.owns_project = True  # closed with the window
    return window


def wait_synced(qtbot, controller: SyncController) -> object:
    """Wait for the running sync to end; its report (it must have ended well)."""
    with qtbot.waitSignal(controller.synced, timeout=60000) as blocker:
        pass
    return blocker.args[0]


def sync_now(qtbot, controller: SyncController) -> object:
    with qtbot.waitSignal(controller.synced, timeout=60000) as blocker:
        assert controller.sync_now()
    return blocker.args[0]


def annotate(path: Path, annotator: str, document: str, label: str = "ACTOR") -> str:
    """Add a span (the first word of `document`) as `annotator` outside the window; its uuid."""
    with Project.open(path) as project:
        [doc_id] = sync_local.documents_matching(project, document)
        text = project.document_text(doc_id)
        end = text.index(" ")
        return project.add_annotation(doc_id, annotator, label, 0, end).uuid


def conflicting(qtbot, window: MainWindow, other: Path, name: str) -> str:
    """A span of ali's that both machines hold, relabelled differently on each (the other
    machine syncs first): the window's next sync is a conflict. Its uuid."""
    span = annotate(other, "ali", name)
    sync_project(other)
    sync_now(qtbot, window.team_sync)
    close_report(window.team_sync)
    with Project.open(other) as project:
        project.update_annotation(span, label="CLAIM")
    sync_project(other)
    assert window.editor.relabel(span, "CASUALTY") is not None
    return span


def close_report(controller: SyncController) -> None:
    if controller.report_dialog is not None:
        controller.report_dialog.close()


@pytest.fixture
def marked(qapp):
    with marked_translation("SyncReason") as translator:
        yield translator


# ---------------------------------------------------------------- pull, push, status


def test_sync_now_pulls_another_members_work_and_the_open_document_shows_it(qtbot, team):
    window = window_on(qtbot, team.lead, "lina", blind=False)
    first = window.session.document
    uuid = annotate(team.ali, "ali", first.name)
    sync_project(team.ali)  # ali sends it
    assert uuid not in window.session.annotations
    editor_steps = window.undo_stack.count()

    report = sync_now(qtbot, window.team_sync)

    assert report.pulled >= 1 and (first.id, "ali") in report.pulled_units
    assert uuid in window.session.annotations  # the open document shows it
    assert window.session.annotations[uuid].annotator == "ali"
    assert window.undo_stack.count() == editor_steps  # another's unit: the lead's history stays
    assert window.team_sync.state.state == SYNCED
    close_report(window.team_sync)
    window.close()


def test_a_pull_of_my_own_unit_reloads_the_document_and_clears_the_undo_history(qtbot, team):
    """One person on two machines: what machine B sent replaces the unit on machine A's open
    document; A's undo history is cleared and the status bar says so."""
    other = team.join_again()
    window = window_on(qtbot, team.ali, "ali")
    first, second = window.project.document_ids()[:2]
    window.open_document(second)
    text = window.session.text
    window.editor.annotate("ACTOR", 0, text.index(" "))  # an undo step on another document
    window.open_document(first)
    name = window.session.document.name
    uuid = annotate(other, "ali", name)
    sync_project(other)
    assert window.undo_stack.count() == 1

    report = sync_now(qtbot, window.team_sync)

    assert (first, "ali") in report.pulled_units and report.pushed == 1
    assert uuid in window.session.annotations
    assert window.undo_stack.count() == 0
    assert "undo history was cleared" in window.statusBar().currentMessage()
    close_report(window.team_sync)
    window.close()


def test_a_document_assigned_later_arrives_in_the_document_list(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    assert window.documents.model.rowCount() == 2
    with Project.open(team.lead) as lead:
        lead.add_documents([DocRecord(text="نص ثالث عن الهدنة في المدينة.", name="third")])
    sync_project(team.lead)  # the lead's new document reaches the server
    team_server.assign(team.database.url, ["ali"], overlap=1.0, seed=2)

    report = sync_now(qtbot, window.team_sync)

    assert report.documents_added == 1
    assert window.documents.model.rowCount() == 3  # the list shows it at once
    assert "Documents added: 1" in window.team_sync.report_dialog.summary.text()
    close_report(window.team_sync)
    window.close()


def test_sync_now_pushes_a_local_edit_and_the_status_shows_pending_then_none(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    status = window.team_sync.button
    assert status.isVisibleTo(window)
    text = window.session.text
    annotation = window.editor.annotate("ACTOR", 0, text.index(" "))
    window.team_sync.refresh()
    assert window.team_sync.state.pending == 1
    assert "Pending: 1" in status.text()

    report = sync_now(qtbot, window.team_sync)

    assert report.pushed == 1 and report.pending == 0
    done, total = window.team_sync.state.progress  # shown while it ran: "Syncing… 1 / 1"
    assert done == total >= 1
    assert window.team_sync.state.pending == 0
    assert "Pending" not in status.text() and status.text().startswith("Synced")
    sync_project(team.lead)  # the lead gets it: it is on the server
    with Project.open(team.lead) as lead:
        assert annotation.uuid in {a.uuid for a in lead.annotations(window.session.document_id)}
    close_report(window.team_sync)
    window.close()
    again = window_on(qtbot, team.ali, "ali")  # the next session shows the last sync
    assert again.team_sync.button.text().startswith("Synced")
    again.close()


def test_closing_the_window_during_a_sync_lets_it_go_and_keeps_the_work(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    document = window.session.document_id
    uuid = window.editor.annotate("ACTOR", 0, window.session.text.index(" ")).uuid
    assert window.team_sync.sync_now()
    window.close()  # never waits for the network: the sync is let go
    qtbot.waitUntil(lambda: background.ending() == 0, timeout=60000)
    sync_project(team.ali)  # whatever the sync had done, nothing is lost or doubled
    sync_project(team.lead)
    with Project.open(team.lead) as lead:
        assert [a.uuid for a in lead.annotations(document, "ali") if a.uuid == uuid] == [uuid]


def test_marking_a_document_done_syncs_in_a_moment(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    document = window.session.document_id
    with qtbot.waitSignal(window.team_sync.synced, timeout=60000) as blocker:
        window.editor.set_status(document, DONE)
        assert window.team_sync.done_timer.isActive()
    assert blocker.args[0].pushed == 1
    sync_project(team.lead)
    with Project.open(team.lead) as lead:
        assert lead.status(document, "ali") == DONE
    window.close()


def test_automatic_sync_is_silent_when_nothing_changed(qtbot, team, no_modal):
    window = window_on(qtbot, team.ali, "ali")
    with qtbot.waitSignal(window.team_sync.synced, timeout=60000) as blocker:
        assert window.team_sync.auto_sync()
    assert blocker.args[0].pushed == blocker.args[0].pulled == 0
    assert window.team_sync.report_dialog is None and no_modal == []
    window.close()


# ---------------------------------------------------------------- offline, password


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nobody listens there once closed


def test_an_unreachable_server_shows_offline_without_a_dialog(qtbot, tmp_path, no_modal):
    path = tmp_path / "offline.sqlite"
    with make_project(path, seed_texts()[:1]) as project:
        url = f"postgresql://ali@127.0.0.1:{closed_port()}/team"
        sync_local.enable(project, url=url, member="ali", role="annotator")
    window = window_on(qtbot, path, "ali")
    controller = window.team_sync
    window.editor.annotate("ACTOR", 0, window.session.text.index(" "))
    failed: list[tuple[str, str]] = []
    controller.syncFailed.connect(lambda kind, message: failed.append((kind, message)))

    for sync in (controller.auto_sync, controller.sync_now):  # neither shows a dialog
        failed.clear()
        assert sync()
        qtbot.waitUntil(lambda: bool(failed), timeout=30000)
        assert failed[0][0] == "offline"
        assert controller.state.state == OFFLINE
        assert controller.button.text().startswith("Offline")
        assert "Pending: 1" in controller.button.text()  # the work is kept here
        assert "cannot be reached" in controller.button.toolTip()
    assert no_modal == []
    assert controller.timer.isActive() is False  # a test window: no timer unless started
    controller.set_interval(5)
    assert controller.timer.isActive()  # the next tick tries again
    window.close()


def test_the_password_is_asked_at_sync_now_kept_for_the_session_and_never_written(
    qtbot, pg_database, tmp_path, monkeypatch
):
    lead = tmp_path / "lead.sqlite"
    with make_project(lead, seed_texts()[:1]):
        pass
    team_server.init(lead, pg_database.url, lead="lina")
    team_server.add_member(pg_database.url, "ali", login="ali", new_password="pw-ali")
    team_server.assign(pg_database.url, ["ali"], seed=1)
    ali = tmp_path / "ali.sqlite"
    team_server.join(pg_database.url_for("ali"), ali, password="pw-ali")  # not in .pgpass
    window = window_on(qtbot, ali, "ali")
    controller = window.team_sync
    asked: list[str] = []
    monkeypatch.setattr(controller, "ask_password", lambda where: asked.append(where) or "pw-ali")
    failed: list[str] = []
    controller.syncFailed.connect(lambda kind, _message: failed.append(kind))

    assert controller.auto_sync()  # not asked: the status says a password is needed
    qtbot.waitUntil(lambda: bool(failed), timeout=30000)
    assert failed == ["password"] and asked == []
    assert controller.button.text().startswith("Password needed")

    sync_now(qtbot, controller)  # asked once, on the GUI thread
    assert len(asked) == 1 and "ali@" in asked[0]
    wait = qtbot.waitSignal(controller.synced, timeout=60000)
    with wait:
        assert controller.auto_sync()  # the typed password is kept for this window
    assert len(asked) == 1
    meta = window.project.meta()
    assert not any("pw-ali" in value for value in meta.values())
    close_report(controller)
    window.close()


# ---------------------------------------------------------------- conflicts


def test_a_conflict_shows_in_the_report_and_resolving_it_takes_the_servers(qtbot, team):
    other = team.join_again()
    window = window_on(qtbot, team.ali, "ali")
    name = window.session.document.name
    span = conflicting(qtbot, window, other, name)

    report = sync_now(qtbot, window.team_sync)

    assert [c.document for c in report.conflicts] == [name]
    dialog = window.team_sync.report_dialog
    assert dialog is not None and dialog.conflict_rows()[0][:2] == [name, "ali"]
    assert window.team_sync.state.conflicts == 1
    assert window.team_sync.button.text().startswith("Conflicts: 1")
    assert window.session.annotations[span].label == "CASUALTY"  # kept here meanwhile
    lead_view = TeamProgressWindow(team.database.url)  # the lead's dashboard sees it open
    qtbot.addWidget(lead_view)
    with qtbot.waitSignal(lead_view.refreshed, timeout=60000):
        assert lead_view.refresh()
    assert {row[0]: row[7] for row in lead_view.rows()}["ali"] == "1"
    assert "Open conflicts: 1." in lead_view.summary.text()
    with qtbot.waitSignal(dialog.resolved, timeout=60000):
        assert dialog.resolve_selected("server")
    assert dialog.conflict_rows() == []
    assert window.session.annotations[span].label == "CLAIM"  # the other machine's
    assert window.team_sync.state.conflicts == 0
    assert window.undo_stack.count() == 0  # its history is stale now
    dialog.close()
    window.close()


def test_keeping_mine_sends_it_over_the_servers(qtbot, team):
    other = team.join_again()
    window = window_on(qtbot, team.ali, "ali")
    name = window.session.document.name
    span = conflicting(qtbot, window, other, name)
    sync_now(qtbot, window.team_sync)
    dialog = window.team_sync.report_dialog
    with qtbot.waitSignal(dialog.resolved, timeout=60000):
        assert dialog.resolve_selected("mine")
    assert "kept and sent" in dialog.status_label.text()
    assert sync_project(other).pulled == 1  # the other machine now gets mine
    with Project.open(other) as project:
        [doc_id] = sync_local.documents_matching(project, name)
        assert {a.uuid: a.label for a in project.annotations(doc_id)}[span] == "CASUALTY"
    dialog.close()
    window.close()


def test_a_label_schema_conflict_is_resolved_from_the_report(qtbot, team):
    """A lead on two machines changed the label schema on both: the report lists it; taking
    the server's brings its labels into the window."""
    laptop = team.folder / "lead-laptop.sqlite"
    team_server.join(team.database.url, laptop)
    with Project.open(laptop) as project:
        project.ensure_labels(["EVENT"])
    sync_project(laptop)
    window = window_on(qtbot, team.lead, "lina")
    window.project.set_guidelines("Mark every actor.")  # the schema changed here too
    report = sync_now(qtbot, window.team_sync)
    assert [c.sha256 for c in report.conflicts] == [""]
    dialog = window.team_sync.report_dialog
    assert dialog.conflict_rows()[0][0] == "Label schema"
    assert "EVENT" not in window.session.labels
    with qtbot.waitSignal(dialog.resolved, timeout=60000):
        assert dialog.resolve_selected("server")
    assert dialog.conflict_rows() == []
    assert "EVENT" in window.session.labels  # the window shows the server's schema
    dialog.close()
    window.close()


def test_a_conflicts_reason_is_shown_in_the_interfaces_language(qtbot, team, marked):
    """The Why column words a real conflict's reason through the translator (the GUI's
    wording: its buttons, not the CLI's --resolve), naming the span in conflict."""
    other = team.join_again()
    window = window_on(qtbot, team.ali, "ali")
    name = window.session.document.name
    span = conflicting(qtbot, window, other, name)

    report = sync_now(qtbot, window.team_sync)

    (conflict,) = report.conflicts
    items = (ConflictItem(ItemKind.ANNOTATION, span),)
    assert conflict.reason == SyncReason(Reason.UNIT_CONFLICT, items=items)
    [[document, member, why]] = window.team_sync.report_dialog.conflict_rows()
    assert (document, member) == (name, "ali")
    assert (
        why
        == reason_text(conflict.reason)
        == (
            "«Changed here and on the server (on another machine): {items}. Your version is kept "
            "here and on the server, and not sent: choose Keep mine or Take the server's.»"
        ).format(items=f"«span {span}»")
    )
    assert "--resolve" in conflict.why and "--resolve" not in why  # the CLI's, in English
    close_report(window.team_sync)
    window.close()


def _every_value(kind: Reason) -> SyncReason:
    """The core tests' reason of `kind` with every value set, with real statuses and roles
    (the GUI translates them)."""
    return every_value(kind)._replace(
        here=NEW, there=IN_PROGRESS, kept=DONE, role=LEAD, was="annotator"
    )


def test_every_kind_of_reason_has_a_gui_wording_naming_the_values_the_english_one_names(qapp):
    assert set(ITEMS) == set(ItemKind)
    shown = {  # each value of `_every_value` as the GUI shows it (in English)
        "document": "doc7",
        "member": "zaid",
        "number": "41",
        "names": "omar, huda",
        "items": "span key0, relation key1 (on a deleted span), note key2 and 2 more",
        "here": "“new”",
        "there": "“in progress”",
        "kept": "“done”",
        "role": "now lead",
        "was": "was annotator",
    }
    for kind in Reason:
        assert kind in REASONS, f"{kind} has no GUI wording"
        assert reason_values(REASONS[kind]) == REASON_VALUES[kind], kind
        reason = _every_value(kind)
        text = reason_text(reason)
        assert "{" not in text and "}" not in text and text != describe(reason), kind
        for value in REASON_VALUES[kind]:
            assert shown[value] in text, (kind, value, text)


def test_the_report_shows_work_held_here_and_the_syncs_notes(qtbot, team, marked):
    """A unit of a member the server does not know is held here, not sent: the report says
    how many, and the core's notes, under a heading; the status tooltip mentions it."""
    window = window_on(qtbot, team.ali, "ali")
    annotate(team.ali, "zed", window.session.document.name)  # zed: not a member

    report = sync_now(qtbot, window.team_sync)

    assert report.held == 1 and report.notes
    dialog = window.team_sync.report_dialog
    assert dialog is not None
    lines = dialog.summary.text().splitlines()
    assert "Held here, not sent: 1 (" in dialog.summary.text()
    heading = lines.index("Notes from the sync:")
    assert lines[heading + 1 :] == [f"• {reason_text(note)}" for note in report.notes]
    assert all(line.startswith("• «") for line in lines[heading + 1 :])  # translated
    assert window.team_sync.state.held == 1
    assert "Held here, not sent: 1" in window.team_sync.button.toolTip()
    close_report(window.team_sync)
    window.close()


def test_the_report_says_nothing_held_when_nothing_is(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    window.editor.annotate("ACTOR", 0, window.session.text.index(" "))
    report = sync_now(qtbot, window.team_sync)
    assert report.held == 0
    summary = window.team_sync.report_dialog.summary.text()
    assert "Held here" not in summary and "Notes from the sync" not in summary
    assert "Held here" not in window.team_sync.button.toolTip()
    close_report(window.team_sync)
    window.close()


def test_the_reports_first_conflict_is_chosen_right_to_left_too(qtbot, qapp, tmp_path):
    """An Arabic interface: the first conflict is selected, so its buttons work at once."""
    with make_project(tmp_path / "p.sqlite", seed_texts()[:1]) as project:
        why = SyncReason(Reason.UNIT_CONFLICT, items=(ConflictItem(ItemKind.ANNOTATION, "u1"),))
        conflict = SyncConflict("doc", "ab" * 32, "ali", why)
        report = SyncReport(conflicts=[conflict], held=2, notes=[SyncReason(Reason.SERVER_BEHIND)])
        qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # as the Arabic interface's
        try:
            dialog = SyncReportDialog(project, report)
            qtbot.addWidget(dialog)
            assert dialog.isRightToLeft()
            assert dialog.conflict_rows() == [["doc", "ali", reason_text(why)]]
            assert dialog.keep_mine_button.isEnabled() and dialog.take_server_button.isEnabled()
        finally:
            qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        assert "Held here, not sent: 2 (" in dialog.summary.text()
        assert dialog.summary.text().endswith(
            "Notes from the sync:\n• The server is behind this project's last sync (restored "
            "from a backup?): every unit was compared, and what it lost was sent again."
        )


# ---------------------------------------------------------------- the lead's dialogs


def test_the_progress_dashboard_lists_members_and_their_counts(qtbot, team, monkeypatch):
    sync_project(team.ali)
    with Project.open(team.ali) as project:
        document = project.document_ids()[0]
        project.set_status(document, "ali", DONE)
    annotate(team.ali, "ali", Project.open(team.ali).document(document).name)
    sync_project(team.ali)
    window = window_on(qtbot, team.lead, "lina")
    assert window.team_sync.progress_action.isEnabled()
    dashboards: list[bool] = []
    monkeypatch.setattr(window, "open_dashboard", lambda: dashboards.append(True))
    progress = window.team_sync.open_progress()  # deleted when closed
    with qtbot.waitSignal(progress.refreshed, timeout=60000):
        pass
    rows = {row[0]: row for row in progress.rows()}
    assert rows["ali"][1:7] == ["annotator", "2", "1", "0", "1", "1"]  # assigned, statuses
    assert rows["lina"][1] == "lead"
    assert rows["ali"][7] == "0"  # no open conflicts
    assert "Assigned documents done: 1 of 2" in progress.summary.text()
    with qtbot.waitSignal(progress.refreshed, timeout=60000):
        assert progress.refresh()
    progress.agreement_button.click()  # agreement: the dashboard on the synced project
    assert dashboards == [True]
    progress.close()
    window.close()


def test_server_items_are_disabled_with_a_reason_on_a_project_not_joined(qtbot, tmp_path):
    with make_project(tmp_path / "alone.sqlite", seed_texts()[:1]) as project:
        window = make_window(qtbot, project, "ali")
        sync = window.team_sync
        sync.update_actions()
        for action in (sync.sync_action, sync.progress_action, sync.add_member_action):
            assert not action.isEnabled()
            assert "not joined to a team server" in action.toolTip()
        assert sync.init_action.isEnabled() and sync.join_action.isEnabled()
        assert window.switch_annotator_action.isEnabled()
        assert not sync.button.isVisibleTo(window)
        window.close()


def test_an_annotator_cannot_use_the_leads_items(qtbot, team):
    window = window_on(qtbot, team.ali, "ali")
    sync = window.team_sync
    sync.update_actions()
    assert sync.sync_action.isEnabled()
    assert not sync.progress_action.isEnabled() and "Only a lead" in sync.progress_action.toolTip()
    assert not sync.init_action.isEnabled()
    assert not window.switch_annotator_action.isEnabled()  # only ali's work would be sent
    assert "only ali's work is sent" in window.switch_annotator_action.toolTip()
    window.close()


def test_the_lead_items_follow_the_role_after_a_sync(qtbot, team):
    """The Team menu's lead items are enabled again from the sync settings when a sync ends
    (the role here is made lead both on the server and in the settings, so this holds
    whether or not the core reads the role from the server)."""
    window = window_on(qtbot, team.ali, "ali")
    sync = window.team_sync
    sync.update_actions()
    assert not sync.progress_action.isEnabled()
    team_server.add_member(team.database.url, "ali", login="ali", role="lead")
    sync_local.set_meta(window.project, {sync_local.ROLE_KEY: LEAD})

    sync_now(qtbot, sync)  # no update_actions() by the test: the sync's end does it

    assert sync.progress_action.isEnabled() and sync.add_member_action.isEnabled()
    assert "Only a lead" not in sync.progress_action.toolTip()
    close_report(sync)
    window.close()


def test_a_member_promoted_on_the_server_gets_the_lead_items_at_the_next_sync(qtbot, team):
    """The role is the server's: promoted, the lead items come at the next sync; demoted, they
    go (with a tooltip saying why)."""
    window = window_on(qtbot, team.ali, "ali")
    sync = window.team_sync
    sync.update_actions()
    assert not sync.progress_action.isEnabled()
    team_server.add_member(team.database.url, "ali", login="ali", role="lead")

    sync_now(qtbot, sync)
    close_report(sync)

    assert sync_local.settings(window.project).role == LEAD
    assert sync.progress_action.isEnabled() and sync.blind_action.isEnabled()
    team_server.add_member(team.database.url, "ali", login="ali", role="annotator")  # demoted
    sync_now(qtbot, sync)
    close_report(sync)
    assert not sync.progress_action.isEnabled() and "Only a lead" in sync.progress_action.toolTip()
    window.close()


def test_join_a_team_project_creates_and_opens_the_local_project(qtbot, team, tmp_path, no_modal):
    settings = Settings()
    settings.annotator = "someone"  # this desktop's name: the joined project is ali's
    opened: list[MainWindow] = []

    def opener(parent, path):
        window = open_project_window(parent, path, settings=settings, auto_suggest=False)
        opened.append(window)
        return window

    start = StartWindow(settings, opener)
    qtbot.addWidget(start)
    dialog = start.join_team()
    out = tmp_path / "joined" / "mine.sqlite"
    out.parent.mkdir()
    dialog.url_edit.setText(team.database.url_for("ali"))
    dialog.out_edit.setText(str(out))
    assert dialog.start()
    qtbot.waitUntil(lambda: bool(opened), timeout=60000)
    [window] = opened
    assert window is not None and window.project.path == out
    assert window.team_sync.joined() and window.project.count_documents() == 2
    assert window.session.annotator == "ali"  # annotated as the member
    assert no_modal == []
    assert str(out.resolve()) in settings.recent_projects()
    # the app's window syncs as it opens (and then every few minutes)
    assert window.team_sync.timer.isActive()
    qtbot.waitUntil(lambda: window.team_sync.report is not None, timeout=60000)
    assert not window.team_sync.running and window.team_sync.state.state == SYNCED
    window.close()


def test_set_up_a_team_server_from_the_open_project(qtbot, pg_database, tmp_path, no_modal):
    with make_project(tmp_path / "lead.sqlite", seed_texts()[:2]) as project:
        window = make_window(qtbot, project, "lina")
        dialog = window.team_sync.set_up_server()
        dialog.url_edit.setText(pg_database.url)
        with qtbot.waitSignal(dialog.finishedRun, timeout=60000):
            assert dialog.start()
        assert window.team_sync.joined()
        window.team_sync.update_actions()
        assert window.team_sync.progress_action.isEnabled()
        assert not window.team_sync.init_action.isEnabled()
        members = team_server.members(pg_database.url)
        assert [(m.name, m.role) for m in members] == [("lina", "lead")]
        assert window.team_sync.button.text().startswith("Synced")
        window.editor.annotate("ACTOR", 0, window.session.text.index(" "))
        window.team_sync.refresh()  # the window's own writes are now waiting to be sent
        assert window.team_sync.state.pending == 1
        assert no_modal == []
        dialog.close()
        window.close()


def test_set_up_with_another_lead_name_annotates_as_that_member(
    qtbot, pg_database, tmp_path, no_modal
):
    with make_project(tmp_path / "lead.sqlite", seed_texts()[:2]) as project:
        window = make_window(qtbot, project, "lina")
        dialog = window.team_sync.set_up_server()
        dialog.url_edit.setText(pg_database.url)
        dialog.lead_edit.setText("Lina H")
        with qtbot.waitSignal(dialog.finishedRun, timeout=60000):
            assert dialog.start()
        assert window.session.annotator == "Lina H"  # the member whose work is sent
        window.editor.annotate("ACTOR", 0, window.session.text.index(" "))
        window.team_sync.refresh()
        assert window.team_sync.state.pending == 1
        assert no_modal == []
        dialog.close()
        window.close()


def test_a_url_with_a_password_is_refused_in_the_forms(qtbot, team, tmp_path, monkeypatch):
    window = window_on(qtbot, team.lead, "lina")
    dialog = window.team_sync.join()
    errors: list[str] = []
    monkeypatch.setattr(dialog, "show_error", errors.append)
    login, rest = team.database.url_for("ali").removeprefix("postgresql://").split("@", 1)
    dialog.url_edit.setText(f"postgresql://{login}:pw-ali@{rest}")
    dialog.out_edit.setText(str(tmp_path / "new.sqlite"))
    with qtbot.waitSignal(dialog.failedRun, timeout=60000):
        assert dialog.start()
    assert errors and "Password field" in errors[0] and "pw-ali" not in errors[0]
    assert not (tmp_path / "new.sqlite").exists()
    dialog.close()
    window.close()


def test_the_lead_turns_blind_off_and_removes_a_member(qtbot, team, no_modal):
    window = window_on(qtbot, team.lead, "lina")
    window.team_sync.update_actions()
    assert window.team_sync.blind_action.isEnabled()
    assert window.team_sync.remove_member_action.isEnabled()
    blind = window.team_sync.set_blind()
    blind.blind_combo.setCurrentIndex(1)  # off
    with qtbot.waitSignal(blind.finishedRun, timeout=60000):
        assert blind.start()
    assert "off" in blind.status_label.text()
    blind.close()
    with team.database.superuser() as su:
        assert su.execute("SELECT value FROM annotator.meta WHERE key = 'blind'").fetchone() == (
            "0",
        )
    remove = window.team_sync.remove_member()  # lists the server's members at once
    qtbot.waitUntil(lambda: remove.member_combo.count() == 2, timeout=60000)
    qtbot.waitUntil(lambda: not remove.is_running(), timeout=60000)
    remove.member_combo.setCurrentText("ali")
    with qtbot.waitSignal(remove.finishedRun, timeout=60000):
        assert remove.start()
    remove.close()
    assert [m.name for m in team_server.members(team.database.url)] == ["lina"]
    assert no_modal == []
    window.close()
    ali = window_on(qtbot, team.ali, "ali")
    ali.team_sync.update_actions()
    assert not ali.team_sync.blind_action.isEnabled()
    ali.close()


def test_the_lead_adds_a_member_and_assigns_on_the_server(qtbot, team, no_modal):
    window = window_on(qtbot, team.lead, "lina")
    add = window.team_sync.add_member()
    add.name_edit.setText("سارة")
    add.login_edit.setText("sara")
    add.member_password_edit.setText("pw-sara")
    add.member_password_again.setText("pw-sara")
    with qtbot.waitSignal(add.finishedRun, timeout=60000):
        assert add.start()
    assert "سارة" in add.status_label.text()
    add.close()
    assign = window.team_sync.assign_on_server()  # lists the server's annotators at once
    qtbot.waitUntil(lambda: assign.annotator_list.count() == 2, timeout=60000)
    qtbot.waitUntil(lambda: not assign.is_running(), timeout=60000)
    for row in range(assign.annotator_list.count()):
        item = assign.annotator_list.item(row)
        item.setCheckState(
            Qt.CheckState.Checked if item.text() == "سارة" else Qt.CheckState.Unchecked
        )
    assign.overlap_spin.setValue(100)
    with qtbot.waitSignal(assign.finishedRun, timeout=60000):
        assert assign.start()
    assign.close()
    rows = {row.member: row for row in team_server.progress(team.database.url)}
    assert rows["سارة"].assigned == 2 and rows["ali"].assigned == 2
    assert no_modal == []
    window.close()


def test_a_refused_add_member_says_why(qtbot, team, monkeypatch):
    window = window_on(qtbot, team.ali, "ali")  # an annotator: the server refuses
    dialog = window.team_sync.add_member()
    errors: list[str] = []
    monkeypatch.setattr(dialog, "show_error", errors.append)
    dialog.name_edit.setText("sara")
    dialog.member_password_edit.setText("pw")
    dialog.member_password_again.setText("pw")
    with qtbot.waitSignal(dialog.failedRun, timeout=60000):
        assert dialog.start()
    assert errors and "refused" in errors[0].lower()
    dialog.close()
    window.close()


def test_the_app_starts_without_the_postgresql_driver() -> None:
    """psycopg (~0.2-0.4 s to import) is loaded by the first sync, not at the app's start."""
    import subprocess
    import sys

    code = (
        "import sys, annotator.gui.launch, annotator.gui.main_window, annotator.gui.start_page;"
        "print(sorted(m for m in sys.modules if m.startswith('psycopg')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
