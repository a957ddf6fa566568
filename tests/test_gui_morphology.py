"""Morphology in the article view, driven like a person would: hovering a word shows its
transliteration and analyses (the disambiguated one first, marked), and View > Snap selections
to morphemes makes a dragged selection a span at the clitic boundaries of the D3 tokenization;
without a morphology database the mode is disabled and says how to get one.

The database is the tiny one in tests/data/morphology (chosen as in Settings > Arabic tools:
`annotator.camel.config.save_config`, under the test's own ANNOTATOR_HOME)."""

from __future__ import annotations

import html
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from test_gui_support import drag, find_span, make_project, make_window

from annotator.camel.config import ToolsConfig, save_config
from annotator.gui.settings import Settings

TINY = Path(__file__).resolve().parent / "data" / "morphology" / "tiny.db"
TEXT = "قتل الجيش وبالمدنيين أمس في الهجوم."
WORD = "وبالمدنيين"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "morphology.sqlite", [("civilians", TEXT)])
    yield project
    project.close()


@pytest.fixture
def with_database():
    save_config(ToolsConfig(morphology_db=str(TINY)))


def spans(project) -> list[tuple[str, int, int]]:
    document = project.document_rows(0, 10)[0][0]
    return [(a.label, a.start, a.end) for a in project.annotations(document, "tester")]


