"""The Document labels dock: the current annotator's labels of the document on screen, one
field per document attribute of the project (a choice: a combo box; an integer: a spin box; a
count or a text: a line edit). Each change is one undoable step (`Editor.set_doc_label`)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import SchemaError
from annotator.gui.commands import Editor
from annotator.gui.i18n import joined
from annotator.rules import attribute_from_text, format_count

NO_VALUE = "—"
"""What a field without a value shows (a combo box's first item, an empty spin box)."""
SPIN_NONE = -1
"""The spin box's value for "no value" (shown as `NO_VALUE`): integers in the panel are >= 0."""
SPIN_MAX = 10**9


def shown(definition: dict[str, Any], value: Any) -> str:
    """A document label's value as the app shows it (a count as `12` or `10–15`)."""
    if value is None:
        return NO_VALUE
    if definition.get("type") == "count":
        return format_count(value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class DocLabelsPanel(QWidget):
    """One field per document attribute for the annotator's labels of the current document."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        self.fields: dict[str, QWidget] = {}
        self.definitions: dict[str, dict[str, Any]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        outer.addWidget(self.hint)
        self._form_host = QWidget(self)
        self._form = QFormLayout(self._form_host)
        outer.addWidget(self._form_host)
        outer.addStretch(1)
        session = self.session
        session.docAttributesChanged.connect(self.rebuild)
        for signal in (
            session.documentChanged,
            session.annotatorChanged,
            session.docLabelsChanged,
            session.visibilityChanged,
        ):
            signal.connect(self.refresh)
        self.rebuild()

    # ---------------------------------------------------------------- building

    def rebuild(self, *_: object) -> None:
        """One field per document attribute, then the values shown."""
        while self._form.rowCount():
            self._form.removeRow(0)
        self.fields = {}
        self.definitions = {d["name"]: d for d in self.session.doc_attributes()}
        for name, definition in self.definitions.items():
            field = self._field(name, definition)
            field.setObjectName(f"docLabel_{name}")
            if definition.get("description"):
                field.setToolTip(definition["description"])
            label = QLabel(name, self._form_host)
            label.setToolTip(definition.get("description", ""))
            self._form.addRow(label, field)
            self.fields[name] = field
        self.refresh()

    def _field(self, name: str, definition: dict[str, Any]) -> QWidget:
        kind = definition.get("type")
        if kind == "choice":
            combo = QComboBox(self._form_host)
            combo.addItem(NO_VALUE, None)
            for value in definition.get("values", []):
                combo.addItem(value, value)
            combo.activated.connect(lambda _i, n=name, c=combo: self._set(n, c.currentData()))
            return combo
        if kind == "integer":
            spin = QSpinBox(self._form_host)
            spin.setRange(SPIN_NONE, SPIN_MAX)
            spin.setSpecialValueText(NO_VALUE)
            spin.editingFinished.connect(lambda n=name, s=spin: self._spun(n, s))
            return spin
        edit = QLineEdit(self._form_host)
        if kind == "count":
            edit.setPlaceholderText(self.tr("a number or a low–high range"))
        edit.editingFinished.connect(lambda n=name, e=edit: self._typed(n, e))
        return edit

    # ---------------------------------------------------------------- showing

    def refresh(self, *_: object) -> None:
        """Show the annotator's values of the current document (none: fields disabled)."""
        has_document = self.session.document is not None
        if not self.definitions:
            self.hint.setText(
                self.tr(
                    "The project defines no document attributes "
                    "(annotator labels --add-doc-attribute, or the schema editor)."
                )
            )
        elif not has_document:
            self.hint.setText(self.tr("No document open."))
        else:
            self.hint.setText(
                self.tr("Labels of this document by {annotator}.").format(
                    annotator=self.session.annotator
                )
            )
        values = self.session.doc_labels() if has_document else {}
        others = self._others() if has_document and not self.session.blind else {}
        for name, field in self.fields.items():
            field.setEnabled(has_document)
            definition = self.definitions[name]
            tip = [definition.get("description", "")]
            given = [
                f"{who}: {shown(definition, labels[name])}"
                for who, labels in others.items()
                if name in labels
            ]
            if given:
                tip.append(self.tr("Others: ") + joined(given))
            field.setToolTip("\n".join(t for t in tip if t))
            field.blockSignals(True)
            try:
                self._show(field, definition, values.get(name))
            finally:
                field.blockSignals(False)

    def _others(self) -> dict[str, dict[str, Any]]:
        """The other annotators' (and gold's) labels of the current document, shown when the
        workbench is not blind (as their spans are)."""
        session = self.session
        assert session.document is not None
        names = [n for n in session.project.annotators(role=None) if n != session.annotator]
        if not names:
            return {}
        found = session.project.doc_labels_by_document(names, [session.document.id])
        return found.get(session.document.id, {})

    def _show(self, field: QWidget, definition: dict[str, Any], value: Any) -> None:
        if isinstance(field, QComboBox):
            index = field.findData(value) if value is not None else 0
            field.setCurrentIndex(max(index, 0))
        elif isinstance(field, QSpinBox):
            field.setValue(SPIN_NONE if value is None else int(value))
        elif isinstance(field, QLineEdit):
            kind = definition.get("type")
            field.setText(format_count(value) if kind == "count" else (value or ""))

    # ---------------------------------------------------------------- editing

    def _set(self, name: str, value: Any) -> None:
        if not self.editor.set_doc_label(name, value):
            self.refresh()  # refused: show what is stored

    def _spun(self, name: str, spin: QSpinBox) -> None:
        value = None if spin.value() == SPIN_NONE else spin.value()
        if value != self.session.doc_labels().get(name):
            self._set(name, value)

    def _typed(self, name: str, edit: QLineEdit) -> None:
        definition = self.definitions[name]
        try:
            value = attribute_from_text(definition.get("type"), edit.text())
        except SchemaError as err:
            self.editor.message.emit(f"{name}: {err}")
            self.refresh()
            return
        if value != self.session.doc_labels().get(name):
            self._set(name, value)

    def value_widget(self, name: str) -> QWidget:
        """The field of document attribute `name` (for tests and keyboard focus)."""
        return self.fields[name]
