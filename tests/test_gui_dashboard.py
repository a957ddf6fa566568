"""The agreement dashboard: heatmap cells hold the report's values; worst documents open review."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.gui.dashboard import UNDEFINED_COLOUR, VALUE_ROLE, AgreementDashboard
from annotator.model import DocRecord
from annotator.store import Project

CALM = "قال المتحدث باسم الجيش إن الوضع هادئ في المدينة."
BUSY = "أعلنت وزارة الصحة مقتل ثلاثة مدنيين في القصف."


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path: Path):
    """Two annotators, both done. CALM: the same ACTOR and CLAIM each. BUSY: both mark the
    ministry, only amal the casualty. Exact span F1 of the pair: 2*3 / (4 + 3) = 6/7;
    per document: CALM 1, BUSY 2*1 / (2 + 1) = 2/3."""
    with Project.create(tmp_path / "dash.sqlite") as opened:
        calm, busy = opened.add_documents(
            [DocRecord(text=CALM, name="calm"), DocRecord(text=BUSY, name="busy")]
        ).added
        for who in ("amal", "badr"):
            opened.add_annotation(calm, who, "ACTOR", *at(CALM, "المتحدث باسم الجيش"))
            opened.add_annotation(calm, who, "CLAIM", *at(CALM, "الوضع هادئ في المدينة"))
            opened.add_annotation(busy, who, "ACTOR", *at(BUSY, "وزارة الصحة"))
            for doc in (calm, busy):
                opened.set_status(doc, who, "done")
        opened.add_annotation(busy, "amal", "CASUALTY", *at(BUSY, "ثلاثة مدنيين"))
        yield opened


def doc_id(project: Project, name: str) -> int:
    return next(row[0] for row in project.document_rows(0, 10) if row[1] == name)


def ready(qtbot, dashboard: AgreementDashboard) -> None:
    qtbot.waitUntil(
        lambda: dashboard.report is not None and not dashboard.computing, timeout=30_000
    )


@pytest.fixture
def dashboard(qtbot, project: Project) -> AgreementDashboard:
    widget = AgreementDashboard(project, standalone=False)
    qtbot.addWidget(widget)
    widget.show()
    ready(qtbot, widget)
    return widget


def hue(colour) -> float:
    return QColor(colour).hslHueF()


def test_pairwise_heatmap_holds_the_values(dashboard: AgreementDashboard) -> None:
    model = dashboard.matrix_view.model()
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(2)] == ["amal", "badr"]
    exact = model.index(0, 1)
    assert exact.data(VALUE_ROLE) == pytest.approx(6 / 7)
    assert exact.data() == f"{6 / 7:.3f}"
    assert model.index(1, 0).data(VALUE_ROLE) == pytest.approx(6 / 7)
    diagonal = model.index(0, 0)
    assert diagonal.data(VALUE_ROLE) is None and diagonal.data() == "—"
    assert diagonal.data(Qt.ItemDataRole.BackgroundRole) == QColor(UNDEFINED_COLOUR)

    dashboard.matrix_choice.setCurrentIndex(1)  # overlap F1: the same spans match
    assert dashboard.matrix_view.model().index(0, 1).data(VALUE_ROLE) == pytest.approx(6 / 7)


def test_per_label_and_worst_documents_are_coloured_by_value(
    dashboard: AgreementDashboard, project: Project
) -> None:
    labels = dashboard.label_view.model()
    rows = [labels.headerData(i, Qt.Orientation.Vertical) for i in range(labels.rowCount())]
    actor = labels.index(rows.index("ACTOR"), 0)  # exact F1: 2 of 2 each
    assert actor.data(VALUE_ROLE) == pytest.approx(1.0)

    worst = dashboard.worst_view.model()
    assert worst.rowCount() == 2
    first = worst.index(0, 1)
    assert worst.index(0, 0).data() == "busy"
    assert first.data(VALUE_ROLE) == pytest.approx(2 / 3)
    assert worst.index(1, 1).data(VALUE_ROLE) == pytest.approx(1.0)
    low = first.data(Qt.ItemDataRole.BackgroundRole)
    high = worst.index(1, 1).data(Qt.ItemDataRole.BackgroundRole)
    middle = dashboard.matrix_view.model().index(0, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert hue(low) < hue(middle) < hue(high)  # 2/3 < 6/7 < 1: from yellow towards green
    assert worst.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # names: no colour


def test_clicking_a_worst_document_emits_open_in_review(
    qtbot, dashboard: AgreementDashboard, project: Project
) -> None:
    view = dashboard.worst_view
    index = view.model().index(0, 0)
    with qtbot.waitSignal(dashboard.openInReview, timeout=2000) as signal:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    assert signal.args == [doc_id(project, "busy")]
    assert dashboard._review_window is None  # embedded: the host opens review


def test_standalone_dashboard_opens_the_review_window(qtbot, project: Project) -> None:
    dashboard = AgreementDashboard(project)
    qtbot.addWidget(dashboard)
    ready(qtbot, dashboard)
    view = dashboard.worst_view
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(view.model().index(1, 0)).center(),
    )
    window = dashboard._review_window
    assert window is not None
    qtbot.addWidget(window)
    assert window.review.document_id == doc_id(project, "calm")
    window.close()


def test_nothing_to_compare_is_reported(qtbot, tmp_path: Path) -> None:
    with Project.create(tmp_path / "empty.sqlite") as project:
        project.add_documents([DocRecord(text=CALM, name="calm")])
        project.annotator_id("amal")
        project.annotator_id("badr")
        dashboard = AgreementDashboard(project, standalone=False)
        qtbot.addWidget(dashboard)
        with qtbot.waitSignal(dashboard.failed, timeout=30_000) as signal:
            pass
        assert "done" in signal.args[0]
        qtbot.waitUntil(lambda: not dashboard.computing)
        assert dashboard.report is None
        dashboard.unfinished.setChecked(True)
        dashboard.compute()
        qtbot.waitUntil(lambda: not dashboard.computing, timeout=30_000)
        assert dashboard.report is None  # nobody worked on the document either
