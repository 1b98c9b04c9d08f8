"""The one case-file worker: long work runs off the UI thread, one job at a time.

SQLite takes one writer at a time, and an attorney's jobs on one case (an
import, then a bundle of what was imported) must not interleave. So every
long job goes through one single-threaded pool, in the order submitted; the
window stays responsive, shows the job's progress, and can cancel it.

A job is a plain function of ``(progress, cancel)`` that calls the same
casefile functions the command line calls. It opens its own sessions (the
engine hands each thread its own connection). Its result, or its error as
one sentence, comes back on the UI thread.

On a loaded machine the window must still win: the GIL is handed over every
millisecond rather than every five (so a Python-heavy job on the worker
cannot keep the UI thread waiting for it), and the child processes a job
starts (bundle builds, exports) run at a lower priority than the window.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import sys
import time
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from casefile.errors import CasefileError
from casefile.jobs import Cancelled, CancelToken, Progress
from ui.collector import collect_on_ui_thread
from ui.edit_queue import edit_queue

log = logging.getLogger(__name__)

Work = Callable[[Progress, CancelToken], Any]

_SWITCH_INTERVAL_S = 0.001  # Python's default is 0.005: a 5 ms wait for the GIL per turn
_CHILD_NICENESS = 10  # the children of jobs yield the CPU to the window (and the load)
_workers: weakref.WeakSet[CaseWorker] = weakref.WeakSet()


def favour_the_ui_thread() -> None:
    """Let a waiting thread (the UI's) have the GIL after 1 ms, not 5 ms."""
    if sys.getswitchinterval() > _SWITCH_INTERVAL_S:
        sys.setswitchinterval(_SWITCH_INTERVAL_S)


def lower_children() -> None:
    """Give this process's child processes (a bundle build, an export) a lower CPU
    priority, so that with the machine busy the window's thread is scheduled
    first. Called from the worker as the child reports progress; a child already
    lowered is left alone. Where priorities cannot be set, nothing happens."""
    if not hasattr(os, "setpriority"):
        return
    for child in multiprocessing.active_children():
        pid = child.pid
        try:
            if pid is not None and os.getpriority(os.PRIO_PROCESS, pid) < _CHILD_NICENESS:
                os.setpriority(os.PRIO_PROCESS, pid, _CHILD_NICENESS)
        except OSError:  # gone meanwhile, or not ours to change
            continue


def any_busy() -> bool:
    """Whether a worker has a job (an import may hold the case's write lock)."""
    return any(w.busy for w in list(_workers))


@dataclass
class Job:
    title: str  # "Importing 12 files": shown beside the progress bar
    work: Work
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[str], None] | None = None  # the one sentence for the user
    on_cancelled: Callable[[], None] | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    id: int = 0


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues the calls across."""

    progress = Signal(int, int, int, str)  # job id, done, total, note
    done = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _Run(QRunnable):
    """Holds the work, never the job's callbacks: a callback may hold the last
    reference to a dialog, and a widget let go of on this thread is deleted off
    the UI thread (a crash). The callbacks stay with the CaseWorker."""

    def __init__(self, job: Job, relay: _Relay) -> None:
        super().__init__()
        self.id, self.title, self.work, self.cancel = job.id, job.title, job.work, job.cancel
        self.relay = relay

    def run(self) -> None:
        job_id, relay, cancel = self.id, self.relay, self.cancel
        if cancel.cancelled:  # cancelled while it waited its turn
            relay.cancelled.emit(job_id)
            return

        lowered = [0.0]

        def progress(done: int, total: int, note: str = "") -> None:
            now = time.monotonic()
            if now - lowered[0] > 1.0:  # a child started by the job: below the window
                lowered[0] = now
                lower_children()
            relay.progress.emit(job_id, done, total, note)

        try:
            result = self.work(progress, cancel)
        except Cancelled:
            relay.cancelled.emit(job_id)
        except CasefileError as exc:
            relay.failed.emit(job_id, exc.message)
        except Exception as exc:  # noqa: BLE001 - a bug must reach the user as a sentence
            log.error("%s failed:\n%s", self.title, traceback.format_exc())
            relay.failed.emit(job_id, f"{self.title} stopped on an unexpected error "
                                      f"({type(exc).__name__}: {exc}). Nothing was half-saved; "
                                      "the details are in the log.")
        else:
            if cancel.cancelled:
                relay.cancelled.emit(job_id)
            else:
                relay.done.emit(job_id, result)


class CaseWorker(QObject):
    """Runs jobs one after another on one thread; reports on the UI thread."""

    started = Signal(str)  # the job's title
    progress = Signal(int, int, str)  # done, total, note
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        collect_on_ui_thread()  # a worker thread must never be the one that collects
        favour_the_ui_thread()
        _workers.add(self)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread: jobs come in bursts
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.cancelled.connect(self._on_cancelled)
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._current: int | None = None
        self._edits = edit_queue()
        self._edits.pending.connect(self._edits_pending)

    def submit(self, job: Job) -> Job:
        job.id = next(self._ids)
        self._jobs[job.id] = job
        self._pool.start(_Run(job, self._relay))
        if self._current is None:
            self._begin(job)
        return job

    @property
    def busy(self) -> bool:
        """A job runs or waits, or an edit made during one waits for the write lock."""
        return bool(self._jobs) or self._edits.count > 0

    def cancel_all(self) -> None:
        for job in self._jobs.values():
            job.cancel.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queue is empty, and the edits made meanwhile saved
        (closing the window, tests)."""
        return self._pool.waitForDone(msecs) and self._edits.wait(msecs)

    # --- on the UI thread -----------------------------------------------------------

    def _begin(self, job: Job) -> None:
        self._current = job.id
        self.started.emit(job.title)

    def _edits_pending(self, count: int) -> None:
        # Shown beside the job's progress: the change the user made is not lost, it
        # waits for the import to let go of the case between two files.
        if self._current is not None and self._current in self._jobs:
            title = self._jobs[self._current].title
            if count:
                title += f" · {count} change{'s' if count > 1 else ''} waiting to be saved"
            self.started.emit(title)

    def _on_progress(self, job_id: int, done: int, total: int, note: str) -> None:
        if job_id != self._current and job_id in self._jobs:
            self._begin(self._jobs[job_id])
        self.progress.emit(done, total, note)

    def _finish(self, job_id: int) -> Job | None:
        job = self._jobs.pop(job_id, None)
        waiting = sorted(self._jobs)
        if waiting:
            self._begin(self._jobs[waiting[0]])
        else:
            self._current = None
            self.idle.emit()
        return job

    def _on_done(self, job_id: int, result: object) -> None:
        job = self._finish(job_id)
        if job is not None and job.on_done is not None:
            job.on_done(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        job = self._finish(job_id)
        if job is not None and job.on_failed is not None:
            job.on_failed(message)

    def _on_cancelled(self, job_id: int) -> None:
        job = self._finish(job_id)
        if job is not None and job.on_cancelled is not None:
            job.on_cancelled()
