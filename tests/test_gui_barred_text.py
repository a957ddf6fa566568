"""The one base widget of barred right-to-left text, shared by the article view and the lanes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.article_view import ArticleView
from annotator.gui.barred_text import BarredTextView, step_edge
from annotator.gui.review.lanes import LaneSpan, LaneView

SHARED = (
    "install_text",
    "_relayout",
    "_offset",
    "to_utf16",
    "to_cp",
    "cursor_rect",
    "reveal",
    "position_at",
    "char_at",
    "visible_range",
    "lines_in",
    "extents",
    "segments",
    "selected_range",
    "annotation_range",
    "paintEvent",
    "viewportEvent",
    "_painter",
)


@pytest.mark.parametrize("view", [ArticleView, LaneView])
def test_both_views_use_the_shared_text_geometry_and_define_none_of_it_again(view) -> None:
    assert issubclass(view, BarredTextView)
    assert [name for name in SHARED if name in vars(view)] == []


TEXT = "😀 قال المتحدث باسم الجيش إن 😀 القوات تقدمت"


def test_lane_view_clicks_and_bars_count_code_points_after_an_emoji(qtbot) -> None:
    view = LaneView(font_size=16)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_text(TEXT)
    start = TEXT.index("القوات")
    end = start + len("القوات")
    view.set_spans(["amal", "gold"], [LaneSpan("s", 0, start, end, "ACTOR")], [], {})
    view.viewport().repaint()
    assert view.to_utf16(start) == start + 2
    clicked: list[int] = []
    view.positionClicked.connect(clicked.append)
    point = view.cursor_rect(start + 2).center()
    point.setX((point.x() + view.cursor_rect(start + 3).center().x()) // 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked == [start + 2]
    view.viewport().update()
    qtbot.waitUntil(lambda: bool(view.bar_rects("s")))
    (bar,) = view.bar_rects("s")
    edges = sorted(view.cursor_rect(i).center().x() for i in (start, end))
    assert abs(bar.left() - edges[0]) <= 3 and abs(bar.right() - edges[1]) <= 3


def test_an_edge_moved_by_one_character_skips_whitespace() -> None:
    text = "قال  المتحدث"  # two spaces: 3 and 4
    assert step_edge(text, 2, 1, True, "start") == 5  # a start never lands on a space
    assert step_edge(text, 5, -1, True, "end") == 3  # an end never follows one
    assert step_edge(text, 0, -1, False, "start") is None
    assert step_edge(text, 0, 1, False, "start") == 5
