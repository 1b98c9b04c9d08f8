"""The case store: schema, migrations, transactions, lock, backups, check.

What every case store does runs on both backends (tests/backends.py: a case
file, and a database of the test run's own PostgreSQL cluster); what is about
SQLite itself (the file, its lock, WAL, backups, a full disk) runs on files
only, each such test saying why in a comment.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, inspect, select, text

from casefile.errors import (
    CaseClosed,
    CaseFileDamaged,
    CaseLocked,
    InputError,
    NotACaseFile,
    ReadOnlyCase,
    SchemaTooNew,
)
from casefile.store import CaseFile
from casefile.store import sqlite as sq
from casefile.store.check import problems
from casefile.store.lock import lock_path
from casefile.store.models import Agency, Base, Blob, BlobChunk, Document, Exemption
from casefile.store.schema import HEAD, alembic_config, current_revision
from tests.conftest import sha256


@pytest.fixture
def stored_case(fresh_case) -> Path | str:
    """A new, empty, closed case on each backend: a file's path, or a database's URL."""
    location = fresh_case.location
    fresh_case.close()
    return location


def _run_sql(location: Path | str, statement: str) -> None:
    """One statement run on the case as another program would, not through Casefile."""
    if isinstance(location, Path):
        with sqlite3.connect(location) as conn:
            conn.execute(statement)
        conn.close()
        return
    from casefile.store import postgres

    engine = create_engine(postgres.as_url(location))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


# --- creation and schema ------------------------------------------------------------


def test_new_case_is_stamped_at_head_with_the_exemption_catalog_and_reopens(case_location):
    with CaseFile.create(case_location) as case:
        made = case.case_uuid
        assert uuid.UUID(made)
    with CaseFile.open(case_location) as case, case.reading() as s:
        assert current_revision(s.connection()) == HEAD
        assert case.case_uuid == made
        codes = set(s.scalars(select(Exemption.code)))
        assert {"b1", "b3", "b5", "b5-dp", "b5-ac", "b5-wp", "b5-pc", "b6", "b7", "b7A",
                "b7C", "b7F", "b9"} <= codes
        b7c = s.scalar(select(Exemption).where(Exemption.code == "b7C"))
        assert b7c.parent.code == "b7" and b7c.label == "(b)(7)(C)"


# File names only; a server's database that holds anything is refused by
# test_backends.py's "already holds tables".
def test_new_case_gets_the_suffix_and_refuses_to_overwrite(tmp_path):
    with CaseFile.create(tmp_path / "matter") as case:
        assert case.path.name == "matter.casefile"
    with pytest.raises(InputError, match="already exists"):
        CaseFile.create(tmp_path / "matter.casefile")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["matter.casefile"]


def test_the_known_revisions_are_the_shipped_migrations_in_order():
    from alembic.script import ScriptDirectory

    from casefile.store.schema import REVISIONS

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD == REVISIONS[-1]
    shipped = [s.revision for s in script.walk_revisions()]  # newest first
    assert tuple(reversed(shipped)) == REVISIONS


# On PostgreSQL, test_backends.py checks the revisions against create_all (the models).
def test_migrations_build_exactly_the_models(tmp_path):
    """Running every revision from empty gives the schema the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from casefile.store.fts import is_fts_name
    from casefile.store.schema import upgrade

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        upgrade(conn)
        context = MigrationContext.configure(conn, opts={
            "include_name": lambda name, kind, parent: not is_fts_name(name)})
        diff = compare_metadata(context, Base.metadata)
        fts_tables = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    assert diff == []
    assert fts_tables == {"page_fts", "entry_fts"}


# sqlite_master and FTS5; test_backends.py compares PostgreSQL's tables and triggers.
def test_new_files_and_migrated_files_have_the_same_schema(tmp_path, new_case):
    """create_all + fts.create (new files) and the revisions (old files) agree, triggers too."""
    from casefile.store.schema import upgrade

    engine = sq.make_migration_engine(tmp_path / "m.casefile")
    with engine.begin() as conn:
        upgrade(conn)
    engine.dispose()

    def schema_of(path):
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT type, name FROM sqlite_master "
                                "WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
        conn.close()
        return rows

    assert schema_of(tmp_path / "m.casefile") == schema_of(new_case)


