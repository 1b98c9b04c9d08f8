"""Small pictures of a bundle's first pages, for the window's preview.

The bundle's pages are the exhibits' own content streams, and an exhibit came
from outside: rendering them is reading a hostile file. So the window asks
for these through ``jobs.call_in_child(render, …)``, under the reading
limits, and turns the bytes into images itself (this module knows no Qt).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Thumbnail:
    width: int
    height: int
    stride: int
    rgb: bytes  # 8-bit RGB rows of ``stride`` bytes
    label: str  # the page's label ("ii", "Ex. A-1") or its number


def render(pdf: Path, count: int, box: tuple[int, int]) -> list[Thumbnail]:
    """The first ``count`` pages of ``pdf``, each fitted into ``box`` (width, height in
    pixels), with their page labels."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        found = []
        for n in range(min(count, len(doc))):
            page = doc[n]
            scale = min(box[0] / page.get_width(), box[1] / page.get_height())
            bitmap = page.render(scale=scale, rev_byteorder=True)
            found.append(Thumbnail(bitmap.width, bitmap.height, bitmap.stride,
                                   bytes(bitmap.buffer), doc.get_page_label(n) or str(n + 1)))
            page.close()
        return found
    finally:
        doc.close()
