"""An edit or an undo made while a job holds the case's write lock (issue 21).

The job here is a real write transaction on the worker's thread (as an import
storing one file is): BEGIN IMMEDIATE taken on the real case file, held for
LOCK_S seconds; on a server (issue 20), the rows the edit writes locked FOR
UPDATE by the job's transaction, as an import numbering entries locks its
index. Before the edit queue, the edit ran on the UI thread and waited there
for the lock (SQLite's busy timeout, 5 s): the event loop stopped for
about LOCK_S. Now the loop must keep turning: a 10 ms heartbeat's longest gap
stays far under LOCK_S (not a speed figure: a gap near LOCK_S is the UI thread
blocked on the lock), and the edit lands once the lock is let go.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from casefile.store import CaseFile
from casefile.store.models import FoiaRequest, Record
from ui.main_window import SECTIONS
from ui.worker import Job

LOCK_S = 3.0


class Heartbeat:
    """The longest gap between two turns of the UI thread's event loop."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now


@pytest.fixture
def demo_case(demo_on_both):
    """On a case file and on a server (issue 20)."""
    return demo_on_both


def _hold_the_write_lock(window, seconds: float, table: str, row_id: int) -> threading.Event:
    """A job on the worker that takes the write lock, as an import storing a file does;
    on a server, the lock of the row the edit will write."""
    case, held = window.case, threading.Event()

    def work(progress, cancel):
        with case.transaction() as s:
            if case.backend == "postgresql":
                s.execute(text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE"),
                          {"id": row_id})
            else:
                s.execute(text("UPDATE matter SET id = id WHERE 0"))  # BEGIN IMMEDIATE now
            held.set()
            time.sleep(seconds)

    window.worker.submit(Job("Importing 1 file", work))
    assert held.wait(10), "the job never took the lock"
    return held


def _show(window, key: str) -> None:
    window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))


def _tracking(path, request_id) -> str | None:
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return s.get(FoiaRequest, request_id).tracking_no


def test_an_edit_and_its_undo_during_a_locked_write_never_block_the_ui_thread(
        window, demo_case, qtbot):
    assert window.open_case(demo_case)
    _show(window, "requests")
    editor = window.editors["requests"]
    request_id = editor.row_id
    before = _tracking(demo_case, request_id)
    labels = []
    window.worker.started.connect(labels.append)

    _hold_the_write_lock(window, LOCK_S, "foia_request", request_id)
    beat = Heartbeat()
    began = time.perf_counter()
    editor.inputs["tracking_no"].setText("2020-ICFO-77777")
    editor.inputs["tracking_no"].editingFinished.emit()
    assert time.perf_counter() - began < LOCK_S / 2  # the edit did not wait for the lock
    assert window.worker.busy
    assert any("1 change waiting to be saved" in label for label in labels)
    assert window.undo.undoText() == "Change the tracking number of a request"
    # The lock is still held: the case has not changed yet.
    assert _tracking(demo_case, request_id) == before

    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)
    assert time.perf_counter() - began > LOCK_S * 0.8  # it did wait, off the UI thread
    assert beat.longest < LOCK_S / 3, f"the UI thread stopped {beat.longest:.2f} s"
    assert _tracking(demo_case, request_id) == "2020-ICFO-77777"
    qtbot.waitUntil(lambda: editor.inputs["tracking_no"].text() == "2020-ICFO-77777")

    # Undo while another write holds the lock: queued the same way.
    _hold_the_write_lock(window, LOCK_S, "foia_request", request_id)
    beat.longest, beat.last = 0.0, time.perf_counter()
    window.undo.undo()
    assert _tracking(demo_case, request_id) == "2020-ICFO-77777"
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=30_000)
    assert beat.longest < LOCK_S / 3, f"the UI thread stopped {beat.longest:.2f} s"
    assert _tracking(demo_case, request_id) == before
    assert window.undo.canRedo()


