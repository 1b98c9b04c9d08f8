"""Where the privacy check runs: `bundle preflight`, `bundle build` (stopped
unless overridden with a reason, recorded in the case) and `casefile scan`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.bundles import profiles
from casefile.bundles.build import BundleOptions, build
from casefile.errors import InputError
from casefile.exhibits import add_exhibit, add_set
from casefile.ingest.batch import add_document
from casefile.store import CaseFile
from casefile.store.models import Note
from tests.conftest import run_cli
from tests.privacy_corpus import personal_pdf, redaction_cases

# Expected: one Social Security number, nothing else.
SSN_PAGE = ["Declarant's Social Security number is 219-09-9999.",
            "The letter dated March 4, 2019 acknowledged the request."]
# Expected: nothing (a date without a birth, a docket number).
CLEAN_PAGE = ["The letter dated March 4, 2019 acknowledged the request.",
              "Case No. 1:19-cv-01234-ABC."]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _boxed() -> bytes:
    """Expected: 'Maria Gonzalez' under a black box drawn over it."""
    return next(c.pdf for c in redaction_cases() if c.name == "black box drawn over the text")


def test_preflight_names_personal_data_and_text_under_a_box_and_exits_3(tmp_path):
    done = run_cli("bundle", "preflight", _write(tmp_path, "ssn.pdf", personal_pdf(SSN_PAGE)))
    assert done.returncode == 3, done.stderr
    assert "page 1: personal data: Social Security number '219-09-9999'" in done.stdout
    assert "XXX-XX-9999" in done.stdout and "FRCP 5.2(a)(1)" in done.stdout
    done = run_cli("bundle", "preflight", _write(tmp_path, "boxed.pdf", _boxed()))
    assert done.returncode == 3, done.stderr
    assert "text under a redaction" in done.stdout and "'Maria Gonzalez'" in done.stdout


def test_a_clean_pdf_passes_preflight_saying_what_was_looked_for(tmp_path):
    done = run_cli("bundle", "preflight", _write(tmp_path, "clean.pdf",
                                                personal_pdf(CLEAN_PAGE)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no personal data or text under redactions found" in done.stdout


def test_a_number_that_cannot_be_an_ssn_is_noted_and_does_not_fail_preflight(tmp_path):
    done = run_cli("bundle", "preflight", _write(tmp_path, "placeholder.pdf",
                                                personal_pdf(["Test record 000-12-3456."])))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(noted only)" in done.stdout and "area 000" in done.stdout


def _case_with(case_path: Path, files: list[Path]) -> None:
    with CaseFile.open(case_path) as case, case.transaction() as s:
        exhibit_set = add_set(s, "Exhibits")
        for file in files:
            document, _ = add_document(s, file)
            add_exhibit(s, exhibit_set, document, file.stem)


def test_a_build_with_personal_data_stops_and_an_override_is_recorded_with_its_reason(
        new_case, tmp_path):
    _case_with(new_case, [_write(tmp_path, "decl.pdf", personal_pdf(SSN_PAGE))])
    options = BundleOptions(profiles.get(None))
    with CaseFile.open(new_case) as case:
        with case.reading() as s, pytest.raises(InputError) as refused:
            from casefile.exhibits import find_set

            build(s, find_set(s, "Exhibits"), tmp_path / "no", options)
        assert "219-09-9999" in refused.value.message
        assert "--allow-personal-data" in refused.value.message
        assert not (tmp_path / "no").exists() or not any((tmp_path / "no").iterdir())
    reason = "filed under seal by the order of 3 March"
    done = run_cli("bundle", "build", new_case, "Exhibits", "--out", tmp_path / "yes",
                   "--allow-personal-data", reason)
    assert done.returncode == 0, done.stderr
    assert "Override recorded" in done.stdout and reason in done.stdout
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        notes = [n.text for n in s.scalars(select(Note))]
    assert any("219-09-9999" in n and reason in n for n in notes), notes


def test_a_build_with_text_under_a_box_stops_from_the_command_line(new_case, tmp_path):
    _case_with(new_case, [_write(tmp_path, "boxed.pdf", _boxed())])
    done = run_cli("bundle", "build", new_case, "Exhibits", "--out", tmp_path / "out")
    assert done.returncode == 1 and "Maria Gonzalez" in done.stderr
    assert "Nothing was written" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_scan_lists_each_documents_findings_and_says_which_are_clean(new_case, tmp_path):
    _case_with(new_case, [_write(tmp_path, "production.pdf", _boxed()),
                          _write(tmp_path, "clean.pdf", personal_pdf(CLEAN_PAGE))])
    done = run_cli("scan", new_case)
    assert done.returncode == 3, done.stderr
    assert "production.pdf" in done.stdout and "'Maria Gonzalez'" in done.stdout
    assert "clean.pdf: 1 page; nothing found." in done.stdout
    assert "1 finding in 2 documents." in done.stdout
    done = run_cli("scan", new_case, "clean.pdf")
    assert done.returncode == 0 and "nothing found" in done.stdout
    done = run_cli("scan", new_case, "no-such-document")
    assert done.returncode == 1 and "Traceback" not in done.stderr


def _two_pages_boxed() -> bytes:
    """Page 1: 'Maria Gonzalez' under a black box drawn over it, and a line of
    plain text; page 2: 'Second page stays searchable.' Expected after redact:
    the name nowhere in the file, page 2's text kept."""
    import io

    import pikepdf

    first = pikepdf.open(io.BytesIO(_boxed()))
    second = pikepdf.open(io.BytesIO(personal_pdf(["Second page stays searchable."])))
    first.pages.append(second.pages[0])
    out = io.BytesIO()
    first.save(out)
    return out.getvalue()


