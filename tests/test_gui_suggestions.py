"""Suggestions in the workbench, driven by keys and clicks: accepted, rejected, stepped through,
each one undo step; the store checked after every action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from test_gui_support import click_char, find_span, make_project, make_window

from annotator.rules import DONE, IN_PROGRESS, NEW, SOURCE, suggestion_key
from annotator.store import NewSuggestion, Project
from annotator.suggestions.service import ServiceEvent

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

TEXT = (
    "قال المتحدث باسم وزارة الدفاع إن القوات صدت هجوما واسعا على الحدود. "
    "وأعلن الجيش مقتل أربعة جنود في الهجوم، وقال الجيش إن الهجوم فشل."
)
OTHER = "نص آخر عن الجيش."
MINISTRY = find_span(TEXT, "وزارة الدفاع")
SPOKESMAN = find_span(TEXT, "المتحدث باسم وزارة الدفاع")
FORCES = find_span(TEXT, "القوات")
CLAIM = find_span(TEXT, "القوات صدت هجوما واسعا على الحدود")
ARMY = find_span(TEXT, "الجيش")
ARMY_AGAIN = find_span(TEXT, "الجيش", 1)
SOLDIERS = find_span(TEXT, "أربعة جنود")


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "suggest.sqlite", [("a", TEXT), ("b", OTHER)])
    suggest(
        project,
        [
            ("strings", "ACTOR", MINISTRY, 0.9, None),
            ("claims", "ACTOR", SPOKESMAN, 0.6, None),
            ("model", "ACTOR", FORCES, 0.3, None),  # below the default threshold (0.5)
            ("strings", "ACTOR", ARMY, 0.8, None),
            ("strings", "ACTOR", ARMY_AGAIN, 0.8, None),
            ("casualty", "CASUALTY", SOLDIERS, 0.7, None),
        ],
    )
    yield project
    project.close()


def suggest(project: Project, items: list, document: int = 1) -> None:
    project.replace_suggestions(
        "tester",
        [document],
        [
            NewSuggestion(document, recommender, label, start, end, score, source=source)
            for recommender, label, (start, end), score, source in items
        ],
    )


@pytest.fixture
def window(qtbot, project):
    window = make_window(qtbot, project, "tester")
    window.view.setFocus()
    return window


def stored(project: Project) -> set[tuple]:
    return {(a.label, a.start, a.end) for a in project.annotations(1, "tester")}


def pending(project: Project) -> set[tuple]:
    """The suggestions the store shows "tester" in the document, whatever their score."""
    return {(s.label, s.start, s.end) for s in project.suggestions(1, "tester")}


def shown(window) -> set[tuple]:
    return {(s.label, s.start, s.end) for s in window.session.suggestions.values()}


def current(window) -> tuple | None:
    uuid = window.view.current_suggestion
    if uuid is None:
        return None
    s = window.session.suggestions[uuid]
    return (s.label, s.start, s.end)


def key(qtbot, window, code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, code, modifier)


def activate(qtbot, window) -> None:
    """The window's shortcuts need it active (offscreen, a closed menu may still be)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def undo(qtbot, window) -> None:
    activate(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)


def redo(qtbot, window) -> None:
    activate(qtbot, window)
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)


def test_suggestions_are_shown_apart_from_annotations_and_below_the_threshold_hidden(
    qtbot, window, project
):
    everything = pending(project)
    assert ("ACTOR", *FORCES) in everything
    assert shown(window) == everything - {("ACTOR", *FORCES)}
    assert window.session.annotations == {}  # suggestions are no annotations
    assert len(window.view._layers) == 0
    assert {(i.label, i.start, i.end) for i in window.view._suggested.items()} == shown(window)
    assert (
        window.suggestions_panel.count_label.text() == "5 suggestions shown (4 ACTOR, 1 CASUALTY)"
    )
    window.suggestions_panel.threshold.setValue(0.2)
    assert shown(window) == everything
    window.suggestions_panel.threshold.setValue(0.85)
    assert shown(window) == {("ACTOR", *MINISTRY)}
    assert len(window.view._suggested) == 1
    window.suggestions_panel.show_box.setChecked(False)
    assert shown(window) == set() and len(window.view._suggested) == 0
    assert not window.show_suggestions_action.isChecked()
    key(qtbot, window, Qt.Key.Key_Return)  # nothing shown: nothing accepted
    assert stored(project) == set()
    window.show_suggestions_action.trigger()
    assert shown(window) == {("ACTOR", *MINISTRY)}


