"""Two copies of one case brought together (issue 20, item 4): `casefile merge MINE
THEIRS`, and `casefile sync` of a pulled copy with its server.

The copies are two copies of the demo case, edited through the functions the
CLI calls (update_request, add_agency, removal's deletes, import_files); THEIRS's
edits are saved as "maria" (her name is what her Casefile stamps). Each test
states what the merged case must hold, from the edits made on each side.
"""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from casefile import versions
from casefile.errors import CasefileError, InputError
from casefile.matter import add_agency, find_agency
from casefile.removal import delete_agency, delete_deadline
from casefile.requests import add_request, find_request, update_request
from casefile.search import search
from casefile.store import CaseFile
from casefile.store.audit_log import AuditEntry
from casefile.store.models import Agency, Deadline, Document, DocumentPage, FoiaRequest, RequestItem
from casefile.sync import merge
from tests.conftest import assert_one_clear_line, run_cli, sha256

ICE_REQUEST = "2020-ICFO-12345"  # the demo's request to ICE (request 1)
DHS_REQUEST = "2020-HQFO-01234"  # and to DHS headquarters (request 2)


# Sentences show local time; with tests/conftest.py's utc_clock they can be spelled out.
pytestmark = pytest.mark.usefixtures("utc_clock")


@pytest.fixture
def copies(demo_case, tmp_path):
    """MINE and THEIRS: two copies of the demo case, parted now."""
    theirs = tmp_path / "theirs.casefile"
    shutil.copyfile(demo_case, theirs)
    return demo_case, theirs


def _as_maria(monkeypatch):
    monkeypatch.setattr(versions, "_users", {})
    monkeypatch.setattr(versions, "current_user", lambda session: "maria")


def _edit(path, work):
    with CaseFile.open(path) as case, case.transaction() as s:
        return work(s)


def _spelled(at) -> str:
    return f"{at:%B} {at.day}, {at.year} at {at:%H:%M}"


def _request(path, tracking_no):
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return find_request(s, tracking_no)


def _last_change_at(path, field):
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return s.scalar(select(AuditEntry.changed_at).where(AuditEntry.field == field)
                        .order_by(AuditEntry.id.desc()).limit(1))


def test_their_changes_are_taken_field_by_field_and_a_conflict_overwrites_nothing(
        copies, monkeypatch):
    mine, theirs = copies
    # Mine: the ICE request's subject, and the DHS request's requester.
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST),
                                         subject="Palladium records, narrowed"))
    _edit(mine, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                         requester="Immigrant Defense Project (mine)"))
    # Theirs: the same subject otherwise, the DHS request's status, a new agency,
    # one deadline deleted.
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST),
                                           subject="Palladium records, as amended"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    with CaseFile.open(theirs, read_only=True) as case, case.reading() as s:
        gone = s.scalars(select(Deadline).order_by(Deadline.id)).first()
        gone_uuid, deadlines = gone.uuid, s.scalar(select(func.count()).select_from(Deadline))
    _edit(theirs, lambda s: delete_deadline(s, s.scalar(
        select(Deadline).where(Deadline.uuid == gone_uuid))))
    monkeypatch.undo()
    their_at = _last_change_at(theirs, "subject")
    theirs_before = sha256(theirs)

    done = run_cli("merge", mine, theirs, env={"TZ": "UTC"})
    # A conflict is left for the user: exit 3, as other commands that report problems.
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        f"1. Request {ICE_REQUEST}, subject: you wrote “Palladium records, narrowed”; maria "
        f"wrote “Palladium records, as amended” on {_spelled(their_at)}.",
        "Took 3 changes from theirs.casefile; 1 conflict, listed above; nothing of yours "
        "was overwritten.",
    ]
    assert sha256(theirs) == theirs_before  # THEIRS is only read

    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        ice, dhs = find_request(s, ICE_REQUEST), find_request(s, DHS_REQUEST)
        assert ice.subject == "Palladium records, narrowed"  # mine, kept
        assert dhs.status.value == "closed"  # theirs, taken
        assert dhs.requester == "Immigrant Defense Project (mine)"  # mine, untouched
        assert dhs.updated_by == "maria"
        bop = find_agency(s, "BOP")
        assert bop.name == "Federal Bureau of Prisons"
        assert bop.id == 4  # a new id after the demo's three agencies
        assert s.scalar(select(Deadline).where(Deadline.uuid == gone_uuid)) is None
        assert s.scalar(select(func.count()).select_from(Deadline)) == deadlines - 1


