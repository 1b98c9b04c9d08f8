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
    label: str = ""  # printed in white on the box ("(b)(6)"); "" for a plain black box


@dataclass
class Redacted:
    data: bytes
    log: list[str]  # what, where, why, by whom, when
    still_present: list[str]  # removed text found again in the output (should be empty)
    removed: list[tuple[int, str]] = field(default_factory=list)  # (area's index, its text)
    areas: list[Area] = field(default_factory=list)  # what was redacted
    not_located: list[str] = field(default_factory=list)  # findings given no box
    check: object = None  # the privacy check of ``data`` (check.PrivacyReport), to store


def failed_redactions(data: bytes) -> list[Area]:
    """Each failed redaction in ``data`` as an area to redact properly."""
    return [Area(h.page, h.box, f"text under a redaction ({h.how})") for h in read(data).hidden]


def redact(data: bytes, areas: list[Area], *, by: str = "", scrub: list[str] = ()
           ) -> Redacted:
    """``areas`` redacted (each page with one rasterised), and what they held
    removed from the file's bookmarks, notes, metadata and form fields too,
    with ``scrub`` (personal data found only there)."""
    import pikepdf
    import pypdfium2 as pdfium

    from casefile.privacy import outside

    if not areas and not scrub:
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
    dropped: set = set()  # the widgets that left with a rasterised page
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
            dropped |= _rasterise(pdf, pdf.pages[number - 1], page, [a.box for _, a in mine],
                                  [a.label for _, a in mine])
            log.append(f"{when}\tpage {number}\tthe whole page is now a picture: its text "
                       "layer is gone (OCR it for a searchable copy)\t\t\t")
            page.close()
    finally:
        doc.close()
    targets = removed + [t for t in scrub if t.strip()]
    for line in outside.scrub(pdf, targets, dropped):
        log.append(f"{when}\t\t\t\t{line}\tby {by or 'unknown'}")
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    pdf.close()
    result = Redacted(out.getvalue(), log, [], by_area, list(areas))
    result.still_present = _verify(result.data, areas, targets)
    return result


LABEL_FONT = "Helvetica-Bold"
LABEL_MAX_PT = 9.0  # a label's largest type, as a court's exemption labels are set
LABEL_MIN_PT = 4.0  # smaller than this cannot be read in print: the box goes unlabelled


