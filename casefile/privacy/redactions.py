"""Text still in a PDF under a redaction: what anyone who copies the page reads.

Built on pdfium (``pypdfium2``): its page objects come in drawing order with
their fill colours and bounds, and its text page gives each character's box
and the text object that drew it, so "a box drawn after the text, over it" is
a comparison of two positions in one list (the graphics state's CTM and fill
colour are pdfium's to track, form XObjects included). Annotations are read
with pikepdf. Found:

- characters under an opaque dark filled rectangle drawn after them;
- characters in the colour of the filled rectangle behind them;
- characters under a dark highlight or filled square annotation;
- characters under a ``/Redact`` annotation that was never applied;
- OCR text (invisible) under an area the page renders black;
- characters under an image drawn after them, where the page renders black
  (a black picture pasted over the text).

Not found, on purpose (Free Law Project's x-ray names these false positives):
white boxes (a background, or a white-out that is a layout matter), a box
over text that is only "XXXX" or other fill, a box with any transparency,
a single character under a box (a figure's label).
A page that cannot be read is "not checked" with its reason, never clean.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points)

_FILL_ONLY = re.compile(r"^[\sXx*█■▇_\-–—.•●#/|]*$")
DARK = 0.35  # luminance below which a box hides what is under it
SAME = 24  # per channel, of 255: the text "in the colour of the box"


@dataclass(frozen=True)
class Hidden:
    page: int  # 1-based
    box: Box
    text: str  # what copying the region gives back
    how: str

    def line(self) -> str:
        x0, y0, x1, y1 = self.box
        return (f"page {self.page}: text under a redaction ({self.how}) at "
                f"[{x0:.0f} {y0:.0f} {x1:.0f} {y1:.0f}]: '{self.text}'")


@dataclass(frozen=True)
class NotChecked:
    page: int | None  # None: the whole file
    reason: str

    def line(self) -> str:
        where = f"page {self.page}" if self.page else "the file"
        return f"{where} not checked: {self.reason}"


@dataclass
class PageText:
    page: int
    text: str


@dataclass
class PdfReading:
    pages: int = 0
    hidden: list[Hidden] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    texts: list[PageText] = field(default_factory=list)  # pdfium's text, page by page
    dark: dict[int, list[Box]] = field(default_factory=dict)  # each page's dark boxes
    places: list = field(default_factory=list)  # outside.Place: text outside the pages


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255


def _addr(handle) -> int | None:
    return ctypes.cast(handle, ctypes.c_void_p).value


def _covered(char: Box, box: Box, share: float = 0.6) -> bool:
    """At least ``share`` of the character's box lies inside ``box``."""
    x0, y0 = max(char[0], box[0]), max(char[1], box[1])
    x1, y1 = min(char[2], box[2]), min(char[3], box[3])
    if x1 <= x0 or y1 <= y0:
        return False
    area = max((char[2] - char[0]) * (char[3] - char[1]), 1e-6)
    return (x1 - x0) * (y1 - y0) / area >= share


def read(data: bytes, *, want_text: bool = True, pages: list[int] | None = None,
         text_pages: set[int] | frozenset[int] = frozenset()) -> PdfReading:
    """Every failed redaction in the PDF ``data``, and (``want_text``) each
    page's text for the personal-data scan, in one pass over the pages.
    Without ``want_text`` a page whose objects hold nothing that can hide
    text (no dark box, marking annotation, invisible text or image over text)
    is never given pdfium's text page, three quarters of the cost.
    ``pages``: the 0-based pages to read (default all); ``text_pages``: 0-based
    pages whose text is wanted even without ``want_text`` (one load of the
    page serves the detector and the text)."""
    import pikepdf
    import pypdfium2 as pdfium

    result = PdfReading()
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        why = ("encrypted with a password; unlock it (Unlock on its page, or import it "
               "again with --password)" if "password" in reason else
               "damaged or not a PDF; pdfium cannot read it")
        result.not_checked.append(NotChecked(None, why))
        return result
    try:
        try:
            annotated = pikepdf.open(io.BytesIO(data))
        except (pikepdf.PdfError, ValueError):
            annotated = None
            result.not_checked.append(NotChecked(None, "annotations unreadable (pikepdf "
                                                       "cannot open the file)"))
        result.pages = len(doc)
        for n in (range(len(doc)) if pages is None else pages):
            try:
                page = doc[n]
            except pdfium.PdfiumError:
                result.not_checked.append(NotChecked(n + 1, "the page cannot be read"))
                continue
            try:
                pike_page = annotated.pages[n] if annotated else None
                annots = pike_page.obj.get("/Annots") if pike_page is not None else None
                _page(page, n + 1, annots, result, want_text or n in text_pages,
                      pike_page=pike_page)
            except (pdfium.PdfiumError, ValueError, KeyError, TypeError) as exc:
                result.not_checked.append(NotChecked(n + 1, f"its content cannot be parsed "
                                                            f"({type(exc).__name__})"))
            finally:
                page.close()
        if annotated is not None:
            read_outside(annotated, result)
            annotated.close()
    finally:
        doc.close()
    return result


