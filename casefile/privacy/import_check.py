"""The privacy check of a file as the import reads it, in the reader's child.

The import's reader (``casefile.ingest.extract``) already loads every page of
a PDF and its text page in pdfium; ``PageCheck`` looks for failed redactions on
that same page and for personal data in the text it read (OCR text included),
so the check costs no second load. ``TextCheck`` does the same for a file that
is text (an image's OCR, a Word file, an email). The app stores what they
found (``casefile.privacy.stored``).

This module touches no database: the reader child imports it at its start,
and SQLAlchemy there cost each child a quarter of a second.
"""

from __future__ import annotations

import contextlib
from datetime import date

from casefile.privacy import personal
from casefile.privacy.check import PrivacyReport
from casefile.privacy.redactions import NotChecked, PdfReading


class PageCheck:
    """The check of one PDF, page by page, as the import reads it (in the
    reader's child). ``source``: the file's path or bytes, for its annotations."""

    def __init__(self, source, *, filed: date | None = None, password: str | None = None
                 ) -> None:
        self.source = source
        self.filed = filed
        self.password = password
        self.reading = PdfReading()
        self.report = PrivacyReport()
        self._annotated = False
        self._pdf = None
        self._same_pages = False  # pikepdf's pages are pdfium's, one for one

    def _open(self, pages: int | None = None) -> None:
        """pikepdf on the file, once: its annotations, blank pages and whatever
        lies outside the pages are read there. ``pages``: pdfium's page count."""
        import io

        import pikepdf

        if self._annotated:
            return
        self._annotated = True
        try:
            self._pdf = pikepdf.open(io.BytesIO(self.source) if isinstance(
                self.source, bytes) else self.source, password=self.password or "")
        except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, OSError):
            self.reading.not_checked.append(NotChecked(
                None, "annotations unreadable (pikepdf cannot open the file)"))
            return
        # pdfium's page is taken for pikepdf's only when both count the same
        # pages and qpdf found nothing to mend: of a damaged file (one object's
        # offset wrong in the xref table) pdfium may read a page without its
        # /Annots where qpdf, rebuilding the table, finds them. A page tree
        # pikepdf cannot count: every page is looked up there.
        with contextlib.suppress(pikepdf.PdfError, ValueError, RecursionError):
            self._same_pages = (pages is not None and len(self._pdf.pages) == pages
                                and not self._pdf.get_warnings())

    def _pike_page(self, index: int):
        try:
            return self._pdf.pages[index] if self._pdf is not None else None
        except (IndexError, ValueError):
            return None

    def _annotations(self, index: int):
        if self._pdf is None:
            return None
        try:
            return self._pdf.pages[index].obj.get("/Annots")
        except (IndexError, ValueError, KeyError, TypeError):
            return None

    def page(self, page, textpage, number: int, raw_text: str, text: str, ocr: bool) -> None:
        """One page: ``raw_text`` is pdfium's text (its character indexes are the
        text page's), ``text`` what the import stored (OCR text where read)."""
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        from casefile.privacy.redactions import _page

        self._open(len(page.pdf))
        self.reading.pages = max(self.reading.pages, number)
        before = len(self.reading.not_checked)
        try:
            # pikepdf is asked only where pdfium sees something to ask about (a
            # page's lookup there cost a sixth of the check): annotations where
            # pdfium counts some, the content stream where it read no object at
            # all; and only of a file both read alike (``_open``).
            annots = pike_page = None
            if not self._same_pages or pdfium_c.FPDFPage_GetAnnotCount(page.raw):
                annots = self._annotations(number - 1)
            if not self._same_pages or pdfium_c.FPDFPage_CountObjects(page.raw) <= 0:
                pike_page = self._pike_page(number - 1)
            _page(page, number, annots, self.reading, False,
                  textpage=textpage, text=raw_text, pike_page=pike_page)
        except (pdfium.PdfiumError, ValueError, KeyError, TypeError) as exc:
            self.reading.not_checked.append(NotChecked(
                number, f"its content cannot be parsed ({type(exc).__name__})"))
        if text.strip():
            # An OCR text read the page: it was checked for personal data, and
            # a scan holds no text under its boxes to find.
            del self.reading.not_checked[before:]
            self.report.personal += personal.scan_text(text, number, filed=self.filed)
        else:
            self.report.without_text.append(number)

    def finish(self, pages: int | None = None) -> PrivacyReport:
        from casefile.privacy.check import add_outside
        from casefile.privacy.redactions import read_outside

        report = self.report
        self._open()  # a file without pages checked still has its outside read
        if self._pdf is not None:
            read_outside(self._pdf, self.reading)
            self._pdf.close()
            self._pdf = None
        report.pages = pages if pages is not None else self.reading.pages
        report.hidden = list(self.reading.hidden)
        report.not_checked = list(self.reading.not_checked)
        add_outside(report, self.reading, self.filed)
        return report


class TextCheck:
    """The check of a file that is text, not a PDF (an image's OCR text, a Word
    file's, an email's), page by page as the reader emits it: personal data."""

    def __init__(self, emit, *, scanned: bool = False, filed: date | None = None) -> None:
        self.emit = emit
        self.scanned = scanned  # an image: a page without text was not read
        self.filed = filed
        self.report = PrivacyReport()

    def __call__(self, page_no: int, text: str, has_text_layer: bool, ocr: bool) -> None:
        self.emit(page_no, text, has_text_layer, ocr)
        self.report.pages = max(self.report.pages, page_no)
        if text and text.strip():
            self.report.personal += personal.scan_text(text, page_no, filed=self.filed)
        else:
            self.report.without_text.append(page_no)
            if self.scanned:
                self.report.not_checked.append(NotChecked(
                    page_no, "a scanned page with no text read from it (OCR it to check it)"))


def not_checked(reason: str, pages: int = 0) -> PrivacyReport:
    """A file the import could not check (encrypted, damaged): said so."""
    report = PrivacyReport(pages=pages)
    report.not_checked.append(NotChecked(None, reason))
    return report


def import_notes(report: PrivacyReport) -> list[str]:
    """What the import report says of the check: nothing when it found nothing."""
    notes = []
    hidden = len({h.page for h in report.hidden})
    if hidden:
        notes.append(f"{hidden} page{'s' if hidden != 1 else ''} with text under redaction "
                     "boxes")
    blocking = sum(f.blocking for f in report.personal)
    if blocking:
        notes.append(f"{blocking} piece{'s' if blocking != 1 else ''} of personal data "
                     "(FRCP 5.2(a))")
    whole = [n for n in report.not_checked if n.page is None]
    if whole:
        notes.append(f"not checked for privacy: {whole[0].reason}")
    return notes
