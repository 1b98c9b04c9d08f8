"""The case store on both backends (tests/backends.py): SQLite files and PostgreSQL.

Every test here runs twice, on a case file and on a database of the test
run's own PostgreSQL cluster, and expects the same results from both.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from casefile.errors import (
    AccessDenied,
    InputError,
    NotACaseFile,
    ServerUnavailable,
)
from casefile.store import CaseFile, blobs
from casefile.store.models import BlobChunk, Document, DocumentPage
from casefile.store.schema import HEAD, current_revision
from tests.backends import PASSWORD, PASSWORD_USER

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf-samples"
# pdflatex's four pages of blind text; pdftotext reads "Huardest gefburn" on
# every page and the word "Kjift" 5 times on page 1 (checked with poppler).
FOUR_PAGES = CORPUS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf"


# --- the store ---------------------------------------------------------------------------
# Creating, reopening, transactions, read-only opens, upgrades and a case newer
# than the app: tests/test_store.py, on both backends too.


def test_blobs_are_chunked_and_stored_once_by_sha256(fresh_case, monkeypatch):
    monkeypatch.setattr(blobs, "CHUNK_SIZE", 1000)
    data = bytes(range(256)) * 10  # 2,560 bytes: chunks of 1000, 1000, 560
    with fresh_case.transaction() as s:
        blob, new = blobs.put_bytes(s, data)
        again, new_again = blobs.put_bytes(s, data)
        blob_id = blob.id
    assert new and not new_again and again.id == blob_id
    with fresh_case.reading() as s:
        assert blobs.read_bytes(s, blob_id) == data
        sizes = s.scalars(select(func.length(BlobChunk.data)).where(
            BlobChunk.blob_id == blob_id).order_by(BlobChunk.seq)).all()
        assert sizes == [1000, 1000, 560]
        assert blobs.verify_all(s) == []
        s.execute(text("UPDATE blob_chunk SET data = :d WHERE seq = 1"), {"d": b"x" * 1000})
        assert any("no longer match" in p for p in blobs.verify_all(s))


# --- ingest and search -------------------------------------------------------------------


@pytest.fixture
def with_pdf(fresh_case, tmp_path):
    from casefile.ingest import import_files

    if not FOUR_PAGES.exists():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    report = import_files(fresh_case, [FOUR_PAGES, FOUR_PAGES])
    assert [r.status for r in report.results] == ["added", "duplicate"]
    return fresh_case


def test_an_imported_pdf_is_stored_once_and_its_pages_found(with_pdf):
    from casefile.search import search

    with with_pdf.reading() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        assert s.scalar(select(func.count()).select_from(DocumentPage)) == 4
    found = search(with_pdf, "gefburn")
    assert sorted(h.page_no for h in found.hits) == [1, 2, 3, 4]
    assert all(h.kind == "page" for h in found.hits)
    assert "[[gefburn]]" in found.hits[0].snippet.lower()
    # A phrase, a prefix, AND / OR / NOT, and a phrase that is not on any page.
    assert len(search(with_pdf, '"huardest gefburn"').hits) == 4
    assert len(search(with_pdf, "gefbu*").hits) == 4
    assert len(search(with_pdf, "Kjift AND blind").hits) == 4
    assert search(with_pdf, "Kjift NOT blind").hits == []
    assert len(search(with_pdf, "nowhereword OR Kjift").hits) == 4
    assert search(with_pdf, '"gefburn huardest"').hits == []


def test_entries_are_searched_ranked_with_snippets(fresh_case):
    from casefile.matter import add_agency
    from casefile.requests import add_correspondence, add_request
    from casefile.search import search
    from casefile.store.models import CorrespondenceKind, Direction

    with fresh_case.transaction() as s:
        agency = add_agency(s, "Immigration and Customs Enforcement", "ICE")
        request = add_request(s, agency, "Requester", "Palladium records",
                              date_sent=date(2020, 1, 6))
        letter = add_correspondence(s, Direction.OUTGOING, date(2020, 1, 6),
                                    CorrespondenceKind.REQUEST,
                                    requests=[request], subject="Operation Palladium",
                                    body="All records of the BORTAC deployment to Portland.")
        letter_id, request_id = letter.id, request.id
    found = search(fresh_case, "BORTAC deploy*", kinds=("correspondence",))
    assert [h.id for h in found.hits] == [letter_id]
    assert "[[BORTAC]]" in found.hits[0].snippet and "[[deployment]]" in found.hits[0].snippet
    assert found.hits[0].dated == date(2020, 1, 6)
    # Edited, the letter is found by its new words only.
    with fresh_case.transaction() as s:
        from casefile.store.models import Correspondence

        s.get(Correspondence, letter_id).body = "Records of the tactical unit."
    assert search(fresh_case, "BORTAC", kinds=("correspondence",)).hits == []
    assert [h.id for h in search(fresh_case, "tactical").hits] == [letter_id]
    # The filters: the letter's date and request, on both sides of it.
    assert [h.id for h in search(fresh_case, "tactical", date_from=date(2020, 1, 6),
                                 date_to=date(2020, 1, 6)).hits] == [letter_id]
    assert search(fresh_case, "tactical", date_from=date(2020, 1, 7)).hits == []
    assert [h.id for h in search(fresh_case, "tactical", request_id=request_id).hits] == [
        letter_id]
    assert search(fresh_case, "tactical", request_id=request_id + 1).hits == []


def test_a_bates_number_finds_its_page_first(with_pdf):
    from casefile.search import search

    with with_pdf.transaction() as s:
        page = s.scalar(select(DocumentPage).where(DocumentPage.page_no == 3))
        page.bates = "ICE-2020-000345"
    found = search(with_pdf, "ICE-2020-000345")
    assert found.hits[0].exact and found.hits[0].page_no == 3


# --- Vaughn, deadlines, drafts ------------------------------------------------------------


def test_a_vaughn_index_imports_and_its_entries_are_searched(fresh_case, tmp_path):
    from bench import sample_vaughn as sv
    from casefile.search import search
    from casefile.store.models import Record, Withholding
    from casefile.vaughn import data
    from casefile.vaughn.importer import KEEP_BOTH, REFUSED, import_index

    rows = sv.sample_rows(20)
    path = sv.write_agency_docx(tmp_path / "ice.docx", rows)
    with fresh_case.transaction() as s:
        report = import_index(s, path, title="ICE index")
        entries = data.entries(s, report.index_id)
    assert report.imported == 20 and report.count(REFUSED) == 0
    assert [e.entry_no for e in entries] == [r.doc_no for r in rows]
    with fresh_case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Record)) == 20
        assert s.scalar(select(func.count()).select_from(Withholding)) >= 20
    # A second index after the first: ids keep counting on both backends.
    with fresh_case.transaction() as s:
        second = import_index(s, path, title="ICE index, again", again=KEEP_BOTH)
    assert second.imported == 20
    word = next(w for w in rows[0].justification.split() if len(w) > 6 and w.isalpha())
    found = search(fresh_case, word, kinds=("record",))
    assert found.hits and all(h.kind == "record" for h in found.hits)


def test_deadlines_are_entered_and_derived(fresh_case):
    from casefile.deadlines.engine import derive, load_rules
    from casefile.deadlines.entered import add_deadline
    from casefile.matter import add_agency
    from casefile.requests import add_request
    from casefile.store.models import Deadline, FoiaRequest

    with fresh_case.transaction() as s:
        agency = add_agency(s, "Component", "COMP")
        # Received Wed Nov 25, 2020: due Thu Dec 24 (tests/test_deadlines.py
        # works the count out day by day).
        request = add_request(s, agency, "Requester", "records", date_sent=date(2020, 11, 25),
                              date_received=date(2020, 11, 25), tracking_no="2020-TEST-00001")
        add_deadline(s, "Answer due", date(2021, 2, 1))
        request_id = request.id

    with fresh_case.reading() as s:
        result = derive(s, s.get(FoiaRequest, request_id), date(2021, 1, 5), load_rules())
        dates = {d.key: d for d in result.dates}
        assert dates["initial"].due == date(2020, 12, 24)
        assert s.scalars(select(Deadline.due_on)).all() == [date(2021, 2, 1)]


def test_a_draft_is_filled_from_the_case(fresh_case, tmp_path):
    import docx

    from casefile.drafts import render, templates
    from casefile.drafts.context import build
    from casefile.matter import add_matter

    with fresh_case.transaction() as s:
        add_matter(s, "Doe v. ICE", "Doe v. ICE", court="District of Columbia",
                   docket_no="1:20-cv-01234")
    with fresh_case.reading() as s:
        context = build(s)
    assert context.values["matter"]["docket_no"] == "1:20-cv-01234"
    out = render.draft(templates.find("complaint"), context.values, tmp_path / "c.docx",
                       author="x")
    cells = "\n".join(c.text for t in docx.Document(out).tables for row in t.rows
                      for c in row.cells)
    assert "1:20-cv-01234" in cells


# --- bad input: a server's refusals, one sentence each ----------------------------------------


def test_a_server_that_cannot_be_reached_is_one_sentence(tmp_path):
    pytest.importorskip("psycopg")
    url = f"postgresql://casefile@/palladium?host={tmp_path}"  # no server listens there
    with pytest.raises(ServerUnavailable, match="cannot be reached"):
        CaseFile.open(url)
    with pytest.raises(ServerUnavailable, match="cannot be reached"):
        CaseFile.create(url)


def test_a_wrong_password_is_one_sentence(pg_cluster):
    with pytest.raises(AccessDenied, match=f"refused the password for {PASSWORD_USER}") as e:
        CaseFile.open(pg_cluster.url("postgres", PASSWORD_USER, "wrong"))
    assert "wrong" not in str(e.value)  # a password is never shown
    database = f"t_{uuid.uuid4().hex[:12]}"
    try:  # the right one works
        CaseFile.create(pg_cluster.url(database, PASSWORD_USER, PASSWORD)).close()
    finally:
        pg_cluster.drop(database)


def test_a_database_of_another_application_is_refused_untouched(pg_cluster):
    database = f"t_{uuid.uuid4().hex[:12]}"
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        import psycopg

        with psycopg.connect(host=str(pg_cluster.root), user="casefile", dbname=database,
                             autocommit=True) as conn:
            conn.execute("CREATE TABLE invoice (id serial PRIMARY KEY, total numeric)")
        url = pg_cluster.url(database)
        with pytest.raises(NotACaseFile, match="belongs to another application"):
            CaseFile.open(url)
        with pytest.raises(InputError, match="already holds tables"):
            CaseFile.create(url)
        with psycopg.connect(host=str(pg_cluster.root), user="casefile", dbname=database) as c:
            tables = c.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            assert [t for (t,) in tables] == ["invoice"]
    finally:
        pg_cluster.drop(database)


def test_an_empty_database_and_a_missing_one_are_sentences(pg_cluster):
    with pytest.raises(NotACaseFile, match="There is no database nosuchcase"):
        CaseFile.open(pg_cluster.url("nosuchcase"))
    with pytest.raises(NotACaseFile, match="is empty"):
        CaseFile.open(pg_cluster.url("postgres"))


def test_the_command_line_makes_and_describes_a_case_on_the_server(pg_cluster, request):
    from tests.conftest import run_cli

    database = f"t_{uuid.uuid4().hex[:12]}"
    request.addfinalizer(lambda: pg_cluster.drop(database))
    made = run_cli("new", pg_cluster.url(database))
    assert made.returncode == 0, made.stderr
    assert f"Created {database}" in made.stdout
    again = run_cli("new", pg_cluster.url(database))
    assert again.returncode != 0 and "already holds tables" in again.stderr
    assert "Traceback" not in again.stderr
    missing = run_cli("info", f"postgresql://casefile@/x?host={pg_cluster.root}/nothere")
    assert missing.returncode != 0 and "cannot be reached" in missing.stderr
    assert "Traceback" not in missing.stderr


# --- the same revisions on both ---------------------------------------------------------------


def _pg_schema(url: str) -> dict:
    """Tables, their columns (type, nullable), indexes and foreign keys, as the server has them."""
    from sqlalchemy import create_engine, inspect

    from casefile.store import postgres

    engine = create_engine(postgres.as_url(url))
    try:
        insp = inspect(engine)
        out = {}
        for table in insp.get_table_names():
            out[table] = (
                sorted((c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)),
                sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                       for i in insp.get_indexes(table)),
                sorted((tuple(f["constrained_columns"]), f["referred_table"])
                       for f in insp.get_foreign_keys(table)),
                insp.get_pk_constraint(table)["constrained_columns"])
        with engine.connect() as conn:
            triggers = conn.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1").scalars().all()
        return {"tables": out, "triggers": triggers}
    finally:
        engine.dispose()


def test_every_revision_runs_on_postgresql_and_builds_what_a_new_case_has(pg_cluster, request):
    from casefile.store import pg_notify, postgres, schema

    made, migrated = (f"t_{uuid.uuid4().hex[:12]}" for _ in range(2))
    request.addfinalizer(lambda: [pg_cluster.drop(d) for d in (made, migrated)])
    CaseFile.create(pg_cluster.url(made)).close()
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE DATABASE "{migrated}"')
    url = postgres.as_url(pg_cluster.url(migrated))
    engine = postgres.make_engine(url)
    try:
        with engine.begin() as conn:
            schema.upgrade(conn)  # 0001 … head, the revisions' PostgreSQL branches
    finally:
        engine.dispose()
    new, old = _pg_schema(pg_cluster.url(made)), _pg_schema(pg_cluster.url(migrated))
    assert new["triggers"] == old["triggers"]
    assert len(new["triggers"]) == 4 + len(pg_notify.tables())  # search; change notices
    assert sorted(new["tables"]) == sorted(old["tables"]) and len(new["tables"]) > 30
    for table in new["tables"]:
        assert new["tables"][table] == old["tables"][table], table
    # And the migrated database opens as a case (catalog added at the open).
    with CaseFile.open(pg_cluster.url(migrated)) as case, case.reading() as s:
        assert current_revision(s.connection()) == HEAD


def test_check_and_reindex_work_on_both(with_pdf, backend):
    from casefile.search import search
    from casefile.store import fts
    from casefile.store.check import problems

    assert problems(with_pdf) == []
    if backend == "postgresql":
        with with_pdf.transaction() as s:
            s.execute(text("DELETE FROM page_search WHERE page_id = "
                           "(SELECT min(page_id) FROM page_search)"))
        assert problems(with_pdf) == [
            "the search index lacks 1 pages; rebuild it with 'casefile reindex'"]
        assert len(search(with_pdf, "gefburn").hits) == 3
    with with_pdf.transaction() as s:
        assert fts.rebuild(s.connection()) == 4
    assert problems(with_pdf) == []
    assert len(search(with_pdf, "gefburn").hits) == 4


@pytest.mark.parametrize("fts, tsquery", [
    ("BORTAC", "'bortac'"),
    ('"target package"', "('target' <-> 'package')"),
    ("deploy*", "'deploy':*"),
    ('"ICE 2020 000345"', "('ice' <-> '2020' <-> '000345')"),
    ("Palladium NOT BORTAC", "'palladium' & ! 'bortac'"),
    ('( ( "b 7 E" OR b7E ) OR ( "b 6" OR b6 ) ) AND harm',
     "( ( ('b' <-> '7' <-> 'e') | 'b7e' ) | ( ('b' <-> '6') | 'b6' ) ) & 'harm'"),
    ('( "b 7" OR b7* )', "( ('b' <-> '7') | 'b7':* )"),
    ("target package", "'target' & 'package'"),
    ('"target pack"*', "('target' <-> 'pack':*)"),
    ("a OR b c", "'a' | 'b' & 'c'"),
])
def test_the_query_language_in_tsquery_terms(fts, tsquery):
    from casefile.store.pg_search import to_tsquery

    assert to_tsquery(fts) == tsquery


TYPED = ["BORTAC", '"target package"', "deploy*", "ICE-2020-000345", "Palladium NOT BORTAC",
         "(b7E OR b6) AND harm", '"unclosed phrase', "BORTAC AND", "(open", "U.S.C.",
         "(b)(7)(E)", "552(b) withheld", "b(5)", "(b)(7)", "b5-dp", "Palladium (b5 OR b6)",
         "(target OR package) (BORTAC)", "\u201ctarget package\u201d", "a AND NOT b",
         "a () b", "a) b", "NEAR", "O'Brien", "e-mail: agent@ice.dhs.gov", "100%", "C++",
         "résumé", "x" * 300, "((((((((((((deep))))))))))))"]


def test_whatever_is_typed_is_read_by_both_backends(fresh_case):
    from casefile.search import search

    for typed in TYPED:
        search(fresh_case, typed)  # no error: each is words, never a syntax error


def test_an_import_whose_server_connection_is_lost_keeps_what_was_saved(pg_cluster,
                                                                        tmp_path, monkeypatch):
    """The server's backend killed while the second of three files is being stored:
    the first stays whole, the second is not half-written, the batch stops with one
    sentence naming what was not reached, and importing again finishes the job."""
    from casefile.ingest import batch, import_files

    database = f"t_{uuid.uuid4().hex[:12]}"

    files = []
    for n, words in enumerate(("courthouse arrests", "detainer requests", "field office")):
        path = tmp_path / f"letter{n + 1}.txt"
        path.write_text(f"Memorandum {n + 1} about {words} in New York.\n")
        files.append(path)
    real = batch._store_and_read
    calls = []

    def store_then_lose_the_server(session, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            session.connection().exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return real(session, *args, **kwargs)

    request_cleanup = pg_cluster.drop
    with CaseFile.create(pg_cluster.url(database)) as case:
        monkeypatch.setattr(batch, "_store_and_read", store_then_lose_the_server)
        report = import_files(case, files)
        monkeypatch.undo()
        assert [r.status for r in report.results] == ["added"]
        assert report.not_reached == 2 and report.stopped.startswith(
            "The local database server could no longer be reached: 1 of 3 files "
            "were saved before; the last 2 files were not imported.")
        with case.reading() as s:
            assert s.scalars(select(Document.name)).all() == ["letter1.txt"]
        again = import_files(case, files)
        assert [r.status for r in again.results] == ["duplicate", "added", "added"]
    request_cleanup(database)