def _case_at_first_revision(location: Path | str) -> None:
    """A case as Casefile 0.1's first schema wrote it, with some data: a file, or a
    database on the server."""
    from casefile.store import postgres
    from casefile.store.schema import upgrade

    if isinstance(location, Path):
        raw = sqlite3.connect(location)
        sq.initialise_new_file(raw)
        raw.close()
        engine = sq.make_migration_engine(location)
    else:
        url = postgres.as_url(location)
        postgres.ensure_database(url)
        engine = postgres.make_engine(url)
    with engine.begin() as conn:
        upgrade(conn, "0001")
        now = "2020-06-18 00:00:00.000000"
        conn.execute(text(
            "INSERT INTO setting (key, value) VALUES ('case_uuid', :u)"), {"u": str(uuid.uuid4())})
        conn.execute(text(
            "INSERT INTO agency (id, uuid, created_at, updated_at, name, abbreviation) "
            "VALUES (1, :u, :t, :t, 'U.S. Immigration and Customs Enforcement', 'ICE')"),
            {"u": uuid.uuid4().hex, "t": now})
        conn.execute(text(
            "INSERT INTO foia_request (id, uuid, created_at, updated_at, agency_id, requester, "
            "subject, date_sent, tracking_no, fee_waiver_requested, expedited_requested, status) "
            "VALUES (1, :u, :t, :t, 1, 'IDP', 'Operation Palladium', '2020-06-18', "
            "'2020-ICFO-12345', :yes, :yes, 'submitted')"),
            {"u": uuid.uuid4().hex, "t": now, "yes": True})
        conn.execute(text(
            "INSERT INTO correspondence (id, uuid, created_at, updated_at, direction, date, kind, "
            "message_id) VALUES (1, :u, :t, :t, 'incoming', '2020-06-25', 'acknowledgment', "
            "'<abc@ice.dhs.gov>')"), {"u": uuid.uuid4().hex, "t": now})
        conn.execute(text(
            "INSERT INTO correspondence_request (correspondence_id, request_id) VALUES (1, 1)"))
        conn.execute(text("INSERT INTO blob (id, sha256, size) VALUES (1, :s, 0)"),
                     {"s": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
        conn.execute(text(
            "INSERT INTO document (id, uuid, created_at, updated_at, blob_id, name, media_type, "
            "privileged, work_product, encrypted) VALUES (1, :u, :t, :t, 1, 'release.pdf', "
            "'application/pdf', :no, :no, :no)"), {"u": uuid.uuid4().hex, "t": now, "no": False})
        conn.execute(text(
            "INSERT INTO document_page (document_id, page_no, text, ocr) VALUES "
            "(1, 1, 'ICE-2020-000345 BORTAC deployment (b)(7)(E)', :no)"), {"no": False})
    engine.dispose()


def test_a_first_revision_case_is_upgraded_with_its_data_and_a_file_backed_up_first(
        case_location, backend, user_data):
    _case_at_first_revision(case_location)
    with CaseFile.open(case_location) as case, case.reading() as s:
        assert current_revision(s.connection()) == HEAD
        from casefile.store.models import Correspondence, FoiaRequest

        request = s.scalars(select(FoiaRequest)).one()
        assert (request.tracking_no, request.agency.abbreviation) == ("2020-ICFO-12345", "ICE")
        assert request.correspondence[0].message_id == "<abc@ice.dhs.gov>"
        assert s.scalar(select(func.count()).select_from(Correspondence)) == 1
        # 0003 compressed the page text; it reads back as it was written.
        from casefile.store.models import DocumentPage

        page = s.scalars(select(DocumentPage)).one()
        assert page.text == "ICE-2020-000345 BORTAC deployment (b)(7)(E)"
        type_of = "typeof(text)" if backend == "sqlite" else "pg_typeof(text)::text"
        assert s.connection().exec_driver_sql(
            f"SELECT {type_of} FROM document_page").scalar() in ("blob", "bytea")
        # 0002's index exists, and the catalog was seeded during the upgrade.
        indexes = {i["name"] for i in inspect(s.connection()).get_indexes("correspondence")}
        assert "ix_correspondence_message_id" in indexes
        assert s.scalar(select(func.count()).select_from(Exemption)) > 15
    backups = list(user_data.rglob("*before-upgrade-from-0001.casefile"))
    if backend == "postgresql":
        # The server's own backups (pg_dump) keep it; its DDL rolls back whole.
        assert backups == []
        return
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT tracking_no FROM foia_request").fetchone() == (
            "2020-ICFO-12345",)


def test_a_case_from_a_newer_casefile_is_refused_untouched(stored_case, backend):
    _run_sql(stored_case, "UPDATE alembic_version SET version_num = '9999'")
    before = sha256(stored_case)
    with pytest.raises(SchemaTooNew, match="newer version of Casefile"):
        CaseFile.open(stored_case)
    assert sha256(stored_case) == before
    if backend == "sqlite":
        assert not lock_path(stored_case).exists()


# --- round trip of every entity ----------------------------------------------------------


def test_every_entity_round_trips_through_the_store(fresh_case, tmp_path):
    from casefile import deadlines, declarations, exhibits, matter, notes, requests, vaughn
    from casefile.ingest import add_document
    from casefile.store import models as m

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(_tiny_pdf())
    with fresh_case.transaction() as s:
        mt = matter.add_matter(s, "IDP v. DHS caption", "IDP v. DHS", court="S.D.N.Y.",
                               docket_no="1:20-cv-1", judge="Hon. J", filed_on=date(2020, 10, 1))
        dhs = matter.add_agency(s, "Homeland Security", "DHS", rule_set="DHS",
                                address="2707 MLK Jr Ave SE")
        ice = matter.add_agency(s, "ICE", "ICE", parent=dhs, foia_office="ICE FOIA Office")
        plaintiff = matter.add_party(s, mt, "IDP", m.PartyRole.PLAINTIFF)
        matter.add_party(s, mt, "ICE", m.PartyRole.DEFENDANT, ice)
        matter.add_counsel(s, mt, "A. Lawyer", party=plaintiff, bar_no="123", is_lead=True)
        req = requests.add_request(s, ice, "IDP", "Palladium", items=["one", "two"],
                                   date_sent=date(2020, 6, 18), date_received=date(2020, 6, 19),
                                   tracking_no="2020-ICFO-12345", fee_waiver_requested=True,
                                   expedited_requested=True, matter=mt)
        doc, _ = add_document(s, pdf)
        doc.privileged = True
        requests.add_correspondence(s, m.Direction.INCOMING, date(2020, 6, 25),
                                    m.CorrespondenceKind.ACKNOWLEDGMENT, requests=[req],
                                    sender="ICE", subject="Ack", documents=[doc])
        prod = m.Production(request=req, title="Release 1", produced_on=date(2021, 1, 15),
                            bates_begin="ICE-1", bates_end="ICE-9", pages_released_full=5,
                            pages_released_part=3, pages_withheld_full=1,
                            documents=[m.ProductionDocument(document=doc)])
        s.add(prod)
        s.flush()
        index = vaughn.add_index(s, "ICE index", m.IndexAuthor.AGENCY, request=req,
                                 production=prod, served_on=date(2021, 3, 1))
        vaughn.add_record(s, index, "1", bates_begin="ICE-3", pages=2, doc_type="Email",
                          disposition=m.Disposition.WITHHELD_IN_FULL,
                          claims=[vaughn.Claim("(b)(7)(C)", "privacy", "harassment"),
                                  vaughn.Claim("b3", statute="8 U.S.C. § 1367")],
                          segregability="none")
        decl = declarations.add_declaration(s, "A. Lawyer", "Decl.", paragraphs=["I am."],
                                            matter=mt, executed_on=date(2021, 6, 14),
                                            outside_us=True)
        ex_set = exhibits.add_set(s, "Decl. exhibits", declaration=decl,
                                  scheme=m.LabelScheme.LETTERS)
        exhibits.add_exhibit(s, ex_set, doc, "The acknowledgment", page_selection="1")
        filing = m.Filing(matter=mt, title="Brief")
        s.add(filing)
        s.flush()
        other_set = exhibits.add_set(s, "Brief exhibits", filing=filing)
        exhibits.add_exhibit(s, other_set, doc, "Same document again")
        deadlines.add_deadline(s, "Answer due", date(2020, 11, 2), matter=mt, request=req,
                               citation="5 U.S.C. § 552(a)(4)(C)", remind_days_before=7)
        notes.add_note(s, req, "Call the FOIA officer.")
        ids = {"request": req.uuid, "doc": doc.uuid}

    # Read back by another opening of the case, as another window would.
    with CaseFile.open(fresh_case.location, read_only=True) as case, case.reading() as s:
        req = s.scalars(select(m.FoiaRequest)).one()
        assert req.uuid == ids["request"]
        assert [i.text for i in req.items] == ["one", "two"]
        assert (req.date_sent, req.date_received) == (date(2020, 6, 18), date(2020, 6, 19))
        assert req.fee_waiver_outcome is m.Outcome.PENDING and req.expedited_requested
        assert req.agency.parent.abbreviation == "DHS" and req.agency.rule_set == "DHS"
        assert req.matter.parties[1].agency.abbreviation == "ICE"
        assert req.matter.counsel[0].party.name == "IDP"
        letter = req.correspondence[0]
        assert letter.kind is m.CorrespondenceKind.ACKNOWLEDGMENT
        doc = letter.attachments[0].document
        assert doc.uuid == ids["doc"] and doc.privileged and doc.page_count == 1
        assert doc.media_type == "application/pdf"
        from casefile.store.blobs import read_bytes

        assert read_bytes(s, doc.blob_id) == pdf.read_bytes()
        prod = s.scalars(select(m.Production)).one()
        assert (prod.pages_released_full, prod.pages_released_part,
                prod.pages_withheld_full) == (5, 3, 1)
        record = s.scalars(select(m.Record)).one()
        assert [w.exemption.code for w in record.withholdings] == ["b7C", "b3"]
        assert record.withholdings[0].foreseeable_harm == "harassment"
        assert record.withholdings[1].statute == "8 U.S.C. § 1367"
        assert record.bates_end == "ICE-3"  # one page: the end is the beginning
        decl = s.scalars(select(m.Declaration)).one()
        assert decl.exhibit_set.exhibits[0].label == "A"
        assert "under the laws of the United States of America" in declarations.jurat(decl)
        assert s.scalar(select(func.count()).select_from(m.Exhibit)) == 2  # one doc, two sets
        assert s.scalars(select(m.Deadline)).one().request.tracking_no == "2020-ICFO-12345"
        assert notes.notes_on(s, req)[0].text == "Call the FOIA officer."


def _tiny_pdf() -> bytes:
    from casefile.sample_pdfs import text_pdf

    return text_pdf("Tiny", [["A page of text."]])


# --- storage behaviour -------------------------------------------------------------------


def test_identical_bytes_are_stored_once(fresh_case, tmp_path):
    from casefile.ingest import import_files

    first = tmp_path / "release.pdf"
    first.write_bytes(_tiny_pdf())
    second = tmp_path / "same-release-renamed.pdf"
    second.write_bytes(first.read_bytes())
    report = import_files(fresh_case, [first, second])
    with fresh_case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Blob)) == 1
        assert s.scalar(select(func.count()).select_from(Document)) == 1
    assert [r.status for r in report.results] == ["added", "duplicate"]
    assert report.results[1].document_id == report.results[0].document_id


