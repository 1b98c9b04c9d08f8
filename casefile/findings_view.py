"""What the window lists of a document's or a production's privacy findings:
one plain row per finding, with the box it sits in on its page.

The check itself is ``casefile.privacy.check.scan_case``; this adds what a
findings list needs and the check does not keep: where on the page a piece
of personal data is (the scanner reads text, not positions), found again
with pdfium's text search. Rows are plain and picklable, so the work runs in
a child process (``jobs.in_child``) and its result crosses back whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casefile.privacy.redactions import Box

HIDDEN = "text under a redaction"  # the kind of a failed redaction's row


@dataclass(frozen=True)
class FindingRow:
    document_id: int
    page: int | None  # 1-based; None: the whole file
    kind: str  # HIDDEN, "Social Security number", "birth date"…
    rule: str  # "FRCP 5.2(a)(1)"; for a failed redaction, how the text is hidden
    text: str  # what the page says (or what copying the region gives back)
    allowed: str  # the form the rule allows ("XXX-XX-6789"); "" for a failed redaction
    box: Box | None  # PDF points on the page; None when it cannot be placed
    blocking: bool = True  # False: noted only (an impossible SSN, say)
    document: str = ""  # "7: release-1.pdf", for a production's list
    bates: str = ""  # the page's Bates number, where it has one
    # The Vaughn entry whose Bates range covers a failed redaction's page, and the
    # exemptions it claims: "Entry 12: (b)(6), (b)(7)(C)". The text recovered is
    # the evidence against that claim.
    vaughn: str = ""

    @property
    def failed_redaction(self) -> bool:
        return self.kind == HIDDEN

    def reason(self) -> str:
        """What a redaction of this finding is logged as, unless the user names another."""
        return self.rule if not self.failed_redaction else f"text under a redaction ({self.rule})"


@dataclass
class Findings:
    """One document's or one production's findings, and what could not be checked."""

    rows: list[FindingRow] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)  # one sentence each
    documents: int = 0
    pages: int = 0
    # document id → page → (crop box, turn clockwise), for the pages whose crop box
    # does not start at 0, 0 or that are turned: what a box drawn on the page as
    # shown needs to be put back into the page's own space, where boxes are kept.
    frames: dict[int, dict[int, tuple[Box, int]]] = field(default_factory=dict)

    def hidden_pages(self) -> int:
        """Pages with text under redaction boxes (a page with two boxes counts once)."""
        return len({(r.document_id, r.page) for r in self.rows if r.failed_redaction})

    def personal(self) -> list[FindingRow]:
        return [r for r in self.rows if not r.failed_redaction and r.blocking]

    def summary(self) -> str:
        """'14 pages with text under redaction boxes; 3 pieces of personal data (FRCP
        5.2(a))': the production page's line."""
        hidden, personal = self.hidden_pages(), len(self.personal())
        parts = []
        if hidden:
            parts.append(f"{hidden} page{'' if hidden == 1 else 's'} with text under "
                         "redaction boxes")
        if personal:
            parts.append(f"{personal} piece{'' if personal == 1 else 's'} of personal data "
                         "(FRCP 5.2(a))")
        if not parts:
            parts.append("No text under redaction boxes and no personal data found"
                         if self.pages or self.documents else "Nothing to check")
        if self.not_checked:
            parts.append(f"{len(self.not_checked)} not checked")
        return "; ".join(parts) + "."


def document_findings(case_path: Path, document_ids: list[int], filed: date | None = None,
                      *, progress=None, cancel=None) -> Findings:
    """The findings of the documents named, in what each document is now (its
    newest redacted version, else the import), each piece of personal data
    placed on its page. Reads files that came from outside: run it in a child
    (``jobs.in_child``) with the building limits; the case is opened read-only.

    ``check.scan_case`` reads the imported bytes, which after a redaction are
    no longer what the document is; hence this loop of its own."""
    from sqlalchemy import select

    from casefile.display import shown
    from casefile.privacy.check import PrivacyReport, check_pdf, check_texts
    from casefile.privacy.redactions import NotChecked
    from casefile.privacy.versions import current_blob_id, newest_version
    from casefile.store import CaseFile, blobs
    from casefile.store.models import Document, DocumentPage

    found = Findings()
    claims: dict[str, str] = {}  # Bates number → the Vaughn entry claiming it
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        for n, document_id in enumerate(document_ids):
            if cancel is not None:
                cancel.check()
            document = s.get(Document, document_id)
            if document is None:
                continue  # deleted since it was listed
            name = f"{document.id}: {shown(document.name)}"
            if progress is not None:
                progress(n, len(document_ids), shown(document.name))
            # The stored text (OCR included) is the text of the imported bytes only.
            texts = {} if newest_version(s, document.id) is not None else dict(s.execute(
                select(DocumentPage.page_no, DocumentPage.text)
                .where(DocumentPage.document_id == document.id)).all())
            data = blobs.read_bytes(s, current_blob_id(s, document))
            if document.media_type == "application/pdf" or data[:5] == b"%PDF-":
                report = check_pdf(data, filed=filed, name=name, texts=texts)
            elif any(t and t.strip() for t in texts.values()):
                report = check_texts(texts, filed=filed, name=name)
                data = b""
            else:
                report = PrivacyReport(name)
                report.not_checked.append(NotChecked(None, "no text was read from it "
                                                           "(OCR it, or import it again)"))
            found.documents += 1
            if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
                found.frames[document.id] = page_frames(data)
            found.pages += report.pages
            found.not_checked += [f"{name}: {c.line()}" for c in report.not_checked]
            bates = dict(s.execute(select(DocumentPage.page_no, DocumentPage.bates).where(
                DocumentPage.document_id == document.id, DocumentPage.bates.is_not(None))).all())
            for h in report.hidden:
                number = bates.get(h.page, "")
                if number and number not in claims:
                    claims[number] = _vaughn_entry(s, number)
                found.rows.append(FindingRow(document.id, h.page, HIDDEN, h.how, h.text, "",
                                             tuple(h.box), True, name, number,
                                             claims.get(number, "")))
            boxes = _personal_boxes(data, report.personal) if data and report.personal else {}
            for i, f in enumerate(report.personal):
                found.rows.append(FindingRow(document.id, f.page, f.kind, f.rule, f.text,
                                             f.allowed, boxes.get(i), f.blocking, name,
                                             bates.get(f.page, "") if f.page else ""))
    found.rows.sort(key=lambda r: (r.document_id, r.page or 0, not r.failed_redaction,
                                   -(r.box[3] if r.box else 0)))
    return found


def production_findings(case_path: Path, production_id: int, filed: date | None = None,
                        *, progress=None, cancel=None) -> Findings:
    """``document_findings`` of the documents a production lists."""
    from sqlalchemy import select

    from casefile.store import CaseFile
    from casefile.store.models import ProductionDocument

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        ids = list(s.scalars(select(ProductionDocument.document_id)
                             .where(ProductionDocument.production_id == production_id)
                             .order_by(ProductionDocument.position,
                                       ProductionDocument.document_id)))
    return document_findings(case_path, ids, filed, progress=progress, cancel=cancel)


def page_frames(data: bytes) -> dict[int, tuple[Box, int]]:
    """Each page (1-based) whose crop box does not start at 0, 0, or that is turned
    (/Rotate): its crop box and its turn, clockwise. Read with pikepdf, which
    parses no page content. A file it cannot read gives none."""
    import io

    import pikepdf

    frames: dict[int, tuple[Box, int]] = {}
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                x0, y0, x1, y1 = (float(v) for v in page.cropbox)
                box = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
                turn = int(page.rotation) % 360
                if turn not in (0, 90, 180, 270):
                    turn = 0  # as pdfium reads a /Rotate that is not a right angle
                if box[:2] != (0.0, 0.0) or turn:
                    frames[number] = (box, turn)
    except (pikepdf.PdfError, ValueError, TypeError, KeyError):
        return {}
    return frames


def _vaughn_entry(session, bates: str) -> str:
    """The first Vaughn entry whose Bates range holds ``bates``, with its exemptions."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import selectinload

    from casefile.store.models import Record, Withholding

    end = func.coalesce(Record.bates_end, Record.bates_begin)
    # Zero-padded numbers with one prefix compare as strings in Bates order
    # (as vaughn.entries.pages_of reads them).
    record = session.scalar(
        select(Record).where(Record.bates_begin <= bates, end >= bates,
                             func.length(Record.bates_begin) == len(bates),
                             func.length(end) == len(bates))
        .options(selectinload(Record.withholdings).selectinload(Withholding.exemption))
        .order_by(Record.index_id, Record.position).limit(1))
    if record is None:
        return ""
    codes = [w.exemption.label if w.exemption is not None else (w.raw_text or "")
             for w in record.withholdings]
    codes = [c for c in codes if c]
    return f"Entry {record.entry_no}" + (f": {', '.join(codes)}" if codes else "")


