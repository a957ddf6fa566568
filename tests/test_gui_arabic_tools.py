"""Settings > Arabic tools…: the inventory shown, the morphology database and NER model chosen
(the display follows, Save writes them), CAMeL NER's label mapping, the install commands."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog
from test_gui_support import make_project, make_window

from annotator.camel import config, env, inventory
from annotator.gui import arabic_tools_dialog
from annotator.gui.arabic_tools_dialog import ArabicToolsDialog

MORPHOLOGY = Path("data", "morphology_db", "calima-msa-r13", "morphology.db")
NER = Path("data", "ner", "arabert")


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(env, "_REAL_HOME", home)
    monkeypatch.setattr(env, "_USER_DATA", None)
    real = env.module_found
    monkeypatch.setattr(
        env, "module_found", lambda name: name not in ("torch", "transformers") and real(name)
    )
    return home


def make_dialog(qtbot, labels=("ACTOR", "CLAIM", "CASUALTY")) -> ArabicToolsDialog:
    dialog = ArabicToolsDialog(list(labels))
    qtbot.addWidget(dialog)
    return dialog


def test_nothing_installed_shows_what_is_missing_and_the_commands(qtbot, home):
    dialog = make_dialog(qtbot)
    for name in ("morphology-db-msa-r13", "disambig-mle-calima-msa-r13", "ner-arabert"):
        assert dialog.status_labels[name].text().startswith("✘ Not installed")
    commands = dialog.commands_edit.toPlainText().splitlines()
    assert commands == list(inventory.inventory().commands)
    assert f"{inventory.camel_data_command()} -i ner-arabert" in commands
    assert any("pip install torch" in command for command in commands)
    assert "torch: not installed" in dialog.python_label.text()
    assert str(home / ".camel_tools") in dialog.where_label.text()
    assert dialog.commands_edit.isReadOnly()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.commands_edit.toPlainText()


def test_in_the_desktop_bundle_camel_ner_is_said_not_to_run(qtbot, home, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    dialog = make_dialog(qtbot)
    assert "desktop bundle does not include them" in dialog.python_label.text()
    assert "pip installation" in dialog.python_label.text()
    commands = dialog.commands_edit.toPlainText()
    assert "pip" not in commands and "ner-arabert" not in commands
    assert "-i morphology-db-msa-r13" in commands


def test_installed_packages_show_where(qtbot, home):
    database = home / ".camel_tools" / MORPHOLOGY
    database.parent.mkdir(parents=True)
    database.write_text("###DEFINES###\n", encoding="utf-8")
    dialog = make_dialog(qtbot)
    text = dialog.status_labels["morphology-db-msa-r13"].text()
    assert text == f"✔ Installed: {database} (camel_data)"
    assert "-i morphology-db-msa-r13" not in dialog.commands_edit.toPlainText()
    assert "-i ner-arabert" in dialog.commands_edit.toPlainText()


def test_choosing_files_updates_the_display_and_save_writes_them(
    qtbot, home, tmp_path, monkeypatch
):
    database = tmp_path / "my.db"
    database.write_text("###DEFINES###\n", encoding="utf-8")
    model = tmp_path / "ner-model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    (model / "vocab.txt").write_text("[PAD]\n", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(database), ""))
    )
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    dialog = make_dialog(qtbot)
    dialog.choose_morphology()
    assert dialog.morphology_edit.text() == str(database)
    assert dialog.status_labels["morphology-db-msa-r13"].text() == (
        f"✔ Installed: {database} (chosen here)"
    )
    dialog.choose_ner()  # cancelled: nothing changes
    assert dialog.ner_edit.text() == ""
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(model))
    )
    dialog.choose_ner()
    assert dialog.status_labels["ner-arabert"].text() == f"✔ Installed: {model} (chosen here)"
    assert "-i ner-arabert" not in dialog.commands_edit.toPlainText()
    assert not config.config_path().exists()  # nothing saved yet

    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = config.load_config()
    assert (saved.morphology_db, saved.ner_model) == (str(database), str(model))
    assert saved.ner_labels == config.DEFAULT_NER_LABELS


def test_a_chosen_path_that_is_missing_is_said_and_typing_one_counts(qtbot, home, tmp_path):
    dialog = make_dialog(qtbot)
    dialog.ner_edit.setText(str(tmp_path / "nothing"))
    dialog.ner_edit.editingFinished.emit()
    assert (
        dialog.status_labels["ner-arabert"]
        .text()
        .startswith(f"✘ No CAMeL NER model at {tmp_path / 'nothing'}")
    )
    assert "-i ner-arabert" in dialog.commands_edit.toPlainText()


def test_the_label_mapping_is_edited_and_saved(qtbot, home):
    config.save_config(config.ToolsConfig(ner_labels={"PERS": "ACTOR", "LOC": "PLACE"}))
    dialog = make_dialog(qtbot)
    combos = dialog.label_combos
    assert list(combos) == ["PERS", "ORG", "LOC", "MISC"]
    assert combos["PERS"].currentData() == "ACTOR"
    assert combos["ORG"].currentData() is None  # none
    assert combos["LOC"].currentData() == "PLACE"  # kept though not a label of this project
    combos["PERS"].setCurrentIndex(combos["PERS"].findData(None))
    combos["MISC"].setCurrentIndex(combos["MISC"].findData("CLAIM"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert config.load_config().ner_labels == {"LOC": "PLACE", "MISC": "CLAIM"}


def test_cancel_saves_nothing(qtbot, home, tmp_path):
    dialog = make_dialog(qtbot)
    dialog.morphology_edit.setText(str(tmp_path / "x.db"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not config.config_path().exists()


def test_a_damaged_choices_file_is_said_and_defaults_shown(qtbot, home):
    config.config_path().parent.mkdir(parents=True, exist_ok=True)
    config.config_path().write_text("{", encoding="utf-8")
    dialog = make_dialog(qtbot)
    assert dialog.load_problem and str(config.config_path()) in dialog.load_problem
    assert dialog.choices().ner_labels == config.DEFAULT_NER_LABELS


def test_settings_menu_opens_it_with_the_projects_labels(qtbot, home, tmp_path, monkeypatch):
    project = make_project(tmp_path / "p.sqlite")
    window = make_window(qtbot, project)
    opened: list[ArabicToolsDialog] = []
    monkeypatch.setattr(
        arabic_tools_dialog.ArabicToolsDialog, "exec", lambda self: opened.append(self)
    )
    settings = next(a.menu() for a in window.menuBar().actions() if a.text() == "Sett&ings")
    assert window.arabic_tools_action in settings.actions()
    window.arabic_tools_action.trigger()
    assert len(opened) == 1
    combo = opened[0].label_combos["ORG"]
    offered = [combo.itemData(i) for i in range(combo.count())]
    assert offered[0] is None and set(window.session.labels) <= set(offered)
