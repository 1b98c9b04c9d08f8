"""Others' saves to a case on a server, shown in the window within a second.

A :class:`casefile.store.pg_notify.ChangeListener` runs on a Python thread of its
own; what it hears comes to the UI thread as the signals of :class:`RemoteChanges`.
:class:`Gathered` holds the tables named until the window is ready for them: a
short quiet pause (a burst of saves is one refresh; an import of 1,000 rows is one
notice already, and 1,000 saves one after another a refresh or two), never longer
than ``MOST_MS`` from the first, and never while the user is typing in a field
the refresh would show again (their typing would be lost): then after it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

QUIET_MS = 100  # a pause this long after the last notice: the burst is over
MOST_MS = 500  # the first notice waits no longer than this for a quiet pause
RETRY_MS = 250  # while the user types, look again this often
# A line edit's property: a refresh leaves its text alone (a list's filter box).
KEPT = "casefile_kept_on_refresh"


class RemoteChanges(QObject):
    """A listener for the case's changes, on its own thread, until :meth:`stop`."""

    changed = Signal(object)  # set[str]: the tables others changed
    status = Signal(str)  # a sentence for the status bar (lost touch, back)

    def __init__(self, case, parent: QObject | None = None) -> None:
        from casefile.store import pg_notify

        super().__init__(parent)
        self._own = pg_notify.OwnBackends(case.engine)
        self.listener = pg_notify.ChangeListener(
            pg_notify.connector(case.engine), own=self._own,
            on_changes=lambda tables: self._emit(self.changed, tables),
            on_status=lambda sentence: self._emit(self.status, sentence))
        # A daemon: a thread still waiting on an unreachable server does not hold
        # up the app's exit.
        self._thread = threading.Thread(target=self.listener.run, daemon=True,
                                        name="casefile-changes")

    def _emit(self, signal, value) -> None:
        # From the listener's thread: Qt queues it to the window's (UI) thread.
        if not self.listener.stopped:
            signal.emit(value)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.listener.stop()
        self._own.detach()
        # It notices within a quarter second; one still connecting is left to end alone.
        self._thread.join(0.5)


class Gathered(QObject):
    """Tables named by notices, handed to ``refresh(tables)`` once a burst is over
    and the user is not mid-edit in ``area``."""

    def __init__(self, area: QWidget, refresh: Callable[[set[str]], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._area = area
        self._refresh = refresh
        self._tables: set[str] = set()
        self._first: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)

    def add(self, tables: set[str]) -> None:
        now = time.monotonic()
        self._tables |= tables
        if self._first is None:
            self._first = now
        left_ms = MOST_MS - (now - self._first) * 1000
        self._timer.start(max(0, min(QUIET_MS, int(left_ms))))

    def clear(self) -> None:
        self._timer.stop()
        self._tables, self._first = set(), None

    @property
    def pending(self) -> set[str]:
        return set(self._tables)

    def _due(self) -> None:
        if mid_edit(self._area):
            self._timer.start(RETRY_MS)
            return
        tables = self._tables
        self.clear()
        if tables:
            self._refresh(tables)


def mid_edit(area: QWidget) -> bool:
    """Whether the user has typed, in ``area``, what a refresh would put back: a line
    they are in and changed, a date or number box they are in, or a larger text box
    with text not yet saved (it waits for Save, focused or not)."""
    focus = QApplication.focusWidget()
    if focus is not None and area.isAncestorOf(focus):
        if isinstance(focus, QLineEdit) and focus.isModified() and not focus.isReadOnly() \
                and not focus.property(KEPT):
            return True
        if isinstance(focus, QAbstractSpinBox) and not focus.isReadOnly():
            return True
    for box in (*area.findChildren(QPlainTextEdit), *area.findChildren(QTextEdit)):
        if not box.isReadOnly() and box.document().isModified():
            return True
    return False