def test_a_second_merge_takes_nothing_and_lists_the_open_conflict_again(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Hers"))
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    monkeypatch.undo()
    first = merge(mine, theirs)
    assert (first.inserted, first.updated, first.deleted, len(first.conflicts)) == (1, 0, 0, 1)
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        agencies = s.scalar(select(func.count()).select_from(Agency))
    before = sha256(mine)

    again = merge(mine, theirs)
    assert again.taken == 0 and again.entries == 0
    assert [c.sentence() for c in again.conflicts] == [c.sentence() for c in first.conflicts]
    assert sha256(mine) == before
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Agency)) == agencies


def test_keep_theirs_settles_the_conflict_their_way_and_then_it_is_closed(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Hers"))
    monkeypatch.undo()
    done = run_cli("merge", mine, theirs, "--keep", "theirs")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "Took 1 change from theirs.casefile; 1 conflict, listed above, settled their way as "
        "you asked.")
    assert _request(mine, ICE_REQUEST).subject == "Hers"
    again = merge(mine, theirs)
    assert again.taken == 0 and again.conflicts == []


def test_keep_mine_closes_the_conflict_with_my_value(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Hers"))
    monkeypatch.undo()
    merged = merge(mine, theirs, keep="mine")
    assert len(merged.conflicts) == 1 and merged.taken == 0
    assert _request(mine, ICE_REQUEST).subject == "Mine"
    assert merge(mine, theirs).conflicts == []


def test_a_delete_meets_a_change_as_a_conflict_either_way(copies, monkeypatch):
    mine, theirs = copies
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        first, second = [d.uuid for d in s.scalars(select(Deadline).order_by(Deadline.id))][:2]

    def retitle(uuid, title):
        def work(s):
            s.scalar(select(Deadline).where(Deadline.uuid == uuid)).title = title
            s.flush()
        return work

    def remove(uuid):
        return lambda s: delete_deadline(s, s.scalar(select(Deadline).where(Deadline.uuid == uuid)))

    _edit(mine, retitle(first, "Mine: kept"))  # they delete it
    _edit(mine, remove(second))  # they change it
    _as_maria(monkeypatch)
    _edit(theirs, remove(first))
    _edit(theirs, retitle(second, "Hers: changed"))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    sentences = [c.sentence() for c in merged.conflicts]
    assert len(sentences) == 2 and merged.taken == 0
    assert sentences[0].startswith("Deadline “Hers: changed”: you deleted it; maria changed "
                                   "its title on ")
    assert sentences[0].endswith(". It stays deleted.")
    assert sentences[1].startswith("Deadline “Mine: kept”: you changed it; maria deleted it on ")
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Deadline.title).where(Deadline.uuid == first)) == "Mine: kept"
        assert s.scalar(select(Deadline).where(Deadline.uuid == second)) is None


