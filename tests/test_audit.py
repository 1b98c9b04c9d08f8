"""Row versions (a save over someone else's newer one is refused, saying who and
when) and the audit log (who changed what, when), on both backends.

On PostgreSQL two users ("casefile", who makes the cases, and "maria") open
the same case at once; on SQLite, where one writer holds the file, a stale
row is one read before the row moved on.
"""

from __future__ import annotations

import getpass
import json
import threading
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from casefile import audit, edits, versions
from casefile.errors import EditConflict
from casefile.matter import add_agency
from casefile.requests import add_request, update_request
from casefile.store import CaseFile
from casefile.store.audit_log import AuditEntry
from casefile.store.models import Agency, FoiaRequest, Record

VAUGHN_CSV = Path(__file__).parent / "vaughn_corpus" / "05_epa_blank_rows.csv"
# Its .expected.json, written by hand from the file: 9 records.
VAUGHN_CSV_RECORDS = 9


# Sentences show local time; with tests/conftest.py's utc_clock they can be spelled out.
pytestmark = pytest.mark.usefixtures("utc_clock")


def _spelled(at) -> str:
    return f"{at:%B} {at.day}, {at.year} at {at:%H:%M}"


def _me(backend: str) -> str:
    # The server's session user is the role in the URL (tests/backends.py: "casefile").
    return "casefile" if backend == "postgresql" else getpass.getuser()


def _request(case: CaseFile) -> int:
    with case.transaction() as s:
        agency = add_agency(s, "Immigration and Customs Enforcement", "ICE")
        return add_request(s, agency, "Immigrant Defense Project", "Operation Palladium",
                           items=["emails"]).id


def _entries(case: CaseFile) -> list[AuditEntry]:
    with case.reading() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


# --- row versions --------------------------------------------------------------------------


def test_a_row_starts_at_version_1_and_each_save_counts_with_who_saved_it(fresh_case, backend):
    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        row = s.get(FoiaRequest, request_id)
        assert (row.row_version, row.updated_by) == (1, _me(backend))
    for n, subject in enumerate(["Palladium records", "Palladium emails"], start=2):
        with fresh_case.transaction() as s:
            update_request(s, s.get(FoiaRequest, request_id), subject=subject)
        with fresh_case.reading() as s:
            assert s.get(FoiaRequest, request_id).row_version == n
    # A change of nothing is no save: the version stays.
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium emails")
    with fresh_case.reading() as s:
        assert s.get(FoiaRequest, request_id).row_version == 3


def test_rows_inserted_in_bulk_by_core_start_at_version_1(fresh_case):
    with fresh_case.transaction() as s:
        s.connection().execute(insert(Agency.__table__), [
            {"uuid": uuid.uuid4(), "created_at": datetime(2026, 1, 1),
             "updated_at": datetime(2026, 1, 1), "name": name, "abbreviation": abbr}
            for name, abbr in [("Customs and Border Protection", "CBP"),
                               ("Federal Bureau of Investigation", "FBI")]])
    with fresh_case.reading() as s:
        assert s.execute(select(Agency.abbreviation, Agency.row_version, Agency.updated_by)
                         .order_by(Agency.abbreviation)).all() == [
            ("CBP", 1, None), ("FBI", 1, None)]


def test_saving_a_stale_row_is_refused_naming_who_saved_it_and_when(fresh_case, backend):
    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)  # as a window shows it
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records",
                       tracking_no="2020-ICFO-12345")
    with fresh_case.reading() as s:
        saved_at = s.get(FoiaRequest, request_id).updated_at
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        s.add(stale)  # the row as read before, its version 1 behind the case's 2
        update_request(s, stale, subject="My subject", requester="Someone else")
    conflict = refused.value
    me = _me(backend)
    # The same user saved it (SQLite: one person's file; here the one role): said so.
    assert conflict.message == (
        f"This request was saved again since you opened it, by you ({me}) on "
        f"{_spelled(saved_at)}, perhaps in another window. Your change was not saved; "
        "reload to see that version.")
    assert (conflict.by, conflict.at, conflict.table, conflict.version) == (
        me, saved_at, "foia_request", 2)
    assert conflict.theirs["subject"] == "Palladium records"
    assert conflict.theirs["tracking_no"] == "2020-ICFO-12345"
    assert conflict.mine == {"subject": "My subject", "requester": "Someone else"}
    with fresh_case.reading() as s:
        row = s.get(FoiaRequest, request_id)
        assert (row.subject, row.requester, row.row_version) == (
            "Palladium records", "Immigrant Defense Project", 2)


