"""The import's limits hold on every path a file from outside enters by: a
file named to `add exhibit --file` or `add correspondence --file` is the
import of that one file, and a Vaughn index in Excel or Word (both ZIPs) meets
the archive rules and a row limit before openpyxl or lxml reads it.

Each attack is built here by hand (zipfile, struct), sharing nothing with the
readers; its expected sentence is stated beside it. A refused file costs one
line on stderr, exit 1, and leaves the case file byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile.ingest import import_files
from casefile.store import CaseFile
from casefile.store.models import Correspondence, Document, DocumentPage, Exhibit
from tests.conftest import assert_one_clear_line, run_cli
from tests.hostile.attacks import (
    good_pdf,
    many_part_email,
    nested_zip_bomb,
    tiff_header,
)


def _sha(case_path: Path) -> str:
    """The case file's bytes, read after it was closed."""
    return hashlib.sha256(case_path.read_bytes()).hexdigest()


def _counts(case_path: Path) -> tuple[int, int, int]:
    with CaseFile.open(case_path, read_only=True) as c, c.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(model))
                     for model in (Document, Exhibit, Correspondence))


# --- add exhibit --file, add correspondence --file ---------------------------------------------


def _padding_zip(path: Path) -> None:
    """Two 49 MiB members of zeros (each under the old 50 MB floor) in a ZIP of
    about 100 KB. Expected: refused, a ZIP is no exhibit."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(2):
            z.writestr(f"padding-{n}.txt", b"\0" * (49 * 1024**2))


def _unsupported(path: Path) -> None:
    """A 314 MB file of no kind Casefile reads, sparse on the disk. Expected:
    refused by its kind before it is hashed."""
    with path.open("wb") as f:
        f.write(b"\x7fELF\x02\x01\x01")
        f.truncate(314 * 1024**2)


ATTACKS = [
    # (file name, how to write it, words of the expected sentence)
    ("42.zip", lambda p: p.write_bytes(nested_zip_bomb()),
     "does not read this kind of file (ZIP archive)"),
    ("padding.zip", _padding_zip, "does not read this kind of file (ZIP archive)"),
    ("release.eml", lambda p: p.write_bytes(many_part_email(20_000)),
     "more than the 1,000 parts an email may have"),
    ("blob.xyz", _unsupported, "does not read"),
    ("plan.tif", lambda p: p.write_bytes(tiff_header(15_000, 15_000)),
     "15,000 x 15,000 pixels"),
]


@pytest.mark.parametrize("name,write,words", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_add_exhibit_file_refuses_what_the_import_refuses_and_leaves_the_case_as_it_was(
        new_case, tmp_path, name, write, words):
    hostile = tmp_path / name
    write(hostile)
    before = _sha(new_case)
    done = run_cli("add", "exhibit", new_case, "--set", "Exhibits", "--title", "Hostile",
                   "--file", hostile)
    assert_one_clear_line(done, f"{name} cannot be added", words)
    assert done.returncode == 1
    assert _sha(new_case) == before
    assert _counts(new_case) == (0, 0, 0)


def test_the_import_refuses_the_same_files_for_the_same_reasons(new_case, tmp_path):
    # One way in: the sentences above are the import's own.
    paths = []
    for name, write, _words in ATTACKS:
        paths.append(tmp_path / name)
        write(paths[-1])
    with CaseFile.open(new_case) as case:
        report = import_files(case, paths)
    by_file = {}
    for result in report.results:
        by_file.setdefault(result.name.split("/")[0], []).append(result)
    assert set(by_file) == {name for name, _, _ in ATTACKS}
    for name, _write, words in ATTACKS:
        assert all(r.status == "failed" for r in by_file[name]), by_file[name]
        if not name.endswith(".zip"):  # the import opens archives; an exhibit is one file
            assert words in by_file[name][0].reason


def test_a_letters_file_is_refused_like_an_exhibits_and_no_letter_is_stored(new_case,
                                                                           tmp_path):
    bomb = tmp_path / "scan.tif"
    bomb.write_bytes(tiff_header(15_000, 15_000))
    before = _sha(new_case)
    done = run_cli("add", "correspondence", new_case, "--direction", "incoming", "--date",
                   "2026-03-03", "--kind", "production_letter", "--subject", "Release",
                   "--file", bomb)
    assert_one_clear_line(done, "scan.tif cannot be added", "15,000 x 15,000 pixels")
    assert _sha(new_case) == before
    assert _counts(new_case) == (0, 0, 0)


def test_an_exhibits_file_is_read_and_indexed_like_an_imported_one(new_case, tmp_path):
    # Expected: the two pages' text is in the case, searchable, as after an import.
    letter = good_pdf(tmp_path, "letter.pdf", pages=2)
    done = run_cli("add", "exhibit", new_case, "--set", "Exhibits", "--title", "The letter",
                   "--file", letter)
    assert done.returncode == 0, done.stderr
    with CaseFile.open(new_case, read_only=True) as c, c.reading() as s:
        texts = s.scalars(select(DocumentPage.text).order_by(DocumentPage.page_no)).all()
        assert s.scalars(select(Document.page_count)).all() == [2]
    assert texts == ["A plain letter from the agency, page 1.",
                     "A plain letter from the agency, page 2."]


def test_an_exhibit_of_a_file_already_imported_is_linked_to_that_document(new_case, tmp_path):
    letter = good_pdf(tmp_path)
    with CaseFile.open(new_case) as case:
        imported = import_files(case, [letter]).results[0].document_id
    done = run_cli("add", "exhibit", new_case, "--set", "Exhibits", "--title", "The letter",
                   "--file", letter)
    assert done.returncode == 0, done.stderr
    with CaseFile.open(new_case, read_only=True) as c, c.reading() as s:
        assert s.scalars(select(Exhibit.document_id)).all() == [imported]
    assert _counts(new_case) == (1, 1, 0)


# --- a Vaughn index in Excel or Word ------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
    '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Index" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _row(r: int | None, *values: str) -> str:
    at = f' r="{r}"' if r else ""
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f"<row{at}>{cells}</row>"


def _xlsx(path: Path, rows: list[str] | str, after: str = "") -> Path:
    """A workbook of one sheet, its XML written by hand (not openpyxl); ``after``
    is what follows the sheet's data (merged cells)."""
    body = rows if isinstance(rows, str) else "".join(rows)
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"<sheetData>{body}</sheetData>{after}</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