def test_enter_accepts_the_current_suggestion_then_the_next_and_undo_restores_exactly(
    qtbot, window, project
):
    # the text cursor is at the start: the first suggestion after it is current
    assert current(window) == ("ACTOR", *SPOKESMAN)
    before = {s.uuid: s for s in project.suggestions(1, "tester")}
    key(qtbot, window, Qt.Key.Key_Return)
    (made,) = project.annotations(1, "tester")
    assert (made.label, made.start, made.end) == ("ACTOR", *SPOKESMAN)
    assert made.suggested_by == {"recommender": "claims", "score": 0.6}
    assert ("ACTOR", *SPOKESMAN) not in pending(project)
    assert made.uuid in window.session.annotations and made.uuid in window.view._layers
    assert current(window) == ("ACTOR", *MINISTRY)  # the next one, nested in it
    key(qtbot, window, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert stored(project) == {("ACTOR", *SPOKESMAN), ("ACTOR", *MINISTRY)}
    assert current(window) == ("ACTOR", *ARMY)
    assert window.undo_stack.count() == 2

    undo(qtbot, window)
    assert stored(project) == {("ACTOR", *SPOKESMAN)}
    undo(qtbot, window)
    assert stored(project) == set()
    assert {s.uuid: s for s in project.suggestions(1, "tester")} == before
    assert window.session.annotations == {} and len(window.view._layers) == 0
    assert ("ACTOR", *SPOKESMAN) in shown(window)
    redo(qtbot, window)
    (again,) = project.annotations(1, "tester")
    assert (again.uuid, again.suggested_by) == (made.uuid, made.suggested_by)
    assert ("ACTOR", *SPOKESMAN) not in pending(project)
    assert again.uuid in window.view._layers


def test_backspace_rejects_and_the_same_text_is_not_proposed_again(qtbot, window, project):
    window.view.set_current_suggestion(
        next(u for u, s in window.session.suggestions.items() if (s.start, s.end) == ARMY)
    )
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert stored(project) == set()
    assert [(r.label, r.key) for r in project.rejections("tester")] == [
        ("ACTOR", suggestion_key("الجيش"))
    ]
    # the other «الجيش» is hidden too (same label and text), the rest stays
    assert ("ACTOR", *ARMY) not in pending(project)
    assert ("ACTOR", *ARMY_AGAIN) not in shown(window)
    assert current(window) == ("CASUALTY", *SOLDIERS)
    # and it is not stored again, here or in another document
    suggest(project, [("strings", "ACTOR", find_span(OTHER, "الجيش"), 0.9, None)], document=2)
    assert project.suggestions(2, "tester") == []

    undo(qtbot, window)
    assert project.rejections("tester") == []
    assert {("ACTOR", *ARMY), ("ACTOR", *ARMY_AGAIN)} <= shown(window)
    redo(qtbot, window)
    assert len(project.rejections("tester")) == 1
    assert ("ACTOR", *ARMY) not in shown(window)


def test_backspace_still_deletes_a_selected_span(qtbot, window, project):
    made = window.editor.annotate("ACTOR", *FORCES)
    window.view.select_annotation(made.uuid)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert stored(project) == set()
    assert project.rejections("tester") == []
    assert len(shown(window)) == 5


def test_alt_arrows_step_through_the_suggestions_in_text_order(qtbot, window):
    order = sorted(shown(window), key=lambda s: (s[1], -s[2]))
    assert current(window) == order[0]
    for expected in order[1:]:
        key(qtbot, window, Qt.Key.Key_Down, ALT)
        assert current(window) == expected
    key(qtbot, window, Qt.Key.Key_Down, ALT)  # no further: stays
    assert current(window) == order[-1]
    key(qtbot, window, Qt.Key.Key_Up, ALT)
    assert current(window) == order[-2]
    # the text cursor follows; moving it makes the suggestion at it current
    assert window.view.to_cp(window.view.textCursor().position()) == order[-2][1]
    window.view.select_range(SOLDIERS[0] + 1, SOLDIERS[0] + 1)
    assert current(window) == ("CASUALTY", *SOLDIERS)


def test_shift_enter_accepts_every_suggestion_of_the_label_in_one_step(qtbot, window, project):
    actors = {s for s in shown(window) if s[0] == "ACTOR"}
    assert len(actors) == 4
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)  # the current one is an ACTOR
    assert stored(project) == actors
    assert shown(window) == {("CASUALTY", *SOLDIERS)}
    assert ("ACTOR", *FORCES) in pending(project)  # below the threshold: not accepted
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Accept 4 ACTOR suggestions"
    undo(qtbot, window)
    assert stored(project) == set()
    assert actors <= shown(window)


