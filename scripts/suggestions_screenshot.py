"""Make docs/suggestions.png: the workbench showing suggestions next to annotations.

A fresh demo project (in a temporary folder) gets the suggestions `annotator suggest` computes
for "demo" on one of the documents "demo" annotated (set back to in progress: a done document
shows none), learning from "demo"'s annotations; the
window then shows that document offscreen, with one suggestion current, and is saved as a PNG.

    .venv/bin/python scripts/suggestions_screenshot.py [OUT.png] [--document N]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _shots import arguments, demo_project, report, save, settle, workbench


def main() -> int:
    parser = arguments(__doc__, "suggestions.png")
    parser.add_argument("--document", type=int, default=4)
    args = parser.parse_args()
    with demo_project() as (path, annotator):
        # the demo marked its documents done, and a done document shows no suggestions: the
        # annotator is back at work on this one
        subprocess.run(
            [
                sys.executable,
                "-m",
                "annotator",
                "status",
                str(path),
                "--set",
                "in-progress",
                "--annotator",
                annotator,
                "--documents",
                str(args.document),
            ],
            check=True,
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "annotator",
                "suggest",
                str(path),
                "--for",
                annotator,
                "--documents",
                str(args.document),
            ],
            check=True,
        )
        return _shoot(path, annotator, args.document, Path(args.out))


def _shoot(path: Path, annotator: str, document: int, out: Path) -> int:

    from annotator.gui.app import application
    from annotator.store import Project

    application()
    with Project.open(path) as project:
        window = workbench(project, annotator)
        window.open_document(document)
        window.show()
        settle()
        session, view = window.session, window.view
        # the first suggestion that shares a paragraph with an annotation of the annotator
        starts = [a.start for a in session.annotations.values()]
        order = sorted(session.suggestions.values(), key=lambda s: (s.start, -s.end))
        near = [
            s
            for s in order
            if any("\n" not in session.text[min(s.start, a) : max(s.start, a)] for a in starts)
        ]
        chosen = (near or order)[0] if order else None
        if chosen is not None:
            view.set_current_suggestion(chosen.uuid)
            bar = view.verticalScrollBar()
            bar.setValue(max(0, bar.value() + view.cursor_rect(chosen.start).top() - 140))
        settle()
        saved = save(window, out)
    return report(saved, out)


if __name__ == "__main__":
    sys.exit(main())
