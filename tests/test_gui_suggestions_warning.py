"""The suggestions panel keeps an optional recommender's warning in view ("Some suggestions
are missing", CAMeL NER left out or failing): the status lines that follow do not replace it;
it goes when the next run of the recommenders ends, with that run's own warnings, if any, shown
instead. Events are those the background worker sends, in its order (service.py), with the
typed `run.Skipped` the panel words in the app's language."""

from __future__ import annotations

import pytest
from test_gui_support import make_project, make_window, marked_translation

from annotator.camel.ner_worker import NerProblem, problem_text
from annotator.suggestions.run import Skipped
from annotator.suggestions.service import ServiceEvent

NO_MODEL = NerProblem("no-model", command="camel_data -i ner-arabert")
LEFT_OUT = Skipped("camel_ner", problem_text(NO_MODEL), problem=NO_MODEL)
FAILED = Skipped("camel_ner", "CAMeL NER failed: RuntimeError: out of memory", 2)
# how the app words NO_MODEL (the Recommenders dialog's wording: no backquotes, unlike the CLI)
NO_MODEL_WORDED = (
    "no CAMeL NER model is installed: install the model with camel_data -i ner-arabert "
    "(or choose a model folder in Settings > Arabic tools)"
)


@pytest.fixture
def window(qtbot, tmp_path):
    project = make_project(tmp_path / "warning.sqlite", [("a", "قال الجيش إن المدنيين قتلوا.")])
    window = make_window(qtbot, project)
    yield window
    project.close()


def run(window, *warnings: Skipped) -> None:
    """One run of the worker for the open document: training, suggesting, then its warnings
    (as service.py sends them: the English text and the typed value)."""
    document = (window.session.document_id,)
    window.suggestion_event(ServiceEvent("status", "training"))
    window.suggestion_event(ServiceEvent("trained", "1"))
    window.suggestion_event(ServiceEvent("status", "suggesting", document))
    window.suggestion_event(ServiceEvent("ready", "0", document))
    for skipped in warnings:
        window.suggestion_event(ServiceEvent("warning", str(skipped), document, skipped))


def test_the_warning_stays_in_view_under_the_status_lines_that_follow(qtbot, window):
    panel = window.suggestions_panel
    assert panel.warning_label.isHidden()
    run(window, LEFT_OUT)
    assert panel.warning_label.isVisible()
    # one short line says what is missing, the tooltip why (as the app words the problem)
    assert panel.warning_label.text() == "⚠ Some suggestions are missing: camel_ner left out"
    assert panel.warning_label.toolTip() == f"camel_ner left out: {NO_MODEL_WORDED}"
    # the next run's status lines replace the status, not the warning
    window.suggestion_event(ServiceEvent("status", "training"))
    assert "Training" in panel.status_label.text()
    window.suggestion_event(ServiceEvent("status", "suggesting", (1,)))
    assert panel.warning_label.isVisible()
    assert panel.warning_label.toolTip() == f"camel_ner left out: {NO_MODEL_WORDED}"
    assert "missing" not in panel.status_label.text()


def test_the_next_run_ending_replaces_the_warnings_with_its_own(qtbot, window):
    panel = window.suggestions_panel
    run(window, LEFT_OUT, FAILED)
    # a failure's reason is the error's own detail, shown as it is; each line says whose
    assert panel.warning_label.toolTip() == (
        f"camel_ner left out: {NO_MODEL_WORDED}\ncamel_ner failed on 2 documents: {FAILED.reason}"
    )
    assert "camel_ner left out; camel_ner failed on 2 documents" in panel.warning_label.text()
    run(window, FAILED)
    assert panel.warning_label.toolTip() == f"camel_ner failed on 2 documents: {FAILED.reason}"
    assert "left out" not in panel.warning_label.text()
    run(window)  # a run without warnings: all went well
    assert panel.warning_label.isHidden() and panel.warning_label.toolTip() == ""
    assert panel.warning_label.accessibleDescription() == ""  # nothing left for screen readers


def test_two_recommenders_failing_alike_are_each_named_in_the_tooltip(qtbot, window):
    panel = window.suggestions_panel
    crf = Skipped("model", "list index out of range", 3)
    casualty = Skipped("casualty", "list index out of range", 1)
    run(window, crf, casualty)
    assert panel.warning_label.toolTip() == (
        "model failed on 3 documents: list index out of range\n"
        "casualty failed on one document: list index out of range"
    )
    assert panel.status_label.text() == "0 suggestions ready"


@pytest.fixture
def marked(qapp):
    with marked_translation("SuggestionsPanel", "RecommendersDialog") as translator:
        yield translator


def test_the_warning_is_worded_by_the_translator_not_taken_from_the_english(qtbot, window, marked):
    panel = window.suggestions_panel
    run(window, LEFT_OUT, FAILED)
    headline = "«camel_ner left out»; «camel_ner failed on 2 documents»"
    assert panel.warning_label.text() == f"⚠ «Some suggestions are missing: {headline}»"
    # why it was left out: the dialog's translated wording of the typed problem; a failure's
    # error detail as it is
    install = "«install the model with camel_data -i ner-arabert (or choose a model folder in "
    install += "Settings > Arabic tools)»"
    left_out_why = f"«no CAMeL NER model is installed: {install}»"
    assert panel.warning_label.toolTip() == (
        f"««camel_ner left out»: {left_out_why}»\n"
        f"««camel_ner failed on 2 documents»: {FAILED.reason}»"
    )
    assert panel.warning_label.accessibleDescription() == panel.warning_label.toolTip()


def test_in_arabic_why_camel_ner_is_left_out_keeps_the_dialogs_translation(qtbot, window, qapp):
    """The wording moved out of the Recommenders dialog with its context and source texts:
    the Arabic translations made for the dialog still apply, in the dialog and the panel."""
    from annotator.gui import i18n
    from annotator.gui.recommender_texts import problem_text as worded

    assert i18n.install(qapp, "ar") == "ar"
    try:
        arabic = worded(NO_MODEL)
        run(window, LEFT_OUT)
        tooltip = window.suggestions_panel.warning_label.toolTip()
    finally:
        i18n.install(qapp, "en")
    assert arabic != NO_MODEL_WORDED and "camel_data -i ner-arabert" in arabic
    assert "installed" not in arabic and "Settings" not in arabic  # both parts translated
    assert any("\u0600" <= c <= "\u06ff" for c in arabic)
    headline, _, why = tooltip.partition(": ")
    assert why == arabic and "camel_ner" in headline and "left out" not in headline
