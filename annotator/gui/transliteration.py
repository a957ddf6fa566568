"""View > Transliteration: the scheme in which the app also shows Arabic in Latin letters (the
selected span in the attribute editor, the word under the mouse), for team members who do not
read Arabic script; remembered (`Settings.transliteration`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from annotator.camel.translit import NAMES
from annotator.gui.settings import Settings


def transliteration_menu(
    parent: QWidget, settings: Settings, changed: Callable[[str | None], None]
) -> QMenu:
    """Off / Buckwalter / Safe Buckwalter / Habash-Soudi-Buckwalter, one checked; a choice is
    remembered and passed to `changed` (a scheme key, or None for off)."""
    menu = QMenu(QApplication.translate("Transliteration", "&Transliteration"), parent)
    menu.setObjectName("transliterationMenu")
    menu.setToolTipsVisible(True)
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = settings.transliteration()
    choices: list[tuple[str | None, str]] = [
        (None, QApplication.translate("Transliteration", "Off")),
        *NAMES.items(),
    ]
    for scheme, name in choices:
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(scheme == chosen)
        action.setData(scheme or "")
        action.setToolTip(
            QApplication.translate(
                "Transliteration",
                "The selected span and the word under the mouse also shown in Latin letters",
            )
        )
        group.addAction(action)

    def choose(action: QAction) -> None:
        scheme = str(action.data()) or None
        settings.set_transliteration(scheme)
        changed(scheme)

    group.triggered.connect(choose)
    return menu
