"""The court's docket: PACER reports read, imported, re-imported, linked, and the
dates orders set proposed until accepted.

The corpus in tests/docket_corpus/ is written by its own generator (generate.py,
which shares no code with casefile.docket); expected.json states what each
file must give.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile.docket import (
    accept_proposal,
    docket_entries,
    docket_proposals,
    import_docket,
    reject_proposal,
    reopen_proposal,
)
from casefile.docket.parse import NotADocket, parse_html, parse_pages
from casefile.store import CaseFile
from casefile.store.models import Deadline, DocketEntry, Document, Matter
from tests.conftest import assert_one_clear_line, run_cli
from tests.docket_corpus import generate

CORPUS = Path(__file__).parent / "docket_corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
HTML_DOCKETS = [n for n, e in EXPECTED.items() if e["docket"] and n.endswith(".html")]
PDF_DOCKETS = [n for n, e in EXPECTED.items() if e["docket"] and n.endswith(".pdf")]
NOT_DOCKETS = [n for n, e in EXPECTED.items() if not e["docket"]]


def _pdf_pages(path: Path) -> list[str]:
    """The page text as the ingest stores it (pypdfium2, as casefile.ingest.extract)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _check(docket, want: dict) -> None:
    assert docket.case_no == want["case_no"]
    assert docket.caption == want["caption"]
    assert docket.judge == want["judge"]
    assert docket.filed_on == date.fromisoformat(want["filed"])
    got = [[e.number, e.filed_on.isoformat(), e.text] for e in docket.entries]
    assert got == want["entries"]


def test_the_corpus_on_disk_is_what_its_generator_writes(tmp_path):
    """The fixed files are the generator's (so the expectations beside them hold)."""
    manifest = generate.write_all(tmp_path)
    assert manifest == EXPECTED
    for name in EXPECTED:
        if name.endswith(".pdf"):  # another ReportLab may write other bytes, same text
            assert _pdf_pages(tmp_path / name) == _pdf_pages(CORPUS / name), name
        else:
            assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name


@pytest.mark.parametrize("name", HTML_DOCKETS)
def test_a_saved_docket_report_gives_its_header_and_every_entry(name):
    _check(parse_html((CORPUS / name).read_bytes(), name), EXPECTED[name])


@pytest.mark.parametrize("name", PDF_DOCKETS)
def test_the_pdf_a_browser_prints_gives_the_same_entries_as_the_page(name):
    """Headers and footers of every page (date, title, address, n/N) are not text of
    an entry; a date wrapped to a line's start does not begin one."""
    _check(parse_pages(_pdf_pages(CORPUS / name), name), EXPECTED[name])


def test_a_thousand_entry_report_is_read_whole():
    report = generate.large(1000)
    docket = parse_html(generate.html_report(report).encode("utf-8"))
    want = generate.expected(report)
    assert [[e.number, e.filed_on.isoformat(), e.text] for e in docket.entries] == \
        want["entries"]


@pytest.mark.parametrize("name", NOT_DOCKETS)
def test_what_is_not_a_district_courts_docket_is_refused_saying_what_it_reads_as(name):
    data = (CORPUS / name).read_bytes()
    with pytest.raises(NotADocket) as caught:
        if name.endswith(".html"):
            parse_html(data, name)
        else:
            parse_pages([data.decode("utf-8")], name)
    assert f"it reads as {EXPECTED[name]['reads_as']}" in caught.value.message
    assert "\n" not in caught.value.message


def test_an_empty_entries_table_is_a_docket_with_no_entries():
    docket = parse_html((CORPUS / "empty-table.html").read_bytes())
    assert docket.case_no == EXPECTED["empty-table.html"]["case_no"]
    assert docket.entries == []


def test_a_page_of_garbage_bytes_is_refused_not_crashed_on():
    with pytest.raises(NotADocket):
        parse_html(b"\x00\xff<<<<table><tr><td>" * 1000)
    with pytest.raises(NotADocket):
        parse_html(b"")


