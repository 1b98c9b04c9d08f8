"""Real PDF pages for the demo case and the large-case generator (fpdf2).

Letters look like letters (letterhead, date, addressee, RE line, signature);
production pages carry a Bates number and, where withheld, a redaction box
with the exemption printed in it, as agencies release them. Every page says
SAMPLE in its footer. Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from fpdf import FPDF

from casefile.dates import long_date

# The PDF core fonts speak Latin-1; these are the typographer's characters we
# write that it lacks.
_LATIN1 = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "--", "\u2026": "...", "\u2022": "-"})
FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)
SAMPLE_FOOTER = "SAMPLE - generated for the Casefile demo case; not a real document."


_NBSP = "\u00a0"
_TITLE_CITE = re.compile(r"(\d+) U\.S\.C\.")


def latin1(text: str) -> str:
    # A citation never breaks between "§" or "U.S.C." and what follows.
    text = _TITLE_CITE.sub(r"\1" + _NBSP + "U.S.C.", text)
    text = text.replace("§ ", "§" + _NBSP).replace("U.S.C. ", "U.S.C." + _NBSP)
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


class _Doc(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="letter", unit="pt")
        self._footer_text = footer_text
        self.set_margins(72, 72, 72)
        self.set_auto_page_break(True, margin=72)
        self.set_creation_date(FIXED_DATE)
        self.set_creator("Casefile")
        self.set_compression(True)

    def footer(self) -> None:
        self.set_y(-48)
        self.set_font("Helvetica", size=7)
        self.set_text_color(110)
        self.cell(0, 10, latin1(self._footer_text), align="C")
        self.set_text_color(0)


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
    pdf = _Doc(SAMPLE_FOOTER)
    pdf.add_page()
    pdf.set_font("Times", "B", 13)
    pdf.cell(0, 16, latin1(letter.sender_lines[0]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Times", size=9.5)
    for line in letter.sender_lines[1:]:
        pdf.cell(0, 12, latin1(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.line(72, pdf.get_y(), pdf.w - 72, pdf.get_y())
    pdf.ln(18)
    pdf.set_font("Times", size=11.5)
    pdf.cell(0, 14, long_date(letter.dated), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    for line in letter.recipient_lines:
        pdf.cell(0, 14, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Times", "B", 11.5)
    pdf.multi_cell(0, 14, latin1(f"Re: {letter.re_line}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Times", size=11.5)
    pdf.multi_cell(0, 14, latin1(letter.salutation), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for i, para in enumerate(letter.paragraphs):
        if letter.numbered_items and i == letter.items_after:
            for n, item in enumerate(letter.numbered_items, 1):
                pdf.set_x(96)
                pdf.multi_cell(pdf.w - 96 - 72, 14, latin1(f"{n}.  {item}"),
                               new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
            pdf.ln(4)
        pdf.multi_cell(0, 14, latin1(para), align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
    pdf.ln(6)
    for line in letter.signature_lines:
        pdf.cell(0, 14, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


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
    pdf = _Doc(footer)
    pdf.set_auto_page_break(False)
    for page in pages:
        pdf.add_page()
        if page.withheld_in_full:
            pdf.set_font("Helvetica", "B", 18)
            pdf.set_y(pdf.h / 2 - 40)
            pdf.cell(0, 24, "WITHHELD IN FULL", align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=14)
            pdf.cell(0, 20, latin1(page.withheld_in_full), align="C", new_x="LMARGIN",
                     new_y="NEXT")
        else:
            pdf.set_font("Times", "B", 12)
            pdf.multi_cell(0, 15, latin1(page.heading), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
            redacted = dict((i, label) for label, i in page.redactions)
            for i, para in enumerate(page.paragraphs):
                if pdf.get_y() > pdf.h - 130:
                    break
                pdf.set_font("Times", size=11)
                if i in redacted:
                    lines = max(1, len(para) // 85 + 1)
                    y = pdf.get_y()
                    height = 14 * lines
                    pdf.set_fill_color(0)
                    pdf.rect(72, y, pdf.w - 144, height, style="F")
                    pdf.set_text_color(255)
                    pdf.set_font("Helvetica", "B", 10)
                    pdf.set_xy(72, y + height / 2 - 6)
                    pdf.cell(pdf.w - 144, 12, latin1(redacted[i]), align="C")
                    pdf.set_text_color(0)
                    pdf.set_y(y + height + 8)
                else:
                    pdf.multi_cell(0, 14, latin1(para), align="J", new_x="LMARGIN",
                                   new_y="NEXT")
                    pdf.ln(6)
        # The agency's own Bates number, bottom right, where exhibit stamps
        # must not go.
        pdf.set_font("Helvetica", "B", 9)
        pdf.set_xy(pdf.w - 72 - 150, pdf.h - 62)
        pdf.cell(150, 10, page.bates, align="R")
    return bytes(pdf.output())


def text_pdf(title: str, paragraphs_per_page: Sequence[Sequence[str]],
             footer: str = SAMPLE_FOOTER) -> bytes:
    """Plain pages of text, one list of paragraphs per page (bench data)."""
    pdf = _Doc(footer)
    pdf.set_auto_page_break(False)
    for n, paragraphs in enumerate(paragraphs_per_page, 1):
        pdf.add_page()
        pdf.set_font("Times", "B", 12)
        pdf.cell(0, 15, latin1(f"{title} - page {n}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("Times", size=11)
        for para in paragraphs:
            if pdf.get_y() > pdf.h - 120:
                break
            pdf.multi_cell(0, 14, latin1(para), align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
    return bytes(pdf.output())
