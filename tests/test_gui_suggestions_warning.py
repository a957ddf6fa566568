"""The suggestions panel keeps an optional recommender's warning in view ("Some suggestions
are missing", CAMeL NER left out or failing): the status lines that follow do not replace it;
it goes when the next run of the recommenders ends, with that run's own warnings, if any, shown
instead. Events are those the background worker sends, in its order (service.py)."""

from __future__ import annotations

import pytest
from test_gui_support import make_project, make_window

from annotator.suggestions.service import ServiceEvent

LEFT_OUT = (
    "camel_ner left out: no CAMeL NER model is installed: install the model with "
    "`camel_data -i ner-arabert` (or choose a model folder in Settings > Arabic tools)"
)
FAILED = "camel_ner failed on 2 documents: CAMeL NER failed: RuntimeError: out of memory"


@pytest.fixture
def window(qtbot, tmp_path):
    project = make_project(tmp_path / "warning.sqlite", [("a", "قال الجيش إن المدنيين قتلوا.")])
    window = make_window(qtbot, project)
    yield window
    project.close()


def run(window, *events: tuple[str, str]) -> None:
    """One run of the worker for the open document: training, suggesting, then its events."""
    document = (window.session.document_id,)
    window.suggestion_event(ServiceEvent("status", "training"))
    window.suggestion_event(ServiceEvent("trained", "1"))
    window.suggestion_event(ServiceEvent("status", "suggesting", document))
    window.suggestion_event(ServiceEvent("ready", "0", document))
    for kind, text in events:
        window.suggestion_event(ServiceEvent(kind, text, document))


def test_the_warning_stays_in_view_under_the_status_lines_that_follow(qtbot, window):
    panel = window.suggestions_panel
    assert panel.warning_label.isHidden()
    run(window, ("warning", LEFT_OUT))
    assert panel.warning_label.isVisible()
    # one short line says what is missing, the tooltip why
    assert panel.warning_label.text() == "⚠ Some suggestions are missing: camel_ner left out"
    assert panel.warning_label.toolTip() == LEFT_OUT
    # the next run's status lines replace the status, not the warning
    window.suggestion_event(ServiceEvent("status", "training"))
    assert "Training" in panel.status_label.text()
    window.suggestion_event(ServiceEvent("status", "suggesting", (1,)))
    assert panel.warning_label.isVisible() and LEFT_OUT in panel.warning_label.toolTip()
    assert "missing" not in panel.status_label.text()


def test_the_next_run_ending_replaces_the_warnings_with_its_own(qtbot, window):
    panel = window.suggestions_panel
    run(window, ("warning", LEFT_OUT), ("warning", FAILED))
    assert panel.warning_label.toolTip() == f"{LEFT_OUT}\n{FAILED}"
    assert "camel_ner left out; camel_ner failed on 2 documents" in panel.warning_label.text()
    run(window, ("warning", FAILED))
    assert panel.warning_label.toolTip() == FAILED and "left out" not in panel.warning_label.text()
    run(window)  # a run without warnings: all went well
    assert panel.warning_label.isHidden() and panel.warning_label.toolTip() == ""
    assert panel.status_label.text() == "0 suggestions ready"