def hover(qtbot, view, position: int) -> str:
    """Send the viewport the tooltip event a resting mouse sends over the character at
    `position`; the text of the tooltip shown ('' for none)."""
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    view.reveal(position, position + 1)
    qtbot.wait(5)
    a, b = view.cursor_rect(position), view.cursor_rect(position + 1)
    point = QPoint((a.center().x() + b.center().x()) // 2, a.center().y())
    viewport = view.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    return html.unescape(QToolTip.text()) if QToolTip.isVisible() else ""


def test_hover_shows_the_transliteration_and_the_analyses_disambiguated_first(
    qtbot, with_database, project
):
    window = make_window(qtbot, project)
    view = window.view
    start, _end = find_span(TEXT, WORD)
    first = hover(qtbot, view, start + 4)
    assert "wbAlmdnyyn" in first  # at once, while the database may still be opening
    qtbot.waitUntil(view.words.ready, timeout=10000)
    tip = hover(qtbot, view, start + 4)
    assert WORD in tip and "wbAlmdnyyn" in tip
    assert "مَدَنِيّ" in tip and "civilian" in tip  # lemma and gloss
    assert "adj" in tip  # POS
    assert "wa_conj bi_prep Al_det" in tip  # clitics
    from annotator.camel.morphology import load

    analyses = load().analyses(WORD)
    table = tip[tip.index("<table") : tip.index("</table>")]
    rows = table.split("<tr>")[2:]  # the analyses, under the column titles
    assert len(rows) == len(analyses) == 2
    assert [("★" in row) for row in rows] == [True, False]  # the disambiguated one, first
    assert analyses[0].diac in rows[0] and analyses[1].diac in rows[1]
    assert "wabiAlmadaniy~" in rows[0]  # the analysis transliterated too


def test_hover_transliterates_in_the_chosen_scheme_and_not_when_off(qtbot, project):
    window = make_window(qtbot, project)
    start, _end = find_span(TEXT, "أمس")
    assert ">ms" in hover(qtbot, window.view, start + 1)  # Buckwalter by default
    Settings().set_transliteration("hsb")
    tip = hover(qtbot, window.view, start + 1)
    assert "Âms" in tip and ">ms" not in tip
    assert "analys" not in tip.lower()  # no database: no analyses, no waiting
    Settings().set_transliteration(None)
    assert hover(qtbot, window.view, start + 1) == ""


def test_morpheme_mode_makes_the_span_at_the_clitic_boundary_and_undo_removes_it(
    qtbot, with_database, project
):
    window = make_window(qtbot, project)
    action = window.snap_morphemes_action
    window.update_snap_morphemes()
    assert action.isEnabled()
    action.trigger()
    assert action.isChecked() and window.view.snap_morphemes
    assert Settings().snap_morphemes  # remembered
    start, end = find_span(TEXT, "المدنيين")  # inside «وبالمدنيين», over ال+مدنيين
    drag(qtbot, window.view, start + 1, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]
    assert project.annotations(project.document_rows(0, 10)[0][0], "tester")[0].text == "المدنيين"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert spans(project) == []


def test_a_selection_inside_the_stem_takes_the_stem_and_tokens_around_stay_whole(
    qtbot, with_database, project
):
    window = make_window(qtbot, project)
    window.snap_morphemes_action.trigger()
    word, word_end = find_span(TEXT, WORD)
    drag(qtbot, window.view, word + 6, word + 8)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    army, _army_end = find_span(TEXT, "الجيش")
    drag(qtbot, window.view, army + 2, word + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert sorted(spans(project)) == [
        ("ACTOR", word + 4, word_end),  # مدنيين, without و+ ب+ ال+
        ("CLAIM", army, word + 2),  # الجيش whole, then و+ ب+
    ]


def test_the_mode_comes_back_on_at_the_next_start(qtbot, with_database, project):
    Settings().snap_morphemes = True
    window = make_window(qtbot, project)
    assert window.snap_morphemes_action.isChecked() and window.view.snap_morphemes


def test_without_a_database_the_mode_is_disabled_and_says_how_to_get_one(qtbot, project):
    Settings().snap_morphemes = True  # remembered from a machine that had one
    window = make_window(qtbot, project)
    action = window.snap_morphemes_action
    assert not action.isEnabled() and not action.isChecked()
    assert "camel_data" in action.toolTip() and "Settings > Arabic tools" in action.toolTip()
    assert action.statusTip() == action.toolTip()
    assert window.view.set_snap_morphemes(True) is False
    start, end = find_span(TEXT, WORD)
    drag(qtbot, window.view, start + 3, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]  # whole tokens, as always


def test_a_database_chosen_later_enables_the_mode_when_the_menu_opens(qtbot, project):
    window = make_window(qtbot, project)
    assert not window.snap_morphemes_action.isEnabled()
    save_config(ToolsConfig(morphology_db=str(TINY)))
    window.update_snap_morphemes()  # what opening the View menu does
    assert window.snap_morphemes_action.isEnabled()


def test_a_missing_database_file_is_named(qtbot, tmp_path, project):
    save_config(ToolsConfig(morphology_db=str(tmp_path / "gone.db")))
    window = make_window(qtbot, project)
    assert not window.snap_morphemes_action.isEnabled()
    assert "gone.db" in window.snap_morphemes_action.toolTip()


def test_a_database_that_goes_missing_turns_the_mode_off(qtbot, tmp_path, with_database, project):
    window = make_window(qtbot, project)
    window.snap_morphemes_action.trigger()
    assert window.view.snap_morphemes
    save_config(ToolsConfig(morphology_db=str(tmp_path / "moved.db")))
    window.update_snap_morphemes()
    assert not window.view.snap_morphemes and not window.snap_morphemes_action.isEnabled()
    start, end = find_span(TEXT, "المدنيين")
    drag(qtbot, window.view, start + 1, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    word, word_end = find_span(TEXT, WORD)
    assert spans(project) == [("ACTOR", word, word_end)]  # whole tokens again


def test_a_file_that_is_no_database_stops_the_mode_and_says_why(qtbot, tmp_path, project):
    broken = tmp_path / "broken.db"
    broken.write_text("not a morphology database\n", encoding="utf-8")
    save_config(ToolsConfig(morphology_db=str(broken)))
    window = make_window(qtbot, project)
    messages: list[str] = []
    window.view.message.connect(messages.append)
    window.snap_morphemes_action.trigger()  # the file exists: allowed until it is opened
    qtbot.waitUntil(lambda: not window.view.snap_morphemes, timeout=10000)
    assert not window.snap_morphemes_action.isChecked()
    assert messages and "broken.db" in messages[-1]
    window.update_snap_morphemes()
    assert not window.snap_morphemes_action.isEnabled()
    assert "broken.db" in window.snap_morphemes_action.toolTip()
    start, _end = find_span(TEXT, WORD)
    tip = hover(qtbot, window.view, start + 4)
    assert "wbAlmdnyyn" in tip and "★" not in tip  # the transliteration still


def test_hover_never_waits_for_the_database_to_open(qtbot, monkeypatch, with_database, project):
    from annotator.camel import morphology

    real_load, opening = morphology.load, threading.Event()

    def slow_load(config=None):
        opening.wait(20)  # a large database still opening
        return real_load(config)

    monkeypatch.setattr(morphology, "load", slow_load)
    window = make_window(qtbot, project)
    start, _end = find_span(TEXT, WORD)
    tip = hover(qtbot, window.view, start + 4)
    assert "wbAlmdnyyn" in tip and "opening the morphology database" in tip and "★" not in tip
    opening.set()
    qtbot.waitUntil(window.view.words.ready, timeout=10000)
    assert "★" in hover(qtbot, window.view, start + 4)


def test_hover_reads_no_file_and_settings_saved_are_followed_at_once(
    qtbot, monkeypatch, tmp_path, with_database, project
):
    from annotator.camel import config
    from annotator.gui import arabic_tools_dialog

    window = make_window(qtbot, project)
    view = window.view
    start, _end = find_span(TEXT, WORD)
    hover(qtbot, view, start + 4)
    qtbot.waitUntil(view.words.ready, timeout=10000)
    real_load_config, reads = config.load_config, []

    def counted():
        reads.append(1)
        return real_load_config()

    monkeypatch.setattr(config, "load_config", counted)
    with monkeypatch.context() as no_disk:
        no_disk.setattr(Path, "is_file", lambda self: pytest.fail(f"hover looked at {self}"))
        for _ in range(3):
            assert "★" in hover(qtbot, view, start + 4)
    assert reads == []  # the choices were read once, before

    def save_another(dialog):  # Settings > Arabic tools: another database chosen, saved
        dialog.morphology_edit.setText(str(tmp_path / "gone.db"))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(arabic_tools_dialog.ArabicToolsDialog, "exec", save_another)
    window.arabic_tools_action.trigger()
    assert reads  # read again once saved
    assert not window.snap_morphemes_action.isEnabled()
    assert "gone.db" in window.snap_morphemes_action.toolTip()
    tip = hover(qtbot, view, start + 4)
    assert "wbAlmdnyyn" in tip and "★" not in tip and "opening" not in tip


def test_a_selection_never_waits_for_the_database_it_takes_whole_words_meanwhile(
    qtbot, monkeypatch, with_database, project
):
    from annotator.camel import morphology

    real_load, opening = morphology.load, threading.Event()

    def slow_load(config=None):
        opening.wait(10)  # a large database still opening
        return real_load(config)

    monkeypatch.setattr(morphology, "load", slow_load)
    window = make_window(qtbot, project)
    view = window.view
    messages: list[str] = []
    view.message.connect(messages.append)
    window.snap_morphemes_action.trigger()
    assert view.snap_morphemes
    start, end = find_span(TEXT, "المدنيين")  # inside «وبالمدنيين»
    word, word_end = find_span(TEXT, WORD)
    drag(qtbot, view, start + 1, end - 2)
    qtbot.keyClick(view, Qt.Key.Key_1)
    # the key returned while the database was still opening: the span is the whole word
    assert not opening.is_set() and not view.words.ready()
    assert spans(project) == [("ACTOR", word, word_end)]
    assert messages and "still opening" in messages[-1] and "once" in messages[-1]
    assert view.snap_morphemes  # the mode stays on
    opening.set()
    qtbot.waitUntil(view.words.ready, timeout=10000)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    before = len(messages)
    drag(qtbot, view, start + 1, end - 2)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]  # snapped now: ال+مدنيين
    assert not any("still opening" in message for message in messages[before:])


def test_a_database_chosen_in_settings_opens_at_once_while_snapping(
    qtbot, monkeypatch, tmp_path, with_database, project
):
    # with the mode on, saving another database in Settings opens it then: the first
    # selection after it snaps, and no "still opening" message is shown
    import shutil

    from annotator.gui import arabic_tools_dialog

    window = make_window(qtbot, project)
    view = window.view
    messages: list[str] = []
    view.message.connect(messages.append)
    window.snap_morphemes_action.trigger()
    qtbot.waitUntil(view.words.ready, timeout=10000)
    copy = tmp_path / "copy.db"
    shutil.copy(TINY, copy)

    def save_another(dialog):
        dialog.morphology_edit.setText(str(copy))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(arabic_tools_dialog.ArabicToolsDialog, "exec", save_another)
    window.arabic_tools_action.trigger()
    assert view.snap_morphemes
    qtbot.waitUntil(view.words.ready, timeout=10000)  # opened without any selection
    start, end = find_span(TEXT, "المدنيين")
    drag(qtbot, view, start + 1, end - 2)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]
    assert not any("still opening" in message for message in messages)


SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_m_toggles_the_mode_from_the_article(qtbot, with_database, project):
    window = make_window(qtbot, project)
    window.view.setFocus()
    assert not window.view.snap_morphemes
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL | SHIFT)
    assert window.snap_morphemes_action.isChecked() and window.view.snap_morphemes
    assert Settings().snap_morphemes  # remembered, as from the menu
    start, end = find_span(TEXT, "المدنيين")
    drag(qtbot, window.view, start + 1, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]  # snapped to ال+مدنيين
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL | SHIFT)
    assert not window.snap_morphemes_action.isChecked() and not window.view.snap_morphemes
    assert not Settings().snap_morphemes


