"""Personal data and failed redactions, found in PDFs made for each case
(tests/privacy_corpus.py, expected results beside each), and read as pdfium
reads any PDF a user names."""

from __future__ import annotations

import io

import pikepdf
import pytest

from casefile.privacy.personal import scan_text, ssn_problem
from casefile.privacy.redactions import read
from tests.privacy_corpus import (
    FILED,
    PERSONAL_LINES,
    TABLE_EXPECTED,
    personal_pdf,
    redaction_cases,
    table_pdf,
)

KINDS = {"Social Security number": "ssn", "taxpayer number (ITIN)": "tin",
         "taxpayer number (EIN)": "tin", "birth date": "dob", "birth date of a minor": "minor",
         "name of a minor": "minor", "name of a minor (by age)": "minor", "card number": "card",
         "financial account number": "account", "alien registration number": "anumber",
         "passport number": "passport"}


def kind(finding) -> str:
    return "noted" if not finding.blocking else KINDS[finding.kind]


def personal_findings(pdf: bytes) -> list:
    reading = read(pdf)
    assert not reading.not_checked
    return [f for page in reading.texts for f in scan_text(page.text, page.page, filed=FILED)]


CASES = redaction_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_failed_redaction_is_found_with_its_text_and_no_correct_one_is(case):
    reading = read(case.pdf)
    assert not reading.not_checked
    assert [h.text for h in reading.hidden] == case.expected
    for hidden in reading.hidden:
        assert hidden.page == 1
        x0, y0, x1, y1 = hidden.box
        assert x0 < x1 and y0 < y1


@pytest.mark.parametrize(("line", "expected"), PERSONAL_LINES,
                         ids=[line[:40] for line, _ in PERSONAL_LINES])
def test_each_kind_of_personal_data_is_found_in_a_text_page(line, expected):
    assert sorted(kind(f) for f in personal_findings(personal_pdf([line]))) == sorted(expected)


def test_a_column_headed_birth_gives_its_dates_and_no_other_column():
    found = [(f.text, kind(f)) for f in personal_findings(table_pdf())]
    assert sorted(found) == sorted(TABLE_EXPECTED)


def test_each_finding_gives_the_form_the_rule_allows():
    found = {kind(f): f for f in scan_text(
        "SSN 219-09-9999. DOB: 04/12/1979. Jane Roe, a minor. Card 4111 1111 1111 1111. "
        "A-123-456-789", 3, filed=FILED)}
    assert found["ssn"].allowed == "XXX-XX-9999" and found["ssn"].rule == "FRCP 5.2(a)(1)"
    assert found["dob"].allowed.endswith("1979") and found["dob"].rule == "FRCP 5.2(a)(2)"
    assert found["minor"].allowed == "initials: J.R." and found["minor"].rule == "FRCP 5.2(a)(3)"
    assert found["card"].allowed.endswith("1111") and found["card"].rule == "FRCP 5.2(a)(4)"
    assert found["anumber"].allowed.endswith("6789")
    assert all(f.page == 3 for f in found.values())


@pytest.mark.parametrize(("number", "problem"), [
    ("000-12-3456", "area 000"), ("666-12-3456", "area 666"), ("900-12-3456", "area 9xx"),
    ("123-00-4567", "group 00"), ("123-45-0000", "serial 0000"), ("123-45-6789", None)])
def test_the_ssa_rules_say_which_numbers_cannot_be_social_security_numbers(number, problem):
    assert ssn_problem(*number.split("-")) == problem


def test_a_birth_date_less_than_eighteen_years_before_filing_is_a_minor():
    line = "DOB: 12/08/2008"  # 17 on 7 December 2026; 18 the next day
    assert "minor" in [kind(f) for f in scan_text(line, 1, filed=FILED)]
    assert "minor" not in [kind(f) for f in scan_text("DOB: 12/07/2008", 1, filed=FILED)]


def test_an_encrypted_pdf_is_not_checked_rather_than_clean():
    pdf = pikepdf.open(io.BytesIO(personal_pdf(["SSN 219-09-9999"])))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    reading = read(out.getvalue())
    assert not reading.hidden and not reading.texts
    assert [n.page for n in reading.not_checked] == [None]
    assert "password" in reading.not_checked[0].reason


def test_a_damaged_pdf_is_not_checked_rather_than_clean():
    reading = read(b"%PDF-1.7\nnot really a PDF at all")
    assert [n.page for n in reading.not_checked] == [None]
    assert "damaged" in reading.not_checked[0].reason


def test_a_scanned_page_without_ocr_is_not_checked_rather_than_clean():
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = io.BytesIO()
    Image.new("L", (100, 100), 200).save(image, "PNG")
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawImage(ImageReader(image), 0, 0, 300, 300)
    c.showPage()
    c.drawString(72, 700, "A typed page.")
    c.showPage()
    c.save()
    reading = read(out.getvalue())
    assert [(n.page, "OCR" in n.reason) for n in reading.not_checked] == [(1, True)]
