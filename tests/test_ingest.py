"""Ingest: every kind of file goes in, is read page by page, and bad files are
reported one line each while the batch goes on."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile.ingest import import_files
from casefile.ingest.extract import Unreadable
from casefile.ingest.worker import Reader
from casefile.sample_pdfs import ProducedPage, production_pdf, text_pdf
from casefile.store import CaseFile
from casefile.store.check import problems
from casefile.store.models import (
    Blob,
    Correspondence,
    Direction,
    Document,
    DocumentPage,
)
from tests.conftest import CORPUS, need_tool, unavailable


@pytest.fixture
def case(fresh_case):
    """A new case on each backend: every ingest test here runs on a case file and on a
    server (issue 20)."""
    return fresh_case


@pytest.fixture(scope="module")
def reader():
    with Reader() as r:
        yield r


def _pages(case, document_id):
    with case.reading() as s:
        return s.execute(select(DocumentPage.page_no, DocumentPage.text, DocumentPage.bates,
                                DocumentPage.has_text_layer, DocumentPage.ocr)
                         .where(DocumentPage.document_id == document_id)
                         .order_by(DocumentPage.page_no)).all()


def _release(tmp_path, first=345, count=4) -> Path:
    pages = [ProducedPage(f"ICE-2020-{n:06d}", f"Memo {n}", [f"BORTAC paragraph on page {n}."])
             for n in range(first, first + count)]
    path = tmp_path / "release.pdf"
    path.write_bytes(production_pdf(pages))
    return path


def test_a_pdf_is_stored_read_page_by_page_with_its_bates_numbers(case, tmp_path, reader):
    report = import_files(case, [_release(tmp_path)], reader=reader)
    result = report.results[0]
    assert result.status == "added" and result.pages == 4
    assert "Bates ICE-2020-000345 to ICE-2020-000348" in result.notes
    pages = _pages(case, result.document_id)
    assert [p.bates for p in pages] == [f"ICE-2020-{n:06d}" for n in range(345, 349)]
    assert "BORTAC paragraph on page 346" in pages[1].text
    assert all(p.has_text_layer for p in pages)
    with case.reading() as s:
        assert s.get(Document, result.document_id).page_count == 4
    assert problems(case) == []


def test_a_scanned_page_is_flagged_and_read_by_ocr(case, tmp_path, reader):
    need_tool("tesseract")
    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("L", (1700, 600), 255)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=64)
    draw.text((80, 200), "OPERATION PALLADIUM TARGET LIST", fill=0, font=font)
    scan = tmp_path / "scan.pdf"
    picture.save(scan, "PDF", resolution=200)  # an image-only PDF: no text layer
    result = import_files(case, [scan], reader=reader).results[0]
    assert result.status == "added", result.line()
    page = _pages(case, result.document_id)[0]
    assert page.has_text_layer is False and page.ocr is True
    assert "PALLADIUM" in page.text.upper()
    assert "1 page read by OCR" in result.notes


def test_without_ocr_a_scanned_page_is_flagged_not_read(case, tmp_path, reader):
    from PIL import Image

    scan = tmp_path / "scan.png"
    Image.new("L", (200, 100), 255).save(scan)
    result = import_files(case, [scan], ocr=False, reader=reader).results[0]
    assert result.status == "added"
    assert result.notes == ["1 page has no text (OCR was turned off)"]
    page = _pages(case, result.document_id)[0]
    assert (page.has_text_layer, page.ocr, page.text) == (False, False, "")


def test_word_and_text_files_are_read(case, tmp_path, reader):
    import docx

    word = docx.Document()
    word.add_paragraph("Declaration of counsel about the BORTAC deployment.")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Entry 7"
    table.rows[0].cells[1].text = "(b)(7)(E)"
    word_path = tmp_path / "declaration.docx"
    word.save(word_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("Call with AUSA.\fSecond page: meet and confer.", encoding="utf-8")
    results = import_files(case, [word_path, notes], reader=reader).results
    assert [r.status for r in results] == ["added", "added"]
    word_text = _pages(case, results[0].document_id)[0].text
    assert "BORTAC deployment" in word_text and "Entry 7\t(b)(7)(E)" in word_text
    assert [p.text for p in _pages(case, results[1].document_id)] == [
        "Call with AUSA.", "Second page: meet and confer."]


def _email(tmp_path, name, subject, body, *, reply_to=None, attachment=None, sender=None):
    message = EmailMessage()
    message["From"] = sender or "ICE FOIA <ice-foia@ice.dhs.gov>"
    message["To"] = "Alex Rivera <arivera@example.org>"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(2020, 7, 2, 14, 30, tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain="ice.dhs.gov")
    if reply_to:
        message["In-Reply-To"] = reply_to
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment[1], maintype="application", subtype="pdf",
                               filename=attachment[0])
    path = tmp_path / name
    path.write_bytes(bytes(message))
    return path, message["Message-ID"]


def test_an_email_becomes_a_letter_with_its_attachments_linked_and_threaded(case, tmp_path,
                                                                            reader):
    from casefile.matter import add_agency
    from casefile.requests import add_request

    with case.transaction() as s:
        ice = add_agency(s, "ICE", "ICE")
        add_request(s, ice, "IDP", "Palladium", tracking_no="2020-ICFO-12345")
    letter_pdf = text_pdf("Determination", [["Your request is denied under (b)(7)(E)."]])
    first, first_id = _email(tmp_path, "ack.eml", "FOIA 2020-ICFO-12345: determination",
                             "Please see the attached letter.",
                             attachment=("determination.pdf", letter_pdf))
    reply, _ = _email(tmp_path, "reply.eml", "Re: FOIA 2020-ICFO-12345: determination",
                      "We will appeal.", reply_to=first_id, sender="arivera@example.org")
    report = import_files(case, [first, reply], reader=reader)
    assert [r.status for r in report.results] == ["added", "added"], report.results
    assert "linked to request 2020-ICFO-12345 (named in the email)" in report.results[0].notes
    assert "1 attachment" in report.results[0].notes
    assert any(n.startswith("a reply to letter") for n in report.results[1].notes)
    with case.reading() as s:
        letters = s.scalars(select(Correspondence).order_by(Correspondence.id)).all()
        assert [c.subject for c in letters] == ["FOIA 2020-ICFO-12345: determination",
                                                "Re: FOIA 2020-ICFO-12345: determination"]
        assert letters[0].dated.isoformat() == "2020-07-02"
        assert letters[0].requests[0].tracking_no == "2020-ICFO-12345"
        assert letters[1].in_reply_to == letters[0].message_id
        names = [a.document.name for a in letters[0].attachments]
        assert names == ["ack.eml", "determination.pdf"]
        attachment = letters[0].attachments[1].document
        assert "denied under (b)(7)(E)" in s.scalars(
            select(DocumentPage.text).where(DocumentPage.document_id == attachment.id)).one()
    assert problems(case) == []


def test_an_outgoing_email_is_told_by_our_counsel_address(case, tmp_path, reader):
    from casefile.matter import add_counsel, add_matter

    with case.transaction() as s:
        matter = add_matter(s, "IDP v. DHS", "IDP v. DHS")
        add_counsel(s, matter, "Alex Rivera", email="arivera@example.org")
    sent, _ = _email(tmp_path, "sent.eml", "Appeal", "Attached is our appeal.",
                     sender="Alex Rivera <arivera@example.org>")
    import_files(case, [sent], reader=reader)
    with case.reading() as s:
        assert s.scalars(select(Correspondence.direction)).one() is Direction.OUTGOING


def test_a_zip_production_is_opened_with_paths_kept_and_hostile_members_refused(
        case, tmp_path, reader):
    release = _release(tmp_path)
    archive = tmp_path / "production.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(release, "Release 1/ICE-000345.pdf")
        zf.writestr("Release 1/cover.txt", "Cover letter text.")
        zf.writestr("../../etc/evil.txt", "climbing out")
        zf.writestr("/abs/path.txt", "absolute")
        zf.writestr("bomb.txt", b"\0" * (60 * 1024**2))  # 60 MB of zeros: ~60 kB packed
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("inside/notes.txt", "A nested archive's file.")
        zf.writestr("nested.zip", inner.getvalue())
    report = import_files(case, [archive], reader=reader)
    by_name = {r.name: r for r in report.results}
    assert by_name["production.zip/Release 1/ICE-000345.pdf"].status == "added"
    assert by_name["production.zip/Release 1/cover.txt"].status == "added"
    assert by_name["production.zip/nested.zip/inside/notes.txt"].status == "added"
    assert "climbs out" in by_name["production.zip/../../etc/evil.txt"].reason
    assert "absolute" in by_name["production.zip//abs/path.txt"].reason
    assert "ZIP bomb" in by_name["production.zip/bomb.txt"].reason
    with case.reading() as s:
        origins = set(s.scalars(select(Document.origin)))
    assert "production.zip/Release 1/ICE-000345.pdf" in origins
    assert not (tmp_path.parent / "etc").exists()


def _broken_files(tmp_path) -> dict[str, Path]:
    good = text_pdf("Good", [["A readable page."]] * 3)
    files = {
        "truncated.pdf": good[: len(good) // 2],
        "no-xref.pdf": good.replace(b"xref", b"xxxx").replace(b"startxref", b"startxxxx"),
        "not-a-pdf.pdf": b"%PDF-1.7\nThis is not really a PDF at all.\n",
        "empty.pdf": b"",
        "cyclic.pdf": (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n"),
        "malformed.eml": b"From: \nSubject: =?utf-8?q?broken\n\n\xff\xfe\x00garbage",
        "garbage.png": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    return paths


def test_broken_files_get_one_line_each_and_the_batch_goes_on(case, tmp_path, reader):
    broken = _broken_files(tmp_path)
    good = _release(tmp_path)
    report = import_files(case, [*broken.values(), good], reader=reader)
    by_name = {r.name: r for r in report.results}
    assert by_name["release.pdf"].status == "added"
    for name in ("not-a-pdf.pdf", "empty.pdf", "garbage.png", "cyclic.pdf"):
        assert by_name[name].status == "failed", by_name[name].line()
        assert by_name[name].reason and "Traceback" not in by_name[name].reason
    assert by_name["empty.pdf"].reason == "the file is empty"
    # Damaged but recoverable files are repaired and read, and say so.
    for name in ("truncated.pdf", "no-xref.pdf"):
        result = by_name[name]
        assert result.status in ("added", "failed"), result.line()
        if result.status == "added":
            assert result.pages >= 1
    with case.reading() as s:
        documents = s.scalar(select(func.count()).select_from(Document))
        blobs = s.scalar(select(func.count()).select_from(Blob))
    assert documents == blobs == report.count("added")  # nothing partial
    assert problems(case) == []


def test_every_file_of_the_shared_corpus_imports_or_is_reported(case, reader):
    if not CORPUS.is_dir():
        unavailable(f"the shared corpus is not at {CORPUS}")
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    report = import_files(case, [CORPUS], reader=reader)
    assert len(report.results) == len(files)
    for result in report.results:
        assert result.status in ("added", "duplicate", "failed")
        if result.status == "failed":
            assert result.reason, result.name
    assert report.count("added") >= len(files) - 3
    assert problems(case) == []


def test_an_encrypted_pdf_is_flagged_then_read_with_its_password(case, reader, tmp_path):
    locked = CORPUS / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
    if not locked.exists():
        unavailable(f"the shared corpus is not at {CORPUS}")
    stored = import_files(case, [locked], reader=reader).results[0]
    assert stored.status == "added"
    assert stored.notes[0].startswith("encrypted: cannot be filed until unlocked")
    with case.reading() as s:
        assert s.get(Document, stored.document_id).encrypted
    with CaseFile.create(tmp_path / "other") as other:
        wrong = import_files(other, [locked], password="nope", reader=reader).results[0]
        assert wrong.status == "failed" and "password" in wrong.reason
        right = import_files(other, [locked], password="openpassword", reader=reader).results[0]
        assert right.status == "added" and right.pages >= 1
        assert right.notes[0] == "decrypted with the password: the unlocked copy is stored"
        assert _pages(other, right.document_id)[0].text
        _assert_stored_decrypted(other, right.document_id)
    # Stored locked first, it is unlocked in place when imported again with the password.
    again = import_files(case, [locked], password="openpassword", reader=reader).results[0]
    assert again.status == "added" and again.document_id == stored.document_id
    assert again.notes[0] == f"unlocked document {stored.document_id}: read with the password"
    assert _pages(case, stored.document_id)[0].text
    _assert_stored_decrypted(case, stored.document_id)
    assert problems(case) == []


def _assert_stored_decrypted(case, document_id: int) -> None:
    """Unlocked as the window's Unlock does it: the content is the decrypted copy
    (what CM/ECF accepts, what scan and a bundle read), no longer flagged; qpdf,
    not Casefile, says it is not encrypted."""
    import pikepdf

    from casefile.store import blobs

    with case.reading() as s:
        document = s.get(Document, document_id)
        assert not document.encrypted
        with pikepdf.open(io.BytesIO(blobs.read_bytes(s, document.blob_id))) as pdf:
            assert not pdf.is_encrypted


def test_a_file_that_hangs_the_reader_is_abandoned(tmp_path):
    fifo = tmp_path / "never-ends.txt"
    os.mkfifo(fifo)  # opening it for reading blocks until a writer comes: a hang
    with Reader(quiet_limit=2) as slow:
        with pytest.raises(Unreadable, match="stopped making progress"):
            slow.extract("text/plain", fifo, lambda *page: None)
        # and the next file is read by a fresh reader
        good = tmp_path / "good.pdf"
        good.write_bytes(text_pdf("Good", [["After the hang."]]))
        pages = []
        slow.extract("application/pdf", good, lambda *page: pages.append(page))
        assert "After the hang." in pages[0][1]


def test_a_reader_that_crashes_costs_one_file(tmp_path, reader):
    big = tmp_path / "big.pdf"
    big.write_bytes(text_pdf("Big", [["page"]] * 50))

    def crash(*page):
        os.kill(reader._process.pid, signal.SIGKILL)

    with pytest.raises(Unreadable, match="crashed"):
        reader.extract("application/pdf", big, crash)
    pages = []
    reader.extract("application/pdf", big, lambda *page: pages.append(page))
    assert len(pages) == 50


def test_a_cancelled_import_keeps_whole_files_only(case, tmp_path, reader):
    from casefile.ingest import CancelToken

    files = []
    for n in range(3):
        f = tmp_path / f"{n}.pdf"
        f.write_bytes(text_pdf(f"Doc {n}", [[f"page {p}"] for p in range(30)]))
        files.append(f)
    token = CancelToken()

    def progress(done, total, name):
        if done == 1:
            token.cancel()

    report = import_files(case, files, reader=reader, progress=progress, cancel=token)
    assert report.cancelled
    with case.reading() as s:
        counts = s.execute(select(DocumentPage.document_id, func.count())
                           .group_by(DocumentPage.document_id)).all()
    assert [n for _, n in counts] == [30] * report.count("added")
    assert problems(case) == []


def test_a_legacy_word_file_is_read_through_libreoffice(case, tmp_path, reader):
    import shutil
    import subprocess

    import docx

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        unavailable("LibreOffice is not installed (CI installs it; see .ci/run)")
    modern = tmp_path / "appeal.docx"
    word = docx.Document()
    word.add_paragraph("Administrative appeal of the constructive denial of 2020-ICFO-12345.")
    word.save(modern)
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(modern)],
                   check=True, capture_output=True, timeout=180)
    legacy = tmp_path / "appeal.doc"
    result = import_files(case, [legacy], reader=reader).results[0]
    assert result.status == "added", result.line()
    assert "constructive denial" in _pages(case, result.document_id)[0].text


def test_a_file_that_only_looks_like_word_97_is_explained(case, tmp_path, reader):
    fake_doc = tmp_path / "old.doc"
    fake_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = import_files(case, [fake_doc], reader=reader).results[0]
    assert result.status == "failed"
    assert "LibreOffice" in result.reason or "Word 97-2003" in result.reason


def _outlook_message(path: Path, subject: str, body: str) -> Path:
    """A minimal Outlook .msg, written with extract-msg's own OLE writer."""
    import struct

    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()
    writer.addEntry("__properties_version1.0", b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0)
                    + b"\0" * 8)
    for tag, value in (("001A001F", "IPM.Note"), ("0037001F", subject), ("1000001F", body),
                       ("0C1A001F", "ICE FOIA Office"), ("0E04001F", "Alex Rivera"),
                       ("1035001F", "<status-1@ice.dhs.gov>")):
        writer.addEntry(f"__substg1.0_{tag}", value.encode("utf-16-le"))
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    writer.write(str(path))
    return path


