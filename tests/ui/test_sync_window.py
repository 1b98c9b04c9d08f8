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
