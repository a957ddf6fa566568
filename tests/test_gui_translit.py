"""Transliteration in the app: the View > Transliteration setting and the selected span shown in
Latin letters (for team members who do not read Arabic script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.settings import Settings
from annotator.model import DocRecord, SpanRecord
from annotator.store import Project


def test_transliteration_setting_defaults_to_buckwalter_and_is_remembered():
    assert Settings().transliteration() == "bw"
    Settings().set_transliteration("hsb")
    assert Settings().transliteration() == "hsb"
    Settings().set_transliteration(None)
    assert Settings().transliteration() is None


def test_an_unknown_stored_scheme_reads_as_off():
    settings = Settings()
    settings.qsettings.setValue("view/transliteration", "klingon")
    assert settings.transliteration() is None


# ------------------------------------------------------------------------------ export dialog


@pytest.fixture
def small_project(tmp_path: Path):
    text = "قال وزير الدفاع إن 3 جنود قتلوا في Gaza."
    start = text.index("وزير")
    with Project.create(tmp_path / "p.sqlite") as opened:
        opened.import_records(
            [DocRecord(text, spans=[SpanRecord(start, start + 15, "ACTOR")])], "amal", done=True
        )
        yield opened


def test_export_dialog_offers_the_transliteration_where_the_format_has_a_place(
    qtbot, small_project, tmp_path
):
    dialog = ExportDialog(small_project)
    qtbot.addWidget(dialog)
    dialog.show()
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    combo = dialog.translit_combo
    assert combo.currentData() is None  # none by default, as the CLI
    assert [combo.itemText(i) for i in range(combo.count())][1:] == [
        "Buckwalter",
        "Safe Buckwalter",
        "Habash-Soudi-Buckwalter",
    ]
    for fmt, shown in [("conll", True), ("jsonl", True), ("hf", True), ("brat", False)]:
        dialog.set_format(fmt)
        assert combo.isVisibleTo(dialog) is shown, fmt
    dialog.set_format("brat")
    combo.setCurrentIndex(combo.findData("bw"))
    assert dialog.options().translit is None  # hidden: not asked for
    dialog.set_format("conll")
    assert dialog.options().translit == "bw"

    dialog.annotator_combo.setCurrentText("amal")
    out = tmp_path / "gui" / "ner.conll"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert not errors
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# columns = token translit ner\n")
    assert "وزير\twzyr\tB-ACTOR\n" in written
    cli_out = tmp_path / "cli" / "ner.conll"
    args = ["--format", "conll", "--out", str(cli_out), "--annotator", "amal", "--translit", "bw"]
    assert main(["export", str(small_project.path), *args]) == 0
    assert cli_out.read_bytes() == out.read_bytes()


def test_export_dialog_shows_the_refusal_of_docstart_with_a_transliteration(
    qtbot, small_project, tmp_path
):
    dialog = ExportDialog(small_project)
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    dialog.set_format("conll")
    dialog.annotator_combo.setCurrentText("amal")
    dialog.header_combo.setCurrentIndex(dialog.header_combo.findData("docstart"))
    dialog.translit_combo.setCurrentIndex(dialog.translit_combo.findData("hsb"))
    dialog.out_edit.setText(str(tmp_path / "d.conll"))
    with qtbot.waitSignal(dialog.exportFailed, timeout=30000):
        dialog.start_export()
    assert "--header comment" in errors[-1]
    assert not (tmp_path / "d.conll").exists()
