"""The tables in a served Vaughn index: Word, Excel, CSV or PDF, as rows of text.

Each reader gives the file's tables as rows of cell text, in grid columns,
with where each row came from ("table 2, row 14"), and nothing about what the
columns mean (that is ``columns``) or what the rows hold (``importer``):

- Word: body tables in order; a horizontally merged cell gives its text to
  its first column; a vertically merged cell repeats the text of the cell it
  continues, as the reader of the page sees it, and the row says which of its
  columns continue a merge (``merged``): the importer needs to know a record's
  cells merged down over its exemption rows from the same text typed again;
  paragraphs become lines.
- Excel: each sheet, merged ranges handled the same way; dates as ISO text.
- CSV: UTF-8 (with or without BOM) or Windows-1252, delimiter sniffed.
- PDF: pdfplumber's tables, page by page; a row at the top of a page may
  continue the last row of the page before.

Encrypted Office files are opened with msoffcrypto-tool when the password is
given. A file that cannot be read raises ``InputError`` naming it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from casefile import limits
from casefile.errors import InputError, read_user_file
from casefile.ingest import archive

_HYPHEN_WRAP = re.compile(r"(\w-)\n(?=\w)")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = {".docx": "Word", ".xlsx": "Excel", ".xlsm": "Excel", ".csv": "CSV", ".pdf": "PDF",
         ".txt": "CSV", ".tsv": "CSV"}


@dataclass
class SourceRow:
    cells: list[str]
    where: str  # "table 2, row 14"
    # One cell spanning the row ("Documents responsive to Item 1"), not an entry.
    spanning: bool = False
    # Marked in Word as a header row that repeats on each page.
    repeat_header: bool = False
    # Grid columns whose cell continues a cell merged down from the row above
    # (its text is that cell's, repeated).
    merged: frozenset[int] = frozenset()


@dataclass
class SourceTable:
    where: str  # "table 2", "sheet 'Index'", "page 3"
    rows: list[SourceRow] = field(default_factory=list)
    # A PDF table on a page after the first: its first row may continue the
    # last row of the page before.
    continues: bool = False


def read(path: Path, password: str | None = None) -> list[SourceTable]:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path.name}: Casefile imports a Vaughn index from Word (.docx), "
                         "Excel (.xlsx), CSV or PDF.")
    data = read_user_file(path, "index's file")
    if kind == "Word":
        return _docx(path.name, _office(path.name, data, password, "Word"))
    if kind == "Excel":
        return _xlsx(path.name, _office(path.name, data, password, "Excel"))
    if kind == "CSV":
        return _csv(path.name, data)
    return _pdf(path.name, data, password)


def _office(name: str, data: bytes, password: str | None, kind: str) -> bytes:
    """The file's OOXML bytes, decrypted if it is encrypted."""
    if data.startswith(_OLE_MAGIC):
        import msoffcrypto
        from msoffcrypto.exceptions import FileFormatError, InvalidKeyError

        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            encrypted = office.is_encrypted()
        except (FileFormatError, OSError, ValueError, KeyError):
            encrypted = False
        if not encrypted:
            old = ".doc" if kind == "Word" else ".xls"
            raise InputError(f"{name} is an older {kind} file ({old}); save it as "
                             f"{'.docx' if kind == 'Word' else '.xlsx'} and import that.")
        if not password:
            raise InputError(f"{name} is encrypted; give its password with --password.")
        out = io.BytesIO()
        try:
            office.load_key(password=password)
            office.decrypt(out)
        except (InvalidKeyError, FileFormatError):
            raise InputError(f"The password given does not open {name}.") from None
        except Exception as exc:  # msoffcrypto raises bare exceptions on odd files
            raise InputError(f"{name} is encrypted in a way Casefile cannot open "
                             f"({exc.__class__.__name__}); save it without a password "
                             "and import that.") from None
        data = out.getvalue()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{name} is not a {kind} file that Casefile can read: it is damaged "
                         "or has the wrong extension.")
    # Both are ZIPs that lxml and openpyxl inflate whole: the import's archive
    # rules (ratio, total) on the parts' headers first. A 516 KB workbook of
    # 3,000,000 rows took 183 s and 1.9 GB before it failed.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            problem = archive.package_problem(z)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        problem = f"it is damaged ({exc})"
    if problem:
        raise InputError(f"{name} is not {_WHAT[kind]} Casefile can read: {problem}.")
    return data


_WHAT = {"Word": "a Word document", "Excel": "an Excel workbook"}


def _too_many_rows(name: str, count: int) -> InputError:
    return InputError(f"{name} cannot be imported: {limits.too_many_rows(count)}.")


# --- Word ---------------------------------------------------------------------