def test_a_stale_save_by_another_user_names_them(fresh_case, monkeypatch):
    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)
    # Maria saves (her name is what her Casefile stamps on the row).
    monkeypatch.setattr(versions, "_users", {})
    monkeypatch.setattr(versions, "current_user", lambda session: "maria")
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Maria's subject")
    monkeypatch.undo()
    monkeypatch.setattr(versions, "_users", {})
    with fresh_case.reading() as s:
        saved_at = s.get(FoiaRequest, request_id).updated_at
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        s.add(stale)
        update_request(s, stale, subject="Mine")
    assert refused.value.message == (
        f"Someone else saved this request since you opened it: maria on {_spelled(saved_at)}. "
        "Your change was not saved; reload to see theirs.")


def test_a_window_that_opened_an_older_version_is_refused_before_anything_is_written(
        fresh_case):
    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records")
    before = len(_entries(fresh_case))
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        row = s.get(FoiaRequest, request_id)
        edits.opened(s, row, 1, {"subject": "Mine"})  # the window showed version 1
        update_request(s, row, subject="Mine")
    assert refused.value.theirs["subject"] == "Palladium records"
    assert refused.value.mine == {"subject": "Mine"}
    assert len(_entries(fresh_case)) == before
    # The user, shown both, keeps theirs: saved as having opened the version now.
    with fresh_case.transaction() as s:
        row = s.get(FoiaRequest, request_id)
        edits.opened(s, row, refused.value.version)
        update_request(s, row, subject="Mine")
    with fresh_case.reading() as s:
        assert s.get(FoiaRequest, request_id).row_version == 3


def test_saving_a_row_someone_deleted_says_it_was_deleted(fresh_case, backend):
    from casefile.removal import delete_request

    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)
    with fresh_case.transaction() as s:
        delete_request(s, s.get(FoiaRequest, request_id))
    deleted = [e for e in _entries(fresh_case) if e.action == "delete"]
    assert len(deleted) == 1
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        s.add(stale)
        update_request(s, stale, subject="Mine")
    assert refused.value.deleted
    assert refused.value.message == (
        f"Someone else deleted this request since you opened it: {_me(backend)} on "
        f"{_spelled(deleted[0].changed_at)}. Your change was not saved.")


@pytest.mark.parametrize("backend", ["sqlite"])  # the server always knows its session user
def test_an_unknown_user_is_not_named(fresh_case, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: (_ for _ in ()).throw(OSError("none")))
    monkeypatch.setattr(versions, "_users", {})
    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)
        assert stale.updated_by is None
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records")
    with fresh_case.reading() as s:
        saved_at = s.get(FoiaRequest, request_id).updated_at
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        s.add(stale)
        update_request(s, stale, subject="Mine")
    assert refused.value.message == (
        f"Someone else saved this request since you opened it, on {_spelled(saved_at)}. "
        "Your change was not saved; reload to see theirs.")


# --- two users on one server, at once -----------------------------------------------------


@pytest.fixture
def maria_url(backend, fresh_case, pg_cluster):
    """The same case, as the server's user maria (a second person on the team).
    Only a server has two writers at once (a case file has one at a time), so the
    tests that take this run on PostgreSQL alone, not skipped on SQLite."""
    assert backend == "postgresql"
    import psycopg

    database = fresh_case.url.database
    with pg_cluster.admin() as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'maria'").fetchone():
            conn.execute("CREATE ROLE maria LOGIN")
    with psycopg.connect(host=str(pg_cluster.root), user="casefile", dbname=database,
                         autocommit=True) as conn:
        conn.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO maria")
        conn.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO maria")
    return pg_cluster.url(database, user="maria")