# --- the case file ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A case with the D.D.C. docket imported, and what the import said."""
    folder = tmp_path_factory.mktemp("docket")
    with CaseFile.create(folder / "c.casefile") as case:
        result = import_docket(case, CORPUS / "dcd.html")
    return folder / "c.casefile", result


def _copy(imported, tmp_path) -> Path:
    import shutil

    target = tmp_path / "c.casefile"
    shutil.copyfile(imported[0], target)
    return target


def test_an_import_stores_the_report_makes_the_lawsuit_and_writes_every_entry(imported):
    path, result = imported
    want = EXPECTED["dcd.html"]
    assert (result.added, result.updated, result.unchanged) == (10, 0, 0)
    with CaseFile.open(path, read_only=True) as case, case.reading() as s:
        document = s.get(Document, result.document_id)
        assert document.name == "dcd.html"
        matter = s.scalars(select(Matter)).one()
        assert matter.docket_no == want["case_no"]
        assert matter.caption == want["caption"]
        assert matter.judge == want["judge"]
        assert matter.filed_on == date(2025, 1, 6)
        assert matter.court == "United States District Court for the District of Columbia"
        rows = docket_entries(s)
    assert [[r.number, r.filed_on.isoformat(), r.text] for r in rows] == want["entries"]


def test_the_dates_orders_set_are_proposed_and_count_nowhere_until_accepted(imported, tmp_path):
    from casefile.deadlines.agenda import agenda

    path = _copy(imported, tmp_path)
    want = EXPECTED["dcd.html"]["proposals"]
    with CaseFile.open(path) as case:
        with case.reading() as s:
            proposed = docket_proposals(s)
            assert agenda(s, date(2025, 3, 1)).items == []  # nothing counts yet
            assert s.scalar(select(func.count()).select_from(Deadline)) == 0
        got = [(p.entry_number, p.due_on.isoformat(), p.title) for p in proposed]
        assert len(got) == len(want)
        for number, _filed, words, due in want:
            assert any(g[0] == number and g[1] == due and words in g[2] for g in got), words
        production = next(p for p in proposed if "interim production" in p.title)
        assert "Emancipation Day" in production.rule and "Rule 6(a)" in production.rule
        with case.transaction() as s:
            accepted = accept_proposal(s, production.id)
        with case.reading() as s:
            items = agenda(s, date(2025, 3, 1)).items
            assert [(i.due, i.title) for i in items] == [
                (date(2025, 4, 17), "Defendants shall make their first interim production")]
            assert items[0].deadline_id == accepted.deadline_id
            assert items[0].citation == "ECF No. 6"
            assert len(docket_proposals(s)) == len(want) - 1
        with case.transaction() as s:
            reject_proposal(s, production.id)  # the undo of the acceptance
        with case.reading() as s:
            assert agenda(s, date(2025, 3, 1)).items == []
        with case.transaction() as s:
            assert reopen_proposal(s, production.id).state == "proposed"


def test_reimporting_adds_what_is_new_and_repeats_nothing(imported, tmp_path):
    """The same report again changes nothing; a later report (two more entries, one
    text corrected by the clerk) adds two and updates one; a rejected date is not
    proposed again."""
    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case:
        with case.transaction() as s:
            first = docket_proposals(s)[0]
            reject_proposal(s, first.id)
        again = import_docket(case, CORPUS / "dcd.html")
        assert (again.added, again.updated, again.unchanged, again.proposed) == (0, 0, 10, 0)
        later = generate.dcd()
        later.rows[3].text = later.rows[3].text.replace("ANSWER", "AMENDED ANSWER")
        later.rows.append(generate.Row(date(2025, 5, 5), 9, "MINUTE ORDER: Defendants "
                                       "shall file a status report by 6/2/2025. (Entered: "
                                       "05/05/2025)"))
        later.rows.append(generate.Row(date(2025, 5, 6), 10, "NOTICE of Appearance by "
                                       "Jane Doe. (Entered: 05/06/2025)"))
        newer = tmp_path / "dcd-later.html"
        newer.write_text(generate.html_report(later), encoding="utf-8")
        result = import_docket(case, newer)
        assert (result.added, result.updated, result.unchanged) == (2, 1, 9)
        assert result.proposed == 1
        with case.reading() as s:
            rows = docket_entries(s)
            assert [r.number for r in rows if r.number] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
            assert len(rows) == 12
            assert rows[3].text.startswith("AMENDED ANSWER")
            assert first.id not in [p.id for p in docket_proposals(s)]
            assert s.scalar(select(func.count()).select_from(DocketEntry)) == 12


