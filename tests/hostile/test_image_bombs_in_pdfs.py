"""An image inside a PDF that declares more pixels than a page can have is never
rendered: pdfium decodes an image whole whatever the render scale, so a page of
a few kilobytes declaring 40,000 x 40,000 pixels took 1.9 GB to OCR.

The PDFs are written by hand here, byte by byte, sharing nothing with the code
under test. Expected: the import keeps the file (its text layer, if any, is
read; no page is OCR'd that holds such an image) and says which page was not
read; a bundle build stops with a sentence naming the exhibit and the page.
"""

from __future__ import annotations

import zlib

import pytest

from casefile.ingest import import_files
from casefile.ingest.worker import Reader
from casefile.store import CaseFile
from tests.conftest import need_tool
from tests.hostile.attacks import pdf_file

SIDE = 40_000  # 1.6e9 pixels, 16 times the 100-megapixel limit


def image_bomb_pdf(side: int = SIDE) -> bytes:
    """One page of no text whose only content paints one ``side`` x ``side``
    grey image; the image stream is the Flate of one row, so the file is small
    and the image, decoded, would be ``side``² bytes."""
    row = zlib.compress(b"\x00" * side, 9)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"),
        5: (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (side, side, len(row)) + row + b"\nendstream"),
    }
    paint = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objects[4] = b"<< /Length %d >>\nstream\n" % len(paint) + paint + b"\nendstream"
    return pdf_file(objects)


def test_a_pdf_page_with_a_gigapixel_image_is_not_ocrd_and_the_import_says_so(new_case,
                                                                             tmp_path):
    need_tool("tesseract")
    bomb = tmp_path / "scan.pdf"
    bomb.write_bytes(image_bomb_pdf())
    with CaseFile.open(new_case) as case, Reader() as reader:
        report = import_files(case, [bomb], reader=reader)
    result = report.results[0]
    assert result.status == "added", result
    assert result.notes == ["page 1 was not read by OCR: the image is 40,000 x 40,000 pixels, "
                            "more than the 100 megapixels a scanned page can have "
                            "(an image bomb?)"]


def test_ocr_in_a_bundle_refuses_a_gigapixel_image_naming_the_exhibit_and_page():
    from casefile.bundles import ocr
    from casefile.errors import InputError

    with pytest.raises(InputError, match=r"^Ex\. 2 \(scan\.pdf\), page 1 cannot be read by OCR: "
                                         r"the image is 40,000 x 40,000 pixels"):
        ocr.words(image_bomb_pdf(), 0, "Ex. 2 (scan.pdf)")


def test_an_ordinary_scanned_page_is_still_ocrd(new_case, tmp_path):
    # The guard must not stop OCR of a real scan: a 2,550 x 3,300 page (letter
    # at 300 dpi) is 8.4 megapixels, well inside the limit.
    need_tool("tesseract")
    from PIL import Image, ImageDraw

    picture = Image.new("L", (2550, 3300), 255)
    ImageDraw.Draw(picture).text((300, 300), "RELEASED IN PART", fill=0, font_size=120)
    scan = tmp_path / "scan.pdf"
    picture.save(scan, "PDF", resolution=300)
    with CaseFile.open(new_case) as case, Reader() as reader:
        report = import_files(case, [scan], reader=reader)
    result = report.results[0]
    assert result.status == "added", result
    assert result.notes == ["1 page read by OCR"], result
