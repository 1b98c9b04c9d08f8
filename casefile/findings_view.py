"""What the window lists of a document's or a production's privacy findings:
one plain row per finding, with the box it sits in on its page.

The rows come from the findings stored when the file was checked (at import,
or when a redaction made a new version: ``casefile.privacy.stored``), read
from the case in one query: shown at once. Only a document whose current
bytes were never checked under these rules is read again
(``check.check_documents``, in a child; the caller stores the result). What
the stored findings do not keep is placed afterwards, in a child, from the
file: where on its page a piece of personal data is (the scanner reads text,
not positions), found with pdfium's text search, and how each page is
cropped and turned (``page_frames``). Rows are plain and picklable, so they
cross back from a child whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        if self.not_checked:
            # Never "clean" for what could not be read: said first when nothing was found.
            unread = f"{len(self.not_checked)} part{'' if len(self.not_checked) == 1 else 's'} " \
                     "not checked"
            if not parts:
                return f"Not wholly checked: {unread}; nothing found in the rest."
            parts.append(unread)
        if not parts:
            parts.append("No text under redaction boxes and no personal data found"
                         if self.pages or self.documents else "Nothing to check")
        return "; ".join(parts) + "."


def stored_findings(session, document_ids) -> Findings:
    """The findings stored for what each document is now (``stored.findings``),
    as rows, each failed redaction with the Vaughn entry whose Bates range
    claims its page. A document never checked under these rules adds none:
    ``stored.unchecked`` names those."""
    from casefile.display import shown
    from casefile.privacy import stored

    ids = list(document_ids)
    found = Findings(documents=len(ids))
    for f in stored.findings(session, ids):
        name = f"{f.document_id}: {shown(f.document)}"
        if f.kind == "not_checked":
            where = f"page {f.page}" if f.page else "the file"
            found.not_checked.append(f"{name}: {where} not checked: {f.rule}")
            continue
        hidden = f.kind == "hidden"
        claim = f.vaughn[0].short() if hidden and f.vaughn else ""
        found.rows.append(FindingRow(f.document_id, f.page, HIDDEN if hidden else f.label,
                                     f.rule, f.text, f.allowed, f.box,
                                     f.kind != "noted", name, f.bates or "", claim))
    found.pages = _pages(session, ids)
    _sort(found)
    return found


def _pages(session, ids) -> int:
    from sqlalchemy import func, select

    from casefile.store.models import Document

    if not ids:
        return 0
    return session.scalar(select(func.coalesce(func.sum(Document.page_count), 0))
                          .where(Document.id.in_(ids))) or 0


def _sort(found: Findings) -> None:
    found.rows.sort(key=lambda r: (r.document_id, r.page or 0, not r.failed_redaction,
                                   -(r.box[3] if r.box else 0)))


def check_unchecked(case, document_ids, need: list[int], *, run, progress=None,
                    cancel=None) -> Findings:
    """The documents ``need`` (``stored.unchecked``) checked, by ``run(function,
    *args, progress=, cancel=)`` (a child with the limits: their bytes came from
    outside), and stored against their bytes when the case can be written, so
    the next showing is at once; then the findings of all ``document_ids``."""
    from casefile.privacy import stored
    from casefile.privacy.check import check_documents

    checked = run(check_documents, case.location, list(need), progress=progress,
                  cancel=cancel)
    if not case.read_only:
        with case.transaction() as s:
            for _document_id, blob_id, report in checked:
                stored.store(s, blob_id, report)
        with case.reading() as s:
            return stored_findings(s, document_ids)
    with case.reading() as s:
        found = stored_findings(s, [d for d in document_ids if d not in set(need)])
        fresh = report_findings(s, [(d, r) for d, _b, r in checked])
    found.rows += fresh.rows
    found.not_checked += fresh.not_checked
    found.documents += fresh.documents
    found.pages += fresh.pages
    _sort(found)
    return found


def report_findings(session, checked) -> Findings:
    """Rows of checks made just now (``check.check_documents``'s reports, by
    document id), for a case that cannot store them (read-only)."""
    from casefile.privacy import stored

    found = Findings()
    claims = {}
    for document_id, report in checked:
        name = report.name
        found.documents += 1
        found.pages += report.pages
        found.not_checked += [f"{name}: {c.line()}" for c in report.not_checked]
        bates = _bates(session, document_id)
        numbers = {bates.get(h.page) for h in report.hidden} - {None}
        claims.update(stored.vaughn_claims(session, numbers - set(claims)))
        for h in report.hidden:
            number = bates.get(h.page, "")
            claim = claims.get(number)
            found.rows.append(FindingRow(document_id, h.page, HIDDEN, h.how, h.text, "",
                                         tuple(h.box), True, name, number,
                                         claim[0].short() if claim else ""))
        for f in report.personal:
            found.rows.append(FindingRow(document_id, f.page, f.kind, f.rule, f.text,
                                         f.allowed, None, f.blocking, name,
                                         bates.get(f.page, "") if f.page else ""))
    _sort(found)
    return found


def _bates(session, document_id: int) -> dict[int, str]:
    from sqlalchemy import select

    from casefile.store.models import DocumentPage

    return dict(session.execute(select(DocumentPage.page_no, DocumentPage.bates).where(
        DocumentPage.document_id == document_id, DocumentPage.bates.is_not(None))).all())


def production_documents(session, production_id: int) -> list[int]:
    """The production's documents, in its order."""
    from sqlalchemy import select

    from casefile.store.models import ProductionDocument

    return list(session.scalars(select(ProductionDocument.document_id)
                                .where(ProductionDocument.production_id == production_id)
                                .order_by(ProductionDocument.position,
                                          ProductionDocument.document_id)))


