"""FindBar: normalized search, navigation, annotate all (through the Editor) with undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.commands import Editor
from annotator.gui.find_bar import FindBar
from annotator.gui.session import Session
from annotator.model import DocRecord
from annotator.store import Project
from annotator.text import TermMatcher, find

ANNOTATOR = "amal"
# An emoji first: spans are code points, not UTF-16 units.
SHORT_TEXT = "😀 زار أذربيجان ثم وأذربيجان واذربيجان."


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    docs = [DocRecord(text=path.read_text(encoding="utf-8"), name=path.stem) for path in seeds]
    docs.append(DocRecord(text=SHORT_TEXT, name="short"))
    docs.append(DocRecord(text="خبر عن الطقس في القاهرة.", name="unrelated"))
    with Project.create(tmp_path / "p.sqlite") as opened:
        opened.add_documents(docs)
        yield opened


def doc_id(project: Project, name: str) -> int:
    return next(doc.id for doc in project.iter_documents() if doc.name == name)


def seed_id(project: Project, prefix: str) -> int:
    return next(doc.id for doc in project.iter_documents() if doc.name.startswith(prefix))


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def session(project: Project) -> Session:
    return Session(project, ANNOTATOR)


@pytest.fixture
def editor(session: Session, stack: QUndoStack) -> Editor:
    return Editor(session, stack)


@pytest.fixture
def bar(qtbot, editor: Editor) -> FindBar:
    widget = FindBar()
    qtbot.addWidget(widget)
    widget.set_context(editor)
    widget.show()
    return widget


def open_document(bar: FindBar, project: Project, document_id: int) -> str:
    text = project.document_text(document_id)
    bar.set_document(document_id, text)
    return text


def type_text(widget: QWidget, text: str) -> None:
    """Type characters as key events carrying their text, as an Arabic keyboard layout does.

    (`qtbot.keyClicks` only maps ASCII; QtTest aborts on other characters.)
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def search(qtbot, bar: FindBar, query: str) -> None:
    bar.query_edit.clear()
    with qtbot.waitSignal(bar.hitsChanged, timeout=2000):
        if query.isascii():
            qtbot.keyClicks(bar.query_edit, query)
        else:
            type_text(bar.query_edit, query)


def spans(project: Project, document_id: int, annotator: str = ANNOTATOR) -> set:
    return {(a.label, a.start, a.end) for a in project.annotations(document_id, annotator)}


def test_typing_finds_normalized_hits_once_per_burst(qtbot, bar, project):
    document = seed_id(project, "004_")
    text = open_document(bar, project, document)
    emitted: list[list] = []
    bar.hitsChanged.connect(emitted.append)
    with qtbot.waitSignal(bar.hitsChanged, timeout=2000):
        type_text(bar.query_edit, "اذربيجان")
    assert bar.query() == "اذربيجان"
    expected = find(text, "اذربيجان")
    assert bar.hits == expected
    assert emitted == [expected]  # debounced: one search for the whole burst of typing
    assert "أذربيجان" in {text[start:end] for start, end in bar.hits}
    assert "اذربيجان" in {text[start:end] for start, end in bar.hits}
    assert bar.counter_text() == f"1 of {len(expected)}"
    assert bar.query_edit.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_latin_query_turns_the_line_edit_left_to_right(qtbot, bar, project):
    open_document(bar, project, seed_id(project, "004_"))
    search(qtbot, bar, "Baku")
    assert bar.query_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert bar.counter_text() == "No results"


def test_hits_are_code_point_spans_after_an_emoji(qtbot, bar, project):
    text = open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    assert [text[start:end] for start, end in bar.hits] == ["أذربيجان", "أذربيجان", "اذربيجان"]


def test_whole_word_changes_the_hits(qtbot, bar, project):
    text = open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "أذربيجان")
    inside_word = text.index("وأذربيجان") + 1
    assert len(bar.hits) == 3
    assert any(start == inside_word for start, _ in bar.hits)
    with qtbot.waitSignal(bar.hitsChanged, timeout=1000) as blocker:
        bar.whole_word_box.setChecked(True)
    assert blocker.args == [find(text, "أذربيجان", whole_word=True)]
    assert len(bar.hits) == 1
    assert all(start != inside_word for start, _ in bar.hits)
    assert bar.counter_text() == "1 of 1"


def test_whole_word_on_a_seed(qtbot, bar, project):
    text = open_document(bar, project, seed_id(project, "004_"))
    search(qtbot, bar, "أذربيجان")
    loose = list(bar.hits)
    bar.whole_word_box.setChecked(True)
    assert bar.hits == find(text, "أذربيجان", whole_word=True)
    assert 0 < len(bar.hits) < len(loose)