@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_users_at_once_the_second_save_is_refused_naming_the_first(fresh_case, maria_url):
    request_id = _request(fresh_case)
    with CaseFile.open(maria_url) as marias, fresh_case.transaction() as mine:
        row = mine.get(FoiaRequest, request_id)  # read, version 1
        # Maria saves meanwhile, and commits.
        with marias.transaction() as hers:
            update_request(hers, hers.get(FoiaRequest, request_id),
                           subject="Maria's subject")
        with pytest.raises(EditConflict) as refused:
            update_request(mine, row, subject="Mine")
        raise_it = refused.value
        # The refusal is outside the transaction now (it rolled back): nothing of mine.
    with fresh_case.reading() as s:
        row = s.get(FoiaRequest, request_id)
        assert (row.subject, row.updated_by, row.row_version) == ("Maria's subject", "maria", 2)
    assert raise_it.by == "maria"
    assert raise_it.message == (
        f"Someone else saved this request since you opened it: maria on "
        f"{_spelled(row.updated_at)}. Your change was not saved; reload to see theirs.")
    assert raise_it.theirs["subject"] == "Maria's subject"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_save_waiting_on_another_users_uncommitted_save_is_refused_when_it_commits(
        fresh_case, maria_url):
    """Real concurrency: my UPDATE waits on Maria's row lock; when she commits,
    the server finds my version gone and my save is refused, not lost or merged."""
    request_id = _request(fresh_case)
    outcome: dict = {}
    with CaseFile.open(maria_url) as marias, marias.transaction() as hers:
        update_request(hers, hers.get(FoiaRequest, request_id), subject="Maria's subject")
        # Maria's UPDATE is flushed, not committed: she holds the row.

        def mine() -> None:
            try:
                with fresh_case.transaction() as s:
                    update_request(s, s.get(FoiaRequest, request_id), subject="Mine")
            except EditConflict as exc:
                outcome["refused"] = exc
            else:
                outcome["saved"] = True

        worker = threading.Thread(target=mine)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive(), "my save should wait for Maria's to end"
    worker.join(10)
    assert not worker.is_alive()
    assert "refused" in outcome, outcome
    assert outcome["refused"].by == "maria"
    with fresh_case.reading() as s:
        assert s.get(FoiaRequest, request_id).subject == "Maria's subject"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_many_saves_at_once_lose_none(fresh_case, maria_url):
    """Two users each save a different field of one row 20 times, reading it
    afresh each time and trying again when refused: every save lands."""
    request_id = _request(fresh_case)
    errors: list = []

    def saves(location: str, field: str) -> None:
        case = fresh_case if location is None else CaseFile.open(location)
        try:
            for n in range(20):
                while True:
                    try:
                        with case.transaction() as s:
                            update_request(s, s.get(FoiaRequest, request_id),
                                           **{field: f"{field} {n}"})
                        break
                    except EditConflict:
                        continue
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            if location is not None:
                case.close()

    threads = [threading.Thread(target=saves, args=(None, "subject")),
               threading.Thread(target=saves, args=(maria_url, "requester"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with fresh_case.reading() as s:
        row = s.get(FoiaRequest, request_id)
        assert (row.subject, row.requester, row.row_version) == ("subject 19", "requester 19",
                                                                   41)
        changed = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.row_uuid == row.uuid, AuditEntry.action == "update"))
        assert changed == 40


# --- the audit log ------------------------------------------------------------------------


def test_the_log_holds_each_insert_change_and_delete_with_who_and_when(fresh_case, backend):
    from casefile.removal import delete_request

    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records",
                       fee_waiver_requested=True)
    with fresh_case.transaction() as s:
        request_uuid = s.get(FoiaRequest, request_id).uuid
        delete_request(s, s.get(FoiaRequest, request_id))
    entries = _entries(fresh_case)
    got = [(e.action, e.table_name, e.field) for e in entries]
    assert got == [("insert", "agency", None), ("insert", "foia_request", None),
                   ("update", "foia_request", "subject"),
                   ("update", "foia_request", "fee_waiver_requested"),
                   ("delete", "foia_request", None)]
    assert {e.changed_by for e in entries} == {_me(backend)}
    assert len({e.uuid for e in entries}) == 5
    inserted, subject, fee, deleted = entries[1:]
    assert inserted.row_uuid == subject.row_uuid == deleted.row_uuid == request_uuid
    assert json.loads(inserted.new_value)["subject"] == "Operation Palladium"
    assert (json.loads(subject.old_value), json.loads(subject.new_value)) == (
        "Operation Palladium", "Palladium records")
    assert (json.loads(fee.old_value), json.loads(fee.new_value)) == (False, True)
    assert json.loads(deleted.old_value)["subject"] == "Palladium records"
    assert subject.changed_at >= inserted.changed_at
    with fresh_case.reading() as s:  # one row's history, for a window's row view
        assert [(c.action, c.field) for c in audit.history(s, row_uuid=request_uuid)] == [
            ("delete", None), ("update", "fee_waiver_requested"), ("update", "subject"),
            ("insert", None)]


