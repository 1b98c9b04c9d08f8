"""One check of a PDF or a case document for what must not reach the court:
personal data in its text and text under its redaction boxes.

A page that could not be read is listed in ``not_checked`` with the reason;
the check never calls such a page clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casefile.privacy import personal
from casefile.privacy.redactions import Hidden, NotChecked, read


@dataclass
class PrivacyReport:
    name: str = ""
    pages: int = 0
    hidden: list[Hidden] = field(default_factory=list)
    personal: list[personal.Finding] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    without_text: list[int] = field(default_factory=list)  # pages with no text layer

    @property
    def blocking(self) -> list[str]:
        """What stops a filing: each failed redaction and each piece of personal data."""
        return [h.line() for h in self.hidden] + \
            [f.line() for f in self.personal if f.blocking]

    @property
    def noted(self) -> list[str]:
        return [f.line() for f in self.personal if not f.blocking]

    def lines(self) -> list[str]:
        return self.blocking + self.noted + [n.line() for n in self.not_checked]


def check_pdf(data: bytes, *, filed: date | None = None, name: str = "",
              texts: dict[int, str] | None = None) -> PrivacyReport:
    """The PDF ``data`` checked page by page. ``texts``: a page's stored text
    (OCR text included) to read for personal data in place of the file's own
    text layer; a scanned page whose OCR text is stored is then checked."""
    reading = read(data)
    report = PrivacyReport(name, reading.pages, reading.hidden)
    report.without_text = [p.page for p in reading.texts if not p.text.strip()]
    texts = {n: t for n, t in (texts or {}).items() if t and t.strip()}
    report.not_checked = [n for n in reading.not_checked if n.page not in texts]
    if reading.pages == 0 and reading.not_checked:
        return report  # unreadable: not checked, whatever text was stored
    for page in reading.texts:
        text = texts.get(page.page, page.text)
        report.personal += personal.scan_text(text, page.page, filed=filed)
    for number in sorted(set(texts) - {p.page for p in reading.texts}):
        report.personal += personal.scan_text(texts[number], number, filed=filed)
    add_outside(report, reading, filed)
    return report


def add_outside(report: PrivacyReport, reading, filed: date | None) -> None:
    """Bookmarks, notes, metadata and form fields: their personal data, and
    text under a redaction box that survives in them."""
    from casefile.privacy import outside

    found, survived = outside.check(reading.places, report.hidden, reading.dark, filed=filed)
    report.personal += found
    report.hidden = report.hidden + survived


def check_file(path: Path, filed: date | None = None) -> PrivacyReport:
    """``check_pdf`` on a file a user names: run it in a child with the limits
    (``jobs.call_in_child``), since the file may be hostile."""
    from casefile.errors import read_user_file

    return check_pdf(read_user_file(path, "PDF"), filed=filed, name=path.name)


def check_texts(texts: dict[int, str], *, filed: date | None = None, name: str = ""
                ) -> PrivacyReport:
    """A document that is text, not a PDF (an email, a Word file's text): its
    personal data; there are no redaction boxes to look under."""
    report = PrivacyReport(name, len(texts))
    for number, text in sorted(texts.items()):
        report.personal += personal.scan_text(text or "", number, filed=filed)
    return report


def check_document(session, document, filed: date | None = None
                   ) -> tuple[int, PrivacyReport]:
    """What the document is now (``versions.current_blob_id``: its newest
    redacted version, else the import) checked: its blob id and report. The
    import's stored text (OCR text included) is the text of the imported
    bytes only, so a redacted version is read from its own bytes. Reads bytes
    that came from outside: call it in a child (``jobs.in_child``)."""
    from sqlalchemy import select

    from casefile.display import shown
    from casefile.privacy.versions import current_blob_id
    from casefile.store import blobs
    from casefile.store.models import DocumentPage

    blob_id = current_blob_id(session, document)
    name = f"{document.id}: {shown(document.name)}"
    redacted = blob_id != document.blob_id
    texts = {} if redacted else dict(session.execute(
        select(DocumentPage.page_no, DocumentPage.text)
        .where(DocumentPage.document_id == document.id)).all())
    if redacted:
        from casefile.privacy.versions import newest_version

        name += f" (version {newest_version(session, document.id).number}, redacted)"
    data = blobs.read_bytes(session, blob_id)
    if document.media_type == "application/pdf" or data[:5] == b"%PDF-":
        return blob_id, check_pdf(data, filed=filed, name=name, texts=texts)
    if any(t and t.strip() for t in texts.values()):
        return blob_id, check_texts(texts, filed=filed, name=name)
    report = PrivacyReport(name)
    report.not_checked.append(NotChecked(None, "no text was read from it "
                                               "(OCR it, or import it again)"))
    return blob_id, report


def scan_case(case_path: Path, keys: list[str], filed: date | None = None, *,
              progress=None, cancel=None) -> list[PrivacyReport]:
    """Each named document of a case (every document when ``keys`` is empty),
    as it is now, checked: what a child process runs (``jobs.in_child``), the
    case opened read-only; ``cancel`` is checked between documents."""
    from sqlalchemy import select

    from casefile.lookup import by_key
    from casefile.store import CaseFile
    from casefile.store.models import Document

    reports = []
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        if keys:
            documents = [by_key(s, Document, key, Document.name, what="document")
                         for key in keys]
        else:
            documents = list(s.scalars(select(Document).order_by(Document.id)))
        for n, document in enumerate(documents):
            if cancel is not None:
                cancel.check()
            if progress is not None:
                progress(n, len(documents), document.name)
            reports.append(check_document(s, document, filed)[1])
    return reports


def check_documents(case_path: Path, document_ids: list[int], filed: date | None = None, *,
                    progress=None, cancel=None) -> list[tuple[int, int, PrivacyReport]]:
    """``check_document`` of each document named (ids), the case opened
    read-only: what the window runs in a child for the documents the import
    never checked (``stored.unchecked``); the caller stores what it returns:
    (document id, blob id, report) each."""
    from casefile.store import CaseFile
    from casefile.store.models import Document

    done = []
    with CaseFile.open(case_path, read_only=True) as case, case.reading() as s:
        for n, document_id in enumerate(document_ids):
            if cancel is not None:
                cancel.check()
            document = s.get(Document, document_id)
            if document is None:
                continue  # deleted since it was listed
            if progress is not None:
                progress(n, len(document_ids), document.name)
            done.append((document.id, *check_document(s, document, filed)))
    return done
