"""The privacy check at import: each file checked once in the reader's child,
its findings stored against its bytes; a production's summary; each finding
beside the Vaughn entry whose Bates range claims its page; never "clean" for
what could not be read."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import select

from casefile.ingest import import_files
from casefile.ingest.extract import extract
from casefile.privacy import stored
from casefile.productions import add_documents, add_production
from casefile.store import CaseFile
from casefile.store.models import Document, IndexAuthor, PrivacyCheck
from casefile.vaughn.entries import Claim, add_index, add_record
from tests.conftest import run_cli
from tests.privacy_corpus import personal_pdf, redaction_cases

REDACTION_CASES = redaction_cases()


def production_pdf() -> bytes:
    """Three pages stamped ICE-000101 to ICE-000103. Expected: page 2 holds
    'Maria Gonzalez' under a black box drawn over it (a failed redaction),
    page 3 'Jose Ruiz' under another; page 1 is a plain letter. No personal
    data (the dates are not births)."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(612, 792))
    for n, secret in ((1, None), (2, "Maria Gonzalez"), (3, "Jose Ruiz")):
        c.setFont("Helvetica", 12)
        c.drawString(72, 720, f"Report of investigation, part {n}, dated March 4, 2019.")
        if secret:
            c.drawString(72, 700, "Name of the informant:")
            c.drawString(220, 700, secret)
            c.rect(217, 695, c.stringWidth(secret, "Helvetica", 12) + 6, 16, stroke=0, fill=1)
        c.drawString(480, 40, f"ICE-{100 + n:06d}")
        c.showPage()
    c.save()
    return out.getvalue()


def _import(case_path: Path, files: list[Path]):
    with CaseFile.open(case_path) as case:
        return import_files(case, files, ocr=False)


def test_each_imported_file_is_checked_once_and_its_findings_are_stored(new_case, tmp_path):
    production = tmp_path / "release.pdf"
    production.write_bytes(production_pdf())
    decl = tmp_path / "decl.pdf"
    decl.write_bytes(personal_pdf(["Declarant's Social Security number is 219-09-9999."]))
    report = _import(new_case, [production, decl])
    lines = "\n".join(r.line() for r in report.results)
    assert "2 pages with text under redaction boxes" in lines
    assert "1 piece of personal data (FRCP 5.2(a))" in lines
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        docs = {d.name: d for d in s.scalars(select(Document))}
        release = stored.stored(s, docs["release.pdf"].blob_id)
        assert [(h.page, h.text) for h in release.hidden] == [(2, "Maria Gonzalez"),
                                                               (3, "Jose Ruiz")]
        assert release.personal == [] and release.not_checked == [] and release.pages == 3
        ssn = stored.stored(s, docs["decl.pdf"].blob_id)
        assert [(f.page, f.kind, f.text, f.allowed) for f in ssn.personal] == [
            (1, "Social Security number", "219-09-9999", "XXX-XX-9999")]
        assert s.scalar(select(PrivacyCheck).where(
            PrivacyCheck.blob_id == docs["decl.pdf"].blob_id)).rules == stored.RULES


def test_a_productions_summary_and_each_finding_beside_the_vaughn_entry_claiming_it(
        new_case, tmp_path):
    production = tmp_path / "release.pdf"
    production.write_bytes(production_pdf())
    _import(new_case, [production])
    with CaseFile.open(new_case) as case, case.transaction() as s:
        document = s.scalars(select(Document)).one()
        release = add_production(s, "First interim release")
        add_documents(s, release, [document])
        index = add_index(s, "ICE Vaughn index", IndexAuthor.AGENCY, production=release)
        add_record(s, index, "7", bates_begin="ICE-000102", bates_end="ICE-000102",
                   description="Informant's name withheld", claims=[Claim("b7C")])
        production_id = release.id
        summary = stored.production_summary(s, production_id)
        assert summary.hidden_pages == 2 and summary.checked == summary.documents == 1
        assert summary.sentence().startswith("2 pages with text under redaction boxes")
        found = stored.findings(s, [document.id])
    assert [(f.page, f.bates, f.text) for f in found] == [(2, "ICE-000102", "Maria Gonzalez"),
                                                          (3, "ICE-000103", "Jose Ruiz")]
    assert [c.line() for c in found[0].vaughn] == [
        "Vaughn entry 7 (ICE-000102), (b)(7)(C): Informant's name withheld"]
    assert [c.short() for c in found[0].vaughn] == ["Entry 7: (b)(7)(C)"]
    assert found[1].vaughn is None  # no entry claims page 3
    done = run_cli("scan", new_case, "--production", str(production_id))
    assert done.returncode == 3, done.stdout + done.stderr
    assert "2 pages with text under redaction boxes" in done.stdout
    assert "page 2 (ICE-000102): text under a redaction" in done.stdout
    assert "'Maria Gonzalez'" in done.stdout
    assert "claimed by Vaughn entry 7 (ICE-000102)" in done.stdout
    # The production's summary where a case is looked over: info and the list.
    done = run_cli("info", new_case)
    assert done.returncode == 0, done.stderr
    assert (f"  {production_id}: First interim release: 2 pages with text under redaction "
            "boxes; 0 pieces of personal data") in done.stdout
    done = run_cli("list", "productions", new_case)
    assert done.returncode == 0, done.stderr
    assert "privacy check" in done.stdout
    [row] = done.stdout.splitlines()[1:]
    assert row.endswith("  2 pages with text under redaction boxes"), row


