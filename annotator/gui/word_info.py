"""What the article view knows about the word under the mouse: its transliteration and, with a
morphology database, its analyses (for the hover tooltip) and its clitic pieces (for the
morpheme snapping mode).

The database (`annotator.camel.morphology.load`: the one set in Settings > Arabic tools, else
the one ``camel_data`` installed) is opened off the GUI thread on first need, so a hover never
waits for it: until it is open the tooltip shows the transliteration alone, and a selection
snaps to whole words, not morphemes (the GUI thread never waits for the database). The choices are
read once and again only on `WordInfo.refresh` (Settings > Arabic tools saved them, the View
menu opens), never per hover. `Morphology` keeps the analyses and pieces per word.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Signal

if TYPE_CHECKING:
    from annotator.camel.config import ToolsConfig
    from annotator.camel.inventory import MorphologyChoice

__all__ = ["MorphologyState", "WordInfo", "analyses_html"]

MAX_ANALYSES = 6


class MorphologyState(NamedTuple):
    """Whether a morphology database can be used, and if not, why (for the user)."""

    available: bool
    reason: str = ""


class WordInfo(QObject):
    """The morphology database for one view, opened in the background, and per-word caches."""

    loaded = Signal()  # the database finished opening (or failed: see `state`)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._morphology: Any = None
        self._error = ""
        self._done = False
        self._path: Path | None = None  # the database opened (or being opened)
        # the Arabic tools choices and the database they lead to, as `refresh` last read them
        self._config: ToolsConfig | None = None
        self._choice: MorphologyChoice | None = None
        self._config_error = ""

    # ---------------------------------------------------------------- the database

    def refresh(self) -> None:
        """Read the Arabic tools choices again and look for their database (the choices were
        saved in Settings > Arabic tools, or ``camel_data`` may have installed one since):
        `state` answers from what was read here, without reading a file per hover. A database
        other than the open one is opened at the next need."""
        from annotator.camel.config import ToolsConfig, load_config
        from annotator.camel.inventory import morphology_choice
        from annotator.errors import AnnotatorError

        try:
            config, error = load_config(), ""
        except AnnotatorError as err:
            config, error = ToolsConfig(), str(err)
        self._config, self._config_error = config, error
        self._choice = morphology_choice(config)

    def state(self) -> MorphologyState:
        """Whether a database is configured or installed (`inventory.morphology_choice`, as
        last `refresh`ed: no file is read), or failed to open; the reason says how to get
        one."""
        from annotator.camel.inventory import MISSING_FILE

        if self._choice is None:
            self.refresh()
        assert self._choice is not None
        if self._config_error:
            return MorphologyState(False, self._config_error)
        path, problem = self._choice.path, self._choice.problem
        if path != self._path:
            self.reset(path)  # another database was chosen in Settings > Arabic tools
        with self._lock:
            if self._done and self._morphology is None:
                return MorphologyState(False, self._error or _no_database())
        if problem == MISSING_FILE:
            return MorphologyState(
                False,
                QCoreApplication.translate(
                    "WordInfo",
                    "The morphology database {path} is missing: set another in Settings > "
                    "Arabic tools.",
                ).format(path=path),
            )
        if problem is not None:
            return MorphologyState(False, _no_database())
        return MorphologyState(True)

    def reset(self, path: Path | None) -> None:
        """Forget the database (and so its caches): `path` is the one to use now."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return  # the load under way finishes; the next look starts afresh
            self._thread, self._morphology, self._error, self._done = None, None, "", False
            self._path = path

    def start(self) -> None:
        """Open the database in the background, once (nothing when none is available)."""
        with self._lock:
            if self._thread is not None or self._done:
                return
        if not self.state().available:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._load, args=(self._config,), name="morphology", daemon=True
                )
                self._thread.start()

    def _load(self, config: ToolsConfig | None) -> None:
        morphology, error = None, ""
        try:
            from annotator.camel.morphology import load

            morphology = load(config)
            if morphology is None:
                error = _no_database()
        except Exception as err:  # noqa: BLE001 (shown to the user, the app goes on)
            error = QCoreApplication.translate(
                "WordInfo", "The morphology database could not be opened: {error}"
            ).format(error=err)
        with self._lock:
            self._morphology, self._error, self._done = morphology, error, True
        self.loaded.emit()

    def ready(self) -> bool:
        """Whether the database is open (analyses and pieces can be asked for)."""
        with self._lock:
            return self._morphology is not None

    # ---------------------------------------------------------------- per word

    def analyses(self, word: str) -> list[Any] | None:
        """The analyses of `word` (disambiguated first), None while the database is not open
        (its opening is started). `Morphology` keeps them per word."""
        if not self.ready():
            self.start()
            return None
        return list(self._morphology.analyses(word))

    def pieces(self, word: str) -> list[Any]:
        """`word`'s D3 tokenization pieces (offsets in the word); [] while the database is not
        open (its opening is started; never waited for: the word stays whole) or without one.
        `Morphology` keeps them per word."""
        if not self.ready():
            self.start()
            return []
        return list(self._morphology.pieces(word, scheme="d3tok"))


