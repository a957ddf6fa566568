"""Make docs/query.png: the workbench with Edit > Find annotations… showing a query's results.

A fresh demo project (in a temporary folder) is opened offscreen as its annotator; the Find
annotations dock runs QUERY, the second result is opened (its document shown, the span
selected), and the window is saved as a PNG.

    .venv/bin/python scripts/query_screenshot.py [OUT.png] [--query QUERY]
"""

from __future__ import annotations

import sys
from pathlib import Path

from _shots import arguments, demo_project, report, save, settle, workbench

QUERY = "label=ACTOR,CASUALTY"


def main() -> int:
    parser = arguments(__doc__, "query.png")
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args()
    with demo_project() as (path, annotator):
        return _shoot(path, annotator, args.query, Path(args.out))


def _shoot(path: Path, annotator: str, query: str, out: Path) -> int:
    from PySide6.QtCore import Qt

    from annotator.gui.app import application
    from annotator.store import Project

    application()
    with Project.open(path) as project:
        window = workbench(project, annotator)
        window.show()
        window.show_query_panel()
        window.resizeDocks([window.docks["query"]], [360], Qt.Orientation.Vertical)
        panel = window.query_panel
        panel.query_field.setText(query)
        panel.run()
        settle()
        if panel.model.rowCount() > 1:
            index = panel.model.index(1, 0)
            panel.table.setCurrentIndex(index)
            panel.annotationActivated.emit(panel.model.row(1))
        settle()
        saved = save(window, out)
    return report(saved, out)


if __name__ == "__main__":
    sys.exit(main())