def read_outside(pdf, result: PdfReading) -> None:
    """The text the file holds outside its pages (``outside.places``) into
    ``result``; a file whose outline, fields or metadata cannot be walked is
    said to be not wholly checked."""
    import pikepdf

    from casefile.privacy.outside import places

    try:
        result.places = places(pdf)
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        result.not_checked.append(NotChecked(None, "its bookmarks, notes, metadata or form "
                                                   f"fields cannot be read ({type(exc).__name__})"))


def unparsed(pike_page) -> str | None:
    """Why a page on which pdfium read no object at all cannot be taken for
    blank: its content stream cannot be decoded, or holds more than saving
    and restoring the graphics state. None: it is blank. Read with pikepdf,
    only for pages pdfium found empty."""
    import pikepdf

    if pike_page is None:
        return None
    try:
        contents = pike_page.obj.get("/Contents")
        if contents is None:
            return None
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        data = b"".join(s.read_bytes() for s in streams if isinstance(s, pikepdf.Stream))
    except (pikepdf.PdfError, ValueError, TypeError) as exc:
        return f"its content cannot be parsed ({type(exc).__name__})"
    if data.replace(b"q", b"").replace(b"Q", b"").split():
        return "its content cannot be parsed (pdfium reads nothing on it, though its " \
               "content stream is not empty)"
    return None


def _not_blank(result: PdfReading, number: int, images, handles, pike_page) -> None:
    """A page without text: a scan to OCR, or a page that could not be read, is
    not checked; only a page with nothing on it is blank."""
    if images:
        result.not_checked.append(NotChecked(
            number, "a scanned page without a text layer; OCR it to check it"))
    elif not handles:
        why = unparsed(pike_page)
        if why:
            result.not_checked.append(NotChecked(number, why))


def _page(page, number: int, annots, result: PdfReading, want_text: bool, *,
          textpage=None, text: str | None = None, pike_page=None) -> None:
    """One page's failed redactions into ``result``. ``textpage`` and its
    ``text``: pdfium's text page already loaded by the caller (the import's
    extraction), used and left open, so a page is loaded once. ``pike_page``:
    the page in pikepdf, to tell a page pdfium cannot parse from a blank one."""
    import pypdfium2.raw as raw

    handles: list = []  # every page object, in drawing order
    boxes: list[tuple[int, Box, tuple[int, int, int]]] = []  # (order, bounds, colour)
    images: list[tuple[int, Box]] = []
    invisible = False
    first_text = None
    for i, (handle, kind, outer) in enumerate(_objects(page.raw)):
        handles.append(handle)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            colour = _filled_rect(handle)
            if colour is not None and luminance(colour) < 0.9:  # a white box hides nothing
                boxes.append((i, _on_page(_bounds(handle), outer), colour))
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            first_text = i if first_text is None else first_text
            if raw.FPDFTextObj_GetTextRenderMode(handle) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible = True
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images.append((i, _on_page(_bounds(handle), outer)))
    marked = _annotation_boxes(annots)
    dark = [b for _at, b, colour in boxes if luminance(colour) < DARK] + \
        [b for b, how in marked if "never applied" not in how]
    if dark:
        result.dark[number] = dark
    if not want_text:
        if first_text is None:
            _not_blank(result, number, images, handles, pike_page)
            return
        if not (boxes or marked or invisible or any(at > first_text for at, _b in images)):
            return
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if text is None or own:
            text = textpage.get_text_range() if count else ""
        if want_text:
            result.texts.append(PageText(number, text))
        if not text.strip():
            _not_blank(result, number, images, handles, pike_page)
            return
        # pdfium's text inside each box, first: a box with no text under it (a
        # correct redaction, a table's shading) costs no character look-ups.
        boxes = [b for b in boxes if textpage.get_text_bounded(*b[1]).strip()]
        marked = [m for m in marked if textpage.get_text_bounded(*m[0]).strip()]
        # An image drawn over text (a black picture pasted on it, or a scan laid
        # over its own text): whether it hides anything, the rendering says.
        images = [m for m in images if m[0] > 0 and
                  textpage.get_text_bounded(*m[1]).strip()]
        if not (boxes or marked or invisible or images):
            return
        areas = [b[1] for b in boxes] + [m[0] for m in marked] + [m[1] for m in images]
        order = {_addr(h): i for i, h in enumerate(handles)}
        chars = []  # (index, box, order, colour, invisible)
        for i in range(count):
            ch = text[i] if i < len(text) else " "
            if ch.isspace():
                continue
            cb = tuple(textpage.get_charbox(i))
            if not invisible and not any(_covered(cb, area, 0.5) for area in areas):
                continue
            handle = raw.FPDFText_GetTextObject(textpage.raw, i)
            at = order.get(_addr(handle), -1) if handle else -1
            rgb = _char_colour(textpage, i)
            hidden_mode = bool(handle) and raw.FPDFTextObj_GetTextRenderMode(handle) == \
                raw.FPDF_TEXTRENDERMODE_INVISIBLE
            chars.append((i, cb, at, rgb, hidden_mode))
        regions: list[tuple[Box, str, list[int]]] = []
        for at, box, colour in boxes:
            dark = luminance(colour) < DARK
            over = [i for i, cb, c_at, _rgb, _inv in chars if dark and at > c_at >= 0
                    and _covered(cb, box)]
            if over:
                regions.append((box, "a dark box drawn over the text", over))
            same = [i for i, cb, c_at, rgb, inv in chars if not inv and 0 <= at < c_at
                    and max(abs(a - b) for a, b in zip(rgb, colour, strict=True)) <= SAME
                    and _covered(cb, box)]
            if same:
                regions.append((box, "text in the colour of the box behind it", same))
        for box, how in marked:
            over = [i for i, cb, *_ in chars if _covered(cb, box, 0.5)]
            if over:
                regions.append((box, how, over))
        if invisible or images:
            def how(char) -> str | None:
                _i, cb, at, _rgb, inv = char
                if any(m_at > at >= 0 and _covered(cb, box) for m_at, box in images):
                    return "a dark image drawn over the text"
                return "OCR text under a blacked-out part of the scan" if inv else None

            regions += _under_black(page, chars, how)
        for box, how, indexes in regions:
            recovered = _text_of(text, indexes)
            # One character alone under a box is a diagram's label far more often
            # than a redaction (a "V" inside a filled figure in a real thesis).
            if sum(c.isalnum() for c in recovered) >= 2 and not _FILL_ONLY.match(recovered):
                result.hidden.append(Hidden(number, box, recovered, how))
    finally:
        if own:
            textpage.close()


