"""Letters are understood: each agency letter, as email, PDF or Word file, gets the
kind and outcome its words give it, and the kind drives the deadlines."""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from casefile.ingest import import_files
from casefile.ingest.worker import Reader
from casefile.store.case import CaseFile
from casefile.store.models import Correspondence
from tests.letters_corpus.letters import LETTERS, Letter

LETTER_DAY = date(2021, 4, 5)
AGENCY_NAMES = {"DHS": "U.S. Department of Homeland Security",
                "ICE": "U.S. Immigration and Customs Enforcement",
                "CBP": "U.S. Customs and Border Protection",
                "FBI": "Federal Bureau of Investigation",
                "State": "United States Department of State"}


def _plain(letter: Letter) -> str:
    import html
    import re
    if letter.fmt != "html":
        return letter.text
    return html.unescape(re.sub(r"<br>|</p>", "\n", letter.text).replace("<p>", ""))


def _render(letter: Letter, folder: Path) -> Path:
    """The letter as its agency sends it, made by the libraries a sender would use."""
    if letter.fmt in ("eml", "html"):
        message = EmailMessage()
        message["From"] = f"{letter.agency} FOIA <foia@{letter.agency.lower()}.gov>"
        message["To"] = "requester@example.org"
        message["Subject"] = letter.subject
        message["Date"] = format_datetime(datetime(2021, 4, 5, 15, 0, tzinfo=UTC))
        message["Message-ID"] = f"<{letter.name}@{letter.agency.lower()}.gov>"
        if letter.fmt == "html":
            # An HTML-only email, as many agency portals send.
            only = EmailMessage()
            for header in ("From", "To", "Subject", "Date", "Message-ID"):
                only[header] = message[header]
            only.set_content(f"<html><body>{letter.text}</body></html>", subtype="html")
            message = only
        else:
            message.set_content(letter.text)
        path = folder / f"{letter.name}.eml"
        path.write_bytes(bytes(message))
        return path
    head = [AGENCY_NAMES[letter.agency], "", f"{LETTER_DAY:%B} {LETTER_DAY.day}, "
            f"{LETTER_DAY.year}", "", f"Re: {letter.subject}", ""]
    body = _plain(letter).split("\n")
    if letter.fmt == "docx":
        import docx

        document = docx.Document()
        for line in head + body:
            document.add_paragraph(line)
        path = folder / f"{letter.name}.docx"
        document.save(path)
        return path
    from reportlab.lib.pagesizes import letter as page_size
    from reportlab.pdfgen import canvas

    path = folder / f"{letter.name}.pdf"
    pdf = canvas.Canvas(str(path), pagesize=page_size)
    y = 740
    for paragraph in head + body:
        for line in textwrap.wrap(paragraph, 88) or [""]:
            pdf.drawString(60, y, line)
            y -= 14
    pdf.save()
    return path


@pytest.fixture(scope="module")
def corpus_case(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    files = [_render(letter, folder) for letter in LETTERS]
    with CaseFile.create(folder / "letters.casefile", auto_backup=False) as case, \
            Reader() as reader:
        report = import_files(case, files, reader=reader)
        path = case.path
    return path, report


def _reading_of(case: CaseFile, document_id: int) -> tuple[str, str | None]:
    with case.reading() as s:
        for letter in s.scalars(select(Correspondence)):
            if any(a.document_id == document_id for a in letter.attachments):
                return letter.letter_kind or "other", letter.outcome
    return "no letter", None


def test_the_letters_corpus_is_read_at_95_percent_or_better(corpus_case):
    path, report = corpus_case
    assert len(LETTERS) >= 30
    wrong = []
    with CaseFile.open(path) as case:
        for letter, result in zip(LETTERS, report.results, strict=True):
            assert result.status == "added", (letter.name, result.reason)
            got = _reading_of(case, result.document_id)
            if got != (letter.kind, letter.outcome):
                wrong.append((letter.name, letter.fmt, (letter.kind, letter.outcome), got))
    accuracy = 1 - len(wrong) / len(LETTERS)
    print(f"letters corpus: {len(LETTERS) - len(wrong)}/{len(LETTERS)} = {accuracy:.1%}")
    assert accuracy >= 0.95, wrong


def test_each_letter_says_the_phrase_that_decided_it(corpus_case):
    path, report = corpus_case
    with CaseFile.open(path) as case, case.reading() as s:
        for letter in s.scalars(select(Correspondence)):
            if letter.letter_kind not in (None, "other"):
                assert letter.kind_phrase and letter.kind_confidence >= 0.6
                words = " ".join(f"{letter.subject or ''} {letter.body or ''}".split())
                if letter.body:  # an email: the phrase is in its words
                    assert letter.kind_phrase.lower() in words.lower()


def test_a_kind_changed_in_the_letter_editor_is_the_users_and_is_not_read_again(tmp_path):
    from casefile import letters
    from casefile.matter import add_agency
    from casefile.requests import add_correspondence, add_request, update_correspondence
    from casefile.store.models import CorrespondenceKind, Direction

    with CaseFile.create(tmp_path / "edit", auto_backup=False) as case, \
            case.transaction() as s:
        request = add_request(s, add_agency(s, "ICE", "ICE"), "A", "records")
        letter = add_correspondence(s, Direction.INCOMING, date(2021, 3, 5), None,
                                    requests=[request],
                                    body="This acknowledges receipt of your FOIA request.")
        assert (letter.letter_kind, letter.kind_by_user) == ("acknowledgment", False)
        update_correspondence(s, letter, kind=CorrespondenceKind.DETERMINATION,
                              outcome="no_records")
        assert (letter.letter_kind, letter.outcome, letter.kind_by_user) == (
            "determination", "no_records", True)
        assert letters.apply(letter) is None
        assert letter.kind is CorrespondenceKind.DETERMINATION


def test_a_pdf_of_records_without_a_salutation_does_not_become_a_letter(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "release.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(60, 740, "March 3, 2021")
    pdf.drawString(60, 720, "Memorandum: 40 pages are released in part; the rest withheld in full.")
    pdf.save()
    with CaseFile.create(tmp_path / "records", auto_backup=False) as case, Reader() as reader:
        result = import_files(case, [path], reader=reader).results[0]
        with case.reading() as s:
            assert result.status == "added"
            assert s.scalars(select(Correspondence)).first() is None
