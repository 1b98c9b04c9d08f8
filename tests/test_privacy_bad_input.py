"""Bad input is "not checked" with its reason, never clean (issue 19): an
encrypted PDF, a damaged one, a page whose content cannot be parsed, a
scanned page with no OCR. Through the CLI (`scan`, `scan --stored`,
`bundle preflight`) and the window.

Each PDF is made here (reportlab via tests/privacy_corpus.py, pikepdf, PIL);
what each must be reported as is written beside it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from casefile.ingest import import_files
from casefile.store import CaseFile
from tests.conftest import run_cli
from tests.privacy_corpus import personal_pdf

SSN_LINE = "Declarant's Social Security number is 219-09-9999."


def _two_pages(contents: bytes, flate: bool) -> bytes:
    """Page 1: SSN_LINE (one finding). Page 2: its content stream replaced by
    ``contents`` (flate-compressed in name only, when ``flate``)."""
    pdf = pikepdf.open(io.BytesIO(personal_pdf([SSN_LINE])))
    with pikepdf.open(io.BytesIO(personal_pdf(["A second page of plain text."]))) as other:
        pdf.pages.extend(other.pages)
        stream = pdf.make_stream(contents)
        if flate:
            stream.Filter = pikepdf.Name.FlateDecode
        pdf.pages[1].obj.Contents = stream
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _encrypted() -> bytes:
    """SSN_LINE, encrypted with a user password: not checked, 'encrypted'."""
    pdf = pikepdf.open(io.BytesIO(personal_pdf([SSN_LINE])))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out.getvalue()


def _scanned() -> bytes:
    """One page that is only a grey picture: not checked, 'scanned page' (OCR off)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (850, 1100), 128).save(out, "PDF", resolution=100.0)
    return out.getvalue()


# name → (bytes, what 'not checked' must say, the page it names or None for the file)
BAD = {
    "locked.pdf": (_encrypted(), "encrypted with a password", None),
    # Page 2's stream says FlateDecode but is not deflate data.
    "corrupt-page.pdf": (_two_pages(b"x\x9c\x01\x02 not deflate data" * 4, True),
                         "its content cannot be parsed", 2),
    # Page 2's stream is operators pdfium cannot make objects of.
    "garbled-page.pdf": (_two_pages(b"BT /F9 12 Tf 72 700 Td (Hello [[[ <<< ET q q 1 0 0 cm Do",
                                    False), "its content cannot be parsed", 2),
    "scan.pdf": (_scanned(), "a scanned page", 1),
}


@pytest.fixture(scope="module")
def bad_case(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    paths = []
    for name, (data, _why, _page) in BAD.items():
        paths.append(folder / name)
        paths[-1].write_bytes(data)
    with CaseFile.create(folder / "case.casefile") as case:
        report = import_files(case, paths, ocr=False)
        assert [r.status for r in report.results] == ["added"] * len(BAD), report.results
        return case.path


@pytest.mark.parametrize("stored", [False, True], ids=["scan", "scan --stored"])
def test_scan_reports_each_bad_file_as_not_checked_with_its_reason(bad_case, stored):
    done = run_cli("scan", bad_case, *(["--stored"] if stored else []))
    assert done.returncode == 3, done.stdout + done.stderr
    out = done.stdout
    for name, (_data, why, page) in BAD.items():
        where = f"page {page}" if page else "the file"
        assert f"{where} not checked: {why}" in out.split(name, 1)[1], (name, out)
    assert "nothing found" not in out
    if stored:
        assert "4 documents not checked" not in out  # each was checked at import


def test_preflight_calls_a_damaged_pdf_not_checked_never_clean(tmp_path):
    """The first 300 bytes of a PDF: pdfium cannot read it (the import refuses it,
    so a loose file is where it meets the check)."""
    path = tmp_path / "damaged.pdf"
    path.write_bytes(personal_pdf([SSN_LINE])[:300])
    done = run_cli("bundle", "preflight", path)
    assert done.returncode != 0, done.stdout
    assert "no personal data or text under redactions found" not in done.stdout
    assert "Traceback" not in done.stderr
    assert "damaged" in done.stdout + done.stderr


try:
    from ui.main_window import MainWindow
except ImportError:  # Qt's system libraries are missing: the CLI tests above still run
    MainWindow = None


@pytest.mark.skipif(MainWindow is None, reason="Qt cannot load here")
def test_the_window_says_not_checked_with_the_reason(bad_case, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.open_case(bad_case)
        for document_id, (name, (_data, why, _page)) in enumerate(BAD.items(), 1):
            window.show_document(document_id)
            qtbot.waitUntil(lambda: window.findings.listed, timeout=60_000)
            summary = window.findings.summary.text()
            assert why in summary and "not checked" in summary, (name, summary)
            assert "No text under redaction boxes and no personal data" not in summary
            window.worker.wait()
            qtbot.waitUntil(lambda: not window.worker.busy, timeout=60_000)
    finally:
        window.close_case()
