"""The export dialog's Clitic pieces choice (`annotator export --segment`): shown for CoNLL and
Hugging Face, disabled saying how to install a database when there is none, and the file it
writes is the command line's."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.camel import config
from annotator.cli import main
from annotator.gui.export_dialog import ExportDialog
from annotator.model import DocRecord, SpanRecord
from annotator.store import Project

TINY = Path(__file__).parent / "data" / "morphology" / "tiny.db"
TEXT = "قال للحكومة إن وبالمدنيين حكومته."


@pytest.fixture(autouse=True)
def nothing_installed(monkeypatch):
    monkeypatch.setattr(config, "installed_data_dirs", lambda: [])


@pytest.fixture
def small_project(tmp_path: Path):
    start = TEXT.index("مدنيين")
    with Project.create(tmp_path / "p.sqlite") as opened:
        opened.import_records(
            [DocRecord(TEXT, spans=[SpanRecord(start, start + 6, "ACTOR")])], "amal", done=True
        )
        yield opened


def test_the_choice_follows_the_format_and_writes_the_clis_file(qtbot, small_project, tmp_path):
    config.save_config(config.ToolsConfig(morphology_db=str(TINY)))
    dialog = ExportDialog(small_project)
    qtbot.addWidget(dialog)
    dialog.show()
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    combo = dialog.segment_combo
    assert combo.currentData() is None  # whole words by default, as the CLI
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "d3tok", "atbtok"]
    for fmt, shown in [("conll", True), ("hf", True), ("jsonl", False), ("brat", False)]:
        dialog.set_format(fmt)
        assert combo.isVisibleTo(dialog) is shown, fmt
    assert combo.isEnabled()
    combo.setCurrentIndex(combo.findData("d3tok"))
    dialog.set_format("jsonl")
    assert dialog.options().segment is None  # hidden: not asked for
    dialog.set_format("conll")
    assert dialog.options().segment == "d3tok"

    dialog.annotator_combo.setCurrentText("amal")
    out = tmp_path / "gui" / "ner.conll"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert not errors
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# columns = token word ner\n")
    assert "مدنيين\tوبالمدنيين\tB-ACTOR\n" in written
    cli_out = tmp_path / "cli" / "ner.conll"
    args = ["--format", "conll", "--out", str(cli_out), "--annotator", "amal", "--segment", "d3tok"]
    assert main(["export", str(small_project.path), *args]) == 0
    assert cli_out.read_bytes() == out.read_bytes()


def test_without_a_database_the_choice_is_disabled_and_says_how_to_install(qtbot, small_project):
    dialog = ExportDialog(small_project)
    qtbot.addWidget(dialog)
    dialog.set_format("conll")
    combo = dialog.segment_combo
    assert not combo.isEnabled()
    assert "camel_data -i morphology-db-msa-r13" in combo.toolTip()
    combo.setCurrentIndex(combo.findData("d3tok"))
    assert dialog.options().segment is None
