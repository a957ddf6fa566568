"""Make docs/guidelines.png: the workbench with its Guidelines dock.

A fresh demo project (in a temporary folder) gets a guideline text in Markdown (as `annotator
labels --guidelines` sets it) referencing an image beside the project file (drawn here: the
labels' colours); the window shows a document offscreen with the Guidelines dock raised and
is saved as a PNG. The label and attribute descriptions are the default schema's.

    .venv/bin/python scripts/guidelines_screenshot.py [OUT.png] [--document N]
"""

from __future__ import annotations

import sys
from pathlib import Path

from _shots import arguments, demo_project, report, save, settle, workbench

GUIDELINES = """\
# Annotation guidelines

Read the whole article first, then mark **who speaks** (ACTOR), **what they say** (CLAIM)
and **how many people were hurt** (CASUALTY).

![The three labels](images/labels.png)

## General rules

- Mark the **shortest** phrase that names the actor: «وزارة الصحة», not «قالت وزارة الصحة».
- Leave the reporting verb out of a claim («قال», «أعلن», «أكد»).
- A figure someone *claims* is still a CASUALTY: link the CLAIM to its ACTOR with **R**.
- In doubt, press **N** and leave a note with *needs review*: the lead will decide.

## Casualty figures

| Text | count | qualifier |
|---|---|---|
| «أكثر من 60» | 60 | at least |
| «نحو مئة» | 100 | approximately |
| «عشرات» | 10–99 | approximately |
"""


def main() -> int:
    parser = arguments(__doc__, "guidelines.png")
    parser.add_argument("--document", type=int, default=2)
    args = parser.parse_args()
    with demo_project() as (path, annotator):
        return _shoot(path, annotator, args.document, Path(args.out))


def _legend(path: Path, labels: list[tuple[str, str]]) -> None:
    """A small picture of the labels' colours (the image the guidelines reference)."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(330, 44, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(14)
    font.setBold(True)
    painter.setFont(font)
    for index, (name, colour) in enumerate(labels):
        box = QRectF(6 + index * 108, 8, 100, 28)
        fill = QColor(colour)
        fill.setAlphaF(0.25)
        painter.setPen(QColor(colour))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor("#1f2937"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path))


def _shoot(path: Path, annotator: str, document: int, out: Path) -> int:
    from PySide6.QtCore import Qt

    from annotator.gui.app import application
    from annotator.store import Project

    application()
    with Project.open(path) as project:
        project.set_guidelines(GUIDELINES)
        _legend(
            path.parent / "images" / "labels.png",
            [(label.name, label.colour) for label in project.labels()],
        )
        window = workbench(project, annotator, (280, 470))
        window.open_document(document)
        window.docks["guidelines"].raise_()
        window.resizeDocks(
            [window.docks["labels"], window.docks["attributes"], window.docks["guidelines"]],
            [150, 120, 560],
            Qt.Orientation.Vertical,
        )
        window.show()
        settle()
        saved = save(window, out)
    return report(saved, out)


if __name__ == "__main__":
    sys.exit(main())
