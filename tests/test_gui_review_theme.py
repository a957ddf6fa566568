"""The review lanes and the feedback window follow the theme (light and dark, switched at run
time): dark lane strips and gutter in the dark theme, text and bars readable on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from test_adjudication import build_doc

from annotator import adjudication as adj
from annotator.gui.review.lanes import LaneSpan, LaneView
from annotator.gui.theme import (
    Theme,
    apply_theme,
    contrast_ratio,
    relative_luminance,
    text_on,
    tint,
)
from annotator.store import Project

TEXT = "قالت وزارة الصحة في غزة إن 25 شخصا قتلوا في القصف على المدينة أمس."
DARKNESS = 0.18  # relative luminance under which a colour counts as dark (theme.is_dark's)


@pytest.fixture
def light_again(qapp):
    yield
    apply_theme(Theme.LIGHT, qapp)


def pixel(image: QImage, point: QPoint) -> QColor:
    return QColor(image.pixel(point))


def best_contrast(image: QImage, left: int, top: int, right: int, bottom: int) -> float:
    """The strongest contrast of any pixel in the box with the box's first (background) one."""
    background = pixel(image, QPoint(left, top))
    return max(
        contrast_ratio(pixel(image, QPoint(x, y)), background)
        for x in range(left, right)
        for y in range(top, bottom)
    )


def lane_view(qtbot) -> LaneView:
    view = LaneView(font_size=18)
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.set_text(TEXT)
    start = TEXT.index("25")
    view.set_spans(
        ["amal", "badr", "gold"],
        [
            LaneSpan("a", 0, start, start + 8, "CASUALTY", kind="partial_overlap", cluster=0),
            LaneSpan("b", 1, start, start + 2, "CASUALTY", kind="partial_overlap", cluster=0),
            LaneSpan("g", 2, 0, 4, "ACTOR"),
        ],
        [(start, start + 8, "partial_overlap", False)],
        {"CASUALTY": "#e63946", "ACTOR": "#1d4ed8"},
    )
    view.set_selection(0, "a")
    view.show()
    qtbot.waitExposed(view)
    return view


def check_lanes(view: LaneView, dark: bool) -> None:
    image = view.viewport().grab().toImage()
    dx, dy = view._offset()
    line = view.lines_in(view.viewport().rect())[0]
    text_top, text_bottom = round(line.top + dy) + 2, round(line.bottom + dy) - 1
    background = pixel(image, QPoint(dx + 2, text_top))
    assert (relative_luminance(background) < DARKNESS) == dark
    assert best_contrast(image, dx + 2, text_top, image.width() - 4, text_bottom) >= 4.5
    for lane in range(3):  # the strip of every lane, at the left where no bar reaches
        y = round(line.bottom + view.lane_top(lane) + dy) + 1
        strip = pixel(image, QPoint(dx + 10, y))
        assert (relative_luminance(strip) < DARKNESS) == dark, lane
    bar = view.bar_rects("b")[0]
    middle = pixel(image, QPoint(bar.left() + 2, bar.center().y()))  # the kind part, not the cap
    strip = pixel(image, QPoint(dx + 10, bar.center().y()))
    assert contrast_ratio(middle, strip) >= 3.0
    gutter = view.gutter.grab().toImage()
    top = round(line.bottom + view.lane_top(0) + dy) - 2
    assert (relative_luminance(pixel(gutter, QPoint(1, top))) < DARKNESS) == dark
    names = best_contrast(gutter, 1, top, gutter.width() - 1, top + view.bar_step + 2)
    assert names >= 4.5


def test_lanes_in_the_light_theme(qtbot, qapp, light_again) -> None:
    apply_theme(Theme.LIGHT, qapp)
    check_lanes(lane_view(qtbot), dark=False)


def test_lanes_in_the_dark_theme_and_switching_back(qtbot, qapp, light_again) -> None:
    apply_theme(Theme.DARK, qapp)
    view = lane_view(qtbot)
    check_lanes(view, dark=True)
    apply_theme(Theme.LIGHT, qapp)  # at run time, the same view
    qapp.processEvents()
    check_lanes(view, dark=False)
    apply_theme(Theme.DARK, qapp)
    qapp.processEvents()
    check_lanes(view, dark=True)


@pytest.mark.parametrize("background", ["#1e1f22", "#ffffff"], ids=["dark", "light"])
def test_tints_stay_tints_and_text_reads_on_them(background) -> None:
    page = QColor(background)
    dark = relative_luminance(page) < DARKNESS
    for colour in ["#fde2e1", "#fff1d6", "#f3e3ff", "#fff3c4", "#f3f4f7", "#fde68a", "#ffffff"]:
        shade = tint(colour, page)
        assert (relative_luminance(shade) < DARKNESS) == dark, colour
        assert contrast_ratio(text_on(shade), shade) >= 4.5
        if not dark:
            assert shade == QColor(colour)  # the light theme as before
    assert tint("#f3f4f7", page) != tint("#e9ebf0", page)  # alternating strips stay apart


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "feedback.sqlite") as opened:
        yield opened


def test_feedback_window_follows_the_theme(qtbot, qapp, light_again, project) -> None:
    from annotator.gui.feedback import FeedbackWindow

    doc = build_doc(project)
    adj.open_for_review(project, doc, ["amal", "badr", "carim"])
    apply_theme(Theme.LIGHT, qapp)
    window = FeedbackWindow(project, doc, "amal")
    qtbot.addWidget(window)
    window.show_same.setChecked(True)
    assert window.table.rowCount()

    def cells_read(dark: bool) -> None:
        for row in range(window.table.rowCount()):
            item = window.table.item(row, 1)
            fill, text = item.background().color(), item.foreground().color()
            assert (relative_luminance(fill) < DARKNESS) == dark
            assert contrast_ratio(fill, text) >= 4.5

    cells_read(dark=False)
    apply_theme(Theme.DARK, qapp)  # at run time
    qapp.processEvents()
    cells_read(dark=True)


def test_review_doc_labels_and_dashboard_cells_follow_the_theme(qtbot, qapp, light_again) -> None:
    from annotator.gui.dashboard import HeatmapModel
    from annotator.gui.review.doc_labels import UNRESOLVED_COLOUR

    model = HeatmapModel(["amal"], ["κ", "F1", "note"], [[0.2, None, "text"]])
    for theme, dark in ((Theme.LIGHT, False), (Theme.DARK, True)):
        apply_theme(theme, qapp)
        for column in (0, 1):
            index = model.index(0, column)
            fill = model.data(index, Qt.ItemDataRole.BackgroundRole)
            text = model.data(index, Qt.ItemDataRole.ForegroundRole)
            assert (relative_luminance(fill) < DARKNESS) == dark
            assert contrast_ratio(fill, text) >= 4.5
    apply_theme(Theme.LIGHT, qapp)
    undefined = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    assert undefined == QColor("#e5e7eb")  # the light theme as before
    assert tint(UNRESOLVED_COLOUR, QColor("#ffffff")) == QColor(UNRESOLVED_COLOUR)
