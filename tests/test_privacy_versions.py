"""Redaction inside a case: the redacted copy is the document's new version
with its log, the import kept as it was; undo; `casefile redact CASE DOCUMENT`.
Verified by real readers: pdftotext and qpdf --qdf of the stored version."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casefile.errors import InputError
from casefile.ingest.batch import add_document
from casefile.privacy.redact import Area
from casefile.privacy.versions import (
    current_blob_id,
    current_blob_ids,
    redact_document,
    undo_redaction,
    versions,
)
from casefile.store import CaseFile, blobs
from casefile.store.models import Blob, Document, DocumentVersion, Redaction
from tests.conftest import need_tool, run_cli
from tests.privacy_corpus import personal_pdf, redaction_cases

# Expected: one Social Security number (line 1 at 60,740, 12 pt Helvetica) and
# one full birth date after "DOB" (line 3 at 60,704); line 2 is clean.
PAGE = ["Declarant's Social Security number is 219-09-9999.",
        "The letter dated March 4, 2019 acknowledged the request.",
        "Detainee Rosa Diaz, DOB: 02/11/1985, was released."]


def _boxed() -> bytes:
    """Expected: 'Maria Gonzalez' under a black box drawn over it."""
    return next(c.pdf for c in redaction_cases() if c.name == "black box drawn over the text")


def _import(case_path: Path, tmp_path: Path, name: str, data: bytes) -> int:
    source = tmp_path / name
    source.write_bytes(data)
    with CaseFile.open(case_path) as case, case.transaction() as s:
        document, _ = add_document(s, source)
        return document.id


def _readers_text(tmp_path: Path, data: bytes) -> tuple[str, bytes]:
    """What pdftotext reads of ``data``, and qpdf's --qdf of it (every stream
    uncompressed)."""
    need_tool("pdftotext")
    need_tool("qpdf")
    pdf = tmp_path / "version.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(flat)],
                   check=True)
    return text, flat.read_bytes()


def test_a_box_redacts_into_a_new_version_with_its_log_and_the_import_stays(new_case,
                                                                             tmp_path):
    original = personal_pdf(PAGE)
    doc_id = _import(new_case, tmp_path, "decl.pdf", original)
    with CaseFile.open(new_case) as case, case.transaction() as s:
        done = redact_document(s, doc_id, [Area(1, (55, 735, 500, 755), "")],
                               reason="FRCP 5.2(a)(1)", by="pat")
    assert done.version == 2 and done.pages == [1] and not done.still_present
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        document = s.get(Document, doc_id)
        assert blobs.read_bytes(s, document.blob_id) == original  # the import, untouched
        [version] = versions(s, doc_id)
        assert version.kind == "redacted" and version.made_by == "pat"
        assert current_blob_id(s, document) == version.blob_id != document.blob_id
        assert current_blob_ids(s, [doc_id]) == {doc_id: version.blob_id}
        [row] = version.redactions
        assert (row.page, row.x0, row.y0, row.x1, row.y1) == (1, 55, 735, 500, 755)
        assert row.why == "FRCP 5.2(a)(1)"
        assert "219-09-9999" in row.removed  # what was removed, kept in the case's log
        redacted = blobs.read_bytes(s, version.blob_id)
    text, flat = _readers_text(tmp_path, redacted)
    assert "219-09-9999" not in text and b"219-09-9999" not in flat


def test_findings_redact_every_personal_datum_and_text_under_a_box(new_case, tmp_path):
    pdf_id = _import(new_case, tmp_path, "decl.pdf", personal_pdf(PAGE))
    boxed_id = _import(new_case, tmp_path, "production.pdf", _boxed())
    with CaseFile.open(new_case) as case, case.transaction() as s:
        one = redact_document(s, pdf_id, [], findings=True, by="pat")
        two = redact_document(s, boxed_id, [], findings=True, reason="(b)(6)", by="pat")
    assert not one.still_present and not one.not_located
    whys = sorted(r.why for r in one.log)
    assert whys == ["FRCP 5.2(a)(1) (Social Security number)", "FRCP 5.2(a)(2) (birth date)"]
    assert any("02/11/1985" in r.removed for r in one.log)
    assert [r.removed for r in two.log] == ["Maria Gonzalez"]
    assert two.log[0].why.startswith("(b)(6); text under a redaction")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        first = blobs.read_bytes(s, versions(s, pdf_id)[0].blob_id)
        second = blobs.read_bytes(s, versions(s, boxed_id)[0].blob_id)
    text, flat = _readers_text(tmp_path, first)
    for secret in ("219-09-9999", "02/11/1985", "1985"):
        assert secret not in text and secret.encode() not in flat
    text, flat = _readers_text(tmp_path, second)
    assert "Gonzalez" not in text and b"Gonzalez" not in flat and b"Maria" not in flat


def test_redactions_stack_and_undo_makes_the_one_before_current(new_case, tmp_path):
    doc_id = _import(new_case, tmp_path, "decl.pdf", personal_pdf(PAGE))
    with CaseFile.open(new_case) as case, case.transaction() as s:
        redact_document(s, doc_id, [Area(1, (55, 735, 500, 755), "")], by="pat")
        second = redact_document(s, doc_id, [Area(1, (55, 699, 500, 719), "")], by="pat")
    assert second.version == 3
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        v2, v3 = versions(s, doc_id)
        text, _ = _readers_text(tmp_path, blobs.read_bytes(s, v3.blob_id))
    # The second redaction started from the first: both lines are gone.
    assert "219-09-9999" not in text and "02/11/1985" not in text
    with CaseFile.open(new_case) as case, case.transaction() as s:
        gone = undo_redaction(s, doc_id)
        assert gone.number == 3
        assert current_blob_id(s, s.get(Document, doc_id)) == v2.blob_id
        assert s.get(Blob, v3.blob_id) is None  # its bytes went with it
        undo_redaction(s, doc_id)
        document = s.get(Document, doc_id)
        assert current_blob_id(s, document) == document.blob_id
        assert s.scalar(select(func.count()).select_from(Redaction)) == 0
        assert s.scalar(select(func.count()).select_from(DocumentVersion)) == 0
        with pytest.raises(InputError, match="no redacted version to undo"):
            undo_redaction(s, doc_id)


def test_a_document_that_is_not_a_pdf_is_refused_in_one_sentence(new_case, tmp_path):
    doc_id = _import(new_case, tmp_path, "note.txt", b"Plain text, SSN 219-09-9999.\n")
    with CaseFile.open(new_case) as case, case.transaction() as s, \
            pytest.raises(InputError, match="not a PDF"):
        redact_document(s, doc_id, [Area(1, (0, 0, 10, 10), "")])


def test_redact_case_document_from_the_command_line_then_undo(new_case, tmp_path):
    _import(new_case, tmp_path, "decl.pdf", personal_pdf(PAGE))
    done = run_cli("redact", new_case, "decl.pdf", "--findings", "--reason", "FRCP 5.2(a)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "version 2 stored" in done.stdout
    assert "page 1" in done.stdout and "FRCP 5.2(a)(1)" in done.stdout
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        [version] = versions(s, 1)
        text, flat = _readers_text(tmp_path, blobs.read_bytes(s, version.blob_id))
    assert "219-09-9999" not in text and b"219-09-9999" not in flat
    # scan reads what the document is now: the redacted version.
    done = run_cli("scan", new_case, "decl.pdf")
    assert "decl.pdf (version 2, redacted)" in done.stdout, done.stdout
    assert "219-09-9999" not in done.stdout
    done = run_cli("redact", new_case, "decl.pdf", "--undo")
    assert done.returncode == 0 and "the import is current again" in done.stdout
    done = run_cli("redact", new_case, "decl.pdf", "--undo")
    assert done.returncode == 1 and "no redacted version" in done.stderr
    done = run_cli("redact", new_case, "decl.pdf", "--box", "1:55,735")
    assert done.returncode == 1 and "PAGE:X0,Y0,X1,Y1" in done.stderr
    done = run_cli("redact", new_case, "decl.pdf", "--box", "4:55,735,500,755")
    assert done.returncode == 1 and "Page 4" in done.stderr
    done = run_cli("redact", new_case, "decl.pdf")
    assert done.returncode == 1 and "Nothing to redact" in done.stderr
    done = run_cli("redact", new_case, "nope.pdf", "--findings")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        assert versions(s, 1) == []  # refused commands stored nothing


def test_scan_reports_what_the_current_version_holds_not_the_import(new_case, tmp_path):
    """PAGE holds the SSN 219-09-9999 (FRCP 5.2(a)(1)); after `redact --findings`
    the current version holds none, and both `scan` (reading the pages) and
    `scan --stored` (the check stored with the version) say so; after
    `redact --undo` the import is current again and both report it again."""
    _import(new_case, tmp_path, "decl.pdf", personal_pdf(PAGE))
    for args in ((), ("--stored",)):
        done = run_cli("scan", new_case, "decl.pdf", *args)
        assert done.returncode == 3 and "219-09-9999" in done.stdout, done.stdout
    done = run_cli("redact", new_case, "decl.pdf", "--findings")
    assert done.returncode == 0, done.stdout + done.stderr
    done = run_cli("scan", new_case, "decl.pdf")
    assert "219-09-9999" not in done.stdout and "0 findings" in done.stdout, done.stdout
    done = run_cli("scan", new_case, "decl.pdf", "--stored")
    assert "219-09-9999" not in done.stdout, done.stdout
    assert "no text under redaction boxes and no personal data found" in done.stdout, \
        done.stdout
    run_cli("redact", new_case, "decl.pdf", "--undo")
    for args in ((), ("--stored",)):
        done = run_cli("scan", new_case, "decl.pdf", *args)
        assert done.returncode == 3 and "219-09-9999" in done.stdout, done.stdout
