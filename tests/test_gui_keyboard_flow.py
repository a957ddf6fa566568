"""The whole annotation flow without a mouse: key events only (no mouse event in this file).

Keys go to the widget that has the keyboard focus, as a person's would, so a step that leaves
the focus in the wrong place fails the next one.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from test_adjudication import build_doc
from test_gui_support import make_project, make_window

from annotator.gui.text_moves import clitic_ends, next_stop
from annotator.rules import DONE, GOLD
from annotator.text import tokenize

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier

FIRST = "نص أول قصير للتجربة."
FLOW = "قال المتحدث باسم الجيش إن 25 شخصا قتلوا في الهجوم، وأكدت وزارة الصحة الحصيلة لروسيا والصين."
WORDS = "أعلنت الوزارة، مساء أمس، أن القوات انسحبت من المدينة."


@pytest.fixture
def project(tmp_path):
    project = make_project(
        tmp_path / "flow.sqlite", [("alpha", FIRST), ("flow", FLOW), ("words", WORDS)]
    )
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    window = make_window(qtbot, project, "tester")
    back_to(qtbot, window)
    return window


def press(qtbot, key, modifiers=NONE, times: int = 1) -> None:
    """Press a key `times` times on whatever has the keyboard focus."""
    for _ in range(times):
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        qtbot.keyClick(target, key, modifiers)


def back_to(qtbot, window) -> None:
    """The main window active again, its article focused (after a window closed)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()


def selected_text(view) -> str:
    selected = view.selected_range()
    return view.text[selected[0] : selected[1]] if selected else ""


def spans(project, document: int) -> dict[str, tuple[str, int, int]]:
    return {a.uuid: (a.label, a.start, a.end) for a in project.annotations(document, "tester")}


def text_of(project, document: int, label: str) -> list[str]:
    return sorted(a.text for a in project.annotations(document, "tester") if a.label == label)


def doc_id(project, name: str) -> int:
    return next(row[0] for row in project.document_rows(0, 100) if row[1] == name)


