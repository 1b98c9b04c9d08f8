"""Start the window: `casefile gui [CASE]`, `casefile-gui`, `python -m ui`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("Casefile")
    app.setOrganizationName("Casefile")
    app.setDesktopFileName("casefile")  # the .desktop file that carries its icon on Linux

    from ui import icons, theme
    from ui.main_window import MainWindow

    theme.apply(app)
    app.setWindowIcon(icons.app_icon())
    window = MainWindow()
    window.show()
    if args:
        window.open_case(Path(args[0]))
    return app.exec()
