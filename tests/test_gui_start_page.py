"""The start page: `annotator`/`annotator gui` without a project shows it (`--demo` opens the
demo); recent projects (missing ones shown as missing, removable), New project… (created as
`annotator new` does, then an offer to import), Open project…, the demo, Import articles…
(into a new or an existing project); File > New project… and File > Close project in the
workbench."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from test_gui_support import make_project, make_window, seed_texts

from annotator.cli import main
from annotator.gui import launch, main_window, new_project_dialog, start_page
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.main_window import MainWindow, open_project_window
from annotator.gui.settings import Settings
from annotator.gui.start_page import EXISTING, NEW, StartWindow
from annotator.store import Project


@pytest.fixture(autouse=True)
def no_event_loop(monkeypatch):
    """`launch.run` returns instead of running the app's event loop; the name is known."""
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    monkeypatch.setenv("ANNOTATOR_NAME", "amal")


@pytest.fixture(autouse=True)
def close_windows():
    yield
    for window in [*main_window._open_windows, *start_page._open_windows]:
        window.close()
    QApplication.processEvents()


@pytest.fixture
def boxes(monkeypatch) -> list[QMessageBox]:
    """Message boxes shown from now on; each is answered by the button whose text starts with
    the next of `boxes.answers` (none left: the box is only recorded)."""
    shown = _Boxes()

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        if shown.answers:
            wanted = shown.answers.pop(0)
            (button,) = [b for b in box.buttons() if b.text().startswith(wanted)]
            button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


class _Boxes(list):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []


@pytest.fixture
def import_dialogs(monkeypatch) -> list[ImportDialog]:
    """Import dialogs opened from now on (not run: exec returns at once)."""
    shown: list[ImportDialog] = []
    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    return shown


def start(qtbot, settings: Settings | None = None) -> StartWindow:
    settings = settings or Settings()
    window = start_page.show_start_page(
        settings, lambda parent, path: open_project_window(parent, path, settings=settings)
    )
    qtbot.addWidget(window)
    return window


def opened() -> MainWindow:
    (window,) = [w for w in main_window._open_windows if w.isVisible()]
    return window


def test_without_a_project_the_app_shows_the_start_page(qtbot):
    assert launch.run() == 0
    (window,) = start_page._open_windows
    qtbot.addWidget(window)
    assert window.isVisible()
    assert not [w for w in main_window._open_windows if w.isVisible()]
    assert window.recent_entries() == []
    assert window.empty_label.isVisibleTo(window)


def test_demo_opens_the_demo_project(qtbot):
    from annotator.demo import demo_project_path

    assert launch.run(demo=True) == 0
    window = opened()
    qtbot.addWidget(window)
    assert window.project.path == demo_project_path()
    assert not start_page._open_windows


def test_a_project_and_demo_together_are_refused(tmp_path, capsys):
    assert main(["gui", "--demo", str(tmp_path / "p.sqlite")]) == 2
    assert "--demo" in capsys.readouterr().err


