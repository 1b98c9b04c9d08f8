"""A case on a server opened off the UI thread, the window painting meanwhile.

Opening a case on a server waits on the network: a server out of reach holds the
connection attempt for libpq's timeout (``postgres.CONNECT_TIMEOUT_S``), and a
slow one for as long as it takes. Run on the UI thread, that was a frozen
window. Here the open runs on a thread of its own; after a moment a small
dialog says which server is being reached, with Cancel. A cancelled open that
succeeds later is closed again on its thread: nothing is left holding the case.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

# The dialog appears only if the server takes longer than this: a local socket answers
# in a few milliseconds, and a dialog flashed for those would be noise.
SHOW_AFTER_MS = 300
_POLL_MS = 15


class _Opening:
    def __init__(self, opener: Callable[[], Any]) -> None:
        self._opener = opener
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self.done = threading.Event()

    def run(self) -> None:
        try:
            result = self._opener()
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, raised there
            self.error = exc
        else:
            with self._lock:
                if self.cancelled:
                    result.close()  # nobody waits for it any more
                else:
                    self.result = result
        self.done.set()

    def cancel(self) -> Any:
        """Mark cancelled; a case opened just before is handed back to be closed."""
        with self._lock:
            self.cancelled = True
            late, self.result = self.result, None
        return late


def open_off_the_ui_thread(parent: QWidget, opener: Callable[[], Any], server: str) -> Any:
    """``opener()`` on a thread of its own; its result, or None when the user cancelled.
    What it raised is raised here, on the UI thread."""
    opening = _Opening(opener)
    threading.Thread(target=opening.run, name="casefile-connect", daemon=True).start()
    if opening.done.wait(0.05):  # a local server: no event loop, no dialog
        return _outcome(opening)
    dialog = QProgressDialog(f"Connecting to {server}…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Opening the case")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts the minimum-duration clock
    loop = QEventLoop()
    poll = QTimer()
    # Esc and the Cancel button both end in wasCanceled().
    poll.timeout.connect(lambda: (opening.done.is_set() or dialog.wasCanceled()) and loop.quit())
    poll.start(_POLL_MS)
    loop.exec()
    poll.stop()
    cancelled = dialog.wasCanceled() and not opening.done.is_set()
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        late = opening.cancel()
        if late is not None:
            late.close()
        return None
    return _outcome(opening)


def _outcome(opening: _Opening) -> Any:
    if opening.error is not None:
        raise opening.error
    return opening.result
