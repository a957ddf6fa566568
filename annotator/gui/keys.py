"""The workbench's key bindings, in one table shown by Help > Keys and written to docs/keys.md."""

from __future__ import annotations

import html

# (group, keys, what it does). Label hotkeys come from the project's label schema.
KEY_BINDINGS: list[tuple[str, str, str]] = [
    ("Selecting text", "Drag / double-click", "Select text (double-click: a word)"),
    ("Selecting text", "Shift+← / Shift+→", "Extend the selection (moves on screen, RTL-aware)"),
    ("Selecting text", "Ctrl+Shift+← / →", "Extend the selection by a word (no span selected)"),
    (
        "Annotating",
        "1, 2, 3 … (label hotkey; ١ ٢ ٣ on an Arabic keyboard)",
        "Label the selection: it snaps outward to whole tokens, whitespace trimmed. "
        "With a span selected and no text selected: relabel the span",
    ),
    (
        "Annotating",
        "Alt+hotkey, or Alt held while finishing the drag",
        "Label exactly the selected characters (to leave a clitic such as و ب ل ك ال out)",
    ),
    ("Annotating", "Click a label in the palette", "Same as its hotkey"),
    (
        "Spans",
        "Click a span",
        "Select it. Where spans nest, the innermost is picked; click again at the same place "
        "for the next enclosing span. Clicking a span's underline bar picks that span",
    ),
    ("Spans", "Tab / Shift+Tab", "Select the next / previous span"),
    ("Spans", "Delete or Backspace", "Delete the selected span (and its relations)"),
    (
        "Spans",
        "Ctrl+→ / Ctrl+←",
        "Move the selected span's right edge (its start, in RTL text) one token right / left",
    ),
    (
        "Spans",
        "Ctrl+Shift+← / Ctrl+Shift+→",
        "Move the selected span's left edge (its end) one token left / right",
    ),
    ("Spans", "add Alt to the two above", "Move the edge by one character instead of a token"),
    ("Spans", "Esc", "Deselect; cancel choosing a source"),
    (
        "Relations",
        "R, then click an ACTOR",
        "With a CLAIM selected: make that ACTOR the claim's source (replaces its old source)",
    ),
    (
        "Editing",
        "Ctrl+Z",
        "Undo (every action: add, delete, relabel, resize, attributes, "
        "relation, status, annotate all)",
    ),
    ("Editing", "Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("Editing", "Ctrl+F", "Find in the article (find bar)"),
    (
        "Documents",
        "Ctrl+Enter",
        "Mark the document done and open the next one not done (editing a done document "
        "puts it back in progress, and says so; undo restores both)",
    ),
    ("Documents", "Alt+Page Down / Alt+Page Up", "Next / previous document in the list"),
    ("Documents", "Ctrl+. / Ctrl+,", "Next / previous document (alternative keys)"),
    ("View", "Ctrl++ / Ctrl+- / Ctrl+0", "Larger / smaller / default article font"),
    (
        "Project",
        "Ctrl+O",
        "Open a project (a file that cannot be opened is explained, and this one stays open)",
    ),
    ("Project", "Ctrl+E", "Export a training corpus (File > Export…)"),
    ("Project", "F1", "This table (Help > Keys)"),
    ("Project", "Ctrl+Q", "Quit (everything is already saved)"),
]


def keys_html() -> str:
    """The table as HTML for the Help > Keys dialog."""
    rows, group = [], None
    for section, keys, action in KEY_BINDINGS:
        if section != group:
            group = section
            rows.append(f"<tr><td colspan=2><h3>{html.escape(section)}</h3></td></tr>")
        rows.append(
            f"<tr><td style='padding-right:16px'><b>{html.escape(keys)}</b></td>"
            f"<td>{html.escape(action)}</td></tr>"
        )
    return "<table cellspacing=4>" + "".join(rows) + "</table>"


def keys_markdown() -> str:
    """The table as Markdown (docs/keys.md)."""
    lines = [
        "# Keys of the annotation workbench",
        "",
        "Every action is saved at once; there is no Save button. Label hotkeys are those of the "
        "project's label schema (1 ACTOR, 2 CLAIM, 3 CASUALTY by default). The same table is "
        "shown by Help > Keys.",
    ]
    group = None
    for section, keys, action in KEY_BINDINGS:
        if section != group:
            group = section
            lines += ["", f"## {section}", "", "| Keys | Action |", "| --- | --- |"]
        lines.append(f"| {keys} | {action} |")
    return "\n".join(lines) + "\n"
