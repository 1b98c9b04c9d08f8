"""File > Sync with the Server, on a copy pulled from the test run's own cluster:
what the server changed comes in, what the copy changed goes out, and a field
both changed is offered to settle, not overwritten (issue 20, item 4: "for the
user to choose, on the command line and in the window")."""

from __future__ import annotations

import pytest

from casefile.requests import find_request, update_request
from casefile.store import CaseFile
from tests.test_sync import DHS_REQUEST, ICE_REQUEST, _as_maria, _edit, _request
from tests.ui.test_window import _settle

pytest.importorskip("psycopg")


def test_a_sync_from_the_window_takes_sends_and_offers_the_conflict(window, qtbot,
                                                                    pulled, monkeypatch):
    copy, url = pulled
    _edit(copy, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Offline"))
    _edit(copy, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                         requester="IDP (offline)"))
    _as_maria(monkeypatch)
    _edit(url, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Server"))
    _edit(url, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    monkeypatch.undo()

    assert window.open_case(copy)
    assert window.sync_action.isEnabled()
    window.sync_with_server()
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: window.sync_dialog is not None, timeout=30_000)
    dialog = window.sync_dialog
    assert list(dialog._choices) == [1]  # the one conflict, numbered as the CLI lists it
    # Both sides' other changes went through; the conflicting subject is untouched.
    with CaseFile.open(url, read_only=True) as case, case.reading() as s:
        assert find_request(s, DHS_REQUEST).requester == "IDP (offline)"
    with window.case.reading() as s:
        assert find_request(s, DHS_REQUEST).status.value == "closed"
        assert find_request(s, ICE_REQUEST).subject == "Offline"
    assert _request(url, ICE_REQUEST).subject == "Server"

    dialog.choose(1, "theirs")
    dialog.accept()
    _settle(window, qtbot)
    with window.case.reading() as s:
        assert find_request(s, ICE_REQUEST).subject == "Server"
    assert window.sync_dialog is None
    assert "settled the server's way" in window.statusBar().currentMessage()


def test_sync_is_offered_only_for_a_pulled_copy(window, demo_case):
    assert window.open_case(demo_case)
    assert not window.sync_action.isEnabled()
    assert window.sync_with_server() is None


def test_merging_co_counsels_copy_from_the_window_takes_theirs_and_offers_the_conflict(
        window, qtbot, demo_case, tmp_path, monkeypatch):
    """File > Merge Another Copy: co-counsel's file, exchanged without a server. Their
    other changes come in; a field both changed is offered (their value named "theirs"),
    and settling runs the merge again with the choice. Their file is only read."""
    import shutil

    from tests.conftest import sha256

    theirs = tmp_path / "Rivera edits.casefile"
    shutil.copyfile(demo_case, theirs)
    _edit(demo_case, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Theirs"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    monkeypatch.undo()
    their_bytes = sha256(theirs)

    assert window.open_case(demo_case)
    assert window.merge_action.isEnabled()
    window.merge_copy(theirs)
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: window.sync_dialog is not None, timeout=30_000)
    dialog = window.sync_dialog
    assert dialog.windowTitle() == "Conflicts with Rivera edits.casefile"
    assert list(dialog._choices) == [1]
    with window.case.reading() as s:
        assert find_request(s, DHS_REQUEST).status.value == "closed"  # theirs, taken
        assert find_request(s, ICE_REQUEST).subject == "Mine"  # both changed: untouched
    dialog.choose(1, "theirs")
    dialog.accept()
    _settle(window, qtbot)
    qtbot.waitUntil(lambda: window.sync_dialog is None, timeout=30_000)
    qtbot.waitUntil(lambda: "settled their way" in window.statusBar().currentMessage(),
                    timeout=30_000)
    with window.case.reading() as s:
        assert find_request(s, ICE_REQUEST).subject == "Theirs"
    assert sha256(theirs) == their_bytes  # their copy is only read


def test_merging_the_case_into_itself_or_another_case_is_one_sentence(
        window, qtbot, demo_case, new_case, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning",
                        lambda _p, _t, text, *a, **k: said.append(text))
    assert window.open_case(demo_case)
    window.merge_copy(demo_case)
    qtbot.waitUntil(lambda: len(said) == 1, timeout=30_000)
    assert said[0] == "That is this case itself: choose the other copy to bring into it."
    window.merge_copy(new_case)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=30_000)
    assert "are not copies of one case" in said[1]
