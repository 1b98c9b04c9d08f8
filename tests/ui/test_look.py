"""Icons draw at every size in the palette's colour, text stays readable, About tells all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import unavailable

try:
    import PySide6
    from PySide6.QtCore import QByteArray, QSize, Qt, qVersion
    from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QWidget

    from ui import about, icons, theme
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "bench" / "out" / "screens"

# The names the window's actions and sections ask for; a typo there is a KeyError here.
NAMES = (
    "app", "matter", "request", "correspondence", "document", "production", "vaughn",
    "exhibit", "declaration", "deadline", "search", "import", "export", "bundle", "draft",
    "undo", "redo", "add", "remove", "edit", "review", "challenge", "new-case", "open-case",
    "save-copy", "close", "about", "zoom-in", "zoom-out", "fit-width", "prev", "next", "cancel",
)

Role = QPalette.ColorRole


@pytest.fixture
def look(qapp):
    """Let a test switch style and palette; put the application's own back afterwards."""
    style, palette = qapp.style().name(), qapp.palette()
    qapp.setStyle("Fusion")
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _use_palette(dark: bool) -> QPalette:
    palette = theme._palette(dark)
    QApplication.setPalette(palette)
    return palette


def _alphas(pixmap) -> bytes:
    # ARGB32 is stored B, G, R, A on every platform Qt runs on (little-endian).
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return bytes(image.constBits())[3::4]


def _ink(pixmap) -> QColor:
    """The colour of the most opaque pixel: the stroke colour of a monochrome icon."""
    image = pixmap.toImage()
    alphas = _alphas(pixmap)
    i = alphas.index(max(alphas))
    return image.pixelColor(i % image.width(), i // image.width())


def _luminance(colour: QColor) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_icon_is_a_valid_24px_svg():
    assert set(NAMES) <= set(icons.names())
    for name in icons.names():
        svg = icons._svg(name)
        assert 'viewBox="0 0 24 24"' in svg, name
        assert QSvgRenderer(QByteArray(svg.encode())).isValid(), name


@pytest.mark.parametrize("name", NAMES)
def test_every_icon_draws_at_16_and_32_px_at_ratio_1_and_2(look, name):
    _use_palette(dark=False)
    icon = icons.app_icon() if name == "app" else icons.icon(name)
    for size in (16, 32):
        for ratio in (1.0, 2.0):
            pixmap = icon.pixmap(QSize(size, size), ratio)
            assert pixmap.size() == QSize(size, size) * ratio
            assert pixmap.devicePixelRatio() == ratio
            drawn = sum(a > 0 for a in _alphas(pixmap))
            assert drawn > len(_alphas(pixmap)) // 40, f"{name} is nearly blank at {size}@{ratio}x"


def test_an_unknown_icon_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="no-such-icon"):
        icons.icon("no-such-icon")


def test_icons_are_drawn_in_the_palettes_text_colours(look):
    icon = icons.icon("document")
    for dark in (False, True):
        palette = _use_palette(dark)
        assert _ink(icon.pixmap(32)) == palette.color(Role.WindowText)
        disabled = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Disabled)
        assert _ink(disabled) == palette.color(QPalette.ColorGroup.Disabled, Role.WindowText)
        selected = icon.pixmap(QSize(32, 32), 1.0, QIcon.Mode.Selected)
        assert _ink(selected) == palette.color(Role.HighlightedText)
    _use_palette(dark=False)
    assert _ink(icon.pixmap(32)) != theme._palette(True).color(Role.WindowText)


def test_the_app_icon_is_full_colour_from_16_to_512(look):
    app_icon = icons.app_icon()
    assert {16, 32, 256, 512} <= {s.width() for s in app_icon.availableSizes()}
    light = app_icon.pixmap(48).toImage()
    _use_palette(dark=True)
    assert app_icon.pixmap(48).toImage() == light  # the mark does not follow the palette


