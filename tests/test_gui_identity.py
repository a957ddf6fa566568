"""Who annotates: --annotator and ANNOTATOR_NAME are for the session, the remembered name
changes only through Annotator > Switch annotator (or the first-run question), an empty answer
is asked again, and a teammate copy made for someone else offers to switch to them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from test_gui_support import make_project, make_window, seed_texts

from annotator.cli import main
from annotator.gui import launch, main_window
from annotator.gui.main_window import ask_annotator
from annotator.gui.settings import Settings


@pytest.fixture(autouse=True)
def no_event_loop(monkeypatch):
    """`launch.run` returns instead of running the app's event loop; ANNOTATOR_NAME unset."""
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)


@pytest.fixture
def started(qtbot):
    """The window `launch.run` opened (closed after the test)."""

    def window():
        (opened,) = main_window._open_windows
        qtbot.addWidget(opened)
        return opened

    yield window
    for opened in list(main_window._open_windows):
        opened.close()


@pytest.fixture
def questions(monkeypatch) -> list[QMessageBox]:
    """Message boxes shown from now on; each is answered by the button whose text starts with
    the next of `questions.answers` (set by the test)."""
    boxes = _Boxes()

    def exec_(box: QMessageBox) -> int:
        boxes.append(box)
        wanted = boxes.answers.pop(0)
        (button,) = [b for b in box.buttons() if b.text().startswith(wanted)]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


class _Boxes(list):
    """Message boxes shown, and the answers still to give."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []


@pytest.fixture
def project_path(tmp_path):
    make_project(tmp_path / "p.sqlite", seed_texts()[:2]).close()
    return tmp_path / "p.sqlite"


@pytest.fixture
def mona_copy(tmp_path):
    """The copy `annotator assign` made for mona."""
    make_project(tmp_path / "corpus.sqlite", seed_texts()[:3]).close()
    shares = tmp_path / "shares"
    assert (
        main(
            ["assign", str(tmp_path / "corpus.sqlite"), "--annotators", "ali,mona"]
            + ["--overlap", "0.5", "--out", str(shares), "--seed", "1"]
        )
        == 0
    )
    (copy,) = shares.glob("*mona*")
    return copy


def test_annotator_option_is_for_this_session_only(project_path, started):
    Settings().annotator = "ali"
    assert launch.run(project_path, annotator="sara") == 0
    window = started()
    assert window.session.annotator == "sara"
    assert "this session only" in window.annotator_label.text()
    assert Settings().annotator == "ali"


def test_annotator_name_variable_is_for_this_session_only(project_path, started, monkeypatch):
    Settings().annotator = "ali"
    monkeypatch.setenv("ANNOTATOR_NAME", "huda")
    assert launch.run(project_path) == 0
    assert started().session.annotator == "huda"
    assert Settings().annotator == "ali"


def test_the_remembered_name_is_used_and_kept(project_path, started):
    Settings().annotator = "ali"
    assert launch.run(project_path) == 0
    window = started()
    assert window.session.annotator == "ali"
    assert "this session only" not in window.annotator_label.text()


def test_switch_annotator_menu_changes_the_remembered_name(project_path, started, monkeypatch):
    Settings().annotator = "ali"
    assert launch.run(project_path, annotator="sara") == 0
    window = started()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *args: ("reem", True))
    window.switch_annotator_action.trigger()
    assert window.session.annotator == "reem"
    assert Settings().annotator == "reem"
    assert "this session only" not in window.annotator_label.text()


def test_first_run_answer_is_remembered(project_path, started, monkeypatch):
    monkeypatch.setattr(main_window, "ask_annotator", lambda *args, **kwargs: "sara")
    assert launch.run(project_path) == 0
    assert started().session.annotator == "sara"
    assert Settings().annotator == "sara"


def test_an_empty_name_is_asked_again_with_a_reason(monkeypatch):
    answers = [("", True), ("   ", True), (" sara ", True)]
    prompts = []

    def get_text(parent, title, label, **kwargs):
        prompts.append(label)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    assert ask_annotator() == "sara"
    assert len(prompts) == 3
    assert "A name is needed" not in prompts[0]
    assert "A name is needed" in prompts[1] and "Cancel" in prompts[1]


def test_cancel_at_first_run_quits_cleanly(project_path, monkeypatch, capsys):
    answers = [("", True), ("", False)]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: answers.pop(0))
    assert launch.run(project_path) == 1
    assert answers == []
    assert "no annotator name given" in capsys.readouterr().err
    assert main_window._open_windows == []
    assert Settings().annotator is None


def test_teammate_copy_offers_to_switch_for_the_session(mona_copy, started, questions):
    Settings().annotator = "ali"
    questions.answers.append("Annotate as mona")
    assert launch.run(mona_copy) == 0
    (box,) = questions
    assert "This copy was made for mona" in box.text() and "ali" in box.informativeText()
    assert [b.text() for b in box.buttons()] == ["Annotate as mona", "Keep ali"]
    window = started()
    assert window.session.annotator == "mona"
    assert Settings().annotator == "ali"  # chosen for this session only


def test_teammate_copy_can_keep_the_current_name(mona_copy, started, questions):
    questions.answers.append("Keep sara")
    assert launch.run(mona_copy, annotator="sara") == 0
    assert len(questions) == 1
    assert started().session.annotator == "sara"


def test_own_copy_and_ordinary_projects_ask_nothing(mona_copy, project_path, started, questions):
    Settings().annotator = "mona"
    assert launch.run(mona_copy) == 0
    assert started().session.annotator == "mona"
    started().close()
    Settings().annotator = "ali"
    assert launch.run(project_path) == 0
    assert questions == []


def test_first_run_in_a_teammate_copy_suggests_its_owner(mona_copy, started, monkeypatch):
    asked = []

    def ask(*args, **kwargs):
        asked.append(kwargs)
        return kwargs["suggestion"]

    monkeypatch.setattr(main_window, "ask_annotator", ask)
    assert launch.run(mona_copy) == 0
    assert asked[0]["suggestion"] == "mona" and "made for mona" in asked[0]["note"]
    assert started().session.annotator == "mona"


def test_file_open_of_a_teammate_copy_offers_to_switch(qtbot, tmp_path, mona_copy, questions):
    project = make_project(tmp_path / "mine.sqlite", seed_texts()[:1])
    current = make_window(qtbot, project, "ali")
    questions.answers.append("Annotate as mona")
    current.open_project(mona_copy)
    (box,) = questions
    assert box.parent() is current
    (opened,) = [w for w in main_window._open_windows if w is not current]
    qtbot.addWidget(opened)
    assert opened.session.annotator == "mona"
    assert Settings().annotator is None  # nothing remembered
    opened.close()
    project.close()


def test_a_screenshot_of_a_teammate_copy_asks_nothing(mona_copy, tmp_path, questions):
    assert launch.run(mona_copy, screenshot=tmp_path / "shot.png") == 0
    assert questions == []
