"""The document list: paging with 100,000 documents, status and search filters, progress."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from test_gui_support import make_project, seed_texts

from annotator.gui.document_list import PAGE_SIZE, DocumentListModel, DocumentListPanel
from annotator.model import DocRecord
from annotator.store import Project

MANY = 100_000


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    """100,000 short documents; the annotator "a" has done every 1000th and started every 500th
    (odd multiples)."""
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    project = Project.create(path)
    project.add_documents(DocRecord(text=f"وثيقة رقم {i}", name=f"doc{i:06d}") for i in range(MANY))
    with project.transaction():
        for doc_id in range(1000, MANY + 1, 1000):
            project.set_status(doc_id, "a", "done")
        for doc_id in range(500, MANY + 1, 1000):
            project.set_status(doc_id, "a", "in progress")
    yield project
    project.close()


def test_model_loads_pages_on_demand(big_project):
    model = DocumentListModel(big_project, "a")
    assert model.total == MANY
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.data(model.index(0, 0)) == 1
    assert model.data(model.index(0, 1)) == "doc000000"
    assert model.data(model.index(PAGE_SIZE * 2 - 1, 0)) == PAGE_SIZE * 2


def test_status_column_and_status_filter(big_project):
    model = DocumentListModel(big_project, "a")
    assert model.data(model.index(model.row_of(1000), 2)) == "done"
    assert model.data(model.index(model.row_of(500), 2)) == "in progress"
    assert model.data(model.index(model.row_of(1), 2)) == "new"
    model.set_status_filter(("done",))
    assert model.total == MANY // 1000
    assert model.rowCount() == MANY // 1000
    assert not model.canFetchMore(QModelIndex())
    assert {model.data(model.index(r, 2)) for r in range(model.rowCount())} == {"done"}
    model.set_status_filter(("new", "in progress"))
    assert model.total == MANY - MANY // 1000


def test_row_of_loads_pages_up_to_a_far_document(big_project):
    model = DocumentListModel(big_project, "a")
    row = model.row_of(1234)
    assert row == 1233
    assert model.document_id(row) == 1234
    assert model.rowCount() >= 1234
    model.set_status_filter(("done",))
    assert model.row_of(1234) is None
    assert model.row_of(3000) == 2


def test_search_filter_lists_matching_documents(big_project):
    model = DocumentListModel(big_project, "a")
    ids = big_project.search("99999", limit=0).document_ids
    assert ids  # «رقم 99999»
    model.set_search_ids(ids)
    assert model.total == len(ids)
    listed = {model.document_id(r) for r in range(model.rowCount())}
    assert listed == set(ids)
    model.set_search_ids(None)
    assert model.total == MANY


def test_panel_progress_label(qtbot, big_project):
    panel = DocumentListPanel(big_project, "a")
    qtbot.addWidget(panel)
    assert panel.progress_label.text().startswith(f"{MANY // 1000:,} of {MANY:,} done")
    panel.status_box.setCurrentText("Done")
    assert panel.model.total == MANY // 1000
    assert "100 listed" in panel.progress_label.text()


def test_panel_search_box_filters_by_normalized_corpus_search(qtbot, tmp_path):
    texts = [("a", "قالت وزارة الدفاع"), ("b", "وزاره الخارجيه"), ("c", "لا شيء هنا")]
    project = make_project(tmp_path / "s.sqlite", texts)
    panel = DocumentListPanel(project, "x")
    qtbot.addWidget(panel)
    panel.search.setText("وزارة")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    names = [panel.model.data(panel.model.index(r, 1)) for r in range(panel.model.rowCount())]
    assert names == ["a", "b"]  # teh marbuta and heh match alike
    panel.search.clear()
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 3
    project.close()


def test_clicking_a_document_opens_it(qtbot, tmp_path):
    from test_gui_support import make_window

    project = make_project(tmp_path / "p.sqlite", seed_texts()[:3])
    window = make_window(qtbot, project)
    view = window.documents.view
    index = window.documents.model.index(2, 1)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert window.session.document_id == window.documents.model.document_id(2)
    assert window.session.text == seed_texts()[2][1]
    project.close()
