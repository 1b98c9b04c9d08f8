"""A bundle is read as the court's system will read it before any file is
written: an exhibit whose image data is broken (an agency's bad JPEG, which the
import accepts: the page has text) once gave a bundle that `qpdf --check`
and our own preflight rejected, while the build said nothing and exited 0.

The PDF is written by hand here, byte by byte. Expected: the build stops with
one sentence naming the exhibit, exit 1, and the output folder stays empty.
"""

from __future__ import annotations

import subprocess

from tests.conftest import assert_one_clear_line, need_tool, run_cli
from tests.hostile.attacks import pdf_file


def broken_jpeg_pdf() -> bytes:
    """One page of text with one image whose DCT data is not a JPEG at all."""
    junk = b"\xff\xd8\xff\xe0" + b"this is not image data " * 40
    text = b"BT /F1 12 Tf 72 720 Td (Memorandum for the record, page 1.) Tj ET " \
           b"q 200 0 0 200 72 400 cm /Im1 Do Q"
    return pdf_file({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            b"<< /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>"),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        6: (b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % len(junk)
            + junk + b"\nendstream"),
    })


def test_a_bundle_with_a_broken_image_is_refused_naming_the_exhibit(tmp_path):
    need_tool("qpdf")
    source = tmp_path / "memo.pdf"
    source.write_bytes(broken_jpeg_pdf())
    # The premise: qpdf itself finds fault with the source (a warning, exit 3).
    checked = subprocess.run(["qpdf", "--check", str(source)], capture_output=True, text=True)
    assert checked.returncode == 3 and "jpeg" in checked.stderr.lower(), checked
    case = tmp_path / "case.casefile"
    assert run_cli("new", case).returncode == 0
    added = run_cli("add", "exhibit", case, "--set", "Rivera exhibits", "--title", "Memo",
                    "--file", source)
    assert added.returncode == 0, added.stderr
    out = tmp_path / "filing"

    result = run_cli("bundle", "build", case, "Rivera exhibits", "--out", out)

    assert_one_clear_line(result, "Ex. 1", "damaged", "print it to PDF", "Nothing was written")
    assert not out.exists() or not any(out.iterdir())
