"""A corpus of PDFs with each kind of failed and of correct redaction, and page
text with each kind of personal data, each with its expected result beside it.

Made with reportlab and pikepdf (raw content streams where the drawing order
or the transformation matrix is the point); nothing here calls Casefile.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

FILED = date(2026, 12, 7)  # the filing date the minors' ages are counted to


@dataclass
class RedactionCase:
    name: str
    pdf: bytes
    expected: list[str] = field(default_factory=list)  # text recovered, one per finding


def _canvas() -> tuple[io.BytesIO, canvas.Canvas]:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=letter, invariant=1)
    c.setFont("Helvetica", 12)
    return out, c


def _done(out: io.BytesIO, c: canvas.Canvas) -> bytes:
    c.showPage()
    c.save()
    return out.getvalue()


def _text_then_box(secret: str, fill, *, label: str | None = None) -> bytes:
    """'Name of the informant: SECRET' with a box drawn after the secret."""
    out, c = _canvas()
    c.drawString(72, 700, "Name of the informant:")
    c.drawString(220, 700, secret)
    width = c.stringWidth(secret, "Helvetica", 12)
    c.setFillColorRGB(*fill)
    c.rect(217, 695, width + 6, 16, stroke=0, fill=1)
    if label:
        c.setFillColorRGB(1, 1, 1)
        c.drawString(222, 699, label)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(72, 650, "The rest of the letter is plain text.")
    return _done(out, c)


def _raw_page(content: bytes, fonts: bool = True) -> bytes:
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary()
    if fonts:
        resources.Font = pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=resources, Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _with_annotation(pdf_bytes: bytes, annot: dict) -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    a = pikepdf.Dictionary(Type=pikepdf.Name.Annot, **annot)
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(a)]))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _plain(secret: str = "Maria Gonzalez") -> bytes:
    out, c = _canvas()
    c.drawString(72, 700, "Name of the informant:")
    c.drawString(220, 700, secret)
    return _done(out, c)


def _scan_with_ocr(black_out: bool) -> bytes:
    """A 'scanned' page (an image of the words) with an invisible OCR layer;
    ``black_out``: the words' place in the image painted black."""
    image = Image.new("L", (612, 792), 255)
    draw = ImageDraw.Draw(image)
    draw.text((72, 80), "Informant: Carlos Reyes", fill=0)
    if black_out:
        draw.rectangle((210, 84, 400, 108), fill=0)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    out, c = _canvas()
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, 612, 792)
    t = c.beginText(72, 700)
    t.setTextRenderMode(3)
    t.setFont("Helvetica", 12)
    t.textOut("Informant: ")
    t.setTextOrigin(220, 700)
    t.textOut("Carlos Reyes")
    c.drawText(t)
    return _done(out, c)


def redaction_cases() -> list[RedactionCase]:
    secret = "Maria Gonzalez"
    plain = _plain()
    # Where the secret's characters are on _plain's page (Helvetica 12 at 220, 700).
    box = [218, 696, 310, 712]
    return [
        # --- failed redactions: the text is still there ---------------------------------
        RedactionCase("black box drawn over the text", _text_then_box(secret, (0, 0, 0)),
                      [secret]),
        RedactionCase("dark grey box drawn over the text", _text_then_box(secret, (.2, .2, .2)),
                      [secret]),
        RedactionCase("black box over the text, labelled in white",
                      _text_then_box(secret, (0, 0, 0), label="(b)(6)"), [secret]),
        RedactionCase(
            "box drawn through a transformation matrix",
            _raw_page(b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\n"
                      b"q 2 0 0 2 100 300 cm 0 0 0 rg 58 197 50 10 re f Q\n"), [secret]),
        _form_box(),
        nested_form_box(),
        RedactionCase(
            "black text on a black box (the text in the box's colour)",
            _raw_page(b"0 0 0 rg 215 694 100 20 re f\n"
                      b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\n"), [secret]),
        RedactionCase(
            "navy text on a navy box",
            _raw_page(b"0 0 0.3 rg 215 694 100 20 re f\n"
                      b"BT /F1 12 Tf 0 0 0.3 rg 220 700 Td (Maria Gonzalez) Tj ET\n"), [secret]),
        RedactionCase("black highlight annotation", _with_annotation(plain, {
            "Subtype": pikepdf.Name.Highlight, "Rect": box, "C": [0, 0, 0],
            "QuadPoints": [box[0], box[3], box[2], box[3], box[0], box[1], box[2], box[1]]}),
            [secret]),
        RedactionCase("black square annotation", _with_annotation(plain, {
            "Subtype": pikepdf.Name.Square, "Rect": box, "IC": [0, 0, 0], "C": [0, 0, 0]}),
            [secret]),
        RedactionCase("redaction annotation never applied", _with_annotation(plain, {
            "Subtype": pikepdf.Name.Redact, "Rect": box, "IC": [0, 0, 0]}), [secret]),
        RedactionCase("OCR layer under a blacked-out scan", _scan_with_ocr(True),
                      ["Carlos Reyes"]),
        # --- correct redactions and look-alikes: nothing to report ----------------------
        RedactionCase("black box with the text removed", _raw_page(
            b"BT /F1 12 Tf 72 700 Td (Name of the informant:) Tj ET\n"
            b"0 0 0 rg 218 696 92 16 re f\n")),
        RedactionCase("white box over the text (layout, not a redaction)",
                      _text_then_box(secret, (1, 1, 1))),
        RedactionCase("black box over XXXX fill",
                      _text_then_box("XXXXXXXXXXXX", (0, 0, 0))),
        RedactionCase("black box before white text (a label, readable)", _raw_page(
            b"0 0 0 rg 215 694 100 20 re f\n"
            b"BT /F1 12 Tf 1 1 1 rg 220 700 Td (REDACTED b6) Tj ET\n")),
        RedactionCase("half-transparent black box", _transparent_box()),
        RedactionCase("yellow highlight annotation", _with_annotation(plain, {
            "Subtype": pikepdf.Name.Highlight, "Rect": box, "C": [1, 1, 0]})),
        RedactionCase("black box beside the text, not over it", _raw_page(
            b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\n"
            b"0 0 0 rg 330 696 80 16 re f\n")),
        RedactionCase("black table rules under a heading", _raw_page(
            b"BT /F1 12 Tf 72 700 Td (Exemption claimed) Tj ET\n"
            b"0 0 0 rg 72 694 300 1 re f 72 716 300 1 re f\n")),
        RedactionCase("black circle (not a box) near the text", _raw_page(
            b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\n"
            b"0 0 0 rg 400 700 m 400 710 410 720 420 720 c 430 720 440 710 440 700 c f\n")),
        RedactionCase("a scan with its OCR layer, nothing blacked out", _scan_with_ocr(False)),
        figure_label(),
        *image_cases(),
    ]


def _form_box() -> RedactionCase:
    pdf = pikepdf.new()
    form = pdf.make_stream(b"0 0 0 rg 0 0 100 20 re f", Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 20])
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)),
        XObject=pikepdf.Dictionary(Fm1=form))
    content = b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\nq 1 0 0 1 215 694 cm /Fm1 Do Q\n"
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=resources, Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return RedactionCase("box drawn in a form XObject", out.getvalue(), ["Maria Gonzalez"])