def test_an_encrypted_file_is_stored_as_not_checked_never_clean(new_case, tmp_path):
    """An encrypted PDF imported without its password. Expected: a stored
    check whose only finding is 'not checked', with the reason."""
    pdf = pikepdf.open(io.BytesIO(personal_pdf(["SSN 219-09-9999"])))
    locked = io.BytesIO()
    pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="secret"))
    path = tmp_path / "locked.pdf"
    path.write_bytes(locked.getvalue())
    _import(new_case, [path])
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        document = s.scalars(select(Document)).one()
        report = stored.stored(s, document.blob_id)
        assert report.personal == [] and report.hidden == []
        assert [(n.page, n.reason[:25]) for n in report.not_checked] == [
            (None, "encrypted with a password")]
        summary = stored.summarize(s, [document.id])
        assert "1 file not checked" in summary.sentence()
    done = run_cli("scan", new_case, "--stored")
    assert done.returncode == 3 and "the file not checked: encrypted" in done.stdout


def test_a_scanned_page_without_ocr_is_stored_as_not_checked(new_case, tmp_path):
    """A page that is only a picture, imported with OCR off. Expected: that
    page 'not checked' (a scan with no text read), nothing called clean."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (850, 1100), 128).save(picture, "PDF", resolution=100.0)
    path = tmp_path / "scan.pdf"
    path.write_bytes(picture.getvalue())
    _import(new_case, [path])
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        document = s.scalars(select(Document)).one()
        report = stored.stored(s, document.blob_id)
    assert [n.page for n in report.not_checked] == [1]
    assert "scanned page" in report.not_checked[0].reason


def test_a_text_file_is_checked_for_personal_data(new_case, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Wire it to account number 12345678901 today.\n", encoding="utf-8")
    _import(new_case, [path])
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        document = s.scalars(select(Document)).one()
        report = stored.stored(s, document.blob_id)
    assert [(f.kind, f.text) for f in report.personal] == [
        ("financial account number", "12345678901")]


def _checked_by_name(case_path: Path) -> dict[str, stored.PrivacyReport | None]:
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        return {d.name: stored.stored(s, d.blob_id) for d in s.scalars(select(Document))}


def test_an_emails_text_and_its_attachments_are_checked_at_import(new_case, tmp_path):
    """An email (made here with the standard library) whose body gives a birth
    date ("DOB: 04/12/1980": FRCP 5.2(a)(2)), with production_pdf() attached
    (2 pages with text under boxes: 'Maria Gonzalez', 'Jose Ruiz') and an
    attachment that is no PDF at all though it says so (not checked: it could
    not be read). Expected: three stored checks, one each, none clean by default."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "foia@ice.dhs.gov"
    message["To"] = "counsel@example.org"
    message["Subject"] = "Interim release"
    message["Date"] = "Mon, 02 Nov 2026 10:00:00 -0500"
    message.set_content("The requester's DOB: 04/12/1980, as given in the request.\n")
    message.add_attachment(production_pdf(), maintype="application", subtype="pdf",
                           filename="release.pdf")
    message.add_attachment(b"%PDF-1.7\n\x00\x01 not a PDF after all", maintype="application",
                           subtype="pdf", filename="broken.pdf")
    path = tmp_path / "release.eml"
    path.write_bytes(message.as_bytes())
    report = _import(new_case, [path])
    assert [r.status for r in report.results] == ["added"], report.results
    checked = _checked_by_name(new_case)
    assert set(checked) == {"release.eml", "release.pdf", "broken.pdf"}
    mail = checked["release.eml"]
    assert [(f.kind, f.text) for f in mail.personal if f.blocking] == \
        [("birth date", "04/12/1980")], mail.personal
    assert [h.text for h in checked["release.pdf"].hidden] == ["Maria Gonzalez", "Jose Ruiz"]
    broken = checked["broken.pdf"]
    assert broken is not None and broken.not_checked and not broken.hidden
    assert broken.not_checked[0].reason.startswith("it could not be read")
    notes = " ".join(report.results[0].notes)
    assert "1 piece of personal data (FRCP 5.2(a))" in notes, notes