def test_the_printed_pdf_imports_into_the_same_entries(imported, tmp_path):
    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case:
        result = import_docket(case, CORPUS / "dcd-printed.pdf")
    assert (result.added, result.updated, result.unchanged) == (0, 0, 10)


def _stamped_pdf(target: Path, stamp: str) -> Path:
    """A filed document as PACER serves it: the CM/ECF stamp atop the page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(target), pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawCentredString(306, 770, stamp)
    c.setFont("Times-Roman", 12)
    c.drawString(72, 700, "ORDER")
    c.drawString(72, 680, "Defendants shall make their first interim production.")
    c.save()
    return target


def test_documents_already_in_the_case_are_linked_to_their_entry_by_ecf_number(
        imported, tmp_path):
    """The stamp names the case and the document (12-3 is attachment 3 of entry 12);
    another case's document 6 is not this docket's; a PACER download name links too."""
    from casefile.ingest import import_files

    path = _copy(imported, tmp_path)
    order = _stamped_pdf(tmp_path / "order.pdf",
                         "Case 1:25-cv-00031-ABJ Document 6 Filed 03/17/25 Page 1 of 1")
    exhibit = _stamped_pdf(tmp_path / "exhibit.pdf",
                           "Case 1:25-cv-00031-ABJ Document 1-2 Filed 01/06/25 Page 1 of 3")
    other = _stamped_pdf(tmp_path / "other.pdf",
                         "Case 1:24-cv-08812-LJL Document 6 Filed 03/17/25 Page 1 of 1")
    named = _stamped_pdf(tmp_path / "dcd-1_25-cv-00031-8.pdf", "Joint Status Report")
    with CaseFile.open(path) as case:
        report = import_files(case, [order, exhibit, other, named], ocr=False)
        assert report.count("added") == 4
        result = import_docket(case, CORPUS / "dcd.html")
        assert result.linked == 3
        with case.reading() as s:
            ids = {d.name: d.id for d in s.scalars(select(Document))}
            links = {r.number: r.document_ids for r in docket_entries(s) if r.document_ids}
    assert links == {1: (ids["exhibit.pdf"],), 6: (ids["order.pdf"],),
                     8: (ids["dcd-1_25-cv-00031-8.pdf"],)}


def test_another_lawsuits_docket_is_not_merged_into_this_one(imported, tmp_path):
    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case:
        result = import_docket(case, CORPUS / "nysd.html")
        assert not result.is_docket
        assert "1:24-cv-08812-LJL" in result.refused and "not this case's docket" in \
            result.refused
        with case.reading() as s:
            assert s.get(Document, result.document_id).name == "nysd.html"  # kept
            assert s.scalar(select(func.count()).select_from(DocketEntry)) == 10


@pytest.mark.parametrize("name", ["bankruptcy.html", "not-a-docket.html", "letter.txt"])
def test_a_file_that_is_no_docket_is_one_line_and_stored_as_an_ordinary_document(
        new_case, name):
    done = run_cli("docket", "import", new_case, CORPUS / name)
    assert_one_clear_line(done, "is not a federal district court's PACER docket report",
                          EXPECTED[name]["reads_as"], "stored as an ordinary document")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert [d.name for d in s.scalars(select(Document))] == [name]
        assert s.scalar(select(func.count()).select_from(DocketEntry)) == 0
        assert s.scalar(select(func.count()).select_from(Matter)) == 0


def test_the_command_line_imports_lists_and_accepts(new_case):
    done = run_cli("docket", "import", new_case, CORPUS / "cand.html")
    assert done.returncode == 0, done.stderr
    assert "4 entries, 4 new" in done.stdout
    listed = run_cli("docket", "list", new_case)
    assert listed.returncode == 0 and "Defendant shall respond" in listed.stdout
    proposals = run_cli("docket", "proposals", new_case)
    assert "April 1, 2025" in proposals.stdout and "Cesar Chavez Day" in proposals.stdout
    first = proposals.stdout.split(".", 1)[0].strip()
    accepted = run_cli("docket", "accept", new_case, first)
    assert accepted.returncode == 0 and accepted.stdout.startswith("Deadline ")
    missing = run_cli("docket", "accept", new_case, "999")
    assert_one_clear_line(missing, "no proposed date 999")
    period = run_cli("docket", "period", new_case, "2025-03-17", "--rule", "opposition")
    assert period.returncode == 0 and period.stdout.startswith("April 1, 2025 (N.D. Cal.")


def test_a_large_report_is_parsed_in_a_child_with_the_same_result(imported, tmp_path,
                                                                   monkeypatch):
    """Past IN_PROCESS_BYTES the HTML goes to a child process (as every large file from
    outside is read); what it gives back is the same docket."""
    from casefile.docket import store

    monkeypatch.setattr(store, "IN_PROCESS_BYTES", 0)
    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case:
        result = import_docket(case, CORPUS / "dcd.html")
    assert (result.added, result.updated, result.unchanged) == (0, 0, 10)


def test_a_lawsuit_with_its_docket_is_not_deleted_from_under_it(imported, tmp_path):
    from casefile.errors import InputError
    from casefile.removal import delete_matter

    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case, case.transaction() as s, \
            pytest.raises(InputError, match="docket imported"):
        delete_matter(s, s.scalars(select(Matter)).one())


def test_a_deadline_removed_after_acceptance_can_be_accepted_again(imported, tmp_path):
    from casefile.removal import delete_deadline

    path = _copy(imported, tmp_path)
    with CaseFile.open(path) as case, case.transaction() as s:
        proposal = docket_proposals(s)[0]
        accepted = accept_proposal(s, proposal.id)
        delete_deadline(s, s.get(Deadline, accepted.deadline_id))
        again = accept_proposal(s, proposal.id)
        assert again.deadline_id is not None
        assert s.scalar(select(func.count()).select_from(Deadline)) == 1


def test_a_number_cell_with_a_page_count_still_gives_the_number():
    page = generate.html_report(generate.dcd()).replace(
        ">6</a>&nbsp;", ">6</a><br>(5 pgs; 2 docs)")
    docket = parse_html(page.encode("utf-8"))
    assert [e.number for e in docket.entries if e.number] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_the_lawsuit_is_matched_by_its_number_however_the_user_wrote_it(tmp_path):
    from casefile.docket.parse import core_number
    from casefile.matter import add_matter

    assert core_number("No. 1:25-cv-31 (ABJ)") == core_number("1:25-cv-00031-ABJ") \
        == "1:25-cv-31"
    assert core_number("1:25-cv-00031-ABJ") != core_number("1:25-cv-00311-ABJ")
    with CaseFile.create(tmp_path / "c.casefile") as case:
        with case.transaction() as s:
            add_matter(s, "IDP v. DHS", "IDP v. DHS", docket_no="No. 1:25-cv-31 (ABJ)",
                       judge="Hon. A. B. Jackson")
        result = import_docket(case, CORPUS / "dcd.html")
        assert result.is_docket and result.added == 10
        with case.reading() as s:
            matter = s.scalars(select(Matter)).one()
            # What the user entered stays; the court, left empty, is filled.
            assert (matter.docket_no, matter.judge) == ("No. 1:25-cv-31 (ABJ)",
                                                       "Hon. A. B. Jackson")
            assert matter.court.endswith("District of Columbia")


def test_the_exhibits_of_our_filing_entered_with_its_docket_entry_are_linked(
        imported, tmp_path):
    from casefile.exhibits import add_exhibit, add_set
    from casefile.ingest import add_document
    from casefile.store.models import Filing

    path = _copy(imported, tmp_path)
    exhibit_file = _stamped_pdf(tmp_path / "Ex 1 - FOIA request.pdf", "EXHIBIT 1")
    with CaseFile.open(path) as case:
        with case.transaction() as s:
            matter = s.scalars(select(Matter)).one()
            filing = Filing(matter=matter, title="Joint Status Report", docket_entry="8")
            s.add(filing)
            s.flush()
            exhibits = add_set(s, "Exhibits to the Joint Status Report", filing=filing)
            document, _ = add_document(s, exhibit_file)
            add_exhibit(s, exhibits, document, "FOIA request")
            document_id = document.id
        result = import_docket(case, CORPUS / "dcd.html")
        assert result.linked == 1
        with case.reading() as s:
            links = {r.number: r.document_ids for r in docket_entries(s) if r.document_ids}
    assert links == {8: (document_id,)}


def test_the_deadlines_list_says_dates_wait_on_the_docket(imported, tmp_path):
    path = _copy(imported, tmp_path)
    done = run_cli("deadlines", path, "--today", "2025-03-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("5 dates set by the court, read from the "
                                                  "docket, wait to be accepted")


def test_a_two_page_print_with_its_title_on_a_line_of_its_own_keeps_entries_clean():
    """As Firefox prints: the date and the title on lines of their own at each page's
    top, "n of N" and the address at its foot, the table heading repeated; the
    second page begins inside entry 2's text. Expected: two entries, their texts
    whole and free of the page's furniture."""
    top = "5/6/25, 10:14 AM\nCM/ECF - District of Columbia\n"
    foot = "https://ecf.dcd.uscourts.gov/cgi-bin/DktRpt.pl?276543\n{} of 2\n"
    page1 = (top + "U.S. District Court\nDistrict of Columbia (Washington, DC)\n"
             "CIVIL DOCKET FOR CASE #: 1:25-cv-00031-ABJ\n"
             "IDP et al v. DHS et al\nAssigned to: Judge Amy Berman Jackson\n"
             "Date Filed: 01/06/2025\nDate Filed # Docket Text\n"
             "01/06/2025 1 COMPLAINT against DHS. (Entered:\n01/06/2025)\n"
             "01/21/2025 3 RETURN OF SERVICE Executed. Answer due for ALL FEDERAL\n"
             + foot.format(1))
    page2 = (top + "Date Filed # Docket Text\nDEFENDANTS by 2/12/2025. (Entered: 01/21/2025)\n"
             + foot.format(2))
    docket = parse_pages([page1, page2])
    assert [(e.number, e.text) for e in docket.entries] == [
        (1, "COMPLAINT against DHS. (Entered: 01/06/2025)"),
        (3, "RETURN OF SERVICE Executed. Answer due for ALL FEDERAL DEFENDANTS by "
            "2/12/2025. (Entered: 01/21/2025)")]


