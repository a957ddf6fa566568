"""The dark theme (View > Theme, following the system) and label colours readable on it;
span labels readable without colour (label names at spans, bars ordered by nesting)."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from test_gui_support import find_span, make_window

from annotator.gui.settings import Settings
from annotator.gui.theme import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    Theme,
    apply_theme,
    composite,
    contrast_ratio,
    find_highlight,
    is_dark,
    label_colours,
    resolved,
)
from annotator.model import DocRecord
from annotator.store import Project
from annotator.store.labels import default_schema

TEXT = "قالت وزارة الصحة في غزة إن 25 شخصا قتلوا في القصف على المدينة أمس."


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "theme.sqlite")
    project.add_documents([DocRecord(text=TEXT, name="a")])
    yield project
    project.close()


@pytest.fixture
def light_again(qapp):
    yield
    apply_theme(Theme.LIGHT, qapp)


def schema_colours() -> list[str]:
    return [label["colour"] for label in default_schema()["labels"]]


def some_colours() -> list[str]:
    rng = random.Random(16)
    picked = [f"#{rng.randrange(0x1000000):06x}" for _ in range(40)]
    return schema_colours() + picked + ["#000000", "#ffffff", "#777777", "#ffff00", "#0000ff"]


# ---------------------------------------------------------------- colours


def test_contrast_ratio_is_wcags():
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)


@pytest.mark.parametrize("background", [DARK_BACKGROUND, LIGHT_BACKGROUND], ids=["dark", "light"])
def test_label_text_reads_on_the_background_and_on_its_tag(background):
    for colour in some_colours():
        colours = label_colours(colour, background)
        assert contrast_ratio(colours.text, background) >= 4.5, colour
        assert contrast_ratio(colours.tag_text, colours.tag) >= 4.5, colour
        assert contrast_ratio(colours.bar, background) >= 3.0, colour
        assert contrast_ratio(colours.outline, background) >= 3.0, colour


@pytest.mark.parametrize(
    ("background", "text"),
    [(DARK_BACKGROUND, QColor("#e6e6e6")), (LIGHT_BACKGROUND, QColor("#000000"))],
    ids=["dark", "light"],
)
def test_the_text_reads_on_find_hits_and_span_fills(background, text):
    for current in (False, True):
        under = composite(find_highlight(current, background), background)
        assert contrast_ratio(text, under) >= 4.5, current
    for colour in some_colours():
        under = composite(label_colours(colour, background).fill, background)
        assert contrast_ratio(text, under) >= 4.5, colour


def test_schema_colours_get_lighter_on_a_dark_background_keeping_their_hue():
    for colour in schema_colours():
        on_dark = label_colours(colour, DARK_BACKGROUND).text
        base = QColor(colour)
        if contrast_ratio(base, DARK_BACKGROUND) >= 4.5:
            assert on_dark == base  # readable as chosen: kept
            continue
        assert on_dark.lightness() > base.lightness()
        assert abs(on_dark.hslHue() - base.hslHue()) <= 12
    unreadable = [c for c in schema_colours() if contrast_ratio(QColor(c), DARK_BACKGROUND) < 4.5]
    assert unreadable  # blue and red as chosen are not readable on dark


# ---------------------------------------------------------------- the theme


def test_dark_theme_and_system_following(qapp, light_again, monkeypatch):
    assert resolved(Theme.DARK) == Theme.DARK
    apply_theme(Theme.DARK, qapp)
    assert is_dark()  # the application's palette (widgets take it from their events)
    assert qapp.palette().color(QPalette.ColorRole.Base) == DARK_BACKGROUND
    apply_theme(Theme.LIGHT, qapp)
    assert not is_dark()
    hints = type(qapp.styleHints())
    monkeypatch.setattr(hints, "colorScheme", lambda self: Qt.ColorScheme.Dark)
    assert resolved(Theme.SYSTEM) == Theme.DARK
    apply_theme(Theme.SYSTEM, qapp)
    assert is_dark()
    monkeypatch.setattr(hints, "colorScheme", lambda self: Qt.ColorScheme.Light)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the desktop switched
    assert not is_dark()


def test_view_theme_menu_applies_and_remembers(qtbot, project, light_again):
    casualty = project.label("CASUALTY")
    casualty.colour = "#3a5a9a"  # a dark blue, chosen on white: too dark for a dark background
    project.set_label(casualty)
    window = make_window(qtbot, project)
    menu = window.findChild(type(window.menuBar().actions()[0].menu()), "themeMenu")
    assert menu is not None
    dark = next(a for a in menu.actions() if a.data() == "dark")
    dark.trigger()
    assert Settings().theme == "dark"
    qtbot.wait(10)  # the widgets take the application's palette
    assert is_dark(window.view.viewport())
    ann = window.editor.annotate("CASUALTY", *find_span(TEXT, "25 شخصا"))
    window.view.select_annotation(None)
    qtbot.wait(20)
    # the bar is drawn in the label colour made readable on the dark background
    bar = label_colours("#3a5a9a", DARK_BACKGROUND).bar
    image = window.view.viewport().grab().toImage()
    segments = window.view._segments_of(ann.uuid)
    item = window.view._layers.get(ann.uuid)
    dx, dy = window.view._offset()
    seg = segments[0]
    y = round(window.view._bar_y(seg, item) + dy + 1)
    x = round((seg.left + seg.right) / 2 + dx)
    assert QColor(image.pixel(x, y)) == bar
    assert QColor(image.pixel(x, y)) != QColor("#3a5a9a")


# ---------------------------------------------------------------- without colour


def test_label_names_at_spans_are_drawn_at_the_start_and_remembered(qtbot, project):
    window = make_window(qtbot, project)
    view = window.view
    start, end = find_span(TEXT, "وزارة الصحة في غزة")
    outer = window.editor.annotate("ACTOR", start, end)
    inner = window.editor.annotate("ACTOR", *find_span(TEXT, "غزة"))
    claim = window.editor.annotate("CLAIM", *find_span(TEXT, "25 شخصا قتلوا في القصف"))
    view.select_annotation(None)
    qtbot.wait(10)
    before = view.bars_space()
    window.label_names_action.trigger()
    assert view.show_label_names and Settings().label_names
    assert view.bars_space() > before  # rows tall enough for the tags
    qtbot.wait(20)
    items = {uuid: view._layers.get(uuid) for uuid in (outer.uuid, inner.uuid, claim.uuid)}
    assert items[outer.uuid].row > items[inner.uuid].row  # the outer bar is outside
    image = view.viewport().grab().toImage()
    dx, dy = view._offset()
    for uuid, item in items.items():
        segments = view._segments_of(uuid)
        rect = view.tag_rect(item, segments)
        assert rect is not None
        # right to left: the tag ends where the span starts (its right end)
        assert rect.right() == pytest.approx(max(s.right for s in segments))
        shown = rect.translated(dx, dy).toAlignedRect().adjusted(1, 1, -1, -1)
        tag = view.label_colours(item.label).tag
        text = view.label_colours(item.label).tag_text
        pixels = {
            QColor(image.pixel(x, y)).rgb()
            for x in range(shown.left(), shown.right())
            for y in range(shown.top(), shown.bottom())
        }
        assert tag.rgb() in pixels and text.rgb() in pixels  # the tag and its name
    window.close()
    again = make_window(qtbot, project)
    assert again.view.show_label_names and again.label_names_action.isChecked()
    again.label_names_action.trigger()
    assert not again.view.show_label_names and not Settings().label_names
