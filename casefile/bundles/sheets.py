"""The pages a bundle adds with ReportLab: the index of exhibits, and documents
that are only text (emails, text files) set as pages. (Slip sheets are drawn
by ``stamps``: two lines of text, no layout.)

Drawn with ReportLab in invariant mode (no creation date, no random id), so
the same exhibits give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "Times-Roman", "Times-Bold"
MARGIN = 72.0
ROW_GAP = 6.0


@dataclass
class IndexRow:
    label: str  # "Exhibit A"
    title: str
    first_page: int  # 1-based page of the bundle where the exhibit begins


@dataclass
class IndexLayout:
    """Where each row sits, so that the bundle can make it a link."""

    pages: int
    # (row number, index page 0-based, x0, y0, x1, y1) in points
    rects: list[tuple[int, int, float, float, float, float]]


def _canvas(buffer: io.BytesIO) -> Canvas:
    c = Canvas(buffer, pagesize=letter, invariant=1, pageCompression=1)
    c.setAuthor("")
    c.setCreator("Casefile")
    c.setProducer("Casefile")
    return c


def _row_lines(row: IndexRow, width: float) -> list[str]:
    return simpleSplit(row.title, FONT, 11, width)


_LABEL_W, _PAGE_W = 90.0, 50.0


def _heading_lines(heading: Sequence[str], width: float) -> list[tuple[str, bool]]:
    """The caption, each line wrapped to the page; the last (the title) bold."""
    lines = []
    for i, text in enumerate(heading):
        bold = i == len(heading) - 1
        for line in simpleSplit(text, BOLD if bold else FONT, 12 if bold else 11,
                                width - 2 * MARGIN):
            lines.append((line, bold))
    return lines


def index_page_count(heading: Sequence[str], rows: Sequence[IndexRow]) -> int:
    """How many pages the index takes, without drawing it (the page numbers it
    prints depend on it)."""
    w, h = letter
    title_w = w - 2 * MARGIN - _LABEL_W - _PAGE_W - 12
    pages, y = 1, h - MARGIN - 18 * len(_heading_lines(heading, w)) - 10 - 20
    for row in rows:
        needed = 14 * len(_row_lines(row, title_w)) + ROW_GAP
        if y - needed < MARGIN:
            pages, y = pages + 1, h - MARGIN - 20
        y -= needed
    return pages


def index_pages(heading: Sequence[str], rows: Sequence[IndexRow]) -> tuple[bytes, IndexLayout]:
    """The index: caption lines, then a row per exhibit with its first page."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    w, h = letter
    label_w, page_w = _LABEL_W, _PAGE_W
    title_w = w - 2 * MARGIN - label_w - page_w - 12
    rects = []
    page_no = 0

    def top_of_page(first: bool) -> float:
        y = h - MARGIN
        if first:
            for line, bold in _heading_lines(heading, w):
                c.setFont(BOLD if bold else FONT, 12 if bold else 11)
                c.drawCentredString(w / 2, y, line)
                y -= 18
            y -= 10
        c.setFont(BOLD, 11)
        c.drawString(MARGIN, y, "Exhibit")
        c.drawString(MARGIN + label_w, y, "Description")
        c.drawRightString(w - MARGIN, y, "Page")
        c.setLineWidth(0.6)
        c.line(MARGIN, y - 4, w - MARGIN, y - 4)
        return y - 20

    y = top_of_page(True)
    for n, row in enumerate(rows):
        lines = _row_lines(row, title_w)
        needed = 14 * len(lines) + ROW_GAP
        if y - needed < MARGIN:
            c.showPage()
            page_no += 1
            y = top_of_page(False)
        c.setFont(FONT, 11)
        c.drawString(MARGIN, y, row.label)
        for i, line in enumerate(lines):
            c.drawString(MARGIN + label_w, y - 14 * i, line)
        c.drawRightString(w - MARGIN, y, str(row.first_page))
        rects.append((n, page_no, MARGIN - 2, y - 14 * (len(lines) - 1) - 4, w - MARGIN + 2,
                      y + 11))
        y -= needed
    c.showPage()
    c.save()
    return buffer.getvalue(), IndexLayout(page_no + 1, rects)


def text_document(title: str, pages: Sequence[str]) -> bytes:
    """A document that is only text (an email as received, a text file), as pages."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    w, h = letter
    size, leading = 10.5, 13.5
    y = h - MARGIN
    c.setFont(BOLD, 12)
    c.drawString(MARGIN, y, title[:110])
    y -= 24
    for text in pages:
        for paragraph in text.splitlines() or [""]:
            lines = simpleSplit(paragraph, FONT, size, w - 2 * MARGIN) or [""]
            for line in lines:
                if y < MARGIN:
                    c.showPage()
                    y = h - MARGIN
                c.setFont(FONT, size)
                c.drawString(MARGIN, y, line)
                y -= leading
    c.showPage()
    c.save()
    return buffer.getvalue()