def test_an_outlook_message_becomes_a_letter(case, tmp_path, reader):
    from casefile.matter import add_agency
    from casefile.requests import add_request

    with case.transaction() as s:
        add_request(s, add_agency(s, "ICE", "ICE"), "IDP", "Palladium",
                    tracking_no="2020-ICFO-12345")
    message = _outlook_message(tmp_path / "status.msg", "FOIA 2020-ICFO-12345: status",
                               "Your request is still being processed.")
    result = import_files(case, [message], reader=reader).results[0]
    assert result.status == "added", result.line()
    assert "linked to request 2020-ICFO-12345 (named in the email)" in result.notes
    assert any(n.startswith("it has no Date header and no Received header reads: dated by "
                            "the file's own time") for n in result.notes), result.notes
    with case.reading() as s:
        letter = s.scalars(select(Correspondence)).one()
        assert (letter.subject, letter.body, letter.sender, letter.message_id) == (
            "FOIA 2020-ICFO-12345: status", "Your request is still being processed.",
            "ICE FOIA Office", "<status-1@ice.dhs.gov>")


def test_a_multi_page_tiff_is_one_page_per_frame(case, tmp_path, reader):
    from PIL import Image

    frames = [Image.new("L", (300, 200), 255 - 40 * n) for n in range(3)]
    tiff = tmp_path / "fax.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    result = import_files(case, [tiff], ocr=False, reader=reader).results[0]
    assert result.status == "added" and result.pages == 3
    assert [p.page_no for p in _pages(case, result.document_id)] == [1, 2, 3]


