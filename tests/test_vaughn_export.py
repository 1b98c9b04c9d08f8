"""Exporting a Vaughn index: Word as a court reads it, Excel and CSV, and back again."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date

import pytest

from casefile import office
from casefile.errors import InputError
from casefile.store import CaseFile
from casefile.store.models import ChallengeState, Disposition, IndexAuthor
from casefile.vaughn import Claim, add_index, add_record, data, export
from casefile.vaughn.challenges import set_challenge
from casefile.vaughn.importer import import_index
from casefile.wordtables import W
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
            export.to_docx(s, index, out, export.WordOptions(fields=export.ALL_FIELDS,
                                                             include_strategy=True))
        else:
            getattr(export, f"to_{suffix}")(s, index, out, include_strategy=True)
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
                                                     "exemptions", "challenge_state"],
                       include_strategy=True)
    sheet = openpyxl.load_workbook(out).active
    # Our strategy is in it: marked above the table and on every printed page.
    assert sheet["A1"].value == "Privileged & Confidential — Attorney Work Product"
    assert sheet.oddHeader.center.text == sheet["A1"].value
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:E5"
    assert [c.value for c in sheet[2]] == ["Entry", "Date", "Pages", "Exemptions",
                                           "Challenge"]
    assert sheet["B3"].value.date() == date(2020, 6, 18)  # a real date, not text
    assert sheet["C3"].value == 3
    assert sheet["D3"].alignment.wrap_text
    assert sheet["E3"].value == "Challenged"


@pytest.mark.parametrize("suffix", ["docx", "xlsx", "csv"])
def test_no_export_carries_our_strategy_unless_asked(indexed, tmp_path, suffix):
    out = tmp_path / f"served.{suffix}"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        index = find_index(s, None)
        if suffix == "docx":
            export.to_docx(s, index, out)
            with pytest.raises(InputError, match="--include-strategy"):
                export.to_docx(s, index, out, export.WordOptions(fields=export.ALL_FIELDS))
        else:
            getattr(export, f"to_{suffix}")(s, index, out)
            with pytest.raises(InputError, match="Argument column is your work product"):
                getattr(export, f"to_{suffix}")(s, index, out, ["entry_no",
                                                               "challenge_argument"])
    text = _text_of(out)
    assert "ICE-2020-000001" in text  # the export is there …
    for words in ("Challenged", "Argument", "Authorities", "Privileged"):
        assert words not in text  # … without a word of our strategy


def test_an_export_with_our_strategy_is_marked_work_product(indexed, tmp_path):
    out = tmp_path / "ours.docx"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_docx(s, find_index(s, None), out, export.WordOptions(include_strategy=True))
    from docx import Document

    doc = Document(str(out))
    marking = "Privileged & Confidential — Attorney Work Product"
    assert doc.sections[0].header.paragraphs[0].text == marking
    assert marking in _text_of(out) and "Challenged" in _text_of(out)


def test_a_word_row_never_splits_across_pages_unless_longer_than_a_page(new_case, tmp_path):
    from casefile.store.models import IndexAuthor
    from casefile.vaughn.entries import Claim, add_index, add_record

    out = tmp_path / "rows.docx"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "Rows", IndexAuthor.AGENCY)
        add_record(s, index, "1", description="A short memo.",
                   claims=[Claim("b6", "Names of officers; harassment.")])
        long = " ".join(["The agency's reasons go on at length about this record."] * 400)
        add_record(s, index, "2", description="A long one.", claims=[Claim("b5", long)])
        export.to_docx(s, index, out)
    from docx import Document

    rows = [r for t in Document(str(out)).tables for r in t.rows][-2:]
    cant = [r._tr.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in rows]
    assert cant == [True, False]


def _text_of(path):
    if path.suffix == ".docx":
        from docx import Document

        doc = Document(str(path))
        return "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    if path.suffix == ".xlsx":
        import openpyxl

        return "\n".join(str(v) for row in openpyxl.load_workbook(path).active.iter_rows(
            values_only=True) for v in row if v is not None)
    return path.read_text(encoding="utf-8-sig")


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


def test_every_page_of_an_export_with_our_strategy_says_work_product(new_case, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    out = tmp_path / "ours.docx"
    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "ICE index", IndexAuthor.AGENCY)
        for n in range(1, 61):
            r = add_record(s, index, str(n), bates_begin=f"ICE-{n:06d}",
                           description=f"Email chain number {n} about staffing at the office.",
                           claims=[Claim("b6", f"Names of the officers in chain {n}; their "
                                               "release would expose them to harassment.")])
            set_challenge(r, ChallengeState.CHALLENGED, argument=f"Chain {n}: senior names.")
        export.to_docx(s, index, out, export.WordOptions(include_strategy=True))
    pdf = office.convert(out, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for page in pages:
        assert "Privileged & Confidential — Attorney Work Product" in page
    assert "Chain 60: senior names." in " ".join(text.split())


def test_entry_bates_date_and_pages_share_one_column_a_line_each(indexed, tmp_path):
    """Issue 21: the four short identity values stacked in one cell under a
    header naming them in order, a line each, a dash for an empty one; the
    width goes to the text. Expected from the fixture: entry 1's range broken after its
    dash, entry 2 has no date."""
    from docx import Document

    out = tmp_path / "stacked.docx"
    with CaseFile.open(indexed, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_docx(s, find_index(s, None), out)
    table = Document(str(out)).tables[-1]
    lines = [[c.text.split("\n") for c in r.cells] for r in table.rows]
    # The stack is one paragraph broken by line breaks (LibreOffice lays it out faster).
    assert all(len(r.cells[0].paragraphs) == 1 for r in table.rows)
    assert lines[0][0] == ["Entry", "Bates Range", "Date", "Pages"]
    assert [c[0] for c in lines[0][1:]] == ["Document Type", "Author", "Recipients",
                                           "Description", "Disposition", "Exemptions",
                                           "Justification", "Foreseeable Harm",
                                           "Segregability"]
    assert lines[1][0] == ["1", "ICE-2020-000001 –", "ICE-2020-000003", "06/18/2020", "3 pp."]
    assert lines[2][0] == ["2", "ICE-2020-000004", "—", "1 p."]
    grid = [int(c.get(f"{{{W}}}w")) for c in table._tbl.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol")]
    assert len(grid) == 10 and grid[0] < grid[-3]  # narrower than the justification


def test_only_our_stacked_header_is_split_on_import():
    """unstack splits a header cell whose lines are our stacked fields' names
    (and its rows, merged cells shifted); an agency's header wrapped over two
    lines ("Doc.\\nNo.", "Bates\\nNumber") is left as it is."""
    from casefile.vaughn import stacked
    from casefile.vaughn.tables import SourceRow, SourceTable

    theirs = SourceTable("table 1", [SourceRow(["Doc.\nNo.", "Bates\nNumber"], "row 1"),
                                     SourceRow(["1", "ICE-1"], "row 2")])
    assert stacked.unstack([theirs]) == [theirs]
    ours = SourceTable("table 1", [
        SourceRow(["Entry\nBates Range\nDate\nPages", "Justification"], "row 1",
                  repeat_header=True),
        SourceRow(["7\nICE-1 –\nICE-3\n—\n3 pp.", "Names."], "row 2"),
        SourceRow(["8\nICE-4", "Same."], "row 3", merged=frozenset({1}))])
    rows = [r for t in stacked.unstack([ours]) for r in t.rows]
    assert rows[0].cells == ["Entry", "Bates Range", "Date", "Pages", "Justification"]
    assert rows[1].cells == ["7", "ICE-1 –\nICE-3", "", "3 pp.", "Names."]
    assert rows[2].cells == ["8", "ICE-4", "", "", "Same."]
    assert rows[2].merged == frozenset({4})
