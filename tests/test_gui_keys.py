"""One keymap table (gui/keys.py) drives the keys of both windows, their help and docs/keys.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextTable
from test_adjudication import build_doc
from test_gui_support import make_project, make_window, seed_texts

from annotator.gui.keys import (
    CONTEXT_TITLES,
    FIND,
    KEYMAP,
    REVIEW,
    WORKBENCH,
    KeysDialog,
    chords_by_action,
)
from annotator.gui.review import ReviewWindow
from annotator.store import Project

ROOT = Path(__file__).resolve().parent.parent


def table_keys(context: str) -> list[str]:
    return [binding.keys for binding in KEYMAP[context]]


def markdown_keys(text: str) -> dict[str, list[str]]:
    """The first column of every table of docs/keys.md, per `## ` section."""
    found: dict[str, list[str]] = {}
    section = None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:]
            found[section] = []
        elif line.startswith("| ") and section is not None:
            first = line.split(" | ")[0][2:]
            if first not in ("Keys", "---"):
                found[section].append(first)
    return found


def help_keys(dialog: KeysDialog) -> list[str]:
    """The first column of the help dialog's table, as the dialog shows it (headings left out)."""
    document = dialog.browser.document()
    tables = [
        frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)
    ]
    assert len(tables) == 1
    table = tables[0]
    keys = []
    for row in range(table.rows()):
        cell = table.cellAt(row, 0)
        if cell.columnSpan() > 1:
            continue
        cursor = cell.firstCursorPosition()
        cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
        keys.append(cursor.selectedText())
    return keys


def test_docs_keys_md_lists_exactly_the_tables_keys() -> None:
    text = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    assert markdown_keys(text) == {
        title: table_keys(context) for context, title in CONTEXT_TITLES.items()
    }


@pytest.fixture
def workbench(qtbot, tmp_path: Path):
    project = make_project(tmp_path / "keys.sqlite", seed_texts()[:1])
    window = make_window(qtbot, project, "tester")
    window.open_document(project.document_ids()[0])
    yield window
    window.close()
    project.close()


@pytest.fixture
def review(qtbot, tmp_path: Path):
    with Project.create(tmp_path / "review.sqlite") as project:
        doc = build_doc(project)
        window = ReviewWindow(project)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.open_document(doc)
        yield window


def shown_help(window, monkeypatch) -> KeysDialog:
    shown: list[KeysDialog] = []
    monkeypatch.setattr(KeysDialog, "exec", lambda self: shown.append(self) or 0)
    window.show_keys()
    (dialog,) = shown
    return dialog


def test_the_workbench_help_lists_exactly_the_tables_keys(workbench, monkeypatch) -> None:
    shown = help_keys(shown_help(workbench, monkeypatch))
    assert shown == table_keys(WORKBENCH) + table_keys(FIND)


def test_the_review_help_lists_exactly_the_tables_keys(review, monkeypatch) -> None:
    dialog = shown_help(review, monkeypatch)
    assert help_keys(dialog) == table_keys(REVIEW)
    assert "Colours" in dialog.browser.toPlainText()  # the legend follows the keys


def window_shortcuts(window, skip: list[QAction]) -> set[str]:
    return {
        sequence.toString()
        for action in window.findChildren(QAction)
        if action not in skip
        for sequence in action.shortcuts()
    }


def table_shortcuts(context: str, own: dict) -> set[str]:
    """The chords of the context's actions that a window's QActions carry (not the view's)."""
    return {
        QKeySequence(chord).toString()
        for action, chords in chords_by_action(context).items()
        if action not in own
        for chord in chords
    }


def press_every_chord(
    qtbot, widget, context: str, actions: dict, monkeypatch
) -> tuple[list[str], list[str]]:
    """Press each chord of the view's own actions: the actions run, the actions expected."""
    ran: list[str] = []
    for name in actions:
        monkeypatch.setitem(actions, name, lambda name=name: ran.append(name))
    expected = []
    for action, chords in chords_by_action(context).items():
        if action not in actions:
            continue
        for chord in chords:
            combination = QKeySequence(chord)[0]
            qtbot.keyClick(widget, combination.key(), combination.keyboardModifiers())
            expected.append(action)
    return ran, expected


def test_the_workbench_keys_are_the_tables(qtbot, workbench, monkeypatch) -> None:
    view = workbench.view
    label_actions = list(workbench.label_actions)
    workbench.show_find_bar()  # made when first asked for, with its F3 keys
    workbench.find_bar.close_bar()
    assert window_shortcuts(workbench, label_actions) == table_shortcuts(
        WORKBENCH, view.key_actions
    )
    text = workbench.session.text
    start = text.index(" ") + 1
    annotated = workbench.editor.annotate("ACTOR", start, text.index(" ", start))
    view.select_annotation(annotated.uuid)  # the edge keys act on a selected span
    view.setFocus()
    ran, expected = press_every_chord(qtbot, view, WORKBENCH, view.key_actions, monkeypatch)
    assert ran == expected and len(set(ran)) == len(view.key_actions)


def test_the_review_keys_are_the_tables(qtbot, review, monkeypatch) -> None:
    widget = review.review
    assert window_shortcuts(review, []) == table_shortcuts(REVIEW, widget.key_actions)
    widget.select_span(next(iter(widget.state.gold)))  # the edge keys act on a gold span
    ran, expected = press_every_chord(qtbot, widget.view, REVIEW, widget.key_actions, monkeypatch)
    assert ran == expected and len(set(ran)) == len(widget.key_actions)


def test_every_chord_means_one_action_per_context() -> None:
    for context in KEYMAP:
        chords = [
            QKeySequence(chord).toString()
            for binding in KEYMAP[context]
            for chord in binding.chords
        ]
        assert len(chords) == len(set(chords)), context
        assert all(re.fullmatch(r"\S+", chord) for chord in chords)


def test_the_find_bars_keys_are_the_tables(qtbot, workbench, monkeypatch) -> None:
    workbench.show_find_bar()
    bar = workbench.find_bar
    ran, expected = press_every_chord(qtbot, bar.query_edit, FIND, bar.key_actions, monkeypatch)
    assert ran == expected and set(ran) == set(bar.key_actions)
