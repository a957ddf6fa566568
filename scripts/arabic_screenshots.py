"""Make docs/screenshot_ar.png and docs/review_ar.png: the workbench and the review window in
Arabic (mirrored layout, translated chrome) on the demo project.

Everything happens in a temporary folder (its own settings and demo project), offscreen:

    .venv/bin/python scripts/arabic_screenshots.py [--out DOCS_FOLDER]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEW_SIZE = (1400, 900)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder of the PNGs")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as temporary:
        os.environ["ANNOTATOR_HOME"] = temporary  # settings and the demo project: not the user's
        annotator = [sys.executable, "-m", "annotator"]
        workbench = args.out / "screenshot_ar.png"
        subprocess.run(
            [*annotator, "gui", "--demo", "--language", "ar", "--screenshot", str(workbench)],
            check=True,
        )
        review(args.out / "review_ar.png")
    return 0


def review(path: Path) -> None:
    """The review window in Arabic on the demo document with the most annotators."""
    from annotator.demo import ensure_demo_project
    from annotator.gui import i18n
    from annotator.gui.app import application
    from annotator.gui.review import open_review_window
    from annotator.store import Project

    app = application()
    i18n.install(app, "ar")
    project = Project.open(ensure_demo_project())
    document = max(
        project.document_ids(),
        key=lambda d: len({a.annotator for a in project.annotations(d)}),
    )
    window = open_review_window(project, document)
    window.resize(*REVIEW_SIZE)
    for _ in range(10):
        app.processEvents()
    window.review.step_disagreement(True)  # a cluster selected: its details shown
    for _ in range(10):
        app.processEvents()
    if not window.grab().save(str(path)):
        raise SystemExit(f"cannot write {path}")
    print(f"screenshot written to {path}")
    window.close()
    project.close()


if __name__ == "__main__":
    raise SystemExit(main())
