"""The keymap: one table of every key of the workbench and of review mode.

`KEYMAP[context]` (context WORKBENCH, FIND: the workbench's find bar, or REVIEW) is a list of
`Binding`s: the keys as the help shows them, what they do, and the chords that trigger which
action. The table drives
* the dispatch: `shortcuts(context, action)` gives a window's QAction its keys, and
  `Keymap.action_for(event)` turns a key press into an action name for the widgets' own keys
  (the article view, the find bar's search field, the review widget);
* the help: Help > Keys of both windows (`KeysDialog`, from `keys_html`) and docs/keys.md
  (`keys_markdown`; a test checks the file is the table).
Bindings without chords are done by Qt or the mouse (selection, clicks) and only shown. Label
hotkeys come from the project's label schema.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from annotator.store import LabelDef

WORKBENCH = "workbench"
FIND = "find"  # the workbench's find bar, while its search field has the focus
REVIEW = "review"
CONTEXT_TITLES = {
    WORKBENCH: QT_TRANSLATE_NOOP("Keys", "Keys of the annotation workbench"),
    FIND: QT_TRANSLATE_NOOP("Keys", "Keys of the find bar"),
    REVIEW: QT_TRANSLATE_NOOP("Keys", "Keys of review mode"),
}
HELP_CONTEXTS = {WORKBENCH: (WORKBENCH, FIND), REVIEW: (REVIEW,)}  # a window's Help > Keys


@dataclass(frozen=True)
class Binding:
    """One row of the help: `keys` as shown, what they do, and the chords (Qt's portable key
    sequence text, e.g. "Ctrl+Shift+Left") that trigger which action."""

    group: str
    keys: str
    description: str
    chords: dict[str, str] = field(default_factory=dict)  # chord -> action name


def _edge_chords(prefix: str, arrows: tuple[str, str], edge: str) -> dict[str, str]:
    """Ctrl(+Shift)(+Alt)+arrow: an edge one token (or, with Alt, one character) back or
    forward; in right-to-left text → goes back (towards the text's beginning)."""
    back, forward = arrows
    return {
        f"{prefix}+{back}": f"{edge}_back",
        f"{prefix}+{forward}": f"{edge}_forward",
    }


EDGE_ACTIONS = {  # action -> (edge, direction, by character)
    f"{edge}_{way}{unit}": (edge, -1 if way == "back" else 1, unit == "_char")
    for edge in ("start", "end")
    for way in ("back", "forward")
    for unit in ("", "_char")
}

CURSOR_ACTIONS = {  # action -> (direction: 1 towards the text's end, unit, extend)
    "cursor_forward": (1, "token", False),
    "cursor_back": (-1, "token", False),
    "extend_forward": (1, "token", True),
    "extend_back": (-1, "token", True),
    "char_forward": (1, "char", False),
    "char_back": (-1, "char", False),
    "extend_char_forward": (1, "char", True),
    "extend_char_back": (-1, "char", True),
}
_EDGES = {
    **_edge_chords("Ctrl", ("Right", "Left"), "start"),
    **_edge_chords("Ctrl+Shift", ("Right", "Left"), "end"),
}
_EDGES_BY_CHAR = {
    chord.replace("Ctrl+", "Ctrl+Alt+"): action + "_char" for chord, action in _EDGES.items()
}

KEYMAP: dict[str, list[Binding]] = {
    WORKBENCH: [
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Drag / double-click"),
            QT_TRANSLATE_NOOP("Keys", "Select text (double-click: a word)"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Shift+click"),
            QT_TRANSLATE_NOOP("Keys", "Extend the selection to the place clicked"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            "← / →",
            QT_TRANSLATE_NOOP(
                "Keys",
                "Move the text cursor to the next / previous token (the article is right to "
                "left: ← goes forward in reading order, → back)",
            ),
            {"Left": "cursor_forward", "Right": "cursor_back"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Shift+← / Shift+→"),
            QT_TRANSLATE_NOOP("Keys", "Extend the selection by a token (forward / back)"),
            {"Shift+Left": "extend_forward", "Shift+Right": "extend_back"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+← / → and Ctrl+Shift+← / → (no span selected)"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Move the cursor / extend the selection by a word (punctuation is passed over): "
                "N presses of Ctrl+Shift+← add N words",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Alt+← / Alt+→"),
            QT_TRANSLATE_NOOP("Keys", "Move the text cursor one character"),
            {"Alt+Left": "char_forward", "Alt+Right": "char_back"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Alt+Shift+← / Alt+Shift+→"),
            QT_TRANSLATE_NOOP("Keys", "Extend the selection by a character"),
            {"Alt+Shift+Left": "extend_char_forward", "Alt+Shift+Right": "extend_char_back"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Selecting text"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Alt+← / → and Ctrl+Alt+Shift+← / → (no span selected)"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Move the cursor / extend the selection to the next token edge or the end of a "
                "proclitic (و ف ب ل ك وب ول …): a selection can start after the clitic",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Annotating"),
            QT_TRANSLATE_NOOP("Keys", "1, 2, 3 … (label hotkey; ١ ٢ ٣ on an Arabic keyboard)"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Label the selection: a drag snaps outward to whole tokens, a selection made "
                "with the keys is kept as it is (whitespace trimmed). With a span selected and "
                "no text selected: relabel the span",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Annotating"),
            QT_TRANSLATE_NOOP("Keys", "Alt+hotkey, or Alt held while finishing the drag"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Label exactly the selected characters (to leave a clitic such as و ب ل ك ال out)",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Annotating"),
            QT_TRANSLATE_NOOP("Keys", "Click a label in the palette"),
            QT_TRANSLATE_NOOP("Keys", "Same as its hotkey"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Click a span"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Select it. Where spans nest, the innermost is picked; click again at the same "
                "place for the next enclosing span. Clicking a span's underline bar picks that "
                "span",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Tab / Shift+Tab"),
            QT_TRANSLATE_NOOP("Keys", "Select the next / previous span"),
            {"Tab": "next_span", "Backtab": "previous_span", "Shift+Backtab": "previous_span"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Delete (or Backspace)"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Delete the selected span (and its relations); Backspace does it while a span is "
                "selected, else it rejects the current suggestion",
            ),
            {"Del": "delete_span"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+→ / Ctrl+←"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Move the selected span's right edge (its start, in RTL text) one token right / "
                "left",
            ),
            _edge_chords("Ctrl", ("Right", "Left"), "start"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+← / Ctrl+Shift+→"),
            QT_TRANSLATE_NOOP(
                "Keys", "Move the selected span's left edge (its end) one token left / right"
            ),
            _edge_chords("Ctrl+Shift", ("Right", "Left"), "end"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "add Alt to the two above"),
            QT_TRANSLATE_NOOP("Keys", "Move the edge by one character instead of a token"),
            _EDGES_BY_CHAR,
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Spans"),
            QT_TRANSLATE_NOOP("Keys", "Esc"),
            QT_TRANSLATE_NOOP("Keys", "Deselect; cancel choosing a source"),
            {"Esc": "deselect"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Notes"),
            "N",
            QT_TRANSLATE_NOOP(
                "Keys",
                "Write or edit your note on the selected span (without one: on the document), "
                "with its 'needs review' flag; the right-click menu toggles the flag",
            ),
            {"N": "edit_note"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Relations"),
            QT_TRANSLATE_NOOP("Keys", "R, then ↑ / ↓ and Enter (or click an ACTOR)"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "With a CLAIM selected: a list of the document's ACTOR spans with their text, "
                "nearest first; Enter makes the chosen one the claim's source (replaces its old "
                "source), Esc cancels",
            ),
            {"R": "set_source"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Attributes"),
            "F2",
            QT_TRANSLATE_NOOP(
                "Keys",
                "Edit the selected span's attributes: the first field takes the focus; Tab moves "
                "between fields, Enter stores a typed value, Esc returns to the article",
            ),
            {"F2": "edit_attributes"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Suggestions"),
            QT_TRANSLATE_NOOP("Keys", "Enter"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Accept the current suggestion (dashed outline, the thick one: at the text cursor, "
                "else the next after it) as your annotation; the next one becomes current",
            ),
            {"Return": "accept_suggestion", "Enter": "accept_suggestion"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Suggestions"),
            QT_TRANSLATE_NOOP("Keys", "Backspace"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Reject the current suggestion (that label is not proposed again for that text); "
                "with a span selected: delete the span",
            ),
            {"Backspace": "reject_suggestion"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Suggestions"),
            QT_TRANSLATE_NOOP("Keys", "Shift+Enter"),
            QT_TRANSLATE_NOOP(
                "Keys", "Accept all suggestions of the current one's label in the document"
            ),
            {"Shift+Return": "accept_suggestion_label", "Shift+Enter": "accept_suggestion_label"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Suggestions"),
            QT_TRANSLATE_NOOP("Keys", "Alt+↓ / Alt+↑"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous suggestion"),
            {"Alt+Down": "next_suggestion", "Alt+Up": "previous_suggestion"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Suggestions"),
            QT_TRANSLATE_NOOP("Keys", "Click a suggestion"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "A menu: accept it (label, recommender, score), reject it, or accept all of its "
                "label; right-click adds the same to the usual menu. Every choice is one undo step",
            ),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Editing"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Z"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Undo (every action: add, delete, relabel, resize, attributes, "
                "relation, status, annotate all, accept or reject suggestions)",
            ),
            {"Ctrl+Z": "undo"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Editing"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+Z or Ctrl+Y"),
            QT_TRANSLATE_NOOP("Keys", "Redo"),
            {"Ctrl+Shift+Z": "redo", "Ctrl+Y": "redo"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Editing"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+F"),
            QT_TRANSLATE_NOOP("Keys", "Find in the article (find bar)"),
            {"Ctrl+F": "find"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Editing"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+F"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Find annotations by label, attribute, annotator, status, text, document "
                "(Edit > Find annotations…)",
            ),
            {"Ctrl+Shift+F": "find_annotations"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Editing"),
            QT_TRANSLATE_NOOP("Keys", "F3 / Shift+F3"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous hit while the find bar is open"),
            {"F3": "find_next", "Shift+F3": "find_previous"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Enter"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Mark the document done and open the next one not done (editing a done document "
                "puts it back in progress, and says so; undo restores both)",
            ),
            {"Ctrl+Return": "done_and_next", "Ctrl+Enter": "done_and_next"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Alt+Page Down / Alt+Page Up"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous document in the list"),
            {"Alt+PgDown": "next_document", "Alt+PgUp": "previous_document"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+. / Ctrl+,"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous document (alternative keys)"),
            {"Ctrl+.": "next_document", "Ctrl+,": "previous_document"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "F6 / Shift+F6"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Focus the next / previous pane: article, document list, annotations, attributes. "
                "In the document list ↑ / ↓ and Enter open a document",
            ),
            {"F6": "next_pane", "Shift+F6": "previous_pane"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+R"),
            QT_TRANSLATE_NOOP(
                "Keys", "Review and adjudicate this document (Review > Review and adjudicate…)"
            ),
            {"Ctrl+R": "review"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "View"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl++ / Ctrl+- / Ctrl+0"),
            QT_TRANSLATE_NOOP("Keys", "Larger / smaller / default article font"),
            {
                "Ctrl++": "zoom_in",
                "Ctrl+=": "zoom_in",
                "Ctrl+-": "zoom_out",
                "Ctrl+0": "zoom_reset",
            },
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "View"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+M"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Snap selections to morphemes on / off (View > Snap selections to morphemes; "
                "needs a morphology database)",
            ),
            {"Ctrl+Shift+M": "snap_morphemes"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+N"),
            QT_TRANSLATE_NOOP(
                "Keys", "Create a new project and offer to import articles (File > New project…)"
            ),
            {"Ctrl+N": "new_project"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+O"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Open a project (a file that cannot be opened is explained, and this one stays "
                "open)",
            ),
            {"Ctrl+O": "open_project"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+I"),
            QT_TRANSLATE_NOOP(
                "Keys", "Import articles: texts or an annotated corpus (File > Import articles…)"
            ),
            {"Ctrl+I": "import"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+E"),
            QT_TRANSLATE_NOOP("Keys", "Export a training corpus (File > Export…)"),
            {"Ctrl+E": "export"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+S"),
            QT_TRANSLATE_NOOP(
                "Keys",
                "Sync with the team server now: send your work, get the team's (Team > Sync now)",
            ),
            {"Ctrl+Shift+S": "sync_now"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            "F1",
            QT_TRANSLATE_NOOP("Keys", "This table (Help > Keys)"),
            {"F1": "keys"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+W"),
            QT_TRANSLATE_NOOP(
                "Keys", "Close the project: the start page shows (File > Close project)"
            ),
            {"Ctrl+W": "close_project"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Q"),
            QT_TRANSLATE_NOOP("Keys", "Quit (everything is already saved)"),
            {"Ctrl+Q": "quit"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Project"),
            QT_TRANSLATE_NOOP("Keys", "Esc or Ctrl+W"),
            QT_TRANSLATE_NOOP("Keys", "Close a dialog or a secondary window"),
        ),
    ],
    FIND: [
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Find bar"),
            QT_TRANSLATE_NOOP("Keys", "Enter / Shift+Enter"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous hit (in the search field)"),
            {
                "Return": "find_next",
                "Enter": "find_next",
                "Shift+Return": "find_previous",
                "Shift+Enter": "find_previous",
            },
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Find bar"),
            QT_TRANSLATE_NOOP("Keys", "Esc"),
            QT_TRANSLATE_NOOP("Keys", "Close the find bar"),
            {"Esc": "close"},
        ),
    ],
    REVIEW: [
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Moving"),
            QT_TRANSLATE_NOOP("Keys", "N or Alt+↓"),
            QT_TRANSLATE_NOOP("Keys", "Next unresolved disagreement"),
            {"N": "next_disagreement", "Alt+Down": "next_disagreement"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Moving"),
            QT_TRANSLATE_NOOP("Keys", "P or Alt+↑"),
            QT_TRANSLATE_NOOP("Keys", "Previous unresolved disagreement"),
            {"P": "previous_disagreement", "Alt+Up": "previous_disagreement"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Moving"),
            "← / →",
            QT_TRANSLATE_NOOP(
                "Keys", "Next / previous cluster, resolved or not (right to left: ← goes forward)"
            ),
            {"Left": "next_cluster", "Right": "previous_cluster"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Moving"),
            QT_TRANSLATE_NOOP("Keys", "Tab / Shift+Tab, ↓ / ↑"),
            QT_TRANSLATE_NOOP(
                "Keys", "Next / previous proposal (lane) of the cluster; click a bar too"
            ),
            {
                "Tab": "next_proposal",
                "Backtab": "previous_proposal",
                "Shift+Backtab": "previous_proposal",
                "Down": "next_proposal",
                "Up": "previous_proposal",
            },
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Moving"),
            QT_TRANSLATE_NOOP("Keys", "Esc"),
            QT_TRANSLATE_NOOP("Keys", "Deselect; with nothing selected, close the review window"),
            {"Esc": "deselect"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Deciding"),
            QT_TRANSLATE_NOOP("Keys", "A or Enter"),
            QT_TRANSLATE_NOOP(
                "Keys", "Accept the selected proposal into gold, then go to the next disagreement"
            ),
            {"A": "accept", "Return": "accept", "Enter": "accept"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Deciding"),
            QT_TRANSLATE_NOOP("Keys", "Shift+A or Shift+Enter"),
            QT_TRANSLATE_NOOP("Keys", "Accept and stay, with the new gold span selected"),
            {"Shift+A": "accept_stay", "Shift+Return": "accept_stay", "Shift+Enter": "accept_stay"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Deciding"),
            "X",
            QT_TRANSLATE_NOOP(
                "Keys", "Reject the selected proposal (again: withdraw the rejection)"
            ),
            {"X": "reject"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Deciding"),
            "T",
            QT_TRANSLATE_NOOP("Keys", "Give the gold span this proposal's attributes"),
            {"T": "attributes"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            "E",
            QT_TRANSLATE_NOOP(
                "Keys",
                "Change the selected gold span's label (its boundaries: drag over the text with "
                "the span selected, snapped to tokens, Alt for exact characters; dragged text "
                "and a label key make a new gold span)",
            ),
            {"E": "edit_gold"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            QT_TRANSLATE_NOOP("Keys", "1, 2, 3 … (label hotkeys)"),
            QT_TRANSLATE_NOOP("Keys", "Relabel the selected gold span"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+→ / Ctrl+←"),
            QT_TRANSLATE_NOOP(
                "Keys", "Move the gold span's start (its right edge) one token right / left"
            ),
            _edge_chords("Ctrl", ("Right", "Left"), "start"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Shift+← / Ctrl+Shift+→"),
            QT_TRANSLATE_NOOP("Keys", "Move the gold span's end (its left edge) one token"),
            _edge_chords("Ctrl+Shift", ("Right", "Left"), "end"),
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            QT_TRANSLATE_NOOP("Keys", "add Alt to the two above"),
            QT_TRANSLATE_NOOP("Keys", "Move the edge by one character"),
            _EDGES_BY_CHAR,
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Gold spans"),
            QT_TRANSLATE_NOOP("Keys", "Delete"),
            QT_TRANSLATE_NOOP("Keys", "Delete the selected gold span"),
            {"Del": "delete_gold", "Backspace": "delete_gold"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            "D",
            QT_TRANSLATE_NOOP(
                "Keys",
                "Mark the document's curation done, asking first while disagreements are left "
                "(again: back to in progress)",
            ),
            {"D": "toggle_done"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Z / Ctrl+Shift+Z"),
            QT_TRANSLATE_NOOP(
                "Keys", "Undo / redo (auto-merge, accept, reject, edit, delete, status)"
            ),
            {"Ctrl+Z": "undo", "Ctrl+Shift+Z": "redo", "Ctrl+Y": "redo"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+Enter"),
            QT_TRANSLATE_NOOP(
                "Keys", "Mark done and open the next document whose curation is not done"
            ),
            {"Ctrl+Return": "done_and_next", "Ctrl+Enter": "done_and_next"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Alt+Page Down / Alt+Page Up"),
            QT_TRANSLATE_NOOP("Keys", "Next / previous document"),
            {"Alt+PgDown": "next_document", "Alt+PgUp": "previous_document"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            "F1",
            QT_TRANSLATE_NOOP("Keys", "This table (Help > Review keys)"),
            {"F1": "keys"},
        ),
        Binding(
            QT_TRANSLATE_NOOP("Keys", "Documents"),
            QT_TRANSLATE_NOOP("Keys", "Ctrl+W"),
            QT_TRANSLATE_NOOP("Keys", "Close the review window"),
            {"Ctrl+W": "close"},
        ),
    ],
}


FLOW: list[str] = [
    QT_TRANSLATE_NOOP(
        "Keys",
        "F6 moves the focus to the document list (again: the annotations, the attributes, back to "
        "the article); ↑ / ↓ choose a document, Enter opens it and the focus goes to the article.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "← / → move the text cursor token by token (← goes forward: the text is right to left). "
        "Shift+← selects the token ahead and each further press adds one; Ctrl+Shift+← adds a "
        "word, Alt+Shift+← a character, Ctrl+Alt+Shift+← goes to a proclitic's end.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "A label key (1 ACTOR, 2 CLAIM, 3 CASUALTY) labels the selection; the new span is "
        "selected.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "With a CLAIM selected, R lists the document's ACTOR spans, nearest first: ↑ / ↓ and Enter "
        "make one its source.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "Tab / Shift+Tab select the next / previous span; Ctrl(+Shift)(+Alt)+← / → move its edges.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "F2 puts the focus in the selected span's attributes: Tab between fields, Enter stores, "
        "Esc returns to the article.",
    ),
    QT_TRANSLATE_NOOP("Keys", "Ctrl+Enter marks the document done and opens the next one."),
    QT_TRANSLATE_NOOP(
        "Keys",
        "Ctrl+R opens review on the document: N / P go through the disagreements, Tab through "
        "the proposals, A accepts, X rejects, D marks the curation done; Esc (nothing selected) "
        "or Ctrl+W closes it.",
    ),
    QT_TRANSLATE_NOOP(
        "Keys",
        "Every dialog and secondary window closes with Esc or Ctrl+W; in the main window Ctrl+W "
        "closes the project (the start page shows) and Ctrl+Q quits.",
    ),
]
"""The whole annotation flow without a mouse, step by step (Help > Keys, docs/keys.md)."""


def shortcuts(context: str, action: str) -> list[str]:
    """The chords of `action` in `context`, in table order (a QAction's shortcuts)."""
    return [
        chord
        for binding in KEYMAP[context]
        for chord, name in binding.chords.items()
        if name == action
    ]


def shortcut_hint(context: str, action: str) -> str:
    """The first chord of `action`, as a menu shows it after a tab ("" when it has none)."""
    chords = shortcuts(context, action)
    return (
        QKeySequence(chords[0]).toString(QKeySequence.SequenceFormat.NativeText) if chords else ""
    )


_MODIFIERS = (
    Qt.KeyboardModifier.ShiftModifier
    | Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class Keymap:
    """Key presses to action names for a view's own keys: the chords of `context` whose action
    is one of `actions` (the others are a window's QAction shortcuts)."""

    def __init__(self, context: str, actions: Iterable[str]) -> None:
        known = set(actions)
        self.actions: dict[tuple[int, int], str] = {}
        for binding in KEYMAP[context]:
            for chord, action in binding.chords.items():
                if action in known:
                    combination = QKeySequence(chord)[0]
                    key = (combination.key().value, combination.keyboardModifiers().value)
                    self.actions[key] = action

    def action_for(self, event: QKeyEvent) -> str | None:
        """The action of a key press (modifiers must match exactly; keypad is ignored)."""
        modifiers = event.modifiers() & _MODIFIERS
        key = event.key()
        code = key.value if hasattr(key, "value") else int(key)
        return self.actions.get((code, modifiers.value))


def key_code(event: QKeyEvent) -> int:
    """The event's key as an int (the typed character's code when Qt has no key for it)."""
    key = event.key()
    code = key.value if hasattr(key, "value") else int(key)
    text = event.text()
    if (code == 0 or code == 0x01FFFFFF) and len(text) == 1:
        return ord(text)
    return code


def label_hotkeys(labels: Iterable[LabelDef]) -> dict[int, str]:
    """Key codes of the labels' hotkeys -> label names; a digit hotkey also answers to the same
    key on an Arabic or Persian keyboard (١ or ۱)."""
    hotkeys: dict[int, str] = {}
    for label in labels:
        if not label.hotkey:
            continue
        sequence = QKeySequence(label.hotkey)
        if sequence.count():
            hotkeys[sequence[0].key().value] = label.name
        if len(label.hotkey) == 1 and label.hotkey.isdigit():
            digit = int(label.hotkey)
            hotkeys[0x0660 + digit] = label.name
            hotkeys[0x06F0 + digit] = label.name
    return hotkeys


def chords_by_action(context: str) -> dict[str, list[str]]:
    """Every action of `context` with its chords."""
    found: dict[str, list[str]] = {}
    for binding in KEYMAP[context]:
        for chord, action in binding.chords.items():
            found.setdefault(action, []).append(chord)
    return found


def keys_html(window: str = WORKBENCH) -> str:
    """The tables of a window's contexts (`HELP_CONTEXTS`) as HTML, for its Help > Keys; the
    workbench's begins with the flow without a mouse (`FLOW`)."""
    flow = ""
    if window == WORKBENCH:
        steps = "".join(
            f"<li>{html.escape(QCoreApplication.translate('Keys', step))}</li>" for step in FLOW
        )
        title = html.escape(QCoreApplication.translate("Keys", "Without a mouse"))
        flow = f"<h3>{title}</h3><ol>{steps}</ol>"
    rows, group = [], None
    for binding in (b for context in HELP_CONTEXTS[window] for b in KEYMAP[context]):
        if binding.group != group:
            group = binding.group
            shown = QCoreApplication.translate("Keys", group)
            rows.append(f"<tr><td colspan=2><h3>{html.escape(shown)}</h3></td></tr>")
        keys = QCoreApplication.translate("Keys", binding.keys)
        description = QCoreApplication.translate("Keys", binding.description)
        rows.append(
            f"<tr><td style='padding-right:16px'><b>{html.escape(keys)}</b></td>"
            f"<td>{html.escape(description)}</td></tr>"
        )
    return flow + "<table cellspacing=4>" + "".join(rows) + "</table>"


def keys_markdown() -> str:
    """Both tables as Markdown (docs/keys.md)."""
    lines = [
        "# Keys",
        "",
        "Every action is saved at once; there is no Save button. Label hotkeys are those of the "
        "project's label schema (1 ACTOR, 2 CLAIM, 3 CASUALTY by default). The same tables are "
        "shown by Help > Keys of the workbench and of the review window; both are made from "
        "`annotator/gui/keys.py`, which also decides what each key does.",
        "",
        "### Without a mouse",
        "",
        *(f"{number}. {step}" for number, step in enumerate(FLOW, 1)),
    ]
    for context, title in CONTEXT_TITLES.items():
        lines += ["", f"## {title}"]
        group = None
        for binding in KEYMAP[context]:
            if binding.group != group:
                group = binding.group
                lines += ["", f"### {group}", "", "| Keys | Action |", "| --- | --- |"]
            lines.append(f"| {binding.keys} | {binding.description} |")
    return "\n".join(lines) + "\n"


class KeysDialog(QDialog):
    """Help > Keys of a window (WORKBENCH or REVIEW), with `extra_html` (e.g. a legend) after."""

    def __init__(self, parent: QWidget | None, window: str, extra_html: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review keys") if window == REVIEW else self.tr("Keys"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(keys_html(window) + extra_html)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(QSize(760, 640) if window == WORKBENCH else QSize(720, 600))


def _is_close_chord(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & _MODIFIERS
    return event.key() == Qt.Key.Key_W and modifiers == Qt.KeyboardModifier.ControlModifier


class CloseKeys(QObject):
    """Ctrl+W closes any dialog (as Esc does) and any secondary window; installed once on the
    application (`install_close_keys`). Windows with a Ctrl+W of their own (property
    "ownCloseKey": the workbench, where it closes the project) are left to it. A window
    marked by `close_on_escape` closes on an Esc that none of its widgets used (key presses
    go up to the window when unused, and application filters see each step)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            if _is_close_chord(event) and isinstance(watched, QWidget):
                window = watched.window()
                while isinstance(window, QDockWidget) and window.parentWidget() is not None:
                    window = window.parentWidget().window()  # a floating dock: its window's
                if not window.property("ownCloseKey"):
                    if kind == QEvent.Type.KeyPress:
                        _close(window)
                    event.accept()
                    return True
            elif (
                kind == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape
                and watched.property("closeOnEscape")
                and isinstance(watched, QWidget)
            ):
                watched.close()
                return True
        return False


def _close(window: QWidget) -> None:
    if isinstance(window, QDialog):
        window.reject()
    else:
        window.close()


_close_keys: CloseKeys | None = None


def install_close_keys() -> None:
    """Install `CloseKeys` on the running application (once)."""
    global _close_keys
    app = QApplication.instance()
    if app is None or _close_keys is not None and _close_keys.parent() is app:
        return
    _close_keys = CloseKeys(app)
    app.installEventFilter(_close_keys)


def close_on_escape(window: QWidget) -> None:
    """Esc that no widget of `window` (a secondary window, not a dialog) used closes it."""
    install_close_keys()
    window.setProperty("closeOnEscape", True)
