"""Edits applied off the UI thread, in the order made.

An import holds the case's write lock while it stores each file. An edit (or
an Undo) made meanwhile used to run on the UI thread and wait there for the
lock, up to SQLite's 5 s busy timeout, the window frozen. Now, while a job
holds the lock (or earlier edits still wait), an edit is queued here: applied on a
thread of its own, in the order made, as soon as the lock is free between two
files; the window shows it waiting beside the job, and the edit's result (or
its one sentence) comes back on the UI thread.

Every other edit is applied at once, but on the same thread too (``run``): the
UI thread waits for it (a save is a few milliseconds) without itself writing
the case, so a server's round trips or another user's row lock never stop the
window (only ``must_queue``'s probe reads on it, and only while a job runs);
past a moment its event loop turns and a "Saving…" dialog keeps a second edit
from starting meanwhile (``ui.off_thread``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from casefile.errors import CasefileError

# run() -> None on the edit thread, raising CasefileError when refused;
# then finish(error or None) on the UI thread.
Run = Callable[[], Any]
Finish = Callable[[CasefileError | None], None]

_TRIES = 12  # each waits SQLite's busy timeout (5 s): a minute for one file's store


class _Relay(QObject):
    finished = Signal(int, object)  # ticket, CasefileError or None


class _Apply(QRunnable):
    def __init__(self, ticket: int, run: Run, relay: _Relay) -> None:
        super().__init__()
        self.ticket, self.run_edit, self.relay = ticket, run, relay

    def run(self) -> None:
        error: CasefileError | None = None
        for attempt in range(_TRIES):
            try:
                self.run_edit()
                error = None
                break
            except CasefileError as exc:
                error = exc
                if not _is_busy(exc) or attempt == _TRIES - 1:
                    break
            except Exception as exc:  # noqa: BLE001 - a bug reaches the user as a sentence
                error = CasefileError(f"The change could not be saved ({type(exc).__name__}: "
                                      f"{exc}); the case is as it was.")
                break
        self.relay.finished.emit(self.ticket, error)


class _Call(QRunnable):
    def __init__(self, call: Callable[[], None]) -> None:
        super().__init__()
        self.call = call

    def run(self) -> None:
        self.call()


def _is_busy(exc: CasefileError) -> bool:
    # casefile.errors turns SQLITE_BUSY into "… is busy with other work …".
    return "busy" in exc.message


class EditQueue(QObject):
    """One thread, edits in the order made; ``pending`` counts those not yet applied."""

    pending = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._waiting: dict[int, Finish] = {}
        self._next = 0

    @property
    def count(self) -> int:
        return len(self._waiting)

    def submit(self, run: Run, finish: Finish) -> None:
        self._next += 1
        self._waiting[self._next] = finish
        self._pool.start(_Apply(self._next, run, self._relay))
        self.pending.emit(len(self._waiting))

    def run(self, work: Run) -> Any:
        """``work`` on the queue's thread, the UI thread waiting for it (``ui.off_thread``:
        its loop turns after a few milliseconds, a "Saving…" dialog after a moment):
        what it returns, or what it raised, raised here. For an edit applied now, with
        nothing queued before it: the window never writes the case itself."""
        from ui.off_thread import run_waiting

        return run_waiting(work, "Saving…", start=lambda call: self._pool.start(_Call(call)))

    def wait(self, msecs: int = -1) -> bool:
        """Until every queued edit is applied and reported (closing a case, tests)."""
        done = self._pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents(self._relay)
        return done

    def _finished(self, ticket: int, error: CasefileError | None) -> None:
        finish = self._waiting.pop(ticket, None)
        self.pending.emit(len(self._waiting))
        if finish is not None:
            finish(error)


_queue: EditQueue | None = None


def edit_queue() -> EditQueue:
    """The application's one edit queue (made on first use, owned by the app)."""
    global _queue
    if _queue is None:
        _queue = EditQueue(QCoreApplication.instance())
        _queue.destroyed.connect(_forget)
    return _queue


def _forget() -> None:
    global _queue
    _queue = None


def must_queue(case) -> bool:
    """Whether an edit made now to ``case`` (a CaseFile) must go to the queue: earlier
    edits still wait there (it keeps its place behind them), or a job runs and holds
    the write lock now (on a server: a job of ours has a write transaction open).
    With no job running, nothing in this process holds the lock, and the edit is
    applied at once, as it always was (a test sees its result on the next line)."""
    from ui.worker import any_busy

    if _queue is not None and _queue.count > 0:
        return True
    if case.url is not None:
        # A server has row locks, not one write lock: a job of this window writing
        # (an import numbering entries, a sync) may hold the rows an edit writes.
        try:
            return any_busy() and case.others_writing()
        except CasefileError:
            return False  # the edit itself will say what is wrong
    return any_busy() and write_lock_held(case.path)


def write_lock_held(path: Path) -> bool:
    """Whether another connection holds the case's write lock: asked without waiting
    (a busy timeout of 0), on a connection of its own that takes and drops it."""
    # Here, not at the top: casefile.store brings SQLAlchemy, which the window's first
    # paint does without (ui.worker imports this module).
    from casefile.store.sqlite import _uri_path  # the case engine's own spelling of the path

    try:
        probe = sqlite3.connect(f"file:{_uri_path(path)}?mode=rw", uri=True, timeout=0,
                                isolation_level=None)
    except sqlite3.Error:
        return False  # the edit itself will say what is wrong
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    finally:
        probe.close()
