"""Several users writing one case on a server at once (issue 20): nothing lost, and
nothing shown for what the app can run again itself.

Only a server has several writers at once (a case file has one at a time), so the
tests of collisions run on PostgreSQL alone; ``CaseFile.write`` is also pinned on
SQLite, where it is one try.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from casefile.deadlines.entered import add_deadline, update_deadline
from casefile.errors import EditConflict, SaveCollided
from casefile.store import CaseFile
from casefile.store import case as case_module
from casefile.store.audit_log import AuditEntry
from casefile.store.models import Deadline, IndexAuthor, Record, VaughnIndex
from casefile.vaughn import add_index
from casefile.vaughn.entries import add_record, next_entry_no

ON_SERVER = pytest.mark.parametrize("backend", ["postgresql"])


def _deadlines(case, n: int) -> list[int]:
    with case.transaction() as s:
        return [add_deadline(s, f"Deadline {i}", date(2030, 1, 1 + i)).id for i in range(n)]


def _crossed_saves(url: str, ids: list[int], use_write: bool) -> tuple[list, int]:
    """Two users each retitling the same two deadlines, in opposite orders, each
    holding the first while the other takes the second: a deadlock the server
    breaks by undoing one. What each saw, and how many saves were run again."""
    barrier = threading.Barrier(2)
    outcomes: list = []
    retries = []

    def save(order: list[int]) -> None:
        tries = []

        def work(s) -> None:
            tries.append(1)
            for n, row_id in enumerate(order):
                update_deadline(s, s.get(Deadline, row_id), title=f"Order {order}")
                if n == 0 and len(tries) == 1:
                    barrier.wait(10)  # both hold their first row: now each wants the other's

        with CaseFile.open(url) as case:
            try:
                if use_write:
                    case.write(work)
                else:
                    with case.transaction() as s:
                        work(s)
                outcomes.append("saved")
            except Exception as exc:  # noqa: BLE001 - what the user would see
                outcomes.append(exc)
            retries.append(case.retries)

    threads = [threading.Thread(target=save, args=(o,)) for o in (ids, ids[::-1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes, sum(retries)


@ON_SERVER
def test_a_deadlock_between_two_saves_is_run_again_and_both_land(fresh_case, monkeypatch):
    # A wait long enough that the winner has committed when the loser runs again.
    monkeypatch.setattr(case_module, "RETRY_WAIT_S", 0.1)
    ids = _deadlines(fresh_case, 2)
    outcomes, retries = _crossed_saves(fresh_case.url, ids, use_write=True)
    assert outcomes == ["saved", "saved"]
    assert retries == 1
    with fresh_case.reading() as s:
        rows = [s.get(Deadline, i) for i in ids]
        # The save run again came last, whole: both rows carry its title.
        assert len({r.title for r in rows}) == 1
        assert [r.row_version for r in rows] == [3, 3]
        logged = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.field == "title"))
        assert logged == 4


@ON_SERVER
def test_a_deadlock_in_a_plain_transaction_is_one_sentence_and_nothing_saved(fresh_case):
    ids = _deadlines(fresh_case, 2)
    outcomes, _ = _crossed_saves(fresh_case.url, ids, use_write=False)
    assert outcomes.count("saved") == 1
    refused = next(o for o in outcomes if o != "saved")
    assert isinstance(refused, SaveCollided)
    assert refused.message == (
        f"Another save to {fresh_case.path.name} on the server collided with this one, and "
        "the server undid this one: nothing was saved. Try again.")
    with fresh_case.reading() as s:
        assert [s.get(Deadline, i).row_version for i in ids] == [2, 2]


@ON_SERVER
def test_an_edit_conflict_is_not_run_again(fresh_case):
    """Someone saved the row between my read and my save: the user decides, so
    the refusal comes back at the first try."""
    row_id, = _deadlines(fresh_case, 1)
    tries = []

    def mine(s) -> None:
        tries.append(1)
        row = s.get(Deadline, row_id)
        with CaseFile.open(fresh_case.url) as other, other.transaction() as theirs:
            update_deadline(theirs, theirs.get(Deadline, row_id), title="Theirs")
        update_deadline(s, row, title="Mine")

    with pytest.raises(EditConflict):
        fresh_case.write(mine)
    assert (len(tries), fresh_case.retries) == (1, 0)
    with fresh_case.reading() as s:
        assert s.get(Deadline, row_id).title == "Theirs"


@ON_SERVER
def test_an_edit_waits_for_another_users_row_lock_no_longer_than_a_busy_case_file(
        fresh_case, monkeypatch):
    """Another user's long transaction holds the row (an import, a sync): an edit
    (``CaseFile.apply``, what the window saves through) waits SQLite's busy timeout
    at most, then says the case is busy, saving nothing, rather than waiting for ever."""
    import time

    from casefile.errors import CaseLocked
    from casefile.store import sqlite as sq

    monkeypatch.setattr(sq, "BUSY_TIMEOUT_MS", 400)
    row_id, = _deadlines(fresh_case, 1)
    with CaseFile.open(fresh_case.url) as other, other.transaction() as theirs:
        theirs.get(Deadline, row_id, with_for_update=True)
        began = time.monotonic()
        with pytest.raises(CaseLocked) as refused:
            fresh_case.apply(lambda s: update_deadline(s, s.get(Deadline, row_id), title="Mine"))
        waited = time.monotonic() - began
    assert 0.3 < waited < 3, waited
    assert refused.value.message == (
        f"{fresh_case.path.name} is busy with other work (another user's save or import of "
        "the same rows); try again in a moment.")
    with fresh_case.reading() as s:
        assert s.get(Deadline, row_id).title == "Deadline 0"
    # Their transaction over, the same edit goes through.
    fresh_case.apply(lambda s: update_deadline(s, s.get(Deadline, row_id), title="Mine"))
    with fresh_case.reading() as s:
        assert s.get(Deadline, row_id).title == "Mine"


def test_write_commits_once_and_returns_what_the_work_returns(fresh_case):
    row_id = fresh_case.write(lambda s: add_deadline(s, "Reply due", date(2030, 2, 1)).id)
    with fresh_case.reading() as s:
        assert s.get(Deadline, row_id).title == "Reply due"
    assert fresh_case.retries == 0


@ON_SERVER
def test_users_adding_the_next_entry_at_once_each_get_their_own_number(fresh_case):
    """The window's Add takes one past the highest entry number: four users adding
    at once must not take the same number, nor be refused for it."""
    with fresh_case.transaction() as s:
        index_id = add_index(s, "Index", IndexAuthor.AGENCY).id
    errors: list = []

    def add_entries() -> None:
        with CaseFile.open(fresh_case.url) as case:
            for _ in range(8):
                try:
                    case.write(lambda s: add_record(
                        s, s.get(VaughnIndex, index_id),
                        next_entry_no(s, s.get(VaughnIndex, index_id))))
                except Exception as exc:  # noqa: BLE001 - what the user would see
                    errors.append(exc)

    threads = [threading.Thread(target=add_entries) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with fresh_case.reading() as s:
        numbers = s.scalars(select(Record.entry_no)).all()
        positions = s.scalars(select(Record.position)).all()
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 33)]
    assert sorted(positions) == list(range(1, 33))


def test_three_processes_editing_at_once_lose_no_update(pg_cluster):
    """The bench's run in small (bench/bench_concurrent_edits.py): three processes,
    30 edits each on a few entries, crossing two-entry challenges among them."""
    from bench import bench_concurrent_edits as bench

    url = pg_cluster.url("t_concurrent_three")
    pg_cluster.drop("t_concurrent_three")
    try:
        bench.make_case(url, 12)
        reports, _ = bench.run_workers(url, 3, 30)
        found = bench.check(url)
    finally:
        pg_cluster.drop("t_concurrent_three")
    assert [e for r in reports for e in r["errors"]] == []
    assert found["lost"] == []
    assert found["logged"] == sum(r["saved"] for r in reports) >= 90
