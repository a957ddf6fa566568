"""The demo project: the seed articles, cleaned, with a few sample annotations by "demo" on
three of them, which "demo" marked done (so a first export holds them, and says that the other
two, not done, were left out).

Built on first use in the user data directory, atomically: it is written to a temporary file
next to its final place and renamed, so an interrupted build never leaves a broken demo.
Annotation offsets are found with `str.find` on the stored text, never written down.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.resources import SEEDS, demo_project_path
from annotator.rules import DONE

DEMO_ANNOTATOR = "demo"


@dataclass(frozen=True)
class SampleSpan:
    """A span to place: its label, the exact phrase, and an earlier phrase to search after."""

    key: str
    label: str
    phrase: str
    after: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


# document name -> spans, then (claim key, actor key) `source` relations.
SAMPLES: dict[str, tuple[list[SampleSpan], list[tuple[str, str]]]] = {
    "000_d16953ad185bce75.txt": (
        [
            SampleSpan(
                "mod",
                "ACTOR",
                "وزارة الدفاع الأذربيجانية",
                after="قالت ",
                attributes={"kind": "organization"},
            ),
            SampleSpan(
                "mod_claim", "CLAIM", "بدأت عمليات “لمكافحة الإرهاب” في منطقة ناجورنو كاراباخ"
            ),
            SampleSpan(
                "police",
                "CASUALTY",
                "مقتل 11 من رجال الشرطة والمدنيين الأذربيجانيين",
                attributes={"count": 11, "qualifier": "exact", "outcome": "killed"},
            ),
            SampleSpan(
                "officials",
                "ACTOR",
                "مسؤولون دفاعيون في المنطقة الانفصالية",
                attributes={"kind": "organization"},
            ),
            SampleSpan(
                "officials_claim",
                "CLAIM",
                "الجيش الأذربيجاني “انتهك وقف إطلاق النار على طول خط التماس بأكمله "
                "بضربات صاروخية ومدفعية”",
            ),
        ],
        [("mod_claim", "mod"), ("officials_claim", "officials")],
    ),
    "001_dcf8befaf0a38c62.txt": (
        [
            SampleSpan("baku", "ACTOR", "باكو", after="بعدما أعلنت ", attributes={"kind": "state"}),
            SampleSpan(
                "baku_claim", "CLAIM", "أربعة شرطيين ومدنيَّين قتلوا بانفجار لغمَين في كاراباخ"
            ),
            SampleSpan(
                "mine",
                "CASUALTY",
                "أربعة شرطيين ومدنيَّين قتلوا",
                attributes={"count": 6, "qualifier": "exact", "outcome": "killed"},
            ),
        ],
        [("baku_claim", "baku")],
    ),
    "003_e285bc6e3422a1ef.txt": (
        [
            SampleSpan(
                "soldiers",
                "CASUALTY",
                "مقتل أربعة جنود ومدنيين اثنين",
                attributes={"count": 6, "qualifier": "exact", "outcome": "killed"},
            ),
            SampleSpan(
                "ombudsman",
                "ACTOR",
                "مسؤول أرمني في مجال حقوق الإنسان",
                attributes={"kind": "person"},
            ),
            SampleSpan("ombudsman_claim", "CLAIM", "25 شخصا قتلوا، بينهم مدنيان"),
            SampleSpan(
                "dead",
                "CASUALTY",
                "25 شخصا قتلوا",
                attributes={"count": 25, "qualifier": "exact", "outcome": "killed"},
            ),
        ],
        [("ombudsman_claim", "ombudsman")],
    ),
}


def ensure_demo_project(path: Path | None = None) -> Path:
    """The demo project's path, building it first if it is missing (or unreadable)."""
    from annotator.store import Project, ProjectError

    path = path or demo_project_path()
    if path.exists():
        try:
            Project.open(path).close()
            return path
        except ProjectError:
            path.replace(path.with_name(f"{path.name}.broken-{int(time.time())}"))
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    try:
        build_demo_project(temporary)  # closed: SQLite synced it and removed its -wal
        os.replace(temporary, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    return path


def build_demo_project(path: Path, seeds: Path = SEEDS) -> None:
    """Create the demo project at `path` (which must not exist) and close it."""
    from annotator.importing_plain import import_documents
    from annotator.store import Project
    from annotator.store.readmodel import document_keys

    project = Project.create(path)
    try:
        report = import_documents(project, [seeds], clean=True, workers=0)
        names = {key.name: key.id for key in document_keys(project)}
        with project.transaction():
            for name, (spans, relations) in SAMPLES.items():
                if name in names:
                    _annotate(project, names[name], spans, relations)
                    project.set_status(names[name], DEMO_ANNOTATOR, DONE)
        if report.added == 0:
            raise RuntimeError(f"no seed articles found in {seeds}")
    finally:
        project.close()


def _annotate(
    project: Any, document_id: int, spans: list[SampleSpan], relations: list[tuple[str, str]]
) -> None:
    text = project.document_text(document_id)
    placed: dict[str, str] = {}
    for span in spans:
        anchor = 0
        if span.after:
            anchor = text.find(span.after)
            if anchor < 0:
                raise RuntimeError(f"demo anchor {span.after!r} not in document {document_id}")
            anchor += len(span.after)
        start = text.find(span.phrase, anchor)
        if start < 0:
            raise RuntimeError(f"demo phrase {span.phrase!r} not in document {document_id}")
        annotation = project.add_annotation(
            document_id,
            DEMO_ANNOTATOR,
            span.label,
            start,
            start + len(span.phrase),
            attributes=span.attributes,
            text=span.phrase,
        )
        placed[span.key] = annotation.uuid
    for claim, actor in relations:
        project.add_relation(document_id, DEMO_ANNOTATOR, "source", placed[claim], placed[actor])


def _remove_stale_builds(path: Path) -> None:
    """Delete temporary files left by builds whose process is gone."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp*"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, signal 0 would be CTRL_C_EVENT
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
