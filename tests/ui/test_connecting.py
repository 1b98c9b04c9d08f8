"""Opening a case on a server that is slow to answer: the window goes on painting,
says which server it is reaching, and Cancel gives up without a message
(ui/connecting.py). The slow server is a local socket that accepts the
connection and never answers, so libpq waits as it would on a server out of reach.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from tests.conftest import unavailable

pytest.importorskip("psycopg")

try:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

    from tests.ui.test_edit_under_lock import Heartbeat
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")


@pytest.fixture
def silent_server():
    """A TCP port that takes connections and says nothing: its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"postgresql://casefile@127.0.0.1:{listener.getsockname()[1]}/slowcase"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    listener.close()


def test_a_slow_server_keeps_the_window_painting_and_cancel_gives_up_quietly(
        window, qtbot, silent_server, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    beat = Heartbeat()
    shown: list[str] = []

    def cancel_when_shown() -> None:
        dialog = window.findChild(QProgressDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, cancel_when_shown)
            return
        shown.append(dialog.labelText())
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, cancel_when_shown)
    started = time.monotonic()
    assert window.open_case(silent_server) is False
    waited = time.monotonic() - started
    beat.timer.stop()
    assert shown == ["Connecting to slowcase on 127.0.0.1…"], shown
    assert waited < 3, waited  # cancelled, not run out to libpq's 5 s timeout
    # The UI thread went on: its event loop kept turning while the server was waited on.
    assert beat.longest < 0.5, beat.longest
    assert window.case is None and said == []


def test_a_server_that_never_answers_is_one_sentence_and_the_window_stays_free(
        window, qtbot, silent_server, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    beat = Heartbeat()
    began = time.monotonic()
    assert window.open_case(silent_server) is False
    beat.timer.stop()
    assert len(said) == 1 and "\n" not in said[0], said
    assert "127.0.0.1" in said[0], said
    assert time.monotonic() - began > 3  # libpq's timeout, waited out…
    assert beat.longest < 0.5, beat.longest  # …with the window's event loop turning
    assert window.case is None
