"""A save in the window over a newer save of the same row (issue 20: row versions).

The editor remembers the version of the row it shows; a save after someone else's
is not written over theirs: a field both changed is offered side by side (theirs
chosen until the user picks their own), a field only the user changed is saved
over their version, and a field only they changed keeps their value. On a case
file the other save is one made through the case itself (one writer at a time);
on a server it is another user's, and the same check refuses it
(tests/test_audit.py covers that side).
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


def _open_request(window, qtbot):
    assert window.open_case(window._test_case)
    _show(window, "requests")
    _settle(window, qtbot)
    with window.case.reading() as s:
        row_id = s.scalar(select(FoiaRequest.id).where(
            FoiaRequest.tracking_no == "2020-ICFO-12345"))
    listing, editor = window.lists["requests"], window.editors["requests"]
    listing.select_id(row_id)
    qtbot.waitUntil(lambda: editor.row_id == row_id, timeout=10_000)
    assert editor.row_version is not None
    return row_id, editor


def _type_subject(editor, qtbot, text: str) -> None:
    subject = editor.inputs["subject"]
    subject.setFocus()
    subject.selectAll()
    subject.insertPlainText(text)
    qtbot.mouseClick(editor.save, Qt.MouseButton.LeftButton)


def _held(window, row_id):
    with window.case.reading() as s:
        row = s.get(FoiaRequest, row_id)
        return row.subject, row.requester


def test_a_field_both_changed_is_offered_side_by_side_and_theirs_is_kept_unless_chosen(
        window, demo_case, qtbot, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    window._test_case = demo_case
    row_id, editor = _open_request(window, qtbot)
    shown = editor.row_version

    # Someone else's save, after the editor showed the row.
    with window.case.transaction() as s:
        update_request(s, s.get(FoiaRequest, row_id), subject="Maria's subject")
    _type_subject(editor, qtbot, "My subject")
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=10_000)
    dialog = window.conflict_dialog
    assert dialog.shown("subject") == ("My subject", "Maria's subject")  # side by side
    assert dialog.kept_mine() == []  # theirs is chosen until the user picks their own
    # Meanwhile the editor shows what the case holds, and nothing was written.
    assert _held(window, row_id)[0] == "Maria's subject"
    assert editor.inputs["subject"].toPlainText() == "Maria's subject"
    dialog.accept()  # keeping the values as chosen: theirs
    _settle(window, qtbot)
    assert _held(window, row_id)[0] == "Maria's subject"
    assert editor.row_version != shown  # the editor holds the version it shows now
    assert not window.undo.canUndo()  # nothing of the refused save to undo
    assert said == []

    # Again, and this time the user keeps their own: saved over the version shown.
    with window.case.transaction() as s:
        update_request(s, s.get(FoiaRequest, row_id), subject="Maria's second subject")
    _type_subject(editor, qtbot, "My subject")
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=10_000)
    window.conflict_dialog.choose_mine("subject")
    window.conflict_dialog.accept()
    _settle(window, qtbot)
    assert _held(window, row_id)[0] == "My subject"
    assert editor.inputs["subject"].toPlainText() == "My subject"
    assert window.undo.canUndo()
    window.undo.undo()  # takes back to theirs, the value it replaced
    _settle(window, qtbot)
    assert _held(window, row_id)[0] == "Maria's second subject"
    assert said == []


def test_a_field_only_one_side_changed_is_merged_without_asking(window, demo_case, qtbot):
    window._test_case = demo_case
    row_id, editor = _open_request(window, qtbot)
    with window.case.transaction() as s:
        update_request(s, s.get(FoiaRequest, row_id), requester="Maria's requester")
    _type_subject(editor, qtbot, "My subject")
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: _held(window, row_id) == ("My subject", "Maria's requester"),
                    timeout=10_000)
    assert window.conflict_dialog is None
    assert "their changes are kept" in window.statusBar().currentMessage()
    assert editor.inputs["requester"].text() == "Maria's requester"


def test_a_cancelled_choice_saves_nothing_of_mine(window, demo_case, qtbot):
    window._test_case = demo_case
    row_id, editor = _open_request(window, qtbot)
    with window.case.transaction() as s:
        update_request(s, s.get(FoiaRequest, row_id), subject="Maria's subject")
    _type_subject(editor, qtbot, "My subject")
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=10_000)
    window.conflict_dialog.choose_mine("subject")
    window.conflict_dialog.reject()
    _settle(window, qtbot)
    assert _held(window, row_id)[0] == "Maria's subject"
    assert editor.inputs["subject"].toPlainText() == "Maria's subject"
    assert window.conflict_dialog is None


def test_the_lawsuit_editor_checks_the_version_it_shows_too(window, demo_case, qtbot):
    """The matter page saves through the same check: a short title both changed
    is offered, not written over."""
    from casefile.matter import update_matter
    from casefile.store.models import Matter

    assert window.open_case(demo_case)
    _settle(window, qtbot)
    editor = window.matter_editor
    qtbot.waitUntil(lambda: editor.row_id is not None, timeout=10_000)
    with window.case.transaction() as s:
        update_matter(s, s.get(Matter, editor.row_id), short_title="Maria's title")
    title = editor.inputs["short_title"]
    title.setFocus()
    title.setText("My title")
    title.editingFinished.emit()
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=10_000)
    assert window.conflict_dialog.shown("short_title") == ("My title", "Maria's title")
    window.conflict_dialog.choose_mine("short_title")
    window.conflict_dialog.accept()
    _settle(window, qtbot)
    with window.case.reading() as s:
        assert s.get(Matter, editor.row_id).short_title == "My title"


def test_a_choice_field_in_conflict_is_shown_by_its_words_not_its_id(window, demo_case,
                                                                      qtbot):
    """The agency a request went to, changed on both sides: the dialog names the
    agencies as the editor's combo does, not by their numbers in the case."""
    from casefile.matter import find_agency

    window._test_case = demo_case
    row_id, editor = _open_request(window, qtbot)
    with window.case.transaction() as s:
        dhs = find_agency(s, "DHS")
        update_request(s, s.get(FoiaRequest, row_id), agency=dhs)
    combo = editor.inputs["agency_id"]
    cbp = next(i for i in range(combo.count()) if combo.itemText(i).startswith("CBP"))
    combo.setCurrentIndex(cbp)
    combo.activated.emit(cbp)
    qtbot.waitUntil(lambda: window.conflict_dialog is not None, timeout=10_000)
    mine, theirs = window.conflict_dialog.shown("agency_id")
    assert mine.startswith("CBP — ") and theirs.startswith("DHS — "), (mine, theirs)


