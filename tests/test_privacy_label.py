"""A redaction box labelled with its exemption or rule, if the user wants: the
label in white on the box, small type that fits, left off a box too small
for it; pdftotext reads the region back as the label and nothing else.

The PDFs are tests/privacy_corpus.py's (reportlab): 'Maria Gonzalez' under a
black box drawn after it at x 217, y 695, 90 points wide, 16 high, on a US
Letter page (792 points high); and PAGE's SSN 219-09-9999.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from casefile.ingest.batch import add_document
from casefile.privacy.redact import label_fit
from casefile.privacy.versions import versions
from casefile.store import CaseFile, blobs
from tests.conftest import need_tool, run_cli
from tests.privacy_corpus import _text_then_box, personal_pdf

SECRET = "Maria Gonzalez"
BOX = (217.0, 695.0, 307.0, 711.0)  # the black box over SECRET, in points
PAGE_HEIGHT = 792


def _region(path: Path, box, page: int = 1) -> str:
    """pdftotext of the box alone (its -x -y -W -H are from the top left, at 72 dpi)."""
    need_tool("pdftotext")
    x0, y0, x1, y1 = box
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-r", "72", "-x", str(int(x0)),
         "-y", str(int(PAGE_HEIGHT - y1)), "-W", str(int(x1 - x0 + 1)),
         "-H", str(int(y1 - y0 + 1)), str(path), "-"],
        capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def _whole(path: Path) -> tuple[str, bytes]:
    need_tool("pdftotext")
    need_tool("qpdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = path.with_suffix(".qdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(flat)],
                   check=True)
    return text, flat.read_bytes()


def test_the_label_fits_its_box_or_is_left_off():
    size, x, y = label_fit(BOX, "(b)(6)")
    assert 4 <= size <= 9 and BOX[0] < x and BOX[1] < y < BOX[3]
    assert label_fit((100, 100, 112, 103), "(b)(7)(C)") is None  # 12 x 3 points: no room
    assert label_fit(BOX, "   ") is None


def test_a_loose_file_redacted_with_a_label_reads_back_as_the_label_only(tmp_path):
    source = tmp_path / "boxed.pdf"
    source.write_bytes(_text_then_box(SECRET, (0, 0, 0)))
    assert SECRET in _region(source, BOX)  # the failed redaction, before
    out = tmp_path / "out.pdf"
    done = run_cli("redact", source, "--out", out, "--label", "(b)(6)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _region(out, BOX) == "(b)(6)"
    text, flat = _whole(out)
    assert "Gonzalez" not in text and b"Gonzalez" not in flat
    assert "(b)(6)" in text
    # The new file's own check does not take its white label for hidden text.
    done = run_cli("bundle", "preflight", out)
    assert "text under a redaction" not in done.stdout, done.stdout


def test_a_box_too_small_for_its_label_is_plain_black(tmp_path):
    source = tmp_path / "boxed.pdf"
    source.write_bytes(_text_then_box(SECRET, (0, 0, 0)))
    out = tmp_path / "out.pdf"
    small = "1:200,690,206,694"  # 6 x 4 points, beside the text
    done = run_cli("redact", source, "--out", out, "--box", small, "--label", "(b)(7)(C)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _region(out, (200, 690, 206, 694)) == ""
    assert "(b)(7)(C)" not in _whole(out)[0]


def test_a_case_document_labelled_with_its_reason(new_case, tmp_path):
    path = tmp_path / "decl.pdf"
    path.write_bytes(personal_pdf(["Declarant's Social Security number is 219-09-9999."]))
    with CaseFile.open(new_case) as case, case.transaction() as s:
        add_document(s, path, ocr=False)
    done = run_cli("redact", new_case, "decl.pdf", "--label")
    assert done.returncode == 1 and "Name the label" in done.stderr
    done = run_cli("redact", new_case, "decl.pdf", "--findings", "--reason", "FRCP 5.2(a)(1)",
                   "--label")
    assert done.returncode == 0, done.stdout + done.stderr
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        [version] = versions(s, 1)
        [logged] = version.redactions
        box = (logged.x0, logged.y0, logged.x1, logged.y1)
        out = tmp_path / "v2.pdf"
        out.write_bytes(blobs.read_bytes(s, version.blob_id))
    text, flat = _whole(out)
    assert "219-09-9999" not in text and b"219-09-9999" not in flat
    # The SSN's box (a line of 12-point type, 11 digits wide) takes the reason, fitted.
    assert label_fit(box, "FRCP 5.2(a)(1)") is not None
    assert _region(out, box) == "FRCP 5.2(a)(1)"
