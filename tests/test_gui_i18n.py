"""The Arabic interface: the translation is complete and current, the windows show no English
left (but data and an explicit allow-list), the layout mirrors, the chrome's digits follow the
setting, and View > Language / --language choose the language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)
from test_gui_support import make_window

from annotator.camel.config import MORPHOLOGY_PACKAGE, NER_PACKAGE
from annotator.camel.inventory import DISAMBIG_PACKAGE
from annotator.formats import FORMATS
from annotator.gui import i18n
from annotator.suggestions import RECOMMENDERS

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "annotator" / "resources" / "translations"
TS = TRANSLATIONS / "annotator_ar.ts"
BIN = Path(sys.executable).parent

# Latin words the Arabic interface keeps: names of formats, standards, keys and measures, the
# product's name, and command lines; data (documents, annotators, labels, attributes, paths)
# is allowed separately, from the project shown.
ALLOWED = {
    "Annotator",  # the product's name
    "JSONL", "CoNLL", "IOB2", "BIO", "BIOES", "IOB", "CSV", "TSV", "JSON", "Markdown", "SQLite",
    "Hugging", "Face", "Label", "Studio", "brat", "doccano", "INCEpTION", "WebAnno",
    "F1", "Cohen", "Fleiss", "Krippendorff", "alpha_U",
    "Ctrl", "Alt", "Shift", "Enter", "Esc", "Tab", "Del", "Backspace", "F2", "F3", "Up", "Down",
    "Left", "Right", "PgUp", "PgDown", "Home", "End",
    "LRM", "RLM", "ALM", "BOM", "MB", "utf", "Noto", "Naskh", "Arabic", "SIL", "Open", "Font",
    "License", "English", "DOCSTART", "doc_id", "IOB1", "BILOU", "spaCy", "Prodigy",
    "MIN", "bratiaa",
    # Arabic NLP: transliteration schemes, tokenization schemes, camel-tools and its parts
    "Buckwalter", "Habash", "Soudi", "HSB", "ATB", "POS", "ASCII", "HF", "tokens_translit",
    "camel_data", "CAMELTOOLS_DATA", "arclean", "CAMeL", "NER", "PERS", "ORG", "LOC", "MISC",
    "Python", "torch", "transformers",
    "choice", "integer", "text",  # the attribute types, keywords of the schema (labels.json)
}  # fmt: skip
FILE_NAME = re.compile(r"[\w-]*\.(?:json|jsonl|conf|txt|ann|tsv|sqlite|md|png)\b")  # data
PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.~-]+)+")  # a file or folder: data
RECORD = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")  # a record's layout, as in the file
COMMAND = re.compile(r"\bannotator(?: --?[\w-]+| [a-z][\w.-]*)+")  # a command line, as typed
VERSION = re.compile(r"\b\d+(?:\.\d+)+[\w.+-]*")  # a package's version, as it says it: data
# camel-tools and the names of its data packages, as camel_data spells them
CAMEL_NAME = re.compile(
    "|".join(
        rf"\b{re.escape(name)}\b"
        for name in ("camel-tools", MORPHOLOGY_PACKAGE, DISAMBIG_PACKAGE, NER_PACKAGE)
    )
)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def _messages() -> list[ET.Element]:
    return list(ET.parse(TS).getroot().iter("message"))


def _placeholders(text: str) -> tuple[list[str], list[str], int]:
    return (
        sorted(re.findall(r"\{[^{}]*\}", text)),
        sorted(re.findall(r"%\d", text)),
        text.count("\t"),
    )


def test_every_message_is_translated_and_keeps_its_placeholders():
    contexts = [c.findtext("name") for c in ET.parse(TS).getroot().iter("context")]
    assert "" not in contexts and None not in contexts  # tr = self.tr; tr("…"): never found
    messages = _messages()
    assert len(messages) > 500
    problems = []
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = translation.text or ""
        if translation.get("type") in ("unfinished", "obsolete", "vanished") or not text.strip():
            problems.append(f"not translated: {source!r}")
        elif _placeholders(source) != _placeholders(text):
            problems.append(f"placeholders differ: {source!r} -> {text!r}")
    assert problems == []


@pytest.mark.skipif(not (BIN / "pyside6-lupdate").exists(), reason="pyside6-lupdate not installed")
def test_the_ts_holds_every_string_of_the_gui_and_the_qm_is_compiled_from_it(tmp_path):
    """A string wrapped for translation but missing from the committed .ts (`make translations`
    not run) fails here, and so does a .qm older than its .ts."""
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "annotator" / "gui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )

    def keyed(path: Path) -> set[tuple[str, str]]:
        return {
            (context.findtext("name") or "", message.findtext("source") or "")
            for context in ET.parse(path).getroot().iter("context")
            for message in context.iter("message")
        }

    assert keyed(fresh) - keyed(TS) == set(), "run `make translations` and translate"
    assert keyed(TS) - keyed(fresh) == set(), "obsolete messages: run `make translations`"
    qm = tmp_path / "annotator_ar.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    assert qm.read_bytes() == (TRANSLATIONS / "annotator_ar.qm").read_bytes()


@pytest.fixture
def arabic(qapp):
    """The Arabic interface for one test (English again afterwards)."""
    assert i18n.install(qapp, "ar") == "ar"
    yield qapp
    i18n.install(qapp, "en")


@pytest.fixture
def demo_window(qtbot, arabic):
    from annotator.demo import ensure_demo_project
    from annotator.store import Project

    project = Project.open(ensure_demo_project())
    window = make_window(qtbot, project, "demo")
    yield window
    window.close()
    project.close()


def _data_words(project) -> set[str]:
    """Words that are the project's data: labels (and their descriptions), attributes and
    their values, relations, annotators, documents' names and titles."""
    words: set[str] = set()
    definitions: list[dict] = list(project.doc_attributes())
    for label in project.labels():
        words.add(label.name)
        words.update(LATIN_WORD.findall(label.description or ""))  # the project's own words
        definitions.extend(label.attributes)
    for definition in definitions:
        words.add(str(definition.get("name", "")))
        words.update(LATIN_WORD.findall(str(definition.get("description", ""))))
        words.update(str(v) for v in definition.get("values", []) or [])
    words.update(relation.name for relation in project.relation_types())
    words.update(project.annotators(role=None))
    for doc_id in project.document_ids():
        document = project.document(doc_id)
        words.update(LATIN_WORD.findall(f"{document.name} {document.title or ''}"))
    words.update(LATIN_WORD.findall(str(project.path)))
    return {w for word in words for w in LATIN_WORD.findall(word)}