def test_an_error_mid_action_leaves_nothing_written(stored_case):
    from casefile.matter import add_agency

    before = sha256(stored_case)
    with CaseFile.open(stored_case) as case:
        with pytest.raises(RuntimeError), case.transaction() as s:
            add_agency(s, "Immigration and Customs Enforcement", "ICE")
            s.add(Blob(sha256="0" * 64, size=0))
            s.flush()
            raise RuntimeError("power cut, in spirit")
        with pytest.raises(InputError), case.transaction() as s:
            add_agency(s, "Customs and Border Protection", "CBP")
            add_agency(s, "Customs and Border Protection again", "cbp")  # duplicate
        with case.reading() as s:
            assert s.scalar(select(func.count()).select_from(Agency)) == 0
            assert s.scalar(select(func.count()).select_from(Blob)) == 0
    # Nothing committed: the case is what it was, and the next action saves whole.
    assert sha256(stored_case) == before
    with CaseFile.open(stored_case) as case:
        with case.transaction() as s:
            add_agency(s, "Customs and Border Protection", "CBP")
        with case.reading() as s:
            assert s.scalars(select(Agency.abbreviation)).all() == ["CBP"]


# SQLite's -wal and -shm files; a server keeps nothing beside anything.
def test_a_closed_case_leaves_no_sidecar_files(new_case):
    folder = new_case.parent
    with CaseFile.open(new_case) as case, case.transaction() as s:
        s.add(Agency(name="ICE", abbreviation="ICE"))
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        s.scalars(select(Agency)).all()
    assert sorted(p.name for p in folder.iterdir()) == [new_case.name]