@pytest.mark.parametrize("text, expected", [
    # An extension order's own words.
    ("MINUTE ORDER granting 7 Motion for Extension of Time. Defendants' deadline to "
     "answer is extended to and including April 1, 2025. Signed by Judge X on 3/3/2025.",
     [("Defendants' deadline to answer", date(2025, 4, 1))]),
    # A motion asks; it sets nothing. A signature's date is no deadline.
    ("MOTION for Extension of Time to File Answer by 4/1/2025 by DHS.", []),
    ("ORDER granting 7 Motion. Signed by Judge X on 3/3/2025.", []),
    # "within N days" of something other than the order: its start is not known.
    ("ORDER: Plaintiff shall respond within 14 days of service of the motion.", []),
    # Ten days from Friday Dec 26, 2025 end Monday Jan 5, 2026: an ordinary day.
    ("MINUTE ORDER: Defendants shall file a status report within ten days of this Minute "
     "Order.", [("Defendants shall file a status report", date(2026, 1, 5))]),
])
def test_the_words_that_set_a_date_and_those_that_do_not(text, expected):
    from casefile.docket.orders import proposals

    got = [(p.title, p.due) for p in proposals(text, date(2025, 12, 26), 9, "DC")]
    assert len(got) == len(expected)
    for (title, due), (words, want) in zip(got, expected, strict=True):
        assert words in title and due == want