def test_a_refused_save_leaves_no_entry(fresh_case):
    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records")
    before = _entries(fresh_case)
    with pytest.raises(EditConflict), fresh_case.transaction() as s:
        s.add(stale)
        update_request(s, stale, subject="Mine")
    assert [e.uuid for e in _entries(fresh_case)] == [e.uuid for e in before]


def test_an_undo_putting_a_row_back_is_logged_row_by_row(fresh_case):
    from casefile.removal import delete_request, put_back

    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        request_uuid = s.get(FoiaRequest, request_id).uuid
        removed = delete_request(s, s.get(FoiaRequest, request_id))
    with fresh_case.transaction() as s:
        put_back(s, removed)
    last = _entries(fresh_case)[-1]
    assert (last.action, last.table_name, last.row_uuid, last.row_id) == (
        "insert", "foia_request", request_uuid, request_id)
    assert json.loads(last.new_value)["subject"] == "Operation Palladium"


def test_an_import_in_bulk_is_one_entry_with_its_count(fresh_case):
    from casefile.vaughn.importer import import_index

    with fresh_case.transaction() as s:
        assert import_index(s, VAUGHN_CSV, title="EPA index").imported == VAUGHN_CSV_RECORDS
    entries = _entries(fresh_case)
    bulk = [e for e in entries if e.action == "bulk"]
    assert [(e.table_name, json.loads(e.new_value), e.note) for e in bulk] == [
        ("record", {"rows": VAUGHN_CSV_RECORDS, "did": "insert"},
         "imported from 05_epa_blank_rows.csv")]
    assert [e.table_name for e in entries if e.action == "insert"] == ["vaughn_index"]
    with fresh_case.reading() as s:
        assert set(s.scalars(select(Record.row_version))) == {1}


