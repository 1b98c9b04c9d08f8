"""Start the window: `casefile gui [CASE]`, `casefile-gui`, `python -m ui`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject


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
    if args:
        window.opening(Path(args[0]))  # its frame first; its sections after the paint
    window.show()
    if args:
        # The window paints first (the case's frame, at once); the case is read after
        # that paint: opening may upgrade or check it, and a window that appears a
        # second late looks like a launch that failed.
        window.after_first_paint(lambda: _open_after_paint(window, Path(args[0])))
    return app.exec()


def _open_after_paint(window, path: Path) -> None:
    if not window.open_case(path) and window.case is None:
        window.close_case()  # it said why; back from the case's frame to the welcome page


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