def _transparent_box() -> bytes:
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)),
        ExtGState=pikepdf.Dictionary(GS1=pikepdf.Dictionary(ca=0.4, CA=0.4)))
    content = (b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\n"
               b"q /GS1 gs 0 0 0 rg 215 694 100 20 re f Q\n")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=resources, Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# --- personal data: (line of page text, the kinds expected in it) ---------------------
# Kinds: ssn, tin, dob, minor, card, account, anumber, passport, noted (a number in
# SSN form that cannot be one: noted, not blocking). Each line is a page's line.
PERSONAL_LINES: list[tuple[str, list[str]]] = [
    ("Plaintiff's Social Security number is 219-09-9999.", ["ssn"]),
    ("SSN: 078 05 1120", ["ssn"]),
    ("Soc. Sec. No. 536225847", ["ssn"]),
    ("His ITIN is 912-70-3456 on the return.", ["tin"]),
    ("Employer Identification Number (EIN): 12-3456789", ["tin"]),
    ("Test record 000-12-3456 in the database.", ["noted"]),
    ("Entry 666-45-1234 was rejected by the SSA.", ["noted"]),
    ("Sample 923-11-4567 in the form instructions.", ["noted"]),
    ("Number 123-00-4567 appears on the card stub.", ["noted"]),
    ("Record 123-45-0000 appears on the card stub.", ["noted"]),
    ("DOB: 04/12/1979", ["dob"]),
    ("Date of Birth: 1983-07-30", ["dob"]),
    ("She was born on March 3, 1962, in Oaxaca.", ["dob"]),
    ("Fecha de nacimiento: 12-25-1970", ["dob"]),
    ("D.O.B. 7 January 1988", ["dob"]),
    ("Detainee: Rosa Diaz\nDOB: 02/11/1985", ["dob"]),  # the context on its line, after another
    ("born on June 1, 2015, the child entered with her mother", ["dob", "minor"]),
    ("Jane Roe, a minor, appears through her mother.", ["minor"]),
    ("Ana Lopez (a minor) was detained at the border.", ["minor"]),
    ("Pedro Alvarez, age 14, was held for nine days.", ["minor"]),
    ("The 16-year-old Luis Ortega was transferred.", ["minor"]),
    ("Card on file: 4111 1111 1111 1111", ["card"]),
    ("Paid with 5500-0000-0000-0004 on 3/1/2020.", ["card"]),
    ("Amex 378282246310005 charged.", ["card"]),
    ("Bank account no. 000123456789 at Chase.", ["account"]),
    ("Acct # 4455-6677-88 was closed.", ["account"]),
    ("Routing number: 021000021", ["account"]),
    ("A-Number: 201-555-301", ["anumber"]),
    ("The respondent, A-123-456-789, was released.", ["anumber"]),
    ("File A098765432 was transferred.", ["anumber"]),
    ("Alien registration no. 87654321", ["anumber"]),
    ("Passport No. X12345678 issued by Mexico.", ["passport"]),
    ("passport number 520123456 was seized.", ["passport"]),
    # --- no personal data ----------------------------------------------------------
    ("Case No. 1:19-cv-01234-ABC, filed 03/14/2019.", []),
    ("The letter dated March 4, 2019 acknowledged the request.", []),
    ("FOIA request 2019-ICFO-12345 was received on 2019-02-01.", []),
    ("Call (202) 555-0143 or write to Washington, DC 20001-1234.", []),
    ("Bates DHS-000123456 through DHS-000123999.", []),
    ("The agency spent $1,234,567.89 on the search.", []),
    ("Only minor changes were made to the age of the records.", []),
    ("Invoice 4111 1111 1111 1112 is not a card.", []),
    ("Processed 1,234 pages in 12 months; 36 years of records.", []),
    ("Exemption (b)(6) and (b)(7)(C) were claimed on 45 pages.", []),
    ("Order of the court entered 12/01/2020.", []),
    ("Policy 2015-07-30 superseded the 2012 guidance.", []),
    ("The applicant, age 34, appeared with counsel.", []),
    ("Tracking number 9400111899223197428490 for the mailing.", []),
]

