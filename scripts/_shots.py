"""What the screenshot scripts share: a demo project, the workbench offscreen, the saved PNG.

Each scripts/*_screenshot.py keeps only what it shows; run them as
`.venv/bin/python scripts/NAME.py` (this folder is then on sys.path).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow
    from annotator.store import Project

ROOT = Path(__file__).resolve().parent.parent


def arguments(doc: str, png: str) -> argparse.ArgumentParser:
    """The script's parser (DOC's first line its description): OUT, by default docs/PNG."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / png))
    return parser


@contextmanager
def demo_project() -> Iterator[tuple[Path, str]]:
    """A fresh demo project in a temporary folder, offscreen Qt: (its path, its annotator)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        from annotator.demo import DEMO_ANNOTATOR, build_demo_project

        build_demo_project(path)
        yield path, DEMO_ANNOTATOR


def settle() -> None:
    """Let the window lay itself out and paint."""
    from annotator.gui.app import application

    app = application()
    for _ in range(5):
        app.processEvents()


def workbench(project: Project, annotator: str, widths: tuple[int, int] = (330, 300)) -> MainWindow:
    """The main window at the screenshot size, its documents and labels docks WIDTHS wide."""
    from PySide6.QtCore import Qt

    from annotator.gui.app import application
    from annotator.gui.launch import SCREENSHOT_SIZE
    from annotator.gui.main_window import MainWindow

    application()
    window = MainWindow(project, annotator, restore_layout=False)
    window.resize(*SCREENSHOT_SIZE)
    window.resizeDocks(
        [window.docks["documents"], window.docks["labels"]],
        list(widths),
        Qt.Orientation.Horizontal,
    )
    return window


def save(window: Any, out: Path) -> bool:
    """Grab WINDOW into OUT (its folder made) and close it; False if it cannot be written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    saved = bool(window.grab().save(str(out)))
    window.close()
    return saved


def report(saved: bool, out: Path) -> int:
    """Say whether OUT was written; the script's exit status."""
    if not saved:
        print(f"cannot write {out}", file=sys.stderr)
        return 2
    print(f"screenshot written to {out}")
    return 0