def test_a_request_and_a_document_they_added_come_with_their_items_pages_and_links(
        copies, monkeypatch, tmp_path):
    from casefile.ingest import import_files
    from casefile.sample_pdfs import text_pdf

    mine, theirs = copies
    # A two-page letter; its second page alone names "Quillfeather".
    pdf = tmp_path / "bop-letter.pdf"
    pdf.write_bytes(text_pdf("Letter from the Bureau", [["First page: nothing to see."],
                                                         ["Second page names Quillfeather."]]))
    with CaseFile.open(mine, read_only=True) as case:
        assert not search(case, "Quillfeather").hits
    _edit(mine, lambda s: add_agency(s, "Drug Enforcement Administration", "DEA"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    _edit(theirs, lambda s: add_request(s, find_agency(s, "BOP"), "IDP",
                                        "Records of transfers to BOP custody",
                                        items=["Transfer logs", "Emails about transfers"]))
    with CaseFile.open(theirs) as case:
        report = import_files(case, [pdf])
    assert [r.status for r in report.results] == ["added"]
    monkeypatch.undo()

    merged = merge(mine, theirs)
    assert merged.conflicts == []
    assert merged.inserted == 3  # the agency, the request, the document
    assert merged.pages == 2
    with CaseFile.open(mine, read_only=True) as case:
        with case.reading() as s:
            # MINE's DEA took id 4, so their BOP (4 in THEIRS) is 5 here, and the
            # request names it by that id.
            bop = find_agency(s, "BOP")
            assert bop.id == 5 and find_agency(s, "DEA").id == 4
            request = s.scalar(select(FoiaRequest).where(
                FoiaRequest.subject == "Records of transfers to BOP custody"))
            assert request.agency_id == bop.id
            assert [i.text for i in s.scalars(select(RequestItem).where(
                RequestItem.request_id == request.id).order_by(RequestItem.number))] == \
                ["Transfer logs", "Emails about transfers"]
            document = s.scalar(select(Document).where(Document.name == "bop-letter.pdf"))
            assert document.page_count == 2
            assert s.scalar(select(func.count()).select_from(DocumentPage).where(
                DocumentPage.document_id == document.id)) == 2
            from casefile.store import blobs

            assert blobs.read_bytes(s, document.blob_id) == pdf.read_bytes()
        hits = search(case, "Quillfeather").hits
        assert [(h.kind, h.page_no) for h in hits] == [("page", 2)]


def test_copies_of_different_cases_are_refused_in_one_sentence(demo_case, new_case):
    before = sha256(demo_case)
    done = run_cli("merge", demo_case, new_case)
    assert_one_clear_line(done, "are not copies of one case")
    assert sha256(demo_case) == before


def test_an_agency_they_deleted_stays_when_my_new_request_names_it(copies, monkeypatch):
    mine, theirs = copies
    # I file a new request with CBP; they delete CBP, which no request named in their
    # copy. Deleting it here would orphan my request (the database would refuse):
    # a conflict, CBP kept, and the rest of their changes taken.
    _edit(mine, lambda s: add_request(s, find_agency(s, "CBP"), "IDP", "CBP records"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    _edit(theirs, lambda s: delete_agency(s, find_agency(s, "CBP")))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    [conflict] = merged.conflicts
    assert conflict.sentence().startswith("Agency CBP: maria deleted it on ")
    assert conflict.sentence().endswith(", but Request “CBP records”, which you changed or "
                                        "added, hangs on it. It is kept.")
    assert merged.taken == 1
    assert _request(mine, DHS_REQUEST).status.value == "closed"
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert find_agency(s, "CBP") is not None


def test_a_merge_that_fails_midway_leaves_mine_as_it_was(copies, monkeypatch, tmp_path):
    from casefile import sync
    from casefile.ingest import import_files
    from casefile.sample_pdfs import text_pdf

    mine, theirs = copies
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(text_pdf("A letter", [["One page."]]))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    with CaseFile.open(theirs) as case:
        import_files(case, [pdf])
    monkeypatch.undo()
    before = sha256(mine)

    # The disk fills while the new pages are indexed: after their rows went in.
    def full(*_args):
        from casefile.errors import DiskFull

        raise DiskFull("The disk is full: nothing was changed.")
    monkeypatch.setattr(sync, "_index", full)
    done_wrong = pytest.raises(CasefileError, match="disk is full")
    with done_wrong:
        merge(mine, theirs)
    assert sha256(mine) == before
    monkeypatch.undo()
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Agency).where(Agency.abbreviation == "BOP")) is None
        assert find_request(s, DHS_REQUEST).status.value != "closed"
    assert merge(mine, theirs).inserted == 2  # and it all goes in at the next try


def test_a_date_field_reads_as_a_date_in_the_conflict(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST),
                                         date_received=date(2020, 6, 22)))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST),
                                           date_received=date(2020, 6, 23)))
    monkeypatch.undo()
    [conflict] = merge(mine, theirs).conflicts
    assert conflict.sentence().startswith(
        f"Request {ICE_REQUEST}, date received: you wrote June 22, 2020; maria wrote "
        "June 23, 2020 on ")


# --- sync with the server (PostgreSQL, the test run's own cluster) ------------------------


def _pulled_at(path):
    from casefile.store.transfer import PULLED_AT, origin

    with CaseFile.open(path, read_only=True) as case:
        return origin(case)[PULLED_AT]


