"""QApplication set-up: display check, application names, shipped fonts, style, icon."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from annotator.desktop import APP_ID, ICON_SIZES, icon_png
from annotator.gui.settings import APPLICATION, ORGANISATION
from annotator.resources import resource

ARABIC_FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
FALLBACK_ARABIC_FAMILY = "Noto Naskh Arabic"
_registered_family: str | None = None


def display_problem() -> str | None:
    """Why no window can be shown here, with what to do instead; None when one can."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display available (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  To render the window to an image:  QT_QPA_PLATFORM=offscreen annotator gui "
        "--screenshot out.png\n"
        "  (or just `annotator gui --screenshot out.png`, which renders offscreen by itself);\n"
        "  to use the app without a screen:   xvfb-run annotator gui\n"
        "  or work headless with the other commands: annotator --help"
    )


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), named, with the shipped Arabic font registered and
    the application icon (its desktop entry's name too, for Wayland)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName(APPLICATION)
        app.setApplicationDisplayName("Annotator")
        app.setStyle("Fusion")
    register_fonts()
    app.setWindowIcon(application_icon())
    app.setDesktopFileName(APP_ID)
    return app


def application_icon() -> QIcon:
    """The application icon, from its shipped PNG sizes (never rendered at run time)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)))
    return icon


def register_fonts() -> str:
    """Register the shipped Arabic font with Qt (once); returns its family name."""
    global _registered_family
    if _registered_family is None:
        family = ""
        for name in ARABIC_FONT_FILES:
            path = resource("fonts", name)
            if not path.exists():
                continue
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            family = family or (families[0] if families else "")
        _registered_family = family or FALLBACK_ARABIC_FAMILY
    return _registered_family
