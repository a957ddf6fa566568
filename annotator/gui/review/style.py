"""Review mode's colours: cluster kinds, rejected proposals, lane strips, curation statuses; the
legend's help text."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from annotator.agreement import AGREE, LABEL_CONFLICT, PARTIAL_OVERLAP, SUBSET
from annotator.rules import DONE, IN_PROGRESS, NEW

KIND_COLOURS = {
    AGREE: "#2a9d5c",
    PARTIAL_OVERLAP: "#e89a00",
    LABEL_CONFLICT: "#d7263d",
    SUBSET: "#6c4fd8",
}
KIND_NAMES = {  # shown through kind_name (translated)
    AGREE: QT_TRANSLATE_NOOP("review", "all agree"),
    PARTIAL_OVERLAP: QT_TRANSLATE_NOOP("review", "partial overlap"),
    LABEL_CONFLICT: QT_TRANSLATE_NOOP("review", "conflicting labels"),
    SUBSET: QT_TRANSLATE_NOOP("review", "found by some annotators only"),
}
RESOLUTION_NAMES = (  # a cluster's resolution (adjudication's), shown through resolution_name
    QT_TRANSLATE_NOOP("review", "unresolved"),
    QT_TRANSLATE_NOOP("review", "accepted"),
    QT_TRANSLATE_NOOP("review", "rejected"),
    QT_TRANSLATE_NOOP("review", "edited"),
)


def kind_name(kind: str) -> str:
    """A disagreement cluster's kind in the interface's language."""
    return QCoreApplication.translate("review", KIND_NAMES[kind])


def resolution_name(resolution: str | None) -> str:
    """A cluster's resolution (None: unresolved) in the interface's language."""
    return QCoreApplication.translate("review", resolution or "unresolved")


REJECTED_COLOUR = "#9aa0a6"
GOLD_STRIP = "#fff3c4"
LANE_STRIPS = ("#f3f4f7", "#e9ebf0")
STATUS_COLOURS = {NEW: "#6b7280", IN_PROGRESS: "#d97706", DONE: "#059669"}  # the header badge


LEGEND_HELP = (
    "<h3>Colours</h3><p>Under every line: one lane per annotator, then the gold lane (yellow "
    "strip). An annotator's bar is coloured by its cluster: "
    + ", ".join(
        f"<b style='color:{KIND_COLOURS[k]}'>{html.escape(KIND_NAMES[k])}</b>" for k in KIND_COLOURS
    )
    + "; the small cap at the span's start has the label's colour. Faded: the cluster is "
    "resolved; grey and struck through: rejected. Gold bars have their label's colour. "
    "The text of unresolved clusters is tinted.</p>"
    "<p>Opening a document the first time merges the spans all annotators agree on into gold "
    "(undoable). A cluster is resolved when gold holds a span for it or every proposal in it "
    "is rejected.</p>"
)