def test_redact_removes_the_text_under_each_box_as_pdftotext_and_qpdf_read_it(tmp_path):
    from tests.conftest import need_tool

    need_tool("pdftotext")
    need_tool("qpdf")
    import subprocess

    original = _two_pages_boxed()
    source = _write(tmp_path, "production.pdf", original)
    assert "Maria Gonzalez" in subprocess.run(["pdftotext", str(source), "-"],
                                              capture_output=True, text=True).stdout
    out = tmp_path / "redacted.pdf"
    done = run_cli("redact", source, "--out", out, "--reason", "(b)(7)(C)")
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Gonzalez" not in text and "Maria" not in text
    assert "Second page stays searchable." in text
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(out), str(flat)],
                   check=True)
    assert b"Gonzalez" not in flat.read_bytes() and b"Maria" not in flat.read_bytes()
    log = (tmp_path / "redacted - redaction log.txt").read_text(encoding="utf-8")
    assert "page 1" in log and "(b)(7)(C)" in log and "14 characters removed" in log
    assert "Gonzalez" not in log  # the log says what was removed, never the text itself
    assert source.read_bytes() == original  # the original stays as it was
    done = run_cli("bundle", "preflight", out)
    assert "text under a redaction" not in done.stdout


def test_redact_a_box_the_user_names_and_refuse_a_bad_box_or_the_same_file(tmp_path):
    import subprocess

    from tests.conftest import need_tool

    need_tool("pdftotext")
    source = _write(tmp_path, "ssn.pdf", personal_pdf(SSN_PAGE))
    out = tmp_path / "out.pdf"
    # The SSN line is set at 60,740 (12 pt Helvetica): a box over the whole line.
    done = run_cli("redact", source, "--out", out, "--box", "1:55,735,500,755",
                   "--reason", "FRCP 5.2(a)(1)")
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "219-09-9999" not in text
    done = run_cli("redact", source, "--out", out, "--box", "1:55,735")
    assert done.returncode == 1 and "PAGE:X0,Y0,X1,Y1" in done.stderr
    done = run_cli("redact", source, "--out", source, "--box", "1:55,735,500,755")
    assert done.returncode == 1 and "new file" in done.stderr
    done = run_cli("redact", source, "--out", out, "--box", "9:55,735,500,755")
    assert done.returncode == 1 and "Page 9" in done.stderr


def test_a_scans_stored_ocr_text_is_what_the_build_checks(new_case, tmp_path):
    """A scanned page (a picture, no text layer) whose OCR text, stored by the
    import, holds a birth date. Expected: the build stops on it."""
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (850, 1100), 255).save(picture, "PDF", resolution=100.0)
    scan = _write(tmp_path, "scan.pdf", picture.getvalue())
    _case_with(new_case, [scan])
    from casefile.store.models import Document, DocumentPage

    # The OCR text as the import would have stored it (written here, so the test
    # needs no Tesseract): the page row the import made gets that text.
    with CaseFile.open(new_case) as case, case.transaction() as s:
        document = s.scalars(select(Document)).one()
        page = s.scalars(select(DocumentPage).where(DocumentPage.document_id == document.id,
                                                    DocumentPage.page_no == 1)).one_or_none()
        if page is None:
            page = DocumentPage(document_id=document.id, page_no=1)
            s.add(page)
        page.has_text_layer, page.ocr = False, True
        page.text = "Detainee: Rosa Diaz\nDOB: 02/11/1985\n"
    options = BundleOptions(profiles.get(None), ocr=False)
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s, \
            pytest.raises(InputError) as refused:
        from casefile.exhibits import find_set

        build(s, find_set(s, "Exhibits"), tmp_path / "out", options)
    assert "birth date '02/11/1985'" in refused.value.message


def test_scan_calls_an_encrypted_document_not_checked_never_clean(new_case, tmp_path):
    """An encrypted PDF in the case (stored as it came). Expected: 'not checked'
    with the reason, and exit 3."""
    import io

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(personal_pdf(SSN_PAGE)))
    locked = io.BytesIO()
    pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="secret"))
    source = _write(tmp_path, "locked.pdf", locked.getvalue())
    with CaseFile.open(new_case) as case, case.transaction() as s:
        add_document(s, source)
    done = run_cli("scan", new_case)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "the file not checked: encrypted with a password" in done.stdout
    assert "nothing found" not in done.stdout
    assert "1 not wholly checked" in done.stdout
