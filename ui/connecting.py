"""A case on a server opened off the UI thread, the window painting meanwhile.

Opening a case on a server waits on the network: a server out of reach holds the
connection attempt for libpq's timeout (``postgres.CONNECT_TIMEOUT_S``), and a
slow one for as long as it takes. Run on the UI thread, that was a frozen
window. Here the open runs on a thread of its own (``ui.off_thread``); after a
moment a small dialog says which server is being reached, with Cancel. A
cancelled open that succeeds later is closed again on its thread: nothing is
left holding the case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ui.off_thread import run_waiting


def open_off_the_ui_thread(parent: QWidget, opener: Callable[[], Any], server: str) -> Any:
    """``opener()`` (a CaseFile.open) off the UI thread; the case, or None when the
    user cancelled. What it raised is raised here, on the UI thread."""
    return run_waiting(opener, f"Connecting to {server}…", parent=parent,
                       cancel=lambda case: case.close())