def _personal_boxes(data: bytes, findings) -> dict[int, Box]:
    """Where each finding's text is on its page: the occurrence nearest the
    offset the scanner gave (several on a page are told apart that way). A
    finding read from stored OCR text of a page without a text layer has no
    place in the file and gets none."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}
    boxes: dict[int, Box] = {}
    try:
        for number in sorted({f.page for f in findings if f.page}):
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            textpage = page.get_textpage()
            try:
                for n, f in enumerate(findings):
                    if f.page == number:
                        box = _place(textpage, f.text, f.start)
                        if box is not None:
                            boxes[n] = box
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
    return boxes


def _place(textpage, text: str, start: int) -> Box | None:
    """The bounds of the occurrence of ``text`` nearest character ``start``."""
    needle = text.strip()
    if not needle:
        return None
    searcher = textpage.search(needle, match_case=True)
    best: tuple[int, int, int] | None = None
    try:
        while (hit := searcher.get_next()) is not None:
            index, count = hit
            if best is None or abs(index - start) < abs(best[0] - start):
                best = (index, count, 0)
    finally:
        searcher.close()
    if best is None:
        return None
    index, count, _ = best
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]
    if not rects:
        return None
    # A little air: the box must cover the glyphs' full height, not only their ink.
    return (min(r[0] for r in rects) - 1, min(r[1] for r in rects) - 2,
            max(r[2] for r in rects) + 1, max(r[3] for r in rects) + 2)

