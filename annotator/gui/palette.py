"""The label palette: one button per label (colour, name, hotkey) and the relation button."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from annotator.gui.session import Session
from annotator.rules import LabelDef


class LabelPalette(QWidget):
    """Clicking a label labels the selection (exactly when Alt is held) or relabels a span."""

    labelClicked = Signal(str, bool)  # label name, exact
    relationClicked = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        session.labelsChanged.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        while self._layout.count():
            child = self._layout.takeAt(0).widget()
            if child is not None:
                child.deleteLater()
        self.buttons = {}
        for label in self.session.labels.values():
            button = QPushButton(self)
            key = f"  [{label.hotkey}]" if label.hotkey else ""
            button.setText(f"{label.name}{key}")
            button.setToolTip(label_tooltip(label))
            button.setAccessibleName(label.name)
            button.setAccessibleDescription(
                self.tr("Label the selected text as {label} (key {key})").format(
                    label=label.name, key=label.hotkey or "—"
                )
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(30)
            button.setStyleSheet(_button_style(label.colour))
            button.clicked.connect(lambda _=False, name=label.name: self._clicked(name))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        relation = QPushButton(self.tr("Set source of claim  [R]"), self)
        relation.setToolTip(
            self.tr("With a CLAIM selected: then click the ACTOR who is its source")
        )
        relation.setAccessibleName(self.tr("Set source of claim"))
        relation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        relation.setMinimumHeight(28)
        relation.clicked.connect(self.relationClicked)
        self._layout.addWidget(relation)
        hint = QLabel(self.tr("Select text, then a label. Alt keeps exact characters."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid); font-size: 11px;")
        self._layout.addWidget(hint)
        self._layout.addStretch(1)

    def _clicked(self, name: str) -> None:
        exact = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier)
        self.labelClicked.emit(name, exact)


def label_tooltip(label: LabelDef) -> str:
    """A label button's tooltip: what it does, the label's description and its attributes'
    (rich text, so that it wraps)."""
    action = QCoreApplication.translate("palette", "Label the selected text as {name}").format(
        name=label.name
    ) + (
        QCoreApplication.translate(
            "palette", " (key {hotkey}; Alt+{hotkey} keeps the exact characters)"
        ).format(hotkey=label.hotkey)
        if label.hotkey
        else ""
    )
    parts = [f"<p>{html.escape(action)}</p>"]
    if label.description:
        parts.append(f"<p>{html.escape(label.description)}</p>")
    described = [a for a in label.attributes if a.get("description")]
    if described:
        items = "".join(
            f"<li><b>{html.escape(str(a.get('name', '')))}</b>: "
            f"{html.escape(str(a['description']))}</li>"
            for a in described
        )
        parts.append(f"<ul>{items}</ul>")
    return "<qt>" + "".join(parts) + "</qt>"


def _button_style(colour: str) -> str:
    base = QColor(colour)
    light = QColor(base)
    light.setAlphaF(0.18)
    rgba = f"rgba({light.red()}, {light.green()}, {light.blue()}, {light.alpha()})"
    return (
        "QPushButton {"
        f" text-align: left; padding: 4px 10px; border: 1px solid {base.darker(120).name()};"
        f" border-left: 8px solid {base.name()}; border-radius: 4px; background: {rgba};"
        " font-weight: 600; }"
        # translucent, so that the palette's text stays readable in light and dark themes
        f"QPushButton:hover {{ background: {_rgba(base, 0.32)}; }}"
        f"QPushButton:pressed {{ background: {_rgba(base, 0.46)}; }}"
    )


def _rgba(colour: QColor, alpha: float) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {round(alpha * 255)})"
