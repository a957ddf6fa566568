"""The interface's language: which one (setting, `--language`, the system's), its translator
(the compiled `annotator_<lang>.qm` shipped in annotator/resources/translations/), the layout
direction (right to left in Arabic) and the digits of numbers in the chrome.

The language is installed before the first window is built (`install`). The windows build
their texts once, so View > Language does not retranslate widgets live: it remembers the choice,
installs it and reopens the main window's project in a new window on the same document
(`MainWindow.reopen_in_language`; everything is saved at once, so nothing is lost).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    Qt,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from annotator.resources import resource
from annotator.rules import DONE, IN_PROGRESS, NEW

if TYPE_CHECKING:
    from collections.abc import Iterable

    from annotator.gui.settings import Settings

SYSTEM = "system"
ARABIC = "ar"
ENGLISH = "en"
LANGUAGES = (SYSTEM, ARABIC, ENGLISH)
TRANSLATED = (ARABIC,)  # the languages with a shipped translation (English is the source)


class _State:
    """The language in force, its digits and the installed translators (one per process)."""

    language = ENGLISH
    arabic_digits = False
    translators: list[QTranslator] = []


_state = _State()


def qm_file(language: str) -> Path:
    """The compiled translation of `language` (it may not exist)."""
    return resource("translations", f"annotator_{language}.qm")


def resolve(choice: str | None) -> str:
    """The language that `choice` (ar, en, system or None) means here: system takes the
    system locale's language if it is translated, else English."""
    if choice in (ARABIC, ENGLISH):
        return choice
    system = QLocale.system().name().split("_")[0]
    return system if system in TRANSLATED else ENGLISH


def install(app: QApplication, choice: str | None, *, arabic_digits: bool = False) -> str:
    """Load the translator of `choice` into `app`, set the layout direction (right to left in
    Arabic) and the digits of `number`; returns the language in force."""
    for previous in _state.translators:
        app.removeTranslator(previous)
    _state.translators = []
    language = resolve(choice)
    if language in TRANSLATED:
        ours = QTranslator(app)
        if ours.load(str(qm_file(language))):
            # Qt's own texts too (standard buttons, file dialogs), shipped with PySide6
            qt = QTranslator(app)
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            loaded = [ours, qt] if qt.load(f"qtbase_{language}", folder) else [ours]
            for translator in loaded:
                app.installTranslator(translator)
            _state.translators = loaded
        else:
            language = ENGLISH
    _state.language = language
    _state.arabic_digits = bool(arabic_digits) and language == ARABIC
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == ARABIC else Qt.LayoutDirection.LeftToRight
    )
    return language


def current() -> str:
    """The language in force (ar or en)."""
    return str(_state.language)


def arabic_digits() -> bool:
    """Whether the chrome shows numbers in Arabic-Indic digits (the setting, in Arabic)."""
    return bool(_state.arabic_digits)


def number(value: int | float, decimals: int | None = None) -> str:
    """`value` as the chrome shows it (counts, progress, the status bar): Arabic-Indic digits
    when the setting is on in Arabic, else Western digits; `decimals` fixes the decimals."""
    if _state.arabic_digits:
        locale = QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt)
    else:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    if decimals is not None:
        return locale.toString(float(value), "f", decimals)
    if isinstance(value, float) and not value.is_integer():
        return locale.toString(value, "g", 6)
    return locale.toString(int(value))


def joined(items: Iterable[str]) -> str:
    """`items` in one line, separated as the interface's language does («؛ » in Arabic)."""
    return QCoreApplication.translate("i18n", "; ", "between the items of a list").join(items)


def language_name(language: str) -> str:
    """How View > Language names `language` (each language in its own words)."""
    if language == ARABIC:
        return "العربية"
    if language == ENGLISH:
        return "English"
    return QCoreApplication.translate("i18n", "System")