def test_read_only_open_refuses_writes_and_reads(stored_case):
    with CaseFile.open(stored_case, read_only=True) as case:
        with pytest.raises(ReadOnlyCase, match="open read-only; nothing was changed"), \
                case.transaction():
            pass
        with case.reading() as s:
            assert s.scalar(select(func.count()).select_from(Exemption)) > 10


def test_a_case_closed_under_a_job_is_one_sentence_not_sqlalchemys(stored_case):
    """A job that reads or saves after its window closed the case (the window waits
    for its jobs, a test or a script may not) is told so in words: before, a read
    met SQLAlchemy's "Could not locate a bind" and a save an AttributeError."""
    case = CaseFile.open(stored_case)
    case.close()
    name = case.path.name
    for use in (case.reading, case.transaction):
        with pytest.raises(CaseClosed) as told, use():
            pass
        assert told.value.message == (f"The case {name} was closed: nothing was read "
                                      "from or saved to it.")


# --- one writer at a time -----------------------------------------------------------------
# The lock file is SQLite's: on a server several users write at once, each save
# checked against the row's version (tests/test_concurrent_edits.py).

HOLDER = textwrap.dedent("""
    import sys
    from casefile.store import CaseFile
    case = CaseFile.open(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    case.close()
""")


def _hold_open(path: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "open"
    return child


def test_a_second_process_is_told_who_has_the_case_and_may_read(new_case):
    child = _hold_open(new_case)
    try:
        with pytest.raises(CaseLocked) as refused:
            CaseFile.open(new_case)
        message = str(refused.value)
        assert "open in another Casefile window or command" in message
        assert f"pid {child.pid}" in message and "since" in message
        import socket

        assert socket.gethostname() in message
        with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
            assert s.scalar(select(func.count()).select_from(Exemption)) > 0
    finally:
        child.communicate("\n", timeout=30)
    with CaseFile.open(new_case):
        pass


def test_a_lock_left_by_a_killed_process_is_taken_over(new_case):
    child = _hold_open(new_case)
    child.kill()
    child.wait()
    assert lock_path(new_case).exists()  # it never had the chance to clean up
    with CaseFile.open(new_case) as case:
        assert case.path == new_case
    assert not lock_path(new_case).exists()


def test_a_lock_from_another_computer_is_honoured_until_unlocked(new_case):
    from casefile.store.lock import break_lock

    lock_path(new_case).write_text(
        '{"host": "paralegal-laptop", "pid": 4242, "since": "2026-11-20T09:15:00+00:00"}')
    with pytest.raises(CaseLocked, match="on another computer .paralegal-laptop, pid 4242"):
        CaseFile.open(new_case)
    assert break_lock(new_case)["host"] == "paralegal-laptop"
    with CaseFile.open(new_case):
        pass


# --- backups ---------------------------------------------------------------------------------
# Copies of the file: a server's case is backed up by the server (pg_dump), and
# Casefile refuses to back it up in one sentence (the test after these).


def test_backup_and_restore_bring_back_the_earlier_case(new_case, user_data):
    from casefile.store.restore import restore

    with CaseFile.open(new_case) as case:
        with case.transaction() as s:
            s.add(Agency(name="Immigration and Customs Enforcement", abbreviation="ICE"))
        backup = case.backup()
        with case.transaction() as s:
            s.add(Agency(name="Customs and Border Protection", abbreviation="CBP"))
        assert backup.parent == user_data / "backups" / case.case_uuid
    kept = restore(backup, new_case)
    with CaseFile.open(new_case) as case, case.reading() as s:
        assert list(s.scalars(select(Agency.abbreviation))) == ["ICE"]
    with CaseFile.open(kept, read_only=True) as old, old.reading() as s:
        assert sorted(s.scalars(select(Agency.abbreviation))) == ["CBP", "ICE"]


def test_restore_refuses_while_the_case_is_open(new_case):
    with CaseFile.open(new_case) as case:
        backup = case.backup()
        before = sha256(new_case)
        from casefile.store.restore import restore

        with pytest.raises(CaseLocked):
            restore(backup, new_case)
    assert sha256(new_case) == before


def test_restore_refuses_a_damaged_backup(new_case, tmp_path):
    from casefile.store.restore import restore

    bad = tmp_path / "bad.casefile"
    bad.write_bytes(new_case.read_bytes()[:8192])
    before = sha256(new_case)
    with pytest.raises((CaseFileDamaged, NotACaseFile)):
        restore(bad, new_case)
    assert sha256(new_case) == before


def test_automatic_backups_rotate(new_case, user_data, monkeypatch):
    from casefile.store import backup as backups
    from casefile.store import case as case_module

    monkeypatch.setattr(case_module, "AUTO_BACKUP_INTERVAL_S", -1)
    for n in range(backups.AUTO_KEEP + 2):
        with CaseFile.open(new_case) as case, case.transaction() as s:
            s.add(Agency(name=f"Agency {n}", abbreviation=f"A{n}"))
    autos = list(user_data.rglob("*-auto.casefile"))
    assert len(autos) == backups.AUTO_KEEP
    for auto in autos:
        backups.verify(auto)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_case_on_a_server_is_backed_up_by_the_server_not_by_casefile(fresh_case,
                                                                      user_data):
    with fresh_case.transaction() as s:
        s.add(Agency(name="Immigration and Customs Enforcement", abbreviation="ICE"))
    with pytest.raises(InputError, match="kept on a database server: it is backed up there"):
        fresh_case.backup()
    fresh_case.close()  # changed, yet no automatic backup either
    assert not (user_data / "backups").exists() or not any((user_data / "backups").rglob("*"))


# --- check ----------------------------------------------------------------------------------


def test_check_finds_bytes_that_no_longer_match_their_hash(fresh_case, tmp_path):
    from casefile.ingest import import_files

    pdf = tmp_path / "x.pdf"
    original = _tiny_pdf()
    pdf.write_bytes(original)
    tampered = bytearray(original)
    tampered[len(original) // 2] ^= 0xFF  # one bit-rotted byte, same size
    tampered = bytes(tampered)
    assert len(tampered) == len(original) and tampered != original
    case = fresh_case
    import_files(case, [pdf])
    assert problems(case) == []
    with case.transaction() as s:
        s.execute(BlobChunk.__table__.update().values(data=tampered))
    assert problems(case) == [f"blob {sha256(pdf)[:12]}…: bytes no longer match their SHA-256"]
    with case.transaction() as s:
        s.execute(BlobChunk.__table__.update().values(data=original[:100]))
    assert problems(case) == [
        f"blob {sha256(pdf)[:12]}…: 100 bytes stored, {len(original):,} expected"]


# SQLite's pages overwritten on disk; a server checks its own pages.
def test_check_reports_a_file_damaged_on_disk(new_case, tmp_path):
    from casefile.ingest import import_files

    pdfs = []
    for n in range(3):
        p = tmp_path / f"{n}.pdf"
        p.write_bytes(_tiny_pdf() + bytes(n) * 50_000)
        pdfs.append(p)
    with CaseFile.open(new_case) as case:
        import_files(case, pdfs)
    data = bytearray(new_case.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(3, len(data) // page_size, 2):
        data[page * page_size + 8: page * page_size + 40] = b"\xff" * 32
    new_case.write_bytes(bytes(data))
    try:
        with CaseFile.open(new_case, read_only=True) as case:
            found = problems(case)
        assert found and any("integrity" in p.lower() or "blob" in p for p in found)
    except CaseFileDamaged as exc:
        assert "damaged" in str(exc)


# --- bad input -------------------------------------------------------------------------------
# Files that are not cases; a server's counterparts (a database of another application,
# an empty or missing one, a case newer than the app) are in test_backends.py and above.


@pytest.mark.parametrize("content, error, words", [
    (b"", NotACaseFile, "empty"),
    (b"Dear FOIA Officer,\nplease send the records.", NotACaseFile, "not a Casefile"),
    (b"%PDF-1.7\n...", NotACaseFile, "not a Casefile"),
])
def test_files_that_are_not_case_files_are_refused_untouched(tmp_path, content, error, words):
    path = tmp_path / "x.casefile"
    path.write_bytes(content)
    with pytest.raises(error, match=words):
        CaseFile.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.casefile"]


def test_a_plain_sqlite_database_is_not_a_case_file(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = sha256(path)
    with pytest.raises(NotACaseFile, match="SQLite database, but not a Casefile"):
        CaseFile.open(path)
    assert sha256(path) == before


def test_a_truncated_case_file_is_refused_untouched(new_case, tmp_path):
    from casefile.ingest import import_files

    pdf = tmp_path / "big.pdf"
    pdf.write_bytes(_tiny_pdf() + b"\n%" + bytes(300_000))
    with CaseFile.open(new_case) as case:
        import_files(case, [pdf])
    data = new_case.read_bytes()
    new_case.write_bytes(data[: len(data) // 2])
    before = sha256(new_case)
    with pytest.raises(CaseFileDamaged, match="truncated"):
        CaseFile.open(new_case)
    assert sha256(new_case) == before


def test_missing_file_and_folder_get_a_sentence(tmp_path):
    with pytest.raises(NotACaseFile, match="does not exist"):
        CaseFile.open(tmp_path / "nope.casefile")
    with pytest.raises(NotACaseFile, match="folder"):
        CaseFile.open(tmp_path)


# SQLite's page limit; a server's full disk is its sentence in store.postgres.translate.
def test_a_full_database_stops_the_action_and_keeps_the_file(new_case, tmp_path):
    """SQLITE_FULL, as a full disk raises it, here from a page limit."""
    from casefile.ingest import import_files

    big = tmp_path / "production.pdf"
    big.write_bytes(_tiny_pdf() + b"\n%" + bytes(2_000_000))
    with CaseFile.open(new_case) as case:
        case.engine.dispose()
        pages = sq_pages(new_case)
        event.listen(case.engine, "connect",
                     lambda dbapi, _r: dbapi.execute(f"PRAGMA max_page_count = {pages + 20}"))
        report = import_files(case, [big])
        assert report.stopped.startswith("The disk is full: nothing was saved")
        with case.reading() as s:
            assert s.scalar(select(func.count()).select_from(Blob)) == 0
        assert problems(case) == []


def sq_pages(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA page_count").fetchone()[0]


def _case_and_releases(disk: Path, tmp_path: Path) -> tuple[Path, list[Path]]:
    """A new case on ``disk`` and eight 0.6 MB releases: more than 3 MiB holds."""
    case_path = disk / "case.casefile"
    CaseFile.create(case_path).close()
    files = []
    for n in range(8):
        f = tmp_path / f"release-{n}.pdf"
        f.write_bytes(_tiny_pdf() + b"\n%" + bytes([n]) * 600_000)
        files.append(f)
    return case_path, files


# A full local disk under a case file (a server's disk is the server's to watch).
def test_a_real_full_disk_keeps_every_finished_import(small_disk, tmp_path):
    from casefile.ingest import import_files

    case_path, files = _case_and_releases(small_disk, tmp_path)
    with CaseFile.open(case_path) as case:
        report = import_files(case, files)
        with case.reading() as s:
            stored = s.scalar(select(func.count()).select_from(Document))
        assert report.stopped.startswith(
            f"{stored} of {len(files)} files were saved before the disk filled; the last "
            f"{len(files) - stored} files were not imported.")
        assert 0 < stored < len(files)
        assert report.count("added") == stored
        assert report.not_reached == len(files) - stored
        assert problems(case) == []


# As above, through the command line.
def test_a_full_disk_ends_the_import_command_with_one_sentence(small_disk, tmp_path):
    from tests.conftest import assert_one_clear_line, run_cli

    case_path, files = _case_and_releases(small_disk, tmp_path)
    result = run_cli("import", case_path, *files)
    assert_one_clear_line(result, "files were saved before the disk filled")
    assert result.stdout.splitlines()[0] == "added      release-0.pdf (1 page)"
    assert "not imported" in result.stdout.splitlines()[-1]
    with CaseFile.open(case_path, read_only=True) as case:
        assert problems(case) == []


def test_the_case_file_knows_no_screen_and_the_window_no_queries():
    """Nothing under casefile/ imports Qt or ui, and no module of ui/ imports
    SQLAlchemy or the models, not even inside a function (both import-linter
    contracts in pyproject.toml; neither lists an exception)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_no_module_under_casefile_names_qt_or_ui():
    """The same rule read from the source, so a lazy import cannot slip past."""
    import ast

    root = Path(__file__).resolve().parents[1] / "casefile"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.split(".")[0] in ("PySide6", "PyQt6", "PyQt5", "shiboken6", "ui")]
    assert offenders == []


# Down through 0004/0006, which rebuild FTS5 tables: a server's case only goes up.
def test_compressing_page_text_migrates_down_as_well_as_up(tmp_path):
    from alembic import command

    from casefile.store.schema import upgrade

    path = tmp_path / "old.casefile"
    _case_at_first_revision(path)
    engine = sq.make_migration_engine(path)
    with engine.begin() as conn:
        upgrade(conn)
        assert conn.exec_driver_sql("SELECT typeof(text) FROM document_page").scalar() == "blob"
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        assert conn.exec_driver_sql("SELECT text FROM document_page").scalar() == (
            "ICE-2020-000345 BORTAC deployment (b)(7)(E)")
    engine.dispose()


# The lock and WAL files of a case file; a server drops a dead client's session.
def test_a_script_that_dies_on_an_exception_leaves_no_lock_or_wal(new_case):
    script = textwrap.dedent("""
        import sys
        from casefile.store import CaseFile
        case = CaseFile.open(sys.argv[1])
        raise SystemExit("the script failed before closing its case")
    """)
    done = subprocess.run([sys.executable, "-c", script, str(new_case)], capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert sorted(p.name for p in new_case.parent.iterdir()) == [new_case.name]


def test_another_missing_file_is_named_as_itself_not_as_the_case(fresh_case, tmp_path):
    gone = tmp_path / "exhibit-7.pdf"
    with pytest.raises(NotACaseFile) as refused, fresh_case.transaction():
        gone.read_bytes()
    assert refused.value.message == f"{gone} does not exist."


# SQLite's BEGIN IMMEDIATE; a server locks the rows a save writes, as it writes them.
def test_a_transaction_takes_the_write_lock_as_it_begins(new_case):
    """BEGIN IMMEDIATE waits for another writer; a plain BEGIN that reads first would
    fail at once once that writer had committed (its snapshot stale)."""
    seen: list[str] = []
    with CaseFile.open(new_case) as case:
        event.listen(case.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: seen.append(statement))
        with case.transaction() as s:
            s.execute(select(Agency.id)).all()
        with case.reading() as s:
            s.execute(select(Agency.id)).all()
    assert [x for x in seen if x.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN"]
