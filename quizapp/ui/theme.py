"""Themes: the system look, or our light and dark palettes with the stylesheet from resources/."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from quizapp import paths

THEMES = ("system", "light", "dark")
STYLESHEET = "quizapp.qss"


@dataclass(frozen=True)
class Colors:
    window: str
    base: str
    alt_base: str
    text: str
    button: str
    border: str
    muted: str
    accent: str
    accent_soft: str
    on_accent: str
    good: str
    good_bg: str
    bad: str
    bad_bg: str
    warn_bg: str
    warn_border: str
    warn_text: str
    info_bg: str
    info_border: str
    link: str
    selection: str
    on_selection: str


LIGHT = Colors(window="#f4f5f7", base="#ffffff", alt_base="#f7f8fa", text="#1d232a", button="#ffffff",
               border="#cfd5dc", muted="#5b6570", accent="#2f66d0", accent_soft="#dde7fb", on_accent="#ffffff",
               good="#1b7a37", good_bg="#e5f4e9", bad="#b3261e", bad_bg="#fbe9e7", warn_bg="#fff5d9",
               warn_border="#d9a400", warn_text="#8a6100", info_bg="#e8f0fd", info_border="#9db8ec",
               link="#1f55bb", selection="#2f66d0", on_selection="#ffffff")
DARK = Colors(window="#1c1f24", base="#25292f", alt_base="#2b3037", text="#e4e8ed", button="#2d3239",
              border="#434a53", muted="#a0a9b4", accent="#6d9eff", accent_soft="#2c3d5e", on_accent="#0e1420",
              good="#62c884", good_bg="#1f3a2a", bad="#ff8075", bad_bg="#43221f", warn_bg="#3b3320",
              warn_border="#b88f1e", warn_text="#e6c15a", info_bg="#22304a", info_border="#3f5b8c",
              link="#8cb4ff", selection="#2f5cb0", on_selection="#ffffff")


@lru_cache(maxsize=1)
def _template() -> str:
    """The stylesheet with its @placeholders@; empty (Qt's own look, with our palette) if it cannot be read."""
    path = paths.resources_dir() / STYLESHEET
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # a damaged install still starts: colours without the styling
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"warning: cannot read the stylesheet {path}: {reason}; using the plain style", file=sys.stderr)
        return ""


def stylesheet(colors: Colors, point_size: float) -> str:
    """The stylesheet with this theme's colours and the font sizes derived from `point_size` filled in."""
    text = _template()
    sizes = {"title_pt": f"{point_size * 1.5:.1f}", "prompt_pt": f"{point_size * 1.2:.1f}",
             "big_pt": f"{point_size * 1.8:.1f}"}
    for name, value in {**vars(colors), **sizes}.items():
        text = text.replace(f"@{name}@", value)
    return text


def palette(colors: Colors) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: colors.window, QPalette.ColorRole.WindowText: colors.text,
        QPalette.ColorRole.Base: colors.base, QPalette.ColorRole.AlternateBase: colors.alt_base,
        QPalette.ColorRole.Text: colors.text, QPalette.ColorRole.Button: colors.button,
        QPalette.ColorRole.ButtonText: colors.text, QPalette.ColorRole.ToolTipBase: colors.base,
        QPalette.ColorRole.ToolTipText: colors.text, QPalette.ColorRole.PlaceholderText: colors.muted,
        QPalette.ColorRole.Highlight: colors.selection, QPalette.ColorRole.HighlightedText: colors.on_selection,
        QPalette.ColorRole.Link: colors.link, QPalette.ColorRole.LinkVisited: colors.link,
        QPalette.ColorRole.BrightText: colors.bad,
    }
    for role, value in roles.items():
        pal.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(colors.muted))
    return pal


def colors_for(theme: str) -> Colors:
    """The colour table of a theme; "system" follows the desktop's light or dark preference."""
    if theme == "dark":
        return DARK
    if theme == "light":
        return LIGHT
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


_system_palette: QPalette | None = None
_current: Colors = LIGHT
_applied: tuple[str, float] | None = None


def current() -> Colors:
    """The colour table in use (for the few colours set from code, such as list item text)."""
    return _current


def apply(app: QApplication, theme: str, font_size: float | None = None) -> Colors:
    """Switch the whole application to `theme` (and a base font size in points, if given)."""
    global _system_palette, _current, _applied
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    colors = colors_for(theme if theme in THEMES else "system")
    wanted = (theme, float(font_size or app.font().pointSizeF()))
    if wanted == _applied:
        return colors  # restyling every widget costs a visible moment; skip it when nothing changes
    _applied = wanted
    if app.style().name().casefold() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(_system_palette if theme == "system" and colors is LIGHT else palette(colors))
    if font_size:
        font = QFont(app.font())
        font.setPointSizeF(float(font_size))
        app.setFont(font)
    app.setStyleSheet(stylesheet(colors, app.font().pointSizeF()))
    _current = colors
    return colors
