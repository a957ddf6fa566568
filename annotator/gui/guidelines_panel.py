"""The Guidelines dock: the project's guideline text (Markdown), then what each label and each
of its attributes means (their descriptions in the label schema).

The text is rendered by Qt's Markdown reader (`QTextBrowser.setMarkdown`); an image it
references by a relative path (``![map](images/map.png)``) is looked up in the project file's
folder. Links open in the system's browser. "Edit guidelines…" opens `GuidelinesEditor` (plain
Markdown on the left, the preview on the right); saving is one undoable step on the window's
stack (`Editor.change_schema` with `Session.set_guidelines`, one committed transaction).
Descriptions are edited in the schema editor (Edit > Label schema…) or loaded with
`annotator labels --load`; the text with `annotator labels --guidelines FILE.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.commands import Editor
from annotator.rules import LabelDef

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown (label names and descriptions are plain text)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def attribute_summary(attribute: dict[str, Any]) -> str:
    """An attribute's name and what it takes: ``outcome (killed, injured; default unspecified)``."""
    values = attribute.get("values")
    kind = ", ".join(str(v) for v in values) if values else str(attribute.get("type", "text"))
    default = attribute.get("default")
    shown = f"; default {default}" if default not in (None, "", []) else ""
    return f"{attribute.get('name', '')} ({kind}{shown})"


def guidelines_markdown(guidelines: str, labels: Iterable[LabelDef]) -> str:
    """The panel's Markdown: the guideline text as written, then a section per label with its
    hotkey, description and attributes (each with its description)."""
    parts = [
        guidelines.strip()
        or QCoreApplication.translate(
            "guidelines_panel", "*No guidelines yet: Edit guidelines… writes them.*"
        )
    ]
    parts.append(QCoreApplication.translate("guidelines_panel", "## Labels"))
    for label in labels:
        key = f" \\[{escape_markdown(label.hotkey)}\\]" if label.hotkey else ""
        lines = [f"### {escape_markdown(label.name)}{key}"]
        if label.description:
            lines += ["", escape_markdown(label.description)]
        if label.attributes:
            lines.append("")
            for attribute in label.attributes:
                line = f"- **{escape_markdown(attribute_summary(attribute))}**"
                if attribute.get("description"):
                    line += f": {escape_markdown(str(attribute['description']))}"
                lines.append(line)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def markdown_browser(folder: Path, parent: QWidget | None = None) -> QTextBrowser:
    """A read-only Markdown view whose relative images are looked up in `folder`."""
    browser = QTextBrowser(parent)
    browser.setOpenExternalLinks(True)
    browser.setSearchPaths([str(folder)])
    browser.document().setBaseUrl(QUrl.fromLocalFile(f"{folder}/"))
    return browser


class GuidelinesEditor(QDialog):
    """The guideline text as plain Markdown, with a live preview; OK saves, Cancel does not."""

    def __init__(self, text: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit guidelines"))
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("guidelinesSource")
        self.source.setPlainText(text)
        self.preview = markdown_browser(folder, self)
        self.preview.setObjectName("guidelinesPreview")
        self.source.textChanged.connect(self._update_preview)
        splitter = QSplitter(self)
        splitter.addWidget(self.source)
        splitter.addWidget(self.preview)
        hint = QLabel(
            self.tr(
                "Markdown: # headings, **bold**, - lists, [links](https://…), "
                "![images](file.png) beside the project file."
            ),
            self,
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._update_preview()
        self.resize(900, 600)

    def text(self) -> str:
        return self.source.toPlainText()

    def _update_preview(self) -> None:
        self.preview.setMarkdown(self.text())


class GuidelinesPanel(QWidget):
    """The project's guidelines and the label descriptions, with "Edit guidelines…"."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guidelinesPanel")
        self.editor = editor
        self.session = editor.session
        self.browser = markdown_browser(self.folder, self)
        self.browser.setObjectName("guidelinesView")
        self.edit_button = QPushButton(self.tr("Edit guidelines…"), self)
        self.edit_button.setToolTip(
            self.tr(
                "Write the project's guidelines in Markdown (undoable; label descriptions "
                "are edited in Edit > Label schema…)"
            )
        )
        self.edit_button.clicked.connect(self.edit)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.session.labelsChanged.connect(self.refresh)
        self.session.guidelinesChanged.connect(self.refresh)
        self.refresh()

    @property
    def folder(self) -> Path:
        """Where relative images are looked up: the project file's folder."""
        return self.session.project.path.resolve().parent

    def markdown(self) -> str:
        return guidelines_markdown(self.session.guidelines(), self.session.labels.values())

    def refresh(self) -> None:
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setMarkdown(self.markdown())
        self.browser.verticalScrollBar().setValue(scroll)

    def edit(self) -> bool:
        """Edit guidelines…: the editor dialog; saved as one undo step. Whether it saved."""
        before = self.session.guidelines()
        text = self.ask_guidelines(before)
        if text is None or text == before:
            return False
        return self.save(text)

    def save(self, text: str) -> bool:
        """Make `text` the guideline text (one commit, one undo step); whether it was saved."""
        session, before = self.session, self.session.guidelines()
        return self.editor.change_schema(
            self.tr("Edit guidelines"),
            lambda: session.set_guidelines(text),
            lambda: session.set_guidelines(before),
        )

    def ask_guidelines(self, text: str) -> str | None:
        """The edited text, or None when cancelled (overridable: tests answer it)."""
        dialog = GuidelinesEditor(text, self.folder, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.text()
