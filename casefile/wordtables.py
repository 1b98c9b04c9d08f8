"""Long tables and page numbers in Word files, written as XML.

python-docx's ``add_row`` is 15x slower than building the XML, and its
``table.cell(r, c)`` is quadratic; LibreOffice lays out one long table in
quadratic time. So a long table is written here as XML, in tables of
``CHUNK_ROWS`` rows, each repeating its header row on every page and followed
by an empty paragraph. Measured with LibreOffice on 2,000 Vaughn entries
(bench/bench_vaughn.py): one table 87–175 s, 200-row tables 17–22 s, 50-row
tables 16 s; 20-row tables were no faster and break the page more often.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHUNK_ROWS = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text: str) -> str:
    """Text XML can hold: control characters pasted into a Word file are not allowed."""
    return _CONTROL.sub("", text)


def add_styles(doc, font_size: float, name: str = "Table") -> tuple[str, str]:
    """Paragraph styles for cells and header cells; returns their style ids."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    cell_style = doc.styles.add_style(f"{name} Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = doc.styles["Normal"]
    cell_style.font.size = Pt(font_size)
    cell_style.paragraph_format.space_after = Pt(0)
    cell_style.paragraph_format.line_spacing = 1.0
    head_style = doc.styles.add_style(f"{name} Head", WD_STYLE_TYPE.PARAGRAPH)
    head_style.base_style = cell_style
    head_style.font.bold = True
    return cell_style.style_id, head_style.style_id


def add_table(doc, headers: Sequence[str], widths: Sequence[int],
              rows: Sequence[Sequence[str]], styles: tuple[str, str], *,
              font_size: float = 8.5, page_height: int = 10800) -> None:
    """Append a long table (in chunks) at the end of the document's body.

    ``widths`` are in twentieths of a point; cell text may hold newlines
    (one paragraph each). A row never splits across pages (``w:cantSplit``)
    unless its text, at ``font_size``, is taller than ``page_height`` (twips
    of the page's text area): such a row must split, or Word cuts it off.
    """
    from lxml import etree

    cell_style, head_style = styles
    header = _row_xml(headers, widths, head_style, header=True)
    sect = doc.element.body[-1]  # the body's sectPr stays last
    spacer = f'<w:p xmlns:w="{W}"><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>'
    # Less the header row repeated on every page.
    room = page_height - row_height(headers, widths, font_size)
    for start in range(0, max(len(rows), 1), CHUNK_ROWS):
        body = "".join(_row_xml(row, widths, cell_style,
                                keep=row_height(row, widths, font_size) <= room)
                       for row in rows[start:start + CHUNK_ROWS])
        sect.addprevious(etree.fromstring(_table_xml(widths, header + body)))
        sect.addprevious(etree.fromstring(spacer))


def _cell_xml(text: str, width: int, style: str, shade: str = "") -> str:
    paragraphs = clean(text).split("\n") if text else [""]
    ps = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        + (f'<w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r>' if p else "")
        + "</w:p>"
        for p in paragraphs
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{ps}</w:tc>'


