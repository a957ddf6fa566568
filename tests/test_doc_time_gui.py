"""The activity timer (gui/activity.py) on a fake clock: active time counts while the window is
active, a document open and input recent; idle, deactivation and switching document stop it
or move it; flushes write it (never on the undo stack); the document list shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_support import make_project, make_window

from annotator.gui.activity import IDLE_SECONDS, format_duration

TEXTS = [("a", "قال الجيش إن ثلاثة قتلوا."), ("b", "أعلنت الوزارة أن خمسة أصيبوا.")]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "t.sqlite", TEXTS)
    yield project
    project.close()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def window(qtbot, project, clock):
    window = make_window(qtbot, project, "tester")
    window.activity.clock = clock
    window.activity.start()
    window.activity.set_active(True)  # offscreen windows are not always made active
    return window


def key(qtbot, window) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Right)


def seconds_on(project, document_id: int) -> float:
    return sum(row.seconds for row in project.doc_times([document_id], "tester"))


def test_input_keeps_it_counting_and_idle_stops_it(qtbot, window, project, clock):
    key(qtbot, window)
    clock.advance(20)
    key(qtbot, window)
    clock.advance(20)
    qtbot.mouseClick(window.documents.view.viewport(), Qt.MouseButton.LeftButton)  # a panel
    assert window.session.document_id == 1
    clock.advance(IDLE_SECONDS + 500)  # away: only the minute after the last input counts
    window.activity.flush()
    assert seconds_on(project, 1) == 40 + IDLE_SECONDS
    assert window.undo_stack.count() == 0  # not an edit
    assert project.status(1, "tester") == "new"


def test_no_input_no_time_and_deactivation_stops_at_once(qtbot, window, project, clock):
    clock.advance(30)
    window.activity.flush()
    assert seconds_on(project, 1) == 0  # open, active, but no input yet
    key(qtbot, window)
    clock.advance(10)
    window.activity.set_active(False)  # another window was activated
    clock.advance(40)  # within the idle minute, but the window is not active
    window.activity.flush()
    assert seconds_on(project, 1) == 10
    window.activity.set_active(True)
    clock.advance(5)  # back: the last input is 45 s old, so the minute has 15 s left
    window.activity.flush()
    assert seconds_on(project, 1) == 15


def test_switching_document_gives_the_time_to_the_one_shown(qtbot, window, project, clock):
    key(qtbot, window)
    clock.advance(25)
    window.open_document(2)  # flushes 25 s to document 1
    assert seconds_on(project, 1) == 25
    key(qtbot, window)
    clock.advance(35)
    window.activity.tick()  # the periodic flush
    assert seconds_on(project, 2) == 35
    assert window.documents.model.time_spent(2) == 35  # the list shows the new total
    row = window.documents.model.row_of(2)
    tooltip = window.documents.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "Your time on it: under a minute" in tooltip
    clock.advance(5)
    window.close()  # closing writes the rest
    assert seconds_on(project, 2) == 40


def test_switching_annotator_gives_the_time_to_the_one_before(qtbot, window, project, clock):
    key(qtbot, window)
    clock.advance(12)
    window.set_annotator("other")
    key(qtbot, window)
    clock.advance(3)
    window.activity.flush()
    assert [(r.annotator, r.seconds) for r in project.doc_times([1])] == [
        ("other", 3),
        ("tester", 12),
    ]


def test_a_refused_write_is_kept_for_the_next_flush(qtbot, window, project, clock, monkeypatch):
    from annotator.store import WriteError

    key(qtbot, window)
    clock.advance(8)
    real = project.add_doc_time
    refusals: list[str] = []
    window.activity.failed.connect(refusals.append)

    def busy(*args):
        raise WriteError("the project is busy", busy=True)

    monkeypatch.setattr(project, "add_doc_time", busy)
    window.activity.flush()
    assert refusals and window.activity.pending == 8
    monkeypatch.setattr(project, "add_doc_time", real)
    clock.advance(2)
    window.activity.flush()
    assert seconds_on(project, 1) == 10 and window.activity.pending == 0


def test_document_list_loads_the_time_spent(qtbot, project, clock):
    project.add_doc_time(2, "tester", 12 * 60 + 5)
    window = make_window(qtbot, project, "tester")
    row = window.documents.model.row_of(2)
    tooltip = window.documents.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.endswith("Your time on it: 12 min")
    first = window.documents.model.index(window.documents.model.row_of(1), 1)
    assert "Your time" not in first.data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "none"), (59, "under a minute"), (60, "1 min"), (3599, "59 min"), (3900, "1 h 05 min")],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_dashboard_shows_time_per_annotator_per_document_and_totals(qtbot, project):
    from annotator.gui.dashboard import AgreementDashboard

    project.add_doc_time(1, "amal", 125)
    project.add_doc_time(2, "amal", 3600)
    project.add_doc_time(2, "badr", 30)
    dashboard = AgreementDashboard(project, standalone=False, autostart=False)
    qtbot.addWidget(dashboard)
    model = dashboard.time_view.model()
    cells = [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "amal",
        "badr",
        "Total",
    ]
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == [
        "All documents",
        "a",
        "b",
    ]
    assert cells == [
        ["1 h 02 min", "under a minute", "1 h 02 min"],  # 3,725 s, 30 s: 3,755 s
        ["2 min", "", "2 min"],
        ["1 h 00 min", "under a minute", "1 h 00 min"],
    ]
    opened: list[int] = []
    dashboard.openInReview.connect(opened.append)
    dashboard.time_view.clicked.emit(model.index(2, 0))
    dashboard.time_view.clicked.emit(model.index(0, 0))  # the totals: no document
    assert opened == [2]
    project.add_doc_time(1, "badr", 60)
    dashboard.show_time()
    assert dashboard.time_view.model().index(1, 1).data() == "1 min"
