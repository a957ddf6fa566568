"""Make docs/start_page.png and docs/import.png: the start page with a few recent projects (one
of them missing), and File > Import articles… on the seed articles with cleaning on, showing
its preview of what cleaning removes.

Everything happens in a temporary folder (its own settings, projects and a copy of the seeds
in a folder with an Arabic name), offscreen:

    .venv/bin/python scripts/gui_screenshots.py [--out DOCS_FOLDER]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_PAGE_SIZE = (1100, 640)
IMPORT_SIZE = (900, 860)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as temporary:
        home = Path(temporary)
        os.environ["ANNOTATOR_SETTINGS_DIR"] = str(home / "settings")  # not the user's own
        from annotator.gui.app import application

        app = application()
        projects = home / "Documents" / "annotation"
        projects.mkdir(parents=True)
        start_page(app, projects, args.out / "start_page.png")
        import_dialog(app, projects, args.out / "import.png")
    return 0


def _save(app, widget, size: tuple[int, int], path: Path) -> None:
    widget.resize(*size)
    widget.show()
    for _ in range(10):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(path)):
        sys.exit(f"cannot write {path}")
    print(f"written {path}")


def start_page(app, projects: Path, out: Path) -> None:
    """The start page: the demo, a project of the user's (Arabic name), and a missing one."""
    from annotator.demo import build_demo_project
    from annotator.gui.settings import Settings
    from annotator.gui.start_page import StartWindow
    from annotator.store import Project

    settings = Settings()
    settings.add_recent_project(projects / "old-corpus.sqlite")  # moved away since: missing
    build_demo_project(projects / "demo.sqlite")
    settings.add_recent_project(projects / "demo.sqlite")
    Project.create(projects / "أخبار-2024.sqlite").close()
    settings.add_recent_project(projects / "أخبار-2024.sqlite")
    window = StartWindow(settings, lambda parent, path: None)
    window.recent_list.setCurrentRow(0)
    _save(app, window, START_PAGE_SIZE, out)
    window.close()


def import_dialog(app, projects: Path, out: Path) -> None:
    """File > Import articles… on the seed articles (in a folder «أخبار»), cleaning on."""
    from annotator.gui.import_dialog import ImportDialog
    from annotator.store import Project

    folder = projects / "أخبار"
    shutil.copytree(ROOT / "seeds", folder)
    with Project.create(projects / "news.sqlite") as project:
        dialog = ImportDialog(project, "amal")
        dialog.add_paths([folder])
        dialog.clean_check.setChecked(True)
        _save(app, dialog, IMPORT_SIZE, out)
        dialog.close()


if __name__ == "__main__":
    sys.exit(main())
