"""True redaction: what is under a box leaves the file.

A page with anything to redact is rasterised (rendered by pdfium at 200 dpi,
the boxes painted black on the picture) and replaced by that picture: no
character, vector or image part under a box survives, which removing
objects one by one cannot promise for text objects that run under a box's
edge. The page's markup annotations over a box go with it (a highlight's
note, an unapplied /Redact). What is redacted is then verified by reading
the output again: pdfium's text of each region must be empty, and the
removed text must not appear anywhere in the file's decompressed objects
(bookmarks, annotations, metadata, form fields included).

The page loses its text layer (its other words included): the log says so,
and the bundle's OCR gives scanned pages one where Tesseract is installed.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from casefile.errors import InputError
from casefile.privacy.redactions import Box, read

DPI = 200


@dataclass(frozen=True)
class Area:
    page: int  # 1-based
    box: Box  # PDF points, the page's own coordinates
    why: str  # "failed redaction", "FRCP 5.2(a)(1)", "(b)(6)"…


@dataclass
class Redacted:
    data: bytes
    log: list[str]  # what, where, why, by whom, when
    still_present: list[str]  # removed text found again in the output (should be empty)
    removed: list[tuple[int, str]] = field(default_factory=list)  # (area's index, its text)
    areas: list[Area] = field(default_factory=list)  # what was redacted
    not_located: list[str] = field(default_factory=list)  # findings given no box


def failed_redactions(data: bytes) -> list[Area]:
    """Each failed redaction in ``data`` as an area to redact properly."""
    return [Area(h.page, h.box, f"text under a redaction ({h.how})") for h in read(data).hidden]


def redact(data: bytes, areas: list[Area], *, by: str = "") -> Redacted:
    import pikepdf
    import pypdfium2 as pdfium

    if not areas:
        raise InputError("Nothing to redact: name a box (--box PAGE:X0,Y0,X1,Y1) or redact a "
                         "file with text under its redaction boxes.")
    try:
        doc = pdfium.PdfDocument(data)
        pdf = pikepdf.open(io.BytesIO(data))
    except (pdfium.PdfiumError, pikepdf.PdfError):
        raise InputError("The file cannot be redacted: it is encrypted or damaged; save an "
                         "unprotected, repaired copy first.") from None
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    log: list[str] = []
    removed: list[str] = []
    by_area: list[tuple[int, str]] = []
    pages = sorted({a.page for a in areas})
    for number in pages:
        if not 1 <= number <= len(doc):
            raise InputError(f"Page {number} is not in the file ({len(doc)} pages).")
    try:
        for number in pages:
            mine = [(i, a) for i, a in enumerate(areas) if a.page == number]
            page = doc[number - 1]
            textpage = page.get_textpage()
            for i, a in mine:
                text = " ".join(textpage.get_text_bounded(*a.box).split())
                if text:
                    removed.append(text)
                    by_area.append((i, text))
                x0, y0, x1, y1 = a.box
                log.append(f"{when}\tpage {number}\t[{x0:.0f} {y0:.0f} {x1:.0f} {y1:.0f}]\t"
                           f"{a.why}\t{len(text)} characters removed\tby {by or 'unknown'}")
            textpage.close()
            _rasterise(pdf, pdf.pages[number - 1], page, [a.box for _, a in mine])
            log.append(f"{when}\tpage {number}\tthe whole page is now a picture: its text "
                       "layer is gone (OCR it for a searchable copy)\t\t\t")
            page.close()
    finally:
        doc.close()
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    pdf.close()
    result = Redacted(out.getvalue(), log, [], by_area, list(areas))
    result.still_present = _verify(result.data, areas, removed)
    return result


def _rasterise(pdf, pike_page, page, boxes: list[Box]) -> None:
    import pikepdf
    from PIL import ImageDraw

    page.set_rotation(0)  # rendered as stored; the page keeps its /Rotate
    left, bottom, right, top = page.get_cropbox()
    scale = DPI / 72
    bitmap = page.render(scale=scale)
    try:
        image = bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle(((x0 - left) * scale - 1, (top - y1) * scale - 1,
                        (x1 - left) * scale + 1, (top - y0) * scale + 1), fill=(0, 0, 0))
    width, height = image.size
    picture = pikepdf.Stream(pdf, zlib.compress(image.tobytes(), 6))
    picture.Type = pikepdf.Name.XObject
    picture.Subtype = pikepdf.Name.Image
    picture.Width, picture.Height = width, height
    picture.ColorSpace = pikepdf.Name.DeviceRGB
    picture.BitsPerComponent = 8
    picture.Filter = pikepdf.Name.FlateDecode
    w, h = right - left, top - bottom
    content = f"q {w:.4f} 0 0 {h:.4f} {left:.4f} {bottom:.4f} cm /Redacted Do Q".encode()
    obj = pike_page.obj
    obj.Contents = pdf.make_stream(content)
    obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Redacted=picture))
    for key in ("/Group", "/PieceInfo", "/Metadata", "/Thumb"):
        if key in obj:
            del obj[key]
    if "/Annots" in obj:
        # Links stay (they hold no text of the page); every other annotation
        # (notes, highlights, /Redact, form fields' widgets) goes.
        kept = [a for a in obj.Annots if isinstance(a, pikepdf.Dictionary)
                and a.get("/Subtype") == pikepdf.Name.Link]
        obj.Annots = pdf.make_indirect(pikepdf.Array(kept))


def _verify(data: bytes, areas: list[Area], removed: list[str]) -> list[str]:
    """Where any removed text is still found: a region's text, or the file's
    objects decompressed (bookmarks, metadata, other pages' text streams)."""
    import pikepdf
    import pypdfium2 as pdfium

    found = []
    doc = pdfium.PdfDocument(data)
    try:
        for a in areas:
            textpage = doc[a.page - 1].get_textpage()
            if textpage.get_text_bounded(*a.box).strip():
                found.append(f"page {a.page}: text in the redacted region")
            textpage.close()
    finally:
        doc.close()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        flat = io.BytesIO()
        pdf.save(flat, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    raw = flat.getvalue()
    for text in removed:
        for word in {w for w in text.split() if len(w) >= 4}:
            if word.encode("latin-1", "ignore") in raw or word.encode("utf-16-be") in raw:
                found.append(f"'{word}' is still in the file outside the redacted pages "
                             "(another page, a bookmark, metadata or a form field)")
    return found


def parse_box(text: str) -> Area:
    """'2:100,200,300,220' (page, then left, bottom, right, top in points)."""
    try:
        page, _, rest = text.partition(":")
        x0, y0, x1, y1 = (float(v) for v in rest.split(","))
        number = int(page)
    except ValueError:
        raise InputError(f"'{text}' is not a box: write PAGE:X0,Y0,X1,Y1 in points, such as "
                         "2:100,200,300,220.") from None
    if x1 <= x0 or y1 <= y0 or number < 1:
        raise InputError(f"'{text}' is an empty box: X1 and Y1 must be larger than X0 and Y0, "
                         "and pages count from 1.")
    return Area(number, (x0, y0, x1, y1), "")


def redact_file(source, boxes: list[str], reason: str, by: str, findings: bool = False
                ) -> Redacted:
    """``redact`` of a file a user names (run it in a child with the limits):
    the boxes given, or else every failed redaction the file holds; with
    ``findings``, every finding of the check (personal data too) as well."""
    from casefile.errors import read_user_file

    data = read_user_file(source, "PDF")
    areas = [Area(a.page, a.box, reason or "redacted by the user")
             for a in map(parse_box, boxes)]
    missing: list[str] = []
    if findings:
        found, missing = finding_areas(data)
    elif not areas:
        found = failed_redactions(data)
    else:
        found = []
    if reason:
        found = [Area(a.page, a.box, f"{reason}; {a.why}") for a in found]
    done = redact(data, areas + found, by=by)
    done.not_located = missing
    return done

def finding_areas(data: bytes, *, texts: dict[int, str] | None = None, filed=None
                  ) -> tuple[list[Area], list[str]]:
    """Every finding of the privacy check as an area to redact: a failed
    redaction's own box; personal data where pdfium finds its text on the
    page. Returns the areas and the findings that could not be placed (text
    read by OCR on a page without a text layer, say): those need a box."""
    import pypdfium2 as pdfium

    from casefile.privacy.check import check_pdf

    report = check_pdf(data, filed=filed, texts=texts)
    if report.pages == 0 and report.not_checked:
        raise InputError("The document cannot be redacted: "
                         + report.not_checked[0].line().removeprefix("the file not checked: ")
                         + ".")
    areas = [Area(h.page, h.box, f"text under a redaction ({h.how})") for h in report.hidden]
    missing: list[str] = []
    wanted = [f for f in report.personal if f.blocking and f.page]
    if wanted:
        doc = pdfium.PdfDocument(data)
        try:
            for number in sorted({f.page for f in wanted}):
                page = doc[number - 1]
                textpage = page.get_textpage()
                try:
                    for f in (f for f in wanted if f.page == number):
                        boxes = locate(textpage, f.text)
                        if not boxes:
                            missing.append(f"{f.line()}: not found in the page's text layer; "
                                           "draw a box over it")
                        areas += [Area(number, b, f"{f.rule} ({f.kind})") for b in boxes]
                finally:
                    textpage.close()
                    page.close()
        finally:
            doc.close()
    return areas, missing


def locate(textpage, text: str, pad: float = 1.0) -> list[Box]:
    """The boxes (a line each) of every place the page's text layer says
    ``text``; whitespace may differ (a line break for a space)."""
    words = text.split()
    tries = [text, " ".join(words)] + ([words[0]] if len(words) == 1 else [])
    for attempt in dict.fromkeys(t for t in tries if t):
        boxes = _search(textpage, attempt, pad)
        if boxes:
            return boxes
    if len(words) > 1:  # words split over lines: each word's own places
        boxes = []
        for word in dict.fromkeys(words):
            boxes += _search(textpage, word, pad)
        return boxes
    return []


def _search(textpage, text: str, pad: float) -> list[Box]:
    boxes: list[Box] = []
    searcher = textpage.search(text, match_case=False)
    try:
        while (hit := searcher.get_next()) is not None:
            index, count = hit
            for i in range(textpage.count_rects(index, count)):
                x0, y0, x1, y1 = textpage.get_rect(i)
                boxes.append((x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    finally:
        searcher.close()
    return boxes


def redact_planned(data: bytes, areas: list[Area], by: str, findings: bool,
                   texts: dict[int, str] | None, filed) -> Redacted:
    """What a child runs for ``casefile redact CASE DOCUMENT``: the boxes
    given and, with ``findings``, every finding of the check, redacted."""
    areas = list(areas)
    missing: list[str] = []
    if findings:
        found, missing = finding_areas(data, texts=texts, filed=filed)
        areas += found
    if not areas:
        raise InputError("Nothing to redact: the check finds nothing in it that a box could "
                         "cover" + (f" ({len(missing)} finding(s) not placed on the page: "
                                    "draw a box over each)" if missing else "") + ".")
    done = redact(data, areas, by=by)
    done.not_located = missing
    return done