def test_apply_uses_fusion_and_follows_the_system_scheme(look):
    theme.apply(look)
    assert look.style().name().lower() == "fusion"
    assert theme.is_dark() == (look.styleHints().colorScheme() == Qt.ColorScheme.Dark)
    signal = look.styleHints().colorSchemeChanged
    signal.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark()
    assert QApplication.palette().color(Role.Base) == theme._palette(True).color(Role.Base)
    signal.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark()
    signal.emit(Qt.ColorScheme.Dark)
    signal.emit(Qt.ColorScheme.Unknown)  # no preference: light
    assert not theme.is_dark()


READABLE = [
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.WindowText, Role.Window),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
    (Role.Link, Role.Window),
]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_is_readable_and_disabled_text_recedes(dark):
    palette = theme._palette(dark)
    assert (palette.color(Role.Window).lightness() < 128) == dark
    for text, background in READABLE:
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, f"{text.name} on {background.name}: {ratio:.2f}"
    normal = contrast(palette.color(Role.Text), palette.color(Role.Base))
    disabled = contrast(palette.color(QPalette.ColorGroup.Disabled, Role.Text),
                        palette.color(Role.Base))
    assert 2.5 <= disabled <= normal / 2


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_status_colours_and_chips_are_readable_on_their_palette(look, dark):
    palette = _use_palette(dark)
    assert theme.is_dark() == dark
    for name in (theme.OVERDUE, theme.DUE_SOON, theme.OK, theme.FLAG):
        for background in (Role.Base, Role.AlternateBase, Role.Window):
            ratio = contrast(theme.status_color(name), palette.color(background))
            assert ratio >= 4.5, f"{name} on {background.name}: {ratio:.2f}"
    chip_background, chip_text = theme.chip_colors()
    assert contrast(chip_text, chip_background) >= 4.5
    assert contrast(chip_background, palette.color(Role.Base)) < 1.5  # subtle, not a button


def test_about_lists_the_versions_and_copy_puts_them_on_the_clipboard(qtbot, monkeypatch):
    import casefile
    from casefile.paths import user_data_dir

    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    shown = {label.text() for label in dialog.findChildren(QLabel)}
    for expected in (f"Casefile {casefile.__version__}", PySide6.__version__, qVersion(),
                     sqlite3.sqlite_version, str(user_data_dir()),
                     "Casefile makes no network connections."):
        assert expected in shown
    labels = [label for label, _ in dialog.rows]
    for library in ("Python", "SQLAlchemy", "SQLite", "pypdf", "pikepdf", "python-docx",
                    "docxtpl"):
        assert library in labels
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.text()
    assert copied.splitlines()[0] == f"Casefile {casefile.__version__}"
    assert f"Qt: {qVersion()}" in copied.splitlines()
    assert f"SQLite: {sqlite3.sqlite_version}" in copied.splitlines()


def test_a_missing_library_is_reported_not_raised(monkeypatch):
    def version(name):
        raise about.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(about.metadata, "version", version)
    assert ("pikepdf", "not installed") in about.versions()


def _icon_sheet() -> QWidget:
    sheet = QWidget()
    sheet.setAutoFillBackground(True)
    grid = QGridLayout(sheet)
    grid.setHorizontalSpacing(18)
    names = icons.names()
    per_column = (len(names) + 3) // 4
    for i, name in enumerate(names):
        row, column = i % per_column, 3 * (i // per_column)
        icon = icons.app_icon() if name == "app" else icons.icon(name)
        for offset, size in enumerate((24, 48)):
            image = QLabel()
            image.setPixmap(icon.pixmap(QSize(size, size), sheet.devicePixelRatioF()))
            grid.addWidget(image, row, column + offset, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(QLabel(name), row, column + 2)
    return sheet


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(qtbot, look, dark):
    """bench/out/screens/: the icon sheet and the About dialog, for a person to look at."""
    _use_palette(dark)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scheme = "dark" if dark else "light"
    sheet = _icon_sheet()
    qtbot.addWidget(sheet)
    sheet.show()
    assert sheet.grab().save(str(SCREENSHOTS / f"icons-{scheme}.png"))
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.grab().save(str(SCREENSHOTS / f"about-{scheme}.png"))