def test_ctrl_shift_m_does_nothing_without_a_database(qtbot, project):
    window = make_window(qtbot, project)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M, CTRL | SHIFT)
    assert not window.snap_morphemes_action.isChecked() and not window.view.snap_morphemes
    assert not Settings().snap_morphemes
    start, end = find_span(TEXT, WORD)
    drag(qtbot, window.view, start + 3, end - 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert spans(project) == [("ACTOR", start, end)]  # whole tokens: the mode stayed off


def test_the_chord_shows_in_the_menu_the_tooltip_and_the_keys_help(
    qtbot, monkeypatch, with_database, project
):
    from annotator.gui.keys import KeysDialog

    window = make_window(qtbot, project)
    action = window.snap_morphemes_action
    assert [s.toString() for s in action.shortcuts()] == ["Ctrl+Shift+M"]  # the menu shows it
    window.update_snap_morphemes()
    assert "Ctrl+Shift+M" in action.toolTip() and action.statusTip() == action.toolTip()
    shown: list[KeysDialog] = []
    monkeypatch.setattr(KeysDialog, "exec", lambda self: shown.append(self) or 0)
    window.show_keys()
    lines = shown[0].browser.toPlainText().splitlines()  # a row: its keys, then what they do
    row = lines.index("Ctrl+Shift+M")
    assert lines[row + 1].startswith("Snap selections to morphemes on / off")