def test_sync_sends_mine_takes_the_servers_and_lists_the_conflict(pulled, monkeypatch):
    copy, url = pulled
    base = _pulled_at(copy)
    # Offline: the ICE request's subject, the DHS request's requester, a new agency.
    _edit(copy, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Offline"))
    _edit(copy, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                         requester="IDP (offline)"))
    _edit(copy, lambda s: add_agency(s, "Drug Enforcement Administration", "DEA"))
    # Meanwhile on the server, maria: the same subject otherwise, the DHS status, and BOP.
    _as_maria(monkeypatch)
    _edit(url, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Server"))
    _edit(url, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    _edit(url, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    monkeypatch.undo()
    their_at = _last_change_at(url, "subject")

    done = run_cli("sync", copy, env={"TZ": "UTC"})
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (f"1. Request {ICE_REQUEST}, subject: you wrote “Offline”; maria wrote "
                        f"“Server” on {_spelled(their_at)}.")
    assert lines[1].startswith("Took 2 changes from the server and sent 2 changes to it; "
                               "1 conflict, listed above; nothing was overwritten on either "
                               "side. The copy's base is now ")
    assert _pulled_at(copy) > base

    for where in (copy, url):
        with CaseFile.open(where, read_only=True) as case, case.reading() as s:
            dhs = find_request(s, DHS_REQUEST)
            assert (dhs.status.value, dhs.requester) == ("closed", "IDP (offline)"), where
            assert {a.abbreviation for a in s.scalars(select(Agency))} == \
                {"DHS", "ICE", "CBP", "BOP", "DEA"}
    assert _request(copy, ICE_REQUEST).subject == "Offline"
    assert _request(url, ICE_REQUEST).subject == "Server"

    # Nothing new on either side: a second sync takes and sends nothing, and the open
    # conflict is listed again; --keep theirs then settles it the server's way.
    from casefile.sync import sync

    again = sync(copy)
    assert (again.taken.taken, again.sent.taken) == (0, 0)
    assert len(again.taken.conflicts) == 1
    settled = sync(copy, keep="theirs")
    assert settled.taken.taken == 1 and settled.sent.taken == 0
    assert _request(copy, ICE_REQUEST).subject == "Server"
    assert _request(url, ICE_REQUEST).subject == "Server"
    assert sync(copy).taken.conflicts == []


def test_a_document_imported_offline_reaches_the_server_searchable(pulled, tmp_path):
    from casefile.ingest import import_files
    from casefile.sample_pdfs import text_pdf

    copy, url = pulled
    pdf = tmp_path / "offline-letter.pdf"
    # Its first page alone names "Quillfeather".
    pdf.write_bytes(text_pdf("Offline letter", [["Quillfeather, on page one."],
                                                ["Nothing on page two."]]))
    with CaseFile.open(copy) as case:
        assert [r.status for r in import_files(case, [pdf]).results] == ["added"]
    synced = run_cli("sync", copy)
    assert synced.returncode == 0, synced.stderr
    with CaseFile.open(url, read_only=True) as server:
        assert [(h.kind, h.page_no) for h in search(server, "Quillfeather").hits] == \
            [("page", 1)]


def test_a_wrong_password_is_one_sentence_and_the_copy_is_untouched(pulled, pg_cluster):
    from tests.backends import PASSWORD_USER

    copy, url = pulled
    before = sha256(copy)
    database = make_url(url).database
    wrong = pg_cluster.url(database, user=PASSWORD_USER, password="wrong")
    done = run_cli("sync", copy, "--url", wrong)
    assert_one_clear_line(done, "refused the password")
    assert "wrong" not in done.stderr  # the password is never shown
    assert sha256(copy) == before


def test_sync_refuses_a_file_that_was_never_pulled(demo_case):
    before = sha256(demo_case)
    done = run_cli("sync", demo_case)
    assert_one_clear_line(done, "was not pulled from a server", "casefile merge")
    assert sha256(demo_case) == before


def test_a_row_they_added_to_one_i_deleted_is_left_out_and_listed(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: delete_agency(s, find_agency(s, "CBP")))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: add_request(s, find_agency(s, "CBP"), "IDP", "Border records",
                                        items=["Logs"]))
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    assert merged.inserted == 1  # BOP; not the request
    [conflict] = merged.conflicts
    assert conflict.sentence().startswith(
        "Request “Border records”: maria added it to Agency CBP on ")
    assert conflict.sentence().endswith(", which you deleted; it was left out.")
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(FoiaRequest).where(FoiaRequest.subject == "Border records")) \
            is None
        assert s.scalar(select(func.count()).select_from(RequestItem).where(
            RequestItem.text == "Logs")) == 0
    # Still open: listed again, nothing taken.
    again = merge(mine, theirs)
    assert again.taken == 0
    assert [c.sentence() for c in again.conflicts] == [conflict.sentence()]


def test_their_link_to_a_row_they_added_is_translated(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: add_agency(s, "Drug Enforcement Administration", "DEA"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                           agency=find_agency(s, "BOP")))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    assert (merged.inserted, merged.updated, merged.conflicts) == (1, 1, [])
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        # BOP is 4 in THEIRS, 5 here (DEA took 4): the request names 5.
        assert find_agency(s, "BOP").id == 5
        assert find_request(s, DHS_REQUEST).agency_id == 5


def test_a_conflict_shows_long_values_whole_and_statuses_in_words(copies, monkeypatch):
    mine, theirs = copies
    long_mine = ("Records of Operation Palladium, narrowed to 2019 and 2020 by the parties' "
                 "agreement")
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject=long_mine))
    _edit(mine, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="processing"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Short"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                           status="appeal_decided"))
    monkeypatch.undo()
    sentences = [c.sentence() for c in merge(mine, theirs).conflicts]
    assert sentences[0].startswith(f"Request {ICE_REQUEST}, subject: you wrote “{long_mine}”; "
                                   "maria wrote “Short” on ")
    assert sentences[1].startswith(f"Request {DHS_REQUEST}, status: you wrote “processing”; "
                                   "maria wrote “appeal decided” on ")


def test_conflicts_are_settled_one_by_one_by_their_numbers(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _edit(mine, lambda s: update_request(s, find_request(s, DHS_REQUEST), subject="Mine too"))
    _edit(mine, lambda s: update_request(s, find_request(s, DHS_REQUEST), requester="Me"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Hers"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), subject="Hers too"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), requester="Her"))
    monkeypatch.undo()
    listed = run_cli("merge", mine, theirs)
    assert listed.returncode == 3
    assert [line.split(":")[0] for line in listed.stdout.splitlines()[:3]] == [
        f"1. Request {ICE_REQUEST}, subject", f"2. Request {DHS_REQUEST}, subject",
        f"3. Request {DHS_REQUEST}, requester"]

    # Theirs in 2, mine in 3; 1 stays open (and so exit 3).
    done = run_cli("merge", mine, theirs, "--theirs", "2", "--mine", "3")
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].endswith("[settled: theirs]") and lines[2].endswith("[settled: yours]")
    assert lines[3] == ("Took 1 change from theirs.casefile; 3 conflicts, listed above: "
                        "1 settled their way, 1 your way, 1 left open; nothing of yours was "
                        "overwritten.")
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        ice, dhs = find_request(s, ICE_REQUEST), find_request(s, DHS_REQUEST)
        assert (ice.subject, dhs.subject, dhs.requester) == ("Mine", "Hers too", "Me")
    again = merge(mine, theirs)
    assert [c.field for c in again.conflicts] == ["subject"]  # the open one, now number 1
    assert again.conflicts[0].row_uuid == ice.uuid


def test_a_conflict_number_not_listed_is_refused_and_nothing_changes(copies, monkeypatch):
    mine, theirs = copies
    _edit(mine, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Hers"))
    _edit(theirs, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    monkeypatch.undo()
    before = sha256(mine)
    done = run_cli("merge", mine, theirs, "--theirs", "4")
    assert_one_clear_line(done, "There is 1 conflict: 4 is not one of them; nothing was changed.")
    assert sha256(mine) == before


def test_sync_carries_deletions_both_ways_and_keep_mine_reaches_the_server(
        pulled, monkeypatch):
    from casefile.sync import sync

    copy, url = pulled
    with CaseFile.open(copy, read_only=True) as case, case.reading() as s:
        first, second = [d.uuid for d in s.scalars(select(Deadline).order_by(Deadline.id))][:2]
        deadlines = s.scalar(select(func.count()).select_from(Deadline))

    def remove(uuid):
        return lambda s: delete_deadline(s, s.scalar(select(Deadline).where(Deadline.uuid == uuid)))

    _edit(copy, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Offline"))
    _edit(copy, remove(first))
    _as_maria(monkeypatch)
    _edit(url, lambda s: update_request(s, find_request(s, ICE_REQUEST), subject="Server"))
    _edit(url, remove(second))
    monkeypatch.undo()

    synced = sync(copy, keep="mine")
    assert [c.settled for c in synced.taken.conflicts] == ["mine"]
    assert (synced.taken.deleted, synced.sent.deleted) == (1, 1)
    assert synced.sent.updated == 1  # my subject, onto the server
    for where in (copy, url):
        with CaseFile.open(where, read_only=True) as case, case.reading() as s:
            assert find_request(s, ICE_REQUEST).subject == "Offline", where
            assert s.scalar(select(func.count()).select_from(Deadline).where(
                Deadline.uuid.in_([first, second]))) == 0, where
            assert s.scalar(select(func.count()).select_from(Deadline)) == deadlines - 2
    again = sync(copy)
    assert (again.taken.taken, again.sent.taken, again.taken.conflicts) == (0, 0, [])


def test_a_delete_they_undid_deletes_nothing(copies, monkeypatch):
    from casefile.removal import put_back

    mine, theirs = copies
    with CaseFile.open(theirs, read_only=True) as case, case.reading() as s:
        kept = s.scalars(select(Deadline.uuid).order_by(Deadline.id)).first()
    _as_maria(monkeypatch)
    removed = _edit(theirs, lambda s: delete_deadline(s, s.scalar(
        select(Deadline).where(Deadline.uuid == kept))))
    _edit(theirs, lambda s: put_back(s, removed))  # Undo
    monkeypatch.undo()
    merged = merge(mine, theirs)
    assert (merged.taken, merged.conflicts) == (0, [])
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Deadline).where(Deadline.uuid == kept)) is not None


def test_a_vaughn_index_they_imported_in_bulk_comes_with_its_entries_and_claims(
        copies, monkeypatch):
    from pathlib import Path

    from casefile.store.models import Record, VaughnIndex, Withholding
    from casefile.vaughn.importer import import_index

    # tests/vaughn_corpus/05_epa_blank_rows.csv: 9 entries (its .expected.json, by hand).
    csv = Path(__file__).parent / "vaughn_corpus" / "05_epa_blank_rows.csv"
    mine, theirs = copies

    def counts(path):
        with CaseFile.open(path, read_only=True) as case, case.reading() as s:
            index = s.scalar(select(VaughnIndex).where(VaughnIndex.title == "EPA index"))
            if index is None:
                return None
            records = s.scalars(select(Record).where(Record.index_id == index.id)
                                .order_by(Record.position)).all()
            claims = s.scalar(select(func.count()).select_from(Withholding).where(
                Withholding.record_id.in_([r.id for r in records])))
            return [(r.entry_no, r.description) for r in records], claims

    _as_maria(monkeypatch)
    _edit(theirs, lambda s: import_index(s, csv, title="EPA index"))
    monkeypatch.undo()
    expected = counts(theirs)
    assert len(expected[0]) == 9 and expected[1] > 0
    assert counts(mine) is None
    merged = merge(mine, theirs)
    assert merged.inserted == 10 and merged.conflicts == []  # the index and its 9 entries
    assert counts(mine) == expected
    with CaseFile.open(mine, read_only=True) as case:
        # The entries are searchable here (the search triggers saw them arrive):
        # "Harbor Watch" is in the CSV's first entry, not in the demo case.
        with case.reading() as s:
            first = s.scalar(select(Record.id).where(Record.description.like("%Harbor Watch%")))
        assert first is not None
        assert [h.id for h in search(case, '"Harbor Watch"', limit=50).hits
                if h.kind == "record"] == [first]


def test_a_server_out_of_reach_or_of_another_case_is_one_sentence(pulled, pg_cluster,
                                                                   new_case):
    import uuid

    from casefile.store.transfer import push

    copy, _url = pulled
    before = sha256(copy)
    gone = run_cli("sync", copy, "--url", "postgresql://casefile@/nothing?host=/tmp/no-such-sock")
    assert_one_clear_line(gone, "cannot be reached")
    other = pg_cluster.url(f"t_{uuid.uuid4().hex[:12]}")
    push(new_case, other)  # another case altogether
    try:
        refused = run_cli("sync", copy, "--url", other)
        assert_one_clear_line(refused, "are not copies of one case")
    finally:
        pg_cluster.drop(make_url(other).database)
    assert sha256(copy) == before


@pytest.fixture
def copies_with_index(demo_case, tmp_path):
    """MINE and THEIRS parted after the EPA index (9 entries) was imported."""
    from pathlib import Path

    from casefile.vaughn.importer import import_index

    csv = Path(__file__).parent / "vaughn_corpus" / "05_epa_blank_rows.csv"
    _edit(demo_case, lambda s: import_index(s, csv, title="EPA index"))
    theirs = tmp_path / "theirs.casefile"
    shutil.copyfile(demo_case, theirs)
    return demo_case, theirs, csv


def _indexes(path):
    from casefile.store.models import Record, VaughnIndex

    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        return sorted((str(v.uuid), s.scalar(select(func.count()).select_from(Record).where(
            Record.index_id == v.id))) for v in s.scalars(select(VaughnIndex)))


def test_an_index_they_replaced_by_a_reimport_is_replaced_here(copies_with_index,
                                                               monkeypatch):
    from casefile.vaughn.importer import REPLACE, import_index

    mine, theirs, csv = copies_with_index
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: import_index(s, csv, again=REPLACE))
    monkeypatch.undo()
    assert _indexes(theirs) != _indexes(mine)
    merged = merge(mine, theirs)
    assert merged.conflicts == [] and merged.deleted == 1
    assert _indexes(mine) == _indexes(theirs)  # the new index (9 entries), the old gone
    # And MINE knows the file was imported, as THEIRS does: a third import is refused.
    with pytest.raises(InputError, match="was imported before"):
        _edit(mine, lambda s: import_index(s, csv))


def test_an_index_they_replaced_keeps_my_work_on_its_entries_as_a_conflict(
        copies_with_index, monkeypatch):
    from casefile.store.models import Record
    from casefile.vaughn.importer import REPLACE, import_index

    mine, theirs, csv = copies_with_index
    old = _indexes(mine)

    def argue(s):
        from casefile.store.models import VaughnIndex

        record = s.scalars(select(Record).join(VaughnIndex).where(
            VaughnIndex.title == "EPA index").order_by(Record.position)).first()
        record.challenge_argument = "The draft was adopted: no longer predecisional."
        s.flush()
    _edit(mine, argue)
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: import_index(s, csv, again=REPLACE))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    [conflict] = merged.conflicts
    assert conflict.sentence().startswith("Vaughn index “EPA index”: maria deleted it on ")
    assert conflict.sentence().endswith(", but Vaughn entry 1, which you changed or added, "
                                        "hangs on it. It is kept.")
    # Both EPA indexes now (beside the demo's own): mine with my argument, and theirs.
    assert set(old) <= set(_indexes(mine)) and len(_indexes(mine)) == len(old) + 1
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(func.count()).select_from(Record).where(
            Record.challenge_argument.like("The draft was adopted%"))) == 1


def test_a_request_they_deleted_stays_when_i_filed_a_deadline_under_it(demo_case, tmp_path,
                                                                       monkeypatch):
    from casefile.removal import delete_request

    _edit(demo_case, lambda s: add_request(s, find_agency(s, "CBP"), "IDP", "Border records"))
    theirs = tmp_path / "theirs.casefile"
    shutil.copyfile(demo_case, theirs)
    mine = demo_case

    def deadline(s):
        request = s.scalar(select(FoiaRequest).where(FoiaRequest.subject == "Border records"))
        s.add(Deadline(title="Call CBP", due_on=date(2027, 1, 4), kind="internal",
                       request=request))
        s.flush()
    _edit(mine, deadline)
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: delete_request(s, s.scalar(
        select(FoiaRequest).where(FoiaRequest.subject == "Border records"))))
    monkeypatch.undo()
    [conflict] = merge(mine, theirs).conflicts
    assert conflict.sentence().startswith("Request “Border records”: maria deleted it on ")
    assert conflict.sentence().endswith(", but Deadline “Call CBP”, which you changed or "
                                        "added, hangs on it. It is kept.")
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalar(select(Deadline.title).where(Deadline.title == "Call CBP")) is not None


