"""ExportDialog: the CLI's choices, a background export with progress, Cancel leaves nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import annotator.gui.export_dialog as export_dialog
from annotator.cli import main
from annotator.errors import UsageError
from annotator.gui.export_dialog import ExportDialog
from annotator.model import DocRecord, RelationRecord, SpanRecord
from annotator.store import Project

TEXT = "😀 قال وزير الدفاع إن {} جنود قتلوا في القصف."


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "p.sqlite") as opened:
        amal, omar = [], []
        for i in range(250):
            text = TEXT.format(i)
            start = text.index("وزير")
            actor = SpanRecord(start, start + 11, "ACTOR", id="a")
            claim = SpanRecord(start, text.index(" في"), "CLAIM", id="c")
            amal.append(
                DocRecord(
                    text, spans=[actor, claim], relations=[RelationRecord("c", "a", "source")]
                )
            )
            omar.append(DocRecord(text, spans=[SpanRecord(start, start + 4, "ACTOR")]))
        opened.import_records(amal[1::2], "amal", done=True)
        opened.import_records(amal[::2], "amal")
        opened.import_records(omar, "omar")
        yield opened


@pytest.fixture
def dialog(qtbot, project):
    widget = ExportDialog(project)
    qtbot.addWidget(widget)
    widget.errors = []
    widget.show_error = widget.errors.append
    return widget


def test_choices_match_the_cli(qtbot, dialog, project, tmp_path):
    dialog.set_format("conll")
    dialog.annotator_radio.setChecked(True)
    dialog.annotator_combo.setCurrentText("amal")
    assert dialog.scheme_combo.currentData() == "auto"  # as the CLI's default
    dialog.scheme_combo.setCurrentIndex(dialog.scheme_combo.findData("BIOES"))
    dialog.set_labels(["ACTOR", "CLAIM"])
    assert not dialog.include_check.isChecked()  # done only, as --status done
    dialog.split_check.setChecked(True)
    dialog.train_spin.setValue(70)
    dialog.dev_spin.setValue(20)
    dialog.test_spin.setValue(10)
    dialog.seed_spin.setValue(5)
    dialog.offsets_check.setChecked(True)
    out = tmp_path / "gui" / "ner.conll"
    dialog.choose_output = lambda: str(out)
    dialog.browse_button.click()
    assert dialog.out_edit.text() == str(out)
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000) as finished:
        assert dialog.start_export()
        assert dialog.is_running() and not dialog.export_button.isEnabled()
    assert not dialog.errors
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 125  # 100%
    assert not dialog.is_running() and dialog.export_button.isEnabled()
    result = finished.args[0]
    assert "ner.train.conll" in dialog.summary_view.toPlainText()
    cli_out = tmp_path / "cli" / "ner.conll"
    code = main(
        [
            "export",
            str(project.path),
            "--format",
            "conll",
            "--out",
            str(cli_out),
            "--annotator",
            "amal",
            "--scheme",
            "bioes",
            "--labels",
            "ACTOR,CLAIM",
            "--status",
            "done",
            "--split",
            "70,20,10",
            "--seed",
            "5",
            "--offsets",
        ]
    )
    assert code == 0
    for item in result.files:
        assert (cli_out.parent / item.path.name).read_bytes() == item.path.read_bytes()
    assert [f.documents for f in result.files] == [88, 25, 12]


def test_majority_and_gold_choices(dialog, project):
    dialog.majority_radio.setChecked(True)
    dialog.majority_spin.setValue(2)
    options = dialog.options()
    assert (options.majority, options.annotator, options.labels) == (2, None, None)
    dialog.all_radio.setChecked(True)
    assert dialog.options().all_annotators
    assert not dialog.gold_radio.isEnabled()  # no gold standard in this project
    dialog.set_labels([])
    with pytest.raises(UsageError, match="at least one label"):
        dialog.options()


def test_bad_choices_are_shown_not_run(dialog, tmp_path):
    assert not dialog.start_export()  # no output path
    assert dialog.errors == ["choose where to write the export"]
    dialog.out_edit.setText(str(tmp_path / "x.jsonl"))
    dialog.split_check.setChecked(True)
    dialog.train_spin.setValue(90)
    assert not dialog.start_export()
    assert "add up to 100%" in dialog.errors[-1]
    assert not dialog.is_running()


def test_cancel_leaves_no_file(qtbot, dialog, tmp_path, monkeypatch):
    gate = threading.Event()
    real_export = export_dialog.export

    def gated_export(project, out, options, *, progress, cancelled):
        def paused(done, total):
            progress(done, total)
            gate.wait(10)  # hold the export after its first chunk until Cancel is pressed

        return real_export(project, out, options, progress=paused, cancelled=cancelled)

    monkeypatch.setattr(export_dialog, "export", gated_export)
    folder = tmp_path / "cancel"
    folder.mkdir()
    dialog.set_format("jsonl")
    dialog.out_edit.setText(str(folder / "out.jsonl"))
    with qtbot.waitSignal(dialog.exportCancelled, timeout=30000):
        assert dialog.start_export()
        qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=10000)
        dialog.cancel_button.click()
        gate.set()
    assert list(folder.iterdir()) == []
    assert "nothing was written" in dialog.summary_view.toPlainText()
    assert not dialog.is_running() and dialog.export_button.isEnabled()


def test_failure_is_reported(qtbot, dialog, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    dialog.out_edit.setText(str(blocker / "out.jsonl"))  # a file as a folder
    with qtbot.waitSignal(dialog.exportFailed, timeout=30000):
        dialog.start_export()
    assert dialog.errors and "export failed" in dialog.summary_view.toPlainText()


@pytest.mark.parametrize(
    ("fmt", "scheme", "conll"),
    [("conll", True, True), ("hf", True, False), ("jsonl", False, False), ("brat", False, False)],
)
def test_options_follow_what_the_format_takes(dialog, fmt, scheme, conll):
    dialog.set_format(fmt)
    dialog.columns_combo.setCurrentIndex(dialog.columns_combo.findData("single"))
    assert dialog.scheme_combo.isEnabled() == scheme
    assert dialog.conll_box.isEnabled() == conll
    assert dialog.priority_edit.isEnabled() == conll


@pytest.mark.parametrize(("columns", "header"), [("levels", "ner"), ("labels", "ACTOR")])
def test_the_tag_columns_choice_reaches_the_file(qtbot, dialog, tmp_path, columns, header):
    dialog.set_format("conll")
    dialog.annotator_radio.setChecked(True)
    dialog.annotator_combo.setCurrentText("amal")
    dialog.include_check.setChecked(True)
    dialog.set_labels(["ACTOR"])
    dialog.columns_combo.setCurrentIndex(dialog.columns_combo.findData(columns))
    assert not dialog.priority_edit.isEnabled()  # only for one column
    out = tmp_path / "ner.conll"
    dialog.choose_output = lambda: str(out)
    dialog.browse_button.click()
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert not dialog.errors
    first = out.read_text(encoding="utf-8").split("\n")[0]
    assert first.startswith(f"# columns = token {header}")