def test_the_whole_flow_without_a_mouse(qtbot, window, project):
    view = window.view
    flow = doc_id(project, "flow")
    assert window.session.document_id == doc_id(project, "alpha")

    # open a document from the document list: F6, ↓, Enter; the focus goes to the article
    press(qtbot, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is window.documents.view
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert window.session.document_id == flow
    assert QApplication.focusWidget() is view

    # the token cursor: ← goes forward (right to left), Shift+← adds a token each press
    assert view.to_cp(view.textCursor().position()) == 0
    press(qtbot, Qt.Key.Key_Left)
    assert view.to_cp(view.textCursor().position()) == FLOW.index("المتحدث")
    press(qtbot, Qt.Key.Key_Left, SHIFT, times=3)
    assert selected_text(view) == "المتحدث باسم الجيش"
    press(qtbot, Qt.Key.Key_1)
    assert text_of(project, flow, "ACTOR") == ["المتحدث باسم الجيش"]

    # a selection after a proclitic: «لروسيا» without its «ل» (Ctrl+Alt+←), then Shift+←
    here, target = view.to_cp(view.textCursor().position()), FLOW.index("لروسيا")
    press(qtbot, Qt.Key.Key_Left, times=sum(here < t.start <= target for t in tokenize(FLOW)))
    assert view.to_cp(view.textCursor().position()) == target
    press(qtbot, Qt.Key.Key_Left, CTRL | ALT)
    assert view.to_cp(view.textCursor().position()) == FLOW.index("روسيا")
    press(qtbot, Qt.Key.Key_Left, SHIFT)
    press(qtbot, Qt.Key.Key_1)  # kept as selected: not snapped back over the clitic
    assert text_of(project, flow, "ACTOR") == ["المتحدث باسم الجيش", "روسيا"]

    # by character: Alt+Shift+→ takes the last letter of «الصين» back, Alt+Shift+← gives it
    press(qtbot, Qt.Key.Key_Left)  # the cursor after «روسيا» goes on to «والصين»
    press(qtbot, Qt.Key.Key_Left, CTRL | ALT)  # after «و»
    press(qtbot, Qt.Key.Key_Left, SHIFT)
    press(qtbot, Qt.Key.Key_Right, ALT | SHIFT)
    assert selected_text(view) == "الصي"
    press(qtbot, Qt.Key.Key_Left, ALT | SHIFT)
    assert selected_text(view) == "الصين"
    press(qtbot, Qt.Key.Key_1)
    assert "الصين" in text_of(project, flow, "ACTOR")

    # the claim: back to the start (→ goes back), then ten tokens
    press(qtbot, Qt.Key.Key_Right, times=40)
    assert view.to_cp(view.textCursor().position()) == 0
    press(qtbot, Qt.Key.Key_Left, SHIFT, times=10)
    assert selected_text(view) == "قال المتحدث باسم الجيش إن 25 شخصا قتلوا في الهجوم"
    press(qtbot, Qt.Key.Key_2)
    (claim,) = [a for a in project.annotations(flow, "tester") if a.label == "CLAIM"]
    assert view.selected_annotation == claim.uuid

    # its source: R lists the ACTOR spans nearest first; ↓ and Enter pick the second
    press(qtbot, Qt.Key.Key_R)
    picker = view.source_picker
    assert picker.isVisible() and QApplication.focusWidget() is picker
    shown = [picker.item(row).text() for row in range(picker.count())]
    assert shown == ["المتحدث باسم الجيش", "روسيا", "الصين"]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert not picker.isVisible() and QApplication.focusWidget() is view
    actors = {a.uuid: a.text for a in project.annotations(flow, "tester")}
    (relation,) = project.relations(flow, "tester")
    assert (relation.head, actors[relation.tail]) == (claim.uuid, "روسيا")
    press(qtbot, Qt.Key.Key_R)  # again: the nearest replaces it
    press(qtbot, Qt.Key.Key_Return)
    (relation,) = project.relations(flow, "tester")
    assert actors[relation.tail] == "المتحدث باسم الجيش"
    press(qtbot, Qt.Key.Key_R)  # Esc cancels, nothing changes
    press(qtbot, Qt.Key.Key_Escape)
    assert not view.relation_mode and QApplication.focusWidget() is view
    assert [r.tail for r in project.relations(flow, "tester")] == [relation.tail]

    # move between spans: Tab goes on from the claim to the ACTOR inside it
    press(qtbot, Qt.Key.Key_Tab)
    assert actors[view.selected_annotation] == "المتحدث باسم الجيش"
    press(qtbot, Qt.Key.Key_Backtab)
    assert view.selected_annotation == claim.uuid

    # a CASUALTY, and its attributes: F2 focuses the form, Enter stores, Esc goes back
    press(qtbot, Qt.Key.Key_Left, times=5)  # from the claim's start to «25»
    press(qtbot, Qt.Key.Key_Left, SHIFT, times=2)
    assert selected_text(view) == "25 شخصا"
    press(qtbot, Qt.Key.Key_3)
    casualty = view.selected_annotation
    press(qtbot, Qt.Key.Key_F2)
    field = QApplication.focusWidget()
    assert field is window.attributes.fields["count"]
    assert isinstance(field, QLineEdit)
    press(qtbot, Qt.Key.Key_A, CTRL)  # the field's text selected, then typed over
    qtbot.keyClicks(field, "30")
    press(qtbot, Qt.Key.Key_Return)
    assert project.annotation(casualty).attributes["count"] == 30
    press(qtbot, Qt.Key.Key_Tab)  # the next field: the qualifier, a choice
    qualifier = window.attributes.fields["qualifier"]
    assert QApplication.focusWidget() is qualifier
    press(qtbot, Qt.Key.Key_Down)
    assert project.annotation(casualty).attributes["qualifier"] == qualifier.currentText()
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is view

    # mark done: Ctrl+Enter, and the next document opens
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert project.status(flow, "tester") == DONE
    assert window.session.document_id == doc_id(project, "words")
    assert QApplication.focusWidget() is view


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_n_presses_of_ctrl_shift_arrow_add_n_words(qtbot, window, project, count):
    words = doc_id(project, "words")
    window.open_document(words)
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_Left, CTRL | SHIFT, times=count)
    expected = ["أعلنت", "أعلنت الوزارة", "أعلنت الوزارة، مساء", "أعلنت الوزارة، مساء أمس"]
    assert selected_text(window.view) == expected[count - 1]
    press(qtbot, Qt.Key.Key_1)
    assert text_of(project, words, "ACTOR") == [expected[count - 1]]
    press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT)  # a span is selected: its end moves back
    (shorter,) = text_of(project, words, "ACTOR")
    assert count == 1 or expected[count - 1].startswith(shorter) and shorter != expected[count - 1]


def test_the_stops_of_each_unit():
    text = "قال الرئيس، وأذربيجان للحكومة."
    assert next_stop(text, 0, 1, "token") == text.index("الرئيس")
    assert next_stop(text, 0, 1, "token", extend=True) == 3
    assert next_stop(text, 4, 1, "token", extend=True) == text.index("،")
    assert next_stop(text, 4, 1, "word", extend=True) == text.index("،")
    assert next_stop(text, text.index("،"), 1, "word", extend=True) == text.index(" للحكومة")
    start = text.index("وأذربيجان")
    assert next_stop(text, start, 1, "clitic") == start + 1
    assert next_stop(text, start + 1, -1, "clitic") == start
    assert next_stop(text, len(text), -1, "char") == len(text) - 1
    assert next_stop(text, len(text), 1, "token", extend=True) == len(text)
    # the clitics are those of term matching: «وللحكومة» has two, «كما» none (too short)
    assert clitic_ends("وللحكومة") == [1, 2]
    assert clitic_ends("كما") == []
    assert clitic_ends("وَأذربيجان") == [2]  # the haraka stays with the clitic


