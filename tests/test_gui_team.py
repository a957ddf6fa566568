"""Team > Assign to annotators… and Team > Merge copies…: `annotator assign` and `merge` from
the window, through the same core in a background job, with progress, Cancel (nothing
written), errors naming the file, and the command's own report; a merge takes a "before
merge" snapshot and the window shows what it brought."""

from __future__ import annotations

from pathlib import Path
from string import Formatter

import pytest
from test_gui_support import make_project, make_window, marked_translation, seed_texts

import annotator.gui.team_dialogs as team_dialogs
from annotator.cli import main
from annotator.gui.shown_paths import shown_path
from annotator.gui.team_dialogs import AssignDialog, MergeDialog, TeamDialog
from annotator.store import Project, backups
from annotator.team import (
    REPORT_HEADERS,
    REPORT_LINES,
    assign_documents,
    line_text,
    merge_report,
)


@pytest.fixture
def project(tmp_path: Path):
    with make_project(tmp_path / "corpus.sqlite", seed_texts()[:4]) as opened:
        yield opened


def dialog_of(qtbot, kind, project: Project):
    dialog = kind(project)
    qtbot.addWidget(dialog)
    dialog.errors = []
    dialog.show_error = dialog.errors.append
    return dialog


def run(qtbot, dialog: TeamDialog, expected: str = "finishedRun"):
    """Start the dialog's job and wait for its end, which must be the signal `expected`."""
    ended: list[tuple[str, tuple]] = []
    names = ("finishedRun", "failedRun", "cancelledRun")
    slots = {name: lambda *args, name=name: ended.append((name, args)) for name in names}
    for name in names:
        getattr(dialog, name).connect(slots[name])
    try:
        assert dialog.start()
        assert dialog.is_running() and not dialog.run_button.isEnabled()
        qtbot.waitUntil(lambda: bool(ended), timeout=60000)
    finally:
        for name in names:
            getattr(dialog, name).disconnect(slots[name])
    [(name, args)] = ended
    assert name == expected, args
    assert not dialog.is_running() and dialog.run_button.isEnabled()
    return args[0] if args else None


def cli_output(capsys, args: list[str]) -> list[str]:
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().out.splitlines()


def table_cells(lines: list[str], rows: int) -> list[list[str]]:
    """The first `rows` + 1 lines of a printed table (its header first), split in cells."""
    return [line.split() for line in lines[: rows + 1]]


# ---------------------------------------------------------------------------- assign


def choose_annotators(dialog: AssignDialog, names: str) -> None:
    dialog.new_name_edit.setText(names)
    dialog.add_name_button.click()


def test_assign_writes_the_copies_and_shows_the_commands_report(qtbot, project, tmp_path, capsys):
    dialog = dialog_of(qtbot, AssignDialog, project)
    choose_annotators(dialog, "ali, mona")
    assert dialog.chosen_annotators() == ["ali", "mona"]
    dialog.overlap_spin.setValue(50)
    assert dialog.overlap_label.text().startswith("2 of the 4 documents")
    dialog.seed_edit.setText("7")
    dialog.folder_edit.setText(str(tmp_path / "gui"))
    outcome = run(qtbot, dialog)
    assert sorted(p.name for p in (tmp_path / "gui").iterdir()) == [
        "ali.sqlite",
        "assignment.json",
        "mona.sqlite",
    ]
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 2
    cli = cli_output(
        capsys,
        ["assign", str(project.path), "--annotators", "ali,mona", "--overlap", "0.5"]
        + ["--out", str(tmp_path / "cli"), "--seed", "7"],
    )
    shown = dialog.report_text()
    assert [line.split() for line in shown[:3]] == table_cells(cli, 2)
    gui_folder = shown_path(tmp_path / "gui")  # (kept in order in a right-to-left window)
    assert shown[3:] == [line.replace(str(tmp_path / "cli"), gui_folder) for line in cli[3:]]
    english = [line.replace(str(tmp_path / "cli"), str(tmp_path / "gui")) for line in cli[3:]]
    assert [line_text(line) for line in outcome.report.lines] == english  # the CLI's words


