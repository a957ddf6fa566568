"""The CASUALTY Count field: numbers (also Arabic-Indic digits and number words) are stored,
anything else is refused visibly (marked field, a reason) and nothing is stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_support import find_span, make_project, make_window

TEXT = "وأعلن الجيش مقتل أربعة جنود في الهجوم على القرية."


@pytest.fixture
def window(qtbot, tmp_path):
    project = make_project(tmp_path / "count.sqlite", [("casualties", TEXT)])
    window = make_window(qtbot, project, "tester")
    yield window
    window.close()
    project.close()


def casualty(window):
    """A CASUALTY span selected in the attribute editor (its count read as 4)."""
    ann = window.editor.annotate("CASUALTY", *find_span(TEXT, "مقتل أربعة جنود"))
    window.view.select_annotation(ann.uuid)
    assert ann.attributes["count"] == 4
    return ann


def type_count(qtbot, window, text: str):
    field = window.attributes.fields["count"]
    field.setFocus()
    field.selectAll()
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # editingFinished
    return field


def stored_count(window, ann):
    return window.project.annotation(ann.uuid).attributes.get("count")


@pytest.mark.parametrize("text", ["abc", "12x", "مقتل خمسة", "4 جنود", "1.5", "-3"])
def test_text_that_is_not_a_number_is_refused_visibly(qtbot, window, text):
    ann = casualty(window)
    depth = window.undo_stack.count()
    field = type_count(qtbot, window, text)
    assert stored_count(window, ann) == 4  # nothing stored
    assert window.undo_stack.count() == depth  # and nothing to undo
    assert "#b00020" in field.styleSheet()  # the field is marked
    reason = "cannot be negative" if text == "-3" else "is not a number"
    assert reason in field.toolTip()
    assert reason in window.attributes._error.text() and "Count" in window.attributes._error.text()


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12", 12),
        ("٣٠٠٠", 3000),
        ("3,000", 3000),
        ("خمسة وعشرون", 25),
        ("ثلاثة آلاف", 3000),
        ("10–15", [10, 15]),
        ("", None),
    ],
)
def test_numbers_are_stored_and_clear_the_mark(qtbot, window, text, count):
    ann = casualty(window)
    field = type_count(qtbot, window, "abc")
    assert "#b00020" in field.styleSheet()
    field = type_count(qtbot, window, text)
    assert stored_count(window, ann) == count
    assert field.styleSheet() == ""
    assert "not a number" not in field.toolTip()
    assert window.attributes._error.text() == ""
    window.undo_stack.undo()
    assert stored_count(window, ann) == 4