def _menu_texts(menu: QMenu, into: list[str]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        into.append(action.text())
        if action.menu() is not None:
            _menu_texts(action.menu(), into)


def visible_texts(window: QWidget) -> list[str]:
    """What a user reads in `window`: titles, labels, buttons, placeholders, tabs, headers,
    tooltips, menus and their actions."""
    texts = [window.windowTitle()]
    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        for action in menu_bar().actions():
            texts.append(action.text())
            if action.menu() is not None:
                _menu_texts(action.menu(), texts)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts.append(re.sub(r"<[^>]*>", " ", widget.toolTip()))
        if isinstance(widget, QLabel):
            texts.append(re.sub(r"<[^>]*>", " ", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QDockWidget):
            texts.append(widget.windowTitle())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QComboBox) and widget.isEditable() is False:
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        header = (
            widget.horizontalHeader()
            if isinstance(widget, QTableView)
            else widget.header()
            if isinstance(widget, QTreeView)
            else None
        )
        if header is not None and not header.isHidden() and header.model() is not None:
            texts.extend(
                str(header.model().headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(header.count())
                if not header.isSectionHidden(c)
            )
    return [t for t in texts if t]


def english_left(texts: list[str], data: set[str]) -> list[str]:
    """The texts holding a Latin word that is neither data nor allowed."""
    allowed = ALLOWED | data | set(FORMATS) | set(RECOMMENDERS)

    def words(text: str) -> list[str]:
        text = re.sub(r"&\w+;", " ", text).replace("&", "")  # entities, mnemonics
        for data_pattern in (COMMAND, PATH, FILE_NAME, RECORD, CAMEL_NAME, VERSION):
            text = data_pattern.sub(" ", text)
        return LATIN_WORD.findall(text)

    return [text for text in texts if any(word not in allowed for word in words(text))]


def test_the_main_window_in_arabic_shows_no_english_and_mirrors(demo_window):
    window = demo_window
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.menuBar().layoutDirection() == Qt.LayoutDirection.RightToLeft
    for dock in window.docks.values():
        assert dock.layoutDirection() == Qt.LayoutDirection.RightToLeft
    texts = visible_texts(window)
    assert any("ملف" in t for t in texts)  # File
    left = english_left(texts, _data_words(window.project))
    assert left == [], "\n".join(left)


def test_the_start_page_in_arabic_shows_no_english(qtbot, arabic):
    from annotator.gui.settings import Settings
    from annotator.gui.start_page import StartWindow

    window = StartWindow(Settings(), lambda parent, path: None)
    qtbot.addWidget(window)
    window.show()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    left = english_left(visible_texts(window), set())
    assert left == [], "\n".join(left)


def test_english_is_back_after_arabic(qapp):
    i18n.install(qapp, "ar")
    assert QCoreApplication.translate("status", "done") != "done"
    i18n.install(qapp, "en")
    assert QCoreApplication.translate("status", "done") == "done"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_lists_in_one_line_are_separated_as_the_language_does(qapp):
    # the Arabic semicolon between the items of a list (warnings, left-out documents, the
    # others' values of a document label), not the Latin one
    assert i18n.joined(["camel_ner", "model"]) == "camel_ner; model"
    try:
        i18n.install(qapp, "ar")
        assert i18n.joined(["camel_ner", "model"]) == "camel_ner؛ model"
    finally:
        i18n.install(qapp, "en")


def test_chrome_digits_follow_the_setting(qapp):
    try:
        i18n.install(qapp, "ar", arabic_digits=True)
        assert i18n.number(1234) == "١٬٢٣٤"
        assert i18n.number(0.5, 2) == "٠٫٥٠"
        i18n.install(qapp, "ar", arabic_digits=False)
        assert i18n.number(1234) == "1,234"
    finally:
        i18n.install(qapp, "en", arabic_digits=True)  # no Arabic digits outside Arabic
    assert i18n.number(1234) == "1,234"


def test_system_language_follows_the_locale(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", lambda: QLocale("ar_EG"))
    assert i18n.resolve("system") == "ar"
    assert i18n.resolve(None) == "ar"
    assert i18n.resolve("en") == "en"
    monkeypatch.setattr(QLocale, "system", lambda: QLocale("fr_FR"))
    assert i18n.resolve("system") == "en"


def _language_menu(window) -> QMenu:
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") in ("عرض", "View")
    )
    return next(
        a.menu()
        for a in view_menu.actions()
        if a.menu() is not None and a.menu().title().replace("&", "") in ("اللغة", "Language")
    )


def _new_main_window(qtbot, old):
    from annotator.gui.main_window import MainWindow

    found: list[MainWindow] = []

    def reopened() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w is not old and w.isVisible()
        ]
        return bool(found) and not old.isVisible()

    qtbot.waitUntil(reopened)
    qtbot.addWidget(found[0])
    return found[0]


def test_view_language_applies_at_once_and_is_remembered(qtbot, demo_window):
    from annotator.gui.settings import Settings

    old = demo_window
    document = old.session.document_id
    english = next(a for a in _language_menu(old).actions() if a.text() == "English")
    english.trigger()
    window = _new_main_window(qtbot, old)  # the project reopened in English
    assert Settings().language == "en"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert "&File" in [a.text() for a in window.menuBar().actions()]
    assert window.session.document_id == document
    assert window.session.annotator == old.session.annotator
    digits = next(
        a for a in _language_menu(window).actions() if a.isCheckable() and a.data() is None
    )
    digits.trigger()
    again = _new_main_window(qtbot, window)
    assert Settings().arabic_digits is True
    again.close()


def test_every_format_description_is_translatable():
    assert {name: info.description for name, info in FORMATS.items()} == i18n.FORMAT_DESCRIPTIONS


def test_gui_language_option():
    from annotator.cli import build_parser

    args = build_parser().parse_args(["gui", "--language", "ar"])
    assert args.language == "ar"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["gui", "--language", "fr"])


