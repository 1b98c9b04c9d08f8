"""Work that waits on the case, run off the UI thread while the caller waits for it.

Opening a case on a server, or saving an edit, waits on a database: a server
slow or out of reach, another user's row lock, a case file's write lock. Run on
the UI thread, that wait froze the window. ``run_waiting`` runs the work on a
thread of its own and hands back its result (or raises what it raised) to a
caller that stays synchronous: an edit's next line still sees it saved. Most
such work is done in a few milliseconds, and then the caller simply had it; past
``QUIET_S`` the window's event loop turns while it waits (it paints, timers
run) and after ``SHOW_AFTER_MS`` a window-modal dialog says what is being
waited for, so that the user cannot start a second edit meanwhile; Cancel is
offered where giving up is safe (an open, not a save).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

# The UI thread may simply wait this long: under the 100 ms a user notices as a
# stall (issue 21), and most saves and a local server's open are done by then.
QUIET_S = 0.05
# The dialog appears only if the wait lasts longer than this: shown for a few
# milliseconds it would be noise.
SHOW_AFTER_MS = 300
_POLL_MS = 15


class _Waiting(QProgressDialog):
    """The dialog shown while waiting; without Cancel, Esc and the close button do
    nothing (the wait cannot be given up, and a hidden dialog would let a second
    edit start meanwhile)."""

    def __init__(self, text: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(text, "Cancel" if cancellable else None, 0, 0, parent)
        self.cancellable = cancellable

    def reject(self) -> None:
        if self.cancellable:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.cancellable or not self.isVisible():
            super().closeEvent(event)
        else:
            event.ignore()


class _Run:
    def __init__(self, work: Callable[[], Any], undo_late: Callable[[Any], None] | None) -> None:
        self._work, self._undo_late = work, undo_late
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self._lock = threading.Lock()
        self.done = threading.Event()

    def __call__(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, raised there
            self.error = exc
        else:
            with self._lock:
                if self.cancelled and self._undo_late is not None:
                    self._undo_late(result)  # nobody waits for it any more
                else:
                    self.result = result
        self.done.set()

    def cancel(self) -> Any:
        """Mark cancelled; a result that came just before is handed back to be undone."""
        with self._lock:
            self.cancelled = True
            late, self.result = self.result, None
        return late

    def outcome(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.result


def run_waiting(work: Callable[[], Any], waiting_for: str, *, parent: QWidget | None = None,
                cancel: Callable[[Any], None] | None = None,
                start: Callable[[Callable[[], None]], None] | None = None) -> Any:
    """``work()`` off the UI thread; its result, or what it raised, here.

    ``waiting_for``: the dialog's words ("Connecting to cases on db.firm.com…").
    ``cancel``: offers Cancel, and undoes a result that comes after it (closes a
    case opened late); None in the result when cancelled. ``start``: runs the
    callable given on the thread that must do the work (the edit queue's, so that
    a save keeps its order behind earlier ones); by default a thread of its own.
    """
    run = _Run(work, cancel)
    if start is None:
        threading.Thread(target=run, name="casefile-wait", daemon=True).start()
    else:
        start(run)
    if run.done.wait(QUIET_S):
        return run.outcome()
    dialog = _Waiting(waiting_for, cancel is not None, parent or QApplication.activeWindow())
    dialog.setWindowTitle("Casefile")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setValue(0)  # starts the minimum-duration clock
    loop = QEventLoop()
    poll = QTimer()
    # Esc and the Cancel button both end in wasCanceled().
    poll.timeout.connect(lambda: (run.done.is_set()
                                  or (cancel is not None and dialog.wasCanceled()))
                         and loop.quit())
    poll.start(_POLL_MS)
    loop.exec()
    poll.stop()
    cancelled = cancel is not None and dialog.wasCanceled() and not run.done.is_set()
    dialog.cancellable = True  # now it may close
    dialog.close()
    dialog.deleteLater()
    if cancelled:
        late = run.cancel()
        if late is not None:
            cancel(late)
        return None
    return run.outcome()
