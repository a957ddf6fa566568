"""The Guidelines dock and the palette's tooltips: the project's guideline text rendered from
Markdown (images beside the project file), the label and attribute descriptions, and editing
the text as one undoable step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from test_gui_support import make_project, make_window

from annotator.gui.guidelines_panel import GuidelinesEditor, guidelines_markdown
from annotator.rules import LabelDef

TEXT = "قال الجيش إن ثلاثة قتلوا في القصف."
GUIDE = "# Our guidelines\n\nMark **every** actor.\n\n![map](images/map.png)\n"


@pytest.fixture
def project(tmp_path: Path):
    project = make_project(tmp_path / "g.sqlite", [("a", TEXT)])
    image = QImage(8, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    (tmp_path / "images").mkdir()
    assert image.save(str(tmp_path / "images" / "map.png"))
    project.set_guidelines(GUIDE)
    label = project.label("ACTOR")
    label.description = "Who speaks: a *person* or a state"
    label.attributes[0]["description"] = "What sort of actor"
    project.set_label(label)
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    return make_window(qtbot, project, "tester")


def shown_text(window) -> str:
    return window.guidelines_panel.browser.toPlainText()


def test_panel_shows_guidelines_and_descriptions(window):
    assert "guidelines" in window.docks
    text = shown_text(window)
    assert "Our guidelines" in text and "Mark every actor." in text  # Markdown rendered
    assert "# Our" not in text and "**" not in text
    assert "Who speaks: a *person* or a state" in text  # a description is plain text
    assert "kind (person, organization" in text and "What sort of actor" in text
    assert "CASUALTY" in text and "How sure the figure is" in text  # the default schema's


def test_images_are_looked_up_beside_the_project_file(window, project):
    browser = window.guidelines_panel.browser
    image = browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/map.png")
    )
    assert image is not None  # the PNG's bytes
    loaded = QImage.fromData(image)
    assert (loaded.width(), loaded.height()) == (8, 6)


def test_editing_the_guidelines_is_one_undoable_step(qtbot, window, project):
    panel = window.guidelines_panel
    panel.ask_guidelines = lambda text: text + "\n- Never mark pronouns.\n"
    assert panel.edit()
    assert project.guidelines() == GUIDE + "\n- Never mark pronouns.\n"
    assert "Never mark pronouns." in shown_text(window)
    assert window.undo_stack.undoText() == "Edit guidelines"
    assert window.editor.undo()
    assert project.guidelines() == GUIDE
    assert "Never mark pronouns." not in shown_text(window)
    assert window.editor.redo()
    assert "Never mark pronouns." in project.guidelines()
    panel.ask_guidelines = lambda text: None  # cancelled: nothing saved, nothing pushed
    count = window.undo_stack.count()
    assert not panel.edit()
    assert window.undo_stack.count() == count


def test_schema_changes_show_in_the_panel_and_the_palette_tooltip(window, project):
    label = project.label("CLAIM")
    window.session.set_label(
        LabelDef(label.name, label.colour, label.hotkey, label.attributes, description="Said")
    )
    assert "Said" in shown_text(window)
    tooltip = window.palette.buttons["CLAIM"].toolTip()
    assert "Label the selected text as CLAIM" in tooltip and "Said" in tooltip
    actor = window.palette.buttons["ACTOR"].toolTip()
    assert "Who speaks: a *person* or a state" in actor and "What sort of actor" in actor


def test_editor_dialog_previews_the_markdown(qtbot, tmp_path):
    dialog = GuidelinesEditor("# Title\n\n*quiet*", tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.preview.toPlainText().split() == ["Title", "quiet"]
    dialog.source.setPlainText("## Other")
    assert dialog.preview.toPlainText().strip() == "Other"
    assert dialog.text() == "## Other"


def test_markdown_escapes_label_text():
    label = LabelDef("A_B", hotkey="4", description="1. not a list *nor emphasis*")
    markdown = guidelines_markdown("", [label])
    document = QTextDocument()
    document.setMarkdown(markdown)
    text = document.toPlainText()
    assert "A_B [4]" in text and "1. not a list *nor emphasis*" in text
    assert "No guidelines yet" in text


def test_schema_editor_edits_descriptions_undoably(qtbot, window, project):
    from annotator.gui.schema_editor import DESCRIPTION, SchemaEditorDialog

    dialog = SchemaEditorDialog(window.editor, window)
    qtbot.addWidget(dialog)
    dialog.select_label("CLAIM")
    dialog.ask_multiline = lambda _title, _prompt, initial: initial + "  What is said  "
    assert dialog.describe_label()
    assert project.label("CLAIM").description.endswith("What is said")
    assert "What is said" in shown_text(window)  # the dock follows
    window.editor.undo()
    assert "What is said" not in project.label("CLAIM").description
    dialog.select_label("CASUALTY")
    outcome = [a["name"] for a in project.label("CASUALTY").attributes].index("outcome")
    kept = project.label("CASUALTY").attribute("count")["description"]
    assert dialog.attribute_table.item(outcome, DESCRIPTION).text() == (
        "What happened to the people counted."
    )
    assert dialog.set_attribute(outcome, description="killed, injured…")
    assert project.label("CASUALTY").attribute("outcome")["description"] == "killed, injured…"
    assert dialog.set_attribute(outcome, name="result")  # another cell: descriptions stay
    assert project.label("CASUALTY").attribute("result")["description"] == "killed, injured…"
    assert project.label("CASUALTY").attribute("count")["description"] == kept
    assert dialog.set_attribute(outcome, description="")
    assert "description" not in project.label("CASUALTY").attribute("result")
