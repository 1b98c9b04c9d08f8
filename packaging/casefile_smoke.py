"""A frozen window's self-test: CASEFILE_SMOKE_TEST=1 casefile-gui CASE.

(Or `casefile demo` / `casefile gui CASE`, which reach the window through the
casefile-gui entry point.) Opens the case, waits for the window's first frame, prints one line
("casefile-smoke: shown at <epoch seconds>: <window title>") and quits, with
exit status 1 if a message box came up instead (the case did not open);
CASEFILE_SMOKE_SCREENSHOT=FILE.png also saves that frame.
With CASEFILE_SMOKE_TEST=child it then reads a PDF in the import reader's
child process too: the spawn that only freeze_support() makes work in a frozen
app, run from the windowed program. CI (packaging/ci-check.sh) and
bench/bench_package.py use it; a frozen app cannot be handed a script to run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def install(mode: str) -> None:
    """Make the application ui.app.main will use, with the check queued on it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

    app = QApplication(sys.argv)  # ui.app.main takes the application that exists

    def check() -> None:
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        main = [w for w in windows if isinstance(w, QMainWindow)]
        dialogs = [w for w in windows if isinstance(w, QMessageBox)]
        frames = [window.grab() for window in main]  # the first frame, painted
        if frames and os.environ.get("CASEFILE_SMOKE_SCREENSHOT"):  # for a person to look at
            frames[0].save(os.environ["CASEFILE_SMOKE_SCREENSHOT"])
        title = main[0].windowTitle() if main else "(no main window)"
        print(f"casefile-smoke: shown at {time.time():.3f}: {title}", flush=True)
        failed = not main or bool(dialogs)
        for dialog in dialogs:
            print(f"casefile-smoke: message box: {dialog.text()}", flush=True)
        if getattr(sys, "frozen", False) and "_internal" in os.environ.get("LD_LIBRARY_PATH", ""):
            # packaging/rthook_environment.py: programs it starts must not get this.
            print("casefile-smoke: LD_LIBRARY_PATH still points into the bundle", flush=True)
            failed = True
        if mode == "child" and not failed:
            failed = not _read_in_child()
        app.exit(1 if failed else 0)

    # The timer fires on the event loop's first turn: after show() and open_case(),
    # or inside a message box's own loop if opening the case put one up.
    QTimer.singleShot(0, check)


def _read_in_child() -> bool:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    from casefile.ingest import kinds
    from casefile.ingest.worker import Reader

    with tempfile.TemporaryDirectory(prefix="casefile-smoke-") as tmp:
        path = Path(tmp, "smoke.pdf")
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        painter = QPainter(writer)
        painter.drawText(200, 400, "casefile smoke test page")
        painter.end()
        pages: list[str] = []
        with Reader(quiet_limit=60) as reader:
            reader.extract(kinds.PDF, path, lambda _n, text, *_: pages.append(text), ocr=False)
    ok = any("smoke test" in text for text in pages)
    print(f"casefile-smoke: read in a child process: {pages!r}", flush=True)
    return ok