def _schema_editor(window):
    from annotator.gui.schema_editor import SchemaEditorDialog

    return SchemaEditorDialog(window.editor, window)


def _backups(window):
    from annotator.gui.backups_dialog import BackupsDialog

    return BackupsDialog(window.project, window)


def _import(window):
    from annotator.gui.import_dialog import ImportDialog

    return ImportDialog(window.project, window.session.annotator, parent=window)


def _export(window):
    from annotator.gui.export_dialog import ExportDialog

    return ExportDialog(window.project, parent=window)


def _assign(window):
    from annotator.gui.team_dialogs import AssignDialog

    return AssignDialog(window.project, parent=window)


def _merge(window):
    from annotator.gui.team_dialogs import MergeDialog

    return MergeDialog(window.project, parent=window)


def _review(window):
    from annotator.gui.review import open_review_window

    return open_review_window(window.project, window.session.document_id, window)


def _recommenders(window):
    from annotator.gui.recommenders_dialog import RecommendersDialog

    return RecommendersDialog(window.project, window.session.annotator, window, window.settings)


def _arabic_tools(window):
    from annotator.gui.arabic_tools_dialog import ArabicToolsDialog

    return ArabicToolsDialog([label.name for label in window.project.labels()], window)


def _dashboard(window):
    from annotator.gui.dashboard import AgreementDashboard

    return AgreementDashboard(window.project, window, standalone=True)