def test_a_claim_comes_with_its_source_actor_and_goes_back_whole(qtbot, window, project):
    suggest(
        project,
        [
            ("claims", "CLAIM", CLAIM, 0.7, SPOKESMAN),
            ("claims", "ACTOR", SPOKESMAN, 0.7, None),
        ],
    )
    window.session.reload_suggestions()
    claim = next(u for u, s in window.session.suggestions.items() if s.label == "CLAIM")
    tip = tooltip(window.view, CLAIM[0] + 8)
    assert "CLAIM" in tip and "source:" in tip and "المتحدث باسم وزارة الدفاع" in tip
    window.view.set_current_suggestion(claim)
    key(qtbot, window, Qt.Key.Key_Return)
    assert stored(project) == {("CLAIM", *CLAIM), ("ACTOR", *SPOKESMAN)}
    (relation,) = project.relations(1, "tester")
    anns = {a.uuid: a for a in project.annotations(1, "tester")}
    assert relation.label == SOURCE
    assert (anns[relation.head].label, anns[relation.tail].label) == ("CLAIM", "ACTOR")
    assert window.session.source_of(relation.head) == relation
    assert window.undo_stack.count() == 1
    undo(qtbot, window)
    assert stored(project) == set() and project.relations(1, "tester") == []
    assert {("CLAIM", *CLAIM), ("ACTOR", *SPOKESMAN)} <= pending(project)
    assert window.session.relations == []
    redo(qtbot, window)
    assert project.relations(1, "tester") == [relation]
    assert window.session.source_of(relation.head) == relation


def test_a_casualty_gets_the_count_its_text_says(qtbot, window, project):
    window.view.set_current_suggestion(
        next(u for u, s in window.session.suggestions.items() if s.label == "CASUALTY")
    )
    key(qtbot, window, Qt.Key.Key_Return)
    (made,) = project.annotations(1, "tester")
    assert made.label == "CASUALTY" and made.attributes["count"] == 4
    assert made.suggested_by == {"recommender": "casualty", "score": 0.7}


