"""Light and dark themes, and the colours a label is drawn with on either.

View > Theme: System (follows the desktop's colour scheme, `QStyleHints.colorScheme()`, and its
changes), Light or Dark; remembered in the settings (`Settings.theme`), `annotator gui --theme`
for one session. A theme is a QPalette on the application (Fusion style), so every widget
follows it; whether the palette is dark is read from it (`is_dark`), never remembered apart.

`label_colours` is the one place that turns a label's colour (#rrggbb, chosen for white paper)
into what is drawn on the current background: the bar, the translucent fill, the selection's
outline, the label's name written on the background and the small name tag (its fill and its
text). Text gets a WCAG contrast ratio of at least 4.5 against what it is written on, bars and
outlines at least 3 (WCAG's ratio for graphics). `tint` does the same for the pale backgrounds
of rows, cells and the review's lanes (kept on light pages, dark shades of their hue on dark ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

if TYPE_CHECKING:
    from annotator.gui.settings import Settings

TEXT_CONTRAST = 4.5  # WCAG AA, normal text
GRAPHICS_CONTRAST = 3.0  # WCAG AA, graphical objects
LIGHT_BACKGROUND = QColor("#ffffff")
DARK_BACKGROUND = QColor("#1e1f22")


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def theme_names() -> dict[Theme, str]:
    """The themes as View > Theme names them (translated)."""
    translate = QApplication.translate
    return {
        Theme.SYSTEM: translate("Theme", "System"),
        Theme.LIGHT: translate("Theme", "Light"),
        Theme.DARK: translate("Theme", "Dark"),
    }


# ---------------------------------------------------------------- contrast


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black .. 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 .. 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable(colour: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`colour`, mixed towards white on a dark background (black on a light one) just enough
    to reach `minimum` contrast against `background`; the hue is kept as far as it can be."""
    if contrast_ratio(colour, background) >= minimum:
        return QColor(colour)
    target = QColor("#ffffff") if relative_luminance(background) < 0.18 else QColor("#000000")
    for step in range(1, 21):
        mixed = _mix(colour, target, step / 20)
        if contrast_ratio(mixed, background) >= minimum:
            return mixed
    return target


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill` (at least 4.58 on any colour)."""
    white, black = QColor("#ffffff"), QColor("#000000")
    return white if contrast_ratio(white, fill) >= contrast_ratio(black, fill) else black


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


# ---------------------------------------------------------------- label colours


@dataclass(frozen=True)
class LabelColours:
    """What a label is drawn with on one background."""

    bar: QColor  # the bar under its spans (contrast >= 3 with the background)
    fill: QColor  # the translucent background of innermost spans (own work)
    outline: QColor  # the selected span's outline (contrast >= 3)
    text: QColor  # its name written on the background (contrast >= 4.5)
    tag: QColor  # the fill of its name tag at a span's start
    tag_text: QColor  # the name on the tag (contrast >= 4.5 with `tag`)


def label_colours(colour: str | QColor, background: QColor) -> LabelColours:
    """The colours of a label (`colour` as the schema gives it) on `background`."""
    base = QColor(colour)
    if not base.isValid():
        base = QColor("#888888")
    dark = relative_luminance(background) < 0.18
    bar = readable(base, background, GRAPHICS_CONTRAST)
    fill = QColor(bar)
    fill.setAlphaF(0.28)  # dark or light text stays readable over it (tested)
    outline = readable(base.lighter(150) if dark else base.darker(160), background, 3.0)
    tag = QColor(bar)
    return LabelColours(
        bar=bar,
        fill=fill,
        outline=outline,
        text=readable(base, background, TEXT_CONTRAST),
        tag=tag,
        tag_text=text_on(tag),
    )


def find_highlight(current: bool, background: QColor) -> QColor:
    """The translucent marker of a find hit (`current`: the one selected) on `background`:
    lighter on a dark background, so that the theme's light text stays readable on it."""
    colour = QColor("#ff9f1a" if current else "#ffd34d")
    colour.setAlphaF(0.55 if relative_luminance(background) >= 0.18 else 0.3)
    return colour


def tint(colour: str | QColor, background: QColor) -> QColor:
    """A pale colour chosen for white paper (a row's, a cell's or a lane's background) on
    `background`: itself on a light one; on a dark one a dark shade of its hue, a little lighter
    than `background` (paler tints lighter), so that `text_on` it reads (>= 4.5) either way."""
    base = QColor(colour)
    if relative_luminance(background) >= 0.18:
        return base
    hue = max(base.hslHueF(), 0.0)
    lightness = min(0.3, background.lightnessF() + 0.02 + 0.8 * (1 - base.lightnessF()))
    return QColor.fromHslF(hue, base.hslSaturationF() * 0.4, lightness)


def composite(colour: QColor, background: QColor) -> QColor:
    """`colour` (translucent) painted over an opaque `background`."""
    alpha = colour.alphaF()
    return _mix(background, QColor(colour.red(), colour.green(), colour.blue()), alpha)


def background_of(widget: QWidget | None = None) -> QColor:
    """The colour text is written on in `widget` (its palette's base), else the app's."""
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base)


def is_dark(widget: QWidget | None = None) -> bool:
    """Whether `widget` (else the application) is drawn on a dark background."""
    return relative_luminance(background_of(widget)) < 0.18


# ---------------------------------------------------------------- palettes


def dark_palette() -> QPalette:
    """The dark theme's palette (Fusion)."""
    roles = QPalette.ColorRole
    palette = QPalette()
    colours = {
        roles.Window: "#26282b",
        roles.WindowText: "#e6e6e6",
        roles.Base: DARK_BACKGROUND.name(),
        roles.AlternateBase: "#2a2c30",
        roles.ToolTipBase: "#2b2d31",
        roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8b8f97",
        roles.Text: "#e6e6e6",
        roles.Button: "#303237",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Light: "#45484f",
        roles.Midlight: "#3a3d43",
        roles.Mid: "#5a5e66",
        roles.Dark: "#17181a",
        roles.Shadow: "#000000",
        roles.Link: "#6cb6ff",
        roles.LinkVisited: "#b78cf2",
        roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7e85"))
    palette.setColor(disabled, roles.Highlight, QColor("#3a3d43"))
    return palette


def light_palette(app: QApplication) -> QPalette:
    """The light theme's palette: the style's own."""
    return app.style().standardPalette()


def resolved(theme: Theme | str, app: QGuiApplication | None = None) -> Theme:
    """LIGHT or DARK: `theme`, or for SYSTEM the desktop's colour scheme."""
    theme = Theme(theme) if theme in tuple(Theme) else Theme.SYSTEM
    if theme != Theme.SYSTEM:
        return theme
    if app is None:
        instance = QGuiApplication.instance()
        app = instance if isinstance(instance, QGuiApplication) else None
    scheme = app.styleHints().colorScheme() if app is not None else Qt.ColorScheme.Unknown
    return Theme.DARK if scheme == Qt.ColorScheme.Dark else Theme.LIGHT


class ThemeKeeper(QObject):
    """Applies the chosen theme to the application and, for System, follows the desktop."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.theme = Theme.SYSTEM
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    def apply(self, theme: Theme | str) -> Theme:
        """Use `theme`; returns the one drawn (LIGHT or DARK)."""
        self.theme = Theme(theme) if theme in tuple(Theme) else Theme.SYSTEM
        shown = resolved(self.theme, self.app)
        self.app.setPalette(dark_palette() if shown == Theme.DARK else light_palette(self.app))
        return shown

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.theme == Theme.SYSTEM:
            self.apply(Theme.SYSTEM)


def apply_theme(theme: Theme | str, app: QApplication | None = None) -> Theme:
    """Apply `theme` to the application (one keeper per application); returns the one drawn."""
    if app is None:
        instance = QApplication.instance()
        assert isinstance(instance, QApplication)
        app = instance
    keeper = app.findChild(ThemeKeeper)
    if keeper is None:
        keeper = ThemeKeeper(app)
    return keeper.apply(theme)


def theme_menu(parent: QWidget, settings: Settings) -> QMenu:
    """View > Theme: System / Light / Dark, applied at once and remembered."""
    menu = QMenu(QApplication.translate("Theme", "&Theme"), parent)
    menu.setObjectName("themeMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = settings.theme
    for theme, name in theme_names().items():
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(theme == chosen)
        action.setData(str(theme))
        group.addAction(action)

    def choose(action: QAction) -> None:
        settings.theme = str(action.data())
        apply_theme(settings.theme)

    group.triggered.connect(choose)
    return menu
