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
    """The findings of the documents named (all of a case's with none named), each
    personal-data finding placed on its page. Reads the files: run it in a child
    (``jobs.in_child``) with the building limits."""
    from casefile.privacy.check import scan_case

    reports = scan_case(case_path, [str(i) for i in document_ids], filed,
                        progress=progress, cancel=cancel)
    found = Findings(documents=len(reports))
    for report in reports:
        document_id = int(report.name.split(":", 1)[0])
        found.pages += report.pages
        found.not_checked += [f"{report.name}: {n.line()}" for n in report.not_checked]
        for h in report.hidden:
            found.rows.append(FindingRow(document_id, h.page, HIDDEN, h.how, h.text, "",
                                         tuple(h.box), True, report.name))
        boxes = _personal_boxes(case_path, document_id, report.personal) \
            if report.personal else {}
        for n, f in enumerate(report.personal):
            found.rows.append(FindingRow(document_id, f.page, f.kind, f.rule, f.text,
                                         f.allowed, boxes.get(n), f.blocking, report.name))
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
    if not ids:
        return Findings()
    return document_findings(case_path, ids, filed, progress=progress, cancel=cancel)


def _personal_boxes(case_path: Path, document_id: int, findings) -> dict[int, Box]:
    """Where each finding's text is on its page: the occurrence nearest the
    offset the scanner gave (several on a page are told apart that way). A
    finding read from stored OCR text of a page without a text layer has no
    place in the file and gets none."""
    import pypdfium2 as pdfium

    from casefile.store import CaseFile, blobs
    from casefile.store.models import Document

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        data = blobs.read_bytes(s, s.get(Document, document_id).blob_id)
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


def redact_bytes(data: bytes, areas, by: str = ""):
    """``redact.redact`` with positional arguments, for ``jobs.call_in_child``."""
    from casefile.privacy.redact import redact

    return redact(data, areas, by=by)
