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
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
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
    timer.stop()
    assert shown == ["Connecting to slowcase on 127.0.0.1…"], shown
    assert waited < 3, waited  # cancelled, not run out to libpq's 5 s timeout
    # The UI thread went on: the timer kept firing while the server was waited on.
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 10 and max(gaps) < 0.5, (len(ticks), max(gaps, default=None))
    assert window.case is None and said == []


def test_a_server_that_never_answers_is_one_sentence_and_the_window_stays_free(
        window, qtbot, silent_server, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(50)
    assert window.open_case(silent_server) is False
    timer.stop()
    assert len(said) == 1 and "\n" not in said[0], said
    assert "127.0.0.1" in said[0], said
    assert len(ticks) > 20  # about 5 s of libpq's timeout, the window painting throughout
    assert window.case is None