def _on_page(bounds: Box, matrix: Matrix | None) -> Box:
    if matrix is None:
        return bounds
    x0, y0, x1, y1 = bounds
    points = [_apply(matrix, x, y) for x in (x0, x1) for y in (y0, y1)]
    return (min(p[0] for p in points), min(p[1] for p in points),
            max(p[0] for p in points), max(p[1] for p in points))


def _text_of(text: str, indexes: list[int]) -> str:
    """The characters in reading order, with the spaces between them kept."""
    indexes = sorted(set(indexes))
    out = []
    for k, i in enumerate(indexes):
        if k and i != indexes[k - 1] + 1:
            gap = text[indexes[k - 1] + 1:i]
            out.append(" " if gap.strip() == "" else " … ")
        out.append(text[i])
    return " ".join("".join(out).split())


Matrix = tuple[float, float, float, float, float, float]


def _objects(page_raw):
    """(handle, type, the matrix of the forms it is in or None), for every
    object of the page in drawing order, form XObjects' contents after the
    form: through pdfium's C calls, without a Python object per page object
    (pypdfium2's walk cost a fifth of the check)."""
    import pypdfium2.raw as raw

    def walk(count, get, outer: Matrix | None, depth: int):
        for k in range(count):
            handle = get(k)
            kind = raw.FPDFPageObj_GetType(handle)
            yield handle, kind, outer
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 15:
                m = raw.FS_MATRIX()
                raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m))
                own = (m.a, m.b, m.c, m.d, m.e, m.f)
                inner = own if outer is None else _compose(own, outer)
                yield from walk(raw.FPDFFormObj_CountObjects(handle),
                                lambda j, h=handle: raw.FPDFFormObj_GetObject(h, j),
                                inner, depth + 1)

    yield from walk(raw.FPDFPage_CountObjects(page_raw),
                    lambda j: raw.FPDFPage_GetObject(page_raw, j), None, 0)