def test_next_and_previous_cycle_and_emit(qtbot, bar, project):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    hits = bar.hits
    assert bar.current_hit() == hits[0]

    def step(key, modifier=Qt.KeyboardModifier.NoModifier):
        with qtbot.waitSignal(bar.currentHitChanged, timeout=1000) as blocker:
            qtbot.keyClick(bar.query_edit, key, modifier)
        return tuple(blocker.args)

    assert step(Qt.Key.Key_Return) == hits[1]
    assert bar.counter_text() == "2 of 3"
    assert step(Qt.Key.Key_Enter) == hits[2]
    assert step(Qt.Key.Key_Return) == hits[0]  # wraps
    assert step(Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier) == hits[2]  # wraps back
    assert step(Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier) == hits[1]
    assert step(Qt.Key.Key_F3) == hits[2]
    with qtbot.waitSignal(bar.currentHitChanged, timeout=1000) as blocker:
        bar.next_action.trigger()  # F3 from elsewhere in the window
    assert tuple(blocker.args) == hits[0]
    with qtbot.waitSignal(bar.currentHitChanged, timeout=1000) as blocker:
        bar.previous_button.click()
    assert tuple(blocker.args) == hits[2]
    assert bar.counter_text() == "3 of 3"


def test_enter_right_after_typing_searches_first(qtbot, bar, project):
    text = open_document(bar, project, doc_id(project, "short"))
    type_text(bar.query_edit, "اذربيجان")  # debounce timer still pending
    with qtbot.waitSignal(bar.currentHitChanged, timeout=1000) as blocker:
        qtbot.keyClick(bar.query_edit, Qt.Key.Key_Return)
    assert tuple(blocker.args) == find(text, "اذربيجان")[0]  # the first hit, not skipped
    assert bar.counter_text() == "1 of 3"


def test_new_document_recomputes_hits(qtbot, bar, project):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    with qtbot.waitSignal(bar.hitsChanged, timeout=1000) as blocker:
        open_document(bar, project, doc_id(project, "unrelated"))
    assert blocker.args == [[]]
    assert bar.counter_text() == "No results"


