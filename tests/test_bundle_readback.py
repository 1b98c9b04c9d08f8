"""The read-back of bundle files by ``qpdf --check`` in its own process
(``casefile.bundles.readback``), beside the build.

Fixtures: a clean one-page PDF written by hand (expected: no problem), and
the hostile tests' PDF whose image is not JPEG data (expected: qpdf's
warning about it, the same words ``structure_problems`` gives for it).
"""

from __future__ import annotations

import pikepdf

from casefile.bundles import readback
from casefile.bundles.preflight import structure_problems
from casefile.bundles.readback import ReadBack
from tests.conftest import need_tool
from tests.hostile.attacks import pdf_file
from tests.hostile.test_damaged_sources import broken_jpeg_pdf


def clean_pdf() -> bytes:
    text = b"BT /F1 12 Tf 72 720 Td (A clean page.) Tj ET"
    return pdf_file({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            b"<< /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
    })


def test_checks_run_beside_and_give_each_file_its_own_verdict(tmp_path):
    need_tool("qpdf")
    checks = ReadBack(tmp_path)
    # More files than checks run at once: the earlier ones are collected on the way.
    checks.start("a.pdf", clean_pdf())
    checks.start("b.pdf", broken_jpeg_pdf())
    checks.start("c.pdf", clean_pdf())
    found = checks.faults()
    assert found["a.pdf"] == [] and found["c.pdf"] == []
    # The same words as the check run in the foreground on the same bytes.
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken_jpeg_pdf())
    with pikepdf.open(path) as pdf:
        expected = structure_problems(path, pdf)
    assert expected and found["b.pdf"] == expected
    assert "jpeg" in " ".join(found["b.pdf"]).lower()
    checks.close()
    assert not list(tmp_path.glob("0*.pdf"))  # each checked copy removed


def test_a_stopped_build_leaves_no_check_running(tmp_path):
    need_tool("qpdf")
    checks = ReadBack(tmp_path)
    checks.start("a.pdf", clean_pdf())
    processes = [p for _n, _path, p, _log in checks.running]
    checks.close()
    assert processes and all(p.poll() is not None for p in processes)
    assert checks.running == []


def test_without_qpdf_pikepdf_checks_in_the_foreground(tmp_path, monkeypatch):
    monkeypatch.setattr(readback.shutil, "which", lambda _name: None)
    checks = ReadBack(tmp_path)
    checks.start("a.pdf", clean_pdf())
    checks.start("x.pdf", b"%PDF-1.4\nnot a pdf at all")
    found = checks.faults()
    assert found["a.pdf"] == []
    assert found["x.pdf"]  # pikepdf cannot open it: one line saying why
