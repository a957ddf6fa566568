"""`annotator gui`: no-display message, reproducible screenshot, settings kept out of the user's
real ones, identity, start-up without camel-tools, and the keys document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from test_gui_support import make_project, make_window, seed_texts

from annotator.cli import main
from annotator.gui.keys import keys_markdown
from annotator.gui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def headless_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["ANNOTATOR_HOME"] = str(tmp_path / "home")
    return env


def test_without_a_display_the_command_says_how_to_proceed(tmp_path, monkeypatch, capsys):
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    project = make_project(tmp_path / "p.sqlite", seed_texts()[:1])
    project.close()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["gui", str(tmp_path / "p.sqlite"), "--annotator", "x"]) == 2
    message = capsys.readouterr().err
    assert "no display" in message
    assert "QT_QPA_PLATFORM=offscreen" in message and "--screenshot" in message
    assert "xvfb-run" in message


def test_screenshot_of_the_demo_project_without_a_display(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "gui", "--demo", "--screenshot", str(out)],
        cwd=ROOT,
        env=headless_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    colours = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 29)}
    assert len(colours) > 20  # a rendered window, not a blank image


def test_missing_project_is_an_error(tmp_path, capsys):
    assert main(["gui", str(tmp_path / "nope.sqlite"), "--screenshot", "x.png"]) == 2
    assert "no such project file" in capsys.readouterr().err


def test_settings_live_under_annotator_home_in_tests(tmp_path):
    settings = Settings()
    assert Path(settings.qsettings.fileName()).is_relative_to(Path(os.environ["ANNOTATOR_HOME"]))
    settings.annotator = "reem"
    settings.add_recent_project(tmp_path / "a.sqlite")
    again = Settings()
    assert again.annotator == "reem"
    assert again.recent_projects() == [str((tmp_path / "a.sqlite").resolve())]


def test_switching_annotator_shows_only_their_work(qtbot, tmp_path):
    project = make_project(tmp_path / "p.sqlite", [("a", "قالت الوزارة إن القصف استمر")])
    window = make_window(qtbot, project, "first")
    window.editor.annotate("ACTOR", 5, 12)
    assert len(window.session.annotations) == 1
    window.set_annotator("second")
    assert window.session.annotations == {}
    assert "second" in window.annotator_label.text()
    window.editor.annotate("CLAIM", 0, 12)
    assert sorted((a.annotator, a.label) for a in project.annotations(1)) == [
        ("first", "ACTOR"),
        ("second", "CLAIM"),
    ]
    assert Settings().annotator == "second"
    project.close()


def test_startup_does_not_import_camel_tools(tmp_path):
    project = make_project(tmp_path / "p.sqlite", seed_texts()[:1])
    project.close()
    project_path, shot = str(tmp_path / "p.sqlite"), str(tmp_path / "s.png")
    code = (
        "import sys\n"
        "from annotator.gui.launch import run\n"
        f"run({project_path!r}, annotator='x', screenshot={shot!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('camel_tools')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=headless_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_window_with_its_recommenders_never_imports_torch(tmp_path):
    """Rule 7: torch is never imported in the GUI process; the recommenders (the CRF too) run
    in the background worker process, and the window only reads what they stored."""
    project = make_project(tmp_path / "p.sqlite", seed_texts()[:2])
    text = project.document_text(1)
    project.add_annotation(1, "x", "ACTOR", 0, text.index(" "))
    project.close()
    code = (
        "import sys, time\n"
        "from annotator.gui.app import application\n"
        "from annotator.gui.main_window import MainWindow\n"
        "from annotator.store import Project\n"
        "app = application()\n"
        f"window = MainWindow(Project.open({str(tmp_path / 'p.sqlite')!r}), 'x', "
        "auto_suggest=True, restore_layout=False)\n"
        "window.show(); window.open_document(2)\n"
        "label = window.suggestions_panel.status_label\n"
        "deadline = time.monotonic() + 100\n"
        "while time.monotonic() < deadline and 'ready' not in label.text():\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print(label.text())\n"
        "window.stop_suggestion_service()\n"
        "print(sorted(m for m in ('torch', 'pycrfsuite') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=headless_env(tmp_path) | {"QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    status, imported = result.stdout.strip().splitlines()[-2:]
    assert "ready" in status
    assert imported == "[]"


def test_keys_document_matches_the_help_dialog():
    assert (ROOT / "docs" / "keys.md").read_text(encoding="utf-8") == keys_markdown()


def test_layout_and_last_document_are_remembered(qtbot, tmp_path):
    from annotator.gui.main_window import MainWindow

    project = make_project(tmp_path / "p.sqlite", seed_texts()[:3])
    window = MainWindow(project, "x")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_initial_document()
    window.open_document(3)
    window.docks["annotations"].hide()
    window.close()

    again = MainWindow(project, "x")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.open_initial_document()
    assert again.session.document_id == 3
    assert again.docks["annotations"].isHidden()
    assert not again.docks["documents"].isHidden()
    project.close()


def test_first_run_asks_who_is_annotating(tmp_path, monkeypatch, capsys):
    from annotator.gui import launch, main_window

    project = make_project(tmp_path / "p.sqlite", seed_texts()[:1])
    project.close()
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    asked = []
    monkeypatch.setattr(main_window, "ask_annotator", lambda *a, **k: asked.append(1))
    assert launch.run(tmp_path / "p.sqlite") == 1  # the question was cancelled
    assert asked == [1]
    assert "no annotator name" in capsys.readouterr().err
