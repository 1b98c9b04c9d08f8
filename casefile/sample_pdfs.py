"""Real PDF pages for the demo case and the large-case generator (ReportLab).

Letters look like letters (letterhead, date, addressee, RE line, signature);
production pages carry a Bates number and, where withheld, a redaction box
with the exemption printed in it, as agencies release them. Every page says
SAMPLE in its footer. Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.colors import black, white
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from casefile.dates import long_date

SAMPLE_FOOTER = "SAMPLE - generated for the Casefile demo case; not a real document."
_NBSP = "\u00a0"
_TITLE_CITE = re.compile(r"(\d+) U\.S\.C\.")
_OPEN_QUOTE = re.compile(r'(^|[\s(\[])"')

BODY = ParagraphStyle("body", fontName="Times-Roman", fontSize=11.5, leading=14.5,
                      alignment=TA_JUSTIFY, spaceAfter=8)
PLAIN = ParagraphStyle("plain", parent=BODY, alignment=0, spaceAfter=0)
BOLD = ParagraphStyle("bold", parent=PLAIN, fontName="Times-Bold")
ITEM = ParagraphStyle("item", parent=BODY, leftIndent=36, firstLineIndent=-18, spaceAfter=5)
HEAD = ParagraphStyle("head", parent=PLAIN, fontName="Times-Bold", fontSize=13, leading=16,
                      alignment=TA_CENTER)
SUBHEAD = ParagraphStyle("subhead", parent=PLAIN, fontSize=9.5, leading=12, alignment=TA_CENTER)


def para_text(text: str) -> str:
    """Typeset for ReportLab: curly quotes, and a citation never breaks after
    § or U.S.C.; escaped for its markup."""
    text = _OPEN_QUOTE.sub("\\1\u201c", text).replace('"', "\u201d").replace("'", "\u2019")
    text = _TITLE_CITE.sub(r"\1" + _NBSP + "U.S.C.", text)
    text = text.replace("§ ", "§" + _NBSP).replace("U.S.C. ", "U.S.C." + _NBSP)
    return escape(text)


def _footer(text: str):
    def draw(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillGray(0.45)
        canvas.drawCentredString(LETTER[0] / 2, 0.55 * inch, text)
        canvas.restoreState()

    return draw


def _document(buffer: io.BytesIO, footer: str) -> tuple[SimpleDocTemplate, object]:
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                            topMargin=inch, bottomMargin=inch, invariant=1,
                            creator="Casefile", author="", title="")
    return doc, _footer(footer)


@dataclass
class Letter:
    sender_lines: Sequence[str]
    dated: date
    recipient_lines: Sequence[str]
    re_line: str
    salutation: str
    paragraphs: Sequence[str]
    signature_lines: Sequence[str]
    numbered_items: Sequence[str] = field(default_factory=tuple)
    items_after: int = 1  # how many paragraphs come before the numbered items


def letter_pdf(letter: Letter) -> bytes:
    buffer = io.BytesIO()
    doc, footer = _document(buffer, SAMPLE_FOOTER)
    story: list = [Paragraph(para_text(letter.sender_lines[0]), HEAD)]
    story += [Paragraph(para_text(line), SUBHEAD) for line in letter.sender_lines[1:]]
    story += [Spacer(1, 4), HRFlowable(width="100%", thickness=0.7, color=black), Spacer(1, 16),
              Paragraph(long_date(letter.dated), PLAIN), Spacer(1, 12)]
    story += [Paragraph(para_text(line), PLAIN) for line in letter.recipient_lines]
    story += [Spacer(1, 12), Paragraph("Re: " + para_text(letter.re_line), BOLD), Spacer(1, 10),
              Paragraph(para_text(letter.salutation), BODY)]
    for i, text in enumerate(letter.paragraphs):
        if letter.numbered_items and i == letter.items_after:
            story += [Paragraph(f"{n}.{_NBSP * 3}{para_text(item)}", ITEM)
                      for n, item in enumerate(letter.numbered_items, 1)]
            story.append(Spacer(1, 4))
        story.append(Paragraph(para_text(text), BODY))
    story.append(Spacer(1, 8))
    story.append(KeepTogether([Paragraph(para_text(line) or _NBSP, PLAIN)
                               for line in letter.signature_lines]))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


@dataclass
class ProducedPage:
    bates: str
    heading: str
    paragraphs: Sequence[str]
    # (exemption label, paragraph index) pairs: that paragraph is redacted.
    redactions: Sequence[tuple[str, int]] = ()
    withheld_in_full: str | None = None  # exemption label(s) for a withheld page


def production_pdf(pages: Sequence[ProducedPage], footer: str = SAMPLE_FOOTER) -> bytes:
    """Pages as an agency releases them: Bates bottom right, boxes over redactions."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setCreator("Casefile")
    width, height = LETTER
    text_width = width - 2 * inch
    draw_footer = _footer(footer)
    for page in pages:
        if page.withheld_in_full:
            canvas.setFont("Helvetica-Bold", 18)
            canvas.drawCentredString(width / 2, height / 2 + 10, "WITHHELD IN FULL")
            canvas.setFont("Helvetica", 14)
            canvas.drawCentredString(width / 2, height / 2 - 14, page.withheld_in_full)
        else:
            y = height - inch
            heading = Paragraph(para_text(page.heading), BOLD)
            _, h = heading.wrap(text_width, y)
            heading.drawOn(canvas, inch, y - h)
            y -= h + 10
            redacted = {i: label for label, i in page.redactions}
            for i, text in enumerate(page.paragraphs):
                body = Paragraph(para_text(text), BODY)
                _, h = body.wrap(text_width, y)
                if y - h < 1.6 * inch:
                    break
                if i in redacted:
                    # The agency's box: solid black, the exemption in white.
                    canvas.setFillColor(black)
                    canvas.rect(inch, y - h, text_width, h, stroke=0, fill=1)
                    canvas.setFillColor(white)
                    canvas.setFont("Helvetica-Bold", 10)
                    canvas.drawCentredString(width / 2, y - h / 2 - 3.5, redacted[i])
                    canvas.setFillColor(black)
                else:
                    body.drawOn(canvas, inch, y - h)
                y -= h + 8
        # The agency's own Bates number, bottom right, where exhibit stamps
        # must not go.
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawRightString(width - inch, 0.8 * inch, page.bates)
        draw_footer(canvas, None)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def text_pdf(title: str, paragraphs_per_page: Sequence[Sequence[str]],
             footer: str = SAMPLE_FOOTER) -> bytes:
    """Pages of text, exactly one page per list of paragraphs (what does not fit
    is left out), for bench data and tests."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    canvas.setCreator("Casefile")
    width, height = LETTER
    draw_footer = _footer(footer)
    for n, paragraphs in enumerate(paragraphs_per_page, 1):
        y = height - inch
        for i, text in enumerate([f"{title} - page {n}", *paragraphs]):
            body = Paragraph(para_text(text), BOLD if i == 0 else BODY)
            _, h = body.wrap(width - 2 * inch, y)
            if y - h < 1.2 * inch:
                break
            body.drawOn(canvas, inch, y - h)
            y -= h + 8
        draw_footer(canvas, None)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
