"""Names from outside cannot forge a line or drive the terminal.

A file's name is written by whoever made the file. A newline in one forged a
line of the import report ("added FAKE-SEALED-ORDER.pdf (99 pages)"), and
ANSI escapes in names reached the terminal. Every name shown goes through
``casefile.display.shown``; these tests look at what the user sees.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from casefile.display import shown
from tests.conftest import assert_one_clear_line, run_cli
from tests.hostile.attacks import deep_page_tree_pdf

FORGED = "x\nadded      FAKE-SEALED-ORDER.pdf (99 pages)"
ESCAPES = "\x1b[2J\x1b[31mred"
BIDI = "invoice\u202efdp.exe"  # shows as "invoiceexe.pdf" unescaped

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="Windows file names cannot hold these characters")


@pytest.mark.parametrize("name,expected", [
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\r\\nb"),
    ("tab\there", "tab\\there"),
    ("\x1b[31mred", "\\x1b[31mred"),
    ("del\x7f", "del\\x7f"),
    ("c1\x85next", "c1\\x85next"),  # NEL: a line break to some terminals
    ("gpj\u202eexe.pdf", "gpj\\u202eexe.pdf"),
    ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
    ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
    ("line\u2028sep", "line\\u2028sep"),
    ("bad\udcffbyte", "bad\\udcffbyte"),  # an undecodable byte from the file system
    ("\u200dlead", "\\u200dlead"),  # a joiner that joins nothing hides a difference
    ("trail\u200c.pdf", "trail\\u200c.pdf"),
])
def test_shown_writes_every_invisible_or_controlling_character_as_a_visible_escape(
        name, expected):
    assert shown(name) == expected


@pytest.mark.parametrize("name", ["Letter from ICE (2020-03-01).pdf", "Résumé – Señor Müller.pdf",
                                  "会議メモ.pdf", "عربى.pdf", "a\\b.pdf",
                                  # Persian spells "mi-khaham" with a non-joiner between
                                  # letters; emoji families join with U+200D.
                                  "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.pdf",
                                  "\U0001f469\u200d\U0001f467.pdf", "co\u00adoperate.pdf"])
def test_shown_leaves_ordinary_names_as_they_are(name):
    assert shown(name) == name


def _pdf(path: Path) -> Path:
    """A one-page PDF written by hand. Expected: imported as 1 page."""
    text = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
               b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _case(tmp_path: Path) -> Path:
    done = run_cli("new", tmp_path / "case.casefile")
    assert done.returncode == 0, done.stderr
    return tmp_path / "case.casefile"


def _assert_clean(text: str) -> None:
    for bad in ("\x1b", "\u202e", "\r", "\x85"):
        assert bad not in text, (bad, text)


def test_a_file_name_cannot_forge_a_line_of_the_import_report(tmp_path):
    case = _case(tmp_path)
    files = tmp_path / "in"
    files.mkdir()
    _pdf(files / f"{FORGED}.pdf")
    _pdf(files / f"{ESCAPES}.pdf").write_bytes((files / f"{FORGED}.pdf").read_bytes() + b"\n")
    (files / f"{BIDI}.txt").write_text("A note.")
    done = run_cli("import", case, *sorted(files.iterdir()))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # One line per file and the summary: three files, no more lines than that.
    assert len(lines) == 4, lines
    assert not any(line.startswith("added      FAKE") for line in lines), lines
    assert any("x\\nadded      FAKE-SEALED-ORDER.pdf (99 pages).pdf (1 page)" in line
               for line in lines), lines
    _assert_clean(done.stdout + done.stderr)


def test_a_zip_member_name_cannot_forge_a_line_or_reach_the_terminal(tmp_path):
    case = _case(tmp_path)
    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"{FORGED}.txt", "One.")
        z.writestr(f"{ESCAPES}.txt", "Two.")
        z.writestr(f"../{FORGED}.txt", "Three: refused, its path climbs out.")
    done = run_cli("import", case, archive)
    lines = done.stdout.splitlines()
    assert len(lines) == 4, lines
    assert sum(line.startswith("added") for line in lines) == 2
    assert sum(line.startswith("failed") for line in lines) == 1
    _assert_clean(done.stdout + done.stderr)


def test_an_error_naming_a_hostile_file_is_one_line_without_escapes(tmp_path):
    case = _case(tmp_path)
    bad = tmp_path / f"{FORGED}\x1b[31m.pdf"
    # Refused (pdfium cannot load its page), in a sentence naming it. 1,000 deep
    # was refused by the old page count of `add exhibit`; the import reads it.
    bad.write_bytes(deep_page_tree_pdf(100_000))
    done = run_cli("add", "exhibit", case, "--set", "Exhibits", "--title", "Bad",
                   "--file", bad)
    assert_one_clear_line(done, "x\\nadded      FAKE-SEALED-ORDER.pdf (99 pages)\\x1b[31m.pdf",
                          "page tree")
    _assert_clean(done.stderr)


def test_listed_document_names_are_escaped(tmp_path):
    case = _case(tmp_path)
    source = _pdf(tmp_path / f"{ESCAPES}{BIDI}.pdf")
    assert run_cli("import", case, source).returncode == 0
    done = run_cli("list", "documents", case)
    assert done.returncode == 0, done.stderr
    assert "\\x1b[2J\\x1b[31mred" in done.stdout
    _assert_clean(done.stdout)