def test_escape_closes(qtbot, bar, project):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    cleared: list[list] = []
    bar.hitsChanged.connect(cleared.append)
    with qtbot.waitSignal(bar.closed, timeout=1000):
        qtbot.keyClick(bar.query_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert cleared == [[]]


def test_annotate_all_in_document_is_one_undoable_step(qtbot, bar, project, stack, session):
    document = seed_id(project, "004_")
    text = open_document(bar, project, document)
    search(qtbot, bar, "اذربيجان")
    bar.set_label("ACTOR")
    hits = term_hits(text, "اذربيجان")  # whole words, after proclitics: not «الأذربيجانية»
    assert len(find(text, "اذربيجان", whole_word=True)) == 8  # and 4 after و or ل
    assert len(hits) == 12 and len(find(text, "اذربيجان")) == 15  # and 3 derived words
    with qtbot.waitSignal(session.documentsTouched, timeout=1000) as blocker:
        qtbot.mouseClick(bar.annotate_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [{document}]
    assert spans(project, document) == {("ACTOR", start, end) for start, end in hits}
    assert all(a.text == text[a.start : a.end] for a in project.annotations(document))
    assert stack.count() == 1
    added = {a.uuid for a in project.annotations(document)}

    with qtbot.waitSignal(session.documentChanged, timeout=1000):
        stack.undo()  # brings the step's document on screen
    assert session.document_id == document and session.annotations == {}
    assert project.annotations(document) == []

    stack.redo()
    assert {a.uuid for a in project.annotations(document)} == added == set(session.annotations)
    assert spans(project, document) == {("ACTOR", start, end) for start, end in hits}


def test_annotate_all_stores_what_the_hotkey_stores(qtbot, bar, editor, project, session):
    """A CASUALTY figure annotated with "annotate all" gets its count, qualifier and outcome
    from the text, exactly as the hotkey gives them."""
    document = project.add_documents(
        [DocRecord(text="قتل ثلاثة آلاف مدني. ثم قتل ثلاثة آلاف مدني آخرين.", name="c")]
    ).added[0]
    open_document(bar, project, document)
    search(qtbot, bar, "ثلاثة آلاف مدني")
    bar.set_label("CASUALTY")
    [first, second] = bar.annotate_all()
    session.open_document(document)
    by_hotkey = editor.annotate("CASUALTY", first.start, first.end + 1)
    assert first.attributes["count"] == 3000 and first.attributes == second.attributes
    assert {k: by_hotkey.attributes[k] for k in first.attributes} == first.attributes
    assert project.annotation(first.uuid).attributes == first.attributes


def test_identical_spans_are_not_duplicated(qtbot, bar, project, stack):
    document = doc_id(project, "short")
    text = open_document(bar, project, document)
    search(qtbot, bar, "اذربيجان")
    first, second, third = find(text, "اذربيجان")
    kept = project.add_annotation(document, ANNOTATOR, "ACTOR", *first)
    project.add_annotation(document, ANNOTATOR, "CLAIM", *second)  # other label: no clash
    project.add_annotation(document, "badr", "ACTOR", *third)  # other annotator: no clash
    bar.set_label("ACTOR")
    added = bar.annotate_all()
    assert len(added) == 2
    mine = project.annotations(document, ANNOTATOR)
    assert sorted((a.label, a.start, a.end) for a in mine) == sorted(
        [("ACTOR", *first), ("ACTOR", *second), ("CLAIM", *second), ("ACTOR", *third)]
    )
    assert kept.uuid in {a.uuid for a in mine}

    messages: list[str] = []
    bar.inform = messages.append
    assert bar.annotate_all() == []  # all hits labelled already: nothing pushed
    assert stack.count() == 1 and len(messages) == 1
    stack.undo()
    assert {a.uuid for a in project.annotations(document, ANNOTATOR)} == {
        kept.uuid,
        *(a.uuid for a in mine if (a.label, a.start) == ("CLAIM", second[0])),
    }


def term_hits(text: str, query: str) -> list[tuple[int, int]]:
    """What annotate all labels: the query's occurrences as a term (whole words, after
    proclitics), not the search hits."""
    return [(m.start, m.end) for m in TermMatcher([query]).find(text)]


def project_hits(project: Project, query: str) -> dict[int, list]:
    found = {}
    for doc in project.iter_documents():
        hits = term_hits(doc.text, query)
        if hits:
            found[doc.id] = hits
    return found


def test_project_scope_declined_writes_nothing(qtbot, bar, project, stack):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    bar.set_scope("project")
    asked: list[tuple[int, int]] = []

    def decline(count: int, documents: int) -> bool:
        asked.append((count, documents))
        return False

    bar.confirm = decline
    expected = project_hits(project, "اذربيجان")
    assert bar.annotate_all() == []
    assert asked == [(sum(map(len, expected.values())), len(expected))]
    assert len(expected) >= 6  # the five seeds and the short text
    assert stack.count() == 0
    assert all(project.annotations(d) == [] for d in project.document_ids())


def test_project_scope_confirmed_is_one_step(qtbot, bar, project, stack, session):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    bar.whole_word_box.setChecked(True)  # changes the search hits, not what is annotated
    bar.set_scope("project")
    bar.set_label("ACTOR")
    expected = project_hits(project, "اذربيجان")
    already = next(iter(expected))
    project.add_annotation(already, ANNOTATOR, "ACTOR", *expected[already][0])
    asked: list[tuple[int, int]] = []
    bar.confirm = lambda count, documents: asked.append((count, documents)) or True
    total = sum(map(len, expected.values()))
    with qtbot.waitSignal(session.documentsTouched, timeout=1000) as blocker:
        bar.annotate_all()
    documents_with_new = {d for d, hits in expected.items() if d != already or len(hits) > 1}
    assert asked == [(total - 1, len(documents_with_new))]
    assert blocker.args == [documents_with_new]
    for document in project.document_ids():
        assert spans(project, document) == {("ACTOR", s, e) for s, e in expected.get(document, [])}
    assert stack.count() == 1
    stack.undo()
    assert spans(project, already) == {("ACTOR", *expected[already][0])}
    assert sum(len(project.annotations(d)) for d in project.document_ids()) == 1


CLITIC_TEXT = "زار وأذربيجان ولأذربيجان ثم الأذربيجانية وأذربيجاني (أذربيجان) للحكومة"


def test_annotate_all_targets_whole_words_through_proclitics(qtbot, bar, project, session):
    """Annotate all labels the query as a term: after a proclitic without it, never inside a
    derived word; plain search still finds every in-word hit."""
    document = project.add_documents([DocRecord(text=CLITIC_TEXT, name="clitics")]).added[0]
    open_document(bar, project, document)
    search(qtbot, bar, "اذربيجان")
    assert len(bar.hits) == 5  # highlighting stays in-word
    bar.set_label("ACTOR")
    added = bar.annotate_all()
    first = CLITIC_TEXT.index("وأذربيجان") + 1
    second = CLITIC_TEXT.index("ولأذربيجان") + 2
    last = CLITIC_TEXT.index("(أذربيجان)") + 1
    assert sorted((a.start, a.end) for a in added) == [
        (first, first + 8),
        (second, second + 8),
        (last, last + 8),
    ]
    assert {a.text for a in added} == {"أذربيجان"}
    messages: list[str] = []
    bar.inform = messages.append
    search(qtbot, bar, "ذربيجان")  # only inside words
    assert bar.hits and bar.annotate_all() == []
    assert len(messages) == 1 and "nothing to annotate" in messages[0]
    assert spans(project, document) == {
        ("ACTOR", s, e) for s, e in [(first, first + 8), (second, second + 8), (last, last + 8)]
    }


def test_annotate_all_in_project_finds_the_article_after_lam(qtbot, bar, project):
    """A query starting with ال is annotated in «للحكومة» from the article's lam (a seed has
    one, beside «الحكومي»), in documents the plain search for the query does not find."""
    document = project.add_documents([DocRecord(text=CLITIC_TEXT, name="clitics")]).added[0]
    seed = seed_id(project, "003_")
    open_document(bar, project, doc_id(project, "unrelated"))
    search(qtbot, bar, "الحكومة")
    assert project.search("الحكومة").document_ids == []
    bar.set_scope("project")
    bar.set_label("ACTOR")
    asked: list[tuple[int, int]] = []
    bar.confirm = lambda count, documents: asked.append((count, documents)) or True
    added = bar.annotate_all()
    assert asked == [(2, 2)]
    texts = {document: CLITIC_TEXT, seed: project.document_text(seed)}
    assert sorted((a.document_id, a.start, a.end) for a in added) == sorted(
        (doc, texts[doc].index("للحكومة") + 1, texts[doc].index("للحكومة") + 7) for doc in texts
    )


def test_store_error_writes_nothing_and_is_shown(qtbot, editor, project, stack, session):
    document = doc_id(project, "short")
    text = project.document_text(document)
    touched: list[set] = []
    messages: list[str] = []
    session.documentsTouched.connect(touched.append)
    editor.message.connect(messages.append)
    added = editor.annotate_targets("ACTOR", [(document, 6, 14), (document, 0, len(text) + 5)])
    assert added == []
    assert len(messages) == 1 and "outside the text" in messages[0]
    assert stack.count() == 0
    assert project.annotations(document) == []
    assert touched == []


def test_annotate_all_needs_context(qtbot, project):
    widget = FindBar()
    qtbot.addWidget(widget)
    widget.set_document(1, project.document_text(1))
    widget.query_edit.setText("اذربيجان")
    widget.flush()
    assert not widget.annotate_button.isEnabled()
    assert widget.annotate_all() == []


def test_labels_follow_the_schema(qtbot, bar, project):
    assert [bar.label_combo.itemData(i) for i in range(bar.label_combo.count())] == [
        label.name for label in project.labels()
    ]
    bar.set_label("CLAIM")
    project.rename_label("CLAIM", "STATEMENT")
    bar.refresh_labels()
    assert "STATEMENT" in [bar.label_combo.itemData(i) for i in range(bar.label_combo.count())]
    assert bar.selected_label() == project.labels()[0].name  # the old choice is gone
    bar.set_label("STATEMENT")
    bar.refresh_labels()
    assert bar.selected_label() == "STATEMENT"


def test_hidden_bar_stays_quiet_and_activate_restores_hits(qtbot, bar, project):
    open_document(bar, project, doc_id(project, "short"))
    search(qtbot, bar, "اذربيجان")
    bar.close_bar()
    emitted: list = []
    bar.hitsChanged.connect(emitted.append)
    bar.currentHitChanged.connect(lambda start, end: emitted.append((start, end)))
    seed = seed_id(project, "004_")
    text = open_document(bar, project, seed)  # document switched while the bar is closed
    assert emitted == []
    bar.activate()
    hits = find(text, "اذربيجان")
    assert emitted == [hits, hits[0]]
    assert bar.query_edit.selectedText() == "اذربيجان"


def test_activate_with_a_query(qtbot, project):
    widget = FindBar()
    qtbot.addWidget(widget)
    text = project.document_text(doc_id(project, "short"))
    widget.set_document(doc_id(project, "short"), text)
    with qtbot.waitSignal(widget.hitsChanged, timeout=1000) as blocker:
        widget.activate("وأذربيجان")
    assert blocker.args == [find(text, "وأذربيجان")]
    assert [text[start:end] for start, end in blocker.args[0]] == ["وأذربيجان", "واذربيجان"]