def test_a_done_document_shows_no_suggestions_and_the_keys_leave_it_done(qtbot, window, project):
    before = shown(window)
    window.editor.set_status(1, DONE)
    assert shown(window) == set() and len(window.view._suggested) == 0
    assert pending(project) >= before  # hidden, not gone
    key(qtbot, window, Qt.Key.Key_Backspace)  # nothing selected, nothing shown: nothing
    key(qtbot, window, Qt.Key.Key_Return)
    assert project.status(1, "tester") == DONE
    assert stored(project) == set() and project.rejections("tester") == []
    assert window.undo_stack.count() == 1  # only the status change
    undo(qtbot, window)  # no longer done: shown again
    assert project.status(1, "tester") == NEW
    assert shown(window) == before
    key(qtbot, window, Qt.Key.Key_Return)
    assert len(stored(project)) == 1
    project.set_status(1, "tester", DONE)  # by another window
    window.session.reload()
    undo(qtbot, window)  # an acceptance taken back removes a span: as any edit, it reopens
    assert stored(project) == set() and project.status(1, "tester") == IN_PROGRESS


def test_rejecting_and_its_undo_and_redo_leave_a_done_document_done(qtbot, window, project):
    window.view.set_current_suggestion(
        next(u for u, s in window.session.suggestions.items() if (s.start, s.end) == ARMY)
    )
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert project.status(1, "tester") == NEW  # rejecting annotates nothing
    project.set_status(1, "tester", DONE)  # marked done elsewhere (another window, the CLI)
    window.session.reload()
    assert shown(window) == set()
    undo(qtbot, window)  # the rejection taken back: the document stays done
    assert project.rejections("tester") == []
    assert ("ACTOR", *ARMY) in pending(project)
    assert project.status(1, "tester") == DONE and window.session.current_status == DONE
    redo(qtbot, window)
    assert len(project.rejections("tester")) == 1
    assert project.status(1, "tester") == DONE and window.session.current_status == DONE
    undo(qtbot, window)
    assert project.status(1, "tester") == DONE


def test_redoing_a_rejection_after_the_worker_replaced_the_suggestions(qtbot, window, project):
    failures: list[str] = []
    window.editor.failed.connect(failures.append)
    window.editor.message.connect(failures.append)
    window.view.set_current_suggestion(
        next(u for u, s in window.session.suggestions.items() if (s.start, s.end) == ARMY)
    )
    key(qtbot, window, Qt.Key.Key_Backspace)
    undo(qtbot, window)
    old = {s.uuid for s in project.suggestions(1, "tester")}
    # the background worker stores the document's suggestions anew: the same, new ids
    suggest(
        project,
        [
            ("strings", "ACTOR", MINISTRY, 0.9, None),
            ("strings", "ACTOR", ARMY, 0.8, None),
            ("strings", "ACTOR", ARMY_AGAIN, 0.8, None),
        ],
    )
    window.suggestion_event(ServiceEvent("ready", "3", (1,)))
    assert not old & {s.uuid for s in project.suggestions(1, "tester")}
    redo(qtbot, window)
    assert window.undo_stack.index() == 1 and failures == []
    assert [(r.label, r.key) for r in project.rejections("tester")] == [
        ("ACTOR", suggestion_key("الجيش"))
    ]
    assert shown(window) == pending(project) == {("ACTOR", *MINISTRY)}
    undo(qtbot, window)
    assert project.rejections("tester") == []
    assert shown(window) == {("ACTOR", *MINISTRY), ("ACTOR", *ARMY), ("ACTOR", *ARMY_AGAIN)}
    # the worker no longer proposes it at all: redo remembers the rejection all the same
    suggest(project, [("strings", "ACTOR", MINISTRY, 0.9, None)])
    window.session.reload_suggestions()
    redo(qtbot, window)
    assert window.undo_stack.index() == 1 and failures == []
    assert len(project.rejections("tester")) == 1
    assert pending(project) == {("ACTOR", *MINISTRY)}
    suggest(project, [("strings", "ACTOR", ARMY, 0.8, None)])
    assert pending(project) == set()  # not proposed again


