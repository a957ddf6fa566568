"""Notes in the workbench: the dialog that writes the annotator's note on a span or on the
document (its text and the "needs review" flag, beside the notes others wrote there), and how a
note is shown in tooltips, tables and lists. Writes go through `Editor.write_note` (one undo
step each)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.commands import Editor
from annotator.store import Note

FLAG = "⚑"  # marks a note flagged "needs review"
MARK = "✎"  # marks a span with a note


def note_marker(notes: Sequence[Note]) -> str:
    """A table cell's marker for the notes on a span: ✎, ⚑ when one needs review, and the
    first note's text, shortened."""
    if not notes:
        return ""
    flag = FLAG if any(note.needs_review for note in notes) else MARK
    first = next((note.text for note in notes if note.text.strip()), "")
    first = " ".join(first.split())
    text = first if len(first) <= 60 else first[:59] + "…"
    more = f" (+{len(notes) - 1})" if len(notes) > 1 else ""
    return f"{flag} {text}{more}".rstrip()


def notes_html(notes: Sequence[Note]) -> str:
    """The notes as rich text for a tooltip: author, flag, time and text (escaped)."""
    lines = []
    for note in notes:
        flag = (
            QCoreApplication.translate("notes", " <b>{FLAG} needs review</b>").format(FLAG=FLAG)
            if note.needs_review
            else ""
        )
        when = html.escape(note.updated_at[:16].replace("T", " "))
        text = html.escape(note.text).replace("\n", "<br>")
        lines.append(
            f"{MARK} <i>{html.escape(note.author)}</i>{flag} <small>{when}</small>"
            + (f"<br><span dir='auto'>{text}</span>" if text else "")
        )
    return "<br>".join(lines)


class NoteDialog(QDialog):
    """Write the annotator's note on a span (`annotation_uuid`) or on the document (None);
    the notes others wrote there are shown above. OK saves it through the editor (an empty
    text without the flag deletes the note)."""

    def __init__(
        self, editor: Editor, annotation_uuid: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.annotation_uuid = annotation_uuid
        session = editor.session
        target = (
            self.tr("the document")
            if annotation_uuid is None
            else f"«{session.annotations[annotation_uuid].text[:60]}»"
        )
        self.setWindowTitle(self.tr("Note on {target}").format(target=target))
        own = session.own_note(annotation_uuid)
        others = [n for n in session.notes_on(annotation_uuid) if n.author != session.annotator]
        layout = QVBoxLayout(self)
        if others:
            self.others = QLabel(notes_html(others), self)
            self.others.setWordWrap(True)
            layout.addWidget(self.others)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setPlaceholderText(self.tr("Your note (what is doubtful, and why)"))
        self.text_edit.setPlainText(own.text if own else "")
        layout.addWidget(self.text_edit)
        self.review_box = QCheckBox(self.tr("Needs review (the lead can list flagged items)"))
        self.review_box.setChecked(bool(own and own.needs_review))
        layout.addWidget(self.review_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 260)

    def accept(self) -> None:
        self.editor.write_note(
            self.annotation_uuid, self.text_edit.toPlainText(), self.review_box.isChecked()
        )
        super().accept()
