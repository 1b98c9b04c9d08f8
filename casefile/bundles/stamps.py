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

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfbase.pdfmetrics import stringWidth

FONT = "/CasefileHelv"
FONT_BOLD = "/CasefileHelvB"
POSITIONS = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center",
             "bottom-right")
EDGE = 14.0  # points from the displayed edge to the text's baseline (bottom) or top


@dataclass(frozen=True)
class Mark:
    text: str
    position: str  # one of POSITIONS
    size: float = 9.0
    bold: bool = False
    boxed: bool = False  # a ruled box around it (the exhibit stamp)


class Stamper:
    """Stamps the pages of one output PDF; holds the shared fonts and opening streams."""

    def __init__(self, pdf: pikepdf.Pdf, shrink: float = 1.0):
        self.pdf = pdf
        self.shrink = shrink
        self.fonts = {FONT: self._font("Helvetica"), FONT_BOLD: self._font("Helvetica-Bold")}
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
            self.openings[key] = self.pdf.make_stream(data)
        return self.openings[key]

    def stamp(self, page: pikepdf.Dictionary, marks: list[Mark], hidden_text: bytes = b"") -> None:
        """Wrap the page's content in q … Q and draw ``marks`` after it.

        ``hidden_text`` (OCR's invisible words, in displayed coordinates of
        the page as it was) is drawn shrunk with the page, under the marks.
        """
        box = page.get("/CropBox", page.get("/MediaBox"))
        x0, y0, x1, y1 = (float(v) for v in box)
        rotate = int(page.get("/Rotate", 0)) % 360
        width, height = x1 - x0, y1 - y0
        shown_w, shown_h = (height, width) if rotate in (90, 270) else (width, height)
        ops: list[bytes] = [b"Q\nQ\n" if self.shrink != 1.0 else b"Q\n"]
        ops.append(b"q " + _to_user(rotate, x0, y0, width, height).encode() + b" cm\n")
        if hidden_text:
            s = self.shrink
            ops.append(f"q {s:.4f} 0 0 {s:.4f} {(1 - s) * shown_w / 2:.3f} "
                       f"{(1 - s) * shown_h / 2:.3f} cm\n".encode() + hidden_text + b"Q\n")
        for mark in marks:
            ops.append(_draw(mark, shown_w, shown_h))
        ops.append(b"Q\n")
        last = self.pdf.make_stream(b"".join(ops))
        contents = page.get("/Contents")
        if contents is None:
            existing: list = []
        elif isinstance(contents, Array):
            existing = list(contents)
        else:
            existing = [contents]
        page.Contents = Array([self._opening(x0 + width / 2, y0 + height / 2), *existing, last])
        self._add_fonts(page)

    def _add_fonts(self, page: pikepdf.Dictionary) -> None:
        if "/Resources" not in page:
            page.Resources = Dictionary()
        resources = page.Resources
        if "/Font" not in resources:
            resources.Font = Dictionary()
        fonts = resources.Font
        for name, ref in self.fonts.items():
            if name not in fonts:  # shared dictionaries gain the fonts once
                fonts[name] = ref


def _to_user(rotate: int, x0: float, y0: float, w: float, h: float) -> str:
    """The matrix from displayed coordinates (origin bottom-left, upright) to user space."""
    if rotate == 90:
        return f"0 1 -1 0 {x0 + w:.3f} {y0:.3f}"
    if rotate == 180:
        return f"-1 0 0 -1 {x0 + w:.3f} {y0 + h:.3f}"
    if rotate == 270:
        return f"0 -1 1 0 {x0:.3f} {y0 + h:.3f}"
    return f"1 0 0 1 {x0:.3f} {y0:.3f}"


def text_width(text: str, size: float, bold: bool = False) -> float:
    return stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", size)


def _draw(mark: Mark, shown_w: float, shown_h: float) -> bytes:
    width = text_width(mark.text, mark.size, mark.bold)
    pad = 4.0 if mark.boxed else 0.0
    vertical, horizontal = mark.position.split("-")
    margin = EDGE + pad
    if horizontal == "left":
        x = margin
    elif horizontal == "right":
        x = shown_w - margin - width
    else:
        x = (shown_w - width) / 2
    y = shown_h - margin - mark.size * 0.75 if vertical == "top" else margin
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