def test_merge_takes_a_server_as_theirs(pulled, monkeypatch, tmp_path):
    copy, url = pulled
    _as_maria(monkeypatch)
    _edit(url, lambda s: update_request(s, find_request(s, DHS_REQUEST), status="closed"))
    monkeypatch.undo()
    database = make_url(url).database
    done = run_cli("merge", copy, url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"Took 1 change from {database}; no conflicts."]
    assert _request(copy, DHS_REQUEST).status.value == "closed"


def test_a_later_docket_read_on_both_sides_is_one_docket(tmp_path, monkeypatch):
    from casefile.docket import import_docket
    from casefile.store.models import DocketEntry, DocketProposal
    from tests.docket_corpus import generate

    # The D.D.C. docket (tests/docket_corpus/dcd.html: 10 entries, 8 numbered) read
    # before the copies part; then a later report, two entries more (9: a minute order
    # setting a date, which is proposed; 10: a notice), read by each side on its own.
    mine = tmp_path / "mine.casefile"
    with CaseFile.create(mine) as case:
        import_docket(case, Path(__file__).parent / "docket_corpus" / "dcd.html")
    theirs = tmp_path / "theirs.casefile"
    shutil.copyfile(mine, theirs)
    later = generate.dcd()
    later.rows.append(generate.Row(date(2025, 5, 5), 9, "MINUTE ORDER: Defendants shall file "
                                   "a status report by 6/2/2025. (Entered: 05/05/2025)"))
    later.rows.append(generate.Row(date(2025, 5, 6), 10, "NOTICE of Appearance by Jane Doe. "
                                   "(Entered: 05/06/2025)"))
    report = tmp_path / "dcd-later.html"
    report.write_text(generate.html_report(later), encoding="utf-8")
    with CaseFile.open(mine) as case:
        assert import_docket(case, report).added == 2
    _as_maria(monkeypatch)
    with CaseFile.open(theirs) as case:
        assert import_docket(case, report).added == 2
    monkeypatch.undo()

    merged = merge(mine, theirs)
    assert merged.conflicts == [] and merged.inserted == 0  # the same rows, mapped
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert [n for n in s.scalars(select(DocketEntry.number).order_by(DocketEntry.position))
                if n] == list(range(1, 11))
        assert s.scalar(select(func.count()).select_from(DocketProposal).where(
            DocketProposal.due_on == date(2025, 6, 2))) == 1