def _compose(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first``, then ``then`` (PDF's row vectors)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then  # noqa: N806 - the PDF names
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _bounds(handle) -> Box:
    import pypdfium2.raw as raw

    v = [ctypes.c_float() for _ in range(4)]
    raw.FPDFPageObj_GetBounds(handle, *(ctypes.byref(x) for x in v))
    return (v[0].value, v[1].value, v[2].value, v[3].value)


def _filled_rect(handle) -> tuple[int, int, int] | None:
    """The fill colour of an opaque filled path whose outline is its bounding
    rectangle (an ``re`` or four lines), or None."""
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(handle, ctypes.byref(fill), ctypes.byref(stroke)) or \
            fill.value == raw.FPDF_FILLMODE_NONE:
        return None
    segments = raw.FPDFPath_CountSegments(handle)
    if segments < 4 or segments > 6:
        return None
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not raw.FPDFPageObj_GetFillColor(handle, *(ctypes.byref(v) for v in (r, g, b, a))):
        return None
    if a.value < 255:
        return None  # anything shows through
    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(m))
    matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
    x0, y0, x1, y1 = _bounds(handle)
    tol = max(1.0, 0.02 * max(x1 - x0, y1 - y0))
    for k in range(segments):
        seg = raw.FPDFPath_GetPathSegment(handle, k)
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        px, py = _apply(matrix, x.value, y.value)
        if min(abs(px - x0), abs(px - x1)) > tol or min(abs(py - y0), abs(py - y1)) > tol:
            return None  # a corner off the bounds: not a rectangle
    return (r.value, g.value, b.value)


def _char_colour(textpage, index: int) -> tuple[int, int, int]:
    import pypdfium2.raw as raw

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFText_GetFillColor(textpage.raw, index, *(ctypes.byref(v) for v in (r, g, b, a)))
    return (r.value, g.value, b.value)


def _annotation_boxes(annots) -> list[tuple[Box, str]]:
    import pikepdf

    found: list[tuple[Box, str]] = []
    if not isinstance(annots, pikepdf.Array):
        return found
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary):
            continue
        kind = str(annot.get("/Subtype", ""))
        try:
            rect = [float(v) for v in annot.get("/Rect", [])]
        except (TypeError, ValueError):
            continue
        if len(rect) != 4:
            continue
        box = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]),
               max(rect[1], rect[3]))
        if kind == "/Redact":
            found.append((box, "a redaction marked but never applied"))
            continue
        try:
            opacity = float(annot.get("/CA", 1))
        except (TypeError, ValueError):
            opacity = 1.0
        if opacity < 1:
            continue
        colour = annot.get("/IC") if kind == "/Square" else annot.get("/C")
        if kind in ("/Highlight", "/Square") and _dark_annotation_colour(colour):
            found.append((box, f"a black {kind[1:].lower()} annotation over the text"))
    return found


def _dark_annotation_colour(colour) -> bool:
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):
        return False
    if len(values) == 1:
        return values[0] < DARK
    if len(values) == 3:
        return luminance(tuple(int(v * 255) for v in values)) < DARK
    if len(values) == 4:  # CMYK
        c, m, y, k = values
        rgb = tuple(int(255 * (1 - min(1, v + k))) for v in (c, m, y))
        return luminance(rgb) < DARK
    return False


def _under_black(page, chars, how) -> list[tuple[Box, str, list[int]]]:
    """Characters ``how`` names (invisible OCR text; text under an image drawn
    after it) where the page renders black: the scan or the picture was
    blacked out, the text was not. The page is rendered at 36 dpi."""
    from PIL import ImageStat

    scale = 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    height = page.get_height()
    under = []
    for char in chars:
        i, (x0, y0, x1, y1) = char[0], char[1]
        reason = how(char)
        if reason is None:
            continue
        # A glyph's own strokes are dark: a box as wide as the line is high, around
        # the character, is dark only where the scan was blacked out.
        pad = max(0.0, (0.8 * (y1 - y0) - (x1 - x0)) / 2)
        crop = image.crop((int((x0 - pad) * scale), int((height - y1) * scale),
                           max(int((x1 + pad) * scale), int((x0 - pad) * scale) + 1),
                           max(int((height - y0) * scale), int((height - y1) * scale) + 1)))
        if ImageStat.Stat(crop).mean[0] < 0.25 * 255:
            under.append((i, (x0, y0, x1, y1), reason))
    # One region per run of characters (spaces between them allowed); a single
    # character alone is a glyph's stroke more often than a redaction.
    runs: list[list[tuple[int, Box, str]]] = []
    for i, box, reason in under:
        if runs and i - runs[-1][-1][0] <= 2 and runs[-1][-1][2] == reason:
            runs[-1].append((i, box, reason))
        else:
            runs.append([(i, box, reason)])
    regions = []
    for run in runs:
        if len(run) < 2:
            continue
        box = (min(b[0] for _i, b, _r in run), min(b[1] for _i, b, _r in run),
               max(b[2] for _i, b, _r in run), max(b[3] for _i, b, _r in run))
        regions.append((box, run[0][2], [i for i, _b, _r in run]))
    return regions
