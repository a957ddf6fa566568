"""View > Transliteration: the scheme in which the app also shows Arabic in Latin letters (the
selected span in the attribute editor, the word under the mouse), for team members who do not
read Arabic script; remembered (`Settings.transliteration`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from annotator.camel.translit import SCHEMES
from annotator.gui.settings import Settings

NAMES = {  # the schemes (`annotator.camel.translit.SCHEMES`) as users know them
    "bw": QT_TRANSLATE_NOOP("Transliteration", "Buckwalter"),
    "safebw": QT_TRANSLATE_NOOP("Transliteration", "Safe Buckwalter"),
    "hsb": QT_TRANSLATE_NOOP("Transliteration", "Habash-Soudi-Buckwalter"),
}


def scheme_name(scheme: str) -> str:
    """The translated name of the transliteration `scheme` (a key of SCHEMES)."""
    return QApplication.translate("Transliteration", NAMES[scheme])


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
        *((scheme, scheme_name(scheme)) for scheme in SCHEMES),
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