def test_every_window_and_dialog_closes_with_esc_or_ctrl_w(qtbot, window, project, monkeypatch):
    # a dialog (Help > Keys, F1): Ctrl+W, then Esc
    for chord in ((Qt.Key.Key_W, CTRL), (Qt.Key.Key_Escape, NONE)):
        left_open: list[bool] = []

        def close_it(chord=chord, left_open=left_open) -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, QDialog)
            qtbot.keyClick(QApplication.focusWidget() or dialog, *chord)
            left_open.append(dialog.isVisible())
            if dialog.isVisible():
                dialog.reject()  # the test fails below rather than waiting forever

        QTimer.singleShot(50, close_it)
        press(qtbot, Qt.Key.Key_F1)  # returns once the dialog closed
        assert left_open == [False], chord
        back_to(qtbot, window)  # as the window system would, offscreen too

    # the review window: Ctrl+R opens it; Esc with nothing selected closes it, Ctrl+W too
    for chord in ((Qt.Key.Key_Escape, NONE), (Qt.Key.Key_W, CTRL)):
        press(qtbot, Qt.Key.Key_R, CTRL)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not window)
        review = QApplication.activeWindow()
        assert review is not window and review.isVisible()
        press(qtbot, *chord)
        qtbot.waitUntil(lambda review=review: not review.isVisible())
        back_to(qtbot, window)

    # the agreement dashboard, a window of its own: Esc, then Ctrl+W
    for chord in ((Qt.Key.Key_Escape, NONE), (Qt.Key.Key_W, CTRL)):
        window.dashboard_action.trigger()  # Review > Agreement dashboard… (no key of its own)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not window)
        dashboard = QApplication.activeWindow()
        dashboard.setFocus()
        press(qtbot, *chord)
        qtbot.waitUntil(lambda dashboard=dashboard: not dashboard.isVisible())
        back_to(qtbot, window)

    # the main window: Ctrl+W closes the project, and the start page shows
    shown: list[bool] = []
    import annotator.gui.start_page as start_page

    monkeypatch.setattr(start_page, "show_start_page", lambda *args, **kw: shown.append(True))
    press(qtbot, Qt.Key.Key_W, CTRL)
    assert shown == [True]
    assert not window.isVisible()


def test_review_and_adjudicate_without_a_mouse(qtbot, window, project):
    reviewed = build_doc(project)
    window.open_document(reviewed)
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not window)
    review = QApplication.activeWindow()
    widget = review.review
    assert widget.document_id == reviewed
    assert QApplication.focusWidget() is widget.view
    before = len(project.annotations(reviewed, GOLD))
    press(qtbot, Qt.Key.Key_N)  # the first unresolved disagreement, a proposal selected
    assert widget.selected is not None
    press(qtbot, Qt.Key.Key_A)  # accepted into gold
    assert len(project.annotations(reviewed, GOLD)) == before + 1
    chosen = widget.selected  # the next disagreement's first proposal
    assert chosen is not None
    press(qtbot, Qt.Key.Key_X)  # rejected
    assert chosen in widget.state.clusters[widget.cluster].rejected
    press(qtbot, Qt.Key.Key_Escape)  # deselect
    press(qtbot, Qt.Key.Key_Escape)  # nothing selected: the window closes
    qtbot.waitUntil(lambda: not review.isVisible())


def test_the_main_widgets_have_accessible_names(qtbot, window, project):
    flow = doc_id(project, "flow")
    window.open_document(flow)
    casualty = window.editor.annotate("CASUALTY", FLOW.index("25"), FLOW.index(" قتلوا"))
    window.view.select_annotation(casualty.uuid)
    widgets = {
        "article": window.view,
        "documents": window.documents.view,
        "annotations": window.annotation_panel.view,
        "attributes": window.attributes,
        "suggestions": window.suggestions_panel,
        "source picker": window.view.source_picker,
        **{f"palette {name}": button for name, button in window.palette.buttons.items()},
        **{f"field {name}": field for name, field in window.attributes.fields.items()},
    }
    assert {"field count", "field qualifier", "palette ACTOR"} <= set(widgets)
    window.view.setFocus()
    press(qtbot, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not window)
    review = QApplication.activeWindow().review
    widgets |= {"review lanes": review.view, "proposals": review.proposal_list}
    unnamed = [what for what, widget in widgets.items() if not widget.accessibleName().strip()]
    assert unnamed == []
    described = ["article", "documents", "annotations", "suggestions", "review lanes"]
    assert [what for what in described if not widgets[what].accessibleDescription()] == []
    assert window.palette.buttons["ACTOR"].accessibleName() == "ACTOR"
    assert window.attributes.fields["count"].accessibleName() == "Count"
