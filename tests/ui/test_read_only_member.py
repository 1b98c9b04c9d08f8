"""The window on a case on a server, opened by a member the server lets read only:
it opens read-only, says why where it stays visible, and offers no edit."""

from __future__ import annotations

import uuid

import pytest

from casefile.store import CaseFile
from tests.conftest import run_cli

pytest.importorskip("psycopg")


def test_a_read_only_member_sees_the_case_and_is_offered_no_edit(window, qtbot, pg_cluster):
    tag = uuid.uuid4().hex[:8]
    lead, para, database = f"lead_{tag}", f"para_{tag}", f"t_{tag}"
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE ROLE "{lead}" LOGIN CREATEDB CREATEROLE')
        conn.execute(f'CREATE ROLE "{para}" LOGIN')
    try:
        CaseFile.create(pg_cluster.url(database, lead)).close()
        added = run_cli("add", "agency", pg_cluster.url(database, lead), "--abbreviation", "ICE",
                        "--name", "U.S. Immigration and Customs Enforcement")
        assert added.returncode == 0, added.stderr
        assert run_cli("members", "add", pg_cluster.url(database, lead), para,
                       "--read-only").returncode == 0

        assert window.open_case(pg_cluster.url(database, para))  # builds the sections
        assert window.case.read_only
        assert "(read-only)" in window.windowTitle()
        said = window.statusBar().currentMessage()
        assert said == f"{para} may only read {database} on the server."
        assert window.add_actions and not any(a.isEnabled() for a in window.add_actions.values())
        assert not window.import_produced.isEnabled()
    finally:
        window.close_case()
        pg_cluster.drop(database)


def test_a_case_on_a_server_is_remembered_by_its_address_without_its_password(
        window, pg_cluster):
    """The recent cases name a server case by database and server, and reopen it;
    a password typed in the address is kept nowhere (the keyring holds passwords)."""
    from tests.backends import PASSWORD, PASSWORD_USER

    database = f"t_{uuid.uuid4().hex[:8]}"
    try:
        CaseFile.create(pg_cluster.url(database, PASSWORD_USER, PASSWORD)).close()
        assert window.open_case(pg_cluster.url(database, PASSWORD_USER, PASSWORD))
        window.close_case()
        recent = window.settings.value("recent", [], list)
        assert recent[0] == pg_cluster.url(database, PASSWORD_USER)
        assert not any(PASSWORD in p for p in recent)
        window._fill_welcome()
        item = window.recent_list.item(0)
        assert item.text() == f"{database}   —   on the local server"
        # Reopened from the list, the server asks for the password the address no
        # longer holds: one sentence naming 'casefile login', no traceback.
        said = []
        window._error = said.append
        assert not window.open_case(item.data(0x0100))
        assert "casefile login" in said[0]
    finally:
        window.close_case()
        pg_cluster.drop(database)
