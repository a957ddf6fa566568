"""Right-to-left details of the window around the article: table cells, the document list,
the header, the find field and the attribute fields take their text's direction
(`annotator.gui.direction`), checked on the pixels drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage
from test_gui_support import find_span, make_window

from annotator.gui.direction import strong_direction, text_direction
from annotator.model import DocRecord
from annotator.store import Project

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
TEXT = "قالت الشرطة إن 25 شخصا قتلوا في القصف. وقال مسؤول إن 99 شخصا قتلوا أمس."
REST = " ".join(["في", "مدينة", "بغداد", "بعد", "انفجار", "سيارة", "مفخخة", "قرب", "السوق"] * 4)
TITLES = ("قال الجيش " + REST, "ذكر الجيش " + REST)


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "rtl.sqlite")
    project.add_documents(
        [
            DocRecord(text=TEXT, name="a", meta={"title": TITLES[0]}),
            DocRecord(text="نص آخر عن الوزارة", name="b", meta={"title": TITLES[1]}),
        ]
    )
    yield project
    project.close()


@pytest.fixture
def window(qtbot, project):
    return make_window(qtbot, project, "tester")


def ink_columns(image: QImage, margin: int = 2) -> list[int]:
    """The x of the columns holding dark (text) pixels, inside `margin`."""
    found = []
    for x in range(margin, image.width() - margin):
        for y in range(margin, image.height() - margin):
            if QColor(image.pixel(x, y)).lightness() < 110:
                found.append(x)
                break
    return found


def differing_columns(a: QImage, b: QImage) -> list[int]:
    assert a.size() == b.size()
    return [
        x
        for x in range(a.width())
        if any(a.pixel(x, y) != b.pixel(x, y) for y in range(a.height()))
    ]


def grab_cell(view, index: QModelIndex) -> QImage:
    rect: QRect = view.visualRect(index)
    return view.viewport().grab(rect).toImage()


def unselect(view) -> None:
    view.selectionModel().clearSelection()
    view.selectionModel().setCurrentIndex(QModelIndex(), view.selectionModel().SelectionFlag.Clear)
    view.clearFocus()


# ---------------------------------------------------------------- the rule


def test_the_first_strong_character_decides_digits_do_not():
    assert strong_direction("25 شخصا قتلوا") == RTL
    assert strong_direction("٢٥ قتيلا") == RTL
    assert strong_direction("Baku قالت") == LTR
    assert strong_direction("«25»") is None
    assert strong_direction("٢٥") is None
    assert strong_direction("") is None
    assert text_direction("25") == RTL  # the default: right to left
    assert text_direction("25", LTR) == LTR
    assert text_direction("count=25, ACTOR") == LTR


# ---------------------------------------------------------------- the annotations table


@pytest.mark.parametrize("interface", [LTR, RTL], ids=["english", "mirrored"])
def test_annotation_cells_show_25_at_the_right_end(qtbot, window, interface):
    from annotator.gui.annotation_panel import COLUMNS

    window.annotation_panel.view.setLayoutDirection(interface)

    for needle in ("25 شخصا قتلوا", "99 شخصا قتلوا"):
        window.editor.annotate("CASUALTY", *find_span(TEXT, needle))
    panel = window.annotation_panel
    panel.model.flush()
    view = panel.view
    view.setAlternatingRowColors(False)
    view.setColumnWidth(COLUMNS.index("Text"), 260)
    unselect(view)
    qtbot.wait(10)
    column = COLUMNS.index("Text")
    first, second = (grab_cell(view, panel.proxy.index(row, column)) for row in (0, 1))
    ink = ink_columns(first)
    digits = differing_columns(first, second)  # 25 against 99: only the digits differ
    assert ink and digits
    assert min(digits) > (ink[0] + ink[-1]) / 2  # the digits are in the right half of the text
    assert ink[-1] - max(digits) < 12  # at its right end (its start)
    assert first.width() - ink[-1] < 14  # aligned to the right, where Arabic starts


# ---------------------------------------------------------------- the document list


def test_long_arabic_titles_are_elided_on_the_left(qtbot, window):
    view = window.documents.view
    unselect(view)
    window.docks["documents"].setFixedWidth(260)
    qtbot.wait(20)
    first, second = (grab_cell(view, window.documents.model.index(row, 1)) for row in (0, 1))
    assert view.fontMetrics().horizontalAdvance(TITLES[0]) > first.width()  # it is elided
    ink = ink_columns(first)
    changed = differing_columns(first, second)  # only the first word differs: قال / ذكر
    assert changed
    # the start of the title is at the right edge (no ellipsis there) ...
    assert ink[-1] - max(changed) < 4
    assert first.width() - ink[-1] < 14
    # ... and the ellipsis ends it on the left: the leftmost ink is low dots, not letters
    left = [
        y
        for x in range(ink[0], ink[0] + 3)
        for y in range(first.height())
        if QColor(first.pixel(x, y)).lightness() < 110
    ]
    assert left and max(left) - min(left) < first.height() / 4


# ---------------------------------------------------------------- the header


def test_the_header_elides_the_end_of_a_long_title_and_keeps_the_badge(qtbot, window):
    window.resize(900, 700)
    qtbot.wait(20)
    header = window.header
    title = header.title_label
    shown = title.elided()
    assert shown != TITLES[0] and shown.endswith("…")
    assert TITLES[0].startswith(shown[:-1].rstrip("\u200d "))  # the start kept, end cut
    assert title.layoutDirection() == RTL
    badge = header.badge
    assert badge.isVisible() and badge.text() == "New"
    inside = QRect(badge.mapTo(header, badge.rect().topLeft()), badge.size())
    assert header.rect().contains(inside)  # whole, not pushed out by the title
    assert badge.width() >= badge.sizeHint().width()
    image = title.grab().toImage()
    ink = ink_columns(image)
    assert image.width() - ink[-1] < 8  # the title starts at the right


# ---------------------------------------------------------------- fields


def test_the_find_field_follows_its_text_and_the_document(qtbot, window):
    window.show_find_bar()
    edit = window.find_bar.query_edit
    edit.clear()
    assert edit.layoutDirection() == RTL  # empty, in an Arabic document
    edit.setText("Baku")
    assert edit.layoutDirection() == LTR
    edit.setText("25")  # digits are weak: the document's direction
    assert edit.layoutDirection() == RTL
    qtbot.wait(10)
    image = edit.grab().toImage()
    ink = ink_columns(image, margin=4)
    assert ink and ink[0] > image.width() / 2  # drawn at the right end


def test_attribute_fields_take_the_arabic_direction(qtbot, window, project):
    from annotator.rules import LabelDef

    project.set_label(
        LabelDef("EVENT", "#3a9a4a", None, [{"name": "place", "type": "text"}], 3, "")
    )
    window.session.reload_labels()
    casualty = window.editor.annotate("CASUALTY", *find_span(TEXT, "25 شخصا قتلوا"))
    window.view.select_annotation(casualty.uuid)
    count = window.attributes.fields["count"]
    assert count.layoutDirection() == RTL  # empty, in an Arabic project: caret on the right
    count.setText("12")
    assert count.layoutDirection() == RTL
    qtbot.wait(10)
    image = count.grab().toImage()
    ink = ink_columns(image, margin=4)
    assert ink and ink[0] > image.width() / 2
    count.setText("about 12")
    assert count.layoutDirection() == LTR


def test_the_chrome_widgets_have_accessible_names(window):
    assert window.annotation_panel.view.accessibleName() == "Annotations"
    assert window.documents.view.accessibleName() == "Documents"
    assert window.documents.search.accessibleName() == "Search the corpus"
    assert window.header.badge.accessibleName() == "Status: New"
    assert "قال الجيش" in window.header.accessibleDescription()
    window.show_find_bar()
    assert window.find_bar.query_edit.accessibleName() == "Find in the document"