_WNS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _document_xml(name: str, data: bytes):
    """The main part of a .docx, parsed with plain lxml.

    Not through python-docx: its custom element classes make every node a
    Python object, three times slower over a 5,000-row table.
    """
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = "word/document.xml"
            rels = etree.fromstring(z.read("_rels/.rels"))
            for rel in rels.iter(f"{_RELS_NS}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    part = rel.get("Target", part).lstrip("/")
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            root = etree.fromstring(z.read(part), parser)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError):
        raise InputError(f"{name} is not a Word document Casefile can read: it is damaged "
                         "or is another kind of file.") from None
    body = root.find(f"{_WNS}body")
    if body is None:
        raise InputError(f"{name} is not a Word document Casefile can read: it has no body.")
    return body


def _docx(name: str, data: bytes) -> list[SourceTable]:
    try:
        return _docx_tables(name, data)
    except (ValueError, TypeError, KeyError) as exc:  # a malformed attribute (gridSpan="x")
        raise InputError(f"{name} is not a Word document Casefile can read: "
                         f"{_why(exc)}.") from None


def _why(exc: Exception) -> str:
    """A reader's error in a few words: its class and first sentence."""
    text = " ".join(str(exc).split()).split(". ")[0][:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _docx_tables(name: str, data: bytes) -> list[SourceTable]:
    w = _WNS
    tbl, tr, tc = f"{w}tbl", f"{w}tr", f"{w}tc"
    tcpr, span_tag, vmerge_tag = f"{w}tcPr", f"{w}gridSpan", f"{w}vMerge"
    val, trpr, header_tag, before_tag = f"{w}val", f"{w}trPr", f"{w}tblHeader", \
        f"{w}gridBefore"
    body = _document_xml(name, data)
    tables = []
    number = rows_read = 0
    for table in body.iter(tbl):
        if any(a.tag == tc for a in table.iterancestors()):
            continue  # a table inside a cell belongs to that cell's text
        number += 1
        source = SourceTable(f"table {number}")
        above: dict[int, str] = {}
        for row_no, row in enumerate(table.iterchildren(tr), 1):
            rows_read += 1
            if rows_read > limits.TABLE_ROWS:
                raise _too_many_rows(name, rows_read)
            props = row.find(trpr)
            column = 0
            if props is not None and props.find(before_tag) is not None:
                column = int(props.find(before_tag).get(val, "0"))
            cells: dict[int, str] = {}
            merged: set[int] = set()
            spans: list[int] = []
            for cell in row.iterchildren(tc):
                cp = cell.find(tcpr)
                span, merge = 1, None
                if cp is not None:
                    s = cp.find(span_tag)
                    if s is not None:
                        span = max(1, int(s.get(val, "1")))
                    m = cp.find(vmerge_tag)
                    if m is not None:
                        merge = m.get(val, "continue")
                if merge == "continue":
                    text = above.get(column, "")
                    merged.update(range(column, column + span))
                else:
                    text = _cell_text_docx(cell)
                cells[column] = text
                above[column] = text
                spans.append(span)
                column += span
            source.rows.append(SourceRow(
                [cells.get(i, "") for i in range(column)], f"table {number}, row {row_no}",
                spanning=len(spans) == 1 and spans[0] > 1,
                repeat_header=props is not None and props.find(header_tag) is not None,
                merged=frozenset(merged),
            ))
        tables.append(source)
    if not tables:
        raise InputError(f"{name} has no table; a Vaughn index in Word must be a table.")
    return tables


_P, _T, _TAB, _BR, _CR = (f"{_WNS}{t}" for t in ("p", "t", "tab", "br", "cr"))


def _cell_text_docx(cell) -> str:
    """A cell's paragraphs as lines, in one pass over its text nodes."""
    paragraphs: list[list[str]] = []
    for node in cell.iter(_P, _T, _TAB, _BR, _CR):
        tag = node.tag
        if tag == _P:
            paragraphs.append([])
        elif not paragraphs:
            continue
        elif tag == _T:
            paragraphs[-1].append(node.text or "")
        elif tag == _TAB:
            paragraphs[-1].append("\t")
        else:
            paragraphs[-1].append("\n")
    return "\n".join("".join(p).strip() for p in paragraphs).strip()


# --- Excel --------------------------------------------------------------------


def _xlsx(name: str, data: bytes) -> list[SourceTable]:
    import openpyxl

    _count_sheet_rows(name, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        return _sheets(name, book)
    except (MemoryError, InputError):
        raise  # the child's memory ceiling, the row limit: each says so
    except Exception as exc:  # openpyxl raises KeyError, ValueError, zipfile and XML errors
        raise InputError(f"{name} is not an Excel workbook Casefile can read: it is damaged "
                         f"or is another kind of file ({_why(exc)}).") from None


def _count_sheet_rows(name: str, data: bytes) -> None:
    """Refuse a workbook past ``limits.TABLE_ROWS`` before openpyxl builds every
    cell of it: a streaming count of its sheets' rows that stops at the limit."""
    from lxml import etree

    rows = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in z.namelist():
                if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                    continue
                with z.open(part) as stream:
                    for _, element in etree.iterparse(stream, tag="{*}row",
                                                      resolve_entities=False, no_network=True,
                                                      huge_tree=True):
                        rows += 1
                        if rows > limits.TABLE_ROWS:
                            raise _too_many_rows(name, rows)
                        element.clear(keep_tail=True)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError) as exc:
        raise InputError(f"{name} is not an Excel workbook Casefile can read: it is damaged "
                         f"({_why(exc)}).") from None


def _sheets(name: str, book) -> list[SourceTable]:
    tables = []
    rows = 0
    for sheet in book.worksheets:
        # One cell far down (A1048576) makes a sheet of that many empty rows.
        if rows + sheet.max_row > limits.TABLE_ROWS:
            raise _too_many_rows(name, rows + sheet.max_row)
        rows += sheet.max_row
        source = SourceTable(f"sheet '{sheet.title}'")
        merged_values: dict[tuple[int, int], str] = {}
        merged_down: dict[int, set[int]] = {}  # row → its 0-based columns merged from above
        spanning_rows: set[int] = set()
        for rng in sheet.merged_cells.ranges:
            top = _cell_text(sheet.cell(rng.min_row, rng.min_col).value)
            if rng.max_col > rng.min_col and rng.max_row == rng.min_row:
                spanning_rows.add(rng.min_row)
            for r in range(rng.min_row + 1, rng.max_row + 1):  # down: the same text
                merged_values[(r, rng.min_col)] = top
                merged_down.setdefault(r, set()).update(range(rng.min_col - 1, rng.max_col))
        for row_no, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [merged_values.get((row_no, col), _cell_text(v))
                     for col, v in enumerate(values, 1)]
            source.rows.append(SourceRow(cells, f"sheet '{sheet.title}', row {row_no}",
                                         spanning=row_no in spanning_rows,
                                         merged=frozenset(merged_down.get(row_no, ()))))
        tables.append(source)
    return tables


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- CSV ----------------------------------------------------------------------


def _csv(name: str, data: bytes) -> list[SourceTable]:
    if b"\x00" in data[:4096]:
        raise InputError(f"{name} is not a text (CSV) file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:20000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    source = SourceTable("CSV")
    try:
        for row_no, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            source.rows.append(SourceRow([c.strip() for c in cells], f"row {row_no}"))
    except csv.Error as exc:
        raise InputError(f"{name} is not a CSV file Casefile can read ({exc}).") from None
    return [source]


# --- PDF ----------------------------------------------------------------------


def _pdf(name: str, data: bytes, password: str | None) -> list[SourceTable]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    tables: list[SourceTable] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            any_text = False
            for page_no, page in enumerate(pdf.pages, 1):
                if page.chars:
                    any_text = True
                for t_no, rows in enumerate(page.extract_tables(), 1):
                    where = f"page {page_no}" + (f", table {t_no}" if t_no > 1 else "")
                    source = SourceTable(where, continues=bool(tables) and t_no == 1)
                    for row_no, cells in enumerate(rows, 1):
                        # Lines wrapped inside a cell are one text; a word wrapped
                        # at its hyphen ("use-of-\nforce") is one word.
                        texts = [" ".join(_HYPHEN_WRAP.sub(r"\1", c or "").split())
                                 for c in cells]
                        # pdfplumber gives None for a grid cell a merged cell
                        # covers; below the first row that is a merge down.
                        merged = frozenset(i for i, c in enumerate(cells) if c is None) \
                            if row_no > 1 else frozenset()
                        source.rows.append(SourceRow(texts, f"{where}, row {row_no}",
                                                     merged=merged))
                    tables.append(source)
    except (PdfminerException, PDFPasswordIncorrect, PDFSyntaxError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(f"{name} is encrypted; give its password with --password."
                             if not password else
                             f"The password given does not open {name}.") from None
        raise InputError(f"{name} is a damaged PDF Casefile cannot read; ask for another copy "
                         "or export the index to Word or Excel.") from None
    if not any_text:
        raise InputError(f"{name} has no text layer (it is a scan): Casefile reads a PDF index "
                         "from its text; ask the agency for the Word or Excel file.")
    if not tables:
        raise InputError(f"{name} has text but no ruled table Casefile can find; ask the "
                         "agency for the Word or Excel file, or export the PDF to Excel.")
    return tables