def test_history_prints_the_log_in_plain_words(fresh_case, capsys):
    from casefile.cli import main

    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records",
                       date_sent=date(2020, 6, 18))
    location = str(fresh_case.url.render_as_string(hide_password=False)) \
        if fresh_case.url is not None else str(fresh_case.path)
    fresh_case.close()
    assert main(["history", location, "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    who = _me(fresh_case.backend)
    # Newest first; the two fields of one save in the order the request lists them.
    assert [line.split("  ", 1)[1] for line in out] == [
        f"{who} changed the date sent of request {request_id} from nothing to June 18, 2020.",
        f"{who} changed the subject of request {request_id} from “Operation Palladium” to "
        "“Palladium records”.",
        f"{who} added request {request_id}."]
    assert all(line.startswith("December ") or line[0].isalpha() for line in out)


def test_history_of_a_case_with_no_changes_says_so(case_location, capsys):
    from casefile.cli import main

    CaseFile.create(case_location).close()
    assert main(["history", str(case_location)]) == 0
    assert "records no changes yet" in capsys.readouterr().out


def test_a_case_from_before_versions_upgrades_and_its_rows_start_at_1(tmp_path):
    import sqlite3

    from casefile.store import sqlite as sq
    from casefile.store.schema import upgrade

    path = tmp_path / "old.casefile"
    raw = sqlite3.connect(path)
    sq.initialise_new_file(raw)
    raw.close()
    engine = sq.make_migration_engine(path)
    with engine.begin() as conn:
        upgrade(conn, "0013")
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('case_uuid', ?)",
                             (str(uuid.uuid4()),))
        conn.exec_driver_sql(
            "INSERT INTO agency (id, uuid, created_at, updated_at, name, abbreviation) VALUES "
            "(1, ?, '2020-06-18 00:00:00.000000', '2020-06-18 00:00:00.000000', "
            "'U.S. Immigration and Customs Enforcement', 'ICE')", (uuid.uuid4().hex,))
    engine.dispose()
    with CaseFile.open(path, backup_dir=tmp_path / "backups") as case:
        with case.reading() as s:
            agency = s.get(Agency, 1)
            assert (agency.row_version, agency.updated_by) == (1, None)
        with case.transaction() as s:
            s.get(Agency, 1).abbreviation = "ICE (DHS)"
        with case.reading() as s:
            assert s.get(Agency, 1).row_version == 2
            assert [(e.action, e.field) for e in audit.history(s)] == [("update", "abbreviation")]


def test_one_flush_of_an_insert_a_change_and_a_delete_is_logged_whole(fresh_case):
    """Entries of different kinds from one flush go in one statement (an executemany
    needs the same columns in each): all three are written."""
    from casefile.deadlines.entered import add_deadline
    from casefile.store.models import Deadline

    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        add_deadline(s, "Answer due", date(2026, 1, 5))
    with fresh_case.transaction() as s:
        deadline, request = s.scalar(select(Deadline)), s.get(FoiaRequest, request_id)
        request.subject = "Palladium records"
        s.delete(deadline)
        s.add(Agency(name="Customs and Border Protection", abbreviation="CBP"))
    got = [(e.action, e.table_name, e.field) for e in _entries(fresh_case)][-3:]
    assert got == [("insert", "agency", None), ("update", "foia_request", "subject"),
                   ("delete", "deadline", None)]


def test_deleting_a_row_someone_saved_since_is_refused_too(fresh_case, backend):
    """A delete names the version it read as an update does; the refusal comes out
    of the transaction (not an update_* function) as the same sentence."""
    from casefile.removal import delete_request

    request_id = _request(fresh_case)
    with fresh_case.reading() as s:
        stale = s.get(FoiaRequest, request_id)
    with fresh_case.transaction() as s:
        update_request(s, s.get(FoiaRequest, request_id), subject="Palladium records")
    with pytest.raises(EditConflict) as refused, fresh_case.transaction() as s:
        s.add(stale)
        delete_request(s, stale)
    assert refused.value.message.startswith(f"This request was saved again since you opened "
                                            f"it, by you ({_me(backend)}) on ")
    assert refused.value.theirs["subject"] == "Palladium records"
    with fresh_case.reading() as s:
        assert s.get(FoiaRequest, request_id) is not None


def test_a_changed_link_and_a_date_read_as_words_in_the_history(fresh_case):
    request_id = _request(fresh_case)
    with fresh_case.transaction() as s:
        cbp = add_agency(s, "Customs and Border Protection", "CBP")
        update_request(s, s.get(FoiaRequest, request_id), agency=cbp,
                       expedited_decided_on=None, date_sent=date(2020, 6, 18))
        cbp_id = cbp.id
    with fresh_case.reading() as s:
        said = {c.field: c.sentence() for c in audit.history(s, 2)}
    who = _me(fresh_case.backend)
    # The agency was ICE (agency 1), now CBP; the date was not set before.
    assert said == {
        "agency_id": f"{who} changed the agency of request {request_id} from agency 1 to "
                     f"agency {cbp_id}.",
        "date_sent": f"{who} changed the date sent of request {request_id} from nothing to "
                     "June 18, 2020."}
