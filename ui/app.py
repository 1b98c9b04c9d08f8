"""Start the window: `casefile gui [CASE]`, `casefile-gui`, `python -m ui`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("Casefile")
    app.setOrganizationName("Casefile")
    app.setDesktopFileName("casefile")  # the .desktop file that carries its icon on Linux

    from ui import icons, none_guard, theme
    from ui.main_window import MainWindow

    none_guard.keep_none_alive()

    theme.apply(app)
    app.setWindowIcon(icons.app_icon())
    window = MainWindow()
    app.installEventFilter(OpenFromFinder(window, app))
    window.show()
    if args:
        # The window paints first (an empty frame, at once); the case is read on the
        # event loop's first turn: opening may upgrade or check it, and a window that
        # appears a second late looks like a launch that failed.
        QTimer.singleShot(0, window, lambda: _open_after_paint(window, Path(args[0])))
    return app.exec()


def _open_after_paint(window, path: Path) -> None:
    window.repaint()  # painted now, whatever order the platform's events come in
    window.open_case(path)



class OpenFromFinder(QObject):
    """macOS hands a case opened in the Finder while Casefile runs to the running app
    as an event, not as an argument."""

    def __init__(self, window, parent: QObject) -> None:
        super().__init__(parent)
        self.window = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.window.open_case(Path(event.file()))
            return True
        return False