def test_progress_reports_files_and_pages(case, tmp_path, reader):
    long_pdf = tmp_path / "long.pdf"
    long_pdf.write_bytes(text_pdf("Long", [[f"page {p}"] for p in range(60)]))
    short = tmp_path / "short.txt"
    short.write_text("one page")
    seen = []
    import_files(case, [long_pdf, short], reader=reader,
                 progress=lambda done, total, note: seen.append((done, total, note)))
    assert (0, 2, "long.pdf") in seen
    assert (0, 2, "long.pdf, page 51") in seen
    assert (1, 2, "short.txt") in seen
    assert seen[-1] == (2, 2, "")


def test_a_file_that_is_not_what_its_name_says_is_refused_and_named(new_case, tmp_path):
    """A renamed note is not a PDF: stored as text it would pass for a document."""
    from casefile.ingest import import_files, kinds

    fake = tmp_path / "notapdf.pdf"
    fake.write_text("Meeting notes, not a PDF.")
    misnamed = tmp_path / "scan.jpg"
    misnamed.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # a PNG called .jpg
    with CaseFile.open(new_case) as case:
        report = import_files(case, [fake])
    [result] = report.results
    assert result.status == "failed"
    assert result.reason == "it is named .pdf but is not a PDF (it holds plain text)"
    assert kinds.broken_promise(misnamed, kinds.PNG) is None


def test_an_import_into_a_production_lists_its_files_under_it_from_the_command_line(
        new_case, tmp_path):
    """`import --production` does what the window's "Import into this production"
    does, through the same function: the files imported, and those the case held
    already, are listed under the production; a production not in the case is
    refused before anything is read."""
    from casefile.productions import add_production
    from casefile.store.models import Production
    from tests.conftest import assert_one_clear_line, run_cli

    with CaseFile.open(new_case) as case, case.transaction() as s:
        add_production(s, "First interim release")
    memo, letter = tmp_path / "memo.txt", tmp_path / "letter.txt"
    memo.write_text("Memorandum on courthouse arrests.\n")
    letter.write_text("Cover letter of the first interim release.\n")
    assert run_cli("import", new_case, memo).returncode == 0  # in the case before

    refused = run_cli("import", new_case, letter, "--production", "Second release")
    assert_one_clear_line(refused, "production")
    done = run_cli("import", new_case, memo, letter, "--production", "first interim release")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith("; 2 newly listed under the production")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        production = s.scalars(select(Production)).one()
        assert sorted(pd.document.name for pd in production.documents) == [
            "letter.txt", "memo.txt"]
        assert s.scalar(select(func.count()).select_from(Document)) == 2
