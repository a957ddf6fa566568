"""Make docs/notes.png: the workbench showing notes.

A fresh demo project (in a temporary folder) gets notes on one document, written through the
workbench's editor as a person would (N on a span): the demo annotator's note flagged "needs
review" on a span, a lead's answer on the same span, and a note on the document. The window
shows the document offscreen with the span selected, its hover text (the span's tooltip, drawn
where the pointer would be, since a real tooltip is a window of its own) and the annotation
table's Note column, the document list filtered to documents with flagged notes; it is saved
as a PNG.

    .venv/bin/python scripts/notes_screenshot.py [OUT.png] [--document N]
"""

from __future__ import annotations

import sys
from pathlib import Path

from _shots import arguments, demo_project, report, save, settle, workbench


def main() -> int:
    parser = arguments(__doc__, "notes.png")
    parser.add_argument("--document", type=int, default=2)
    args = parser.parse_args()
    with demo_project() as (path, annotator):
        return _shoot(path, annotator, args.document, Path(args.out))


def _shoot(path: Path, annotator: str, document: int, out: Path) -> int:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtWidgets import QLabel

    from annotator.gui.app import application
    from annotator.store import Project

    application()
    with Project.open(path) as project:
        window = workbench(project, annotator)
        window.open_document(document)
        window.show()
        settle()
        session, view, editor = window.session, window.view, window.editor
        spans = sorted(session.own_annotations(), key=lambda a: a.start)
        actor = next((a for a in spans if a.label == "ACTOR"), spans[0])
        claim = next((a for a in spans if a.label == "CLAIM"), spans[-1])
        editor.write_note(actor.uuid, "المدينة أم الحكومة؟", True)
        editor.write_note(claim.uuid, "Claim or report? The verb is «أعلنت».", False)
        editor.write_note(None, "Second half repeats yesterday's article.", False)
        # the lead answers on the same span
        project.add_note(
            document, "lead", "The government: keep ACTOR, kind state", annotation_uuid=actor.uuid
        )
        session.reload()
        window.documents.flagged_box.setChecked(True)
        window.documents.select(document)
        view.select_annotation(actor.uuid)
        window.annotation_panel.select(actor.uuid)
        settle()
        bar = view.verticalScrollBar()
        bar.setValue(max(0, bar.value() + view.cursor_rect(actor.start).top() - 120))
        settle()
        tip = QLabel(view.describe(session.annotations[actor.uuid]), view.viewport())
        tip.setTextFormat(Qt.TextFormat.RichText)
        tip.setStyleSheet(
            "QLabel { background: #ffffe1; color: black; border: 1px solid #767676; padding: 4px }"
        )
        tip.adjustSize()
        anchor = view.cursor_rect(actor.start).bottomLeft()
        tip.move(QPoint(max(8, anchor.x() - tip.width()), anchor.y() + 12))
        tip.show()
        settle()
        saved = save(window, out)
    return report(saved, out)


if __name__ == "__main__":
    sys.exit(main())