def test_assign_refuses_to_overwrite_unless_asked(qtbot, project, tmp_path):
    folder = tmp_path / "shares"
    assign_documents(project, folder, ["ali"], 0.0, seed=1)
    before = (folder / "ali.sqlite").stat().st_mtime_ns
    dialog = dialog_of(qtbot, AssignDialog, project)
    choose_annotators(dialog, "ali")
    dialog.folder_edit.setText(str(folder))
    error = run(qtbot, dialog, "failedRun")
    assert str(folder / "ali.sqlite") in str(error)
    assert dialog.errors == [str(error)]
    assert str(folder / "ali.sqlite") in dialog.report_text()[-1]
    assert (folder / "ali.sqlite").stat().st_mtime_ns == before
    dialog.force_check.setChecked(True)
    run(qtbot, dialog)
    assert (folder / "ali.sqlite").stat().st_mtime_ns != before


def test_assign_choices_that_cannot_run_are_shown(qtbot, project, tmp_path):
    dialog = dialog_of(qtbot, AssignDialog, project)
    assert not dialog.start()
    assert "annotator" in dialog.errors[-1]
    choose_annotators(dialog, "ali")
    dialog.seed_edit.setText("seven")
    assert not dialog.start()
    assert "seed" in dialog.errors[-1]
    assert not (tmp_path / "corpus-copies").exists()


def test_cancelled_assignment_writes_no_copy(qtbot, project, tmp_path, monkeypatch):
    real = team_dialogs.TeamJob._progress

    def cancel_after_the_first_copy(job, count: int) -> None:
        job.cancel()  # as the Cancel button does
        real(job, count)

    monkeypatch.setattr(team_dialogs.TeamJob, "_progress", cancel_after_the_first_copy)
    dialog = dialog_of(qtbot, AssignDialog, project)
    choose_annotators(dialog, "ali,mona")
    dialog.folder_edit.setText(str(tmp_path / "shares"))
    run(qtbot, dialog, "cancelledRun")
    assert not list((tmp_path / "shares").glob("*.sqlite"))
    assert "nothing was written" in dialog.status_label.text()


# ---------------------------------------------------------------------------- merge


@pytest.fixture
def copies(project, tmp_path) -> dict[str, Path]:
    """ali's and mona's copies of every document, ali's first document annotated."""
    result = assign_documents(project, tmp_path / "shares", ["ali", "mona"], 1.0, seed=3)
    with Project.open(result.paths["ali"]) as copy:
        text = copy.document_text(1)
        copy.add_annotation(1, "ali", "ACTOR", 0, text.index(" "))
        copy.set_status(1, "ali", "done")
    with Project.open(result.paths["mona"]) as copy:
        copy.add_annotation(2, "mona", "CLAIM", 0, 5)
    return result.paths


