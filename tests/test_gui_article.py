"""The article view driven like a person would: mouse drags, clicks and keys; the store checked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from test_gui_support import click_char, drag, find_span, make_project, make_window, seed_texts

from annotator.model import DocRecord

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

CLITIC = "اتفقت روسيا وأذربيجان على وقف إطلاق النار في المنطقة."
CASUALTIES = "وأعلن الجيش مقتل أربعة جنود ومدنيين اثنين في الهجوم على القرية."
EMOJI = "😀 مقتل 11 شخصا"
HTML = "<b>x</b> نص عربي <i>مائل</i>"
CLAIM_TEXT = (
    "قال المتحدث باسم وزارة الدفاع إن القوات صدت هجوما واسعا على الحدود. "
    "وقال رئيس الوزراء إن البلاد لن تتراجع."
)


@pytest.fixture
def project(tmp_path):
    texts = [
        ("clitic", CLITIC),
        ("casualties", CASUALTIES),
        ("emoji", EMOJI),
        ("html", HTML),
        ("claim", CLAIM_TEXT),
        *seed_texts()[:2],
    ]
    project = make_project(tmp_path / "article.sqlite", texts)
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    return make_window(qtbot, project, "tester")


def doc_id(project, name: str) -> int:
    return next(row[0] for row in project.document_rows(0, 100) if row[1] == name)


def open_doc(window, project, name: str) -> int:
    document = doc_id(project, name)
    window.open_document(document)
    return document


def spans(project, document: int, annotator: str = "tester") -> list[tuple[str, int, int]]:
    return [(a.label, a.start, a.end) for a in project.annotations(document, annotator)]


def test_drag_and_hotkey_store_the_span(qtbot, window, project):
    document = open_doc(window, project, seed_texts()[0][0])
    text = project.document_text(document)
    start, end = find_span(text, "وزارة الدفاع الأذربيجانية")
    drag(qtbot, window.view, start, end)
    assert window.view.selected_range() == (start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project, document) == [("ACTOR", start, end)]
    assert project.annotations(document, "tester")[0].text == "وزارة الدفاع الأذربيجانية"
    assert project.status(document, "tester") == "in progress"


def test_partial_word_selection_snaps_to_the_whole_token(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "وأذربيجان")
    drag(qtbot, window.view, start + 3, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_alt_while_dragging_keeps_the_clitic_out(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "أذربيجان")
    assert CLITIC[start - 1] == "و"
    drag(qtbot, window.view, start, end, modifier=ALT)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    stored = project.annotations(document, "tester")
    assert [(a.start, a.end, a.text) for a in stored] == [(start, end, "أذربيجان")]


def test_alt_with_the_hotkey_keeps_the_clitic_out(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "أذربيجان")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_1, ALT)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_whitespace_at_the_edges_is_trimmed(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    drag(qtbot, window.view, start - 1, end + 1, modifier=ALT)  # exact: only trimming applies
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_shift_arrows_select_visually_in_rtl_text(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_utf16(start))
    view.setTextCursor(cursor)
    # In right-to-left text the next characters are to the left of the cursor; Alt+Shift
    # extends by a character (Shift alone by a token: tests/test_gui_keyboard_flow.py).
    for _ in range(end - start):
        qtbot.keyClick(view, Qt.Key.Key_Left, SHIFT | ALT)
    assert view.selected_range() == (start, end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_undo_and_redo_restore_the_store(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    first = project.annotations(document, "tester")
    assert len(first) == 1
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert spans(project, document) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL | SHIFT)
    again = project.annotations(document, "tester")
    assert [(a.uuid, a.label, a.start, a.end) for a in again] == [
        (first[0].uuid, "ACTOR", start, end)
    ]


def test_delete_then_undo(qtbot, window, project):
    document = open_doc(window, project, "casualties")
    start, end = find_span(CASUALTIES, "مقتل أربعة جنود ومدنيين اثنين")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    before = project.annotations(document, "tester")
    window.view.select_annotation(None)
    click_char(qtbot, window.view, start + 6)
    assert window.view.selected_annotation == before[0].uuid
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert project.annotations(document, "tester") == []
    qtbot.waitUntil(lambda: window.annotation_panel.model.rowCount() == 0)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    after = project.annotations(document, "tester")
    assert [(a.uuid, a.label, a.start, a.end, a.attributes) for a in after] == [
        (before[0].uuid, "CASUALTY", start, end, before[0].attributes)
    ]
    qtbot.waitUntil(lambda: window.annotation_panel.model.rowCount() == 1)


def test_relabel_by_hotkey(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    click_char(qtbot, window.view, start + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert spans(project, document) == [("CLAIM", start, end)]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_casualty_count_is_filled_in_and_editable(qtbot, window, project):
    document = open_doc(window, project, "casualties")
    start, end = find_span(CASUALTIES, "مقتل أربعة جنود ومدنيين اثنين")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    (ann,) = project.annotations(document, "tester")
    assert ann.label == "CASUALTY"
    assert ann.attributes["count"] == 6  # four soldiers and two civilians
    assert ann.attributes["outcome"] == "killed"
    assert ann.attributes["qualifier"] == "exact"

    editor = window.attributes
    assert editor.uuid == ann.uuid
    field = editor.fields["count"]
    assert field.text() == "6"
    field.setText("5–7")
    field.editingFinished.emit()
    assert project.annotation(ann.uuid).attributes["count"] == [5, 7]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert project.annotation(ann.uuid).attributes["count"] == 6


def test_casualty_count_on_a_seed_phrase(qtbot, window, project):
    name, text = seed_texts()[0]
    document = open_doc(window, project, name)
    start, end = find_span(text, "مقتل 11 من رجال الشرطة والمدنيين الأذربيجانيين")
    drag(qtbot, window.view, start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    (ann,) = project.annotations(document, "tester")
    assert (ann.start, ann.end) == (start, end)
    assert ann.attributes["count"] == 11
    assert ann.attributes["outcome"] == "killed"


def test_relation_with_r_then_click(qtbot, window, project):
    document = open_doc(window, project, "claim")
    view = window.view
    claim_start, claim_end = find_span(CLAIM_TEXT, "قال المتحدث باسم وزارة الدفاع إن القوات")
    actor_start, actor_end = find_span(CLAIM_TEXT, "المتحدث باسم وزارة الدفاع")
    other_start, other_end = find_span(CLAIM_TEXT, "وزارة الدفاع")
    drag(qtbot, view, claim_start, claim_end)
    qtbot.keyClick(view, Qt.Key.Key_2)
    drag(qtbot, view, actor_start, actor_end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    drag(qtbot, view, other_start, other_end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    by_label = {(a.label, a.start): a.uuid for a in project.annotations(document, "tester")}
    claim = by_label[("CLAIM", claim_start)]
    actor = by_label[("ACTOR", actor_start)]
    other = by_label[("ACTOR", other_start)]

    click_char(qtbot, view, claim_start + 1)  # «قال»: inside the claim only
    assert view.selected_annotation == claim
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert view.relation_mode
    click_char(qtbot, view, actor_start + 2)  # «المتحدث»: the actor is the innermost there
    assert not view.relation_mode
    relations = project.relations(document, "tester")
    assert [(r.label, r.head, r.tail) for r in relations] == [("source", claim, actor)]

    view.select_annotation(claim)
    qtbot.keyClick(view, Qt.Key.Key_R)
    click_char(qtbot, view, other_start + 1)
    relations = project.relations(document, "tester")
    assert [(r.head, r.tail) for r in relations] == [(claim, other)]  # replaced, not added
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    relations = project.relations(document, "tester")
    assert [(r.head, r.tail) for r in relations] == [(claim, actor)]


def test_clicking_nested_spans_picks_innermost_then_cycles_outward(qtbot, window, project):
    document = open_doc(window, project, "claim")
    view = window.view
    claim_start, claim_end = find_span(CLAIM_TEXT, "قال المتحدث باسم وزارة الدفاع إن القوات")
    actor_start, actor_end = find_span(CLAIM_TEXT, "وزارة الدفاع")
    claim = window.editor.annotate("CLAIM", claim_start, claim_end)
    actor = window.editor.annotate("ACTOR", actor_start, actor_end)
    assert project.annotations(document, "tester")
    view.select_annotation(None)
    click_char(qtbot, view, actor_start + 1)
    assert view.selected_annotation == actor.uuid
    click_char(qtbot, view, actor_start + 1)
    assert view.selected_annotation == claim.uuid
    click_char(qtbot, view, actor_start + 1)
    assert view.selected_annotation == actor.uuid


def test_span_edges_move_by_token_and_by_character(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    view = window.view
    start, end = find_span(CLITIC, "روسيا")
    ann = window.editor.annotate("ACTOR", start, end)
    view.select_annotation(ann.uuid)
    next_start, next_end = find_span(CLITIC, "وأذربيجان")
    # Ctrl+Shift+Left: the left edge (the end, in RTL) goes one token further.
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL | SHIFT)
    assert spans(project, document) == [("ACTOR", start, next_end)]
    # Ctrl+Alt+Left: the right edge (the start) moves one character into the span.
    qtbot.keyClick(view, Qt.Key.Key_Left, CTRL | ALT)
    assert spans(project, document) == [("ACTOR", start + 1, next_end)]
    # Ctrl+Right: the right edge moves back out by a token, to the token's start.
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert spans(project, document) == [("ACTOR", start, next_end)]
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    assert spans(project, document) == [("ACTOR", start, end)]
    assert next_start == end + 1


def test_markup_is_shown_literally(window, project):
    open_doc(window, project, "html")
    document = window.view.document()
    assert document.toPlainText() == HTML
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            assert fragment.charFormat().fontWeight() <= QFont.Weight.Normal
            assert not fragment.charFormat().fontItalic()
            fragments += 1
        block = block.next()


def test_emoji_before_a_span_keeps_code_point_offsets(qtbot, window, project):
    document = open_doc(window, project, "emoji")
    start, end = find_span(EMOJI, "11")
    assert (start, end) == (7, 9)  # code points; Qt counts 8..10 (the emoji is two UTF-16 units)
    assert window.view.to_utf16(start) == 8
    drag(qtbot, window.view, start, end, modifier=ALT)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    (ann,) = project.annotations(document, "tester")
    assert (ann.start, ann.end, ann.text) == (7, 9, "11")


def test_the_article_reads_right_to_left(window, project):
    open_doc(window, project, "clitic")
    view = window.view
    option = view.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    assert view.document().firstBlock().layout().textOption().textDirection() == (
        Qt.LayoutDirection.RightToLeft
    )
    first = view.cursor_rect(0)
    last = view.cursor_rect(len("اتفقت"))
    assert first.x() > view.viewport().width() * 0.6  # the first word is at the right edge
    assert last.x() < first.x()


def test_blind_mode_hides_other_annotators_spans(qtbot, window, project):
    document = doc_id(project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    project.add_annotation(document, "someone else", "ACTOR", start, end)
    window.open_document(document)
    assert window.session.annotations == {}
    assert len(window.view._layers) == 0
    assert window.annotation_panel.model.rowCount() == 0
    window.others_action.trigger()
    assert [a.annotator for a in window.session.annotations.values()] == ["someone else"]
    assert len(window.view._layers) == 1
    assert window.annotation_panel.model.rowCount() == 1
    window.others_action.trigger()
    assert window.annotation_panel.model.rowCount() == 0


def test_font_size_keys_change_and_remember_the_size(qtbot, window, project):
    from annotator.gui.settings import Settings

    open_doc(window, project, "clitic")
    view = window.view
    size = view.font_size
    window.activateWindow()
    qtbot.keyClick(view, Qt.Key.Key_Plus, CTRL)
    assert view.font_size == size + 1
    assert view.document().defaultFont().pointSizeF() == size + 1
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.font_size == size - 1
    assert Settings().font_size == size - 1


def test_hover_tooltip_names_label_annotator_and_attributes(qtbot, window, project):
    open_doc(window, project, "casualties")
    start, end = find_span(CASUALTIES, "مقتل أربعة جنود ومدنيين اثنين")
    window.editor.annotate("CASUALTY", start, end)
    rect = window.view.cursor_rect(start + 2)
    tip = window.view.tooltip_at(rect.center())
    assert "CASUALTY" in tip and "tester" in tip and "count: 6" in tip


def test_mark_done_moves_to_the_next_document_not_done(qtbot, window, project):
    first = open_doc(window, project, "clitic")
    second, third = doc_id(project, "casualties"), doc_id(project, "emoji")
    project.set_status(second, "tester", "done")
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_Return, CTRL)
    assert project.status(first, "tester") == "done"
    assert window.session.document_id == third
    assert "1 of" not in window.documents.progress_label.text()
    assert window.documents.progress_label.text().startswith("2 of 7 done")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo the status, back on that document
    assert project.status(first, "tester") == "new"
    assert window.session.document_id == first


def test_next_and_previous_document_keys(qtbot, window, project):
    first = open_doc(window, project, "clitic")
    window.activateWindow()
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, ALT)
    assert window.session.document_id == doc_id(project, "casualties")
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, ALT)
    assert window.session.document_id == first


def test_double_click_selects_a_word_for_the_hotkey(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    view = window.view
    view.reveal(start, end)
    a, b = view.cursor_rect(start + 1), view.cursor_rect(start + 2)
    point = a.center()
    point.setX((a.center().x() + b.center().x()) // 2)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(project, document) == [("ACTOR", start, end)]


def test_annotate_all_is_one_undo_step(qtbot, window, project):
    document = open_doc(window, project, "claim")
    first = find_span(CLAIM_TEXT, "وقال")
    ranges = [find_span(CLAIM_TEXT, "قال"), first]
    added = window.editor.annotate_all("CLAIM", ranges)
    assert len(added) == 2
    assert sorted(spans(project, document)) == sorted(("CLAIM", s, e) for s, e in ranges)
    assert window.editor.annotate_all("CLAIM", ranges) == []  # already there: nothing added
    window.undo_stack.undo()
    assert spans(project, document) == []
    window.undo_stack.redo()
    assert len(spans(project, document)) == 2


def test_resize_and_attribute_choice_are_undoable(qtbot, window, project):
    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    ann = window.editor.annotate("ACTOR", start, end)
    window.view.select_annotation(ann.uuid)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, CTRL | SHIFT)
    assert spans(project, document)[0][2] > end
    kind = window.attributes.fields["kind"]
    kind.setCurrentText("state")
    kind.activated.emit(kind.currentIndex())
    assert project.annotation(ann.uuid).attributes == {"kind": "state"}
    window.undo_stack.undo()
    assert project.annotation(ann.uuid).attributes == {}
    window.undo_stack.undo()
    assert spans(project, document) == [("ACTOR", start, end)]


def test_tab_walks_through_spans_in_text_order(qtbot, window, project):
    open_doc(window, project, "clitic")
    first = window.editor.annotate("ACTOR", *find_span(CLITIC, "روسيا"))
    second = window.editor.annotate("ACTOR", *find_span(CLITIC, "وأذربيجان"))
    view = window.view
    view.select_annotation(None)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_annotation == first.uuid
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_annotation == second.uuid
    assert window.attributes.uuid == second.uuid
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.selected_annotation == first.uuid


def test_clicking_a_row_of_the_annotation_table_selects_the_span(qtbot, window, project):
    open_doc(window, project, "clitic")
    window.editor.annotate("ACTOR", *find_span(CLITIC, "روسيا"))
    second = window.editor.annotate("CLAIM", *find_span(CLITIC, "وقف إطلاق النار"))
    window.view.select_annotation(None)
    panel = window.annotation_panel
    panel.model.flush()
    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(second.uuid), 1))
    rect = panel.view.visualRect(row)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.selected_annotation == second.uuid


def test_undo_brings_back_the_document_it_acts_on(qtbot, window, project):
    first = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    window.editor.annotate("ACTOR", start, end)
    second = open_doc(window, project, "casualties")
    window.undo_stack.undo()
    assert window.session.document_id == first
    assert spans(project, first) == []
    window.open_document(second)
    window.undo_stack.redo()
    assert window.session.document_id == first
    assert spans(project, first) == [("ACTOR", start, end)]
    assert len(window.view._layers) == 1


def test_source_click_picks_the_actor_even_under_a_nested_span(qtbot, window, project):
    document = open_doc(window, project, "claim")
    view = window.view
    claim = window.editor.annotate("CLAIM", *find_span(CLAIM_TEXT, "وقال رئيس الوزراء إن البلاد"))
    actor_start, actor_end = find_span(CLAIM_TEXT, "رئيس الوزراء")
    actor = window.editor.annotate("ACTOR", actor_start, actor_end)
    window.editor.annotate("CASUALTY", *find_span(CLAIM_TEXT, "الوزراء"))  # innermost there
    view.select_annotation(claim.uuid)
    qtbot.keyClick(view, Qt.Key.Key_R)
    click_char(qtbot, view, actor_end - 2)
    relations = project.relations(document, "tester")
    assert [(r.head, r.tail) for r in relations] == [(claim.uuid, actor.uuid)]


def test_label_hotkeys_work_with_an_arabic_keyboard_layout(qtbot, window, project):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    document = open_doc(window, project, "clitic")
    start, end = find_span(CLITIC, "روسيا")
    window.view.select_range(start, end)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, 0x0663, Qt.KeyboardModifier.NoModifier, "٣")  # ٣ is the 3 key
        QApplication.sendEvent(window.view, event)
    assert spans(project, document) == [("CASUALTY", start, end)]


def test_a_drag_snaps_to_an_imported_corpus_own_tokens(qtbot, tmp_path):
    """A document from a tokenized corpus keeps its tokens: a drag inside «شمال-غرب» (one
    token of the corpus, three of our tokenizer) marks the whole token, and the edge keys step
    by the corpus's tokens."""
    from annotator.importing import import_annotated
    from annotator.store import Project

    source = tmp_path / "corpus.conll"
    source.write_text("شمال-غرب O\nسوريا O\nقال O\n", encoding="utf-8")
    project = Project.create(tmp_path / "c.sqlite")
    try:
        import_annotated(project, [source], "conll", annotator="other")
        window = make_window(qtbot, project, "tester")
        [document] = project.document_ids()
        window.open_document(document)
        drag(qtbot, window.view, 0, 3)  # inside «شمال»
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        assert spans(project, document) == [("ACTOR", 0, 8)]
        (ann,) = project.annotations(document, "tester")
        window.view.select_annotation(ann.uuid)
        # Ctrl+Shift+Left: the end (the left edge, in RTL) one of the corpus's tokens on
        qtbot.keyClick(window.view, Qt.Key.Key_Left, CTRL | SHIFT)
        assert spans(project, document) == [("ACTOR", 0, 14)]
    finally:
        project.close()


