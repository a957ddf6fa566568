"""Gold spans edited in the review's text with the workbench's selection tools: a drag snapped to
tokens (Alt: exact characters), keyboard edges, a label key on dragged text; no offsets typed
(offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_adjudication import ARMY, TEXT, at, build_doc, gold
from test_gui_support import drag

from annotator.gui.review import ReviewWindow
from annotator.store import Project

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SPOKESMAN_OF = "باسم الجيش"
ALEPPO = at(TEXT, "مدينة حلب")


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "gold.sqlite") as opened:
        yield opened


@pytest.fixture
def doc(project: Project) -> int:
    return build_doc(project)


@pytest.fixture
def window(qtbot, project: Project, doc: int) -> ReviewWindow:
    widget = ReviewWindow(project)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.open_document(doc)
    qtbot.wait(20)
    return widget


def test_dragging_over_a_selected_gold_span_reselects_its_edges(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    army = gold(project, doc)[("ACTOR", *ARMY)]
    review.select_span(army.uuid)
    inner = ARMY[0] + len("المتحدث ")
    drag(qtbot, review.view, inner + 2, ARMY[1])  # from inside "باسم": snapped to its start
    edited = project.annotation(army.uuid)
    assert (edited.start, edited.end) == (inner, ARMY[1])
    assert edited.text == SPOKESMAN_OF
    assert not review.view.textCursor().hasSelection()
    assert review.selected == army.uuid

    drag(qtbot, review.view, inner + 1, ARMY[1], ALT)  # Alt: exact characters
    assert project.annotation(army.uuid).start == inner + 1

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (project.annotation(army.uuid).start, project.annotation(army.uuid).end) == ARMY


def test_keyboard_edges_move_the_selected_gold_span(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    army = gold(project, doc)[("ACTOR", *ARMY)]
    review.select_span(army.uuid)
    qtbot.keyClick(review.view, Qt.Key.Key_Left, CTRL)  # RTL: left is forward, one token
    assert project.annotation(army.uuid).start == ARMY[0] + len("المتحدث ")
    qtbot.keyClick(review.view, Qt.Key.Key_Right, CTRL | ALT)  # a character back, past the space
    assert project.annotation(army.uuid).start == ARMY[0] + len("المتحدث") - 1


def test_a_label_key_on_dragged_text_adds_a_gold_span(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    review.select_cluster(None)
    drag(qtbot, review.view, ALEPPO[0] + 1, ALEPPO[1] - 1)  # inside the words: snapped
    assert review.view.textCursor().hasSelection()
    assert ("ACTOR", *ALEPPO) not in gold(project, doc)
    qtbot.keyClick(review.view, Qt.Key.Key_1)  # ACTOR's hotkey
    made = gold(project, doc)[("ACTOR", *ALEPPO)]
    assert review.selected == made.uuid
    assert not review.view.textCursor().hasSelection()
    window.undo_action.trigger()
    assert ("ACTOR", *ALEPPO) not in gold(project, doc)


def test_the_edit_dialog_has_no_offsets(window: ReviewWindow, project: Project, doc: int) -> None:
    from PySide6.QtWidgets import QSpinBox

    from annotator.gui.review import GoldSpanDialog

    army = gold(project, doc)[("ACTOR", *ARMY)]
    dialog = GoldSpanDialog(army, ["ACTOR", "CLAIM"], window)
    assert dialog.findChildren(QSpinBox) == []
    assert "drag" in dialog.hint.text()
    dialog.deleteLater()