def test_a_row_of_theirs_where_mine_already_stands_is_left_out_and_listed(
        demo_case, tmp_path, monkeypatch):
    from casefile.store.models import Declaration, ExhibitSet

    def declaration(s):
        s.add(Declaration(declarant="Ana Ruiz", title="Declaration of Ana Ruiz"))
        s.flush()
    _edit(demo_case, declaration)
    theirs = tmp_path / "theirs.casefile"
    shutil.copyfile(demo_case, theirs)
    mine = demo_case

    def exhibits(name):
        def work(s):
            owner = s.scalar(select(Declaration).where(Declaration.declarant == "Ana Ruiz"))
            s.add(ExhibitSet(name=name, declaration=owner))  # one set per declaration
            s.flush()
        return work
    _edit(mine, exhibits("Mine"))
    _as_maria(monkeypatch)
    _edit(theirs, exhibits("Theirs"))
    monkeypatch.undo()
    merged = merge(mine, theirs)
    assert merged.inserted == 0
    [conflict] = merged.conflicts
    assert conflict.sentence().startswith("Exhibit set “Theirs”: maria added it on ")
    assert conflict.sentence().endswith(", and you added one in its place; theirs was left out.")
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        assert s.scalars(select(ExhibitSet.name).join(Declaration).where(
            Declaration.declarant == "Ana Ruiz")).all() == ["Mine"]
    assert [c.sentence() for c in merge(mine, theirs).conflicts] == [conflict.sentence()]


