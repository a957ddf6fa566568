"""Review mode: every annotator's spans of one document at once, adjudicated into the gold standard.

The text is shown once, right to left; under each line every annotator has a lane of bars, and
the gold standard a lane of its own (bottom, on a light yellow strip). Proposal bars are coloured
by the kind of their disagreement cluster (legend above the text) with a small cap in the label's
colour at the span's start; gold bars are in the label's colour. Unresolved clusters tint their
text; resolved clusters' bars are faded; rejected proposals are grey and struck through.

The decisions are those of `annotator.adjudication` (code points there; UTF-16 only inside
`LaneView`, through `OffsetMap`). Every change of the gold layer (auto-merge at first opening,
accept, reject, attributes, edit, delete, status) is one step of the undo stack: the command keeps
snapshots of the document's gold layer before and after, and undo/redo restore them.

Keys: the REVIEW table of `annotator.gui.keys` (also in Help > Keys of the window).

Gold spans' boundaries are selected in the text as in the workbench (the drag selection of
`BarredTextView`, snapped to tokens unless Alt; Ctrl(+Alt)+arrows move an edge); no offsets
are typed. 'Curation done' asks first while something is left (`adjudication.left_to_review`).

Modules: `lanes` (the lane view), `widget` (the review widget, its actions and undo steps),
`candidates` (the candidate list: whole text and attributes, wrapped), `dialogs`, `window` (the
review window), `style` (colours and legend). docs/review.png: scripts/review_screenshot.py.
"""

from annotator.gui.review.dialogs import GoldSpanDialog
from annotator.gui.review.lanes import LaneSpan, LaneView
from annotator.gui.review.style import KIND_COLOURS, KIND_NAMES
from annotator.gui.review.widget import GoldLayerCommand, ReviewWidget
from annotator.gui.review.window import ReviewWindow, open_review_window

__all__ = [
    "KIND_COLOURS",
    "KIND_NAMES",
    "GoldLayerCommand",
    "GoldSpanDialog",
    "LaneSpan",
    "LaneView",
    "ReviewWidget",
    "ReviewWindow",
    "open_review_window",
]
