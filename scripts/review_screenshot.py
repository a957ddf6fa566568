"""Make docs/review.png: the review window adjudicating two annotators' work.

A fresh demo project (in a temporary folder): the demo annotator's spans of the first document
are copied to "ali" and "mona", who then disagree as annotators do: mona's casualty count is
"at least" a larger figure, and she starts one actor a word later and leaves out another. The
review window opens the document offscreen (agreed spans merge into gold), selects the casualty
cluster, so the candidate list shows both counts, and is saved as a PNG.

    .venv/bin/python scripts/review_screenshot.py [OUT.png]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "review.png"))
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        from annotator.demo import DEMO_ANNOTATOR, build_demo_project

        build_demo_project(path)
        return _shoot(path, DEMO_ANNOTATOR, Path(args.out))


def _team(project, annotator: str) -> int:
    """Copy `annotator`'s spans of its first annotated document to ali and mona, mona with
    differences; the document's id."""
    document = next(d for d in project.document_ids() if project.annotations(d, annotator))
    spans = sorted(project.annotations(document, annotator), key=lambda a: a.start)
    actors = [a for a in spans if a.label == "ACTOR"]
    for name in ("ali", "mona"):
        for ann in spans:
            start, attributes = ann.start, dict(ann.attributes)
            if name == "mona":
                if ann.label == "CASUALTY" and "count" in attributes:
                    attributes["count"] = int(attributes["count"]) + 2
                    attributes["qualifier"] = "at least"
                if actors and ann.uuid == actors[0].uuid:
                    start = project.document_text(document).index(" ", ann.start) + 1
                if len(actors) > 1 and ann.uuid == actors[-1].uuid:
                    continue
            project.add_annotation(document, name, ann.label, start, ann.end, attributes=attributes)
        project.set_status(document, name, "done")
    return document


def _shoot(path: Path, annotator: str, out: Path) -> int:
    from annotator import adjudication as adj
    from annotator.gui.app import application
    from annotator.gui.review import ReviewWindow
    from annotator.store import Project

    app = application()
    with Project.open(path) as project:
        document = _team(project, annotator)
        window = ReviewWindow(project)
        window.resize(1400, 860)
        window.show()
        window.open_document(document)
        state = window.review.state
        casualty = next(
            (c for c in state.clusters if "CASUALTY" in c.cluster.labels and c.attribute_conflict),
            None,
        ) or next((c for c in state.clusters if not c.resolved), None)
        if casualty is not None:
            window.review.select_cluster(casualty.index)
        for _ in range(5):
            app.processEvents()
        assert adj.left_to_review(window.review.state) is not None
        saved = window.grab().save(str(out))
        window.close()
    print(f"wrote {out}" if saved else f"could not write {out}")
    return 0 if saved else 1


if __name__ == "__main__":
    raise SystemExit(main())
