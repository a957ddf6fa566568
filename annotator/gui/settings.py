"""The app's remembered settings (QSettings), kept away from the user's real ones in tests.

Where they live: `ANNOTATOR_SETTINGS_DIR` if set, else `$ANNOTATOR_HOME/settings` if
`ANNOTATOR_HOME` is set (tests set it to a temporary directory), in both cases as an INI file;
otherwise the platform's native place for organisation "annotator", application "annotator".
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "annotator"
APPLICATION = "annotator"
MAX_RECENT = 10
DEFAULT_FONT_SIZE = 17
MIN_FONT_SIZE = 9
MAX_FONT_SIZE = 48
DEFAULT_SYNC_MINUTES = 5
DEFAULT_TRANSLITERATION = "bw"


def settings_file() -> Path | None:
    """The INI file used when an override is set, else None (native settings)."""
    explicit = os.environ.get("ANNOTATOR_SETTINGS_DIR")
    if explicit:
        return Path(explicit) / "annotator.ini"
    home = os.environ.get("ANNOTATOR_HOME")
    if home:
        return Path(home) / "settings" / "annotator.ini"
    return None


class Settings:
    """Typed access to the few values the app remembers."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            path = settings_file()
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                qsettings = QSettings(str(path), QSettings.Format.IniFormat)
            else:
                qsettings = QSettings(ORGANISATION, APPLICATION)
        self.qsettings = qsettings

    # ---------------------------------------------------------------- annotator

    @property
    def annotator(self) -> str | None:
        value = self.qsettings.value("annotator/name", "")
        return str(value).strip() or None

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.qsettings.setValue("annotator/name", name.strip())

    @property
    def blind(self) -> bool:
        return _as_bool(self.qsettings.value("annotator/blind", True))

    @blind.setter
    def blind(self, value: bool) -> None:
        self.qsettings.setValue("annotator/blind", bool(value))

    # ---------------------------------------------------------------- projects

    def recent_projects(self) -> list[str]:
        value = self.qsettings.value("projects/recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in value or []]

    def add_recent_project(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_projects() if p != path]
        self.qsettings.setValue("projects/recent", [path, *recent][:MAX_RECENT])

    def remove_recent_project(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        self.qsettings.setValue("projects/recent", [p for p in self.recent_projects() if p != path])

    def last_document(self, project: str | Path) -> int | None:
        value = self.qsettings.value(f"documents/{_key(project)}", None)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_document(self, project: str | Path, document_id: int) -> None:
        self.qsettings.setValue(f"documents/{_key(project)}", int(document_id))

    # ---------------------------------------------------------------- view

    @property
    def font_size(self) -> int:
        try:
            size = int(self.qsettings.value("view/font_size", DEFAULT_FONT_SIZE))
        except (TypeError, ValueError):
            size = DEFAULT_FONT_SIZE
        return max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))

    @font_size.setter
    def font_size(self, size: int) -> None:
        self.qsettings.setValue("view/font_size", int(size))

    @property
    def language(self) -> str:
        """The interface language chosen in View > Language: system, ar or en."""
        value = str(self.qsettings.value("view/language", "system"))
        return value if value in ("system", "ar", "en") else "system"

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("view/language", value)

    @property
    def arabic_digits(self) -> bool:
        """Numbers in the interface's chrome in Arabic-Indic digits (in Arabic only)."""
        return _as_bool(self.qsettings.value("view/arabic_digits", False))

    @arabic_digits.setter
    def arabic_digits(self, value: bool) -> None:
        self.qsettings.setValue("view/arabic_digits", bool(value))

    @property
    def theme(self) -> str:
        """View > Theme: system (follows the desktop), light or dark."""
        value = str(self.qsettings.value("view/theme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self.qsettings.setValue("view/theme", value)

    @property
    def label_names(self) -> bool:
        """View > Label names at spans: each span's label written at its start."""
        return _as_bool(self.qsettings.value("view/label_names", False))

    @label_names.setter
    def label_names(self, value: bool) -> None:
        self.qsettings.setValue("view/label_names", bool(value))

    def transliteration(self) -> str | None:
        """View > Transliteration: the scheme (a key of `annotator.camel.translit.SCHEMES`:
        bw, safebw or hsb) in which the selected span and the word under the mouse are also
        shown in Latin letters, or None when off. Buckwalter unless changed."""
        from annotator.camel.translit import SCHEMES

        value = str(self.qsettings.value("view/transliteration", DEFAULT_TRANSLITERATION))
        return value if value in SCHEMES else None

    def set_transliteration(self, scheme: str | None) -> None:
        """Remember `scheme` (a key of SCHEMES) or None for off."""
        self.qsettings.setValue("view/transliteration", scheme or "off")

    @property
    def snap_morphemes(self) -> bool:
        """View > Snap selections to morphemes: a labelled selection widens to whole clitics
        and stems of the morphology's tokenization instead of whole tokens (with a database)."""
        return _as_bool(self.qsettings.value("view/snap_morphemes", False))

    @snap_morphemes.setter
    def snap_morphemes(self, value: bool) -> None:
        self.qsettings.setValue("view/snap_morphemes", bool(value))

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
        )

    def set_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    # ---------------------------------------------------------------- team sync

    @property
    def sync_minutes(self) -> int:
        """Team > Automatic sync: a project joined to a team server syncs every this many
        minutes (and when a document is marked done); 0: only when asked."""
        try:
            minutes = int(self.qsettings.value("team/sync_minutes", DEFAULT_SYNC_MINUTES))
        except (TypeError, ValueError):
            minutes = DEFAULT_SYNC_MINUTES
        return max(0, min(24 * 60, minutes))

    @sync_minutes.setter
    def sync_minutes(self, minutes: int) -> None:
        self.qsettings.setValue("team/sync_minutes", int(minutes))

    # ---------------------------------------------------------------- recommenders

    def recommender_min_f1(self, project: str | Path) -> float:
        """The F1 below which the Recommenders dialog hides a recommender (0: none hidden)."""
        try:
            value = float(self.qsettings.value(f"recommenders/{_key(project)}/min_f1", 0.0))
        except (TypeError, ValueError):
            return 0.0
        return max(0.0, min(1.0, value))

    def set_recommender_min_f1(self, project: str | Path, value: float) -> None:
        self.qsettings.setValue(f"recommenders/{_key(project)}/min_f1", float(value))

    def hidden_recommenders(self, project: str | Path) -> frozenset[str]:
        """The recommenders whose suggestions the window does not show in `project`: those
        the Recommenders dialog's last evaluation scored below the chosen F1."""
        value = self.qsettings.value(f"recommenders/{_key(project)}/hidden", [])
        if isinstance(value, str):
            value = [value] if value else []
        return frozenset(str(name) for name in value or [])

    def set_hidden_recommenders(self, project: str | Path, names: Iterable[str]) -> None:
        self.qsettings.setValue(f"recommenders/{_key(project)}/hidden", sorted(set(names)))

    def sync(self) -> None:
        self.qsettings.sync()


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def _key(project: str | Path) -> str:
    import hashlib

    return hashlib.sha1(str(Path(project).resolve()).encode()).hexdigest()[:16]
