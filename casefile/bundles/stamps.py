"""Stamps written straight into a page's content stream.

No overlay page is merged (a generated overlay per page was 5x slower, and
quadratic where pages share one resources dictionary): each page gets a
``q`` before its own content and a ``Q`` plus a few text operators after it,
in one small compressed stream. One Helvetica font object serves every page;
a resources dictionary shared by many pages gains it once.

Positions are in the page as it is displayed: a page with ``/Rotate 90`` is
stamped along its displayed bottom edge, upright. ``shrink`` scales the
page's own content about its centre to clear a band at the edges for the
stamps, so they never cover the agency's Bates numbers or exemption markings.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT = "/CasefileHelv"
FONT_BOLD = "/CasefileHelvB"
SERIF, SERIF_BOLD = "/CasefileTimes", "/CasefileTimesB"  # for the slip sheets
# No ink nearer the displayed edge than 3/8 in. (27 pt): many office printers
# cannot print the outer quarter inch or so, and a Bates number clipped off a
# printed copy is lost (0.17 in., as it was, was clipped). A court profile may
# ask for more (``Profile.margin_pt``), never less.
MIN_EDGE = 27.0
# Helvetica's reach above and below the baseline, per point of size: accented
# capitals ("É") rise to about 0.93, descenders ("p", "g") fall to about 0.22.
_ASCENT, _DESCENT = 0.93, 0.22


@dataclass(frozen=True)
class Mark:
    text: str
    position: str  # one of POSITIONS
    size: float = 9.0
    bold: bool = False
    boxed: bool = False  # a ruled box around it (the exhibit stamp)


class Stamper:
    """Stamps the pages of one output PDF; holds the shared fonts and opening streams."""

    def __init__(self, pdf: pikepdf.Pdf, shrink: float = 1.0, edge: float = MIN_EDGE):
        self.pdf = pdf
        self.shrink = shrink
        self.edge = max(MIN_EDGE, edge)  # the least distance from any edge to a mark's ink
        self.fonts = {FONT: self._font("Helvetica"), FONT_BOLD: self._font("Helvetica-Bold"),
                      SERIF: self._font("Times-Roman"), SERIF_BOLD: self._font("Times-Bold")}
        self.fonted: set[tuple[int, int]] = set()  # resources dictionaries already given them
        self.geometry: dict[tuple[bytes, int], tuple] = {}
        self.openings: dict[tuple[float, float], pikepdf.Object] = {}

    def _font(self, base: str) -> pikepdf.Object:
        return self.pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/" + base),
            Encoding=Name.WinAnsiEncoding))

    def _opening(self, cx: float, cy: float) -> pikepdf.Object:
        """'q' (and the shrink about the page's centre), one stream per page size."""
        key = (round(cx, 3), round(cy, 3))
        if key not in self.openings:
            data = b"q\n"
            if self.shrink != 1.0:
                s = self.shrink
                data += f"q {s:.4f} 0 0 {s:.4f} {cx - s * cx:.3f} {cy - s * cy:.3f} cm\n".encode()
            self.openings[key] = flate_stream(self.pdf, data)
        return self.openings[key]

    def stamp(self, page: pikepdf.Dictionary, marks: list[Mark], hidden_text: bytes = b"") -> None:
        """Wrap the page's content in q … Q and draw ``marks`` after it.

        ``hidden_text`` (OCR's invisible words, in displayed coordinates of
        the page as it was) is drawn shrunk with the page, under the marks.
        """
        box = page.get("/CropBox", page.get("/MediaBox"))
        rotate = int(page.get("/Rotate", 0)) % 360
        key = (box.unparse(), rotate)  # pages of one size share their geometry
        geometry = self.geometry.get(key)
        if geometry is None:
            x0, y0, x1, y1 = (float(v) for v in box)
            width, height = x1 - x0, y1 - y0
            shown = (height, width) if rotate in (90, 270) else (width, height)
            geometry = (shown, b"q " + _to_user(rotate, x0, y0, width, height).encode()
                        + b" cm\n", self._opening(x0 + width / 2, y0 + height / 2),
                        (x0 + width / 2, y0 + height / 2))
            self.geometry[key] = geometry
        (shown_w, shown_h), to_user, opening, centre = geometry
        if self.shrink != 1.0 and "/Annots" in page:
            _shrink_annotations(page, centre, self.shrink)
        ops: list[bytes] = [b"Q\nQ\n" if self.shrink != 1.0 else b"Q\n"]
        ops.append(to_user)
        if hidden_text:
            s = self.shrink
            ops.append(f"q {s:.4f} 0 0 {s:.4f} {(1 - s) * shown_w / 2:.3f} "
                       f"{(1 - s) * shown_h / 2:.3f} cm\n".encode() + hidden_text + b"Q\n")
        for mark in marks:
            ops.append(_draw(mark, shown_w, shown_h, self.edge))
        ops.append(b"Q\n")
        last = flate_stream(self.pdf, b"".join(ops))
        contents = page.get("/Contents")
        if isinstance(contents, Array):
            contents.insert(0, opening)
            contents.append(last)
        else:
            page.Contents = Array([opening, contents, last] if contents is not None
                                  else [opening, last])
        self._add_fonts(page)

    def slip_sheet(self, label: str, title: str, size=(612.0, 792.0)) -> pikepdf.Dictionary:
        """A page saying "EXHIBIT A" and, smaller, its title: drawn here, not by
        ReportLab, which took a tenth of a 200-exhibit build."""
        from reportlab.lib.utils import simpleSplit

        w, h = size
        ops = [b"BT 0 g\n"]
        text = label.upper()
        x = (w - stringWidth(text, "Times-Bold", 28)) / 2
        ops.append(f"{SERIF_BOLD} 28 Tf 1 0 0 1 {x:.2f} {h / 2 + 20:.2f} Tm (".encode()
                   + pdf_string(text) + b") Tj\n")
        for i, line in enumerate(simpleSplit(title, "Times-Roman", 12, w - 216)[:6]):
            x = (w - stringWidth(line, "Times-Roman", 12)) / 2
            ops.append(f"{SERIF} 12 Tf 1 0 0 1 {x:.2f} {h / 2 - 14 - 16 * i:.2f} Tm (".encode()
                       + pdf_string(line) + b") Tj\n")
        ops.append(b"ET\n")
        page = self.pdf.make_indirect(Dictionary(
            Type=Name.Page, MediaBox=Array([0, 0, w, h]),
            Resources=Dictionary(Font=Dictionary({n: self.fonts[n]
                                                  for n in (SERIF, SERIF_BOLD)})),
            Contents=flate_stream(self.pdf, b"".join(ops))))
        return page

    def _add_fonts(self, page: pikepdf.Dictionary) -> None:
        if "/Resources" not in page:
            page.Resources = Dictionary()
        resources = page.Resources
        if resources.is_indirect:  # shared by many pages: once is enough
            if resources.objgen in self.fonted:
                return
            self.fonted.add(resources.objgen)
        if "/Font" not in resources:
            resources.Font = Dictionary()
        fonts = resources.Font
        for name in (FONT, FONT_BOLD):  # the marks' fonts; slip sheets carry their own
            if name not in fonts:
                fonts[name] = self.fonts[name]


def _shrink_annotations(page: pikepdf.Dictionary, centre: tuple[float, float],
                        s: float) -> None:
    """Links and highlights follow their page's content as it is scaled."""
    cx, cy = centre
    for annot in page.Annots:
        for key in ("/Rect", "/QuadPoints"):
            if key in annot:
                values = [float(v) for v in annot[key]]
                annot[key] = Array([(cx if i % 2 == 0 else cy) + s * (v - (cx if i % 2 == 0
                                                                          else cy))
                                    for i, v in enumerate(values)])


def flate_stream(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """A stream compressed here: saving with qpdf's own compression of new streams cost
    0.75 s per 5,000 pages (it decodes and re-encodes every stream it copies)."""
    # A small window and hash for a small stream: zlib's default (32 KB window,
    # memLevel 8) spends more time setting up its tables than compressing a
    # stamp's few hundred bytes (0.57 s against 0.06 s per 5,000 stamps); any
    # window is valid Flate, and the output is within a few bytes.
    bits = 15 if len(data) > 4096 else 12
    packer = zlib.compressobj(6, zlib.DEFLATED, bits, 8 if bits == 15 else 2)
    stream = pikepdf.Stream(pdf, packer.compress(data) + packer.flush())  # raw, compressed
    stream.Filter = Name.FlateDecode
    return stream


def _to_user(rotate: int, x0: float, y0: float, w: float, h: float) -> str:
    """The matrix from displayed coordinates (origin bottom-left, upright) to user space."""
    if rotate == 90:
        return f"0 1 -1 0 {x0 + w:.3f} {y0:.3f}"
    if rotate == 180:
        return f"-1 0 0 -1 {x0 + w:.3f} {y0 + h:.3f}"
    if rotate == 270:
        return f"0 -1 1 0 {x0:.3f} {y0 + h:.3f}"
    return f"1 0 0 1 {x0:.3f} {y0:.3f}"


_WIDTHS: dict[bool, list[int]] = {}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` in Helvetica: a table sum (ReportLab's
    stringWidth runs in pure Python here, a third of the stamping time)."""
    if bold not in _WIDTHS:
        _WIDTHS[bold] = [int(stringWidth(bytes([c]).decode("cp1252", "replace"),
                                         "Helvetica-Bold" if bold else "Helvetica", 1000))
                         for c in range(256)]
    table = _WIDTHS[bold]
    return sum(map(table.__getitem__, text.encode("cp1252", "replace"))) * size / 1000


def _draw(mark: Mark, shown_w: float, shown_h: float, edge: float = MIN_EDGE) -> bytes:
    """The operators drawing ``mark``, its ink (text, and box) at least ``edge``
    points inside every edge of the displayed page."""
    width = text_width(mark.text, mark.size, mark.bold)
    pad = 4.0 if mark.boxed else 0.0
    stroke = 0.8 if mark.boxed else 0.0  # the box's line is centred on its path
    vertical, horizontal = mark.position.split("-")
    side = edge + pad + stroke
    if horizontal == "left":
        x = side
    elif horizontal == "right":
        x = shown_w - side - width
    else:
        x = (shown_w - width) / 2
    # The box (when there is one) is drawn from 0.75 of the size above the baseline.
    below = max(_DESCENT * mark.size, pad + stroke)
    above = max(_ASCENT * mark.size, mark.size * 0.75 + pad + stroke)
    y = shown_h - edge - above if vertical == "top" else edge + below
    out = []
    if mark.boxed:
        out.append(f"0.8 w {x - pad:.2f} {y - pad:.2f} {width + 2 * pad:.2f} "
                   f"{mark.size * 0.75 + 2 * pad:.2f} re S\n".encode())
    font = FONT_BOLD if mark.bold else FONT
    out.append(f"0 g BT {font} {mark.size:g} Tf {x:.2f} {y:.2f} Td (".encode()
               + pdf_string(mark.text) + b") Tj ET\n")
    return b"".join(out)


def pdf_string(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
