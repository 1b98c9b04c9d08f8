"""What a user may say of a stored document: its title, and whether it is privileged.

A document's bytes, name and pages are what was imported (casefile.ingest);
they are not edited here. Privilege and work product keep a document out of
what is shared (the exhibits check them before a bundle is built).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile import edits
from casefile.edits import known, text_or_none
from casefile.store.models import CorrespondenceDocument, Document, DocumentPage

FIELDS = frozenset({"title", "privileged", "work_product"})


def update_document(session: Session, document: Document, **changes) -> Document:
    """Change the given fields of a document (``None`` clears the title)."""
    known(changes, FIELDS, "A document")
    if "title" in changes:
        changes["title"] = text_or_none(changes["title"])
    for name in ("privileged", "work_product"):
        if name in changes:
            changes[name] = bool(changes[name])
    for name, value in changes.items():
        setattr(document, name, value)
    edits.flush(session)
    return document


@dataclass
class Preview:
    """What the window shows of a document: its name, kind, bytes as they are now
    (the redacted version, if one was made) and each page's Bates number."""

    name: str
    media_type: str
    data: bytes
    bates: dict[int, str] = field(default_factory=dict)


def preview(session: Session, document_id: int) -> Preview | None:
    """The document to show, or None when it is no longer in the case."""
    from casefile.privacy.versions import current_blob_id
    from casefile.store import blobs

    document = session.get(Document, document_id)
    if document is None:
        return None
    bates = dict(session.execute(select(DocumentPage.page_no, DocumentPage.bates).where(
        DocumentPage.document_id == document_id, DocumentPage.bates.is_not(None))).all())
    return Preview(document.origin or document.name, document.media_type,
                   blobs.read_bytes(session, current_blob_id(session, document)), bates)


def first_attachment(session: Session, letter_id: int) -> int | None:
    """The document first attached to a letter (None: it has none)."""
    return session.scalar(select(CorrespondenceDocument.document_id)
                          .where(CorrespondenceDocument.correspondence_id == letter_id)
                          .order_by(CorrespondenceDocument.position).limit(1))
