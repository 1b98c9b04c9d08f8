"""Others' changes to a case on a server are heard (store.pg_notify): a trigger per
table sends NOTIFY at commit; a listener hears which tables changed."""

from __future__ import annotations

import queue
import threading
import time
from datetime import date

import psycopg
import pytest
from sqlalchemy import make_url, select

from casefile.deadlines.entered import add_deadline, update_deadline
from casefile.store import CaseFile, pg_notify
from casefile.store.models import Deadline

ON_A_SERVER = pytest.mark.parametrize("backend", ["postgresql"])


class Heard:
    """A listener on its own thread; what it hears goes to a queue."""

    def __init__(self, case: CaseFile, *, own: bool = True) -> None:
        self.changes: queue.Queue = queue.Queue()
        self.status: list[str] = []
        self.own = pg_notify.OwnBackends(case.engine) if own else frozenset()
        self.listener = pg_notify.ChangeListener(
            pg_notify.connector(case.engine), own=self.own,
            on_changes=lambda tables: self.changes.put((time.perf_counter(), tables)),
            on_status=self.status.append)
        self.thread = threading.Thread(target=self.listener.run, daemon=True)
        self.thread.start()
        assert self.listener.listening.wait(5)

    def next(self, timeout: float = 1.0):
        return self.changes.get(timeout=timeout)

    def nothing_within(self, seconds: float) -> bool:
        try:
            self.changes.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        self.listener.stop()
        self.thread.join(2)
        assert not self.thread.is_alive()
        if isinstance(self.own, pg_notify.OwnBackends):
            self.own.detach()


@pytest.fixture
def other(fresh_case):
    """A second session on the same case: another user's window."""
    with CaseFile.open(fresh_case.url.render_as_string(hide_password=False)) as case:
        yield case


@pytest.fixture
def heard(other):
    listening = Heard(other)
    yield listening
    listening.close()


@ON_A_SERVER
def test_a_save_in_one_session_is_heard_by_the_other_within_a_second(fresh_case, heard):
    with fresh_case.transaction() as s:
        add_deadline(s, "Answer due", date(2027, 3, 1))
        committing = time.perf_counter()
    at, tables = heard.next(timeout=1.0)
    assert tables == {"deadline"}  # the audit log written beside it is not news
    assert at - committing < 1.0
    # An update is a change too, and so is a writer that is not Casefile (psql).
    with fresh_case.transaction() as s:
        update_deadline(s, s.scalars(select(Deadline)).one(), title="Answer due (extended)")
    assert heard.next()[1] == {"deadline"}
    url = make_url(fresh_case.url)
    with psycopg.connect(host=url.query["host"], user=url.username, dbname=url.database,
                         autocommit=True) as psql:
        psql.execute("UPDATE deadline SET title = 'By hand'")
    assert heard.next()[1] == {"deadline"}


@ON_A_SERVER
def test_a_rolled_back_save_sends_nothing(fresh_case, heard):
    with pytest.raises(RuntimeError), fresh_case.transaction() as s:
        add_deadline(s, "Never saved", date(2027, 3, 1))
        raise RuntimeError("the action fails after writing")
    with fresh_case.transaction() as s:
        add_deadline(s, "Saved", date(2027, 4, 1))
    # Notifications arrive in commit order: the first heard is the later, committed save.
    _at, tables = heard.next()
    assert tables == {"deadline"}
    assert heard.nothing_within(0.3)


@ON_A_SERVER
def test_the_listeners_own_sessions_saves_are_left_out(fresh_case, other, heard):
    deaf_to_nothing = Heard(other, own=False)
    try:
        with other.transaction() as s:
            add_deadline(s, "Mine", date(2027, 3, 1))
        # Sent (a listener that leaves nothing out hears it) but not news to its own window.
        assert deaf_to_nothing.next()[1] == {"deadline"}
        assert heard.nothing_within(0.5)
        assert heard.own.pids()  # the saving connection was known as its own
        with fresh_case.transaction() as s:
            add_deadline(s, "Theirs", date(2027, 3, 2))
        assert heard.next()[1] == {"deadline"}
    finally:
        deaf_to_nothing.close()


@ON_A_SERVER
def test_a_thousand_rows_in_one_save_are_one_notice(fresh_case, heard):
    with fresh_case.transaction() as s:
        for n in range(1000):
            add_deadline(s, f"Deadline {n}", date(2027, 3, 1))
    assert heard.next()[1] == {"deadline"}
    assert heard.nothing_within(0.3)


@ON_A_SERVER
def test_a_lost_connection_is_taken_up_again_quietly(fresh_case, heard, pg_cluster):
    with pg_cluster.admin() as admin:
        pids = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND query LIKE 'LISTEN%%'",
            (make_url(fresh_case.url).database,)).fetchall()
        assert len(pids) == 1
        admin.execute("SELECT pg_terminate_backend(%s)", pids[0])
    # Back within the first pause; what was sent meanwhile is lost, so all is news.
    _at, tables = heard.next(timeout=5)
    assert tables == set(pg_notify.tables())
    assert heard.status == [pg_notify.LOST, pg_notify.BACK]
    with fresh_case.transaction() as s:
        add_deadline(s, "After", date(2027, 3, 1))
    assert heard.next()[1] == {"deadline"}


@ON_A_SERVER
def test_stop_ends_the_listener_at_once(other):
    listening = Heard(other)
    started = time.perf_counter()
    listening.close()
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("backend", ["sqlite"])
def test_nothing_is_installed_on_sqlite(fresh_case):
    with fresh_case.reading() as s:
        triggers = s.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%notify'"
        ).all()
    assert triggers == []