def test_merge_from_the_window_brings_the_copies_back(qtbot, project, copies, monkeypatch, capsys):
    window = make_window(qtbot, project, "ali")
    team_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Team")
    # the file-based team tools first; the team server's items follow (tests/test_gui_sync.py)
    assert team_menu.actions()[:2] == [window.assign_action, window.merge_action]
    shown: list[MergeDialog] = []
    monkeypatch.setattr(MergeDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window.merge_action.trigger()
    [dialog] = shown
    qtbot.addWidget(dialog)
    dialog.show_error = pytest.fail
    dialog.add_paths([copies["ali"], copies["mona"]])
    cli = cli_output(
        capsys, ["merge", str(project.path), str(copies["ali"]), str(copies["mona"]), "--dry-run"]
    )
    window.open_document(1)
    assert window.session.annotations == {}
    run(qtbot, dialog)
    # written: into the project, and shown by the window at once
    assert [a.annotator for a in project.annotations(1)] == ["ali"]
    assert [a.annotator for a in project.annotations(2)] == ["mona"]
    assert [a.label for a in window.session.annotations.values()] == ["ACTOR"]
    assert window.session.current_status == "done"
    # the command's report (its dry run said the same, and that nothing was written)
    shown_lines = dialog.report_text()
    assert [line.split() for line in shown_lines[:3]] == table_cells(cli, 2)
    assert shown_lines[3:] == [line for line in cli[3:] if not line.startswith("dry run")]
    # the snapshot taken before it holds the project as it was
    [snapshot] = [
        s for s in backups.list_snapshots(project.path) if s.reason == backups.BEFORE_MERGE
    ]
    with Project.open(snapshot.path) as before:
        assert before.annotations(1) == [] and before.annotations(2) == []
    assert "before merge" in dialog.status_label.text()


def test_merge_dry_run_writes_nothing(qtbot, project, copies):
    dialog = dialog_of(qtbot, MergeDialog, project)
    merged: list[bool] = []
    dialog.merged.connect(merged.append)
    dialog.add_paths([copies["ali"]])
    dialog.dry_run_check.setChecked(True)
    run(qtbot, dialog)
    assert project.annotations(1) == []
    assert dialog.report_text()[-1] == "dry run: nothing was written"
    assert merged == []
    assert not [s for s in backups.list_snapshots(project.path) if s.reason == "before merge"]


def test_merge_error_names_the_file_and_writes_nothing(qtbot, project, copies, tmp_path):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a project", encoding="utf-8")
    dialog = dialog_of(qtbot, MergeDialog, project)
    dialog.add_paths([copies["ali"], notes])
    error = run(qtbot, dialog, "failedRun")
    assert "notes.sqlite" in str(error)
    assert dialog.errors == [str(error)]
    assert dialog.report_text() == [MergeDialog.failed_text, str(error)]
    assert project.annotations(1) == []


def test_cancelled_merge_is_rolled_back(qtbot, project, copies, monkeypatch):
    real = team_dialogs.TeamJob._progress

    def cancel_after_the_first_copy(job, count: int) -> None:
        if count:  # the first copy is merged, inside the transaction
            job.cancel()
        real(job, count)

    monkeypatch.setattr(team_dialogs.TeamJob, "_progress", cancel_after_the_first_copy)
    dialog = dialog_of(qtbot, MergeDialog, project)
    dialog.add_paths([copies["ali"], copies["mona"]])
    run(qtbot, dialog, "cancelledRun")
    assert project.annotations(1) == [] and project.annotations(2) == []
    assert "the project is as it was" in dialog.status_label.text()


def test_merge_needs_copies(qtbot, project):
    dialog = dialog_of(qtbot, MergeDialog, project)
    assert not dialog.start()
    assert dialog.errors == ["add the copies to merge"]


# ---------------------------------------------------------------------------- in the app's language


def test_every_report_column_and_line_has_a_gui_wording_naming_the_same_values():
    """The GUI words what the CLI prints (`team.REPORT_HEADERS`, `team.REPORT_LINES`): every
    column and every kind of line, each line naming the values its English names."""

    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in Formatter().parse(text) if field}

    assert set(team_dialogs.HEADERS) == set(REPORT_HEADERS)
    assert set(team_dialogs.LINES) == set(REPORT_LINES)
    for kind, english in REPORT_LINES.items():
        assert names(team_dialogs.LINES[kind]) == names(english), kind
        assert team_dialogs.LINES[kind] == english, kind  # English: the CLI's own words


def test_the_merge_report_is_worded_by_the_translator(qtbot, project, copies):
    """Columns and lines go through the translation (marked «…» by a stand-in): a conflict
    with its values, the labels a copy added joined as the language joins a list."""
    project.add_annotation(2, "mona", "ACTOR", 0, 3)  # here, not in mona's copy: a conflict
    with Project.open(copies["ali"]) as copy:
        copy.ensure_labels(["VICTIM", "PLACE"])
        copy.add_annotation(1, "ali", "VICTIM", 0, 2)
        copy.add_annotation(1, "ali", "PLACE", 3, 5)
    with marked_translation("TeamReport", "i18n"):
        dialog = dialog_of(qtbot, MergeDialog, project)
        dialog.add_paths([copies["ali"], copies["mona"]])
        dialog.dry_run_check.setChecked(True)
        run(qtbot, dialog)
        shown = dialog.report_text()
    header = "  ".join(f"«{h}»" for h in merge_report([]).headers)
    assert shown[0] == header
    lines = shown[3:]
    mona = shown_path(copies["mona"])
    conflict = (
        f"«conflict: mona on {project.document(2).name}: 1 annotation(s), relation(s) or "
        f"document label(s) in the project are missing or different in mona.sqlite»"
    )
    assert f"«{mona}: {conflict}»" in lines
    assert f"«{shown_path(copies['ali'])}: «labels added: VICTIM«; »PLACE»»" in lines
    assert lines[-1] == "«dry run: nothing was written»"
