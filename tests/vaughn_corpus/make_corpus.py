"""Write the agency-shaped Vaughn indexes of this folder, each with its sidecar.

Run from the project root: ``python -m tests.vaughn_corpus.make_corpus``.

Nothing here uses Casefile's code: the Word files are OOXML tables written
as raw XML into a blank python-docx package (``w:vMerge`` for cells merged
down), the workbooks openpyxl's merged ranges, the CSV the csv module, and
the PDF a reportlab table. Each file is described here as its records (one
withheld document or portion each) and written in one agency's layout; the
sidecar ``NAME.expected.json`` states what an import must find, counted from
those records, not from any import:

- ``records``: how many records;
- ``withholdings``: withholdings by exemption (catalog codes: b5-dp, b6, b7C…),
  one per exemption per record, however many rows claim it;
- ``withheld_in_full``: records withheld in full;
- ``pages``: the records' pages added up (the stated count, or the length of
  the Bates range where the index gives none);
- ``report``: sentences the import report must contain (bad input), if any.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent


@dataclass
class Claim:
    written: str  # as the agency writes it
    codes: tuple[str, ...]  # the catalog codes it claims
    justification: str


@dataclass
class Rec:
    number: str
    begin: str
    end: str
    date: str
    description: str
    wif: bool
    claims: list[Claim]
    pages: int | None = None  # stated; None: not stated
    doc_type: str = "Email"
    # "One row per page range": (begin, end, pages) of each row, if so.
    ranges: list[tuple[str, str, int]] = field(default_factory=list)

    def bates(self) -> str:
        return self.begin if self.begin == self.end else f"{self.begin} - {self.end}"

    def span(self) -> int:
        return int(self.end.split("-")[-1]) - int(self.begin.split("-")[-1]) + 1


_JUST = {
    "b5": "The draft reflects the Field Office's recommendation to the Assistant Director on "
          "whether to expand the {topic} pilot, before the decision of {when}; its release "
          "would reveal which options staff rejected and why.",
    "b6": "The names, telephone numbers and email addresses of {who} appear in the "
          "{topic} record; releasing them would expose these employees to harassment by "
          "people who have threatened staff of the {office} office.",
    "b7C": "The record names {who} interviewed in the {topic} investigation; linking them "
           "to it would stigmatise them and invite retaliation in the community where they live.",
    "b7E": "The {topic} checklist gives the order in which agents query four named "
           "databases; knowing it would let a subject learn which records trigger a referral "
           "and arrange his affairs to avoid them.",
    "b3": "Grand jury subpoena returns in the {topic} matter are protected by Fed. R. Crim. "
          "P. 6(e); releasing them would reveal the direction of the grand jury's inquiry.",
    "b4": "The contractor's unit prices for {topic} services are confidential commercial "
          "information; competitors would use them to underbid it on the next task order.",
}
_WRITTEN = {
    "b5": "(b)(5) - deliberative process", "b6": "(b)(6)", "b7C": "(b)(7)(C)",
    "b7E": "(b)(7)(E)", "b3": "(b)(3) - Fed. R. Crim. P. 6(e)", "b4": "(b)(4)",
}
_CODES = {"b5": ("b5-dp",), "b6": ("b6",), "b7C": ("b7C",), "b7E": ("b7E",), "b3": ("b3",),
          "b4": ("b4",)}
_TOPICS = ["Harbor Watch", "Lantern", "Riverbend", "Northgate", "Cobalt", "Meridian", "Sable",
           "Tamarack", "Juniper", "Halcyon", "Granite", "Willow", "Beacon", "Falcon", "Orchard"]
_WHO = ["two deportation officers", "a supervisory special agent", "three witnesses",
        "the case agent", "a contract guard", "local police officers"]
_OFFICES = ["Newark", "Chicago", "Atlanta", "Houston", "Seattle", "Denver"]


def _claim(kind: str, i: int) -> Claim:
    text = _JUST[kind].format(topic=_TOPICS[i % len(_TOPICS)], who=_WHO[i % len(_WHO)],
                              office=_OFFICES[i % len(_OFFICES)],
                              when=f"March {i % 27 + 1}, 2021")
    return Claim(_WRITTEN[kind], _CODES[kind], f"{text} (Record {i}.)")


def records(prefix: str, n: int, kinds: list[list[str]], *, start: int = 1,
            stated_pages: bool = True, numbers: list[str] | None = None) -> list[Rec]:
    """``n`` records with the exemptions of ``kinds`` in turn, Bates running on."""
    out = []
    page = 1
    for i in range(n):
        length = 1 + (i * 7) % 5
        begin, end = f"{prefix}-{page:06d}", f"{prefix}-{page + length - 1:06d}"
        page += length
        ks = kinds[i % len(kinds)]
        number = numbers[i] if numbers else str(start + i)
        out.append(Rec(
            number, begin, end, f"{(i % 12) + 1:02d}/{(i % 27) + 1:02d}/2021",
            f"Email about the {_TOPICS[i % len(_TOPICS)]} operation, with attachment "
            f"({i + 1}).", wif=i % 3 == 0,
            claims=[_claim(k, start + i + j * 100) for j, k in enumerate(ks)],
            pages=length if stated_pages else None))
    return out


def expected(recs: list[Rec], report: list[str] | None = None) -> dict:
    held: Counter[str] = Counter()
    for r in recs:
        for code in dict.fromkeys(c for claim in r.claims for c in claim.codes):
            held[code] += 1
    return {"records": len(recs), "withholdings": dict(sorted(held.items())),
            "withheld_in_full": sum(r.wif for r in recs),
            "pages": sum(r.pages if r.pages is not None else r.span() for r in recs),
            **({"report": report} if report else {})}


def _disposition(r: Rec, style: str = "WIF/RIP") -> str:
    if style == "WIF/RIP":
        return "WIF" if r.wif else "RIP"
    return "Withheld in Full" if r.wif else "Withheld in Part"


# --- Word: raw table XML ------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _tc(text: str, *, merge: str | None = None, span: int = 1) -> str:
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                         for line in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def _tr(cells: list[str], header: bool = False) -> str:
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _tbl(rows: list[str], columns: int) -> str:
    grid = "".join('<w:gridCol w:w="1400"/>' for _ in range(columns))
    return (f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" '
            f'w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')


def _docx(path: Path, title: str, blocks: list[tuple[str, str]]) -> None:
    """``blocks``: ("p", text) paragraphs and ("tbl", xml) tables, in order."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_paragraph(title)
    body = doc.element.body
    for kind, content in blocks:
        if kind == "p":
            doc.add_paragraph(content)
        else:
            body.append(parse_xml(content))
    # The body's section properties must stay last.
    body.append(body.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"))
    doc.core_properties.author = "Agency FOIA Office"
    doc.save(path)


def _word_rows(recs: list[Rec], record_cols, claim_cols, *, how: str) -> list[str]:
    """Rows of a record per claim; the record's cells merged down ("merged") or
    left blank ("blank") on the rows after its first."""
    rows = []
    for r in recs:
        for i, claim in enumerate(r.claims):
            cells = []
            for fn in record_cols:
                if i == 0:
                    cells.append(_tc(fn(r), merge="restart" if how == "merged" and
                                     len(r.claims) > 1 else None))
                else:
                    cells.append(_tc("", merge="continue") if how == "merged" else _tc(""))
            cells += [_tc(fn(claim)) for fn in claim_cols]
            rows.append(_tr(cells))
    return rows


def write_merged_docx(path: Path, n: int) -> dict:
    """``n`` records merged down over 2.4 exemption rows each, on average (the
    benchmark's 5,000 records over 12,000 rows); returns the expected facts."""
    recs = records("DHS", n, [["b6", "b7C", "b7E"], ["b5", "b6"], ["b6", "b7C"],
                              ["b7E", "b6", "b5"], ["b4", "b6"]])
    headers = ["Doc. No.", "Bates No(s).", "Date", "Description", "Pg. Count", "WIF/RIP",
               "Exemption(s) Claimed", "Basis for Withholding"]
    record_cols = [lambda r: r.number, Rec.bates, lambda r: r.date, lambda r: r.description,
                   lambda r: str(r.pages), _disposition]
    rows = [_tr([_tc(h) for h in headers], header=True)]
    rows += _word_rows(recs, record_cols, [lambda c: c.written, lambda c: c.justification],
                       how="merged")
    _docx(path, "U.S. Department of Homeland Security — Vaughn Index",
          [("tbl", _tbl(rows, len(headers)))])
    facts = expected(recs)
    facts["rows"] = len(rows) - 1
    return facts


def _word_merged(path: Path) -> dict:
    recs = records("DHS", 12, [["b6", "b7C", "b7E"], ["b5"], ["b6", "b7C"], ["b7E", "b6"]])
    headers = ["Doc. No.", "Bates No(s).", "Date", "Description", "Pg. Count", "WIF/RIP",
               "Exemption(s) Claimed", "Basis for Withholding"]
    record_cols = [lambda r: r.number, Rec.bates, lambda r: r.date, lambda r: r.description,
                   lambda r: str(r.pages), _disposition]
    claim_cols = [lambda c: c.written, lambda c: c.justification]
    rows = [_tr([_tc(h) for h in headers], header=True)]
    rows += _word_rows(recs, record_cols, claim_cols, how="merged")
    _docx(path, "U.S. Department of Homeland Security — Vaughn Index",
          [("tbl", _tbl(rows, len(headers)))])
    return expected(recs)


def _word_blank(path: Path) -> dict:
    recs = records("FBI", 10, [["b7C", "b7E"], ["b6"], ["b3", "b7C", "b6"]])
    headers = ["Item", "Bates Range", "Date", "Document Description", "Pgs.", "Disposition",
               "Exemption", "Basis for Withholding"]
    record_cols = [lambda r: r.number, Rec.bates, lambda r: r.date, lambda r: r.description,
                   lambda r: str(r.pages), lambda r: _disposition(r, "long")]
    claim_cols = [lambda c: c.written, lambda c: c.justification]
    rows = [_tr([_tc(h) for h in headers], header=True)]
    rows += _word_rows(recs, record_cols, claim_cols, how="blank")
    _docx(path, "Federal Bureau of Investigation — Index of Withheld Records",
          [("tbl", _tbl(rows, len(headers)))])
    return expected(recs)


def _word_sections(path: Path) -> dict:
    """Three tables, each after its own heading, and a heading row spanning the
    table; record cells merged down; a harm column."""
    parts = [records("EOUSA", 4, [["b5", "b6"]], start=1),
             records("EOUSA", 5, [["b7C"], ["b6", "b7C"]], start=5),
             records("EOUSA", 3, [["b4", "b6"]], start=10)]
    # Bates numbers run on from one table to the next.
    page = 1
    for part in parts:
        for r in part:
            n = r.span()
            r.begin, r.end = f"EOUSA-{page:06d}", f"EOUSA-{page + n - 1:06d}"
            page += n
    headers = ["Vaughn No.", "Bates", "Date", "Document Type", "Description", "Pages",
               "Release Status", "FOIA Exemption(s)", "Justification", "Foreseeable Harm"]
    record_cols = [lambda r: r.number, Rec.bates, lambda r: r.date, lambda r: r.doc_type,
                   lambda r: r.description, lambda r: str(r.pages),
                   lambda r: _disposition(r, "long")]
    claim_cols = [lambda c: c.written, lambda c: c.justification,
                  lambda c: "Release would foreseeably harm the interest the exemption protects "
                            "for the reasons given in the justification."]
    blocks: list[tuple[str, str]] = []
    for n, (part, heading) in enumerate(zip(parts, [
            "Part A — Records of the Criminal Division", "Part B — Records of the U.S. "
            "Attorney's Office", "Part C — Contract files"], strict=True)):
        blocks.append(("p", heading))
        rows = [_tr([_tc(h) for h in headers], header=True)]
        rows.append(_tr([_tc(f"Documents responsive to Item {n + 1} of the request",
                             span=len(headers))]))
        rows += _word_rows(part, record_cols, claim_cols, how="merged")
        blocks.append(("tbl", _tbl(rows, len(headers))))
    _docx(path, "Executive Office for United States Attorneys — Vaughn Index", blocks)
    return expected([r for part in parts for r in part])


def _word_page_ranges(path: Path) -> dict:
    """One row per page range of a document: its number and description on every
    row, each row its own Bates range, pages and exemption."""
    recs = records("USCIS", 8, [["b5", "b6"], ["b6"], ["b7E", "b6", "b5"]])
    headers = ["Document No.", "Bates No(s).", "Pages", "Description",
               "Exemption(s) Claimed", "Basis for Withholding", "Withheld in Full/Part"]
    rows = [_tr([_tc(h) for h in headers], header=True)]
    page = 1
    for r in recs:
        n = len(r.claims)
        # The document's pages shared among its rows (at least one page each),
        # Bates numbers running on from document to document.
        total = max(r.pages or 1, n)
        r.begin, r.end = f"USCIS-{page:06d}", f"USCIS-{page + total - 1:06d}"
        r.pages = total
        sizes = [total // n + (1 if i < total % n else 0) for i in range(n)]
        for claim, size in zip(r.claims, sizes, strict=True):
            b, e = f"USCIS-{page:06d}", f"USCIS-{page + size - 1:06d}"
            page += size
            rows.append(_tr([_tc(r.number), _tc(b if b == e else f"{b} - {e}"), _tc(str(size)),
                             _tc(r.description), _tc(claim.written), _tc(claim.justification),
                             _tc(_disposition(r, "long"))]))
    _docx(path, "U.S. Citizenship and Immigration Services — Vaughn Index",
          [("tbl", _tbl(rows, len(headers)))])
    return expected(recs)


# --- Excel ---------------------------------------------------------------------------------


def _xlsx(path: Path, headers: list[str], recs: list[Rec], record_cells, claim_cells, *,
          how: str, title: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Index"
    sheet.append([title])
    sheet.append([])
    sheet.append(headers)
    for r in recs:
        top = sheet.max_row + 1
        for i, claim in enumerate(r.claims):
            own = [fn(r) for fn in record_cells]
            if i and how in ("merged", "blank"):
                own = [None] * len(own)
            sheet.append(own + [fn(claim) for fn in claim_cells])
        if how == "merged" and len(r.claims) > 1:
            for col in range(1, len(record_cells) + 1):
                sheet.merge_cells(start_row=top, start_column=col,
                                  end_row=top + len(r.claims) - 1, end_column=col)
    book.save(path)


def _excel_merged(path: Path) -> dict:
    recs = records("ICE", 14, [["b6", "b7C"], ["b5", "b6", "b7E"], ["b7E"]])
    headers = ["No.", "Bates Begin", "Bates End", "Document Date", "Description",
               "No. of Pages", "Withheld in Full/Part", "Ex.", "Justification"]
    _xlsx(path, headers, recs,
          [lambda r: int(r.number), lambda r: r.begin, lambda r: r.end, lambda r: r.date,
           lambda r: r.description, lambda r: r.pages, lambda r: _disposition(r, "long")],
          [lambda c: c.written, lambda c: c.justification], how="merged",
          title="U.S. Immigration and Customs Enforcement — Vaughn Index")
    return expected(recs)


def _excel_blank(path: Path) -> dict:
    recs = records("CBP", 11, [["b7E", "b6"], ["b4"], ["b6", "b7C", "b5"]])
    headers = ["Record No.", "Bates Range", "Date", "Description", "Pg. Count", "WIF/RIP",
               "Exemption(s) Claimed", "Basis for Withholding"]
    _xlsx(path, headers, recs,
          [lambda r: r.number, Rec.bates, lambda r: r.date, lambda r: r.description,
           lambda r: r.pages, _disposition],
          [lambda c: c.written, lambda c: c.justification], how="blank",
          title="U.S. Customs and Border Protection")
    return expected(recs)


def _excel_sub_lettered(path: Path) -> dict:
    """Portions of one document numbered 12a, 12b…: each its own record, all its
    exemptions in one cell."""
    numbers = ["11", "12a", "12b", "12c", "13", "14a", "14b", "15", "16"]
    recs = records("DOS", len(numbers), [["b5"], ["b6", "b7C"], ["b4"]], numbers=numbers,
                   start=11)
    headers = ["Doc #", "Bates No(s).", "Date", "Description", "Pgs.", "WIF/RIP",
               "Exemption(s) Claimed", "Basis for Withholding"]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for r in recs:
        sheet.append([r.number, r.bates(), r.date, r.description, r.pages, _disposition(r),
                      ", ".join(c.written for c in r.claims),
                      " ".join(c.justification for c in r.claims)])
    book.save(path)
    return expected(recs)


def _excel_repeated_number(path: Path) -> dict:
    """The record's number, Bates range and description repeated on each of its
    rows; and one number used again for another document (a second record)."""
    recs = records("DOE", 9, [["b5", "b6"], ["b4", "b6"], ["b6"]])
    twin = records("DOE", 1, [["b6"]], start=4)[0]
    twin.begin, twin.end = "DOE-000900", "DOE-000901"
    twin.pages = 2
    twin.description = "Visitor log for the Oak Ridge site, a different document."
    recs.append(twin)
    headers = ["Entry No.", "Bates No(s).", "Description", "Pages", "Disposition",
               "Exemption(s) Claimed", "Basis for Withholding"]
    _xlsx(path, headers, recs,
          [lambda r: r.number, Rec.bates, lambda r: r.description, lambda r: r.pages,
           lambda r: _disposition(r, "long")],
          [lambda c: c.written, lambda c: c.justification], how="repeated",
          title="Department of Energy")
    return expected(recs, ["entry number 4 appears more than once"])


# --- CSV -----------------------------------------------------------------------------------


def _csv_blank(path: Path) -> dict:
    recs = records("EPA", 9, [["b5", "b6"], ["b6"], ["b4", "b5", "b6"]])
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Index No.", "Bates No(s).", "Date", "Description", "Pgs.",
                    "Withheld in Full/Part", "Ex.", "Basis for Withholding"])
        for r in recs:
            for i, c in enumerate(r.claims):
                own = [r.number, r.bates(), r.date, r.description, r.pages,
                       _disposition(r, "long")] if i == 0 else [""] * 6
                w.writerow(own + [c.written, c.justification])
    return expected(recs)


def _csv_bates_only(path: Path) -> dict:
    """Numbered by Bates only, no page column: pages come from the ranges."""
    recs = records("NARA", 10, [["b6"], ["b5", "b6"], ["b7C", "b7E"]], stated_pages=False)
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["Bates No(s).", "Date", "Description", "WIF/RIP", "Exemption(s) Claimed",
                    "Basis for Withholding"])
        for r in recs:
            for i, c in enumerate(r.claims):
                own = [r.bates(), r.date, r.description, _disposition(r)] if i == 0 else \
                    [""] * 4
                w.writerow(own + [c.written, c.justification])
    return expected(recs)


