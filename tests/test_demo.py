"""The demo case: built from the seed press release, whole, and honest about
what it invents."""

from __future__ import annotations

import subprocess
from datetime import date

from sqlalchemy import select

from casefile.declarations import jurat
from casefile.store import CaseFile
from casefile.store.check import problems
from casefile.store.models import (
    Agency,
    Counsel,
    Declaration,
    Document,
    FoiaRequest,
    Matter,
    Note,
    Production,
    Record,
    VaughnIndex,
)
from tests.conftest import need_tool, run_cli


def test_the_demo_case_holds_the_lawsuit_of_the_press_release(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case:
        assert problems(case) == []
        with case.reading() as s:
            matter = s.scalars(select(Matter)).one()
            caption = matter.caption
            assert "IMMIGRANT DEFENSE PROJECT and CENTER FOR CONSTITUTIONAL RIGHTS" in caption
            assert "HOMELAND SECURITY" in caption and "IMMIGRATION AND CUSTOMS" in caption
            requests = s.scalars(select(FoiaRequest).order_by(FoiaRequest.id)).all()
            assert [r.agency.abbreviation for r in requests] == ["ICE", "DHS"]
            for r in requests:
                assert r.date_sent.year == 2020 and r.date_sent.month == 6  # "filed in June 2020"
                assert r.expedited_requested and r.fee_waiver_requested
                assert any("Operation Palladium" in i.text for i in r.items)
                assert any("BORTAC" in i.text for i in r.items)
            ice = s.scalar(select(Agency).where(Agency.abbreviation == "ICE"))
            assert ice.parent.abbreviation == "DHS"
            records = s.scalars(select(Record)).all()
            codes = {w.exemption.code for r in records for w in r.withholdings}
            assert {"b5-dp", "b6", "b7C", "b7E"} <= codes
            production = s.scalars(select(Production)).one()
            assert (production.bates_begin, production.bates_end) == ("ICE-2020-000001",
                                                                     "ICE-2020-000012")
            released = production.documents[0].document
            assert released.page_count == 12
            decl = s.scalars(select(Declaration)).one()
            labels = [e.label for e in decl.exhibit_set.exhibits]
            assert labels == ["1", "2", "3", "4", "5"]
            texts = [p.text for p in decl.paragraphs]
            assert ("Attached as Exhibit 1 is a true and correct copy of the FOIA request to ICE "
                    "dated June 18, 2020.") in texts
            assert jurat(decl).startswith("I declare under penalty of perjury that the foregoing "
                                          "is true and correct. Executed on June 14, 2021")


def test_every_invented_detail_is_marked_sample(demo_case):
    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        noted = {(n.subject_type, n.subject_uuid) for n in s.scalars(select(Note))
                 if n.text.startswith("SAMPLE")}
        for model in (Matter, FoiaRequest, Production, VaughnIndex, Declaration, Counsel):
            for row in s.scalars(select(model)):
                assert (model.__tablename__, row.uuid) in noted, (model.__tablename__, row.id)
        matter = s.scalars(select(Matter)).one()
        assert "SAMPLE" in matter.docket_no and "SAMPLE" in matter.court
        assert all("SAMPLE" in c.name for c in s.scalars(select(Counsel)))


def test_the_demo_pdfs_are_real_pdfs_with_their_text(demo_case, tmp_path):
    need_tool("qpdf")
    need_tool("pdftotext")
    from casefile.store.blobs import write_to

    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        for document in s.scalars(select(Document)):
            out = tmp_path / f"{document.id}.pdf"
            with out.open("wb") as f:
                write_to(s, document.blob_id, f)
            checked = subprocess.run(["qpdf", "--check", str(out)], capture_output=True,
                                     text=True)
            assert checked.returncode == 0, (document.name, checked.stdout)
            text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert "SAMPLE" in text, document.name
            if document.name.startswith("ICE-2020-000001"):
                pages = text.split("\f")
                assert "ICE-2020-000007" in pages[6] and "(b)(6); (b)(7)(C)" in pages[6]
                assert "WITHHELD IN FULL" in pages[10]
            if "request to ICE" in document.name:
                assert "Operation" in text and "Palladium" in text
                assert "552(a)(6)(E)(vi)" in text  # the expedited-processing certification


def test_demo_without_a_display_says_so_and_writes_its_outputs(tmp_path):
    out = tmp_path / "demo"
    result = run_cli("demo", "--out", out, env={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert result.returncode == 0, result.stderr
    assert "There is no display here, so the window cannot open; the demo case" in result.stdout
    assert (out / "IDP-v-DHS.casefile").is_file()
    assert (out / "case-summary.txt").read_text().startswith("Case file")
    assert len(list((out / "exhibits").glob("Ex. *.pdf"))) == 5
    # Building it again replaces the old demo cleanly.
    again = run_cli("demo", "--out", out, "--no-gui")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["IDP-v-DHS.casefile", "case-summary.txt",
                                                     "exhibits"]



def test_the_demo_marks_done_the_court_deadlines_its_story_met(demo_case):
    """The story reaches the cross-motions of June 2021: nothing of ours is overdue,
    and the answer the government filed is not shown as missed."""
    from casefile.deadlines.agenda import Standing, agenda

    with CaseFile.open(demo_case, read_only=True) as case, case.reading() as s:
        listed = agenda(s, date(2026, 12, 7))
    court = [i for i in listed.items if i.entered]
    assert len(court) == 4
    assert all(i.state == "done" and i.done_on == i.due for i in court)
    assert not [i for i in listed.items if i.standing is Standing.OVERDUE]
