"""An annotator's spans against the gold standard: the comparison (no Qt) and Review > Compare
with gold (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_adjudication import ARMY, MINISTRY, THREE_LONG, THREE_SHORT, TWELVE, UN, build_doc

from annotator import adjudication as adj
from annotator.agreement.feedback import (
    ATTRIBUTES,
    BOUNDARIES,
    EXTRA,
    LABEL,
    MISSING,
    SAME,
    compare_with_gold,
)
from annotator.errors import UsageError
from annotator.model import SpanRecord
from annotator.rules import GOLD
from annotator.store import Project


def test_every_span_lands_in_one_difference() -> None:
    own = [
        SpanRecord(0, 5, "ACTOR", id="same"),
        SpanRecord(10, 20, "CASUALTY", id="count", attributes={"count": 25}),
        SpanRecord(30, 40, "ACTOR", id="edges"),
        SpanRecord(50, 60, "CLAIM", id="label"),
        SpanRecord(70, 75, "ACTOR", id="extra"),
    ]
    gold = [
        SpanRecord(0, 5, "ACTOR", id="g-same"),
        SpanRecord(10, 20, "CASUALTY", id="g-count", attributes={"count": 27, "q": "at least"}),
        SpanRecord(32, 40, "ACTOR", id="g-edges"),
        SpanRecord(50, 60, "ACTOR", id="g-label"),
        SpanRecord(80, 90, "CLAIM", id="g-missing"),
    ]
    found = {
        ((d.own.id if d.own else None), (d.gold.id if d.gold else None)): d
        for d in compare_with_gold(own, gold)
    }
    assert {key: d.kind for key, d in found.items()} == {
        ("same", "g-same"): SAME,
        ("count", "g-count"): ATTRIBUTES,
        ("edges", "g-edges"): BOUNDARIES,
        ("label", "g-label"): LABEL,
        ("extra", None): EXTRA,
        (None, "g-missing"): MISSING,
    }
    assert found[("count", "g-count")].attributes == {"count": (25, 27), "q": (None, "at least")}
    starts = [d.start for d in compare_with_gold(own, gold)]
    assert starts == sorted(starts)


def test_same_label_wins_over_a_bigger_overlap_of_another_label() -> None:
    own = [SpanRecord(0, 10, "ACTOR", id="a")]
    gold = [SpanRecord(0, 10, "CLAIM", id="c"), SpanRecord(2, 8, "ACTOR", id="b")]
    kinds = {
        (d.own and d.own.id, d.gold and d.gold.id): d.kind for d in compare_with_gold(own, gold)
    }
    assert kinds == {("a", "b"): BOUNDARIES, (None, "c"): MISSING}


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "feedback.sqlite") as opened:
        yield opened


@pytest.fixture
def doc(project: Project) -> int:
    doc_id = build_doc(project)
    adj.open_for_review(project, doc_id, ["amal", "badr", "carim"])  # army, claim, twelve
    badr = {(a.label, a.start, a.end): a for a in project.annotations(doc_id, "badr")}
    adj.accept(project, doc_id, badr[("CASUALTY", *THREE_LONG)].uuid)
    adj.accept(project, doc_id, badr[("ACTOR", *MINISTRY)].uuid)
    return doc_id


def test_gold_feedback_reads_the_store(project: Project, doc: int) -> None:
    kinds = {
        (d.kind, (d.own or d.gold).label, d.start): d
        for d in adj.gold_feedback(project, doc, "amal")
    }
    assert (SAME, "ACTOR", ARMY[0]) in kinds
    assert (BOUNDARIES, "CASUALTY", THREE_LONG[0]) in kinds  # amal: the shorter casualty
    assert kinds[(BOUNDARIES, "CASUALTY", THREE_LONG[0])].own.start == THREE_SHORT[0]
    assert (EXTRA, "ACTOR", UN[0]) in kinds  # amal's UN actor: not in gold
    twelve = next(
        d
        for d in kinds.values()
        if d.gold and d.gold.label == "CASUALTY" and d.gold.start == TWELVE[0]
    )
    assert twelve.kind == ATTRIBUTES and twelve.attributes == {"count": (12, None)}
    with pytest.raises(UsageError):
        adj.gold_feedback(project, doc, GOLD)
    assert adj.has_gold(project, doc)


def test_feedback_window_lists_the_differences(qtbot, project: Project, doc: int) -> None:
    from annotator.gui.feedback import FeedbackWindow, kind_name

    window = FeedbackWindow(project, doc, "amal")
    qtbot.addWidget(window)
    window.show()
    table = window.table
    kinds = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert kind_name(SAME) not in kinds
    assert kind_name(EXTRA) in kinds and kind_name(BOUNDARIES) in kinds
    assert kinds.count(kind_name(ATTRIBUTES)) == 1
    row = kinds.index(kind_name(ATTRIBUTES))
    assert table.item(row, 3).text() == "count: 12 → —"
    assert "12 شخصا" in table.item(row, 1).text() and "12 شخصا" in table.item(row, 2).text()
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers  # read-only
    assert f"{len(kinds)} difference(s)" in window.summary.text()
    window.show_same.setChecked(True)
    assert table.rowCount() > len(kinds)
    assert kind_name(SAME) in [table.item(r, 0).text() for r in range(table.rowCount())]


def test_compare_with_gold_in_the_review_menu(qtbot, tmp_path: Path) -> None:
    from test_gui_support import make_window

    with Project.create(tmp_path / "menu.sqlite") as project:
        doc_id = build_doc(project)
        window = make_window(qtbot, project, "amal")
        window.open_document(doc_id)
        window.update_compare_gold()
        assert not window.compare_gold_action.isEnabled()  # no gold yet
        assert window.open_feedback() is None
        adj.open_for_review(project, doc_id, ["amal", "badr", "carim"])
        window.update_compare_gold()
        assert window.compare_gold_action.isEnabled()
        feedback = window.open_feedback()
        assert feedback is not None and feedback.annotator == "amal"
        assert feedback.document_id == doc_id and feedback.table.rowCount() > 0
        feedback.close()
        window.close()


def test_cli_feedback_lists_the_same_differences(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    path = tmp_path / "cli.sqlite"
    with Project.create(path) as project:
        doc_id = build_doc(project)
        adj.open_for_review(project, doc_id, ["amal", "badr", "carim"])
        expected = [d.kind for d in adj.gold_feedback(project, doc_id, "amal") if d.kind != SAME]
    run = [sys.executable, "-m", "annotator", "feedback", str(path), "--annotator", "amal"]
    result = subprocess.run([*run, "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["kind"] for row in rows] == expected and expected
    assert all(row["document_id"] == doc_id for row in rows)
    text = subprocess.run(run, capture_output=True, text=True, check=False)
    assert f"{len(expected)} difference(s) from gold in 1 document(s)" in text.stdout
    unknown = subprocess.run([*run[:-1], "nobody"], capture_output=True, text=True, check=False)
    assert unknown.returncode != 0 and "nobody" in unknown.stderr
