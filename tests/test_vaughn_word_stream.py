"""The Word export streamed (issue 21): read in batches, written part by part, and
still a Word file that python-docx and LibreOffice read with every row in order."""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile

import pytest

from casefile import office
from casefile.store import CaseFile
from casefile.store.models import IndexAuthor
from casefile.vaughn import Claim, add_index, add_record, data, export, word_stream
from casefile.wordtables import CHUNK_ROWS, W
from tests.conftest import need_tool

N = 2 * CHUNK_ROWS + 13  # three tables: two full, one short


@pytest.fixture
def long_index(new_case):
    """N entries numbered 1..N, each with its own marker "MARK-0001" … in the
    description and a justification of one of three lengths; entry 7 has two
    exemptions with different justifications. Expected: N rows in entry order."""
    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "Streamed", IndexAuthor.AGENCY)
        for n in range(1, N + 1):
            claims = [Claim("b6", f"Names of officers in record {n}; harassment. " * (n % 3 + 1))]
            if n == 7:
                claims.append(Claim("b5", "Predecisional draft of the plan."))
            add_record(s, index, str(n), bates_begin=f"ICE-{n:06d}",
                       description=f"MARK-{n:04d} email on staffing.", pages=1,
                       claims=claims)
    return new_case


def test_entries_read_in_batches_are_the_entries_read_at_once(long_index):
    with CaseFile.open(long_index, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        index = find_index(s, None)
        whole = data.entries(s, index.id)
        batches = list(word_stream.entry_batches(s, index.id, size=40))
    assert [len(b) for b in batches] == [40, 40, N - 80]
    assert [e for b in batches for e in b] == whole  # every field, every withholding
    assert [h.label for h in whole[6].held] == ["(b)(6)", "(b)(5)"]


def test_the_streamed_file_is_a_word_file_with_every_row_fixed_and_kept_whole(
        long_index, tmp_path):
    from docx import Document

    out = tmp_path / "streamed.docx"
    with CaseFile.open(long_index, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_docx(s, find_index(s, None), out)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        names = z.namelist()
    assert names[0] == "[Content_Types].xml" and "word/styles.xml" in names
    doc = Document(str(out))  # python-docx reads it
    tables = doc.tables[-3:]  # after the caption's table, if any
    assert [len(t.rows) for t in tables] == [CHUNK_ROWS + 1, CHUNK_ROWS + 1, 13 + 1]
    rows = [r for t in tables for r in t.rows[1:]]
    # The first column stacks entry, Bates number and pages, a line each.
    assert tables[0].rows[0].cells[0].text == "Entry\nBates Range\nPages"
    assert [r.cells[0].text for r in rows] == \
        [f"{n}\nICE-{n:06d}\n1 p." for n in range(1, N + 1)]
    for t in tables:
        tbl = t._tbl
        assert tbl.find(f"{{{W}}}tblPr/{{{W}}}tblLayout").get(f"{{{W}}}type") == "fixed"
        grid = [int(c.get(f"{{{W}}}w")) for c in tbl.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol")]
        assert len(grid) == len(t.columns) and all(w > 0 for w in grid)
        head = t.rows[0]._tr
        assert head.find(f"{{{W}}}trPr/{{{W}}}tblHeader") is not None
    # No row here is taller than a page: every one is kept whole.
    assert all(r._tr.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in rows)
    # Word 2013's compatibility mode (LibreOffice lays it out faster).
    settings = zipfile.ZipFile(out).read("word/settings.xml").decode()
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    # The body ends with its section (landscape), after the last table.
    assert doc.sections[0].page_width > doc.sections[0].page_height
    assert doc.element.body[-1].tag == f"{{{W}}}sectPr"
    # Entry 7's two justifications, each with its exemption, one paragraph each.
    cell7 = rows[6].cells[[c.text for c in tables[0].rows[0].cells].index("Justification")]
    assert [p.text for p in cell7.paragraphs] == [
        "(b)(6): " + "Names of officers in record 7; harassment. " * 2,
        "(b)(5): Predecisional draft of the plan."]


def test_libreoffice_shows_every_row_in_order(long_index, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    out = tmp_path / "order.docx"
    with CaseFile.open(long_index, read_only=True) as case, case.reading() as s:
        from casefile.vaughn import find_index

        export.to_docx(s, find_index(s, None), out)
    pdf = office.convert(out, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    marks = re.findall(r"MARK-(\d{4})", text)
    assert [int(m) for m in marks] == list(range(1, N + 1))
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for page in pages:  # the header row repeated on every page
        assert "Justification" in page and "Bates Range" in page


def test_an_empty_index_is_still_a_word_file_that_says_so(new_case, tmp_path):
    from docx import Document

    with CaseFile.open(new_case) as case, case.transaction() as s:
        index = add_index(s, "Empty", IndexAuthor.AGENCY)
        out = export.to_docx(s, index, tmp_path / "empty.docx")
    doc = Document(str(out))
    assert "This index has no entries." in [p.text for p in doc.paragraphs]
    assert not [t for t in doc.tables if len(t.columns) > 2]


def test_the_body_is_written_while_it_is_made_not_after(tmp_path):
    """save_with_body writes each part as it comes: by the time the last part
    is asked for, the first ones are already in the zip on disk."""
    from docx import Document

    target = tmp_path / "parts.docx"
    seen = []

    def parts():
        for n in range(200):
            if n == 199:
                seen.append(target.stat().st_size)
            # Hex digests: text that deflate cannot shrink much below half.
            noise = "".join(hashlib.sha256(f"{n}.{i}".encode()).hexdigest() for i in range(40))
            yield f"<w:p><w:r><w:t>part {n} {noise}</w:t></w:r></w:p>".encode()

    word_stream.save_with_body(Document(), target, parts())
    # 199 parts of 2,560 hex digits (over 500 KB, about 250 KB deflated) are out.
    assert seen[0] > 150_000
    doc = Document(str(target))
    assert doc.paragraphs[-1].text.startswith("part 199 ")


def test_columns_are_sized_to_make_the_rows_least_tall():
    """A sample whose third column holds 600 letters a row and whose others hold a
    word or two: that column gets the width, every column keeps its longest
    word whole, the widths fill the page, and the rows are shorter than with
    the columns shared evenly."""
    from casefile.wordtables import row_height, widths_by_content, widths_for

    headers = ["Entry", "Bates Range", "Justification", "Segregability"]
    rows = [[str(n), f"ICE-{n:06d}–", "The agency withheld the names. " * 20,
             "Segregable portions released."] for n in range(1, 41)]
    whole = [[r[0], r[1], "", ""] for r in rows]
    widths = widths_by_content(10.0, headers, 8, whole, rows)
    assert sum(widths) == 14400
    assert max(widths) == widths[2]
    assert widths[1] >= 11 * 80  # "ICE-000001–" on one line
    assert widths[3] >= len("Segregability") * 80  # its header's word whole
    even = widths_for([1, 1, 1, 1], 10.0, headers, 8, whole)
    assert sum(row_height(r, widths, 8) for r in rows) < \
        0.6 * sum(row_height(r, even, 8) for r in rows)
