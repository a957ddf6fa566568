"""The Recommenders dialog: the evaluation run in the background, its tables, and hiding the
recommenders below a chosen F1 (saved in the settings the suggestion display reads)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest
from fake_recommenders import Memorizer
from PySide6.QtCore import Qt
from test_gui_support import make_window

from annotator.gui.recommenders_dialog import RecommendersDialog
from annotator.gui.settings import Settings
from annotator.model import DocRecord
from annotator.rules import DONE
from annotator.store import Project
from annotator.suggestions import RECOMMENDERS, Proposal, Setting
from annotator.suggestions.evaluate import evaluate

NAMES = ("memo", "guess")
A, B, C = "أذربيجان", "أرمينيا", "روسيا"

DOCUMENTS = [
    ("وصل وفد أذربيجان إلى العاصمة.", [A]),
    ("استقبل الرئيس وفد أرمينيا.", [B]),
    ("زار وزير روسيا المنطقة.", []),
    ("اجتمع وفد أذربيجان ووفد أرمينيا مع وزير روسيا.", [A, C]),
]


class Guesser:
    """Proposes the first word of each document as an ACTOR: always wrong here."""

    name = "guess"
    gate: threading.Event | None = None  # when set, suggest waits for it (to test Cancel)

    def __init__(self, setting: Setting, **options: Any) -> None:
        pass

    def train(self, docs: Sequence[DocRecord]) -> None:
        pass

    def suggest(self, doc: DocRecord, earlier: Sequence[Proposal] = ()) -> list[Proposal]:
        if Guesser.gate is not None:
            Guesser.gate.wait(10)
        return [Proposal(0, doc.text.index(" "), "ACTOR", 0.5)]


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    for cls in (Memorizer, Guesser):
        monkeypatch.setitem(RECOMMENDERS, cls.name, (cls.__module__, cls.__name__))
    Guesser.gate = None


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "p.sqlite") as project:
        project.add_documents([DocRecord(text=text) for text, _ in DOCUMENTS])
        for doc_id, (text, spans) in enumerate(DOCUMENTS, start=1):
            for span_text in spans:
                at = text.index(span_text)
                project.add_annotation(doc_id, "lead", "ACTOR", at, at + len(span_text))
            project.set_status(doc_id, "lead", DONE)
        project.add_annotation(1, "amal", "ACTOR", 0, 3)
        yield project


@pytest.fixture
def dialog(qtbot, project):
    widget = RecommendersDialog(project, "lead", names=NAMES)
    qtbot.addWidget(widget)
    widget.errors = []
    widget.show_error = widget.errors.append
    return widget


def evaluated(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.evaluationFinished, timeout=30000):
        qtbot.mouseClick(dialog.evaluate_button, Qt.MouseButton.LeftButton)


def cells(table) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_the_evaluation_runs_in_the_background_and_fills_the_tables(qtbot, dialog, project):
    assert dialog.teacher_combo.currentText() == "lead"
    evaluated(qtbot, dialog)
    assert not dialog.is_running() and dialog.errors == []
    assert dialog.evaluation == evaluate(project, "lead", NAMES)
    # memo: أذربيجان right, أرمينيا wrong, روسيا missed; guess: two first words, both wrong
    assert cells(dialog.scores_table) == [
        ["memo", "ACTOR", "0.500", "0.500", "0.500", "2"],
        ["memo", "overall", "0.500", "0.500", "0.500", "2"],
        ["guess", "ACTOR", "0.000", "0.000", "0.000", "2"],
        ["guess", "overall", "0.000", "0.000", "0.000", "2"],
    ]
    curve = dialog.curve_table
    headers = [curve.horizontalHeaderItem(c).text() for c in range(curve.columnCount())]
    assert headers == ["10%\n1 document", "25%\n1 document", "50%\n2 documents",
                       "75%\n3 documents", "100%\n3 documents"]  # fmt: skip
    assert cells(curve) == [
        ["0.667", "0.667", "0.500", "0.500", "0.500"],  # memo knew أذربيجان only at first
        ["0.000"] * 5,
    ]
    assert "the first 3 train, the other 1 test" in dialog.status_label.text()


def test_recommenders_below_the_chosen_f1_are_hidden_and_remembered(qtbot, dialog, project):
    settings = Settings()
    assert settings.hidden_recommenders(project.path) == frozenset()
    evaluated(qtbot, dialog)
    assert dialog.hidden() == frozenset()  # 0: every recommender shown
    with qtbot.waitSignal(dialog.hiddenChanged) as changed:
        dialog.min_f1_spin.setValue(0.3)
    assert changed.args == [frozenset({"guess"})]
    assert Settings().hidden_recommenders(project.path) == {"guess"}
    assert "guess" in dialog.hidden_label.text()
    dialog.min_f1_spin.setValue(0.6)
    assert Settings().hidden_recommenders(project.path) == {"guess", "memo"}
    dialog.min_f1_spin.setValue(0.5)  # memo's F1 is 0.5: not below
    assert Settings().hidden_recommenders(project.path) == {"guess"}
    # the choice is the project's: a new dialog starts from it, another project is untouched
    again = RecommendersDialog(project, "lead", names=NAMES)
    qtbot.addWidget(again)
    assert again.min_f1_spin.value() == 0.5
    assert again.hidden() == {"guess"}
    assert Settings().hidden_recommenders(project.path.with_name("other.sqlite")) == frozenset()


def test_an_annotator_without_two_done_documents_is_told(qtbot, dialog):
    dialog.teacher_combo.setCurrentText("amal")
    with qtbot.waitSignal(dialog.evaluationFailed, timeout=30000) as failed:
        dialog.start_evaluation()
    assert "amal has marked 0 document(s) done" in failed.args[0]
    assert dialog.errors == failed.args
    assert dialog.evaluate_button.isEnabled() and dialog.scores_table.rowCount() == 0


def test_cancel_stops_the_evaluation_and_the_window_never_waited(qtbot, dialog):
    Guesser.gate = threading.Event()
    assert dialog.start_evaluation()
    assert dialog.is_running()  # start returned while the job waits in its thread
    assert not dialog.evaluate_button.isEnabled()
    assert dialog.close_button.text() == "Cancel"
    with qtbot.waitSignal(dialog.evaluationCancelled, timeout=30000):
        dialog.close_button.click()
        Guesser.gate.set()
    assert not dialog.is_running()
    assert dialog.evaluation is None and dialog.close_button.text() == "Close"


def test_the_window_opens_it_from_the_suggestions_menu(qtbot, project, monkeypatch):
    opened: list[RecommendersDialog] = []
    monkeypatch.setattr(RecommendersDialog, "exec", lambda self: opened.append(self) or 0)
    window = make_window(qtbot, project, "lead")
    menu = next(
        action.menu()
        for action in window.menuBar().actions()
        if action.text().replace("&", "") == "Suggestions"
    )
    entry = next(a for a in menu.actions() if a.text().replace("&", "") == "Recommenders…")
    entry.trigger()
    assert len(opened) == 1
    assert opened[0].teacher_combo.currentText() == "lead"
    assert opened[0].project is project and opened[0].settings is window.settings
    # what the dialog hides, the window's suggestion display leaves out at once
    opened[0].hiddenChanged.emit(frozenset({"guess"}))
    assert window.session.hidden_recommenders == {"guess"}


def test_closing_during_a_run_returns_at_once_and_the_run_cleans_up_when_it_ends(qtbot, project):
    import shiboken6

    from annotator.gui import background

    dialog = RecommendersDialog(project, "lead", names=NAMES)  # deleted below, not by qtbot
    Guesser.gate = threading.Event()  # the run blocks (as a long training) until set
    dialog.show()
    assert dialog.start_evaluation()
    thread, job = dialog._background.thread, dialog._background.job
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing: the run is cancelled, not waited for
    assert not dialog.isVisible()
    assert thread.isRunning()  # returned while the run still blocks in its thread
    assert not dialog.is_running() and background.ending() == 1
    shiboken6.delete(dialog)  # the dialog may even go first
    Guesser.gate.set()
    qtbot.waitUntil(lambda: background.ending() == 0, timeout=30000)
    assert not shiboken6.isValid(thread) and not shiboken6.isValid(job)  # both deleted


def test_the_dialog_says_which_recommenders_can_run_and_how_to_install_camel_ner(
    qtbot, project, tmp_path
):
    from annotator.camel import config

    widget = RecommendersDialog(project, "lead")
    qtbot.addWidget(widget)
    text = widget.availability_label.text()
    assert "camel_ner is not available" in text
    assert "camel_data -i ner-arabert" in text and "Settings > Arabic tools" in text
    assert "camel_ner" not in widget.names  # not evaluated by default
    available = text.splitlines()[0]
    assert "strings" in available and "camel_ner" not in available

    from annotator.camel.ner_worker import missing_requirement, problem_text

    missing = missing_requirement()
    if missing is not None:
        pytest.skip(problem_text(missing))
    model = tmp_path / "model"  # what the dialog checks: a folder with config.json, vocab.txt
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")
    (model / "vocab.txt").write_text("[PAD]\n", encoding="utf-8")
    config.save_config(config.ToolsConfig(ner_model=str(model)))
    widget = RecommendersDialog(project, "lead")
    qtbot.addWidget(widget)
    assert "camel_ner" in widget.availability_label.text().splitlines()[0]
    assert "not available" not in widget.availability_label.text()
    assert "camel_ner" in widget.names


# every detail each kind of reason carries, as the dialog must show it
_DETAILS = {
    "bundle": ("camel_data -i ner-arabert",),
    "no-packages": ("torch, transformers", "pip install camel-tools torch transformers"),
    "no-model": ("camel_data -i ner-arabert",),
    "model-broken": ("/models/ner", "camel_data -i ner-arabert"),
    "no-tokenizer": ("/models/ner", "vocab.txt", "camel_data -i ner-arabert"),
    "model-unusable": ("/models/ner", "no weights found", "camel_data -i ner-arabert"),
    "load-failed": ("no weights found", "pip install camel-tools torch transformers"),
    "settings": ("no weights found",),
}


def test_every_kind_of_reason_camel_ner_cannot_run_is_worded_with_its_details(qtbot):
    from annotator.camel.ner_worker import PROBLEM_KINDS, NerProblem
    from annotator.gui.recommender_texts import problem_text

    assert set(_DETAILS) == set(PROBLEM_KINDS)
    for kind in PROBLEM_KINDS:
        command = _DETAILS[kind][-1] if kind != "settings" else ""
        problem = NerProblem(
            kind,
            path="/models/ner",
            missing=("torch", "transformers"),
            command=command,
            detail="no weights found",
        )
        text = problem_text(problem)
        assert all(detail in text for detail in _DETAILS[kind]), (kind, text)
        assert "%1" not in text and "%2" not in text and "%3" not in text


def test_the_dialog_names_a_chosen_folder_that_is_no_model(qtbot, project, tmp_path):
    from annotator.camel import config

    config.save_config(config.ToolsConfig(ner_model=str(tmp_path / "gone")))
    widget = RecommendersDialog(project, "lead")
    qtbot.addWidget(widget)
    text = widget.availability_label.text()
    assert f"camel_ner is not available: {tmp_path / 'gone'} is not a CAMeL NER model" in text
    assert "camel_data -i ner-arabert" in text
