"""A bundle build uses what the import's check stored for an exhibit's bytes
(same SHA-256, same rules) instead of reading every page again; it files a
document's redacted version, and that version's own check."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.bundles import profiles
from casefile.bundles.build import BundleOptions, build
from casefile.errors import InputError
from casefile.exhibits import add_exhibit, add_set, find_set
from casefile.ingest.batch import add_document
from casefile.privacy.versions import redact_document
from casefile.store import CaseFile
from casefile.store.models import Document, PrivacyCheck, PrivacyFinding

# Expected: one Social Security number on page 1 (nothing on page 2).
PAGES = ["Declarant's Social Security number is 219-09-9999.",
         "The letter dated March 4, 2019 acknowledged the request."]


def _case(case_path: Path, tmp_path: Path) -> None:
    from tests.privacy_corpus import personal_pdf

    source = tmp_path / "decl.pdf"
    source.write_bytes(personal_pdf(PAGES, per_page=1))
    with CaseFile.open(case_path) as case, case.transaction() as s:
        document, _ = add_document(s, source)
        exhibits = add_set(s, "Exhibits")
        add_exhibit(s, exhibits, document, "A")


def _refusal(case_path: Path, tmp_path: Path) -> str:
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s, \
            pytest.raises(InputError) as refused:
        build(s, find_set(s, "Exhibits"), tmp_path / "out", BundleOptions(profiles.get(None)))
    return refused.value.message


def test_the_build_reads_the_stored_findings_not_the_pages(new_case, tmp_path):
    _case(new_case, tmp_path)
    assert "'219-09-9999'" in _refusal(new_case, tmp_path)
    # What the build reports is what was stored: change the stored finding's
    # text and the refusal quotes the change (the page still says 219-09-9999).
    with CaseFile.open(new_case) as case, case.transaction() as s:
        finding = s.scalars(select(PrivacyFinding).where(PrivacyFinding.kind == "personal")).one()
        finding.text = "stored finding"
    message = _refusal(new_case, tmp_path)
    assert "'stored finding'" in message and "219-09-9999" not in message
    # Checked by other rules: not reused; the pages are read again.
    with CaseFile.open(new_case) as case, case.transaction() as s:
        s.scalars(select(PrivacyCheck)).one().rules = "old"
    assert "'219-09-9999'" in _refusal(new_case, tmp_path)


def test_a_page_selection_leaves_out_the_findings_of_other_pages(new_case, tmp_path):
    _case(new_case, tmp_path)
    with CaseFile.open(new_case) as case, case.transaction() as s:
        exhibit = find_set(s, "Exhibits").exhibits[0]
        exhibit.page_selection = "2"
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "Exhibits"), tmp_path / "out",
                       BundleOptions(profiles.get(None)))
    assert not report.overrides


def test_the_build_files_the_redacted_version_and_passes(new_case, tmp_path):
    _case(new_case, tmp_path)
    with CaseFile.open(new_case) as case, case.transaction() as s:
        document = s.scalars(select(Document)).one()
        redact_document(s, document.id, [], findings=True, by="pat")
    with CaseFile.open(new_case, read_only=True) as case, case.reading() as s:
        report = build(s, find_set(s, "Exhibits"), tmp_path / "out",
                       BundleOptions(profiles.get(None), ocr=False))
    assert not report.overrides
    import subprocess

    from tests.conftest import need_tool

    need_tool("pdftotext")
    text = "".join(subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True,
                                  check=True).stdout for p in (tmp_path / "out").rglob("*.pdf"))
    assert "219-09-9999" not in text
    assert "acknowledged the request" in text  # page 2 was not touched
