"""A text layer for scanned exhibit pages, where Tesseract is installed.

The page is rendered with pdfium, Tesseract finds its words and their boxes
(TSV), and each word is written as invisible text (render mode 3) over the
image, scaled to its box: the page looks the same and can be searched and
copied, as courts that require text-searchable PDFs expect.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from casefile import leftovers, limits
from casefile.bundles.stamps import FONT, pdf_string, text_width
from casefile.errors import InputError

DPI = 300


@dataclass
class Word:
    text: str
    x: float  # displayed page, points, origin bottom left
    y: float
    width: float
    height: float


def available() -> bool:
    from casefile.ingest.extract import tesseract

    return tesseract() is not None


def words(pdf_bytes: bytes, page_index: int, name: str = "The exhibit") -> list[Word]:
    """Tesseract's words on one page, in displayed-page points.

    A page pdfium cannot render (qpdf opened the file, pdfium does not) stops
    the build with a sentence naming the exhibit (``name``), not a traceback.
    """
    import pypdfium2 as pdfium

    from casefile.ingest.extract import image_too_large, tesseract

    try:
        doc = pdfium.PdfDocument(pdf_bytes)
        try:
            page = doc[page_index]
            shown_h = page.get_height()  # pdfium reports the displayed (rotated) size
            # A page of any size renders to at most limits.PIXELS: a 200-inch
            # page at 300 dpi would be 3.6e9 pixels.
            bomb = image_too_large(page)
            if bomb:
                raise InputError(f"{name}, page {page_index + 1} cannot be read by OCR: {bomb}. "
                                 "Nothing was written.")
            width, height = page.get_size()
            dpi = min(DPI, 72 * (limits.PIXELS / max(1.0, width * height)) ** 0.5)
            image = page.render(scale=dpi / 72).to_pil()
            page.close()
        finally:
            doc.close()
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}, page {page_index + 1}: the page cannot be rendered to read "
                         f"it by OCR ({exc}); the PDF is damaged: print it to PDF again and "
                         "replace the exhibit. Nothing was written.") from None
    with leftovers.scratch_dir("ocr") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        done = subprocess.run([tesseract(), str(png), "stdout", "-l", "eng", "--psm", "3",
                               "tsv"], capture_output=True, timeout=300)
    if done.returncode != 0:
        return []
    found = []
    scale = 72 / dpi
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or not cols[11].strip() or cols[0] != "5":
            continue
        left, top, w, h = (int(c) for c in cols[6:10])
        found.append(Word(cols[11].strip(), left * scale, shown_h - (top + h) * scale,
                          w * scale, h * scale))
    return found


def invisible_text(found: list[Word]) -> bytes:
    """Content operators drawing ``found`` invisibly, in displayed-page coordinates."""
    out = [b"BT 3 Tr\n"]
    for w in found:
        size = max(1.0, w.height)
        natural = text_width(w.text, size)
        stretch = 100.0 * w.width / natural if natural else 100.0
        out.append(f"{FONT} {size:.1f} Tf {stretch:.1f} Tz 1 0 0 1 {w.x:.2f} "
                   f"{w.y + w.height * 0.2:.2f} Tm (".encode() + pdf_string(w.text)
                   + b") Tj\n")
    out.append(b"ET\n")
    return b"".join(out)