_HEADER = _row(1, "Entry", "Bates", "Description", "Exemptions")


def _vaughn_import_refused(case_path: Path, index: Path, *words: str) -> None:
    before = _sha(case_path)
    done = run_cli("vaughn", "import", case_path, index)
    assert_one_clear_line(done, *words)
    assert done.returncode == 1
    assert "unexpected error" not in done.stderr
    assert _sha(case_path) == before


def test_an_ordinary_hand_written_workbook_imports_its_entries(new_case, tmp_path):
    # Expected: two entries. Shows the hand-written package is a real workbook,
    # so the refusals below are the limits, not a broken fixture.
    book = _xlsx(tmp_path / "index.xlsx", [
        _HEADER, _row(2, "1", "DOJ-0001", "Email about the plan", "b5"),
        _row(3, "2", "DOJ-0002", "Memo on the plan", "b6")])
    done = run_cli("vaughn", "import", new_case, book)
    assert done.returncode == 0, done.stderr
    assert "2 entries imported" in done.stdout, done.stdout


def test_a_workbook_that_inflates_past_the_ratio_rule_is_refused_before_it_is_read(
        new_case, tmp_path):
    # 100,000 identical rows: a 6 MB sheet in a ZIP of a few KB (over 300:1, as
    # the tester's 516 KB of 3,000,000 rows). Expected: the archive ratio rule.
    book = _xlsx(tmp_path / "index.xlsx", _HEADER + _row(None, "x", "y", "z", "b5") * 100_000)
    assert book.stat().st_size < 100_000
    _vaughn_import_refused(new_case, book, "index.xlsx is not an Excel workbook Casefile can "
                           "read", "xl/worksheets/sheet1.xml", "inflates", "ZIP bomb")


def test_a_workbook_of_more_rows_than_the_limit_is_refused_with_the_limit(new_case, tmp_path):
    # 200,001 rows of distinct text, compressing well under 100:1. Expected: the
    # row limit's sentence.
    rows = [_HEADER] + [_row(n, str(n), f"DOJ-{n:07d}") for n in range(2, 200_003)]
    book = _xlsx(tmp_path / "index.xlsx", rows)
    with zipfile.ZipFile(book) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size / info.compress_size < 100  # not the ratio rule
    _vaughn_import_refused(new_case, book, "index.xlsx cannot be imported",
                           "more than 200,000 table rows")


def test_one_cell_a_million_rows_down_is_refused_by_the_row_limit(new_case, tmp_path):
    # Two rows on disk, but the sheet reaches row 1,048,576: openpyxl would make
    # a million empty rows. Expected: the row limit.
    book = _xlsx(tmp_path / "index.xlsx", [_HEADER, _row(1_048_576, "far")])
    _vaughn_import_refused(new_case, book, "index.xlsx cannot be imported",
                           "more than 200,000 table rows")


def test_a_merged_range_past_excels_last_row_is_a_sentence_not_the_catch_all(new_case,
                                                                             tmp_path):
    # openpyxl raises ValueError on a range past row 1,048,576. Expected: the
    # sentence naming the file, never "The work stopped on an unexpected error".
    book = _xlsx(tmp_path / "index.xlsx", [_HEADER, _row(2, "x")],
                 after='<mergeCells count="1"><mergeCell ref="A1:B1048577"/></mergeCells>')
    _vaughn_import_refused(new_case, book,
                           "index.xlsx is not an Excel workbook Casefile can read")


def test_a_word_index_that_inflates_past_the_ratio_rule_is_refused_before_it_is_read(
        new_case, tmp_path):
    # A document.xml of 100,000 identical table rows: 9 MB in a few KB.
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    row = "<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
                f"<w:tbl>{row * 100_000}</w:tbl></w:body></w:document>")
    path = tmp_path / "index.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", _ROOT_RELS.replace("xl/workbook.xml", "word/document.xml"))
        z.writestr("word/document.xml", document)
    path.write_bytes(buffer.getvalue())
    _vaughn_import_refused(new_case, path, "index.docx is not a Word document Casefile can "
                           "read", "word/document.xml", "inflates")