def test_a_queued_edit_that_is_refused_says_why_and_clears_the_history(
        window, demo_case, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert window.open_case(demo_case)
    _show(window, "vaughn")
    table = window.vaughn.table
    window.vaughn.model.wait()
    first = table.model.id_at(0)
    table.select_id(first)
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        entry_no = s.get(Record, first).entry_no

    _hold_the_write_lock(window, 1.0, "record", first)
    window.vaughn.editor.inputs["entry_no"].setText("2")  # entry 2 exists: refused, later
    window.vaughn.editor.inputs["entry_no"].editingFinished.emit()
    assert not shown  # not yet: it waits for the lock
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "already has an entry 2" in shown[0]
    assert "undo history is cleared" in shown[0]
    qtbot.waitUntil(lambda: not window.undo.canUndo())
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        assert s.get(Record, first).entry_no == entry_no


def _held_by_another_program(window, location, request_id, seconds: float) -> threading.Thread:
    """Another program (another user's Casefile, on a server) holds what the edit
    writes: a case file's write lock, or the request's row on a server. Not a job
    of this window, so the edit is not queued: it is applied at once, off the UI
    thread, the window waiting for it."""
    held = threading.Event()

    def hold() -> None:
        if window.case.backend == "postgresql":
            import psycopg

            with psycopg.connect(window.case.url.render_as_string(hide_password=False)
                                 .replace("postgresql+psycopg", "postgresql")) as conn:
                conn.execute("SELECT id FROM foia_request WHERE id = %s FOR UPDATE",
                             (request_id,))
                held.set()
                time.sleep(seconds)
        else:
            import sqlite3

            conn = sqlite3.connect(location, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            held.set()
            time.sleep(seconds)
            conn.execute("ROLLBACK")
            conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(10), "the other program never took the lock"
    return thread


def test_an_edit_waiting_on_another_programs_lock_is_applied_off_the_ui_thread(
        window, demo_case, qtbot):
    """The edit is applied at once and the next line sees it saved, but the waiting is
    done off the UI thread: its event loop turns, and after a moment a "Saving…"
    dialog (window-modal: no second edit meanwhile) says why the window waits."""
    from PySide6.QtWidgets import QProgressDialog

    assert window.open_case(demo_case)
    _show(window, "requests")
    editor = window.editors["requests"]
    request_id = editor.row_id
    other = _held_by_another_program(window, demo_case, request_id, 1.5)
    beat = Heartbeat()
    said: list[str] = []

    def note_dialog() -> None:
        dialog = window.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible():
            said.append(dialog.labelText())
        elif not said:
            QTimer.singleShot(50, note_dialog)

    QTimer.singleShot(50, note_dialog)
    began = time.perf_counter()
    editor.inputs["tracking_no"].setText("2020-ICFO-88888")
    editor.inputs["tracking_no"].editingFinished.emit()
    waited = time.perf_counter() - began
    other.join(10)
    assert waited > 1.0, waited  # it waited for the other program, as before…
    assert beat.longest < 0.5, f"the UI thread stopped {beat.longest:.2f} s"  # …not frozen
    assert said == ["Saving…"]
    assert _tracking(demo_case, request_id) == "2020-ICFO-88888"  # saved, as it returned
    assert window.undo.undoText() == "Change the tracking number of a request"


def test_an_edit_made_at_once_is_still_not_applied_on_the_ui_thread(window, demo_case):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    threads: list[str] = []

    def flushed(_session, _context) -> None:
        threads.append(threading.current_thread().name)

    assert window.open_case(demo_case)
    _show(window, "requests")
    editor = window.editors["requests"]
    event.listen(Session, "after_flush", flushed)
    try:
        editor.inputs["tracking_no"].setText("2020-ICFO-99999")
        editor.inputs["tracking_no"].editingFinished.emit()
    finally:
        event.remove(Session, "after_flush", flushed)
    assert _tracking(demo_case, editor.row_id) == "2020-ICFO-99999"
    assert threads and threading.main_thread().name not in threads, threads