def row_height(cells: Sequence[str], widths: Sequence[int], font_size: float) -> int:
    """A row's height in twips, estimated generously: the tallest cell's lines
    (each paragraph's letters at half the font size's width, wrapped to the
    cell) at 1.2 lines' spacing, plus the cell margins."""
    per_char = font_size * 10  # twips: half the point size, a little generous
    tallest = 0
    for text, width in zip(cells, widths, strict=False):
        fits = max(1, int((width - 120) // per_char))
        lines = sum(max(1, -(-len(p) // fits)) for p in (text or "").split("\n"))
        tallest = max(tallest, lines)
    return int(tallest * font_size * 24) + 60


def _row_xml(cells: Sequence[str], widths: Sequence[int], style: str,
             header: bool = False, keep: bool = True) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if header else ""
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else \
        "<w:trPr><w:cantSplit/></w:trPr>" if keep else ""
    return (f"<w:tr>{props}"
            + "".join(_cell_xml(t, w, style, shade) for t, w in zip(cells, widths, strict=True))
            + "</w:tr>")


def _table_xml(widths: Sequence[int], rows: str) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border.format(side) for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
            f'</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>')


def widths_for(weights: Sequence[int], usable_inches: float,
               headers: Sequence[str] = (), font_size: float = 8.5,
               rows: Sequence[Sequence[str]] = ()) -> list[int]:
    """Column widths in twips: never narrower than the longest word of the
    header or of the first rows' cells (up to 16 letters: "Entr/y" or a Bates
    number broken in three looks careless), the rest shared by weight."""
    usable = int(usable_inches * 1440)
    per_char = int(font_size * 10)  # twips per letter of a bold serif, a little generous
    floors = []
    for i, h in enumerate(headers):
        words = h.split() + [w for row in rows[:300] for w in row[i].split()]
        floors.append(min(max((len(w) for w in words), default=0), 16) * per_char + 150)
    floors = floors or [0] * len(weights)
    spare = usable - sum(floors)
    if spare <= 0:
        return [usable * f // sum(floors) for f in floors]
    return [f + spare * w // sum(weights) for f, w in zip(floors, weights, strict=True)]


def widths_by_content(usable_inches: float, headers: Sequence[str], font_size: float,
                      whole: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]
                      ) -> list[int]:
    """Column widths in twips that make ``rows`` (a sample of the table) least
    tall: each column starts at its floor (its longest unbreakable word in
    ``whole`` or its header, wide letters counted wider), and the width left
    goes, a hundredth of the page at a time, to the column whose widening
    shortens the sample's rows the most (a row is as tall as its tallest cell).

    Pages follow the rows' height: shared out by fixed weights, a long
    justification column made rows twice as tall as the other cells needed
    (2,000 Vaughn entries: 881 pages).
    """
    usable = int(usable_inches * 1440)
    per_char = font_size * 10
    floors = []
    for i, h in enumerate(headers):
        words = h.split() + [w for row in whole for w in row[i].split()]
        floors.append(int(max((_letters(w) for w in words), default=0) * per_char) + 150)
    if not rows or sum(floors) >= usable:
        return widths_for([1] * len(headers), usable_inches, headers, font_size, whole)
    lengths = [[[len(p) for p in (row[i] or "").split("\n")] for row in rows]
               for i in range(len(headers))]

    def lines(i: int, width: int) -> list[int]:  # column i's lines in each row
        fits = max(1, int((width - 120) // per_char))
        return [sum(max(1, -(-n // fits)) for n in cell) for cell in lengths[i]]

    widths = list(floors)
    current = [lines(i, w) for i, w in enumerate(widths)]
    step = max(usable // 100, 1)
    while usable - sum(widths) >= step:
        tallest = [max(col[r] for col in current) for r in range(len(rows))]
        best, best_gain, best_lines = 0, 0, current[0]
        for i in range(len(widths)):
            wider = lines(i, widths[i] + step)
            others = [max((col[r] for j, col in enumerate(current) if j != i), default=0)
                      for r in range(len(rows))]
            gain = sum(t - max(o, n) for t, o, n in zip(tallest, others, wider, strict=True))
            if gain > best_gain:
                best, best_gain, best_lines = i, gain, wider
        if best_gain == 0:
            break
        widths[best] += step
        current[best] = best_lines
    # What no column needs: shared by the columns' text, the longest most.
    spare = usable - sum(widths)
    total = sum(sum(map(sum, col)) for col in lengths) or 1
    for i, col in enumerate(lengths):
        widths[i] += spare * sum(map(sum, col)) // total
    widths[-1] += usable - sum(widths)  # the rounding
    return widths


def _letters(word: str) -> float:
    """A word's width in letters of the average width: capitals and m/w are wider."""
    return min(sum(1.4 if c.isupper() or c in "mw" else 1 for c in word), 17)


def page_x_of_y(section, prefix: str = "") -> None:
    """'Page 3 of 12' centred in the footer, as fields every reader fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(f"{prefix}Page ")
    add_field(p, "PAGE", parse_xml)
    p.add_run(" of ")
    add_field(p, "NUMPAGES", parse_xml)


def add_field(paragraph, code: str, parse_xml=None) -> None:
    """A Word field (PAGE, NUMPAGES) that every reader updates as it lays out."""
    if parse_xml is None:
        from docx.oxml import parse_xml
    for xml in (f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r xmlns:w="{W}"><w:instrText xml:space="preserve"> {code} </w:instrText>'
                '</w:r>',
                f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r xmlns:w="{W}"><w:t>1</w:t></w:r>',
                f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def landscape(doc, margin_inches: float = 0.6) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    section.left_margin = section.right_margin = Inches(margin_inches)
    section.top_margin = section.bottom_margin = Inches(0.7)


def set_font(doc, font: str, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(size)
    normal.paragraph_format.space_after = Pt(0)
    # Word takes some characters' face from eastAsia; without it a section
    # sign can come out in another font.
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is not None:
        fonts.set(qn("w:eastAsia"), font)
    # Headings in the firm's face, black: the default template's are blue
    # Calibri Light, which no court filing uses.
    from docx.shared import RGBColor

    for name, points in (("Heading 1", 13), ("Heading 2", 12), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name, style.font.size = font, Pt(points)
        style.font.bold, style.font.italic = True, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if fonts is not None:  # theme fonts would override the name set above
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attr}"), None)
            fonts.set(qn("w:eastAsia"), font)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(4)