@dataclass
class Placement:
    """What the stored findings do not keep, read from a document's current bytes."""

    frames: dict[int, tuple[Box, int]] = field(default_factory=dict)
    boxes: dict[int, Box] = field(default_factory=dict)  # row index → where its text is


def place(case_path: Path | str, document_id: int, rows: list[FindingRow], *, progress=None,
          cancel=None) -> Placement:
    """Each page's frame and where each unplaced row's text is on its page, in
    the document's current bytes. Reads bytes from outside: run it in a child
    (``jobs.in_child``); the case is opened read-only. Nothing is checked."""
    from casefile.privacy.versions import current_blob_id
    from casefile.store import CaseFile, blobs
    from casefile.store.models import Document

    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        document = s.get(Document, document_id)
        if document is None:
            return Placement()
        data = blobs.read_bytes(s, current_blob_id(s, document))
    if b"%PDF-" not in data[:1024]:
        return Placement()
    wanted = {i: r for i, r in enumerate(rows) if r.box is None and r.page and r.text}
    return Placement(page_frames(data), _personal_boxes(data, wanted) if wanted else {})


def with_placement(found: Findings, document_id: int, placed: Placement) -> Findings:
    """``found`` with the document's frames and its rows' boxes filled in."""
    from dataclasses import replace

    rows = [replace(r, box=placed.boxes[i]) if i in placed.boxes else r
            for i, r in enumerate(found.rows)]
    out = Findings(rows, list(found.not_checked), found.documents, found.pages,
                   {**found.frames, document_id: placed.frames})
    return out


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


def _personal_boxes(data: bytes, rows: dict[int, FindingRow]) -> dict[int, Box]:
    """Where each row's text is on its page: the same text twice on a page
    takes its first, then its second occurrence, in the page's text order. A
    finding read from stored OCR text of a page without a text layer has no
    place in the file and gets none."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return {}
    boxes: dict[int, Box] = {}
    try:
        for number in sorted({r.page for r in rows.values()}):
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            textpage = page.get_textpage()
            try:
                seen: dict[str, int] = {}
                for n, r in rows.items():
                    if r.page == number:
                        nth = seen.get(r.text, 0)
                        seen[r.text] = nth + 1
                        box = _place(textpage, r.text, nth)
                        if box is not None:
                            boxes[n] = box
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()
    return boxes


def _place(textpage, text: str, nth: int) -> Box | None:
    """The bounds of the ``nth`` occurrence of ``text`` (the last, if fewer)."""
    needle = text.strip()
    if not needle:
        return None
    searcher = textpage.search(needle, match_case=True)
    best: tuple[int, int] | None = None
    try:
        for _ in range(nth + 1):
            hit = searcher.get_next()
            if hit is None:
                break
            best = hit
    finally:
        searcher.close()
    if best is None:
        return None
    index, count = best
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]
    if not rects:
        return None
    # A little air: the box must cover the glyphs' full height, not only their ink.
    return (min(r[0] for r in rects) - 1, min(r[1] for r in rects) - 2,
            max(r[2] for r in rects) + 1, max(r[3] for r in rects) + 2)

