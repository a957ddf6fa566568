"""The attribute editor: label, attributes and source of the selected span, editable; the span's
text also in Latin letters in the scheme of View > Transliteration (`set_transliteration`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.camel.translit import transliterate
from annotator.errors import SchemaError
from annotator.gui.commands import Editor
from annotator.gui.direction import follow_text, text_direction
from annotator.gui.session import Session
from annotator.gui.transliteration import scheme_name
from annotator.rules import attribute_from_text, format_count
from annotator.store import Annotation

COUNT_TIP = QT_TRANSLATE_NOOP(
    "AttributeEditor", "A number, or a low–high range; empty when unknown"
)
COUNT_HINT = QT_TRANSLATE_NOOP(
    "AttributeEditor",
    "Type digits (12 or ١٢), a range (10–15) or number words (خمسة وعشرون); "
    "leave it empty when unknown.",
)
INVALID_STYLE = "QLineEdit { border: 2px solid #b00020; border-radius: 3px; }"


class AttributeEditor(QWidget):
    """Edits the selected span; every change is one undoable action, saved at once."""

    leave = Signal()  # Esc in a field: the focus goes back to the article

    def __init__(self, session: Session, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Attributes of the selected span"))
        self.session = session
        self.editor = editor
        self.uuid: str | None = None
        self.selected_text = ""  # the article's text selection, shown while no span is
        self.fields: dict[str, QWidget] = {}
        self._shape: tuple | None = None  # what the current form was built for
        self._clear_button: QPushButton | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self._title = QLabel(self.tr("No span selected"), self)
        self._title.setWordWrap(True)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setStyleSheet("font-weight: 600;")
        outer.addWidget(self._title)
        self._snippet = QLabel("", self)
        self._snippet.setWordWrap(True)
        self._snippet.setTextFormat(Qt.TextFormat.PlainText)
        self._snippet.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self._snippet.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        outer.addWidget(self._snippet)
        self.translit_scheme: str | None = None  # View > Transliteration; None: off
        self._translit = QLabel("", self)  # the span's text in Latin letters
        self._translit.setObjectName("spanTransliteration")
        self._translit.setWordWrap(True)
        self._translit.setTextFormat(Qt.TextFormat.PlainText)
        self._translit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._translit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self._translit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._translit.setStyleSheet("font-style: italic;")
        self._translit.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary
        self._translit.hide()
        outer.addWidget(self._translit)
        self._outer = outer
        self._form_host = QWidget(self)
        self._form = QFormLayout(self._form_host)
        outer.addWidget(self._form_host)
        self._error = QLabel("", self)
        self._error.setStyleSheet("color: #b00020;")
        self._error.setWordWrap(True)
        outer.addWidget(self._error)
        outer.addStretch(1)
        session.annotationChanged.connect(self._on_changed)
        session.annotationRemoved.connect(self._on_removed)
        session.relationsChanged.connect(self._refresh)
        session.documentChanged.connect(self._document_changed)
        session.labelsChanged.connect(self._labels_changed)
        session.visibilityChanged.connect(self._visibility_changed)
        self.show_annotation(None)

    # ---------------------------------------------------------------- showing

    def set_transliteration(self, scheme: str | None) -> None:
        """Show the selected span's text in the transliteration `scheme` (a key of
        `annotator.camel.translit.SCHEMES`), or not (None)."""
        self.translit_scheme = scheme
        self._refresh()

    def transliteration(self) -> str:
        """The text shown in Latin letters under the span's text; empty when none is."""
        return self._translit.text() if not self._translit.isHidden() else ""

    def show_selected_text(self, text: str) -> None:
        """The article's text selection (empty: none): shown, with its transliteration, while
        no span is selected, so that a selection can be read before it is labelled."""
        self.selected_text = text
        if self.uuid is None:
            self._refresh()

    def show_annotation(self, uuid: str | None) -> None:
        self.uuid = uuid if uuid in self.session.annotations else None
        self._refresh()

    def _document_changed(self, _document: object) -> None:
        self.show_annotation(None)

    def _visibility_changed(self) -> None:
        self.show_annotation(self.uuid)

    def _labels_changed(self) -> None:
        self._shape = None  # label definitions changed: build the form anew
        self._refresh()

    def _on_changed(self, _before: Annotation, after: Annotation) -> None:
        if after.uuid == self.uuid:
            self._refresh()

    def _on_removed(self, ann: Annotation) -> None:
        if ann.uuid == self.uuid:
            self.show_annotation(None)

    def _refresh(self) -> None:
        self._error.setText("")
        ann = self.session.annotations.get(self.uuid) if self.uuid else None
        if ann is None:
            self._form_host.hide()  # kept for the next span of the same label
            self._title.setText(self.tr("No span selected"))
            if self.selected_text.strip():
                self._title.setText(self.tr("Selected text (not labelled)"))
                self._snippet.setText(_shortened(self.selected_text))
                self._show_transliteration(_shortened(self.selected_text))
                return
            self._translit.hide()
            self._snippet.setText(
                self.tr("Click a span in the article or in the list of annotations.")
            )
            return
        shape = (ann.label, ann.annotator == self.session.annotator, tuple(ann.attributes))
        if shape != self._shape:
            self._rebuild(ann)
            self._shape = shape
        self._fill(ann)
        self._form_host.show()

    def _rebuild(self, ann: Annotation | None) -> None:
        """A new form for `ann`'s label. The old one is deleted later, as this may run inside
        one of its widgets' signals."""
        old = self._form_host
        self._form_host = QWidget(self)
        self._form = QFormLayout(self._form_host)
        self._form.setContentsMargins(0, 4, 0, 0)
        self._outer.replaceWidget(old, self._form_host)
        old.hide()
        old.deleteLater()
        self.fields = {}
        self._shape = None
        if ann is None:
            return
        own = ann.annotator == self.session.annotator
        label_box = QComboBox(self._form_host)
        label_box.addItems(list(self.session.labels))
        label_box.setEnabled(own)
        label_box.activated.connect(lambda _i: self._relabel(label_box.currentText()))
        self._form.addRow(self.tr("Label"), label_box)
        self.fields["label"] = label_box
        definition = self.session.label(ann.label)
        defined = definition.attributes if definition else []
        for spec in defined:
            name = spec.get("name", "")
            widget = self._field(spec)
            widget.setEnabled(own)
            self._form.addRow(name.capitalize(), widget)
            self.fields[name] = widget
        for name in ann.attributes:
            if not any(spec.get("name") == name for spec in defined):
                shown = QLabel(self._form_host)
                self._form.addRow(name, shown)
                self.fields[name] = shown
        if any(r.head_label == ann.label for r in self.session.project.relation_types()):
            self._form.addRow(self.tr("Source"), self._source_row(own))
        for name, widget in self.fields.items():  # named for screen readers; Esc leaves
            shown = (
                self.tr("Label")
                if name == "label"
                else self.tr("Source")
                if name == "source"
                else name.capitalize()
            )
            widget.setAccessibleName(shown)
            widget.setAccessibleDescription(
                self.tr(
                    "Enter stores the value, Tab goes to the next field, Esc returns to the article"
                )
            )
            widget.installEventFilter(self)

    def focus_first_field(self) -> bool:
        """Focus the form's first editable attribute field, else the label (F2); False when
        there is none."""
        order = [w for n, w in self.fields.items() if n not in ("label", "source")]
        for widget in [*order, self.fields.get("label")]:
            if widget is None or not self._form_host.isVisible():
                continue
            if widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and watched in self.fields.values()
        ):
            self.leave.emit()
            return True
        return super().eventFilter(watched, event)

    def _fill(self, ann: Annotation) -> None:
        """Show `ann`'s values in the current form without emitting edits."""
        self._title.setText(f"{ann.label}  ·  {ann.annotator}  ·  {ann.start}–{ann.end}")
        snippet = _shortened(ann.text)
        self._snippet.setText(snippet)
        self._show_transliteration(snippet)
        definition = self.session.label(ann.label)
        kinds = {
            a.get("name"): a.get("type") for a in (definition.attributes if definition else [])
        }
        for name, widget in self.fields.items():
            widget.blockSignals(True)
            if name == "label":
                widget.setCurrentText(ann.label)
            elif name == "source":
                relation = self.session.source_of(ann.uuid)
                actor = self.session.annotations.get(relation.tail) if relation else None
                widget.setText(actor.text if actor else self.tr("— (press R, then click an ACTOR)"))
                self._clear_button.setVisible(
                    actor is not None and ann.annotator == self.session.annotator
                )
            else:
                value = ann.attributes.get(name)
                if isinstance(widget, QComboBox):
                    widget.setCurrentText("" if value is None else str(value))
                elif kinds.get(name) == "count":
                    widget.setText(format_count(value))
                else:
                    widget.setText("" if value is None else str(value))
                if isinstance(widget, QLineEdit):
                    _mark_valid(widget)
                    # the value's direction; an empty field the document's (Arabic: right)
                    follow_text(widget, text_direction(self.session.text))
            widget.blockSignals(False)

    def _show_transliteration(self, snippet: str) -> None:
        """The span's text in Latin letters, when a scheme is chosen and it has Arabic."""
        latin = transliterate(snippet, self.translit_scheme) if self.translit_scheme else ""
        if not latin or latin == snippet:  # off, or nothing to transliterate (Latin, digits)
            self._translit.hide()
            return
        self._translit.setText(latin)
        self._translit.setToolTip(
            self.tr("{scheme} transliteration (View > Transliteration)").format(
                scheme=scheme_name(self.translit_scheme or "")
            )
        )
        self._translit.show()

    def _field(self, spec: dict[str, Any]) -> QWidget:
        name, kind = spec.get("name", ""), spec.get("type")
        if kind == "choice":
            box = QComboBox(self._form_host)
            box.addItem("")
            box.addItems([str(v) for v in spec.get("values", [])])
            box.activated.connect(lambda _i, n=name, b=box: self._set(n, b.currentText() or None))
            return box
        edit = QLineEdit(self._form_host)
        if kind == "count":
            edit.setPlaceholderText(self.tr("e.g. 12 or 10–15"))
            edit.setToolTip(self.tr(COUNT_TIP))
        edit.setProperty("usual_tip", edit.toolTip())
        edit.editingFinished.connect(lambda n=name, k=kind, e=edit: self._edited(n, k, e))
        return edit

    def _source_row(self, own: bool) -> QWidget:
        host = QWidget(self._form_host)
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        text = QLabel(host)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        self._clear_button = QPushButton(self.tr("Clear"), host)
        self._clear_button.setToolTip(self.tr("Remove this claim's source"))
        self._clear_button.clicked.connect(self._clear_source)
        row.addWidget(self._clear_button)
        self.fields["source"] = text
        return host

    def _clear_source(self) -> None:
        if self.uuid is not None:
            self.editor.clear_source(self.uuid)

    # ---------------------------------------------------------------- editing

    def _relabel(self, label: str) -> None:
        if self.uuid is not None:
            self.editor.relabel(self.uuid, label)

    def _edited(self, name: str, kind: str | None, edit: QLineEdit) -> None:
        """Store a typed value; text that is not one (a count that is not a number) is refused
        visibly: the field is marked, says why, and nothing is stored."""
        text = edit.text()
        try:
            value = attribute_from_text(kind, text)
        except SchemaError as err:
            hint = self.tr(COUNT_HINT) if kind == "count" else ""
            edit.setStyleSheet(INVALID_STYLE)
            edit.setToolTip(self.tr("Not saved: {err}. {hint}").format(err=err, hint=hint).strip())
            self._error.setText(
                self.tr("{value0} not saved: {err}. {hint}")
                .format(value0=name.capitalize(), err=err, hint=hint)
                .strip()
            )
            return
        _mark_valid(edit)
        self._error.setText("")
        if kind == "count":
            edit.setText(format_count(value))  # as stored: ٣٠٠٠ and ثلاثة آلاف show 3000
        self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        ann = self.session.annotations.get(self.uuid) if self.uuid else None
        if ann is None:
            return
        attributes = dict(ann.attributes)
        if attributes.get(name) == value:
            return
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
        self.editor.set_attributes(ann.uuid, attributes)


def _shortened(text: str) -> str:
    """At most 300 characters of `text` for the editor's heading."""
    return text if len(text) <= 300 else text[:299] + "…"


def _mark_valid(edit: QLineEdit) -> None:
    """Clear what `_edited` marks on a refused value."""
    edit.setStyleSheet("")
    edit.setToolTip(str(edit.property("usual_tip") or ""))
