"""Casefile's look: Fusion with a sober light or dark palette that follows the system.

Neutral greys and one navy accent. Every text colour here keeps WCAG's 4.5:1 against
the backgrounds it is drawn on (tests/ui/test_look.py checks), except disabled text,
which is meant to recede.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_Role = QPalette.ColorRole

# Colours come in (light, dark) pairs, picked by indexing with the bool is_dark().

# role, light, dark
_COLOURS = (
    (_Role.Window, "#f3f4f6", "#1f2227"),
    (_Role.WindowText, "#1d2127", "#e3e6ea"),
    (_Role.Base, "#ffffff", "#17191d"),
    (_Role.AlternateBase, "#f5f6f8", "#1d2025"),
    (_Role.Text, "#1d2127", "#e3e6ea"),
    (_Role.PlaceholderText, "#6b7280", "#8b929c"),
    (_Role.Button, "#e9ebef", "#2b2f36"),
    (_Role.ButtonText, "#1d2127", "#e3e6ea"),
    (_Role.BrightText, "#ffffff", "#ffffff"),
    (_Role.ToolTipBase, "#ffffff", "#2b2f36"),
    (_Role.ToolTipText, "#1d2127", "#e3e6ea"),
    (_Role.Highlight, "#24497a", "#2f5c92"),
    (_Role.HighlightedText, "#ffffff", "#ffffff"),
    (_Role.Accent, "#24497a", "#2f5c92"),
    (_Role.Link, "#1f57a3", "#8db8f2"),
    (_Role.LinkVisited, "#5b3f99", "#bba4e8"),
    # Fusion shades bevels and frames with these.
    (_Role.Light, "#ffffff", "#3a3f47"),
    (_Role.Midlight, "#e3e6ea", "#30343b"),
    (_Role.Mid, "#c3c8cf", "#24272d"),
    (_Role.Dark, "#9aa1ab", "#121417"),
    (_Role.Shadow, "#5f6670", "#000000"),
)

_DISABLED = (
    (_Role.WindowText, "#8b929c", "#6b727c"),
    (_Role.Text, "#8b929c", "#6b727c"),
    (_Role.ButtonText, "#8b929c", "#6b727c"),
    (_Role.Highlight, "#c3c8cf", "#3a3f47"),
    (_Role.HighlightedText, "#5f6670", "#a0a6af"),
)

OVERDUE = "overdue"
DUE_SOON = "due_soon"
OK = "ok"
FLAG = "flag"

# name: (on light, on dark); each keeps 4.5:1 on its palette's window and base colours
_STATUS = {
    OVERDUE: ("#b42318", "#ff8a80"),
    DUE_SOON: ("#8f5400", "#e8b54a"),
    OK: ("#146b45", "#5fd38d"),
    FLAG: ("#6b3fc4", "#c0a2ff"),
}

# (background, text) of an exemption chip
_CHIP = (("#e3eaf3", "#1f3a5f"), ("#26354a", "#d3e0f2"))

_following = False


def apply(app: QApplication) -> None:
    """Use Fusion and the palette for the system's scheme, now and whenever it changes."""
    global _following
    app.setStyle("Fusion")
    hints = app.styleHints()
    _use(hints.colorScheme())
    if not _following:  # a second call must not connect a second time
        hints.colorSchemeChanged.connect(_use)
        _following = True


def is_dark() -> bool:
    """Whether the palette in use is a dark one (whoever set it)."""
    return QGuiApplication.palette().color(_Role.Window).lightness() < 128


def status_color(name: str) -> QColor:
    """OVERDUE, DUE_SOON, OK or FLAG, in the shade readable on the current palette."""
    return QColor(_STATUS[name][is_dark()])


def chip_colors() -> tuple[QColor, QColor]:
    """(background, text) for an exemption chip: a quiet navy tint."""
    background, text = _CHIP[is_dark()]
    return QColor(background), QColor(text)


def _use(scheme: Qt.ColorScheme) -> None:
    # Unknown (no preference, or a platform that cannot tell) gets the light palette.
    QApplication.setPalette(_palette(scheme == Qt.ColorScheme.Dark))


def _palette(dark: bool) -> QPalette:
    palette = QPalette()
    for role, *shades in _COLOURS:
        palette.setColor(role, QColor(shades[dark]))  # in every group
    for role, *shades in _DISABLED:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(shades[dark]))
    return palette
