"""Make docs/query.png: the workbench with Edit > Find annotations… showing a query's results.

A fresh demo project (in a temporary folder) is opened offscreen as its annotator; the Find
annotations dock runs QUERY, the second result is opened (its document shown, the span
selected), and the window is saved as a PNG.

    .venv/bin/python scripts/query_screenshot.py [OUT.png] [--query QUERY]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "label=ACTOR,CASUALTY"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "query.png"))
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        from annotator.demo import DEMO_ANNOTATOR, build_demo_project

        build_demo_project(path)
        return _shoot(path, DEMO_ANNOTATOR, args.query, Path(args.out))


def _shoot(path: Path, annotator: str, query: str, out: Path) -> int:
    from PySide6.QtCore import Qt

    from annotator.gui.app import application
    from annotator.gui.launch import SCREENSHOT_SIZE
    from annotator.gui.main_window import MainWindow
    from annotator.store import Project

    app = application()
    with Project.open(path) as project:
        window = MainWindow(project, annotator, restore_layout=False)
        window.resize(*SCREENSHOT_SIZE)
        window.resizeDocks(
            [window.docks["documents"], window.docks["labels"]],
            [330, 300],
            Qt.Orientation.Horizontal,
        )
        window.show()
        window.show_query_panel()
        window.resizeDocks([window.docks["query"]], [360], Qt.Orientation.Vertical)
        panel = window.query_panel
        panel.query_field.setText(query)
        panel.run()
        for _ in range(5):
            app.processEvents()
        if panel.model.rowCount() > 1:
            index = panel.model.index(1, 0)
            panel.table.setCurrentIndex(index)
            panel.annotationActivated.emit(panel.model.row(1))
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(out))
        window.close()
    if not saved:
        print(f"cannot write {out}", file=sys.stderr)
        return 2
    print(f"screenshot written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