def test_screenshot_without_a_project_is_the_start_page(tmp_path, capsys):
    out = tmp_path / "start.png"
    assert main(["gui", "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == launch.START_PAGE_SIZE
    assert not main_window._open_windows


def test_recent_projects_missing_ones_marked_and_removable(qtbot, tmp_path, boxes):
    make_project(tmp_path / "here.sqlite", seed_texts()[:1]).close()
    settings = Settings()
    settings.add_recent_project(tmp_path / "gone.sqlite")
    settings.add_recent_project(tmp_path / "here.sqlite")
    window = start(qtbot, settings)
    here, gone = (
        str((tmp_path / "here.sqlite").resolve()),
        str((tmp_path / "gone.sqlite").resolve()),
    )
    assert window.recent_entries() == [(here, False), (gone, True)]
    assert "(missing)" in window.recent_list.item(1).text()
    assert "(missing)" not in window.recent_list.item(0).text()

    window.recent_list.setCurrentRow(1)
    window.open_selected()  # explained, and still listed: it may be on a drive not connected
    [box] = boxes
    assert "gone.sqlite" in box.text() and "does not exist" in box.text()
    assert window.isVisible()
    assert window.recent_entries() == [(here, False), (gone, True)]

    window.recent_list.setCurrentRow(1)
    window.remove_button.click()
    assert window.recent_entries() == [(here, False)]
    assert Settings().recent_projects() == [here]
    assert (tmp_path / "here.sqlite").exists()


def test_a_recent_project_opens_in_place_of_the_start_page(qtbot, tmp_path):
    make_project(tmp_path / "here.sqlite", seed_texts()[:2]).close()
    settings = Settings()
    settings.add_recent_project(tmp_path / "here.sqlite")
    window = start(qtbot, settings)
    window.recent_list.setCurrentRow(0)
    window.open_recent_button.click()
    project_window = opened()
    qtbot.addWidget(project_window)
    assert project_window.project.path == tmp_path / "here.sqlite"
    assert project_window.session.annotator == "amal"
    assert project_window.session.document_id is not None
    assert not window.isVisible()


def test_first_run_from_the_start_page_asks_who_annotates(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATOR_NAME")
    monkeypatch.setattr(main_window, "ask_annotator", lambda *args, **kwargs: "reem")
    window = start(qtbot)
    window.open_demo()
    project_window = opened()
    qtbot.addWidget(project_window)
    assert project_window.session.annotator == "reem"
    assert Settings().annotator == "reem"


def test_the_demo_is_one_click(qtbot):
    from annotator.demo import demo_project_path

    window = start(qtbot)
    window.demo_button.click()
    project_window = opened()
    qtbot.addWidget(project_window)
    assert project_window.project.path == demo_project_path()
    assert project_window.project.count_documents() > 0
    assert Settings().recent_projects() == [str(demo_project_path().resolve())]


def test_new_project_is_created_as_annotator_new_does_then_import_is_offered(
    qtbot, tmp_path, monkeypatch, boxes, import_dialogs
):
    target = tmp_path / "work" / "corpus"  # no suffix: .sqlite is added
    monkeypatch.setattr(
        new_project_dialog.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "")
    )
    boxes.answers = ["Import articles"]
    window = start(qtbot)
    window.new_button.click()
    created = target.with_suffix(".sqlite")
    project_window = opened()
    qtbot.addWidget(project_window)
    assert project_window.project.path == created
    assert [box.text() for box in boxes] == [
        "“corpus.sqlite” is ready and empty. Import articles into it now?"
    ]
    [dialog] = import_dialogs
    assert dialog.project is project_window.project
    # the same project `annotator new` makes: the default label schema, no documents
    main(["new", str(tmp_path / "cli.sqlite")])
    with Project.open(created) as ours, Project.open(tmp_path / "cli.sqlite") as theirs:
        assert ours.label_schema() == theirs.label_schema()
        assert ours.count_documents() == 0


def test_new_project_refuses_an_existing_file(qtbot, tmp_path, monkeypatch, boxes):
    make_project(tmp_path / "taken.sqlite", seed_texts()[:1]).close()
    monkeypatch.setattr(
        new_project_dialog, "choose_new_project_path", _chooser(tmp_path / "taken.sqlite")
    )
    window = start(qtbot)
    window.new_project()
    [box] = boxes
    assert "already exists" in box.text()
    assert window.isVisible() and not main_window._open_windows
    with Project.open(tmp_path / "taken.sqlite") as project:
        assert project.count_documents() == 1


def test_import_articles_asks_for_the_project_first(qtbot, tmp_path, monkeypatch, import_dialogs):
    make_project(tmp_path / "here.sqlite", seed_texts()[:1]).close()
    window = start(qtbot)
    monkeypatch.setattr(window, "ask_import_target", lambda: None)
    window.import_button.click()  # cancelled: nothing happens
    assert window.isVisible() and not import_dialogs

    monkeypatch.setattr(window, "ask_import_target", lambda: EXISTING)
    monkeypatch.setattr(window, "choose_open_path", lambda: tmp_path / "here.sqlite")
    window.import_button.click()
    project_window = opened()
    qtbot.addWidget(project_window)
    [dialog] = import_dialogs
    assert dialog.project is project_window.project
    assert project_window.project.path == tmp_path / "here.sqlite"


def test_import_articles_into_a_new_project(qtbot, tmp_path, monkeypatch, import_dialogs):
    monkeypatch.setattr(
        new_project_dialog, "choose_new_project_path", _chooser(tmp_path / "fresh.sqlite")
    )
    window = start(qtbot)
    monkeypatch.setattr(window, "ask_import_target", lambda: NEW)
    window.import_articles()
    project_window = opened()
    qtbot.addWidget(project_window)
    assert project_window.project.path == tmp_path / "fresh.sqlite"
    [dialog] = import_dialogs
    assert dialog.project is project_window.project


def test_the_import_question_offers_new_and_existing(qtbot, boxes):
    window = start(qtbot)
    boxes.answers = ["Existing"]
    assert window.ask_import_target() == EXISTING
    boxes.answers = ["New"]
    assert window.ask_import_target() == NEW


def test_close_project_returns_to_the_start_page(qtbot, tmp_path):
    project = make_project(tmp_path / "p.sqlite", seed_texts()[:1])
    project.close()
    Settings().add_recent_project(tmp_path / "p.sqlite")
    assert launch.run(tmp_path / "p.sqlite") == 0
    window = opened()
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.close_project_action in file_menu.actions()
    window.close_project_action.trigger()
    QApplication.processEvents()
    assert not window.isVisible()
    (page,) = start_page._open_windows
    qtbot.addWidget(page)
    assert page.isVisible()
    assert page.recent_entries() == [(str((tmp_path / "p.sqlite").resolve()), False)]
    page.open_selected()  # and back
    again = opened()
    qtbot.addWidget(again)
    assert again.project.path == tmp_path / "p.sqlite"


def test_file_new_project_in_the_workbench(qtbot, tmp_path, monkeypatch, boxes):
    project = make_project(tmp_path / "old.sqlite", seed_texts()[:1])
    window = make_window(qtbot, project, "amal")
    monkeypatch.setattr(
        new_project_dialog, "choose_new_project_path", _chooser(tmp_path / "new.sqlite")
    )
    boxes.answers = ["Later"]
    assert window.new_project_action in window.menuBar().actions()[0].menu().actions()
    window.new_project_action.trigger()
    new_window = opened()
    qtbot.addWidget(new_window)
    assert new_window.project.path == tmp_path / "new.sqlite"
    assert new_window.session.annotator == "amal"
    assert not window.isVisible()
    assert len(boxes) == 1  # the offer, answered "Later"
    project.close()


def _chooser(path: Path):
    return lambda parent, folder: path
