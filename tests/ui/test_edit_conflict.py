"""A save in the window over a newer save of the same row (issue 20: row versions).

The editor remembers the version of the row it shows; a save after someone else's
is refused in one sentence and the editor shows what the case holds now, theirs,
instead of writing the user's value over it. On a case file the other save is one
made through the case itself (one writer at a time); on a server it is another
user's, and the same check refuses it (tests/test_audit.py covers that side).
"""

from __future__ import annotations

from sqlalchemy import select

from casefile.requests import update_request
from casefile.store.models import FoiaRequest
from tests.conftest import unavailable
from tests.ui.test_window import _settle, _show

try:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox
except ImportError as exc:  # Qt's system libraries (libEGL, fontconfig…) are missing
    unavailable(f"Qt cannot load here: {exc}")


def test_a_save_over_a_newer_one_is_refused_and_theirs_is_shown(window, demo_case, qtbot,
                                                                 monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    assert window.open_case(demo_case)
    _show(window, "requests")
    _settle(window, qtbot)
    with window.case.reading() as s:
        row_id = s.scalar(select(FoiaRequest.id).where(
            FoiaRequest.tracking_no == "2020-ICFO-12345"))
    listing, editor = window.lists["requests"], window.editors["requests"]
    listing.select_id(row_id)
    qtbot.waitUntil(lambda: editor.row_id == row_id, timeout=10_000)
    shown = editor.row_version
    assert shown is not None

    # Someone else's save, after the editor showed the row.
    with window.case.transaction() as s:
        update_request(s, s.get(FoiaRequest, row_id), subject="Maria's subject")

    subject = editor.inputs["subject"]
    subject.setFocus()
    subject.selectAll()
    subject.insertPlainText("My subject")
    qtbot.mouseClick(editor.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    _settle(window, qtbot)
    assert "since you opened it" in said[0] and "was not saved" in said[0], said
    with window.case.reading() as s:
        assert s.get(FoiaRequest, row_id).subject == "Maria's subject"  # theirs kept
    qtbot.waitUntil(lambda: subject.toPlainText() == "Maria's subject", timeout=10_000)
    assert editor.row_version != shown  # the editor holds the version it shows now
    assert not window.undo.canUndo()  # nothing of the refused save to undo

    # Saved again now, over the version shown, the change is the user's to make.
    said.clear()
    subject.setFocus()
    subject.selectAll()
    subject.insertPlainText("My subject")
    qtbot.mouseClick(editor.save, Qt.MouseButton.LeftButton)
    _settle(window, qtbot)
    with window.case.reading() as s:
        assert s.get(FoiaRequest, row_id).subject == "My subject"
    assert said == []
