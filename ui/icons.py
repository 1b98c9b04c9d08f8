"""Casefile's icons: monochrome SVGs drawn in the palette's text colour, and the app icon.

The SVGs in resources/icons/ stroke with ``currentColor``; each paint substitutes the
colour the current palette gives the icon's mode, so one QIcon follows a switch between
light and dark without being rebuilt, and renders crisply at any size and pixel ratio.
"""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

_FOLDER = resources.files("casefile.resources") / "icons"
_APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def names() -> list[str]:
    """Every icon there is, for tests and pickers."""
    return sorted(f.name.removesuffix(".svg") for f in _FOLDER.iterdir()
                  if f.name.endswith(".svg"))


def icon(name: str) -> QIcon:
    """The icon called `name`; KeyError names a missing one (a programmer's slip)."""
    _svg(name)  # fail here, where the caller is, not at some later paint
    return QIcon(_PaletteSvgEngine(name))


def app_icon() -> QIcon:
    """The full-colour Casefile mark, as pixmaps a window manager can pick a size from."""
    renderer = _renderer("app", "")  # full colour: no currentColor to replace
    result = QIcon()
    for size in _APP_ICON_SIZES:
        result.addPixmap(_render(renderer, QSize(size, size), 1.0))
    return result


@functools.cache
def _svg(name: str) -> str:
    try:
        return (_FOLDER / f"{name}.svg").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(name) from None


@functools.cache
def _renderer(name: str, colour: str) -> QSvgRenderer:
    # One renderer per (icon, colour): a palette has few colours, so this stays small.
    renderer = QSvgRenderer(QByteArray(_svg(name).replace("currentColor", colour).encode()))
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    return renderer


def _colour(mode: QIcon.Mode) -> str:
    # The application palette, not a widget's: an engine is never told which widget asks.
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    if mode == QIcon.Mode.Selected:  # on a selected row, against the highlight
        return palette.color(QPalette.ColorRole.HighlightedText).name()
    return palette.color(QPalette.ColorRole.WindowText).name()


def _render(renderer: QSvgRenderer, size: QSize, scale: float) -> QPixmap:
    pixmap = QPixmap(size * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return pixmap


class _PaletteSvgEngine(QIconEngine):
    """Renders one SVG, in the palette's colour for the mode, at the exact size asked."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, _colour(mode)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        # Qt asks with the screen's pixel ratio; drawing at size × ratio keeps lines sharp.
        return _render(_renderer(self._name, _colour(mode)), size, scale)

    def clone(self) -> QIconEngine:
        return _PaletteSvgEngine(self._name)
