"""Moving a case between a case file and the test run's own PostgreSQL server
(issue 20, item 3): `casefile push FILE URL` and `casefile pull URL FILE`, run as
a user runs them, checked against the source row for row and byte for byte."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from sqlalchemy import func, select

from casefile.errors import CasefileError
from casefile.search import search
from casefile.store import CaseFile, blobs
from casefile.store.check import problems
from casefile.store.models import Agency, Base, Document
from casefile.store.transfer import ORIGIN_CASE, ORIGIN_URL, PULLED_AT, origin
from tests.conftest import assert_one_clear_line, run_cli, sha256


@pytest.fixture
def database(pg_cluster):
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield pg_cluster.url(name)
    pg_cluster.drop(name)


def _counts(case: CaseFile) -> dict[str, int]:
    with case.reading() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}


def _contents(case: CaseFile) -> dict[str, str]:
    """Each document's uuid → the SHA-256 of its bytes as read back through the store."""
    with case.reading() as s:
        return {str(d.uuid): hashlib.sha256(blobs.read_bytes(s, d.blob_id)).hexdigest()
                for d in s.scalars(select(Document))}


def _found(case: CaseFile, query: str) -> set[tuple[str, int | None]]:
    return {(h.kind, h.page_no) for h in search(case, query, limit=100).hits}


def test_a_case_file_pushed_then_pulled_arrives_whole_and_searchable(
        demo_case, database, tmp_path):
    with CaseFile.open(demo_case, read_only=True) as mine:
        counts, contents, case_uuid = _counts(mine), _contents(mine), mine.case_uuid
        # "Palladium" is in the demo's request letter and its production (its own words).
        searched = _found(mine, "Palladium")
    assert searched
    before = sha256(demo_case)

    pushed = run_cli("push", demo_case, database)
    assert pushed.returncode == 0, pushed.stderr
    assert "The file is unchanged." in pushed.stdout
    assert sha256(demo_case) == before
    with CaseFile.open(database) as server:
        assert server.backend == "postgresql" and server.case_uuid == case_uuid
        assert _counts(server) == counts
        assert _contents(server) == contents
        assert _found(server, "Palladium") == searched
        # Ids came along, so the server's sequences must start after them.
        with server.transaction() as s:
            s.add(Agency(name="Federal Bureau of Prisons", abbreviation="BOP"))
        counts["agency"] += 1
        counts["audit_log"] += 1  # the server's log names who added it

    copy = tmp_path / "offline.casefile"
    pulled = run_cli("pull", database, copy)
    assert pulled.returncode == 0, pulled.stderr
    assert f"into {copy}: 5 documents, 18 pages indexed. The copy remembers the server" \
        in pulled.stdout
    with CaseFile.open(copy) as offline:
        assert offline.case_uuid == case_uuid
        got = _counts(offline)
        assert got.pop("setting") == counts.pop("setting") + 3  # the origin, below
        assert got == counts
        assert _contents(offline) == contents
        assert _found(offline, "Palladium") == searched
        came_from = origin(offline)
        assert came_from[ORIGIN_CASE] == case_uuid
        assert came_from[ORIGIN_URL].startswith("postgresql") and "@" in came_from[ORIGIN_URL]
        assert came_from[PULLED_AT][:4].isdigit()
        assert problems(offline) == []
    info = run_cli("info", copy)
    assert f"Pulled from {came_from[ORIGIN_URL]} on " in info.stdout
    checked = run_cli("check", copy)
    assert checked.returncode == 0 and "no problems found" in checked.stdout


def test_a_push_into_a_database_that_holds_tables_changes_neither_side(demo_case, database):
    assert run_cli("push", demo_case, database).returncode == 0
    with CaseFile.open(database, read_only=True) as server:
        counts = _counts(server)
    before = sha256(demo_case)
    assert_one_clear_line(run_cli("push", demo_case, database), "already holds tables")
    assert sha256(demo_case) == before
    with CaseFile.open(database, read_only=True) as server:
        assert _counts(server) == counts


def test_a_pull_never_overwrites_a_file_and_a_missing_case_is_one_sentence(
        demo_case, database, tmp_path, pg_cluster):
    assert run_cli("push", demo_case, database).returncode == 0
    before = sha256(demo_case)
    assert_one_clear_line(run_cli("pull", database, demo_case), "already exists")
    assert sha256(demo_case) == before
    nowhere = pg_cluster.url(f"t_{uuid.uuid4().hex[:12]}")
    target = tmp_path / "never.casefile"
    assert_one_clear_line(run_cli("pull", nowhere, target), "There is no database")
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_push_and_pull_refuse_their_arguments_the_wrong_way_round(demo_case, database):
    assert_one_clear_line(run_cli("pull", demo_case, demo_case.with_name("x.casefile")))
    assert_one_clear_line(run_cli("push", database, demo_case))


def test_a_push_cut_off_midway_leaves_the_database_empty(demo_case, database, monkeypatch):
    """The connection lost after the rows went over, before the index was built:
    the one transaction rolls back, and the same push succeeds afterwards."""
    from casefile.store import postgres, transfer

    def cut(_conn, *_args):
        raise ConnectionResetError("the network went away")

    monkeypatch.setattr(transfer.fts, "rebuild", cut)
    with pytest.raises(CasefileError, match="the network went away"):
        transfer.push(demo_case, database)
    engine = postgres.make_engine(postgres.as_url(database))
    try:
        with engine.connect() as conn:
            assert postgres.user_tables(conn) == 0
    finally:
        engine.dispose()
    monkeypatch.undo()
    assert transfer.push(demo_case, database).documents == 5