def test_a_pdf_casefile_adds_itself_is_checked_too(new_case):
    """add_document_bytes (the demo's letters) of a PDF giving an SSN
    (219-09-9999, FRCP 5.2(a)(1)). Expected: its stored check holds it."""
    from casefile.ingest.batch import add_document_bytes
    from casefile.ingest.kinds import PDF

    with CaseFile.open(new_case) as case, case.transaction() as s:
        document = add_document_bytes(s, "made.pdf", personal_pdf(
            ["Declarant's Social Security number is 219-09-9999."]), PDF)
        report = stored.stored(s, document.blob_id)
    assert report is not None
    assert [(f.kind, f.text) for f in report.personal] == \
        [("Social Security number", "219-09-9999")]


def test_every_document_of_the_demo_case_is_checked(tmp_path):
    """The demo case (casefile.demo.build_demo): each of its documents has a stored check."""
    from casefile.demo import build_demo

    checked = _checked_by_name(build_demo(tmp_path / "demo"))
    assert checked and all(r is not None for r in checked.values()), \
        [n for n, r in checked.items() if r is None]


def _after_a_plain_page(pdf_bytes: bytes) -> bytes:
    """The case's page as page 2, behind a page with text and no annotation."""
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(production_pdf())) as plain, \
            pikepdf.open(io.BytesIO(pdf_bytes)) as the_case, pikepdf.new() as out:
        out.pages.append(plain.pages[0])
        out.pages.extend(the_case.pages)
        out.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("case", REDACTION_CASES, ids=[c.name for c in REDACTION_CASES])
def test_the_import_finds_each_failed_redaction_the_check_finds(case, tmp_path):
    # The import's check asks pikepdf for a page's annotations only where
    # pdfium counts some: the annotation cases must be found all the same,
    # on page 1 and behind a page that has none.
    for name, pdf, page in (("alone.pdf", case.pdf, 1),
                            ("second.pdf", _after_a_plain_page(case.pdf), 2)):
        path = tmp_path / name
        path.write_bytes(pdf)
        extraction = extract("application/pdf", path, lambda *page: None, ocr=False)
        report = extraction.privacy
        assert [h.text for h in report.hidden] == case.expected, name
        assert {h.page for h in report.hidden} <= {page}, name
        assert not report.not_checked, name


def _annots_offset_wrong(pdf_bytes: bytes) -> bytes:
    """The file with a plain xref table whose entry for the page's /Annots array
    is three bytes off: pdfium then reads the page with no annotation; qpdf
    says the file is damaged, rebuilds the table and finds it."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        number = pdf.pages[0].obj.get("/Annots").objgen[0]
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data = out.getvalue()
    table = data.rindex(b"\nxref\n") + 1
    lines = data[table:].split(b"\n")  # "xref", "0 N", then an entry per object
    entry = lines[2 + number]
    lines[2 + number] = b"%010d" % (int(entry[:10]) + 3) + entry[10:]
    return data[:table] + b"\n".join(lines)


def test_an_annotation_pdfium_cannot_reach_in_a_damaged_file_is_still_found(tmp_path):
    case = next(c for c in REDACTION_CASES if c.name == "redaction annotation never applied")
    path = tmp_path / "damaged.pdf"
    path.write_bytes(_annots_offset_wrong(case.pdf))
    extraction = extract("application/pdf", path, lambda *page: None, ocr=False)
    assert [h.text for h in extraction.privacy.hidden] == case.expected