# --- PDF -----------------------------------------------------------------------------------


def _pdf_page_breaks(path: Path) -> dict:
    """A ruled table whose long justifications wrap, its header repeated on each
    page, records whose exemption rows run over page breaks."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    recs = records("DOJ", 16, [["b6", "b7C", "b7E"], ["b5", "b6"], ["b7E"]])
    for i, r in enumerate(recs):  # long texts: each row wraps over several lines
        for c in r.claims:
            c.justification += (" The agency reviewed the record line by line and released "
                                "every portion it could." if i % 2 else "")
    style = getSampleStyleSheet()["BodyText"]
    style.fontSize, style.leading = 8, 9.5
    headers = ["Doc. No.", "Bates No(s).", "Date", "Description", "No. of Pages", "WIF/RIP",
               "Ex.", "Basis for Withholding"]
    data = [[Paragraph(h, style) for h in headers]]
    for r in recs:
        for i, c in enumerate(r.claims):
            own = [r.number, r.bates(), r.date, r.description, str(r.pages),
                   _disposition(r)] if i == 0 else [""] * 6
            data.append([Paragraph(t, style) if t else "" for t in
                         own + [c.written, c.justification]])
    # splitInRow: a row too long for what is left of a page is cut in two.
    table = Table(data, repeatRows=1, splitInRow=1,
                  colWidths=[45, 110, 55, 150, 45, 45, 95, 250])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTSIZE", (0, 0), (-1, -1), 8)]))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(letter), title="Vaughn Index",
                            author="Department of Justice", invariant=1)
    doc.build([Paragraph("Department of Justice — Vaughn Index", style), table])
    return expected(recs)


# --- bad input -----------------------------------------------------------------------------


def _word_bad_input(path: Path) -> dict:
    """What an import must report, with its row: a continuation row before any
    record; a Bates cell merged down over two records; an exemption with no
    justification; a justification with no exemption."""
    headers = ["Doc. No.", "Bates No(s).", "Description", "Pg. Count", "WIF/RIP",
               "Exemption(s) Claimed", "Basis for Withholding"]
    j = [_claim(k, i).justification for i, k in enumerate(["b6", "b5", "b7C", "b7E"], 40)]
    rows = [_tr([_tc(h) for h in headers], header=True),
            # row 2: a continuation with no record before it
            _tr([_tc(""), _tc(""), _tc(""), _tc(""), _tc(""), _tc("(b)(6)"), _tc(j[0])]),
            # rows 3-4: record 1 over two rows; row 4's exemption has no justification
            _tr([_tc("1", merge="restart"), _tc("FDA-000001 - FDA-000002"),
                 _tc("Draft warning letter.", merge="restart"), _tc("2", merge="restart"),
                 _tc("RIP", merge="restart"), _tc("(b)(5) - deliberative process"), _tc(j[1])]),
            _tr([_tc("", merge="continue"), _tc(""), _tc("", merge="continue"),
                 _tc("", merge="continue"), _tc("", merge="continue"), _tc("(b)(6)"),
                 _tc("")]),
            # rows 5-6: records 2 and 3 share one Bates cell merged down
            _tr([_tc("2"), _tc("FDA-000003", merge="restart"), _tc("Inspection notes."),
                 _tc("1"), _tc("WIF"), _tc("(b)(7)(C)"), _tc(j[2])]),
            _tr([_tc("3"), _tc("", merge="continue"), _tc("Inspector's log."), _tc("1"),
                 _tc("RIP"), _tc("(b)(7)(E)"), _tc(j[3])]),
            # row 7: record 3 goes on with a justification and no exemption
            _tr([_tc(""), _tc(""), _tc(""), _tc(""), _tc(""), _tc(""),
                 _tc("The log also names the firm's employees.")]),
            ]
    _docx(path, "Food and Drug Administration — Vaughn Index",
          [("tbl", _tbl(rows, len(headers)))])
    return {"records": 3, "withholdings": {"b5-dp": 1, "b6": 1, "b7C": 1, "b7E": 1},
            "withheld_in_full": 1, "pages": 4, "report": [
                "row 2: refused — it continues a record (no number or Bates range of its own), "
                "but no record comes before it",
                "row 4: exemption “(b)(6)” has no justification",
                "its Bates No(s). cell is merged with the record above (2)",
                "row 7: a justification with no exemption; added to the (b)(7)(E) claim above",
            ]}


FILES = {
    "01_dhs_merged_down.docx": _word_merged,
    "02_ice_merged_down.xlsx": _excel_merged,
    "03_fbi_blank_rows.docx": _word_blank,
    "04_cbp_blank_rows.xlsx": _excel_blank,
    "05_epa_blank_rows.csv": _csv_blank,
    "06_uscis_page_ranges.docx": _word_page_ranges,
    "07_dos_sub_lettered.xlsx": _excel_sub_lettered,
    "08_nara_bates_only.csv": _csv_bates_only,
    "09_doj_page_breaks.pdf": _pdf_page_breaks,
    "10_eousa_sections.docx": _word_sections,
    "11_doe_repeated_number.xlsx": _excel_repeated_number,
    "12_fda_bad_input.docx": _word_bad_input,
}


def main() -> None:
    for name, write in FILES.items():
        facts = write(HERE / name)
        (HERE / f"{name}.expected.json").write_text(json.dumps(facts, indent=2) + "\n",
                                                    encoding="utf-8")
        print(name, facts["records"], "records")


if __name__ == "__main__":
    main()