def _feedback(window):
    from annotator.gui.feedback import FeedbackWindow

    return FeedbackWindow(
        window.project, window.session.document_id, window.session.annotator, window
    )


@pytest.mark.parametrize(
    "open_dialog",
    [
        _schema_editor,
        _backups,
        _import,
        _export,
        _assign,
        _merge,
        _review,
        _recommenders,
        _arabic_tools,
        _dashboard,
        _feedback,
    ],
    ids=[
        "schema",
        "backups",
        "import",
        "export",
        "assign",
        "merge",
        "review",
        "recommenders",
        "arabic_tools",
        "dashboard",
        "feedback",
    ],
)
def test_the_dialogs_in_arabic_show_no_english(qtbot, demo_window, open_dialog):
    dialog = open_dialog(demo_window)
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        texts = visible_texts(dialog)
        left = english_left(texts, _data_words(demo_window.project))
        assert left == [], "\n".join(left)
    finally:
        dialog.close()


def test_the_document_list_counts_in_arabic_indic_digits(qtbot, arabic):
    from annotator.demo import ensure_demo_project
    from annotator.store import Project

    i18n.install(arabic, "ar", arabic_digits=True)
    project = Project.open(ensure_demo_project())
    try:
        window = make_window(qtbot, project, "demo")
        progress = window.documents.progress_label.text()
        assert re.search("[٠-٩]", progress) and not re.search("[0-9]", progress), progress
        window.close()
    finally:
        project.close()


def test_the_keys_help_in_arabic_shows_no_english(arabic):
    from annotator.gui.keys import REVIEW, WORKBENCH, keys_html

    texts = [re.sub(r"<[^>]*>", "\n", keys_html(window)).strip() for window in (WORKBENCH, REVIEW)]
    assert "تحديد النص" in texts[0]  # Selecting text
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    left = english_left(lines, {"ACTOR", "CLAIM", "CASUALTY", "Page", "Delete"})
    assert left == [], "\n".join(left)
