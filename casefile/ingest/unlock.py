"""Unlocking an encrypted PDF already in the case, with its password.

An agency sometimes produces a PDF under a password sent separately. The
import stores such a file as it came, flagged encrypted, with no pages read.
Given the password once, :func:`unlock` decrypts the file (in a child
process, under the reading limits: the bytes are the agency's), reads its
pages, and makes the decrypted file the document's content, in one
transaction. The password is used and forgotten: it is written nowhere, not
in the case, a log or a report. The decrypted copy is what CM/ECF accepts
(it rejects encrypted PDFs) and what the window can show.

The store keeps one content per document (no versions), so the encrypted
bytes are replaced, and removed once no document holds them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from casefile import limits
from casefile.errors import InputError, NotFound
from casefile.ingest import kinds
from casefile.ingest.batch import _notes, _PageWriter, _store_privacy, _tracking_numbers
from casefile.ingest.extract import Unreadable
from casefile.ingest.worker import Reader
from casefile.store import blobs, fts
from casefile.store.case import CaseFile
from casefile.store.models import Blob, Document, DocumentPage

WRONG_PASSWORD = "That password does not open this PDF; nothing was changed. Try again."


@dataclass
class Unlocked:
    document_id: int
    pages: int
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        extra = f" ({'; '.join(self.notes)})" if self.notes else ""
        return (f"Unlocked document {self.document_id}: {self.pages:,} "
                f"page{'s' if self.pages != 1 else ''} read{extra}.")


def name_of(case: CaseFile, document_id: int) -> str:
    """The document's name as the lists show it (where it came from, else its file name)."""
    with case.reading() as s:
        document = s.get(Document, document_id)
        if document is None:
            raise NotFound(f"There is no document {document_id} in {case.path.name}.")
        return document.origin or document.name


def _decrypt(source: str, target: str, password: str) -> str | None:
    """In the child: ``source`` decrypted into ``target``; None, or why not."""
    import pikepdf

    try:
        with pikepdf.open(source, password=password) as pdf:
            pdf.save(target)  # saved without encryption: pikepdf drops it unless asked
    except pikepdf.PasswordError:
        return WRONG_PASSWORD
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        return f"The PDF could not be decrypted ({str(exc).splitlines()[0][:160]})."
    return None


def unlock(case: CaseFile, document_id: int, password: str, *,
           reader: Reader | None = None) -> Unlocked:
    """Decrypt document ``document_id`` with ``password``, read its pages, and keep
    the decrypted file as its content. A wrong password, a document that is not
    an encrypted PDF, or a file that cannot be read raises InputError and
    changes nothing."""
    from casefile.jobs import call_in_child

    with case.reading() as s:
        document = s.get(Document, document_id)
        if document is None:
            raise NotFound(f"There is no document {document_id} in {case.path.name}.")
        if document.media_type != kinds.PDF or not document.encrypted:
            raise InputError(f"Document {document_id} is not an encrypted PDF; there is "
                             "nothing to unlock.")
        old_blob_id = document.blob_id
    exclude = _tracking_numbers(case)
    own_reader = reader is None
    reader = reader or Reader()
    try:
        with tempfile.TemporaryDirectory(prefix="casefile-unlock-") as tmp:
            locked, opened = Path(tmp) / "locked.pdf", Path(tmp) / "unlocked.pdf"
            with case.reading() as s, locked.open("wb") as out:
                blobs.write_to(s, old_blob_id, out)
            problem = call_in_child(_decrypt, str(locked), str(opened), password,
                                    limits=limits.READING)
            if problem:
                raise InputError(problem)
            sha, _ = blobs.sha256_of_file(opened)
            with case.transaction() as s:
                twin = s.scalar(select(Document.id).join(Blob).where(Blob.sha256 == sha))
                if twin is not None and twin != document_id:
                    raise InputError(f"The unlocked PDF is already in the case as document "
                                     f"{twin}; nothing was changed.")
                document = s.get(Document, document_id)
                _forget_pages(s, document)
                blob, _ = blobs.put_file(s, opened)
                document.blob = blob
                s.flush()
                writer = _PageWriter(s, document, exclude, None)
                try:
                    extraction = reader.extract(kinds.PDF, opened, writer.add, password=None,
                                                ocr=True)
                except Unreadable as exc:
                    raise InputError(f"The unlocked PDF cannot be read ({exc}); nothing was "
                                     "changed.") from None
                numbers = writer.finish()
                document.page_count = extraction.page_count
                document.encrypted = False
                notes = _notes(extraction, writer, numbers, True)
                # Checked for privacy as an import is: the locked file's record said
                # "not checked"; the new content's is stored beside it.
                notes += _store_privacy(s, document.blob_id, extraction)
                s.flush()
                if not s.scalar(select(Document.id).where(Document.blob_id == old_blob_id)):
                    s.execute(delete(Blob).where(Blob.id == old_blob_id))
        return Unlocked(document_id, len(writer.ids), notes)
    finally:
        if own_reader:
            reader.close()


def _forget_pages(s, document: Document) -> None:
    """Remove the pages read before (a PDF with only an owner password is read
    without one) from the table and from the contentless full-text index, which
    needs each row's old values to drop it."""
    pages = s.execute(select(DocumentPage.id, DocumentPage.text)
                      .where(DocumentPage.document_id == document.id)).all()
    if not pages:
        return
    fts.forget_pages(s.connection(),
                     [(page_id, document.name, text or "") for page_id, text in pages])
    s.execute(delete(DocumentPage).where(DocumentPage.document_id == document.id))