def test_redoing_a_rejection_remembers_its_own_term_not_the_replacements(qtbot, window, project):
    """The worker stored another suggestion at the rejected one's label and offsets (the
    model's, without the string matcher's term): the redo remembers the term all the same."""
    term = "جيش"  # the term the string matcher matched at «الجيش»
    project.replace_suggestions(
        "tester", [1], [NewSuggestion(1, "strings", "ACTOR", *ARMY, 0.8, key=term)]
    )
    window.session.reload_suggestions()
    window.view.set_current_suggestion(next(iter(window.session.suggestions)))
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert [(r.label, r.key) for r in project.rejections("tester")] == [("ACTOR", term)]
    undo(qtbot, window)
    assert project.rejections("tester") == []
    suggest(project, [("model", "ACTOR", ARMY, 0.8, None)])  # no term: keyed by its text
    window.suggestion_event(ServiceEvent("ready", "3", (1,)))
    redo(qtbot, window)
    assert [(r.label, r.key) for r in project.rejections("tester")] == [("ACTOR", term)]
    undo(qtbot, window)
    assert project.rejections("tester") == []


def test_spans_added_hide_exactly_what_the_store_hides(qtbot, window, project):
    from annotator.rules import suggestion_held

    held = {(1, "ACTOR", 5, 9)}
    assert suggestion_held(1, "ACTOR", 5, 9, held)
    assert not suggestion_held(2, "ACTOR", 5, 9, held)  # another document
    assert not suggestion_held(1, "CLAIM", 5, 9, held)  # another label
    assert not suggestion_held(1, "ACTOR", 5, 10, held)  # other offsets
    window.session.set_min_score(0.0)
    window.editor.annotate("ACTOR", *ARMY)  # the same label and offsets: hidden
    window.editor.annotate("CLAIM", *FORCES)  # another label: still shown
    window.editor.annotate("ACTOR", SOLDIERS[0], SOLDIERS[1] - 1)  # overlapping: still shown
    assert shown(window) == pending(project)
    assert shown(window) == {
        ("ACTOR", *MINISTRY),
        ("ACTOR", *SPOKESMAN),
        ("ACTOR", *FORCES),
        ("ACTOR", *ARMY_AGAIN),
        ("CASUALTY", *SOLDIERS),
    }


def test_clicking_a_suggestion_offers_accept_reject_and_accept_all(qtbot, window, project):
    view = window.view
    click_char(qtbot, view, SOLDIERS[0] + 2)
    assert current(window) == ("CASUALTY", *SOLDIERS)
    menu = view.suggestion_menu
    assert menu is not None and menu.isVisible()
    texts = [a.text().split("\t")[0] for a in menu.actions()]
    assert texts == [
        "Accept CASUALTY (casualty, 0.70)",
        "Reject",
        "Accept all 1 CASUALTY suggestions",
    ]
    first = menu.actions()[0]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(first).center())
    assert stored(project) == {("CASUALTY", *SOLDIERS)}

    click_char(qtbot, view, ARMY[0] + 1)
    menu = view.suggestion_menu
    reject = menu.actions()[1]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(reject).center())
    assert [r.key for r in project.rejections("tester")] == [suggestion_key("الجيش")]

    click_char(qtbot, view, MINISTRY[0] + 1)  # nested in another suggestion: the inner one
    menu = view.suggestion_menu
    assert menu.actions()[2].text().startswith("Accept all 2 ACTOR suggestions")
    every = menu.actions()[2]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(every).center())
    assert stored(project) == {
        ("CASUALTY", *SOLDIERS),
        ("ACTOR", *MINISTRY),
        ("ACTOR", *SPOKESMAN),
    }
    assert window.undo_stack.count() == 3
    for _ in range(3):
        undo(qtbot, window)
    assert stored(project) == set() and project.rejections("tester") == []


def test_clicking_a_span_inside_a_suggestion_selects_the_span(qtbot, window, project):
    made = window.editor.annotate("ACTOR", *MINISTRY)  # inside the SPOKESMAN suggestion
    window.view.suggestion_menu = None
    click_char(qtbot, window.view, MINISTRY[0] + 1)
    assert window.view.selected_annotation == made.uuid
    assert window.view.suggestion_menu is None


