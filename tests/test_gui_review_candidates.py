"""The review's candidate list (whole text and attributes, wrapped) and 'curation done' asking
first while disagreements are left (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from annotator import adjudication as adj
from annotator.gui.review import ReviewWindow
from annotator.model import DocRecord
from annotator.store import Project

# A long casualty phrase: two annotators agree on its boundaries, not on its count.
PHRASE = (
    "مقتل خمسة وعشرين مدنيا على الأقل بينهم نساء وأطفال في القصف الجوي الذي استهدف السوق "
    "الشعبي المزدحم وسط المدينة صباح اليوم"
)
TEXT = f"قالت مصادر طبية إن {PHRASE}. وقال الجيش إن المتحدث باسمه سيعقد مؤتمرا صحفيا."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "candidates.sqlite") as opened:
        yield opened


@pytest.fixture
def doc(project: Project) -> int:
    (doc_id,) = project.add_documents([DocRecord(text=TEXT, name="long")]).added
    span = at(PHRASE)
    project.add_annotation(
        doc_id, "ali", "CASUALTY", *span, attributes={"count": 25, "qualifier": "exact"}
    )
    project.add_annotation(
        doc_id, "mona", "CASUALTY", *span, attributes={"count": 27, "qualifier": "at least"}
    )
    project.add_annotation(doc_id, "ali", "ACTOR", *at("الجيش"))
    project.add_annotation(doc_id, "mona", "ACTOR", *at("المتحدث باسمه"))
    return doc_id


@pytest.fixture
def window(qtbot, project: Project, doc: int) -> ReviewWindow:
    widget = ReviewWindow(project)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.open_document(doc)
    return widget


def test_candidates_show_whole_text_and_attributes_wrapped(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    casualty = next(a for a in project.annotations(doc, "ali") if a.label == "CASUALTY")
    review.select_span(casualty.uuid)
    listing = review.proposal_list
    assert listing.count() >= 1  # the casualty went to gold (same boundaries), counts differ
    texts = [listing.item(row).text() for row in range(listing.count())]
    by_annotator = {text.split(" · ")[0]: text for text in texts}
    assert PHRASE in by_annotator["ali"] and PHRASE in by_annotator["mona"]  # never cut
    ali_lines = by_annotator["ali"].split("\n")
    assert "count=25 · qualifier=exact" in ali_lines  # attributes on a line of their own
    assert "count=27 · qualifier=at least" in by_annotator["mona"].split("\n")
    assert "…" not in "".join(texts)

    listing.setFixedWidth(260)  # narrow: the text wraps, rows grow, nothing is elided
    qtbot.wait(10)
    listing.doItemsLayout()
    width = listing.viewport().width()
    for row in range(listing.count()):
        item = listing.item(row)
        rect = listing.visualItemRect(item)
        needed = listing.fontMetrics().boundingRect(
            QRect(0, 0, width - 40, 100_000),
            int(Qt.TextFlag.TextWordWrap),
            item.text().replace("\n", "\u2028"),
        )
        assert rect.width() <= width
        assert rect.height() >= needed.height()
        assert rect.height() >= 4 * listing.fontMetrics().lineSpacing()
    assert listing.wordWrap()
    assert listing.textElideMode() == Qt.TextElideMode.ElideNone
    assert listing.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_curation_done_asks_first_saying_how_many_are_left(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    asked: list[adj.LeftToReview] = []
    answer = [False]

    def ask(left: adj.LeftToReview) -> bool:
        asked.append(left)
        return answer[0]

    review.ask_done = ask
    left = adj.left_to_review(review.state)
    assert left.clusters >= 1
    qtbot.keyClick(review.view, Qt.Key.Key_D)
    assert asked == [left]
    assert adj.curation_status(project, doc) == "in progress"  # said no: nothing changed
    assert not review.undo_stack.canRedo()

    window.mark_done_and_next()  # Ctrl+Enter asks the same and stays when refused
    assert len(asked) == 2
    assert window.review.document_id == doc

    answer[0] = True
    qtbot.keyClick(review.view, Qt.Key.Key_D)
    assert adj.curation_status(project, doc) == "done"
    assert len(asked) == 3
    qtbot.keyClick(review.view, Qt.Key.Key_D)  # back to in progress: nothing to ask
    assert adj.curation_status(project, doc) == "in progress"
    assert len(asked) == 3


def test_curation_done_with_nothing_left_does_not_ask(
    qtbot, window: ReviewWindow, project: Project, doc: int
) -> None:
    review = window.review
    review.ask_done = lambda left: pytest.fail(f"asked with nothing left: {left}")
    while (index := adj.next_disagreement(review.state, None)) is not None:
        review.select_cluster(index)
        cluster = review.state.clusters[index]
        for proposal in cluster.proposals:
            if proposal.uuid not in review.state.gold and not review.state.is_rejected(
                proposal.uuid
            ):
                review.select_span(proposal.uuid)
                review.toggle_reject_selected()
    for item in review.state.unresolved_doc_labels:
        review.pick_gold_doc_label(item.name, next(iter(item.values.values())))
    assert not adj.left_to_review(review.state)
    qtbot.keyClick(review.view, Qt.Key.Key_D)
    assert adj.curation_status(project, doc) == "done"


def test_the_message_box_names_the_counts(qtbot, window: ReviewWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def question(parent, title, text, *args):
        seen.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert not window.review.ask_done(adj.LeftToReview(clusters=3, doc_labels=1))
    assert seen and "4" in seen[0] and "3 unresolved" in seen[0] and "1 document" in seen[0]