def label_fit(box: Box, label: str) -> tuple[float, float, float] | None:
    """Where the label goes in the box: (size in points, x, y of its baseline),
    centred; None when it cannot be set at ``LABEL_MIN_PT`` or more inside it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = " ".join(label.split())
    if not label:
        return None
    x0, y0, x1, y1 = box
    room_w, room_h = x1 - x0 - 2, y1 - y0 - 1
    size = min(LABEL_MAX_PT, room_h / 0.9)  # caps and descenders within the box
    width = stringWidth(label, LABEL_FONT, size)
    if width > room_w:
        size *= room_w / width
        width = stringWidth(label, LABEL_FONT, size)
    if size < LABEL_MIN_PT:
        return None
    return size, x0 + (x1 - x0 - width) / 2, y0 + (y1 - y0) / 2 - size * 0.36


def _label_ops(boxes: list[Box], labels: list[str]) -> bytes:
    """The labels as white text over their boxes: real text (pdftotext reads
    the region back as the label and nothing else)."""
    ops = []
    for box, label in zip(boxes, labels, strict=True):
        fit = label_fit(box, label)
        if fit is None:
            continue
        size, x, y = fit
        raw = " ".join(label.split()).encode("cp1252", "replace")
        raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"BT /Label %.2f Tf 1 1 1 rg %.3f %.3f Td (%s) Tj ET"
                   % (size, x, y, raw))
    return b" ".join(ops)


def _rasterise(pdf, pike_page, page, boxes: list[Box], labels: list[str] | None = None
               ) -> set:
    """The page replaced by its picture, the boxes black on it (each with its
    label, if any, in white); returns the objgens of the form fields' widgets it
    dropped (their values are cleared)."""
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
    labelled = _label_ops(boxes, labels or [""] * len(boxes))
    obj = pike_page.obj
    obj.Contents = pdf.make_stream(content + (b" " + labelled if labelled else b""))
    obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Redacted=picture))
    if labelled:
        obj.Resources.Font = pikepdf.Dictionary(Label=pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/" + LABEL_FONT), Encoding=pikepdf.Name.WinAnsiEncoding))
    for key in ("/Group", "/PieceInfo", "/Metadata", "/Thumb"):
        if key in obj:
            del obj[key]
    if "/Annots" in obj:
        # Links stay (they hold no text of the page); every other annotation
        # (notes, highlights, /Redact, form fields' widgets) goes.
        annots = [a for a in obj.Annots if isinstance(a, pikepdf.Dictionary)]
        kept = [a for a in annots if a.get("/Subtype") == pikepdf.Name.Link]
        obj.Annots = pdf.make_indirect(pikepdf.Array(kept))
        return {a.objgen for a in annots if a.get("/Subtype") == pikepdf.Name.Widget}
    return set()


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
            left = " ".join(textpage.get_text_bounded(*a.box).split())
            # Only the label may be read there, and only where it was set.
            if left and not (label_fit(a.box, a.label) and left == " ".join(a.label.split())):
                found.append(f"page {a.page}: text in the redacted region")
            textpage.close()
    finally:
        doc.close()
    from casefile.privacy.outside import places

    words = {w for text in removed for w in text.split() if len(w) >= 4}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for place in places(pdf):
            lower = place.text.lower()
            found += [f"'{w}' is still in {place.name}" for w in sorted(words)
                      if w.lower() in lower]
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


def redact_file(source, boxes: list[str], reason: str, by: str, findings: bool = False,
                label: str = "") -> Redacted:
    """``redact`` of a file a user names (run it in a child with the limits):
    the boxes given, or else every failed redaction the file holds; with
    ``findings``, every finding of the check (personal data too) as well.
    ``label``: printed in white on every box."""
    from casefile.errors import read_user_file

    data = read_user_file(source, "PDF")
    areas = [Area(a.page, a.box, reason or "redacted by the user")
             for a in map(parse_box, boxes)]
    missing: list[str] = []
    scrub: list[str] = []
    if findings:
        found, missing, scrub = finding_areas(data)
    elif not areas:
        found = failed_redactions(data)
    else:
        found = []
    found = [Area(a.page, a.box, with_reason(a.why, reason)) for a in found]
    done = redact(data, labelled(areas + found, label), by=by, scrub=scrub)
    done.not_located = missing
    return done


def with_reason(own: str, reason: str) -> str:
    """An area's why with the user's ``reason`` ahead of it. Personal data found
    by the check carries its own rule of FRCP 5.2, which the reason (an
    exemption such as "(b)(6)", or "FRCP 5.2(a)" again) would only blur, so
    it stays as it is; so does a why that already says the reason."""
    reason = " ".join((reason or "").split())
    if not own:
        return reason or "redacted by the user"
    if not reason or reason in own or own.startswith("FRCP 5.2"):
        return own
    return f"{reason}; {own}"


def labelled(areas: list[Area], label: str) -> list[Area]:
    """The areas, each to be labelled ``label`` (none: as they are)."""
    label = " ".join((label or "").split())
    if not label:
        return list(areas)
    return [Area(a.page, a.box, a.why, label) for a in areas]

def finding_areas(data: bytes, *, texts: dict[int, str] | None = None, filed=None
                  ) -> tuple[list[Area], list[str], list[str]]:
    """Every finding of the privacy check as an area to redact: a failed
    redaction's own box; personal data where pdfium finds its text on the
    page. Returns the areas, the findings that could not be placed (text
    read by OCR on a page without a text layer, say: those need a box), and
    the texts to remove from outside the pages (personal data in a bookmark,
    a note, the metadata or a form field)."""
    import pypdfium2 as pdfium

    from casefile.privacy.check import check_pdf

    report = check_pdf(data, filed=filed, texts=texts)
    if report.pages == 0 and report.not_checked:
        raise InputError("The document cannot be redacted: "
                         + report.not_checked[0].line().removeprefix("the file not checked: ")
                         + ".")
    # One area a box: the text under it and where it survives are one redaction.
    hows: dict[tuple, list[str]] = {}
    for h in report.hidden:
        hows.setdefault((h.page, h.box), []).append(h.how)
    areas = [Area(page, box, f"text under a redaction ({'; '.join(how)})")
             for (page, box), how in hows.items()]
    scrub = [h.text for h in report.hidden]
    missing: list[str] = []
    outside = [f for f in report.personal if f.blocking and ", in " in f.kind]
    scrub += [f.text for f in outside]
    wanted = [f for f in report.personal if f.blocking and f.page and f not in outside]
    placed: dict[tuple, list[str]] = {}
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
                        for b in boxes:
                            placed.setdefault((number, b), []).append(f"{f.rule} ({f.kind})")
                finally:
                    textpage.close()
                    page.close()
        finally:
            doc.close()
    # One box, one redaction: a child's birth date is found as a birth date and
    # as a minor's, and was logged (and its characters counted) twice.
    areas += [Area(page, box, "; ".join(dict.fromkeys(whys)))
              for (page, box), whys in placed.items()]
    return areas, missing, scrub


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
                   texts: dict[int, str] | None, filed, label: str = "") -> Redacted:
    """What a child runs for ``casefile redact CASE DOCUMENT``: the boxes
    given and, with ``findings``, every finding of the check, redacted."""
    areas = list(areas)
    missing: list[str] = []
    scrub: list[str] = []
    if findings:
        found, missing, scrub = finding_areas(data, texts=texts, filed=filed)
        areas += found
    if not areas and not scrub:
        raise InputError("Nothing to redact: the check finds nothing in it that a box could "
                         "cover" + (f" ({len(missing)} finding(s) not placed on the page: "
                                    "draw a box over each)" if missing else "") + ".")
    done = redact(data, labelled(areas, label), by=by, scrub=scrub)
    done.not_located = missing
    from casefile.privacy.check import check_pdf

    # The new version checked now, in this child: a bundle reuses it.
    done.check = check_pdf(done.data, filed=filed)
    return done