def test_an_annotation_made_by_hand_hides_the_same_suggestion(qtbot, window, project):
    made = window.editor.annotate("ACTOR", *ARMY)
    assert ("ACTOR", *ARMY) not in shown(window)
    assert ("ACTOR", *ARMY) not in {
        (i.label, i.start, i.end) for i in window.view._suggested.items()
    }
    window.editor.delete([made.uuid])
    assert ("ACTOR", *ARMY) in shown(window)


def tooltip(view, position: int) -> str:
    """The tooltip over the character at `position`."""
    view.reveal(position, position + 1)
    a = view.cursor_rect(position).center()
    b = view.cursor_rect(position + 1).center()
    return view.tooltip_at(QPoint((a.x() + b.x()) // 2, a.y()))


def test_the_tooltip_names_label_recommender_and_score(qtbot, window):
    tip = tooltip(window.view, SOLDIERS[0] + 2)
    assert "CASUALTY" in tip and "casualty" in tip and "0.70" in tip and "أربعة جنود" in tip


def test_suggestions_are_drawn_as_outlines_without_fill(qtbot, window):
    view = window.view
    view.set_current_suggestion(None)
    image = view.viewport().grab().toImage()
    colour = QColor(window.session.label("CASUALTY").colour)
    segment = view._suggestion_segments_of(
        next(u for u, s in window.session.suggestions.items() if s.label == "CASUALTY")
    )[0]
    dx, dy = view._offset()
    middle_y = int((segment.top + segment.bottom) / 2 + dy)

    def near(pixel: QColor) -> bool:
        return (
            abs(pixel.red() - colour.darker(110).red()) < 40
            and abs(pixel.green() - colour.darker(110).green()) < 40
            and abs(pixel.blue() - colour.darker(110).blue()) < 40
        )

    left = int(segment.left + dx)
    outline = [
        image.pixelColor(x, y)
        for x in range(left - 4, left + 1)
        for y in range(middle_y - 6, middle_y + 6)
    ]
    assert any(near(p) for p in outline)  # the outline, in the label's colour
    inside = [
        image.pixelColor(x, middle_y - 8)
        for x in range(int(segment.left + dx) + 6, int(segment.right + dx) - 6)
    ]
    assert not any(near(p) for p in inside)  # no fill


def test_ready_suggestions_from_the_background_appear(qtbot, window, project):
    class Service:
        def __init__(self) -> None:
            self.asked: list = []

        def suggest(self, document_ids, *, retrain=False) -> None:
            self.asked.append((list(document_ids), retrain))

        def close(self) -> None:
            pass

    service = Service()
    window.suggestion_service = service
    window.request_suggestions()
    assert service.asked == [([1], False)]
    window.suggestion_event(ServiceEvent("status", "training"))
    assert "Training" in window.suggestions_panel.status_label.text()
    suggest(project, [("model", "ACTOR", FORCES, 0.95, None)])
    assert ("ACTOR", *FORCES) not in shown(window)
    window.suggestion_event(ServiceEvent("ready", "1", (1,)))
    assert shown(window) == {("ACTOR", *FORCES)}
    assert window.suggestions_panel.status_label.text() == "1 suggestions ready"
    window.open_document(2)  # a running service is asked about every document opened
    assert service.asked[-1] == ([2], False)
    window.suggestions_panel.retrain_button.click()
    assert service.asked[-1] == ([2], True)


def test_a_run_that_stopped_shows_what_it_stored_and_why(qtbot, window, project):
    # the worker's run stored the open document's suggestions, then failed on a later chunk
    suggest(project, [("model", "ACTOR", FORCES, 0.95, None)])
    assert ("ACTOR", *FORCES) not in shown(window)
    reason = "amal's suggestions stored for 400 of 900 documents; the rest were not changed"
    window.suggestion_event(ServiceEvent("error", reason, (1, 2)))
    assert shown(window) == {("ACTOR", *FORCES)}
    assert reason in window.suggestions_panel.status_label.text()


def test_no_suggestions_are_asked_for_a_document_marked_done(qtbot, window, project):
    class Service:
        def __init__(self) -> None:
            self.asked: list = []

        def suggest(self, document_ids, *, retrain=False) -> None:
            self.asked.append((list(document_ids), retrain))

        def retrain(self) -> None:
            self.asked.append(([], True))

        def close(self) -> None:
            pass

    service = Service()
    window.suggestion_service = service
    project.set_status(2, "tester", DONE)
    window.open_document(2)
    assert service.asked == []
    window.suggestions_panel.suggest_button.click()  # nor by hand
    assert service.asked == []
    assert "marked done" in window.suggestions_panel.status_label.text()
    window.suggestions_panel.retrain_button.click()  # learning again, for no document
    assert service.asked == [([], True)]
    service.asked.clear()
    suggest(project, [("strings", "ACTOR", find_span(OTHER, "الجيش"), 0.9, None)], document=2)
    window.suggestion_event(ServiceEvent("ready", "1", (2,)))
    assert window.session.suggestions == {}  # nor shown
    window.editor.set_status(2, IN_PROGRESS)  # in progress again: asked for, and shown
    assert service.asked == [([2], False)]
    assert len(window.session.suggestions) == 1
    window.editor.set_status(2, DONE)
    assert window.session.suggestions == {}
    window.open_document(1)
    assert service.asked[-1] == ([1], False)


def test_suggestions_of_hidden_recommenders_are_not_shown(qtbot, window, project):
    window.session.set_hidden_recommenders({"strings"})  # what the Recommenders dialog says
    assert shown(window) == {("ACTOR", *SPOKESMAN), ("CASUALTY", *SOLDIERS)}
    assert len(window.view._suggested) == 2
    key(qtbot, window, Qt.Key.Key_Return, SHIFT)  # accept all ACTOR: only the shown one
    assert stored(project) == {("ACTOR", *SPOKESMAN)}
    window.session.set_hidden_recommenders(())
    assert ("ACTOR", *MINISTRY) in shown(window)


def test_the_background_worker_suggests_for_the_open_document(qtbot, window, project):
    project.add_annotation(1, "tester", "ACTOR", *ARMY)  # what the string matcher learns
    project.clear_suggestions("tester")
    window.session.reload_suggestions()
    assert shown(window) == set()
    window.request_suggestions()  # returns at once; the worker process does the work
    service = window.suggestion_service
    assert service is not None
    status = window.suggestions_panel.status_label
    try:
        qtbot.waitUntil(
            lambda: "ready" in status.text() or "fail" in status.text(), timeout=120_000
        )
        assert ("ACTOR", *ARMY_AGAIN) in shown(window), status.text()
        assert status.text() == f"{len(shown(window))} suggestions ready"
    finally:
        window.stop_suggestion_service()
    assert window.suggestion_service is None
    qtbot.waitUntil(lambda: not service.process.is_alive(), timeout=10_000)


def test_an_accept_or_reject_the_disk_refuses_changes_nothing(qtbot, window, project, monkeypatch):
    from failing_disk import FailingCommits

    failures: list[str] = []
    monkeypatch.setattr(
        "annotator.gui.write_dialogs.QMessageBox.warning",
        lambda _parent, _title, text, *args: failures.append(text),
    )
    before = pending(project)
    project.conn = disk = FailingCommits(project.conn)
    disk.failing = True
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert len(failures) == 2
    assert window.undo_stack.count() == 0
    disk.failing = False
    assert stored(project) == set() and project.rejections("tester") == []
    assert pending(project) == before
    assert shown(window) == before - {("ACTOR", *FORCES)}
    key(qtbot, window, Qt.Key.Key_Return)  # and it works again
    assert len(stored(project)) == 1 and window.undo_stack.count() == 1