def test_the_history_after_a_merge_is_in_the_order_the_changes_were_made(copies, monkeypatch):
    """Their change, made first, is copied in after mine with a higher entry id: the
    history still lists mine, made later, as the newest."""
    from casefile.audit import history

    mine, theirs = copies
    _as_maria(monkeypatch)
    _edit(theirs, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    monkeypatch.undo()
    time.sleep(0.01)  # the two changes a moment apart, as two people's are
    _edit(mine, lambda s: add_agency(s, "U.S. Marshals Service", "USMS"))
    merge(mine, theirs)
    with CaseFile.open(mine, read_only=True) as case, case.reading() as s:
        added = [c for c in history(s, None) if c.table == "agency" and c.action == "insert"]
    assert added[0].by != "maria" and added[1].by == "maria"  # mine (later), then hers
    assert added[0].at > added[1].at


def test_a_connection_lost_while_sending_leaves_the_server_as_it_was(pulled, monkeypatch):
    """The server's backend killed in the middle of the second leg (the copy's
    changes going onto the server): one sentence, nothing of the leg on the
    server, the copy usable offline, and the next sync completes the work."""
    import casefile.sync as sync_module
    from casefile.errors import ServerUnavailable
    from casefile.sync import sync

    copy, url = pulled
    _edit(copy, lambda s: add_agency(s, "Drug Enforcement Administration", "DEA"))
    _edit(copy, lambda s: update_request(s, find_request(s, DHS_REQUEST),
                                         requester="IDP (offline)"))
    real_insert = sync_module._insert

    def insert_then_lose_the_server(mine, theirs, *args, **kwargs):
        done = real_insert(mine, theirs, *args, **kwargs)
        if mine.dialect.name == "postgresql":  # the leg that writes onto the server
            mine.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return done

    monkeypatch.setattr(sync_module, "_insert", insert_then_lose_the_server)
    with pytest.raises(ServerUnavailable, match="cannot be reached"):
        sync(copy)
    monkeypatch.undo()

    with CaseFile.open(url, read_only=True) as case, case.reading() as s:
        assert "DEA" not in {a.abbreviation for a in s.scalars(select(Agency))}
        assert find_request(s, DHS_REQUEST).requester != "IDP (offline)"
    # The copy is whole and usable without the server.
    _edit(copy, lambda s: add_agency(s, "Federal Bureau of Prisons", "BOP"))
    assert sync(copy).sent.taken >= 3
    with CaseFile.open(url, read_only=True) as case, case.reading() as s:
        assert {"DEA", "BOP"} <= {a.abbreviation for a in s.scalars(select(Agency))}
        assert find_request(s, DHS_REQUEST).requester == "IDP (offline)"