def _no_database() -> str:
    return QCoreApplication.translate(
        "WordInfo",
        "No morphology database: install one with “camel_data -i morphology-db-msa-r13” or "
        "choose a file in Settings > Arabic tools.",
    )


def _clitics(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence):
        return " ".join(str(v) for v in value if v)
    return ""


def analyses_html(
    word: str,
    translit: str | None,
    analyses: list[Any] | None,
    scheme: str | None,
    *,
    loading: bool = False,
) -> str:
    """Rich text for the hover tooltip over `word`: the word and its transliteration, then a
    table of its analyses (the first, the disambiguated one, marked ★), one row each: the
    diacritized form, lemma, POS, gloss and clitics, Arabic with its transliteration in
    `scheme`. `analyses` None: no database (`loading`: it is being opened). Each cell has its
    own direction, so Arabic and Latin never mix in one line; the table runs in the
    interface's direction."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from annotator.camel.translit import transliterate

    rtl = QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    side = "rtl" if rtl else "ltr"

    def arabic(text: str) -> str:
        return f"<span dir='rtl' style='font-size:large'>{html.escape(text)}</span>" if text else ""

    def latin(text: str) -> str:
        return f"<span dir='ltr'><i>{html.escape(text)}</i></span>" if text else ""

    def spelled(text: str) -> str:
        """Arabic with its transliteration under it."""
        if not scheme or not text:
            return arabic(text)
        return arabic(text) + "<br>" + latin(transliterate(text, scheme))

    head = f"<b>{arabic(word)}</b>"
    if translit:
        head += f" &nbsp;{latin(translit)}"
    lines = [f"<p dir='{side}' style='white-space:pre'>{head}</p>"]
    if loading:
        opening = QCoreApplication.translate(
            "WordInfo", "Analyses: opening the morphology database…"
        )
        lines.append(f"<p dir='{side}'>{opening}</p>")
    elif analyses is not None and not analyses:
        none_found = QCoreApplication.translate("WordInfo", "No analysis found.")
        lines.append(f"<p dir='{side}'>{none_found}</p>")
    if analyses:
        cell = "<td style='padding:1px 6px; white-space:pre'>"
        titles = (
            "",
            QCoreApplication.translate("WordInfo", "form"),
            QCoreApplication.translate("WordInfo", "lemma"),
            QCoreApplication.translate("WordInfo", "POS"),
            QCoreApplication.translate("WordInfo", "gloss"),
            QCoreApplication.translate("WordInfo", "clitics"),
        )
        rows = ["<tr>" + "".join(f"{cell}<small>{html.escape(t)}</small></td>" for t in titles)]
        for index, analysis in enumerate(analyses[:MAX_ANALYSES]):
            clitics = " ".join(
                c for c in (_clitics(analysis.prefixes), _clitics(analysis.suffixes)) if c
            )
            values = (
                "★" if index == 0 else "",
                spelled(str(analysis.diac or "")),
                spelled(str(analysis.lemma or "")),
                latin(str(analysis.pos or "")),
                latin(str(analysis.gloss or "")),
                latin(clitics),
            )
            rows.append("<tr>" + "".join(f"{cell}{v}</td>" for v in values) + "</tr>")
        lines.append(f"<table dir='{side}' cellspacing='0'>{''.join(rows)}</table>")
        notes = [
            QCoreApplication.translate("WordInfo", "★ the most likely analysis (disambiguated)")
        ]
        if len(analyses) > MAX_ANALYSES:
            notes.append(
                QCoreApplication.translate("WordInfo", "… and {count} more analyses").format(
                    count=len(analyses) - MAX_ANALYSES
                )
            )
        lines += [f"<p dir='{side}'><small>{html.escape(n)}</small></p>" for n in notes]
    return "".join(lines)
