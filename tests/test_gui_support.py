"""Shared helpers of the GUI tests: small projects from the seeds, window fixtures, mouse drags.

Imported by the other `test_gui_*` files; holds no tests itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from annotator.model import DocRecord
from annotator.store import Project

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def make_project(path: Path, texts: list[tuple[str, str]] | None = None) -> Project:
    """A project holding `texts` (name, text), by default the seed articles."""
    project = Project.create(path)
    records = [DocRecord(text=text, name=name) for name, text in (texts or seed_texts())]
    project.add_documents(records)
    return project


def find_span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Code-point range of the `occurrence`-th `needle` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_window(qtbot, project: Project, annotator: str = "tester", **kwargs):
    """A MainWindow on `project`, shown offscreen, first document open."""
    from annotator.gui.main_window import MainWindow

    window = MainWindow(project, annotator, restore_layout=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    window.open_initial_document()
    qtbot.wait(10)
    return window


def drag(qtbot, view, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Drag the mouse over code points [start, end) of the article view, from start to end."""
    view.reveal(start, end)
    qtbot.wait(5)
    begin = _near_boundary(view, start, start + 1)
    finish = _near_boundary(view, end, end - 1)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, begin)
    middle = QPoint((begin.x() + finish.x()) // 2, (begin.y() + finish.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, finish)


def click_char(qtbot, view, position: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Click in the middle of the character at code point `position`."""
    view.reveal(position, position + 1)
    qtbot.wait(5)
    a, b = _boundary_point(view, position), _boundary_point(view, position + 1)
    point = QPoint((a.x() + b.x()) // 2, a.y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def _boundary_point(view, position: int) -> QPoint:
    rect = view.cursor_rect(position)
    return QPoint(rect.center().x(), rect.center().y())


def _near_boundary(view, position: int, towards: int) -> QPoint:
    """A point just beside the cursor position `position`, on the side of `towards`, so the
    hit test lands on `position` whichever way the text runs."""
    point = _boundary_point(view, position)
    other = _boundary_point(view, towards)
    if other.y() == point.y() and other.x() != point.x():
        point.setX(point.x() + (1 if other.x() > point.x() else -1))
    return point


class _Marking(QTranslator):
    """A stand-in for a translation: the texts of `contexts` come out marked «…», others as
    they are; what a widget shows marked went through the translator."""

    def __init__(self, contexts: tuple[str, ...]) -> None:
        super().__init__()
        self.contexts = contexts

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»" if context in self.contexts else None

    def isEmpty(self) -> bool:
        return False


@contextmanager
def marked_translation(*contexts: str) -> Iterator[QTranslator]:
    """The `_Marking` translation of `contexts` installed for the block."""
    app = QApplication.instance()
    translator = _Marking(contexts)
    assert app is not None and app.installTranslator(translator)
    try:
        yield translator
    finally:
        app.removeTranslator(translator)
