"""Transliteration in the app: the View > Transliteration setting and the selected span shown in
Latin letters (for team members who do not read Arabic script)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from test_gui_support import click_char, drag, find_span, make_project, make_window

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


def test_export_dialog_never_offers_docstart_with_a_transliteration(qtbot, small_project, tmp_path):
    """The export refuses -DOCSTART- headers with a transliteration column (those files name no
    columns): the dialog does not let the pair be chosen, whichever is picked first."""
    dialog = ExportDialog(small_project)
    qtbot.addWidget(dialog)
    errors: list[str] = []
    dialog.show_error = errors.append  # type: ignore[method-assign]
    dialog.set_format("conll")
    dialog.annotator_combo.setCurrentText("amal")
    docstart = dialog.header_combo.findData("docstart")
    docstart_item = dialog.header_combo.model().item(docstart)
    dialog.header_combo.setCurrentIndex(docstart)
    assert docstart_item.isEnabled()
    dialog.translit_combo.setCurrentIndex(dialog.translit_combo.findData("hsb"))
    assert dialog.header_combo.currentData() == "comment"  # moved off docstart
    assert not docstart_item.isEnabled()
    out = tmp_path / "d.conll"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30000):
        assert dialog.start_export()
    assert not errors
    assert out.read_text(encoding="utf-8").startswith("# columns = token translit")
    dialog.translit_combo.setCurrentIndex(dialog.translit_combo.findData(None))
    assert docstart_item.isEnabled()


# ------------------------------------------------------------------------------ selected span

TEXT = "قال وزير الدفاع إن القصف استمر في Gaza أمس."


@pytest.fixture
def window(qtbot, tmp_path: Path):
    project = make_project(tmp_path / "w.sqlite", [("news", TEXT)])
    [doc_id] = project.document_ids()
    project.add_annotation(doc_id, "tester", "ACTOR", *find_span(TEXT, "وزير الدفاع"))
    project.add_annotation(doc_id, "tester", "ACTOR", *find_span(TEXT, "Gaza"))
    shown = make_window(qtbot, project)
    yield shown
    project.close()


def menu_action(window, scheme_name: str):
    from PySide6.QtWidgets import QMenu

    menu = window.findChild(QMenu, "transliterationMenu")
    assert menu is not None  # under View
    [action] = [a for a in menu.actions() if a.text().replace("&", "") == scheme_name]
    return action


def click_span(qtbot, window, needle: str) -> None:
    start, end = find_span(TEXT, needle)
    click_char(qtbot, window.view, (start + end) // 2)
    qtbot.waitUntil(lambda: window.attributes.uuid is not None, timeout=5000)


def test_the_selected_span_is_shown_in_buckwalter_by_default(qtbot, window):
    editor = window.attributes
    assert editor.transliteration() == ""  # nothing selected
    click_span(qtbot, window, "وزير الدفاع")
    assert editor.transliteration() == "wzyr AldfAE"
    assert editor.findChild(QLabel, "spanTransliteration").isVisible()
    assert "Buckwalter" in editor.findChild(QLabel, "spanTransliteration").toolTip()
    window.view.select_annotation(None)
    window.attributes.show_annotation(None)
    assert editor.transliteration() == ""


def test_view_menu_changes_the_scheme_at_once_and_remembers_it(qtbot, window, tmp_path):
    click_span(qtbot, window, "وزير الدفاع")
    assert menu_action(window, "Buckwalter").isChecked()
    menu_action(window, "Habash-Soudi-Buckwalter").trigger()
    assert window.attributes.transliteration() == "wzyr AldfAς"
    assert Settings().transliteration() == "hsb"
    menu_action(window, "Off").trigger()
    assert window.attributes.transliteration() == ""
    assert not window.attributes.findChild(QLabel, "spanTransliteration").isVisible()
    assert Settings().transliteration() is None
    menu_action(window, "Safe Buckwalter").trigger()
    assert window.attributes.transliteration() == "wzyr AldfAE"
    # a new window starts with the remembered scheme
    Settings().set_transliteration("hsb")
    project = make_project(tmp_path / "other.sqlite", [("news", TEXT)])
    [doc_id] = project.document_ids()
    project.add_annotation(doc_id, "tester", "ACTOR", *find_span(TEXT, "القصف"))
    other = make_window(qtbot, project)
    assert menu_action(other, "Habash-Soudi-Buckwalter").isChecked()
    click_span(qtbot, other, "القصف")
    assert other.attributes.transliteration() == "AlqSf"
    project.close()


def test_a_span_without_arabic_letters_shows_no_transliteration(qtbot, window):
    click_span(qtbot, window, "Gaza")
    assert window.attributes.uuid is not None
    assert window.attributes.transliteration() == ""


def test_a_text_selection_is_shown_with_its_transliteration_before_it_is_labelled(qtbot, window):
    editor = window.attributes
    start, end = find_span(TEXT, "القصف استمر")
    drag(qtbot, window.view, start, end)
    assert window.view.selected_range() == (start, end)
    assert editor.uuid is None
    assert editor.selected_text == "القصف استمر"
    assert editor.transliteration() == "AlqSf Astmr"
    click_span(qtbot, window, "وزير الدفاع")  # a span: its own text, the selection gone
    assert editor.transliteration() == "wzyr AldfAE"
    window.view.select_range(start, end)
    window.view.select_annotation(None)
    assert editor.transliteration() == "AlqSf Astmr"
    menu_action(window, "Off").trigger()
    assert editor.transliteration() == ""
    assert editor.selected_text == "القصف استمر"  # still shown, in Arabic only