def test_a_document_with_damaged_stored_tokens_still_opens_whole(qtbot, tmp_path):
    """Damaged own tokens (check lists them) never leave the window between two documents:
    the document opens with its text and annotations, selections snap by the tokenizer, and
    a new span lands in the document shown."""
    import sqlite3
    from contextlib import closing

    from annotator.importing import import_annotated
    from annotator.store import Project

    source = tmp_path / "corpus.conll"
    source.write_text("شمال-غرب B-LOC\nسوريا O\n", encoding="utf-8")
    path = tmp_path / "c.sqlite"
    with Project.create(path) as project:
        import_annotated(project, [source], "conll", annotator="tester")
        other = project.add_documents([DocRecord(text=CLITIC, name="clitic")]).added[0]
    with closing(sqlite3.connect(path)) as conn, conn:  # a closed test file
        conn.execute("UPDATE doc_tokens SET data = x'0102'")
    project = Project.open(path)
    try:
        window = make_window(qtbot, project, "tester")
        window.open_document(other)
        window.open_document(1)
        assert window.session.document_id == 1 and window.view.text.startswith("شمال-غرب")
        assert [a.label for a in window.session.annotations.values()] == ["LOC"]
        start, end = find_span(window.view.text, "سوريا")
        drag(qtbot, window.view, start, end)
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        assert ("ACTOR", start, end) in spans(project, 1)
        assert spans(project, other) == []
    finally:
        project.close()


def test_shift_click_extends_the_selection(qtbot, window, project):
    from test_gui_support import _near_boundary

    document = open_doc(window, project, "clitic")
    view = window.view
    start, _end = find_span(CLITIC, "روسيا")
    _start, end = find_span(CLITIC, "وأذربيجان")
    drag(qtbot, view, start, start + 3)  # inside «روسيا»
    point = _near_boundary(view, end - 1, end - 2)  # inside «وأذربيجان», one letter before its end
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, SHIFT, point)
    assert view.selected_range() == (start, end - 1)
    qtbot.keyClick(view, Qt.Key.Key_1)  # snapped to whole tokens, like a drag
    assert spans(project, document) == [("ACTOR", start, end)]