def _open_first_entry(window, demo_case, qtbot):
    if window.case is None:
        assert window.open_case(demo_case)
    _show(window, "vaughn")
    _settle(window, qtbot)
    first = window.vaughn.table.model.id_at(0)
    assert window.vaughn.table.select_id(first)
    editor = window.vaughn.editor
    qtbot.waitUntil(lambda: editor.record_id == first, timeout=10_000)
    return first, editor


def test_a_vaughn_entry_saved_by_someone_else_is_offered_side_by_side(window, demo_case,
                                                                       qtbot, monkeypatch):
    """The entry editor checks the version it shows, as the lists' editors do: a field
    both changed is offered with both values, theirs kept unless the user picks theirs,
    and a field only they changed is kept while the user's own field is saved."""
    from casefile.store.models import Record
    from casefile.vaughn.entries import update_record

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    first, editor = _open_first_entry(window, demo_case, qtbot)
    with window.case.transaction() as s:
        update_record(s, s.get(Record, first), doc_type="Maria's type", author="Maria's author")
    editor.inputs["doc_type"].setText("My type")
    editor.inputs["doc_type"].editingFinished.emit()
    qtbot.waitUntil(lambda: window.vaughn.conflict_dialog is not None, timeout=10_000)
    dialog = window.vaughn.conflict_dialog
    assert dialog.shown("doc_type") == ("My type", "Maria's type")
    assert dialog.kept_mine() == []
    # Meanwhile the editor shows theirs and nothing of mine is written.
    assert editor.inputs["doc_type"].text() == "Maria's type"
    dialog.choose_mine("doc_type")
    dialog.accept()
    _settle(window, qtbot)
    with window.case.reading() as s:
        record = s.get(Record, first)
        assert (record.doc_type, record.author) == ("My type", "Maria's author")
    assert editor.inputs["doc_type"].text() == "My type"
    assert window.vaughn.conflict_dialog is None
    window.undo.undo()  # back to theirs, the value it replaced
    _settle(window, qtbot)
    with window.case.reading() as s:
        assert s.get(Record, first).doc_type == "Maria's type"
    assert said == []


def test_a_vaughn_entry_deleted_by_someone_else_is_said_in_one_sentence(window, demo_case,
                                                                         qtbot, monkeypatch):
    from casefile.removal import delete_record
    from casefile.store.models import Record

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    first, editor = _open_first_entry(window, demo_case, qtbot)
    with window.case.transaction() as s:
        delete_record(s, s.get(Record, first))
    editor.inputs["doc_type"].setText("My type")
    editor.inputs["doc_type"].editingFinished.emit()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "no longer in the case" in said[0], said
    assert window.vaughn.conflict_dialog is None