def language_menu(parent: QWidget, settings: Settings) -> QMenu:
    """View > Language: System / العربية / English, and Arabic-Indic digits; the choice is
    remembered and applied at once: the main window `parent` reopens its project in the new
    language, on the same document (everything is saved, so nothing is lost; the undo history
    starts afresh). Elsewhere it takes effect at the next start (said in a message)."""
    menu = QMenu(QCoreApplication.translate("i18n", "&Language"), parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = settings.language
    for language in LANGUAGES:
        action = menu.addAction(language_name(language))
        action.setCheckable(True)
        action.setChecked(language == chosen)
        action.setData(language)
        group.addAction(action)
    menu.addSeparator()
    digits = menu.addAction(QCoreApplication.translate("i18n", "Arabic-Indic digits in Arabic"))
    digits.setCheckable(True)
    digits.setChecked(settings.arabic_digits)

    def choose(action: QAction) -> None:
        settings.language = str(action.data())
        _apply(parent, settings)

    def set_digits(on: bool) -> None:
        settings.arabic_digits = on
        _apply(parent, settings)

    group.triggered.connect(choose)
    digits.toggled.connect(set_digits)
    return menu


def _apply(parent: QWidget, settings: Settings) -> None:
    """Install the remembered language; reopen the main window `parent` in it (deferred: the
    menu that asked is the old window's)."""
    window = parent.window()
    reopen = getattr(window, "reopen_in_language", None)  # the main window's (no import:
    if reopen is None:  # main_window imports this module)
        _restart_notice(parent)
        return
    QTimer.singleShot(0, lambda: reopen(settings))


def _restart_notice(parent: QWidget) -> None:
    message = QCoreApplication.translate(
        "i18n", "The interface language changes when the app is started again."
    )
    window = parent.window()
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(message, 8000)


_STATUSES = (  # a document's status as the lists show it (rules.NEW, IN_PROGRESS, DONE)
    QT_TRANSLATE_NOOP("status", "new"),
    QT_TRANSLATE_NOOP("status", "in progress"),
    QT_TRANSLATE_NOOP("status", "done"),
)


STATUS_TITLES = {  # a document's status as a title: the header's badge, table headers
    NEW: QT_TRANSLATE_NOOP("status", "New"),
    IN_PROGRESS: QT_TRANSLATE_NOOP("status", "In progress"),
    DONE: QT_TRANSLATE_NOOP("status", "Done"),
}


def status_title(status: str) -> str:
    """A document status (rules.NEW, IN_PROGRESS, DONE) as a title, in the interface's
    language."""
    return QCoreApplication.translate("status", STATUS_TITLES[status])


def status_text(status: str) -> str:
    """A document status (rules.NEW, IN_PROGRESS, DONE) in the interface's language."""
    return QCoreApplication.translate("status", status)


FORMAT_DESCRIPTIONS = {  # formats.FORMATS' descriptions (tests check they match), translatable
    "jsonl": QT_TRANSLATE_NOOP(
        "formats", "native JSONL: one document per line with spans, relations, attributes"
    ),
    "conll": QT_TRANSLATE_NOOP(
        "formats",
        "CoNLL token-per-line, IOB2/IOB1/BIOES/BILOU, one tag column per nesting level",
    ),
    "doccano": QT_TRANSLATE_NOOP(
        "formats",
        'doccano JSONL: {"text", "label": [[start, end, label]]} or entities/relations',
    ),
    "spacy": QT_TRANSLATE_NOOP(
        "formats",
        'spaCy/Prodigy JSONL: {"text", "tokens", "spans": [{"start", "end", "label", '
        '"token_start", "token_end"}]}',
    ),
    "hf": QT_TRANSLATE_NOOP("formats", "Hugging Face token classification JSONL + labels.json"),
    "brat": QT_TRANSLATE_NOOP(
        "formats", "brat standoff: .txt + .ann per document, annotation.conf"
    ),
    "webanno": QT_TRANSLATE_NOOP(
        "formats",
        "WebAnno TSV 3.3 (INCEpTION): a .tsv per document with its tokens, spans with "
        "features, relations",
    ),
    "labelstudio": QT_TRANSLATE_NOOP(
        "formats",
        "Label Studio JSON: tasks with annotations[].result[] (Labels over Text, relations); "
        "JSON-MIN read too",
    ),
}


def format_description(name: str, description: str) -> str:
    """The description of format `name` (formats.FORMATS') in the interface's language."""
    if FORMAT_DESCRIPTIONS.get(name) != description:
        return description  # a format this table does not know yet: its English
    return QCoreApplication.translate("formats", description)