# A table whose column is headed birth: each row's second date is not a birth date.
TABLE = ("Name            DOB            Date of Entry\n"
         "Rosa Diaz       02/11/1985     06/01/2019\n"
         "Mateo Diaz      09/30/2012     06/01/2019\n"
         "\n"
         "Entered         Name           Departed\n"
         "01/02/2018      Omar Haddad    03/04/2018\n")
TABLE_EXPECTED = [("02/11/1985", "dob"), ("09/30/2012", "dob"), ("09/30/2012", "minor")]


def personal_pdf(lines: list[str], per_page: int = 12) -> bytes:
    """The lines set as text pages (reportlab), ``per_page`` to a page."""
    out, c = _canvas()
    for start in range(0, len(lines), per_page):
        c.setFont("Helvetica", 12)
        y = 740
        for line in lines[start:start + per_page]:
            for part in line.split("\n"):
                c.drawString(60, y, part)
                y -= 18
            y -= 18  # a blank line between the lines: each its own paragraph
        c.showPage()
    c.save()
    return out.getvalue()


def table_pdf() -> bytes:
    """The table set in columns, as a report prints one."""
    out, c = _canvas()
    y = 740
    for row in TABLE.splitlines():
        if not row.strip():
            y -= 30
            continue
        for x, cell in zip((60, 200, 340), [row[0:16], row[16:31], row[31:]], strict=True):
            c.drawString(x, y, cell.strip())
        y -= 18
    return _done(out, c)


def figure_label() -> RedactionCase:
    """A filled diagram box with one letter inside it, drawn after it (a figure's
    label, as in a real thesis): expected nothing."""
    return RedactionCase("a one-letter label inside a filled figure", _raw_page(
        b"BT /F1 12 Tf 400 350 Td (V) Tj ET\n0.1 0.1 0.1 rg 380 327 58 58 re f\n"))


def nested_form_box() -> RedactionCase:
    """A black box in a form drawn by another form, each with its own matrix
    (outer: scale 2, move to 100,300; inner: move 58,198.5 in the outer's
    space): the box lands on 216-316 x 697-717 of the page, over the name
    set at 220,700 (about 82 points wide). Expected: the name."""
    pdf = pikepdf.new()
    inner = pdf.make_stream(b"0 0 0 rg 0 0 50 10 re f", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=[0, 0, 50, 10])
    outer = pdf.make_stream(b"q 1 0 0 1 58 198.5 cm /In Do Q", Type=pikepdf.Name.XObject,
                            Subtype=pikepdf.Name.Form, BBox=[0, 0, 300, 300],
                            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(In=inner)))
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)),
        XObject=pikepdf.Dictionary(Out=outer))
    content = b"BT /F1 12 Tf 220 700 Td (Maria Gonzalez) Tj ET\nq 2 0 0 2 100 300 cm /Out Do Q\n"
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 612, 792],
                              Resources=resources, Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return RedactionCase("box drawn in a form inside a form", out.getvalue(),
                         ["Maria Gonzalez"])


def _image_over_text(colour: int) -> bytes:
    """The name, then an image of one ``colour`` (0 black, 255 white) drawn over it."""
    image = Image.new("L", (40, 8), colour)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    from reportlab.lib.utils import ImageReader

    out, c = _canvas()
    c.drawString(72, 700, "Name of the informant:")
    c.drawString(220, 700, "Maria Gonzalez")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 216, 694, 100, 20)
    return _done(out, c)


def image_cases() -> list[RedactionCase]:
    return [RedactionCase("black image pasted over the text", _image_over_text(0),
                          ["Maria Gonzalez"]),
            RedactionCase("white image over the text (a white-out, not a redaction)",
                          _image_over_text(255))]
