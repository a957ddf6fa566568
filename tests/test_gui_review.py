"""Review mode driven with keys and clicks (offscreen); the store is checked after each action."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from failing_disk import FailingCommits
from PySide6.QtCore import QPoint, Qt
from test_adjudication import (
    ARMY,
    CLAIM,
    MINISTRY,
    NAMES,
    THREE_LONG,
    THREE_SHORT,
    THREE_WORD,
    TWELVE,
    UN,
    build_doc,
    gold,
    proposal,
)

from annotator import adjudication as adj
from annotator.gui.review import ReviewWindow
from annotator.store import Project

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "review.sqlite") as opened:
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


def cluster_span(window: ReviewWindow) -> set[tuple[str, int, int]]:
    """(label, start, end) of the proposals of the selected cluster."""
    review = window.review
    assert review.cluster is not None
    return {(a.label, a.start, a.end) for a in review.state.clusters[review.cluster].proposals}


def key(qtbot, window: ReviewWindow, code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.review.view, code, modifier)


def click_bar(qtbot, window: ReviewWindow, uuid: str) -> None:
    view = window.review.view
    span = view.span(uuid)
    view.reveal(span.start, span.end)
    view.viewport().repaint()
    rects = view.bar_rects(uuid)
    assert rects, "the bar was not painted"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rects[0].center())


def test_opening_shows_lanes_merges_agreement_and_selects_first_disagreement(
    window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    assert review.view.lanes == [*NAMES, "gold"]
    assert set(gold(project, doc)) == {("ACTOR", *ARMY), ("CLAIM", *CLAIM), ("CASUALTY", *TWELVE)}
    assert window.undo_stack.count() == 1  # the auto-merge
    assert cluster_span(window) == {("ACTOR", *MINISTRY)}  # first unresolved, in text order
    assert review.selected == proposal(project, doc, "amal", "ACTOR", MINISTRY).uuid
    # bars of every lane were painted, gold included
    review.view.viewport().repaint()
    army_gold = gold(project, doc)[("ACTOR", *ARMY)]
    assert review.view.bar_rects(army_gold.uuid)
    assert review.view.bar_rects(proposal(project, doc, "carim", "ACTOR", ARMY).uuid)


def test_bars_sit_under_their_text_after_an_emoji(window: ReviewWindow, project: Project, doc):
    view = window.review.view
    army = proposal(project, doc, "badr", "ACTOR", ARMY)
    view.reveal(*ARMY)
    view.viewport().repaint()
    (bar,) = view.bar_rects(army.uuid)
    x_start, x_end = view.cursor_rect(ARMY[0]).center().x(), view.cursor_rect(ARMY[1]).center().x()
    assert abs(bar.right() - max(x_start, x_end)) <= 3
    assert abs(bar.left() - min(x_start, x_end)) <= 3
    assert bar.top() > view.cursor_rect(ARMY[0]).bottom()  # lanes are under the line


def test_next_and_previous_keys_walk_unresolved_clusters(qtbot, window: ReviewWindow) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    assert ("CASUALTY", *THREE_SHORT) in cluster_span(window)
    key(qtbot, window, Qt.Key.Key_Down, ALT)
    assert cluster_span(window) == {("ACTOR", *UN), ("CLAIM", *UN)}
    key(qtbot, window, Qt.Key.Key_N)
    assert cluster_span(window) == {("ACTOR", *MINISTRY)}  # wrapped around
    key(qtbot, window, Qt.Key.Key_P)
    assert cluster_span(window) == {("ACTOR", *UN), ("CLAIM", *UN)}
    key(qtbot, window, Qt.Key.Key_Up, ALT)
    assert ("CASUALTY", *THREE_SHORT) in cluster_span(window)


def test_accept_by_key_adds_to_gold_and_undo_removes_it(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    long = proposal(project, doc, "badr", "CASUALTY", THREE_LONG)
    click_bar(qtbot, window, long.uuid)
    assert window.review.selected == long.uuid
    key(qtbot, window, Qt.Key.Key_A)

    made = gold(project, doc)[("CASUALTY", *THREE_LONG)]
    assert made.proposed_by == ("badr",)
    assert made.attributes == {"count": 3, "outcome": "killed"}
    assert cluster_span(window) == {("ACTOR", *UN), ("CLAIM", *UN)}  # moved on
    assert window.undo_stack.count() == 2

    window.undo_action.trigger()
    assert ("CASUALTY", *THREE_LONG) not in gold(project, doc)
    assert len(gold(project, doc)) == 3
    window.redo_action.trigger()
    assert gold(project, doc)[("CASUALTY", *THREE_LONG)].uuid == made.uuid


def test_reject_by_key_records_it_and_moves_on(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    amal = proposal(project, doc, "amal", "ACTOR", MINISTRY)
    badr = proposal(project, doc, "badr", "ACTOR", MINISTRY)
    assert window.review.selected == amal.uuid
    key(qtbot, window, Qt.Key.Key_X)
    assert adj.decisions(project, doc)[amal.uuid].decision == "rejected"
    assert window.review.selected == badr.uuid  # the cluster's other proposal is next
    key(qtbot, window, Qt.Key.Key_X)
    assert adj.decisions(project, doc)[badr.uuid].decision == "rejected"
    assert ("CASUALTY", *THREE_SHORT) in cluster_span(window)  # resolved: on to the next
    assert ("ACTOR", *MINISTRY) not in gold(project, doc)

    window.undo_action.trigger()
    assert badr.uuid not in adj.decisions(project, doc)
    assert amal.uuid in adj.decisions(project, doc)


def test_x_on_a_rejected_proposal_withdraws_the_rejection(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    amal = proposal(project, doc, "amal", "ACTOR", MINISTRY)
    key(qtbot, window, Qt.Key.Key_X)
    click_bar(qtbot, window, amal.uuid)
    key(qtbot, window, Qt.Key.Key_X)
    assert amal.uuid not in adj.decisions(project, doc)


def test_undo_of_the_auto_merge_empties_gold(window: ReviewWindow, project: Project, doc):
    window.undo_action.trigger()
    assert project.annotations(doc, "gold") == []
    assert adj.curation_status(project, doc) == "new"
    assert window.review.state.gold == {}
    window.redo_action.trigger()
    assert len(gold(project, doc)) == 3


def test_gold_span_edited_with_keys(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    short = proposal(project, doc, "amal", "CASUALTY", THREE_SHORT)
    click_bar(qtbot, window, short.uuid)
    key(qtbot, window, Qt.Key.Key_A, SHIFT)  # accept and stay on the new gold span
    made = gold(project, doc)[("CASUALTY", *THREE_SHORT)]
    assert window.review.selected == made.uuid

    key(qtbot, window, Qt.Key.Key_Right, CTRL)  # start one token back (right, in RTL)
    assert project.annotation(made.uuid).start == THREE_LONG[0]
    key(qtbot, window, Qt.Key.Key_Left, CTRL | ALT)  # and one character forward
    assert project.annotation(made.uuid).start == THREE_LONG[0] + 1
    key(qtbot, window, Qt.Key.Key_1)  # ACTOR's hotkey relabels the gold span
    assert project.annotation(made.uuid).label == "ACTOR"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (project.annotation(made.uuid).label, project.annotation(made.uuid).start) == (
        "CASUALTY",
        THREE_LONG[0],
    )
    key(qtbot, window, Qt.Key.Key_Delete)
    assert made.uuid not in {a.uuid for a in project.annotations(doc, "gold")}


def test_clicking_text_selects_its_cluster_and_d_marks_done(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    view = window.review.view
    view.reveal(*UN)
    a = view.cursor_rect(UN[0] + 2).center()
    b = view.cursor_rect(UN[0] + 3).center()
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint((a.x() + b.x()) // 2, a.y())
    )
    assert cluster_span(window) == {("ACTOR", *UN), ("CLAIM", *UN)}
    window.review.ask_done = lambda left: True  # disagreements are left: D asks first
    key(qtbot, window, Qt.Key.Key_D)
    assert adj.curation_status(project, doc) == "done"
    assert "done" in window.documents.currentText()
    key(qtbot, window, Qt.Key.Key_D)
    assert adj.curation_status(project, doc) == "in progress"


def test_take_attributes_by_key(qtbot, window: ReviewWindow, project: Project, doc: int) -> None:
    carim = proposal(project, doc, "carim", "CASUALTY", TWELVE)
    window.review.select_span(carim.uuid)
    assert window.review.state.cluster_of(carim.uuid).attribute_conflict
    key(qtbot, window, Qt.Key.Key_T)
    assert gold(project, doc)[("CASUALTY", *TWELVE)].attributes == {"count": [10, 12]}


def test_window_screenshot_renders(window: ReviewWindow, tmp_path: Path) -> None:
    path = tmp_path / "review.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_tab_and_arrows_select_the_proposals_of_a_cluster(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    key(qtbot, window, Qt.Key.Key_N)
    order = [
        proposal(project, doc, "amal", "CASUALTY", THREE_SHORT).uuid,
        proposal(project, doc, "badr", "CASUALTY", THREE_LONG).uuid,
        proposal(project, doc, "carim", "CASUALTY", THREE_WORD).uuid,
    ]
    assert window.review.selected == order[0]
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.review.selected == order[1]
    key(qtbot, window, Qt.Key.Key_Down)
    assert window.review.selected == order[2]
    key(qtbot, window, Qt.Key.Key_Up)
    key(qtbot, window, Qt.Key.Key_Backtab, SHIFT)
    assert window.review.selected == order[0]
    selected = window.review.proposal_list.selectedItems()
    assert [item.data(256) for item in selected] == [order[0]]


def test_a_document_nobody_annotated_shows_only_the_gold_lane(
    qtbot, window: ReviewWindow, project: Project
) -> None:
    from annotator.model import DocRecord

    (empty,) = project.add_documents([DocRecord(text="نص بلا تعليقات", name="empty")]).added
    window.open_document(empty)
    assert window.review.view.lanes == ["gold"]
    assert window.review.state.clusters == []
    key(qtbot, window, Qt.Key.Key_N)
    key(qtbot, window, Qt.Key.Key_A)
    assert project.annotations(empty) == []


def test_gold_span_dialog_previews_the_text_and_changes_only_the_label(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    from annotator.gui.review import GoldSpanDialog

    army = gold(project, doc)[("ACTOR", *ARMY)]
    dialog = GoldSpanDialog(army, ["ACTOR", "CLAIM", "CASUALTY"], window)
    qtbot.addWidget(dialog)
    assert dialog.preview.text() == "المتحدث باسم الجيش"
    dialog.label.setCurrentText("CLAIM")
    assert dialog.values() == "CLAIM"
    assert not hasattr(dialog, "start")  # boundaries are selected in the text, not typed


def test_a_refused_gold_write_and_its_undo_change_nothing_and_are_shown(
    qtbot, window: ReviewWindow, project: Project, doc: int, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "annotator.gui.write_dialogs.QMessageBox.warning",
        lambda _parent, _title, text, *args: shown.append(text),
    )
    disk = project.conn = FailingCommits(
        project.conn, code=sqlite3.SQLITE_FULL, message="database or disk is full"
    )
    key(qtbot, window, Qt.Key.Key_N)
    long = proposal(project, doc, "badr", "CASUALTY", THREE_LONG)
    click_bar(qtbot, window, long.uuid)
    steps = window.undo_stack.count()
    disk.failing = True
    key(qtbot, window, Qt.Key.Key_A)
    assert len(shown) == 1 and "disk is full" in shown[0]
    assert ("CASUALTY", *THREE_LONG) not in gold(project, doc)
    assert window.undo_stack.count() == steps
    disk.failing = False
    key(qtbot, window, Qt.Key.Key_A)
    assert ("CASUALTY", *THREE_LONG) in gold(project, doc)
    disk.failing = True
    window.undo_action.trigger()  # refused: the gold span and the stack stay
    assert len(shown) == 2
    assert ("CASUALTY", *THREE_LONG) in gold(project, doc)
    assert window.undo_stack.index() == steps + 1
    disk.failing = False
    window.undo_action.trigger()
    assert ("CASUALTY", *THREE_LONG) not in gold(project, doc)


def test_gold_edges_step_by_an_imported_corpus_own_tokens(qtbot, tmp_path: Path) -> None:
    """In a document from a tokenized corpus the gold span's edges step by its tokens:
    «شمال-غرب» is one token of the corpus (three of our tokenizer)."""
    from annotator.importing import import_annotated

    source = tmp_path / "corpus.conll"
    source.write_text("شمال-غرب B-LOC\nسوريا I-LOC\nقال O\n", encoding="utf-8")
    with Project.create(tmp_path / "c.sqlite") as project:
        for name in ("amal", "omar"):
            import_annotated(project, [source], "conll", annotator=name, done=True)
        [doc] = project.document_ids()
        widget = ReviewWindow(project)
        qtbot.addWidget(widget)
        widget.resize(1300, 800)
        widget.show()
        qtbot.waitExposed(widget)
        widget.open_document(doc)  # the agreed span is merged into gold
        qtbot.wait(20)
        [made] = project.annotations(doc, "gold")
        assert (made.start, made.end) == (0, 14)
        click_bar(qtbot, widget, made.uuid)
        assert widget.review.selected == made.uuid
        key(qtbot, widget, Qt.Key.Key_Left, CTRL)  # the start one token on (left, in RTL)
        assert project.annotation(made.uuid).start == 9  # past the whole «شمال-غرب»
