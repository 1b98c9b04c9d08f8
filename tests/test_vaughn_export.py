"""Exporting a Vaughn index: Word as a court reads it, Excel and CSV, and back again."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date

import pytest

from casefile import office
from casefile.store import CaseFile
from casefile.store.models import ChallengeState, Disposition, IndexAuthor
from casefile.vaughn import Claim, add_index, add_record, data, export
from casefile.vaughn.challenges import set_challenge
from casefile.vaughn.importer import import_index
from tests.conftest import need_tool

PRIVACY = ("Names and telephone numbers of ERO officers; release would expose them to "
           "harassment at home.")


@pytest.fixture
def indexed(new_case):
    """A case with a matter and a small index holding every kind of value."""
    from casefile.matter import add_matter

    with CaseFile.open(new_case) as case, case.transaction() as s:
        add_matter(s, "Immigrant Defense Project, et al., Plaintiffs, v. U.S. Department of "
                   "Homeland Security, et al., Defendants.", "IDP v. DHS",
                   court="United States District Court for the Southern District of New York",
                   docket_no="1:20-cv-08000")
        index = add_index(s, "Defendant ICE's Vaughn Index", IndexAuthor.AGENCY,
                          served_on=date(2021, 3, 1))
        r = add_record(s, index, "1", bates_begin="ICE-2020-000001",
                       bates_end="ICE-2020-000003", doc_date=date(2020, 6, 18),
                       doc_type="Email", author="J. Smith", recipients="K. Jones; L. Park",
                       pages=3, description="Email chain on staffing.\nAttachment: roster.",
                       disposition=Disposition.RELEASED_IN_PART,
                       segregability="All segregable information released.",
                       claims=[Claim("b6", PRIVACY, "Harassment."),
                               Claim("(b)(7)(C)", PRIVACY, "Harassment.")])
        set_challenge(r, ChallengeState.CHALLENGED, argument="Names of senior officials are "
                      "not private.", citations=["Stern v. FBI, 737 F.2d 84 (D.C. Cir. 1984)"])
        add_record(s, index, "2", bates_begin="ICE-2020-000004", pages=1,
                   disposition=Disposition.WITHHELD_IN_FULL,
                   claims=[Claim("b5-dp", "Draft guidance, predecisional."),
                           Claim("b3", "Protected by statute.", statute="8 U.S.C. § 1367")])
        add_record(s, index, "3", bates_begin="ICE-2020-000005", pages=1,
                   claims=[Claim("b7E", "Techniques \x0c with a form feed pasted in.",
                                 raw="b7E"),
                           Claim(None, "See the declaration.", raw="See Decl. ¶ 12")])
    return new_case


def _table(case_path, index_id=None):
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        index = find_index(s, str(index_id) if index_id else None)
        return [[export.cell(e, f) for f in export.ALL_FIELDS]
                for e in data.entries(s, index.id)]


@pytest.mark.parametrize("suffix", ["docx", "xlsx", "csv"])
def test_an_export_imported_back_gives_the_same_entries(indexed, tmp_path, suffix):
    out = tmp_path / f"index.{suffix}"
    with CaseFile.open(indexed) as case, case.transaction() as s:
        from casefile.vaughn import find_index

        index = find_index(s, None)
        if suffix == "docx":
            export.to_docx(s, index, out, export.WordOptions(fields=export.ALL_FIELDS))
        else:
            getattr(export, f"to_{suffix}")(s, index, out)
        report = import_index(s, out, title="Back again")
        before = [[export.cell(e, f) for f in export.ALL_FIELDS]
                  for e in data.entries(s, index.id)]
        after = [[export.cell(e, f) for f in export.ALL_FIELDS]
                 for e in data.entries(s, report.index_id)]
    assert report.imported == 3
    assert after == before
    assert "form feed" in after[2][export.ALL_FIELDS.index("justification")]


def test_the_word_export_is_a_landscape_court_document_that_libreoffice_reads(indexed, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    out = tmp_path / "ice-vaughn.docx"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        index = find_index(s, None)
        export.to_docx(s, index, out)
        firm = export.to_docx(s, index, tmp_path / "firm.docx",
                              export.WordOptions(font="Georgia"))
    assert "Georgia" in zipfile.ZipFile(firm).read("word/styles.xml").decode()
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert 'w:orient="landscape"' in xml
    assert "<w:tblHeader/>" in xml  # the header row repeats on every page
    core = zipfile.ZipFile(out).read("docProps/core.xml").decode()
    assert "python-docx" not in core and str(tmp_path) not in core
    pdf = office.convert(out, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = " ".join(text.split())  # cells wrap where the page is narrow
    for expected in ("SOUTHERN DISTRICT OF NEW YORK", "Case No. 1:20-cv-08000",
                     "DEFENDANT ICE'S VAUGHN INDEX", "Served March 1, 2021",
                     "ICE-2020-000001", "ICE-2020-000003", "Exemptions cited",
                     "Personal privacy", "Page 1 of 1", "1367", "See Decl. ¶ 12",
                     "Released in part", "Withheld in full", "06/18/2020"):
        assert expected in text, expected


def test_the_excel_export_has_a_frozen_filtered_wrapped_header(indexed, tmp_path):
    import openpyxl

    out = tmp_path / "ice.xlsx"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_xlsx(s, find_index(s, None), out, ["entry_no", "doc_date", "pages",
                                                     "exemptions", "challenge_state"])
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert [c.value for c in sheet[1]] == ["Entry", "Date", "Pages", "Exemptions",
                                           "Challenge"]
    assert sheet["B2"].value.date() == date(2020, 6, 18)  # a real date, not text
    assert sheet["C2"].value == 3
    assert sheet["D2"].alignment.wrap_text
    assert sheet["E2"].value == "Challenged"


def test_only_the_chosen_columns_are_exported(indexed, tmp_path):
    out = tmp_path / "few.csv"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_csv(s, find_index(s, None), out,
                      export.parse_fields("entry_no, bates, exemptions", []))
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Entry,Bates Range,Exemptions"
    assert lines[1] == "1,ICE-2020-000001 – ICE-2020-000003,(b)(6); (b)(7)(C)"
    with pytest.raises(Exception, match="Unknown column 'colour'"):
        export.parse_fields("entry_no,colour", [])


def test_a_long_index_is_written_in_short_tables_each_with_its_header(new_case, tmp_path):
    from casefile.wordtables import CHUNK_ROWS

    rows = 2 * CHUNK_ROWS + 7
    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "Long", IndexAuthor.OURS)
        for n in range(1, rows + 1):
            add_record(s, index, str(n), claims=[Claim("b6", "x")])
        out = export.to_docx(s, index, tmp_path / "long.docx")
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert xml.count("<w:tbl>") == 3  # two full tables and the rest, each with its header
    assert xml.count("<w:tblHeader/>") == 3
    assert xml.count("<w:tr>") == rows + 3  # every entry once, and the three header rows
