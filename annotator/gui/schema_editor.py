"""Label schema editor: labels (name, colour, hotkey, description, attributes with their
descriptions), relation types and document attributes.

Every edit goes through the window's `Editor` (`change_schema`): a session call, one committed
transaction, pushed on the window's undo stack with the call that undoes it (Undo and Redo here,
Edit > Undo in the window), and announced with `schemaChanged()`. A refusal by the rules (an
AnnotatorError) is shown in a message box; a write the store refuses is reported by the editor
(the window shows it with `gui.write_dialogs`) and nothing is saved. The dialogs the editor
opens go through overridable methods (`ask_text`, `ask_colour`, `edit_relation`, `show_error`)
so tests and embedders can answer them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import NotFoundError, SchemaError
from annotator.gui.commands import Editor
from annotator.gui.find_bar import colour_icon
from annotator.gui.keys import WORKBENCH, shortcuts
from annotator.rules import ATTRIBUTE_TYPES, LabelDef, RelationType, attribute_definition

PALETTE = (
    "#2b7bba",
    "#e08a1e",
    "#c8313a",
    "#3a9a4a",
    "#8e5bb5",
    "#8c564b",
    "#d064a8",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
ANY_LABEL = "(any)"
NAME, TYPE, VALUES, DEFAULT, DESCRIPTION = range(5)


def normalize_hotkey(text: str | None) -> str | None:
    """One key, letters upper-cased (Qt shortcuts ignore case); empty means no hotkey.

    Raises SchemaError for anything but a single non-space character.
    """
    key = (text or "").strip()
    if not key:
        return None
    if len(key) != 1:
        raise SchemaError(
            QCoreApplication.translate(
                "schema_editor", "a hotkey is a single key, not {key!r}"
            ).format(key=key)
        )
    return key.upper()


def parse_attribute(
    name: str, kind: str, values: str, default: str, description: str = ""
) -> dict[str, Any]:
    """An attribute definition from the editor's text fields (`rules.attribute_definition`;
    a choice may have no values yet while it is being edited); SchemaError when inconsistent."""
    return attribute_definition(
        name, kind, values.split(","), default, description, require_values=False
    )


def format_default(definition: dict[str, Any]) -> str:
    value = definition.get("default")
    if value is None:
        return ""
    if isinstance(value, list):
        return "-".join(str(v) for v in value)
    return str(value)


class RelationTypeDialog(QDialog):
    """Name, head label, tail label and hotkey of a relation type (name fixed when editing)."""

    def __init__(
        self, labels: list[str], relation: RelationType | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Relation type"))
        self.name_edit = QLineEdit(self)
        self.head_combo = QComboBox(self)
        self.tail_combo = QComboBox(self)
        for combo in (self.head_combo, self.tail_combo):
            combo.addItem(self.tr(ANY_LABEL), None)
            for name in labels:
                combo.addItem(name, name)
        self.hotkey_edit = QLineEdit(self)
        self.hotkey_edit.setMaxLength(1)
        if relation is not None:
            self.name_edit.setText(relation.name)
            self.name_edit.setReadOnly(True)
            self.head_combo.setCurrentIndex(max(0, self.head_combo.findData(relation.head_label)))
            self.tail_combo.setCurrentIndex(max(0, self.tail_combo.findData(relation.tail_label)))
            self.hotkey_edit.setText(relation.hotkey or "")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Head label"), self.head_combo)
        form.addRow(self.tr("Tail label"), self.tail_combo)
        form.addRow(self.tr("Hotkey"), self.hotkey_edit)
        form.addRow(buttons)

    def relation(self) -> RelationType:
        return RelationType(
            self.name_edit.text().strip(),
            self.head_combo.currentData(),
            self.tail_combo.currentData(),
            self.hotkey_edit.text().strip() or None,
        )


class DocAttributeDialog(QDialog):
    """A document attribute's definition: name, type, choice values, default, description."""

    def __init__(self, definition: dict[str, Any] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document attribute"))
        self.name_edit = QLineEdit(self)
        self.type_combo = QComboBox(self)
        self.type_combo.addItems(ATTRIBUTE_TYPES)
        self.type_combo.setCurrentText("choice")
        self.values_edit = QLineEdit(self)
        self.values_edit.setPlaceholderText(self.tr("comma-separated, for a choice"))
        self.default_edit = QLineEdit(self)
        self.description_edit = QLineEdit(self)
        if definition is not None:
            self.name_edit.setText(definition["name"])
            self.name_edit.setReadOnly(True)
            self.type_combo.setCurrentText(definition.get("type", "text"))
            self.values_edit.setText(", ".join(definition.get("values", [])))
            self.default_edit.setText(format_default(definition))
            self.description_edit.setText(definition.get("description", ""))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Type"), self.type_combo)
        form.addRow(self.tr("Values"), self.values_edit)
        form.addRow(self.tr("Default"), self.default_edit)
        form.addRow(self.tr("Description"), self.description_edit)
        form.addRow(buttons)

    def definition(self) -> dict[str, Any]:
        """The definition as typed (`rules.attribute_definition`); SchemaError when refused."""
        return attribute_definition(
            self.name_edit.text(),
            self.type_combo.currentText(),
            self.values_edit.text().split(","),
            self.default_edit.text(),
            self.description_edit.text(),
        )


class SchemaEditorDialog(QDialog):
    """Edit the project's labels, their attribute definitions, the relation types and the
    document attributes (labels of a whole document, `annotator.gui.doc_labels_panel`)."""

    schemaChanged = Signal()

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        self.project = editor.session.project  # reads only; writes go through the editor
        self.setWindowTitle(self.tr("Label schema"))
        self._loading = False

        self.label_list = QListWidget(self)
        self.label_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_label_button = QPushButton(self.tr("Add…"), self)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.colour_button = QPushButton(self.tr("Colour…"), self)
        self.hotkey_button = QPushButton(self.tr("Hotkey…"), self)
        self.delete_label_button = QPushButton(self.tr("Delete"), self)
        self.describe_button = QPushButton(self.tr("Description…"), self)
        self.describe_button.setToolTip(
            self.tr("What the label means, shown in the palette's tooltip and the Guidelines")
        )

        self.attribute_table = QTableWidget(0, 5, self)
        self.attribute_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Type"),
                self.tr("Values (comma-separated)"),
                self.tr("Default"),
                self.tr("Description"),
            ]
        )
        self.attribute_table.horizontalHeader().setSectionResizeMode(
            VALUES, QHeaderView.ResizeMode.Stretch
        )
        self.attribute_table.verticalHeader().hide()
        self.add_attribute_button = QPushButton(self.tr("Add attribute…"), self)
        self.remove_attribute_button = QPushButton(self.tr("Remove attribute"), self)

        self.relation_list = QListWidget(self)
        self.add_relation_button = QPushButton(self.tr("Add…"), self)
        self.edit_relation_button = QPushButton(self.tr("Edit…"), self)
        self.delete_relation_button = QPushButton(self.tr("Delete"), self)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self.undo_button = close.addButton(self.tr("Undo"), QDialogButtonBox.ButtonRole.ActionRole)
        self.redo_button = close.addButton(self.tr("Redo"), QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        for keys, slot in (("undo", self.undo), ("redo", self.redo)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in shortcuts(WORKBENCH, keys)])
            action.triggered.connect(slot)
            self.addAction(action)
        stack = editor.stack
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())

        label_buttons = QVBoxLayout()
        for button in (
            self.add_label_button,
            self.rename_button,
            self.colour_button,
            self.hotkey_button,
            self.describe_button,
            self.delete_label_button,
        ):
            label_buttons.addWidget(button)
        label_buttons.addStretch(1)
        labels_row = QHBoxLayout()
        labels_row.addWidget(self.label_list, 1)
        labels_row.addLayout(label_buttons)
        labels_box = QGroupBox(self.tr("Labels"), self)
        labels_box.setLayout(labels_row)

        attribute_buttons = QHBoxLayout()
        attribute_buttons.addWidget(self.add_attribute_button)
        attribute_buttons.addWidget(self.remove_attribute_button)
        attribute_buttons.addStretch(1)
        attributes_layout = QVBoxLayout()
        attributes_layout.addWidget(self.attribute_table)
        attributes_layout.addLayout(attribute_buttons)
        self.attributes_box = QGroupBox(self.tr("Attributes of the selected label"), self)
        self.attributes_box.setLayout(attributes_layout)

        relation_buttons = QVBoxLayout()
        relation_buttons.addWidget(self.add_relation_button)
        relation_buttons.addWidget(self.edit_relation_button)
        relation_buttons.addWidget(self.delete_relation_button)
        relation_buttons.addStretch(1)
        relations_row = QHBoxLayout()
        relations_row.addWidget(self.relation_list, 1)
        relations_row.addLayout(relation_buttons)
        relations_box = QGroupBox(self.tr("Relation types"), self)
        relations_box.setLayout(relations_row)

        self.doc_attribute_list = QListWidget(self)
        self.add_doc_attribute_button = QPushButton(self.tr("Add…"), self)
        self.edit_doc_attribute_button = QPushButton(self.tr("Edit…"), self)
        self.delete_doc_attribute_button = QPushButton(self.tr("Delete"), self)
        doc_buttons = QVBoxLayout()
        for button in (
            self.add_doc_attribute_button,
            self.edit_doc_attribute_button,
            self.delete_doc_attribute_button,
        ):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        doc_row = QHBoxLayout()
        doc_row.addWidget(self.doc_attribute_list, 1)
        doc_row.addLayout(doc_buttons)
        doc_box = QGroupBox(self.tr("Document attributes (one value per document)"), self)
        doc_box.setLayout(doc_row)
        self.add_doc_attribute_button.clicked.connect(self.add_doc_attribute)
        self.edit_doc_attribute_button.clicked.connect(self.edit_doc_attribute)
        self.delete_doc_attribute_button.clicked.connect(self.delete_doc_attribute)
        self.doc_attribute_list.itemDoubleClicked.connect(lambda _i: self.edit_doc_attribute())

        layout = QVBoxLayout(self)
        layout.addWidget(labels_box)
        layout.addWidget(self.attributes_box)
        layout.addWidget(relations_box)
        layout.addWidget(doc_box)
        layout.addWidget(close)

        self.label_list.currentRowChanged.connect(self._label_selected)
        self.add_label_button.clicked.connect(self.add_label)
        self.rename_button.clicked.connect(self.rename_label)
        self.colour_button.clicked.connect(self.recolour_label)
        self.hotkey_button.clicked.connect(self.set_hotkey)
        self.describe_button.clicked.connect(self.describe_label)
        self.delete_label_button.clicked.connect(self.delete_label)
        self.add_attribute_button.clicked.connect(self.add_attribute)
        self.remove_attribute_button.clicked.connect(self.remove_attribute)
        self.attribute_table.itemChanged.connect(self._attribute_edited)
        self.add_relation_button.clicked.connect(self.add_relation_type)
        self.edit_relation_button.clicked.connect(self.edit_relation_type)
        self.delete_relation_button.clicked.connect(self.delete_relation_type)
        self.relation_list.itemDoubleClicked.connect(lambda _item: self.edit_relation_type())

        self.reload()
        if self.label_list.count():
            self.label_list.setCurrentRow(0)
        self.resize(640, 620)

    # ---------------------------------------------------------------- loading

    def reload(self, select: str | None = None, *, attributes: bool = True) -> None:
        """Refill the lists from the store, keeping (or moving to) the selected label.

        `attributes=False` leaves the attribute table as it is (it already shows the store's
        state and may be emitting the signal that led here).
        """
        current = select or self.selected_label_name()
        self.label_list.blockSignals(True)
        self.label_list.clear()
        for label in self.project.labels():
            hotkey = f"   [{label.hotkey}]" if label.hotkey else ""
            item = QListWidgetItem(colour_icon(label.colour, 14), f"{label.name}{hotkey}")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setToolTip(label.colour)
            self.label_list.addItem(item)
            if label.name == current:
                self.label_list.setCurrentItem(item)
        self.label_list.blockSignals(False)
        self.relation_list.clear()
        for relation in self.project.relation_types():
            head, tail = relation.head_label or ANY_LABEL, relation.tail_label or ANY_LABEL
            hotkey = f"   [{relation.hotkey}]" if relation.hotkey else ""
            item = QListWidgetItem(f"{relation.name}: {head} → {tail}{hotkey}")
            item.setData(Qt.ItemDataRole.UserRole, relation.name)
            self.relation_list.addItem(item)
        chosen = self.doc_attribute_list.currentItem()
        chosen_name = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        self.doc_attribute_list.clear()
        for definition in self.project.doc_attributes():
            values = definition.get("values")
            kind = " | ".join(values) if values else definition.get("type", "text")
            item = QListWidgetItem(f"{definition['name']}: {kind}")
            item.setData(Qt.ItemDataRole.UserRole, definition["name"])
            item.setToolTip(definition.get("description", ""))
            self.doc_attribute_list.addItem(item)
            if definition["name"] == chosen_name:
                self.doc_attribute_list.setCurrentItem(item)
        if attributes:
            self._label_selected()

    def selected_label_name(self) -> str | None:
        item = self.label_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def selected_label(self) -> LabelDef | None:
        """The selected label's definition (a copy: changing it changes nothing saved)."""
        name = self.selected_label_name()
        label = self.project.label(name) if name else None
        return copy.deepcopy(label)

    def select_label(self, name: str) -> None:
        for row in range(self.label_list.count()):
            if self.label_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.label_list.setCurrentRow(row)
                return
        raise NotFoundError(self.tr("no label named {name!r}").format(name=name))

    def selected_relation_name(self) -> str | None:
        item = self.relation_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _label_selected(self, _row: int = -1) -> None:
        label = self.selected_label()
        for button in (
            self.rename_button,
            self.colour_button,
            self.hotkey_button,
            self.describe_button,
            self.delete_label_button,
            self.add_attribute_button,
            self.remove_attribute_button,
        ):
            button.setEnabled(label is not None)
        self.attributes_box.setTitle(
            self.tr("Attributes of {label}").format(label=label.name)
            if label
            else self.tr("Attributes of the selected label")
        )
        self._fill_attributes(label.attributes if label else [])

    def _fill_attributes(self, attributes: list[dict[str, Any]]) -> None:
        self._loading = True
        table = self.attribute_table
        table.setRowCount(0)
        for row, definition in enumerate(attributes):
            table.insertRow(row)
            table.setItem(row, NAME, QTableWidgetItem(str(definition.get("name", ""))))
            type_combo = QComboBox(table)
            type_combo.addItems(ATTRIBUTE_TYPES)
            type_combo.setCurrentText(definition.get("type", "text"))
            type_combo.currentTextChanged.connect(lambda _text: self._attribute_edited())
            table.setCellWidget(row, TYPE, type_combo)
            table.setItem(row, VALUES, QTableWidgetItem(", ".join(definition.get("values", []))))
            table.setItem(row, DEFAULT, QTableWidgetItem(format_default(definition)))
            description = str(definition.get("description", ""))
            table.setItem(row, DESCRIPTION, QTableWidgetItem(description))
        self._loading = False

    # ---------------------------------------------------------------- applying

    def _apply(
        self,
        text: str,
        change: Callable[[], None],
        inverse: Callable[[], None] | None,
        *,
        select: str | None = None,
        attributes: bool = True,
    ) -> bool:
        """Make one schema change through the editor (saved at once, one undo step). When it
        is refused (by the rules: shown here; by the store: reported by the editor, nothing
        saved) show what the store holds."""
        if not self.editor.change_schema(text, change, inverse, refused=self.show_error):
            self.reload()
            return False
        self.reload(select, attributes=attributes)
        self.schemaChanged.emit()
        return True

    def _save_label(
        self, text: str, before: LabelDef, after: LabelDef, *, attributes: bool = True
    ) -> bool:
        """Replace a label's definition; undo puts `before` back."""
        session = self.session
        before, after = copy.deepcopy(before), copy.deepcopy(after)
        return self._apply(
            text,
            lambda: session.set_label(after),
            lambda: session.set_label(before),
            select=after.name,
            attributes=attributes,
        )

    def undo(self) -> None:
        """Undo the window's last step (a schema change made here, or the window's own)."""
        self.editor.undo()
        self.reload()
        self.schemaChanged.emit()

    def redo(self) -> None:
        self.editor.redo()
        self.reload()
        self.schemaChanged.emit()

    def _hotkey_clash(
        self, hotkey: str | None, *, label: str | None = None, relation: str | None = None
    ) -> str | None:
        """What already uses `hotkey` (another label or relation type), if anything."""
        if hotkey is None:
            return None
        for other in self.project.labels():
            if other.name != label and (other.hotkey or "").upper() == hotkey.upper():
                return self.tr("hotkey {hotkey!r} is already used by label {name}").format(
                    hotkey=hotkey, name=other.name
                )
        for other in self.project.relation_types():
            if other.name != relation and (other.hotkey or "").upper() == hotkey.upper():
                return self.tr("hotkey {hotkey!r} is already used by relation {name}").format(
                    hotkey=hotkey, name=other.name
                )
        return None

    # ---------------------------------------------------------------- labels

    def add_label(self) -> bool:
        name = self.ask_text(self.tr("Add label"), self.tr("Label name:"), "")
        if name is None:
            return False
        name = name.strip()
        if self.project.label(name) is not None:
            self.show_error(self.tr("a label named {name!r} exists already").format(name=name))
            return False
        used = {label.colour.lower() for label in self.project.labels()}
        colour = next((c for c in PALETTE if c not in used), PALETTE[len(used) % len(PALETTE)])
        session, label = self.session, LabelDef(name, colour)
        return self._apply(
            self.tr("Add label {name}").format(name=name),
            lambda: session.set_label(label),
            lambda: session.delete_label(name),
            select=name,
        )

    def rename_label(self) -> bool:
        label = self.selected_label()
        if label is None:
            return False
        new = self.ask_text(self.tr("Rename label"), self.tr("New name:"), label.name)
        if new is None or new.strip() == label.name:
            return False
        session, old, new = self.session, label.name, new.strip()
        return self._apply(
            self.tr("Rename label {old} to {new}").format(old=old, new=new),
            lambda: session.rename_label(old, new),
            lambda: session.rename_label(new, old),
            select=new,
        )

    def recolour_label(self) -> bool:
        label = self.selected_label()
        if label is None:
            return False
        colour = self.ask_colour(QColor(label.colour))
        if colour is None or not colour.isValid():
            return False
        before = copy.deepcopy(label)
        label.colour = colour.name()
        return self._save_label(self.tr("Colour of {name}").format(name=label.name), before, label)

    def set_hotkey(self) -> bool:
        label = self.selected_label()
        if label is None:
            return False
        text = self.ask_text(
            self.tr("Hotkey"),
            self.tr("Single key for {label} (empty for none):").format(label=label.name),
            label.hotkey or "",
        )
        if text is None:
            return False
        try:
            hotkey = normalize_hotkey(text)
        except SchemaError as err:
            self.show_error(str(err))
            return False
        clash = self._hotkey_clash(hotkey, label=label.name)
        if clash:
            self.show_error(clash)
            return False
        before = copy.deepcopy(label)
        label.hotkey = hotkey
        return self._save_label(self.tr("Hotkey of {name}").format(name=label.name), before, label)

    def describe_label(self) -> bool:
        """Description…: what the selected label means (one undo step)."""
        label = self.selected_label()
        if label is None:
            return False
        text = self.ask_multiline(
            self.tr("Description"),
            self.tr("What {label} means (shown in the palette and the Guidelines):").format(
                label=label.name
            ),
            label.description,
        )
        if text is None or text.strip() == label.description:
            return False
        before = copy.deepcopy(label)
        label.description = text.strip()
        return self._save_label(
            self.tr("Description of {name}").format(name=label.name), before, label
        )

    def delete_label(self) -> bool:
        label = self.selected_label()
        if label is None:
            return False
        session, name = self.session, label.name
        return self._apply(
            self.tr("Delete label {name}").format(name=name),
            lambda: session.delete_label(name),
            lambda: session.set_label(label, position=label.position),  # back in its place
        )

    # ---------------------------------------------------------------- attributes

    def add_attribute(self) -> bool:
        label = self.selected_label()
        if label is None:
            return False
        name = self.ask_text(
            self.tr("Add attribute"),
            self.tr("Attribute name for {label}:").format(label=label.name),
            "",
        )
        if name is None:
            return False
        try:
            definition = parse_attribute(name, "text", "", "")
        except SchemaError as err:
            self.show_error(str(err))
            return False
        if label.attribute(definition["name"]) is not None:
            self.show_error(
                self.tr("{name} already has an attribute {value1!r}").format(
                    name=label.name, value1=definition["name"]
                )
            )
            return False
        before = copy.deepcopy(label)
        label.attributes.append(definition)
        return self._save_label(
            self.tr("Add attribute {value0}").format(value0=definition["name"]), before, label
        )

    def remove_attribute(self) -> bool:
        label = self.selected_label()
        row = self.attribute_table.currentRow()
        if label is None or not 0 <= row < len(label.attributes):
            return False
        before = copy.deepcopy(label)
        removed = label.attributes.pop(row)
        return self._save_label(
            self.tr("Remove attribute {value0}").format(value0=removed.get("name")), before, label
        )

    def set_attribute(
        self,
        row: int,
        *,
        name: str | None = None,
        kind: str | None = None,
        values: str | None = None,
        default: str | None = None,
        description: str | None = None,
    ) -> bool:
        """Change cells of one attribute row and apply the table (used by tests and scripts)."""
        table = self.attribute_table
        self._loading = True
        if name is not None:
            table.item(row, NAME).setText(name)
        if kind is not None:
            table.cellWidget(row, TYPE).setCurrentText(kind)
        if values is not None:
            table.item(row, VALUES).setText(values)
        if default is not None:
            table.item(row, DEFAULT).setText(default)
        if description is not None:
            table.item(row, DESCRIPTION).setText(description)
        self._loading = False
        return self._commit_attributes(refill_later=False)

    def table_attributes(self) -> list[dict[str, Any]]:
        """The attribute definitions as the table shows them; SchemaError when inconsistent."""
        table = self.attribute_table
        definitions = [
            parse_attribute(
                table.item(row, NAME).text(),
                table.cellWidget(row, TYPE).currentText(),
                table.item(row, VALUES).text(),
                table.item(row, DEFAULT).text(),
                table.item(row, DESCRIPTION).text(),
            )
            for row in range(table.rowCount())
        ]
        names = [d["name"] for d in definitions]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate is not None:
            raise SchemaError(
                self.tr("attribute {duplicate!r} is defined twice").format(duplicate=duplicate)
            )
        return definitions

    def _attribute_edited(self, _item: QTableWidgetItem | None = None) -> None:
        if not self._loading:
            self._commit_attributes(refill_later=True)

    def _commit_attributes(self, *, refill_later: bool) -> bool:
        """Save the table's attribute definitions for the selected label.

        Called from the table's own signals, so an invalid table is reset to the store's state
        only after the signal returns (`refill_later`), never under the emitting cell.
        """
        label = self.selected_label()
        if label is None:
            return False
        try:
            attributes = self.table_attributes()
        except SchemaError as err:
            self.show_error(str(err))
            if refill_later:
                QTimer.singleShot(0, self._label_selected)
            else:
                self._label_selected()
            return False
        if attributes == label.attributes:
            return False
        before = copy.deepcopy(label)
        label.attributes = attributes
        return self._save_label(
            self.tr("Attributes of {name}").format(name=label.name), before, label, attributes=False
        )

    # ---------------------------------------------------------------- relation types

    def add_relation_type(self) -> bool:
        relation = self.edit_relation(None)
        if relation is None:
            return False
        if not relation.name:
            self.show_error(self.tr("a relation type needs a name"))
            return False
        if any(r.name == relation.name for r in self.project.relation_types()):
            self.show_error(
                self.tr("a relation type named {name!r} exists already").format(name=relation.name)
            )
            return False
        return self._save_relation(relation)

    def edit_relation_type(self) -> bool:
        name = self.selected_relation_name()
        current = next((r for r in self.project.relation_types() if r.name == name), None)
        if current is None:
            return False
        relation = self.edit_relation(current)
        if relation is None:
            return False
        relation.name = current.name
        return self._save_relation(relation)

    def delete_relation_type(self) -> bool:
        """Remove the selected relation type (refused while relations use it); undoable."""
        name = self.selected_relation_name()
        current = next((r for r in self.project.relation_types() if r.name == name), None)
        if current is None:
            return False
        session = self.session
        return self._apply(
            self.tr("Delete relation type {name}").format(name=current.name),
            lambda: session.delete_relation_type(current.name),
            lambda: session.set_relation_type(current),
        )

    def _save_relation(self, relation: RelationType) -> bool:
        known = {label.name for label in self.project.labels()}
        for end in (relation.head_label, relation.tail_label):
            if end is not None and end not in known:
                self.show_error(self.tr("unknown label {end!r}").format(end=end))
                return False
        try:
            relation.hotkey = normalize_hotkey(relation.hotkey)
        except SchemaError as err:
            self.show_error(str(err))
            return False
        clash = self._hotkey_clash(relation.hotkey, relation=relation.name)
        if clash:
            self.show_error(clash)
            return False
        session = self.session
        current = next((r for r in self.project.relation_types() if r.name == relation.name), None)
        if current is None:
            name = relation.name
            return self._apply(
                self.tr("Add relation type {name}").format(name=name),
                lambda: session.set_relation_type(relation),
                lambda: session.delete_relation_type(name),
            )
        return self._apply(
            self.tr("Relation type {name}").format(name=relation.name),
            lambda: session.set_relation_type(relation),
            lambda: session.set_relation_type(current),
        )

    # ---------------------------------------------------------------- document attributes

    def selected_doc_attribute(self) -> dict[str, Any] | None:
        item = self.doc_attribute_list.currentItem()
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return self.project.doc_attribute(name) if name else None

    def add_doc_attribute(self) -> bool:
        """Ask for a new document attribute and add it; undoable."""
        definition = self.ask_doc_attribute(None)
        if definition is None:
            return False
        name = definition["name"]
        if self.project.doc_attribute(name) is not None:
            self.show_error(
                self.tr("a document attribute named {name!r} exists already").format(name=name)
            )
            return False
        session = self.session
        return self._apply(
            self.tr("Add document attribute {name}").format(name=name),
            lambda: session.set_doc_attribute(definition),
            lambda: session.delete_doc_attribute(name),
        )

    def edit_doc_attribute(self) -> bool:
        """Change the selected document attribute (refused when values given would no
        longer fit); undoable."""
        current = self.selected_doc_attribute()
        if current is None:
            return False
        definition = self.ask_doc_attribute(current)
        if definition is None:
            return False
        definition["name"] = current["name"]
        session = self.session
        return self._apply(
            self.tr("Document attribute {value0}").format(value0=current["name"]),
            lambda: session.set_doc_attribute(definition),
            lambda: session.set_doc_attribute(current),
        )

    def delete_doc_attribute(self) -> bool:
        """Remove the selected document attribute (refused while documents have values of
        it); undoable, back in its place."""
        current = self.selected_doc_attribute()
        if current is None:
            return False
        name, session = current["name"], self.session
        position = self.project.doc_attribute_position(name)
        return self._apply(
            self.tr("Delete document attribute {name}").format(name=name),
            lambda: session.delete_doc_attribute(name),
            lambda: session.set_doc_attribute(current, position=position),
        )

    # ---------------------------------------------------------------- overridable dialogs

    def ask_doc_attribute(self, definition: dict[str, Any] | None) -> dict[str, Any] | None:
        """Ask for a document attribute (new when `definition` is None); None when cancelled
        or refused (said)."""
        dialog = DocAttributeDialog(definition, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                return dialog.definition()
            except SchemaError as err:
                self.show_error(str(err))
        return None

    def ask_text(self, title: str, prompt: str, initial: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt, QLineEdit.EchoMode.Normal, initial)
        return text if ok else None

    def ask_multiline(self, title: str, prompt: str, initial: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, title, prompt, initial)
        return text if ok else None

    def ask_colour(self, initial: QColor) -> QColor | None:
        colour = QColorDialog.getColor(initial, self, self.tr("Label colour"))
        return colour if colour.isValid() else None

    def edit_relation(self, relation: RelationType | None) -> RelationType | None:
        """Ask for a relation type (new when `relation` is None); None when cancelled."""
        dialog = RelationTypeDialog([label.name for label in self.project.labels()], relation, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.relation()

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Label schema"), message)
